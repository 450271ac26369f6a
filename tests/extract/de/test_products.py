"""Product names and maker compounds of the German extractor (`kg.extract.de.products`)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow  # the real HanTa model


def _facts(text: str) -> set[tuple[str, str, str]]:
    from kg.extract.de.extract import extract_de
    from kg.model import Article

    ex = extract_de(Article(id="t", text=text, lang="de"))
    return {(f.subject.name, f.predicate, f.object.name) for f in ex.facts}


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("Der neue Tesla Model Y steht beim Händler.", ("Tesla", "produces", "Tesla Model Y")),
        ("Gezeigt wurde der BMW i4 in Berlin.", ("BMW", "produces", "BMW i4")),
        ("Sie zeigten das Bosch-Tablet Kiara.", ("Bosch", "produces", "Kiara")),
        ("Der Roboterbauer Kuka wächst.", ("Kuka", "produces", "Roboter")),
        ("Der Energiekonzern Uniper meldet Verluste.", ("Uniper", "produces", "Energie")),
        ("Der Spiele-Entwickler Zeus wächst.", ("Zeus", "produces", "Spiele")),
        ("Das Energieunternehmen EVN klagt.", ("EVN", "produces", "Energie")),
        ("Die Mineralölgesellschaft Petrol wächst.", ("Petrol", "produces", "Mineralöl")),
        ("Der US-Telekomkonzern Verizon bietet mit.", ("Verizon", "produces", "Telekommunikation")),
        # a brand's spelling at the compound's head ("iPhone") is the product
        ("Der iPad-Hersteller Ubique arbeitet an einem Auto.", ("Ubique", "produces", "iPad")),
        # "entwickeln" makes a product, and a name HanTa reads as a verb before the finite
        # verb is the subject
        ("Fonix hat bereits ein selbstfahrendes Auto entwickelt.", ("Fonix", "produces", "Auto")),
        # a web address is a name; "ein Angebot der X" says X offers the subject
        (
            "nordnet.de ist ein Angebot der Nordstern Media.",
            ("Nordstern Media", "produces", "nordnet.de"),
        ),
        # a distribution is a product class: the name after it is a product's
        (
            "Fonix bietet Versionen seiner Linux-Distribution Kubix an.",
            ("Fonix", "produces", "Kubix"),
        ),
        # a trade's doer names the trade
        (
            "Der Internetdienstleister Nordnet wächst.",
            ("Nordnet", "produces", "Internetdienstleistung"),
        ),
        (
            "Der Chef des Netzwerkausrüsters Ztek sprach.",
            ("Ztek", "produces", "Netzwerkausrüstung"),
        ),
        # a von-phrase after a product name names its maker
        ("Das neue Lumix S7 von Fonix ist teuer.", ("Fonix", "produces", "Lumix S7")),
        # a linking "s" the stem's noun does not end in is no part of the product
        ("Der Versandhandelsriese Zalando wächst.", ("Zalando", "produces", "Versandhandel")),
        ("Der Glasbauer Schott wächst.", ("Schott", "produces", "Glas")),
        # a clipped stem names its trade; a facility's builder builds it
        ("Der Werbekonzern Fonix wächst.", ("Fonix", "produces", "Werbung")),
        ("Der Kraftwerksbauer Fonix wächst.", ("Fonix", "produces", "Kraftwerk")),
        # "arbeiten an" a product class
        ("Fonix arbeitet an einem neuen Smartphone.", ("Fonix", "produces", "Smartphone")),
        # an acronym HanTa reads as a common noun, beside the offered nouns, is offered too
        (
            "Der Provider Nordnet bietet Internet, Telefonie und TV an.",
            ("Nordnet", "produces", "TV"),
        ),
    ],
)
def test_product_names_and_maker_compounds(text: str, fact: tuple[str, str, str]) -> None:
    assert fact in _facts(text)


@pytest.mark.parametrize(
    "text",
    [
        "Der Dax-Konzern Henkel legt Zahlen vor.",  # an index is no product
        "Die Dating-App Flirtly wächst.",  # "Dating" is no maker
        "Die Aktie mit der WKN 514680 stieg.",  # a securities code is no model
        "Der Handelsriese Metro schließt Filialen.",  # trade is a sector, not a product
        "Der Einzelhandelsriese Metro schließt Filialen.",
        "Die Beteiligungsgesellschaft Quantum kauft zu.",  # kinds of company make nothing
        "Die Abbaugesellschaft Heta verkauft Kredite.",
        "Die Fluggesellschaft Condor streicht Flüge.",
        "Das Tochterunternehmen Arvato wächst.",
        "Der Umsatz der Firma Fonix hat sich gut entwickelt.",  # no object, no product
        "Der Berater Hans Vogel sprach mit der Firma Fonix.",  # a bare trade is a job
        "Siemens prüft ein Angebot der Firma Fonix.",  # an offer, no copula: a bid
        "Chefentwickler Tanaka zufolge war es nicht leicht.",  # a rank, not a product
        "Der Branchenriese Fonix meldet Gewinne.",  # a sector, with its linking "n"
        "Die Flughafengesellschaft Fonix meldet Gewinne.",  # a facility is run, not made
    ],
)
def test_no_product_fact(text: str) -> None:
    assert not any(p == "produces" for _s, p, _o in _facts(text))


def test_model_designation_and_maker_split():
    from kg.extract.common.lexicon import load_de
    from kg.extract.de.products import product_names
    from kg.nlp.german import load

    doc = load()("Die Browser Google Chrome und Mozilla Firefox sowie das iPhone 6 laufen.")
    names = [doc[p.first : p.end].text for p in product_names(list(doc), doc.ents, load_de())]
    assert names == ["Google Chrome", "Mozilla Firefox", "iPhone 6"]


def test_a_stem_stripped_of_its_prefix_is_found_in_the_compound():
    # "Landesenergieversorger" -> "Energie": the stripped stem's capital is not in the text
    facts = _facts("Der größte Landesenergieversorger Wienkraft hat Kunden verloren.")
    assert ("Wienkraft", "produces", "Energie") in facts


@pytest.mark.parametrize(
    "text",
    [
        "Der Konzern Fonix arbeitet an einer Lösung.",  # no product class
        "Die Fonix AG arbeitet an der Universität Wien mit Forschern.",
        # a product name in a genitive after a noun: the von-phrase may be that noun's
        "Der Test des Lumix S7 von Fonix ist online.",
        # a truncated compound is no name
        "Der Entwickler Fonix arbeitet an HTML5- und Javascript-Nachrichten.",
    ],
)
def test_working_on_anything_but_a_product_class_or_name_makes_nothing(text: str) -> None:
    assert not {f for f in _facts(text) if f[1] == "produces"}


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        # an act on a genitive attribute is offered, neither the act nor the attribute
        (
            "Alternativ bietet Fonix eine Verlängerung der Garantie an.",
            {"Verlängerung", "Garantie"},
        ),
        # a noun apposed to a prepositional phrase's noun is no thing offered
        (
            "Seit Januar bietet die Zurbon GmbH einen Kurs zum Thema Datenschutz an.",
            {"Datenschutz"},
        ),
        # a role noun and its person are the offer's recipient
        ("Die Zeitung Blitz bietet Präsident Morales Asyl an.", {"Präsident", "Morales"}),
        # a tweet's mark between them
        ("Die Zeitung Blitz bietet Präsident #Morales Asyl an.", {"Präsident", "Morales"}),
        ("Gebaut hat Fonix sein Gerät der Spitzenklasse in Ulm.", {"Spitzenklasse"}),
    ],
)
def test_an_offer_verb_takes_its_object_head_only(text: str, wrong: set[str]) -> None:
    assert not {o for _s, p, o in _facts(text) if p == "produces"} & wrong


def test_an_offer_verb_still_takes_each_offered_noun() -> None:
    facts = _facts("Fonix bietet für Firmenkunden Kredite und Versicherungen an.")
    assert {("Fonix", "produces", "Kredite"), ("Fonix", "produces", "Versicherungen")} <= facts


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        # the gazetteer knows the company
        (
            "Er will die Funktionen von Teslas Model S übertrumpfen.",
            ("Tesla", "produces", "Model S"),
        ),
        # the article names the company without the "s"
        (
            "Fonix wächst. Die Tester loben Fonixs Galaxo S7.",
            ("Fonix", "produces", "Galaxo S7"),
        ),
    ],
)
def test_a_makers_genitive_before_a_product_name_is_its_maker(text: str, fact) -> None:
    facts = _facts(text)
    assert fact in facts
    assert not any(s.endswith("s") and s[:-1] == fact[0] for s, _p, _o in facts)


def test_a_name_ending_in_s_is_no_genitive_without_its_stem() -> None:
    assert ("Mercede", "produces", "S 500") not in _facts("Die Tester loben den Mercedes S 500.")


def test_a_making_verb_with_sich_makes_nothing() -> None:
    # "entwickelt sich" says how something fares: no one makes the subject or the index
    facts = _facts(
        "Damit entwickelte sich die Aktie weiterhin besser als der TecDax der kleinen Werte."
    )
    assert not any(p == "produces" for _s, p, _o in facts)
    assert ("Fonix", "produces", "Batterien") in _facts("Der Konzern Fonix entwickelt Batterien.")
