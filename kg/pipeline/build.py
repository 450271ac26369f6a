"""`build`: ingest -> nlp -> extract -> resolve -> rdf -> store, incrementally.

Incremental contract: an article's id is a hash of its cleaned text and its facts live in its
own named graph, written in one transaction. So
- an article already in the store is skipped (re-running changes nothing);
- an input slot (path[:line] or URL) whose text changed gets its new graph, then the old graph is
  dropped (a crash in between leaves a stale graph that the next run drops);
- the derived graphs (inferred facts, ontology) are recomputed at the end of every run, so a crash
  before that point is completed by the next run.
"""

from __future__ import annotations

import queue
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kg.model import Article, Extraction, Fact, Problem
from kg.pipeline.workers import extract_all
from kg.store import Store

if TYPE_CHECKING:
    from kg.store.remote import RemoteStore

ENTITY_PREFIX = "entity/"


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

    def summary(self) -> str:
        lines = [
            f"store:     {self.store}",
            f"articles:  {self.added} added, {self.replaced} replaced, {self.unchanged} unchanged,"
            f" {len(self.problems)} skipped",
        ]
        lines += [f"  skipped  {p}" for p in self.problems]
        lines += [
            f"entities:  {self.entities}",
            f"facts:     {self.facts} extracted, {self.inferred} inferred",
            f"time:      {self.seconds:.1f} s",
        ]
        return "\n".join(lines)


def _progress(total: int, desc: str, enabled: bool | None):
    from tqdm import tqdm

    # tqdm's None disables itself when stderr is not a terminal (CI logs stay clean).
    disable = None if enabled is None else not enabled
    return tqdm(total=total, desc=desc, unit="article", disable=disable, file=sys.stderr,
                leave=False)


def read_articles(paths: Iterable[str | Path], *, lang: str = "auto"
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


def make_resolver(*, aliases: str | Path | None = None,
                  store: Store | RemoteStore | None = None,
                  base: str | None = None):
    from kg.rdf import DEFAULT_BASE
    from kg.resolve import Resolver, load_overrides

    resolver = Resolver(overrides=load_overrides(aliases) if aliases else None)
    if store is not None:
        for key, label, etype, alts in known_entities(store, base or DEFAULT_BASE):
            resolver.remember(label, key, etype, alts)
    return resolver


def known_entities(store: Store | RemoteStore, base: str
                   ) -> Iterator[tuple[str, str, str, list[str]]]:
    """(key, label, type, aliases) of every entity already in the store, so a later article that
    says only "GM" lands on the node an earlier one created as "General Motors"."""
    prefix = base + ENTITY_PREFIX
    q = f"""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    SELECT ?e (SAMPLE(?l) AS ?label) (SAMPLE(?t) AS ?type)
           (GROUP_CONCAT(DISTINCT ?a; SEPARATOR="\\u001f") AS ?alts)
    WHERE {{ ?e rdfs:label ?l ; a ?t . OPTIONAL {{ ?e skos:altLabel ?a }}
             FILTER(STRSTARTS(STR(?e), "{prefix}") && LANGMATCHES(LANG(?l), "en")) }}
    GROUP BY ?e ORDER BY ?e"""
    for row in store.query(q):
        key = row["e"].value[len(prefix):]
        etype = row["type"].value.rsplit("#", 1)[-1]
        alts = [a for a in (row["alts"].value if row["alts"] else "").split("\u001f") if a]
        yield key, row["label"].value, etype, alts


Extractor = Callable[[Sequence[Article], Callable[[int], None]], Iterable[Extraction | Problem]]
"""Per-article work for the articles to add: one Extraction or Problem per article, **in input
order**; calls `advance(n)` as n articles finish (drives the progress bar)."""


def build(paths: Iterable[str | Path] = ("seeds",), *, store: str | Path | Store | None = None,
          lang: str = "auto", workers: int = 1, base: str | None = None,
          aliases: str | Path | None = None, model: str | None = None,
          progress: bool | None = None) -> BuildReport:
    def local(todo: Sequence[Article], advance: Callable[[int], None]
              ) -> Iterator[Extraction | Problem]:
        for item in extract_all(todo, workers=workers, model=model):
            advance(1)
            yield item

    return build_with(local, paths, store=store, lang=lang, base=base, aliases=aliases,
                      progress=progress)


def open_build_store(store: str | Path | Store | RemoteStore | None) -> Store | RemoteStore:
    if store is None or isinstance(store, str | Path):
        from kg.store.remote import open_store

        return open_store(store)  # None: $KG_STORE, else .kg/store
    return store


def build_with(extract: Extractor, paths: Iterable[str | Path], *,
               store: str | Path | Store | RemoteStore | None = None, lang: str = "auto",
               base: str | None = None, aliases: str | Path | None = None,
               progress: bool | None = None) -> BuildReport:
    """The build around any source of per-article extractions (local processes or a Dask
    cluster): ingest, skip what the store has, then the sequential, deterministic merge
    (resolution, one named graph per article, stale-graph clean-up, ontology, inference)."""
    from kg.rdf import DEFAULT_BASE, article_quads, ontology_quads

    started = time.perf_counter()
    base = base or DEFAULT_BASE
    st = open_build_store(store)
    report = BuildReport(store=str(st.path) if st.path else getattr(st, "url", "(memory)"))

    articles, report.problems = read_articles(paths, lang=lang)
    in_store = st.article_graphs(base)
    by_origin: dict[str, set[str]] = {}
    for aid, origin in in_store.items():
        by_origin.setdefault(origin, set()).add(aid)

    todo = [a for a in articles if a.id not in in_store]
    report.unchanged = len(articles) - len(todo)
    resolver = make_resolver(aliases=aliases, store=st, base=base)

    bar = _progress(len(todo), "building", progress)
    try:
        for item in _ahead(extract(todo, bar.update)):
            if isinstance(item, Problem):
                report.problems.append(item)
                continue
            resolved = resolver.resolve(item)
            st.put_graph(f"{base}graph/{item.article.id}", article_quads(resolved, base=base))
            stale = by_origin.get(_origin(item.article), set()) - {item.article.id}
            for old in sorted(stale):
                st.drop_graph(f"{base}graph/{old}")
            report.replaced += bool(stale)
            report.added += not stale
    finally:
        bar.close()
    # Stale graphs left by a crash between "write new" and "drop old" of an earlier run.
    current = {_origin(a): a.id for a in articles}
    for aid, origin in in_store.items():
        if origin in current and current[origin] != aid:
            st.drop_graph(f"{base}graph/{aid}")

    st.put_graph(f"{base}graph/ontology", ontology_quads(base=base))
    report.inferred = _infer(st, base)
    report.entities, report.facts = _counts(st, base)
    st.flush()
    report.seconds = time.perf_counter() - started
    return report


def _ahead(items: Iterable[Extraction | Problem], depth: int = 64
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


def _infer(st: Store | RemoteStore, base: str) -> int:
    if isinstance(st, Store):
        from kg.rdf import infer

        return infer(st.ox, base=base)
    return st.infer(base=base)  # a remote store infers on the server or on a scratch copy


def _origin(article: Article) -> str:
    return article.origin


def _counts(st: Store | RemoteStore, base: str) -> tuple[int, int]:
    q = f"""SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e a ?c .
        FILTER(STRSTARTS(STR(?e), "{base}{ENTITY_PREFIX}")) }}"""
    entities = int(next(iter(st.query(q)))["n"].value)
    q = f"""PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
    SELECT (COUNT(?s) AS ?n) WHERE {{ GRAPH ?g {{ ?s a rdf:Statement }}
      FILTER(?g != <{base}graph/inferred>) }}"""
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
    }


def extract_records(paths: Iterable[str | Path], *, lang: str = "auto", workers: int = 1,
                    aliases: str | Path | None = None, model: str | None = None,
                    problems: list[Problem] | None = None) -> Iterator[dict[str, object]]:
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
