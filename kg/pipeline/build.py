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
  inferred graph is updated around them only (`kg.rdf.incremental`), or recomputed in full when
  it was never completed under the current rules. A crash before that point is completed by the
  next run; a run that changes nothing infers nothing.
"""

from __future__ import annotations

import gc
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import IngestError
from kg.mint import (
    KGO,
    graph_iri,
    inferred_graph,
    ontology_graph,
    sparql_prologue,
)
from kg.model import Article, Extraction, Fact, Problem
from kg.pipeline.workers import extract_all
from kg.store import Store

if TYPE_CHECKING:
    from kg.pipeline.spill import ArticleList
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
    # stage -> [wall seconds, CPU seconds of this process, CPU seconds elsewhere (workers,
    # the loader)]: what benchmarks/scaling.py reports as the cost model
    stages: dict[str, list[float]] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[list[float]]:
        """Time a stage; the caller may add CPU spent elsewhere to the yielded row's [2]."""
        row = self.stages.setdefault(name, [0.0, 0.0, 0.0])
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            yield row
        finally:
            row[0] += time.perf_counter() - wall
            row[1] += time.process_time() - cpu

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
) -> BuildReport:
    def local(
        todo: Sequence[Article], advance: Callable[[int], None]
    ) -> Iterator[Extraction | Problem]:
        for item in extract_all(todo, workers=workers, model=model):
            advance(1)
            yield item

    return build_with(
        local, paths, store=store, lang=lang, base=base, aliases=aliases, progress=progress
    )


def open_build_store(store: str | Path | Store | RemoteStore | None) -> Store | RemoteStore:
    if store is None or isinstance(store, str | Path):
        from kg.store.remote import open_store

        return open_store(store)  # None: $KG_STORE, else .kg/store
    return store


@dataclass
class Run:
    """One build between `start_build` and `finish_build`: the store and what it held."""

    st: Store | RemoteStore
    base: str
    report: BuildReport
    articles: ArticleList  # the input, on disk
    in_store: dict[str, str]  # article id -> origin, before this build
    todo: Sequence[Article]  # the articles to add, in input order (read from disk)
    valid: bool  # the inferred graph is complete under the current rules
    incremental: bool  # facts are recorded as pending (inference follows them)
    digest: str
    started: float
    changed: int = 0
    before: set[str] = field(default_factory=set)  # entity IRIs before this build
    inferred: int | None = None  # set when the inferred graph was written with the articles

    @property
    def fresh(self) -> bool:
        """Into an empty store (or one without a complete inferred graph and no articles): the
        first inference can run over this build's facts alone, where they are made."""
        return not self.valid and not self.in_store

    @property
    def by_origin(self) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for aid, origin in self.in_store.items():
            out.setdefault(origin, set()).add(aid)
        return out


def build_with(
    extract: Extractor,
    paths: Iterable[str | Path],
    *,
    store: str | Path | Store | RemoteStore | None = None,
    lang: str = "auto",
    base: str | None = None,
    aliases: str | Path | None = None,
    progress: bool | None = None,
) -> BuildReport:
    """The build around any source of per-article extractions in this process (local
    processes): ingest, skip what the store has, resolve across articles (every article's
    evidence first, then each article's graph: `kg.pipeline.resolution`), then
    `finish_build`."""
    from kg.pipeline.merge import merge
    from kg.pipeline.resolution import Resolution

    run = start_build(paths, store=store, lang=lang, base=base)
    if run.todo:
        resolution = Resolution(run.st, run.base, aliases=aliases)
        run.changed += merge(run, extract, resolution, progress=progress)
    return finish_build(run)


def start_build(
    paths: Iterable[str | Path],
    *,
    store: str | Path | Store | RemoteStore | None,
    lang: str,
    base: str | None,
) -> Run:
    """Ingest, open the store and bring its index up to date (finishing whatever a killed build
    left); the articles to add are `Run.todo`."""
    from kg.pipeline.resolution import finish_pending
    from kg.rdf import DEFAULT_BASE
    from kg.rdf.rules import rules_digest
    from kg.store import index

    started, cpu = time.perf_counter(), time.process_time()
    base = base or DEFAULT_BASE
    # Read first: with nothing to ingest the build stops before it opens (creates) a store.
    paths = list(paths)
    articles, problems = read_articles(paths, lang=lang, to_disk=True)
    if not articles:
        raise IngestError(_nothing_to_build(paths, problems))
    st = open_build_store(store)
    report = BuildReport(store=str(st.path) if st.path else getattr(st, "url", "(memory)"))
    report.problems = problems
    digest = rules_digest()
    valid = index.state(st, base).get("rules") == digest
    # Pending facts are the record of what changed, for incremental inference.
    incremental = valid
    changed, in_store = index.sync(st, base, pending_facts=incremental)
    changed += finish_pending(st, base, pending=incremental)  # a killed build's renames
    index.repair(st, base)
    todo = articles.select([i for i, aid in enumerate(articles.ids) if aid not in in_store])
    report.unchanged = len(articles) - len(todo)
    run = Run(st, base, report, articles, in_store, todo, valid, incremental, digest, started)
    run.changed = changed
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
    date (inference: `_infer`; a further derived graph hooks in beside it) and count."""
    from kg.rdf import ontology_quads
    from kg.store import index

    st, base, report = run.st, run.base, run.report
    # Stale graphs left by a crash between "write new" and "drop old" of an earlier run.
    current = dict(zip(run.articles.origins, run.articles.ids, strict=True))
    for aid, origin in run.in_store.items():
        if origin in current and current[origin] != aid:
            index.drop_article(st, base, graph_iri(aid, base))
            run.changed += 1
    index.repair(st, base)

    st.put_graph(ontology_graph(base), ontology_quads(base=base))
    with report.stage("infer"):
        if run.inferred is not None:  # derived on a Dask worker, loaded with the articles
            index.write_state(st, base, rules=run.digest)
            report.inferred = run.inferred
        else:
            report.inferred = _infer(
                st, base, full=not run.valid, changed=bool(run.changed), digest=run.digest
            )
    report.entities, report.facts = _counts(st, base)
    if run.todo:
        report.new_entities = len(index.entity_iris(st, base) - run.before)
    st.flush()
    report.seconds = time.perf_counter() - run.started
    return report


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


def _infer(st: Store | RemoteStore, base: str, *, full: bool, changed: bool, digest: str) -> int:
    """Bring the inferred graph up to date: in full when it is not known to be complete for
    the current rules, else only around the facts recorded as pending, by look-ups in the
    store (a remote store answers them over SPARQL; nothing is copied)."""
    from kg.store import index

    if not full and not changed and not index.pending(st, base)[0]:
        return _inferred_count(st, base)
    pending = index.pending_graph(base).value
    if not full:
        from kg.rdf.incremental import update_inferred

        facts, _ = index.pending(st, base)
        remove, add, _ = update_inferred(st.ox if isinstance(st, Store) else st, facts, base=base)
        st.change(drop=[pending], remove=remove, add=add)  # one transaction
        return _inferred_count(st, base)
    index.write_state(st, base, rules=None)
    if isinstance(st, Store):
        from kg.rdf import infer

        count = infer(st.ox, base=base)
    else:
        count = st.infer(base=base)  # over SPARQL, around every fact (`RemoteStore.infer`)
    st.change(drop=[pending])
    index.write_state(st, base, rules=digest)
    return count


def _inferred_count(st: Store | RemoteStore, base: str) -> int:
    q = f"""SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{inferred_graph(base)}> {{
        ?st <{KGO.inferred}> ?yes }} }}"""
    return int(next(iter(st.query(q, union=False)))["n"].value)


def _origin(article: Article) -> str:
    return article.origin


def _counts(st: Store | RemoteStore, base: str) -> tuple[int, int]:
    """(entities, extracted facts) in the store. Entities are the index's (one row each, every
    entity has an English label); a distinct count over the union of article graphs cost a
    10-article build on a 2,000-article store a fifth of its time."""
    from kg.store import index

    entities = len(index.entity_iris(st, base))
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
