"""The title an incident is listed under, made from its summary.

A summary is the sentence that says most about the case, but extraction can leave a
note that marks a document as fictional ("FICTIONAL EXAMPLE — names are invented."),
a headline dateline, or a fragment that starts mid-sentence. The title is the first
summary of the incident that reads as a sentence once such notes are cut off; when none
does, it is made from the incident's own coded facts (trade, organs, countries, year).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ratline.analyze.places import country_label

if TYPE_CHECKING:
    from ratline.analyze.incidents import Incident

# A line that says the text is invented or a sample, not a fact about the case.
_MARKER = re.compile(r"^\s*(?:fictional|fictitious)\b[^.\n]*"
                     r"(?:[.\n]|$)\s*", re.IGNORECASE)
MIN_WORDS = 4
MAX_CHARS = 160


def without_marker(text: str) -> str:
    """The text without leading notes that mark it as fictional, spaces collapsed."""
    text = text.strip()
    while True:
        cut = _MARKER.sub("", text, count=1)
        if cut == text:
            return " ".join(text.split())
        text = cut


def readable(summary: str | None) -> str | None:
    """The summary without marker notes, or None when what is left is a fragment."""
    if not summary:
        return None
    text = without_marker(summary)
    if len(text.split()) < MIN_WORDS:
        return None
    first = text[0]
    # A fragment starts mid-sentence: lower case, or punctuation that closes something.
    if first.islower() or first in ",;:)]}-–—\"'…":
        return None
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    return text


def fallback(inc: Incident) -> str:
    """A title from coded facts only: "Organ trafficking (kidney) in Nepal, India, 2024"."""
    trade = (inc.trade or "unknown").replace("_", " ")
    title = f"{trade.capitalize()} trafficking"
    if inc.organs:
        title += f" ({', '.join(inc.organs[:3])})"
    countries = list(inc.countries) or [c for c, _ in inc.route]
    if countries:
        title += " in " + ", ".join(country_label(c) for c in dict.fromkeys(countries[:4]))
    if inc.year:
        title += f", {inc.year}"
    return title


def incident_title(inc: Incident) -> str:
    for fact in inc.facts_of("summary"):
        text = readable(fact.value)
        if text:
            return text
    return readable(inc.summary) or fallback(inc)
