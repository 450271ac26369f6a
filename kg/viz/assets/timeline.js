/* kg graph page: a fact's life across articles (kg.rdf.timeline, read from the facts graph).
   An edge that is a fact carries `status`, `since`, `contradicted` and `timeline`, its
   statements in order, each with the fact's status once it counts (`statusAfter`): the status
   as of a day is that of the last statement dated up to it, so the page never re-derives the
   rules. Text from the data reaches the DOM through textContent only. */
(function () {
  "use strict";
  var el = KGPanel.el;
  var SOURCES = { eventDate: "event date", issued: "published" };

  /* Where the fact stood at the end of `day` (ISO): null when it has dated statements but
     none by then; a fact with no dated statement is timeless and keeps its status. */
  function statusAsOf(m, day) {
    var status = null, dated = false;
    m.timeline.forEach(function (e) {
      if (!e.date) { return; }
      dated = true;
      if (e.date <= day) { status = e.statusAfter; }
    });
    return dated ? status : m.status;
  }

  function statusText(m) {
    return m.status + (m.since ? " since " + m.since : "");
  }

  /* The timeline as a list in order: date (as the source gave it, and from where), modality,
     the status after it, what it contradicts, then the statement's evidence and article
     (`factBox`). With `asOf`, what came later (or undated) is greyed. */
  function render(m, factBox, asOf) {
    var box = el("section", null, "timeline");
    if (m.contradicted) {
      box.appendChild(el("p", "Contradicted: on one date one article denies what another " +
        "reports.", "contradiction"));
    }
    box.appendChild(el("h3", "Timeline (" + m.timeline.length + ")"));
    var byKey = {}, titles = {};
    m.facts.forEach(function (f) { byKey[f.statement] = f; });
    m.timeline.forEach(function (e) {
      var f = byKey[e.statement];
      titles[e.statement] = (f ? f.title : e.title) || "(untitled article)";
    });
    var list = el("ol", null, "timeline-list");
    m.timeline.forEach(function (e, k) {
      var item = el("li", null, "tl-entry");
      item.setAttribute("data-entry", String(k));
      if (asOf && !(e.date && e.date <= asOf)) { item.classList.add("later"); }
      var head = el("div", null, "tl-head");
      head.appendChild(el("span", e.date || "undated", "tl-date"));
      if (e.stated && e.stated !== e.date) { head.appendChild(el("span", "“" + e.stated + "”", "count")); }
      if (SOURCES[e.source]) { head.appendChild(el("span", SOURCES[e.source], "count")); }
      var f = byKey[e.statement], modality = f ? f.modality : e.modality;
      head.appendChild(el("span", modality, "badge " + modality));
      if (e.statusAfter) { head.appendChild(el("span", "→ " + e.statusAfter, "tl-after")); }
      item.appendChild(head);
      if (e.conflicts) {
        item.appendChild(el("div", "contradicts " + e.conflicts.map(function (c) {
          return "“" + (titles[c] || c) + "”";
        }).join(", "), "tl-conflict"));
      }
      item.appendChild(f ? factBox(f, true, true) : el("div", titles[e.statement], "source"));
      list.appendChild(item);
    });
    box.appendChild(list);
    return box;
  }

  window.KGTimeline = { statusAsOf: statusAsOf, statusText: statusText, render: render };
})();
