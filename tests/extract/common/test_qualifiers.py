"""Qualifiers (amount, stake, capacity, duration, event / expected date) on a fact, on a suite of
sentences of our own in English and German (`tests/data/qualifiers.jsonl`), distractors
included: a share-price move, an unrelated amount, the date of another event must not attach.

English sentences are parsed by the real spaCy model and the trigger's clause comes from the
parse, as in `kg.extract.en.extract_doc`; German ones use the segment fallback, as in
`kg.extract.de`."""

from __future__ import annotations

import json
from typing import Any

import pytest
from support.paths import DATA

from kg.extract.common.qualifiers import attach, candidates, english_clause
from kg.model import Qualifier

SUITE = DATA / "qualifiers.jsonl"


def _near(text: str, needle: str, pivot: int) -> int:
    """Offset of the occurrence of `needle` nearest to `pivot`."""
    found, i = [], text.find(needle)
    while i >= 0:
        found.append(i)
        i = text.find(needle, i + 1)
    return min(found, key=lambda x: abs(x - pivot))


def _qualifiers(row: dict[str, Any], nlp: Any) -> tuple[Qualifier, ...]:
    text = row["text"]
    t = text.find(row["trigger"])
    s, o = _near(text, row["subject"], t), _near(text, row["object"], t)
    anchors = [
        (t, t + len(row["trigger"])),
        (s, s + len(row["subject"])),
        (o, o + len(row["object"])),
    ]
    clause = None
    if row["lang"] == "en":
        doc = nlp(text)
        tok = next(x for x in doc if x.idx == t)
        clause = english_clause(tok)
    return attach(
        text,
        offset=0,
        lang=row["lang"],
        predicate=row["predicate"],
        anchors=anchors,
        clause=clause,
        published=row["published"],
    )


@pytest.fixture(scope="module")
def results() -> list[tuple[dict[str, Any], dict[str, tuple[str, str | None]]]]:
    from kg.nlp import load

    nlp = load("en")
    rows = [json.loads(line) for line in SUITE.read_text(encoding="utf-8").splitlines() if line]
    return [(r, {q.kind: (q.value, q.unit) for q in _qualifiers(r, nlp)}) for r in rows]


@pytest.mark.slow
def test_suite_size(results: list) -> None:
    assert len(results) >= 60
    assert {r["lang"] for r, _ in results} == {"en", "de"}
    assert sum(1 for r, _ in results if not r["expect"]) >= 15
    kinds = {(r["lang"], k) for r, _ in results for k in r["expect"]}
    for lang in ("en", "de"):
        for kind in ("amount", "stake", "capacity", "duration", "eventDate", "expectedBy"):
            assert (lang, kind) in kinds, (lang, kind)


@pytest.mark.slow
def test_value_and_unit_right_on_90_percent(results: list) -> None:
    expected = right = extra = 0
    misses = []
    for row, got in results:
        for kind, (value, unit) in row["expect"].items():
            expected += 1
            if got.get(kind) == (value, unit):
                right += 1
            else:
                misses.append((row["text"], kind, (value, unit), got.get(kind)))
        extra += sum(1 for k in got if k not in row["expect"])
    print(f"qualifier suite: {right}/{expected} right, {extra} extra")
    for row, got in results:
        for k in got:
            if k not in row["expect"]:
                print("EXTRA", row["text"], k, got[k])
    for m in misses:
        print("MISS", m)
    assert right / expected >= 0.9, misses
    assert extra <= 0.05 * expected


@pytest.mark.slow
def test_nothing_attached_on_distractors(results: list) -> None:
    wrong = [(r["text"], got) for r, got in results if not r["expect"] and got]
    assert not wrong, wrong


def test_parsers_normalise_numbers_and_dates() -> None:
    c = candidates("Der Konzern zahlt 1,1 Mrd. Euro, ab 2025 am 5. Januar.", "de", "2024-03-15")
    assert [(x.family, x.value, x.unit) for x in c] == [
        ("amount", "1100000000", "EUR"),
        ("date", "2025", None),
        ("date", "2024-01-05", None),
    ]
    c = candidates("It paid €500m and two billion dollars on Tuesday.", "en", "2024-03-15")
    assert [(x.family, x.value, x.unit) for x in c] == [
        ("amount", "500000000", "EUR"),
        ("amount", "2000000000", "USD"),
        ("date", "2024-03-12", None),
    ]
    # relative dates need the article date
    assert not [x for x in candidates("It paid on Tuesday.", "en", None) if x.family == "date"]


def test_relation_decides_which_kinds_attach() -> None:
    text = "BMW holds a 20% stake in Northvolt."
    anchors = [(4, 9), (0, 3), (25, 34)]
    assert attach(text, offset=0, lang="en", predicate="investsIn", anchors=anchors) == (
        Qualifier("stake", "20", None, 12, 15),
    )
    assert attach(text, offset=0, lang="en", predicate="basedIn", anchors=anchors) == ()


@pytest.mark.parametrize(
    ("sentence", "lang", "found"),
    [
        # number words in any case, in ASCII and other text; a quarter or a month alone
        ("It bought a Twenty percent stake for five years.", "en", ["percent 20", "duration P5Y"]),
        ("Café owner Müller bought a twenty percent stake.", "en", ["percent 20"]),
        (
            "Müller zahlt zwei Milliarden Euro für fünf Jahre.",
            "de",
            ["amount 2000000000 EUR", "duration P5Y"],
        ),
        ("Die zehnjährige Partnerschaft", "de", ["duration P10Y"]),
        ("Sales rose in the THIRD QUARTER.", "en", ["date 2024-07 Q3"]),
        (
            "Die Zahlen für das dritte Quartal kamen im März.",
            "de",
            ["date 2024-07 Q3", "date 2024-03"],
        ),
        ("The plant opens in Q3.", "en", ["date 2024-07 Q3"]),
    ],
)
def test_expressions_without_digits_are_found(sentence: str, lang: str, found: list[str]) -> None:
    """A sentence without a number skips the steps that start from one (`quantities._steps`):
    number words, quarters and months are still found, whatever their case and the text's
    characters."""
    got = candidates(sentence, lang, "2024-03-15")
    assert [" ".join(v for v in (x.family, x.value, x.unit) if v) for x in got] == found
