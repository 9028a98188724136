"""Whether a named person is a victim of the case: the test that keeps victims' names out
of the output and victims out of perpetrators' roles.

A person is a victim when the text puts them on the receiving end of the trade, read from
the parse first and from the words around the name second:

- in apposition with, or the subject complement of, a victim noun ("The victim, X,",
  "X, a victim of ...", "survivor X", "X was one of the victims");
- the subject of a passive trafficking verb ("X was lured", "X, 19, was recruited",
  "X, who was trafficked"), or its object ("trafficked X", "lured X to Delhi");
- the owner of an organ that was taken or sold ("sold X's kidney", "X's kidney was
  removed", "X, whose organs were removed", "X sold his kidney", "X lost a kidney");
- the person a relative speaks for ("the brother of X said ...", "X's mother");
- a person harm was done to: missing, taken, killed ("the disappearance of 10-year-old X",
  "the body of X", "X, a missing 4-year-old", "X was found dead");
- a refugee, migrant or child the text names ("a refugee named X", "the teen male,
  identified as X", "the distressed farmer, X,", "a 14-year-old girl, X,"), and the person
  an organ was bought from ("bought a kidney from X");
- one freed, held, taken for an operation, sent home, cheated of what was promised, or
  offered work ("Among those rescued was X", "X and two other women were locked in a
  room", "X was taken to a hospital in Chennai", "X described being locked in a basement",
  "a neighbour offered X work in India", "X agreed to sell a kidney", "X's ordeal");
- one cheated, married off, held in bondage, who escaped from captors or reported them,
  filed a complaint, went abroad with a broker who promised money or shows the scar ("the
  broker cheated X", "X spent three years in debt bondage", "X, whose abdomen bears a long
  scar"), a later name of a list a victim noun opens ("The sellers, Y, Z and X"), and one
  whose relative speaks after the name ("X's mother said ...");
- a migrant or refugee in apposition ("X, a migrant from Honduras,"), one who paid
  smugglers to be taken across, one advertised, a child by the age after the name ("X,
  15,"), and the one killed ("an attack that killed X");
- one offered a job that was a lure, made to work or see clients, threatened, examined or
  tested for an operation, given forged papers to travel, or telling in court what a
  broker promised them;
- one paid for an organ ("X was paid 2,000 dollars for a kidney"; who paid for one is its
  buyer, `receives_organ`), whose organ was taken ("took a kidney from X"), left with one
  kidney, identified by the police ("identified the woman as X") or working off a debt to
  their recruiter; one who met someone "who later forced her into prostitution", was
  controlled through debts and threats or lives in a shelter.
- a child by the age the text gives ("X was 16 when"), one named among other migrants or
  victims ("X and 30 other migrants were found"), "X, one of the boys,", one who ran away
  from the brothel, had her passport taken or was forced to work, one brought "with a
  promise of a job", and one who tells that her own organ was taken, that she was told to
  sell it, or what her trafficker did to her;
- as police reports in South Asia tell it: "the complainant, X", "X (32), a resident of
  Guntur, lodged a complaint", one the accused targeted or the gang paid, and one found
  recovering from the operation; whom smugglers or captors held, sold or beat.

An arms case's words of trade are said of its buyers ("sold X rifles"): there only the
person killed or wounded is read as its victim (`actors._harmed`).

A person the name is the subject of an active trafficking verb for ("the broker X lured
...") is not a victim by that mention, and nor is anyone a role noun of a perpetrator
stands in apposition with ("broker X").
"""

from __future__ import annotations

import re

from ratline.extract.sentences import (
    AGED_AFTER,
    Entity,
    Sentence,
    Token,
    children,
    clause_subject,
    entity_root,
    mentions,
    previous_start,
    subject,
)
from ratline.geo import places

VICTIM_NOUNS = frozenset(
    ["victim", "victims", "survivor", "survivors", "donor", "donors", "seller", "sellers", "hostage", "hostages", "captive", "captives"]
)
# Verbs done to a victim, as written (the parse carries no lemmas).
_VICTIM_VERB = re.compile(
    r"^(?:traffick(?:ed)?|lured|recruited|deceived|tricked|duped|sold|forced|coerced|kidnapp?ed|"
    r"abducted|exploited|rescued|freed|enslaved|smuggled|trapped|defrauded|cheated|abused|raped|"
    r"confined|promised|persuaded|repatriated|bought|purchased|beaten|assaulted|tortured|"
    r"starved|maimed|mutilated)$",
    re.IGNORECASE,
)
# Verbs whose direct object is the victim ("trafficked X", "lured X to", "kept X in
# appalling conditions").
_OBJECT_VERB = re.compile(
    r"^(?:traffick(?:ed|s|ing)?|lur(?:ed|es|ing)|recruit(?:ed|s|ing)|deceiv(?:ed|es|ing)|"
    r"trick(?:ed|s|ing)|dup(?:ed|es|ing)|sold|sell(?:s|ing)?|forc(?:ed|es|ing)|coerc(?:ed|es|ing)|"
    r"kidnapp?(?:ed|s|ing)?|abduct(?:ed|s|ing)?|exploit(?:ed|s|ing)?|rescu(?:ed|es|ing)|"
    r"freed|enslav(?:ed|es|ing)|smuggl(?:ed|es|ing)|bought|buy(?:s|ing)?|"
    r"persuad(?:ed|es|ing)|transport(?:ed|s|ing)?|kept|keeps?|keeping|cheat(?:ed|s|ing)?|"
    r"defraud(?:ed|s|ing)?|swindl(?:ed|es|ing)|conned|scamm(?:ed|ing)|kill(?:ed|s|ing)?|examined|"
    r"murder(?:ed|s|ing)?|beat(?:s|ing)?|lock(?:ed|s|ing)|rap(?:ed|es|ing)|abus(?:ed|es|ing)|"
    r"tortur(?:ed|es|ing)|starv(?:ed|es|ing))$",
    re.IGNORECASE,
)
_ORGAN = re.compile(r"^(?:kidneys?|livers?|organs?|corneas?|eyes?|blood)$", re.IGNORECASE)
_ORGAN_VERB = re.compile(
    r"^(?:removed|harvested|taken|extracted|stolen|sold|bought|transplanted|lost|sell|selling|"
    r"sells|donated|gave|give|giving|took|remove|removing)$",
    re.IGNORECASE,
)
# What a seller or donor does with their own organ ("X sold his kidney", "X lost a kidney").
_SELLER_VERB = re.compile(r"^(?:sold|sell|sells|selling|lost|donated|gave)$", re.IGNORECASE)
_RELATIVES = (
    r"mother|father|brother|sister|husband|wife|son|daughter|family|relatives?|parents?|"
    r"widow|widower|cousin|uncle|aunt|grandmother|grandfather|fianc[eé]e?"
)
# A child by the age after the name ("X, 15, ..."), in any trade's case (`actors._harmed`).
CHILD_AGE_AFTER = r"\s*,\s*(?:[1-9]|1[0-7])\s*,"
# Words around a name, for what the parse misses.
_BEFORE = re.compile(
    r"(?:\b(?:the|a|an|one|another|young|female|male|teenage|child) )?"
    r"\b(?:victims?|survivors?|(?:kidney |organ )?donors?|(?:kidney |organ )?sellers?)\s*,?\s*"
    r"(?:(?:named|identified as|called)\s+)?$"
    r"|\b(?:(?:a|an|the|one)\s+)?(?:(?:young|teen(?:age)?|\w+-year-old|syrian|afghan|"
    r"rohingya|eritrean|sudanese)\s+)*(?:refugees?|migrants?|asylum[- ]seekers?|teen(?:ager|age)?"
    r"(?: male| female| boy| girl)?|minors?|child|girl|boy)\s*,?\s*(?:named|identified as|called)\s+$"
    r"|\b(?:poor|distressed|young|indebted|impoverished|destitute)?\s*(?:farmer|villager|"
    r"labou?rer|refugee|migrant)\s*,\s*$"
    r"|\b(?:buy|bought|buying|purchas(?:e|ed|ing)) (?:a|the|his|her|their|one) "
    r"(?:kidney|liver|cornea|organ)s? from\s+$"
    # Harm done to the person: "the disappearance of 10-year-old X", "the body of X",
    # "missing X".
    r"|\b(?:disappearance|abduction|kidnapp?ing|murder|killing|death|body|remains|rape|"
    r"trafficking|exploitation|rescue) of (?:the )?(?:late )?(?:(?:\w+-year-old|young|missing)\s+)*$"
    r"|\bmissing (?:(?:\w+-year-old|girl|boy|child|teen(?:ager)?|woman|man)\s+)*$"
    r"|\b(?:traffick(?:ed|s|ing)?|lur(?:ed|es|ing)|deceiv(?:ed|es|ing)|trick(?:ed|s|ing)|"
    r"kidnapp?(?:ed|s|ing)?|abduct(?:ed|s|ing)?|exploit(?:ed|s|ing)?|rescu(?:ed|es|ing)|"
    r"enslav(?:ed|es|ing)|coerc(?:ed|es|ing)|forc(?:ed|es|ing)|dup(?:ed|es|ing))\s+$"
    # Whose papers or pay were kept from them: "confiscating the passport of X, 23".
    r"|\b(?:confiscat\w+|took|tak(?:en|ing)|seiz\w+|withh[oe]ld\w*|kept|keep(?:s|ing)?|"
    r"h[oe]ld(?:s|ing)?|stole|stolen|destroy\w*)\s+(?:the\s+)?(?:passports?|papers|documents|"
    r"identity (?:cards?|papers|documents)|ID cards?|wages|salar(?:y|ies)|earnings|pay) of\s+$"
    # Whom a broker goes after: "a broker approached X with an offer of work".
    r"|\b(?:brokers?|agents?|middlem[ae]n|recruiters?|traffickers?|smugglers?|accused|gang|racket)"
    r"\s+(?:\w+\s+){0,2}(?:approached|recruited|convinced|persuaded|targeted|promised)\s+$"
    # Whom smugglers or captors held, sold or beat ("Smugglers in Libya held X in a
    # warehouse"; not "police held X").
    r"|\b(?:smugglers?|traffickers?|kidnappers?|captors?|abductors?|gang|brokers?|militias?|"
    r"pimps?|madams?)\s+(?:\w+\s+){0,3}(?:held|kept|locked|confined|imprisoned|sold|bought|raped|"
    r"beat|tortured|starved|chained)\s+$"
    # Whom the ring paid for what it sold ("The gang paid X 3 lakh rupees and kept the rest").
    r"|\b(?:brokers?|middlem[ae]n|traffickers?|accused|gang|racket)\s+(?:had\s+)?paid\s+$"
    # One of the people freed or harmed: "Among those rescued was X", "Among the workers
    # freed in the raid was X"; not "among those arrested".
    r"|\bamong (?:those|the(?: \w+){0,2}?) (?:rescued|freed|trafficked|exploited|enslaved|"
    r"victims|survivors)(?:\s+(?:in|from|during|by|at|on|after)(?:\s+[\w'’-]+){1,4}?)?"
    r"\s+(?:was|were)\s+$"
    # One the court or the police name only so: "The worker, identified in court only as
    # 'X', 29, was paid nothing" (not "a man known only as X", often a broker's alias).
    r"|\b(?:workers?|maids?|helpers?|wom[ae]n|girls?|boys?|child|children|victims?|survivors?|"
    r"migrants?|teen(?:ager)?s?|minors?)\s*,\s*(?:who (?:was|were|is) )?identified "
    r"(?:[\w-]+ ){0,3}?(?:only )?as\s+[\"“‘']?$"
    # A child the text names in apposition: "a 14-year-old girl, X,".
    r"|\b(?:a|an|the|one)\s+(?:(?:\w+-year-old|young|little|teenage)\s+){1,2}(?:girl|boy|"
    r"child|minor|teen(?:ager)?|schoolgirl|schoolboy)\s*,\s*$"
    # Threatened, tested for an operation, given forged papers to travel.
    r"|\bthreaten(?:ed|s|ing)?\s+(?:to\s+(?:kill|hurt|harm|beat)\s+)?$"
    r"|\b(?:blood|medical|compatibility|tissue|kidney)\s+tests?\s+(?:for|on)\s+$"
    r"|\b(?:fake|forged|false|fraudulent)\s+(?:passports?|documents?|papers|visas?|ids?)\s+for\s+$"
    # Whose organ was taken ("took a kidney from X"); whom the police identified as the one
    # found ("identified the woman as X").
    r"|\b(?:took|taken|removed|harvested|extracted|stole|stolen|cut out)\s+(?:a|an|the|one|both|her|his)"
    r"\s+(?:kidneys?|livers?|corneas?|organs?|eyes?)\s+from\s+$"
    # "removed the kidney of X", "The kidney of X was transplanted into a businessman".
    r"|\b(?:kidneys?|livers?|corneas?|organs)\s+of\s+(?:the\s+)?$"
    # Whom kidnappers or captors held, described before the name ("held Salvadoran migrant X").
    r"|\b(?:held|kidnapp?ed|abducted|seized|captured)\s+(?:(?:a|an|the)\s+)?(?:[A-Z][\w-]*\s+)?"
    r"(?:\d{1,2}-year-old\s+)?(?:migrants?|refugees?|asylum[- ]seekers?|wom[ae]n|girls?|boys?|"
    r"child|teen(?:ager)?)\s*,?\s*$"
    # A label over a list of those freed: "Rescued: X (14), Y (13)", "The workers rescued
    # were: X, Y".
    r"|\b(?:rescued|freed|victims?|survivors?)(?:\s+(?:were|are|include|included))?\s*:\s*$"
    r"|\bidentified\s+(?:the\s+|a\s+)?(?:woman|women|girl|victim|man|boy|child|teenager|survivor|"
    r"body|dead)\s+as\s+$"
    # The smuggled people a US court holds to testify: "Material witnesses X and Y, both
    # Guatemalan nationals found in the trailer".
    r"|\bmaterial\s+witness(?:es)?\s*,?\s*$",
    re.IGNORECASE,
)
# "The brother of X said ...": a relative speaks, searches or grieves for the victim. "The
# daughter of X and her husband were convicted" names X only to say whose daughter.
# "The complainant, X, told police ...": in a trafficking case mostly the one harmed, unless
# an office follows the name ("The complainant, X, a sub-inspector of the police").
_COMPLAINANT_BEFORE = re.compile(r"\b(?:the\s+)?complainants?\s*,?\s*$", re.IGNORECASE)
_RELATIVE_OF = re.compile(rf"\b(?:{_RELATIVES}) of (?:the )?(?:late )?$", re.IGNORECASE)
_SPEAKS_OR_GRIEVES = re.compile(
    r"\b(?:said|says|say|told|tells|tell|recalled|recalls|explained|added|pleaded|appealed|testified|"
    r"urged|demanded|wept|cried|asked|asks|alleged|alleges|claimed|claims|complained|reported|"
    r"filed|lodged|searched|searching|search|looking for|missing|body|bodies|died|dead|death|"
    r"killed|grief|griev\w*|mourn\w*|waiting|hoping|hopes|fears?|feared|worried|begged|"
    r"wants?|wanted)\b", re.IGNORECASE)
# A short description between the name and what was done to them ("X, a 29-year-old
# teacher, was found dead"); not one that makes them a party or an official.
_DESCRIBED = (
    r"(?:a|an)\s+(?![^,]*\b(?:brokers?|traffickers?|middlem[ae]n|agents?|recruiters?|smugglers?|"
    r"dealers?|surgeons?|doctors?|nurses?|buyers?|leaders?|suspects?|defendants?|accused|"
    r"officers?|officials?|police\w*|inspectors?|soldiers?|guards?)\b)(?:[\w-]+\s+){0,3}[\w-]+"
)
_AFTER = re.compile(
    rf"^(?:\s*\(\d{{1,3}}\))?(?:\s*,\s*(?:\d{{1,3}}|aged \d{{1,3}}|{_DESCRIBED})\s*(?=,))?"
    r"(?:\s*,\s*(?:a|an|the|one|another)\s+(?:of the\s+)?(?:(?:young|female|male|teenage|child|"
    r"former|alleged|reported|trafficking|kidney|organ|main|first|second|third)\s+){0,2}"
    r"(?:victims?|survivors?)\b"
    # The one operated on for the organ: "operated on X, 30, ..., removing her kidney".
    r"|\s*,[^.]{0,80}?\bremoving (?:her|his|their) (?:kidney|liver|cornea|organ)s?\b"
    # A name the outlet gave to protect the person: "Anna (not her real name)", "X, whose
    # name has been changed,".
    # (The name may stand in quotes: "'Rosa' (not her real name), 19, says ...".)
    r"|[\"”’']?\s*[(,]\s*(?:not (?:her|his|their) real name|(?:her|his|their) names? (?:has|have) been "
    r"changed|names? changed|whose names? (?:has|have) been changed|a pseudonym)\b"
    # One who asks to stay unnamed: "X, who asked that her surname not be used, said".
    r"|\s*,\s*who (?:asked|requested|wished|preferred) (?:that (?:her|his|their) (?:sur|full |real |last )?"
    r"name(?:s)? not be (?:used|published|given|printed|disclosed|revealed)|not to be (?:named|"
    r"identified)|to be identified only)"
    # One who tells what the trade's people did to them: "X described how smugglers in
    # Libya beat him".
    r"|\s+(?:described|describes|recalled|recalls|recounted|recounts|explained|explains|told"
    r"(?: \w+){0,2}?) how (?:the )?(?:[\w-]+ ){0,3}?(?:smugglers?|traffickers?|brokers?|captors?|"
    r"kidnappers?|recruiters?|agents?|employers?|gang|pimps?|madams?)\b[^.]{0,80}?\b(?:him|her)\b"
    # A relative of the one harmed, whose name would point to them: "X, a sister of the
    # complainant, told the court".
    rf"|\s*,\s*(?:a|an|the)\s+(?:\w+\s+)?(?:{_RELATIVES}|nephew|niece) of (?:the|a|one of the)"
    r"\s+(?:\w+\s+)?(?:complainants?|victims?|survivors?|sellers?|donors?)\b"
    r"|\s*,\s*(?:who\s+)?(?:was|were|had been|has been|is|got)\s+(?:\w+ly\s+)?"
    r"(?:traffick(?:ed)?|lured|deceived|tricked|duped|sold|forced|coerced|kidnapp?ed|abducted|"
    r"exploited|rescued|freed|enslaved|trapped|defrauded|recruited|promised|"
    r"made to (?:work|labou?r|beg|serve|marry)|"
    # Taken, but not into custody: "X, 40, was taken to a police station and charged".
    r"taken(?!\s+(?:into custody|in for questioning|to (?:a |the )?(?:[\w-]+\s+)?(?:police|court|jail|prison|station))))\b"
    # Made to work for another: "X was made to work 18 hours a day", "was forced to beg".
    r"|\s+(?:was|were|had been|has been)\s+(?:\w+ly\s+)?(?:forced|made) to (?:work|labou?r|beg|serve|"
    r"marry)\b"
    # "X was taken from their village by a neighbour" (not "taken by police").
    r"|\s+(?:was|were|had been|has been)\s+(?:\w+ly\s+)?(?:taken|snatched|carried)\s+(?:away\s+)?"
    r"(?:from\b|by\s+(?!(?:the\s+)?(?:police|officers?|authorities|agents?|investigators?|"
    r"detectives?|security)\b))"
    r"|(?:['’]s?|\s*,\s*(?:(?:the|a|an)\s+(?:[\w-]+\s+){0,2}?)?whose) (?:kidney|liver|organs?|cornea)s? (?:was|were|had been|has been|"
    r"have been) (?:\w+ly )?(?:removed|harvested|taken|stolen|sold|extracted|transplanted)"
    r"|\s+(?:sold|lost|gave up|donated) (?:(?:his|her|their|a|one) )?(?:kidney|liver|cornea|part of)"
    r"|\s*,?\s+(?:suffered|developed) (?:\w+ ){0,2}(?:renal|kidney|liver) failure"
    # "X, 28, died two weeks after a broker took him to a hospital in Delhi, where his
    # kidney was removed": the one the trade's harm killed.
    r"|(?:\s*,\s*(?:aged\s+)?\d{1,3}\s*,)?\s+(?:died|has died|had died|fell (?:seriously )?ill)\b"
    r"[^.]{0,40}?\b(?:after|when|because)\b[^.]{0,120}?\b(?:(?:his|her) (?:kidney|liver|cornea|organ)s? "
    r"(?:was|were|had been) (?:removed|taken|harvested|extracted|sold)|(?:took|sold|trafficked|lured|"
    r"smuggled|beat|tricked) (?:him|her)\b)"
    # "X, a missing 4-year-old", "X went missing", "X was found dead".
    r"|\s*,\s*(?:a|an|the)\s+(?:\w+-year-old\s+)?(?:missing|murdered|dead)\b"
    r"|\s*,?\s+(?:who\s+)?(?:went missing|disappeared|vanished|(?:was|were|had been) "
    r"(?:found dead|killed|murdered|slain|strangled|beheaded))"
    # "X, a mother of three, said the broker paid her 3,000 dollars": the one paid or
    # promised by a broker, in her own account.
    r"|\s*,\s*(?:said|says|recalled|recalls|told \w+)\s+(?:that\s+)?(?:the|a|her|his)\s+"
    r"(?:brokers?|middlem[ae]n|agents?|traffickers?|recruiters?)\s+(?:had\s+)?(?:paid|promised|"
    r"gave|owed|cheated|lured|deceived|took|sold)\s+(?:her|him)\b"
    # "X said she woke up in a hospital without a kidney".
    r"|\s*,?\s+(?:(?:said|says|recalled|recalls)\s+(?:that\s+)?(?:she|he)\s+)?"
    r"(?:woke up|awoke|was left|found (?:herself|himself))\b[^.]{0,60}?\bwithout (?:a|one|his|her) "
    r"(?:kidney|liver|cornea|organ)s?"
    # "X described being locked in a basement"; "Villagers such as X were subjected to
    # threats".
    r"|\s+(?:described|describes|recalled|recalls|recounted|recounts|remembered|remembers|"
    r"told of|spoke of|speaks of)\s+(?:being|having been)"
    r"\s+(?:\w+ly\s+)?(?:locked|held|kept|forced|trafficked|sold|beaten|abused|raped|lured|"
    r"deceived|tricked|confined|chained|threatened|taken|enslaved|starved)\b"
    r"|\s*,?\s+(?:was|were|had been|has been|have been)\s+(?:\w+ly\s+)?subjected to\s+"
    r"(?:[\w-]+\s+){0,3}?(?:threats?|abuse|violence|forced|debt|bondage|exploitation|torture|"
    r"beatings?|rape|servitude|slavery|labou?r|harassment|coercion)"
    # Taken for the operation, held, sent home, cheated of what was promised; agreeing to
    # part with an organ; the start of one's ordeal.
    r"|\s+(?:was|were)\s+(?:\w+ly\s+)?(?:taken|brought|driven|flown)\s+to\s+(?:a|an|the)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:hospital|clinic)"
    r"|(?:\s+and\s+(?:[\w-]+\s+){0,3}[\w-]+)?\s*,?\s+(?:was|were|had been|have been)\s+(?:\w+ly\s+)?"
    r"(?:locked|chained|confined|held captive|held hostage) in\b"
    # Sent home, not sent back to face trial.
    r"|\s+(?:was|were)\s+(?:\w+ly\s+)?sent (?:home|back)\b(?![^.]{0,40}?\b(?:to (?:face|stand)|"
    r"for trial|trial|charges?|prosecution|extradit\w*|custody|jail|prison))"
    r"|\s+(?:received|got|was paid|was given)\b[^.]{0,60}?\b(?:she|he) (?:had been|was) "
    r"(?:promised|owed)"
    r"|\s+(?:\w+ly\s+)?(?:agreed|decided|chose|offered|was forced|was persuaded|was pressured)\s+to\s+"
    r"(?:sell|give up|donate|part with)\s+(?:a|one|his|her|one of (?:his|her))\s+(?:kidney|liver|"
    r"cornea|organ)"
    r"|['’]s?\s+(?:ordeal|nightmare|plight|suffering|torment|captivity)\b"
    # Gone abroad with a broker who promised money; in need of money and in touch with a
    # broker; a complaint to the police; the scar of the operation.
    r"|\s+(?:went|travelled|traveled|flew|moved)\b[^.]{0,60}?\b(?:brokers?|agents?|"
    r"middlem[ae]n|traffickers?|recruiters?) who (?:had )?(?:promised|offered|paid|told) (?:her|him)\b"
    r"|\s+(?:needed|wanted|was desperate for) (?:money|cash)\b[^.]{0,60}?\b(?:contacted|"
    r"approached|met|called|found) (?:a|an|the) (?:broker|agent|middleman)"
    r"|\s*,?\s+(?:filed|lodged|made) (?:a |an )?(?:police )?complaint\b"
    r"|[^.]{0,60}?\b(?:brokers?|agents?|middlem[ae]n|traffickers?|recruiters?|employers?) "
    r"(?:refused|failed|declined) to pay (?:her|him)\b"
    r"|\s*,?\s+(?:whose [\w\s]{0,30}?(?:bears?|shows?|has)|(?:showed|shows|displayed)(?: \w+)?|bears|"
    r"lifted [^.]{0,30}? to show)\s+(?:a |the |his |her )?(?:[\w-]+ ){0,2}scars?\b"
    # Married off, held in bondage, escaped from captors, reported them to the police.
    r"|\s+(?:was|were)\s+(?:forcibly\s+)?married off\b"
    r"|\s+(?:spent|endured|lived)\s+(?:[\w-]+\s+){0,3}?in (?:debt bondage|servitude|slavery|"
    r"captivity|forced labou?r)"
    r"|[^.]{0,40}?\b(?:escaped|fled|ran away|broke free|got away) from (?:the |her |his |their |a |an )?(?:captors?|traffickers?|"
    r"employers?|brothel|farm|house|boat|compound|gang)\b"
    r"|[^.]{0,60}?\breported (?:the|her|his|their) (?:gang|traffickers?|brokers?|employers?|captors?|"
    r"recruiters?|agents?|abusers?) to\b"
    # A migrant or a refugee the text names; one who paid smugglers to be taken across;
    # one advertised; a child by the age after the name ("X, 15, ...").
    r"|\s*,\s*(?:a|an|one)\s+(?:[\w-]+\s+){0,2}?(?:migrants?|refugees?|asylum[- ]seekers?)\b"
    # One who paid for a job that was not there: "X paid a recruitment agency 400,000 taka
    # for a job in Malaysia".
    r"|\s+paid (?:a|an|the) (?:recruitment agency|recruiting agency|recruiters?|agents?|brokers?|"
    r"middlem[ae]n)\b[^.]{0,50}?\bfor (?:a|an|the) (?:[\w-]+ )?(?:job|work|visa|placement)\b"
    r"|\s+paid (?:the|a|an|his|her|their) (?:smugglers?|traffickers?|coyotes?|agents?|"
    r"middlem[ae]n|brokers?)\b[^.]{0,40}?\bto (?:take|smuggle|bring|get|move|help) (?:her|him|them)\b"
    r"|\s*,?\s+(?:who\s+)?(?:was|were|had been)\s+advertised\b"
    rf"|{CHILD_AGE_AFTER}"
    # A child by the age the text gives ("X was 16 when a neighbour ..."); one named among
    # others harmed ("X and 30 other migrants were found inside the trailer").
    r"|\s+was\s+(?:only\s+|just\s+|barely\s+)?(?:[1-9]|1[0-7])(?:\s+years?\s+old)?\s+when\b"
    # Whose family paid smugglers to take them; drugged for the operation, or waking with its
    # stitches; among the many freed ("X was among 130 workers freed"; not "among five
    # suspects held").
    r"|['’]s?\s+(?:family|relatives|parents|mother|father|husband|wife|brother|sister)\s+paid\b"
    r"[^.]{0,60}?\b(?:smugglers?|traffickers?|brokers?|coyotes?|agents?|middlem[ae]n)\b[^.]{0,40}?"
    r"\bto (?:take|smuggle|bring|get|move|help) (?:her|him)\b"
    r"|\s*,?\s+(?:was|were)\s+(?:\w+ly\s+)?(?:drugged|sedated|given (?:drugs|an injection|"
    r"sedatives?|sleeping pills))\b"
    r"|[^.]{0,40}?\b(?:woke up|awoke|regained consciousness)\b[^.]{0,60}?\b(?:stitches|scars?|"
    r"bandages?|wounds?)\b"
    # Recovering from the operation ("traced X to a village, where she was recovering after
    # the surgery"); a transplant's recipient recovers from the transplant.
    r"|(?:\s*,\s*(?![^,]*\b(?:brokers?|traffickers?|agents?|middlem[ae]n|recruiters?|surgeons?|"
    r"doctors?|nurses?|accused|suspects?|patients?|recipients?)\b)[^,]{1,60},)?\s+(?:was|is) (?:still )?"
    r"recovering (?:from|after) (?:the|her|his|an?) (?:surgery|operation|kidney removal)\b"
    r"|[^.]{0,80}?\bwhere (?:she|he) (?:was|is) (?:still )?recovering (?:from|after) (?:the|her|his|an?) "
    r"(?:surgery|operation|kidney removal)\b"
    r"|\s+(?:was|were)\s+among\s+(?:the\s+)?(?:[\w,-]+\s+){0,3}?(?:freed|rescued|trafficked|"
    r"enslaved|exploited|sold|smuggled|repatriated|liberated)\b"
    # "X, one of the boys, said the owner beat them" (not "one of the women arrested"); "X
    # had his passport taken on arrival".
    r"|\s*,\s*one of the\s+(?:[\w-]+\s+){0,2}?(?:boys|girls|children|women|victims|survivors|"
    r"workers|migrants|refugees|sellers|donors|labou?rers|minors|teenagers|hostages|captives)\b"
    r"(?![^,.]{0,30}\b(?:arrested|charged|convicted|accused|detained|suspected|held|jailed)\b)"
    r"|\s*,?\s+had (?:his|her|their) (?:passports?|documents|papers|identity (?:cards?|papers)|"
    r"IDs?) (?:\w+ly )?(?:taken|confiscated|seized|withheld|kept)\b"
    # "X, who answered a fake job advertisement, was held in the compound and forced to
    # defraud people" (not "X, who ran the compound, was held in custody").
    r"|\s*,\s*who\s+[^,.]{1,60},\s+(?:was|were|had been)\s+(?:\w+ly\s+)?(?:held (?:in|at|captive|"
    r"hostage)(?!\s+(?:a |the )?(?:[\w-]+\s+)?(?:custody|jail|prison|police|detention|remand))|"
    r"forced|trafficked|lured|deceived|tricked|kidnapp?ed|abducted|enslaved|trapped|locked|"
    r"confined|beaten|raped|tortured|rescued|freed)\b"
    # "X's passport was taken on arrival" (not by the police or a court, as bail asks).
    r"|['’]s?\s+(?:passports?|documents|papers|identity (?:cards?|papers)|IDs?)\s+(?:was|were|"
    r"had been)\s+(?:\w+ly\s+)?(?:taken|confiscated|seized|withheld|kept)\b(?![^.]{0,40}?\b(?:by "
    r"(?:the )?(?:police|authorities|court|officers|investigators|customs)|bail|conditions?)\b)"
    # In the person's own clause: "X worked 20 hours a day without pay and was beaten by the
    # captain", "X paid the smuggler and was locked in a camp"; "X escaped and went to the
    # police".
    r"|\s+(?!said\b|says\b|told\b)(?:[^.,;]|(?<=\d)[.,](?=\d)){0,80}?\band\s+(?:was|were|had been)\s+"
    r"(?:\w+ly\s+)?"
    r"(?:beaten|raped|tortured|chained|starved|abused|assaulted|locked (?:up|in)|held captive|"
    r"held hostage|enslaved)\b"
    r"|\s+(?:was forced to work|worked)\b[^.]{0,40}?\bwithout (?:pay|wages|a salary|food|rest)\b"
    r"|\s+(?:escaped|fled|ran away|got away)\s+and\s+(?:went|ran|turned)\s+to\s+(?:the\s+)?police\b"
    r"(?![^.]{0,50}?\b(?:surrender\w*|give (?:himself|herself) up|turn (?:himself|herself) in)\b)"
    r"|\s+and\s+(?:[\w-]+\s+){0,2}?other\s+(?:[\w-]+\s+)?(?:migrants|refugees|asylum[- ]seekers|"
    r"victims|survivors|sellers|donors|girls|boys|children|hostages|captives)\b"
    r"|\s+and\s+(?:[\w-]+\s+){0,2}?other\s+(?:women|men|workers|people)\s+(?:were|had been)\s+"
    r"(?:\w+ly\s+)?(?:found|rescued|freed|held|trafficked|locked|forced|discovered|trapped|"
    r"smuggled|exploited|lured|sold)\b"
    # Offered a job that was a lure, made to work or see clients, telling in court what a
    # broker promised.
    r"|(?:\s*,\s*(?:a|an)\s+[^,]{1,40},)?\s+(?:was|were)\s+(?:\w+ly\s+)?(?:offered|promised)\s+"
    r"(?:a |an )?(?:[\w-]+\s+){0,2}?(?:jobs?|work|employment)\b"
    r"|\s+(?:was|were)\s+(?:\w+ly\s+)?(?:made|forced|compelled) to\s+(?:work|see|serve|sleep|have sex|"
    r"beg|sell|marry)\b"
    r"|\s+(?:testified|told|said|says|recalled|explained)\b[^.]{0,40}?\b(?:that\s+)?(?:the|a|her|his)"
    r"\s+(?:brokers?|middlem[ae]n|agents?|traffickers?|recruiters?)\s+(?:had\s+)?(?:paid|promised|"
    r"gave|owed|cheated|lured|deceived|took|sold)\s+(?:her|him)\b"
    # Paid for an organ: "X was paid 2,000 dollars for a kidney", "X received 900 dollars
    # for a kidney" (not "X paid ... for a kidney", a buyer's act).
    r"|\s+(?:was|were|got|had been|has been)\s+paid\b[^.]{0,40}?\bfor (?:a|an|one|the|his|her|their)"
    r" (?:kidney|liver|cornea|organ)"
    r"|\s+(?:received|got|earned)\s+(?:[\w$€£,.]+\s+){0,4}?for (?:a|one|the|his|her|their)"
    r" (?:kidney|liver|cornea|organ)"
    # Left with one kidney; working off a debt to one's recruiter.
    r"|\s+(?:was|were)\s+left with (?:only |just )?(?:one|a single) (?:kidney|eye)"
    r"|[^.]{0,60}?\b(?:debts?|owed|owing)\b[^.]{0,40}?\bto (?:her|his|their) (?:recruiters?|traffickers?|"
    r"brokers?|employers?|agents?|captors?|pimps?)"
    # Met someone "who later forced her into prostitution"; controlled through debts and
    # threats; living in a shelter.
    r"|[^.]{0,60}?\bwho (?:later |then |eventually |soon )?(?:forced|sold|trafficked|pimped|exploited|"
    r"coerced|enslaved) (?:her|him)\b"
    r"|\s+(?:was|were)\s+(?:\w+ly\s+)?controlled (?:through|by|with)\b"
    r"|[^.]{0,30}?\b(?:lives?|living|lived|stays?|staying|stayed|housed|placed|sheltered) (?:now )?in (?:a|an|the)"
    r" (?:[\w-]+ ){0,2}?shelter)",
    re.IGNORECASE,
)
# Later names of a list a victim noun opens: "The sellers, X, Y and Z" (case matters).
_LISTED_AFTER_VICTIM_NOUN = re.compile(
    r"\b(?:[Vv]ictims|[Ss]urvivors|[Ss]ellers|[Dd]onors)"
    # "victims, X", "victims, identified as X, Y and", "victims including X", "victims: X".
    r"(?:\s*,\s*(?:(?:identified|named|listed) as\s+|named\s+|including\s+|namely\s+)?"
    r"|\s+(?:(?:who (?:were|are|have been) )?(?:identified|named|listed) as|including|namely)\s+"
    r"|\s*:\s*)"
    r"(?:[A-Z][\w'’-]*\s*){1,4}(?:,\s*(?:[A-Z][\w'’-]*\s*){1,4})*,?\s*(?:and\s+)?$")
# The name in apposition to a party whose relative clause tells what they did to the
# victims: "the broker who recruited the donors, X, was convicted" (X is the broker).
_PARTY_CLAUSE_BEFORE = re.compile(
    r"\b(?:brokers?|traffickers?|recruiters?|middlem[ae]n|agents?|smugglers?|dealers?|surgeons?|"
    r"doctors?|suspects?|accused|defendants?|leaders?|ringleaders?|man|woman)\s+(?:who|that)\s+"
    r"[^,;]{0,80}?\b(?:victims|survivors|sellers|donors|women|girls|children|migrants|workers)"
    r"\s*,\s*$", re.IGNORECASE)
_POSSESSIVE_END = re.compile(r"['’]s?$")
# "X's mother said ...": a relative speaks for the person.
_RELATIVE_AFTER = re.compile(rf"^['’]s?\s+(?:{_RELATIVES})\b", re.IGNORECASE)
# One named among many that a passive verb says were held or used: "fishermen from
# Myanmar, among them X, were held on boats for years".
_AMONG_BEFORE = re.compile(r"\b(?:among them|among whom)\s*,?\s*$", re.IGNORECASE)
_AMONG_WAS_BEFORE = re.compile(r"^\s*(?:[Aa]mong (?:them|those (?:freed|rescued|found|held))|"
                               r"[Oo]ne of them)\s+(?:was|is)\s+$")
# One named among people the case harmed, whatever follows: "found 14 migrants, among them
# a Honduran woman named X, locked in a trailer".
# (Not someone's own people: "three of the convict's children, including X, who was
# sentenced to six years".)
_AMONG_HARMED_BEFORE = re.compile(
    r"(?<!['’]s )(?<!\bhis )(?<!\bher )(?<!\btheir )(?<!\bits )"
    r"\b(?:migrants|victims|survivors|women|girls|boys|children|minors|workers|labou?rers|"
    r"fishermen|refugees|captives|hostages|maids|caregivers|nannies|domestic helpers|farmers|"
    r"villagers|donors|sellers|famil(?:y|ies)(?: of \w+)?)\s*,?\s*"
    r"(?:among them|among whom|including|such as)\s*,?\s*"
    # ... and those listed after the first: "including X and her husband Y".
    r"(?:(?-i:[A-Z])[\w'’-]*\s*){0,4}(?:,\s*(?:(?-i:[A-Z])[\w'’-]*\s*){1,4})*,?\s*"
    r"(?:and\s+)?(?:(?:his|her|their)\s+(?:husband|wife|son|daughter|brother|sister|mother|"
    r"father|child|children|cousin|nephew|niece)\s+)?"
    r"(?:(?:a|an|the)\s+(?:[\w-]+\s+){0,3}(?:named|called|identified as)\s+"
    # ... or one described before a comma: "25 survivors, including a woman, X, 22".
    r"|(?:a|an|one)\s+(?:[\w-]+\s+){0,2}?(?:woman|man|girl|boy|teenager|child|mother|father|"
    r"baby|nurse|student)\s*,\s*)?"
    # ... a child by the age: "among them 12-year-old X".
    r"(?:(?:a |an )?\d{1,2}-year-old\s+(?:(?:girl|boy|child|son|daughter)\s+)?)?$",
    re.IGNORECASE)
# One of those the case harmed, named by what was done to them: "One of the rescued men,
# X, 33, said he saw a friend die", "another of the trafficked women, X,".
_ONE_OF_HARMED_BEFORE = re.compile(
    r"\b(?:one|another|two|three|some|several|each|none) of the\s+(?:[\w-]+\s+)?"
    r"(?:(?:rescued|freed|trafficked|enslaved|exploited|smuggled|kidnapp?ed|abducted|trapped|"
    r"released|repatriated|deceived|stranded)\s+(?:[\w-]+\s+)?(?:men|women|girls|boys|children|"
    r"migrants|workers|fishermen|labou?rers|crew(?:men)?|people|captives|teenagers|minors|"
    r"refugees|maids|villagers|youths?|sailors)"
    r"|victims|survivors|hostages|captives)\s*,\s*$", re.IGNORECASE)
# One of the people a trafficking case is about, named by who they are, unless the
# sentence makes them a suspect: "One of the crew, X, testified that the captain shot a man
# who tried to escape" (not "One of the workers, X, was charged with recruiting the others").
_ONE_OF_GROUP_BEFORE = re.compile(
    r"\b(?:one|another) of the\s+(?:[\w-]+\s+)?(?:crew|crewmen|crew members|fishermen|"
    r"migrants|refugees|workers|labou?rers|maids|girls|boys|children|teenagers|minors)"
    r"\s*,\s*$", re.IGNORECASE)
# What was done to the people harmed, as a participle after "were" or "was".
_HARM_PARTICIPLES = (r"(?:held|forced|trafficked|enslaved|trapped|lured|sold|exploited|abused|"
                     r"kidnapp?ed|abducted|rescued|freed|deceived|tricked|confined|locked|kept|"
                     r"beaten|raped|taken|smuggled|recruited)")
_AMONG_AFTER = re.compile(
    rf"^\s*,\s*(?:were|had been|have been)\s+(?:\w+ly\s+)?{_HARM_PARTICIPLES}\b", re.IGNORECASE)
# One of a group the sentence before told was harmed, who tells "they were forced ...".
_ONE_OF_THEM_BEFORE = re.compile(r"\b[Oo]ne of them\s*,\s*$")
_THEY_HARMED = re.compile(
    rf"\b(?:they|we)\s+(?:were|had been|have been)\s+(?:\w+ly\s+)?{_HARM_PARTICIPLES}\b",
    re.IGNORECASE)

_SENTENCED_AFTER = re.compile(
    r"^\s*,\s*who (?:was|were|is|has been|had been) (?:\w+ )?(?:sentenced|convicted|jailed|"
    r"arrested|charged|fined|detained|indicted|prosecuted)\b", re.IGNORECASE)

# Whom work or money was offered or promised: "A neighbour offered X work in India".
# Whom someone brought or took with a promise: "The couple had brought X from Paraguay with
# a promise of a job".
_BROUGHT_BEFORE = re.compile(r"\b(?:brought|took|sent|moved|transported|recruited)\s+$",
                             re.IGNORECASE)
_BROUGHT_AFTER = re.compile(r"^[^.]{0,40}?\bwith (?:a |the )?(?:false )?promises? of\b",
                            re.IGNORECASE)
_OFFERED_BEFORE = re.compile(r"\b(?:offered|promised|offering|promising)\s+$", re.IGNORECASE)
_OFFERED_AFTER = re.compile(
    r"^\s+(?:a |an |the )?(?:[\w-]+\s+){0,2}?(?:jobs?|work|employment|money|dollars|rupees|"
    r"pay|payment|salary|wages|visa)\b", re.IGNORECASE)


# Those who deal in people or organs ("the broker", "touts").
_DEALER_WORDS = r"(?:brokers?|middlem[ae]n|agents?|traffickers?|dealers?|touts?)"
# A verb that moves a person, and the traders of people who do so as its subject.
_MOVE_VERB = re.compile(r"^(?:took|takes?|taking|brought|brings?|bringing|sent|sends?|sending|"
                        r"moved|moves?|moving|carried|ferried|drove|flew|shipped)$", re.IGNORECASE)
_MOVER = re.compile(rf"^(?:{_DEALER_WORDS}|smugglers?|kidnappers?|captors?|recruiters?|gangs?|"
                    r"pimps?|madams?)$", re.IGNORECASE)
# An errand of the trade after the name: "sent X to Nepal to recruit young men".
_ERRAND = re.compile(
    r"[^.;]{0,60}?\bto (?:recruit|collect|guard|pick up|find|buy|sell|deliver|drive|transport|"
    r"smuggle|bribe|meet|negotiate|arrange|perform|operate|watch|threaten|beat|handle|scout|"
    r"run|manage|oversee|supervise|fetch|escort|lure|pay|carry out)\b", re.IGNORECASE)


def _passive(tokens: list[Token], verb: int) -> bool:
    return any(tokens[j].dep in ("auxpass", "nsubjpass") for j in children(tokens, verb))


def _by_parse(sent: Sentence, ent: Entity) -> bool:
    tokens = sent.tokens
    root = entity_root(sent, ent) if tokens else None
    if root is None:
        return False
    t = tokens[root]
    head = tokens[t.head] if 0 <= t.head < len(tokens) else t
    kids = [tokens[j] for j in children(tokens, root)]
    # "The victim, X" / "X, a victim of ..." / "survivor X".
    if t.dep == "appos" and head.text.lower() in VICTIM_NOUNS:
        return True
    if any(k.dep in ("appos", "compound") and k.text.lower() in VICTIM_NOUNS for k in kids):
        return True
    # "X was trafficked", "X, 19, was lured", "X, who was trafficked".
    if t.dep == "nsubjpass" and _VICTIM_VERB.match(head.text):
        return True
    for k in range(len(tokens)):
        if tokens[k].dep == "relcl" and tokens[k].head == root and _VICTIM_VERB.match(tokens[k].text) \
                and _passive(tokens, k):
            return True
    # "X was one of the victims" / "X is a survivor".
    if t.dep == "nsubj" and head.text.lower() in ("was", "is", "were", "became"):
        for j in children(tokens, t.head):
            if tokens[j].dep == "attr" and tokens[j].text.lower() in VICTIM_NOUNS:
                return True
    # "trafficked X", "lured X to Delhi"; "forced his wife, X, to sell a kidney".
    if t.dep == "dobj" and _OBJECT_VERB.match(head.text):
        return True
    if (t.dep == "appos" and head.dep == "dobj" and 0 <= head.head < len(tokens)
            and _OBJECT_VERB.match(tokens[head.head].text)
            and head.text.lower() in _KIN_OR_VICTIM_NOUNS):
        return True
    # "The trafficker took X through Niger to Libya": whom a trader of people moved (not
    # one sent on the trade's errand: "the gang sent X to Nepal to recruit young men").
    if t.dep == "dobj" and _MOVE_VERB.match(head.text) and any(
            tokens[j].dep == "nsubj" and _MOVER.match(tokens[j].text)
            for j in children(tokens, t.head)) and not _ERRAND.match(
            sent.text, ent.end - sent.start):
        return True
    # "sold X's kidney", "X's kidney was removed".
    if t.dep == "poss" and _ORGAN.match(head.text):
        verb = tokens[head.head] if 0 <= head.head < len(tokens) else head
        if _ORGAN_VERB.match(verb.text) or head.dep in ("dobj", "nsubjpass"):
            return True
    # "X sold his kidney", "X lost a kidney".
    own_organ = any(
        tokens[j].dep == "dobj"
        and _ORGAN.match(tokens[j].text)
        and any(tokens[g].dep == "poss" or tokens[g].text.lower() in ("a", "one")
                for g in children(tokens, j))
        for j in children(tokens, t.head)
    )
    if t.dep == "nsubj" and bool(_SELLER_VERB.match(head.text)) and own_organ \
            and not _passive(tokens, t.head):
        return True
    # "patients who offered to pay 150 million rupiah to X": the one an organ's buyer pays
    # (a broker is named as one: `_PERPETRATOR_BEFORE`).
    if (t.dep == "pobj" and head.text.lower() == "to" and 0 <= head.head < len(tokens)
            and _PAY_VERB.match(tokens[head.head].text) and _ORGAN_SALE.search(sent.text)):
        return True
    # "X narrated how a middleman transported him", "'They sold me,' X said"; not an
    # officer telling of a victim ("Inspector X said the gang lured her").
    # (The office is the teller's, outside the quote: "'The captain beat us,' X said".)
    lead = sent.text[max(0, ent.start - sent.start - 40) : ent.start - sent.start]
    return (t.dep == "nsubj" and not _TELLER_OFFICE.search(_QUOTED_LEAD.sub("", lead))
            and not _TELLER_OFFICE_AFTER.match(sent.text, ent.end - sent.start)
            and _tells_of_self(sent, ent, t.head))


_QUOTED_LEAD = re.compile(r"^.*[\"”’]\s*,?\s*", re.DOTALL)


# The nouns a harmed person is named after as an object: kin or one of the harmed.
_KIN_OR_VICTIM_NOUNS = frozenset((
    "wife", "husband", "daughter", "son", "sister", "brother", "niece", "nephew", "cousin",
    "mother", "father", "child", "girl", "boy", "woman", "man", "teenager", "maid", "worker",
    "migrant", "stepdaughter", "stepson", "granddaughter", "grandson", "nanny", "housemaid",
    "servant", "helper", "caregiver", "domestic")) | VICTIM_NOUNS
_OFFICES = (r"spokes\w+|inspectors?|officers?|officials?|police|ministers?|prosecutors?|chief|"
            r"superintendent|commissioner|director|head|sheriff|agents?|detective|constable|"
            r"sergeant|captain|colonel|general|lawyers?|attorneys?|judge|president|governor|"
            r"researchers?|activists?|reporters?|journalists?|doctors?|Dr")
_TELLER_OFFICE = re.compile(rf"\b(?:{_OFFICES})\b\.?[^.]*$", re.IGNORECASE)
# An office after the name, a prefixed one too ("X, a sub-inspector of the police").
# (The words before the office describe it; a verb there tells whom the person spoke to:
# "X, told police" names no office of X's.)
_TELLER_OFFICE_AFTER = re.compile(
    r"\s*,\s+(?:a|an|the)?\s*(?:(?!(?:told|tells|said|says|informed|asked|alerted|approached|"
    r"contacted|called|went|reported|lodged|filed|complained|testified)\b)[\w-]+\s+){0,3}"
    rf"(?:\w+-)?(?:{_OFFICES})\b", re.IGNORECASE)
_PAY_VERB = re.compile(r"^(?:pay|pays|paid|paying)$", re.IGNORECASE)
_ORGAN_SALE = re.compile(r"\b(?:kidneys?|livers?|organs?|corneas?|transplants?|patients?|"
                         r"recipients?)\b", re.IGNORECASE)
# (The teller among those done to: "'The captain beat us when we were slow,' X said".)
_OBJECT_PRONOUN = re.compile(r"^(?:him|her|me|us)$", re.IGNORECASE)
_SUBJECT_PRONOUN = re.compile(r"^(?:he|she|I|we)$", re.IGNORECASE)


def _tells_of_self(sent: Sentence, ent: Entity, verb: int) -> bool:
    """Whether a clause under the verb the person is the subject of has the trade act on a
    pronoun: the one done to ("a middleman transported him", "she was trafficked") is
    the teller. Another person named between the two may be whom the pronoun means."""
    tokens = sent.tokens
    for k, tok in enumerate(tokens):
        v = tok.head
        if not 0 <= v < len(tokens) or v == k:
            continue
        if not ((tok.dep == "dobj" and _OBJECT_PRONOUN.match(tok.text)
                 and _OBJECT_VERB.match(tokens[v].text))
                or (tok.dep == "nsubjpass" and _SUBJECT_PRONOUN.match(tok.text)
                    and _VICTIM_VERB.match(tokens[v].text))):
            continue
        # (Between the two only: the pronoun may come first, in a quote before "said X".)
        lo, hi = (ent.end, tok.start) if tok.start >= ent.end else (tok.end, ent.start)
        if any(e.label == "PERSON" and lo <= e.start < hi for e in sent.entities):
            continue
        # The clause is told only when the climb passes a clause with its own subject
        # (ccomp, advcl): a verb joined to the person's own ("X promised her a job and then
        # sold her") or under it ("X tried to sell her") is an act of the person's.
        up, told = v, False
        while (tokens[up].dep in ("ccomp", "xcomp", "advcl", "conj")
               and 0 <= tokens[up].head < len(tokens) and tokens[up].head != up):
            told = told or tokens[up].dep in ("ccomp", "advcl")
            up = tokens[up].head
            if up == verb:
                return told
    return False


# One who tells of their own harm, past a short description: "X, a widow from a village
# near Guntur, told officers the broker drove her to a hospital where doctors removed her
# kidney", "X, a Moroccan worker, told the court he worked 12 hours a day" (not an
# official's, a lawyer's or a doctor's account of another's).
_TELLS_OWN_HARM = re.compile(
    rf"^(?:\s*,\s*(?![^,]*\b(?:{_OFFICES}|brokers?|traffickers?|middlem[ae]n|surgeons?|nurses?|"
    # (A comma may close an apposition before the name: "A woman from X, Y, told the court".)
    # (Two may stand there: "X, 34, from a village in Kavre district, told us".)
    r"recruiters?|smugglers?)\b)[^,]{1,80}(?=,)){0,2}\s*,?\s+(?:said|says|told \w+|recalled|recalls|testified|explained"
    # One who takes those who harmed them to court: "X is suing a private hospital in
    # Beirut, saying doctors removed her kidney".
    r"|(?:(?:is|has|had|have)\s+)?(?:suing|sued|filed|lodged|brought)\b[^,.]{0,80},\s+"
    r"(?:saying|alleging|claiming))\b[^.]{0,120}?\b"
    r"(?:(?:removed|took|harvested|stole|extracted|cut out)\s+(?:one\s+of\s+)?(?:her|his)\s+"
    r"(?:kidney|liver|cornea)s?\b"
    r"|(?:her|his)\s+(?:kidney|liver|cornea)s?\s+(?:was|were|had been)\s+(?:removed|taken|"
    r"harvested|stolen|sold)"
    # "... said the kiln owner told her to sell a kidney"; "... told investigators the madam
    # had arranged her journey ... and then demanded 30,000 euros".
    r"|(?:told|asked|forced|pressured|persuaded|convinced|pushed) (?:her|him) to (?:sell|give up|"
    r"donate) (?:a|one|one of (?:her|his)|her|his) (?:kidney|liver|cornea)"
    r"|(?:(?:the|her|his|a) )?(?:madam|brokers?|traffickers?|recruiters?|smugglers?|pimps?|captors?|"
    r"middlem[ae]n|employers?|guards?)\b[^.]{0,40}?\b(?:(?:forced|made|kept|held|beat|threatened|sold|bought|"
    r"tortured|imprisoned|kidnapp?ed|abducted|"
    r"locked|trafficked|exploited|raped|abused|cheated|lured|deceived|tricked|starved|never paid|"
    # "... said the broker, Y, promised him 500,000 rupees but paid only 200,000".
    r"did not pay|promised|offered|paid|owed|underpaid) (?:her|him)\b"
    # "... a broker named X took her to Chennai" (not "took him to court").
    r"|took (?:her|him) (?:to|across|abroad|into)\b(?!\s+(?:a |the )?(?:court|custody|police|jail|"
    r"prison|station|hospital for treatment))"
    r"|arranged (?:her|his) (?:journey|travel|trip|passage)"
    # "... put her on a crowded boat".
    r"|put (?:her|him) (?:on|in|into) (?:a|an|the)\b(?!\s+(?:trial|court|custody|jail|prison)\b))"
    # "... told the court that Y promised her a job and then sold her": a person named as
    # the one who did it (`is_victim` lets such a name stand between the two).
    rf"|(?-i:[A-Z])[\w'’-]+(?:\s+(?-i:[A-Z])[\w'’-]+){{0,2}}\s+(?:had\s+|then\s+|allegedly\s+)?"
    r"(?:sold|trafficked|lured|tricked|deceived|forced|beat|raped|abused|locked|kidnapp?ed|"
    rf"abducted|enslaved|recruited|promised|cheated) (?:her|him)\b(?!\s+(?:{_RELATIVES})\b)"
    # "... said she paid 50,000 taka to a broker" (the one who paid a smuggler for the
    # crossing, not "paid the broker's fee" told by an officer).
    r"|(?:she|he) (?:had )?paid [^.]{0,40}?\bto (?:a|the|her|his) (?:broker|smuggler|trafficker|"
    r"recruiter|agent|middleman)s?\b"
    # "... said Y threatened to report him to immigration if he complained".
    r"|threatened to (?:report|denounce|deport|kill|hurt|beat|sell) (?:her|him)\b"
    r"|(?:she|he) (?:had )?(?:worked|was made to work|had to work|was forced to work) (?:[\w-]+ ){0,3}"
    r"hours a day"
    r"|(?:she|he) (?:was|had been) (?:never paid|not paid|beaten|locked|raped|abused|threatened|"
    r"starved|chained)\b"
    # "... told officers she had been brought to Britain in a lorry"; not "he was brought
    # to court".
    r"|(?:she|he) (?:was|had been) (?:brought|trafficked|smuggled|sold|forced|lured|tricked|"
    r"deceived|enslaved|kidnapp?ed|abducted|held captive|kept captive)\b"
    r"(?!\s+(?:to|before|into|in) (?:a |the )?(?:court|custody|judge|magistrate|police|jail|prison)))",
    re.IGNORECASE)


# A perpetrator's role noun right before the name: "broker X", "the trafficker, X", "a
# trafficker, Mrs X".
# The trade's people, by the nouns that name them.
_TRADERS = (r"brokers?|traffickers?|middlem[ae]n|agents?|recruiters?|smugglers?|dealers?|buyers?|"
            r"ringleaders?|leaders?|suspects?|defendants?|accused")


def _named_as(words: str) -> re.Pattern[str]:
    """One of `words` right before the name ("a broker named X", "a trafficker known as X",
    "the suspect, Mr X")."""
    return re.compile(
        rf"\b(?:{words})\.?\s*,?\s*(?:(?:named|called|known as|identified as)\s+)?"
        r"(?:(?:Mr|Mrs|Ms|Miss|Madam|Chief|Alhaji|Alhaja)\.?\s+)?$", re.IGNORECASE)


# A perpetrator's noun, a doctor's title among them (the one who operated).
_PERPETRATOR_BEFORE = _named_as(_TRADERS + r"|surgeons?|doctors?|Dr|nurses?")
# The trade's own people only: a doctor by title may be the one harmed.
_TRADER_BEFORE = _named_as(_TRADERS + r"|madams?|pimps?")


# The agent of a harm told in the passive: "was taken to Delhi by one X on the pretext of
# marriage and sold", "lured abroad by a woman named X".
_AGENT_OF_HARM_BEFORE = re.compile(
    r"\b(?:taken|lured|trafficked|sold|kidnapp?ed|abducted|recruited|brought|enticed|deceived|"
    r"tricked|raped|forced|confined|exploited|smuggled)\s+(?:[\w,'’-]+\s+){0,8}?by\s+"
    r"(?:one\s+|a\s+(?:man|woman)\s+(?:named|called)\s+)?$", re.IGNORECASE)


def named_as_perpetrator(text: str, sentence_start: int, start: int) -> bool:
    """Whether a perpetrator's role noun stands right before the name starting at `start`,
    in its own sentence (not "... sold to the broker. X said"), or the name is the agent of
    a harm told in the passive ("taken to Delhi by one X")."""
    return (_PERPETRATOR_BEFORE.search(text[max(sentence_start, start - 30) : start]) is not None
            or _AGENT_OF_HARM_BEFORE.search(text, max(sentence_start, start - 100), start)
            is not None)


# The pronoun of the one harmed in what a teller says; names after it cannot be whom it
# means ("... took her to Chennai").
_HARMED_PRONOUN = re.compile(r"\b(?:her|him|she|he)\b", re.IGNORECASE)
# A relative's word, someone's, before a name in apposition: "Her father, X,", "Y's
# husband, X,".
_KIN_APPOSED_BEFORE = re.compile(
    rf"(?:\b(?:[Hh]er|[Hh]is|[Tt]heir)|[\w-]+['’]s?)\s+(?:{_RELATIVES}|nephew|niece)\s*,\s*$")
_BY_KIN_BEFORE = re.compile(rf"\bby\s+(?:[Hh]er|[Hh]is|[Tt]heir)\s+(?:{_RELATIVES}|nephew|niece)\s*,\s*$")
# The words of a party to the trade, whose own relatives a sentence may name.
_PARTY_WORD = re.compile(r"\b(?:accused|suspects?|defendants?|brokers?|traffickers?|smugglers?|"
                         r"recruiters?|convicts?|dealers?|pimps?|madams?)\b", re.IGNORECASE)
_COURTESY_END = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx)\.?\s*$")
# A later name of a list whose first name the words before make a victim: "Among those
# freed were X, 45, his wife Y and their son Z", "police rescued X and Y". Each item is a
# capitalised name, perhaps with an age and a relative's word before it.
_KIN_BEFORE = rf"(?:his|her|their)\s+(?:{_RELATIVES}|child|children|nephew|niece)\s+"
# A name of up to four capitalised words, whatever the pattern's flags.
_NAME = r"(?-i:[A-Z])[\w'’.-]*(?:\s+(?-i:[A-Z])[\w'’.-]*){0,3}"
_LIST_ITEM = rf"(?:{_KIN_BEFORE})?{_NAME}(?:\s*\(\d{{1,3}}\))?(?:\s*,\s*(?:aged\s+)?\d{{1,3}})?"
_LIST_BEFORE = re.compile(
    rf"(?:{_LIST_ITEM}\s*(?:,\s*(?:and\s+)?|\s+and\s+)){{1,6}}"
    rf"(?:{_KIN_BEFORE})?$",
    re.IGNORECASE)
# A party named after the list's victims ("the victim, X, and the broker, Y": Y is no
# victim, and that list is not of names alone).
_PARTY_AFTER = re.compile(
    r"^\s*,\s*(?:the|a|an)\s+(?:[\w-]+\s+){0,2}(?:accused|brokers?|traffickers?|suspects?|"
    r"defendants?|agents?|recruiters?|smugglers?|owners?|doctors?|surgeons?|officers?|"
    r"officials?)\b", re.IGNORECASE)


# Names in apposition to a group the text has already said was harmed: "Two women who
# were trafficked to Kenya ... The women, X and Y, spent three weeks in custody". The
# group's noun is captured to look for that earlier harm (`_group_harmed`).
_GROUP_APPOSED_BEFORE = re.compile(
    # ("The women, X and Y", "two sisters, X and Y".)
    r"\b(?:(?-i:[Tt])he\s+(?:(?:two|three|four|five|six|young|teenage)\s+)?|"
    r"(?:two|three|four|five|six)\s+(?:(?:young|teenage)\s+)?)"
    r"(women|girls|men|boys|children|migrants|workers|teenagers|sisters|brothers|victims|"
    r"survivors|donors|sellers)\s*,\s*"
    rf"(?:{_NAME}\s*(?:,\s*(?:and\s+)?|\s+and\s+))*$", re.IGNORECASE)
# Or the same sentence says the group so named was harmed: "the men, X and Y, had been
# forced by armed smugglers to steer the boat" (not "were held by police").
_GROUP_HARMED_AFTER = re.compile(
    # (Their ages may follow the names: "X and Y, aged 14 and 16, were sold".)
    rf"(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+){_NAME})*"
    r"(?:\s*,\s*aged\s+\d{1,2}(?:\s*(?:,|and)\s*\d{1,2})*)?\s*,\s*(?:were|had been|have been)\s+"
    rf"(?:\w+ly\s+)?{_HARM_PARTICIPLES}\b"
    r"(?!\s+(?:by|in|at)\s+(?:the\s+)?(?:police|authorities|custody|officers|prison|jail))")
# A step of the trade after the names makes them its parties, whatever befell the group.
_GROUP_PARTY_AFTER = re.compile(
    r"^[^.]{0,60}?\b(?:charged with|accused of|convicted of|arrested for|suspected of)\s+"
    r"(?:\w+\s+){0,2}(?:traffick|smuggl|recruit|sell|selling|exploit|running|pimping|luring)",
    re.IGNORECASE)


_ONE_APPOSED_BEFORE = re.compile(
    r"\b(?-i:[Tt]he|[Oo]ne|[Aa]nother)\s+(?:young\s+|teenage\s+)?(woman|girl|boy|teenager|child|maid|worker|"
    r"migrant|victim|survivor)\s*,\s*"
    # Named as the court or the outlet names them: "The boy, named in court as X, had been".
    r"(?:(?:named|identified|known|referred to)\s+(?:only\s+)?(?:in (?:court|the judgment|the ruling|"
    r"court papers|court documents)\s+|by (?:the )?(?:court|judge|prosecutors)\s+)?as\s+)?$",
    re.IGNORECASE)
_SUSPECT_AFTER = re.compile(
    r"[^.]{0,80}?\b(?:arrested|charged|convicted|sentenced|jailed|detained|accused|suspected|"
    r"faces?|facing|denies|denied|pleaded|admitted|recruited|sold|lured|ran|runs)\b",
    re.IGNORECASE)


def _one_harmed(text: str, noun: str, before: int) -> bool:
    """Whether text[:before] tells of harm done to a `noun` ("a woman ... said her employer
    locked her in", "the girl was trafficked", "charged a broker with trafficking a
    14-year-old girl")."""
    told = re.compile(rf"\b(?:a|an|the|one)\s+(?:[\w-]+\s+){{0,3}}?{noun}\b[^.]*", re.IGNORECASE)
    done = re.compile(rf"\b(?:traffick(?:ed|ing)|sold|selling|kidnapp?(?:ed|ing)|abduct(?:ed|ing)|"
                      rf"rescued|freed|lured|enslav(?:ed|ing)|exploit(?:ed|ing))\s+(?:a|an|the|one)\s+"
                      rf"(?:[\w-]+\s+){{0,3}}?{noun}\b", re.IGNORECASE)
    return (any(_HARM_TOLD.search(m.group()) for m in told.finditer(text, 0, before))
            or done.search(text, 0, before) is not None)


# What one named after the noun tells of another's acts ("The girl, X, escaped and told
# police Y had sold her") makes them no suspect (a pronoun may be their own: "told police
# she had recruited the girls").
_TELLS_OF_ANOTHER = re.compile(
    r"\b(?:told|said|says|testified|recalled|explained)\b[^.]{0,60}?\b(?:(?-i:[A-Z])[\w'’-]+|"
    r"the (?:\w+ )?(?:broker|trafficker|agent|man|woman|smuggler|recruiter|gang)s?)\s+"
    r"(?:had\s+|has\s+)?(?:\w+ly\s+)?(?:sold|recruited|lured|ran|runs)\b", re.IGNORECASE)


def _suspect_after(text: str, end: int, sentence_end: int) -> bool:
    hit = _SUSPECT_AFTER.match(text, end, sentence_end)
    return hit is not None and not _TELLS_OF_ANOTHER.search(hit.group())


_HARM_TOLD = re.compile(
    r"\b(?:locked|beat(?:en)?|raped|abused|trafficked|sold|forced|enslaved|held captive|"
    r"kidnapp?ed|abducted|lured|tricked|deceived|escaped|fled|rescued|freed|refused to pay|"
    r"never paid|not paid|"
    # Recognised as harmed: "a boy arrested in a raid has been recognised as a victim of
    # trafficking".
    r"victim of (?:human |child )?(?:trafficking|forced labou?r|modern slavery|exploitation))\b",
    re.IGNORECASE)


def _group_harmed(text: str, noun: str, before: int) -> bool:
    """Whether text[:before] says the group `noun` names was harmed ("women who were
    trafficked", "rescued 12 girls")."""
    said = re.compile(
        rf"\b{noun}\b(?:\s+[\w-]+){{0,3}}?\s+(?:who\s+)?(?:were|had been|have been)\s+"
        rf"(?:\w+ly\s+)?{_HARM_PARTICIPLES}\b"
        rf"|\b(?:trafficked|rescued|freed|enslaved|exploited|smuggled)\s+(?:[\w-]+\s+){{0,2}}{noun}\b",
        re.IGNORECASE)
    return said.search(text, 0, before) is not None


# Two or more named together, described in a plural apposition, then harmed: "X and Y,
# two brothers from Guntur, were promised jobs in Dubai" (not "two brokers from ...").
_PAIR_AFTER = re.compile(
    rf"^(?:\s+and\s+{_NAME})?\s*,\s*(?:two|three|four|five|both|all)\s+"
    r"(?![^,]*\b(?:brokers?|traffickers?|middlem[ae]n|agents?|recruiters?|smugglers?|dealers?|"
    r"surgeons?|doctors?|suspects?|defendants?|accused|officers?|officials?|police\w*|guards?)\b)"
    r"(?:[\w-]+\s+){0,5}?[\w-]+\s*,\s*(?:who\s+)?(?:were|had been|have been)\s+(?:\w+ly\s+)?"
    r"(?:promised|lured|trafficked|taken|sold|deceived|tricked|forced|recruited|kidnapp?ed|"
    r"abducted|rescued|freed|smuggled|exploited|enslaved)\b")
# What the text says of the person in a later sentence: "Police have not charged him,
# saying he was himself a victim of trafficking".
_SELF_VICTIM = re.compile(
    r"\b(?:he|she)\s+(?:was|is|had been|has been)\s+(?:(?:himself|herself|also|really|"
    r"actually|in fact)\s+)*(?:a|the)\s+(?:\w+\s+)?victim\b")
# Another person named in between, whom the pronoun may mean instead.
_TWO_NAMES = re.compile(r"(?<![.!?]\s)\b[A-Z][\w'’-]+\s+[A-Z][\w'’-]+")
_SELF_VICTIM_REACH = 400


def _called_a_victim_later(text: str, sent: Sentence, ent: Entity) -> bool:
    """Whether a later sentence near the name says "he was himself a victim" with no other
    person named in between (the pronoun then means this person)."""
    window = text[ent.end : min(len(text), sent.end + _SELF_VICTIM_REACH)]
    said = _SELF_VICTIM.search(window)
    return said is not None and not _TWO_NAMES.search(window, 0, said.start())


# A story that opens on the person and tells, in the next sentence, what was done to
# "her" or "him": "X was 19 when she left her village ... Within a week she had been taken
# across the border and sold to a brothel".
_PRONOUN_HARMED = re.compile(
    r"\b(?:[Ss]he|[Hh]e)\s+(?:had been|was|has been)\s+(?:\w+ly\s+)?(?:sold|trafficked|lured|tricked|"
    r"deceived|enslaved|kidnapp?ed|abducted|held captive|locked|raped|smuggled|forced to|"
    r"forced into|taken across|taken to)\b"
    # An organ taken: "she woke up in a hospital bed with a long scar", "one of her kidneys
    # was missing".
    r"|\b(?:she|he) (?:woke up|awoke)\b[^.]{0,60}?\b(?:hospital|clinic|scar|stitches|without)\b"
    r"|\b(?:[Hh]er|[Hh]is) (?:kidney|liver|cornea)s? (?:was|were|had been) (?:missing|removed|"
    r"taken|stolen)\b|\bone of (?:her|his) kidneys (?:was|had been) (?:missing|removed|taken|stolen)\b"
    # What the one who held her did to her: "Her employer confiscated her passport".
    r"|\b(?:[Hh]er|[Hh]is) (?:employers?|boss|madam|captors?|owners?|traffickers?) (?:had )?"
    r"(?:confiscated|took|seized|kept|withheld) (?:her|his) (?:passport|papers|documents|wages|pay)\b"
    r"|\b(?:[Hh]er|[Hh]is) (?:employers?|boss|madam|captors?|owners?|traffickers?) (?:had )?"
    r"(?:locked|beat|raped|starved|abused|imprisoned|confined|chained) (?:her|him)\b")
_STORY_REACH = 300
# A time the story opens on before the name: "For three years, X cooked and cleaned ...".
# A dateline may stand before it too: "KATHMANDU — X went to India ...", "MOMBASA, May 9,
# 2024 - X was 19 when ...".
_STORY_OPENER = re.compile(r"(?:[A-Z][A-Z .'’]{2,}(?:\s*\([^)]{1,30}\))?(?:,[^—–.]{1,30}?)?\s*[—–-]{1,2}\s*)?"
                           r"(?:(?:For|In|After|Since|Until|By|Last|Every)\b[^,.]{0,40},\s*)?")
# What the sentence of the name tells of a suspect (the pronoun's harm is then another's).
_SUSPECT_WORDS = re.compile(r"\b(?:arrested|charged|convicted|sentenced|jailed|accused|"
                            r"suspected|detained|indicted|broker|trafficker|smuggler)\b",
                            re.IGNORECASE)


def _story_of_harm(text: str, sent: Sentence, ent: Entity) -> bool:
    """Whether the sentence opens on the name (or on "The boy," before it), says nothing
    of a suspect, and it or the next sentence tells what was done to "her" or "him" with
    no other person named in between."""
    opening = text[sent.start : ent.start]
    # (Or on the one the name is set beside: "The boy, X, had been brought ... He was
    # locked inside".)
    if ((opening.strip() and not _STORY_OPENER.fullmatch(opening)
         and not _ONE_APPOSED_BEFORE.fullmatch(opening.strip()))
            or _SUSPECT_WORDS.search(text, sent.start, sent.end)):
        return False
    window = text[ent.end : min(len(text), sent.end + _STORY_REACH)]
    told = _PRONOUN_HARMED.search(window)
    # (Two capitalised words the gazetteer knows are a place, not another person:
    # "a village near Chiang Rai".)
    return told is not None and not any(
        places.resolve(other.group()) is None
        for other in _TWO_NAMES.finditer(window, 0, told.start()))


_MY_NAME_BEFORE = re.compile(r"\b(?:[Mm]y name is|[Cc]all me|I am|I'm|I’m)\s+$")
_I_BEFORE = re.compile(r"\bI\s*,\s*$")
_WAS_AFTER = re.compile(
    rf"^\s*,\s*(?:was|had been|have been)\s+(?:\w+ly\s+)?{_HARM_PARTICIPLES}\b", re.IGNORECASE)
_FIRST_PERSON_HARM = re.compile(
    r"\b(?:(?:forced|sold|trafficked|lured|tricked|deceived|beat|locked|raped|abused|kept|held|"
    r"smuggled|recruited|threatened) (?:me|us)\b|(?:took|confiscated|kept|seized) (?:my|our) "
    r"passports?|sold my (?:kidney|liver|cornea)|my (?:kidney|liver|cornea) was|"
    r"(?:I|we) (?:was|were) (?:\w+ly )?(?:sold|trafficked|kept|held|beaten|forced|locked|raped|"
    r"abused|tricked|lured|deceived|enslaved|kidnapp?ed|abducted)|"
    r"(?:I|we) worked (?:[\w-]+ ){0,4}without (?:pay|wages|being paid)|put (?:me|us) in)\b",
    re.IGNORECASE)
_PAID_BEFORE = re.compile(r"\bpaid\s+$", re.IGNORECASE)
_FOR_OWN_ORGAN = re.compile(r"^[^.]{0,50}?\bfor (?:his|her|their) (?:kidney|liver|cornea|organ)s?\b"
                            r"(?!\s+(?:transplant|operation|surgery|treatment))", re.IGNORECASE)
_MY_KIN_BEFORE = re.compile(r"\b(?:[Mm]y|[Oo]ur)\s+(?:sister|brother|daughter|son|wife|husband|"
                            r"mother|father|niece|nephew|cousin|child|girl|boy)\s*,?\s*$")
# Names between dashes, told as freed or harmed: "Three women - X, Y and Z - were rescued".
# (Each name may carry its age: "Three teenagers - X, 14, Y, 15, and Z, 16 - ...".)
_AGED = r"(?:\s*,\s*\d{1,3}(?=\s*(?:,|and\b|[-–—])))?"
_DASH_LIST_BEFORE = re.compile(
    rf"\s[-–—]\s*(?:{_NAME}{_AGED}\s*(?:,\s*(?:and\s+)?|\s+and\s+))*$")
_DASH_LIST_AFTER = re.compile(
    rf"^{_AGED}(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+){_NAME}{_AGED})*\s*[-–—]\s*(?:were|was|had been|have been)\s+"
    r"(?:\w+ly\s+)?(?:rescued|freed|trafficked|sold|found|held|exploited|lured|kidnapp?ed|abducted|"
    r"enslaved|forced|repatriated|recovered|intercepted|deceived)\b")


def _dash_listed(text: str, sent: Sentence, ent: Entity) -> bool:
    """Whether the name stands in a list between dashes that the sentence says were freed or
    harmed ("Three women - X, Y and Z - were rescued at the border", "Police rescued three
    teenagers - X, 14, and Y, 16 - from a house")."""
    listed = _DASH_LIST_BEFORE.search(text, max(sent.start, ent.start - 160), ent.start)
    if listed is None:
        return False
    return bool(_DASH_LIST_AFTER.match(text[ent.end : min(sent.end, ent.end + 200)])
                or _DASH_GROUP_FREED.search(text, max(sent.start, listed.start() - 80),
                                            listed.start() + 1)
                and _DASH_LIST_CLOSED.match(text[ent.end : min(sent.end, ent.end + 200)]))


_DASH_GROUP_FREED = re.compile(
    r"\b(?:rescued|freed|saved|repatriated|intercepted|found)\s+(?:[\w-]+\s+){0,3}"
    r"(?:teenagers|girls|boys|women|children|minors|migrants|victims|workers|men|sisters|brothers)\s*$",
    re.IGNORECASE)
_DASH_LIST_CLOSED = re.compile(
    rf"^{_AGED}(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+){_NAME}{_AGED})*\s*[-–—]")


def _listed_after_victim(text: str, sent: Sentence, ent: Entity, after: str) -> bool:
    """Whether the name continues a list of names whose first the words before make a
    victim ("police rescued X, Y and Z")."""
    window = text[max(sent.start, ent.start - 160) : ent.start]
    listed = _LIST_BEFORE.search(window)
    if listed is None or _PARTY_AFTER.match(after):
        return False
    first = ent.start - len(window) + listed.start()
    head = _COURTESY_END.sub("", text[max(sent.start, first - 100) : first])
    if named_as_perpetrator(text, sent.start, first):
        return False
    return bool(_BEFORE.search(head) or _COMPLAINANT_BEFORE.search(head)
                or _LISTED_AFTER_VICTIM_NOUN.search(head))


# The person does the harm to another, in the active voice: "The woman, identified as X,
# allegedly took Y's passport and forced her to work" (not the reduced passive "X,
# trafficked to Italy at 16," nor "X, forced to work").
# Verbs of harm one does to another in the active voice (here and `_AGENT_OF_HARM_AFTER`).
_HARM_DONE = (r"(?:forced|sold|beat|lured|trafficked|smuggled|recruited|exploited|locked|raped|"
              r"abused|tricked|deceived|kidnapp?ed|abducted|enslaved|took)")
_HARMS_ANOTHER_AFTER = re.compile(
    r"\s*(?:,[^,.]{1,40},)?\s*,?\s*(?:(?:allegedly|then|also|later|reportedly)\s+)?"
    rf"(?:{_HARM_DONE}|confiscated)\s+"
    # Whom, not whose: "forced her to", "sold them into" (not "sold her kidney", the
    # seller's own), or a group or a name ("sold two girls", "took Y's passport").
    r"(?:(?:her|him|them)(?=\s*(?:to|into|in|at|for|with|from|across|and|[,.;]))"
    r"|(?:the|a|an|two|three|four|five|several|dozens|(?-i:[A-Z])[\w'’-]+)\b"
    r"(?!\s+(?:kidney|liver|cornea|organ|lung)s?\b))"
    r"(?!\s+(?:to|into)\s+(?:court|custody|jail|prison))", re.IGNORECASE)


# Two people who tell together of what was done to them: "X and Y told the court that the
# farm owner had taken their passports and forced them to work" (either name).
_THEY_TELL = (
    r"(?:\s*,[^,.]{1,60},)?\s+(?:said|say|told \w+|testified|recalled|explained)\b[^.]{0,120}?\b"
    rf"(?:(?:{_HARM_DONE}|confiscated|kept|held) them\b(?!\s+(?:to|into|before) (?:a |the )?"
    r"(?:court|custody|jail|prison|police))"
    r"|(?:took|taken|confiscated|seized|kept|withheld) their (?:passports|papers|documents|wages|pay)"
    rf"|they (?:were|had been) (?:{_HARM_PARTICIPLES}|beaten|locked|never paid|not paid)\b)")
_PAIR_TELLS_AFTER = re.compile(rf"\s+and\s+{_NAME}{_THEY_TELL}", re.IGNORECASE)
_THEY_TELL_AFTER = re.compile(_THEY_TELL, re.IGNORECASE)
_PAIR_BEFORE = re.compile(rf"(?<![\w'’-]){_NAME}\s+and\s+$", re.IGNORECASE)


def _pair_tells(text: str, sent: Sentence, ent: Entity) -> bool:
    """Whether the person is one of two named together who tell what was done to them."""
    if _PAIR_TELLS_AFTER.match(text, ent.end, sent.end):
        return True
    return (_PAIR_BEFORE.search(text, max(sent.start, ent.start - 60), ent.start) is not None
            and _THEY_TELL_AFTER.match(text, ent.end, sent.end) is not None)


_HELD_APPOSED_BEFORE = re.compile(
    r"\b(?:keep(?:ing|s)?|kept|hold(?:ing|s)?|held|enslav(?:ing|ed|es)|exploit(?:ing|ed|s)|"
    r"traffick(?:ing|ed|s)|abus(?:ing|ed|es)|forc(?:ing|ed|es)|smuggl(?:ing|ed|es)|"
    r"sell(?:ing|s)?|sold|kidnapp?(?:ing|ed|s)|abduct(?:ing|ed|s)|lur(?:ing|ed|es))\s+"
    r"(?:their|his|her|a|an|the)\s+(?:[\w-]+\s+){0,2}?(?:nanny|maid|housemaid|servant|"
    r"domestic(?: worker| helper)?|helper|caregiver|cook|niece|nephew|stepdaughter|daughter|son|"
    # ... or one of the harmed by who they are: "trafficking a Vietnamese boy, X, to work".
    r"wife|boy|girl|teenager|child|woman|worker|migrant|student)\s*,\s*$", re.IGNORECASE)
_FOUND_BEFORE = re.compile(r"\b(?:found|discovered|rescued|freed|located)\s+$", re.IGNORECASE)
# Held as the finders saw them, no object after the verb ("found X locked in a room", not
# "X locked the women in"): the state of one held, or of one harmed.
_FOUND_HELD_AFTER = re.compile(
    r"^(?:\s*,\s*(?:aged\s+)?\d{1,3}\s*,)?\s+(?:(?:locked|chained|shackled|tied|confined|"
    r"imprisoned|trapped|hidden|held|kept)(?:\s+up)?\s+(?:in|inside|at|to|with|under|for)\b|"
    r"(?:starving|malnourished|bleeding|unconscious|dead)\b)", re.IGNORECASE)


def is_victim(text: str, sent: Sentence, ent: Entity) -> bool:
    """True when this mention of a person puts them on the receiving end of the trade."""
    if ent.label != "PERSON":
        return False
    # One who tells that they themselves were taken or harmed is harmed, whatever their
    # title ("Dr. X, a dentist from Aleppo, says he was kidnapped by a gang ..."), unless
    # named as one of the trade's ("the broker X says he was beaten by police").
    if (_SAYS_SELF_HARMED_AFTER.match(text, ent.end, sent.end)
            and not _TRADER_BEFORE.search(text, max(sent.start, ent.start - 30), ent.start)):
        return True
    if named_as_perpetrator(text, sent.start, ent.start) or _PARTY_CLAUSE_BEFORE.search(
            text, max(sent.start, ent.start - 140), ent.start):
        return False
    if _HARMS_ANOTHER_AFTER.match(text, ent.end, sent.end):
        return False
    # Listed as the ones an organ went to, they bought it: buyers, not victims ("Y, a donor,
    # X and Z, the receivers"; the parse may hang the list on "donor").
    if _listed_as_receiver(text, sent, ent.end):
        return False
    if _by_parse(sent, ent) or _pair_tells(text, sent, ent):
        return True
    # A courtesy title the entity leaves out stands between the words and the name ("the
    # complainant, Ms. X").
    before = _COURTESY_END.sub("", text[max(sent.start, ent.start - 60) : ent.start])
    after = text[ent.end : min(sent.end, ent.end + 80)]
    # The entity model often takes the possessive into the name ("X's mother", "X's
    # ordeal"): the words after the name start with it.
    owner = _POSSESSIVE_END.search(ent.text)
    if owner is not None:
        after = owner.group() + after
    if _listed_after_victim(text, sent, ent, after) or _dash_listed(text, sent, ent):
        return True
    # The teller of a first-person account of harm: "My name is X. ... He took my passport",
    # "I, X, was kept in a forest camp".
    if (_MY_NAME_BEFORE.search(before) and _FIRST_PERSON_HARM.search(text)
            or _I_BEFORE.search(before) and _WAS_AFTER.match(after)):
        return True
    # The one named after the noun a verb of the trade acts on, whatever the parse:
    # "found guilty of keeping their nanny, X, in slavery".
    if _HELD_APPOSED_BEFORE.search(before):
        return True
    # The one the police or rescuers found held: "Police found X, 22, locked in a room".
    if _FOUND_BEFORE.search(before) and _FOUND_HELD_AFTER.match(after):
        return True
    # Whom a broker paid for their own organ: "paid X, 24, Rs 100,000 for his kidney" (not
    # "for his kidney transplant", a buyer's).
    if _PAID_BEFORE.search(before) and _FOR_OWN_ORGAN.match(after):
        return True
    # The speaker's own relative in a quote: "'My sister X was only 13,' said Y".
    if _MY_KIN_BEFORE.search(before) and _SPEAKS_OR_GRIEVES.search(sent.text):
        return True
    if ((_RELATIVE_OF.search(before) or _RELATIVE_AFTER.match(after))
            and _SPEAKS_OR_GRIEVES.search(sent.text)):
        return True
    # A relative who speaks, searches or complains, named in apposition ("Her father, X,
    # had filed a missing person complaint"; "Y's husband, X, also testified"): the name
    # points to the one harmed. Not a perpetrator's own ("the accused, Y, and her son X").
    # Nor the agent of what was done to the one harmed: "was sold by her uncle, X, to a
    # brick kiln owner".
    if (_KIN_APPOSED_BEFORE.search(before)
            and _SPEAKS_OR_GRIEVES.search(text, ent.end, sent.end)
            and not _PARTY_WORD.search(text, sent.start, ent.start)
            and not _BY_KIN_BEFORE.search(before)):
        return True
    if _LISTED_AFTER_VICTIM_NOUN.search(before):
        return True
    group = _GROUP_APPOSED_BEFORE.search(text, max(sent.start, ent.start - 160), ent.start)
    if (group is not None and (_group_harmed(text, group.group(1), sent.start)
                               or _GROUP_HARMED_AFTER.match(after))
            and not _GROUP_PARTY_AFTER.match(after)):
        return True
    # The one a harm was told of before, named later: "A woman from Kenvaria who escaped from
    # a house in Doha said her employer locked her in ... The woman, X, 29, returned home"
    # (not "The woman, X, 45, was charged").
    one = _ONE_APPOSED_BEFORE.search(before)
    if (one is not None and not _suspect_after(text, ent.end, sent.end)
            and _one_harmed(text, one.group(1), sent.start)):
        return True
    if _AMONG_BEFORE.search(before) and _AMONG_AFTER.match(after):
        return True
    # One of those the sentence before told were freed or harmed: "Police freed 23 migrants
    # held in a house ... Among them was X, 31, from Honduras".
    if (_AMONG_WAS_BEFORE.search(before)
            and _HARM_TOLD.search(text, previous_start(text, sent.start), sent.start)):
        return True
    if ((_AMONG_HARMED_BEFORE.search(text[max(sent.start, ent.start - 100) : ent.start])
         or _ONE_OF_HARMED_BEFORE.search(before))
            and not _SENTENCED_AFTER.match(after)):
        return True
    if (_ONE_OF_GROUP_BEFORE.search(before)
            and not _suspect_after(text, ent.end, sent.end)):
        return True
    # "One of them, X, 23, said they were forced to dance until dawn", after the group's
    # harm: one of those harmed (not one of the suspects the sentence before named).
    if (_ONE_OF_THEM_BEFORE.search(before) and not _suspect_after(text, ent.end, sent.end)
            and (_HARM_TOLD.search(text, previous_start(text, sent.start), sent.start)
                 or _THEY_HARMED.search(text, ent.end, sent.end))
            and not _SUSPECT_WORDS.search(text, previous_start(text, sent.start), sent.start)):
        return True
    if _OFFERED_BEFORE.search(before) and _OFFERED_AFTER.match(after):
        return True
    if _COMPLAINANT_BEFORE.search(before) and not _TELLER_OFFICE_AFTER.match(after):
        return True
    if _BROUGHT_BEFORE.search(before) and _BROUGHT_AFTER.match(after):
        return True
    # Those named in a list after a colon, of a group the words before it tell were harmed
    # ("named three of the 12 migrants who drowned ...: X, 19, Y, 24, and her son Z, 3").
    colon = text.rfind(":", sent.start, ent.start)
    if (colon >= 0 and _LIST_SO_FAR.fullmatch(text, colon + 1, ent.start)
            and _HARMED_GROUP_BEFORE_COLON.search(text, sent.start, colon)):
        return True
    # (The entity may hold the office: "Inspector X said ..."; and another person named
    # before the pronoun may be whom it means: "X said Y had trusted the broker who lured
    # her", unless named as the one who did it: "X told the court that broker Y took her".)
    told = _TELLS_OWN_HARM.match(text[ent.end : min(sent.end, ent.end + 260)])
    pronoun = None if told is None else _HARMED_PRONOUN.search(told.group())
    if (told is not None and not _TELLER_OFFICE.search(before + ent.text)
            and not any(e.label == "PERSON" and ent.end <= e.start
                        < ent.end + (pronoun.start() if pronoun else told.end())
                        and not named_as_perpetrator(text, sent.start, e.start)
                        and not _AGENT_OF_HARM_AFTER.match(text, e.end, sent.end)
                        for e in sent.entities)):
        return True
    return bool(_BEFORE.search(before) or _AFTER.match(after) or _PAIR_AFTER.match(after)
                or _called_a_victim_later(text, sent, ent) or _story_of_harm(text, sent, ent)
                or _named_after_lede(text, sent, ent))


_SAYS_SELF_HARMED_AFTER = re.compile(
    rf"(?:\s*,(?![^,]*\b(?:{_TRADERS})\b)[^,]{{1,80}},)?\s+(?:says|said|told \w+|recalls|recalled|"
    r"testified)\s+(?:that\s+)?(?:he|she)\s+(?:was|had been)\s+(?:\w+ly\s+)?(?:kidnapp?ed|"
    r"abducted|drugged|trafficked|sold|lured|tricked|held captive|locked up|beaten|raped|"
    r"enslaved|smuggled)\b", re.IGNORECASE)
# What a list after a colon holds before the name: other names with their ages, and the
# kin words that join them ("X, 19, Y, 24, and her son").
_LIST_SO_FAR = re.compile(
    r"(?:\s*(?:and\s+)?(?:(?:his|her|their)\s+(?:[\w-]+\s+)?(?:son|daughter|wife|husband|"
    r"mother|father|brother|sister|child|baby)\s+)?(?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*){0,3}"
    r"(?:\s*,\s*(?:aged\s+)?\d{1,3})?\s*[,;])*\s*(?:and\s+)?(?:(?:his|her|their)\s+"
    r"(?:[\w-]+\s+)?(?:son|daughter|wife|husband|mother|father|brother|sister|child|baby)\s+)?",
    re.IGNORECASE)
_HARMED_GROUP_BEFORE_COLON = re.compile(
    r"\b(?:migrants|victims|refugees|women|girls|boys|children|workers|people|men|passengers|"
    r"fishermen|survivors|dead)\b[^:]{0,140}?\b(?:drowned|died|were killed|were found dead|"
    r"perished|lost their lives|were rescued|were freed|were trafficked|were enslaved|"
    r"were sold|were kidnapp?ed|were abducted|suffocated)\b[^:]*$", re.IGNORECASE)


# The one a report's opening sentence told of, named with their age at the start of the
# next: "A woman who paid smugglers ... has told a court how she was forced into
# prostitution. X, 22, said the madam threatened her family" (not "A man who trafficked
# women was jailed. X, 45, recruited them", nor a suspect's sentence after a victim's).
_LEDE_PERSON = re.compile(
    r"(?:A|An|One)\s+(?:[\w-]+\s+){0,3}?(?:woman|girl|man|boy|teenager|mother|father|migrant|"
    r"worker|refugee|victim|survivor|student|labou?rer)\b")
_LEDE_HARMED = re.compile(
    rf"\b(?:(?:she|he)\s+(?:had been|was|has been)|who\s+(?:had been|was|has been))\s+"
    rf"(?:\w+ly\s+)?{_HARM_PARTICIPLES}\b")


# One the lede tells was trafficked and then arrested or jailed herself: "A woman who was
# trafficked to Italy as a teenager and later forced by her madam to recruit other girls has
# been jailed". Named with her age in the next sentence, she is a victim the courts also
# punished, masked like any victim.
_LEDE_HARMED_AND_ACTED_ON = re.compile(
    r"(?:[A-Z][^.]{0,50}?\s[-—–]{1,2}\s*)?"  # a dateline: "TURIN, May 14, 2024 - "
    r"(?:A|An|One)\s+(?:[\w-]+\s+){0,3}?(?:woman|girl|man|boy|teenager|migrant|worker|victim|"
    r"survivor)\s+who\s+(?:had been|was|has been)\s+(?:\w+ly\s+)?(?:trafficked|sold|enslaved|"
    r"kidnapp?ed|abducted|lured|forced|tricked|deceived|duped|coerced)\b[^.]{0,160}?\s+"
    r"(?:(?:has|have|had)\s+)?(?:been\s+|was\s+)"
    r"(?:\w+ly\s+)?(?:arrested|charged|convicted|jailed|sentenced|found guilty|prosecuted|"
    # ... or freed by the courts as one: "was freed on appeal after judges found she had
    # been a victim of trafficking".
    r"(?:freed|released|acquitted|cleared|pardoned)\b[^.]{0,80}?\b(?:she|he) (?:had been|was) "
    r"(?:a )?victim of)\b")


def _named_after_lede(text: str, sent: Sentence, ent: Entity) -> bool:
    if text[sent.start : ent.start].strip() or not AGED_AFTER.match(text, ent.end, sent.end):
        return False
    lede = previous_start(text, sent.start)
    if _LEDE_HARMED_AND_ACTED_ON.match(text, lede, sent.start):
        return True  # a victim first, whatever the courts did to her after
    if _SUSPECT_AFTER.match(text, ent.end, sent.end):
        return False
    return (_LEDE_PERSON.match(text, lede, sent.start) is not None
            and _LEDE_HARMED.search(text, lede, sent.start) is not None
            and _SUSPECT_WORDS.search(text, lede, sent.start) is None)


# The one named in between is the subject of the harm done to "her" or "him", who is then
# another: "X said Y threatened to report him to immigration" (him is not Y).
# (What one does to the teller counts as harm here: a promise broken, a payment cut short.)
_AGENT_OF_HARM_AFTER = re.compile(
    r"\s+(?:had\s+|has\s+|allegedly\s+|then\s+)?(?:threatened to (?:report|denounce|deport|kill|"
    rf"hurt|beat|sell)|{_HARM_DONE}|kept|held|promised|paid|cheated)\s+(?:her|him)\b")


# What a seller does with the organ ("sold his kidney", "donated one of her kidneys",
# "lost his kidney"), and what one is paid for it ("received $930 for his kidney", "was
# paid for her kidney": only with "for", as "received a kidney from" is a recipient's).
_GIVE_VERB = re.compile(r"^(?:s[eo]ll\w*|sold|donat\w*|gave|give\w*|lost|los(?:e|es|ing)|"
                        r"hand\w*|part\w*)$", re.IGNORECASE)
_PAID_VERB = re.compile(r"^(?:receiv\w*|got|get\w*|paid|earn\w*|offered|promised|"
                        r"made)$", re.IGNORECASE)
_ORGAN_WORD = re.compile(r"^(?:kidneys?|livers?|corneas?|lungs?|organs?)$", re.IGNORECASE)
_OWNER = re.compile(r"^(?:his|her)$", re.IGNORECASE)
_PRONOUN = re.compile(r"^(?:he|she)$", re.IGNORECASE)


def owns_organ(text: str, sent: Sentence, start: int, end: int) -> bool:
    """True when the parse makes this mention the one who sold, gave or lost their own
    organ, or was paid for it: "X sold his kidney", "X received $930 for his kidney", "X
    confessed that he sold one of his kidneys" (a "he" of a clause the name's verb
    governs). Reports tell a seller's story over many sentences, and the name stands by
    the organ in few of them in the ways `is_victim` reads."""
    tokens = sent.tokens
    if not tokens or named_as_perpetrator(text, sent.start, start):
        return False
    mine = {i for i, t in enumerate(tokens) if start <= t.start < end}
    if not mine:
        return False
    for k, t in enumerate(tokens):
        if not _ORGAN_WORD.match(t.text) or not _own(tokens, k):
            continue
        # Climb from the organ to its verb: "sold [one of] his kidney", "for his kidney".
        i, via = k, ""
        while 0 <= tokens[i].head < len(tokens) and tokens[i].head != i and tokens[i].pos not in (
                "VERB", "AUX"):
            if tokens[i].dep == "pobj":
                via = tokens[tokens[i].head].text.lower()
            i = tokens[i].head
        verb = tokens[i]
        if not (_GIVE_VERB.match(verb.text) or (_PAID_VERB.match(verb.text) and via == "for")):
            continue
        subj = subject(tokens, i)
        if subj is None:
            continue
        # "X recruited Y and sold her kidney": the organ is the nearer person's.
        if any(e.label == "PERSON" and end <= e.start and e.end <= t.start
               for e in sent.entities):
            continue
        if subj in mine:
            return True
        # "X confessed that he sold ...": the pronoun of a clause under the name's verb.
        if _PRONOUN.match(tokens[subj].text):
            up = i
            while tokens[up].dep in ("ccomp", "xcomp", "advcl", "conj") and 0 <= tokens[up].head < len(tokens):
                up = tokens[up].head
                outer = subject(tokens, up)
                if outer is not None and outer in mine:
                    return True
    return False


def reads_like_person(name: str) -> bool:
    """Whether a name the entity model typed otherwise may be a person's: up to three
    capitalised words, no "of" ("Tamang", "Wang"; not "Department of Labor")."""
    words = name.split()
    return 0 < len(words) <= 3 and all(w[:1].isupper() for w in words)


def victim_anywhere(text: str, sentences: list[Sentence], name: str, person: bool = True) -> bool:
    """True when any sentence reads any mention of the name, or of its last word (reports
    call a person by the surname after the first mention), as a victim's (`is_victim`) or
    gives them the organ taken or sold (`owns_organ`). Mentions are found by their words,
    not only where the entity model tagged a person.

    `person` False: a name tagged as a place or a body, which may be a person's the entity
    model mistook ("Tamang"); only a name that reads like a person's (up to three
    capitalised words, no "of") is read, whole ("Labor" of "Department of Labor" is no
    one's surname)."""
    if not person and not reads_like_person(name):
        return False
    forms = _forms(name, person) | (_given_name(text, name) if person else set())
    return any(is_victim(text, sent, Entity("PERSON", start, end, text[start:end]))
               or owns_organ(text, sent, start, end)
               for sent, start, end in mentions(text, sentences, forms))


def _given_name(text: str, name: str) -> set[str]:
    """The first word of a person's name where the text calls them by it alone, as stories
    of the people harmed do ("Maria recalls ...", "said Maria"): the test of a victim reads
    those mentions too, so that the name is masked and not shown as an actor's."""
    words = name.split()
    if len(words) < 2 or len(words[0]) < 3 or not words[0][:1].isupper():
        return set()
    alone = re.compile(rf"(?<![\w-]){re.escape(words[0])}(?![\w-])(?!\s+{re.escape(words[1])})")
    return {words[0]} if alone.search(text) else set()


def _forms(name: str, person: bool = True) -> set[str]:
    """The name and, for a person, its last word: reports call a person by the surname
    after the first mention."""
    words = name.split()
    if not words:
        return set()
    return {name, words[-1]} if person and len(words[-1]) > 2 else {name}


def receives_anywhere(text: str, sentences: list[Sentence], name: str) -> bool:
    """True when any sentence reads a mention of the name, or of its last word, as the
    one an organ went to (`receives_organ`)."""
    return any(receives_organ(text, sent, start, end)
               for sent, start, end in mentions(text, sentences, _forms(name)))


# Who takes an organ in: "X received a kidney", "X needed a liver", "X bought a kidney",
# "X underwent a transplant", "receiving Y's kidney".
_TAKE_VERB = re.compile(r"^(?:receiv\w*|got|get\w*|need\w*|requir\w*|bought|buy\w*|purchas\w*|"
                        r"underw\w*|undergo\w*|await\w*|wait\w*|sought|seek\w*)$", re.IGNORECASE)
_TAKEN = re.compile(r"^(?:kidneys?|livers?|corneas?|lungs?|organs?|transplants?|transplantation)$",
                    re.IGNORECASE)
_RECEIVERS_AFTER = re.compile(
    r"(?:\s+and\s+(?:[A-Z][\w'-]+\s?){1,3})?\s*,\s*(?:the |both |two )?(?:receivers|recipients)\b")
# Named after the word for the one an organ went to: "The buyer, an Israeli patient named
# X, paid ...", "the recipient, X".
_RECEIVER_BEFORE = re.compile(
    r"\b(?:buyers?|recipients?|receivers?)\s*,\s*(?:(?:an?|the)\s+(?:[\w-]+\s+){0,4}?"
    r"(?:named|called)\s+)?$", re.IGNORECASE)
_RECEIVER_NOUN = re.compile(r"^(?:recipients?|receivers?|patients?|buyers?)$", re.IGNORECASE)


def receives_organ(text: str, sent: Sentence, start: int, end: int) -> bool:
    """True when the parse makes this mention the one an organ went to: the subject of
    receiving, needing or buying an organ or a transplant that is not their own ("X
    received a kidney from Y", "X died after receiving Y's kidney"), or a person called the
    recipient ("X and Y, the receivers"). A recipient who paid is the trade's buyer, not
    its victim."""
    if (_listed_as_receiver(text, sent, end) or _SOLD_TO.search(text, max(sent.start, start - 80), start)
            or _RECEIVER_BEFORE.search(text, max(sent.start, start - 80), start)
            or _PAID_FOR_ORGAN.match(text, end, min(sent.end, end + 120))
            or (_APPOSED.search(text, max(sent.start, start - 3), start)
                and _PAID_AFTER_APPOSED.match(text, end, min(sent.end, end + 120)))):
        return True
    tokens = sent.tokens
    if not tokens:
        return False
    mine = {i for i, t in enumerate(tokens) if start <= t.start < end}
    if not mine:
        return False
    for i in mine:
        # "the recipient, X", and through a chain of appositions: "the intended recipient,
        # a 67-year-old businessman, X".
        up = i
        while tokens[up].dep == "appos" and 0 <= tokens[up].head < len(tokens) \
                and tokens[up].head != up:
            up = tokens[up].head
            if _RECEIVER_NOUN.match(tokens[up].text):
                return True
        if any(tokens[j].dep == "appos" and _RECEIVER_NOUN.match(tokens[j].text)
               for j in children(tokens, i)):
            return True
    for v, verb in enumerate(tokens):
        if _SALE_VERB.match(verb.text) and _sold_to(tokens, v) & mine:
            return True
        if not _TAKE_VERB.match(verb.text):
            continue
        objects = [j for j in children(tokens, v) if tokens[j].dep in ("dobj", "pobj", "attr")]
        if not any(_TAKEN.match(tokens[j].text) and not _own(tokens, j) for j in objects):
            continue
        subj = subject(tokens, v)
        if subj is not None and subj in mine:
            return True
        # "X, who required a kidney", "X, a businessman who was receiving a kidney".
        if verb.dep == "relcl" and (verb.head in mine or (
                tokens[verb.head].dep == "appos" and tokens[verb.head].head in mine)):
            return True
        # "after receiving Y's kidney": the clause's subject is the sentence's.
        if subj is None:
            outer = clause_subject(tokens, v, ("pcomp", "advcl", "xcomp"))
            if outer is not None and outer in mine:
                return True
    return False


_SALE_VERB = re.compile(r"^(?:s[eo]ll\w*|sold)$", re.IGNORECASE)
# "X, a businessman from Israel, paid 100,000 dollars for a kidney": the buyer.
_PAID = (r"(?:\w+ly\s+)?(?:paid\s+(?:[\w$€£,.]+\s+){0,4}?for (?:a|an|the)"
         r" (?:new )?(?:kidney|liver|cornea|transplant|organ)"
         # "agreed to pay the donor, Y, 27, about 150 million rupiah for the transplant": the
         # one the operation is for (a broker pays a donor for the kidney, not the surgery).
         r"|(?:paid|agreed to pay|offered to pay|promised to pay)\s+(?:[\w$€£,.]+\s+){0,10}?"
         r"for (?:a|an|the|his|her) (?:kidney |liver )?(?:transplant|operation|surgery))")
_PAID_FOR_ORGAN = re.compile(
    rf"\s*(?:,[^,.]{{1,60}},)?"
    # Told in their own account: "X, 67, told the newspaper he paid 120,000 dollars ...".
    r"(?:\s+(?:told|tells|said|says|recalled|admitted)(?:\s+(?:the\s+)?[\w-]+){0,2}?\s+(?:that\s+)?"
    r"(?:he|she)(?:\s+had)?)?"
    rf"\s+{_PAID}", re.IGNORECASE)
# So is one named in apposition ("a retired businessman, X, paid $110,000 for a kidney"),
# not one a comma sets off alone ("X, paid $3,000 for a kidney, said ...": whom a sale paid).
_APPOSED = re.compile(r",\s*$")
_PAID_AFTER_APPOSED = re.compile(rf",\s+{_PAID}", re.IGNORECASE)
# Whom an organ is sold to that is no buyer but a dealer who sells it on.
_DEALER = re.compile(rf"^{_DEALER_WORDS}$", re.IGNORECASE)
# The words before the one an organ was sold to, for where the parse hangs the name
# elsewhere ("sold his kidney to an Indonesian woman, X").
_SOLD_TO = re.compile(
    r"\b(?:sold|sells?|selling)\s+(?:his|her|their|a|one of (?:his|her|their))\s+"
    r"(?:kidney|liver|cornea|organ)s?\s+to\s+(?:(?:an?|the)\s+(?:[\w-]+\s+){0,3}?"
    rf"(?!{_DEALER_WORDS}\b)[\w-]+\s*,\s*)?$",
    re.IGNORECASE)


def _sold_to(tokens: list[Token], verb: int) -> set[int]:
    """The tokens an organ the verb sells is sold to ("sold his kidney to an Indonesian
    woman, X": the woman and X, through appositions). A gift ("gave his kidney to his
    sister") makes no buyer."""
    kids = children(tokens, verb)
    if not any(tokens[j].dep == "dobj" and _TAKEN.match(tokens[j].text) for j in kids):
        return set()
    out: set[int] = set()
    for p in kids:
        if tokens[p].dep in ("dative", "prep") and tokens[p].text.lower() == "to":
            todo = [j for j in children(tokens, p) if tokens[j].dep == "pobj"
                    and not _DEALER.match(tokens[j].text)]
            while todo:
                j = todo.pop()
                out.add(j)
                todo.extend(k for k in children(tokens, j)
                            if tokens[k].dep in ("appos", "compound", "conj") and k not in out)
    return out


def _listed_as_receiver(text: str, sent: Sentence, end: int) -> bool:
    """"X and Y, the receivers": a list the parse may hang on another noun."""
    return _RECEIVERS_AFTER.match(text, end, min(sent.end, end + 60)) is not None


def _own(tokens: list[Token], organ: int) -> bool:
    """"his kidney" (his own, unless "his new kidney")."""
    kids = children(tokens, organ)
    return any(tokens[j].dep == "poss" and _OWNER.match(tokens[j].text) for j in kids) and not any(
        tokens[j].text.lower() == "new" for j in kids)


# Harm done to the person themselves, near their name: gold reads a person killed, gone
# missing or taken for their organs as one harmed (`other`), not as the organ's seller.
_HARMED = re.compile(
    r"\b(?:vanish\w*|disappear\w*|missing|kill\w*|murder\w*|died|dead|death|body|bodies|"
    r"remains|slain|strangled|beheaded|abduct\w*|kidnapp?\w*|snatch\w*)\b", re.IGNORECASE)
_SELLER_NOUN = re.compile(r"\b(?:(?:kidney |organ )?(?:donors?|sellers?)|vendors?)\b", re.IGNORECASE)
# An operation told beside the harm: the death or illness that followed a sale ("died in a
# Cairo hospital from a post-operative infection").
_OPERATED = re.compile(r"\b(?:post-?operative|operations?|operated|surgery|surgical|"
                       r"nephrectomy)\b", re.IGNORECASE)


def victim_role(text: str, sentences: list[Sentence], name: str, trade: str) -> str:
    """The role of a named victim: `seller_donor` for one who sold an organ, `other` for
    anyone else the case harmed (people trafficked, exploited, abducted or killed).

    Outside the organ trade a victim is never a seller: a trafficked woman sold no one.
    In an organ case a victim is its seller unless no sentence reads them selling and one
    tells harm done to them near the name ("the disappearance of 10-year-old X", "X died
    under mysterious circumstances"): a child killed for her organs sold nothing. A death
    told with an operation ("X died from a post-operative infection") followed a sale."""
    if trade != "organ":
        return "other"
    harmed = False
    for sent, start, end in mentions(text, sentences, _forms(name)):
        if owns_organ(text, sent, start, end):
            return "seller_donor"
        near = text[max(sent.start, start - 60) : min(sent.end, end + 60)]
        if _SELLER_NOUN.search(near) or _OPERATED.search(text, sent.start, sent.end):
            return "seller_donor"
        harmed = harmed or bool(_HARMED.search(near))
    return "other" if harmed else "seller_donor"
