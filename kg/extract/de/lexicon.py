"""The German trigger lexicon (`kg/resources/triggers_de.json`) as typed, indexed rules."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.errors import ExtractError
from kg.model import ENTITY_TYPES
from kg.paths import RESOURCES
from kg.vocab import vocabulary

# Read from ontology/kg.ttl: the relations an extractor may emit.
PREDICATES = vocabulary().predicates
SLOTS = frozenset({"subj", "obj", "gen", "poss", "prefix", "clause", "coord", "between", "apposed"})


@dataclass(frozen=True, slots=True)
class Rule:
    predicate: str
    subject: tuple[str, ...]  # slots tried in order
    object: tuple[str, ...]
    subject_types: frozenset[str]
    object_types: frozenset[str]
    strength: float
    requires: frozenset[str] = frozenset()
    planned: bool = False  # building a plant: operating it is still ahead
    supply_deal: bool = False  # direction from the parties' kinds (automaker buys from supplier)


@dataclass(frozen=True, slots=True)
class Lexicon:
    verbs: dict[str, tuple[Rule, ...]]
    nouns: dict[str, tuple[Rule, ...]]
    noun_exclude: frozenset[str]
    third_party_verbs: frozenset[str]
    control_verbs: frozenset[str]
    modality: dict[str, frozenset[str]]
    ref_nouns: dict[str, frozenset[str]]  # type -> nouns for "der Autobauer", "das Werk"
    feminine_ref_nouns: frozenset[str]
    facility_suffixes: tuple[str, ...]
    product_suffixes: tuple[str, ...]
    part_nouns: tuple[str, ...] = ()  # "Sparte", "Mehrheit": taking one over acquires the owner

    def is_part(self, lemma: str) -> bool:
        return lemma.lower().rsplit("-", 1)[-1].endswith(self.part_nouns)

    def noun_rules(self, lemma: str) -> tuple[str, tuple[Rule, ...]] | None:
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
        if not (slot in SLOTS or slot.startswith("pp:")):
            raise ExtractError(f"{where}: unknown slot {slot!r}")
    return out


def _rule(raw: dict, where: str) -> Rule:
    pred = raw.get("predicate")
    if pred not in PREDICATES:
        raise ExtractError(f"{where}: unknown predicate {pred!r}")
    types = {}
    for side in ("subject_types", "object_types"):
        vals = raw.get(side) or ["Organization"]
        bad = [v for v in vals if v not in ENTITY_TYPES]
        if bad:
            raise ExtractError(f"{where}: unknown entity type(s) {bad}")
        types[side] = frozenset(vals)
    return Rule(
        pred,
        _slots(raw["subject"], where),
        _slots(raw["object"], where),
        types["subject_types"],
        types["object_types"],
        float(raw.get("strength", 0.7)),
        frozenset(x.lower() for x in raw.get("requires", ())),
        bool(raw.get("planned", False)),
        bool(raw.get("supply_deal", False)),
    )


def _set(raw: dict, key: str) -> frozenset[str]:
    return frozenset(v.lower() for v in raw.get(key, ()))


@lru_cache(maxsize=4)
def load(path: str | None = None) -> Lexicon:
    file = Path(path) if path else RESOURCES / "triggers_de.json"
    try:
        raw = json.loads(file.read_text(encoding="utf-8"))
        verbs = {
            k.lower(): tuple(_rule(r, f"verbs.{k}") for r in v) for k, v in raw["verbs"].items()
        }
        nouns = {
            k.lower(): tuple(_rule(r, f"nouns.{k}") for r in v) for k, v in raw["nouns"].items()
        }
        modality = {k: frozenset(x.lower() for x in v) for k, v in raw["modality"].items()}
        refs = {k: frozenset(x.lower() for x in v) for k, v in raw["ref_nouns"].items()}
        return Lexicon(
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
        )
    except ExtractError as exc:
        raise ExtractError(str(exc), path=str(file)) from None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ExtractError(f"malformed German trigger lexicon: {exc!r}", path=str(file)) from None
