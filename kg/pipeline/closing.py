"""The closing steps of a build: settle the index's stale entities, write the ontology graph,
bring the derived graphs up to date and count (`settle`); for a large first build, in a process
of its own, followed there by the merge of the store's files (`settle_elsewhere`,
`python -m kg.pipeline.closing STORE`).

Why a process of its own (issue 26: "client memory flat"): a large first build writes through
a writer process (`kg.store.writer`), and when that ends the store holds every bulk load's
files, unmerged. The closing steps read across all of them (every stale entity's rows, a row of
every entity for the count), and RocksDB keeps what it opens of each file in the process that
holds the store: the build process's peak at 60,000 articles came in the counts and the merge,
after its own stages had stayed flat (docs/scaling.md, "Stop 39: the closing steps"). The child
runs the same steps with the same code on its own handle, merges the files and answers the
counts; the build process holds no handle meanwhile and takes it back on the merged store.

A child killed or failing is one `StoreError`; what it had not finished is what a build killed
at that point leaves (the derived graphs not marked complete: the next build infers in full).
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from kg.errors import StoreError
from kg.mint import inferred_graph, ontology_graph, sparql_prologue
from kg.paths import child_env
from kg.pipeline.derive import derive
from kg.pipeline.report import BuildReport

if TYPE_CHECKING:
    from kg.store import Store
    from kg.store.remote import RemoteStore


@dataclass(frozen=True)
class Closing:
    """What the closing steps need to know of the build (all of it fits a JSON line)."""

    base: str
    full: bool  # infer in full: the inferred graph is not complete under the current rules
    changed: bool  # the build changed some article graph
    digest: str  # the rules' digest
    facts_ok: bool  # the facts graph is complete under the current facts rules
    inferred: int | None = None  # a first build's count of the inferred graph it wrote
    facts_written: bool = False  # ... and whether it wrote the facts graph too
    facts: int | None = None  # the extracted facts, if known (a first build counts what it wrote)
    compact: bool = False  # merge the store's files after (`settle_elsewhere` only)


def settle(st: Store | RemoteStore, c: Closing, report: BuildReport) -> None:
    """Settle the stale entities, write the ontology graph if it changed, bring the derived
    graphs up to date (stage "infer") and count into `report`."""
    from kg.rdf import ontology_quads
    from kg.store import index

    index.repair(st, c.base)
    # Written only when it changed: a no-op build then writes nothing (and adds no store file).
    ontology = ontology_quads(base=c.base)
    if set(index.graph_quads(st, ontology_graph(c.base))) != set(ontology):
        st.put_graph(ontology_graph(c.base), ontology)
    with report.stage("infer"):
        report.inferred = derive(
            st,
            c.base,
            full=c.full,
            changed=c.changed,
            digest=c.digest,
            facts_ok=c.facts_ok,
            inferred=c.inferred,
            facts_written=c.facts_written,
        )
    report.entities, report.facts = counts(st, c.base, facts=c.facts)
    st.flush()


def counts(st: Store | RemoteStore, base: str, *, facts: int | None) -> tuple[int, int]:
    """(entities, extracted facts) in the store (`facts` if known). Entities are the index's
    (one row each, every entity has an English label; `index.entity_count`, as on the
    endpoint's landing page); a distinct count over the union of article graphs cost a
    10-article build on a 2,000-article store a fifth of its time."""
    from kg.store import index

    entities = index.entity_count(st)
    if facts is not None:
        return entities, facts
    q = f"""{sparql_prologue("rdf")}
    SELECT (COUNT(?s) AS ?n) WHERE {{ GRAPH ?g {{ ?s a rdf:Statement }}
      FILTER(?g != <{inferred_graph(base)}>) }}"""
    facts = int(next(iter(st.query(q, union=False)))["n"].value)
    return entities, facts


def settle_elsewhere(st: Store, c: Closing, report: BuildReport) -> None:
    """`settle` the local store `st`, then merge its files if `c.compact` (stage "compact"),
    in a child process; `st` lets go of its handle meanwhile. The child's CPU is the stages'
    CPU spent elsewhere (`BuildReport.stage`)."""
    if st.path is None:
        raise StoreError("a store in memory has no other process to close it")
    with st.released():
        done = subprocess.run(
            [sys.executable, "-m", "kg.pipeline.closing", str(st.path)],
            input=json.dumps(asdict(c)),
            capture_output=True,
            text=True,
            check=False,
            env=child_env(),
        )
    answer = done.stdout.strip().splitlines()
    if done.returncode != 0 or not answer:
        said = done.stderr.strip().splitlines()
        reason = said[-1] if said else f"its process ended (exit {done.returncode})"
        raise StoreError(f"cannot finish the build: {reason}", path=str(st.path))
    out = json.loads(answer[-1])
    report.inferred, report.entities, report.facts = out["inferred"], out["entities"], out["facts"]
    for name, (wall, cpu) in out["stages"].items():
        row = report.stages.setdefault(name, [0.0, 0.0, 0.0])
        row[0] += wall
        row[2] += cpu


def main(path: str) -> None:
    """The child: `settle` the store at `path` as the JSON `Closing` on stdin says, merge its
    files (`compact`), and print the counts and the stages' [wall, CPU] seconds as one JSON line."""
    from kg.store import Store

    c = Closing(**json.loads(sys.stdin.read()))
    report = BuildReport(store=path)
    st = Store(path)
    settle(st, c, report)
    if c.compact:
        with report.stage("compact"):
            st.compact()
    st.close()
    stages = {name: row[:2] for name, row in report.stages.items()}
    out = {"inferred": report.inferred, "entities": report.entities, "facts": report.facts}
    print(json.dumps({**out, "stages": stages}))


if __name__ == "__main__":
    main(sys.argv[1])
