"""The error taxonomy of the German real-news dev split, counted on the current code.

    python benchmarks/real_news_de_taxonomy.py [--lang de|en]

(`--lang en` counts the English dev split against `benchmarks/real_news_en_taxonomy.json`, whose
unlabelled gold facts were found by its baseline.)

Every dev gold fact (and every false positive of the baseline) carries the label of the first
mechanism that failed on it (`benchmarks/real_news_de_taxonomy.json`, read on dev only). This
script scores the dev split as `real_news.py score` does and counts, per label, the gold facts
still missed and the false positives still made (a false positive without a label is counted
as "new"). A negated gold fact counts as missed unless the article yields it Negated.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import real_news  # noqa: E402

TAXONOMY = REPO / "benchmarks" / "real_news_{lang}_taxonomy.json"


def _label(table: dict[str, str], article: str, s: str, p: str, o: str) -> str | None:
    for key, label in table.items():
        a, ks, kp, ko = (x.strip() for x in key.split("|"))
        if (a == article or a in article) and (ks, kp, ko) == (s, p, o):
            return label
    return None


def main(argv: list[str] | None = None) -> None:
    lang = "en" if (argv if argv is not None else sys.argv[1:]) == ["--lang", "en"] else "de"
    tax = json.loads(Path(str(TAXONOMY).format(lang=lang)).read_text(encoding="utf-8"))
    records, gold = real_news.read_gold(lang, "dev")
    res = _score_with_negated(records, gold, lang)
    missed = Counter()
    total = Counter()
    for facts in gold.values():
        for g in facts:
            total[_label(tax["facts"], g.article, g.subject, g.predicate, g.object) or "?"] += 1
    for g, _why in res.fns:
        missed[_label(tax["facts"], g.article, g.subject, g.predicate, g.object) or "?"] += 1
    for g in res.negated_missed:
        missed[_label(tax["facts"], g.article, g.subject, g.predicate, g.object) or "?"] += 1
    fps = Counter()
    for doc_id, (e, _why) in res.fps:
        fps[_label(tax["false_positives"], doc_id, e.subject, e.predicate, e.object) or "new"] += 1
    print(f"{'label':<16} {'gold':>5} {'missed':>7} {'FP':>4}")
    for label in [*tax["labels"], "new", "?"]:
        if total[label] or missed[label] or fps[label]:
            print(f"{label:<16} {total[label]:>5} {missed[label]:>7} {fps[label]:>4}")
    print(f"{'all':<16} {sum(total.values()):>5} {sum(missed.values()):>7} {sum(fps.values()):>4}")
    for doc_id, (e, why) in res.fps:
        if not _label(tax["false_positives"], doc_id, e.subject, e.predicate, e.object):
            print(f"   new FP  {e.subject} -{e.predicate}-> {e.object} [{why}] ({doc_id})")


def _score_with_negated(records: list[dict], gold: dict, lang: str = "de"):
    """`real_news.score` for dev, also keeping which negated gold facts were not found."""
    from kg.extract import extract_articles
    from kg.model import Article
    from kg.resolve import Resolver

    pairs = [(i, a) for i, a in real_news.articles(records, lang) if isinstance(a, Article)]
    res = real_news.Scores()
    res.negated_missed = []
    resolver, up, names = Resolver(), real_news.sub_properties(), real_news.Names(lang)
    for (doc_id, _a), ex in zip(pairs, extract_articles([a for _, a in pairs]), strict=True):
        ex = resolver.resolve(ex)
        real_news.score_article(ex, gold[doc_id], res, up, names)
        for g in gold[doc_id]:
            got = real_news._modality_of(ex, g, names, up, negated=True)
            if g.modality == "Negated" and got != "Negated":
                res.negated_missed.append(g)
    return res


if __name__ == "__main__":
    main()
