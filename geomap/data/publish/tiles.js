/* geomap published site: the tile reader, a Web Worker (lib/tiles.js).
 *
 * It fetches tiles from the PMTiles archive (HTTP range requests, neighbouring tiles
 * together), decompresses and decodes them off the page's main thread, which only
 * draws: a move's tiles arrive while the page draws those already in. Messages:
 * {archive: url, leafFrom: zoom} once, then {id, z, x, y}; answers {id, layers, ms,
 * requests} (ms: decoding time; requests: range requests for tiles so far), {id, leaf:
 * [z, x, y]} for a tile below a leaf (draw the leaf), or {id, error}. The typed arrays
 * and the tile's bytes are transferred, not copied.
 */
/* global importScripts, Pbf, pmtiles */
"use strict";
importScripts("pbf.js", "pmtiles.js");

var archive = null;
/* Tiles asked for in the same turn are fetched together: the archive stores tiles in
   tile-id (Hilbert curve) order, so a view's tiles lie in a few runs of bytes, and tiles
   at most GAP bytes apart are read with one range request of at most MAX_REQUEST bytes
   (a view of 30 density tiles takes a handful of requests instead of 30, and a static
   host answers each with some latency; big tiles still come one by one, so that the
   page draws the first while the others load). pmtiles.js reads the directories. */
var GAP = 65536, MAX_REQUEST = 256 << 10, queue = [], requests = 0;
/* The shallowest zoom of a leaf: the archive holds a place's events once, in the tile of
   the shallowest zoom from ``leafFrom`` that holds few enough of them, and none of the
   tiles below it (geomap/publish/tiles.py). */
var leafFrom = Infinity;

self.onmessage = function (event) {
  var message = event.data;
  if (message.archive) {
    archive = new pmtiles.PMTiles(new RangeSource(message.archive));
    leafFrom = message.leafFrom;
    // the header and root directory, ahead of the first tile (a failure is told then)
    archive.getHeader().catch(function () {});
    return;
  }
  if (!queue.length) { setTimeout(flush, 0); }
  queue.push(message);
};

function flush() {
  var batch = queue;
  queue = [];
  archive.getHeader().then(function (header) {
    return Promise.all(batch.map(function (m) { return find(header, m.z, m.x, m.y); })).then(function (found) {
      batch.forEach(function (m, k) { m.entry = found[k]; });
      batch.filter(function (m) { return !m.entry; }).forEach(function (m) {
        leafAbove(header, m.z, m.x, m.y).then(function (leaf) {
          if (leaf) { self.postMessage({ id: m.id, leaf: leaf }); } else { answer(m, null); }
        }, function (err) { fail(m, err); });
      });
      runs(batch.filter(function (m) { return m.entry; })).forEach(function (run) { fetchRun(header, run); });
    });
  }).catch(function (err) { batch.forEach(function (m) { fail(m, err); }); });
}

/* The archive over HTTP, a range of bytes at a time (pmtiles' Source: getKey, getBytes).
   A server that ignores range requests (Python's ``http.server``) answers the first one
   with the whole file: the archive is kept and read from memory when it holds at most
   WHOLE_LIMIT bytes (a small site works from any server), else the error says why. */
var WHOLE_LIMIT = 64 << 20;

function RangeSource(url) { this.url = url; this.whole = null; }

RangeSource.prototype.getKey = function () { return this.url; };

RangeSource.prototype.getBytes = function (offset, length, signal) {
  var self = this, url = this.url;
  function part(all) { return { data: all.slice(offset, offset + length) }; }
  if (this.whole) { return this.whole.then(part); }
  var headers = { range: "bytes=" + offset + "-" + (offset + length - 1) };
  return fetch(url, { signal: signal, headers: headers }).then(function (response) {
    if (response.status === 206) { return response.arrayBuffer().then(function (data) { return { data: data }; }); }
    if (response.status !== 200) { throw new Error(url + ": HTTP " + response.status); }
    var size = +response.headers.get("Content-Length");
    if (!(size <= WHOLE_LIMIT)) {
      throw new Error("the server does not answer range requests and sent the whole tile archive ("
        + (size ? Math.round(size / 1048576) + " MB" : "of unknown size") + ") instead");
    }
    if (!self.whole) { self.whole = response.arrayBuffer(); }
    return self.whole.then(part);
  });
};

/* Where tile (z, x, y) is in the archive ({offset, length}), or null. */
function find(header, z, x, y) {
  if (z < header.minZoom || z > header.maxZoom) { return Promise.resolve(null); }
  var id = pmtiles.zxyToTileId(z, x, y);
  function walk(offset, length, depth) {
    return archive.cache.getDirectory(archive.source, offset, length, header).then(function (directory) {
      var entry = pmtiles.findTile(directory, id);
      if (!entry) { return null; }
      if (entry.runLength > 0) { return { offset: header.tileDataOffset + entry.offset, length: entry.length }; }
      if (depth >= 3) { throw new Error("PMTiles: maximum directory depth exceeded"); }
      return walk(header.leafDirectoryOffset + entry.offset, entry.length, depth + 1);
    });
  }
  return walk(header.rootDirectoryOffset, header.rootDirectoryLength, 0);
}

/* A tile (z, x, y) not in the archive: the leaf above it ([z, x, y]), or null where it has
   no events. Its deepest ancestor in the archive is that leaf when it has no child in the
   archive; an ancestor that holds density has a child wherever it has events. Only the
   archive's directories are read. */
function leafAbove(header, z, x, y) {
  if (!(z - 1 >= leafFrom)) { return Promise.resolve(null); }
  return find(header, z - 1, x >> 1, y >> 1).then(function (entry) {
    if (!entry) { return leafAbove(header, z - 1, x >> 1, y >> 1); }
    var px = x >> 1, py = y >> 1, children = [0, 1, 2, 3].map(function (k) {
      return find(header, z, 2 * px + (k & 1), 2 * py + (k >> 1));
    });
    return Promise.all(children).then(function (found) {
      return found.some(Boolean) ? null : [z - 1, px, py];
    });
  });
}

/* The located tiles in runs to read at once: sorted by offset, cut at gaps over GAP. */
function runs(located) {
  located.sort(function (a, b) { return a.entry.offset - b.entry.offset; });
  var out = [], run = null;
  located.forEach(function (m) {
    var start = m.entry.offset, end = start + m.entry.length;
    if (run && start - run.end <= GAP && end - run.start <= MAX_REQUEST) {
      run.tiles.push(m); run.end = Math.max(run.end, end);
    } else { out.push(run = { start: start, end: end, tiles: [m] }); }
  });
  return out;
}

function fetchRun(header, run) {
  requests++;
  archive.source.getBytes(run.start, run.end - run.start, undefined, header.etag).then(function (response) {
    run.tiles.forEach(function (m) {
      var at = m.entry.offset - run.start, bytes = response.data.slice(at, at + m.entry.length);
      archive.decompress(bytes, header.tileCompression).then(function (data) { answer(m, data); },
        function (err) { fail(m, err); });
    });
  }, function (err) { run.tiles.forEach(function (m) { fail(m, err); }); });
}

function answer(m, data) {
  var t0 = performance.now(), layers = data ? readTile(data) : {}, transfer = new Set();
  Object.keys(layers).forEach(function (name) {
    var layer = layers[name];
    [layer.buf, layer.x, layer.y, layer.tags].forEach(function (a) { transfer.add(a.buffer); });
    Object.keys(layer.cols).forEach(function (key) { transfer.add(layer.cols[key].buffer); });
  });
  self.postMessage({ id: m.id, layers: layers, ms: performance.now() - t0, requests: requests },
    Array.from(transfer));
}

function fail(m, err) { self.postMessage({ id: m.id, error: String(err && err.message || err) }); }

/* A tile's layers. Each layer's features are decoded into columns, not objects: ``x``
   and ``y`` (tile units), one Float64Array per number property in ``cols`` (NaN where a
   feature has none), and where each feature's tags are (``tags``), so that its texts are
   decoded only when a popup asks for them (a dense tile holds megabytes of notes). A view
   of 60,000 events then decodes in tens of milliseconds and draws from typed arrays. */
function readTile(buffer) {
  var pbf = new Pbf(new Uint8Array(buffer)), layers = {};
  while (pbf.pos < pbf.length) {
    var field = pbf.readVarint();
    if (field >> 3 !== 3) { pbf.skip(field); continue; }
    var end = pbf.readVarint() + pbf.pos, layer = readLayer(pbf, end);
    layers[layer.name] = layer;
    pbf.pos = end;
  }
  return layers;
}

function readLayer(pbf, end) {
  var layer = { name: "", keys: [], values: [], extent: 4096, buf: pbf.buf }, spans = [];
  while (pbf.pos < end) {
    var field = pbf.readVarint(), tag = field >> 3;
    if (tag === 2) {  // a feature: read once the keys and values are known
      var length = pbf.readVarint();
      spans.push(pbf.pos, pbf.pos + length);
      pbf.pos += length;
    } else if (tag === 1) { layer.name = pbf.readString(); }
    else if (tag === 3) { layer.keys.push(pbf.readString()); }
    else if (tag === 4) { layer.values.push(readValue(pbf, pbf.readVarint() + pbf.pos)); }
    else if (tag === 5) { layer.extent = pbf.readVarint(); }
    else { pbf.skip(field); }
  }
  readFeatures(pbf, layer, spans);
  return layer;
}

/* The features at ``spans`` (start, end of each) into the layer's columns. */
function readFeatures(pbf, layer, spans) {
  var n = spans.length / 2, byKey = [], cols = {}, values = layer.values;
  var x = new Int32Array(n), y = new Int32Array(n), tags = new Int32Array(2 * n);
  for (var i = 0; i < n; i++) {
    pbf.pos = spans[2 * i];
    while (pbf.pos < spans[2 * i + 1]) {
      var field = pbf.readVarint(), tag = field >> 3;
      if (tag === 2) {
        var tagsEnd = pbf.readVarint() + pbf.pos;
        tags[2 * i] = pbf.pos; tags[2 * i + 1] = tagsEnd;
        while (pbf.pos < tagsEnd) {
          var k = pbf.readVarint(), value = values[pbf.readVarint()];
          if (typeof value !== "number") { continue; }
          var column = byKey[k] || (byKey[k] = cols[layer.keys[k]] = new Float64Array(n).fill(NaN));
          column[i] = value;
        }
      } else if (tag === 4) {  // one point: MoveTo(1), zigzag x, zigzag y
        var geometryEnd = pbf.readVarint() + pbf.pos;
        pbf.readVarint();
        x[i] = unzigzag(pbf.readVarint()); y[i] = unzigzag(pbf.readVarint());
        pbf.pos = geometryEnd;
      } else { pbf.skip(field); }
    }
  }
  layer.n = n; layer.x = x; layer.y = y; layer.cols = cols; layer.tags = tags;
}

function unzigzag(v) { return (v >>> 1) ^ -(v & 1); }

function readValue(pbf, end) {
  var value = null;
  while (pbf.pos < end) {
    var tag = pbf.readVarint() >> 3;
    if (tag === 1) {  // a text: where it is, decoded when asked for
      var length = pbf.readVarint();
      value = { text: [pbf.pos, pbf.pos + length] };
      pbf.pos += length;
      continue;
    }
    value = tag === 2 ? pbf.readFloat() : tag === 3 ? pbf.readDouble()
      : tag === 4 ? pbf.readVarint64() : tag === 5 ? pbf.readVarint() : tag === 6 ? pbf.readSVarint()
      : tag === 7 ? pbf.readBoolean() : null;
  }
  return value;
}

