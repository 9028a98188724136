"""A text about trafficking that tells no concrete case (a statute, a government's statement
of policy) is relevant and yields no incident; its kind is `policy`. Texts written for the
test, in the manner of a code's section and of a government's fact sheet."""

from __future__ import annotations

from typing import Any

import pytest

from ratline.extract import extract_text

STATUTE = (
    "§ 9041. Trafficking in persons for the removal of organs\n\n"
    "(a) In general.—Whoever knowingly recruits, entices, harbors, transports or obtains a "
    "person for the purpose of the removal of an organ, or knowingly purchases an organ so "
    "removed, shall be fined under this title, imprisoned not more than 20 years, or both.\n\n"
    "(b) Attempt.—Whoever attempts to violate subsection (a) shall be punishable in the same "
    "manner as a completed violation of that subsection.\n\n"
    "(c) Definitions.—In this section, the term \"organ\" means the human kidney, liver, "
    "heart, lung, pancreas, bone marrow or cornea, and any other human organ specified by "
    "the Secretary of Health and Human Services by regulation.\n"
)
FACT_SHEET = (
    "FACT SHEET: Administration Announces New Actions to Combat Human Trafficking\n\n"
    "Today, the Administration is announcing new steps to prevent human trafficking, protect "
    "survivors and prosecute traffickers. The President has directed the Department of "
    "Justice and the Department of Homeland Security to expand their anti-trafficking task "
    "forces, and the Department of State will increase its support to partner governments "
    "that investigate forced labor and sex trafficking. The Department of Labor will publish "
    "new guidance for businesses on forced labor in supply chains. These actions build on the "
    "National Action Plan to Combat Human Trafficking and on the work of the President's "
    "Interagency Task Force to Monitor and Combat Trafficking in Persons.\n"
)


@pytest.mark.parametrize("text", [STATUTE, FACT_SHEET], ids=["statute", "fact-sheet"])
def test_law_and_policy_are_about_the_trade_and_tell_no_case(nlp: Any, text: str) -> None:
    out = extract_text(text, doc_id="t")
    assert out.relevant and out.incidents == []
    assert out.kind == "policy"


def test_a_case_told_in_a_government_release_is_still_a_case(nlp: Any) -> None:
    text = (
        "Police in Varna, Bulgaria, arrested a kidney broker, Petar Ivanov, on 3 May 2021. "
        "Prosecutors say he paid two men 3,000 euros each to sell a kidney and took them to a "
        "private clinic in Istanbul, where a surgeon removed the organs for buyers from Israel."
    )
    out = extract_text(text, doc_id="t")
    assert out.kind == "case" and len(out.incidents) == 1


def test_policy_decides_only_when_sure_else_case_or_nothing() -> None:
    from ratline.extract.learned import _document_kind

    assert _document_kind({"case": 0.1, "negative": 0.05, "policy": 0.85}, 0.7) == ("policy", 0.85)
    # A short case report that reads a little like a statute stays a case ...
    kind, p = _document_kind({"case": 0.38, "negative": 0.22, "policy": 0.40}, 0.7)
    assert kind == "case" and p == pytest.approx(0.38 / 0.60)
    # ... and a text on another matter stays nothing.
    kind, p = _document_kind({"case": 0.13, "negative": 0.33, "policy": 0.54}, 0.7)
    assert kind == "negative" and p == pytest.approx(0.33 / 0.46)
    # A model of two kinds reads as before.
    assert _document_kind({"case": 0.3, "negative": 0.7}, 0.7) == ("negative", 0.7)
