"""A generated news graph shaped like real builds, for the graph page at first sight.

What a build of a few dozen articles looks like: one big component around a handful of hub
companies, a tail of small components (two or three companies in one deal), and many entities
no relation reaches (places, products, companies merely mentioned). Written straight as TriG in
the RDF model of docs/architecture.md (entities, direct triples, reified statements with
evidence, modality, confidence and source article, inverse restatements as the rules write
them), so a store of a few hundred nodes loads in well under a second: no NLP involved.
"""

from __future__ import annotations

import itertools
import random
from pathlib import Path

PREFIXES = """@prefix kgo: <http://kg.example.org/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix e: <http://kg.example.org/entity/> .
@prefix st: <http://kg.example.org/statement/> .
@prefix art: <http://kg.example.org/article/> .
"""
RELATIONS = (
    "buysFrom",
    "partnersWith",
    "licensesTechnologyFrom",
    "investsIn",
    "acquires",
    "negotiatesWith",
    "jointVentureWith",
    "importsFrom",
)
INVERSE = {"buysFrom": "suppliesTo", "licensesTechnologyFrom": "licensesTechnologyTo"}
MODALITIES = ("Asserted", "Asserted", "Asserted", "Planned", "Negotiating", "Hedged")
SYLLABLES = (
    "ar",
    "bel",
    "cor",
    "dun",
    "el",
    "fjord",
    "grav",
    "hel",
    "iv",
    "jor",
    "kes",
    "lum",
    "mar",
    "nor",
    "orb",
    "pyx",
    "quan",
    "riv",
    "sol",
    "tor",
    "ul",
    "ven",
    "wex",
    "zan",
)
SUFFIXES = (
    "Motors",
    "Cells",
    "Energy",
    "Batteries",
    "Mobility",
    "Lithium",
    "Power",
    "Auto",
    "Materials",
    "Systems",
)


def _name(rng: random.Random, used: set[str]) -> str:
    while True:
        stem = "".join(rng.sample(SYLLABLES, 2)).capitalize()
        name = f"{stem} {rng.choice(SUFFIXES)}"
        if name not in used:
            used.add(name)
            return name


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def wide_graph(
    *,
    hubs: int = 6,
    core: int = 84,
    pairs: int = 12,
    triples: int = 6,
    isolated: int = 36,
    articles: int = 24,
    seed: int = 16,
) -> dict:
    """The graph as plain data: {"entities": [(key, type, label)], "facts": [...],
    "articles": [...], "components": [[key, ...], ...] (biggest first), "isolated": [key]}."""
    rng = random.Random(seed)
    used: set[str] = set()
    entities: list[tuple[str, str, str]] = []

    def entity(kind: str = "Organization", label: str | None = None) -> str:
        label = label or _name(rng, used)
        key = f"{kind.lower()}/{label.lower().replace(' ', '-')}"
        entities.append((key, kind, label))
        return key

    facts: list[tuple[str, str, str]] = []
    core_keys = [entity() for _ in range(hubs)]
    # Preferential attachment: most companies deal with a hub, a few with each other.
    for _ in range(core - hubs):
        new = entity()
        weights = [8 if i < hubs else 1 for i in range(len(core_keys))]
        other = rng.choices(core_keys, weights)[0]
        facts.append(
            (new, rng.choice(RELATIONS), other)
            if rng.random() < 0.5
            else (other, rng.choice(RELATIONS), new)
        )
        if rng.random() < 0.25:
            facts.append((new, rng.choice(RELATIONS), rng.choice(core_keys[:hubs])))
        core_keys.append(new)
    comps = [core_keys]
    for size, count in ((2, pairs), (3, triples)):
        for _ in range(count):
            keys = [entity() for _ in range(size)]
            for a, b in itertools.pairwise(keys):
                facts.append((a, rng.choice(RELATIONS), b))
            comps.append(keys)
    lone = [
        entity(rng.choice(("Country", "Place", "Product", "Organization"))) for _ in range(isolated)
    ]
    facts = list(dict.fromkeys(f for f in facts if f[0] != f[2]))
    titles = [f"{rng.choice(entities)[2]} signs battery deal, report {i}" for i in range(articles)]
    return {
        "entities": entities,
        "facts": facts,
        "titles": titles,
        "components": comps,
        "isolated": lone,
        "seed": seed,
    }


def write_trig(path: Path, data: dict) -> Path:
    rng = random.Random(data["seed"])
    label = {k: lbl for k, _, lbl in data["entities"]}
    out = [PREFIXES]
    for i, title in enumerate(data["titles"]):
        out.append(
            f"<http://kg.example.org/graph/w{i}> {{ art:w{i} a kgo:Article ; "
            f'dcterms:identifier "w{i}" ; dcterms:title {_q(title)} ; '
            f'dcterms:publisher "Generated Wire" ; dcterms:language "en" ; '
            f'dcterms:issued "2024-0{1 + i % 9}-1{i % 10}"^^xsd:date . }}'
        )
    out.append("<http://kg.example.org/graph/entities> {")
    for key, kind, lbl in data["entities"]:
        out.append(f"  e:{_esc(key)} a kgo:{kind} ; rdfs:label {_q(lbl)}@en .")
    out.append("}")
    for n, (s, p, o) in enumerate(data["facts"]):
        a = rng.randrange(len(data["titles"]))
        mod = rng.choice(MODALITIES)
        conf = round(rng.uniform(0.55, 0.98), 2)
        sentence = f"{label[s]} said it {p} {label[o]} as part of a wider battery push."
        out.append(
            f"<http://kg.example.org/graph/w{a}> {{ e:{_esc(s)} kgo:{p} e:{_esc(o)} .\n"
            f"  st:w{a}\\/{n} a rdf:Statement ; rdf:subject e:{_esc(s)} ; "
            f"rdf:predicate kgo:{p} ; rdf:object e:{_esc(o)} ; "
            f"prov:wasDerivedFrom art:w{a} ; kgo:evidence {_q(sentence)} ; "
            f"kgo:confidence {conf} ; kgo:modality kgo:{mod} . }}"
        )
        if p in INVERSE:  # the rules' inverse restatement: hidden on the page by default
            inv = INVERSE[p]
            out.append(
                f"<http://kg.example.org/graph/inferred> {{ e:{_esc(o)} kgo:{inv} "
                f"e:{_esc(s)} .\n  st:inf\\/{n} a rdf:Statement ; rdf:subject e:{_esc(o)} ;"
                f" rdf:predicate kgo:{inv} ; rdf:object e:{_esc(s)} ; kgo:inferred true ;"
                f" prov:wasDerivedFrom st:w{a}\\/{n} ; kgo:confidence {conf} ; "
                f'kgo:modality kgo:{mod} ; kgo:rule "inverse (owl:inverseOf)" . }}'
            )
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def _esc(key: str) -> str:
    return key.replace("/", "\\/")
