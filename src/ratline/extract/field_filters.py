"""Learned decisions over the values the rules list: which countries and acts are the
case's, and where each country stands on its route.

On real reports the rules find most countries and acts a case involves, and many more:
every country a text names in passing (a minister's visit, a conference, an earlier case)
and every act word in a sentence. One binary model per field reads each candidate value
with what the text says around it. A country the model rejects leaves the incident and its
route; a country the text names that the rules did not list joins at a higher bar (their
grouping leaves out sentences that name a case's countries); an activity the rules missed
joins only when the text has a cue for it or the case's facts imply it (transport across
countries), and never an enforcement act (arrest, charge,
conviction, investigation): those follow the evidence level the rules read with negation
and outcomes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from ratline.extract.features import FEATURE_WORD, Marks
from ratline.extract.results import Found, Incident

Features = dict[str, float]
# The model's probability that a candidate value belongs to the case.
Proba = Callable[[Features], float]
ENFORCEMENT = frozenset({"investigation", "arrest", "charge", "conviction"})


def context_words(f: Features, text: str, start: int, end: int) -> None:
    """The 3 words before a mention and the 2 after it."""
    for w in FEATURE_WORD.findall(text[max(0, start - 40) : start].lower())[-3:]:
        f[f"lw:{w}"] = 1.0
    for w in FEATURE_WORD.findall(text[end : end + 30].lower())[:2]:
        f[f"rw:{w}"] = 1.0


def sentence_cues(f: Features, m: Marks, prefix: str = "s") -> None:
    """The acts, levels, trade, organ and money cues of a mention's sentence."""
    for a in m.activity_labels:
        f[f"{prefix}_act:{a}"] = 1.0
    for lv in m.levels:
        f[f"{prefix}_level:{lv}"] = 1.0
    if m.trades:
        f[f"{prefix}_trade"] = 1.0
    if m.organs:
        f[f"{prefix}_organ"] = 1.0
    if m.money:
        f[f"{prefix}_money"] = 1.0


# -- countries ----------------------------------------------------------------------------


@dataclass(slots=True)
class CountryCandidate:
    country: str
    # (place mention, its sentence's marks) in text order
    mentions: list[tuple[object, Marks]]


def country_candidates(marks: list[Marks], incidents: list[Incident],
                       unlisted: bool = True) -> list[CountryCandidate]:
    """Each country the incidents list and, with `unlisted`, every other country the text
    names, with every place of the text that lies in it: the rules miss countries a case
    involves ("five Pakistani nationals" in a sentence their grouping left out), so the
    country model reads those too. A route runs through the listed countries only."""
    listed = {c.value for inc in incidents for c in inc.countries}
    out = {c: CountryCandidate(c, []) for c in sorted(listed)}
    for m in marks:
        for p in m.places:
            if p.country and (unlisted or p.country in out):
                out.setdefault(p.country, CountryCandidate(p.country, [])).mentions.append((p, m))
    return [out[c] for c in sorted(out)]


def country_features(text: str, cand: CountryCandidate, incidents: list[Incident],
                     n_countries: int) -> Features:
    f: Features = {"bias:country": 1.0, f"countries={min(n_countries, 6)}": 1.0}
    listed = any(c.value == cand.country for inc in incidents for c in inc.countries)
    f["listed"] = float(listed)
    if not listed:
        f["unlisted"] = 1.0
    f[f"mentions={min(len(cand.mentions), 5)}"] = 1.0
    for inc in incidents:
        f[f"trade:{inc.trade.value}"] = 1.0
        for leg in inc.route:
            if leg.value.get("country") == cand.country:
                f[f"route:{leg.value.get('role')}"] = 1.0
    if cand.mentions:
        first = cand.mentions[0][0]
        f["position"] = first.start / max(1, len(text))  # type: ignore[attr-defined]
    agents = named = 0
    for p, m in cand.mentions[:6]:
        f[f"kind:{p.kind}"] = 1.0  # type: ignore[attr-defined]
        context_words(f, text, p.start, p.end)  # type: ignore[attr-defined]
        sentence_cues(f, m)
        if m.sentence.paragraph == 0:
            f["first_paragraph"] = 1.0
        agents += bool(_AGENT_AFTER.match(text, p.end))  # type: ignore[attr-defined]
        # Strictly inside: the entity model tags a lone "Nepal" a person now and then.
        named += any(e.label == "PERSON" and e.start <= p.start and p.end <= e.end  # type: ignore[attr-defined]
                     and e.end - e.start > p.end - p.start  # type: ignore[attr-defined]
                     for e in m.sentence.entities)
    shown = len(cand.mentions[:6])
    if shown:
        # The state that only polices, tries or spies ("the U.S. Navy seized", "US
        # intelligence") is seldom the case's country; a country inside a person's name
        # ("Chad Johnson") is no place at all. (Towns inside names never get here:
        # `features._not_in_names`.)
        f["agent_share"] = agents / shown
        if agents == shown:
            f["only_agent"] = 1.0
        if named == shown:
            f["only_in_person_name"] = 1.0
    return f


_AGENT_AFTER = re.compile(
    r"['’]?s?\s+(?:navy|naval|coast ?guard|police|military|army|air force|forces|troops|"
    r"intelligence|officials?|authorities|prosecutors?|courts?|judges?|government|"
    r"administration|embassy|department|ministry|customs|border|patrol|federal|"
    r"agents?|agency|sanctions|treasury|state department|special forces|"
    # Who acts, tries or is harmed for the state, not where the acts were: "US Attorney",
    # "U.S. federal jury", "US Drug Enforcement Administration", "US soldiers".
    r"attorneys?|ambassadors?|envoys?|drug enforcement|informants?|federal jury|jury|"
    r"custody|soldiers|diplomats?|senators?|congress|senate|district court)\b", re.IGNORECASE)


def filter_countries(text: str, marks: list[Marks], incidents: list[Incident],
                     proba: Proba, threshold: float, add_threshold: float = 1.0) -> None:
    """Drops the listed countries the model rejects, and adds the text's other countries
    it rates at `add_threshold` or more (each to the incident told nearest before the
    country's first mention)."""
    cands = country_candidates(marks, incidents)
    if len(cands) < 2:
        return  # the one country a text names is its case's country
    listed = {c.value for inc in incidents for c in inc.countries}
    p = {c.country: proba(country_features(text, c, incidents, len(cands))) for c in cands}
    drop = {c for c in listed if p[c] < threshold}
    if listed and drop == listed:
        drop = set()  # the model rejects every country the rules read: keep theirs
    for inc in incidents:
        inc.countries = [c for c in inc.countries if c.value not in drop]
        for c in inc.countries:
            c.confidence = round(p[c.value], 3)
        inc.route = [leg for leg in inc.route if leg.value.get("country") not in drop]
    for cand in cands:
        if cand.country in listed or p[cand.country] < add_threshold or not cand.mentions:
            continue
        place, m = cand.mentions[0]
        start, end = place.start, place.end  # type: ignore[attr-defined]
        target = incidents[0]
        for inc in incidents:
            if inc.trade.start is not None and inc.trade.start <= start:
                target = inc
        target.countries.append(Found(cand.country, start, end, m.sentence.span,
                                      round(p[cand.country], 3)))


# -- activities -----------------------------------------------------------------------------


def activity_candidates(marks: list[Marks], incidents: list[Incident]) -> list[str]:
    """Acts the incidents list, acts the text has a cue for, and acts a case's other facts
    imply (`implied_by`)."""
    labels = {a.value for inc in incidents for a in inc.activities}
    labels |= {c.label for m in marks for c in m.activities}
    labels |= {label for label in IMPLIED if any(implied_by(inc, label) for inc in incidents)}
    return sorted(labels)


# Acts real reports leave to the reader: a case that spans countries moved its victims or
# goods ("she ended up in a hotel in Dubai"). The rules have no cue to read there; the
# model decides from the case's facts, and the statement cites the fact it rests on.
# (Payment implied by a stated sum was tried too: the sums are as often a price asked or
# a fine, and cross-validated payment fell.)
IMPLIED = ("transport",)


def implied_by(inc: Incident, label: str) -> Found | None:
    """The fact of the incident that implies the act: for transport its second country
    (a case in one country moved no one across a border)."""
    if label == "transport":
        seen: set[str] = set()
        for c in inc.countries:
            seen.add(str(c.value))
            if len(seen) > 1 and c.start is not None:
                return c
    return None


def activity_features(text: str, marks: list[Marks], incidents: list[Incident],
                      label: str) -> Features:
    f: Features = {"bias:act": 1.0, f"label:{label}": 1.0}
    listed = any(a.value == label for inc in incidents for a in inc.activities)
    f[f"{label}|listed"] = float(listed)
    for inc in incidents:
        f[f"{label}|trade:{inc.trade.value}"] = 1.0
        f[f"{label}|evidence:{inc.evidence.value}"] = 1.0
        if inc.money:
            f[f"{label}|money"] = 1.0
        if inc.organs:
            f[f"{label}|organs"] = 1.0
    cues = [(c, m) for m in marks for c in m.activities if c.label == label]
    f[f"{label}|cues={min(len(cues), 4)}"] = 1.0
    if label in IMPLIED:
        implied = sum(implied_by(inc, label) is not None for inc in incidents)
        f[f"{label}|implied"] = float(implied > 0)
        countries = max((len({c.value for c in inc.countries}) for inc in incidents), default=0)
        f[f"{label}|countries={min(countries, 4)}"] = 1.0
    if cues:
        f[f"{label}|cue_position"] = cues[0][0].start / max(1, len(text))
        f[f"{label}|log_cues"] = math.log1p(len(cues))
    for c, m in cues[:5]:
        f[f"{label}|cue:{text[c.start:c.end].lower()}"] = 1.0
        for w in FEATURE_WORD.findall(text[max(0, c.start - 30) : c.start].lower())[-2:]:
            f[f"{label}|lw:{w}"] = 1.0
        for other in m.activity_labels - {label}:
            f[f"{label}|with:{other}"] = 1.0
        for lv in m.levels:
            f[f"{label}|level:{lv}"] = 1.0
    return f


def filter_activities(text: str, marks: list[Marks], incidents: list[Incident],
                      proba: Proba, threshold: float) -> None:
    for label in activity_candidates(marks, incidents):
        p = proba(activity_features(text, marks, incidents, label))
        listed = [inc for inc in incidents if any(a.value == label for a in inc.activities)]
        for inc in listed:
            for a in inc.activities:
                if a.value == label:
                    a.confidence = round(p, 3)
        if p < threshold:
            if len(listed) == sum(len(i.activities) > 1 for i in listed):
                for inc in listed:
                    inc.activities = [a for a in inc.activities if a.value != label]
        elif not listed and label not in ENFORCEMENT:
            cue = next((Found(label, c.start, c.end, m.sentence.span, round(p, 3))
                        for m in marks for c in m.activities if c.label == label), None)
            target = incidents[0]
            if cue is None:
                # No word of the act: the statement cites the fact that implies it.
                target, fact = next((inc, f) for inc in incidents
                                    if (f := implied_by(inc, label)) is not None)
                cue = Found(label, fact.start, fact.end, fact.sentence, round(p, 3))
            target.activities.append(cue)


# -- route roles --------------------------------------------------------------------------------

ROUTE_ROLES = ("origin", "transit", "destination")


def route_features(text: str, cand: CountryCandidate, inc: Incident, n_countries: int) -> Features:
    """Where a country of the case stands on its route: the words around its mentions
    ("from", "into", "via", "sold in", "citizens of"), the kind of mention (a demonym is
    often where victims come from), and the rules' own reading."""
    f: Features = {"bias:route": 1.0, f"countries={min(n_countries, 6)}": 1.0,
                   f"trade:{inc.trade.value}": 1.0}
    rule = next((leg.value.get("role") for leg in inc.route
                 if leg.value.get("country") == cand.country), "none")
    f[f"rule:{rule}"] = 1.0
    f[f"rule_trade:{rule}:{inc.trade.value}"] = 1.0
    f[f"mentions={min(len(cand.mentions), 5)}"] = 1.0
    if cand.mentions:
        f["position"] = cand.mentions[0][0].start / max(1, len(text))  # type: ignore[attr-defined]
    for p, m in cand.mentions[:6]:
        f[f"kind:{p.kind}"] = 1.0  # type: ignore[attr-defined]
        context_words(f, text, p.start, p.end)  # type: ignore[attr-defined]
        sentence_cues(f, m)
    return f


def route_roles(text: str, marks: list[Marks], incidents: list[Incident],
                proba: Callable[[Features], dict[str, float]], threshold: float) -> None:
    """Each country of each incident gets the route role the model rates most likely (or
    none); the leg keeps the span of the country's first mention."""
    for inc in incidents:
        cands = [c for c in country_candidates(marks, [inc], unlisted=False) if c.mentions]
        if not cands:
            continue
        legs = []
        for cand in cands:
            p = proba(route_features(text, cand, inc, len(cands)))
            role = max(p, key=lambda k: p[k])
            if role in ROUTE_ROLES and p[role] >= threshold:
                place, m = cand.mentions[0]
                legs.append(Found({"country": cand.country, "role": role},
                                  place.start, place.end,  # type: ignore[attr-defined]
                                  m.sentence.span, round(p[role], 3)))
        inc.route = legs
