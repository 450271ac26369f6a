// The query editor: POST the query to /sparql, show SELECT rows as a table, ASK as a word,
// CONSTRUCT/DESCRIBE as Turtle. Values come from the data (entity names from the news), so
// they are only ever inserted with textContent, never as HTML.
"use strict";
(function () {
  const form = document.getElementById("form");
  // The server's one prefix map (kg.mint.PREFIXES), the prefixes every query may use unbound.
  const PREFIXES = Object.entries(JSON.parse(form.dataset.prefixes));
  const editor = document.getElementById("query");
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  const examples = document.getElementById("examples");

  function shorten(iri) {
    for (const [prefix, ns] of PREFIXES) {
      if (iri.startsWith(ns)) return prefix + ":" + iri.slice(ns.length);
    }
    return iri;
  }

  function show(term) {
    if (!term) return "";
    switch (term.type) {
      case "uri": return shorten(term.value);
      case "bnode": return "_:" + term.value;
      case "triple":
        return "<< " + show(term.value.subject) + " " + show(term.value.predicate) + " " +
          show(term.value.object) + " >>";
      default:
        if (term["xml:lang"]) return term.value + " @" + term["xml:lang"];
        return term.value;
    }
  }

  function setStatus(text, isError) {
    status.textContent = text;
    status.className = isError ? "error" : "";
  }

  function table(data) {
    const vars = data.head.vars || [];
    const rows = data.results.bindings;
    const tbl = document.createElement("table");
    tbl.className = "results";
    const head = tbl.createTHead().insertRow();
    for (const v of vars) {
      const th = document.createElement("th");
      th.textContent = v;
      head.appendChild(th);
    }
    const body = tbl.createTBody();
    for (const row of rows) {
      const tr = body.insertRow();
      for (const v of vars) {
        const td = tr.insertCell();
        td.textContent = show(row[v]);
        if (row[v] && row[v].type === "uri") td.title = row[v].value;
      }
    }
    results.replaceChildren(tbl);
    return rows.length;
  }

  async function run() {
    setStatus("Running…", false);
    results.replaceChildren();
    const started = performance.now();
    let response;
    try {
      response = await fetch("/sparql", {
        method: "POST",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          "Accept": "application/sparql-results+json, text/turtle;q=0.9",
        },
        body: new URLSearchParams({ query: editor.value }),
      });
    } catch (err) {
      setStatus("Cannot reach the server: " + err, true);
      return;
    }
    const ms = Math.round(performance.now() - started);
    const text = await response.text();
    if (!response.ok) {
      setStatus("Error " + response.status + ": " + text.trim(), true);
      return;
    }
    const ctype = response.headers.get("Content-Type") || "";
    if (ctype.includes("json")) {
      const data = JSON.parse(text);
      if ("boolean" in data) {
        const p = document.createElement("p");
        p.className = "boolean";
        p.textContent = String(data.boolean);
        results.replaceChildren(p);
        setStatus("ASK answered in " + ms + " ms", false);
      } else {
        const n = table(data);
        setStatus(n + (n === 1 ? " row" : " rows") + " in " + ms + " ms", false);
      }
    } else {
      const pre = document.createElement("pre");
      pre.textContent = text;
      results.replaceChildren(pre);
      setStatus("Graph result in " + ms + " ms", false);
    }
  }

  form.addEventListener("submit", (event) => { event.preventDefault(); run(); });
  editor.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
      event.preventDefault();
      run();
    }
  });
  examples.addEventListener("change", () => {
    const option = examples.selectedOptions[0];
    if (option && option.dataset.query) editor.value = option.dataset.query;
  });
})();
