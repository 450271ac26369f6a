"""The graph page: store -> networkx graph -> one offline HTML file, checked in real Chromium.

The fixture is a small TriG dataset written to the RDF model of docs/architecture.md (GM, TDK,
CATL, a planned battery plant, a negated fact, an inferred GM buysFrom TDK, and an article
whose names, sentence and title are XSS payloads), bulk-loaded into a real on-disk Oxigraph
store. Everything after the fixture is data-independent: `page_for(store_path, tmp)` and the
helpers in tests/support/browser.py work the same on a store built from the seeds.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from support.browser import chromium, open_page, require_chromium
from support.paths import REPO
from support.vizfixture import (
    GM_TDK_EVIDENCE,
    XSS_NAME,
    clean,
    click_edge,
    find_edge,
    page_for,
    write_fixture,
)

from kg.errors import VizError
from kg.store import Store
from kg.viz import graph_from_rdf, graph_from_store, render, script_json

REPO = REPO
BASE = "http://kg.example.org/"
ENT = BASE + "entity/"
KGO = "http://kg.example.org/ontology#"


@pytest.fixture(scope="module")
def fixture_trig(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_fixture(tmp_path_factory.mktemp("viz") / "fixture.trig")


@pytest.fixture(scope="module")
def store_path(fixture_trig: Path) -> Path:
    path = fixture_trig.parent / "store"
    s = Store(path)
    s.load(fixture_trig)
    s.close()
    return path


@pytest.fixture(scope="module")
def store(store_path: Path) -> Store:
    return Store(store_path, read_only=True)


# -- counts from the store, by SPARQL (independent of kg.viz) -------------------------------


def store_counts(store: Any, base: str = BASE) -> tuple[int, int]:
    """(entities, distinct kgo triples between entities) in the union of graphs."""
    ent = base + "entity/"
    n = next(
        iter(
            store.query(f"""SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{
        {{ ?e ?p ?o }} UNION {{ ?x ?p ?e }}
        FILTER(isIRI(?e) && STRSTARTS(STR(?e), "{ent}")) }}""")
        )
    )
    m = next(
        iter(
            store.query(f"""SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o
        WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), "{ent}") && STRSTARTS(STR(?o), "{ent}")
        && STRSTARTS(STR(?p), "{KGO}")) }} }}""")
        )
    )
    return int(n["n"].value), int(m["n"].value)


def informative_edges(store: Any, base: str = BASE) -> int:
    """Distinct kgo triples between entities backed by a statement that is not a mere inverse,
    symmetric twin or super-property of another (rules whose text is not a property chain)."""
    ent = base + "entity/"
    m = next(
        iter(
            store.query(f"""PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{
        ?s ?p ?o FILTER(STRSTARTS(STR(?s), "{ent}") && STRSTARTS(STR(?o), "{ent}")
        && STRSTARTS(STR(?p), "{KGO}"))
        ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
        OPTIONAL {{ ?st <{KGO}rule> ?rule }}
        FILTER(!BOUND(?rule) || CONTAINS(STR(?rule), "propertyChainAxiom")) }} }}""")
        )
    )
    return int(m["n"].value)


def labels(g: nx.MultiDiGraph) -> dict[str, Any]:
    return {d["label"]: n for n, d in g.nodes(data=True)}


# -- graph building (no browser) ------------------------------------------------------------


def test_graph_from_store_matches_the_store(store: Store) -> None:
    g = graph_from_store(store)
    assert (g.number_of_nodes(), g.number_of_edges()) == store_counts(store)
    by_label = labels(g)
    gm, tdk = by_label["General Motors"], by_label["TDK"]
    assert {"General Motors", "TDK", "Contemporary Amperex Technology"} <= set(by_label)
    assert g.nodes[gm]["type"] == "Organization"
    assert {"GM", "the automaker"} <= set(g.nodes[gm]["aliases"])
    assert "Vereinigte Staaten" in g.nodes[ENT + "country/united-states"]["aliases"]

    inferred = g.edges[gm, tdk, KGO + "buysFrom"]
    assert inferred["inferred"] is True and inferred["modality"] == "Planned"
    [fact] = inferred["facts"]
    assert fact["confidence"] == pytest.approx(0.68)
    premises = {p["evidence"] for p in fact["premises"]}
    assert GM_TDK_EVIDENCE in premises
    assert {p["title"] for p in fact["premises"]} == {
        "GM in Talks with TDK to Produce EV Batteries in US Using CATL Technology"
    }

    direct = g.edges[gm, ENT + "facility/a1/battery-plant", KGO + "buysFrom"]
    assert direct["inferred"] is False
    assert direct["facts"][0]["evidence"] == GM_TDK_EVIDENCE
    assert direct["facts"][0]["publisher"] == "BNN Bloomberg"
    assert direct["facts"][0]["path"] == "seeds/000_aec95034014d9d5f.txt"
    # Negated facts have no direct triple: not an edge unless asked for.
    assert not g.has_edge(gm, ENT + "facility/a1/battery-plant", KGO + "investsIn")
    neg = graph_from_store(store, negated=True)
    assert (
        neg.edges[gm, ENT + "facility/a1/battery-plant", KGO + "investsIn"]["modality"] == "Negated"
    )


def test_store_side_filters_and_focus(store: Store) -> None:
    full = graph_from_store(store)
    confident = graph_from_store(store, min_confidence=0.7)
    assert not confident.has_edge(ENT + "facility/a1/battery-plant", ENT + "country/united-states")
    assert ENT + "country/united-states" not in confident  # lost its only edge
    assert confident.number_of_edges() == sum(
        1 for *_, d in full.edges(data=True) if d["confidence"] >= 0.7
    )
    planned = graph_from_store(store, modalities=["Planned"])
    assert {d["modality"] for *_, d in planned.edges(data=True)} == {"Planned"}
    assert planned.number_of_edges() == 4

    around = graph_from_store(store, focus="CATL", hops=1)
    assert set(labels(around)) == {"Contemporary Amperex Technology", "battery plant"}
    two = graph_from_store(store, focus="the plant", hops=2)
    assert "General Motors" in labels(two) and "United States" in labels(two)
    with pytest.raises(VizError, match="no entity named"):
        graph_from_store(store, focus="Volkswagen")
    with pytest.raises(VizError, match="modality"):
        graph_from_store(store, modalities=["Maybe"])


def test_query_results_become_graphs(store: Store) -> None:
    construct = graph_from_store(
        store,
        query=f"""PREFIX kgo: <{KGO}>
        CONSTRUCT {{ ?s kgo:buysFrom ?o }} WHERE {{ ?s kgo:buysFrom ?o }}""",
    )
    assert construct.number_of_edges() == 2
    assert {"General Motors", "TDK", "battery plant"} == set(labels(construct))
    assert all(d["facts"] for *_, d in construct.edges(data=True))  # evidence still attached
    select = graph_from_store(
        store,
        query=f"""PREFIX kgo: <{KGO}>
        SELECT ?s ?p ?o WHERE {{ ?s ?p ?o FILTER(?p = kgo:operates) }}""",
    )
    assert [(select.nodes[s]["label"], select.nodes[o]["label"]) for s, o in select.edges()] == [
        ("TDK", "battery plant")
    ]
    with pytest.raises(VizError, match=r"\?s \?p \?o"):
        graph_from_store(store, query="SELECT ?x WHERE { ?x ?y ?z }")
    with pytest.raises(VizError, match="ASK"):
        graph_from_store(store, query="ASK { ?x ?y ?z }")


@pytest.mark.parametrize("fmt", ["nq", "trig", "ttl", "nt"])
def test_graph_from_rdf_files(store: Store, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"dump.{fmt}"
    store.dump(out, fmt=fmt)
    g = graph_from_rdf(out)
    assert (g.number_of_nodes(), g.number_of_edges()) == store_counts(store)
    assert labels(g)["TDK"] == ENT + "organization/tdk"
    focused = graph_from_rdf(out, focus="CATL", hops=1)
    assert set(labels(focused)) == {"Contemporary Amperex Technology", "battery plant"}


def test_graph_from_generic_rdf(tmp_path: Path) -> None:
    path = tmp_path / "people.ttl"
    path.write_text(
        """@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://example.com/> .
ex:alice a foaf:Person ; rdfs:label "Alice" ; foaf:knows ex:bob, _:c ; foaf:age 42 .
ex:bob a foaf:Person ; foaf:name "Bob" ; foaf:based_near ex:paris .
_:c rdfs:label "Carol" .
""",
        encoding="utf-8",
    )
    g = graph_from_rdf(path)
    assert g.number_of_nodes() == 4 and g.number_of_edges() == 3
    alice = g.nodes["http://example.com/alice"]
    assert alice["label"] == "Alice" and alice["type"] == "Person"
    assert g.nodes["http://example.com/paris"]["label"] == "paris"
    assert {d["label"] for *_, d in g.edges(data=True)} == {"knows", "based near"}
    assert "Carol" in labels(g)
    bad = tmp_path / "bad.ttl"
    bad.write_text("ex:a ex:b .\n", encoding="utf-8")
    with pytest.raises(Exception, match=r"bad\.ttl"):
        graph_from_rdf(bad)


# -- the HTML file --------------------------------------------------------------------------


def test_script_json_is_inert() -> None:
    text = script_json({"a": "</script><!-- \u2028\u2029 & <b>"})
    assert "</" not in text and "<!--" not in text and "<" not in text
    assert "\u2028" not in text and "\u2029" not in text


def test_html_references_no_remote_host(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "g.html"
    info = render(graph_from_store(store), out)
    page = out.read_text("utf-8")
    assert info.nodes == store_counts(store)[0] and not info.capped
    data_start = page.index('<script type="application/json"')
    data_end = page.index("</script>", data_start)
    markup = page[:data_start] + page[data_end:]  # everything but the embedded data
    for attr in re.findall(
        r"""\b(?:src|href|action|srcset|poster)\s*=\s*["']?([^"'\s>]+)""", markup, re.IGNORECASE
    ):
        assert not re.match(r"(?:https?:)?//", attr), attr
    assert not re.search(r"""url\(\s*["']?(?:https?:)?//""", markup, re.IGNORECASE)
    assert not re.search(r"@import", markup)
    assert "default-src 'none'" in page.replace("&#x27;", "'")
    # Payloads only ever appear escaped inside the JSON.
    assert "<script>window.__pwned" not in page and "<img src=x" not in page


def test_cap_keeps_best_connected_nodes(tmp_path: Path) -> None:
    g = nx.barabasi_albert_graph(600, 2, seed=3)
    info = render(g, tmp_path / "cap.html", max_nodes=100)
    assert (info.nodes, info.total_nodes, info.capped) == (100, 600, True)
    assert "best-connected of 600 nodes" in (tmp_path / "cap.html").read_text("utf-8")
    with pytest.raises(VizError):
        render(g, tmp_path / "x.html", max_nodes=0)


# -- in the browser -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Any:
    require_chromium()
    with chromium() as b:
        yield b


# The page's names of its nodes (vis-network itself draws no text; the page draws names).
NAMES = """() => JSON.parse(document.getElementById("kg-data").textContent)
    .meta.nodes.map(m => m.label)"""
NAME_OF = (
    """(i) => JSON.parse(document.getElementById("kg-data").textContent).meta.nodes[i].label"""
)


@pytest.mark.slow
def test_page_offline_counts_click_and_screenshot(
    browser: Any, store: Store, store_path: Path, tmp_path: Path
) -> None:
    html = page_for(store_path, tmp_path)
    page, log = open_page(browser, html)
    n_nodes, n_edges = store_counts(store)
    assert page.evaluate("window.network.body.data.nodes.length") == n_nodes
    assert page.evaluate("window.network.body.data.edges.length") == n_edges
    names = page.evaluate(NAMES)
    assert {"General Motors", "TDK", "Contemporary Amperex Technology"} <= set(names)
    # The plant is named by its operator and place, not "battery plant".
    assert "TDK battery plant, United States" in names
    assert page.evaluate("window.network.body.data.nodes.get().filter(n => n.label).length") == 0
    (REPO / "out").mkdir(exist_ok=True)
    page.screenshot(path=str(REPO / "out" / "graph-fixture.png"))

    edge = find_edge(page, "General Motors", "TDK", "buysFrom")
    assert edge is not None
    click_edge(page, edge)
    panel = page.locator("#panel")
    panel.wait_for(state="visible")
    text = panel.inner_text()
    assert GM_TDK_EVIDENCE in text and "Planned" in text and "Inferred" in text
    assert page.evaluate("window.network.getSelectedEdges()") == [edge]

    page.mouse.click(*_node_xy(page, "TDK"))
    assert "TDK Corporation" in panel.inner_text()  # aliases in the node panel
    clean(log)


def _node_xy(page: Any, label: str) -> tuple[float, float]:
    from support.browser import node_position

    nid = page.evaluate(
        """(l) => JSON.parse(document.getElementById("kg-data").textContent)
        .meta.nodes.findIndex(m => m.label === l)""",
        label,
    )
    assert nid >= 0, label
    page.evaluate("(id) => window.network.focus(id, {scale: 1.5, animation: false})", nid)
    return node_position(page, nid)


@pytest.mark.slow
def test_untrusted_text_is_shown_not_run(browser: Any, store_path: Path, tmp_path: Path) -> None:
    page, log = open_page(browser, page_for(store_path, tmp_path))
    edge = find_edge(page, XSS_NAME, "General Motors")
    click_edge(page, edge)
    panel = page.locator("#panel")
    panel.wait_for(state="visible")
    text = panel.inner_text()
    assert XSS_NAME in text
    assert 'onerror="window.__pwned=4"' in text and "<b>bold</b>" in text
    assert page.locator("#panel a").count() == 0  # javascript: URL is not a link
    page.mouse.click(*_node_xy(page, XSS_NAME))
    assert '<svg onload="window.__pwned=8">' in panel.inner_text()
    page.fill("#search", XSS_NAME)
    page.press("#search", "Enter")
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("#panel script, #panel img, #panel svg, #panel b").count() == 0
    assert log.dialogs == [] and log.errors == []
    assert log.remote_requests == []


@pytest.mark.slow
def test_filters_and_search_change_the_view(
    browser: Any, store: Store, store_path: Path, tmp_path: Path
) -> None:
    page, log = open_page(browser, page_for(store_path, tmp_path))
    n_nodes, n_edges = store_counts(store)
    visible = "() => window.kgVisible()"
    hidden_edges = "window.network.body.data.edges.get({filter: e => e.hidden}).length"
    assert page.evaluate(visible) == {"nodes": n_nodes, "edges": n_edges}

    page.uncheck('input[data-modality="Planned"]')
    after = page.evaluate(visible)
    # 3 Planned-only edges plus the inferred Planned one; nodes left without edges go too.
    assert after["edges"] == n_edges - 4 and page.evaluate(hidden_edges) == 4
    assert after["nodes"] < n_nodes
    page.check('input[data-modality="Planned"]')
    assert page.evaluate(visible) == {"nodes": n_nodes, "edges": n_edges}

    page.uncheck(f'input[data-relation="{KGO}buysFrom"]')
    assert page.evaluate(visible)["edges"] == n_edges - 2
    page.check(f'input[data-relation="{KGO}buysFrom"]')

    page.uncheck('input[data-inferred="1"]')
    assert page.evaluate(visible)["edges"] == n_edges - 1
    page.check('input[data-inferred="1"]')

    page.locator("#min-confidence").fill("0.8")
    assert page.evaluate(visible)["edges"] == n_edges - 3  # 0.75, 0.68, 0.55 go
    page.locator("#min-confidence").fill("0")

    before = page.evaluate("window.network.getViewPosition()")
    page.fill("#search", "catl")  # an alias, any case
    page.press("#search", "Enter")
    catl = page.evaluate("window.network.getSelectedNodes()")
    assert len(catl) == 1
    assert page.evaluate(NAME_OF, catl[0]) == "Contemporary Amperex Technology"
    assert page.evaluate("window.network.getViewPosition()") != before
    assert "Contemporary Amperex Technology" in page.locator("#panel h2").inner_text()
    page.fill("#search", "Volkswagen")
    page.press("#search", "Enter")
    assert "No node matches" in page.locator("#search-status").inner_text()
    clean(log)


@pytest.mark.slow
def test_capped_page_says_so(browser: Any, tmp_path: Path) -> None:
    g = nx.barabasi_albert_graph(3000, 2, seed=5)
    render(g, tmp_path / "big.html", max_nodes=1000)
    page, log = open_page(browser, tmp_path / "big.html")
    assert page.evaluate("window.network.body.data.nodes.length") == 1000
    assert page.locator("#notice").is_visible()
    assert "1,000 best-connected of 3,000" in page.locator("#notice").inner_text()
    assert page.evaluate("window.network.physics.options.enabled") is False
    clean(log)


@pytest.mark.slow
def test_seeds_page(browser: Any, seed_store_path: Path, tmp_path: Path) -> None:
    """The page of the real seed build: offline, complete, and the GM→TDK fact explained."""
    html = page_for(seed_store_path, tmp_path)
    page, log = open_page(browser, html)
    store = Store(seed_store_path, read_only=True)
    n_nodes, n_edges = store_counts(store)
    assert page.evaluate("window.network.body.data.nodes.length") == n_nodes
    assert page.evaluate("window.network.body.data.edges.length") == n_edges
    names = set(page.evaluate(NAMES))
    assert {"General Motors", "TDK", "CATL"} <= names
    # Inverse/symmetric/super-property restatements start hidden, and come back on request.
    shown = informative_edges(store)
    assert 0 < shown < n_edges
    assert page.evaluate("window.kgVisible().edges") == shown
    page.check('input[data-restatements="1"]')
    assert page.evaluate("window.kgVisible().edges") == n_edges
    page.uncheck('input[data-restatements="1"]')
    (REPO / "out").mkdir(exist_ok=True)
    page.screenshot(path=str(REPO / "out" / "graph.png"))

    edge = find_edge(page, "General Motors", "TDK", "buysFrom")
    assert edge is not None
    click_edge(page, edge)
    panel = page.locator("#panel")
    panel.wait_for(state="visible")
    text = " ".join(panel.inner_text().split())
    assert "Planned" in text
    assert "General Motors plans to purchase batteries from the plant" in text
    assert "BNN Bloomberg" in text
    clean(log)


# -- first sight: a wide store with hubs, small components and unconnected entities ----------


@pytest.fixture(scope="module")
def wide(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """(store path, generator data) of a generated graph of >= 150 nodes
    (tests/support/widegraph.py)."""
    from support.widegraph import wide_graph, write_trig

    data = wide_graph()
    root = tmp_path_factory.mktemp("wide")
    s = Store(root / "store")
    s.load(write_trig(root / "wide.trig", data))
    s.close()
    return root / "store", data


# Every node's position in viewport pixels, and whether it is hidden.
GEOMETRY = """() => {
  const net = window.network;
  const r = net.canvas.frame.canvas.getBoundingClientRect();
  const dom = (x, y) => { const d = net.canvasToDOM({x, y}); return [d.x + r.left, d.y + r.top]; };
  const meta = JSON.parse(document.getElementById("kg-data").textContent).meta;
  const nodes = Object.keys(net.body.nodes).filter(k => !String(k).startsWith("edgeId"))
    .map(k => { const n = net.body.nodes[k];
      return {id: Number(k), label: meta.nodes[k].label, hidden: !!n.options.hidden,
              xy: dom(n.x, n.y)}; });
  return {canvas: [r.left, r.top, r.right, r.bottom], nodes};
}"""


def _inside(xy: Any, canvas: list[float], margin: float = 0.0) -> bool:
    return (
        canvas[0] - margin <= xy[0] <= canvas[2] + margin
        and canvas[1] - margin <= xy[1] <= canvas[3] + margin
    )


def _bbox_fraction(points: list[Any], canvas: list[float]) -> float:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    area = (max(xs) - min(xs)) * (max(ys) - min(ys))
    return area / ((canvas[2] - canvas[0]) * (canvas[3] - canvas[1]))


@pytest.mark.slow
def test_first_view_shows_who_is_connected(
    browser: Any, wide: tuple[Path, dict], tmp_path: Path
) -> None:
    store_path, data = wide
    page, log = open_page(browser, page_for(store_path, tmp_path))
    geo = page.evaluate(GEOMETRY)
    canvas, by_label = geo["canvas"], {n["label"]: n for n in geo["nodes"]}
    label = {k: lbl for k, _, lbl in data["entities"]}
    assert len(geo["nodes"]) == len(data["entities"]) >= 150
    (REPO / "out").mkdir(exist_ok=True)
    page.screenshot(path=str(REPO / "out" / "graph-first-view.png"))

    # Unconnected entities are parked: none inside the fitted view.
    lone = [by_label[label[k]] for k in data["isolated"]]
    assert len(lone) >= 20
    assert not [n["label"] for n in lone if not n["hidden"] and _inside(n["xy"], canvas)]
    # Every connected node is in view, and the biggest component fills half the canvas.
    connected = [n for n in geo["nodes"] if n not in lone]
    assert all(_inside(n["xy"], canvas) and not n["hidden"] for n in connected)
    biggest = [by_label[label[k]]["xy"] for k in data["components"][0]]
    fill = _bbox_fraction(biggest, canvas)
    print(f"biggest component ({len(biggest)} nodes) fills {fill:.0%} of the canvas")
    assert fill >= 0.5

    # The best-connected nodes' names are drawn, readable: tests/viz/test_page_labels.py.
    # The legend is on screen without scrolling.
    box = page.locator("#legend").bounding_box()
    assert page.locator("#legend").is_visible() and box["y"] + box["height"] <= 900
    clean(log)


@pytest.mark.slow
def test_only_one_relation_refits_and_click_highlights(
    browser: Any, wide: tuple[Path, dict], tmp_path: Path
) -> None:
    store_path, data = wide
    page, log = open_page(browser, page_for(store_path, tmp_path))
    label = {k: lbl for k, _, lbl in data["entities"]}
    buys = [(s, o) for s, p, o in data["facts"] if p == "buysFrom"]
    ends = {label[k] for pair in buys for k in pair}
    scale_before = page.evaluate("window.network.getScale()")

    page.click(f'button[data-only="{KGO}buysFrom"]')
    assert page.evaluate("window.kgVisible()") == {"nodes": len(ends), "edges": len(buys)}
    geo = page.evaluate(GEOMETRY)
    shown = [n for n in geo["nodes"] if not n["hidden"]]
    assert {n["label"] for n in shown} == ends
    # Re-fitted: every shown node in view, and the view is filled in at least one direction.
    assert all(_inside(n["xy"], geo["canvas"]) for n in shown)
    xs, ys = [n["xy"][0] for n in shown], [n["xy"][1] for n in shown]
    width, height = geo["canvas"][2] - geo["canvas"][0], geo["canvas"][3] - geo["canvas"][1]
    assert max(xs) - min(xs) >= 0.6 * width or max(ys) - min(ys) >= 0.6 * height
    assert page.evaluate("window.network.getScale()") != scale_before
    page.screenshot(path=str(REPO / "out" / "graph-only-buys-from.png"))

    page.click('button[data-relation-all="1"]')
    everything = page.evaluate("window.kgVisible()")
    page.check('input[data-isolated="1"]')  # parked nodes come back, inside the new fit
    geo = page.evaluate(GEOMETRY)
    assert page.evaluate("window.kgVisible()")["nodes"] == len(data["entities"])
    assert all(_inside(n["xy"], geo["canvas"]) for n in geo["nodes"])
    page.uncheck('input[data-isolated="1"]')
    assert page.evaluate("window.kgVisible()") == everything

    # Click the best-connected node: it and its neighbours stay, the rest fades; it is centred;
    # the panel lists its facts with modality and article title, and focus links.
    hub = page.evaluate("""() => { const m = JSON.parse(document.getElementById("kg-data")
        .textContent).meta.nodes; let b = 0;
        m.forEach((n, i) => { if (n.degree > m[b].degree) b = i; }); return b; }""")
    hub_label = page.evaluate(NAME_OF, hub)
    key = next(k for k, lbl in label.items() if lbl == hub_label)
    neighbours = {label[o if s == key else s] for s, _, o in data["facts"] if key in (s, o)}
    from support.browser import node_position

    page.mouse.click(*node_position(page, hub))
    lit = page.evaluate("window.kgHighlighted()")
    assert lit is not None
    assert {page.evaluate(NAME_OF, i) for i in lit} == neighbours | {hub_label}
    x, y = node_position(page, hub)
    canvas = page.evaluate(GEOMETRY)["canvas"]
    assert abs(x - (canvas[0] + canvas[2]) / 2) < 3 and abs(y - (canvas[1] + canvas[3]) / 2) < 3
    panel = page.locator("#panel")
    text = panel.inner_text()
    assert hub_label in text and "battery deal, report" in text  # article titles
    assert any(m in text for m in ("Asserted", "Planned", "Negotiating", "Hedged"))
    assert "http://kg.example.org/ontology#" not in text  # labels, not IRIs...
    assert page.locator("#panel input.iri").input_value().startswith(ENT)  # ...IRI copyable
    link = page.locator("#panel button.focus-link").first
    other = link.inner_text().removeprefix("focus ")
    link.click()
    selected = page.evaluate("window.network.getSelectedNodes()")
    assert [page.evaluate(NAME_OF, i) for i in selected] == [other]
    assert other in page.locator("#panel h2").inner_text()
    page.screenshot(path=str(REPO / "out" / "graph-clicked-hub.png"))
    clean(log)
