"""The ontology file itself and the example queries shipped beside it."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Namespace

from kg.paths import ontology_file, queries_dir
from kg.query import example_queries, run_query
from kg.store import Store

KGO = Namespace("http://kg.example.org/ontology#")
CLASSES = [
    "Organization",
    "Country",
    "Place",
    "Facility",
    "Product",
    "Technology",
    "Person",
    "Article",
]
PROPERTIES = [
    "buysFrom",
    "suppliesTo",
    "importsFrom",
    "licensesTechnologyFrom",
    "licensesTechnologyTo",
    "usesTechnologyFrom",
    "negotiatesWith",
    "partnersWith",
    "jointVentureWith",
    "investsIn",
    "acquires",
    "subsidiaryOf",
    "parentOf",
    "mergesWith",
    "operates",
    "finances",
    "produces",
    "locatedIn",
    "basedIn",
]


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ontology_file(), format="turtle")


def test_required_terms_exist(onto: Graph) -> None:
    for c in CLASSES:
        assert (KGO[c], RDF.type, OWL.Class) in onto, c
    for p in PROPERTIES:
        assert (KGO[p], RDF.type, OWL.ObjectProperty) in onto, p


def test_every_term_has_english_and_german_label_and_comment(onto: Graph) -> None:
    terms = {s for s in onto.subjects() if str(s).startswith(str(KGO))}
    assert len(terms) > 30
    for t in terms:
        for pred in (RDFS.label, RDFS.comment):
            langs = {o.language for o in onto.objects(t, pred)}
            assert {"en", "de"} <= langs, (t, pred, langs)


def test_axioms_from_the_issue(onto: Graph) -> None:
    assert (KGO.buysFrom, OWL.inverseOf, KGO.suppliesTo) in onto
    assert (KGO.importsFrom, RDFS.subPropertyOf, KGO.buysFrom) in onto
    assert (KGO.licensesTechnologyFrom, OWL.inverseOf, KGO.licensesTechnologyTo) in onto
    assert (KGO.subsidiaryOf, OWL.inverseOf, KGO.parentOf) in onto
    for p in ("negotiatesWith", "partnersWith", "jointVentureWith"):
        assert (KGO[p], RDF.type, OWL.SymmetricProperty) in onto
    chains = {p for p, _ in onto.subject_objects(OWL.propertyChainAxiom)}
    assert {KGO.buysFrom, KGO.licensesTechnologyFrom} <= chains


def test_every_term_is_documented_in_readme(onto: Graph) -> None:
    readme = (ontology_file().parent / "README.md").read_text(encoding="utf-8")
    for t in {s for s in onto.subjects() if str(s).startswith(str(KGO))}:
        assert f"`kgo:{t.split('#')[1]}`" in readme, t


def test_example_queries_exist() -> None:
    names = set(example_queries())
    assert {
        "buyers",
        "suppliers-of",
        "technology-licensors",
        "facts-by-article",
        "entities-with-aliases",
    } <= names
    assert Path(queries_dir()).is_dir()


@pytest.mark.slow
# Queries on amounts, stakes, capacities and dates name the corpus they answer on
# ("# test-corpus:"): the seeds state none; tests/query/test_qualifier_queries.py asserts their
# rows.
@pytest.mark.parametrize(
    "name", sorted(n for n, q in example_queries().items() if "# test-corpus:" not in q)
)
def test_example_query_answers_on_the_seeds(seed_store_path: Path, name: str) -> None:
    rows = list(run_query(Store(seed_store_path, read_only=True), example_queries()[name]))
    assert rows, f"{name}.rq returned nothing on the seeds"


@pytest.mark.slow
@pytest.mark.parametrize(
    "name", sorted(n for n, q in example_queries().items() if "# test-corpus:" not in q)
)
def test_every_column_of_an_example_query_is_filled_on_the_seeds(
    seed_store_path: Path, name: str
) -> None:
    """A column no row fills is a query that lost a clause (facts-by-article had its publisher
    BIND after a `#` comment, so the comment swallowed it)."""
    result = run_query(Store(seed_store_path, read_only=True), example_queries()[name])
    columns = [v.value for v in result.variables]
    rows = list(result)
    never = [c for c in columns if all(r[c] is None or not r[c].value for r in rows)]
    assert not never, f"{name}.rq: no row fills {never}"
