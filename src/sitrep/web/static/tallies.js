/* sitrep: one chart per counting organisation, a line per category, from /tallies.json. */
(function () {
  "use strict";
  var box = document.getElementById("tally-charts");
  if (!box || !window.sitrep) return;
  var S = window.sitrep;
  var W = 360, H = 160, PAD = 34;

  function day(text) { return Date.parse(String(text).slice(0, 10) + "T00:00:00Z"); }

  function chart(organisation, series) {
    var figure = document.createElement("figure");
    figure.className = "tally-chart";
    var caption = document.createElement("figcaption");
    caption.textContent = organisation === "unknown" ? "counting organisation not named" : organisation;
    figure.appendChild(caption);
    var points = [].concat.apply([], series.map(function (s) { return s.points; }));
    var t0 = Math.min.apply(null, points.map(function (p) { return day(p.date); }));
    var t1 = Math.max.apply(null, points.map(function (p) { return day(p.date); }));
    var top = Math.max.apply(null, [1].concat(points.map(function (p) { return p.value || 0; })));
    var x = function (d) { return t1 === t0 ? W / 2 : PAD + (day(d) - t0) / (t1 - t0) * (W - 2 * PAD); };
    var y = function (v) { return H - PAD + 10 - (v || 0) / top * (H - PAD - 10); };
    var svg = S.svg("svg", { width: W, height: H, role: "img" });
    svg.appendChild(S.svg("line", { x1: PAD, x2: W - PAD, y1: y(0), y2: y(0), class: "axis" }));
    var topLabel = S.svg("text", { x: 2, y: 14, class: "tick" });
    topLabel.textContent = top.toLocaleString();
    svg.appendChild(topLabel);
    series.forEach(function (s) {
      var colour = S.colourFor(s.category);
      var path = s.points.map(function (p) { return x(p.date) + "," + y(p.value); }).join(" ");
      svg.appendChild(S.svg("polyline", { points: path, fill: "none", stroke: colour, "stroke-width": 2 }));
      s.points.forEach(function (p) {
        var dot = S.svg("circle", { cx: x(p.date), cy: y(p.value), r: 3.5, fill: colour });
        var tip = S.svg("title");
        tip.textContent = p.date + ": " + p.value + " " + s.category;
        dot.appendChild(tip);
        svg.appendChild(dot);
      });
    });
    [[t0, PAD, "start"], [t1, W - PAD, "end"]].forEach(function (tick) {
      var label = S.svg("text", { x: tick[1], y: H - 4, class: "tick", "text-anchor": tick[2] });
      label.textContent = new Date(tick[0]).toISOString().slice(0, 10);
      svg.appendChild(label);
    });
    figure.appendChild(svg);
    var keys = document.createElement("ul");
    keys.className = "legend-types";
    series.forEach(function (s) {
      var item = document.createElement("li");
      var swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = S.colourFor(s.category);
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(s.category || "count"));
      keys.appendChild(item);
    });
    figure.appendChild(keys);
    return figure;
  }

  var params = new URLSearchParams(window.location.search);
  S.fetchJSON(box.dataset.source + "?" + params.toString()).then(function (data) {
    var byOrg = {};
    data.series.forEach(function (s) { (byOrg[s.organisation] = byOrg[s.organisation] || []).push(s); });
    Object.keys(byOrg).sort().forEach(function (org) { box.appendChild(chart(org, byOrg[org])); });
    box.dataset.loaded = String(Object.keys(byOrg).length);
  }).catch(function (err) { box.textContent = "The charts could not load: " + err.message; });
})();
