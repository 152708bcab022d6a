"""The import contract: the spaCy world and the RDF world meet only through plain facts.

`kg.extract` and `kg.nlp` never import rdflib, pyoxigraph or pySHACL; `kg.read`, `kg.resolve`,
`kg.rdf`, what serves and exports a build, and `kg.eval`'s scoring never import spaCy; `import kg`
and `kg --help` import neither.
Each check runs in a fresh interpreter, so nothing another test imported can hide a breach.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT

RDF_LIBRARIES = ("rdflib", "pyoxigraph", "pyshacl")
SPACY = ("spacy", "thinc")


def _modules(package: str) -> list[str]:
    folder = ROOT / package.replace(".", "/")
    found = [package]
    for path in sorted(folder.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] != "__init__":
            found.append(".".join(parts))
        elif len(parts) > 2:
            found.append(".".join(parts[:-1]))
    return sorted(set(found))


def _loaded_after(code: str) -> set[str]:
    script = f"import sys\n{code}\nimport json\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return {name.split(".")[0] for name in json.loads(done.stdout.splitlines()[-1])}


@pytest.mark.parametrize("module", [*_modules("kg.extract"), *_modules("kg.nlp")])
def test_the_spacy_world_never_imports_rdf(module: str) -> None:
    loaded = _loaded_after(f"import {module}")
    assert not loaded & set(RDF_LIBRARIES), module


SPACY_FREE = [*_modules("kg.read"), *_modules("kg.resolve"), *_modules("kg.rdf")]
SPACY_FREE += [
    "kg.tables",
    "kg.endpoint",
    "kg.examples",
    "kg.gsp",
]  # what exports and serves a build


@pytest.mark.parametrize("module", SPACY_FREE)
def test_the_rdf_world_and_resolution_never_import_spacy(module: str) -> None:
    loaded = _loaded_after(f"import {module}")
    assert not loaded & set(SPACY), module


@pytest.mark.parametrize(
    "module", ["kg", "kg.facts", "kg.lexicon", "kg.settings", "kg.errors", "kg.cli"]
)
def test_shared_modules_import_neither(module: str) -> None:
    loaded = _loaded_after(f"import {module}")
    assert not loaded & {*RDF_LIBRARIES, *SPACY}, module


def test_kg_help_imports_neither() -> None:
    code = "from kg.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass"
    loaded = _loaded_after(code)
    assert not loaded & {*RDF_LIBRARIES, *SPACY}


def test_the_api_names_resolve_lazily() -> None:
    import kg

    for name in kg.__all__:
        assert getattr(kg, name) is not None, name
    with pytest.raises(AttributeError):
        kg.no_such_name  # noqa: B018
