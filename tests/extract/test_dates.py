"""Years in date contexts, relative years, and the document's own date."""

from __future__ import annotations

import datetime as dt

import pytest

from ratline.extract.dates import YearMention, document_date, find_years


def years(text: str, reference: dt.date | None = None) -> list[int]:
    return [y.year for y in find_years(text, reference=reference)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Police said the racket began in 2014.", [2014]),
        ("It was exposed in March 2019 by reporters.", [2019]),
        ("Judgment delivered 12 May 2021", [2021]),
        ("on May 10, 2022, the court", [2022]),
        ("the 2016-17 season", [2016, 2017]),
        ("during 2018–2021 the ring operated", [2018, 2021]),
        ("The government was assessed as Tier 2 Watch List (2014)", [2014]),
        ("since at least 2022", [2022]),
        ("in mid-2022 monitors heard", [2022]),
        ("the Modern Slavery Act 2015", [2015]),
        ("a 2006 investigation found", [2006]),
        ("migration surged in the 1990s", [1990]),
        ("2019 was the worst year", [2019]),
        ("between 2001 and 2004", [2001, 2004]),
        ("the European Commission (12.10.2023)", [2023]),
    ],
)
def test_explicit_years(text: str, expected: list[int]) -> None:
    assert years(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "a statutory maximum fine of $2,000 and 18 U.S.C. 1590",
        "under 8 U.S.C. § 2000 and Section 1999",
        "Case No. 2014 was heard",
        "see page 2010 of the report",
        "They paid Rs 2020 each.",
        "2000 people were moved",
        "the hotline 01 8000 52 2020",
        "Criminal Case 48213-05-21 and Law 5768-2008",
        "Parliamentary question E-002731/2023",
        "it rose by 2015%",
        "USD 2,014 was paid",
    ],
)
def test_numbers_that_are_not_years(text: str) -> None:
    assert years(text) == []


REF = dt.date(2024, 3, 12)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In May last year, police in Enugu arrested a nurse", 2023),
        ("Last year, the inspectorate opened 12 cases", 2023),
        ("compared with the previous year", 2023),
        ("two years ago a broker came", 2022),
        ("3 years ago", 2021),
        ("this year", 2024),
        ("between January and May earlier this year", 2024),
        ("next year", 2025),
        ("last May the clinic closed", 2023),
        ("last February the clinic closed", 2024),
    ],
)
def test_relative_years(text: str, expected: int) -> None:
    found = [y for y in find_years(text, reference=REF) if y.relative]
    assert [y.year for y in found] == [expected]
    assert text[found[0].start : found[0].end] == found[0].surface


@pytest.mark.parametrize("line", [
    "November 20, 2008 / 6:20 PM / 11 years ago",
    "April 6, 2012 / 12:00 AM / 8 years ago",
    "June 3, 2015 / 9:14 AM GMT / 5 years ago",
])
def test_an_archive_page_s_age_is_no_year(line: str) -> None:
    assert not [y for y in find_years(line, reference=REF) if y.relative]


def test_years_ago_told_in_the_text_still_count() -> None:
    text = "Police said at 6:20 PM that the clinic opened 11 years ago."
    assert [y.year for y in find_years(text, reference=REF) if y.relative] == [2013]


def test_relative_phrases_need_a_reference() -> None:
    assert find_years("last year and two years ago") == []


def test_mentions_are_ordered_and_point_into_text() -> None:
    text = "In 2019 he was arrested; last year (2023) he was convicted."
    found = find_years(text, reference=REF)
    assert [(y.year, y.relative) for y in found] == [(2019, False), (2023, True), (2023, False)]
    for y in found:
        assert isinstance(y, YearMention)
        assert text[y.start : y.end] == y.surface


def test_start_and_end_limit_the_search() -> None:
    text = "In 2001 one thing. In 2023 another."
    assert [y.year for y in find_years(text, start=text.index("."))] == [2023]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("LAHORE, 14 March 2024 — Police said", dt.date(2024, 3, 14)),
        ("KATHMANDU, March 14, 2025 (Himal Wire) — Nepal Police", dt.date(2025, 3, 14)),
        ("HANOI, Nov 3, 2023 (Asia Desk) — Vietnamese police", dt.date(2023, 11, 3)),
        ("NEW DELHI, July 19, 2025: Police in Delhi", dt.date(2025, 7, 19)),
        ("SONGKHLA, Thailand, Feb 20, 2024 (Andaman Wire) — Thai police", dt.date(2024, 2, 20)),
        ("Body text.\n\nPublished 2024\n", dt.date(2024, 1, 1)),
        ("Posted on June 3, 2023\nText", dt.date(2023, 6, 3)),
        ("Date: 2023-05-01\nText", dt.date(2023, 5, 1)),
        ("COURT\nDate of judgment: 12 March 2024\nText", dt.date(2024, 3, 12)),
        ("PRESS RELEASE\n7 September 2023\nRawalpindi police", dt.date(2023, 9, 7)),
        ("FOR IMMEDIATE RELEASE\nTuesday, May 10, 2022\nNewark", dt.date(2022, 5, 10)),
        ("Post by A. Omollo · 12 June 2024 · \nText", dt.date(2024, 6, 12)),
        ("|\n|\n|\n|\n|\n|\n|\n|\n|\n|\n|\n|\nNews |\nKidneys for sale\nINDIA\n, 21-February-2013\n"
         "9:50:0 AM |\nA farmer sold his kidney.", dt.date(2013, 2, 21)),
    ],
)
def test_document_date(text: str, expected: dt.date) -> None:
    assert document_date(text) == expected


def test_document_date_falls_back_to_published() -> None:
    fallback = dt.date(2020, 1, 2)
    text = "An opinion piece with no date. The racket began in 2014 and grew."
    assert document_date(text, published=fallback) == fallback
    assert document_date(text) is None


def test_last_year_resolves_against_the_printed_date() -> None:
    text = "In May last year, police in Enugu arrested a nurse.\n\nPublished 2024\n"
    ref = document_date(text)
    assert [y.year for y in find_years(text, reference=ref) if y.relative] == [2023]
