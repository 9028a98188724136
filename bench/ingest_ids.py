"""Peak memory of an ingest and the listing of its documents for extraction: the ids
held as a list in memory (as `IngestReport.document_ids` held them before) against the
ids read back from the store (`run_documents`, as `ratline ingest` does now).

Both ways ingest the same N generated documents (bench/scale.py's corpus) into a fresh
store, then list the run's documents not yet extracted in id order with their texts, as
the extraction that follows does, and stop there (extraction itself is the same for
both and far slower). Each way runs in its own process, so peak memory (ru_maxrss) is
its own. The old way is rebuilt here: the documents' ids are gathered as they are read,
made distinct with `dict.fromkeys` and handed to `Store.iter_texts(ids=...)`. Both must
list the same documents in the same order (compared by a hash of the ids).

    nice -n 10 python bench/ingest_ids.py [--size 200000] [--backends sqlite,postgres]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import scale  # noqa: E402  (bench/scale.py: its corpus, processes and store sizes)


def _ingest_and_list(url: str, corpus: str, way: str, queue: Any) -> None:
    from ratline import pipeline
    from ratline.extract import EXTRACTOR_VERSION
    from ratline.model import Document, Failure, RawItem
    from ratline.store import Store

    store = Store(url)
    t0 = time.perf_counter()
    if way == "list":
        gathered: list[str] = []

        def read(items: Iterable[RawItem | Failure]) -> Iterator[Document | Failure]:
            for entry in pipeline.read_items(items):
                if isinstance(entry, Document):
                    gathered.append(entry.id)
                yield entry

        report = pipeline.ingest(store, [corpus], keep_ids=False, read=read)
        ids = list(dict.fromkeys(gathered))  # as `ratline ingest` did
        ingested = time.perf_counter()
        rows = store.iter_texts(ids=ids, pending_version=EXTRACTOR_VERSION)
    else:
        report = pipeline.ingest(store, [corpus])
        ingested = time.perf_counter()
        rows = store.iter_texts(run_id=report.run_id, pending_version=EXTRACTOR_VERSION)
    digest = hashlib.sha256()
    listed = 0
    for row in rows:
        digest.update(row["id"].encode())
        listed += 1
    done = time.perf_counter()
    store.close()
    queue.put({"added": report.added, "listed": listed, "digest": digest.hexdigest()[:12],
               "ingest_s": ingested - t0, "list_s": done - ingested,
               "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})


def measure(backend: str, corpus: Path, way: str, tmp: Path) -> dict[str, Any]:
    with scale.fresh_store(backend, tmp, f"ids-{way}") as url:
        result = scale._in_process(_ingest_and_list, url, str(corpus), way)
        result["store_mb"] = scale.store_bytes(url) / 2**20
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200_000, help="documents")
    parser.add_argument("--backends", default="sqlite")
    args = parser.parse_args()
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    if "postgres" in backends and not os.environ.get("RATLINE_TEST_POSTGRES_URL"):
        print("postgres skipped: RATLINE_TEST_POSTGRES_URL is not set", file=sys.stderr)
        backends.remove("postgres")
    texts, origin = scale.base_texts()
    print(f"{args.size} documents made from {len(texts)} texts in {origin}", flush=True)
    print(f"{'backend':9} {'ids':6} {'added':>8} {'listed':>8} {'ingest s':>9} {'list s':>7} "
          f"{'store MB':>9} {'peak MB':>8}  ids hash", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        corpus = tmp / "ids.jsonl"
        scale.write_corpus(corpus, texts, args.size)
        for backend in backends:
            results = {}
            for way in ("list", "store"):
                r = results[way] = measure(backend, corpus, way, tmp)
                print(f"{backend:9} {way:6} {r['added']:>8} {r['listed']:>8} {r['ingest_s']:>9.1f} "
                      f"{r['list_s']:>7.1f} {r['store_mb']:>9.0f} {r['peak_mb']:>8.0f}  {r['digest']}",
                      flush=True)
            old, new = results["list"], results["store"]
            same = (old["listed"], old["digest"]) == (new["listed"], new["digest"])
            print(f"{backend:9} store/list: peak memory {new['peak_mb'] / old['peak_mb']:.2f}, "
                  f"ingest time {new['ingest_s'] / old['ingest_s']:.2f}, "
                  f"store size {new['store_mb'] / old['store_mb']:.3f}; "
                  f"same documents in the same order: {'yes' if same else 'NO'}", flush=True)
            if not same:
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
