"""Downloads stay bounded: stacked compression, decompression bombs and dripping servers."""

from __future__ import annotations

import gzip
import time
import tracemalloc
import zlib
from collections.abc import Iterator

import pytest
from httpsite import Site

from ratline.model import Failure, RawItem
from ratline.sources import SourceLimits, iter_items
from ratline.sources.encodings import EncodingError, decode, layers

MB = 1024 * 1024


def one(spec: str, **kwargs: object) -> RawItem | Failure:
    items = list(iter_items(spec, **kwargs))  # type: ignore[arg-type]
    assert len(items) == 1, items
    return items[0]


def gzip_times(data: bytes, times: int) -> bytes:
    for _ in range(times):
        data = gzip.compress(data, compresslevel=9)
    return data


def test_stacked_gzip_is_refused_before_anything_is_inflated(site: Site) -> None:
    # Three layers: a few hundred bytes on the wire that httpx would inflate to 32 MB.
    body = gzip_times(b"\0" * (32 * MB), 3)
    assert len(body) < 2000
    url = site.add("/bomb", body, headers={"Content-Encoding": "gzip, gzip, gzip"})
    tracemalloc.start()
    try:
        item = one(url, allow_private=True)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(item, Failure)
    assert "compressed 3 times over" in item.reason and "at most 2 layers" in item.reason
    assert peak < 5 * MB


def test_two_gzip_layers_are_counted_layer_by_layer_and_stop_at_the_cap(site: Site) -> None:
    body = gzip_times(b"\0" * (16 * MB), 2)
    url = site.add("/bomb2", body, headers={"Content-Encoding": "gzip, gzip"})
    tracemalloc.start()
    try:
        item = one(url, allow_private=True, limits=SourceLimits(max_item_bytes=1 * MB))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(item, Failure)
    assert item.reason.startswith("response exceeds the 1 MB limit once decompressed")
    assert peak < 5 * MB  # the cap plus a chunk or two, never the 16 MB


def test_two_gzip_layers_under_the_cap_are_decoded(site: Site) -> None:
    text = b"<html><body><p>Twice compressed page.</p></body></html>"
    url = site.add(
        "/twice.html",
        gzip_times(text, 2),
        headers={"Content-Encoding": "gzip, gzip", "Content-Type": "text/html"},
    )
    item = one(url, allow_private=True)
    assert isinstance(item, RawItem) and item.data == text


def test_deflate_and_raw_deflate_are_decoded(site: Site) -> None:
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    raw_deflate = raw.compress(b"raw deflate body") + raw.flush()
    a = site.add("/z", zlib.compress(b"zlib deflate body"), headers={"Content-Encoding": "deflate"})
    b = site.add("/r", raw_deflate, headers={"Content-Encoding": "deflate"})
    item_a, item_b = one(a, allow_private=True), one(b, allow_private=True)
    assert isinstance(item_a, RawItem) and item_a.data == b"zlib deflate body"
    assert isinstance(item_b, RawItem) and item_b.data == b"raw deflate body"


def test_unknown_and_corrupt_encodings_are_clear_failures(site: Site) -> None:
    a = site.add("/br", b"whatever", headers={"Content-Encoding": "br"})
    b = site.add("/bad", b"not gzip at all", headers={"Content-Encoding": "gzip"})
    item_a, item_b = one(a, allow_private=True), one(b, allow_private=True)
    assert isinstance(item_a, Failure) and "unsupported content encoding 'br'" in item_a.reason
    assert isinstance(item_b, Failure) and "gzip-encoded body is corrupt" in item_b.reason


def test_decoder_output_per_layer_is_counted() -> None:
    chunks = [gzip_times(b"a" * 200_000, 2)]
    with pytest.raises(EncodingError, match="once decompressed"):
        b"".join(decode(chunks, layers("gzip, gzip"), cap=100_000))
    assert b"".join(decode(chunks, layers("gzip,gzip"), cap=300_000)) == b"a" * 200_000


def test_dripping_server_is_cut_off_at_the_download_deadline(site: Site) -> None:
    def drip(headers: dict[str, str]) -> tuple[int, dict[str, str], Iterator[bytes]]:
        def body() -> Iterator[bytes]:
            for _ in range(100):
                yield b"x"
                time.sleep(0.1)  # always inside the read timeout

        return 200, {"Content-Type": "text/plain"}, body()

    url = site.add_handler("/drip", drip)
    limits = SourceLimits(download_deadline_s=0.5, read_timeout_s=5)
    started = time.monotonic()
    item = one(url, allow_private=True, limits=limits)
    elapsed = time.monotonic() - started
    assert isinstance(item, Failure)
    assert item.reason == "download took longer than the 0.5 s deadline; stopped"
    assert elapsed < 2.0


def test_silent_server_is_cut_off_at_the_deadline_not_the_read_timeout(site: Site) -> None:
    def stall(headers: dict[str, str]) -> tuple[int, dict[str, str], Iterator[bytes]]:
        def body() -> Iterator[bytes]:
            yield b"start"
            time.sleep(3)
            yield b"end"

        return 200, {}, body()

    url = site.add_handler("/stall", stall)
    limits = SourceLimits(download_deadline_s=0.5, read_timeout_s=10)
    started = time.monotonic()
    item = one(url, allow_private=True, limits=limits)
    assert isinstance(item, Failure) and "0.5 s deadline" in item.reason
    assert time.monotonic() - started < 2.0


def test_default_deadline_is_a_minute() -> None:
    assert SourceLimits().download_deadline_s == 60.0
