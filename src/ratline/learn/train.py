"""Fits the learned extraction components and measures them by grouped cross-validation.

Learner: scikit-learn's logistic regression over sparse dictionary features (fixed seed,
deterministic solver); the fitted models are written as plain JSON (`LinearModel`).
Cross-validation is 5-fold over the training documents, grouped so that reports of one
same-case cluster fall in one fold; the dev gold set is added to every fold's training part.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import random
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ratline.evaluate import score
from ratline.extract.learned import Models
from ratline.extract.results import EXTRACTOR_VERSION
from ratline.learn import data

SEED = 13
C = {"document": 0.5, "evidence": 0.5, "actor_keep": 0.5, "actor_role": 0.5,
     "candidate_keep": 0.5, "candidate_role": 0.5, "trade": 0.5, "count": 0.5, "year": 0.5,
     "country": 0.5, "activity": 0.5}
COMPONENTS = ("document", "evidence", "actor_keep", "actor_role", "candidates", "fallback",
              "count", "year", "fields")
_MIN_WEIGHT = 1e-4


class TrainingError(RuntimeError):
    """Training cannot run (no data, no learning library); the message says why."""


def _fit(X: list[dict[str, float]], y: Sequence[str], c: float) -> dict[str, Any]:
    try:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:
        raise TrainingError("training needs scikit-learn: pip install scikit-learn") from exc
    classes = sorted(set(y))
    if len(classes) == 1:  # one class only: a constant model
        return {"classes": classes + classes, "bias": [50.0], "weights": {}}
    vec = DictVectorizer(sparse=True)
    Xm = vec.fit_transform(X)
    clf = LogisticRegression(C=c, max_iter=2000, solver="lbfgs", random_state=SEED)
    clf.fit(Xm, list(y))
    names = vec.get_feature_names_out()
    coef = clf.coef_
    weights: dict[str, list[float]] = {}
    for j, name in enumerate(names):
        col = [round(float(coef[k, j]), 5) for k in range(coef.shape[0])]
        if max(abs(w) for w in col) >= _MIN_WEIGHT:
            weights[str(name)] = col
    return {"classes": [str(c) for c in clf.classes_],
            "bias": [round(float(b), 5) for b in clf.intercept_], "weights": weights}


def fit(exs: list[data.Example]) -> dict[str, Any]:
    """The model file's content, fitted on `exs`."""
    Xd, yd, _ = data.document_rows(exs)
    Xt, yt, _ = data.trade_rows(exs)
    Xn, yn, _ = data.count_rows(exs)
    Xy, yy, _ = data.year_rows(exs)
    Xk, yk, _ = data.country_rows(exs)
    Xv, yv, _ = data.activity_rows(exs)
    Xe, ye, _ = data.evidence_rows(exs)
    Xa, keep, role, _ = data.actor_rows(exs)
    Xr = [x for x, r in zip(Xa, role, strict=True) if r is not None]
    yr = [r for r in role if r is not None]
    Xc, ckeep, crole, _ = data.candidate_rows(exs)
    Xcr = [x for x, r in zip(Xc, crole, strict=True) if r is not None]
    ycr = [r for r in crole if r is not None]
    return {
        "extractor_version": EXTRACTOR_VERSION,
        "trained": dt.date.today().isoformat(),
        "documents": len(exs),
        "thresholds": {"negative": 0.5, "policy": 0.5, "case": 0.5, "actor_keep": 0.4,
                       "candidate_keep": 0.15, "evidence": 0.5, "actor_role": 0.0},
        "models": {
            "document": _fit(Xd, yd, C["document"]),
            "evidence": _fit(Xe, ye, C["evidence"]),
            "actor_keep": _fit(Xa, keep, C["actor_keep"]),
            "actor_role": _fit(Xr, yr, C["actor_role"]),
            "candidate_keep": _fit(Xc, ckeep, C["candidate_keep"]),
            "candidate_role": _fit(Xcr, ycr, C["candidate_role"]),
            "trade": _fit(Xt, yt, C["trade"]),
            "count": _fit(Xn, yn, C["count"]),
            "year": _fit(Xy, yy, C["year"]),
            "country": _fit(Xk, yk, C["country"]),
            "activity": _fit(Xv, yv, C["activity"]),
        },
    }


def folds(exs: list[data.Example], clusters: Path | None, k: int = 5) -> list[int]:
    """A fold number per example; a group never straddles two folds."""
    keys = data.groups(exs, clusters)
    uniq = sorted(set(keys))
    random.Random(SEED).shuffle(uniq)
    fold_of = {g: i % k for i, g in enumerate(uniq)}
    return [fold_of[g] for g in keys]


def predict(exs: list[data.Example], models: Models | None) -> list[dict[str, Any]]:
    """Extraction output for each example; `models` None gives the rules only."""
    from ratline.extract.extractor import finish

    if models is None:
        models = Models.from_dict(_NULL)
        models.off = frozenset(COMPONENTS)
    out = []
    for e in exs:
        if e.rules is None:
            out.append({"id": e.id, "relevant": False, "incidents": []})
        else:
            out.append(finish(e.id, copy.deepcopy(e.rules), models=models).to_json())
    return out


# Every component off: the rules' own output.
_NULL: dict[str, Any] = {"models": {c: {"classes": ["a", "b"], "bias": [0.0], "weights": {}}
                                    for c in COMPONENTS}}


def cross_validate(train: list[data.Example], extra: list[data.Example], clusters: Path | None,
                   ablations: Sequence[frozenset[str]] = ()) -> dict[str, dict[str, Any]]:
    """Out-of-fold scores on `train`: rules only, all components, and each ablation
    (the named components switched off)."""
    fold = folds(train, clusters)
    preds: dict[str, list[dict[str, Any]]] = {"rules": predict(train, None), "learned": []}
    for ab in ablations:
        preds["-" + "-".join(sorted(ab))] = []
    order: list[int] = []
    for k in sorted(set(fold)):
        held = [i for i, f in enumerate(fold) if f == k]
        fitted = fit([e for e, f in zip(train, fold, strict=True) if f != k] + extra)
        models = Models.from_dict(fitted)
        part = [train[i] for i in held]
        preds["learned"].extend(predict(part, models))
        for ab in ablations:
            m = Models.from_dict(fitted)
            m.off = ab
            preds["-" + "-".join(sorted(ab))].extend(predict(part, m))
        order.extend(held)
    gold = [e.gold for e in train]
    out = {"rules": score(gold, preds["rules"])}
    reordered_gold = [train[i].gold for i in order]
    for name, p in preds.items():
        if name != "rules":
            out[name] = score(reordered_gold, p)
    return out


def train_and_write(out: Path, *, limit: int | None = None, cv: bool = False,
                    ablate: tuple[str, ...] = COMPONENTS,
                    cache: Path | None = None, log: Any = print) -> dict[str, Any]:
    """Fits on the news training set and the dev set, writes the model file to `out`."""
    news, dev = data.SHARED / "news", data.SHARED / "dev"
    if not (news / "train.jsonl").is_file():
        raise TrainingError(f"training set not found at {news / 'train.jsonl'}")
    t0 = time.perf_counter()
    train = data.examples(news / "train.jsonl", news / "texts", limit=limit,
                          cache=cache / "train.pkl" if cache else None)
    extra = []
    if (dev / "gold.jsonl").is_file():
        extra = data.examples(dev / "gold.jsonl", dev / "texts", limit=limit,
                              cache=cache / "dev.pkl" if cache else None)
    log(f"rule passes over {len(train)} + {len(extra)} documents: "
        f"{time.perf_counter() - t0:.0f} s")
    report: dict[str, Any] = {}
    if cv:
        report["cv"] = cross_validate(train, extra, news / "clusters.json",
                                      [frozenset([c]) for c in ablate])
    t1 = time.perf_counter()
    spec = fit(train + extra)
    report["fit_seconds"] = round(time.perf_counter() - t1, 1)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(spec, separators=(",", ":"), sort_keys=True) + "\n",
                   encoding="utf-8")
    report["bytes"] = out.stat().st_size
    report["seconds"] = round(time.perf_counter() - t0, 1)
    log(f"wrote {out} ({report['bytes'] / 1e6:.1f} MB) in {report['seconds']} s")
    return report
