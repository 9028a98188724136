"""A one-line summary of an incident (at most 20 words) from its first sentence."""

from __future__ import annotations

import re

from ratline.extract.results import Incident

MAX_WORDS = 20


def summarise(text: str, inc: Incident) -> str:
    # The sentence that states the evidence ("police arrested ...") says most about the
    # case; the first sentence of the incident may be a headline, dateline or note.
    cue_found = inc.evidence.start is not None
    span = (inc.evidence.sentence if cue_found else None) or inc.trade.sentence or inc.evidence.sentence
    if span is None:
        parts = [inc.trade.value, "trafficking"]
        if inc.countries:
            parts.append("in " + ", ".join(f.value for f in inc.countries[:4]))
        return " ".join(parts)
    sentence = re.sub(r"\s+", " ", text[span[0] : span[1]]).strip()
    words = sentence.split(" ")
    if len(words) > MAX_WORDS:
        return " ".join(words[:MAX_WORDS]).rstrip(",;:") + " …"
    return sentence
