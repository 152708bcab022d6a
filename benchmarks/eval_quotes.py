"""Statements against PolNeAR: kg, textacy's `direct_quotations`, and any other extractor's
predictions, scored by the same rules.

    python benchmarks/eval_quotes.py ../shared/gold/polnear --split dev
    python benchmarks/eval_quotes.py ../shared/gold/polnear --predictions ggt=ggt-dev.jsonl

kg and textacy read the same spaCy Docs (kg's pipeline); all are scored by the same rules
(`kg.eval.scoring`, see docs/quotations.md). textacy raises ValueError on an article whose
quotation marks it cannot pair: that article counts as textacy finding nothing in it (`failed`).

`--predictions NAME=FILE` scores another extractor, run on its own, from a JSON Lines file of
its attributions, one a line: `{"article": ID, "content": [BEGIN, END], "cue": [BEGIN, END] or
null, "source": [BEGIN, END] or null, "quoted": true|false}` (a span in several pieces is a list
of them: `[[BEGIN, END], ...]`), offsets into the article's text as PolNeAR gives it (`ID` is
the text file's name without `.txt`); `quoted` when the content holds or is enclosed by a
double quotation mark. Prints a Markdown table for the README;
`--json` writes every figure.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import kg
from kg.eval import scoring
from kg.eval import statements as evaluation
from kg.nlp.parse import Parsed
from kg.settings import DEFAULT_MODEL


def textacy_quotes(parsed: Parsed) -> list[scoring.Predicted]:
    """textacy's direct quotations of one article (one Doc a piece)."""
    from textacy.extract.triples import direct_quotations  # only `make eval-baselines` has it

    found = []
    for offset, doc in parsed.docs:
        for triple in direct_quotations(doc):
            content = triple.content
            source = tuple((offset + t.idx, offset + t.idx + len(t)) for t in triple.speaker)
            cue = tuple((offset + t.idx, offset + t.idx + len(t)) for t in triple.cue)
            found.append(
                scoring.Predicted(
                    content=((offset + content.start_char, offset + content.end_char),),
                    cue=cue[:1] if cue else (),
                    source=((source[0][0], source[-1][1]),) if source else (),
                    speaker_mentions=(),
                    quoted=True,
                )
            )
    return found


def read_predictions(path: Path) -> dict[str, list[scoring.Predicted]]:
    """An extractor's predictions by article, from the JSON Lines file `--predictions` names."""
    found: dict[str, list[scoring.Predicted]] = {}

    def ranges(value: list[Any] | None) -> tuple[tuple[int, int], ...]:
        if not value:
            return ()
        pairs = value if isinstance(value[0], list) else [value]  # [B, E] or [[B, E], ...]
        return tuple((int(begin), int(end)) for begin, end in pairs)

    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                prediction = scoring.Predicted(
                    content=ranges(row["content"]),
                    cue=ranges(row.get("cue")),
                    source=ranges(row.get("source")),
                    speaker_mentions=(),
                    quoted=bool(row["quoted"]),
                )
            except (ValueError, KeyError, TypeError, IndexError) as error:
                raise SystemExit(f"{path}:{number}: not a prediction ({error})") from None
            found.setdefault(str(row["article"]), []).append(prediction)
    return found


def from_file(predictions: dict[str, list[scoring.Predicted]]) -> evaluation.Predictor:
    """A system that predicts what its file holds for each article (nothing for the rest)."""

    def predict(parsed: Parsed) -> list[scoring.Predicted]:
        return predictions.get(parsed.article.id, [])

    return predict


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("polnear", type=Path)
    parser.add_argument("--split", default="dev")
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    parser.add_argument(
        "--predictions", action="append", default=[], metavar="NAME=FILE",
        help="score another extractor's predictions (JSON Lines, see above); repeatable",
    )  # fmt: skip
    args = parser.parse_args(argv)
    outside = {}
    for given in args.predictions:
        name, _, file = given.partition("=")
        if not name or not file:
            parser.error(f"--predictions wants NAME=FILE, not {given!r}")
        outside[name] = from_file(read_predictions(Path(file)))

    golds = {g.id: g for g in evaluation.gold_articles(args.polnear, args.split)}
    pipe = kg.load(kg.Settings(model=args.model))
    systems = {"kg": evaluation.kg_statements(pipe), "textacy": textacy_quotes, **outside}
    results = {name: evaluation.Evaluation() for name in systems}
    articles = (evaluation.as_article(g) for g in golds.values())
    for parsed in pipe.parse(articles):
        gold = golds[parsed.article.id]
        for name, predict in systems.items():
            evaluation.add_article(results[name], gold, parsed, predict=predict)

    print(f"PolNeAR {args.split}, {len(golds)} articles, {args.model}; overlap >= 30%\n")
    print("| view | system | gold | found | exact F1 | overlap P | overlap R | overlap F1 "
          "| cue F1 | speaker acc. | articles failed |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for view in evaluation.VIEWS:
        for name, result in results.items():
            row = result.views[view].as_dict()
            print(
                f"| {view} | {name} | {row['gold']} | {row['predicted']} | {row['exact_f1']:.3f} "
                f"| {row['overlap_precision']:.3f} | {row['overlap_recall']:.3f} "
                f"| {row['overlap_f1']:.3f} | {row['cue_f1']:.3f} "
                f"| {row['speaker_accuracy']:.3f} | {row['failed']} |"
            )
    if args.json:
        args.json.write_text(
            json.dumps({n: r.as_dict() for n, r in results.items()}, indent=2, sort_keys=True)
        )


if __name__ == "__main__":
    main()
