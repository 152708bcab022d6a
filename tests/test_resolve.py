"""Resolution rules on hand-built mentions (no model needed)."""

from __future__ import annotations

from kg.facts import EntityKind, Mention
from kg.resolve.entities import resolve

P, ORG, L = EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.PLACE


def mentions(*items: tuple[str, EntityKind]) -> list[Mention]:
    out, position = [], 0
    for text, kind in items:
        out.append(Mention(position, position + len(text), text, kind, kind.name))
        position += len(text) + 10
    return out


def summary(items: list[Mention]) -> list[tuple[str, str, tuple[str, ...], int]]:
    return [(e.kind.value, e.name, e.alternate_names, len(e.mentions)) for e in resolve(items)]


def test_surname_and_particle_forms_join_the_full_name() -> None:
    got = summary(mentions(("Salem", ORG), ("Asaad As-Salem", P), ("As-Salem", L), ("Salem", P)))
    assert got == [("Person", "Asaad As-Salem", ("As-Salem", "Salem"), 4)]


def test_full_name_is_canonical_even_when_it_comes_later() -> None:
    got = summary(mentions(("Zakharova", P), ("Maria Zakharova", P)))
    assert got == [("Person", "Maria Zakharova", ("Zakharova",), 2)]


def test_shared_surname_is_not_guessed() -> None:
    got = summary(mentions(("Bill Clinton", P), ("Hillary Clinton", P), ("Clinton", P)))
    assert [g[1] for g in got] == ["Bill Clinton", "Hillary Clinton", "Clinton"]


def test_places_and_organisations_merge_by_normalised_name() -> None:
    items = [("U.S.", L), ("US", L), ("the Islamic State", ORG), ("Islamic State", ORG)]
    got = summary(mentions(*items))
    assert got == [
        ("Place", "U.S.", ("US",), 2),
        ("Organization", "the Islamic State", ("Islamic State",), 2),
    ]


def test_a_place_is_not_a_person_by_first_name() -> None:
    got = summary(mentions(("George Washington", P), ("George", L)))
    assert [g[:2] for g in got] == [("Person", "George Washington"), ("Place", "George")]


def test_entities_in_order_of_first_mention() -> None:
    got = summary(mentions(("Iraq", L), ("Maria Zakharova", P), ("Syria", L)))
    assert [g[1] for g in got] == ["Iraq", "Maria Zakharova", "Syria"]


def test_a_one_word_organisation_joins_its_one_longer_form() -> None:
    got = summary(mentions(("The New York Times", ORG), ("Times", ORG), ("Post", ORG)))
    assert got == [
        ("Organization", "The New York Times", ("Times",), 2),
        ("Organization", "Post", (), 1),
    ]
    # Two longer forms end with the word: which one is not guessed.
    got = summary(mentions(("Los Angeles Times", ORG), ("New York Times", ORG), ("Times", ORG)))
    assert len(got) == 3
