"""JSON-lines corpora: one item per good line, one Failure (with its line number) per bad one."""

from __future__ import annotations

import json
from pathlib import Path

from ratline.model import Failure, RawItem
from ratline.sources import SourceLimits, iter_items


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_records_and_bad_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path / "corpus.jsonl",
        [
            json.dumps(
                {
                    "text": "First report.",
                    "title": "One",
                    "date": "2021-05-01",
                    "url": "https://example.org/1",
                }
            ),
            "{not json",
            "",
            json.dumps(["a", "list"]),
            json.dumps({"title": "no text here"}),
            json.dumps({"text": "Second.", "published": "3 May 2022", "id": "doc-2"}),
        ],
    )
    items = list(iter_items(str(path)))
    assert [i.origin for i in items] == [f"{path}#{n}" for n in (1, 2, 4, 5, 6)]
    first, bad_json, a_list, no_text, second = items
    assert isinstance(first, RawItem)
    assert first.text == "First report." and first.url == "https://example.org/1"
    assert first.meta == {
        "title": "One",
        "url": "https://example.org/1",
        "date": "2021-05-01",
        "line": 1,
    }
    assert isinstance(bad_json, Failure)
    assert (
        bad_json.reason == "line 2 is not valid JSON: Expecting property name enclosed in "
        "double quotes at column 2"
    )
    assert isinstance(a_list, Failure) and a_list.reason == "line 4 is a JSON list, not an object"
    assert isinstance(no_text, Failure)
    assert no_text.reason == "line 5 has no text (expected a 'text' field)"
    assert isinstance(second, RawItem)
    assert second.meta["date"] == "3 May 2022" and second.meta["id"] == "doc-2"


def test_invalid_utf8_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b'{"text": "ok"}\n{"text": "caf\xe9"}\n')
    items = list(iter_items(str(path)))
    assert isinstance(items[0], RawItem)
    assert isinstance(items[1], Failure) and items[1].reason == "line 2 is not UTF-8 (byte 13)"


def test_overlong_line_is_skipped_and_reading_goes_on(tmp_path: Path) -> None:
    path = write(
        tmp_path / "long.jsonl",
        [
            json.dumps({"text": "x" * 5000}),
            json.dumps({"text": "short"}),
        ],
    )
    items = list(iter_items(str(path), limits=SourceLimits(max_item_bytes=1024)))
    assert isinstance(items[0], Failure)
    assert items[0].reason == "line 1 is longer than the 1 KB limit"
    assert isinstance(items[1], RawItem) and items[1].text == "short"
    assert items[1].origin == f"{path}#2"


def test_the_source_url_is_the_first_web_address_a_record_gives(tmp_path: Path) -> None:
    given = [
        {"url_or_origin": "https://wiki.example/wiki/Lakeville,_Ruritania ; pypi:pkg==1.0"},
        {"url_or_origin": "https://example.org/a;b, github:owner/repo@abc:a.md"},
        {"url_or_origin": "github:owner/repo@abc:a.md (field 'x')"},
        {"url_or_origin": "javascript:alert(1) https://example.org/safe"},
        {"url": "", "link": "http://example.org/linked"},
        {"url": ["https://example.org/not-a-string"]},
    ]
    path = write(tmp_path / "urls.jsonl",
                 [json.dumps({"text": f"Report {n}.", **r}) for n, r in enumerate(given)])
    urls = [i.url for i in iter_items(str(path)) if isinstance(i, RawItem)]
    assert urls == ["https://wiki.example/wiki/Lakeville,_Ruritania", "https://example.org/a;b",
                    None, "https://example.org/safe", "http://example.org/linked", None]
