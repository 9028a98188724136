"""Undoes a response's Content-Encoding layers ourselves, counting every layer's output.

httpx would inflate all layers of `Content-Encoding: gzip, gzip, gzip` before a byte
reaches us, so a 300-byte response could grow to gigabytes before any cap is checked.
Here each layer inflates at most `CHUNK` bytes per step and its output is counted
against the cap before the next layer sees it, so memory stays bounded by the cap
however many layers or however steep the compression.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator

from ratline.sources.limits import human_size

CHUNK = 64 * 1024
# One layer is normal and two are seen in the wild (a proxy re-compressing); more than
# this is only ever a decompression bomb.
MAX_LAYERS = 2
# Encodings we can undo; we ask only for these in Accept-Encoding.
SUPPORTED = frozenset({"gzip", "x-gzip", "deflate", "identity"})


class EncodingError(Exception):
    """The body cannot be decoded, or decoding it would pass a cap."""


def layers(header: str) -> list[str]:
    """The encodings in the order they must be undone (last applied, first undone)."""
    names = [part.strip().lower() for part in header.split(",") if part.strip()]
    names = [n for n in names if n != "identity"]
    unknown = [n for n in names if n not in SUPPORTED]
    if unknown:
        raise EncodingError(f"unsupported content encoding {unknown[0]!r}")
    if len(names) > MAX_LAYERS:
        raise EncodingError(
            f"response is compressed {len(names)} times over (Content-Encoding: "
            f"{', '.join(names)}); at most {MAX_LAYERS} layers are accepted"
        )
    return list(reversed(names))


def decode(chunks: Iterable[bytes], encodings: list[str], cap: int) -> Iterator[bytes]:
    """Decoded body chunks; raises EncodingError once any layer produces more than `cap`."""
    stream: Iterable[bytes] = chunks
    for name in encodings:
        stream = _Layer(name, cap).run(stream)
    return iter(stream)


class _Layer:
    def __init__(self, name: str, cap: int) -> None:
        self.name = name
        self.cap = cap
        self.produced = 0
        # gzip has a header; "deflate" is meant to be zlib-wrapped but some servers send
        # raw deflate, so the first bytes decide (as browsers do).
        self.inflater: zlib._Decompress | None = (
            zlib.decompressobj(16 + zlib.MAX_WBITS) if name in ("gzip", "x-gzip") else None
        )

    def run(self, chunks: Iterable[bytes]) -> Iterator[bytes]:
        for data in chunks:
            yield from self._feed(data)
        if self.inflater is not None:
            tail = self.inflater.flush()
            if tail:
                yield self._count(tail)

    def _feed(self, data: bytes) -> Iterator[bytes]:
        if self.inflater is None:
            if not data:
                return
            zlib_header = len(data) >= 2 and (data[0] * 256 + data[1]) % 31 == 0
            self.inflater = zlib.decompressobj(zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS)
        while data and not self.inflater.eof:
            try:
                out = self.inflater.decompress(data, CHUNK)
            except zlib.error as exc:
                raise EncodingError(f"{self.name}-encoded body is corrupt: {exc}") from exc
            data = self.inflater.unconsumed_tail
            if out:
                yield self._count(out)

    def _count(self, out: bytes) -> bytes:
        self.produced += len(out)
        if self.produced > self.cap:
            raise EncodingError(
                f"response exceeds the {human_size(self.cap)} limit once decompressed "
                f"({self.name} layer); download stopped"
            )
        return out
