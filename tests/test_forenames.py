"""First names and the gender they tell (nomquamgender's table, read from the package)."""

from __future__ import annotations

from kg.resolve import forenames
from kg.resolve.forenames import Gender


def test_common_first_names_and_what_is_not_one() -> None:
    for name in ("Jean-Michel", "Lars", "Sarah", "David", "José"):
        assert forenames.is_forename(name), name
    for word in ("Swiss", "The", "Police", "Thursday", ""):
        assert not forenames.is_forename(word), word


def test_gender_only_when_the_name_tells_it_clearly() -> None:
    assert forenames.gender("Sarah") is Gender.FEMALE
    assert forenames.gender("Nancy") is Gender.FEMALE
    assert forenames.gender("Mitch") is Gender.MALE
    assert forenames.gender("DAVID") is Gender.MALE
    # Names borne by both (Lindsey Graham is a man): no gender, so no pronoun is refused.
    for name in ("Lindsey", "Kim", "Jordan", "Taylor", "Unknownname"):
        assert forenames.gender(name) is None, name
