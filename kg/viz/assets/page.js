/* kg graph page. All text from the data (names, sentences, titles) comes from untrusted
   articles: it only ever reaches the DOM through textContent / attribute setters, never as
   markup, and vis-network draws labels on a canvas. Nodes carry no HTML "title" tooltips. */
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

  var incident = meta.nodes.map(function () { return []; });
  KG.vis.edges.forEach(function (e) {
    incident[e.from].push(e.id);
    if (e.to !== e.from) { incident[e.to].push(e.id); }
  });

  function el(tag, text, cls) {
    var x = document.createElement(tag);
    if (text !== undefined && text !== null) { x.textContent = String(text); }
    if (cls) { x.className = cls; }
    return x;
  }
  function fmt(x) { return (typeof x === "number") ? x.toFixed(2) : "–"; }

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
    row.appendChild(el("span", c.label));
    row.appendChild(el("span", "(" + c.count + ")", "count"));
    legend.appendChild(row);
  });
  [["", "asserted"], ["dashed", "planned / negotiating"], ["dotted", "hedged"],
   ["inferred", "inferred (ontology rule)"]].forEach(function (s) {
    var row = el("div", null, "legend-row");
    row.appendChild(el("span", null, "line " + s[0]));
    row.appendChild(el("span", s[1]));
    legend.appendChild(row);
  });

  /* ---- filters ------------------------------------------------------------------------- */
  // Restatements (inverse, symmetric twin, super-property of a drawn fact) start hidden: they
  // double every arrow without adding a fact.
  var state = { relations: {}, modalities: {}, minConfidence: 0, inferred: true,
                restatements: false };

  function checkbox(parent, label, count, onChange, checked) {
    var lab = el("label");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.checked = checked !== false;
    box.addEventListener("change", function () { onChange(box.checked); applyFilters(); });
    lab.appendChild(box);
    lab.appendChild(document.createTextNode(" " + label + " "));
    if (count !== null) { lab.appendChild(el("span", "(" + count + ")", "count")); }
    parent.appendChild(lab);
    return box;
  }
  var relBox = document.getElementById("relation-filter");
  meta.relations.forEach(function (r) {
    state.relations[r.key] = true;
    checkbox(relBox, r.label, r.count, function (on) { state.relations[r.key] = on; })
      .setAttribute("data-relation", r.key);
  });
  if (!meta.relations.length) { relBox.hidden = true; }
  var modBox = document.getElementById("modality-filter");
  meta.modalities.forEach(function (m) {
    state.modalities[m] = true;
    checkbox(modBox, m, null, function (on) { state.modalities[m] = on; })
      .setAttribute("data-modality", m);
  });
  var infBox = document.getElementById("inferred-filter");
  var anyInferred = meta.edges.some(function (e) { return e.facts.some(function (f) { return f.inferred; }); });
  if (anyInferred) {
    checkbox(infBox, "show inferred", null, function (on) { state.inferred = on; })
      .setAttribute("data-inferred", "1");
  } else { infBox.hidden = true; }
  if (meta.edges.some(function (e) { return e.facts.some(function (f) { return f.restates; }); })) {
    checkbox(infBox, "show inverse / symmetric restatements", null,
             function (on) { state.restatements = on; }, false)
      .setAttribute("data-restatements", "1");
  }
  var slider = document.getElementById("min-confidence");
  var sliderOut = document.getElementById("min-confidence-value");
  slider.addEventListener("input", function () {
    state.minConfidence = parseFloat(slider.value) || 0;
    sliderOut.textContent = state.minConfidence.toFixed(2);
    applyFilters();
  });

  function factPasses(f) {
    var conf = (typeof f.confidence === "number") ? f.confidence : 1;
    return state.modalities[f.modality] !== false && conf >= state.minConfidence - 1e-9 &&
      (state.inferred || !f.inferred) && (state.restatements || !f.restates);
  }
  function edgeVisible(i) {
    var m = meta.edges[i];
    if (m.relation && state.relations[m.relation] === false) { return false; }
    if (!m.facts.length) {
      return factPasses({ modality: m.modality, confidence: m.confidence, inferred: m.inferred });
    }
    return m.facts.some(factPasses);
  }
  var edgeShown = meta.edges.map(function () { return true; });
  var nodeShown = meta.nodes.map(function () { return true; });

  function applyFilters() {
    var eChanges = [], nChanges = [];
    meta.edges.forEach(function (_, i) {
      var v = edgeVisible(i);
      if (v !== edgeShown[i]) { edgeShown[i] = v; eChanges.push({ id: i, hidden: !v }); }
    });
    meta.nodes.forEach(function (_, i) {
      // Nodes without any edge stay; others go when every edge they had is filtered out.
      var v = !incident[i].length || incident[i].some(function (e) { return edgeShown[e]; });
      if (v !== nodeShown[i]) { nodeShown[i] = v; nChanges.push({ id: i, hidden: !v }); }
    });
    if (eChanges.length) { edges.update(eChanges); }
    if (nChanges.length) { nodes.update(nChanges); }
    var shown = window.kgVisible();
    document.getElementById("stats").textContent = shown.nodes + " of " + meta.nodes.length +
      " nodes · " + shown.edges + " of " + meta.edges.length + " edges shown";
  }
  window.kgVisible = function () {
    return {
      nodes: nodeShown.filter(Boolean).length,
      edges: edgeShown.filter(Boolean).length
    };
  };

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
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
    showNode(id);
  }
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
  var panel = document.getElementById("panel");
  var body = document.getElementById("panel-body");
  document.getElementById("panel-close").addEventListener("click", function () {
    panel.hidden = true;
    network.unselectAll();
  });
  function clearPanel() { while (body.firstChild) { body.removeChild(body.firstChild); } }
  function row(dl, term, value) {
    dl.appendChild(el("dt", term));
    var dd = el("dd");
    if (value instanceof Node) { dd.appendChild(value); } else { dd.textContent = value; }
    dl.appendChild(dd);
  }
  function safeUrl(u) { return /^https?:\/\//i.test(u || "") ? u : null; }

  function showNode(id) {
    var m = meta.nodes[id];
    clearPanel();
    body.appendChild(el("h2", m.label));
    var dl = el("dl");
    row(dl, "Type", m.typeLabel);
    row(dl, "Aliases", m.aliases.length ? m.aliases.join(" · ") : "–");
    row(dl, "Connections", String(m.degree));
    row(dl, "IRI", m.iri);
    body.appendChild(dl);
    if (incident[id].length) {
      body.appendChild(el("h3", "Relations"));
      var MAX_LISTED = 200;
      incident[id].slice(0, MAX_LISTED).forEach(function (eid) {
        var e = KG.vis.edges[eid], em = meta.edges[eid];
        var text = meta.nodes[e.from].label + " — " + (em.label || em.predicate || "related to") +
          (em.inferred ? " (inferred)" : "") + " → " + meta.nodes[e.to].label;
        var b = el("button", text, "edge-link");
        b.type = "button";
        b.addEventListener("click", function () { network.selectEdges([eid]); showEdge(eid); });
        body.appendChild(b);
      });
      if (incident[id].length > MAX_LISTED) {
        body.appendChild(el("p", "… and " + (incident[id].length - MAX_LISTED) + " more", "count"));
      }
    }
    panel.hidden = false;
  }

  function factBox(f) {
    var box = el("div", null, "fact");
    if (f.text) { box.appendChild(el("div", f.text, "premise")); }
    var head = el("div", null, "meta");
    head.appendChild(el("span", f.modality, "badge " + f.modality));
    head.appendChild(el("span", "confidence " + fmt(f.confidence)));
    if (f.inferred) { head.appendChild(el("span", "inferred", "badge inferred")); }
    box.appendChild(head);
    if (f.evidence) { box.appendChild(el("blockquote", f.evidence)); }
    if (f.article) {
      var src = el("div", null, "source");
      src.appendChild(el("strong", f.title || "(untitled article)"));
      if (f.publisher) { src.appendChild(document.createTextNode(" — " + f.publisher)); }
      if (f.issued) { src.appendChild(document.createTextNode(", " + f.issued)); }
      var url = safeUrl(f.url);
      if (url) {
        src.appendChild(el("br"));
        var a = el("a", url);
        a.href = url;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        src.appendChild(a);
      } else if (f.url) {
        src.appendChild(el("br"));
        src.appendChild(el("code", f.url));
      }
      if (f.path) {
        src.appendChild(el("br"));
        src.appendChild(el("code", f.path + (typeof f.start === "number" ? " (chars " + f.start + "–" + f.end + ")" : "")));
      }
      box.appendChild(src);
    }
    if (f.premises && f.premises.length) {
      box.appendChild(el("div", "Inferred from:", "source"));
      f.premises.forEach(function (p) { box.appendChild(factBox(p)); });
    }
    return box;
  }

  function showEdge(id) {
    var e = KG.vis.edges[id], m = meta.edges[id];
    clearPanel();
    body.appendChild(el("h2", meta.nodes[e.from].label + " — " + (m.label || m.predicate || "related to") +
      " → " + meta.nodes[e.to].label));
    var dl = el("dl");
    row(dl, "Relation", m.predicate || m.label || "–");
    row(dl, "Modality", m.modality);
    row(dl, "Confidence", fmt(m.confidence));
    if (m.inferred) { row(dl, "Inferred", "yes, by an ontology rule"); }
    body.appendChild(dl);
    if (m.facts.length) { body.appendChild(el("h3", m.facts.length === 1 ? "Evidence" : m.facts.length + " facts")); }
    m.facts.forEach(function (f) { body.appendChild(factBox(f)); });
    panel.hidden = false;
  }
  window.kgShowEdge = showEdge;
  window.kgShowNode = showNode;

  network.on("click", function (params) {
    if (params.nodes.length) { showNode(params.nodes[0]); }
    else if (params.edges.length) { showEdge(params.edges[0]); }
    else { panel.hidden = true; }
  });

  /* ---- first draw ---------------------------------------------------------------------- */
  network.once("afterDrawing", function () {
    window.kgReady = true;
    window.kgReadyAt = performance.now();  // ms since navigation start, for benchmarks
    document.body.setAttribute("data-ready", "1");
  });
  network.fit({ animation: false });
  if (typeof meta.focus === "number") { focusNode(meta.focus); }
  applyFilters();
})();
