// The route mini-map on an incident page, zoomed to the incident's places and route.
"use strict";
document.addEventListener("DOMContentLoaded", async () => {
  const svg = document.getElementById("route-map");
  if (!svg) return;
  try {
    const inc = await ratlineGeo.getJSON("/api/incidents/" + encodeURIComponent(svg.dataset.incident));
    const data = inc.map;
    const coords = data.points.map((p) => [p.lon, p.lat]);
    for (const f of data.flows) coords.push([f.from_lon, f.from_lat], [f.to_lon, f.to_lat]);
    if (!coords.length) { svg.classList.add("empty"); return; }
    // A single point needs some surroundings to be readable.
    const pad = coords.length === 1 ? 12 : 4;
    const lons = coords.map((c) => c[0]), lats = coords.map((c) => c[1]);
    const fit = { type: "MultiPoint", coordinates: [
      [Math.min(...lons) - pad, Math.min(...lats) - pad], [Math.max(...lons) + pad, Math.max(...lats) + pad]] };
    await ratlineGeo.draw(svg, data, fit);
    svg.classList.add("ready");
  } catch (err) {
    svg.classList.add("empty");
  }
});
