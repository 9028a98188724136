"""Incidents across reports: which extracted incidents describe the same real-world case.

Records are compared only within blocks of one trade that share a country, a named
actor or a place. The score adds up explained evidence: shared named actors count most,
then place, year, victim counts, money, organs and summary wording; a different year or
disjoint countries count strongly against. Two incidents of one document never merge,
nor does a cluster whose years would spread over more than one year. Per-source claims
are kept, and disagreements between sources are listed as conflicts.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ratline.resolve.actors import Profile, profile, score_profiles
from ratline.resolve.clusters import (
    UNSURE,
    YES,
    ConstrainedUnionFind,
    Judgement,
    Outcome,
    Score,
    apply_judgements,
    assign_stable_ids,
    union_edges,
)
from ratline.resolve.conflicts import SourceClaim, find_conflicts, strongest_evidence
from ratline.resolve.names import canon_token, fold, token_similarity

MAX_BLOCK = 300

_ACQUITTED = re.compile(r"\bacquit(?:s|ted|tal)?\b|\bfound not guilty\b|\bcleared of\b", re.I)
_WITHDRAWN = re.compile(r"\bcharges? (?:\w+ ){0,2}(?:dropped|withdrawn)\b", re.I)
_STOPWORD_TEXT = (
    "the and for with that this from were was has have had are its their his her they them "
    "who which what when where after before into over under about said says according also "
    "than then there been being will would could should not but all any one two three four "
    "five six seven eight nine ten more most some such other new year years last week month "
    "report reported reports"
)
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())


@dataclass(frozen=True, slots=True)
class MoneyClaim:
    amount: float
    currency: str
    what: str


@dataclass(frozen=True)
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
    victims: int | None = None
    deaths: int | None = None
    activities: frozenset[str] = frozenset()
    money: tuple[MoneyClaim, ...] = ()
    evidence: str | None = None
    summary: str = ""
    outcome: str | None = None

    @classmethod
    def from_json(
        cls,
        document_id: str,
        n: int,
        incident: Mapping[str, Any],
        outlet: str | None = None,
        published: date | str | None = None,
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
            organs=frozenset(incident.get("organs") or ()),
            countries=frozenset(incident.get("countries") or ()),
            places=tuple(incident.get("places") or ()),
            year=incident.get("year"),
            actors=tuple(str(a["name"]) for a in actors),
            actor_types=tuple(str(a.get("type") or "person") for a in actors),
            victims=victims.get("count"),
            deaths=victims.get("deaths"),
            activities=frozenset(incident.get("activities") or ()),
            money=money,
            evidence=evidence if evidence not in ("acquitted", "acquittal") else "charge",
            summary=summary,
            outcome=outcome,
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


@dataclass(frozen=True)
class _Features:
    """Per-record values computed once: actor profiles, place token sets, word weights."""

    actors: tuple[Profile, ...]
    places: tuple[frozenset[str], ...]
    words: dict[str, float]


def _content_words(text: str) -> list[str]:
    return [t for t in fold(text).split() if len(t) > 2 and t not in _STOPWORDS and not t.isdigit()]


def _features(records: Sequence[IncidentRecord]) -> list[_Features]:
    docs = [Counter(_content_words(r.summary)) for r in records]
    df: Counter[str] = Counter()
    for d in docs:
        df.update(d.keys())
    n = len(records)
    out = []
    for r, d in zip(records, docs, strict=True):
        # Smoothed IDF (+1) so a word two records share still counts in a set of two.
        weights = {w: c * (math.log((1 + n) / (1 + df[w])) + 1) for w, c in d.items()}
        norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
        out.append(
            _Features(
                actors=tuple(profile(a, t) for a, t in zip(r.actors, r.actor_types, strict=True)),
                places=tuple(
                    frozenset(canon_token(t) for t in fold(p).split()) for p in r.places if fold(p)
                ),
                words={w: v / norm for w, v in weights.items()},
            )
        )
    return out


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def _same_place(p: frozenset[str], q: frozenset[str]) -> bool:
    """One place name's tokens all found, spelled alike, in the other ("Zuwara" / "Zuwarah")."""
    small, big = (p, q) if len(p) <= len(q) else (q, p)
    return all(any(token_similarity(t, u) >= 0.9 for u in big) for t in small)


def _close(x: float, y: float, tolerance: float) -> bool:
    return abs(x - y) <= tolerance * max(abs(x), abs(y))


def score_records(a: IncidentRecord, b: IncidentRecord, fa: _Features, fb: _Features) -> Score:
    """Explained similarity of two incident records (>= 0.85: same incident)."""
    if a.trade != b.trade:
        return Score(0.0, [f"different trades {a.trade}/{b.trade}"])
    if a.document_id == b.document_id:
        return Score(0.0, ["same document"])
    value = 0.0
    reasons: list[str] = []

    def add(delta: float, why: str) -> None:
        nonlocal value
        value += delta
        reasons.append(f"{why}: {delta:+.2f}")

    # Reports name different subsets of the people involved, so actors only count for.
    shared: list[str] = []
    shared_agencies = 0
    for pa in fa.actors:
        agency_a = pa.group is not None and pa.group.agency
        for pb in fb.actors:
            if score_profiles(pa, pb).value >= YES:
                if agency_a:
                    shared_agencies += 1
                else:
                    shared.append(pa.name.raw)
                break
    if shared:
        add(min(0.4 + 0.1 * (len(shared) - 1), 0.6), f"shared actors {', '.join(shared)}")
    elif shared_agencies:
        add(0.05, "shared investigating agency")

    if a.year is not None and b.year is not None:
        gap = abs(a.year - b.year)
        if gap == 0:
            add(0.15, f"same year {a.year}")
        elif gap == 1:
            reasons.append(f"adjacent years {a.year}/{b.year}: +0.00")
        else:
            add(-0.6, f"different years {a.year}/{b.year}")

    if a.countries and b.countries:
        common = a.countries & b.countries
        if common:
            add(0.05, f"same country {' '.join(sorted(common))}")
        else:
            add(-0.4, "no country in common")

    if fa.places and fb.places:
        matched = [
            " ".join(sorted(p)) for p in fa.places if any(_same_place(p, q) for q in fb.places)
        ]
        if matched:
            add(0.3, f"same place {matched[0]}")
        else:
            add(-0.05, "different places")

    if a.organs and b.organs:
        if a.organs & b.organs:
            add(0.05, f"same organ {' '.join(sorted(a.organs & b.organs))}")
        else:
            add(-0.2, "different organs")

    if a.victims is not None and b.victims is not None and max(a.victims, b.victims) > 0:
        # Small counts must agree exactly; "2" and "4" victims are two different stories.
        slack = 0.2 if max(a.victims, b.victims) >= 10 else 0.0
        if _close(a.victims, b.victims, slack):
            add(0.15, f"victim counts close {a.victims}/{b.victims}")
        elif max(a.victims, b.victims) >= 2 * max(1, min(a.victims, b.victims)):
            add(-0.15, f"victim counts far apart {a.victims}/{b.victims}")
    if a.deaths and b.deaths and a.deaths == b.deaths:
        add(0.05, f"same deaths {a.deaths}")

    money = next(
        (
            (x, y)
            for x in a.money
            for y in b.money
            if x.currency == y.currency and _close(x.amount, y.amount, 0.15)
        ),
        None,
    )
    if money:
        add(0.15, f"same money {money[0].amount:g} {money[0].currency}")

    if a.published and b.published:
        days = abs((a.published - b.published).days)
        # Reports of one event cluster in time; follow-ups come weeks later.
        if days <= 14:
            add(0.1, f"published {days} days apart")
        elif days <= 60:
            add(0.05, f"published {days} days apart")
        elif days > 730:
            add(-0.1, f"published {days} days apart")

    cos = _cosine(fa.words, fb.words)
    if cos > 0.05:
        add(round(0.4 * cos, 3), f"summary similarity {cos:.2f}")
    return Score(round(max(0.0, min(1.0, value)), 3), reasons)


def compare_incidents(a: IncidentRecord, b: IncidentRecord) -> Score:
    """Explained similarity of two records on their own (summary weights from the pair)."""
    fa, fb = _features([a, b])
    return score_records(a, b, fa, fb)


def _blocking_keys(r: IncidentRecord, f: _Features) -> set[str]:
    keys = {f"c:{r.trade}:{c}" for c in r.countries}
    for p in f.actors:
        if p.group is not None:
            if not p.group.agency:
                keys.add(f"a:{r.trade}:g:{p.group.id}")
        elif p.name.key:
            keys.add(f"a:{r.trade}:{p.name.key}")
    keys.update(f"p:{r.trade}:{' '.join(sorted(p))}" for p in f.places)
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


@dataclass(kw_only=True)
class IncidentResolution(Outcome[IncidentCluster]):
    """The outcome of `resolve_incidents` (see `Outcome`); members are incident ids."""

    clusters: list[IncidentCluster]


def resolve_incidents(
    records: Iterable[IncidentRecord],
    judgements: Iterable[Judgement] = (),
    previous: Mapping[str, str] | None = None,
) -> IncidentResolution:
    """Cluster records into real-world incidents; ids in `previous` survive re-runs."""
    items = list(records)
    previous = previous or {}
    ids = [r.incident_id for r in items]
    if len(set(ids)) != len(ids):
        raise ValueError("incident ids must be unique")
    feats = _features(items)
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

    def allowed(ra: int, rb: int) -> bool:
        if docs[ra] & docs[rb]:
            return False
        ya, yb = years.get(ra), years.get(rb)
        return not (ya and yb and max(ya[1], yb[1]) - min(ya[0], yb[0]) > 1)

    def on_merge(root: int, ra: int, rb: int) -> None:
        other = rb if root == ra else ra
        docs[root] = docs[root] | docs.pop(other)
        yo = years.pop(other, None)
        if yo is not None:
            yr = years.get(root, yo)
            years[root] = (min(yr[0], yo[0]), max(yr[1], yo[1]))

    index: dict[str, list[int]] = defaultdict(list)
    keys_of = []
    for i, (r, f) in enumerate(zip(items, feats, strict=True)):
        keys = sorted(_blocking_keys(r, f))
        keys_of.append(keys)
        for k in keys:
            index[k].append(i)
    edges: list[tuple[float, int, int, Score]] = []
    comparisons = 0
    for i, keys in enumerate(keys_of):
        candidates: set[int] = set()
        for k in keys:
            block = index[k]
            if len(block) <= MAX_BLOCK:
                candidates.update(j for j in block if j > i)
        for j in candidates:
            comparisons += 1
            s = score_records(items[i], items[j], feats[i], feats[j])
            if s.value >= UNSURE:
                edges.append((s.value, i, j, s))

    machine_merges, review = union_edges(uf, edges, ids, allowed, on_merge)
    groups = sorted(
        (sorted(ms, key=ids.__getitem__) for ms in uf.groups().values()), key=lambda ms: ids[ms[0]]
    )
    cluster_ids, redirects = assign_stable_ids(
        [[ids[i] for i in ms] for ms in groups], previous, "incident"
    )
    clusters: list[IncidentCluster] = []
    by_member: dict[str, str] = {}
    for cid, ms in zip(cluster_ids, groups, strict=True):
        recs = [items[i] for i in ms]
        claims = tuple(
            sorted(
                (r.claim() for r in recs), key=lambda c: (c.published or date.min, c.document_id)
            )
        )
        year_counts = Counter(r.year for r in recs if r.year is not None)
        clusters.append(
            IncidentCluster(
                cluster_id=cid,
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
        )
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
    )
