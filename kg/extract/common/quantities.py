"""Finding qualifier expressions in a sentence, whatever fact they belong to: amounts with
their currency, percentages, capacities with their unit, durations and dates, normalised.
`kg.extract.common.qualifiers` decides which of them belong to which fact.

Numbers are read by maintained parsers (`price-parser` for digit groups and decimal commas,
`text2num` for number words in English and German, `dateparser` for weekdays, relative and
calendar dates against the article's date); the patterns here only find where an expression
starts and ends and what its unit, currency or cue word is (`kg/resources/qualifiers.json`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from kg.resources import QualifierVocabulary, qualifier_vocabulary

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Expression:
    family: str  # amount | percent | capacity | duration | date
    value: str
    unit: str | None
    start: int  # offsets in the sentence
    end: int
    future: bool | None = None  # date later than the article date (None: unknown)


# -- vocabulary --------------------------------------------------------------------------------
def vocab() -> QualifierVocabulary:
    """`kg/resources/qualifiers.json`: units, currencies and the words of each language."""
    return qualifier_vocabulary()


def _alt(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def phrases(words: Sequence[str]) -> str:
    """A regex alternation of `words` in their order; a space in a phrase matches any run of
    white space."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)


def every_lang(section: str) -> list[str]:
    """One list of the words of every language (cues that read the same whatever the text's)."""
    return [w for words in vocab()[section].values() for w in words]  # type: ignore[attr-defined]


# The word of a quarter after its ordinal ("third quarter", "dritten Quartal").
_QUARTER = {"en": "quarter", "de": "Quartal"}
_NUM = r"\d{1,3}(?:[,.]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"


@lru_cache(maxsize=2)
def _patterns(lang: str) -> dict[str, re.Pattern[str]]:
    v = vocab()
    words = v["number_words"][lang]
    num = rf"(?:{_NUM}|(?:{phrases(words)})\b)"
    glued = rf"(?:{_NUM}|{phrases(words)})"  # "zehnjährigen": no word boundary
    cur_pre = r"(?:US\$|C\$|A\$|[$€£¥]|\b(?:USD|EUR|GBP|JPY|CNY|CHF|RMB)\s?)"
    scales = _alt([s for s in v["scales"] if len(s) > 1])
    cur_post = _alt([c for c in v["currencies"] if len(c) > 1])
    months = phrases(list(v["months"][lang]))
    wd = phrases(v["weekdays"][lang])
    ordinals = phrases(list(v["quarter_ordinals"][lang]))
    relative = (
        rf"\b(?:{phrases(v['relative_days'][lang])}|(?:{phrases(v['relative_modifiers'][lang])})"
        rf"\s(?:{phrases(v['relative_units'][lang])}))\b"
    )
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
        "percent": rf"\b(?P<num>{num})\s?-?(?:%|\s?(?:{phrases(every_lang('percent_words'))})\b)",
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
            rf"\b(?:(?P<ord>{ordinals})[\s-]{_QUARTER['en']}"
            r"|(?P<q>Q[1-4]))(?:\s(?:of\s)?(?P<year>(?:19|20)\d{2}))?"
            if lang == "en"
            else rf"\b(?:(?P<ord>{ordinals})"
            rf"\s{_QUARTER['de']}|(?P<q>Q[1-4]))(?:\s(?:des\sJahres\s)?(?P<year>(?:19|20)\d{{2}}))?"
        ),
        "year": r"\b(?P<year>(?:19|20)\d{2})\b(?![.,]\d|\s?(?:%|percent|Prozent))",
        "relative": relative,
        "duration": (
            rf"\b(?P<num>{num})[\s-](?P<unit>year|month)s?(?:[\s-]long)?\b(?![\s-]old)"
            r"|\b(?:for|over)\s(?:the\s(?:next|coming)\s)?(?P<num2>"
            + num
            + r")\s(?P<unit2>year|month)s?\b"
            if lang == "en"
            else rf"\b(?P<num>{glued})-?(?P<unit>jährig|monatig)\w*"
            rf"|\b(?P<num2>{phrases([w.capitalize() for w in words])})"
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
    if word in vocab()["one_words"].get(lang, ()):
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
    return int(vocab()["scales"].get(w, vocab()["scales"].get(w.rstrip("."), 0)))


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
    # dateparser costs about 1 ms a call; its answer depends only on these four values (a
    # relative expression is read against `base`, never the clock), and articles of one day
    # repeat their "on Tuesday" and "last year".
    if base is None:
        return _dateparser(text, lang, base, future)
    return _parsed_on(text, lang, base, future)


@lru_cache(maxsize=4096)
def _parsed_on(text: str, lang: str, base: datetime, future: bool) -> date | None:
    return _dateparser(text, lang, base, future)


def _dateparser(text: str, lang: str, base: datetime | None, future: bool) -> date | None:
    import dateparser

    settings: dict[str, Any] = {"PREFER_DATES_FROM": "future" if future else "past"}
    if base is not None:
        settings["RELATIVE_BASE"] = base
    text = _cues()["past"].sub("letzte", text)
    got = dateparser.parse(text, languages=[lang], settings=settings)
    return got.date() if got else None


def _month_no(name: str, lang: str) -> int | None:
    return _month_numbers(lang).get(name.lower().rstrip("."))


@lru_cache(maxsize=2)
def _month_numbers(lang: str) -> dict[str, int]:
    return {k.lower(): n for k, n in vocab()["months"][lang].items()}


@lru_cache(maxsize=1)
def _cues() -> dict[str, re.Pattern[str]]:
    """Cue words matched whatever the text's language (a German cue never opens English text)."""
    return {
        # "vergangene Woche": dateparser reads "letzte" for every German word for "last"
        "past": re.compile(rf"^(?:{phrases(every_lang('past_modifiers'))})\b", re.I),
        "last": re.compile(rf"(?i)\b(?:{phrases(every_lang('last_cues'))})\s+$"),
        "next": re.compile(rf"(?i)(?:{phrases(every_lang('next_cues'))})"),
        "year": re.compile(rf"(?:\b(?:{phrases(every_lang('year_cues'))})\s?-?|\bmid-)$"),
    }


class _Finder:
    """Every qualifier expression of one sentence, longest kinds first: an expression already
    taken (an amount) is not read again as another kind (a year inside it)."""

    def __init__(self, sentence: str, lang: str, published: str | None) -> None:
        self.s = sentence
        self.lang = lang
        self.base = _base(published)
        self.v = vocab()
        self.pats = _patterns(lang)
        self.taken: list[Span] = []
        self.out: list[Expression] = []

    def free(self, s: int, e: int) -> bool:
        return not any(s < b and a < e for a, b in self.taken)

    def add(self, cand: Expression) -> None:
        self.taken.append((cand.start, cand.end))
        self.out.append(cand)

    def add_date(self, s: int, e: int, value: str, d: date | None, unit: str | None = None) -> None:
        if self.free(s, e):
            fut = None if self.base is None or d is None else d > self.base.date()
            self.add(Expression("date", value, unit, s, e, future=fut))

    # -- amounts, capacities, percentages, durations ---------------------------------------
    def money(self) -> None:
        for key in ("money_pre", "money_post"):
            for m in self.pats[key].finditer(self.s):
                if not self.free(m.start(), m.end()):
                    continue
                n = _number(m["num"], self.lang)
                cur = m.group(0)[: m.start("num") - m.start()] if key == "money_pre" else m["cur"]
                code = self.v["currencies"].get(cur.lower().strip())
                if n is None or code is None:
                    continue
                scale = _scale(m["scale"]) or (_scale(m["short"]) if key == "money_pre" else 0)
                self.add(
                    Expression("amount", _dec(n * Decimal(10) ** scale), code, m.start(), m.end())
                )

    def _per_year(self, m: re.Match[str]) -> bool:
        cue = (
            rf"(?i)(?:{phrases(every_lang('capacity_verbs'))}|"
            + _alt(self.v["per_year"])
            + r")\b[\w\s,]{0,30}$"
        )
        return bool(m["per"]) or bool(re.search(cue, self.s[: m.start()]))

    def capacity(self) -> None:
        for key in ("capacity", "annual"):
            table = self.v["capacity_units"] if key == "capacity" else self.v["annual_units"]
            for m in self.pats[key].finditer(self.s):
                unit = table.get(m["unit"].lower())
                if not self.free(m.start(), m.end()) or unit is None:
                    continue
                energy = unit in _ENERGY
                n = _number(m["num"], self.lang)
                if n is None or not (energy or self._per_year(m)):
                    continue
                value = _dec(n * Decimal(10) ** _scale(m["scale"]))
                self.add(
                    Expression(
                        "capacity", value, unit if energy else f"{unit}/year", m.start(), m.end()
                    )
                )

    def percent(self) -> None:
        for m in self.pats["percent"].finditer(self.s):
            n = _number(m["num"], self.lang)
            if self.free(m.start(), m.end()) and n is not None and 0 < n <= 100:
                self.add(Expression("percent", _dec(n), None, m.start(), m.end()))

    def duration(self) -> None:
        for m in self.pats["duration"].finditer(self.s):
            g = {k: v for k, v in m.groupdict().items() if v}
            num = next((g[k] for k in ("num", "num2", "num3", "num4") if k in g), "")
            unit = next((g[k] for k in ("unit", "unit2", "unit3", "unit4") if k in g), "")
            n = _number(num, self.lang)
            if (
                not self.free(m.start(), m.end())
                or n is None
                or n <= 0
                or n != n.to_integral_value()
            ):
                continue
            letter = "M" if unit.lower().startswith(("month", "monat")) else "Y"
            self.add(Expression("duration", f"P{int(n)}{letter}", None, m.start(), m.end()))

    # -- dates -------------------------------------------------------------------------------
    def _year_or_base(self, text: str | None) -> int | None:
        return int(text) if text else (self.base.year if self.base else None)

    def day_dates(self) -> None:
        for m in self.pats["date_day"].finditer(self.s):
            month = _month_no(m["month"], self.lang)
            year = self._year_or_base(m["year"])
            if month is None or year is None:
                continue
            try:
                d = date(year, month, int(m["day"]))
            except ValueError:
                continue
            self.add_date(m.start(), m.end(), d.isoformat(), d)

    def quarters(self) -> None:
        # A quarter is kept as its first month; a deadline ("by the first quarter") as its last.
        for m in self.pats["quarter"].finditer(self.s):
            q = self.v["quarter_ordinals"][self.lang].get((m["ord"] or "").lower()) or (
                int(m["q"][1]) if m["q"] else None
            )
            year = self._year_or_base(m["year"])
            if q is not None and year is not None:
                first = date(year, 3 * q - 2, 1)
                self.add_date(m.start(), m.end(), f"{year}-{first.month:02d}", first, f"Q{q}")

    def months(self) -> None:
        for m in self.pats["date_month"].finditer(self.s):
            month = _month_no(m["month"], self.lang)
            ambiguous = (
                m["month"] in self.v["ambiguous_months"].get(self.lang, ())
                and not m["year"]
                and not re.search(
                    rf"\b(?:{phrases(self.v['month_prepositions'][self.lang])})\s$",
                    self.s[: m.start()],
                )
            )
            year = self._year_or_base(m["year"])
            if month is None or ambiguous or year is None:
                continue  # "May" the verb, "March" the noun: only after a preposition
            self.add_date(m.start(), m.end(), f"{year}-{month:02d}", date(year, month, 1))

    def years(self) -> None:
        for m in self.pats["year"].finditer(self.s):
            before = self.s[max(0, m.start() - 24) : m.start()].lower()
            if _cues()["year"].search(before):
                y = int(m["year"])
                same = self.base is not None and y == self.base.year
                self.add_date(m.start(), m.end(), str(y), None if same else date(y, 7, 1))

    def relative(self) -> None:
        if self.base is None:
            return  # "on Tuesday", "last week" mean nothing without the article's date
        for key in ("weekday", "relative"):
            for m in self.pats[key].finditer(self.s):
                text = m.group(0)
                fut = bool(_cues()["next"].match(text))
                d = _parse_date(text, self.lang, self.base, future=fut)
                if d is None:
                    continue
                if (
                    key == "weekday"
                    and (self.base.date() - d).days == 7
                    and not _cues()["last"].search(self.s[max(0, m.start() - 12) : m.start()])
                ):
                    # "said on Tuesday" in an article of a Tuesday is that day, not a week ago.
                    d = self.base.date()
                value = (
                    str(d.year)
                    if re.search(r"(?i)year|jahr", text)
                    else f"{d.year}-{d.month:02d}"
                    if re.search(r"(?i)month|monat", text)
                    else d.isoformat()
                )
                self.add_date(m.start(), m.end(), value, d)


_ENERGY = frozenset({"GWh", "MWh", "GW", "MW"})


_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=4)
def _cue(lang: str, kind: str) -> tuple[tuple[str, ...], re.Pattern[str]]:
    """Words one kind of expression cannot be found without, whatever the case (the number
    words, after a word boundary as the patterns read them; the word of a quarter):
    lower-cased (a phrase by its first word), and as a pattern."""
    words = vocab()["number_words"][lang] if kind == "number" else (_QUARTER[lang],)
    lowered = tuple(w.lower().split()[0] for w in words if w.strip())
    return lowered, re.compile(rf"\b(?:{phrases(words)})", re.IGNORECASE)


def _holds(sentence: str, lowered: str | None, lang: str, kind: str) -> bool:
    """Whether the `_cue` pattern of `kind` is found in `sentence`. In ASCII text (`lowered`
    given) whatever the case-blind pattern finds is a substring of the lower-cased text (no
    other character folds to an ASCII letter): most sentences are answered by that quicker
    test."""
    words, pattern = _cue(lang, kind)
    if lowered is not None and not any(w in lowered for w in words):
        return False
    return pattern.search(sentence) is not None


def _steps(f: _Finder) -> list[Callable[[], None]]:
    """The steps of `candidates` that may find something in the sentence, in their order. Most
    sentences hold no number (3,300 of 3,500 in 500 generated articles), and the steps that
    start from one (a digit or a number word; a day or a year from digits) cost most of the
    time spent here; a step left out would have found nothing, so the rest find what they
    did."""
    s, lang = f.s, f.lang
    lowered = s.lower() if s.isascii() else None
    digit = _DIGIT.search(s) is not None
    steps: list[Callable[[], None]] = []
    if digit or _holds(s, lowered, lang, "number"):
        steps += [f.money, f.capacity, f.percent, f.duration, f.day_dates]
    if digit or _holds(s, lowered, lang, "quarter"):  # "Q3", "the third quarter"
        steps.append(f.quarters)
    if any(m in s for m in f.v["months"][lang]):  # the pattern is case-sensitive
        steps.append(f.months)
    if digit:
        steps.append(f.years)
    steps.append(f.relative)
    return steps


@lru_cache(maxsize=4096)
def candidates(sentence: str, lang: str, published: str | None) -> tuple[Expression, ...]:
    """Every qualifier expression in `sentence`, whatever fact it belongs to."""
    f = _Finder(sentence, lang if lang in ("en", "de") else "en", published)
    for step in _steps(f):
        step()
    return tuple(sorted(f.out, key=lambda c: c.start))


__all__ = ["Expression", "Span", "candidates", "every_lang", "phrases", "vocab"]
