/* kg graph page: the filters (relation, unconnected nodes, date, status as of a date,
   confidence, modality, inferred facts and restatements) and what passes them. Scripts before
   this one: panel.js (its DOM helpers), timeline.js (a fact's status as of a day). Labels come
   from the data and reach the DOM as text only. */
(function () {
  "use strict";
  var el = KGPanel.el, mini = KGPanel.mini;

  /* deps: {meta, lonely (how many nodes have no edge), apply() (re-filter the page)} */
  function create(deps) {
    var meta = deps.meta;
    function applyFilters() { deps.apply(); }

    // Restatements (inverse, symmetric twin, super-property of a drawn fact) start hidden: they
    // double every arrow without adding a fact.
    var state = { relations: {}, modalities: {}, minConfidence: 0, inferred: true,
                  restatements: false, isolated: !meta.park, dateFrom: "", dateTo: "",
                  onlyDated: false, asOf: "" };
    var lonely = deps.lonely;

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
    // "only" keeps one relation, "all" brings every relation back: no long run of unticking.
    function onlyRelation(key) {
      Object.keys(state.relations).forEach(function (k) {
        state.relations[k] = (key === null || k === key);
        relInputs[k].checked = state.relations[k];
      });
      if (key !== null && !state.restatements &&
          !meta.edges.some(function (_, i) { return edgeVisible(i); })) {
        // A relation the rules only restate ("supplies to" for every "buys from"): show them.
        state.restatements = true;
        syncBox("data-restatements", true);
      }
      applyFilters();
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
      if (meta.statuses) { dateBox.appendChild(asOfInput()); }
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
    // A fact's edge drawn as the fact stood at the end of a day: its status after the last
    // statement dated up to then; a fact nobody had reported by then is not drawn.
    function asOfInput() {
      var lab = el("label", "status as of ", "as-of");
      var input = document.createElement("input");
      input.type = "date";
      input.min = meta.dates.min;
      input.max = meta.dates.max;
      input.setAttribute("data-as-of", "1");
      input.addEventListener("input", function () { state.asOf = input.value || ""; applyFilters(); });
      lab.appendChild(input);
      dateInputs.asOf = input;
      return lab;
    }
    function clearDates() {
      state.dateFrom = state.dateTo = state.asOf = "";
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
       Undated facts pass unless the reader asks for dated facts only. ISO dates compare as text.
       "Status as of" a day also drops what was dated after it; a fact's edge goes by its
       timeline instead (`ofFact`). */
    function datePasses(f, ofFact) {
      if (!f.dateFrom) { return !state.onlyDated; }
      return (!state.dateFrom || f.dateTo >= state.dateFrom) &&
        (!state.dateTo || f.dateFrom <= state.dateTo) &&
        (ofFact || !state.asOf || f.dateFrom <= state.asOf);
    }
    function factPasses(f, ofFact) {
      var conf = (typeof f.confidence === "number") ? f.confidence : 1;
      return state.modalities[f.modality] !== false && conf >= state.minConfidence - 1e-9 &&
        (state.inferred || !f.inferred) && (state.restatements || !f.restates) &&
        datePasses(f, ofFact === true);
    }
    function ofFact(f) { return factPasses(f, true); }
    function edgeVisible(i) {
      var m = meta.edges[i];
      if (m.relation && state.relations[m.relation] === false) { return false; }
      if (!m.facts.length) {
        return factPasses({ modality: m.modality, confidence: m.confidence, inferred: m.inferred });
      }
      if (m.status) { return m.facts.some(ofFact) && shownStatus(i) !== null; }
      return m.facts.some(factPasses);
    }
    // What a fact's edge shows: its status now, or as of the chosen day (null: not yet
    // reported); null for an edge that is no fact's.
    function shownStatus(i) {
      var m = meta.edges[i];
      if (!m.status) { return null; }
      return state.asOf ? KGTimeline.statusAsOf(m, state.asOf) : m.status;
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

    return { state: state, factPasses: factPasses, edgeVisible: edgeVisible,
             shownStatus: shownStatus, reset: resetFilters, syncBox: syncBox };
  }

  window.KGFilters = { create: create };
})();
