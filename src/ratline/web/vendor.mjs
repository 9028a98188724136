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
};
const licences = ["d3-array", "d3-geo", "topojson-client", "cytoscape", "world-atlas"];

mkdirSync(join(out, "licenses"), { recursive: true });
for (const [from, to] of Object.entries(files)) {
  copyFileSync(join(root, "node_modules", from), join(out, to));
}
for (const name of licences) {
  const src = join(root, "node_modules", name, "LICENSE");
  if (existsSync(src)) copyFileSync(src, join(out, "licenses", `${name}.txt`));
}
console.log(`copied ${Object.keys(files).length} files into ${out}`);
