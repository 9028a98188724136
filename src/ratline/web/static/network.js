// The network page: actors and incidents (cytoscape), sized by degree centrality.
"use strict";
document.addEventListener("DOMContentLoaded", async () => {
  const box = document.getElementById("network");
  const status = document.getElementById("network-status");
  const params = new URLSearchParams(window.location.search);
  for (const [k, v] of [...params.entries()]) if (!v) params.delete(k);
  let data;
  try {
    const res = await fetch("/api/network?" + params.toString(), { credentials: "same-origin" });
    data = await res.json();
    if (!res.ok) throw new Error(data.message || res.statusText);
  } catch (err) {
    status.textContent = "The network could not be loaded: " + err.message;
    return;
  }
  const top = Math.max(0.0001, ...data.nodes.map((n) => n.centrality));
  const elements = [];
  for (const n of data.nodes) {
    elements.push({ data: { id: n.id, kind: n.kind, label: n.kind === "actor" ? n.label : (n.label || "").slice(0, 40),
      size: 14 + 46 * (n.centrality / top), evidence: n.evidence || "none", status: n.status || "" } });
  }
  for (const [i, e] of data.edges.entries()) {
    elements.push({ data: { id: "e" + i, source: e.source, target: e.target, role: e.role || "" } });
  }
  const levelColour = { rumor: "#9e9e9e", speculation: "#b39ddb", allegation: "#f0b429", report: "#4e8fd6",
    investigation: "#26a69a", arrest: "#ef8a3c", charge: "#d9534f", conviction: "#8b1a1a", denial: "#6d8f3a", none: "#bbb" };
  const cy = cytoscape({
    container: box, elements,
    layout: { name: data.nodes.length > 400 ? "concentric" : "cose", animate: false, randomize: false },
    style: [
      { selector: "node", style: { width: "data(size)", height: "data(size)", label: "data(label)",
        "font-size": 9, "text-valign": "bottom", "text-margin-y": 2, color: "#222" } },
      { selector: "node[kind = 'actor']", style: { "background-color": "#34495e", shape: "ellipse" } },
      { selector: "node[kind = 'incident']", style: { shape: "round-rectangle",
        "background-color": (n) => levelColour[n.data("evidence")] || "#bbb", "font-size": 7, color: "#555" } },
      { selector: "edge", style: { width: 1.2, "line-color": "#b8c2cc", label: "data(role)", "font-size": 6,
        color: "#7a8793", "curve-style": "bezier" } },
    ],
  });
  cy.on("tap", "node", (evt) => {
    const n = evt.target.data();
    window.location.href = (n.kind === "actor" ? "/actors/" : "/incidents/") + encodeURIComponent(n.id);
  });
  status.textContent = `${data.nodes.length} nodes, ${data.edges.length} links` +
    (data.truncated ? " (largest shown; narrow the filters)" : "");
  box.classList.add("ready");
  window.ratlineNetwork = cy;
});
