"""Real news articles annotated by us: the fixed-seed draw and the dev/check split.

    python benchmarks/real_news.py draw [--round N] [--corpora DIR]   # the drawn ids
    python benchmarks/real_news.py score --lang en|de --split dev|check [--show N]

`score` runs every gold article as `kg build` would read it from a JSON line (text, title,
publication date, publisher, through ingest, extraction and resolution in draw order) and
scores what lands in the graph, as `eval_public.py` does: a predicted fact is a non-negated
edge between named nodes; it matches a gold fact when the predicate is the gold one or a
sub-property of it (the graph materialises `importsFrom` as `buysFrom` too) and both ends carry
the gold names. Negated gold facts are scored apart: found when the article yields the fact
`Negated`, and a positive edge for one is a false positive. The check split prints numbers
only (tune on dev; never read the check split's errors).

The pools are `../shared/corpora/*.jsonl.gz` (research use only: read at run time, never
copied). The draws are fixed by their seeds, so the same ids come out on every machine. Round 1
is split by a hash of the id (dev 60 %, check 40 %), so adding articles never moves one between
dev and check. Later rounds only grow dev: while tuning on round 1, unannotated articles of the
same pools were read, and one of them must never become a check article. The gold files
(`tests/gold/real_en.jsonl`, `tests/gold/real_de.jsonl`) hold one line per drawn article
(`tests/gold/ANNOTATION.md`).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))


def _corpora() -> Path:
    """`shared/corpora` beside the checkout: `/work/shared` for `/work/main` and for a worktree
    `/work/wt/<name>` alike (the first ancestor that has one)."""
    for up in REPO.parents:
        if (up / "shared" / "corpora").is_dir():
            return up / "shared" / "corpora"
    return REPO.parent / "shared" / "corpora"


CORPORA = _corpora()
SEED = 20261206
# One (seed, pool -> how many articles) per round; a round draws only articles no earlier round
# drew.
ROUNDS = (
    (
        SEED,
        {
            "en_bbc_business_tech": 56,
            "en_reuters21578_acq": 32,
            "de_10kgnad_business_web": 32,
            "de_smartdata_v1_companies": 32,
        },
    ),
    (
        SEED + 1,
        {
            "en_bbc_business_tech": 48,
            "en_reuters21578_acq": 32,
            "de_10kgnad_business_web": 40,
            "de_smartdata_v1_companies": 16,
        },
    ),
)
POOLS = tuple(dict.fromkeys(pool for _, draw in ROUNDS for pool in draw))
LANG = {pool: pool[:2] for pool in POOLS}
DEV_SHARE = 60  # percent of round-1 articles in the dev split


def split_of(article_id: str, round_no: int = 1) -> str:
    """'dev' or 'check': round 1 by a hash of the id (stable whatever else is drawn), later
    rounds always 'dev'."""
    if round_no > 1:
        return "dev"
    bucket = int(hashlib.sha256(article_id.encode("utf-8")).hexdigest()[:8], 16) % 100
    return "dev" if bucket < DEV_SHARE else "check"


def read_pool(pool: str, corpora: Path = CORPORA) -> Iterator[dict]:
    with gzip.open(corpora / f"{pool}.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


def drawn_ids(pool: str, corpora: Path = CORPORA) -> list[tuple[int, str]]:
    """(round, id) of every article drawn from one pool: round by round, each in pool order."""
    ids = [r["id"] for r in read_pool(pool, corpora)]
    out: list[tuple[int, str]] = []
    for n, (seed, draw) in enumerate(ROUNDS, 1):
        if pool not in draw:
            continue
        taken = {i for _, i in out}
        rest = [i for i in ids if i not in taken]
        chosen = set(random.Random(f"{seed}:{pool}").sample(rest, draw[pool]))
        out += [(n, i) for i in rest if i in chosen]
    return out


# ---------------------------------------------------------------- scoring

GOLD = {lang: REPO / "tests" / "gold" / f"real_{lang}.jsonl" for lang in ("en", "de")}
# Relations between two parties (what a reader of deal news asks for first); the others place
# or describe one entity (basedIn, locatedIn, produces, operates).
COMPANY = frozenset(
    {
        "acquires",
        "mergesWith",
        "subsidiaryOf",
        "investsIn",
        "jointVentureWith",
        "partnersWith",
        "negotiatesWith",
        "buysFrom",
        "importsFrom",
        "licensesTechnologyFrom",
        "usesTechnologyFrom",
        "finances",
    }
)
TARGETS = {  # lang -> group -> (min F1, min P)
    "en": {"company": (0.65, 0.85), "all": (0.60, 0.75)},
    "de": {"company": (0.55, 0.80), "all": (0.50, 0.75)},
}


@dataclass(frozen=True, slots=True)
class Gold:
    article: str
    subject: str
    predicate: str
    object: str
    modality: str
    start: int
    end: int


@dataclass
class Scores:
    tallies: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0] * 4))
    negated: list[int] = field(default_factory=lambda: [0, 0, 0])  # gold, as Negated, as edge
    modality: Counter = field(default_factory=Counter)  # (gold, predicted) on matched facts
    scored: list[tuple[float, bool]] = field(default_factory=list)
    fps: list[tuple[str, object]] = field(default_factory=list)
    fns: list[tuple[Gold, str]] = field(default_factory=list)

    def add(self, rel: str, i: int) -> None:
        for group in ("all", "company" if rel in COMPANY else "other", rel):
            self.tallies[group][i] += 1

    @staticmethod
    def prf(t: list[int]) -> tuple[float, float, float]:
        right, wrong, found, missed = t
        p = right / (right + wrong) if right + wrong else 0.0
        r = found / (found + missed) if found + missed else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def line(self, group: str) -> str:
        t = self.tallies[group]
        p, r, f1 = self.prf(t)
        return (
            f"{group:<24} P={p:.3f} R={r:.3f} F1={f1:.3f}  (edges right={t[0]} wrong={t[1]}; "
            f"gold found={t[2]} missed={t[3]})"
        )


def read_gold(lang: str, split: str) -> tuple[list[dict], dict[str, list[Gold]]]:
    """The gold articles of one split (their corpus records) and their facts."""
    rows = [json.loads(line) for line in GOLD[lang].read_text(encoding="utf-8").splitlines()]
    rows = [r for r in rows if r["split"] == split]
    wanted = defaultdict(set)
    for r in rows:
        wanted[r["pool"]].add(r["article"])
    records = {}
    for pool, ids in wanted.items():
        records.update({r["id"]: r for r in read_pool(pool) if r["id"] in ids})
    facts = {
        r["article"]: [
            Gold(
                r["article"],
                f["subject"],
                f["predicate"],
                f["object"],
                f["modality"],
                f["start"],
                f["end"],
            )
            for f in r["facts"]
        ]
        for r in rows
    }
    return [records[r["article"]] | {"pool": r["pool"]} for r in rows], facts


def _published(record: dict) -> str | None:
    raw = record.get("date")
    if not raw:
        return None
    try:  # Reuters: "26-FEB-1987 15:18:06.67"
        return time.strftime("%Y-%m-%d", time.strptime(raw.split()[0], "%d-%b-%Y"))
    except ValueError:
        return raw


def articles(records: list[dict], lang: str) -> list[tuple[str, object]]:
    """Each record as `kg build` reads its JSON line: (corpus id, Article)."""
    from kg.ingest import article_from_text

    out = []
    for r in records:
        a = article_from_text(
            r["text"],
            path=r["pool"],
            title=r.get("title"),
            url=f"{r['pool']}:{r['id']}",
            source="Reuters" if r["pool"].startswith("en_reuters") else None,
            published=_published(r),
            lang=lang,
        )
        out.append((r["id"], a))
    return out


def sub_properties() -> dict[str, set[str]]:
    """predicate -> itself and every property it implies (importsFrom -> buysFrom), from the
    ontology's rdfs:subPropertyOf axioms, as the graph's inference materialises them."""
    from kg.rdf.rules import load_rules, local_name

    up: dict[str, set[str]] = defaultdict(set)
    for rule in load_rules():
        if rule.kind == "subproperty":
            up[local_name(rule.body[0])].add(local_name(rule.head))
    return dict(up)


def implies(predicted: str, gold: str, up: dict[str, set[str]]) -> bool:
    return gold == predicted or gold in up.get(predicted, ())


@dataclass(frozen=True, slots=True)
class Edge:
    """One graph edge of an article: entity keys, the names each end carries in the graph."""

    subject: str
    predicate: str
    object: str
    subject_names: frozenset[str]
    object_names: frozenset[str]
    confidence: float
    sentence: str


def graph_edges(ex) -> list[Edge]:
    """The direct edges an extraction puts into the graph, one per (s, p, o) entity triple;
    an unnamed node ("unnamed organisation") carries no name."""
    from kg.model import SELF_NAME
    from kg.names import is_pronoun

    names: dict[str, set[str]] = defaultdict(set)
    for m in ex.mentions:
        # "US" is a name, "us" a pronoun
        if not (is_pronoun(m.text) and not m.text.isupper()):
            names[m.key].add(m.text)
    best: dict[tuple[str, str, str], Edge] = {}
    for f in ex.facts:
        if f.modality == "Negated":
            continue
        ends = [
            frozenset() if m.name == SELF_NAME else frozenset({m.name, *names[m.key]})
            for m in (f.subject, f.object)
        ]
        e = Edge(f.subject.name, f.predicate, f.object.name, *ends, f.confidence, f.sentence)
        key = (f.subject.key, f.predicate, f.object.key)
        if key not in best or e.confidence > best[key].confidence:
            best[key] = e
    return list(best.values())


class Names:
    """Name matching as eval_public.py does it (equal, or one inside the other on word
    boundaries, after folding case, diacritics, articles, possessives and legal forms), plus
    a lower-case last word's plural "s" ("car" ~ "cars": one product class) and the aliases
    the gazetteer and the place index know ("US" ~ "United States" ~ "USA")."""

    def __init__(self, lang: str) -> None:
        from kg import gazetteer, places

        self.lang = lang
        self.gaz = gazetteer.load()
        self.places = places
        self._keys: dict[str, str | None] = {}

    def key(self, name: str) -> str | None:
        if name not in self._keys:
            from kg.names import lookup_forms

            hit = None
            place = self.places.lookup(name, self.lang) or self.places.lookup(name, "en")
            if place is not None:
                hit = place.key
            else:
                for form in lookup_forms(name, lang=self.lang):
                    entry = self.gaz.lookup(form)
                    if entry is not None:
                        hit = entry.key
                        break
            self._keys[name] = hit
        return self._keys[name]

    def same(self, name: str, gold: str) -> bool:
        from eval_public import name_matches

        if name_matches(name, gold) or name_matches(_singular(name), _singular(gold)):
            return True
        if self.lang == "de" and name_matches(*_german_number(name, gold)):
            return True
        k = self.key(name)
        return k is not None and k == self.key(gold)

    def any(self, names: frozenset[str] | set[str], gold: str) -> bool:
        return any(self.same(n, gold) for n in names)


def _singular(name: str) -> str:
    """The last word without a plural "s": a product class is one whatever its number ("car
    giant Toyota" makes the cars the gold names)."""
    head, _, last = name.rpartition(" ")
    if len(last) > 3 and last.endswith("s") and not last.endswith("ss") and last.islower():
        last = last[:-1]
    return f"{head} {last}".strip()


_DE_PLURAL = ("ien", "nen", "en", "er", "se", "e", "n", "s")


def _german_number(name: str, gold: str) -> tuple[str, str]:
    """Both names with the same last noun when one is the other's plural ("Mobiltelefon" ~
    "Mobiltelefone", "Textil" ~ "Textilien"): a product class is one whatever its number."""
    a_head, _, a = name.rpartition(" ")
    b_head, _, b = gold.rpartition(" ")
    short, long = sorted((a, b), key=len)
    if short[:1].isupper() and long.startswith(short) and long[len(short) :] in _DE_PLURAL:
        return f"{a_head} {short}".strip(), f"{b_head} {short}".strip()
    return name, gold


def score_article(ex, gold: list[Gold], res: Scores, up: dict, names: Names) -> None:
    from kg.vocab import vocabulary

    symmetric = vocabulary().symmetric

    def matches(e: Edge, g: Gold) -> bool:
        if not implies(e.predicate, g.predicate, up):
            return False
        if names.any(e.subject_names, g.subject) and names.any(e.object_names, g.object):
            return True
        return (
            e.predicate in symmetric
            and names.any(e.subject_names, g.object)
            and names.any(e.object_names, g.subject)
        )

    positive = [g for g in gold if g.modality != "Negated"]
    negated = [g for g in gold if g.modality == "Negated"]
    preds = graph_edges(ex)
    found: set[Gold] = set()
    for e in preds:
        hits = [g for g in positive if matches(e, g)]
        res.add(e.predicate, 0 if hits else 1)
        res.scored.append((e.confidence, bool(hits)))
        found.update(hits)
        if not hits:
            bad = any(matches(e, g) for g in negated)
            res.fps.append(
                (gold_id(ex), (e, "a negated fact as an edge" if bad else "not in gold"))
            )
    all_names = {n for e in preds for n in (*e.subject_names, *e.object_names)}
    all_names |= {m.text for m in ex.mentions}
    for g in positive:
        res.add(g.predicate, 2 if g in found else 3)
        if g in found:
            res.modality[(g.modality, _modality_of(ex, g, names, up))] += 1
            continue
        s_in, o_in = names.any(all_names, g.subject), names.any(all_names, g.object)
        why = {
            (True, True): "both named, no edge",
            (True, False): "object not named",
            (False, True): "subject not named",
            (False, False): "neither named",
        }[(s_in, o_in)]
        res.fns.append((g, why))
    for g in negated:
        res.negated[0] += 1
        res.negated[1] += _modality_of(ex, g, names, up, negated=True) == "Negated"
        res.negated[2] += any(matches(e, g) for e in preds)


def gold_id(ex) -> str:
    return ex.article.url.split(":", 1)[1] if ex.article.url else ex.article.id


def _modality_of(ex, g: Gold, names: Names, up: dict, *, negated: bool = False) -> str | None:
    """The modality the article states the gold fact with (Negated first when asked)."""
    seen = [
        f.modality
        for f in ex.facts
        if implies(f.predicate, g.predicate, up)
        and names.any({f.subject.name, f.subject.text}, g.subject)
        and names.any({f.object.name, f.object.text}, g.object)
    ]
    if negated and "Negated" in seen:
        return "Negated"
    return seen[0] if seen else None


def score(lang: str, split: str) -> Scores:
    from kg.extract import extract_articles
    from kg.model import Article
    from kg.resolve import Resolver

    records, gold = read_gold(lang, split)
    pairs = articles(records, lang)
    res = Scores()
    good = [(i, a) for i, a in pairs if isinstance(a, Article)]
    for i, a in pairs:
        if not isinstance(a, Article):
            print(f"   skipped {i}: {a}")
    resolver = Resolver()
    up = sub_properties()
    names = Names(lang)
    for (doc_id, _a), ex in zip(good, extract_articles([a for _, a in good]), strict=True):
        score_article(resolver.resolve(ex), gold[doc_id], res, up, names)
    return res


def report(lang: str, split: str, res: Scores, seconds: float, show: int) -> None:
    from eval_public import bands

    print(f"== real news {lang}, {split} split ({seconds:.1f} s)")
    for group in ("company", "all"):
        f1_min, p_min = TARGETS[lang][group]
        _p, _r, f1 = Scores.prf(res.tallies[group])
        ok = f1 >= f1_min and _p >= p_min
        print(f"   {res.line(group)}   target F1>={f1_min} P>={p_min} {'ok' if ok else 'NOT MET'}")
    n, neg, edge = res.negated
    print(f"   negated gold facts: {n}; yielded Negated {neg}; as a positive edge {edge}")
    same = sum(c for (g, p), c in res.modality.items() if g == p)
    total = sum(res.modality.values())
    print(f"   modality right on found facts: {same}/{total}")
    if split == "check":
        return  # numbers only: the check split's errors are never read
    for rel in sorted(k for k in res.tallies if k not in ("all", "company", "other")):
        print("     " + res.line(rel))
    print("   precision per confidence band:")
    print("\n".join(bands(res.scored)))
    reasons = Counter(why for _, why in res.fns)
    print("   misses: " + ", ".join(f"{n} {w}" for w, n in reasons.most_common()))
    for doc_id, (e, why) in res.fps[:show]:
        print(
            f"   FP  {e.subject} -{e.predicate}-> {e.object}  [{why}; {e.confidence:.2f}] "
            f"({doc_id}) | {e.sentence[:100]}"
        )
    for g, why in res.fns[:show]:
        print(
            f"   FN  {g.subject} -{g.predicate}-> {g.object} ({g.modality}) [{why}] "
            f"({g.article} {g.start}-{g.end})"
        )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("draw", help="print pool, id, split and round of every drawn article")
    d.add_argument("--corpora", type=Path, default=CORPORA)
    d.add_argument("--round", type=int, default=None, help="only the articles of this round")
    s = sub.add_parser("score", help="score the graph against the gold of one split")
    s.add_argument("--lang", choices=("en", "de"), required=True)
    s.add_argument("--split", choices=("dev", "check"), required=True)
    s.add_argument("--show", type=int, default=40, help="false positives/negatives printed")
    args = ap.parse_args(argv)
    if args.cmd == "draw":
        for pool in POOLS:
            for n, article_id in drawn_ids(pool, args.corpora):
                if args.round in (None, n):
                    print(pool, article_id, split_of(article_id, n), n, sep="\t")
    else:
        t0 = time.perf_counter()
        res = score(args.lang, args.split)
        report(args.lang, args.split, res, time.perf_counter() - t0, args.show)


if __name__ == "__main__":
    main()
