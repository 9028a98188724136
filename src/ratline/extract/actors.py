"""Named actors of an incident with their type, role and, for persons, legal status.

Names come from spaCy's entities inside the incident's sentences. Judges, prosecutors'
offices, spokespeople, journalists and commentators are left out, as are organisations
that only speak. A role is read from the nearest role word ("the broker X", "X, a nurse");
a person's status is the strongest enforcement step the text states next to the name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ratline.extract.cues import Cue, CueSet, phrase_set
from ratline.extract.features import Marks
from ratline.extract.results import Actor, Found
from ratline.extract.sentences import Entity
from ratline.vocab import load

# Role and status words are read this many characters around a name.
BEFORE, AFTER = 60, 70
_TITLES = re.compile(r"^(?:(?:Dr|Mr|Mrs|Ms|Prof|Sgt|Capt|Col|Gen|Lt|Insp|Inspector|Judge)\.?\s+)+")
_LEADING = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:'s|’s|')$")
_SPEECH = re.compile(
    r"^\W{0,3}(?:said|says|told|added|noted|explained|stated|wrote|writes|declined|did not respond)\b"
)
_SPEECH_BEFORE = re.compile(r"(?:said|says|according to|told)\s*,?\s*$", re.IGNORECASE)
_BYLINE = re.compile(r"^\s*(?:By|Post by|Reporting by|Written by)\s", re.IGNORECASE)
_STATUS_WORDS = (
    ("acquitted", re.compile(r"\bacquit(?:ted|tal)\b", re.IGNORECASE)),
    (
        "convicted",
        re.compile(
            r"\b(?:convicted|pleaded guilty|pled guilty|found guilty|sentenced|jailed)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "charged",
        re.compile(
            r"\b(?:charged|indicted|charge-?sheeted|on trial|stand trial|prosecuted)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "arrested",
        re.compile(
            r"\b(?:arrested|detained|remanded|in custody|captured|apprehended|extradited)\b",
            re.IGNORECASE,
        ),
    ),
    ("alleged", re.compile(r"\b(?:alleged(?:ly)?|accused|suspected|suspects?)\b", re.IGNORECASE)),
)
_PERSON_ENFORCERS = {"investigator", "official"}
_ENFORCEMENT_ACTS = {"arrest", "charge", "conviction", "investigation", "rescue"}
_ENFORCER_NAME = re.compile(
    r"\b(?:[Pp]olice|Polic[ií]a|Gendarmerie|Prosecution|Prosecutor|Fiscal[ií]a|Investigat\w*|Crime|Criminal|Security|"
    r"Customs|Enforcement|Guard|Border|FBI|ICE|HSI|ATF|DEA|Interpol|INTERPOL|Europol|Eurojust|DIICOT|NCA|NAKA|"
    r"Asayish|Homeland|Marshals|Panel of Experts|Interior Ministry|Ministry of (?:the )?Interior)\b"
)
_ADMIN_NAME = re.compile(
    r"\b(?:Institute|Directorate|Commission|Office of|Department of (?!Justice)|Bureau of Industry)\b"
)
_VICTIM_CONTEXT = re.compile(
    r"\b(?:sold (?:his|her|their) (?:kidney|liver)|(?:his|her) (?:kidney|liver|scar)|donors?|victims?|survivors?|"
    r"recalled|who asked|from a village|woke up|died|widow|mother of)\b",
    re.IGNORECASE,
)


@dataclass(slots=True)
class _Candidate:
    name: str
    label: str
    mentions: list[tuple[Entity, Marks]] = field(default_factory=list)


@lru_cache(maxsize=1)
def _role_cues() -> CueSet:
    return CueSet(load("roles")["roles"])


@lru_cache(maxsize=1)
def _type_cues() -> CueSet:
    types = load("roles")["types"]
    return CueSet({k: v for k, v in types.items() if v})


@lru_cache(maxsize=1)
def _excluded() -> CueSet:
    return phrase_set(load("roles")["excluded_context"])


def clean_name(raw: str) -> str:
    name = " ".join(raw.split())
    name = _TITLES.sub("", name)
    name = _LEADING.sub("", name)
    name = _POSSESSIVE.sub("", name)
    return name.strip(" ,.;:-—–\"'“”‘’()")


def _norm(name: str) -> list[str]:
    return re.sub(r"[^\w ]+", " ", name.lower()).split()


def same_actor(a: str, b: str) -> bool:
    """A surname or a shorter form of a full name refers to the same actor."""
    ta, tb = _norm(a), _norm(b)
    if not ta or not tb:
        return False
    if ta == tb:
        return True
    short, long_ = (ta, tb) if len(ta) < len(tb) else (tb, ta)
    if len(short) == 1:
        return short[0] == long_[-1] or (short[0] == long_[0] and len(short[0]) > 3)
    return " ".join(short) in " ".join(long_)


def _entity_type(name: str, label: str) -> str:
    if label == "PERSON":
        return "person"
    cue = _type_cues().search(name)
    if label == "FAC":
        return "facility"
    if cue is not None:
        return cue.label
    if re.search(r"\b(?:People's Republic|Republic of|Government of|Kingdom of)\b", name):
        return "state"
    return "organization"


def _excluded_mention(text: str, ent: Entity, m: Marks) -> bool:
    s = m.sentence
    before = text[max(s.start, ent.start - 40) : ent.start]
    after = text[ent.end : min(s.end, ent.end + 30)]
    if _BYLINE.match(text[s.start : ent.start]) and ent.start - s.start < 20:
        return True
    for c in _excluded().find(before):
        # Only a title standing right before the name excludes it ("Judge X", "spokesman X").
        if len(before) - c.end <= 3:
            return True
    return bool(re.match(r"^\s*,\s*(?:a |the )?(?:\w+ ){0,3}(?:spokes\w+|judge|prosecutor|reporter|journalist|lawyer|researcher|analyst|professor|director)", after, re.IGNORECASE))


def status_hint(text: str, mentions: list[tuple[Entity, Marks]]) -> bool:
    """True when the text puts the person under suspicion or arrest."""
    return _status(text, mentions)[0] != "mentioned"


def _status(text: str, mentions: list[tuple[Entity, Marks]]) -> tuple[str, Found | None]:
    order = [name for name, _ in _STATUS_WORDS]
    best: tuple[int, Found] | None = None
    for ent, m in mentions:
        s = m.sentence
        lo, hi = max(s.start, ent.start - 120), min(s.end, ent.end + 120)
        window = text[lo:hi]
        for rank, (name, pat) in enumerate(_STATUS_WORDS):
            hit = pat.search(window)
            if hit and (best is None or rank < best[0]):
                best = (rank, Found(name, lo + hit.start(), lo + hit.end(), s.span, 0.6))
    if best is None:
        return "mentioned", None
    return order[best[0]], best[1]


_ORG_WORDS = re.compile(
    r"\b(?:Police|police|Bureau|Department|department|Agency|Prosecution|Ministry|Directorate|Authority|"
    r"Guard|Institute|Service|Services|Inspectorate|Investigations?|Office|Branch|Commission|Court|Council|"
    r"Corps|Corp|Co|Ltd|Inc|LLC|Company|Group|Bank|Hospital|Clinic|Cl[ií]nica|Centre|Center|Laboratory|"
    r"University|Association|Foundation|Network|Union|Forces?|Army|Navy|Fiscal[ií]a|Polic[ií]a|Ministerio|"
    r"Cartel|cartel|Gang|gang|Brigade|Front|Movement|Party|Organi[sz]ation|Agencies|Enforcement|Protection|"
    r"Security|Customs|Nations|Panel|Unit|Squad|Division|Field|Interpol|Europol|Eurojust)\b"
)
_AGENCY = re.compile(
    r"(?<![\w-])((?:[A-Z][\w'’.-]*\s+){1,4}(?:(?:[a-z]+\s+)?police|Police(?:\s+Crime\s+Branch)?|Prosecution|Ministry|"
    r"Bureau|Directorate|Inspectorate|Department)(?:\s+of\s+(?:[A-Z][\w-]+\s*){1,4})?"
    r"|(?:Ministry|Department|Directorate|Bureau)\s+of\s+(?:[A-Z][\w-]+\s*){1,4}"
    r"|(?:[A-Z][a-z]+\s+)(?:[a-z]+\s+)?police)(?![\w-])"
)
_DOCTOR = re.compile(r"\bDr\.?\s")
_ACRONYM = re.compile(r"^[A-Z]{2,7}$")
# Courts, judges and the press are never actors of the case they hear or report.
_NEVER = re.compile(
    r"\b(?:Court|Magistrate|Judge|Tribunal|Prosecutor|Attorney|Wire|Newswire|Dispatch|News|Times|Post|Herald|"
    r"Tribune|Press|Reuters|AFP|Gazette|Journal|Radio|Television|TV|Government of|Academy|Headquarters|Workshop)\b"
)
_LAW = re.compile(
    r"\b(?:Act|Law|Code|Convention|Protocol|Rules|Regulations?)\b$|^(?:Transplantation|Prevention|Prohibition) of\b"
)
_CURRENCY = re.compile(r"^(?:[A-Z]{3}|Rs\.?|Tk\.?)$")
_HEADLINE_END = re.compile(r"[.!?\"”:]\s*$")


def _is_headline(sentence: str) -> bool:
    words = [w for w in sentence.split() if w[:1].isalpha()]
    if len(words) < 3 or _HEADLINE_END.search(sentence):
        return False
    caps = sum(1 for w in words if w[:1].isupper())
    return caps >= 0.6 * len(words) or sentence.isupper()


def _agency_entities(m: Marks) -> list[Entity]:
    out = []
    for hit in _AGENCY.finditer(m.sentence.text):
        s, e = m.sentence.start + hit.start(1), m.sentence.start + hit.end(1)
        words = hit.group(1).split()
        if words[0] in (
            "The",
            "A",
            "An",
            "In",
            "On",
            "At",
            "By",
            "When",
            "After",
            "Police",
            "According",
            "Two",
            "Three",
        ):
            continue
        out.append(Entity("ORG", s, e, hit.group(1).strip()))
    return out


def _label(ent: Entity, name: str, known_people: list[str]) -> str | None:
    """Corrected entity label: the small model often calls people organisations."""
    if ent.label == "PERSON":
        if _ORG_WORDS.search(name):
            return "ORG"
        return "PERSON"
    if _ORG_WORDS.search(name) or _type_cues().search(name):
        return ent.label
    if _ACRONYM.match(name):
        return "ORG"
    words = name.split()
    if len(words) == 1:
        return "PERSON" if any(same_actor(name, p) for p in known_people) else None
    if all(w[:1].isupper() for w in words) and len(words) <= 4:
        return "PERSON"
    return ent.label


def actors(text: str, marks: list[Marks], trade: str) -> list[Actor]:
    """Actors named in the incident's sentences, one per distinct name."""
    cands: list[_Candidate] = []
    people = [clean_name(e.text) for m in marks for e in m.sentence.entities if e.label == "PERSON"]
    for m in marks:
        if _is_headline(m.sentence.text):
            continue
        ents = [e for e in m.sentence.entities if e.label in ("PERSON", "ORG", "FAC")]
        extra = [
            x
            for x in _agency_entities(m)
            if not any(e.start <= x.start < e.end or x.start <= e.start < x.end for e in ents)
        ]
        for ent in sorted(ents + extra, key=lambda e: e.start):
            name = clean_name(ent.text)
            if len(name) < 2 or not re.search(r"[A-ZÀ-Ý]", name) or re.search(r"\d{3,}", name):
                continue
            if (
                _LAW.search(name)
                or _NEVER.search(name)
                or _CURRENCY.match(name)
                or name.isupper()
                and len(name) > 7
            ):
                continue
            if any(p.start < ent.end and ent.start < p.end for p in m.places) and not _ORG_WORDS.search(name):
                continue
            if any(mm.start <= ent.start < mm.end for mm in m.money):
                continue
            label = _label(ent, name, people)
            if label is None:
                continue
            if _excluded_mention(text, ent, m):
                continue
            for c in cands:
                if same_actor(c.name, name):
                    if len(name) > len(c.name):
                        c.name = name
                    if label == "PERSON":
                        c.label = "PERSON"
                    c.mentions.append((ent, m))
                    break
            else:
                cands.append(_Candidate(name, label, [(ent, m)]))
    _add_surname_mentions(cands, marks)
    out: list[Actor] = []
    # Agencies are listed when the case records enforcement, even if they only speak of it.
    case_enforced = any(m.activity_labels & _ENFORCEMENT_ACTS for m in marks)
    for c in cands:
        actor = _build(text, c, trade, case_enforced)
        if actor is not None:
            out.append(actor)
    return out


def _add_surname_mentions(cands: list[_Candidate], marks: list[Marks]) -> None:
    """Later sentences often name a person by surname alone ("Pruteanu guarded the flats");
    the small model misses many of those, yet they carry the role."""
    for c in cands:
        if c.label != "PERSON" or len(c.name.split()) < 2:
            continue
        surname = re.compile(rf"(?<![\w-]){re.escape(c.name.split()[-1])}(?![\w-])")
        seen = {e.start for e, _ in c.mentions}
        for m in marks:
            for hit in surname.finditer(m.sentence.text):
                start = m.sentence.start + hit.start()
                if any(e.start <= start < e.end for e, _ in c.mentions):
                    continue
                if start not in seen:
                    seen.add(start)
                    c.mentions.append((Entity("PERSON", start, start + len(hit.group()), hit.group()), m))


def _build(text: str, c: _Candidate, trade: str, case_enforced: bool) -> Actor | None:
    type_ = _entity_type(c.name, c.label)
    best: tuple[int, Cue] | None = None
    speaks_only = True
    acts = False
    for ent, m in c.mentions:
        s = m.sentence
        if not _SPEECH.match(text[ent.end : s.end]) and not _SPEECH_BEFORE.search(
            text[s.start : ent.start]
        ):
            speaks_only = False
        if m.activities or m.evidence:
            acts = True
        for cue in _role_cues().find(
            text, max(s.start, ent.start - BEFORE), min(s.end, ent.end + AFTER)
        ):
            if ent.start <= cue.start < ent.end:
                continue
            if (
                type_ == "person"
                and cue.label in _PERSON_ENFORCERS
                and not (0 <= ent.start - cue.end <= 3)
            ):
                continue
            dist = ent.start - cue.end if cue.end <= ent.start else cue.start - ent.end
            if best is None or dist < best[0]:
                best = (dist, cue)
    role_cue = best[1] if best else None
    if type_ == "person" and any(
        _DOCTOR.search(text[max(0, e.start - 5) : e.start + 4]) and (m.organs or "transplant" in m.activity_labels)
        for e, m in c.mentions
    ):
        role_cue = Cue("surgeon", c.mentions[0][0].start, c.mentions[0][0].start, "Dr.")
    enforcer_org = type_ == "organization" and bool(_ENFORCER_NAME.search(c.name))
    if speaks_only and not (enforcer_org and case_enforced):
        return None
    role = role_cue.label if role_cue else None
    victim = False
    if type_ == "person":
        ctx = " ".join(
            text[max(m.sentence.start, e.start - 80) : min(m.sentence.end, e.end + 80)]
            for e, m in c.mentions
        )
        suspect = re.search(r"\b(?:arrested|accused|suspect|charged|convicted)", ctx, re.IGNORECASE)
        if role in (None, "other") and _VICTIM_CONTEXT.search(ctx) and not suspect:
            role = "seller_donor"
        # Organ sellers and trafficked people are victims; weapons suppliers are not.
        victim = role == "seller_donor" and trade != "weapons" and not suspect
        if role in _PERSON_ENFORCERS and not acts:
            return None
        if role is None:
            if not acts:
                return None
            # Unnamed parts in organ cases are mostly brokers; elsewhere the role stays open.
            role = "broker" if trade == "organ" and status_hint(text, c.mentions) else "other"
    else:
        enforcing = any(m.activity_labels & _ENFORCEMENT_ACTS for _, m in c.mentions) or (
            enforcer_org and case_enforced
        )
        if type_ == "organization" and (role in _PERSON_ENFORCERS or _ENFORCER_NAME.search(c.name)):
            if not enforcing and not any(m.denial for _, m in c.mentions):
                return None
            role = (
                "investigator"
                if _ENFORCER_NAME.search(c.name) or enforcing and not _ADMIN_NAME.search(c.name)
                else "official"
            )
        if role is None:
            if type_ in ("facility", "armed_group", "state"):
                role = "other"
            else:
                return None
        if type_ == "facility" and role not in ("buyer", "other"):
            role = "other"
        if type_ == "armed_group" and role not in ("buyer", "other", "transporter"):
            role = "other"
        if type_ == "organization" and role in (
            "surgeon",
            "medical_staff",
            "seller_donor",
            "enforcer",
        ):
            return None
    ent0, m0 = c.mentions[0]
    mention = Found(c.name, ent0.start, ent0.end, m0.sentence.span, 0.7)
    status, status_found = _status(text, c.mentions) if type_ == "person" else ("mentioned", None)
    actor = Actor(c.name, type_, role, status, mention, status_found)
    actor.pseudonymised = victim  # marks victims; the extractor replaces their names
    return actor
