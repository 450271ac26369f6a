"""kg.resolve.cluster: what a cluster's names are."""

from __future__ import annotations

from kg.model import Mention
from kg.resolve.cluster import Cluster


def _m(text: str, name: str, lang: str) -> Mention:
    return Mention(text, 0, len(text), "Organization", name, "name:" + name.lower(), 0.8, lang)


def test_resolved_german_description_and_pronoun_are_no_names() -> None:
    c = Cluster(
        "name:opel",
        "Organization",
        [
            _m("Opel", "Opel", "de"),
            _m("Das Unternehmen", "Opel", "de"),
            _m("der Rüsselsheimer Autobauer", "Opel", "de"),
            _m("er", "Opel", "de"),
        ],
    )
    assert c.names() == ["Opel"]


def test_capitalised_name_with_an_article_stays_a_name() -> None:
    c = Cluster("name:falic", "Organization", [_m("The Falic Group", "Falic", "en")])
    assert c.names() == ["Falic", "Falic Group"]  # the article goes, the name stays


def test_pronouns_and_lower_case_words_are_no_names() -> None:
    """German possessives and 'man' (sentence-initial too), English 'he', and any lower-case
    word that is not the name itself."""
    words = ["man", "Man", "seinem", "Seine", "ihren", "he", "His", "derer"]
    c = Cluster("name:opel", "Organization", [_m("Opel", "Opel", "de")])
    c.mentions += [_m(w, "Opel", "de") for w in words]
    assert c.names() == ["Opel"]
    # A name written in lower case is still one, and 'MAN' the company is no pronoun.
    assert Cluster("name:adidas", "Organization", [_m("adidas", "adidas", "de")]).names() == [
        "adidas"
    ]
    assert Cluster("name:man", "Organization", [_m("MAN", "MAN", "de")]).names() == ["MAN"]


def test_names_follow_lists_changed_in_place() -> None:
    """The names are remembered between calls; a mention replaced or the mentions reordered
    in place, or an alias added, must still show."""
    c = Cluster("name:opel", "Organization", [_m("Opel", "Opel", "de"), _m("GM", "GM", "en")])
    assert c.names() == ["Opel", "GM"]
    c.mentions[1] = _m("Stellantis", "Stellantis", "en")
    assert c.names() == ["Opel", "Stellantis"]
    c.mentions.reverse()
    assert c.names() == ["Stellantis", "Opel"]
    c.aliases.append("Adam Opel AG")
    assert c.names() == ["Stellantis", "Opel", "Adam Opel AG"]
