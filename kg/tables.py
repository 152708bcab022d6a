"""Tables for analysts: a build's graph as five flat tables (`kg export`).

    articles    one row per article: outlet, date, headline, authors, counts
    entities    one row per person, organisation or place: name, kind, links, counts
    mentions    one row per mention of an entity: article, offsets, the words printed
    statements  one row per statement in an article: speaker, cue, kind, words, claim
    claims      one row per statement across articles: speaker, words, outlets

Each table is a SPARQL query over the build (`kg.rdf.store`) and its columns, as data; a row
keeps the IRIs of the graph beside readable values, so a table joins back to the graph and the
tables join each other (`statements.article = articles.article`). Rows are in IRI order
(mentions and statements by article, then offset), so the same build gives the same files.
Parquet keeps the types (dates as dates, lists as lists); CSV (RFC 4180) writes a list as its
items joined by "; " and nothing for a missing value.
"""

from __future__ import annotations

import csv
import datetime
import os
import secrets
import shutil
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TextIO

from kg.errors import OutputError
from kg.rdf.store import Graph

FORMATS = ("parquet", "csv")
Kind = Literal["iri", "text", "int", "date", "list"]
LIST_SEPARATOR = "\x1f"  # between a GROUP_CONCAT's items: no name or IRI holds it
CSV_LIST_SEPARATOR = "; "


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    doc: str


@dataclass(frozen=True)
class Table:
    name: str
    doc: str
    columns: tuple[Column, ...]
    query: str


_c = Column
_S = LIST_SEPARATOR
TABLES: tuple[Table, ...] = (
    Table(
        "articles",
        "One row per article.",
        (
            _c("article", "iri", "the article's IRI"),
            _c("identifier", "text", "the input's own id (dct:identifier)"),
            _c("headline", "text", "schema:headline"),
            _c("outlet", "text", "the publisher's name"),
            _c("publisher", "iri", "the publisher's IRI"),
            _c("published", "text", "schema:datePublished as printed in the graph (ISO 8601)"),
            _c("day", "date", "the day of publication"),
            _c("authors", "list", "the authors' names"),
            _c("url", "text", "schema:url"),
            _c("language", "text", "schema:inLanguage"),
            _c("source", "iri", "the input it was read from (prov:wasDerivedFrom)"),
            _c("near_duplicate_of", "iri", "the article it republishes (kg:nearDuplicateOf)"),
            _c("characters", "int", "the length of its text"),
            _c("entities", "int", "entities it names"),
            _c("statements", "int", "statements it prints"),
        ),
        f"""
SELECT ?article ?identifier ?headline ?outlet ?publisher ?published ?day
       (GROUP_CONCAT(DISTINCT COALESCE(?authorName, ""); separator="{_S}") AS ?authors)
       ?url ?language ?source ?near_duplicate_of ?characters
       (COALESCE(?named, 0) AS ?entities) (COALESCE(?printed, 0) AS ?statements)
WHERE {{
  ?article a schema:NewsArticle .
  OPTIONAL {{ ?article dct:identifier ?identifier }}
  OPTIONAL {{ ?article schema:headline ?headline }}
  OPTIONAL {{ ?article schema:publisher ?publisher .
             OPTIONAL {{ ?publisher schema:name ?outlet }} }}
  OPTIONAL {{ ?article schema:datePublished ?published }}
  BIND (?published AS ?day)
  OPTIONAL {{ ?article schema:author/schema:name ?authorName }}
  OPTIONAL {{ ?article schema:url ?url }}
  OPTIONAL {{ ?article schema:inLanguage ?language }}
  OPTIONAL {{ ?article prov:wasDerivedFrom ?source }}
  OPTIONAL {{ ?article kg:nearDuplicateOf ?near_duplicate_of }}
  OPTIONAL {{ ?article nif:isString ?text }}
  BIND (STRLEN(?text) AS ?characters)
  OPTIONAL {{ SELECT ?article (COUNT(DISTINCT ?e) AS ?named)
             WHERE {{ ?article a schema:NewsArticle ; schema:mentions ?e }} GROUP BY ?article }}
  OPTIONAL {{ SELECT ?article (COUNT(?q) AS ?printed)
             WHERE {{ ?q a schema:Quotation ; schema:isPartOf ?article }} GROUP BY ?article }}
}}
GROUP BY ?article ?identifier ?headline ?outlet ?publisher ?published ?day ?url ?language
         ?source ?near_duplicate_of ?characters ?named ?printed
ORDER BY ?article
""",
    ),
    Table(
        "entities",
        "One row per person, organisation or place.",
        (
            _c("entity", "iri", "the entity's IRI"),
            _c("kind", "text", "Person, Organization or Place"),
            _c("name", "text", "its canonical name (schema:name)"),
            _c("alternate_names", "list", "every other form printed (schema:alternateName)"),
            _c("same_as", "list", "external identifiers it is linked to (owl:sameAs)"),
            _c("articles", "int", "articles that name it"),
            _c("mentions", "int", "times it is named"),
            _c("statements", "int", "statements it is the speaker of"),
        ),
        f"""
SELECT ?entity ?kind ?name
       (GROUP_CONCAT(DISTINCT COALESCE(?alternate, ""); separator="{_S}") AS ?alternate_names)
       (GROUP_CONCAT(DISTINCT COALESCE(STR(?link), ""); separator="{_S}") AS ?same_as)
       (COALESCE(?naming, 0) AS ?articles) (COALESCE(?named, 0) AS ?mentions)
       (COALESCE(?spoken, 0) AS ?statements)
WHERE {{
  VALUES ?class {{ schema:Person schema:Organization schema:Place }}
  ?entity a ?class .
  BIND (STRAFTER(STR(?class), STR(schema:)) AS ?kind)
  OPTIONAL {{ ?entity schema:name ?name }}
  OPTIONAL {{ ?entity schema:alternateName ?alternate }}
  OPTIONAL {{ ?entity owl:sameAs ?link }}
  OPTIONAL {{ SELECT ?entity (COUNT(DISTINCT ?a) AS ?naming)
             WHERE {{ ?a a schema:NewsArticle ; schema:mentions ?entity }} GROUP BY ?entity }}
  OPTIONAL {{ SELECT ?entity (COUNT(?m) AS ?named)
             WHERE {{ ?m itsrdf:taIdentRef ?entity }} GROUP BY ?entity }}
  OPTIONAL {{ SELECT ?entity (COUNT(?q) AS ?spoken)
             WHERE {{ ?q a schema:Quotation ; schema:spokenByCharacter ?entity }}
             GROUP BY ?entity }}
}}
GROUP BY ?entity ?kind ?name ?naming ?named ?spoken
ORDER BY ?entity
""",
    ),
    Table(
        "mentions",
        "One row per mention of an entity in an article.",
        (
            _c("mention", "iri", "the mention's IRI (<article>#char=BEGIN,END)"),
            _c("article", "iri", "the article it is printed in"),
            _c("entity", "iri", "the entity it names"),
            _c("name", "text", "the entity's canonical name"),
            _c("kind", "text", "Person, Organization or Place"),
            _c("begin", "int", "offset of its first character in the article's text"),
            _c("end", "int", "offset just after its last character"),
            _c("text", "text", "the words printed (nif:anchorOf)"),
        ),
        """
SELECT ?mention ?article ?entity ?name ?kind ?begin ?end ?text
WHERE {
  ?mention itsrdf:taIdentRef ?entity ;
           nif:referenceContext ?article ;
           nif:beginIndex ?begin ;
           nif:endIndex ?end ;
           nif:anchorOf ?text .
  OPTIONAL { ?mention itsrdf:taClassRef ?class }
  BIND (STRAFTER(STR(?class), STR(schema:)) AS ?kind)
  OPTIONAL { ?entity schema:name ?name }
}
ORDER BY ?article ?begin ?end
""",
    ),
    Table(
        "statements",
        "One row per statement as one article prints it.",
        (
            _c("statement", "iri", "the schema:Quotation's IRI (<article>#quote=BEGIN,END)"),
            _c("article", "iri", "the article that prints it"),
            _c("outlet", "text", "the article's publisher"),
            _c("day", "date", "the article's day of publication"),
            _c("speaker", "iri", "the speaker's IRI (none when the text never says who)"),
            _c("speaker_name", "text", "the speaker's canonical name"),
            _c("speaker_kind", "text", "Person, Organization or Place"),
            _c("source_text", "text", "the words that name the speaker here ('he', 'the firm')"),
            _c("cue", "text", "the reporting verb's lemma (say, add, warn)"),
            _c("kind", "text", "direct, mixed or indirect"),
            _c("text", "text", "the words attributed, without quotation marks"),
            _c("begin", "int", "offset of the words' first character"),
            _c("end", "int", "offset just after their last character"),
            _c("claim", "iri", "the claim it is an appearance of, when several articles print it"),
        ),
        """
SELECT ?statement ?article ?outlet ?day ?speaker ?speaker_name ?speaker_kind ?source_text
       ?cue ?kind ?text ?begin ?end ?claim
WHERE {
  ?statement a schema:Quotation ;
             schema:isPartOf ?article ;
             schema:text ?text ;
             nif:beginIndex ?begin ;
             nif:endIndex ?end .
  OPTIONAL { ?statement kg:quoteKind ?kind }
  OPTIONAL { ?statement kg:cue ?cue }
  OPTIONAL { ?statement kg:sourceMention/nif:anchorOf ?source_text }
  OPTIONAL {
    ?statement schema:spokenByCharacter ?speaker .
    OPTIONAL { ?speaker schema:name ?speaker_name }
    OPTIONAL {
      VALUES ?class { schema:Person schema:Organization schema:Place }
      ?speaker a ?class .
      BIND (STRAFTER(STR(?class), STR(schema:)) AS ?speaker_kind)
    }
  }
  OPTIONAL { ?article schema:publisher/schema:name ?outlet }
  OPTIONAL { ?article schema:datePublished ?day }
  OPTIONAL { ?claim a schema:Claim ; schema:appearance ?statement }
}
ORDER BY ?article ?begin ?end
""",
    ),
    Table(
        "claims",
        "One row per statement across the articles that print it (schema:Claim).",
        (
            _c("claim", "iri", "the schema:Claim's IRI"),
            _c("speaker", "iri", "the speaker's IRI"),
            _c("speaker_name", "text", "the speaker's canonical name"),
            _c("text", "text", "the words, as the claim gives them"),
            _c("appearances", "int", "statements that print it"),
            _c("articles", "int", "articles that print it"),
            _c("outlets", "int", "outlets that print it (articles with no publisher left out)"),
            _c("outlet_names", "list", "their names"),
            _c("first_appearance", "iri", "the earliest statement where dates are known"),
            _c("first_day", "date", "the day of the earliest article that prints it"),
        ),
        f"""
SELECT ?claim ?speaker ?speaker_name ?text
       (COUNT(DISTINCT ?statement) AS ?appearances) (COUNT(DISTINCT ?article) AS ?articles)
       (COUNT(DISTINCT ?publisher) AS ?outlets)
       (GROUP_CONCAT(DISTINCT COALESCE(?outlet, ""); separator="{_S}") AS ?outlet_names)
       ?first_appearance ?first_day
WHERE {{
  ?claim a schema:Claim ; schema:text ?text ; schema:appearance ?statement .
  ?statement schema:isPartOf ?article .
  OPTIONAL {{ ?claim schema:author ?speaker .
             OPTIONAL {{ ?speaker schema:name ?speaker_name }} }}
  OPTIONAL {{ ?claim schema:firstAppearance ?first_appearance }}
  OPTIONAL {{ ?article schema:publisher ?publisher .
             OPTIONAL {{ ?publisher schema:name ?outlet }} }}
  OPTIONAL {{ SELECT ?claim (MIN(?published) AS ?first_day)
             WHERE {{ ?claim a schema:Claim ;
                            schema:appearance/schema:isPartOf/schema:datePublished ?published }}
             GROUP BY ?claim }}
}}
GROUP BY ?claim ?speaker ?speaker_name ?text ?first_appearance ?first_day
ORDER BY ?claim
""",
    ),
)


def _value(kind: Kind, term: Any) -> Any:
    if term is None:
        return [] if kind == "list" else None
    text: str = term.value
    if kind == "int":
        return int(text)
    if kind == "date":
        return datetime.date.fromisoformat(text[:10])
    if kind == "list":
        return sorted(item for item in text.split(LIST_SEPARATOR) if item)
    return text


def rows(graph: Graph, of: Table) -> Iterator[tuple[Any, ...]]:
    """The rows of table `of` over `graph`, as Python values in the columns' order."""
    for solution in graph.select(of.query):
        yield tuple(_value(column.kind, solution[column.name]) for column in of.columns)


@dataclass(frozen=True)
class Written:
    folder: Path
    counts: dict[str, int]


def export(graph: Graph, folder: Path, fmt: str = "parquet") -> Written:
    """Write every table of `graph` into `folder` as `<table>.parquet` or `<table>.csv`.

    The tables are written into a new folder beside `folder`, which then takes its place: a
    reader sees the old tables or the new, and a failed export leaves the old ones."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown table format {fmt!r}: choose one of {', '.join(FORMATS)}")
    folder = folder.absolute()
    staging = folder.with_name(f".{folder.name}.kg-new-{secrets.token_hex(4)}")
    counts: dict[str, int] = {}
    try:
        staging.mkdir(parents=True)
        for of in TABLES:
            data = list(rows(graph, of))
            counts[of.name] = len(data)
            path = staging / f"{of.name}.{fmt}"
            if fmt == "parquet":
                _parquet(of, data, path)
            else:
                _csv(of, data, path)
        _replace(staging, folder)
    except OSError as error:
        raise OutputError(f"{folder}: cannot write the tables: {error.strerror or error}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Written(folder, counts)


def _replace(new: Path, folder: Path) -> None:
    """Put `new` where `folder` is: the old folder is renamed aside, then removed."""
    old = None
    if folder.is_dir() and not folder.is_symlink():
        old = folder.with_name(f".{folder.name}.kg-old-{secrets.token_hex(4)}")
        os.rename(folder, old)
    try:
        os.rename(new, folder)
    except OSError:
        if old is not None:
            os.rename(old, folder)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _arrow_type(kind: Kind) -> Any:
    import pyarrow as pa

    return {
        "iri": pa.string(),
        "text": pa.string(),
        "int": pa.int64(),
        "date": pa.date32(),
        "list": pa.list_(pa.string()),
    }[kind]


def _parquet(of: Table, data: Sequence[tuple[Any, ...]], path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    fields = [
        pa.field(column.name, _arrow_type(column.kind), metadata={"description": column.doc})
        for column in of.columns
    ]
    schema = pa.schema(fields, metadata={"description": of.doc})
    arrays = [
        pa.array([row[index] for row in data], type=field.type)
        for index, field in enumerate(fields)
    ]
    pq.write_table(pa.Table.from_arrays(arrays, schema=schema), path, compression="zstd")


def _csv(of: Table, data: Sequence[tuple[Any, ...]], path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as file:
        write_csv(of, data, file)


def write_csv(of: Table, data: Iterable[tuple[Any, ...]], file: TextIO) -> None:
    """Table `of` as CSV (RFC 4180): a header of its column names, then a line a row.

    Lines end in CRLF, so that a field holding a lone CR or LF is quoted as well."""
    writer = csv.writer(file, lineterminator="\r\n")
    writer.writerow(column.name for column in of.columns)
    for row in data:
        writer.writerow(_csv_cell(value) for value in row)


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return CSV_LIST_SEPARATOR.join(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value
