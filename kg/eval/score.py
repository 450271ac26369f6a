"""Gold facts vs predicted facts: precision, recall, F1 per predicate and micro-averaged.

Matching (documented in tests/gold/README.md):
- article: a gold fact's `article` matches a prediction whose `article` id equals it, or whose
  `source` (path or URL) equals it or ends with "/" + it (a file name); a gold fact without
  `article` but with `text` matches predictions whose evidence sentence occurs in that text;
  with neither it matches any article;
- entities: case-, diacritic- and punctuation-insensitive, alias-aware: both names found in
  the gazetteer under the same entry, or the same after dropping possessive, legal form and
  bracketed acronym, or one the acronym form of the other ("LFP cells");
- predicate: equal; symmetric predicates (negotiatesWith, partnersWith, jointVentureWith,
  mergesWith) match in either direction;
- polarity always counts: a Negated prediction only matches a gold fact marked Negated, and
  a gold fact marked Negated only a Negated prediction; with `match_modality` the modality
  must be equal whenever the gold fact gives one.
Predictions are deduplicated first (the same fact from two sentences counts once), so
precision is over distinct predicted facts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from kg import gazetteer as gaz
from kg.gazetteer import fold
from kg.names import lookup_forms, same_name, squash
from kg.vocab import vocabulary

SYMMETRIC = vocabulary().symmetric


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    per_predicate: dict[str, Score] = field(default_factory=dict)
    micro: Score = field(default_factory=Score)
    false_positives: list[dict[str, Any]] = field(default_factory=list)
    false_negatives: list[dict[str, Any]] = field(default_factory=list)
    matched: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    match_modality: bool = False


class _Names:
    """Entity-name comparison with the gazetteer; memoised (sets are compared pairwise)."""

    def __init__(self, gazetteer: gaz.Gazetteer) -> None:
        self.g = gazetteer
        self._entry: dict[str, str | None] = {}
        self._same: dict[tuple[str, str], bool] = {}

    def entry(self, name: str) -> str | None:
        if name not in self._entry:
            hit = None
            for form in lookup_forms(name):
                e = self.g.lookup(form)
                if e is not None:
                    hit = e.key
                    break
            self._entry[name] = hit
        return self._entry[name]

    def same(self, a: str, b: str) -> bool:
        k = (a, b)
        if k not in self._same:
            ea, eb = self.entry(a), self.entry(b)
            if ea or eb:
                self._same[k] = ea == eb or (fold(a) == fold(b))
            else:
                self._same[k] = same_name(a, b)
        return self._same[k]


def _article_match(g: dict[str, Any], p: dict[str, Any]) -> bool:
    art = g.get("article")
    if art:
        src = str(p.get("source") or "")
        return (
            art == p.get("article")
            or art == src
            or src.endswith("/" + art)
            or src.replace("\\", "/").rsplit("/", 1)[-1] == art
        )
    text = g.get("text")
    if text:
        sent = squash(str(p.get("sentence") or ""))
        return bool(sent) and sent in squash(text)
    return True


def _polarity_ok(g: dict[str, Any], p: dict[str, Any], match_modality: bool) -> bool:
    gm, pm = g.get("modality"), p.get("modality")
    if (gm == "Negated") != (pm == "Negated"):
        return False
    return not (match_modality and gm and gm != pm)


def _matches(g: dict[str, Any], p: dict[str, Any], names: _Names, match_modality: bool) -> bool:
    if g["predicate"] != p["predicate"] or not _article_match(g, p):
        return False
    if not _polarity_ok(g, p, match_modality):
        return False
    if names.same(g["subject"], p["subject"]) and names.same(g["object"], p["object"]):
        return True
    return (
        g["predicate"] in SYMMETRIC
        and names.same(g["subject"], p["object"])
        and names.same(g["object"], p["subject"])
    )


def _dedupe(pred: Iterable[dict[str, Any]], names: _Names) -> list[dict[str, Any]]:
    best: dict[tuple[str, str, str, str, bool], dict[str, Any]] = {}
    for p in pred:
        s, o = p["subject"], p["object"]
        sk = names.entry(s) or fold(lookup_forms(s)[-1])
        ok = names.entry(o) or fold(lookup_forms(o)[-1])
        if p["predicate"] in SYMMETRIC and ok < sk:
            sk, ok = ok, sk
        key = (
            str(p.get("article") or p.get("source") or ""),
            sk,
            p["predicate"],
            ok,
            p.get("modality") == "Negated",
        )
        old = best.get(key)
        if old is None or float(p.get("confidence") or 0) > float(old.get("confidence") or 0):
            best[key] = p
    return list(best.values())


def unmatched_articles(
    gold: Iterable[dict[str, Any]], articles: Iterable[dict[str, Any]]
) -> list[str]:
    """The gold `article` values that name none of `articles` ({"article", "source"} records,
    from the store or the predictions): every gold fact of those articles is bound to be a
    false negative, which usually means a misspelt id or file name, not a bad extractor."""
    known = list(articles)
    out: list[str] = []
    for name in dict.fromkeys(str(g["article"]) for g in gold if g.get("article")):
        if not any(_article_match({"article": name}, a) for a in known):
            out.append(name)
    return out


def evaluate(
    gold: list[dict[str, Any]],
    pred: list[dict[str, Any]],
    *,
    match_modality: bool = False,
    gazetteer: gaz.Gazetteer | None = None,
) -> Report:
    names = _Names(gazetteer if gazetteer is not None else gaz.load())
    preds = _dedupe(pred, names)
    report = Report(match_modality=match_modality)
    used: set[int] = set()
    for g in gold:
        score = report.per_predicate.setdefault(g["predicate"], Score())
        hits = [i for i, p in enumerate(preds) if _matches(g, p, names, match_modality)]
        if hits:
            score.tp += 1
            report.micro.tp += 1
            report.matched.append((g, preds[hits[0]]))
            used.update(hits)
        else:
            score.fn += 1
            report.micro.fn += 1
            report.false_negatives.append({**g, "near": _near(g, preds, names)})
    for i, p in enumerate(preds):
        if i not in used:
            report.per_predicate.setdefault(p["predicate"], Score()).fp += 1
            report.micro.fp += 1
            report.false_positives.append(p)
    return report


def _near(g: dict[str, Any], preds: list[dict[str, Any]], names: _Names) -> str | None:
    """Why a gold fact was missed, when a prediction comes close (evidence for the reader)."""
    for p in preds:
        if not _article_match(g, p):
            continue
        same = names.same(g["subject"], p["subject"]) and names.same(g["object"], p["object"])
        flipped = names.same(g["subject"], p["object"]) and names.same(g["object"], p["subject"])
        if same and p["predicate"] != g["predicate"]:
            return f"predicted as {p['predicate']} ({p.get('modality')}): {p.get('sentence', '')}"
        if same:
            return (
                f"modality {p.get('modality')} vs gold {g.get('modality')}: {p.get('sentence', '')}"
            )
        if flipped and p["predicate"] == g["predicate"]:
            return f"wrong direction: {p['subject']} {p['predicate']} {p['object']}"
    return None


def format_report(report: Report, *, max_errors: int = 50) -> str:
    lines = [f"{'predicate':<24} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}"]
    for pred in sorted(report.per_predicate):
        s = report.per_predicate[pred]
        lines.append(
            f"{pred:<24} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} "
            f"{s.tp:4d} {s.fp:4d} {s.fn:4d}"
        )
    m = report.micro
    lines.append(
        f"{'micro':<24} {m.precision:6.3f} {m.recall:6.3f} {m.f1:6.3f} "
        f"{m.tp:4d} {m.fp:4d} {m.fn:4d}"
    )
    if report.match_modality:
        lines.append("(modality must match)")
    if report.false_negatives:
        lines.append("")
        lines.append(f"false negatives ({len(report.false_negatives)}):")
        for g in report.false_negatives[:max_errors]:
            mod = f" [{g['modality']}]" if g.get("modality") else ""
            where = g.get("_line") or g.get("article") or ""
            lines.append(f"  - {g['subject']} {g['predicate']} {g['object']}{mod}  ({where})")
            if g.get("near"):
                lines.append(f"      near miss: {g['near']}")
    if report.false_positives:
        lines.append("")
        lines.append(f"false positives ({len(report.false_positives)}):")
        for p in report.false_positives[:max_errors]:
            lines.append(
                f"  + {p['subject']} {p['predicate']} {p['object']} "
                f"[{p.get('modality')}, {p.get('confidence')}]  "
                f"({p.get('source') or p.get('article') or ''})"
            )
            if p.get("sentence"):
                lines.append(f"      evidence: {squash(str(p['sentence']))[:200]}")
    return "\n".join(lines)
