"""The one reader of the data shipped in this folder: every `*.json` here is parsed and
validated by a typed reader below, and no other module opens these files
(`tests/test_resources.py` checks the source).

A file that is missing or malformed, a section that is missing or of the wrong shape, or a word
list asked for by a misspelt name is a `ResourceError` naming the file, never an empty set that
silently turns a rule off. Readers cache what they read: each file is parsed once per process.

What reads what:
- `word_lists(stage)` / `word_maps(stage)`: `words_<stage>.json`, through `kg.words`;
- `legal_forms()`, `abbreviations()`: the name normaliser (`kg.names`);
- `countries()`, `organizations()`: the gazetteer (`kg.gazetteer`) and the place index
  (`kg.places`), with `ambiguous_places()`;
- `news_cleaning()`, `boilerplate_phrases()`: ingest; `triggers(lang)`: the trigger lexicons
  (`kg.extract.common.lexicon`); `qualifier_vocabulary()`: quantities and qualifiers;
  `alias_cues()`: within-article resolution.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypedDict

from kg.errors import ResourceError

HERE = Path(__file__).resolve().parent
# The stages (and the shared name normaliser) that own a word-list file `words_<stage>.json`.
STAGES = ("ingest", "nlp", "extract", "resolve", "names")
LANGS = ("en", "de")


def path(name: str) -> Path:
    """Where the shipped file `name` ("countries.json") lives; for messages and cache keys."""
    return HERE / name


def digest() -> bytes:
    """A hash of every shipped file: a cache built from them (`kg.places`) changes when they do."""
    h = hashlib.sha256()
    for file in sorted(HERE.glob("*.json")):
        h.update(file.name.encode() + b"\0" + file.read_bytes())
    return h.digest()


# -- validation ---------------------------------------------------------------------------------
def _read(file: Path) -> dict[str, Any]:
    try:
        raw = json.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ResourceError(f"cannot read: {exc.strerror or exc}", path=str(file)) from None
    except ValueError as exc:
        raise ResourceError(f"not valid JSON: {exc}", path=str(file)) from None
    if not isinstance(raw, dict):
        raise ResourceError("must be a JSON object", path=str(file))
    return raw


def _file(name: str, override: str | Path | None = None) -> Path:
    return Path(override) if override else path(name)


def _section(raw: dict[str, Any], key: str, file: Path) -> Any:
    if key not in raw:
        raise ResourceError(f"missing section {key!r}", path=str(file))
    return raw[key]


def _words(value: Any, where: str, file: Path) -> tuple[str, ...]:
    """A non-empty list of non-blank strings."""
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(w, str) and w.strip() for w in value)
    ):
        raise ResourceError(f"{where} must be a non-empty list of words", path=str(file))
    return tuple(value)


def _table(value: Any, where: str, file: Path, of: type = str) -> dict[str, Any]:
    """A non-empty object of string keys to values of type `of` (strings: non-blank)."""
    if (
        not isinstance(value, dict)
        or not value
        or not all(isinstance(k, str) and k.strip() for k in value)
        or not all(
            isinstance(v, of) and not isinstance(v, bool) and (of is not str or v.strip())
            for v in value.values()
        )
    ):
        raise ResourceError(
            f"{where} must be a non-empty object of {of.__name__} values", path=str(file)
        )
    return dict(value)


def _named_lists(raw: dict[str, Any], file: Path) -> dict[str, tuple[str, ...]]:
    """Every entry not starting with "_" (comments) as a list of words."""
    return {k: _words(v, f"list {k!r}", file) for k, v in raw.items() if not k.startswith("_")}


def _by_lang(value: Any, where: str, file: Path, check: Any) -> dict[str, Any]:
    """{"en": ..., "de": ...}: a value per language, each checked by `check`."""
    if not isinstance(value, dict) or not value or not set(value) <= set(LANGS):
        raise ResourceError(
            f"{where} must be keyed by language ({', '.join(LANGS)})", path=str(file)
        )
    return {lang: check(v, f"{where}.{lang}", file) for lang, v in value.items()}


# -- word lists ---------------------------------------------------------------------------------
def words_file(stage: str) -> Path:
    return path(f"words_{stage}.json")


@lru_cache(maxsize=len(STAGES))
def _word_file(stage: str) -> tuple[dict[str, tuple[str, ...]], dict[str, dict[str, str]]]:
    if stage not in STAGES:
        raise ResourceError(f"no word lists for {stage!r}: stages are {', '.join(STAGES)}")
    file = words_file(stage)
    lists: dict[str, tuple[str, ...]] = {}
    maps: dict[str, dict[str, str]] = {}
    for name, items in _read(file).items():
        if name.startswith("_"):  # "_doc" and the comment of each list
            continue
        if isinstance(items, dict):
            maps[name] = _table(items, f"word map {name!r}", file)
        else:
            lists[name] = _words(items, f"word list {name!r}", file)
    return lists, maps


def word_lists(stage: str) -> dict[str, tuple[str, ...]]:
    """The word lists of `words_<stage>.json` by name, in file order, spelling kept."""
    return _word_file(stage)[0]


def word_maps(stage: str) -> dict[str, dict[str, str]]:
    """The word maps (word -> word) of `words_<stage>.json` by name."""
    return _word_file(stage)[1]


# -- names --------------------------------------------------------------------------------------
_CASES = ("any", "exact")


@dataclass(frozen=True, slots=True)
class LegalForm:
    form: str  # "Co., Ltd.", "GmbH", "AS"
    langs: tuple[str, ...]  # languages whose recognisers take it as a company-name cue
    case: str  # "any" | "exact" (as written or in capitals)
    loose: bool  # part of the name ("Holding"): dropped only to look a known entity up

    def spellings(self) -> tuple[str, ...]:
        """The token texts this form matches when compared as a whole word."""
        if self.case == "exact":
            return tuple(dict.fromkeys((self.form, self.form.upper())))
        return tuple(
            dict.fromkeys((self.form, self.form.lower(), self.form.upper(), self.form.title()))
        )


@lru_cache(maxsize=1)
def legal_forms() -> tuple[LegalForm, ...]:
    """Every entry of `legal_forms.json`."""
    file = path("legal_forms.json")
    forms = _section(_read(file), "forms", file)
    if not isinstance(forms, list):
        raise ResourceError("'forms' must be a list", path=str(file))
    out = []
    for n, e in enumerate(forms):
        if not (
            isinstance(e, dict)
            and isinstance(e.get("form"), str)
            and e["form"].strip()
            and isinstance(e.get("langs"), list)
            and all(isinstance(x, str) for x in e["langs"])
            and e.get("case") in _CASES
            and isinstance(e.get("loose"), bool)
        ):
            raise ResourceError(f"forms[{n}]: bad legal form entry {e!r}", path=str(file))
        out.append(LegalForm(e["form"], tuple(e["langs"]), e["case"], e["loose"]))
    return tuple(out)


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, str]:
    """Abbreviation -> what it spells out ("EV" -> "electric vehicle"), `abbreviations.json`."""
    file = path("abbreviations.json")
    raw = {k: v for k, v in _read(file).items() if not k.startswith("_")}
    return _table(raw, "abbreviations", file)


# -- gazetteer and places -----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class CountryRecord:
    key: str  # "country/germany"
    labels: dict[str, str]  # lang -> label ("en" always present)
    aliases: dict[str, tuple[str, ...]]  # lang -> surface forms
    demonyms: dict[str, tuple[str, ...]]  # lang -> adjective forms


@dataclass(frozen=True, slots=True)
class OrganizationRecord:
    key: str  # "organization/general-motors"
    label: str  # English label
    aliases: dict[str, tuple[str, ...]]  # lang -> surface forms
    kinds: tuple[str, ...] = ()  # what it is ("automaker"), for back-references
    country: str | None = None  # key of its home country
    parent: str | None = None  # key of its parent organisation


def _forms(value: Any, where: str, file: Path) -> dict[str, tuple[str, ...]]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ResourceError(f"{where} must be an object of lists per language", path=str(file))
    return {lang: _words(v, f"{where}.{lang}", file) for lang, v in value.items()}


def _entries(file: Path, section: str) -> list[tuple[str, dict[str, Any]]]:
    entries = _section(_read(file), section, file)
    if not isinstance(entries, list):
        raise ResourceError(f"{section!r} must be a list", path=str(file))
    out = []
    for n, e in enumerate(entries):
        where = f"{section}[{n}]"
        if not isinstance(e, dict) or not isinstance(e.get("key"), str) or "/" not in e["key"]:
            raise ResourceError(f"{where}: an entry needs a key like 'type/slug'", path=str(file))
        out.append((where, e))
    return out


@lru_cache(maxsize=4)
def countries(directory: str | None = None) -> tuple[CountryRecord, ...]:
    """`countries.json` (in `directory` if given: a pipeline may be configured with its own)."""
    file = _file("countries.json", directory and Path(directory) / "countries.json")
    out = []
    for where, e in _entries(file, "countries"):
        labels = _table(e.get("label"), f"{where}.label", file)
        if "en" not in labels:
            raise ResourceError(f"{where}.label needs an English label", path=str(file))
        aliases = _forms(e.get("aliases"), f"{where}.aliases", file)
        demonyms = _forms(e.get("demonyms"), f"{where}.demonyms", file)
        out.append(CountryRecord(e["key"], labels, aliases, demonyms))
    return tuple(out)


@lru_cache(maxsize=4)
def organizations(directory: str | None = None) -> tuple[OrganizationRecord, ...]:
    """`organizations.json` (in `directory` if given)."""
    file = _file("organizations.json", directory and Path(directory) / "organizations.json")
    out = []
    for where, e in _entries(file, "organizations"):
        label = e.get("label")
        if not isinstance(label, str) or not label.strip():
            raise ResourceError(f"{where}.label must be a name", path=str(file))
        kinds = _words(e["kind"], f"{where}.kind", file) if "kind" in e else ()
        extra = {k: e.get(k) for k in ("country", "parent")}
        if not all(v is None or isinstance(v, str) for v in extra.values()):
            raise ResourceError(f"{where}: country and parent must be keys", path=str(file))
        out.append(
            OrganizationRecord(
                e["key"], label, _forms(e.get("aliases"), f"{where}.aliases", file), kinds, **extra
            )
        )
    return tuple(out)


@lru_cache(maxsize=1)
def ambiguous_places() -> dict[str, tuple[str, ...]]:
    """Groups of place names that never match a place (`places_ambiguous.json`)."""
    file = path("places_ambiguous.json")
    names = _section(_read(file), "names", file)
    if not isinstance(names, dict):
        raise ResourceError("'names' must be an object of lists", path=str(file))
    return _named_lists(names, file)


# -- ingest ---------------------------------------------------------------------------------------
NEWS_LISTS = (
    "agencies",
    "caption_markers",
    "credit_lines",
    "bylines",
    "byline_joiners",
    "read_more",
    "disclaimers",
    "published",
    "published_connectors",
    "time_connectors",
)


@lru_cache(maxsize=1)
def news_cleaning() -> dict[str, tuple[str, ...]]:
    """The phrase lists of wire-news furniture (`news_cleaning.json`)."""
    file = path("news_cleaning.json")
    lists = _named_lists(_read(file), file)
    missing = [k for k in NEWS_LISTS if k not in lists]
    if missing:
        raise ResourceError(f"missing lists {missing}", path=str(file))
    return lists


@dataclass(frozen=True, slots=True)
class BoilerplateLists:
    exact: tuple[str, ...]  # whole lines
    prefixes: tuple[str, ...]  # line openings
    label_prefixes: tuple[str, ...]  # openings of "Label: value" lines
    short_line_phrases: tuple[str, ...]  # phrases that make a short line boilerplate
    tail_phrases: tuple[str, ...]  # phrases that open the page furniture after the article
    asset_words: tuple[str, ...]  # words of image/video credit lines
    max_short_words: int  # what counts as a short line


@lru_cache(maxsize=4)
def boilerplate_phrases(file: str | None = None) -> BoilerplateLists:
    """Web-page boilerplate phrases (`boilerplate_phrases.json` unless `file`)."""
    where = _file("boilerplate_phrases.json", file)
    raw = _read(where)
    lists = {
        k: _words(raw[k], f"list {k!r}", where) if k in raw else ()
        for k in BoilerplateLists.__slots__
        if k != "max_short_words"
    }
    short = raw.get("max_short_words", 12)
    if not isinstance(short, int) or isinstance(short, bool) or short < 1:
        raise ResourceError("max_short_words must be a positive number", path=str(where))
    return BoilerplateLists(**lists, max_short_words=short)


# -- extract --------------------------------------------------------------------------------------
def triggers_file(lang: str, file: str | None = None) -> Path:
    """The trigger lexicon file of `lang` (`file` if given)."""
    if lang not in LANGS:
        raise ResourceError(f"no trigger lexicon for {lang!r}")
    return _file(f"triggers_{lang}.json", file)


@lru_cache(maxsize=8)
def triggers(lang: str, file: str | None = None) -> dict[str, Any]:
    """The trigger lexicon of `lang` (`triggers_<lang>.json` unless `file`), as an object with
    its `verbs` and `nouns` tables; `kg.extract.common.lexicon` builds the typed rules and
    checks them against the ontology."""
    where = triggers_file(lang, file)
    raw = _read(where)
    for key in ("verbs", "nouns"):
        if not isinstance(_section(raw, key, where), dict):
            raise ResourceError(f"{key!r} must be an object of rules", path=str(where))
    return raw


class QualifierVocabulary(TypedDict):
    """`qualifiers.json`; its `_doc` entry says what each section is."""

    currencies: dict[str, str]
    scales: dict[str, int]
    capacity_units: dict[str, str]
    annual_units: dict[str, str]
    per_year: tuple[str, ...]
    kinds: dict[str, tuple[str, ...]]
    # keyed by language ("en", "de"):
    stake_cues: dict[str, tuple[str, ...]]
    distractor_cues: dict[str, tuple[str, ...]]
    event_nouns: dict[str, tuple[str, ...]]
    expected_cues: dict[str, tuple[str, ...]]
    number_words: dict[str, tuple[str, ...]]
    one_words: dict[str, tuple[str, ...]]
    months: dict[str, dict[str, int]]
    ambiguous_months: dict[str, tuple[str, ...]]
    month_prepositions: dict[str, tuple[str, ...]]
    weekdays: dict[str, tuple[str, ...]]
    quarter_ordinals: dict[str, dict[str, int]]
    relative_days: dict[str, tuple[str, ...]]
    relative_modifiers: dict[str, tuple[str, ...]]
    relative_units: dict[str, tuple[str, ...]]
    past_modifiers: dict[str, tuple[str, ...]]
    last_cues: dict[str, tuple[str, ...]]
    next_cues: dict[str, tuple[str, ...]]
    year_cues: dict[str, tuple[str, ...]]
    capacity_verbs: dict[str, tuple[str, ...]]
    percent_words: dict[str, tuple[str, ...]]
    segment_openers: dict[str, tuple[str, ...]]
    segment_conjunctions: dict[str, tuple[str, ...]]
    reporting_verbs: dict[str, tuple[str, ...]]
    share_words: dict[str, tuple[str, ...]]
    payment_words: dict[str, tuple[str, ...]]
    frame_participles: dict[str, tuple[str, ...]]


def _lang_words(value: Any, where: str, file: Path) -> dict[str, tuple[str, ...]]:
    return _by_lang(value, where, file, _words)


def _lang_numbers(value: Any, where: str, file: Path) -> dict[str, dict[str, int]]:
    return _by_lang(value, where, file, lambda v, w, f: _table(v, w, f, int))


def _lists_by_key(value: Any, where: str, file: Path) -> dict[str, tuple[str, ...]]:
    return {k: _words(v, f"{where}.{k}", file) for k, v in _table(value, where, file, list).items()}


_QUALIFIER_SECTIONS: dict[str, Any] = {
    "currencies": _table,
    "scales": lambda v, w, f: _table(v, w, f, int),
    "capacity_units": _table,
    "annual_units": _table,
    "per_year": _words,
    "kinds": _lists_by_key,
    **{
        k: _lang_numbers if k in ("months", "quarter_ordinals") else _lang_words
        for k in QualifierVocabulary.__annotations__
        if k not in ("currencies", "scales", "capacity_units", "annual_units", "per_year", "kinds")
    },
}


@lru_cache(maxsize=1)
def qualifier_vocabulary() -> QualifierVocabulary:
    """`qualifiers.json`, every section checked for its shape."""
    file = path("qualifiers.json")
    raw = _read(file)
    out = {k: check(_section(raw, k, file), k, file) for k, check in _QUALIFIER_SECTIONS.items()}
    return QualifierVocabulary(**out)  # type: ignore[typeddict-item]


# -- resolve --------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def alias_cues() -> dict[str, tuple[str, ...]]:
    """Phrases that give another name of a company (`alias_cues.json`): `former_name`
    ("formerly", "vormals") and the stock `exchanges` of tickers ("NYSE")."""
    file = path("alias_cues.json")
    lists = _named_lists(_read(file), file)
    for key in ("former_name", "exchanges"):
        _section(lists, key, file)
    return lists


__all__ = [
    "LANGS",
    "STAGES",
    "BoilerplateLists",
    "CountryRecord",
    "LegalForm",
    "OrganizationRecord",
    "QualifierVocabulary",
    "abbreviations",
    "alias_cues",
    "ambiguous_places",
    "boilerplate_phrases",
    "countries",
    "digest",
    "legal_forms",
    "news_cleaning",
    "organizations",
    "path",
    "qualifier_vocabulary",
    "triggers",
    "triggers_file",
    "word_lists",
    "word_maps",
    "words_file",
]
