"""The RDF world: vocabulary (`vocab`), IRIs (`iri`), facts to triples (`triples`), the
per-article dataset (`dataset`), JSON-LD (`jsonld`), files (`emit`), VoID (`void`) and SHACL
(`shacl`, `rudof`, `convert`). Never imports spaCy."""
