"""Statements: direct quotations, reported speech and their speakers, read from a parsed Doc.

A statement needs a speaker or a reporting verb: quoted words with neither (a headline in marks,
scare quotes, titles: `so-called 'moderate rebels'`) are not statements. docs/quotations.md
states every rule with an example. Over one per-Doc index (`index`):

1. `marks`: which stretches are quoted; `direct`: which of them are statements, with which cue;
2. `reported`: reported speech; quoted words inside a reported clause make it `mixed`, and the
   clause replaces the quotations it holds;
3. `speakers`: who each statement's source names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc

from kg.extract.quotes.direct import DirectQuotes
from kg.extract.quotes.grammar import trim_quoted
from kg.extract.quotes.index import DocIndex, Found
from kg.extract.quotes.reported import ReportedSpeech
from kg.extract.quotes.speakers import Speakers
from kg.facts import Entity, QuoteKind, Statement

FURNITURE = re.compile(
    r"\s[|\u2022]\s|\bsign up (?:today|now|here)\b|\bby signing up\b|\ball rights reserved\b"
    r"|\bnewsletters?\b.*\bsign(?:ing)? up\b|\bsign(?:ing)? up\b.*\bnewsletters?\b"
    r"|\bmedia playback is unsupported\b|\b(?:media|image) caption\b|\bimage copyright\b"
    r"|(?-i:\bMORE \(|\bJUST WATCHED\b|\bMUST WATCH\b|\bReplay More Videos\b)",
    re.IGNORECASE,
)
"""Web-page furniture a page's text kept and the rules read as speech: related headlines strung
with ` | ` (`... | Trump to deliver health care speech | ...`) or run into the text with a
`MORE (R-Ohio)` link, a newsletter sign-up box, a video player's `Media playback is
unsupported on your device` or `JUST WATCHED ... Replay More Videos`, captions, a copyright
line. Not a statement (`sign up for the
climate deal` is one)."""
MIN_REPORTED_CHARS = 20
"""A reported clause that is its quotations but for fewer characters than this is the direct
quotation, not reported speech (`He said: "..."`)."""
_RANK = {QuoteKind.DIRECT: 0, QuoteKind.MIXED: 1, QuoteKind.INDIRECT: 2}


def statements(
    doc: Doc, text: str, entities: Sequence[Entity], *, offset: int = 0, headline: str = ""
) -> list[Statement]:
    """The statements of a Doc of `text[offset:offset + len(doc.text)]`, in text order.

    `entities` are the article's (mention offsets into `text`); a statement's speaker is a
    mention of one of them, or None when the text does not say who it is. The article's
    `headline` may name who wrote the report the text quotes (`NTSB report: ...`)."""
    index = DocIndex(doc, text, entities, offset, headline)
    quoted = index.quoted
    direct = DirectQuotes(index).attributions()
    found: list[Found] = []
    covered: list[tuple[int, int]] = []
    for reported in ReportedSpeech(index).clauses():
        begin, end = reported.begin, reported.end
        if any(q.begin <= begin and end <= q.end for q in quoted):
            continue  # a clause inside a quotation: the quotation is the statement
        inside = [i for i, q in enumerate(quoted) if q.begin >= begin - 1 and q.end <= end + 1]
        if inside and all(i in direct for i in inside):
            quoted_chars = sum(quoted[i].end - quoted[i].begin for i in inside)
            if end - begin - quoted_chars < MIN_REPORTED_CHARS:
                continue  # the clause is the quotation: direct
        for i in inside:
            direct.pop(i, None)
        covered.append((begin, end))
        kind = QuoteKind.MIXED if inside else QuoteKind.INDIRECT
        found.append(Found(begin, end, kind, reported.words, reported.attribution))
    for number, attribution in direct.items():
        stretch = quoted[number]
        if any(b <= stretch.begin and stretch.end <= e for b, e in covered):
            continue
        begin, end = trim_quoted(index.doc_text, stretch)
        if end > begin:
            words = stretch.words(index.doc_text, begin, end)
            found.append(Found(begin, end, QuoteKind.DIRECT, words, attribution))
    # One statement a stretch of text (two verbs may report the same clause).
    found.sort(key=lambda f: (f.begin, f.end, _RANK[f.kind]))
    unique = {(f.begin, f.end): f for f in reversed(found)}  # the first of each stretch
    speakers = Speakers(index)
    return [
        _statement(unique[key], index, speakers)
        for key in sorted(unique)
        if not FURNITURE.search(unique[key].words)
    ]


def _statement(found: Found, index: DocIndex, speakers: Speakers) -> Statement:
    attribution = found.attribution
    speaker = speakers.speaker(attribution.source) if attribution.source else None
    if speaker is not None:
        speakers.remember(found.begin, speaker)
    return Statement(
        begin=found.begin + index.offset,
        end=found.end + index.offset,
        text=found.words,
        kind=found.kind,
        cue=attribution.lemma,
        cue_phrase=index.phrase(attribution.cue) if attribution.cue else None,
        source=index.phrase(attribution.source) if attribution.source else None,
        speaker=speaker,
    )
