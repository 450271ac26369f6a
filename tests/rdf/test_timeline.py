"""The rules of a fact's timeline (kg/rdf/timeline.py), on statements written by hand: the
canonical direction, dates, order, status and contradictions. End to end on real articles:
tests/query/test_timelines.py."""

from __future__ import annotations

import pytest

from kg.mint import KGO, entity_iri
from kg.model import ENDED, MODALITIES, TimelineEntry
from kg.rdf.timeline import Said, canonical, forms, status_as_of, step, timeline, when
from kg.vocab import vocabulary

A, B = entity_iri("organization/a"), entity_iri("organization/b")


def _said(
    n: int,
    modality: str,
    *,
    published: str | None = None,
    event: str | None = None,
    article: str | None = None,
    seq: int | None = None,
    start: int = 0,
    triple: tuple[str, str, str] = (A, KGO.acquires, B),
) -> Said:
    art = article or f"a{n}"
    return Said(
        statement=f"st/{art}/{n}",
        triple=triple,
        modality=modality,
        article=art,
        graph=f"g/{art}",
        event=event,
        published=published,
        start=start,
        seq=n if seq is None else seq,
    )


def _statements(*said: Said | TimelineEntry) -> list[str]:
    return [x.statement for x in said]


def _tl(*said: Said, relation: str = "acquires"):
    triple = canonical(said[0].triple[0], KGO.term(relation), said[0].triple[2])
    return timeline("fact", triple, said)


def test_symmetric_and_inverse_forms_are_one_fact_in_one_direction() -> None:
    assert canonical(B, KGO.negotiatesWith, A) == (A, KGO.negotiatesWith, B)
    assert canonical(A, KGO.negotiatesWith, B) == (A, KGO.negotiatesWith, B)
    # the side extractors write: an inferred "B supplies to A" is "A buys from B"
    assert canonical(B, KGO.suppliesTo, A) == (A, KGO.buysFrom, B)
    assert canonical(B, KGO.parentOf, A) == (A, KGO.subsidiaryOf, B)
    assert canonical(B, KGO.acquires, A) == (B, KGO.acquires, A)  # a direction that matters
    # a sub-property stays its own fact
    assert canonical(A, KGO.jointVentureWith, B)[1] == KGO.jointVentureWith
    assert set(forms((A, KGO.buysFrom, B))) == {(A, KGO.buysFrom, B), (B, KGO.suppliesTo, A)}
    assert set(forms((A, KGO.partnersWith, B))) == {
        (A, KGO.partnersWith, B),
        (B, KGO.partnersWith, A),
    }
    assert all(canonical(*t) == t for t in [(A, KGO.acquires, B), (B, KGO.acquires, A)])


def test_which_relations_can_end() -> None:
    v = vocabulary()
    assert {"investsIn", "partnersWith", "buysFrom", "subsidiaryOf", "operates"} <= v.can_end
    assert {"acquires", "mergesWith", "locatedIn"}.isdisjoint(v.can_end)
    assert v.can_end <= v.relations


def test_a_statement_is_dated_by_its_event_else_its_article() -> None:
    assert when("2023-06-19", "2023-06-20") == ("2023-06-19", "2023-06-19", "eventDate")
    # a month or a year is over by its last day, and never later than the article
    assert when("2023-03", "2023-07-05") == ("2023-03-31", "2023-03", "eventDate")
    assert when("2024-02", None) == ("2024-02-29", "2024-02", "eventDate")
    assert when("2023", "2023-05-10") == ("2023-05-10", "2023", "eventDate")
    assert when(None, "2023-05-10T08:30:00Z") == ("2023-05-10", "2023-05-10", "issued")
    assert when(None, "last spring") == (None, None, None)
    assert when(None, None) == (None, None, None)


@pytest.mark.parametrize(
    ("before", "modality", "can_end", "after"),
    [
        (None, "Negotiating", True, "Negotiating"),
        ("Negotiating", "Planned", False, "Planned"),
        ("Planned", "Asserted", False, "Asserted"),
        ("Planned", "Negated", False, "Negated"),  # a plan abandoned
        ("Asserted", "Negated", True, ENDED),  # a stake sold
        ("Asserted", "Negated", False, "Asserted"),  # an acquisition stays done
        ("Asserted", "Planned", True, "Asserted"),  # a later plan does not undo it
        ("Asserted", "Hedged", False, "Asserted"),
        (ENDED, "Negated", True, ENDED),
        (ENDED, "Planned", True, "Planned"),  # a new plan after the end
        ("Negated", "Asserted", False, "Asserted"),
        ("Negated", "Negotiating", True, "Negotiating"),  # talks revived
    ],
)
def test_status_steps(before: str | None, modality: str, can_end: bool, after: str) -> None:
    assert step(before, modality, can_end) == after


def test_the_timeline_is_ordered_by_date_not_by_build_order() -> None:
    done = _said(1, "Asserted", published="2023-06-20", event="2023-06-19")
    talks = _said(2, "Negotiating", published="2023-01-10")
    plan = _said(3, "Planned", published="2023-03-14")
    recap = _said(4, "Planned", published="2023-07-05", event="2023-03")
    tl = _tl(done, talks, plan, recap)
    assert _statements(*tl.entries) == _statements(talks, plan, recap, done)
    assert [e.status_after for e in tl.entries] == ["Negotiating", "Planned", "Planned", "Asserted"]
    assert (tl.status, tl.since, tl.contradicted) == ("Asserted", "2023-06-19", False)
    assert [e.date for e in tl.entries] == ["2023-01-10", "2023-03-14", "2023-03-31", "2023-06-19"]
    assert tl.entries[2].stated == "2023-03" and tl.entries[2].date_source == "eventDate"


def test_one_date_in_build_order_one_article_in_text_order() -> None:
    later = _said(1, "Asserted", published="2023-08-01", seq=9)
    earlier = _said(2, "Asserted", published="2023-08-01", seq=3)
    second = _said(3, "Negated", published="2023-08-01", article="x", seq=5, start=40)
    first = _said(4, "Planned", published="2023-08-01", article="x", seq=5, start=0)
    tl = _tl(later, earlier, second, first)
    assert _statements(*tl.entries) == _statements(earlier, first, second, later)


def test_a_stake_bought_then_sold_has_ended() -> None:
    tl = _tl(
        _said(1, "Asserted", published="2021-04-01"),
        _said(2, "Negated", published="2024-08-01"),
        relation="investsIn",
    )
    assert (tl.status, tl.since, tl.contradicted) == (ENDED, "2024-08-01", False)
    assert status_as_of(tl, "2022-01-01") == "Asserted"
    assert status_as_of(tl, "2024-08-01") == ENDED
    assert status_as_of(tl, "2020-12-31") is None  # nobody had reported it yet


def test_undated_statements_come_last_and_count_only_when_nothing_is_dated() -> None:
    sold = _said(2, "Negated", published="2024-08-01")
    profile = _said(3, "Asserted")  # undated, built last
    tl = _tl(_said(1, "Asserted", published="2021-04-01"), sold, profile, relation="investsIn")
    assert tl.entries[-1].statement == profile.statement and tl.entries[-1].date is None
    assert tl.entries[-1].status_after is None and tl.status == ENDED
    timeless = _tl(_said(1, "Planned", seq=2), _said(2, "Asserted", seq=1))
    assert [e.modality for e in timeless.entries] == ["Asserted", "Planned"]  # build order
    assert timeless.status == "Asserted" and timeless.since is None
    assert status_as_of(timeless, "1990-01-01") == "Asserted"


def test_contradictions_are_opposite_statements_of_two_articles_on_one_date() -> None:
    report = _said(1, "Negotiating", published="2024-05-02")
    denial = _said(2, "Negated", published="2024-05-02")
    earlier = _said(3, "Negotiating", published="2024-04-20")
    tl = _tl(report, denial, earlier, relation="negotiatesWith")
    assert tl.contradicted
    by = {e.statement: e.conflicts for e in tl.entries}
    assert by == {
        earlier.statement: (),
        report.statement: (denial.statement,),
        denial.statement: (report.statement,),
    }
    # not a contradiction: one article telling a sequence, a change of mind over time, two
    # articles agreeing, undated statements
    for said in (
        [
            _said(1, "Planned", published="2018-03-14", article="x", start=0),
            _said(2, "Negated", published="2018-03-14", article="x", start=42),
        ],
        [_said(1, "Planned", published="2020-09-14"), _said(2, "Negated", published="2022-02-08")],
        [
            _said(1, "Asserted", published="2023-08-01"),
            _said(2, "Asserted", published="2023-08-01"),
        ],
        [_said(1, "Asserted"), _said(2, "Negated")],
    ):
        tl = _tl(*said)
        assert not tl.contradicted and all(not e.conflicts for e in tl.entries)


def test_status_as_of_replays_the_timeline() -> None:
    said = [
        _said(1, "Negotiating", published="2023-01-10"),
        _said(2, "Planned", published="2023-03-14"),
        _said(3, "Asserted", published="2023-06-20", event="2023-06-19"),
    ]
    tl = _tl(*said)
    for e in tl.entries:
        assert status_as_of(tl, e.date) == e.status_after
    assert status_as_of(tl, "2023-06-18") == "Planned"
    from datetime import date

    assert status_as_of(tl, date(2030, 1, 1)) == tl.status == "Asserted"
    assert set(MODALITIES) >= {e.modality for e in tl.entries}


def test_a_fact_needs_a_statement() -> None:
    with pytest.raises(ValueError, match="no statement"):
        timeline("fact", (A, KGO.acquires, B), [])
