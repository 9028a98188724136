"""Fellegi–Sunter record linkage: per-field comparison levels weighed by m/u probabilities.

Each field of a pair of records lands on one level ("same year", "no shared name"). A
level's match weight is log2(m/u): m is how often true matches show that level, u how
often non-matches do. The weights add up (fields are taken as independent given the
match status) to a total in bits; a pair links when the total reaches the model's
threshold. A missing value has no level and weighs nothing. Names agreeing on a value
many records share are worth less (term-frequency adjustment): the caller passes that
adjustment with the comparison, so it shows in the explanation.

m and u are estimated from data, not set by hand: `fit_supervised` from labelled pairs
(the same-case clusters of the training reports), `fit_em` by expectation-maximisation
over unlabelled candidate pairs with u fixed from random pairs. The fitted weights live
in a JSON file beside this module, written by `bench/fit_linkage.py`.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources

import numpy as np

from ratline.resolve.clusters import YES, Score

# A total exactly at the threshold maps to a probability of YES, so the union-find's
# YES / UNSURE cut-offs keep their meaning.
_AT_THRESHOLD = math.log2(YES / (1 - YES))
_FLOOR = 1e-4
MAX_ADJUSTMENT = 2.0


@dataclass(frozen=True, slots=True)
class Comparison:
    """One field of a pair: its level, what was compared, and its weight in bits."""

    field: str
    level: str
    detail: str
    weight: float = 0.0
    # Share of records holding the agreeing value (term frequency); None when unknown.
    frequency: float | None = None
    adjustment: float = 0.0  # term-frequency adjustment, already inside `weight`

    def __str__(self) -> str:
        tf = f", common value {self.adjustment:+.2f}" if self.adjustment else ""
        return f"{self.field} {self.level} ({self.detail}{tf}): {self.weight:+.2f}"


@dataclass(frozen=True)
class FieldWeights:
    m: Mapping[str, float]
    u: Mapping[str, float]

    def weight(self, level: str) -> float:
        m = max(self.m.get(level, _FLOOR), _FLOOR)
        u = max(self.u.get(level, _FLOOR), _FLOOR)
        return math.log2(m / u)


@dataclass(frozen=True)
class LinkageModel:
    """Fitted weights per field and the link threshold (bits)."""

    name: str
    fields: Mapping[str, FieldWeights]
    threshold: float
    fitted_on: str = ""
    extra: Mapping[str, float] = field(default_factory=dict)

    @cached_property
    def _table(self) -> dict[tuple[str, str], float]:
        return {(f, lvl): w.weight(lvl) for f, w in self.fields.items()
                for lvl in {*w.m, *w.u}}

    def weight_of(self, field_: str, level: str) -> float:
        """The fitted weight of one level (0 for a level the model does not know)."""
        return self._table.get((field_, level), 0.0)

    def total(self, comparisons: Sequence[Comparison]) -> float:
        """The summed weight alone (what clustering needs for most pairs): no reasons built."""
        table = self._table
        total = 0.0
        for c in comparisons:
            total += table.get((c.field, c.level), 0.0)
            if c.frequency:
                fw = self.fields[c.field]
                u = max(fw.u.get(c.level, _FLOOR), _FLOOR)
                total += max(-MAX_ADJUSTMENT, min(0.0, math.log2(u / c.frequency)))
            total += c.adjustment
        return total

    def probability(self, total: float) -> float:
        return 1.0 / (1.0 + 2.0 ** -(total - self.threshold + _AT_THRESHOLD))

    def total_at(self, probability: float) -> float:
        """The total (bits) whose `probability` is the one given: its inverse."""
        return self.threshold - _AT_THRESHOLD - math.log2(1.0 / probability - 1.0)

    def _weighed(self, c: Comparison) -> tuple[float, float]:
        """One comparison's fitted weight (plus any adjustment) and the adjustment."""
        fw = self.fields.get(c.field)
        base = fw.weight(c.level) if fw is not None else 0.0
        adjustment = c.adjustment
        if fw is not None and c.frequency:
            # Agreeing on a value held by a share f of records happens by chance with
            # probability about f, not the field's average u: a common value says
            # less. Only ever downwards, so a rare value cannot outweigh the fit, and
            # by at most MAX_ADJUSTMENT bits: a case's own reports make its names look
            # common in a small store.
            u = max(fw.u.get(c.level, _FLOOR), _FLOOR)
            adjustment += max(-MAX_ADJUSTMENT, min(0.0, math.log2(u / c.frequency)))
        return round(base + adjustment, 3), round(adjustment, 3)

    def weigh(self, comparisons: Sequence[Comparison]) -> list[Comparison]:
        """The comparisons with their fitted weights (plus any adjustment) filled in."""
        out = []
        for c in comparisons:
            weight, adjustment = self._weighed(c)
            out.append(Comparison(c.field, c.level, c.detail, weight, c.frequency, adjustment))
        return out

    def value(self, comparisons: Sequence[Comparison]) -> float:
        """`score(comparisons).value` without the reasons: the same weights, summed and
        rounded the same way, for callers that read the value alone."""
        return round(self.probability(sum(self._weighed(c)[0] for c in comparisons)), 4)

    def score(self, comparisons: Sequence[Comparison]) -> Score:
        """Total weight as an explained Score; value is a probability with YES at the threshold."""
        weighed = self.weigh(comparisons)
        total = sum(c.weight for c in weighed)
        value = self.probability(total)
        # Interned: a full run keeps every merge and pair for review with its reasons
        # (over a million at a million records), and most reasons recur word for word
        # ("trade same (organ): +1.10"), so each is held once.
        reasons = [sys.intern(str(c)) for c in weighed if c.level != "veto"]
        reasons += [sys.intern(str(c)) for c in weighed if c.level == "veto"]
        reasons.append(sys.intern(f"total {total:+.2f} bits, threshold {self.threshold:+.2f}"))
        return Score(round(value, 4), reasons, total=round(total, 3), threshold=self.threshold)

    def to_json(self) -> dict[str, object]:
        return {"name": self.name, "threshold": self.threshold, "fitted_on": self.fitted_on,
                "extra": dict(self.extra),
                "fields": {f: {"m": dict(w.m), "u": dict(w.u)} for f, w in self.fields.items()}}

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> LinkageModel:
        fields_data = data["fields"]
        assert isinstance(fields_data, dict)
        extra = data.get("extra") or {}
        assert isinstance(extra, dict)
        return cls(
            name=str(data["name"]),
            fields={f: FieldWeights(dict(v["m"]), dict(v["u"])) for f, v in fields_data.items()},
            threshold=float(str(data["threshold"])),
            fitted_on=str(data.get("fitted_on") or ""),
            extra={str(k): float(v) for k, v in extra.items()},
        )


@lru_cache(maxsize=4)
def load_model(name: str) -> LinkageModel:
    """The fitted model `name` (`incidents` or `actors`) shipped beside this module."""
    path = resources.files("ratline.resolve") / f"weights_{name}.json"
    return LinkageModel.from_json(json.loads(path.read_text(encoding="utf-8")))


def _frequencies(rows: Sequence[Mapping[str, str]], fields: Mapping[str, Sequence[str]],
                 smoothing: float) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for f, levels in fields.items():
        counts = dict.fromkeys(levels, smoothing)
        for row in rows:
            level = row.get(f)
            if level in counts:
                counts[level] += 1
        total = sum(counts.values()) or 1.0
        out[f] = {lvl: c / total for lvl, c in counts.items()}
    return out


def fit_supervised(
    matches: Sequence[Mapping[str, str]],
    non_matches: Sequence[Mapping[str, str]],
    fields: Mapping[str, Sequence[str]],
    smoothing: float = 0.5,
) -> dict[str, FieldWeights]:
    """m from labelled matching pairs, u from non-matching (random) pairs; rows map field -> level."""
    m = _frequencies(matches, fields, smoothing)
    u = _frequencies(non_matches, fields, smoothing)
    return {f: FieldWeights(m[f], u[f]) for f in fields}


def fit_em(
    rows: Sequence[Mapping[str, str]],
    fields: Mapping[str, Sequence[str]],
    u: Mapping[str, Mapping[str, float]],
    m_start: Mapping[str, Mapping[str, float]],
    prior: float = 0.05,
    iterations: int = 100,
    smoothing: float = 0.5,
) -> tuple[dict[str, FieldWeights], float]:
    """Expectation-maximisation of m (and the match share) over unlabelled candidate pairs.

    u stays fixed (estimated from random pairs, where matches are rare); a field with no
    level on a row (missing value) is left out of that row's likelihood.
    Returns the weights and the fitted share of matches among the rows.
    """
    names = list(fields)
    index = {f: {lvl: i for i, lvl in enumerate(fields[f])} for f in names}
    # Level index per row and field; -1 where the field has no level.
    grid = np.full((len(rows), len(names)), -1, dtype=np.int64)
    for r, row in enumerate(rows):
        for k, f in enumerate(names):
            level = row.get(f)
            if level in index[f]:
                grid[r, k] = index[f][level]
    m_arr = [np.array([max(m_start[f].get(lvl, _FLOOR), _FLOOR) for lvl in fields[f]]) for f in names]
    u_arr = [np.array([max(u[f].get(lvl, _FLOOR), _FLOOR) for lvl in fields[f]]) for f in names]
    p = prior
    for _ in range(iterations):
        log_m = np.zeros(len(rows))
        log_u = np.zeros(len(rows))
        for k in range(len(names)):
            col = grid[:, k]
            seen = col >= 0
            log_m[seen] += np.log(m_arr[k][col[seen]])
            log_u[seen] += np.log(u_arr[k][col[seen]])
        odds = np.exp(np.clip(log_m - log_u, -50, 50)) * p / (1 - p)
        g = odds / (1 + odds)
        p = float(np.clip(g.mean(), 1e-4, 0.999))
        for k in range(len(names)):
            col = grid[:, k]
            counts = np.full(len(fields[names[k]]), smoothing)
            seen = col >= 0
            np.add.at(counts, col[seen], g[seen])
            m_arr[k] = counts / counts.sum()
    weights = {
        f: FieldWeights({lvl: float(m_arr[k][i]) for i, lvl in enumerate(fields[f])}, dict(u[f]))
        for k, f in enumerate(names)
    }
    return weights, p


def fit(
    method: str,
    matches: Sequence[Mapping[str, str]],
    non_matches: Sequence[Mapping[str, str]],
    candidates: Sequence[Mapping[str, str]],
    fields: Mapping[str, Sequence[str]],
) -> tuple[dict[str, FieldWeights], float | None]:
    """Weights by `method`: "supervised" (m and u from the labelled rows) or "em" (u from
    the non-matching rows, m by EM over the candidate rows, starting from the labelled m).
    Returns the weights and, for EM, the fitted share of matches among the candidates."""
    weights = fit_supervised(matches, non_matches, fields)
    if method != "em":
        return weights, None
    u = {f: dict(w.u) for f, w in weights.items()}
    m0 = {f: dict(w.m) for f, w in weights.items()}
    return fit_em(candidates, fields, u, m0)
