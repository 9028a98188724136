// Copies the front-end libraries the web UI uses from node_modules into static/vendor,
// with their licences, so the app serves them itself and works offline (run: npm run build).
import { copyFileSync, mkdirSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const out = join(here, "static", "vendor");
const files = {
  "d3-array/dist/d3-array.min.js": "d3-array.min.js",
  "d3-geo/dist/d3-geo.min.js": "d3-geo.min.js",
  "topojson-client/dist/topojson-client.min.js": "topojson-client.min.js",
  "cytoscape/dist/cytoscape.min.js": "cytoscape.min.js",
  "world-atlas/countries-110m.json": "countries-110m.json",
  "leaflet/dist/leaflet.js": "leaflet.js",
  "leaflet/dist/leaflet.css": "leaflet.css",
  "leaflet.markercluster/dist/leaflet.markercluster.js": "leaflet.markercluster.js",
  "leaflet.markercluster/dist/MarkerCluster.css": "MarkerCluster.css",
  "leaflet.markercluster/dist/MarkerCluster.Default.css": "MarkerCluster.Default.css",
};
const licences = {
  "d3-array": "LICENSE", "d3-geo": "LICENSE", "topojson-client": "LICENSE", cytoscape: "LICENSE",
  "world-atlas": "LICENSE", leaflet: "LICENSE", "leaflet.markercluster": "MIT-LICENCE.txt",
};

mkdirSync(join(out, "licenses"), { recursive: true });
for (const [from, to] of Object.entries(files)) {
  copyFileSync(join(root, "node_modules", from), join(out, to));
}
for (const [name, file] of Object.entries(licences)) {
  const src = join(root, "node_modules", name, file);
  if (existsSync(src)) copyFileSync(src, join(out, "licenses", `${name}.txt`));
}
console.log(`copied ${Object.keys(files).length} files into ${out}`);
