/* geomap published site: the tile reader, a Web Worker (lib/tiles.js).
 *
 * It fetches tiles from the PMTiles archive (HTTP range requests), decompresses and
 * decodes them off the page's main thread, which only draws: a move's tiles arrive while
 * the page draws those already in. Messages: {archive: url} once, then {id, z, x, y};
 * answers {id, layers, ms} (ms: decoding time), or {id, error}. The typed arrays and the
 * tile's bytes are transferred, not copied.
 */
/* global importScripts, Pbf, pmtiles */
"use strict";
importScripts("pbf.js", "pmtiles.js");

var archive = null;

self.onmessage = function (event) {
  var message = event.data;
  if (message.archive) { archive = new pmtiles.PMTiles(message.archive); return; }
  archive.getZxy(message.z, message.x, message.y).then(function (response) {
    var t0 = performance.now();
    var layers = response && response.data ? readTile(response.data) : {}, transfer = new Set();
    Object.keys(layers).forEach(function (name) {
      var layer = layers[name];
      [layer.buf, layer.x, layer.y, layer.tags].forEach(function (a) { transfer.add(a.buffer); });
      Object.keys(layer.cols).forEach(function (key) { transfer.add(layer.cols[key].buffer); });
    });
    self.postMessage({ id: message.id, layers: layers, ms: performance.now() - t0 }, Array.from(transfer));
  }).catch(function (err) {
    self.postMessage({ id: message.id, error: String(err && err.message || err) });
  });
};

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

