// The charts of the trace statistics page (D3): bars by country, top makes, types and
// calibres, the source x recovery heatmap and the indicators by month. The numbers and their
// labels (already translated) come from the page's data-stats attribute; the tables beside
// each chart hold the same figures for screen readers and for copying.
(() => {
  const app = document.getElementById("trace-charts");
  if (!app || typeof d3 === "undefined") return;
  const data = JSON.parse(app.dataset.stats || "{}");
  const word = (name) => app.dataset[name] || "";
  const BLUE = "#0b5cab";
  const PALETTE = ["#0b5cab", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"];
  const cut = (text, size = 22) => (text.length > size ? `${text.slice(0, size - 1)}…` : text);

  // Horizontal bars, one row per item; several values per row are drawn side by side.
  function bars(id, items, series, width = 460) {
    const box = document.getElementById(id);
    if (!box || !items.length) return;
    const left = width > 400 ? 140 : 110, right = 30, row = 8 + 12 * series.length;
    const height = row * items.length + 30;
    const top = d3.max(items, (d) => d3.max(series, (s) => s.value(d))) || 1;
    const x = d3.scaleLinear().domain([0, top]).range([left, width - right]);
    const svg = d3.select(box).append("svg").attr("viewBox", `0 0 ${width} ${height}`)
      .attr("width", "100%").attr("role", "img");
    const rows = svg.selectAll("g.row").data(items).join("g").attr("class", "row")
      .attr("transform", (_, i) => `translate(0,${i * row})`);
    rows.append("text").attr("x", left - 6).attr("y", row / 2 + 4).attr("text-anchor", "end")
      .attr("font-size", 11).text((d) => cut(d.label));
    series.forEach((s, k) => {
      const g = rows.append("g").attr("transform", `translate(0,${4 + 12 * k})`);
      g.append("rect").attr("x", left).attr("height", 10).attr("fill", s.colour)
        .attr("width", (d) => Math.max(0, x(s.value(d)) - left))
        .append("title").text((d) => `${d.label} · ${s.name}: ${s.format(s.value(d))}`);
      g.append("text").attr("x", (d) => x(s.value(d)) + 4).attr("y", 9).attr("font-size", 10)
        .text((d) => s.format(s.value(d)));
    });
    if (series.length > 1) {
      const legend = svg.append("g").attr("transform", `translate(${left},${height - 14})`);
      series.forEach((s, k) => {
        legend.append("rect").attr("x", k * 110).attr("width", 10).attr("height", 10).attr("fill", s.colour);
        legend.append("text").attr("x", k * 110 + 14).attr("y", 9).attr("font-size", 11).text(s.name);
      });
    }
  }

  const plain = (v) => String(v);
  const count = (name, colour = BLUE) => ({ name, colour, value: (d) => d.value, format: plain });
  const pairs = (list) => (list || []).map(([label, value]) => ({ label, value }));

  bars("chart-countries", (data.countries || []).map((c) => ({ label: c.name, ...c })), [
    { name: word("wordSent"), colour: PALETTE[0], value: (d) => d.sent, format: plain },
    { name: word("wordReceived"), colour: PALETTE[3], value: (d) => d.received, format: plain },
  ]);
  bars("chart-makes", pairs(data.makes), [count(word("wordTraces"))], 300);
  bars("chart-types", pairs(data.types), [count(word("wordTraces"), PALETTE[4])], 300);
  bars("chart-calibres", pairs(data.calibres), [count(word("wordTraces"), PALETTE[2])], 300);

  // The source x recovery matrix as a heatmap, the count in each cell.
  (() => {
    const box = document.getElementById("chart-matrix");
    const m = data.matrix || {};
    if (!box || !(m.rows || []).length) return;
    const cell = 36, left = 70, head = 40;
    const width = Math.max(260, left + cell * m.columns.length + 10);
    const height = head + cell * m.rows.length + 10;
    const top = d3.max(m.rows, (r) => d3.max(m.columns, (c) => (m.cells[r] || {})[c] || 0)) || 1;
    const shade = d3.scaleSequential(d3.interpolateBlues).domain([0, top]);
    const svg = d3.select(box).append("svg").attr("viewBox", `0 0 ${width} ${height}`)
      .attr("width", Math.min(width * 1.3, 560)).attr("role", "img");
    svg.append("text").attr("x", left).attr("y", 12).attr("font-size", 11).attr("fill", "#5b6675")
      .text(`${word("wordRecovered")} →`);
    svg.append("text").attr("x", 2).attr("y", head - 6).attr("font-size", 11).attr("fill", "#5b6675")
      .text(`${word("wordSource")} ↓`);
    m.columns.forEach((c, i) => svg.append("text").attr("x", left + i * cell + cell / 2)
      .attr("y", head - 6).attr("text-anchor", "middle").attr("font-size", 11).text(c));
    m.rows.forEach((r, j) => {
      svg.append("text").attr("x", left - 6).attr("y", head + j * cell + cell / 2 + 4)
        .attr("text-anchor", "end").attr("font-size", 11).text(r);
      m.columns.forEach((c, i) => {
        const value = (m.cells[r] || {})[c] || 0;
        svg.append("rect").attr("x", left + i * cell).attr("y", head + j * cell)
          .attr("width", cell - 2).attr("height", cell - 2).attr("fill", value ? shade(value) : "#f4f6f8")
          .attr("stroke", "#d5dbe3").append("title").text(`${r} → ${c}: ${value}`);
        if (value) {
          svg.append("text").attr("x", left + i * cell + cell / 2 - 1)
            .attr("y", head + j * cell + cell / 2 + 4).attr("text-anchor", "middle")
            .attr("font-size", 11).attr("fill", value / top > 0.5 ? "#fff" : "#1b2430").text(value);
        }
      });
    });
  })();

  // Indicators over time: one line per indicator, months along the bottom.
  (() => {
    const box = document.getElementById("chart-indicators");
    const months = data.months || [], series = data.series || [];
    if (!box || !months.length || !series.length) return;
    const width = 520, height = 200, left = 30, bottom = 24, legend = 16 * series.length;
    const x = d3.scalePoint().domain(months).range([left + 10, width - 20]);
    const top = d3.max(series, (s) => d3.max(s.counts)) || 1;
    const y = d3.scaleLinear().domain([0, top]).nice().range([height - bottom, 10]);
    const svg = d3.select(box).append("svg").attr("viewBox", `0 0 ${width} ${height + legend}`)
      .attr("width", "100%").attr("role", "img");
    svg.append("g").attr("transform", `translate(0,${height - bottom})`).call(d3.axisBottom(x)
      .tickValues(months.filter((_, i) => i % Math.max(1, Math.ceil(months.length / 8)) === 0)));
    svg.append("g").attr("transform", `translate(${left},0)`).call(d3.axisLeft(y).ticks(Math.min(top, 5)).tickFormat(d3.format("d")));
    series.forEach((s, k) => {
      const colour = PALETTE[k % PALETTE.length];
      const points = s.counts.map((n, i) => [x(months[i]), y(n)]);
      svg.append("path").attr("d", d3.line()(points)).attr("fill", "none").attr("stroke", colour).attr("stroke-width", 2);
      svg.append("g").selectAll("circle").data(s.counts).join("circle")
        .attr("cx", (_, i) => x(months[i])).attr("cy", (n) => y(n)).attr("r", 3).attr("fill", colour)
        .append("title").text((n, i) => `${s.name} · ${months[i]}: ${n}`);
      svg.append("rect").attr("x", left).attr("y", height + 4 + 16 * k).attr("width", 10).attr("height", 10).attr("fill", colour);
      svg.append("text").attr("x", left + 14).attr("y", height + 13 + 16 * k).attr("font-size", 11).text(s.name);
    });
  })();
})();
