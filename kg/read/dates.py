"""Dates and bylines: `News Agencies 1 September 2017, 14:54 IST` -> author and date-time.

python-dateutil does the parsing, with an explicit zone table: abbreviations are ambiguous
(IST is India, Israel or Ireland), and in news datelines of this form India is meant; dateutil on
its own would drop the zone, and dateparser reads IST as Israel.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from dateutil import parser as dateutil_parser
from dateutil.tz import tzoffset

# Hours from UTC of the abbreviations found in English-language news datelines.
ZONES: dict[str, float] = {
    "UTC": 0, "GMT": 0, "Z": 0, "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3,
    "MSK": 3, "AST": 3, "GST": 4, "PKT": 5, "IST": 5.5, "NPT": 5.75, "ICT": 7, "WIB": 7,
    "CST": -6, "HKT": 8, "SGT": 8, "JST": 9, "KST": 9, "AEST": 10, "AEDT": 11, "NZST": 12,
    "EST": -5, "EDT": -4, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
}  # fmt: skip
_TZINFOS = {name: tzoffset(name, int(hours * 3600)) for name, hours in ZONES.items()}

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_TIME = r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{1,5})?)?"
_DATELINE = re.compile(
    rf"^(?P<author>.*?)[\s,|-]*(?P<when>(?:\d{{1,2}}\s+{_MONTH}|{_MONTH}\s+\d{{1,2}},?)\s+\d{{4}}"
    rf"{_TIME})\s*$",
    re.IGNORECASE,
)


def parse_dateline(line: str) -> tuple[str | None, str] | None:
    """The author (or None) and the ISO date of a byline/dateline, or None if it is not one."""
    line = " ".join(line.split())
    if len(line) > 120:
        return None
    match = _DATELINE.match(line)
    if not match:
        return None
    when = parse_date(match["when"])
    if when is None:
        return None
    author = match["author"].strip(" ,|-") or None
    return author, when


def parse_date(text: str) -> str | None:
    """ISO 8601 of a stated date: `xsd:date` form without a time, `xsd:dateTime` with one.

    A time without a zone is written without one (a local time), never guessed into UTC.
    """
    text = text.strip()
    if not text:
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text).isoformat()
        parsed = dateutil_parser.parse(text, tzinfos=_TZINFOS, dayfirst=False)
    except (ValueError, OverflowError, dateutil_parser.ParserError):
        return None
    if not isinstance(parsed, datetime) or not 1 <= parsed.year <= 9999:
        return None
    if not re.search(r"\d[:.]\d{2}|T\d", text):  # no time stated: a date
        return parsed.date().isoformat()
    return parsed.isoformat()
