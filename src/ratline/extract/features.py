"""Marks every sentence with the cues it carries: trades, organs, acts, evidence, victims,
money, places and years. One scan of the text per vocabulary, bucketed by sentence.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ratline.extract import modality
from ratline.extract.cues import Cue, CueSet, phrase_set
from ratline.extract.dates import YearMention, find_years
from ratline.extract.money import MoneyMention, find_money
from ratline.extract.outcomes import cues as outcome_cues
from ratline.extract.sentences import Entity, Sentence, after_dateline
from ratline.vocab import load


@dataclass(slots=True)
class Marks:
    """The cues found in one sentence (offsets into the document)."""

    sentence: Sentence
    trades: list[Cue] = field(default_factory=list)
    organs: list[Cue] = field(default_factory=list)
    activities: list[Cue] = field(default_factory=list)
    evidence: list[Cue] = field(default_factory=list)
    debunk: list[Cue] = field(default_factory=list)
    denial: list[Cue] = field(default_factory=list)
    kinds: list[Cue] = field(default_factory=list)
    deaths: list[Cue] = field(default_factory=list)
    money: list[MoneyMention] = field(default_factory=list)
    places: list[Any] = field(default_factory=list)
    years: list[YearMention] = field(default_factory=list)
    # Stated outcomes that undo a step once taken: acquittal, overturned conviction,
    # dropped charges, release without charge (see `outcomes`).
    outcomes: list[Cue] = field(default_factory=list)

    @property
    def trade_labels(self) -> set[str]:
        return {c.label for c in self.trades}

    @property
    def activity_labels(self) -> set[str]:
        return {c.label for c in self.activities}

    @property
    def levels(self) -> set[str]:
        return {c.label for c in self.evidence}


# A word as the learned models' features spell it (`w:`, `lw:`, `gov:` ...): lower case, three
# letters or more. Training drops victims' names from the model by the same pattern.
FEATURE_WORD = re.compile(r"[a-z][a-z'-]{2,}")


def marks_at(marks: list[Marks], pos: int, starts: list[int] | None = None) -> Marks | None:
    """The marks of the sentence that holds offset `pos` (None between sentences).
    `starts`: the sentences' start offsets, when the caller keeps them for many lookups."""
    if starts is None:
        starts = [m.sentence.start for m in marks]
    i = bisect.bisect_right(starts, pos) - 1
    if i >= 0 and pos < marks[i].sentence.end:
        return marks[i]
    return None


@dataclass(frozen=True, slots=True)
class CueBook:
    trades: CueSet
    organs: CueSet
    organ_false_friends: CueSet
    activities: list[CueSet]
    evidence: CueSet
    evidence_false_friends: CueSet
    outcomes: CueSet
    debunk: CueSet
    denial: CueSet
    kinds: CueSet
    deaths: CueSet


@lru_cache(maxsize=1)
def cue_book() -> CueBook:
    trades = load("trades")["trades"]
    organs = load("organs")
    acts = load("activities")["activities"]
    ev = load("evidence")
    vic = load("victims")
    return CueBook(
        trades=CueSet({k: v["cues"] for k, v in trades.items()}),
        organs=CueSet(organs["organs"]),
        organ_false_friends=phrase_set(organs["false_friends"]),
        # One set per activity: a phrase can be evidence of two acts ("promised jobs").
        activities=[CueSet({k: v["cues"]}) for k, v in acts.items() if v["cues"]],
        evidence=CueSet(ev["levels"], longest=True),
        evidence_false_friends=phrase_set(ev["false_friends"]),
        outcomes=outcome_cues(),
        debunk=phrase_set(ev["debunk"]),
        denial=phrase_set(ev["denial"]),
        kinds=CueSet(vic["kinds"]),
        deaths=phrase_set(vic["death_cues"]),
    )


# Capitalised function words that a gazetteer can mistake for towns ("As", "Of").
_NOT_PLACES = frozenset(
    ["as", "at", "be", "by", "do", "go", "he", "if", "in", "is", "it", "me", "my", "no", "of", "on", "or", "so", "to", "up", "us", "we", "an", "am"]
)


# A town named as a newspaper's home or in its title ("a London tabloid", "the Phnom Penh
# Post") is where the report was printed, not where anything happened.
_MEDIA_AFTER = re.compile(
    r"[ \u00a0]*(?:-based[ \u00a0]+)?(?:tabloids?|newspapers?|papers?|dail(?:y|ies)|weekl(?:y|ies)|"
    r"press|media|magazines?|broadcasters?|outlets?|Post|Times|Herald|Tribune|Chronicle|Gazette|"
    r"Journal|Telegraph|Standard|Mirror|Express|Observer)\b")


def _find_places(text: str) -> list[Any]:
    from ratline.geo.places import find_places

    # "US" written in capitals is the country; "us", "Us" and the other short words are not.
    return [p for p in find_places(text)
            if (p.surface == "US" or p.surface.lower() not in _NOT_PLACES)
            and not (p.kind in ("city", "region") and _MEDIA_AFTER.match(text, p.end))
            and not _WATERWAY_BEFORE.search(text, max(0, p.start - 12), p.start)]


# A sea's or a strait's name holds a place's without being there ("the Strait of
# Gibraltar", "the Gulf of Aden").
_WATERWAY_BEFORE = re.compile(r"\b(?:Straits?|Gulf|Bay|Sea) of\s+$")


# The last word of a place's own name that the entity model took for a person's
# ("Tay Ninh Province", "Edo State", "Ha Dong District").
_PLACE_NOUN = re.compile(r"\b(?:Province|State|District|Division|Town|City|County|Region|"
                         r"Municipality|Village|Street|Road|Avenue)$")


def _dateline_name(sent: Sentence, ent: Entity, alone: set[str]) -> bool:
    """Whether the entity is a name of two or three capitalised words right after a
    dateline's date and dash, whose first word the model reads elsewhere as a person."""
    words = ent.text.split()
    return (ent.label == "ORG" and 2 <= len(words) <= 3 and words[0] in alone
            and all(w[:1].isupper() for w in words) and after_dateline(sent, ent))


def _not_common_nouns(places: list[Any], sentences: list[Sentence]) -> list[Any]:
    """The places that are not a common word capitalised in a heading ("Bride trafficking
    case", Bride a village of the Isle of Man): a one-word town the parse reads as a noun
    or a verb and the entity model reads as no place. (Not one the parse reads as an
    adjective: a city before the noun it qualifies, "two Lagos hospitals".)"""
    common = {t.start for s in sentences for t in s.tokens if t.pos in ("NOUN", "VERB")}
    placed = [(e.start, e.end) for s in sentences for e in s.entities
              if e.label in ("GPE", "LOC", "FAC")]
    return [p for p in places if not (
        p.kind in ("city", "region") and " " not in p.surface and p.start in common
        and not any(a <= p.start and p.end <= b for a, b in placed))]


def _not_in_names(places: list[Any], sentences: list[Sentence]) -> list[Any]:
    """The places that are no part of a person's name. A town or region the entity model
    reads inside a longer person's name ("Corinna Ferguson", "Víctor Hugo H.", "Sohag
    Gazi") is that person's name, and so is the same word wherever the model does not
    read it as a place ("Ferguson said"): otherwise a surname puts a country on the case.
    Countries and nationalities stay ("Bamako Mali", "Mali's Gao" hold a place besides).
    So is a name that opens a story after its dateline ("March 3, 2025 - Amon Ruto Kibet
    still lives with regret"), which the entity model reads as a date and `sentences`
    leaves a body, when the model reads its first word alone as a person's ("Amon said")."""
    places = _not_common_nouns(places, sentences)
    alone = {e.text.strip() for s in sentences for e in s.entities
             if e.label == "PERSON" and " " not in e.text.strip()}
    people = [e for s in sentences for e in s.entities
              if " " in e.text.strip() and not _PLACE_NOUN.search(e.text) and (
                  e.label == "PERSON" or _dateline_name(s, e, alone))]
    names: set[str] = set()
    inside: set[int] = set()
    for k, p in enumerate(places):
        if p.kind not in ("city", "region"):
            continue
        for e in people:
            if e.start <= p.start and p.end <= e.end and e.end - e.start > p.end - p.start:
                if not any(q.kind not in ("city", "region") and e.start <= q.start
                           and q.end <= e.end for q in places):
                    inside.add(k)
                    names.add(p.surface)
                break
    if not names:
        return places
    placed = {(e.start, e.end) for s in sentences for e in s.entities
              if e.label in ("GPE", "LOC", "FAC")}
    return [p for k, p in enumerate(places) if k not in inside and not (
        p.surface in names and p.kind in ("city", "region")
        and not any(a <= p.start and p.end <= b for a, b in placed))]


# What is said only of a person after a name: an age ("X, 16,", "X was 16 when"), an
# escape, a home, a relative ("X's mother").
_PERSON_AFTER = re.compile(
    r"\s*,\s*(?:aged\s+|now\s+)?\d{1,2}\s*[,.](?!\d)|\s*\(\d{1,2}\)"
    r"|\s+(?:was|is)\s+(?:only\s+|just\s+)?\d{1,2}(?:\s+years?\s+old)?\s+(?:when|at the time)\b"
    r"|\s+(?:escaped|now lives|wept|cried)\b"
    r"|['’]s\s+(?:mother|father|husband|wife|brother|sister|parents|son|daughter)\b"
    # A name given to shield a person: "Asha (not her real name)", "Asha, a pseudonym".
    r"|\s*[,(]\s*(?:not\s+(?:her|his|their)\s+real\s+name|a\s+pseudonym|name\s+changed)\b")
# Words that introduce a person by name: "identified only as Asha", "a girl named Asha",
# "her name is Asha".
_PERSON_BEFORE = re.compile(
    r"\b(?:identified\s+(?:only\s+)?as|(?:woman|man|girl|boy|child|victim|survivor|mother|"
    r"father|sister|brother|wife|husband|daughter|son|teenager|worker|broker|agent|recruiter|"
    r"trafficker|smuggler|middleman|dealer|driver|doctor|surgeon|nurse|captain)\s+"
    r"(?:named|called)"
    r"|(?:her|his|my)\s+name\s+(?:is|was)"
    # An alias: "the broker, whom he knew only as Babu", "a man known only as Babu".
    r"|whom\s+\w+\s+(?:knew|knows|know)\s+(?:only\s+)?as"
    r"|(?:man|woman|broker|agent|recruiter|trafficker|smuggler|middleman|boss|commander)\s+"
    r"(?:known|called)\s+(?:only\s+)?as)\s+[\"“‘']?$", re.IGNORECASE)
_PLACE_BEFORE = re.compile(r"\b(?:in|from|to|at|near|into|via|of|outside|across)\s+$", re.IGNORECASE)


# How a person is written, whatever town shares their name (many two-word Vietnamese
# names are towns' too: "Thanh Nguyen", "Thai Binh"): a title or a person's noun in
# apposition before, an age, a relative clause, a step of the law or a description after.
_PERSON_WRITTEN_BEFORE = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+|\b(?:owner|manager|boss|broker|trafficker|smuggler|"
    r"recruiter|suspect|defendant|accused|husband|wife|son|daughter|father|mother|driver|"
    r"doctor|surgeon|nurse|agent|businessman|businesswoman|employer|landlord)\s*,\s*)$",
    re.IGNORECASE)
_PERSON_WRITTEN_AFTER = re.compile(
    r"\s*,\s*(?:\d{1,3}\s*,|who\b|whose\b|(?:was|were|has been|had been)\s+(?:\w+ly\s+)?"
    r"(?:jailed|arrested|sentenced|convicted|charged|detained|accused|acquitted|found guilty)\b"
    # "X, an arms dealer", "X, a Dutch national".
    r"|(?:a|an)\s+(?:[\w-]+\s+){0,2}?(?:man|woman|dealer|broker|trafficker|smuggler|businessman|"
    r"businesswoman|national|citizen|resident)\b)",
    re.IGNORECASE)


def written_as_person(text: str, start: int, end: int) -> bool:
    """Whether the name at text[start:end] is written the way a person's is (the words
    only said of a person, `_PERSON_AFTER` and `_PERSON_BEFORE`, or those above)."""
    return bool(_PERSON_AFTER.match(text, end) or _PERSON_WRITTEN_AFTER.match(text, end)
                or _PERSON_BEFORE.search(text, max(0, start - 30), start)
                or _PERSON_WRITTEN_BEFORE.search(text, max(0, start - 40), start))


def _not_people(places: list[Any], text: str) -> list[Any]:
    """The places that are not a person's given name the gazetteer also holds ("Nadia was
    16 when a friend offered her work", Nadia a district of India): a town or region the
    text gives an age, an escape, a relative or a pseudonym, or introduces as a person
    ("identified only as Asha"), and never places anything in."""
    people: set[str] = set()
    for surface in {p.surface for p in places if p.kind in ("city", "region")}:
        said = [m for m in re.finditer(rf"(?<![\w-]){re.escape(surface)}(?![\w-])", text)]
        if (any(written_as_person(text, m.start(), m.end()) for m in said)
                and not any(_PLACE_BEFORE.search(text, max(0, m.start() - 12), m.start())
                            for m in said)):
            people.add(surface)
    return [p for p in places if p.surface not in people] if people else places


# Steps of the ladder a hedge, a name or a false friend must not state.
ENFORCEMENT_STEPS = frozenset(("investigation", "arrest", "charge", "conviction"))
_CAPITALISED = re.compile(
    r"(?<![\w'’&.-])(?!(?:The|A|An|This|That|His|Her|Their|Its|In|On|After|During|Any|No)\s)"
    r"[A-Z][\w'’&.-]*\s+$"
)


_RUNS_ON_LOWER = re.compile(r"\s[a-z]")


def in_name(sentence: Sentence, c: Cue) -> bool:
    """True when the cue is a word of an organisation's name ("Homeland Security
    Investigations", "Criminal Investigation Department"), not an act."""
    for e in sentence.entities:
        if e.label in ("ORG", "FAC") and e.start <= c.start and c.end <= e.end:
            return True
    if not c.text[:1].isupper() or c.start == sentence.start:
        return False
    # A cue that runs on past the name in lower case ends the name with its first word:
    # "Aberdeen Sheriff Court heard" (a court's name, then what it heard).
    if _RUNS_ON_LOWER.search(c.text):
        return False
    words = [w for w in sentence.text.split() if w[:1].isalpha()]
    if words and sum(1 for w in words if w[:1].isupper()) >= 0.6 * len(words):
        return False  # a headline in title case: every word is capitalised
    before = sentence.text[max(0, c.start - sentence.start - 40) : c.start - sentence.start]
    return bool(_CAPITALISED.search(before))


def _bucket(items: list[Any], starts: list[int], marks: list[Marks], attr: str) -> None:
    for item in items:
        i = bisect.bisect_right(starts, item.start) - 1
        if i >= 0 and item.start < marks[i].sentence.end:
            getattr(marks[i], attr).append(item)


def mark(
    text: str,
    sentences: list[Sentence],
    *,
    reference: dt.date | None = None,
    country_hint: str | None = None,
) -> list[Marks]:
    """Cues per sentence, with negated or conditional acts and evidence already dropped."""
    book = cue_book()
    marks = [Marks(s) for s in sentences]
    if not sentences:
        return marks
    starts = [s.start for s in sentences]
    lo, hi = sentences[0].start, sentences[-1].end

    def asserted(cues: list[Cue]) -> list[Cue]:
        """Cues stated as fact: not negated or conditional, and a step of the ladder
        neither on someone's word ("rumours say ... convicted") nor a word of a name."""
        out = []
        for c in cues:
            i = bisect.bisect_right(starts, c.start) - 1
            floor = sentences[i].start if i >= 0 else 0
            how = modality.assertion(text, floor, c.start, step=c.label in ENFORCEMENT_STEPS)
            if how in (modality.NEGATED, modality.MODAL):
                continue
            if c.label in ENFORCEMENT_STEPS and i >= 0 and modality.subject_of_modal(
                    sentences[i], c.start):
                continue
            if c.label == "report" and _DENIED_REPORT.search(text, max(floor, c.start - 40),
                                                             c.end):
                continue
            if c.label in ENFORCEMENT_STEPS and (
                how == modality.HEDGED or in_name(sentences[i], c) or ev_false(c)
                or (i >= 0 and _NOT_CONFIRMED.search(text, c.end, sentences[i].end))
            ):
                continue
            out.append(c)
        return out

    ev_friends = book.evidence_false_friends.find(text, lo, hi)

    def ev_false(c: Cue | YearMention) -> bool:
        return any(f.start <= c.start < f.end for f in ev_friends)

    false_friends = book.organ_false_friends.find(text, lo, hi)

    def not_false_friend(c: Cue) -> bool:
        return not any(f.start <= c.start < f.end for f in false_friends)

    trades = book.trades.find(text, lo, hi)
    _bucket([c for c in trades if not (c.label == "weapons" and _lawful(text, c, sentences,
                                                                        starts))],
            starts, marks, "trades")
    _bucket(
        [c for c in book.organs.find(text, lo, hi) if not_false_friend(c)], starts, marks, "organs"
    )
    acts = sorted(
        (c for cs in book.activities for c in cs.find(text, lo, hi)), key=lambda c: c.start
    )
    _bucket(asserted(acts), starts, marks, "activities")
    _bucket(asserted(book.evidence.find(text, lo, hi)), starts, marks, "evidence")
    # An outcome told inside a false friend undid a step of another case: "had been
    # convicted of a similar offence, but the conviction was overturned" (one that opens
    # it is this case's: "acquitted of trafficking but convicted of assault").
    _bucket([c for c in asserted(book.outcomes.find(text, lo, hi))
             if not any(f.start < c.start < f.end for f in ev_friends)],
            starts, marks, "outcomes")
    debunk = [c for c in book.debunk.find(text, lo, hi) if not _forged(text, c)]
    # The accused calling the claims false denies them; only someone else's finding
    # debunks ("The agency's owner said the claims were false").
    own = [c for c in debunk if _party_says_false(text, c)]
    _bucket([c for c in debunk if c not in own], starts, marks, "debunk")
    _bucket(sorted(book.denial.find(text, lo, hi) + own, key=lambda c: c.start),
            starts, marks, "denial")
    _bucket(book.kinds.find(text, lo, hi), starts, marks, "kinds")
    _bucket(book.deaths.find(text, lo, hi), starts, marks, "deaths")
    places = _not_people(_not_in_names([p for p in _find_places(text) if lo <= p.start < hi],
                                       sentences), text)
    _bucket(places, starts, marks, "places")
    hints: str | list[str] | None = country_hint
    if hints is None:
        hints = countries_by_count(places)
    _bucket(find_money(text, lo, hi, country_hint=hints), starts, marks, "money")
    # A year inside a false friend dates another case ("convicted of fraud in 2009").
    _bucket([y for y in find_years(text, lo, hi, reference=reference) if not ev_false(y)],
            starts, marks, "years")
    return marks


# "the papers certifying the donors' kinship were fake": forged documents are part of the
# crime, not a verdict that the story is false.
_PAPERS = re.compile(r"\b(?:documents?|papers?|certificates?|passports?|ids?|identit(?:y|ies)|"
                     r"forms?|records?|visas?|licen[cs]es?|stamps?|signatures?|affidavits?|"
                     r"permits?|cards?|receipts?|invoices?|credentials?|diplomas?|degrees?|"
                     r"marriages?|addresses|names?)\b[^.;:!?]{0,110}$", re.IGNORECASE)


# Arms handled within the law: "sold surplus rifles to a licensed dealer under an export
# permit", "the guns ... were bought legally". Not where the sentence also tells a breach.
_LAWFUL = re.compile(
    r"\b(?:licensed (?:gun |arms |firearms? )?(?:dealers?|shops?|exporters?|importers?|"
    r"manufacturers?|retailers?)|under (?:an? |the )?(?:export |import |government )?(?:permit|"
    r"licen[cs]e|contract|treaty|agreement)|(?:legally|lawfully) (?:bought|sold|purchased|"
    r"acquired|exported|imported|owned)|(?:bought|sold|purchased|acquired|exported|imported) "
    r"(?:[\w-]+ ){0,4}?(?:legally|lawfully))\b", re.IGNORECASE)
_BREACH = re.compile(
    r"\b(?:illegal\w*|illicit\w*|unlawful\w*|smuggl\w*|traffick\w*|straw|unlicensed|"
    r"without (?:a |an |the )?(?:\w+ )?licen[cs]es?|in (?:violation|breach) of|black[- ]market|"
    r"divert\w*|embargo\w*|sanction\w*|stolen|forged|false|fake)\b", re.IGNORECASE)


# A mob that acted on a claim ("a mob beat to death a man they accused of stealing
# children's organs") and the steps taken over its violence ("Five people were arrested for
# the killing"): those are not steps of the case the claim tells of.
_MOB = re.compile(r"\b(?:mobs?|lynch\w*|vigilantes?|angry (?:crowds?|villagers|residents))\b",
                  re.IGNORECASE)
_FOR_THE_VIOLENCE = re.compile(
    r"\b(?:for|over|in connection with|after) (?:the |his |her |their )?(?:killings?|lynchings?|"
    r"beatings?|attacks?|murders?|deaths?|violence|riots?|assaults?)\b", re.IGNORECASE)


def enforced(text: str, marks: list[Marks]) -> bool:
    """Whether the sentences state an arrest, charge or conviction of the case (not one of
    those who attacked the people a rumour accused)."""
    mob = _MOB.search(text) is not None
    return any(m.levels & {"arrest", "charge", "conviction"}
               and not (mob and _FOR_THE_VIOLENCE.search(m.sentence.text))
               for m in marks)


def lawful_arms(text: str, lo: int, hi: int) -> bool:
    """Whether text[lo:hi], a sentence, tells of arms handled within the law."""
    return bool(_LAWFUL.search(text, lo, hi)) and not _BREACH.search(text, lo, hi)


def _lawful(text: str, cue: Cue, sentences: list[Sentence], starts: list[int]) -> bool:
    """Whether the arms the cue names are handled within the law, by its sentence."""
    i = bisect.bisect_right(starts, cue.start) - 1
    return i >= 0 and lawful_arms(text, sentences[i].start, sentences[i].end)


# Reports denied are claims, not a report's facts: "rejected reports that weapons were
# being resold".
_DENIED_REPORT = re.compile(
    r"\b(?:rejected|rejects|reject|denied|denies|deny|dismissed|dismisses|refuted|refutes|"
    r"disputed|disputes)\s+(?:(?:the|these|those|such|media|press|news|recent|earlier)\s+){0,2}"
    r"reports?$", re.IGNORECASE)
# A step the sentence goes on to say nobody confirmed: "Reports said two men had been
# arrested, but police did not confirm the arrests" (not "did not confirm their names").
_NOT_CONFIRMED = re.compile(
    r"\b(?:(?:did|do|does|has|have|had|could|would|was|were) not (?:yet |immediately |publicly |"
    r"officially |independently )?|declined to |refused to |(?:has|have|had) yet to |neither )"
    r"(?:confirm|verify)(?:ed)?(?:\s+(?:the |any |these |those |this |such |reports? of (?:the )?)?"
    r"(?:arrests?|detentions?|charges?|convictions?|sentences?|reports?|claims?|it|this|that|nor "
    r"den\w+)\b|\s*[.,;])", re.IGNORECASE)
# "X said the claims were false": what is called false and who says so, in one sentence.
_CALLED_FALSE = re.compile(
    r"(?:^|[.!?]\s)([^.!?]*?)\b(?:said|says|insisted|insists|maintained|maintains|told \w+)\s+"
    r"(?:that\s+)?(?:the|these|those|such|all(?: the)?|their)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:claims?|allegations?|accusations?|charges)\s+(?:[\w-]+\s+){0,3}?$", re.IGNORECASE)
# Whose word on a claim is a finding, not a party's defence.
_AUTHORITY = re.compile(
    r"\b(?:police|court|judge|prosecutors?|investigators?|ministry|minister|government|"
    r"authorities|officials?|spokes\w+|fact[- ]check\w*|inquiry|commission|experts?|"
    r"doctors|report|examination|tests?)\b", re.IGNORECASE)


def _party_says_false(text: str, cue: Cue) -> bool:
    """Whether a cue such as "were false" is a party's own word on the claims against it
    ("The agency's owner, X, said the claims were false"), not an authority's finding."""
    if cue.text.lower().split()[0] not in ("is", "was", "are", "were"):
        return False
    said = _CALLED_FALSE.search(text, max(0, cue.start - 200), cue.start)
    if said is not None and not _AUTHORITY.search(said.group(1)):
        return True
    return (_accusations_called_false(text, cue) or _quoted_party_says_false(text, cue)
            or _inquiry_report_called_false(text, cue))


# A report of an inquiry the text names, called false by one it accuses: "A report by a
# group of UN experts said a rebel group bought rifles from army officers in Chad ...
# Chad's government said the report was false" (a viral "report" the police find false
# is another matter: no inquiry wrote it).
_REPORT_BEFORE = re.compile(r"\b(?:the|this|that|its|their)\s+(?:[\w'’-]+\s+){0,2}?"
                            r"(?:report|findings|study)\s+$", re.IGNORECASE)
_INQUIRY_REPORT = re.compile(
    r"\b(?:report|findings|study|investigation)\s+(?:published\s+)?by\s+(?:a\s+|the\s+)?"
    r"(?:group\s+of\s+|panel\s+of\s+)?(?:[\w'’-]+\s+){0,3}?(?:experts?|UN|United Nations|"
    r"panel|commission|Amnesty|Human Rights Watch|rights groups?|watchdog|monitors?|"
    r"researchers?|investigators?|NGO|charity)\b"
    r"|\b(?:UN|United Nations|Amnesty|Human Rights Watch|rights group|watchdog|panel of "
    r"experts|experts?)\b[^.]{0,40}?\breport\b", re.IGNORECASE)


def _sentence_start(text: str, at: int) -> int:
    """Where the sentence (or line) holding text[at] starts, by its full stop."""
    return max(text.rfind(". ", 0, at), text.rfind("\n", 0, at)) + 1


def _inquiry_report_called_false(text: str, cue: Cue) -> bool:
    lo = _sentence_start(text, cue.start)
    return (_REPORT_BEFORE.search(text, lo, cue.start) is not None
            and _INQUIRY_REPORT.search(text, 0, lo) is not None
            and not _FINDS_FALSE.search(text, lo, cue.start))


# A quotation that calls the claims false, its speaker named after it: "These claims are
# false and malicious," the hospital's director said.
_QUOTE_OPENS = re.compile(r"[\"“]([^\"“”]{0,120})$")
_CLAIMS = re.compile(r"\b(?:claims?|allegations?|accusations?|charges|reports?|stories|story)\b",
                     re.IGNORECASE)
_QUOTE_SPEAKER = re.compile(
    r"^[^\"”]{0,120}[\"”]\s*,?\s*(?:(?:said|says|insisted|added)\s+)?(?P<who>[^!?\"“]{1,120}?)"
    r"\s*(?:,\s*)?\b(?:said|says|insisted|insists|added|told \w+)\b")


def _quoted_party_says_false(text: str, cue: Cue) -> bool:
    opens = _QUOTE_OPENS.search(text, max(0, cue.start - 120), cue.start)
    if opens is None or not _CLAIMS.search(opens.group(1)):
        return False
    speaker = _QUOTE_SPEAKER.match(text[cue.end : cue.end + 300])
    return speaker is not None and not _AUTHORITY.search(speaker.group("who"))


# Accusations are made against someone, and it is the accused who calls them baseless
# ("These are baseless allegations," the minister said), while a rumour is what an
# authority finds false. Only a court, an inquiry or a fact-check finds accusations false.
_ACCUSATIONS_AFTER = re.compile(r"\s+(?:[\w-]+\s+){0,2}?(?:allegations?|accusations?|charges)\b",
                                re.IGNORECASE)
_ACCUSATIONS_BEFORE = re.compile(r"\b(?:allegations?|accusations?|charges)\s+(?:[\w-]+\s+){0,2}?$",
                                 re.IGNORECASE)
_FINDS_FALSE = re.compile(r"\b(?:court|judge|jury|tribunal|inquiry|fact[- ]check\w*|"
                          r"investigation found|investigators found|review found)\b", re.IGNORECASE)


def _accusations_called_false(text: str, cue: Cue) -> bool:
    """Whether the cue calls accusations false ("are baseless allegations", "the charges
    were fabricated"), said by no finder of fact in its sentence."""
    lo = _sentence_start(text, cue.start)
    hi = min((i for i in (text.find(". ", cue.end), text.find("\n", cue.end)) if i >= 0),
             default=len(text))
    if not (_ACCUSATIONS_AFTER.match(text, cue.end, hi)
            or _ACCUSATIONS_BEFORE.search(text, lo, cue.start)):
        return False
    return not _FINDS_FALSE.search(text, lo, hi)


def _forged(text: str, cue: Cue) -> bool:
    """Whether a cue such as "were fake" says so of documents, not of the story."""
    return (cue.text.lower().split()[0] in ("is", "was", "are", "were")
            and bool(_PAPERS.search(text, max(0, cue.start - 140), cue.start)))


def countries_by_count(places: list[Any]) -> list[str]:
    """The countries named, most often first (first named first among equals), to resolve
    ambiguous currencies such as `Rs.`."""
    counts: dict[str, int] = {}
    for p in places:
        if p.country:
            counts[p.country] = counts.get(p.country, 0) + 1
    return sorted(counts, key=lambda c: -counts[c])
