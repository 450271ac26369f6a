"""Values that cross stage boundaries: frozen, picklable, spaCy-free.

Offsets are character offsets into `Article.text` (the cleaned body that every later stage sees),
so evidence can always be cut back out of the article and shown to a reader.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import TypeVar

T = TypeVar("T")


def fast_pickle(cls: type[T]) -> type[T]:
    """Pickle a frozen, slotted dataclass as a call of the class with its fields in order. The
    state functions `dataclasses` gives such a class look its fields up on every call, which
    made pickling a third of what a build spent keeping its prepared articles on disk
    (`kg.pipeline.spill`); a call is also 40 % faster to load and dump than a state set field
    by field. Only for classes whose fields are all `__init__` arguments, in order."""
    names = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]
    get = attrgetter(*names)

    def reduce(self: T) -> tuple:
        state = get(self)
        return cls, (state if len(names) > 1 else (state,))

    cls.__reduce__ = reduce  # type: ignore[assignment,method-assign]
    return cls


# Firmest first (rule inference and cue precedence read this order).
MODALITIES = ("Asserted", "Planned", "Negotiating", "Hedged", "Negated")
# Where a fact stands after its statements in order (`kg.rdf.timeline`): a modality, or Ended (a
# negated statement after an asserted one, for a relation that can end).
ENDED = "Ended"
STATUSES = (*MODALITIES, ENDED)
ENTITY_TYPES = ("Organization", "Country", "Place", "Facility", "Product", "Technology", "Person")
# First path segment of a resolved entity key ("organization/general-motors"), per type.
TYPE_KEY_PREFIX = {t: t.lower() for t in ENTITY_TYPES}
TYPE_OF_KEY_PREFIX = {v: k for k, v in TYPE_KEY_PREFIX.items()}

# Within-article entity keys (`Mention.key` before resolution) start with one of these, or are a
# gazetteer key ("organization/catl"):
NAME_KEY = "name:"  # a named entity: "name:" + folded clean name
REF_KEY = "ref:"  # a definite description ("the plant"): "ref:<start char>"
NEW_KEY = "new:"  # an indefinite new thing ("a new battery plant"): "new:<start char>"
SPLIT_KEY = "split:"  # a surface form an alias override split off its cluster
LOCAL_KEYS = (NAME_KEY, REF_KEY, NEW_KEY, SPLIT_KEY)
# Within-article key of the organisation an article is by or about but never names ("We are a
# subsidiary of ...", "It is owned by ..."): one article-scoped node, like an unnamed plant.
SELF_KEY = NEW_KEY + "self"
SELF_NAME = "unnamed organisation"


@fast_pickle
@dataclass(frozen=True, slots=True)
class Article:
    """One cleaned article. `id` is derived from the cleaned text, so re-ingesting adds nothing."""

    id: str
    text: str
    lang: str
    title: str | None = None
    source: str | None = None  # publisher ("BNN Bloomberg"), from a `Source:` line or JSONL field
    url: str | None = None
    path: str | None = None  # input file the article came from
    line: int | None = None  # 1-based line for JSONL inputs
    published: str | None = None  # ISO 8601 date when known
    dateline: str | None = None  # "SAN JOSE, Calif., Jan 5 (Reuters)", cut from the body
    dateline_place: str | None = None  # "SAN JOSE, Calif." from the dateline

    @property
    def origin(self) -> str:
        """Where a reader can find the article again: its URL, else its file (and line)."""
        if self.url:
            return self.url
        if self.path and self.line:
            return f"{self.path}:{self.line}"
        return self.path or self.id


@fast_pickle
@dataclass(frozen=True, slots=True)
class Problem:
    """A bad input that was skipped; the build goes on and reports it."""

    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.reason}"


@fast_pickle
@dataclass(frozen=True, slots=True)
class Mention:
    """An entity mention in an article.

    `key` is the within-article entity key set by extraction/resolution: mentions with the same
    key in one article denote the same entity ("General Motors", "GM", "the automaker").
    `name` is the best name for that entity in this article (long form, legal form stripped).
    """

    text: str
    start: int
    end: int
    type: str  # one of ENTITY_TYPES
    name: str
    key: str
    certainty: float = 1.0  # gazetteer hit 1.0, NER 0.8, heuristic lower
    lang: str = "en"


QUALIFIER_KINDS = ("amount", "stake", "capacity", "duration", "eventDate", "expectedBy")


@fast_pickle
@dataclass(frozen=True, slots=True)
class Qualifier:
    """How much, what stake, what capacity, how long or when, read from the fact's sentence
    (`kg.extract.common.qualifiers`). `value` is the lexical form of the typed RDF value: a
    decimal ("2300000000", "20"), an xsd:duration ("P10Y") or a date, year-month or year
    ("2024-06-11", "2026-03", "2026"); `unit` is the ISO 4217 currency of an amount or the unit
    of a capacity ("GWh", "vehicles/year"); `start`/`end` the expression in `Article.text`."""

    kind: str  # one of QUALIFIER_KINDS
    value: str
    unit: str | None = None
    start: int = 0
    end: int = 0


@fast_pickle
@dataclass(frozen=True, slots=True)
class Fact:
    """One extracted relation with its evidence.

    `start`/`end` delimit the evidence sentence in `Article.text`.
    """

    article: str
    subject: Mention
    predicate: str  # ontology property local name, e.g. "buysFrom"
    object: Mention
    modality: str  # one of MODALITIES
    confidence: float
    sentence: str
    start: int
    end: int
    extractor: str  # versioned registry name, e.g. "kg.extract.svo.v1"
    qualifiers: tuple[Qualifier, ...] = ()


@fast_pickle
@dataclass(frozen=True, slots=True)
class Label:
    """A name resolution decided an entity carries: its label (`alt` false: rdfs:label; every
    entity of `Extraction.entities` has one in English) or a surface form a reader could search
    for (`alt`: skos:altLabel). The rdf stage writes these and decides nothing about names
    itself."""

    key: str
    text: str
    lang: str
    alt: bool = False


@fast_pickle
@dataclass(frozen=True, slots=True)
class Entity:
    """A node the article's graph describes, as resolution decided it: its global key, its type
    and, for a country, region or city of `kg.places`, its public identifiers (the GeoNames IRI
    the rdf stage writes as owl:sameAs, a country's ISO 3166-1 alpha-2 code as kgo:isoCode)."""

    key: str
    type: str  # one of ENTITY_TYPES
    same_as: str | None = None
    iso: str | None = None


@fast_pickle
@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything one article yields before cross-article resolution; after it, also the
    `entities` its graph describes and their `labels`."""

    article: Article
    mentions: tuple[Mention, ...] = ()
    facts: tuple[Fact, ...] = ()
    decisions: tuple[str, ...] = field(default=())  # within-article merge decisions, for audit
    labels: tuple[Label, ...] = ()  # set by resolution (`kg.resolve.labels`)
    entities: tuple[Entity, ...] = ()  # set by resolution, in mention order (`kg.resolve.labels`)


@fast_pickle
@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One statement in a fact's timeline (`kg.rdf.timeline`), in order.

    `date` is the day it is ordered by (ISO, None when undated); `stated` the date as its source
    gives it ("2023-03" from "in March", or the publication date); `date_source` "eventDate" or
    "issued". `status_after` is the fact's status once this statement counts (None for an
    undated statement of a fact that has dated ones); `conflicts` the statements of other
    articles of the same date that say the opposite."""

    statement: str
    modality: str  # one of MODALITIES
    date: str | None
    stated: str | None
    date_source: str | None
    article: str
    title: str | None = None
    evidence: str | None = None
    status_after: str | None = None  # one of STATUSES
    conflicts: tuple[str, ...] = ()


@fast_pickle
@dataclass(frozen=True, slots=True)
class FactTimeline:
    """Everything the articles said about one (subject, relation, object), read in its canonical
    direction (IRIs; `relation` is the property's local name): its statements in order, its
    current `status` (one of STATUSES) `since` a date, and whether two articles contradicted each
    other on one date."""

    fact: str
    subject: str
    relation: str
    object: str
    status: str
    since: str | None
    contradicted: bool
    entries: tuple[TimelineEntry, ...] = ()
