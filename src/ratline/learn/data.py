"""Training data for the learned extraction components: gold sets, rule passes, labels.

Each gold document is run through the rules once (`rule_pass`); labels come from aligning
the rules' output with the gold annotation: the document's kind from whether gold has
incidents, the evidence level from gold's strongest level, and each rule actor's label
from the gold actor whose name matches it (the referee's name matching).
"""

from __future__ import annotations

import json
import pickle
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ratline.evaluate import LADDER, name_match
from ratline.extract import field_filters
from ratline.extract.learned import (
    RulePass,
    actor_features,
    candidate_features,
    candidates,
    count_features,
    document_features,
    evidence_features,
    money_features,
    year_candidates,
    year_features,
)
from ratline.extract.results import Incident

# Where the annotated sets sit beside the project (`../shared`).
SHARED = Path(__file__).resolve().parents[3].parent / "shared"


@dataclass(slots=True)
class Example:
    """One annotated document with what the rules found in it (None: triage ruled it out)."""

    gold: dict[str, Any]
    rules: RulePass | None

    @property
    def id(self) -> str:
        return str(self.gold["id"])


def read_gold(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def rule_passes(texts: Iterable[tuple[str, str]],
                cache: Path | None = None) -> dict[str, RulePass | None]:
    """The rule pass of each (id, text); None where triage ruled the text out. `cache` (a
    file this process wrote earlier for the same texts) saves the parsing while
    developing; `texts` is not read when it is there."""
    from ratline.extract.extractor import check_text, rule_pass

    if cache is not None and cache.is_file():
        with cache.open("rb") as fh:
            cached: dict[str, RulePass | None] = pickle.load(fh)  # noqa: S301 - own cache
        return cached
    passes = {doc_id: rule_pass(check_text(text)) for doc_id, text in texts}
    if cache is not None:
        with cache.open("wb") as fh:
            pickle.dump(passes, fh)
    return passes


def examples(gold_path: Path, text_dir: Path, *, limit: int | None = None,
             cache: Path | None = None) -> list[Example]:
    """Rule passes over every gold document with a text. `cache` (a file this process
    wrote earlier for the same gold set) saves the parsing while developing."""
    gold = read_gold(gold_path)[:limit]
    paths = ((g["id"], text_dir / f"{g['id']}.txt") for g in gold)
    passes = rule_passes(((i, p.read_text(encoding="utf-8")) for i, p in paths if p.is_file()),
                         cache)
    return [Example(g, passes[g["id"]]) for g in gold if g["id"] in passes]


# Gold roles of the people a case happened to (named victims are actors of these roles).
VICTIM_ROLES = ("seller_donor", "other")
_NAME_WORD = re.compile(r"[a-z][a-z'-]{2,}")


def victim_words(exs: list[Example]) -> set[str]:
    """Every word (lower case) of a victim's name in the examples: actors the rules mask
    as victims, and persons gold lists as sellers or as people harmed."""
    names = [a.name for e in exs if e.rules is not None for inc in e.rules.incidents
             for a in inc.actors if a.pseudonymised]
    names += [a["name"] for e in exs for inc in e.gold.get("incidents") or []
              for a in inc.get("actors") or []
              if a.get("type") == "person" and a.get("role") in VICTIM_ROLES and a.get("name")]
    return {w for n in names for w in _NAME_WORD.findall(n.lower())}


def groups(exs: list[Example], clusters: Path | None) -> list[str]:
    """A group key per example: documents of one same-case cluster share a key, so
    cross-validation never trains on one report of a case and tests on another."""
    key = {e.id: e.id for e in exs}
    if clusters is not None and clusters.is_file():
        spec = json.loads(clusters.read_text(encoding="utf-8"))
        for c in spec.get("clusters", []):
            ids = [m[0] if isinstance(m, list) else m for m in c.get("members", [])]
            root = ids[0]
            for i in ids:
                key[i] = root
    return [key[e.id] for e in exs]


def document_kind(gold: dict[str, Any]) -> str:
    if gold.get("incidents"):
        return "case"
    return "policy" if gold.get("relevant") else "negative"


def gold_evidence(gold: dict[str, Any]) -> str | None:
    ranks = [LADDER.index(i["evidence"]) for i in gold.get("incidents") or []
             if i.get("evidence") in LADDER]
    return LADDER[max(ranks)] if ranks else None


def document_rows(exs: list[Example]) -> tuple[list[dict[str, float]], list[str], list[int]]:
    X, y, idx = [], [], []
    for i, e in enumerate(exs):
        if e.rules is not None:
            X.append(document_features(e.rules))
            y.append(document_kind(e.gold))
            idx.append(i)
    return X, y, idx


def gold_trade(gold: dict[str, Any]) -> str | None:
    """The trade most of gold's incidents are of (the first named on a tie)."""
    trades = [i["trade"] for i in gold.get("incidents") or [] if i.get("trade")]
    return max(trades, key=lambda t: (trades.count(t), -trades.index(t))) if trades else None


def trade_rows(exs: list[Example]) -> tuple[list[dict[str, float]], list[str], list[int]]:
    X, y, idx = [], [], []
    for i, e in enumerate(exs):
        trade = gold_trade(e.gold)
        if e.rules is not None and trade is not None:
            X.append(document_features(e.rules))
            y.append(trade)
            idx.append(i)
    return X, y, idx


def year_rows(exs: list[Example]) -> tuple[list[dict[str, float]], list[str], list[int]]:
    """Per year a one-case document prints: whether it is gold's year of the case."""
    X, y, idx = [], [], []
    for i, e in enumerate(exs):
        gold = e.gold.get("incidents") or []
        if e.rules is None or e.rules.narrative or len(gold) != 1 or not e.rules.incidents:
            continue
        rule_years = [inc.year.value for inc in e.rules.incidents if inc.year is not None]
        rule_year = min(rule_years) if rule_years else None
        for cand in year_candidates(e.rules):
            X.append(year_features(e.rules, cand, rule_year))
            y.append("acts" if cand.year == gold[0].get("year") else "not")
            idx.append(i)
    return X, y, idx


def _case_documents(exs: list[Example]) -> list[tuple[int, Example]]:
    return [(i, e) for i, e in enumerate(exs)
            if e.rules is not None and e.rules.incidents and not e.rules.narrative
            and e.gold.get("incidents")]


def country_rows(exs: list[Example]) -> tuple[list[dict[str, float]], list[str], list[int]]:
    """Per country the rules list for a case: whether gold lists it."""
    X, y, idx = [], [], []
    for i, e in _case_documents(exs):
        assert e.rules is not None
        gold = {c for inc in e.gold["incidents"] for c in inc.get("countries") or []}
        cands = field_filters.country_candidates(e.rules.marks, e.rules.incidents)
        for c in cands:
            X.append(field_filters.country_features(e.rules.text, c, e.rules.incidents,
                                                    len(cands)))
            y.append("yes" if c.country in gold else "no")
            idx.append(i)
    return X, y, idx


def activity_rows(exs: list[Example]) -> tuple[list[dict[str, float]], list[str], list[int]]:
    """Per act the rules list or the text cues: whether gold lists it."""
    X, y, idx = [], [], []
    for i, e in _case_documents(exs):
        assert e.rules is not None
        gold = {a for inc in e.gold["incidents"] for a in inc.get("activities") or []}
        for label in field_filters.activity_candidates(e.rules.marks, e.rules.incidents):
            X.append(field_filters.activity_features(e.rules.text, e.rules.marks,
                                                     e.rules.incidents, label))
            y.append("yes" if label in gold else "no")
            idx.append(i)
    return X, y, idx


def route_rows(exs: list[Example]) -> tuple[list[dict[str, float]], list[str], list[int]]:
    """Per country a rule incident lists (with a mention in the text): its role on gold's
    route, or `none`."""
    X, y, idx = [], [], []
    for i, e in _case_documents(exs):
        assert e.rules is not None
        gold: dict[str, str] = {}
        for inc in e.gold["incidents"]:
            for leg in inc.get("route") or []:
                gold.setdefault(leg.get("country"), leg.get("role"))
        for inc in e.rules.incidents:
            cands = [c for c in field_filters.country_candidates(e.rules.marks, [inc], unlisted=False)
                     if c.mentions]
            for c in cands:
                X.append(field_filters.route_features(e.rules.text, c, inc, len(cands)))
                y.append(gold.get(c.country) or "none")
                idx.append(i)
    return X, y, idx


def _same_amount(g: dict[str, Any], v: dict[str, Any]) -> bool:
    try:
        a, b = float(g["amount"]), float(v["amount"])
    except (KeyError, TypeError, ValueError):
        return False
    return (str(g.get("currency") or "").upper() == str(v.get("currency") or "").upper()
            and abs(a - b) <= 0.01 * max(abs(a), 1))


def money_rows(exs: list[Example]) -> tuple[list[dict[str, float]], list[str], list[int]]:
    """Per amount the rules find that gold lists too (same amount and currency): gold's
    reading of what it was."""
    X, y, idx = [], [], []
    for i, e in _case_documents(exs):
        assert e.rules is not None
        gold = [m for inc in e.gold["incidents"] for m in inc.get("money") or []]
        for inc in e.rules.incidents:
            for found in inc.money:
                match = next((g for g in gold if _same_amount(g, found.value)), None)
                if match is not None and match.get("what"):
                    X.append(money_features(e.rules, inc, found))
                    y.append(str(match["what"]))
                    idx.append(i)
    return X, y, idx


def count_rows(exs: list[Example]) -> tuple[list[dict[str, float]], list[str], list[int]]:
    """Documents where the rules found several incidents: whether gold has one case."""
    X, y, idx = [], [], []
    for i, e in enumerate(exs):
        gold = e.gold.get("incidents") or []
        if e.rules is not None and len(e.rules.incidents) > 1 and gold and not e.rules.narrative:
            X.append(count_features(e.rules))
            y.append("one" if len(gold) == 1 else "many")
            idx.append(i)
    return X, y, idx


def evidence_rows(exs: list[Example]) -> tuple[list[dict[str, float]], list[str], list[int]]:
    X, y, idx = [], [], []
    for i, e in enumerate(exs):
        level = gold_evidence(e.gold)
        if e.rules is not None and level is not None and judged_incidents(e):
            X.append(evidence_features(e.rules))
            y.append(level)
            idx.append(i)
    return X, y, idx


def judged_incidents(e: Example) -> list[Incident]:
    """The incidents whose actors the actor models judge: the rules', or, for a case the
    rules grouped no incident for, the one the learned layer builds over the whole text
    (`extractor._fallback`, of gold's trade), so the models learn from those actors too."""
    from ratline.extract.extractor import _fallback

    if e.rules is None:
        return []
    if e.rules.incidents or e.rules.narrative:
        return e.rules.incidents
    trade = gold_trade(e.gold)
    built = _fallback(e.rules, trade) if trade is not None else None
    return [built] if built is not None else []


def actor_rows(exs: list[Example]) -> tuple[list[dict[str, float]], list[str], list[str | None],
                                            list[int]]:
    """Per rule actor: features, whether gold lists it, and gold's role for it."""
    X: list[dict[str, float]] = []
    keep: list[str] = []
    role: list[str | None] = []
    idx: list[int] = []
    for i, e in enumerate(exs):
        if e.rules is None:
            continue
        gold_actors = [a for inc in e.gold.get("incidents") or [] for a in inc.get("actors") or []
                       if a.get("name")]
        for inc in judged_incidents(e):
            for a in inc.actors:
                match = next((g for g in gold_actors if name_match(g["name"], a.name)), None)
                X.append(actor_features(e.rules, inc, a))
                keep.append("actor" if match is not None else "not")
                role.append(match.get("role") if match is not None else None)
                idx.append(i)
    return X, keep, role, idx


def candidate_rows(exs: list[Example]) -> tuple[list[dict[str, float]], list[str],
                                                list[str | None], list[int]]:
    """Per named entity the rules left out: features, whether gold lists it, gold's role."""
    X: list[dict[str, float]] = []
    keep: list[str] = []
    role: list[str | None] = []
    idx: list[int] = []
    for i, e in enumerate(exs):
        incidents = judged_incidents(e)
        if e.rules is None or not incidents:
            continue
        gold_actors = [a for inc in e.gold.get("incidents") or [] for a in inc.get("actors") or []
                       if a.get("name")]
        trades = sorted({inc.trade.value for inc in incidents})
        for c in candidates(e.rules, incidents):
            match = next((g for g in gold_actors if name_match(g["name"], c.name)), None)
            X.append(candidate_features(e.rules, c, trades))
            keep.append("actor" if match is not None else "not")
            role.append(match.get("role") if match is not None else None)
            idx.append(i)
    return X, keep, role, idx
