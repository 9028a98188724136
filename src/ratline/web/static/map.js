// The map page: incidents matching the page's filters, with route flows.
"use strict";
document.addEventListener("DOMContentLoaded", async () => {
  const svg = document.getElementById("map");
  const status = document.getElementById("map-status");
  try {
    const data = await ratlineGeo.getJSON("/api/map?" + ratlineGeo.filterQuery());
    await ratlineGeo.draw(svg, data, null);
    const n = data.points.reduce((sum, p) => sum + p.incidents, 0);
    status.textContent = `${n} incident locations at ${data.points.length} points, ${data.flows.length} route flows`;
    svg.classList.add("ready");
  } catch (err) {
    status.textContent = "The map could not be drawn: " + err.message;
  }
});
