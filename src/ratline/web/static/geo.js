// Shared map drawing: offline country borders (Natural Earth 1:110m via world-atlas),
// incident points and route flows, drawn as SVG with d3-geo. No network beyond this site.
"use strict";
(function () {
  const NS = "http://www.w3.org/2000/svg";

  function el(tag, attrs, parent) {
    const node = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    if (parent) parent.appendChild(node);
    return node;
  }

  function titled(node, text) {
    const t = el("title", {}, node);
    t.textContent = text; // text, never markup
    return node;
  }

  let world = null;
  async function countries() {
    if (!world) {
      const res = await fetch("/static/vendor/countries-110m.json");
      if (!res.ok) throw new Error("basemap missing: run `make assets`");
      const topo = await res.json();
      world = topojson.feature(topo, topo.objects.countries);
    }
    return world;
  }

  async function getJSON(url) {
    const res = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    const body = await res.json();
    if (!res.ok) throw new Error(body.message || res.statusText);
    return body;
  }

  // Draws borders, flows and points into `svg`; `fit` is a GeoJSON object to zoom to.
  async function draw(svg, data, fit) {
    const box = svg.viewBox.baseVal;
    const width = box.width, height = box.height;
    const projection = d3.geoNaturalEarth1();
    if (fit) projection.fitExtent([[20, 20], [width - 20, height - 20]], fit);
    else projection.fitSize([width, height], { type: "Sphere" });
    const path = d3.geoPath(projection);
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    const defs = el("defs", {}, svg);
    const marker = el("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 9, refY: 5,
      markerWidth: 9, markerHeight: 9, markerUnits: "userSpaceOnUse", orient: "auto-start-reverse" }, defs);
    el("path", { d: "M0,0L10,5L0,10z", class: "arrowhead" }, marker);
    el("path", { d: path({ type: "Sphere" }), class: "sphere" }, svg);
    const land = el("g", { class: "countries" }, svg);
    for (const f of (await countries()).features) {
      titled(el("path", { d: path(f) || "", class: "country" }, land), f.properties.name);
    }
    const flows = el("g", { class: "flows" }, svg);
    const top = Math.max(1, ...data.flows.map((f) => f.incidents));
    for (const f of data.flows) {
      const d = path({ type: "LineString", coordinates: [[f.from_lon, f.from_lat], [f.to_lon, f.to_lat]] });
      if (!d) continue;
      const line = el("path", { d, class: "flow", "stroke-width": 1.5 + 5 * f.incidents / top,
        "marker-end": "url(#arrow)" }, flows);
      titled(line, `${f.from_label} → ${f.to_label}: ${f.incidents} incident(s)`);
    }
    const points = el("g", { class: "points" }, svg);
    const most = Math.max(1, ...data.points.map((p) => p.incidents));
    for (const p of data.points) {
      const xy = projection([p.lon, p.lat]);
      if (!xy) continue;
      const r = (p.precision === "place" ? 3 : 5) + Math.min(12, 2 * Math.sqrt(p.incidents) * Math.min(1, 40 / most));
      const c = el("circle", { cx: xy[0].toFixed(1), cy: xy[1].toFixed(1), r: r.toFixed(1),
        class: `point point-${p.precision} ev-${p.evidence || "none"}` }, points);
      const trades = Object.entries(p.trades).map(([t, n]) => `${t} ${n}`).join(", ");
      titled(c, `${p.label} (${p.precision}): ${p.incidents} incident(s) · ${trades}`);
      // One incident opens it; several open the incident list for that country.
      const target = p.incidents === 1 ? "/incidents/" + encodeURIComponent(p.incident)
        : "/incidents?country=" + encodeURIComponent(p.country);
      c.addEventListener("click", () => { window.location.href = target; });
    }
  }

  // The query string of this page without empty fields, for the matching API call.
  function filterQuery() {
    const params = new URLSearchParams(window.location.search);
    for (const [k, v] of [...params.entries()]) if (!v) params.delete(k);
    return params.toString();
  }

  window.ratlineGeo = { el, draw, getJSON, filterQuery };
})();
