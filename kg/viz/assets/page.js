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
    row.appendChild(el("span", c.label + " (" + c.count + ")"));
    row.title = c.label + " (" + c.count + ")";
    if ((c.label + " (" + c.count + ")").length > 14) { row.classList.add("wide"); }
    legend.appendChild(row);
  });
  var lines = [["", "asserted"], ["dashed", "planned / talks"], ["dotted", "hedged"],
               ["inferred", "inferred"]];
  if (meta.modalities.indexOf("Negated") >= 0) { lines.push(["negated", "negated"]); }
  lines.forEach(function (s) {
    var row = el("div", null, "legend-row");
    row.appendChild(el("span", null, "line " + s[0]));
    row.appendChild(el("span", s[1]));
    legend.appendChild(row);
  });

  /* ---- filters ------------------------------------------------------------------------- */
  // Restatements (inverse, symmetric twin, super-property of a drawn fact) start hidden: they
  // double every arrow without adding a fact.
  var state = { relations: {}, modalities: {}, minConfidence: 0, inferred: true,
                restatements: false, isolated: !meta.park, dateFrom: "", dateTo: "",
                onlyDated: false };
  var lonely = meta.nodes.filter(function (m, i) { return !incident[i].length; }).length;

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
  var relInputs = {};
  function mini(text, onClick) {
    var b = el("button", text, "mini");
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }
  // "only" keeps one relation, "all" brings every relation back: no long run of unticking.
  function onlyRelation(key) {
    Object.keys(state.relations).forEach(function (k) {
      state.relations[k] = (key === null || k === key);
      relInputs[k].checked = state.relations[k];
    });
    applyFilters(true);
    if (key !== null && !state.restatements && !edgeShown.some(Boolean)) {
      // A relation the rules only restate ("supplies to" for every "buys from"): show them.
      state.restatements = true;
      syncBox("data-restatements", true);
      applyFilters(true);
    }
    fitShown();
  }
  if (meta.relations.length > 1) {
    var allRow = el("div", null, "rel-all");
    allRow.appendChild(mini("all relations", function () { onlyRelation(null); }))
      .setAttribute("data-relation-all", "1");
    relBox.appendChild(allRow);
  }
  meta.relations.forEach(function (r) {
    state.relations[r.key] = true;
    var line = el("div", null, "rel-row");
    relBox.appendChild(line);
    relInputs[r.key] = checkbox(line, r.label, r.count, function (on) { state.relations[r.key] = on; });
    relInputs[r.key].setAttribute("data-relation", r.key);
    if (meta.relations.length > 1) {
      var only = mini("only", function () { onlyRelation(r.key); });
      only.setAttribute("data-only", r.key);
      only.title = "show only “" + r.label + "”";
      line.appendChild(only);
    }
  });
  if (!meta.relations.length) { relBox.hidden = true; }
  var viewBox = document.getElementById("view-filter");
  if (meta.park && lonely) {
    checkbox(viewBox, "unconnected nodes", lonely, function (on) { state.isolated = on; }, false)
      .setAttribute("data-isolated", "1");
  } else { viewBox.hidden = true; }
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
  var dateBox = document.getElementById("date-filter");
  var dateInputs = {};
  if (meta.dates) {
    var range = el("div", null, "date-range");
    [["dateFrom", "from"], ["dateTo", "to"]].forEach(function (d) {
      var lab = el("label", d[1] + " ");
      var input = document.createElement("input");
      input.type = "date";
      input.min = meta.dates.min;
      input.max = meta.dates.max;
      input.setAttribute("data-date", d[1]);
      // "input" fires only for a complete date (or a cleared field): never a half-typed one.
      input.addEventListener("input", function () { state[d[0]] = input.value || ""; applyFilters(); });
      lab.appendChild(input);
      range.appendChild(lab);
      dateInputs[d[0]] = input;
    });
    dateBox.appendChild(range);
    dateBox.appendChild(el("p", "facts dated " + meta.dates.min + " – " + meta.dates.max +
      " (event date, else published)", "count"));
    var undated = meta.edges.filter(function (e) {
      return !e.facts.some(function (f) { return f.dateFrom; });
    }).length;
    checkbox(dateBox, "only dated facts", null, function (on) { state.onlyDated = on; }, false)
      .setAttribute("data-only-dated", "1");
    if (undated) { dateBox.lastChild.appendChild(el("span", "(" + undated + " undated)", "count")); }
    dateBox.appendChild(mini("any date", function () { clearDates(); applyFilters(); }))
      .setAttribute("data-date-clear", "1");
  } else { dateBox.hidden = true; }
  function clearDates() {
    state.dateFrom = state.dateTo = "";
    state.onlyDated = false;
    Object.keys(dateInputs).forEach(function (k) { dateInputs[k].value = ""; });
    syncBox("data-only-dated", false);
  }
  var slider = document.getElementById("min-confidence");
  var sliderOut = document.getElementById("min-confidence-value");
  slider.addEventListener("input", function () {
    state.minConfidence = parseFloat(slider.value) || 0;
    sliderOut.textContent = state.minConfidence.toFixed(2);
    applyFilters();
  });

  /* A fact is dated by its event date, else its article's publication date, as the span of
     days that date covers ("2023" is the whole year): it passes when the span meets the range.
     Undated facts pass unless the reader asks for dated facts only. ISO dates compare as text. */
  function datePasses(f) {
    if (!f.dateFrom) { return !state.onlyDated; }
    return (!state.dateFrom || f.dateTo >= state.dateFrom) &&
      (!state.dateTo || f.dateFrom <= state.dateTo);
  }
  function factPasses(f) {
    var conf = (typeof f.confidence === "number") ? f.confidence : 1;
    return state.modalities[f.modality] !== false && conf >= state.minConfidence - 1e-9 &&
      (state.inferred || !f.inferred) && (state.restatements || !f.restates) && datePasses(f);
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
  var nodeShown = KG.vis.nodes.map(function (n) { return !n.hidden; });

  function applyFilters(keepView) {
    var eChanges = [], nChanges = [];
    meta.edges.forEach(function (_, i) {
      var v = edgeVisible(i);
      if (v !== edgeShown[i]) { edgeShown[i] = v; eChanges.push({ id: i, hidden: !v }); }
    });
    meta.nodes.forEach(function (_, i) {
      // Unconnected nodes show on request; others go when every edge they had is filtered out.
      var v = incident[i].length ? incident[i].some(function (e) { return edgeShown[e]; })
        : state.isolated;
      if (v !== nodeShown[i]) { nodeShown[i] = v; nChanges.push({ id: i, hidden: !v }); }
    });
    if (eChanges.length) { edges.update(eChanges); }
    if (nChanges.length) { nodes.update(nChanges); }
    if (highlighted !== null) { highlight(nodeShown[highlighted] ? highlighted : null); }
    var shown = window.kgVisible();
    document.getElementById("stats").textContent = shown.nodes + " of " + meta.nodes.length +
      " nodes · " + shown.edges + " of " + meta.edges.length + " edges shown";
    if (!keepView) { fitShown(); }
  }
  window.kgVisible = function () {
    return {
      nodes: nodeShown.filter(Boolean).length,
      edges: edgeShown.filter(Boolean).length
    };
  };

  /* ---- view: fit, readable labels, highlight ------------------------------------------- */
  // vis-network draws labels at font size × zoom, so a fitted view of a hundred nodes shrinks
  // every label below reading size. The best-connected nodes and (on graphs small enough to
  // read them) the relation labels get a font size that renders at HUB_PX / EDGE_PX screen
  // pixels whatever the zoom; the rest keep their size and fade in as the reader zooms.
  var HUB_PX = 13, EDGE_PX = 10, NODE_FONT = 14, EDGE_FONT = 11, EDGE_LABELS_MAX = 600;
  var NODE_FONT_COLOR = KG.vis.options.nodes.font.color;
  var DIM_NODE = { background: "#eef0f3", border: "#d9dde3",
                   highlight: { background: "#eef0f3", border: "#1d2733" } };
  var DIM_EDGE = { color: "#e6e9ed", highlight: "#1f4e99", hover: "#1f4e99" };
  var hubs = [];
  meta.nodes.forEach(function (m, i) { if (m.hub) { hubs.push(i); } });
  var hubSize = NODE_FONT, edgeSize = EDGE_FONT, highlighted = null, near = null;

  function nodeFont(i) {
    var dim = near !== null && !near.nodes[i];
    return { size: (meta.nodes[i].hub && !dim) ? hubSize : NODE_FONT,
             color: dim ? "#b8bfc9" : NODE_FONT_COLOR };
  }
  function adjustFonts() {
    var scale = network.getScale() || 1;
    var hub = Math.max(NODE_FONT, Math.ceil(HUB_PX / scale));
    var shownEdges = edgeShown.filter(Boolean).length;
    var edge = shownEdges <= EDGE_LABELS_MAX ? Math.max(EDGE_FONT, Math.ceil(EDGE_PX / scale))
      : EDGE_FONT;
    if (hub !== hubSize) {
      hubSize = hub;
      nodes.update(hubs.map(function (i) { return { id: i, font: nodeFont(i) }; }));
    }
    if (edge !== edgeSize) {
      edgeSize = edge;
      network.setOptions({ edges: { font: { size: edge } } });
    }
  }
  var fontsPending = false;
  network.on("zoom", function () {
    if (fontsPending) { return; }
    fontsPending = true;
    window.requestAnimationFrame(function () { fontsPending = false; adjustFonts(); });
  });
  function shownIds() {
    var ids = [];
    nodeShown.forEach(function (v, i) { if (v) { ids.push(i); } });
    return ids;
  }
  // Fit what is shown (parked and filtered-out nodes do not count); the labels' new sizes
  // change the drawn extent, so fit once more with them.
  function fitShown() {
    var ids = shownIds();
    if (!ids.length) { return; }
    for (var k = 0; k < 3; k++) {
      network.fit({ nodes: ids, animation: false });
      adjustFonts();
    }
  }
  window.kgFit = fitShown;

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
      return { id: i, color: dim ? DIM_NODE : n.color, font: nodeFont(i) };
    }));
    edges.update(KG.vis.edges.map(function (e, i) {
      var dim = near !== null && !near.edges[i];
      return { id: i, color: dim ? DIM_EDGE : e.color,
               font: { color: dim ? "rgba(0,0,0,0)" : KG.vis.options.edges.font.color,
                       strokeWidth: dim ? 0 : KG.vis.options.edges.font.strokeWidth } };
    }));
  }
  window.kgHighlighted = function () {
    return near === null ? null : Object.keys(near.nodes).map(Number);
  };
  function centre(id, minScale) {
    network.focus(id, { scale: Math.max(network.getScale(), minScale || 0), animation: false });
    adjustFonts();  // programmatic moves fire no "zoom" event
  }

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
    network.selectNodes([id]);
    highlight(id);
    centre(id, 1.0);
    showNode(id);
  }
  function syncBox(attr, on) {
    var box = document.querySelector("input[" + attr + "]");
    if (box) { box.checked = on; }
  }
  function resetFilters() {
    Object.keys(state.relations).forEach(function (k) {
      state.relations[k] = true;
      relInputs[k].checked = true;
    });
    Object.keys(state.modalities).forEach(function (m) { state.modalities[m] = true; });
    document.querySelectorAll("input[data-modality]").forEach(function (b) { b.checked = true; });
    state.minConfidence = 0;
    slider.value = "0";
    sliderOut.textContent = "0.00";
    state.inferred = true;
    syncBox("data-inferred", true);
    clearDates();
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
    highlight(null);
  });
  function clearPanel() { while (body.firstChild) { body.removeChild(body.firstChild); } }
  function row(dl, term, value) {
    dl.appendChild(el("dt", term));
    var dd = el("dd");
    if (value instanceof Node) { dd.appendChild(value); } else { dd.textContent = value; }
    dl.appendChild(dd);
  }
  function safeUrl(u) { return /^https?:\/\//i.test(u || "") ? u : null; }

  // The IRI in a read-only field: one click selects it all, the button copies it.
  function iriLine(iri) {
    var line = el("div", null, "iri-line");
    var input = document.createElement("input");
    input.readOnly = true;
    input.value = iri;
    input.setAttribute("aria-label", "IRI");
    input.className = "iri";
    input.addEventListener("focus", function () { input.select(); });
    line.appendChild(input);
    line.appendChild(mini("copy", function () {
      input.focus();
      input.select();
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(iri).catch(function () { document.execCommand("copy"); });
      } else { document.execCommand("copy"); }
    }));
    return line;
  }
  function relText(eid) {
    var em = meta.edges[eid];
    return (em.label || em.predicate || "related to") + (em.inferred ? " (inferred)" : "");
  }

  function showNode(id) {
    var m = meta.nodes[id];
    clearPanel();
    body.appendChild(el("h2", m.label));
    var dl = el("dl");
    row(dl, "Type", m.typeLabel);
    row(dl, "Aliases", m.aliases.length ? m.aliases.join(" · ") : "–");
    var shown = incident[id].filter(function (eid) { return edgeShown[eid]; });
    row(dl, "Connections", shown.length === incident[id].length ? String(incident[id].length)
      : shown.length + " shown of " + incident[id].length);
    body.appendChild(dl);
    body.appendChild(iriLine(m.iri));
    if (shown.length) {
      // The facts behind every edge the graph shows, each with the other end to focus on;
      // what the filters hide (restatements included) is counted, not listed.
      body.appendChild(el("h3", "Facts"));
      var MAX_LISTED = 200;
      shown.slice(0, MAX_LISTED).forEach(function (eid) {
        var e = KG.vis.edges[eid];
        var other = e.from === id ? e.to : e.from;
        var head = el("div", null, "fact-head");
        head.appendChild(el("span", meta.nodes[e.from].label + " — " + relText(eid) + " → " +
          meta.nodes[e.to].label));
        var go = mini("focus " + meta.nodes[other].label, function () { focusNode(other); });
        go.className = "mini focus-link";
        head.appendChild(go);
        var ev = mini("evidence", function () { network.selectEdges([eid]); showEdge(eid); });
        ev.className = "mini evidence-link";
        head.appendChild(ev);
        body.appendChild(head);
        var facts = meta.edges[eid].facts.filter(factPasses);
        facts.forEach(function (f) { body.appendChild(factBox(f, true)); });
      });
      if (shown.length > MAX_LISTED) {
        body.appendChild(el("p", "… and " + (shown.length - MAX_LISTED) + " more", "count"));
      }
    }
    if (shown.length < incident[id].length) {
      body.appendChild(el("p", (incident[id].length - shown.length) +
        " more relation(s) hidden by the filters.", "count"));
    }
    panel.hidden = false;
  }

  var QUAL_NAMES = { amount: "amount", stakePercent: "stake", capacity: "capacity",
                     duration: "duration", eventDate: "event date", expectedBy: "expected by" };
  function factBox(f, brief) {
    var box = el("div", null, "fact");
    if (f.text) { box.appendChild(el("div", f.text, "premise")); }
    var head = el("div", null, "meta");
    head.appendChild(el("span", f.modality, "badge " + f.modality));
    head.appendChild(el("span", "confidence " + fmt(f.confidence)));
    if (f.inferred) { head.appendChild(el("span", "inferred", "badge inferred")); }
    box.appendChild(head);
    if (f.quals && f.quals.length) {
      // How much, what stake, what capacity, how long, when: "$2.3 billion", "by 2026".
      var quals = el("div", null, "quals");
      f.quals.forEach(function (q) {
        var chip = el("span", q[1], "qual " + q[0]);
        chip.title = QUAL_NAMES[q[0]] || q[0];
        chip.setAttribute("data-qual", q[0]);
        quals.appendChild(chip);
      });
      box.appendChild(quals);
    }
    if (f.evidence) { box.appendChild(el("blockquote", f.evidence)); }
    if (f.article) {
      var src = el("div", null, "source");
      src.appendChild(el("strong", f.title || "(untitled article)"));
      if (f.publisher) { src.appendChild(document.createTextNode(" — " + f.publisher)); }
      if (f.published) {
        src.appendChild(document.createTextNode(f.publisher ? ", " : " — "));
        src.appendChild(el("span", "published " + f.published, "published"));
      }
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
      if (f.path && !brief) {
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
    row(dl, "Relation", m.label || m.predicate || "–");
    row(dl, "Modality", m.modality);
    row(dl, "Confidence", fmt(m.confidence));
    if (m.inferred) { row(dl, "Inferred", "yes, by an ontology rule"); }
    body.appendChild(dl);
    if (m.predicate) { body.appendChild(iriLine(m.predicate)); }
    [e.from, e.to].forEach(function (n) {
      body.appendChild(mini("focus " + meta.nodes[n].label, function () { focusNode(n); }));
      body.appendChild(document.createTextNode(" "));
    });
    var facts = m.facts.filter(factPasses);
    if (facts.length) { body.appendChild(el("h3", facts.length === 1 ? "Evidence" : facts.length + " facts")); }
    facts.forEach(function (f) { body.appendChild(factBox(f)); });
    if (facts.length < m.facts.length) {
      body.appendChild(el("p", (m.facts.length - facts.length) +
        " more fact(s) hidden by the filters.", "count"));
    }
    panel.hidden = false;
  }
  window.kgShowEdge = showEdge;
  window.kgShowNode = showNode;

  network.on("click", function (params) {
    if (params.nodes.length) {
      highlight(params.nodes[0]);
      centre(params.nodes[0]);
      showNode(params.nodes[0]);
    } else if (params.edges.length) {
      highlight(null);
      showEdge(params.edges[0]);
    } else {
      highlight(null);
      panel.hidden = true;
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
