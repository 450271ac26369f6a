"""Finding qualifier expressions in a sentence, whatever fact they belong to: amounts with
their currency, percentages, capacities with their unit, durations and dates, normalised.
`kg.extract.common.qualifiers` decides which of them belong to which fact.

Numbers are read by maintained parsers (`price-parser` for digit groups and decimal commas,
`text2num` for number words in English and German, `dateparser` for weekdays, relative and
calendar dates against the article's date); the patterns here only find where an expression
starts and ends and what its unit, currency or cue word is (`kg/resources/qualifiers.json`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from kg.paths import RESOURCES

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
@lru_cache(maxsize=1)
def vocab() -> dict[str, Any]:
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
    v = vocab()
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
            r"(?i)(?:capacity|kapazität|output|produce|produzieren|build|bauen|fertigen|"
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
            q = _ORDINAL_Q.get((m["ord"] or "").lower()) or (int(m["q"][1]) if m["q"] else None)
            year = self._year_or_base(m["year"])
            if q is not None and year is not None:
                first = date(year, 3 * q - 2, 1)
                self.add_date(m.start(), m.end(), f"{year}-{first.month:02d}", first, f"Q{q}")

    def months(self) -> None:
        for m in self.pats["date_month"].finditer(self.s):
            month = _month_no(m["month"], self.lang)
            ambiguous = (
                self.lang == "en"
                and m["month"] in ("May", "March")
                and not m["year"]
                and not re.search(
                    r"\b(?:in|by|until|from|since|early|late|mid)\s$", self.s[: m.start()]
                )
            )
            year = self._year_or_base(m["year"])
            if month is None or ambiguous or year is None:
                continue  # "May" the verb, "March" the noun: only after a preposition
            self.add_date(m.start(), m.end(), f"{year}-{month:02d}", date(year, month, 1))

    def years(self) -> None:
        for m in self.pats["year"].finditer(self.s):
            before = self.s[max(0, m.start() - 24) : m.start()].lower()
            if _YEAR_CUE.search(before):
                y = int(m["year"])
                same = self.base is not None and y == self.base.year
                self.add_date(m.start(), m.end(), str(y), None if same else date(y, 7, 1))

    def relative(self) -> None:
        if self.base is None:
            return  # "on Tuesday", "last week" mean nothing without the article's date
        for key in ("weekday", "relative"):
            for m in self.pats[key].finditer(self.s):
                text = m.group(0)
                fut = bool(re.match(r"(?i)next|kommend|nächst", text))
                d = _parse_date(text, self.lang, self.base, future=fut)
                if d is None:
                    continue
                if (
                    key == "weekday"
                    and (self.base.date() - d).days == 7
                    and not _LAST.search(self.s[max(0, m.start() - 12) : m.start()])
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
_LAST = re.compile(r"(?i)\b(?:last|letzten|vergangenen|vorigen)\s+$")
_YEAR_CUE = re.compile(
    r"(?:\b(?:in|im|by|bis|ab|from|since|seit|starting|beginning|until|"
    r"end of|ende|anfang|mitte|early|late|mid|jahr|year|of|fiscal)\s?-?"
    r"|\bmid-)$"
)


@lru_cache(maxsize=4096)
def candidates(sentence: str, lang: str, published: str | None) -> tuple[Expression, ...]:
    """Every qualifier expression in `sentence`, whatever fact it belongs to."""
    f = _Finder(sentence, lang if lang in ("en", "de") else "en", published)
    for step in (
        f.money,
        f.capacity,
        f.percent,
        f.duration,
        f.day_dates,
        f.quarters,
        f.months,
        f.years,
        f.relative,
    ):
        step()
    return tuple(sorted(f.out, key=lambda c: c.start))


__all__ = ["Expression", "Span", "candidates", "vocab"]
