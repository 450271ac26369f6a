"""kg.gazetteer: the countries of `kg/resources/countries.json` as gazetteer entries."""

from __future__ import annotations

from kg import gazetteer, places


def test_country_entries_carry_the_place_index_keys() -> None:
    # One key per country: the gazetteer's and the place index's must agree, or a country
    # named in two ways would be two nodes.
    g = gazetteer.load()
    countries = [e for e in g.entries.values() if e.type == "Country"]
    assert len(countries) > 50
    for e in countries:
        found = places.lookup(e.label)
        assert found is not None and found.key == e.key, e.label


def test_demonyms_name_their_country() -> None:
    g = gazetteer.load()
    for adjective, key in [
        ("Philippine", "country/philippines"),
        ("Irish", "country/ireland"),
        ("Brazilian", "country/brazil"),
        ("German", "country/germany"),
    ]:
        entry = g.demonym(adjective)
        assert entry is not None and entry.key == key
    assert g.demonym("Ordinary") is None
