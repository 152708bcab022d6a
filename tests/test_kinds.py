"""One kind per name: the vote between the model, the context and the gazetteer."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kg.facts import EntityKind, Hint, Mention
from kg.resolve.gazetteer import Gazetteer, Record
from kg.resolve.vote import vote

PERSON, ORG, PLACE = EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.PLACE
TEXT = "the Maghawir al-Thawra group; Maghawir al-Thawra said; at-Tanf and the Al-Tanf base"


def _mention(name: str, kind: EntityKind, label: str, nth: int = 0) -> Mention:
    begin = -1
    for _ in range(nth + 1):
        begin = TEXT.index(name, begin + 1)
    return Mention(begin, begin + len(name), name, kind, label)


def test_strong_hints_outvote_the_model_for_every_mention_of_the_name() -> None:
    first = _mention("Maghawir al-Thawra", PERSON, "PERSON")
    second = _mention("Maghawir al-Thawra", PERSON, "PERSON", 1)
    hint = Hint(first.begin, first.end, ORG, True, "head")
    assert [m.kind for m in vote([first, second], [hint], TEXT)] == [ORG, ORG]
    weak = Hint(first.begin, first.end, ORG, False, "preposition")
    assert [m.kind for m in vote([first, second], [weak], TEXT)] == [PERSON, PERSON]


def test_a_strong_hint_where_the_model_saw_nothing_adds_a_mention() -> None:
    begin = TEXT.index("Al-Tanf")
    (added,) = vote([], [Hint(begin, begin + 7, PLACE, True, "head")], TEXT)
    assert (added.text, added.kind, added.label) == ("Al-Tanf", PLACE, "kg:head")
    assert vote([], [Hint(begin, begin + 7, PLACE, False, "preposition")], TEXT) == []


def test_the_gazetteer_decides_but_never_makes_a_person_a_place() -> None:
    group = Record("Maghawir al-Thawra", ORG, ("https://e.org/mat",))
    known = Gazetteer([group])
    person = _mention("Maghawir al-Thawra", PERSON, "PERSON")
    assert vote([person], [], TEXT, known)[0].kind is ORG
    place = Gazetteer([Record("Maghawir al-Thawra", PLACE, ("https://e.org/p",))])
    assert vote([person], [], TEXT, place)[0].kind is PERSON
    city = Gazetteer([Record("Maghawir al-Thawra", PLACE, ("https://e.org/c",), population=9)])
    organisation = _mention("Maghawir al-Thawra", ORG, "ORG")
    assert vote([organisation], [], TEXT, city)[0].kind is ORG  # a city only confirms a place


kinds = st.sampled_from(list(EntityKind))


@given(st.lists(st.tuples(kinds, st.integers(0, 1)), min_size=1, max_size=6), st.lists(kinds))
def test_every_mention_of_a_name_gets_one_kind(
    labels: list[tuple[EntityKind, int]], hinted: list[EntityKind]
) -> None:
    mentions = [_mention("Maghawir al-Thawra", k, k.value, nth) for k, nth in labels]
    first = mentions[0]
    hints = [Hint(first.begin, first.end, k, True, "head") for k in hinted]
    voted = vote(mentions, hints, TEXT)
    assert len({m.kind for m in voted}) == 1
    assert {(m.begin, m.end) for m in voted} == {(m.begin, m.end) for m in mentions}
