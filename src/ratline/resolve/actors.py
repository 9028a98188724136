"""Actors across documents: which mentions name the same person, group or facility.

Mentions with the same normalised name, type and countries collapse into one entity
first (at scale most mentions repeat a name). Entities are compared only within blocks
that share a key (sorted tokens, token pairs, initial + surname, sound keys, alias
group, acronym), and blocks larger than `MAX_BLOCK` are skipped as uninformative, so
the work grows with the number of mentions, not its square. Every merge carries its
explained score; human judgements come first and are never overridden.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

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
from ratline.resolve.names import (
    GENERIC_WORDS,
    TITLES,
    VOWELS,
    Name,
    acronym,
    canon_token,
    fold,
    name_similarity,
    parse_name,
    phonetic,
    token_similarity,
)

# Pairs inside one block grow with its square; past 50 members a key (a common surname's
# sound) says too little to be worth it, and the other keys of a mention still meet.
MAX_BLOCK = 50
MAX_CANDIDATES = 40
MAX_BODIES = 6
# Words a report puts before a name that are not part of it ("Defendant He Wei").
ROLE_WORDS = frozenset({"defendant", "accused", "suspect", "convict", "broadcaster", "victim"})
OVERSIZED: list[int] = []

# Things with a place: two of them in disjoint countries are probably two things.
LOCAL_TYPES = frozenset({"person", "facility"})
TYPE_PENALTY = {
    frozenset({"organization", "armed_group"}): 0.05,
    frozenset({"organization", "facility"}): 0.1,
    frozenset({"organization", "state"}): 0.15,
    frozenset({"armed_group", "state"}): 0.2,
    frozenset({"facility", "armed_group"}): 0.3,
    frozenset({"facility", "state"}): 0.4,
}


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


def profile(name: str, type_: str, countries: frozenset[str] = frozenset()) -> Profile:
    person = type_ == "person"
    parsed = parse_name(name, person)
    group = alias_group(parsed if not person else parse_name(name, False))
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


def score_profiles(a: Profile, b: Profile) -> Score:
    """Explained similarity of two profiles (see `compare`)."""
    same_group = a.group is not None and b.group is not None and a.group.id == b.group.id
    if a.group is not None and b.group is not None and not same_group:
        return Score(0.0, [f"different alias groups {a.group.name} / {b.group.name}"])
    if (a.group is None) != (b.group is None) and (is_agency(a) or is_agency(b)):
        # A known agency and a body outside its alias list: only a spelling of one of
        # its aliases joins it, never a name that merely shares its kind words.
        grouped, other = (a, b) if a.group is not None else (b, a)
        assert grouped.group is not None
        if not any(name_similarity(alias.name, other.name, False)[0] >= YES
                   and different_bodies(alias, other) is None
                   for alias in _alias_profiles(grouped.group, grouped.type)):
            return Score(0.0, [f"not an alias of {grouped.group.name}"])
    why_not = different_bodies(a, b)
    if why_not:
        return Score(0.0, [why_not])
    reasons: list[str] = []
    if same_group:
        assert a.group is not None
        value = 0.95
        reasons.append(f"same alias group {a.group.name}")
    else:
        value, why = name_similarity(a.name, b.name, a.person and b.person)
        reasons.append(why)
        if value < 0.4:
            return Score(round(value, 3), reasons)
    if a.type != b.type and not same_group:
        penalty = (
            0.5
            if "person" in (a.type, b.type)
            else TYPE_PENALTY.get(frozenset({a.type, b.type}), 0.2)
        )
        value -= penalty
        reasons.append(f"type mismatch {a.type}/{b.type}: -{penalty}")
    if a.countries and b.countries:
        shared = a.countries & b.countries
        if shared:
            value += 0.05
            reasons.append(f"same country {' '.join(sorted(shared))}: +0.05")
        elif not same_group:
            penalty = 0.2 if a.type in LOCAL_TYPES or b.type in LOCAL_TYPES else 0.05
            value -= penalty
            reasons.append(
                f"different countries {'/'.join(sorted(a.countries))} vs "
                f"{'/'.join(sorted(b.countries))}: -{penalty}"
            )
    return Score(round(max(0.0, min(1.0, value)), 3), reasons)


def compare(a: ActorMention, b: ActorMention) -> Score:
    """Explained similarity of two mentions: >= 0.85 same actor, 0.6-0.85 unsure."""
    return score_profiles(
        profile(a.name, a.type, a.countries), profile(b.name, b.type, b.countries)
    )


def blocking_keys(p: Profile) -> set[str]:
    """Keys under which a profile is compared with others; a shared key makes a candidate."""
    keys = {"t:" + p.name.key}
    # Tokens run together, so "Pandeyrai" meets "Pandey Rai".
    if len(p.name.significant) > 1:
        keys.add("j:" + "".join(p.name.significant))
    if p.group is not None:
        keys.add("g:" + p.group.id)
    sig = p.name.significant
    words = [t for t in sig if len(t) > 1]
    sounds = [phonetic(t) for t in words]
    if p.person:
        if len(words) == 1:
            keys.add("s:" + sounds[0])
        for x, y in combinations(sorted(set(sounds)), 2):
            keys.add(f"p:{x}|{y}")
        # Given-name initial + each later token: "M. Plancarte" meets "Manuel Plancarte
        # Gaspar". Vowel initials share one key because romanisation moves them
        # (Oleksandr / Aleksandr).
        firsts = p.name.firsts or tuple(t[:1] for t in sig)
        if len(sig) > 1:
            initials = {"0" if c in VOWELS else c for c in firsts[0]}
            for u in sig[1:]:
                if len(u) > 1:
                    keys.update(f"i:{c}:{phonetic(u)}" for c in initials)
    else:
        for t, s in zip(words, sounds, strict=True):
            if len(t) >= 3 and t not in GENERIC_WORDS:
                keys.add("w:" + s)
        # Acronyms of three letters or more ("CJNG"); two-letter ones collide everywhere.
        acr = acronym(p.name)
        if len(acr) >= 3:
            keys.add("a:" + acr)
        elif len(sig) == 1 and 3 <= len(sig[0]) <= 6:
            keys.add("a:" + sig[0])
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


def _canonical_name(names: Sequence[str], profiles: Mapping[str, Profile]) -> str:
    """The full form: an alias group's name, else the most complete, most frequent form."""
    counts = Counter(names)
    groups = {g.name for n in counts if (g := profiles[n].group) is not None}
    if len(groups) == 1:
        return groups.pop()

    def rank(n: str) -> tuple[int, int, int, int, int, str]:
        p = profiles[n].name
        titled = bool((TITLES | ROLE_WORDS).intersection(fold(n).split()[:1]))
        return (
            0 if p.has_initials else 1,
            len(p.significant),
            0 if "," in n or titled else 1,
            counts[n],
            len(n),
            n,
        )

    return max(counts, key=rank)


def resolve_actors(
    mentions: Iterable[ActorMention],
    judgements: Iterable[Judgement] = (),
    previous: Mapping[str, str] | None = None,
) -> Resolution:
    """Cluster mentions into actors; ids in `previous` (mention id -> actor id) survive."""
    items = list(mentions)
    previous = previous or {}
    ids = [m.mention_id for m in items]
    if len(set(ids)) != len(ids):
        raise ValueError("mention ids must be unique")
    uf = ConstrainedUnionFind(len(items))
    human_merges, problems = apply_judgements(uf, judgements, ids, previous)

    # Identical name + type + countries: one entity, compared once.
    spellings: dict[tuple[int, str], int] = {}
    name_merges: list[Merge] = []
    name_review: list[Merge] = []
    entity_of: dict[tuple[str, str, frozenset[str]], int] = {}
    reps: list[int] = []
    entity_profiles: list[Profile] = []
    cache: dict[tuple[str, str, frozenset[str]], Profile] = {}
    for i, m in enumerate(items):
        ck = (m.name, m.type, m.countries)
        p = cache.get(ck)
        if p is None:
            p = cache[ck] = profile(m.name, m.type, m.countries)
        ek = _entity_key(p, m.name)
        e = entity_of.get(ek)
        if e is None:
            entity_of[ek] = len(reps)
            reps.append(i)
            entity_profiles.append(p)
            spellings[(len(reps) - 1, m.name)] = i
        else:
            joined = uf.union(reps[e], i)
            if joined is not None and (e, m.name) in spellings:
                continue
            # A new spelling joining by name alone still gets its explained merge.
            reasons = [
                f"same normalised name '{p.name.key}'",
                f"same type {m.type}",
                "same countries " + (" ".join(sorted(m.countries)) or "(none)"),
            ]
            if joined is None:
                reasons.append("refused: a person judged these apart")
                name_review.append(Merge(items[reps[e]].mention_id, m.mention_id, Score(1.0, reasons)))
            else:
                spellings[(e, m.name)] = i
                name_merges.append(Merge(items[reps[e]].mention_id, m.mention_id, Score(1.0, reasons)))
    del cache, entity_of, spellings

    # Cluster-level machine rules: never join two alias groups, nor a person or facility
    # placed in disjoint countries (stops chains through a mention without a country).
    root_group: dict[int, str] = {}
    root_countries: dict[int, frozenset[str]] = {}
    # Organisation names per cluster (a few): a chain "Delhi Police" - "Police" - "Nepal
    # Police" must not join two bodies no direct comparison would.
    root_bodies: dict[int, list[Profile]] = {}
    for e, p in enumerate(entity_profiles):
        r = uf.find(reps[e])
        if not p.person and len(root_bodies.setdefault(r, [])) < MAX_BODIES:
            root_bodies[r].append(p)
        if p.group is not None:
            root_group[r] = p.group.id
        if p.type in LOCAL_TYPES and p.countries:
            root_countries[r] = root_countries.get(r, frozenset()) | p.countries

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
            root_countries[root] = root_countries.get(root, frozenset()) | c

    # Keys are indexed by hash and recomputed in the second pass rather than stored: at
    # a million mentions the key strings would outweigh everything else. A collision
    # only adds a candidate. Most keys hold one entity, kept as a bare int; a block that
    # outgrows MAX_BLOCK is replaced by OVERSIZED and never compared.
    index: dict[int, int | list[int]] = {}
    skipped = 0
    for e, p in enumerate(entity_profiles):
        for k in blocking_keys(p):
            h = hash(k)
            block = index.get(h)
            if block is None:
                index[h] = e
            elif isinstance(block, int):
                index[h] = [block, e]
            elif block is not OVERSIZED:
                block.append(e)
                if len(block) > MAX_BLOCK:
                    index[h] = OVERSIZED
                    skipped += 1

    edges: list[tuple[float, int, int, Score]] = []
    comparisons = 0
    for e, pe in enumerate(entity_profiles):
        shared: Counter[int] = Counter()
        for k in blocking_keys(pe):
            block = index[hash(k)]
            if isinstance(block, list) and block is not OVERSIZED:
                shared.update(x for x in block if x > e)
        # The candidates sharing most keys first, and no more than MAX_CANDIDATES of them,
        # so the work per mention stays constant however dense the names get.
        candidates = ([x for x, _ in shared.most_common(MAX_CANDIDATES)]
                      if len(shared) > MAX_CANDIDATES else list(shared))
        for x in candidates:
            comparisons += 1
            s = score_profiles(pe, entity_profiles[x])
            if s.value >= UNSURE:
                edges.append((s.value, reps[e], reps[x], s))
    del index

    machine_merges, review = union_edges(uf, edges, ids, allowed, on_merge)
    groups = sorted(
        (sorted(members, key=ids.__getitem__) for members in uf.groups().values()),
        key=lambda ms: ids[ms[0]],
    )
    member_ids = [[ids[i] for i in ms] for ms in groups]
    actor_ids, redirects = assign_stable_ids(member_ids, previous, "actor")

    name_profiles: dict[str, Profile] = {}
    actors: list[ActorCluster] = []
    by_mention: dict[str, str] = {}
    for aid, ms in zip(actor_ids, groups, strict=True):
        names = [items[i].name for i in ms]
        for i in ms:
            m = items[i]
            if m.name not in name_profiles:
                name_profiles[m.name] = profile(m.name, m.type)
            by_mention[m.mention_id] = aid
        type_ = Counter(items[i].type for i in ms).most_common(1)[0][0]
        actors.append(
            ActorCluster(
                actor_id=aid,
                name=_canonical_name(names, name_profiles),
                type=type_,
                mention_ids=tuple(ids[i] for i in ms),
                aliases=tuple(sorted(set(names))),
                countries=frozenset().union(*(items[i].countries for i in ms)),
                documents=tuple(sorted({items[i].document_id for i in ms})),
            )
        )
    stats = {
        "mentions": len(items),
        "entities": len(reps),
        "comparisons": comparisons,
        "skipped_blocks": skipped,
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
