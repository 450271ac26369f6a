"""The trigger lexicons as typed, indexed rules: English (`kg/resources/triggers_en.json`,
`load`) and German (`kg/resources/triggers_de.json`, `load_de`). The files are read by the one
loader (`kg.resources.triggers`); both lexicons are built through `_read`, check predicates and
entity types the same way and fail with one `ExtractError` line naming the file and the
offending entry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypeVar

from kg.errors import ExtractError
from kg.model import ENTITY_TYPES
from kg.resources import triggers, triggers_file
from kg.vocab import vocabulary

# Read from ontology/kg.ttl: the relations an extractor may emit, and the symmetric ones.
PREDICATES = vocabulary().predicates
SYMMETRIC = vocabulary().symmetric
# German argument slots a rule may name (`GermanRule.subject` / `.object`), besides "pp:<prep>".
SLOTS = frozenset(
    {
        "subj",
        "obj",
        "gen",
        "poss",
        "prefix",
        "orgprefix",
        "clause",
        "cgen",
        "dat",
        "members",
        "coord",
        "between",
        "apposed",
        "head",
        "self",
    }
)


@dataclass(frozen=True, slots=True)
class Rule:
    predicate: str
    subject: tuple[str, ...]  # roles tried in order
    object: tuple[str, ...]
    subject_types: frozenset[str]
    object_types: frozenset[str]
    strength: float
    patient_heads: frozenset[str] = frozenset()
    names_child: bool = False
    # The agent must be the trigger's own subject or by-agent: "a wholly-owned subsidiary"
    # does not make the sentence subject the owner of the subsidiary.
    direct_agent: bool = False
    # The subject was the object's owner before the deal ("sell Y to Z", "buy Y from X"): the
    # ownership holds while the deal is to come and has ended once it is done.
    previous_owner: bool = False
    # Only the ended ownership is stated ("Z bought Y from X" once done): while a purchase is to
    # come the sentence is about the buyer, and the seller's holding is left to other sentences.
    ended_only: bool = False


@dataclass(frozen=True, slots=True)
class Lexicon:
    verbs: dict[str, tuple[Rule, ...]]  # "lemma" or "lemma particle"
    nouns: dict[str, tuple[Rule, ...]]  # "lemma" or "modifier lemma"
    deal_heads: frozenset[str]
    deal_qualifiers: dict[str, tuple[str, bool, float]]
    deal_default: tuple[str, bool, float]
    light_verbs: frozenset[str]
    subsidiary_nouns: frozenset[str]
    parent_nouns: frozenset[str]
    maker_nouns: frozenset[str]
    facility_nouns: frozenset[str]
    org_nouns: frozenset[str]
    technology_nouns: frozenset[str]
    adverbial_participles: frozenset[str]
    modality: dict[str, frozenset[str]]
    cues: dict[str, frozenset[str]]  # named word lists for structural patterns (see "cues")
    # (raw, calibrated) points: a fact's pattern strength x argument certainty, mapped
    # piecewise-linearly onto the precision measured for it (empty: no mapping)
    calibration: tuple[tuple[float, float], ...] = ()
    # Derived once (the extractors ask for every token): the last word of every noun trigger,
    # and the first word (the lemma) of every verb trigger, so a word outside them needs no rule
    # look-up.
    noun_heads: frozenset[str] = field(init=False, repr=False, compare=False)
    verb_heads: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "noun_heads", frozenset(k.split()[-1] for k in self.nouns))
        object.__setattr__(self, "verb_heads", frozenset(k.split()[0] for k in self.verbs))


_DEFAULT_SUBJ = frozenset({"Organization", "Facility"})
T = TypeVar("T")


def _predicate(raw: dict, where: str) -> str:
    pred = raw.get("predicate")
    if pred not in PREDICATES:
        raise ExtractError(f"{where}: unknown predicate {pred!r}")
    return pred


def _types(raw: dict, where: str, default: list[str]) -> tuple[frozenset[str], frozenset[str]]:
    out = []
    for side in ("subject_types", "object_types"):
        vals = raw.get(side) or default
        bad = [v for v in vals if v not in ENTITY_TYPES]
        if bad:
            raise ExtractError(f"{where}: unknown entity type(s) {bad}")
        out.append(frozenset(vals))
    return out[0], out[1]


def _rule(raw: dict, where: str) -> Rule:
    pred = _predicate(raw, where)
    subject_types, object_types = _types(raw, where, sorted(_DEFAULT_SUBJ))
    return Rule(
        pred,
        tuple(raw["subject"].split("|")),
        tuple(raw["object"].split("|")),
        subject_types,
        object_types,
        float(raw.get("strength", 0.7)),
        frozenset(raw.get("patient_heads", ())),
        bool(raw.get("names_child", False)),
        bool(raw.get("direct_agent", False)),
        bool(raw.get("previous_owner", False)),
        bool(raw.get("ended_only", False)),
    )


def _set(raw: dict, key: str) -> frozenset[str]:
    return frozenset(v.lower() for v in raw.get(key, ()))


def _read(path: str | None, lang: str, build: Callable[[dict], T], what: str) -> T:
    """Build the lexicon of `lang` from the file the loader read (`kg.resources.triggers`: an
    unreadable file is a `ResourceError`); a rule that does not fit the ontology or the
    lexicon's shape is one ExtractError naming the file."""
    raw = triggers(lang, path)
    file = str(triggers_file(lang, path))
    try:
        return build(raw)
    except ExtractError as exc:
        raise ExtractError(str(exc), path=file) from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ExtractError(f"malformed {what}: {exc!r}", path=file) from None


@lru_cache(maxsize=4)
def load(path: str | None = None) -> Lexicon:
    """The English lexicon (`triggers_en.json` unless `path`)."""
    return _read(path, "en", _english, "trigger lexicon")


def _english(raw: dict) -> Lexicon:
    verbs = {k.lower(): tuple(_rule(r, f"verbs.{k}") for r in v) for k, v in raw["verbs"].items()}
    nouns = {k.lower(): tuple(_rule(r, f"nouns.{k}") for r in v) for k, v in raw["nouns"].items()}
    q = raw["qualified_nouns"]
    quals = {
        k.lower(): (v["predicate"], bool(v.get("swap")), float(v["strength"]))
        for k, v in q["qualifiers"].items()
    }
    d = q["default"]
    mod = {
        k: frozenset(x.lower() for x in v)
        for k, v in raw["modality"].items()
        if not k.startswith("_")
    }
    cues = {
        k: frozenset(x.lower() for x in v)
        for k, v in raw.get("cues", {}).items()
        if not k.startswith("_")
    }
    return Lexicon(
        verbs,
        nouns,
        _set(q, "heads"),
        quals,
        (d["predicate"], bool(d.get("swap")), float(d["strength"])),
        _set(raw, "light_verbs"),
        _set(raw, "subsidiary_nouns"),
        _set(raw, "parent_nouns"),
        _set(raw, "maker_nouns"),
        _set(raw, "facility_nouns"),
        _set(raw, "org_nouns"),
        _set(raw, "technology_nouns"),
        _set(raw, "adverbial_participles"),
        mod,
        cues,
        tuple((float(a), float(b)) for a, b in raw.get("calibration", {}).get("points", ())),
    )


# -- German ------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class GermanRule:
    predicate: str
    subject: tuple[str, ...]  # slots tried in order
    object: tuple[str, ...]
    subject_types: frozenset[str]
    object_types: frozenset[str]
    strength: float
    requires: frozenset[str] = frozenset()
    planned: bool = False  # building a plant: operating it is still ahead
    supply_deal: bool = False  # direction from the parties' kinds (automaker buys from supplier)
    asserted: bool = False  # what a description says holds whatever the clause plans or denies
    # "subject" / "object": a party the sentence leaves out is the organisation the article is
    # about ("Die Zusammenarbeit mit der Gazprom", "24,9 Prozent hält Ipic")
    salient: str = ""
    # a bare noun fills a Product object only when it names a product class ("arbeitet an
    # einem Elektroauto", not "an einer Lösung"); named products always do
    class_nouns: bool = False


@dataclass(frozen=True, slots=True)
class GermanLexicon:
    verbs: dict[str, tuple[GermanRule, ...]]
    nouns: dict[str, tuple[GermanRule, ...]]
    noun_exclude: frozenset[str]
    third_party_verbs: frozenset[str]
    control_verbs: frozenset[str]
    modality: dict[str, frozenset[str]]
    ref_nouns: dict[str, frozenset[str]]  # type -> nouns for "der Autobauer", "das Werk"
    feminine_ref_nouns: frozenset[str]
    facility_suffixes: tuple[str, ...]
    product_suffixes: tuple[str, ...]
    part_nouns: tuple[str, ...] = ()  # "Sparte", "Mehrheit": taking one over acquires the owner
    maker_suffixes: tuple[str, ...] = ()  # "-hersteller", "-bauer": the compound names a product
    not_products: frozenset[str] = frozenset()  # nouns a product slot never takes ("Prozent")
    person_cues: tuple[str, ...] = ()  # "-chef", "-vorstand": the name after it is a person
    # "product_names": nouns after which a name is a product's ("Browser", "Smartphone"), other
    # words that announce one ("genannt"), words of a model designation ("Model", "Pro")
    product_class_nouns: frozenset[str] = frozenset()
    product_name_cues: frozenset[str] = frozenset()
    model_words: frozenset[str] = frozenset()
    maker_stem_stop: frozenset[str] = frozenset()  # "Dax-Konzern", "Mischkonzern": no product
    maker_stem_prefixes: tuple[str, ...] = ()  # "Landesenergieversorger": "Landes" is no product
    # "laut X", "nach Informationen des X": a news source, never a party
    source_preps: frozenset[str] = frozenset()
    source_nouns: frozenset[str] = frozenset()
    source_verbs: frozenset[str] = frozenset()
    # "Googles Tablet", "Smartphones von Apple": the rule a product-class noun triggers
    product_rule: GermanRule | None = None
    # "Telekomkonzern": a clipped stem and the word it stands for ("telekom" -> Telekommunikation)
    maker_stem_forms: tuple[tuple[str, str], ...] = ()
    # "Internetdienstleister": a trade's doer and the trade it names ("dienstleister" ->
    # "dienstleistung"): the product is the stem with the trade
    maker_trades: tuple[tuple[str, str], ...] = ()
    # "in seinem Lager", "an dessen Standort": nouns that are a facility when a company owns them
    owned_facility_nouns: tuple[str, ...] = ()
    # "Foto: AFP", "Bild: X": a picture's credit names no party of the article
    source_credits: frozenset[str] = frozenset()
    # "Vor 47 Tagen FOCUS Online": the units of a web page's byline
    source_byline_units: frozenset[str] = frozenset()

    def is_product_noun(self, lemma: str) -> bool:
        tail = lemma.lower().rsplit("-", 1)[-1]
        return tail in self.product_class_nouns or tail.endswith(self.product_suffixes)

    def is_part(self, lemma: str) -> bool:
        return lemma.lower().rsplit("-", 1)[-1].endswith(self.part_nouns)

    def noun_rules(self, lemma: str) -> tuple[str, tuple[GermanRule, ...]] | None:
        """Rules for a noun or a compound ending in one ("Batterieliefervertrag")."""
        low = lemma.lower()
        if low in self.noun_exclude:
            return None
        if low in self.nouns:
            return low, self.nouns[low]
        tail = low.rsplit("-", 1)[-1]
        for key in sorted(self.nouns, key=len, reverse=True):
            if tail.endswith(key) and len(key) >= 4 and tail not in self.noun_exclude:
                return key, self.nouns[key]
        return None


def _slots(spec: str, where: str) -> tuple[str, ...]:
    out = tuple(spec.split("|"))
    for slot in out:
        if not (slot in SLOTS or slot.startswith(("pp:", "cpp:"))):
            raise ExtractError(f"{where}: unknown slot {slot!r}")
    return out


def _german_rule(raw: dict, where: str) -> GermanRule:
    pred = _predicate(raw, where)
    subject_types, object_types = _types(raw, where, ["Organization"])
    return GermanRule(
        pred,
        _slots(raw["subject"], where),
        _slots(raw["object"], where),
        subject_types,
        object_types,
        float(raw.get("strength", 0.7)),
        frozenset(x.lower() for x in raw.get("requires", ())),
        bool(raw.get("planned", False)),
        bool(raw.get("supply_deal", False)),
        bool(raw.get("asserted", False)),
        _salient(raw, where),
        bool(raw.get("class_nouns", False)),
    )


def _salient(raw: dict, where: str) -> str:
    value = raw.get("salient", "")
    if value not in {"", "subject", "object"}:
        raise ExtractError(f"{where}: salient must be 'subject' or 'object', not {value!r}")
    return value


@lru_cache(maxsize=4)
def load_de(path: str | None = None) -> GermanLexicon:
    """The German lexicon (`triggers_de.json` unless `path`)."""
    return _read(path, "de", _german, "German trigger lexicon")


def _german(raw: dict) -> GermanLexicon:
    verbs = {
        k.lower(): tuple(_german_rule(r, f"verbs.{k}") for r in v) for k, v in raw["verbs"].items()
    }
    nouns = {
        k.lower(): tuple(_german_rule(r, f"nouns.{k}") for r in v) for k, v in raw["nouns"].items()
    }
    modality = {k: frozenset(x.lower() for x in v) for k, v in raw["modality"].items()}
    refs = {k: frozenset(x.lower() for x in v) for k, v in raw["ref_nouns"].items()}
    return GermanLexicon(
        verbs,
        nouns,
        _set(raw, "noun_exclude"),
        _set(raw, "third_party_verbs"),
        _set(raw, "control_verbs"),
        modality,
        refs,
        _set(raw, "feminine_ref_nouns"),
        tuple(x.lower() for x in raw["facility_suffixes"]),
        tuple(x.lower() for x in raw["product_suffixes"]),
        tuple(x.lower() for x in raw.get("part_nouns", {}).get("nouns", ())),
        tuple(x.lower() for x in raw.get("maker_suffixes", {}).get("suffixes", ())),
        _set(raw, "not_products"),
        tuple(x.lower() for x in raw.get("person_cues", {}).get("suffixes", ())),
        _set(raw.get("product_names", {}), "class_nouns"),
        _set(raw.get("product_names", {}), "cues"),
        frozenset(raw.get("product_names", {}).get("model_words", ())),
        _set(raw.get("maker_suffixes", {}), "stem_stop"),
        tuple(x.lower() for x in raw.get("maker_suffixes", {}).get("stem_prefixes", ())),
        _set(raw.get("sources", {}), "preps"),
        _set(raw.get("sources", {}), "nouns"),
        _set(raw.get("sources", {}), "verbs"),
        _german_rule(raw["product_names"]["rule"], "product_names.rule")
        if "rule" in raw.get("product_names", {})
        else None,
        tuple(
            (k.lower(), v) for k, v in raw.get("maker_suffixes", {}).get("stem_forms", {}).items()
        ),
        tuple(
            (k.lower(), v.lower())
            for k, v in raw.get("maker_suffixes", {}).get("trades", {}).items()
            if not k.startswith("_")
        ),
        tuple(x.lower() for x in raw.get("owned_facility_nouns", {}).get("nouns", ())),
        _set(raw.get("sources", {}), "credits"),
        _set(raw.get("sources", {}), "byline_units"),
    )
