"""What the Dask workers run (issue 26): map (extract a chunk of articles, prepare their
resolution, reduce the chunk's evidence to a partial entity table), reduce (merge partial
tables), and write (assign each article its entities from the final table, build its quads and
write them: to a SPARQL store directly, or as an N-Quads partition for the local store).

Every function is a pure function of its arguments (the writes are idempotent), so Dask may
run any of them again after losing a worker: a lost `Mapped` is recomputed from its chunk.
"""

from __future__ import annotations

import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.model import Article, Problem
from kg.rdf.timeline import canonical
from kg.resolve.overrides import Overrides
from kg.resolve.resolver import Prepared, assign, prepare
from kg.resolve.table import EntityTable

if TYPE_CHECKING:
    from kg.rdf.rules import Support, Triple
    from kg.rdf.timeline import Said

_STORES: dict[tuple[Any, ...], Any] = {}  # remote store clients, one per target per process


@dataclass
class Mapped:
    """One chunk after the map step: kept on the worker until its articles are written."""

    prepared: list[Prepared]
    problems: list[Problem]
    table: EntityTable
    cpu: float = 0.0  # CPU seconds the map took (the cost model)

    @property
    def summary(self) -> tuple[int, list[Problem], float]:
        return len(self.prepared), self.problems, self.cpu


@dataclass
class Written:
    """What the client needs of a written chunk: per article (lang, facts, replaced), the
    partition file (local store) and the graphs in it."""

    articles: list[tuple[str, int, bool]] = field(default_factory=list)
    graphs: list[str] = field(default_factory=list)
    partition: str | None = None
    stale: list[str] = field(default_factory=list)  # graphs replaced (local: the client drops)
    cpu: float = 0.0


def map_chunk(
    articles: list[Article], model: str | None, batch_size: int, overrides: Overrides | None
) -> Mapped:
    from kg import gazetteer as gaz
    from kg.pipeline.workers import _extract_batch

    cpu = time.process_time()
    g = gaz.load()
    table = EntityTable(g)
    prepared: list[Prepared] = []
    problems: list[Problem] = []
    for item in _extract_batch(articles, model, batch_size):
        if isinstance(item, Problem):
            problems.append(item)
            continue
        try:
            prep = prepare(item, g, overrides)
        except Exception as exc:  # one article must not lose its chunk
            a = item.article
            problems.append(Problem(a.path or a.id, f"resolution failed: {exc}", a.line))
            continue
        for ev in prep.evidence():
            table.add(ev)
        prepared.append(prep)
    return Mapped(prepared, problems, table, time.process_time() - cpu)


def summary(mapped: Mapped) -> tuple[int, list[Problem], float]:
    return mapped.summary


def table_of(mapped: Mapped) -> EntityTable:
    return mapped.table


def merge_tables(*tables: EntityTable) -> EntityTable:
    out = EntityTable(tables[0].gazetteer)
    for t in tables:
        out.merge(t)
    return out


def write_chunk(
    mapped: Mapped,
    table: EntityTable,
    overrides: Overrides | None,
    target: dict[str, Any],
    base: str,
    stale: dict[str, list[str]],
    pending: bool,
    seq: int,
    name: str,
    facts: int,
) -> tuple[Written, dict[Triple, Support], list[list[Said]]]:
    """Step 2 for a chunk: each article's graph under the table's entities, written with the
    build's number (`seq`, `kg.store.order`); with `facts` > 0, also the supports of its facts
    (the premises of a first inference) and its statements (of the facts graph), dealt into
    `facts` shares by fact (`fact_share`), one for each `facts_part` task."""
    import pyoxigraph as ox

    from kg.mint import graph_iri
    from kg.rdf.article import article_nquads, read_quads
    from kg.rdf.rules import keep_strongest, rule_predicates
    from kg.rdf.statements import article_statements
    from kg.store import index

    cpu = time.process_time()
    out = Written()
    written: list[bytes] = []
    supports: dict[Triple, Support] = {}
    said: list[list[Said]] = [[] for _ in range(facts)]
    remote = _remote(target) if target["kind"] == "remote" else None
    for prep in mapped.prepared:
        resolved = assign(prep, table, overrides)
        article = resolved.article
        graph = graph_iri(article.id, base)
        # The graph as text: a partition takes it as it is (`kg.rdf.article`); the quads only
        # for the rows of an incremental build's direct facts and for a remote store.
        body, _ = article_nquads(resolved, base=base)
        quads = read_quads(body) if pending or remote is not None else []
        rows = index.article_rows(resolved, quads, graph, base, set(), pending=pending, seq=seq)
        old = [graph_iri(a, base) for a in stale.get(article.origin, ()) if a != article.id]
        out.articles.append((article.lang, len(resolved.facts), bool(old)))
        out.graphs.append(graph)
        if facts:
            # Only what inference reads: the supports travel to the reduce.
            kept, stated = article_statements(
                resolved, base=base, seq=seq, predicates=rule_predicates(), said=True
            )
            for t, sup in kept.items():
                keep_strongest(supports, t, sup)
            for x in stated:
                said[fact_share(x, facts)].append(x)
        if remote is not None:
            remote.put_graph(graph, quads + rows)
            for g in old:
                index.drop_article(remote, base, g)
        else:
            written += [body.encode(), ox.serialize(rows, format=ox.RdfFormat.N_QUADS)]
            out.stale += old
    if remote is not None:
        remote.flush()
    else:
        from kg.store.bulk import write_partition

        out.partition = str(write_partition(Path(target["dir"]), name, b"".join(written)))
    out.cpu = time.process_time() - cpu
    return out, supports, said


def part(result: tuple[Any, ...], i: int) -> Any:
    return result[i]


def merge_facts(*parts: dict[Triple, Support]) -> dict[Triple, Support]:
    from kg.rdf.rules import merge_facts as merge

    return merge(*parts)


def infer_all(
    facts: dict[Triple, Support], target: dict[str, Any], base: str
) -> tuple[int, str | None, float]:
    """A first inference, on a worker: the rules over every fact of a build into an empty
    store, the inferred graph written (a partition, or PUT to the SPARQL store). Returns the
    count, the partition and the CPU seconds."""
    from kg.mint import inferred_graph
    from kg.rdf.rules import inferred_quads

    cpu = time.process_time()
    quads: list[Any] = []
    count = 0
    for triple_quads in inferred_quads(facts, base=base):
        quads += triple_quads
        count += 1
    path = _write_graph(target, inferred_graph(base), "inferred", quads)
    return count, path, time.process_time() - cpu


def fact_share(x: Said, shares: int) -> int:
    """Which of `shares` `facts_part` tasks makes the fact of statement `x`: every statement
    of one fact goes to the same one, whichever chunk wrote it."""
    return zlib.crc32("\x1f".join(canonical(*x.triple)).encode()) % shares


def facts_part(
    target: dict[str, Any], base: str, share: int, *said: list[list[Said]]
) -> tuple[str | None, float]:
    """Share `share` of the facts graph of a first build, on a worker: the facts of the
    statements every chunk dealt to it (`write_chunk`), written as the partition
    `facts-SHARE` for the local store's loader, or added to the SPARQL store's facts graph
    (which a first build finds empty; adding twice, on a retry, adds nothing). Returns the
    partition and the CPU seconds."""
    from itertools import chain

    from kg.rdf.facts import rebuild_quads

    cpu = time.process_time()
    stated = chain.from_iterable(shares[share] for shares in said)
    quads = list(rebuild_quads(None, base=base, order=lambda _: None, said=stated))
    path = None
    if target["kind"] == "remote":
        st = _remote(target)
        st.change(add=quads)
    else:
        from kg.store.bulk import write_partition

        path = str(write_partition(Path(target["dir"]), f"facts-{share:04d}", quads))
    return path, time.process_time() - cpu


def _write_graph(target: dict[str, Any], graph: str, name: str, quads: list[Any]) -> str | None:
    """A derived graph made on a worker: PUT to the SPARQL store, or written as the partition
    `name` for the local store's loader (returned)."""
    if target["kind"] == "remote":
        st = _remote(target)
        st.put_graph(graph, quads)
        st.flush()
        return None
    from kg.store.bulk import write_partition

    return str(write_partition(Path(target["dir"]), name, quads))


def _remote(target: dict[str, Any]) -> Any:
    """This process's client of the target SPARQL store (HTTP connections are reused)."""
    from kg.store.remote import RemoteStore

    key = tuple(sorted((k, repr(v)) for k, v in target.items()))
    st = _STORES.get(key)
    if st is None:
        options = {k: v for k, v in target.items() if k not in ("kind", "url")}
        st = _STORES[key] = RemoteStore(target["url"], **options)
    return st
