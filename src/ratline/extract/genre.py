"""Texts that are about a story rather than a case: reviews of a book or a film.

A thriller about organ thieves, a film about trafficked women: the vocabulary of the
trade, no case. Two different marks of a review are asked for ("the film" and "starring",
an ISBN and a publication date), since one alone is common in news ("the film" of a raid
shot by a witness).
"""

from __future__ import annotations

import re

_REVIEW_MARKS = re.compile(
    r"\b(ISBN|Pub Date|(?:legal |crime |psychological )?thriller|novel(?:ist)?s?|the film|"
    r"the movie|starring|box office|screenplay|film review|movie review|book review|sequel)\b",
    re.IGNORECASE,
)
MIN_MARKS = 2


def is_review(text: str) -> bool:
    """Whether the text reviews a book or a film (two different marks of a review)."""
    marks = {m.group(1).lower() for m in _REVIEW_MARKS.finditer(text)}
    return len(marks) >= MIN_MARKS
