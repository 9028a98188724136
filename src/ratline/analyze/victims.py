"""Victims' names kept out of what people see: every occurrence in a document's text.

Extraction already stores named victims under pseudonyms, but the document text still
holds their names. Wherever text is shown, each name a victim statement points at (the
text under its span, and each capitalised word of it) is blacked out with the same
number of characters, so character offsets of every other statement stay valid.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from ratline.extract.pseudonyms import PREFIX

MASK = "█"
# Words of a name short enough to be ordinary words are left alone ("Al", "Bin", "de").
MIN_WORD = 4


def victim_names(text: str, statements: Iterable[Mapping[Any, Any]]) -> set[str]:
    """The real names behind the victim statements of one document (store rows)."""
    names: set[str] = set()
    for s in statements:
        value, start, end = s["value"], s["start"], s["end"]
        if PREFIX not in value or start is None or end is None:
            continue
        try:
            data = json.loads(value)
        except ValueError:
            continue
        if not (isinstance(data, dict) and str(data.get("name", "")).startswith(PREFIX)):
            continue
        surface = text[start:end].strip()
        if surface and not surface.startswith(PREFIX):
            names.add(surface)
            names.update(w for w in re.findall(r"[^\W\d_][\w'’-]*", surface)
                         if len(w) >= MIN_WORD and w[0].isupper())
    return names


def mask(text: str, names: Iterable[str]) -> str:
    """The text with every occurrence of each name blacked out, length kept."""
    ordered = sorted({n for n in names if n}, key=len, reverse=True)
    if not ordered:
        return text
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in ordered) + r")\b")
    return pattern.sub(lambda m: MASK * len(m.group(0)), text)
