/* geomap's exploration controls: time filter with its histogram, search, filters, table of
 * visible events, summary, export and the shareable state in the URL fragment, plus the
 * offline basemap's place labels.
 *
 * Loaded after geomap.js, once per page. Each control is a small object built from a
 * MapState (see geomap.js) and registered in one place, setup() below, through
 * state.addControl (a Leaflet control) or markControl (a part of the exploration drawer);
 * every one carries data-geomap-control="search|histogram|filters|table|export|time".
 * Plain data interfaces: the filters write state.events.mask (a Uint8Array, null when no
 * filter) and state.selection.actors (a Set of names, null when none picked), then call
 * state.refresh(); everything else listens to state.listeners.
 *
 * Nothing is computed before it is needed: indexes for search, filters and the table are
 * built when a reader first opens them, and the histogram is counted after the first paint.
 * Text from the data is set with textContent only.
 */
(function () {
  "use strict";
  var R = window.GeomapRender;
  if (!R || R.workbench) { return; }
  var lib = R.lib, el = lib.el, number = lib.number, DAY_MS = lib.DAY_MS;
  var HISTOGRAM_BINS = 90, TABLE_PAGE = 25, SEARCH_RESULTS = 12, TOP = 8;

  /* ---------- small helpers ---------- */

  function button(text, className, label) {
    var b = el("button", className, text);
    b.type = "button";
    if (label) { b.setAttribute("aria-label", label); b.title = label; }
    return b;
  }

  function input(type, className, label) {
    var node = el("input", "gm-input " + (className || ""));
    node.type = type;
    if (label) { node.setAttribute("aria-label", label); }
    return node;
  }

  function isolate(node) {
    L.DomEvent.disableClickPropagation(node);
    L.DomEvent.disableScrollPropagation(node);
    return node;
  }

  /* Lower case without accents: "Ségou" is found by "segou". */
  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function isoDay(day) { return new Date(day * DAY_MS).toISOString().slice(0, 10); }

  /* A part of the exploration drawer that scripts and tests can find by its key. */
  function markControl(state, key, node) {
    node.setAttribute("data-geomap-control", key);
    state.controls[key] = { getContainer: function () { return node; } };
    return node;
  }

  /* Distinct strings of the event columns `keys`, with the number of events naming them. */
  function stringCounts(events, keys, visibleOnly) {
    var counts = new Map();
    keys.forEach(function (key) {
      var column = events.data[key];
      if (!column) { return; }
      for (var i = 0; i < events.n; i++) {
        if (column[i] > 0 && (!visibleOnly || events.visible[i])) {
          counts.set(column[i], (counts.get(column[i]) || 0) + 1);
        }
      }
    });
    return counts;
  }

  function byCount(counts, strings) {
    return Array.from(counts.entries()).sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; })
      .map(function (entry) { return { code: entry[0], name: strings[entry[0] - 1], count: entry[1] }; });
  }

  /* ---------- time filter with its histogram ---------- */

  /* The date range slider (with play) and, above its track, the brushable histogram. */
  function addTimeControl(state, first, last, step) {
    var control = L.control({ position: "bottomleft" });
    control.onAdd = function () {
      var box = isolate(el("div", "gm-time leaflet-bar")), timer = null;
      var head = el("div", "gm-time-head");
      var play = button("\u25B6 Play", "gm-time-play", "Play through time");
      var all = button("All dates", "gm-time-all");
      var label = el("span", "gm-time-label");
      head.appendChild(play); head.appendChild(all); head.appendChild(label);
      box.appendChild(head);
      var histogram = state.histogram = new Histogram(state, first, last, function (a, b) { stop(); setRange(a, b); });
      box.appendChild(histogram.node);
      var track = el("div", "gm-time-track"), rail = el("div", "gm-time-rail"), fill = el("div", "gm-time-fill");
      rail.appendChild(fill); track.appendChild(rail); box.appendChild(track);
      function slider(value, name) {
        var node = el("input", "gm-time-" + name);
        node.type = "range"; node.min = first; node.max = last; node.step = 1; node.value = value;
        node.setAttribute("aria-label", name === "start" ? "First date shown" : "Last date shown");
        track.appendChild(node);
        return node;
      }
      var start = slider(first, "start"), end = slider(last, "end");
      function apply() {
        var a = Math.min(+start.value, +end.value), b = Math.max(+start.value, +end.value);
        var span = Math.max(last - first, 1);
        fill.style.left = (100 * (a - first) / span) + "%";
        fill.style.width = (100 * (b - a) / span) + "%";
        label.textContent = lib.formatDay(a) + " \u2013 " + lib.formatDay(b);
        // the whole range: no time filter (relations and actors dated outside it stay)
        if (a <= first && b >= last) { state.setTimeRange(-Infinity, Infinity); } else { state.setTimeRange(a, b); }
      }
      function setRange(a, b) {
        start.value = Math.max(first, Math.min(a, last));
        end.value = Math.max(first, Math.min(b, last));
        apply();
      }
      function stop() { if (timer) { clearInterval(timer); timer = null; play.textContent = "\u25B6 Play"; } }
      play.addEventListener("click", function () {
        if (timer) { stop(); return; }
        var width = Math.max(+end.value - +start.value, step);
        if (+end.value >= last || width >= last - first) {
          width = Math.max(Math.round((last - first) / 6), step);
          start.value = first; end.value = first + width;
        }
        play.textContent = "\u275A\u275A Pause";
        apply();
        timer = setInterval(function () {
          if (+end.value >= last) { stop(); return; }
          end.value = Math.min(+end.value + step, last);
          start.value = +end.value - width;
          apply();
        }, 450);
      });
      all.addEventListener("click", function () { stop(); setRange(first, last); });
      start.addEventListener("input", function () { stop(); apply(); });
      end.addEventListener("input", function () { stop(); apply(); });
      state.time = { first: first, last: last, set: function (a, b) { stop(); setRange(a, b); },
        isAll: function () { return +start.value <= first && +end.value >= last; } };
      apply();
      return box;
    };
    state.addControl("time", control);
    var node = state.controls.time.getContainer().querySelector(".gm-histogram");
    markControl(state, "histogram", node);
    return control;
  }

  /* Events (or fatalities) per period over the whole range, for the events that every
     filter but the time filter keeps; the selected period is dark. Drag to select. */
  function Histogram(state, first, last, onBrush) {
    var self = this;
    this.state = state;
    this.first = first;
    this.width = Math.max(1, Math.ceil((last - first + 1) / HISTOGRAM_BINS));
    this.bins = Math.ceil((last - first + 1) / this.width);
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
    this.brushing(onBrush);
    state.listeners.push(function () { self.update(); });
    setTimeout(function () { self.update(); }, 0);  // after the first paint
  }

  Histogram.prototype.binOf = function (day) {
    return Math.max(0, Math.min(this.bins - 1, Math.floor((day - this.first) / this.width)));
  };

  /* Recount only when a filter other than time changed (type switches, filter mask). */
  Histogram.prototype.update = function () {
    var events = this.state.events, key = events.typeOn.join() + "|" + (events.maskVersion || 0);
    if (key !== this.key) { this.key = key; this.count(); }
    this.draw();
  };

  Histogram.prototype.count = function () {
    var events = this.state.events, data = events.data, mask = events.mask;
    this.events = new Float64Array(this.bins);
    this.fatalities = new Float64Array(this.bins);
    for (var i = 0; i < events.n; i++) {
      if (data.d[i] === null || !events.typeOn[data.t[i]] || (mask && !mask[i])) { continue; }
      var k = this.binOf(data.base + data.d[i]);
      this.events[k]++;
      this.fatalities[k] += Math.max(data.f[i], 0);
    }
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
    var range = this.state.events.range, barW = w / this.bins;
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
    this.caption.textContent = number(total) + " " + what + " · max " + number(max) + " per "
      + (this.width === 1 ? "day" : this.width + " days");
    this.caption.title = "Bar height grows with the square root of the count";
    canvas.setAttribute("aria-label", "Histogram of " + what + " over time; drag to select a period");
  };

  Histogram.prototype.dayAt = function (x) {
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
      var a = self.dayAt(Math.min(self.drag[0], self.drag[1]));
      var b = self.dayAt(Math.max(self.drag[0], self.drag[1])) + self.width - 1;
      self.drag = null;
      onBrush(a, b);
    });
  };

  /* ---------- search: the map's places, provinces, countries, actors, towns ---------- */

  var SearchControl = L.Control.extend({
    options: { position: "topright" },
    initialize: function (state) { this.state = state; this.index = null; },
    onAdd: function () {
      var self = this, box = isolate(el("div", "gm-search leaflet-bar"));
      this.open = button("\u2315", "gm-search-open", "Search places and actors");
      this.field = input("search", "gm-search-input", "Search places and actors");
      this.field.placeholder = "Search places, actors";
      this.field.setAttribute("role", "combobox");
      this.field.setAttribute("aria-expanded", "false");
      this.list = el("ul", "gm-search-results");
      this.list.setAttribute("role", "listbox");
      box.appendChild(this.open); box.appendChild(this.field); box.appendChild(this.list);
      this.open.addEventListener("click", function () {
        box.classList.add("gm-search-active");
        self.field.focus();
      });
      this.field.addEventListener("input", function () { self.show(self.field.value); });
      this.field.addEventListener("keydown", function (e) { self.key(e); });
      this.field.addEventListener("blur", function () {
        setTimeout(function () {
          if (!box.contains(document.activeElement)) { box.classList.remove("gm-search-active"); self.clear(); }
        }, 150);
      });
      return box;
    },
    clear: function () {
      this.list.textContent = "";
      this.results = [];
      this.field.setAttribute("aria-expanded", "false");
    },
    show: function (query) {
      this.clear();
      var q = fold(query.trim()), self = this;
      if (q.length < 2) { return; }
      this.index = this.index || searchIndex(this.state);
      this.results = findIn(this.index, q);
      this.results.forEach(function (entry, k) {
        var item = el("li", "gm-search-result");
        item.setAttribute("role", "option");
        item.appendChild(el("span", null, entry.label));
        item.appendChild(el("span", "gm-muted", " " + entry.kind));
        item.addEventListener("mousedown", function (e) { e.preventDefault(); self.choose(k); });
        self.list.appendChild(item);
      });
      if (!this.results.length) { this.list.appendChild(el("li", "gm-muted gm-search-none", "Nothing found")); }
      this.field.setAttribute("aria-expanded", "true");
      this.active = -1;
    },
    key: function (e) {
      var n = (this.results || []).length;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        if (!n) { return; }
        this.active = (this.active + (e.key === "ArrowDown" ? 1 : n - 1) + (this.active < 0 && e.key === "ArrowUp" ? 1 : 0)) % n;
        Array.prototype.forEach.call(this.list.children, function (item, k) {
          item.classList.toggle("gm-active", k === this.active);
          item.setAttribute("aria-selected", k === this.active ? "true" : "false");
        }, this);
      } else if (e.key === "Enter" && n) {
        e.preventDefault();
        this.choose(Math.max(this.active, 0));
      } else if (e.key === "Escape") {
        this.field.value = "";
        this.clear();
      }
    },
    choose: function (k) {
      var entry = this.results[k];
      if (!entry) { return; }
      this.field.value = entry.label;
      this.clear();
      entry.go(this.state);
    }
  });

  /* Everything the search box finds, built at the first search. */
  function searchIndex(state) {
    var p = state.payload, entries = [];
    function add(label, kind, rank, go) { if (label) { entries.push({ label: label, key: fold(label), kind: kind, rank: rank, go: go }); } }
    function fitFeature(feature) { return function (s) { s.map.fitBounds(L.geoJSON(feature).getBounds(), { maxZoom: 10 }); }; }
    function flyTo(lat, lon, zoom) { return function (s) { s.map.setView([lat, lon], Math.max(s.map.getZoom(), zoom)); }; }
    p.admin0.forEach(function (f) { add(f.properties.name, "country", 0, fitFeature(f)); });
    p.regions.forEach(function (f) { add(f.properties.name, "region", 0, fitFeature(f)); });
    p.admin1.forEach(function (f) {
      add(f.properties.name + (f.properties.cc ? ", " + f.properties.cc : ""), "province", 1, fitFeature(f));
    });
    if (state.events) { eventEntries(state, add, flyTo); }
    var places = p.places || { names: [] }, named = new Set();
    places.names.forEach(function (name, k) {
      if (named.has(name)) { return; }  // the largest of the towns of one name
      named.add(name);
      add(name, places.rank[k] === 0 ? "capital" : "town", 3 + places.rank[k] / 10,
        flyTo(places.y[k] / places.scale, places.x[k] / places.scale, 10));
    });
    return entries;
  }

  /* The events' places (where an event is known to a place) and actors. */
  function eventEntries(state, add, flyTo) {
    var events = state.events, data = events.data, seen = new Map();
    if (data.pl) {
      for (var i = 0; i < events.n; i++) {
        if (data.pl[i] > 0 && data.p[i] <= 2 && !seen.has(data.pl[i])) { seen.set(data.pl[i], i); }
      }
      seen.forEach(function (i, code) {
        add(data.s[code - 1], "place of events", 2, flyTo(data.lat[i], data.lon[i], 10));
      });
    }
    byCount(stringCounts(events, ["a1", "a2"]), data.s).forEach(function (actor) {
      add(actor.name, "actor · " + number(actor.count) + " events", 2, function (s) { fitActor(s, actor.code); });
    });
  }

  /* Fly to the events of actor `code` (a string index) and pick it in the filters. */
  function fitActor(state, code) {
    var events = state.events, data = events.data, bounds = L.latLngBounds([]);
    for (var i = 0; i < events.n; i++) {
      if ((data.a1 && data.a1[i] === code) || (data.a2 && data.a2[i] === code)) { bounds.extend([data.lat[i], data.lon[i]]); }
    }
    if (bounds.isValid()) { state.map.fitBounds(bounds.pad(0.1), { maxZoom: 10 }); }
  }

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

  /* ---------- setup: the one place the exploration controls are registered ---------- */

  function setup(state) {
    var search = state.addControl("search", new SearchControl(state)).getContainer();
    search.parentNode.insertBefore(search, search.parentNode.firstChild);  // above the layer list
  }

  R.addTimeControl = addTimeControl;
  R.workbench = { setup: setup, markControl: markControl, fold: fold, isoDay: isoDay };
  R.extensions.push(setup);
})();
