"""The three ways to run nlp + extraction (this process, one parsing child, a pool) give the
same extractions, in input order; parsed docs survive the trip between processes intact; a
killed child loses no article."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest
from support.paths import DATA

from kg.model import Article, Extraction, Problem
from kg.pipeline import workers
from kg.pipeline.workers import CHUNK, extract_all, tapered

DATA = DATA


def _articles() -> list[Article]:
    """English and German news sentences interleaved, one article each: more than two chunks,
    so the parsing child gets several and German articles sit between English ones."""
    rows = {
        lang: [json.loads(line)["text"] for line in (DATA / f"news_{lang}.jsonl").open()]
        for lang in ("en", "de")
    }
    out: list[Article] = []
    for i, text in enumerate(rows["en"]):
        out.append(Article(id=f"en{i}", text=text, lang="en"))
        if i < len(rows["de"]) and i % 3 == 0:
            out.append(Article(id=f"de{i}", text=rows["de"][i], lang="de"))
    assert len(out) > 2 * CHUNK
    return out


def test_tapered_chunks_cover_the_input_in_order_and_end_small() -> None:
    items = [Article(id=str(i), text="x", lang="en") for i in range(300)]
    parts = list(tapered(items, 64))
    assert [a for p in parts for a in p] == items
    assert [len(p) for p in parts] == [64, 64, 64, 32, 32, 16, 8, 8, 8, 4]
    assert [len(p) for p in tapered(items[:5], 64)] == [5]
    assert list(tapered([], 64)) == []


@pytest.mark.slow
def test_parsed_docs_cross_processes_with_every_annotation() -> None:
    from kg.nlp import load
    from kg.pipeline.wire import pack, unpack

    nlp = load("en")
    texts = [a.text for a in _articles() if a.lang == "en"]
    texts += [p.read_text(encoding="utf-8") for p in sorted(Path("seeds").glob("*.txt"))]
    docs = list(nlp.pipe(texts))

    def annotations(doc):
        tokens = [
            (t.text, t.whitespace_, t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_, str(t.morph))
            for t in doc
        ]
        tokens += [
            (t.ent_iob_, t.ent_type_, t.ent_kb_id_, t.norm_, t.is_sent_start, t.like_num)
            for t in doc
        ]
        ents = [(e.start, e.end, e.label_, e.kb_id_) for e in doc.ents]
        sents = [(s.start, s.end) for s in doc.sents]
        return tokens, ents, sents, [(c.start, c.end) for c in doc.noun_chunks]

    back = list(unpack(pack(docs), nlp.vocab))
    assert len(back) == len(docs)
    for a, b in zip(docs, back, strict=True):
        assert annotations(a) == annotations(b), a.text[:80]


@pytest.fixture(scope="module")
def here() -> list[Extraction | Problem]:
    return list(extract_all(_articles(), workers=0))


@pytest.mark.slow
def test_one_parsing_child_gives_what_this_process_gives(here) -> None:
    arts = _articles()
    aside = list(workers._parse_aside(arts, None, 64))
    assert [x.article.id for x in aside] == [a.id for a in arts]
    assert aside == here
    assert sum(len(x.facts) for x in here) > 100  # the suite has facts to compare
    assert any(x.facts for x in here if x.article.lang == "de")


@pytest.mark.slow
def test_a_pool_gives_what_this_process_gives(here) -> None:
    assert list(extract_all(_articles(), workers=2)) == here


@pytest.mark.slow
def test_a_killed_parsing_child_loses_no_article(here, caplog) -> None:
    import multiprocessing

    if workers.usable_cores() < 2:
        pytest.skip("one usable core: workers=1 parses in this process, there is no child")
    out = []
    killed = False
    for item in extract_all(_articles(), workers=1):
        out.append(item)
        if not killed:
            children = multiprocessing.active_children()
            assert children, "workers=1 on two cores parses in a child process"
            for child in children:
                os.kill(child.pid, signal.SIGKILL)
            killed = True
    assert killed and out == here
    assert "articles left are done in this process" in caplog.text


@pytest.mark.slow
def test_german_only_chunks_need_no_english_parse() -> None:
    rows = [json.loads(line)["text"] for line in (DATA / "news_de.jsonl").open()]
    arts = [Article(id=f"de{i}", text=t, lang="de") for i, t in enumerate(rows)]
    aside = list(workers._parse_aside(arts, None, 64))
    assert aside == list(extract_all(arts, workers=0))
    assert sum(len(x.facts) for x in aside) > 50


@pytest.mark.slow
def test_a_parsed_chunk_leaves_this_process_vocabulary_as_it_found_it() -> None:
    """The words of the docs the parsing child sends (a build's numbers and new names, one or
    more an article) are not kept in this process's vocabulary once their chunk is extracted."""
    from kg.nlp import load

    nlp = load("en")
    arts = [
        Article(
            id=f"v{i}",
            text=f"Zorblax{i} Corp agreed to buy Quibbit{i} Inc for $5 million on Monday.",
            lang="en",
        )
        for i in range(6)
    ]
    # Parsed as the child parses, in a zone of its own: these words are new to this process.
    with nlp.memory_zone():
        parsed = workers._parse_chunk(arts, 64)
    assert "Zorblax3" not in nlp.vocab.strings
    strings = len(nlp.vocab.strings)
    out = list(workers._extract_parsed(arts, parsed, nlp))
    assert len(nlp.vocab.strings) == strings
    # (`len(vocab)` counts every lexeme ever made: membership says what the vocabulary holds.)
    assert not any(w in nlp.vocab or w in nlp.vocab.strings for w in ("Zorblax3", "Quibbit5"))
    assert [x.article.id for x in out] == [a.id for a in arts]
    assert any(f.subject.name == "Zorblax3" for x in out for f in x.facts)
    assert out == list(extract_all(arts, workers=0))
