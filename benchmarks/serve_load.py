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

Then kg serve under attack (issue 13), on the same store:
- two attackers (clients on 127.0.0.2 and 127.0.0.3), each keeping `--attack-depth` heavy
  queries running (a cross join that runs to the time limit), while small queries (label look-up,
  ASK for a pair) come from 127.0.0.1 at 4 concurrent clients: small-query p95 (target < 1 s);
- the landing page's latency while 64 KB pathological queries are posted (target < 1 s);
- the time to a 413 for a 60 MB body (target < 1 s).

Usage: python benchmarks/serve_load.py [--articles N] [--queries Q] [--clients C] [--workers W]
                                      [--attack-depth D] [--no-attack]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
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
        out.write(
            f"@prefix kgo: <{KGO}> .\n@prefix rdf: <http://www.w3.org/1999/02/"
            "22-rdf-syntax-ns#> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
            "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n@prefix prov: "
            "<http://www.w3.org/ns/prov#> .\n@prefix dcterms: <http://purl.org/dc/terms/> .\n"
            "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        )
        for a in range(n_articles):
            art = f"<{BASE}article/art{a}>"
            lines = [
                f'{art} a kgo:Article ; dcterms:identifier "art{a}" ; dcterms:title '
                f'"Deal news {a}" ; dcterms:publisher "BNN Bloomberg" ; '
                f'dcterms:language "en" ; kgo:origin "corpus.jsonl:{a}" .'
            ]
            quads += 6
            ents = rng.sample(range(N_COMPANIES), 4)
            for e in ents:
                lines.append(
                    f'{company(e)} a kgo:Organization ; rdfs:label "Company {e}"@en ;'
                    f' skos:altLabel "C{e}"@en .'
                )
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
                    f'"Company {s} {pred} Company {o}, the companies said in article {a}." ; '
                    f"kgo:start {n * 80} ; kgo:end {n * 80 + 70} ; kgo:confidence "
                    f"{rng.randint(30, 99) / 100} ; kgo:modality kgo:{modality} ; "
                    f'kgo:extractor "kg.extract.svo.v1" .'
                )
                quads += 11
            out.write(f"<{BASE}graph/art{a}> {{\n" + "\n".join(lines) + "\n}\n")
    return quads


def query_mix(n: int, *, seed: int = 11) -> list[tuple[str, str, str]]:
    """(kind, Accept, query) for n queries."""
    rng = random.Random(seed)
    kinds = {
        "buyers_evidence": 25,
        "label_lookup": 20,
        "entity_facts": 20,
        "ask_pair": 10,
        "modality_conf": 10,
        "top_suppliers": 5,
        "predicate_counts": 5,
        "construct": 5,
    }
    json_accept = "application/sparql-results+json"
    out = []
    for kind in rng.choices(list(kinds), weights=list(kinds.values()), k=n):
        c, d = rng.randrange(N_COMPANIES), rng.randrange(N_COMPANIES)
        if kind == "buyers_evidence":
            q = (
                PREFIXES + "SELECT ?supplier ?evidence ?modality ?conf WHERE { "
                f"?st rdf:subject {company(c)} ; rdf:predicate kgo:buysFrom ; rdf:object ?s ;"
                " kgo:evidence ?evidence ; kgo:modality ?modality ; kgo:confidence ?conf . "
                "?s rdfs:label ?supplier } ORDER BY DESC(?conf) LIMIT 50"
            )
        elif kind == "label_lookup":
            q = PREFIXES + f'SELECT DISTINCT ?e WHERE {{ ?e rdfs:label "Company {c}"@en }}'
        elif kind == "entity_facts":
            q = (
                PREFIXES + f"SELECT DISTINCT ?p ?o ?label WHERE {{ {company(c)} ?p ?o . "
                "OPTIONAL { ?o rdfs:label ?label } } LIMIT 200"
            )
        elif kind == "ask_pair":
            q = PREFIXES + f"ASK {{ {company(c)} kgo:buysFrom {company(d)} }}"
        elif kind == "modality_conf":
            m = rng.choice(MODALITIES[:4])
            q = (
                PREFIXES
                + "SELECT ?st ?evidence ?conf WHERE { ?st kgo:modality kgo:"
                + m
                + f" ; kgo:confidence ?conf ; kgo:evidence ?evidence . FILTER(?conf > "
                f"{rng.randint(50, 95) / 100}) }} ORDER BY DESC(?conf) LIMIT 100"
            )
        elif kind == "top_suppliers":
            q = (
                PREFIXES + "SELECT ?s (COUNT(DISTINCT ?b) AS ?buyers) WHERE { ?b kgo:buysFrom "
                "?s } GROUP BY ?s ORDER BY DESC(?buyers) ?s LIMIT 10"
            )
        elif kind == "predicate_counts":
            q = (
                PREFIXES + "SELECT ?p ?m (COUNT(*) AS ?n) WHERE { ?st rdf:predicate ?p ; "
                "kgo:modality ?m } GROUP BY ?p ?m ORDER BY ?p ?m"
            )
        else:
            q = (
                PREFIXES + f"CONSTRUCT {{ {company(c)} ?p ?o . ?o rdfs:label ?l }} WHERE {{ "
                f"{company(c)} ?p ?o . OPTIONAL {{ ?o rdfs:label ?l }} }}"
            )
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


async def load(
    url: str, mix: list[tuple[str, str, str]], clients: int, *, local_address: str | None = None
) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    counts: list[int | None] = [None] * len(mix)
    todo = iter(enumerate(mix))
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    transport = httpx.AsyncHTTPTransport(local_address=local_address, limits=limits)

    async with httpx.AsyncClient(timeout=60, transport=transport) as client:

        async def one_client() -> None:
            for i, (kind, accept, query) in todo:
                started = time.perf_counter()
                try:
                    resp = await client.post(url, data={"query": query}, headers={"Accept": accept})
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
        "errors": errors,
        "counts": counts,
        "wall": wall,
        "p50": statistics.median(latencies) * 1000 if latencies else float("nan"),
        "p95": latencies[int(0.95 * (len(latencies) - 1))] * 1000 if latencies else float("nan"),
        "mean": statistics.fmean(latencies) * 1000 if latencies else float("nan"),
        "qps": len(latencies) / wall,
    }


HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


async def attacked(url: str, small: list[tuple[str, str, str]], depth: int) -> dict:
    """Small-query latency while two clients each keep `depth` heavy queries running."""
    stop = asyncio.Event()
    statuses: list[int] = []

    async def attacker(address: str) -> None:
        transport = httpx.AsyncHTTPTransport(local_address=address)
        async with httpx.AsyncClient(timeout=120, transport=transport) as client:

            async def loop() -> None:
                while not stop.is_set():
                    try:
                        resp = await client.post(url, data={"query": HEAVY})
                        statuses.append(resp.status_code)
                    except httpx.HTTPError:
                        statuses.append(0)
                        await asyncio.sleep(0.05)

            await asyncio.gather(*(loop() for _ in range(depth)))

    attackers = [asyncio.create_task(attacker(a)) for a in ("127.0.0.2", "127.0.0.3")]
    await asyncio.sleep(2.0)  # the heavy queries hold the workers now
    result = await load(url, small, 4, local_address="127.0.0.1")
    stop.set()
    await asyncio.gather(*attackers)
    result["attacker_statuses"] = {s: statuses.count(s) for s in sorted(set(statuses))}
    return result


def freeze_checks(base: str) -> dict:
    """Landing-page latency during 64 KB pathological queries; time to 413 for 60 MB."""
    import threading

    bodies = ["a." * 32_768, "SELECT * { " + "SERVICE <x> { " * 4_600 + "}" * 4_601]
    landing: list[float] = []
    done = threading.Event()

    def probe() -> None:
        while not done.is_set():
            started = time.perf_counter()
            httpx.get(base + "/", timeout=60)
            landing.append(time.perf_counter() - started)
            time.sleep(0.05)

    thread = threading.Thread(target=probe)
    thread.start()
    statuses = []
    for body in bodies * 3:
        statuses.append(
            httpx.post(
                base + "/sparql",
                content=body,
                timeout=60,
                headers={"Content-Type": "application/sparql-query"},
            ).status_code
        )
    done.set()
    thread.join()
    big_status, big_seconds = post_huge(base, 60_000_000)
    return {
        "landing_max": max(landing),
        "landing_n": len(landing),
        "statuses": statuses,
        "big_status": big_status,
        "big_seconds": big_seconds,
    }


def post_huge(base: str, size: int) -> tuple[str, float]:
    """(status line, seconds until it came) for a form POST of `size` bytes, sent as fast as the
    server takes it while the client watches for an early answer (as curl does)."""
    import select

    host, port = base.split("//", 1)[1].split(":")
    chunk = b"a" * 65536
    started = time.perf_counter()
    with socket.create_connection((host, int(port)), timeout=60) as sock:
        sock.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-"
            b"urlencoded\r\nContent-Length: " + str(size).encode() + b"\r\n\r\nquery="
        )
        sent = 6
        sock.setblocking(False)
        while True:
            readable, writable, _ = select.select([sock], [sock] if sent < size else [], [], 60)
            if readable:
                head = sock.recv(4096).decode("latin-1").split("\r\n", 1)[0]
                return head, time.perf_counter() - started
            if not writable and not readable:
                return "no answer", time.perf_counter() - started
            with contextlib.suppress(BlockingIOError):
                sent += sock.send(chunk[: size - sent])


def bench(
    name: str,
    cmd: list[str],
    url: str,
    mix,
    clients: int,
    *,
    attack: tuple[list, int] | None = None,
) -> dict:
    # A file, not a pipe: a server that logs more than a pipe holds would block on it.
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed below, after the server is gone)
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log)
    try:
        wait_ready(url, proc)
        asyncio.run(load(url, mix[:40], clients))  # warm caches and connections
        result = asyncio.run(load(url, mix, clients))
        if attack is not None:
            result["attack"] = asyncio.run(attacked(url, *attack))
            result["freeze"] = freeze_checks(url.rsplit("/", 1)[0])
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
    print(
        f"{name:>10}: {len(mix)} queries, {clients} clients, {len(result['errors'])} errors, "
        f"p50 {result['p50']:.1f} ms, p95 {result['p95']:.1f} ms, mean {result['mean']:.1f} ms,"
        f" {result['qps']:.0f} queries/s"
    )
    for err in result["errors"][:5]:
        print(f"            {err}")
    if result["errors"]:
        log.seek(0)
        tail = log.read().decode("utf-8", "replace").strip().splitlines()[-15:]
        print("\n".join(f"    server: {line}" for line in tail))
    log.close()
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--workers", type=int, default=None, help="kg query workers (default: kg's)")
    ap.add_argument(
        "--attack-depth",
        type=int,
        default=2,
        help="heavy queries each of the two attackers keeps running (default: 2)",
    )
    ap.add_argument("--no-attack", action="store_true", help="skip the attack phase")
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
        subprocess.run(
            [oxigraph, "load", "--location", str(theirs), "--file", str(trig)],
            check=True,
            capture_output=True,
        )
        print(f"data: {args.articles} articles, {n_quads:,} quads; mix of {args.queries} queries")
        mix = query_mix(args.queries)

        port = free_port()
        opts = {"access_log": False, "log_level": "warning"}
        if args.workers:
            opts["workers"] = args.workers
        kg_cmd = [
            sys.executable,
            "-c",
            "import sys, json; from kg.serve import run; "
            "run(sys.argv[1], port=int(sys.argv[2]), **json.loads(sys.argv[3]))",
            str(ours),
            str(port),
            json.dumps(opts),
        ]
        small = [m for m in query_mix(400, seed=23) if m[0] in ("label_lookup", "ask_pair")][:200]
        kg = bench(
            "kg serve",
            kg_cmd,
            f"http://127.0.0.1:{port}/sparql",
            mix,
            args.clients,
            attack=None if args.no_attack else (small, args.attack_depth),
        )

        port = free_port()
        ox_cmd = [
            oxigraph,
            "serve",
            "--location",
            str(theirs),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ]
        ref = bench("oxigraph", ox_cmd, f"http://127.0.0.1:{port}/query", mix, args.clients)

        mismatched = [
            mix[i][0]
            for i, (a, b) in enumerate(zip(kg["counts"], ref["counts"], strict=True))
            if a is not None and b is not None and a != b
        ]
        print(
            f"row counts: {len(mix) - len(mismatched)} of {len(mix)} queries agree"
            + (f"; differ: {sorted(set(mismatched))}" if mismatched else "")
        )
        print(
            f"ratio kg/oxigraph: p50 {kg['p50'] / ref['p50']:.2f}x, "
            f"p95 {kg['p95'] / ref['p95']:.2f}x, throughput {ref['qps'] / kg['qps']:.2f}x"
        )
        ok = not (kg["errors"] or ref["errors"] or mismatched)
        ok &= kg["p95"] <= 1.5 * ref["p95"]
        if "attack" in kg:
            att, frz = kg["attack"], kg["freeze"]
            print(
                f"under attack (2 clients x {args.attack_depth} heavy queries): {len(small)} "
                f"small queries, {len(att['errors'])} errors, p50 {att['p50']:.1f} ms, p95 "
                f"{att['p95']:.1f} ms (target < 1000 ms); attackers got "
                f"{att['attacker_statuses']}"
            )
            for err in att["errors"][:5]:
                print(f"            {err}")
            print(
                f"pathological 64 KB queries answered {sorted(set(frz['statuses']))}; landing "
                f"page max {frz['landing_max'] * 1000:.0f} ms over {frz['landing_n']} requests "
                f"(target < 1000 ms); 60 MB body: {frz['big_status']} in "
                f"{frz['big_seconds'] * 1000:.0f} ms (target 413 < 1000 ms)"
            )
            ok &= not att["errors"] and att["p95"] < 1000 and frz["landing_max"] < 1.0
            ok &= " 413 " in frz["big_status"] and frz["big_seconds"] < 1.0
        if not ok:
            sys.exit(1)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
