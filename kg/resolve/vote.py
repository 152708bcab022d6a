"""One type per name: the model's labels, the context's hints and the gazetteer vote.

Within an article every mention of a name (case, dots and Arabic-style particles aside:
`Al-Tanf`, `At-Tanf`, `at-Tanf`) gets the kind with the most votes:
- each mention's model label: 1;
- a strong context hint on exactly that stretch (`the X group`, `spokesperson X`): 3;
- a weak one (`in X`): 0.5;
- a gazetteer record that the name alone names: decides, unless it calls a place what the
  article calls a person (`Jordan` the player is not the country); a city's record only
  confirms a place.
A strong hint where the model found nothing adds a mention. Ties keep the first mention's kind.
No spaCy here: hints and mentions come in, mentions go out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from kg.facts import EntityKind, Hint, Mention
from kg.resolve import names
from kg.resolve.gazetteer import Gazetteer, Record

MODEL = 1.0
"""A mention's own label from the model."""
STRONG = 3.0
"""A strong context hint on exactly the mention's stretch."""
WEAK = 0.5
"""A weak context hint (`in X`)."""


def vote(
    mentions: Iterable[Mention],
    hints: Iterable[Hint],
    text: str,
    gazetteer: Gazetteer | None = None,
) -> list[Mention]:
    """The article's mentions, each with its name's kind, plus those strong hints add."""
    found = sorted(mentions, key=lambda m: (m.begin, m.end))
    spans = {(m.begin, m.end) for m in found}
    on_span: dict[tuple[int, int], list[Hint]] = defaultdict(list)
    added: dict[tuple[int, int], Mention] = {}
    for hint in sorted(hints, key=lambda h: (h.begin, h.end, h.rule)):
        span = (hint.begin, hint.end)
        on_span[span].append(hint)
        if span in spans or span in added or not hint.strong:
            continue
        nests = hint.rule == "body" and not _crosses(span, [*found, *added.values()])
        if nests or (not _overlaps(span, found) and not _overlaps(span, added.values())):
            added[span] = Mention(hint.begin, hint.end, text[hint.begin : hint.end], hint.kind,
                                  f"kg:{hint.rule}")  # fmt: skip
    everything = sorted([*found, *added.values()], key=lambda m: (m.begin, m.end))

    keys = [names.loose_key(m.text) for m in everything]
    groups: dict[str, list[Mention]] = defaultdict(list)
    for key, mention in zip(keys, everything, strict=True):
        groups[key].append(mention)
    kind_of: dict[str, EntityKind] = {}
    for key, group in groups.items():
        scores: dict[EntityKind, float] = defaultdict(float)
        for mention in group:
            if not mention.label.startswith("kg:"):
                scores[mention.kind] += MODEL
            for hint in on_span.get((mention.begin, mention.end), ()):
                scores[hint.kind] += STRONG if hint.strong else WEAK
        # max() keeps the first of equals: the mentions' own kinds first, in order.
        candidates = dict.fromkeys([*(m.kind for m in group), *scores])
        kind = max(candidates, key=lambda k: scores[k])
        kind_of[key] = agreed(kind, _record(group, gazetteer))
    return [
        m if m.kind is kind_of[key] else _with_kind(m, kind_of[key])
        for key, m in zip(keys, everything, strict=True)
    ]


def agreed(kind: EntityKind, record: Record | None) -> EntityKind:
    """The kind once the gazetteer has spoken: its record's, unless it would make a person a
    place, or the record is a city and the article does not call it a place (`Detroit` the team,
    `Honda` the company: towns lend their names to much)."""
    if record is None or (kind is EntityKind.PERSON and record.kind is EntityKind.PLACE):
        return kind
    if record.is_city and kind is not EntityKind.PLACE:
        return kind
    return record.kind


def _record(group: Sequence[Mention], gazetteer: Gazetteer | None) -> Record | None:
    if gazetteer is None:
        return None
    for text in dict.fromkeys(m.text for m in group):
        record = gazetteer.unique(text)
        if record is not None:
            return record
    return None


def _with_kind(mention: Mention, kind: EntityKind) -> Mention:
    return Mention(mention.begin, mention.end, mention.text, kind, mention.label)


def _overlaps(span: tuple[int, int], mentions: Iterable[Mention]) -> bool:
    return any(m.begin < span[1] and span[0] < m.end for m in mentions)


def _crosses(span: tuple[int, int], mentions: Iterable[Mention]) -> bool:
    """Whether a mention overlaps `span` without lying inside it."""
    return any(
        m.begin < span[1] and span[0] < m.end and not (span[0] <= m.begin and m.end <= span[1])
        for m in mentions
    )
