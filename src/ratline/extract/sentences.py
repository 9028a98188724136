"""Splits a document into paragraphs and sentences, running spaCy once per paragraph.

Offsets are always into the original text. Long paragraphs are cut into pieces no longer
than the model's limit, so a huge document costs linear time and bounded memory.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ratline.extract import nlp as nlp_module
from ratline.geo import places

_BLOCK = re.compile(r"\n[ \t]*\n+")
_LINE = re.compile(r"\n")
# A line that ends a sentence; when most lines of a block do, lines are paragraphs.
_ENDS_SENTENCE = re.compile(r"[.!?:;\"'”’)\]]\s*$")


@dataclass(frozen=True, slots=True)
class Entity:
    label: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Token:
    """One parsed token: offsets into the document, tag and dependency arc.

    `head` is the index of the head token within the same sentence's `tokens`.
    """

    start: int
    end: int
    text: str
    pos: str
    dep: str
    head: int


@dataclass(slots=True)
class Sentence:
    index: int
    paragraph: int
    start: int
    end: int
    text: str
    entities: list[Entity] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: blank-line blocks, or single lines when lines are prose."""
    out: list[tuple[int, int]] = []
    pos = 0
    for block in [*_BLOCK.finditer(text), None]:
        stop = block.start() if block is not None else len(text)
        out.extend(_split_block(text, pos, stop))
        if block is not None:
            pos = block.end()
    return [(s, e) for s, e in out if text[s:e].strip()]


def _split_block(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    lines = []
    pos = start
    for m in _LINE.finditer(text, start, end):
        lines.append((pos, m.start()))
        pos = m.end()
    lines.append((pos, end))
    lines = [(s, e) for s, e in lines if text[s:e].strip()]
    if len(lines) <= 1:
        yield from lines
        return
    prose = sum(1 for s, e in lines if _ENDS_SENTENCE.search(text[s:e]))
    short = sum(1 for s, e in lines if e - s < 90)
    # Hard-wrapped prose has long lines that stop mid-sentence; keep such blocks whole.
    if prose >= len(lines) / 2 or short >= len(lines) / 2:
        yield from lines
    else:
        yield (lines[0][0], lines[-1][1])


def _pieces(text: str, start: int, end: int, limit: int) -> Iterator[tuple[int, int]]:
    """Cut [start, end) into pieces under `limit` chars, preferring sentence ends."""
    while end - start > limit:
        cut = text.rfind(". ", start, start + limit)
        if cut <= start:
            cut = text.rfind(" ", start, start + limit)
        cut = cut + 1 if cut > start else start + limit
        yield (start, cut)
        start = cut
    yield (start, end)


_TOKEN_ATTRS = ["IDX", "LENGTH", "POS", "DEP", "HEAD"]
# Without the pipeline's attribute ruler, POS comes from these (see coarse_tags).
_RULER_ATTRS = ["IDX", "LENGTH", "TAG", "DEP", "HEAD", "LOWER", "IS_SPACE"]
_WRAP = 2**63


def _string(doc: Any, cache: dict[int, str], key: int) -> str:
    if key not in cache:
        cache[key] = doc.vocab.strings[key]
    return cache[key]


# "January 9, 2023 - Nadia Harouni, who ...": the small model reads a dateline and the
# name that opens the story as one date.
_DATELINE_DASH = r"\s+[-–—]{1,2}\s+"
_DATELINE_TAIL = re.compile(_DATELINE_DASH + r"((?:[A-ZÀ-Ý][\w'’.-]*)(?:\s+[A-ZÀ-Ý][\w'’.-]*){0,3})")
_DASH_BEFORE = re.compile(_DATELINE_DASH + "$")


def _split_datelines(ents: list[Entity]) -> list[Entity]:
    out: list[Entity] = []
    for x in ents:
        hit = _DATELINE_TAIL.search(x.text) if x.label == "DATE" else None
        if hit is None:
            out.append(x)
            continue
        cut, name_start, name_end = hit.start(), hit.start(1), hit.end(1)
        out.append(Entity("DATE", x.start, x.start + cut, x.text[:cut]))
        # Which kind of name it is stays open: the actor stage corrects ORG to PERSON.
        out.append(Entity("ORG", x.start + name_start, x.start + name_end,
                          x.text[name_start:name_end]))
    return out


def after_dateline(sent: Sentence, ent: Entity) -> bool:
    """Whether the entity stands right after a date and a dash: the name `_split_datelines`
    cut from a dateline ("January 9, 2023 - Nadia Harouni, who ...")."""
    return any(d.label == "DATE" and d.end <= ent.start and _DASH_BEFORE.search(
        sent.text[d.end - sent.start : ent.start - sent.start]) for d in sent.entities)


# "José Carlos dos Santos Lins", "Jan van der Berg": the small model often cuts a name at
# the small word of a family name and reads two people.
_PARTICLES = re.compile(r"\s+(?:(?:dos|das|da|do|de|del|della|di|du|van|von|der|den|ter|bin|ibn|"
                        r"al|el|le|la)\s+){1,2}")


def _join_particles(text: str, ents: list[Entity]) -> list[Entity]:
    out: list[Entity] = []
    for x in ents:
        last = out[-1] if out else None
        if (last is not None and last.label == x.label == "PERSON"
                and _PARTICLES.fullmatch(text, last.end, x.start)):
            out[-1] = Entity("PERSON", last.start, x.end, text[last.start : x.end])
            continue
        out.append(x)
    return out


# A body's name the small model cut at a small word and went on with under another label:
# "The National Agency for" + "the Prohibition of Trafficking in Persons".
_OPEN_END = re.compile(r"\s(?:for|of|and|on|against|to)$")
_NAMES = frozenset(("ORG", "EVENT", "LAW", "FAC", "WORK_OF_ART", "PRODUCT", "NORP", "GPE"))


def _join_open_names(text: str, ents: list[Entity]) -> list[Entity]:
    out: list[Entity] = []
    for x in ents:
        last = out[-1] if out else None
        if (last is not None and last.label == "ORG" and x.label in _NAMES
                and _OPEN_END.search(last.text) and text[last.end : x.start] == " "):
            out[-1] = Entity("ORG", last.start, x.end, text[last.start : x.end])
            continue
        out.append(x)
    return out


# A name of two to four capitalised words followed by an age ("Former nurse Agnes Molina,
# 58, pleaded guilty", "Juan Perez (34)") is a person's, whatever place or people the small
# model read it as: a victim so named must be found to be masked.
_AGE_AFTER = re.compile(r"\s*(?:,\s*(?:aged\s+)?(\d{1,2})\s*[,;]|\((\d{1,2})\))")
_NAME_WORD = r"[A-ZÀ-Þ][a-zà-ÿ'’-]+(?:-[A-ZÀ-Þ][a-zà-ÿ'’]+)*"  # "Piedra-Campuzana"
_NAME_WORDS = re.compile(rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}}")
_PLACE_LABELS = frozenset(("GPE", "LOC", "NORP", "FAC"))


# (So is one read as a body, unless a body's word is in it: "Lloyd Bexley, 51;" but not
# "Apex Recruitment, 12 of whose clients".)
_BODY_WORD = re.compile(r"\b(?:Police|Agency|Ministry|Bureau|Group|Company|Ltd|Inc|Bank|Court|"
                        r"Council|Services?|Recruitment|Travels?|Hospital|Clinic|Gang|Army|"
                        r"Party|Union|News|Times|Post)\b")


def _aged_people(text: str, ents: list[Entity]) -> list[Entity]:
    out: list[Entity] = []
    for x in ents:
        age = _AGE_AFTER.match(text, x.end)
        if ((x.label in _PLACE_LABELS or x.label == "ORG" and not _BODY_WORD.search(x.text))
                and age is not None and _NAME_WORDS.fullmatch(x.text)
                and 12 <= int(age.group(1) or age.group(2)) <= 99):
            x = Entity("PERSON", x.start, x.end, x.text)
        out.append(x)
    return out


# A person's name the small model ran on into "and", missing the name after it ("a
# couple, Kwame Asante and Abena Asante," tagged "Kwame Asante and"): cut at "and", and
# the two or three capitalised words after it are the next person.
_TRAILING_AND = re.compile(r"\s+and$")


def _split_trailing_and(text: str, ents: list[Entity]) -> list[Entity]:
    out: list[Entity] = []
    for i, x in enumerate(ents):
        cut = _TRAILING_AND.search(x.text) if x.label == "PERSON" else None
        if cut is None:
            out.append(x)
            continue
        end = x.start + cut.start()
        out.append(Entity("PERSON", x.start, end, text[x.start : end]))
        nxt = _NAME_WORDS.match(text, x.end + 1) if text[x.end : x.end + 1] == " " else None
        taken = ents[i + 1].start if i + 1 < len(ents) else len(text)
        if nxt is not None and nxt.end() <= taken and nxt.group().count(" ") <= 2:
            out.append(Entity("PERSON", nxt.start(), nxt.end(), nxt.group()))
    return out


# A criminal case's title, on a line of its own, names its defendants after "v.": "R v.
# Daniel Okoro and Precious Okoro", "United States v. Ramon Estrada", "State v. Adeyemi"
# (not a case named in running text: "the indictment, titled State v. Varga, was unsealed").
# The prosecuting side and the "v." of a case's title (`actors.clean_name` strips it from
# a name the entity model ran into it: "USA v. Estrada").
CASE_PROSECUTOR = (r"(?:R|Regina|Rex|The (?:Queen|King|State|People)|Crown|"
                   r"United States(?: of America)?|U\.S\.A?\.?|USA|State|People|Commonwealth|"
                   r"Republic)(?: of (?-i:[A-Z])\w+)?[ \t]+vs?\.?[ \t]+")
_TITLE_NAME = r"(?-i:[A-Z][\w'’-]+)(?:[ \t]+(?-i:[A-Z][\w'’.-]+)){0,3}"
CASE_TITLE = re.compile(
    rf"(?m)^[ \t]*{CASE_PROSECUTOR}(?P<names>{_TITLE_NAME}(?:[ \t]*(?:,[ \t]*(?:and[ \t]+)?|[ \t]+and[ \t]+|[ \t]*&[ \t]*)"
    rf"{_TITLE_NAME})*)[ \t]*$")


def _case_title_people(text: str, lo: int, hi: int, ents: list[Entity]) -> list[Entity]:
    """The defendants a case's title names are people, whatever the small model read them
    as (it takes a lone surname for a place)."""
    found: list[Entity] = []
    for title in CASE_TITLE.finditer(text, lo, hi):
        base = title.start("names")
        for part in re.finditer(_TITLE_NAME, title.group("names")):
            found.append(Entity("PERSON", base + part.start(), base + part.end(), part.group()))
    if not found:
        return ents
    kept = [e for e in ents if not any(f.start < e.end and e.start < f.end for f in found)]
    return sorted(kept + found, key=lambda e: e.start)


# A name of two or three capitalised words joined in a list to a person's ("X, 38, Y and
# Z") is a person's too, whatever place the small model read it as, unless the gazetteer
# knows it as a place ("X, Kathmandu and Pokhara" names no person in Kathmandu).
_LIST_JOIN = re.compile(r"(?:\s*,\s*\d{1,2})?\s*(?:[,;]\s*(?:and\s+)?|\s+and\s+)")
_LISTED_LABELS = frozenset(("GPE", "LOC", "FAC"))


def _listed_people(text: str, ents: list[Entity]) -> list[Entity]:
    out: list[Entity] = []
    for x in ents:
        # (An age between the names is an entity of its own: "X, 38, Y".)
        prev = next((e for e in reversed(out) if not e.text.isdigit()), None)
        if (x.label in _LISTED_LABELS and prev is not None and prev.label == "PERSON"
                and _LIST_JOIN.fullmatch(text, prev.end, x.start)
                and _NAME_WORDS.fullmatch(x.text) and x.text.count(" ") <= 2
                and places.resolve(x.text) is None):
            x = Entity("PERSON", x.start, x.end, x.text)
        out.append(x)
    return out


# Two or three capitalised words before ", who" ("Ana Costa, who ran an agency in Lisbon,
# recruited ...") are a person's name, whatever place the small model read in them ("Costa"),
# unless the gazetteer knows the whole as a place. A body's name before "who" is left as it
# was tagged ("Human Rights Watch, who ...").
_WHO_AFTER = re.compile(rf"\b({_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}}),\s+who\b")


def _people_before_who(text: str, lo: int, hi: int, ents: list[Entity]) -> list[Entity]:
    out = ents
    for m in _WHO_AFTER.finditer(text, lo, hi):
        inside = [e for e in out if e.start < m.end(1) and m.start(1) < e.end]
        if (any(e.label == "PERSON" or e.label not in _PLACE_LABELS for e in inside)
                or places.resolve(m.group(1)) is not None):
            continue
        person = Entity("PERSON", m.start(1), m.end(1), m.group(1))
        out = sorted([e for e in out if e not in inside] + [person], key=lambda e: e.start)
    return out


# A courtesy title and a capitalised name the small model left untagged ("Dr Amit Kumar
# had been arrested in Nepal"): a person.
_TITLED = re.compile(r"\b(?:Dr|Mr|Mrs|Ms|Prof)\.?\s+([A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){0,2})\b")
# A full name set off after the part its bearer played, left untagged as well ("The
# boyfriend, Igor Rusu, was later arrested"): a person.
_APPOSED = re.compile(
    r"\b(?:[Tt]he|[Aa]|[Hh]er|[Hh]is|[Tt]heir) (?:alleged |suspected |former )?"
    r"(?:boyfriend|husband|uncle|recruiter|broker|middleman|driver|madam|pimp|trafficker|"
    r"smuggler|agent|employer|owner|captain|skipper|boss|dealer|surgeon|suspect|defendant|"
    r"ringleader),\s([A-Z][a-z'’-]+(?:\s[A-Z][a-z'’-]+){1,2}),")


def _titled_people(text: str, lo: int, hi: int, ents: list[Entity]) -> list[Entity]:
    found = [Entity("PERSON", m.start(1), m.end(1), m.group(1))
             for rx in (_TITLED, _APPOSED) for m in rx.finditer(text, lo, hi)
             if not any(e.start < m.end(1) and m.start() < e.end for e in ents)]
    return sorted(ents + found, key=lambda e: e.start) if found else ents


# A person's name never ends in a bare number: "The gang paid X 3 lakh rupees" runs the
# name on into the sum.
_TRAILING_NUMBER = re.compile(r"\s+\d[\d,.]*$")


def _trim_numbers(ents: list[Entity]) -> list[Entity]:
    out: list[Entity] = []
    for x in ents:
        hit = _TRAILING_NUMBER.search(x.text) if x.label == "PERSON" else None
        if hit is not None and hit.start() > 0:
            x = Entity("PERSON", x.start, x.start + hit.start(), x.text[: hit.start()])
        out.append(x)
    return out


def analyse(text: str, spans: Iterable[tuple[int, int]] | None = None) -> list[Sentence]:
    """Sentences with named entities for the given paragraph spans (all paragraphs if None)."""
    nlp = nlp_module.load()
    coarse = nlp_module.coarse_tags()
    limit = nlp_module.MAX_CHARS
    units: list[tuple[int, int, int]] = []
    for p, (s, e) in enumerate(spans if spans is not None else paragraphs(text)):
        units.extend((p, ps, pe) for ps, pe in _pieces(text, s, e, limit))
    sentences: list[Sentence] = []
    docs = nlp.pipe((text[s:e] for _, s, e in units), batch_size=64)
    strings: dict[int, str] = {}
    for (p, base, _), doc in zip(units, docs, strict=True):
        ents = _join_open_names(text, _join_particles(text, _aged_people(text, _trim_numbers(_split_datelines(
            [Entity(x.label_, base + x.start_char, base + x.end_char, x.text) for x in doc.ents]
        )))))
        ents = _listed_people(text, _titled_people(text, base, base + len(doc.text),
                                                   _split_trailing_and(text, ents)))
        ents = _people_before_who(text, base, base + len(doc.text), ents)
        ents = _case_title_people(text, base, base + len(doc.text), ents)
        # One array read per document: spaCy's per-token attributes are slow to fetch.
        if coarse is None:
            rows = doc.to_array(_TOKEN_ATTRS).tolist() if len(doc) else []
            labels = [(_string(doc, strings, r[2]), _string(doc, strings, r[3])) for r in rows]
        else:
            rows = doc.to_array(_RULER_ATTRS).tolist() if len(doc) else []
            labels = coarse.apply([
                (_string(doc, strings, r[2]), _string(doc, strings, r[5]),
                 _string(doc, strings, r[3]), bool(r[6]))
                for r in rows
            ])
        for sent in doc.sents:
            s, e = base + sent.start_char, base + sent.end_char
            if not text[s:e].strip():
                continue
            inside = [x for x in ents if x.start >= s and x.end <= e]
            first = sent.start
            tokens = []
            for i in range(sent.start, sent.end):
                idx, length, _, _, head = rows[i][:5]
                if head >= _WRAP:  # HEAD is a signed offset stored as uint64
                    head -= 2 * _WRAP
                start = base + idx
                pos, dep = labels[i]
                tokens.append(Token(start, start + length, text[start : start + length],
                                    pos, dep, i + head - first))
            sentences.append(Sentence(len(sentences), p, s, e, text[s:e], inside, tokens))
    return _join_at_colons(text, sentences)


def _join_at_colons(text: str, sentences: list[Sentence]) -> list[Sentence]:
    """A sentence the parser ended at a colon goes on in the next one of its paragraph:
    "Three members were sentenced on Friday: X received eight years, Y was acquitted" is
    one sentence, whose names stand with its step."""
    out: list[Sentence] = []
    for sent in sentences:
        prev = out[-1] if out else None
        if (prev is not None and prev.paragraph == sent.paragraph
                and prev.text.rstrip().endswith(":")):
            shift = len(prev.tokens)
            prev.tokens.extend(Token(t.start, t.end, t.text, t.pos, t.dep, t.head + shift)
                               for t in sent.tokens)
            prev.entities.extend(sent.entities)
            prev.end = sent.end
            prev.text = text[prev.start : prev.end]
            continue
        sent.index = len(out)
        out.append(sent)
    return out


# A person's age set off after the name and the clause going on: "X, 38,", "X, aged 38,",
# "X, a 38-year-old driver," (the lede tests of victims and defendants; `_AGE_AFTER` reads
# the age itself to type the name a person).
AGED_AFTER = re.compile(r"\s*,\s*(?:(?:aged\s+|now\s+)?\d{1,2}|an?\s+\d{1,2}-year-old\b[^,]{0,40})\s*,")


def previous_start(text: str, start: int) -> int:
    """Where the sentence before the one at `start` begins, read from the text alone: after
    the last full stop or line break before it (a report's opening sentence, its lede).
    Blank lines between paragraphs are no sentence."""
    end = len(text[:start].rstrip())
    stop = text.rfind(". ", 0, end - 1)
    return max(stop + 2 if stop >= 0 else 0, text.rfind("\n", 0, end - 1) + 1)


def entity_root(sent: Sentence, ent: Entity) -> int | None:
    """Index in `sent.tokens` of the entity's head token: the one whose head lies outside."""
    idx = [i for i, t in enumerate(sent.tokens) if ent.start <= t.start < ent.end]
    if not idx:
        return None
    inside = set(idx)
    for i in idx:
        if sent.tokens[i].head not in inside or sent.tokens[i].head == i:
            return i
    return idx[-1]


def children(tokens: list[Token], i: int) -> list[int]:
    """Indices of the tokens whose head is token `i`."""
    return [j for j, t in enumerate(tokens) if t.head == i and j != i]


def subject(tokens: list[Token], verb: int) -> int | None:
    """The verb's subject, through conjoined verbs ("X cleared his debt and sold ...")."""
    seen = set()
    while verb not in seen:
        seen.add(verb)
        for j in children(tokens, verb):
            if tokens[j].dep in ("nsubj", "nsubjpass"):
                return j
        if tokens[verb].dep != "conj" or not 0 <= tokens[verb].head < len(tokens):
            return None
        verb = tokens[verb].head
    return None


def clause_subject(tokens: list[Token], verb: int,
                   through: tuple[str, ...] = ("pcomp", "advcl", "xcomp", "acl")) -> int | None:
    """The verb's subject or, for a verb without one that hangs (by a relation in
    `through`) in another's clause, that clause's subject: "X died after receiving Y's
    kidney", "X was jailed for buying weapons"."""
    subj = subject(tokens, verb)
    if subj is not None or tokens[verb].dep not in through:
        return subj
    up = tokens[verb].head
    seen: set[int] = set()
    while 0 <= up < len(tokens) and up not in seen and tokens[up].pos not in ("VERB", "AUX"):
        seen.add(up)
        up = tokens[up].head
    if not 0 <= up < len(tokens):
        return None
    # "A jury found X guilty of selling rifles": the one the verdict's adjective is said of.
    for k in seen:
        if tokens[k].text.lower() in ("guilty", "responsible", "liable"):
            own = subject(tokens, k)
            if own is not None:
                return own
    # "The court convicted X of selling rifles", "police accused X of recruiting women":
    # who did the act is the one the court or police acted on, the verb's object.
    if _OBJECT_CONTROL.match(tokens[up].text) and any(
            tokens[k].dep == "prep" and tokens[k].text.lower() in ("of", "for", "with")
            for k in seen):
        obj = next((j for j in children(tokens, up) if tokens[j].dep == "dobj"), None)
        if obj is not None:
            return obj
    return subject(tokens, up)


# Verbs of blame or enforcement whose object did the act their "of", "for" or "with" names.
_OBJECT_CONTROL = re.compile(
    r"^(?:(?:accus|convict|charg|arrest|sentenc|jail|indict|suspect|blam|prosecut|detain|"
    r"punish|impris|acquitt?|exonerat)\w*|fine[ds]?|fining|tr(?:y|ies|ied|ying)|"
    r"clear(?:s|ed|ing)?)$", re.IGNORECASE)


def mentions(text: str, sentences: Iterable[Sentence],
             forms: Iterable[str]) -> Iterator[tuple[Sentence, int, int]]:
    """Every mention of any of the name's forms, as whole words, with its sentence: the
    readings of a name look at each place the text names it, whatever the entity model
    tagged there."""
    ordered = sorted(set(forms), key=len, reverse=True)
    if not ordered:
        return
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(f) for f in ordered) + r")\b")
    for sent in sentences:
        for m in pattern.finditer(text, sent.start, sent.end):
            yield sent, m.start(), m.end()
