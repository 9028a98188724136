"""Named actors of an incident with their type, role and, for persons, legal status.

Names come from spaCy's entities inside the incident's sentences. Judges, prosecutors'
offices, spokespeople, journalists and commentators are left out, as are organisations
that only speak. A role is read from the role word attached to the name, strongest first: a role noun in
apposition or as a title ("the broker, X", "X, a nurse", "a driver identified as X"), then a
role verb the name is the subject or agent of ("X recruited", "arranged by X", "X, who drove"),
and only then the nearest role word in the sentence. A person's status is the strongest
enforcement step the text states next to the name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ratline.extract import modality
from ratline.extract.cues import Cue, CueSet, phrase_set
from ratline.extract.defendants import enforced, lede_act
from ratline.extract.features import Marks, cue_book, marks_at, written_as_person
from ratline.extract.money import COUNT_WORDS
from ratline.extract.named_victims import (
    CHILD_AGE_AFTER,
    VICTIM_NOUNS,
    is_victim,
    named_as_perpetrator,
    owns_organ,
    receives_organ,
)
from ratline.extract.outcomes import lede_undoes, told_before, told_in_relative
from ratline.extract.outcomes import rules as outcome_rules
from ratline.extract.results import Actor, Found
from ratline.extract.sentences import (
    CASE_PROSECUTOR,
    Entity,
    Sentence,
    Token,
    children,
    entity_root,
    subject,
)
from ratline.geo import places
from ratline.vocab import load

# Role and status words are read this many characters around a name.
BEFORE, AFTER = 60, 70
_TITLES = re.compile(r"^(?:(?:Dr|Mr|Mrs|Ms|Prof|Sgt|Capt|Col|Gen|Lt|Insp|Inspector|Judge)\.?\s+)+")
# (And a kind of body printed before the name: "the NGO Rescue Foundation".)
_LEADING = re.compile(r"^(?:the\s+)?(?:NGO|charity|rights group)\s+(?=[A-Z])|^(?:the|a|an)\s+",
                      re.IGNORECASE)
# A role, profession or victim noun the model took into the name at a sentence start
# ("Broker Ahmed Karimov trafficked ...", "Survivor X said", "Surgeon X"; not "Doctors
# Without Borders"), and a hedge before it or the name alone
# ("Suspected Qalubiya organ trafficking gang").
_ROLE_LEAD = re.compile(
    r"^(?:(?:Alleged|Suspected|Accused)\s+)?(?:Brokers?|Traffickers?|Recruiters?|Survivors?|Victims?|"
    r"Donors?|Sellers?|Smugglers?|Suspects?|Defendants?|Co-defendants?|Middlem[ae]n|Surgeons?|"
    r"Doctors?(?!\s+(?:Without|of)\b)|Nurses?|Urologists?|Physicians?|"
    r"Anaesthetists?|Anesthetists?)\s+(?=[A-Z])"
    r"|^(?:Alleged|Suspected|Accused)\s+(?=[A-Z])"
)
# Kin named before the names at a sentence start: "Brothers Karl and Emil X were jailed",
# "Father and son Leonard and Alfie Y" (not "Sisters of Mercy").
_KIN_LEAD = re.compile(
    r"^(?:Brothers|Sisters|Siblings|Cousins|Twins|Spouses|(?:Husband|Father|Mother) and "
    r"(?:wife|son|daughter))\s+(?=[A-Z])")
_POSSESSIVE = re.compile(r"(?:'s|’s|')$")
# An acronym in brackets the entity cut ("Bureau of Customs (BoC"), and a dateline before
# the name ("Islamabad - The Federal Investigation Agency").
_OPEN_BRACKET = re.compile(r"\s*\([^()]*\)?$")
_DATELINE = re.compile(r"^.*\s[-–—]\s+(?:The\s+)?(?=[A-Z])")
# A list or an agent the entity ran into: "Health, Labor and", "Service by police".
_TRAILING_JOIN = re.compile(r"(?:\s*,|\s+(?:and|or|&|by\s+\w+))+$")
# Offices and ranks printed before a person's name ("Dayton Mayor Nan Whaley", "Det Supt
# John Webster", "Agent Terry"): the name is what follows; the office says who speaks.
_OFFICE = (
    r"(?:Gov|Governor|Mayor|Rep|Sen|Senator|President|Premier|Chancellor|Minister|Secretary|"
    r"Commissioner|Det|Detective|Supt|Superintendent|Chief|Inspector|Insp|Sgt|Sergeant|Constable|"
    r"Officer|Agent|Prosecutor|Attorney|Judge|Justice|Director|General|SSP|DSP|ASP|SP|SAC|IGP|DIG|"
    r"Datuk|Dato|Lt|Col|Colonel|Gen|Captain|Capt|Commander|Cmdr|Major|Spokes\w+|Producer|"
    r"Broadcaster|Ambassador|Collector|Ringleader|Defendant|Lawyer|Advocate|Chairman|Chairwoman|"
    r"Chairperson|MP|MPs|MLA|MEP|Lawmaker|Legislator|Congressman|Congresswoman|Councillor|"
    r"Councilor|"
    # South Asian and Indonesian police ranks ("ACP X", "SHO Y", "Kombes Pol Z"), and a
    # lawyer's or a judge's style ("Atty. X", "Hon. Justice Y").
    r"ACP|DCP|Addl|SHO|ASI|Kombes(?:\.?\s+Pol)?|AKBP|AKP|Aipda|Aiptu|Bripka|Brig|Brigadier|"
    r"Atty(?=\.)|Hon(?=\.))"
)
_OFFICE_LEAD = re.compile(rf"^(?:(?:[A-Z][\w.'’-]*|of|the)\s+)*?(?:{_OFFICE}|Police)\.?\s+(?=[A-Z])")
_OFFICE_BEFORE = re.compile(rf"\b{_OFFICE}\.?\s+$")
# The end of a body's name run into the name of the person who heads it ("Chief for
# Intelligence Petro X", "Director of the Bureau of Economic Security Ostap Y"): no given
# name is one of these words, and at least a given name and a surname stay.
_BODY_LEAD_WORDS = (r"Intelligence|Security|Affairs|Defen[cs]e|Interior|Crimes?|Investigations?|"
                    r"Ministry|Bureau|Customs|Immigration|Police|Prosecution|Directorate")
_BODY_LEAD = re.compile(
    rf"^(?:[A-Z][\w'’-]*\s+)*?(?:{_BODY_LEAD_WORDS})\s+(?=[A-Z][\w'’.-]*\s+[A-Z])"
)
_BODY_LEAD_WORD = re.compile(rf"\b(?:{_BODY_LEAD_WORDS})\b")


def strip_office(name: str) -> str:
    """A person's name without the office or rank printed before it (and a QC after)."""
    rest = name
    # (A rank before an initial stays: "Aipda M." is all the text gives of the officer.)
    while ((hit := _OFFICE_LEAD.match(rest)) is not None
           and len(re.sub(r"[^\w]", "", rest[hit.end():])) >= 2):
        rest = rest[hit.end() :]
    if (hit := _BODY_LEAD.match(rest)) is not None:
        rest = rest[hit.end() :]
    rest = re.sub(r",?\s+(?:QC|KC|SC|Esq\.?)$", "", rest)
    return rest if rest.strip() else name
# A date the entity swallowed: "Police on Saturday", "Europol last week".
_TRAILING_WHEN = re.compile(
    r"\s+(?:on|last|this|next|in|since|until)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
    r"Sunday|January|February|March|April|May|June|July|August|September|October|November|"
    r"December|week|month|year)\b.*$"
)
_SPEECH = re.compile(
    r"^\W{0,3}(?:said|says|told|added|noted|explained|stated|wrote|writes|declined|did not respond)\b"
)
# ("'...,' said X", "according to X", "told X"; not "Prosecutors said X sold ...", where X is
# the one the clause tells of.)
_SPEECH_BEFORE = re.compile(r"(?:(?:[,\"”’]|^)\s*(?:said|says)|according to|told)\s*,?\s*$",
                            re.IGNORECASE)
_BYLINE = re.compile(r"^\s*(?:By|Post by|Reporting by|Written by)\s", re.IGNORECASE)
# A byline a scrape glued to the headline before it ("... kidney-for-sale caseBy X, Channel
# NewsAsia Posted: ...").
_GLUED_BYLINE = re.compile(r"[a-z]By\s+$")
# A term received: the verbs of the status words' conviction and of `_receives_it`.
_RECEIVE = r"(?:received|receives|got|was\s+given|were\s+given)"
# A verdict that names whom it is for: "found X guilty", "found gun shop owner X not
# guilty" (an office or a trade may stand before the name). The match is the verb alone,
# whom it acts on read as for any verb; `who` is the name, the one the verdict is for.
_FOUND_NAMED = (r"found(?=\s+(?:the\s+)?(?:(?-i:[a-z])[\w-]*,?\s+){{0,3}}"
                r"(?P<who>(?:(?-i:[A-Z])[\w'’.-]*\s+){{0,3}}(?-i:[A-Z])[\w'’.-]*),?\s+{verdict})")
_STATUS_WORDS = (
    # Cleared of everything (not "convicted of assault and cleared of two other counts").
    ("acquitted", re.compile(r"\b(?:acquit(?:ted|tal)|found not guilty|"
                             + _FOUND_NAMED.format(verdict=r"not\s+guilty") +
                             r"|(?:cleared|exonerated) of "
                             r"(?:all|any|the) (?:(?:other|remaining)\s+)?(?:charges|counts|"
                             r"allegations|wrongdoing)"
                             # Freed for want of proof (the outcome's cue in evidence.yaml).
                             r"|(?:freed|released|discharged) (?:\w+ ){0,3}?(?:after|because|when|as) "
                             r"(?:the )?(?:court|judge|jury|magistrate|tribunal) (?:found|ruled|held|"
                             r"said) (?:that )?(?:there (?:was|were) )?(?:not enough|insufficient|no|"
                             r"a lack of) (?:evidence|proof)"
                             r"|(?:freed|released|discharged) (?:for|due to|because of|owing to) (?:a )?"
                             r"(?:lack|want|absence) of (?:evidence|proof))\b",
                             re.IGNORECASE)),
    (
        "convicted",
        re.compile(
            # "Jailed for ten years" is a sentence; "jailed" alone as often a hold before
            # a trial (an arrest, below), as the evidence ladder reads it.
            r"\b(?:convicted|pleaded guilty|pled guilty|found guilty|sentenced|"
            # A plea of guilty told as an admission of the crime: "X has admitted
            # manslaughter", "admitted people smuggling" (not "admitted that he paid").
            r"admit(?:s|ted)\s+(?:to\s+)?(?:manslaughter|conspiracy|(?:human\s+|people\s+|child\s+|"
            r"sex\s+|labou?r\s+|migrant\s+|arms\s+|organ\s+|kidney\s+)?(?:trafficking|smuggling)|"
            r"(?:[\w-]+\s+){0,2}?(?:charges|counts|offen[cs]es))|"
            # "The court found Joseph Okafor guilty"; "NAPTIP secured the conviction of X".
            r"(?:secured|won|obtained|upheld)(?: (?:on )?[\w,]+){0,2}? (?:the |a )?convictions? of|"
            # "Dr X, whose conviction was upheld, remains in prison".
            r"whose\s+(?:\w+\s+)?convictions?\s+(?:was|were|has\s+been|had\s+been|is)\s+upheld|"
            + _FOUND_NAMED.format(verdict="guilty") + "|"
            r"jailed\s+for\s+(?:[\w-]+\s+){0,2}(?:years?|months?|life)|"
            # The one jailed named between: "jailed a fishing boat captain, X, for 14 years".
            # (Not a hold before trial: "jailed preventatively for 14 months on charges".)
            r"jailed\s+(?:(?!(?:preventa?tively|preventively|pre-?trial|pending|awaiting|"
            r"without|while)\b)[\w'’.-]+,?\s+){1,7}?for\s+(?:[\w-]+\s+){0,2}(?:years?|months?|life)"
            r"\b(?!\s+(?:on\s+charges|pending|awaiting|without\s+(?:trial|charge)|while|"
            r"before\s+(?:trial|being)))|"
            # The news of a sentence ("X and Y have been jailed"), as the ladder reads it.
            r"(?:has|have)\s+been\s+jailed(?!\s+(?:up\s+to|for\s+up\s+to|pending|awaiting|"
            r"without|on\s+remand|while|until|for\s+questioning))|"
            # A term received: "X, who led the scheme, received 15 years", "was given a
            # five-year sentence", "got life".
            rf"{_RECEIVE}\s+(?:(?:a|an)\s+)?"
            rf"(?:{COUNT_WORDS}(?:[- ]and[- ]a[- ]half)?(?:\s+|-)(?:years?|months?)\b(?:[- ](?:prison|jail))?"
            r"(?:\s+(?:sentence|term|in\s+prison|in\s+jail|behind\s+bars))?(?!\s+of\b)|life\b))\b",
            re.IGNORECASE,
        ),
    ),
    (
        "charged",
        re.compile(
            # Not a price ("the team that operated on X charged him $150,000").
            r"\b(?:charged(?!\s+(?:(?:him|her|them|each|the|a|an|\w+ly)\s+){0,2}"
            r"(?:[$€£¥₹]|rs\b|usd\b|\d|fees?\b|prices?\b|about\b|around\b))|"
            r"indicted|charge-?sheeted|charge-?sheets?|on trial|stand trial|prosecuted|arraigned|"
            # "the trial of X, who is accused of ...": the one tried.
            r"trial of(?=\s+(?-i:[A-Z])[\w'’-]+\s+(?-i:[A-Z]))|"
            # "X is still awaiting trial" (not the victims "awaiting the trial of" X).
            r"(?:awaiting|awaits|await) (?:(?:his|her|their) )?trial(?! of)|"
            # Answering charges: "X pleaded not guilty", "X denies the charges" (that hit
            # starts at the noun: the subject of an active verb with an object is read as
            # the one who acts on another, `_about_another`).
            r"(?:pleaded|pled|pleads|pleading) not guilty|"
            # "X and Y face 120 charges of weapons smuggling" (not "could face charges":
            # modal, read as such).
            r"(?:faces?|facing|faced) (?!possible |potential )(?:[\w-]+ ){0,3}?charges|"
            # "Other defendants include X, 41; Y, 40", "The defendants are X and Y".
            r"(?:co-?)?defendants (?:include|included|are|were)|"
            r"(?:(?<=denies the )|(?<=denied the )|(?<=denies all )|(?<=denied all )|"
            r"(?<=deny the )|(?<=deny all ))charges|"
            # "X denies trafficking charges", "denied the human trafficking charges".
            r"(?:(?<=denies )|(?<=denied )|(?<=deny )|(?<=denies the )|(?<=denied the )|"
            r"(?<=deny the ))(?:[\w-]+ ){1,2}charges)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "arrested",
        re.compile(
            r"\b(?:arrested|detained|remanded|in custody|captured|apprehended|extradited|jailed|"
            # Held by a court's order: "sent to judicial custody", "held on remand".
            # (The hit starts at the noun: the parse reads "judicial" as an adjective of a
            # noun, which `_about_another` gives to someone else.)
            r"(?:(?<=judicial )|(?<=police ))custody|(?:(?<=pretrial )|(?<=pre-trial ))detention|"
            r"on remand|(?:under|to) house arrest|"
            # Bail is granted to the arrested only: "absconded after being granted bail".
            r"(?:granted|released on|freed on|out on|jumped|skipped) bail|"
            # A police release listing whom it holds: "The detainees were identified as X".
            r"(?:detainees|arrestees)\s+(?:were\s+|have\s+been\s+)?identified\s+"
            r"(?:themselves\s+)?as)\b",
            re.IGNORECASE,
        ),
    ),
    ("alleged", re.compile(r"\b(?:alleged(?:ly)?|accused|suspected|suspects?)\b", re.IGNORECASE)),
)
# A person the text says was killed or hurt ("agent X was killed", "the killing of X"), and
# a law officer named by rank or agency ("Border Patrol agent X", "Detective X"): neither
# becomes a trader on a word near the name or on a model's guess (`learned.refine`).
_HARMED_AFTER = re.compile(
    r"^(?:\s*,\s*(?:\d{1,3}\s*,\s*)?(?:who\s+)?)?\s*(?:was|were|had been|has been|got)\s+"
    r"(?:\w+ly\s+)?(?:killed|shot|murdered|slain|wounded|injured|gunned down|stabbed|beaten)\b"
    r"|^\s+(?:died|was found dead)\b"
    # "The family of X, killed with a smuggled rifle in Juarez"; a child by the age ("X, 16,
    # was recruited by an armed group"); one an armed group took (not one a cartel
    # recruited to buy rifles for it).
    r"|^\s*,\s*(?:\d{1,3}\s*,\s*)?(?:killed|shot dead|murdered|slain|wounded|injured) "
    r"(?:by|with|in|during|when)\b"
    rf"|^{CHILD_AGE_AFTER}"
    r"|^\s*,?\s*(?:was|were)\s+(?:forcibly\s+)?(?:recruited|abducted|kidnapped|conscripted|taken)"
    r" by (?:an?|the) (?:[\w-]+\s+)?(?:armed groups?|militias?|rebels?)\b"
    r"(?![^.]{0,40}\bto (?:buy|purchase|smuggle|transport|sell|move|traffic)\b)",
    re.IGNORECASE,
)
_HARMED_BEFORE = re.compile(r"\b(?:killing|murder|death|shooting|wounding) of\s+(?:\w+\s+){0,3}$",
                            re.IGNORECASE)
_KILL_VERB = re.compile(r"^(?:kill(?:ed|s|ing)?|murder(?:ed|s|ing)?|shot|wounded|injured)$",
                        re.IGNORECASE)


_PARTY_WORDS = (r"smugglers?|traffickers?|dealers?|brokers?|leaders?|members?|suspects?|"
                r"gunm[ae]n|hitm[ae]n|sicarios?|militants?|fighters?|commanders?|defendants?")
_PARTY_AROUND = re.compile(rf"\b(?:{_PARTY_WORDS})\s*,?\s*$", re.IGNORECASE)
_PARTY_AFTER = re.compile(rf"^\s*,\s*(?:a|an|the)\s+(?:[\w-]+\s+){{0,3}}?(?:{_PARTY_WORDS})\b",
                          re.IGNORECASE)


def _harmed(text: str, sent: Sentence, ent: Entity) -> bool:
    """Whether this mention of a person tells them killed or wounded: "an attack that
    killed X", "X was shot dead", "the murder of X"."""
    if _PARTY_AROUND.search(text[max(sent.start, ent.start - 30) : ent.start]) or \
            _PARTY_AFTER.match(text[ent.end : sent.end]):
        return False  # "Police shot dead X, a gun smuggler": a party of the trade.
    tokens = sent.tokens
    root = entity_root(sent, ent) if tokens else None
    if root is not None and 0 <= tokens[root].head < len(tokens) and tokens[root].dep in (
            "dobj", "nsubjpass") and _KILL_VERB.match(tokens[tokens[root].head].text):
        return True
    return bool(_HARMED_AFTER.match(text[ent.end : sent.end])
                or _HARMED_BEFORE.search(text[max(sent.start, ent.start - 60) : ent.start]))


_OFFICER_BEFORE = re.compile(
    r"\b(?:(?:border patrol|federal|fbi|atf|hsi|dea|ice|special|undercover|customs|police|"
    r"immigration|secret service|enforcement)\s+agents?|(?:police |customs |immigration )?"
    r"officers?|detectives?|inspectors?|constables?|sergeants?|troopers?|deputy sheriffs?|"
    r"sheriff['’]?s deput(?:y|ies)|police(?: chief| commissioner| superintendent| inspector)?|"
    # The law's officers by title ("Attorney General X", "Customs Commissioner X", "Senior
    # Superintendent of Police (SSP) X").
    r"attorney[- ]general|prosecutors?|(?:customs |immigration )?commissioner|bureau chief|"
    r"(?:senior |deputy )?superintendent(?: of police)?(?:\s*\([A-Z]{2,5}\))?)\s*,?\s*"
    # (A courtesy title may stand between: "a Belgian police officer, Mr X".)
    r"(?:(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+)?$",
    re.IGNORECASE,
)


# A serving law officer in apposition after the name ("X, the district police chief,
# told reporters"; not "X, a former police officer, ran the ring").
_OFFICER_AFTER = re.compile(
    r"^\s*,\s*(?:a|an|the)\s+(?!former\b|ex-|retired\b|dismissed\b|suspended\b|sacked\b)"
    r"(?:[\w-]+\s+){0,3}?(?:police (?:chief|officer|inspector|superintendent|commissioner|"
    r"spokes\w+)|(?:police |customs |immigration )?officer|(?:sub-)?inspector|superintendent|"
    r"commissioner of police|detective|constable|sergeant|prosecutor|investigator|sheriff)\b",
    re.IGNORECASE)


def _officer_before(text: str, ent: Entity, m: Marks, name: str) -> bool:
    """Whether a law officer's rank or agency stands before the name (inside the entity
    too: "Police Sudarshan X" is one entity)."""
    at = text.find(name, ent.start, ent.end)
    at = ent.start if at < 0 else at
    return bool(_OFFICER_BEFORE.search(text[max(m.sentence.start, at - 40) : at]))


_PERSON_ENFORCERS = {"investigator", "official"}
# A text about smuggling people ("people smuggling", "coyotes", "polleros") rather than
# trafficking them.
_SMUGGLING = re.compile(r"\b(?:smuggl\w*|coyotes?|polleros?)\b", re.IGNORECASE)
_TRAFFICKING = re.compile(r"\btraffick\w*", re.IGNORECASE)
# Roles of the trade's side.
TRADER_ROLES = frozenset(("broker", "buyer", "seller_donor", "recruiter", "transporter",
                          "enforcer", "surgeon", "medical_staff"))
def trade_role(role: str, trade: str, victim: bool) -> str:
    """The role as the trade words it: whoever sells or supplies an arms case's weapons (a
    dealer, a gun shop, a supplying state) is its broker; only an organ's seller or one who
    sells a person is a seller. A victim keeps the role victims are given."""
    if role == "seller_donor" and trade == "weapons" and not victim:
        return "broker"
    return role


_ENFORCEMENT_ACTS = {"arrest", "charge", "conviction", "investigation", "rescue"}
# Words only a body of the law carries in its name; `_ENFORCER_NAME` adds words a crime
# group's or a ministry's name may carry too ("Crime", "Security", "Interior Ministry").
_POLICE_WORDS = (r"[Pp]olice|Polic[ií]a|Gendarmerie|Prosecution|Prosecutor|Fiscal[ií]a|Investigat\w*|"
                 r"Customs|Enforcement|(?<!Revolutionary )Guard|FBI|HSI|DEA|Interpol|INTERPOL|"
                 r"Europol|Eurojust")
_ENFORCER_NAME = re.compile(
    rf"\b(?:{_POLICE_WORDS}|Crime|Criminal|Security|Border|Task Force|Alcohol, Tobacco|ICE|ATF|"
    r"DIICOT|NCA|NAKA|Asayish|Homeland|Marshals|Panel of Experts|Interior Ministry|"
    r"Ministry of (?:the )?Interior|"
    # Watchdogs with powers of arrest: "Administrative Control Authority", an
    # anti-corruption commission.
    r"Control Authority|Anti-?Corruption|Corruption (?:Eradication|Prevention)"
    # A body named for the trade it fights: "National Agency for the Prohibition of
    # Trafficking in Persons", "Anti-Human Trafficking Unit".
    r"|(?:Prohibition|Suppression|Prevention) of Trafficking|Anti-?(?:Human )?Trafficking|"
    r"Against (?:Human )?Trafficking|Combating (?:Human )?Trafficking|Counter-?Trafficking)\b"
)
# Rights groups and research bodies that document trades ("Human Rights Watch", "Amnesty
# International", "Conflict Armament Research", "Euro-Med Monitor"), and what they do
# when their own work exposed a case: the referee's gold makes them its investigators.
_WATCHDOG_NAME = re.compile(r"\b(?:Watch|Monitor|Amnesty|Research|Human Rights)\b")
_INQUIRY = re.compile(
    r"\b(?:investigat\w*|document(?:ed|s|ing)?|found|finds|traced?|tracked|uncovered|exposed|"
    r"revealed|reports?|reported|identified|researchers?|analy[sz]\w*|inspected)\b",
    re.IGNORECASE,
)
_ADMIN_NAME = re.compile(
    r"\b(?:Institute|Directorate|Commission|Office of|Department of (?!Justice)|Bureau of Industry)\b"
)


# The names of bodies that police the trades or document them: never a trader's.
_POLICING_NAME = re.compile(
    rf"\b(?:{_POLICE_WORDS}|Prosecutors|Border Patrol|Watch|Monitor|Amnesty|Human Rights)\b")


def policing_name(name: str) -> bool:
    """Whether a body's name says it polices the trades or documents them ("Amnesty
    International", "Border Patrol")."""
    return bool(_POLICING_NAME.search(name))


# A firm's legal form closing its name: "Gulf Jobs Ltd", "Sahel Freight Co.".
_COMPANY_NAME = re.compile(r"\b(?:Ltd|Limited|Inc|LLC|LLP|PLC|GmbH|Corp|Corporation|Co|Company|"
                           r"Pvt|S\.?A|S\.?R\.?L|Sdn\.? Bhd|BV|AG)\.?$")


def company_name(name: str) -> bool:
    """Whether the name is a firm's by its legal form."""
    return bool(_COMPANY_NAME.search(name))


def law_side_name(name: str) -> bool:
    """Whether a body's name says it polices, governs or documents the trades (a police
    force, a ministry, a rights group)."""
    return bool(_ENFORCER_NAME.search(name) or _ADMIN_NAME.search(name)
                or _WATCHDOG_NAME.search(name))


_VICTIM_CONTEXT = re.compile(
    r"\b(?:sold (?:his|her|their) (?:kidney|liver)|(?:his|her) (?:kidney|liver|scar)|donors?|victims?|survivors?|"
    r"recalled|who asked|from a village|woke up|died|widow|mother of)\b",
    re.IGNORECASE,
)
_AGENT_OF_TRADE = re.compile(
    r"[^.;]{0,40}?\b(?:works?|worked|working) for (?:a|an|the) (?:[\w-]+ ){0,2}(?:network|gang|ring|"
    r"racket|syndicate|cartel|broker|agency)\b"
    r"|[^.;]{0,40}?\b(?:sends?|sent|supplies|supplied|brings?|brought|finds?|found|recruits?|"
    r"recruited) (?:\w+ ){0,2}(?:donors|sellers)\b", re.IGNORECASE)
# Who speaks for a body: an office after the name ("X, head of the bureau,", "X, the
# Director-General of the agency") or the body they speak from ("X from CPS said").
# Narrower than `named_victims._TELLER_OFFICE_AFTER`, which also names researchers,
# activists, journalists and doctors: a survivor may be an activist, and this list
# decides who is never masked as a victim.
_OFFICE_AFTER = re.compile(
    r"^\s*,\s*(?:a|an|the)?\s*(?:[\w-]+\s+){0,3}(?:head|chief|director(?:[- ]+general)?|"
    r"spokes\w+|officers?|officials?|inspector|superintendent|commissioner|prosecutor|"
    r"minister|secretary|sheriff)\b",
    re.IGNORECASE,
)
_FROM_BODY = re.compile(
    r"^\s+(?:from|of|at)\s+(?:the\s+)?([A-Z]{2,6}|(?:[A-Z][\w'’-]+\s+){0,4}(?:Police|Service|"
    r"Agency|Bureau|Office|Ministry|Department|Commission|Prosecution|Unit|Authority))\s*,?\s+"
    r"(?:said|says|told|added|stated|confirmed|explained)\b"
)


def _speaks_for_a_body(text: str, ent: Entity, m: Marks, *, titled: bool = True) -> bool:
    """Whether the mention names an office holder or a body's spokesperson ("X, head of the
    bureau,", "X from CPS said", and with `titled` an office or rank before the name:
    "SSP X"); an acronym that names a place ("X from the UK said") is no body."""
    s = m.sentence
    if titled and (_OFFICE_BEFORE.search(text[max(s.start, ent.start - 40) : ent.start])
                   # The entity model took the office into the name: "Detective Inspector
                   # X of Kent Police said".
                   or _OFFICE_LEAD.match(ent.text)):
        return True
    after = text[ent.end : s.end]
    if _OFFICE_AFTER.match(after):
        return True
    hit = _FROM_BODY.match(after)
    return hit is not None and not places.find_places(hit.group(1))


# Who owns or runs a business named beside the name ("the hospital's chief executive, X",
# "X, the clinic's owner"): the donors near that name are the business's, not theirs.
_BUSINESS_OFFICE = (r"(?:chief executive|CEO|executive director|managing director|director|"
                    r"owner|co-owner|proprietor|manager|chairman|chairwoman|chairperson|"
                    r"administrator)")
_BUSINESS_BEFORE = re.compile(rf"\b{_BUSINESS_OFFICE}(?:\s+of\s+(?:the\s+)?[\w'’ -]{{1,40}})?"
                              r"\s*,?\s*(?:(?:Dr|Mr|Mrs|Ms|Prof)\.?\s+)?$", re.IGNORECASE)
_BUSINESS_AFTER = re.compile(rf"^\s*,\s*(?:the\s+|a\s+|an\s+)?(?:[\w'’-]+\s+){{0,3}}"
                             rf"{_BUSINESS_OFFICE}\b", re.IGNORECASE)


def _runs_a_business(text: str, ent: Entity, m: Marks) -> bool:
    s = m.sentence
    return bool(_BUSINESS_BEFORE.search(text[max(s.start, ent.start - 60) : ent.start])
                or _BUSINESS_AFTER.match(text[ent.end : s.end]))


# Donors or victims whom someone looks for, recruits, pays or cheats: the words near a
# recruiter's or a broker's name ("asked X to look for kidney donors"), not theirs.
_ACTED_ON = re.compile(
    r"\b(?:look(?:s|ed|ing)? for|search(?:es|ed|ing)? for|find(?:s|ing)?|found|recruit\w*|"
    r"lur(?:e|es|ed|ing)|pa(?:y|ys|id|ying)|bring(?:s|ing)?|brought|arrang\w*|suppl(?:y|ies|ied|ying)|"
    r"sourc\w*|procur\w*|exploit\w*|deceiv\w*|cheat\w*|trick\w*|approach\w*|introduc\w*|"
    # What was done to the victim: "made the victim work", "beat the victims".
    r"made|forc\w*|kept|beat\w*|abus\w*|control\w*|lock\w*|threaten\w*|rap\w*|sold|"
    r"traffick\w*|enslav\w*)\s+"
    r"(?:(?:the|their|his|her|an?|potential|prospective|poor|willing|kidney|organ|liver|more|"
    r"other|new|suitable|living|young|healthy|unsuspecting|vulnerable|compatible)\s+){0,3}"
    r"(?:donors?|victims?)\b",
    re.IGNORECASE,
)


@dataclass(slots=True)
class _Candidate:
    name: str
    label: str
    mentions: list[tuple[Entity, Marks]] = field(default_factory=list)
    # "Egyptian police": a nationality and a force, the umbrella of any named agency.
    generic: bool = False


@lru_cache(maxsize=1)
def role_cues() -> CueSet:
    return CueSet(load("roles")["roles"])


@lru_cache(maxsize=1)
def _type_cues() -> CueSet:
    types = load("roles")["types"]
    return CueSet({k: v for k, v in types.items() if v})


@lru_cache(maxsize=1)
def _excluded() -> CueSet:
    return phrase_set(load("roles")["excluded_context"])


# The next sentence's first word that the entity model ran into after a company's
# abbreviation ("Orion Aviation Corp. Sentencing is scheduled ...").
_AFTER_COMPANY = re.compile(r"(\b(?:Corp|Inc|Ltd|Co|LLC)\.)\s+[A-Z][\w-]*$")


# What follows a name in the same entity and is no part of it: "et al." of a case's
# title, a dash that opens a clause ("X - known as ..."), a nickname whose quotation the
# entity cut ("Jose R. “El Gato"), a common noun after "and" ("K and immigration").
_TRAILING_TAIL = re.compile(
    r"(?:\s+et\s+al\b\.?|\s+[-–—]\s+[a-z].*|\s+[“\"«][^”\"»]*|\s+(?:and|or|&)\s+[a-z][\w-]*"
    # A sum the entity model ran into the name: "paid Lalita Rs 1 lakh".
    r"|\s+(?:Rs|Tk|INR|PKR|BDT|NPR|KES|USD|EUR|US\$|\$|€|£|₹|N)\.?\s*\d.*)$"
)
# The government's side of a case's title: "USA v. Estrada" names the defendant.
_CASE_TITLE = re.compile(rf"^{CASE_PROSECUTOR}(?=[A-Z])")


# A town's or a region's possessive before a body ("Lyon’s Central Hospital"): where the
# body is, not its name. A country's stays: the state may be the party meant.
_PLACE_OWNS = re.compile(r"^((?:[A-Z][\w.-]*\s+){0,2}[A-Z][\w.-]*)(?:'s|’s)\s+(?=[A-Z])")


def clean_name(raw: str) -> str:
    name = " ".join(raw.split())
    name = _TRAILING_TAIL.sub("", name)
    name = _CASE_TITLE.sub("", name)
    if (owner := _PLACE_OWNS.match(name)) is not None:
        found = places.resolve(owner.group(1))
        if found is not None and found.kind in ("city", "region"):
            name = name[owner.end() :]
    name = _AFTER_COMPANY.sub(r"\1", name)
    name = _TITLES.sub("", name)
    name = _LEADING.sub("", name)
    name = _ROLE_LEAD.sub("", name)
    name = _KIN_LEAD.sub("", name)
    name = _TRAILING_WHEN.sub("", name)
    name = _TRAILING_JOIN.sub("", name)
    name = _OPEN_BRACKET.sub("", name)
    name = _DATELINE.sub("", name)
    name = _POSSESSIVE.sub("", name)
    return name.strip(" ,.;:-—–\"'“”‘’()")


def _norm(name: str) -> list[str]:
    return re.sub(r"[^\w ]+", " ", name.lower()).split()


def same_actor(a: str, b: str) -> bool:
    """A surname, or a full name with a middle name left out, refers to the same actor."""
    ta, tb = _norm(a), _norm(b)
    if not ta or not tb:
        return False
    if ta == tb:
        return True
    short, long_ = (ta, tb) if len(ta) < len(tb) else (tb, ta)
    if len(short) == 1:
        # Inner tokens too: "Huaranga" of "Wilmer Huaranga Quispe" (paternal surname).
        return short[0] == long_[-1] or (short[0] in long_[:-1] and len(short[0]) > 3)
    # "Roshan Kude" of "Roshan Sadashiv Kude": the middle name left out.
    return " ".join(short) in " ".join(long_) or (
        short[0] == long_[0] and short[-1] == long_[-1] and set(short) <= set(long_))


# A body the entity model took for a person ("Border Patrol agent X", "Customs said").
_BODY_WORDS = (r"Police|Patrol|Customs|Guard|Gendarmerie|Agency|Bureau|Service|Force|Ministry|"
               r"Department|Directorate|Commission|Authority|Constabulary|Battalion|Brigade|"
               r"Regiment|Corps|Squad")
_BODY_END = re.compile(rf"\b(?:{_BODY_WORDS})$")
_GOVERNMENT_END = re.compile(r"\b(?:Administration|Government|Regime|Cabinet|Presidency)$")


# A group's own noun at a name's end, after the words of an armed group.
_GROUP_END = re.compile(r"\b(?:Front|Army|Forces|Movement|Tigers)$")


# Places and bodies the entity model took for a person by their capitals ("Hotel Babel
# Palace", "Rukhshana Media", "Tay Ninh Province", "Bonded Labour System").
_NOT_A_PERSON = {
    # A ship by its navy's prefix ("USS Sirocco", "HMS Montrose") is a facility, as the
    # annotated reports type it.
    "facility": re.compile(r"\b(?:Hotel|Palace|Acres|Farm|Hospital|Clinic|Factory|Complex|"
                           r"Mosque|Monastery|Cathedral)\b|"
                           r"^(?:USS|USNS|USCGC|HMS|HMAS|HMCS|HMNZS|INS|FS|ROKS|JS) [A-Z]"),
    "organization": re.compile(
        r"\b(?:Media|Bulletin|Haber|News|NewsAsia|Times|Tribune|Gazette|Courier|Herald|Journal|"
        r"Chronicle|Telegraph|Mirror|Daily(?=\s+[A-Z])|Province|Municipality|"
        r"District|System|Sector|Control|Group|Company|Corporation|Ltd|Inc|Council|Office|"
        r"Programme|Program|Bank|University|College|School|Academy|"
        # Rights groups and research bodies ("Human Rights Watch", "Amnesty International",
        # "Conflict Armament Research").
        r"Watch|Monitor|Research|Institute|International|Foundation|Society|Association|"
        r"Coalition|League|Committee|Network|Federation|Alliance|Courts?|Tribunal|"
        # Legislatures by their own names ("the Verkhovna Rada of Ukraine adopted a law").
        r"Rada|Duma|Knesset|Majlis|Sejm|Bundestag|Parliament|Congress|Senate|Assembly|"
        r"Lok Sabha|Rajya Sabha)\b"),
}


# Two to four capitalised words, a surname's particle between ("Joost de Wilde").
_PERSON_SHAPED = re.compile(
    r"^(?-i:[A-Z])[a-z'’-]+(?:\s+(?:(?:de|van|von|der|den|da|di|del|dos|bin|binti|al|el|la|le)\s+)?"
    r"(?-i:[A-Z])[a-z'’-]+){1,3}$")


def entity_type(name: str, label: str) -> str:
    """What kind of actor a named entity of the given label is, by its name's words."""
    cue = _type_cues().search(name)
    if label == "PERSON":
        if _BODY_END.search(name):
            return "organization"
        if _GOVERNMENT_END.search(name):
            # "the Biden Administration", "the Tinubu Government": a state's government
            # named by its leader, unless an agency's words say which office.
            return "organization" if _ORG_WORDS.search(name) else "state"
        for kind, words in _NOT_A_PERSON.items():
            if words.search(name):
                return kind
        # A group the model took for a person, named by nothing but its name ("Houthis") or
        # by a group's words at its end ("Moro Islamic Liberation Front").
        if cue is not None and cue.label == "armed_group" and (
                (cue.start, cue.end) == (0, len(name)) or _GROUP_END.search(name)):
            return "armed_group"
        return "person"
    if label == "FAC":
        return "facility"
    if cue is not None:
        return cue.label
    if re.search(r"\b(?:People's Republic|Republic of|Government of|Kingdom of)\b", name):
        return "state"
    return "organization"


# Earlier names of a list that a title governs: "Assistant U.S. Attorneys Jay Bratt, Colleen
# Covell and Michael Harvey".
_LISTED_NAMES = re.compile(r"(?:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*\s*(?:,\s*(?:and\s+)?|\s+and\s+))+$")
_TITLE_START = re.compile(
    r"^(?:President|Vice President|Secretary|Senator|Governor|Ambassador|Commissioner|Minister|Director|"
    r"Spokes\w+|Judge|Justice|Attorney|Prosecutor|Professor|Sheriff)\b"
)


# A name that modifies a common noun after "a" or "an" ("a Bedfordshire family", "an Essex
# man") says where someone is from, or whose kin: it is no person of the case.
_MODIFIER_BEFORE = re.compile(r"\b[Aa]n?\s+(?:[\w-]+-year-old\s+)?$")
_MODIFIER_NOUN = re.compile(
    r"\s+(?:man|men|woman|women|family|families|couple|boy|girls?|boys|gang|teenager|"
    r"businessman|businesswoman|resident|residents|national|nationals|native|farmer|"
    r"landlord|firm|company|household)\b", re.IGNORECASE)


_ACCUSED_AFTER = re.compile(
    r"\s*,?\s*(?:[^.,]{0,60},\s*)?(?:is|was|has been|had been|were|are)\s+(?:\w+\s+)?"
    r"(?:accused|charged|arrested|convicted|suspected|sentenced|indicted|detained)\b",
    re.IGNORECASE)


def modifies_a_noun(text: str, ent: Entity, floor: int) -> bool:
    """Whether the name modifies a common noun after "a" or "an" (an age may stand
    between: "a 24-year-old Phoenix woman"): where someone is from, not who."""
    return (_MODIFIER_BEFORE.search(text, max(floor, ent.start - 20), ent.start) is not None
            and _MODIFIER_NOUN.match(text, ent.end) is not None)


def _excluded_mention(text: str, ent: Entity, m: Marks) -> bool:
    s = m.sentence
    if ent.label == "PERSON" and _TITLE_START.match(ent.text):
        return True
    if ent.label == "PERSON" and modifies_a_noun(text, ent, s.start):
        return True
    wide = text[max(s.start, ent.start - 120) : ent.start]
    before = wide[-40:]
    if ent.label == "PERSON":
        for c in _excluded().find(wide):
            rest = wide[c.end :].lstrip()
            if rest and _LISTED_NAMES.fullmatch(rest) and len(rest) < 80:
                return True
    after = text[ent.end : min(s.end, ent.end + 30)]
    if _BYLINE.match(text[s.start : ent.start]) and ent.start - s.start < 20:
        return True
    if _GLUED_BYLINE.search(text, max(s.start, ent.start - 10), ent.start):
        return True
    # A title says who speaks or judges, unless the sentence makes the person its accused:
    # "The orphanage's director, X, is accused of selling children".
    if ent.label == "PERSON" and _ACCUSED_AFTER.match(text, ent.end, s.end):
        return False
    for c in _excluded().find(before):
        # Only a title standing right before the name excludes it ("Judge X", "spokesman X").
        if len(before) - c.end <= 3:
            return True
    return bool(re.match(r"^\s*,\s*(?:a |the )?(?:\w+ ){0,3}(?:spokes\w+|judge|prosecutor|reporter|journalist|lawyer|researcher|analyst|professor|director)", after, re.IGNORECASE))


def _recipient(text: str, c: _Candidate) -> bool:
    """The parse makes the person the one an organ went to, and never the one who sold,
    gave or lost their own (`named_victims`)."""
    spans = [(m.sentence, e.start, e.end) for e, m in c.mentions]
    return any(receives_organ(text, s, a, b) for s, a, b in spans) and not any(
        owns_organ(text, s, a, b) for s, a, b in spans)


def _suspect_role(text: str, trade: str) -> str:
    """The role of a person the text suspects, arrests or convicts when no role word
    stands by the name. The accused of an organ case or of an arms case is mostly its
    broker or dealer, and the accused of a text about smuggling people its smuggler; in
    other trafficking of people the part stays open. (News train: 22 of 33 such arms
    suspects were dealers, 7 of 9 in smuggling texts smugglers.)"""
    if trade in ("organ", "weapons"):
        return "broker"
    if trade == "human" and len(_SMUGGLING.findall(text)) > len(_TRAFFICKING.findall(text)):
        return "transporter"
    return "other"


# How far from a name a status word counts as said of the name; beyond it only across a
# list of names ("arrested eight men: A, 34, B, 29, ... and H, 27").
_STATUS_REACH = 120
# The nouns that are a person's own status: "X's arrest" is X's ("sentenced" is a verb).
_STATUS_NOUN = re.compile(
    r"\b(?:arrests?|convictions?|sentenc(?:e|es|ing)|trial|indictment|detention|extradition|"
    r"acquittal|guilty|charges?|prosecution|jailing|imprisonment)\b", re.IGNORECASE)
# A list's glue: the words that join names and ages.
_LIST_GLUE = frozenset({"and", "aged", "alias", "as", "also", "all", "both", "namely", "were",
                        "was", "have", "has", "been", "identified", "years", "year", "old",
                        "the", "including", "respectively"})
_LIST_TOKEN = re.compile(r"[^\W\d_][\w.'’-]*|\d{1,3}|[,;:()]")


def _list_edge(text: str, start: int, end: int, *, backward: bool) -> int:
    """Where the run of list words (names, ages, commas, glue) that touches `end` (walking
    back) or `start` (walking on) stops within text[start:end]."""
    toks = list(_LIST_TOKEN.finditer(text, start, end))
    edge = end if backward else start
    for t in reversed(toks) if backward else toks:
        gap = text[t.end():edge] if backward else text[edge:t.start()]
        w = t.group()
        if gap.strip() or "\n\n" in gap or (w[0].islower() and w.lower() not in _LIST_GLUE):
            break
        edge = t.start() if backward else t.end()
    return edge


_OWN_CLAUSE = re.compile(r"\b(?:was|were|is|are|has|have|had|received|got|gets|faces?|faced|"
                         r"remains?|remained|walked|escaped|fled|died)\b", re.IGNORECASE)


def _list_item(text: str, ent: Entity, stop: int) -> str:
    """The item of a list that holds the name: from the mark before it (a colon, comma or
    semicolon) to the one after it."""
    lo = max(text.rfind(c, 0, ent.start) for c in ":,;") + 1
    ends = [i for i in (text.find(c, ent.end, stop) for c in ",;.") if i >= 0]
    return text[lo : min(ends, default=stop)]


def _listed_between(text: str, hit: tuple[int, int], ent: Entity) -> bool:
    """Whether a status word beyond the reach of a name still reaches it along a list of
    names ("arrested eight men: A, 34, B, 29, ... and H, 27"; "A, B, ... and H were
    charged"): the list that runs up to the name starts within reach of the word."""
    if hit[1] <= ent.start:
        return _list_edge(text, hit[1], ent.start, backward=True) - hit[1] <= _STATUS_REACH
    return hit[0] - _list_edge(text, ent.end, hit[0], backward=False) <= _STATUS_REACH


_RELATIVE_PRONOUN = frozenset({"who", "whom", "that", "which"})
_SUBJECT_PRONOUN = frozenset({"he", "she", "they", "i", "we"})


# The words between a status verb and the person it acts on: "acquitted his co-accused, Y"
# (a noun that describes them; a name right after the verb may open a list the person is
# in: "arrested X, Y and Z").
_OBJECT_LEAD = re.compile(r"\s+(?:his|her|their|the|a)\s+(?:[\w-]+\s+){0,2}?[\w-]+\s*,?\s*")


def _object_named(text: str, sent: Sentence, ent: Entity, end: int) -> bool:
    """Whether the status verb ending at `end` acts on another named person right after it
    ("The court convicted X ..., but acquitted his co-accused, Y": acquitted is Y's), where
    the parse may not tie the two."""
    lead = _OBJECT_LEAD.match(text, end)
    if lead is not None and any(e.label == "PERSON" and e.start == lead.end()
                                and e.start != ent.start for e in sent.entities):
        return True
    # "sentenced Y to five years for helping her husband, X, recruit women", "a man
    # convicted of selling weapons to warlord X": X comes in with the offence, and the
    # verdict is for whoever was named before it.
    gap = text[end : ent.start]
    return (end <= ent.start and len(gap) <= _STATUS_REACH
            and _OFFENCE_BETWEEN.search(gap) is not None
            and _LIST_BEFORE.search(gap) is None and _ALONG_WITH.search(gap) is None)


# The offence a verdict is for, told between its verb and another name: "for helping",
# "of smuggling".
_OFFENCE_BETWEEN = re.compile(r"\b(?:for|of|over|after)\s+(?:[\w-]+ing)\b", re.IGNORECASE)
# Names listed with those the verb acts on: "..., along with X".
_ALONG_WITH = re.compile(r"\b(?:along|together)\s+with\b|\balongside\b|\bas\s+well\s+as\b",
                         re.IGNORECASE)
# A name that closes a list of those the verb acts on: "... and X".
_LIST_BEFORE = re.compile(r"\b(?:and|or)\s+$", re.IGNORECASE)


def _about_another(sent: Sentence, ent: Entity, at: int) -> bool:
    """Whether the parse makes the status word at `at` someone else's, where it reads
    plainly so:

    - the name modifies a noun that is not the person, or owns one that is not its own
      arrest or trial ("the Terry killing", "the 400 Mawozo plot", "Agent X's murder");
    - the word is a participle or a relative clause on a named person or a person noun
      the name is not ("a businessman convicted of selling weapons to X"; "X told the
      court that Y, who was sentenced ...");
    - the word is a passive verb or a plea, and the name is the subject of another verb
      ("Ringleader X is wanted after he fled, and Salih was convicted"; "three of whom
      were arrested, X said"), or a name a preposition other than a companion's brings
      into its clause ("sentenced for providing weapons to X");
    - the word qualifies a noun and the name is the subject of a clause of its own ("X
      was quoted as saying that the arrested persons are ...");
    - the name is the subject of the word's active verb with an object: the one who
      arrests or accuses ("X accused Western countries of ...").

    Anything else (an active verb, "police arrested X"; a list; a pronoun) is left to the
    nearness test."""
    tokens = sent.tokens
    root = entity_root(sent, ent) if tokens else None
    verb = next((i for i, t in enumerate(tokens) if t.start == at), None)
    if root is None or verb is None:
        return False
    mine = {i for i, t in enumerate(tokens) if ent.start <= t.start < ent.end}
    owner = tokens[root].head
    # The name's place in its clause, through the title it stands beside ("Deputy
    # Commissioner of Police X was quoted").
    lead = root
    while tokens[lead].dep == "appos" and 0 <= tokens[lead].head < len(tokens) \
            and tokens[lead].head != lead:
        lead = tokens[lead].head
    clause_subject_of = tokens[lead].head if tokens[lead].dep in ("nsubj", "nsubjpass") else None
    possessive = any(tokens[j].dep == "case" for j in children(tokens, root))  # "X's"
    if ((tokens[root].dep in ("compound", "poss") or possessive) and 0 <= owner < len(tokens)
            and owner not in mine and tokens[owner].pos == "NOUN"
            and not _STATUS_NOUN.search(tokens[owner].text)
            and not _PEOPLE_NOUN.match(tokens[owner].text)):
        return True
    if (tokens[verb].dep == "amod" and clause_subject_of is not None
            and 0 <= tokens[verb].head < len(tokens) and tokens[verb].head != lead
            and not _joined(tokens, tokens[verb].head) & _joined(tokens, root)
            and tokens[verb].head not in _subtree(tokens, lead)):
        # "X was quoted as saying that the arrested persons are ...": the speaker is the
        # subject of a clause of their own.
        return True
    lifted = tokens[verb].dep == "advmod" and 0 <= tokens[verb].head < len(tokens) \
        and tokens[tokens[verb].head].pos in ("VERB", "AUX")
    if lifted:
        verb = tokens[verb].head  # "rifles were allegedly used": the verb "allegedly" qualifies
    doer = next((j for j in children(tokens, verb) if tokens[j].dep == "nsubj"), None)
    if (not lifted and doer is not None and _joined(tokens, doer) & _joined(tokens, lead)
            and root < verb  # a subject stands before its verb; a list after it is the objects
            and any((tokens[j].dep == "dobj"
                     or tokens[j].dep == "ccomp" and _ACCUSE_VERB.match(tokens[verb].text))
                    and j not in mine for j in children(tokens, verb))
            and tokens[verb].text.lower() not in ("pleaded", "pled", "admitted", "admits",
                                                  "face", "faces", "faced", "facing",
                                                  "received", "receives", "got", "given",
                                                  "awaiting", "awaits", "await", "stand",
                                                  "stands", "stood")):
        # The subject of an active verb with an object does the arresting or accusing
        # ("X accused Western countries of ...", "Inspector X arrested two men"), as does
        # one who alleges a clause ("X alleged that a kidney racket is operating").
        return True
    if tokens[verb].dep in ("acl", "relcl") and 0 <= tokens[verb].head < len(tokens):
        head = tokens[verb].head
        # (A count or a pronoun stands for people too, where the name is the subject of a
        # clause under theirs: "Three of the straw buyers, who have pleaded guilty, told
        # investigators that X coached them"; not "Those arrested include X".)
        person = any(e.label == "PERSON" and e.start <= tokens[head].start < e.end
                     for e in sent.entities) or bool(_PERSON_NOUN.match(tokens[head].text)) \
            or (tokens[head].pos in ("NUM", "PRON") and clause_subject_of is not None
                and clause_subject_of != tokens[head].head
                and clause_subject_of in _subtree(tokens, tokens[head].head))
        return (person and head not in mine
                and not _joined(tokens, head) & _joined(tokens, root))
    group = _joined(tokens, verb)  # the verbs that share its subject: "given ... but acquitted"
    passive = any(tokens[j].dep in ("auxpass", "nsubjpass") for v in group
                  for j in children(tokens, v))
    # "X said the broker allegedly recruited ...": a hedge on an active verb with a
    # subject of its own is that subject's, as a passive verb is.
    if not passive and not lifted and tokens[verb].text.lower() not in ("pleaded", "pled"):
        return False
    own = next((j for j in children(tokens, verb) if tokens[j].dep in ("nsubj", "nsubjpass")),
               None)
    about = own if own is not None else subject(tokens, verb)
    if about is None or tokens[about].text.lower() in _SUBJECT_PRONOUN | _RELATIVE_PRONOUN:
        return False
    # A verb with a subject of its own is that subject's ("X is wanted, and Y was
    # convicted"); one that shares its subject with a verb before it ("X was arrested and
    # charged") is about whoever that subject is.
    if _joined(tokens, about) & _joined(tokens, root) or mine & {about}:
        return False
    # Whom a preposition other than a companion's brings into the clause ("sentenced for
    # providing weapons to X", "arrested by Inspector X"): not the one the verb is about;
    # a name within the subject's own words is ("the chief doctor of the hospital X").
    anchor = root  # up from "to former President X", "to X and Y" to the preposition's object
    while (tokens[anchor].dep in ("appos", "conj", "compound")
           and 0 <= tokens[anchor].head < len(tokens) and tokens[anchor].head != anchor):
        anchor = tokens[anchor].head
    prep = tokens[tokens[anchor].head] if 0 <= tokens[anchor].head < len(tokens) else None
    # The agent of a clause on the subject of a hedged act leads or pays its doer ("a gang
    # led by X allegedly recruited ..."): that one is not left out.
    if (tokens[anchor].dep == "pobj" and prep is not None and prep.text.lower() in _NOT_WITH
            and not (lifted and prep.text.lower() == "by")
            and group & _heads(tokens, anchor)
            and (root not in _subtree(tokens, about) or _clause_between(tokens, anchor, about))):
        return True
    # A verb without a subject of its own takes that of the verb it is joined to: "Charges
    # against X were dropped, but the broker ... was convicted and sentenced" (sentenced
    # is the broker's, though all three verbs are joined).
    return (clause_subject_of is not None and clause_subject_of != verb
            and (own is not None or clause_subject_of not in group
                 or tokens[about].head != clause_subject_of))


# Verbs of accusing or alleging: their subject tells of the case ("X alleged that ...", "X
# accused the hospital of ..."), and is not the one accused (`_about_another`, `_accuses`).
_ACCUSE_VERB = re.compile(r"^(?:accus\w+|alleg\w+|claim\w*)$", re.IGNORECASE)
_NOT_WITH = frozenset({"to", "from", "for", "by", "against", "of", "on", "about", "at",
                       "under"})


def _clause_between(tokens: list[Token], i: int, top: int) -> bool:
    """Whether a verb stands between token `i` and `top` above it: `i` belongs to a clause
    on `top` ("a businessman convicted of selling weapons to X"), not to its title ("the
    chief doctor of the hospital X")."""
    while 0 <= tokens[i].head < len(tokens) and tokens[i].head not in (i, top):
        i = tokens[i].head
        if tokens[i].pos in ("VERB", "AUX") and tokens[i].dep != "prep":  # not "including"
            return True
    return False


def _heads(tokens: list[Token], i: int) -> set[int]:
    """The tokens above `i` in the parse, up to its root."""
    out: set[int] = set()
    while 0 <= tokens[i].head < len(tokens) and tokens[i].head != i and tokens[i].head not in out:
        i = tokens[i].head
        out.add(i)
    return out


# Nouns a name may modify and still stand for the people ("the Khan brothers"; "X alias
# Y", which the parse may hang on "alias").
_PEOPLE_NOUN = re.compile(r"(?:brothers|sisters|family|families|couple|members|gang|clan|"
                          r"twins|siblings|duo|trio|cousins|sons|daughters|alias)$",
                          re.IGNORECASE)
# One person named by a common noun, whom a participle or a relative clause may be about.
_PERSON_NOUN = re.compile(r"(?:man|woman|person|businessman|businesswoman|dealer|trader|"
                          r"broker|trafficker|smuggler|national|citizen|resident|driver|doctor|"
                          r"surgeon|nurse|suspect|defendant|accomplice|official|officer|"
                          r"director|owner|pilot|captain)$", re.IGNORECASE)


def _subtree(tokens: list[Token], i: int) -> set[int]:
    """The token and every token under it."""
    out, todo = {i}, [i]
    while todo:
        for j in children(tokens, todo.pop()):
            if j not in out:
                out.add(j)
                todo.append(j)
    return out


def _joined(tokens: list[Token], i: int) -> set[int]:
    """The token and every token joined to it as a conjunct or an apposition, either way
    ("X and Y", "X, 30, and Y, 35", "the head, X")."""
    seen, todo = {i}, [i]
    while todo:
        k = todo.pop()
        near = [j for j in children(tokens, k) if tokens[j].dep in ("conj", "appos")]
        if tokens[k].dep in ("conj", "appos") and 0 <= tokens[k].head < len(tokens):
            near.append(tokens[k].head)
        for j in near:
            if j not in seen:
                seen.add(j)
                todo.append(j)
    return seen


def status_hint(text: str, mentions: list[tuple[Entity, Marks]],
                later: list[Marks] | None = None) -> bool:
    """True when the text puts the person under suspicion or arrest."""
    return _status(text, mentions, later)[0] != "mentioned"


def person_status(text: str, marks: list[Marks],
                  spans: list[tuple[int, int]]) -> tuple[str, Found | None]:
    """The legal status of a person named at `spans`, read as for the rules' own actors
    (for the people a learned model adds)."""
    starts = [m.sentence.start for m in marks]
    mentions = []
    for start, end in spans:
        m = marks_at(marks, start, starts)
        if m is not None:
            mentions.append((Entity("PERSON", start, end, text[start:end]), m))
    return _status(text, mentions, marks) if mentions else ("mentioned", None)


# Strongest first. Dropped charges sit below a conviction stated after them.
_STATUS_RANK = ("acquitted", "convicted", "charges_withdrawn", "charged", "arrested", "alleged")
# The ladder step each status states, for outcomes that undo it.
_STATUS_STEP = {"convicted": "conviction", "charged": "charge", "arrested": "arrest"}


_RECEIVED = re.compile(rf"{_RECEIVE}\b", re.IGNORECASE)


def _receives_it(text: str, sent: Sentence, ent: Entity, at: int) -> bool:
    """Whether a term received at `at` is the named person's: told after the name, with no
    one else named and no list or clause break between ("X, 41, who led the scheme,
    received 15 years"; not "Y received eight years, X was acquitted")."""
    return (ent.end <= at and not re.search(r"[;:]", text[ent.end : at])
            and not any(e.label == "PERSON" and ent.end <= e.start < at for e in sent.entities))


# A term given to a second person with the verb left out: "X was sentenced to 70 months
# in prison and Y to 46 months", "jailed X for ten years and Y for six".
_GAPPED_TERM_AFTER = re.compile(
    r"\s+(?:to|for)\s+(?:[\w-]+\s+){0,2}?(?:years?|months?|life|days?)\b", re.IGNORECASE)
_GAPPED_AND_BEFORE = re.compile(r"\b(?:and|while|,)\s+$")


def _gapped_term(text: str, hit: re.Match[str], ent: Entity) -> bool:
    """Whether the verdict verb `hit`, told before the name, reaches it through a second
    term with the verb left out: the verb gives a term to someone first, and the name
    follows "and" with a term of its own, in the same sentence, with no clause between."""
    if hit.end() > ent.start or not re.search(r"sentenced|jailed", hit.group(), re.IGNORECASE):
        return False
    gap = text[hit.end() : ent.start]
    return (len(gap) <= _STATUS_REACH and not re.search(r"[.;:]", gap)
            and _GAPPED_TERM_AFTER.search(gap) is not None
            and _GAPPED_AND_BEFORE.search(gap) is not None
            and _GAPPED_TERM_AFTER.match(text, ent.end) is not None)


# The auxiliary between a subject and its passive status verb: "X was acquitted".
_AUX_BEFORE = re.compile(r"\s+(?:was|were|is|are|has\s+been|have\s+been|had\s+been)\s+"
                         r"(?:\w+ly\s+)?$")


def _adjacent_subject(text: str, sent: Sentence, at: int) -> Entity | None:
    """The person named right before the auxiliary of the status verb at `at`."""
    lead = _AUX_BEFORE.search(text, max(sent.start, at - 40), at)
    if lead is None:
        return None
    return next((e for e in sent.entities if e.label == "PERSON" and e.end == lead.start()),
                None)


# A status word and the offence it is for, told before a name: "a businessman convicted in
# April of selling weapons to warlord X".
_OFFENCE_BEFORE = re.compile(
    r"\b(?:convicted|sentenced|jailed|arrested|detained|charged|accused|suspected|indicted|"
    r"wanted)\b[^.;:]*?\b(?:for|of|over)\s+[\w-]+ing\b[^.;:]*$", re.IGNORECASE)


def _main_verb_after_offence(text: str, sent: Sentence, ent: Entity, at: int) -> bool:
    """Whether the name closes the offence clause of someone named before it and the
    status verb at `at` follows it with nothing but its auxiliary: the verb is the clause's
    main verb, whose subject is that someone ("a businessman convicted of selling weapons
    to X has been arrested"; not "sold weapons to X, who was arrested")."""
    gap = _AUX_BEFORE.search(text, ent.end, at)
    if gap is None or gap.start() != ent.end:
        return False
    before = text[sent.start : ent.start]
    return (_OFFENCE_BEFORE.search(before) is not None and _LIST_BEFORE.search(before) is None
            and _ALONG_WITH.search(before) is None)


def _subject_of(sent: Sentence, at: int) -> int | None:
    """The token the parse makes the subject of the verb at `at` (None without one)."""
    verb = next((i for i, t in enumerate(sent.tokens) if t.start == at), None)
    if verb is None:
        return None
    return next((j for j in children(sent.tokens, verb)
                 if sent.tokens[j].dep in ("nsubj", "nsubjpass")), None)


def _may_lead(sent: Sentence, ent: Entity) -> bool:
    """Whether the parse leaves the name free to be a clause's subject: not the object of a
    verb or a preposition, nor a noun set beside another ("weapons to warlord X has been
    arrested" is the subject's, who was named before)."""
    root = entity_root(sent, ent)
    return root is None or sent.tokens[root].dep in ("nsubj", "nsubjpass", "conj", "ROOT")


def _verb_between(sent: Sentence, a: Entity, b: Entity) -> bool:
    """Whether a verb stands between the two names (each has a clause of its own, not a
    list: "X and Y were acquitted")."""
    lo, hi = (a.end, b.start) if a.end <= b.start else (b.end, a.start)
    return any(lo <= t.start < hi and t.pos in ("VERB", "AUX") for t in sent.tokens)


# Charges denied were brought: "X denies trafficking charges" (`_status`).
_DENIES_BEFORE = re.compile(r"\bden(?:y|ies|ied)\s+$", re.IGNORECASE)
# A trial set for the future is no mere possibility: "X will stand trial next year on
# charges of ...", "is due to stand trial" (not "could stand trial if extradited").
_TRIAL_AHEAD = re.compile(r"\b(?:will|(?:is|are)\s+(?:due|set|scheduled|expected)\s+to)\s+"
                          r"(?:stand|go on|face)\s+trial$", re.IGNORECASE)


def _status(
    text: str, mentions: list[tuple[Entity, Marks]], later: list[Marks] | None = None
) -> tuple[str, Found | None]:
    """The strongest legal status stated beside the person's mentions.

    A status word that is negated ("never been convicted"), only possible ("would be
    convicted soon") or on someone's word ("rumours say he was convicted") states nothing;
    one that a later outcome undoes ("the conviction was overturned", "charges were
    dropped") leaves the status that outcome gives instead. `later` are the incident's
    sentences, where such an outcome may be told without the name ("He was acquitted").
    """
    best: tuple[int, Found] | None = None
    names = {clean_name(e.text) for e, _ in mentions}
    friends: dict[int, list[Cue]] = {}  # per sentence start, read once

    def consider(status: str, found: Found) -> None:
        nonlocal best
        r = _STATUS_RANK.index(status)
        if best is None or r < best[0]:
            best = (r, found)

    def take(name: str, hit: re.Match[str], m: Marks) -> None:
        s = m.sentence
        how = modality.assertion(text, s.start, hit.start(), step=True)
        if name == "charged" and (
                how == modality.MODAL and _TRIAL_AHEAD.search(
                    text, max(s.start, hit.start() - 40), hit.end())
                # Charges denied were brought ("X denies trafficking charges"), though
                # "denies" reads as a negation before the words that follow it.
                or how == modality.NEGATED and _DENIES_BEFORE.search(
                    text, max(s.start, hit.start() - 12), hit.start())):
            how = modality.ASSERTED
        if how in (modality.NEGATED, modality.MODAL):
            return
        # Words of the ladder that state no step of this case state no status in it either:
        # a record of another crime ("who was convicted of fraud in 2012"), "convicted in
        # the court of public opinion", "had previously been jailed".
        if s.start not in friends:
            friends[s.start] = cue_book().evidence_false_friends.find(text, s.start, s.end)
        # (An acquittal that opens one ends this case: "acquitted her of organ trafficking
        # but jailed her for forgery", as the evidence ladder reads it.)
        if any(f.start <= hit.start() < f.end and not (name == "acquitted" and f.start == hit.start())
               for f in friends[s.start]):
            return
        if how == modality.HEDGED and name != "alleged":
            return
        step = _STATUS_STEP.get(name)
        undo = _undone_by(step, hit.start(), m, later or [], names) if step else None
        if undo is not None:
            cue, um = undo
            consider(outcome_rules()[cue.label].status,
                     Found(outcome_rules()[cue.label].status, cue.start, cue.end,
                           um.sentence.span, 0.6))
            return
        consider(name, Found(name, hit.start(), hit.end(), s.span, 0.6))

    for ent, m in mentions:
        s = m.sentence
        lo, hi = max(s.start, ent.start - _STATUS_REACH), min(s.end, ent.end + _STATUS_REACH)
        for name, pat in _STATUS_WORDS:
            for hit in pat.finditer(text, s.start, s.end):
                listed = _listed_between(text, hit.span(), ent)
                if not (lo <= hit.start() and hit.end() <= hi) and not listed:
                    continue
                if hit.end() <= ent.start and ":" in text[hit.end() : ent.start] and \
                        _OWN_CLAUSE.search(_list_item(text, ent, s.end)):
                    # "Three were sentenced: X received eight years, the case against Y
                    # was adjourned": where each item has a verb of its own, that decides
                    # (not "arrested eight men: A, 34, B, 29, ...").
                    continue
                if _gapped_term(text, hit, ent):
                    take(name, hit, m)
                    continue
                if ent.end <= hit.start() and _main_verb_after_offence(text, s, ent, hit.start()):
                    continue
                adjacent = _adjacent_subject(text, s, hit.start())
                if adjacent is not None and _subject_of(s, hit.start()) is not None:
                    adjacent = None  # the parse gives the verb a subject: that decides
                if adjacent is not None and adjacent.start == ent.start and _may_lead(s, ent):
                    # "... and X was acquitted": the name right before the verb is its
                    # subject, whatever clause the parse hung the verb on.
                    take(name, hit, m)
                    continue
                if (adjacent is not None and ent.end <= adjacent.start
                        and _verb_between(s, ent, adjacent) and _may_lead(s, adjacent)):
                    # "X was sentenced to 70 months and Y was acquitted": Y's, where the
                    # parse hangs "acquitted" on X's verb.
                    continue
                if _about_another(s, ent, hit.start()) or _object_named(text, s, ent, hit.end()):
                    continue
                # A verdict that names whom it is for ("found X not guilty") is theirs only,
                # whatever the entity model tagged the name.
                who = hit.groupdict().get("who")
                if who and not same_actor(clean_name(who.strip()), clean_name(ent.text)):
                    continue
                if _RECEIVED.match(hit.group()) and not _receives_it(text, s, ent, hit.start()):
                    continue
                take(name, hit, m)
        # "X ran the ring. He was arrested in May": the verb of a "he" or "she" that
        # means the person.
        for pm, verb in _pronoun_verbs(ent, m, later or []):
            for name, pat in _STATUS_WORDS:
                found = pat.match(text, verb.start)
                if found is not None:
                    take(name, found, pm)
        for pm, verb in _they_verbs(text, ent, m, later or []):
            for name, pat in _STATUS_WORDS:
                found = pat.match(text, verb.start)
                if found is not None:
                    take(name, found, pm)
        for pm, name, hit in _role_noun_acts(text, ent, m, later or []):
            take(name, hit, pm)
        # "Two brothers who forced men to work at their car washes were sentenced on
        # Friday. X, 45, and Y, 41, recruited the men": the lede's act is theirs.
        act = lede_act(text, m.sentence, ent)
        lm = marks_at(sorted(later or [], key=lambda x: x.sentence.start), act[0]) if act else None
        if act is not None and lm is not None:
            for name, pat in _STATUS_WORDS:
                found = pat.search(text, act[0], min(lm.sentence.end, act[1] + 40))
                if found is not None and found.start() == act[0]:
                    take(name, found, lm)
    if best is None:
        return "mentioned", None
    return best[1].value, best[1]


# "Police arrested three men, including a hospital administrator. ... The administrator,
# X, ran the ward": a person brought in by the noun of someone the police or the courts
# acted on in an earlier sentence is that someone. The noun opens the name's sentence
# ("The administrator, X,"), follows the name ("X, 44, the coordinator at ..."), or is a
# rank before it ("Captain X"), and stands in the earlier sentence as the act's object or
# its passive subject ("A Mexican army captain has been charged"), with no clause between
# ("arrested a man who had bought a girl. The girl, Y," is not Y's).
_ROLE_NOUN_OPENS = re.compile(r"\s*(?:The|the)\s+(?:[a-z][\w-]*\s+){0,2}?(?P<noun>[a-z]{3,})\s*,\s*")
_ROLE_NOUN_AFTER = re.compile(r"\s*,\s*(?:\d{1,2}\s*,\s*)?(?:the|a|an)\s+(?:[a-z][\w-]*\s+){0,2}?"
                              r"(?P<noun>[a-z]{3,})\b(?=\s*(?:[,.]|at\b|of\b|in\b|for\b))")
# (Ranks of the forces and offices the trades corrupt; not a police inspector's, who reads
# the case.)
_RANKS = r"(?P<noun>Captain|Colonel|Major|Lieutenant|Sergeant|General|Commander|Mayor|Governor)"
_RANK_BEFORE = re.compile(rf"\b{_RANKS}\s+$")
_RANK_OPENS = re.compile(rf"{_RANKS}\s+(?=[A-Z])")  # the entity model took the rank in
# The act in its -ing form too ("arresting a nurse, a lawyer and two mothers").
_ACTING = (("arrested", re.compile(r"\b(?:arresting|detaining)\b", re.IGNORECASE)),
           ("charged", re.compile(r"\b(?:charging|indicting)\b", re.IGNORECASE)))
_CLAUSE_IN_GAP = re.compile(
    r"\b(?:who|whom|whose|that|which|for|after|of|from|with|to|by|over|because|when|where|"
    r"while|as|said|says|told)\b", re.IGNORECASE)


def _role_noun(text: str, ent: Entity, m: Marks) -> str | None:
    """The role noun set beside the name at `ent` (`_ROLE_NOUN_OPENS`, `_ROLE_NOUN_AFTER`,
    `_RANK_BEFORE`), never a victim's."""
    s = m.sentence
    found = (_ROLE_NOUN_OPENS.fullmatch(text, s.start, ent.start)
             or _ROLE_NOUN_AFTER.match(text, ent.end, s.end)
             or _RANK_BEFORE.search(text, max(s.start, ent.start - 14), ent.start)
             or _RANK_OPENS.match(text, ent.start, ent.end))
    if found is None or found.group("noun").lower() in VICTIM_NOUNS:
        return None
    return found.group("noun").lower()


def _role_noun_acts(text: str, ent: Entity, m: Marks,
                    incident: list[Marks]) -> list[tuple[Marks, str, re.Match[str]]]:
    """The status acts of earlier sentences done to the role noun that brings in the
    person at `ent` (`_role_noun`)."""
    word = _role_noun(text, ent, m)
    if word is None:
        return []
    noun = re.compile(r"\b(?:a|an|one|the)\s+(?:[\w-]+\s+){0,2}?" + re.escape(word)
                      + r"\b(?!['’])", re.IGNORECASE)
    subject = re.compile(r"\b(?:a|an|one|the)\s+(?:[\w-]+\s+){0,3}?" + re.escape(word)
                         + r"\s+(?:(?:has|have|had)\s+)?(?:been|was|were|is|are)\s+(?:\w+ly\s+)?$",
                         re.IGNORECASE)
    out = []
    for pm in incident:
        s = pm.sentence
        if s.start >= m.sentence.start:
            continue
        for name, pat in (*_STATUS_WORDS, *_ACTING):
            for hit in pat.finditer(text, s.start, s.end):
                obj = noun.search(text, hit.end(), min(s.end, hit.end() + 120))
                if ((obj is not None and not _CLAUSE_IN_GAP.search(text, hit.end(), obj.start()))
                        or subject.search(text, max(s.start, hit.start() - 80), hit.start())):
                    out.append((pm, name, hit))
    return out


_PRONOUN = re.compile(r"\b(?:he|she|him|his|her|they|them|their)\b", re.IGNORECASE)
# The pronouns that may stand for a person named before (`_pronoun_verbs`,
# `governors.read_pronouns`).
HE_SHE = frozenset({"he", "she"})
_MODAL_AUX = frozenset({"could", "would", "may", "might", "will", "can", "should", "must",
                        "shall", "'ll", "’ll"})


def pronouns_after(m: Marks, after: int, following: list[Marks], surname: str,
                   untagged: bool = True) -> list[tuple[Marks, Token]]:
    """The "he" and "she" after offset `after` in m's sentence and in `following` (the next
    sentences, in order) that may mean the person of `surname`: the walk stops where the
    name comes again or someone else is named (`other_named`; `untagged` as there)."""
    again = re.compile(r"\b" + re.escape(surname) + r"\b")
    out: list[tuple[Marks, Token]] = []
    for follow in (m, *following):
        fs = follow.sentence
        if follow is not m and again.search(fs.text):
            break  # named again: read there as a name
        floor = max(after, fs.start)
        out += [(follow, tok) for tok in fs.tokens
                if tok.start >= after and tok.text.lower() in HE_SHE
                and not other_named(fs, floor, tok.start, surname, untagged)]
        if other_named(fs, floor, fs.end, surname, untagged):
            break
    return out


def _pronoun_verbs(ent: Entity, m: Marks, later: list[Marks]) -> list[tuple[Marks, Token]]:
    """The verbs whose subject is a "he" or "she" meaning the person named at `ent`, in
    the two sentences after the name (`pronouns_after`)."""
    surname = ent.text.split()[-1] if ent.text.split() else ent.text
    by_index = {mm.sentence.index: mm for mm in later}
    following: list[Marks] = []
    for k in (1, 2):
        if m.sentence.index + k not in by_index:
            break
        following.append(by_index[m.sentence.index + k])
    out: list[tuple[Marks, Token]] = []
    for follow, tok in pronouns_after(m, ent.end, following, surname):
        tokens = follow.sentence.tokens
        if (follow is m or tok.dep not in ("nsubj", "nsubjpass")
                or not 0 <= tok.head < len(tokens)
                # "If convicted, he could be jailed": what may happen is no status.
                or any(tokens[j].dep == "aux" and tokens[j].text.lower() in _MODAL_AUX
                       for j in children(tokens, tok.head))):
            continue
        # The verb and those joined to it ("was arrested in May and charged").
        out.append((follow, tokens[tok.head]))
        out += [(follow, tokens[j]) for j in children(tokens, tok.head)
                if tokens[j].dep == "conj"]
    return out


# Between two names of one list: "X, 38, her partner Y, 40, and a neighbour, Z".
_LIST_GAP = re.compile(
    r"[\s,;]*(?:\d{1,2}\s*[,;]?\s*)?(?:and\s+)?(?:(?:his|her|their|a|an)\s+(?:[a-z]+\s+)?"
    r"(?:partner|wife|husband|brother|sister|son|daughter|mother|father|neighbou?r|friend|cousin|"
    r"accomplice|associate|co-accused)\s*,?\s*)?")


def _they_verbs(text: str, ent: Entity, m: Marks, later: list[Marks]) -> list[tuple[Marks, Token]]:
    """The verbs of a "They" opening the next sentence, which names nobody, where the
    person is named in a list of two or more ("The suspects were identified as X, Y and
    Z. They face charges under the anti-trafficking law")."""
    people = sorted((e for e in m.sentence.entities if e.label == "PERSON"), key=lambda e: e.start)
    at = next((i for i, e in enumerate(people) if e.start <= ent.start < e.end), None)
    if at is None:
        return []

    def listed(a: Entity, b: Entity) -> bool:
        return _LIST_GAP.fullmatch(text, a.end, b.start) is not None

    if not ((at > 0 and listed(people[at - 1], people[at]))
            or (at + 1 < len(people) and listed(people[at], people[at + 1]))):
        return []
    nxt = next((x for x in later if x.sentence.index == m.sentence.index + 1), None)
    if nxt is None or any(e.label == "PERSON" for e in nxt.sentence.entities):
        return []
    tokens = nxt.sentence.tokens
    if (not tokens or tokens[0].text != "They" or tokens[0].dep not in ("nsubj", "nsubjpass")
            or not 0 <= tokens[0].head < len(tokens)):
        return []
    verb = tokens[0].head
    if any(tokens[j].dep == "aux" and tokens[j].text.lower() in _MODAL_AUX
           for j in children(tokens, verb)):
        return []  # "They could face charges": what may happen is no status
    return [(nxt, tokens[verb])] + [(nxt, tokens[j]) for j in children(tokens, verb)
                                    if tokens[j].dep == "conj"]


def other_named(sent: Sentence, start: int, end: int, surname: str,
                untagged: bool = True) -> bool:
    """Whether someone else may be named in sent[start:end]: a person the entity model
    found, or (`untagged`) a proper noun it left untagged ("questioned Bilal Vrana")."""
    if any(e.label == "PERSON" and start <= e.start < end and surname not in e.text
           for e in sent.entities):
        return True
    if not untagged:
        return False
    tagged = [(e.start, e.end) for e in sent.entities if e.label != "PERSON"]
    return any(t.pos == "PROPN" and start <= t.start < end and t.text != surname
               and not any(a <= t.start < b for a, b in tagged)
               for t in sent.tokens)


def _undone_by(
    step: str, start: int, m: Marks, later: list[Marks], names: set[str]
) -> tuple[Cue, Marks] | None:
    """An outcome undoing `step` stated at `start` for this person: later in the same
    sentence with no other person named in between, or in a later sentence of the incident
    that refers to the person by name or pronoun and names nobody else ("He was acquitted").
    A step told in the past perfect ("had been sentenced") may be undone by an outcome told
    before it as well."""

    def ours(e: Entity) -> bool:
        return any(same_actor(clean_name(e.text), n) for n in names)

    # A step told in the past perfect came before outcomes told earlier in the text too.
    earlier = told_before(m.sentence.text, start - m.sentence.start)
    # One told in a relative clause came before an outcome told earlier in its sentence
    # ("ordered a retrial of X, who was convicted in 2019").
    described = earlier or told_in_relative(m.sentence.text, start - m.sentence.start)
    for o in m.outcomes:
        if (o.end <= start and not described) or step not in outcome_rules()[o.label].undoes:
            continue
        lo, hi = (start, o.start) if o.start > start else (o.end, start)
        between = [e for e in m.sentence.entities
                   if e.label == "PERSON" and lo < e.start < hi and not ours(e)]
        # A name inside the outcome's words is whom it acts on, whatever its tag: "and found
        # Y not guilty".
        between += [e for e in m.sentence.entities
                    if e.label in ("PERSON", "ORG") and o.start < e.start < o.end and not ours(e)]
        # Nor does one that acts on another named person ("convicted X ..., but acquitted
        # his co-accused, Y").
        on = _OBJECT_LEAD.match(m.sentence.text, o.end - m.sentence.start)
        acted_on = on is not None and any(
            e.label == "PERSON" and not ours(e) and e.start - m.sentence.start == on.end()
            for e in m.sentence.entities)
        if not between and not acted_on:
            return o, m
    for lm in later:
        if lm.sentence.start == m.sentence.start or not lm.outcomes:
            continue
        if (lm.sentence.start < m.sentence.start and not earlier
                and not (lede_undoes(lm.sentence, m.sentence)
                         and any(outcome_rules()[o.label].case_wide for o in lm.outcomes))):
            continue
        people = [e for e in lm.sentence.entities if e.label == "PERSON"]
        if any(not ours(e) for e in people):
            continue
        for o in lm.outcomes:
            if step not in outcome_rules()[o.label].undoes:
                continue
            lead = lm.sentence.text[: o.end - lm.sentence.start]
            if people or _PRONOUN.search(lead) or _names_undone(lm.sentence.text,
                                                                 o.end - lm.sentence.start,
                                                                 names):
                return o, lm
            # Told before the name, of one the sentence names by a noun only ("overturned
            # the conviction of a man found guilty last year ... X had been sentenced").
            if lm.sentence.start < m.sentence.start and _UNDONE_FOR_ONE.match(
                    lm.sentence.text, o.end - lm.sentence.start):
                return o, lm
    return None


# "quashed the conviction of Daniel X", "dropped the charges against former surgeon X":
# the words between an outcome and the name it is for, where the entity model did not tag
# the name in that sentence.
_UNDONE_FOR_NAMED = re.compile(
    r"(?:\s+(?:the\s+)?(?:conviction|sentence|charges?|case)s?)?\s+(?:of|against|for)\s+"
    r"(?:(?-i:[a-z])[\w-]*\s+){0,3}?", re.IGNORECASE)


def _names_undone(sentence: str, at: int, names: set[str]) -> bool:
    """Whether the outcome ending at sentence[at:] is for one of `names`, by name."""
    lead = _UNDONE_FOR_NAMED.match(sentence, at)
    if lead is None:
        return False
    rest = sentence[lead.end():]
    return any(re.match(re.escape(n) + r"\b", rest) for n in names if n)


# "the conviction of a man", "of a former surgeon", "acquitted a woman": the one an outcome
# is for, unnamed.
_UNDONE_FOR_ONE = re.compile(
    r"(?:\s+(?:the\s+)?(?:conviction|sentence|charges?|case)s?)?\s+(?:(?:of|against|for)\s+)?(?:a|an|the)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:man|woman|person|businessman|businesswoman|dealer|trader|broker|"
    r"trafficker|smuggler|doctor|surgeon|nurse|defendant|official|officer|owner|driver)\b",
    re.IGNORECASE)


_ORG_WORDS = re.compile(
    r"\b(?:Police|police|Bureau|Department|department|Agency|Prosecution|Ministry|Directorate|Authority|"
    r"Guard|Institute|Service|Services|Inspectorate|Investigations?|Office|Branch|Commission|Court|Council|"
    r"Corps|Corp|Co|Ltd|Inc|LLC|Company|Group|Bank|Hospital|Clinic|Cl[ií]nica|Centre|Center|Laboratory|"
    r"University|Association|Foundation|Network|Union|Forces?|Army|Navy|Fiscal[ií]a|Polic[ií]a|Ministerio|"
    r"Cartel|cartel|Gang|gang|Brigade|Front|Movement|Party|Organi[sz]ation|Agencies|Enforcement|Protection|"
    r"Security|Customs|Nations|Panel|Unit|Squad|Division|Field|Interpol|Europol|Eurojust|Program|Programme|Project|Initiative|Campaign|Fund|Coalition|Alliance|Committee|Mission|Trust)\b"
)
# The words that end a force's or an office's name in `_AGENCY` ("Delhi police").
_FORCES = r"Prosecution|Ministry|Bureau|Directorate|Inspectorate|Department"
_AGENCY = re.compile(
    rf"(?<![\w-])((?:[A-Z][\w'’.-]*\s+){{1,4}}(?:(?:[a-z]+\s+)?police|Police(?:\s+Crime\s+Branch)?|"
    rf"{_FORCES})(?:\s+of\s+(?:[A-Z][\w-]+\s*){{1,4}})?"
    r"|(?:Ministry|Department|Directorate|Bureau)\s+of\s+(?:[A-Z][\w-]+\s*){1,4}"
    r"|(?:[A-Z][a-z]+\s+)(?:[a-z]+\s+)?(?:police|(?:health|labou?r|forest|excise) department))(?![\w-])"
)
# Long agency names: capitalised words joined by "of", "and", "for", "de", "la" ... that hold
# an agency word ("Bureau of Alcohol, Tobacco, Firearms and Explosives", "Homeland Security
# Investigations", "Fiscalía General del Estado de Chiapas").
_CAPW = r"(?:U\.S\.|U\.K\.|[A-ZÀ-Ý][\w'’.-]*)"
_LONG_AGENCY = re.compile(
    rf"(?<![\w-])(?:(?:Bureau|Office|Department|Ministry) of {_CAPW}(?:, {_CAPW})+,? and {_CAPW}"
    rf"|{_CAPW}(?:\s+(?:(?:and|for|&)\s+|(?:of|on|de|del|des|du)\s+(?:(?:the|la|los|las|le)\s+)?)?{_CAPW})*)(?![\w-])"
)
_AGENCY_WORD = re.compile(
    r"\b(?:Enforcement|Investigations?|Investigative|Service|Protection|Police|Polic[ií]a|Bureau|Agency|"
    r"Administration|Office|Department|Directorate|Ministry|Ministerio|Fiscal[ií]a|Control|Guard|Unit|"
    r"Commission|Inspectorate|Prosecution|Branch|Gendarmerie|Carabinieri|Institute|Authority)\b"
)
# A person's title or a building, not the agency: "City Police Officer", "Police Station X",
# and a field office that only locates the agency before it ("the FBI, Newark Field Office").
_AGENCY_TAIL = re.compile(
    r"\b(?:Officers?|Agents?|Detectives?|Sergeants?|Constables?|Collectors?|Chief|"
    r"Commissioner|Superintendent|Spokes\w+|Station|Headquarters|Field (?:Office|Division))\b"
)


def names_a_post(name: str) -> bool:
    """Whether a name the entity model took for a body holds a person's post or a
    building ("Customs District III Collector", "Customs Agent X", "Police Station X"):
    no agency is named by it."""
    return bool(_AGENCY_TAIL.search(name))


_AGENCY_LEAD = re.compile(
    r"^(?:(?:The|A|An|In|On|At|By|When|After|According|While|But|And|Will|Would|Can|Could|Has|Does|Did|Is|"
    r"Agents?|Officers?|Officials?|Two|Three|Of|"
    r"Both|This|That|Its|Their|His|Her)\s+)+"
    # "Agents of Immigration and Customs Enforcement": the lead's own "of" goes with it.
    r"(?:(?:of|for|from|with|at)\s+)?"
)
_DOCTOR = re.compile(r"\bDr\.?\s")
_ACRONYM = re.compile(r"^[A-Z]{2,7}$")
# Courts, judges and the press are never actors of the case they hear or report.
_NEVER = re.compile(
    r"\b(?:Court|Magistrate|Judge|Tribunal|Prosecutor|Attorney|Wire|Newswire|Dispatch|News|Times|Post|Herald|"
    r"Tribune|Press|Reuters|AFP|Gazette|Journal|Radio|Television|TV|Shimbun|Ilbo|Zeitung|Government of|Academy|"
    r"Headquarters|Workshop|"
    r"Criminal Division|Operation|Circuit)\b"
)
# Names that end like a place or are followed by a place noun ("Adiala Road", "the Faisal
# neighbourhood"), and the prepositions that put a bare name in a place ("in Small Heath").
_PLACE_END = re.compile(
    r"\b(?:Road|Street|St|Avenue|Ave|Lane|Bridge|Airport|Station|Stazione|Centrale|Port|Harbou?r|Square|"
    r"Highway|Motorway|Nagar|Vihar|Colony|Bazaar|Market|Camp|District|Province|Heath|Park|Valley|Beach|"
    r"Island|Islands|Sea|River|Mountains?|Desert|Border|Crossing|Corridor)$"
)
_PLACE_AFTER = re.compile(
    r"^['’]?s?\s+(?:district|area|areas|neighbou?rhoods?|village|town|city|region|province|state|camp|road|"
    r"street|market|border|crossing|suburb|slum|township|county|municipality|port|checkpoint|"
    r"airport|highway|river|valley|island|station|terminal)\b",
    re.IGNORECASE,
)
_PLACE_BEFORE = re.compile(
    r"\b(?:in|at|near|outside|across|into|through|crossed|around|towards|toward|via|between|from the|"
    r"in the|at the|near the|hails? from|native of|(?:town|village|city|district|province|"
    r"municipality|county|region) of)"
    r"\s+(?:[A-ZÀ-Ý][\w'’-]*(?:\s+[A-ZÀ-Ý][\w'’-]*)*\s*(?:,\s*(?:and|or)|,|and|or)\s+)*$"
    # A home town after a person's age ("Nisha Rai, 26, of Gorkha") and a district after a
    # numbered municipality or ward ("from Panchkhal Municipality-10, Kavre"); the name
    # after "and" there is the next person's.
    r"|\b\d{1,3},\s+(?:of|from)\s+$|\b(?:Municipality|Ward|VDC)(?:[-\s]No\.?)?[-\s]*\d+,\s+$"
    # The district of a street address ("of Waltham Road, Anfield").
    r"|\b(?:Road|Street|Drive|Avenue|Lane|Close|Crescent|Gardens|Terrace),\s+$"
)
_JOINED = re.compile(r"^\s*(?:and|or)\s+$")
# Capitalised trade words the model tags as names ("Organ", "Forced Labor").
_VOCAB_NAME = re.compile(
    r"^(?:(?:National|Human|Forced|Illegal|Organ|Child)\s+)*(?:Organs?|Labou?r|Trafficking|Harvesting|"
    r"Transplants?|Slavery|Smuggling|Kidneys?|Rumou?rs?|Hearsay|Allegations?|Reports?|"
    r"Sources?|Witnesses|Tissues?|Cells)$",
    re.IGNORECASE,
)
_GENERIC_POLICE = re.compile(r"^[A-Z][\w-]+\s+(?:police|authorities)$")
_LAW = re.compile(
    r"\b(?:Act|Law|Code|Convention|Protocol|Rules|Regulations?)\b$|^(?:Transplantation|Prevention|Prohibition) of\b"
)
_CURRENCY = re.compile(r"^(?:[A-Z]{3}|Rs\.?|Tk\.?)$")
# A currency's name the entity model took for a person ("offering 40,000 Euros").
_CURRENCY_WORD = re.compile(
    r"^(?:Euros?|Dollars?|Pounds?|Rupees?|Naira|Dinars?|Yuan|Pesos?|Francs?|Shillings?|Taka|"
    r"Riyals?|Dirhams?|R[ou]bles?)$")
# What a government signs, runs or gives, and a disease: no party to a case ("the Los
# Angeles Declaration on Migration and Protection", "a Candidate Development Program",
# "the Distinguished Service Award", "COVID"), nor a nomination's heading ("Nominee for
# Administrator, ..."). No gold actor of train, dev or test is so named.
_NOT_A_BODY = re.compile(
    r"\b(?:Declaration|Framework|Treaty|Accord|Compact|Awards?|Prize|Medal|Initiative|"
    r"Strategy)\b|\b[Pp]rogram(?:me)?s?$|^(?:COVID(?:-19)?|Coronavirus|Nominee)\b"
    # A ranking's grade: "the Tier 2 Watch List" of the Trafficking in Persons report.
    r"|^(?:Tier\s+\d\w*|Watch\s+List)\b")
# Those who bring the case to court or sanction a state, not parties to it: a prosecution
# service ("the Crown Prosecution Service said"), a justice department, the UN Security
# Council. News train lists 1 of the 8 such bodies the extraction showed (a prosecutors'
# office that ran the arrests itself), and none of the Security Council's 4; one whose own
# work exposed the case stays (`exposed_the_case`).
_COURT_SIDE_BODY = re.compile(
    r"\b(?:Prosecution Service|Prosecutors?['’]?s? Office|Prosecution of|Public Prosecution|"
    r"Attorney[- ]General['’]?s? (?:Office|Chambers)|Department of Justice|Justice Department|"
    r"Security Council(?!['’]s))\b|['’]s Prosecution$")
# Kinds of weapon written as capitals ("MANPADS (man-portable air-defense systems)").
_WEAPON_WORD = re.compile(r"^(?:MANPADS|RPGs?|IEDs?|ATGMs?|SAMs?)$")
# A make of vehicle or weapon: the product noun follows the name or ends it ("a Suzuki
# van", "Barrett sniper rifles", "Glock semi-automatic pistols").
_PRODUCT = (r"(?:vans?|cars?|trucks?|lorr(?:y|ies)|bus(?:es)?|pick-?ups?|SUVs?|sedans?|jeeps?|"
            r"motorbikes?|rifles?|pistols?|handguns?|guns?|shotguns?|revolvers?|carbines?|"
            r"launchers?|missiles?|grenades?|drones?|(?:ID |identity )?cards)")
_PRODUCT_AFTER = re.compile(
    rf"\s+(?:[a-z]+-[a-z]+\s+|(?:sniper|assault|hunting|automatic|tinted|armou?red)\s+)?"
    rf"{_PRODUCT}\b")
_PRODUCT_END = re.compile(rf"\s{_PRODUCT}$")
# Or the name stands for the product named before it ("the second car, an Audi A3"), or
# carries its number plate ("Lancer P-774DLQ").
_PRODUCT_BEFORE = re.compile(rf"\b{_PRODUCT},\s+(?:a|an|the)\s+$")
_PLATE_AFTER = re.compile(r"\s+[A-Z]{1,3}-\d{3}[A-Z0-9]{2,4}\b")
# A word of an operation's code name ("Operation Fast and Furious").
_OPERATION_BEFORE = re.compile(r"\bOperation\s+(?:[A-Z][\w'’-]*\s+)*(?:(?:and|&)\s+)?$")
# A code name in quotes, after the operation it names ("an operation dubbed 'Lift'") or
# before it ("the 'Fast and Furious' sting"); or two capitalised words joined by "and"
# before it without quotes ("the Fast and Furious gunrunning operation").
_OPERATION = r"(?:[Oo]perations?|[Ss]tings?|[Rr]aids?|[Cc]rackdowns?|[Pp]robes?)"
_CODE_NAME = re.compile(
    rf"\b{_OPERATION},?\s+(?:(?:was|were)\s+)?(?:dubbed|code-?named|called|named)\s+"
    r"[\"“‘']([A-Z][^\"“”‘’'\n]{0,40})[\"”’']"
    r"|[\"“‘']([A-Z][^\"“”‘’'\n]{0,40})[\"”’']\s+"
    r"(?:(?!(?:said|says|told|was|were|is|has|had|led|ran|and|or|in|of)\b)[\w-]+\s+){0,3}"
    rf"{_OPERATION}\b"
    r"|\b[Tt]he\s+([A-Z][a-z]+\s+and\s+[A-Z][a-z]+)\s+(?:[a-z][\w-]*\s+){0,2}"
    rf"(?:{_OPERATION}|scandal)\b")


# A body's words: "the Customs and Excise operation" is the body's, not a code name.
_BODY_PAIR = re.compile(r"\b(?:Customs|Excise|Immigration|Border|Revenue|Security|Justice|"
                        r"Health|Defen[cs]e|Homeland|Labou?r|Interior|Finance)\b")


def code_names(text: str) -> list[str]:
    """The code names the text gives operations."""
    return [m.group(1) or m.group(2) or m.group(3) for m in _CODE_NAME.finditer(text)
            if not (m.group(3) and (_AGENCY_WORD.search(m.group(3)) or _BODY_PAIR.search(m.group(3))))]


def in_code_name(name: str, codes: list[str]) -> bool:
    """Whether the name is a code name or words of one ("Furious" of "Fast and Furious")."""
    if not codes:
        return False
    word = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
    return any(word.search(c) for c in codes)


# A newspaper, a magazine or a broadcaster, named as one ("El Comercio newspaper said", "the
# Charlie Hebdo magazine offices", "the daily Blic"): the press is no party to the case.
_OUTLET_NOUN = (r"(?:newspapers?|magazines?|broadcasters?|tabloid|"
                r"(?:news|media)\s+(?:agency|outlet|site|website|portal))")
_OUTLET = rf"(?:daily|weekly|{_OUTLET_NOUN})"
# ("daily" after a name is more often an adverb: "X daily beat the workers".)
_OUTLET_AFTER = re.compile(rf"\s+{_OUTLET_NOUN}\b", re.IGNORECASE)
# A leader's name that modifies a government ("the Biden administration", "the Duterte
# government") names that government, not the person.
_GOVERNMENT_AFTER = re.compile(r"\s+(?:administration|government|cabinet|presidency|era)\b"
                               # A case known by a name: "the Medicus case", "the X affair".
                               r"|\s+(?:case|affair|scandal)\b")
_OUTLET_BEFORE = re.compile(
    rf"\b(?:(?:the|a)\s+(?:[\w-]+\s+){{0,3}}?{_OUTLET}|(?:news|media)\s+(?:outlet|site|website|portal))\s+$",
    re.IGNORECASE)
# The press at work: a photo credit ("Damir Sagolj/Reuters", "X—AFP"), a byline at a
# sentence's end ("..., writes Tan Ee Lyn"), an outlet's own journalist ("CNN's
# Christiane Amanpour") and a journalist by trade ("Photojournalist X", "reporter X").
_NEWS_AGENCY = (r"(?:Reuters|AP|AFP|EPA|Getty(?: Images)?|Bloomberg|Anadolu|Xinhua|CNN|BBC|NPR|"
                r"Al Jazeera|Sky News|ABC|CBS|NBC|Fox News|Associated Press)")
_CREDIT_AFTER = re.compile(rf"\s*[—–/|]\s*{_NEWS_AGENCY}\b")
# Trades whose words before a name the rules' excluded context lacks (it has "reporter",
# "journalist" and "correspondent"); before the name they are read in any case.
_PRESS_TRADE = r"(?:Photo ?journalist|Photographer|Columnist|Camera ?m[ae]n)"
_PRESS_BEFORE = re.compile(
    rf"(?:\b{_NEWS_AGENCY}['’]s|\b(?i:{_PRESS_TRADE}s?))\s+$")
_PRESS_TITLE = re.compile(rf"^(?:{_PRESS_TRADE}|Journalist|Reporter|Correspondent)\s+[A-Z]")
_WRITES = re.compile(r"\bwrites\s+$")
# A source's attribution after what it told: "..., Globo reported.", "X reported, citing",
# "Al-Arabiya quoted Free Syrian Army sources" (over news train and dev, every name so
# placed is an outlet; a body that "reported that" it acted is a party and stays).
_REPORTED_AFTER = re.compile(r"\s+(?:reported\s*(?:[.!]|,\s+citing\b)|quoted\s+[A-Z])")
_SENTENCE_END = re.compile(r"\s*(?:$|\n|[.!?])")


# A prosecutor or a federal agent named with the office after the name, as court and
# press-office texts announce a case ("William Edwards, U.S. Attorney for the Northern
# District", "X, Special Agent in Charge"), or with a plural office before it ("Trial
# Attorneys X and Y"): who announced or argued the case, no party of it (no such name is a
# gold actor of news train or dev).
_LAW_OFFICE_AFTER = re.compile(
    r",\s+(?:the\s+)?(?:(?:Acting|Assistant|Deputy|First\s+Assistant|Principal\s+Deputy|"
    r"Senior|Special)\s+)*(?:(?:U\.S\.|United\s+States|District)\s+Attorney|Attorney\s+General|"
    r"Special\s+Agent\s+in\s+Charge)\b")
# A news outlet by its name's own words ("Royal Bulletin", "TRT Haber", "Wall Street
# Journal"): it reports the case, and is a party only where its own work exposed it (of
# the six such names the learned layer listed on grouped CV none was a gold actor; the
# one gold outlet so named, "Saturday Tribune", was not listed).
_OUTLET_NAME = re.compile(r"\b(?:Journal|Times|Post(?!\s+Office)|Bulletin|Tribune|Herald|Gazette|"
                          r"Chronicle|News|TV|Radio|Television|Newspaper|Magazine|Haber|Reuters)\b")
_LAW_OFFICES_BEFORE = re.compile(
    r"^(?:(?:Trial|Assistant|Special|Deputy)\s+)?(?:U\.S\.\s+)?(?:Attorneys|Prosecutors|Agents)\s+[A-Z]")


def _press(text: str, start: int, end: int, name: str) -> bool:
    return bool(_CREDIT_AFTER.match(text, end) or _CREDIT_AFTER.search(name) or _PRESS_TITLE.match(name)
                or _PRESS_BEFORE.search(text, max(0, start - 40), start)
                or _WRITES.search(text, max(0, start - 20), start)
                and _SENTENCE_END.match(text, end)
                or _REPORTED_AFTER.match(text, end)
                or _LAW_OFFICE_AFTER.match(text, end) or _LAW_OFFICES_BEFORE.match(name)
                or _OUTLET_NAME.search(name))


# The common noun of a body, capitalised in a headline or a sentence's first word
# ("Gang jailed for modern slavery", "Police said"): no body in particular. (No gold
# actor of train, dev or test is named so; "Interpol" and "Europol" are names, and
# "Customs" is often a service's own short name: "according to Customs".)
_BARE_BODY = re.compile(r"^(?:Police|Agency|Prosecution|Prosecutors?|Gang|Government|Army|"
                        r"Ministry|Military|Immigration|Authorities|Navy)$")


# A portfolio, not the ministry that holds it ("the Special Assistant to the President on
# Foreign Affairs", "Security and Military Affairs").
_PORTFOLIO = re.compile(r"^(?:[A-Z][\w-]*\s+)+(?:and\s+(?:[A-Z][\w-]*\s+)+)?Affairs$")
# The first words of a law the entity model cut short ("the Anti-Trafficking in Persons Act").
_LAW_AFTER = re.compile(
    r"\s+(?:in|of|on|for|against)\s+(?:[A-Z][\w-]*\s+){1,4}(?:Act|Law|Code|Convention|Protocol)\b")
# A count before a one-word plural makes it a common noun for people ("six 'Polleros'",
# "a group of Coyotes"), not someone's name (a gang's name may open with a number:
# "400 Mawozo").
_COUNT_BEFORE = re.compile(
    r"(?:\b(?:two|three|four|five|six|seven|eight|nine|ten|twelve|dozens?\s+of|several|many|"
    r"(?:group|gang|band|ring|network)\s+of)|(?<![-/:.,\d])\d{1,3})\s+[\"“‘']?$",
    re.IGNORECASE)


# An outlet or a body whose own work exposed the case: "An investigation by X found",
# "Checks by X showed", "research by German X magazine", "X has revealed". News train:
# 8 of the 10 names so placed in relevant texts are gold investigators (the others: a
# nation's adjective and a nickname of an agency named in full).
_EXPOSED_BY_BEFORE = re.compile(
    r"\b(?i:investigations?|checks|research|probe|inquiry|analysis|sting|documentary)\s+"
    r"(?:by|of)\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s+){0,2}$")
_EXPOSED_BY_AFTER = re.compile(r"\s+(?:has|have)\s+(?:revealed|found|uncovered|learned|obtained)\b")
# A rights group's or a research body's own report: "a report by the rights group X
# documents 35 cases" (an outlet's "report by" is only its news: no party).
_EXPOSED_BY_GROUP = re.compile(
    r"\b(?:reports?|study|survey|findings|documentation|research|investigations?)\s+"
    r"(?:by|of|from)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}(?:group|organi[sz]ation|NGO|charity|"
    r"watchdog|coalition|institute|think[- ]tank)\s*,?\s*$", re.IGNORECASE)


def exposed_the_case(text: str, start: int, end: int) -> bool:
    """Whether the text credits the name at text[start:end] with the work that exposed the
    case (a newspaper's checks, a broadcaster's investigation)."""
    return bool(_EXPOSED_BY_BEFORE.search(text, max(0, start - 60), start)
                or _EXPOSED_BY_GROUP.search(text, max(0, start - 60), start)
                or _EXPOSED_BY_AFTER.match(text, end))


def _common_word(text: str, name: str) -> bool:
    """A one-word name the text also writes in small letters is a common noun capitalised
    at a sentence's or a heading's start ("Lifestyle diseases", "Gangmasters are criminal
    recruiters who ... gangmasters"), not someone's name."""
    return (" " not in name and len(name) > 1 and name[0].isupper() and name[1:].islower()
            and re.search(rf"(?<![\w-]){re.escape(name.lower())}(?![\w-])", text) is not None)


def names_no_party(text: str, start: int, end: int, name: str) -> bool:
    """Whether the name at text[start:end] is a currency, a kind of weapon, a product's
    make, a word of an operation's code name, a news outlet or one of its journalists, a
    portfolio, the start of a law's title, a declaration, programme or award, a body's
    common noun, a leader's name for a government or a common noun, whatever label the
    entity model gave it. An outlet whose own work exposed the case is a party: its
    investigator."""
    if exposed_the_case(text, start, end):
        return False
    return bool(_CURRENCY_WORD.match(name) or _WEAPON_WORD.match(name) or _common_word(text, name)
                or _NOT_A_BODY.search(name) or _COURT_SIDE_BODY.search(name)
                or _BARE_BODY.match(name) or _PORTFOLIO.match(name)
                or _PRODUCT_END.search(name) or _LAW_AFTER.match(text, end)
                or _PRODUCT_AFTER.match(text, end) or _PLATE_AFTER.match(text, end)
                or _PRODUCT_BEFORE.search(text, max(0, start - 30), start)
                or _OPERATION_BEFORE.search(text, max(0, start - 60), start)
                or " " not in name and name.endswith("s")
                and _COUNT_BEFORE.search(text, max(0, start - 30), start)
                or _OUTLET_AFTER.match(text, end)
                or _GOVERNMENT_AFTER.match(text, end)
                or _OUTLET_BEFORE.search(text, max(0, start - 40), start)
                or _press(text, start, end, name))
_HEADLINE_END = re.compile(r"[.!?\"”:]\s*$")


def _is_headline(sentence: str) -> bool:
    words = [w for w in sentence.split() if w[:1].isalpha()]
    if len(words) < 3 or _HEADLINE_END.search(sentence):
        return False
    caps = sum(1 for w in words if w[:1].isupper())
    return caps >= 0.6 * len(words) or sentence.isupper()


# The force's own word in a name the `_AGENCY` pattern matched.
_FORCE_WORD = re.compile(rf"\b(?:[Pp]olice|{_FORCES}|department)\b")
# Parts of speech that join or place words but never name a force: "Alongside police",
# "Cambodia and police".
_NOT_NAMING = frozenset(("ADP", "CCONJ", "SCONJ", "DET", "PRON", "AUX", "ADV", "PART"))


def _force_lead(st: Sentence, start: int, raw: str) -> int | None:
    """How many characters of a `_AGENCY` name before its force word are no part of the
    name, by the parse: words that join or place ("Alongside police") and a date ("Last
    April police") are cut from its front. None when what is left names nothing, or a
    joining word or a verb stands inside ("Cambodia and police", "India told police")."""
    force = _FORCE_WORD.search(raw)
    if force is None or force.start() == 0:
        return 0
    end = start + force.start()
    dates = [e for e in st.entities if e.label in ("DATE", "TIME")]
    before = [t for t in st.tokens if start <= t.start < end]
    cut = 0
    while cut < len(before) and (before[cut].pos in _NOT_NAMING or any(
            e.start <= before[cut].start < e.end for e in dates)):
        cut += 1
    rest = before[cut:]
    # Nor a verb in small letters ("a recipient from India told police").
    if not rest or any(t.pos in _NOT_NAMING or (t.pos == "VERB" and t.text.islower())
                       for t in rest):
        return None
    return rest[0].start - start


# An armed group named by its words ("the Sinaloa Cartel", "Mexico's Zetas drug cartel",
# "Houthi rebels"), which the entity model cuts to its first word or misses. Not a
# possessor ("Mexico's") and not a nationality ("Mexican cartels": `_nation_bodies`).
_ARMED_NAME = re.compile(
    r"(?<![\w'’-])((?:[A-Z][\w-]*\s+){1,3})(?:(?:drug|armed|street)\s+)?"
    r"(?:[Cc]artels?|rebels|[Mm]ilitias?|insurgents)\b"
)


# Whoever backs a group is not part of its name: "Iran-backed Houthi rebels" are the
# Houthi rebels, and Iran a party of its own.
_BACKER = re.compile(r"^(?:[A-Z][\w.]*-(?:backed|supported|sponsored|funded|allied|aligned|"
                     r"armed|linked|affiliated)\s+)+")


def _armed_entities(m: Marks) -> list[Entity]:
    st = m.sentence
    out = []
    for hit in _ARMED_NAME.finditer(st.text):
        lead = _AGENCY_LEAD.match(hit.group(1))
        cut = lead.end() if lead else 0
        backer = _BACKER.match(hit.group(1)[cut:])
        start = st.start + hit.start() + cut + (backer.end() if backer else 0)
        if start >= st.start + hit.end(1) or any(
                e.label == "NORP" and e.start <= start and st.start + hit.end(1) - 1 <= e.end
                for e in st.entities):
            continue
        out.append(Entity("ORG", start, st.start + hit.end(), st.text[start - st.start : hit.end()]))
    return out


# Rights groups and research bodies the entity model often misses ("Human Rights Watch and
# other organizations have documented ..."): news train names 8 such bodies in relevant
# texts, 7 of them gold investigators.
_WATCHDOG_ENTITY = re.compile(
    r"(?<![\w-])(?:(?:[A-Z][\w'’-]+ ){1,3}(?:Watch|Monitor)|Amnesty International|"
    r"Conflict Armament Research)\b"
)


def _agency_entities(m: Marks) -> list[Entity]:
    out = []
    st = m.sentence
    for hit in _WATCHDOG_ENTITY.finditer(st.text):
        lead = _AGENCY_LEAD.match(hit.group(0))
        raw = hit.group(0)[lead.end() if lead else 0 :]
        if " " in raw:  # not a bare "Watch" left by a leading "The"
            start = st.start + hit.end() - len(raw)
            out.append(Entity("ORG", start, start + len(raw), raw))
    for pattern in (_AGENCY, _LONG_AGENCY):
        for hit in pattern.finditer(st.text):
            raw = hit.group(0)
            lead = _AGENCY_LEAD.match(raw)
            skip = lead.end() if lead else 0
            if pattern is _AGENCY and st.tokens:
                more = _force_lead(st, st.start + hit.start() + skip, raw[skip:])
                if more is None:
                    continue
                skip += more
            raw = raw[skip:].rstrip(" ,")
            if pattern is _LONG_AGENCY and (len(raw.split()) < 2 or not _AGENCY_WORD.search(raw)):
                continue
            if _AGENCY_TAIL.search(raw):
                continue
            if raw.split()[0] in ("Police",) and pattern is _AGENCY:
                continue
            start = st.start + hit.start() + skip
            out.extend(_split_bodies(Entity("ORG", start, start + len(raw), raw)))
    return out


# The word that ends a body's name: two such names joined by "and" are two bodies
# ("Royal Dutch Military Police and Merseyside Police"), while a name whose first part
# ends otherwise is one ("Department of Health and Human Services", "Bureau of Alcohol,
# Tobacco, Firearms and Explosives", "Immigration and Customs Enforcement").
_BODY_HEAD = (rf"(?:{_BODY_WORDS}|Polic[ií]a|Office|Unit|Administration|Inspectorate|"
              r"Carabinieri|Prosecution)")
_BODY_END_LEFT = re.compile(rf"\b{_BODY_HEAD}$")
# The second may go on with what the body is of ("Federal Bureau of Investigation").
_BODY_END_RIGHT = re.compile(rf"\b{_BODY_HEAD}(?: of(?: [A-Z][\w-]+){{1,3}})?$")


def _split_bodies(ent: Entity) -> list[Entity]:
    at = ent.text.find(" and ")
    if at < 0 or " and " in ent.text[at + 5 :]:
        return [ent]
    left, right = ent.text[:at], ent.text[at + 5 :]
    if len(right.split()) < 2 or len(left.split()) < 2:
        return [ent]
    # Two names of one maker are two bodies ("the Harbour Radio Service and Harbour Fact Desk").
    same_maker = left.split()[0] == right.split()[0] and left.split()[0][:1].isupper()
    if not (same_maker or _BODY_END_LEFT.search(left) and _BODY_END_RIGHT.search(right.rstrip("."))):
        return [ent]
    start = ent.start + at + 5
    return [Entity("ORG", ent.start, ent.start + at, left), Entity("ORG", start, ent.end, right)]


_NOT_NAME_WORDS = {"Dr", "Mr", "Mrs", "Ms", "Prof", "Shri", "Smt", "The", "A", "An", "And", "But", "Judge",
                   # "On Tuesday Tommy X, 53, was jailed": a day or a month before the name.
                   "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
                   "January", "February", "March", "April", "June", "July", "August",
                   "September", "October", "November", "December"}


def _extend_person(e: Entity, sent: Sentence, text: str) -> Entity:
    """A person's name with the given names the model left out ("Medhat" of "Medhat Rifky
    Qandil"): proper nouns right before it that the parse joins to it."""
    if e.label != "PERSON" or not sent.tokens:
        return e
    idx = [i for i, t in enumerate(sent.tokens) if e.start <= t.start < e.end]
    if not idx:
        return e
    start, i = e.start, idx[0] - 1
    inside = set(idx)
    while i >= 0:
        t = sent.tokens[i]
        if t.pos != "PROPN" or not t.text[:1].isupper() or t.text.rstrip(".") in _NOT_NAME_WORDS:
            break
        if t.dep != "compound" or t.head not in inside:
            break
        inside.add(i)
        start, i = t.start, i - 1
    # The family name the model left out after the given names ("Traore" of "Oumar Sidibe
    # Traore"): the proper noun right after that the name's last word is a compound of.
    end, j = e.end, idx[-1]
    while (j + 1 < len(sent.tokens) and sent.tokens[j].dep == "compound"
           and sent.tokens[j].head == j + 1):
        t = sent.tokens[j + 1]
        if (t.pos != "PROPN" or not t.text[:1].isupper() or t.start != sent.tokens[j].end + 1
                or t.text.rstrip(".") in _NOT_NAME_WORDS):
            break
        end, j = t.end, j + 1
    if start == e.start and end == e.end:
        return e
    return Entity("PERSON", start, end, text[start:end])


# Several people the entity model read as one name: "Varek, Dolmin and Teshar", "P. D.
# and L. C.". Each part is one to three capitalised words or initials.
_LIST_SEP = re.compile(r"\s*,\s+(?:and\s+)?|\s+and\s+")
_PERSON_PART = re.compile(r"[A-Z][\w'’-]*\.?(?:\s+[A-Z][\w'’-]*\.?){0,2}")
# A generation after a comma ("Tomas L. Rielle, Jr.") is part of the name before it.
_GENERATION = re.compile(r"(?:Jr|Sr|II|III|IV)\.?")


def _split_names(ent: Entity) -> list[Entity]:
    if ent.label not in ("PERSON", "ORG") or _LIST_SEP.search(ent.text) is None:
        return [ent]
    parts, at = [], 0
    for sep in _LIST_SEP.finditer(ent.text):
        parts.append((at, sep.start()))
        at = sep.end()
    parts.append((at, len(ent.text.rstrip(" ,"))))
    words = [ent.text[a:b] for a, b in parts]
    if not all(_PERSON_PART.fullmatch(w) and not _BODY_LEAD_WORD.search(w)
               and not _GENERATION.fullmatch(w) for w in words):
        return [ent]
    # An organisation of two family names ("Procter and Gamble", "Marks and Spencer") is
    # one: an organisation is read as people only when it lists three or more single
    # names, none of them a place.
    if ent.label == "ORG" and (len(words) < 3 or any(" " in w or places.resolve(w) for w in words)):
        return [ent]
    return [Entity("PERSON", ent.start + a, ent.start + b, ent.text[a:b]) for a, b in parts]


def _merge_entities(ents: list[Entity], extra: list[Entity], text: str, sent: Sentence) -> list[Entity]:
    """spaCy's entities, with adjacent person names joined ("Ko Thura" + "Kyaw Swe-Lin") and
    agency names replacing the shorter pieces they contain; a list of people read as one
    name, and two bodies joined by "and", are split."""
    ents = sorted((_extend_person(e, sent, text) for e in ents), key=lambda e: e.start)
    joined: list[Entity] = []
    for e in ents:
        prev = joined[-1] if joined else None
        if (
            prev is not None
            and prev.label == e.label == "PERSON"
            and not text[prev.end : e.start].strip()
        ):
            joined[-1] = Entity("PERSON", prev.start, e.end, text[prev.start : e.end])
        else:
            joined.append(e)
    out = joined + _paired_people(joined, text, sent)
    for x in sorted(extra, key=lambda e: -(e.end - e.start)):
        overlapping = [e for e in out if e.start < x.end and x.start < e.end]
        # An agency name never cuts a person; it replaces shorter pieces of organisations,
        # and a one-word "person" that is only ever its first word ("Gangmasters" of the
        # "Gangmasters and Labour Abuse Authority").
        if all(
            (e.label != "PERSON" or _agency_word_taken(e, x, text))
            and (e.end - e.start) < (x.end - x.start) for e in overlapping
        ):
            out = [e for e in out if e not in overlapping]
            out.append(x)
    split = [part for e in out for part in _split_names(e)]
    split = [part for e in split for part in (_split_bodies(e) if e.label == "ORG" else [e])]
    return sorted(split, key=lambda e: e.start)


# The other of two people joined by "and" whom the entity model left out: "Karel Stoyan and
# Ivo Dimas, were convicted". Two or three capitalised words, ending the clause or before
# its verb.
_NAME_WORDS = r"[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,2}"
_PAIRED_AFTER = re.compile(
    rf"\s+and\s+({_NAME_WORDS})(?=\s*[,.;)]|\s+(?:were|was|are|is|have|has|had|who|both|each)\b)")
_PAIRED_BEFORE = re.compile(rf"(?<![\w'’-])({_NAME_WORDS})\s+and\s+$")


def _paired_people(ents: list[Entity], text: str, sent: Sentence) -> list[Entity]:
    """Person entities for the untagged partner of a two-word person named beside it."""
    out: list[Entity] = []
    for e in ents:
        # (A name the entity model took for a place or a body that `_label` reads as a
        # person's counts: "Osas Igbinoba and Efe Okoro" with the first tagged a facility.)
        if len(e.text.split()) < 2 or e.label != "PERSON" and not (
                e.label in ("ORG", "FAC") and _label(e, clean_name(e.text), []) == "PERSON"):
            continue
        after = _PAIRED_AFTER.match(text, e.end, sent.end)
        before = _PAIRED_BEFORE.search(text, max(sent.start, e.start - 60), e.start)
        for hit in (after, before):
            if hit is None:
                continue
            start, end = hit.span(1)
            name = hit.group(1)
            if (any(x.start < end and start < x.end for x in ents)
                    or any(w in _NOT_NAME_WORDS for w in name.split())
                    or _BODY_LEAD_WORD.search(name) or has_body_words(name)
                    or places.resolve(name)):
                continue
            out.append(Entity("PERSON", start, end, name))
    return out


def _agency_word_taken(person: Entity, agency: Entity, text: str) -> bool:
    """Whether a one-word person entity opens an agency's name and the word stands
    nowhere in the text outside that name."""
    if person.start != agency.start or " " in person.text.strip() or person.end >= agency.end:
        return False
    name = text[agency.start : agency.end]
    return text.count(person.text) == text.count(name)


def names_a_town(name: str) -> bool:
    """Whether a name of two words or more is exactly a town's or a region's ("Phnom
    Penh", "Uttar Pradesh"): a place, never a party (its police or its court is); a
    state is a country. One-word bodies share towns' names ("Hamas", "Wagner"), and so
    do given names ("Patrick")."""
    if " " not in name.strip():
        return False
    found = places.resolve(name)
    return found is not None and found.kind in ("city", "region")


def state_of_nation(name: str) -> str:
    """A nation's adjective named as a party ("Rwandan officials exercise command", "the
    Russian minister") stands for its state, under the country's name ("Rwanda"), so it is
    not a second actor beside the country. A people ("Russians", "Swiss") stays as
    written: the words name persons as often as a state."""
    found = places.resolve(name)
    if (found is None or found.kind != "demonym" or name.endswith("s")
            or found.end - found.start != len(name)):
        return name
    return found.name or name


def has_body_words(name: str) -> bool:
    """Whether the name carries words of a body or of a kind of actor ("Office", "Police",
    "cartel"): no person's given name."""
    return bool(_ORG_WORDS.search(name) or _type_cues().search(name))


def _is_place(text: str, ent: Entity, name: str, m: Marks) -> bool:
    if has_body_words(name):
        return False
    if any(p.start < ent.end and ent.start < p.end for p in m.places):
        return True
    # A town or region named alone ("Phnom Penh" over a dateline): the places inside
    # entity names are not read as places, so the name itself is looked up.
    if names_a_town(name) and not (ent.label == "PERSON"
                                   and written_as_person(text, ent.start, ent.end)):
        return True
    # Joined to a place the gazetteer knows ("from Kathmandu and Kavre"), unless that
    # place is a name the entity model reads as a person ("Natalie and Dara"); a comma
    # before "and" may close a clause instead ("in southern China, and X were caught"),
    # and a nationality is no place ("two Nepalis and Ram Thapa").
    people = [e for e in m.sentence.entities if e.label == "PERSON"]
    if any(_JOINED.match(text[p.end : ent.start]) if p.end <= ent.start
           else _JOINED.match(text[ent.end : p.start])
           for p in m.places if p.kind != "demonym"
           and not any(e.start < p.end and p.start < e.end for e in people)):
        return True
    if _PLACE_END.search(name) or _PLACE_AFTER.match(text[ent.end : ent.end + 30]):
        return True
    before = text[max(m.sentence.start, ent.start - 80) : ent.start]
    after = text[ent.end : ent.end + 3]
    return (bool(_PLACE_BEFORE.search(before)) and not re.match(r"['’]s\b", after)
            and not (ent.label == "PERSON" and _PERSON_CLAUSE_AFTER.match(text, ent.end)))


# A person set off after a place, whose clause goes on: "A recruitment agent in Nairobi,
# X, had promised her ..." (not "in Kathmandu, Kavre and Sindhupalchok").
_PERSON_CLAUSE_AFTER = re.compile(
    r",\s+(?:had|has|have|was|is|who|said|says|told|denied|denies|\d{1,2}\s*,)")


def _label(ent: Entity, name: str, known_people: list[str]) -> str | None:
    """Corrected entity label: the small model often calls people organisations."""
    if ent.label == "PERSON":
        if _ORG_WORDS.search(name):
            return "ORG"
        return "PERSON"
    if has_body_words(name):
        return ent.label
    if _ACRONYM.match(name):
        return "ORG"
    words = name.split()
    if len(words) == 1:
        return "PERSON" if any(same_actor(name, p) for p in known_people) else None
    if all(w[:1].isupper() for w in words) and len(words) <= 4:
        return "PERSON"
    return ent.label


@dataclass(slots=True)
class NameIndex:
    """Where each capitalised word stands in a document, to find a person's later mentions
    by surname in one pass over the text."""

    marks: list[Marks]
    starts: list[int]
    words: dict[str, list[int]]

    def sentence_at(self, pos: int) -> Marks | None:
        return marks_at(self.marks, pos, self.starts)


_CAPWORD = re.compile(r"(?<![\w-])[^\W\d_][\w-]*")


def name_index(text: str, marks: list[Marks]) -> NameIndex:
    words: dict[str, list[int]] = {}
    if marks:
        lo, hi = marks[0].sentence.start, marks[-1].sentence.end
        for hit in _CAPWORD.finditer(text, lo, hi):
            if hit.group()[0].isupper():
                words.setdefault(hit.group(), []).append(hit.start())
    return NameIndex(marks, [m.sentence.start for m in marks], words)


def actors(
    text: str, marks: list[Marks], trade: str, index: NameIndex | None = None
) -> list[Actor]:
    """Actors named in the incident's sentences, one per distinct name.

    With the document's `index`, a person's role is read from every sentence of the document
    that names them, not only the incident's.
    """
    cands: list[_Candidate] = []
    people = [clean_name(e.text) for m in marks for e in m.sentence.entities if e.label == "PERSON"]
    placed: set[str] = set()
    no_party: set[str] = set()
    for m in marks:
        if _is_headline(m.sentence.text):
            continue
        ents = [e for e in m.sentence.entities if e.label in ("PERSON", "ORG", "FAC")]
        # A one-word place the entity model tags a place here ("Kavre district") is a
        # place where it tags it a person ("Kavre, dubbed the kidney valley, has ...").
        placed.update(e.text for e in m.sentence.entities
                      if e.label in ("GPE", "LOC") and " " not in e.text
                      and _PLACE_AFTER.match(text[e.end : e.end + 30]))
        for ent in _merge_entities(ents, _agency_entities(m) + _armed_entities(m), text, m.sentence):
            name = clean_name(ent.text)
            if len(name) < 2 or not re.search(r"[A-ZÀ-Ý]", name) or re.search(r"\d{3,}", name):
                continue
            if (
                _LAW.search(name)
                or _NEVER.search(name) and not exposed_the_case(text, ent.start, ent.end)
                or _CURRENCY.match(name)
                or _VOCAB_NAME.match(name)
                or ent.label != "PERSON"
                and names_a_post(name)
                or name.isupper()
                and len(name) > 7
            ):
                continue
            if _is_place(text, ent, name, m):
                placed.add(name)
                continue
            if names_no_party(text, ent.start, ent.end, name):
                no_party.add(name)
                continue
            if any(mm.start <= ent.start < mm.end for mm in m.money):
                continue
            if ent.label == "PERSON":
                # "Police Inspector Sivakumar": the person, not a force named "Police".
                name = strip_office(name)
            label = _label(ent, name, people)
            if label is None:
                continue
            if _excluded_mention(text, ent, m):
                continue
            for c in cands:
                if same_actor(c.name, name) and (c.label == "PERSON") == (label == "PERSON" or len(name.split()) == 1):
                    if len(name) > len(c.name):
                        c.name = name
                    if label == "PERSON":
                        c.label = "PERSON"
                    c.mentions.append((ent, m))
                    break
            else:
                generic = bool(_GENERIC_POLICE.match(name)) and any(
                    p.kind == "demonym" and p.start == ent.start for p in m.places
                )
                cands.append(_Candidate(name, label, [(ent, m)], generic))
    # A one-word name read as a place once ("from Kathmandu and Kavre") is that place
    # wherever the text names it ("Municipality-10, Kavre").
    cands = [c for c in cands if " " in c.name or c.name not in placed]
    # So is a name the text once calls an outlet or a product, and the words of a code
    # name ("the 'Fast and Furious' sting" ... "Fast and Furious was run by the ATF").
    codes = code_names(text)
    cands = [c for c in cands if c.name not in no_party and not in_code_name(c.name, codes)]
    index = index or name_index(text, marks)
    _complete_names(cands, text, index)
    _add_surname_mentions(cands, index)
    _add_group_mentions(cands, text, index)
    _drop_generic_police(cands)
    out: list[Actor] = []
    # Agencies are listed when the case records enforcement, even if they only speak of it.
    case_enforced = any(m.activity_labels & _ENFORCEMENT_ACTS for m in marks)
    case_denied = any(m.denial for m in marks)
    cues: dict[int, list[Cue]] = {}
    for c in cands:
        for _, m in c.mentions:
            if m.sentence.index not in cues:
                cues[m.sentence.index] = role_cues().find(text, m.sentence.start, m.sentence.end)
    # The headline's and the lede's outcomes reach the case wherever the grouping put them
    # ("A man jailed for trafficking ... has had his conviction quashed" above the paragraph
    # that tells the conviction): statuses are read with them (`outcomes.lede_undoes`).
    lede = [lm for lm in index.marks
            if lm.sentence.paragraph <= 1 and lm.outcomes and all(lm is not x for x in marks)]
    status_marks = sorted(marks + lede, key=lambda x: x.sentence.start) if lede else marks
    for c in cands:
        actor = _build(text, c, trade, case_enforced, cues, case_denied, status_marks)
        if actor is not None:
            out.append(actor)
    for state in _state_actors(text, marks):
        if not any(same_actor(a.name, state.name) for a in out):
            out.append(state)
    return _distinct(out)


def _distinct(found: list[Actor]) -> list[Actor]:
    """One entry per name and type: a group named in several sentences is one actor."""
    seen: set[tuple[str, str]] = set()
    out = []
    for a in found:
        key = (a.name.casefold(), a.type)
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out


# Acts only a perpetrator commits; a state doing them is an actor of the trade ("The
# People's Republic of China executed prisoners and harvested their organs"). Arresting,
# detaining or investigating is what states do against it, so those verbs are absent.
_STATE_ACTS = re.compile(
    r"^(?:execut|harvest|sell|sold|traffick|forc|enslav|kidnap|abduct|st[eo]l|remov|"
    r"coerc|sent$|send|deport)", re.IGNORECASE)


def _state_actors(text: str, marks: list[Marks]) -> list[Actor]:
    """Countries that are the subject of a perpetrator's act in the incident's sentences."""
    out: list[Actor] = []
    for m in marks:
        if not (m.trades or m.organs or m.activities):
            continue
        states = [e for e in m.sentence.entities if e.label == "GPE"]
        if not states:
            continue
        tokens = m.sentence.tokens
        for tok in tokens:
            if tok.dep not in ("nsubj", "nsubjpass") or tok.dep == "nsubjpass":
                continue
            ent = next((e for e in states if e.start <= tok.start < e.end), None)
            if ent is None or not (0 <= tok.head < len(tokens)):
                continue
            verb = tokens[tok.head]
            if verb.pos != "VERB" or not _STATE_ACTS.match(verb.text):
                continue
            name = clean_name(ent.text)
            if any(a.name == name for a in out) or names_a_town(name):
                continue
            found = Found(name, ent.start, ent.end, m.sentence.span, 0.5)
            out.append(Actor(name, "state", "other", mention=found))
    return out


def _drop_generic_police(cands: list[_Candidate]) -> None:
    """"Egyptian police" is the umbrella of a named force in the same case ("Interior
    Ministry", "Tehran police"); it is listed only when no named agency acts."""
    if any(c.label != "PERSON" and _ENFORCER_NAME.search(c.name) and not c.generic for c in cands):
        cands[:] = [c for c in cands if not c.generic]


_GIVEN_NAMES = re.compile(r"(?<![\w-])((?:[A-ZÀ-Ý][\w'’-]+\s+){1,3})$")
_NOT_GIVEN = re.compile(
    r"^(?:The|A|An|And|But|In|On|At|By|Police|Officers?|Judge|Justice|Court|President|Minister|Senator|"
    r"Prosecutors?|Defendant|Co-defendant|Suspect|Mr|Mrs|Ms|Dr|When|After|Before|While|Since|Then|"
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$"
)


def _complete_names(cands: list[_Candidate], text: str, index: NameIndex) -> None:
    """A person first found by surname alone ("Haddad arranged ...") takes the full name the
    document gives elsewhere ("Police arrested Karim Haddad"), which the model missed."""
    for c in cands:
        if c.label != "PERSON" or len(c.name.split()) != 1:
            continue
        for start in index.words.get(c.name, []):
            hit = _GIVEN_NAMES.search(text[max(0, start - 60) : start])
            if hit is None:
                continue
            words = hit.group(1).split()
            while words and _NOT_GIVEN.match(words[0].rstrip(".")):
                words = words[1:]
            if not words or any(_NOT_GIVEN.match(w.rstrip(".")) for w in words):
                continue
            first = start - len(hit.group(1))
            m = index.sentence_at(start)
            if m is None or any(p.start < start and first < p.end for p in m.places):
                continue
            # (Read as any name is: kin or a role at a sentence start is no given name,
            # "Brothers Karl and Emil X".)
            c.name = clean_name(" ".join([*words, c.name]))
            break


def _add_surname_mentions(cands: list[_Candidate], index: NameIndex) -> None:
    """Later sentences often name a person by surname alone ("Pruteanu guarded the flats");
    the small model misses many of those, yet they carry the role.

    A surname inside a name the text already gives someone ("Joseph Okafor") is no mention
    of another who shares it ("Grace Okafor"); where several people share it, a bare
    surname means the one named last before it ("Okafor's wife, Grace Okafor": Joseph)."""
    named = [(e.start, e.end) for c in cands for e, _ in c.mentions]
    sharing: dict[str, list[_Candidate]] = {}
    for c in cands:
        if c.label == "PERSON" and len(c.name.split()) >= 2:
            sharing.setdefault(c.name.split()[-1], []).append(c)
    for surname, people in sharing.items():
        firsts = {id(c): [e.start for e, _ in c.mentions] for c in people}
        for start in index.words.get(surname, []):
            if any(a <= start < b for a, b in named):
                continue
            m = index.sentence_at(start)
            if m is None or _is_headline(m.sentence.text):
                continue
            before = [(max(s for s in firsts[id(c)] if s < start), i) for i, c in enumerate(people)
                      if any(s < start for s in firsts[id(c)])]
            if len(people) > 1 and not before:
                continue  # several share the surname and none is named yet: whose is it?
            owner = people[max(before)[1]] if len(people) > 1 else people[0]
            owner.mentions.append((Entity("PERSON", start, start + len(surname), surname), m))


# Names given to people a sentence before told of without them: "Police named the men as
# X, Y and Z", "The suspects were identified as X and Y", "identified them as X".
_NAMED_AS = re.compile(
    r"\b(?:(?:named|identified|listed|gave the names of)\s+(?:them|the\s+(?:[\w-]+\s+){0,2}?"
    r"(?:men|women|suspects|accused|defendants|couple|pair|brothers|sisters|people|persons|"
    r"nationals|traffickers|smugglers|brokers))\s+as"
    r"|(?:they|the\s+(?:[\w-]+\s+){0,2}?(?:men|women|suspects|accused|defendants|couple|pair|"
    r"brothers|sisters|people|persons|nationals|traffickers|smugglers|brokers|man|woman|suspect|"
    r"surgeon|doctor|broker|driver))\s+(?:were|have been|had been|was|has been)\s+"
    r"(?:named|identified)\s+as)\s+(?:(?:Dr|Mr|Mrs|Ms|Prof)\.|[^.;:]){0,120}?$", re.IGNORECASE)
# "The suspect, X,", "The man, X, 45,": a definite noun in apposition to the name.
_THE_ONE_APPOSED = re.compile(r"\b[Tt]he\s+(suspect|accused|man|woman)\s*,\s*$")
# The people a sentence says the law (or a gang) acted on, by a noun ("Three Chinese
# nationals were charged", "police arrested four men", "police rescued four women").
_GROUP_NOUN = re.compile(r"^(?:men|women|nationals|suspects|people|persons|accused|"
                         r"defendants|brothers|sisters|traffickers|smugglers|brokers|couple|"
                         r"pair|members|man|woman|suspect)$", re.IGNORECASE)
# (Also those held, found, rescued or freed: the women "the gang held" and police "rescued"
# are named after them as often, and read there they are hidden as the victims they are.)
_ACTED_ON_VERB = re.compile(r"^(?:arrested|charged|convicted|sentenced|detained|indicted|"
                            r"jailed|accused|prosecuted|held|nabbed|apprehended|extradited|"
                            r"remanded|found|rescued|freed)$", re.IGNORECASE)


def _add_group_mentions(cands: list[_Candidate], text: str, index: NameIndex) -> None:
    """A person named only as one of a group told of in the sentence before ("Three Chinese
    nationals were charged ... Police named the men as X, Y and Z") is read there too:
    the group's words (`_GROUP_NOUN`, the subject or object of an act of the law, or of
    one done to victims) stand as a mention of each name, so that their status and role are
    the group's, and victims named so are read as victims ("Police rescued four women ...
    The women were identified as X and Y")."""
    for c in cands:
        if c.label != "PERSON":
            continue
        for ent, m in list(c.mentions):
            s = m.sentence
            apposed = _THE_ONE_APPOSED.search(text, max(s.start, ent.start - 40), ent.start)
            if not (_NAMED_AS.search(text, s.start, ent.start) or apposed):
                continue
            k = next((i for i, x in enumerate(index.marks) if x is m), 0)
            for prev in reversed(index.marks[max(0, k - 2) : k]):
                # (The noun of an apposition is the antecedent's own: "arrested a man who
                # lured ... The suspect, X," names the man; "The woman, X," names no man.)
                group = _acted_on_group(prev.sentence, apposed.group(1) if apposed else None)
                if group is not None:
                    lo, hi = group
                    c.mentions.append((Entity("PERSON", lo, hi, text[lo:hi]), prev))
                    break
            break


def _acted_on_group(sent: Sentence, noun: str | None = None) -> tuple[int, int] | None:
    """The span of the noun phrase of a group the sentence says was acted on (`_ACTED_ON_VERB`;
    with `noun`, one whose noun it is, or a man or a woman for a suspect)."""
    tokens = sent.tokens
    nouns = None if noun is None else {noun.lower()} | (
        {"man", "woman"} if noun.lower() in ("suspect", "accused") else set())
    for i, t in enumerate(tokens):
        if not _GROUP_NOUN.match(t.text) or t.dep not in ("nsubj", "nsubjpass", "dobj"):
            continue
        if nouns is not None and t.text.lower() not in nouns:
            continue
        if 0 <= t.head < len(tokens) and _ACTED_ON_VERB.match(tokens[t.head].text):
            words = [j for j in _subtree(tokens, i) if j <= i]
            return tokens[min(words)].start, t.end
    return None


# Role priorities, lower wins: a role noun attached to the name, a role verb the name is the
# subject or agent of, a profession noun (a nurse who recruits is a recruiter), a generic
# noun ("an agent", "a member"), and last the nearest role word in the sentence.
_P_NOUN, _P_VERB, _P_PROFESSION, _P_WEAK, _P_NEAR = 0, 1, 2, 3, 4
_PROFESSIONS = {"surgeon", "medical_staff"}
_WEAK_NOUN = re.compile(
    r"^(?:agents?|members?|heads?|owners?|operators?|bosses|boss|traffickers?|associates?|"
    r"coordinators?|officials?|leaders?)$",
    re.IGNORECASE,
)
_VERB_POS = {"VERB", "AUX"}
# Between a role noun and the name after it: "the broker X", "a broker, X", "the leader of the
# ring, X", "a driver identified as X", "a man surnamed Kuang".
_TIGHT_BEFORE = re.compile(
    r"\s*(?:of (?:the|a|an|this|that|its|their|his|her) [\w-]+(?: [\w-]+)?\s*)?,?\s*"
    r"(?:(?:who (?:was|is|has been) )?(?:identified|named|known|described|listed|referred to)"
    r"(?: [\w-]+){0,3} as\s+|alias\s+|surnamed\s+)?"
    r"(?:(?:Dr|Mr|Mrs|Ms|Shri|Smt|Prof)\.?\s+)?[\"“']?\s*",
    re.IGNORECASE,
)
# Between the name and a role noun after it: "X, 52, a surgeon", "X (a nurse)", "X, the
# clinic's owner", "X, who was a driver".
_TIGHT_AFTER = re.compile(
    r"(?:\s*,\s*(?:\d{1,3}|aged \d{1,3}|(?:alias|a/k/a) [^,]{1,30}))*"
    r"\s*(?:,|\(|—|–)\s*(?:(?:who|and) (?:is|was|has been|had been) )?"
    r"(?:(?:a|an|the|his|her|its|their|one|another|also) )?"
    # (Not a verb of speech: "X, 31, said the broker, Y, ..." names Y the broker.)
    r"(?:(?!(?:said|says|told|tells|added|adds|explained|recalled|claimed|alleged|testified|"
    r"accused|denied|insisted|stated|wrote)\b)[\w'’-]+ ){0,4}",
    re.IGNORECASE,
)
_IDENTIFYING = {"identified", "named", "known", "described", "listed", "surnamed", "called"}


@dataclass(slots=True)
class _RoleHit:
    priority: int
    dist: int
    label: str
    cue: Cue


def _cue_tokens(sent: Sentence, cue: Cue) -> list[int]:
    return [i for i, t in enumerate(sent.tokens) if t.start < cue.end and cue.start < t.end]


def _is_noun_cue(sent: Sentence, cue: Cue) -> bool:
    idx = _cue_tokens(sent, cue)
    if not idx:
        return True
    return sent.tokens[idx[-1]].pos not in _VERB_POS


def _proxies(tokens: list[Token], root: int) -> list[int]:
    """The name's token and the nouns that stand for it: the head of an apposition and the
    noun of "a man identified as X"."""
    out = [root]
    t = tokens[root]
    if t.dep == "appos" and t.head != root:
        out.append(t.head)
    if t.dep == "pobj" and tokens[t.head].text.lower() == "as":
        verb = tokens[t.head].head
        if tokens[verb].text.lower() in _IDENTIFYING and tokens[verb].dep in ("acl", "relcl"):
            out.append(tokens[verb].head)
    out.extend(j for j in children(tokens, root) if tokens[j].dep == "appos")
    # The business the name owns acts for it: "Adler's company charged recipients ...".
    if t.dep == "poss" and t.head != root and _OWNED_BODY.match(tokens[t.head].text):
        out.append(t.head)
    return out


_OWNED_BODY = re.compile(r"^(?:company|companies|firm|agency|clinic|network|ring|gang|"
                         r"business|organi[sz]ation|operation|outfit|enterprise)$", re.IGNORECASE)


def _attached_verbs(tokens: list[Token], proxies: list[int]) -> list[int]:
    """Verbs the name is the subject or the passive agent of, with their conjuncts and the
    verbs of a relative clause on the name ("X, who recruited ...")."""
    verbs: list[int] = []
    for p in proxies:
        t = tokens[p]
        if t.dep in ("nsubj", "nsubjpass") and t.head != p:
            verbs.append(t.head)
        if t.dep == "pobj" and tokens[t.head].text.lower() == "by":
            verbs.append(tokens[t.head].head)
        verbs.extend(j for j in children(tokens, p) if tokens[j].dep in ("relcl", "acl"))
    more: list[int] = []
    for v in verbs:
        for j in children(tokens, v):
            if tokens[j].dep in ("conj", "xcomp") and tokens[j].pos in _VERB_POS:
                more.append(j)
            if tokens[j].dep in ("prep", "attr", "acomp"):
                more.append(j)
                for k in children(tokens, j):
                    if tokens[k].dep in ("pcomp", "pobj"):
                        more.append(k)
    return verbs + more


# Prepositions whose object is someone the subject deals with, never the subject itself
# ("paid a broker", "sold to buyers", "worked with smugglers"; not "worked as a broker").
_OTHER_PARTY_PREP = frozenset({"to", "from", "with", "against", "through", "via"})
_MEDICAL_ACT = re.compile(r"^(?:examin\w*|operat\w*|treat\w*|test\w*|screen\w*|remov\w*|prepar\w*|"
                          r"harvest\w*|extract\w*|transplant\w*|anaes?thetis\w*|sedat\w*)$",
                          re.IGNORECASE)


def _mention_hits(text: str, ent: Entity, sent: Sentence, cues: list[Cue], others: list[Entity]) -> list[_RoleHit]:
    """Role words attached to one mention of a name, with their priority."""
    hits: list[_RoleHit] = []
    tokens = sent.tokens
    root = entity_root(sent, ent) if tokens else None
    proxies = _proxies(tokens, root) if root is not None else []
    verbs = set(_attached_verbs(tokens, proxies)) if proxies else set()
    proxy_set = set(proxies)
    lead = _ROLE_LEAD.match(ent.text)
    for cue in cues:
        if ent.start <= cue.start < ent.end:
            # "Surgeon X removed ...": a role word the entity model took into the name at
            # a sentence start, which the name loses (`clean_name`), is the name's own.
            if lead is not None and cue.start == ent.start and cue.end <= ent.start + lead.end():
                prio = _P_PROFESSION if cue.label in _PROFESSIONS else _P_NOUN
                hits.append(_RoleHit(prio, 0, cue.label, cue))
            continue
        # "that surgeon X removed her kidney": a role noun right before the name is the
        # name's, however the parse reads it (here a verb with X its object).
        if (cue.end <= ent.start and not text[cue.end : ent.start].strip()
                and _ROLE_TITLE.fullmatch(cue.text)):
            prio = _P_PROFESSION if cue.label in _PROFESSIONS else _P_NOUN
            hits.append(_RoleHit(prio, 0, cue.label, cue))
            continue
        noun = _is_noun_cue(sent, cue)
        between = (cue.end, ent.start) if cue.end <= ent.start else (ent.end, cue.start)
        dist = between[1] - between[0]
        crosses = any(
            o.start >= between[0] and o.end <= between[1] and o.label in ("PERSON", "ORG")
            for o in others
        )
        label = cue.label
        idx = set(_cue_tokens(sent, cue))
        if label == "seller_donor" and noun and any(
            tokens[i].dep in ("dobj", "pobj") and tokens[i].head in verbs
            and not _MEDICAL_ACT.match(tokens[tokens[i].head].text) for i in idx
        ):
            # "X finds the sellers": who acts on the sellers brokers them; not who examines
            # or operates on them ("the surgeon X examined the sellers").
            hits.append(_RoleHit(_P_VERB, dist, "broker", cue))
            continue
        if noun and any(
            (label == "buyer" and tokens[i].dep == "dobj" and tokens[i].head in verbs)
            or (tokens[i].dep == "pobj" and tokens[i].head in verbs
                and tokens[tokens[i].head].text.lower() in _OTHER_PARTY_PREP)
            for i in idx
        ):
            # The one the name's verb acts on or deals with is another party: "X's company
            # charged recipients 160,000 dollars", "X paid 80,000 pounds to a broker".
            continue
        if noun and _apposed_to_another(tokens, idx, others, ent):
            continue  # "the broker, Y,": the noun is Y's
        if noun:
            gap = text[between[0] : between[1]]
            tight = (
                _TIGHT_BEFORE.fullmatch(gap) if cue.end <= ent.start else _TIGHT_AFTER.fullmatch(gap)
            )
            if (tight and not crosses) or idx & proxy_set:
                weak = _WEAK_NOUN.match(cue.text)
                prio = _P_WEAK if weak else _P_PROFESSION if label in _PROFESSIONS else _P_NOUN
                hits.append(_RoleHit(prio, dist, label, cue))
                continue
            if idx & verbs:
                prio = _P_WEAK if _WEAK_NOUN.match(cue.text) else _P_PROFESSION if label in _PROFESSIONS else _P_VERB
                hits.append(_RoleHit(prio, dist, label, cue))
                continue
        elif idx & verbs:
            hits.append(_RoleHit(_P_VERB, dist, label, cue))
            continue
        if crosses or dist > (BEFORE if cue.end <= ent.start else AFTER):
            continue
        if not noun and _done_by_another(tokens, idx, root, ent):
            continue
        if cue.end <= ent.start and _QUOTE_CLOSE.search(text, cue.end, ent.start):
            # A word of a quotation the name then speaks ("'... kidnapped or bought from
            # poor parents,' X, joint commissioner, told AFP") tells of others.
            continue
        hits.append(_RoleHit(_P_NEAR, dist, label, cue))
    # A surgeon or a nurse the sentence says "sold" a kidney sold another's, never their
    # own: "Surgeon X removed the kidney of a witness and sold it" (read as the seller, the
    # surgeon was masked as a victim).
    if any(h.priority == _P_PROFESSION and h.label in _PROFESSIONS for h in hits):
        hits = [h for h in hits if h.label != "seller_donor"]
    return hits


# Role nouns written as a title before a name ("surgeon X", "broker X").
_ROLE_TITLE = re.compile(r"(?:brokers?|traffickers?|recruiters?|smugglers?|middlem[ae]n|surgeons?|"
                         r"doctors?|nurses?|urologists?|physicians?)", re.IGNORECASE)
_QUOTE_CLOSE = re.compile(r"[”\"]\s*$|[”\"],|[,.?!][’']\s")


def _sells_a_person(sent: Sentence, ent: Entity) -> bool:
    """Whether the parse makes the name (or the noun it stands beside) the active subject of
    a verb of sale with a person as its object ("X sold her to a brothel")."""
    # The agent of a sale told in the passive: "a girl was sold by her uncle, X, to a brick
    # kiln owner", "were sold by X".
    if _SOLD_BY_BEFORE.search(sent.text, 0, max(0, ent.start - sent.start)):
        return True
    tokens = sent.tokens
    root = entity_root(sent, ent) if tokens else None
    if root is None:
        return False
    for p in _proxies(tokens, root):
        # The verb the name is the subject of, or a clause on the name the parser hung on it
        # ("Prosecutors said X, 47, sold seven women": "sold" may modify X).
        verbs = [tokens[p].head] if tokens[p].dep == "nsubj" else []
        verbs += [j for j in children(tokens, p) if tokens[j].dep in ("acl", "relcl")]
        # "X is alleged to have sold four babies": the sale the report is of.
        if tokens[p].dep == "nsubjpass" and _REPORTED_VERB.match(tokens[tokens[p].head].text):
            verbs += [j for j in children(tokens, tokens[p].head) if tokens[j].dep == "xcomp"]
        for v in verbs:
            if (0 <= v < len(tokens) and _SALE_VERB.match(tokens[v].text)
                    and not any(tokens[j].dep == "auxpass" for j in children(tokens, v))
                    and any(tokens[j].dep == "dobj" and _SOLD_PERSON.match(tokens[j].text)
                            for j in children(tokens, v))):
                return True
    return False


_SALE_VERB = re.compile(r"^(?:sold|sells?|selling)$", re.IGNORECASE)
_SOLD_BY_BEFORE = re.compile(r"\b(?:was|were|been|being)\s+sold\s+by\s+(?:(?:her|his|their|a|an|the)\s+"
                             r"(?:own\s+)?[\w-]+\s*,\s*)?$", re.IGNORECASE)
_SOLD_PERSON = re.compile(r"^(?:her|him|them|girls?|boys?|women|woman|children|child|"
                          r"babies|baby|newborns?|infants?|minors?|brides?|wives|victims?|"
                          r"people|migrants|workers)$", re.IGNORECASE)
_REPORTED_VERB = re.compile(r"^(?:alleged|accused|said|believed|suspected|thought|reported|"
                            r"known|understood)$", re.IGNORECASE)


def _apposed_to_another(tokens: list[Token], idx: set[int], others: list[Entity],
                        ent: Entity) -> bool:
    """Whether the parse sets the role noun in apposition with another person's name ("X
    said the broker, Y, promised him ...")."""
    def other_person(k: int) -> bool:
        return any(o.label == "PERSON" and o.start <= tokens[k].start < o.end
                   and not (ent.start <= o.start < ent.end) for o in others)
    for i in idx:
        near = [j for j in children(tokens, i) if tokens[j].dep == "appos"]
        if tokens[i].dep == "appos" and 0 <= tokens[i].head < len(tokens):
            near.append(tokens[i].head)
        if any(other_person(j) for j in near):
            return True
    return False


def _clause_verb(tokens: list[Token], i: int) -> int:
    """The verb of the clause token `i` stands in (itself, if a verb)."""
    seen = set()
    while tokens[i].pos not in ("VERB", "AUX") and 0 <= tokens[i].head < len(tokens) \
            and tokens[i].head != i and i not in seen:
        seen.add(i)
        i = tokens[i].head
    return i


def _done_by_another(tokens: list[Token], idx: set[int], root: int | None, ent: Entity) -> bool:
    """Whether the parse gives a role verb near the name a doer of its own: a noun subject
    that is not the name, or a relative pronoun standing for another noun ("X said she
    had met farmers who sold their kidneys": the farmers sold). A personal pronoun may
    stand for the name and leaves it to nearness."""
    mine = {i for i, t in enumerate(tokens) if ent.start <= t.start < ent.end}
    if root is None or not mine:
        return False
    own_verbs = {tokens[j].head for j in _joined(tokens, root)
                 if tokens[j].dep in ("nsubj", "nsubjpass")}
    for v in idx:
        doer = next((j for j in children(tokens, v) if tokens[j].dep in ("nsubj", "nsubjpass")),
                    None)
        if doer is None or doer in mine or tokens[doer].text.lower() in _SUBJECT_PRONOUN:
            continue
        if tokens[doer].text.lower() in _RELATIVE_PRONOUN:
            head = tokens[v].head
            if (tokens[v].dep == "relcl" and 0 <= head < len(tokens) and head not in mine
                    and not _joined(tokens, head) & _joined(tokens, root)
                    # "X and Y were part of a gang who smuggled migrants": the gang is theirs.
                    and _clause_verb(tokens, head) not in own_verbs):
                return True
            continue
        if tokens[doer].pos in ("NOUN", "PROPN") and not _joined(tokens, doer) & _joined(tokens, root):
            return True
    return False


def _pick_role(hits: list[_RoleHit]) -> str | None:
    """The role of the strongest attachment; among equals the label most mentions agree on,
    then the closest."""
    if not hits:
        return None
    top = min(h.priority for h in hits)
    best = [h for h in hits if h.priority == top]
    votes: dict[str, int] = {}
    for h in best:
        votes[h.label] = votes.get(h.label, 0) + 1
    return min(best, key=lambda h: (-votes[h.label], h.dist)).label


# A body's kind named right before its name, which the entity model may read as a
# person's ("a report by the rights group Migrant Voice", "the shipping company Alvar").
_BODY_BEFORE = re.compile(
    r"\b(?:NGOs?|charity|(?:rights|human rights|advocacy|aid|campaign|relief|research|"
    r"anti-trafficking|civil society|non-?governmental|non-?profit|watchdog|activist|"
    r"lobby) (?:group|organi[sz]ation|body|charity|network|coalition)|newspaper|broadcaster|"
    r"news agency|(?:shipping|security|logistics|trading|freight|charter|cargo|air) "
    r"(?:company|firm|operator|carrier))\s*,?\s*$"
    # "recruited by the agency Golden Star" (not "a spokesman for the agency, X,").
    r"|\b(?:the|an?)\s+(?:(?:recruitment|employment|placement|travel|manpower|labou?r|"
    r"modelling|marriage|matchmaking|shipping)\s+)?agency\s+$", re.IGNORECASE)


_BODY_AFTER = re.compile(
    r"\s*,\s*(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?(?:charity|NGO|non-?profit|non-?governmental "
    r"organi[sz]ation|rights group|advocacy group|aid group|foundation|shipping company|"
    r"trading company|recruitment agency|employment agency|manpower agency)\b", re.IGNORECASE)


def named_as_body(text: str, start: int, end: int) -> bool:
    """Whether a body's kind stands beside the name at text[start:end] ("the rights group
    Migrant Voice", "Maiti Nepal, a charity"): the noun says what it is, whatever the
    entity model read."""
    return bool(_BODY_BEFORE.search(text[max(0, start - 50) : start])
                or _BODY_AFTER.match(text, end))


def _build(
    text: str,
    c: _Candidate,
    trade: str,
    case_enforced: bool,
    cues: dict[int, list[Cue]],
    case_denied: bool = False,
    marks: list[Marks] | None = None,
) -> Actor | None:
    type_ = entity_type(c.name, c.label)
    if type_ == "person" and any(named_as_body(text, e.start, e.end) for e, _ in c.mentions):
        type_ = "organization"
    if (type_ == "organization" and c.label == "ORG" and _PERSON_SHAPED.match(c.name)
            and not has_body_words(c.name)
            and any(written_as_person(text, e.start, e.end) for e, _ in c.mentions)):
        # "a gunsmith, X, 51," that the entity model read as a body: a name written as a
        # person's is one.
        type_ = "person"
    exposed = any(exposed_the_case(text, e.start, e.end) for e, _ in c.mentions)
    if exposed and type_ == "person" and _NEVER.search(c.name):
        type_ = "organization"  # "The Yomiuri Shimbun has obtained ...": a newspaper
    if type_ == "person":
        c.name = strip_office(c.name)
    hits: list[_RoleHit] = []
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
        for hit in _mention_hits(text, ent, s, cues.get(s.index, []), s.entities):
            if (
                type_ == "person"
                and hit.label in _PERSON_ENFORCERS
                and not (0 <= ent.start - hit.cue.end <= 3)
            ):
                continue
            hits.append(hit)
    role_label = _pick_role(hits)
    strong = any(h.priority < _P_PROFESSION for h in hits)
    officer = type_ == "person" and any(_officer_before(text, e, m, c.name) for e, m in c.mentions)
    if officer and any(enforced(m.sentence, e, courts_only=True) for e, m in c.mentions):
        # An officer the courts act on ("a coast guard officer, X, pleaded guilty to taking
        # bribes from smugglers") is the case's corrupt official, not its investigator.
        officer = False
        if role_label not in TRADER_ROLES or all(h.priority >= _P_WEAK for h in hits
                                                 if h.label == role_label):
            role_label = "official"  # not the smugglers' word near the name ("ferried")
    if officer and role_label in TRADER_ROLES and not any(h.priority <= _P_PROFESSION
                                                          for h in hits):
        # "Federal agent X testified that the rifles were bought": a trade word near a law
        # officer's name is the case's, not the officer's.
        role_label = "investigator"
    # "Dr. X" in an organ case is its medical staff unless a trafficking role is attached
    # to X, or the surgeon where a surgeon's word is ("Dr X, a urologist"). News train
    # lists 14 people called doctor with no surgeon's word near the name: 12 as medical
    # staff, 2 as surgeons.
    if (
        type_ == "person"
        and not strong
        and (role_label is None or role_label in _PROFESSIONS
             or min((h.priority for h in hits), default=_P_NEAR) >= _P_WEAK)
        and any(
            _DOCTOR.search(text[max(0, e.start - 6) : e.start + 4])
            and (trade == "organ" or m.organs or "transplant" in m.activity_labels)
            for e, m in c.mentions
        )
    ):
        # Not the hospital's owner or head: its party, not its staff (news train lists
        # hospital owners and directors as `other`).
        role_label = (role_label if role_label in _PROFESSIONS
                      else None if any(_runs_a_business(text, e, m) for e, m in c.mentions)
                      else "medical_staff")
    if role_label == "leader":
        # A ring's leader arranges the organ deals; elsewhere a ringleader is "other".
        role_label = "broker" if trade == "organ" else "other"
    enforcer_org = type_ == "organization" and bool(_ENFORCER_NAME.search(c.name))
    if type_ == "person" and any(
        # The candidate is a person even where the model labelled this mention otherwise.
        # An arms case's words of trade are said of buyers ("sold X rifles"): there only
        # the person killed or wounded is its victim ("an attack that killed X").
        is_victim(text, m.sentence, replace(e, label="PERSON")) if trade != "weapons"
        else _harmed(text, m.sentence, e) for e, m in c.mentions
    ):
        # A named victim is never a perpetrator and never under arrest in the case, whatever
        # role or status word stands near the name; the extractor replaces the name.
        ent0, m0 = c.mentions[0]
        mention = Found(c.name, ent0.start, ent0.end, m0.sentence.span, 0.7)
        victim_actor = Actor(c.name, type_, "seller_donor", "mentioned", mention, None)
        victim_actor.pseudonymised = True
        return victim_actor
    if speaks_only and not (enforcer_org and case_enforced):
        return None
    role = trade_role(role_label, trade, False) if role_label else None
    victim = False
    if type_ == "person":
        ctx = " ".join(
            text[max(m.sentence.start, e.start - 80) : min(m.sentence.end, e.end + 80)]
            for e, m in c.mentions
        )
        # A suspect or an offender is no victim: words near the name, or a verdict or a
        # sentence the parse binds to it ("X received a two-year sentence", "X, Y and Z
        # are guilty of exploiting their victims").
        suspect = re.search(r"\b(?:arrested|accused|suspect|charged|convicted|jailed|"
                            r"sentenced|imprisoned|pleaded guilty|found guilty)", ctx,
                            re.IGNORECASE) or any(
            enforced(m.sentence, e, courts_only=True) for e, m in c.mentions)
        if (role in (None, "other") and _VICTIM_CONTEXT.search(_ACTED_ON.sub(" ", ctx))
                and not suspect and not officer
                # Nor one whom the sentence makes the trade's agent ("X works for a network
                # that sends donors to clinics"): the donors near the name are others.
                and not any(_AGENT_OF_TRADE.match(text, e.end, m.sentence.end)
                            for e, m in c.mentions)
                # An official telling of the victims ("SSP X confirmed the interrogation of
                # the victims") is none of them.
                and not any(_speaks_for_a_body(text, e, m) or _runs_a_business(text, e, m)
                            for e, m in c.mentions)):
            role = "seller_donor"
        near_only = all(h.priority == _P_NEAR for h in hits if h.label == role)
        if (role in (None, "other", "seller_donor") or role in TRADER_ROLES and near_only) \
                and trade == "organ" and _recipient(text, c):
            # The words near a recipient are a donor's and a kidney's ("receiving a donor
            # organ from Y"), or the broker's they paid ("paid a broker 70,000 euros and
            # received a kidney"): whom the parse makes the one the organ went to bought it.
            role = "buyer"
        # Organ sellers and trafficked people are victims; weapons suppliers are not.
        # Nor is one the text calls a trafficker or a broker ("a trafficker, Mrs X, who sold
        # a 15-year-old girl"): the seller of a person.
        if role == "seller_donor" and trade == "human" and any(
                _sells_a_person(m.sentence, e) for e, m in c.mentions):
            # One who sells a person ("the agent, X, sold her to a brothel") brokers the
            # sale; the one sold is the passive subject, and stays the victim.
            role = "broker"
        victim = (role == "seller_donor" and trade != "weapons" and not suspect
                  and not any(named_as_perpetrator(text, m.sentence.start, e.start)
                              for e, m in c.mentions))
        if role in _PERSON_ENFORCERS and not acts:
            return None
        if role is None and trade == "organ" and any(_runs_a_business(text, e, m)
                                                     for e, m in c.mentions):
            # The owner or the head of an organ case's hospital or clinic is its party
            # whatever the sentence says they did (news train lists them as `other`).
            role = "other"
        if role is None:
            if not acts:
                return None
            role = ("investigator" if officer else
                    _suspect_role(text, trade) if status_hint(text, c.mentions, marks) else
                    # "X, the Director-General of the agency, said": its official.
                    "official" if any(_speaks_for_a_body(text, e, m, titled=False)
                                      for e, m in c.mentions) else "other")
    else:
        enforcing = any(m.activity_labels & _ENFORCEMENT_ACTS for _, m in c.mentions) or (
            enforcer_org and case_enforced
        )
        if type_ == "organization" and (role in _PERSON_ENFORCERS or _ENFORCER_NAME.search(c.name)):
            if not enforcing and not case_denied and not any(m.denial for _, m in c.mentions):
                return None
            role = (
                "investigator"
                if _ENFORCER_NAME.search(c.name) or enforcing and not _ADMIN_NAME.search(c.name)
                else "official"
            )
        if type_ == "organization" and (exposed or role in TRADER_ROLES
                                         and policing_name(c.name)):
            # Whose own work exposed the case investigated it, whatever trade words stand
            # near ("The Times has obtained recordings of the brokers"), and so did a body
            # named for policing or documenting the trades ("allegations by Amnesty
            # International accusing it of supplying weapons").
            role = "investigator"
        if role is None:
            if type_ in ("facility", "armed_group", "state"):
                role = "other"
            elif (type_ == "organization" and _WATCHDOG_NAME.search(c.name)
                  and any(_INQUIRY.search(m.sentence.text) for _, m in c.mentions)):
                role = "investigator"
            else:
                return None
        if type_ == "facility" and role != "buyer":
            # The hospital or clinic of an organ case is where the organs were taken out
            # and put in: news train lists 31 such facilities, 30 of them as medical staff.
            role = "medical_staff" if trade == "organ" else "other"
        if type_ == "armed_group" and role not in ("buyer", "transporter"):
            # The militia or cartel of an arms case is whom the weapons went to: news
            # train lists 25 armed groups of arms cases, 23 as buyers.
            role = "buyer" if trade == "weapons" else "other"
        if type_ == "organization" and role in (
            "surgeon",
            "medical_staff",
            "seller_donor",
            "enforcer",
        ):
            return None
        if type_ == "organization" and role in ("investigator", "official") and company_name(
                c.name):
            # A firm neither investigates nor governs: the agency "Gulf Jobs Ltd" that a
            # ministry suspended is read by the ministry's words around it.
            role = "other"
    ent0, m0 = c.mentions[0]
    mention = Found(c.name, ent0.start, ent0.end, m0.sentence.span, 0.7)
    status, status_found = (
        # A victim is never under arrest in the case, whatever a sentence near the name
        # says of the others ("the donor ... the broker was jailed").
        # Nor is an officer: "'We arrested four,' said Inspector X".
        _status(text, c.mentions, marks) if type_ == "person" and not victim
        and not (officer and role == "investigator")
        else ("mentioned", None)
    )
    actor = Actor(c.name, type_, role, status, mention, status_found)
    actor.pseudonymised = victim  # marks victims; the extractor replaces their names
    return actor


# -- what the rules read at a name, for the learned actor models ---------------------------


def rule_signals(text: str, marks: list[Marks], name: str, label: str) -> dict[str, float]:
    """What the rules read around every mention of `name` in the document, as features
    for the learned models (`learned.actor_features`, `candidate_features`): the role
    words attached to it by strength of attachment (`hit:` a role noun or verb bound to
    the name, `near:` only nearby), the rules' reasons to leave a name out (a title
    that excludes it, a place, a name that only speaks, a headline), and what keeps a
    person from a trader's role (`harmed`: killed or hurt; `officer`: a law officer)."""
    f: dict[str, float] = {}
    if not marks or not name:
        return f
    words = name.split()
    keys = [name, words[-1]] if label == "PERSON" and len(words) > 1 else [name]
    starts = [m.sentence.start for m in marks]
    spans: list[tuple[int, int]] = []
    for key in keys:
        pos = text.find(key, marks[0].sentence.start)
        while pos >= 0 and len(spans) < 12:
            if not any(s <= pos < e for s, e in spans):
                spans.append((pos, pos + len(key)))
            pos = text.find(key, pos + len(key))
    speaks = 0
    for start, end in sorted(spans):
        m = marks_at(marks, start, starts)
        if m is None:
            continue
        s = m.sentence
        ent = Entity(label, start, end, text[start:end])
        if _is_headline(s.text):
            f["headline"] = 1.0
            continue
        if _excluded_mention(text, ent, m):
            f["excluded"] = 1.0
        if label == "PERSON" and _OFFICE_BEFORE.search(text[max(s.start, start - 40) : start]):
            f["office"] = 1.0
        if label != "PERSON" and _is_place(text, ent, clean_name(ent.text), m):
            f["place"] = 1.0
        if _SPEECH.match(text[end : s.end]) or _SPEECH_BEFORE.search(text[s.start : start]):
            speaks += 1
        if label == "PERSON" and is_victim(text, s, replace(ent, label="PERSON")):
            f["victim_rule"] = 1.0
        if label == "PERSON" and (_HARMED_AFTER.match(text[end : s.end])
                                  or _HARMED_BEFORE.search(text[s.start : start])):
            f["harmed"] = 1.0
        if label == "PERSON" and (_officer_before(text, ent, m, name)
                                  or _OFFICER_AFTER.match(text[end : s.end])):
            f["officer"] = 1.0
        if label == "PERSON" and _accuses(s, ent):
            f["accuser"] = 1.0
        cues = role_cues().find(text, s.start, s.end)
        others = [e for e in s.entities if not (e.start <= start < e.end)]
        for h in _mention_hits(text, ent, s, cues, others):
            kind = "hit" if h.priority <= _P_PROFESSION else "weak" if h.priority == _P_WEAK else "near"
            f[f"{kind}:{h.label}"] = f.get(f"{kind}:{h.label}", 0.0) + 1.0
    if spans and speaks == len(spans):
        f["speaks_only"] = 1.0
    return {k: (min(v, 3.0) if k.startswith(("hit:", "weak:", "near:")) else v) for k, v in f.items()}


def _accuses(sent: Sentence, ent: Entity) -> bool:
    """Whether the parse makes the person the one who accuses or alleges ("X has accused a
    private hospital of buying kidneys", "X alleged that a racket is operating"): the
    accuser tells of the case, whatever trade words stand near the name."""
    tokens = sent.tokens
    root = entity_root(sent, ent) if tokens else None
    if root is None:
        return False
    lead = root
    while tokens[lead].dep == "appos" and 0 <= tokens[lead].head < len(tokens) \
            and tokens[lead].head != lead:
        lead = tokens[lead].head
    verb = tokens[lead].head
    return (tokens[lead].dep == "nsubj" and 0 <= verb < len(tokens)
            and bool(_ACCUSE_VERB.match(tokens[verb].text))
            and any(tokens[j].dep in ("dobj", "ccomp") for j in children(tokens, verb)))



# A body named by its nation ("Libyan rebels", "the Australian navy", "Sudanese military
# council"): the referee's gold names the body, never the bare adjective.
_NATION_BODY = re.compile(
    r"\s+((?:security |armed |border |coast |special |military |state |federal )?(?:navy|army|"
    r"military(?: council| junta| intelligence)?|police|authorities|rebels|forces|intelligence|"
    r"government|guard|guards|customs|mafia|troops|officials|militias?|regime|junta|cartels?|"
    r"gangs?|traffickers|smugglers|ministry))\b"
)


def _nation_bodies(m: Marks, text: str) -> list[Entity]:
    out = []
    for e in m.sentence.entities:
        if e.label != "NORP":
            continue
        hit = _NATION_BODY.match(text, e.end, m.sentence.end)
        if hit is not None:
            out.append(Entity("ORG", e.start, hit.end(), text[e.start : hit.end()]))
    return out


def merge_entities(m: Marks, text: str) -> list[Entity]:
    """Every entity of the sentence the way the rules read names: persons' given names
    joined, agency names the entity model cut short or missed, and bodies named by their
    nation, in place of their pieces."""
    extra = _agency_entities(m) + _armed_entities(m) + _nation_bodies(m, text)
    return _merge_entities(list(m.sentence.entities), extra, text, m.sentence)
