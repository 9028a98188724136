"""Feed and JSON-lines parsing on arbitrary and broken input: every entry or line becomes an
item or a failure record, nothing raises, nothing is fetched, nothing hangs."""

from __future__ import annotations

import io

from fuzzing import bounded, tricky_text
from hypothesis import given, settings
from hypothesis import strategies as st

from ratline.model import Failure, RawItem
from ratline.sources import SourceLimits, corpus, feeds

FUZZ = settings.get_profile("ratline-fuzz")
LIMITS = SourceLimits(max_item_bytes=64 * 1024, max_feed_entries=20)


def check_items(items: list[RawItem | Failure]) -> None:
    for item in items:
        assert isinstance(item, RawItem | Failure)
        if isinstance(item, Failure):
            assert item.reason.strip() and item.stage == "source"
        else:
            assert item.origin and (item.data or item.text)


FEED_PIECES = [
    '<?xml version="1.0" encoding="utf-8"?>', '<?xml version="1.0" encoding="bogus"?>',
    '<rss version="2.0">', "</rss>", "<channel>", "</channel>", "<item>", "</item>",
    '<feed xmlns="http://www.w3.org/2005/Atom">', "</feed>", "<entry>", "</entry>",
    "<title>", "</title>", "<link>http://127.0.0.1:9/x</link>", "<link>javascript:alert(1)</link>",
    '<link href="file:///etc/passwd"/>', "<description>", "</description>",
    "<content:encoded><![CDATA[", "]]></content:encoded>", '<content type="html">', "</content>",
    "<pubDate>Tue, 99 Foo 2023</pubDate>", "<updated>2024-13-45T99:99:99Z</updated>",
    "&lt;p&gt;", "&bogus;", '<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>', "&x;",
    "<rdf:RDF>", "<",
]
feed_text = st.lists(st.sampled_from(FEED_PIECES) | tricky_text, max_size=40).map("".join)


@FUZZ
@given(body=feed_text | st.binary(max_size=2048).map(lambda b: b.decode("latin-1")))
def test_saved_feeds_never_raise_and_never_fetch(body: str) -> None:
    data = body.encode("utf-8", "surrogatepass")
    items = bounded(lambda: list(feeds.iter_local_feed(data, "saved.rss", LIMITS)))
    check_items(items)
    assert len(items) <= LIMITS.max_feed_entries + 1  # the entries read, plus one note
    for item in items:
        if isinstance(item, RawItem):
            assert b"root:" not in item.data  # entities never pull in local files


@FUZZ
@given(body=feed_text)
def test_feed_sniffing_never_raises(body: str) -> None:
    data = body.encode("utf-8", "surrogatepass")
    for media_type in (None, "text/xml", "application/rss+xml", "text/html"):
        assert isinstance(feeds.looks_like_feed(media_type, data), bool)


JSON_PIECES = [
    '{"text": "A fictional report."}', '{"text": ""}', '{"body": 5}', "[1, 2]", "null", "{",
    '{"text": "x", "date": "2023-02-30", "title": null, "url": 7}', '"\\ud800"',
    '{"text": "\\u0000"}', "\ufeff", "\n", "\r\n", "   ", '{"text": "' + "y" * 70_000 + '"}',
]


@FUZZ
@given(
    lines=st.lists(st.sampled_from(JSON_PIECES) | tricky_text, max_size=20),
    raw=st.binary(max_size=512),
)
def test_corpus_lines_become_items_or_failures(lines: list[str], raw: bytes) -> None:
    data = "\n".join(lines).encode("utf-8", "surrogatepass") + raw
    items = bounded(lambda: list(corpus.iter_corpus(io.BytesIO(data), "c.jsonl", LIMITS)))
    check_items(items)
    assert len(items) <= data.count(b"\n") + 1
    for item in items:
        if isinstance(item, RawItem):
            assert item.text is not None and item.text.strip()
