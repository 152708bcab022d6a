"""The build: read -> parse -> extract -> resolve -> triples -> validate -> emit.

Articles stream through; what is held in memory is one batch of articles, the entities' names
(to merge them across articles), every statement's words and shingles (claims are found once all
articles are read: about 5 kB a statement) and the validation results.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import chain
from pathlib import Path
from typing import BinaryIO

from kg import (
    claims,
    context,
    emit,
    extract,
    gazetteer,
    iri,
    kinds,
    link,
    names,
    nlp,
    quotes,
    rdf,
    relations,
    resolve,
    validate,
)
from kg.errors import InputError
from kg.facts import Article, ArticleFacts, EntityKind, Problem
from kg.read import iter_articles
from kg.settings import Settings
from kg.void import Fingerprint, RunInfo, dataset_triples

ProblemHandler = Callable[[Problem], None]


@dataclass(frozen=True)
class BuildResult:
    articles: int
    """Articles in the graph."""
    problems: tuple[Problem, ...]
    """Articles, records or files skipped (or read with a warning), and why."""
    report: validate.Report
    counts: emit.MergedCounts
    files: tuple[Path, ...]
    model: str

    @property
    def conforms(self) -> bool:
        return self.report.conforms


def article_facts(parsed: nlp.Parsed, known: gazetteer.Gazetteer | None = None) -> ArticleFacts:
    """Everything kg extracts from one parsed article (linked to `known`, when given)."""
    text = parsed.article.text
    found = chain.from_iterable(
        extract.mentions(doc, text, offset=offset) for offset, doc in parsed.docs
    )
    hints = chain.from_iterable(context.hints(doc, offset=offset) for offset, doc in parsed.docs)
    typed = kinds.vote(found, hints, text, known)
    named = {names.loose_key(m.text): m.kind for m in typed if m.kind is not EntityKind.PERSON}
    taken = [(m.begin, m.end) for m in typed]
    again = chain.from_iterable(
        extract.repeats(doc, text, named, taken, offset=offset) for offset, doc in parsed.docs
    )
    entities = resolve.resolve([*typed, *again])
    if known is not None:
        entities = link.link(entities, known)
    related = chain.from_iterable(
        relations.relations(doc, text, entities, offset=offset) for offset, doc in parsed.docs
    )
    stated = link.plausible(related, entities, known) if known is not None else tuple(related)
    said = chain.from_iterable(
        quotes.statements(doc, text, entities, offset=offset) for offset, doc in parsed.docs
    )
    return ArticleFacts(parsed.article, entities, tuple(said), stated)


def build(
    paths: Sequence[Path],
    out_dir: Path,
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
    started = datetime.now(UTC)
    minter = iri.Minter(settings.base_iri)
    shapes_dir = settings.shapes or validate.shapes_dir()
    shapes = validate.load_shapes(shapes_dir)
    for path in paths:
        if not path.exists():
            raise InputError(f"{path}: no such file or directory")
    known = gazetteer.load(settings.gazetteers)
    problems: list[Problem] = []

    def report_problem(problem: Problem) -> None:
        problems.append(problem)
        if on_problem is not None:
            on_problem(problem)

    # The validating process starts first: it loads while the model does, and is forked from a
    # process that does not hold the model yet.
    with validate.ParallelValidator[Article](shapes_dir) as validator:
        language = nlp.load(settings.model, known)
        model = f"{settings.model} ({nlp.describe(language)})"
        fingerprint = Fingerprint(model, settings.base_iri, known.digest())
        with emit.staging(out_dir) as stage:
            parsed = nlp.parse(
                language,
                _usable(iter_articles(paths), report_problem, max_chars=settings.max_chars),
                batch_size=settings.batch_size,
                workers=settings.workers,
            )
            statements = claims.Claims()
            with open(stage.file(emit.GRAPH_NQ), "wb") as nquads:
                count, reports = _write_articles(
                    parsed,
                    minter,
                    out=nquads,
                    validator=validator,
                    batch=settings.validation_batch,
                    fingerprint=fingerprint,
                    statements=statements,
                    known=known,
                    on_problem=report_problem,
                    on_progress=on_progress,
                )
                claim_quads = rdf.claim_quads(statements.claims(), minter)
                nquads.write(emit.quads_bytes(claim_quads))
            counts = emit.write_merged(stage, article_prefix=minter.article(""))
            run = RunInfo(
                model=model,
                base_iri=settings.base_iri,
                fingerprint=fingerprint.hexdigest(),
                started=started,
                ended=datetime.now(UTC),
            )
            description = dataset_triples(counts, run, minter)
            emit.write_turtle(description, stage.file(emit.VOID_TTL))
            own = validate.validate_safely(validate.to_rdflib(description), shapes)
            of_claims = validate.validate_safely(validate.to_rdflib(claim_quads), shapes)
            report = validate.Report.merge([*reports, own, of_claims])
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


def _write_articles(
    parsed: Iterable[nlp.Parsed],
    minter: iri.Minter,
    *,
    out: BinaryIO,
    validator: validate.ParallelValidator[Article],
    batch: int,
    fingerprint: Fingerprint,
    statements: claims.Claims,
    known: gazetteer.Gazetteer,
    on_problem: ProblemHandler,
    on_progress: Callable[[int], None] | None,
) -> tuple[int, list[validate.Report]]:
    """Each parsed article's graph, validated, to `out`, its statements to `statements`. An
    article that cannot be extracted or validated is reported and left out. Returns how many
    were written, and the reports that found violations."""
    appearances: dict[str, list[claims.Appearance]] = {}
    written = 0
    reports: list[validate.Report] = []  # only those with violations: memory stays flat

    def write(done: list[validate.Validated[Article]]) -> None:
        nonlocal written
        for item in done:
            if isinstance(item.outcome, str):
                on_problem(Problem(item.item.source, f"validation failed: {item.outcome}"))
                appearances.pop(item.item.id, None)
                continue
            out.write(item.data)
            for appearance in appearances.pop(item.item.id, ()):
                statements.add(appearance)
            if not item.outcome.conforms:
                reports.append(item.outcome)
            fingerprint.add(minter.article(item.item.id), item.item.text)
            written += 1
            if on_progress is not None:
                on_progress(written)

    pending: list[tuple[Article, bytes]] = []
    for parsed_article in parsed:
        article = parsed_article.article
        if parsed_article.error:
            on_problem(Problem(article.source, parsed_article.error))
            continue
        try:
            facts = article_facts(parsed_article, known)
            pending.append((article, emit.quads_bytes(rdf.article_quads(facts, minter))))
            appearances[article.id] = rdf.appearances(facts, minter)
        except Exception as error:  # one article's failure never ends the run
            on_problem(
                Problem(article.source, f"extraction failed: {type(error).__name__}: {error}")
            )
            continue
        if len(pending) >= batch:
            write(validator.submit(pending))
            pending = []
    if pending:
        write(validator.submit(pending))
    write(validator.finish())
    return written, reports


def _usable(
    items: Iterable[Article | Problem], on_problem: ProblemHandler, *, max_chars: int
) -> Iterator[Article]:
    """Articles only, each id once, none too long: the rest goes to `on_problem`."""
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
