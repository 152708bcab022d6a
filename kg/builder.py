"""`kg build`: read -> parse -> extract -> resolve -> triples -> validate -> emit, for a corpus.

Articles stream through twice: parsed and extracted, their facts kept in a scratch file of the
build's folder; then, once the corpus has decided the identities, made into graphs and
validated. What is held in memory is one batch of articles, the corpus's name groups (each
entity's names, kinds and the articles naming it), each article's MinHash sketch (512 bytes, to
find republished copies), four integers a statement (the statements and their shingles wait
for the claims in an SQLite file of the build's folder: `kg.resolve.claims`) and the
validation results.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from pyoxigraph import Quad, RdfFormat, parse
from rdflib import Graph

from kg import cache, cluster, state
from kg.errors import ConfigurationError, EmptyBuild, OutputError
from kg.facts import Article, Problem
from kg.output import Output, Staging
from kg.pipeline import Pipeline, ProblemHandler, load
from kg.processes import Inline, OrderedPool, Pool, in_batches
from kg.rdf import emit, iri, shacl
from kg.rdf import triples as rdf
from kg.rdf.rudof import RudofValidator
from kg.rdf.void import Fingerprint, RunInfo, dataset_triples
from kg.read.articles import check_input, count_articles, iter_articles
from kg.resolve import claims, corpus, duplicates, gazetteer
from kg.settings import Settings

if TYPE_CHECKING:
    from distributed import Client


@dataclass(frozen=True)
class Progress:
    """Where a build is: its stage, and how far through it (`kg build` shows it on stderr)."""

    stage: str
    """One of STAGES."""
    done: int = 0
    total: int | None = None
    """Articles the stage will have gone through at its end; None when not known (the
    articles in the inputs are counted before parsing, except in web archives)."""


STAGES = ("reading", "parsing", "identities", "graphs", "claims", "writing")
"""A build's stages, in order: counting the inputs' articles, parsing and extracting them,
deciding the corpus's identities, making and validating each article's graph, finding the
claims and copies, writing the merged files."""

ProgressHandler = Callable[[Progress], None]


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
    update: UpdateCounts | None = None
    """What an update (`update=True`) did with the articles; None for a build."""

    @property
    def conforms(self) -> bool:
        return self.report.conforms


def build(
    paths: Sequence[str | PathLike[str]],
    out_dir: str | PathLike[str],
    settings: Settings | None = None,
    *,
    on_problem: ProblemHandler | None = None,
    on_progress: ProgressHandler | None = None,
    update: bool = False,
) -> BuildResult:
    """Build the graph of every article under `paths` into `out_dir`.

    `update`: add the articles to the build already in `out_dir` (`kg build --update`): an
    article whose id it holds is replaced when its content changed and kept as it was when
    not; the result is the build of all of them at once. With no earlier build, a build.

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
    if settings.cluster is not None:
        cluster.check(settings.cluster)
    problems: list[Problem] = []

    def report_problem(problem: Problem) -> None:
        problems.append(problem)
        if on_problem is not None:
            on_problem(problem)

    # The output folder is checked (writable, no other build in it) before anything loads, and
    # a bad gazetteer fails before the model loads.
    with Output(out_dir) as output:
        if update:
            _check_updatable(output)
        if settings.link:
            gazetteer.load(settings.gazetteers)
        with output.staging() as stage, contextlib.ExitStack() as stack:
            client = (  # an unreachable cluster fails before the model loads
                stack.enter_context(cluster.connect(settings.cluster))
                if settings.cluster is not None
                else None
            )
            pipe = load(settings)
            try:
                count, report, counts, done = _write(
                    stage,
                    iter_articles(inputs, max_chars=settings.max_chars),
                    pipe=pipe,
                    minter=minter,
                    shapes=shapes,
                    started=started,
                    on_problem=report_problem,
                    on_progress=on_progress,
                    earlier=(lambda key: _earlier(output, key)) if update else None,
                    total=_count(inputs, settings, on_progress),
                    client=client,
                )
            except OSError as error:  # disk full, the folder deleted meanwhile
                raise output.unwritable(error, kept=True) from None
            stack.close()  # the cluster's workers are stopped before the output is committed
            files = stage.commit()
    return BuildResult(
        articles=count,
        problems=tuple(problems),
        report=report,
        counts=counts,
        files=tuple(files),
        model=pipe.model,
        update=done if update else None,
    )


@dataclass(frozen=True)
class _Earlier:
    """The build an update starts from: its folder and its index."""

    folder: Path
    index: state.Index
    same: bool
    """Made with the same settings (and kg): its facts and graphs can be kept."""


@dataclass(frozen=True)
class _Item:
    """One article on its way to its graph: its facts as a pickle (unpickled where the graph is
    made), and, for an article of the earlier build, its validation's key and place."""

    id: str
    source: str
    content: str
    facts: bytes
    earlier: state.Entry | None = None
    """The article in the earlier build's index, when its facts come from there."""
    at: int = -1
    """Where its facts are in the build's scratch file (`facts` is empty until read)."""


@dataclass(frozen=True)
class _Done:
    """An article's graph as made in a worker; `graph` and `made` None keep the earlier
    build's (its facts and identities are what they were)."""

    text: str
    graph: bytes | None
    """The article's named graph, as N-Quads; None: the earlier build's."""
    made: state.Made | None
    named: tuple[corpus.Described, ...]
    """What the entities graph says of the entities the article names."""


@dataclass(frozen=True)
class UpdateCounts:
    """What an update did with the articles."""

    kept: int = 0
    """Articles of the earlier build taken as they were (not read or parsed again): those not
    given again, and those given again with the same content."""
    replaced: int = 0
    """Articles of the earlier build whose content changed: parsed again."""
    added: int = 0
    """Articles new to the build."""
    reread: int = 0
    """Articles of an earlier build made with other settings or another kg: parsed again from
    the text it kept."""
    remade: int = 0
    """Article graphs made and validated again: new and replaced articles, and those whose
    facts or entities (their types, names or links) the corpus changed; the others are copied
    from the earlier build."""


def _check_updatable(output: Output) -> None:
    """Raises OutputError when the output folder holds a build that cannot be updated."""
    current = output.current()
    if current is None and not (output.folder / emit.GRAPH_NQ).is_file():
        return  # no build yet: the update is a build
    if current is None or state.read_index(current) is None:
        raise OutputError(
            f"{output.folder}: its build does not keep what --update needs (it was made by an "
            "earlier kg, or its .kg folder was changed); build all its articles again, "
            "without --update"
        )


def _earlier(output: Output, key: str) -> _Earlier | None:
    folder = output.current()
    if folder is None:
        return None
    index = state.read_index(folder)
    if index is None:
        return None
    return _Earlier(folder, index, index.settings == key)


def _settings_key(pipe: Pipeline, known: str) -> str:
    settings = pipe.settings
    shapes = [
        hashlib.sha256(p.read_bytes()).hexdigest() for p in shacl.shape_files(settings.shapes)
    ]
    return state.settings_key(
        cache.code().hex(), pipe.model, settings.base_iri, known, settings.engine, *shapes
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
    on_progress: ProgressHandler | None,
    earlier: Callable[[str], _Earlier | None] | None = None,
    total: int | None = None,
    client: Client | None = None,
) -> tuple[int, shacl.Report, emit.MergedCounts, UpdateCounts]:
    """Every file of the build into `stage`: the articles' graphs, the entities', the claims,
    the merged graph, the dataset's description, the validation report, and what an update
    needs (`kg.state`). Raises EmptyBuild when no article could be used (and `allow_empty` is
    not set), before any file is written.

    Two passes: each article is parsed and extracted, its facts kept in a scratch file of the
    build's folder and its entities given to the corpus's identities; once all are read, the
    identities are decided and each article's facts, with them, become its graph, validated.
    An update (`earlier`: the build in place, given the settings' key) parses only the new and
    changed articles, and validates again only the graphs that changed (`_Graphs`). `client`:
    the Dask cluster whose workers parse and make the graphs, instead of this machine's."""
    settings = pipe.settings
    known = pipe.gazetteer.digest() if pipe.gazetteer is not None else "no gazetteer"
    fingerprint = Fingerprint(pipe.model, settings.base_iri, known)
    key = _settings_key(pipe, known)
    before = earlier(key) if earlier is not None else None

    def progress(name: str, done: int = 0, of: int | None = None) -> None:
        if on_progress is not None:
            on_progress(Progress(name, done, of))

    if before is not None and before.same:
        total = None  # how many of them are unchanged is known once they are read
    progress("parsing", 0, total)
    identities = corpus.Identities(pipe.gazetteer)
    copies = duplicates.Copies()
    with tempfile.TemporaryFile(dir=stage.path) as scratch, contextlib.ExitStack() as stack:
        statements = stack.enter_context(claims.Claims(stage.path))
        old = stack.enter_context(open(before.folder / state.FRAMES, "rb")) if before else None
        old_graphs = (
            stack.enter_context(open(before.folder / emit.GRAPH_NQ, "rb")) if before else None
        )
        entries = {e.id: e for e in before.index.entries} if before else {}
        replaced: set[str] = set()
        given: set[str] = set()  # given again unchanged, to a build made with other settings

        def to_parse() -> Iterator[Article]:
            for article in _usable(
                items, on_problem, max_chars=settings.max_chars, limit=settings.limit
            ):
                entry = entries.get(article.id)
                if entry is not None and before is not None:
                    if entry.content != state.content_hash(article):
                        replaced.add(article.id)
                    elif before.same:
                        continue  # given again as it was: kept, not read again
                    else:
                        given.add(article.id)
                yield article
            if before is not None and not before.same and old is not None:
                # made with other settings or another kg: the earlier articles are read again
                for entry in before.index.entries:
                    if entry.id not in replaced and entry.id not in given:
                        yield state.facts_of(state.read_frame(old, entry.facts_at)).article

        parsed: dict[str, _Item] = {}
        """The articles parsed in this build, with the offset of their facts in `scratch`."""
        read = 0
        for facts in pipe.pipe(to_parse(), on_problem=on_problem, cluster=client):
            article = facts.article
            data = state.dumps(facts)
            at = state.write_frame(scratch, data)
            content = state.content_hash(article)
            parsed[article.id] = _Item(article.id, article.source, content, b"", at=at)
            if before is None:
                identities.add(facts)
                copies.add(minter.article(article.id), article.text, article.date)
            read += 1
            progress("parsing", read, total)

        def scratched(item: _Item) -> _Item:
            return replace(item, facts=state.read_frame(scratch, item.at))

        def plan() -> Iterator[_Item]:
            """The build's articles in order: the earlier build's (each in its place, the
            replaced ones with their new content), then the new ones."""
            for entry in before.index.entries if before is not None else ():
                if entry.id in parsed:
                    yield scratched(parsed[entry.id])
                elif before is not None and before.same and old is not None:
                    facts = state.read_frame(old, entry.facts_at)
                    yield _Item(entry.id, entry.source, entry.content, facts, entry)
            for item in parsed.values():
                if item.id not in entries:
                    yield scratched(item)

        total = read
        if before is not None:
            progress("identities")
            total = 0
            for item in plan():
                facts = state.facts_of(item.facts)
                identities.add(facts)
                article = facts.article
                copies.add(minter.article(article.id), article.text, article.date)
                total += 1
        if total == 0 and not settings.allow_empty:
            raise EmptyBuild(
                f"no article could be used: {stage.output.folder} is left as it was "
                "(--allow-empty writes an empty graph)"
            )
        progress("identities")
        identities.resolve()
        progress("graphs", 0, total)
        with open(stage.file(emit.GRAPH_NQ), "wb") as nquads, \
                state.Writer(stage.path, key) as kept:  # fmt: skip
            count, reports, described, remade = _write_articles(
                plan() if before is not None else (scratched(i) for i in parsed.values()),
                _Graphs(identities, minter, shapes, settings.engine),
                out=nquads,
                kept=kept,
                earlier=(old, old_graphs) if old is not None and old_graphs is not None else None,
                # one batch is made here: starting processes would cost more than it saves
                workers=(
                    1
                    if total <= settings.validation_batch
                    else cluster.workers(client)
                    if client is not None
                    else settings.workers
                ),
                batch=settings.validation_batch,
                fingerprint=fingerprint,
                statements=statements,
                on_problem=on_problem,
                on_made=lambda done: progress("graphs", done, total),
                client=client,
            )
            kept.close()
            progress("claims")
            entity_quads = rdf.entity_quads(described, minter)
            nquads.write(emit.quads_bytes(entity_quads))
            originals = copies.originals()
            of_claims = _write_claims(
                statements.iter_claims(originals), originals, minter, nquads,
                shapes, engine=settings.engine,
            )  # fmt: skip
    carried = before is not None and before.same
    done = UpdateCounts(
        kept=len(entries.keys() - parsed.keys()) if carried else 0,
        replaced=len(replaced & parsed.keys()),
        added=len(parsed.keys() - entries.keys()),
        remade=remade,
        reread=0 if carried else len(entries.keys() & parsed.keys() - replaced),
    )
    progress("writing")
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
    of_entities = _validate_entities(entity_quads, shapes, engine=settings.engine)
    report = shacl.Report.merge([*reports, own, *of_claims, *of_entities])
    emit.write_turtle(
        shacl.report_triples(report), stage.file(emit.REPORT_TTL), prefixes={"sh": str(shacl.SH)}
    )
    return count, report, counts, done


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

    def __call__(self, batch: list[_Item]) -> list[_Done | str]:
        return [self._one(item) for item in batch]

    def _one(self, item: _Item) -> _Done | str:
        try:
            facts = state.facts_of(item.facts)
            applied, of_entities = self.identities.resolved(facts)
            key = state.made_key(applied, of_entities)
            if item.earlier is not None and item.earlier.key == key:
                return _Done(facts.article.text, None, None, tuple(of_entities))
            graph = emit.quads_bytes(rdf.article_quads(applied, self.minter))
            # What the shapes check of an article needs of its entities: their types, names
            # and links. Their other names, which each new article may add to, are checked
            # once, in the entities graph (`_write`).
            context = emit.quads_bytes(rdf.entity_quads(state.without_other_names(of_entities),
                                                        self.minter))  # fmt: skip
            appearances = rdf.appearances(applied, self.minter)
        except Exception as error:  # one article's failure never ends the run
            return f"extraction failed: {type(error).__name__}: {error}"
        try:
            report = self._validate(graph + context)
        except Exception as error:
            return f"validation failed: {type(error).__name__}: {error}"
        made = state.Made(key, tuple(appearances), report)
        return _Done(facts.article.text, graph, made, tuple(of_entities))

    def _validate(self, nquads: bytes) -> shacl.Report:
        if self.engine != "rudof":
            return shacl.validate_quads(parse(nquads, format=RdfFormat.N_QUADS), self.shapes,
                                        engine=self.engine)  # fmt: skip
        if self._rudof is None or self._rudof[0] != os.getpid():
            self._rudof = (os.getpid(), RudofValidator(self.shapes))
        return self._rudof[1].validate_nquads(nquads)


_graphs: _Graphs | None = None
"""What the forked processes that make the articles' graphs inherit."""


ENTITY_BATCH = 500
"""Entities validated at a time: what the shapes check of an entity is in its own triples, and
validating them all at once costs memory with the corpus (500 MB for 13,000 entities)."""


CLAIM_BATCH = 2_000
"""Claims written and validated at a time: a corpus of millions of statements has hundreds of
thousands of claims, read one at a time from the claims' file."""


def _write_claims(
    found: Iterable[claims.Claim], originals: dict[str, str], minter: iri.Minter,
    nquads: BinaryIO, shapes: Graph, *, engine: str,
) -> list[shacl.Report]:  # fmt: skip
    """The claims graph written to `nquads` (the copies, then `CLAIM_BATCH` claims at a time),
    and its validation: one report for each batch."""
    pending = iter(found)
    reports = []
    batch = list(itertools.islice(pending, CLAIM_BATCH))
    quads = rdf.claim_quads(batch, minter, originals)  # the first batch says which are copies
    while True:
        nquads.write(emit.quads_bytes(quads))
        reports.append(shacl.validate_safely(quads, shapes, engine=engine))
        if len(batch) < CLAIM_BATCH:
            return reports
        batch = list(itertools.islice(pending, CLAIM_BATCH))
        if not batch:
            return reports
        quads = rdf.claim_quads(batch, minter)


def _validate_entities(quads: list[Quad], shapes: Graph, *, engine: str) -> list[shacl.Report]:
    """The entities graph validated `ENTITY_BATCH` entities at a time."""
    by_entity: dict[str, list[Quad]] = {}
    for quad in quads:
        by_entity.setdefault(str(quad.subject), []).append(quad)
    groups = list(by_entity.values())
    return [
        shacl.validate_safely(
            [q for group in groups[i : i + ENTITY_BATCH] for q in group], shapes, engine=engine
        )
        for i in range(0, len(groups), ENTITY_BATCH)
    ]


def _graphs_of(batch: list[_Item]) -> list[_Done | str]:
    assert _graphs is not None
    return _graphs(batch)


def _graphs_on_worker(graphs: _Graphs, batch: list[_Item]) -> list[_Done | str]:
    return cluster.serially(graphs, batch)


def _not_made(item: _Item, reason: str) -> _Done | str:
    return f"validation failed: {reason}"


def _write_articles(
    items: Iterable[_Item],
    graphs: _Graphs,
    *,
    out: BinaryIO,
    kept: state.Writer,
    earlier: tuple[BinaryIO, BinaryIO] | None,
    workers: int,
    batch: int,
    fingerprint: Fingerprint,
    statements: claims.Claims,
    on_problem: ProblemHandler,
    on_made: Callable[[int], None],
    client: Client | None = None,
) -> tuple[int, list[shacl.Report], list[corpus.Described], int]:
    """Each article's graph (`_Graphs`), made and validated in `workers` processes, to `out`
    (or the earlier build's, read from `earlier`'s records and graph.nq, when what it is made
    from is unchanged);
    its statements to `statements`, its facts and graph to `kept`. An article whose graph
    cannot be made or validated is reported and left out. Returns how many were written, the
    reports that found violations, the entities the written articles name, and how many
    graphs were made and validated (not taken from the earlier build)."""
    global _graphs
    described: dict[corpus.Described, None] = {}
    written = remade = 0
    reports: list[shacl.Report] = []  # only those with violations: memory stays flat

    _graphs = graphs  # before the processes are forked
    pool: Pool[_Item, _Done | str]
    if workers == 1:
        pool = Inline(graphs)
    elif client is not None:
        # The identities go to every worker once, not with each batch.
        pool = cluster.DaskPool(
            _graphs_on_worker, _not_made, client, args=(cluster.share(client, graphs),)
        )
    else:
        pool = OrderedPool(_graphs_of, _not_made, processes=workers, start_method="fork")
    try:
        with pool:
            for seen, (item, done) in enumerate(in_batches(pool, items, batch), 1):
                on_made(seen)
                if isinstance(done, str):
                    on_problem(Problem(item.source, done))
                    continue
                if done.made is None or done.graph is None:
                    assert item.earlier is not None and earlier is not None
                    frames, graphs_file = earlier
                    data = state.read_frame(frames, item.earlier.made_at)
                    made = state.made_of(data)
                    graphs_file.seek(item.earlier.graph_at)
                    graph = graphs_file.read(item.earlier.graph_size)
                else:
                    made, data, graph = done.made, state.dumps(done.made), done.graph
                    remade += 1
                at = out.tell()
                out.write(graph)
                for appearance in made.appearances:
                    statements.add(appearance)
                described.update(dict.fromkeys(done.named))
                if not made.report.conforms:
                    reports.append(made.report)
                fingerprint.add(graphs.minter.article(item.id), done.text)
                entry = (item.id, item.source, item.content, made.key)
                kept.add(entry, item.facts, data, (at, len(graph)))
                written += 1
    finally:
        _graphs = None
    return written, reports, list(described), remade


def _count(
    inputs: Sequence[Path], settings: Settings, on_progress: ProgressHandler | None
) -> int | None:
    """How many articles the inputs hold, at most (`count_articles`), for the progress line;
    None when nobody is shown it."""
    if on_progress is None:
        return None
    on_progress(Progress("reading"))
    found = count_articles(inputs)
    if found is not None and settings.limit is not None:
        found = min(found, settings.limit)
    return found


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
