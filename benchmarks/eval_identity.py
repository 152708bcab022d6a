"""Identity across articles against MEANTIME and ECB+ (cross-document entity coreference).

    python benchmarks/eval_identity.py --meantime ../shared/gold/meantime/meantime.conll \
        --ecbplus ../shared/gold/ecbplus --topics 1-35

Each document is built into facts as one article (a sentence a line), with kg's gazetteer, and
the documents of a set are one corpus (`kg.resolve.corpus`: identity across the articles).
MEANTIME: 120 English Wikinews articles. ECB+: the topics asked for, both halves (ECB and ECB+),
gold mentions in the validated sentences only (ECBplus_coreference_sentences.csv), and, as its
gold instances never span topics (Paris in two topics is two instances), kg's IRIs are compared
within each topic, as is usual;
HUMAN_PART_PER is a person, HUMAN_PART_ORG an organisation, HUMAN_PART_GPE, LOC_GEO and LOC_FAC
places. Gold mentions of people, organisations and places (chains typed PER, ORG, LOC) that
kg also found (a kg mention within the gold span, ending where it ends) are scored by the IRI
kg gives them:
- B-cubed precision, recall and F1 of kg's IRIs against the gold chains (over those mentions);
- pairwise, across documents only: of the pairs of mentions kg gives one IRI, how many the gold
  puts in one chain (merge precision: a wrong merge is worse than a missed one), and of the pairs
  the gold puts in one chain, how many kg gives one IRI (merge recall).
"""

from __future__ import annotations

import argparse
import csv
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

import kg
from kg.facts import Article
from kg.rdf.iri import Minter
from kg.resolve.corpus import identify
from kg.settings import DEFAULT_MODEL

_TYPE = re.compile(r"^(?:cross_intra_|cross_|intra_)(PER|ORG|LOC)")


@dataclass
class Document:
    key: str
    group: str = ""
    """ECB+'s topic: its gold instances never span topics, so kg's IRIs are scored per topic."""
    sentences: list[list[str]] = field(default_factory=list)
    mentions: list[tuple[int, int, int, str]] = field(default_factory=list)
    """(sentence, first token, last token + 1, chain)."""


def documents(path: Path) -> list[Document]:
    docs: dict[str, Document] = {}
    open_: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 5:
            continue
        key, sent, tok, word, chains = parts[0], int(parts[1]), int(parts[2]), parts[3], parts[4]
        doc = docs.setdefault(key, Document(key))
        while len(doc.sentences) <= sent:
            doc.sentences.append([])
        doc.sentences[sent].append(word)
        if chains.strip() == "-":
            continue
        for part in (p.strip() for p in chains.split("|")):
            chain = part.strip("()")
            if part.startswith("("):
                open_[chain].append((sent, tok))
            if part.endswith(")") and open_[chain]:
                s, t = open_[chain].pop()
                typed = _TYPE.match(chain)
                if typed:
                    # `cross_ORG37...`, `cross_intra_ORG37...` and `intra_ORG37...` name one
                    # instance (the prefix says where its mentions lie, the number what it is).
                    doc.mentions.append((s, t, tok + 1, chain[typed.start(1) :]))
    return list(docs.values())


_ECB_TYPES = ("HUMAN_PART_PER", "HUMAN_PART_ORG", "HUMAN_PART_GPE", "LOC_GEO", "LOC_FAC")


def ecbplus(folder: Path, topics: set[int]) -> list[Document]:
    validated: set[tuple[str, int]] = set()
    with open(folder / "ECBplus_coreference_sentences.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            validated.add((f"{row['Topic']}_{row['File']}", int(row["Sentence Number"])))
    docs = []
    for topic in sorted(topics):
        for path in sorted((folder / "xml" / str(topic)).glob("*.xml")):
            key = path.stem
            root = ET.parse(path).getroot()
            where: dict[str, tuple[int, int]] = {}
            doc = Document(key, str(topic))
            for token in root.iter("token"):
                sent = int(token.get("sentence", 0))
                while len(doc.sentences) <= sent:
                    doc.sentences.append([])
                doc.sentences[sent].append(token.text or "_")
                where[token.get("t_id", "")] = (sent, len(doc.sentences[sent]) - 1)
            markables = root.find("Markables")
            relations = root.find("Relations")
            if markables is None:
                continue
            chain_of: dict[str, str] = {}
            for relation in relations if relations is not None else ():
                chain = (
                    relation.get("note", "")
                    if relation.tag == "CROSS_DOC_COREF"
                    else f"{key}/{relation.get('r_id')}"
                )
                for source in relation.iter("source"):
                    chain_of.setdefault(source.get("m_id", ""), chain)
            for markable in markables:
                anchors = [a.get("t_id", "") for a in markable.iter("token_anchor")]
                if markable.tag not in _ECB_TYPES or not anchors:
                    continue
                places = sorted(where[a] for a in anchors if a in where)
                if not places or (key, places[0][0]) not in validated:
                    continue
                sent = places[0][0]
                m_id = markable.get("m_id", "")
                doc.mentions.append(
                    (sent, places[0][1], places[-1][1] + 1, chain_of.get(m_id, f"{key}#{m_id}"))
                )
            docs.append(doc)
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--meantime", type=Path, help="meantime.conll")
    parser.add_argument("--ecbplus", type=Path, help="the ECB+ folder (xml/ and the CSV)")
    parser.add_argument("--topics", default="1-35", help="ECB+ topics, as FIRST-LAST")
    parser.add_argument("--model", default=DEFAULT_MODEL)
    args = parser.parse_args()
    pipe = kg.load(kg.Settings(model=args.model))
    first, _, last = args.topics.partition("-")
    sets = {}
    if args.meantime:
        sets["MEANTIME"] = documents(args.meantime)
    if args.ecbplus:
        sets[f"ECB+ topics {args.topics}"] = ecbplus(
            args.ecbplus, set(range(int(first), int(last or first) + 1))
        )
    for name, docs in sets.items():
        score(name, docs, pipe)


def score(name: str, docs: list[Document], pipe: kg.Pipeline) -> None:
    minter = Minter()
    texts, offsets = [], []
    for doc in docs:
        starts, at = [], 0
        for sentence in doc.sentences:
            row = []
            for word in sentence:
                row.append(at)
                at += len(word) + 1
            starts.append(row)
        texts.append("\n".join(" ".join(s) for s in doc.sentences))
        offsets.append(starts)
    scored: list[tuple[str, str, str]] = []  # (document, gold chain, kg IRI)
    gold_total = 0
    articles = [
        Article(id=doc.key, text=text, headline="", source=doc.key)
        for doc, text in zip(docs, texts, strict=True)
    ]
    # The whole set is one corpus, as one build of these documents would be.
    all_facts = identify(pipe.pipe(articles, batch_size=16), pipe.gazetteer)
    for doc, starts, facts in zip(docs, offsets, all_facts, strict=True):
        ours = [(m.begin, m.end, minter.entity_of(e)) for e in facts.entities for m in e.mentions]
        for sent, first, last, chain in doc.mentions:
            gold_total += 1
            begin = starts[sent][first]
            end = starts[sent][last - 1] + len(doc.sentences[sent][last - 1])
            # A kg mention that ends where the gold one does, within it ("the Airbus parent
            # EADS" is EADS, not Airbus).
            found = [entity for b, e, entity in ours if e == end and b >= begin]
            if found:
                scored.append((doc.key, chain, f"{doc.group} {found[0]}"))
    by_gold: dict[str, set[int]] = defaultdict(set)
    by_kg: dict[str, set[int]] = defaultdict(set)
    for n, (_, chain, entity) in enumerate(scored):
        by_gold[chain].add(n)
        by_kg[entity].add(n)
    precision = recall = 0.0
    for _, chain, entity in scored:
        both = len(by_gold[chain] & by_kg[entity])
        precision += both / len(by_kg[entity])
        recall += both / len(by_gold[chain])
    precision /= len(scored)
    recall /= len(scored)
    f1 = 2 * precision * recall / (precision + recall)
    merged = merged_right = linked_gold = linked_gold_found = 0
    for (d1, g1, e1), (d2, g2, e2) in combinations(scored, 2):
        if d1 == d2:
            continue
        if e1 == e2:
            merged += 1
            merged_right += g1 == g2
        if g1 == g2:
            linked_gold += 1
            linked_gold_found += e1 == e2
    print(f"{name}: {len(docs)} documents, {gold_total} gold PER/ORG/LOC mentions, "
          f"{len(scored)} found by kg")  # fmt: skip
    print(f"  B-cubed P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}")
    print(
        f"  cross-document pairs: merge precision {merged_right / merged:.3f} "
        f"({merged_right:,} of {merged:,}), merge recall {linked_gold_found / linked_gold:.3f} "
        f"({linked_gold_found:,} of {linked_gold:,})"
    )


if __name__ == "__main__":
    main()
