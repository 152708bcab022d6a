"""Data kg ships: the gazetteer (`gazetteer.csv`) and the SHACL shapes (`shapes/`)."""
