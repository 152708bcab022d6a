"""`kg build`: read -> parse -> extract -> resolve -> triples -> validate -> emit, for a corpus.

Articles stream through twice: parsed and extracted, their facts kept in a scratch file of the
build's folder; then, once the corpus has decided the identities, made into graphs and
validated. What is held in memory is one batch of articles, the corpus's name groups (each
entity's names, kinds and the articles naming it), each article's MinHash sketch (512 bytes, to
find republished copies), every statement's words and shingles (claims are found once all
articles are read: about 5 kB a statement) and the validation results.
"""

from __future__ import annotations

import os
import pickle
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from os import PathLike
from pathlib import Path
from typing import BinaryIO

from pyoxigraph import RdfFormat, parse
from rdflib import Graph

from kg.errors import ConfigurationError, EmptyBuild
from kg.facts import Article, ArticleFacts, Problem
from kg.output import Output, Staging
from kg.pipeline import Pipeline, ProblemHandler, load
from kg.processes import Inline, OrderedPool, in_batches
from kg.rdf import emit, iri, shacl
from kg.rdf import triples as rdf
from kg.rdf.rudof import RudofValidator
from kg.rdf.void import Fingerprint, RunInfo, dataset_triples
from kg.read.articles import check_input, iter_articles
from kg.resolve import claims, corpus, duplicates, gazetteer
from kg.settings import Settings


@dataclass(frozen=True)
class BuildResult:
    articles: int
    """Articles in the graph."""
    problems: tuple[Problem, ...]
    """Articles, records or files skipped (or read with a warning), and why."""
    report: shacl.Report
    counts: emit.MergedCounts
    files: tuple[Path, ...]
    model: str

    @property
    def conforms(self) -> bool:
        return self.report.conforms


def build(
    paths: Sequence[str | PathLike[str]],
    out_dir: str | PathLike[str],
    settings: Settings | None = None,
    *,
    on_problem: ProblemHandler | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> BuildResult:
    """Build the graph of every article under `paths` into `out_dir`.

    Raises ConfigurationError (model, base IRI, shapes) or InputError (a path that cannot be
    read at all) before anything is written; a bad article is a Problem, never an exception.
    """
    settings = settings or Settings()
    inputs = [Path(p) for p in paths]
    out_dir = Path(out_dir)
    started = datetime.now(UTC)
    minter = iri.Minter(settings.base_iri)
    shapes_dir = settings.shapes or shacl.shapes_dir()
    shapes = shacl.load_shapes(shapes_dir)
    if settings.engine not in shacl.ENGINES:
        raise ConfigurationError(
            f"unknown SHACL engine {settings.engine!r} (one of {', '.join(shacl.ENGINES)})"
        )
    for path in inputs:
        check_input(path)
    problems: list[Problem] = []

    def report_problem(problem: Problem) -> None:
        problems.append(problem)
        if on_problem is not None:
            on_problem(problem)

    # The output folder is checked (writable, no other build in it) before anything loads, and
    # a bad gazetteer fails before the model loads.
    with Output(out_dir) as output:
        if settings.link:
            gazetteer.load(settings.gazetteers)
        with output.staging() as stage:
            pipe = load(settings)
            try:
                count, report, counts = _write(
                    stage,
                    iter_articles(inputs, max_chars=settings.max_chars),
                    pipe=pipe,
                    minter=minter,
                    shapes=shapes,
                    started=started,
                    on_problem=report_problem,
                    on_progress=on_progress,
                )
            except OSError as error:  # disk full, the folder deleted meanwhile
                raise output.unwritable(error, kept=True) from None
            files = stage.commit()
    return BuildResult(
        articles=count,
        problems=tuple(problems),
        report=report,
        counts=counts,
        files=tuple(files),
        model=pipe.model,
    )


def _write(
    stage: Staging,
    items: Iterable[Article | Problem],
    *,
    pipe: Pipeline,
    minter: iri.Minter,
    shapes: Graph,
    started: datetime,
    on_problem: ProblemHandler,
    on_progress: Callable[[int], None] | None,
) -> tuple[int, shacl.Report, emit.MergedCounts]:
    """Every file of the build into `stage`: the articles' graphs, the entities', the claims,
    the merged graph, the dataset's description and the validation report. Raises EmptyBuild
    when no article could be used (and `allow_empty` is not set), before any file is written.

    Two passes: each article is parsed and extracted, its facts kept in a scratch file of the
    build's folder and its entities given to the corpus's identities; once all are read, the
    identities are decided and each article's facts, with them, become its graph, validated."""
    settings = pipe.settings
    known = pipe.gazetteer.digest() if pipe.gazetteer is not None else "no gazetteer"
    fingerprint = Fingerprint(pipe.model, settings.base_iri, known)
    statements = claims.Claims()
    identities = corpus.Identities(pipe.gazetteer)
    copies = duplicates.Copies()
    with tempfile.TemporaryFile(dir=stage.path) as scratch:
        read = 0
        for facts in pipe.pipe(
            _usable(items, on_problem, max_chars=settings.max_chars, limit=settings.limit),
            on_problem=on_problem,
        ):
            pickle.dump(facts, scratch, protocol=pickle.HIGHEST_PROTOCOL)
            identities.add(facts)
            article = facts.article
            copies.add(minter.article(article.id), article.text, article.date)
            read += 1
            if on_progress is not None:
                on_progress(read)
        if read == 0 and not settings.allow_empty:
            raise EmptyBuild(
                f"no article could be used: {stage.output.folder} is left as it was "
                "(--allow-empty writes an empty graph)"
            )
        identities.resolve()
        scratch.seek(0)
        kept = (pickle.load(scratch) for _ in range(read))
        with open(stage.file(emit.GRAPH_NQ), "wb") as nquads:
            count, reports, described = _write_articles(
                kept,
                _Graphs(identities, minter, shapes, settings.engine),
                out=nquads,
                # one batch is made here: starting processes would cost more than it saves
                workers=settings.workers if read > settings.validation_batch else 1,
                batch=settings.validation_batch,
                fingerprint=fingerprint,
                statements=statements,
                on_problem=on_problem,
            )
            entity_quads = rdf.entity_quads(described, minter)
            nquads.write(emit.quads_bytes(entity_quads))
            originals = copies.originals()
            claim_quads = rdf.claim_quads(statements.claims(originals), minter, originals)
            nquads.write(emit.quads_bytes(claim_quads))
    counts = emit.write_merged(stage, article_prefix=minter.article(""))
    run = RunInfo(
        model=pipe.model,
        base_iri=settings.base_iri,
        fingerprint=fingerprint.hexdigest(),
        started=started,
        ended=datetime.now(UTC),
    )
    description = dataset_triples(counts, run, minter)
    emit.write_turtle(description, stage.file(emit.VOID_TTL))
    own = shacl.validate_safely(description, shapes, engine=settings.engine)
    of_claims = shacl.validate_safely(claim_quads, shapes, engine=settings.engine)
    report = shacl.Report.merge([*reports, own, of_claims])
    emit.write_turtle(
        shacl.report_triples(report), stage.file(emit.REPORT_TTL), prefixes={"sh": str(shacl.SH)}
    )
    return count, report, counts


@dataclass(frozen=True)
class _Made:
    """One article's graph, validated, and what the corpus needs of it."""

    data: bytes
    appearances: tuple[claims.Appearance, ...]
    named: tuple[corpus.Described, ...]
    report: shacl.Report


@dataclass
class _Graphs:
    """Each article's graph with the corpus's identities, validated with what the entities
    graph says of the entities it names. Forked worker processes inherit it (with the
    identities); a rudof session is opened in each process that validates."""

    identities: corpus.Identities
    minter: iri.Minter
    shapes: Graph
    engine: str
    _rudof: tuple[int, RudofValidator] | None = None

    def __call__(self, batch: list[ArticleFacts]) -> list[_Made | str]:
        return [self._one(facts) for facts in batch]

    def _one(self, facts: ArticleFacts) -> _Made | str:
        try:
            applied, of_entities = self.identities.resolved(facts)
            graph = emit.quads_bytes(rdf.article_quads(applied, self.minter))
            context = emit.quads_bytes(rdf.entity_quads(of_entities, self.minter))
            appearances = rdf.appearances(applied, self.minter)
        except Exception as error:  # one article's failure never ends the run
            return f"extraction failed: {type(error).__name__}: {error}"
        try:
            report = self._validate(graph + context)
        except Exception as error:
            return f"validation failed: {type(error).__name__}: {error}"
        return _Made(graph, tuple(appearances), tuple(of_entities), report)

    def _validate(self, nquads: bytes) -> shacl.Report:
        if self.engine != "rudof":
            return shacl.validate_quads(parse(nquads, format=RdfFormat.N_QUADS), self.shapes,
                                        engine=self.engine)  # fmt: skip
        if self._rudof is None or self._rudof[0] != os.getpid():
            self._rudof = (os.getpid(), RudofValidator(self.shapes))
        return self._rudof[1].validate_nquads(nquads)


_graphs: _Graphs | None = None
"""What the forked processes that make the articles' graphs inherit."""


def _graphs_of(batch: list[ArticleFacts]) -> list[_Made | str]:
    assert _graphs is not None
    return _graphs(batch)


def _not_made(facts: ArticleFacts, reason: str) -> _Made | str:
    return f"validation failed: {reason}"


def _write_articles(
    facts: Iterable[ArticleFacts],
    graphs: _Graphs,
    *,
    out: BinaryIO,
    workers: int,
    batch: int,
    fingerprint: Fingerprint,
    statements: claims.Claims,
    on_problem: ProblemHandler,
) -> tuple[int, list[shacl.Report], list[corpus.Described]]:
    """Each article's graph (`_Graphs`), made and validated in `workers` processes, to `out`;
    its statements to `statements`. An article whose graph cannot be made or validated is
    reported and left out. Returns how many were written, the reports that found violations,
    and the entities the written articles name."""
    global _graphs
    described: dict[corpus.Described, None] = {}
    written = 0
    reports: list[shacl.Report] = []  # only those with violations: memory stays flat

    _graphs = graphs  # before the processes are forked
    pool: OrderedPool[ArticleFacts, _Made | str] | Inline[ArticleFacts, _Made | str] = (
        OrderedPool(_graphs_of, _not_made, processes=workers, start_method="fork")
        if workers > 1
        else Inline(graphs)
    )
    try:
        with pool:
            for one, graph in in_batches(pool, facts, batch):
                article = one.article
                if isinstance(graph, str):
                    on_problem(Problem(article.source, graph))
                    continue
                out.write(graph.data)
                for appearance in graph.appearances:
                    statements.add(appearance)
                described.update(dict.fromkeys(graph.named))
                if not graph.report.conforms:
                    reports.append(graph.report)
                fingerprint.add(graphs.minter.article(article.id), article.text)
                written += 1
    finally:
        _graphs = None
    return written, reports, list(described)


def _usable(
    items: Iterable[Article | Problem], on_problem: ProblemHandler, *, max_chars: int,
    limit: int | None = None,
) -> Iterator[Article]:  # fmt: skip
    """Articles only, each id once, none too long, the first `limit` of them: the rest goes to
    `on_problem`, and nothing is read after the last one."""
    first_seen: dict[str, str] = {}
    for item in items:
        if isinstance(item, Problem):
            on_problem(item)
        elif len(item.text) > max_chars:
            on_problem(
                Problem(
                    item.source,
                    f"{len(item.text):,} characters, more than --max-chars {max_chars:,}: skipped",
                )
            )
        elif (key := unicodedata.normalize("NFC", item.id)) in first_seen:
            # Ids that differ only in Unicode normalisation (macOS writes file names
            # decomposed) would be one article IRI: the IRI is minted from the NFC form.
            on_problem(
                Problem(
                    item.source,
                    f"duplicate article id {item.id!r} (first read from {first_seen[key]}):"
                    " skipped",
                )
            )
        else:
            first_seen[key] = item.source
            yield item
            if limit is not None and len(first_seen) >= limit:
                return
