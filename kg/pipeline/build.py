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

import contextlib
import gc
import queue
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import IngestError
from kg.mint import (
    entity_namespace,
    graph_iri,
    inferred_graph,
    ontology_graph,
    sparql_prologue,
)
from kg.model import Article, Extraction, Fact, Problem
from kg.pipeline.derive import derive
from kg.pipeline.workers import extract_all
from kg.store import Store

if TYPE_CHECKING:
    from kg.store.remote import RemoteStore


@dataclass
class BuildReport:
    store: str
    added: int = 0
    unchanged: int = 0
    replaced: int = 0
    problems: list[Problem] = field(default_factory=list)
    entities: int = 0
    facts: int = 0
    inferred: int = 0
    seconds: float = 0.0

    new_entities: int = 0
    # language -> [articles, facts] written by this run (added or replaced)
    by_lang: dict[str, list[int]] = field(default_factory=dict)

    def tally(self, lang: str, facts: int) -> None:
        counts = self.by_lang.setdefault(lang, [0, 0])
        counts[0] += 1
        counts[1] += facts

    def summary(self) -> str:
        """What the store holds, and what this run added to it (a second run of the same input
        adds nothing, and says so)."""
        written = sum(a for a, _ in self.by_lang.values())
        new_facts = sum(f for _, f in self.by_lang.values())
        per_lang = "; ".join(
            f"{lang}: {a} article{'s' if a != 1 else ''}, {f} facts"
            + (f" ({f / a:.1f} per article)" if a > 1 else "")
            for lang, (a, f) in sorted(self.by_lang.items())
        )
        lines = [
            f"store:     {self.store}",
            f"articles:  {self.added} added, {self.replaced} replaced, {self.unchanged} unchanged,"
            f" {len(self.problems)} skipped",
        ]
        lines += skipped_lines(self.problems)
        lines += [
            f"entities:  {self.entities}",
            f"facts:     {self.facts} extracted, {self.inferred} inferred",
            f"this run:  {new_facts} facts from {written} article{'s' if written != 1 else ''}"
            + (f" ({per_lang})" if per_lang else "")
            + f", {self.new_entities} new entities",
            f"time:      {self.seconds:.1f} s",
        ]
        return "\n".join(lines)


def skipped_lines(problems: list[Problem], *, shown: int = 3) -> list[str]:
    """The skipped items grouped by reason (numbers and quoted details set aside), each group
    with its count and its first `shown` items: a junk file of 80,000 bad lines is a few lines."""
    groups: dict[str, list[Problem]] = {}
    for p in problems:
        groups.setdefault(_REASON_DETAIL.sub("", p.reason).strip() or p.reason, []).append(p)
    lines = []
    for reason, items in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        lines.append(f"  skipped  {len(items)} × {reason}")
        lines += [f"             {p}" for p in items[:shown]]
        if len(items) > shown:
            lines.append(f"             … and {len(items) - shown} more")
    return lines


_REASON_DETAIL = re.compile(r"\s*\([^()]*\)|\d[\d.,]*")


def _progress(total: int, desc: str, enabled: bool | None):
    from tqdm import tqdm

    # tqdm's None disables itself when stderr is not a terminal (CI logs stay clean).
    disable = None if enabled is None else not enabled
    return tqdm(
        total=total, desc=desc, unit="article", disable=disable, file=sys.stderr, leave=False
    )


def read_articles(
    paths: Iterable[str | Path], *, lang: str = "auto"
) -> tuple[list[Article], list[Problem]]:
    """Ingest, dropping exact duplicates (same id) within one run."""
    from kg.ingest import read_paths

    articles: dict[str, Article] = {}
    problems: list[Problem] = []
    for item in read_paths(paths, lang=lang):
        if isinstance(item, Problem):
            problems.append(item)
        else:
            articles.setdefault(item.id, item)
    return list(articles.values()), problems


def make_resolver(
    *,
    aliases: str | Path | None = None,
    store: Store | RemoteStore | None = None,
    base: str | None = None,
):
    from kg.rdf import DEFAULT_BASE
    from kg.resolve import Resolver, load_overrides

    resolver = Resolver(overrides=load_overrides(aliases) if aliases else None)
    if store is not None:
        for key, label, etype, alts in known_entities(store, base or DEFAULT_BASE):
            resolver.remember(label, key, etype, alts)
    return resolver


def known_entities(
    store: Store | RemoteStore, base: str
) -> Iterator[tuple[str, str, str, list[str]]]:
    """(key, label, type, aliases) of every entity already in the store, so a later article that
    says only "GM" lands on the node an earlier one created as "General Motors". Read from the
    maintained entity index (`kg.store.index`), in time linear in the number of entities."""
    from kg.store import index

    yield from index.entities(store, base)


Extractor = Callable[[Sequence[Article], Callable[[int], None]], Iterable[Extraction | Problem]]
"""Per-article work for the articles to add: one Extraction or Problem per article, **in input
order**; calls `advance(n)` as n articles finish (drives the progress bar)."""


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
        for item in extract_all(todo, workers=workers, model=model):
            advance(1)
            yield item

    merge = {"base": base, "aliases": aliases, "progress": progress, "on_wait": on_wait}
    return build_with(local, paths, store=store, lang=lang, **merge)


@contextlib.contextmanager
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
) -> BuildReport:
    """The build around any source of per-article extractions (local processes or a Dask
    cluster): ingest, skip what the store has, then the sequential, deterministic merge
    (resolution, one named graph per article, stale-graph clean-up, ontology, inference)."""
    from kg.rdf import DEFAULT_BASE

    started = time.perf_counter()
    # Read first: with nothing to ingest the build stops before it opens (creates) a store.
    paths = list(paths)
    articles, problems = read_articles(paths, lang=lang)
    if not articles:
        raise IngestError(_nothing_to_build(paths, problems))
    with build_target(store, on_wait=on_wait) as st:
        report = _merge(
            st,
            extract,
            articles,
            problems,
            base=base or DEFAULT_BASE,
            aliases=aliases,
            progress=progress,
        )
    report.seconds = time.perf_counter() - started
    return report


def _merge(
    st: Store | RemoteStore,
    extract: Extractor,
    articles: list[Article],
    problems: list[Problem],
    *,
    base: str,
    aliases: str | Path | None,
    progress: bool | None,
) -> BuildReport:
    from kg.rdf import article_quads, ontology_quads
    from kg.rdf.facts import facts_digest
    from kg.rdf.rules import rules_digest
    from kg.store import index, order

    report = BuildReport(store=str(st.path) if st.path else getattr(st, "url", "(memory)"))
    report.problems = problems
    digest = rules_digest()
    state = index.state(st, base)
    valid = state.get("rules") == digest
    facts_ok = state.get("facts") == facts_digest()
    # Only a local store infers incrementally; pending facts are the record of what changed.
    incremental = valid and isinstance(st, Store)
    changed, in_store = index.sync(st, base, pending_facts=incremental)
    by_origin: dict[str, set[str]] = {}
    for aid, origin in in_store.items():
        by_origin.setdefault(origin, set()).add(aid)

    todo = [a for a in articles if a.id not in in_store]
    report.unchanged = len(articles) - len(todo)
    resolver = make_resolver(aliases=aliases)
    known: set[str] = set()
    for key, label, etype, alts in index.entities(st, base) if todo else ():
        resolver.remember(label, key, etype, alts)
        known.add(entity_namespace(base) + key)

    indexed = len(known)  # `index.article_rows` adds each entity it indexes for the first time
    # Build order: the facts' timelines order the statements of one date by it. Articles of a
    # store that kept none are numbered first, before these (once: the facts graph is then
    # rebuilt, and complete).
    if todo and not facts_ok:
        order.build_order(st, base)
    seq = order.next_seq(st, base) if todo else 0
    # Query results of pyoxigraph may only be freed by the thread that made them; one left in a
    # reference cycle (a notebook's earlier query) would otherwise be collected, and leak with
    # a warning, in the extraction thread.
    if todo:
        gc.collect()
    bar = _progress(len(todo), "building", progress)
    try:
        for item in _ahead(extract(todo, bar.update)):
            if isinstance(item, Problem):
                report.problems.append(item)
                continue
            resolved = resolver.resolve(item)
            graph = graph_iri(item.article.id, base)
            quads = article_quads(resolved, base=base)
            rows = index.article_rows(
                resolved, quads, graph, base, known, pending=incremental, seq=seq
            )
            st.put_graph(graph, quads + rows)
            seq += 1
            stale = by_origin.get(_origin(item.article), set()) - {item.article.id}
            for old in sorted(stale):
                index.drop_article(st, base, graph_iri(old, base))
            report.replaced += bool(stale)
            report.added += not stale
            changed += 1
            report.tally(item.article.lang, len(resolved.facts))
    finally:
        bar.close()
    # Stale graphs left by a crash between "write new" and "drop old" of an earlier run.
    current = {_origin(a): a.id for a in articles}
    for aid, origin in in_store.items():
        if origin in current and current[origin] != aid:
            index.drop_article(st, base, graph_iri(aid, base))
            changed += 1
    index.repair(st, base)

    st.put_graph(ontology_graph(base), ontology_quads(base=base))
    report.inferred = derive(
        st, base, full=not valid, changed=bool(changed), digest=digest, facts_ok=facts_ok
    )
    report.entities, report.facts = _counts(st, base)
    report.new_entities = len(known) - indexed
    st.flush()
    return report


def _ahead(
    items: Iterable[Extraction | Problem], depth: int = 64
) -> Iterator[Extraction | Problem]:
    """Run the producer (spaCy, in C and BLAS most of the time, GIL released) in a thread so
    the merge (resolution, RDF, store writes) proceeds on the other core meanwhile. Order is
    kept; an exception in the producer is re-raised here."""
    box: queue.Queue[tuple[str, object]] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in items:
                while not stop.is_set():
                    try:
                        box.put(("item", item), timeout=0.2)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            box.put(("done", None))
        except BaseException as exc:
            box.put(("error", exc))

    thread = threading.Thread(target=produce, name="kg-extract", daemon=True)
    thread.start()
    try:
        while True:
            kind, value = box.get()
            if kind == "done":
                return
            if kind == "error":
                raise value  # type: ignore[misc]
            yield value  # type: ignore[misc]
    finally:
        stop.set()
        thread.join(timeout=5)


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


def _origin(article: Article) -> str:
    return article.origin


def _counts(st: Store | RemoteStore, base: str) -> tuple[int, int]:
    """(entities, extracted facts) in the store. Entities are the index's (one row each, every
    entity has an English label; `index.entity_count`, as on the endpoint's landing page); a
    distinct count over the union of article graphs cost a 10-article build on a 2,000-article
    store a fifth of its time."""
    from kg.store import index

    entities = index.entity_count(st)
    q = f"""{sparql_prologue("rdf")}
    SELECT (COUNT(?s) AS ?n) WHERE {{ GRAPH ?g {{ ?s a rdf:Statement }}
      FILTER(?g != <{inferred_graph(base)}>) }}"""
    facts = int(next(iter(st.query(q, union=False)))["n"].value)
    return entities, facts


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
    """Extract and resolve without a store; yields one JSON-ready dict per fact."""
    articles, found = read_articles(paths, lang=lang)
    if problems is not None:
        problems.extend(found)
    resolver = make_resolver(aliases=aliases)
    for item in extract_all(articles, workers=workers, model=model):
        if isinstance(item, Problem):
            if problems is not None:
                problems.append(item)
            continue
        resolved: Extraction = resolver.resolve(item)
        for fact in resolved.facts:
            yield fact_record(fact, resolved.article)
