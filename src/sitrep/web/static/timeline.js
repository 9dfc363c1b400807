/* sitrep: the timeline. Events per day by type (stacked bars) and tallies (dots), read from
   /timeline.json with the page's filters but every date; dragging selects a date range, which goes into
   the URL (since/until) so the map and the list follow. */
(function () {
  "use strict";
  var box = document.getElementById("timeline");
  if (!box || !window.sitrep) return;
  var S = window.sitrep;
  var DAY = 86400000;
  var H = 140, TALLY_H = 36, PAD = 28, MIN_DAYS = 31, TICKS = 5;

  function day(text) { return Date.parse(text.slice(0, 10) + "T00:00:00Z"); }
  function iso(ms) { return new Date(ms).toISOString().slice(0, 10); }

  function draw(data) {
    var rows = data.days;
    if (!rows.length && !data.tallies.length) {
      box.textContent = "No dated events match.";
      return;
    }
    var dates = rows.map(function (r) { return day(r.day); })
      .concat(data.tallies.map(function (t) { return day(t.period_end); }));
    var first = Math.min.apply(null, dates), last = Math.max.apply(null, dates) + DAY;
    if (last - first < MIN_DAYS * DAY) {
      /* a few days alone would make each bar the width of the chart: show at least a month around them */
      var grow = (MIN_DAYS * DAY - (last - first)) / 2;
      first = day(iso(first - grow)); last = first + MIN_DAYS * DAY;
    }
    var width = Math.max(300, box.clientWidth || 800);
    var x = function (ms) { return PAD + (ms - first) / (last - first) * (width - 2 * PAD); };
    var totals = {}, stack = {};
    rows.forEach(function (r) { totals[r.day] = (totals[r.day] || 0) + r.count; });
    var top = Math.max.apply(null, [1].concat(Object.keys(totals).map(function (k) { return totals[k]; })));
    var chart = S.svg("svg", { width: width, height: H + TALLY_H + 24, class: "timeline-chart", role: "img" });
    var barW = Math.max(1, (width - 2 * PAD) / ((last - first) / DAY) - 1);
    rows.forEach(function (r) {
      var below = stack[r.day] || 0, h = r.count / top * (H - 10);
      stack[r.day] = below + h;
      var bar = S.svg("rect", {
        x: x(day(r.day)), y: H - below - h, width: barW, height: h, fill: S.colourFor(r.type), class: "bar"
      });
      var tip = S.svg("title");
      tip.textContent = r.day + ": " + r.count + " " + r.type;
      bar.appendChild(tip);
      chart.appendChild(bar);
    });
    chart.appendChild(S.svg("line", { x1: PAD, x2: width - PAD, y1: H, y2: H, class: "axis" }));
    for (var i = 0; i < TICKS; i++) {
      var ms = day(iso(first + (last - DAY - first) * i / (TICKS - 1)));
      var anchor = i === 0 ? "start" : i === TICKS - 1 ? "end" : "middle";
      var label = S.svg("text", { x: i === TICKS - 1 ? width - PAD : x(ms), y: H + TALLY_H + 20, class: "tick",
        "text-anchor": anchor });
      label.textContent = iso(ms);
      chart.appendChild(label);
    }
    data.tallies.forEach(function (t) {
      var dot = S.svg("circle", { cx: x(day(t.period_end)) + barW / 2, cy: H + TALLY_H / 2, r: 4, class: "tally" });
      var tip = S.svg("title");
      var counts = t.counts.map(function (c) { return c.value + " " + (c.category || ""); }).join(", ");
      tip.textContent = t.period_end + " · " + (t.organisation || "unknown") + ": " + counts;
      dot.appendChild(tip);
      chart.appendChild(dot);
    });
    var label = S.svg("text", { x: 2, y: H + TALLY_H / 2 + 4, class: "tick" });
    label.textContent = "tallies";
    chart.appendChild(label);
    showSelection(chart, x, H);
    brush(chart, function (px) { return first + (px - PAD) / (width - 2 * PAD) * (last - first); });
    box.textContent = "";
    box.appendChild(chart);
    box.dataset.loaded = String(rows.length);
  }

  function showSelection(chart, x, height) {
    var now = new URLSearchParams(window.location.search);
    if (!now.get("since") && !now.get("until")) return;
    var from = now.get("since") ? x(day(now.get("since"))) : PAD;
    var to = now.get("until") ? x(day(now.get("until")) + DAY) : chart.getAttribute("width") - PAD;
    var band = S.svg("rect", { x: from, y: 0, width: Math.max(1, to - from), height: height, class: "selection" });
    chart.insertBefore(band, chart.firstChild);
  }

  function brush(chart, toMs) {
    var start = null, rect = S.svg("rect", { x: 0, y: 0, width: 0, height: H, class: "brush" });
    chart.appendChild(rect);
    function px(ev) { return ev.clientX - chart.getBoundingClientRect().left; }
    chart.addEventListener("mousedown", function (ev) { start = px(ev); ev.preventDefault(); });
    chart.addEventListener("mousemove", function (ev) {
      if (start === null) return;
      var now = px(ev);
      rect.setAttribute("x", Math.min(start, now));
      rect.setAttribute("width", Math.abs(now - start));
    });
    window.addEventListener("mouseup", function (ev) {
      if (start === null) return;
      var a = toMs(Math.min(start, px(ev))), b = toMs(Math.max(start, px(ev)));
      start = null;
      if (Math.abs(b - a) < DAY / 2) return;
      apply(iso(a), iso(b));
    });
  }

  function apply(since, until) {
    var params = S.filters();
    if (since) params.set("since", since); else params.delete("since");
    if (until) params.set("until", until); else params.delete("until");
    window.location.assign(window.location.pathname + "?" + params.toString());
  }

  var clear = document.getElementById("clear-dates");
  if (clear) clear.addEventListener("click", function (ev) { ev.preventDefault(); apply(null, null); });

  S.fetchJSON(box.dataset.source + "?" + S.filters(["since", "until"]).toString())
    .then(draw)
    .catch(function (err) { box.textContent = "The timeline could not load its data: " + err.message; });
})();
