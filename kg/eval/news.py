"""`kg eval` on news-quotes gold: articles annotated exhaustively (statements and speakers,
entities, what two outlets both print), scored on the graph kg builds of them.

The gold is a JSON file of documents (`allsides:<id>` records of the AllSides corpus, BBC files
`politics-302`) whose texts stay in the corpora folder. The articles are laid out as the gold's
own `layout.py` does, built with `kg.build`, and the graph is read back with SPARQL, by the rules
of the gold's `score.py` (every figure it prints, the same): entity recall, precision against the
entities kg names, typed right; statement recall (a gold statement is found when a Quotation's
normalised text holds its first words), speaker right; one IRI for a person or place across
the articles that name it; each statement two articles print found as one `schema:Claim`.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import InputError

SCHEMA = "http://schema.org/"
TITLES = frozenset({
    "the", "mr", "mrs", "ms", "miss", "dr", "sir", "lord", "lady", "dame", "sen", "senator",
    "rep", "president", "prime", "minister", "gov", "governor", "judge", "rev", "rt", "hon",
    "prof", "professor",
})  # fmt: skip
"""Words a speaker's name is compared without, at its start (the scorer's list)."""
KINDS = (("Person", "persons"), ("Organization", "organizations"), ("Place", "places"))


_MARKS = {0x2019: "'", 0x2018: "'", 0x201C: '"', 0x201D: '"'}


def norm(text: str) -> str:
    """The gold's normal form: compatibility-decomposed, marks folded, lowercase, only letters,
    digits and single spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = text.translate(_MARKS)
    text = re.sub(r"[^a-z0-9 ]+", "", text.lower())
    return re.sub(r"\s+", " ", text).strip()


def name_key(name: str) -> str:
    """A name without leading titles or `the`: `The Labor Department` ~ `Labor Department`."""
    words = norm(name).split()
    while len(words) > 1 and words[0] in TITLES:
        words = words[1:]
    return " ".join(words)


@dataclass
class Scores:
    """What the scorer counts, and the misses it names."""

    counts: dict[str, Any] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """The scorer's one-line summary."""
        c = self.counts
        er = c["entity_found"] / max(c["entity_gold"], 1)
        ep = c["entity_matched"] / max(c["entity_extracted"], 1)
        qr = c["quote_found"] / max(c["quote_gold"], 1)
        sr = c["speaker_right"] / max(c["quote_gold"], 1)
        return (
            f"entities R={er:.2f} P~={ep:.2f} typed={c['entity_typed']}/{c['entity_gold']} | "
            f"quotes R={qr:.2f} speaker={sr:.2f} | xdoc={c['xdoc_entities']} "
            f"claims2={c['claims_in_two_articles']} "
            f"shared-statements={c['same_statement_claimed']}"
        )


def read_gold(path: Path) -> dict[str, Any]:
    """The gold file's documents. Raises InputError for a file that is not news-quotes gold."""
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"{path}: not a news-quotes gold file ({error})") from None
    if not isinstance(gold, dict) or not isinstance(gold.get("documents"), dict):
        raise InputError(f"{path}: not a news-quotes gold file (no 'documents')")
    return gold


def lay_out(gold: Mapping[str, Any], corpora: Path, folder: Path) -> int:
    """The gold's articles as files kg reads, as the gold's `layout.py` lays them out: AllSides
    records in one JSON Lines file, BBC files copied by their ids. Raises InputError for an
    article the corpora do not hold."""
    ids = list(gold["documents"])
    wanted = {i for i in ids if i.startswith("allsides:")}
    folder.mkdir(parents=True, exist_ok=True)
    found = set()
    if wanted:
        source = corpora / "allsides-10k.jsonl.gz"
        try:
            with (
                gzip.open(source, "rt", encoding="utf-8") as lines,
                open(folder / "allsides.jsonl", "w", encoding="utf-8") as out,
            ):
                for line in lines:
                    record_id = json.loads(line).get("id")
                    if record_id in wanted:
                        out.write(line)
                        found.add(record_id)
        except (OSError, EOFError, json.JSONDecodeError) as error:
            raise InputError(f"{source}: cannot read the AllSides corpus ({error})") from None
    for doc_id in ids:
        if doc_id.startswith("allsides:"):
            continue
        category, _, number = doc_id.partition("-")
        path = corpora / "bbc" / category / f"{number}.txt"
        if not path.is_file():
            raise InputError(f"{doc_id}: no {path}")
        shutil.copy(path, folder / f"{doc_id}.txt")
        found.add(doc_id)
    missing = sorted(set(ids) - found)
    if missing:
        raise InputError(f"the corpora in {corpora} do not hold {', '.join(missing[:3])}")
    return len(ids)


def evaluate(
    gold_path: Path,
    corpora: Path,
    build: Callable[[Path, Path], None],
) -> Scores:
    """Lay out the gold's articles, `build(inputs, output)` them, and score the graph."""
    gold = read_gold(gold_path)
    with tempfile.TemporaryDirectory(prefix="kg-eval-") as scratch:
        inputs, output = Path(scratch) / "in", Path(scratch) / "out"
        lay_out(gold, corpora, inputs)
        build(inputs, output)
        return score(gold, _load(output / "graph.nq"))


def _load(path: Path) -> Any:
    import rdflib

    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(path, format="nquads")
    return dataset


def score(gold: Mapping[str, Any], ds: Any) -> Scores:
    """The scorer's figures for a graph (an rdflib Dataset whose default graph is the union)."""
    res: dict[str, Any] = {
        "entity_found": 0, "entity_gold": 0, "entity_typed": 0, "entity_extracted": 0,
        "entity_matched": 0, "quote_found": 0, "quote_gold": 0, "speaker_right": 0,
        "quote_extracted": 0, "quote_matched": 0,
    }  # fmt: skip
    missing: list[str] = []
    entity_iris: dict[str, dict[str, set[Any]]] = {}
    for doc_id, g in gold["documents"].items():
        d = _doc_iri(ds, doc_id)
        if d is None:
            missing.append(f"article {doc_id} not found")
            continue
        ents = _entities_in(ds, d)
        ent_names = {e: _names_of(ds, e) for e in ents}
        matched_extracted: set[Any] = set()
        for typ, key in KINDS:
            for ge in g[key]:
                res["entity_gold"] += 1
                aliases = {k for a in [*ge["aliases"], ge["name"]] for k in (norm(a), name_key(a))}
                hits = [e for e, ns in ent_names.items() if ns & aliases]
                if hits:
                    res["entity_found"] += 1
                    matched_extracted.update(hits)
                    if any(typ in ents[e] for e in hits):
                        res["entity_typed"] += 1
                    else:
                        kinds = sorted(set().union(*(ents[e] for e in hits)))
                        missing.append(f"{doc_id[:3]} {ge['name']}: typed {kinds} not {typ}")
                    entity_iris.setdefault(ge["name"], {})[doc_id] = set(hits)
                else:
                    missing.append(f"{doc_id[:3]} {typ} {ge['name']}: not found")
        res["entity_extracted"] += len(ents)
        res["entity_matched"] += len(matched_extracted)
        quotes = _quotes_in(ds, d)
        res["quote_extracted"] += len(quotes)
        matched_q: set[Any] = set()
        for gq in g["quotes"]:
            res["quote_gold"] += 1
            hits = [k for k, v in quotes.items() if gq["starts"] in v["text"]]
            if not hits:
                missing.append(f"{doc_id[:3]} {gq['kind']} quote '{gq['starts'][:40]}': not found")
                continue
            res["quote_found"] += 1
            matched_q.update(hits)
            if gq["speaker"] is None:
                right = any(not quotes[k]["speakers"] for k in hits)
            else:
                keys = {name_key(a) for a in [gq["speaker"], *_aliases(g, gq["speaker"])]}
                right = any(keys & quotes[k]["speakers"] for k in hits)
            if right:
                res["speaker_right"] += 1
            else:
                got = [sorted(quotes[k]["speakers"]) for k in hits]
                missing.append(
                    f"{doc_id[:3]} quote '{gq['starts'][:30]}': speaker {got} not {gq['speaker']}"
                )
        res["quote_matched"] += len(matched_q)
    xdoc_ok, xdoc_n = 0, 0
    xd = gold.get("cross_document", {})
    for name in [*xd.get("same_person", []), *xd.get("same_place", [])]:
        xdoc_n += 1
        per_doc = entity_iris.get(name, {})
        gold_docs = [
            d_ for d_, g_ in gold["documents"].items()
            if any(e["name"] == name for _, k in KINDS for e in g_[k])
        ]  # fmt: skip
        if (
            len(gold_docs) >= 2
            and all(d_ in per_doc for d_ in gold_docs)
            and set.intersection(*(per_doc[d_] for d_ in gold_docs))
        ):
            xdoc_ok += 1
        else:
            missing.append(f"cross-doc {name}: not one IRI in both articles")
    q = f"""PREFIX schema: <{SCHEMA}> SELECT ?c (COUNT(DISTINCT ?d) AS ?n) WHERE {{
      ?c a schema:Claim ; schema:appearance ?q . ?q schema:isPartOf ?d }} GROUP BY ?c"""
    claims_multi = sum(1 for _, n in ds.query(q) if int(n) >= 2)
    q = f"""PREFIX schema: <{SCHEMA}> SELECT ?c ?d ?text WHERE {{
      ?c a schema:Claim ; schema:appearance ?q . ?q schema:isPartOf ?d ; schema:text ?text }}"""
    appearances: dict[Any, list[tuple[Any, str]]] = {}
    for c, d_, text in ds.query(q):
        appearances.setdefault(c, []).append((d_, norm(str(text))))
    same = xd.get("same_statement", [])
    claims_ok = 0
    for pair in same:
        (da, sa), (db, sb) = pair["a"], pair["b"]
        ia, ib = _doc_iri(ds, da), _doc_iri(ds, db)
        if any(
            any(d_ == ia and sa in t for d_, t in apps)
            and any(d_ == ib and sb in t for d_, t in apps)
            for apps in appearances.values()
        ):
            claims_ok += 1
        else:
            missing.append(
                f"claim '{sa[:30]}' ({da[-6:]}) ~ '{sb[:30]}' ({db[-6:]}): not one claim"
            )
    res.update(
        xdoc_entities=f"{xdoc_ok}/{xdoc_n}",
        claims_in_two_articles=claims_multi,
        same_statement_claimed=f"{claims_ok}/{len(same)}",
    )
    return Scores(res, missing)


def _doc_iri(ds: Any, doc_id: str) -> Any:
    q = f"""PREFIX schema: <{SCHEMA}> SELECT DISTINCT ?d WHERE {{ ?d a schema:NewsArticle .
      ?d ?p ?id . FILTER(isLiteral(?id) && CONTAINS(STR(?id), "{doc_id}")) }}"""
    rows = list(ds.query(q))
    if rows:
        return rows[0][0]
    q = f"""PREFIX schema: <{SCHEMA}> SELECT DISTINCT ?d WHERE {{ ?d a schema:NewsArticle .
      FILTER(CONTAINS(STR(?d), "{doc_id}")) }}"""
    rows = list(ds.query(q))
    return rows[0][0] if rows else None


def _names_of(ds: Any, e: Any) -> set[str]:
    q = f"""PREFIX schema: <{SCHEMA}> SELECT ?n WHERE {{
      {{ <{e}> schema:name ?n }} UNION {{ <{e}> schema:alternateName ?n }} }}"""
    return {k for r in ds.query(q) for k in (norm(str(r[0])), name_key(str(r[0])))}


def _entities_in(ds: Any, d: Any) -> dict[Any, set[str]]:
    q = f"""PREFIX schema: <{SCHEMA}> SELECT DISTINCT ?e ?t WHERE {{ <{d}> schema:mentions ?e .
      ?e a ?t . FILTER(?t IN (schema:Person, schema:Organization, schema:Place)) }}"""
    out: dict[Any, set[str]] = {}
    for e, t in ds.query(q):
        out.setdefault(e, set()).add(str(t).rsplit("/", 1)[-1])
    return out


def _quotes_in(ds: Any, d: Any) -> dict[Any, dict[str, Any]]:
    q = f"""PREFIX schema: <{SCHEMA}> SELECT ?q ?text ?s WHERE {{ ?q a schema:Quotation ;
      schema:isPartOf <{d}> ; schema:text ?text .
      OPTIONAL {{ ?q schema:spokenByCharacter ?s }} }}"""
    out: dict[Any, dict[str, Any]] = {}
    for qq, text, s in ds.query(q):
        item = out.setdefault(qq, {"text": norm(str(text)), "speakers": set()})
        if s is not None:
            item["speakers"] |= _names_of(ds, s)
    return out


def _aliases(g: Mapping[str, Any], name: str) -> list[str]:
    for _, key in KINDS:  # a country can speak for its government
        for e in g[key]:
            if e["name"] == name:
                return list(e["aliases"])
    return []
