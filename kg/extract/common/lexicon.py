"""The English trigger lexicon (`kg/resources/triggers_en.json`) as typed, indexed rules."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.errors import ExtractError
from kg.model import ENTITY_TYPES
from kg.paths import RESOURCES
from kg.vocab import vocabulary

# Read from ontology/kg.ttl: the relations an extractor may emit, and the symmetric ones.
PREDICATES = vocabulary().predicates
SYMMETRIC = vocabulary().symmetric


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

    @property
    def noun_heads(self) -> frozenset[str]:
        return frozenset(k.split()[-1] for k in self.nouns)


_DEFAULT_SUBJ = frozenset({"Organization", "Facility"})


def _rule(raw: dict, where: str) -> Rule:
    pred = raw.get("predicate")
    if pred not in PREDICATES:
        raise ExtractError(f"{where}: unknown predicate {pred!r}")
    types = {}
    for side in ("subject_types", "object_types"):
        vals = raw.get(side) or sorted(_DEFAULT_SUBJ)
        bad = [v for v in vals if v not in ENTITY_TYPES]
        if bad:
            raise ExtractError(f"{where}: unknown entity type(s) {bad}")
        types[side] = frozenset(vals)
    return Rule(pred, tuple(raw["subject"].split("|")), tuple(raw["object"].split("|")),
                types["subject_types"], types["object_types"], float(raw.get("strength", 0.7)),
                frozenset(raw.get("patient_heads", ())), bool(raw.get("names_child", False)),
                bool(raw.get("direct_agent", False)))


def _set(raw: dict, key: str) -> frozenset[str]:
    return frozenset(v.lower() for v in raw.get(key, ()))


@lru_cache(maxsize=4)
def load(path: str | None = None) -> Lexicon:
    file = Path(path) if path else RESOURCES / "triggers_en.json"
    try:
        raw = json.loads(file.read_text(encoding="utf-8"))
        verbs = {k.lower(): tuple(_rule(r, f"verbs.{k}") for r in v)
                 for k, v in raw["verbs"].items()}
        nouns = {k.lower(): tuple(_rule(r, f"nouns.{k}") for r in v)
                 for k, v in raw["nouns"].items()}
        q = raw["qualified_nouns"]
        quals = {k.lower(): (v["predicate"], bool(v.get("swap")), float(v["strength"]))
                 for k, v in q["qualifiers"].items()}
        d = q["default"]
        mod = {k: frozenset(x.lower() for x in v) for k, v in raw["modality"].items()}
        cues = {k: frozenset(x.lower() for x in v) for k, v in raw.get("cues", {}).items()
                if not k.startswith("_")}
    except ExtractError as exc:
        raise ExtractError(str(exc), path=str(file)) from None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ExtractError(f"malformed trigger lexicon: {exc!r}", path=str(file)) from None
    return Lexicon(verbs, nouns, _set(q, "heads"), quals,
                   (d["predicate"], bool(d.get("swap")), float(d["strength"])),
                   _set(raw, "light_verbs"), _set(raw, "subsidiary_nouns"),
                   _set(raw, "parent_nouns"), _set(raw, "maker_nouns"),
                   _set(raw, "facility_nouns"), _set(raw, "org_nouns"),
                   _set(raw, "technology_nouns"), _set(raw, "adverbial_participles"), mod, cues)
