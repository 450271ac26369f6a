"""English wire-news regression suite: our own sentences (tests/data/news_en.jsonl), each one
article, with the exact facts a reader should get from it; distractors ("facts": []) are
earnings, share moves, guidance, opinions, first-person boilerplate, bylines and captions where
no fact may appear. Scored by what lands in the graph: subject name, predicate, object name
(case-insensitive, legal forms dropped, containment on word boundaries allowed as in
benchmarks/eval_public.py; symmetric relations in either order) and, where the
row gives one, the modality. A fact about the article's unnamed organisation never matches."""

from __future__ import annotations

import json

import pytest
from support.paths import DATA

from kg.model import Article, Extraction

pytestmark = pytest.mark.slow

DATA = DATA / "news_en.jsonl"
SYMMETRIC = {"mergesWith", "partnersWith", "negotiatesWith", "jointVentureWith"}


def _norm(name: str) -> str:
    from kg.names import clean as clean_name

    return clean_name(name).lower().strip()


def _rows() -> list[dict]:
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]


def _same(a: str, b: str) -> bool:
    """Equal, or one contains the other on word boundaries ("Hyundai" / "Hyundai Motor")."""
    return a == b or f" {a} " in f" {b} " or f" {b} " in f" {a} "


def _matches(pred: tuple[str, str, str, str], gold: dict) -> bool:
    s, p, o, mod = pred
    gs, go = _norm(gold["subject"]), _norm(gold["object"])
    if p != gold["predicate"] or gold.get("modality", mod) != mod:
        return False
    return (_same(s, gs) and _same(o, go)) or (p in SYMMETRIC and _same(o, gs) and _same(s, go))


@pytest.fixture(scope="module")
def extractions() -> list[tuple[dict, Extraction]]:
    from kg.extract import extract_articles

    rows = _rows()
    arts = [Article(id=f"n{i}", text=r["text"], lang="en") for i, r in enumerate(rows)]
    return list(zip(rows, extract_articles(arts), strict=True))


def test_suite_is_broad() -> None:
    rows = _rows()
    facts = [f for r in rows for f in r["facts"]]
    assert sum(1 for r in rows if r["facts"]) >= 80
    assert sum(1 for r in rows if not r["facts"]) >= 40
    preds = {f["predicate"] for f in facts}
    assert {
        "acquires",
        "mergesWith",
        "subsidiaryOf",
        "investsIn",
        "partnersWith",
        "negotiatesWith",
        "jointVentureWith",
        "buysFrom",
        "importsFrom",
        "licensesTechnologyFrom",
        "usesTechnologyFrom",
        "operates",
        "produces",
        "basedIn",
        "locatedIn",
    } <= preds
    assert {f.get("modality") for f in facts} >= {"Planned", "Negated", "Hedged"}


def test_news_precision_and_recall(extractions: list[tuple[dict, Extraction]]) -> None:
    tp_pred = n_pred = tp_gold = n_gold = 0
    wrong: list[str] = []
    missed: list[str] = []
    for row, ex in extractions:
        preds = {
            (_norm(f.subject.name), f.predicate, _norm(f.object.name), f.modality) for f in ex.facts
        }
        gold = row["facts"]
        n_pred += len(preds)
        n_gold += len(gold)
        for p in preds:
            if any(_matches(p, g) for g in gold):
                tp_pred += 1
            else:
                wrong.append(f"{p} <- {row['text']}")
        for g in gold:
            if any(_matches(p, g) for p in preds):
                tp_gold += 1
            else:
                missed.append(f"{g} <- {row['text']}")
    precision = tp_pred / n_pred if n_pred else 0.0
    recall = tp_gold / n_gold if n_gold else 0.0
    report = (
        f"P {precision:.3f} ({tp_pred}/{n_pred}) R {recall:.3f} ({tp_gold}/{n_gold})\n"
        "false positives:\n  " + "\n  ".join(wrong) + "\nmissed:\n  " + "\n  ".join(missed)
    )
    print(report)
    assert precision >= 0.9, report
    assert recall >= 0.8, report
