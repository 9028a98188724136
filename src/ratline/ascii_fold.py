"""Latin text folded to ASCII for comparing names: accents dropped, and the letters that
Unicode does not decompose (ß, Ø, Ł, Æ, ...) spelled as the press writes them without
diacritics, so "Łukasz Strauß" and "Lukasz Strauss" fold alike instead of to "ukasz strau".
"""

from __future__ import annotations

import unicodedata

# Letters with no NFKD decomposition, which `encode("ascii", "ignore")` would drop.
_SPELLED = str.maketrans(
    {
        "ß": "ss", "ẞ": "SS", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D",
        "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
        "ı": "i", "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T", "ŋ": "ng", "Ŋ": "NG", "ĸ": "q",
    }
)


def ascii_fold(text: str) -> str:
    """ASCII letters, digits and punctuation only; case is kept."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPELLED))
    return decomposed.encode("ascii", "ignore").decode("ascii")
