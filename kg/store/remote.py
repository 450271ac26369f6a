"""A store behind HTTP: SPARQL 1.1 Protocol for reads, Graph Store Protocol (GSP) for writes.

Why: past one machine's disk the graph lives in a server (Oxigraph, Fuseki, QLever, Virtuoso,
Neptune) and the build only ships article graphs to it. `RemoteStore` has the public methods of
`kg.store.Store` that the build, query, export and stats use, and returns pyoxigraph result
objects, so callers do not care which one they hold.

Wire protocol
- reads: POST `application/x-www-form-urlencoded` `query=` to the query URL; SELECT/ASK answers
  are SPARQL Results JSON parsed with `pyoxigraph.parse_query_results`; CONSTRUCT/DESCRIBE
  answers (N-Triples) are loaded into a scratch in-memory store and re-queried so the caller gets
  a real `pyoxigraph.QueryTriples`.
- "union of all graphs as the default graph": Oxigraph's `union-default-graph` request parameter
  (the parameter name is configurable; for servers whose default graph already is the union,
  Virtuoso or Fuseki with `unionDefaultGraph`, pass `union_param=None`).
- writes: GSP `PUT ?graph=IRI` replaces one graph (atomic per request), `DELETE ?graph=IRI`
  drops it, `POST` adds. With an update URL, replacements are batched: up to `batch` graphs per
  SPARQL Update request (`DROP SILENT GRAPH` + `INSERT DATA`), one transaction on Oxigraph.
  Every write is idempotent, which is what makes retrying it safe.
- failures and the HTTP client: `kg.store.protocol`.
- inference: around the changed facts, by look-ups over SPARQL (`kg.rdf.incremental`); in
  full the same way around every fact (`RemoteStore.infer`): the store is never copied.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from kg.errors import StoreError
from kg.mint import KGO, inferred_graph, is_graph
from kg.store.oxi import RDF12_FORMATS, Store, rdf_format, union_triples, write
from kg.store.protocol import (
    ACCEPT_QUERY,
    CONTENT_TYPES,
    Client,
    iri_ref,
    ntriples,
    one_line,
    parse_answer,
    quads_as_update,
    split_by_graph,
)

REMOTE_PREFIX = "sparql:"

_QUADS_QUERY = "SELECT ?s ?p ?o ?g WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"


class RemoteStore:
    """A SPARQL endpoint (+ optional GSP and update endpoints) used like `kg.store.Store`.

    `query_url` is the SPARQL query endpoint, `gsp_url` the Graph Store Protocol endpoint (needed
    to write), `update_url` the SPARQL Update endpoint (optional: batches writes, and runs
    inference on the server when `kg.rdf` exposes its rules as SPARQL Update).
    """

    path: Path | None = None  # not a directory: readers that print `store.path` see None

    def __init__(
        self,
        query_url: str,
        *,
        gsp_url: str | None = None,
        update_url: str | None = None,
        token: str | None = None,
        headers: dict[str, str] | None = None,
        read_only: bool = False,
        timeout: float = 60.0,
        retries: int = 4,
        backoff: float = 0.5,
        batch: int = 1,
        union_param: str | None = "union-default-graph",
    ) -> None:
        for name, url in (("query", query_url), ("--gsp", gsp_url), ("--update", update_url)):
            if url is not None and not url.startswith(("http://", "https://")):
                raise StoreError(f"{name} endpoint must be an http(s) URL, not {url!r}")
        self.url = query_url
        self.gsp_url = gsp_url
        self.update_url = update_url
        self.read_only = read_only
        self.batch = max(1, batch)
        self.union_param = union_param
        self._client = Client(
            token=token, headers=headers, timeout=timeout, retries=retries, backoff=backoff
        )
        self._pending: list[tuple[str, list[ox.Quad]]] = []
        self._options: dict[str, Any] = {
            "gsp_url": gsp_url,
            "update_url": update_url,
            "token": token,
            "headers": headers,
            "timeout": timeout,
            "retries": retries,
            "backoff": backoff,
            "batch": batch,
            "union_param": union_param,
        }

    def spec(self) -> dict[str, Any]:
        """What another process needs to open this store again (Dask workers write to it)."""
        return {"kind": "remote", "url": self.url, **self._options}

    def __repr__(self) -> str:
        return f"RemoteStore({self.url!r}, gsp_url={self.gsp_url!r})"

    def __str__(self) -> str:
        return self.url

    @property
    def requests(self) -> int:
        """HTTP requests sent (benchmarks and tests read it)."""
        return self._client.requests

    def _need_gsp(self) -> str:
        if self.read_only:
            raise StoreError(f"store {self.url} is opened read-only")
        if not self.gsp_url:
            raise StoreError(f"no Graph Store endpoint for {self.url}: pass --gsp URL to write")
        return self.gsp_url

    # -- articles ---------------------------------------------------------------------------
    def article_graphs(self, base: str) -> dict[str, str]:
        """article id -> origin (input path[:line] or URL) for every article in the store, read
        from the maintained index (`kg.store.index`)."""
        from kg.store import index

        return index.articles(self, base)

    def change(
        self,
        *,
        drop: Iterable[str] = (),
        remove: Iterable[ox.Quad] = (),
        add: Iterable[ox.Quad] = (),
    ) -> None:
        """Drop graphs, remove and add quads: one SPARQL Update with an update endpoint;
        otherwise GSP requests in a crash-safe order (adds, then rewritten graphs, then drops:
        the index is recomputed from the graphs, so a graph must outlive its index rows)."""
        from kg.store.protocol import update_text

        drop, remove, add = list(drop), list(remove), list(add)
        if not (drop or remove or add):
            return
        self.flush()
        if self.update_url:
            self.update(update_text(drop=drop, remove=remove, add=add), what="index update")
            return
        gsp = self._need_gsp()
        for other, triples in split_by_graph(add).items():
            self._send_graph("POST", gsp, other, triples)
        for g, triples in split_by_graph(remove).items():
            gone = set(map(str, triples))
            rows = self.query(
                f"SELECT ?s ?p ?o WHERE {{ GRAPH <{iri_ref(g)}> {{ ?s ?p ?o }} }}", union=False
            )
            keep = [ox.Quad(r["s"], r["p"], r["o"], ox.NamedNode(g)) for r in rows]
            keep = [q for q in keep if str(q.triple) not in gone]
            self.put_graph(g, keep)
            self.flush()
        for g in drop:
            self.drop_graph(g)

    def has_graph(self, iri: str) -> bool:
        self.flush()
        return bool(self.query(f"ASK {{ GRAPH <{iri_ref(iri)}> {{ ?s ?p ?o }} }}", union=False))

    def put_graph(self, iri: str, quads: Iterable[ox.Quad]) -> None:
        """Replace one named graph. Quads of other graphs are added to those (as the local store
        does). With an update endpoint and `batch > 1`, writes are buffered until `flush()` or the
        next read."""
        self._need_gsp()
        self._pending.append((iri, list(quads)))
        if len(self._pending) >= self.batch or not self.update_url:
            self.flush()

    def drop_graph(self, iri: str) -> None:
        gsp = self._need_gsp()
        self.flush()
        self._client.request("DELETE", gsp, params={"graph": iri}, what=f"drop of graph <{iri}>")

    def flush(self) -> None:
        """Send buffered graph replacements."""
        pending, self._pending = self._pending, []
        if not pending:
            return
        if self.update_url and len(pending) > 1:
            self._update_batch(pending)
            return
        gsp = self._need_gsp()
        for iri, quads in pending:
            by_graph = split_by_graph(quads)
            mine = by_graph.pop(iri, [])
            if mine:
                self._send_graph("PUT", gsp, iri, mine)
            else:
                self._client.request(
                    "DELETE", gsp, params={"graph": iri}, what=f"write of graph <{iri}>"
                )
            for other, triples in by_graph.items():
                self._send_graph("POST", gsp, other, triples)

    def _send_graph(self, method: str, gsp: str, graph: str, triples: list[ox.Triple]) -> None:
        """PUT (replace) or POST (add to) one graph over the Graph Store Protocol; "" is the
        default graph."""
        self._client.request(
            method,
            gsp,
            params={"default": ""} if graph == "" else {"graph": graph},
            what=f"write of graph <{graph}>",
            content=ntriples(triples),
            headers={"Content-Type": "application/n-triples"},
        )

    def _update_batch(self, pending: list[tuple[str, list[ox.Quad]]]) -> None:
        ops: list[str] = []
        for iri, quads in pending:
            ops.append(f"DROP SILENT GRAPH <{iri_ref(iri)}>")
            if quads:
                ops.append("INSERT DATA { " + quads_as_update(quads) + " }")
        self.update(" ;\n".join(ops), what=f"write of {len(pending)} graphs")

    def update(self, sparql: str, *, what: str = "update") -> None:
        """Run SPARQL Update on the update endpoint."""
        if self.read_only:
            raise StoreError(f"store {self.url} is opened read-only")
        if not self.update_url:
            raise StoreError(f"no SPARQL Update endpoint for {self.url}: pass --update URL")
        self._client.request(
            "POST",
            self.update_url,
            what=what,
            content=sparql.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update"},
        )

    # -- SPARQL -----------------------------------------------------------------------------
    def query(
        self,
        sparql: str,
        *,
        union: bool = True,
        prefixes: dict[str, str] | None = None,
        base_iri: str | None = None,
        default_graph: Any = None,
        named_graphs: Iterable[Any] | None = None,
        use_default_graph_as_union: bool | None = None,
    ) -> Any:
        """SPARQL over the endpoint; same arguments and result types as `Store.query`."""
        self.flush()
        if use_default_graph_as_union is not None:
            union = use_default_graph_as_union
        head = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in (prefixes or {}).items())
        if base_iri:
            head = f"BASE <{base_iri}>\n" + head
        form: dict[str, str | list[str]] = {"query": head + sparql}
        if default_graph is not None:
            graphs = default_graph if isinstance(default_graph, list | tuple) else [default_graph]
            form["default-graph-uri"] = [g.value for g in graphs]
        elif union and self.union_param:
            form[self.union_param] = "true"
        if named_graphs:
            form["named-graph-uri"] = [g.value for g in named_graphs]
        resp = self._client.request(
            "POST", self.url, what="query", data=form, headers={"Accept": ACCEPT_QUERY}
        )
        return parse_answer(resp, self.url)

    # -- bulk I/O ---------------------------------------------------------------------------
    def load(self, path: str | Path, *, fmt: str | None = None, graph: str | None = None) -> None:
        """Stream an RDF file to the server in one GSP POST (blank nodes keep their scope)."""
        gsp = self._need_gsp()
        self.flush()
        p = Path(path)
        if not p.is_file():
            raise StoreError("no such file", path=str(p))
        rformat = rdf_format(p, explicit=fmt)
        if graph and rformat.supports_datasets:
            raise StoreError(
                "--graph applies to triple formats only; quads carry their own graph", path=str(p)
            )
        params = (
            {} if rformat.supports_datasets else ({"graph": graph} if graph else {"default": ""})
        )
        self._client.request(
            "POST",
            gsp,
            params=params,
            what=f"load of {p}",
            content=lambda: p.open("rb"),
            headers={"Content-Type": CONTENT_TYPES[rformat]},
        )
        self._from_rdf12()
        # Imported facts were not seen by inference: the next build recomputes it in full.
        for g in list(self.named_graphs()):
            if isinstance(g, ox.NamedNode) and is_graph(g.value, "state"):
                self.drop_graph(g.value)

    def _from_rdf12(self) -> None:
        """RDF 1.2 reifiers just loaded back into the store's reification (`kg.rdf.star`); only
        asked of a server that holds rdf:reifies triples, so a SPARQL 1.1 server is never sent
        the SPARQL 1.2 functions."""
        from kg.rdf.star import FROM_RDF12, REIFIES

        pattern = f"?r <{REIFIES.value}> ?t"
        ask = f"ASK {{ {{ {pattern} }} UNION {{ GRAPH ?g {{ {pattern} }} }} }}"
        if self.update_url and bool(self.query(ask, union=False)):
            self.update(FROM_RDF12, what="RDF 1.2 import")

    def dump(self, out: str | Path | IO[bytes], *, fmt: str) -> None:
        rformat = rdf_format(fmt, explicit=fmt)
        rdf12 = fmt in RDF12_FORMATS
        if not rformat.supports_datasets:
            # Triple formats flatten the union, as the local store does.
            triples = self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", union=True)
            write(union_triples(triples, rdf12=rdf12), out, rformat)
            return
        with tempfile.TemporaryDirectory(prefix="kg-dump-") as tmp:
            nq = self._download_nquads(Path(tmp) / "all.nq")
            if rdf12:
                from kg.rdf.star import to_rdf12

                every, parts = (ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS) for _ in "ab")
                write(to_rdf12(every, parts), out, rformat)
                return
            try:
                ox.serialize(
                    ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS),
                    output=str(out) if isinstance(out, Path | str) else out,
                    format=rformat,
                )
            except OSError as exc:
                raise StoreError(f"cannot write: {one_line(exc)}", path=str(out)) from exc

    def _download_nquads(self, target: Path) -> Path:
        """Every quad (named graphs and default graph) as N-Quads in `target`."""
        self.flush()
        if self.gsp_url:
            # Oxigraph (and GSP servers that support datasets) return everything on a bare GET.
            resp = self._client.request(
                "GET", self.gsp_url, what="export", headers={"Accept": "application/n-quads"}
            )
            if resp.headers.get("content-type", "").startswith("application/n-quads"):
                target.write_bytes(resp.content)
                return target
        rows = self.query(_QUADS_QUERY, union=False)
        with target.open("wb") as fh:
            ox.serialize(
                (ox.Quad(r["s"], r["p"], r["o"], r["g"] or ox.DefaultGraph()) for r in rows),
                output=fh,
                format=ox.RdfFormat.N_QUADS,
            )
        return target

    def __iter__(self) -> Iterator[ox.Quad]:
        buf = io.BytesIO()
        self.dump(buf, fmt="nquads")
        return iter(ox.parse(buf.getvalue(), format=ox.RdfFormat.N_QUADS))

    def __len__(self) -> int:
        q = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
        return int(next(iter(self.query(q, union=False)))["n"].value)

    def quads_for_pattern(
        self,
        subject: ox.Term | None,
        predicate: ox.Term | None,
        obj: ox.Term | None,
        graph: ox.NamedNode | None = None,
    ) -> Iterator[ox.Quad]:
        """`pyoxigraph.Store.quads_for_pattern` over SPARQL, one query, in the named graphs
        (kg writes nothing in the default graph): the look-ups of code that reads a local store
        by pattern (`kg.rdf.facts.update_facts`) run unchanged on a remote one. Bound terms are
        IRIs or literals: a blank node written into a query would match anything."""
        terms = [(subject, "?s"), (predicate, "?p"), (obj, "?o"), (graph, "?g")]
        s, p, o, g = (v if t is None else str(t) for t, v in terms)
        rows = self.query(f"SELECT * WHERE {{ GRAPH {g} {{ {s} {p} {o} }} }}", union=False)
        for r in rows:
            s_, p_, o_, g_ = (t if t is not None else r[v[1:]] for t, v in terms)
            yield ox.Quad(s_, p_, o_, g_)

    def named_graphs(self) -> Iterator[ox.NamedNode]:
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", union=False)
        return (r["g"] for r in rows)

    # -- inference --------------------------------------------------------------------------
    def infer(self, *, base: str) -> int:
        """Recompute `{base}graph/inferred` in full; returns the count. The direct facts are
        read (one streamed query, the facts only) and the rules run around all of them with the
        look-ups of incremental inference (`kg.rdf.incremental`), over SPARQL: the store is
        never copied."""
        from kg.rdf.incremental import update_inferred

        g = inferred_graph(base)
        self.drop_graph(g)
        q = (
            f"SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
            f'FILTER(?g != <{g}> && STRSTARTS(STR(?p), "{KGO}") && isIRI(?s) && isIRI(?o)) }}'
        )
        facts = [(r["s"].value, r["p"].value, r["o"].value) for r in self.query(q, union=False)]
        _, add, _ = update_inferred(self, facts, base=base)
        self.change(add=add)
        return sum(q.predicate.value == KGO.inferred for q in add)

    def close(self) -> None:
        self.flush()
        self._client.close()


def open_store(
    spec: str | Path | None = None,
    *,
    gsp: str | None = None,
    update: str | None = None,
    token: str | None = None,
    headers: dict[str, str] | None = None,
    read_only: bool = False,
    **remote_options: Any,
) -> Store | RemoteStore:
    """`Store` for a directory, `RemoteStore` for `sparql:URL` (the SPARQL query endpoint).

    `gsp`/`update`/`token`/`headers` only make sense for a remote store and are refused for a
    directory, so a typo'd `--store` never silently writes to the wrong place."""
    from kg.store.oxi import default_store

    text = str(spec) if spec is not None else default_store()
    if text.startswith(REMOTE_PREFIX):
        url = text[len(REMOTE_PREFIX) :]
        return RemoteStore(
            url,
            gsp_url=gsp,
            update_url=update,
            token=token,
            headers=headers,
            read_only=read_only,
            **remote_options,
        )
    if gsp or update or token or headers:
        raise StoreError(
            "--gsp/--update/--token need a remote store (--store sparql:URL)", path=text
        )
    return Store(text, read_only=read_only)
