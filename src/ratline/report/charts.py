"""Static images for the briefing, drawn offline with matplotlib: a map of incident
points and route lines on country anchors, the actor network, and incidents per year by
trade and by evidence level. Each function returns PNG bytes.

No map tiles or shapes are fetched: points and lines sit on plain longitude/latitude
axes, so the image needs nothing but the gazetteer shipped with the package.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Mapping
from typing import Any

# The colours the web pages use for evidence levels, so both read the same way.
LEVEL_COLOURS = {"rumor": "#9e9e9e", "speculation": "#b39ddb", "allegation": "#f0b429",
                 "report": "#4e8fd6", "investigation": "#26a69a", "arrest": "#ef8a3c",
                 "charge": "#d9534f", "conviction": "#8b1a1a", "denial": "#6d8f3a",
                 "unknown": "#bbbbbb"}
TRADE_COLOURS = ["#3b6ea5", "#c0504d", "#9bbb59", "#8064a2", "#4bacc6", "#f79646",
                 "#7f7f7f", "#2c4d75", "#772c2a", "#5f7530"]
DPI = 110


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")  # no display: images are written, never shown
    import matplotlib.pyplot as plt

    return plt


def _png(fig: Any) -> bytes:
    buf = io.BytesIO()
    # No creation time or version in the file: the same data gives the same bytes.
    fig.savefig(buf, format="png", dpi=DPI, bbox_inches="tight", metadata={"Software": None})
    _pyplot().close(fig)
    return buf.getvalue()


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _empty(ax: Any, message: str) -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color="#666")
    ax.set_xticks([])
    ax.set_yticks([])


def apart(candidates: list[tuple[str, float, float]], gap_x: float,
          gap_y: float) -> list[tuple[str, float, float]]:
    """The labels to draw, most important first, skipping any that would sit on one
    already drawn (closer than the gaps, in data units)."""
    kept: list[tuple[str, float, float]] = []
    for label, x, y in candidates:
        if all(abs(x - kx) >= gap_x or abs(y - ky) >= gap_y for _, kx, ky in kept):
            kept.append((label, x, y))
    return kept


def map_image(data: Mapping[str, Any]) -> bytes:
    """Incident points (size = incidents, colour = strongest evidence) and route flows
    (width = incidents) on longitude/latitude axes, zoomed to what is drawn."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(9, 4.8))
    points, flows = data.get("points", []), data.get("flows", [])
    lons = [p["lon"] for p in points] + [f[k] for f in flows for k in ("from_lon", "to_lon")]
    lats = [p["lat"] for p in points] + [f[k] for f in flows for k in ("from_lat", "to_lat")]
    if not lons:
        _empty(ax, "No incident has a place or country to map.")
        return _png(fig)
    top = max([f["incidents"] for f in flows] or [1])
    for f in flows:
        ax.annotate("", xy=(f["to_lon"], f["to_lat"]), xytext=(f["from_lon"], f["from_lat"]),
                    arrowprops={"arrowstyle": "-|>", "color": "#5b7083", "alpha": 0.7,
                                "lw": 1 + 3 * f["incidents"] / top,
                                "connectionstyle": "arc3,rad=0.15"})
    most = max([p["incidents"] for p in points] or [1])
    for p in points:
        ax.scatter(p["lon"], p["lat"], s=30 + 220 * p["incidents"] / most, zorder=3,
                   color=LEVEL_COLOURS.get(p["evidence"] or "unknown", "#bbbbbb"),
                   edgecolor="#333333", linewidth=0.5, alpha=0.85)
    labelled: dict[str, tuple[float, float]] = {}
    for p in sorted(points, key=lambda p: -p["incidents"]):
        labelled.setdefault(p["label"], (p["lon"], p["lat"]))
    for f in flows:
        labelled.setdefault(f["from_label"], (f["from_lon"], f["from_lat"]))
        labelled.setdefault(f["to_label"], (f["to_lon"], f["to_lat"]))
    pad = 8.0
    width = (max(lons) - min(lons) + 2 * pad)
    for label, lon, lat in apart([(k, x, y) for k, (x, y) in labelled.items()],
                                 width / 14, width / 60)[:30]:
        ax.annotate(label, (lon, lat), xytext=(4, 4), textcoords="offset points", fontsize=7,
                    color="#222222")
    ax.set_xlim(max(-180, min(lons) - pad), min(180, max(lons) + pad))
    ax.set_ylim(max(-90, min(lats) - pad), min(90, max(lats) + pad))
    ax.set_aspect("equal", adjustable="box")
    ax.grid(color="#e5e5e5", linewidth=0.5)
    ax.set_xlabel("longitude", fontsize=8)
    ax.set_ylabel("latitude", fontsize=8)
    ax.tick_params(labelsize=7)
    levels = sorted({p["evidence"] or "unknown" for p in points}, key=list(LEVEL_COLOURS).index)
    for lv in levels:
        ax.scatter([], [], color=LEVEL_COLOURS[lv], label=lv, s=30)
    if levels:
        ax.legend(title="strongest evidence", fontsize=7, title_fontsize=7, loc="lower left")
    return _png(fig)


def network_image(data: Mapping[str, Any], max_labels: int = 25) -> bytes:
    """Actors (dark) and incidents (coloured by evidence), links as wide as their
    evidence weight; only the most connected actors are labelled so labels stay legible."""
    import networkx as nx

    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(9, 6.5))
    ax.axis("off")
    if not data.get("nodes"):
        _empty(ax, "No actor is named in the selected incidents.")
        return _png(fig)
    g = nx.Graph()
    for n in data["nodes"]:
        g.add_node(n["id"], **n)
    for e in data["edges"]:
        g.add_edge(e["source"], e["target"], weight=e.get("weight", 1))
    pos = nx.spring_layout(g, seed=7, k=2.5 / max(1, g.number_of_nodes()) ** 0.5)
    widths = [0.4 + 0.35 * d.get("weight", 1) for _, _, d in g.edges(data=True)]
    nx.draw_networkx_edges(g, pos, ax=ax, width=widths, edge_color="#9aa7b3", alpha=0.8)
    actors = [n for n, d in g.nodes(data=True) if d["kind"] == "actor"]
    incidents = [n for n, d in g.nodes(data=True) if d["kind"] == "incident"]
    strength = {n: d.get("strength", 1) for n, d in g.nodes(data=True)}
    top = max(strength.values()) or 1
    nx.draw_networkx_nodes(g, pos, nodelist=actors, ax=ax, node_color="#34495e",
                           node_size=[40 + 260 * strength[n] / top for n in actors])
    nx.draw_networkx_nodes(g, pos, nodelist=incidents, ax=ax, node_shape="s", node_size=60,
                           node_color=[LEVEL_COLOURS.get(g.nodes[n].get("evidence") or "unknown",
                                                         "#bbbbbb") for n in incidents])
    ranked = sorted(actors, key=lambda n: (-strength[n], str(n)))
    for label, x, y in apart([(g.nodes[n]["label"], *pos[n]) for n in ranked], 0.28, 0.06)[
            :max_labels]:
        ax.annotate(label, (x, y), xytext=(0, -7), textcoords="offset points", fontsize=7,
                    ha="center", va="top", color="#222222")
    return _png(fig)


def timeline_image(tl: Mapping[str, Any]) -> bytes:
    """Two stacked bar charts over the same years: incidents by trade, and by evidence."""
    plt = _pyplot()
    fig, (top_ax, low_ax) = plt.subplots(2, 1, figsize=(9, 5.5), sharex=True)
    years = [y["year"] for y in tl["years"]]
    if not years:
        _empty(top_ax, "No incident has a year.")
        low_ax.axis("off")
        return _png(fig)
    for ax, key, names, colour in (
            (top_ax, "by_trade", tl["trades"],
             lambda i, _k: TRADE_COLOURS[i % len(TRADE_COLOURS)]),
            (low_ax, "by_evidence", tl["levels"],
             lambda _i, k: LEVEL_COLOURS.get(k, "#bbbbbb"))):
        bottom = [0] * len(years)
        for i, name in enumerate(names):
            counts = [y[key].get(name, 0) for y in tl["years"]]
            ax.bar(years, counts, bottom=bottom, label=name, color=colour(i, name), width=0.8)
            bottom = [a + b for a, b in zip(bottom, counts, strict=True)]
        ax.set_ylabel("incidents", fontsize=8)
        ax.legend(fontsize=7, loc="upper left", title="trade" if key == "by_trade"
                  else "evidence", title_fontsize=7)
        ax.tick_params(labelsize=7)
        ax.yaxis.get_major_locator().set_params(integer=True)
    low_ax.set_xticks(years)
    low_ax.set_xticklabels([str(y) for y in years], rotation=45)
    return _png(fig)
