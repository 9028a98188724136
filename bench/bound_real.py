"""How much of actor resolution's candidate work the weight bound saves on real reports.

The scale bench's mentions each carry a country, which flatters the bound: its first step
drops a pair on type and countries. Real reports often name no country for an actor's
incident. This extracts the actors of the real reports in `../shared/news` (train and test;
the texts are read from there and never stored), resolves them the way a run does, and
counts where each candidate pair ends:

- `type and countries`: the bound falls short before any name is compared;
- `name level`: it falls short once the name level is known;
- `veto`: two different bodies, or a veto of the names;
- `weighed`: scored in full (and kept when it reaches "unsure").

It also checks that the bound keeps exactly the pairs that `score_profiles` puts at
"unsure" or more, with the same score, and times both ways over the same pairs.

    python bench/bound_real.py [--news DIR]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from ratline.extract import extract_text
from ratline.resolve.actors import (
    ActorMention,
    WeightBound,
    _candidates,
    _read,
    actor_model,
    country_level,
    machine_score,
    name_level,
    name_similarity_uncached,
    same_group,
    score_profiles,
    type_level,
    veto,
)
from ratline.resolve.clusters import UNSURE

NEWS = Path(__file__).resolve().parents[2] / "shared" / "news"


def mentions(news: Path) -> tuple[list[ActorMention], int]:
    out: list[ActorMention] = []
    docs = 0
    for split in ("train", "test"):
        for line in (news / f"{split}.jsonl").read_text().splitlines():
            doc_id = json.loads(line)["id"]
            path = news / "texts" / f"{doc_id}.txt"
            if not path.exists():
                continue
            docs += 1
            result = extract_text(path.read_text(encoding="utf-8"), doc_id=doc_id).to_json()
            for n, inc in enumerate(result["incidents"]):
                for k, a in enumerate(inc["actors"]):
                    out.append(ActorMention(
                        mention_id=f"{doc_id}/{n}/{k}", name=a["name"], type=a["type"],
                        role=a["role"], document_id=doc_id, incident_id=f"{doc_id}/{n}",
                        countries=frozenset(inc.get("countries") or ())))
    return out, docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--news", type=Path, default=NEWS)
    args = ap.parse_args()
    t0 = time.perf_counter()
    found, docs = mentions(args.news)
    print(f"{docs} reports, {len(found)} actor mentions "
          f"({sum(1 for m in found if not m.countries)} with no country), "
          f"extracted in {time.perf_counter() - t0:.0f} s")
    seen = _read(found)
    profiles = seen.profiles
    pairs = [(e, x) for e, cands in _candidates(profiles) for x in cands]
    print(f"{len(profiles)} entities, {len(pairs)} candidate pairs")

    model = actor_model()
    bound = WeightBound(model)
    ends: Counter[str] = Counter()
    for e, x in pairs:
        a, b = profiles[e], profiles[x]
        if same_group(a, b):
            ends["one alias group"] += 1
            continue
        countries = country_level(a.countries, b.countries, (a.type, b.type))
        known = bound.known(type_level(a.type, b.type), countries)
        if known + bound.best_name < bound.need:
            ends["type and countries" + (" (a side without country)" if countries is None
                                         else "")] += 1
            continue
        value, why = name_similarity_uncached(a.name, b.name, a.person and b.person)
        if known + bound.name[name_level(value, why)] < bound.need:
            ends["name level"] += 1
        elif veto(a, b):
            ends["veto"] += 1
        else:
            ends["weighed"] += 1
    for k, v in ends.most_common():
        print(f"  {k:40} {v:7} {v / max(1, len(pairs)):6.1%}")

    # The same pairs both ways: the full score of every pair, and the bounded one.
    t0 = time.perf_counter()
    full = {}
    for e, x in pairs:
        s = score_profiles(profiles[e], profiles[x], cached=False, explain=False, model=model)
        if s.value >= UNSURE:
            full[(e, x)] = round(s.value, 4)
    t_full = time.perf_counter() - t0
    t0 = time.perf_counter()
    kept = {}
    for e, x in pairs:
        bounded = machine_score(profiles[e], profiles[x], bound)
        if bounded is not None:
            kept[(e, x)] = round(bounded.value, 4)
    t_bound = time.perf_counter() - t0
    print(f"pairs at 'unsure' or more: every pair scored {len(full)}, with the bound "
          f"{len(kept)}; identical: {full == kept}")
    per = 1e6 / max(1, len(pairs))
    print(f"time per candidate pair: every pair scored {t_full * per:.1f} µs, with the bound "
          f"{t_bound * per:.1f} µs ({t_full / max(t_bound, 1e-9):.2f}x)")


if __name__ == "__main__":
    main()
