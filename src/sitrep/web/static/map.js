/* sitrep: the event map. Reads /map.json with the page's filters; all text goes in through textContent. */
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || !window.L || !window.sitrep) return;
  var S = window.sitrep;
  var status = document.getElementById("map-status");

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

  function legend(types) {
    var list = document.getElementById("legend");
    if (!list) return;
    types.forEach(function (type) {
      var item = document.createElement("li");
      var swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = S.colourFor(type);
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(type));
      list.appendChild(item);
    });
  }

  var params = S.filters();
  S.fetchJSON(el.dataset.source + "?" + params.toString()).then(function (data) {
    var cluster = L.markerClusterGroup({ chunkedLoading: true, maxClusterRadius: 45 });
    var types = {};
    var markers = data.points.map(function (p) {
      types[p.type] = true;
      var colour = S.colourFor(p.type);
      var marker = L.circleMarker([p.lat, p.lon], {
        radius: radius(p.fatalities), color: "#1d232b", weight: 1, fillColor: colour, fillOpacity: 0.85
      });
      marker.bindPopup(function () { return popup(p); });
      marker.options.eventId = p.id;
      return marker;
    });
    cluster.addLayers(markers);
    map.addLayer(cluster);
    if (markers.length) map.fitBounds(cluster.getBounds(), { maxZoom: 7, padding: [20, 20] });
    legend(Object.keys(types).sort());
    var more = data.next ? " (the first " + data.limit + "; narrow the filters to see the rest)" : "";
    status.textContent = data.count + " located event place" + (data.count === 1 ? "" : "s") + " on the map" + more;
    el.dataset.loaded = String(data.count);
  }).catch(function (err) {
    status.textContent = "The map could not load its data: " + err.message;
    el.dataset.loaded = "error";
  });
})();
