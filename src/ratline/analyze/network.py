"""The actor network: actors and incidents as a graph, sized by centrality, each link
weighted by the evidence of the sources that name the actor in the incident."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import networkx as nx

from ratline.analyze.incidents import Incident, evidence_rank, strongest


def link_evidence(inc: Incident, actor_id: str) -> str | None:
    """The strongest evidence level among the documents that name this actor in this
    incident: a broker named only by a rumour stays a rumour-strength link even when
    another source reports an arrest of someone else in the same case."""
    return strongest(inc.evidence_by_document.get(r.fact.document_id)
                     for r in inc.actors if r.actor_id == actor_id)


def link_weight(level: str | None) -> int:
    """1 for the weakest step of the evidence ladder up to its length for a conviction;
    0 for a denial or no level."""
    return evidence_rank(level) + 1


def network_data(incidents: Sequence[Incident], max_nodes: int = 1500,
                 min_link_evidence: str | None = None) -> dict[str, Any]:
    """Nodes (actors and incidents) and edges (an actor's role in an incident, weighted by
    evidence). With `min_link_evidence`, links weaker than that level are dropped, and
    the nodes left without a link with them."""
    floor = evidence_rank(min_link_evidence) if min_link_evidence else None
    g = nx.Graph()
    for inc in incidents:
        for role in inc.actors:
            level = link_evidence(inc, role.actor_id)
            if floor is not None and evidence_rank(level) < floor:
                continue
            if inc.id not in g:
                g.add_node(inc.id, kind="incident", label=inc.title or inc.id, trade=inc.trade,
                           evidence=inc.evidence)
            if role.actor_id not in g:
                g.add_node(role.actor_id, kind="actor", label=role.name, type=role.type,
                           status=role.status)
            if g.has_edge(role.actor_id, inc.id):
                g.edges[role.actor_id, inc.id]["roles"].add(role.role)
                continue
            g.add_edge(role.actor_id, inc.id, roles={role.role}, evidence=level,
                       weight=link_weight(level))
    # Degree centrality is linear in the graph size; betweenness would not stay
    # interactive on large corpora. Weighted degree counts stronger links for more.
    centrality = nx.degree_centrality(g) if g.number_of_nodes() > 1 else {n: 1.0 for n in g}
    strength = dict(g.degree(weight="weight"))
    keep = sorted(g.nodes, key=lambda n: (-centrality.get(n, 0.0), str(n)))[:max_nodes]
    kept = set(keep)
    nodes = [{"id": n, **g.nodes[n], "centrality": round(centrality.get(n, 0.0), 4),
              "strength": strength.get(n, 0)} for n in keep]
    edges = [{"source": a, "target": b, "role": ", ".join(sorted(d["roles"])),
              "evidence": d["evidence"], "weight": d["weight"]}
             for a, b, d in g.edges(data=True) if a in kept and b in kept]
    return {"nodes": nodes, "edges": edges, "truncated": g.number_of_nodes() > max_nodes,
            "min_link_evidence": min_link_evidence}
