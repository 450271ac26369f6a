"""The public gold sets as documents with gold facts by entity *text* (read at run time from
`../shared/benchmarks`; nothing of them is copied into the repository).

Every loader returns `Doc`s: one text to run through the pipeline, its gold facts as
(subject text, predicate, object text), and how to treat a prediction that matches no gold
fact ("exhaustive": a false positive; otherwise only the listed candidate pairs are scored).
Gold facts whose subject or object is not a name ("we", "the Company", "it") are kept apart
as `unnamed`: no graph can hold them as a named node, so they are neither scored as misses nor
can a prediction match them (the README of each set says so for FIRE).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

# A gold end that names nothing a reader could look up: pronouns, relative pronouns and the
# bare generic nouns articles and filings use for a company ("the Company", "der Konzern",
# "der weltgrößte Autobauer"), optionally after lowercase modifiers.
_DETERMINERS = frozenset(
    [
        "the",
        "a",
        "an",
        "our",
        "its",
        "their",
        "this",
        "these",
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "ein",
        "eine",
        "einen",
        "einem",
        "einer",
        "unser",
        "unsere",
        "unseren",
    ]
)
_PRONOUNS = frozenset(
    [
        "we",
        "us",
        "our",
        "ours",
        "it",
        "its",
        "they",
        "their",
        "them",
        "which",
        "that",
        "who",
        "whom",
        "whose",
        "this",
        "these",
        "wir",
        "uns",
        "es",
        "sie",
        "er",
        "welche",
        "welcher",
        "welches",
    ]
)
_GENERIC = frozenset(
    [
        "company",
        "companies",
        "corporation",
        "registrant",
        "partnership",
        "bank",
        "firm",
        "group",
        "business",
        "subsidiary",
        "subsidiaries",
        "parent",
        "unternehmen",
        "konzern",
        "konzerns",
        "firma",
        "gruppe",
        "marke",
        "hersteller",
        "autobauer",
        "autokonzern",
        "tochter",
        "mutter",
        "mutterkonzern",
        "käufer",
        "bieter",
        "chinesen",
    ]
)


@dataclass(frozen=True, slots=True)
class GoldFact:
    subject: str
    predicate: str  # our property; "located" stands for basedIn or locatedIn
    object: str


@dataclass
class Doc:
    id: str
    text: str
    lang: str
    gold: list[GoldFact] = field(default_factory=list)
    # Candidate pairs annotated as *not* related (DFKI product): a prediction matching one is
    # a false positive; other unmatched predictions are unscored when `exhaustive` is False.
    negative: list[GoldFact] = field(default_factory=list)
    # Gold facts of our relation types that cannot be named nodes or are out of the mapping's
    # type scope: a prediction matching one is neither right nor wrong.
    neutral: list[GoldFact] = field(default_factory=list)
    exhaustive: bool = True
    # KnowledgeNet samples about half the facts of a positive passage: an unmatched prediction
    # there may be true ("strict" counts it, "sampled" does not).
    partial: bool = False


def is_named(text: str) -> bool:
    words = text.replace("’", "'").strip(" ,.;:'\"()").split()
    while words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    if not words or not any(c.isalnum() for c in " ".join(words)):
        return False
    if len(words) == 1 and words[0].lower() in _PRONOUNS:
        return False
    # "the largest company", "der weltgrößte Autobauer": lowercase words before a generic noun.
    return not (words[-1].lower() in _GENERIC and all(w[:1].islower() for w in words[:-1]))


def _read_jsonl(path: Path) -> list[dict]:
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def _split(gold: list[GoldFact]) -> tuple[list[GoldFact], list[GoldFact]]:
    named = [g for g in gold if is_named(g.subject) and is_named(g.object)]
    return named, [g for g in gold if g not in named]


def knowledgenet(bench: Path) -> list[Doc]:
    rows = _read_jsonl(bench / "knowledgenet_subsidiary_of" / "subsidiary_of_sample.jsonl")
    docs: dict[tuple[str, int], Doc] = {}
    for r in rows:
        key = (r["documentId"], r["passageStart"])
        doc = docs.setdefault(
            key, Doc(id=f"kn-{key[0]}-{key[1]}", text=r["passageText"], lang="en")
        )
        if r["fact"]:
            f = r["fact"]
            doc.gold.append(GoldFact(f["subjectText"], "subsidiaryOf", f["objectText"]))
            doc.partial = True
    for doc in docs.values():
        doc.gold, doc.neutral = _split(list(dict.fromkeys(doc.gold)))
    return list(docs.values())


def dfki_product(bench: Path) -> list[Doc]:
    """Each sentence's annotated (organisation, product) pairs; only those pairs are scored."""
    rows = _read_jsonl(bench / "dfki_product_corpus_en" / "test_sample.jsonl")
    docs: dict[str, Doc] = {}
    for r in rows:
        toks = r["tokens"]
        text = " ".join(toks)
        doc = docs.setdefault(
            text, Doc(id=f"prod-{len(docs)}", text=text, lang="en", exhaustive=False)
        )
        (os_, oe), (ps, pe) = r["entities"]
        fact = GoldFact(" ".join(toks[os_:oe]), "produces", " ".join(toks[ps:pe]))
        (doc.gold if r["label"] == "CompanyProvidesProduct" else doc.negative).append(fact)
    for doc in docs.values():
        doc.gold, unnamed = _split(list(dict.fromkeys(doc.gold)))
        doc.neutral += unnamed
        # A pair both annotated positive and negative (a heading glued to the sentence repeats
        # the name) is positive: one entity, one fact.
        doc.negative = [g for g in dict.fromkeys(doc.negative) if g not in doc.gold]
    return list(docs.values())


def smartdata(bench: Path) -> list[Doc]:
    rows = _read_jsonl(bench / "dfki_smartdata_de_company_events" / "acq_merger_spinoff_docs.jsonl")
    docs = []
    for n, r in enumerate(rows):
        doc = Doc(id=f"sd-{n}", text=r["text"], lang="de")
        for rel in r["relations"]:
            if rel["name"] != "Acquisition":
                continue
            buyers = [a["text"] for a in rel["args"] if a["role"] == "buyer"]
            targets = [a["text"] for a in rel["args"] if a["role"] == "acquired"]
            doc.gold += [GoldFact(b, "acquires", t) for b in buyers for t in targets]
        doc.gold, doc.neutral = _split(list(dict.fromkeys(doc.gold)))
        docs.append(doc)
    return docs


_DETOK = [
    (re.compile(r" ([,.;:!?%)\]}])"), r"\1"),
    (re.compile(r"([(\[{$]) "), r"\1"),
    (re.compile(r" (['’]s|n't|['’])(?=\s|$)"), r"\1"),
]


def detokenize(tokens: list[str]) -> str:
    """FIRE tokens back to a sentence close to the original (its README's recipe)."""
    text = " ".join(tokens)
    for pattern, repl in _DETOK:
        text = pattern.sub(repl, text)
    return text


# FIRE relation type -> (our predicate, head types, tail types, head is our subject).
FIRE_MAP = {
    "ActionBuy": ("acquires", {"Company"}, {"Company", "BusinessUnit"}, True),
    "ActionMerge": ("mergesWith", {"Company"}, {"Company"}, True),
    "Subsidiaryof": ("subsidiaryOf", {"Company"}, {"Company"}, True),
    "Productof": ("produces", {"Product"}, {"Company"}, False),
    "Locatedin": ("located", {"Company", "BusinessUnit"}, {"Location", "GeopoliticalEntity"}, True),
}


def fire_dev(bench: Path) -> list[Doc]:
    """FIRE dev: every relation of its types is annotated, so unmatched predictions are false
    positives; relations outside the type mapping or with an unnamed end are neutral."""
    rows = json.loads((bench / "fire_dev" / "fire_dev.json").read_text(encoding="utf-8"))
    docs = []
    for n, r in enumerate(rows):
        toks = r["tokens"]
        doc = Doc(id=f"fire-{n}", text=detokenize(toks), lang="en")
        ents = [(e["type"], detokenize(toks[e["start"] : e["end"]])) for e in r["entities"]]
        for rel in r["relations"]:
            if rel["type"] not in FIRE_MAP:
                continue
            pred, heads, tails, forward = FIRE_MAP[rel["type"]]
            (ht, head), (tt, tail) = ents[rel["head"]], ents[rel["tail"]]
            fact = GoldFact(head, pred, tail) if forward else GoldFact(tail, pred, head)
            named = is_named(head) and is_named(tail)
            (doc.gold if ht in heads and tt in tails and named else doc.neutral).append(fact)
        doc.gold = list(dict.fromkeys(doc.gold))
        docs.append(doc)
    return docs


SETS = {"kn": knowledgenet, "product": dfki_product, "smartdata": smartdata, "fire": fire_dev}
