"""Reading attribution gold (brat) and scoring statements against it."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.eval.attribution import GoldAttribution, read_ann, read_split
from kg.eval.scoring import Predicted, Scores, score_article, trim
from tests.conftest import run_kg

TEXT = (
    'Clinton said that the plan would fail. "We will win," Trump said. '
    "The Post reports that sources are worried."
)
ANN = """T1\tSource 0 7\tClinton
T2\tCue 8 12\tsaid
T3\tContent 13 38\tthat the plan would fail.
T4\tAttribution 8 12\tsaid
E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1
T5\tContent 39 53\t"We will win,"
T6\tSource 54 59\tTrump
T7\tCue 60 64\tsaid
E2\tAttribution:T4 Content:T5 Cue:T7 Source:T6
T8\tSource 66 74\tThe Post
T9\tCue 75 82\treports
T10\tContent 83 99;100 108\tthat sources are
worried.
E3\tAttribution:T4 Content:T10 Cue:T9 Source:T8
#1\tAnnotatorNotes T1\ta note
"""


def test_read_ann_with_discontinuous_and_multiline_spans() -> None:
    found = read_ann(ANN)
    assert [g.content for g in found] == [((13, 38),), ((39, 53),), ((83, 99), (100, 108))]
    assert found[0].source == ((0, 7),) and found[0].cue == ((8, 12),)


@st.composite
def attributions(draw: st.DrawFn) -> list[GoldAttribution]:
    spans = st.lists(
        st.tuples(st.integers(0, 500), st.integers(1, 50)).map(lambda t: (t[0], t[0] + t[1])),
        min_size=1, max_size=3,
    )  # fmt: skip
    return [
        GoldAttribution(tuple(draw(spans)), tuple(draw(spans)), tuple(draw(spans))[:1])
        for _ in range(draw(st.integers(0, 5)))
    ]


@given(attributions(), st.text(alphabet="ab \n", max_size=20))
def test_brat_round_trip(gold: list[GoldAttribution], noise: str) -> None:
    lines, number = [], 0
    for relation, item in enumerate(gold, 1):
        refs = []
        for role, spans in (("Source", item.source), ("Cue", item.cue), ("Content", item.content)):
            if not spans:
                continue
            number += 1
            where = ";".join(f"{b} {e}" for b, e in spans)
            lines.append(f"T{number}\t{role} {where}\t{noise}")  # text may span lines
            refs.append(f"{role}:T{number}")
        lines.append(f"E{relation}\tAttribution:T0 {' '.join(refs)}")
    assert list(read_ann("\n".join(lines) + "\n")) == gold


def test_trim_drops_marks_punctuation_and_that() -> None:
    assert trim(TEXT, ((13, 38),)) == ((18, 37),)
    assert TEXT[slice(*trim(TEXT, ((39, 53),))[0])] == "We will win"


def predicted(*content: tuple[int, int], source: tuple[int, int] | None = None) -> Predicted:
    return Predicted(content, (), (source,) if source else (), (), quoted=True)


def test_scores() -> None:
    gold = read_ann(ANN)
    scores = Scores()
    found = [
        predicted((18, 37), source=(0, 7)),  # exact after trimming, right speaker
        predicted((40, 51), source=(66, 74)),  # exact, wrong speaker
        predicted((0, 10)),  # nothing there
    ]
    score_article(TEXT, gold, found, scores)
    assert (scores.overlap.hits, scores.overlap.predicted, scores.overlap.gold) == (2, 3, 3)
    assert scores.exact.hits == 2
    assert (scores.speaker_right, scores.speaker_judged) == (1, 2)
    assert round(scores.overlap.f1, 3) == 0.667


def test_overlap_needs_thirty_percent_of_the_longer_span() -> None:
    gold = read_ann(ANN)[:1]  # content 18-37 once trimmed: 19 characters
    for end, hits in ((24, 1), (23, 0)):  # 6 of 19 characters is 32%, 5 of 19 is 26%
        scores = Scores()
        score_article(TEXT, gold, [predicted((18, end))], scores)
        assert scores.overlap.hits == hits


def test_a_subset_of_the_gold_leaves_out_what_matches_the_rest() -> None:
    gold = read_ann(ANN)
    scores = Scores()
    found = [predicted((18, 37)), predicted((83, 108))]
    score_article(TEXT, gold, found, scores, keep=[True, False, False])
    assert (scores.overlap.hits, scores.overlap.predicted, scores.overlap.gold) == (1, 1, 1)


def polnear(root: Path) -> Path:
    (root / "dev" / "text").mkdir(parents=True)
    (root / "dev" / "attributions").mkdir(parents=True)
    (root / "dev" / "text" / "one.txt").write_text(TEXT, encoding="utf-8")
    (root / "dev" / "attributions" / "one_ab12.ann").write_text(ANN, encoding="utf-8")
    return root


def test_read_split(tmp_path: Path) -> None:
    (article,) = read_split(polnear(tmp_path), "dev")
    assert article.id == "one" and len(article.attributions) == 3


@pytest.mark.model
def test_kg_eval_prints_the_three_views(tmp_path: Path) -> None:
    run = run_kg("eval", polnear(tmp_path / "polnear"))
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith("PolNeAR dev: 1 articles")
    rows = {line.split()[0]: line.split() for line in lines[2:]}
    assert rows.keys() == {"all", "statements", "quoted"}
    assert rows["all"][1:3] == ["3", "3"]  # gold, found
    assert rows["all"][4] == "1.000/1.000/1.000"  # overlap P/R/F1


@pytest.mark.model
def test_kg_eval_on_a_folder_that_is_not_polnear(tmp_path: Path) -> None:
    run = run_kg("eval", tmp_path)
    assert run.returncode == 2
    assert "no dev/text and dev/attributions folders" in run.stderr


def test_an_outside_extractors_predictions_are_scored_from_their_file(tmp_path: Path) -> None:
    from benchmarks.eval_quotes import read_predictions

    lines = [
        '{"article": "a", "content": [13, 38], "cue": [8, 12], "source": [0, 7], "quoted": false}',
        '{"article": "a", "content": [83, 108], "cue": null, "source": null, "quoted": false}',
        "",
        '{"article": "b", "content": [[0, 5], [9, 12]], "quoted": true}',
    ]
    path = tmp_path / "peer.jsonl"
    path.write_text("\n".join(lines) + "\n")
    found = read_predictions(path)
    assert sorted(found) == ["a", "b"]
    assert found["a"][0] == Predicted(((13, 38),), ((8, 12),), ((0, 7),), (), quoted=False)
    assert found["b"][0].content == ((0, 5), (9, 12))  # a span in two pieces
    scores = Scores()
    score_article(TEXT, read_ann(ANN), found["a"], scores)
    row = scores.as_dict()
    assert (row["gold"], row["predicted"], row["overlap_recall"]) == (3, 2, round(2 / 3, 4))
    assert row["overlap_precision"] == 1.0
    assert row["speaker_accuracy"] == 0.5  # the second names no source: not right

    path.write_text('{"article": "a", "content": [13]}\n')
    with pytest.raises(SystemExit, match=r"peer\.jsonl:1: not a prediction"):
        read_predictions(path)
