"""Article graphs shaped like `kg.rdf.article` output (statements with modality and confidence,
the direct triple unless negated) over a small node set dense in property chains: facilities
operated by companies, buying from and licensing through them. For the incremental-inference
tests, local and over SPARQL."""

from __future__ import annotations

import random

import pyoxigraph as ox

from kg.rdf.terms import DEFAULT_BASE, KGO, RDF

BASE = DEFAULT_BASE
COMPANIES = [f"{BASE}entity/organization/c{i}" for i in range(7)]
FACILITIES = [f"{BASE}entity/facility/f{i}" for i in range(4)]
PREDICATES = [
    "buysFrom",
    "operatedBy",
    "operates",
    "licensesTechnologyFrom",
    "usesTechnologyFrom",
    "suppliesTo",
    "importsFrom",
    "jointVentureWith",
    "licensesTechnologyTo",
    "subsidiaryOf",
    "locatedIn",  # named by no rule: a premise of nothing
]
MODALITIES = ["Asserted", "Planned", "Negotiating", "Hedged", "Negated"]


def article(rng: random.Random, n: int) -> list[ox.Quad]:
    g = ox.NamedNode(f"{BASE}graph/a{n}")
    quads = []
    for k in range(rng.randint(1, 5)):
        p = rng.choice(PREDICATES)
        nodes = COMPANIES + FACILITIES
        s = rng.choice(COMPANIES if p != "operatedBy" else FACILITIES)
        o = rng.choice(FACILITIES if p == "operates" else nodes)
        if rng.random() < 0.05:
            o = s  # self-loops occur in real output too
        st = ox.NamedNode(f"{BASE}statement/a{n}/{k}")
        sn, pn, on = ox.NamedNode(s), ox.NamedNode(KGO + p), ox.NamedNode(o)
        m = rng.choice(MODALITIES)
        quads += [
            ox.Quad(st, ox.NamedNode(RDF + "type"), ox.NamedNode(RDF + "Statement"), g),
            ox.Quad(st, ox.NamedNode(RDF + "subject"), sn, g),
            ox.Quad(st, ox.NamedNode(RDF + "predicate"), pn, g),
            ox.Quad(st, ox.NamedNode(RDF + "object"), on, g),
            ox.Quad(st, ox.NamedNode(KGO + "modality"), ox.NamedNode(KGO + m), g),
            ox.Quad(
                st,
                ox.NamedNode(KGO + "confidence"),
                ox.Literal(
                    f"{rng.choice([0.5, 0.7, 0.9, 1.0]):.3f}",
                    datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal"),
                ),
                g,
            ),
        ]
        if m != "Negated":
            quads.append(ox.Quad(sn, pn, on, g))
    return quads
