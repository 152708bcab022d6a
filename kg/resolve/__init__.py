"""Plain Python over facts, no spaCy: name keys (`names`), one type per name (`vote`), entities
within an article (`entities`), links (`gazetteer`, `link`) and claims across articles
(`claims`)."""
