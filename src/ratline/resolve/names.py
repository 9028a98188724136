"""Name normalisation and name similarity for actors.

A raw name ("Dr. Mohamed al-Hassan", "Plancarte Gaspar, Manuel", "Cártel de Sinaloa")
becomes a `Name`: canonical tokens in reading order with titles dropped, particles kept
but marked, and common transliteration variants folded onto one spelling. Similarity
works on those tokens, so word order, spelling variants and initials do not hide a match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ratline.ascii_fold import ascii_fold

# Leading titles and honorifics carry no identity; "Dr. X" and "X" are the same person.
TITLES = frozenset(
    [
        "dr",
        "doctor",
        "mr",
        "mrs",
        "ms",
        "miss",
        "mme",
        "madam",
        "madame",
        "mister",
        "sir",
        "dame",
        "prof",
        "professor",
        "gen",
        "general",
        "col",
        "colonel",
        "maj",
        "major",
        "capt",
        "captain",
        "lt",
        "lieutenant",
        "sgt",
        "sergeant",
        "cpl",
        "corporal",
        "brig",
        "brigadier",
        "adm",
        "admiral",
        "cmdr",
        "commander",
        "insp",
        "inspector",
        "supt",
        "superintendent",
        "judge",
        "justice",
        "hon",
        "honourable",
        "sheikh",
        "shaikh",
        "shaykh",
        "sheik",
        "haji",
        "hajji",
        "hadji",
        "hajj",
        "mullah",
        "maulana",
        "imam",
        "sayyid",
        "sen",
        "senator",
        "rep",
        "rev",
        "reverend",
        "fr",
        "father",
        "sr",
        "sra",
        "srta",
        "senor",
        "senora",
        "don",
        "dona",
        "herr",
        "frau",
        "the",
    ]
)
# Particles stay in the name (they tell "bin Laden" from "Laden") but count little.
PARTICLES = frozenset(
    [
        "al",
        "el",
        "ul",
        "ud",
        "bin",
        "ibn",
        "bint",
        "ben",
        "van",
        "von",
        "der",
        "den",
        "de",
        "da",
        "di",
        "du",
        "del",
        "della",
        "dos",
        "das",
        "la",
        "le",
        "los",
        "las",
        "y",
        "of",
        "and",
    ]
)
# Spelling of a particle differs by transliteration; one form each.
PARTICLE_FORMS = {"el": "al", "ibn": "bin", "ben": "bin", "ud": "ul"}
SUFFIXES = frozenset(["jr", "sr", "ii", "iii", "iv", "phd", "md", "esq"])

# Whole-token variants of common given names in Arabic, Urdu and Russian romanisation.
GIVEN_NAMES: dict[str, tuple[str, ...]] = {
    "muhammad": (
        "mohammed",
        "mohammad",
        "mohamed",
        "mohamad",
        "muhammed",
        "muhamad",
        "mohammod",
        "mohd",
        "muhamed",
        "mohamud",
        "mahomed",
        "mahamat",
    ),
    "ahmad": ("ahmed", "ahmet", "achmad"),
    "abdul": ("abdel", "abdal", "abdol"),
    "mahmud": ("mahmoud", "mahmood", "mehmood"),
    "yusuf": ("yousef", "youssef", "yousif", "yusef", "yousuf", "yussuf", "yosef", "youcef"),
    "husayn": ("hussein", "husein", "hussain", "husain", "hossein", "husseyn"),
    "hasan": ("hassan", "hasson"),
    "umar": ("omar", "omer"),
    "usama": ("osama", "oussama"),
    "khalid": ("khaled", "halid"),
    "ibrahim": ("ebrahim", "ibraheem", "brahim"),
    "abdullah": ("abdallah", "abdulla", "abdalla"),
    "mustafa": ("mostafa", "moustafa", "mustapha", "mostapha"),
    "said": ("saeed", "saied", "sayed", "saaid"),
    "rashid": ("rasheed", "rachid"),
    "hamid": ("hameed", "hamed"),
    "walid": ("waleed", "oualid"),
    "jamal": ("gamal", "djamal"),
    "karim": ("kareem", "kerim"),
    "nasir": ("nasser", "naser", "nasser"),
    "faisal": ("faysal", "faycal"),
    "aleksandr": ("alexander", "alexandr", "aleksander", "oleksandr"),
    "aleksei": ("alexei", "alexey", "aleksey", "oleksiy"),
    "sergei": ("sergey", "serguei", "serhiy"),
    "dmitri": ("dmitry", "dmitriy", "dimitri", "dimitry"),
    "yuri": ("yury", "iouri", "yuriy", "jurij"),
    "evgeni": ("yevgeny", "evgeny", "yevgeni", "evgenii", "yevhen"),
    "nikolai": ("nikolay", "nicolai", "mykola"),
    "andrei": ("andrey", "andriy"),
    "mikhail": ("michail", "mykhailo"),
    "vladimir": ("volodymyr", "wladimir"),
}
_GIVEN = {variant: canon for canon, variants in GIVEN_NAMES.items() for variant in variants}

# Letter-level romanisation rules, applied in order to every token (after the table).
# They are lossy on purpose: both sides of a comparison pass through them.
TRANSLIT_RULES: tuple[tuple[str, str], ...] = (
    (r"(?<=..)off$", "ov"),  # Smirnoff / Smirnov
    (r"(?<=..)eff$", "ev"),  # Lebedeff / Lebedev
    (r"(?<=..)ow$", "ov"),  # Iwanow / Ivanov
    # Abdelrahman / Abdulrahman. A written "el/al/ul" is never re-read as part of the rest
    # ("abdulb" must not become "abdul" + "ulb"), so the rule gives the same on its output.
    (r"^abd(?:el|al|ul|(?!el|al|ul))(?=[a-z]{3})", "abdul"),
    (r"tch", "ch"),
    (r"sch", "sh"),
    (r"dj", "j"),
    (r"kh", "h"),
    (r"ph", "f"),
    (r"gh", "g"),
    (r"ou", "u"),
    (r"oo", "u"),
    (r"ee", "i"),
    (r"ck", "k"),
    (r"q", "k"),
    (r"w", "v"),
    (r"(?<=[a-z])y(?=[^aeiou]|$)", "i"),  # Dmitry / Dmitri, Sergey / Sergei
    (r"(.)\1+", r"\1"),  # Shabaab / Shabab, Hassan / Hasan
)
_TRANSLIT = tuple((re.compile(p), r) for p, r in TRANSLIT_RULES)

_SPLIT = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower case ASCII with diacritics removed; apostrophes vanish, other punctuation is a space."""
    ascii_text = ascii_fold(text)
    ascii_text = re.sub(r"['`\u2019]", "", ascii_text.lower())
    return " ".join(t for t in _SPLIT.split(ascii_text) if t)


def search_key(text: str) -> str:
    """What a search compares: case, accents and punctuation folded away, spaces kept
    single ("Cárdenas" and "CARDENAS" both give "cardenas")."""
    return " ".join(fold(text).split())


@lru_cache(maxsize=200_000)
def canon_token(token: str) -> str:
    """One spelling for transliteration variants of a folded token."""
    if token in PARTICLE_FORMS:
        return PARTICLE_FORMS[token]
    if len(token) <= 2 or token.isdigit():
        return token
    out = _apply_rules(_GIVEN.get(token, token))
    # A rule may turn an unlisted spelling into a listed one ("mohammed" -> "mohamed").
    return _apply_rules(_GIVEN[out]) if out in _GIVEN else out


def _apply_rules(token: str) -> str:
    for pattern, repl in _TRANSLIT:
        token = pattern.sub(repl, token)
    return token


# Sound classes for a Soundex-like key; vowels, h, w and y carry no class.
_CLASSES = {
    c: k
    for k, letters in {
        "1": "bfpv",
        "2": "cgjkqsxz",
        "3": "dt",
        "4": "l",
        "5": "mn",
        "6": "r",
    }.items()
    for c in letters
}


@lru_cache(maxsize=200_000)
def phonetic(token: str) -> str:
    """A coarse sound key of a canonical token: consonant classes, repeats collapsed.

    Unlike Soundex the first letter is coded too, so "Kabir" and "Cabir" share a key;
    a leading vowel is kept as "0" so "Ali" and "Li" do not.
    """
    if token.isdigit():
        return token
    out = "0" if token[:1] in "aeiou" else ""
    last = ""
    for ch in token:
        code = _CLASSES.get(ch, "")
        if code and code != last:
            out += code
        if ch not in "hwy":
            last = code
    return out[:6] or token[:1]


# Words naming a kind of organisation rather than one organisation: they decide little
# when only one name has them ("Lakay Sud gang" / "Baz Lakay Sud"), and differing ones
# tell two places apart ("Al-Noor Clinic" / "Al-Noor Hospital").
_GENERIC_TEXT = (
    "cartel cartels clinic clinics hospital hospitals medical center centre centers group "
    "gang gangs network ring police ministry agency company co ltd limited inc llc corp pvt "
    "sdn bhd international national government services service trading travel state "
    "republic army forces force front organization organisation foundation brigade brigades "
    "militia department office bureau court federal new general private kidney care health "
    "transplant surgical specialty speciality laboratory lab labs association union council "
    "committee party movement authority unit division directorate clan family brothers sons "
    "compound vessel mv"
)
GENERIC_WORDS = frozenset(canon_token(w) for w in _GENERIC_TEXT.split())
VOWELS = frozenset("aeiou")


@dataclass(frozen=True, slots=True)
class Name:
    """A parsed name: canonical tokens in reading order, and which of them are particles.

    `firsts` gives, per significant token, the letters an initial of it may show: the
    canonical first letter and the one as written ("K." for "Khaled", canonical "halid").
    """

    raw: str
    tokens: tuple[str, ...]
    significant: tuple[str, ...]
    firsts: tuple[str, ...] = ()
    # Order-free identity of the name: its sorted significant tokens.
    key: str = ""

    @property
    def text(self) -> str:
        return " ".join(self.tokens)

    @property
    def has_initials(self) -> bool:
        return any(len(t) == 1 and t.isalpha() for t in self.significant)


def _reorder(raw: str) -> str:
    """ "Plancarte Gaspar, Manuel" -> "Manuel Plancarte Gaspar"; "Smith, Jr." stays put."""
    parts = [p.strip() for p in raw.split(",")]
    if len(parts) != 2 or not parts[0] or not parts[1]:
        return raw
    tail = fold(parts[1]).split()
    if not tail or all(t in SUFFIXES for t in tail) or len(tail) > 3:
        return raw
    return f"{parts[1]} {parts[0]}"


@lru_cache(maxsize=500_000)
def parse_name(raw: str, person: bool = True) -> Name:
    """Parse a raw actor name; `person` enables title stripping and "Surname, Given" order."""
    return parse_name_uncached(raw, person)


def parse_name_uncached(raw: str, person: bool = True) -> Name:
    """`parse_name` without its cache, for one pass over many distinct names (a full
    resolution run), which would fill the cache with Names it never asks for again."""
    text = _reorder(raw) if person else raw
    folded = fold(text).split()
    if person:
        folded = [t for t in folded if t not in SUFFIXES]
    # Titles only at the front: "General Hospital" is a name, "Gen. Rahimi" is a title.
    while len(folded) > 1 and folded[0] in TITLES and (person or folded[0] == "the"):
        folded = folded[1:]
    pairs = _join_abd([(canon_token(t), t[:1]) for t in folded])
    tokens = tuple(t for t, _ in pairs)
    kept = [(t, f) for t, f in pairs if t not in PARTICLES] or pairs
    significant = tuple(t for t, _ in kept)
    return Name(
        raw=raw,
        tokens=tokens,
        significant=significant,
        firsts=tuple(t[:1] if f == t[:1] else t[:1] + f for t, f in kept),
        key=" ".join(sorted(significant)),
    )


def _join_abd(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """ "Abd al-Rahman", "Abdul Rahman" and "Abdelrahman" are one token, "abdulrahman"."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(pairs):
        t = pairs[i][0]
        if t in ("abd", "abdul", "abdal", "abdel") and i + 1 < len(pairs):
            nxt = i + 1
            if pairs[nxt][0] in ("al", "ul") and nxt + 1 < len(pairs):
                nxt += 1
            out.append((canon_token("abdul" + pairs[nxt][0]), "a"))
            i = nxt + 1
            continue
        out.append(pairs[i])
        i += 1
    return out


def jaro_winkler(a: str, b: str) -> float:
    """Jaro-Winkler similarity in [0, 1] (prefix scale 0.1, up to four characters)."""
    if a == b:
        return 1.0
    la, lb = len(a), len(b)
    if not la or not lb:
        return 0.0
    window = max(max(la, lb) // 2 - 1, 0)
    used = [False] * lb
    matched_a: list[str] = []
    for i, ch in enumerate(a):
        lo = i - window if i > window else 0
        hi = i + window + 1 if i + window + 1 < lb else lb
        # str.find scans in C; the first unused equal letter in the window, as a loop would.
        j = b.find(ch, lo, hi)
        while j >= 0 and used[j]:
            j = b.find(ch, j + 1, hi)
        if j >= 0:
            used[j] = True
            matched_a.append(ch)
    m = len(matched_a)
    if not m:
        return 0.0
    matched_b = [b[j] for j in range(lb) if used[j]]
    transpositions = sum(x != y for x, y in zip(matched_a, matched_b, strict=True)) / 2
    jaro = (m / la + m / lb + (m - transpositions) / m) / 3
    prefix = 0
    for x, y in zip(a[:4], b[:4], strict=False):
        if x != y:
            break
        prefix += 1
    return jaro + prefix * 0.1 * (1 - jaro)


def token_similarity(a: str, b: str) -> float:
    """How alike two canonical full tokens are: 1 equal, else fuzzy (0 below 0.9 JW)."""
    if a == b:
        return 1.0
    if a.isdigit() or b.isdigit() or min(len(a), len(b)) < 3:
        return 0.0
    same_sound = phonetic(a) == phonetic(b)
    # Cheap rejections first: Jaro-Winkler is the hot spot at scale, and it cannot
    # reach 0.9 for tokens of very different length or, in practice, for tokens that
    # share neither first letter nor sound key. Only what passes them is cached, so the
    # cache holds the pairs worth remembering rather than every rejection.
    if not same_sound and (a[0] != b[0] or min(len(a), len(b)) < 0.6 * max(len(a), len(b))):
        return 0.0
    return _fuzzy_similarity(a, b, same_sound)


@lru_cache(maxsize=300_000)
def _fuzzy_similarity(a: str, b: str, same_sound: bool) -> float:
    jw = jaro_winkler(a, b)
    if same_sound and jw >= 0.8:
        return max(0.9, jw * 0.95)
    return jw * 0.95 if jw >= 0.9 else 0.0


def _initial_similarity(initial: str, firsts: str) -> float:
    if initial in firsts:
        return 0.8
    # Vowels shift in romanisation (Oleksandr / Aleksandr, Osama / Usama).
    return 0.6 if initial in VOWELS and any(c in VOWELS for c in firsts) else 0.0


def _similarity(t: str, ft: str, u: str, fu: str) -> float:
    if len(t) == 1 or len(u) == 1:
        if len(t) == len(u):
            return 1.0 if t == u else 0.0
        return _initial_similarity(t, fu) if len(t) == 1 else _initial_similarity(u, ft)
    return token_similarity(t, u)


def acronym(name: Name) -> str:
    """Initials of a multi-word name's significant tokens ("cjng" for the Jalisco cartel)."""
    return "".join(t[0] for t in name.significant) if len(name.significant) > 1 else ""


Tokens = list[tuple[str, str]]


def _compounds(x: Tokens, y: Tokens) -> Tokens:
    """Join adjacent tokens of x where the join matches a token of y ("Abdi Rahman")."""
    out: Tokens = []
    i = 0
    while i < len(x):
        if i + 1 < len(x) and len(x[i][0]) > 1 and len(x[i + 1][0]) > 1:
            joined = x[i][0] + x[i + 1][0]
            if any(len(u) > 3 and abs(len(u) - len(joined)) <= 2
                   and token_similarity(joined, u) >= 0.9 for u, _ in y):
                out.append((joined, x[i][1]))
                i += 2
                continue
        out.append(x[i])
        i += 1
    return out


def _soft_match(x: Tokens, y: Tokens) -> tuple[float, int, int]:
    """Sum of best-partner similarities of the shorter list's tokens, matched count, longer size."""
    short, long_ = (x, y) if len(x) <= len(y) else (y, x)
    free = list(long_)
    total = 0.0
    matched = 0
    for t, ft in short:
        best, best_i = 0.0, -1
        for i, (u, fu) in enumerate(free):
            s = _similarity(t, ft, u, fu)
            if s > best:
                best, best_i = s, i
        if best_i >= 0:
            total += best
            matched += 1
            free.pop(best_i)
    return total, matched, len(long_)


@lru_cache(maxsize=200_000)
def name_similarity(a: Name, b: Name, person: bool) -> tuple[float, str]:
    """`name_similarity_uncached`, cached for callers that ask about the same names again."""
    return name_similarity_uncached(a, b, person)


def name_similarity_uncached(a: Name, b: Name, person: bool) -> tuple[float, str]:
    """Similarity of two parsed names in [0, 1] with a short reason.

    Tokens are matched without regard to order; each token of the shorter name takes its
    best partner in the longer one. Unmatched extra tokens cost a little (a second
    surname is often dropped); a lone surname against a full name stays uncertain. For
    organisations, generic words ("cartel", "clinic") are set aside and only count
    against a match when both names have some and none agree.
    """
    sa, sb = a.significant, b.significant
    if not sa or not sb:
        return 0.0, "empty name"
    if a.key == b.key:
        return 1.0, "same name"
    short_name, long_name = (a, b) if len(sa) <= len(sb) else (b, a)
    if (
        len(short_name.significant) == 1
        and len(long_name.significant) > 1
        and short_name.significant[0] == acronym(long_name)
    ):
        return 0.9, f"acronym {short_name.significant[0].upper()}"
    x: Tokens = list(zip(sa, a.firsts or [t[:1] for t in sa], strict=True))
    y: Tokens = list(zip(sb, b.firsts or [t[:1] for t in sb], strict=True))
    generic_penalty = 0.0
    if not person:
        gx = {t for t, _ in x if t in GENERIC_WORDS}
        gy = {t for t, _ in y if t in GENERIC_WORDS}
        dx = [p for p in x if p[0] not in GENERIC_WORDS]
        dy = [p for p in y if p[0] not in GENERIC_WORDS]
        if dx and dy:
            x, y = dx, dy
            if gx and gy and not gx & gy:
                generic_penalty = 0.2
    total, matched, n_long = _soft_match(x, y)
    n_short = min(len(x), len(y))
    if matched < n_long and (n_long - matched) + (n_short - matched) > 0 and len(x) != len(y):
        # Only an imperfect match of unequal lengths can gain from joining tokens.
        cx, cy = _compounds(x, y), _compounds(y, x)
        if len(cx) != len(x) or len(cy) != len(y):
            x, y = cx, cy
            total, matched, n_long = _soft_match(x, y)
            n_short = min(len(x), len(y))
    if not total:
        return 0.0, "no shared name tokens"
    coverage = total / n_short
    value = coverage - 0.1 * (n_long - matched) - generic_penalty
    reason = f"name tokens {matched}/{n_long} (coverage {coverage:.2f})"
    if generic_penalty:
        reason += f", different kinds -{generic_penalty}"
    if person and n_short == 1 and n_long > 1:
        # "Plancarte" alone could be any Plancarte.
        value = min(value, 0.6)
        reason += ", single name"
    if person and all(len(t) == 1 for t in (x if len(x) <= len(y) else y)):
        value = min(value, 0.5)
    return max(0.0, min(1.0, value)), reason
