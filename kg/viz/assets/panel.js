/* kg graph page: the side panel, a node's facts and an edge's evidence. All text from the
   data (names, sentences, titles) comes from untrusted articles: it only ever reaches the DOM
   through textContent and attribute setters, never as markup; only http(s) URLs become links. */
(function () {
  "use strict";

  function el(tag, text, cls) {
    var x = document.createElement(tag);
    if (text !== undefined && text !== null) { x.textContent = String(text); }
    if (cls) { x.className = cls; }
    return x;
  }
  function mini(text, onClick) {
    var b = el("button", text, "mini");
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }
  function fmt(x) { return (typeof x === "number") ? x.toFixed(2) : "–"; }

  /* deps: {meta, ends (vis edges: from, to), incident (edge ids per node), edgeShown (read
     live), factPasses(fact), focusNode(id), selectEdge(id), asOf() (the "status as of" day or
     "")}. An edge that is a fact shows its status and timeline (timeline.js). */
  function create(deps) {
    var meta = deps.meta, ends = deps.ends;
    var panel = document.getElementById("panel");
    var body = document.getElementById("panel-body");

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

    var current = null;  // what the panel shows: [showNode or showEdge, id]
    function showNode(id) {
      current = [showNode, id];
      var m = meta.nodes[id];
      clearPanel();
      body.appendChild(el("h2", m.label));
      var dl = el("dl");
      row(dl, "Type", m.typeLabel);
      row(dl, "Aliases", m.aliases.length ? m.aliases.join(" · ") : "–");
      var shown = deps.incident[id].filter(function (eid) { return deps.edgeShown[eid]; });
      row(dl, "Connections", shown.length === deps.incident[id].length ? String(deps.incident[id].length)
        : shown.length + " shown of " + deps.incident[id].length);
      body.appendChild(dl);
      body.appendChild(iriLine(m.iri));
      if (shown.length) {
        // The facts behind every edge the graph shows, each with the other end to focus on;
        // what the filters hide (restatements included) is counted, not listed.
        body.appendChild(el("h3", "Facts"));
        var MAX_LISTED = 200;
        shown.slice(0, MAX_LISTED).forEach(function (eid) {
          var e = ends[eid];
          var other = e.from === id ? e.to : e.from;
          var head = el("div", null, "fact-head");
          head.appendChild(el("span", meta.nodes[e.from].label + " — " + relText(eid) + " → " +
            meta.nodes[e.to].label));
          if (meta.edges[eid].status) {
            head.appendChild(el("span", KGTimeline.statusText(meta.edges[eid]), "badge status"));
          }
          var go = mini("focus " + meta.nodes[other].label, function () { deps.focusNode(other); });
          go.className = "mini focus-link";
          head.appendChild(go);
          var ev = mini("evidence", function () { deps.selectEdge(eid); showEdge(eid); });
          ev.className = "mini evidence-link";
          head.appendChild(ev);
          body.appendChild(head);
          var facts = meta.edges[eid].facts.filter(deps.factPasses);
          facts.forEach(function (f) { body.appendChild(factBox(f, true)); });
        });
        if (shown.length > MAX_LISTED) {
          body.appendChild(el("p", "… and " + (shown.length - MAX_LISTED) + " more", "count"));
        }
      }
      if (shown.length < deps.incident[id].length) {
        body.appendChild(el("p", (deps.incident[id].length - shown.length) +
          " more relation(s) hidden by the filters.", "count"));
      }
      panel.hidden = false;
    }

    var QUAL_NAMES = { amount: "amount", stakePercent: "stake", capacity: "capacity",
                       duration: "duration", eventDate: "event date", expectedBy: "expected by" };
    // `timed`: inside a fact's timeline, whose entry already shows the modality.
    function factBox(f, brief, timed) {
      var box = el("div", null, "fact");
      if (f.text) { box.appendChild(el("div", f.text, "premise")); }
      var head = el("div", null, "meta");
      if (!timed) { head.appendChild(el("span", f.modality, "badge " + f.modality)); }
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
      current = [showEdge, id];
      var e = ends[id], m = meta.edges[id];
      clearPanel();
      body.appendChild(el("h2", meta.nodes[e.from].label + " — " + (m.label || m.predicate || "related to") +
        " → " + meta.nodes[e.to].label));
      var dl = el("dl");
      row(dl, "Relation", m.label || m.predicate || "–");
      var asOf = m.status ? deps.asOf() : "";
      if (m.status) { row(dl, "Status", KGTimeline.statusText(m)); } else { row(dl, "Modality", m.modality); }
      if (asOf) { row(dl, "As of " + asOf, KGTimeline.statusAsOf(m, asOf) || "not reported yet"); }
      row(dl, "Confidence", fmt(m.confidence));
      if (m.inferred) { row(dl, "Inferred", "yes, by an ontology rule"); }
      body.appendChild(dl);
      if (m.predicate) { body.appendChild(iriLine(m.predicate)); }
      [e.from, e.to].forEach(function (n) {
        body.appendChild(mini("focus " + meta.nodes[n].label, function () { deps.focusNode(n); }));
        body.appendChild(document.createTextNode(" "));
      });
      // A fact's statements are its timeline, whatever the filters; what else the edge
      // carries (statements inferred from it) is listed after it.
      var timed = {};
      if (m.status) {
        body.appendChild(KGTimeline.render(m, factBox, asOf));
        m.timeline.forEach(function (t) { timed[t.statement] = true; });
      }
      // (Its inverse or symmetric restatements by the rules are the fact itself: not listed.)
      var rest = m.facts.filter(function (f) { return !timed[f.statement] && !(m.status && f.restates); });
      var facts = rest.filter(deps.factPasses);
      if (facts.length) {
        body.appendChild(el("h3", m.status ? "Also inferred" : facts.length === 1 ? "Evidence" : facts.length + " facts"));
      }
      facts.forEach(function (f) { body.appendChild(factBox(f)); });
      if (facts.length < rest.length) {
        body.appendChild(el("p", (rest.length - facts.length) +
          " more fact(s) hidden by the filters.", "count"));
      }
      panel.hidden = false;
    }

    // The filters changed: what the panel shows, again (the scroll position kept).
    function refresh() {
      if (panel.hidden || current === null) { return; }
      var top = panel.scrollTop;
      current[0](current[1]);
      panel.scrollTop = top;
    }
    return { showNode: showNode, showEdge: showEdge, relText: relText, refresh: refresh,
             hide: function () { panel.hidden = true; } };
  }

  window.KGPanel = { create: create, el: el, mini: mini };
})();
