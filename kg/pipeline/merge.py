"""The local build's two steps of resolution (issue 26): every article extracted and its
evidence added to the entity table (the prepared articles wait on disk), the entity rows
written and the graphs of changed entities rewritten, then every article's graph written under
the final table. The Dask build does the same on its workers (`kg.pipeline.distributed`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.mint import graph_iri
from kg.model import Extraction, Problem
from kg.pipeline.report import BuildReport, Extractor, Run, progress_bar
from kg.pipeline.workers import ahead
from kg.rdf.rules import quad_facts

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

    st, base, report = run.st, run.base, run.report
    resolver = resolution.resolver
    by_origin = run.by_origin
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
                    spill.add(prep)
        finally:
            bar.close()
        with report.stage("reduce"):
            renames, _ = resolution.commit(st)
            changed = apply_renames(st, base, renames, pending=run.incremental)
        bar = progress_bar(spill.count, "writing", progress)
        writer = GraphWriter(st, base)
        # Into an empty store the first inference runs over the facts as they are written
        # (reading them back is a join over every statement of the store).
        supports: dict | None = {} if run.fresh else None
        try:
            with report.stage("write"):
                for prep in spill:
                    resolved = resolver.assign(prep)
                    quads = write_article(
                        writer, resolved, by_origin, report, pending=run.incremental, seq=run.seq
                    )
                    run.seq += 1
                    if supports is not None:
                        quad_facts(quads, supports)
                    changed += 1
                    bar.update(1)
                writer.flush()
                st.flush()
        finally:
            bar.close()
    if supports is not None:
        with report.stage("infer"):
            run.inferred = write_inferred(st, supports, base)
    return changed


def write_inferred(st: Store | RemoteStore, supports: dict, base: str) -> int:
    """The inferred graph of a build into an empty store, from the supports of its facts
    (bulk-written: the build marks inference complete only afterwards); returns the count."""
    from kg.mint import inferred_graph
    from kg.rdf.rules import WRITE_CHUNK, inferred_quads

    quads: list = []
    count = 0
    if not hasattr(st, "bulk_extend"):  # a remote store: one PUT of the graph
        for t in inferred_quads(supports, base=base):
            quads += t
            count += 1
        st.put_graph(inferred_graph(base), quads)
        st.flush()
        return count
    for t in inferred_quads(supports, base=base):
        quads += t
        count += 1
        if len(quads) >= WRITE_CHUNK:
            st.bulk_extend(quads)
            quads = []
    st.bulk_extend(quads)
    return count


def write_article(
    writer: GraphWriter,
    resolved: Extraction,
    by_origin: dict[str, set[str]],
    report: BuildReport,
    *,
    pending: bool,
    seq: int,
) -> list:
    """One resolved article's graph with its index rows and build order `seq` (returns the
    graph's quads); the graph it replaces is dropped."""
    from kg.rdf import article_quads
    from kg.store import index

    st, base = writer.st, writer.base
    article = resolved.article
    graph = graph_iri(article.id, base)
    quads = article_quads(resolved, base=base)
    rows = index.article_rows(resolved, quads, graph, base, set(), pending=pending, seq=seq)
    writer.add(graph, quads + rows)
    stale = by_origin.get(article.origin, set()) - {article.id}
    if stale:
        writer.flush()  # the new graph is in before the old one goes
    for old in sorted(stale):
        index.drop_article(st, base, graph_iri(old, base))
    report.replaced += bool(stale)
    report.added += not stale
    report.tally(article.lang, len(resolved.facts))
    return quads
