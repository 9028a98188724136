"""Why reports are one incident and mentions one actor, and which near-links were refused.

For an incident: each pair of its reports with the Fellegi–Sunter comparisons, their
weights in bits, the total and the threshold; and the nearest reports of other incidents
(sharing a blocking key, as the resolver finds candidates) that were not linked, with the
reason. For an actor: each pair of the names it is known by, and the nearest other actors,
with the name comparison, its score and the threshold. The same model, comparisons and
blocking the resolver uses (`ratline.resolve`), computed for one incident or actor at a
time over the reports it weighs (`load_context`): its own and those of the clusters that
share a blocking key with it, found through the clusters' key index, so a page never
reads the whole store. The incident and actor pages show it beside the Merge and Split
buttons. Every text is masked with the victims' names of the documents compared.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from ratline.analyze.incidents import IncidentIndex
from ratline.resolve.actors import MAX_BLOCK as ACTOR_BLOCK
from ratline.resolve.actors import ActorMention, blocking_keys, compare, profile
from ratline.resolve.clusters import YES, Score
from ratline.resolve.explain import explain_actors
from ratline.resolve.incidents import (
    AVERAGE_LINK,
    MAX_BLOCK,
    MAX_CANDIDATES,
    MAX_SPAN,
    Frequencies,
    IncidentRecord,
    Prepared,
    _Features,
    comparisons,
    report_keys,
    score_records,
)
from ratline.resolve.linkage import LinkageModel, load_model
from ratline.store import Store, resolution
from ratline.store import frequencies as store_frequencies

MAX_PAIRS = 12  # linked pairs shown; a big cluster says how many more there are
NEAR = 5  # refused near-links shown
# Reports of one incident compared (pairwise and with candidates): the cost grows with
# their square, and a page need not weigh every report of a case told a hundred times.
MAX_MEMBERS = 30


@dataclass
class LinkContext:
    """An incident's reports and their candidate reports, as the resolver weighs them."""

    records: list[IncidentRecord]
    feats: list[_Features]
    freq: Frequencies
    at: dict[str, int]  # incident subject -> position in `records`
    blocks: dict[str, list[int]]  # blocking key -> positions
    keys: list[set[str]]
    model: LinkageModel
    # Latest human verdict per pair of members: (verdict, reviewer).
    verdicts: dict[frozenset[str], tuple[str, str]]


def _verdicts(store: Store, kind: str) -> dict[frozenset[str], tuple[str, str]]:
    latest: dict[frozenset[str], tuple[str, str]] = {}
    for j in resolution.judgements(store, kind):
        latest[frozenset((j["a"], j["b"]))] = (str(j["verdict"]), str(j["reviewer"]))
    return latest


def load_context(store: Store, subjects: Sequence[str]) -> LinkContext:
    """The reports of one incident (`subjects`) and, of the other clusters sharing a
    blocking key with them, the reports among the MAX_CANDIDATES nearest of one of them
    (sharing most keys), as the resolver compares them.

    Candidates are found through the clusters' key index (`cluster_keys`) and each
    member's keys in its cluster's row (`resolve.incidents.nearest_reports`), so a page
    reads the statements of the reports it weighs, not those of every cluster sharing a
    surname's sound with it. A key more clusters hold than a block the resolver compares
    is left out, as the resolver leaves it out. Term frequencies are counted as a full
    run counts them, over the whole store (`store.frequencies`); reports not yet resolved
    into any cluster are no candidates."""
    prepared = Prepared()
    own, _ = resolution.records_of(store, subjects)
    order = {s: n for n, s in enumerate(subjects)}
    own.sort(key=lambda r: order.get(r.incident_id, len(order)))
    # Only the reports compared with candidates ask for them (`incident_links`).
    compared = dict(zip((r.incident_id for r in own[:MAX_MEMBERS]), report_keys(own[:MAX_MEMBERS], prepared),
                        strict=True))
    nearest = resolution.nearest_stored(store, compared, set(subjects), MAX_BLOCK, prepared)
    crowded = nearest.crowded
    found = sorted(nearest.reports.values(), key=lambda r: r.incident_id)
    records = own + found
    feats = prepared.features(records)
    keys = [set(prepared.keys(r, f) - crowded) for r, f in zip(records, feats, strict=True)]
    blocks: dict[str, list[int]] = {}
    for i, ks in enumerate(keys):
        for k in ks:
            blocks.setdefault(k, []).append(i)
    return LinkContext(records, feats, store_frequencies.weighing(store)(feats, records),
                       {r.incident_id: i for i, r in enumerate(records)}, blocks, keys,
                       load_model("incidents"), _verdicts(store, "incident"))


def _names(row: Mapping[str, Any]) -> list[str]:
    """The spellings an actor was found under (a chosen display name is none of them)."""
    return [str(a) for a in row.get("aliases") or ()] or [str(row["name"])]


def _described(name: str, row: Mapping[str, Any]) -> tuple[str, str, frozenset[str]]:
    """A name of an actor row as the actor comparison takes it: (name, type, countries)."""
    return (name, str(row.get("type") or "person"), frozenset(row.get("countries") or ()))


def _human(found: Mapping[frozenset[str], tuple[str, str]], side_a: Iterable[str],
           side_b: Iterable[str]) -> tuple[str, str] | None:
    """The latest verdict a person gave on any pair across the two sides."""
    if not found:
        return None
    hits = [found[p] for x in side_a for y in side_b if (p := frozenset((x, y))) in found]
    return hits[-1] if hits else None


# -- incidents ------------------------------------------------------------------------

def _total(ctx: LinkContext, i: int, j: int) -> float:
    s = score_records(ctx.records[i], ctx.records[j], ctx.feats[i], ctx.feats[j], ctx.freq,
                      ctx.model, explain=False)
    return s.total if s.total is not None else float("-inf")


def _pair(ctx: LinkContext, index: IncidentIndex, i: int, j: int) -> dict[str, Any]:
    a, b = ctx.records[i], ctx.records[j]
    weighed = ctx.model.weigh(comparisons(a, b, ctx.feats[i], ctx.feats[j], ctx.freq))
    masker = index.masker
    rows = [{"field": c.field, "level": c.level,
             "detail": masker.text(c.detail, a.document_id, b.document_id),
             "weight": c.weight, "adjustment": c.adjustment} for c in weighed]
    total = round(sum(c.weight for c in weighed), 3)
    return {"a": a.incident_id, "b": b.incident_id,
            "a_document": a.document_id, "b_document": b.document_id,
            "a_title": index.titles.get(a.document_id), "b_title": index.titles.get(b.document_id),
            "comparisons": rows, "total": total, "threshold": ctx.model.threshold,
            "above": total >= ctx.model.threshold}


def _refusal(ctx: LinkContext, members: Sequence[IncidentRecord],
             others: Sequence[IncidentRecord], best: float) -> str:
    """Why the resolver keeps two incidents apart, in the order its rules apply."""
    human = _human(ctx.verdicts, [r.incident_id for r in members], [r.incident_id for r in others])
    if human and human[0] == "no":
        return f"split by {human[1]}"
    if best < ctx.model.threshold:
        return "best pair below the threshold"
    if {r.document_id for r in members} & {r.document_id for r in others}:
        return "both incidents cite one document (a report is never one incident twice)"
    years = [y for r in (*members, *others) if (y := r.year) is not None]
    if years and max(years) - min(years) > MAX_SPAN:
        return f"their years are more than {MAX_SPAN} apart"
    return (f"the reports' average weight is below the cluster rule "
            f"({ctx.model.threshold * AVERAGE_LINK:+.2f} bits)")


def incident_links(store: Store, index: IncidentIndex, incident_id: str,
                   near: int = NEAR) -> dict[str, Any]:
    """The linked pairs of an incident's reports and its nearest refused links."""
    key = index.key_of(incident_id)
    subjects = index.subjects_of(key)
    ctx = load_context(store, subjects)
    members = [ctx.at[s] for s in subjects if s in ctx.at]
    compared = members[:MAX_MEMBERS]
    pairs = sorted(((_total(ctx, i, j), i, j) for i, j in combinations(compared, 2)
                    if ctx.records[i].document_id != ctx.records[j].document_id),
                   key=lambda p: (-p[0], p[1], p[2]))
    linked = []
    for _, i, j in pairs[:MAX_PAIRS]:
        pair = _pair(ctx, index, i, j)
        human = _human(ctx.verdicts, [pair["a"]], [pair["b"]])
        pair["why"] = (f"merged by {human[1]}" if human and human[0] == "yes" else
                       "above the threshold" if pair["above"] else "joined through the other reports")
        linked.append(pair)
    # Candidates as the resolver finds them: a shared blocking key, in a block it compares.
    mine = set(members)
    best: dict[str, tuple[float, int, int]] = {}
    for i in compared:
        shared: Counter[int] = Counter()
        for k in ctx.keys[i]:
            shared.update(j for j in ctx.blocks.get(k, ()) if j not in mine)
        # Those sharing most keys first (ties to the lower id, as `nearest_reports` reads
        # them), at most as many as the resolver compares.
        ranked = sorted(shared.items(), key=lambda x: (-x[1], ctx.records[x[0]].incident_id))
        for j, _ in ranked[:MAX_CANDIDATES]:
            if ctx.records[j].document_id == ctx.records[i].document_id:
                continue
            other = index.key_of(ctx.records[j].incident_id)
            if other == key or other not in index.incidents:
                continue
            t = _total(ctx, i, j)
            if other not in best or t > best[other][0]:
                best[other] = (t, i, j)
    refused = []
    shown = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0]))[:near]
    # Why each is refused weighs all its reports: those not among the nearest too.
    theirs = index.subjects_of_each(other for other, _ in shown)
    unread = {s for subjects in theirs.values() for s in subjects if s not in ctx.at}
    rest = {r.incident_id: r for r in resolution.records_of(store, unread)[0]} if unread else {}
    own = [ctx.records[i] for i in members]
    for other, (t, i, j) in shown:
        pair = _pair(ctx, index, i, j)
        others = [ctx.records[ctx.at[s]] if s in ctx.at else rest[s]
                  for s in theirs[other] if s in ctx.at or s in rest]
        pair["incident"] = other
        pair["incident_title"] = index.incidents[other].title
        pair["why"] = _refusal(ctx, own, others, t)
        refused.append(pair)
    return {"threshold": ctx.model.threshold, "unit": "bits",
            "members": [ctx.records[i].incident_id for i in members],
            "pairs": len(members) * (len(members) - 1) // 2, "linked": linked, "near": refused}


# -- actors ---------------------------------------------------------------------------

def _reasons(score: Score, masker: Any, documents: Sequence[str]) -> list[str]:
    return [masker.text(r, *documents) for r in score.reasons]


def actor_links(store: Store, index: IncidentIndex, actor_id: str,
                near: int = NEAR) -> dict[str, Any]:
    """The names an actor is known by, compared pairwise, and its nearest other actors."""
    row = resolution.cluster(store, "actor", actor_id)
    if row is None:
        return {"resolved": False, "threshold": YES, "linked": [], "near": []}
    verdicts = _verdicts(store, "actor")
    masker = index.masker
    docs = [str(d) for d in row.get("documents") or ()]
    # The actor's mentions, read from the incidents that name it.
    wanted = set(row.get("mentions") or ())
    _, mentions = resolution.records_of(store, [str(s) for s in row.get("incident_subjects") or ()])
    # One mention stands for each spelling: the same name needs no explaining.
    by_name: dict[tuple[str, str], list[ActorMention]] = {}
    for m in sorted(mentions, key=lambda m: m.mention_id):
        if m.mention_id in wanted:
            by_name.setdefault((m.name, m.type), []).append(m)
    spellings = sorted(by_name, key=lambda k: (-len(by_name[k]), k))
    scored = []
    for x, y in combinations(spellings, 2):
        a, b = by_name[x][0], by_name[y][0]
        scored.append((compare(a, b), a, b))
    scored.sort(key=lambda p: (-p[0].value, p[1].name, p[2].name))
    linked = []
    for s, a, b in scored[:MAX_PAIRS]:
        pair_docs = [a.document_id, b.document_id]
        human = _human(verdicts, [m.mention_id for m in by_name[(a.name, a.type)]],
                       [m.mention_id for m in by_name[(b.name, b.type)]])
        linked.append({
            "a": a.mention_id, "b": b.mention_id,
            "a_name": masker.text(a.name, *pair_docs), "b_name": masker.text(b.name, *pair_docs),
            "a_mentions": len(by_name[(a.name, a.type)]), "b_mentions": len(by_name[(b.name, b.type)]),
            "reasons": _reasons(s, masker, pair_docs), "score": s.value, "threshold": YES,
            "why": (f"merged by {human[1]}" if human and human[0] == "yes" else
                    "above the threshold" if s.value >= YES else "joined through other names")})
    # Candidates as an incremental run finds them: the actors whose stored blocking keys
    # share one of this actor's names' keys, in a block the resolver compares.
    keys = {k for name in _names(row) for k in blocking_keys(profile(*_described(name, row)))}
    candidates = {c["id"]: c for c in resolution.clusters_with_keys(
        store, "actor", keys - resolution.crowded_keys(store, "actor", keys, ACTOR_BLOCK))}
    candidates.pop(actor_id, None)
    found = []
    for cid in sorted(candidates):
        other = candidates[cid]
        best = None
        for mine in _names(row):
            for theirs in _names(other):
                e = explain_actors(_described(mine, row), _described(theirs, other))
                if best is None or e.score.value > best.score.value:
                    best = e
        if best is not None:
            found.append((best, cid, other))
    found.sort(key=lambda f: (-f[0].score.value, f[1]))
    refused = []
    for e, cid, other in found[:near]:
        pair_docs = docs + [str(d) for d in other.get("documents") or ()]
        human = _human(verdicts, row.get("mentions") or (), other.get("mentions") or ())
        refused.append({
            "actor": cid, "actor_name": masker.text(str(other["name"]), *pair_docs),
            "type": other.get("type"),
            "a_name": masker.text(e.a, *pair_docs), "b_name": masker.text(e.b, *pair_docs),
            "reasons": _reasons(e.score, masker, pair_docs), "score": e.score.value,
            "threshold": YES,
            "why": (f"split by {human[1]}" if human and human[0] == "no" else
                    "below the threshold" if e.score.value < YES else
                    "kept apart by the resolver's cluster rules")})
    return {"resolved": True, "threshold": YES, "unit": "score", "linked": linked,
            "pairs": len(scored), "near": refused}
