"""A document's own date: metadata dates of any precision, and the dateline that opens a text."""

from __future__ import annotations

from datetime import date

import pytest

from ratline.model import RawItem, show_date
from ratline.readers import read
from ratline.readers.datelines import dateline_date
from ratline.readers.dates import parse_partial_date


@pytest.mark.parametrize(("value", "expected"), [
    ("2019", (date(2019, 1, 1), "year")),
    (2019, (date(2019, 1, 1), "year")),
    ("2019-05", (date(2019, 5, 1), "month")),
    ("2019/05", (date(2019, 5, 1), "month")),
    ("May 2019", (date(2019, 5, 1), "month")),
    ("Sept. 2021", (date(2021, 9, 1), "month")),
    ("2019-05-14", (date(2019, 5, 14), "day")),
    ("2019-05-14T09:30:00Z", (date(2019, 5, 14), "day")),
    ("14 May 2019", (date(2019, 5, 14), "day")),
    ("Tue, 14 Mar 2023 08:00:00 GMT", (date(2023, 3, 14), "day")),
])
def test_metadata_dates_keep_their_precision(value: object, expected: tuple[date, str]) -> None:
    assert parse_partial_date(value) == expected


@pytest.mark.parametrize("value", [
    "", "  ", "unknown", "2019-13", "2019-02-30", "0000", "12", 12, 99999, True, 2019.5,
    None, ["2019"], {"year": 2019},
])
def test_a_date_that_names_nothing_is_missing(value: object) -> None:
    assert parse_partial_date(value) is None


def test_dates_are_shown_only_as_precisely_as_given() -> None:
    assert show_date(date(2019, 1, 1), "year") == "2019"
    assert show_date(date(2019, 5, 1), "month") == "2019-05"
    assert show_date(date(2019, 5, 14), "day") == "2019-05-14"
    assert show_date(date(2019, 5, 14), None) == "2019-05-14"  # stored before precisions
    assert show_date(None, "year") is None


@pytest.mark.parametrize(("text", "expected"), [
    ("KATHMANDU, 14 March 2023 — Police in the capital said on Tuesday ...", date(2023, 3, 14)),
    ("KATHMANDU, Nepal, March 14, 2023 - A broker was held.", date(2023, 3, 14)),
    ("NEW DELHI, 2023-03-14: Two men were charged.", date(2023, 3, 14)),
    ("ST. LOUIS, Mo., Sept. 3, 2021 (Wire Service) — A clinic closed.", date(2021, 9, 3)),
    ("PORT-AU-PRINCE, Tuesday, 4 April 2023 -- Officials said.", date(2023, 4, 4)),
    ("BEIRUT, 3rd MAY 2020: The ministry said.", date(2020, 5, 3)),
    ("Broker held in fictional town\n\nLAKEVILLE, 9 June 2022 — Police said.", date(2022, 6, 9)),
])
def test_a_dateline_opening_the_text_gives_its_day(text: str, expected: date) -> None:
    assert dateline_date(text) == (expected, "day")


@pytest.mark.parametrize("text", [
    # A date further into the text is what the text reports about.
    "Police said the broker was held.\nHe was charged later.\nThe trial opened.\n"
    "Witnesses spoke.\nLAKEVILLE, 9 June 2022 — the court sat again.",
    "A report from 2023. " * 40 + "\nLAKEVILLE, 9 June 2022 — the court sat again.",
    "The court heard on 14 March 2023 — that the broker had fled.",
    "LONDON, Mar. 14 (Wire Service) - No year is given, so none is guessed.",
    "LAKEVILLE, 31 February 2022 — no such day.",
    "Lakeville, 9 June 2022 — a place not in capitals is no dateline.",
    "LAKEVILLE, 9 June 2022 and the rest of a sentence without a dash.",
])
def test_no_dateline_no_date(text: str) -> None:
    assert dateline_date(text) is None


def test_reading_dates_a_text_by_its_dateline_only_when_the_source_gives_no_date() -> None:
    body = b"LAKEVILLE, 9 June 2022 \xe2\x80\x94 Police held a fictional broker.\n"
    plain = read(RawItem(origin="a.txt", data=body, filename="a.txt"))
    assert (plain.published, plain.published_precision) == (date(2022, 6, 9), "day")
    dated = read(RawItem(origin="c.jsonl#1", text=body.decode(), meta={"date": "2021"}))
    assert (dated.published, dated.published_precision) == (date(2021, 1, 1), "year")
    middle = read(RawItem(origin="b.txt", filename="b.txt", data=b"Police held a broker.\n" * 5
                          + b"LAKEVILLE, 9 June 2022 \xe2\x80\x94 more.\n"))
    assert middle.published is None and middle.published_precision is None


def test_a_feed_date_naming_a_month_keeps_it() -> None:
    entry = RawItem(origin="https://x/1", data=b"<p>Short feed content.</p>",
                    media_type="text/html", meta={"date": "2019-05"})
    result = read(entry)
    assert (result.published, result.published_precision) == (date(2019, 5, 1), "month")
