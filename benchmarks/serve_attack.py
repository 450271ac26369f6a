"""The endpoint targets of issue 22, measured against a real `kg serve` on 127.0.0.1, in one run.

The server runs with network isolation off (KG_SERVE_SKIP_ISOLATION=netns,seccomp), so the guard
alone stands between a query and a listener, over a generated store in the RDF model of
docs/architecture.md (`benchmarks/serve_load.generate`, 1.2 M quads by default).

1. The guard alone: every spelling of SERVICE, LOAD and a foreign FROM/GRAPH from the attack run
   (and the older ones of tests/serve/test_attack.py), sent four ways: all 4xx, 0 connections
   to a live listener.
2. Small-query latency (label look-up, ASK for a pair; 4 clients on 127.0.0.1): first alone
   (the baseline), then while every heavy attack of the last round runs at once from other
   loopback addresses: two clients looping cross joins to the time limit; 10,000-deep nesting;
   CONCAT doubling; 24 slow readers of a 49 MB answer; 400 connections trickling 1 MB request
   heads; 1 MB query strings; the graph page; clients hanging up mid-body. Targets: p99 < 1 s
   under attack; 10,000-deep nesting answered 400 with no worker death; a query worker's memory
   <= 1 GB; the slow readers closed within 30 s; the server process growing <= 100 MB.
Prints each target with its number and whether it is met; exits 1 if one is not.

Usage: python benchmarks/serve_attack.py [--articles N] [--seconds S] [--workers W]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import shutil
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from support.servers import Listener, Server, spellings

from benchmarks.serve_load import HEAVY, generate, query_mix

DOUBLING = (
    'SELECT (STRLEN(?x40) AS ?n) { BIND("ab" AS ?x0) '
    + " ".join(f"BIND(CONCAT(?x{i}, ?x{i}) AS ?x{i + 1})" for i in range(40))
    + " }"
)
# 40 rows of a 1.25 MB string: a 49 MB answer that Oxigraph computes at once.
BIG = (
    "SELECT ?x { VALUES ?n { " + " ".join(str(i) for i in range(40)) + " } "
    'BIND("0123456789" AS ?a0) '
    + " ".join(f"BIND(CONCAT(?a{i}, ?a{i}) AS ?a{i + 1})" for i in range(17))
    + " BIND(CONCAT(STR(?n), ?a17) AS ?x) }"
)
DEEP = "SELECT * " + "{ " * 10_000 + "}" * 10_000


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                stat = (entry / "stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    out.append(int(entry.name))
    return out


class Memory(threading.Thread):
    """Peak resident memory of the server process and of its query workers, sampled."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.server_peak = 0.0
        self.worker_peak = 0.0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            self.server_peak = max(self.server_peak, rss_mb(self.pid))
            for child in children(self.pid):
                self.worker_peak = max(self.worker_peak, rss_mb(child))
            time.sleep(0.02)


def start_server(store: Path, workers: int | None) -> Server:
    """The server with isolation off: the guard alone stands between a query and a listener."""
    opts: dict[str, object] = {"access_log": False, "query_timeout": 5.0}
    if workers:
        opts["workers"] = workers
    return Server(store, env={"KG_SERVE_SKIP_ISOLATION": "netns,seccomp"}, **opts)


# -- 1. the guard alone ---------------------------------------------------------------------------
def guard_alone(srv: Server) -> tuple[int, int, list[int]]:

    listener = Listener()
    texts = spellings(listener.url)
    statuses = []
    with httpx.Client(timeout=60) as client:
        for text in texts:
            url = srv.url + "/sparql"
            statuses += [
                client.get(url, params={"query": text}).status_code,
                client.post(url, data={"query": text}).status_code,
                client.post(
                    url, content=text, headers={"Content-Type": "application/sparql-query"}
                ).status_code,
                client.post(url, data={"update": text}).status_code,
            ]
    return len(texts), listener.connections(), statuses


# -- 2. small queries ---------------------------------------------------------------------------
async def small_queries(url: str, mix: list, clients: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    deadline = time.monotonic() + seconds
    transport = httpx.AsyncHTTPTransport(local_address="127.0.0.1")
    async with httpx.AsyncClient(timeout=60, transport=transport) as client:

        async def one(offset: int) -> None:
            i = offset
            while time.monotonic() < deadline:
                _, accept, query = mix[i % len(mix)]
                i += clients
                started = time.perf_counter()
                try:
                    resp = await client.post(
                        url + "/sparql", data={"query": query}, headers={"Accept": accept}
                    )
                    if resp.status_code != 200:
                        errors.append(f"HTTP {resp.status_code} {resp.text[:80]}")
                        continue
                    latencies.append(time.perf_counter() - started)
                except httpx.HTTPError as exc:
                    errors.append(f"{type(exc).__name__}")

        await asyncio.gather(*(one(k) for k in range(clients)))
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[int(p * (len(latencies) - 1))] * 1000 if latencies else float("nan")

    return {
        "n": len(latencies),
        "errors": errors,
        "p50": statistics.median(latencies) * 1000 if latencies else float("nan"),
        "p99": pct(0.99),
        "max": latencies[-1] * 1000 if latencies else float("nan"),
    }


# -- 3. the attacks -----------------------------------------------------------------------------
class Attacks:
    def __init__(self, srv: Server, seconds: float) -> None:
        self.srv = srv
        self.stop = threading.Event()
        self.seconds = seconds
        self.statuses: dict[str, list[int]] = {}
        self.slow_closed: list[float] = []
        self.threads: list[threading.Thread] = []

    def _loop(self, name: str, address: str, send) -> None:  # type: ignore[no-untyped-def]
        transport = httpx.HTTPTransport(local_address=address)
        with httpx.Client(timeout=120, transport=transport) as client:
            while not self.stop.is_set():
                try:
                    status = send(client)
                except httpx.HTTPError:
                    status = 0
                    time.sleep(0.1)
                self.statuses.setdefault(name, []).append(status)

    def start(self) -> None:
        url = self.srv.url + "/sparql"

        def post(query: str):  # type: ignore[no-untyped-def]
            return lambda c: c.post(url, data={"query": query}).status_code

        loops = [
            ("heavy", "127.0.0.2", post(HEAVY)),
            ("heavy", "127.0.0.2", post(HEAVY)),
            ("heavy", "127.0.0.3", post(HEAVY)),
            ("heavy", "127.0.0.3", post(HEAVY)),
            ("deep", "127.0.0.4", lambda c: c.post(
                url, content=DEEP, headers={"Content-Type": "application/sparql-query"}
            ).status_code),
            ("concat", "127.0.0.5", post(DOUBLING)),
            ("query-string", "127.0.0.6", lambda c: self._long_get()),
            ("graph", "127.0.0.7", lambda c: c.get(self.srv.url + "/graph/").status_code),
            ("hang-up", "127.0.0.8", lambda c: self._hang_up()),
        ]  # fmt: skip
        for name, address, send in loops:
            self.threads.append(threading.Thread(target=self._loop, args=(name, address, send)))
        for k in range(4):
            self.threads.append(threading.Thread(target=self._slow_reader, args=(k,)))
        for k in range(400):
            self.threads.append(threading.Thread(target=self._trickle, args=(k,)))
        for t in self.threads:
            t.start()

    def _long_get(self) -> int:
        """A GET whose query string is just under 1 MB (httpx refuses to send one)."""
        with socket.socket() as sock:
            sock.bind(("127.0.0.6", 0))
            sock.connect(("127.0.0.1", self.srv.port))
            sock.sendall(
                b"GET /sparql?query=SELECT%20*%20%7B%7D%20%23"
                + b"x" * 990_000
                + b" HTTP/1.1\r\nHost: x\r\n\r\n"
            )
            return _status(sock)

    def _hang_up(self) -> int:
        with socket.create_connection(("127.0.0.1", self.srv.port), timeout=10) as sock:
            sock.sendall(
                b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query"
                b"\r\nContent-Length: 9000\r\n\r\nSELECT"
            )
        time.sleep(0.5)
        return 499

    def _slow_reader(self, k: int) -> None:
        """The 49 MB answer, its head read and then nothing, again and again."""
        while not self.stop.is_set():
            with contextlib.suppress(OSError):
                sock = _ask_big(f"127.0.4.{1 + k}", self.srv.port)
                status = _status(sock)
                self.statuses.setdefault("slow-reader", []).append(status)
                while status == 200 and not self.stop.is_set():
                    try:
                        sock.setblocking(False)
                        sock.recv(1, socket.MSG_PEEK)
                    except BlockingIOError:
                        pass
                    except OSError:
                        break
                    time.sleep(0.2)
                sock.close()

    def _trickle(self, k: int) -> None:
        """A request head of 1 MB, sent at 100 KB/s."""
        address = f"127.0.3.{1 + k % 8}"
        with contextlib.suppress(OSError), socket.socket() as sock:
            sock.bind((address, 0))
            sock.connect(("127.0.0.1", self.srv.port))
            sock.sendall(b"GET /sparql?query=")
            for _ in range(100):
                if self.stop.is_set():
                    return
                sock.sendall(b"a" * 10_000)
                time.sleep(0.1)

    def finish(self) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(self.seconds + 120)


def _ask_big(address: str, port: int) -> socket.socket:
    form = str(httpx.QueryParams({"query": BIG})).encode()
    sock = socket.socket()
    sock.bind((address, 0))
    sock.connect(("127.0.0.1", port))
    sock.sendall(
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-"
        b"urlencoded\r\nContent-Length: " + str(len(form)).encode() + b"\r\n\r\n" + form
    )
    return sock


def _status(sock: socket.socket) -> int:
    """The status of the answer, reading its head and a little of its body at most."""
    sock.settimeout(120)
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = sock.recv(4096)
        if not chunk:
            return 0
        head += chunk
    return int(head[9:12])


TCP_CLOSE, TCP_CLOSE_WAIT = 7, 8


def _tcp_state(sock: socket.socket) -> int:
    """The kernel's state of the connection (a reset or a close by the server shows here even
    while unread data waits in the socket)."""
    return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 1)[0]


def slow_readers(srv: Server, n: int = 24) -> tuple[list[float], list[int]]:
    """`n` readers of the 49 MB answer, each reading its head and then nothing, all held at once:
    seconds from the head to the server's reset, polled by peeking (which reads nothing)."""
    socks, heads, statuses = [], [], []
    for k in range(n):
        sock = _ask_big(f"127.0.2.{1 + k % 4}", srv.port)
        statuses.append(_status(sock))
        heads.append(time.monotonic())
        socks.append(sock)
        sock.setblocking(False)
    closed = [0.0] * n
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and not all(closed):
        for k, sock in enumerate(socks):
            if not closed[k] and _tcp_state(sock) in (TCP_CLOSE, TCP_CLOSE_WAIT):
                closed[k] = time.monotonic() - heads[k]
        time.sleep(0.1)
    for sock in socks:
        sock.close()
    return [c or float("inf") for c in closed], statuses


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=20_000)
    ap.add_argument("--seconds", type=float, default=45.0, help="how long the attack lasts")
    ap.add_argument("--workers", type=int, default=None)
    args = ap.parse_args()

    from kg.store import Store

    work = Path(tempfile.mkdtemp(prefix="kg-serve-attack-"))
    srv = None
    try:
        trig = work / "data.trig"
        n_quads = generate(trig, args.articles)
        store = Store(work / "store")
        store.load(trig)
        store.close()
        del store
        trig.unlink()
        print(f"data: {args.articles} articles, {n_quads:,} quads")
        srv = start_server(work / "store", args.workers)
        rows: list[tuple[str, str, str, bool]] = []

        n_texts, connections, statuses = guard_alone(srv)
        refused = sum(400 <= s < 500 for s in statuses)
        rows.append((
            "guard alone (isolation off): spellings refused 4xx, connections to a listener",
            f"{refused}/{len(statuses)} requests ({n_texts} texts x 4 ways), {connections} "
            "connections",
            "all 4xx, 0 connections",
            refused == len(statuses) and connections == 0,
        ))  # fmt: skip

        started = time.monotonic()
        graph = httpx.get(srv.url + "/graph/", timeout=600)
        rows.append((
            f"graph page on the {n_quads:,}-quad store",
            f"{graph.status_code} in {time.monotonic() - started:.1f} s: {graph.text[:90]!r}"
            if graph.status_code != 200 else f"200 in {time.monotonic() - started:.1f} s",
            "an answer within the budget (60 s, 500,000 quads)",
            time.monotonic() - started < 65,
        ))  # fmt: skip
        deep_before = set(children(srv.proc.pid))
        deep_alone = [
            httpx.post(
                srv.url + "/sparql",
                content=DEEP,
                headers={"Content-Type": "application/sparql-query"},
                timeout=60,
            ).status_code
            for _ in range(20)
        ]
        deep_kept = deep_before == set(children(srv.proc.pid))
        small = [m for m in query_mix(400, seed=23) if m[0] in ("label_lookup", "ask_pair")]
        asyncio.run(small_queries(srv.url, small, 4, 3))  # warm
        base = asyncio.run(small_queries(srv.url, small, 4, 15))

        memory = Memory(srv.proc.pid)
        server_before = rss_mb(srv.proc.pid)
        memory.start()
        attacks = Attacks(srv, args.seconds)
        attacks.start()
        time.sleep(3)  # the attacks hold the workers now
        under = asyncio.run(small_queries(srv.url, small, 4, args.seconds - 3))
        attacks.finish()
        closes, slow_statuses = slow_readers(srv)
        time.sleep(2)
        memory.stop.set()
        memory.join()
        log = srv.stderr()
        deaths = [line for line in log.splitlines() if "died" in line]
        segfaults = [line for line in deaths if "signal 11" in line]
        deep = attacks.statuses.get("deep", [])

        rows += [
            ("small-query p99 alone (baseline)", f"{base['p99']:.0f} ms (p50 {base['p50']:.0f},"
             f" {base['n']} queries, {len(base['errors'])} errors)", "-", True),
            ("small-query p99 under every attack at once", f"{under['p99']:.0f} ms (p50 "
             f"{under['p50']:.0f}, max {under['max']:.0f}, {under['n']} queries, "
             f"{len(under['errors'])} errors; {under['p99'] / base['p99']:.1f}x the baseline)",
             "< 1000 ms", under["p99"] < 1000 and not under["errors"]),
            ("10,000-deep nesting, alone", f"{sorted(set(deep_alone))} x{len(deep_alone)}, "
             f"every process kept: {deep_kept}", "400, no worker death",
             set(deep_alone) == {400} and deep_kept),
            ("10,000-deep nesting, under every attack", f"{sorted(set(deep))} x{len(deep)}, "
             f"{len(segfaults)} workers dead of a crash (signal 11)", "no worker death",
             not segfaults and 400 in deep),
            ("CONCAT doubling: a query worker's peak memory", f"{memory.worker_peak:.0f} MB "
             f"(answered {sorted(set(attacks.statuses.get('concat', [])))})", "<= 1024 MB",
             memory.worker_peak <= 1024),
            ("24 slow readers of a 49 MB answer, held at once: closed after",
             f"max {max(closes):.1f} s (median {statistics.median(closes):.1f} s; answered "
             f"{sorted(set(slow_statuses))})", "<= 30 s",
             max(closes) <= 30 and set(slow_statuses) == {200}),
            ("server process growth under attack", f"{memory.server_peak - server_before:.0f} MB"
             f" ({server_before:.0f} -> peak {memory.server_peak:.0f} MB)", "<= 100 MB",
             memory.server_peak - server_before <= 100),
        ]  # fmt: skip
        other = {k: sorted(set(v)) for k, v in attacks.statuses.items() if k != "deep"}
        print(f"other attacks answered: {other}")
        if under["errors"]:
            print(f"small-query errors under attack: {sorted(set(under['errors']))[:5]}")
        print(f"server log: {len(log.splitlines())} lines, tracebacks: {log.count('Traceback')}")
        width = max(len(r[0]) for r in rows)
        ok = True
        for name, measured, target, met in rows:
            ok &= met
            print(f"{name:<{width}}  {measured}  [target {target}: {'met' if met else 'NOT met'}]")
        if not ok:
            sys.exit(1)
    finally:
        if srv is not None:
            srv.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
