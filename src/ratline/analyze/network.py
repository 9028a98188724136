"""The actor network: actors and incidents as a graph, sized by centrality."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import networkx as nx

from ratline.analyze.incidents import Incident


def network_data(incidents: Sequence[Incident], max_nodes: int = 1500) -> dict[str, Any]:
    """Nodes (actors and incidents) and edges (an actor's role in an incident)."""
    g = nx.Graph()
    for inc in incidents:
        if not inc.actors:
            continue
        g.add_node(inc.id, kind="incident", label=inc.summary or inc.id, trade=inc.trade,
                   evidence=inc.evidence)
        for role in inc.actors:
            g.add_node(role.actor_id, kind="actor", label=role.name, type=role.type,
                       status=role.status)
            g.add_edge(role.actor_id, inc.id, role=role.role)
    # Degree centrality is linear in the graph size; betweenness would not stay
    # interactive on large corpora.
    centrality = nx.degree_centrality(g) if g.number_of_nodes() > 1 else {n: 1.0 for n in g}
    keep = sorted(g.nodes, key=lambda n: -centrality.get(n, 0.0))[:max_nodes]
    kept = set(keep)
    nodes = [{"id": n, **g.nodes[n], "centrality": round(centrality.get(n, 0.0), 4)} for n in keep]
    edges = [{"source": a, "target": b, "role": d.get("role")}
             for a, b, d in g.edges(data=True) if a in kept and b in kept]
    return {"nodes": nodes, "edges": edges, "truncated": g.number_of_nodes() > max_nodes}
