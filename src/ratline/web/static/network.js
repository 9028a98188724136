// The network page: actors and incidents (cytoscape), actors sized by their links
// weighted by evidence, links as thick as the evidence of the sources naming them.
// Labels keep clear of each other: the layout makes room for them, long incident
// titles are cut, and small labels hide until zoomed in.
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
  const top = Math.max(1, ...data.nodes.map((n) => n.strength || 0));
  const elements = [];
  for (const n of data.nodes) {
    elements.push({ data: { id: n.id, kind: n.kind, label: n.kind === "actor" ? n.label : (n.label || "").slice(0, 48),
      size: n.kind === "actor" ? 14 + 40 * ((n.strength || 0) / top) : 16,
      evidence: n.evidence || "none", status: n.status || "" } });
  }
  for (const [i, e] of data.edges.entries()) {
    elements.push({ data: { id: "e" + i, source: e.source, target: e.target, role: e.role || "",
      evidence: e.evidence || "none", weight: e.weight || 0 } });
  }
  const levelColour = { rumor: "#9e9e9e", speculation: "#b39ddb", allegation: "#f0b429", report: "#4e8fd6",
    investigation: "#26a69a", arrest: "#ef8a3c", charge: "#d9534f", conviction: "#8b1a1a", denial: "#6d8f3a", none: "#bbb" };
  const big = data.nodes.length > 400;
  const cy = cytoscape({
    container: box, elements, minZoom: 0.1, maxZoom: 4,
    layout: big ? { name: "concentric", animate: false, minNodeSpacing: 20, nodeDimensionsIncludeLabels: true }
      : { name: "cose", animate: false, randomize: false, nodeDimensionsIncludeLabels: true,
        nodeRepulsion: () => 60000, idealEdgeLength: () => 90, componentSpacing: 120, padding: 20 },
    style: [
      { selector: "node", style: { width: "data(size)", height: "data(size)", label: "data(label)",
        "font-size": 10, "text-valign": "bottom", "text-margin-y": 3, color: "#222",
        "text-wrap": "ellipsis", "text-max-width": 140, "min-zoomed-font-size": 7,
        "text-background-color": "#fff", "text-background-opacity": 0.8, "text-background-padding": 1 } },
      { selector: "node[kind = 'actor']", style: { "background-color": "#34495e", shape: "ellipse" } },
      { selector: "node[kind = 'incident']", style: { shape: "round-rectangle",
        "background-color": (n) => levelColour[n.data("evidence")] || "#bbb", "font-size": 8, color: "#555",
        "text-max-width": 110, "min-zoomed-font-size": 9 } },
      { selector: "edge", style: { width: (e) => 0.6 + 0.5 * e.data("weight"),
        "line-color": (e) => levelColour[e.data("evidence")] || "#b8c2cc", opacity: 0.7, "curve-style": "haystack" } },
      { selector: "edge:selected, edge.hover", style: { label: "data(role)", "font-size": 8, color: "#445" } },
    ],
  });
  cy.on("mouseover", "edge", (evt) => evt.target.addClass("hover"));
  cy.on("mouseout", "edge", (evt) => evt.target.removeClass("hover"));
  cy.on("tap", "node", (evt) => {
    const n = evt.target.data();
    window.location.href = (n.kind === "actor" ? "/actors/" : "/incidents/") + encodeURIComponent(n.id);
  });
  status.textContent = `${data.nodes.length} nodes, ${data.edges.length} links` +
    (data.min_link_evidence ? ` (only links of ${data.min_link_evidence} or stronger)` : "") +
    (data.truncated ? " (largest shown; narrow the filters)" : "");
  box.classList.add("ready");
  window.ratlineNetwork = cy;
});
