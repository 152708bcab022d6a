"""Gazetteers: reading the user's files, ambiguity, and what links."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.errors import InputError
from kg.facts import Entity, EntityKind, Mention
from kg.resolve import gazetteer
from kg.resolve import names as names_module
from kg.resolve.gazetteer import Gazetteer, Record
from kg.resolve.link import link

WD = "http://www.wikidata.org/entity/"


def _entity(kind: EntityKind, name: str, *alternates: str, label: str = "GPE") -> Entity:
    mention = Mention(0, len(name), name, kind, label)
    return Entity(kind, name, tuple(alternates), (mention,))


def test_csv_reads_aliases_types_and_several_iris(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text(
        "# a comment\nname,aliases,type,iri\n"
        "Maghawir al-Thawra,Revolutionary Commando Army|MaT,ORG,"
        "https://example.org/x http://www.wikidata.org/entity/Q1\n",
        encoding="utf-8",
    )
    (record,) = gazetteer.read_file(path)
    assert record.kind is EntityKind.ORGANIZATION
    assert record.aliases == ("Revolutionary Commando Army", "MaT")
    assert record.iris == (WD + "Q1", "https://example.org/x")  # Wikidata first


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("name,type\nX,Person\n", "needs the columns name, type and iri"),
        ("name,type,iri\nX,Thing,http://e.org/x\n", ":2: type 'Thing' is not"),
        ("name,type,iri\nX,Person,not an iri\n", ":2: not an absolute IRI"),
        ("name,type,iri\n,Person,http://e.org/x\n", ":2: a gazetteer row needs a name"),
    ],
)
def test_bad_csv_is_an_input_error_with_its_line(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        gazetteer.read_file(path)


def test_turtle_reads_types_labels_and_same_as(tmp_path: Path) -> None:
    path = tmp_path / "g.ttl"
    path.write_text(
        """@prefix schema: <http://schema.org/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <https://example.org/p> a schema:Person ; schema:name "Eugeniy Poddubny" ;
            skos:altLabel "Yevgeny Poddubny" , "Евгений Поддубный"@ru ;
            owl:sameAs <http://www.wikidata.org/entity/Q2> .
        <https://example.org/o> a schema:Organization ; schema:name "Rossiya-24" .""",
        encoding="utf-8",
    )
    records = {r.name: r for r in gazetteer.read_file(path)}
    assert records["Eugeniy Poddubny"].aliases == ("Yevgeny Poddubny",)
    assert records["Eugeniy Poddubny"].iris == (WD + "Q2",)
    assert records["Rossiya-24"].iris == ("https://example.org/o",)


def test_bad_turtle_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "g.ttl"
    path.write_text("<a> <b> .", encoding="utf-8")
    with pytest.raises(InputError, match="not valid Turtle"):
        gazetteer.read_file(path)


def test_a_name_two_records_carry_links_to_neither() -> None:
    known = Gazetteer(
        [
            Record("Georgia", EntityKind.PLACE, (WD + "Q230",)),
            Record("Georgia", EntityKind.PLACE, (WD + "Q1428",)),
            Record("Tbilisi", EntityKind.PLACE, (WD + "Q994",), aliases=("Tiflis",)),
        ]
    )
    (georgia,) = link([_entity(EntityKind.PLACE, "Georgia")], known)
    assert georgia.same_as == ()
    (tbilisi,) = link([_entity(EntityKind.PLACE, "Tiflis")], known)
    assert (tbilisi.name, tbilisi.alternate_names, tbilisi.same_as) == (
        "Tbilisi",
        ("Tiflis",),
        (WD + "Q994",),
    )


def test_records_sharing_an_iri_are_one_record() -> None:
    known = Gazetteer(
        [
            Record("Syria", EntityKind.PLACE, (WD + "Q858",)),
            Record("Syrian Arab Republic", EntityKind.PLACE, (WD + "Q858", "https://e.org/s")),
        ]
    )
    assert len(known) == 1
    assert known.unique("syrian arab republic") == known.unique("Syria")


def test_a_person_is_never_linked_to_a_place_nor_a_team_to_its_city() -> None:
    known = gazetteer.load()
    (jordan,) = link([_entity(EntityKind.PERSON, "Jordan", label="PERSON")], known)
    assert jordan.same_as == () and jordan.kind is EntityKind.PERSON
    (detroit,) = link([_entity(EntityKind.ORGANIZATION, "Detroit", label="ORG")], known)
    assert detroit.same_as == () and detroit.kind is EntityKind.ORGANIZATION


def test_bundled_countries_and_cities() -> None:
    known = gazetteer.load()
    syria = known.unique("Syria")
    assert syria is not None
    assert syria.iris == (WD + "Q858", "https://sws.geonames.org/163843/")
    assert known.unique("U.S.") == known.unique("United States")
    assert known.unique("Salem") is None  # several cities, none much the largest
    assert known.unique("Georgia") is None  # the country, and a US state
    london = known.unique("London")
    assert london is not None and london.iris == ("https://sws.geonames.org/2643743/",)
    # A city named by an alternate name links only when its country is named too.
    raqqa = _entity(EntityKind.PLACE, "Raqqa")
    assert link([raqqa], known)[0].same_as == ()
    linked = link([raqqa, _entity(EntityKind.PLACE, "Syria")], known)
    assert linked[0].same_as == ("https://sws.geonames.org/172955/",)


names_ = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=30
).filter(lambda s: s.strip() and not s.lstrip().startswith("#") and "|" not in s)


@given(names_, st.lists(names_, max_size=3))
def test_any_names_survive_a_csv_gazetteer(name: str, aliases: list[str]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["name", "aliases", "type", "iri"])
    writer.writerow([name, "|".join(aliases), "Place", "http://www.wikidata.org/entity/Q1"])
    buffer.seek(0)
    (record,) = gazetteer.read_csv(buffer, "test.csv")
    assert record.name == names_module.clean(name)
    expected = [names_module.clean(a) for a in aliases]
    assert list(record.aliases) == [a for a in expected if a and a != record.name]
