"""Issue 27 item 3 on the deals-over-time store (tests/data/timelines_{en,de}.jsonl, built by the
real pipeline): the graph page draws one edge per fact (kg/viz/fact_edges.py), styled by the
fact's current status; the side panel shows the fact's timeline in order (date, modality,
article, evidence); the date filter's "status as of" draws every fact as it stood that day.
Checked against the store's own timelines (`kg.query.fact_timelines`, `status_as_of`) and, in
real headless Chromium, against vis-network's own state and the panel's DOM."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from support.pages import open_graph, screenshot
from support.vizfixture import clean

from kg.query import fact_timelines, status_as_of
from kg.rdf.terms import KGO
from kg.rdf.timeline import NEGATED
from kg.store import Store
from kg.viz import graph_from_store, render
from kg.viz.payload import edge_style

pytestmark = pytest.mark.slow

# What vis-network holds of an edge: is it drawn, and how (dashes, colour).
DRAWN = """() => {
  const net = window.network, out = {};
  for (const k of Object.keys(net.body.edges)) {
    const e = net.body.edges[k];
    out[k] = {hidden: !!e.options.hidden || e.from.options.hidden || e.to.options.hidden,
              dashes: e.options.dashes, color: e.options.color.color};
  }
  return out;
}"""
META = """() => JSON.parse(document.getElementById("kg-data").textContent).meta"""
# The timeline the panel shows: per entry its date, modality badge, the article title and the
# evidence quoted, whether it is greyed as later, and the contradiction line.
PANEL = """() => ({
  entries: [...document.querySelectorAll("#panel-body li.tl-entry")].map(li => ({
    date: li.querySelector(".tl-date").textContent,
    modality: li.querySelector(".tl-head .badge").textContent,
    title: (li.querySelector(".source strong") || li.querySelector(".source")).textContent,
    evidence: li.querySelector("blockquote") ? li.querySelector("blockquote").textContent : null,
    later: li.classList.contains("later"),
    conflict: li.querySelector(".tl-conflict") ? li.querySelector(".tl-conflict").textContent
      : null})),
  contradicted: !!document.querySelector("#panel-body .contradiction"),
  text: document.getElementById("panel-body").textContent})"""


def _style(status: str) -> tuple[Any, str]:
    s = edge_style(status, False)
    return s["dashes"], s["color"]["color"]


@pytest.fixture(scope="module")
def store(timeline_store_path: Path) -> Store:
    return Store(timeline_store_path, read_only=True)


@pytest.fixture(scope="module")
def timelines(store: Store) -> dict[str, Any]:
    found = {tl.fact: tl for tl in fact_timelines(store)}
    assert len(found) >= 10
    return found


@pytest.fixture(scope="module")
def page_path(store: Store, tmp_path_factory: pytest.TempPathFactory) -> Path:
    html = tmp_path_factory.mktemp("timeline-page") / "graph.html"
    render(graph_from_store(store), html)
    return html


@pytest.mark.parametrize("negated", [False, True])
def test_one_edge_per_fact_with_all_its_statements(
    store: Store, timelines: dict[str, Any], negated: bool
) -> None:
    g = graph_from_store(store, negated=negated)
    drawn: dict[str, tuple[str, str, str]] = {}
    for s, o, p, data in g.edges(keys=True, data=True):
        tl = data.get("timeline")
        if tl is None:
            continue
        assert tl.fact not in drawn, f"{tl.fact} drawn twice"
        drawn[tl.fact] = (s, o, p)
        # in the fact's canonical direction, styled by its current status
        assert (s, p, o) == (tl.subject, KGO.term(tl.relation), tl.object)
        assert data["status"] == tl.status
        # every statement of the timeline on this one edge, in timeline order
        on_edge = [f["statement"] for f in data["facts"]]
        assert on_edge[: len(tl.entries)] == [e.statement for e in tl.entries]
    said = {e.statement for tl in timelines.values() for e in tl.entries}
    # a fact with a statement that is not a negation has its triple: it is drawn; one only
    # negated so far is drawn when negated statements are asked for
    expected = {
        f
        for f, tl in timelines.items()
        if negated or any(e.modality != NEGATED for e in tl.entries)
    }
    assert set(drawn) == expected
    # no other edge carries a statement an article made about a fact
    for s, o, p, data in g.edges(keys=True, data=True):
        if "timeline" not in data:
            assert not {f["statement"] for f in data["facts"]} & said, (s, p, o)


def test_the_page_draws_each_fact_by_its_status_and_shows_its_timeline(
    browser: Any, page_path: Path, timelines: dict[str, Any]
) -> None:
    page, log = open_graph(browser, page_path)
    meta, drawn = page.evaluate(META), page.evaluate(DRAWN)
    facts = {i: timelines[m["fact"]] for i, m in enumerate(meta["edges"]) if "fact" in m}
    assert set(tl.fact for tl in facts.values()) == {
        f for f, tl in timelines.items() if any(e.modality != NEGATED for e in tl.entries)
    }
    statuses = {tl.status for tl in facts.values()}
    assert {"Asserted", "Negated", "Ended"} <= statuses
    # each status is drawn its own way, and every fact's edge the way of its status
    assert len({json.dumps(_style(s)) for s in ("Asserted", "Planned", "Negated", "Ended")}) == 4
    for i, tl in facts.items():
        d = drawn[str(i)]
        assert not d["hidden"] and (d["dashes"], d["color"]) == _style(tl.status), tl

    for i, tl in facts.items():
        page.evaluate(f"window.kgShowEdge({i})")
        shown = page.evaluate(PANEL)
        assert tl.status in shown["text"] and (tl.since is None or tl.since in shown["text"])
        assert [(e["date"], e["modality"], e["title"]) for e in shown["entries"]] == [
            (e.date or "undated", e.modality, e.title) for e in tl.entries
        ]
        assert [e["evidence"] for e in shown["entries"]] == [e.evidence for e in tl.entries]
        assert shown["contradicted"] == tl.contradicted
        assert [e["conflict"] is not None for e in shown["entries"]] == [
            bool(e.conflicts) for e in tl.entries
        ]
        assert not any(e["later"] for e in shown["entries"])
    screenshot(page, "graph-timeline-panel")
    clean(log)


def _days(timelines: dict[str, Any]) -> list[str]:
    """Every day a statement is dated to, the day before the first, and a day after the last."""
    days = sorted({e.date for tl in timelines.values() for e in tl.entries if e.date})
    return ["1999-12-31", *days, "2099-01-01"]


def test_status_as_of_a_date_draws_each_fact_as_it_stood(
    browser: Any, page_path: Path, timelines: dict[str, Any]
) -> None:
    page, log = open_graph(browser, page_path)
    meta = page.evaluate(META)
    facts = {i: timelines[m["fact"]] for i, m in enumerate(meta["edges"]) if "fact" in m}
    seen = set()
    for day in _days(timelines):
        page.fill('input[data-as-of="1"]', day)
        drawn = page.evaluate(DRAWN)
        for i, tl in facts.items():
            then = status_as_of(tl, day)
            d = drawn[str(i)]
            assert d["hidden"] == (then is None), (day, tl)
            if then is not None:
                assert (d["dashes"], d["color"]) == _style(then), (day, tl)
                seen.add(then)
    assert {"Negotiating", "Planned", "Asserted", "Negated", "Ended"} <= seen

    # the panel says where the fact stood and greys what came later
    long = next(i for i, tl in facts.items() if len(tl.entries) >= 3 and tl.status != "Ended")
    tl = facts[long]
    day = tl.entries[1].date
    page.fill('input[data-as-of="1"]', day)
    page.evaluate(f"window.kgShowEdge({long})")
    shown = page.evaluate(PANEL)
    assert f"As of {day}{status_as_of(tl, day)}" in shown["text"]
    assert [e["later"] for e in shown["entries"]] == [
        e.date is None or e.date > day for e in tl.entries
    ]
    screenshot(page, "graph-timeline-as-of")
    # "any date": every fact as it stands now again, the open panel with it
    page.click('button[data-date-clear="1"]')
    drawn = page.evaluate(DRAWN)
    assert all(
        (drawn[str(i)]["dashes"], drawn[str(i)]["color"]) == _style(t.status)
        for i, t in facts.items()
    )
    assert not any(e["later"] for e in page.evaluate(PANEL)["entries"])
    clean(log)


HOSTILE = '<img src=x onerror="window.__pwned=1"> Deal </script><script>window.__pwned=2</script>'


def test_timeline_text_from_articles_is_text(browser: Any, tmp_path: Path) -> None:
    """Article titles reach the timeline (and its contradiction lines) as text, never markup."""
    from kg.pipeline import build

    corpus = tmp_path / "hostile.jsonl"
    rows = [
        ("2024-05-02", "Apple is in talks with OpenAI about a partnership."),
        ("2024-05-02", "Apple is not in talks with OpenAI, a spokesman said."),
    ]
    corpus.write_text(
        "".join(
            json.dumps({"lang": "en", "published": d, "title": f"{HOSTILE} {k}", "text": t}) + "\n"
            for k, (d, t) in enumerate(rows)
        ),
        encoding="utf-8",
    )
    build([corpus], store=tmp_path / "store", progress=False)
    html = tmp_path / "graph.html"
    render(graph_from_store(Store(tmp_path / "store", read_only=True)), html)
    page, log = open_graph(browser, html)
    meta = page.evaluate(META)
    (i,) = [i for i, m in enumerate(meta["edges"]) if "fact" in m]
    page.evaluate(f"window.kgShowEdge({i})")
    shown = page.evaluate(PANEL)
    assert shown["contradicted"] and all(e["conflict"] for e in shown["entries"])
    assert [e["title"] for e in shown["entries"]] == [f"{HOSTILE} 0", f"{HOSTILE} 1"]
    assert HOSTILE in shown["entries"][0]["conflict"]
    assert (
        page.evaluate("document.querySelectorAll('#panel-body img, #panel-body script').length")
        == 0
    )
    assert page.evaluate("window.__pwned") is None
    clean(log)
