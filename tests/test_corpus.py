"""Identity across the corpus (`kg.resolve.corpus`), on facts made by hand: no model needed."""

from __future__ import annotations

from kg.facts import (
    Article,
    ArticleFacts,
    Entity,
    EntityKind,
    Mention,
    Phrase,
    Relation,
    RelationKind,
)
from kg.rdf.iri import Minter
from kg.resolve.corpus import Identities, identify

PERSON, ORG, PLACE = EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.PLACE


def article(number: int, *named: tuple[EntityKind, str] | tuple[EntityKind, str, tuple[str, ...]],
            publisher: str | None = None) -> ArticleFacts:  # fmt: skip
    """An article naming each (kind, name[, links]) once, in order."""
    text, entities = "", []
    for one in named:
        kind, name = one[0], one[1]
        links = one[2] if len(one) > 2 else ()  # type: ignore[misc]
        begin = len(text)
        text += name + ". "
        mention = Mention(begin, begin + len(name), name, kind, "PERSON")
        entities.append(Entity(kind, name, (), (mention,), links))
    source = f"a/{number}"
    return ArticleFacts(
        Article(str(number), text, "Headline", source, publisher=publisher), tuple(entities)
    )


def iris(facts: list[ArticleFacts]) -> list[list[str]]:
    minter = Minter()
    return [[minter.entity_of(e).removeprefix(minter.base) for e in f.entities] for f in facts]


def test_a_lone_surname_joins_the_one_person_of_that_surname() -> None:
    facts = identify([article(1, (PERSON, "Margaret Collins")), article(2, (PERSON, "Collins"))])
    assert iris(facts) == [["person/margaret-collins"], ["person/margaret-collins"]]
    assert facts[1].entities[0].name == "Margaret Collins"


def test_a_lone_surname_of_two_people_stays_apart() -> None:
    facts = identify(
        [
            article(1, (PERSON, "Hillary Clinton")),
            article(2, (PERSON, "Bill Clinton")),
            article(3, (PERSON, "Clinton")),
        ]
    )
    assert iris(facts)[2] == ["person/clinton"]


def test_a_lone_surname_joins_a_person_who_dominates_the_corpus() -> None:
    many = [article(n, (PERSON, "Donald Trump")) for n in range(20)]
    facts = identify([*many, article(20, (PERSON, "Ivanka Trump")), article(21, (PERSON, "Trump"))])
    assert iris(facts)[-1] == ["person/donald-trump"]
    # ... but not when ten times as many articles is not reached
    facts = identify(
        [*many[:5], article(20, (PERSON, "Ivanka Trump")), article(21, (PERSON, "Trump"))]
    )
    assert iris(facts)[-1] == ["person/trump"]


def test_an_article_that_names_two_people_of_a_surname_keeps_its_lone_surname_apart() -> None:
    many = [article(n, (PERSON, "Donald Trump")) for n in range(80)]
    both = article(80, (PERSON, "Ivanka Trump"), (PERSON, "Eric Trump"), (PERSON, "Trump"))
    more = [
        article(n, (PERSON, name))
        for n, name in (
            (81, "Ivanka Trump"),
            (82, "Eric Trump"),
            (84, "Ivanka Trump"),
            (85, "Eric Trump"),
        )
    ]
    facts = identify([*many, both, *more, article(83, (PERSON, "Trump"))])
    assert iris(facts)[80][-1] == "person/trump"
    assert iris(facts)[-1] == ["person/donald-trump"]
    # A misread phrase in one article (`Removing Trump`) is no second person of the surname.
    misread = article(80, (PERSON, "Removing Trump"), (PERSON, "Ivanka Trump"), (PERSON, "Trump"))
    facts = identify([*many, misread, *more[:1]])
    assert iris(facts)[80][-1] == "person/donald-trump"


def test_a_full_name_joins_the_one_longer_form_with_the_same_first_name() -> None:
    facts = identify(
        [article(1, (PERSON, "Donald J. Trump")), article(2, (PERSON, "Donald Trump"))]
    )
    assert iris(facts) == [["person/donald-j-trump"], ["person/donald-j-trump"]]
    facts = identify([article(1, (PERSON, "Maria Salem")), article(2, (PERSON, "Asaad Salem"))])
    assert iris(facts) == [["person/maria-salem"], ["person/asaad-salem"]]


def test_one_name_gets_the_kind_most_of_the_corpus_gives_it() -> None:
    facts = identify(
        [
            article(1, (ORG, "Twitter")),
            article(2, (ORG, "Twitter")),
            article(3, (PERSON, "Twitter")),
        ]
    )
    assert iris(facts) == [["organization/twitter"]] * 3
    assert facts[2].entities[0].kind is ORG


def test_a_name_used_for_two_things_keeps_both() -> None:
    facts = identify([article(1, (PLACE, "Jordan")), article(2, (PERSON, "Jordan"))])
    assert iris(facts) == [["place/jordan"], ["person/jordan"]]
    # and the votes never make a person a place, however many
    many = [article(n, (PLACE, "Jordan")) for n in range(2, 12)]
    assert iris(identify([article(1, (PERSON, "Jordan")), *many]))[0] == ["person/jordan"]


def test_unlinked_forms_of_a_linked_entity_join_it() -> None:
    obama = ("http://www.wikidata.org/entity/Q76",)
    facts = identify(
        [article(1, (PERSON, "Barack Obama", obama)), article(2, (PERSON, "Barack Obama"))]
    )
    assert iris(facts) == [["person/wd/Q76"], ["person/wd/Q76"]]
    # never across persons and places
    syria = ("http://www.wikidata.org/entity/Q858",)
    facts = identify([article(1, (PLACE, "Syria", syria)), article(2, (PERSON, "Syria"))])
    assert iris(facts)[1] == ["person/syria"]


def test_the_decisions_do_not_depend_on_the_order_of_the_articles() -> None:
    some = [
        article(1, (PERSON, "Margaret Collins"), (ORG, "Farm Bureau")),
        article(2, (PERSON, "Collins"), (PLACE, "Farm Bureau")),
        article(3, (ORG, "Farm Bureau"), (PERSON, "Daniel Reyes")),
    ]
    forward = identify(some)
    backward = identify(list(reversed(some)))
    assert iris(forward) == list(reversed(iris(backward)))
    identities = Identities()
    for one in some:
        identities.add(one)
    again = Identities()
    for one in reversed(some):
        again.add(one)
    assert sorted(map(repr, identities.described())) == sorted(map(repr, again.described()))


def test_a_publisher_stays_an_organisation_whatever_the_votes() -> None:
    people = [article(n, (PERSON, "Ann Coulter")) for n in range(5)]
    facts = identify([*people, article(9, publisher="Ann Coulter")])
    assert facts[-1].publisher is not None
    assert facts[-1].publisher.kind is ORG
    assert iris(facts)[0] == ["person/ann-coulter"]


def test_a_publisher_is_an_organisation_of_the_corpus() -> None:
    facts = identify(
        [
            article(1, (PLACE, "Duran")),
            article(2, publisher="The Duran"),
            article(3, publisher="The Duran"),
        ]
    )
    assert iris(facts)[0] == ["organization/duran"]
    assert facts[1].publisher is not None and facts[1].publisher.name == "The Duran"


def test_a_relation_whose_kinds_the_corpus_changed_is_left_out() -> None:
    one = article(1, (PERSON, "Daniel Reyes"), (ORG, "Amber"))
    reyes, amber = (e.mentions[0] for e in one.entities)
    sentence = Phrase(0, len(one.article.text), one.article.text)
    related = ArticleFacts(
        one.article,
        one.entities,
        relations=(Relation(reyes, RelationKind.WORKS_FOR, amber, None, sentence),),
    )
    places = [article(n, (PLACE, "Amber")) for n in range(2, 6)]
    facts = identify([related, *places])
    assert facts[0].entities[1].kind is PLACE
    assert facts[0].relations == ()
    assert identify([related])[0].relations == related.relations
