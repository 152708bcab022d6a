"""The namespaces of the external IRIs kg links to, as plain strings.

Here rather than in `kg.rdf.vocab` (which is rdflib's) so that the gazetteer and the spaCy side
can name them without importing rdflib; `kg.rdf.vocab` re-exports them.
"""

WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"
"""Wikidata's concept IRIs (`owl:sameAs` targets): `http://www.wikidata.org/entity/Q858`."""
GEONAMES = "https://sws.geonames.org/"
"""GeoNames' feature IRIs: `https://sws.geonames.org/163843/`."""
