/* sitrep: the event map. Reads /map.json with the page's filters and the map's view; all text goes in
   through textContent. A view holding more points than the server sends in one page comes back as
   clusters (counted on the server), which split as the map zooms in; fewer come back as points, which
   Leaflet.markercluster gathers in the browser. */
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || !window.L || !window.sitrep) return;
  var S = window.sitrep;
  var status = document.getElementById("map-status");
  var KEEP_KM = 300; /* a fit never leaves out points this close to the middle of the others */
  var FIT_ZOOM = 7; /* closer, the offline base map (country outlines) shows nothing around the points */

  var map = L.map(el, { worldCopyJump: true, minZoom: 2, maxZoom: 14 }).setView([48.5, 31.5], 5);
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 18, attribution: "map tiles: see settings" }).addTo(map);
  }
  S.fetchJSON("/static/world.geojson").then(function (world) {
    L.geoJSON(world, {
      interactive: false,
      style: { color: "#8a96a3", weight: 0.7, fillColor: "#eef0ea", fillOpacity: 1 }
    }).addTo(map).bringToBack();
  }).catch(function () { /* the events still show without outlines */ });

  function radius(fatalities) {
    return Math.min(22, 5 + 2.5 * Math.sqrt(Math.max(0, fatalities || 0)));
  }

  function popup(point) {
    var box = document.createElement("div");
    box.className = "popup";
    var link = document.createElement("a");
    link.href = "/events/" + encodeURIComponent(point.id);
    link.textContent = point.type;
    var meta = document.createElement("div");
    meta.className = "meta";
    var words = [point.occurred_start || "undated", point.name, point.status.replace("_", " ")];
    if (point.fatalities) words.push(point.fatalities + " killed");
    meta.textContent = words.join(" · ");
    box.appendChild(link);
    box.appendChild(meta);
    return box;
  }

  var shownTypes = {};
  function legend(types) {
    var list = document.getElementById("legend");
    if (!list) return;
    types.filter(function (t) { return !shownTypes[t]; }).sort().forEach(function (type) {
      shownTypes[type] = true;
      var item = document.createElement("li");
      var swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = S.colourFor(type);
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(type));
      list.appendChild(item);
    });
  }

  /* Clusters made in the browser look like the server's: coloured by their commonest type. */
  function browserCluster(group) {
    var types = {};
    group.getAllChildMarkers().forEach(function (m) { types[m.options.eventType] = (types[m.options.eventType] || 0) + 1; });
    return badgeIcon(group.getChildCount(), types);
  }

  function pointLayer(points) {
    var cluster = L.markerClusterGroup({ chunkedLoading: true, maxClusterRadius: 45, iconCreateFunction: browserCluster });
    cluster.addLayers(points.map(function (p) {
      var marker = L.circleMarker([p.lat, p.lon], {
        radius: radius(p.fatalities), color: "#1d232b", weight: 1, fillColor: S.colourFor(p.type), fillOpacity: 0.85,
        eventType: p.type
      });
      marker.bindPopup(function () { return popup(p); });
      return marker;
    }));
    return cluster;
  }

  function dominant(types) {
    return Object.keys(types).sort(function (a, b) { return types[b] - types[a] || (a < b ? -1 : 1); })[0];
  }

  function badgeIcon(count, types) {
    var size = Math.round(Math.min(64, 24 + 7 * Math.log10(count)));
    var badge = document.createElement("div");
    badge.className = "map-cluster";
    badge.style.background = S.colourFor(dominant(types));
    badge.textContent = count >= 10000 ? Math.round(count / 1000) + "k" : String(count);
    return L.divIcon({ html: badge, className: "", iconSize: [size, size] });
  }

  function clusterMarker(c) {
    var marker = L.marker([c.lat, c.lon], { icon: badgeIcon(c.count, c.types), keyboard: true });
    var lines = Object.keys(c.types).sort(function (a, b) { return c.types[b] - c.types[a]; })
      .map(function (t) { return c.types[t] + " " + t; });
    marker.bindTooltip(c.count + " event places: " + lines.join(", "));
    marker.on("click", function () { map.setView(marker.getLatLng(), Math.min(map.getMaxZoom(), map.getZoom() + 2)); });
    return marker;
  }

  function weightedMedian(items, key) {
    var sorted = items.slice().sort(function (a, b) { return a[key] - b[key]; });
    var total = sorted.reduce(function (sum, it) { return sum + it.weight; }, 0), seen = 0;
    for (var i = 0; i < sorted.length; i++) {
      seen += sorted[i].weight;
      if (seen >= total / 2) return sorted[i][key];
    }
    return sorted[sorted.length - 1][key];
  }

  /* The bounds of the bulk of the points: those within three typical distances of the middle, so one
     misplaced event (a dateline city, a namesake abroad) does not zoom the map out to the world. */
  function bulkBounds(items) {
    var centre = L.latLng(weightedMedian(items, "lat"), weightedMedian(items, "lon"));
    var far = items.map(function (it) { return { d: centre.distanceTo([it.lat, it.lon]), weight: it.weight }; });
    var reach = Math.max(3 * weightedMedian(far, "d"), KEEP_KM * 1000);
    var kept = items.filter(function (it, i) { return far[i].d <= reach; });
    return L.latLngBounds(kept.map(function (it) { return [it.lat, it.lon]; }));
  }

  function viewParams() {
    var params = S.filters();
    var b = map.getBounds().pad(0.25);
    params.set("zoom", String(map.getZoom()));
    if (b.getEast() - b.getWest() < 360) {
      var wrap = function (lon) { return ((lon + 540) % 360) - 180; };
      var clamp = function (lat) { return Math.max(-90, Math.min(90, lat)); };
      params.set("bbox", [clamp(b.getSouth()), wrap(b.getWest()), clamp(b.getNorth()), wrap(b.getEast())]
        .map(function (v) { return v.toFixed(4); }).join(","));
    }
    return params;
  }

  var layer = null, complete = false, pending = null, first = true, draws = 0;

  function describe(data) {
    if (data.clusters.length) {
      return data.total + " located event places in " + data.clusters.length + " clusters; zoom in or narrow the filters to see each";
    }
    var more = data.next ? " (the first " + data.limit + "; narrow the filters to see the rest)" : "";
    return data.count + " located event place" + (data.count === 1 ? "" : "s") + " on the map" + more;
  }

  function draw(data) {
    if (layer) map.removeLayer(layer);
    var clustered = data.clusters.length > 0;
    layer = clustered ? L.layerGroup(data.clusters.map(clusterMarker)) : pointLayer(data.points);
    map.addLayer(layer);
    complete = !clustered && !data.next && !data.filters.bbox;
    var types = {};
    data.points.forEach(function (p) { types[p.type] = true; });
    data.clusters.forEach(function (c) { Object.keys(c.types).forEach(function (t) { types[t] = true; }); });
    legend(Object.keys(types));
    status.textContent = describe(data);
    el.dataset.clusters = String(data.clusters.length);
    el.dataset.loaded = String(clustered ? data.total : data.count);
    el.dataset.drawn = String(++draws);
  }

  function fitFirst(data) {
    var items = data.clusters.length
      ? data.clusters.map(function (c) { return { lat: c.lat, lon: c.lon, weight: c.count }; })
      : data.points.map(function (p) { return { lat: p.lat, lon: p.lon, weight: 1 }; });
    if (!items.length) return;
    /* a cluster stands at the middle of its cell: widen the bounds so the outer cells' points fit too */
    var bounds = bulkBounds(items).pad(data.clusters.length ? 0.15 : 0);
    map.fitBounds(bounds, { maxZoom: FIT_ZOOM, padding: [20, 20], animate: false });
  }

  /* The view, for people reading the page's markup and for the browser tests. */
  function showView() {
    var centre = map.getCenter();
    el.dataset.zoom = String(map.getZoom());
    el.dataset.centre = JSON.stringify([+centre.lat.toFixed(3), +centre.lng.toFixed(3)]);
  }

  function load(params) {
    if (pending) pending.abort();
    var request = new AbortController();
    pending = request;
    return S.fetchJSON(el.dataset.source + "?" + params.toString(), request.signal).then(function (data) {
      if (pending !== request) return;
      pending = null;
      draw(data);
      if (first) { first = false; fitFirst(data); }
      showView();
    }).catch(function (err) {
      if (err.name === "AbortError") return;
      status.textContent = "The map could not load its data: " + err.message;
      el.dataset.loaded = "error";
    });
  }

  var timer = null;
  map.on("moveend", function () {
    if (first || complete) return;
    clearTimeout(timer);
    timer = setTimeout(function () { load(viewParams()); }, 100);
  });

  var start = S.filters();
  start.set("zoom", String(map.getZoom()));
  load(start);
})();
