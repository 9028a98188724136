"""Downloads of `ratline export` from the incidents, map and network pages.

`GET /export?format=...` takes the page's own filter parameters (whatever `page_filters`
reads, turned into `Filters` by `queries.every_match_filters`, so a filter added to the pages
is honoured here too) and `shareable=1`, runs the same export code as the CLI over the
app's cached index, and answers the file as an attachment. Every logged-in role may
download (all can read the same incidents on screen); each download is written to the
audit log with who, the filters as given, the row counts and the address.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from ratline.export import ExportError, export
from ratline.web import queries
from ratline.web.auth import HTTPProblem, client_ip, current_user
from ratline.web.pages import page_filters
from ratline.web.users import User

router = APIRouter(include_in_schema=False)
# format -> (file name, media type). csv is a zip of its tables: a folder cannot download.
DOWNLOADS = {
    "csv": ("ratline-incidents.zip", "application/zip"),
    "xlsx": ("ratline-incidents.xlsx",
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "jsonl": ("ratline-incidents.jsonl", "application/x-ndjson"),
    "ftm": ("ratline-incidents.ftm.json", "application/x-ndjson"),
    "geojson": ("ratline-map.geojson", "application/geo+json"),
    "gexf": ("ratline-network.gexf", "application/gexf+xml"),
    "graphml": ("ratline-network.graphml", "application/graphml+xml"),
}
@router.get("/export")
def download(request: Request, user: Annotated[User, Depends(current_user)],
             format: Annotated[str, Query(max_length=16)],
             shareable: Annotated[str, Query(pattern="^(|0|1)$")] = "") -> Response:
    if format not in DOWNLOADS:
        raise HTTPProblem(400, f"format must be one of {', '.join(DOWNLOADS)}",
                          "bad_parameter")
    args, raw = page_filters(request)
    store = request.app.state.store
    index = request.app.state.cache.get()
    # Every document a search matches: an export is the whole list, not the pages' cut;
    # masked with the index's victims' names, as the pages' search (`queries.searched`).
    filters = queries.every_match_filters(store, masker=index.masker, **args)
    name, media_type = DOWNLOADS[format]
    with tempfile.TemporaryDirectory(prefix="ratline-export-") as tmp:
        path = Path(tmp) / name
        try:
            export(store, format, path, filters, who=user.name, shareable=shareable == "1",
                   index=index, described=raw,
                   destination=f"download {name}", ip=client_ip(request))
        except ExportError as exc:
            raise HTTPProblem(400, str(exc), "bad_parameter") from exc
        data = path.read_bytes()
    return Response(data, media_type=media_type, headers={
        "Content-Disposition": f'attachment; filename="{name}"',
        "Cache-Control": "no-store"})
