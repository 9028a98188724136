"""Hard-wrapped text: lines joined before the rules read it, every span mapped back.

All texts are fictional, written for these tests.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ratline.extract import extract_text
from ratline.extract.extractor import rule_pass
from ratline.extract.unwrap import unwrap
from ratline.model import RawItem
from ratline.readers import read

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "reports"

# A report as a PDF gives it: lines of about 80 characters, "human\ntrafficking" across a
# break and "traf-\nficking" split by a hyphen.
WRAPPED = (
    "Coastal Police Bulletin\n"
    "\n"
    "MOMBASA, 4 May 2023 - Police in Mombasa arrested two men on suspicion of human\n"
    "trafficking after they recruited four young women from Kisumu with false\n"
    "promises of hotel jobs in Dubai. Investigators said the women were made to pay\n"
    "KES 150,000 each for visas and were later forced into domestic servitude in a\n"
    "villa near the port. The suspects, Joseph Otieno-Barasa and Peter Kamau-Ndegwa,\n"
    "were charged on Wednesday at the Mombasa Law Courts with human traf-\n"
    "ficking and remain in custody.\n"
)
# The same report written with one line per paragraph.
FLAT = (
    "Coastal Police Bulletin\n"
    "\n"
    "MOMBASA, 4 May 2023 - Police in Mombasa arrested two men on suspicion of human "
    "trafficking after they recruited four young women from Kisumu with false "
    "promises of hotel jobs in Dubai. Investigators said the women were made to pay "
    "KES 150,000 each for visas and were later forced into domestic servitude in a "
    "villa near the port. The suspects, Joseph Otieno-Barasa and Peter Kamau-Ndegwa, "
    "were charged on Wednesday at the Mombasa Law Courts with human "
    "trafficking and remain in custody.\n"
)
# The report forwarded in an e-mail: quoted, with a blank quoted line between paragraphs,
# and (format=flowed) a blank at the end of each soft-broken line.
EMAIL = (
    "Hi all, see the bulletin below.\n"
    "\n"
    "On Thursday, Coastal Police wrote:\n"
    "> Police in Mombasa arrested two men on suspicion of human trafficking after \n"
    "> they recruited four young women from Kisumu with false promises of hotel \n"
    "> jobs in Dubai. Investigators said the women were made to pay KES 150,000 \n"
    "> each for visas and were later forced into domestic servitude.\n"
    ">\n"
    "> The suspects, Joseph Otieno-Barasa and Peter Kamau-Ndegwa, were charged on \n"
    "> Wednesday at the Mombasa Law Courts with human trafficking and remain in \n"
    "> custody.\n"
)
EMAIL_FLAT = (
    "Hi all, see the bulletin below.\n"
    "\n"
    "On Thursday, Coastal Police wrote:\n"
    "Police in Mombasa arrested two men on suspicion of human trafficking after "
    "they recruited four young women from Kisumu with false promises of hotel "
    "jobs in Dubai. Investigators said the women were made to pay KES 150,000 "
    "each for visas and were later forced into domestic servitude.\n"
    "\n"
    "The suspects, Joseph Otieno-Barasa and Peter Kamau-Ndegwa, were charged on "
    "Wednesday at the Mombasa Law Courts with human trafficking and remain in "
    "custody.\n"
)


def _plain(original: str) -> str:
    """A piece of the original read as the rules read it: breaks, quote marks and the
    hyphen of a split word gone."""
    text = re.sub(r"(?<=[a-z])-\n(?=[a-z])", "", original)
    return re.sub(r" ?\n(?:> ?)?", " ", text)


def _check_map(original: str) -> None:
    u = unwrap(original)
    for i, ch in enumerate(u.text):
        src = original[u.position(i)]
        assert ch == src or (ch == " " and src == "\n"), (i, ch, src)


# --- the text -------------------------------------------------------------------------

def test_wrapped_report_reads_as_its_flat_twin() -> None:
    u = unwrap(WRAPPED)
    assert u.text == FLAT
    _check_map(WRAPPED)


def test_split_word_maps_to_both_halves() -> None:
    u = unwrap(WRAPPED)
    i = u.text.rindex("trafficking")
    start, end = u.span(i, i + len("trafficking"))
    assert WRAPPED[start:end] == "traf-\nficking"
    # What follows the joined word keeps its own place.
    j = u.text.index("and remain")
    assert WRAPPED[u.position(j):].startswith("and remain")


def test_quoted_email_loses_its_marks_and_keeps_its_paragraphs() -> None:
    u = unwrap(EMAIL)
    assert u.text == EMAIL_FLAT
    _check_map(EMAIL)
    i = u.text.index("custody")
    assert EMAIL[slice(*u.span(i, i + 7))] == "custody"
    # A span that ends at a soft break ends at its last character, not on the blank.
    i = u.text.index("KES 150,000")
    assert EMAIL[slice(*u.span(i, i + 11))] == "KES 150,000"


def test_hyphenated_words_keep_their_hyphen() -> None:
    lines = [
        "The shelter runs an anti-trafficking desk. Volunteers of the shelter run an anti-",
        "trafficking hotline at night, and its founder, Grace Wanjiru Kamau-",
        "Otieno, trains the new staff of the hotline at the port office of the",
        "shelter on every second Monday of the month, with the local police.",
    ]
    text = unwrap("\n".join(lines)).text
    assert "an anti-trafficking hotline" in text
    assert "Kamau-Otieno, trains" in text


def test_sentence_at_the_margin_goes_on_only_where_blank_lines_part_paragraphs() -> None:
    para = (
        "Investigators in Kisumu traced the recruiters through the payments that the\n"
        "women made for their visas, which went to one account at a bank in Mombasa.\n"
        "Officers froze the account on Monday and asked the bank for its records of\n"
        "every transfer made to it since the start of the year, the police said."
    )
    # Without blank lines a line ending a sentence may end a paragraph: it stays.
    assert "Mombasa.\nOfficers" in unwrap(para).text
    spaced = unwrap(para + "\n\nA hearing is set for June.\n").text
    assert "Mombasa. Officers" in spaced and "said.\n\nA hearing" in spaced


@pytest.mark.parametrize(
    "text",
    [
        # paragraphs of one line each, apart by blank lines
        "Police arrested two men in Mombasa.\n\nThey were charged with human trafficking "
        "on Wednesday and remain in custody.\n\nA hearing is set for June.\n",
        # lines that are sentences, without blank lines
        "Police arrested two men in Mombasa on suspicion of trafficking four women.\n"
        "They were charged on Wednesday at the Mombasa Law Courts with trafficking.\n"
        "A hearing is set for June at the High Court in Mombasa, the police said.\n",
        # a header stack over a paragraph
        "COASTAL REGIONAL POLICE COMMAND\n"
        "Statement on the arrest of two men at the port of Mombasa on Wednesday\n"
        "Mombasa, 4 May 2023\n"
        "Police arrested two men on suspicion of human trafficking and charged them.\n",
        # a list and a table
        "The suspects are accused of the following offences under the law of Kenya\n"
        "- trafficking in persons for the purpose of forced labour in the villa\n"
        "- forgery of visas and travel documents for four women from Kisumu\n"
        "- money laundering of the fees the women were made to pay for visas\n"
        "Name            Age    Charge\n"
        "Suspect one     34     trafficking in persons\n"
        "Suspect two     41     forgery\n",
        # a list of headlines of like length
        "Police arrest two men over trafficking of women from Kisumu to Dubai\n"
        "Court sets hearing date in Mombasa port villa servitude case for June\n"
        "Shelter opens new hotline for victims of labour trafficking in Kisumu\n"
        "Governor promises more labour inspectors for hotels along the coast\n",
        # a headline over a dateline
        "Two men charged in Mombasa over trafficking of four women from Kisumu\n"
        "MOMBASA, 4 May 2023 - Police arrested two men on suspicion of trafficking.\n",
    ],
)
def test_text_that_is_not_wrapped_stays_as_it_is(text: str) -> None:
    u = unwrap(text)
    assert not u.changed
    assert u.text is text and u.position(len(text) - 1) == len(text) - 1


def test_example_reports_without_wrapping_are_untouched() -> None:
    for name in ("01-kathmandu-kidney-ring-wire.txt", "02-chisinau-court-summary.txt",
                 "03-lahore-police-press-release.txt", "04-ngo-field-report-joypurhat.md"):
        text = (EXAMPLES / name).read_text(encoding="utf-8")
        assert not unwrap(text).changed, name
        rules = rule_pass(text)
        assert rules is None or (rules.source is None and rules.text is text)


# --- extraction -----------------------------------------------------------------------

def _spans(a: Any, b: Any, path: str = "") -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """Pairs of provenance entries with a span, walking two extractions side by side."""
    if isinstance(a, dict):
        assert isinstance(b, dict) and a.keys() == b.keys(), path
        out = [(path, a, b)] if a.get("start") is not None else []
        for k in a:
            out.extend(_spans(a[k], b[k], f"{path}.{k}"))
        return out
    if isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), path
        return [x for i, (p, q) in enumerate(zip(a, b, strict=True))
                for x in _spans(p, q, f"{path}[{i}]")]
    return []


@pytest.mark.parametrize(("wrapped", "flat"), [(WRAPPED, FLAT), (EMAIL, EMAIL_FLAT)])
def test_wrapped_report_extracts_as_its_twin_with_spans_into_the_original(
    nlp: Any, wrapped: str, flat: str
) -> None:
    got = extract_text(wrapped, doc_id="x").to_json()
    twin = extract_text(flat, doc_id="x").to_json()
    assert got["incidents"], "the wrapped report loses its case"
    assert got["incidents"][0]["trade"] == "human"
    u = unwrap(wrapped)
    pairs = _spans(got, twin)
    assert len(pairs) > 10
    for path, w, f in pairs:
        assert (w["start"], w["end"]) == u.span(f["start"], f["end"]), path
        # The stored span is the very words the rules read, in the original.
        assert _plain(wrapped[w["start"]:w["end"]]) == flat[f["start"]:f["end"]], path
        if "sentence_start" in w:
            sentence = wrapped[w["sentence_start"]:w["sentence_end"]]
            assert _plain(sentence) == flat[f["sentence_start"]:f["sentence_end"]], path
            assert sentence == sentence.strip() and w["sentence_start"] <= w["start"]
    # Values other than spans are the same on both.
    assert _without_spans(got) == _without_spans(twin)


def _without_spans(x: Any) -> Any:
    if isinstance(x, dict):
        return {k: _without_spans(v) for k, v in x.items()
                if k not in ("start", "end", "sentence_start", "sentence_end")}
    if isinstance(x, list):
        return [_without_spans(v) for v in x]
    return x


def test_trade_words_across_breaks_are_found_and_cited_whole(nlp: Any) -> None:
    rules = rule_pass(WRAPPED)
    assert rules is not None and rules.source is not None
    cited = [WRAPPED[slice(*rules.source.span(c.start, c.end))]
             for m in rules.marks for c in m.trades]
    assert "human\ntrafficking" in cited
    assert "human traf-\nficking" in cited
    inc = extract_text(WRAPPED, doc_id="x").incidents[0]
    assert inc.trade.sentence is not None
    s, e = inc.trade.sentence
    assert WRAPPED[s:e].startswith("MOMBASA") and "human\ntrafficking" in WRAPPED[s:e]


def test_wrapped_pdf_example_finds_the_palermo_case(nlp: Any) -> None:
    path = EXAMPLES / "07-palermo-trafficking-charges.pdf"
    text = read(RawItem(origin=str(path), data=path.read_bytes(), filename=path.name)).text
    got = extract_text(text, doc_id=path.stem)
    assert [i.trade.value for i in got.incidents] == ["human"]
    inc = got.incidents[0]
    assert inc.evidence.value == "charge"
    assert {"IT", "NG"} <= {c.value for c in inc.countries}
    for a in inc.actors:
        if a.mention is not None and a.mention.start is not None and not a.pseudonymised:
            assert " ".join(text[a.mention.start:a.mention.end].split()) == a.name


_PIECES = st.sampled_from([
    "human", "traf-", "ficking", "Police", "arrested", "the", "of", "Kamau-", "Otieno",
    "KES 150,000", ".", ",", " ", "  ", "\n", "\n\n", "\r\n", "> ", ">\n", "- ", "1. ",
    "\t", "MOMBASA, 4 May", "a" * 70, "b " * 40,
])


@settings(max_examples=300, derandomize=True, deadline=None, database=None)
@given(st.lists(_PIECES, max_size=60).map("".join))
def test_every_unwrapped_character_comes_from_its_place_in_the_original(text: str) -> None:
    u = unwrap(text)
    _check_map(text)
    assert u.changed or u.text is text
    # Only breaks, blanks, quote marks and a split word's hyphen are ever dropped.
    assert len(u.text) <= len(text)
    last = -1
    for i in range(len(u.text)):
        start, end = u.span(i, i + 1)
        assert last < start < end <= len(text)
        last = start


_WORDS = st.sampled_from([
    "human", "trafficking", "police", "arrested", "the", "of", "women", "recruited", "from",
    "promised", "jobs", "forced", "into", "servitude", "investigators", "said", "visas", "a",
])


@settings(max_examples=150, derandomize=True, deadline=None, database=None)
@given(st.lists(_WORDS, min_size=30, max_size=150), st.integers(45, 110), st.booleans())
def test_greedy_wrapped_prose_reads_as_one_line(words: list[str], width: int,
                                                  quoted: bool) -> None:
    flat = " ".join(words) + "."
    lines = textwrap.wrap(flat, width, break_long_words=False, break_on_hyphens=False)
    prefix = "> " if quoted else ""
    text = "Notes\n\n" + "\n".join(prefix + line for line in lines) + "\n"
    assert unwrap(text).text == "Notes\n\n" + flat + "\n"
    _check_map(text)
