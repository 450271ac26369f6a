"""Issue 17 on the graph page: qualifiers in the side panel and the date-range filter.

The readable forms are checked on values of our own; the page on a real store built by the
real pipeline from five short articles of our own (tests/data/viz_qualifier_news.jsonl: English
and German, amounts, a stake, capacities, a duration, event and expected dates, one article
without a date), opened in real headless Chromium.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support.browser import chromium, open_page, require_chromium
from support.paths import DATA
from support.vizfixture import REPO, clean, click_edge, find_edge, page_for

from kg.store import Store
from kg.viz import graph_from_store
from kg.viz.qualifiers import (
    capacity,
    date_span,
    describe,
    duration,
    fact_date,
    money,
    readable_date,
    stake,
)

CORPUS = DATA / "viz_qualifier_news.jsonl"


# -- readable forms --------------------------------------------------------------------------


def test_money_reads_like_a_newspaper() -> None:
    assert money("2300000000", "USD") == "$2.3 billion"
    assert money("1100000000", "EUR") == "€1.1 billion"
    assert money("500000000", "EUR") == "€500 million"
    assert money("14000000000", "USD") == "$14 billion"
    assert money("1250000000000", "JPY") == "¥1.25 trillion"
    assert money("15000000000", "CAD") == "CA$15 billion"
    assert money("250000", "CHF") == "CHF 250,000"
    assert money("999999.5", None) == "999,999.5"
    assert money("not a number", "USD") is None


def test_stake_capacity_duration_dates() -> None:
    assert stake("20") == "20 % stake"
    assert stake("10.50") == "10.5 % stake"
    assert capacity("35", "GWh") == "35 GWh"
    assert capacity("500000", "vehicles/year") == "500,000 vehicles a year"
    assert duration("P10Y") == "for 10 years"
    assert duration("P1Y6M") == "for 1 year 6 months"
    assert duration("P") is None and duration("ten years") is None
    assert readable_date("2026") == "2026"
    assert readable_date("2026-03") == "March 2026"
    assert readable_date("2023-05-02T08:30:00Z") == "2023-05-02"
    assert readable_date("2023-13") is None


def test_describe_in_reading_order() -> None:
    quals = {
        "eventDate": "2023-05-01",
        "currency": "USD",
        "amount": "2300000000",
        "stakePercent": "25",
        "expectedBy": "2026",
        "duration": "P5Y",
        "capacity": "16",
        "capacityUnit": "GWh",
    }
    assert describe(quals) == [
        ("amount", "$2.3 billion"),
        ("stakePercent", "25 % stake"),
        ("capacity", "16 GWh"),
        ("duration", "for 5 years"),
        ("eventDate", "on 2023-05-01"),
        ("expectedBy", "by 2026"),
    ]
    assert describe({"eventDate": "2024-03"}) == [("eventDate", "in March 2024")]
    assert describe({"eventDate": "2023"}) == [("eventDate", "in 2023")]
    assert describe({"expectedBy": "2026-06-30"}) == [("expectedBy", "by 2026-06-30")]
    assert describe({}) == []


def test_date_spans_and_fact_dates() -> None:
    assert date_span("2023") == ("2023-01-01", "2023-12-31")
    assert date_span("2024-02") == ("2024-02-01", "2024-02-29")
    assert date_span("2023-05-02T08:30:00+02:00") == ("2023-05-02", "2023-05-02")
    assert date_span("2023-02-30") is None and date_span("May 2023") is None
    # the event date wins over the article's publication date; either may be missing
    assert fact_date({"eventDate": "2024-03"}, "2024-06-10") == {
        "dateFrom": "2024-03-01",
        "dateTo": "2024-03-31",
        "dateBy": "event",
    }
    assert fact_date({"expectedBy": "2026"}, "2024-06-10") == {
        "dateFrom": "2024-06-10",
        "dateTo": "2024-06-10",
        "dateBy": "published",
    }
    assert fact_date({}, None) == {}


# -- a store of our own, built by the real pipeline ------------------------------------------


@pytest.fixture(scope="module")
def qual_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kg.pipeline.build import build

    path = tmp_path_factory.mktemp("vizqual") / "store"
    report = build([CORPUS], store=path, progress=False)
    assert report.added == 5 and not report.problems
    return path


def _facts(g: Any, frm: str, rel: str, to: str) -> list[dict[str, Any]]:
    hits = [
        d["facts"]
        for s, o, p, d in g.edges(keys=True, data=True)
        if g.nodes[s]["label"] == frm and g.nodes[o]["label"] == to and p.endswith(rel)
    ]
    assert len(hits) == 1, (frm, rel, to)
    return hits[0]


@pytest.mark.slow
def test_graph_facts_carry_qualifiers_and_dates(qual_store: Path) -> None:
    g = graph_from_store(Store(qual_store, read_only=True))
    (toyota,) = _facts(g, "Toyota", "investsIn", "Redwood Materials")
    assert toyota["qualifiers"] == {
        "amount": "2300000000",
        "currency": "USD",
        "stakePercent": "25",
        "eventDate": "2023-05-01",
    }
    assert toyota["published"] == "2023-05-02" and toyota["publisher"] == "Example Wire"
    assert (toyota["dateFrom"], toyota["dateTo"], toyota["dateBy"]) == (
        "2023-05-01",
        "2023-05-01",
        "event",
    )
    (vw,) = _facts(g, "Volkswagen", "buysFrom", "Gotion High-Tech")
    assert vw["qualifiers"]["eventDate"] == "2024-03"
    assert (vw["dateFrom"], vw["dateTo"]) == ("2024-03-01", "2024-03-31")
    (ford,) = _facts(g, "Ford", "buysFrom", "Albemarle")
    assert ford["qualifiers"] == {} and "dateFrom" not in ford and ford.get("published") is None
    # A restatement the rules derived is dated by its premise.
    (twin,) = _facts(g, "CATL", "suppliesTo", "Mercedes-Benz")
    assert twin["inferred"] and (twin["dateFrom"], twin["dateBy"]) == ("2024-06-10", "premise")


# -- in the browser --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Any:
    require_chromium()
    with chromium() as b:
        yield b


# (from, relation, to) of every edge the page shows, by label.
SHOWN = """() => {
  const d = JSON.parse(document.getElementById("kg-data").textContent);
  return window.network.body.data.edges.get({filter: e => !e.hidden}).map(e =>
    [d.meta.nodes[e.from].label, d.meta.edges[e.id].predicate.split("#").pop(),
     d.meta.nodes[e.to].label].join(" | "));
}"""
IN_VIEW = """() => {
  const net = window.network, r = net.canvas.frame.canvas.getBoundingClientRect();
  return net.body.data.nodes.get({filter: n => !n.hidden}).every(n => {
    const p = net.canvasToDOM(net.getPositions([n.id])[n.id]);
    return p.x >= 0 && p.y >= 0 && p.x <= r.width && p.y <= r.height; });
}"""
TOYOTA = "Toyota | investsIn | Redwood Materials"
LUCID = "Lucid Motors | buysFrom | Panasonic"
PANASONIC = "Panasonic | produces | batteries"
HYUNDAI = "Hyundai | buysFrom | LG Energy Solution"
VW = "Volkswagen | buysFrom | Gotion High-Tech"
BOSCH = "Bosch | investsIn | Northvolt"
MERCEDES = "Mercedes-Benz | buysFrom | CATL"
# The page names a facility by its operator and place ("Batteriefabrik" in the article).
PLANT_NAME = "Northvolt Batteriefabrik, Skellefteå"
PLANT = f"Northvolt | operates | {PLANT_NAME}"
FORD = "Ford | buysFrom | Albemarle"


def _panel_for_edge(page: Any, frm: str, to: str, rel: str) -> str:
    edge = find_edge(page, frm, to, rel)
    assert edge is not None, (frm, rel, to)
    click_edge(page, edge)
    page.locator("#panel").wait_for(state="visible")
    assert page.evaluate("window.network.getSelectedEdges()") == [edge]
    return " ".join(page.locator("#panel").inner_text().split())


@pytest.mark.slow
def test_panel_shows_qualifiers(browser: Any, qual_store: Path, tmp_path: Path) -> None:
    page, log = open_page(browser, page_for(qual_store, tmp_path))
    text = _panel_for_edge(page, "Toyota", "Redwood Materials", "investsIn")
    for want in (
        "$2.3 billion",
        "25 % stake",
        "on 2023-05-01",
        "Example Wire",
        "published 2023-05-02",
        "Toyota acquired a 25% stake in Redwood Materials",
    ):
        assert want in text, want
    chips = page.locator("#panel .qual")
    assert [chips.nth(i).get_attribute("data-qual") for i in range(chips.count())] == [
        "amount",
        "stakePercent",
        "eventDate",
    ]
    (REPO / "out").mkdir(exist_ok=True)
    page.screenshot(path=str(REPO / "out" / "graph-qualifiers.png"))

    # English capacity and expected date, German amounts, month, capacity; a duration.
    cases = [
        (("Hyundai", "LG Energy Solution", "buysFrom"), ("20 GWh", "by 2026")),
        (
            ("Volkswagen", "Gotion High-Tech", "buysFrom"),
            ("€2.5 billion", "in March 2024", "published 2024-06-10", "dpa"),
        ),
        (("Bosch", "Northvolt", "investsIn"), ("€500 million", "published 2024-06-10")),
        (("Mercedes-Benz", "CATL", "buysFrom"), ("by 2026",)),
        (("Northvolt", PLANT_NAME, "operates"), ("16 GWh", "published 2024-06-13")),
        (("Lucid Motors", "Panasonic", "buysFrom"), ("for 10 years",)),
    ]
    for (frm, to, rel), wants in cases:
        text = _panel_for_edge(page, frm, to, rel)
        for want in wants:
            assert want in text, (frm, to, want, text)
    # An undated article: no "published", no chips.
    text = _panel_for_edge(page, "Ford", "Albemarle", "buysFrom")
    assert "published" not in text and page.locator("#panel .qual").count() == 0

    # The node panel lists each fact with its qualifiers too.
    page.fill("#search", "Northvolt")
    page.press("#search", "Enter")
    text = " ".join(page.locator("#panel").inner_text().split())
    assert "€500 million" in text and "16 GWh" in text
    clean(log)


@pytest.mark.slow
def test_date_filter_hides_and_shows_edges(browser: Any, qual_store: Path, tmp_path: Path) -> None:
    page, log = open_page(browser, page_for(qual_store, tmp_path))
    everything = set(page.evaluate(SHOWN))
    assert {TOYOTA, LUCID, PANASONIC, HYUNDAI, VW, BOSCH, MERCEDES, PLANT, FORD} <= everything
    assert page.locator('input[data-date="from"]').get_attribute("min") == "2023-05-01"
    assert page.locator('input[data-date="to"]').get_attribute("max") == "2024-06-13"
    scale = page.evaluate("window.network.getScale()")

    # Toyota's stake is dated by its event (Monday 1 May), not its article (2 May).
    page.fill('input[data-date="from"]', "2023-05-02")
    assert everything - set(page.evaluate(SHOWN)) == {TOYOTA}
    page.fill('input[data-date="from"]', "2024-01-01")
    assert everything - set(page.evaluate(SHOWN)) == {TOYOTA, LUCID, PANASONIC}
    # "Im März 2024" covers the whole month: it meets a range ending on 15 March. The
    # undated Ford fact stays.
    page.fill('input[data-date="to"]', "2024-03-15")
    shown = set(page.evaluate(SHOWN))
    assert {HYUNDAI, VW, FORD} <= shown
    assert not shown & {TOYOTA, LUCID, PANASONIC, BOSCH, MERCEDES, PLANT}
    assert page.evaluate(IN_VIEW) and page.evaluate("window.network.getScale()") != scale
    page.check('input[data-only-dated="1"]')
    assert FORD not in set(page.evaluate(SHOWN)) and VW in set(page.evaluate(SHOWN))
    assert page.evaluate(IN_VIEW)
    stats = page.locator("#stats").inner_text()
    assert f"{len(page.evaluate(SHOWN))} of " in stats
    page.screenshot(path=str(REPO / "out" / "graph-date-filter.png"))

    page.click('button[data-date-clear="1"]')
    assert set(page.evaluate(SHOWN)) == everything
    assert not page.locator('input[data-only-dated="1"]').is_checked()

    # Searching for a node the date filter hides brings it back and clears the dates.
    page.fill('input[data-date="to"]', "2023-12-31")
    assert BOSCH not in set(page.evaluate(SHOWN))
    page.fill("#search", "Bosch")
    page.press("#search", "Enter")
    assert BOSCH in set(page.evaluate(SHOWN))
    assert page.locator('input[data-date="to"]').input_value() == ""
    clean(log)
