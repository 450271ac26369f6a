"""The human pages of the server: landing page and query editor (HTML built with escaping
everywhere; the editor's behaviour is assets/query.js, which inserts results as text)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape
from typing import Any
from urllib.parse import urlencode

from kg.paths import queries_dir
from kg.rdf.terms import PREFIXES, sparql_prologue


@dataclass(frozen=True)
class Example:
    name: str
    title: str
    description: str
    query: str


def examples() -> list[Example]:
    """The example queries shipped in ontology/queries/*.rq; leading `#` lines describe them."""
    folder = queries_dir()
    out = []
    for path in sorted(folder.glob("*.rq")) if folder.is_dir() else []:
        text = path.read_text(encoding="utf-8")
        comments = []
        for line in text.splitlines():
            stripped = line.strip()
            if not stripped.startswith("#"):
                break
            comments.append(stripped.lstrip("#").strip())
        comments = [c for c in comments if c]
        title = comments[0] if comments else path.stem.replace("_", " ")
        out.append(Example(path.stem, title, " ".join(comments[1:]), text))
    return out


def _page(title: str, body: str, *, script: str | None = None) -> str:
    tag = f'<script src="/assets/{script}" defer></script>' if script else ""
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{escape(title)}</title><link rel="stylesheet" href="/assets/style.css">'
        f'{tag}</head><body><nav><a href="/">kg</a> <a href="/query">Query</a> '
        f'<a href="/graph/">Graph</a> <a href="/ontology">Ontology</a> '
        f'<a href="/sparql">SPARQL endpoint</a></nav><main>{body}</main></body></html>'
    )


def _served(served: dict[str, Any]) -> str:
    """Which snapshot answers, whether the store was rebuilt meanwhile, and the isolation."""
    parts = []
    if not served.get("read_write"):
        text = (
            f"Answering from snapshot {served['generation']} of the store, taken {served['taken']}."
        )
        if served.get("switches"):
            text += (
                f" The store was rebuilt while the server ran; all queries switched to the "
                f"new snapshot at {served['switches'][-1]}."
            )
        parts.append(f'<p class="served">{escape(text)}</p>')
    if served.get("isolation"):
        net = f"Query workers have no network ({served['isolation']})."
    else:
        net = (
            f"Warning: query workers are not isolated from the network "
            f"({served.get('isolation_failed', '')}); SERVICE and LOAD are refused by the "
            "query parser alone."
        )
    parts.append(f'<p class="isolation">{escape(net)}</p>')
    return "".join(parts)


def landing(
    stats: dict[str, int] | str,
    items: list[Example],
    cfg: Any,
    served: dict[str, Any] | None = None,
) -> str:
    if isinstance(stats, str):
        stats_html = f'<p class="error">{escape(stats)}</p>'
    else:
        labels = {
            "quads": "Quads",
            "graphs": "Named graphs",
            "articles": "Articles",
            "entities": "Entities",
            "statements": "Statements (facts with evidence)",
        }
        rows = "".join(
            f"<tr><th>{escape(label)}</th><td>{stats.get(key, 0):,}</td></tr>"
            for key, label in labels.items()
        )
        stats_html = f'<table class="stats">{rows}</table>'
    ex_html = (
        "".join(
            f'<section class="example"><h3>{escape(e.title)}</h3>'
            f"{f'<p>{escape(e.description)}</p>' if e.description else ''}"
            f"<pre>{escape(e.query)}</pre><p>"
            f'<a href="/query?{escape(urlencode({"query": e.query}))}">Open in the editor</a> · '
            f'<a href="/sparql?{escape(urlencode({"query": e.query, "format": "json"}))}">'
            "JSON</a> · "
            f'<a href="/sparql?{escape(urlencode({"query": e.query, "format": "csv"}))}">CSV</a>'
            f"</p></section>"
            for e in items
        )
        or "<p>No example queries (ontology/queries/*.rq).</p>"
    )
    mode = (
        "SPARQL Update is enabled for requests bearing the update token; LOAD and SERVICE "
        "are refused."
        if cfg.update_token
        else "Read-only: SPARQL Update, LOAD and SERVICE are refused."
    )
    body = (
        "<h1>kg knowledge graph</h1>"
        "<p>Companies, the deals between them, and the sentences that say so, extracted from "
        "business news. Every fact links to its evidence sentence and article.</p>"
        f"<h2>Graph</h2>{stats_html}{_served(served) if served else ''}"
        "<h2>Endpoints</h2><ul>"
        "<li><code>/sparql</code> — SPARQL 1.1 Protocol (GET <code>query=</code>, POST form or "
        "<code>application/sparql-query</code>); results as JSON, XML, CSV, TSV; graphs as "
        "Turtle, N-Triples, JSON-LD, RDF/XML. Without <code>default-graph-uri</code> the default "
        "graph is the union of all graphs.</li>"
        '<li><a href="/query">/query</a> — query editor</li>'
        '<li><a href="/graph/">/graph</a> — interactive graph</li>'
        '<li><a href="/ontology">/ontology</a> — the ontology (Turtle)</li></ul>'
        f"<p>{escape(mode)} Each query may run {cfg.query_timeout:g} s and return "
        f"{cfg.max_results:,} results or {cfg.max_result_bytes:,} bytes; a request may be "
        f"{cfg.max_query_bytes:,} bytes.</p>"
        '<pre>curl -H "Accept: text/csv" --data-urlencode "query=SELECT * WHERE { ?s ?p ?o } '
        'LIMIT 5" http://HOST/sparql</pre>'
        f"<h2>Example queries</h2>{ex_html}"
    )
    return _page("kg knowledge graph", body)


DEFAULT_QUERY = (
    sparql_prologue("kgo", "rdfs")
    + """SELECT ?buyer ?supplier WHERE {
  ?b kgo:buysFrom ?s .
  ?b rdfs:label ?buyer . ?s rdfs:label ?supplier .
} LIMIT 100
"""
)


def query_editor(query: str, items: list[Example]) -> str:
    options = "".join(
        f'<option value="{escape(e.name)}" data-query="{escape(e.query)}">'
        f"{escape(e.title)}</option>"
        for e in items
    )
    body = (
        "<h1>Query</h1>"
        f'<form id="form" data-prefixes="{escape(json.dumps(PREFIXES))}">'
        '<label for="examples">Examples</label> '
        f'<select id="examples"><option value="">—</option>{options}</select>'
        f'<textarea id="query" name="query" rows="14" spellcheck="false">'
        f"{escape(query or DEFAULT_QUERY)}</textarea>"
        '<p><button id="run" type="submit">Run</button> '
        '<span class="hint">Ctrl+Enter runs the query</span></p></form>'
        '<p id="status" role="status"></p><div id="results"></div>'
    )
    return _page("kg query", body, script="query.js")
