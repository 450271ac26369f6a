"""The one loader of the shipped data (`kg/resources/__init__.py`): every file has a typed,
validated reader, a broken file is one `ResourceError` naming it, and no other module parses a
file of `kg/resources/` (checked from the source)."""

from __future__ import annotations

import ast
import json
import shutil
from functools import partial
from pathlib import Path

import pytest

from kg import resources
from kg.errors import ResourceError

KG = Path(__file__).resolve().parents[1] / "kg"
LOADER = KG / "resources" / "__init__.py"
SHIPPED = sorted(p.name for p in (KG / "resources").glob("*.json"))


# Each shipped file and the reader that reads it: a new file needs a reader and a line here.
READERS = {
    "abbreviations.json": resources.abbreviations,
    "alias_cues.json": resources.alias_cues,
    "boilerplate_phrases.json": resources.boilerplate_phrases,
    "countries.json": resources.countries,
    "legal_forms.json": resources.legal_forms,
    "news_cleaning.json": resources.news_cleaning,
    "organizations.json": resources.organizations,
    "places_ambiguous.json": resources.ambiguous_places,
    "qualifiers.json": resources.qualifier_vocabulary,
    **{f"triggers_{lang}.json": partial(resources.triggers, lang) for lang in resources.LANGS},
    **{f"words_{s}.json": partial(resources.word_lists, s) for s in resources.STAGES},
}


def _clear_caches() -> None:
    for f in vars(resources).values():
        if callable(getattr(f, "cache_clear", None)):
            f.cache_clear()


def test_every_shipped_file_has_a_reader_that_reads_it(tmp_path: Path, monkeypatch) -> None:
    assert sorted(READERS) == SHIPPED
    for name, read in READERS.items():
        assert read(), name
    monkeypatch.setattr(resources, "HERE", tmp_path)  # an empty folder: every reader fails
    _clear_caches()
    try:
        for name, read in READERS.items():
            with pytest.raises(ResourceError, match=rf"{name}: cannot read"):
                read()
    finally:
        _clear_caches()


def test_the_readers_give_typed_values() -> None:
    assert resources.word_maps("resolve")["en_kind_synonyms"]["car maker"] == "automaker"
    assert {"en", "de"} <= set(resources.countries()[0].labels)
    assert any(f.form == "GmbH" and "de" in f.langs for f in resources.legal_forms())
    assert resources.abbreviations()["EV"] == "electric vehicle"
    assert "Reuters" in resources.news_cleaning()["agencies"]
    assert resources.boilerplate_phrases().max_short_words > 0
    assert "NYSE" in resources.alias_cues()["exchanges"]
    v = resources.qualifier_vocabulary()
    assert v["months"]["de"]["März"] == 3 and v["quarter_ordinals"]["en"]["third"] == 3
    assert set(v["number_words"]) == {"en", "de"}


def test_a_missing_or_malformed_file_names_itself(tmp_path: Path) -> None:
    with pytest.raises(ResourceError, match=r"nowhere[/\\]countries\.json"):
        resources.countries(str(tmp_path / "nowhere"))
    bad = tmp_path / "triggers_de.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ResourceError, match=r"triggers_de\.json: not valid JSON"):
        resources.triggers("de", str(bad))
    bad.write_text('{"verbs": {}}', encoding="utf-8")
    with pytest.raises(ResourceError, match="missing section 'nouns'"):
        resources.triggers("de", str(bad))
    phrases = tmp_path / "phrases.json"
    phrases.write_text('{"exact": ["ok"], "prefixes": [""]}', encoding="utf-8")
    with pytest.raises(ResourceError, match="'prefixes' must be a non-empty list of words"):
        resources.boilerplate_phrases(str(phrases))


def test_a_malformed_gazetteer_entry_is_an_error(tmp_path: Path) -> None:
    shutil.copy(resources.path("organizations.json"), tmp_path / "organizations.json")
    data = json.loads(resources.path("countries.json").read_text(encoding="utf-8"))
    del data["countries"][1]["label"]["en"]
    (tmp_path / "countries.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ResourceError, match=r"countries\[1\]\.label needs an English label"):
        resources.countries(str(tmp_path))
    data["countries"][1]["label"]["en"] = "China"
    data["countries"][2]["aliases"]["en"] = []
    (tmp_path / "countries.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ResourceError, match=r"countries\[2\]\.aliases\.en must be a non-empty"):
        resources.countries(str(tmp_path))


def test_a_section_of_the_wrong_shape_is_an_error(tmp_path: Path, monkeypatch) -> None:
    data = json.loads(resources.path("qualifiers.json").read_text(encoding="utf-8"))
    data["months"]["de"]["März"] = "drei"
    (tmp_path / "qualifiers.json").write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(resources, "HERE", tmp_path)
    resources.qualifier_vocabulary.cache_clear()
    try:
        with pytest.raises(ResourceError, match=r"qualifiers\.json: months\.de must be"):
            resources.qualifier_vocabulary()
        data["months"]["fr"] = data["months"].pop("de")
        (tmp_path / "qualifiers.json").write_text(json.dumps(data), encoding="utf-8")
        with pytest.raises(ResourceError, match="months must be keyed by language"):
            resources.qualifier_vocabulary()
    finally:
        resources.qualifier_vocabulary.cache_clear()


# -- no other parser ------------------------------------------------------------------------------
def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
    return out


def resource_parsers(source: str, files: list[str]) -> list[str]:
    """Where `source` reaches into the data folder itself: the old `RESOURCES` constant, a
    path segment "resources", or a shipped file's name outside a docstring."""
    tree = ast.parse(source)
    docs = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name | ast.Attribute):
            name = node.id if isinstance(node, ast.Name) else node.attr
            if name == "RESOURCES":
                found.append(f"line {node.lineno}: RESOURCES")
        elif (
            isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
        ):
            text = node.value
            named = any(text.endswith(f) for f in files)
            if named or text.strip("/") == "resources" or "resources/" in text:
                found.append(f"line {node.lineno}: {text!r}")
    return found


def test_no_module_but_the_loader_parses_a_resource_file() -> None:
    bad = []
    for path in sorted(KG.rglob("*.py")):
        if path == LOADER:
            continue
        hits = resource_parsers(path.read_text(encoding="utf-8"), SHIPPED)
        bad += [f"{path.relative_to(KG.parent)} {h}" for h in hits]
    assert not bad, "read kg/resources/ through kg.resources:\n" + "\n".join(bad)


@pytest.mark.parametrize(
    "source",
    [
        'x = json.loads((RESOURCES / "countries.json").read_text())',
        'x = json.loads((PACKAGE / "resources" / "countries.json").read_text())',
        'x = open("kg/resources/qualifiers.json").read()',
        'def f():\n    """Reads countries.json."""\n    return load(HERE / "countries.json")',
    ],
)
def test_the_scan_finds_a_parser(source: str) -> None:
    assert resource_parsers(source, SHIPPED)


def test_the_scan_lets_docstrings_name_the_files() -> None:
    assert not resource_parsers('"""Reads `kg/resources/countries.json`."""\n', SHIPPED)
