"""Feeds: entries become items, full content is used when present, conditional GET works."""

from __future__ import annotations

import json
from pathlib import Path

from httpsite import Reply, Site

from ratline.model import Failure, RawItem
from ratline.sources import JsonFileFeedState, MemoryFeedState, iter_items

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Fictional wire</title><link>{base}/</link><description>test</description>
<item><title>Broker arrested in Kathmandu</title><link>{base}/story-1</link>
<guid>story-1</guid><pubDate>Tue, 14 Mar 2023 08:00:00 GMT</pubDate>
<content:encoded><![CDATA[<p>FICTIONAL. Police arrested a broker in Kathmandu.</p>]]></content:encoded>
</item>
<item><title>Clinic raided in Chennai</title><link>{base}/story-2</link>
<guid>story-2</guid><pubDate>Wed, 15 Mar 2023 08:00:00 GMT</pubDate>
<description>Short summary only.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Fictional atom</title>
<id>urn:x</id><updated>2023-03-14T00:00:00Z</updated>
<entry><title>Only entry</title><id>urn:e1</id><updated>2023-03-14T00:00:00Z</updated>
<content type="html">&lt;p&gt;Full text of the only entry.&lt;/p&gt;</content></entry>
</feed>"""

ETAG = '"v1"'


def serve_feed(site: Site) -> str:
    def feed(headers: dict[str, str]) -> Reply:
        if headers.get("if-none-match") == ETAG:
            return 304, {"ETag": ETAG}, b""
        body = RSS.format(base=site.base).encode()
        return (
            200,
            {
                "Content-Type": "application/rss+xml",
                "ETag": ETAG,
                "Last-Modified": "Tue, 14 Mar 2023 09:00:00 GMT",
            },
            body,
        )

    site.add(
        "/story-2",
        b"<html><body><p>Full page of story two.</p></body></html>",
        headers={"Content-Type": "text/html; charset=utf-8"},
    )
    return site.add_handler("/feed.xml", feed)


def test_feed_entries_become_items_and_second_fetch_is_conditional(site: Site) -> None:
    url = serve_feed(site)
    state = MemoryFeedState()
    first = list(iter_items(url, allow_private=True, state=state))
    assert [type(i) for i in first] == [RawItem, RawItem]
    full, fetched = first
    assert isinstance(full, RawItem) and isinstance(fetched, RawItem)
    # Entry 1 carries full content: used as is, its page is not fetched.
    assert full.data == b"<p>FICTIONAL. Police arrested a broker in Kathmandu.</p>"
    assert full.media_type == "text/html"
    assert full.origin == site.url("/story-1")
    assert full.meta["title"] == "Broker arrested in Kathmandu"
    assert full.meta["date"] == "Tue, 14 Mar 2023 08:00:00 GMT"
    assert site.url("/story-1") not in [site.url(p) for p, _ in site.seen]
    # Entry 2 has only a summary: its linked page is fetched.
    assert b"Full page of story two." in fetched.data
    assert fetched.meta["title"] == "Clinic raided in Chennai"
    assert state.get(url) == (ETAG, "Tue, 14 Mar 2023 09:00:00 GMT")

    second = list(iter_items(url, allow_private=True, state=state))
    assert second == []
    feed_requests = [h for p, h in site.seen if p == "/feed.xml"]
    assert feed_requests[-1]["if-none-match"] == ETAG
    assert feed_requests[-1]["if-modified-since"] == "Tue, 14 Mar 2023 09:00:00 GMT"


def test_without_state_the_feed_is_read_in_full_each_time(site: Site) -> None:
    url = serve_feed(site)
    assert len(list(iter_items(url, allow_private=True))) == 2
    assert len(list(iter_items(url, allow_private=True))) == 2


def test_atom_feed_is_detected_by_content(site: Site) -> None:
    url = site.add("/atom", ATOM.encode(), headers={"Content-Type": "text/xml"})
    items = list(iter_items(url, allow_private=True))
    assert len(items) == 1
    item = items[0]
    assert isinstance(item, RawItem)
    assert item.data == b"<p>Full text of the only entry.</p>"
    assert item.origin == f"{url}#entry-1"


def test_unreachable_entry_page_fails_alone(site: Site) -> None:
    rss = RSS.format(base=site.base).replace(f"{site.base}/story-2", "http://127.0.0.1:9/gone")
    url = site.add("/feed2.xml", rss.encode(), headers={"Content-Type": "application/rss+xml"})
    items = list(iter_items(url, allow_private=True))
    assert isinstance(items[0], RawItem)
    assert isinstance(items[1], Failure)
    assert items[1].origin == "http://127.0.0.1:9/gone"
    assert items[1].reason == "could not connect to 127.0.0.1:9: connection refused"


def test_entry_pages_obey_the_address_check(site: Site, monkeypatch) -> None:  # noqa: ANN001
    from ratline.sources import web

    # The feed itself is allowed (loopback made public for this test), the entry link is not.
    monkeypatch.setattr(
        web, "address_refusal", lambda ip: "link-local" if str(ip).startswith("169.254.") else None
    )
    rss = RSS.format(base=site.base).replace(
        f"{site.base}/story-2", "http://169.254.169.254/latest/meta-data"
    )
    url = site.add("/feed3.xml", rss.encode(), headers={"Content-Type": "application/rss+xml"})
    items = list(iter_items(url))
    assert isinstance(items[1], Failure)
    assert "link-local address 169.254.169.254" in items[1].reason


def test_json_file_state_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "state" / "feeds.json"
    state = JsonFileFeedState(path)
    assert state.get("http://x/feed") == (None, None)
    state.set("http://x/feed", '"abc"', "Tue, 14 Mar 2023 09:00:00 GMT")
    again = JsonFileFeedState(path)
    assert again.get("http://x/feed") == ('"abc"', "Tue, 14 Mar 2023 09:00:00 GMT")
    assert json.loads(path.read_text())["http://x/feed"]["etag"] == '"abc"'


def test_damaged_state_file_is_treated_as_empty(tmp_path: Path) -> None:
    path = tmp_path / "feeds.json"
    path.write_text("{not json")
    assert JsonFileFeedState(path).get("http://x/feed") == (None, None)
