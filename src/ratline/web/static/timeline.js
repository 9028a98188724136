// The timeline page: incidents per year as stacked columns (by trade or by evidence),
// drawn as SVG from /api/timeline; clicking a column segment lists its incidents.
// Text from the data is always set as text, never as markup.
"use strict";
document.addEventListener("DOMContentLoaded", async () => {
  const svg = document.getElementById("timeline-chart");
  const status = document.getElementById("timeline-status");
  const picked = document.getElementById("timeline-picked");
  const pickedTitle = document.getElementById("picked-title");
  const pickedList = document.getElementById("picked-list");
  const { el, getJSON, filterQuery } = window.ratlineGeo;
  const W = 800, H = 200, LEFT = 34, TOP = 8;
  const TRADE = ["#3b6ea5", "#c0504d", "#9bbb59", "#8064a2", "#4bacc6", "#f79646", "#7f7f7f"];
  const LEVEL = { rumor: "#9e9e9e", speculation: "#b39ddb", allegation: "#f0b429", report: "#4e8fd6",
    investigation: "#26a69a", arrest: "#ef8a3c", charge: "#d9534f", conviction: "#8b1a1a",
    denial: "#6d8f3a", unknown: "#bbbbbb" };
  const query = new URLSearchParams(filterQuery());
  query.delete("page");
  let data;
  try {
    data = await getJSON("/api/timeline?" + query.toString());
  } catch (err) {
    status.textContent = "The chart could not be loaded: " + err.message;
    return;
  }

  function colour(stack, key, i) {
    return stack === "by_trade" ? TRADE[i % TRADE.length] : (LEVEL[key] || "#bbbbbb");
  }

  function draw(stack) {
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    const years = data.years;
    const keys = stack === "by_trade" ? data.trades : data.levels;
    if (!years.length) {
      status.textContent = "No incident in the selection has a year.";
      return;
    }
    const top = Math.max(1, ...years.map((y) => y.count));
    const step = (W - LEFT) / years.length;
    el("line", { x1: LEFT, y1: TOP + H, x2: W, y2: TOP + H, class: "tl-axis" }, svg);
    el("text", { x: LEFT - 4, y: TOP + 10, class: "chart-axis tl-max" }, svg).textContent = String(top);
    years.forEach((y, i) => {
      const x = LEFT + i * step + 1;
      let base = TOP + H;
      keys.forEach((key, k) => {
        const n = y[stack][key] || 0;
        if (!n) return;
        const h = H * n / top;
        base -= h;
        const bar = el("rect", { x: x.toFixed(1), y: base.toFixed(1), width: Math.max(step - 2, 1).toFixed(1),
          height: h.toFixed(1), fill: colour(stack, key, k), class: "tl-bar" }, svg);
        bar.dataset.year = y.year;
        bar.dataset.key = key;
        bar.dataset.stack = stack;
        el("title", {}, bar).textContent = `${y.year}: ${n} ${key}`;
        bar.addEventListener("click", () => list(y.year, stack, key));
      });
      el("text", { x: (x + step / 2).toFixed(1), y: TOP + H + 14, class: "chart-axis" }, svg).textContent = String(y.year);
    });
    const legend = el("g", { class: "tl-legend" }, svg);
    keys.forEach((key, k) => {
      const lx = LEFT + k * 78;
      el("rect", { x: lx, y: TOP + H + 22, width: 10, height: 10, fill: colour(stack, key, k) }, legend);
      el("text", { x: lx + 14, y: TOP + H + 31, class: "chart-label" }, legend).textContent = key;
    });
    status.textContent = `${years.reduce((s, y) => s + y.count, 0)} dated incidents in ${years.length} years`;
  }

  async function list(year, stack, key) {
    const params = new URLSearchParams(query);
    params.set("year", year);
    params.set("limit", "500");
    picked.hidden = false;
    pickedTitle.textContent = `${year} · ${key}`;
    while (pickedList.firstChild) pickedList.removeChild(pickedList.firstChild);
    let found;
    try {
      found = await getJSON("/api/incidents?" + params.toString());
    } catch (err) {
      pickedTitle.textContent = "The incidents could not be loaded: " + err.message;
      return;
    }
    const field = stack === "by_trade" ? "trade" : "evidence";
    for (const inc of found.incidents.filter((i) => (i[field] || "unknown") === key)) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = "/incidents/" + encodeURIComponent(inc.id);
      a.textContent = inc.title || inc.id;
      const meta = document.createElement("span");
      meta.className = "muted";
      meta.textContent = ` ${inc.trade || ""} · evidence: ${inc.evidence || "none"}`;
      li.append(a, meta);
      pickedList.appendChild(li);
    }
    picked.dataset.year = year;
    picked.dataset.key = key;
    picked.classList.add("ready");
  }

  for (const button of document.querySelectorAll(".tl-stack")) {
    button.addEventListener("click", () => {
      for (const b of document.querySelectorAll(".tl-stack")) b.classList.toggle("on", b === button);
      draw(button.dataset.stack);
    });
  }
  draw("by_trade");
  svg.classList.add("ready");
});
