"""kg: build a linked-data knowledge graph of people, organisations, places and statements
from news articles.

    import kg
    pipe = kg.load()                                   # or kg.load(kg.Settings(...))
    facts = pipe("Headline\\n\\nMaria Zakharova said the talks failed.")
    graph = kg.to_graph([facts])                       # an rdflib.Dataset, as graph.nq
    report = kg.validate(graph)                        # report.conforms, report.violations
    result = kg.build(["seeds"], "output")             # what `kg build` does

Importing kg is fast: each name is imported on first use (PEP 562), so `kg --help` loads
neither spaCy nor rdflib.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "load": "kg.pipeline",
    "Pipeline": "kg.pipeline",
    "Settings": "kg.settings",
    "Article": "kg.facts",
    "ArticleFacts": "kg.facts",
    "Entity": "kg.facts",
    "Mention": "kg.facts",
    "Statement": "kg.facts",
    "Relation": "kg.facts",
    "Problem": "kg.facts",
    "to_graph": "kg.rdf.dataset",
    "validate": "kg.rdf.shacl",
    "Report": "kg.rdf.shacl",
    "Violation": "kg.rdf.shacl",
    "build": "kg.builder",
    "BuildResult": "kg.builder",
    "KgError": "kg.errors",
    "ArticleError": "kg.errors",
    "ConfigurationError": "kg.errors",
    "InputError": "kg.errors",
}
__all__ = [
    "Article",
    "ArticleError",
    "ArticleFacts",
    "BuildResult",
    "ConfigurationError",
    "Entity",
    "InputError",
    "KgError",
    "Mention",
    "Pipeline",
    "Problem",
    "Relation",
    "Report",
    "Settings",
    "Statement",
    "Violation",
    "build",
    "load",
    "to_graph",
    "validate",
]

if TYPE_CHECKING:
    from kg.builder import BuildResult, build
    from kg.errors import ArticleError, ConfigurationError, InputError, KgError
    from kg.facts import Article, ArticleFacts, Entity, Mention, Problem, Relation, Statement
    from kg.pipeline import Pipeline, load
    from kg.rdf.dataset import to_graph
    from kg.rdf.shacl import Report, Violation, validate
    from kg.settings import Settings


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
