"""Load and analytic-query speed of kg's store vs pyoxigraph's own bulk load and vs rdflib, on a
generated 1,000,000-triple graph shaped like kg's output, all in one run.

Data: organisations, countries, facilities, products, articles, and facts in the RDF model of
docs/architecture.md (direct triple + an `rdf:Statement` with evidence, offsets, confidence,
modality, extractor, `prov:wasDerivedFrom` article), written as one N-Triples file.

Measured (same file, same queries, same process):
- load: `kg import` (`kg.store.Store.load`) vs `pyoxigraph.Store.bulk_load` (target <= 1.3x);
  and, when the `oxigraph` CLI is installed, `kg.store.RemoteStore.load` into `oxigraph serve`.
- queries: 2-hop supply chains, GROUP BY counts, provenance look-ups, plant mediation, through
  kg's `Store.query` vs an rdflib in-memory `Graph`, (and through `RemoteStore.query`); the row
  counts of both sides must agree, and the ratio rdflib/kg is printed.

Usage: python benchmarks/sparql.py [N_TRIPLES] [--repeats R] [--no-rdflib] [--no-remote]
"""

from __future__ import annotations

import argparse
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

KGO = "http://kg.example.org/ontology#"
BASE = "http://kg.example.org/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
ORG_PREDICATES = [
    "buysFrom",
    "buysFrom",
    "buysFrom",
    "suppliesTo",
    "licensesTechnologyFrom",
    "partnersWith",
    "jointVentureWith",
    "investsIn",
    "acquires",
    "negotiatesWith",
    "subsidiaryOf",
    "finances",
    "importsFrom",
]
MODALITIES = ["Asserted", "Asserted", "Planned", "Negotiating", "Hedged", "Negated"]

PREFIXES = f"""PREFIX kgo: <{KGO}> PREFIX rdf: <{RDF}> PREFIX rdfs: <{RDFS}>
PREFIX prov: <{PROV}> PREFIX dcterms: <{DCT}> PREFIX xsd: <{XSD}>
"""
QUERIES: dict[str, str] = {
    "2-hop supply chains": """SELECT ?a ?b ?c WHERE {
        ?a kgo:buysFrom ?b . ?b kgo:buysFrom ?c . FILTER(?a != ?c) }""",
    "3-hop supply chains (count)": """SELECT (COUNT(*) AS ?n) WHERE {
        ?a kgo:buysFrom ?b . ?b kgo:buysFrom ?c . ?c kgo:buysFrom ?d }""",
    "GROUP BY predicate": """SELECT ?p (COUNT(?st) AS ?n) WHERE {
        ?st a rdf:Statement ; rdf:predicate ?p } GROUP BY ?p""",
    "GROUP BY country, top suppliers": """SELECT ?c (COUNT(DISTINCT ?o) AS ?n) WHERE {
        ?x kgo:buysFrom ?o . ?o kgo:basedIn ?c } GROUP BY ?c ORDER BY DESC(?n) ?c LIMIT 10""",
    "GROUP BY modality, confident": """SELECT ?m (COUNT(?st) AS ?n) WHERE {
        ?st kgo:modality ?m ; kgo:confidence ?conf FILTER(?conf >= 0.8) } GROUP BY ?m""",
    "provenance of one company": """SELECT ?p ?o ?ev ?title WHERE {
        ?st rdf:subject <http://kg.example.org/entity/organization/org-42> ; rdf:predicate ?p ;
            rdf:object ?o ; kgo:evidence ?ev ; prov:wasDerivedFrom ?a .
        ?a dcterms:title ?title }""",
    "provenance by label": """SELECT ?st ?ev WHERE { ?e rdfs:label "Org 123"@en .
        ?st rdf:object ?e ; kgo:evidence ?ev }""",
    "plant mediation": """SELECT ?buyer ?op WHERE {
        ?buyer kgo:buysFrom ?fac . ?fac a kgo:Facility . ?op kgo:operates ?fac }""",
}


def _iri(kind: str, i: int | str) -> str:
    return (
        f"<{BASE}entity/{kind}/{kind[:3]}-{i}>"
        if kind != "organization"
        else f"<{BASE}entity/organization/org-{i}>"
    )


def generate(path: Path, n_triples: int, *, seed: int = 1) -> int:
    """Write `n_triples` N-Triples in kg's RDF model; returns the count."""
    rng = random.Random(seed)
    n_org = max(50, n_triples // 50)
    n_fac = max(10, n_triples // 200)
    n_art = max(10, n_triples // 100)
    lines: list[str] = []
    count = 0

    def t(s: str, p: str, o: str) -> None:
        nonlocal count
        if count >= n_triples:  # exact size: the last statement may be cut short
            return
        lines.append(f"{s} {p} {o} .\n")
        count += 1

    a = f"<{RDF}type>"
    label = f"<{RDFS}label>"
    for c in range(200):
        t(_iri("country", c), a, f"<{KGO}Country>")
        t(_iri("country", c), label, f'"Country {c}"@en')
    for i in range(n_org):
        t(_iri("organization", i), a, f"<{KGO}Organization>")
        t(_iri("organization", i), label, f'"Org {i}"@en')
        t(_iri("organization", i), f"<{KGO}basedIn>", _iri("country", rng.randrange(200)))
    for i in range(n_fac):
        f = _iri("facility", i)
        t(f, a, f"<{KGO}Facility>")
        t(f, label, f'"Plant {i}"@en')
        t(f, f"<{KGO}locatedIn>", _iri("country", rng.randrange(200)))
        t(_iri("organization", rng.randrange(n_org)), f"<{KGO}operates>", f)
        t(f, f"<{KGO}produces>", _iri("product", rng.randrange(50)))
    for i in range(n_art):
        art = f"<{BASE}article/a{i}>"
        t(art, a, f"<{KGO}Article>")
        t(art, f"<{DCT}identifier>", f'"a{i}"')
        t(art, f"<{DCT}title>", f'"Battery news {i}"')
        t(art, f"<{DCT}publisher>", '"Generated Wire"')
        t(art, f"<{DCT}issued>", f'"2024-{1 + i % 12:02d}-{1 + i % 28:02d}"^^<{XSD}date>')
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        fh.writelines(lines)
        lines.clear()
        while count < n_triples:
            art = rng.randrange(n_art)
            pred = rng.choice(ORG_PREDICATES)
            s = _iri("organization", rng.randrange(n_org))
            o = (
                _iri("facility", rng.randrange(n_fac))
                if pred == "buysFrom" and rng.random() < 0.1
                else _iri("organization", rng.randrange(n_org))
            )
            mod = rng.choice(MODALITIES)
            st = f"<{BASE}statement/a{art}/{n}>"
            n += 1
            if mod != "Negated":
                t(s, f"<{KGO}{pred}>", o)
            t(st, a, f"<{RDF}Statement>")
            t(st, f"<{RDF}subject>", s)
            t(st, f"<{RDF}predicate>", f"<{KGO}{pred}>")
            t(st, f"<{RDF}object>", o)
            t(st, f"<{PROV}wasDerivedFrom>", f"<{BASE}article/a{art}>")
            t(st, f"<{KGO}evidence>", f'"{s[1:-1].rsplit("/", 1)[-1]} {pred} sentence {n}."')
            start = rng.randrange(5000)
            t(st, f"<{KGO}start>", f'"{start}"^^<{XSD}integer>')
            t(st, f"<{KGO}end>", f'"{start + rng.randrange(40, 300)}"^^<{XSD}integer>')
            t(st, f"<{KGO}confidence>", f'"{rng.randrange(30, 100) / 100:.2f}"^^<{XSD}decimal>')
            t(st, f"<{KGO}modality>", f"<{KGO}{mod}>")
            t(st, f"<{KGO}extractor>", '"kg.extract.svo.v1"')
            if len(lines) > 100_000:
                fh.writelines(lines)
                lines.clear()
        fh.writelines(lines)
    return count


def timed(fn: Callable[[], object], repeats: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=1_000_000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--no-rdflib", action="store_true")
    ap.add_argument("--no-remote", action="store_true")
    args = ap.parse_args()

    import pyoxigraph as ox

    from kg.store import Store

    with tempfile.TemporaryDirectory(prefix="kg-sparql-bench-") as tmp:
        data = Path(tmp) / "graph.nt"
        t0 = time.perf_counter()
        n = generate(data, args.n)
        print(
            f"data: {n:,} triples, {data.stat().st_size / 1e6:.0f} MB N-Triples "
            f"(generated in {time.perf_counter() - t0:.1f} s)"
        )

        # -- load --------------------------------------------------------------------------
        t0 = time.perf_counter()
        raw = ox.Store(str(Path(tmp) / "raw"))
        raw.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES)
        raw.flush()
        t_raw = time.perf_counter() - t0
        t0 = time.perf_counter()
        st = Store(Path(tmp) / "kg")
        st.load(data)
        st.flush()
        t_kg = time.perf_counter() - t0
        assert len(st) == len(raw), (len(st), len(raw))
        distinct = len(raw)  # the random facts repeat a triple now and then
        print(f"\nload (1 run each; {distinct:,} distinct triples)")
        print(f"  pyoxigraph bulk_load           {t_raw:8.2f} s")
        print(
            f"  kg import (Store.load)         {t_kg:8.2f} s   ratio {t_kg / t_raw:5.2f}"
            f"  (target <= 1.3: {'MET' if t_kg / t_raw <= 1.3 else 'NOT MET'})"
        )

        remote = None
        server = None
        oxi = Path(sys.executable).with_name("oxigraph")
        oxi_bin = str(oxi) if oxi.exists() else shutil.which("oxigraph")
        if not args.no_remote and oxi_bin:
            from kg.store.remote import open_store

            port = _free_port()
            server = subprocess.Popen(
                [
                    oxi_bin,
                    "serve",
                    "--location",
                    str(Path(tmp) / "srv"),
                    "--bind",
                    f"127.0.0.1:{port}",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            url = f"http://127.0.0.1:{port}"
            remote = open_store(f"sparql:{url}/query", gsp=f"{url}/store", timeout=600)
            for _ in range(200):
                try:
                    remote.query("ASK {}")
                    break
                except Exception:  # server still starting
                    time.sleep(0.05)
            t0 = time.perf_counter()
            remote.load(data)
            t_remote = time.perf_counter() - t0
            assert len(remote) == distinct
            print(
                f"  kg import --store sparql: (GSP POST to oxigraph serve)"
                f" {t_remote:8.2f} s   ratio {t_remote / t_raw:5.2f}"
            )

        graph = None
        if not args.no_rdflib:
            import rdflib

            t0 = time.perf_counter()
            graph = rdflib.Graph()
            graph.parse(str(data), format="nt")
            t_rdflib = time.perf_counter() - t0
            print(
                f"  rdflib Graph.parse (memory)    {t_rdflib:8.2f} s   ratio "
                f"{t_rdflib / t_raw:5.2f}"
            )

        # -- queries -------------------------------------------------------------------------
        print(f"\nqueries (median of {args.repeats}; rows must agree)")
        head = f"  {'query':34} {'rows':>7} {'kg s':>8}"
        head += f" {'remote s':>9}" if remote else ""
        head += f" {'rdflib s':>9} {'rdflib/kg':>9}" if graph is not None else ""
        print(head)
        ratios = []
        for name, q in QUERIES.items():
            t_k, rows = timed(lambda q=q: len(list(st.query(PREFIXES + q))), args.repeats)
            line = f"  {name:34} {rows:>7} {t_k:8.3f}"
            if remote:
                t_r, rrows = timed(lambda q=q: len(list(remote.query(PREFIXES + q))), args.repeats)
                assert rrows == rows, (name, rrows, rows)
                line += f" {t_r:9.3f}"
            if graph is not None:
                t_l, lrows = timed(lambda q=q: len(list(graph.query(PREFIXES + q))), args.repeats)
                assert lrows == rows, (name, lrows, rows)
                ratios.append(t_l / t_k)
                line += f" {t_l:9.3f} {t_l / t_k:9.1f}"
            print(line, flush=True)
        if ratios:
            print(
                f"  geometric mean rdflib/kg: "
                f"{statistics.geometric_mean(ratios):.1f}x (kg faster when > 1)"
            )
        if server is not None:
            server.terminate()
            server.wait(10)


if __name__ == "__main__":
    main()
