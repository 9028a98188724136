"""The date of a wire dateline that opens a text ("KATHMANDU, 14 March 2023 —").

A document whose source gives no date often prints one where news copy always does: at
the very start, after the place in capitals. Only a dateline that opens one of the
first lines counts; a date further into the text is what the text reports about, not
when it was written. Only dates that name their year are taken ("Mar. 14 (Reuters)"
alone would be a guess at the year).
"""

from __future__ import annotations

import re
from datetime import date

from ratline.model import DatePrecision

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11,
    "november": 11, "dec": 12, "december": 12,
}
# A title, a byline or a blank line may come before the dateline, but not a paragraph.
LINES = 4
HEAD_CHARS = 600

_MONTH = r"(?i:(?P<mon{n}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r"))\.?"
_DAY = r"(?P<day{n}>\d{{1,2}})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year{n}>(?:18|19|20)\d\d)"
# Each format numbers its groups: a pattern may not name two groups alike.
_DATES = [
    form.format(n=n) for n, form in enumerate((
        _DAY + r"\s+" + _MONTH + r",?\s+" + _YEAR,
        _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR,
        _YEAR + r"-(?P<mon{n}>\d{{2}})-" + _DAY,
    ))
]
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
# The place in capitals ("NEW DELHI", "ST. LOUIS", "PORT-AU-PRINCE"), up to two
# qualifiers ("Nepal", "Mo."), the date, an agency in brackets, then the dash or colon.
_DATELINE = re.compile(
    r"[ \t]*(?P<place>[A-Z][A-Z.'’\-]*(?:[ \t]+[A-Z][A-Z.'’\-]*){0,3})"
    r"(?:,[ \t]*[A-Z][A-Za-z.'’\-]*(?:[ \t]+[A-Za-z][A-Za-z.'’\-]*){0,2}){0,2}"
    r"[ \t]*,[ \t]*" + _WEEKDAY + r"(?:" + "|".join(f"(?:{d})" for d in _DATES) + r")"
    r"[ \t]*(?:\([^()\n]{1,40}\)[ \t]*)?(?:—|–|--?|:)",
)


def dateline_date(text: str) -> tuple[date, DatePrecision] | None:
    """The day a dateline at the start of `text` gives, or None."""
    lines = [line for line in text[:HEAD_CHARS].splitlines() if line.strip()][:LINES]
    for line in lines:
        m = _DATELINE.match(line)
        if m is None or len(m["place"].replace(".", "")) < 2:
            continue
        found = _day(m)
        if found is not None:
            return found, "day"
    return None


def _day(m: re.Match[str]) -> date | None:
    groups = {k.rstrip("0123456789"): v for k, v in m.groupdict().items() if v is not None}
    mon = groups["mon"]
    month = int(mon) if mon.isdigit() else MONTHS[mon.lower()]
    try:
        return date(int(groups["year"]), month, int(groups["day"]))
    except ValueError:
        return None
