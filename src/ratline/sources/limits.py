"""Caps that keep a hostile or broken source from exhausting memory, disk or time."""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class SourceLimits:
    """Limits applied while items are read from files, archives, URLs and feeds.

    The defaults suit a laptop reading news, NGO and court documents; tests and
    operators lower or raise them per run.
    """

    # One document, from any source (a file, an archive member, a response body).
    max_item_bytes: int = 50 * MB
    # Archives: everything decompressed from one top-level archive, nested ones included.
    max_archive_total_bytes: int = 500 * MB
    max_members: int = 10_000
    # Uncompressed / compressed; text compresses ~5-10x, a bomb compresses ~1000x.
    # Judged per member and over the whole archive (the sum of what its members expand
    # to), so many small steep members add up to a refusal.
    max_compression_ratio: float = 100.0
    # A small member may legitimately compress very well (a file of spaces), so a ratio
    # is only judged once this much has been decompressed (by the member, or in total).
    ratio_grace_bytes: int = 1 * MB
    # The top-level archive is depth 1; an archive inside it is depth 2.
    max_archive_depth: int = 3
    # Network.
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 30.0
    # The whole download (every redirect hop, headers and body): a server that drips a
    # byte every few seconds never trips the read timeout, so the total is bounded too.
    download_deadline_s: float = 60.0
    max_redirects: int = 5
    max_feed_entries: int = 500


def human_size(n: int | float) -> str:
    """Sizes as people say them in error messages: '50 MB', '1.5 MB', '98 KB'."""
    if n >= MB:
        return f"{n / MB:.0f} MB" if n % MB == 0 else f"{n / MB:.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n:.0f} bytes"
