"""Screenshots of the main pages for the docs: `python -m ratline.web.screenshots [OUTDIR]`.

Works on a throw-away store seeded from the fictional examples, never on real data.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "reports"
PASSWORD = "screenshots-only-password"
# (file name, page, selector that is there once the page has drawn). docs/questions.md
# shows these beside the pages that answer its questions: the incident list with its
# download buttons, the map filtered to arrests or stronger with its clustered points,
# the network with the evidence switch on, the timeline chart and the price table.
SHOTS: tuple[tuple[str, str, str | None], ...] = (
    ("overview", "/", None),
    ("incidents", "/incidents?trade=organ", None),
    ("review", "/review", None),
    ("map", "/map?min_evidence=arrest", "#map.ready"),
    ("network", "/network?min_link_evidence=arrest", "#network.ready"),
    ("timeline", "/timeline", "#timeline-chart.ready"),
    ("prices", "/prices?trade=organ", None),
)


def seed(home: Path) -> None:
    """A store with the example reports ingested and extracted, and one admin."""
    os.environ["RATLINE_HOME"] = str(home)
    os.environ.pop("RATLINE_DATABASE_URL", None)
    from ratline import pipeline
    from ratline.store import open_store
    from ratline.web.users import add_user

    store = open_store()
    # Ingested by their path in the repository, so the pages show examples/reports/...
    # as the source, not the folder of whoever made the screenshots.
    here = Path.cwd()
    os.chdir(EXAMPLES.parents[1])
    try:
        report = pipeline.ingest(store, [str(EXAMPLES.relative_to(EXAMPLES.parents[1]))])
    finally:
        os.chdir(here)
    pipeline.extract_stored(store, run_id=report.run_id)
    pipeline.resolve_stored(store)
    add_user(store, "admin", "admin", PASSWORD)
    store.close()


def take(out: Path) -> list[Path]:
    from ratline.store import open_store
    from ratline.web.app import create_app
    from ratline.web.live import chromium, login, serving

    out.mkdir(parents=True, exist_ok=True)
    app = create_app(open_store())
    index = app.state.cache.get()
    # The incident with most facts shows the most on one page.
    busiest = max(index.incidents.values(), key=lambda i: (len(i.route), len(i.facts)))
    shots = [*SHOTS, ("incident", "/incidents/" + busiest.id, "#route-map.ready")]
    saved = []
    with serving(app) as base, chromium() as browser:
        page = browser.new_page(viewport={"width": 1360, "height": 900})
        login(page, base, "admin", PASSWORD)
        for name, path, ready in shots:
            page.goto(base + path)
            if ready:
                page.wait_for_selector(ready, timeout=15000)
            target = out / f"{name}.png"
            page.screenshot(path=str(target), full_page=name in ("overview", "timeline"))
            saved.append(target)
    return saved


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots").resolve()
    with tempfile.TemporaryDirectory(prefix="ratline-shots-") as tmp:
        seed(Path(tmp))
        for path in take(out):
            print(path)


if __name__ == "__main__":
    main()
