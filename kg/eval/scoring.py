"""Scoring statements against attribution gold (PolNeAR): content, cue and speaker.

Definitions (docs/quotations.md says why):
- Spans are compared after trimming white space, quotation marks and punctuation at their edges
  and a leading `that` (gold content spans often hold the marks and the complementiser).
- Content, **exact**: the same first and last character. **Overlap**: the characters both share
  are at least `threshold` (30%) of the longer of the two. Pairs are matched one to one, the
  largest overlaps first.
- Cue: spans sharing a character, matched one to one.
- Speaker accuracy, over the content pairs matched by overlap whose gold has a source: right when
  the predicted source span shares a character with the gold one, or when any mention of the
  entity the prediction names as speaker does (gold sources are often pronouns).
- The `quoted` subset keeps the gold attributions whose content holds a quotation mark and the
  predictions that are direct or mixed: what a quotation extractor (textacy) is meant to find.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from kg.eval.attribution import GoldAttribution, Ranges
from kg.facts import ArticleFacts, QuoteKind, Statement

_EDGE = set(" \t\r\n\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e,.;:!?()[]\u2014\u2013-\u2026")
_QUOTE_MARKS = set('"“”«»„')


@dataclass(frozen=True)
class Predicted:
    content: Ranges
    cue: Ranges
    source: Ranges
    speaker_mentions: Ranges
    """Every mention of the entity named as speaker (empty when unknown)."""
    quoted: bool
    """Direct or mixed."""


def predicted(facts: ArticleFacts) -> list[Predicted]:
    """The statements of one article's facts, as spans to score."""
    mentions_of = {m: e.mentions for e in facts.entities for m in e.mentions}
    # Statements that share a cue are one attribution (`"A," X said, "B"`): one prediction.
    groups: dict[object, list[Statement]] = {}
    for statement in facts.statements:
        groups.setdefault(statement.cue_phrase or statement, []).append(statement)
    found = []
    for group in groups.values():
        statement = group[0]
        speaker = mentions_of.get(statement.speaker, ()) if statement.speaker else ()
        found.append(
            Predicted(
                content=tuple((s.begin, s.end) for s in group),
                cue=((statement.cue_phrase.begin, statement.cue_phrase.end),)
                if statement.cue_phrase
                else (),
                source=((statement.source.begin, statement.source.end),)
                if statement.source
                else (),
                speaker_mentions=tuple((m.begin, m.end) for m in speaker),
                quoted=any(s.kind is not QuoteKind.INDIRECT for s in group),
            )
        )
    return found


@dataclass
class Counts:
    """True positives, predictions and gold items of one measure."""

    hits: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.hits / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.hits / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Counts) -> None:
        self.hits += other.hits
        self.predicted += other.predicted
        self.gold += other.gold


@dataclass
class Scores:
    articles: int = 0
    exact: Counts = field(default_factory=Counts)
    overlap: Counts = field(default_factory=Counts)
    cue: Counts = field(default_factory=Counts)
    speaker_right: int = 0
    speaker_judged: int = 0
    failed: int = 0
    """Articles the system could not process at all (counted as finding nothing)."""

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.speaker_judged if self.speaker_judged else 0.0

    def as_dict(self) -> dict[str, float | int]:
        out: dict[str, float | int] = {"articles": self.articles, "failed": self.failed}
        for name, counts in (("exact", self.exact), ("overlap", self.overlap), ("cue", self.cue)):
            out[f"{name}_precision"] = round(counts.precision, 4)
            out[f"{name}_recall"] = round(counts.recall, 4)
            out[f"{name}_f1"] = round(counts.f1, 4)
        out["gold"] = self.overlap.gold
        out["predicted"] = self.overlap.predicted
        out["speaker_accuracy"] = round(self.speaker_accuracy, 4)
        out["speaker_judged"] = self.speaker_judged
        return out


def trim(text: str, ranges: Ranges) -> Ranges:
    """Each range without edge white space, marks, punctuation and a leading `that`."""
    out = []
    for begin, end in ranges:
        while begin < end and text[begin] in _EDGE:
            begin += 1
        while end > begin and text[end - 1] in _EDGE:
            end -= 1
        if text[begin : begin + 5].lower() == "that " and end - begin > 5:
            begin += 5
        if end > begin:
            out.append((begin, end))
    return tuple(out)


def _length(ranges: Ranges) -> int:
    return sum(e - b for b, e in ranges)


def _shared(a: Ranges, b: Ranges) -> int:
    return sum(max(0, min(e1, e2) - max(b1, b2)) for b1, e1 in a for b2, e2 in b)


def _match(
    predicted: Sequence[Ranges], gold: Sequence[Ranges], accept: float | None
) -> list[tuple[int, int]]:
    """One-to-one (predicted index, gold index) pairs; `accept` None means any shared char."""
    pairs = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            shared = _shared(p, g)
            if not shared:
                continue
            ratio = shared / max(_length(p), _length(g))
            if accept is None or ratio >= accept:
                pairs.append((ratio, i, j))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    matched = []
    for _, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            matched.append((i, j))
    return matched


def score_article(
    text: str,
    gold: Sequence[GoldAttribution],
    found: Sequence[Predicted],
    scores: Scores,
    *,
    threshold: float = 0.3,
    keep: Sequence[bool] | None = None,
    quoted_only: bool = False,
) -> None:
    """Add one article's counts to `scores`.

    `keep` (one flag a gold attribution) scores a subset of the gold: a prediction that matches
    a gold attribution left out is left out too, neither right nor wrong. `quoted_only` scores
    the `quoted` subset (see the module's doc)."""
    flags = list(keep) if keep is not None else [True] * len(gold)
    if quoted_only:
        flags = [f and is_quoted(text, g.content) for f, g in zip(flags, gold, strict=True)]
        found = [p for p in found if p.quoted]
    gold_content = [trim(text, g.content) for g in gold]
    found_content = [trim(text, p.content) for p in found]
    dropped = {i for i, j in _match(found_content, gold_content, accept=threshold) if not flags[j]}
    gold_idx = [j for j, c in enumerate(gold_content) if c and flags[j]]
    found_idx = [i for i, c in enumerate(found_content) if c and i not in dropped]
    gold_list = [gold[j] for j in gold_idx]
    found_list = [found[i] for i in found_idx]
    gold_content = [gold_content[j] for j in gold_idx]
    found_content = [found_content[i] for i in found_idx]
    scores.articles += 1

    exact_hits = sum(
        1
        for i, j in _match(found_content, gold_content, accept=None)
        if found_content[i][0][0] == gold_content[j][0][0]
        and found_content[i][-1][1] == gold_content[j][-1][1]
    )
    scores.exact.add(Counts(exact_hits, len(found_content), len(gold_content)))
    matched = _match(found_content, gold_content, accept=threshold)
    scores.overlap.add(Counts(len(matched), len(found_content), len(gold_content)))

    found_cues = [p.cue for p in found_list if p.cue]
    gold_cues = [g.cue for g in gold_list if g.cue]
    cue_hits = len(_match(found_cues, gold_cues, accept=None))
    scores.cue.add(Counts(cue_hits, len(found_cues), len(gold_cues)))

    for i, j in matched:
        source = gold_list[j].source
        if not source:
            continue
        scores.speaker_judged += 1
        guess = found_list[i]
        if _shared(guess.source, source) or _shared(guess.speaker_mentions, source):
            scores.speaker_right += 1


def is_quoted(text: str, ranges: Ranges) -> bool:
    return any(c in _QUOTE_MARKS for b, e in ranges for c in text[b:e])
