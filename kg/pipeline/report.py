"""What one build is and what it reports: `Run` (the store and what it held, between
`kg.pipeline.build.start_build` and `finish_build`), `BuildReport` (counts, stage costs and the
summary `kg build` prints), the `Extractor` a build is driven by, and its progress bars."""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.model import Article, Extraction, Problem

if TYPE_CHECKING:
    from kg.pipeline.spill import ArticleList
    from kg.store import Store
    from kg.store.remote import RemoteStore
    from kg.store.writer import StoreProcess


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


def progress_bar(total: int, desc: str, enabled: bool | None):
    from tqdm import tqdm

    # tqdm's None disables itself when stderr is not a terminal (CI logs stay clean).
    disable = None if enabled is None else not enabled
    return tqdm(
        total=total, desc=desc, unit="article", disable=disable, file=sys.stderr, leave=False
    )


Extractor = Callable[[Sequence[Article], Callable[[int], None]], Iterable[Extraction | Problem]]
"""Per-article work for the articles to add: one Extraction or Problem per article, **in input
order**; calls `advance(n)` as n articles finish (drives the progress bar)."""


@dataclass
class Run:
    """One build between `start_build` and `finish_build`: the store and what it held."""

    st: Store | RemoteStore | StoreProcess  # the last during a first build's writes elsewhere
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
    facts_ok: bool = False  # the facts graph is complete under the current facts rules
    seq: int = 0  # this build's number (`kg.store.order`), shared by the articles it writes
    facts_written: bool = False  # the facts graph was written with the articles
    compact: bool = False  # merge the store's files at the end (`kg.pipeline.build`)
    load_batch: int | None = None  # quads per bulk load of the drafts, if not the writer's own
    load_taper: int = 0  # the drafts' loads halve towards the end, down to this (`GraphWriter`)
    owned: bool = False  # the build opened the store itself (it may take new handles on it)
    writes_elsewhere: bool = False  # its writes go to a process of their own (`kg.store.writer`)

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
