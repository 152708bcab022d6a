"""kg's fixes to the spaCy pipeline, and the extractor, on short texts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import ClassVar

import pytest
from hypothesis import given
from hypothesis import strategies as st
from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc
from spacy.util import minibatch

from kg.extract import mentions as extract
from kg.facts import Article, EntityKind
from kg.nlp import language as nlp_language
from kg.nlp import parse as nlp


def mentions(language: Language, text: str) -> list[tuple[str, EntityKind]]:
    doc = language(nlp.prepare(text))
    return [(m.text, m.kind) for m in extract.mentions(doc, text)]


@pytest.mark.model
def test_prefixed_arabic_names_stay_one_token(language: Language) -> None:
    doc = language("Asaad As-Salem said, and al-Assad replied.")
    assert "As-Salem" in [t.text for t in doc]
    assert "al-Assad" in [t.text for t in doc]


@pytest.mark.model
def test_a_newline_starts_a_sentence(language: Language) -> None:
    doc = language("Headline without a stop\nNews Agencies 1 September 2017\n\nBody starts here.")
    sentences = [s.text.strip() for s in doc.sents]
    assert sentences[0] == "Headline without a stop"
    assert sentences[-1] == "Body starts here."
    assert not any("\n" in s for s in sentences)  # no sentence runs over a line break


@pytest.mark.model
def test_no_break_spaces_do_not_split_names(language: Language) -> None:
    text = "Russia's foreign ministry spokesperson Maria\u00a0Zakharova said so."
    found = mentions(language, text)
    assert ("Maria\u00a0Zakharova", EntityKind.PERSON) in found  # the text as printed
    assert len(nlp.prepare(text)) == len(text)


@pytest.mark.model
def test_titles_are_not_part_of_names(language: Language) -> None:
    text = "Russian Foreign Ministry Spokeswoman Maria Zakharova has responded."
    assert ("Maria Zakharova", EntityKind.PERSON) in mentions(language, text)


@pytest.mark.model
def test_label_mapping(language: Language) -> None:
    found = mentions(
        language, "Angela Merkel met Google executives in Berlin. Many Germans agreed."
    )
    assert ("Angela Merkel", EntityKind.PERSON) in found
    assert ("Google", EntityKind.ORGANIZATION) in found
    assert ("Berlin", EntityKind.PLACE) in found
    assert all(text != "Germans" for text, _ in found)  # NORP is not an entity


class _Boom(Pipe):
    """Fails on any text with BOOM in it, and like spaCy's trainable pipes, drops its whole
    batch through the error handler when one doc of it fails."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        if "BOOM" in doc.text:
            raise ValueError("cannot parse BOOM")
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        for batch in minibatch(stream, size=batch_size):
            try:
                yield from [self(doc) for doc in batch]
            except Exception as error:
                self.get_error_handler()(self.name, self, batch, error)


Language.factory("kg_test_boom", func=_Boom)


@pytest.mark.model
def test_one_failing_article_loses_only_itself() -> None:
    language = nlp_language.load()
    language.add_pipe("kg_test_boom", last=True)
    articles = [
        Article(id=str(i), text=text, headline=text, source=f"{i}.txt")
        for i, text in enumerate(["Paris is big.", "BOOM goes Berlin.", "Rome is old.", "Oslo."])
    ]
    parsed = list(nlp.parse(language, articles, batch_size=4))
    assert [p.article.id for p in parsed] == ["0", "1", "2", "3"]
    assert [p.error for p in parsed] == [
        None, "language processing failed: cannot parse BOOM", None, None
    ]  # fmt: skip
    assert parsed[2].docs[0][1].text == "Rome is old."


@pytest.mark.model
def test_long_articles_are_parsed_in_pieces(language: Language) -> None:
    paragraph = "Angela Merkel spoke in Berlin on Monday. " * 50 + "\n\n"
    text = paragraph * 60  # about 120,000 characters
    cut = nlp.pieces(text)
    assert len(cut) == 2 and "".join(piece for _, piece in cut) == text
    assert all(len(piece) <= nlp.MAX_PIECE for _, piece in cut)
    article = Article(id="long", text=text, headline="Long", source="long.txt")
    (parsed,) = nlp.parse(language, [article])
    found = [m for offset, doc in parsed.docs for m in extract.mentions(doc, text, offset=offset)]
    assert len(found) >= 2 * 50 * 60 * 0.9
    assert all(text[m.begin : m.end] == m.text for m in found)
    assert found[-1].begin > nlp.MAX_PIECE


@pytest.mark.parametrize(
    "text",
    [
        "word " * 1000,
        ("para one. " * 30 + "\n\n") * 20,
        "x" * 2500,  # no break anywhere: cut hard
        "line\n" * 700,
    ],
)
def test_pieces_cover_the_text_at_breaks(text: str) -> None:
    cut = nlp.pieces(text, limit=1000)
    assert "".join(piece for _, piece in cut) == text
    assert all(len(piece) <= 1000 for _, piece in cut)
    assert [offset for offset, _ in cut] == [
        sum(len(p) for _, p in cut[:i]) for i in range(len(cut))
    ]
    if "\n\n" in text:
        assert all(piece.endswith("\n\n") for _, piece in cut[:-1])


@given(st.text(alphabet=" \nab.", max_size=400), st.integers(min_value=1, max_value=50))
def test_any_text_is_cut_into_bounded_pieces(text: str, limit: int) -> None:
    cut = nlp.pieces(text, limit=limit)
    assert "".join(piece for _, piece in cut) == text
    assert all(len(piece) <= limit for _, piece in cut)
    assert all(piece for _, piece in cut[:-1])


class _Batches:
    """A component that records how many docs each call gives it."""

    seen: ClassVar[list[int]] = []

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        _Batches.seen.append(1)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            _Batches.seen.append(len(batch))
            yield from batch


Language.factory("kg_test_batches", func=_Batches)


def test_a_long_article_is_parsed_a_piece_at_a_time() -> None:
    import spacy

    language = spacy.blank("en")
    language.add_pipe("kg_test_batches")
    long_text = "Headline\n\n" + ("Some words here. " * 20_000)  # 340,000 characters: 4 pieces
    articles = [
        Article(id="a", text="Short one.\n\nA body.", headline="a", source="a"),
        Article(id="b", text=long_text, headline="b", source="b"),
        Article(id="c", text="Short two.\n\nA body.", headline="c", source="c"),
        Article(id="d", text="Short three.\n\nA body.", headline="d", source="d"),
    ]
    _Batches.seen = []
    parsed = list(nlp.parse(language, articles, batch_size=32))
    assert [p.article.id for p in parsed] == ["a", "b", "c", "d"]
    assert len(parsed[1].docs) == len(nlp.pieces(long_text)) == 4
    assert "".join(d.text for _, d in parsed[1].docs) == long_text
    # The long article's four pieces each came alone; the short ones around it in batches.
    assert _Batches.seen == [1, 1, 1, 1, 1, 2]
