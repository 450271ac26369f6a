"""Qualifiers of one fact, read from its own sentence: how much (`amount` + ISO 4217 currency),
what stake (`stake`, percent), what capacity (`capacity` + unit), how long (`duration`,
xsd:duration) and when (`eventDate`, or `expectedBy` for a deadline or a planned date), dates
normalised against the article's publication date.

Finding: numbers are read by maintained parsers (`price-parser` for digit groups and decimal
commas, `text2num` for number words in English and German, `dateparser` for weekdays, relative
and calendar dates against the article date); the patterns here only find where an expression
starts and ends and what its unit, currency or cue word is (`kg/resources/qualifiers.json`).

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
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from kg.model import Qualifier
from kg.paths import RESOURCES

KINDS = ("amount", "stake", "capacity", "duration", "eventDate", "expectedBy")
Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class _Cand:
    family: str  # amount | percent | capacity | duration | date
    value: str
    unit: str | None
    start: int  # offsets in the sentence
    end: int
    expected: bool = False  # a deadline cue ("by", "ab") or a date after the article's
    future: bool | None = None  # date later than the article date (None: unknown)


# -- vocabulary --------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _vocab() -> dict[str, Any]:
    return json.loads((RESOURCES / "qualifiers.json").read_text(encoding="utf-8"))


def _alt(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_NUM = r"\d{1,3}(?:[,.]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_WORDS = {
    "en": "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty hundred",
    "de": "ein eine einen einer zwei drei vier fünf sechs sieben acht neun zehn elf zwölf "
    "dreizehn vierzehn fünfzehn sechzehn siebzehn achtzehn neunzehn zwanzig dreißig "
    "vierzig fünfzig hundert",
}
_MONTHS = {
    "en": "January February March April May June July August September October November "
    "December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec",
    "de": "Januar Jänner Februar März April Mai Juni Juli August September Oktober November "
    "Dezember",
}
_WEEKDAYS = {
    "en": "Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
    "de": "Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonnabend Sonntag",
}
_ORDINAL_Q = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
    "ersten": 1,
    "zweiten": 2,
    "dritten": 3,
    "vierten": 4,
    "erste": 1,
    "zweite": 2,
    "dritte": 3,
    "vierte": 4,
    "1.": 1,
    "2.": 2,
    "3.": 3,
    "4.": 4,
}


@lru_cache(maxsize=2)
def _patterns(lang: str) -> dict[str, re.Pattern[str]]:
    v = _vocab()
    words = _WORDS[lang]
    num = rf"(?:{_NUM}|(?:{'|'.join(words.split())})\b)"
    glued = rf"(?:{_NUM}|{'|'.join(words.split())})"  # "zehnjährigen": no word boundary
    cur_pre = r"(?:US\$|C\$|A\$|[$€£¥]|\b(?:USD|EUR|GBP|JPY|CNY|CHF|RMB)\s?)"
    scales = _alt([s for s in v["scales"] if len(s) > 1])
    cur_post = _alt([c for c in v["currencies"] if len(c) > 1])
    months = "|".join(_MONTHS[lang].split())
    wd = "|".join(_WEEKDAYS[lang].split())
    cap = _alt(v["capacity_units"])
    annual = _alt(v["annual_units"])
    per_year = _alt(v["per_year"])
    p = {
        # "$2.3 billion", "€500m", "US$1.2bn", "USD 40 million"
        "money_pre": rf"{cur_pre}\s?(?P<num>{_NUM})"
        rf"(?:\s?-?(?P<scale>{scales})\b|(?P<short>[mbk]n?)\b)?",
        # "1,1 Mrd. Euro", "500 Millionen Euro", "two billion dollars"
        "money_post": rf"\b(?P<num>{num})\s?(?:(?P<scale>{scales})(?:\s|\b))?"
        rf"\s?(?P<cur>{cur_post})\b",
        "percent": rf"\b(?P<num>{num})\s?-?(?:%|\s?(?:percent|per cent|Prozent|vH)\b)",
        "capacity": rf"\b(?P<num>{num})\s?(?:(?P<scale>{scales})\s)?(?P<unit>{cap})\b"
        rf"(?P<per>\s(?:of\s\w+\s)?(?:{per_year})\b)?",
        "annual": rf"\b(?P<num>{num})\s(?:(?P<scale>{scales})\s)?(?:\w+\s)?(?P<unit>{annual})\b"
        rf"(?P<per>\s(?:{per_year})\b)?",
        "date_day": (
            rf"\b(?P<month>{months})\.?\s(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b"
            r"(?:,?\s(?P<year>\d{4}))?"
            if lang == "en"
            else rf"\b(?P<day>\d{{1,2}})\.\s?(?P<month>{months})\b(?:\s(?P<year>\d{{4}}))?"
        ),
        "date_month": rf"\b(?P<month>{months})\b(?:\s(?:of\s)?(?P<year>(?:19|20)\d{{2}}))?",
        "weekday": rf"\b(?P<wd>{wd})\b",
        "quarter": (
            r"\b(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]quarter"
            r"|(?P<q>Q[1-4]))(?:\s(?:of\s)?(?P<year>(?:19|20)\d{2}))?"
            if lang == "en"
            else r"\b(?:(?P<ord>ersten|zweiten|dritten|vierten|erste|zweite|dritte|vierte|[1-4]\.)"
            r"\sQuartal|(?P<q>Q[1-4]))(?:\s(?:des\sJahres\s)?(?P<year>(?:19|20)\d{2}))?"
        ),
        "year": r"\b(?P<year>(?:19|20)\d{2})\b(?![.,]\d|\s?(?:%|percent|Prozent))",
        "relative": (
            r"\b(?:yesterday|today|(?:last|next|this|earlier this)\s(?:week|month|year))\b"
            if lang == "en"
            else r"\b(?:gestern|heute|(?:vergangene|vergangenen|letzte|letzten|vorige|vorigen"
            r"|kommende|kommenden|nächste|nächsten|diese|dieser|diesen)\s(?:Woche|Monat|Monats|Jahr|Jahres))\b"
        ),
        "duration": (
            rf"\b(?P<num>{num})[\s-](?P<unit>year|month)s?(?:[\s-]long)?\b(?![\s-]old)"
            r"|\b(?:for|over)\s(?:the\s(?:next|coming)\s)?(?P<num2>"
            + num
            + r")\s(?P<unit2>year|month)s?\b"
            if lang == "en"
            else rf"\b(?P<num>{glued})-?(?P<unit>jährig|monatig)\w*"
            rf"|\b(?P<num2>{'|'.join(w.capitalize() for w in words.split())})"
            r"(?P<unit2>jahres|monats)\w+"
            r"|\b(?:für|über|von)\s(?:die\s(?:nächsten|kommenden)\s)?"
            rf"(?P<num3>{num})\s(?P<unit3>Jahre|Jahren|Monate|Monaten)\b"
            rf"|\b(?P<num4>{num})\s(?P<unit4>Jahre|Monate)\slang\b"
        ),
    }
    flags = {"weekday": 0, "date_month": 0, "date_day": 0}
    return {k: re.compile(x, flags.get(k, re.IGNORECASE)) for k, x in p.items()}


# -- numbers -----------------------------------------------------------------------------------
def _number(text: str, lang: str) -> Decimal | None:
    from price_parser import Price

    text = text.strip()
    if not text:
        return None
    if text[0].isdigit():
        sep = "," if lang == "de" else "."
        # "1,000" in English and "1.000" in German are thousands, "1,1" in German a decimal.
        amount = Price.fromstring(text, decimal_separator=sep).amount
        return Decimal(amount) if amount is not None else None
    from text_to_num import text2num

    word = text.lower()
    if word in ("ein", "eine", "einen", "einer"):
        return Decimal(1)
    try:
        return Decimal(text2num(word, lang))
    except (ValueError, InvalidOperation):
        return None


def _scale(word: str | None) -> int:
    if not word:
        return 0
    w = word.lower()
    if w in ("m", "mn"):
        return 6
    if w in ("b", "bn"):
        return 9
    if w == "k":
        return 3
    return int(_vocab()["scales"].get(w, _vocab()["scales"].get(w.rstrip("."), 0)))


def _dec(x: Decimal) -> str:
    s = format(x.normalize(), "f")
    return s


# -- dates -------------------------------------------------------------------------------------
def _base(published: str | None) -> datetime | None:
    if not published:
        return None
    try:
        return datetime.fromisoformat(published[:10])
    except ValueError:
        return None


def _parse_date(
    text: str, lang: str, base: datetime | None, *, future: bool = False
) -> date | None:
    import dateparser

    settings: dict[str, Any] = {"PREFER_DATES_FROM": "future" if future else "past"}
    if base is not None:
        settings["RELATIVE_BASE"] = base
    text = re.sub(r"^(vergangene|vergangenen|vorige|vorigen)\b", "letzte", text, flags=re.I)
    got = dateparser.parse(text, languages=[lang], settings=settings)
    return got.date() if got else None


def _month_no(name: str, lang: str) -> int | None:
    names = [m.lower() for m in _MONTHS[lang].split()]
    n = name.lower().rstrip(".")
    if lang == "de":
        order = [
            "januar",
            "februar",
            "märz",
            "april",
            "mai",
            "juni",
            "juli",
            "august",
            "september",
            "oktober",
            "november",
            "dezember",
        ]
        return 1 if n == "jänner" else (order.index(n) + 1 if n in order else None)
    if n in names[:12]:
        return names.index(n) + 1
    short = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    return short.index(n[:3]) + 1 if n[:3] in short else None


def _dates(sentence: str, lang: str, base: datetime | None, taken: list[Span]) -> list[_Cand]:
    pats = _patterns(lang)
    out: list[_Cand] = []

    def add(s: int, e: int, value: str, d: date | None) -> None:
        if any(s < b and a < e for a, b in taken):
            return
        taken.append((s, e))
        fut = None if base is None or d is None else d > base.date()
        out.append(_Cand("date", value, None, s, e, future=fut))

    for m in pats["date_day"].finditer(sentence):
        month = _month_no(m["month"], lang)
        year = int(m["year"]) if m["year"] else (base.year if base else None)
        if month is None or year is None:
            continue
        try:
            d = date(year, month, int(m["day"]))
        except ValueError:
            continue
        add(m.start(), m.end(), d.isoformat(), d)
    for m in pats["quarter"].finditer(sentence):
        q = _ORDINAL_Q.get((m["ord"] or "").lower()) or (int(m["q"][1]) if m["q"] else None)
        year = int(m["year"]) if m["year"] else (base.year if base else None)
        if q is None or year is None:
            continue
        # A quarter is kept as its first month; a deadline ("by the first quarter") as its last.
        out_start = len(out)
        add(m.start(), m.end(), f"{year}-{3 * q - 2:02d}", date(year, 3 * q - 2, 1))
        if len(out) > out_start:
            out[-1] = _Cand(
                "date", out[-1].value, f"Q{q}", out[-1].start, out[-1].end, future=out[-1].future
            )
    for m in pats["date_month"].finditer(sentence):
        month = _month_no(m["month"], lang)
        if month is None or (
            lang == "en"
            and m["month"] in ("May", "March")
            and not m["year"]
            and not re.search(
                r"\b(?:in|by|until|from|since|early|late|mid)\s$", sentence[: m.start()]
            )
        ):
            continue  # "May" the verb, "March" the noun: only after a preposition
        year = int(m["year"]) if m["year"] else None
        if year is None:
            if base is None:
                continue
            year = base.year
        add(m.start(), m.end(), f"{year}-{month:02d}", date(year, month, 1))
    for m in pats["year"].finditer(sentence):
        before = sentence[max(0, m.start() - 24) : m.start()].lower()
        if not re.search(
            r"(?:\b(?:in|im|by|bis|ab|from|since|seit|starting|beginning|until|"
            r"end of|ende|anfang|mitte|early|late|mid|jahr|year|of|fiscal)\s?-?"
            r"|\bmid-)$",
            before,
        ):
            continue
        y = int(m["year"])
        add(m.start(), m.end(), str(y), date(y, 7, 1) if base is None or y != base.year else None)
    for key in ("weekday", "relative"):
        for m in pats[key].finditer(sentence):
            if base is None:
                continue
            fut = bool(re.match(r"(?i)next|kommend|nächst", m.group(0)))
            d = _parse_date(m.group(0), lang, base, future=fut)
            if d is None:
                continue
            if re.search(r"(?i)year|jahr", m.group(0)):
                add(m.start(), m.end(), str(d.year), d)
            elif re.search(r"(?i)month|monat", m.group(0)):
                add(m.start(), m.end(), f"{d.year}-{d.month:02d}", d)
            else:
                add(m.start(), m.end(), d.isoformat(), d)
    return out


# -- candidates in one sentence ----------------------------------------------------------------
@lru_cache(maxsize=4096)
def candidates(sentence: str, lang: str, published: str | None) -> tuple[_Cand, ...]:
    """Every qualifier expression in `sentence`, whatever fact it belongs to."""
    lang = lang if lang in ("en", "de") else "en"
    v = _vocab()
    pats = _patterns(lang)
    taken: list[Span] = []
    out: list[_Cand] = []

    def free(s: int, e: int) -> bool:
        return not any(s < b and a < e for a, b in taken)

    for key in ("money_pre", "money_post"):
        for m in pats[key].finditer(sentence):
            if not free(m.start(), m.end()):
                continue
            n = _number(m["num"], lang)
            if n is None:
                continue
            cur_text = (
                m.group(0)[: m.start("num") - m.start()].strip() if key == "money_pre" else m["cur"]
            )
            code = v["currencies"].get(cur_text.lower().strip(), None)
            if code is None:
                continue
            scale = _scale(m["scale"]) or (_scale(m["short"]) if key == "money_pre" else 0)
            taken.append((m.start(), m.end()))
            out.append(_Cand("amount", _dec(n * Decimal(10) ** scale), code, m.start(), m.end()))
    for key in ("capacity", "annual"):
        for m in pats[key].finditer(sentence):
            if not free(m.start(), m.end()):
                continue
            unit = (v["capacity_units"] if key == "capacity" else v["annual_units"]).get(
                m["unit"].lower()
            )
            per = bool(m["per"]) or bool(
                re.search(
                    r"(?i)(?:capacity|kapazität|output|produce|produzieren|build|bauen|fertigen|"
                    + _alt(v["per_year"])
                    + r")\b[\w\s,]{0,30}$",
                    sentence[: m.start()],
                )
            )
            if unit is None or (unit not in ("GWh", "MWh", "GW", "MW") and not per):
                continue
            n = _number(m["num"], lang)
            if n is None:
                continue
            if unit not in ("GWh", "MWh", "GW", "MW"):
                unit = f"{unit}/year"
            taken.append((m.start(), m.end()))
            out.append(
                _Cand(
                    "capacity",
                    _dec(n * Decimal(10) ** _scale(m["scale"])),
                    unit,
                    m.start(),
                    m.end(),
                )
            )
    for m in pats["percent"].finditer(sentence):
        if free(m.start(), m.end()):
            n = _number(m["num"], lang)
            if n is not None and 0 < n <= 100:
                taken.append((m.start(), m.end()))
                out.append(_Cand("percent", _dec(n), None, m.start(), m.end()))
    for m in pats["duration"].finditer(sentence):
        if not free(m.start(), m.end()):
            continue
        g = m.groupdict()
        num = g.get("num") or g.get("num2") or g.get("num3") or g.get("num4")
        unit = (g.get("unit") or g.get("unit2") or g.get("unit3") or g.get("unit4") or "").lower()
        n = _number(num or "", lang)
        if n is None or n <= 0 or n != n.to_integral_value():
            continue
        letter = "M" if unit.startswith(("month", "monat")) else "Y"
        taken.append((m.start(), m.end()))
        out.append(_Cand("duration", f"P{int(n)}{letter}", None, m.start(), m.end()))
    out.extend(_dates(sentence, lang, _base(published), taken))
    return tuple(sorted(out, key=lambda c: c.start))


# -- attaching ---------------------------------------------------------------------------------
_SEG = {
    "en": re.compile(
        r";|:\s|\s[–—]\s|\s-\s|,\s(?=(?:while|whereas|which|who|whose|after|as|"
        r"sending|making|bringing|but|although|though|when|where|compared|"
        r"up from|down from|the\s+company\s+said|said|according)\b)"
        r"|\s(?=(?:after|while|whereas|although|because)\s)",
        re.I,
    ),
    "de": re.compile(
        r";|:\s|\s[–—]\s|\s-\s|,\s(?=(?:während|nachdem|bevor|als|weil|da|obwohl|"
        r"wobei|womit|wodurch|wie|die|der|das|dem|den|deren|dessen|was|wo|"
        r"sagte|teilte|hieß|so)\b)",
        re.I,
    ),
}
_REPORTING = re.compile(
    r"(?i)\b(?:said|says|announced|reported|told|mitteilte|teilte|sagte|"
    r"bekanntgab|gab|kündigte|berichtete|hieß)\b"
)


def _segments(sentence: str, lang: str) -> list[Span]:
    cuts = [0]
    for m in _SEG["en" if lang != "de" else "de"].finditer(sentence):
        cuts.append(m.end() if m.group(0).strip() else m.start())
    cuts.append(len(sentence))
    return [(a, b) for a, b in itertools.pairwise(cuts) if b > a]


def _words_near(sentence: str, s: int, e: int, seg: Span, n: int) -> list[str]:
    left = re.findall(r"[\w'’-]+", sentence[seg[0] : s])[-n:]
    right = re.findall(r"[\w'’-]+", sentence[e : seg[1]])[:n]
    return [w.lower() for w in (*left, *right)]


def _blocked(c: _Cand, sentence: str, seg: Span, lang: str) -> bool:
    v = _vocab()
    if c.family in ("amount", "percent"):
        cues = set(v["distractor_cues"][lang])
        if c.family == "percent":
            cues -= {"share", "shares", "stock", "stocks", "aktie", "aktien"}
        near = _words_near(sentence, c.start, c.end, seg, 3)
        # "$53 billion in stock / in shares / in cash" is how a deal is paid, not a share price.
        after = near[len(near) - len(_words_near(sentence, c.end, c.end, (c.end, seg[1]), 3)) :]
        if after[:1] == ["in"] and after[1:2] and after[1] in ("stock", "shares", "cash"):
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


def _expected(c: _Cand, sentence: str, lang: str, modality: str | None) -> bool:
    before = sentence[max(0, c.start - 24) : c.start].lower()
    cues = _vocab()["expected_cues"][lang]
    if any(re.search(rf"\b{re.escape(cue)}(?:\s(?:the|der|des|dem))?\s?$", before) for cue in cues):
        return True
    if c.future is not None:
        return c.future
    return modality in ("Planned", "Negotiating", "Hedged") and c.value[:1].isdigit()


def _across_semicolon(sentence: str, c: _Cand, focus: Span) -> bool:
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
    kinds = _vocab()["kinds"].get(predicate)
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
    best: dict[str, tuple[int, _Cand]] = {}
    for c in cands:
        seg = next(((a, b) for a, b in segs if a <= c.start < b), (0, len(sentence)))
        in_region = _inside(c.start, c.end, region) and not _across_semicolon(sentence, c, focus)
        if not in_region and c.family == "capacity":
            in_region = _inside(c.start, c.end, [(a - offset, b - offset) for a, b in described])
        if not in_region and c.family == "date" and clause is None:
            in_region = bool(_REPORTING.search(sentence[seg[0] : seg[1]]))
        if not in_region or _blocked(c, sentence, seg, lang):
            continue
        kind = {"percent": "stake"}.get(c.family, c.family)
        if kind == "date":
            kind = "expectedBy" if _expected(c, sentence, lang, modality) else "eventDate"
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
            if kind == "expectedBy" and c.unit and c.unit.startswith("Q"):
                q = int(c.unit[1])
                value = f"{c.value[:4]}-{3 * q:02d}"  # by a quarter = by its last month
            unit = c.unit if kind in ("amount", "capacity") else None
            out.append(Qualifier(kind, value, unit, c.start + offset, c.end + offset))
    return tuple(out)


# Participles that say when or how much of the noun they modify ("a contract starting in 2025",
# "a deal valued at $6.7 billion"); other participles and relative clauses ("a company founded
# in 1990") are another event.
_FRAME_PARTICIPLES = frozenset(
    {"start", "begin", "run", "last", "expire", "value", "worth", "total", "commence"}
)


def _frame_acl(t: Any) -> bool:
    """An infinitive or participle that belongs to its noun's frame: "a deal to supply",
    "a contract starting in 2025"."""
    if t.dep_ not in ("acl", "relcl"):
        return False
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
        return True
    return t.dep_ == "acl" and t.lemma_.lower() in _FRAME_PARTICIPLES


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
    if fact.predicate not in _vocab()["kinds"] or not candidates(
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
