"""Data kg ships: the gazetteer (`gazetteer.csv`), the SHACL shapes (`shapes/`), the example
queries (`queries.md`, a link to docs/queries.md) and the page of `kg serve` (`endpoint.html`)."""
