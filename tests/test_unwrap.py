"""Unwrapping hard-wrapped text: which breaks join, and the map back to the original.

All texts are fictional, written for these tests.
"""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ratline.unwrap import unwrap
from support.wrapped import EMAIL, EMAIL_FLAT, FLAT, WRAPPED, check_map


def test_wrapped_report_reads_as_its_flat_twin() -> None:
    u = unwrap(WRAPPED)
    assert u.text == FLAT
    check_map(WRAPPED)


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
    check_map(EMAIL)
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


_PIECES = st.sampled_from([
    "human", "traf-", "ficking", "Police", "arrested", "the", "of", "Kamau-", "Otieno",
    "KES 150,000", ".", ",", " ", "  ", "\n", "\n\n", "\r\n", "> ", ">\n", "- ", "1. ",
    "\t", "MOMBASA, 4 May", "a" * 70, "b " * 40,
])


@settings(max_examples=300, derandomize=True, deadline=None, database=None)
@given(st.lists(_PIECES, max_size=60).map("".join))
def test_every_unwrapped_character_comes_from_its_place_in_the_original(text: str) -> None:
    u = unwrap(text)
    check_map(text)
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
    check_map(text)


def test_syllable_breaks_that_look_like_prefixes_lose_their_hyphen() -> None:
    lines = [
        "The police said that the network had been known to the investigators and pro-",
        "secutors of the coast for years, and that the forced labour and the sexual ex-",
        "ploitation of the women went on in the villa near the port of Mombasa until",
        "the arrests in May, when officers of the regional police and of the anti-",
        "trafficking unit came with a warrant.",
    ]
    text = unwrap("\n".join(lines)).text
    assert "prosecutors" in text and "exploitation" in text
    assert "anti-trafficking unit" in text
