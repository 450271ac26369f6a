"""notebooks/explore.ipynb executes top to bottom in a real kernel (the .venv's python3) with no
network, on the seeds (built into a scratch store) and on a given store of generated articles
(KG_STORE, read only), and its cells show what they promise."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = REPO / "notebooks" / "explore.ipynb"

pytestmark = pytest.mark.slow


def _text(cell) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            parts.append(out["text"])
        for key in ("text/plain", "text/html", "text/markdown"):
            parts.append(out.get("data", {}).get(key, ""))
    return "".join(parts)


def _run(monkeypatch, **env: str | None):
    import nbformat
    from nbclient import NotebookClient

    for key in ("KG_STORE", "KG_NOTEBOOK_STORE", "KG_COMPANY"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        if value is not None:
            monkeypatch.setenv(key, value)
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=900,
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()  # raises CellExecutionError on the first failing cell
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not any(o.get("output_type") == "error" for o in c.outputs) for c in code)
    return code


def _cell(code, marker: str):
    return next(c for c in code if marker in c.source)


def test_explore_notebook_on_the_seeds(tmp_path: Path, monkeypatch) -> None:
    code = _run(monkeypatch, KG_NOTEBOOK_STORE=str(tmp_path / "store"))
    build_out = _text(_cell(code, "build("))
    seeds = [p for p in (REPO / "seeds").iterdir() if p.is_file()]
    assert f"articles:  {len(seeds)} added" in build_out
    examples = _text(_cell(code, "queries_dir()"))
    n_examples = len(list((REPO / "ontology" / "queries").glob("*.rq")))
    assert f"{n_examples} example queries run" in examples
    buys = _text(_cell(code, "buys = facts"))
    assert "General Motors" in buys and "TDK" in buys
    assert "evidence" in buys and "modality" in buys
    profile = _text(_cell(code, "profile = "))
    assert "facts (" in profile and "counterparts" in profile and "evidence" in profile
    assert "supplies to" not in profile and "suppliesTo" not in profile  # no restatements
    negated = _text(_cell(code, "negated = "))
    assert "investsIn" in negated and "does not intend" in negated  # GM's denied stake
    assert "Most central companies" in _text(_cell(code, "company_graph = "))
    assert "decisions to review" in _text(_cell(code, "decisions = "))
    graph = _text(_cell(code, "viz.render"))
    assert "<iframe srcdoc=" in graph and "General Motors" in graph
    assert (tmp_path / "graph.html").is_file()


def _dated_corpus(path: Path, n: int) -> Path:
    """n generated wire articles (benchmarks/corpus.py) with publication dates over a year."""
    from benchmarks.corpus import articles

    rng = random.Random(16)
    with path.open("w", encoding="utf-8") as fh:
        for rec in articles(n, seed=16, sentences=(4, 7)):
            rec["published"] = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            fh.write(json.dumps(rec) + "\n")
        for rec in DEALS:
            fh.write(json.dumps(rec) + "\n")
    return path


# Deals that state what they are worth (the generated wire text states no amounts).
DEALS = [
    {
        "title": "Kelvara buys Brightline",
        "published": "2024-03-12",
        "text": "Kelvara Energy agreed to acquire Brightline Batteries for $2.3 billion, the "
        "companies said on Tuesday.",
    },
    {
        "title": "Ostrava Motors invests in Cellion",
        "published": "2024-06-04",
        "text": "Ostrava Motors will invest €500 million in Cellion Systems, a battery start-up "
        "based in Lyon.",
    },
    {
        "title": "Marant takes a stake in Voltaic",
        "published": "2024-07-19",
        "text": "Marant Industries took a 20% stake in Voltaic Materials for $150 million in May.",
    },
]


def test_explore_notebook_on_a_given_store_of_generated_articles(
    tmp_path: Path, monkeypatch
) -> None:
    from kg.pipeline import build
    from kg.store import Store

    store = tmp_path / "store"
    report = build(
        [_dated_corpus(tmp_path / "wire.jsonl", 60)], store=store, progress=False, lang="en"
    )
    assert report.added >= 50
    before = Store(store, read_only=True)
    quads, titles = (
        len(before),
        {
            r["t"].value
            for r in before.query("SELECT ?t WHERE { ?a <http://purl.org/dc/terms/title> ?t }")
        },
    )
    del before

    code = _run(monkeypatch, KG_STORE=str(store), KG_COMPANY="catl")
    assert "nothing is built or added" in _text(_cell(code, "build("))
    after = Store(store, read_only=True)
    assert len(after) == quads  # read only: the seeds were not added
    assert {
        r["t"].value
        for r in after.query("SELECT ?t WHERE { ?a <http://purl.org/dc/terms/title> ?t }")
    } == titles

    profile = _text(_cell(code, "profile = "))
    assert "### CATL:" in profile and "battery update" in profile  # article titles
    central = _text(_cell(code, "company_graph = "))
    assert "Most central companies" in central and "communities" in central
    timeline = _cell(code, "Facts over publication time")
    assert any("image/png" in o.get("data", {}) for o in timeline.outputs)
    dated = _text(timeline).split(" of ")[0].strip()
    assert int(dated) > 0
    deals = _cell(code, "deal_rels = ")
    assert any("image/png" in o.get("data", {}) for o in deals.outputs)
    shown = _text(deals)
    with_amount = re.search(r"(\d+) with an amount", shown)
    assert with_amount and int(with_amount.group(1)) >= len(DEALS), shown[:300]
    assert "acquires" in shown and "USD" in shown and "EUR" in shown  # the table of amounts
