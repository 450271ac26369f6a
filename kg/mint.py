"""Every name the graph uses is minted here, and only here: the namespaces (and the one prefix
map), the IRIs of entities, articles, statements and named graphs under the data base IRI, the
outside IRIs we link to (GeoNames), the entity keys and the slugs they are made of.

The ontology namespace `KGO` is closed: its terms are the ones `ontology/kg.ttl` defines, so
`KGO.buysFrom` is the IRI and a misspelt `KGO.buysFromm` raises `RDFError` at its first use
instead of writing a new IRI nobody queries. The data base IRI is the user's (`--base-iri`), so
two groups can publish graphs that do not collide.

Plain strings only (no pyoxigraph, no rdflib): every stage may import this module, and the rdf
stage wraps these in its own terms (`kg.rdf.terms`). `tests/test_vocab.py` checks that no other
module in `kg/` (Python or JavaScript) spells a namespace IRI or an entity-key prefix.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from urllib.parse import quote

from kg.errors import RDFError
from kg.model import TYPE_KEY_PREFIX

# -- namespaces ----------------------------------------------------------------------------------
DEFAULT_BASE = "http://kg.example.org/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
SCHEMA = "http://schema.org/"
# The predicates of the store's own index graphs (`kg.store.index`): not kgo:, so ontology-level
# readers and the rules never see them.
IX = "http://kg.example.org/index#"
# GeoNames' IRI pattern for a feature: https://sws.geonames.org/{id}/ (the trailing slash is part
# of it), the target of owl:sameAs on countries and places.
GEONAMES = "https://sws.geonames.org/"
# The SPARQL 1.1 query results XML format's namespace (the endpoint writes that format).
SPARQL_RESULTS = "http://www.w3.org/2005/sparql-results#"


class ClosedNamespace(str):
    """A namespace IRI (a `str`: it prints, concatenates and compares as its IRI) whose attributes
    are only the terms `terms()` returns; `term(name)` is the same check for a computed name."""

    __slots__ = ()

    def term(self, name: str) -> str:
        if name not in _kgo_terms():
            from kg.paths import ontology_file

            raise RDFError(f"kgo:{name} is not a term of the ontology", path=str(ontology_file()))
        return str(self) + name

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):  # Python's own protocol look-ups (copy, pickle, inspect)
            raise AttributeError(name)
        return self.term(name)


KGO = ClosedNamespace("http://kg.example.org/ontology#")


@lru_cache(maxsize=1)
def _kgo_terms() -> frozenset[str]:
    """The local names of every kgo: term `ontology/kg.ttl` defines (is the subject of)."""
    import pyoxigraph as ox

    from kg.paths import ontology_file

    path = ontology_file()
    try:
        triples = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
        terms = frozenset(
            t.subject.value[len(KGO) :]
            for t in triples
            if isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(KGO)
        )
    except (OSError, SyntaxError) as exc:
        raise RDFError(f"cannot read the ontology: {exc}", path=str(path)) from exc
    # A term named like a str method ("title", "count") would be that method, not the term.
    if clash := sorted(terms & set(dir(ClosedNamespace))):
        raise RDFError(f"kgo: terms named like str methods: {', '.join(clash)}", path=str(path))
    return terms


# The one prefix map: SPARQL prologues, Turtle output, the query page's prefix list. Every query
# may use these without declaring them, alike in `kg query`, `/sparql` and the `/query` page (a
# query's own PREFIX lines override them).
PREFIXES: dict[str, str] = {
    "kgo": str(KGO),
    "rdf": RDF,
    "rdfs": RDFS,
    "skos": SKOS,
    "prov": PROV,
    "dcterms": DCTERMS,
    "xsd": XSD,
    "owl": OWL,
    "schema": SCHEMA,
}


def sparql_prologue(*names: str) -> str:
    """`PREFIX p: <ns>` lines for `names` (every prefix of PREFIXES when none are given)."""
    return "".join(f"PREFIX {n}: <{PREFIXES[n]}>\n" for n in names or PREFIXES)


# -- IRIs under the data base IRI ------------------------------------------------------------
# Named graphs that are not an article's: inference, the facts' timelines, the ontology, and the
# store's index and bookkeeping.
SPECIAL_GRAPHS = ("inferred", "facts", "ontology", "index", "pending", "state", "order")


def entity_namespace(base: str = DEFAULT_BASE) -> str:
    """What every entity IRI starts with: the entity IRI is this + the (quoted) key."""
    return base + "entity/"


def entity_iri(key: str, base: str = DEFAULT_BASE) -> str:
    # Keys are slug paths ("organization/general-motors"); quoting keeps any stray character
    # from producing an invalid IRI.
    return entity_namespace(base) + quote(key, safe="/-._~")


def article_iri(article_id: str, base: str = DEFAULT_BASE) -> str:
    return f"{base}article/{article_id}"


def statement_iri(article_id: str, n: int, base: str = DEFAULT_BASE) -> str:
    """The statement of an article's `n`th fact."""
    return f"{base}statement/{article_id}/{n}"


def inferred_statement_iri(triple: tuple[str, str, str], base: str = DEFAULT_BASE) -> str:
    """The statement of an inferred triple: named by the triple, so recomputing inference
    rewrites the same IRIs."""
    digest = hashlib.sha1("\x1f".join(triple).encode()).hexdigest()[:16]
    return f"{base}statement/inferred/{digest}"


def fact_iri(triple: tuple[str, str, str], base: str = DEFAULT_BASE) -> str:
    """The fact node of a triple in its canonical direction (`kg.rdf.timeline.canonical`): named
    by the triple, so every statement of it, in any article and any build, lands on one node."""
    digest = hashlib.sha1("\x1f".join(triple).encode()).hexdigest()[:16]
    return f"{base}fact/{digest}"


def pending_iri(triple: tuple[str, str, str], base: str = DEFAULT_BASE) -> str:
    """The store index's record of a fact awaiting inference (`kg.store.index`)."""
    digest = hashlib.sha1("\x1f".join(triple).encode()).hexdigest()[:20]
    return f"{base}pending/{digest}"


def graph_namespace(base: str = DEFAULT_BASE) -> str:
    return base + "graph/"


def graph_iri(name: str, base: str = DEFAULT_BASE) -> str:
    """An article's named graph (`name` its id), or one of `SPECIAL_GRAPHS`."""
    return graph_namespace(base) + name


def is_graph(iri: str, name: str) -> bool:
    """Whether `iri` is the graph `name` (one of `SPECIAL_GRAPHS`) under any base IRI: for
    readers that do not know the base a store was built with."""
    return iri.endswith("/" + graph_iri(name, ""))


def inferred_graph(base: str = DEFAULT_BASE) -> str:
    return graph_iri("inferred", base)


def facts_graph(base: str = DEFAULT_BASE) -> str:
    """The facts' timelines, derived from the article graphs (`kg.rdf.facts`)."""
    return graph_iri("facts", base)


def ontology_graph(base: str = DEFAULT_BASE) -> str:
    return graph_iri("ontology", base)


def geonames_iri(geonames_id: int) -> str:
    return f"{GEONAMES}{geonames_id}/"


# -- entity keys -----------------------------------------------------------------------------
@lru_cache(maxsize=1 << 16)  # pure; resolution slugs the same labels article after article
def slug(text: str) -> str:
    """ASCII lowercase-hyphen form for keys: "Südkorea" -> "sudkorea", "AT&T" -> "at-t",
    "Tromsø" -> "tromso" (letters NFKD does not decompose are transliterated first)."""
    text = (
        text.replace("ß", "ss")
        .replace("Æ", "AE")
        .replace("æ", "ae")
        .replace("Ø", "O")
        .replace("ø", "o")
        .replace("Œ", "OE")
        .replace("œ", "oe")
    )
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def entity_key(etype: str, *segments: str, default: str = "thing") -> str:
    """The global key of an entity of type `etype`: its type's segment (`default` for a type
    outside `kg.model.ENTITY_TYPES`), then `segments`, slugs already: ("Organization",
    "general-motors") -> "organization/general-motors"; a facility only its article names:
    ("Facility", "<article id>", "battery-plant")."""
    return "/".join((TYPE_KEY_PREFIX.get(etype, default), *segments))


def key_is(key: str, *etypes: str) -> bool:
    """Whether `key` is the global key of an entity of one of `etypes` (by its first segment)."""
    return key.startswith(_key_prefixes(etypes))


def article_scoped(key: str) -> bool:
    """ "facility/<article>/<slug>": a thing only its article can name."""
    return key.count("/") >= 2


@lru_cache(maxsize=64)
def _key_prefixes(etypes: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(TYPE_KEY_PREFIX[t] + "/" for t in etypes)
