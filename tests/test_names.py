"""One name normaliser (`kg.names`, legal forms in `kg/resources/legal_forms.json`) used alike by
the nlp recognisers, both extractors and the resolver; and the one word-list loader."""

from __future__ import annotations

import json

import pytest

from kg import names
from kg.errors import KGError, ResourceError
from kg.model import Article

FORMS = [
    "Acme LLP",
    "Genting Berhad",
    "Acme ASA",
    "Acme Inc.",
    "Acme Pte. Ltd.",
    "Acme Co., Ltd.",
    "ACME CO., LTD.",
    "Acme GmbH & Co. KG",
    "Acme S.p.A.",
    "Acme N.V.",
    "Acme AS",
    "Acme SE & Co. KGaA",
    "Acme Sdn. Bhd.",
]


@pytest.mark.parametrize("text", FORMS)
def test_every_legal_form_is_stripped_by_the_one_cleaner(text: str) -> None:
    assert names.clean(text) == text.split()[0]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("City Holding", "City Holding"),  # a loose form is part of the name
        ("Kestrel Holdings", "Kestrel Holdings"),
        ("Volkswagen Group", "Volkswagen Group"),
        ("AG", "AG"),  # never the whole name
        ("Siemens AG", "Siemens"),
        ("The Acme Corporation's", "Acme"),
        ("Foo ab", "Foo ab"),  # "AB" only as written: lower-case "ab" is a German word
        ("Northwind as", "Northwind as"),
        ("Harwick Telecom (Singapore) Ltd", "Harwick Telecom (Singapore)"),  # a regional company
        ("Lyndale Mining (LMC)", "Lyndale Mining"),  # an acronym is only another name
    ],
)
def test_clean_keeps_what_distinguishes_companies(text: str, name: str) -> None:
    assert names.clean(text) == name


def test_loose_forms_only_find_a_known_entity() -> None:
    assert names.lookup_forms("City Holding") == ["City Holding", "City"]
    assert names.clean("City Holding") != names.clean("City")


def test_legal_form_words_and_tokens_follow_the_case_rule() -> None:
    assert names.is_legal_form("Co.") and names.is_legal_form("Limited")
    assert names.is_legal_form("AS") and not names.is_legal_form("as")
    de = names.legal_tokens("de")
    assert {"AG", "GmbH", "Co.", "Holding", "mbH", "PLC", "plc"} <= de
    assert not {"ab", "se", "Ab"} & de
    assert "Berhad" in names.legal_tokens("en") and "Berhad" not in de


def test_the_table_is_the_only_source() -> None:
    from kg import resources

    raw = json.loads(resources.path("legal_forms.json").read_text(encoding="utf-8"))
    forms = {e["form"] for e in raw["forms"]}
    assert {f.form for f in resources.legal_forms()} == forms
    assert all(e["case"] in {"any", "exact"} for e in raw["forms"])
    one_word = {e["form"] for e in raw["forms"] if "de" in e["langs"] and " " not in e["form"]}
    assert one_word <= names.legal_tokens("de")


def test_words_loader_rejects_unknown_names_and_bad_files(tmp_path, monkeypatch) -> None:
    from kg import resources, words

    assert "of" in words.words("nlp.name_joiners")
    assert "ev" in words.words("nlp.en_not_orgs", lower=True)
    assert words.word_map("resolve.de_kind_synonyms")["autobauer"] == "automaker"
    for bad in ("nlp.name_joiner", "nlp", "nope.name_joiners", "extract.name_joiners"):
        with pytest.raises(ResourceError, match="unknown word list"):
            words.words(bad)
    with pytest.raises(ResourceError, match="unknown word map"):
        words.word_map("resolve.generic_kinds")  # a list, not a map
    assert issubclass(ResourceError, KGError)
    (tmp_path / "words_nlp.json").write_text('{"empty": []}', encoding="utf-8")
    monkeypatch.setattr(resources, "HERE", tmp_path)
    resources._word_file.cache_clear()
    words.words.cache_clear()
    try:
        with pytest.raises(ResourceError, match="'empty' must be a non-empty list"):
            words.words("nlp.empty")
        (tmp_path / "words_nlp.json").write_text("{not json", encoding="utf-8")
        resources._word_file.cache_clear()
        with pytest.raises(ResourceError, match=r"words_nlp\.json"):
            words.words("nlp.name_joiners")
    finally:
        resources._word_file.cache_clear()
        words.words.cache_clear()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "surface", "name"),
    [
        ("Northwind Power will supply batteries to City Holding.", "City Holding", "City Holding"),
        (
            "Kestrel Holdings said its subsidiary Brightwater Pte Ltd will build a new plant.",
            "Kestrel Holdings",
            "Kestrel Holdings",
        ),
        ("Acme LLP agreed to buy batteries from Northwind Power.", "Acme LLP", "Acme"),
        (
            "Genting Berhad agreed to buy batteries from Northwind Power.",
            "Genting Berhad",
            "Genting",
        ),
        ("Acme ASA agreed to buy batteries from Northwind Power.", "Acme ASA", "Acme"),
    ],
)
def test_english_extraction_and_resolution_clean_names_alike(text, surface, name) -> None:
    from kg.extract import extract_articles
    from kg.resolve import Resolver

    ex = next(extract_articles([Article(id="t", text=text, lang="en")]))
    found = [m for m in ex.mentions if m.text == surface]
    assert found and found[0].name == name == names.clean(surface)
    resolved = Resolver().resolve(ex)
    keys = {m.key for m in resolved.mentions if m.text == surface}
    assert keys == {"organization/" + names.slug(name)}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "surface", "name"),
    [
        ("Die Acme ASA kauft Batterien von der Firma Nordwind.", "Acme ASA", "Acme"),
        (
            "Die City Holding kauft Batterien von der Firma Nordwind.",
            "City Holding",
            "City Holding",
        ),
    ],
)
def test_german_extraction_cleans_names_alike(text, surface, name) -> None:
    from kg.extract.de.extract import extract_de

    ex = extract_de(Article(id="t", text=text, lang="de"))
    found = [m for m in ex.mentions if m.text == surface]
    assert found and found[0].name == name == names.clean(surface)


def test_every_shipped_word_list_loads() -> None:
    from kg import resources, words

    for stage in resources.STAGES:
        lists = resources.word_lists(stage)
        assert lists, stage
        for name in lists:
            assert words.words(f"{stage}.{name}")
        for name in resources.word_maps(stage):
            assert words.word_map(f"{stage}.{name}")


def test_headline_separators_are_no_part_of_a_name() -> None:
    from kg.names import clean

    assert clean("Seagen |") == "Seagen"
    assert clean("• Valemont Group Ltd") == "Valemont Group"
    assert clean("A|B Partners") == "A|B Partners"  # inside a name it stays


def test_an_and_joined_to_a_stripped_legal_form_goes_with_it() -> None:
    from kg.names import clean

    assert clean("Kelmar, Dunstan and Co.") == "Kelmar, Dunstan"
    assert clean("Halvern Lynch and Co Inc") == "Halvern Lynch"
    assert clean("Cable and Wireless Plc") == "Cable and Wireless"
