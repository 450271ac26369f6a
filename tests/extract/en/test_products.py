"""produces from product containers, examples, provider phrases and product lists, on the real
model with invented news-style sentences."""

from __future__ import annotations

import pytest

from kg.model import Article

pytestmark = pytest.mark.slow


def _produces(text: str) -> set[tuple[str, str]]:
    from kg.extract import extract_articles

    ex = next(extract_articles([Article(id="t", text=text, lang="en")]))
    return {(f.subject.name, f.object.name) for f in ex.facts if f.predicate == "produces"}


def test_container_and_examples() -> None:
    got = _produces(
        "Vantor Systems offers a range of products such as thermal cameras, gas "
        "sensors and data loggers."
    )
    assert {
        ("Vantor Systems", "thermal cameras"),
        ("Vantor Systems", "gas sensors"),
        ("Vantor Systems", "data loggers"),
    } <= got
    assert ("Vantor Systems", "range") not in got


def test_provider_phrase() -> None:
    got = _produces("The Zentra X5 scanner from Holloway Instruments is aimed at warehouses.")
    assert any(s == "Holloway Instruments" and "X5" in o for s, o in got)


def test_buying_from_is_not_making() -> None:
    assert _produces("Ostrava Metals bought steel coils from Tarvin Steel last year.") == set()


def test_the_seller_of_a_company_described_as_a_maker_makes_nothing() -> None:
    # the parser hangs the seller's "from" phrase on the goods of the apposition
    got = _produces(
        "Halvern AG <HLV.F> said it will acquire <Dunmore GmbH>, Europe's largest manufacturer"
        " of type-setting and printing communications technology from Kessler Inc <KSL.N> and"
        " float off the shares in the company."
    )
    assert not any(s == "Kessler" for s, _ in got)
    assert ("Dunmore", "type-setting and printing communications technology") in got
    # no apposition: goods from a maker are still its goods
    assert ("Tarvin", "laptops") in _produces(
        "If you have recently bought one of a whole range of laptops from Tarvin, check it."
    )


def test_maker_list_makes_the_named_product() -> None:
    got = _produces(
        "Leading solid-state battery makers include QuantumScape, Solid Power and ProLogium."
    )
    assert {
        ("QuantumScape", "solid-state battery"),
        ("Solid Power", "solid-state battery"),
        ("ProLogium", "solid-state battery"),
    } <= got


def test_players_in_a_market_make_its_product() -> None:
    got = _produces(
        "Key vendors in the Global Anti-Collision Sensors Market: Continental AG, "
        "Denso, Bosch and Valeo."
    )
    assert {
        ("Continental", "Anti-Collision Sensors"),
        ("Bosch", "Anti-Collision Sensors"),
        ("Valeo", "Anti-Collision Sensors"),
    } <= got


def test_verb_list_misread_as_noun_keeps_its_subject() -> None:
    # The small parser reads "designs" as a noun with the name as its modifier.
    got = _produces(
        "Holloway Instruments designs, manufactures, and sells a wide range of "
        "products like thermal cameras, borescopes and gas sensors."
    )
    assert {
        ("Holloway Instruments", "thermal cameras"),
        ("Holloway Instruments", "borescopes"),
        ("Holloway Instruments", "gas sensors"),
    } <= got
    assert all(o != "products" for _, o in got)  # the container names no product


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        (
            "Vantor Optics makes automotive, medical and industrial cameras.",
            {"automotive cameras", "medical cameras", "industrial cameras"},
            "automotive, medical and industrial cameras",
        ),
        ("Kelso Energy makes LFP and NMC cells in Ohio.", {"LFP cells", "NMC cells"}, "LFP"),
    ],
)
def test_modifiers_sharing_one_head_are_separate_products(
    text: str, expected: set[str], absent: str
) -> None:
    got = {o for _, o in _produces(text)}
    assert expected <= got
    assert absent not in got


def test_large_heavy_trucks_is_one_product() -> None:
    assert {o for _, o in _produces("Arlen Motors builds large, heavy trucks.")} == {
        "large, heavy trucks"
    }


def test_possessed_product_but_not_possessed_people_or_stakes() -> None:
    got = _produces(
        "Kelso Energy's lithium iron phosphate cells will power the trucks, while "
        "Arlen Motors' customers and its stake were not discussed."
    )
    assert ("Kelso Energy", "lithium iron phosphate cells") in got
    assert not any(o in {"customers", "stake"} for _, o in got)


def test_available_from() -> None:
    got = _produces("The new Zentra X5 scanners are now available from Holloway Instruments.")
    assert ("Holloway Instruments", "Zentra X5 scanners") in got


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Brightwater Pte Ltd, a leader in marine battery systems, opened an office in Oslo.",
            {("Brightwater", "marine battery systems")},
        ),
        (
            "Tarvin Steel is a designer and fabricator of pressure vessels and storage tanks.",
            {("Tarvin Steel", "pressure vessels"), ("Tarvin Steel", "storage tanks")},
        ),
    ],
)
def test_maker_and_leader_nouns(text: str, expected: set[tuple[str, str]]) -> None:
    assert expected <= _produces(text)


def test_leader_in_an_industry_names_no_product() -> None:
    assert _produces("Brightwater Pte Ltd, a leader in the industry, opened an office.") == set()


def test_a_definite_common_noun_names_no_product_but_a_named_one_does() -> None:
    got = _produces(
        "Holloway Instruments released new thermal cameras last year. "
        "Holloway Instruments will keep selling the cameras to warehouses. "
        "Holloway Instruments also sells the Zentra X5 scanner."
    )
    assert ("Holloway Instruments", "thermal cameras") in got
    assert ("Holloway Instruments", "cameras") not in got
    assert any(s == "Holloway Instruments" and "Zentra X5" in o for s, o in got)


def test_an_organisation_is_no_product() -> None:
    got = _produces("Kelso Energy plans to build a national energy corporation and sells turbines.")
    assert ("Kelso Energy", "turbines") in got
    assert not any("corporation" in o for _, o in got)


def test_a_possessive_covers_a_list_only_when_no_other_company_is_listed() -> None:
    got = _produces(
        "Sales rose after the launch of Sony's Walkman, Napster and other music players."
    )
    assert ("Sony", "Walkman") in got
    assert not any("players" in o for _, o in got)
    assert ("Sony", "radios") in _produces("Sony's televisions and radios sold well.")


def test_a_noun_called_a_name_is_that_name() -> None:
    from support.extraction import facts

    got = facts("Halcyon Corp is launching a new service called Corra Spaces.")
    assert ("Halcyon", "produces", "Corra Spaces") in got
    got = facts("Halcyon Corp launched a music player called the Zorb.")
    assert ("Halcyon", "produces", "Zorb") in got


def test_a_service_named_by_its_schedule_or_stage_names_no_product() -> None:
    # An adverb or a stage ("test", "pilot") says how or when, not which service.
    assert not _produces(
        "Kelmar Air Inc, which provides regularly scheduled service out of Dallas, said on "
        "Monday its revenues rose."
    )
    assert not _produces("Halvern Software Inc said it is launching a test service for bloggers.")


def test_named_examples_of_products_are_the_subjects() -> None:
    got = _produces(
        "Halvern Foods plans to cut back on advertising of products like Zentra cookies and "
        "sugary Kelmar drinks."
    )
    assert ("Halvern Foods", "Zentra cookies") in got
    got = _produces(
        "Halvern Motors said that some new products - such as the Zentra G6 - had sold well."
    )
    assert ("Halvern Motors", "Zentra G6") in got


def test_wordnet_types_a_bare_head() -> None:
    # The word lists alone took "advice" and "analysis" (no abstract suffix they know) and
    # dropped "carpeting" (-ing); WordNet files the first two as acts and cognition, the third as
    # an artifact.
    assert _produces("Marlin Group offers advice to managers.") == set()
    assert _produces("Dunmore Software sells analysis to banks.") == set()
    assert ("Harlow Interiors", "carpeting") in _produces(
        "Harlow Interiors makes carpeting and wallpaper."
    )
