/* geomap's drawing library: every layer of a geomap map, drawn from one JSON payload.
 *
 * Data never becomes markup: every text from the data is set with textContent, links are
 * made only for http(s) URLs, and strings that Leaflet would insert as HTML (attribution,
 * layer names) are escaped first. Defined once per page; each map gets its own state, so
 * several maps can share a page.
 *
 * How it fits together (for code that extends the page, e.g. an exploration panel):
 * - window.GeomapRender.draw(map, payload) makes a MapState and draws it; every state is in
 *   GeomapRender.instances, and map._geomap points at its state.
 * - MapState: .events (EventData: columnar events, .visible[i], .typeOn[t], applyFilter),
 *   .counts (AreaCounts), .choropleth, .eventsLayer, .overlays; .refresh() recounts and
 *   redraws after any filter change, then calls every function in .listeners.
 * - Controls: MapState.addControl(key, control) is the one place controls are added; it
 *   keeps them in state.controls and marks their element data-geomap-control="key"
 *   (title, layers, legend, time). Compact maps (phones, narrow embeds: isCompact) start
 *   with legend and layer list folded; layout() refits them on resize.
 * - GeomapRender.lib: helpers shared with other pages: the published site (publish/site.js)
 *   and the exploration controls (workbench.js) build their title block, legend rows,
 *   time slider, search box and popups with the same functions as this map (one copy of each).
 */
(function () {
  "use strict";
  if (window.GeomapRender) { return; }

  var DAY_MS = 86400000;
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"];
  var AREA_PRECISIONS = { 6: true, 8: true };  // country, multi-country: never a point
  var COARSE = 5;  // from "an area wider than a province" on: never counted in a province

  /* Event i is known only to its country or to an area wider than a province: counted on
     the country (as the map's notes say), never in a province. */
  function countryLevel(data, i) { return data.p[i] >= COARSE && data.p[i] !== 8 && data.r0[i] >= 0; }
  var PANES = [["gmHighlight", 380], ["gmActors", 440], ["gmVectors", 450], ["gmHeat", 460]];
  var EVENT_DATASETS = { acled: true, ucdp: true, gdelt: true, table: true };
  /* The sub-event type filters' entry (and link value, in "xsub") for the events that
     have none: listed after the named ones, hidden only when it is unchecked. */
  var NO_SUB_TYPE = "(no sub-event type)";

  var DATASET_NAMES = { acled: "ACLED", ucdp: "UCDP", gdelt: "GDELT", scenario: "Scenario", table: "Table", article: "Article" };

  /* A source filter's entry (and link value, in "xsrc"), on both pages: the dataset
     ("ACLED"), and its file ("ACLED \u00B7 mali.csv") where the dataset's events come
     from several; "Unnamed source" for events without a dataset. */
  function sourceName(dataset, file) {
    var key = String(dataset).toLowerCase();  // own names only: never 'constructor'
    var name = !dataset ? "Unnamed source"
      : Object.prototype.hasOwnProperty.call(DATASET_NAMES, key) ? DATASET_NAMES[key] : String(dataset);
    return file ? name + " \u00B7 " + file : name;
  }

  /* ---------- DOM and text helpers ---------- */

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function httpUrl(url) {
    if (typeof url !== "string" || !url) { return null; }
    try {
      var parsed = new URL(url);
      if (parsed.protocol === "http:" || parsed.protocol === "https:") { return parsed.href; }
    } catch (err) { /* not a URL: shown as text */ }
    return null;
  }

  function linkOrText(text, url) {
    var href = httpUrl(url);
    if (!href) { return el("span", "gm-text", text || url); }
    var a = el("a", null, text || url);
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener noreferrer nofollow";
    return a;
  }

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = String(text);
    return div.innerHTML.replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }

  function number(n) { return Number(n).toLocaleString("en-GB"); }

  /* A toll as its source gave it: a lower bound alone (a sheet's "100+", "at least 100")
     as "at least 100", a range beside the count as "12 (range 10–15)"; "unknown" when
     there is none. ``low``, ``high``: -1, undefined or NaN where not given. */
  function tollText(f, low, high) {
    var lo = low >= 0 ? low : -1, hi = high >= 0 ? high : -1;
    if (!(f >= 0)) { return lo >= 0 && hi < 0 ? "at least " + number(lo) : "unknown"; }
    if (lo >= 0 && hi >= 0) { return lo === f && hi === f ? number(f) : number(f) + " (range " + number(lo) + "–" + number(hi) + ")"; }
    if (lo >= 0) { return lo === f ? "at least " + number(f) : number(f) + " (at least " + number(lo) + ")"; }
    return number(f);
  }

  /* ---------- dates (day numbers since 1970-01-01, UTC) ---------- */

  function dayDate(day) { return new Date(day * DAY_MS); }

  function formatDay(day) {
    var d = dayDate(day);
    return d.getUTCDate() + " " + MONTHS[d.getUTCMonth()].slice(0, 3) + " " + d.getUTCFullYear();
  }

  function formatEventDate(day, precision) {
    var d = dayDate(day);
    var month = MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear();
    if (precision === 5) { return String(d.getUTCFullYear()); }
    if (precision === 4) { return month; }
    var full = d.getUTCDate() + " " + month;
    if (precision === 3) { return "week of " + full; }
    if (precision === 2) { return full + " (or a few days after)"; }
    return full;
  }

  /* [first, last] day of a date known to precision dp (as the Python side's date_intervals). */
  function dayInterval(day, dp) {
    var d = dayDate(day), y = d.getUTCFullYear(), m = d.getUTCMonth();
    if (dp === 5) { return [Date.UTC(y, 0, 1) / DAY_MS, Date.UTC(y + 1, 0, 1) / DAY_MS - 1]; }
    if (dp === 4) { return [Date.UTC(y, m, 1) / DAY_MS, Date.UTC(y, m + 1, 1) / DAY_MS - 1]; }
    if (dp === 3) { return [day - 3, day + 3]; }
    return [day, dp === 2 ? day + 6 : day];
  }

  var DATE_PRECISION_LABELS = { 1: "exact day", 2: "within a few days", 3: "within a week",
    4: "within a month", 5: "within a year" };

  /* ---------- marker shapes (circle, square, diamond, triangle, triangle-down) ---------- */

  var ShapeMarker = L.CircleMarker.extend({
    options: { shape: "circle" },
    _updatePath: function () {
      var shape = this.options.shape;
      if (shape === "circle" || !this._point) {
        L.CircleMarker.prototype._updatePath.call(this);
        return;
      }
      var p = this._point, r = this._radius, offsets;
      if (shape === "square") {
        offsets = [[-0.9, -0.9], [0.9, -0.9], [0.9, 0.9], [-0.9, 0.9]];
      } else if (shape === "diamond") {
        offsets = [[0, -1.25], [1.25, 0], [0, 1.25], [-1.25, 0]];
      } else if (shape === "triangle-down") {  // UCDP's types (styles.yaml)
        offsets = [[0, 1.3], [-1.15, -0.75], [1.15, -0.75]];
      } else {
        offsets = [[0, -1.3], [1.15, 0.75], [-1.15, 0.75]];
      }
      this._parts = [offsets.map(function (o) { return L.point(p.x + o[0] * r, p.y + o[1] * r); })];
      this._renderer._updatePoly(this, true);
    }
  });

  function shapeSvg(shape, color, filled, dash, size) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    size = size || 16;
    svg.setAttribute("width", size);
    svg.setAttribute("height", size);
    svg.setAttribute("viewBox", "-8 -8 16 16");
    var node;
    if (shape === "square") {
      node = document.createElementNS(ns, "rect");
      node.setAttribute("x", -5); node.setAttribute("y", -5);
      node.setAttribute("width", 10); node.setAttribute("height", 10);
    } else if (shape === "diamond" || shape === "triangle" || shape === "triangle-down") {
      node = document.createElementNS(ns, "polygon");
      node.setAttribute("points", { diamond: "0,-6.5 6.5,0 0,6.5 -6.5,0", triangle: "0,-6.5 6,4 -6,4",
        "triangle-down": "0,6.5 -6,-4 6,-4" }[shape]);
    } else {
      node = document.createElementNS(ns, "circle");
      node.setAttribute("r", 5.5);
    }
    node.setAttribute("fill", filled ? color : "none");
    node.setAttribute("stroke", color);
    node.setAttribute("stroke-width", filled ? 1 : 1.6);
    if (dash) { node.setAttribute("stroke-dasharray", dash); }
    svg.appendChild(node);
    return svg;
  }

  /* ---------- event data ---------- */

  function EventData(data, styles, types) {
    var n = data.n, i;
    if (data.y) {  // coordinates travel as integers: degrees times data.scale
      data.lat = new Float64Array(n); data.lon = new Float64Array(n);
      for (i = 0; i < n; i++) { data.lat[i] = data.y[i] / data.scale; data.lon[i] = data.x[i] / data.scale; }
    }
    this.data = data;
    this.n = n;
    this.styles = styles;
    this.types = types;  // the map's event types, in legend order (t indexes them)
    this.start = new Float64Array(n);
    this.end = new Float64Array(n);
    this.mx = new Float64Array(n);
    this.my = new Float64Array(n);
    this.visible = new Uint8Array(n);
    for (i = 0; i < n; i++) {
      var d = data.d[i];
      this.start[i] = d === null ? -Infinity : data.base + d - (data.lo ? data.lo[i] : 0);
      this.end[i] = d === null ? Infinity : data.base + d + (data.hi ? data.hi[i] : 0);
      var lat = Math.max(Math.min(data.lat[i], 85.05), -85.05) * Math.PI / 180;
      this.mx[i] = (data.lon[i] + 180) / 360;
      this.my[i] = (1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2;
    }
    this.typeOn = types.map(function () { return true; }).concat([true]);
    this.range = [-Infinity, Infinity];
    this.mask = null;
    this.applyFilter();
  }

  /* An event is visible when its date interval meets the time range, its type is on and
     the exploration filters' mask (null: no such filter) keeps it. */
  EventData.prototype.applyFilter = function () {
    var a = this.range[0], b = this.range[1], t = this.data.t, count = 0, mask = this.mask;
    for (var i = 0; i < this.n; i++) {
      var on = this.start[i] <= b && this.end[i] >= a && this.typeOn[t[i]] && (!mask || mask[i]) ? 1 : 0;
      this.visible[i] = on;
      count += on;
    }
    this.visibleCount = count;
  };

  /* Visible events at exactly the same coordinates as event i, in date order. */
  EventData.prototype.samePlace = function (i) {
    if (!this.places) {
      this.places = new Map();
      for (var k = 0; k < this.n; k++) {
        var key = this.data.lat[k] + "," + this.data.lon[k], list = this.places.get(key);
        if (list) { list.push(k); } else { this.places.set(key, [k]); }
      }
    }
    var self = this, all = this.places.get(this.data.lat[i] + "," + this.data.lon[i]) || [i];
    return all.filter(function (k) { return self.visible[k] && !self.isArea(k); })
      .sort(function (a, b) { return self.start[a] - self.start[b] || a - b; });
  };

  EventData.prototype.isArea = function (i) { return AREA_PRECISIONS[this.data.p[i]] === true; };

  EventData.prototype.typeStyle = function (i) { return this.styleOfType(this.data.t[i]); };

  /* Style of type index t; one past the last type is "no type". */
  EventData.prototype.styleOfType = function (t) {
    return t < this.types.length ? this.types[t] : this.styles.other_event_type;
  };

  /* Whether event i's size is a death toll (UCDP's best estimate) rather than reported
     fatalities. */
  EventData.prototype.isDeaths = function (i) { return this.typeStyle(i).deaths === true; };

  EventData.prototype.radius = function (i) {
    var size = this.styles.marker_size, f = Math.max(this.data.f[i], 0);
    return Math.min(size.base + size.scale * Math.sqrt(f), size.max);
  };

  EventData.prototype.markerOptions = function (i, renderer) {
    var style = this.typeStyle(i);
    var precision = this.styles.precision[this.data.p[i]] || { style: "filled", fill_opacity: 0.8 };
    var hollow = precision.style === "hollow";
    return {
      renderer: renderer,
      shape: style.shape,
      radius: this.radius(i) + (hollow ? 3 : 0),
      color: hollow ? style.color : "#ffffff",
      weight: hollow ? 1.8 : 1,
      opacity: hollow ? 0.95 : 0.9,
      dashArray: hollow ? precision.dash : null,
      fillColor: style.color,
      fillOpacity: precision.fill_opacity,
      className: "geomap-event" + (hollow ? " geomap-event-area" : "")
    };
  };

  EventData.prototype.string = function (column, i) {
    var values = this.data[column];
    var k = values ? values[i] : 0;
    return k > 0 ? this.data.s[k - 1] : "";
  };

  EventData.prototype.eventId = function (i) {
    if (this.data.idn) { return this.string("idp", i) + this.data.idn[i]; }
    return this.data.id ? this.data.id[i] : "";
  };

  EventData.prototype.typeLabel = function (i) { return this.typeStyle(i).name; };

  /* Event i's toll as its source gave it (:func:`tollText`). */
  EventData.prototype.tollText = function (i) {
    var data = this.data;
    return tollText(data.f[i], data.fl ? data.fl[i] : -1, data.fh ? data.fh[i] : -1);
  };

  /* ---------- popups ---------- */

  function row(table, label, content) {
    var tr = el("tr");
    tr.appendChild(el("th", null, label));
    var td = el("td");
    if (typeof content === "string") { td.textContent = content; } else { td.appendChild(content); }
    tr.appendChild(td);
    table.appendChild(tr);
  }

  function actorText(events, i, main, assoc) {
    var a = events.string(main, i), x = events.string(assoc, i);
    if (!a && !x) { return ""; }
    return x ? a + " (with " + x + ")" : a;
  }

  function eventPopup(state, i) {
    var events = state.events, data = events.data, style = events.typeStyle(i);
    var root = el("div", "gm-popup");
    var head = el("div", "gm-pop-type");
    head.appendChild(shapeSvg(style.shape, style.color, true, null, 14));
    head.appendChild(el("span", null, events.typeLabel(i)));
    var sub = events.string("st", i);
    if (sub && sub !== events.typeLabel(i)) { head.appendChild(el("span", "gm-muted", " · " + sub)); }
    root.appendChild(head);
    var table = el("table", "gm-pop-table");
    if (data.d[i] !== null) {
      var date = el("span", null, formatEventDate(data.base + data.d[i], data.dp[i]));
      date.appendChild(el("span", "gm-muted", " (" + (DATE_PRECISION_LABELS[data.dp[i]] || "date") + ")"));
      row(table, "Date", date);
    } else {
      row(table, "Date", "unknown");
    }
    var side1 = actorText(events, i, "a1", "x1"), side2 = actorText(events, i, "a2", "x2");
    if (side1) { row(table, "Actor 1", side1); }
    if (side2) { row(table, "Actor 2", side2); }
    var f = data.f[i], claim = events.string("fc", i);
    row(table, events.isDeaths(i) ? "Deaths (best estimate)" : "Fatalities",
      events.tollText(i) + (f >= 0 && claim ? " (claimed by " + claim + ")" : ""));
    var place = el("span", null, events.string("pl", i) || "unnamed place");
    var precision = state.payload.precisionLabels[data.p[i]] || "";
    place.appendChild(el("span", "gm-muted", " (" + precision + ")"));
    row(table, "Place", place);
    if (!(data.p[i] <= 2)) {
      row(table, "", el("span", "gm-note", "Located only to this area: the marker is its centre, not the place of the event."));
    }
    var id = events.eventId(i);
    if (id) { row(table, "Event id", id); }
    root.appendChild(table);
    if (data.notes && data.notes[i]) { root.appendChild(el("p", "gm-pop-notes", data.notes[i])); }
    root.appendChild(sourcesBlock(events, i));
    return root;
  }

  /* Events often share coordinates (a town's centre): the popup pages through all of them. */
  function placePopup(state, i, marker) {
    var events = state.events, group = events.samePlace(i);
    if (group.length < 2) { return eventPopup(state, i); }
    var root = el("div", "gm-place-popup"), at = Math.max(group.indexOf(i), 0);
    var nav = el("div", "gm-pager"), body = el("div");
    var prev = el("button", "gm-pager-prev", "\u2039"), next = el("button", "gm-pager-next", "\u203A");
    var label = el("span", "gm-pager-label");
    prev.type = next.type = "button";
    prev.setAttribute("aria-label", "Previous event at this place");
    next.setAttribute("aria-label", "Next event at this place");
    nav.appendChild(prev); nav.appendChild(label); nav.appendChild(next);
    root.appendChild(nav); root.appendChild(body);
    function show(k) {
      at = (k + group.length) % group.length;
      label.textContent = (at + 1) + " of " + group.length + " events at this place";
      body.textContent = "";
      body.appendChild(eventPopup(state, group[at]));
      // re-layout only: popup.update() would rebuild the content from scratch
      var popup = marker.getPopup();
      if (popup && popup.isOpen()) { popup._updateLayout(); popup._updatePosition(); popup._adjustPan(); }
    }
    prev.addEventListener("click", function () { show(at - 1); });
    next.addEventListener("click", function () { show(at + 1); });
    show(at);
    return root;
  }

  /* Sources as a readable list: one line each (ACLED and UCDP give several in one field). */
  function sourcesBlock(events, i) {
    var entries = events.data.src[i] >= 0 ? events.data.srcs[events.data.src[i]].slice() : [];
    var url = events.string("url", i);
    if (url) { entries.push([url, url]); }
    return sourcesList(entries);
  }

  /* Sources ([[text, url or null], ...]) as a popup lists them: one line each, linked
     where their address is a web address (a published site's popups too). */
  function sourcesList(entries) {
    var box = el("div", "gm-pop-sources");
    if (!entries.length) { return box; }
    box.appendChild(el("span", "gm-muted", entries.length > 1 ? "Sources:" : "Source: "));
    var list = entries.length > 1 ? el("ul", "gm-source-list") : box;
    entries.forEach(function (entry) {
      var item = entries.length > 1 ? el("li") : list;
      item.appendChild(linkOrText(unquoted(entry[0]), entry[1]));
      if (item !== list) { list.appendChild(item); }
    });
    if (list !== box) { box.appendChild(list); }
    return box;
  }

  /* A source name as CSV quoting left it ("Reuters, ""title""") shown without the quoting. */
  function unquoted(text) {
    var t = String(text);
    if (t.length > 1 && t.charAt(0) === '"' && t.charAt(t.length - 1) === '"') { t = t.slice(1, -1).replace(/""/g, '"'); }
    return t;
  }

  /* ---------- events layer: markers, canvas, cluster, heatmap ---------- */

  function EventsLayer(state) {
    this.state = state;
    this.events = state.events;
    this.mode = state.events.data.mode;
    this.group = L.layerGroup();
    this.markers = null;
    if (this.mode === "markers" || this.mode === "canvas") { this.buildMarkers(); }
    if (this.mode === "heatmap") { this.heat = new HeatLayer(this.events); this.group.addLayer(this.heat); }
  }

  EventsLayer.prototype.buildMarkers = function () {
    var events = this.events, state = this.state;
    this.markers = new Array(events.n);
    for (var i = 0; i < events.n; i++) {
      if (events.isArea(i)) { continue; }
      this.markers[i] = this.makeMarker(i);
    }
    this.refresh();
  };

  EventsLayer.prototype.makeMarker = function (i) {
    var state = this.state, events = this.events;
    var marker = new ShapeMarker([events.data.lat[i], events.data.lon[i]],
      events.markerOptions(i, state.renderer));
    marker.bindPopup(function () { return placePopup(state, i, marker); }, { maxWidth: 360, minWidth: 240 });
    marker.on("popupopen", function () { state.showArea(i); });
    marker.on("popupclose", function () { state.hideArea(); });
    return marker;
  };

  EventsLayer.prototype.refresh = function () {
    if (this.mode === "cluster") { this.drawClusters(); return; }
    if (this.mode === "heatmap") { this.heat.redraw(); return; }
    if (!this.markers) { return; }
    var visible = this.events.visible, group = this.group;
    for (var i = 0; i < this.markers.length; i++) {
      var marker = this.markers[i];
      if (!marker) { continue; }
      var shown = group.hasLayer(marker);
      if (visible[i] && !shown) { group.addLayer(marker); } else if (!visible[i] && shown) { group.removeLayer(marker); }
    }
  };

  EventsLayer.prototype.drawClusters = function () {
    var map = this.state.map;
    if (!map || !map.hasLayer(this.group)) { return; }
    this.group.clearLayers();
    var limit = this.state.payload.thresholds.unclusteredInView;
    var cells = gridCells(this.events, map, 72, limit);
    var self = this;
    if (cells.inView <= limit) {  // few enough in view: every event on its own
      cells.all.forEach(function (i) { self.group.addLayer(self.makeMarker(i)); });
      return;
    }
    cells.list.forEach(function (cell) {
      if (cell.count === 1) {
        self.group.addLayer(self.makeMarker(cell.first));
      } else {
        self.group.addLayer(clusterMarker(self.state, cell));
      }
    });
  };

  /* Bin the visible events in view on a grid of cellPx pixels; also list them all while
     there are no more than `keep` of them. */
  function gridCells(events, map, cellPx, keep) {
    var zoom = map.getZoom(), scale = 256 * Math.pow(2, zoom);
    var view = map.getPixelBounds().pad(0.25);
    var data = events.data, cells = new Map(), list = [], inView = 0, all = [];
    keep = keep || 0;
    var minX = view.min.x, minY = view.min.y, maxX = view.max.x, maxY = view.max.y;
    for (var i = 0; i < events.n; i++) {
      if (!events.visible[i] || events.isArea(i)) { continue; }
      var x = events.mx[i] * scale, y = events.my[i] * scale;
      if (x < minX || x > maxX || y < minY || y > maxY) { continue; }
      inView++;
      if (inView <= keep) { all.push(i); }
      var key = Math.floor(x / cellPx) * 4194304 + Math.floor(y / cellPx);
      var cell = cells.get(key);
      if (!cell) {
        cell = { count: 0, x: 0, y: 0, fatalities: 0, types: new Array(events.typeOn.length).fill(0),
          first: i, minLat: 90, maxLat: -90, minLon: 180, maxLon: -180 };
        cells.set(key, cell);
        list.push(cell);
      }
      cell.count++;
      cell.x += x; cell.y += y;
      cell.fatalities += Math.max(data.f[i], 0);
      cell.types[data.t[i]]++;
      var lat = data.lat[i], lon = data.lon[i];
      if (lat < cell.minLat) { cell.minLat = lat; }
      if (lat > cell.maxLat) { cell.maxLat = lat; }
      if (lon < cell.minLon) { cell.minLon = lon; }
      if (lon > cell.maxLon) { cell.maxLon = lon; }
    }
    list.forEach(function (c) { c.center = map.unproject([c.x / c.count, c.y / c.count], zoom); });
    return { list: list, inView: inView, all: all };
  }

  function clusterMarker(state, cell) {
    var stops = [], at = 0;
    cell.types.forEach(function (count, t) {
      if (!count) { return; }
      var color = state.events.styleOfType(t).color;
      var next = at + 100 * count / cell.count;
      stops.push(color + " " + at.toFixed(1) + "% " + next.toFixed(1) + "%");
      at = next;
    });
    var size = Math.round(26 + 8 * Math.log10(cell.count));
    var node = el("div", "gm-cluster");
    node.style.width = node.style.height = size + "px";
    node.style.background = "conic-gradient(" + stops.join(",") + ")";
    node.appendChild(el("span", null, cell.count >= 10000 ? Math.round(cell.count / 1000) + "k" : cell.count));
    var marker = L.marker(cell.center, { icon: L.divIcon({ html: node, className: "gm-cluster-icon",
      iconSize: [size, size] }), keyboard: false });
    // all at one point (a town's centre): zooming cannot split them, so page through them
    var onePlace = cell.minLat === cell.maxLat && cell.minLon === cell.maxLon;
    marker.bindTooltip(function () {
      var tip = el("div", "gm-tip");
      tip.appendChild(el("b", null, number(cell.count) + " events" + (onePlace ? " at one place" : "")));
      tip.appendChild(el("div", null, number(cell.fatalities) + " reported fatalities"));
      tip.appendChild(el("div", "gm-muted", onePlace ? "Click to read them" : "Click to zoom in"));
      return tip;
    }, { direction: "top" });
    if (onePlace) {
      marker.bindPopup(function () { return placePopup(state, cell.first, marker); },
        { maxWidth: 360, minWidth: 240 });
      return marker;
    }
    marker.on("click", function () {
      var bounds = L.latLngBounds([cell.minLat, cell.minLon], [cell.maxLat, cell.maxLon]);
      var map = state.map, zoom = Math.min(map.getBoundsZoom(bounds.pad(0.2)), map.getMaxZoom());
      map.setView(bounds.getCenter(), Math.max(zoom, map.getZoom() + 1));
    });
    return marker;
  }

  /* A density surface: events binned on a screen grid, drawn as blurred discs and coloured. */
  var HeatLayer = L.Layer.extend({
    initialize: function (events) { this.events = events; },
    onAdd: function (map) {
      this._map = map;
      this.canvas = el("canvas", "gm-heat leaflet-zoom-hide");
      map.getPane("gmHeat").appendChild(this.canvas);
      map.on("moveend zoomend resize", this.redraw, this);
      this.redraw();
    },
    onRemove: function (map) {
      map.off("moveend zoomend resize", this.redraw, this);
      L.DomUtil.remove(this.canvas);
    },
    redraw: function () {
      var map = this._map;
      if (!map) { return; }
      var size = map.getSize(), canvas = this.canvas, ctx = canvas.getContext("2d");
      canvas.width = size.x; canvas.height = size.y;
      L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint([0, 0]));
      var cells = gridCells(this.events, map, 12), max = 1;
      cells.list.forEach(function (c) { if (c.count > max) { max = c.count; } });
      var origin = map.getPixelOrigin(), pan = map._getMapPanePos ? map._getMapPanePos() : L.point(0, 0);
      cells.list.forEach(function (c) {
        var p = map.latLngToContainerPoint(c.center);
        var g = ctx.createRadialGradient(p.x, p.y, 0, p.x, p.y, 22);
        g.addColorStop(0, "rgba(0,0,0," + (0.08 + 0.5 * Math.log(1 + c.count) / Math.log(1 + max)) + ")");
        g.addColorStop(1, "rgba(0,0,0,0)");
        ctx.fillStyle = g;
        ctx.fillRect(p.x - 22, p.y - 22, 44, 44);
      });
      void origin; void pan;
      colorize(ctx, size.x, size.y);
    }
  });

  function colorize(ctx, width, height) {
    if (!width || !height) { return; }
    var image = ctx.getImageData(0, 0, width, height), px = image.data;
    var ramp = [[255, 255, 178], [254, 204, 92], [253, 141, 60], [240, 59, 32], [189, 0, 38]];
    for (var k = 3; k < px.length; k += 4) {
      var a = px[k] / 255;
      if (!a) { continue; }
      var pos = Math.min(a * (ramp.length - 1), ramp.length - 1.001), j = Math.floor(pos), w = pos - j;
      for (var c = 0; c < 3; c++) { px[k - 3 + c] = ramp[j][c] * (1 - w) + ramp[j + 1][c] * w; }
      px[k] = Math.min(210, 40 + a * 190);
    }
    ctx.putImageData(image, 0, 0);
  }

  /* ---------- areas: choropleth, highlighted countries, country-level events ---------- */

  /* Choropleth class bounds, none empty: the twin of geomap.render.scale.class_breaks (the
     single page gets them from Python; pages that count in the browser call this). 1, then
     quantiles and the maximum rounded down to 1, 2, 2.5 or 5 x 10^n, empty classes merged. */
  function niceBreaks(values, classes) {
    var positive = values.filter(function (v) { return v > 0; }).sort(function (a, b) { return a - b; });
    if (!positive.length) { return [1]; }
    function roundDown(v) {
      var magnitude = Math.pow(10, String(Math.max(Math.floor(v), 1)).length - 1), best = magnitude;
      [1, 2, 2.5, 5].forEach(function (step) {
        var b = step * magnitude;
        if (b <= v && b === Math.floor(b) && b > best) { best = b; }
      });
      return best;
    }
    var bounds = [1, roundDown(positive[positive.length - 1])];
    for (var k = 1; k < classes - 1; k++) {
      bounds.push(roundDown(positive[Math.floor(positive.length * k / (classes - 1))]));
    }
    bounds = bounds.sort(function (a, b) { return a - b; })
      .filter(function (b, i, all) { return i === 0 || b !== all[i - 1]; });
    var kept = bounds.filter(function (low, i) {
      var high = i + 1 < bounds.length ? bounds[i + 1] : Infinity;
      return positive.some(function (v) { return v >= low && v < high; });
    });
    return [1].concat(kept.slice(1));
  }

  function ringsAsLines(feature) {
    var g = feature.geometry, polygons = g.type === "Polygon" ? [g.coordinates]
      : g.type === "MultiPolygon" ? g.coordinates : [];
    var lines = [];
    polygons.forEach(function (rings) {
      rings.forEach(function (ring) { lines.push(L.GeoJSON.coordsToLatLngs(ring)); });
    });
    return lines;
  }

  function AreaCounts(state) {
    this.state = state;
    var admin1 = state.payload.admin1, types = state.payload.types.length + 1;
    this.events = new Array(admin1.length).fill(0);
    this.fatalities = new Array(admin1.length).fill(0);
    this.types = admin1.map(function () { return new Array(types).fill(0); });
    this.country = new Array(state.payload.admin0.length).fill(0);
    this.unplaced = 0;
  }

  AreaCounts.prototype.count = function () {
    var events = this.state.events, self = this;
    if (!events) {
      this.state.payload.admin1.forEach(function (f, k) {
        self.events[k] = f.properties.events; self.fatalities[k] = f.properties.fatalities;
        self.types[k] = f.properties.types;
      });
      return;
    }
    this.events.fill(0); this.fatalities.fill(0); this.country.fill(0); this.unplaced = 0;
    this.types.forEach(function (t) { t.fill(0); });
    var data = events.data;
    for (var i = 0; i < events.n; i++) {
      if (!events.visible[i]) { continue; }
      if (countryLevel(data, i)) { this.country[data.r0[i]]++; } else if (events.isArea(i)) { this.unplaced++; }
      if (events.isArea(i)) { continue; }
      var r = data.r1[i];
      if (r < 0) { continue; }
      this.events[r]++;
      this.fatalities[r] += Math.max(data.f[i], 0);
      this.types[r][data.t[i]]++;
    }
  };

  /* A tooltip's focus listeners make Chromium put an SVG path in the Tab order: every
     province (744 on a map of an ACLED file and a sheet) came before the title, search and
     Explore button, and a keyboard reader had to Tab through them all. The tooltip still
     opens on hover and tap, and the drawer lists the provinces' counts. (The few lines of
     a story's relations and regions keep their Tab stops: their tooltips say what no
     control does.) */
  function outOfTabOrder(layer) {
    layer.on("add", function () {
      var node = layer.getElement && layer.getElement();
      if (node) { node.setAttribute("tabindex", "-1"); }
    });
  }

  function Choropleth(state, counts) {
    var styles = state.payload.styles.choropleth, self = this;
    this.counts = counts;
    this.colors = styles.colors;
    counts.count();
    this.breaks = state.payload.choropleth.breaks;  // rounded quantiles, no empty class
    this.layer = L.geoJSON(state.payload.admin1, {
      renderer: state.renderer, className: "gm-province",
      style: function () { return { weight: 0.7, color: styles.line_color, fillOpacity: styles.fill_opacity }; },
      onEachFeature: function (feature, layer) {
        layer.featureIndex = state.payload.admin1.indexOf(feature);
        layer.bindTooltip(function () { return self.tooltip(state, layer.featureIndex); }, { sticky: true });
        outOfTabOrder(layer);
      }
    });
    this.noData = styles.no_data;
    this.opacity = styles.fill_opacity;
    this.restyle();
  }

  /* Colour of a count: its class's colour, classes spread over the ramp's darker part. */
  Choropleth.prototype.colorFor = function (value) {
    if (!value) { return this.noData; }
    var k = 0, n = this.breaks.length, last = this.colors.length - 1;
    while (k + 1 < n && value >= this.breaks[k + 1]) { k++; }
    return this.colors[n === 1 ? last - 1 : 1 + Math.round(k * (last - 1) / (n - 1))];
  };

  Choropleth.prototype.restyle = function () {
    var self = this;
    this.layer.eachLayer(function (layer) {
      var value = self.counts.events[layer.featureIndex];
      layer.setStyle({ fillColor: self.colorFor(value), fillOpacity: value ? self.opacity : 0.15 });
    });
  };

  Choropleth.prototype.tooltip = function (state, k) {
    var props = state.payload.admin1[k].properties, tip = el("div", "gm-tip");
    tip.appendChild(el("b", null, props.name || props.code));
    if (props.cc) { tip.appendChild(el("span", "gm-muted", " · " + props.cc)); }
    var total = this.counts.events[k];
    tip.appendChild(el("div", null, number(total) + " events · " + number(this.counts.fatalities[k]) + " fatalities"));
    var types = state.payload.types;
    this.counts.types[k].forEach(function (count, t) {
      if (!count || t >= types.length) { return; }
      var line = el("div", "gm-tip-type");
      line.appendChild(shapeSvg(types[t].shape, types[t].color, true, null, 10));
      line.appendChild(el("span", null, " " + types[t].name + ": " + number(count)));
      tip.appendChild(line);
    });
    tip.appendChild(el("div", "gm-muted", state.events ? "in the selected period; events located to a province or better" : "all events"));
    return tip;
  };

  Choropleth.prototype.legend = function () { return breaksLegend(this.breaks, this.colorFor.bind(this)); };

  /* A choropleth's legend: a swatch and a range of counts per class. */
  function breaksLegend(breaks, colorFor) {
    var rows = breaks.map(function (low, k) {
      var high = k + 1 < breaks.length ? breaks[k + 1] - 1 : null, swatch = el("span", "gm-swatch");
      swatch.style.background = colorFor(low);
      return [swatch, high === null ? number(low) + "+" : high === low ? number(low) : number(low) + "–" + number(high)];
    });
    return legendRows(legendSection("Events per province"), rows);
  }

  function CountryLevel(state, counts) {
    this.state = state;
    this.counts = counts;
    this.layer = L.layerGroup();
    this.styles = state.payload.styles.country_level;
  }

  CountryLevel.prototype.refresh = function () {
    var state = this.state, self = this;
    this.layer.clearLayers();
    state.payload.admin0.forEach(function (feature, k) {
      var count = self.counts.country[k];
      if (!count) { return; }
      self.layer.addLayer(L.polyline(ringsAsLines(feature), { renderer: state.renderer,
        color: self.styles.color, dashArray: self.styles.dash, weight: 1.5, interactive: false }));
      var box = el("div", "gm-country-count"), words = " event" + (count === 1 ? "" : "s") + " not placed in a province";
      box.setAttribute("aria-label", number(count) + words);  // phones show the count alone
      box.appendChild(el("b", null, number(count)));
      box.appendChild(el("span", null, words));
      var label = L.marker(feature.properties.at, { icon: L.divIcon({ html: box,
        className: "gm-label-icon", iconSize: null }), keyboard: false });
      label.bindPopup(function () { return self.listPopup(k); }, { maxWidth: 380 });
      self.layer.addLayer(label);
    });
  };

  CountryLevel.prototype.listPopup = function (k) {
    var events = this.state.events, data = events.data, props = this.state.payload.admin0[k].properties;
    var root = el("div", "gm-popup");
    root.appendChild(el("div", "gm-pop-type", (props.name || props.code) + ": events not placed in a province"));
    root.appendChild(el("div", "gm-note", "Known only to the country or to an area wider than a province: counted on the country, never in a province. Those known to a wider area are also drawn as hollow markers at its centre."));
    var list = el("ol", "gm-pop-list"), shown = 0, total = 0;
    for (var i = 0; i < events.n; i++) {
      if (!events.visible[i] || !countryLevel(data, i) || data.r0[i] !== k) { continue; }
      total++;
      if (shown >= 25) { continue; }
      shown++;
      var item = el("li");
      var date = data.d[i] === null ? "date unknown" : formatEventDate(data.base + data.d[i], data.dp[i]);
      item.appendChild(el("b", null, date + " · " + events.typeLabel(i)));
      var who = actorText(events, i, "a1", "x1");
      var f = data.f[i];
      item.appendChild(el("div", null, (who ? who + " · " : "") + (f < 0 ? "fatalities unknown" : events.tollText(i) + " fatalities")));
      if (data.notes && data.notes[i]) { item.appendChild(el("div", "gm-muted", data.notes[i])); }
      item.appendChild(sourcesBlock(events, i));
      list.appendChild(item);
    }
    root.appendChild(list);
    if (total > shown) { root.appendChild(el("div", "gm-muted", "… and " + number(total - shown) + " more")); }
    return root;
  };

  /* The map's own labels kept legible at every size: the country-level counts first, then
     the actors' names (in drawing order), then the named regions' names. A label that
     would overlap one kept before, or (an actor's or a region's name) lie under a control,
     is hidden until the view changes (its dashed outline, diamond or region line stays,
     with its popup or tooltip); a country count that would
     stick out of the map is moved inside it, one under a control (the time filter, the
     legend, the title block, an open Explore drawer) beside it, the shortest way that clears every control, and
     actors' names that would stick out are cut at the map's edge (with an ellipsis:
     .gm-actor-name). Town names (workbench.js) then keep off the
     labels shown. Reads every box first, then writes, so the page lays out once. */
  var LABEL_ORDER = [".leaflet-pane .gm-country-count", ".leaflet-pane .gm-actor-names", ".leaflet-pane .gm-region-label"];

  function declutterLabels(map) {
    var container = map.getContainer(), nodes = [];
    LABEL_ORDER.forEach(function (selector, rank) {
      Array.prototype.forEach.call(container.querySelectorAll(selector), function (node) {
        node.style.visibility = ""; node.style.marginLeft = ""; node.style.marginTop = "";
        if (rank === 1) { Array.prototype.forEach.call(node.children, function (name) { name.style.maxWidth = ""; }); }
        nodes.push({ node: node, count: rank === 0, names: rank === 1 });
      });
    });
    var origin = container.getBoundingClientRect(), width = origin.width, kept = [];
    function boxOf(node) {
      var r = node.getBoundingClientRect();
      return r.width ? [r.left - origin.left, r.top - origin.top, r.right - origin.left, r.bottom - origin.top] : null;
    }
    nodes.forEach(function (item) { item.box = boxOf(item.node); });
    // an open Explore drawer (either page's) is a control too: a tag under it was unread
    var controls = Array.prototype.map.call(container.querySelectorAll(".leaflet-control, .gm-drawer:not([hidden])"),
      boxOf).filter(Boolean);
    nodes.forEach(function (item) {
      var box = item.box;
      if (!box) { return; }
      if (item.count && box[2] - box[0] < width - 8) {
        var shift = box[0] < 4 ? 4 - box[0] : box[2] > width - 4 ? width - 4 - box[2] : 0;
        if (shift) { item.node.style.marginLeft = shift + "px"; box = [box[0] + shift, box[1], box[2] + shift, box[3]]; }
        var moved = moveOffControls(box, controls, width, origin.height);
        if (moved && (moved[0] || moved[1])) {
          item.node.style.marginLeft = (shift + moved[0]) + "px"; item.node.style.marginTop = moved[1] + "px";
          box = [box[0] + moved[0], box[1] + moved[1], box[2] + moved[0], box[3] + moved[1]];
        }
      }
      if (item.names && box[2] > width - 4 && box[0] < width - 4) {  // cut at the edge (the tooltip has them whole)
        var room = Math.max(48, width - 4 - box[0]);
        Array.prototype.forEach.call(item.node.children, function (name) { name.style.maxWidth = room + "px"; });
        box = [box[0], box[1], Math.min(box[2], box[0] + room), box[3]];
      }
      // an actor's or region's name under a control (the time filter, the title block, an
      // open drawer) was unread, its letters showing through the panel: hidden as one over
      // a label kept (a country's count is moved instead, above)
      if (!item.count && controls.some(function (c) { return boxesOverlap(box, c); })) {
        item.node.style.visibility = "hidden";
        return;
      }
      if (kept.some(function (b) { return box[0] < b[2] - 1 && b[0] < box[2] - 1 && box[1] < b[3] - 1 && b[1] < box[3] - 1; })) {
        item.node.style.visibility = "hidden";
        return;
      }
      kept.push(box);
    });
  }

  function boxesOverlap(a, b) { return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]; }

  /* The shortest move [dx, dy] that takes ``box`` clear of every control's box and keeps
     it on the map (width x height), trying above, below and beside each control it
     overlaps: [0, 0] when it overlaps none, null when no such move clears them all. */
  function moveOffControls(box, controls, width, height) {
    var under = controls.filter(function (c) { return boxesOverlap(box, c); });
    if (!under.length) { return [0, 0]; }
    var moves = [];
    under.forEach(function (c) {
      moves.push([0, c[1] - 4 - box[3]], [0, c[3] + 4 - box[1]], [c[2] + 4 - box[0], 0], [c[0] - 4 - box[2], 0]);
    });
    moves.sort(function (a, b) { return Math.abs(a[0]) + Math.abs(a[1]) - Math.abs(b[0]) - Math.abs(b[1]); });
    for (var k = 0; k < moves.length; k++) {
      var m = moves[k], at = [box[0] + m[0], box[1] + m[1], box[2] + m[0], box[3] + m[1]];
      if (at[0] >= 0 && at[1] >= 0 && at[2] <= width && at[3] <= height
        && !controls.some(function (c) { return boxesOverlap(at, c); })) { return m; }
    }
    return null;
  }

  /* ---------- place labels on the offline basemap ---------- */

  /* Most ranks shown at each zoom (rank 0 capitals, then towns by population). */
  function ranksAt(zoom) { return zoom <= 3 ? 0 : zoom <= 4 ? 1 : zoom <= 5 ? 2 : zoom <= 6 ? 3 : zoom <= 7 ? 4 : 5; }
  var MAX_LABELS = 160;

  /* Town names from the gazetteer, capitals and large towns first; a label that would
     overlap one already placed is left out, so they stay legible at every zoom. */
  /* Boxes of the map's own labels (actors, regions, country counts): town names keep off them. */
  function takenByLabels(map) {
    var origin = map.getContainer().getBoundingClientRect();
    var nodes = map.getContainer().querySelectorAll(".gm-actor-names, .gm-region-label, .gm-country-count");
    return Array.prototype.filter.call(nodes, function (node) {
      return node.style.visibility !== "hidden";  // left out by GeomapRender.lib.declutterLabels
    }).map(function (node) {
      var r = node.getBoundingClientRect();
      return [r.left - origin.left, r.top - origin.top, r.right - origin.left, r.bottom - origin.top];
    });
  }

  /* ``state``: {map, payload: {places}} (a MapState, or the site's), and ``taken``: a
     function that gives more boxes (container pixels) town names keep off (the site's
     density squares' counts). The layer's ``redraw()`` places them again (once what
     they keep off is drawn). */
  function placeLabels(state) {
    var map = state.map, places = state.payload.places, group = L.layerGroup();
    if (!map.getPane("gmLabels")) {
      var pane = map.createPane("gmLabels");
      pane.style.zIndex = 455;
      pane.style.pointerEvents = "none";
    }
    function draw() {
      group.clearLayers();
      var bounds = map.getBounds().pad(0.05), most = ranksAt(map.getZoom());
      var placed = takenByLabels(map).concat(state.taken ? state.taken() : []);
      for (var k = 0; k < places.names.length && placed.length < MAX_LABELS; k++) {
        var rank = places.rank[k];
        if (rank > most) { continue; }
        var latlng = L.latLng(places.y[k] / places.scale, places.x[k] / places.scale);
        if (!bounds.contains(latlng)) { continue; }
        var p = map.latLngToContainerPoint(latlng), name = places.names[k];
        var h = rank <= 1 ? 15 : 13, w = name.length * (rank <= 1 ? 7 : 6.2) + 12;
        var box = [p.x - 4, p.y - h / 2 - 2, p.x + w, p.y + h / 2 + 2];
        if (placed.some(function (b) { return box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3]; })) { continue; }
        placed.push(box);
        var node = el("div", "gm-place gm-place-" + Math.min(rank, 3), name);
        group.addLayer(L.marker(latlng, { pane: "gmLabels", interactive: false, keyboard: false,
          icon: L.divIcon({ html: node, className: "gm-label-icon", iconSize: null, iconAnchor: [3, 7] }) }));
      }
    }
    group.redraw = function () { if (map.hasLayer(group)) { draw(); } };
    group.on("add", function () { map.on("moveend", draw); draw(); });
    group.on("remove", function () { map.off("moveend", draw); });
    return group;
  }

  /* ---------- regions, actors, footprints, relations ---------- */

  function regionsLayer(state) {
    var style = state.payload.styles.regions, group = L.featureGroup();
    state.payload.regions.forEach(function (feature) {
      var props = feature.properties;
      var line = L.polyline(ringsAsLines(feature), { renderer: state.renderer, color: style.color,
        dashArray: style.dash, weight: style.weight, opacity: 0.9 });
      var tip = function () {
        var box = el("div", "gm-tip");
        box.appendChild(el("b", null, props.name));
        if (props.approximate) { box.appendChild(el("span", "gm-muted", " (approximate outline)")); }
        if (props.definition) { box.appendChild(el("div", null, props.definition)); }
        if (props.source) { box.appendChild(el("div", "gm-muted", "Source: " + props.source)); }
        return box;
      };
      line.bindTooltip(tip, { sticky: true });
      group.addLayer(line);
      var label = el("div", "gm-region-label", props.name + (props.approximate ? " (approx.)" : ""));
      var marker = L.marker(props.at, { icon: L.divIcon({ html: label, className: "gm-label-icon",
        iconSize: null }), keyboard: false });
      marker.bindTooltip(tip, { direction: "top" });
      group.addLayer(marker);
    });
    return group;
  }

  function actorColor(state, kind) {
    var actors = state.payload.styles.actors;
    return actors.kinds[kind] || actors.color;
  }

  /* Actors sharing a home place get one marker with their names stacked, not piled labels. */
  function actorsLayer(state) {
    var group = L.featureGroup(), places = {}, order = [];
    state.payload.actors.forEach(function (feature) {
      var c = feature.geometry.coordinates, key = c[1].toFixed(2) + "," + c[0].toFixed(2);
      if (!places[key]) { places[key] = { latlng: [c[1], c[0]], actors: [] }; order.push(key); }
      places[key].actors.push(feature.properties);
    });
    order.forEach(function (key) {
      var place = places[key], node = el("div", "gm-actor");
      node.appendChild(shapeSvg("diamond", actorColor(state, place.actors[0].kind), true, null, 14));
      var names = el("div", "gm-actor-names");
      place.actors.forEach(function (props) {
        var line = el("div", "gm-actor-name", props.name);
        line.style.borderLeft = "3px solid " + actorColor(state, props.kind);
        names.appendChild(line);
      });
      node.appendChild(names);
      // below the events' pane, only the diamond reacts: actors never take an event's click
      var marker = L.marker(place.latlng, { icon: L.divIcon({ html: node, className: "gm-label-icon",
        iconSize: null, iconAnchor: [7, 7] }), keyboard: false, pane: "gmActors" });
      marker.bindTooltip(function () {
        var tip = el("div", "gm-tip");
        place.actors.forEach(function (props) { tip.appendChild(actorTip(props)); });
        tip.appendChild(el("div", "gm-muted", "Home place of the actor" + (place.actors.length > 1 ? "s" : "")));
        return tip;
      }, { direction: "top" });
      var first = Date.parse(place.actors[0].first), last = Date.parse(place.actors[0].last);
      place.actors.forEach(function (props) {
        var a = Date.parse(props.first), b = Date.parse(props.last);
        first = Math.min(first, a); last = Math.max(last, b);
      });
      state.filtered.push({ group: group, parts: [marker],
        names: place.actors.map(function (props) { return props.name; }),
        span: isFinite(first) && isFinite(last) ? [Math.floor(first / DAY_MS), Math.floor(last / DAY_MS)] : null });
      group.addLayer(marker);
    });
    return group;
  }

  function actorTip(props) {
    var box = el("div", "gm-actor-tip");
    box.appendChild(el("b", null, props.name));
    box.appendChild(el("span", "gm-muted", " · " + props.kind.replace(/_/g, " ")));
    var facts = [];
    if (props.events) { facts.push(number(props.events) + " events"); }
    if (props.first) { facts.push(props.first + (props.last && props.last !== props.first ? " – " + props.last : "")); }
    if (facts.length) { box.appendChild(el("div", null, facts.join(" · "))); }
    return box;
  }

  function footprintsLayer(state) {
    var group = L.featureGroup(), opacity = state.payload.styles.actors.footprint_opacity;
    state.payload.footprints.forEach(function (feature) {
      var props = feature.properties, color = actorColor(state, props.kind);
      group.addLayer(L.geoJSON(feature, { renderer: state.renderer, interactive: false,
        style: { stroke: false, fillColor: color, fillOpacity: opacity } }));
      var line = L.polyline(ringsAsLines(feature), { renderer: state.renderer, color: color,
        weight: 1.5, dashArray: "1 4", opacity: 0.9 });
      line.bindTooltip(function () {
        var tip = el("div", "gm-tip");
        tip.appendChild(el("b", null, "Footprint of " + props.name));
        tip.appendChild(el("div", "gm-muted", "Areas where it acted: " + props.areas.join(", ")));
        return tip;
      }, { sticky: true });
      group.addLayer(line);
    });
    return group;
  }

  function curvePoints(map, from, to, bend) {
    var a = map.project(from, 0), b = map.project(to, 0);
    var mid = a.add(b).divideBy(2), d = b.subtract(a);
    var control = L.point(mid.x - d.y * bend, mid.y + d.x * bend), points = [];
    for (var k = 0; k <= 32; k++) {
      var t = k / 32, u = 1 - t;
      points.push(L.point(u * u * a.x + 2 * u * t * control.x + t * t * b.x,
        u * u * a.y + 2 * u * t * control.y + t * t * b.y));
    }
    return points;
  }

  function arrowMarker(map, points, at, color) {
    var k = Math.round(at * (points.length - 1));
    var p = points[k], q = points[Math.min(k + 1, points.length - 1)], o = points[Math.max(k - 1, 0)];
    var angle = Math.atan2(q.y - o.y, q.x - o.x) * 180 / Math.PI;
    var ns = "http://www.w3.org/2000/svg", svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", 16); svg.setAttribute("height", 16); svg.setAttribute("viewBox", "-8 -8 16 16");
    var tri = document.createElementNS(ns, "polygon");
    tri.setAttribute("points", "7,0 -6,-6 -3,0 -6,6");
    tri.setAttribute("fill", color); tri.setAttribute("stroke", "#fff"); tri.setAttribute("stroke-width", "1");
    svg.appendChild(tri);
    svg.style.transform = "rotate(" + angle.toFixed(1) + "deg)";
    svg.setAttribute("class", "gm-arrow");
    return L.marker(map.unproject(p, 0), { icon: L.divIcon({ html: svg, className: "gm-arrow-icon",
      iconSize: [16, 16], iconAnchor: [8, 8] }), interactive: false, keyboard: false });
  }

  function relationsLayer(state) {
    var group = L.featureGroup(), map = state.map, pairs = {};
    state.payload.relations.forEach(function (feature) {
      var props = feature.properties, coords = feature.geometry.coordinates;
      if (feature.geometry.type !== "LineString" || coords.length < 2) { return; }
      var style = state.payload.styles.relations[props.kind] || state.payload.styles.relations.other;
      var from = L.latLng(coords[0][1], coords[0][0]), to = L.latLng(coords[coords.length - 1][1], coords[coords.length - 1][0]);
      var key = [props.source, props.target].sort().join("\u0000");
      var k = pairs[key] = (pairs[key] || 0) + 1;
      // the first relation of a pair bends one way, the next the other way, then wider
      var bend = 0.1 * Math.ceil(k / 2) * (k % 2 ? 1 : -1) * (props.source < props.target ? 1 : -1);
      var points = curvePoints(map, from, to, bend);
      var latlngs = points.map(function (p) { return map.unproject(p, 0); });
      var line = L.polyline(latlngs, { renderer: state.renderer, color: style.color, weight: style.weight,
        dashArray: style.dash, opacity: 0.9, className: "geomap-relation" });
      line.bindTooltip(function () { return relationTip(state, props, style); }, { sticky: true });
      line.bindPopup(function () { return relationTip(state, props, style); }, { maxWidth: 340 });
      var parts = [line, arrowMarker(map, points, 0.55, style.color), arrowMarker(map, points, 0.93, style.color)];
      var day = props.date ? Date.parse(props.date) / DAY_MS : NaN;
      state.filtered.push({ group: group, parts: parts, names: [props.source, props.target],
        span: isFinite(day) ? dayInterval(Math.floor(day), props.dp) : null });
      parts.forEach(function (part) { group.addLayer(part); });
    });
    return group;
  }

  function relationTip(state, props, style) {
    var tip = el("div", "gm-tip gm-popup");
    tip.appendChild(el("b", null, style.label));
    tip.appendChild(el("div", null, props.source + " → " + props.target));
    if (props.date) {
      var day = Date.parse(props.date) / DAY_MS;
      tip.appendChild(el("div", "gm-muted", formatEventDate(day, props.dp) + " (" + (DATE_PRECISION_LABELS[props.dp] || "") + ")"));
    }
    if (props.claimed_by) { tip.appendChild(el("div", null, "Claimed by " + props.claimed_by)); }
    if (props.description) { tip.appendChild(el("p", "gm-pop-notes", props.description)); }
    if (props.sources.length) {
      var box = el("div", "gm-pop-sources");
      box.appendChild(el("span", "gm-muted", "Sources: "));
      props.sources.forEach(function (entry, k) {
        if (k) { box.appendChild(document.createTextNode("; ")); }
        box.appendChild(linkOrText(entry[0], entry[1]));
      });
      tip.appendChild(box);
    }
    return tip;
  }

  /* ---------- controls shared with the published site (publish/site.js) ---------- */

  function isolate(node) {
    L.DomEvent.disableClickPropagation(node);
    L.DomEvent.disableScrollPropagation(node);
    return node;
  }

  /* The title block: title, subtitle, a line saying what is shown (.range), the caveats. */
  function titleBlock(title, subtitle, notes) {
    var box = el("div", "gm-title leaflet-bar");
    box.appendChild(el("div", "gm-title-main", title));
    if (subtitle) { box.appendChild(el("div", "gm-subtitle", subtitle)); }
    var range = box.appendChild(el("div", "gm-daterange"));
    notes.forEach(function (note) { box.appendChild(el("div", "gm-caveat", note)); });
    return { box: isolate(box), range: range };
  }

  /* Popups open clear of the title block and the other controls of the top corners
     (zoom buttons, search, layer list, the events in view): Leaflet keeps controls above
     popups, so a popup panned only into the map's frame could sit under them, its first
     lines hidden (phones). Once Leaflet's own pan is done, a popup that overlaps one is
     panned down below it (and below any it would then meet). */
  function keepPopupsBelow(map, title) {
    map.on("popupopen", function (e) {
      fitPopupWidth(map, e.popup);
      var check = function () { clearOfControls(map, e.popup, title); };
      if (map._panAnim && map._panAnim._inProgress) { map.once("moveend", check); } else { check(); }
    });
  }

  /* A popup no wider than the map has room for: its maxWidth was chosen for a desktop,
     and on a phone 360 px of content and its frame ran past the screen's right edge,
     the close button off the screen. The width asked at first is kept for a wider map. */
  function fitPopupWidth(map, popup) {
    var options = popup.options, room = Math.max(map.getSize().x - 60, 120);
    if (options.gmMaxWidth === undefined) { options.gmMaxWidth = options.maxWidth; options.gmMinWidth = options.minWidth; }
    var widest = Math.min(options.gmMaxWidth, room);
    if (widest === options.maxWidth) { return; }
    options.maxWidth = widest;
    options.minWidth = Math.min(options.gmMinWidth, widest);
    popup.update();
  }

  function clearOfControls(map, popup, title) {
    if (!popup.isOpen() || !popup.getElement()) { return; }
    var box = popup.getElement().getBoundingClientRect(), height = box.bottom - box.top;
    var nodes = [title].concat(Array.prototype.slice.call(map.getContainer().querySelectorAll(".leaflet-top .leaflet-control")));
    var bars = nodes.map(function (node) { return node.getBoundingClientRect(); }).filter(function (bar) {
      return bar.width && bar.height && box.left < bar.right && box.right > bar.left;
    }).sort(function (a, b) { return a.top - b.top; });
    var top = box.top, limit = map.getContainer().getBoundingClientRect().bottom - 60;
    bars.forEach(function (bar) {
      if (bar.top < top + height && bar.bottom + 10 > top) { top = bar.bottom + 10; }
    });
    top = Math.min(top, Math.max(box.top, limit));  // its first lines stay on the map
    if (top > box.top) { map.panBy([0, box.top - top]); }
  }

  /* The map's opening frame clear of its controls. Each control is counted against the
     one side of the map where it costs the smaller share of the map (the title block
     against the top, the legend against the right, the time panel against the bottom),
     and ``bounds`` is fitted into what is left, so that what the map frames is not drawn
     under a panel. A map mostly covered by its controls (a short embed) is framed whole
     in that direction. */
  function clearPadding(map) {
    var size = map.getSize(), box = map.getContainer().getBoundingClientRect();
    var pad = { top: 0, right: 0, bottom: 0, left: 0 };
    map.getContainer().querySelectorAll(".leaflet-control").forEach(function (node) {
      var r = node.getBoundingClientRect();
      if (!r.width || !r.height) { return; }
      var sides = [["left", r.right - box.left, size.x], ["right", box.right - r.left, size.x],
        ["top", r.bottom - box.top, size.y], ["bottom", box.bottom - r.top, size.y]];
      sides.sort(function (a, b) { return a[1] / a[2] - b[1] / b[2]; });
      pad[sides[0][0]] = Math.max(pad[sides[0][0]], Math.ceil(sides[0][1]));
    });
    if (size.x - pad.left - pad.right < 0.35 * size.x) { pad.left = pad.right = 0; }
    if (size.y - pad.top - pad.bottom < 0.35 * size.y) { pad.top = pad.bottom = 0; }
    return pad;
  }

  /* ``then()`` now if the map has a size, else once it gets one. A map hidden when its page
     loads (an iframe or a fragment in a closed tab or a collapsed box of a host page) is 0 x 0
     pixels: a fit then zooms to NaN and the map opens on a blank world. Leaflet hears of the
     iframe's window growing (later), not of a fragment's box being shown: the container is
     watched. */
  function whenShown(map, then) {
    var container = map.getContainer();
    var sized = function () { return container.clientWidth > 0 && container.clientHeight > 0; };
    // Leaflet may still hold the size it measured before the box was laid out
    if (sized()) { map.invalidateSize({ animate: false }); then(); return; }
    if (!window.ResizeObserver) { map.once("resize", then); return; }
    var watch = new ResizeObserver(function () {
      if (!sized()) { return; }
      watch.disconnect();
      map.invalidateSize({ animate: false });
      then();
    });
    watch.observe(container);
  }

  function fitClear(map, bounds) {
    var pad = clearPadding(map), margin = 8;
    map.fitBounds(bounds, { paddingTopLeft: [pad.left + margin, pad.top + margin],
      paddingBottomRight: [pad.right + margin, pad.bottom + margin], animate: false });
  }

  /* Compact maps (phones, narrow embeds) get the class gm-compact (smaller controls, search
     behind a button) and a one-line attribution along the map's foot, below the left corner.
     On a wider map a long attribution (several datasets' credits) wraps across the foot:
     the left corner (scale, time filter) then stands above it too, never under it. */
  function compactLayout(map, compact) {
    var container = map.getContainer();
    container.classList.toggle("gm-compact", compact);
    var attribution = map.attributionControl && map.attributionControl.getContainer();
    // its corner is as wide as its content: the limit must be the map's width, in pixels
    if (attribution) { attribution.style.maxWidth = compact ? (map.getSize().x - 10) + "px" : ""; }
    drawerLayout(map);  // after the attribution's width: the drawer stops above it
    var corner = container.querySelector(".leaflet-bottom.leaflet-left");
    if (!corner) { return; }
    corner.style.bottom = "";
    if (attribution && (compact || coversAny(attribution, corner.children))) {
      corner.style.bottom = attribution.offsetHeight + "px";
    }
  }

  /* An open Explore drawer (either page's) over the map's left side: on a map wide enough
     for the title block and the time filter beside it, they move right of it and stay
     usable (the drawer's lists follow the time range); on a narrower one they stay under
     it, hidden whole (a compact map's drawer covers all of it, as before). Before, the single page's drawer covered them but for the title
     block's edge, and the time filter could not be reached while exploring; the site's
     moved them at every width, under the search, layer list and legend at 800 x 600.
     The drawer ends above the attribution, whose credits (Natural Earth, GeoNames, OSM,
     the datasets) are a licence duty: before, it covered the attribution's left part at
     every width (a phone's whole line, 1400 x 900's "Leaflet | Data: Bound"). */
  var DRAWER_BESIDE = 1100;

  function drawerLayout(map) {
    var container = map.getContainer(), open = !!container.querySelector(".gm-drawer:not([hidden])");
    var beside = open && map.getSize().x >= DRAWER_BESIDE;
    container.classList.toggle("gm-drawer-beside", beside);
    // a compact map's drawer covers it whole: nothing there to hide
    container.classList.toggle("gm-drawer-over", open && !beside && !container.classList.contains("gm-compact"));
    var attribution = map.attributionControl && map.attributionControl.getContainer();
    var foot = attribution && attribution.offsetHeight ? attribution.offsetHeight + "px" : "";
    Array.prototype.forEach.call(container.querySelectorAll(".gm-drawer"), function (drawer) {
      drawer.style.bottom = foot;
    });
  }

  function coversAny(box, elements) {
    var a = box.getBoundingClientRect();
    return Array.prototype.some.call(elements, function (element) {
      var b = element.getBoundingClientRect();
      return b.width > 0 && a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    });
  }

  /* The legend: a "Legend" button that folds its body; folded from the start unless open. */
  function legendBox(open) {
    var box = el("div", "gm-legend leaflet-bar"), body = el("div", "gm-legend-body");
    var toggle = el("button", "gm-legend-toggle", "Legend");
    toggle.type = "button";
    function show(on) {
      body.style.display = on ? "" : "none";
      toggle.setAttribute("aria-expanded", on ? "true" : "false");
    }
    toggle.addEventListener("click", function () { show(body.style.display === "none"); });
    show(open);
    box.appendChild(toggle);
    box.appendChild(body);
    return { box: isolate(box), body: body };
  }

  function legendSection(title) {
    var box = el("div", "gm-legend-section");
    box.appendChild(el("div", "gm-legend-title", title));
    return box;
  }

  /* Rows of [sample node, text] appended to a legend section. */
  function legendRows(box, entries) {
    entries.forEach(function (entry) {
      var line = el("div", "gm-legend-row");
      line.appendChild(entry[0]);
      line.appendChild(el("span", null, entry[1]));
      box.appendChild(line);
    });
    return box;
  }

  /* An event type's legend row, a button: toggle() hides or shows the type and returns
     whether it is shown now. Returns the row's label (its text carries the counts). */
  function typeRow(box, style, text, toggle) {
    var line = el("div", "gm-legend-row gm-legend-type"), label = el("span", null, text);
    line.appendChild(shapeSvg(style.shape, style.color, true));
    line.appendChild(label);
    // a type beyond those with a style of their own (styles.type_styles): drawn in the grey
    // of "Other", as the others beyond; the row says so
    if (style.shared) { line.appendChild(el("span", "gm-muted gm-type-shared", " \u00B7 grey, shared")); }
    line.setAttribute("role", "button");
    line.tabIndex = 0;
    markTypeRow(line, true);
    function press() { markTypeRow(line, toggle()); }
    line.addEventListener("click", press);
    line.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); press(); }
    });
    box.appendChild(line);
    return label;
  }

  function markTypeRow(line, on) {
    line.classList.toggle("gm-off", !on);
    line.setAttribute("aria-pressed", on ? "true" : "false");
  }

  /* Marker sizes: a dot per sample count of the styles' marker_size. */
  function sizeSection(size, title) {
    var box = legendSection(title), line = el("div", "gm-legend-row gm-sizes");
    size.legend_fatalities.forEach(function (f) {
      var r = Math.min(size.base + size.scale * Math.sqrt(f), size.max);
      var dot = el("span", "gm-size-dot");
      dot.style.width = dot.style.height = (2 * r) + "px";
      line.appendChild(dot);
      line.appendChild(el("span", "gm-size-label", number(f)));
    });
    box.appendChild(line);
    return box;
  }

  /* How an event's place is drawn, by how well it is known. */
  function precisionRows() {
    return [
      [shapeSvg("circle", "#555", true), "Exact place or near it"],
      [shapeSvg("circle", "#555", false, "2 2"), "Somewhere in a district or province (marker at its centre)"],
      [el("span", "gm-country-swatch", "n"), "Known only to the country: counted on it, not drawn as a point"]
    ];
  }

  /* ---------- time histogram (the single page's workbench.js and the published site) ---------- */

  var HISTOGRAM_BINS = 90;

  /* The time filter's histogram: events (or fatalities) per period from o.first to o.last
     (whole o.unit: "day" or "month"), at most HISTOGRAM_BINS bars, the selected period
     (o.range(): [a, b]) dark; drag or click to select a period (o.onBrush(a, b)).
     o.count(add) calls add(at, events, fatalities) for what the filters other than time
     keep; it runs again only when o.key() changes. update() recounts and draws, from the
     first paint on (not while the map opens). Used by workbench.js and the published site. */
  function Histogram(o) {
    var self = this;
    this.o = o;
    this.first = o.first;
    this.width = Math.max(1, Math.ceil((o.last - o.first + 1) / HISTOGRAM_BINS));
    this.bins = Math.ceil((o.last - o.first + 1) / this.width);
    this.measure = "events";
    this.node = el("div", "gm-histogram");
    var head = el("div", "gm-histogram-head");
    this.caption = el("span", "gm-histogram-caption");
    this.toggle = button("Fatalities", "gm-histogram-measure", "Show fatalities per period");
    head.appendChild(this.caption); head.appendChild(this.toggle);
    this.canvas = el("canvas", "gm-histogram-canvas");
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute("role", "img");
    this.node.appendChild(head); this.node.appendChild(this.canvas);
    this.toggle.addEventListener("click", function () {
      self.measure = self.measure === "events" ? "fatalities" : "events";
      self.toggle.textContent = self.measure === "events" ? "Fatalities" : "Events";
      self.toggle.setAttribute("aria-label", "Show " + (self.measure === "events" ? "fatalities" : "events") + " per period");
      self.draw();
    });
    this.brushing(o.onBrush);
    this.ready = false;  // counted after the first paint, not while the map opens
    setTimeout(function () { self.ready = true; self.update(); }, 0);
  }

  Histogram.prototype.binOf = function (day) {
    return Math.max(0, Math.min(this.bins - 1, Math.floor((day - this.first) / this.width)));
  };

  /* Recount only when a filter other than time changed (type switches, filter mask). */
  Histogram.prototype.update = function () {
    if (!this.ready) { return; }
    var key = this.o.key();
    if (key !== this.key) { this.key = key; this.count(); }
    this.draw();
  };

  Histogram.prototype.count = function () {
    var self = this, events = this.events = new Float64Array(this.bins);
    var fatalities = this.fatalities = new Float64Array(this.bins);
    this.o.count(function (at, n, f) {
      var k = self.binOf(at);
      events[k] += n;
      fatalities[k] += f;
    });
  };

  Histogram.prototype.draw = function () {
    if (!this.events) { return; }
    var canvas = this.canvas, ratio = window.devicePixelRatio || 1;
    var w = canvas.clientWidth || 300, h = canvas.clientHeight || 36;
    canvas.width = Math.round(w * ratio); canvas.height = Math.round(h * ratio);
    var ctx = canvas.getContext("2d"), values = this[this.measure], max = 0, total = 0;
    values.forEach(function (v) { if (v > max) { max = v; } total += v; });
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, w, h);
    var range = this.o.range(), barW = w / this.bins;
    for (var k = 0; k < this.bins; k++) {
      if (!values[k]) { continue; }
      var a = this.first + k * this.width, b = a + this.width - 1;
      var bar = Math.max(1, Math.round((h - 2) * Math.sqrt(values[k] / max)));
      ctx.fillStyle = b >= range[0] && a <= range[1] ? "#35566e" : "#c3ccd4";
      ctx.fillRect(k * barW, h - bar, Math.max(barW - 0.5, 0.8), bar);
    }
    if (this.drag) {
      ctx.fillStyle = "rgba(53,86,110,0.18)";
      ctx.fillRect(Math.min(this.drag[0], this.drag[1]), 0, Math.abs(this.drag[1] - this.drag[0]) + 1, h);
    }
    var what = this.measure === "events" ? "events" : "fatalities";
    // whole numbers: an event known only to a year counts a twelfth in each of its months
    this.caption.textContent = number(Math.round(total)) + " " + what + " · max " + number(Math.round(max)) + " per "
      + (this.width === 1 ? this.o.unit : this.width + " " + this.o.unit + "s");
    this.caption.title = "Bar height grows with the square root of the count";
    canvas.setAttribute("aria-label", "Histogram of " + what + " over time; drag to select a period");
  };

  Histogram.prototype.valueAt = function (x) {
    var w = this.canvas.clientWidth || 1;
    return this.first + Math.floor(Math.max(0, Math.min(x, w - 1)) / w * this.bins) * this.width;
  };

  Histogram.prototype.brushing = function (onBrush) {
    var self = this, canvas = this.canvas;
    function x(e) { return e.clientX - canvas.getBoundingClientRect().left; }
    canvas.addEventListener("pointerdown", function (e) {
      self.drag = [x(e), x(e)];
      if (canvas.setPointerCapture) { canvas.setPointerCapture(e.pointerId); }
      e.preventDefault();
    });
    canvas.addEventListener("pointermove", function (e) {
      if (!self.drag) { return; }
      self.drag[1] = x(e);
      self.draw();
    });
    canvas.addEventListener("pointerup", function () {
      if (!self.drag) { return; }
      var a = self.valueAt(Math.min(self.drag[0], self.drag[1]));
      var b = self.valueAt(Math.max(self.drag[0], self.drag[1])) + self.width - 1;
      self.drag = null;
      onBrush(a, b);
    });
  };

  /* ---------- CSV of events (the single page's workbench.js and the published site) ---------- */

  function isoDay(day) { return new Date(day * DAY_MS).toISOString().slice(0, 10); }

  /* The columns of an exported event: both pages write the same CSV. */
  var CSV_FIELDS = ["event_id", "event_date", "event_type", "sub_event_type", "actor1", "assoc_actor_1",
    "actor2", "assoc_actor_2", "fatalities", "place", "latitude", "longitude", "geo_precision",
    "time_precision", "notes", "source_url"];

  /* A CSV cell: text that a spreadsheet would run as a formula gets a leading apostrophe. */
  function csvCell(value) {
    if (value === null || value === undefined) { return ""; }
    var text = String(value);
    if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) { text = "'" + text; }
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  /* The columns of the source, where the records have them (the single page's do; a
     published site's tiles carry neither): its dataset, and its file on a map of several. */
  var SOURCE_FIELDS = ["dataset", "source_file"];

  /* Records (objects keyed by CSV_FIELDS, and SOURCE_FIELDS where they have them) as CSV
     text, with a BOM so spreadsheets read UTF-8. */
  function eventsCsv(records) {
    var fields = CSV_FIELDS.concat(SOURCE_FIELDS.filter(function (f) {
      return records.some(function (r) { return f in r; });
    }));
    var lines = [fields.join(",")];
    records.forEach(function (r) { lines.push(fields.map(function (f) { return csvCell(r[f]); }).join(",")); });
    return "\ufeff" + lines.join("\r\n") + "\r\n";
  }

  /* Records (as for eventsCsv, with latitude and longitude) as a GeoJSON FeatureCollection:
     a point per event, the other fields its properties. */
  function eventsGeojson(records) {
    var features = records.map(function (r) {
      var props = {};
      Object.keys(r).forEach(function (k) { if (k !== "latitude" && k !== "longitude") { props[k] = r[k]; } });
      return { type: "Feature", geometry: { type: "Point", coordinates: [r.longitude, r.latitude] }, properties: props };
    });
    return JSON.stringify({ type: "FeatureCollection", features: features });
  }

  /* Save content (text or a Blob) as a file named name. */
  function download(name, content, type) {
    var url = URL.createObjectURL(content instanceof Blob ? content : new Blob([content], { type: type }));
    var a = el("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  /* A file name from a map's title: "Sahel: 2024" -> "sahel-2024-<what>.<extension>". */
  function fileName(title, what, extension) {
    var stem = (title || "geomap").replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60);
    return (stem || "geomap").toLowerCase() + "-" + what + "." + extension;
  }

  /* ---------- the view as an image (the single page's workbench.js and the published site) ---------- */

  /* The map's view as a canvas for a briefing: its SVG and canvas layers (vector tiles,
     choropleth, markers) drawn on one canvas in pane order, the labels' text over them, and
     below them a caption of ``caption`` lines (the first in bold). Drawn here rather than by
     a DOM-to-image library: the layers are already SVG or canvas, so no markup needs
     rasterising and nothing is loaded. Raster tiles (img elements) are not drawn: those of another
     origin would taint the canvas. A promise. */
  function viewImage(map, caption) {
    var root = map.getContainer(), size = map.getSize(), ratio = window.devicePixelRatio || 1;
    var band = 18 * caption.length + 12;
    var canvas = el("canvas"), ctx = canvas.getContext("2d"), origin = root.getBoundingClientRect();
    canvas.width = Math.round(size.x * ratio); canvas.height = Math.round((size.y + band) * ratio);
    ctx.scale(ratio, ratio);
    ctx.fillStyle = getComputedStyle(root).backgroundColor || "#d6e6ef";
    ctx.fillRect(0, 0, size.x, size.y);
    var layers = Array.prototype.slice.call(root.querySelectorAll(".leaflet-map-pane svg, .leaflet-map-pane canvas"))
      .filter(function (node) { return node.getBoundingClientRect().width > 0; })
      .sort(function (a, b) { return paneZ(a) - paneZ(b); });
    return Promise.all(layers.map(function (node) { return layerImage(node); })).then(function (images) {
      images.forEach(function (image, k) {
        var r = layers[k].getBoundingClientRect();
        ctx.drawImage(image, r.left - origin.left, r.top - origin.top, r.width, r.height);
      });
      drawLabels(ctx, root, origin);
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, size.y, size.x, band);
      ctx.fillStyle = "#222";
      caption.forEach(function (line, k) {
        ctx.font = (k ? "" : "600 ") + "13px system-ui, sans-serif";
        ctx.fillText(line, 8, size.y + 18 + 18 * k, size.x - 16);
      });
      return canvas;
    });
  }

  /* Save the view (viewImage) as PNG file ``name``; a promise. */
  function downloadViewPng(map, caption, name) {
    return viewImage(map, caption).then(function (canvas) {
      return new Promise(function (resolve) { canvas.toBlob(resolve, "image/png"); });
    }).then(function (blob) { download(name, blob); });
  }

  function paneZ(node) {
    var pane = node.closest(".leaflet-pane");
    return +(getComputedStyle(pane).zIndex) || 0;
  }

  /* An SVG layer as an image (a canvas layer is one already). */
  function layerImage(node) {
    if (node.tagName.toLowerCase() === "canvas") { return Promise.resolve(node); }
    var copy = node.cloneNode(true), r = node.getBoundingClientRect();
    copy.setAttribute("width", r.width); copy.setAttribute("height", r.height);
    copy.style.transform = "";
    var url = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(copy)], { type: "image/svg+xml" }));
    var image = new Image();
    return new Promise(function (resolve) {
      image.onload = function () { URL.revokeObjectURL(url); resolve(image); };
      image.onerror = function () { URL.revokeObjectURL(url); resolve(el("canvas")); };  // an empty layer
      image.src = url;
    });
  }

  /* Labels drawn as text: place names, region names, country counts, actors, clusters. */
  function drawLabels(ctx, root, origin) {
    var nodes = root.querySelectorAll(".gm-place, .gm-region-label, .gm-country-count, .gm-actor-name, .gm-cluster > span");
    Array.prototype.forEach.call(nodes, function (node) {
      var r = node.getBoundingClientRect(), style = getComputedStyle(node);
      if (!r.width || !node.textContent || style.visibility === "hidden") { return; }
      ctx.font = style.fontStyle + " " + style.fontWeight + " " + style.fontSize + " " + style.fontFamily;
      ctx.textBaseline = "middle";
      var x = r.left - origin.left + (node.classList.contains("gm-place") ? 7 : 2), y = r.top - origin.top + r.height / 2;
      ctx.lineWidth = 3; ctx.strokeStyle = "rgba(255,255,255,0.9)";
      ctx.strokeText(node.textContent, x, y);
      ctx.fillStyle = style.color;
      ctx.fillText(node.textContent, x, y);
    });
    ctx.textBaseline = "alphabetic";
  }

  /* ---------- sortable table of events (the single page's workbench.js and the published site) ---------- */

  var TABLE_PAGE = 25;

  /* A table of events, a page of TABLE_PAGE rows at a time, sorted by a column (its header
     turns the order). o.columns: [{key, label, numeric, optional, value(row), text(row)}]
     (value sorts, text shows; rows are the caller's: indexes, tile hits; an optional
     column is left out while no row has a value in it), o.sort: {key, dir}
     (dir 1 ascending), o.open(row): a row was clicked or picked with Enter, o.limit: at
     most this many rows, the first in the table's order (the pager says "of the first N of
     M"). show(rows) sorts them (each row's value worked out once) and draws; ties keep
     the order given. Every text is set with textContent. */
  /* A token no column of a phone's table holds whole: its cell may break it anywhere. */
  var LONG_TOKEN = /\S{16,}/;

  function EventTable(o) {
    var self = this;
    this.columns = o.columns;
    this.open = o.open;
    this.sort = o.sort;
    this.limit = o.limit || Infinity;
    this.page = 0;
    this.given = [];
    this.node = el("div", "gm-table-box");
    var table = this.node.appendChild(el("table", "gm-table")), head = el("tr");
    this.heads = this.columns.map(function (column) {
      var th = head.appendChild(el("th")), b = th.appendChild(button(column.label, "gm-sort"));
      th.setAttribute("aria-sort", "none");
      b.addEventListener("click", function () { self.sortBy(column.key); });
      return th;
    });
    table.appendChild(el("thead")).appendChild(head);
    this.body = table.appendChild(el("tbody"));
    this.table = table;
    // no events to list: this line, not an empty table with "0–0 of 0" and its pager
    this.empty = this.node.appendChild(el("div", "gm-muted gm-table-empty", "No events to list."));
    var pager = this.pager = this.node.appendChild(el("div", "gm-table-pager"));
    this.prev = pager.appendChild(button("\u2039 Previous", "gm-table-prev"));
    this.label = pager.appendChild(el("span", "gm-table-label"));
    this.next = pager.appendChild(button("Next \u203A", "gm-table-next"));
    this.prev.addEventListener("click", function () { self.page--; self.draw(); });
    this.next.addEventListener("click", function () { self.page++; self.draw(); });
  }

  /* A header was clicked: the same column again turns the order, another sorts by it
     (dates and numbers newest and largest first). */
  EventTable.prototype.sortBy = function (key) {
    var numeric = key === "date" || this.column(key).numeric;
    this.sort = { key: key, dir: this.sort.key === key ? -this.sort.dir : (numeric ? -1 : 1) };
    this.page = 0;
    this.show(this.given);
  };

  EventTable.prototype.column = function (key) {
    return this.columns.filter(function (c) { return c.key === key; })[0];
  };

  EventTable.prototype.show = function (rows) {
    var value = this.column(this.sort.key).value, dir = this.sort.dir;
    var keys = rows.map(function (row) { return value(row); });
    var order = rows.map(function (row, k) { return k; });
    order.sort(function (a, b) {
      var x = keys[a], y = keys[b];
      var c = typeof x === "string" ? x.localeCompare(y) : x - y;
      return dir * c || a - b;
    });
    this.given = rows;
    this.rows = order.slice(0, this.limit).map(function (k) { return rows[k]; });
    // an optional column (Actor 1) none of the events has a value in is left out: a map
    // of a sheet without actors showed an empty column
    this.shown = this.columns.map(function (column) {
      return !column.optional || rows.some(function (row) {
        var v = column.value(row);
        return v !== null && v !== undefined && v !== "";
      });
    });
    this.draw();
  };

  /* Texts longer than this many characters have their whole text as the cell's title
     (they may be cut at three lines: .gm-cell). */
  var CELL_TITLE = 24;

  EventTable.prototype.draw = function () {
    var self = this, rows = this.rows || [], shown = this.shown || [];
    var columns = this.columns.filter(function (column, k) { return shown[k] !== false; });
    var pages = Math.max(1, Math.ceil(rows.length / TABLE_PAGE));
    this.page = Math.max(0, Math.min(this.page, pages - 1));
    this.body.textContent = "";
    rows.slice(this.page * TABLE_PAGE, (this.page + 1) * TABLE_PAGE).forEach(function (row) {
      var tr = self.body.appendChild(el("tr", "gm-table-row"));
      tr.tabIndex = 0;
      columns.forEach(function (column) {
        var value = column.text ? column.text(row) : column.value(row);
        var text = value === null || value === undefined ? "" : String(value);
        if (column.numeric || column.key === "date") { tr.appendChild(el("td", column.numeric ? "gm-num" : null, text)); return; }
        // a long text (an actor's full name) shows three lines at most, whole on hover
        // and in the popup a tap on the row opens; the data is never shortened
        var td = tr.appendChild(el("td", LONG_TOKEN.test(text) ? "gm-long" : null));
        td.appendChild(el("div", "gm-cell", text));
        if (text.length > CELL_TITLE) { td.title = text; }
      });
      tr.addEventListener("click", function () { self.open(row); });
      tr.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); self.open(row); } });
    });
    this.heads.forEach(function (th, k) {
      var column = self.columns[k];
      th.style.display = shown[k] === false ? "none" : "";
      th.setAttribute("aria-sort", column.key === self.sort.key ? (self.sort.dir > 0 ? "ascending" : "descending") : "none");
    });
    this.table.style.display = this.pager.style.display = rows.length ? "" : "none";
    this.empty.style.display = rows.length ? "none" : "";
    var first = rows.length ? this.page * TABLE_PAGE + 1 : 0;
    this.label.textContent = number(first) + "\u2013" + number(Math.min(rows.length, (this.page + 1) * TABLE_PAGE)) + " of "
      + (this.given.length > rows.length ? "the first " + number(rows.length) + " of " : "") + number(this.given.length);
    this.prev.disabled = this.page === 0;
    this.next.disabled = this.page >= pages - 1;
  };

  /* ---------- state in the URL fragment (the single page's workbench.js and the published site) ---------- */

  /* Milliseconds between the last change and the fragment's update (a drag or a playing
     time filter writes once, not at every step). */
  var HASH_DELAY = 250;

  /* The values of the page's fragment: get(key) is the value of prefix + key ("" when absent). */
  /* Whether a link's list of names joined by "|" ("Protests|Riots") names ``name``: found
     whole between separators, so a name that holds a "|" (a file "north|south.csv") is
     found too, where splitting at every "|" lost it. */
  function namedIn(value, name) {
    return ("|" + (value || "") + "|").indexOf("|" + name + "|") >= 0;
  }

  function hashValues(prefix) {
    var params = new URLSearchParams(window.location.hash.slice(1));
    return function (key) { return params.get(prefix + key) || ""; };
  }

  /* A view "lat,lon,zoom" as [lat, lon, zoom], the zoom within the map's; null unless three
     numbers on the globe (a mistyped or hostile link opens the map's own view). */
  function parseView(value, map) {
    var v = String(value).split(",").map(function (part) { return part.trim() ? Number(part) : NaN; });
    if (v.length !== 3 || !v.every(isFinite) || Math.abs(v[0]) > 90 || Math.abs(v[1]) > 180) { return null; }
    return [v[0], v[1], Math.max(map.getMinZoom(), Math.min(v[2], map.getMaxZoom()))];
  }

  function viewValue(map) {
    var c = map.getCenter().wrap();
    return [c.lat.toFixed(4), c.lng.toFixed(4), map.getZoom()].join(",");
  }

  /* Keeps the fragment up to date: the returned later() (also called on every move of the
     map) writes the view and o.values() ({key: text}, "" drops the key) under o.prefix,
     HASH_DELAY after the last change; other keys of the fragment are kept. replaceState: a
     move is not a step in the browser's history. */
  function hashWriter(map, prefix, values) {
    var timer = null;
    function write() {
      var params = new URLSearchParams(window.location.hash.slice(1)), all = values();
      all.view = viewValue(map);
      Object.keys(all).forEach(function (key) {
        if (all[key]) { params.set(prefix + key, all[key]); } else { params.delete(prefix + key); }
      });
      var hash = "#" + params.toString();
      if (hash !== window.location.hash) { history.replaceState(history.state, "", hash); }
    }
    function later() { clearTimeout(timer); timer = setTimeout(write, HASH_DELAY); }
    map.on("moveend", later);
    return later;
  }

  /* ---------- search box (the single page's workbench.js and the published site) ---------- */

  var SEARCH_RESULTS = 12;

  /* Lower case without accents: "Ségou" is found by "segou". */
  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  /* An entry of a search index: what the box lists (label, kind), how it ranks among
     equal matches (lower first) and go(), called when it is picked. */
  function searchEntry(label, kind, rank, go) {
    return { label: label, key: fold(label), kind: kind, rank: rank, go: go };
  }

  /* The best entries for folded query q: matches at the start, then at a word, then
     anywhere; then by rank and by length. */
  function findIn(index, q) {
    var found = [];
    index.forEach(function (entry) {
      var at = entry.key.indexOf(q);
      if (at < 0) { return; }
      var word = at === 0 ? 0 : /[\s,(\-]/.test(entry.key.charAt(at - 1)) ? 1 : 2;
      found.push([word, entry.rank, entry.label.length, entry]);
    });
    found.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]; });
    return found.slice(0, SEARCH_RESULTS).map(function (f) { return f[3]; });
  }

  /* A button (not a form's submit) with an accessible name where the text is a symbol. */
  function button(text, className, label) {
    var b = el("button", className, text);
    b.type = "button";
    if (label) { b.setAttribute("aria-label", label); b.title = label; }
    return b;
  }

  /* The button that opens the filters (either page's Explore) says how many are on, in a
     badge shown at every width ("2 filters", on a phone "2"), and names them in its title and accessible name: on a
     phone, with the drawer closed and the legend folded, nothing said why the map showed
     fewer events. ``label`` is the button's name with no filter on. */
  function markFilters(button, filters, label) {
    var badge = button.querySelector(".gm-filter-badge");
    if (!badge) { badge = button.appendChild(el("span", "gm-filter-badge")); }
    var n = filters.length;
    badge.textContent = n ? String(n) : "";
    if (n) { badge.appendChild(el("span", "gm-filter-word", n === 1 ? " filter" : " filters")); }  // a phone: the number
    badge.hidden = !n;
    button.classList.toggle("gm-filtered", !!n);
    var name = n ? label + " (filter on: " + filters.join(", ") + ")" : label;
    button.setAttribute("aria-label", name);
    button.title = name;
  }

  /* The search box (top right): a field (on compact maps a button that opens it) and a list
     of results, keyboard-driven. o.label names it; o.index() makes the entries
     (searchEntry), once, at the first search: an array, or a promise of one (a file to
     fetch first; the box says "Loading" meanwhile). Returns the box. */
  function searchBox(o) {
    var box = isolate(el("div", "gm-search leaflet-bar")), search = { index: null, results: [], active: -1 };
    var open = box.appendChild(button("\u2315", "gm-search-open", o.label));
    var field = box.appendChild(el("input", "gm-input gm-search-input"));
    field.type = "search"; field.placeholder = o.placeholder;
    field.setAttribute("aria-label", o.label);
    field.setAttribute("role", "combobox");
    field.setAttribute("aria-expanded", "false");
    var list = box.appendChild(el("ul", "gm-search-results"));
    list.setAttribute("role", "listbox");
    function clear() { list.textContent = ""; search.results = []; field.setAttribute("aria-expanded", "false"); }
    function choose(k) {
      var entry = search.results[k];
      if (!entry) { return; }
      field.value = entry.label;
      clear();
      field.blur();  // on a phone the field folds back into its button
      entry.go();
    }
    function show(query) {
      clear();
      var q = fold(query.trim());
      if (q.length < 2 || !ensureIndex(query)) { return; }
      search.results = findIn(search.index, q);
      search.results.forEach(function (entry, k) {
        var item = list.appendChild(el("li", "gm-search-result"));
        item.setAttribute("role", "option");
        item.appendChild(el("span", null, entry.label));
        item.appendChild(el("span", "gm-muted", " " + entry.kind));
        item.addEventListener("mousedown", function (e) { e.preventDefault(); choose(k); });
      });
      if (!search.results.length) { list.appendChild(el("li", "gm-muted gm-search-none", "Nothing found")); }
      field.setAttribute("aria-expanded", "true");
      search.active = -1;
    }
    /* Whether the index is there; if it is still being made, show(query) once it is. */
    function ensureIndex(query) {
      if (search.index) { return true; }
      var made = search.making || o.index();
      if (!made || typeof made.then !== "function") { search.index = made; return true; }
      search.making = made;
      list.appendChild(el("li", "gm-muted gm-search-loading", "Loading\u2026"));
      made.then(function (index) {
        search.index = index;
        if (field.value === query) { show(query); }
      });
      return false;
    }
    function mark(k) {
      search.active = k;
      Array.prototype.forEach.call(list.children, function (item, j) {
        item.classList.toggle("gm-active", j === k);
        item.setAttribute("aria-selected", j === k ? "true" : "false");
      });
    }
    function key(e) {
      var n = search.results.length;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        if (n) { mark((search.active + (e.key === "ArrowDown" ? 1 : n - 1) + (search.active < 0 && e.key === "ArrowUp" ? 1 : 0)) % n); }
      } else if (e.key === "Enter" && n) {
        e.preventDefault();
        choose(Math.max(search.active, 0));
      } else if (e.key === "Escape") {
        field.value = "";
        clear();
      }
    }
    open.addEventListener("click", function () { box.classList.add("gm-search-active"); field.focus(); });
    field.addEventListener("input", function () { show(field.value); });
    field.addEventListener("keydown", key);
    field.addEventListener("blur", function () {
      setTimeout(function () {
        if (!box.contains(document.activeElement)) { box.classList.remove("gm-search-active"); clear(); }
      }, 150);
    });
    return box;
  }

  /* The time control: Play, "All dates", the range's label and two sliders on one rail,
     from o.first to o.last in whole o.unit ("date": days; "month"). o.format(value) labels
     a value; Play moves o.step units every o.interval ms; o.onRange(a, b) hears every
     change. Returns the box, its track (to put more above it), set(a, b), stop(), isAll()
     and apply() (shows the sliders' range and calls onRange). */
  function timeSlider(o) {
    var first = o.first, last = o.last, timer = null;
    var box = isolate(el("div", "gm-time leaflet-bar")), head = box.appendChild(el("div", "gm-time-head"));
    var play = head.appendChild(el("button", "gm-time-play", "\u25B6 Play"));
    var all = head.appendChild(el("button", "gm-time-all", "All dates"));
    play.type = all.type = "button";
    play.title = "Play through time"; play.setAttribute("aria-label", play.title);
    var label = head.appendChild(el("span", "gm-time-label"));
    // each end kept on one line: on a phone "1 Jan 2024 – 30 Apr 2024" broke inside a date;
    // the dash goes with the second (it stood alone on a line between them)
    function showRange(a, b) {
      label.textContent = "";
      label.appendChild(el("span", "gm-time-day", o.format(a)));
      label.appendChild(document.createTextNode(" "));
      var to = label.appendChild(el("span", "gm-time-to", "\u2013 "));
      to.appendChild(el("span", "gm-time-day", o.format(b)));
    }
    showRange(first, last);
    var track = box.appendChild(el("div", "gm-time-track")), rail = track.appendChild(el("div", "gm-time-rail"));
    var fill = rail.appendChild(el("div", "gm-time-fill"));
    function slider(value, name) {
      var node = track.appendChild(el("input", "gm-time-" + name));
      node.type = "range"; node.min = first; node.max = last; node.step = 1; node.value = value;
      node.setAttribute("aria-label", (name === "start" ? "First " : "Last ") + o.unit + " shown");
      return node;
    }
    var start = slider(first, "start"), end = slider(last, "end");
    function apply() {
      var a = Math.min(+start.value, +end.value), b = Math.max(+start.value, +end.value);
      var span = Math.max(last - first, 1);
      fill.style.left = (100 * (a - first) / span) + "%";
      fill.style.width = (100 * (b - a) / span) + "%";
      showRange(a, b);
      o.onRange(a, b);
    }
    function set(a, b) {
      stop();
      start.value = Math.max(first, Math.min(a, last));
      end.value = Math.max(first, Math.min(b, last));
      apply();
    }
    function stop() { if (timer) { clearInterval(timer); timer = null; play.textContent = "\u25B6 Play"; } }
    play.addEventListener("click", function () {
      if (timer) { stop(); return; }
      var width = Math.max(+end.value - +start.value, o.step);
      if (+end.value >= last || width >= last - first) {
        width = Math.max(Math.round((last - first) / 6), o.step);
        start.value = first; end.value = first + width;
      }
      play.textContent = "\u275A\u275A Pause";
      apply();
      timer = setInterval(function () {
        if (+end.value >= last) { stop(); return; }
        end.value = Math.min(+end.value + o.step, last);
        start.value = +end.value - width;
        apply();
      }, o.interval);
    });
    all.addEventListener("click", function () { set(first, last); });
    start.addEventListener("input", function () { stop(); apply(); });
    end.addEventListener("input", function () { stop(); apply(); });
    return { box: box, track: track, set: set, stop: stop, apply: apply,
      isAll: function () { return +start.value <= first && +end.value >= last; } };
  }

  /* ---------- title block and legend ---------- */

  var TitleControl = L.Control.extend({
    options: { position: "topleft" },
    initialize: function (state) { this.state = state; },
    onAdd: function () {
      var p = this.state.payload, block = titleBlock(p.title, p.subtitle, p.notes);
      this.range = block.range;
      this.update();
      return block.box;
    },
    update: function () {
      var events = this.state.events;
      if (!events || !this.range) { return; }
      var text = number(events.visibleCount) + " of " + number(events.n) + " events";
      var span = this.state.span;
      if (span) {
        var a = Math.max(events.range[0], span[0]), b = Math.min(events.range[1], span[1]);
        text += " · " + formatDay(a) + " – " + formatDay(b);
      }
      this.range.textContent = text;
    }
  });

  var LegendControl = L.Control.extend({
    options: { position: "bottomright" },
    initialize: function (state, open) { this.state = state; this.startOpen = open !== false; },
    onAdd: function () {
      var legend = legendBox(this.startOpen);
      this.body = legend.body;
      this.build();
      return legend.box;
    },
    build: function () {
      var state = this.state, body = this.body;
      body.textContent = "";
      if (state.events) {
        body.appendChild(this.typeSection());
        // a size key only when sizes differ: GDELT reports and an incident sheet without
        // a death toll showed "Size: reported fatalities" beside same-sized markers
        if (this.someFatalities()) { body.appendChild(this.sizeSection()); }
        body.appendChild(this.precisionSection());
      }
      if (state.choropleth) { body.appendChild(state.choropleth.legend()); }
      if (state.payload.relations.length) { body.appendChild(this.relationSection()); }
      body.appendChild(this.otherSection());
    },
    typeSection: function () {
      var state = this.state, events = state.events;
      var box = legendSection("Event type (click to hide or show)");
      var present = new Array(events.typeOn.length).fill(0), self = this;
      for (var i = 0; i < events.n; i++) { present[events.data.t[i]]++; }
      this.present = present;
      this.typeLabels = [];
      present.forEach(function (count, t) {  // only the types this map has
        if (!count) { return; }
        var style = events.styleOfType(t);
        var label = typeRow(box, style, style.name + " (" + number(count) + ")", function () {
          events.typeOn[t] = !events.typeOn[t];
          state.refresh();
          return events.typeOn[t];
        });
        self.typeLabels[t] = [label, style.name];
      });
      return box;
    },
    someFatalities: function () {
      var events = this.state.events;
      for (var i = 0; i < events.n; i++) { if (events.data.f[i] > 0) { return true; } }
      return false;
    },
    sizeSection: function () {
      var events = this.state.events, deaths = 0;
      for (var i = 0; i < events.n; i++) { if (events.isDeaths(i)) { deaths++; } }
      return sizeSection(this.state.payload.styles.marker_size, deaths === events.n
        ? "Size: deaths (best estimate)"
        : deaths ? "Size: reported fatalities or deaths" : "Size: reported fatalities");
    },
    precisionSection: function () {
      var rows = precisionRows(), mode = this.state.events.data.mode;
      if (mode === "heatmap") {
        rows.push([el("span", "gm-swatch gm-heat-swatch"), "Density of events (heatmap): light few, dark red many"]);
      }
      if (mode === "cluster") {
        rows.push([el("span", "gm-cluster gm-cluster-sample", "42"), "Group of events, coloured by type; click to zoom in"]);
      }
      return legendRows(legendSection("Where an event is known"), rows);
    },
    relationSection: function () { return relationLegend(this.state.payload); },
    otherSection: function () {
      var state = this.state, p = state.payload, box = el("div", "gm-legend-section");
      legendRows(box, storyLegendRows(p, p.highlight.length && state.highlight ? highlightRow(p.styles.highlight) : null));
      this.unplaced = el("div", "gm-muted gm-unplaced");
      box.appendChild(this.unplaced);
      return box;
    },
    update: function (counts) {
      this.updateTypes();
      if (!this.unplaced || !counts) { return; }
      this.unplaced.textContent = counts.unplaced
        ? number(counts.unplaced) + " events known only to a multi-country region or a country without an outline are not drawn"
        : "";
    }
  });

  /* Type counts in the legend: "shown of total" while a filter hides some. */
  LegendControl.prototype.updateTypes = function () {
    var events = this.state.events, labels = this.typeLabels, present = this.present;
    if (!events || !labels) { return; }
    var shown = new Array(present.length).fill(0), t = events.data.t;
    for (var i = 0; i < events.n; i++) { if (events.visible[i]) { shown[t[i]]++; } }
    labels.forEach(function (entry, k) {
      if (!entry) { return; }
      var text = shown[k] === present[k] ? number(present[k]) : number(shown[k]) + " of " + number(present[k]);
      entry[0].textContent = entry[1] + " (" + text + ")";
      markTypeRow(entry[0].parentNode, events.typeOn[k]);  // the filters switch types too
    });
  };

  /* The legend of a story's relations: a line and arrow per kind drawn (payload: the
     single page's, or a published site's layers.json with the site's styles). */
  function relationLegend(payload) {
    var box = el("div", "gm-legend-section"), seen = {};
    box.appendChild(el("div", "gm-legend-title", "Relations (arrow: from → to)"));
    payload.relations.forEach(function (feature) {
      var kind = feature.properties.kind;
      if (seen[kind]) { return; }
      seen[kind] = true;
      var style = payload.styles.relations[kind] || payload.styles.relations.other;
      var line = el("div", "gm-legend-row");
      line.appendChild(lineSample(style.color, style.dash, true));
      line.appendChild(el("span", null, style.label));
      box.appendChild(line);
    });
    return box;
  }

  /* The countries in focus (``codes``, ISO2) shaded, in the pane gmHighlight: those of
     ``features`` whose code (``codeOf``) is one of them. */
  function highlightLayer(features, codes, style, codeOf) {
    var wanted = {};
    codes.forEach(function (c) { wanted[c] = true; });
    return L.geoJSON(features.filter(function (f) { return wanted[codeOf(f)]; }),
      { pane: "gmHighlight", interactive: false, style: { fillColor: style.fill, fillOpacity: style.fill_opacity,
        color: style.line_color, weight: 1.2 } });
  }

  /* The legend row of the countries in focus. */
  function highlightRow(style) {
    var sw = el("span", "gm-swatch");
    sw.style.background = style.fill;
    sw.style.borderColor = style.line_color;
    return [sw, "Country in focus"];
  }

  /* Legend rows ([sample, text]) of a story's named regions, actors and footprints, with
     ``after`` (a row, or null) after the regions. */
  function storyLegendRows(p, after) {
    var rows = [];
    if (p.regions.length) { rows.push([lineSample(p.styles.regions.color, p.styles.regions.dash), "Named region (hover the outline for its definition)"]); }
    if (after) { rows.push(after); }
    if (p.actors.length) { rows.push([shapeSvg("diamond", p.styles.actors.color, true), "Actor's home place"]); }
    if (p.footprints.length) { rows.push([lineSample("#555", "1 4"), "Actor footprint (areas where it acted)"]); }
    return rows;
  }

  function lineSample(color, dash, arrow) {
    var ns = "http://www.w3.org/2000/svg", svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", 34); svg.setAttribute("height", 12);
    var line = document.createElementNS(ns, "line");
    line.setAttribute("x1", 1); line.setAttribute("y1", 6); line.setAttribute("x2", arrow ? 25 : 33); line.setAttribute("y2", 6);
    line.setAttribute("stroke", color); line.setAttribute("stroke-width", 2.5);
    if (dash) { line.setAttribute("stroke-dasharray", dash); }
    svg.appendChild(line);
    if (arrow) {
      var tri = document.createElementNS(ns, "polygon");
      tri.setAttribute("points", "33,6 24,1 26,6 24,11");
      tri.setAttribute("fill", color);
      svg.appendChild(tri);
    }
    return svg;
  }

  /* ---------- the map state ---------- */

  function MapState(map, payload) {
    this.map = map;
    this.payload = payload;
    this.listeners = [];
    PANES.forEach(function (pane) {
      if (!map.getPane(pane[0])) { map.createPane(pane[0]).style.zIndex = pane[1]; }
    });
    map.getPane("gmHeat").style.pointerEvents = "none";
    map.getPane("gmHighlight").style.pointerEvents = "none";
    var mode = payload.events ? payload.events.mode : "markers";
    this.renderer = mode === "markers" ? L.svg({ pane: "gmVectors", padding: 0.5 })
      : L.canvas({ pane: "gmVectors", padding: 0.5, tolerance: 2 });
    this.events = payload.events ? new EventData(payload.events, payload.styles, payload.types) : null;
    this.span = payload.events ? this.eventSpan() : null;
    this.overlays = [];
    this.controls = {};
    /* relations and actors: shown while their dates meet the time range and, when the
       reader picked actors, while one of theirs is picked (state.selection.actors) */
    this.filtered = [];
    this.selection = { actors: null };
    this.areaOutline = null;
  }

  MapState.prototype.eventSpan = function () {
    var lo = Infinity, hi = -Infinity, events = this.events;
    for (var i = 0; i < events.n; i++) {
      if (isFinite(events.start[i]) && events.start[i] < lo) { lo = events.start[i]; }
      if (isFinite(events.end[i]) && events.end[i] > hi) { hi = events.end[i]; }
    }
    return isFinite(lo) ? [lo, hi] : null;
  };

  MapState.prototype.addOverlay = function (name, layer, visible) {
    this.overlays.push([name, layer]);
    if (visible) { layer.addTo(this.map); }
  };

  MapState.prototype.build = function () {
    var p = this.payload, map = this.map, self = this;
    if (p.highlight.length) {
      this.highlight = highlightLayer(p.admin0, p.highlight, p.styles.highlight, function (f) { return f.properties.code; });
      this.addOverlay("Countries in focus", this.highlight, true);
    }
    this.counts = new AreaCounts(this);
    if (p.admin1.length) {
      this.choropleth = new Choropleth(this, this.counts);
      this.addOverlay("Events per province", this.choropleth.layer, true);
    }
    if (p.footprints.length) { this.addOverlay("Actor footprints", footprintsLayer(this), p.footprints.length <= 6); }
    if (p.regions.length) { this.addOverlay("Named regions", regionsLayer(this), true); }
    if (this.events) {
      this.countryLevel = new CountryLevel(this, this.counts);
      this.addOverlay("Country-level events", this.countryLevel.layer, true);
    }
    if (p.relations.length) { this.addOverlay("Relations", relationsLayer(this), true); }
    if (this.events && this.events.data.mode !== "choropleth") {
      this.eventsLayer = new EventsLayer(this);
      this.addOverlay("Events", this.eventsLayer.group, true);
      if (this.eventsLayer.mode === "cluster") {
        map.on("moveend", function () { self.eventsLayer.drawClusters(); });
      }
    }
    if (p.actors.length) {
      // an event dataset's actors label its busiest towns: listed, but off until asked for
      this.addOverlay("Actors", actorsLayer(this), actorsShownAtFirst(p.datasets));
    }
    this.addControls();
    map.on("overlayadd", function () { self.restack(); if (self.eventsLayer) { self.eventsLayer.refresh(); } });
    // before the town names (workbench.js), which keep off the labels shown
    map.on("moveend overlayadd overlayremove", function () { declutterLabels(map); });
    this.refresh();
  };

  /* ---------- controls: the one place they are registered ----------
   * Every control goes through addControl(key, control): it is added to the map, kept in
   * state.controls[key], and its element carries data-geomap-control="key" so tests and
   * users' scripts can find it. Controls added later (time filter, panels) use the same. */

  /* Narrow or short maps (phones, embeds) start with the legend and layer list folded. */
  var COMPACT = { width: 700, height: 520 };

  MapState.prototype.isCompact = function () {
    var size = this.map.getSize();
    return size.x < COMPACT.width || size.y < COMPACT.height;
  };

  MapState.prototype.addControl = function (key, control) {
    control.addTo(this.map);
    this.controls[key] = control;
    var box = control.getContainer();
    if (box) { box.setAttribute("data-geomap-control", key); }
    this.layout();
    return control;
  };

  MapState.prototype.addControls = function () {
    var map = this.map, overlays = {}, compact = this.isCompact();
    var zoom = map.zoomControl;
    if (zoom) { zoom.remove(); }
    this.title = this.addControl("title", new TitleControl(this));
    keepPopupsBelow(map, this.title.getContainer());
    if (zoom) { zoom.addTo(map); }
    this.overlays.forEach(function (entry) { overlays[escapeHtml(entry[0])] = entry[1]; });
    this.layerControl = this.addControl("layers", L.control.layers(null, overlays,
      { collapsed: compact, position: "topright" }));
    this.legend = this.addControl("legend", new LegendControl(this, !compact));
    map.on("resize", this.layout, this);
    var parts = this.payload.attributions.map(function (entry) {
      var href = httpUrl(entry[1]);
      var text = "<bdi>" + escapeHtml(entry[0]) + "</bdi>";
      return href ? '<a href="' + escapeHtml(href) + '" target="_blank" rel="noopener noreferrer">' + text + "</a>" : text;
    });
    if (parts.length && map.attributionControl) {
      map.attributionControl.addAttribution("Data: " + parts.join(" · "));
      map.attributionControl.getContainer().tabIndex = 0;  // compact: focus to read it whole
      this.layout();  // its height decides where the left corner stands
    }
  };

  /* Fit the controls to the map's size: compact styling, and the legend inside the map
     below the layer list. */
  MapState.prototype.layout = function () {
    compactLayout(this.map, this.isCompact());
    if (!this.legend || !this.legend.body || !this.layerControl) { return; }
    fitLegend(this.map, this.legend.getContainer(), this.legend.body);
  };

  /* The legend (bottom right: ``box``, its scrolling ``body``) as tall as the map leaves
     between its foot and everything in the top-right corner (search, layer list, Explore
     button, a site's events in view and actor chip), fitted again whenever that corner
     changes height. Before, it was the map's height less the corner's and a fixed 56
     pixels: at 800 x 600, with the attribution on two lines, the legend's top covered the
     Explore button (and grew over it as a site's "events in view" box grew). */
  function fitLegend(map, box, body) {
    var container = map.getContainer(), corner = container.querySelector(".leaflet-top.leaflet-right");
    var top = container.getBoundingClientRect().top, foot = box.getBoundingClientRect().bottom - top;
    var above = corner ? cornerFoot(corner) - top : 0;
    var free = box.offsetHeight ? foot - above - 10 : map.getSize().y - above - 56;
    body.style.maxHeight = Math.max(free - 30, 60) + "px";
    box.style.maxHeight = Math.max(free, 90) + "px";
    if (corner && !box.gmCornerWatch && window.ResizeObserver) {
      box.gmCornerWatch = new ResizeObserver(function () { fitLegend(map, box, body); });
      box.gmCornerWatch.observe(corner);
    }
  }

  /* The lowest edge (page pixels) of the controls of a corner, a search's list of results
     left out (it opens over the legend, on top, and closes again). */
  function cornerFoot(corner) {
    var foot = corner.getBoundingClientRect().top;
    Array.prototype.forEach.call(corner.children, function (control) {
      var r = control.getBoundingClientRect(), results = control.querySelector(".gm-search-results");
      if (r.height) { foot = Math.max(foot, r.bottom - (results ? results.offsetHeight : 0)); }
    });
    return foot;
  }

  MapState.prototype.restack = function () {
    var order = [this.eventsLayer && this.eventsLayer.group, this.countryLevel && this.countryLevel.layer,
      this.choropleth && this.choropleth.layer];
    var map = this.map;
    order.forEach(function (layer) {
      if (layer && map.hasLayer(layer) && layer.bringToBack) { layer.bringToBack(); }
    });
    if (this.choropleth && map.hasLayer(this.choropleth.layer)) { this.choropleth.layer.bringToBack(); }
  };

  MapState.prototype.setTimeRange = function (start, end) {
    if (!this.events) { return; }
    this.events.range = [start, end];
    this.refresh();
  };

  MapState.prototype.refresh = function () {
    if (this.events) { this.events.applyFilter(); }
    this.counts.count();
    if (this.choropleth) { this.choropleth.restyle(); }
    if (this.countryLevel) { this.countryLevel.refresh(); }
    if (this.eventsLayer) { this.eventsLayer.refresh(); }
    this.filterOverlays();
    if (this.title) { this.title.update(); }
    if (this.legend) { this.legend.update(this.counts); }
    declutterLabels(this.map);
    var self = this;
    this.listeners.forEach(function (fn) { fn(self); });
  };

  MapState.prototype.filterOverlays = function () {
    filterOverlays(this.filtered, this.events ? this.events.range : [-Infinity, Infinity], this.selection.actors);
  };

  /* Show the actors and relations (``filtered``: items {group, parts, names, span}) whose
     days meet ``range`` ([first, last] days) and, when actors are ``picked`` (a Set of
     names, or null), that name one of them. */
  function filterOverlays(filtered, range, picked) {
    filtered.forEach(function (item) {
      var on = !item.span || (item.span[0] <= range[1] && item.span[1] >= range[0]);
      if (on && picked) { on = item.names.some(function (name) { return picked.has(name); }); }
      item.parts.forEach(function (part) {
        var shown = item.group.hasLayer(part);
        if (on && !shown) { item.group.addLayer(part); } else if (!on && shown) { item.group.removeLayer(part); }
      });
    });
  }

  /* Actors' home places start hidden over event data (they would label its busiest
     towns): shown at first only when no dataset of ``datasets`` is one. */
  function actorsShownAtFirst(datasets) {
    return !(datasets || []).some(function (name) { return EVENT_DATASETS[name]; });
  }

  /* Fly to event i and open its popup (its marker's where it has one). */
  MapState.prototype.openEvent = function (i) {
    var data = this.events.data, map = this.map, self = this;
    var latlng = L.latLng(data.lat[i], data.lon[i]);
    var marker = this.eventsLayer && this.eventsLayer.markers && this.eventsLayer.markers[i];
    map.setView(latlng, Math.max(map.getZoom(), 9), { animate: false });
    if (marker && this.eventsLayer.group.hasLayer(marker) && map.hasLayer(this.eventsLayer.group)) {
      marker.openPopup();
      return;
    }
    L.popup({ maxWidth: 360, minWidth: 240 }).setLatLng(latlng)
      .setContent(function () { return eventPopup(self, i); }).openOn(map);
  };

  MapState.prototype.showArea = function (i) {
    this.hideArea();
    var data = this.events.data, r = data.r1[i];
    if (data.p[i] < 3 || r < 0 || !this.payload.admin1[r]) { return; }
    this.areaOutline = L.polyline(ringsAsLines(this.payload.admin1[r]), { renderer: this.renderer,
      color: this.events.typeStyle(i).color, weight: 2.5, dashArray: "6 4", interactive: false }).addTo(this.map);
  };

  MapState.prototype.hideArea = function () {
    if (this.areaOutline) { this.map.removeLayer(this.areaOutline); this.areaOutline = null; }
  };

  window.GeomapRender = {
    instances: [],
    draw: function (map, payload) {
      var state = new MapState(map, payload);
      map._geomap = state;
      state.build();
      window.GeomapRender.instances.push(state);
      // once the page's controls are all there (time panel, workbench); before the
      // workbench reads a view from the link, which wins
      state.framed = !payload.frame;  // true once the opening frame is fitted
      if (payload.frame) {
        setTimeout(function () {
          var go = function () { fitClear(map, payload.frame); state.framed = true; };
          // the opening fit may still be zooming: its end would undo this one
          whenShown(map, function () { if (map._animatingZoom) { map.once("zoomend", go); } else { go(); } });
        }, 0);
      }
      window.GeomapRender.extensions.forEach(function (extend) { extend(state); });
      return state;
    },
    formatDay: formatDay,
    httpUrl: httpUrl,
    /* shared with the published site's page (geomap/data/publish/site.js) */
    lib: { el: el, shapeSvg: shapeSvg, linkOrText: linkOrText, sourcesList: sourcesList, escapeHtml: escapeHtml,
      number: number, tollText: tollText, formatEventDate: formatEventDate, niceBreaks: niceBreaks,
      lineSample: lineSample, DATE_PRECISION_LABELS: DATE_PRECISION_LABELS,
      formatDay: formatDay, dayInterval: dayInterval, actorText: actorText, DAY_MS: DAY_MS,
      row: row, isolate: isolate, titleBlock: titleBlock, keepPopupsBelow: keepPopupsBelow,
      legendBox: legendBox, legendSection: legendSection, legendRows: legendRows,
      typeRow: typeRow, sizeSection: sizeSection, precisionRows: precisionRows, breaksLegend: breaksLegend,
      timeSlider: timeSlider, fold: fold, searchEntry: searchEntry, searchBox: searchBox, button: button, markFilters: markFilters,
      compactLayout: compactLayout, drawerLayout: drawerLayout, fitClear: fitClear, declutterLabels: declutterLabels, placeLabels: placeLabels, clearPadding: clearPadding, Histogram: Histogram, isoDay: isoDay, eventsCsv: eventsCsv,
      download: download, fileName: fileName, eventsGeojson: eventsGeojson,
      downloadViewPng: downloadViewPng, markTypeRow: markTypeRow, hashValues: hashValues, namedIn: namedIn,
      parseView: parseView, hashWriter: hashWriter, EventTable: EventTable,
      /* a story's layers, drawn from a state-like {map, payload, renderer, filtered} */
      regionsLayer: regionsLayer, actorsLayer: actorsLayer, footprintsLayer: footprintsLayer,
      relationsLayer: relationsLayer, filterOverlays: filterOverlays,
      actorsShownAtFirst: actorsShownAtFirst, relationLegend: relationLegend,
      storyLegendRows: storyLegendRows, fitLegend: fitLegend, NO_SUB_TYPE: NO_SUB_TYPE,
      sourceName: sourceName,
      highlightLayer: highlightLayer, highlightRow: highlightRow },
    /* functions called with each new MapState once its layers are drawn (workbench.js) */
    extensions: []
  };
})();
