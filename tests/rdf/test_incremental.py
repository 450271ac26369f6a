"""Issue 12: incremental inference equals full recomputation, quad for quad; the entity index
stays consistent with the article graphs.

The rule-level tests write article graphs shaped like `kg.rdf.article` output (statements with
modality and confidence, the direct triple unless negated) over a small node set dense in
property chains (facilities operated by companies, buying from and licensing through them), then
add and drop articles at random and compare `update_inferred` with `infer` on a copy.
"""

from __future__ import annotations

import random
import signal
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from support.chains import COMPANIES, FACILITIES
from support.chains import article as _article
from support.paths import REPO

from kg.rdf import infer
from kg.rdf.incremental import update_inferred
from kg.rdf.terms import DEFAULT_BASE, KGO, RDF, inferred_graph
from kg.store import Store
from kg.store.index import direct_facts
from kg.store.protocol import update_text

REPO = REPO
BASE = DEFAULT_BASE


def _inferred(store: ox.Store) -> set[str]:
    return {str(q) for q in store.quads_for_pattern(None, None, None, inferred_graph(BASE))}


def _recomputed(store: ox.Store) -> set[str]:
    copy = ox.Store()
    copy.extend(q for q in store if q.graph_name != inferred_graph(BASE))
    infer(copy, base=BASE)
    return _inferred(copy)


@pytest.mark.parametrize("seed", range(12))
def test_incremental_equals_full_after_adds_and_drops(seed: int) -> None:
    rng = random.Random(seed)
    store = ox.Store()
    graphs: dict[str, list[ox.Quad]] = {}
    n = 0
    for _ in range(rng.randint(3, 12)):
        graphs[f"{BASE}graph/a{n}"] = quads = _article(rng, n)
        store.extend(quads)
        n += 1
    infer(store, base=BASE)
    for _step in range(6):
        changed: list[tuple[str, str, str]] = []
        drop = rng.sample(sorted(graphs), k=min(len(graphs), rng.randint(0, 2)))
        for g in drop:
            changed += direct_facts(graphs.pop(g))
            store.remove_graph(ox.NamedNode(g))
        for _ in range(rng.randint(0, 4)):
            graphs[f"{BASE}graph/a{n}"] = quads = _article(rng, n)
            changed += direct_facts(quads)
            store.extend(quads)
            n += 1
        remove, add, _ = update_inferred(store, changed, base=BASE)
        text = update_text(remove=remove, add=add)
        if text:
            store.update(text)
        assert _inferred(store) == _recomputed(store), (seed, _step)


def test_incremental_region_stays_local() -> None:
    """Adding one fact between two companies does not recompute the rest of the graph."""
    rng = random.Random(5)
    store = ox.Store()
    for n in range(40):
        store.extend(_article(rng, n))
    infer(store, base=BASE)
    far = [f"{BASE}entity/organization/x{i}" for i in range(2)]
    g = ox.NamedNode(f"{BASE}graph/new")
    st = ox.NamedNode(f"{BASE}statement/new/0")
    quads = [
        ox.Quad(st, ox.NamedNode(RDF + "type"), ox.NamedNode(RDF + "Statement"), g),
        ox.Quad(st, ox.NamedNode(RDF + "subject"), ox.NamedNode(far[0]), g),
        ox.Quad(st, ox.NamedNode(RDF + "predicate"), ox.NamedNode(KGO + "buysFrom"), g),
        ox.Quad(st, ox.NamedNode(RDF + "object"), ox.NamedNode(far[1]), g),
        ox.Quad(st, ox.NamedNode(KGO + "modality"), ox.NamedNode(KGO + "Asserted"), g),
        ox.Quad(
            st,
            ox.NamedNode(KGO + "confidence"),
            ox.Literal("0.9", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")),
            g,
        ),
        ox.Quad(ox.NamedNode(far[0]), ox.NamedNode(KGO + "buysFrom"), ox.NamedNode(far[1]), g),
    ]
    store.extend(quads)
    remove, add, pairs = update_inferred(store, direct_facts(quads), base=BASE)
    assert pairs <= 2 and not remove and len(add) > 0
    store.update(update_text(remove=remove, add=add))
    assert _inferred(store) == _recomputed(store)


def test_a_fact_no_rule_names_recomputes_nothing() -> None:
    """A new kgo:locatedIn between a company and the facility it operates (and its statement's
    kgo:modality, a direct kgo: triple too) is no premise: the region stays empty."""
    rng = random.Random(3)
    store = ox.Store()
    for n in range(40):
        store.extend(_article(rng, n))
    store.extend(_fact(COMPANIES[0], "operates", FACILITIES[0], "old"))
    infer(store, base=BASE)
    quads = _fact(COMPANIES[0], "locatedIn", FACILITIES[0], "new")
    store.extend(quads)
    changed = list(direct_facts(quads))
    assert {p for _, p, _ in changed} == {KGO + "locatedIn", KGO + "modality"}
    assert update_inferred(store, changed, base=BASE) == (set(), set(), 0)
    assert _inferred(store) == _recomputed(store)


def test_a_self_loop_in_an_old_graph_is_a_premise_found() -> None:
    """The store is read for one side of each inverse pair ((x q n) as (n q' x)), but the
    mirror of a self-loop is never derived: (f licensesTechnologyFrom f) must still be found
    as the premise that makes c1's operating f a licence from f, which c0 now inherits."""
    c0, c1, f = COMPANIES[0], COMPANIES[1], FACILITIES[0]
    store = ox.Store()
    store.extend(_fact(c1, "operates", f, "old1") + _fact(f, "licensesTechnologyFrom", f, "old2"))
    infer(store, base=BASE)
    assert f"<{c1}> <{KGO}licensesTechnologyFrom> <{f}>" in " ".join(_inferred(store))
    quads = _fact(c0, "operates", c1, "new")
    store.extend(quads)
    assert f"<{c0}> <{KGO}licensesTechnologyFrom> <{f}>" in _updated(store, quads)


def test_a_premise_whose_mirror_only_the_inferred_graph_holds() -> None:
    """(x buysFrom f) is looked up as (f suppliesTo x), which only the old inferred graph
    holds: a new (f operatedBy c2) still makes c0 a buyer from c2, and dropping c0's purchase
    takes that back."""
    c0, c2, f = COMPANIES[0], COMPANIES[2], FACILITIES[0]
    store = ox.Store()
    old = _fact(c0, "buysFrom", f, "old")
    store.extend(old)
    infer(store, base=BASE)
    quads = _fact(f, "operatedBy", c2, "new")
    store.extend(quads)
    assert f"<{c0}> <{KGO}buysFrom> <{c2}>" in _updated(store, quads)
    store.remove_graph(ox.NamedNode(f"{BASE}graph/old"))
    assert f"<{c0}> <{KGO}buysFrom> <{c2}>" not in _updated(store, old)


def _updated(store: ox.Store, quads: list[ox.Quad]) -> str:
    """The inferred graph brought up to date after `quads` came or went (it must be the full
    recomputation's), as one text."""
    remove, add, _ = update_inferred(store, direct_facts(quads), base=BASE)
    text = update_text(remove=remove, add=add)
    if text:
        store.update(text)
    assert _inferred(store) == _recomputed(store)
    return " ".join(_inferred(store))


def _fact(s: str, p: str, o: str, name: str) -> list[ox.Quad]:
    g = ox.NamedNode(f"{BASE}graph/{name}")
    st = ox.NamedNode(f"{BASE}statement/{name}/0")
    sn, pn, on = ox.NamedNode(s), ox.NamedNode(KGO + p), ox.NamedNode(o)
    return [
        ox.Quad(st, ox.NamedNode(RDF + "type"), ox.NamedNode(RDF + "Statement"), g),
        ox.Quad(st, ox.NamedNode(RDF + "subject"), sn, g),
        ox.Quad(st, ox.NamedNode(RDF + "predicate"), pn, g),
        ox.Quad(st, ox.NamedNode(RDF + "object"), on, g),
        ox.Quad(st, ox.NamedNode(KGO + "modality"), ox.NamedNode(KGO + "Asserted"), g),
        ox.Quad(st, ox.NamedNode(KGO + "confidence"), ox.Literal("0.9", datatype=_DECIMAL), g),
        ox.Quad(sn, pn, on, g),
    ]


_DECIMAL = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")


# -- the real pipeline ----------------------------------------------------------------------------
def _corpus(path: Path, n: int, *, seed: int = 5) -> Path:
    from benchmarks.corpus import write_jsonl

    return write_jsonl(path, n, seed=seed)


def _rows(st: Store) -> set[str]:
    from kg.store.index import index_graph

    return {str(q.triple) for q in st.ox.quads_for_pattern(None, None, None, index_graph(BASE))}


def _clean(tmp_path: Path, name: str, inputs: list[Path]) -> Store:
    """A build of `inputs` into an empty store: what the incremental store must equal."""
    from kg.pipeline import build

    build(inputs, store=tmp_path / name, progress=False, lang="en")
    return Store(tmp_path / name, read_only=True)


@pytest.mark.slow
def test_pipeline_adds_replacements_and_kill9_match_full_recomputation(tmp_path: Path) -> None:
    from kg.pipeline import build

    first = _corpus(tmp_path / "first.jsonl", 30)
    more = _corpus(tmp_path / "more.jsonl", 10, seed=6)
    store = tmp_path / "store"
    build([first], store=store, progress=False, lang="en")
    st = Store(store)
    assert _inferred(st.ox) == _recomputed(st.ox)
    del st

    report = build([first, more], store=store, progress=False, lang="en")
    assert report.added == 10 and report.unchanged == 30
    # Replace one article: same slot (line 3 of first.jsonl), different text.
    lines = first.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("battery", "cell")
    first.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = build([first, more], store=store, progress=False, lang="en")
    assert report.replaced == 1
    st = Store(store)
    assert _inferred(st.ox) == _recomputed(st.ox)
    # The index (entity rows with their resolution evidence) is the one a build of the same
    # articles into an empty store writes (the replaced article's names recur in others).
    assert _rows(st) == _rows(_clean(tmp_path, "clean-1", [first, more]))
    assert not list(st.ox.quads_for_pattern(None, None, None, ox.NamedNode(f"{BASE}graph/pending")))
    del st

    # kill -9 in the middle of an incremental build, then resume.
    big = _corpus(tmp_path / "big.jsonl", 400, seed=7)
    from support.killbuild import build_until, start_build

    # Killed while it extracts (its parsing child at work): the child leaves with its parent,
    # rather than parse on holding a model. Nothing of the build is written yet: every
    # article's evidence is read before the first graph.
    proc = start_build([first, more, big], store)
    deadline = time.time() + 120
    while time.time() < deadline and not _children(proc.pid):
        time.sleep(0.05)
    children = _children(proc.pid)
    assert children, "a 440-article build with --workers 1 parses in a child process"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.time() + 10
    while time.time() < deadline and any(Path(f"/proc/{c}").exists() for c in children):
        time.sleep(0.2)
    assert not any(Path(f"/proc/{c}").exists() for c in children)
    # Killed again while it writes the article graphs, as soon as the first batch of new ones
    # is on disk (the graphs load in batches of about 100 articles).
    proc = build_until([first, more, big], store, articles=41)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    report = build([first, more, big], store=store, progress=False, lang="en")
    assert 0 < report.added < 400
    st = Store(store)
    assert _inferred(st.ox) == _recomputed(st.ox)
    assert _rows(st) == _rows(_clean(tmp_path, "clean-2", [first, more, big]))
    size = len(st)
    del st
    again = build([first, more, big], store=store, progress=False, lang="en")
    assert again.added == 0 and again.unchanged == 440 and len(Store(store)) == size


def _children(pid: int) -> list[int]:
    return [
        int(c) for f in Path(f"/proc/{pid}/task").glob("*/children") for c in f.read_text().split()
    ]


def test_import_makes_the_next_build_infer_in_full(tmp_path: Path) -> None:
    """Facts loaded by `kg import` were never pending: loading drops the inference state."""
    from kg.store.derived import state, write_state

    st = Store(tmp_path / "store")
    write_state(st, BASE, rules="abc")
    assert state(st, BASE)["rules"] == "abc"
    data = tmp_path / "x.nt"
    data.write_text(f"<{COMPANIES[0]}> <{KGO}buysFrom> <{COMPANIES[1]}> .\n", encoding="utf-8")
    st.load(data)
    assert "rules" not in state(st, BASE)
