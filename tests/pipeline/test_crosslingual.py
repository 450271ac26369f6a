"""Issue 15 item 5: a German and an English article about the same companies, cities and plants
land on the same IRIs in one real on-disk store (built by `kg build`'s code path)."""

from __future__ import annotations

import pytest

from kg.pipeline import build
from kg.store import Store

pytestmark = pytest.mark.slow  # real spaCy model, HanTa and an Oxigraph store

KGO = "http://kg.example.org/ontology#"
EN = (
    "Munich-based Siemens is building a new chip plant in Dresden, the company said on Monday. "
    "Infineon operates a plant in Dresden. Bosch supplies chips to BMW.\n"
)
DE = (
    "Der Münchner Konzern Siemens baut ein neues Chipwerk in Dresden, teilte das Unternehmen am "
    "Montag mit. Infineon betreibt ein Werk in Dresden. Bosch liefert Chips an BMW.\n"
)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    root = tmp_path_factory.mktemp("xl")
    src = root / "in"
    src.mkdir()
    (src / "en.txt").write_text(EN, encoding="utf-8")
    (src / "de.txt").write_text(DE, encoding="utf-8")
    report = build([src], store=root / "store", progress=False)
    assert report.added == 2 and not report.problems
    return Store(root / "store", read_only=True)


def _edges(st: Store, pred: str, lang: str) -> set[tuple[str, str]]:
    """(subject IRI, object IRI) of the `pred` statements derived from the `lang` article."""
    q = f"""PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?s ?o WHERE {{ GRAPH ?g {{ ?st rdf:subject ?s ; rdf:predicate <{KGO}{pred}> ;
            rdf:object ?o ; prov:wasDerivedFrom ?a . ?a dcterms:language "{lang}" }} }}"""
    return {(r["s"].value, r["o"].value) for r in st.query(q)}


def _tail(iri: str) -> str:
    return iri.rsplit("/entity/", 1)[-1]


@pytest.mark.parametrize("pred", ["basedIn", "buysFrom"])
def test_companies_and_cities_share_iris(store: Store, pred: str) -> None:
    en, de = _edges(store, pred, "en"), _edges(store, pred, "de")
    assert en and en & de, (pred, en, de)


def test_headquarters_city_is_one_node(store: Store) -> None:
    de = {(_tail(s), _tail(o)) for s, o in _edges(store, "basedIn", "de")}
    assert ("organization/siemens", "place/munich") in de  # "Münchner" is Munich


def test_plants_have_the_same_operators_and_cities(store: Store) -> None:
    """Each article's plant is its own node (resolve scopes unnamed facilities to their
    article), but who operates it and where it stands are the same IRIs in both languages."""
    for lang in ("en", "de"):
        operates = _edges(store, "operates", lang)
        located = dict(_edges(store, "locatedIn", lang))
        by_operator = {_tail(s): _tail(located[o]) for s, o in operates if o in located}
        assert by_operator.get("organization/siemens") == "place/dresden", (lang, by_operator)
    de_plants = {o for _s, o in _edges(store, "operates", "de")}
    en_plants = {o for _s, o in _edges(store, "operates", "en")}
    assert de_plants and en_plants
    de_cities = {o for s, o in _edges(store, "locatedIn", "de") if s in de_plants}
    en_cities = {o for s, o in _edges(store, "locatedIn", "en") if s in en_plants}
    assert de_cities == en_cities
