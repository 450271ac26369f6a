"""Entity resolution on hand-built extractions (real gazetteer, real resolver)."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from kg.errors import ResolveError
from kg.gazetteer import Gazetteer, fold
from kg.model import Article, Extraction, Fact, Mention, Qualifier
from kg.resolve import Resolver, clean, load_overrides, parse_overrides, slug

EMPTY = Gazetteer([])


def art(text: str, aid: str = "a1", lang: str = "en") -> Article:
    return Article(id=aid, text=text, lang=lang)


def ment(
    a: Article,
    surface: str,
    key: str | None = None,
    typ: str = "Organization",
    *,
    nth: int = 0,
    name: str | None = None,
) -> Mention:
    """The nth occurrence of `surface` in the article, keyed as the extractor would."""
    starts = [m.start() for m in re.finditer(re.escape(surface), a.text)]
    s = starts[nth]
    nm = name if name is not None else clean(surface)
    return Mention(surface, s, s + len(surface), typ, nm, key or "name:" + fold(nm), lang=a.lang)


def fact(a: Article, s: Mention, pred: str, o: Mention, modality: str = "Asserted") -> Fact:
    return Fact(a.id, s, pred, o, modality, 0.8, a.text, 0, len(a.text), "test")


def keys(ex: Extraction) -> dict[str, str]:
    return {m.text: m.key for m in ex.mentions}


def test_acronym_in_brackets_merges_with_long_form_without_gazetteer() -> None:
    a = art("Contemporary Amperex Technology Co. (CATL) said CATL will grow.")
    m1 = ment(a, "Contemporary Amperex Technology Co.")
    m2 = ment(a, "CATL", nth=1)
    ex = Resolver(gazetteer=EMPTY).resolve(Extraction(a, (m1, m2)))
    assert {m.key for m in ex.mentions} == {"organization/contemporary-amperex-technology"}
    assert {m.name for m in ex.mentions} == {"Contemporary Amperex Technology"}
    assert any("acronym" in d and "CATL" in d for d in ex.decisions)


def test_acronym_by_initials_and_in_product_name() -> None:
    a = art("Shares of General Motors rose. GM said lithium iron phosphate (LFP) cells are cheap.")
    gm_long, gm = ment(a, "General Motors"), ment(a, "GM")
    lfp = ment(
        a,
        "lithium iron phosphate (LFP) cells",
        typ="Product",
        name="lithium iron phosphate (LFP) cells",
    )
    r = Resolver(gazetteer=EMPTY)
    ex = r.resolve(Extraction(a, (gm_long, gm, lfp)))
    k = keys(ex)
    assert k["GM"] == k["General Motors"] == "organization/general-motors"
    assert k["lithium iron phosphate (LFP) cells"] == "product/lithium-iron-phosphate-cells"
    assert "LFP cells" in r.index.entities["product/lithium-iron-phosphate-cells"].aliases


def test_acronym_that_shortens_a_group_name_is_no_initials_of_its_subsidiary() -> None:
    """ "HBR" beside "HBR Group Inc" is that group's short form: it must not join "Harlow B.
    Rand Co" by initials, which would make the subsidiary its own parent."""
    a = art(
        "HBR Group Inc said it filed a suit. The suit concerns HBR and its clients. Peters "
        "was a director of Harlow B. Rand Co, HBR Group's main subsidiary."
    )
    group = ment(a, "HBR Group Inc")
    bare = ment(a, "HBR", nth=1)
    sub = ment(a, "Harlow B. Rand Co")
    parent = ment(a, "HBR Group's", group.key, name="HBR Group")
    ex = Resolver(gazetteer=EMPTY).resolve(
        Extraction(a, (group, bare, sub, parent), (fact(a, sub, "subsidiaryOf", parent),))
    )
    k = keys(ex)
    assert k["Harlow B. Rand Co"] not in {k["HBR"], k["HBR Group Inc"]}
    assert [(f.subject.key, f.object.key) for f in ex.facts] == [
        (k["Harlow B. Rand Co"], k["HBR Group Inc"])
    ]
    # Without the group's name, or beside a name with a head of its own ("HBR Korea", a
    # unit), the bare acronym still joins the name it spells.
    b = art("Harlow B. Rand Co said HBR Korea will grow. HBR said it hired staff.")
    long, unit, bare = ment(b, "Harlow B. Rand Co"), ment(b, "HBR Korea"), ment(b, "HBR", nth=1)
    for ms in ((bare, long), (long, unit, bare)):
        k = keys(Resolver(gazetteer=EMPTY).resolve(Extraction(b, ms)))
        assert k["HBR"] == k["Harlow B. Rand Co"]


def test_the_automaker_resolves_to_gm_not_the_battery_maker() -> None:
    a = art("General Motors is negotiating with CATL. The automaker plans to buy cells from CATL.")
    gm, catl = (
        ment(a, "General Motors", "organization/general-motors"),
        ment(a, "CATL", "organization/catl"),
    )
    s = a.text.index("The automaker")
    ref = Mention("The automaker", s, s + 13, "Organization", "automaker", f"ref:{s}", 0.6)
    catl2 = ment(a, "CATL", "organization/catl", nth=1)
    ex = Resolver().resolve(
        Extraction(a, (gm, catl, ref, catl2), (fact(a, ref, "buysFrom", catl2, "Planned"),))
    )
    assert keys(ex)["The automaker"] == "organization/general-motors"
    (f,) = ex.facts
    assert (f.subject.key, f.subject.name, f.object.key) == (
        "organization/general-motors",
        "General Motors",
        "organization/catl",
    )
    assert any("The automaker" in d and "General Motors" in d for d in ex.decisions)


def test_ambiguous_reference_is_left_unresolved_and_its_facts_dropped() -> None:
    a = art("General Motors met Ford in Detroit. The automaker will buy cells from CATL.")
    gm = ment(a, "General Motors", "organization/general-motors")
    ford = ment(a, "Ford", "organization/ford")
    catl = ment(a, "CATL", "organization/catl")
    s = a.text.index("The automaker")
    ref = Mention("The automaker", s, s + 13, "Organization", "automaker", f"ref:{s}", 0.6)
    facts = (fact(a, ref, "buysFrom", catl), fact(a, gm, "partnersWith", ford))
    ex = Resolver().resolve(Extraction(a, (gm, ford, ref, catl), facts))
    assert [f.predicate for f in ex.facts] == ["partnersWith"]
    assert not any(m.key.startswith("ref:") for m in ex.mentions)
    assert any("unresolved" in d and "ambiguous" in d for d in ex.decisions)
    assert any(d.startswith("dropped fact") for d in ex.decisions)


def test_the_plant_resolves_to_the_new_facility_of_this_article() -> None:
    a = art("TDK would operate a new battery plant in Ohio. The plant would produce cells.")
    tdk = ment(a, "TDK", "organization/tdk")
    s = a.text.index("a new battery plant")
    new = Mention("a new battery plant", s, s + 19, "Facility", "battery plant", f"new:{s}", 0.7)
    s2 = a.text.index("The plant")
    ref = Mention("The plant", s2, s2 + 9, "Facility", "plant", f"ref:{s2}", 0.6)
    cells = ment(a, "cells", typ="Product")
    facts = (fact(a, tdk, "operates", new), fact(a, ref, "produces", cells))
    ex = Resolver().resolve(Extraction(a, (tdk, new, ref, cells), facts))
    assert ex.facts[0].object.key == ex.facts[1].subject.key == "facility/a1/battery-plant"
    assert ex.facts[1].subject.name == "battery plant"


def test_legal_forms_and_possessives_are_stripped() -> None:
    assert clean("TDK Corporation") == "TDK"
    assert clean("Acme Co. Ltd.") == "Acme"
    assert clean("Siemens AG") == "Siemens"
    assert clean("China's") == "China"
    assert clean("Volkswagen Holdings") == "Volkswagen Holdings"  # a name, not a legal form
    a = art("Zeta Corporation and Zeta Corp. and Zeta Inc.'s unit. Omega GmbH, Omega.")
    ms = [
        ment(a, "Zeta Corporation"),
        ment(a, "Zeta Corp."),
        ment(a, "Zeta Inc.'s"),
        ment(a, "Omega GmbH"),
        ment(a, "Omega", nth=1),
    ]
    ex = Resolver(gazetteer=EMPTY).resolve(Extraction(a, tuple(ms)))
    k = keys(ex)
    assert k["Zeta Corporation"] == k["Zeta Corp."] == k["Zeta Inc.'s"] == "organization/zeta"
    assert k["Omega GmbH"] == "organization/omega"
    assert {m.name for m in ex.mentions} == {"Zeta", "Omega"}


def test_country_variants_collapse_to_one_key_in_both_languages() -> None:
    r = Resolver()
    a = art("U.S. and US and USA and the United States and America.")
    forms = ["U.S.", "US", "USA", "the United States", "America"]
    ms = tuple(ment(a, f, f"name:{fold(f)}", "Place") for f in forms)
    ex = r.resolve(Extraction(a, ms))
    assert {m.key for m in ex.mentions} == {"country/united-states"}
    assert {m.type for m in ex.mentions} == {"Country"}
    d = art("Die Vereinigte Staaten und die USA.", "d1", "de")
    ex2 = r.resolve(
        Extraction(d, (ment(d, "Vereinigte Staaten", typ="Place"), ment(d, "USA", typ="Place")))
    )
    assert {m.key for m in ex2.mentions} == {"country/united-states"}
    assert {m.name for m in ex2.mentions} == {"United States"}


def test_parent_and_subsidiary_stay_distinct() -> None:
    r = Resolver()
    a = art("LG Chem owns LG Energy Solution. Ultium Cells is owned by GM.")
    ms = (ment(a, "LG Chem"), ment(a, "LG Energy Solution"), ment(a, "Ultium Cells"), ment(a, "GM"))
    k = keys(r.resolve(Extraction(a, ms)))
    assert k["LG Chem"] == "organization/lg-chem"
    assert k["LG Energy Solution"] == "organization/lg-energy-solution"
    assert k["Ultium Cells"] == "organization/ultium-cells"
    assert k["GM"] == "organization/general-motors"
    # Without the gazetteer: names sharing a prefix are still two entities.
    r2 = Resolver(gazetteer=EMPTY)
    b = art("Foo Chem owns Foo Chem Energy. Foo is a brand.")
    k2 = keys(
        r2.resolve(
            Extraction(b, (ment(b, "Foo Chem"), ment(b, "Foo Chem Energy"), ment(b, "Foo", nth=2)))
        )
    )
    assert len(set(k2.values())) == 3


def test_same_key_across_articles_without_gazetteer() -> None:
    r = Resolver(gazetteer=EMPTY)
    a1 = art("General Motors (GM) said it will build a plant.", "x1")
    ex1 = r.resolve(Extraction(a1, (ment(a1, "General Motors"),)))
    a2 = art("GM plans to import batteries.", "x2")
    ex2 = r.resolve(Extraction(a2, (ment(a2, "GM"),)))
    assert ex1.mentions[0].key == ex2.mentions[0].key == "organization/general-motors"
    assert ex2.mentions[0].name == "General Motors"
    # The index survives a build through the store: remember() / export_index().
    r2 = Resolver(gazetteer=EMPTY)
    for key, label, typ, aliases in r.entities():
        r2.remember(label, key, typ, aliases)
    assert (
        r2.resolve(Extraction(a2, (ment(a2, "GM"),))).mentions[0].key
        == "organization/general-motors"
    )
    r3 = Resolver(gazetteer=EMPTY)
    r3.load_index(r.export_index())
    assert (
        r3.resolve(Extraction(a2, (ment(a2, "GM"),))).mentions[0].key
        == "organization/general-motors"
    )
    r4 = Resolver(
        gazetteer=EMPTY,
        known={"organization/general-motors": ("General Motors", "Organization", ["GM"])},
    )
    assert (
        r4.resolve(Extraction(a2, (ment(a2, "GM"),))).mentions[0].key
        == "organization/general-motors"
    )


def test_back_references_are_not_remembered_as_aliases() -> None:
    r = Resolver(gazetteer=EMPTY)
    r.remember("Acme", "organization/acme", "Organization", ["the company", "Acme Inc."])
    a = art("Company said it grew.", "y")
    ex = r.resolve(Extraction(a, (ment(a, "Company"),)))
    assert ex.mentions[0].key == "organization/company"
    b = art("Acme Inc. grew.", "z")
    assert r.resolve(Extraction(b, (ment(b, "Acme Inc."),))).mentions[0].key == "organization/acme"


def test_german_long_form_with_acronym_and_genitive_land_on_english_keys() -> None:
    r = Resolver()
    en = art("General Motors plans to buy cells from Contemporary Amperex Technology.", "e")
    ex_en = r.resolve(
        Extraction(en, (ment(en, "General Motors"), ment(en, "Contemporary Amperex Technology")))
    )
    de = art(
        "plant General Motors (GM), Batterien von Contemporary Amperex Technology Co. "
        "Limited (CATL) zu importieren. GMs Plan.",
        "g",
        "de",
    )
    ms = (
        ment(de, "General Motors"),
        ment(de, "GM"),
        ment(de, "Contemporary Amperex Technology Co. Limited"),
        ment(de, "CATL"),
        ment(de, "GMs"),
    )
    ex_de = r.resolve(Extraction(de, ms))
    assert {m.key for m in ex_en.mentions} == {"organization/general-motors", "organization/catl"}
    k = keys(ex_de)
    assert k["General Motors"] == k["GM"] == k["GMs"] == "organization/general-motors"
    assert k["Contemporary Amperex Technology Co. Limited"] == k["CATL"] == "organization/catl"
    # Without gazetteer help the German article still joins the acronym to its long form.
    r2 = Resolver(gazetteer=EMPTY)
    r2.resolve(Extraction(en, (ment(en, "General Motors"),)))
    k2 = keys(r2.resolve(Extraction(de, ms)))
    assert k2["GM"] == k2["General Motors"] == k2["GMs"] == "organization/general-motors"


def test_keys_are_deterministic_and_slugs_ascii() -> None:
    assert slug("Südkorea") == "sudkorea"
    assert slug("Müller & Söhne GmbH") == "muller-sohne-gmbh"

    def run() -> list[str]:
        r = Resolver(gazetteer=EMPTY)
        out = []
        for i, text in enumerate(["Äpfel AG sells to Birnen Corp.", "Birnen Corp. buys."]):
            a = art(text, f"d{i}")
            ms = tuple(ment(a, n) for n in ("Äpfel AG", "Birnen Corp.") if n in text)
            out += [m.key for m in r.resolve(Extraction(a, ms)).mentions]
        return out

    assert run() == run() == ["organization/apfel", "organization/birnen", "organization/birnen"]


def test_overrides_merge_and_split(tmp_path) -> None:
    path = tmp_path / "aliases.tsv"
    path.write_text(
        "# researcher overrides\n"
        "merge\tBig Blue\tInternational Business Machines\n"
        "merge  Daimler Truck  organization/mercedes-benz\n"
        "split\tLG Energy\n"
        "\n",
        encoding="utf-8",
    )
    ov = load_overrides(path)
    r = Resolver(overrides=ov)
    a = art("Big Blue and Daimler Truck and LG Energy and LG Energy Solution.")
    ms = (
        ment(a, "Big Blue"),
        ment(a, "Daimler Truck"),
        ment(a, "LG Energy", "organization/lg-energy-solution"),
        ment(a, "LG Energy Solution", "organization/lg-energy-solution"),
    )
    ex = r.resolve(Extraction(a, ms))
    k = keys(ex)
    assert k["Big Blue"] == "organization/international-business-machines"
    assert k["Daimler Truck"] == "organization/mercedes-benz"
    assert k["LG Energy"] == "organization/lg-energy"
    assert k["LG Energy Solution"] == "organization/lg-energy-solution"
    assert any("overrides" in d for d in ex.decisions)
    # Without the overrides the gazetteer alias merges them.
    k0 = keys(Resolver().resolve(Extraction(a, ms)))
    assert k0["LG Energy"] == "organization/lg-energy-solution"


@pytest.mark.parametrize(
    ("content", "line", "reason"),
    [
        ("merge\tA\tB\njoin\tX\tY\n", 2, "unknown directive 'join'"),
        ("# c\n\nmerge\tOnly\n", 3, "'merge' needs 2 fields"),
        ("split\tA\tB\tC\n", 1, "'split' needs 1 or 2 fields"),
        ("merge\tAcme Inc.\tAcme\n", 1, "into itself"),
    ],
)
def test_bad_overrides_line_names_file_and_line(tmp_path, content, line, reason) -> None:
    path = tmp_path / "aliases.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ResolveError) as err:
        load_overrides(path)
    msg = str(err.value)
    assert msg.startswith(f"{path}:{line}: ") and reason in msg
    assert "\n" not in msg


def test_missing_overrides_file_is_a_resolve_error(tmp_path) -> None:
    with pytest.raises(ResolveError, match="cannot read overrides file"):
        load_overrides(tmp_path / "nope.tsv")
    assert not parse_overrides(["# only a comment", ""])


def test_same_name_different_types_does_not_depend_on_order() -> None:
    """A name first seen as a (mis-typed) facility must not hide the organisation of the same
    name, whichever was registered first (store preload order is alphabetical by key)."""
    from kg.resolve.index import AliasIndex

    for order in (
        (("facility/quanta", "Facility"), ("organization/quanta", "Organization")),
        (("organization/quanta", "Organization"), ("facility/quanta", "Facility")),
    ):
        idx = AliasIndex()
        for key, etype in order:
            idx.add(key, "Quanta Lithium", etype)
        assert idx.find("Quanta Lithium", "Organization") == "organization/quanta"


def test_abbreviations_spelled_out_join_products_within_and_across_articles() -> None:
    a = art("GM will make EV batteries. The electric vehicle batteries use LFP cells.")
    ev = ment(a, "EV batteries", typ="Product")
    long = ment(a, "electric vehicle batteries", typ="Product")
    lfp = ment(a, "LFP cells", typ="Product")
    r = Resolver(gazetteer=EMPTY)
    k = keys(r.resolve(Extraction(a, (ev, long, lfp))))
    assert k["EV batteries"] == k["electric vehicle batteries"]
    assert k["LFP cells"] != k["EV batteries"]
    # A later article that spells it out lands on the node an abbreviation created, and back.
    b = art("Ford buys lithium iron phosphate cells and EV batteries.", aid="b1")
    kb = keys(
        r.resolve(
            Extraction(
                b,
                (
                    ment(b, "lithium iron phosphate cells", typ="Product"),
                    ment(b, "EV batteries", typ="Product"),
                ),
            )
        )
    )
    assert kb["lithium iron phosphate cells"] == k["LFP cells"]
    assert kb["EV batteries"] == k["EV batteries"]


def test_two_unnamed_plants_are_not_joined_by_spelling_out() -> None:
    a = art("TDK will build a battery plant in Ohio and a battery plant in Texas.")
    p1 = ment(a, "battery plant", key="fac:1", typ="Facility")
    p2 = ment(a, "battery plant", key="fac:2", typ="Facility", nth=1)
    ex = Resolver(gazetteer=EMPTY).resolve(Extraction(a, (p1, p2)))
    assert len({m.key for m in ex.mentions}) == 2


def test_former_name_and_ticker_after_a_name_are_the_same_company() -> None:
    a = art(
        "Valemont Corp. (formerly Ridge Metals Inc.) said Corrin Ltd. (NYSE: CRN) and "
        "Ridge Metals will merge."
    )
    val, ridge = ment(a, "Valemont Corp."), ment(a, "Ridge Metals Inc.")
    ridge2 = ment(a, "Ridge Metals", nth=1)
    corrin = ment(a, "Corrin Ltd.")
    r = Resolver(gazetteer=EMPTY)
    ex = r.resolve(Extraction(a, (val, ridge, ridge2, corrin)))
    k = keys(ex)
    assert k["Valemont Corp."] == k["Ridge Metals Inc."] == k["Ridge Metals"]
    assert k["Corrin Ltd."] != k["Valemont Corp."]
    assert "CRN" in r.index.entities[k["Corrin Ltd."]].aliases
    assert any("other name" in d and "Ridge Metals" in d for d in ex.decisions)


def test_former_role_is_not_a_name() -> None:
    a = art("Redline Tools, formerly part of Valemont, is now independent.")
    ex = Resolver(gazetteer=EMPTY).resolve(
        Extraction(a, (ment(a, "Redline Tools"), ment(a, "Valemont")))
    )
    k = keys(ex)
    assert k["Redline Tools"] != k["Valemont"]


def test_a_possessive_name_written_without_its_apostrophe_is_the_same_company() -> None:
    r = Resolver(gazetteer=EMPTY)
    a = art("Zorbo's has targeted youth. Zorbos now sells salads. Zorba sells fruit.")
    ms = (ment(a, "Zorbo's"), ment(a, "Zorbos"), ment(a, "Zorba"))
    k = keys(r.resolve(Extraction(a, ms)))
    assert k["Zorbo's"] == k["Zorbos"]
    assert k["Zorba"] != k["Zorbo's"]
    # Without the apostrophe spelling in the article, "Zorbos" stays its own name.
    b = art("Zorbo sells salads. Zorbos sells fruit.", "b1")
    k2 = keys(
        Resolver(gazetteer=EMPTY).resolve(Extraction(b, (ment(b, "Zorbo"), ment(b, "Zorbos"))))
    )
    assert k2["Zorbo"] != k2["Zorbos"]


def test_a_wire_abbreviation_of_a_place_in_a_company_name_is_spelled_out() -> None:
    a = art("Hong Kong Norland Co Ltd said H.K. Norland shares rose.")
    full = ment(a, "Hong Kong Norland Co Ltd")
    short = ment(a, "H.K. Norland")
    k = keys(Resolver(gazetteer=EMPTY).resolve(Extraction(a, (full, short))))
    assert k["Hong Kong Norland Co Ltd"] == k["H.K. Norland"]


def test_a_parenthesised_place_keeps_a_regional_company_apart() -> None:
    a = art("Harwick Plc owns 80 pct of Harwick (Singapore).")
    parent = ment(a, "Harwick Plc")
    regional = ment(a, "Harwick (Singapore)")
    k = keys(Resolver(gazetteer=EMPTY).resolve(Extraction(a, (parent, regional))))
    assert k["Harwick Plc"] != k["Harwick (Singapore)"]


def test_assign_keeps_every_field_it_does_not_resolve() -> None:
    """A mention and a fact come out of resolution as they went in but for the key, name and
    type of the entity (and the fact's sides): a field added to `Mention` or `Fact` is kept."""
    from dataclasses import fields

    a = art("Alpha Motors buys cells from Beta Cells.")
    s = replace(ment(a, "Alpha Motors"), certainty=0.61, lang="en")
    o = replace(ment(a, "Beta Cells"), certainty=0.42)
    f = replace(
        fact(a, s, "buysFrom", o, "Planned"),
        qualifiers=(Qualifier("amount", "5", "EUR", 1, 2),),
        confidence=0.33,
    )
    ex = Resolver(gazetteer=EMPTY).resolve(Extraction(a, (s, o), (f,)))
    (out,) = ex.facts
    resolved = {"key", "name", "type"}
    for before, after in ((s, out.subject), (o, out.object)):
        for fl in fields(Mention):
            if fl.name not in resolved:
                assert getattr(after, fl.name) == getattr(before, fl.name), fl.name
    for fl in fields(Fact):
        if fl.name not in {"subject", "object"}:
            assert getattr(out, fl.name) == getattr(f, fl.name), fl.name
    assert {m.certainty for m in ex.mentions} == {0.61, 0.42}


def test_a_pronoun_two_articles_resolve_to_their_companies_joins_nothing() -> None:
    """'man' and 'seinem' name the company each article resolves them to, never a name of it:
    otherwise every company of the corpus that 'man' stood for became one entity."""
    a = art("Microsoft hat Edge verbessert. Wie man hört, plant seinem Chef mehr.", "a1", "de")
    b = art("Canon hat neue Kameras. Man verkauft sie ab Mai.", "a2", "de")
    res = Resolver(gazetteer=EMPTY)
    preps = []
    for x, name, pronouns in ((a, "Microsoft", ("man", "seinem")), (b, "Canon", ("Man",))):
        ms = (ment(x, name), *(ment(x, p, name=name, key="name:" + fold(name)) for p in pronouns))
        prep = res.prepare(Extraction(x, ms))
        res.observe(prep)
        preps.append(prep)
    res.table.freeze()
    names = [{m.name for m in res.assign(p).mentions} for p in preps]
    assert names == [{"Microsoft"}, {"Canon"}]
