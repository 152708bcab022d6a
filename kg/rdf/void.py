"""The VoID description of an emitted dataset, and the PROV activity of the run that made it."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime

from pyoxigraph import BlankNode, Literal, NamedNode, Triple
from rdflib import RDF, XSD

from kg import __version__
from kg.rdf.emit import MergedCounts
from kg.rdf.iri import Minter
from kg.rdf.triples import node, text, typed
from kg.rdf.vocab import DCT, KG, PREFIXES, PROV, SCHEMA, VOID, VOID_CLASS


@dataclass(frozen=True)
class RunInfo:
    """What describes a run: the settings that shape its output, and when it ran."""

    model: str
    """The spaCy pipeline: package name, and its own name and version."""
    base_iri: str
    fingerprint: str
    """A digest of the settings and of every article's IRI and text: the run's identity."""
    started: datetime
    ended: datetime


class Fingerprint:
    """A running digest of what shapes a run's output (held in constant memory)."""

    def __init__(self, *parts: str) -> None:
        self._digest = hashlib.sha256()
        self.add(*parts)

    def add(self, *parts: str) -> None:
        for part in parts:
            self._digest.update(part.encode("utf-8", "surrogatepass"))
            self._digest.update(b"\0")

    def hexdigest(self) -> str:
        return self._digest.hexdigest()[:24]


def build_time() -> datetime | None:
    """The time to record, fixed by SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return None


def _when(moment: datetime) -> Literal:
    fixed = build_time()
    return typed((fixed or moment).replace(microsecond=0).isoformat(), XSD.dateTime)


def dataset_triples(counts: MergedCounts, run: RunInfo, minter: Minter) -> list[Triple]:
    dataset = NamedNode(minter.dataset())
    activity = NamedNode(minter.run(run.fingerprint))
    software = NamedNode(minter.software(__version__))
    t: list[Triple] = []

    def add(s: NamedNode | BlankNode, p: str, o: NamedNode | BlankNode | Literal) -> None:
        t.append(Triple(s, node(p), o))

    add(dataset, RDF.type, node(VOID.Dataset))
    add(dataset, DCT.title, text("Knowledge graph built by kg"))
    add(dataset, DCT.created, _when(run.ended))
    add(dataset, VOID.triples, typed(counts.triples, XSD.integer))
    add(dataset, VOID.entities, typed(counts.entities, XSD.integer))
    add(dataset, VOID.classes, typed(len(counts.classes), XSD.integer))
    for prefix in ("schema", "nif", "itsrdf", "prov", "dct"):
        add(dataset, VOID.vocabulary, NamedNode(PREFIXES[prefix]))
    partitions = [(BlankNode(f"class{i}"), c, n) for i, (c, n) in enumerate(counts.classes.items())]
    for partition, _, _ in partitions:
        add(dataset, VOID.classPartition, partition)
    add(dataset, PROV.wasGeneratedBy, activity)
    for partition, class_iri, members in partitions:
        add(partition, VOID_CLASS, NamedNode(class_iri))
        add(partition, VOID.entities, typed(members, XSD.integer))

    add(activity, RDF.type, node(PROV.Activity))
    add(activity, PROV.startedAtTime, _when(run.started))
    add(activity, PROV.endedAtTime, _when(run.ended))
    add(activity, PROV.wasAssociatedWith, software)
    add(activity, KG.languageModel, text(run.model))
    add(activity, KG.baseIri, text(run.base_iri))

    add(software, RDF.type, node(PROV.SoftwareAgent))
    add(software, SCHEMA.name, text("kg"))
    add(software, SCHEMA.softwareVersion, text(__version__))
    return t
