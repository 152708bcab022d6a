"""The spaCy world's first half: the pipeline (`language`), its components and parsing
(`parse`). Never imports rdflib."""
