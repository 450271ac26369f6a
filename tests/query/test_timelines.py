"""Issue 27 end to end: deals over time in articles of our own (tests/data/timelines_en.jsonl,
timelines_de.jsonl: talks -> plan -> completion, plan -> collapse, a stake bought then sold, a
contradiction), built through the real pipeline into a real store. Every fact's timeline is in
the right order with the right status; every contradiction is flagged and nothing else; the
example queries answer; the facts graph built incrementally equals one rebuilt from scratch."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.mint import KGO, entity_iri, facts_graph
from kg.query import example_queries, fact_timelines, run_query, status_as_of
from kg.rdf import validate
from kg.rdf.facts import rebuild
from kg.rdf.terms import DEFAULT_BASE
from kg.store import Store, order

pytestmark = pytest.mark.slow
CORPORA = ("timelines_en.jsonl", "timelines_de.jsonl")

# (subject, relation, object) in canonical direction -> status, since, contradicted, and the
# timeline as (date, modality, article title); None: an undated statement.
EXPECTED = {
    ("siemens", "acquires", "altair-engineering"): (
        "Asserted",
        "2023-06-19",
        False,
        [
            ("2023-01-10", "Negotiating", "Siemens in talks to buy Altair"),
            ("2023-03-14", "Planned", "Siemens agrees to buy Altair"),
            ("2023-03-31", "Planned", "How Siemens won Altair"),  # "in March", told in July
            ("2023-06-19", "Asserted", "Siemens closes Altair deal"),  # "on Monday"
        ],
    ),
    ("nvidia", "acquires", "arm"): (
        "Negated",
        "2022-02-07",
        False,
        [
            ("2020-09-14", "Planned", "Nvidia to buy Arm"),
            ("2022-02-07", "Negated", "Nvidia drops Arm deal"),
        ],
    ),
    ("broadcom", "acquires", "qualcomm"): (
        "Negated",
        "2018-03-14",
        False,  # one article telling "had planned ..., abandoned": a sequence, no contradiction
        [
            ("2017-11-06", "Planned", "Broadcom bids for Qualcomm"),
            ("2018-03-14", "Planned", "Broadcom walks away"),
            ("2018-03-14", "Negated", "Broadcom walks away"),
        ],
    ),
    ("toyota", "investsIn", "joby-aviation"): (
        "Ended",
        "2024-08-01",
        False,
        [
            ("2021-04-01", "Asserted", "Toyota buys stake in Joby"),
            ("2024-08-01", "Negated", "Toyota sells Joby stake"),
            (None, "Asserted", "Joby Aviation at a glance"),  # undated: last, does not count
        ],
    ),
    ("apple", "negotiatesWith", "openai"): (
        "Negated",
        "2024-05-02",
        True,
        [
            ("2024-04-20", "Negotiating", "OpenAI courts Apple"),  # the symmetric form
            ("2024-05-02", "Negotiating", "Apple in talks with OpenAI"),
            ("2024-05-02", "Negated", "Apple denies OpenAI talks"),
        ],
    ),
    ("rheinmetall", "acquires", "expal-systems"): (
        "Asserted",
        "2023-08-01",
        False,  # two articles of one day agreeing
        [
            ("2022-11-15", "Planned", "Rheinmetall will Expal kaufen"),
            # one build, one date: by graph IRI, not as the input lists them
            ("2023-08-01", "Asserted", "Rheinmetall übernimmt Expal"),
            ("2023-08-01", "Asserted", "Rheinmetall schließt Übernahme ab"),
        ],
    ),
    ("expal-systems", "negotiatesWith", "rheinmetall"): (
        "Asserted",
        "2022-11-03",
        False,
        [("2022-11-03", "Asserted", "Rheinmetall verhandelt über Übernahme")],
    ),
    ("expal-systems", "produces", "munition"): (  # "Munitionshersteller"
        "Asserted",
        "2022-11-15",
        False,
        [("2022-11-15", "Asserted", "Rheinmetall will Expal kaufen")],
    ),
    ("deutsche-wohnen", "mergesWith", "vonovia"): (
        "Negated",
        "2023-04-05",
        False,
        [
            ("2023-01-05", "Planned", "Fusion geplant"),
            ("2023-04-05", "Negated", "Fusion abgesagt"),
        ],
    ),
    ("mercedes-benz", "investsIn", "aston-martin"): (
        "Ended",
        "2023-09-12",
        False,
        [
            ("2021-05-10", "Asserted", "Daimler beteiligt sich an Aston Martin"),
            ("2023-09-12", "Negated", "Daimler steigt aus"),
        ],
    ),
    ("basf", "partnersWith", "bayer"): (
        "Ended",  # on a contradicted date the status follows build order: read the timeline
        "2024-02-02",
        True,
        [
            ("2024-02-02", "Asserted", "BASF und Bayer kooperieren"),
            ("2024-02-02", "Negated", "Keine Kooperation"),
        ],
    ),
    ("alstom", "negotiatesWith", "siemens"): (
        "Ended",  # talks that failed
        "2019-06-01",
        False,
        [
            ("2019-03-10", "Asserted", "Siemens verhandelt mit Alstom"),
            ("2019-06-01", "Negated", "Gespräche gescheitert"),
        ],
    ),
}


def _short(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


@pytest.fixture(scope="module")
def store(timeline_store_path: Path) -> Store:
    return Store(timeline_store_path, read_only=True)


def test_every_fact_has_its_timeline_in_order_and_its_status(store: Store) -> None:
    got = {}
    for tl in fact_timelines(store):
        key = (_short(tl.subject), tl.relation, _short(tl.object))
        got[key] = (
            tl.status,
            tl.since,
            tl.contradicted,
            [(e.date, e.modality, e.title) for e in tl.entries],
        )
    assert got == EXPECTED


def test_contradictions_are_flagged_between_the_two_articles_and_nowhere_else(
    store: Store,
) -> None:
    pairs = set()
    for tl in fact_timelines(store):
        titles = {e.statement: e.title for e in tl.entries}
        for e in tl.entries:
            pairs |= {(_short(tl.subject), e.title, titles[c]) for c in e.conflicts}
    assert pairs == {
        ("apple", "Apple in talks with OpenAI", "Apple denies OpenAI talks"),
        ("apple", "Apple denies OpenAI talks", "Apple in talks with OpenAI"),
        ("basf", "BASF und Bayer kooperieren", "Keine Kooperation"),
        ("basf", "Keine Kooperation", "BASF und Bayer kooperieren"),
    }


def test_one_entity_and_the_status_as_of_a_date(store: Store) -> None:
    (tl,) = fact_timelines(store, entity=entity_iri("organization/altair-engineering"))
    assert [status_as_of(tl, d) for d in ("2022-12-31", "2023-01-10", "2023-04-01")] == [
        None,
        "Negotiating",
        "Planned",
    ]
    assert status_as_of(tl, "2023-06-19") == "Asserted"
    assert [e.date_source for e in tl.entries] == ["issued", "issued", "eventDate", "eventDate"]
    assert tl.entries[2].stated == "2023-03" and tl.entries[1].evidence.startswith("Siemens plans")
    assert fact_timelines(store, facts=[tl.fact]) == [tl] and fact_timelines(store, facts=[]) == []


class _QueriesOnly:
    """A store read through SPARQL only, as a remote one is."""

    def __init__(self, store: Store) -> None:
        self.query = store.query


def test_a_local_store_is_read_as_the_queries_read_it(store: Store) -> None:
    """`fact_timelines` reads a local store by index look-ups, any other by its queries."""
    everything = fact_timelines(store)
    assert everything == fact_timelines(_QueriesOnly(store)) and everything
    one = entity_iri("organization/siemens")
    assert fact_timelines(store, entity=one) == fact_timelines(_QueriesOnly(store), entity=one)
    assert fact_timelines(store, entity=one)
    some = [everything[0].fact, everything[-1].fact, "http://kg.example.org/fact/none"]
    assert fact_timelines(store, facts=some) == fact_timelines(_QueriesOnly(store), facts=some)
    assert len(fact_timelines(store, facts=some)) == 2


def _rows(store: Store, name: str) -> list[list[str | None]]:
    q = example_queries()[name]
    assert "# test-corpus: tests/data/" + CORPORA[0] in q
    return [[None if v is None else v.value for v in r] for r in run_query(store, q)]


def test_deal_lifecycles(store: Store) -> None:
    assert _rows(store, "deal-lifecycles") == [
        ["Broadcom", "acquires", "Qualcomm", "2017-11-06", "abandoned", "2018-03-14", None],
        ["Nvidia", "acquires", "Arm", "2020-09-14", "abandoned", "2022-02-07", None],
        [
            "Rheinmetall",
            "acquires",
            "Expal Systems",
            "2022-11-15",
            "completed",
            "2023-08-01",
            "259",
        ],
        ["Deutsche Wohnen", "mergesWith", "Vonovia", "2023-01-05", "abandoned", "2023-04-05", None],
        [
            "Siemens",
            "acquires",
            "Altair Engineering",
            "2023-01-10",
            "completed",
            "2023-06-19",
            "160",
        ],
    ]


def test_contradictions_query(store: Store) -> None:
    rows = _rows(store, "contradictions")
    assert [r[:7] for r in rows] == [
        ["2024-02-02", "BASF", "partnersWith", "Bayer", "Ended", "Keine Kooperation",
         "BASF kooperiert nicht mit Bayer."],
        ["2024-05-02", "Apple", "negotiatesWith", "OpenAI", "Negated", "Apple denies OpenAI talks",
         "Apple is not in talks with OpenAI, a spokesman said."],
    ]  # fmt: skip
    assert [r[7:9] for r in rows] == [
        ["BASF und Bayer kooperieren", "Asserted"],
        ["Apple in talks with OpenAI", "Negotiating"],
    ]


def test_changed_since(store: Store) -> None:
    rows = _rows(store, "changed-since")  # since 2023-06-01, the date in the query
    assert rows == [
        ["Siemens", "acquires", "Altair Engineering", "Planned", "Asserted", "2023-06-19", "1"],
        ["Rheinmetall", "acquires", "Expal Systems", "Planned", "Asserted", "2023-08-01", "2"],
        ["Mercedes-Benz", "investsIn", "Aston Martin", "Asserted", "Ended", "2023-09-12", "1"],
        ["BASF", "partnersWith", "Bayer", None, "Ended", "2024-02-02", "2"],
        ["Apple", "negotiatesWith", "OpenAI", None, "Negated", "2024-04-20", "3"],
        ["Toyota", "investsIn", "Joby Aviation", "Asserted", "Ended", "2024-08-01", "1"],
    ]
    # the query's "then" is the Python status as of the date
    by_key = {(_short(t.subject), t.relation): t for t in fact_timelines(store)}
    assert status_as_of(by_key[("toyota", "investsIn")], "2023-06-01") == "Asserted"
    assert status_as_of(by_key[("apple", "negotiatesWith")], "2023-06-01") is None


def test_the_incremental_facts_graph_equals_a_rebuild_and_conforms(
    timeline_store_path: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "store"
    shutil.copytree(timeline_store_path, copy)
    st = Store(copy)
    g = ox.NamedNode(facts_graph(DEFAULT_BASE))
    incremental = set(st.ox.quads_for_pattern(None, None, None, g))
    rebuild(st.ox, base=DEFAULT_BASE, order=order.build_order(st, DEFAULT_BASE).get)
    assert set(st.ox.quads_for_pattern(None, None, None, g)) == incremental and incremental
    ok, report = validate(st)
    assert ok, report
    # the shapes see a broken timeline: a statement conflicting with another fact's
    a, b = (tl.entries[0].statement for tl in fact_timelines(st)[:2])
    st.change(add=[ox.Quad(ox.NamedNode(a), ox.NamedNode(KGO.conflictsWith), ox.NamedNode(b), g)])
    ok, report = validate(st)
    assert not ok and "conflicts with one of another fact" in report


def test_a_later_article_changes_only_its_fact(timeline_store_path: Path, tmp_path: Path) -> None:
    from kg.pipeline import build

    copy = tmp_path / "store"
    shutil.copytree(timeline_store_path, copy)
    g = ox.NamedNode(facts_graph(DEFAULT_BASE))
    before = {tl.fact: tl for tl in fact_timelines(Store(copy, read_only=True))}
    news = tmp_path / "news.jsonl"
    news.write_text(
        '{"lang": "en", "published": "2025-02-03", "title": "Toyota returns to Joby", '
        '"text": "Toyota acquired a 5% stake in Joby Aviation."}\n',
        encoding="utf-8",
    )
    assert build([news], store=copy, progress=False).added == 1
    after = {tl.fact: tl for tl in fact_timelines(Store(copy, read_only=True))}
    changed = {f for f in after if after[f] != before.get(f)}
    assert [(_short(after[f].subject), after[f].status, after[f].since) for f in changed] == [
        ("toyota", "Asserted", "2025-02-03")
    ]
    st = Store(copy)
    incremental = set(st.ox.quads_for_pattern(None, None, None, g))
    rebuild(st.ox, base=DEFAULT_BASE, order=order.build_order(st, DEFAULT_BASE).get)
    assert set(st.ox.quads_for_pattern(None, None, None, g)) == incremental


def test_one_date_orders_a_later_build_last_and_one_build_alike_in_any_input_order(
    tmp_path: Path,
) -> None:
    """A tie of one date (BASF cooperates / does not): of two builds the later one's statement
    comes last and sets the status; in one build the input's order makes no difference."""
    from kg.pipeline import build

    lines = (Path(__file__).parents[1] / "data" / CORPORA[1]).read_text("utf-8").splitlines()
    yes, no = (next(x for x in lines if title in x) for title in ('"BASF und', '"Keine Koop'))

    def timeline(*builds: list[str]) -> tuple:
        path = tmp_path / f"store{len(list(tmp_path.iterdir()))}"
        for n, corpus in enumerate(builds):
            f = path.with_name(f"{path.name}-{n}.jsonl")
            f.write_text("\n".join(corpus) + "\n", encoding="utf-8")
            assert build([f], store=path, progress=False).added == len(corpus)
        (tl,) = [
            t for t in fact_timelines(Store(path, read_only=True)) if t.relation == "partnersWith"
        ]
        return tl.status, [e.title for e in tl.entries], tl.contradicted

    assert timeline([yes], [no]) == (
        "Ended",
        ["BASF und Bayer kooperieren", "Keine Kooperation"],
        True,
    )
    assert timeline([no], [yes]) == (
        "Asserted",
        ["Keine Kooperation", "BASF und Bayer kooperieren"],
        True,
    )
    assert timeline([yes, no]) == timeline([no, yes])
