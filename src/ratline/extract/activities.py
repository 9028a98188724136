"""Acts described as having happened in an incident, read from asserted cue phrases.

Which acts a trade can have is a property of the trade: organs are removed and
transplanted, people and weapons are not.
"""

from __future__ import annotations

import re

from ratline.extract.features import Marks
from ratline.extract.results import Found
from ratline.vocab import load

ORGAN_ONLY = {"removal", "transplant"}
# Press releases end by crediting agencies ("The investigation was conducted by ...");
# that names who worked the case, it does not report an act of it.
_CREDIT = re.compile(
    r"\b(?:investigation|case) (?:was|is|were) (?:conducted|investigated|handled|led|"
    r"carried out)\b|\bcredited\b|\bwas investigated by\b", re.IGNORECASE)
ENFORCEMENT = ("investigation", "arrest", "charge", "conviction")
# The vocabulary lists activities in the schema's order; output follows it, so it reads
# the same way for every incident.
ORDER = tuple(load("activities")["activities"])


def activities(
    marks: list[Marks], trade: str, evidence: str, *, has_money: bool, forms_only: bool = False
) -> list[Found]:
    """Activities of the incident; `forms_only` keeps forms of exploitation (country narratives)."""
    found: dict[str, Found] = {}
    for m in marks:
        for c in m.activities:
            label = c.label
            if label in ORGAN_ONLY and trade != "organ":
                continue
            if label == "investigation" and _CREDIT.search(m.sentence.text):
                continue
            if forms_only and label in (*ENFORCEMENT, "rescue", "payment", "kidnapping"):
                continue
            if label == "sale" and trade == "human" and not _sale_of_people(m):
                continue
            if label not in found:
                found[label] = Found(label, c.start, c.end, m.sentence.span, 0.7)
    if has_money and "payment" not in found and not forms_only:
        found["payment"] = Found("payment", None, None, marks[0].sentence.span, 0.5)
    if "payment" in found and not has_money and not forms_only:
        del found["payment"]
    if trade == "organ":
        # A paid or transplanted organ was first removed; a paid organ changed hands.
        anchor = next(iter(found.values()), None)
        span = anchor.sentence if anchor else marks[0].sentence.span
        if "removal" not in found and found.keys() & {"transplant", "sale"}:
            found["removal"] = Found("removal", None, None, span, 0.5)
        if "sale" not in found and "payment" in found and "removal" in found:
            found["sale"] = Found("sale", None, None, span, 0.5)
    # Enforcement acts beyond the evidence level were negated or belong to other cases.
    for label in ENFORCEMENT:
        if (
            label in found
            and evidence in ENFORCEMENT
            and ENFORCEMENT.index(label) > ENFORCEMENT.index(evidence)
        ):
            del found[label]
    if evidence == "allegation":
        found["allegation"] = Found("allegation", None, None, marks[0].sentence.span, 0.6)
    return [found[k] for k in ORDER if k in found]


def _sale_of_people(m: Marks) -> bool:
    text = m.sentence.text.lower()
    return any(
        w in text
        for w in (
            "bride",
            "sold to",
            "sold into",
            "sold them",
            "sold her",
            "sold him",
            "for sale",
            "auction",
        )
    )
