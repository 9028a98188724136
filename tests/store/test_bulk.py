"""Batch writes: COPY on PostgreSQL stores what executemany stores, once, however often it runs."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select

from ratline.model import Document, Statement
from ratline.store import Store, bulk, schema
from ratline.store.resolution import memberships, replace_resolution

# Text COPY has to escape: tabs, newlines, backslashes, a literal \N, quotes, non-ASCII.
AWKWARD = 'Line one\tcol\\umn\nline two \\N "quoted" — Kraków, Ñuñoa\r\nend'
N = 3 * bulk.COPY_MIN_ROWS


def documents() -> list[Document]:
    docs = []
    for i in range(N):
        body = f"Report {i}: police in Lahore held a broker. {AWKWARD if i % 3 == 0 else ''}"
        docs.append(Document(
            id=hashlib.sha256(body.encode()).hexdigest(), text=body, source=f"bulk/{i}.txt",
            media_type="text/plain", title=None if i % 4 == 0 else f"Title {i} {AWKWARD[:12]}",
            size=len(body), published=date(2020, 1 + i % 12, 1) if i % 2 else None,
            published_precision="month" if i % 2 else None, url=None if i % 5 else f"https://x.test/{i}"))
    return docs


def statements(doc_id: str) -> list[Statement]:
    return [Statement(f"incident:{doc_id[:16]}:{n % 7}", "summary", f"Fact {n}: {AWKWARD}", doc_id,
                      None if n % 2 else n, None if n % 2 else n + 3, "test", "1", 0.25 + n / 1000)
            for n in range(N)]


def fill(store: Store) -> None:
    docs = documents()
    # A document twice in one batch is stored once.
    assert sorted(store.add_documents(docs + docs[:3])) == sorted(d.id for d in docs)
    assert store.add_documents(docs) == []
    # The same batch written straight through again, as a concurrent writer or a worker
    # killed after its insert but before it was recorded would: every row is refused.
    now = datetime.now(UTC)
    rows = [{"id": d.id, "source": d.source, "status": "stored", "text": d.text, "size": d.size,
             "created_at": now, "updated_at": now} for d in docs]
    for _ in range(2):
        with store.writer() as conn:
            assert bulk.insert_rows(conn, schema.documents, rows, returning="id") == []
    first = docs[0].id
    assert store.replace_machine_statements(first, statements(first), relevant=True,
                                            extractor_version="1") == (N, 0)
    # Written again, as a re-run or a retried batch would: nothing is added twice.
    assert store.replace_machine_statements(first, statements(first), relevant=True,
                                            extractor_version="1") == (0, 0)


def contents(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    d, s = schema.documents, schema.statements
    skip = {"created_at", "updated_at", "tsv"}
    out = {}
    with store.engine.connect() as conn:
        for table in (d, s):
            cols = [c for c in table.c if c.name not in skip]
            out[table.name] = [tuple(r) for r in conn.execute(select(*cols).order_by(table.c.id))]
    return out


def test_a_copy_sized_batch_written_twice_stores_each_row_once_as_executemany_does(
        store: Store, other_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    copies: list[str] = []
    real = bulk._copy

    def spy(conn: Any, table: Any, *args: Any) -> list[Any]:
        copies.append(table.name)
        return real(conn, table, *args)

    monkeypatch.setattr(bulk, "_copy", spy)
    fill(store)
    if store.dialect == "postgresql":
        assert copies == ["documents", "documents", "documents", "statements"]
    else:
        assert copies == []
    copied = contents(store)
    assert len(copied["documents"]) == N and len(copied["statements"]) == N

    # The same writes, row by row (executemany), into another store.
    monkeypatch.setattr(bulk, "COPY_MIN_ROWS", 10**9)
    plain = Store(other_url)
    try:
        fill(plain)
        assert contents(plain) == copied
        assert plain.search("broker")[0]["id"] in {d.id for d in documents()}
    finally:
        plain.close()
    assert store.search("Kraków")  # the full-text index covers rows that came by COPY


def test_a_copied_insert_without_ignoring_conflicts_refuses_a_stored_key(store: Store) -> None:
    members = {f"incident:{i:016x}:1": f"cluster-{i // 2}" for i in range(N)}
    replace_resolution(store, "incident", members, [])
    assert memberships(store, "incident") == members
    r = schema.resolutions
    rows = [{"kind": "incident", "member": m, "cluster_id": "x", "updated_at": datetime.now(UTC)} for m in members]
    with pytest.raises(Exception, match="(?i)unique|duplicate"), store.writer() as conn:
        bulk.insert_rows(conn, r, rows, ignore_conflicts=False)
    assert memberships(store, "incident") == members
