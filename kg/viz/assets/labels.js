/* kg graph page: names and relation labels, drawn by the page only where they can be read.

   vis-network draws every label at its font size times the zoom: fitted on a few hundred
   nodes, names shrink to 4 px and pile up. Here vis-network draws no text at all; after each
   frame this draws, in screen pixels, as many names as fit without overlapping, at NAME_PX
   whatever the zoom (level of detail, as sigma.js's label grid does): the selected and the
   searched node first, then the selected node's neighbours, then by degree; each name tries
   below, right, above and left of its node and is left out when all four collide or leave the
   canvas. Zooming in spreads the nodes, so more names fit. Relation labels go along their edge
   on hover, on the selected node's edges, and wherever the edge is long enough on screen and
   the label collides with nothing. The hovered node gets a card with its full name and type.
   Nothing is ever drawn below NAME_PX / EDGE_PX. All text reaches the canvas through fillText
   (never markup). */
(function () {
  "use strict";
  var NAME_PX = 12, EDGE_PX = 11, CARD_PX = 13, MAX_CHARS = 44, CARD_WIDTH = 340;
  var FACE = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
  var FONT = NAME_PX + "px " + FACE, BOLD = "bold " + NAME_PX + "px " + FACE;
  var EDGE_FONT = EDGE_PX + "px " + FACE;
  var CARD_FONT = "bold " + CARD_PX + "px " + FACE, TYPE_FONT = NAME_PX + "px " + FACE;
  var INK = "#1d2733", DIM = "#8a94a1", EDGE_INK = "#3b4654", HALO = "rgba(255,255,255,0.92)";

  function short(text) {
    text = String(text).replace(/\s+/g, " ").trim();
    return text.length <= MAX_CHARS ? text : text.slice(0, MAX_CHARS - 1) + "…";
  }

  /* ---- collision: boxes on a grid of cells; rotated boxes tested exactly (separating axes) */
  function Box(corners) {
    var xs = corners.map(function (p) { return p[0]; });
    var ys = corners.map(function (p) { return p[1]; });
    this.c = corners;
    this.x0 = Math.min.apply(null, xs); this.x1 = Math.max.apply(null, xs);
    this.y0 = Math.min.apply(null, ys); this.y1 = Math.max.apply(null, ys);
  }
  function rect(x0, y0, x1, y1) { return new Box([[x0, y0], [x1, y0], [x1, y1], [x0, y1]]); }
  function rotated(cx, cy, hw, hh, angle) {
    var c = Math.cos(angle), s = Math.sin(angle);
    return new Box([[-hw, -hh], [hw, -hh], [hw, hh], [-hw, hh]].map(function (p) {
      return [cx + p[0] * c - p[1] * s, cy + p[0] * s + p[1] * c];
    }));
  }
  function separated(a, b) {
    var polys = [a.c, b.c];
    for (var p = 0; p < 2; p++) {
      for (var i = 0; i < 2; i++) {  // a rectangle has two edge directions
        var q = polys[p], ax = -(q[i + 1][1] - q[i][1]), ay = q[i + 1][0] - q[i][0];
        var amin = Infinity, amax = -Infinity, bmin = Infinity, bmax = -Infinity;
        a.c.forEach(function (v) { var d = v[0] * ax + v[1] * ay; amin = Math.min(amin, d); amax = Math.max(amax, d); });
        b.c.forEach(function (v) { var d = v[0] * ax + v[1] * ay; bmin = Math.min(bmin, d); bmax = Math.max(bmax, d); });
        if (amax <= bmin || bmax <= amin) { return true; }
      }
    }
    return false;
  }
  function Occupancy(cell) { this.cell = cell; this.cells = {}; }
  Occupancy.prototype.each = function (b, fn) {
    for (var gx = Math.floor(b.x0 / this.cell); gx <= Math.floor(b.x1 / this.cell); gx++) {
      for (var gy = Math.floor(b.y0 / this.cell); gy <= Math.floor(b.y1 / this.cell); gy++) {
        if (fn(gx + "," + gy) === false) { return false; }
      }
    }
    return true;
  };
  Occupancy.prototype.free = function (b) {
    var cells = this.cells;
    return this.each(b, function (key) {
      var list = cells[key] || [];
      for (var i = 0; i < list.length; i++) {
        var o = list[i];
        if (b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1 && !separated(b, o)) {
          return false;
        }
      }
      return true;
    });
  };
  Occupancy.prototype.add = function (b) {
    var cells = this.cells;
    this.each(b, function (key) { (cells[key] = cells[key] || []).push(b); });
  };

  /* model: {names, types, sizes, edges: [{from, to, text, curved}]}, all indexed by id. */
  function create(network, model) {
    var widths = {};
    var drawn = [];  // [box, {node: id} or {edge: id}] of the last frame, for clicks on text

    function width(ctx, font, text) {
      var key = font + "\n" + text, w = widths[key];
      if (w === undefined) { ctx.font = font; w = widths[key] = ctx.measureText(text).width; }
      return w;
    }

    /* view: {nodeShown, edgeShown, order (ids by degree), first (ids before all others), near
       ({nodes, edges} of the selected node or null), hoverNode, hoverEdge, quiet (no labels
       along edges: a big graph being dragged), width (of the canvas the panel leaves)} */
    function draw(ctx, view) {
      var scale = network.getScale(), tr = network.body.view.translation;
      var el = network.canvas.frame.canvas, H = el.clientHeight;
      var W = Math.min(el.clientWidth, view.width || Infinity);  // not under the side panel
      var body = network.body.nodes, occ = new Occupancy(48), jobs = [], tried = {};
      drawn = [];
      function at(id) { var n = body[id]; return [n.x * scale + tr.x, n.y * scale + tr.y]; }
      function inside(b) { return b.x0 >= 1 && b.y0 >= 1 && b.x1 <= W - 1 && b.y1 <= H - 1; }

      function name(id, strong) {
        if (tried[id] || !view.nodeShown[id] || body[id] === undefined) { return; }
        tried[id] = true;
        var p = at(id), r = model.sizes[id] * scale;
        if (p[0] < -400 || p[0] > W + 400 || p[1] < -40 || p[1] > H + 40) { return; }
        var text = short(model.names[id]), font = strong ? BOLD : FONT;
        var w = width(ctx, font, text), h = NAME_PX + 4;
        var spots = [[p[0] - w / 2, p[1] + r + 2], [p[0] + r + 4, p[1] - h / 2],
                     [p[0] - w / 2, p[1] - r - 2 - h], [p[0] - r - 4 - w, p[1] - h / 2]];
        for (var k = 0; k < spots.length; k++) {
          var b = rect(spots[k][0], spots[k][1], spots[k][0] + w, spots[k][1] + h);
          if (inside(b) && occ.free(b)) {
            occ.add(b);
            // A named node keeps other names off its shape: a name over a node reads as its.
            occ.add(rect(p[0] - r, p[1] - r, p[0] + r, p[1] + r));
            var dim = view.near !== null && !view.near.nodes[id];
            jobs.push({ text: text, font: font, x: b.x0, y: b.y0 + h / 2, align: "left",
                        angle: 0, color: dim ? DIM : INK });
            drawn.push([b, { node: id }]);
            return;
          }
        }
      }

      function edgeLabel(id, mode) {
        var e = model.edges[id];
        if (!view.edgeShown[id] || !e.text || e.from === e.to) { return; }
        if (!view.nodeShown[e.from] || !view.nodeShown[e.to]) { return; }
        var a = at(e.from), b = at(e.to), mid, angle, ve = network.body.edges[id];
        if (e.curved && ve && ve.edgeType && ve.edgeType.getPoint) {
          var m = ve.edgeType.getPoint(0.5), m1 = ve.edgeType.getPoint(0.45),
              m2 = ve.edgeType.getPoint(0.55);
          mid = [m.x * scale + tr.x, m.y * scale + tr.y];
          angle = Math.atan2(m2.y - m1.y, m2.x - m1.x);
        } else {
          mid = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
          angle = Math.atan2(b[1] - a[1], b[0] - a[0]);
        }
        if (angle > Math.PI / 2) { angle -= Math.PI; } else if (angle < -Math.PI / 2) { angle += Math.PI; }
        var w = width(ctx, EDGE_FONT, e.text);
        if (mode === "zoom") {
          // Only where the edge is long enough on screen to carry its label between its nodes.
          var room = Math.hypot(b[0] - a[0], b[1] - a[1]) -
            (model.sizes[e.from] + model.sizes[e.to]) * scale - 16;
          if (room < w) { return; }
        }
        var box = rotated(mid[0], mid[1], w / 2 + 2, EDGE_PX / 2 + 2, angle);
        if (mode !== "hover" && !(inside(box) && occ.free(box))) { return; }
        occ.add(box);
        drawn.push([box, { edge: id }]);
        jobs.push({ text: e.text, font: EDGE_FONT, x: mid[0], y: mid[1], align: "center",
                    angle: angle, color: EDGE_INK, hover: mode === "hover" });
      }

      view.first.forEach(function (id) { if (id !== null && id !== undefined) { name(id, true); } });
      if (view.hoverEdge !== null) { edgeLabel(view.hoverEdge, "hover"); }
      if (view.near !== null) {
        Object.keys(view.near.edges).forEach(function (id) { edgeLabel(Number(id), "near"); });
        Object.keys(view.near.nodes).forEach(function (id) { name(Number(id)); });
      }
      view.order.forEach(function (id) { name(id); });
      if (!view.quiet) {
        for (var i = 0; i < model.edges.length; i++) { edgeLabel(i, "zoom"); }
      }

      ctx.save();
      var pr = network.canvas.pixelRatio || 1;
      ctx.setTransform(pr, 0, 0, pr, 0, 0);  // screen pixels: text size no longer zooms
      ctx.textBaseline = "middle";
      ctx.lineJoin = "round";
      jobs.sort(function (p, q) { return (p.hover ? 1 : 0) - (q.hover ? 1 : 0); });
      jobs.forEach(function (j) { paint(ctx, j); });
      if (view.hoverNode !== null && view.nodeShown[view.hoverNode]) {
        card(ctx, view.hoverNode, at(view.hoverNode), model.sizes[view.hoverNode] * scale, W, H);
      }
      ctx.restore();
    }

    function paint(ctx, j) {
      ctx.save();
      ctx.translate(j.x, j.y);
      if (j.angle) { ctx.rotate(j.angle); }
      ctx.font = j.font;
      ctx.textAlign = j.align;
      ctx.lineWidth = j.hover ? 5 : 3;
      ctx.strokeStyle = HALO;
      ctx.strokeText(j.text, 0, 0);
      ctx.fillStyle = j.color;
      ctx.fillText(j.text, 0, 0);
      ctx.restore();
    }

    // The hovered node's full name (wrapped, up to four lines) and type, in a box beside it.
    function card(ctx, id, p, r, W, H) {
      var lines = wrap(ctx, CARD_FONT, String(model.names[id]).replace(/\s+/g, " ").trim());
      var type = model.types[id];
      var w = Math.max.apply(null, lines.map(function (l) { return width(ctx, CARD_FONT, l); })
        .concat([width(ctx, TYPE_FONT, type)])) + 16;
      var h = lines.length * (CARD_PX + 5) + NAME_PX + 18;
      var x = p[0] + r + 8, y = p[1] - h / 2;
      if (x + w > W - 2) { x = p[0] - r - 8 - w; }
      x = Math.max(2, Math.min(x, W - w - 2));
      y = Math.max(2, Math.min(y, H - h - 2));
      ctx.fillStyle = "rgba(255,255,255,0.97)";
      ctx.strokeStyle = "#b8c2ce";
      ctx.lineWidth = 1;
      ctx.fillRect(x, y, w, h);
      ctx.strokeRect(x + 0.5, y + 0.5, w - 1, h - 1);
      ctx.textAlign = "left";
      ctx.fillStyle = INK;
      ctx.font = CARD_FONT;
      lines.forEach(function (l, k) { ctx.fillText(l, x + 8, y + 8 + (k + 0.5) * (CARD_PX + 5)); });
      ctx.font = TYPE_FONT;
      ctx.fillStyle = "#5a6575";
      ctx.fillText(type, x + 8, y + h - 8 - NAME_PX / 2);
    }
    function wrap(ctx, font, text) {
      var lines = [], line = "";
      text.split(" ").forEach(function (word) {
        while (width(ctx, font, word) > CARD_WIDTH) {  // a word wider than the card: cut it
          var cut = word.length - 1;
          while (cut > 1 && width(ctx, font, word.slice(0, cut)) > CARD_WIDTH) { cut--; }
          if (line) { lines.push(line); line = ""; }
          lines.push(word.slice(0, cut));
          word = word.slice(cut);
        }
        var next = line ? line + " " + word : word;
        if (width(ctx, font, next) > CARD_WIDTH && line) { lines.push(line); line = word; } else { line = next; }
      });
      if (line) { lines.push(line); }
      if (lines.length > 4) { lines = lines.slice(0, 4); lines[3] = lines[3].replace(/.$/, "…"); }
      return lines;
    }

    // What the text drawn at (x, y) (canvas pixels) names: {node: id}, {edge: id} or null.
    function textAt(x, y) {
      for (var i = drawn.length - 1; i >= 0; i--) {
        if (contains(drawn[i][0], x, y)) { return drawn[i][1]; }
      }
      return null;
    }
    function contains(b, x, y) {
      var c = b.c, sign = 0;
      for (var k = 0; k < 4; k++) {
        var p = c[k], q = c[(k + 1) % 4];
        var cross = (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0]);
        if (cross !== 0) {
          if (sign !== 0 && (cross > 0) !== (sign > 0)) { return false; }
          sign = cross;
        }
      }
      return true;
    }

    return { draw: draw, textAt: textAt };
  }

  window.KGLabels = { create: create, short: short };
})();
