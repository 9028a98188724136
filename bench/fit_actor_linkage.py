"""Fit the actor match weights (m/u per comparison level) and write them beside the code.

Two labelled sources, pooled:
* the fictional dedup set (`bench/data/dedup`): two mentions match when they carry the
  same gold actor;
* the hand-annotated actors of `../shared/news/train.jsonl`: two mentions of different
  documents match when clusters.json puts their incidents in one case and the scorer's
  `name_match` (`../shared/tools/score.py`) says their names are the same person or body;
  every other pair of mentions of different documents is a non-match.

Pairs a rule of identity vetoes (two alias groups, two different bodies) never reach the
weights and are left out. m comes from the matching pairs (`--method supervised`) or by EM
over the blocked candidate pairs with u fixed (`--method em`); u from the non-matching
pairs blocking lets through (`--u-from blocked`, what the resolver scores) or from random
non-matching pairs. Only numbers are written, never a name.

The threshold (bits) is chosen on the same sources unless `--threshold` is given: each
candidate threshold clusters the dedup mentions with `resolve_actors` (pairwise P/R
against the gold actors) and decides the labelled news pairs on their own (pair P/R);
the threshold with the best summed F0.5 (precision first) wins, the higher one on a tie.

    python bench/fit_actor_linkage.py [--method supervised|em] [--threshold BITS] [--dry-run]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import combinations
from pathlib import Path

from clusters import NEWS
from dedup import load as load_dedup
from dedup import pairwise
from ratline.resolve import ActorMention, resolve_actors
from ratline.resolve.actor_levels import FIELDS
from ratline.resolve.actors import blocking_keys, comparisons, profile, veto
from ratline.resolve.linkage import FieldWeights, LinkageModel, fit

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "ratline" / "resolve" / "weights_actors.json"
SCORER = ROOT.parent / "shared" / "tools" / "score.py"
THRESHOLDS = [t / 2 for t in range(-4, 41)]
# Name levels from the closest agreement down (an alias group is a level of its own).
NAME_ORDER = ("exact", "near", "strong", "partial", "single", "weak", "none")


@dataclass
class Source:
    """Labelled mentions: the pairs that match, and the pairs to learn from."""

    label: str
    mentions: list[ActorMention]
    matches: set[tuple[int, int]]
    gold: dict[str, str] | None = None  # mention id -> actor, where the source has one
    unknown: set[tuple[int, int]] = field(default_factory=set)  # pairs neither label fits


def _name_match() -> object:
    """The scorer's `name_match` (the task's own definition of one person or body)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("shared_score", SCORER)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot read {SCORER}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.name_match


def dedup_source() -> Source:
    _, _, mentions, actor_gold = load_dedup()
    matches = {(i, j) for i, j in combinations(range(len(mentions)), 2)
               if mentions[i].document_id != mentions[j].document_id
               and actor_gold[mentions[i].mention_id] == actor_gold[mentions[j].mention_id]}
    return Source("dedup", mentions, matches, actor_gold)


def news_source(news: Path) -> Source:
    name_match = _name_match()
    data = json.loads((news / "clusters.json").read_text(encoding="utf-8"))
    case_of: dict[tuple[str, int], int] = {}
    for k, c in enumerate(data["clusters"]):
        for doc, n in c["members"]:
            case_of[(doc, n)] = k
    mentions: list[ActorMention] = []
    cases: list[int | None] = []
    for line in (news / "train.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        for n, inc in enumerate(row.get("incidents") or ()):
            countries = frozenset(inc.get("countries") or ())
            for k, a in enumerate(inc.get("actors") or ()):
                if not a.get("name"):
                    continue
                mentions.append(ActorMention(f"{row['id']}#{n}/a{k}", a["name"], a.get("type") or "person",
                                             a.get("role") or "", row["id"], f"{row['id']}#{n}", countries))
                cases.append(case_of.get((row["id"], n)))
    matches: set[tuple[int, int]] = set()
    unknown: set[tuple[int, int]] = set()
    groups = [profile(m.name, m.type).group for m in mentions]
    for i, j in combinations(range(len(mentions)), 2):
        a, b = mentions[i], mentions[j]
        if a.document_id == b.document_id:
            continue
        if groups[i] is not None and groups[i] == groups[j]:
            # Two names of one well-known body ("FBI", "Federal Bureau of Investigation"):
            # one body in one case; in two, the case labels cannot say it is two.
            (matches if cases[i] is not None and cases[i] == cases[j] else unknown).add((i, j))
            continue
        if not name_match(a.name, b.name):  # type: ignore[operator]
            continue
        if cases[i] is not None and cases[i] == cases[j]:
            matches.add((i, j))
        else:
            # Names the scorer calls one, in two cases: a ministry or a police force named
            # in two cases is one body, and one officer or broker often acts in several
            # cases. The case labels cannot say it is two, so the pair teaches nothing.
            unknown.add((i, j))
    return Source("news", mentions, matches, unknown=unknown)


@dataclass
class Rows:
    """One source's pairs as field -> level rows: matches, non-matches, and candidates
    (blocked pairs) with their labels."""

    matches: list[dict[str, str]]
    non: list[dict[str, str]]
    candidates: list[tuple[dict[str, str], bool]]
    vetoed_matches: int


def rows_for(source: Source, rng: random.Random, blocked_u: bool, sample: int = 20_000) -> Rows:
    ms = source.mentions
    profiles = [profile(m.name, m.type, m.countries) for m in ms]
    keys = [blocking_keys(p) for p in profiles]
    cache: dict[tuple[int, int], dict[str, str] | None] = {}

    def row(i: int, j: int) -> dict[str, str] | None:
        if (i, j) not in cache:
            a, b = profiles[i], profiles[j]
            cache[(i, j)] = None if veto(a, b) else {c.field: c.level for c in comparisons(a, b)}
        return cache[(i, j)]

    match_rows = [r for i, j in sorted(source.matches) if (r := row(i, j)) is not None]
    vetoed = len(source.matches) - len(match_rows)
    candidates: list[tuple[dict[str, str], bool]] = []
    for i, j in combinations(range(len(ms)), 2):
        if ms[i].document_id != ms[j].document_id and keys[i] & keys[j] and (i, j) not in source.unknown:
            r = row(i, j)
            if r is not None:
                candidates.append((r, (i, j) in source.matches))
    if blocked_u:
        non = [r for r, match in candidates if not match]
    else:
        non = []
        for _ in range(sample * 5):
            if len(non) >= sample:
                break
            i, j = sorted(rng.sample(range(len(ms)), 2))
            if ms[i].document_id == ms[j].document_id or (i, j) in source.matches or (i, j) in source.unknown:
                continue
            r = row(i, j)
            if r is not None:
                non.append(r)
    return Rows(match_rows, non, candidates, vetoed)


def monotone(weights: dict[str, FieldWeights], field_: str, order: Sequence[str]) -> dict[str, FieldWeights]:
    """Pool adjacent levels of `order` (best first) until their weights fall monotonically:
    a closer name is never weaker evidence, whatever a thin sample says. Pooled levels
    share the mean of their m and of their u."""
    fw = weights[field_]
    runs: list[list[str]] = []
    for lvl in order:
        runs.append([lvl])
        while len(runs) > 1 and _pooled(fw, runs[-2]) < _pooled(fw, runs[-1]):
            last = runs.pop()
            runs[-1] += last
    m, u = dict(fw.m), dict(fw.u)
    for run in runs:
        m_share = sum(fw.m[lvl] for lvl in run) / len(run)
        u_share = sum(fw.u[lvl] for lvl in run) / len(run)
        for lvl in run:
            m[lvl], u[lvl] = m_share, u_share
    return {**weights, field_: FieldWeights(m, u)}


def _pooled(fw: FieldWeights, run: Sequence[str]) -> float:
    return FieldWeights({"x": sum(fw.m[lvl] for lvl in run)}, {"x": sum(fw.u[lvl] for lvl in run)}).weight("x")


def f_half(p: float, r: float) -> float:
    """F0.5: precision counts twice recall. A wrong merge pins one person's alleged acts
    on another and chains on through every later spelling; a missed one leaves two
    entries a reviewer can join."""
    return 1.25 * p * r / (0.25 * p + r) if p + r else 0.0


def pair_scores(candidates: Sequence[tuple[dict[str, str], bool]], model: LinkageModel,
                matches: int) -> tuple[float, float]:
    """Precision and recall of deciding each labelled candidate pair on its own total."""
    predicted = correct = 0
    for r, match in candidates:
        total = sum(model.weight_of(f, lvl) for f, lvl in r.items())
        if total >= model.threshold:
            predicted += 1
            correct += match
    return (correct / predicted if predicted else 1.0), (correct / matches if matches else 1.0)


def choose_threshold(model: LinkageModel, dedup: Source | None, news: tuple[Source, Rows] | None
                     ) -> float:
    best: tuple[float, float] | None = None
    for t in THRESHOLDS:
        m = replace(model, threshold=t)
        line, f1 = f"threshold {t:+5.1f}:", 0.0
        if dedup is not None and dedup.gold is not None:
            s = pairwise(resolve_actors(dedup.mentions, model=m).mapping(), dedup.gold)
            line += f" dedup resolved P {s['precision']:.3f} R {s['recall']:.3f}"
            f1 += f_half(s["precision"], s["recall"])
        if news is not None:
            rows = news[1]
            p, r = pair_scores(rows.candidates, m, len(rows.matches))
            line += f"  news pairs P {p:.3f} R {r:.3f}"
            f1 += f_half(p, r)
        print(line)
        if best is None or f1 >= best[0]:
            best = (f1, t)
    assert best is not None
    return best[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--method", choices=["supervised", "em"], default="supervised")
    ap.add_argument("--threshold", type=float, default=None, help="bits; default: chosen by the sweep")
    ap.add_argument("--u-from", choices=["random", "blocked"], default="blocked",
                    help="estimate u on random pairs or on the non-matching blocked candidates")
    ap.add_argument("--news", type=Path, default=NEWS)
    ap.add_argument("--sources", default="dedup,news",
                    help="comma-separated labelled sources to pool (dedup, news; 'name:k' counts k times)")
    ap.add_argument("--dry-run", action="store_true", help="print the weights, write nothing")
    ap.add_argument("--out", type=Path, default=OUT, help="where to write the weights")
    args = ap.parse_args()
    rng = random.Random(5)
    repeat = {part.split(":")[0]: int(part.split(":")[1]) if ":" in part else 1
              for part in args.sources.split(",")}
    sources: list[Source] = []
    if "dedup" in repeat:
        sources.append(dedup_source())
    if "news" in repeat:
        if (args.news / "clusters.json").exists() and SCORER.exists():
            sources.append(news_source(args.news))
        else:
            print(f"(no labelled reports under {args.news}; fitting without them)", file=sys.stderr)
    matches: list[dict[str, str]] = []
    non: list[dict[str, str]] = []
    cands: list[dict[str, str]] = []
    rows_of: dict[str, Rows] = {}
    for src in sources:
        rows = rows_of[src.label] = rows_for(src, rng, args.u_from == "blocked")
        k = repeat[src.label]
        print(f"{src.label}: {len(src.mentions)} mentions, {len(rows.matches)} matching pairs "
              f"({rows.vetoed_matches} vetoed), {len(rows.non)} non-matching, "
              f"{len(rows.candidates)} candidate pairs" + (f", counted {k} times" if k > 1 else ""))
        matches += rows.matches * k
        non += rows.non * k
        cands += [r for r, _ in rows.candidates]
    if not matches:
        print("no labelled matching pairs", file=sys.stderr)
        return 2
    weights, share = fit(args.method, matches, non, cands, FIELDS)
    if share is not None:
        print(f"EM over {len(cands)} candidate pairs: match share {share:.3f}")
    weights = monotone(weights, "name", NAME_ORDER)
    fitted_on = f"{args.method}, u from {args.u_from} pairs: " + ", ".join(
        s.label + (f" x{repeat[s.label]}" if repeat[s.label] > 1 else "") for s in sources)
    model = LinkageModel("actors", weights, 0.0, fitted_on=fitted_on)
    for f, w in model.fields.items():
        print(f"  {f:10} " + "  ".join(f"{lvl} {w.weight(lvl):+.2f}" for lvl in FIELDS[f]))
    dedup = next((s for s in sources if s.label == "dedup"), None)
    news = next(((s, rows_of[s.label]) for s in sources if s.label == "news"), None)
    threshold = args.threshold if args.threshold is not None else choose_threshold(model, dedup, news)
    model = replace(model, threshold=threshold)
    print(f"threshold {threshold:+.1f} bits")
    if not args.dry_run:
        args.out.write_text(json.dumps(model.to_json(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
