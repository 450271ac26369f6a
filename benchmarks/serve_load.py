"""Load check for `kg serve`: 1,000 queries of a realistic mix at 20 concurrent clients, against
kg's server and against `oxigraph serve` on the same data, in one run.

Data: a generated TriG in the RDF model of docs/architecture.md (one named graph per article with
the article node, entity labels and altLabels, direct triples, and an `rdf:Statement` per fact
with evidence, offsets, confidence, modality and provenance). It is loaded into kg's store with
`kg.store.Store.load` and into a separate directory with `oxigraph load`; Oxigraph serves it with
`--union-default-graph`, so both answer the same queries over the same default graph.

Mix (weights): who-buys-from-whom with evidence for one company, label look-up, an entity's
outgoing facts, ASK for a pair, facts of a modality above a confidence, top suppliers (GROUP BY
over everything), per-predicate counts, CONSTRUCT of a company's neighbourhood as Turtle.
Each client sends its queries one after another; latency is per request, measured client-side.
Both servers must give the same number of rows for every query, and 0 errors.

Usage: python benchmarks/serve_load.py [--articles N] [--queries Q] [--clients C] [--workers W]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

KGO = "http://kg.example.org/ontology#"
BASE = "http://kg.example.org/"
PREFIXES = f"""PREFIX kgo: <{KGO}>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
PREDICATES = ["buysFrom", "supplies", "partnersWith", "invests", "locatedIn"]
MODALITIES = ["Asserted", "Planned", "Negotiating", "Hedged", "Negated"]
N_COMPANIES = 300


def company(i: int) -> str:
    return f"<{BASE}entity/organization/company-{i}>"


def generate(path: Path, n_articles: int, *, seed: int = 5) -> int:
    """Write the TriG; returns the number of quads."""
    rng = random.Random(seed)
    quads = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(f"@prefix kgo: <{KGO}> .\n@prefix rdf: <http://www.w3.org/1999/02/"
                  "22-rdf-syntax-ns#> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                  "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n@prefix prov: "
                  "<http://www.w3.org/ns/prov#> .\n@prefix dcterms: <http://purl.org/dc/terms/> .\n"
                  "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n")
        for a in range(n_articles):
            art = f"<{BASE}article/art{a}>"
            lines = [f"{art} a kgo:Article ; dcterms:identifier \"art{a}\" ; dcterms:title "
                     f"\"Deal news {a}\" ; dcterms:publisher \"BNN Bloomberg\" ; "
                     f"dcterms:language \"en\" ; kgo:origin \"corpus.jsonl:{a}\" ."]
            quads += 6
            ents = rng.sample(range(N_COMPANIES), 4)
            for e in ents:
                lines.append(f"{company(e)} a kgo:Organization ; rdfs:label \"Company {e}\"@en ;"
                             f" skos:altLabel \"C{e}\"@en .")
                quads += 3
            for n in range(rng.randint(2, 5)):
                s, o = rng.sample(ents, 2)
                pred = rng.choice(PREDICATES)
                modality = rng.choices(MODALITIES, weights=[5, 2, 2, 1, 1])[0]
                if modality != "Negated":
                    lines.append(f"{company(s)} kgo:{pred} {company(o)} .")
                    quads += 1
                st = f"<{BASE}statement/art{a}/{n}>"
                lines.append(
                    f"{st} a rdf:Statement ; rdf:subject {company(s)} ; rdf:predicate kgo:{pred}"
                    f" ; rdf:object {company(o)} ; prov:wasDerivedFrom {art} ; kgo:evidence "
                    f"\"Company {s} {pred} Company {o}, the companies said in article {a}.\" ; "
                    f"kgo:start {n * 80} ; kgo:end {n * 80 + 70} ; kgo:confidence "
                    f"{rng.randint(30, 99) / 100} ; kgo:modality kgo:{modality} ; "
                    f"kgo:extractor \"kg.extract.svo.v1\" .")
                quads += 11
            out.write(f"<{BASE}graph/art{a}> {{\n" + "\n".join(lines) + "\n}\n")
    return quads


def query_mix(n: int, *, seed: int = 11) -> list[tuple[str, str, str]]:
    """(kind, Accept, query) for n queries."""
    rng = random.Random(seed)
    kinds = {
        "buyers_evidence": 25, "label_lookup": 20, "entity_facts": 20, "ask_pair": 10,
        "modality_conf": 10, "top_suppliers": 5, "predicate_counts": 5, "construct": 5,
    }
    json_accept = "application/sparql-results+json"
    out = []
    for kind in rng.choices(list(kinds), weights=list(kinds.values()), k=n):
        c, d = rng.randrange(N_COMPANIES), rng.randrange(N_COMPANIES)
        if kind == "buyers_evidence":
            q = (PREFIXES + "SELECT ?supplier ?evidence ?modality ?conf WHERE { "
                 f"?st rdf:subject {company(c)} ; rdf:predicate kgo:buysFrom ; rdf:object ?s ;"
                 " kgo:evidence ?evidence ; kgo:modality ?modality ; kgo:confidence ?conf . "
                 "?s rdfs:label ?supplier } ORDER BY DESC(?conf) LIMIT 50")
        elif kind == "label_lookup":
            q = PREFIXES + f'SELECT DISTINCT ?e WHERE {{ ?e rdfs:label "Company {c}"@en }}'
        elif kind == "entity_facts":
            q = (PREFIXES + f"SELECT DISTINCT ?p ?o ?label WHERE {{ {company(c)} ?p ?o . "
                 "OPTIONAL { ?o rdfs:label ?label } } LIMIT 200")
        elif kind == "ask_pair":
            q = PREFIXES + f"ASK {{ {company(c)} kgo:buysFrom {company(d)} }}"
        elif kind == "modality_conf":
            m = rng.choice(MODALITIES[:4])
            q = (PREFIXES + "SELECT ?st ?evidence ?conf WHERE { ?st kgo:modality kgo:" + m +
                 f" ; kgo:confidence ?conf ; kgo:evidence ?evidence . FILTER(?conf > "
                 f"{rng.randint(50, 95) / 100}) }} ORDER BY DESC(?conf) LIMIT 100")
        elif kind == "top_suppliers":
            q = (PREFIXES + "SELECT ?s (COUNT(DISTINCT ?b) AS ?buyers) WHERE { ?b kgo:buysFrom "
                 "?s } GROUP BY ?s ORDER BY DESC(?buyers) ?s LIMIT 10")
        elif kind == "predicate_counts":
            q = (PREFIXES + "SELECT ?p ?m (COUNT(*) AS ?n) WHERE { ?st rdf:predicate ?p ; "
                 "kgo:modality ?m } GROUP BY ?p ?m ORDER BY ?p ?m")
        else:
            q = (PREFIXES + f"CONSTRUCT {{ {company(c)} ?p ?o . ?o rdfs:label ?l }} WHERE {{ "
                 f"{company(c)} ?p ?o . OPTIONAL {{ ?o rdfs:label ?l }} }}")
            out.append((kind, "application/n-triples", q))
            continue
        out.append((kind, json_accept, q))
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(url: str, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            if httpx.get(url, params={"query": "ASK {}"}, timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{url} did not come up")


def rows(kind: str, resp: httpx.Response) -> int:
    if kind == "construct":
        return sum(1 for line in resp.text.splitlines() if line.strip())
    data = resp.json()
    return int(data["boolean"]) if "boolean" in data else len(data["results"]["bindings"])


async def load(url: str, mix: list[tuple[str, str, str]], clients: int) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    counts: list[int | None] = [None] * len(mix)
    todo = iter(enumerate(mix))
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        async def one_client() -> None:
            for i, (kind, accept, query) in todo:
                started = time.perf_counter()
                try:
                    resp = await client.post(url, data={"query": query},
                                             headers={"Accept": accept})
                    elapsed = time.perf_counter() - started
                    if resp.status_code != 200:
                        errors.append(f"{kind}: HTTP {resp.status_code} {resp.text[:120]}")
                        continue
                    counts[i] = rows(kind, resp)
                    latencies.append(elapsed)
                except httpx.HTTPError as exc:
                    errors.append(f"{kind}: {type(exc).__name__} {exc}")

        started = time.perf_counter()
        await asyncio.gather(*(one_client() for _ in range(clients)))
        wall = time.perf_counter() - started
    latencies.sort()
    return {
        "errors": errors, "counts": counts, "wall": wall,
        "p50": statistics.median(latencies) * 1000 if latencies else float("nan"),
        "p95": latencies[int(0.95 * (len(latencies) - 1))] * 1000 if latencies else float("nan"),
        "mean": statistics.fmean(latencies) * 1000 if latencies else float("nan"),
        "qps": len(latencies) / wall,
    }


def bench(name: str, cmd: list[str], url: str, mix, clients: int) -> dict:
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_ready(url, proc)
        asyncio.run(load(url, mix[:40], clients))  # warm caches and connections
        result = asyncio.run(load(url, mix, clients))
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
    print(f"{name:>10}: {len(mix)} queries, {clients} clients, {len(result['errors'])} errors, "
          f"p50 {result['p50']:.1f} ms, p95 {result['p95']:.1f} ms, mean {result['mean']:.1f} ms,"
          f" {result['qps']:.0f} queries/s")
    for err in result["errors"][:5]:
        print(f"            {err}")
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--workers", type=int, default=None, help="kg query workers (default: kg's)")
    args = ap.parse_args()
    oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(oxigraph).exists():
        raise SystemExit("the oxigraph CLI is needed (pip install oxigraph)")

    from kg.store import Store

    work = Path(tempfile.mkdtemp(prefix="kg-serve-load-"))
    try:
        trig = work / "data.trig"
        n_quads = generate(trig, args.articles)
        ours, theirs = work / "kg-store", work / "oxigraph-store"
        store = Store(ours)
        store.load(trig)
        store.close()
        del store
        subprocess.run([oxigraph, "load", "--location", str(theirs), "--file", str(trig)],
                       check=True, capture_output=True)
        print(f"data: {args.articles} articles, {n_quads:,} quads; mix of {args.queries} queries")
        mix = query_mix(args.queries)

        port = free_port()
        opts = {"access_log": False, "log_level": "warning"}
        if args.workers:
            opts["workers"] = args.workers
        kg_cmd = [sys.executable, "-c", "import sys, json; from kg.serve import run; "
                  "run(sys.argv[1], port=int(sys.argv[2]), **json.loads(sys.argv[3]))",
                  str(ours), str(port), json.dumps(opts)]
        kg = bench("kg serve", kg_cmd, f"http://127.0.0.1:{port}/sparql", mix, args.clients)

        port = free_port()
        ox_cmd = [oxigraph, "serve", "--location", str(theirs), "--bind", f"127.0.0.1:{port}",
                  "--union-default-graph"]
        ref = bench("oxigraph", ox_cmd, f"http://127.0.0.1:{port}/query", mix, args.clients)

        mismatched = [mix[i][0] for i, (a, b) in enumerate(zip(kg["counts"], ref["counts"],
                                                                strict=True))
                      if a is not None and b is not None and a != b]
        print(f"row counts: {len(mix) - len(mismatched)} of {len(mix)} queries agree"
              + (f"; differ: {sorted(set(mismatched))}" if mismatched else ""))
        print(f"ratio kg/oxigraph: p50 {kg['p50'] / ref['p50']:.2f}x, "
              f"p95 {kg['p95'] / ref['p95']:.2f}x, throughput {ref['qps'] / kg['qps']:.2f}x")
        if kg["errors"] or ref["errors"] or mismatched:
            sys.exit(1)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
