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
# The ladder's steps under its first act of enforcement.
_LADDER = load("evidence")["ladder"]
_BELOW_ENFORCEMENT = tuple(_LADDER[:_LADDER.index(ENFORCEMENT[0])])
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
    # A case resting on allegations has the act "allegation"; the enforcement acts the rules
    # read are listed as cued (the learned level may still move: see `follow_evidence`).
    stated = (Found("allegation", None, None, marks[0].sentence.span, 0.6)
              if evidence == "allegation" else None)
    return follow_evidence(list(found.values()), evidence, stated)


def follow_evidence(acts: list[Found], level: str, stated: Found | None = None) -> list[Found]:
    """The acts, agreeing with the evidence level: no enforcement act above it (one beyond
    the level was negated or is another case's), "allegation" only at that level, and,
    given `stated` (where the level is stated), the level's own act listed (a case resting
    on a charge was charged). In the vocabulary's order."""
    kept = [a for a in acts if a.value != "allegation" or level == "allegation"]
    if level in ENFORCEMENT:
        top = ENFORCEMENT.index(level)
        kept = [a for a in kept if a.value not in ENFORCEMENT or ENFORCEMENT.index(a.value) <= top]
    elif level in _BELOW_ENFORCEMENT:
        # A case resting on a report or less was not investigated, arrested or tried, as
        # far as the text says of it: an act of enforcement read there is another case's or
        # was negated (on train, 1 of 121 such incidents lists one).
        kept = [a for a in kept if a.value not in ENFORCEMENT]
    if stated is not None and level in (*ENFORCEMENT, "allegation") and all(a.value != level for a in kept):
        kept.append(Found(level, stated.start, stated.end, stated.sentence, stated.confidence))
    order = {label: n for n, label in enumerate(ORDER)}
    return sorted(kept, key=lambda a: order.get(a.value, len(order)))


def _sale_of_people(m: Marks) -> bool:
    """Whether the sentence sells people: by its words, or by the human trade's own cue
    being a sale ("accused of selling his own daughter to a brothel owner")."""
    if sale_told_by_trade(m):
        return True
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


def sale_told_by_trade(m: Marks) -> bool:
    """Whether the human trade's own cue in the sentence is a sale: "she was sold to a club
    owner", "selling his own daughter to a brothel owner"."""
    return any(c.label == "human" and _SALE_WORD.search(c.text) for c in m.trades)


_SALE_WORD = re.compile(r"\b(?:sold|sells?|selling|bought|buys?|buying)\b", re.IGNORECASE)
