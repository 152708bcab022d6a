"""Linking against AIDA-CoNLL dev (testa), whose mentions carry Wikidata QIDs.

    python benchmarks/eval_linking.py ../shared/gold/entity-linking/aida-conll-dev.deobscured.jsonl

Every document is built into facts as one article, with kg's bundled gazetteer. For each mention
of an entity kg linked to a Wikidata item:
- at a gold mention's exact span: right when the QIDs agree (precision counts these);
- elsewhere: counted apart (AIDA annotates every name, so these are mostly span mismatches).
Coverage is the share of gold mentions with a QID that kg links to that QID. GeoNames-only links
(cities) cannot be checked here and are counted apart.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import kg
from kg.facts import Article
from kg.rdf.namespaces import WIKIDATA_ENTITY as WIKIDATA
from kg.settings import DEFAULT_MODEL


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--errors", action="store_true", help="print each wrong link")
    args = parser.parse_args()
    pipe = kg.load(kg.Settings(model=args.model))
    items = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines()]
    articles = [
        Article(id=str(n), text=item["text"], headline="", source=str(n))
        for n, item in enumerate(items)
    ]
    at_gold = right = elsewhere = geonames_only = gold_linked = 0
    for item, facts in zip(items, pipe.pipe(articles, batch_size=32), strict=True):
        gold = {
            tuple(label["span"]): label["entity_id"]
            for label in item["labels"]
            if str(label.get("entity_id", "")).startswith("Q")
        }
        spans = {tuple(label["span"]) for label in item["labels"]}
        gold_linked += len(gold)
        for entity in facts.entities:
            qid = next((i[len(WIKIDATA) :] for i in entity.same_as if i.startswith(WIKIDATA)), None)
            for mention in entity.mentions:
                span = (mention.begin, mention.end)
                if not entity.same_as:
                    continue
                if qid is None:
                    geonames_only += 1
                elif span in spans:
                    at_gold += 1
                    if gold.get(span) == qid:
                        right += 1
                    elif args.errors:
                        print(f"  {mention.text!r}: kg {qid}, gold {gold.get(span, 'NIL')}")
                else:
                    elsewhere += 1
    print(f"{args.gold.name}: {len(items)} documents, {gold_linked} gold mentions with a QID")
    print(f"  precision {right / at_gold:.3f} ({right} of {at_gold} Wikidata links at gold spans)")
    print(f"  coverage  {right / gold_linked:.3f} ({right} of {gold_linked} gold mentions)")
    print(f"  other Wikidata links (no gold span there): {elsewhere}")
    print(f"  GeoNames-only links (cities, not checkable here): {geonames_only}")


if __name__ == "__main__":
    main()
