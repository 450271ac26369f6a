"""`build`: ingest -> nlp -> extract -> resolve -> rdf -> store, incrementally.

Incremental contract: an article's id is a hash of its cleaned text and its facts live in its
own named graph, written in one transaction. So
- an article already in the store is skipped (re-running changes nothing);
- an input slot (path[:line] or URL) whose text changed gets its new graph, then the old graph is
  dropped (a crash in between leaves a stale graph that the next run drops);
- the store keeps an index of its articles and entities (`kg.store.index`), written with each
  article graph, so a build reads what it needs in time linear in the entities, never by joining
  the article graphs;
- the facts of every article added or dropped are recorded as pending with it; at the end the
  inferred graph is updated around them only (`kg.rdf.incremental`), and so are the facts'
  timelines (`kg.rdf.facts`, in the same transaction), or each is recomputed in full when it
  was never completed under the current rules. A crash before that point is completed by the
  next run; a run that changes nothing infers nothing.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import IngestError
from kg.mint import (
    graph_iri,
)
from kg.model import Article, Extraction, Fact, Problem
from kg.pipeline.report import BuildReport, Extractor, Run
from kg.pipeline.workers import ahead, extract_all, in_process
from kg.store import Store

if TYPE_CHECKING:
    from kg.pipeline.spill import ArticleList
    from kg.store.remote import RemoteStore

# Fewer new articles than this leave a few small files: nothing to gain from compacting them.
COMPACT_AFTER = 100
# From this many new articles a first build's writes and the merge of the store's files run in
# processes of their own (the merge in the bulk loader's, as a cluster build's): RocksDB keeps
# memory for the files it loads and reads in the process that does, which grows with the store,
# and at this size starting a process costs little beside the writes.
COMPACT_ELSEWHERE = 5_000
# A build that parses in this process loads its drafts in batches of up to this many quads
# (about 32 MB of N-Quads) rather than 25,000: each load leaves files RocksDB merges again in
# the background, 0.5 CPU s of 500 articles in batches of 25,000 (docs/scaling.md, "Stop 35").
LOAD_BATCH_HERE = 250_000
# ... and not all after the last article, which put the whole load between the last parse and
# the end: its loads halve as the articles run out, down to this many quads, and run on the
# second core while later articles parse (docs/scaling.md, "Stop 36").
LOAD_TAPER_HERE = 10_000


def read_articles(
    paths: Iterable[str | Path], *, lang: str = "auto", to_disk: bool = False
) -> tuple[Sequence[Article], list[Problem]]:
    """Ingest, dropping exact duplicates (same id) within one run. `to_disk`: an `ArticleList`
    (the texts wait in a temporary file, a build's memory does not grow with its input)."""
    from kg.ingest import read_paths
    from kg.pipeline.spill import ArticleList

    seen: set[str] = set()
    out: list[Article] | ArticleList = ArticleList() if to_disk else []
    problems: list[Problem] = []
    for item in read_paths(paths, lang=lang):
        if isinstance(item, Problem):
            problems.append(item)
        elif item.id not in seen:
            seen.add(item.id)
            out.append(item)
    return out, problems


def make_resolver(
    *,
    aliases: str | Path | None = None,
    store: Store | RemoteStore | None = None,
    base: str | None = None,
):
    """A resolver with the overrides file and, given a store, the entities it already holds."""
    from kg.pipeline.resolution import Resolution
    from kg.rdf import DEFAULT_BASE

    return Resolution(store, base or DEFAULT_BASE, aliases=aliases, load=store is not None).resolver


def build(
    paths: Iterable[str | Path] = ("seeds",),
    *,
    store: str | Path | Store | None = None,
    lang: str = "auto",
    workers: int = 1,
    base: str | None = None,
    aliases: str | Path | None = None,
    model: str | None = None,
    progress: bool | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> BuildReport:
    def local(
        todo: Sequence[Article], advance: Callable[[int], None]
    ) -> Iterator[Extraction | Problem]:
        items: Iterable[Extraction | Problem] = extract_all(todo, workers=workers, model=model)
        # Parsed elsewhere, the results arrive in a thread while the merge runs here. Parsed
        # and extracted in this process, they hold the GIL as the merge does: a thread there
        # only adds switching (docs/scaling.md, "stop 33").
        if not in_process(len(todo), workers):
            items = ahead(items)
        for item in items:
            advance(1)
            yield item

    merge = {"base": base, "aliases": aliases, "progress": progress, "on_wait": on_wait}
    return build_with(local, paths, store=store, lang=lang, workers=workers, **merge)


@contextmanager
def build_target(
    store: str | Path | Store | RemoteStore | None, *, on_wait: Callable[[str], None] | None = None
) -> Iterator[Store | RemoteStore]:
    """The store a build writes. A store object or `sparql:URL` as given; a directory (None:
    $KG_STORE, else .kg/store) under the build lock (`kg.store.lock`): a second build waits
    (`on_wait` is told why), and the directory is removed after the build only when this build
    created it and left no article in it."""
    from kg.store.oxi import default_store
    from kg.store.remote import REMOTE_PREFIX, open_store

    if store is not None and not isinstance(store, str | Path):
        yield store
        return
    spec = str(store) if store is not None else default_store()
    if spec.startswith(REMOTE_PREFIX):
        yield open_store(spec)
        return
    from kg.store.lock import locked_store

    with locked_store(spec, on_wait=on_wait) as st:
        yield st


def build_with(
    extract: Extractor,
    paths: Iterable[str | Path],
    *,
    store: str | Path | Store | RemoteStore | None = None,
    lang: str = "auto",
    base: str | None = None,
    aliases: str | Path | None = None,
    progress: bool | None = None,
    on_wait: Callable[[str], None] | None = None,
    workers: int | None = None,
) -> BuildReport:
    """The build around any source of per-article extractions in this process (local
    processes): ingest, skip what the store has, resolve across articles (every article's
    evidence first, then each article's graph: `kg.pipeline.resolution`), then
    `finish_build`. `workers`: those `extract` parses with, if it is `extract_all`."""
    from kg.pipeline.merge import merge
    from kg.pipeline.resolution import Resolution

    opened = start_build(paths, store=store, lang=lang, base=base, on_wait=on_wait)
    with opened as run, ExitStack() as held:
        run.load_batch = load_batch(len(run.todo), workers)
        run.load_taper = LOAD_TAPER_HERE if run.load_batch == LOAD_BATCH_HERE else 0
        if run.todo:
            resolution = Resolution(run.st, run.base, aliases=aliases)
            if run.writes_elsewhere and isinstance(run.st, Store):
                # Its store is other processes' from the first write to the last closing step
                # (`kg.store.writer`, `kg.pipeline.closing`): this one takes its handle back
                # once, on the merged files, not on every bulk load's (docs/scaling.md, "Stop
                # 39: the closing steps").
                held.enter_context(run.st.released())
            with _frozen_heap():
                run.changed += merge(run, extract, resolution, progress=progress)
        return finish_build(run)


def load_batch(articles: int, workers: int | None) -> int | None:
    """Quads per bulk load of the drafts of a build of `articles` that `extract_all` runs with
    `workers` (None: another source): `LOAD_BATCH_HERE` when it parses in this process, else
    the writer's own (None)."""
    return LOAD_BATCH_HERE if workers is not None and in_process(articles, workers) else None


@contextmanager
def _frozen_heap() -> Iterator[None]:
    """The objects alive before the merge (a loaded model, the gazetteer, the store's index)
    are left out of the collector's full passes during it, which otherwise walk them again
    and again as the build's objects come and go; they are handed back to it afterwards.
    Left alone if the caller froze objects itself."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@contextmanager
def start_build(
    paths: Iterable[str | Path],
    *,
    store: str | Path | Store | RemoteStore | None,
    lang: str,
    base: str | None,
    on_wait: Callable[[str], None] | None = None,
) -> Iterator[Run]:
    """Ingest, open the store (`build_target`: a local store stays locked until the build leaves
    this context) and bring its index up to date (finishing whatever a killed build left); the
    articles to add are `Run.todo`."""
    from kg.rdf import DEFAULT_BASE

    started, cpu = time.perf_counter(), time.process_time()
    # Read first: with nothing to ingest the build stops before it opens (creates) a store.
    paths = list(paths)
    articles, problems = read_articles(paths, lang=lang, to_disk=True)
    if not articles:
        raise IngestError(_nothing_to_build(paths, problems))
    with build_target(store, on_wait=on_wait) as st:
        run = _open_run(st, articles, problems, base or DEFAULT_BASE, started, cpu)
        # Opened here, no one else holds a query result of it (which would keep its handle).
        run.owned = isinstance(store, str | Path) or store is None
        # A large first build writes through a process of its own, which then holds what
        # RocksDB keeps for the files it loads (`kg.store.writer`); this one reads nothing back.
        run.writes_elsewhere = (
            run.owned and run.fresh and len(run.todo) >= COMPACT_ELSEWHERE and _on_disk(st)
        )
        yield run


def _on_disk(st: Store | RemoteStore) -> bool:
    return isinstance(st, Store) and st.path is not None


def _open_run(
    st: Store | RemoteStore,
    articles: ArticleList,
    problems: list[Problem],
    base: str,
    started: float,
    cpu: float,
) -> Run:
    from kg.pipeline.resolution import finish_pending
    from kg.rdf.facts import facts_digest
    from kg.rdf.rules import rules_digest
    from kg.store import derived, index, order

    report = BuildReport(store=str(st.path) if st.path else getattr(st, "url", "(memory)"))
    report.problems = problems
    digest = rules_digest()
    state = derived.state(st, base)
    valid = state.get("rules") == digest
    facts_ok = state.get("facts") == facts_digest()
    # Pending facts are the record of what changed, for incremental inference (a remote store
    # infers around them over SPARQL) and for the facts graph.
    incremental = valid
    changed, in_store = index.sync(st, base, pending_facts=incremental)
    changed += finish_pending(st, base, pending=incremental)  # a killed build's renames
    index.repair(st, base)
    ids = (aid for aid, _ in articles.id_origins())
    todo = articles.select(i for i, aid in enumerate(ids) if aid not in in_store)
    report.unchanged = len(articles) - len(todo)
    run = Run(st, base, report, articles, in_store, todo, valid, incremental, digest, started)
    run.changed, run.facts_ok = changed, facts_ok
    # A build that (at least) doubles the store bulk-loads most of it: `finish_build` merges.
    run.compact = isinstance(st, Store) and len(todo) >= max(len(in_store), COMPACT_AFTER)
    # Build order: the facts' timelines order the statements of one date by it. Articles of a
    # store that kept none are numbered first, before these (once: the facts graph is then
    # rebuilt, and complete).
    if todo and not facts_ok:
        order.build_order(st, base)
    run.seq = order.next_seq(st, base) if todo else 0
    report.stages["start"] = [time.perf_counter() - started, time.process_time() - cpu, 0.0]
    if todo:
        run.before = index.entity_iris(st, base)
        # Query results of pyoxigraph may only be freed by the thread that made them; one left
        # in a reference cycle (a notebook's earlier query) would otherwise be collected, and
        # leak with a warning, in an extraction thread.
        gc.collect()
    return run


def finish_build(run: Run) -> BuildReport:
    """Drop stale graphs, settle the index, write the ontology, bring the derived graphs up to
    date (inference and the facts' timelines: `kg.pipeline.derive`) and count
    (`kg.pipeline.closing`)."""
    st, report = run.st, run.report
    # A build that (at least) doubled the store bulk-loaded most of it: its files are merged now,
    # once, rather than in the background of the next builds (`Store.compact`), and beside
    # inference, which leaves the second core idle; a large one's by another process, after
    # (a large first build's by the process that closes it: `_derive_and_count`).
    elsewhere = run.compact and len(run.todo) >= COMPACT_ELSEWHERE
    merged = st.compact_in_background() if run.compact and not elsewhere else None
    try:
        _derive_and_count(run)
    finally:
        if merged is not None:
            with report.stage("compact"):
                merged()
    if elsewhere and not run.writes_elsewhere:
        with report.stage("compact"):
            st.bulk_files([], compact=True)
    report.seconds = time.perf_counter() - run.started
    return report


def _derive_and_count(run: Run) -> None:
    from kg.pipeline.closing import Closing, settle, settle_elsewhere
    from kg.store import index

    st, base, report = run.st, run.base, run.report
    # Stale graphs left by a crash between "write new" and "drop old" of an earlier run (only
    # the input slots the store had: a dict of every input would grow with the build).
    stored = set(run.in_store.values())
    current = {o: aid for aid, o in run.articles.id_origins() if o in stored} if stored else {}
    for aid, origin in run.in_store.items():
        if origin in current and current[origin] != aid:
            index.drop_article(st, base, graph_iri(aid, base))
            run.changed += 1
    # A first build knows what it wrote: counting the store's statements would read every file
    # of it into this process, which RocksDB then holds (docs/scaling.md, "Memory of a first
    # build").
    written = sum(f for _, f in report.by_lang.values()) if run.fresh else None
    closing = Closing(
        base,
        full=not run.valid,
        changed=bool(run.changed),
        digest=run.digest,
        facts_ok=run.facts_ok,
        inferred=run.inferred,
        facts_written=run.facts_written,
        facts=written,
        compact=run.compact,
    )
    # A large first build's store is then all unmerged files, which the closing steps read
    # across: in a process of its own, which merges them after (`kg.pipeline.closing`).
    if run.writes_elsewhere and isinstance(st, Store):
        settle_elsewhere(st, closing, report)
    else:
        settle(st, closing, report)
    if run.fresh:
        report.new_entities = report.entities
    elif run.todo:
        report.new_entities = len(index.entity_iris(st, base) - run.before)


def _nothing_to_build(paths: Iterable[str | Path], problems: list[Problem]) -> str:
    """One line: why no article came out of `paths` (missing, empty, unsupported)."""
    from kg.ingest import supported_suffixes

    named = ", ".join(str(p) for p in paths) or "(no path)"
    if not problems:
        return (
            f"no article to build from in {named} (looked for "
            f"{' '.join(sorted(supported_suffixes()))} files)"
        )
    first = str(problems[0]) + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else "")
    return f"no article to build from: {first}"


def fact_record(fact: Fact, article: Article) -> dict[str, object]:
    """The `kg extract --json` line for one fact (also the prediction format of `kg eval`)."""
    return {
        "article": article.id,
        "source": article.url or article.path,
        "subject": fact.subject.name,
        "subject_type": fact.subject.type,
        "predicate": fact.predicate,
        "object": fact.object.name,
        "object_type": fact.object.type,
        "modality": fact.modality,
        "confidence": round(fact.confidence, 3),
        "sentence": fact.sentence,
        "start": fact.start,
        "end": fact.end,
        "extractor": fact.extractor,
        "qualifiers": [{"kind": q.kind, "value": q.value, "unit": q.unit} for q in fact.qualifiers],
    }


def extract_records(
    paths: Iterable[str | Path],
    *,
    lang: str = "auto",
    workers: int = 1,
    aliases: str | Path | None = None,
    model: str | None = None,
    problems: list[Problem] | None = None,
) -> Iterator[dict[str, object]]:
    """Extract and resolve without a store; yields one JSON-ready dict per fact. Every
    article's evidence is read before the first fact is given, so the names do not depend on
    the order of the input."""
    from kg.pipeline.spill import Spill

    articles, found = read_articles(paths, lang=lang)
    if problems is not None:
        problems.extend(found)
    resolver = make_resolver(aliases=aliases)
    with Spill() as spill:
        for item in extract_all(articles, workers=workers, model=model):
            if isinstance(item, Problem):
                if problems is not None:
                    problems.append(item)
                continue
            prep = resolver.prepare(item)
            resolver.observe(prep)
            spill.add(prep)
        resolver.table.freeze()
        for prep in spill:
            resolved: Extraction = resolver.assign(prep)
            for fact in resolved.facts:
                yield fact_record(fact, resolved.article)
