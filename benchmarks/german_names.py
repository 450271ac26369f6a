"""German organisation (and place) names measured against SmartData's own entity annotation.

    python benchmarks/german_names.py [--split dev|check] [--show N] [--limit N]

The DFKI SmartData corpus (`../shared/corpora/de_smartdata_v1_companies.jsonl.gz`, research
use only, read at run time) annotates every organisation mention of its 1,214 German documents
(`organization-company`, `organization`) and every place (`location`, `location-city`, ...).
The documents are split by a hash of their id (`real_news.split_of`: dev 60 %, check 40 %);
tune on dev, report check (`--split check` prints numbers only).

What is scored is what the German route (`kg.nlp.german`) calls an organisation: its `ORG`
entities, mention by mention. A predicted span is right when it overlaps a gold organisation
span (one-to-one, left to right); "exact" also asks for the same boundaries once a trailing
possessive "s" and the punctuation around a span are set aside. Places are scored the same way
(`LOC`/`GPE` entities against the corpus's location types), for information.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from real_news import read_pool, split_of  # noqa: E402

POOL = "de_smartdata_v1_companies"
ORG_TYPES = frozenset({"organization-company", "organization"})
PLACE_TYPES = frozenset({"location", "location-city", "location-street", "location-stop"})
TARGET = (0.85, 0.75)  # organisation mentions: min P, min R


@dataclass
class Tally:
    right: int = 0  # predicted spans that overlap a gold span
    wrong: int = 0
    found: int = 0  # gold spans overlapped by a prediction
    missed: int = 0
    exact: int = 0  # predicted spans with the gold boundaries
    fps: Counter = field(default_factory=Counter)
    fns: Counter = field(default_factory=Counter)

    def prf(self) -> tuple[float, float, float]:
        p = self.right / (self.right + self.wrong) if self.right + self.wrong else 0.0
        r = self.found / (self.found + self.missed) if self.found + self.missed else 0.0
        return p, r, 2 * p * r / (p + r) if p + r else 0.0

    def line(self, what: str) -> str:
        p, r, f1 = self.prf()
        n = self.right + self.wrong
        gold = self.found + self.missed
        pe = self.exact / n if n else 0.0
        re_ = self.exact / gold if gold else 0.0
        return (
            f"{what:<14} P={p:.3f} R={r:.3f} F1={f1:.3f}   exact P={pe:.3f} R={re_:.3f}   "
            f"(predicted {n}, gold {gold})"
        )


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Boundaries without surrounding punctuation/marks or a possessive "s" ("Apples")."""
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return start, end


def score_spans(
    text: str, pred: list[tuple[int, int]], gold: list[tuple[int, int]], tally: Tally
) -> None:
    gold = sorted(gold)
    used: set[int] = set()
    for ps, pe in sorted(pred):
        hit = next(
            (k for k, (gs, ge) in enumerate(gold) if k not in used and ps < ge and gs < pe), None
        )
        if hit is None:
            tally.wrong += 1
            tally.fps[text[ps:pe]] += 1
            continue
        used.add(hit)
        tally.right += 1
        gs, ge = gold[hit]
        a, b = _trim(text, ps, pe), _trim(text, gs, ge)
        if a == b or (a[0] == b[0] and a[1] == b[1] + 1 and text[a[1] - 1] == "s"):
            tally.exact += 1
    tally.found += len(used)
    tally.missed += len(gold) - len(used)
    for k, (gs, ge) in enumerate(gold):
        if k not in used:
            tally.fns[text[gs:ge]] += 1


def records(split: str, limit: int | None = None) -> list[dict]:
    out = [r for r in read_pool(POOL) if split_of(r["id"]) == split]
    return out[:limit] if limit else out


def run(split: str, limit: int | None = None) -> tuple[Tally, Tally, float, int]:
    from kg.nlp.german import load

    nlp = load()
    recs = records(split, limit)
    orgs, places = Tally(), Tally()
    t0 = time.perf_counter()
    words = 0
    for r, doc in zip(recs, nlp.pipe(r["text"] for r in recs), strict=True):
        words += sum(1 for t in doc if not t.is_space and not t.is_punct)
        ents = [e for e in doc.ents]
        pred_org = [(e.start_char, e.end_char) for e in ents if e.label_ == "ORG"]
        pred_loc = [(e.start_char, e.end_char) for e in ents if e.label_ in {"LOC", "GPE"}]
        gold_org = [(e["start"], e["end"]) for e in r["entities"] if e["type"] in ORG_TYPES]
        gold_loc = [(e["start"], e["end"]) for e in r["entities"] if e["type"] in PLACE_TYPES]
        score_spans(r["text"], pred_org, gold_org, orgs)
        score_spans(r["text"], pred_loc, gold_loc, places)
    return orgs, places, time.perf_counter() - t0, words


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=("dev", "check"), default="dev")
    ap.add_argument("--show", type=int, default=0, help="most frequent misses/false names (dev)")
    ap.add_argument("--limit", type=int, default=None, help="first N documents of the split")
    args = ap.parse_args(argv)
    orgs, places, seconds, words = run(args.split, args.limit)
    n = orgs.right + orgs.wrong
    print(f"== German names, SmartData {args.split} split ({seconds:.1f} s, {words} words)")
    p, r, _f = orgs.prf()
    ok = p >= TARGET[0] and r >= TARGET[1]
    print(
        f"   {orgs.line('organisations')}   target P>={TARGET[0]} R>={TARGET[1]} "
        f"{'ok' if ok else 'NOT MET'}"
    )
    print(f"   {places.line('places')}")
    if args.split == "check" or not args.show:
        return
    print(
        "   false organisation names: "
        + ", ".join(f"{t!r} {c}" for t, c in orgs.fps.most_common(args.show))
    )
    print(
        "   missed organisation names: "
        + ", ".join(f"{t!r} {c}" for t, c in orgs.fns.most_common(args.show))
    )
    _ = n


if __name__ == "__main__":
    main()
