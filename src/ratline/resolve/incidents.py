"""Incidents across reports: which extracted incidents describe the same real-world case.

Probabilistic linkage (Fellegi–Sunter, see `linkage`): a pair of records is compared
field by field (trade, named people, facilities, year by stage, location, organs,
victim counts, money, publication dates, the rare names both documents print, the
operation or court-case names both print), each
field lands on a level, and the fitted match weights of the levels add up; the pair
links when the total reaches the threshold. Nothing vetoes on its own: reports of one case give different
years (acts, arrest, verdict), different subsets of defendants, different places. Names
and places many records share count less (term frequency); investigators and agencies
count not at all. Candidates come from blocks sharing any named actor (or its sound),
place, alias group, operation or court-case name, a sample of the document's rare names, or
a country within a trade. Two incidents of one document never
merge; two clusters join only when their reports agree on average, and never across
more than `MAX_SPAN` years. Per-source claims are kept, and disagreements between
sources are listed as conflicts.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, TypeVar

from ratline import gc_pause
from ratline.resolve.actors import Profile, match_value, profile
from ratline.resolve.clusters import (
    UNSURE,
    YES,
    ConstrainedUnionFind,
    IdPool,
    Judgement,
    Outcome,
    Score,
    apply_judgements,
    assign_stable_ids,
    union_edges,
)
from ratline.resolve.conflicts import SourceClaim, find_conflicts, strongest_evidence
from ratline.resolve.fingerprint import NameSet, is_case_name, name_set
from ratline.resolve.linkage import Comparison, LinkageModel, load_model
from ratline.resolve.names import canon_token, fold, parse_name, phonetic, token_similarity

MAX_BLOCK = 300
MAX_CANDIDATES = 60
NAME_KEYS = 8
# A case runs from its acts to a final appeal; past this many years two clusters are two cases.
MAX_SPAN = 25
# Two clusters join only when their reports' average match weight reaches this share of
# the threshold; beyond MAX_LINK members a side is sampled by its first members.
AVERAGE_LINK = 1.0
MAX_LINK = 12

_ACQUITTED = re.compile(r"\bacquit(?:s|ted|tal)?\b|\bfound not guilty\b|\bcleared of\b", re.I)
_WITHDRAWN = re.compile(r"\bcharges? (?:\w+ ){0,2}(?:dropped|withdrawn)\b", re.I)
_AGENCY_TEXT = (
    "police polis ministry agency department bureau court prosecution prosecutor prosecutors "
    "service services guard customs immigration enforcement commission directorate "
    "unit division office council interpol europol army navy military government embassy "
    "tribunal judiciary cid fbi nia cbi"
)
AGENCY_WORDS = frozenset(canon_token(w) for w in _AGENCY_TEXT.split())


@dataclass(frozen=True, slots=True)
class MoneyClaim:
    amount: float
    currency: str
    what: str


_T = TypeVar("_T", frozenset[str], tuple[str, ...])


@lru_cache(maxsize=4096)
def _shared(value: _T) -> _T:
    """One object for each of the few values records repeat (their organs, countries,
    acts, actors' types and roles): a set costs 216 bytes even empty, and a full run
    holds every record at once."""
    return value


# Slots: a full run holds every record at once (about a million in a large store), and
# an instance dict of twenty fields would be a third of each record's memory.
@dataclass(frozen=True, slots=True)
class IncidentRecord:
    """One incident as one document reports it, with the document's outlet and date."""

    incident_id: str
    document_id: str
    outlet: str | None
    published: date | None
    trade: str
    organs: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    places: tuple[str, ...] = ()
    year: int | None = None
    actors: tuple[str, ...] = ()
    actor_types: tuple[str, ...] = ()
    actor_roles: tuple[str, ...] = ()
    victims: int | None = None
    deaths: int | None = None
    activities: frozenset[str] = frozenset()
    money: tuple[MoneyClaim, ...] = ()
    evidence: str | None = None
    summary: str = ""
    outcome: str | None = None
    # The document's name fingerprint (hashed rare names, see `fingerprint`).
    names: NameSet = NameSet()

    @classmethod
    def from_json(
        cls,
        document_id: str,
        n: int,
        incident: Mapping[str, Any],
        outlet: str | None = None,
        published: date | str | None = None,
        names: Iterable[str] = (),
    ) -> IncidentRecord:
        """Build from one incident dict of the extraction format (`n` is its index)."""
        actors = [a for a in incident.get("actors") or () if a.get("name")]
        victims = incident.get("victims") or {}
        money = tuple(
            MoneyClaim(float(m["amount"]), str(m.get("currency", "")), str(m.get("what", "other")))
            for m in incident.get("money") or ()
            if m.get("amount") is not None
        )
        if isinstance(published, str):
            published = date.fromisoformat(published[:10]) if published else None
        summary = str(incident.get("summary") or "")
        evidence = incident.get("evidence")
        outcome = incident.get("outcome")
        if outcome is None:
            if evidence in ("acquitted", "acquittal") or _ACQUITTED.search(summary):
                outcome = "acquitted"
            elif _WITHDRAWN.search(summary):
                outcome = "charges_withdrawn"
        return cls(
            incident_id=str(incident.get("id") or f"{document_id}#{n}"),
            document_id=document_id,
            outlet=outlet,
            published=published,
            trade=str(incident.get("trade") or "other"),
            organs=_shared(frozenset(incident.get("organs") or ())),
            countries=_shared(frozenset(incident.get("countries") or ())),
            places=tuple(incident.get("places") or ()),
            year=incident.get("year"),
            actors=tuple(str(a["name"]) for a in actors),
            actor_types=_shared(tuple(str(a.get("type") or "person") for a in actors)),
            actor_roles=_shared(tuple(str(a.get("role") or "other") for a in actors)),
            victims=victims.get("count"),
            deaths=victims.get("deaths"),
            activities=_shared(frozenset(incident.get("activities") or ())),
            money=money,
            evidence=evidence if evidence not in ("acquitted", "acquittal") else "charge",
            summary=summary,
            outcome=outcome,
            names=name_set(names),
        )

    def claim(self) -> SourceClaim:
        return SourceClaim(
            document_id=self.document_id,
            incident_id=self.incident_id,
            outlet=self.outlet,
            published=self.published,
            evidence=self.evidence,
            outcome=self.outcome,
            year=self.year,
            victims=self.victims,
            deaths=self.deaths,
            money=tuple((m.amount, m.currency, m.what) for m in self.money),
        )


@dataclass(frozen=True, slots=True)
class _Features:
    """Per-record values computed once: actor profiles and place token sets."""

    actors: tuple[Profile, ...]
    places: tuple[frozenset[str], ...]
    # The operation and court-case names among the record's printed names: every pair
    # the record is in reads them.
    cases: frozenset[str] = frozenset()
    # The actors that are no agency (`_agency`), which every pair compares by name.
    named: tuple[Profile, ...] = ()


# Most reports print no operation or court-case name: they share one empty set.
_NO_CASES: frozenset[str] = frozenset()


def _features(records: Sequence[IncidentRecord]) -> list[_Features]:
    # The reports of a case spell its people and towns alike: each spelling is parsed
    # once and its profile shared (profiles are immutable), which a full run over a
    # million records needs as much for memory as for time.
    profiles: dict[tuple[str, str], Profile] = {}
    places: dict[str, frozenset[str]] = {}
    out = []
    for r in records:
        actors = tuple(profiles.get((a, t)) or profiles.setdefault((a, t), profile(a, t))
                       for a, t in zip(r.actors, r.actor_types, strict=True))
        tokens = (places.get(p) or places.setdefault(p, frozenset(canon_token(t) for t in fold(p).split()))
                  for p in r.places)
        named = tuple(p for p in actors if not _agency(p))
        out.append(_Features(
            actors=actors,
            places=tuple(t for t in tokens if t),
            cases=frozenset(n for n in r.names if is_case_name(n)) or _NO_CASES,
            named=named if len(named) < len(actors) else actors,
        ))
    return out


class Prepared:
    """Each record's features and blocking keys, made once by a run that meets the same
    records in several steps (an incremental chunk: its nearest reports, what they can
    reach, their resolution), by incident id."""

    def __init__(self) -> None:
        self._features: dict[str, _Features] = {}
        self._keys: dict[str, frozenset[str]] = {}

    def features(self, records: Sequence[IncidentRecord]) -> list[_Features]:
        made = self._features
        missing = [r for r in records if r.incident_id not in made]
        made.update(zip((r.incident_id for r in missing), _features(missing), strict=True))
        return [made[r.incident_id] for r in records]

    def keys(self, record: IncidentRecord, features: _Features) -> frozenset[str]:
        found = self._keys.get(record.incident_id)
        if found is None:
            found = self._keys[record.incident_id] = frozenset(_blocking_keys(record, features))
        return found


# Towns are few and recur in many cases: each pair of place names is compared once.
@lru_cache(maxsize=100_000)
def _same_place(p: frozenset[str], q: frozenset[str]) -> bool:
    """One place name's tokens all found, spelled alike, in the other ("Zuwara" / "Zuwarah")."""
    small, big = (p, q) if len(p) <= len(q) else (q, p)
    return all(any(token_similarity(t, u) >= 0.9 for u in big) for t in small)


def _close(x: float, y: float, tolerance: float) -> bool:
    return abs(x - y) <= tolerance * max(abs(x), abs(y))


# Stages of a case in the order they happen; a later report names a later stage and
# often a later year (acts 2011, charge 2012, verdict 2013), so a gap in that direction
# is ordinary.
STAGE = {"rumor": 0, "speculation": 0, "denial": 0, "allegation": 0, "report": 0,
         "investigation": 1, "arrest": 2, "charge": 3, "conviction": 4}
RELATED_TRADES = frozenset({"organ", "human"})
FIELDS: dict[str, tuple[str, ...]] = {
    "trade": ("same", "related", "different"),
    "actors": ("several", "one", "partial", "none"),
    "facilities": ("several", "one", "partial", "none"),
    "year": ("same", "adjacent", "staged", "gap", "far"),
    "location": ("place", "country", "overlap", "other_place", "disjoint"),
    "organs": ("shared", "different"),
    "victims": ("equal", "close", "far"),
    "money": ("shared", "none"),
    "published": ("week", "months", "years", "far"),
    "names": ("many", "several", "some", "few"),
    "case": ("shared", "different"),
}


@dataclass(frozen=True)
class Frequencies:
    """How many of `n` records hold each actor, place and country: common values say little.

    `officers` holds the names of people some report credits with investigating: the same
    officer handles unrelated cases, so sharing one is no evidence.
    """

    actors: Mapping[str, int]
    places: Mapping[str, int]
    countries: Mapping[str, int] = field(default_factory=dict)
    n: int = 0
    officers: frozenset[str] = frozenset()
    # Documents printing each fingerprint name, and how many documents there are.
    names: Mapping[str, int] = field(default_factory=dict)
    documents: int = 0

    def common_name(self, name: str) -> bool:
        """A fingerprint name printed by many of the store's documents (a city, a
        newspaper) says nothing about the case."""
        if self.documents < MIN_RECORDS_FOR_FREQUENCIES:
            return False
        return self.names.get(name, 0) > max(COMMON_NAME, COMMON_DOCUMENT_SHARE * self.documents)

    def share(self, df: int, least: int = 1) -> float | None:
        # Below a few dozen records a frequency says nothing yet; a name held by a few
        # records is usually one case's few reports, so names count as common only from
        # `least` records up.
        if self.n < MIN_RECORDS_FOR_FREQUENCIES or df < least:
            return None
        return df / self.n


NO_FREQUENCIES = Frequencies({}, {})
MIN_RECORDS_FOR_FREQUENCIES = 30
COMMON_NAME = 6
COMMON_DOCUMENT_SHARE = 0.01
_RANK_TEXT = (
    "lt lieutenant col colonel inspector commissioner detective chief superintendent officer "
    "sergeant sgt constable general gen major maj captain capt deputy assistant spokesperson "
    "spokesman head director senior sub investigating brigadier dsp sp asp si"
)
_RANKS = frozenset(canon_token(w) for w in _RANK_TEXT.split())


def officer_key(name: str) -> str:
    """A person's name without agency words and ranks ("Police Lt Col Keo Thea" -> "keo thea")."""
    tokens = [t for t in parse_name(name, True).significant
              if t not in _RANKS and t not in AGENCY_WORDS and len(t) > 1]
    return " ".join(sorted(tokens)) if len(tokens) >= 2 else ""


def _named(f: _Features, officers: frozenset[str] = frozenset()) -> list[Profile]:
    return [p for p in f.named if not officers or p.name.key not in officers]


def _agency(p: Profile) -> bool:
    """Investigating and prosecuting bodies, outlets: they appear in unrelated cases alike."""
    if p.group is not None:
        return p.group.agency
    if p.person:
        return False
    return bool(AGENCY_WORDS.intersection(p.name.significant)) or p.type == "state"


# What `Frequencies` is counted from, field by field (`term_counts`): kept in the store
# (`store.frequencies`) so that a run over part of it weighs names as a full run does.
COUNTED = ("actor", "place", "country", "officer", "name", "document", "total")
TermCounts = dict[str, Counter[str]]


def term_counts(feats: Sequence[_Features], records: Sequence[IncidentRecord] = (),
                counted: AbstractSet[str] = frozenset()) -> TermCounts:
    """Per field, how many records hold each value (the fingerprint names: how many
    documents print each), and the totals (`total`: `records`, `documents`). The
    documents in `counted` are counted already: their names and they are left out."""
    out: TermCounts = {f: Counter() for f in COUNTED}
    for f in feats:
        out["actor"].update({p.name.key for p in _named(f)})
        out["place"].update({" ".join(sorted(p)) for p in f.places})
    for r in records:
        out["country"].update(r.countries)
        for name, role in zip(r.actors, r.actor_roles, strict=False):
            if role == "investigator" and (key := officer_key(name)):
                out["officer"][key] += 1
    fingerprints = {r.document_id: r.names for r in records if r.document_id not in counted}
    for fp in fingerprints.values():
        out["name"].update(fp)
    out["document"].update(fingerprints.keys())
    out["total"].update(records=len(feats), documents=len(fingerprints))
    return out


def counts_of(records: Sequence[IncidentRecord], counted: AbstractSet[str] = frozenset(),
              prepared: Prepared | None = None) -> TermCounts:
    """`term_counts` of these records (an incremental run's new reports)."""
    return term_counts((prepared or Prepared()).features(records), records, counted)


def add_counts(a: TermCounts, b: TermCounts) -> TermCounts:
    return {f: a.get(f, Counter()) + b.get(f, Counter()) for f in COUNTED}


def less_counts(a: TermCounts, b: TermCounts) -> TermCounts:
    """`a` without `b` (counts that `a` holds at least as often)."""
    return {f: a.get(f, Counter()) - b.get(f, Counter()) for f in COUNTED}


def from_counts(counts: TermCounts) -> Frequencies:
    return Frequencies(counts["actor"], counts["place"], counts["country"], counts["total"]["records"],
                       frozenset(k for k, v in counts["officer"].items() if v > 0), counts["name"],
                       counts["total"]["documents"])


def wanted_terms(feats: Sequence[_Features], records: Sequence[IncidentRecord]) -> dict[str, set[str]]:
    """The values of each field that weighing pairs of these records looks up (of the
    fingerprint names, those two of their documents print: a pair's shared ones)."""
    names = {p.name.key for f in feats for p in f.named}
    printed: Counter[str] = Counter()
    for fp in {r.document_id: r.names for r in records}.values():
        printed.update(fp)
    return {"actor": {p.name.key for f in feats for p in _named(f)},
            "place": {" ".join(sorted(p)) for f in feats for p in f.places},
            "country": {c for r in records for c in r.countries},
            "officer": names, "name": {n for n, k in printed.items() if k > 1}}


def frequencies(feats: Sequence[_Features], records: Sequence[IncidentRecord] = ()) -> Frequencies:
    return from_counts(term_counts(feats, records))


PEOPLE = frozenset({"person", "armed_group"})


@lru_cache(maxsize=200_000)
def _name_match(a: Profile, b: Profile) -> float:
    # The same names meet again in every report of a case: compare each pair once.
    return match_value(a, b)


def _names_comparison(fld: str, na: list[Profile], nb: list[Profile], freq: Frequencies) -> Comparison:
    full: list[tuple[str, int]] = []
    partial: list[str] = []
    for pa in na:
        best, match = 0.0, None
        for pb in nb:
            value = _name_match(pa, pb)
            if value > best:
                best, match = value, pb
        if best >= YES and match is not None:
            df = min(freq.actors.get(pa.name.key, 1), freq.actors.get(match.name.key, 1))
            if len(pa.name.significant) > 1 and len(match.name.significant) > 1:
                full.append((pa.name.raw, df))
            else:
                partial.append(pa.name.raw)
        elif best >= UNSURE:
            partial.append(pa.name.raw)
    if full:
        rarest = min(df for _, df in full)
        level = "several" if len(full) > 1 else "one"
        return Comparison(fld, level, ", ".join(n for n, _ in full),
                          frequency=freq.share(rarest, COMMON_NAME))
    if partial:
        return Comparison(fld, "partial", ", ".join(partial))
    return Comparison(fld, "none", f"{len(na)} and {len(nb)} named, none shared")


def comparisons(
    a: IncidentRecord, b: IncidentRecord, fa: _Features, fb: _Features,
    freq: Frequencies = NO_FREQUENCIES,
) -> list[Comparison]:
    """Each field of two records on its comparison level (unweighed; see `LinkageModel`)."""
    return [_trade(a, b), *(_names_comparison(fld, xa, xb, freq)
                            for fld, xa, xb in _name_fields(fa, fb, freq)),
            *_other_fields(a, b, fa, fb, freq)]


def _trade(a: IncidentRecord, b: IncidentRecord) -> Comparison:
    if a.trade == b.trade:
        return Comparison("trade", "same", a.trade)
    if {a.trade, b.trade} <= RELATED_TRADES:
        return Comparison("trade", "related", f"{a.trade}/{b.trade}")
    return Comparison("trade", "different", f"{a.trade}/{b.trade}")


NAME_FIELDS = ("actors", "facilities")


def _name_fields(fa: _Features, fb: _Features,
                 freq: Frequencies) -> list[tuple[str, list[Profile], list[Profile]]]:
    """The name fields both records fill: (field, one side's names, the other's).

    Reports name different subsets of the people involved: a shared name is evidence,
    a name in one report only is weak evidence against. People and the places they
    work from count apart: one hospital sees many cases, one broker usually one."""
    na, nb = _named(fa, freq.officers), _named(fb, freq.officers)
    out = []
    for fld, keep in zip(NAME_FIELDS, (True, False), strict=True):
        xa = [p for p in na if (p.type in PEOPLE) == keep]
        xb = [p for p in nb if (p.type in PEOPLE) == keep]
        if xa and xb:
            out.append((fld, xa, xb))
    return out


def _other_fields(a: IncidentRecord, b: IncidentRecord, fa: _Features, fb: _Features,
                  freq: Frequencies, explain: bool = True) -> list[Comparison]:
    """Every field but the trade and the names. With `explain` false the comparisons
    carry no detail: most candidate pairs are only weighed, and their words never read."""
    out: list[Comparison] = []
    if a.year is not None and b.year is not None:
        gap = abs(a.year - b.year)
        early, late = (a, b) if a.year <= b.year else (b, a)
        detail = f"{a.year}/{b.year}" if explain else ""
        if gap == 0:
            level = "same"
        elif gap == 1:
            level = "adjacent"
        elif gap > 12:
            level = "far"
        elif STAGE.get(late.evidence or "", 0) >= STAGE.get(early.evidence or "", 0) + 1:
            level = "staged"
            if explain:
                detail += f", {early.evidence} then {late.evidence}"
        else:
            level = "gap"
        out.append(Comparison("year", level, detail))

    # Countries and places are one field: a shared town implies a shared country, and
    # counting both would take the same evidence twice.
    common = a.countries & b.countries
    shared = [(p, q) for p in fa.places for q in fb.places if _same_place(p, q)]
    if shared:
        df = min(freq.places.get(" ".join(sorted(p)), 1) for p, _ in shared)
        out.append(Comparison("location", "place", " ".join(sorted(shared[0][0])) if explain else "",
                              frequency=freq.share(df, COMMON_NAME)))
    elif a.countries and b.countries:
        rarest = min((freq.countries.get(c, 1) for c in common), default=0)
        share = freq.share(rarest) if rarest else None
        if not common:
            out.append(Comparison("location", "disjoint",
                                  f"{' '.join(sorted(a.countries))} vs {' '.join(sorted(b.countries))}"
                                  if explain else ""))
        elif fa.places and fb.places:
            out.append(Comparison("location", "other_place",
                                  f"{' '.join(sorted(common))}, no place in common" if explain else "",
                                  frequency=share))
        else:
            level = "country" if a.countries == b.countries else "overlap"
            out.append(Comparison("location", level, " ".join(sorted(common)) if explain else "",
                                  frequency=share))

    if a.organs and b.organs:
        common = a.organs & b.organs
        out.append(Comparison("organs", "shared" if common else "different",
                              " ".join(sorted(common or (a.organs | b.organs))) if explain else ""))

    if a.victims and b.victims:
        slack = 0.2 if max(a.victims, b.victims) >= 10 else 0.0
        level = ("equal" if a.victims == b.victims else "close" if _close(a.victims, b.victims, slack)
                 else "far")
        out.append(Comparison("victims", level, f"{a.victims}/{b.victims}" if explain else ""))

    if a.money and b.money:
        money = next(((x, y) for x in a.money for y in b.money
                      if x.currency == y.currency and _close(x.amount, y.amount, 0.15)), None)
        if money:
            out.append(Comparison("money", "shared",
                                  f"{money[0].amount:g} {money[0].currency}" if explain else ""))
        else:
            out.append(Comparison("money", "none", "no amount in common" if explain else ""))

    if a.published and b.published:
        days = abs((a.published - b.published).days)
        first, last = (a, b) if a.published <= b.published else (b, a)
        # A trial, verdict or appeal is reported months or years after the arrest: when
        # the later report names a later stage, the time between them is no evidence.
        if days <= 120 or STAGE.get(last.evidence or "", 0) <= STAGE.get(first.evidence or "", 0):
            level = "week" if days <= 14 else "months" if days <= 120 else "years" if days <= 730 else "far"
            out.append(Comparison("published", level, f"{days} days apart" if explain else ""))

    case_a, case_b = fa.cases, fb.cases
    if case_a and case_b:
        shared_cases = sum(1 for n in case_a & case_b if not freq.common_name(n))
        out.append(Comparison("case", "shared" if shared_cases else "different",
                              f"{shared_cases} operation or court-case names in common, "
                              f"{len(case_a)} and {len(case_b)} printed" if explain else ""))

    if a.names and b.names:
        shared_names = sum(1 for n in set(a.names).intersection(b.names)
                           if n not in case_a and not freq.common_name(n))
        # One name in common is what unrelated reports of one region share (a town, a
        # surname): it counts with none.
        level = ("many" if shared_names >= 8 else "several" if shared_names >= 4 else "some"
                 if shared_names >= 2 else "few")
        # How many, never which: the names are hashes, and may be a victim's.
        out.append(Comparison("names", level,
                              f"{shared_names} rare names printed by both reports" if explain else ""))

    return out


def score_records(
    a: IncidentRecord, b: IncidentRecord, fa: _Features, fb: _Features,
    freq: Frequencies = NO_FREQUENCIES, model: LinkageModel | None = None, explain: bool = True,
) -> Score:
    """Explained match weight of two incident records (value >= 0.85: same incident).

    With `explain` false, pairs below the review band come back without reasons."""
    if a.document_id == b.document_id:
        return Score(0.0, ["same document"])
    model = model or load_model("incidents")
    return _weighed(comparisons(a, b, fa, fb, freq), model, explain)


def _weighed(found: list[Comparison], model: LinkageModel, explain: bool) -> Score:
    if not explain:
        total = model.total(found)
        value = model.probability(total)
        if value < UNSURE:
            # Most candidate pairs are far apart: their reasons are never read.
            return Score(round(value, 4), [], total=round(total, 3), threshold=model.threshold)
    return model.score(found)


# How far below the least total that scores UNSURE a bound must fall before a pair is
# dropped with its names uncompared. Weighing differs from the exact total only by
# rounding (each weight to 3 decimals, the score to 4): far less than this.
BOUND_MARGIN = 0.1


class WeightBound:
    """The most a pair's total (bits) can reach before its names are compared: the weight
    of every other field plus the best weight of each name field both records fill
    (rarity only ever lowers a name's weight). A pair whose bound falls short of UNSURE
    is neither linked nor offered for review whatever the names show, so a full run
    does not compare them: name comparison is most of the cost of a pair."""

    def __init__(self, model: LinkageModel) -> None:
        self.model = model
        self.best = {fld: max((model.weight_of(fld, lvl) for lvl in
                               (*model.fields[fld].m, *model.fields[fld].u)), default=0.0)
                     if fld in model.fields else 0.0 for fld in NAME_FIELDS}
        self.need = model.total_at(UNSURE) - BOUND_MARGIN

    def short(self, known: Sequence[Comparison], names: Sequence[tuple[str, Any, Any]]) -> bool:
        """Whether a pair whose other fields are `known` stays below UNSURE whatever its
        name fields (`_name_fields`) show."""
        return self.model.total(known) + sum(self.best[fld] for fld, _, _ in names) < self.need


def machine_score(a: IncidentRecord, b: IncidentRecord, fa: _Features, fb: _Features,
                  freq: Frequencies, bound: WeightBound) -> Score | None:
    """What a full run keeps of a pair: `score_records(a, b, fa, fb, freq, bound.model,
    explain=False)` when it scores UNSURE or more, else None."""
    if a.document_id == b.document_id:
        return None
    known = [_trade(a, b), *_other_fields(a, b, fa, fb, freq, explain=False)]
    names = _name_fields(fa, fb, freq)
    if bound.short(known, names):
        return None
    # In `comparisons`' order: the weights are summed in it, so the totals are the same.
    found = [known[0], *(_names_comparison(fld, xa, xb, freq) for fld, xa, xb in names),
             *known[1:]]
    model = bound.model
    # The unrounded total (table lookups) ends most pairs cheaply, as in `score_records(...,
    # explain=False)`; the rest are kept when the value as scored reaches UNSURE.
    if model.probability(model.total(found)) < UNSURE or model.value(found) < UNSURE:
        return None
    # A pair kept is explained: its fields are compared again with their details.
    return model.score(comparisons(a, b, fa, fb, freq))


def compare_incidents(a: IncidentRecord, b: IncidentRecord) -> Score:
    """Explained match weight of two records on their own (word weights from the pair)."""
    fa, fb = _features([a, b])
    return score_records(a, b, fa, fb, frequencies([fa, fb], [a, b]))


def _blocking_keys(r: IncidentRecord, f: _Features) -> set[str]:
    """Any shared named actor, place or organisation makes a candidate; countries per trade."""
    keys = {f"c:{r.trade}:{c}" for c in r.countries}
    for p in f.actors:
        if p.group is not None:
            if not p.group.agency:
                keys.add(f"g:{p.group.id}")
        elif not _agency(p):
            if p.name.key:
                keys.add(f"a:{p.name.key}")
            # Transliterated spellings share no key; their surname's sound still meets.
            sig = [t for t in p.name.significant if len(t) > 2]
            if p.person and len(sig) > 1:
                keys.add(f"s:{phonetic(sig[-1])}:{phonetic(sig[0])[:1]}")
    keys.update(f"p:{' '.join(sorted(p))}" for p in f.places)
    # A bottom-k sample of the document's rare names (hashes, so the smallest are a
    # random few): two reports printing many of the same names likely share one of them
    # even when extraction found no actor or place in common.
    keys.update(f"n:{h}" for h in sorted(n for n in r.names if not is_case_name(n))[:NAME_KEYS])
    # An operation or court caption is rare and names the case: always a candidate.
    keys.update(f"k:{h}" for h in r.names if is_case_name(h))
    if not keys:
        keys.add(f"y:{r.trade}:{r.year}")
    return keys


@dataclass(frozen=True)
class IncidentCluster:
    """One real-world incident and every report of it."""

    cluster_id: str
    members: tuple[str, ...]
    sources: tuple[str, ...]
    corroboration: int
    claims: tuple[SourceClaim, ...]
    conflicts: tuple[str, ...]
    trade: str
    evidence: str | None
    year: int | None
    countries: frozenset[str]


def build_cluster(cluster_id: str, recs: Sequence[IncidentRecord]) -> IncidentCluster:
    """One incident from its member records: sources, claims, conflicts, consensus fields."""
    claims = tuple(sorted((r.claim() for r in recs), key=lambda c: (c.published or date.min, c.document_id)))
    year_counts = Counter(r.year for r in recs if r.year is not None)
    return IncidentCluster(
        cluster_id=cluster_id,
        members=tuple(r.incident_id for r in recs),
        sources=tuple(sorted({r.document_id for r in recs})),
        corroboration=len({r.document_id for r in recs}),
        claims=claims,
        conflicts=tuple(find_conflicts(claims)),
        trade=Counter(r.trade for r in recs).most_common(1)[0][0],
        evidence=strongest_evidence(c.evidence for c in claims),
        year=min(year_counts, key=lambda y: (-year_counts[y], y)) if year_counts else None,
        countries=frozenset().union(*(r.countries for r in recs)),
    )


def within_reach(new: Sequence[IncidentRecord], candidates: Mapping[str, Sequence[IncidentRecord]],
                 asked: Mapping[str, Iterable[str]], weighing: Weighing,
                 model: LinkageModel | None = None, *, crowded: AbstractSet[str] = frozenset(),
                 prepared: Prepared | None = None) -> set[str]:
    """The candidate clusters (id -> member records) that one of the `new` records
    (asking those of `asked[its id]`) scores YES or more against with some member: what a
    full run could link it to. The rest it cannot join, nor join to each other. As in a
    full run, a record is compared with the MAX_CANDIDATES reports sharing most blocking
    keys with it (of the members given: `nearest_reports` reads those that can be), the
    `crowded` keys, those of blocks too large to compare, not counted; features and keys
    from `prepared` where a step before made them."""
    model = model or load_model("incidents")
    held = [r for recs in candidates.values() for r in recs]
    everything = [*new, *held]
    prepared = prepared or Prepared()
    feats = prepared.features(everything)
    freq = weighing(feats, everything)
    fmap = {r.incident_id: f for r, f in zip(everything, feats, strict=True)}
    keys = {r.incident_id: prepared.keys(r, f) - crowded for r, f in zip(everything, feats, strict=True)}
    cluster_of = {r.incident_id: cid for cid, recs in candidates.items() for r in recs}
    bound = WeightBound(model)
    out: set[str] = set()
    for r in new:
        fr, mine = fmap[r.incident_id], keys[r.incident_id]
        shared = Counter({m.incident_id: len(mine & keys[m.incident_id])
                          for cid in asked.get(r.incident_id, ()) for m in candidates.get(cid, ())})
        nearest = sorted(shared.items(), key=lambda x: (-x[1], x[0]))[:MAX_CANDIDATES]
        by_id = {m.incident_id: m for cid in asked.get(r.incident_id, ()) for m in candidates.get(cid, ())}
        for mid, n in nearest:
            if n and cluster_of[mid] not in out and (s := machine_score(
                    r, by_id[mid], fr, fmap[mid], freq, bound)) is not None and s.value >= YES:
                out.add(cluster_of[mid])
    return out


def nearest_reports(keys_of: Mapping[str, Iterable[str]],
                    clusters: Mapping[str, tuple[Sequence[str], AbstractSet[str]]],
                    asked: Mapping[str, Iterable[str]],
                    read: Callable[[set[str]], Sequence[IncidentRecord]],
                    prepared: Prepared | None = None,
                    stored_keys: Mapping[str, AbstractSet[str]] | None = None) -> dict[str, IncidentRecord]:
    """The stored reports that can be among the MAX_CANDIDATES each new record (id -> its
    blocking keys) is compared with (those sharing most blocking keys with it, ties to the
    lower id), of the clusters it asks about (`clusters`: id -> members and blocking keys),
    read by `read(ids)` without reading every report of those clusters. A report holds no key its
    cluster lacks, so what its cluster shares with the record bounds what it shares:
    the reports are read in the order of their bounds, and once the MAX_CANDIDATES-th
    nearest read ranks before an unread report's bound, that report cannot enter. At
    300,000 incidents, a chunk of 1,000 new records asked about clusters of 199,402
    reports, most of them sharing only a surname's sound. A report whose own keys the
    store lists (`stored_keys`: a cluster row's `member_keys`) has an exact bound, so it
    is read only if it is among the nearest."""
    mine = {rid: set(keys) for rid, keys in keys_of.items()}
    stored_keys = stored_keys or {}
    prepared = prepared or Prepared()
    got: dict[str, IncidentRecord] = {}
    keys: dict[str, frozenset[str]] = {}
    tried: set[str] = set()  # a report with every statement rejected is read as none

    def fetch(ids: set[str]) -> None:
        tried.update(ids)
        records = list(read(ids))
        for rec, f in zip(records, prepared.features(records), strict=True):
            got[rec.incident_id], keys[rec.incident_id] = rec, prepared.keys(rec, f)

    # Each member under those of its keys some record holds (its own where the row lists
    # them, else its cluster's, a bound): a record's counts come from its keys' lists,
    # not from intersecting its keys with those of every member of every cluster it asks
    # about (at 300,000 incidents a chunk of 1,000 asks about 197,684 reports; ranking
    # them took 0.84 s that way, 0.66 s this way).
    wanted = set().union(*mine.values())
    cluster_of: dict[str, str] = {}
    holders: dict[str, list[str]] = defaultdict(list)
    for cid, (members, held) in clusters.items():
        for m in members:
            cluster_of[m] = cid
            for k in stored_keys.get(m, held) & wanted:
                holders[k].append(m)
    # A report sharing no key with the record is never compared with it: not read.
    bounds: dict[str, list[tuple[int, str]]] = {}
    for rid, own in mine.items():
        mine_asked = set(asked.get(rid, ()))
        shared = Counter(m for k in own for m in holders.get(k, ()) if cluster_of[m] in mine_asked)
        bounds[rid] = sorted((-n, m) for m, n in shared.items())
    more = {m for ranked in bounds.values() for _, m in ranked[:MAX_CANDIDATES]}
    while more:
        fetch(more)
        more = set()
        for rid, ranked in bounds.items():
            exact = sorted((-len(mine[rid] & keys[m]), m) for _, m in ranked if m in keys)
            # Fewer than MAX_CANDIDATES read: every report it asks about may enter.
            cut = exact[MAX_CANDIDATES - 1] if len(exact) >= MAX_CANDIDATES else (1, "")
            more.update(m for bound in ranked if bound < cut and (m := bound[1]) not in tried)
    return got


def blocking_keys_of(records: Sequence[IncidentRecord], prepared: Prepared | None = None) -> list[str]:
    """Every blocking key of some records, for an incremental run to find them by."""
    return sorted(set().union(*report_keys(records, prepared)))


def report_keys(records: Sequence[IncidentRecord], prepared: Prepared | None = None) -> list[frozenset[str]]:
    """Each record's blocking keys."""
    prepared = prepared or Prepared()
    return [prepared.keys(r, f) for r, f in zip(records, prepared.features(records), strict=True)]


@dataclass(kw_only=True)
class IncidentResolution(Outcome[IncidentCluster]):
    """The outcome of `resolve_incidents` (see `Outcome`); members are incident ids.
    `counts`: what its records' name frequencies were counted from, when they were."""

    clusters: list[IncidentCluster]
    counts: TermCounts | None = None


# Given a run's records and their features, the frequencies to weigh names by.
Weighing = Callable[[Sequence[_Features], Sequence[IncidentRecord]], Frequencies]


def resolve_incidents(
    records: Iterable[IncidentRecord],
    judgements: Iterable[Judgement] = (),
    previous: Mapping[str, str] | None = None,
    model: LinkageModel | None = None,
    *,
    taken: IdPool | None = None,
    weighing: Weighing | None = None,
    crowded: AbstractSet[str] = frozenset(),
    prepared: Prepared | None = None,
) -> IncidentResolution:
    """Cluster records into real-world incidents; ids in `previous` survive re-runs.

    A run over part of a store (an incremental run's candidates) gives the ids a fresh
    one must avoid (`taken`), how the store's frequencies weigh names (`weighing`) and
    the blocking keys too many of the store's clusters hold to compare through
    (`crowded`); by default names are counted over the records given and a block is
    too large past MAX_BLOCK of them. `prepared` holds the records' features and keys
    where an earlier step of the run made them."""
    # As for actors (`resolve_actors`): long-lived objects and no reference cycles, so
    # automatic collections would only walk the records and features again and again.
    with gc_pause.paused():
        return _resolve(records, judgements, previous or {}, model or load_model("incidents"),
                        taken=taken, weighing=weighing, crowded=crowded, prepared=prepared)


def _resolve(
    records: Iterable[IncidentRecord], judgements: Iterable[Judgement], previous: Mapping[str, str],
    model: LinkageModel, *, taken: IdPool | None = None, weighing: Weighing | None = None,
    crowded: AbstractSet[str] = frozenset(), prepared: Prepared | None = None,
) -> IncidentResolution:
    items = list(records)
    ids = [r.incident_id for r in items]
    if len(set(ids)) != len(ids):
        raise ValueError("incident ids must be unique")
    # A full run makes each once anyway: no memo by id of a million records.
    feats = prepared.features(items) if prepared else _features(items)
    counts = None
    if weighing is None:
        counts = term_counts(feats, items)
        freq = from_counts(counts)
    else:
        freq = weighing(feats, items)
    uf = ConstrainedUnionFind(len(items))
    human_merges, problems = apply_judgements(uf, judgements, ids, previous)

    # Cluster-level machine rules, kept per root: documents held and year range.
    docs: dict[int, set[str]] = {}
    years: dict[int, tuple[int, int]] = {}
    for i, r in enumerate(items):
        root = uf.find(i)
        docs.setdefault(root, set()).add(r.document_id)
        if r.year is not None:
            lo, hi = years.get(root, (r.year, r.year))
            years[root] = (min(lo, r.year), max(hi, r.year))

    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        members[uf.find(i)].append(i)
    totals: dict[tuple[int, int], float] = {}

    def total(i: int, j: int) -> float:
        key = (i, j) if i < j else (j, i)
        if key not in totals:
            s = score_records(items[i], items[j], feats[i], feats[j], freq, model, explain=False)
            totals[key] = s.total if s.total is not None else -model.threshold
        return totals[key]

    def allowed(ra: int, rb: int) -> bool:
        if docs[ra] & docs[rb]:
            return False
        ya, yb = years.get(ra), years.get(rb)
        if ya and yb and max(ya[1], yb[1]) - min(ya[0], yb[0]) > MAX_SPAN:
            return False
        # Average link between the two clusters: one strong pair must not drag in a
        # cluster the rest of whose reports speak against it (chains through a shared
        # place or a common summary).
        ma, mb = members[ra][:MAX_LINK], members[rb][:MAX_LINK]
        mean = sum(total(i, j) for i in ma for j in mb) / (len(ma) * len(mb))
        return mean >= model.threshold * AVERAGE_LINK

    def on_merge(root: int, ra: int, rb: int) -> None:
        other = rb if root == ra else ra
        members[root].extend(members.pop(other))
        docs[root] = docs[root] | docs.pop(other)
        yo = years.pop(other, None)
        if yo is not None:
            yr = years.get(root, yo)
            years[root] = (min(yr[0], yo[0]), max(yr[1], yo[1]))

    # Each record keeps its blocks themselves, in its keys' order, not the keys: a key's
    # words are held once, by the index, however many records share it.
    index: dict[str, array[int]] = {}
    blocks_of: list[list[array[int]]] = []
    for i, (r, f) in enumerate(zip(items, feats, strict=True)):
        blocks = [index.get(k) or index.setdefault(k, array("l")) for k in sorted((prepared.keys(r, f) if prepared else _blocking_keys(r, f)) - crowded)]
        for block in blocks:
            block.append(i)
        blocks_of.append(blocks)
    del index
    edges: list[tuple[float, int, int, Score]] = []
    comparisons = 0
    bound = WeightBound(model)
    for i, blocks in enumerate(blocks_of):
        shared: Counter[int] = Counter()
        for block in blocks:
            if len(block) <= MAX_BLOCK:
                shared.update(j for j in block if j > i)
        # Those sharing most keys first, at most MAX_CANDIDATES: bounded work per record
        # however crowded a country or a common surname's sound gets.
        candidates = ([j for j, _ in shared.most_common(MAX_CANDIDATES)]
                      if len(shared) > MAX_CANDIDATES else list(shared))
        for j in candidates:
            comparisons += 1
            s = machine_score(items[i], items[j], feats[i], feats[j], freq, bound)
            if s is not None:
                edges.append((s.value, i, j, s))

    machine_merges, review = union_edges(uf, edges, ids, allowed, on_merge)
    groups = sorted(
        (sorted(ms, key=ids.__getitem__) for ms in uf.groups().values()), key=lambda ms: ids[ms[0]]
    )
    cluster_ids, redirects = assign_stable_ids(
        [[ids[i] for i in ms] for ms in groups], previous, "incident", taken
    )
    clusters: list[IncidentCluster] = []
    by_member: dict[str, str] = {}
    for cid, ms in zip(cluster_ids, groups, strict=True):
        recs = [items[i] for i in ms]
        clusters.append(build_cluster(cid, recs))
        for r in recs:
            by_member[r.incident_id] = cid
    stats = {"records": len(items), "comparisons": comparisons, "clusters": len(clusters)}
    return IncidentResolution(
        clusters=clusters,
        merges=human_merges + machine_merges,
        review=review,
        redirects=redirects,
        problems=problems,
        stats=stats,
        by_member=by_member,
        by_id={c.cluster_id: c for c in clusters},
        counts=counts,
    )
