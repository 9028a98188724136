"""Which organs an incident concerns. Every text here is fictional."""

from __future__ import annotations

from typing import Any

from ratline.extract import extract_text


def _organs(text: str) -> list[list[str]]:
    return [i.to_dict()["organs"] for i in extract_text(text, doc_id="t").incidents]


def test_organs_only_listed_beside_the_cases_own_are_not_the_cases(nlp: Any) -> None:
    text = ("Police in Lahore, Pakistan, arrested a broker in 2023 who arranged liver donations "
            "fraudulently. His firm advertised services for liver, heart, lungs, bone marrow and "
            "kidney transplants.")
    assert _organs(text) == [["liver"]]
    # The list told first: the liver still cites the case's own mention.
    listed_first = ("A clinic in Lahore, Pakistan, advertised liver, heart, lungs and kidney "
                    "transplants. Police arrested its broker in 2023 for arranging liver "
                    "donations fraudulently.")
    (inc,) = extract_text(listed_first, doc_id="t").incidents
    assert [o.value for o in inc.organs] == ["liver"]
    start = inc.organs[0].start
    assert start is not None and listed_first[start:start + 15] == "liver donations"


def test_a_list_is_kept_when_the_case_names_no_organ_alone(nlp: Any) -> None:
    text = ("The most sought after organs are the heart, eyes, kidneys and cartilage, smuggled "
            "from Syria to Turkey by a ring that police broke up in 2014.")
    assert _organs(text) == [["heart", "kidney"]]
