/* Draw the stance network and the maps from their JSON data, with d3 and topojson-client.
 * Every picture's data is also a table in the page, so nothing here is needed to read it;
 * labels reach the SVG as text (d3's .text), never as markup. */
(function () {
  "use strict";

  async function getJson(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(url + " answered " + response.status);
    return response.json();
  }

  function svgIn(element, width, height) {
    return d3.select(element).append("svg")
      .attr("viewBox", "0 0 " + width + " " + height)
      .attr("preserveAspectRatio", "xMidYMid meet")
      .attr("focusable", "false");
  }

  /* Actors are nodes, stances directed edges: coloured by polarity, thicker with their count. */
  function drawNetwork(element, rows) {
    const nodes = new Map();
    for (const row of rows) {
      for (const [iri, label] of [[row.holder, row.holder_label], [row.target, row.target_label]]) {
        if (!nodes.has(iri)) nodes.set(iri, { id: iri, label: label, weight: 0 });
        nodes.get(iri).weight += row.count;
      }
    }
    const links = rows.map((row) => ({ source: row.holder, target: row.target,
                                       polarity: row.polarity, count: row.count }));
    const width = Math.max(320, element.clientWidth || 640);
    const height = Math.round(Math.min(560, Math.max(300, width * 0.6)));
    const radius = (node) => 5 + Math.sqrt(node.weight) * 2;
    // A fixed number of ticks, run before drawing: the same data gives the same picture.
    const simulation = d3.forceSimulation([...nodes.values()])
      .force("link", d3.forceLink(links).id((node) => node.id).distance(110))
      .force("charge", d3.forceManyBody().strength(-320))
      .force("center", d3.forceCenter(width / 2, height / 2))
      .force("collide", d3.forceCollide((node) => radius(node) + 14))
      .stop();
    simulation.tick(300);
    for (const node of nodes.values()) {
      node.x = Math.max(40, Math.min(width - 40, node.x));
      node.y = Math.max(20, Math.min(height - 20, node.y));
    }
    const svg = svgIn(element, width, height).attr("class", "network-svg");
    const defs = svg.append("defs");
    for (const polarity of ["support", "oppose", "neutral"]) {
      defs.append("marker").attr("id", "arrow-" + polarity).attr("class", "arrow " + polarity)
        .attr("viewBox", "0 -5 10 10").attr("refX", 10).attr("markerWidth", 6)
        .attr("markerHeight", 6).attr("orient", "auto")
        .append("path").attr("d", "M0,-5L10,0L0,5");
    }
    svg.append("g").selectAll("line").data(links).join("line")
      .attr("class", (link) => "edge " + link.polarity)
      .attr("data-holder", (link) => link.source.id)
      .attr("data-target", (link) => link.target.id)
      .attr("data-polarity", (link) => link.polarity)
      .attr("data-count", (link) => link.count)
      .attr("stroke-width", (link) => 1 + Math.sqrt(link.count) * 1.5)
      .attr("marker-end", (link) => "url(#arrow-" + link.polarity + ")")
      .each(function (link) {
        // End the arrow at the target's rim, not its centre.
        const dx = link.target.x - link.source.x, dy = link.target.y - link.source.y;
        const length = Math.hypot(dx, dy) || 1, cut = radius(link.target) + 2;
        d3.select(this).attr("x1", link.source.x).attr("y1", link.source.y)
          .attr("x2", link.target.x - dx / length * cut).attr("y2", link.target.y - dy / length * cut);
      })
      .append("title").text((link) => link.source.label + " " + link.polarity + " " +
                                      link.target.label + ": " + link.count);
    const node = svg.append("g").selectAll("g").data([...nodes.values()]).join("g")
      .attr("class", "node").attr("data-iri", (n) => n.id)
      .attr("transform", (n) => "translate(" + n.x + "," + n.y + ")");
    node.append("circle").attr("r", radius);
    node.append("text").attr("dy", (n) => -radius(n) - 3).attr("text-anchor", "middle")
      .text((n) => n.label);
    node.append("title").text((n) => n.label);
    element.dataset.drawn = "true";
  }

  async function drawWorld(element) {
    const atlas = await getJson(element.dataset.atlas);
    const features = topojson.feature(atlas, atlas.objects.countries).features;
    const width = Math.max(320, element.clientWidth || 640);
    const height = Math.round(width * 0.52);
    const projection = d3.geoNaturalEarth1().fitSize([width, height], { type: "Sphere" });
    const svg = svgIn(element, width, height).attr("class", "map-svg");
    const paths = svg.append("g").selectAll("path").data(features).join("path")
      .attr("class", "country").attr("data-numeric", (f) => f.id || "")
      .attr("d", d3.geoPath(projection));
    paths.append("title").text((f) => f.properties.name);
    return paths;
  }

  /* The home page: every country shaded by the stances it holds and receives. */
  async function drawChoropleth(element, rows) {
    const paths = await drawWorld(element);
    const byNumeric = new Map(rows.filter((r) => r.numeric).map((r) => [r.numeric, r]));
    const max = d3.max(rows, (r) => r.held + r.received) || 1;
    const shade = d3.scaleSequential(d3.interpolateBlues).domain([0, Math.log1p(max)]);
    paths.each(function (feature) {
      const row = byNumeric.get(feature.id);
      const count = row ? row.held + row.received : 0;
      const path = d3.select(this).attr("data-count", count)
        .attr("fill", count ? shade(Math.log1p(count)) : null);
      path.select("title").text((row ? row.label : feature.properties.name) + ": " + count +
                                " stances");
    });
    element.dataset.drawn = "true";
  }

  /* A country's page: others coloured by their stances toward it, or by its stances toward them. */
  async function drawCountryMap(element, rows) {
    const countries = (await getJson(element.dataset.countries)).rows;
    const numericOf = new Map(countries.map((c) => [c.iri, c.numeric]));
    const paths = await drawWorld(element);
    const self = element.dataset.country, label = element.dataset.label;
    // The buttons sit before the picture, not inside it: an image's content is not operable.
    const modes = d3.select(element.parentNode).insert("div", () => element)
      .attr("class", "map-modes")
      .attr("role", "group").attr("aria-label", "Colour the countries by");
    function colour(mode) {
      const counts = new Map();
      for (const row of rows) {
        const other = mode === "toward" ? row.holder : row.target;
        if ((mode === "toward" ? row.target : row.holder) !== self || other === self) continue;
        const numeric = numericOf.get(other);
        if (!numeric) continue;
        if (!counts.has(numeric)) counts.set(numeric, { support: 0, oppose: 0, neutral: 0 });
        counts.get(numeric)[row.polarity] += row.count;
      }
      paths.each(function (feature) {
        const c = counts.get(feature.id);
        const polarity = c ? ["support", "oppose", "neutral"].reduce(
          (best, p) => (c[p] > c[best] ? p : best), "support") : "";
        d3.select(this).attr("class", "country" + (polarity ? " " + polarity : ""))
          .attr("data-polarity", polarity)
          .attr("data-count", c ? c.support + c.oppose + c.neutral : 0);
      });
      modes.selectAll("button").attr("aria-pressed", function () {
        return String(this.dataset.mode === mode);
      });
      element.dataset.mode = mode;
    }
    for (const [mode, text] of [["toward", "Their stances toward " + label],
                                ["from", label + "’s stances toward them"]]) {
      modes.append("button").attr("type", "button").attr("data-mode", mode).text(text)
        .on("click", () => colour(mode));
    }
    colour("toward");
    element.dataset.drawn = "true";
  }

  const DRAW = { network: drawNetwork, choropleth: drawChoropleth, map: drawCountryMap };

  async function draw(element) {
    try {
      const data = await getJson(element.dataset.src);
      await DRAW[element.dataset.picture](element, data.rows);
      // Drawn: its table folds away (readers without JavaScript find it open).
      const table = element.closest("figure")?.querySelector("details.fallback");
      if (table) table.open = false;
    } catch (error) {
      element.dataset.drawn = "failed";
      element.textContent = "The picture could not be drawn; the table gives its data.";
      throw error;
    }
  }

  if (window.d3) {
    document.querySelectorAll("div[data-picture]").forEach(draw);
  }
})();
