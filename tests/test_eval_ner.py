"""The CoNLL-2003 reader of the entity benchmark: gold spans land on the right characters."""

from __future__ import annotations

from pathlib import Path

from benchmarks.eval_ner import documents

SAMPLE = """-DOCSTART- -X- -X- O

EU NNP B-NP B-ORG
rejects VBZ B-VP O
German JJ B-NP B-MISC
call NN I-NP O
. . O O

Peter NNP B-NP B-PER
Blackburn NNP I-NP I-PER
went VBD B-VP O
to TO B-PP O
New NNP B-NP B-LOC
York NNP I-NP I-LOC

-DOCSTART- -X- -X- O

BRUSSELS NNP B-NP B-LOC
1996-08-22 CD I-NP O
"""


def test_gold_spans_match_their_tokens(tmp_path: Path) -> None:
    path = tmp_path / "sample.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    (first_text, first_gold), (second_text, second_gold) = documents(path)
    assert first_text == "EU rejects German call .\nPeter Blackburn went to New York"
    assert {(first_text[b:e], label) for b, e, label in first_gold} == {
        ("EU", "ORG"), ("Peter Blackburn", "PER"), ("New York", "LOC"),
    }  # fmt: skip
    assert second_text == "BRUSSELS 1996-08-22"
    assert {(second_text[b:e], label) for b, e, label in second_gold} == {("BRUSSELS", "LOC")}
