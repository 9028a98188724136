"""Money mentions: currencies, Indian units, spelled-out numbers, ranges and non-money."""

from __future__ import annotations

import pytest

from ratline.extract.amounts import classify
from ratline.extract.extractor import check_text, rule_pass
from ratline.extract.money import MoneyMention, find_money, parse_number_words


def amounts(text: str, hint: str | None = None) -> list[tuple[float, str]]:
    return [(m.amount, m.currency) for m in find_money(text, country_hint=hint)]


@pytest.mark.parametrize(
    ("text", "hint", "expected"),
    [
        # Indian units and words (dev texts d039, d054, d043, d049)
        ("Sellers are promised five lakh taka.", None, [(500_000, "BDT")]),
        ("a fine of Rs. 5,00,000; accused nos. 2 to 4", None, [(500_000, "INR")]),
        ("recipients paid thirty-five lakh rupees per transplant", None, [(3_500_000, "INR")]),
        ("earned in excess of two crore rupees in the year 2019.", None, [(20_000_000, "INR")]),
        ("about three and a half lakh rupees", None, [(350_000, "INR")]),
        ("close to ₹1 crore in total", None, [(10_000_000, "INR")]),
        ("were paid Rs 4.5 lakh each", None, [(450_000, "INR")]),
        ("paid up to INR 30 lakh for a transplant package", None, [(3_000_000, "INR")]),
        # Rs. resolved by country (d037 Pakistan, d060 Sri Lanka)
        ("promised them Rs. 8 lakh for a kidney", "PK", [(800_000, "PKR")]),
        ("Rs. 2.4 million in cash", "PK", [(2_400_000, "PKR")]),
        ("buy kidneys for Rs. 1.5 million each", "LK", [(1_500_000, "LKR")]),
        ("a fee of Rs 40,000", "NP", [(40_000, "NPR")]),
        # symbols, codes, words
        (
            "Donors were paid around $4,000; patients paid up to $60,000.",
            None,
            [(4_000, "USD"), (60_000, "USD")],
        ),
        ("offered EUR 15,000 to healthy men", None, [(15_000, "EUR")]),
        ("profits were at least £850,000.", None, [(850_000, "GBP")]),
        ("about 40,000 yuan", None, [(40_000, "CNY")]),
        ("estimated at more than 12 million yuan.", None, [(12_000_000, "CNY")]),
        ("a receipt for 4,500 US dollars", None, [(4_500, "USD")]),
        ("about 150,000 CFA francs for a rifle", None, [(150_000, "XOF")]),
        ("20 MILLION PESOS FOR A KIDNEY", "CO", [(20_000_000, "COP")]),
        ("20 million pesos", None, [(20_000_000, "MXN")]),
        ("paid N1,500,000 to the nurse", None, [(1_500_000, "NGN")]),
        (
            "₦250,000 and ₪3,000 and ৳20,000",
            None,
            [(250_000, "NGN"), (3_000, "ILS"), (20_000, "BDT")],
        ),
        ("5,000 NIS and 1,000 shekels", None, [(5_000, "ILS"), (1_000, "ILS")]),
        ("3,000 Egyptian pounds", None, [(3_000, "EGP")]),
        ("3,000 pounds", "EG", [(3_000, "EGP")]),
        ("C$5,000 and A$2,000 and HK$900", None, [(5_000, "CAD"), (2_000, "AUD"), (900, "HKD")]),
        ("15,000 Canadian dollars", None, [(15_000, "CAD")]),
        ("AED 20,000 and 10,000 dirhams", None, [(20_000, "AED"), (10_000, "AED")]),
        ("9,000 baht a month", None, [(9_000, "THB")]),
        ("40,000 hryvnias", None, [(40_000, "UAH")]),
        ("250 million dong", None, [(250_000_000, "VND")]),
        ("1.5 billion rials", "IR", [(1_500_000_000, "IRR")]),
        ("25 million Iraqi dinars", None, [(25_000_000, "IQD")]),
        ("KSh 50,000", None, [(50_000, "KES")]),
        ("R5,000 in Johannesburg", None, [(5_000, "ZAR")]),
        ("5,000 rand", None, [(5_000, "ZAR")]),
        ("CHF 1,200 and 500 Swiss francs", None, [(1_200, "CHF"), (500, "CHF")]),
        ("¥300,000", None, [(300_000, "JPY")]),
        ("¥300,000", "CN", [(300_000, "CNY")]),
        # scale words and abbreviations
        (
            "$5 million, €2.4bn and £3m",
            None,
            [(5_000_000, "USD"), (2_400_000_000, "EUR"), (3_000_000, "GBP")],
        ),
        ("$10k", None, [(10_000, "USD")]),
        ("worth around a billion dollars a year.", None, [(1_000_000_000, "USD")]),
        ("kidney and get three thousand dollars", None, [(3_000, "USD")]),
        ("ten thousand dollars", None, [(10_000, "USD")]),
        ("half a million euros", None, [(500_000, "EUR")]),
        ("NOK 1.8 billion", None, [(1_800_000_000, "NOK")]),
    ],
)
def test_amounts(text: str, hint: str | None, expected: list[tuple[float, str]]) -> None:
    assert amounts(text, hint) == [(float(a), c) for a, c in expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("between $50,000 and $75,000", [(50_000, "USD"), (75_000, "USD")]),
        ("between USD 12,000 and USD 15,000", [(12_000, "USD"), (15_000, "USD")]),
        ("USD 10,000-15,000", [(10_000, "USD"), (15_000, "USD")]),
        ("$5,000 to $10,000", [(5_000, "USD"), (10_000, "USD")]),
        ("$5,000 to 10,000", [(5_000, "USD"), (10_000, "USD")]),
        ("between 3 and 4 lakh rupees", [(300_000, "INR"), (400_000, "INR")]),
        ("between two lakh and three lakh taka", [(200_000, "BDT"), (300_000, "BDT")]),
        ("the Rs 8 to 10 lakh charged", [(800_000, "INR"), (1_000_000, "INR")]),
        ("between 4,000 and 8,000 US dollars each", [(4_000, "USD"), (8_000, "USD")]),
        ("between 250,000 and 300,000 yuan", [(250_000, "CNY"), (300_000, "CNY")]),
        ("between Rs. 35 lakh and Rs. 40 lakh", [(3_500_000, "INR"), (4_000_000, "INR")]),
        ("$5 to 10 million", [(5_000_000, "USD"), (10_000_000, "USD")]),
        # The currency written at both ends, the scale at the top only.
        ("after taking Tk15-Tk 20 lakh from patients", [(1_500_000, "BDT"), (2_000_000, "BDT")]),
    ],
)
def test_ranges_give_one_mention_per_endpoint(text: str, expected: list[tuple[float, str]]) -> None:
    assert amounts(text) == [(float(a), c) for a, c in expected]


@pytest.mark.parametrize(
    "text",
    [
        "In 2019, 45% of 1,200 victims were women.",
        "Call +1 202-555-0100 or 0800 123 456.",
        "under 18 U.S.C. 1590 and section 2014",
        "Case No. 3318 of 2022, page 14",
        "23 migrants and 14 villagers, aged 25 to 40",
        "a few thousand dollars",
        "hundreds of thousands of dollars",
        "N95 masks and R2 units",
        "seized 500 pounds of cannabis",
        "the 2016-17 season had 5,000 arrests",
        "a Primary 5 pupil",
    ],
)
def test_non_money_is_ignored(text: str) -> None:
    assert find_money(text) == []


def test_a_space_groups_thousands_only_after_a_currency() -> None:
    assert amounts("ordered to pay $7 000 to each victim") == [(7_000.0, "USD")]
    assert amounts("In 2019 300 people paid $500 each") == [(500.0, "USD")]
    assert amounts("a kidney sold for US$40,000 (Bt1.28 million)") == [
        (40_000.0, "USD"), (1_280_000.0, "THB")]


def test_rupees_go_to_the_rupee_country_the_text_names_whatever_is_named_more() -> None:
    # Qatar, named most, has no rupee: Nepal, named once, has.
    assert [(m.amount, m.currency) for m in find_money(
        "paid him up to 300,000 rupees each", country_hint=["QA", "NP"])] == [
        (300_000.0, "NPR")]
    text = ("Police in Kathmandu charged a manpower agent with cheating 42 men who paid him up "
            "to 300,000 rupees each for jobs in Qatar. Some were sent to Doha on tourist visas "
            "and worked without pay in Qatar.")
    rules = rule_pass(check_text(text))
    assert rules is not None
    assert [(m.amount, m.currency) for mk in rules.marks for m in mk.money] == [
        (300_000.0, "NPR")]


def test_currency_signs_of_real_reports() -> None:
    assert amounts("$37,000 (TL 548,463)") == [(37_000.0, "USD"), (548_463.0, "TRY")]
    assert amounts("fetch up to $US50,000 ($A70,000) each") == [(50_000.0, "USD"), (70_000.0, "AUD")]
    assert [(m.amount, m.currency) for m in find_money("$77,000(Sh6.6 million) in cash",
                                                         country_hint="UG")] == [
        (77_000.0, "USD"), (6_600_000.0, "UGX")]
    # A comma and a space group thousands after a currency only.
    assert amounts("the girls were sold for N600, 000 each") == [(600_000.0, "NGN")]
    assert amounts("aged 5, 100 and 200, they paid $5") == [(5.0, "USD")]


def test_range_is_not_built_from_a_following_count() -> None:
    # "to 10 smugglers" is not the top of a range.
    assert amounts("paid $5,000 to 10 smugglers") == [(5_000.0, "USD")]


def test_offsets_and_surface_point_into_the_text() -> None:
    text = "He said the broker paid him USD 3,000; the patient paid Rs. 5,00,000."
    found = find_money(text)
    assert [m.surface for m in found] == ["USD 3,000", "Rs. 5,00,000"]
    for m in found:
        assert isinstance(m, MoneyMention)
        assert text[m.start : m.end] == m.surface


def test_start_and_end_limit_the_search() -> None:
    text = "$100 here. $200 there."
    cut = text.index(".")
    assert [m.amount for m in find_money(text, start=cut)] == [200.0]
    assert [m.amount for m in find_money(text, end=cut)] == [100.0]


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("three", 3),
        ("twenty-three", 23),
        ("twenty three", 23),
        ("a dozen", 12),
        ("two dozen", 24),
        ("a hundred", 100),
        ("two hundred and fifty", 250),
        ("one hundred and fifty thousand", 150_000),
        ("thirty-five lakh", 3_500_000),
        ("two crore", 20_000_000),
        ("three and a half", 3.5),
        ("a billion", 1_000_000_000),
        ("half a million", 500_000),
        ("five thousand three hundred", 5_300),
        ("Fourteen", 14),
        ("12", 12),
        ("5,000", 5_000),
    ],
)
def test_parse_number_words(words: str, value: float) -> None:
    assert parse_number_words(words) == value


@pytest.mark.parametrize(
    "words", ["", "a", "several", "five three", "two lakh and three lakh", "many", "dozens"]
)
def test_parse_number_words_rejects_non_numbers(words: str) -> None:
    assert parse_number_words(words) is None


@pytest.mark.parametrize(("text", "what"), [
    # The seller's own sale: what the seller got.
    ("Ramesh Kumar sold his kidney in Colombo in 2019 for Rs 300,000.", "payment_to_seller"),
    # The organ sold on to someone: its price.
    ("The broker sold her kidney to a rich patient for Rs 300,000.", "price_to_recipient"),
    ("The clinic sold the kidney for Rs 300,000.", "price_to_recipient"),
    # Organs bought from their sellers: what the sellers got.
    ("The network bought kidneys from poor villagers for Rs 300,000.", "payment_to_seller"),
    ("The patient bought a kidney for Rs 300,000.", "price_to_recipient"),
])
def test_who_sold_the_organ_says_what_the_sum_pays(text: str, what: str) -> None:
    at = text.index("Rs")
    assert classify(text, at, len(text) - 1, 0, len(text)) == what


@pytest.mark.parametrize(("text", "listed"), [
    # Those who were told of the sum are no investment in anything.
    ("Migrants told investigators they paid smugglers 4,500 dollars each to cross to Libya.",
     True),
    # Guard: a sum invested or granted is not listed.
    ("The ministry invested 4,500 dollars in a shelter for trafficked women.", False),
])
def test_a_sum_told_to_investigators_is_listed(text: str, listed: bool) -> None:
    at = text.index("4,500")
    assert (classify(text, at, at + len("4,500 dollars"), 0, len(text)) is not None) == listed
