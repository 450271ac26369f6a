/* kg graph page: the layout of what the filters leave, computed in the page.

   The whole graph is laid out in Python (kg/viz/layout.py). When the filters leave a
   subgraph, its nodes would keep their places and the survivors would sit scattered over an
   empty canvas; so the page lays out just what is shown, the way Python does: connected
   components one at a time (a force layout started from the nodes' own positions, so it is
   stable and needs no random seed), scaled so a typical edge keeps its length, turned with the
   long axis across, spread so no two drawn nodes overlap, then packed biggest first, the
   components of up to four nodes in one grid and unconnected nodes in a grid below.
   Deterministic: the same filters always give the same picture. */
(function () {
  "use strict";

  // Connected components over `edges` ([a, b] pairs of ids), each in the order of `ids`,
  // biggest first (ties: the order of `ids`). Ids without an edge are left out.
  function components(ids, edges) {
    var adj = {}, rank = {};
    ids.forEach(function (v, i) { rank[v] = i; });
    edges.forEach(function (e) {
      if (e[0] === e[1]) { adj[e[0]] = adj[e[0]] || []; return; }
      (adj[e[0]] = adj[e[0]] || []).push(e[1]);
      (adj[e[1]] = adj[e[1]] || []).push(e[0]);
    });
    var seen = {}, comps = [];
    ids.forEach(function (v) {
      if (seen[v] || !adj[v]) { return; }
      var comp = [v], k = 0;
      seen[v] = true;
      while (k < comp.length) {
        adj[comp[k++]].forEach(function (w) { if (!seen[w]) { seen[w] = true; comp.push(w); } });
      }
      comp.sort(function (a, b) { return rank[a] - rank[b]; });
      comps.push(comp);
    });
    comps.sort(function (a, b) { return (b.length - a.length) || (rank[a[0]] - rank[b[0]]); });
    return comps;
  }

  function median(values) {
    if (!values.length) { return 0; }
    var s = values.slice().sort(function (a, b) { return a - b; });
    var m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  }
  function percentile(values, p) {
    var s = values.slice().sort(function (a, b) { return a - b; });
    var r = (s.length - 1) * p / 100, lo = Math.floor(r), hi = Math.ceil(r);
    return s[lo] + (s[hi] - s[lo]) * (r - lo);
  }

  // Calls visit(i, j) once for every pair of points (flat xy) in the same or neighbouring
  // cells of a grid of `size`: the pairs closer than `size` and some more. O(n) per call.
  function eachPair(xy, size, visit) {
    var n = xy.length / 2, cells = {}, i, k;
    for (i = 0; i < n; i++) {
      var key = Math.floor(xy[2 * i] / size) + "," + Math.floor(xy[2 * i + 1] / size);
      (cells[key] = cells[key] || []).push(i);
    }
    for (i = 0; i < n; i++) {
      var gx = Math.floor(xy[2 * i] / size), gy = Math.floor(xy[2 * i + 1] / size);
      for (var dx = -1; dx <= 1; dx++) {
        for (var dy = -1; dy <= 1; dy++) {
          var cell = cells[(gx + dx) + "," + (gy + dy)] || [];
          for (k = 0; k < cell.length; k++) { if (cell[k] > i) { visit(i, cell[k]); } }
        }
      }
    }
  }

  // Fruchterman-Reingold, grid variant (repulsion only within two ideal lengths: O(n) per
  // step), from the given start. xy: flat [x0, y0, x1, y1, ...]; edges: [i, j] local indices.
  function force(xy, edges, iterations) {
    var n = xy.length / 2, k = 1, reach = 2 * k, i, it;
    var lengths = edges.map(function (e) {
      return Math.hypot(xy[2 * e[0]] - xy[2 * e[1]], xy[2 * e[0] + 1] - xy[2 * e[1] + 1]);
    });
    var unit = median(lengths.filter(function (l) { return l > 1e-9; })) || 1;
    var cx = 0, cy = 0;
    for (i = 0; i < n; i++) { cx += xy[2 * i] / n; cy += xy[2 * i + 1] / n; }
    for (i = 0; i < n; i++) {
      // Scaled so a typical edge starts at the ideal length; a nudge fixed by the index parts
      // nodes that start on the very same spot.
      xy[2 * i] = (xy[2 * i] - cx) / unit + 1e-3 * Math.cos(i * 2.399963);
      xy[2 * i + 1] = (xy[2 * i + 1] - cy) / unit + 1e-3 * Math.sin(i * 2.399963);
    }
    var disp = new Float64Array(2 * n);
    var temp = Math.sqrt(n) * k * 0.1 + k;
    for (it = 0; it < iterations; it++) {
      disp.fill(0);
      eachPair(xy, reach, function (a, b) {
        var ux = xy[2 * a] - xy[2 * b], uy = xy[2 * a + 1] - xy[2 * b + 1];
        var d2 = ux * ux + uy * uy + 1e-9;
        if (d2 > reach * reach) { return; }
        var f = k * k / d2;
        disp[2 * a] += ux * f; disp[2 * a + 1] += uy * f;
        disp[2 * b] -= ux * f; disp[2 * b + 1] -= uy * f;
      });
      edges.forEach(function (e) {
        var a = e[0], b = e[1];
        var ux = xy[2 * b] - xy[2 * a], uy = xy[2 * b + 1] - xy[2 * a + 1];
        var d = Math.hypot(ux, uy) + 1e-9, f = d / k;
        disp[2 * a] += ux * f; disp[2 * a + 1] += uy * f;
        disp[2 * b] -= ux * f; disp[2 * b + 1] -= uy * f;
      });
      for (i = 0; i < n; i++) {
        // Weak gravity: the grid variant has no long-range repulsion holding parts together.
        disp[2 * i] -= 0.05 * xy[2 * i];
        disp[2 * i + 1] -= 0.05 * xy[2 * i + 1];
        var len = Math.hypot(disp[2 * i], disp[2 * i + 1]) + 1e-9;
        var step = Math.min(len, temp) / len;
        xy[2 * i] += disp[2 * i] * step;
        xy[2 * i + 1] += disp[2 * i + 1] * step;
      }
      temp = Math.max(temp * 0.95, 0.01);
    }
    return xy;
  }

  // As kg/viz/layout.py _to_canvas: a typical edge `spacing` long, at least `room` per node.
  function toCanvas(xy, edges, spacing, room) {
    var n = xy.length / 2, i, cx = 0, cy = 0;
    for (i = 0; i < n; i++) { cx += xy[2 * i] / n; cy += xy[2 * i + 1] / n; }
    var xs = [], ys = [];
    for (i = 0; i < n; i++) { xs.push(xy[2 * i] - cx); ys.push(xy[2 * i + 1] - cy); }
    var area = (percentile(xs, 95) - percentile(xs, 5)) * (percentile(ys, 95) - percentile(ys, 5));
    var scale = room / Math.sqrt(Math.max(area, 1e-18) / (0.81 * n));
    var typical = median(edges.map(function (e) {
      return Math.hypot(xs[e[0]] - xs[e[1]], ys[e[0]] - ys[e[1]]);
    }));
    if (typical > 1e-9) { scale = Math.max(scale, spacing / typical); }
    for (i = 0; i < n; i++) { xy[2 * i] = xs[i] * scale; xy[2 * i + 1] = ys[i] * scale; }
    return xy;
  }

  // As _widen: the long axis across (screens are wide), a long thin shape stretched a little.
  function widen(xy, aspect, stretch) {
    var n = xy.length / 2, i, cx = 0, cy = 0, sxx = 0, syy = 0, sxy = 0;
    for (i = 0; i < n; i++) { cx += xy[2 * i] / n; cy += xy[2 * i + 1] / n; }
    for (i = 0; i < n; i++) {
      var ux = xy[2 * i] - cx, uy = xy[2 * i + 1] - cy;
      sxx += ux * ux; syy += uy * uy; sxy += ux * uy;
    }
    var theta = 0.5 * Math.atan2(2 * sxy, sxx - syy);  // the principal axis
    var c = Math.cos(theta), s = Math.sin(theta);
    var minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    for (i = 0; i < n; i++) {
      var x = xy[2 * i] - cx, y = xy[2 * i + 1] - cy;
      xy[2 * i] = x * c + y * s;
      xy[2 * i + 1] = -x * s + y * c;
      minX = Math.min(minX, xy[2 * i]); maxX = Math.max(maxX, xy[2 * i]);
      minY = Math.min(minY, xy[2 * i + 1]); maxY = Math.max(maxY, xy[2 * i + 1]);
    }
    var w = maxX - minX, h = maxY - minY;
    if (h > 1e-9 && w / h > aspect) {
      var f = Math.min(stretch, w / h / aspect);
      for (i = 0; i < n; i++) { xy[2 * i + 1] *= f; }
    }
    return xy;
  }

  // As kg/viz/spread.py: pairs closer than their radii plus `gap` pushed apart, a few rounds.
  function spread(xy, radius, gap, rounds) {
    var n = xy.length / 2, i, r;
    if (n < 2) { return xy; }
    var cell = 2 * Math.max.apply(null, radius) + gap;
    var move = new Float64Array(2 * n);
    for (r = 0; r < rounds; r++) {
      var hit = false;
      move.fill(0);
      eachPair(xy, cell, function (i, j) {
        var ux = xy[2 * j] - xy[2 * i], uy = xy[2 * j + 1] - xy[2 * i + 1];
        var d = Math.hypot(ux, uy), over = radius[i] + radius[j] + gap - d;
        if (over <= 1e-3) { return; }
        hit = true;
        if (d < 1e-9) {
          var a = ((i * 7919 + j * 104729) % 360) * Math.PI / 180;
          ux = Math.cos(a); uy = Math.sin(a); d = 1;
        }
        // The smaller node moves more: a hub's small neighbours make room around it.
        var p = (over + gap / 2) / d, share = radius[i] * radius[i] /
          (radius[i] * radius[i] + radius[j] * radius[j]);
        move[2 * j] += ux * p * share; move[2 * j + 1] += uy * p * share;
        move[2 * i] -= ux * p * (1 - share); move[2 * i + 1] -= uy * p * (1 - share);
      });
      if (!hit) { break; }
      for (i = 0; i < 2 * n; i++) { xy[i] += move[i]; }
    }
    return xy;
  }

  // One component: {pos: {id: [x, y]}, w, h} with its bounding box starting at (0, 0).
  function component(comp, edges, start, radius, opts) {
    var n = comp.length, index = {}, xy = new Float64Array(2 * n), i;
    comp.forEach(function (v, k) { index[v] = k; });
    var local = [];
    edges.forEach(function (e) {
      if (index[e[0]] !== undefined && index[e[1]] !== undefined && e[0] !== e[1]) {
        local.push([index[e[0]], index[e[1]]]);
      }
    });
    if (n === 2) {
      xy[2] = opts.spacing;
    } else if (n > 2 && n <= 4) {
      // A deal of three or four: a polygon, as networkx's circular layout draws it.
      for (i = 0; i < n; i++) {
        xy[2 * i] = Math.cos(2 * Math.PI * i / n);
        xy[2 * i + 1] = Math.sin(2 * Math.PI * i / n);
      }
    } else if (n > 4) {
      comp.forEach(function (v, k) { xy[2 * k] = start[v][0]; xy[2 * k + 1] = start[v][1]; });
      force(xy, local, n <= 100 ? 300 : n <= 1000 ? 150 : 60);
    }
    if (n > 2) {
      toCanvas(xy, local, opts.spacing, opts.room);
      widen(xy, 1.3, 1.6);
    }
    spread(xy, comp.map(radius), opts.gap, 300);
    return box(comp, xy);
  }

  function box(comp, xy) {
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity, pos = {};
    comp.forEach(function (v, k) {
      minX = Math.min(minX, xy[2 * k]); maxX = Math.max(maxX, xy[2 * k]);
      minY = Math.min(minY, xy[2 * k + 1]); maxY = Math.max(maxY, xy[2 * k + 1]);
    });
    comp.forEach(function (v, k) { pos[v] = [xy[2 * k] - minX, xy[2 * k + 1] - minY]; });
    return { pos: pos, w: maxX - minX, h: maxY - minY };
  }

  // As _small_grid: `cols` columns as wide as the widest small component, rows as tall as
  // their tallest, each component centred in its cell.
  function smallGrid(boxes, gap, cols) {
    var cellW = Math.max.apply(null, boxes.map(function (b) { return b.w; })) + gap;
    var pos = {}, top = 0;
    for (var start = 0; start < boxes.length; start += cols) {
      var row = boxes.slice(start, start + cols);
      var rowH = Math.max.apply(null, row.map(function (b) { return b.h; }));
      row.forEach(function (b, k) {
        var dx = k * cellW + (cellW - gap - b.w) / 2, dy = top + (rowH - b.h) / 2;
        Object.keys(b.pos).forEach(function (v) { pos[v] = [b.pos[v][0] + dx, b.pos[v][1] + dy]; });
      });
      top += rowH + gap * 0.6;
    }
    return { pos: pos, w: Math.min(cols, boxes.length) * cellW - gap, h: top - gap * 0.6 };
  }

  // As _pack_with_grid: of the grid's possible widths, the one that lets the whole fill the
  // canvas best.
  function packWithGrid(boxes, small, gap, aspect) {
    if (!small.length) { return pack(boxes, gap, aspect); }
    var counts = [1, small.length], best = null, bestExtent = Infinity;
    for (var c = 1; c < small.length; c *= 1.25) { counts.push(Math.floor(c)); }
    counts.sort(function (a, b) { return a - b; });
    counts.forEach(function (cols, k) {
      if (k > 0 && counts[k - 1] === cols) { return; }
      var packed = pack(boxes.concat([smallGrid(small, gap, cols)]), gap, aspect);
      var extent = Math.max(packed.w / aspect, packed.h);
      if (extent < bestExtent - 1e-6) { best = packed; bestExtent = extent; }
    });
    return best;
  }

  // As _pack: the biggest box top left, the others in shelves beside it while they fit, then
  // in shelves below; the whole aims at the canvas's aspect.
  function pack(boxes, gap, aspect) {
    var sizes = boxes.map(function (b) { return [b.w + gap, b.h + gap]; });
    var area = sizes.reduce(function (s, wh) { return s + wh[0] * wh[1]; }, 0);
    var firstW = sizes[0][0], firstH = sizes[0][1];
    var width = Math.max(firstW, Math.sqrt(area * aspect),
                         Math.max.apply(null, sizes.map(function (wh) { return wh[0]; })));
    var placed = [[0, 0]];
    var column = [firstW, width, 0, firstW, 0], below = [0, width, firstH, 0, 0];
    sizes.slice(1).forEach(function (wh) {
      if (!shelfPut(column, wh[0], wh[1], firstH, placed)) {
        shelfPut(below, wh[0], wh[1], Infinity, placed);
      }
    });
    var pos = {}, height = 0;
    boxes.forEach(function (b, k) {
      Object.keys(b.pos).forEach(function (v) {
        pos[v] = [b.pos[v][0] + placed[k][0], b.pos[v][1] + placed[k][1]];
      });
      height = Math.max(height, placed[k][1] + sizes[k][1]);
    });
    return { pos: pos, w: width, h: height };
  }
  function shelfPut(region, w, h, limit, placed) {
    var left = region[0], right = region[1], y = region[2], x = region[3], shelfH = region[4];
    if (left + w > right) { return false; }
    if (x + w > right) { y += shelfH; x = left; shelfH = 0; }
    if (y + h > limit) { return false; }
    placed.push([x, y]);
    region[2] = y; region[3] = x + w; region[4] = Math.max(shelfH, h);
    return true;
  }

  /* Positions {id: [x, y]} for the shown nodes `ids` (in the page's order) joined by `edges`
     ([from, to] pairs), starting from `start` ({id: [x, y]}, the full graph's layout);
     `radius(id)` is a node's drawn size, `aspect` the canvas's width / height, `opts` the
     constants of kg/viz/layout.py (meta.layout). */
  function layout(ids, edges, start, radius, aspect, opts) {
    var comps = components(ids, edges);
    var linked = {};
    comps.forEach(function (c) { c.forEach(function (v) { linked[v] = true; }); });
    var lonely = ids.filter(function (v) { return !linked[v]; });
    var connected = ids.length - lonely.length;
    var spacing = opts.spacing;
    for (var s = opts.spacings.length - 1; s >= 0; s--) {
      if (connected <= opts.spacings[s][0]) { spacing = opts.spacings[s][1]; }
    }
    var o = { spacing: spacing, room: opts.room, gap: opts.gap };
    var boxes = [], small = [];
    comps.forEach(function (c) {
      (c.length > opts.small ? boxes : small).push(component(c, edges, start, radius, o));
    });
    var packed = boxes.length || small.length ? packWithGrid(boxes, small, spacing * 0.8, aspect)
      : { pos: {}, w: 0, h: 0 };
    if (lonely.length) {
      var placed = boxes.length || small.length, cellW = opts.park[0], cellH = opts.park[1];
      var cols = Math.max(1, Math.floor(Math.max(packed.w,
        Math.ceil(Math.sqrt(lonely.length * 2)) * cellW) / cellW));
      var top = placed ? packed.h + spacing * 1.5 : 0;
      lonely.forEach(function (v, i) {
        packed.pos[v] = [(i % cols) * cellW, top + Math.floor(i / cols) * cellH];
      });
    }
    return packed.pos;
  }

  window.KGLayout = { layout: layout, components: components };
})();
