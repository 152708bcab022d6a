from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.read.dates import parse_date, parse_dateline


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("News Agencies 1 September 2017, 14:54 IST",
         ("News Agencies", "2017-09-01T14:54:00+05:30")),
        ("By Jane Roe | March 3, 2020", ("By Jane Roe", "2020-03-03")),
        ("12 Jan 2019", (None, "2019-01-12")),
        ("Reuters, 2 June 2021 09:30 GMT", ("Reuters", "2021-06-02T09:30:00+00:00")),
        ("Sept 9, 2016 10:15 EDT", (None, "2016-09-09T10:15:00-04:00")),
    ],
)  # fmt: skip
def test_datelines(line: str, expected: tuple[str | None, str]) -> None:
    assert parse_dateline(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "A Syrian rebel has revealed that U.S. troops were selling weapons in 2017.",
        "Half-Life 2 sweeps Bafta awards",
        "31 February 2017",
        "",
    ],
)
def test_not_datelines(line: str) -> None:
    assert parse_dateline(line) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2016-09-19", "2016-09-19"),
        ("2016-09-19T10:00:00Z", "2016-09-19T10:00:00+00:00"),
        ("2016-09-19 10:00", "2016-09-19T10:00:00"),
        ("not a date", None),
        ("", None),
    ],
)
def test_dates(text: str, expected: str | None) -> None:
    assert parse_date(text) == expected


ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2})?)?$")


@given(st.text(max_size=60))
def test_any_text_gives_an_iso_date_or_none(text: str) -> None:
    result = parse_date(text)
    assert result is None or ISO.match(result), result
    line = parse_dateline(text)
    assert line is None or ISO.match(line[1])
