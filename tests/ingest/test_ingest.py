"""Ingest on the real seeds and on generated bad inputs (real trafilatura, lingua, markdown-it)."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from support.paths import REPO

from kg.errors import IngestError
from kg.ingest import MAX_ARTICLE_CHARS, article_from_text, clean_text, read_paths
from kg.model import Article, Problem
from kg.registry import get, names

REPO = REPO
EN_SEED = REPO / "seeds" / "000_aec95034014d9d5f.txt"
DE_SEED = REPO / "seeds" / "003_e3910211d882d719.txt"
EN_HEADLINE = "GM in Talks with TDK to Produce EV Batteries in US Using CATL Technology"

# The web-page furniture at the end (and in the middle) of the English seed (issue 2).
SEED_BOILERPLATE = [
    "Share This Post",
    "How do we Get in Touch?",
    "Drop Us A Line to connect",
    "Let\u2019s talk about your challenges in the battery market and how we can help you evolve "
    "your marketing strategy and business development.",
    "Logo_Battery-Tech-Network_Thumbnail",
    "Let's connect",
    "and Find Out How We Can Support Your Business",
]

FRENCH = (
    "Le constructeur automobile Renault va acheter des batteries au groupe chinois CATL "
    "pour ses voitures \u00e9lectriques produites en France, a annonc\u00e9 l'entreprise "
    "mardi. Les livraisons commenceront l'ann\u00e9e prochaine."
)
ENGLISH = (
    "Tesla will buy battery cells from Panasonic for its new factory in Nevada, the "
    "companies said on Monday. Deliveries start next year."
)
GERMAN = (
    "Volkswagen will k\u00fcnftig Batteriezellen vom schwedischen Hersteller Northvolt "
    "beziehen, teilte der Konzern am Montag in Wolfsburg mit."
)


def _raw_lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _only(items: list[Article | Problem]) -> Article | Problem:
    assert len(items) == 1, items
    return items[0]


def _article(items: list[Article | Problem]) -> Article:
    item = _only(items)
    assert isinstance(item, Article), item
    return item


def _problem(items: list[Article | Problem]) -> Problem:
    item = _only(items)
    assert isinstance(item, Problem), item
    return item


@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    found = list(read_paths([REPO / "seeds"]))
    assert all(isinstance(a, Article) for a in found), found
    return {Path(a.path).name: a for a in found}  # type: ignore[union-attr]


# ---------------------------------------------------------------- seeds


def test_english_seed_headline_source_language(seeds: dict[str, Article]) -> None:
    art = seeds[EN_SEED.name]
    assert art.title == EN_HEADLINE
    assert art.source == "BNN Bloomberg"
    assert art.lang == "en"
    assert art.text.startswith(EN_HEADLINE + "\n\n"), "headline stays the first line"
    assert "Source:" not in art.text
    assert "BNN Bloomberg" not in art.text


def test_english_seed_has_no_boilerplate(seeds: dict[str, Article]) -> None:
    text = seeds[EN_SEED.name].text
    for phrase in SEED_BOILERPLATE:
        assert phrase not in text, phrase
    for fragment in (
        "Share This",
        "Get in Touch",
        "Logo_",
        "Thumbnail",
        "connect",
        "Support Your Business",
        "marketing strategy",
    ):
        assert fragment not in text, fragment


def test_english_seed_keeps_every_body_paragraph_in_order(seeds: dict[str, Article]) -> None:
    text = seeds[EN_SEED.name].text
    expected = [
        line
        for line in _raw_lines(EN_SEED)
        if line not in SEED_BOILERPLATE and not line.startswith("Source:")
    ]
    assert len(expected) == 7  # headline, lede, five body paragraphs
    assert text.split("\n\n") == expected


def test_german_seed_is_kept_whole(seeds: dict[str, Article]) -> None:
    art = seeds[DE_SEED.name]
    assert art.lang == "de"
    assert art.title is None  # opens with a long sentence, not a headline
    assert art.source is None
    assert art.text.split("\n\n") == _raw_lines(DE_SEED)  # section headings included


def test_seed_ids_are_content_hashes(seeds: dict[str, Article]) -> None:
    for art in seeds.values():
        digest = hashlib.sha256(" ".join(art.text.split()).encode()).hexdigest()[:16]
        assert art.id == digest
    assert len({a.id for a in seeds.values()}) == 2


def test_same_file_twice_gives_same_id(tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    # Same article with different line endings and spacing: still the same article.
    copy.write_bytes(EN_SEED.read_bytes().replace(b"\n", b"\r\n").replace(b". ", b".  "))
    first, second, third = read_paths([EN_SEED, EN_SEED, copy])
    assert isinstance(first, Article) and isinstance(second, Article)
    assert isinstance(third, Article)
    assert first.id == second.id == third.id
    assert first.text == third.text


# ---------------------------------------------------------------- walking and registry


def test_directory_walk_is_sorted_recursive_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b.txt").write_text(ENGLISH + " Second.", encoding="utf-8")
    (tmp_path / "a.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "sub" / "c.txt").write_text(GERMAN, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(ENGLISH + " Hidden.", encoding="utf-8")
    (tmp_path / ".git" / "x.txt").write_text(ENGLISH + " Git.", encoding="utf-8")
    found = list(read_paths([tmp_path]))
    assert [Path(a.path).relative_to(tmp_path).as_posix() for a in found] == [
        "a.txt",
        "b.txt",
        "sub/c.txt",
    ]
    assert [a.lang for a in found] == ["en", "en", "de"]  # type: ignore[union-attr]
    assert list(read_paths(tmp_path)) == found  # a lone path works too


def test_readers_are_registered_by_suffix() -> None:
    assert names("reader") == [".htm", ".html", ".jsonl", ".md", ".txt"]
    from kg.ingest.readers import read_jsonl, read_txt

    assert get("reader", ".txt") is read_txt
    assert get("reader", ".jsonl") is read_jsonl


def test_import_kg_ingest_stays_light() -> None:
    probe = "import kg.ingest, sys; print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    loaded = set(out.stdout.split())
    assert "kg" in loaded
    assert not loaded & {"spacy", "trafilatura", "lingua", "markdown_it", "thinc"}


# ---------------------------------------------------------------- cleaning


def test_boilerplate_mechanism_is_general_and_spares_body_words() -> None:
    raw = "\n".join(
        [
            "Netflix Subscribers Jump After Price Cut",
            "",
            "Cookie maker Mondelez said subscribers will connect with new partners next year.",
            "",
            "Share this",
            "",
            "Mondelez shares on Monday rose 5%. Contact with regulators continues, it said.",
            "",
            "Reporting by Jane Doe",
            "Follow us on LinkedIn",
            "Share | Tweet | Email",
            "Subscribe to our newsletter",
            "We use cookies to improve your experience. By continuing to browse you agree.",
            "IMG_2041.jpg",
            "Acme-Logo",
            "https://example.com/newsletter",
            "Talk to an expert",
            "Grow your business with our team of experts, who know your challenges.",
        ]
    )
    cleaned = clean_text(raw)
    assert cleaned.title == "Netflix Subscribers Jump After Price Cut"
    assert cleaned.text.split("\n\n") == [
        "Netflix Subscribers Jump After Price Cut",
        "Cookie maker Mondelez said subscribers will connect with new partners next year.",
        "Mondelez shares on Monday rose 5%. Contact with regulators continues, it said.",
    ]  # "Reporting by Jane Doe" is a wire credit line, not prose (issue 14 item 4)


def test_long_lines_are_never_cut_even_after_boilerplate_labels() -> None:
    # Copied pages: labels around truncated body lines (no final period). Body must survive.
    raw = (
        "Drucken\nDie Lufthansa und ihre Geschichte\n"
        "Heute jährt sich die Gründung der ersten Lufthansa zum 90. Mal, und das Unternehmen "
        "präsentiert aus diesem Anlass eine virtuelle Chronik seiner Geschichte\n"
        "Anzeige\nTweet\n"
        "Bild: PR Es kommen immer mehr Details über die Gespräche von Gabriel mit Edeka "
        "und Tengelmann ans Licht, berichtet die Zeitung am Montag\n"
    )
    text = clean_text(raw).text
    assert "Drucken" not in text and "Anzeige" not in text and "Tweet" not in text
    assert "Die Lufthansa und ihre Geschichte" in text
    assert "virtuelle Chronik seiner Geschichte" in text
    assert "Bild: PR Es kommen immer mehr Details" in text  # a caption glued to a sentence


def test_marketing_prose_alone_is_not_cut() -> None:
    raw = (
        ENGLISH + "\n\nAnalysts said the deal could grow your business if you supply the automaker."
    )
    assert clean_text(raw).text.endswith("grow your business if you supply the automaker.")


def test_whitespace_is_normalised_and_paragraphs_kept() -> None:
    raw = (
        "\ufeffTesla  Buys\u00a0Cells\r\n\r\n\r\n\r\nTesla will buy cells\u200b from "
        "Panasonic, it said.\t \r\nA second line.\r\n\n\n\nLast   paragraph here, it said."
    )
    cleaned = clean_text(raw)
    assert cleaned.text == (
        "Tesla Buys Cells\n\nTesla will buy cells from Panasonic, it said.\n"
        "A second line.\n\nLast paragraph here, it said."
    )
    assert cleaned.title == "Tesla Buys Cells"


def test_hard_wrapped_text_is_joined_into_paragraphs() -> None:
    raw = (
        "General Motors will buy batteries from TDK for its plants in the\n"
        "United States, the companies said. The deal was announced on\n"
        "Tuesday and will create jobs in the southern states, they said in\n"
        "a statement.\n\n"
        "A second paragraph follows with more words about the plant and\n"
        "its output of lithium iron phosphate cells for the vehicles.\n"
    )
    assert clean_text(raw).text.split("\n\n") == [
        "General Motors will buy batteries from TDK for its plants in the United States, the "
        "companies said. The deal was announced on Tuesday and will create jobs in the "
        "southern states, they said in a statement.",
        "A second paragraph follows with more words about the plant and its output of lithium "
        "iron phosphate cells for the vehicles.",
    ]
    short_lines = "Tesla buys cells from Panasonic\nBMW buys cells from CATL\nVW buys from Gotion\n"
    assert clean_text(short_lines).text == short_lines.strip()


def test_article_from_text_metadata_wins_over_text() -> None:
    art = article_from_text(
        EN_HEADLINE + "\n\n" + ENGLISH + "\n\nSource: Reuters",
        path="x.txt",
        title="Given title",
        source="Given source",
        url="https://example.org/a",
        published="March 5, 2024",
    )
    assert isinstance(art, Article)
    assert (art.title, art.source, art.url, art.published) == (
        "Given title",
        "Given source",
        "https://example.org/a",
        "2024-03-05",
    )
    assert "Reuters" not in art.text
    assert art.origin == "https://example.org/a"
    plain = article_from_text(ENGLISH + "\n\nSource: Reuters")
    assert isinstance(plain, Article) and plain.source == "Reuters" and plain.title is None


# ---------------------------------------------------------------- HTML, Markdown, JSONL

HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Ford and SK On Expand Battery Joint Venture | Auto Daily</title>
<meta property="og:title" content="Ford and SK On Expand Battery Joint Venture">
<meta property="og:site_name" content="Auto Daily">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
<link rel="canonical" href="https://autodaily.example/ford-sk-on">
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li></ul></nav></header>
<div class="cookie-banner">We use cookies to improve your experience.
<button>Accept all cookies</button></div>
<main><article>
<h1>Ford and SK On Expand Battery Joint Venture</h1>
<p>Ford Motor Company and South Korea's SK On said on Tuesday they would expand their battery
joint venture BlueOval SK with a third plant in Tennessee.</p>
<p>The venture, formed in 2021, will supply battery cells for Ford's next generation of
electric pickup trucks and vans built in North America.</p>
<div class="share">Share this article: <a href="#">Twitter</a> <a href="#">LinkedIn</a></div>
<p>SK On, a subsidiary of SK Innovation, will provide the cell technology, while Ford will
finance half of the new investment, the companies said in a statement.</p>
</article></main>
<aside><h3>Related stories</h3><ul><li><a href="/a">GM cuts EV forecast</a></li>
<li><a href="/b">Tesla opens new plant in Berlin</a></li></ul></aside>
<footer><p>Subscribe to our newsletter</p><p>&copy; 2024 Auto Daily. All rights reserved.</p>
<a href="/privacy">Privacy policy</a></footer>
</body></html>
"""


def test_html_main_text_and_metadata_via_trafilatura(tmp_path: Path) -> None:
    page = tmp_path / "ford.html"
    page.write_text(HTML_PAGE, encoding="utf-8")
    art = _article(list(read_paths([page])))
    assert art.title == "Ford and SK On Expand Battery Joint Venture"
    assert art.text.startswith(art.title + "\n\n")
    assert art.source == "Auto Daily"
    assert art.published == "2024-03-05"
    assert art.url == "https://autodaily.example/ford-sk-on"
    assert art.lang == "en"
    paragraphs = art.text.split("\n\n")
    assert len(paragraphs) == 4
    assert paragraphs[1].startswith("Ford Motor Company and South Korea's SK On said")
    assert paragraphs[3].endswith("the companies said in a statement.")
    for junk in (
        "Home",
        "About us",
        "cookies",
        "Related stories",
        "GM cuts EV forecast",
        "Subscribe",
        "All rights reserved",
        "Privacy policy",
        "Share this",
    ):
        assert junk not in art.text, junk


def test_html_without_main_text_is_a_problem(tmp_path: Path) -> None:
    page = tmp_path / "empty.htm"
    page.write_text(
        "<html><head><title>x</title><script>var a = 1;</script></head>"
        "<body><div><img src='a.png'></div></body></html>",
        encoding="utf-8",
    )
    assert (
        _problem(list(read_paths([page]))).reason == "no main article text found in the HTML page"
    )
    nav = tmp_path / "nav.html"
    nav.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8")
    assert (
        _problem(list(read_paths([nav]))).reason
        == "no article text left after removing web boilerplate"
    )


def test_markdown_markup_is_stripped(tmp_path: Path) -> None:
    md = tmp_path / "note.md"
    md.write_text(
        '---\ntitle: "Given Title"\ndate: 2024-05-01\nsource: Handelsblatt\n---\n\n'
        "# Tesla Buys Cells From *Panasonic*\n\n"
        "Tesla will **buy** battery cells from [Panasonic](https://panasonic.example) for its\n"
        "factory in Nevada, the companies said. ![chart](chart.png)\n\n"
        "```\nprint('code is not news')\n```\n\n"
        "- Deliveries start next year.\n- Prices were not `disclosed`.\n\n"
        '<div class="ad">Advert</div>\n',
        encoding="utf-8",
    )
    art = _article(list(read_paths([md])))
    assert art.title == "Given Title"  # front matter wins over the H1
    assert art.source == "Handelsblatt" and art.published == "2024-05-01"
    assert art.text.split("\n\n") == [
        "Tesla Buys Cells From Panasonic",
        "Tesla will buy battery cells from Panasonic for its factory in Nevada, the companies "
        "said.",
        "Deliveries start next year.",
        "Prices were not disclosed.",
    ]


def test_jsonl_good_and_malformed_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "text": ENGLISH,
                "title": "Tesla and Panasonic",
                "url": "https://e.org/1",
                "published": "2024-02-01",
                "source": "Reuters",
            }
        ),
        '{"text": "broken',
        "",
        json.dumps({"title": "no text"}),
        json.dumps([1, 2]),
        json.dumps({"text": ENGLISH, "title": 7}),
        json.dumps({"text": FRENCH}),
        json.dumps({"text": GERMAN, "lang": "de-DE"}),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_bytes("\n".join(lines).encode("utf-8") + b"\n" + b'{"text": "caf\xe9"}\n')
    items = list(read_paths([path]))
    got = [(type(i).__name__, i.line) for i in items]
    assert got == [
        ("Article", 1),
        ("Problem", 2),
        ("Problem", 4),
        ("Problem", 5),
        ("Problem", 6),
        ("Problem", 7),
        ("Article", 8),
        ("Problem", 9),
    ]
    first, de = items[0], items[6]
    assert isinstance(first, Article) and isinstance(de, Article)
    assert (first.title, first.url, first.source, first.published, first.lang) == (
        "Tesla and Panasonic",
        "https://e.org/1",
        "Reuters",
        "2024-02-01",
        "en",
    )
    assert first.origin == "https://e.org/1"
    assert de.lang == "de" and de.path == str(path)
    reasons = [i.reason for i in items if isinstance(i, Problem)]
    assert reasons[0].startswith("malformed JSON")
    assert reasons[1] == "missing required field 'text'"
    assert reasons[2] == "expected a JSON object, got list"
    assert reasons[3] == "field 'title' must be a string, got int"
    assert reasons[4] == "unsupported language: fr"
    assert reasons[5].startswith("invalid UTF-8")
    assert all(str(i).startswith(f"{path}:{i.line}: ") for i in items if isinstance(i, Problem))


# ---------------------------------------------------------------- bad input


def test_empty_and_whitespace_files(tmp_path: Path) -> None:
    (tmp_path / "a_empty.txt").write_bytes(b"")
    (tmp_path / "b_blank.md").write_text("\n  \n\t\n", encoding="utf-8")
    (tmp_path / "c_empty.jsonl").write_bytes(b"")
    (tmp_path / "d_empty.html").write_bytes(b"")
    problems = list(read_paths([tmp_path]))
    assert [(Path(p.path).name, p.reason) for p in problems] == [  # type: ignore[union-attr]
        ("a_empty.txt", "empty file"),
        ("b_blank.md", "empty file"),
        ("c_empty.jsonl", "empty file"),
        ("d_empty.html", "empty file"),
    ]


def test_binary_files_are_reported(tmp_path: Path) -> None:
    png = tmp_path / "image.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20)
    assert "binary" in _problem(list(read_paths([png]))).reason
    noise = tmp_path / "noise.txt"  # no NUL, but control characters everywhere
    noise.write_bytes(bytes(b for b in range(1, 32) if b not in (9, 10, 13)) * 200)
    assert (
        "binary" in _problem(list(read_paths([noise]))).reason
        or "cannot decode" in _problem(list(read_paths([noise]))).reason
    )
    html = tmp_path / "blob.html"
    html.write_bytes(b"<html>\x00\x01\x02" * 100)
    assert "binary" in _problem(list(read_paths([html]))).reason


def test_windows_1252_and_latin1_files_are_decoded(tmp_path: Path) -> None:
    text = (
        "Der M\u00fcnchner Autobauer BMW bezieht k\u00fcnftig Batteriezellen von "
        "\u201eNorthvolt\u201c aus Schweden, teilte das Unternehmen am Montag mit."
    )
    cp = tmp_path / "cp1252.txt"
    cp.write_bytes(text.encode("cp1252"))
    latin = tmp_path / "latin1.txt"
    latin.write_bytes(text.replace("\u201e", '"').replace("\u201c", '"').encode("latin-1"))
    a, b = read_paths([cp, latin])
    assert isinstance(a, Article) and isinstance(b, Article)
    assert a.text == text and a.lang == "de"
    assert "M\u00fcnchner" in b.text and "k\u00fcnftig" in b.text


def test_undecodable_bytes_are_reported(tmp_path: Path) -> None:
    bad = tmp_path / "c1.txt"
    # Bytes 0x80-0x9F are not UTF-8 starts; as Latin-1 they are all control characters, and
    # cp1252 cannot decode 0x81/0x8D/0x8F/0x90/0x9D.
    bad.write_bytes(bytes(range(0x80, 0xA0)) * 300)
    reason = _problem(list(read_paths([bad]))).reason
    assert reason.startswith("cannot decode as text")


def test_twenty_megabyte_text_file_is_reported_and_build_goes_on(tmp_path: Path) -> None:
    big = tmp_path / "a_big.txt"
    paragraph = (ENGLISH + "\n\n").encode()
    big.write_bytes(paragraph * (20_000_000 // len(paragraph) + 1))
    assert big.stat().st_size > 20_000_000
    (tmp_path / "b_good.txt").write_text(ENGLISH, encoding="utf-8")
    first, second = read_paths([tmp_path])
    assert isinstance(first, Problem) and first.path == str(big)
    assert first.reason.startswith(
        f"article too large (20.0 M characters > {MAX_ARTICLE_CHARS / 1e6:.1f} M limit"
    )
    assert isinstance(second, Article)


def test_file_over_max_bytes_is_not_read(tmp_path: Path) -> None:
    # The limit is for whole-file formats; JSON Lines are streamed (tests/ingest/test_walk.py).
    path = tmp_path / "big.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    problem = _problem(list(read_paths([path], max_bytes=100)))
    assert problem.reason == f"file too large ({path.stat().st_size / 1e6:.1f} MB > 0.0 MB limit)"
    assert isinstance(_only(list(read_paths([path]))), Article)


def test_unsupported_extension_and_missing_path(tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.7")
    (tmp_path / "README").write_text("notes", encoding="utf-8")
    missing = tmp_path / "nope.txt"
    items = list(read_paths([pdf, missing, tmp_path]))
    assert all(isinstance(i, Problem) for i in items)
    reasons = [(Path(i.path).name, i.reason) for i in items]  # type: ignore[union-attr]
    supported = "(supported: .htm .html .jsonl .md .txt)"
    assert reasons == [
        ("report.pdf", f"unsupported file type '.pdf' {supported}"),
        ("nope.txt", "no such file or directory"),
        ("README", f"unsupported file type (no suffix) {supported}"),
        ("report.pdf", f"unsupported file type '.pdf' {supported}"),
    ]


def test_french_article_is_skipped_with_reason(tmp_path: Path) -> None:
    fr = tmp_path / "renault.txt"
    fr.write_text(FRENCH, encoding="utf-8")
    problem = _problem(list(read_paths([fr])))
    assert (problem.path, problem.reason, problem.line) == (
        str(fr),
        "unsupported language: fr",
        None,
    )
    assert str(problem) == f"{fr}: unsupported language: fr"


def test_lang_argument_forces_language_and_rejects_others(tmp_path: Path) -> None:
    en = tmp_path / "en.txt"
    en.write_text(ENGLISH, encoding="utf-8")
    assert _article(list(read_paths([en], lang="de"))).lang == "de"
    assert _article(list(read_paths([en], lang="EN"))).lang == "en"
    with pytest.raises(IngestError, match="unsupported language 'fr'"):
        read_paths([en], lang="fr")
    forced = article_from_text(FRENCH, lang="fr")
    assert isinstance(forced, Problem) and forced.reason == "unsupported language: fr"


def test_text_that_is_only_boilerplate_is_a_problem() -> None:
    problem = article_from_text(
        "Share This Post\n\nLet's connect\n\nLogo_Acme_Thumbnail", path="junk.txt"
    )
    assert isinstance(problem, Problem)
    assert problem.reason == "no article text left after removing web boilerplate"


def test_huge_html_page_is_refused_from_its_size_before_parsing(tmp_path: Path) -> None:
    big = tmp_path / "a_big.html"
    big.write_bytes(
        b"<html><body>" + b"<p>GM buys cells from LG.</p>" * 1_100_000 + b"</body></html>"
    )
    assert big.stat().st_size > 30_000_000
    (tmp_path / "b_good.txt").write_text(ENGLISH, encoding="utf-8")
    first, second = read_paths([tmp_path])
    assert isinstance(first, Problem) and first.path == str(big)
    assert first.reason.startswith("HTML page too large for one article (")
    assert isinstance(second, Article)
