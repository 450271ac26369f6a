"""The life of a fact across articles: which statements are about one fact, in what order, where
the fact stands after them, and where its sources contradict each other. Pure functions of plain
values; reading the statements from a store and writing the facts graph is `kg.rdf.facts`.

The rules (ontology/README.md, "Facts over time"):
- one fact per triple in its canonical direction: of an inverse pair the relation extractors
  write, of a symmetric relation the two IRIs in sorted order. Sub-properties stay distinct facts
  (a joint venture is not restated as a partnership).
- a statement's date is its event date, a month or a year read as its last day ("in March" is
  known to be over by March 31) and never later than its article's publication date; else the
  publication date; else it is undated.
- order: by date, undated statements last; on one date the article of an earlier build first
  (build order, `ix:seq` in the store's order graph), articles of one build by their graph IRI
  (the input's order is no information: a corpus in any order gives the same timelines),
  within one article in text order.
- status: walk the dated statements in order (all of them when none is dated; undated statements
  do not count otherwise, since nothing says when they were true). Asserted is final until a
  negation: a later plan, talk or rumour about a done thing is background, not a reversal. A
  negation after Asserted ends a relation that can end (`kgo:canEnd`: a stake, a partnership ...)
  and leaves an event (an acquisition, a merger) Asserted: what happened stays done, and the sale
  of an acquired company is a new fact. Otherwise the statement's modality is the new status.
- contradiction: on one date, one article negates what another states (Asserted, Planned,
  Negotiating or Hedged). Statements of one article never contradict each other (an article
  telling "had planned ..., but the talks collapsed" is ordered by its text), and different
  dates never do: a change of mind is the timeline itself.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from kg.model import ENDED, FactTimeline, TimelineEntry, fast_pickle
from kg.vocab import vocabulary

Triple = tuple[str, str, str]
ASSERTED, NEGATED = "Asserted", "Negated"
EVENT_DATE, ISSUED = "eventDate", "issued"
_UNKNOWN_SEQ = 1 << 62
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})(?:Z|[+-]\d{2}:\d{2})?$")
_YEAR = re.compile(r"^(\d{4})(?:Z|[+-]\d{2}:\d{2})?$")


@fast_pickle
@dataclass(frozen=True, slots=True)
class Said:
    """One statement as the timeline needs it: its triple as written, modality (local name),
    article and graph, event date and publication date (lexical forms), text offset and the
    build order of its article (None when the store does not know it)."""

    statement: str
    triple: Triple
    modality: str
    article: str
    graph: str
    event: str | None = None
    published: str | None = None
    start: int = 0
    seq: int | None = None


@dataclass(frozen=True, slots=True)
class Prior:
    """Where a fact stood before statements that all come after its others: its status, since
    when, whether it has dated statements and was contradicted."""

    status: str
    since: str | None
    dated: bool
    contradicted: bool


def canonical(s: str, p: str, o: str) -> Triple:
    """The one direction a fact is read in: of an inverse pair the relation extractors write
    (an extracted (a buysFrom b) and an inferred (b suppliesTo a) are one fact); of a symmetric
    relation the IRIs in sorted order ("A in talks with B" and "B in talks with A")."""
    v = vocabulary()
    if not p.startswith(v.namespace):
        return (s, p, o)
    name = p[len(v.namespace) :]
    inv = v.inverse.get(name)
    if inv is not None and (
        name not in v.predicates or (inv in v.predicates and inv < name)
    ):  # the extractable side; of two extractable sides the first by name
        s, o, name = o, s, inv
    if name in v.symmetric and o < s:
        s, o = o, s
    return (s, v.namespace + name, o)


def forms(fact: Triple) -> list[Triple]:
    """Every triple as written that is the fact `fact` (canonical): itself, its symmetric twin,
    its inverse."""
    s, p, o = fact
    v = vocabulary()
    name = p[len(v.namespace) :] if p.startswith(v.namespace) else None
    cands = {(s, p, o), (o, p, s)}
    if name in v.inverse:
        inv = v.namespace + v.inverse[name]
        cands |= {(o, inv, s), (s, inv, o)}
    return sorted(t for t in cands if canonical(*t) == fact)


def _day(lexical: str | None) -> str | None:
    m = _DAY.match(lexical or "")
    return f"{m[1]}-{m[2]}-{m[3]}" if m else None


def _period_end(lexical: str) -> str | None:
    """The last day of an xsd:date, gYearMonth or gYear (lexical form)."""
    if day := _day(lexical):
        return day
    if m := _MONTH.match(lexical):
        year, month = int(m[1]), int(m[2])
        if 1 <= month <= 12:
            return date(year, month, calendar.monthrange(year, month)[1]).isoformat()
        return None
    if m := _YEAR.match(lexical):
        return f"{m[1]}-12-31"
    return None


def when(event: str | None, published: str | None) -> tuple[str | None, str | None, str | None]:
    """(day the statement is ordered by, the date as stated, its source) from its event date
    and its article's publication date: ("2023-03-31", "2023-03", "eventDate") for "in March" in
    an article of June 2023; (None, None, None) when neither is known."""
    pub = _day(published)
    end = _period_end(event) if event else None
    if end is not None:
        return (min(end, pub) if pub else end), event, EVENT_DATE
    if pub is not None:
        return pub, pub, ISSUED
    return None, None, None


def step(status: str | None, modality: str, can_end: bool) -> str:
    """The status after one more statement of `modality` (the rules of the module docstring);
    `status` None or "" when nothing counted yet."""
    if modality == NEGATED:
        if status == ASSERTED:
            return ENDED if can_end else ASSERTED
        return ENDED if status == ENDED else NEGATED
    if modality == ASSERTED or status != ASSERTED:
        return modality
    return status


def _order(x: Said) -> tuple:
    day = when(x.event, x.published)[0]
    seq = _UNKNOWN_SEQ if x.seq is None else x.seq
    return (day is None, day or "", seq, x.graph, x.start, x.statement)


def _conflicts(ordered: list[Said], days: list[str | None]) -> dict[str, tuple[str, ...]]:
    """statement -> the statements of other articles of its date that say the opposite."""
    by_day: dict[str, list[Said]] = {}
    for x, day in zip(ordered, days, strict=True):
        if day is not None:
            by_day.setdefault(day, []).append(x)
    found: dict[str, list[str]] = {}
    for group in by_day.values():
        for a in group:
            for b in group:
                if a.article != b.article and (a.modality == NEGATED) != (b.modality == NEGATED):
                    found.setdefault(a.statement, []).append(b.statement)
    return {k: tuple(v) for k, v in found.items()}


def timeline(
    fact: str, triple: Triple, said: Iterable[Said], prior: Prior | None = None
) -> FactTimeline:
    """The timeline of the fact node `fact` whose canonical triple is `triple`, from every
    statement about it (any direction, any order); or, after `prior`, the continuation by
    statements that all come after the fact's others (only theirs are the entries)."""
    s, p, o = triple
    v = vocabulary()
    relation = p[len(v.namespace) :] if p.startswith(v.namespace) else p
    can_end = relation in v.can_end
    ordered = list(said)
    if len(ordered) > 1:  # most facts are one statement
        ordered.sort(key=_order)
    if not ordered:
        raise ValueError(f"the fact {fact} has no statement")
    dates = [when(x.event, x.published) for x in ordered]
    any_dated = any(d[0] is not None for d in dates) or (prior is not None and prior.dated)
    conflicts = _conflicts(ordered, [d[0] for d in dates])
    status = prior.status if prior else ""  # "": no statement yet; `step` takes it as None
    since = prior.since if prior else None
    entries = []
    for x, (day, stated, source) in zip(ordered, dates, strict=True):
        after = None
        if day is not None or not any_dated:
            after = step(status, x.modality, can_end)
            if after != status:
                since = day
            status = after
        entries.append(
            TimelineEntry(
                statement=x.statement,
                modality=x.modality,
                date=day,
                stated=stated,
                date_source=source,
                article=x.article,
                status_after=after,
                conflicts=conflicts.get(x.statement, ()),
            )
        )
    # (fact, subject, relation, object, status, since, contradicted, entries)
    contradicted = bool(conflicts) or (prior is not None and prior.contradicted)
    return FactTimeline(fact, s, relation, o, status, since, contradicted, tuple(entries))


def status_as_of(tl: FactTimeline, day: str | date) -> str | None:
    """Where the fact stood at the end of `day` (ISO date or `datetime.date`): its statements
    dated up to that day walked in order. None when it has dated statements but none by then
    (nobody had reported it yet); a fact with no dated statement is timeless: its status."""
    until = day.isoformat() if isinstance(day, date) else str(day)[:10]
    dated = [e for e in tl.entries if e.date is not None]
    if not dated:
        return tl.status
    can_end = tl.relation in vocabulary().can_end
    status = None
    for e in dated:
        if e.date > until:
            break
        status = step(status, e.modality, can_end)
    return status
