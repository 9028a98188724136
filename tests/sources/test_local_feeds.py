"""Feeds saved as files are read as their entries, like a feed URL, but nothing is fetched."""

from __future__ import annotations

from pathlib import Path

import pytest
from httpsite import Site

from ratline.model import Failure, RawItem
from ratline.pipeline import retry_specs
from ratline.sources import iter_items

RSS = """<?xml version="1.0" encoding="utf-8"?>
<!-- saved by a feed reader -->
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Fictional Desk</title>
<item><title>First story</title><link>{link1}</link>
  <pubDate>Tue, 14 Mar 2023 09:00:00 GMT</pubDate>
  <content:encoded><![CDATA[<p>FICTIONAL. Full text of the first story.</p>]]></content:encoded>
</item>
<item><title>Second story</title><link>{link2}</link>
  <description>Summary of the second story.</description></item>
<item><title>Third story</title><link>{link3}</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Fictional Atom</title>
<entry><title>Atom entry</title><id>urn:fictional:1</id>
  <updated>2024-02-01T00:00:00Z</updated>
  <content type="html">&lt;p&gt;Atom entry body text.&lt;/p&gt;</content></entry>
</feed>"""


@pytest.mark.parametrize("suffix", [".rss", ".xml"])
def test_saved_rss_is_ingested_as_its_entries_without_fetching(
    tmp_path: Path, site: Site, suffix: str
) -> None:
    links = {f"link{n}": site.url(f"/story-{n}") for n in (1, 2, 3)}
    path = tmp_path / f"desk{suffix}"
    path.write_text(RSS.format(**links), encoding="utf-8")
    items = list(iter_items(str(path), allow_private=True))
    assert site.seen == []  # not one request, even with private addresses allowed
    first, second, third = items
    assert isinstance(first, RawItem) and isinstance(second, RawItem)
    assert b"Full text of the first story." in first.data and first.media_type == "text/html"
    assert first.origin == links["link1"] and first.meta["title"] == "First story"
    assert first.meta["feed"] == str(path) and first.meta["date"].startswith("Tue, 14 Mar 2023")
    assert second.data == b"Summary of the second story."
    assert isinstance(third, Failure) and third.origin == links["link3"]
    assert "a saved feed's links are not fetched" in third.reason


def test_saved_atom_file_is_ingested_as_its_entries(tmp_path: Path) -> None:
    path = tmp_path / "alerts.atom"
    path.write_text(ATOM, encoding="utf-8")
    [entry] = list(iter_items(str(path)))
    assert isinstance(entry, RawItem)
    assert entry.origin == f"{path}#entry-1" and b"Atom entry body text." in entry.data


def test_xml_that_is_not_a_feed_stays_a_document(tmp_path: Path) -> None:
    path = tmp_path / "data.xml"
    path.write_bytes(b"<?xml version='1.0'?><records><r>plain xml</r></records>")
    [item] = list(iter_items(str(path)))
    assert isinstance(item, RawItem) and item.origin == str(path) and item.data.startswith(b"<?xml")


def test_saved_feed_in_a_folder_and_broken_feed(tmp_path: Path) -> None:
    (tmp_path / "ok.atom").write_text(ATOM, encoding="utf-8")
    (tmp_path / "broken.rss").write_bytes(b"<rss><channel><item><title>cut off")
    items = list(iter_items(str(tmp_path)))
    origins = [i.origin for i in items]
    assert f"{tmp_path / 'ok.atom'}#entry-1" in origins
    # A half-written feed still yields what can be read or a failure, never raw XML.
    assert not any(isinstance(i, RawItem) and i.data.startswith(b"<rss") for i in items)


def test_retrying_a_saved_feed_entry_reads_the_feed_file(tmp_path: Path) -> None:
    path = tmp_path / "alerts.atom"
    path.write_text(ATOM, encoding="utf-8")
    assert retry_specs([f"{path}#entry-4"]) == [str(path)]
