"""Wire-news furniture (issue 14 item 4) is cut before Article.text is fixed; the dateline's
place, date and agency and a "Published" date are kept as article metadata."""

from __future__ import annotations

from kg.ingest import article_from_text
from kg.model import Article

REUTERS = """Cisco to buy Splunk for $28 billion

By Jane Doe and Max Cherney

SAN JOSE, Calif., Sept 21, 2023 (Reuters) - Cisco Systems agreed on Thursday to buy Splunk \
for $28 billion in cash, the companies said.

FILE PHOTO: The Cisco logo is seen at a booth in Barcelona, Spain. REUTERS/Nacho Doce

The deal is expected to close by the end of the third quarter of 2024. (Reporting by Max \
Cherney; Editing by Sam Holmes)

Read more:
Cisco shares fall after results
Splunk explores sale

Our Standards: The Thomson Reuters Trust Principles."""

AP = """Published March 5, 2024 at 9:00 a.m. ET

WASHINGTON (AP) — Ford will buy batteries from SK On, the company said. By 2026, Ford plans \
to build 2 million EVs.

Workers assemble cars in Dearborn, Mich. (AP Photo/Paul Sancya)

Related to this, Ford said it will hire 500 workers."""

DPA = """Berlin (dpa) - Volkswagen übernimmt für 1,1 Mrd. Euro den Autovermieter Europcar. \
Von Anfang an war klar, dass VW zahlt.

Veröffentlicht am 5. März 2024

Lesen Sie auch:
VW-Aktie im Plus
Europcar-Chef geht

Foto: dpa
"""

PR = """DETROIT, Jan. 5, 2024 /PRNewswire/ -- General Motors will buy cells from LG Energy \
Solution under a ten-year contract.

This press release is issued by General Motors."""


def _article(text: str) -> Article:
    a = article_from_text(text, lang="auto")
    assert isinstance(a, Article), a
    return a


def test_reuters_furniture_is_cut_and_kept_as_metadata() -> None:
    a = _article(REUTERS)
    assert a.text == (
        "Cisco to buy Splunk for $28 billion\n\n"
        "Cisco Systems agreed on Thursday to buy Splunk for $28 billion in cash, the companies "
        "said.\n\nThe deal is expected to close by the end of the third quarter of 2024."
    )
    assert (a.source, a.published) == ("Reuters", "2023-09-21")
    assert a.dateline == "SAN JOSE, Calif., Sept 21, 2023 (Reuters)"
    assert a.dateline_place == "SAN JOSE, Calif."


def test_ap_published_line_caption_and_prose_that_looks_like_furniture() -> None:
    a = _article(AP)
    assert (a.source, a.published, a.dateline_place) == ("AP", "2024-03-05", "WASHINGTON")
    assert a.text.startswith("Ford will buy batteries from SK On")
    assert "By 2026, Ford plans" in a.text  # "By" + a year is prose, not a byline
    assert "AP Photo" not in a.text and "Published" not in a.text
    assert a.text.endswith("Related to this, Ford said it will hire 500 workers.")


def test_german_dateline_read_more_list_and_photo_credit() -> None:
    a = _article(DPA)
    assert a.text == (
        "Volkswagen übernimmt für 1,1 Mrd. Euro den Autovermieter Europcar. "
        "Von Anfang an war klar, dass VW zahlt."
    )
    assert (a.source, a.published, a.dateline) == ("dpa", "2024-03-05", "Berlin (dpa)")


def test_press_release_dateline_and_explicit_metadata_wins() -> None:
    a = _article(PR)
    assert (a.source, a.published, a.dateline_place) == ("PRNewswire", "2024-01-05", "DETROIT")
    assert a.text.startswith("General Motors will buy cells")
    b = article_from_text(PR, lang="en", source="GM Newsroom", published="2024-01-06")
    assert isinstance(b, Article) and (b.source, b.published) == ("GM Newsroom", "2024-01-06")


def test_plain_prose_is_untouched() -> None:
    text = (
        "BERLIN is a city. Volkswagen said on Monday it would buy cells from Northvolt.\n\n"
        "By the end of 2025, the plant will produce 40 GWh."
    )
    a = _article(text)
    assert a.text == text and a.dateline is None and a.published is None
