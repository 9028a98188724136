"""Actor resolution at scale: time and peak memory for 10k, 100k and 1M mentions.

Synthetic mentions (all invented names): persons from several naming traditions with
spelling variants (transliteration, initials, "Surname, Given", titles, a dropped second
surname), gangs, companies and facilities, and a share of well-known alias-group names,
spread over countries. Each size runs in its own process, so the peak resident memory
(ru_maxrss) it reports is that run's own; generation time is reported apart.

    python bench/resolve.py [--sizes 10000,100000,1000000]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import resource
import sys
import time
from typing import Any

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


def make_mentions(n: int, seed: int = 7) -> list[ActorMention]:
    """n mentions of about n/4 actors; popular actors are mentioned far more (Zipf-like)."""
    rng = random.Random(seed)
    actors = _make_actors(rng, max(10, n // 4))
    country_sets: dict[str, frozenset[str]] = {}
    mentions = []
    for i in range(n):
        idx = min(int(rng.paretovariate(1.2)) - 1, len(actors) - 1) if rng.random() < 0.3 \
            else rng.randrange(len(actors))
        type_, _, variants, country = actors[idx]
        name = variants[0] if rng.random() < 0.5 else rng.choice(variants)
        # One frozenset per country, shared by its mentions, as a loader would intern them.
        countries = country_sets.setdefault(country, frozenset({country}))
        mentions.append(ActorMention(f"m{i:07d}", name, type_, "other", f"d{i // 5:06d}",
                                     f"d{i // 5:06d}#0", countries))
    return mentions


def _run(n: int, queue: Any) -> None:
    t0 = time.perf_counter()
    mentions = make_mentions(n)
    gen = time.perf_counter() - t0
    t1 = time.perf_counter()
    res = resolve_actors(mentions)
    seconds = time.perf_counter() - t1
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put({"n": n, "gen": gen, "seconds": seconds, "rss_mb": rss, **res.stats,
               "merges": len(res.merges), "review": len(res.review)})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000,1000000",
                    help="comma-separated mention counts (default 10000,100000,1000000)")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    ctx = mp.get_context("spawn")
    print(f"{'mentions':>9} {'entities':>9} {'actors':>8} {'compared':>10} {'skipped':>7} "
          f"{'gen s':>6} {'resolve s':>9} {'us/mention':>10} {'peak MB':>8}")
    for n in sizes:
        queue = ctx.Queue()
        proc = ctx.Process(target=_run, args=(n, queue))
        proc.start()
        r = queue.get()
        proc.join()
        print(f"{r['n']:>9} {r['entities']:>9} {r['actors']:>8} {r['comparisons']:>10} "
              f"{r['skipped_blocks']:>7} {r['gen']:>6.1f} {r['seconds']:>9.1f} "
              f"{r['seconds'] / r['n'] * 1e6:>10.1f} {r['rss_mb']:>8.0f}", flush=True)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
