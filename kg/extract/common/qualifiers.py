"""Qualifiers of one fact, read from its own sentence: how much (`amount` + ISO 4217 currency),
what stake (`stake`, percent), what capacity (`capacity` + unit), how long (`duration`,
xsd:duration) and when (`eventDate`, or `expectedBy` for a deadline or a planned date), dates
normalised against the article's publication date.

Finding the expressions and reading their values: `kg.extract.common.quantities` (maintained
parsers: price-parser, text2num, dateparser).

Attaching (precision first: a wrong amount on a deal misleads more than a missing one):
- only kinds the relation takes (`kinds` in the resource: a stake on `investsIn`, never on
  `basedIn`);
- only inside the frame's clause: for English the clause of the trigger from the parse
  (`english_clause`: the trigger's chain up through control, complement and reporting verbs,
  without relative, adverbial and coordinated clauses of other verbs); for German (no parser)
  the comma/conjunction segments spanned by the trigger and arguments; reporting segments
  ("wie X am Dienstag mitteilte") count for dates only;
- not an amount or percent next to a share-price or earnings word ("shares rose 5%", "revenue
  of $3 billion"), not the date of another event ("the election in November");
- one qualifier per kind: the candidate nearest the trigger.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from kg.extract.common.quantities import (
    Expression,
    Span,
    candidates,
    every_lang,
    phrases,
    vocab,
)
from kg.model import MODALITIES, QUALIFIER_KINDS, Qualifier

KINDS = QUALIFIER_KINDS
_EVENT_DATE, _EXPECTED_BY = QUALIFIER_KINDS[4], QUALIFIER_KINDS[5]
# Modalities of facts not yet done: a date without a cue is then when they are due.
_TENTATIVE = frozenset(MODALITIES[1:4])


# -- attaching ---------------------------------------------------------------------------------
@lru_cache(maxsize=2)
def _segmenter(lang: str) -> re.Pattern[str]:
    """Cuts between clauses: semicolons, colons, dashes, and a comma (or, in English, a space)
    before a word that opens another clause (`segment_openers`, `segment_conjunctions`)."""
    v = vocab()
    after_space = v["segment_conjunctions"].get(lang)
    return re.compile(
        r";|:\s|\s[–—]\s|\s-\s|,\s(?=(?:"
        + phrases(v["segment_openers"][lang])
        + r")\b)"
        + (rf"|\s(?=(?:{phrases(after_space)})\s)" if after_space else ""),
        re.I,
    )


@lru_cache(maxsize=1)
def _reporting() -> re.Pattern[str]:
    return re.compile(rf"(?i)\b(?:{phrases(every_lang('reporting_verbs'))})\b")


def _segments(sentence: str, lang: str) -> list[Span]:
    cuts = [0]
    for m in _segmenter("en" if lang != "de" else "de").finditer(sentence):
        cuts.append(m.end() if m.group(0).strip() else m.start())
    cuts.append(len(sentence))
    return [(a, b) for a, b in itertools.pairwise(cuts) if b > a]


def _words_near(sentence: str, s: int, e: int, seg: Span, n: int) -> list[str]:
    left = re.findall(r"[\w'’-]+", sentence[seg[0] : s])[-n:]
    right = re.findall(r"[\w'’-]+", sentence[e : seg[1]])[:n]
    return [w.lower() for w in (*left, *right)]


def _blocked(c: Expression, sentence: str, seg: Span, lang: str) -> bool:
    v = vocab()
    if c.family in ("amount", "percent"):
        cues = set(v["distractor_cues"][lang])
        if c.family == "percent":
            cues -= set(every_lang("share_words"))
        near = _words_near(sentence, c.start, c.end, seg, 3)
        # "$53 billion in stock / in shares / in cash" is how a deal is paid, not a share price.
        after = near[len(near) - len(_words_near(sentence, c.end, c.end, (c.end, seg[1]), 3)) :]
        if after[:1] == ["in"] and after[1:2] and after[1] in every_lang("payment_words"):
            near = near[: len(near) - len(after)]
        if any(w in cues for w in near):
            return True
    if c.family == "percent":
        near = _words_near(sentence, c.start, c.end, seg, 5)
        return not any(w in v["stake_cues"][lang] for w in near)
    if c.family == "date":
        before = re.findall(r"[\w'’-]+", sentence[seg[0] : c.start])[-3:]
        events = set(v["event_nouns"][lang])
        # "the election in November", "die Wahl im November": the date of another event.
        if any(w.lower() in events for w in before):
            return True
    return False


def _expected(c: Expression, sentence: str, lang: str, modality: str | None) -> bool:
    before = sentence[max(0, c.start - 24) : c.start].lower()
    cues = vocab()["expected_cues"][lang]
    if any(re.search(rf"\b{re.escape(cue)}(?:\s(?:the|der|des|dem))?\s?$", before) for cue in cues):
        return True
    if c.future is not None:
        return c.future
    return modality in _TENTATIVE and c.value[:1].isdigit()


def _across_semicolon(sentence: str, c: Expression, focus: Span) -> bool:
    a, b = sorted((c.start, focus[0]))
    return ";" in sentence[a:b]


def _inside(s: int, e: int, spans: Sequence[Span]) -> bool:
    return any(a <= s and e <= b for a, b in spans)


def attach(
    sentence: str,
    *,
    offset: int,
    lang: str,
    predicate: str,
    anchors: Sequence[Span],
    clause: Sequence[Span] | None = None,
    published: str | None = None,
    modality: str | None = None,
    described: Sequence[Span] = (),
) -> tuple[Qualifier, ...]:
    """The qualifiers of one fact. `sentence` starts at article offset `offset`; `anchors` are
    article spans of the trigger (first) and the arguments; `clause` the article spans of the
    trigger's clause when a parse gives it; `described` the article spans of clauses that
    describe a facility argument ("a plant that will produce 27 GWh"), where a capacity
    belongs to the fact too. Returned offsets are article offsets."""
    kinds = vocab()["kinds"].get(predicate)
    if not kinds or not sentence:
        return ()
    cands = candidates(sentence, lang, published)
    if not cands:
        return ()
    lang = lang if lang in ("en", "de") else "en"
    rel = [(a - offset, b - offset) for a, b in anchors if b > a]
    segs = _segments(sentence, lang)
    if clause is not None:
        region = [(a - offset, b - offset) for a, b in clause]
    else:
        hit = [i for i, (a, b) in enumerate(segs) for s, e in rel if a <= s < b]
        region = segs[min(hit) : max(hit) + 1] if hit else segs
        region = [(region[0][0], region[-1][1])] if region else []
    focus = rel[0] if rel else (0, 0)
    best: dict[str, tuple[int, Expression]] = {}
    for c in cands:
        seg = next(((a, b) for a, b in segs if a <= c.start < b), (0, len(sentence)))
        in_region = _inside(c.start, c.end, region) and not _across_semicolon(sentence, c, focus)
        if not in_region and c.family == "capacity":
            in_region = _inside(c.start, c.end, [(a - offset, b - offset) for a, b in described])
        if not in_region and c.family == "date" and clause is None:
            in_region = bool(_reporting().search(sentence[seg[0] : seg[1]]))
        if not in_region or _blocked(c, sentence, seg, lang):
            continue
        kind = {"percent": "stake"}.get(c.family, c.family)
        if kind == "date":
            kind = _EXPECTED_BY if _expected(c, sentence, lang, modality) else _EVENT_DATE
        if kind not in kinds:
            continue
        dist = min(abs(c.start - focus[1]), abs(focus[0] - c.end))
        if kind not in best or dist < best[kind][0]:
            best[kind] = (dist, c)
    out = []
    for kind in KINDS:
        if kind in best:
            c = best[kind][1]
            value = c.value
            if kind == _EXPECTED_BY and c.unit and c.unit.startswith("Q"):
                q = int(c.unit[1])
                value = f"{c.value[:4]}-{3 * q:02d}"  # by a quarter = by its last month
            unit = c.unit if kind in ("amount", "capacity") else None
            out.append(Qualifier(kind, value, unit, c.start + offset, c.end + offset))
    return tuple(out)


def _frame_acl(t: Any) -> bool:
    """An infinitive or participle that belongs to its noun's frame: "a deal to supply",
    "a contract starting in 2025"."""
    if t.dep_ not in ("acl", "relcl"):
        return False
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
        return True
    # Participles that say when or how much of the noun they modify ("a contract starting in
    # 2025", "a deal valued at $6.7 billion"); other participles and relative clauses ("a
    # company founded in 1990") are another event.
    return t.dep_ == "acl" and t.lemma_.lower() in vocab()["frame_participles"]["en"]


def english_clause(trigger: Any) -> list[Span]:
    """Article spans of the trigger's clause in a spaCy parse: from the trigger up through
    control, complement, reporting and light verbs ("agreed to buy", "said it would buy",
    "completed its acquisition of"), minus relative, adverbial, coordinated and other
    complement clauses hanging off that chain."""
    stop = {"relcl", "advcl", "acl", "parataxis", "conj", "appos", "csubj"}
    top = trigger
    path = {trigger.i}
    while top.head.i != top.i and (top.dep_ not in stop or _frame_acl(top)):
        top = top.head
        path.add(top.i)
    excluded: set[int] = set()
    for t in top.subtree:
        if t.i in path or t.i in excluded:
            continue
        if (
            (t.dep_ in stop and not _frame_acl(t))
            or (t.dep_ == "ccomp" and t.head.i in path)
            or (t.dep_ == "pcomp" and t.pos_ in ("VERB", "AUX"))
        ):  # "after posting a loss"
            if t.dep_ == "conj" and t.pos_ not in ("VERB", "AUX"):
                continue
            excluded.update(x.i for x in t.subtree)
    spans: list[Span] = []
    for t in top.subtree:
        if t.i in excluded:
            continue
        s, e = t.idx, t.idx + len(t.text)
        if spans and s <= spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], e)
        else:
            spans.append((s, e))
    return spans


def for_fact(article: Any, fact: Any, trigger: Any = None) -> tuple[Qualifier, ...]:
    """The qualifiers of `fact` (a `kg.model.Fact` of `article`): with the spaCy `trigger`
    token for English, from the trigger's clause; without one, from the comma/conjunction
    segments its arguments span."""
    sentence = article.text[fact.start : fact.end]
    if fact.predicate not in vocab()["kinds"] or not candidates(
        sentence, article.lang, article.published
    ):
        return ()
    anchors = [(fact.subject.start, fact.subject.end), (fact.object.start, fact.object.end)]
    clause = None
    described: list[Span] = []
    if trigger is not None:
        anchors.insert(0, (trigger.idx, trigger.idx + len(trigger.text)))
        clause = english_clause(trigger)
        for m in (fact.subject, fact.object):
            if m.type == "Facility":
                described += _described(trigger.sent, m.start, m.end)
    return attach(
        sentence,
        offset=fact.start,
        lang=article.lang,
        predicate=fact.predicate,
        anchors=anchors,
        clause=clause,
        published=article.published,
        modality=fact.modality,
        described=described,
    )


def _described(sent: Any, start: int, end: int) -> list[Span]:
    """Spans of relative and participle clauses hanging off the tokens in [start, end)."""
    out: list[Span] = []
    for t in sent:
        if start <= t.idx < end:
            for c in t.children:
                if c.dep_ in ("relcl", "acl"):
                    sub = list(c.subtree)
                    out.append((sub[0].idx, sub[-1].idx + len(sub[-1].text)))
    return out


__all__ = ["KINDS", "attach", "candidates", "english_clause", "for_fact"]
