/* sitrep: colours shared by the map, the timeline and the tally charts. */
(function () {
  "use strict";
  var BY_TYPE = {
    "Battles": "#c0392b",
    "Explosions/Remote violence": "#e67e22",
    "Violence against civilians": "#8e44ad",
    "Protests": "#2980b9",
    "Riots": "#16a085",
    "Strategic developments": "#2c3e50"
  };
  var SPARE = ["#7f8c8d", "#d35400", "#27ae60", "#b03a2e", "#1f618d", "#9a7d0a"];

  function colourFor(name) {
    if (Object.prototype.hasOwnProperty.call(BY_TYPE, name)) return BY_TYPE[name];
    var h = 0;
    for (var i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) >>> 0;
    return SPARE[h % SPARE.length];
  }

  /* The page's filters as URLSearchParams, without paging (each view pages on its own). */
  function filters(drop) {
    var params = new URLSearchParams(window.location.search);
    ["limit", "offset"].concat(drop || []).forEach(function (k) { params.delete(k); });
    return params;
  }

  function svg(tag, attrs) {
    var node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    return node;
  }

  function fetchJSON(url, signal) {
    return fetch(url, { headers: { Accept: "application/json" }, signal: signal }).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.json();
    });
  }

  window.sitrep = { colourFor: colourFor, filters: filters, svg: svg, fetchJSON: fetchJSON };
})();
