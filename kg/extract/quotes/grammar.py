"""Token-level rules shared by direct and reported speech: which verbs are cues, what a
noun phrase or a reported clause spans, where quoted words end. Read-only over a parsed Doc."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from kg.extract.quotes.marks import Quoted
from kg.lexicon import CLAUSE_MARKS, CUES

CLAUSES = frozenset(("ccomp", "xcomp", "parataxis"))
"""Dependencies by which a verb takes the clause it reports."""
MIN_CLAUSE_WORDS = 6
"""Quoted words without a verb say something from this many words (else a label or a name)."""


def cue_lemma(token: Token) -> str | None:
    lemma = token.lemma_.lower()
    if token.pos_ not in {"VERB", "AUX"} and not (token.pos_ == "NOUN" and lemma in {"say"}):
        return None
    if lemma == "point" and any(c.dep_ == "prt" and c.lower_ == "out" for c in token.children):
        return "point out"
    return lemma if lemma in CUES else None


def reports_other(verb: Token, inside: set[int]) -> bool:
    """Whether the verb has a clause of its own outside the quoted words (`Reid said both
    ... are` is not the cue of the quotation before it)."""
    return any(
        c.dep_ == "ccomp" and not any(t.i in inside for t in c.subtree) for c in verb.children
    )


def is_clause(inside: Sequence[Token]) -> bool:
    """Quoted words that say something: a verb, or six words or more."""
    words = [t for t in inside if not t.is_punct and not t.is_space]
    return len(words) >= MIN_CLAUSE_WORDS or any(t.pos_ in {"VERB", "AUX"} for t in words)


def is_title(inside: Sequence[Token]) -> bool:
    """`Doomed to Succeed`, `Game of Thrones`: every longer word capitalised, no full stop."""
    words = [t for t in inside if t.is_alpha]
    longer = [t for t in words if len(t) > 3]
    return (
        len(words) >= 2
        and bool(longer)
        and all(t.text[0].isupper() for t in longer)
        and words[0].text[0].isupper()
        and not any(t.text in {".", "?", "!"} for t in inside)
    )


def cue_span(verb: Token) -> Span:
    doc = verb.doc
    end = verb.i + 1
    for child in verb.children:
        if child.dep_ == "prt" and child.i == end:
            end += 1
    return doc[verb.i : end]


def has_clause_in(verb: Token, inside: set[int]) -> bool:
    return any(c.i in inside for c in verb.children if c.dep_ in CLAUSES | {"dobj", "advcl"}) or (
        verb.head.i in inside and verb.dep_ in {"parataxis", "ccomp", "advcl", "conj"}
    )


def noun_phrase(token: Token) -> Span:
    """The noun phrase headed by `token`, without relative clauses, appositions and commas."""
    doc = token.doc
    start, end = token.i, token.i + 1
    for child in token.children:
        if child.dep_ in {"relcl", "appos", "acl", "punct", "cc", "conj", "prep", "advmod"}:
            continue
        left, right = child.left_edge.i, child.right_edge.i + 1
        if child.i < token.i:
            start = min(start, left)
        else:
            end = max(end, right)
    while end > start + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    while start < end - 1 and (doc[start].is_punct or doc[start].is_space):
        start += 1
    return doc[start:end]


def trim_span(span: Span) -> Span | None:
    doc, start, end = span.doc, span.start, span.end
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].text in {",", ";", ":", "-"}):
        end -= 1
    end = through_closing_mark(doc, start, end)
    return doc[start:end] if end > start else None


def clause_span(clause: Token) -> Span | None:
    """The reported clause, without a following `but added, ...` (a statement of its own)."""
    doc = clause.doc
    tokens = [t for t in clause.subtree]
    start, end = tokens[0].i, tokens[-1].i + 1
    for child in clause.children:
        if child.dep_ in {"conj", "advcl"} and child.i > clause.i and cue_lemma(child) is not None:
            cut = child.left_edge.i
            while cut > clause.i + 1 and doc[cut - 1].dep_ in {"cc", "punct"}:
                cut -= 1
            end = min(end, cut)
    if doc[start].dep_ == "mark" and doc[start].lower_ in CLAUSE_MARKS:
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        if doc[end - 1].text in {".", "?", "!"} and end - 1 > start:
            break
        end -= 1
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    end = through_closing_mark(doc, start, end)
    return doc[start:end] if end > start else None


def through_closing_mark(doc: Doc, start: int, end: int) -> int:
    """Where a span that opens a quoted fragment and ends before its closing mark should end."""
    if opens_quote(doc[start:end].text):
        for after in range(end, min(end + 2, len(doc))):
            if doc[after].text in _CLOSING:
                return after + 1
            if not doc[after].is_punct:
                break
    return end


_CLOSING = {'"', "\u201d", "''", "\u2019", "'"}


def opens_quote(text: str) -> bool:
    return (text.count('"') % 2 == 1) or text.count("\u201c") > text.count("\u201d")


def through_final_punct(text: str, end: int, limit: int) -> int:
    rest = text[end:limit]
    stripped = rest.rstrip()
    if stripped[-1:] in {".", "?", "!"} and not stripped[:-1].strip():
        return end + len(stripped)
    return end


def trim_quoted(text: str, quoted: Quoted) -> tuple[int, int]:
    """The quoted words without surrounding white space and a trailing comma."""
    begin, end = quoted.begin, quoted.end
    while begin < end and text[begin].isspace():
        begin += 1
    while end > begin and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return begin, end


def word_count(text: str) -> int:
    return sum(1 for w in text.split() if any(c.isalnum() for c in w))
