"""`Store.iter_texts` with more ids than one query takes: every pending document asked
for comes back once, in id order, and no statement carries more than a chunk of ids."""

from __future__ import annotations

import hashlib
import random
from typing import Any

from sqlalchemy import event

from ratline.model import Document
from ratline.store import Store
from ratline.store.store import IDS_PER_QUERY, MachineStatements


def documents(n: int) -> list[Document]:
    out = []
    for i in range(n):
        body = f"Fictional report {i}: a broker was held at the border."
        out.append(Document(id=hashlib.sha256(body.encode()).hexdigest(), text=body,
                            source=f"chunks/{i}.txt", media_type="text/plain", size=len(body)))
    return out


def test_ids_past_one_chunk_come_back_once_in_id_order_pending_only(store: Store) -> None:
    docs = documents(2 * IDS_PER_QUERY + 150)
    store.add_documents(docs)
    ids = [d.id for d in docs]
    # Every seventh document is extracted by the current version already: not pending.
    done = set(ids[::7])
    with store.writer() as conn:
        store.replace_machine_statements_batch(
            [MachineStatements(i, [], False) for i in sorted(done)], "v2", conn)
    rng = random.Random(5)
    asked = ids[:-40] + ids[:30] + ["0" * 64, "f" * 64]  # repeats and unknown ids
    rng.shuffle(asked)

    sizes: list[int] = []

    def count(conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "documents" in statement:
            sizes.append(len(parameters) if isinstance(parameters, (list, tuple, dict)) else 0)

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        rows = list(store.iter_texts(ids=asked, pending_version="v2", batch=200))
    finally:
        event.remove(store.engine, "before_cursor_execute", count)

    expected = sorted(set(ids[:-40]) - done)
    assert len(expected) > IDS_PER_QUERY
    assert [r["id"] for r in rows] == expected
    assert rows[0]["text"] == next(d.text for d in docs if d.id == expected[0])
    assert sizes and max(sizes) <= IDS_PER_QUERY + 5  # a chunk of ids and a few bounds
    # The earlier extractor's version is pending again; no ids asks for the whole store.
    assert [r["id"] for r in store.iter_texts(ids=asked, pending_version="v3")] == sorted(
        set(ids[:-40]))
    assert [r["id"] for r in store.iter_texts()] == sorted(ids)
    assert list(store.iter_texts(ids=[])) == []
