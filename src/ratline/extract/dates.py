"""Find years in text, resolve relative ones, and read a document's own date.

A four-digit number is a year only in a date context ("in 2014", "March 2019",
"(2014)", "2016-17"); amounts, case numbers, statute sections and page numbers
are skipped. Relative phrases ("last year", "two years ago") need a reference
date, normally the one ``document_date`` reads from the text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ratline.extract.money import parse_number_words

__all__ = ["YearMention", "document_date", "find_years"]


@dataclass(frozen=True)
class YearMention:
    year: int
    start: int
    end: int
    relative: bool
    surface: str


_MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"

_YEAR_RE = re.compile(r"(?<![\w.,/$€£¥₹#§])(?<!\d-)(19\d\d|20\d\d|2100)(?!(?!s\b)[\w%]|,\d|\.\d)")

# Words before a number that make it a year ...
# fmt: off
_DATE_WORDS = frozenset((
    "in", "since", "until", "till", "by", "from", "of", "during", "year", "years", "early",
    "late", "mid", "fiscal", "fy", "between", "and", "to", "through", "before", "after",
    "around", "circa", "c", "ca", "spring", "summer", "autumn", "fall", "winter", "end",
    "beginning", "start", "throughout", "the", "a", "an", "its", "their", "his", "her", "this",
    "that", "least", "as", "for", "on", "at", "than", "also", "published", "posted", "dated",
    "updated", "act", "law", "convention", "protocol",
))
# fmt: on
# ... and words that make it a count, an identifier or a location in a document.
_NOT_DATE_BEFORE = re.compile(
    r"(?:\b(?:no|nos|number|page|pages|p|pp|para|paragraph|section|sec|sections|art|article|"
    r"rule|case|docket|u\.s\.c|usc|c\.f\.r|cfr|code|flight|route|room|box|suite|unit|exhibit|"
    r"tel|phone|fax|ext|rs|usd|eur|gbp|inr|tk)\.?|[§#$€£¥₹₨₦₪])\s*\Z",
    re.IGNORECASE,
)
_COUNT_AFTER = re.compile(
    r"\s+(?:people|persons|victims|migrants|children|women|men|girls|boys|workers|cases|"
    r"kidneys|organs|dollars|euros|pounds|rupees|taka|yuan|km|kilometres|kilometers|miles|"
    r"metres|meters|kg|tonnes|tons|rifles|guns|firearms|weapons|rounds|units|households|"
    r"families|patients|donors|transplants|arrests|refugees)\b",
    re.IGNORECASE,
)
# "12.10.2023", "12/10/2023": the day-month prefix keeps the slash rule above from
# dropping them.
_NUMERIC_DATE_RE = re.compile(r"(?<![\d./])\d{1,2}[./]\d{1,2}[./]((?:19|20)\d\d)(?![\d./])")
_SPAN_SECOND = re.compile(r"(?:-|–|—|/)(\d{2}|(?:19|20)\d\d)(?![\w%])")


def _is_date_context(text: str, s: int, e: int) -> bool:
    before = text[max(0, s - 24) : s]
    if _NOT_DATE_BEFORE.search(before):
        return False
    if _COUNT_AFTER.match(text, e):
        return False
    after = text[e : e + 3]
    if after[:1] in (")", "]") or re.match(r"(?:-|–|/)\d", after) or after[:2] in ("'s", "’s"):
        return True
    if after[:1] == "s":  # "the 1990s"
        return True
    if re.search(r"[(\[]\s*\Z", before):
        return True
    if re.search(r"(?:-|–|—|/)\s*\Z", before):
        return True
    if re.search(_MONTH + r"(?:\s+\d{1,2}(?:st|nd|rd|th)?)?,?\s*\Z", before, re.IGNORECASE):
        return True
    if re.search(r"\b\d{1,2}\s*\Z", before):
        return False
    m = re.search(r"([A-Za-z]+)[\s,.]*\Z", before)
    if m and m.group(1).lower() in _DATE_WORDS:
        return True
    # A year at the start of a sentence or line ("2019 was ...") or after a comma.
    return bool(re.search(r"(?:\A|[.!?:;,\n]\s*|\n\s*)\Z", before))


_WORD_NUM = r"[A-Za-z]+(?:-[A-Za-z]+)?|\d+"
_RELATIVE_RE = re.compile(
    r"\b(?:(?P<month>" + _MONTH + r")\s+)?(?:"
    r"(?P<last>last\s+year|the\s+(?:previous|preceding)\s+year|the\s+year\s+before|"
    r"a\s+year\s+ago|one\s+year\s+ago)"
    r"|(?P<this>(?:earlier|later)\s+this\s+year|this\s+year|the\s+current\s+year)"
    r"|(?P<next>next\s+year|the\s+coming\s+year)"
    r"|(?P<ago>(?P<n>" + _WORD_NUM + r")\s+years?\s+ago)"
    r"|(?P<lastmonth>last\s+(?P<lm>" + _MONTH + r")(?!\w))"
    r")",
    re.IGNORECASE,
)


# A news archive's page line gives its age when it was saved, after the time of day
# ("November 20, 2008 / 6:20 PM / 11 years ago"): no date of the text.
_PAGE_AGE = re.compile(r"\d{1,2}:\d{2}\s*(?:[AaPp]\.?[Mm]\.?)?\s*(?:[A-Z]{2,4}\s*)?/\s*\Z")


def _relative_year(m: re.Match[str], ref: dt.date) -> int | None:
    if m["last"]:
        return ref.year - 1
    if m["this"]:
        return ref.year
    if m["next"]:
        return ref.year + 1
    if m["ago"]:
        n = parse_number_words(m["n"])
        if n is None or n != int(n) or not 0 < n <= 200:
            return None
        return ref.year - int(n)
    if m["lastmonth"]:
        # "last May" is the most recent May before the reference date.
        month = _MONTHS[m["lm"].lower().rstrip(".")]
        return ref.year if month < ref.month else ref.year - 1
    return None


def find_years(
    text: str, start: int = 0, end: int | None = None, reference: dt.date | None = None
) -> list[YearMention]:
    """Years mentioned in ``text[start:end]``, in order, with offsets into ``text``.

    "2016-17" gives two mentions (2016 and 2017). Relative phrases are resolved
    against ``reference`` and marked ``relative=True``; they are skipped when no
    reference is given.
    """
    hi = len(text) if end is None else end
    out: list[YearMention] = []
    for m in _NUMERIC_DATE_RE.finditer(text, start, hi):
        out.append(YearMention(int(m.group(1)), m.start(1), m.end(1), False, m.group(1)))
    for m in _YEAR_RE.finditer(text, start, hi):
        s, e = m.span(1)
        if not _is_date_context(text, s, e):
            continue
        year = int(m.group(1))
        out.append(YearMention(year, s, e, False, m.group(1)))
        second = _SPAN_SECOND.match(text, e)
        if second and second.end() <= hi:
            digits = second.group(1)
            y2 = int(digits) if len(digits) == 4 else year // 100 * 100 + int(digits)
            if year < y2 <= year + 20:
                out.append(YearMention(y2, second.start(1), second.end(1), False, digits))
    if reference is not None:
        for rm in _RELATIVE_RE.finditer(text, start, hi):
            if _PAGE_AGE.search(text, max(0, rm.start() - 40), rm.start()):
                continue
            resolved = _relative_year(rm, reference)
            if resolved is not None:
                out.append(YearMention(resolved, rm.start(), rm.end(), True, rm.group()))
    # "2018–2021": the second year is found both as a range end and on its own.
    unique = {(y.start, y.relative): y for y in out}
    return sorted(unique.values(), key=lambda y: y.start)


# ---------------------------------------------------------------- document date

_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
_DATE_PATTERNS = [
    re.compile(r"(?P<y>(?:19|20)\d\d)-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b"),
    # "21 February 2013", "21 February, 2013", and a site's "21-February-2013".
    re.compile(_DAY + r"(?:\s+|-)(?P<mon>" + _MONTH + r")(?:\s*,?\s+|-)(?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(r"(?P<mon>" + _MONTH + r")\s+" + _DAY + r"\s*,?\s+(?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(r"(?P<mon>" + _MONTH + r")\s+(?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(r"(?<![\d/])(?P<y>(?:19|20)\d\d)(?![\d/-])"),
]
_LABEL_RE = re.compile(
    r"(?:\b(?:published|posted|updated|issued|released|dated|date(?:\s+of\s+(?:judgment|"
    r"judgement|order|release|publication))?|judgment\s+delivered)\b(?:\s+on)?\s*:?\s*"
    r"|\bnews\s*\|\s*|·\s*)",
    re.IGNORECASE,
)
# A wire dateline: upper-case place, a date, then a dash or an agency in brackets.
_DATELINE_RE = re.compile(
    r"^[A-Z][A-Z .'’/-]+(?:,\s*[A-Z][A-Za-z .'-]+)?,\s+(?P<date>[^—–\n(:]{6,30}?)\s*(?:\(|—|–|-|:)",
    re.MULTILINE,
)


def _parse_date(s: str) -> tuple[dt.date, int] | None:
    """Parse the date at the head of ``s``; the int ranks precision (higher is finer)."""
    for rank, pat in zip((3, 3, 3, 2, 1), _DATE_PATTERNS, strict=True):
        m = pat.match(s)
        if not m:
            continue
        year = int(m["y"])
        gd = m.groupdict()
        month = (
            int(gd["m"])
            if gd.get("m")
            else _MONTHS.get((gd.get("mon") or "jan").lower().rstrip("."), 1)
        )
        day = int(gd["d"]) if gd.get("d") else 1
        try:
            return dt.date(year, month, day), rank
        except ValueError:
            continue
    return None


def document_date(text: str, published: dt.date | None = None) -> dt.date | None:
    """The date the text prints for itself, else ``published``.

    Looks for a labelled date ("Published 2024", "Posted on June 3, 2023",
    "Date: 2023-05-01"), then a wire dateline ("LAHORE, 14 March 2024 —"), then a
    date standing alone on one of the first lines. A year-only date is 1 January.
    """
    for m in _LABEL_RE.finditer(text):
        parsed = _parse_date(text[m.end() : m.end() + 40])
        if parsed:
            return parsed[0]
    head = text[:1500]
    for m in _DATELINE_RE.finditer(head):
        parsed = _parse_date(m["date"])
        if parsed and parsed[1] >= 2:
            return parsed[0]
    # A full date on a short line near the top ("7 September 2023",
    # "Tuesday, May 10, 2022", "Zahle, 4 March 2024").
    # (Lines of a page's furniture, bars and bullets without a word, are not counted.)
    for line in [ln for ln in head.splitlines() if re.search(r"\w", ln)][:12]:
        if len(line) > 80:
            continue
        for pat in _DATE_PATTERNS[:3]:
            found = pat.search(line)
            if found:
                parsed = _parse_date(line[found.start() :])
                if parsed:
                    return parsed[0]
    return published
