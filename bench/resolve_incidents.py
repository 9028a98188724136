"""Incident resolution at scale: time and peak memory for 10k and 100k incident records.

The same measurement as `bench/resolve.py`, for `resolve_incidents`. Synthetic records
(all names invented, made with bench/resolve.py's name generators): true cases of organ,
human or weapons trafficking, each with its defendants (people with spelling variants),
sometimes a clinic or an armed group, a town and a street or village, an investigating
officer, years, victims, organs and money. Each case is reported one to six times, by
different documents at different stages (investigation, arrest, charge, verdict): each
report names a subset of the defendants, spelled one way or another, gives the year of
the acts or of its own stage, and leaves fields out. Towns are few per country and some
are large, clinics and armed groups serve several cases, and officers investigate many,
so unrelated cases share places, countries and names and blocking has real work. A few
documents are round-ups reporting two cases. Each document gets a short text, from
which its name fingerprint is taken as the store takes it (`fingerprint`), and each
record is built by `IncidentRecord.from_json`, the path the store's records take.

Each size runs in its own process, so its peak resident memory (ru_maxrss) is its own.
"start MB" is that process holding the records, as the store's reader hands them over
in a list, before resolution. Generation time is reported apart. CPU seconds are given
beside wall-clock seconds because on a shared machine the wall clock also counts the
time other work held the CPU; the ratio to the first size is of CPU time per record.
Precision and recall are pairwise, against the case each record was drawn from.

`--million` adds a run of 1,000,000 records. It is left out by default because it needs
a large machine and an hour: on 2 cores, 100k records took 273 s of CPU (2.7 ms a
record, 0.96 times the 10k cost) and peaked at 1.5 GB; the million took 3,395 s of CPU
(1.20 times the 10k cost per record) and peaked at 11.6 GB, 5.6 GB of it the records
themselves; since the records share what repeats, 2.2 GB and a peak of 6.6 GB
(docs/scale.md, "Incident resolution at scale"); since the cyclic collector is paused,
2,685 s of CPU (1.02 times the 10k cost) and a peak of 5.6 GB ("Without the cyclic
collector").

    nice -n 10 python bench/resolve_incidents.py [--sizes 10000,100000] [--million]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time
from array import array
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ratline.resolve import IncidentRecord, resolve_incidents
from ratline.resolve.fingerprint import fingerprint, name_set

sys.path.insert(0, str(Path(__file__).resolve().parent))
import resolve as actor_bench  # noqa: E402  (bench/resolve.py: names, pairwise quality, RSS)

COUNTRIES = actor_bench.COUNTRIES
CURRENCY = {"PK": "PKR", "IN": "INR", "EG": "EGP", "MX": "MXN", "TR": "TRY", "NG": "NGN",
            "LY": "LYD", "IQ": "IQD", "SY": "SYP", "CO": "COP", "BD": "BDT", "PH": "PHP",
            "UA": "UAH", "RO": "RON", "ES": "EUR", "GB": "GBP", "US": "USD", "TH": "THB",
            "KE": "KES", "NP": "NPR"}
TRADES = ("organ", "human", "weapons")
TRADE_WEIGHTS = (40, 35, 25)
ROLES = {"organ": ("broker", "surgeon", "medical_staff", "recruiter", "buyer"),
         "human": ("recruiter", "transporter", "broker", "other"),
         "weapons": ("transporter", "buyer", "broker", "other")}
WHAT = {"organ": ("kidney sales", "illegal transplants", "an organ racket"),
        "human": ("trafficking of workers", "smuggling of migrants", "forced labour"),
        "weapons": ("arms smuggling", "illegal weapons sales", "a gun running ring")}
ACTIVITIES = {"organ": ("recruitment", "deception", "removal", "transplant", "sale", "payment"),
              "human": ("recruitment", "deception", "transport", "coercion", "payment"),
              "weapons": ("transport", "sale", "payment")}
STAGES = ("investigation", "arrest", "charge", "conviction")
STAGE_WEIGHTS = (15, 40, 25, 20)
# How many documents report one case: most cases once or twice, a few widely.
REPORTS = (1, 2, 3, 4, 5, 6)
REPORT_WEIGHTS = (30, 25, 20, 12, 8, 5)
TOWNS_PER_COUNTRY = 60
OFFICERS_PER_COUNTRY = 25
LOCALITY_KINDS = ("Road", "Colony", "Bazaar", "Nagar", "Camp", "Market")
TOWN_ENDINGS = ("pur", "abad", "grad", "a", "ia", "o", "")
OPERATION_WORDS = ("Blue", "Harvest", "Silent", "River", "Falcon", "Anchor", "Lantern",
                   "Granite", "Copper", "Orchid", "Tempest", "Willow", "Cobalt", "Ember")
OUTLETS = tuple(f"{w} {k}" for w in ("Meridian", "Coastline", "Lantern", "Riverside", "Northern",
                                     "Crossroads", "Harbour", "Evening", "Frontier", "Valley")
                for k in ("Post", "Wire", "Gazette", "Ledger", "Monitor", "Times"))
ROUNDUP = 0.04  # share of documents that report a second case as well
MILLION = 1_000_000

Actor = tuple[str, tuple[str, ...], str, float]  # type, spellings, role, share of reports naming it


@dataclass
class Case:
    """One real-world case, from which every report of it is drawn."""

    trade: str
    countries: tuple[str, ...]
    town: tuple[str, str]  # a spelling and a variant ("Karomenpur" / "Karomenpurr")
    locality: str
    acts: int
    arrest: date
    reached: int  # index into STAGES of the furthest stage the case got to
    actors: list[Actor]
    officer: str
    victims: int | None
    deaths: int | None
    organs: tuple[str, ...]
    money: list[tuple[float, str, str]]
    context: list[str]  # rare names its reports print besides actors and places
    operation: str | None


def _zipf(rng: random.Random, size: int) -> int:
    """An index into a list of `size`, the first few far more often (big towns, busy clinics)."""
    if rng.random() < 0.5:
        return rng.randrange(size)
    return min(int(rng.paretovariate(0.8)) - 1, size - 1)


def _stem(rng: random.Random) -> str:
    return "".join(rng.choice(actor_bench.SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _town(rng: random.Random) -> tuple[str, str]:
    name = _stem(rng) + rng.choice(TOWN_ENDINGS)
    # A transliteration that adds or doubles a last letter ("Zuwara" / "Zuwarah").
    return name, name + ("h" if name[-1] in "aeiou" else name[-1])


def _person(rng: random.Random) -> str:
    tradition = rng.choice(list(actor_bench.GIVEN))
    return f"{rng.choice(actor_bench.GIVEN[tradition])} {actor_bench._surname(rng, tradition)}"


class World:
    """The pools cases draw from: people, clinics, groups, towns, officers, stray names."""

    def __init__(self, rng: random.Random, cases: int) -> None:
        pool = actor_bench._make_actors(rng, int(cases * 3.4) + 40)
        self.people = [a[2] for a in pool if a[0] == "person"]
        self.facilities = [a[2] for a in pool if a[0] == "facility"]
        self.groups = [a[2] for a in pool if a[0] in ("armed_group", "organization")]
        self.towns = {c: [_town(rng) for _ in range(TOWNS_PER_COUNTRY)] for c in COUNTRIES}
        self.officers = {c: [f"Inspector {_person(rng)}" for _ in range(OFFICERS_PER_COUNTRY)]
                         for c in COUNTRIES}
        # Names a report prints in passing (an expert, a spokesman): shared by unrelated
        # reports now and then, as in real reporting.
        self.stray = [_person(rng) for _ in range(max(200, cases // 4))]
        self.next_person = 0

    def person(self, rng: random.Random) -> tuple[str, ...]:
        # Mostly someone new; now and then someone from an earlier case (a repeat offender).
        if self.next_person and rng.random() < 0.03:
            return self.people[rng.randrange(self.next_person)]
        spellings = self.people[self.next_person % len(self.people)]
        self.next_person += 1
        return spellings


def _case(rng: random.Random, world: World) -> Case:
    trade = rng.choices(TRADES, TRADE_WEIGHTS)[0]
    country = rng.choice(COUNTRIES)
    countries: tuple[str, ...] = (country,)
    if rng.random() < (0.3 if trade == "organ" else 0.5):
        other = rng.choice(COUNTRIES)
        if other != country:
            countries = (country, other)
    roles = ROLES[trade]
    actors: list[Actor] = [("person", world.person(rng), rng.choice(roles), 0.7)
                           for _ in range(rng.choices((1, 2, 3, 4, 5), (30, 30, 20, 12, 8))[0])]
    if trade == "organ" and rng.random() < 0.5:
        actors.append(("facility", world.facilities[_zipf(rng, len(world.facilities))], "other", 0.7))
    if trade != "organ" and rng.random() < 0.3:
        kind = "armed_group" if trade == "weapons" else "organization"
        actors.append((kind, world.groups[_zipf(rng, len(world.groups))], "other", 0.6))
    if trade != "weapons" and rng.random() < 0.3:
        actors.append(("person", world.person(rng), "seller_donor", 0.4))
    arrest = date(rng.randint(2000, 2024), 1, 1) + timedelta(days=rng.randrange(365))
    victims = None
    if trade != "weapons" or rng.random() < 0.1:
        victims = rng.randint(1, 30) if trade == "organ" else rng.randint(2, 200)
    organs: tuple[str, ...] = ()
    if trade == "organ":
        organs = ("kidney",) if rng.random() < 0.85 else ("kidney", "liver")
    currency = CURRENCY[country]
    money: list[tuple[float, str, str]] = []
    if rng.random() < 0.5:
        what = "payment_to_seller" if trade == "organ" else "fee" if trade == "human" else "value"
        money.append((float(rng.randint(1, 90) * 10 ** rng.randint(3, 5)), currency, what))
    if trade == "organ" and rng.random() < 0.4:
        money.append((float(rng.randint(20, 150) * 1000), "USD", "price_to_recipient"))
    context = [_person(rng) if rng.random() < 0.6 else f"{_stem(rng)} Village"
               for _ in range(rng.randint(2, 5))]
    return Case(
        trade=trade, countries=countries, town=world.towns[country][_zipf(rng, TOWNS_PER_COUNTRY)],
        locality=f"{_stem(rng)} {rng.choice(LOCALITY_KINDS)}",
        acts=arrest.year - rng.choices((0, 1, 2), (50, 35, 15))[0], arrest=arrest,
        reached=rng.choices(range(len(STAGES)), STAGE_WEIGHTS)[0], actors=actors,
        officer=world.officers[country][_zipf(rng, OFFICERS_PER_COUNTRY)],
        victims=victims, deaths=rng.randint(1, 3) if victims and rng.random() < 0.05 else None,
        organs=organs, money=money, context=context,
        operation=f"Operation {rng.choice(OPERATION_WORDS)} {_stem(rng)}" if rng.random() < 0.3 else None,
    )


def _stage_date(rng: random.Random, case: Case, stage: int) -> date:
    days = (-rng.randint(20, 200), 0, rng.randint(30, 300), rng.randint(300, 1100))[stage]
    return case.arrest + timedelta(days=days)


def _report(rng: random.Random, case: Case, world: World) -> tuple[dict[str, Any], list[str], date]:
    """One document's incident dict (the extraction format), its lines of text, its date."""
    stage = rng.randint(0, case.reached)
    when = _stage_date(rng, case, stage)
    evidence = STAGES[stage]
    if stage == 0:
        evidence = rng.choices(("investigation", "report", "allegation"), (60, 25, 15))[0]
    acquitted = stage == 3 and rng.random() < 0.08
    if acquitted:
        evidence = "charge"

    actors = []
    for type_, spellings, role, share in case.actors:
        if rng.random() < share:
            name = spellings[0] if rng.random() < 0.5 else rng.choice(spellings)
            actors.append({"name": name, "type": type_, "role": role})
    town = case.town[0] if rng.random() < 0.85 else case.town[1]
    if rng.random() < 0.6:
        actors.append({"name": f"{case.town[0]} Police", "type": "organization", "role": "investigator"})
    if rng.random() < 0.35:
        actors.append({"name": case.officer, "type": "person", "role": "investigator"})

    places = [town] if rng.random() < 0.8 else []
    if rng.random() < 0.4:
        places.append(case.locality)
    countries = [c for k, c in enumerate(case.countries) if rng.random() < (0.95 if k == 0 else 0.6)]
    victims = case.victims
    if victims is not None and rng.random() < 0.3:
        victims = max(1, round(victims * rng.uniform(0.85, 1.15)))  # "about", "at least"
    money = [{"amount": round(a, -3) if rng.random() < 0.3 else a, "currency": cur, "what": what}
             for a, cur, what in case.money if rng.random() < 0.4]
    year = rng.choices((case.acts, when.year, None), (50, 25, 25))[0]

    people = [a["name"] for a in actors if a["type"] == "person" and a["role"] != "investigator"]
    who = " and ".join(people[:2]) + (" and others" if len(people) > 2 else "") if people \
        else "several suspects"
    what = rng.choice(WHAT[case.trade])
    summary = (
        f"Investigators in {town} are looking into {what} linked to {who}, officials said.",
        f"Police in {town} arrested {who} over {what} near {case.locality} this week.",
        f"Prosecutors in {town} charged {who} over {what}, according to court papers.",
        f"A court in {town} convicted {who} over {what} and handed down prison sentences.",
    )[stage]
    if acquitted:
        summary = f"A court in {town} acquitted {who} of all charges over {what} after a long trial."
    lines = [summary]
    lines += [f"{a['name']} was described by officials as a {a['role']} in the network."
              for a in actors if a["type"] != "organization"]
    lines += [f"The account of {c} was confirmed by two other witnesses in the area."
              for c in case.context if rng.random() < 0.5]
    if case.operation and rng.random() < 0.6:
        lines.append(f"The inquiry, known as {case.operation}, began after a tip from an informant.")
    if stage >= 2 and people and rng.random() < 0.5:
        lines.append(f"The case, filed as State v. {people[0].split()[-1]}, was heard by a judge in {town}.")
    lines += [f"Separately, {world.stray[_zipf(rng, len(world.stray))]} told reporters that the region "
              "had not changed much." for _ in range(rng.randint(1, 4))]

    activities = [a for a in ACTIVITIES[case.trade] if rng.random() < 0.5]
    if stage > 0:
        activities.append(STAGES[stage])
    incident: dict[str, Any] = {
        "summary": summary, "trade": case.trade, "countries": countries, "places": places,
        "year": year, "actors": actors, "activities": activities, "money": money,
        "organs": list(case.organs) if rng.random() < 0.8 else [],
        "victims": {"count": victims if rng.random() < 0.6 else None,
                    "deaths": case.deaths if rng.random() < 0.5 else None},
        "evidence": evidence,
    }
    return incident, lines, when + timedelta(days=rng.randint(0, 25))


def make_records(n: int, seed: int = 7) -> tuple[list[IncidentRecord], array[int]]:
    """n incident records and, for each, the index of the true case it reports."""
    rng = random.Random(seed)
    expected_cases = max(4, int(n / 2.4))
    world = World(rng, expected_cases)
    cases: list[Case] = []
    slots: list[int] = []  # one per report: the case it reports
    while len(slots) < n:
        cases.append(_case(rng, world))
        slots += [len(cases) - 1] * rng.choices(REPORTS, REPORT_WEIGHTS)[0]
    del slots[n:]
    # Reports reach the store in no particular order.
    rng.shuffle(slots)

    records: list[IncidentRecord] = []
    gold: array[int] = array("i")
    i = 0
    while i < len(slots):
        # Most documents report one case; a round-up reports two different ones.
        take = 2 if i + 1 < len(slots) and slots[i + 1] != slots[i] and rng.random() < ROUNDUP else 1
        drawn = [_report(rng, cases[c], world) for c in slots[i:i + take]]
        text = "\n".join(line for _, lines, _ in drawn for line in lines)
        # One fingerprint per document, shared by its records, as the store's reader does.
        names = name_set(fingerprint(text))
        doc = f"d{len(records):07d}"
        outlet = rng.choice(OUTLETS)
        published = drawn[0][2] if rng.random() < 0.9 else None
        for k, (incident, _, _) in enumerate(drawn):
            records.append(IncidentRecord.from_json(doc, k, incident, outlet=outlet,
                                                    published=published, names=names))
            gold.append(slots[i + k])
        i += take
    return records, gold


def _run(n: int, queue: Any) -> None:
    load = os.getloadavg()[0]
    t0 = time.perf_counter()
    records, gold = make_records(n)
    gen = time.perf_counter() - t0
    start = actor_bench._rss_mb()
    t1, c1 = time.perf_counter(), time.process_time()
    res = resolve_incidents(records)
    seconds, cpu = time.perf_counter() - t1, time.process_time() - c1
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    precision, recall = actor_bench.pairwise_quality((res.by_member[r.incident_id] for r in records), gold)
    queue.put({"n": n, "gen": gen, "seconds": seconds, "cpu": cpu, "rss_mb": rss, "start_mb": start,
               **res.stats, "merges": len(res.merges), "review": len(res.review),
               "cases": len(set(gold)), "documents": len({r.document_id for r in records}),
               "precision": precision, "recall": recall, "load": (load, os.getloadavg()[0])})


def _label(n: int) -> str:
    return f"{n // 1000}k" if n % 1000 == 0 and n < MILLION else f"{n:,}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000",
                    help="comma-separated record counts (default 10000,100000)")
    ap.add_argument("--million", action="store_true", help="add a run of 1,000,000 records")
    args = ap.parse_args()
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        ap.error(f"--sizes takes whole numbers separated by commas, not {args.sizes!r}")
    if args.million and MILLION not in sizes:
        sizes.append(MILLION)
    if not sizes or min(sizes) < 1:
        ap.error("--sizes needs at least one positive record count")
    print(f"| records | CPU s | wall s | CPU µs/record | x{_label(sizes[0])} | start MB | peak MB "
          "| clusters | pairs compared | per record | precision | recall |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|", flush=True)
    first = None
    notes = []
    for n in sizes:
        r = actor_bench.in_own_process(_run, n)
        us = r["cpu"] / r["n"] * 1e6
        first = first or us
        print(f"| {r['n']:,} | {r['cpu']:.1f} | {r['seconds']:.1f} | {us:.1f} | {us / first:.2f} "
              f"| {r['start_mb']:,.0f} | {r['rss_mb']:,.0f} | {r['clusters']:,} | {r['comparisons']:,} "
              f"| {r['comparisons'] / r['records']:.2f} | {r['precision']:.4f} | {r['recall']:.4f} |",
              flush=True)
        notes.append(f"{r['n']:,} records: {r['cases']:,} true cases in {r['documents']:,} documents, "
                     f"generated in {r['gen']:.1f} s; {r['review']:,} pairs for review; "
                     f"load average {r['load'][0]:.1f} then {r['load'][1]:.1f}")
    print()
    for note in notes:
        print(note)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
