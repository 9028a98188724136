"""Actor resolution at scale: time and peak memory for 10k, 100k and 1M mentions.

Synthetic mentions (all invented names): persons from several naming traditions with
spelling variants (transliteration, initials, "Surname, Given", titles, a dropped second
surname), gangs, companies and facilities, and a share of well-known alias-group names,
spread over countries. Each size runs in its own process, so the peak resident memory
(ru_maxrss) it reports is that run's own; generation time is reported apart, and "start
MB" is the process before resolution. CPU seconds are given beside wall-clock seconds
because on a shared machine the wall clock also counts the time other work held the CPU;
the ratio to the first size is of CPU time per mention. Precision and recall are pairwise, against the
actor each mention was drawn from. Precision falls short of 1 where two drawn actors
share a name or an alias group (two "ISIS" actors), which no resolver can tell apart.

    python bench/resolve.py [--sizes 10000,100000,1000000]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import resource
import sys
import time
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from ratline.resolve import ActorMention, resolve_actors

GIVEN = {
    "arabic": ["Mohammed", "Ahmed", "Yusuf", "Khaled", "Omar", "Hussein", "Hassan", "Ibrahim",
               "Mustafa", "Abdelrahman", "Walid", "Karim", "Jamal", "Rashid", "Said", "Faisal"],
    "russian": ["Sergei", "Dmitri", "Aleksandr", "Yuri", "Nikolai", "Andrei", "Mikhail",
                "Evgeni", "Aleksei", "Vladimir"],
    "spanish": ["Manuel", "José", "Juan", "Carlos", "Luis", "Jesús", "Miguel", "Ramón", "Raúl",
                "Héctor", "Octavio", "Efraín", "Iván", "Ramiro"],
    "south_asian": ["Rajesh", "Sunil", "Tariq", "Imran", "Bishnu", "Abdul", "Farhan", "Zahid",
                    "Rakesh", "Shahid", "Chaminda", "Anil"],
    "other": ["Chukwuemeka", "Florin", "Ionut", "Hendra", "Agus", "Reynaldo", "Josué",
              "Wycliffe", "Dimitrios", "Edin", "Pawel", "Sompong", "Nguyen", "Huang"],
}
VARIANTS = {
    "Mohammed": ["Muhammad", "Mohamed", "Mohammad"], "Ahmed": ["Ahmad"],
    "Yusuf": ["Yousef", "Youssef"], "Khaled": ["Khalid"], "Omar": ["Umar"],
    "Hussein": ["Hussain", "Husayn"], "Hassan": ["Hasan"], "Sergei": ["Sergey"],
    "Dmitri": ["Dmitry"], "Aleksandr": ["Alexander"], "Yuri": ["Yury"], "Evgeni": ["Yevgeny"],
    "José": ["Jose"], "Jesús": ["Jesus"], "Ramón": ["Ramon"], "Raúl": ["Raul"],
    "Héctor": ["Hector"], "Abdelrahman": ["Abdul Rahman", "Abd al-Rahman"],
}
SYLLABLES = ["ka", "ro", "men", "di", "sa", "vel", "tor", "an", "qui", "ba", "lu", "zar", "nov",
             "sha", "hid", "rin", "pa", "gan", "mo", "ler", "ti", "vas", "che", "dor", "el", "us",
             "bek", "ham", "ou", "fa", "ri", "nez", "go", "lo", "mir", "ta"]
SUFFIX = {"russian": ["ov", "ev", "in", "enko"], "spanish": ["ez", "es", "o", "a"],
          "arabic": ["i", "", "a"], "south_asian": ["a", "i", "wal", ""], "other": ["", "e", "u"]}
COUNTRIES = ["PK", "IN", "EG", "MX", "TR", "NG", "LY", "IQ", "SY", "CO", "BD", "PH", "UA", "RO",
             "ES", "GB", "US", "TH", "KE", "NP"]
GROUP_WORDS = ["Cuervos", "Halcones", "Tigres", "Lobos", "Escorpiones", "Panteras", "Cobras"]
FACILITY_KINDS = ["Clinic", "Hospital", "Kidney Centre", "Medical Centre", "Renal Care"]
ALIAS_NAMES = ["ISIS", "Daesh", "Islamic State", "Hezbollah", "Hizballah", "al-Shabaab",
               "Boko Haram", "CJNG", "Sinaloa Cartel", "Cártel de Sinaloa", "Europol", "Interpol",
               "FBI", "National Crime Agency", "NCA", "Knights Templar", "Caballeros Templarios"]
TITLES = ["Dr.", "Mr.", "Gen.", "Col.", "Sheikh", "Haji"]


def _surname(rng: random.Random, tradition: str) -> str:
    stem = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))
    return (stem + rng.choice(SUFFIX[tradition])).capitalize()


def _make_actors(rng: random.Random, n: int) -> list[tuple[str, str, tuple[str, ...], str]]:
    """n true actors: (type, canonical name, spelling variants, country)."""
    actors = []
    for _ in range(n):
        kind = rng.random()
        country = rng.choice(COUNTRIES)
        if kind < 0.78:
            tradition = rng.choice(list(GIVEN))
            given = rng.choice(GIVEN[tradition])
            surnames = [_surname(rng, tradition) for _ in range(2 if rng.random() < 0.3 else 1)]
            full = f"{given} {' '.join(surnames)}"
            variants = [full, f"{given[0]}. {' '.join(surnames)}", f"{' '.join(surnames)}, {given}",
                        f"{rng.choice(TITLES)} {full}"]
            variants += [f"{v} {' '.join(surnames)}" for v in VARIANTS.get(given, ())]
            if len(surnames) == 2:
                variants.append(f"{given} {surnames[0]}")
            actors.append(("person", full, tuple(variants), country))
        elif kind < 0.88:
            name = f"Los {rng.choice(GROUP_WORDS)} de {_surname(rng, 'spanish')}"
            actors.append(("armed_group", name, (name, name.replace("Los ", ""), name.upper()), country))
        elif kind < 0.97:
            name = f"{_surname(rng, 'other')} {rng.choice(FACILITY_KINDS)}"
            actors.append(("facility", name, (name, name.replace("Centre", "Center"), f"the {name}"),
                           country))
        else:
            name = rng.choice(ALIAS_NAMES)
            actors.append(("organization", name, (name,), country))
    return actors


def _draw(n: int, seed: int) -> tuple[list[tuple[str, str, tuple[str, ...], str]], array[int], list[str]]:
    """The actors and, per mention, which actor it names and with which spelling."""
    rng = random.Random(seed)
    actors = _make_actors(rng, max(10, n // 4))
    picks: array[int] = array("i")
    names: list[str] = []  # references into the actors' variants, not new strings
    for _ in range(n):
        idx = min(int(rng.paretovariate(1.2)) - 1, len(actors) - 1) if rng.random() < 0.3 \
            else rng.randrange(len(actors))
        variants = actors[idx][2]
        picks.append(idx)
        names.append(variants[0] if rng.random() < 0.5 else rng.choice(variants))
    return actors, picks, names


def _mentions(actors: list[tuple[str, str, tuple[str, ...], str]], picks: array[int],
              names: list[str]) -> Iterator[ActorMention]:
    # One frozenset per country, shared by its mentions, as a loader would intern them.
    country_sets: dict[str, frozenset[str]] = {}
    for i, (idx, name) in enumerate(zip(picks, names, strict=True)):
        type_, _, _, country = actors[idx]
        countries = country_sets.setdefault(country, frozenset({country}))
        yield ActorMention(f"m{i:07d}", name, type_, "other", f"d{i // 5:06d}", f"d{i // 5:06d}#0",
                           countries)


def make_mentions(n: int, seed: int = 7) -> list[ActorMention]:
    """n mentions of about n/4 actors; popular actors are mentioned far more (Zipf-like)."""
    return list(_mentions(*_draw(n, seed)))


def pairwise_quality(found: Iterable[str], gold: Iterable[int]) -> tuple[float, float]:
    """Pairwise precision and recall of a clustering (actor id per mention) against the
    true actors, counted per (found, true) cell so it stays linear in the mentions."""
    cells: Counter[tuple[str, int]] = Counter(zip(found, gold, strict=True))
    by_found: Counter[str] = Counter()
    by_gold: Counter[int] = Counter()
    for (f, g), k in cells.items():
        by_found[f] += k
        by_gold[g] += k

    def pairs(counts: Iterable[int]) -> int:
        return sum(k * (k - 1) // 2 for k in counts)

    both = pairs(cells.values())
    return both / max(1, pairs(by_found.values())), both / max(1, pairs(by_gold.values()))


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _run(n: int, queue: Any) -> None:
    t0 = time.perf_counter()
    actors, picks, names = _draw(n, 7)
    gen = time.perf_counter() - t0
    start = _rss_mb()
    t1, c1 = time.perf_counter(), time.process_time()
    # Mentions are built as resolution reads them, so the peak is resolution's own
    # memory plus what the drawing keeps (two references per mention), not a held list.
    res = resolve_actors(_mentions(actors, picks, names))
    seconds, cpu = time.perf_counter() - t1, time.process_time() - c1
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    precision, recall = pairwise_quality((res.by_member[f"m{i:07d}"] for i in range(n)), picks)
    queue.put({"n": n, "gen": gen, "seconds": seconds, "cpu": cpu, "rss_mb": rss, "start_mb": start,
               **res.stats, "merges": len(res.merges), "review": len(res.review),
               "precision": precision, "recall": recall})


_Job = TypeVar("_Job")


def in_own_process(run: Callable[[_Job, Any], None], n: _Job) -> dict[str, Any]:
    """`run(n, queue)` in a fresh process, so its peak memory is its own; what it put on
    the queue. `n` is what the run measures: a size, or anything else it can be sent."""
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=run, args=(n, queue))
    proc.start()
    result: dict[str, Any] = queue.get()
    proc.join()
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000,1000000",
                    help="comma-separated mention counts (default 10000,100000,1000000)")
    args = ap.parse_args()
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        ap.error(f"--sizes takes whole numbers separated by commas, not {args.sizes!r}")
    if not sizes or min(sizes) < 1:
        ap.error("--sizes needs at least one positive mention count")
    print(f"{'mentions':>9} {'entities':>9} {'actors':>8} {'compared':>9} {'cmp/ent':>7} "
          f"{'gen s':>6} {'resolve s':>9} {'cpu s':>6} {'cpu us/m':>10} {'x first':>7} {'start MB':>8} "
          f"{'peak MB':>8} {'precision':>9} {'recall':>6}")
    first = None
    for n in sizes:
        r = in_own_process(_run, n)
        us = r["cpu"] / r["n"] * 1e6
        first = first or us
        print(f"{r['n']:>9} {r['entities']:>9} {r['actors']:>8} {r['comparisons']:>9} "
              f"{r['comparisons'] / r['entities']:>7.2f} {r['gen']:>6.1f} {r['seconds']:>9.1f} {r['cpu']:>6.1f} "
              f"{us:>10.1f} {us / first:>7.2f} {r['start_mb']:>8.0f} {r['rss_mb']:>8.0f} "
              f"{r['precision']:>9.4f} {r['recall']:>6.4f}", flush=True)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
