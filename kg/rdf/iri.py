"""The one module that mints IRIs. Every IRI is a pure function of its content and the base.

Article ids and names are percent-encoded (RFC 3987 `iunreserved` minus non-ASCII, so the IRIs are
also plain URIs), which keeps every output format's IRIs valid whatever the input text holds.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from pyoxigraph import NamedNode

from kg.errors import ConfigurationError
from kg.facts import Entity, EntityKind
from kg.rdf.namespaces import GEONAMES, WIKIDATA_ENTITY
from kg.resolve import names
from kg.resolve.corpus import Described
from kg.settings import DEFAULT_BASE_IRI

_SAFE_PATH = "-._~"
_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _segment(text: str) -> str:
    encoded = quote(unicodedata.normalize("NFC", text), safe=_SAFE_PATH)
    # "." and ".." segments would be removed by IRI normalisation: encode them.
    return encoded.replace(".", "%2E") if set(encoded) <= {"."} else encoded


@dataclass(frozen=True)
class Minter:
    """Mints the IRIs of one dataset under `base`."""

    base: str = DEFAULT_BASE_IRI

    def __post_init__(self) -> None:
        parts = urlsplit(self.base)
        if (
            not _ABSOLUTE.match(self.base)
            or not self.base.endswith(("/", "#"))
            or any(c in self.base for c in ' <>"{}|\\^`\n\r\t')
            or (parts.scheme in {"http", "https"} and not parts.netloc)
        ):
            raise ConfigurationError(
                f"base IRI must be an absolute IRI ending in '/' or '#': {self.base!r}"
            )
        # Every IRI kg mints must be one: a mention's (`#char=`) and a claim's, whole.
        article = self.article("kg/x")
        person = self.entity(EntityKind.PERSON, "x")
        for sample in (self.mention(article, 0, 1), self.claim("x"), person):
            try:
                NamedNode(sample)
            except ValueError as error:
                raise ConfigurationError(
                    f"base IRI {self.base!r} does not make valid IRIs ({sample}: {error})"
                ) from None

    def article(self, article_id: str) -> str:
        """`<base>article/<id>`; a `/` in the id stays a path separator (`article/tech/057`)."""
        return self.base + "article/" + "/".join(_segment(s) for s in article_id.split("/"))

    def mention(self, article_iri: str, begin: int, end: int) -> str:
        """RFC 5147 fragment, as NIF does: `<article>#char=BEGIN,END`."""
        return f"{article_iri}#char={begin},{end}"

    def quotation(self, article_iri: str, begin: int, end: int) -> str:
        """`<article>#quote=BEGIN,END`: a statement at those offsets of the article."""
        return f"{article_iri}#quote={begin},{end}"

    def record_field(self, article_iri: str, name: str) -> str:
        """`<article>#field=<name>`: one field of the input record the article was read from."""
        return f"{article_iri}#field={_segment(name)}"

    def relation(self, article_iri: str, subject: str, predicate: str, obj: str) -> str:
        """`<article>#relation=<hash>`: one reified statement of an article (subject, predicate
        and object IRIs or literal text make the hash), with the sentences that say it."""
        key = "\0".join((subject, predicate, obj))
        digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        return f"{article_iri}#relation={digest}"

    def claim(self, key: str) -> str:
        """`<base>claim/<hash>`: one statement across articles, named by its normalised words
        (`kg.claims` chooses them)."""
        digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:20]
        return f"{self.base}claim/{digest}"

    def entity(self, kind: EntityKind, name: str) -> str:
        """`<base>person/asaad-as-salem`: the same kind and normalised name, the same IRI.
        Organisations and places are named without Arabic-style particles (`place/tanf` for
        `Al-Tanf` and `At-Tanf`), as resolution groups them."""
        slug = names.key(name) if kind is EntityKind.PERSON else names.loose_key(name)
        if not slug:  # a name of punctuation alone still needs a stable IRI
            slug = "_" + hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        return f"{self.base}{kind.value.lower()}/{_segment(slug)}"

    def linked_entity(self, kind: EntityKind, external: str) -> str:
        """`<base>place/wd/Q858`, `<base>place/gn/163843`: a linked entity is named by the IRI
        it is linked to, so every spelling of it, in every article, is one entity. (An unlinked
        name's slug never holds a `/`, so the two never collide.)"""
        path = kind.value.lower()
        for prefix, short in ((WIKIDATA_ENTITY, "wd"), (GEONAMES, "gn")):
            if external.startswith(prefix):
                local = external[len(prefix) :].strip("/")
                if local and "/" not in local:
                    return f"{self.base}{path}/{short}/{_segment(local)}"
        digest = hashlib.sha256(external.encode("utf-8", "surrogatepass")).hexdigest()[:20]
        return f"{self.base}{path}/iri/{digest}"

    def entity_of(self, entity: Entity | Described) -> str:
        """The IRI of an entity: by its link when it has one, else by kind and name."""
        if entity.same_as:
            return self.linked_entity(entity.kind, entity.same_as[0])
        return self.entity(entity.kind, entity.name)

    def source(self, source: str) -> str:
        path, _, fragment = source.partition("#")
        iri = self.base + "source/" + "/".join(_segment(s) for s in path.split("/"))
        return f"{iri}#{quote(fragment, safe='=')}" if fragment else iri

    def entities_graph(self) -> str:
        """The named graph of what is said of the entities themselves (type, names, links)."""
        return self.base + "entities"

    def claims_graph(self) -> str:
        """The named graph of the claims (they belong to no one article)."""
        return self.base + "claims"

    def dataset(self) -> str:
        return self.base + "dataset"

    def run(self, fingerprint: str) -> str:
        return f"{self.base}run/{_segment(fingerprint)}"

    def software(self, version: str) -> str:
        return f"{self.base}software/kg/{_segment(version)}"
