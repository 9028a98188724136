"""Text -> incidents: the extraction stage, from triage to finished incidents.

Order: check the input, triage, one spaCy pass over the paragraphs, cue marks per
sentence, grouping into incidents, then each field from the incident's sentences.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import fields, is_dataclass, replace

from ratline import triage
from ratline.extract import acronyms, factbook, learned, state_names
from ratline.extract import actors as actors_module
from ratline.extract.activities import activities, follow_evidence
from ratline.extract.amounts import money
from ratline.extract.dates import document_date
from ratline.extract.evidence import level
from ratline.extract.evidence import rank as evidence_rank
from ratline.extract.features import Marks, cue_book, enforced, lawful_arms, mark
from ratline.extract.genre import is_review
from ratline.extract.incidents import (
    TARGET_TRADES,
    Group,
    group_sentences,
    has_trigger,
    merge_groups,
)
from ratline.extract.learned import RulePass
from ratline.extract.named_victims import (
    is_victim,
    reads_like_person,
    receives_anywhere,
    victim_anywhere,
    victim_role,
)
from ratline.extract.organs import organs
from ratline.extract.pseudonyms import aliases, holds_one_of, mask_names, names_one_of, pseudonym
from ratline.extract.results import Actor, Extraction, ExtractionError, Found, Incident, Victims
from ratline.extract.route import geography
from ratline.extract.sentences import AGED_AFTER, Entity, analyse, paragraphs
from ratline.extract.summary import summarise
from ratline.extract.victims import victims
from ratline.extract.years import incident_year
from ratline.unwrap import Unwrapped, unwrap

# Above this size only paragraphs that carry a trafficking cue are parsed.
FULL_PARSE_CHARS = 300_000
# Hard ceiling on what spaCy sees from one document.
MAX_PARSE_CHARS = 2_000_000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")
_LETTERS = re.compile(r"[A-Za-z]")


def check_text(text: object) -> str:
    """The text ready for extraction; raises ExtractionError for input that is not text."""
    if not isinstance(text, str):
        raise ExtractionError(f"expected text (str), got {type(text).__name__}")
    if not text.strip():
        return ""
    sample = text[:20_000]
    bad = len(_CONTROL.findall(sample))
    if bad > max(20, len(sample) // 50):
        raise ExtractionError(
            f"text looks binary or wrongly decoded ({bad} control or replacement characters "
            f"in the first {len(sample)}); decode it with the right encoding first"
        )
    return _CONTROL.sub(" ", text)


# "Harvest" is not among them: it is transplant medicine's own word for taking a deceased
# donor's organs ("harvested organs from a deceased patient"); an illicit harvest says more.
_ILLICIT = re.compile(
    r"\b(?:traffick\w*|brokers?|brokered|rackets?|black[- ]market|illegal\w*|illicit\w*|unlawful\w*|"
    r"sold|sell(?:s|ing)?|bought|buy(?:s|ing|ers?)?|purchas\w*|paid|price[sd]?|kidnap\w*|"
    r"abduct\w*|arrest\w*|detain\w*|charged|indicted|convicted|sentenced|police|smuggl\w*|"
    r"accus\w*|prosecut\w*|(?:on|to|stand) trial|"
    r"theft|stole|stolen|murder\w*|killed|rumou?rs?|alleg\w*|forced|coerc\w*|"
    r"trick\w*|deceiv\w*|scam\w*|fraud\w*|investigat\w*|exploit\w*|victims?|"
    # A gang at work, papers forged to pass donors off as kin, money offered for an organ.
    r"gangs?|mafia|syndicates?|cartels?|forged|forger(?:y|ies)|falsified|"
    r"offer\w*\s+(?:[\w$€£₹,.]+\s+){0,4}?for\s+(?:a|the|his|her|their|one)\s+"
    r"(?:kidney|liver|cornea|organ)s?)\b",
    re.IGNORECASE,
)
_NEGATED = re.compile(r"\b(?:no|not|never|without|nor|free of(?: any)?)\s+(?:\w+\s+){0,2}$",
                      re.IGNORECASE)


# What makes weapons a trade's goods: smuggling, an illicit or unlicensed deal, a seizure,
# arms sent to an armed group, a gang or a middleman, false papers of their end use,
# sanctions for a supply. Gun ownership, gun-control debates and a state's lawful
# purchases name weapons without any of them.
_ARMS_TRADE = re.compile(
    r"\b(?:traffick\w*|smuggl\w*|gun-?runn\w*|black[- ]market|embargo\w*|illicit\w*|illegal\w*|"
    r"unlawful\w*|without (?:a )?licen[cs]e|contraband|unlicen[cs]ed|straw (?:purchas|buy)\w*|"
    r"seiz\w*|intercept\w*|confiscat\w*|"
    r"bust|cache|ship(?:ped|ping|ments?)|hidden|conceal\w*|suppl(?:y|ied|ies|ying)|divert\w*|"
    r"arms (?:dealer|broker)s?|end[- ]user certificates?|"
    r"rebels?|insurgents?|militias?|cartels?|terrorists?|armed groups?|gangs?|raiders|"
    r"middlem[ae]n|sanction\w*|Houthis?|Taliban|Hezbollah|Hamas|al-Shabaab|Boko Haram|"
    # A force outside the state, and the UN's sanctions monitors: "the Kivu Liberation Army
    # received mortars", "the panel of experts said".
    r"(?:Liberation|Rebel|Resistance|Patriotic) (?:Army|Front|Movement|Forces)|panel of experts|"
    # Weapons stolen from a state's stores, or traced back from where they were found.
    r"thefts?|stolen|stole|looted|rustlers|trac(?:ed|ing) (?:[\w-]+ ){0,8}?back to)\b",
    re.IGNORECASE,
)


def _signs_of_crime(text: str) -> bool:
    """Any word of crime, sale or accusation that is not negated ("no donor was paid")."""
    return any(not _NEGATED.search(text[max(0, m.start() - 40) : m.start()])
               for m in _ILLICIT.finditer(text))


def _trade_borne_out(text: str, trade: str, marks: list[Marks]) -> bool:
    """Whether the text says the trade's goods were traded: transplant medicine and donation
    news use the organ words without any sign of a crime, a sale or an accusation, and
    guns are named where none is traded (`_ARMS_TRADE`), or only in sentences of arms
    handled within the law ("sold surplus rifles to a licensed dealer ..., and every
    end-user certificate had been checked")."""
    if trade == "organ":
        return _signs_of_crime(text)
    if trade == "weapons":
        spans = [m.sentence.span for m in marks]
        return any(not any(lo <= hit.start() < hi and lawful_arms(text, lo, hi) for lo, hi in spans)
                   for hit in _ARMS_TRADE.finditer(text))
    return True


_NEWS_OF_ENFORCEMENT = {"investigation", "arrest", "charge", "conviction"}
HISTORY_BEFORE = 1950
_HISTORY = re.compile(r"\b(?:World War (?:I|II|One|Two)|(?:First|Second) World War|"
                      r"1[0-9]th century|(?:sixteenth|seventeenth|eighteenth|nineteenth) century|"
                      r"colon(?:y|ies|ial era|ial period|ial rule)|enslaved Africans|"
                      r"(?:transatlantic|Atlantic) slave trade|"
                      # A decade before HISTORY_BEFORE: "In the 1860s, planters kidnapped ...".
                      r"(?:1[0-8]\d0|19[0-4]0)s)\b",
                      re.IGNORECASE)


def extract_text(
    text: str,
    *,
    doc_id: str,
    published: dt.date | None = None,
    keep_victim_names: bool = False,
    pseudonym_key: bytes = b"",
) -> Extraction:
    """Incidents the text reports, each value with the span it came from."""
    text = check_text(text)
    rules = rule_pass(text, published)
    if rules is None:
        return Extraction(doc_id, False, triage.relevance(unwrap(text).text) if text else 0.0, [],
                          "negative")
    return finish(doc_id, rules, keep_victim_names=keep_victim_names, pseudonym_key=pseudonym_key)


def finish(
    doc_id: str,
    rules: RulePass,
    *,
    models: learned.Models | None = None,
    keep_victim_names: bool = False,
    pseudonym_key: bytes = b"",
) -> Extraction:
    """The extraction from a rule pass: learned corrections, victims protected, summaries,
    and every span moved to the original text (so a rule pass is finished only once)."""
    text = rules.text
    # Learned components (trained on annotated real reports) correct what the rules found.
    relevant, incidents, kind = learned.refine(
        rules, models, fallback=lambda trade: _fallback(rules, trade))
    acronyms.expand(text, incidents)
    state_names.spell_out(incidents)
    for inc in incidents:
        # Learned components may have moved the level after the rules listed the acts.
        inc.activities = follow_evidence(inc.activities, inc.evidence.value, inc.evidence)
        if inc.trade.value == "weapons":
            # An arms case moves goods, not people: the people a text counts beside it are
            # the accused, the police or those shot with such guns elsewhere (as real-text
            # gold keeps it, an arms incident has no victim count, deaths or kinds).
            inc.victims = Victims()
        for a in inc.actors:
            if a.role == "investigator":
                # Whoever investigates the case is not under arrest, charge or sentence in
                # it: a status word near an officer's or an agency's name ("Inspector X
                # said three of whom were arrested") is the suspects'.
                a.status, a.status_found = "mentioned", None
    _victims_everywhere(incidents, rules)
    for inc in incidents:
        for a in inc.actors:
            if a.pseudonymised:
                _fullest_mention(text, a)
    masked = sorted({a.name for inc in incidents for a in inc.actors if a.pseudonymised}
                    | _victims_named(rules))
    # A victim's alias ("X alias Lata") is hidden as her name is.
    victim_names = sorted(set(masked) | set(aliases(text, masked)), key=lambda n: (-len(n), n))
    for inc in incidents:
        _protect_victims(inc, keep_victim_names, pseudonym_key)
        inc.summary = summarise(text, inc)
        if not keep_victim_names:
            inc.summary = mask_names(inc.summary, victim_names, pseudonym_key)
            # A victim's given name that the gazetteer also knows as a town ("Amon said")
            # is no place of the case, and as one it would show what the summary hides.
            inc.places = [p for p in inc.places
                          if not names_one_of(str(p.value), victim_names)]
            # Nor is the country such a name alone put on the case ("two donors, Ramu and
            # ...": Ramu a town of Kenya).
            named = {c.value for c in inc.countries if c.start is not None
                     and names_one_of(text[c.start : c.end], victim_names)}
            if named:
                inc.countries = [c for c in inc.countries if c.value not in named]
                inc.route = [r for r in inc.route if r.value.get("country") not in named]
            # Nor is a body whose name holds a victim's ("Lopez told police", a span the
            # entity model ran on past the surname) an actor: shown, it would name them.
            # A person who shares a surname (a relative in the ring) stays.
            inc.actors = [a for a in inc.actors if a.pseudonymised or a.type == "person"
                          or not holds_one_of(a.name, victim_names)]
    if rules.source is not None:
        to_original(incidents, rules.source)
    return Extraction(doc_id, relevant, rules.score, incidents if relevant else [], kind)


_GIVEN_NAME_PAIR = re.compile(r"([A-Z][a-z]+) and ([A-Z][a-z]+)")
_GIVEN_NAME = re.compile(r"[A-Z][a-z]+")
# One or two capitalised words before a comma: a name `AGED_AFTER` may follow.
_NAME_BEFORE_COMMA = re.compile(r"(?<![\w'’-])([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)(?=\s*,)")
_SHIELDING_INITIALS = re.compile(
    r"\b(?:initials|identified (?:only )?(?:as|by))\s*,?\s*((?:[A-Z]\.\s?){2,3})")


def _victims_named(rules: RulePass) -> set[str]:
    """Every person any sentence names as a victim, whether or not an incident lists them
    ("detained two donors, X and Y, who had sold their kidneys"): the summaries and places
    must not show them either."""
    # (The rules' reading of names too: "X and Y told the court ..." where the entity model
    # tagged only Y.)
    names = {actors_module.clean_name(e.text) for m in rules.marks
             for e in {*m.sentence.entities, *actors_module.merge_entities(m, rules.text)}
             if e.label == "PERSON" and is_victim(rules.text, m.sentence, e)}
    # Initials given to shield a person ("asked to be identified only by her initials, R.K.")
    # show who she is to those who know her.
    names.update(m.group(1).strip() for m in _SHIELDING_INITIALS.finditer(rules.text))
    # Two given names the entity model joined into one body or place ("Ramu and Suresh,
    # two brothers from Guntur, were promised jobs"): each is a victim's. So is a lone given
    # name it took for a body ("Nour, a Syrian refugee, sold her kidney").
    for m in rules.marks:
        for e in m.sentence.entities:
            pair = _GIVEN_NAME_PAIR.fullmatch(e.text)
            # (A people's name takes the article: "legal help for the Rohingya".)
            given = (e.label == "ORG" and _GIVEN_NAME.fullmatch(e.text) is not None
                     and not actors_module.has_body_words(e.text)
                     and re.search(rf"\b[Tt]he {e.text}\b", rules.text) is None)
            if ((pair is not None and e.label != "PERSON" or given)
                    and is_victim(rules.text, m.sentence, replace(e, label="PERSON"))):
                names.update(pair.groups() if pair is not None else (e.text,))
    # A name the entity model left untagged that the text gives an age, as no place or body
    # has one ("Abdi, a 17-year-old from Somalia, said smugglers held him"; the gazetteer
    # knows "Abdi" as a town).
    for m in rules.marks:
        for hit in _NAME_BEFORE_COMMA.finditer(rules.text, m.sentence.start, m.sentence.end):
            start, end = hit.span(1)
            if (AGED_AFTER.match(rules.text, end, m.sentence.end) is None
                    or any(e.start < end and start < e.end for e in m.sentence.entities)):
                continue
            if is_victim(rules.text, m.sentence, Entity("PERSON", start, end, hit.group(1))):
                names.add(hit.group(1))
    # (A nation's adjective the entity model took for a person is no one's name: "enslaved
    # Sudanese, Congolese and Ugandan children".)
    return {n for n in names if n and actors_module.state_of_nation(n) == n}


def rule_pass(text: str, published: dt.date | None = None) -> RulePass | None:
    """What the rules find in checked text; None when triage or the script rules it out.

    The rules read the text with hard-wrapped lines joined (`unwrap`); `finish` maps their
    spans back to `text`."""
    source = unwrap(text)
    text = source.text
    score = triage.relevance(text)
    if not text or score < triage.CANDIDATE_THRESHOLD or not _mostly_latin(text):
        return None
    doc_date = document_date(text, published)
    spans = _parse_spans(text)
    sentences = analyse(text, spans)
    marks = mark(text, sentences, reference=doc_date)
    narrative = factbook.is_narrative(text)
    if is_review(text):
        # A book's or a film's story: the trade's words, no case (and not about the trade).
        return RulePass(text, score, doc_date, marks, [], False, narrative,
                        source if source.changed else None)
    incidents = factbook.incidents(text, marks) if narrative else _incidents(text, marks, doc_date)
    relevant = bool(incidents) or _discusses_trafficking(marks)
    return RulePass(text, score, doc_date, marks, incidents, relevant, narrative,
                    source if source.changed else None)


def to_original(incidents: list[Incident], source: Unwrapped) -> None:
    """Every span of the incidents, moved from the unwrapped text to the original."""
    seen: set[int] = set()
    for f in _found_in(incidents):
        if id(f) in seen:  # one value can sit in two places (an actor's mention and status)
            continue
        seen.add(id(f))
        if f.start is not None:
            start, end = source.span(f.start, f.start if f.end is None else f.end)
            f.start, f.end = start, (None if f.end is None else end)
        if f.sentence is not None:
            f.sentence = source.span(*f.sentence)


def _found_in(value: object) -> Iterator[Found]:
    """Every Found inside incidents, actors and victims, wherever a field holds one."""
    if isinstance(value, Found):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _found_in(item)
    elif is_dataclass(value) and not isinstance(value, type):
        for f in fields(value):
            yield from _found_in(getattr(value, f.name))


def _mostly_latin(text: str) -> bool:
    sample = text[:5000]
    letters = sum(1 for ch in sample if ch.isalpha())
    return letters == 0 or len(_LETTERS.findall(sample)) >= 0.5 * letters


def _parse_spans(text: str) -> list[tuple[int, int]]:
    spans = paragraphs(text)
    if len(text) <= FULL_PARSE_CHARS:
        return spans
    book = cue_book()
    kept, total = [], 0
    for s, e in spans:
        if book.trades.search(text, s, e) is None and book.organs.search(text, s, e) is None:
            continue
        kept.append((s, e))
        total += e - s
        if total >= MAX_PARSE_CHARS:
            break
    return kept


def _incidents(text: str, marks: list[Marks], doc_date: dt.date | None) -> list[Incident]:
    groups = [g for g in group_sentences(marks) if g.trade in TARGET_TRADES and has_trigger(g)]
    groups = [g for g in groups if not _debunked(g, marks, text) and not _historical(text, g)]
    borne = {t: _trade_borne_out(text, t, marks) for t in {g.trade for g in groups}}
    groups = [g for g in groups if borne[g.trade]]
    index = actors_module.name_index(text, marks)
    built = [(g, _build(text, g, marks, doc_date, index)) for g in groups]
    names = {
        i: {a.name for a in inc.actors if a.type == "person"} for i, (_, inc) in enumerate(built)
    }
    merged = merge_groups([g for g, _ in built], names)
    if len(merged) != len(built):
        built = [(g, _build(text, g, marks, doc_date, index)) for g in merged]
    folded = _fold_fragments(built)
    if len(folded) != len(built):
        built = [(g, _build(text, g, marks, doc_date, index)) for g in folded]
    kept = [(g, inc) for g, inc in built if _substantive(g, inc)]
    _money_everywhere(text, marks, kept)
    found = [inc for _, inc in kept]
    if doc_date is not None and not any(inc.year for inc in found):
        # A dated release reporting an arrest or a charge and no year at all: the case
        # came to light in the year of the release.
        for inc in found:
            if inc.evidence.value in _NEWS_OF_ENFORCEMENT:
                inc.year = Found(doc_date.year, None, None, None, 0.4)
    return found


def _money_everywhere(text: str, marks: list[Marks], built: list[tuple[Group, Incident]]) -> None:
    """Amounts the text ties to the trade outside the sentences grouped into a case (what
    the migrants paid, told paragraphs after their arrest; the sum a broker extorted, in
    the closing lines) join the case told nearest before them, and so does the act of
    payment. (On train, grouped CV: 15 more gold amounts, 3 more false; 7 more gold
    payments, 4 more false.)"""
    if not built:
        return
    have = {(round(f.value["amount"], 2), f.value["currency"]) for _, inc in built for f in inc.money}
    firsts = sorted(((g.marks[0].sentence.start, n) for n, (g, _) in enumerate(built)))
    for m in marks:
        for found in money(text, [m]):
            key = (round(found.value["amount"], 2), found.value["currency"])
            if key in have:
                continue
            have.add(key)
            n = next((n for start, n in reversed(firsts) if start <= m.sentence.start), firsts[0][1])
            found.confidence = 0.5
            inc = built[n][1]
            inc.money.append(found)
            if all(a.value != "payment" for a in inc.activities):
                inc.activities.append(Found("payment", None, None, m.sentence.span, 0.5))


def _fold_fragments(built: list[tuple[Group, Incident]]) -> list[Group]:
    """A headline or a closing paragraph that adds nothing of its own (no year, nobody new,
    no new country, no weaker claim) belongs to the case told in the paragraph beside it."""
    out: list[tuple[Group, Incident]] = []
    for g, inc in built:
        prev = out[-1] if out else None
        if prev is not None and _fragment_of(prev, (g, inc)):
            pg, _ = prev
            pg.marks.extend(g.marks)
            pg.marks.sort(key=lambda m: m.sentence.start)
            continue
        out.append((g, inc))
    return [g for g, _ in out]


def _fragment_of(a: tuple[Group, Incident], b: tuple[Group, Incident]) -> bool:
    (ga, ia), (gb, ib) = a, b
    if ga.trade != gb.trade or min(gb.paragraphs) - max(ga.paragraphs) > 1:
        return False
    for small, big in ((ia, ib), (ib, ia)):
        if small.year is not None and big.year is not None:
            continue
        if small.year is not None:
            continue
        people = {x.name for x in small.actors if x.type == "person"}
        if not people <= {x.name for x in big.actors if x.type == "person"}:
            continue
        # A weaker claim beside a firmer case is more often another matter (a practice
        # described in general, a rumour) than a piece of the same case.
        if evidence_rank(small.evidence.value) < evidence_rank(big.evidence.value):
            continue
        if {c.value for c in small.countries} <= {c.value for c in big.countries}:
            return True
    return False



def _historical(text: str, g: Group) -> bool:
    """History told in passing ("used its residents as forced labor in World War II") is
    background, not a case: every sentence naming the trade sits before 1950. Where none
    names it (the model's fallback case), every sentence that dates anything or speaks of
    history does, and they are at least half the text's marked sentences (a report that
    looks back once, "when the conquistadors invaded in the 16th century", is no history)."""
    trade_marks = [m for m in g.marks if m.trades]
    if not trade_marks:
        trade_marks = [m for m in g.marks if m.years or _HISTORY.search(text, *m.sentence.span)]
        if 2 * len(trade_marks) < len(g.marks):
            return False
    if not trade_marks:
        return False
    for m in trade_marks:
        s, e = m.sentence.span
        if not (_HISTORY.search(text, s, e) or any(y.year < HISTORY_BEFORE for y in m.years)):
            return False
    return True


def _debunked(g: Group, marks: list[Marks], text: str) -> bool:
    if enforced(text, g.marks):
        return False
    if any(m.debunk for m in g.marks):
        return True
    levels = {lv for m in g.marks for lv in m.levels}
    # A claim told as a rumour or a report, with nothing done about it, that the text
    # finds false anywhere is the debunked claim.
    hedged_only = levels <= {"rumor", "speculation", "allegation", "report"}
    return bool(hedged_only and any(m.debunk for m in marks))


def _build(
    text: str,
    g: Group,
    marks: list[Marks],
    doc_date: dt.date | None,
    index: actors_module.NameIndex | None = None,
) -> Incident:
    ms = g.marks
    doc_denials = [(m, c) for m in marks for c in m.denial]
    ev = level(ms, doc_denial=doc_denials, doc_marks=marks)
    inc = Incident(
        trade=Found(
            g.trade,
            ms[0].trades[0].start if ms[0].trades else None,
            ms[0].trades[0].end if ms[0].trades else None,
            ms[0].sentence.span,
            0.8,
        ),
        evidence=ev,
    )
    inc.organs = organs(ms, g.trade)
    inc.countries, inc.places, inc.route = geography(text, ms)
    if not inc.countries and g.parent is not None:
        inc.countries = geography(text, g.parent.marks)[0]
    if not inc.countries:
        # A case whose own sentences name no country, in a text that names one country
        # only ("a Cunupia bar", a headline "... in central Trinidad"): that country.
        whole = geography(text, marks)[0]
        if len(whole) == 1:
            inc.countries = whole
    inc.year = incident_year(text, ms, doc_date)
    inc.actors = actors_module.actors(text, ms, g.trade, index)
    inc.victims = victims(ms, g.trade)
    inc.money = money(text, ms)
    inc.activities = activities(ms, g.trade, ev.value, has_money=bool(inc.money))
    inc.confidence = min(0.9, 0.4 + 0.05 * len(ms))
    return inc


def _fallback(rules: RulePass, trade: str) -> Incident | None:
    """One incident of `trade` over every marked sentence: what the learned layer builds
    when the document reads as a case but no sentence grouped into one."""
    ms = [m for m in rules.marks
          if m.activities or m.evidence or m.organs or m.money or m.trades or m.places]
    if not ms:
        return None
    group = Group(trade, ms)
    # What keeps the rules from grouping an incident keeps the model from building one:
    # a debunked claim, history told in passing, transplant news without a crime, guns
    # named where none is traded.
    if (_debunked(group, rules.marks, rules.text) or _historical(rules.text, group)
            or not _trade_borne_out(rules.text, trade, rules.marks)):
        return None
    index = actors_module.name_index(rules.text, rules.marks)
    inc = _build(rules.text, group, rules.marks, rules.doc_date, index)
    inc.confidence = 0.3
    return inc


def _substantive(g: Group, inc: Incident) -> bool:
    """A concrete case names a place, an actor, a year or a number of victims."""
    return bool(inc.countries or inc.actors or inc.year or inc.victims.count)


def _discusses_trafficking(marks: list[Marks]) -> bool:
    """Policy and law texts about trafficking are relevant without a concrete case."""
    hits = sum(1 for m in marks for c in m.trades if c.label in TARGET_TRADES)
    return hits >= 4


def _victims_everywhere(incidents: list[Incident], rules: RulePass | None = None) -> None:
    """A person the document shows as a victim anywhere is a victim in each of its
    incidents: never a perpetrator there, never under arrest, and never named.

    A person who sold an organ is a victim of the trade whatever else the text says of
    them, so one whose role came out as seller in an organ case (from a model, or a rule
    that read the sale but not the harm) is protected like any other victim, whatever type
    the entity model gave a name that reads like a person's ("Wang" as a body), and so is
    one any sentence reads as a victim or gives the organ sold (`victim_anywhere`),
    whatever role the mention the rules grouped reads (given the rule pass, its text). A
    person shown as the case's buyer whom no sentence reads receiving an organ is masked
    too: the sale's two sides are told in the same words."""
    sentences = [m.sentence for m in rules.marks] if rules is not None else []
    for inc in incidents:
        if inc.trade.value != "organ":
            continue
        for a in inc.actors:
            if a.pseudonymised:
                continue
            # The entity model tags a seller's surname as a place or a body as often as
            # a person ("Tamang, who is unemployed, received ... for his kidney").
            if (a.role == "seller_donor" and (a.type == "person" or reads_like_person(a.name))) or (
                    rules is not None and victim_anywhere(rules.text, sentences, a.name,
                                                          person=a.type == "person")):
                a.type, a.role, a.status, a.status_found, a.pseudonymised = (
                    "person", "seller_donor", "mentioned", None, True)
            elif (a.type == "person" and a.role == "buyer" and rules is not None
                    and not receives_anywhere(rules.text, sentences, a.name)):
                # A buyer of an organ case is the one an organ went to. A person cast as
                # one by the words around the name alone, whom no sentence reads taking
                # an organ in, may as well be its seller ("introduced him to a quick fix:
                # sell your kidney", beside "the kidney recipient"): masked, in no role.
                a.role, a.status, a.status_found, a.pseudonymised = "other", "mentioned", None, True
    victims = [a.name for inc in incidents for a in inc.actors if a.pseudonymised]
    if not victims:
        return
    for inc in incidents:
        for a in inc.actors:
            if a.type == "person" and not a.pseudonymised and any(
                actors_module.same_actor(a.name, v) or _one_word_of(a.name, v) for v in victims
            ):
                a.role, a.status, a.status_found, a.pseudonymised = "seller_donor", "mentioned", None, True
    for inc in incidents:
        # One victim, one entry: a name masked here may already stand as the rules' victim.
        kept: list[Actor] = []
        for a in inc.actors:
            if not (a.pseudonymised and any(
                    k.pseudonymised and (actors_module.same_actor(a.name, k.name)
                                         or _one_word_of(a.name, k.name)) for k in kept)):
                kept.append(a)
        inc.actors = kept
    if rules is not None:
        # Victims are read as sellers above; only an organ seller stays one.
        for inc in incidents:
            for a in inc.actors:
                if a.pseudonymised and a.role == "seller_donor":
                    a.role = victim_role(rules.text, sentences, a.name, inc.trade.value)


# Capitalised words before a victim's surname that are no part of a name.
_NOT_GIVEN = frozenset(("The", "A", "An", "In", "On", "At", "After", "Before", "When", "While",
                        "But", "And", "Said", "Says", "Yesterday", "Today", "Police", "Mr",
                        "Mrs", "Ms", "Miss", "Dr", "Survivor", "Victim", "Then", "Later", "Now",
                        "Meanwhile", "Last", "This", "That", "For", "From", "With", "By", "Her",
                        "His", "Their"))


def _fullest_mention(text: str, actor: Actor) -> None:
    """A victim found by one word of the name ("... said Hadi") gets the fullest form the
    text prints of it ("Amina Warsame Hadi", which the entity model may have cut in two
    or missed), so that every word of the name is masked wherever it stands."""
    m = actor.mention
    if m is None or m.start is None or m.end is None:
        return
    word = text[m.start : m.end]
    if not re.fullmatch(r"[A-Z][\w'’-]+", word):
        return
    best: tuple[int, int, int] | None = None
    for hit in re.finditer(r"(?<![\w'’-])((?:[A-Z][\w'’-]*[ \t]+){1,3})" + re.escape(word) + r"\b",
                           text):
        given = hit.group(1).split()
        while given and given[0] in _NOT_GIVEN:
            given.pop(0)
        if not given:
            continue
        start = text.rfind(given[0], hit.start(), hit.end())
        if best is None or len(given) > best[0]:
            best = (len(given), start, hit.end())
    if best is not None:
        actor.name = re.sub(r"\s+", " ", text[best[1] : best[2]])
        m.start, m.end = best[1], best[2]


def _one_word_of(name: str, victim: str) -> bool:
    """A person named by one word that is a word of a victim's name: "Li" of the victim "Li
    Ming" (a surname first, which `same_actor` leaves to the last word). Shown, it would
    name her; whom it means is the victim as likely as anyone."""
    return " " not in name.strip() and name.strip().casefold() in victim.casefold().split()


def _protect_victims(inc: Incident, keep: bool, key: bytes) -> None:
    for a in inc.actors:
        if a.pseudonymised and not keep:
            a.name = pseudonym(a.name, key)
            if a.mention is not None:
                a.mention.value = a.name
        elif not a.pseudonymised:
            continue
        else:
            a.pseudonymised = False
