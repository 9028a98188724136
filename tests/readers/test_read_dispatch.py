"""Choosing a reader, size and type refusals, and corpus records passed through."""

from __future__ import annotations

from datetime import date

import pytest

import ratline.readers as readers
from ratline.model import RawItem
from ratline.readers import ReadError, read


def test_executable_is_an_unsupported_media_type() -> None:
    exe = RawItem(origin="setup.exe", data=b"MZ\x90\x00" + bytes(200), filename="setup.exe")
    with pytest.raises(ReadError) as err:
        read(exe)
    assert str(err.value) == "unsupported media type application/x-msdownload"


def test_declared_binary_type_is_unsupported() -> None:
    sheet = RawItem(origin="s", data=b"\x01\x02data", media_type="application/vnd.ms-excel")
    with pytest.raises(ReadError, match="^unsupported media type application/vnd.ms-excel$"):
        read(sheet)


def test_document_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "MAX_DOCUMENT_BYTES", 1024 * 1024)
    big = RawItem(origin="big.txt", data=b"a" * (1024 * 1024 + 1), filename="big.txt")
    with pytest.raises(ReadError, match="^document exceeds 1 MB limit$"):
        read(big)


def test_corpus_record_is_passed_through_with_its_metadata() -> None:
    record = RawItem(
        origin="c.jsonl#3",
        text="Cafe\u0301 report.\r\n\r\n\r\n\r\nEnd.  ",
        media_type="text/plain",
        meta={"title": " Recife  trial ", "date": "2019-09-12", "url": "https://x"},
    )
    result = read(record)
    assert result.text == "Café report.\n\nEnd."
    assert result.title == "Recife trial"
    assert result.published == date(2019, 9, 12)


def test_feed_metadata_fills_gaps_left_by_the_document() -> None:
    entry = RawItem(
        origin="https://x/1",
        data=b"<p>Short feed content.</p>",
        media_type="text/html",
        meta={"title": "Feed title", "date": "Tue, 14 Mar 2023 08:00:00 GMT"},
    )
    result = read(entry)
    assert result.title == "Feed title"
    assert result.published == date(2023, 3, 14)


def test_every_reader_scores_zero_for_nothing_it_knows() -> None:
    odd = RawItem(origin="x.xyz", data=b"\x89PNG\r\n\x1a\n" + bytes(64), filename="x.xyz")
    assert readers.choose(odd) is None
