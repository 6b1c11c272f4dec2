// The link chart of an analysis file (Cytoscape.js). The server computes everything (the view
// under a filter, measures, communities, ranks, paths); this file draws it and lets the analyst
// expand, filter, find paths, pin, save the layout and export PNG or SVG. Words come translated
// from the page's data-* attributes.
(() => {
  const app = document.getElementById("chart-app");
  if (!app || typeof cytoscape === "undefined") return;
  const fileId = app.dataset.file;
  const base = `/files/${fileId}`;
  const word = (name, values = {}) =>
    (app.dataset[name] || "").replace(/\{(\w+)\}/g, (_, key) => String(values[key] ?? ""));
  const names = Object.fromEntries(
    (app.dataset.kinds || "").split("|").filter(Boolean).map((pair) => pair.split("=")),
  );
  const measureNames = Object.fromEntries(
    (app.dataset.measures || "").split("|").filter(Boolean).map((pair) => pair.split("=")),
  );
  const $ = (id) => document.getElementById(id);
  const status = $("chart-status");
  const say = (text) => { status.textContent = text; };

  const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
    "#17becf", "#bcbd22", "#7f7f7f", "#393b79", "#637939"];
  const KIND_COLOURS = { person: "#1f77b4", organisation: "#9467bd", phone: "#2ca02c",
    vehicle: "#8c564b", account: "#ff7f0e", address: "#7f7f7f", document: "#17becf",
    event: "#d62728", firearm: "#393b79" };
  const SHAPES = { person: "ellipse", organisation: "round-rectangle", phone: "diamond",
    vehicle: "rectangle", account: "hexagon", address: "triangle", document: "round-tag",
    event: "star", firearm: "vee" };

  const cy = cytoscape({
    container: $("chart"),
    wheelSensitivity: 0.3,
    minZoom: 0.05,
    maxZoom: 4,
    style: [
      { selector: "node", style: {
        label: "", "font-size": 12, "text-valign": "bottom", "text-margin-y": 3,
        "text-wrap": "ellipsis", "text-max-width": 160, width: "data(size)", height: "data(size)",
        "background-color": "data(colour)", shape: "data(shape)", "border-width": 1,
        "border-color": "#ffffff", color: "#1b2430", "text-outline-color": "#ffffff",
        "text-outline-width": 2, "text-outline-opacity": 0.9 } },
      { selector: "node.named, node:selected, node.path", style: { label: "data(label)",
        "z-index": 10 } },
      { selector: "node.pinned", style: { "border-width": 3, "border-color": "#1b2430",
        "border-style": "double" } },
      { selector: "node:selected", style: { "border-width": 4, "border-color": "#f0a202" } },
      { selector: "edge", style: {
        width: "data(width)", "line-color": "#9aa5b3", "curve-style": "bezier", opacity: 0.8,
        "target-arrow-color": "#9aa5b3" } },
      { selector: "edge[?directed]", style: { "target-arrow-shape": "triangle" } },
      { selector: "edge[?weak]", style: { "line-style": "dashed" } },
      { selector: "edge:selected", style: { label: "data(caption)", "font-size": 9,
        "line-color": "#0b5cab", "text-background-color": "#fff", "text-background-opacity": 1 } },
      { selector: ".faded", style: { opacity: 0.15 } },
      { selector: "node.path", style: { "border-width": 4, "border-color": "#d62728", opacity: 1 } },
      { selector: "edge.path", style: { "line-color": "#d62728", "target-arrow-color": "#d62728",
        width: 4, opacity: 1 } },
    ],
  });

  // --- styling by measure or community -------------------------------------------------------
  function restyle() {
    const measure = $("chart-size").value;
    const key = measure === "score" ? "score" : `m_${measure}`;
    const values = cy.nodes().map((n) => Number(n.data(key)) || 0);
    const low = values.length ? Math.min(...values) : 0;
    const span = (values.length ? Math.max(...values) : 0) - low || 1;
    const byKind = $("chart-colour").value === "kind";
    cy.batch(() => cy.nodes().forEach((n) => {
      const value = (Number(n.data(key)) || 0) - low;
      n.data("size", 14 + 46 * Math.sqrt(value / span));
      const community = Number(n.data("community"));
      n.data("colour", byKind ? (KIND_COLOURS[n.data("kind")] || "#5b6675")
        : community >= 0 ? PALETTE[community % PALETTE.length] : "#5b6675");
      n.data("shape", SHAPES[n.data("kind")] || "ellipse");
    }));
    legend();
  }

  // --- names readable at any zoom ----------------------------------------------------------
  // A name is drawn at LABEL_PX screen pixels whatever the zoom (its size in the model grows as
  // the chart zooms out); zoomed out, only the best-ranked are named so that names do not pile
  // up (LABELS of them at the zoom that fits the whole chart, more as one zooms in, all from
  // 100%). The selected entity and a highlighted path are always named.
  const LABEL_PX = 12;
  const LABELS = 15;
  let fitZoom = 1;
  let labelFrame = 0;
  function labels() {
    labelFrame = 0;
    const zoom = cy.zoom();
    const scale = 1 / Math.max(zoom, 0.05);
    const shown = zoom >= 1 ? Infinity
      : Math.max(LABELS, Math.round(LABELS * (zoom / Math.max(fitZoom, 0.05)) ** 2));
    cy.batch(() => {
      cy.style().selector("node").style({ "font-size": LABEL_PX * scale,
        "text-outline-width": 2 * scale, "text-margin-y": 3 * scale,
        "text-max-width": 160 * scale }).update();
      cy.nodes().forEach((n) => {
        const rank = Number(n.data("rank")) || Infinity;
        n.toggleClass("named", rank <= shown);
      });
    });
  }
  const relabel = () => { if (!labelFrame) labelFrame = requestAnimationFrame(labels); };
  cy.on("zoom", relabel);
  function fit() {
    cy.fit(undefined, 30);
    fitZoom = cy.zoom();
    labels();
  }

  // --- the legend: what colour, size, shape and line mean -----------------------------------
  const SVG = "http://www.w3.org/2000/svg";
  const POINTS = { diamond: "8,1 15,8 8,15 1,8", triangle: "8,1 15,15 1,15",
    hexagon: "4,1 12,1 15,8 12,15 4,15 1,8", vee: "1,1 8,6 15,1 8,15",
    star: "8,1 10,6 15,6 11,9 13,15 8,11 3,15 5,9 1,6 6,6", "round-tag": "1,1 11,1 15,8 11,15 1,15" };
  function swatch(colour, shape = "ellipse") {
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("width", "16");
    svg.setAttribute("height", "16");
    svg.setAttribute("aria-hidden", "true");
    let mark;
    if (POINTS[shape]) {
      mark = document.createElementNS(SVG, "polygon");
      mark.setAttribute("points", POINTS[shape]);
    } else if (shape === "ellipse") {
      mark = document.createElementNS(SVG, "circle");
      mark.setAttribute("cx", "8"); mark.setAttribute("cy", "8"); mark.setAttribute("r", "7");
    } else {
      mark = document.createElementNS(SVG, "rect");
      mark.setAttribute("x", "1"); mark.setAttribute("y", "2");
      mark.setAttribute("width", "14"); mark.setAttribute("height", "12");
      if (shape === "round-rectangle") mark.setAttribute("rx", "4");
    }
    mark.setAttribute("fill", colour);
    svg.append(mark);
    return svg;
  }
  function entry(list, mark, text) {
    const item = document.createElement("li");
    const label = document.createElement("span");
    label.textContent = text;
    item.append(mark, label);
    list.append(item);
  }
  function legend() {
    const box = $("chart-legend");
    if (!box) return;
    const byKind = $("chart-colour").value === "kind";
    const measure = $("chart-size").value;
    $("chart-legend-size").textContent = word("msgSize", {
      measure: measureNames[measure] || measure });
    const colours = $("chart-legend-colours");
    colours.replaceChildren();
    $("chart-legend-colour-title").textContent = byKind ? word("wordKind") : word("wordCommunity");
    if (byKind) {
      const kinds = [...new Set(cy.nodes().map((n) => n.data("kind")))].sort();
      kinds.forEach((kind) => entry(colours, swatch(KIND_COLOURS[kind] || "#5b6675"),
        names[kind] || kind));
    } else {
      const groups = new Map();
      cy.nodes().forEach((n) => {
        const c = Number(n.data("community"));
        if (c < 0) return;
        const best = groups.get(c);
        if (!best || (Number(n.data("rank")) || Infinity) < (Number(best.data("rank")) || Infinity)) {
          groups.set(c, n);
        }
      });
      [...groups.keys()].sort((a, b) => a - b).slice(0, PALETTE.length).forEach((c) =>
        entry(colours, swatch(PALETTE[c % PALETTE.length]), word("msgCommunity", {
          number: c, name: groups.get(c).data("label") })));
    }
    const shapes = $("chart-legend-shapes");
    shapes.replaceChildren();
    const kinds = [...new Set(cy.nodes().map((n) => n.data("kind")))].sort();
    kinds.forEach((kind) => entry(shapes, swatch("#5b6675", SHAPES[kind] || "ellipse"),
      names[kind] || kind));
  }

  function prepare(element) {
    const data = element.data;
    if (data.source) {
      data.width = 1 + Math.min(5, Math.log2(1 + (Number(data.weight) || 1)));
      const when = data.start ? ` ${data.start}${data.end && data.end !== data.start ? `–${data.end}` : ""}` : "";
      const amount = data.amount != null ? ` ${data.amount} ${data.currency || ""}` : "";
      data.caption = `${names[data.kind] || data.kind}${amount}${when} (${data.grading})`;
    } else {
      data.size = 20; data.colour = "#5b6675"; data.shape = "ellipse";
    }
    return element;
  }

  function counted() {
    say(word("msgShown", { nodes: cy.nodes().length, links: cy.edges().length }));
    const list = $("chart-names");
    list.replaceChildren(...cy.nodes().map((n) => {
      const option = document.createElement("option");
      option.value = n.data("label");
      return option;
    }));
  }

  // --- loading -------------------------------------------------------------------------------
  function query(extra = {}) {
    const form = new FormData($("chart-filter"));
    const params = new URLSearchParams();
    for (const name of ["since", "until", "reliability", "information"]) {
      if (form.get(name)) params.set(name, form.get(name));
    }
    const kinds = form.getAll("kinds");
    const all = document.querySelectorAll("#chart-filter input[name=kinds]").length;
    if (kinds.length && kinds.length < all) params.set("kinds", kinds.join(","));
    for (const [name, value] of Object.entries(extra)) if (value) params.set(name, value);
    return params.toString();
  }

  async function fetchView(extra) {
    const response = await fetch(`${base}/chart.json?${query(extra)}`, {
      headers: { Accept: "application/json" }, credentials: "same-origin" });
    if (!response.ok) throw new Error(String(response.status));
    return response.json();
  }

  function layoutNew(nodes, around) {
    if (!nodes.length) return;
    const centre = around ? around.position() : { x: 0, y: 0 };
    const radius = 80 + 12 * nodes.length;
    nodes.forEach((n, i) => {
      const angle = (2 * Math.PI * i) / nodes.length;
      n.position({ x: centre.x + radius * Math.cos(angle), y: centre.y + radius * Math.sin(angle) });
    });
  }

  function relayout(fit = true) {
    cy.layout({ name: "cose", animate: false, fit, randomize: false, nodeDimensionsIncludeLabels: true,
      idealEdgeLength: () => 80, nodeRepulsion: () => 8000 }).run();
  }

  async function load(extra = {}) {
    say(word("msgLoading"));
    let view;
    try {
      view = await fetchView(extra);
    } catch (error) {
      say(word("msgFailed"));
      return;
    }
    const before = new Map(cy.nodes().map((n) => [n.id(), n.position()]));
    cy.elements().remove();
    cy.add([...view.nodes.map(prepare), ...view.edges.map(prepare)]);
    let placed = 0;
    for (const node of view.nodes) {
      const n = cy.getElementById(node.data.id);
      // The server's position first: the saved layout, or the seeded one (the same on every
      // load); an entity it does not place keeps where it was on the chart.
      const known = node.position || before.get(node.data.id);
      if (known) { n.position(known); placed += 1; }
      if (node.pinned) { n.addClass("pinned"); n.lock(); }
    }
    restyle();
    if (placed < view.nodes.length) {  // a few new entities go round; many, a new layout
      if (2 * placed >= view.nodes.length) {
        layoutNew(cy.nodes().filter((n) => !before.has(n.id()) && !n.locked()));
      } else relayout();
    }
    fit();
    counted();
  }

  async function expand(node) {
    if (!node) return;
    let view;
    try {
      view = await fetchView({ around: node.id(), depth: 1 });
    } catch (error) {
      say(word("msgFailed"));
      return;
    }
    const fresh = view.nodes.filter((n) => cy.getElementById(n.data.id).empty());
    const added = cy.add(fresh.map(prepare));
    cy.add(view.edges.filter((e) => cy.getElementById(e.data.id).empty()).map(prepare));
    layoutNew(added, node);
    restyle();
    labels();
    counted();
    say(fresh.length ? word("msgAdded", { count: fresh.length }) : word("msgNothing"));
    return fresh.length;
  }

  // --- selection and the side panel ----------------------------------------------------------
  let selected = null;
  let pathFrom = null;
  let pathTo = null;

  function fact(list, name, value) {
    const dt = document.createElement("dt");
    dt.textContent = name;
    const dd = document.createElement("dd");
    dd.textContent = value;
    list.append(dt, dd);
  }

  const fmt = (value) => (Number(value) || 0).toLocaleString(document.documentElement.lang,
    { maximumFractionDigits: 3 });

  function show(node) {
    selected = node;
    const panel = $("chart-selected");
    if (!node) { panel.hidden = true; return; }
    panel.hidden = false;
    $("chart-selected-title").textContent = node.data("label");
    const facts = $("chart-facts");
    facts.replaceChildren();
    fact(facts, word("wordKind"), names[node.data("kind")] || node.data("kind"));
    if (node.data("rank")) fact(facts, word("wordRank"), String(node.data("rank")));
    fact(facts, word("wordScore"), fmt(node.data("score")));
    if (Number(node.data("community")) >= 0) fact(facts, word("wordCommunity"), String(node.data("community")));
    fact(facts, word("wordLinks"), String(node.connectedEdges().length));
    for (const [key, value] of Object.entries(node.data())) {
      if (key.startsWith("m_")) fact(facts, measureNames[key.slice(2)] || key.slice(2), fmt(value));
    }
    $("chart-open").href = `${base}/entities/${node.id()}`;
    $("chart-pin").setAttribute("aria-pressed", node.locked() ? "true" : "false");
  }

  cy.on("select", "node", (event) => show(event.target));
  cy.on("unselect", "node", () => { if (!cy.$("node:selected").length) show(null); });
  cy.on("dbltap", "node", (event) => expand(event.target));

  function choose(node) {
    cy.$(":selected").unselect();
    node.select();
    cy.animate({ center: { eles: node }, zoom: Math.max(cy.zoom(), 1) }, { duration: 200 });
    show(node);
  }

  $("chart-find").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = $("chart-find-name").value.trim().toLowerCase();
    if (!text) return;
    const nodes = cy.nodes();
    const node = nodes.filter((n) => n.data("label").toLowerCase() === text)[0] ||
      nodes.filter((n) => n.data("label").toLowerCase().includes(text))[0];
    if (node) choose(node); else say(word("msgNotFound"));
  });

  $("chart-expand").addEventListener("click", () => expand(selected));
  $("chart-pin").addEventListener("click", () => {
    if (!selected) return;
    if (selected.locked()) { selected.unlock(); selected.removeClass("pinned"); }
    else { selected.lock(); selected.addClass("pinned"); }
    show(selected);
  });
  $("chart-start").addEventListener("click", () => {
    if (!selected) return;
    pathFrom = selected.id();
    $("chart-path-from").textContent = selected.data("label");
  });
  $("chart-end").addEventListener("click", () => {
    if (!selected) return;
    pathTo = selected.id();
    $("chart-path-to").textContent = selected.data("label");
  });

  // --- paths ---------------------------------------------------------------------------------
  function clearPath() {
    cy.elements().removeClass("path faded");
  }

  function highlight(path) {
    clearPath();
    let eles = cy.collection();
    path.forEach((id, i) => {
      eles = eles.union(cy.getElementById(id));
      if (i > 0) {
        const a = path[i - 1];
        eles = eles.union(cy.edges().filter((e) =>
          (e.data("source") === a && e.data("target") === id) ||
          (e.data("source") === id && e.data("target") === a)));
      }
    });
    cy.elements().not(eles).addClass("faded");
    eles.addClass("path");
    cy.animate({ fit: { eles, padding: 60 } }, { duration: 250 });
  }

  $("chart-find-paths").addEventListener("click", async () => {
    const list = $("chart-path-list");
    list.replaceChildren();
    clearPath();
    if (!pathFrom || !pathTo) { say(word("msgChooseTwo")); return; }
    const params = new URLSearchParams({ source: pathFrom, target: pathTo,
      time_ordered: $("chart-time-ordered").checked ? "true" : "false" });
    const response = await fetch(`${base}/paths.json?${params}`, { credentials: "same-origin" });
    if (!response.ok) { say(word("msgFailed")); return; }
    const { paths } = await response.json();
    if (!paths.length) { say(word("msgNoPath")); return; }
    const missing = [...new Set(paths.flat())].filter((id) => cy.getElementById(id).empty());
    if (missing.length) {  // entities of the path that the chart does not show yet
      const view = await fetchView({ around: missing.join(","), depth: 1 });
      const added = cy.add(view.nodes.filter((n) => cy.getElementById(n.data.id).empty()).map(prepare));
      cy.add(view.edges.filter((e) => cy.getElementById(e.data.id).empty()).map(prepare));
      layoutNew(added, cy.getElementById(pathFrom));
      restyle();
      counted();
    }
    paths.forEach((path, i) => {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "link-button";
      button.textContent = path.map((id) => cy.getElementById(id).data("label") || `#${id}`).join(" → ");
      button.addEventListener("click", () => highlight(path));
      item.append(button);
      list.append(item);
      if (i === 0) highlight(path);
    });
    say(word("msgPath", { num: 1, steps: paths[0].length - 1 }));
  });

  // --- filter, style, layout, export ---------------------------------------------------------
  const around = app.dataset.around;
  $("chart-filter").addEventListener("submit", (event) => {
    event.preventDefault();
    load(around ? { around, depth: 1 } : {});
  });
  $("chart-reset").addEventListener("click", () => load());
  $("chart-size").addEventListener("change", restyle);
  $("chart-colour").addEventListener("change", restyle);
  $("chart-fit").addEventListener("click", fit);
  $("chart-relayout").addEventListener("click", () => relayout());
  cy.on("tap", (event) => { if (event.target === cy) clearPath(); });

  const save = $("chart-save");
  if (save) save.addEventListener("click", async () => {
    const positions = {};
    cy.nodes().forEach((n) => { positions[n.id()] = n.position(); });
    const pinned = cy.nodes(".pinned").map((n) => n.id());
    const response = await fetch(`${base}/layout`, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": app.dataset.csrf },
      body: JSON.stringify({ positions, pinned }),
    });
    say(response.ok ? word("msgSaved") : word("msgSaveFailed"));
  });

  function download(blob, name) {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.append(link);
    link.click();
    setTimeout(() => { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  }

  $("chart-png").addEventListener("click", () =>
    download(cy.png({ output: "blob", full: true, scale: 2, bg: "#ffffff" }), `file-${fileId}-chart.png`));
  $("chart-svg").addEventListener("click", () => {
    if (typeof cy.svg !== "function") return;
    const svg = cy.svg({ full: true, bg: "#ffffff" });
    download(new Blob([svg], { type: "image/svg+xml" }), `file-${fileId}-chart.svg`);
  });

  // For the page's tests and for people who script their browser: the chart itself.
  app.cy = cy;
  load(around ? { around, depth: 1 } : {}).then(() => {
    if (around) {
      const first = cy.getElementById(around.split(",")[0]);
      if (first.nonempty()) choose(first);
    }
  });
})();
