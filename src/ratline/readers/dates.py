"""Turns the date strings found in metadata (ISO, RFC 2822, '5 April 2023') into dates.

Metadata may name only a month ("2019-05") or a year ("2019", or the number 2019):
`parse_partial_date` keeps those as the first day of the period with its precision, so
nothing claims a day the source never gave.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache

from ratline.model import DatePrecision

FORMATS = ("%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%d.%m.%Y", "%Y/%m/%d")
MONTH_FORMATS = ("%Y-%m", "%Y/%m", "%B %Y", "%b %Y", "%m/%Y", "%m.%Y")
# Years a document can have been published in; other numbers are not years.
YEARS = (1800, 2100)


def parse_date(value: object) -> date | None:
    """A calendar date, or None when the value does not name a whole day."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    return _parse_string(value.strip())


@lru_cache(maxsize=4096)
def _parse_string(text: str) -> date | None:
    # Cached: corpus records repeat the same few date strings thousands of times.
    iso = re.match(r"^(\d{4}-\d{2}-\d{2})", text)
    if iso:
        try:
            return date.fromisoformat(iso.group(1))
        except ValueError:
            return None
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    for fmt in FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_partial_date(value: object) -> tuple[date, DatePrecision] | None:
    """A date with how precise the value is: a whole day, a month or a year; None when
    the value names none of them (the date is then missing, never a guess)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return (date(value, 1, 1), "year") if YEARS[0] <= value <= YEARS[1] else None
    day = parse_date(value)
    if day is not None:
        return day, "day"
    if not isinstance(value, str) or not value.strip():
        return None
    return _parse_coarse(value.strip())


@lru_cache(maxsize=1024)
def _parse_coarse(text: str) -> tuple[date, DatePrecision] | None:
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
        return (date(year, 1, 1), "year") if YEARS[0] <= year <= YEARS[1] else None
    # "Sept." and "Sept" are how people abbreviate September; strptime knows only "Sep".
    plain = re.sub(r"\b(Sept)\.?|(?<=[A-Za-z])\.", lambda m: "Sep" if m.group(1) else "", text)
    for fmt in MONTH_FORMATS:
        try:
            when = datetime.strptime(plain, fmt).date()
        except ValueError:
            continue
        if YEARS[0] <= when.year <= YEARS[1]:
            return when, "month"
    return None

