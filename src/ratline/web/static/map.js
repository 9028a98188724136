// The map page: incidents matching the page's filters as points that cluster when they
// crowd (Leaflet.markercluster), over offline country borders (no tiles), with route
// flows between countries. Every label is set as text, never as markup.
"use strict";
document.addEventListener("DOMContentLoaded", async () => {
  const box = document.getElementById("map");
  const status = document.getElementById("map-status");

  function text(value) {
    const span = document.createElement("span");
    span.textContent = value;
    return span;
  }

  try {
    const [data, topo] = await Promise.all([
      ratlineGeo.getJSON("/api/map?" + ratlineGeo.filterQuery()),
      ratlineGeo.getJSON("/static/vendor/countries-110m.json"),
    ]);
    const map = L.map(box, { minZoom: 1, maxZoom: 9, zoomSnap: 0.5, worldCopyJump: false });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Natural Earth · GeoNames");
    L.geoJSON(topojson.feature(topo, topo.objects.countries), {
      interactive: false, style: { className: "country", weight: 0.6 },
    }).addTo(map);

    const top = Math.max(1, ...data.flows.map((f) => f.incidents));
    const flows = L.layerGroup().addTo(map);
    for (const f of data.flows) {
      L.polyline([[f.from_lat, f.from_lon], [f.to_lat, f.to_lon]], {
        className: "flow", weight: 1.5 + 5 * f.incidents / top,
      }).bindTooltip(text(`${f.from_label} → ${f.to_label}: ${f.incidents} incident(s), ` +
        `strongest evidence: ${f.evidence || "none"}`)).addTo(flows);
    }

    const most = Math.max(1, ...data.points.map((p) => p.incidents));
    const cluster = L.markerClusterGroup({
      showCoverageOnHover: false, maxClusterRadius: 45, spiderfyOnMaxZoom: true,
      // A cluster counts incidents, not points: one point may stand for several.
      iconCreateFunction: (c) => {
        const n = c.getAllChildMarkers().reduce((sum, m) => sum + m.options.incidents, 0);
        const size = n < 10 ? "small" : n < 50 ? "medium" : "large";
        return L.divIcon({ html: `<div><span>${Number(n)}</span></div>`,
          className: `marker-cluster marker-cluster-${size}`, iconSize: L.point(40, 40) });
      },
    });
    const bounds = [];
    for (const p of data.points) {
      const r = (p.precision === "place" ? 5 : 7) + Math.min(10, 2 * Math.sqrt(p.incidents) * Math.min(1, 40 / most));
      const marker = L.circleMarker([p.lat, p.lon], {
        radius: r, incidents: p.incidents,
        className: `point point-${p.precision} ev-${p.evidence || "none"}`,
      });
      const trades = Object.entries(p.trades).map(([t, n]) => `${t} ${n}`).join(", ");
      marker.bindTooltip(text(`${p.label} (${p.precision}): ${p.incidents} incident(s) · ${trades}` +
        ` · strongest evidence: ${p.evidence || "none"}`));
      // One incident opens it; several open the incident list for that country.
      const target = p.incidents === 1 ? "/incidents/" + encodeURIComponent(p.incident)
        : "/incidents?country=" + encodeURIComponent(p.country);
      marker.on("click", () => { window.location.href = target; });
      cluster.addLayer(marker);
      bounds.push([p.lat, p.lon]);
    }
    map.addLayer(cluster);
    for (const f of data.flows) bounds.push([f.from_lat, f.from_lon], [f.to_lat, f.to_lon]);
    if (bounds.length) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 5 });
    else map.setView([20, 10], 1.5);
    const n = data.points.reduce((sum, p) => sum + p.incidents, 0);
    status.textContent = `${n} incident locations at ${data.points.length} points, ${data.flows.length} route flows`;
    box.classList.add("ready");
    window.ratlineMap = { map, cluster };
  } catch (err) {
    status.textContent = "The map could not be drawn: " + err.message;
  }
});
