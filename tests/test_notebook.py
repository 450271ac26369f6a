"""notebooks/explore.ipynb executes top to bottom in a real kernel (the .venv's python3) with no
network, and its cells show what they promise."""

from __future__ import annotations

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


def test_explore_notebook_runs_top_to_bottom(tmp_path: Path, monkeypatch) -> None:
    import nbformat
    from nbclient import NotebookClient

    monkeypatch.setenv("KG_NOTEBOOK_STORE", str(tmp_path / "store"))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(nb, kernel_name="python3", timeout=900,
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()  # raises CellExecutionError on the first failing cell

    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not any(o.get("output_type") == "error" for o in c.outputs) for c in code)
    build_out = _text(next(c for c in code if "build(" in c.source))
    seeds = [p for p in (REPO / "seeds").iterdir() if p.is_file()]
    assert f"articles:  {len(seeds)} added" in build_out
    examples = _text(next(c for c in code if "queries_dir()" in c.source))
    n_examples = len(list((REPO / "ontology" / "queries").glob("*.rq")))
    assert f"{n_examples} example queries run" in examples
    buys = _text(next(c for c in code if "buys = sparql_df" in c.source))
    assert "General Motors" in buys and "TDK" in buys
    assert "evidence" in buys and "modality" in buys
    graph = _text(next(c for c in code if "viz.render" in c.source))
    assert "<iframe srcdoc=" in graph and "General Motors" in graph
    assert (tmp_path / "graph.html").is_file()
