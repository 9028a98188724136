"""Groups marked sentences into incidents: one concrete case, its place and its time.

Sentences that name a trade open or extend an incident of that trade; sentences without a
trade cue continue the incident being told in their paragraph or the one before. A new
paragraph starts a new incident when it opens a new case: another country, another year,
an indefinite opener ("In 2014, ...", "A recent report ..."), or a claim after facts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ratline.extract.activities import sale_told_by_trade
from ratline.extract.features import Marks
from ratline.extract.outcomes import rules as outcome_rules

TARGET_TRADES = ("organ", "human", "weapons")
# Paragraph openers that introduce a fresh case rather than continue the last one.
_OPENER = re.compile(
    r"^\W*(?:(?:In|By|During|Since) (?:early |late |mid-)?(?:\w+ )?(?:19|20)\d\d\b"
    r"|An? (?!\w+ of the\b)|Separately\b|In (?:a |another )(?:separate|second|related|similar|different) case"
    r"|Or take\b|Consider\b|Another\b|Meanwhile\b|Elsewhere\b"
    r"|(?:Last|Earlier this|Earlier that|Earlier last) (?:week|month)\b)",
)
_HEDGED = {"rumor", "speculation", "allegation"}


@dataclass(slots=True)
class Group:
    trade: str
    marks: list[Marks] = field(default_factory=list)
    # The group a paragraph naming no trade split off from; its place is this case's too.
    parent: Group | None = None

    @property
    def inherited(self) -> bool:
        return self.parent is not None

    @property
    def paragraphs(self) -> set[int]:
        return {m.sentence.paragraph for m in self.marks}

    @property
    def last_paragraph(self) -> int:
        return self.marks[-1].sentence.paragraph

    def countries(self) -> set[str]:
        own = {p.country for m in self.marks for p in m.places if p.country}
        return own or (self.parent.countries() if self.parent is not None else set())

    def years(self) -> set[int]:
        return {y.year for m in self.marks for y in m.years}

    def hedged(self) -> bool:
        levels = {lv for m in self.marks for lv in m.levels}
        return bool(levels) and levels <= _HEDGED | {"report"} and bool(levels & _HEDGED)

    def add(self, m: Marks) -> None:
        self.marks.append(m)


def sentence_trade(m: Marks) -> str | None:
    """The one target trade a sentence speaks of; None for none or a generic list of trades."""
    labels = [c.label for c in m.trades if c.label in TARGET_TRADES]
    if not labels and m.organs and m.activity_labels & {"removal", "sale", "transplant"}:
        labels = ["organ"]
    distinct = set(labels)
    if len(distinct) == 1:
        return labels[0]
    if len(distinct) > 1:
        # "organ trafficking, human trafficking and arms trafficking are ..." is no case.
        if len(distinct) >= 3:
            return None
        # Most cues wins, then organ, then the trade named first; never the order of a set,
        # which changes with the hash seed.
        return min(distinct, key=lambda t: (-labels.count(t), t != "organ", labels.index(t)))
    return None


# A sentence that says outright another case begins, inside a paragraph: "Separately, a
# court in Lahore convicted ...", "In another case, ...".
_CASE_OPENER = re.compile(
    r"^\W*(?:Separately\b|In (?:a |an )?(?:separate|unrelated|different|second|similar) "
    r"(?:case|incident|development)\b|In another (?:case|incident|development)\b)")


def opens_another_case(sentence: str) -> bool:
    """Whether the sentence says outright that another case begins ("Separately, ...")."""
    return _CASE_OPENER.match(sentence) is not None


def _paragraph_marks(marks: list[Marks]) -> list[list[Marks]]:
    """The marked sentences by paragraph; a sentence opening another case outright starts
    a part of its own."""
    out: list[list[Marks]] = []
    for m in marks:
        if (out and out[-1][0].sentence.paragraph == m.sentence.paragraph
                and not opens_another_case(m.sentence.text)):
            out[-1].append(m)
        else:
            out.append([m])
    return out


def _opens_new_case(para: list[Marks], group: Group) -> bool:
    countries = {p.country for m in para for p in m.places if p.country}
    years = {y.year for m in para for y in m.years if not y.relative}
    known = group.countries()
    if countries and known and not countries & known:
        return True
    group_years = group.years()
    # An earlier year opens an earlier case; one year back is usually the same case told
    # from its dateline ("KATHMANDU, March 2025 — ... the ring operated since 2024").
    if years and group_years and not years & group_years and min(years) < min(group_years) - 1:
        return True
    if _OPENER.match(para[0].sentence.text) and (countries or years):
        return True
    levels = {lv for m in para for lv in m.levels}
    group_levels = {lv for m in group.marks for lv in m.levels}
    claims = levels & {"allegation", "rumor", "speculation"}
    firm = group_levels & {"arrest", "charge", "conviction"}
    return bool(claims and firm and not levels & {"arrest", "charge", "conviction"})


def _target(groups: list[Group], current: Group | None, trade: str, para: list[Marks]) -> Group:
    """The group a paragraph's sentences of `trade` join, creating one if the case is new."""
    if current is not None and current.trade == trade and not _opens_new_case(para, current):
        return current
    same_trade = [g for g in groups if g.trade == trade]
    if (
        same_trade
        and current is not None
        and same_trade[-1] is not current
        and not _opens_new_case(para, same_trade[-1])
    ):
        return same_trade[-1]
    group = Group(trade)
    groups.append(group)
    return group


def group_sentences(marks: list[Marks]) -> list[Group]:
    """Incident groups in order of first mention."""
    groups: list[Group] = []
    current: Group | None = None
    for para in _paragraph_marks(marks):
        trades = [sentence_trade(m) for m in para]
        para_trade = next((t for t in trades if t), None)
        if para_trade is None:
            if current is not None and para[0].sentence.paragraph - current.last_paragraph <= 1:
                if any(m.activities for m in para) and _opens_new_case(para, current):
                    current = Group(current.trade, parent=current)
                    groups.append(current)
                for m in para:
                    current.add(m)
            continue
        current = _target(groups, current, para_trade, para)
        targets = {para_trade: current}
        for m, trade in zip(para, trades, strict=True):
            if trade is not None and trade != current.trade:
                if trade not in targets:
                    targets[trade] = _target(groups, current, trade, [m])
                current = targets[trade]
            current.add(m)
    return groups


def merge_groups(groups: list[Group], key: dict[int, set[str]]) -> list[Group]:
    """Joins groups of one trade that share a named person (`key`: group index -> names)."""
    out: list[Group] = []
    names: list[set[str]] = []
    for i, g in enumerate(groups):
        mine = key.get(i, set())
        for j, o in enumerate(out):
            if o.trade == g.trade and mine and mine & names[j]:
                o.marks.extend(g.marks)
                o.marks.sort(key=lambda m: m.sentence.start)
                names[j] |= mine
                break
        else:
            out.append(g)
            names.append(set(mine))
    return out


# Acts that make a sentence naming a trade report a case rather than mention the trade.
_TRIGGER_ACTS = {
    "organ": {
        "recruitment",
        "kidnapping",
        "deception",
        "coercion",
        "removal",
        "transplant",
        "sale",
        "payment",
        "arrest",
        "charge",
        "conviction",
        "investigation",
        "rescue",
    },
    "human": {
        "recruitment",
        "kidnapping",
        "deception",
        "coercion",
        "arrest",
        "charge",
        "conviction",
        "investigation",
        "rescue",
    },
    "weapons": {"transport", "sale", "payment", "arrest", "charge", "conviction", "investigation"},
}


def has_trigger(group: Group) -> bool:
    """True when some sentence of the group names its trade together with an act."""
    acts = _TRIGGER_ACTS.get(group.trade, set())
    for m in group.marks:
        if sentence_trade(m) != group.trade and not group.inherited:
            continue
        if m.activity_labels & acts or m.levels & _ENFORCEMENT:
            return True
        # An outcome still implies the step before it: "were acquitted by a jury" tells of
        # a charge tried in court.
        if any(outcome_rules()[o.label].stands in _ENFORCEMENT for o in m.outcomes):
            return True
        # A sale is no trigger of the human trade ("sold" names goods as often), unless the
        # trade's own words are the sale of a person ("she was sold to a club owner").
        if group.trade == "human" and "sale" in m.activity_labels and sale_told_by_trade(m):
            return True
        # Nor is a move, unless told of someone trafficked: "X was trafficked to Dubai".
        if (group.trade == "human" and "transport" in m.activity_labels
                and any(c.label == "human" and _TRAFFICKED.match(c.text) for c in m.trades)):
            return True
        # The move told in the trade's own words: "two girls trafficked from Liverpool to
        # Aberdeen were made to sell drugs".
        if group.trade == "human" and any(
                c.label == "human" and _TRAFFICKED_PEOPLE.match(c.text) for c in m.trades):
            return True
    return False


_ENFORCEMENT = frozenset({"arrest", "charge", "conviction", "investigation"})
_TRAFFICKED = re.compile(r"(?:was|were|had been|has been|have been) trafficked\b", re.IGNORECASE)
_TRAFFICKED_PEOPLE = re.compile(r"[\w]+ trafficked (?:from|to|into|across)\b", re.IGNORECASE)
