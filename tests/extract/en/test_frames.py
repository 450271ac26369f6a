"""English extraction on the real model: the seed article and news-style paragraphs."""

from __future__ import annotations

import pytest
from support.paths import SEEDS

from kg.model import MODALITIES, Article, Extraction

pytestmark = pytest.mark.slow

SEED = SEEDS / "000_aec95034014d9d5f.txt"


def _extract(text: str) -> Extraction:
    from kg.extract import extract_articles

    return next(extract_articles([Article(id="t", text=text, lang="en")]))


def _facts(ex: Extraction) -> set[tuple[str, str, str, str]]:
    return {(f.subject.name, f.predicate, f.object.name, f.modality) for f in ex.facts}


@pytest.fixture(scope="module")
def seed() -> Extraction:
    return _extract(SEED.read_text(encoding="utf-8"))


def _has(ex: Extraction, subj: str, pred: str, obj: str, modality: str | None = None) -> bool:
    return any(
        (f.subject.name == subj or f.subject.key == subj)
        and f.predicate == pred
        and (f.object.name == obj or f.object.key == obj)
        and (modality is None or f.modality == modality)
        for f in ex.facts
    )


def test_seed_required_facts(seed: Extraction) -> None:
    gm, tdk, catl = "organization/general-motors", "organization/tdk", "organization/catl"
    assert _has(seed, gm, "negotiatesWith", tdk, "Negotiating")
    assert _has(seed, tdk, "finances", "battery plant", "Planned")
    assert _has(seed, tdk, "operates", "battery plant", "Planned")
    assert _has(seed, "plant", "produces", "lithium iron phosphate (LFP) cells", "Planned")
    assert _has(seed, "plant", "licensesTechnologyFrom", catl, "Planned")
    assert _has(seed, gm, "buysFrom", "plant", "Planned")
    assert _has(seed, "battery plant", "locatedIn", "country/united-states")
    assert _has(seed, catl, "basedIn", "country/china")
    assert _has(seed, tdk, "basedIn", "country/japan")
    assert _has(seed, gm, "investsIn", "venture", "Negated")
    assert not _has(seed, gm, "investsIn", "venture", "Planned")


def test_seed_facts_are_well_formed(seed: Extraction) -> None:
    text = seed.article.text
    for f in seed.facts:
        assert f.modality in MODALITIES
        assert 0.0 < f.confidence <= 1.0
        assert text[f.start : f.end] == f.sentence
        assert f.extractor.startswith("kg.extract.") and f.extractor.endswith(".v1")
        for m in (f.subject, f.object):
            assert text[m.start : m.end] == m.text
    refs = [m for m in seed.mentions if m.key.startswith(("ref:", "new:"))]
    assert {m.type for m in refs} == {"Facility"}
    assert all(m.key == f"{m.key.split(':')[0]}:{m.start}" for m in refs)


def test_seed_headline_and_boilerplate_yield_nothing_bogus(seed: Extraction) -> None:
    names = {m.name for m in seed.mentions}
    assert not any(
        "Produce" in n or "Using" in n or "Logo" in n or "Share" in n or "Touch" in n for n in names
    )
    headline_end = seed.article.text.index("\n")
    assert all(f.start > headline_end for f in seed.facts)
    assert all(
        m.type in {"Organization", "Country"} for m in seed.mentions if m.end <= headline_end
    )


def test_plant_is_typed_for_the_resolver(seed: Extraction) -> None:
    plant = [m for m in seed.mentions if m.key.startswith("new:")]
    assert plant and plant[0].name == "battery plant" and plant[0].type == "Facility"
    venture = [m for m in seed.mentions if m.text == "the venture"]
    assert venture and venture[0].key == f"ref:{venture[0].start}"


# (paragraph, expected facts as (subject, predicate, object, modality))
CASES = [
    (
        "supply list",
        "CATL, Panasonic and LG Chem supply Tesla with battery cells.",
        {
            ("Tesla", "buysFrom", "CATL", "Asserted"),
            ("Tesla", "buysFrom", "Panasonic", "Asserted"),
            ("Tesla", "buysFrom", "LG Chem", "Asserted"),
        },
    ),
    (
        "passive supply",
        "Tesla is supplied by CATL and LG Energy Solution.",
        {
            ("Tesla", "buysFrom", "CATL", "Asserted"),
            ("Tesla", "buysFrom", "LG Energy Solution", "Asserted"),
        },
    ),
    (
        "planned purchase",
        "Ford will buy battery cells from SK On starting next year.",
        {("Ford", "buysFrom", "SK On", "Planned")},
    ),
    (
        "licence to",
        "Gotion licensed its LFP technology to Ford.",
        {("Ford", "licensesTechnologyFrom", "Gotion High-Tech", "Asserted")},
    ),
    (
        "licensing agreement",
        "Ford signed a licensing agreement with CATL last month.",
        {("Ford", "licensesTechnologyFrom", "CATL", "Asserted")},
    ),
    (
        "jv called",
        "Ford and SK On formed a joint venture called BlueOval SK.",
        {
            ("Ford", "jointVentureWith", "SK On", "Asserted"),
            ("Ford", "investsIn", "BlueOval SK", "Asserted"),
            ("SK On", "investsIn", "BlueOval SK", "Asserted"),
        },
    ),
    (
        "jv with",
        "GM announced a joint venture with LG Energy Solution.",
        {("General Motors", "jointVentureWith", "LG Energy Solution", "Asserted")},
    ),
    (
        "stake",
        "Stellantis took a 20% stake in Northvolt.",
        {("Stellantis", "investsIn", "Northvolt", "Asserted")},
    ),
    (
        "investment",
        "BASF invested $500 million in Sila.",
        {("BASF", "investsIn", "Sila", "Asserted")},
    ),
    (
        "acquisition",
        "Toyota acquired Northvolt in a $2 billion deal.",
        {("Toyota", "acquires", "Northvolt", "Asserted")},
    ),
    (
        "passive acquisition",
        "Northvolt was acquired by Volkswagen.",
        {("Volkswagen", "acquires", "Northvolt", "Asserted")},
    ),
    (
        "plant location",
        "Samsung SDI will build a new battery plant in Hungary.",
        {
            ("Samsung SDI", "operates", "battery plant", "Planned"),
            ("battery plant", "locatedIn", "Hungary", "Planned"),
        },
    ),
    (
        "subsidiary copula",
        "Ultium Cells is a subsidiary of General Motors.",
        {("Ultium Cells", "subsidiaryOf", "General Motors", "Asserted")},
    ),
    (
        "subsidiary apposition",
        "Cruise, a unit of General Motors, said it would expand.",
        {("Cruise", "subsidiaryOf", "General Motors", "Asserted")},
    ),
    (
        "products",
        "BYD makes electric buses and lithium iron phosphate batteries.",
        {
            ("BYD", "produces", "electric buses", "Asserted"),
            ("BYD", "produces", "lithium iron phosphate batteries", "Asserted"),
        },
    ),
    (
        "negation",
        "Honda does not plan to buy batteries from Panasonic.",
        {("Honda", "buysFrom", "Panasonic", "Negated")},
    ),
    ("no longer", "Bosch no longer supplies BMW.", {("BMW", "buysFrom", "Bosch", "Negated")}),
    (
        "hedged",
        "Hyundai may source cells from SK On, according to people familiar with it.",
        {("Hyundai", "buysFrom", "SK On", "Hedged")},
    ),
    (
        "reportedly",
        "Mercedes-Benz reportedly plans to partner with CATL.",
        {("Mercedes-Benz", "partnersWith", "CATL", "Hedged")},
    ),
    (
        "negotiating",
        "BMW is in talks with Northvolt about a supply deal.",
        {("BMW", "negotiatesWith", "Northvolt", "Negotiating")},
    ),
    (
        "supply deal",
        "CATL's supply deal with Tesla runs through 2025.",
        {("Tesla", "buysFrom", "CATL", "Asserted")},
    ),
    (
        "cancelled",
        "Toyota cancelled its plan to acquire Svolt.",
        {("Toyota", "acquires", "SVOLT", "Negated")},
    ),
    (
        "a bid undone in the next sentence",
        "Analysts compared it to a similar bid by oil firm Halcyon Corp for Corra Dairies in 2001."
        " The bid was thrown out by regulators.",
        {("Halcyon", "acquires", "Corra Dairies", "Negated")},
    ),
    (
        "the deal collapsed",
        "Halcyon agreed to buy Corra Dairies in May. The deal collapsed in June.",
        {("Halcyon", "acquires", "Corra Dairies", "Negated")},
    ),
    (
        "the deal closed",
        "Halcyon agreed to buy Corra Dairies in May. The deal closed in June.",
        {("Halcyon", "acquires", "Corra Dairies", "Planned")},
    ),
    (
        "a bid dropped",
        "Halcyon Corp dropped its bid for Corra Dairies.",
        {("Halcyon", "acquires", "Corra Dairies", "Negated")},
    ),
    (
        "a partnership ended",
        "Halcyon Corp ended its partnership with Corra Dairies.",
        {("Halcyon", "partnersWith", "Corra Dairies", "Negated")},
    ),
    (
        "talks broke down",
        "Talks between Halcyon Corp and Corra Dairies broke down.",
        {("Halcyon", "negotiatesWith", "Corra Dairies", "Negated")},
    ),
    (
        "declined to comment",
        "Halcyon Corp declined to comment on reports that it would buy Corra Dairies.",
        {("Halcyon", "acquires", "Corra Dairies", "Hedged")},
    ),
    (
        "pulled out of talks to buy",
        "Halcyon Corp pulled out of talks to buy Corra Dairies.",
        {("Halcyon", "acquires", "Corra Dairies", "Negated")},
    ),
    (
        "people familiar with the matter",
        "Halcyon Corp plans to buy Corra Dairies, people familiar with the matter said.",
        {("Halcyon", "acquires", "Corra Dairies", "Hedged")},
    ),
    (
        "talks people familiar with the matter report",
        "Halcyon Corp is in talks to buy Corra Dairies, people familiar with the matter said.",
        {("Halcyon", "acquires", "Corra Dairies", "Negotiating")},
    ),
    (
        "analysts expect",
        "Analysts expect Halcyon Corp to bid for Corra Dairies.",
        {("Halcyon", "acquires", "Corra Dairies", "Hedged")},
    ),
    (
        "a newspaper reported",
        "Halcyon Corp will buy Corra Dairies, the local newspaper said on Sunday.",
        {("Halcyon", "acquires", "Corra Dairies", "Hedged")},
    ),
    (
        "a publication reported",
        "Halcyon Corp will buy Corra Dairies, the Kelmar Times reported.",
        {("Halcyon", "acquires", "Corra Dairies", "Hedged")},
    ),
    (
        "people said, no source named as such",
        "Halcyon Corp will buy Corra Dairies, people said.",
        {("Halcyon", "acquires", "Corra Dairies", "Planned")},
    ),
    (
        "was to offload",
        "Tallis Group said it was to offload its industrial paint division to Corra Dairies.",
        {
            ("Corra Dairies", "acquires", "industrial paint division", "Planned"),
            ("industrial paint division", "subsidiaryOf", "Tallis Group", "Asserted"),
        },
    ),
    (
        "a letter of intent",
        "Halcyon Corp said it signed a letter of intent for a merger with Corra Dairies Inc.",
        {("Halcyon", "mergesWith", "Corra Dairies", "Planned")},
    ),
    (
        "an application dismissed",
        "The agency dismissed Halcyon's application to acquire Corra Dairies.",
        {("Halcyon", "acquires", "Corra Dairies", "Negated")},
    ),
    (
        "based apposition",
        "Albemarle, a U.S.-based lithium producer, supplies lithium to Tesla.",
        {
            ("Albemarle", "basedIn", "United States", "Asserted"),
            ("Tesla", "buysFrom", "Albemarle", "Asserted"),
        },
    ),
    (
        "possessive country",
        "South Korea's Samsung SDI agreed to merge with Stellantis.",
        {
            ("Samsung SDI", "basedIn", "South Korea", "Asserted"),
            ("Samsung SDI", "mergesWith", "Stellantis", "Planned"),
        },
    ),
    (
        "team up",
        "Ford has teamed up with SK On to build two plants.",
        {("Ford", "partnersWith", "SK On", "Asserted")},
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_paragraph(text: str, expected: set[tuple[str, str, str, str]]) -> None:
    got = _facts(_extract(text))
    missing = expected - got
    assert not missing, f"missing {missing}; got {got}"


def test_negated_fact_is_not_also_asserted() -> None:
    got = _facts(_extract("Honda does not plan to buy batteries from Panasonic."))
    assert ("Honda", "buysFrom", "Panasonic", "Asserted") not in got
    assert ("Honda", "buysFrom", "Panasonic", "Planned") not in got


def test_negation_scope_in_coordination() -> None:
    got = _facts(
        _extract(
            "Ford plans to buy cells from SK On, but does not intend to take a stake in SK On."
        )
    )
    assert ("Ford", "buysFrom", "SK On", "Planned") in got
    assert ("Ford", "investsIn", "SK On", "Negated") in got


@pytest.mark.parametrize(
    "text",
    [
        "A judge denied the motion of Dunmore Co for an injunction to block the proposed merger "
        "of Halvern Corp with Kessler Inc.",
        "The court rejected a request to block the proposed merger of Halvern Corp with Kessler "
        "Inc.",
    ],
)
def test_a_denied_block_leaves_the_deal_as_it_was(text: str) -> None:
    # Two negating verbs on the chain cancel: the merger stays proposed, not called off.
    got = _facts(_extract(text))
    assert ("Halvern", "mergesWith", "Kessler", "Planned") in got
    assert ("Halvern", "mergesWith", "Kessler", "Negated") not in got
    blocked = _facts(_extract("A judge blocked the proposed merger of Halvern Corp with Kessler."))
    assert ("Halvern", "mergesWith", "Kessler", "Negated") in blocked


def test_money_supplied_is_financing_not_a_supply() -> None:
    ex = _extract("Halvern Industries said it would supply Trevose Systems with 250,000 dlrs.")
    assert _has(ex, "Halvern Industries", "finances", "Trevose Systems")
    assert not any(f.predicate == "buysFrom" for f in ex.facts)
    goods = _extract("Halvern Industries will supply Trevose Systems with batteries.")
    assert _has(goods, "Trevose Systems", "buysFrom", "Halvern Industries")


def test_an_agreement_whose_clause_states_the_deal_makes_no_generic_partners() -> None:
    ex = _extract(
        "Halvern Industries and Trevose Systems announced an agreement for Halvern to "
        "acquire Trevose Systems."
    )
    assert _has(ex, "Halvern", "acquires", "Trevose Systems") or _has(
        ex, "Halvern Industries", "acquires", "Trevose Systems"
    )
    assert not any(f.predicate == "partnersWith" for f in ex.facts)
    bare = _extract("Halvern Industries signed an agreement with Trevose Systems.")
    assert any(f.predicate == "partnersWith" for f in bare.facts)


def test_no_facts_without_triggers() -> None:
    ex = _extract("The weather in Detroit was mild and GM shares rose slightly on Tuesday.")
    assert ex.facts == ()


def test_extract_articles_keeps_order_and_batches() -> None:
    from kg.extract import extract_articles

    texts = ["Toyota acquired Northvolt.", "Nothing happened here.", "BASF invested in Sila."]
    arts = [Article(id=str(i), text=t, lang="en") for i, t in enumerate(texts)]
    out = list(extract_articles(arts, batch_size=2))
    assert [e.article.id for e in out] == ["0", "1", "2"]
    assert [len(e.facts) > 0 for e in out] == [True, False, True]


def test_registered_extractors() -> None:
    from kg.registry import names

    assert {"kg.extract.svo.v1", "kg.extract.nominal.v1", "kg.extract.attributes.v1"} <= set(
        names("extractor")
    )


def test_a_named_unit_within_an_organisation_is_its_subsidiary() -> None:
    ex = _extract(
        "Ann Kelmar heads the Cyber Defence Division within the US Department of Homeland "
        "Security, officials said."
    )
    assert _has(ex, "Cyber Defence Division", "subsidiaryOf", "US Department of Homeland Security")
    assert not any(
        f.predicate == "subsidiaryOf"
        for f in _extract("The Research Group within weeks had doubled its staff.").facts
    )
