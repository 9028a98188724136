"""Money, date, year and name parsers on arbitrary text: no exceptions, and the invariants
the rest of the pipeline relies on (spans inside the text, sane values, stable keys)."""

from __future__ import annotations

import datetime as dt
import math
import re

from fuzzing import bounded, tricky_text
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ratline.extract import amounts, dates, money, pseudonyms
from ratline.readers.dates import parse_date
from ratline.resolve import names

FUZZ = settings.get_profile("ratline-fuzz")

# Text that looks like what the parsers look for, glued from pieces, plus arbitrary text.
MONEY_PIECES = [
    "USD", "US$", "$", "€", "£", "Rs.", "Rs", "INR", "₹", "rupees", "pesos", "dollars", "lakh",
    "crore", "million", "billion", "bn", "m", "k", "thousand", "hundred", "twenty-five", "a dozen",
    "half", "and", "to", "between", "from", "-", "–", "1", "12", "2,000", "3.5", "1,000,000",
    "0", "999999999999999999999", "1e308", ".", ",", " ", " ", "paid", "for a kidney", "(", ")",
]
DATE_PIECES = [
    "2019", "1999", "2100", "2101", "1899", "20", "2016-17", "2016–2017", "14/03/2023", "31.12.1999",
    "99/99/2020", "March", "Mar.", "14th", "in", "since", "last year", "two years ago",
    "three decades earlier", "the 1990s", "'90s", "Published", "Posted on", "Date:",
    "LAHORE, 14 March 2024 —", "2023-05-01", "2023-02-30", "0000-00-00", "-", "/", " ", " ", "\n",
]
# Letters the press often writes without their diacritics, with the plain spelling.
UNDIACRITIC = {"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "ß": "ss", "Æ": "AE", "æ": "ae", "é": "e",
               "Ö": "O", "ñ": "n", "Đ": "D", "đ": "d", "ı": "i", "ç": "c"}
NAME_PIECES = [
    "Dr.", "Gen.", "Mr", "the", "al-", "Abd", "al", "Rahman", "Abdul", "Abdelrahman", "bin", "ibn",
    "el", "Mohammed", "Muhammad", "Khaled", "K.", "Jr.", "III", ",", "-", "'", "’", " ", "Ö", "ß",
    "Ørsted", "İstanbul", "O'Neil", "Mc", "van", "der", "de", "la", "Cartel", "Clinic", "",
    "Łukasz", "Strauß", "Đorđe", "Æsa", "Kılıç", "Muñoz",
]


def glued(pieces: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(pieces) | tricky_text, max_size=25).map(" ".join) | tricky_text


money_text = glued(MONEY_PIECES)
date_text = glued(DATE_PIECES)
name_text = glued(NAME_PIECES)
windows = st.tuples(st.integers(0, 300), st.none() | st.integers(0, 300))
references = st.none() | st.dates(dt.date(1950, 1, 1), dt.date(2100, 12, 31))


@FUZZ
@given(text=money_text, window=windows, hint=st.none() | st.sampled_from(["IN", "PK", "MX", "US", "ZZ", ""]))
def test_money_amounts_are_non_negative_with_spans_in_the_window(
    text: str, window: tuple[int, int | None], hint: str | None
) -> None:
    lo, hi = window
    found = bounded(lambda: money.find_money(text, lo, hi, country_hint=hint), limit=5)
    end = len(text) if hi is None else hi
    for mention in found:
        assert mention.amount >= 0 and math.isfinite(mention.amount), mention
        assert mention.currency and mention.currency == mention.currency.strip()
        assert lo <= mention.start < mention.end <= min(end, len(text)), mention
        assert mention.surface == text[mention.start : mention.end]


@FUZZ
@given(text=money_text)
def test_spelled_numbers_are_non_negative_or_none(text: str) -> None:
    value = bounded(lambda: money.parse_number_words(text), limit=5)
    assert value is None or (value >= 0 and math.isfinite(value))


@FUZZ
@given(text=money_text, data=st.data())
def test_amount_classification_is_a_known_label(text: str, data: st.DataObject) -> None:
    n = len(text)
    start = data.draw(st.integers(0, n))
    end = data.draw(st.integers(start, n))
    lo = data.draw(st.integers(0, start))
    hi = data.draw(st.integers(end, n))
    label = amounts.classify(text, start, end, lo, hi)
    assert label is None or label in amounts._PRIORITY


@FUZZ
@given(text=date_text, window=windows, reference=references)
def test_years_are_sane_with_spans_in_the_window(
    text: str, window: tuple[int, int | None], reference: dt.date | None
) -> None:
    lo, hi = window
    found = bounded(lambda: dates.find_years(text, lo, hi, reference=reference), limit=5)
    end = len(text) if hi is None else hi
    for mention in found:
        assert lo <= mention.start < mention.end <= min(end, len(text)), mention
        assert mention.surface == text[mention.start : mention.end]
        if mention.relative:
            assert reference is not None
            assert abs(mention.year - reference.year) <= 100, mention
        else:
            assert 1900 <= mention.year <= 2100, mention


@FUZZ
@given(text=date_text, published=references)
def test_document_date_is_a_date_or_the_published_one(text: str, published: dt.date | None) -> None:
    found = bounded(lambda: dates.document_date(text, published), limit=5)
    assert found is None or isinstance(found, dt.date)
    if found is None:
        assert published is None
    elif found != published:
        assert 1900 <= found.year <= 2100, found


metadata_values = (
    date_text
    | st.none()
    | st.integers()
    | st.floats()
    | st.dates()
    | st.datetimes()
    | st.lists(st.text(max_size=5), max_size=2)
)


@FUZZ
@given(value=metadata_values)
def test_metadata_dates_parse_to_a_date_or_none(value: object) -> None:
    parsed = bounded(lambda: parse_date(value), limit=2)
    assert parsed is None or type(parsed) is dt.date


@FUZZ
@given(raw=name_text, person=st.booleans())
def test_name_normalisation_is_idempotent(raw: str, person: bool) -> None:
    folded = names.fold(raw)
    assert names.fold(folded) == folded
    assert re.fullmatch(r"[a-z0-9 ]*", folded)
    for token in folded.split():
        canon = names.canon_token(token)
        assert names.canon_token(canon) == canon, (token, canon)
    parsed = bounded(lambda: names.parse_name(raw, person), limit=2)
    assert set(parsed.significant) <= set(parsed.tokens)
    assert parsed.key == " ".join(sorted(parsed.significant))


@FUZZ
@given(a=name_text, b=name_text, person=st.booleans())
def test_name_similarity_is_bounded_and_symmetric_on_itself(a: str, b: str, person: bool) -> None:
    x, y = names.parse_name(a, person), names.parse_name(b, person)
    score, reason = bounded(lambda: names.name_similarity(x, y, person), limit=2)
    assert 0.0 <= score <= 1.0 and isinstance(reason, str)
    assume(x.significant)
    assert names.name_similarity(x, x, person)[0] == 1.0
    assert 0.0 <= names.jaro_winkler(x.text, y.text) <= 1.0 + 1e-9


@FUZZ
@given(name=name_text, key=st.binary(min_size=1, max_size=32))
def test_pseudonyms_are_stable_and_ignore_case_accents_and_punctuation(name: str, key: bytes) -> None:
    label = pseudonyms.pseudonym(name, key)
    assert re.fullmatch(r"Victim-[0-9a-f]{6}", label)
    assert pseudonyms.pseudonym(name, key) == label
    normal = pseudonyms.normalise(name)
    assert pseudonyms.normalise(normal) == normal
    assert pseudonyms.pseudonym(f"  {name.upper()}. ", key) == pseudonyms.pseudonym(name.upper(), key)
    assert pseudonyms.pseudonym(normal, key) == label


def plain_spelling(text: str) -> str:
    return "".join(UNDIACRITIC.get(c, c) for c in text)


@FUZZ
@given(name=name_text, key=st.binary(min_size=1, max_size=32))
def test_a_name_written_without_diacritics_keeps_its_pseudonym_and_key(name: str, key: bytes) -> None:
    # "Łukasz Strauß" and "Lukasz Strauss" are one person to a reader of the press.
    plain = plain_spelling(name)
    assert pseudonyms.pseudonym(plain, key) == pseudonyms.pseudonym(name, key)
    assert names.fold(plain) == names.fold(name)
