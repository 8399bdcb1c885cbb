/* geomap published site: millions of events from one PMTiles archive of vector tiles.
 *
 * Provinces coloured by their events (counts.json); where a tile holds many events, a
 * density grid from the tiles' "cells" layer; elsewhere (a small site at every zoom) every
 * event from the "events" layer, with popups.
 * The legend's type toggles and the time filter recount everything in the browser; no
 * server-side code. Data never becomes markup: every text is set with textContent
 * (GeomapRender.lib, shared with the single-page map, which also gives this page its title
 * block, legend rows, time slider and popup placement).
 */
(function () {
  "use strict";
  var lib = window.GeomapRender.lib, el = lib.el, number = lib.number, row = lib.row;
  var DAY_MS = 86400000, UNKNOWN = -2147483648;
  var AREA_PRECISIONS = { 6: true, 8: true };
  var CELL_RAMP = ["#fee8c8", "#fdbb84", "#fc8d59", "#e34a33", "#b30000"];

  /* ---------- months (since January 1970) and days (since 1970-01-01) ---------- */

  function monthStartDay(m) { return Date.UTC(1970 + Math.floor(m / 12), m % 12, 1) / DAY_MS; }
  function monthEndDay(m) { return monthStartDay(m + 1) - 1; }
  function monthOfDay(day) {
    var date = new Date(day * DAY_MS);
    return (date.getUTCFullYear() - 1970) * 12 + date.getUTCMonth();
  }
  function monthOfYear(m) { return ((m % 12) + 12) % 12; }
  function monthLabel(m) {
    return ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][monthOfYear(m)]
      + " " + (1970 + Math.floor(m / 12));
  }

  /* A month as in the URL, "2024-03", and a day of the URL ("2024-03-15", as the single
     page writes it, or a month: its first day, or its last if ``end``; null unless a real
     date). */
  function monthValue(m) {
    var month = monthOfYear(m) + 1;
    return (1970 + Math.floor(m / 12)) + "-" + (month < 10 ? "0" : "") + month;
  }
  function parseDay(text, end) {
    var match = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(text);
    if (!match || +match[2] < 1 || +match[2] > 12) { return null; }
    var m = (+match[1] - 1970) * 12 + (+match[2] - 1);
    if (match[3] === undefined) { return end ? monthEndDay(m) : monthStartDay(m); }
    var day = Date.UTC(+match[1], +match[2] - 1, +match[3]) / DAY_MS;
    return +match[3] >= 1 && monthOfDay(day) === m ? day : null;
  }

  /* ---------- vector tiles: read in a Web Worker (lib/tiles.js), as columns ---------- */

  /* Tiles come from the worker decoded into columns, not objects: ``x`` and ``y`` (tile
     units), one Float64Array per number property in ``cols`` (NaN where a feature has
     none), and where each feature's tags are in the tile's bytes (``tags``, ``buf``), so
     that its texts are decoded only when a popup asks for them (a dense tile holds
     megabytes of notes). */
  function TileReader(url, leafFrom) {
    var self = this;
    this.pending = new Map();
    this.next = 0;
    this.worker = new Worker("lib/tiles.js");
    this.worker.onmessage = function (event) { self.arrived(event.data); };
    this.worker.onerror = function (event) {  // the worker could not start: no tile will come
      self.pending.forEach(function (waiting) { waiting.reject(new Error("lib/tiles.js: " + event.message)); });
      self.pending.clear();
    };
    this.worker.postMessage({ archive: new URL(url, document.baseURI).href, leafFrom: leafFrom });
  }

  /* A promise of the layers of tile (z, x, y) ({} where the archive has none), or of
     ``leaf``, the tile [z, x, y] above it that holds its events (a leaf: tiles.js). */
  TileReader.prototype.get = function (z, x, y) {
    var self = this, id = this.next++;
    return new Promise(function (resolve, reject) {
      self.pending.set(id, { resolve: resolve, reject: reject, t0: performance.now() });
      self.worker.postMessage({ id: id, z: z, x: x, y: y });
    });
  };

  TileReader.prototype.arrived = function (message) {
    var waiting = this.pending.get(message.id);
    this.pending.delete(message.id);
    if (message.error) { waiting.reject(new Error(message.error)); return; }
    if (message.leaf) { waiting.resolve({ leaf: message.leaf }); return; }
    STATS.fetchMs += performance.now() - waiting.t0; STATS.decodeMs += message.ms; STATS.tiles++;
    STATS.requests = Math.max(STATS.requests, message.requests);
    if (Object.keys(message.layers).length) { STATS.tilesWithData++; }
    waiting.resolve({ layers: message.layers });
  };

  var NONE = new Float64Array(0);

  /* A number column of a layer (an empty one when no feature has the property: reads give
     undefined, which ``missing`` treats as NaN). */
  function column(layer, key) { return layer.cols[key] || NONE; }

  function missing(v) { return v === undefined || v !== v; }

  var utf8 = new TextDecoder("utf-8");

  /* Value ``v`` of a layer's value table: a text is decoded when first asked for, then kept. */
  function layerValue(layer, v) {
    var value = layer.values[v];
    if (value !== null && typeof value === "object") {
      value = layer.values[v] = utf8.decode(layer.buf.subarray(value.text[0], value.text[1]));
    }
    return value;
  }

  /* Every property of feature ``i``, texts included. */
  function featureProps(layer, i) {
    var pbf = new Pbf(layer.buf), props = {}, end = layer.tags[2 * i + 1];
    pbf.pos = layer.tags[2 * i];
    while (pbf.pos < end) {
      var key = layer.keys[pbf.readVarint()];
      props[key] = layerValue(layer, pbf.readVarint());
    }
    return props;
  }

  /* Which features of an events layer name one of ``names`` (a Set) as actor 1 or 2: a
     Uint8Array. Only the tags are walked and only the actors' texts decoded (not notes). */
  function namingActors(layer, names) {
    var keys = [layer.keys.indexOf("a1"), layer.keys.indexOf("a2")], pbf = new Pbf(layer.buf);
    var mask = new Uint8Array(layer.n), known = new Map();
    for (var i = 0; i < layer.n; i++) {
      pbf.pos = layer.tags[2 * i];
      while (pbf.pos < layer.tags[2 * i + 1]) {
        var k = pbf.readVarint(), v = pbf.readVarint();
        if (k !== keys[0] && k !== keys[1]) { continue; }
        if (!known.has(v)) { known.set(v, names.has(layerValue(layer, v))); }
        if (known.get(v)) { mask[i] = 1; }
      }
    }
    return mask;
  }

  /* ---------- the site state: filters shared by every layer ---------- */

  function Site(map, meta, areas, counts, tiles) {
    this.map = map;
    this.meta = meta;
    this.areas = areas;
    this.counts = counts;
    this.styles = meta.styles;
    // the site's types at their records' ``t``: ACLED's six, "Other", UCDP's three, its
    // own (site.json's "types"; without it, as ACLED's sites were: the six and "Other")
    this.types = meta.types || this.styles.event_types.concat([this.styles.other_event_type]);
    this.typeOn = this.types.map(function () { return true; });
    // the slider's days: those the events' dates reach, as on the single page (else whole months)
    this.span = meta.days ? [meta.days[0], meta.days[1]] : [monthStartDay(meta.months[0]), monthEndDay(meta.months[1])];
    this.selectDays(this.span[0], this.span[1]);
    this.actors = null;  // a Set of actor names whose events alone are drawn, or null
    this.subTypesOff = null;  // a Set of the sub-event types whose events are not drawn, or null
    this.precisionsOff = null;  // a Set of the precisions whose events are not drawn, or null
    this.sourcesOff = null;  // a Set of the sources (lib.sourceName) whose events are not drawn, or null
    // site.json's sources ([dataset, file, events]; a site written before has none)
    this.sources = meta.filters && meta.filters.sources || null;
    this.maskVersion = 0;  // changes with the actors and sub-event types picked
    this.minFatalities = 0;  // events with fewer (or unknown) fatalities are not drawn
    this.listeners = [];
    this.tiles = tiles;  // a TileReader, started as soon as site.json came (start)
  }

  /* The days selected (markers, events in view) and the months they touch (counts,
     histogram; the density squares: their quarters). */
  Site.prototype.selectDays = function (a, b) {
    this.days = [a, b];
    this.months = [monthOfDay(a), monthOfDay(b)];
  };
  Site.prototype.setDays = function (a, b) { this.selectDays(a, b); this.refresh(); };

  /* The selection is of whole months (the counts then agree with the markers): it starts
     on a month's first day or the first day of the events, ends on a month's last or theirs. */
  Site.prototype.wholeMonths = function () {
    return (this.days[0] === monthStartDay(this.months[0]) || this.days[0] <= this.span[0])
      && (this.days[1] === monthEndDay(this.months[1]) || this.days[1] >= this.span[1]);
  };

  /* Every day of the events is selected. */
  Site.prototype.allDays = function () { return this.days[0] <= this.span[0] && this.days[1] >= this.span[1]; };

  /* Draw only the events that name one of ``names`` (actor 1 or 2); none or null: all. */
  Site.prototype.pickActors = function (names) {
    this.actors = names && names.length ? new Set(names) : null;
    this.maskVersion++;
    this.refresh();
  };

  /* Once actors.json is in: the actors a link picked that the site does not have (no
     event names them as actor 1 or 2, no story actor is called so) are dropped, as on the
     single page, and the link is written again without them; before, any text of the
     link was shown as a chosen actor. A site of more actors than actors.json lists (its
     busiest 4,000) keeps the names it cannot check. */
  Site.prototype.dropUnknownActors = function (table) {
    if (!this.actors || !table.limit || table.actors.length < table.total) { return; }
    var known = new Set(table.actors.map(function (row) { return row[0]; }));
    (this.story ? this.story.payload.actors : []).forEach(function (f) { known.add(f.properties.name); });
    var kept = Array.from(this.actors).filter(function (name) { return known.has(name); });
    if (kept.length < this.actors.size) { this.pickActors(kept); }
  };

  /* Draw only the events with at least ``n`` reported fatalities (0: all). */
  Site.prototype.setMinFatalities = function (n) {
    this.minFatalities = n;
    this.refresh();
  };

  /* Hide the markers of the sub-event types (names) or precisions (codes) in ``off``
     (``kind`` "subTypes" or "precisions"; empty or null: none hidden). */
  Site.prototype.hide = function (kind, off) {
    this[kind + "Off"] = off && off.size ? off : null;
    if (kind === "subTypes" || kind === "sources") { this.maskVersion++; }
    this.refresh();
  };

  /* The features of an events layer the actor and sub-event type filters keep (a
     Uint8Array, worked out once per layer and choice: only those texts are read), or
     null when neither is on. */
  Site.prototype.markerMask = function (layer) {
    if (!this.actors && !this.subTypesOff && !this.sourcesOff) { return null; }
    if (layer.maskVersion !== this.maskVersion) {
      var mask = this.actors ? namingActors(layer, this.actors) : new Uint8Array(layer.n).fill(1), i;
      if (this.subTypesOff) {
        var names = layerTexts(layer, "st"), off = this.subTypesOff;
        for (i = 0; i < layer.n; i++) { if (off.has(names[i])) { mask[i] = 0; } }
      }
      if (this.sourcesOff) {
        var ds = layerTexts(layer, "ds"), sf = layerTexts(layer, "sf");
        for (i = 0; i < layer.n; i++) { if (this.sourcesOff.has(this.sourceName(ds[i], sf[i]))) { mask[i] = 0; } }
      }
      layer.markerMask = mask;
      layer.maskVersion = this.maskVersion;
    }
    return layer.markerMask;
  };

  /* A minimum of fatalities typed or in a link ("fat=5," as the single page writes it):
     a whole number up to MAX_FATALITIES, anything else 0 (no minimum). */
  var MAX_FATALITIES = 1000000;
  function parseFatalities(text) {
    var n = /^\s*\d{1,7}\s*$/.test(text) ? parseInt(text, 10) : 0;
    return n <= MAX_FATALITIES ? n : 0;
  }

  /* At most this many actors come from a link, each of at most ACTOR_CHARS characters. */
  var LINK_ACTORS = 20, ACTOR_CHARS = 300;

  /* The types hidden, the days and actors shown from a link's values (lib.hashValues):
     "xtype" names the types hidden ("Protests|Riots"), "time" the first and last days
     shown ("2024-01-15,2024-03-02"; months, "2024-01,2024-06", from their first to their
     last day), "actors" the actors picked ("JNIM|ISGS"); types and dates the site does not
     have are ignored. */
  Site.prototype.restore = function (get) {
    var actors = get("actors").split("|").filter(function (name) { return name && name.length <= ACTOR_CHARS; });
    if (actors.length) { this.actors = new Set(actors.slice(0, LINK_ACTORS)); }
    this.restoreHidden(get);
    this.maskVersion++;
    this.minFatalities = parseFatalities(get("fat").split(",")[0]);
    var hidden = get("xtype") ? get("xtype").split("|") : [], self = this, all = this.span;
    this.typeOn = this.typeOn.map(function (on, t) { return hidden.indexOf(self.typeStyle(t).name) < 0; });
    var time = get("time").split(",").map(function (text, k) { return parseDay(text, k === 1); });
    if (time.length === 2 && time[0] !== null && time[1] !== null) {
      var a = Math.max(all[0], Math.min(time[0], time[1])), b = Math.min(all[1], Math.max(time[0], time[1]));
      if (a <= b) { this.selectDays(a, b); }
    }
  };

  /* The link's values for what is shown now ("" for what is not filtered). */
  Site.prototype.saved = function () {
    var self = this, all = this.span, days = this.days, months = this.months;
    var hidden = this.typeOn.map(function (on, t) { return on ? "" : self.typeStyle(t).name; });
    var time = days[0] <= all[0] && days[1] >= all[1] ? ""
      : this.wholeMonths() ? monthValue(months[0]) + "," + monthValue(months[1])  // shorter, as before
        : lib.isoDay(days[0]) + "," + lib.isoDay(days[1]);
    return { xtype: hidden.filter(Boolean).join("|"), actors: this.actors ? Array.from(this.actors).join("|") : "",
      fat: this.minFatalities ? this.minFatalities + "," : "", time: time,
      xsub: this.subTypesOff ? Array.from(this.subTypesOff).map(subTypeValue).join("|") : "",
      xprec: this.precisionsOff ? Array.from(this.precisionsOff).join("|") : "",
      xsrc: this.sourcesOff ? Array.from(this.sourcesOff).join("|") : "" };
  };

  /* The source filter's entries: [name (lib.sourceName, the single page's), events]. */
  Site.prototype.sourceEntries = function () {
    return (this.sources || []).map(function (entry) { return [lib.sourceName(entry[0], entry[1]), entry[2]]; });
  };

  /* The dataset of an event whose tile names none (``ds``: the tiles of a site of one
     dataset carry none), and whether its file names its entry (the dataset's events come
     from several files). */
  Site.prototype.datasetOf = function (ds) {
    return ds || (this.sources && this.sources.length ? this.sources[0][0] : "");
  };
  /* The events come from several files: the tiles name each one's (``sf``) and the
     export has a column of them, as on the single page. */
  Site.prototype.severalFiles = function () { return (this.meta.filters.sourceFiles || 0) > 1; };
  Site.prototype.sourceName = function (ds, sf) {
    var dataset = this.datasetOf(ds), split = this.splitDatasets || (this.splitDatasets = new Set(
      (this.sources || []).filter(function (entry) { return entry[1]; }).map(function (entry) { return entry[0]; })));
    return lib.sourceName(dataset, split.has(dataset) ? sf : "");
  };

  /* A sub-event type in the link and the filters' list: its name, or for the events
     without one (site.json's "") the single page's entry, lib.NO_SUB_TYPE. */
  function subTypeValue(name) { return name || lib.NO_SUB_TYPE; }

  /* The sub-event types and precisions hidden by a link ("xsub", "xprec": names and codes
     joined by "|", the single page's keys); those the site does not list are ignored. */
  Site.prototype.restoreHidden = function (get) {
    var filters = this.meta.filters;
    // the items whose link text the key's list names, found whole (a name may hold a "|")
    function listed(key, items, text) {
      var off = new Set(items.filter(function (item) { return lib.namedIn(get(key), text(item[0])); })
        .map(function (item) { return item[0]; }));
      return off.size ? off : null;
    }
    this.subTypesOff = listed("xsub", filters.subEventTypes, subTypeValue);
    this.precisionsOff = listed("xprec", filters.precisions, String);
    this.sourcesOff = listed("xsrc", this.sourceEntries(), String);
  };
  /* The filters of the markers alone (the counts and density squares do not follow them),
     named for the legend. */
  Site.prototype.markerFilters = function () {
    return (this.actors ? ["actor"] : []).concat(this.subTypesOff ? ["sub-event type"] : [],
      this.precisionsOff ? ["where known"] : [], this.sourcesOff ? ["source"] : [],
      this.minFatalities ? ["at least " + number(this.minFatalities) + " fatalities"] : []);
  };

  /* Every filter on (types hidden, then the markers' own), named for a caption. */
  Site.prototype.filtersOn = function () {
    var self = this, hidden = this.typeOn.filter(function (on, t) { return !on && self.totals.typesAll[t]; }).length;
    return (hidden ? [hidden + " event type" + (hidden === 1 ? "" : "s") + " hidden"] : []).concat(this.markerFilters());
  };
  /* A tile could not be read: said once, on the map, with what to do. */
  Site.prototype.tileFailed = function (err) {
    if (this.failure) { return; }
    var box = this.failure = el("div", "gm-tiles-failed");
    box.setAttribute("role", "alert");
    box.textContent = "The events could not be read (" + (err && err.message || err) + "). Serve this "
      + "folder with a server that answers range requests (any static host; locally npx http-server, "
      + "caddy file-server or nginx, not python -m http.server); see README.txt.";
    this.map.getContainer().appendChild(box);
  };

  Site.prototype.toggleType = function (t) { this.typeOn[t] = !this.typeOn[t]; this.refresh(); };
  Site.prototype.refresh = function () {
    var self = this;
    this.listeners.forEach(function (fn) { fn(self); });
  };

  /* An interval of months [m, m + s] overlaps the selected months; unknown dates (NaN or
     undefined: the feature has no month) always do. */
  Site.prototype.monthsOn = function (m, s) {
    return missing(m) || m === UNKNOWN || (m <= this.months[1] && m + (s || 0) >= this.months[0]);
  };

  /* Event ``i`` of a layer's columns ``c`` is shown: its type is on, its precision
     (``p``) not hidden, its fatalities (``f``, -1 unknown) at least the minimum asked
     for, and its dates (day
     ``d``, ``lo`` days before, ``hi`` after) overlap the selected days ``days``. */
  Site.prototype.eventOn = function (c, i, days) {
    if (!this.typeOn[c.t[i]] || (this.minFatalities && !(c.f[i] >= this.minFatalities))
      || (this.precisionsOff && this.precisionsOff.has(c.p[i]))) { return false; }
    var d = c.d[i];
    return missing(d) || (d - (c.lo[i] || 0) <= days[1] && d + (c.hi[i] || 0) >= days[0]);
  };

  Site.prototype.selectedDays = function () { return this.days; };

  Site.prototype.typeStyle = function (t) {
    return this.types[t] || this.styles.other_event_type;
  };
  /* "Other" (the types the site does not list by name) is at this ``t``. */
  Site.prototype.otherType = function () { return this.styles.event_types.length; };
  /* An event's type as its popup, table and export name it: the site's name for it, the
     data's own (``ot``) for one drawn as "Other". */
  Site.prototype.typeName = function (t, ot) {
    return t === this.otherType() ? ot || this.styles.other_event_type.name : this.typeStyle(t).name;
  };
  /* The types in the legend's order: the site's list, "Other" last. */
  Site.prototype.typeOrder = function () {
    var other = this.otherType();
    return this.types.map(function (style, t) { return t; }).filter(function (t) { return t !== other; })
      .concat(other < this.types.length ? [other] : []);
  };

  /* Totals of the areas' counts for the current filters: per area, per type, overall. */
  Site.prototype.recount = function () {
    var c = this.counts, n = c.n.length, result = { admin1: {}, country: {}, types: [], typesAll: [],
      shown: 0, total: 0, unplaced: 0 };
    for (var t = 0; t < this.typeOn.length; t++) { result.types[t] = 0; result.typesAll[t] = 0; }
    for (var i = 0; i < n; i++) {
      var count = c.n[i];
      result.total += count;
      result.typesAll[c.t[i]] += count;
      if (!this.typeOn[c.t[i]] || !this.monthsOn(c.m[i], c.s[i])) { continue; }
      result.shown += count;
      result.types[c.t[i]] += count;
      var level = c.level[i], code = c.code[i];
      if (level === 0 || level === 1) {
        var table = level === 0 ? result.admin1 : result.country;
        var entry = table[code] || (table[code] = { n: 0, f: 0, types: new Array(this.typeOn.length).fill(0) });
        entry.n += count; entry.f += c.f[i]; entry.types[c.t[i]] += count;
      } else if (level === 3) { result.unplaced += count; }
    }
    this.totals = result;
    return result;
  };

  /* ---------- provinces (choropleth) and country-level events ---------- */

  function Provinces(site) {
    var styles = site.styles.choropleth, self = this;
    this.site = site;
    this.colors = styles.colors;
    this.noData = styles.no_data;
    this.layer = L.geoJSON(site.areas.admin1, {
      pane: "gmAreas",
      style: function () { return { weight: 0.7, color: styles.line_color, fillOpacity: styles.fill_opacity }; },
      onEachFeature: function (feature, layer) {
        layer.bindTooltip(function () { return self.tooltip(feature); }, { sticky: true });
      }
    });
    site.listeners.push(function () { self.restyle(); });
  }

  Provinces.prototype.colorFor = function (value) {
    if (!value) { return this.noData; }
    var k = 0;
    while (k + 1 < this.breaks.length && value >= this.breaks[k + 1]) { k++; }
    var offset = this.colors.length - this.breaks.length;
    return this.colors[Math.min(this.colors.length - 1, k + Math.max(offset, 0))];
  };

  Provinces.prototype.restyle = function () {
    var totals = this.site.totals.admin1, self = this;
    var values = this.site.areas.admin1.map(function (f) { return (totals[f.properties.index] || { n: 0 }).n; });
    this.breaks = lib.niceBreaks(values, this.colors.length);
    this.layer.eachLayer(function (layer) {
      var value = (totals[layer.feature.properties.index] || { n: 0 }).n;
      layer.setStyle({ fillColor: self.colorFor(value), fillOpacity: value ? 0.45 : 0.1 });
    });
  };

  Provinces.prototype.tooltip = function (feature) {
    var props = feature.properties, site = this.site, entry = site.totals.admin1[props.index];
    var tip = el("div", "gm-tip");
    tip.appendChild(el("b", null, props.name || props.code));
    if (props.cc) { tip.appendChild(el("span", "gm-muted", " · " + props.cc)); }
    tip.appendChild(el("div", null, number(entry ? entry.n : 0) + " events · " + number(entry ? entry.f : 0) + " fatalities"));
    if (entry) {
      site.typeOrder().forEach(function (t) {
        var count = entry.types[t];
        if (!count) { return; }
        var style = site.typeStyle(t), line = el("div", "gm-tip-type");
        line.appendChild(lib.shapeSvg(style.shape, style.color, true, null, 10));
        line.appendChild(el("span", null, " " + style.name + ": " + number(count)));
        tip.appendChild(line);
      });
    }
    tip.appendChild(el("div", "gm-muted", "in the months selected (whole months); events located to a province or better"));
    return tip;
  };

  Provinces.prototype.legend = function () { return lib.breaksLegend(this.breaks, this.colorFor.bind(this)); };

  function CountryLevel(site) {
    var self = this;
    this.site = site;
    this.layer = L.layerGroup();
    site.listeners.push(function () { self.refresh(); });
  }

  CountryLevel.prototype.refresh = function () {
    var site = this.site, totals = site.totals.country, layer = this.layer;
    layer.clearLayers();
    site.areas.admin0.forEach(function (feature) {
      var entry = totals[feature.properties.index];
      if (!entry || !entry.n) { return; }
      var box = el("div", "gm-country-count"), words = " country-level event" + (entry.n === 1 ? "" : "s");
      box.setAttribute("aria-label", number(entry.n) + words);  // phones show the count alone
      box.appendChild(el("b", null, number(entry.n)));
      box.appendChild(el("span", null, words));
      var label = L.marker(feature.properties.at, { icon: L.divIcon({ html: box, className: "gm-label-icon",
        iconSize: null }), keyboard: false });
      label.bindTooltip(function () {
        var tip = el("div", "gm-tip");
        tip.appendChild(el("b", null, feature.properties.name || feature.properties.code));
        tip.appendChild(el("div", null, "Events known only to the country: not drawn as points, not counted in a province."));
        return tip;
      }, { direction: "top" });
      layer.addLayer(label);
    });
  };

  /* ---------- events and density from the tiles ---------- */

  var TILE_CACHE_SIZE = 512;
  /* Markers per canvas path (drawStyle): few fill and stroke calls without one huge path
     of overlapping markers, which the rasteriser fills slowly (66,000 markers, one run
     each: 665 ms of drawing with one path per style, 54 ms with paths of 32). */
  var PATH_MARKERS = 32;
  /* Where a move spends its time (benchmarks read it): tiles fetched (``fetchMs``: from
     the request until the decoded tile is back from the worker, summed over tiles fetched
     at once), their decoding (in the worker) and their drawing (main thread), in
     milliseconds, tiles drawn, and markers drawn (one per spot, size and style); tiles
     that hold data, and the range requests that brought them. */
  var STATS = { tiles: 0, tilesWithData: 0, requests: 0, fetchMs: 0, decodeMs: 0, drawn: 0, drawMs: 0,
    markers: 0 };

  var TileEvents = L.GridLayer.extend({
    options: { pane: "gmEvents", tileSize: 256, updateWhenZooming: false, keepBuffer: 1 },

    initialize: function (site, options) {
      L.setOptions(this, options);
      this.site = site;
      this.cache = new Map();
      this.drawn = 0;
      this.stale = new Set();
      var self = this;
      site.listeners.push(function () { self.redrawAll(); });
      this.on("load", this.redrawStale, this);  // before anyone else hears the view is drawn
    },

    /* The tile of zoom ``z`` that covers display tile (z, x, y), and the part of it shown. */
    source: function (coords, z) {
      var shift = coords.z - z, size = 1 << shift;
      return { z: z, x: coords.x >> shift, y: coords.y >> shift, scale: size,
        dx: coords.x - ((coords.x >> shift) << shift), dy: coords.y - ((coords.y >> shift) << shift) };
    },

    /* A promise of the tile drawn for tile (z, x, y) of the archive: {z, layers}, its own or
       those of the leaf above it. */
    load: function (z, x, y) {
      var key = z + "/" + x + "/" + y, cache = this.cache, found = cache.get(key), self = this;
      if (found) { cache.delete(key); cache.set(key, found); return found; }
      var promise = this.site.tiles.get(z, x, y).then(function (answer) {
        return answer.leaf ? self.load(answer.leaf[0], answer.leaf[1], answer.leaf[2])
          : { z: z, layers: answer.layers };
      });
      cache.set(key, promise);
      if (cache.size > TILE_CACHE_SIZE) { cache.delete(cache.keys().next().value); }
      return promise;
    },

    createTile: function (coords, done) {
      var tile = L.DomUtil.create("canvas", "gm-tile"), ratio = window.devicePixelRatio || 1, self = this;
      tile.width = tile.height = 256 * ratio;
      tile.style.width = tile.style.height = "256px";
      var z = Math.min(coords.z, this.site.meta.maxZoom), shift = coords.z - z;
      this.load(z, coords.x >> shift, coords.y >> shift).then(function (found) {
        tile._gm = { layers: found.layers, source: self.source(coords, found.z), ratio: ratio, coords: coords };
        self.drawTile(tile);
        self.touchNeighbours(tile);
        self.drawn++;
        done(null, tile);
      }, function (err) { self.site.tileFailed(err); done(err, tile); });
      return tile;
    },

    redrawAll: function () {
      for (var key in this._tiles) {
        var tile = this._tiles[key].el;
        if (tile._gm) { this.drawTile(tile); }
      }
    },

    drawTile: function (tile) {
      var gm = tile._gm, ctx = tile.getContext("2d"), t0 = performance.now();
      ctx.setTransform(gm.ratio, 0, 0, gm.ratio, 0, 0);
      ctx.clearRect(0, 0, 256, 256);
      gm.cells = []; gm.events = []; gm.borrowed = [];
      if (gm.layers.cells) { this.drawCells(ctx, gm); }
      var styles = new Map(), taken = new Set(), self = this;
      if (gm.layers.events) { this.collect(styles, gm, 0, 0, gm.events); }
      this.neighbours(tile, true).forEach(function (n) {
        self.collect(styles, n.gm, n.ox, n.oy, gm.borrowed, taken);
      });
      Array.from(styles.keys()).sort(function (a, b) { return a - b; }).forEach(function (key) {
        self.drawStyle(ctx, styles.get(key));
      });
      STATS.drawMs += performance.now() - t0; STATS.drawn++;
    },

    /* How far a marker reaches beyond its spot (CSS pixels): the largest radius, hollow,
       of the widest shape (a triangle's corners at 1.3 r), and its outline. */
    margin: function () { return Math.ceil(1.3 * (this.site.styles.marker_size.max + 3)) + 2; },

    /* The drawn tiles around ``tile`` that draw other tiles of the archive (only those
       with events if ``withEvents``), with their offset in pixels: markers near their
       edges reach into ``tile``, which draws them too, so that no marker is cut at a
       tile's edge. */
    neighbours: function (tile, withEvents) {
      var c = tile._gm.coords, own = tileName(tile._gm.source), out = [];
      for (var j = -1; j <= 1; j++) {
        for (var i = -1; i <= 1; i++) {
          var entry = this._tiles[this._tileCoordsToKey({ x: c.x + i, y: c.y + j, z: c.z })];
          var gm = entry && entry.el._gm;
          if (!gm || (withEvents && !gm.layers.events) || tileName(gm.source) === own) { continue; }
          out.push({ el: entry.el, gm: gm, ox: i * 256, oy: j * 256 });
        }
      }
      return out;
    },

    /* A tile arrived: the drawn tiles around it that draw other archive tiles and that its
       markers reach into lack them; they are drawn again once, when the view is complete
       (before its "load" event is heard), so that a move draws each tile at most twice. */
    touchNeighbours: function (tile) {
      if (!tile._gm.layers.events) { return; }
      var edges = this.edges(tile._gm), self = this;
      this.neighbours(tile, false).forEach(function (n) {
        if (edges[side(Math.sign(n.ox), Math.sign(n.oy))].length) { self.stale.add(n.el); }
      });
    },

    redrawStale: function () {
      var self = this;
      this.stale.forEach(function (el) {
        var gm = el._gm, entry = self._tiles[self._tileCoordsToKey(gm.coords)];
        if (entry && entry.el === el) { self.drawTile(el); }
      });
      this.stale.clear();
    },

    /* Each of the tile's 8 x 8 density cells: the events of the selected types and months. */
    drawCells: function (ctx, gm) {
      var layer = gm.layers.cells, site = this.site, t = column(layer, "t"), m = column(layer, "m");
      var s = column(layer, "s"), n = column(layer, "n"), unit = layer.extent / 8, sums = new Float64Array(64);
      for (var i = 0; i < layer.n; i++) {
        if (!site.typeOn[t[i]] || !site.monthsOn(m[i], s[i])) { continue; }
        sums[Math.floor(layer.y[i] / unit) * 8 + Math.floor(layer.x[i] / unit)] += n[i];
      }
      var size = 256 * gm.source.scale / 8;
      for (var cell = 0; cell < 64; cell++) {
        if (sums[cell]) { this.drawCell(ctx, gm, cell, sums[cell], size); }
      }
    },

    drawCell: function (ctx, gm, cell, count, size) {
      var x = ((cell % 8) + 0.5) * size - gm.source.dx * 256, y = (Math.floor(cell / 8) + 0.5) * size - gm.source.dy * 256;
      var k = Math.max(0, Math.min(CELL_RAMP.length - 1, Math.floor(Math.log10(count) * 1.25)));
      ctx.fillStyle = CELL_RAMP[k];
      ctx.globalAlpha = 0.78;
      ctx.fillRect(x - size / 2 + 1, y - size / 2 + 1, size - 2, size - 2);
      ctx.globalAlpha = 1;
      // thousands as "4.3k" (the legend's ramp says 1,000 and 10,000+): "4283" read as a
      // year beside the legend's "Battles (3,705)", and "4,283" ran past a 30-pixel square
      var text = size >= 26 ? (count >= 1000 ? Math.round(count / (count >= 10000 ? 1000 : 100))
        / (count >= 10000 ? 1 : 10) + "k" : String(count)) : "";
      if (text) {
        ctx.fillStyle = k >= 3 ? "#fff" : "#222";
        ctx.font = "600 10px system-ui, sans-serif";
        ctx.textAlign = "center"; ctx.textBaseline = "middle";
        ctx.fillText(text, x, y);
      }
      // ``w``: half the width of its count (town names keep off it: countBoxes)
      gm.cells.push({ x: x, y: y, r: size / 2, w: text ? ctx.measureText(text).width / 2 + 2 : 0 });
    },

    /* Events of archive tile ``gm`` that reach into the tile drawn (``ox, oy``: where
       ``gm``'s display tile is, in pixels from it; a neighbour's: only its events near the
       side facing the tile drawn), grouped by style (type and precision) to be drawn a
       style at a time, one marker where several have the same spot and size. Each is kept
       (``kept``: the tile's own indexes, or {gm, i, ox, oy} of a neighbour's, once: two
       neighbours may show one archive tile, ``taken`` names those kept) for popups. */
    collect: function (styles, gm, ox, oy, kept, taken) {
      var layer = gm.layers.events, c = this.columns(layer), site = this.site, margin = this.margin();
      var days = site.selectedDays(), unit = 256 * gm.source.scale / layer.extent, own = !ox && !oy;
      var dx = gm.source.dx * 256 - ox, dy = gm.source.dy * 256 - oy, mask = site.markerMask(layer);
      var rows = own ? null : this.edges(gm)[side(-Math.sign(ox), -Math.sign(oy))], count = rows ? rows.length : layer.n;
      var name = tileName(gm.source) + "/";
      for (var k = 0; k < count; k++) {
        var i = rows ? rows[k] : k;
        if (AREA_PRECISIONS[c.p[i]] || !site.eventOn(c, i, days) || (mask && !mask[i])) { continue; }
        var x = layer.x[i] * unit - dx, y = layer.y[i] * unit - dy;
        if (x < -margin || y < -margin || x > 256 + margin || y > 256 + margin) { continue; }
        if (own) { kept.push(i); } else {
          if (taken.has(name + i)) { continue; }
          taken.add(name + i);
          kept.push({ gm: gm, i: i, ox: ox, oy: oy });
        }
        var key = c.t[i] * 16 + c.p[i], group = styles.get(key);
        if (!group) { styles.set(key, group = { t: c.t[i], p: c.p[i], seen: new Set(), at: [] }); }
        var r = this.radius(c, i), spot = (Math.round(2 * x + 100) * 1024 + Math.round(2 * y + 100)) * 64 + Math.round(2 * r);
        if (!group.seen.has(spot)) { group.seen.add(spot); group.at.push(x, y, r); STATS.markers++; }
      }
    },

    /* The events of a display tile within the margin of each of its sides and corners
       (``edges[side(i, j)]``, indexes; by position only, whatever the filters): those the
       neighbour on that side draws too. Made once per tile. */
    edges: function (gm) {
      if (gm.edges) { return gm.edges; }
      var layer = gm.layers.events, margin = this.margin(), unit = 256 * gm.source.scale / layer.extent;
      var dx = gm.source.dx * 256, dy = gm.source.dy * 256, edges = [[], [], [], [], [], [], [], [], []];
      for (var i = 0; i < layer.n; i++) {
        var x = layer.x[i] * unit - dx, y = layer.y[i] * unit - dy;
        if (x < -margin || y < -margin || x > 256 + margin || y > 256 + margin) { continue; }
        var sx = x < margin ? -1 : x > 256 - margin ? 1 : 0, sy = y < margin ? -1 : y > 256 - margin ? 1 : 0;
        if (sx) { edges[side(sx, 0)].push(i); }
        if (sy) { edges[side(0, sy)].push(i); }
        if (sx && sy) { edges[side(sx, sy)].push(i); }
      }
      gm.edges = edges;
      return edges;
    },

    columns: function (layer) {
      var c = {};
      ["t", "p", "d", "lo", "hi", "f"].forEach(function (key) { c[key] = column(layer, key); });
      return c;
    },

    /* Marker radius in CSS pixels: by fatalities, larger for hollow (imprecise) markers. */
    radius: function (c, i) {
      var size = this.site.styles.marker_size, f = c.f[i];
      var r = Math.min(size.base + size.scale * Math.sqrt(f > 0 ? f : 0), size.max);
      return (this.precisionStyle(c.p[i]).style === "hollow") ? r + 3 : r;
    },

    precisionStyle: function (p) {
      return this.site.styles.precision[p] || { style: "filled", fill_opacity: 0.8 };
    },

    /* A style's markers, a few dozen per path: a path per marker costs a fill and a stroke
       each, one path of thousands of overlapping markers makes the rasteriser slow. */
    drawStyle: function (ctx, group) {
      var style = this.site.typeStyle(group.t), precision = this.precisionStyle(group.p);
      var hollow = precision.style === "hollow", at = group.at;
      ctx.fillStyle = style.color;
      ctx.lineWidth = hollow ? 1.8 : 1;
      ctx.strokeStyle = hollow ? style.color : "#ffffff";
      ctx.setLineDash(hollow && precision.dash ? String(precision.dash).split(/[ ,]+/).map(Number) : []);
      for (var start = 0; start < at.length; start += 3 * PATH_MARKERS) {
        ctx.beginPath();
        for (var k = start; k < Math.min(at.length, start + 3 * PATH_MARKERS); k += 3) {
          shapePath(ctx, style.shape, at[k], at[k + 1], at[k + 2]);
        }
        ctx.globalAlpha = precision.fill_opacity;
        ctx.fill();
        ctx.globalAlpha = hollow ? 0.95 : 0.9;
        ctx.stroke();
      }
      ctx.setLineDash([]);
      ctx.globalAlpha = 1;
    },

    /* Events drawn on the tiles on screen (for tests and benchmarks). */
    hitCount: function () {
      var count = 0;
      for (var key in this._tiles) {
        var gm = this._tiles[key].el._gm;
        if (gm && gm.events) { count += gm.events.length; }
      }
      return count;
    },

    /* What was drawn under a point of the map: events (all of them, nearest first), or a
       cell. */
    hitsAt: function (latlng) {
      var map = this._map, zoom = map.getZoom(), point = map.project(latlng, zoom);
      var tx = Math.floor(point.x / 256), ty = Math.floor(point.y / 256), found = [];
      var key = this._tileCoordsToKey({ x: tx, y: ty, z: zoom }), entry = this._tiles[key];
      if (!entry || !entry.el._gm) { return found; }
      var gm = entry.el._gm, px = point.x - tx * 256, py = point.y - ty * 256;
      function near(x, y, r, hit, from) {
        var d = Math.sqrt((x - px) * (x - px) + (y - py) * (y - py));
        if (d <= Math.max(r, 6)) { hit.d = d; hit.gm = from; found.push(hit); }
      }
      gm.cells.forEach(function (cell) { near(cell.x, cell.y, cell.r, { kind: "cell" }, gm); });
      var self = this;
      gm.events.map(function (i) { return { gm: gm, i: i, ox: 0, oy: 0 }; }).concat(gm.borrowed).forEach(function (e) {
        var layer = e.gm.layers.events, unit = 256 * e.gm.source.scale / layer.extent;
        near(layer.x[e.i] * unit - e.gm.source.dx * 256 + e.ox, layer.y[e.i] * unit - e.gm.source.dy * 256 + e.oy,
          self.radius(self.columns(layer), e.i) + 2, { kind: "event", i: e.i }, e.gm);
      });
      found.sort(function (a, b) { return a.d - b.d; });
      return found;
    }
  });

  /* The index of the side or corner (i, j) of a tile (-1, 0 or 1 each) in its ``edges``. */
  function side(i, j) { return (j + 1) * 3 + i + 1; }

  /* The archive tile a display tile draws from, as "z/x/y". */
  function tileName(source) { return source.z + "/" + source.x + "/" + source.y; }

  /* One marker's outline, added to the current path. */
  function shapePath(ctx, shape, x, y, r) {
    if (shape === "square") { ctx.rect(x - 0.9 * r, y - 0.9 * r, 1.8 * r, 1.8 * r); }
    else if (shape === "diamond") {
      ctx.moveTo(x, y - 1.25 * r); ctx.lineTo(x + 1.25 * r, y); ctx.lineTo(x, y + 1.25 * r); ctx.lineTo(x - 1.25 * r, y);
      ctx.closePath();
    } else if (shape === "triangle") {
      ctx.moveTo(x, y - 1.3 * r); ctx.lineTo(x + 1.15 * r, y + 0.75 * r); ctx.lineTo(x - 1.15 * r, y + 0.75 * r);
      ctx.closePath();
    } else if (shape === "triangle-down") {  // UCDP's types (styles.yaml)
      ctx.moveTo(x, y + 1.3 * r); ctx.lineTo(x - 1.15 * r, y - 0.75 * r); ctx.lineTo(x + 1.15 * r, y - 0.75 * r);
      ctx.closePath();
    } else { ctx.moveTo(x + r, y); ctx.arc(x, y, r, 0, 2 * Math.PI); }
  }

  /* ---------- popups ---------- */

  function actorText(p, main, assoc) {
    var a = p[main] || "", x = p[assoc] || "";
    if (!a && !x) { return ""; }
    return x ? a + " (with " + x + ")" : a;
  }

  function eventPopup(site, p) {
    var style = site.typeStyle(p.t), root = el("div", "gm-popup");
    var head = el("div", "gm-pop-type");
    head.appendChild(lib.shapeSvg(style.shape, style.color, true, null, 14));
    head.appendChild(el("span", null, site.typeName(p.t, p.ot)));
    // a sub-event type that only repeats the type (UCDP's) is not said twice, as on the single page
    if (p.st && p.st !== site.typeName(p.t, p.ot)) { head.appendChild(el("span", "gm-muted", " · " + p.st)); }
    root.appendChild(head);
    var table = el("table", "gm-pop-table");
    if (p.d !== undefined) {
      var date = el("span", null, lib.formatEventDate(p.d, p.dp));
      date.appendChild(el("span", "gm-muted", " (" + (lib.DATE_PRECISION_LABELS[p.dp] || "date") + ")"));
      row(table, "Date", date);
    } else { row(table, "Date", "unknown"); }
    var side1 = actorText(p, "a1", "x1"), side2 = actorText(p, "a2", "x2");
    if (side1) { row(table, "Actor 1", side1); }
    if (side2) { row(table, "Actor 2", side2); }
    row(table, site.typeStyle(p.t).deaths === true ? "Deaths (best estimate)" : "Fatalities", lib.tollText(p.f, p.fl, p.fh) + (p.f >= 0 && p.fc ? " (claimed by " + p.fc + ")" : ""));
    var place = el("span", null, p.pl || "unnamed place");
    place.appendChild(el("span", "gm-muted", " (" + (site.meta.precisionLabels[p.p] || "") + ")"));
    row(table, "Place", place);
    if (!(p.p <= 2)) {
      row(table, "", el("span", "gm-note", "Located only to this area: the marker is its centre, not the place of the event."));
    }
    if (p.id) { row(table, "Event id", p.id); }
    root.appendChild(table);
    if (p.notes) { root.appendChild(el("p", "gm-pop-notes", p.notes)); }
    // the single page's list: the names the field joins with ";" (linked where one is a
    // web address), then the event's address
    var sources = (p.src || "").split(";").map(function (name) { return name.trim(); })
      .filter(Boolean).map(function (name) { return [name, name]; });
    if (p.url) { sources.push([p.url, p.url]); }
    root.appendChild(lib.sourcesList(sources));
    return root;
  }

  /* Several events under the cursor (a town's centre): the popup pages through them. */
  function eventsPopup(site, records) {
    var root = el("div", "gm-place-popup"), body = el("div"), at = 0, label = null;
    if (records.length > 1) {
      var nav = el("div", "gm-pager");
      var prev = el("button", "gm-pager-prev", "\u2039"), next = el("button", "gm-pager-next", "\u203A");
      label = el("span", "gm-pager-label");
      prev.type = next.type = "button";
      prev.setAttribute("aria-label", "Previous event here");
      next.setAttribute("aria-label", "Next event here");
      nav.appendChild(prev); nav.appendChild(label); nav.appendChild(next);
      root.appendChild(nav);
      prev.addEventListener("click", function () { show(at - 1); });
      next.addEventListener("click", function () { show(at + 1); });
    }
    root.appendChild(body);
    function show(k) {
      at = (k + records.length) % records.length;
      if (label) { label.textContent = (at + 1) + " of " + records.length + " events here"; }
      body.textContent = "";
      body.appendChild(eventPopup(site, records[at]));
    }
    show(0);
    return root;
  }

  /* The popup of events ``records`` (full records) at ``latlng``. */
  function openEventsPopup(site, latlng, records) {
    var map = site.map, width = Math.min(360, map.getSize().x - 60);
    map.eachLayer(function (layer) { if (layer.closeTooltip) { layer.closeTooltip(); } });  // provinces' tips
    L.popup({ maxWidth: width, minWidth: Math.min(240, width), autoPanPadding: [10, 10] })
      .setLatLng(latlng).setContent(eventsPopup(site, records)).openOn(map);
  }

  /* The full record of drawn event ``hit.i``: a leaf tile holds each event with its texts. */
  function fullRecord(hit) { return featureProps(hit.gm.layers.events, hit.i); }

  /* ---------- title, legend, time filter ---------- */

  var TitleControl = L.Control.extend({
    options: { position: "topleft" },
    initialize: function (site) { this.site = site; },
    onAdd: function () {
      var meta = this.site.meta, block = lib.titleBlock(meta.title, meta.subtitle, meta.notes), self = this;
      this.range = block.range;
      this.site.listeners.push(function () { self.update(); });
      this.update();
      return block.box;
    },
    /* The counts follow whole months: where the days selected start or end inside a
       month, the line says which months are counted and which days the markers show. */
    update: function () {
      var site = this.site, totals = site.totals, months = monthLabel(site.months[0]) + " – " + monthLabel(site.months[1]);
      var counted = number(totals.shown) + " of " + number(totals.total) + " events";
      this.range.textContent = site.allDays() ? counted + " · " + lib.formatDay(site.span[0]) + " – " + lib.formatDay(site.span[1])
        : site.wholeMonths() ? counted + " · " + months
        : counted + " in " + months + " · markers " + lib.formatDay(site.days[0]) + " – " + lib.formatDay(site.days[1]);
    }
  });

  var LegendControl = L.Control.extend({
    options: { position: "bottomright" },
    initialize: function (site, provinces) { this.site = site; this.provinces = provinces; },
    onAdd: function () {
      var legend = lib.legendBox(this.site.map.getSize().x >= 600), self = this;
      this.body = legend.body;
      this.build();
      this.site.listeners.push(function () { self.update(); });
      return legend.box;
    },
    build: function () {
      var body = this.body;
      body.textContent = "";
      body.appendChild(this.typeSection());
      body.appendChild(this.sizeSection());
      body.appendChild(this.precisionSection());
      this.choropleth = el("div");
      body.appendChild(this.choropleth);
      (this.site.story ? this.site.story.legend() : []).forEach(function (part) { body.appendChild(part); });
      this.unplaced = el("div", "gm-muted gm-unplaced");
      body.appendChild(this.unplaced);
      this.filterNote = body.appendChild(el("div", "gm-muted gm-filter-note"));
      this.update();
    },
    typeSection: function () {
      var site = this.site, box = lib.legendSection("Event type (click to hide or show)"), self = this;
      this.typeLabels = [];
      site.typeOrder().forEach(function (t) {
        var style = site.typeStyle(t);
        if (!site.totals.typesAll[t]) { return; }  // the types of the site's events, as on the single page
        var label = lib.typeRow(box, style, style.name, function () {
          site.toggleType(t);
          return site.typeOn[t];
        });
        self.typeLabels[t] = [label, style.name];
      });
      return box;
    },
    sizeSection: function () {
      // as the single page says it: UCDP's types size their markers by deaths
      var site = this.site, types = site.typeOrder().filter(function (t) { return site.totals.typesAll[t]; });
      var deaths = types.filter(function (t) { return site.typeStyle(t).deaths === true; }).length;
      var box = lib.sizeSection(site.styles.marker_size, deaths && deaths === types.length
        ? "Size: deaths (best estimate)"
        : deaths ? "Size: reported fatalities or deaths" : "Size: reported fatalities");
      var line = box.appendChild(el("label", "gm-legend-row gm-min-fatalities"));
      line.appendChild(el("span", null, "Markers with at least "));
      var field = line.appendChild(el("input", "gm-input gm-fatalities-input"));
      field.type = "number"; field.min = "0"; field.step = "1"; field.placeholder = "0";
      field.value = site.minFatalities ? String(site.minFatalities) : "";
      line.appendChild(el("span", null, " fatalities"));
      line.setAttribute("data-geomap-control", "fatalities");
      field.addEventListener("input", function () { site.setMinFatalities(parseFatalities(field.value)); });
      return box;
    },
    precisionSection: function () {
      var ramp = el("span", "gm-swatch gm-cell-swatch"), rows = lib.precisionRows();
      ramp.style.background = "linear-gradient(90deg," + CELL_RAMP.join(",") + ")";
      if (this.site.meta.eventsMinZoom > 0) {  /* the world's tile a leaf: no squares anywhere */
        rows.push([ramp, "Density where events are many: events per square (1, 10, 100, 1,000, 10,000+); zoom in for single events"]);
      }
      return lib.legendRows(lib.legendSection("Where an event is known"), rows);
    },
    update: function () {
      var totals = this.site.totals, self = this;
      this.typeLabels.forEach(function (entry, t) {
        if (!entry) { return; }
        var text = totals.types[t] === totals.typesAll[t] ? number(totals.typesAll[t])
          : number(totals.types[t]) + " of " + number(totals.typesAll[t]);
        entry[0].textContent = entry[1] + " (" + text + ")";
        lib.markTypeRow(entry[0].parentNode, self.site.typeOn[t]);  // a link can hide types
      });
      this.choropleth.textContent = "";
      if (this.provinces && this.provinces.breaks) { this.choropleth.appendChild(this.provinces.legend()); }
      var site = this.site, filters = site.markerFilters();
      this.filterNote.textContent = filters.length ? "Filter on (" + filters.join(", ") + "): it applies to the "
        + "markers only; density squares, province colours and counts include every event" : "";
      this.unplaced.textContent = totals.unplaced ? number(totals.unplaced)
        + " events known only to a multi-country region or a country without an outline are not drawn" : "";
    }
  });

  /* The time slider, by day, and above its track the histogram of events per month (a
     bar picks its month's days). */
  function timeControl(site) {
    var first = site.span[0], last = site.span[1];
    var control = L.control({ position: "bottomleft" });
    control.onAdd = function () {
      var time = lib.timeSlider({ first: first, last: last, step: Math.max(1, Math.round((last - first) / 40)),
        interval: 700, unit: "date", format: lib.formatDay,
        onRange: function (a, b) { site.setDays(a, b); } });
      if (site.days[0] > first || site.days[1] < last) { time.set(site.days[0], site.days[1]); }
      site.histogram = site.meta.histogram ? daysHistogram(site, first, last, time.set)
        : monthsHistogram(site, function (a, b) { time.set(monthStartDay(a), monthEndDay(b)); });
      site.histogram.node.setAttribute("data-geomap-control", "histogram");
      time.box.insertBefore(site.histogram.node, time.track);
      return time.box;
    };
    return control;
  }

  /* Events (or fatalities) per bar of days over the whole site, of the types shown: the
     single page's bars (site.json's histogram: bars of ``width`` days from ``first``, as
     lib.Histogram makes them of the same days), counted at each event's own day. */
  function daysHistogram(site, first, last, onBrush) {
    var h = site.meta.histogram, histogram = new lib.Histogram({ first: first, last: last,
      unit: "day", onBrush: onBrush,
      range: function () { return site.days; },
      key: function () { return site.typeOn.join(); },
      count: function (add) {
        for (var i = 0; i < h.b.length; i++) {
          if (site.typeOn[h.t[i]]) { add(h.first + h.b[i] * h.width, h.n[i], h.f[i]); }
        }
      } });
    site.listeners.push(function () { histogram.update(); });
    return histogram;
  }

  /* Events (or fatalities) per month over the whole site, of the types shown (counts.json).
     An event known only to an interval of months (a year, a quarter) counts evenly in each
     of its months; events without a date are not in it. */
  function monthsHistogram(site, onBrush) {
    var c = site.counts, histogram = new lib.Histogram({ first: site.meta.months[0], last: site.meta.months[1],
      unit: "month", onBrush: onBrush,
      range: function () { return site.months; },
      key: function () { return site.typeOn.join(); },
      count: function (add) {
        for (var i = 0; i < c.n.length; i++) {
          if (!site.typeOn[c.t[i]] || missing(c.m[i]) || c.m[i] === UNKNOWN) { continue; }
          var span = (c.s[i] || 0) + 1;
          for (var k = 0; k < span; k++) { add(c.m[i] + k, c.n[i] / span, c.f[i] / span); }
        }
      } });
    site.listeners.push(function () { histogram.update(); });
    return histogram;
  }

  /* ---------- search: countries, provinces and actors ---------- */

  /* Events per area over the whole site (every type and month): provinces by index,
     countries by code (their provinces' events and those known only to the country). */
  function areaTotals(site) {
    var c = site.counts, admin1 = new Float64Array(site.areas.admin1.length), countries = {};
    function add(cc, n) { if (cc) { countries[cc] = (countries[cc] || 0) + n; } }
    for (var i = 0; i < c.n.length; i++) {
      if (c.level[i] === 0) { admin1[c.code[i]] += c.n[i]; }
      else if (c.level[i] === 1) { add(site.areas.admin0[c.code[i]].properties.code, c.n[i]); }
    }
    site.areas.admin1.forEach(function (f, k) { add(f.properties.cc, admin1[k]); });
    return { admin1: admin1, countries: countries };
  }

  function eventsText(n) { return n ? number(n) + " event" + (n === 1 ? "" : "s") : "no events"; }

  /* What the search box finds: every country of the basemap (those with events first),
     every province with events and the actors of actors.json; picking an area fits the
     map to it, picking an actor fits the map to its events and draws only them. Built at
     the first search (a promise while actors.json is still on its way). */
  function searchIndex(site) {
    site.story.loadFootprints();  // a reader looking for an actor may show its footprint next
    if (!site.actorTable) {
      return site.loadActors().then(function () { return searchIndex(site); });
    }
    var entries = areaEntries(site), listed = new Set();
    site.actorTable.actors.forEach(function (actor) {
      var where = actor[4].map(function (c) { return site.countryName(c[0]); }).join(", ");
      listed.add(lib.fold(actor[0]));
      entries.push(lib.searchEntry(actor[0], "actor · " + eventsText(actor[1]) + (where ? " · " + where : ""), 1,
        function () { site.showActor(actor); }));
    });
    return entries.concat(storyEntries(site, listed));
  }

  /* A story's named regions, and its actors by their story names (those the events do
     not name as actor 1 or 2 already, ``listed``: folded names of actors.json; none on a
     site of event data alone, whose actors layer holds the busiest actors): picking
     one fits the map to its home place and footprint and picks it, as an actor of the
     events is picked (its home, footprint and relations, and the markers that name it). */
  function storyEntries(site, listed) {
    var p = site.story && site.story.told ? site.story.payload : { regions: [], actors: [], footprints: [] };
    var map = site.map, out = [];
    p.regions.forEach(function (f) {
      if (f.properties.name) {
        out.push(lib.searchEntry(f.properties.name, "named region", 0, function () {
          map.fitBounds(L.geoJSON(f).getBounds(), { maxZoom: 10 });
        }));
      }
    });
    var footprints = {};
    p.footprints.forEach(function (f) { footprints[f.properties.name] = f; });
    p.actors.forEach(function (f) {
      var props = f.properties, name = props.name;
      if (!name || listed.has(lib.fold(name))) { return; }
      listed.add(lib.fold(name));
      var kind = props.kind && props.kind !== "other" ? " (" + props.kind.replace(/_/g, " ") + ")" : "";
      out.push(lib.searchEntry(name, "story actor" + kind + " · " + eventsText(props.events), 1, function () {
        var bounds = L.geoJSON(f).getBounds();
        if (footprints[name]) { bounds.extend(L.geoJSON(footprints[name]).getBounds()); }
        map.fitBounds(bounds.pad(0.2), { maxZoom: 8 });
        site.pickActors([name]);
      }));
    });
    return out;
  }

  /* The basemap's name of country ``cc`` (ISO alpha-2), or the code. */
  Site.prototype.countryName = function (cc) {
    if (!this.countryNames) {
      var names = this.countryNames = {};
      this.basemap.features.forEach(function (f) { names[f.properties.iso_a2] = f.properties.name; });
    }
    return this.countryNames[cc] || cc;
  };

  function areaEntries(site) {
    var totals = areaTotals(site), map = site.map, entries = [];
    function fit(feature) { return function () { map.fitBounds(L.geoJSON(feature).getBounds(), { maxZoom: 10 }); }; }
    site.basemap.features.forEach(function (f) {
      var n = totals.countries[f.properties.iso_a2] || 0;
      if (f.properties.name) { entries.push(lib.searchEntry(f.properties.name, "country · " + eventsText(n), n ? 0 : 2, fit(f))); }
    });
    site.areas.admin1.forEach(function (f, k) {
      var props = f.properties, label = (props.name || props.code) + (props.cc ? ", " + props.cc : "");
      entries.push(lib.searchEntry(label, "province · " + eventsText(totals.admin1[k]), 1, fit(f)));
    });
    return entries;
  }

  var SearchControl = L.Control.extend({
    options: { position: "topright" },
    initialize: function (site) { this.site = site; },
    onAdd: function () {
      var site = this.site;
      return lib.searchBox({ label: "Search countries, provinces and actors", placeholder: "Search places, actors",
        index: function () { return searchIndex(site); } });
    }
  });

  /* actors.json ({actors: [[name, events, fatalities, [south, west, north, east],
     [[country, events], ...]], ...], total, limit}), fetched once; a site without one
     (or a failed fetch) searches areas only. */
  Site.prototype.loadActors = function () {
    var self = this;
    this.actorsLoading = this.actorsLoading || getJson("actors.json").catch(function () {
      return { actors: [], total: 0, limit: 0 };
    }).then(function (table) { self.actorTable = table; return table; });
    return this.actorsLoading;
  };

  /* Town names over the basemap, as on the single page (GeomapRender.lib.placeLabels over
     places.json: the single page's towns, in the site's box), fetched after the first
     view; "Place names" in the layer list, on. A site without the file has none. */
  Site.prototype.loadPlaces = function () {
    var site = this, map = this.map;
    this.placesLoading = this.placesLoading || getJson("places.json").then(function (places) {
      if (!places.names || !places.names.length) { return null; }
      var labels = site.placeNames = lib.placeLabels({ map: map, payload: { places: places },
        taken: function () { return map.hasLayer(site.eventLayer) ? site.eventLayer.countBoxes() : []; } });
      labels.addTo(map);
      if (site.layerList) { site.layerList.addOverlay(labels, "Place names"); }
      return labels;
    }).catch(function () { return null; });
    return this.placesLoading;
  };

  /* Fit the map to an actor's events and draw only them. */
  Site.prototype.showActor = function (actor) {
    var box = actor[3];
    this.map.fitBounds([[box[0], box[1]], [box[2], box[3]]], { maxZoom: 10 });
    this.pickActors([actor[0]]);
  };

  /* The actor filter, when one is on (top right): who, and a button that removes it. The
     density squares, province colours and counts come from aggregates that do not know
     actors: it says so. */
  var ActorControl = L.Control.extend({
    options: { position: "topright" },
    initialize: function (site) { this.site = site; },
    onAdd: function () {
      var site = this.site, box = lib.isolate(el("div", "gm-actor-filter leaflet-bar")), self = this;
      var head = box.appendChild(el("div", "gm-actor-head"));
      head.appendChild(el("span", "gm-muted", "Actor: "));
      this.names = head.appendChild(el("b", "gm-actor-names"));
      var clear = head.appendChild(lib.button("\u2715", "gm-actor-clear", "Show every actor's events"));
      clear.addEventListener("click", function () { site.pickActors(null); });
      box.appendChild(el("div", "gm-muted gm-actor-note",
        "Markers only: density squares, province colours and counts include every actor"));
      this.box = box;
      site.listeners.push(function () { self.update(); });
      this.update();
      return box;
    },
    update: function () {
      var actors = this.site.actors;
      this.box.style.display = actors ? "" : "none";
      var names = this.names;
      names.textContent = "";
      // each name its own <bdi>: a right-to-left override in one turned the next around
      Array.from(actors || []).forEach(function (name, k) {
        if (k) { names.appendChild(document.createTextNode(", ")); }
        names.appendChild(el("bdi", null, name));
      });
      names.title = names.textContent;
    }
  });

  /* Narrow maps (phones): the search box folds into a button, as on the single page. */
  var COMPACT_WIDTH = 700;

  function layout(map) {
    lib.compactLayout(map, map.getSize().x < COMPACT_WIDTH);
    var legend = map.getContainer().querySelector(".gm-legend");
    if (legend) { lib.fitLegend(map, legend, legend.querySelector(".gm-legend-body")); }
  }

  /* ---------- the events in view: how many, and a CSV of them ---------- */

  /* At most this many events go into one CSV (each needs its deepest-zoom tile's texts). */
  var EXPORT_LIMIT = 20000;

  TileEvents.include({
    /* The events drawn as markers in the view ({gm, i, point}: each once, by the tile that
       holds it, not by a neighbour that draws it across its edge; only their number
       unless ``collect``), and whether the view also shows density squares (their events
       are not listed: zoom in). */
    eventsInView: function (collect) {
      var map = this._map, view = map.getPixelBounds(), zoom = map.getZoom(), found = [], n = 0, dense = false;
      function inside(x, y) { return x >= view.min.x && x <= view.max.x && y >= view.min.y && y <= view.max.y; }
      for (var key in this._tiles) {
        var tile = this._tiles[key], gm = tile.el._gm, ox = tile.coords.x * 256, oy = tile.coords.y * 256;
        if (!gm || tile.coords.z !== zoom) { continue; }
        dense = dense || gm.cells.some(function (cell) { return inside(ox + cell.x, oy + cell.y); });
        var layer = gm.layers.events;
        if (!layer || !gm.events.length) { continue; }
        var unit = 256 * gm.source.scale / layer.extent, dx = gm.source.dx * 256, dy = gm.source.dy * 256;
        gm.events.forEach(function (i) {
          var x = layer.x[i] * unit - dx, y = layer.y[i] * unit - dy;
          if (x >= 0 && y >= 0 && x < 256 && y < 256 && inside(ox + x, oy + y)) {
            n++;
            if (collect) { found.push({ gm: gm, i: i, point: L.point(ox + x, oy + y) }); }
          }
        });
      }
      return { n: n, events: found, dense: dense, zoom: zoom };
    },

    /* The boxes of the density squares' counts drawn in the view (container pixels,
       [left, top, right, bottom]), each once: town names keep off them
       (GeomapRender.lib.placeLabels' ``taken``), so neither hides the other. */
    countBoxes: function () {
      var map = this._map, zoom = map.getZoom(), origin = map.getPixelBounds().min, boxes = [];
      for (var key in this._tiles) {
        var tile = this._tiles[key], gm = tile.el._gm;
        if (!gm || tile.coords.z !== zoom) { continue; }
        var ox = tile.coords.x * 256 - origin.x, oy = tile.coords.y * 256 - origin.y;
        gm.cells.forEach(function (cell) {
          if (!cell.w || cell.x < 0 || cell.y < 0 || cell.x >= 256 || cell.y >= 256) { return; }
          boxes.push([ox + cell.x - cell.w, oy + cell.y - 7, ox + cell.x + cell.w, oy + cell.y + 7]);
        });
      }
      return boxes;
    }
  });

  /* An exported event: the CSV columns of the single page's export, the data's own text
     ("" where the event has none, as on the single page). */
  function exportRecord(site, p, latlng) {
    function text(value) { return value === undefined || value === null ? "" : value; }
    var record = { event_id: text(p.id), event_date: missing(p.d) ? "" : lib.isoDay(p.d),
      event_type: site.typeName(p.t, p.ot),
      sub_event_type: text(p.st), actor1: text(p.a1), assoc_actor_1: text(p.x1), actor2: text(p.a2),
      assoc_actor_2: text(p.x2), fatalities: missing(p.f) || p.f < 0 ? null : p.f, place: text(p.pl),
      latitude: Math.round(latlng.lat * 1e5) / 1e5, longitude: Math.round(latlng.lng * 1e5) / 1e5,
      geo_precision: text(p.p), time_precision: text(p.dp), notes: text(p.notes), source_url: text(p.url) };
    if (site.sources) {  // the single page's source columns: the file on a site of several
      record.dataset = site.datasetOf(text(p.ds));
      if (site.severalFiles()) { record.source_file = text(p.sf); }
    }
    return record;
  }

  function byDateAndId(a, b) {
    return a.event_date < b.event_date ? -1 : a.event_date > b.event_date ? 1
      : String(a.event_id) < String(b.event_id) ? -1 : String(a.event_id) > String(b.event_id) ? 1 : 0;
  }

  var TABLE_BUTTON = "Filters, table and export of the events in view";

  /* "N events in view" and a button that downloads them as CSV (top right). */
  var ViewControl = L.Control.extend({
    options: { position: "topright" },
    initialize: function (site, events) { this.site = site; this.events = events; },
    onAdd: function (map) {
      var self = this, box = lib.isolate(el("div", "gm-view-events leaflet-bar"));
      this.count = box.appendChild(el("span", "gm-view-count"));
      this.button = box.appendChild(lib.button("\u2913 CSV", "gm-view-csv", "Download the events in view as CSV"));
      this.button.addEventListener("click", function () { self.exportCsv(); });
      this.panel = new EventsPanel(this.site, this.events);
      this.tableButton = box.appendChild(lib.button("\u2630", "gm-view-table-open", TABLE_BUTTON));
      this.tableButton.appendChild(el("span", "gm-view-table-label", " Explore"));  // phones: the symbol only
      this.tableButton.setAttribute("aria-expanded", "false");
      this.tableButton.addEventListener("click", function () { self.panel.setOpen(!self.panel.isOpen()); });
      this.panel.onToggle = function (open) {
        self.tableButton.setAttribute("aria-expanded", open ? "true" : "false");
        if (!open) { self.tableButton.focus(); }
      };
      this.events.on("load", this.later, this);
      map.on("moveend", this.later, this);
      this.site.listeners.push(function () { self.later(); });
      this.update();
      return box;
    },
    /* Counted once the map is drawn, once per burst of changes (a time filter playing). */
    later: function () {
      var self = this;
      clearTimeout(this.timer);
      this.timer = setTimeout(function () { self.update(); }, 50);
    },
    update: function () {
      var found = this.events._map ? this.events.eventsInView(false) : { n: 0, dense: false }, n = found.n;
      this.count.textContent = number(n) + " event" + (n === 1 ? "" : "s") + " in view"
        + (found.dense ? " + density squares (zoom in to list them)" : "");
      this.button.disabled = !n;
      lib.markFilters(this.tableButton, this.site.filtersOn(), TABLE_BUTTON);
      layout(this.site.map);  // the line's height moves the legend's top
      if (this.panel.isOpen()) { this.panel.update(); }
    },
    /* Downloads the CSV; resolves to what happened, as the line says it. */
    exportCsv: function () {
      var self = this;
      this.button.disabled = true;
      return exportView(this.site, this.events, "csv").then(function (said) {
        self.update();
        if (said.tooMany) { self.count.textContent = said.text; }
        return said;
      });
    }
  });

  /* The events in view as export records (the single page's fields), by date and id: a
     promise of {records}, or of {tooMany, text} past EXPORT_LIMIT. */
  function viewRecords(site, events) {
    var found = events.eventsInView(true);
    if (found.events.length > EXPORT_LIMIT) {
      return Promise.resolve({ tooMany: true, text: number(found.events.length)
        + " events in view: zoom in to export at most " + number(EXPORT_LIMIT) });
    }
    return Promise.all(found.events.map(function (hit) {
      return exportRecord(site, fullRecord(hit), site.map.unproject(hit.point, found.zoom));
    })).then(function (records) { return { records: records.sort(byDateAndId) }; });
  }

  /* The single page's writers (GeomapRender.lib): text and media type of a file of records. */
  var WRITERS = {
    csv: function (records) { return [lib.eventsCsv(records), "text/csv;charset=utf-8"]; },
    geojson: function (records) { return [lib.eventsGeojson(records), "application/geo+json"]; }
  };

  /* Download the events in view as ``kind`` ("csv" or "geojson"): a promise of {text}
     (what was written, or {tooMany, text}, or the error's message). */
  function exportView(site, events, kind) {
    return viewRecords(site, events).then(function (found) {
      if (found.tooMany) { return found; }
      var file = WRITERS[kind](found.records), n = found.records.length;
      lib.download(lib.fileName(site.meta.title, "view", kind), file[0], file[1]);
      return { written: n, text: number(n) + " event" + (n === 1 ? "" : "s") + " written" };
    }).catch(function (err) { return { failed: true, text: "The export failed: " + err.message }; });
  }

  /* The lines under the PNG of the view: title, what is drawn and how it is filtered,
     where the data come from. */
  function captionLines(site, events) {
    var found = events.eventsInView(false), filters = site.filtersOn();
    var what = number(found.n) + " event" + (found.n === 1 ? "" : "s") + " drawn as markers"
      + (found.dense ? " + density squares" : "") + " · " + lib.formatDay(site.days[0]) + " – " + lib.formatDay(site.days[1])
      + (filters.length ? " · filtered: " + filters.join(", ") : "");
    return [site.meta.title || "Map", what, "Data: " + (site.meta.attribution || site.meta.title || "geomap")];
  }

  /* The export section of the panel: CSV and GeoJSON of the events drawn as markers in the
     view (as the table lists them), PNG of the view. */
  function ExportSection(site, events) {
    var node = this.node = el("section", "gm-section gm-view-export"), self = this;
    node.setAttribute("data-geomap-control", "export-view");
    node.appendChild(el("h3", "gm-section-title", "Export the events in view"));
    var buttons = node.appendChild(el("div", "gm-export-buttons"));
    [["CSV", "csv"], ["GeoJSON", "geojson"], ["PNG image of the view", "png"]].forEach(function (kind) {
      var b = buttons.appendChild(lib.button(kind[0], "gm-export-" + kind[1], kind[1] === "png"
        ? "Download the current view as a PNG image" : "Download the events in view as " + kind[0]));
      b.addEventListener("click", function () { self.run(kind[1]); });
    });
    this.status = node.appendChild(el("div", "gm-muted gm-export-status"));
    this.status.setAttribute("role", "status");
    node.appendChild(el("div", "gm-muted gm-export-note", "The events drawn as markers in the view (at most "
      + number(EXPORT_LIMIT) + ") with the data's own text, as the table lists them. In the CSV, a text cell that "
      + "starts with = + - @ gets a leading ' so spreadsheets show it instead of running it. The image shows the "
      + "map's layers, labels and a caption, not its controls."));
    this.site = site; this.events = events;
  }

  /* Write ``kind``; a promise of what the status line says. */
  ExportSection.prototype.run = function (kind) {
    var site = this.site, status = this.status;
    status.textContent = "";
    var done = kind === "png"
      ? lib.downloadViewPng(site.map, captionLines(site, this.events), lib.fileName(site.meta.title, "view", "png"))
        .then(function () { return { text: "Image written" }; }, function (err) { return { text: "The image failed: " + err.message }; })
      : exportView(site, this.events, kind);
    return done.then(function (said) { status.textContent = said.text; return said; });
  };

  /* ---------- summary of the events in view (the single page's "In the selection") ---------- */

  /* Rows shown per list of the summary. */
  var SUMMARY_TOP = 8;

  /* Events and known fatalities of the events ``hits`` ({gm, i}) per key(hit) (keys ""
     are left out): [[key, events, fatalities], ...], most events first, ties by key. */
  function tally(hits, keys) {
    var counts = new Map();
    hits.forEach(function (hit) {
      var f = column(hit.gm.layers.events, "f")[hit.i], known = missing(f) || f < 0 ? 0 : f;
      keys(hit).forEach(function (key) {
        if (!key) { return; }
        var entry = counts.get(key) || counts.set(key, [key, 0, 0]).get(key);
        entry[1]++; entry[2] += known;
      });
    });
    return Array.from(counts.values()).sort(byEvents);
  }

  /* Rows [key, events, fatalities]: most events first, ties by key. */
  function byEvents(a, b) { return b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0); }

  /* What the counts (site.totals: the event types and months shown) hold for the
     provinces and the country-level events of the countries whose centre (the label
     point of areas.json) is in ``bounds``: their events and fatalities, rows per province
     (by code) and per country (its provinces' and its country-level events). */
  function countedIn(site, bounds) {
    var totals = site.totals, out = { n: 0, f: 0, provinces: [], countries: [] }, countries = new Map();
    function add(cc, entry) {
      out.n += entry.n; out.f += entry.f;
      if (!cc) { return; }
      var row = countries.get(cc) || countries.set(cc, [cc, 0, 0]).get(cc);
      row[1] += entry.n; row[2] += entry.f;
    }
    [["admin1", totals.admin1], ["admin0", totals.country]].forEach(function (level) {
      site.areas[level[0]].forEach(function (feature, k) {
        var entry = level[1][k], props = feature.properties;
        if (!entry || !entry.n || !props.at || !bounds.contains(props.at)) { return; }
        if (level[0] === "admin1") { out.provinces.push([props.code, entry.n, entry.f]); }
        add(props.cc || props.code, entry);
      });
    });
    out.provinces.sort(byEvents);
    out.countries = Array.from(countries.values()).sort(byEvents);
    return out;
  }

  /* Totals, top provinces, countries and actors (actor 1 or 2) of the events the table
     lists: the markers in view that every filter keeps. A view that also shows density
     squares (whose events are not markers) takes its totals, provinces and countries
     from the counts instead (countedIn: every event of the provinces and countries whose
     centre is in view, by whole month and event type; the marker filters do not apply)
     and says so; its actors are still those of the markers (the counts know no actors).
     A province (the build's own: the tiles carry its code, ``r1``) fits the map to it; an
     actor draws only its events. */
  function SummarySection(site) {
    var node = this.node = el("section", "gm-section gm-view-summary");
    node.setAttribute("data-geomap-control", "summary");
    node.appendChild(el("h3", "gm-section-title", "In view"));
    this.total = node.appendChild(el("div", "gm-summary-total"));
    this.basis = node.appendChild(el("div", "gm-muted gm-summary-basis"));
    this.lists = {};
    this.labels = {};
    var self = this;
    [["provinces", "Events per province"], ["countries", "Events per country"],
      ["actors", "Top actors (actor 1 or 2)"]].forEach(function (part) {
      self.labels[part[0]] = node.appendChild(el("div", "gm-filter-label", part[1]));
      self.lists[part[0]] = node.appendChild(el("ol", "gm-top gm-top-" + part[0]));
    });
    this.site = site;
    this.provinces = new Map(site.areas.admin1.map(function (f) { return [f.properties.code, f]; }));
  }

  /* The summary of ``hits`` (the markers in view); ``dense``: the view also shows density
     squares. */
  SummarySection.prototype.show = function (hits, dense) {
    var site = this.site, provinces = this.provinces, fatalities = 0;
    hits.forEach(function (hit) { var f = column(hit.gm.layers.events, "f")[hit.i]; if (f > 0) { fatalities += f; } });
    function text(key) { return function (hit) { return [layerTexts(hit.gm.layers.events, key)[hit.i]]; }; }
    var n = hits.length, byProvince, countries;
    if (dense) {
      var counted = countedIn(site, site.map.getBounds());
      n = counted.n; fatalities = counted.f; byProvince = counted.provinces; countries = counted.countries;
    } else {
      byProvince = tally(hits, text("r1"));
      countries = tally(hits, function (hit) {
        var province = provinces.get(layerTexts(hit.gm.layers.events, "r1")[hit.i]);
        return [province ? province.properties.cc : ""];
      });
    }
    this.total.textContent = number(n) + " event" + (n === 1 ? "" : "s") + " · " + number(fatalities) + " reported fatalities";
    this.basis.textContent = dense ? "Density squares in view: these totals, provinces and countries are every "
      + "event of the provinces and countries whose centre is in view, from the counts by month and event "
      + "type (the other filters do not apply to them). The actors are those of the " + number(hits.length)
      + " event" + (hits.length === 1 ? "" : "s") + " drawn as markers." : "";
    this.labels.actors.textContent = dense ? "Top actors of the markers (actor 1 or 2)" : "Top actors (actor 1 or 2)";
    var actors = tally(hits, function (hit) {
      var layer = hit.gm.layers.events, a1 = layerTexts(layer, "a1")[hit.i], a2 = layerTexts(layer, "a2")[hit.i];
      return a2 === a1 ? [a1] : [a1, a2];
    });
    var onPick = this.onPick;
    topList(this.lists.provinces, byProvince, function (code) {
      var f = provinces.get(code);
      return f ? (f.properties.name || code) + (f.properties.cc ? ", " + f.properties.cc : "") : code;
    }, function (code) {
      var f = provinces.get(code);
      onPick();
      if (f) { site.map.fitBounds(L.geoJSON(f).getBounds(), { maxZoom: 10 }); }
    });
    topList(this.lists.countries, countries, function (cc) { return site.countryName(cc); }, null);
    topList(this.lists.actors, actors, String, function (name) { onPick(); site.pickActors([name]); });
  };

  /* The first SUMMARY_TOP rows of a tally: name (a button when ``pick`` is given), events
     and fatalities; "none" when empty. Text from the data is set with textContent. */
  function topList(list, rows, name, pick) {
    list.textContent = "";
    rows.slice(0, SUMMARY_TOP).forEach(function (row) {
      var item = list.appendChild(el("li"));
      if (pick) {
        var link = item.appendChild(lib.button(name(row[0]), "gm-top-name"));
        link.addEventListener("click", function () { pick(row[0]); });
      } else { item.appendChild(el("span", "gm-top-label", name(row[0]))); }
      item.appendChild(el("span", "gm-top-count", number(row[1])));
      item.appendChild(el("span", "gm-muted gm-top-fatalities", "· " + number(row[2]) + " fatalities"));
    });
    if (!rows.length) { list.appendChild(el("li", "gm-muted", "none")); }
  }

  /* ---------- the events in view as a table (the single page's: lib.EventTable) ---------- */

  /* At most this many events are listed, the first in the table's order (all are sorted). */
  var TABLE_LIMIT = 1000;

  /* Text ``key`` of every feature of an events layer ("" where a feature has none): only
     that key's tags walked and its values decoded (not the notes), once per layer. */
  function layerTexts(layer, key) {
    var texts = layer.texts || (layer.texts = {});
    if (texts[key]) { return texts[key]; }
    var k = layer.keys.indexOf(key), pbf = new Pbf(layer.buf), out = new Array(layer.n).fill("");
    for (var i = 0; k >= 0 && i < layer.n; i++) {
      pbf.pos = layer.tags[2 * i];
      while (pbf.pos < layer.tags[2 * i + 1]) {
        var at = pbf.readVarint(), v = pbf.readVarint();
        if (at === k) { out[i] = String(layerValue(layer, v)); break; }
      }
    }
    texts[key] = out;
    return out;
  }

  /* The single page's table columns, for events drawn from the tiles ({gm, i}). */
  function tableColumns(site) {
    function number_(hit, key) { return column(hit.gm.layers.events, key)[hit.i]; }
    function text(key) { return function (hit) { return layerTexts(hit.gm.layers.events, key)[hit.i]; }; }
    function fatalities(hit) { var f = number_(hit, "f"); return missing(f) ? -1 : f; }
    return [
      { key: "date", label: "Date", value: function (hit) { var d = number_(hit, "d"); return missing(d) ? -Infinity : d; },
        text: function (hit) { var d = number_(hit, "d"); return missing(d) ? "unknown" : lib.isoDay(d); } },
      { key: "type", label: "Type", value: function (hit) {
        var t = number_(hit, "t");
        return site.typeName(t, text("ot")(hit));
      } },
      { key: "actor", label: "Actor 1", optional: true, value: text("a1") },
      { key: "place", label: "Place", value: text("pl") },
      { key: "fatalities", label: "Fatalities", numeric: true, value: fatalities,
        text: function (hit) { return lib.tollText(fatalities(hit), number_(hit, "fl"), number_(hit, "fh")); } }
    ];
  }

  /* The marker filters of the panel, folded while none is on: sub-event types and
     precisions (site.json's lists, with their events over the whole site), as on the
     single page; they apply to the markers, the table and the exports, not to the
     aggregates (they know neither). */
  function FiltersSection(site) {
    var node = this.node = el("details", "gm-section gm-view-filters"), self = this;
    this.site = site;
    node.setAttribute("data-geomap-control", "filters");
    var sources = site.sourceEntries();
    node.appendChild(el("summary", "gm-section-title", "Filters: sub-event type, where known"
      + (sources.length > 1 ? ", source" : "")));
    node.appendChild(el("div", "gm-muted gm-filters-note", "Markers, the table and the exports follow them; "
      + "density squares, province colours and counts include every event."));
    var filters = site.meta.filters, labels = site.meta.precisionLabels;
    this.lists = [
      this.checks("subTypes", "Sub-event type", filters.subEventTypes, function (item) { return subTypeValue(item[0]); }),
      this.checks("precisions", "Where the event is known", filters.precisions,
        function (item) { return labels[item[0]] || String(item[0]); }),
      // one source: nothing to pick (as on the single page)
      this.checks("sources", "Source", sources.length > 1 ? sources : [], function (item) { return item[0]; })];
    var clear = node.appendChild(lib.button(sources.length > 1 ? "Show every sub-event type, precision and source"
      : "Show every sub-event type and precision", "gm-filters-clear"));
    clear.addEventListener("click", function () {
      site.hide("subTypes", null); site.hide("precisions", null); site.hide("sources", null);
    });
    node.open = !!(site.subTypesOff || site.precisionsOff || site.sourcesOff);
    site.listeners.push(function () { self.sync(); });
    this.sync();
  }

  /* A list of check boxes, one per ``items`` entry ([value, events]); unchecking hides. */
  FiltersSection.prototype.checks = function (kind, title, items, name) {
    var site = this.site, list = el("div", "gm-checks gm-filter-" + kind), boxes = [];
    if (!items.length) { return { kind: kind, boxes: boxes }; }
    this.node.appendChild(el("div", "gm-filter-label", title));
    items.forEach(function (item) {
      var label = list.appendChild(el("label", "gm-check")), box = label.appendChild(el("input", "gm-check-box"));
      box.type = "checkbox";
      label.appendChild(el("span", null, name(item)));
      label.appendChild(el("span", "gm-muted", " " + number(item[1])));
      box.addEventListener("change", function () {
        var off = new Set(boxes.filter(function (b) { return !b.box.checked; }).map(function (b) { return b.value; }));
        site.hide(kind, off);
      });
      boxes.push({ box: box, value: item[0] });
    });
    this.node.appendChild(list);
    return { kind: kind, boxes: boxes };
  };

  /* The boxes as the filters are (a link sets them too). */
  FiltersSection.prototype.sync = function () {
    var site = this.site;
    this.lists.forEach(function (list) {
      var off = site[list.kind + "Off"];
      list.boxes.forEach(function (b) { b.box.checked = !off || !off.has(b.value); });
    });
  };

  /* A panel over the map's left side (the single page's drawer) with the table of the
     events drawn as markers in the view; it follows the view and the filters while open.
     A row opens its event's popup, the map panned to it (on a phone the panel steps aside). */
  function EventsPanel(site, events) {
    var self = this, node = this.node = lib.isolate(el("div", "gm-drawer gm-view-table"));
    this.site = site;
    this.events = events;
    node.hidden = true;
    node.setAttribute("role", "dialog");
    node.setAttribute("aria-label", "The events in view");
    node.setAttribute("data-geomap-control", "table");
    var head = node.appendChild(el("div", "gm-drawer-head"));
    head.appendChild(el("span", "gm-drawer-title", "Explore the events in view"));
    this.close = head.appendChild(lib.button("\u00D7", "gm-drawer-close", "Close the table"));
    this.close.addEventListener("click", function () { self.setOpen(false); });
    node.addEventListener("keydown", function (e) { if (e.key === "Escape") { self.setOpen(false); } });
    this.filters = new FiltersSection(site);
    node.appendChild(this.filters.node);
    this.note = node.appendChild(el("div", "gm-muted gm-table-note"));
    this.summary = new SummarySection(site);
    this.summary.onPick = function () { if (site.map.getSize().x < COMPACT_WIDTH) { self.setOpen(false); } };  // phones: show the map
    node.appendChild(this.summary.node);
    this.table = new lib.EventTable({ columns: tableColumns(site), sort: { key: "date", dir: -1 }, limit: TABLE_LIMIT,
      open: function (hit) { self.openEvent(hit); } });
    node.appendChild(this.table.node);
    this.exporter = new ExportSection(site, events);
    node.appendChild(this.exporter.node);
    site.map.getContainer().appendChild(node);
  }

  EventsPanel.prototype.isOpen = function () { return !this.node.hidden; };

  EventsPanel.prototype.setOpen = function (open) {
    this.node.hidden = !open;
    lib.drawerLayout(this.site.map);  // the title block and time filter beside it, or under it
    lib.declutterLabels(this.site.map);  // the labels it covers move beside it, or back
    if (this.onToggle) { this.onToggle(open); }
    if (open) { this.update(); this.close.focus(); }
  };

  EventsPanel.prototype.update = function () {
    var found = this.events.eventsInView(true), n = found.events.length;
    this.zoom = found.zoom;
    this.table.show(found.events);
    this.summary.show(found.events, found.dense);
    this.note.textContent = (n ? number(n) + " event" + (n === 1 ? "" : "s") + " drawn as markers in the view"
      + (n > this.table.limit ? ", the first " + number(this.table.limit) + " in the table's order listed (zoom in for all)" : "")
      : "No events drawn as markers in the view") + (found.dense ? "; density squares are not listed: zoom in" : "")
      + ". Every filter applies (time, type, actor, fatalities, sub-event type, where known"
      + (this.site.sourceEntries().length > 1 ? ", source" : "") + ").";
  };

  EventsPanel.prototype.openEvent = function (hit) {
    var map = this.site.map, latlng = map.unproject(hit.point, this.zoom);
    if (map.getSize().x < COMPACT_WIDTH) { this.setOpen(false); }
    map.setView(latlng, this.zoom, { animate: false });
    openEventsPopup(this.site, latlng, [fullRecord(hit)]);
  };

  /* ---------- a story's named regions, actors and relations (layers.json) ---------- */

  /* Drawn by the single page's own functions (GeomapRender.lib) from a state-like object:
     the same outlines, diamonds, curved arrows, tooltips and popups, legend rows and layer
     names. Actors and relations follow the days selected (all of them while every day is)
     and the actors picked, as on the single page. */
  var STORY_PANES = [["gmHighlight", 370], ["gmStory", 410], ["gmRelations", 430], ["gmActors", 440]];

  function StoryLayers(site, layers) {
    var map = site.map, self = this;
    /* Areas under the tiles' density squares and markers (gmEvents, 420), what a reader
       clicks over them: the relations' lines, then the actors' home places (the single
       page's pane name; its markers are in the same canvas as the squares here). */
    STORY_PANES.forEach(function (pane) { map.createPane(pane[0]).style.zIndex = pane[1]; });
    map.getPane("gmHighlight").style.pointerEvents = "none";
    this.site = site;
    // a story's layers, or only those the single page makes of event data (no story)
    this.told = (layers.datasets || []).indexOf("scenario") >= 0;
    this.payload = { regions: layers.regions || [], actors: layers.actors || [], footprints: layers.footprints || [],
      relations: layers.relations || [], highlight: layers.highlight || [], styles: site.styles };
    this.state = { map: map, payload: this.payload, renderer: L.svg({ pane: "gmStory", padding: 0.5 }), filtered: [] };
    var p = this.payload, state = this.state;
    // the relations' own renderer, over the squares; the same list of what the filters show
    var above = { map: map, payload: p, renderer: L.svg({ pane: "gmRelations", padding: 0.5 }),
      filtered: state.filtered };
    this.overlays = {};
    // the countries in focus: their outlines are the basemap's (basemap.geojson, ISO2 codes)
    this.add("Countries in focus", p.highlight, function () {
      return lib.highlightLayer(site.basemap.features, p.highlight, site.styles.highlight,
        function (f) { return f.properties.iso_a2; });
    }, true);
    // event data's footprints are a file of their own, fetched after the first view
    this.lazy = !p.footprints.length && layers.footprintsFile ? layers.footprintsFile : null;
    this.footprintsCount = this.lazy ? layers.footprintsCount || 0 : p.footprints.length;
    if (this.lazy) {
      var holder = this.overlays["Actor footprints"] = L.featureGroup();
      holder.on("add", function () { self.loadFootprints(); });
      if (this.footprintsCount <= 6) { holder.addTo(map); }  // as on the single page
    } else {
      this.add("Actor footprints", p.footprints, lib.footprintsLayer, p.footprints.length <= 6);
    }
    this.add("Named regions", p.regions, lib.regionsLayer, true);
    this.add("Relations", p.relations, lib.relationsLayer, true, above);
    this.add("Actors", p.actors, lib.actorsLayer, lib.actorsShownAtFirst(layers.datasets));
    if (this.overlays.Actors) {  // the diamond over a marker: a click on it is the marker's
      this.overlays.Actors.on("click", function (e) { site.clickEvents(e.latlng, true); });
      this.overlays.Actors.on("add", function () { self.loadFootprints(); });
    }
    if (state.filtered.length) { site.listeners.push(function () { self.filter(); }); }
    this.filter();
  }

  StoryLayers.prototype.add = function (name, features, make, shown, state) {
    if (!features.length) { return; }
    var layer = make(state || this.state);
    this.overlays[name] = layer;
    if (shown) { layer.addTo(this.site.map); }
  };

  /* The first view is drawn: footprints may be fetched now (at once if they are on). */
  StoryLayers.prototype.viewDrawn = function () {
    this.drawn = true;
    if (this.lazy && this.site.map.hasLayer(this.overlays["Actor footprints"])) { this.loadFootprints(); }
  };

  /* Fetch and draw the footprints of a site of event data (footprints.json), once, after
     the first view: when they or the actors are switched on, or a reader searches. */
  StoryLayers.prototype.loadFootprints = function () {
    var self = this;
    if (!this.lazy || !this.drawn) { return Promise.resolve(); }
    this.footprintsLoading = this.footprintsLoading || getJson(this.lazy).then(function (data) {
      self.payload.footprints = data.footprints;
      var holder = self.overlays["Actor footprints"];
      lib.footprintsLayer(self.state).eachLayer(function (layer) { holder.addLayer(layer); });
    }).catch(function () { self.footprintsLoading = null; });  // tried again when next asked
    return this.footprintsLoading;
  };

  StoryLayers.prototype.filter = function () {
    var site = this.site, all = site.days[0] <= site.span[0] && site.days[1] >= site.span[1];
    lib.filterOverlays(this.state.filtered, all ? [-Infinity, Infinity] : site.days, site.actors);
  };

  /* The legend's sections for the story's layers (none without a story). */
  StoryLayers.prototype.legend = function () {
    var p = this.payload, parts = [];
    if (p.relations.length) { parts.push(lib.relationLegend(p)); }
    var listed = Object.assign({}, p, { footprints: { length: this.footprintsCount } });  // fetched or not
    var rows = lib.storyLegendRows(listed, p.highlight.length ? lib.highlightRow(p.styles.highlight) : null);
    if (rows.length) { parts.push(lib.legendRows(el("div", "gm-legend-section"), rows)); }
    return parts;
  };

  /* ---------- start ---------- */

  function getJson(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) { throw new Error(url + ": HTTP " + r.status); }
      return r.json();
    });
  }

  function indexed(features) {
    features.forEach(function (f, k) { f.properties.index = k; });
    return features;
  }

  /* What the site opens on: its located events' box without the outermost 0.5% on each
     side (meta.frame; else the box of every event), with a story's own frame (its bounds,
     else its located events, the countries it shows as areas and its actors' homes:
     geomap.layers.build.story_bounds, the single page's). */
  function openingFrame(meta, layers) {
    var b = meta.frame || meta.bounds, frame = L.latLngBounds([[b[0], b[1]], [b[2], b[3]]]), s = layers.bounds;
    if (s) { frame.extend(L.latLngBounds([[s[0], s[1]], [s[2], s[3]]])); }
    return frame;
  }

  function start(container) {
    // the tile worker starts (its scripts, the archive's header and root directory) while
    // the other files come and are read
    var siteJson = getJson("site.json");
    var tiles = siteJson.then(function (m) { return new TileReader(m.tiles, m.eventsMinZoom); });
    var ready = Promise.all([siteJson, getJson("areas.json"), getJson("counts.json"),
      getJson("basemap.geojson"), getJson("layers.json"), tiles]).then(function (parts) {
      var meta = parts[0], areas = { admin1: indexed(parts[1].admin1), admin0: indexed(parts[1].admin0) };
      var map = L.map(container, { maxZoom: 18, minZoom: 1, zoomControl: false, preferCanvas: true, fadeAnimation: false,
        worldCopyJump: false });
      [["gmBase", 200], ["gmAreas", 380], ["gmEvents", 420]].forEach(function (pane) {
        map.createPane(pane[0]).style.zIndex = pane[1];
      });
      map.getPane("gmBase").style.pointerEvents = "none";
      map.getContainer().style.background = meta.basemap.sea;
      var link = lib.hashValues(""), linked = lib.parseView(link("view"), map);
      if (linked) { map.setView([linked[0], linked[1]], linked[2]); } else { map.fitBounds(openingFrame(meta, parts[4])); }
      L.geoJSON(parts[3], { pane: "gmBase", interactive: false, renderer: L.canvas({ pane: "gmBase" }),
        style: { fillColor: meta.basemap.land, fillOpacity: 1, color: meta.basemap.border, weight: 0.6 } }).addTo(map);
      var site = new Site(map, meta, areas, parts[2], parts[5]);
      site.basemap = parts[3];
      site.restore(link);
      site.recount();
      site.listeners.unshift(function () { site.recount(); });
      var provinces = new Provinces(site), country = new CountryLevel(site);
      var events = site.eventLayer = new TileEvents(site, {});
      provinces.restyle(); country.refresh();
      provinces.layer.addTo(map); country.layer.addTo(map);  // the events once framed (below)
      var story = site.story = new StoryLayers(site, parts[4]), drawn = story.overlays;
      var overlays = {};  // in the single page's order
      [["Countries in focus", drawn["Countries in focus"]], ["Events per province", provinces.layer],
        ["Actor footprints", drawn["Actor footprints"]], ["Named regions", drawn["Named regions"]],
        ["Country-level events", country.layer], ["Relations", drawn.Relations],
        // the single page's name, unless tiles of more than 1,000 events draw density squares
        [meta.eventsMinZoom > 0 ? "Events and density" : "Events", events],
        ["Actors", drawn.Actors]].forEach(function (entry) { if (entry[1]) { overlays[entry[0]] = entry[1]; } });
      new SearchControl(site).addTo(map).getContainer().setAttribute("data-geomap-control", "search");
      new ActorControl(site).addTo(map).getContainer().setAttribute("data-geomap-control", "actor");
      var view = new ViewControl(site, events);
      site.layerList = L.control.layers(null, overlays, { collapsed: map.getSize().x < 600, position: "topright" }).addTo(map);
      view.addTo(map).getContainer().setAttribute("data-geomap-control", "export");
      var title = new TitleControl(site).addTo(map);
      L.control.zoom().addTo(map);  // under the title, as on the single page
      lib.keepPopupsBelow(map, title.getContainer());
      new LegendControl(site, provinces).addTo(map);
      L.control.scale().addTo(map);  // under the time filter, as on the single page
      timeControl(site).addTo(map);
      if (meta.attribution) { map.attributionControl.addAttribution(lib.escapeHtml(meta.attribution)); }
      layout(map);
      if (!linked) { lib.fitClear(map, openingFrame(meta, parts[4])); }  // clear of the panels
      // added in the view it opens on: added before, it would ask for the tiles of the
      // first frame too (twice the first view's tiles, half of them never shown)
      events.addTo(map);
      var declutter = function () { lib.declutterLabels(map); };  // after the labels' redraws
      site.listeners.push(declutter);
      map.on("moveend overlayadd overlayremove", declutter);
      declutter();
      // town names keep off the squares' counts: placed again once the view's tiles are
      // drawn, when the filters redraw them, and when the squares are turned on or off
      var rename = function () { if (site.placeNames) { site.placeNames.redraw(); } };
      events.on("load", rename);
      site.listeners.push(rename);
      map.on("overlayadd overlayremove", rename);
      map.on("resize", function () { layout(map); });
      site.listeners.push(lib.hashWriter(map, "", function () { return site.saved(); }));
      /* A click at ``latlng``: the popup of the markers there, or (unless ``markersOnly``)
         a closer view of the density square there. */
      site.clickEvents = function (latlng, markersOnly) {
        var found = map.hasLayer(events) ? events.hitsAt(latlng) : [];  // the layer can be off
        if (markersOnly) { found = found.filter(function (hit) { return hit.kind === "event"; }); }
        if (!found.length) { return; }
        if (found[0].kind === "cell") {
          map.setView(latlng, Math.min(map.getZoom() + 2, map.getMaxZoom()));
          return;
        }
        openEventsPopup(site, latlng, found.filter(function (hit) { return hit.kind === "event"; }).map(fullRecord));
      };
      map.on("click", function (e) { site.clickEvents(e.latlng, false); });
      window.GeomapSite.state = { map: map, site: site, events: events, provinces: provinces, view: view };
      return new Promise(function (resolve) {
        events.once("load", function () { resolve(window.GeomapSite.state); });
      });
    });
    window.GeomapSite.ready = ready;
    ready.then(function (state) {
      document.documentElement.setAttribute("data-geomap-ready", "1");
      setTimeout(function () {  // after the first view
        state.site.loadActors().then(function (table) { state.site.dropUnknownActors(table); });
        state.site.story.viewDrawn();
        state.site.loadPlaces();
      }, 0);
    },
      function (err) {
        var box = document.getElementById(container);
        box.textContent = "This map could not load its data (" + err.message + "). Serve the folder "
          + "over HTTP with a server that supports range requests; see README.txt.";
        box.className += " gm-failed";
      });
    return ready;
  }

  window.GeomapSite = { start: start, stats: STATS };
})();
