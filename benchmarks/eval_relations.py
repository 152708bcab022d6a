"""Relations against CoNLL04 and CrossRE (news): precision over recall.

    python benchmarks/eval_relations.py ../shared/gold/relations

Each gold sentence is built into facts as one article (tokens joined by spaces). A kg relation
is right when its subject's and object's mentions overlap the gold relation's head and tail
entities (in that order) and the gold type is one the kg property stands for:

    kg worksFor / memberOf   CoNLL04 Work_For      CrossRE role, part-of (person -> organisation)
    kg containedInPlace      CoNLL04 Located_In    CrossRE physical (place -> place)

A kg relation between two parts of one gold entity (CoNLL04 often marks `Livingston , Texas` as
one location) cannot be scored and is counted apart. Recall counts the gold relations of those
types (CrossRE's only between a person and an
organisation, or two places). kg has no property for OrgBased_In, Live_In or Kill: not scored.
jobTitle has no gold here (the seeds' tests check it).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import kg
from kg.facts import Article, Mention, RelationKind
from kg.settings import DEFAULT_MODEL

CONLL04 = {"Work_For": "employment", "Located_In": "location"}
CROSSRE = {"role": "employment", "part-of": "employment", "physical": "location"}
KG = {
    RelationKind.WORKS_FOR: "employment",
    RelationKind.MEMBER_OF: "employment",
    RelationKind.CONTAINED_IN: "location",
}
_PERSON = {"Peop", "person", "researcher", "politician"}
_ORGANISATION = {"Org", "organisation", "university", "band", "politicalparty"}
_PLACE = {"Loc", "location", "country"}

Span = tuple[int, int]


@dataclass
class Sentence:
    tokens: list[str]
    entities: dict[Span, str]  # token span [start, end) -> gold type
    relations: set[tuple[Span, Span, str]]  # head, tail, our relation group


def conll04(path: Path) -> Iterator[Sentence]:
    for item in json.loads(path.read_text(encoding="utf-8")):
        spans = [(e["start"], e["end"]) for e in item["entities"]]
        entities = {(e["start"], e["end"]): e["type"] for e in item["entities"]}
        relations = {
            (spans[r["head"]], spans[r["tail"]], CONLL04[r["type"]])
            for r in item["relations"]
            if r["type"] in CONLL04
        }
        yield Sentence(item["tokens"], entities, relations)


def crossre(path: Path) -> Iterator[Sentence]:
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        entities = {(a, b + 1): t for a, b, t in item["ner"]}
        relations = set()
        for a, b, c, d, label, *_ in item["relations"]:
            group = CROSSRE.get(label)
            head, tail = (a, b + 1), (c, d + 1)
            kinds = (entities.get(head), entities.get(tail))
            employment = kinds[0] in _PERSON and kinds[1] in _ORGANISATION
            location = kinds[0] in _PLACE and kinds[1] in _PLACE
            if (group == "employment" and employment) or (group == "location" and location):
                relations.add((head, tail, group))
        yield Sentence(item["sentence"], entities, relations)


def evaluate(sentences: list[Sentence], pipe: kg.Pipeline) -> dict:
    found: Counter[str] = Counter()
    right: Counter[str] = Counter()
    gold: Counter[str] = Counter()
    inside: Counter[str] = Counter()
    texts, starts = [], []
    for sentence in sentences:
        offsets, at = [], 0
        for token in sentence.tokens:
            offsets.append(at)
            at += len(token) + 1
        texts.append(" ".join(sentence.tokens))
        starts.append(offsets)
    articles = [
        Article(id=str(n), text=text, headline="", source=str(n)) for n, text in enumerate(texts)
    ]
    all_facts = pipe.pipe(articles, batch_size=64)
    for sentence, offsets, facts in zip(sentences, starts, all_facts, strict=True):

        def chars(
            span: Span, offsets: list[int] = offsets, words: list[str] = sentence.tokens
        ) -> Span:
            last = span[1] - 1
            return offsets[span[0]], offsets[last] + len(words[last])

        for _, _, group in sentence.relations:
            gold[group] += 1
        for relation in facts.relations:
            group = KG.get(relation.kind)
            if group is None or relation.object is None:
                continue
            if any(
                _overlap(relation.subject, chars(e)) and _overlap(relation.object, chars(e))
                for e in sentence.entities
            ):
                inside[group] += 1  # `Livingston , Texas` is one gold entity: not scorable
                continue
            found[group] += 1
            for head, tail, gold_group in sentence.relations:
                if (
                    gold_group == group
                    and _overlap(relation.subject, chars(head))
                    and _overlap(relation.object, chars(tail))
                ):
                    right[group] += 1
                    break
    return {
        group: {
            "found": found[group],
            "inside": inside[group],
            "right": right[group],
            "gold": gold[group],
            "precision": round(right[group] / found[group], 3) if found[group] else None,
            "recall": round(right[group] / gold[group], 3) if gold[group] else None,
        }
        for group in ("employment", "location")
    }


def _overlap(mention: Mention, span: Span) -> bool:
    return mention.begin < span[1] and span[0] < mention.end


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", type=Path, help="the folder holding conll04/ and crossre-news/")
    parser.add_argument("--split", default="dev")
    parser.add_argument("--model", default=DEFAULT_MODEL)
    args = parser.parse_args()
    pipe = kg.load(kg.Settings(model=args.model))
    sets = {
        "CoNLL04": list(conll04(args.gold / "conll04" / f"conll04_{args.split}.json")),
        "CrossRE news": list(crossre(args.gold / "crossre-news" / f"news-{args.split}.json")),
    }
    for name, sentences in sets.items():
        print(f"{name} {args.split}: {len(sentences)} sentences")
        for group, score in evaluate(sentences, pipe).items():
            print(
                f"  {group:10} P {score['precision']}  R {score['recall']}  "
                f"({score['right']} right of {score['found']} found; {score['gold']} gold; "
                f"{score['inside']} inside one gold entity, not scored)"
            )


if __name__ == "__main__":
    main()
