"""`kg eval`: the statement extractor scored against PolNeAR's attribution gold.

Three views of the same run (scoring rules in `kg.scoring`):
- `all`: every attribution PolNeAR's annotators marked, which includes what people support,
  want, criticise or believe (`Trump wants a wall`), not only what they say;
- `statements`: the attributions of speech, what the graph's Quotations are meant to hold:
  those whose cue is a verb of saying or writing (`kg.lexicon.POLNEAR_SPEECH`, the cue's lemma
  by the same spaCy model), `according to`, a colon, or whose content is in quotation marks;
- `quoted`: those whose content is in quotation marks, against the direct and mixed
  statements found: the task of a quotation extractor such as textacy's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc

from kg.eval import attribution, scoring
from kg.eval.attribution import GoldArticle, GoldAttribution
from kg.facts import Article
from kg.lexicon import POLNEAR_SPEECH
from kg.nlp.parse import Parsed
from kg.pipeline import Pipeline

VIEWS = ("all", "statements", "quoted")


@dataclass
class Evaluation:
    views: dict[str, scoring.Scores] = field(
        default_factory=lambda: {view: scoring.Scores() for view in VIEWS}
    )

    def as_dict(self) -> dict[str, dict[str, float | int]]:
        return {view: scores.as_dict() for view, scores in self.views.items()}


def is_statement(doc: Doc, text: str, gold: GoldAttribution, *, offset: int = 0) -> bool:
    """Whether a gold attribution is one of speech (the `statements` view)."""
    if scoring.is_quoted(text, gold.content):
        return True
    cue_text = " ".join(text[b:e] for b, e in gold.cue).strip().lower()
    if cue_text == ":" or cue_text.startswith("according to"):
        return True
    for begin, end in gold.cue:
        span = doc.char_span(begin - offset, end - offset, alignment_mode="expand")
        if span is not None and any(t.lemma_.lower() in POLNEAR_SPEECH for t in span):
            return True
    return False


Predictor = Callable[[Parsed], Sequence[scoring.Predicted]]
"""A system under test: predictions for one parsed article; raises when it fails on it."""


def kg_statements(pipe: Pipeline) -> Predictor:
    """kg's own statements, as spans to score (as `kg build` extracts them)."""

    def predict(parsed: Parsed) -> list[scoring.Predicted]:
        return scoring.predicted(pipe.extract(parsed))

    return predict


def add_article(
    evaluation: Evaluation,
    gold: GoldArticle,
    parsed: Parsed,
    *,
    predict: Predictor,
    threshold: float = 0.3,
) -> None:
    """Score one parsed gold article into `evaluation`. A system that fails on the article
    (or a parse that failed) counts as finding nothing there, and the article as `failed`."""
    views = evaluation.views
    found: Sequence[scoring.Predicted] = []
    if parsed.error:
        speech = [scoring.is_quoted(gold.text, g.content) for g in gold.attributions]
    else:
        speech = [_is_statement(parsed, gold.text, g) for g in gold.attributions]
    try:
        if parsed.error:
            raise ValueError(parsed.error)
        found = predict(parsed)
    except ValueError:
        for scores in views.values():
            scores.failed += 1
    text, attributions = gold.text, gold.attributions
    scoring.score_article(text, attributions, found, views["all"], threshold=threshold)
    scoring.score_article(
        text, attributions, found, views["statements"], threshold=threshold, keep=speech
    )
    scoring.score_article(
        text, attributions, found, views["quoted"], threshold=threshold, quoted_only=True
    )


def _is_statement(parsed: Parsed, text: str, gold: GoldAttribution) -> bool:
    begin = gold.cue[0][0] if gold.cue else gold.content[0][0]
    pieces = [(offset, doc) for offset, doc in parsed.docs if offset <= begin]
    if not pieces:
        return scoring.is_quoted(text, gold.content)
    offset, doc = pieces[-1]  # the piece the cue starts in
    return is_statement(doc, text, gold, offset=offset)


def gold_articles(root: Path, split: str) -> list[GoldArticle]:
    return list(attribution.read_split(root, split))


def as_article(gold: GoldArticle) -> Article:
    return Article(id=gold.id, text=gold.text, headline=gold.id, source=gold.id)


def evaluate(
    golds: Iterable[GoldArticle],
    pipe: Pipeline,
    *,
    threshold: float = 0.3,
    batch_size: int = 32,
    predict: Predictor | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> Evaluation:
    """Parse every gold article with `pipe`, extract (with `predict`, by default kg's own
    statements), and score."""
    predictor = predict or kg_statements(pipe)
    evaluation = Evaluation()
    by_id: dict[str, GoldArticle] = {}

    def articles() -> Iterator[Article]:
        for gold in golds:
            by_id[gold.id] = gold
            yield as_article(gold)

    for done, parsed in enumerate(pipe.parse(articles(), batch_size=batch_size), 1):
        gold = by_id.pop(parsed.article.id)
        add_article(evaluation, gold, parsed, predict=predictor, threshold=threshold)
        if on_progress is not None:
            on_progress(done)
    return evaluation
