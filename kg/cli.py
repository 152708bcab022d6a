"""The `kg` command. The only place that prints, and that turns errors into exit codes.

Exit codes: 0 all good; 1 the graph does not conform, or some articles were skipped;
2 usage or configuration error (bad option, unknown model, unreadable path); 130 interrupted
(Ctrl-C), 143 terminated (SIGTERM).
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from kg import __version__
from kg.errors import EmptyBuild, Interrupted, KgError
from kg.facts import Problem
from kg.settings import DEFAULT_BASE_IRI, DEFAULT_MODEL, Settings

if TYPE_CHECKING:
    from kg.builder import Progress
    from kg.rdf.shacl import Report

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
DEFAULTS = Settings()
F = TypeVar("F", bound=Callable[..., Any])


class CliError(click.ClickException):
    """A library error as every command reports it: `Error: <what>` on stderr, exit code 2
    (usage or configuration: nothing was written)."""

    exit_code = EXIT_USAGE


def _count_option(name: str, default: int, help_text: str) -> Callable[[F], F]:
    return click.option(name, type=click.IntRange(1), default=default, show_default=True,
                        help=help_text)  # fmt: skip


_shapes_option = click.option(
    "--shapes",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder of SHACL shapes to validate with instead of kg's own.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """Build a linked-data knowledge graph of the people, organisations, places and
    statements in news articles."""
    # SIGTERM (timeout, docker stop, systemd, Kubernetes) ends a build as Ctrl-C does: the
    # build's unfinished files are removed, the previous output stays.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _interrupt)


_received: list[int] = []
"""Signals received: a library may swallow the exception raised for one (spaCy's model lookup
catches everything while it imports the model's package), so the CLI checks this too."""


def _interrupt(signum: int, frame: object) -> None:
    _received.append(signum)
    # The build's worker processes (--workers) would be joined while they block on a full
    # pipe: they are stopped first, so that the build ends within seconds.
    import multiprocessing

    for child in multiprocessing.active_children():
        child.kill()
    raise Interrupted(signum)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Folder to write the graph files into.",
)
@click.option(
    "--model",
    default=DEFAULT_MODEL,
    show_default=True,
    help="An installed spaCy pipeline (package name or path).",
)
@click.option(
    "--base-iri",
    default=DEFAULT_BASE_IRI,
    show_default=True,
    help="Namespace every minted IRI starts with; use one you control.",
)
@click.option(
    "--workers",
    type=click.IntRange(1),
    default=None,
    help="Processes that parse, extract and validate.  [default: one per core]",
)
@click.option(
    "--cluster",
    metavar="ADDRESS",
    help="Parse, extract and validate on a Dask cluster instead of this machine's processes: "
    "a scheduler's address (tcp://HOST:8786) or scheduler file (.json), or local[:N] for a "
    "local cluster of N worker processes. The output is the same bytes. See docs/scale.md.",
)
@click.option(
    "--engine",
    type=click.Choice(["rudof", "pyshacl"]),
    default=DEFAULTS.engine,
    show_default=True,
    help="SHACL engine that validates every article: rudof (Rust) or pySHACL (the reference; "
    "slower, the same report).",
)
@_count_option("--batch-size", DEFAULTS.batch_size, "Articles per spaCy batch.")
@_count_option(
    "--max-chars", DEFAULTS.max_chars, "Skip (and report) articles longer than this (characters)."
)
@click.option(
    "--gazetteer",
    "gazetteers",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Names to link (CSV: name, aliases, type, iri; or Turtle), added to kg's own; "
    "repeatable. See docs/linking.md.",
)
@click.option(
    "--allow-empty",
    is_flag=True,
    help="Write the output even when no article could be used (else the previous is kept).",
)
@_shapes_option
@click.option(
    "--limit", type=click.IntRange(1), metavar="N",
    help="Build the first N usable articles of the inputs only (a trial run).",
)  # fmt: skip
@click.option(
    "--update", is_flag=True,
    help="Add PATHS to the build in OUTPUT: new articles are added, one whose content changed "
    "replaces its earlier version, the rest is kept without being read again. The result is "
    "the build of all the articles at once.",
)  # fmt: skip
@click.option("-q", "--quiet", is_flag=True,
              help="No progress and no warnings on stderr (skipped articles and errors are "
              "still named).")  # fmt: skip
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Also the settings at the start and each stage's time at its end.",
)
def build(
    paths: tuple[Path, ...],
    out_dir: Path,
    model: str,
    base_iri: str,
    workers: int | None,
    cluster: str | None,
    engine: str,
    batch_size: int,
    max_chars: int,
    gazetteers: tuple[Path, ...],
    allow_empty: bool,
    shapes: Path | None,
    limit: int | None,
    update: bool,
    quiet: bool,
    verbose: bool,
) -> None:
    """Build the graph of the articles in PATHS (files or folders) into OUTPUT.

    The graph holds the people, organisations and places each article names (linked with
    owl:sameAs to Wikidata and GeoNames where a gazetteer is sure), the relations its sentences
    state (jobTitle, worksFor, memberOf, containedInPlace, each with the sentence as evidence),
    what they are quoted saying (schema:Quotation, with speaker and cue), and the statements
    several articles print (schema:Claim).

    Reads .txt articles (headline first), .jsonl/.csv corpora (also .gz), web pages
    (.html/.htm, also .gz: the article's text, title, date, authors and site, extracted with
    trafilatura) and web archives (.warc, .warc.gz); nothing is fetched. --update adds PATHS
    to the build already in OUTPUT (see --update below). Writes
    graph.ttl, graph.jsonld (+ context.jsonld), graph.nq (one named graph per article),
    void.ttl and validation-report.ttl. Exits 0 when every article was used and the graph
    conforms to the shapes, 1 when articles were skipped or the graph does not conform,
    2 on a usage or configuration error, 130 or 143 when interrupted (the previous output
    is then left as it was). Bad articles are named on stderr and never stop the build; a
    build in which no article could be used keeps the previous output (exit 1) unless
    --allow-empty. The output folder is locked for the build: a second build into it exits 2.
    """
    from kg.builder import build as run_build

    if quiet and verbose:
        raise click.UsageError("choose one of --quiet and --verbose")
    progress = _Progress(quiet=quiet, verbose=verbose)

    def show(problem: Problem) -> None:
        if quiet and not problem.skipped:
            return
        progress.interrupt()
        what = "skipped" if problem.skipped else "warning"
        click.echo(f"{what} {problem.source}: {problem.message}", err=True)

    settings = Settings(
        model=model, base_iri=base_iri, workers=workers or DEFAULTS.workers, engine=engine,
        batch_size=batch_size,
        max_chars=max_chars, shapes=shapes, gazetteers=gazetteers, allow_empty=allow_empty,
        limit=limit, cluster=cluster,
    )  # fmt: skip
    if verbose:
        from kg.cluster import describe

        where = describe(cluster) if cluster else f"{settings.workers} workers"
        click.echo(
            f"kg {__version__}: model {model}, {where}, engine {engine}, "
            f"base IRI {base_iri}" + (", --update" if update else ""),
            err=True,
        )
    try:
        try:
            result = run_build(
                list(paths), out_dir, settings, on_problem=show,
                on_progress=None if quiet else progress,  # quiet: the inputs are not counted
                update=update,
            )  # fmt: skip
        finally:
            progress.close()
    except EmptyBuild as error:
        if _received:  # the error came of a signal that a library swallowed
            _stopped(out_dir, _received[0], committed=False)
        click.echo(f"Error: {error}", err=True)
        sys.exit(EXIT_PROBLEMS)
    except KgError as error:
        if _received:
            _stopped(out_dir, _received[0], committed=False)
        raise CliError(str(error)) from None
    except Interrupted as stop:
        _stopped(out_dir, stop.signum, committed=stop.committed)
    if _received:  # swallowed on the way, and the build went on to the end
        _stopped(out_dir, _received[0], committed=True)
    counts = result.counts
    skipped = [p for p in result.problems if p.skipped]
    click.echo(
        f"{result.articles} articles, {len(skipped)} skipped; "
        f"{counts.triples} triples, {counts.entities} entities -> {out_dir}"
    )
    if result.update is not None:
        done = result.update
        click.echo(
            f"update: {done.added} added, {done.replaced} replaced, {done.kept} kept as they "
            f"were; {done.remade} article graphs made again"
            + (f"; {done.reread} earlier articles parsed again (other settings or kg)"
               if done.reread else "")
        )  # fmt: skip
    click.echo(f"model: {result.model}")
    _print_report(result.report)
    if not result.conforms or skipped:
        sys.exit(EXIT_PROBLEMS)


@main.command(name="validate")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@_shapes_option
@click.option(
    "--engine",
    type=click.Choice(["pyshacl", "rudof"]),
    default="pyshacl",
    show_default=True,
    help="SHACL engine: pySHACL (the reference, so that a build validated with rudof is "
    "checked by the other engine) or rudof (Rust, what builds use: much faster; the same "
    "verdicts, focus nodes and paths, its own wording of some messages).",
)
def validate_command(files: tuple[Path, ...], shapes: Path | None, engine: str) -> None:
    """Check RDF FILES (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML) against the shapes.

    Prints every violation (focus node, path, message). Exits 0 when every file conforms,
    1 on any violation, 2 when a file cannot be read or parsed.
    """
    from kg.rdf import shacl

    try:
        shapes_graph = shacl.load_shapes(shapes)
        reports = []
        for file in files:
            report = shacl.validate_file(file, shapes_graph, engine=engine)
            click.echo(f"{file}: {'conforms' if report.conforms else 'does not conform'}")
            for violation in report.violations:
                click.echo(f"  {violation}")
            reports.append(report)
    except KgError as error:
        raise CliError(str(error)) from None
    if not all(r.conforms for r in reports):
        sys.exit(EXIT_PROBLEMS)


@main.command(name="export")
@click.argument("output", type=click.Path(path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["parquet", "csv"]), default="parquet",
    show_default=True, help="Parquet keeps types (dates, lists, integers); CSV is UTF-8.",
)  # fmt: skip
@click.option(
    "-o", "--out", "tables_dir", type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the tables  [default: OUTPUT/tables]",
)  # fmt: skip
def export_command(output: Path, fmt: str, tables_dir: Path | None) -> None:
    """Write the graph of the build in OUTPUT as tables for pandas, R or DuckDB.

    Five tables, one file each: articles (outlet, date, headline, authors), entities (kind,
    name, links, counts), mentions (article, entity, offsets, words), statements (speaker, cue,
    kind, words, the claim it belongs to) and claims (speaker, words, outlets). Every row keeps
    the graph's IRIs, so tables join each other and the graph. The folder is replaced as a
    whole: a reader sees the old tables or the new. Run it again after each build.
    """
    from kg import tables
    from kg.rdf.store import Graph, find

    try:
        written = tables.export(Graph(find(output)), tables_dir or output / "tables", fmt)
    except KgError as error:
        raise CliError(str(error)) from None
    counts = ", ".join(f"{count} {name}" for name, count in written.counts.items())
    click.echo(f"{counts} -> {written.folder}")


@main.command()
@click.argument("output", type=click.Path(path_type=Path))
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (another than loopback opens it to the network).",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=7878,
    show_default=True,
    help="Port to listen on (0: any free one; the URL printed says which).",
)
@click.option("--allow-invalid", is_flag=True,
              help="Serve a build whose graph does not conform to the shapes.")  # fmt: skip
def serve(output: Path, host: str, port: int, allow_invalid: bool) -> None:
    """Serve the build in OUTPUT as a read-only SPARQL 1.1 endpoint, until Ctrl-C or SIGTERM.

    Queries go to /query (the SPARQL 1.1 Protocol, GET or POST, as Oxigraph's server answers
    them), over the union of the article graphs as the default graph: the answers of graph.ttl.
    The page at / lists the example queries of docs/queries.md, ready to run. Listens on
    127.0.0.1 unless --host says otherwise. A build that does not conform to the shapes (see
    its validation-report.ttl) is refused unless --allow-invalid. Exits 0 when stopped, 2 when
    the build cannot be read or the address cannot be taken.
    """
    from kg import endpoint, examples
    from kg.rdf.store import Graph, conforms, find

    try:
        build = find(output)
        verdict = conforms(build)
        if verdict is not True and not allow_invalid:
            why = (
                "does not conform to the shapes" if verdict is False else "has no validation report"
            )
            raise CliError(
                f"{output}: the build {why} (see {build.report.name}); "
                "serve it anyway with --allow-invalid"
            )
        graph = Graph(build)
        server = endpoint.Endpoint((host, port), graph, examples.load())
    except KgError as error:
        raise CliError(str(error)) from None
    except OSError as error:
        raise CliError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    click.echo(f"SPARQL endpoint over {output} ({len(graph):,} triples): {server.url}query")
    click.echo(f"example queries: {server.url}  (Ctrl-C stops)")
    sys.stdout.flush()
    try:
        server.serve_forever()
    except Interrupted:
        pass
    finally:
        server.server_close()
    click.echo("stopped")


@main.command(name="load")
@click.argument("output", type=click.Path(path_type=Path))
@click.option("--endpoint", required=True, metavar="URL",
              help="The store's Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store "
              "(Oxigraph), http://127.0.0.1:3030/DATASET/data (Fuseki), "
              "http://127.0.0.1:8890/sparql-graph-crud-auth (Virtuoso).")  # fmt: skip
@click.option("--user", help="User name for the store; the password is read from the "
              "environment variable KG_STORE_PASSWORD.")  # fmt: skip
def load_command(output: Path, endpoint: str, user: str | None) -> None:
    """Put the build in OUTPUT into a store over the SPARQL 1.1 Graph Store HTTP Protocol.

    One PUT per named graph of graph.nq (each article's, the entities', the claims'): loading
    the same or a newer build again replaces those graphs instead of adding copies; the store's
    other graphs are left alone. Query the store with the union of its graphs as the default
    graph (docs/queries.md). Exits 0 when every graph is in, 2 when the store cannot be reached
    or refuses a graph (the message says how many went in, each whole: load again to finish).
    """
    from kg import gsp
    from kg.rdf.store import find

    credentials = None
    if user is not None:
        password = os.environ.get("KG_STORE_PASSWORD")
        if password is None:
            raise CliError("--user needs the password in the environment variable "
                           "KG_STORE_PASSWORD")  # fmt: skip
        credentials = gsp.Credentials(user, password)
    try:
        loaded = gsp.load(find(output), endpoint, credentials=credentials)
    except KgError as error:
        raise CliError(str(error)) from None
    click.echo(
        f"{loaded.graphs} graphs, {loaded.triples:,} triples -> {endpoint} "
        f"in {loaded.seconds:.1f} s"
    )


@main.command(name="eval")
@click.argument("gold", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--split",
    default="dev",
    show_default=True,
    help="PolNeAR split to score on (train, dev, test); tune on train, report on dev.",
)
@click.option("--model", default=DEFAULT_MODEL, show_default=True, help="spaCy pipeline.")
@click.option(
    "--threshold",
    type=click.FloatRange(0.0, 1.0, min_open=True),
    default=0.3,
    show_default=True,
    help="Overlap match: shared characters as a share of the longer span.",
)
@click.option(
    "--corpora",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="news-quotes gold: the folder holding the articles' texts "
    "(default: GOLD's folder's ../../corpora).",
)
@click.option("--misses", is_flag=True, help="news-quotes gold: list every miss, as score.py.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def eval_command(
    gold: Path,
    split: str,
    model: str,
    threshold: float,
    corpora: Path | None,
    misses: bool,
    as_json: bool,
) -> None:
    """Score kg against annotated gold: PolNeAR's attributions, or a news-quotes file.

    GOLD is PolNeAR's folder (SPLIT/text/*.txt and SPLIT/attributions/*.ann): prints precision,
    recall and F1 of content spans (exact and by overlap) and of cue spans, and speaker
    accuracy, for three views: all attributions, attributions of speech (`statements`), and
    quoted ones (`quoted`). See docs/quotations.md for the definitions.

    GOLD may instead be a news-quotes JSON file (articles annotated exhaustively: statements and
    speakers, entities, statements two outlets print): kg builds the graph of its articles,
    read from --corpora, and prints the figures of the gold's score.py, on the graph as a user
    gets it (entities and their types, statements and speakers, one IRI across articles,
    claims).

    Exits 2 when GOLD is neither.
    """
    if gold.is_file():
        _eval_news(gold, corpora, model, misses=misses, as_json=as_json)
        return
    import json

    from kg.eval import statements as evaluation
    from kg.pipeline import load

    try:
        golds = evaluation.gold_articles(gold, split)
        if not golds:
            raise CliError(f"{gold}: no annotated articles in split {split!r}")
        pipe = load(Settings(model=model))
    except KgError as error:
        raise CliError(str(error)) from None
    progress = _Progress()
    result = evaluation.evaluate(golds, pipe, threshold=threshold, on_progress=progress)
    progress.close()
    scores = result.as_dict()
    if as_json:
        click.echo(json.dumps(scores, indent=2, sort_keys=True))
        return
    click.echo(f"PolNeAR {split}: {len(golds)} articles, overlap >= {threshold:.0%}, {model}")
    click.echo(
        f"{'view':<11}{'gold':>6}{'found':>7}  {'exact P/R/F1':<17}  "
        f"{'overlap P/R/F1':<17}  {'cue F1':>6}  {'speaker':>7}"
    )
    for view, row in scores.items():
        click.echo(
            f"{view:<11}{row['gold']:>6}{row['predicted']:>7}  "
            f"{_prf(row, 'exact'):<17}  {_prf(row, 'overlap'):<17}  "
            f"{row['cue_f1']:>6.3f}  {row['speaker_accuracy']:>7.3f}"
        )


def _stopped(out_dir: Path, signum: int, *, committed: bool) -> NoReturn:
    if committed:
        click.echo(f"interrupted: the new output was already complete in {out_dir}", err=True)
    else:
        click.echo("interrupted: the previous output is left as it was", err=True)
    import threading

    if any(t.name == "QueueFeederThread" and t.is_alive() for t in threading.enumerate()):
        # The queue to the stopped workers holds a thread blocked on a full pipe, which the
        # interpreter would join at exit forever. The output is already cleaned up.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(128 + signum)
    sys.exit(128 + signum)


def _eval_news(
    gold: Path, corpora: Path | None, model: str, *, misses: bool, as_json: bool
) -> None:
    import json

    from kg.builder import build
    from kg.eval import news

    where = corpora or gold.resolve().parent.parent.parent / "corpora"
    progress = _Progress()

    def build_quietly(inputs: Path, output: Path) -> None:
        build([inputs], output, Settings(model=model), on_progress=progress)

    try:
        scores = news.evaluate(gold, where, build_quietly)
    except KgError as error:
        raise CliError(str(error)) from None
    finally:
        progress.close()
    if as_json:
        click.echo(json.dumps(scores.counts, indent=2, sort_keys=True))
        return
    if misses:
        for miss in scores.misses:
            click.echo(f"- {miss}")
    click.echo(
        f"news-quotes {gold.name}: {len(news.read_gold(gold)['documents'])} articles, {model}"
    )
    click.echo(scores.summary())


def _prf(row: dict[str, float | int], name: str) -> str:
    return "/".join(f"{row[f'{name}_{m}']:.3f}" for m in ("precision", "recall", "f1"))


@main.command()
@click.option(
    "--model", default=DEFAULT_MODEL, show_default=True, help="The spaCy pipeline to describe."
)
def info(model: str) -> None:
    """Print kg's version, the spaCy pipeline in use, the gazetteer and the SHACL shapes."""
    from kg.pipeline import load
    from kg.rdf import shacl
    from kg.resolve.gazetteer import CITY_POPULATION

    try:
        pipe = load(Settings(model=model))
        files = shacl.shape_files()
        shapes = shacl.load_shapes()
    except KgError as error:
        raise CliError(str(error)) from None
    known = len(pipe.gazetteer) if pipe.gazetteer is not None else 0
    click.echo(f"kg {__version__}")
    click.echo(f"model: {pipe.model}")
    click.echo(f"pipeline: {', '.join(pipe.language.pipe_names)}")
    click.echo(
        f"gazetteer: {known:,} entities (kg/data/gazetteer.csv and GeoNames cities of "
        f"{CITY_POPULATION:,} people or more)"
    )
    click.echo(
        f"shapes: {len(shacl.node_shapes(shapes))} node shapes from "
        f"{', '.join(str(f) for f in files)}"
    )
    click.echo(f"default base IRI: {DEFAULT_BASE_IRI}")


class _Progress:
    """A build's progress on stderr: on a terminal, one line redrawn in place (the stage, the
    articles done of the total, the rate, the time left), ended with a newline; elsewhere (a
    log, a pipe), that line at every thousand articles. `verbose` adds a line at the end of each
    stage, with its time; `quiet` shows nothing."""

    def __init__(self, *, quiet: bool = False, verbose: bool = False) -> None:
        self.quiet = quiet
        self.verbose = verbose
        self.live = sys.stderr.isatty()
        self.pending_line = False
        self.stage: str | None = None
        self.started = self.shown = time.monotonic()
        self.done = 0
        self.total: int | None = None

    def __call__(self, event: Progress | int) -> None:
        if isinstance(event, int):  # a count of articles parsed (`kg eval`)
            from kg.builder import Progress

            event = Progress("parsing", event)
        if self.quiet:
            return
        now = time.monotonic()
        if event.stage != self.stage:
            self._ended(now)
            self.stage, self.started, self.shown = event.stage, now, 0.0
        self.done, self.total = event.done, event.total
        if self.live and now - self.shown >= 0.5:
            click.echo(f"\r{self._line(now)}\x1b[K", err=True, nl=False)
            self.shown = now
            self.pending_line = True
        elif not self.live and event.done and event.done % 1000 == 0:
            click.echo(self._line(now), err=True)

    def close(self) -> None:
        """End the last stage, and the live line with a newline."""
        self._ended(time.monotonic())
        self.stage = None
        if self.pending_line:
            click.echo("", err=True)
            self.pending_line = False

    def interrupt(self) -> None:
        """Clear the live line, so that a message gets a line of its own (the progress line
        is drawn again at its next step)."""
        if self.pending_line:
            click.echo("\r\x1b[K", err=True, nl=False)
            self.pending_line = False
            self.shown = 0.0

    def _ended(self, now: float) -> None:
        if self.stage is None:
            return
        if self.live and self.pending_line:  # the stage's last count, in place
            click.echo(f"\r{self._line(now)}\x1b[K", err=True, nl=False)
        if self.verbose:
            self.interrupt()
            took = now - self.started
            what = f": {self.done:,} articles" if self.done else ""
            rate = f" ({self.done / took:.1f}/s)" if self.done and took > 0 else ""
            click.echo(f"{self.stage}{what} in {took:.1f} s{rate}", err=True)

    def _line(self, now: float) -> str:
        took = now - self.started
        done, total = self.done, self.total
        parts = [self.stage or ""]
        if total is not None:
            parts.append(f"{done:,}/{total:,} articles")
        elif done:
            parts.append(f"{done:,} articles")
        rate = done / took if done and took > 0 else 0.0
        if rate:
            parts.append(f"{rate:.1f}/s")
        if rate and total is not None and total >= done:
            parts.append(f"{_clock((total - done) / rate)} left")
        return ", ".join(parts)


def _clock(seconds: float) -> str:
    """`1:02:03`, `2:03`: a time left, to the second."""
    minutes, secs = divmod(int(seconds + 0.5), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"


def _print_report(report: Report) -> None:
    if report.conforms:
        click.echo("validation: the graph conforms to the shapes")
        return
    click.echo(f"validation: {len(report.violations)} violations", err=True)
    for violation in report.violations[:20]:
        click.echo(f"  {violation}", err=True)
    if len(report.violations) > 20:
        click.echo(
            f"  ... and {len(report.violations) - 20} more: see validation-report.ttl", err=True
        )
