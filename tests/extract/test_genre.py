"""Reviews of a book or a film yield no case. Every text here is fictional."""

from __future__ import annotations

from typing import Any

from ratline.extract import extract_text
from ratline.extract.genre import is_review

REVIEW = ("ORGAN HARVEST, a legal thriller by Dana Pell. Pub Date: March 3rd, 2025. ISBN: "
          "978-1-000-00000-0. A lawyer in Chicago uncovers a ring that sells the kidneys of "
          "migrants to rich patients, and a surgeon who was arrested in 2019 walks free.")


def test_a_book_review_yields_no_case(nlp: Any) -> None:
    assert is_review(REVIEW)
    out = extract_text(REVIEW, doc_id="t")
    assert out.incidents == [] and not out.relevant


def test_one_mark_of_a_review_is_not_enough() -> None:
    news = ("Police in Lahore arrested a broker who sold kidneys; a witness shot the film of "
            "the raid on his phone.")
    assert not is_review(news)
