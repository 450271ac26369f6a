"""The local build's two steps of resolution (issue 26): every article extracted and its
evidence added to the entity table (the prepared articles wait on disk), the entity rows
written and the graphs of changed entities rewritten, then every article's graph written under
the final table. The Dask build does the same on its workers (`kg.pipeline.distributed`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.mint import graph_iri
from kg.model import Problem, fast_pickle
from kg.pipeline.report import BuildReport, Extractor, Run, progress_bar
from kg.pipeline.workers import ahead
from kg.rdf.facts import said_in
from kg.rdf.rules import keep_strongest, quad_facts
from kg.rdf.timeline import Said
from kg.resolve.resolver import Decided, Prepared, Resolver

# The statements a fresh build keeps for its facts graph, at most (about 70 MB); past it, the
# facts graph reads them back from the store.
SAID_LIMIT = 100_000

if TYPE_CHECKING:
    from kg.pipeline.resolution import Resolution
    from kg.store import Store
    from kg.store.bulk import GraphWriter
    from kg.store.remote import RemoteStore


def merge(run: Run, extract: Extractor, resolution: Resolution, *, progress: bool | None) -> int:
    """Extract every article and add its evidence to the table (the prepared articles wait on
    disk), write the entity rows and rewrite the graphs of entities that changed, then write
    each article's graph; returns the number of graphs written."""
    from kg.pipeline.resolution import apply_renames
    from kg.pipeline.spill import Spill
    from kg.store.bulk import GraphWriter

    st, report = run.st, run.report
    resolver = resolution.resolver
    with Spill() as spill:
        bar = progress_bar(len(run.todo), "extracting", progress)
        try:
            with report.stage("extract"):
                for item in ahead(extract(run.todo, bar.update)):
                    if isinstance(item, Problem):
                        report.problems.append(item)
                        continue
                    prep = resolver.prepare(item)
                    resolver.observe(prep)
                    # Drafted under the table as it stands: this runs while later articles are
                    # parsed, and the write below keeps the draft if the final table decides
                    # the article alike (it nearly always does).
                    spill.add(draft(run, resolver, prep, run.seq + spill.count))
        finally:
            bar.close()
        with report.stage("reduce"):
            renames, _ = resolution.commit(st)
            changed = apply_renames(st, run.base, renames, pending=run.incremental)
        bar = progress_bar(spill.count, "writing", progress)
        writer = GraphWriter(st, run.base)
        # Into an empty store the first inference runs over the facts as they are written
        # (reading them back is a join over every statement of the store).
        supports: dict | None = {} if run.fresh else None
        run.said = [] if run.fresh else None
        try:
            with report.stage("write"):
                for d in spill:
                    decided = resolver.decide(d.prep)
                    if decided != d.decided or d.seq != run.seq:
                        d = draft(run, resolver, d.prep, run.seq, decided)
                    write_article(writer, d, run.by_origin, report)
                    run.seq += 1
                    if supports is not None:
                        for t, sup in d.supports.items():
                            keep_strongest(supports, t, sup)
                    if run.said is not None:
                        run.said += d.said
                        if len(run.said) > SAID_LIMIT:  # memory: read back from the store
                            run.said = None
                    changed += 1
                    bar.update(1)
                writer.flush()
                st.flush()
        finally:
            writer.close()
            bar.close()
    if supports is not None:
        with report.stage("infer"):
            run.inferred = write_inferred(st, supports, run.base)
    return changed


@fast_pickle
@dataclass(frozen=True, slots=True)
class Draft:
    """An article's graph and index rows as N-Quads, with the decisions and build order
    (`seq`) it was made under, its inference supports and what the report counts."""

    prep: Prepared
    decided: Decided
    seq: int
    nquads: bytes
    count: int
    supports: dict
    said: tuple[Said, ...]  # for the facts graph
    facts: int


def draft(
    run: Run, resolver: Resolver, prep: Prepared, seq: int, decided: Decided | None = None
) -> Draft:
    from kg.rdf import article_quads
    from kg.store import index

    if decided is None:
        decided = resolver.decide(prep)
    resolved = resolver.assign(prep, decided)
    graph = graph_iri(resolved.article.id, run.base)
    quads = article_quads(resolved, base=run.base)
    rows = index.article_rows(
        resolved, quads, graph, run.base, set(), pending=run.incremental, seq=seq
    )
    data = ox.serialize(quads + rows, format=ox.RdfFormat.N_QUADS)
    if run.fresh:
        supports = quad_facts(quads, {})
        said = tuple(said_in(quads, order=lambda _: seq))
    else:
        supports, said = {}, ()
    count = len(quads) + len(rows)
    return Draft(prep, decided, seq, data, count, supports, said, len(resolved.facts))


def write_inferred(st: Store | RemoteStore, supports: dict, base: str) -> int:
    """The inferred graph of a build into an empty store, from the supports of its facts
    (bulk-written: the build marks inference complete only afterwards); returns the count."""
    from kg.mint import inferred_graph
    from kg.rdf.rules import WRITE_CHUNK, inferred_quads
    from kg.store.bulk import Background, nquads

    quads: list = []
    count = 0
    if not hasattr(st, "load_nquads"):  # a remote store: one PUT of the graph
        for t in inferred_quads(supports, base=base):
            quads += t
            count += 1
        st.put_graph(inferred_graph(base), quads)
        st.flush()
        return count
    with Background() as loader:
        for t in inferred_quads(supports, base=base):
            quads += t
            count += 1
            if len(quads) >= WRITE_CHUNK:
                loader.submit(st.load_nquads, nquads(quads))
                quads = []
        loader.submit(st.load_nquads, nquads(quads))
    return count


def write_article(
    writer: GraphWriter, d: Draft, by_origin: dict[str, set[str]], report: BuildReport
) -> None:
    """One article's graph with its index rows; the graph it replaces is dropped."""
    from kg.store import index

    st, base = writer.st, writer.base
    article = d.prep.extraction.article
    writer.add(graph_iri(article.id, base), d.nquads, d.count)
    stale = by_origin.get(article.origin, set()) - {article.id}
    if stale:
        writer.flush()  # the new graph is in before the old one goes
    for old in sorted(stale):
        index.drop_article(st, base, graph_iri(old, base))
    report.replaced += bool(stale)
    report.added += not stale
    report.tally(article.lang, d.facts)
