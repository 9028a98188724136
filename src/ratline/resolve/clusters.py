"""Clustering machinery shared by actor and incident resolution.

Explained scores, human judgements, a union-find that refuses merges a person (or a
machine rule) forbids, and stable cluster ids that survive re-runs. Humans outrank
machines: their 'no' is a cannot-link the machine never crosses, their 'yes' merges
before any machine edge is considered.
"""

from __future__ import annotations

import hashlib
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, Literal, Protocol, TypeVar

YES = 0.85
UNSURE = 0.6

Verdict = Literal["yes", "no", "unsure"]


@dataclass(slots=True)
class Score:
    """A similarity in [0, 1] with the reasons that produced it, in the order applied."""

    value: float
    reasons: list[str] = field(default_factory=list)
    # For probabilistic links: the summed match weight (bits) and the threshold it met or missed.
    total: float | None = None
    threshold: float | None = None

    @property
    def verdict(self) -> Verdict:
        if self.value >= YES:
            return "yes"
        return "unsure" if self.value >= UNSURE else "no"

    def __str__(self) -> str:
        return f"{self.value:.2f} ({'; '.join(self.reasons)})"


@dataclass(frozen=True, slots=True)
class Judgement:
    """A person's verdict on two mentions (or records), or on clusters by their ids.

    `a` and `b` are each a mention id / incident id, or a cluster id issued by an
    earlier run (then the verdict covers every member that carried that id).
    'unsure' is recorded but leaves the decision to the machine.
    """

    a: str
    b: str
    verdict: Verdict
    by: str


@dataclass(frozen=True, slots=True)
class Merge:
    """Two members joined (or proposed for review), by whom, and why."""

    a: str
    b: str
    score: Score
    by: str = "machine"


C = TypeVar("C")


@dataclass(kw_only=True)
class Outcome(Generic[C]):
    """What a resolution run returns, for actors and incidents alike.

    `merges` are the pairs joined (with explained scores, by machine or person);
    `review` the unsure or refused pairs a person may want to judge; `redirects` maps
    ids retired by a merge to the id that absorbed them; `problems` lists judgements
    that could not be honoured.
    """

    merges: list[Merge]
    review: list[Merge]
    redirects: dict[str, str]
    problems: list[str]
    stats: dict[str, int]
    by_member: dict[str, str] = field(repr=False, default_factory=dict)
    by_id: dict[str, C] = field(repr=False, default_factory=dict)

    def cluster_id_of(self, member_id: str) -> str:
        return self.by_member[member_id]

    def cluster(self, cluster_id: str) -> C:
        return self.by_id[self.redirects.get(cluster_id, cluster_id)]

    def mapping(self) -> dict[str, str]:
        """member id -> cluster id, to pass as `previous` to the next run."""
        return dict(self.by_member)


class ConstrainedUnionFind:
    """Union-find over 0..n-1 whose unions can be refused.

    Cannot-link constraints are pairs of member sets (A, B): no cluster may ever hold a
    member of A and a member of B. Each root keeps, per constraint, which sides it holds
    (bit 1 = A, bit 2 = B), so a check costs the number of constraints touching the
    smaller cluster, and clusters untouched by any constraint pay nothing.
    """

    def __init__(self, n: int) -> None:
        # Arrays, not lists: a list of a million ints holds a million int objects.
        self.parent = array("i", range(n))
        self.size = array("i", [1]) * n
        self.sides: dict[int, dict[int, int]] = {}
        self._constraints = 0

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def cannot_link(self, side_a: Iterable[int], side_b: Iterable[int]) -> None:
        cid = self._constraints
        self._constraints += 1
        for bit, members in ((1, side_a), (2, side_b)):
            for m in members:
                r = self.find(m)
                held = self.sides.setdefault(r, {})
                held[cid] = held.get(cid, 0) | bit

    def allowed(self, ra: int, rb: int) -> bool:
        sa, sb = self.sides.get(ra), self.sides.get(rb)
        if not sa or not sb:
            return True
        if len(sa) > len(sb):
            sa, sb = sb, sa
        return all((bits | sb.get(cid, 0)) != 3 for cid, bits in sa.items())

    def union(self, a: int, b: int) -> int | None:
        """Merge the clusters of a and b; None when a constraint forbids it."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        if not self.allowed(ra, rb):
            return None
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        moved = self.sides.pop(rb, None)
        if moved:
            held = self.sides.setdefault(ra, {})
            for cid, bits in moved.items():
                held[cid] = held.get(cid, 0) | bits
        return ra

    def groups(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for x in range(len(self.parent)):
            out[self.find(x)].append(x)
        return out


def expand_key(
    key: str, index: Mapping[str, int], previous_members: Mapping[str, list[int]]
) -> list[int]:
    """Members a judgement key names: one member by its id, or all holders of an old cluster id."""
    if key in index:
        return [index[key]]
    return list(previous_members.get(key, ()))


def apply_judgements(
    uf: ConstrainedUnionFind,
    judgements: Iterable[Judgement],
    ids: Sequence[str],
    previous: Mapping[str, str],
) -> tuple[list[Merge], list[str]]:
    """Install human 'no' as cannot-links, then merge human 'yes'.

    Returns the human merges and messages for judgements that could not be honoured
    (unknown keys, or a 'yes' that contradicts a 'no').
    """
    todo = list(judgements)
    if not todo:
        return [], []
    # Only the members the judgements name are indexed, not every member of the run.
    named = {j.a for j in todo} | {j.b for j in todo}
    held = {mid for mid, cid in previous.items() if cid in named}
    index = {mid: i for i, mid in enumerate(ids) if mid in named or mid in held}
    previous_members: dict[str, list[int]] = defaultdict(list)
    for mid, cid in previous.items():
        if cid in named and mid in index:
            previous_members[cid].append(index[mid])
    problems: list[str] = []
    expanded: list[tuple[Judgement, list[int], list[int]]] = []
    for j in todo:
        side_a = expand_key(j.a, index, previous_members)
        side_b = expand_key(j.b, index, previous_members)
        if not side_a or not side_b:
            problems.append(f"judgement by {j.by} on {j.a} / {j.b}: unknown key, ignored")
            continue
        # "m3 is not actor X" where m3 was in X: the verdict is about m3 and the rest.
        if len(side_a) <= len(side_b):
            drop = set(side_a)
            side_b = [x for x in side_b if x not in drop]
        else:
            drop = set(side_b)
            side_a = [x for x in side_a if x not in drop]
        if not side_a or not side_b:
            problems.append(f"judgement by {j.by} on {j.a} / {j.b}: same member on both sides, ignored")
            continue
        expanded.append((j, side_a, side_b))
    for j, side_a, side_b in expanded:
        if j.verdict == "no":
            uf.cannot_link(side_a, side_b)
    merges: list[Merge] = []
    for j, side_a, side_b in expanded:
        if j.verdict != "yes":
            continue
        members = side_a + side_b
        ok = all(uf.union(members[0], m) is not None for m in members[1:])
        if ok:
            merges.append(Merge(j.a, j.b, Score(1.0, [f"judged the same by {j.by}"]), by=j.by))
        else:
            problems.append(
                f"judgement 'yes' by {j.by} on {j.a} / {j.b} contradicts a 'no'; the 'no' holds"
            )
    return merges, problems


class IdPool(Protocol):
    """Ids already issued: a set, or the store's clusters looked up one at a time."""

    def __contains__(self, cid: object) -> bool: ...

    def add(self, cid: str) -> None: ...


def fresh_id(prefix: str, seed: str, taken: IdPool) -> str:
    """A deterministic id from a seed member id, skipping ids already issued."""
    n = 0
    while True:
        material = seed if n == 0 else f"{seed}#{n}"
        cid = f"{prefix}-{hashlib.sha1(material.encode('utf-8')).hexdigest()[:12]}"
        if cid not in taken:
            taken.add(cid)
            return cid
        n += 1


def assign_stable_ids(
    clusters: Sequence[Sequence[str]],
    previous: Mapping[str, str],
    prefix: str,
    taken: IdPool | None = None,
) -> tuple[list[str], dict[str, str]]:
    """One id per cluster (members given by id, each sorted), stable across runs.

    An old id goes to the cluster holding most of the members that carried it (ties:
    the cluster with the smallest such member id); a cluster holding several old ids
    keeps the smallest and the rest redirect to it. A cluster holding none, such as the
    part a person split off, gets a fresh id from its smallest member id.
    Returns (ids in cluster order, redirects old id -> surviving id). `taken`: the ids a
    fresh one must differ from, when `previous` does not hold them all (a run over part
    of a store); by default those of `previous`.
    """
    counts: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    first: dict[tuple[str, int], str] = {}
    for ci, members in enumerate(clusters):
        for mid in members:
            held_before = previous.get(mid)
            if held_before is None:
                continue
            counts[held_before][ci] += 1
            key = (held_before, ci)
            if key not in first or mid < first[key]:
                first[key] = mid
    held: dict[int, list[str]] = defaultdict(list)
    for old, per_cluster in counts.items():
        winner = min(per_cluster, key=lambda ci: (-per_cluster[ci], first[(old, ci)]))
        held[winner].append(old)
    if taken is None:
        taken = set(previous.values())
    ids: list[str] = []
    redirects: dict[str, str] = {}
    for ci, members in enumerate(clusters):
        mine = sorted(held.get(ci, ()))
        if mine:
            ids.append(mine[0])
            for old in mine[1:]:
                redirects[old] = mine[0]
        else:
            ids.append(fresh_id(prefix, min(members), taken))
    return ids, redirects


def union_edges(
    uf: ConstrainedUnionFind,
    edges: list[tuple[float, int, int, Score]],
    labels: Sequence[str],
    allowed: Callable[[int, int], bool] | None = None,
    on_merge: Callable[[int, int, int], None] | None = None,
) -> tuple[list[Merge], list[Merge]]:
    """Apply machine edges strongest first; returns (merges, refused-or-unsure pairs).

    `allowed(root_a, root_b)` is a cluster-level machine rule (e.g. never two incidents
    of one document); `on_merge(new_root, root_a, root_b)` lets the caller keep
    per-cluster summaries up to date.
    """
    edges.sort(key=lambda e: (-e[0], labels[e[1]], labels[e[2]]))
    merges: list[Merge] = []
    review: list[Merge] = []
    for value, a, b, score in edges:
        if value < YES:
            review.append(Merge(labels[a], labels[b], score))
            continue
        ra, rb = uf.find(a), uf.find(b)
        if ra == rb:
            continue
        if allowed is not None and not allowed(ra, rb):
            score.reasons.append("refused: the clusters conflict")
            review.append(Merge(labels[a], labels[b], score))
            continue
        root = uf.union(ra, rb)
        if root is None:
            score.reasons.append("refused: a person judged these apart")
            review.append(Merge(labels[a], labels[b], score))
            continue
        if on_merge is not None:
            on_merge(root, ra, rb)
        merges.append(Merge(labels[a], labels[b], score))
    return merges, review
