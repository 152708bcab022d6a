"""Dates and bylines: `News Agencies 1 September 2017, 14:54 IST` -> author and date-time.

python-dateutil does the parsing, with an explicit zone table: abbreviations are ambiguous
(IST is India, Israel or Ireland), and in news datelines of this form India is meant; dateutil on
its own would drop the zone, and dateparser reads IST as Israel.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

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


MAX_OFFSET = timedelta(hours=14)
"""The largest zone offset there is (UTC+14, Kiribati); `xsd:dateTime` allows no more."""
_EARLY, _LATE = datetime(1, 1, 1), datetime(2, 2, 2)


def parse_date(text: str) -> str | None:
    """ISO 8601 of a stated date, at the precision stated: `2017` (`xsd:gYear`), `2017-05`
    (`xsd:gYearMonth`), `2017-05-04` (`xsd:date`), or a date-time (`xsd:dateTime`). None for
    what is not a date kg can write: no year, a year before 1 (`44 BC`, `-0044`), a zone offset
    past +-14:00.

    Nothing is filled in from today's date, and a time without a zone is written without one (a
    local time), never guessed into UTC.
    """
    text = text.strip()
    if not text or text.startswith(("-", "\u2212")):
        return None
    if re.fullmatch(r"\d{4}", text):
        return text if text != "0000" else None
    if match := re.fullmatch(r"(\d{4})-(\d{2})", text):
        return text if 1 <= int(match[2]) <= 12 and match[1] != "0000" else None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text).isoformat()
        # What a default gives, the text did not state: parsed with two defaults, a field that
        # differs was not there.
        early = dateutil_parser.parse(text, tzinfos=_TZINFOS, default=_EARLY, dayfirst=False)
        late = dateutil_parser.parse(text, tzinfos=_TZINFOS, default=_LATE, dayfirst=False)
        offset = early.utcoffset()
    except (ValueError, OverflowError, dateutil_parser.ParserError):
        return None
    if early.year != late.year or not 1 <= early.year <= 9999:
        return None
    if offset is not None and abs(offset) > MAX_OFFSET:
        return None
    if early.month != late.month:
        return f"{early.year:04d}"
    if early.day != late.day:
        return f"{early.year:04d}-{early.month:02d}"
    if not re.search(r"\d[:.]\d{2}|T\d", text):  # no time stated: a date
        return str(early.date().isoformat())
    return str(early.isoformat())
