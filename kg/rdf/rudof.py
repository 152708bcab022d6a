"""SHACL with rudof (pyrudof, the Rust engine of the rudof project): the same shapes, the same
report value as `kg.rdf.shacl`'s pySHACL, in a fraction of the time. pySHACL stays the reference:
`tests/test_shapes.py` checks that both engines give every broken graph of the shape tests the
same verdict, focus nodes and paths.

rudof's messages differ from pySHACL's where a shape gives none of its own (`MinCount(1) not
satisfied`), and it reads `sh:message` only on some constraints: compare engines by focus node
and path, not by message.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyrudof
from pyoxigraph import Quad, RdfFormat, Triple, serialize
from rdflib import Graph

from kg.rdf.shacl import Report, Violation


class RudofValidator:
    """kg's shapes for rudof, validating one graph at a time."""

    def __init__(self, shapes: Graph) -> None:
        self._shapes = shapes.serialize(format="turtle")

    def validate(self, data: Graph) -> Report:
        """Validate an rdflib graph."""
        return self._validate(data.serialize(format="nt"))

    def validate_quads(self, quads: Iterable[Quad | Triple]) -> Report:
        """Validate pyoxigraph quads (their graph names dropped): no rdflib on the way."""
        triples = [q.triple if isinstance(q, Quad) else q for q in quads]
        return self._validate((serialize(triples, format=RdfFormat.N_TRIPLES) or b"").decode())

    def _validate(self, ntriples: str) -> Report:
        # A new session each time: measured, it costs 5 ms with the shapes read again, where
        # `reset_data` and a new read of the data cost 80 ms, and a read without it adds to the
        # data instead of replacing it (pyrudof 0.3.35).
        rudof = pyrudof.Rudof(pyrudof.RudofConfig())
        rudof.read_shacl(self._shapes, pyrudof.ShaclFormat.Turtle)
        rudof.read_data(
            ntriples,
            pyrudof.RDFFormat.NTriples,
            reader_mode=pyrudof.ReaderMode.Strict,
        )
        found = rudof.validate_shacl()
        violations = sorted(
            _violations(found.violations),
            key=lambda v: (v.focus, v.path or "", v.message, v.value or ""),
        )
        return Report(conforms=bool(found.conforms), violations=tuple(violations))


def _violations(results: Iterable[pyrudof.ShaclValidationEntry]) -> Iterable[Violation]:
    for result in results:
        value = result.value
        yield Violation(
            focus=str(result.focus_node),
            path=str(result.path) if result.path else None,
            message=_unquoted(str(result.message or "")) or "constraint violated",
            severity=str(result.severity).rsplit("#", 1)[-1],
            value=_unquoted(value) if value else None,
            value_is_iri=bool(value) and not str(value).startswith('"'),
            source_shape=str(result.constraint_component or "") or None,
        )


def _unquoted(text: str) -> str:
    """rudof writes messages and literal values as Turtle literals: `"..."`."""
    if len(text) >= 2 and text.startswith('"') and text.endswith('"'):
        return text[1:-1]
    return text
