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
  var lib = R.lib, el = lib.el, number = lib.number, isolate = lib.isolate, DAY_MS = lib.DAY_MS;
  var fold = lib.fold, button = lib.button, isoDay = lib.isoDay, download = lib.download;
  var TOP = 8;

  /* ---------- small helpers ---------- */

  function input(type, className, label) {
    var node = el("input", "gm-input " + (className || ""));
    node.type = type;
    if (label) { node.setAttribute("aria-label", label); }
    return node;
  }


  /* A part of the exploration drawer that scripts and tests can find by its key. */
  function markControl(state, key, node) {
    node.setAttribute("data-geomap-control", key);
    state.controls[key] = { getContainer: function () { return node; } };
    return node;
  }

  /* Distinct strings of the event columns `keys`, with the number of events naming them
     (of the events `rows` lists, or of all). */
  function stringCounts(events, keys, rows) {
    var counts = new Map();
    keys.forEach(function (key) {
      var column = events.data[key];
      if (!column) { return; }
      var count = function (i) { if (column[i] > 0) { counts.set(column[i], (counts.get(column[i]) || 0) + 1); } };
      if (rows) { rows.forEach(count); } else { for (var i = 0; i < events.n; i++) { count(i); } }
    });
    return counts;
  }

  /* The events the drawer lists, counts and exports: those every filter and the time
     range keep and, with "Only events in the map's view" checked, whose point lies in the
     part of the view the reader sees (a coarse event's point is its area's centre). */
  function listedRows(state) {
    var events = state.events, data = events.data, rows = [];
    var view = state.viewOnly ? seenBounds(state) : null;
    for (var i = 0; i < events.n; i++) {
      if (events.visible[i] && (!view || view.contains([data.lat[i], data.lon[i]]))) { rows.push(i); }
    }
    return rows;
  }

  /* The view less the open drawer over the map's left side (what lies under it is not
     seen). A drawer over most of the map (a phone's) is set aside: the lists are then of
     the view the reader returns to when it closes. */
  function seenBounds(state) {
    var map = state.map, size = map.getSize(), left = 0;
    var drawer = map.getContainer().querySelector(".gm-drawer");
    if (drawer && !drawer.hidden) {
      var box = map.getContainer().getBoundingClientRect();
      left = Math.max(0, Math.min(drawer.getBoundingClientRect().right - box.left, size.x));
      if (left > 0.8 * size.x) { left = 0; }
    }
    return L.latLngBounds(map.containerPointToLatLng([left, size.y]),
      map.containerPointToLatLng([size.x, 0]));
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
      var time = lib.timeSlider({ first: first, last: last, step: step, interval: 450, unit: "date",
        format: lib.formatDay, onRange: function (a, b) {
          // the whole range: no time filter (relations and actors dated outside it stay)
          if (a <= first && b >= last) { state.setTimeRange(-Infinity, Infinity); } else { state.setTimeRange(a, b); }
        } });
      var histogram = state.histogram = eventsHistogram(state, first, last, time.set);
      time.box.insertBefore(histogram.node, time.track);
      state.time = { first: first, last: last, set: time.set, isAll: time.isAll };
      time.apply();
      return time.box;
    };
    state.addControl("time", control);
    var node = state.controls.time.getContainer().querySelector(".gm-histogram");
    markControl(state, "histogram", node);
    return control;
  }

  /* Events (or fatalities) per period over the whole range, for the events that every
     filter but the time filter keeps (lib.Histogram, shared with the published site). */
  function eventsHistogram(state, first, last, onBrush) {
    var events = state.events, data = events.data;
    var histogram = new lib.Histogram({ first: first, last: last, unit: "day", onBrush: onBrush,
      range: function () { return events.range; },
      key: function () { return events.typeOn.join() + "|" + (events.maskVersion || 0); },
      count: function (add) {
        var mask = events.mask;
        for (var i = 0; i < events.n; i++) {
          if (data.d[i] === null || !events.typeOn[data.t[i]] || (mask && !mask[i])) { continue; }
          add(data.base + data.d[i], 1, Math.max(data.f[i], 0));
        }
      } });
    state.listeners.push(function () { histogram.update(); });
    return histogram;
  }

  /* ---------- search: the map's places, provinces, countries, actors, towns ---------- */

  var SearchControl = L.Control.extend({
    options: { position: "topright" },
    initialize: function (state) { this.state = state; },
    onAdd: function () {
      var state = this.state;
      return lib.searchBox({ label: "Search places and actors", placeholder: "Search places, actors",
        index: function () { return searchIndex(state); } });
    }
  });

  /* Everything the search box finds, built at the first search. */
  function searchIndex(state) {
    var p = state.payload, entries = [];
    var map = state.map;
    function add(label, kind, rank, go) { if (label) { entries.push(lib.searchEntry(label, kind, rank, go)); } }
    function fitFeature(feature) { return function () { map.fitBounds(L.geoJSON(feature).getBounds(), { maxZoom: 10 }); }; }
    function flyTo(lat, lon, zoom) { return function () { map.setView([lat, lon], Math.max(map.getZoom(), zoom)); }; }
    p.admin0.forEach(function (f) { add(f.properties.name, "country", 0, fitFeature(f)); });
    p.regions.forEach(function (f) { add(f.properties.name, "region", 0, fitFeature(f)); });
    p.admin1.forEach(function (f) {
      add(f.properties.name + (f.properties.cc ? ", " + f.properties.cc : ""), "province", 1, fitFeature(f));
    });
    var listed = new Set();  // folded names of the events' actors
    if (state.events) { eventEntries(state, add, flyTo, listed); }
    // the story's actors that no event names (a group only alleged to be supported, a
    // foreign backer): found by their story names, at their home place
    (p.actors || []).forEach(function (f) {
      var name = f.properties.name, c = f.geometry && f.geometry.coordinates;
      if (!name || !c || listed.has(fold(name))) { return; }
      listed.add(fold(name));
      add(name, "story actor · home place", 2, flyTo(c[1], c[0], 6));
    });
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
  function eventEntries(state, add, flyTo, listed) {
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
      listed.add(fold(actor.name));
      add(actor.name, "actor · " + number(actor.count) + " events", 2, function () { fitActor(state, actor.code); });
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

  /* ---------- the exploration drawer: filters, summary, table, export ---------- */

  var EXPLORE_BUTTON = "Filters, table and export of the events";

  /* The filters on, named for the Explore button (lib.markFilters): event types hidden (from
     the legend or the drawer), then the drawer's own (none before it is first opened, unless
     a link set them: the link opens it). */
  function filtersOn(state, filters) {
    var hidden = state.events ? state.events.typeOn.filter(function (on) { return !on; }).length : 0;
    var names = hidden ? [hidden + " event type" + (hidden === 1 ? "" : "s") + " hidden"] : [];
    if (!filters) { return names; }
    var picked = filters.picked;
    return names.concat(picked.sub ? ["sub-event type"] : [], picked.actors ? ["actor"] : [],
      picked.precision ? ["where known"] : [], picked.source ? ["source"] : [],
      picked.fatalities[0] !== null || picked.fatalities[1] !== null ? ["fatalities"] : []);
  }

  /* A button on the map opens a drawer over its left side; Escape or the button closes it. */
  var ExploreControl = L.Control.extend({
    options: { position: "topright" },
    initialize: function (state) { this.state = state; },
    onAdd: function () {
      var self = this, box = isolate(el("div", "gm-explore leaflet-bar"));
      this.toggle = button("\u2630", "gm-explore-open", EXPLORE_BUTTON);
      this.toggle.appendChild(el("span", "gm-explore-label", " Explore"));
      this.toggle.setAttribute("aria-expanded", "false");
      box.appendChild(this.toggle);
      this.toggle.addEventListener("click", function () { self.setOpen(!self.isOpen()); });
      this.state.listeners.push(function () {
        lib.markFilters(self.toggle, filtersOn(self.state, self.drawer && self.drawer.filters), EXPLORE_BUTTON);
      });
      return box;
    },
    isOpen: function () { return !!this.drawer && !this.drawer.node.hidden; },
    ensure: function () {
      if (!this.drawer) { this.drawer = new Drawer(this.state, this); this.drawer.node.hidden = true; }
      return this.drawer;
    },
    setOpen: function (open) {
      this.ensure().node.hidden = !open;
      this.toggle.setAttribute("aria-expanded", open ? "true" : "false");
      lib.drawerLayout(this.state.map);  // the title block and time filter beside it, or under it
      lib.declutterLabels(this.state.map);  // the labels it covers move beside it, or back
      if (open) { this.drawer.refresh(); this.drawer.close.focus(); } else { this.toggle.focus(); }
    }
  });

  function Drawer(state, control) {
    var self = this, node = isolate(el("div", "gm-drawer"));
    this.state = state;
    this.node = node;
    node.setAttribute("role", "dialog");
    node.setAttribute("aria-label", "Explore the events");
    var head = el("div", "gm-drawer-head");
    head.appendChild(el("span", "gm-drawer-title", "Explore"));
    this.close = button("\u00D7", "gm-drawer-close", "Close the explore panel");
    head.appendChild(this.close);
    node.appendChild(head);
    this.close.addEventListener("click", function () { control.setOpen(false); });
    node.addEventListener("keydown", function (e) { if (e.key === "Escape") { control.setOpen(false); } });
    this.filters = new Filters(state);
    this.summary = new Summary(state);
    /* on a phone the drawer covers the map: it steps aside to show what a row opens */
    var away = function () { if (state.isCompact()) { control.setOpen(false); } };
    this.summary.onPick = away;
    this.table = new EventTable(state, away);
    this.exporter = new Exporter(state);
    [["filters", this.filters.node], ["summary", this.summary.node], ["table", this.table.node],
      ["export", this.exporter.node]].forEach(function (part) {
      node.appendChild(markControl(state, part[0], part[1]));
    });
    state.map.getContainer().appendChild(node);
    state.listeners.push(function () { if (!node.hidden) { self.refresh(); } });
    state.map.on("moveend", function () { if (state.viewOnly && !node.hidden) { self.refresh(); } });
  }

  Drawer.prototype.refresh = function () {
    var rows = listedRows(this.state);
    this.filters.sync();
    this.summary.update(rows);
    this.table.update(rows);
  };

  function section(title) {
    var box = el("section", "gm-section");
    box.appendChild(el("h3", "gm-section-title", title));
    return box;
  }

  function checkList(items, onChange) {
    var list = el("div", "gm-checks");
    items.forEach(function (item) {
      var label = el("label", "gm-check"), box = input("checkbox", "gm-check-box");
      box.checked = item.on !== false;
      box.addEventListener("change", function () { onChange(item, box.checked); });
      label.appendChild(box);
      label.appendChild(el("span", null, item.name));
      if (item.count !== undefined) { label.appendChild(el("span", "gm-muted", " " + number(item.count))); }
      item.box = box;
      list.appendChild(label);
    });
    return list;
  }

  /* ---------- filters ---------- */

  /* Event type, sub-event type, actor (actor 1 or 2), fatalities range, precision and,
     on a map of several sources, the source (dataset, and file where a dataset has several). */
  function Filters(state) {
    var self = this, events = state.events, data = events.data, p = state.payload;
    this.state = state;
    this.node = section("Filters");
    this.picked = { sub: null, actors: null, precision: null, source: null, fatalities: [null, null] };
    this.types = [];
    var present = new Array(events.typeOn.length).fill(0);
    for (var i = 0; i < events.n; i++) { present[data.t[i]]++; }
    present.forEach(function (count, t) { if (count) { self.types.push({ t: t, name: events.styleOfType(t).name, count: count }); } });
    this.node.appendChild(el("div", "gm-filter-label", "Event type"));
    this.node.appendChild(checkList(this.types, function (item, on) { events.typeOn[item.t] = on; state.refresh(); }));
    this.subTypes = byCount(stringCounts(events, ["st"]), data.s);
    var unnamed = 0;
    for (i = 0; this.subTypes.length && i < events.n; i++) { if (!data.st[i]) { unnamed++; } }
    // events without one are an entry of their own: not hidden with the types unchecked
    if (unnamed) { this.subTypes.push({ code: 0, name: lib.NO_SUB_TYPE, count: unnamed }); }
    if (this.subTypes.length) {
      this.node.appendChild(el("div", "gm-filter-label", "Sub-event type"));
      this.node.appendChild(checkList(this.subTypes, function () { self.pickFrom("sub", self.subTypes); }));
    }
    this.actorPicker();
    this.fatalityRange();
    var precisions = {};
    for (i = 0; i < events.n; i++) { precisions[data.p[i]] = (precisions[data.p[i]] || 0) + 1; }
    this.precisions = Object.keys(precisions).map(Number).sort().map(function (code) {
      return { code: code, name: p.precisionLabels[code] || String(code), count: precisions[code] };
    });
    this.node.appendChild(el("div", "gm-filter-label", "Where the event is known"));
    this.node.appendChild(checkList(this.precisions, function () { self.pickFrom("precision", self.precisions); }));
    this.sources = sourceItems(events);
    if (this.sources.length > 1) {  // one source: nothing to pick
      this.node.appendChild(el("div", "gm-filter-label", "Source"));
      this.node.appendChild(checkList(this.sources, function () { self.pickFrom("source", self.sources); }));
    }
    var clear = button("Clear all filters", "gm-filters-clear");
    clear.addEventListener("click", function () { self.clear(); });
    this.node.appendChild(clear);
  }

  /* Event i's source: its dataset's and its file's codes in one number (dataset times the
     table's size, plus file: a fixed 65536 mixed them up on a table of more strings). */
  function sourceCode(data, i) {
    return (data.ds ? data.ds[i] : 0) * sourceBase(data) + (data.sf ? data.sf[i] : 0);
  }

  function sourceBase(data) { return (data.s ? data.s.length : 0) + 1; }

  /* The sources of the events: a dataset ("ACLED"), or a dataset and a file ("ACLED ·
     mali.csv") where the events of one dataset come from several files; the datasets of
     most events first, each one's files together, most events first. */
  function sourceItems(events) {
    var data = events.data, counts = new Map(), files = new Map(), base = sourceBase(data);
    function dataset(code) { return Math.floor(code / base); }
    for (var i = 0; i < events.n; i++) {
      var code = sourceCode(data, i);
      counts.set(code, (counts.get(code) || 0) + 1);
    }
    var totals = new Map();  // a dataset's files together, the dataset of most events first
    counts.forEach(function (count, code) {
      var ds = dataset(code);
      files.set(ds, (files.get(ds) || 0) + 1);
      totals.set(ds, (totals.get(ds) || 0) + count);
    });
    return Array.from(counts.entries()).sort(function (a, b) {
      var da = dataset(a[0]), db = dataset(b[0]);
      return totals.get(db) - totals.get(da) || da - db || b[1] - a[1] || a[0] - b[0];
    })
      .map(function (entry) {
        var ds = dataset(entry[0]), sf = entry[0] % base;
        var name = lib.sourceName(ds ? data.s[ds - 1] : "", sf && files.get(ds) > 1 ? data.s[sf - 1] : "");
        return { code: entry[0], name: name, count: entry[1] };
      });
  }

  /* The set of codes of the checked items, or null when every item is checked. */
  Filters.prototype.pickFrom = function (key, items) {
    var on = items.filter(function (item) { return item.box.checked; });
    this.picked[key] = on.length === items.length ? null : new Set(on.map(function (item) { return item.code; }));
    this.apply();
  };

  Filters.prototype.actorPicker = function () {
    var self = this, events = this.state.events, data = events.data;
    this.actors = byCount(stringCounts(events, ["a1", "a2"]), data.s);
    if (!this.actors.length) { return; }
    this.node.appendChild(el("div", "gm-filter-label", "Actor (actor 1 or 2)"));
    var field = input("search", "gm-actor-search", "Find an actor to filter by");
    field.placeholder = "Type to find an actor";
    this.chips = el("div", "gm-chips");
    var list = el("div", "gm-checks gm-actor-list");
    this.node.appendChild(field); this.node.appendChild(this.chips); this.node.appendChild(list);
    function show() {
      var q = fold(field.value.trim());
      list.textContent = "";
      self.actors.filter(function (a) { return !q || fold(a.name).indexOf(q) >= 0; }).slice(0, TOP)
        .forEach(function (actor) {
          var pick = button(actor.name, "gm-actor-option");
          pick.appendChild(el("span", "gm-muted", " " + number(actor.count)));
          pick.addEventListener("click", function () { self.pickActor(actor.code, true); });
          list.appendChild(pick);
        });
    }
    field.addEventListener("input", show);
    show();
  };

  Filters.prototype.pickActor = function (code, on) {
    var picked = this.picked.actors || new Set();
    if (on) { picked.add(code); } else { picked.delete(code); }
    this.picked.actors = picked.size ? picked : null;
    this.apply();
  };

  Filters.prototype.fatalityRange = function () {
    var self = this, row = el("div", "gm-range");
    this.node.appendChild(el("div", "gm-filter-label", "Fatalities"));
    this.low = input("number", "gm-fatalities-min", "Fewest fatalities");
    this.high = input("number", "gm-fatalities-max", "Most fatalities");
    this.low.min = this.high.min = 0;
    this.low.placeholder = "min"; this.high.placeholder = "max";
    row.appendChild(this.low); row.appendChild(el("span", null, "to")); row.appendChild(this.high);
    this.node.appendChild(row);
    function change() {
      var a = self.low.value === "" ? null : +self.low.value, b = self.high.value === "" ? null : +self.high.value;
      self.picked.fatalities = [a, b];
      self.apply();
    }
    this.low.addEventListener("change", change);
    this.high.addEventListener("change", change);
  };

  /* Recompute the mask of the events every filter keeps, then redraw everything. */
  Filters.prototype.apply = function () {
    var events = this.state.events, data = events.data, picked = this.picked;
    var sub = picked.sub, actors = picked.actors, precision = picked.precision, source = picked.source;
    var low = picked.fatalities[0], high = picked.fatalities[1];
    var any = sub || actors || precision || source || low !== null || high !== null, mask = null;
    if (any) {
      mask = new Uint8Array(events.n);
      for (var i = 0; i < events.n; i++) {
        var f = data.f[i];
        mask[i] = (!sub || sub.has(data.st ? data.st[i] : 0))
          && (!actors || (data.a1 && actors.has(data.a1[i])) || (data.a2 && actors.has(data.a2[i])))
          && (!precision || precision.has(data.p[i]))
          && (!source || source.has(sourceCode(data, i)))
          && (low === null || f >= low) && (high === null || (f >= 0 && f <= high)) ? 1 : 0;
      }
    }
    events.mask = mask;
    events.maskVersion = (events.maskVersion || 0) + 1;
    this.state.selection.actors = actors ? new Set(Array.from(actors).map(function (code) { return data.s[code - 1]; })) : null;
    this.state.refresh();
  };

  /* Show the filters as they are (type switches change from the legend too). */
  Filters.prototype.sync = function () {
    var self = this, events = this.state.events, data = events.data;
    this.types.forEach(function (item) { item.box.checked = events.typeOn[item.t]; });
    if (!this.chips) { return; }
    this.chips.textContent = "";
    (this.picked.actors ? Array.from(this.picked.actors) : []).forEach(function (code) {
      var chip = button(data.s[code - 1] + " \u00D7", "gm-chip", "Stop filtering by " + data.s[code - 1]);
      chip.addEventListener("click", function () { self.pickActor(code, false); });
      self.chips.appendChild(chip);
    });
  };

  Filters.prototype.clear = function () {
    var events = this.state.events;
    events.typeOn.fill(true);
    [this.subTypes, this.precisions, this.sources].forEach(function (items) {
      items.forEach(function (item) { if (item.box) { item.box.checked = true; } });
    });
    this.low.value = this.high.value = "";
    this.picked = { sub: null, actors: null, precision: null, source: null, fatalities: [null, null] };
    this.apply();
  };

  /* ---------- summary: counts per province, top actors ---------- */

  function Summary(state) {
    this.state = state;
    this.node = section("In the selection");
    // "what happened near Gao?": the lists below, the table and the export, of the view only
    var scope = el("label", "gm-check gm-view-only"), box = input("checkbox", "gm-check-box");
    box.checked = !!state.viewOnly;
    this.viewBox = box;
    box.addEventListener("change", function () { state.viewOnly = box.checked; state.refresh(); });
    scope.appendChild(box);
    scope.appendChild(el("span", null, "Only events in the map's view"));
    this.node.appendChild(scope);
    this.total = el("div", "gm-summary-total");
    this.provinces = el("ol", "gm-top gm-top-provinces");
    this.actors = el("ol", "gm-top gm-top-actors");
    this.node.appendChild(this.total);
    this.node.appendChild(el("div", "gm-filter-label", "Events per province"));
    this.node.appendChild(this.provinces);
    this.node.appendChild(el("div", "gm-filter-label", "Top actors (actor 1 or 2)"));
    this.node.appendChild(this.actors);
  }

  Summary.prototype.update = function (rows) {
    var state = this.state, events = state.events, data = events.data, fatalities = 0;
    rows.forEach(function (i) { fatalities += Math.max(data.f[i], 0); });
    this.total.textContent = number(rows.length) + " events · " + number(fatalities) + " reported fatalities"
      + (state.viewOnly ? " in the map's view" : "");
    this.viewBox.checked = !!state.viewOnly;  // a link may have set it
    var counts = state.viewOnly ? provinceCounts(state, rows) : state.counts.events;
    var admin1 = state.payload.admin1, drawer = this;
    var order = counts.map(function (c, k) { return k; }).filter(function (k) { return counts[k] > 0; })
      .sort(function (a, b) { return counts[b] - counts[a] || a - b; }).slice(0, TOP);
    fill(this.provinces, order.map(function (k) {
      var props = admin1[k].properties;
      return [(props.name || props.code) + (props.cc ? ", " + props.cc : ""), counts[k],
        function () { drawer.onPick(); state.map.fitBounds(L.geoJSON(admin1[k]).getBounds(), { maxZoom: 10 }); }];
    }));
    fill(this.actors, byCount(stringCounts(events, ["a1", "a2"], rows), data.s).slice(0, TOP).map(function (actor) {
      return [actor.name, actor.count, function () { drawer.state.drawerFilters().pickActor(actor.code, true); }];
    }));
  };

  /* Events per province of `rows`, as the choropleth counts them (events known to a
     province or better). */
  function provinceCounts(state, rows) {
    var events = state.events, data = events.data, counts = new Array(state.payload.admin1.length).fill(0);
    rows.forEach(function (i) { if (!events.isArea(i) && data.r1[i] >= 0) { counts[data.r1[i]]++; } });
    return counts;
  }

  function fill(list, rows) {
    list.textContent = "";
    rows.forEach(function (row) {
      var item = el("li"), link = button(row[0], "gm-top-name");
      link.addEventListener("click", row[2]);
      item.appendChild(link);
      item.appendChild(el("span", "gm-top-count", number(row[1])));
      list.appendChild(item);
    });
    if (!rows.length) { list.appendChild(el("li", "gm-muted", "none")); }
  }

  /* ---------- table of the visible events ---------- */

  var COLUMNS = [
    { key: "date", label: "Date", value: function (ev, i) { return ev.data.d[i] === null ? -Infinity : ev.data.d[i]; },
      text: function (ev, i) { return ev.data.d[i] === null ? "unknown" : isoDay(ev.data.base + ev.data.d[i]); } },
    { key: "type", label: "Type", value: function (ev, i) { return ev.typeLabel(i); } },
    { key: "actor", label: "Actor 1", optional: true, value: function (ev, i) { return ev.string("a1", i); } },
    { key: "place", label: "Place", value: function (ev, i) { return ev.string("pl", i); } },
    { key: "fatalities", label: "Fatalities", numeric: true, value: function (ev, i) { return ev.data.f[i]; },
      text: function (ev, i) { return ev.tollText(i); } }
  ];

  /* The visible events in the table shared with the published site (lib.EventTable). */
  function EventTable(state, onOpen) {
    var events = state.events;
    this.state = state;
    this.node = section("Events listed");
    this.table = new lib.EventTable({ sort: { key: "date", dir: -1 },
      columns: COLUMNS.map(function (column) {
        return { key: column.key, label: column.label, numeric: column.numeric, optional: column.optional,
          value: function (i) { return column.value(events, i); },
          text: column.text && function (i) { return column.text(events, i); } };
      }),
      open: function (i) { onOpen(); state.openEvent(i); } });
    this.node.appendChild(this.table.node);
  }

  EventTable.prototype.update = function (rows) {
    this.table.show(rows);
  };

  /* ---------- export of the selection (CSV, GeoJSON) ---------- */

  function Exporter(state) {
    this.state = state;
    this.node = section("Export the selection");
    var row = el("div", "gm-export-buttons"), self = this;
    [["CSV", "csv"], ["GeoJSON", "geojson"], ["PNG image of the view", "png"]].forEach(function (kind) {
      var b = button(kind[0], "gm-export-" + kind[1], kind[1] === "png" ? "Download the current view as a PNG image"
        : "Download the visible events as " + kind[0]);
      b.addEventListener("click", function () { self[kind[1]](); });
      row.appendChild(b);
    });
    this.node.appendChild(row);
    this.node.appendChild(el("div", "gm-muted gm-export-note",
      "The events the filters and the time range keep (in the map's view only, when checked above), with the data's own text. In the CSV, a text cell that starts with = + - @ gets a leading ' so spreadsheets show it instead of running it."));
  }

  /* One record per visible event: the data's text, unchanged. */
  Exporter.prototype.records = function () {
    var events = this.state.events, data = events.data, out = [];
    listedRows(this.state).forEach(function (i) {
      out.push({
        event_id: events.eventId(i),
        event_date: data.d[i] === null ? "" : isoDay(data.base + data.d[i]),
        event_type: events.typeLabel(i),
        sub_event_type: events.string("st", i),
        actor1: events.string("a1", i), assoc_actor_1: events.string("x1", i),
        actor2: events.string("a2", i), assoc_actor_2: events.string("x2", i),
        fatalities: data.f[i] < 0 ? null : data.f[i],
        place: events.string("pl", i),
        latitude: data.lat[i], longitude: data.lon[i],
        geo_precision: data.p[i], time_precision: data.dp[i],
        notes: data.notes ? data.notes[i] || "" : "",
        source_url: events.string("url", i),
        dataset: events.string("ds", i)
      });
      // the file, on a map of several
      if (data.sf) { out[out.length - 1].source_file = events.string("sf", i); }
    });
    return out;
  };

  Exporter.prototype.csv = function () {
    download(this.fileName("csv"), lib.eventsCsv(this.records()), "text/csv;charset=utf-8");
  };

  Exporter.prototype.geojson = function () {
    download(this.fileName("geojson"), lib.eventsGeojson(this.records()), "application/geo+json");
  };

  Exporter.prototype.fileName = function (extension) {
    return lib.fileName(this.state.payload.title, "selection", extension);
  };

  /* The current view as a PNG for a briefing (lib.downloadViewPng, shared with the
     published site), captioned with the title, the selection and the attribution. */
  Exporter.prototype.png = function () {
    return lib.downloadViewPng(this.state.map, captionLines(this.state),
      this.fileName("png").replace("-selection", "-view"));
  };

  function captionLines(state) {
    var p = state.payload, events = state.events, lines = [p.title || "Map"];
    var range = events.range, span = state.span;
    var text = number(events.visibleCount) + " of " + number(events.n) + " events";
    if (span) { text += " · " + lib.formatDay(Math.max(range[0], span[0])) + " – " + lib.formatDay(Math.min(range[1], span[1])); }
    if (events.mask || events.typeOn.some(function (on) { return !on; })) { text += " · filtered"; }
    lines.push(text);
    lines.push("Data: " + p.attributions.map(function (a) { return a[0]; }).join(" · "));
    return lines;
  }


  /* ---------- shareable state in the URL fragment ---------- */

  /* The view, time window and filters as "#view=lat,lon,zoom&time=first,last&..."; a second
     map on the page uses keys "m1.view" and so on. A link reopens the same view
     (lib.hashValues, parseView and hashWriter, shared with the published site). */
  function UrlState(state) {
    this.state = state;
    var k = R.instances.indexOf(state);
    this.prefix = k > 0 ? "m" + k + "." : "";
  }

  UrlState.prototype.start = function () {
    var self = this;
    this.read();
    this.state.listeners.push(lib.hashWriter(this.state.map, this.prefix, function () { return self.values(); }));
  };

  UrlState.prototype.read = function () {
    var get = lib.hashValues(this.prefix), state = this.state, view = lib.parseView(get("view"), state.map);
    if (view) {
      var go = function () { state.map.setView([view[0], view[1]], view[2], { animate: false }); };
      // the opening fit may still be zooming: its end would undo the view
      if (state.map._animatingZoom) { state.map.once("zoomend", go); } else { go(); }
    }
    var filters = get("xtype") || get("xsub") || get("xprec") || get("xsrc") || get("actors") || get("fat") || get("inview");
    if (filters) { state.drawerFilters().restore(get); }
    var time = get("time").split(",").map(function (d) { return Date.parse(d) / DAY_MS; });
    if (state.time && time.length === 2 && time.every(isFinite)) { state.time.set(time[0], time[1]); }
  };

  /* The fragment's values other than the view ("" for those not set). */
  UrlState.prototype.values = function () {
    var state = this.state, range = state.events.range;
    var values = state.drawerFilters ? state.drawerFilters().saved() : {};
    values.time = state.time && !state.time.isAll() && isFinite(range[0]) ? isoDay(range[0]) + "," + isoDay(range[1]) : "";
    return values;
  };

  /* The filters as URL values: excluded types, sub-types, precisions and sources, picked actors
     (names joined by "|"), fatalities range, and "inview=1" when the lists are of the view. */
  Filters.prototype.saved = function () {
    var events = this.state.events, data = events.data, picked = this.picked, out = {};
    function off(items, on) { return items.filter(function (item) { return !on(item); }).map(function (item) { return item.name; }).join("|"); }
    out.xtype = off(this.types, function (item) { return events.typeOn[item.t]; });
    out.xsub = off(this.subTypes, function (item) { return !picked.sub || picked.sub.has(item.code); });
    out.xprec = picked.precision ? this.precisions.filter(function (item) { return !picked.precision.has(item.code); })
      .map(function (item) { return item.code; }).join("|") : "";
    out.xsrc = off(this.sources, function (item) { return !picked.source || picked.source.has(item.code); });
    out.actors = picked.actors ? Array.from(picked.actors).map(function (code) { return data.s[code - 1]; }).join("|") : "";
    var f = picked.fatalities;
    out.fat = f[0] === null && f[1] === null ? "" : (f[0] === null ? "" : f[0]) + "," + (f[1] === null ? "" : f[1]);
    out.inview = this.state.viewOnly ? "1" : "";
    return out;
  };

  Filters.prototype.restore = function (get) {
    var events = this.state.events, self = this;
    function names(key) { var v = get(key); return v ? v.split("|") : []; }
    var xprec = names("xprec").map(Number);
    function named(key, name) { return lib.namedIn(get(key), name); }  // names may hold a "|"
    this.types.forEach(function (item) { events.typeOn[item.t] = !named("xtype", item.name); });
    this.subTypes.forEach(function (item) { item.box.checked = !named("xsub", item.name); });
    this.precisions.forEach(function (item) { item.box.checked = xprec.indexOf(item.code) < 0; });
    this.sources.forEach(function (item) { if (item.box) { item.box.checked = !named("xsrc", item.name); } });
    var on = function (items) { var kept = items.filter(function (i) { return !i.box || i.box.checked; }); return kept.length === items.length ? null : new Set(kept.map(function (i) { return i.code; })); };
    this.picked.sub = on(this.subTypes);
    this.picked.precision = on(this.precisions);
    this.picked.source = on(this.sources);
    var codes = new Set();
    this.actors.forEach(function (a) { if (named("actors", a.name)) { codes.add(a.code); } });
    this.picked.actors = codes.size ? codes : null;
    var fat = (get("fat") || ",").split(",");
    this.low.value = isFinite(fat[0]) ? fat[0] : ""; this.high.value = isFinite(fat[1]) ? fat[1] : "";
    this.picked.fatalities = [this.low.value ? +fat[0] : null, this.high.value ? +fat[1] : null];
    this.state.viewOnly = get("inview") === "1";
    self.apply();
  };

  /* ---------- setup: the one place the exploration controls are registered ---------- */

  function setup(state) {
    var places = state.payload.places;
    if (state.payload.placeLabels && places && places.names.length) {
      var labels = lib.placeLabels(state).addTo(state.map);
      if (state.layerControl) { state.layerControl.addOverlay(labels, "Place names"); }
    }
    var search = state.addControl("search", new SearchControl(state)).getContainer();
    search.parentNode.insertBefore(search, search.parentNode.firstChild);  // above the layer list
    if (!state.events) { return; }
    var explore = state.addControl("explore", new ExploreControl(state));
    state.drawerFilters = function () { return explore.ensure().filters; };
    setTimeout(function () { new UrlState(state).start(); }, 0);  // once the time control is there
  }

  R.addTimeControl = addTimeControl;
  R.workbench = { setup: setup, markControl: markControl, fold: fold, isoDay: isoDay };
  R.extensions.push(setup);
})();
