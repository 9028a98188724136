"""Splink (DuckDB backend) against ratline's own incident linkage, on the same records and scores.

The records are the ones `bench/clusters.py --sweep` resolves (the training reports as the
real pipeline extracts them, from its cached store) and the fictional dedup set
(`bench/dedup.py`). Each incident record becomes one row of a Splink input table; Splink's
comparisons mirror the project's comparison levels (trade, named people and facilities,
year by evidence stage, place or country, organs, victim count, money, publication date,
summary words, the document's rare-name fingerprint hashes), its blocking rules the
project's blocking keys (a country within a trade, any shared actor, place or fingerprint
hash), both excluding pairs within one document. u comes from random sampling, m either
from the labelled pairs (`labels`: clusters.json cases, the dedup set's gold) or by
expectation-maximisation (`em`, no labels). Splink clusters by connected components at
a match-probability threshold; the result is scored with `clusters.score` (news) and
`dedup.pairwise` (dedup), as the project's own linkage is.

`--folds K` also scores leave-cases-out: the cases are split into K folds; for each fold
the labels of its cases are left out of training (Splink's m from labels; the project's
weights refitted with `fit_linkage` on the records of the other cases only), and only
pairs touching the fold's documents are counted.

Splink is an optional extra (`pip install -e .[splink]`).

    python bench/splink_clusters.py [--thresholds 0.5,0.9,...] [--folds 5] [--store PATH]
"""

from __future__ import annotations

import argparse
import logging
import math
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from itertools import combinations
from pathlib import Path
from typing import Any

from clusters import DEFAULT_STORE, NEWS, extracted_records, load_gold, score
from dedup import load as load_dedup
from dedup import pairwise
from ratline.resolve import IncidentRecord, resolve_incidents
from ratline.resolve.actors import profile
from ratline.resolve.incidents import AGENCY_WORDS, PEOPLE, STAGE
from ratline.resolve.linkage import LinkageModel, load_model
from ratline.resolve.names import canon_token, fold

# As the project's linkage: a fingerprint name printed by more documents than this says
# nothing about the case (a city, a newspaper).
COMMON_NAME = 6
COMMON_DOCUMENT_SHARE = 0.01
NAME_KEYS = 8
PROBABILITIES = (0.5, 0.9, 0.99, 0.999, 0.9999)
OWN_THRESHOLDS = (1.0, 2.0, 3.0, 4.0, 5.0)

Held = dict[str, set[str]]


# --- the Splink input table ----------------------------------------------------------------

def _actor_keys(r: IncidentRecord, people: bool) -> list[str]:
    """Name keys of the record's named people (or organisations and facilities), without
    agencies and investigators: they appear in unrelated cases alike."""
    keys = set()
    for name, type_, role in zip(r.actors, r.actor_types, r.actor_roles, strict=True):
        if role == "investigator" or (type_ in PEOPLE) != people:
            continue
        p = profile(name, type_)
        if p.group is not None:
            if not p.group.agency:
                keys.add(f"g:{p.group.id}")
            continue
        if not p.person and (AGENCY_WORDS.intersection(p.name.significant) or p.type == "state"):
            continue
        if p.name.key:
            keys.add(p.name.key)
    return sorted(keys)


def _content_words(text: str) -> list[str]:
    """The summary's words of four letters or more (Splink's summary comparison)."""
    return [t for t in fold(text).split() if len(t) > 3 and not t.isdigit()]


def _money(r: IncidentRecord) -> list[str]:
    # Two significant digits: amounts reported 15% apart mostly round alike.
    out = set()
    for m in r.money:
        if m.amount > 0:
            digits = 1 - int(math.floor(math.log10(m.amount)))
            out.add(f"{m.currency}:{round(m.amount, digits):g}")
    return sorted(out)


def splink_table(records: Sequence[IncidentRecord]) -> Any:
    """One row per incident record; empty lists become NULL so the field weighs nothing."""
    import pandas as pd

    docs_with: Counter[str] = Counter()
    names_of: dict[str, Sequence[str]] = {}
    for r in records:
        names_of.setdefault(r.document_id, r.names)
    for printed in names_of.values():
        docs_with.update(printed)
    common = max(COMMON_NAME, COMMON_DOCUMENT_SHARE * len(names_of))

    def listed(values: Iterable[str]) -> list[str] | None:
        out = sorted(set(values))
        return out or None

    rows = []
    for r in records:
        rare = [n for n in r.names if docs_with[n] <= common]
        rows.append({
            "unique_id": r.incident_id,
            "document_id": r.document_id,
            "trade": r.trade,
            "year": r.year,
            "stage": STAGE.get(r.evidence or "", 0),
            "countries": listed(r.countries),
            "places": listed(" ".join(sorted(canon_token(t) for t in fold(p).split())) for p in r.places
                             if fold(p)),
            "organs": listed(r.organs),
            "actors": listed(_actor_keys(r, True)),
            "facilities": listed(_actor_keys(r, False)),
            "victims": r.victims,
            "money": listed(_money(r)),
            "published": pd.Timestamp(r.published) if r.published else None,
            "words": listed(_content_words(r.summary)),
            "names": listed(rare),
            "name_keys": listed(sorted(rare)[:NAME_KEYS]),
        })
    df = pd.DataFrame(rows)
    df["year"] = df["year"].astype("Int64")
    df["victims"] = df["victims"].astype("Int64")
    df["published"] = pd.to_datetime(df["published"])
    return df


# --- the Splink model ----------------------------------------------------------------------

def _columns(sql: str) -> str:
    """`l.year` -> `year_l`: comparison levels name the pair's columns by suffix."""
    return re.sub(r"\b([lr])\.(\w+)", r"\2_\1", sql)


def _level(sql: str, label: str) -> Any:
    import splink.comparison_level_library as cll

    return cll.CustomLevel(_columns(sql), label)


def _null(sql: str) -> Any:
    import splink.comparison_level_library as cll

    return cll.CustomLevel(_columns(sql), "null").configure(is_null_level=True)


def _overlap(col: str) -> str:
    return f"len(list_intersect(l.{col}, r.{col}))"


def comparisons() -> list[Any]:
    """The project's comparison fields, as Splink comparisons on the input table."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    def custom(name: str, null: str, levels: list[tuple[str, str]]) -> Any:
        return cl.CustomComparison(
            [_null(null), *(_level(sql, label) for sql, label in levels), cll.ElseLevel()],
            output_column_name=name)

    def either_null(col: str) -> str:
        return f"l.{col} IS NULL OR r.{col} IS NULL"

    return [
        custom("trade", either_null("trade"), [
            ("l.trade = r.trade", "same"),
            ("l.trade IN ('organ', 'human') AND r.trade IN ('organ', 'human')", "related")]),
        cl.ArrayIntersectAtSizes("actors", [2, 1]),
        cl.ArrayIntersectAtSizes("facilities", [2, 1]),
        custom("year", either_null("year"), [
            ("l.year = r.year", "same"),
            ("abs(l.year - r.year) = 1", "adjacent"),
            ("abs(l.year - r.year) > 12", "far"),
            ("(l.year < r.year AND r.stage >= l.stage + 1) OR (r.year < l.year AND l.stage >= r.stage + 1)",
             "staged")]),
        # Place and country are one field, as in the project: a shared town implies a
        # shared country, and counting both would take the same evidence twice.
        custom("location", f"({either_null('countries')}) AND coalesce({_overlap('places')}, 0) = 0", [
            (f"{_overlap('places')} > 0", "place"),
            (f"{_overlap('countries')} > 0 AND l.places IS NOT NULL AND r.places IS NOT NULL",
             "other_place"),
            ("l.countries = r.countries", "country"),
            (f"{_overlap('countries')} > 0", "overlap")]),
        cl.ArrayIntersectAtSizes("organs", [1]),
        custom("victims", either_null("victims"), [
            ("l.victims = r.victims", "equal"),
            ("greatest(l.victims, r.victims) >= 10 AND abs(l.victims - r.victims) <= "
             "0.2 * greatest(l.victims, r.victims)", "close")]),
        cl.ArrayIntersectAtSizes("money", [1]),
        custom("published", either_null("published"), [
            ("abs(date_diff('day', l.published, r.published)) <= 14", "week"),
            ("abs(date_diff('day', l.published, r.published)) <= 120", "months"),
            ("abs(date_diff('day', l.published, r.published)) <= 730", "years")]),
        custom("words", either_null("words"), [
            (f"{_overlap('words')} >= 0.5 * least(len(l.words), len(r.words))", "high"),
            (f"{_overlap('words')} >= 0.25 * least(len(l.words), len(r.words))", "mid"),
            (f"{_overlap('words')} >= 0.1 * least(len(l.words), len(r.words))", "low")]),
        cl.ArrayIntersectAtSizes("names", [8, 4, 2]),
    ]


def blocking_rules() -> list[Any]:
    """The project's blocking keys: a country within a trade, any shared actor, facility,
    place or bottom-k fingerprint hash (each array exploded into equi-joins)."""
    from splink import block_on

    return [
        block_on("trade", "countries", arrays_to_explode=["countries"]),
        block_on("actors", arrays_to_explode=["actors"]),
        block_on("facilities", arrays_to_explode=["facilities"]),
        block_on("places", arrays_to_explode=["places"]),
        block_on("name_keys", arrays_to_explode=["name_keys"]),
    ]


def splink_clusters(
    table: Any, labels: Sequence[tuple[str, str]], method: str, probabilities: Sequence[float],
    seed: int = 7,
) -> tuple[dict[float, dict[str, str]], float]:
    """Train a Splink model on `table` and cluster at each match probability.

    Returns {probability: unique_id -> cluster id} and the seconds Splink took."""
    import pandas as pd
    from splink import DuckDBAPI, Linker, SettingsCreator

    t0 = time.perf_counter()
    db = DuckDBAPI()
    n = len(table)
    # The prior: labelled matches among all pairs (the same for EM, which starts there).
    prior = max(len(labels), 1) / (n * (n - 1) / 2)
    settings = SettingsCreator(
        link_type="dedupe_only", unique_id_column_name="unique_id",
        comparisons=comparisons(), blocking_rules_to_generate_predictions=blocking_rules(),
        probability_two_random_records_match=prior, retain_intermediate_calculation_columns=False,
        additional_columns_to_retain=["document_id"],
    )
    linker = Linker(db.register(table), settings, log_level=None)
    # Every pair of a few hundred records fits: u from all of them, not a sample.
    linker.training.estimate_u_using_random_sampling(max_pairs=max(1e6, n * n), seed=seed)
    if method == "labels":
        pairs = pd.DataFrame([{"source_dataset_l": "__splink__input_table_0", "unique_id_l": a,
                               "source_dataset_r": "__splink__input_table_0", "unique_id_r": b}
                              for a, b in labels])
        linker.training.estimate_m_from_pairwise_labels(db.register(pairs))
    else:
        # Each EM pass fixes the fields its blocking uses; two passes train every field.
        # (EM takes no exploding rules: the same blocks as SQL conditions.)
        for rule in ("l.trade = r.trade AND len(list_intersect(l.countries, r.countries)) > 0",
                     "len(list_intersect(l.name_keys, r.name_keys)) > 0"):
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, record_sample_proportion=1.0)
    predicted = linker.inference.predict(threshold_match_probability=min(probabilities)).as_pandas_dataframe()
    # Two incidents of one document are two incidents: an exploded blocking rule takes no
    # extra inequality (And() of one drops the explosion), so those pairs go here.
    predictions = db.register(predicted[predicted["document_id_l"] != predicted["document_id_r"]])
    out: dict[float, dict[str, str]] = {}
    for p in probabilities:
        frame = linker.clustering.cluster_pairwise_predictions_at_threshold(
            predictions, threshold_match_probability=p).as_pandas_dataframe()
        out[p] = {str(u): str(c) for u, c in zip(frame["unique_id"], frame["cluster_id"], strict=True)}
    return out, time.perf_counter() - t0


# --- the records and their labels ------------------------------------------------------------

def news_labels(records: Sequence[IncidentRecord], docs_of: Mapping[str, list[str]],
                cases: Sequence[Sequence[str]]) -> list[tuple[str, str]]:
    """Record pairs of two documents clusters.json puts in one case (as `fit_linkage`)."""
    case_of: dict[str, set[int]] = defaultdict(set)
    for k, case in enumerate(cases):
        for doc in case:
            case_of[doc].add(k)

    def cases_of(r: IncidentRecord) -> set[int]:
        return set().union(*(case_of[t] for t in docs_of[r.incident_id]))

    return [(a.incident_id, b.incident_id) for a, b in combinations(records, 2)
            if a.document_id != b.document_id and cases_of(a) & cases_of(b)]


def held_by_document(mapping: Mapping[str, str], docs_of: Mapping[str, list[str]]) -> Held:
    held: Held = defaultdict(set)
    for member, cid in mapping.items():
        for train_id in docs_of[member]:
            held[train_id].add(cid)
    return held


def folds_of(cases: Sequence[Any], k: int, seed: int = 3) -> list[list[int]]:
    order = list(range(len(cases)))
    random.Random(seed).shuffle(order)
    return [order[i::k] for i in range(k)]


# --- the project's own linkage, refitted without held-out labels ----------------------------

def own_model(exclude_news: set[str] = frozenset(), exclude_dedup: set[str] = frozenset(),  # type: ignore[assignment]
              store_path: Path = DEFAULT_STORE, threshold: float = 3.0) -> LinkageModel:
    """The project's weights refitted as shipped (`fit_linkage --sources gold:2,dedup,
    extracted:4`, supervised, u from blocked non-matches), leaving out the records of the
    given training ids and dedup record ids, so their labels teach nothing."""
    import fit_linkage
    from ratline.resolve.incidents import FIELDS
    from ratline.resolve.linkage import fit_supervised

    def drop(source: tuple[list[IncidentRecord], set[tuple[str, str]]], gone: Callable[[IncidentRecord], bool]
             ) -> tuple[list[IncidentRecord], set[tuple[str, str]]]:
        records, matches = source
        kept = [r for r in records if not gone(r)]
        ids = {r.incident_id for r in kept}
        return kept, {(a, b) for a, b in matches if a in ids and b in ids}

    records, docs_of = extracted_records(store_path)
    extracted_gone = {r.incident_id for r in records if set(docs_of[r.incident_id]) & exclude_news}
    sources = [
        (drop(fit_linkage.gold_source(NEWS), lambda r: r.document_id in exclude_news), 2),
        (drop(fit_linkage.dedup_source(), lambda r: r.incident_id in exclude_dedup), 1),
        (drop(fit_linkage.extracted_source(store_path, NEWS), lambda r: r.incident_id in extracted_gone), 4),
    ]
    rng = random.Random(5)
    matches: list[dict[str, str]] = []
    non: list[dict[str, str]] = []
    for (recs, pairs), k in sources:
        m, u, _ = fit_linkage.rows_for(recs, pairs, rng, 20_000, True)
        matches += m * k
        non += u * k
    return LinkageModel("incidents", fit_supervised(matches, non, FIELDS), threshold)


def own_clusters(records: Sequence[IncidentRecord], model: LinkageModel, thresholds: Iterable[float]
                 ) -> tuple[dict[float, dict[str, str]], float]:
    t0 = time.perf_counter()
    out = {t: dict(resolve_incidents(records, model=replace(model, threshold=t)).mapping())
           for t in thresholds}
    return out, time.perf_counter() - t0


# --- scoring -------------------------------------------------------------------------------

def news_line(label: str, s: Mapping[str, Any]) -> str:
    return (f"{label:28} P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f} "
            f"look-alikes apart {s['lookalikes_apart']}/{s['lookalikes']} "
            f"distractor links {len(s['distractor_links'])}")


def fold_score(parts: Sequence[tuple[Held, set[str]]], gold: Mapping[str, Any]) -> dict[str, Any]:
    """Pooled leave-cases-out score: per fold, the `score` of its clustering counted only
    on pairs touching the fold's held-out documents."""
    true = {tuple(sorted(p)) for case in gold["cases"] for p in combinations(case, 2)}
    tp = pred = gold_pairs = apart = lookalikes = 0
    distractors = 0
    for held, docs in parts:
        s = score(held, gold)
        mine = {p for p in true if p[0] in docs or p[1] in docs}
        missed = {tuple(p) for p in s["missed"]} & mine
        wrong = [p for p in s["wrong"] if p[0] in docs or p[1] in docs]
        tp += len(mine) - len(missed)
        pred += len(mine) - len(missed) + len(wrong)
        gold_pairs += len(mine)
        apart += s["lookalikes_apart"]
        lookalikes += s["lookalikes"]
        distractors += sum(1 for a, _ in s["distractor_links"] if a in docs)
    p = tp / pred if pred else 1.0
    r = tp / gold_pairs if gold_pairs else 1.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "lookalikes_apart": apart, "lookalikes": lookalikes, "distractor_links": [None] * distractors}


def dedup_line(label: str, s: Mapping[str, float]) -> str:
    return f"{label:28} P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f}"


def dedup_fold_score(parts: Sequence[tuple[dict[str, str], set[str]]], gold: Mapping[str, str]
                     ) -> dict[str, float]:
    """Pooled leave-clusters-out pairwise score on the dedup set (pairs touching the fold)."""
    tp = pred = true_n = 0
    for mapping, ids in parts:
        groups: dict[str, list[str]] = defaultdict(list)
        for member, cid in mapping.items():
            groups[cid].append(member)
        predicted = {tuple(sorted(p)) for ms in groups.values() for p in combinations(ms, 2)
                     if p[0] in ids or p[1] in ids}
        by_gold: dict[str, list[str]] = defaultdict(list)
        for member, label in gold.items():
            by_gold[label].append(member)
        true = {tuple(sorted(p)) for ms in by_gold.values() for p in combinations(ms, 2)
                if p[0] in ids or p[1] in ids}
        tp += len(predicted & true)
        pred += len(predicted)
        true_n += len(true)
    p = tp / pred if pred else 1.0
    r = tp / true_n if true_n else 1.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


# --- the runs --------------------------------------------------------------------------------

def run_news(store: Path, probabilities: Sequence[float], folds: int) -> None:
    gold = load_gold(NEWS)
    records, docs_of = extracted_records(store)
    table = splink_table(records)
    labels = news_labels(records, docs_of, gold["cases"])
    print(f"news: {len(records)} extracted incident records, {len(labels)} labelled record pairs, "
          f"{len(gold['cases'])} cases")
    shipped, seconds = own_clusters(records, load_model("incidents"), OWN_THRESHOLDS)
    print(f"ratline linkage, shipped weights (in-sample), {seconds / len(OWN_THRESHOLDS):.2f}s a run:")
    for t, mapping in shipped.items():
        print("  " + news_line(f"threshold {t:g} bits", score(held_by_document(mapping, docs_of), gold)))
    for method in ("labels", "em"):
        runs, seconds = splink_clusters(table, labels, method, probabilities)
        print(f"splink, m from {method} (in-sample), {seconds:.1f}s (train, predict, {len(runs)} clusterings):")
        for p, mapping in runs.items():
            print("  " + news_line(f"match probability {p:g}", score(held_by_document(mapping, docs_of), gold)))
    if folds < 2:
        return
    splits = folds_of(gold["cases"], folds)
    own_parts: dict[float, list[tuple[Held, set[str]]]] = defaultdict(list)
    splink_parts: dict[float, list[tuple[Held, set[str]]]] = defaultdict(list)
    t_own = t_splink = 0.0
    for held_out in splits:
        out_docs = {d for k in held_out for d in gold["cases"][k]}
        t0 = time.perf_counter()
        own, _ = own_clusters(records, own_model(exclude_news=out_docs, store_path=store), OWN_THRESHOLDS)
        t_own += time.perf_counter() - t0
        for t, mapping in own.items():
            own_parts[t].append((held_by_document(mapping, docs_of), out_docs))
        kept = news_labels(records, docs_of, [c for k, c in enumerate(gold["cases"]) if k not in held_out])
        runs, seconds = splink_clusters(table, kept, "labels", probabilities)
        t_splink += seconds
        for p, mapping in runs.items():
            splink_parts[p].append((held_by_document(mapping, docs_of), out_docs))
    print(f"leave-cases-out, {folds} folds (pairs touching the held-out cases' documents; "
          f"look-alikes summed over folds):")
    print(f"  ratline linkage, weights refitted per fold ({t_own:.1f}s in all):")
    for t, parts in own_parts.items():
        print("    " + news_line(f"threshold {t:g} bits", fold_score(parts, gold)))
    print(f"  splink, m from labels per fold ({t_splink:.1f}s in all):")
    for p, parts in splink_parts.items():
        print("    " + news_line(f"match probability {p:g}", fold_score(parts, gold)))


def run_dedup(probabilities: Sequence[float], folds: int, store: Path) -> None:
    records, gold, _, _ = load_dedup()
    table = splink_table(records)
    labels = [(a.incident_id, b.incident_id) for a, b in combinations(records, 2)
              if gold[a.incident_id] == gold[b.incident_id]]
    print(f"dedup: {len(records)} records, {len(set(gold.values()))} gold incidents, "
          f"{len(labels)} labelled pairs")
    shipped, seconds = own_clusters(records, load_model("incidents"), OWN_THRESHOLDS)
    print(f"ratline linkage, shipped weights (in-sample), {seconds / len(OWN_THRESHOLDS):.2f}s a run:")
    for t, mapping in shipped.items():
        print("  " + dedup_line(f"threshold {t:g} bits", pairwise(mapping, gold)))
    for method in ("labels", "em"):
        runs, seconds = splink_clusters(table, labels, method, probabilities)
        print(f"splink, m from {method} (in-sample), {seconds:.1f}s:")
        for p, mapping in runs.items():
            print("  " + dedup_line(f"match probability {p:g}", pairwise(mapping, gold)))
    if folds < 2:
        return
    clusters = sorted(set(gold.values()))
    splits = folds_of(clusters, folds)
    own_parts: dict[float, list[tuple[dict[str, str], set[str]]]] = defaultdict(list)
    splink_parts: dict[float, list[tuple[dict[str, str], set[str]]]] = defaultdict(list)
    for held_out in splits:
        out_labels = {clusters[k] for k in held_out}
        out_ids = {r for r, label in gold.items() if label in out_labels}
        own, _ = own_clusters(records, own_model(exclude_dedup=out_ids, store_path=store), OWN_THRESHOLDS)
        for t, mapping in own.items():
            own_parts[t].append((mapping, out_ids))
        kept = [(a, b) for a, b in labels if a not in out_ids and b not in out_ids]
        runs, _ = splink_clusters(table, kept, "labels", probabilities)
        for p, mapping in runs.items():
            splink_parts[p].append((mapping, out_ids))
    print(f"leave-clusters-out, {folds} folds (pairs touching the held-out clusters' records):")
    print("  ratline linkage, weights refitted per fold:")
    for t, parts in own_parts.items():
        print("    " + dedup_line(f"threshold {t:g} bits", dedup_fold_score(parts, gold)))
    print("  splink, m from labels per fold:")
    for p, parts in splink_parts.items():
        print("    " + dedup_line(f"match probability {p:g}", dedup_fold_score(parts, gold)))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", type=Path, default=DEFAULT_STORE,
                    help="the extracted store bench/clusters.py caches")
    ap.add_argument("--thresholds", default=",".join(f"{p:g}" for p in PROBABILITIES),
                    help="comma-separated Splink match probabilities to cluster at")
    ap.add_argument("--folds", type=int, default=5, help="leave-cases-out folds (0: in-sample only)")
    ap.add_argument("--only", choices=["news", "dedup"], default=None, help="run one data set")
    args = ap.parse_args()
    try:
        import splink  # noqa: F401
    except ImportError:
        print("splink is not installed: pip install -e '.[splink]'", file=sys.stderr)
        return 2
    try:
        probabilities = sorted(float(p) for p in args.thresholds.split(","))
    except ValueError:
        print(f"--thresholds: not a list of numbers: {args.thresholds!r}", file=sys.stderr)
        return 2
    if not all(0 < p < 1 for p in probabilities):
        print("--thresholds: match probabilities lie between 0 and 1", file=sys.stderr)
        return 2
    logging.getLogger("splink").setLevel(logging.WARNING)
    if args.only != "dedup":
        if not args.store.exists():
            print(f"no store at {args.store}: run bench/clusters.py first", file=sys.stderr)
            return 2
        run_news(args.store, probabilities, args.folds)
    if args.only != "news":
        run_dedup(probabilities, args.folds, args.store)
    return 0


if __name__ == "__main__":
    sys.exit(main())
