"""The English pipeline: real model, our components present, gazetteer matching rules."""

from __future__ import annotations

import pytest

from kg.errors import NLPError

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp():
    from kg.nlp import load

    return load("en")


def test_model_loads_with_our_components(nlp) -> None:
    names = nlp.pipe_names
    assert "kg_entity_ruler_v1" in names and "kg_gazetteer_merge_v1" in names
    assert names.index("kg_entity_ruler_v1") > names.index("ner")
    assert names.index("kg_paragraph_breaks_v1") < names.index("parser")


def test_load_is_cached(nlp) -> None:
    from kg.nlp import load

    assert load("en") is nlp


def test_pronoun_us_is_not_a_country(nlp) -> None:
    doc = nlp("Drop us a line and let us know. The US market grew.")
    ents = [(e.text, e.kb_id_) for e in doc.ents]
    assert ("US", "country/united-states") in ents
    assert all(text.lower() != "us" or text == "US" for text, _ in ents)
    assert sum(1 for _, key in ents if key == "country/united-states") == 1


def test_gazetteer_keys_and_aliases(nlp) -> None:
    doc = nlp(
        "General Motors and Contemporary Amperex Technology Co. Limited (CATL) met in the U.S."
    )
    keys = {e.text: e.kb_id_ for e in doc.ents}
    assert keys["General Motors"] == "organization/general-motors"
    assert keys["CATL"] == "organization/catl"
    assert keys["Contemporary Amperex Technology Co. Limited"] == "organization/catl"
    assert keys["U.S."] == "country/united-states"


def test_title_case_headline_has_no_bogus_orgs(nlp) -> None:
    doc = nlp(
        "GM in Talks with TDK to Produce EV Batteries in US Using CATL Technology\n\n"
        "General Motors is negotiating with TDK."
    )
    texts = {e.text for e in doc.ents}
    assert not any("Produce" in t or "Using" in t or "\n" in t for t in texts)
    assert {"GM", "TDK", "US", "CATL", "General Motors"} <= texts


def test_a_wire_story_bracketed_name_is_one_organisation(nlp) -> None:
    doc = nlp(
        "Halvern Bank Co agreed to sell its unit to <Dutch and Orient Holdings PLC> and "
        "Halvern Bank <HBK> expects a gain."
    )
    orgs = {e.text for e in doc.ents if e.label_ == "ORG"}
    assert "Dutch and Orient Holdings PLC" in orgs
    assert not any(e.text == "Dutch" for e in doc.ents)
    assert not any("<" in e.text or ">" in e.text for e in doc.ents)


def test_missing_model_is_one_line_error() -> None:
    from kg.nlp import load

    with pytest.raises(NLPError) as info:
        load("en", model="no_such_model_pkg")
    assert "no_such_model_pkg" in str(info.value) and "\n" not in str(info.value)


def test_unsupported_language() -> None:
    from kg.nlp import load

    with pytest.raises(NLPError):
        load("fr")


def test_an_organisation_never_ends_in_a_preposition(nlp) -> None:
    doc = nlp(
        "I.U. International Co said it reached a preliminary agreement to sell the Hawaiian "
        "Insurance Cos to Hawaiian Electric Industries Inc."
    )
    assert not any(e.text.endswith(" to") for e in doc.ents)
    assert any(e.text.endswith("Hawaiian Insurance Cos") for e in doc.ents)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Cable and Wireless Plc <CAWL.L> said it will merge its units.", "Cable and Wireless Plc"),
        ("Thornbury and Vale Plc said it will merge its units.", "Thornbury and Vale Plc"),
        ("Merrill Lynch and Co Inc said it bought shares.", "Merrill Lynch and Co Inc"),
    ],
)
def test_one_word_joined_by_and_before_a_legal_form_is_one_name(nlp, text, name) -> None:
    assert name in {e.text for e in nlp(text).ents if e.label_ == "ORG"}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Tate and Wexley Plc said it sold its cable unit to Halvern Corp.", "Tate and Wexley Plc"),
        (
            "Lomas and Pettigrew Financial Corp said it sold its unit to Halvern Corp.",
            "Lomas and Pettigrew Financial Corp",
        ),
        (
            "Gulf and Eastern Industries Inc said it sold its unit to Halvern Corp.",
            "Gulf and Eastern Industries Inc",
        ),
    ],
)
def test_a_word_tagged_person_or_place_opening_a_wire_name_is_part_of_it(nlp, text, name) -> None:
    # The tagger's PERSON or LOC on the first word of "X and Y Plc", a word the article never
    # writes alone, is no name of its own.
    assert name in {e.text for e in nlp(text).ents if e.label_ == "ORG"}


@pytest.mark.parametrize(
    "name", ["Kessler Specialities and Technologies Inc", "Halvern Telephone and Telegraph Corp"]
)
def test_two_name_words_and_a_business_word_before_a_legal_form_are_one_name(nlp, name) -> None:
    doc = nlp(f"It said it sold the unit to {name} last week.")
    assert name in {e.text for e in doc.ents if e.label_ == "ORG"}


def test_two_name_words_and_a_name_of_its_own_stay_two(nlp) -> None:
    doc = nlp("It said Arvo Chemicals and Lindqvist AB agreed to merge.")
    assert not any(" and " in e.text for e in doc.ents)


def test_the_short_form_of_a_name_joined_by_and_is_one_name(nlp) -> None:
    doc = nlp(
        "Halvern Corp said it had offered to buy Kessler and Rowe Publishers Inc. Halvern said "
        "the offer for Kessler and Rowe was 50 dlrs a share."
    )
    assert "Kessler and Rowe" in {e.text for e in doc.ents if e.label_ == "ORG"}


@pytest.mark.parametrize(
    "name", ["Tarvin and Haskell Co", "Corvane Tire and Rubber Co", "Bexley, Marsh and Co Inc"]
)
def test_a_wire_name_ending_in_co_is_one_name(nlp, name) -> None:
    # "Co" without a period ends most wire names; "Co Inc" is one form, so the name runs on.
    doc = nlp(f"{name} said it completed the sale of its unit to Kessler Corp.")
    assert name in {e.text for e in doc.ents if e.label_ == "ORG"}


def test_a_known_place_before_and_stays_a_place(nlp) -> None:
    doc = nlp("Halvern Corp sold the unit to Texas and Dunmore Corp.")
    assert "Texas" in {e.text for e in doc.ents if e.label_ == "GPE"}


def test_a_partnership_of_two_names_before_and_co_is_one_name(nlp) -> None:
    text = "It took a share in American investment bank Kelmar, Dunstan and Co. last year."
    assert "Kelmar, Dunstan and Co." in {e.text for e in nlp(text).ents if e.label_ == "ORG"}
    listed = "Shares of Halvern, Kelmar, Dunstan and Co. fell."
    assert "Kelmar, Dunstan and Co." not in {e.text for e in nlp(listed).ents}


@pytest.mark.parametrize(
    "text",
    [
        "The deal between Dunmore and Tallis Ltd was signed. Dunmore said it was pleased.",
        "Harwick Group, controlled by Wagner and Brown and Tallis Industries Inc, said it agreed.",
    ],
)
def test_two_companies_joined_by_and_stay_two(nlp, text) -> None:
    ents = {e.text for e in nlp(text).ents}
    assert not any(" and " in e and e.endswith(("Ltd", "Inc")) for e in ents)


def test_an_organisation_ending_in_and_runs_on_into_the_next():
    from spacy.tokens import Span

    from kg.nlp import load
    from kg.nlp.english import join_dangling

    doc = load("en").make_doc("Kerrow Savings and Loan Association said it grew.")
    ents = [Span(doc, 0, 3, label="ORG"), Span(doc, 3, 5, label="ORG")]
    assert [e.text for e in join_dangling(ents)] == ["Kerrow Savings and Loan Association"]
    apart = [Span(doc, 0, 2, label="ORG"), Span(doc, 3, 5, label="ORG")]
    assert [e.text for e in join_dangling(apart)] == ["Kerrow Savings", "Loan Association"]


def test_a_parenthesised_place_after_an_organisation_is_part_of_its_name(nlp) -> None:
    from spacy.tokens import Span

    from kg.nlp.english import with_place_suffix

    doc = nlp.make_doc("It owns 80 pct of Norland Power (Hong Kong) and of Norland Power (NP).")
    regional, acronym = (
        Span(doc, i, i + 2, label="ORG") for i, t in enumerate(doc) if t.text == "Norland"
    )
    assert with_place_suffix(regional).text == "Norland Power (Hong Kong)"
    assert with_place_suffix(acronym).text == "Norland Power"


def test_a_legal_form_ending_the_sentence_is_the_object_of_its_preposition(nlp) -> None:
    doc = nlp("The stake had been acquired from Corra International Inc. The spokesman left.")
    form = next(t for t in doc if t.text == "Inc.")
    assert (form.dep_, form.head.text) == ("pobj", "from")
    assert [s.text.split()[0] for s in doc.sents] == ["The", "The"]  # still two sentences


def test_the_object_of_said_before_a_clause_without_subject_is_its_subject() -> None:
    from kg.nlp import load

    doc = load("en")(
        "Halvern Co said <Dunmore AG> of Dusseldorf, West Germany, agreed to raise its stake."
    )
    ag = next(t for t in doc if t.text == "AG")
    assert (ag.dep_, ag.head.text) == ("nsubj", "agreed")
    # "told Y it would": the object of "tell" stays its object
    doc = load("en")("Halvern Co told Dunmore AG it would raise its stake.")
    ag = next(t for t in doc if t.text == "AG")
    assert ag.head.text == "told"
