"""Why two actors or two incidents are (or are not) one: the comparisons and their weights.

Used by `ratline incidents --explain A B` and `ratline actors --explain A B`. Incidents
are explained with the same fitted model, term frequencies and average-link rule the
resolver applies; actors with the fitted actor weights (`actor_levels`) or the rule of
identity that keeps them apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ratline.resolve.actors import profile, score_profiles
from ratline.resolve.clusters import YES, Score
from ratline.resolve.incidents import (
    AVERAGE_LINK,
    IncidentRecord,
    Weighing,
    _features,
    frequencies,
    score_records,
)
from ratline.resolve.linkage import load_model


@dataclass
class Explanation:
    """The best-scoring pair's comparisons, and the verdict the resolver would reach."""

    a: str
    b: str
    score: Score
    lines: list[str]
    linked: bool


def explain_incidents(
    records: Sequence[IncidentRecord], side_a: Sequence[str], side_b: Sequence[str],
    weighing: Weighing | None = None,
) -> Explanation:
    """Compare the records of `side_a` with those of `side_b` (incident ids) within
    `records`; names weigh by `weighing` (a store's counts), else by their counts there."""
    model = load_model("incidents")
    feats = _features(records)
    freq = (weighing or frequencies)(feats, records)
    index = {r.incident_id: i for i, r in enumerate(records)}
    pairs: list[tuple[float, str, str, Score]] = []
    for x in side_a:
        for y in side_b:
            i, j = index[x], index[y]
            s = score_records(records[i], records[j], feats[i], feats[j], freq, model)
            pairs.append((s.total if s.total is not None else float("-inf"), x, y, s))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    total, x, y, best = pairs[0]
    finite = [p[0] for p in pairs if p[0] != float("-inf")]
    mean = sum(finite) / len(finite) if finite else float("-inf")
    lines = [f"{x} / {y}:"]
    lines += [f"  {r}" for r in best.reasons]
    if len(pairs) > 1:
        lines.append(f"  {len(pairs)} report pairs; average {mean:+.2f} bits "
                     f"(clusters join at {model.threshold * AVERAGE_LINK:+.2f})")
    linked = total >= model.threshold and (len(pairs) == 1 or mean >= model.threshold * AVERAGE_LINK)
    lines.append("  -> " + ("linked: same incident" if linked else "not linked"))
    return Explanation(x, y, best, lines, linked)


def explain_actors(a: tuple[str, str, frozenset[str]], b: tuple[str, str, frozenset[str]]) -> Explanation:
    """Compare two actors given as (name, type, countries): each comparison's level and
    fitted weight in bits, the total against the threshold, or the rule that forbids it."""
    s = score_profiles(profile(*a), profile(*b))
    lines = [f"{a[0]} ({a[1]}) / {b[0]} ({b[1]}):"]
    if s.total is None:
        lines += [f"  never one actor: {r}" for r in s.reasons]
    else:
        lines += [f"  {r}" for r in s.reasons]
    lines.append(f"  score {s.value:.2f}, threshold {YES:.2f}")
    linked = s.value >= YES
    lines.append("  -> " + ("linked: same actor" if linked else "not linked"))
    return Explanation(a[0], b[0], s, lines, linked)
