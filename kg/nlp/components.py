"""kg's own spaCy pipeline components (registered on import)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("kg_newline_sentences", assigns=["token.is_sent_start"])
def newline_sentences(doc: Doc) -> Doc:
    """A line break always ends a sentence (headlines and datelines carry no full stop)."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if not token.is_space and previous.is_space and "\n" in previous.text:
            token.is_sent_start = True
    return doc
