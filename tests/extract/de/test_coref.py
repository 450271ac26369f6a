"""German coreference (`kg.extract.de.coref`): descriptions and pronouns take the most salient
organisation named as a party before them, never one only mentioned."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow  # the real HanTa model


def _facts(text: str) -> set[tuple[str, str, str]]:
    from kg.extract.de.extract import extract_de
    from kg.model import Article

    ex = extract_de(Article(id="t", text=text, lang="de"))
    return {(f.subject.name, f.predicate, f.object.name) for f in ex.facts}


def test_description_takes_the_party_named_before():
    facts = _facts(
        "Der Autobauer Tesla hat Ärger mit einem Kunden. Nun hat der Fahrzeughersteller reagiert."
    )
    assert ("Tesla", "produces", "Fahrzeug") in facts


def test_description_with_a_place_needs_a_sole_candidate():
    one = _facts("Die Lufthansa startet ein neues Preismodell. Der deutsche Konzern spart.")
    assert ("Lufthansa", "basedIn", "Deutschland") in one
    two = _facts(
        "Der Konzern Palmers hat sein Lager von der Firma Barcotec ausstatten lassen. "
        "Das Salzburger Unternehmen ist spezialisiert."
    )
    assert not any(p == "basedIn" and o == "Salzburg" for _s, p, o in two)


def test_a_news_source_is_never_the_antecedent():
    facts = _facts(
        "Die Lufthansa startet ein neues Preismodell. Das berichtet das Magazin Focus. "
        "Wie der deutsche Konzern mitteilte, beginnt der Verkauf im Mai."
    )
    assert ("Lufthansa", "basedIn", "Deutschland") in facts
    assert not any(s == "Focus" for s, _p, _o in facts)


def test_subject_pronoun_agrees_in_gender():
    facts = _facts("Der Konzern Siemens wächst. Er kauft den Rivalen Bosch.")
    assert ("Siemens", "acquires", "Bosch") in facts
    none = _facts("Der Konzern Siemens wächst. Sie kauft den Rivalen Bosch.")
    assert not any(p == "acquires" and s == "Siemens" for s, p, _o in none)


def test_possessive_with_no_party_before_it_takes_the_one_named_before() -> None:
    facts = _facts("Die Pfeiffer HandelsgmbH wächst. Ihre Tochter Zielpunkt schrumpft.")
    assert ("Zielpunkt", "subsidiaryOf", "Pfeiffer HandelsgmbH") in facts


def test_d_possessive_is_the_last_party_that_was_no_subject() -> None:
    facts = _facts(
        "Volvo hat den Kartenanbieter Geely im Blick. "
        "Die Autobauer Audi und BMW haben kürzlich dessen Übernahme angekündigt."
    )
    assert {("Audi", "acquires", "Geely"), ("BMW", "acquires", "Geely")} <= facts
    assert not any(o == "Volvo" for _s, _p, o in facts)


def test_d_possessive_after_and_is_the_party_just_named() -> None:
    text = "Das Gericht hat über die Pfeiffer HandelsgmbH und deren Tochter Zielpunkt entschieden."
    assert ("Zielpunkt", "subsidiaryOf", "Pfeiffer HandelsgmbH") in _facts(text)


def test_subsidiary_with_no_owner_named_belongs_to_the_salient_organisation() -> None:
    text = (
        "Die Lufthansa startet ein neues Preismodell. "
        "Bei der Billig-Tochter Germanwings gibt es bereits ein fast identisches Tarifsystem."
    )
    assert ("Germanwings", "subsidiaryOf", "Lufthansa") in _facts(text)


def test_description_opening_the_article_is_the_next_organisation_named() -> None:
    text = (
        "Der französische Autobauer macht wieder einen Gewinn. In China wächst der Absatz "
        "langsam. Paris – Peugeot hat erstmals seit vier Jahren wieder einen Gewinn eingefahren."
    )
    assert {("Peugeot", "basedIn", "Frankreich"), ("Peugeot", "produces", "Auto")} <= _facts(text)


def test_description_after_a_named_organisation_waits_for_nothing() -> None:
    facts = _facts("Opel und der französische Autobauer wachsen. Später meldet Peugeot Gewinn.")
    assert not any(s == "Peugeot" and p == "basedIn" for s, p, _o in facts)


def test_a_party_named_only_in_a_phrase_is_an_antecedent():
    facts = _facts(
        "Der Kunde hat sich über die Firma Tesla beschwert. Nun hat der Fahrzeughersteller "
        "reagiert."
    )
    assert ("Tesla", "produces", "Fahrzeug") in facts
    # two parties in phrases, equally salient: none is taken
    facts = _facts(
        "Der Kunde hat sich bei der Firma Tesla über die Firma Rivian beschwert. Nun hat der "
        "Fahrzeughersteller reagiert."
    )
    assert not any(p == "produces" for _s, p, _o in facts)


def test_a_description_from_a_place_takes_a_sole_party_and_says_where_it_is() -> None:
    facts = _facts(
        "Der Internetdienstleister Nordnet (Klix, Webnet) wächst. Nun rechnet das Unternehmen "
        "aus Montabaur mit mehr Umsatz."
    )
    assert ("Nordnet", "basedIn", "Montabaur") in facts  # the brands in brackets are asides
    facts = _facts(
        "Der Konzern Nordnet kauft die Firma Klix. Nun rechnet das Unternehmen aus Montabaur "
        "mit mehr Umsatz."
    )
    assert not any(p == "basedIn" and o == "Montabaur" for _s, p, o in facts)


def test_a_plural_description_counting_n_is_each_of_the_n_named_before() -> None:
    facts = _facts(
        "Der Konzern Nordwind hat ein Elektroauto gebaut, der Konzern Sudtech einen Roboter. "
        "Unklar ist, ob die beiden US-Unternehmen damit Geld verdienen wollen."
    )
    assert {("Nordwind", "basedIn", "Vereinigte Staaten")} <= facts
    assert {("Sudtech", "basedIn", "Vereinigte Staaten")} <= facts


def test_a_plural_description_counting_other_than_the_names_before_is_no_one() -> None:
    facts = _facts(
        "Der Konzern Nordwind hat ein Elektroauto gebaut, der Konzern Sudtech einen Roboter. "
        "Unklar ist, ob die drei US-Unternehmen damit Geld verdienen wollen."
    )
    assert not {f for f in facts if f[1] == "basedIn"}


@pytest.mark.parametrize(
    ("context", "sentence", "fact"),
    [
        (  # a stake held with no company named
            "Der Ölkonzern Nordöl baut seine Raffinerie aus.",
            "24,9 Prozent hält die Staatsholding Petrofund.",
            ("Petrofund", "investsIn", "Nordöl"),
        ),
        (  # "man" as the subject
            "Der Konzern Tastronic hat sich auf fühlbare Tastaturen spezialisiert.",
            "Mit Phorm brachte man auch eine Hülle auf den Markt.",
            ("Tastronic", "produces", "Phorm"),
        ),
    ],
)
def test_a_party_the_sentence_leaves_out_is_the_salient_organisation(
    context: str, sentence: str, fact: tuple[str, str, str]
) -> None:
    assert fact in _facts(f"{context} {sentence}")
    # with no organisation named before, nothing fills the party
    assert not {f for f in _facts(sentence) if f[1] == fact[1]}


def test_a_capitalised_ihr_inside_a_sentence_is_the_polite_your() -> None:
    facts = _facts(
        "Der Konzern Fonix appellierte an die Bürger: «Lassen Sie Ihr Auto an den Alarmtagen "
        "stehen.»"
    )
    assert not {f for f in facts if f[1] == "produces" and f[2] == "Auto"}


def test_a_law_cited_in_a_notice_is_no_possessor() -> None:
    facts = _facts(
        "Herr Friedhelm Loh, Deutschland hat uns gemäß § 21 Abs. 1 WpHG mitgeteilt, dass sein "
        "Stimmrechtsanteil an der Nordix AG die Schwelle von 15 % überschritten hat."
    )
    assert not {f for f in facts if f[0] == "WpHG"}


_VELMORA = (
    "Die Velmora AG baut ab. Die Velmora AG schließt Werke. Die Gewerkschaft kritisiert die "
    "Velmora AG. Die Ebix GmbH stellt dagegen ein. "
)


def test_a_cooperation_partner_without_its_party_takes_the_articles_topic():
    # the most recent subject (Ebix) is not the organisation the article is about
    facts = _facts(_VELMORA + "Die Zusammenarbeit mit der Zurbon AG sei nichts Neues.")
    assert ("Velmora", "partnersWith", "Zurbon") in facts
    assert not any(s == "Ebix" and p == "partnersWith" for s, p, _o in facts)


def test_a_party_the_sentence_leaves_out_only_for_what_it_states():
    facts = _facts(_VELMORA + "Eine mögliche Zusammenarbeit mit der Zurbon AG werde geprüft.")
    assert not any(p == "partnersWith" for _s, p, _o in facts)


def test_a_medium_named_as_a_bare_object_is_no_antecedent_of_a_company_description():
    # not a source by position ("die der Agentur X vorlagen"), but a medium by its noun
    facts = _facts(
        "Der Autobauer Kessler muss eine Strafe zahlen. Das geht aus Papieren hervor, die der "
        "Nachrichtenagentur Newsline am Sonntag vorlagen. Demnach bietet der Hersteller den "
        "Kunden neue Elektroautos an."
    )
    assert not any(s == "Newsline" for s, _p, _o in facts)
    assert any(s == "Kessler" and o.startswith("Elektroauto") for s, _p, o in facts)


def test_an_interview_label_is_no_antecedent_of_a_description_opening_the_article():
    facts = _facts(
        "Mehr Wachstum durch Zukäufe: So will Brenntag-Chef Anton Weber den Verpackungskonzern "
        "zukunftsfit machen. STANDARD: Ist die Firma auf Wachstum abonniert? Weber: Ja."
    )
    assert not any(s == "STANDARD" for s, _p, _o in facts)


@pytest.mark.parametrize(
    "text",
    [
        "Der Sender Kanal Neun will wissen, wie Zuschauer künftig ihren Fernseher steuern werden.",
        "Kunden der Firma Zorbix müssen ihr Smartphone erst zurücksetzen.",
    ],
)
def test_ihr_in_a_clause_with_a_plural_common_noun_subject_is_not_a_companys(text: str):
    assert not any(p == "produces" for _s, p, _o in _facts(text))


def test_ihr_of_coordinated_companies_is_theirs():
    facts = _facts("Zorbix und Quantel bringen ihre Smartphones in den Handel.")
    assert {s for s, p, _o in facts if p == "produces"} == {"Zorbix", "Quantel"}


def test_a_description_may_take_the_company_a_role_compound_names():
    facts = _facts(
        "Düsseldorf – Märkl-Chef Kasper Weber kehrt dem deutschen Spielzeugriesen den Rücken."
    )
    assert ("Märkl", "basedIn", "Deutschland") in facts
    assert ("Märkl", "produces", "Spielzeug") in facts


def test_a_role_compounds_company_is_less_salient_than_a_party_named():
    facts = _facts("Märkl-Chef Anton Weber lobt die Firma Zorbix. Der Spielzeugriese wächst.")
    assert not any(s == "Märkl" for s, _p, _o in facts)


@pytest.mark.parametrize("credit", ["Foto: Reuters", "Bild: AFP", "Quelle: APA"])
def test_a_pictures_credit_is_no_antecedent_of_a_description(credit: str):
    # a caption or a line ends with the credit; the company the line before named is meant
    facts = _facts(
        "Über das Vermögen der Firma Zurbon Heiztechnik wurde das Konkursverfahren eröffnet.\n"
        f"Heizungsfirmen unter Druck {credit}\n"
        "Das Unternehmen mit Sitz in Ulm entwickelt und vertreibt Heizanlagen."
    )
    assert ("Zurbon Heiztechnik", "produces", "Heizanlagen") in facts
    assert not any(s in {"Reuters", "AFP", "APA"} for s, _p, _o in facts)


def test_a_web_pages_byline_is_no_antecedent_of_a_description():
    facts = _facts(
        "Vor 3 Stunden Nordkurier Online\n"
        "Der Versandhandelsriese zeigt sich von den Streiks unbeeindruckt."
    )
    assert not any(s.startswith("Nordkurier") for s, _p, _o in facts)


def test_a_body_is_no_antecedent_of_a_company_description():
    # a union named as the subject; the company a description stands for is another
    for text in (
        "Die Gewerkschaft Fonix ruft zum Streik auf. Der Versandhandelsriese zeigt sich gelassen.",
        "Die Universität Fonix startet ein Projekt. Der Autobauer zeigt sich interessiert.",
    ):
        assert not any(s == "Fonix" for s, _p, _o in _facts(text))
