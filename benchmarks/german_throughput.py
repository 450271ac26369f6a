"""German build throughput against English on the same number of words, in the same run.

    python benchmarks/german_throughput.py [WORDS] [ROUNDS]   (default 20000 words, 3 rounds)

Both sides read real news from `../shared/corpora/` (German: derStandard and SmartData, English:
BBC), cut to the same number of words, and go through what `kg build` runs per article:
ingest (`article_from_text`), nlp and extraction (`kg.extract.extract_articles`) and
resolution. Models are loaded before timing. Prints articles/s and words/s per language and the
German/English time ratio (the best of the rounds).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from real_news import read_pool  # noqa: E402

POOLS = {
    "de": ("de_10kgnad_business_web", "de_smartdata_v1_companies"),
    "en": ("en_bbc_business_tech",),
}


def texts(lang: str, words: int) -> list[str]:
    """Whole articles, pools interleaved, until `words` words are reached (the last one cut)."""
    out: list[str] = []
    count = 0
    pools = [iter(read_pool(p)) for p in POOLS[lang]]
    while count < words:
        for it in pools:
            text = next(it)["text"]
            n = len(text.split())
            if count + n > words:
                text = " ".join(text.split()[: words - count])
                n = words - count
            out.append(text)
            count += n
            if count >= words:
                break
    return out


def run(lang: str, docs: list[str]) -> float:
    from kg.extract import extract_articles
    from kg.ingest import article_from_text
    from kg.model import Article
    from kg.resolve import Resolver

    t0 = time.perf_counter()
    arts = [article_from_text(t, path=f"bench-{n}", lang=lang) for n, t in enumerate(docs)]
    arts = [a for a in arts if isinstance(a, Article)]
    resolver = Resolver()
    for ex in extract_articles(arts):
        resolver.resolve(ex)
    return time.perf_counter() - t0


def _cold(lang: str) -> None:
    """Forget the German words HanTa analysed in an earlier round (`kg.nlp.german_tagger`
    remembers each word's analyses): every round reads the corpus as new text, as a build does."""
    if lang == "de":
        from kg.nlp import load

        tagger = load("de").get_pipe("kg_de_hanta_tagger_v1").tagger
        tagger.analyze_forward.cache_clear()
        tagger.analyze_viterbi.cache_clear()


def main(words: int = 20000, rounds: int = 3) -> None:
    from kg.nlp import load

    load("en")
    load("de")
    corpus = {lang: texts(lang, words) for lang in ("de", "en")}
    run("de", corpus["de"][:3])  # warm caches (place index, gazetteer, lexicons)
    run("en", corpus["en"][:3])
    best = {
        lang: min(_cold(lang) or run(lang, corpus[lang]) for _ in range(rounds)) for lang in corpus
    }
    for lang in ("de", "en"):
        n = len(corpus[lang])
        print(
            f"{lang}: {n} articles, {words} words in {best[lang]:.2f} s: "
            f"{n / best[lang]:.1f} articles/s, {words / best[lang]:.0f} words/s"
        )
    print(f"German/English time on the same words: {best['de'] / best['en']:.2f}x")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
