// The live dashboard of a joint operation: listens to the server-sent events of
// /operations/{id}/live/stream and puts each board (figures and words already in the reader's
// language, made by the server) in place without a reload: the tiles' text (with a short
// highlight when a figure changes), the sparkline, the lists, the timeline and the map of posts
// (D3 + topojson-client over the vendored world-atlas, as the traces' routes map).
(() => {
  const root = document.getElementById("live");
  if (!root) return;
  const status = document.getElementById("live-status");
  const first = document.getElementById("live-board");
  let board = first ? JSON.parse(first.textContent || "{}") : {};

  function cell(text, numeric) {
    const td = document.createElement("td");
    if (numeric) td.className = "num";
    td.textContent = text;
    return td;
  }

  function rows(id, items, columns) {
    const body = document.getElementById(id);
    if (!body) return;
    body.replaceChildren(...items.map((item) => {
      const tr = document.createElement("tr");
      columns.forEach(([key, numeric]) => tr.appendChild(cell(item[key] ?? "", numeric)));
      return tr;
    }));
  }

  function sparkline(values) {
    const svg = document.getElementById("sparkline");
    if (!svg || !values || !values.length) return;
    const most = Math.max(1, ...values);
    const step = 300 / Math.max(1, values.length - 1);
    const points = values.map((v, i) => `${(i * step).toFixed(1)},${(38 - (v / most) * 36).toFixed(1)}`);
    let line = svg.querySelector("polyline");
    if (!line) {
      line = document.createElementNS("http://www.w3.org/2000/svg", "polyline");
      line.setAttribute("fill", "none");
      line.setAttribute("stroke", "#1f5fa8");
      line.setAttribute("stroke-width", "2");
      svg.appendChild(line);
    }
    line.setAttribute("points", points.join(" "));
  }

  function timeline(events) {
    const list = document.getElementById("live-timeline");
    if (!list) return;
    if (!events.length) {
      const li = document.createElement("li");
      li.className = "empty";
      li.textContent = list.dataset.empty || "";
      list.replaceChildren(li);
      return;
    }
    const known = new Set([...list.querySelectorAll("li[data-id]")].map((li) => li.dataset.id));
    list.replaceChildren(...events.map((e) => {
      const li = document.createElement("li");
      li.dataset.id = e.id;
      li.className = `event-${e.kind}` + (known.size && !known.has(e.id) ? " changed" : "");
      const time = document.createElement("time");
      time.textContent = e.at;
      li.append(time, " " + e.text);
      return li;
    }));
  }

  function apply(next) {
    for (const [key, text] of Object.entries(next.tiles || {})) {
      const tile = root.querySelector(`[data-tile="${key}"]`);
      const value = tile && tile.querySelector(".tile-value");
      if (!value || value.textContent === text) continue;
      value.textContent = text;
      tile.classList.remove("changed");
      void tile.offsetWidth; // restart the highlight
      tile.classList.add("changed");
    }
    for (const [key, text] of Object.entries(next.minors || {})) {
      const sub = root.querySelector(`[data-minors="${key}"]`);
      if (sub) sub.textContent = text;
    }
    const state = root.querySelector('[data-field="state"]');
    if (state && next.state) state.textContent = next.state;
    sparkline(next.sparkline);
    rows("live-seizures", next.seizures || [], [["label"], ["amount", true]]);
    rows("live-arrests", next.arrests || [], [["label"], ["amount", true]]);
    rows("live-agencies", next.agencies || [],
      [["agency"], ["checked", true], ["hits", true], ["arrests", true], ["results", true]]);
    rows("live-posts", next.posts || [],
      [["name"], ["agency"], ["checkedText", true], ["hits", true], ["results", true]]);
    timeline(next.timeline || []);
    if (status && next.updated) status.textContent = `${status.dataset.wordOn} · ${next.updated}`;
    root.dataset.version = next.version || "";
    board = next;
    map.update(board.posts || []);
  }

  // --- the map of posts ------------------------------------------------------------------
  const map = (() => {
    const figure = document.getElementById("posts-map");
    const none = { update() {} };
    if (!figure || typeof d3 === "undefined" || typeof topojson === "undefined") return none;
    const word = (name, values = {}) =>
      (figure.dataset[name] || "").replace(/\{(\w+)\}/g, (_, key) => String(values[key] ?? ""));
    const width = 960, height = 420;
    let dots = null, projection = null;
    const radius = d3.scaleSqrt().range([4, 26]);

    function draw(world, posts) {
      const placed = posts.filter((p) => p.lat != null && p.lon != null);
      const land = topojson.feature(world, world.objects.countries);
      const focus = placed.length
        ? { type: "MultiPoint", coordinates: placed.map((p) => [p.lon, p.lat]) }
        : { type: "Sphere" };
      projection = d3.geoNaturalEarth1()
        .fitExtent([[width * 0.15, height * 0.15], [width * 0.85, height * 0.85]], focus);
      if (projection.scale() > 2400) {  // one post, or posts close together: show the region
        projection.scale(2400).center(d3.geoCentroid(focus)).translate([width / 2, height / 2]);
      }
      const path = d3.geoPath(projection);
      const svg = d3.select(figure).insert("svg", ":first-child")
        .attr("viewBox", `0 0 ${width} ${height}`).attr("width", "100%").attr("role", "img");
      svg.append("path").attr("d", path({ type: "Sphere" })).attr("fill", "#eaf2fb");
      svg.append("g").selectAll("path").data(land.features).join("path").attr("d", path)
        .attr("fill", "#f4f1ea").attr("stroke", "#b9b2a3").attr("stroke-width", 0.5);
      dots = svg.append("g");
      update(posts);
    }

    function update(posts) {
      if (!dots) return;
      const placed = posts.filter((p) => p.lat != null && p.lon != null);
      radius.domain([0, Math.max(1, ...placed.map((p) => p.checked))]);
      const groups = dots.selectAll("g.post").data(placed, (p) => p.id).join((enter) => {
        const g = enter.append("g").attr("class", "post");
        g.append("circle").attr("fill", "#1f5fa8").attr("fill-opacity", 0.55)
          .attr("stroke", "#13263d").attr("stroke-width", 1).append("title");
        g.append("text").attr("font-size", 12).attr("font-weight", 600).attr("fill", "#1b2430");
        return g;
      });
      groups.each(function (p) {
        const [x, y] = projection([p.lon, p.lat]);
        const g = d3.select(this);
        const r = radius(p.checked);
        g.select("circle").attr("cx", x).attr("cy", y).attr("r", r)
          .select("title").text(word("wordChecked", { name: p.name, checked: p.checkedText, hits: p.hits, results: p.results }));
        g.select("text").attr("x", x + r + 3).attr("y", y + 4).text(`${p.name} · ${p.checkedText}`);
      });
    }

    fetch(figure.dataset.atlas, { credentials: "same-origin" })
      .then((response) => { if (!response.ok) throw new Error(response.statusText); return response.json(); })
      .then((world) => draw(world, board.posts || []))
      .catch(() => {
        const note = document.getElementById("posts-status");
        if (note) note.textContent = word("wordFailed");
      });
    return { update };
  })();

  sparkline(board.sparkline);
  if (typeof EventSource === "undefined") return;
  const source = new EventSource(root.dataset.stream);
  source.addEventListener("open", () => {
    root.dataset.live = "on";
    if (status) status.textContent = status.dataset.wordOn;
  });
  source.addEventListener("error", () => {
    root.dataset.live = "off";
    if (status) status.textContent = status.dataset.wordOff;
  });
  source.addEventListener("snapshot", (event) => {
    try { apply(JSON.parse(event.data)); } catch (e) { /* a torn event: the next one repairs */ }
  });
})();
