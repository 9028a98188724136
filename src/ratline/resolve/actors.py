"""Actors across documents: which mentions name the same person, group or facility.

Mentions with the same normalised name, type and countries collapse into one entity
first (at scale most mentions repeat a name). Entities are compared only within blocks
that share a key (sorted tokens, token pairs, initial + surname, sound keys, alias
group, acronym); a block too large to compare whole is read as a sorted neighbourhood,
so the work per entity is bounded and grows with the number of mentions, not its
square. A candidate pair stops being weighed as soon as a bound on its match weight
shows it cannot score UNSURE (`WeightBound`): most are placed in disjoint countries, and
their names are never compared. Of a mention only its id, spelling and document are
kept. Every merge carries its explained score; human judgements come first and are never
overridden.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations, repeat

from ratline import gc_pause
from ratline.resolve.actor_levels import (
    AGREEING,
    FIELDS,
    LOCAL_TYPES,
    country_level,
    detail,
    name_level,
    rarity_level,
    type_level,
)
from ratline.resolve.aliases import AliasGroup, alias_group
from ratline.resolve.clusters import (
    UNSURE,
    YES,
    ConstrainedUnionFind,
    Judgement,
    Merge,
    Outcome,
    Score,
    apply_judgements,
    assign_stable_ids,
    union_edges,
)
from ratline.resolve.linkage import Comparison, LinkageModel, load_model
from ratline.resolve.names import (
    GENERIC_WORDS,
    TITLES,
    VOWELS,
    Name,
    acronym,
    canon_token,
    fold,
    name_similarity,
    name_similarity_uncached,
    parse_name,
    parse_name_uncached,
    phonetic,
    token_similarity,
)

# Pairs inside one block grow with its square. Incremental linking (actor_links) skips a
# block past MAX_BLOCK clusters; the full run compares a block of up to FULL_BLOCK
# entities whole and reads a larger one as a sorted neighbourhood, WINDOW on each side.
# Measured on bench/resolve.py's mentions: at 100k, 3 missed 623 true pairs where
# comparing every block whole missed 615 (and merged more wrongly, at 8x the pairs); at
# 300k a window of 2 missed a quarter more than 3.
MAX_BLOCK = 50
FULL_BLOCK = 10
WINDOW = 3
MAX_CANDIDATES = 40
MAX_BODIES = 6
# Words a report puts before a name that are not part of it ("Defendant He Wei").
ROLE_WORDS = frozenset({"defendant", "accused", "suspect", "convict", "broadcaster", "victim"})



@dataclass(frozen=True, slots=True)
class ActorMention:
    """One actor as one document's incident names it."""

    mention_id: str
    name: str
    type: str
    role: str
    document_id: str
    incident_id: str | None = None
    countries: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Profile:
    """What comparison needs of a mention: parsed name, alias group, type, countries."""

    name: Name
    group: AliasGroup | None
    type: str
    countries: frozenset[str]

    @property
    def person(self) -> bool:
        return self.type == "person"


def profile(
    name: str,
    type_: str,
    countries: frozenset[str] = frozenset(),
    parse: Callable[[str, bool], Name] = parse_name,
) -> Profile:
    person = type_ == "person"
    parsed = parse(name, person)
    group = alias_group(parsed if not person else parse(name, False))
    return Profile(parsed, group, type_, countries)


_AGENCY_TEXT = (
    "police polis ministry agency department bureau court prosecution prosecutor service "
    "guard customs immigration enforcement commission directorate unit division office "
    "council interpol europol army navy military government embassy tribunal security "
    "investigation investigations intelligence administration advisor adviser coast border"
)
# Words that say what kind of body a name is; two agencies differ by the other words.
KIND_WORDS = GENERIC_WORDS | frozenset(canon_token(w) for w in _AGENCY_TEXT.split())
_AGENCY_WORDS = frozenset(canon_token(w) for w in _AGENCY_TEXT.split())


def is_agency(p: Profile) -> bool:
    """A public body (police, ministry, court, guard...): its name is a list of kind words
    plus what sets it apart, so a shared kind word is no evidence."""
    if p.group is not None:
        return p.group.agency
    return not p.person and bool(_AGENCY_WORDS.intersection(p.name.significant))


def _distinct(p: Profile) -> list[str]:
    """The words that set a body apart: for agencies every word but the agency kind
    ("National" / "Federal" tell two agencies apart), for others every non-generic word.
    Runs of single letters count as one word ("U. S." -> "us")."""
    kind = _AGENCY_WORDS if is_agency(p) else KIND_WORDS
    out: list[str] = []
    letters = ""
    for t in (*p.name.significant, ""):
        if len(t) == 1:
            letters += t
            continue
        if len(letters) > 1:
            out.append(letters)
        letters = ""
        if t and t not in kind:
            out.append(t)
    return out


def different_bodies(a: Profile, b: Profile) -> str | None:
    """Why two organisation names cannot be one body, or None when they may be.

    Each name has a word the other lacks ("Seychelles Coast Guard" / "U.S. Coast Guard",
    "Federal Investigation Agency" / "National Investigation Agency"): two bodies. For
    agencies the shorter name must also carry most of the longer one's own words, so
    "Bureau of Customs" is not "Immigration and Customs Enforcement".
    """
    if a.person or b.person:
        return None
    if a.group is not None and b.group is not None and a.group.id == b.group.id:
        return None
    da, db = _distinct(a), _distinct(b)
    if not da or not db:
        return None
    only_a = [t for t in da if not any(token_similarity(t, u) >= 0.88 for u in db)]
    only_b = [t for t in db if not any(token_similarity(t, u) >= 0.88 for u in da)]
    if only_a and only_b:
        return f"different bodies: {' '.join(only_a)} / {' '.join(only_b)}"
    if is_agency(a) or is_agency(b):
        small, big = (da, db) if len(da) <= len(db) else (db, da)
        shared = len(big) - len(only_b if big is db else only_a)
        if acronym(a.name) in (b.name.key, *b.name.significant) or \
                acronym(b.name) in (a.name.key, *a.name.significant):
            return None
        if len(small) < len(big) and shared * 2 <= len(big):
            return f"different agencies: {' '.join(small)} names too little of {' '.join(big)}"
    return None


@lru_cache(maxsize=512)
def _alias_profiles(group: AliasGroup, type_: str) -> tuple[Profile, ...]:
    return tuple(profile(alias, type_) for alias in (*group.aliases, group.name))


def actor_model() -> LinkageModel:
    """The fitted actor match weights shipped beside this package."""
    return load_model("actors")


def levels(a: Profile, b: Profile, *, cached: bool = True) -> tuple[list[tuple[str, str]], str]:
    """Each field of two profiles on its comparison level (see `actor_levels`), and the
    reason of the name level.

    One alias group is the name level "alias", and then type and countries are not
    compared: a well-known body is named as an organisation by one report and an armed
    group by the next, and acts in many countries."""
    if a.group is not None and b.group is not None and a.group.id == b.group.id:
        return [("name", "alias")], f"same alias group {a.group.name}"
    similarity = name_similarity if cached else name_similarity_uncached
    value, why = similarity(a.name, b.name, a.person and b.person)
    return _levels_with_name(a, b, name_level(value, why), value, why)


def _levels_with_name(
    a: Profile, b: Profile, name: str, value: float, why: str
) -> tuple[list[tuple[str, str]], str]:
    """`levels` once the names are compared (and are not one alias group)."""
    out = [("name", name), ("type", type_level(a.type, b.type))]
    countries = country_level(a.countries, b.countries, (a.type, b.type))
    if countries is not None:
        out.append(("countries", countries))
    if name in AGREEING:
        out.append(("rarity", rarity_level(a.name, b.name)))
    return out, f"{value:.2f}, {why}"


def comparisons(a: Profile, b: Profile, *, cached: bool = True) -> list[Comparison]:
    """The levels of `levels` with what each compared, unweighed (see `LinkageModel`)."""
    return _described(a, b, *levels(a, b, cached=cached))


def _described(a: Profile, b: Profile, found: list[tuple[str, str]], why: str) -> list[Comparison]:
    sides = (a.type, a.countries), (b.type, b.countries)
    return [Comparison(f, lvl, why if f == "name" else detail(f, lvl, *sides)) for f, lvl in found]


def veto(a: Profile, b: Profile) -> str | None:
    """Why two profiles can never be one actor, whatever the evidence: rules of identity
    (two alias groups, a person and a body, a body outside a known agency's aliases, two
    different bodies)."""
    one_group = same_group(a, b)
    if a.group is not None and b.group is not None and not one_group:
        return f"different alias groups {a.group.name} / {b.group.name}"
    if a.person != b.person and not one_group:
        return f"type mismatch {a.type}/{b.type}: a person is not a body"
    if (a.group is None) != (b.group is None) and (is_agency(a) or is_agency(b)):
        # A known agency and a body outside its alias list: only a spelling of one of
        # its aliases joins it, never a name that merely shares its kind words.
        grouped, other = (a, b) if a.group is not None else (b, a)
        assert grouped.group is not None
        if not any(name_similarity(alias.name, other.name, False)[0] >= YES
                   and different_bodies(alias, other) is None
                   for alias in _alias_profiles(grouped.group, grouped.type)):
            return f"not an alias of {grouped.group.name}"
    return different_bodies(a, b)


def score_profiles(a: Profile, b: Profile, *, cached: bool = True, explain: bool = True,
                   model: LinkageModel | None = None) -> Score:
    """Explained match weight of two profiles: the fitted weights of their comparison
    levels add up (bits), and the total maps to 0..1 with YES at the model's threshold.

    A full run compares each pair once and passes `cached=False`, so the name-similarity
    cache is not filled in vain, and `explain=False`: pairs below the review band then
    come back without reasons."""
    why_not = veto(a, b)
    if why_not:
        return Score(0.0, [why_not])
    found, why = levels(a, b, cached=cached)
    return _weighed(a, b, found, why, model or actor_model(), explain)


def match_value(a: Profile, b: Profile) -> float:
    """`score_profiles(a, b).value` without its reasons (the same weights and rounding):
    incident resolution compares the names of every candidate pair and reads no reason."""
    if veto(a, b):
        return 0.0
    found, _ = levels(a, b)
    return actor_model().value([Comparison(f, lvl, "") for f, lvl in found])


def _weighed(a: Profile, b: Profile, found: list[tuple[str, str]], why: str, model: LinkageModel,
             explain: bool) -> Score:
    if not explain:
        total = sum(model.weight_of(f, lvl) for f, lvl in found)
        value = model.probability(total)
        if value < UNSURE:
            # Most candidate pairs are far apart: their reasons are never read.
            return Score(round(value, 4), [], total=round(total, 3), threshold=model.threshold)
    return model.score(_described(a, b, found, why))


def same_group(a: Profile, b: Profile) -> bool:
    """Both names are of one alias group: then the names are not compared."""
    return a.group is not None and b.group is not None and a.group.id == b.group.id


# How far below the least total that scores UNSURE a bound must fall before a pair is
# dropped unweighed. Weighing differs from the exact total only by rounding (each weight
# to 3 decimals, the score to 4): far less than this.
BOUND_MARGIN = 0.1


class WeightBound:
    """The most an actor pair's total (bits) can reach once some of its fields are
    known, under one model: the weights known plus the best weight of each field still
    unknown. A pair whose bound falls short of UNSURE is neither merged nor offered for
    review, whatever the rest shows, so a full run stops weighing it there.

    Two profiles outside one alias group never reach the name level "alias" (`levels`),
    and rarity is weighed only at an agreeing name level."""

    def __init__(self, model: LinkageModel) -> None:
        self.model = model
        w = model.weight_of
        self.type = {lvl: w("type", lvl) for lvl in FIELDS["type"]}
        self.countries = {lvl: w("countries", lvl) for lvl in FIELDS["countries"]}
        rarity = max(w("rarity", lvl) for lvl in FIELDS["rarity"])
        self.name = {lvl: w("name", lvl) + (rarity if lvl in AGREEING else 0.0)
                     for lvl in FIELDS["name"] if lvl != "alias"}
        self.best_name = max(self.name.values())
        self.need = model.total_at(UNSURE) - BOUND_MARGIN

    def known(self, type_: str, countries: str | None) -> float:
        """The weight of a pair's type and countries (none when a side has no country)."""
        return self.type[type_] + (0.0 if countries is None else self.countries[countries])


def machine_score(a: Profile, b: Profile, bound: WeightBound) -> Score | None:
    """What a full run keeps of a pair: `score_profiles(a, b, cached=False, explain=False,
    model=bound.model)` when it is UNSURE or more, else None.

    Most candidate pairs are far apart. Type and countries are compared first (sets, not
    names): a person in Egypt and one in Mexico cannot score UNSURE whatever their
    names, so their names are never compared. Then the names, and a pair whose name
    level cannot make up the difference ends there, without veto, rarity or score."""
    if same_group(a, b):
        s = score_profiles(a, b, cached=False, explain=False, model=bound.model)
        return s if s.value >= UNSURE else None
    known = bound.known(type_level(a.type, b.type), country_level(a.countries, b.countries, (a.type, b.type)))
    if known + bound.best_name < bound.need:
        return None
    value, why = name_similarity_uncached(a.name, b.name, a.person and b.person)
    name = name_level(value, why)
    if known + bound.name[name] < bound.need or veto(a, b):
        return None
    found, reason = _levels_with_name(a, b, name, value, why)
    s = _weighed(a, b, found, reason, bound.model, explain=False)
    return s if s.value >= UNSURE else None


def compare(a: ActorMention, b: ActorMention) -> Score:
    """Explained similarity of two mentions: >= 0.85 same actor, 0.6-0.85 unsure."""
    return score_profiles(
        profile(a.name, a.type, a.countries), profile(b.name, b.type, b.countries)
    )


def blocking_keys(p: Profile) -> set[str]:
    """Keys under which a profile is compared with others; a shared key makes a candidate."""
    return set(_keyed(p))


def _keyed(p: Profile) -> dict[str, str]:
    """Blocking keys, each with the words that made it. A block too large to compare whole
    is read in the order of those words, then of the whole name, so that close spellings
    of the same words sit side by side (under "i:m:" + the sound of "Plancarte", the
    Plancartes in order of given name: "plancarte m", "plancarte manuel", ...)."""
    keys = {"t:" + p.name.key: ""}
    # Tokens run together, so "Pandeyrai" meets "Pandey Rai".
    if len(p.name.significant) > 1:
        keys["j:" + "".join(p.name.significant)] = ""
    if p.group is not None:
        keys["g:" + p.group.id] = ""
    sig = p.name.significant
    words = [t for t in sig if len(t) > 1]
    sounds = [phonetic(t) for t in words]
    if p.person:
        if len(words) == 1:
            keys["s:" + sounds[0]] = words[0]
        word_of: dict[str, str] = {}
        for t, s in zip(words, sounds, strict=True):
            word_of.setdefault(s, t)
        for x, y in combinations(sorted(word_of), 2):
            keys[f"p:{x}|{y}"] = f"{word_of[x]} {word_of[y]}"
        # Given-name initial + each later token: "M. Plancarte" meets "Manuel Plancarte
        # Gaspar". Vowel initials share one key because romanisation moves them
        # (Oleksandr / Aleksandr).
        firsts = p.name.firsts or tuple(t[:1] for t in sig)
        if len(sig) > 1:
            initials = sorted({"0" if c in VOWELS else c for c in firsts[0]})
            for u in sig[1:]:
                if len(u) > 1:
                    for c in initials:
                        keys.setdefault(f"i:{c}:{phonetic(u)}", f"{u} {sig[0]}")
    else:
        for t, s in zip(words, sounds, strict=True):
            if len(t) >= 3 and t not in GENERIC_WORDS:
                keys.setdefault("w:" + s, t)
        # Acronyms of three letters or more ("CJNG"); two-letter ones collide everywhere.
        acr = acronym(p.name)
        if len(acr) >= 3:
            keys["a:" + acr] = ""
        elif len(sig) == 1 and 3 <= len(sig[0]) <= 6:
            keys.setdefault("a:" + sig[0], "")
    return keys


@dataclass(frozen=True)
class ActorCluster:
    """One resolved actor: its stable id, canonical name and every mention of it."""

    actor_id: str
    name: str
    type: str
    mention_ids: tuple[str, ...]
    aliases: tuple[str, ...]
    countries: frozenset[str]
    documents: tuple[str, ...]


@dataclass(kw_only=True)
class Resolution(Outcome[ActorCluster]):
    """The outcome of `resolve_actors` (see `Outcome`); members are mention ids."""

    actors: list[ActorCluster]

    def actor_id_of(self, mention_id: str) -> str:
        return self.cluster_id_of(mention_id)

    def actor(self, actor_id: str) -> ActorCluster:
        return self.cluster(actor_id)


def _entity_key(p: Profile, raw: str) -> tuple[str, str, frozenset[str]]:
    return (p.name.key or raw.strip().lower(), p.type, p.countries)


# What choosing a cluster's name needs of one spelling: its alias group's name, whether
# it has initials, how many significant words, and whether it is inverted ("Surname,
# Given") or led by a title or role word. Small, so a full run keeps one per spelling.
Form = tuple[str | None, bool, int, bool]


def name_form(raw: str, p: Profile) -> Form:
    titled = "," in raw or bool((TITLES | ROLE_WORDS).intersection(fold(raw).split()[:1]))
    group = p.group.name if p.group is not None else None
    return (group, p.name.has_initials, len(p.name.significant), titled)


def _canonical_name(counts: Mapping[str, int], forms: Mapping[str, Form]) -> str:
    """The full form: an alias group's name, else the most complete, most frequent form.
    `counts` holds how often each name was met, in the order first met."""
    groups = {g for n in counts if (g := forms[n][0]) is not None}
    if len(groups) == 1:
        return groups.pop()

    def rank(n: str) -> tuple[int, int, int, int, int, str]:
        _, initials, words, titled = forms[n]
        return (0 if initials else 1, words, 0 if titled else 1, counts[n], len(n), n)

    return max(counts, key=rank)


@dataclass(slots=True)
class _Seen:
    """What resolution keeps of the mentions it read. Per mention only its id, and its
    spelling and document as ints; each distinct spelling (name, type, countries) and each
    entity once. So memory follows the distinct names, not the mention objects."""

    ids: list[str] = field(default_factory=list)
    spelling_of: array[int] = field(default_factory=lambda: array("i"))
    document_of: array[int] = field(default_factory=lambda: array("i"))
    documents: list[str] = field(default_factory=list)
    # Per spelling.
    names: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    countries: list[frozenset[str]] = field(default_factory=list)
    forms: list[Form] = field(default_factory=list)
    entity_of: array[int] = field(default_factory=lambda: array("i"))
    # Per entity: the profile of its first spelling, and its first mention.
    profiles: list[Profile] = field(default_factory=list)
    reps: array[int] = field(default_factory=lambda: array("i"))


def _read(mentions: Iterable[ActorMention]) -> _Seen:
    """One pass over the mentions. Identical name + type + countries is one entity,
    compared once; at scale most mentions repeat a name."""
    seen = _Seen()
    spelling: dict[tuple[str, str, frozenset[str]], int] = {}
    entity: dict[tuple[str, str, frozenset[str]], int] = {}
    documents: dict[str, int] = {}
    forms: dict[Form, Form] = {}
    for i, m in enumerate(mentions):
        ck = (m.name, m.type, m.countries)
        s = spelling.get(ck)
        if s is None:
            s = spelling[ck] = len(seen.names)
            p = profile(m.name, m.type, m.countries, parse_name_uncached)
            ek = _entity_key(p, m.name)
            e = entity.get(ek)
            if e is None:
                e = entity[ek] = len(seen.profiles)
                seen.profiles.append(p)
                seen.reps.append(i)
            seen.names.append(m.name)
            seen.types.append(m.type)
            seen.countries.append(m.countries)
            form = name_form(m.name, p)
            seen.forms.append(forms.setdefault(form, form))
            seen.entity_of.append(e)
        d = documents.get(m.document_id)
        if d is None:
            d = documents[m.document_id] = len(documents)
        seen.ids.append(m.mention_id)
        seen.spelling_of.append(s)
        seen.document_of.append(d)
    seen.documents = list(documents)
    return seen


def _join_same_names(uf: ConstrainedUnionFind, seen: _Seen) -> tuple[list[Merge], list[Merge]]:
    """Join every mention to its entity's first mention; each new spelling gets one
    explained merge, and a join a person forbade goes to review."""
    merges: list[Merge] = []
    review: list[Merge] = []
    explained = bytearray(len(seen.names))
    scores: dict[int, Score] = {}
    ids, reps = seen.ids, seen.reps
    for i, s in enumerate(seen.spelling_of):
        e = seen.entity_of[s]
        rep = reps[e]
        if rep == i:
            explained[s] = 1
            continue
        joined = uf.union(rep, i)
        if joined is not None and explained[s]:
            continue
        if joined is None:
            reasons = _same_name_reasons(seen, e, s)
            reasons.append("refused: a person judged these apart")
            review.append(Merge(ids[rep], ids[i], Score(1.0, reasons)))
            continue
        explained[s] = 1
        # Every spelling of an entity has the same reasons (type and countries are part
        # of the entity), so its merges share one Score; nothing appends to these.
        score = scores.get(e)
        if score is None:
            score = scores[e] = Score(1.0, _same_name_reasons(seen, e, s))
        merges.append(Merge(ids[rep], ids[i], score))
    return merges, review


def _same_name_reasons(seen: _Seen, e: int, s: int) -> list[str]:
    return [
        f"same normalised name '{seen.profiles[e].name.key}'",
        f"same type {seen.types[s]}",
        "same countries " + (" ".join(sorted(seen.countries[s])) or "(none)"),
    ]


def _cluster_rules(
    uf: ConstrainedUnionFind, seen: _Seen
) -> tuple[Callable[[int, int], bool], Callable[[int, int, int], None]]:
    """Cluster-level machine rules: never join two alias groups, nor a person or facility
    placed in disjoint countries (stops chains through a mention without a country)."""
    root_group: dict[int, str] = {}
    root_countries: dict[int, frozenset[str]] = {}
    # Organisation names per cluster (a few): a chain "Delhi Police" - "Police" - "Nepal
    # Police" must not join two bodies no direct comparison would.
    root_bodies: dict[int, list[Profile]] = {}
    for e, p in enumerate(seen.profiles):
        r = uf.find(seen.reps[e])
        if not p.person and len(root_bodies.setdefault(r, [])) < MAX_BODIES:
            root_bodies[r].append(p)
        if p.group is not None:
            root_group[r] = p.group.id
        if p.type in LOCAL_TYPES and p.countries:
            held = root_countries.get(r)
            # Most roots hold one entity: keep its (shared) set rather than a new union.
            root_countries[r] = p.countries if held is None else held | p.countries

    def allowed(ra: int, rb: int) -> bool:
        ga, gb = root_group.get(ra), root_group.get(rb)
        if ga and gb and ga != gb:
            return False
        ca, cb = root_countries.get(ra), root_countries.get(rb)
        if ca and cb and not ca & cb:
            return False
        ba, bb = root_bodies.get(ra, ()), root_bodies.get(rb, ())
        return not any(different_bodies(x, y) for x in ba for y in bb)

    def on_merge(root: int, ra: int, rb: int) -> None:
        other = rb if root == ra else ra
        moved = root_bodies.pop(other, [])
        if moved:
            kept = root_bodies.setdefault(root, [])
            kept.extend(moved[: max(0, MAX_BODIES - len(kept))])
        g = root_group.pop(other, None)
        if g is not None:
            root_group.setdefault(root, g)
        c = root_countries.pop(other, None)
        if c is not None:
            held = root_countries.get(root)
            root_countries[root] = c if held is None else held | c

    return allowed, on_merge


def _candidates(profiles: Sequence[Profile]) -> Iterator[tuple[int, Iterable[int]]]:
    """Pairs of entities to compare, each once: per entity, the later entities it meets
    (none is given twice).

    A block of at most FULL_BLOCK entities is compared whole. A larger one is read in the
    order of the words that made its key (sorted neighbourhood): each entity meets the
    WINDOW entities on either side, so a common surname's sound still finds its close
    spellings while the work per entity stays bounded. Of the candidates, those sharing
    most keys come first, at most MAX_CANDIDATES of them.
    """
    # Keys are kept as hashes, one flat array with each entity's run of them: at a million
    # mentions the key strings would outweigh everything else. A collision only adds a
    # candidate. Most keys hold one entity, kept as a bare int. The words that made each
    # key are kept only until the large blocks are in order.
    index: dict[int, int | list[int]] = {}
    hashes: array[int] = array("q")
    starts: array[int] = array("q", [0])
    words_of: list[str] = []
    for e, p in enumerate(profiles):
        for k, words in _keyed(p).items():
            h = hash(k)
            hashes.append(h)
            words_of.append(words)
            block = index.get(h)
            if block is None:
                index[h] = e
            elif isinstance(block, int):
                index[h] = [block, e]
            else:
                block.append(e)
        starts.append(len(hashes))
    # The large blocks' entities in order of (words, name, entity); their plain lists go,
    # and `at` keeps where each of their keys stands in that order.
    ordered: dict[int, list[int]] = {}
    at: array[int] = array("q")
    rows: dict[int, list[tuple[str, str, int, int]]] = {
        h: [] for h, block in index.items() if isinstance(block, list) and len(block) > FULL_BLOCK
    }
    if rows:
        for h in rows:
            del index[h]
        for e, p in enumerate(profiles):
            for slot in range(starts[e], starts[e + 1]):
                held = rows.get(hashes[slot])
                if held is not None:
                    held.append((words_of[slot], p.name.key, e, slot))
        at = array("q", bytes(8 * len(hashes)))
        for h, held in rows.items():
            held.sort()
            ordered[h] = [row[2] for row in held]
            for i, row in enumerate(held):
                at[row[3]] = i
    del words_of, rows
    for e in range(len(profiles)):
        found: list[int] = []
        for slot in range(starts[e], starts[e + 1]):
            block = index.get(hashes[slot])
            if block is None:
                # A large block: the entities on either side.
                i = at[slot]
                found.extend(filter(e.__lt__, ordered[hashes[slot]][max(0, i - WINDOW): i + WINDOW + 1]))
            elif isinstance(block, list):
                # Entities join a block in order: those after e are the tail.
                found.extend(block[bisect_right(block, e):])
        if len(found) <= MAX_CANDIDATES:
            if found:
                yield e, dict.fromkeys(found)
            continue
        shared = Counter(found)
        yield e, [x for x, _ in shared.most_common(MAX_CANDIDATES)] if len(shared) > MAX_CANDIDATES else shared


def _clusters(
    uf: ConstrainedUnionFind, seen: _Seen, previous: Mapping[str, str]
) -> tuple[list[ActorCluster], dict[str, str], dict[str, str]]:
    """The actors, mention id -> actor id, and the redirects of retired actor ids."""
    ids = seen.ids
    groups = sorted(
        (sorted(members, key=ids.__getitem__) for members in uf.groups().values()),
        key=lambda ms: ids[ms[0]],
    )
    mention_ids = [tuple(map(ids.__getitem__, ms)) for ms in groups]
    actor_ids, redirects = assign_stable_ids(mention_ids, previous, "actor")
    actors: list[ActorCluster] = []
    by_mention: dict[str, str] = {}
    spelling_of, document_of, documents = seen.spelling_of, seen.document_of, seen.documents
    names, types, countries, forms_of = seen.names, seen.types, seen.countries, seen.forms
    for aid, ms, mids in zip(actor_ids, groups, mention_ids, strict=True):
        by_mention.update(zip(mids, repeat(aid)))
        # A cluster repeats a few spellings: each is read once, in the order first met,
        # so names, types and forms come out as from the mentions one by one.
        name_counts: dict[str, int] = {}
        type_counts: dict[str, int] = {}
        forms: dict[str, Form] = {}
        spellings = Counter(map(spelling_of.__getitem__, ms))
        for s, k in spellings.items():
            name = names[s]
            name_counts[name] = name_counts.get(name, 0) + k
            type_counts[types[s]] = type_counts.get(types[s], 0) + k
            forms.setdefault(name, forms_of[s])
        actors.append(
            ActorCluster(
                actor_id=aid,
                name=_canonical_name(name_counts, forms),
                # The most frequent type; of equals, the first met.
                type=max(type_counts, key=type_counts.__getitem__),
                mention_ids=mids,
                aliases=tuple(sorted(name_counts)),
                countries=frozenset().union(*(countries[s] for s in spellings)),
                documents=tuple(sorted({documents[d] for d in set(map(document_of.__getitem__, ms))})),
            )
        )
    return actors, by_mention, redirects


def resolve_actors(
    mentions: Iterable[ActorMention],
    judgements: Iterable[Judgement] = (),
    previous: Mapping[str, str] | None = None,
    model: LinkageModel | None = None,
) -> Resolution:
    """Cluster mentions into actors; ids in `previous` (mention id -> actor id) survive.
    `model` replaces the shipped match weights (to measure other thresholds or fits).

    `mentions` is read once and may be a generator: nothing of a mention is kept but its
    id, spelling and document.
    """
    # A run allocates millions of long-lived objects and makes no reference cycles, so the
    # cyclic collector would only walk them again and again (about 15% of a 300k run).
    with gc_pause.paused():
        return _resolve(mentions, judgements, previous or {}, model or actor_model())


def _resolve(
    mentions: Iterable[ActorMention], judgements: Iterable[Judgement], previous: Mapping[str, str],
    model: LinkageModel,
) -> Resolution:
    seen = _read(mentions)
    ids = seen.ids
    uf = ConstrainedUnionFind(len(ids))
    human_merges, problems = apply_judgements(uf, judgements, ids, previous)
    name_merges, name_review = _join_same_names(uf, seen)
    allowed, on_merge = _cluster_rules(uf, seen)

    edges: list[tuple[float, int, int, Score]] = []
    comparisons = 0
    profiles, reps = seen.profiles, seen.reps
    bound = WeightBound(model)
    for e, found in _candidates(profiles):
        p, rep = profiles[e], reps[e]
        for x in found:
            comparisons += 1
            s = machine_score(p, profiles[x], bound)
            if s is not None:
                edges.append((s.value, rep, reps[x], s))
    machine_merges, review = union_edges(uf, edges, ids, allowed, on_merge)
    entities = len(profiles)
    # The clusters need only the spellings' forms; the profiles can go before they are built.
    del edges, profiles
    seen.profiles = []

    actors, by_mention, redirects = _clusters(uf, seen, previous)
    if len(by_mention) != len(ids):
        raise ValueError("mention ids must be unique")
    stats = {
        "mentions": len(ids),
        "entities": entities,
        "comparisons": comparisons,
        "actors": len(actors),
    }
    return Resolution(
        actors=actors,
        merges=human_merges + name_merges + machine_merges,
        review=name_review + review,
        redirects=redirects,
        problems=problems,
        stats=stats,
        by_member=by_mention,
        by_id={a.actor_id: a for a in actors},
    )
