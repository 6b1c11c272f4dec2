// The routes map (D3 + topojson-client): countries coloured by the firearms they saw leave,
// arrive or stay, and arcs from the country of diversion to the country of recovery, as wide
// as the number of firearms. Country shapes come from the vendored world-atlas (Natural Earth)
// on this same server; the flows and the translated words from the figure's data-* attributes.
(() => {
  const app = document.getElementById("routes-map");
  if (!app || typeof d3 === "undefined" || typeof topojson === "undefined") return;
  const flows = JSON.parse(app.dataset.flows || "[]");
  const totals = JSON.parse(app.dataset.countries || "[]");
  const word = (name, values = {}) =>
    (app.dataset[name] || "").replace(/\{(\w+)\}/g, (_, key) => String(values[key] ?? ""));
  const status = document.getElementById("routes-status");
  const byId = new Map(totals.filter((t) => t.id).map((t) => [t.id, t]));
  const sum = (t) => t.outgoing + t.incoming + t.domestic;
  const MOST_ZOOM = 1600;

  // A country's centre: that of its largest polygon, so France sits in Europe, not the Atlantic.
  function centre(feature) {
    const g = feature.geometry;
    if (!g || g.type !== "MultiPolygon") return d3.geoCentroid(feature);
    const parts = g.coordinates.map((c) => ({ type: "Polygon", coordinates: c }));
    return d3.geoCentroid(parts.reduce((a, b) => (d3.geoArea(a) >= d3.geoArea(b) ? a : b)));
  }

  function draw(world) {
    const width = 960, height = 500;
    const land = topojson.feature(world, world.objects.countries).features;
    const shown = land.filter((f) => byId.has(f.id));
    // Zoom to the countries on the routes (with a margin), the whole world when there are none.
    const focus = shown.length ? { type: "FeatureCollection", features: shown } : { type: "Sphere" };
    const projection = d3.geoNaturalEarth1()
      .fitExtent([[width * 0.22, height * 0.18], [width * 0.78, height * 0.82]], focus);
    if (projection.scale() > MOST_ZOOM) {  // one small country: show its neighbours too
      projection.scale(MOST_ZOOM).center(d3.geoCentroid(focus)).translate([width / 2, height / 2]);
    }
    const path = d3.geoPath(projection);
    const colour = d3.scaleLinear().domain([0, d3.max(totals, sum) || 1])
      .range(["#fde3c4", "#e8873f"]);
    const svg = d3.select(app).insert("svg", ":first-child")
      .attr("viewBox", `0 0 ${width} ${height}`).attr("width", "100%").attr("role", "img");
    svg.append("path").attr("d", path({ type: "Sphere" })).attr("fill", "#eaf2fb");
    svg.append("g").selectAll("path").data(land).join("path").attr("d", path)
      .attr("fill", (f) => (byId.has(f.id) ? colour(sum(byId.get(f.id))) : "#f4f1ea"))
      .attr("stroke", "#b9b2a3").attr("stroke-width", 0.5)
      .append("title").text((f) => (byId.has(f.id) ? word("wordTotals", byId.get(f.id)) : (f.properties || {}).name || ""));
    const centres = new Map(land.map((f) => [f.id, projection(centre(f))]));
    const widest = d3.max(flows, (f) => f.count) || 1;
    const thickness = d3.scaleSqrt().domain([1, widest]).range([2, 12]);
    svg.append("defs").append("marker").attr("id", "routes-arrow").attr("viewBox", "0 0 10 10")
      .attr("refX", 8).attr("refY", 5).attr("markerUnits", "userSpaceOnUse")
      .attr("markerWidth", 14).attr("markerHeight", 14)
      .attr("orient", "auto-start-reverse").append("path").attr("d", "M0,0L10,5L0,10z").attr("fill", "#b3261e");
    const arcs = svg.append("g").attr("fill", "none");
    for (const f of flows) {
      const a = centres.get(f.fromId), b = centres.get(f.toId);
      if (!a || !b) continue;
      const title = `${f.fromName} → ${f.toName}: ${word("wordFirearms", { count: f.count })}`;
      if (f.from === f.to) {
        arcs.append("circle").attr("cx", a[0]).attr("cy", a[1]).attr("r", 4 + thickness(f.count))
          .attr("stroke", "#b3261e").attr("stroke-width", 2).append("title").text(title);
        continue;
      }
      const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
      const bend = 0.25;
      const control = [(a[0] + b[0]) / 2 - dy * bend, (a[1] + b[1]) / 2 + dx * bend];
      arcs.append("path").attr("d", `M${a[0]},${a[1]}Q${control[0]},${control[1]} ${b[0]},${b[1]}`)
        .attr("stroke", "#b3261e").attr("stroke-opacity", 0.8).attr("stroke-linecap", "round")
        .attr("stroke-width", thickness(f.count)).attr("marker-end", "url(#routes-arrow)")
        .append("title").text(title);
    }
    const dots = svg.append("g");
    for (const t of totals) {
      const c = centres.get(t.id);
      if (!c) continue;
      dots.append("circle").attr("cx", c[0]).attr("cy", c[1]).attr("r", 3).attr("fill", "#1b2430");
      dots.append("text").attr("x", c[0] + 5).attr("y", c[1] - 5).attr("font-size", 12)
        .attr("font-weight", 600).attr("fill", "#1b2430").text(t.code);
    }
  }

  fetch(app.dataset.atlas, { credentials: "same-origin" })
    .then((response) => { if (!response.ok) throw new Error(response.statusText); return response.json(); })
    .then(draw)
    .catch(() => { status.textContent = word("wordFailed"); });
})();
