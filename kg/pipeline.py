"""The build: read -> parse -> extract -> resolve -> triples -> validate -> emit.

Articles stream through; what is held in memory is one batch of articles, the entities' names
(to merge them across articles) and the validation results.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pyoxigraph import RdfFormat, parse

from kg import emit, extract, iri, nlp, rdf, resolve, validate
from kg.facts import Article, ArticleFacts, Problem
from kg.read import iter_articles
from kg.void import RunInfo, dataset_triples, fingerprint

ProblemHandler = Callable[[Problem], None]


@dataclass(frozen=True)
class Settings:
    """What a build is asked to do. Everything that shapes the output is here."""

    model: str = nlp.DEFAULT_MODEL
    base_iri: str = iri.DEFAULT_BASE_IRI
    workers: int = 1
    """Processes for language processing (spaCy's `n_process`)."""
    batch_size: int = 32
    shapes: Path | None = None
    """A folder of SHACL shapes to use instead of kg's own."""
    validation_batch: int = 16
    """Articles sent to the validating process at a time."""


@dataclass(frozen=True)
class BuildResult:
    articles: int
    """Articles in the graph."""
    problems: tuple[Problem, ...]
    """Articles, records or files skipped, and why."""
    report: validate.Report
    counts: emit.MergedCounts
    files: tuple[Path, ...]
    model: str

    @property
    def conforms(self) -> bool:
        return self.report.conforms


def article_facts(doc: object, article: Article) -> ArticleFacts:
    """Everything kg extracts from one parsed article."""
    return ArticleFacts(article, resolve.resolve(extract.mentions(doc, article.text)))  # type: ignore[arg-type]


def build(
    paths: Sequence[Path],
    out_dir: Path,
    settings: Settings = Settings(),
    *,
    on_problem: ProblemHandler | None = None,
) -> BuildResult:
    """Build the graph of every article under `paths` into `out_dir`.

    Raises ConfigurationError (model, base IRI, shapes) or InputError (a path that cannot be
    read at all) before anything is written; a bad article is a Problem, never an exception.
    """
    started = datetime.now(UTC)
    minter = iri.Minter(settings.base_iri)
    shapes_dir = settings.shapes or validate.shapes_dir()
    shapes = validate.load_shapes(shapes_dir)
    language = nlp.load(settings.model)
    model = f"{settings.model} ({nlp.describe(language)})"
    problems: list[Problem] = []

    def report_problem(problem: Problem) -> None:
        problems.append(problem)
        if on_problem is not None:
            on_problem(problem)

    articles = _unique(iter_articles(paths), report_problem)
    digest_parts = [model, settings.base_iri]
    count = 0
    with emit.staging(out_dir) as stage, _Validator(shapes_dir) as validator:
        with open(stage.file(emit.GRAPH_NQ), "wb") as nquads:
            batch: list[bytes] = []
            parsed = nlp.parse(
                language, articles, batch_size=settings.batch_size, workers=settings.workers
            )
            for doc, article in parsed:
                try:
                    facts = article_facts(doc, article)
                    data = emit.quads_bytes(rdf.article_quads(facts, minter))
                except Exception as error:  # one article's failure never ends the run
                    report_problem(
                        Problem(
                            article.source, f"extraction failed: {type(error).__name__}: {error}"
                        )
                    )
                    continue
                nquads.write(data)
                batch.append(data)
                digest_parts.append(minter.article(article.id))
                digest_parts.append(fingerprint(article.text))
                count += 1
                if len(batch) >= settings.validation_batch:
                    validator.submit(batch)
                    batch = []
            if batch:
                validator.submit(batch)
        counts = emit.write_merged(stage, article_prefix=minter.article(""))
        run = RunInfo(
            model=model,
            base_iri=settings.base_iri,
            fingerprint=fingerprint(*digest_parts),
            started=started,
            ended=datetime.now(UTC),
        )
        description = dataset_triples(counts, run, minter)
        emit.write_turtle(description, stage.file(emit.VOID_TTL))
        reports = [*validator.results(), validate.validate(validate.to_rdflib(description), shapes)]
        report = validate.Report.merge(reports)
        emit.write_turtle(
            validate.report_triples(report),
            stage.file(emit.REPORT_TTL),
            prefixes={"sh": str(validate.SH)},
        )
        files = stage.commit()
    return BuildResult(
        articles=count,
        problems=tuple(problems),
        report=report,
        counts=counts,
        files=tuple(files),
        model=model,
    )


def _unique(items: Iterable[Article | Problem], on_problem: ProblemHandler) -> Iterator[Article]:
    """Articles only, each id once: problems and later duplicates go to `on_problem`."""
    first_seen: dict[str, str] = {}
    for item in items:
        if isinstance(item, Problem):
            on_problem(item)
        elif item.id in first_seen:
            on_problem(
                Problem(
                    item.source,
                    f"duplicate article id {item.id!r} (first read from {first_seen[item.id]}):"
                    " skipped",
                )
            )
        else:
            first_seen[item.id] = item.source
            yield item


# Validation runs in a process of its own, beside language processing: pySHACL is pure Python
# and costs about half as much as parsing, so in line it would add half again to a build.
_worker_shapes: object = None


def _init_worker(shapes_dir: Path) -> None:
    global _worker_shapes
    _worker_shapes = validate.load_shapes(shapes_dir)


def _validate_batch(graphs: list[bytes]) -> validate.Report:
    """Each article's graph on its own: it is what the N-Quads file holds as a named graph."""
    return validate.Report.merge(
        validate.validate(
            validate.to_rdflib(parse(data, format=RdfFormat.N_QUADS)),
            _worker_shapes,  # type: ignore[arg-type]
        )
        for data in graphs
    )


@dataclass
class _Validator:
    shapes_dir: Path
    max_pending: int = 4
    _pool: ProcessPoolExecutor | None = None
    _pending: deque[Future[validate.Report]] = field(default_factory=deque)
    _done: list[validate.Report] = field(default_factory=list)

    def __enter__(self) -> _Validator:
        self._pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(self.shapes_dir,),
        )
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._pool is not None
        self._pool.shutdown(wait=True, cancel_futures=True)

    def submit(self, graphs: list[bytes]) -> None:
        assert self._pool is not None
        self._pending.append(self._pool.submit(_validate_batch, graphs))
        while len(self._pending) > self.max_pending:
            self._done.append(self._pending.popleft().result())

    def results(self) -> list[validate.Report]:
        while self._pending:
            self._done.append(self._pending.popleft().result())
        return self._done
