/* kg graph page: the graph, its filters and search. Scripts before this one: vis-network,
   layout.js (lays out a filtered subgraph), labels.js (draws names and relation labels where
   they fit), panel.js (the side panel). All text from the data comes from untrusted articles:
   it reaches the DOM only through textContent / attribute setters and the canvas only through
   fillText, never as markup. Nodes carry no HTML "title" tooltips. */
(function () {
  "use strict";
  var KG = JSON.parse(document.getElementById("kg-data").textContent);
  var meta = KG.meta;
  var nodes = new vis.DataSet(KG.vis.nodes);
  var edges = new vis.DataSet(KG.vis.edges);
  var container = document.getElementById("graph");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, KG.vis.options);
  // As in pyvis pages: the network object is a global for users' consoles and tests.
  window.network = network;
  window.kgReady = false;
  var el = KGPanel.el, mini = KGPanel.mini;

  var incident = meta.nodes.map(function () { return []; });
  KG.vis.edges.forEach(function (e) {
    incident[e.from].push(e.id);
    if (e.to !== e.from) { incident[e.to].push(e.id); }
  });

  /* ---- header, notice, legend ---------------------------------------------------------- */
  document.getElementById("stats").textContent =
    meta.nodes.length + " nodes · " + meta.edges.length + " edges";
  if (meta.notice) {
    var notice = document.getElementById("notice");
    notice.textContent = meta.notice;
    notice.hidden = false;
  }
  var legend = document.getElementById("legend");
  meta.legend.forEach(function (c) {
    var row = el("div", null, "legend-row");
    var sw = el("span", null, "swatch shape-" + c.shape);
    sw.style.background = c.color;
    row.appendChild(sw);
    row.appendChild(el("span", c.label + " (" + c.count + ")"));
    row.title = c.label + " (" + c.count + ")";
    if ((c.label + " (" + c.count + ")").length > 14) { row.classList.add("wide"); }
    legend.appendChild(row);
  });
  var lines = [["", "asserted"], ["dashed", "planned / talks"], ["dotted", "hedged"],
               ["inferred", "inferred"]];
  var statuses = meta.statuses || [];
  if (meta.modalities.indexOf("Negated") >= 0 || statuses.indexOf("Negated") >= 0) {
    lines.push(["negated", "negated"]);
  }
  if (statuses.indexOf("Ended") >= 0) { lines.push(["ended", "ended"]); }
  lines.forEach(function (s) {
    var row = el("div", null, "legend-row");
    row.appendChild(el("span", null, "line " + s[0]));
    row.appendChild(el("span", s[1]));
    legend.appendChild(row);
  });

  /* ---- filters (filters.js) ------------------------------------------------------------ */
  var filters = KGFilters.create({
    meta: meta, apply: function () { applyFilters(); },
    lonely: meta.nodes.filter(function (m, i) { return !incident[i].length; }).length
  });
  var state = filters.state, factPasses = filters.factPasses, edgeVisible = filters.edgeVisible;
  var syncBox = filters.syncBox, resetFilters = filters.reset;
  var edgeShown = meta.edges.map(function () { return true; });
  var drawnStatus = meta.edges.map(function (m) { return m.status || null; });
  var nodeShown = KG.vis.nodes.map(function (n) { return !n.hidden; });
  var initialEdges = null;  // edgeShown as the page opened: the full graph's own layout
  var order = [];           // shown nodes, best connected (by shown edges) first

  function applyFilters(keepView) {
    var eChanges = [], nChanges = [];
    meta.edges.forEach(function (_, i) {
      var v = edgeVisible(i), change = null;
      if (v !== edgeShown[i]) { edgeShown[i] = v; change = { id: i, hidden: !v }; }
      var status = filters.shownStatus(i);
      if (status !== null && status !== drawnStatus[i]) {
        // A fact's edge is drawn as the fact stands (as of the chosen day): the style the
        // page was written with for that status, kept as the edge's own for highlighting.
        var style = meta.statusStyles[status], e = KG.vis.edges[i];
        drawnStatus[i] = status;
        e.dashes = style.dashes;
        e.color = style.color;
        change = change || { id: i };
        change.dashes = style.dashes;
        change.color = style.color;
      }
      if (change) { eChanges.push(change); }
    });
    meta.nodes.forEach(function (_, i) {
      // Unconnected nodes show on request; others go when every edge they had is filtered out.
      var v = incident[i].length ? incident[i].some(function (e) { return edgeShown[e]; })
        : state.isolated;
      if (v !== nodeShown[i]) { nodeShown[i] = v; nChanges.push({ id: i, hidden: !v }); }
    });
    if (eChanges.length) { edges.update(eChanges); }
    if (nChanges.length) { nodes.update(nChanges); }
    if (initialEdges === null) { initialEdges = edgeShown.slice(); }
    rank();
    if (highlighted !== null) { highlight(nodeShown[highlighted] ? highlighted : null); }
    var shown = window.kgVisible();
    document.getElementById("stats").textContent = shown.nodes + " of " + meta.nodes.length +
      " nodes · " + shown.edges + " of " + meta.edges.length + " edges shown";
    arrange();
    if (!keepView) { fitShown(); }
    if (panel) { panel.refresh(); }
  }
  window.kgVisible = function () {
    return {
      nodes: nodeShown.filter(Boolean).length,
      edges: edgeShown.filter(Boolean).length
    };
  };
  // Names are placed in this order (after the selected and searched node): by shown degree.
  function rank() {
    var degree = meta.nodes.map(function () { return 0; });
    KG.vis.edges.forEach(function (e, i) {
      if (edgeShown[i]) { degree[e.from] += 1; degree[e.to] += 1; }
    });
    order = shownIds();
    order.sort(function (a, b) { return (degree[b] - degree[a]) || (a - b); });
  }

  /* ---- layout: the full graph's own, or one of just what the filters leave --------------- */
  var original = KG.vis.nodes.map(function (n) { return [n.x, n.y]; });
  var now = original.map(function (p) { return p.slice(); });
  function sameAsInitial() {
    for (var i = 0; i < edgeShown.length; i++) {
      if (edgeShown[i] !== initialEdges[i]) { return false; }
    }
    return true;
  }
  function arrange() {
    var ids = shownIds(), target = {};
    if (sameAsInitial()) {
      ids.forEach(function (id) { target[id] = original[id]; });
    } else {
      var pairs = [];
      KG.vis.edges.forEach(function (e, i) { if (edgeShown[i]) { pairs.push([e.from, e.to]); } });
      target = KGLayout.layout(ids, pairs, original, function (id) { return KG.vis.nodes[id].size; },
                               canvasAspect(), meta.layout);
    }
    var moves = [];
    ids.forEach(function (id) {
      var p = target[id];
      if (p[0] !== now[id][0] || p[1] !== now[id][1]) {
        now[id] = [p[0], p[1]];
        moves.push({ id: id, x: p[0], y: p[1] });
      }
    });
    if (moves.length) { nodes.update(moves); }
  }
  // A reader may drag nodes: known, so the next layout (or reset) moves them where it says.
  network.on("dragEnd", function (params) {
    var p = network.getPositions(params.nodes);
    params.nodes.forEach(function (id) { now[id] = [p[id].x, p[id].y]; });
  });
  function canvasAspect() {
    var c = network.canvas.frame.canvas;
    return c.clientHeight ? c.clientWidth / c.clientHeight : 1.3;
  }
  function shownIds() {
    var ids = [];
    nodeShown.forEach(function (v, i) { if (v) { ids.push(i); } });
    return ids;
  }
  // Fit what is shown (parked and filtered-out nodes do not count), leaving a margin for the
  // names at the edges of the view; a few nodes are not blown up past 1.5x.
  var MARGIN_X = 70, MARGIN_Y = 34, MAX_FIT = 1.5;
  function fitShown() {
    var ids = shownIds();
    if (!ids.length) { return; }
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    ids.forEach(function (id) {
      var r = KG.vis.nodes[id].size, p = now[id];
      x0 = Math.min(x0, p[0] - r); x1 = Math.max(x1, p[0] + r);
      y0 = Math.min(y0, p[1] - r); y1 = Math.max(y1, p[1] + r);
    });
    var c = network.canvas.frame.canvas;
    var scale = Math.min((c.clientWidth - 2 * MARGIN_X) / Math.max(x1 - x0, 1),
                         (c.clientHeight - 2 * MARGIN_Y) / Math.max(y1 - y0, 1), MAX_FIT);
    network.moveTo({ position: { x: (x0 + x1) / 2, y: (y0 + y1) / 2 },
                     scale: Math.max(scale, 1e-3), animation: false });
  }
  window.kgFit = fitShown;

  /* ---- highlight, hover, the node under the pointer ------------------------------------- */
  var DIM_NODE = { background: "#eef0f3", border: "#d9dde3",
                   highlight: { background: "#eef0f3", border: "#1d2733" } };
  var DIM_EDGE = { color: "#e6e9ed", highlight: "#1f4e99", hover: "#1f4e99" };
  var highlighted = null, near = null, searched = null;
  var hover = { node: null, edge: null };

  // Click on a node: it and its shown neighbours keep their colours, everything else fades.
  function highlight(id) {
    highlighted = (id === null || id === undefined) ? null : id;
    var before = near;
    near = null;
    if (highlighted !== null) {
      near = { nodes: {}, edges: {} };
      near.nodes[id] = true;
      incident[id].forEach(function (eid) {
        if (!edgeShown[eid]) { return; }
        var e = KG.vis.edges[eid];
        near.edges[eid] = true;
        near.nodes[e.from] = true;
        near.nodes[e.to] = true;
      });
    }
    if (before === null && near === null) { return; }
    nodes.update(KG.vis.nodes.map(function (n, i) {
      var dim = near !== null && !near.nodes[i];
      return { id: i, color: dim ? DIM_NODE : n.color };
    }));
    edges.update(KG.vis.edges.map(function (e, i) {
      var dim = near !== null && !near.edges[i];
      return { id: i, color: dim ? DIM_EDGE : e.color };
    }));
  }
  window.kgHighlighted = function () {
    return near === null ? null : Object.keys(near.nodes).map(Number);
  };
  function centre(id, minScale) {
    network.focus(id, { scale: Math.max(network.getScale(), minScale || 0), animation: false });
  }

  /* vis-network picks the last node in its list under the pointer, but draws hovered and
     selected nodes last, on top: a click on a selected hub could land on the node beneath.
     This picks the node drawn on top at a point (DOM pixels of the canvas), or null. */
  function nodeAt(point) {
    var sel = network.selectionHandler;
    var under = sel._getAllNodesOverlappingWith(sel._pointerToPositionObject(point));
    var best = null, rank = -1;
    under.forEach(function (id, k) {
      var n = network.body.nodes[id];
      var r = n.hover ? 2 : n.isSelected() ? 1 : 0;  // vis-network's drawing order
      if (r >= rank) { best = id; rank = r; }
    });
    return best === null ? null : Number(best);
  }
  window.kgNodeAt = nodeAt;

  var pointer = null, hoverPending = false;
  function track() {
    hoverPending = false;
    var node = null, edge = null;
    if (pointer !== null) {
      node = nodeAt(pointer);
      if (node === null && !meta.large) {
        var e = network.getEdgeAt(pointer);
        edge = e === undefined ? null : Number(e);
      }
    }
    if (node !== hover.node || edge !== hover.edge) {
      hover = { node: node, edge: edge };
      container.style.cursor = node !== null || edge !== null ? "pointer" : "";
      network.redraw();
    }
  }
  container.addEventListener("mousemove", function (ev) {
    var r = network.canvas.frame.canvas.getBoundingClientRect();
    pointer = { x: ev.clientX - r.left, y: ev.clientY - r.top };
    if (!hoverPending) { hoverPending = true; window.requestAnimationFrame(track); }
  });
  container.addEventListener("mouseleave", function () { pointer = null; track(); });

  /* ---- names and relation labels -------------------------------------------------------- */
  var labels = KGLabels.create(network, {
    names: meta.nodes.map(function (m) { return m.label; }),
    types: meta.nodes.map(function (m) { return m.typeLabel; }),
    sizes: KG.vis.nodes.map(function (n) { return n.size; }),
    edges: KG.vis.edges.map(function (e, i) {
      return { from: e.from, to: e.to, text: relText(i), curved: !!(e.smooth && e.smooth.enabled) };
    })
  });
  function relText(eid) {
    var em = meta.edges[eid];
    return em.label ? em.label + (em.inferred ? " (inferred)" : "") : "";
  }
  var panelBox = document.getElementById("panel");
  function openWidth() {
    var c = network.canvas.frame.canvas.getBoundingClientRect();
    return panelBox.hidden ? c.width : Math.max(0, panelBox.getBoundingClientRect().left - c.left);
  }
  network.on("afterDrawing", function (ctx) {
    var r = network.renderer;
    labels.draw(ctx, {
      width: openWidth(),
      nodeShown: nodeShown, edgeShown: edgeShown, order: order, near: near,
      first: [highlighted, searched], hoverNode: hover.node, hoverEdge: hover.edge,
      // A big graph hides its edges while dragged or zoomed: so do their labels.
      quiet: meta.large && (r.dragging || r.zooming)
    });
  });

  /* ---- search -------------------------------------------------------------------------- */
  var names = document.getElementById("names");
  var seen = {};
  meta.nodes.slice(0, 20000).forEach(function (m) {
    [m.label].concat(m.aliases).forEach(function (name) {
      if (seen[name]) { return; }
      seen[name] = true;
      var opt = document.createElement("option");
      opt.value = name;
      names.appendChild(opt);
    });
  });
  function findNode(q) {
    q = q.trim().toLocaleLowerCase();
    if (!q) { return null; }
    var tests = [
      function (m) { return m.label.toLocaleLowerCase() === q; },
      function (m) { return m.aliases.some(function (a) { return a.toLocaleLowerCase() === q; }); },
      function (m) { return m.label.toLocaleLowerCase().indexOf(q) === 0; },
      function (m) {
        return m.label.toLocaleLowerCase().indexOf(q) >= 0 ||
          m.aliases.some(function (a) { return a.toLocaleLowerCase().indexOf(q) >= 0; });
      }
    ];
    for (var t = 0; t < tests.length; t++) {
      var best = null;
      for (var i = 0; i < meta.nodes.length; i++) {
        if (tests[t](meta.nodes[i]) && (best === null || meta.nodes[i].degree > meta.nodes[best].degree)) {
          best = i;
        }
      }
      if (best !== null) { return best; }
    }
    return null;
  }
  function focusNode(id) {
    if (!nodeShown[id]) {
      // A filtered-out or parked node: bring it back by clearing what hides it.
      if (!incident[id].length) { state.isolated = true; syncBox("data-isolated", true); }
      else { resetFilters(); }
      applyFilters(true);
    }
    searched = id;
    network.selectNodes([id]);
    highlight(id);
    centre(id, 1.0);
    panel.showNode(id);
  }
  // "reset": every filter as the page opened, and the full graph's own layout back.
  document.getElementById("reset").addEventListener("click", function () {
    resetFilters();
    state.restatements = false;
    syncBox("data-restatements", false);
    state.isolated = !meta.park;
    syncBox("data-isolated", state.isolated);
    searched = null;
    network.unselectAll();
    highlight(null);
    panel.hide();
    applyFilters();
  });
  var search = document.getElementById("search");
  var status = document.getElementById("search-status");
  function runSearch() {
    var id = findNode(search.value);
    if (id === null) {
      status.textContent = search.value.trim() ? "No node matches “" + search.value.trim() + "”." : "";
      return;
    }
    status.textContent = "";
    focusNode(id);
  }
  search.addEventListener("change", runSearch);
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { runSearch(); } });
  window.kgFocus = function (name) { search.value = name; runSearch(); return findNode(name); };

  /* ---- side panel ---------------------------------------------------------------------- */
  var panel = KGPanel.create({
    meta: meta, ends: KG.vis.edges, incident: incident, edgeShown: edgeShown,
    factPasses: factPasses, focusNode: focusNode, asOf: function () { return state.asOf; },
    selectEdge: function (eid) { network.selectEdges([eid]); }
  });
  document.getElementById("panel-close").addEventListener("click", function () {
    panel.hide();
    network.unselectAll();
    highlight(null);
  });
  window.kgShowEdge = panel.showEdge;
  window.kgShowNode = panel.showNode;

  // What a click is on: the node drawn on top, else a name or relation label drawn there,
  // else vis-network's edge.
  // vis-network selects its own pick before it reports the click, which changes the drawing
  // order: what was on top is read when the button goes down.
  var pressed = null;
  container.addEventListener("pointerdown", function (ev) {
    var r = network.canvas.frame.canvas.getBoundingClientRect();
    var p = { x: ev.clientX - r.left, y: ev.clientY - r.top };
    pressed = { x: p.x, y: p.y, node: nodeAt(p) };
  }, true);
  network.on("click", function (params) {
    var p = params.pointer.DOM;
    var same = pressed !== null && Math.abs(pressed.x - p.x) < 4 && Math.abs(pressed.y - p.y) < 4;
    var id = same ? pressed.node : nodeAt(p);
    var text = id === null ? labels.textAt(p.x, p.y) : null;
    if (text !== null && text.node !== undefined) { id = text.node; }
    if (id !== null) {
      if (params.nodes.length !== 1 || Number(params.nodes[0]) !== id) { network.selectNodes([id]); }
      highlight(id);
      centre(id);
      panel.showNode(id);
    } else if (text !== null || params.edges.length) {
      var edge = text !== null ? text.edge : params.edges[0];
      if (text !== null) { network.selectEdges([edge]); }
      highlight(null);
      panel.showEdge(edge);
    } else {
      highlight(null);
      panel.hide();
    }
  });

  /* ---- first draw ---------------------------------------------------------------------- */
  network.once("afterDrawing", function () {
    window.kgReady = true;
    window.kgReadyAt = performance.now();  // ms since navigation start, for benchmarks
    document.body.setAttribute("data-ready", "1");
  });
  applyFilters();
  if (typeof meta.focus === "number") { focusNode(meta.focus); }
})();
