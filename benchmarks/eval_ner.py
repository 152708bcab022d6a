"""Entity mentions against CoNLL-2003: kg's extraction and bare spaCy, on the same text.

    python benchmarks/eval_ner.py ../shared/gold/conll2003/dev.txt

Each CoNLL document becomes one text (tokens joined by spaces, a sentence a line). Gold PER, ORG
and LOC spans are compared with kg's Person, Organization and Place mentions (each typed as the
entity it resolves to, as the graph publishes it) and with bare spaCy's PERSON, ORG and
GPE/LOC/FAC entities: exact span and type; MISC is not scored (kg keeps no such entities).
Three systems on the same texts in one run: bare spaCy; kg without any gazetteer (its context
rules and the vote alone); kg as it builds graphs (with its gazetteer and entity ruler).
Prints precision, recall and F1 per type and overall.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import kg
from kg.facts import Article, EntityKind
from kg.nlp.parse import prepare
from kg.settings import DEFAULT_MODEL

KIND_TO_CONLL = {EntityKind.PERSON: "PER", EntityKind.ORGANIZATION: "ORG", EntityKind.PLACE: "LOC"}
SPACY_TO_CONLL = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
Span = tuple[int, int, str]


def documents(path: Path) -> Iterator[tuple[str, set[Span]]]:
    """Each document's text and its gold (begin, end, type) spans."""
    lines: list[str] = []
    gold: set[Span] = set()
    sentence: list[str] = []
    offset = 0
    current: tuple[int, str] | None = None  # an open gold span: (begin, type)

    def close(end: int) -> None:
        nonlocal current
        if current is not None:
            if current[1] in {"PER", "ORG", "LOC"}:
                gold.add((current[0], end, current[1]))
            current = None

    def end_sentence() -> None:
        nonlocal sentence, offset
        if sentence:
            close(offset - 1)
            lines.append(" ".join(sentence))
            offset = sum(len(line) + 1 for line in lines)
            sentence = []

    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.startswith("-DOCSTART-"):
            end_sentence()
            if lines:
                yield "\n".join(lines), gold
            lines, gold, offset = [], set(), 0
            continue
        if not raw.strip():
            end_sentence()
            continue
        token, *_, tag = raw.split(" ")
        begin = offset
        if tag.startswith("B-") or tag == "O" or (current and tag[2:] != current[1]):
            close(begin - 1)
        if tag.startswith(("B-", "I-")) and current is None:
            current = (begin, tag[2:])
        sentence.append(token)
        offset = begin + len(token) + 1
    end_sentence()
    if lines:
        yield "\n".join(lines), gold


def score(found: Counter[str], correct: Counter[str], gold: Counter[str], label: str) -> str:
    p = correct[label] / found[label] if found[label] else 0.0
    r = correct[label] / gold[label] if gold[label] else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"{label:4} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  ({gold[label]} gold)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("conll", type=Path)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    args = parser.parse_args()

    import spacy

    docs = list(documents(args.conll))
    results = {}
    for name in ("spaCy", "kg, no gazetteer", "kg"):
        found: Counter[str] = Counter()
        correct: Counter[str] = Counter()
        gold_count: Counter[str] = Counter()
        if name == "spaCy":
            parsed = spacy.load(args.model).pipe([prepare(t) for t, _ in docs], batch_size=32)
            predictions = [
                {
                    (e.start_char, e.end_char, SPACY_TO_CONLL[e.label_])
                    for e in doc.ents
                    if e.label_ in SPACY_TO_CONLL
                }
                for doc in parsed
            ]
        else:  # each mention typed as its entity (every mention of an entity votes)
            pipe = kg.load(kg.Settings(model=args.model, link=name == "kg"))
            articles = [
                Article(id=str(n), text=text, headline="", source=str(n))
                for n, (text, _) in enumerate(docs)
            ]
            predictions = [
                {
                    (m.begin, m.end, KIND_TO_CONLL[e.kind])
                    for e in facts.entities
                    for m in e.mentions
                }
                for facts in pipe.pipe(articles, batch_size=32)
            ]
        for (_, gold), predicted in zip(docs, predictions, strict=True):
            for spans, counter in ((predicted, found), (gold, gold_count)):
                counter.update(label for _, _, label in spans)
                counter["all"] += len(spans)
            hits = predicted & gold
            correct.update(label for _, _, label in hits)
            correct["all"] += len(hits)
        results[name] = (found, correct, gold_count)
    print(f"{args.conll}: {len(docs)} documents")
    for name, (found, correct, gold_count) in results.items():
        print(name)
        for label in ("PER", "ORG", "LOC", "all"):
            print("  " + score(found, correct, gold_count, label))


if __name__ == "__main__":
    main()
