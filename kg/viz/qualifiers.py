"""A fact's qualifiers and dates as a reader wants them on the graph page.

The store holds typed values (`kgo:amount 2300000000`, `kgo:currency "USD"`, `kgo:eventDate
"2023-05"^^xsd:gYearMonth`, ontology/README.md "Qualifiers"); the page shows "$2.3 billion",
"in May 2023". Dates also become a day span (a year is 1 January to 31 December) so the page's
date filter can ask whether a fact falls in a range whatever the date's precision.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from kg.rdf.terms import QUALIFIER_PROPERTIES

# Statement properties the page carries (local names in kgo:).
QUALIFIER_PROPS = QUALIFIER_PROPERTIES

# Symbols English readers know; any other ISO 4217 code is written before the number.
_SYMBOLS = {
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "JPY": "¥",
    "CNY": "CN¥",
    "CAD": "CA$",
    "AUD": "A$",
    "INR": "₹",
    "KRW": "₩",
    "HKD": "HK$",
}
_SCALES = (
    (Decimal(10) ** 12, "trillion"),
    (Decimal(10) ** 9, "billion"),
    (Decimal(10) ** 6, "million"),
)
_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:$|T)")


def _decimal(value: str | None) -> Decimal | None:
    if value is None:
        return None
    try:
        d = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return d if d.is_finite() else None


def _plain(d: Decimal, places: int = 3) -> str:
    """1234567.5 -> "1,234,567.5": grouped, at most `places` decimals, no trailing zeros."""
    text = f"{d:,.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def money(amount: str | None, currency: str | None) -> str | None:
    """ "2300000000", "USD" -> "$2.3 billion"; "500000", "CHF" -> "CHF 500,000"."""
    d = _decimal(amount)
    if d is None:
        return None
    number = _plain(d, 2)
    for size, word in _SCALES:
        if abs(d) >= size:
            number = f"{_plain(d / size)} {word}"
            break
    code = (currency or "").strip().upper()
    if code in _SYMBOLS:
        return _SYMBOLS[code] + number
    return f"{code} {number}" if code else number


def stake(percent: str | None) -> str | None:
    d = _decimal(percent)
    return None if d is None else f"{_plain(d)} % stake"


def capacity(value: str | None, unit: str | None) -> str | None:
    """ "35", "GWh" -> "35 GWh"; "500000", "vehicles/year" -> "500,000 vehicles a year"."""
    d = _decimal(value)
    if d is None:
        return None
    unit = (unit or "").strip()
    if unit.endswith("/year"):
        unit = unit[: -len("/year")] + " a year"
    return f"{_plain(d)} {unit}".strip()


def duration(value: str | None) -> str | None:
    """xsd:duration "P10Y" -> "for 10 years", "P1Y6M" -> "for 1 year 6 months"."""
    m = _DURATION.match((value or "").strip())
    if not m or not any(m.groups()):
        return None
    parts = [
        f"{int(n)} {unit}{'' if int(n) == 1 else 's'}"
        for n, unit in zip(m.groups(), ("year", "month", "week", "day"), strict=True)
        if n
    ]
    return "for " + " ".join(parts)


def readable_date(value: str | None) -> str | None:
    """ "2026" -> "2026", "2026-03" -> "March 2026", "2023-05-23" / a dateTime -> "2023-05-23"."""
    m = _DATE.match((value or "").strip())
    if not m or date_span(value) is None:
        return None
    year, month, day = m.groups()
    if day:
        return f"{year}-{month}-{day}"
    if month:
        return f"{calendar.month_name[int(month)]} {year}"
    return year


@functools.lru_cache(maxsize=4096)  # a big graph repeats a few hundred article dates
def date_span(value: str | None) -> tuple[str, str] | None:
    """The first and last day a date of any precision covers, as ISO dates:
    "2023" -> ("2023-01-01", "2023-12-31"), "2023-02" -> ("2023-02-01", "2023-02-28")."""
    m = _DATE.match((value or "").strip())
    if not m:
        return None
    year, month, day = (int(g) if g else None for g in m.groups())
    try:
        if month is None:
            first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        elif day is None:
            first = dt.date(year, month, 1)
            last = dt.date(year, month, calendar.monthrange(year, month)[1])
        else:
            first = last = dt.date(year, month, day)
    except ValueError:
        return None
    return first.isoformat(), last.isoformat()


def describe(quals: Mapping[str, str]) -> list[tuple[str, str]]:
    """(kind, text) for each qualifier a statement carries, in reading order:
    [("amount", "$2.3 billion"), ("stakePercent", "20 % stake"), ("expectedBy", "by 2026")]."""
    out: list[tuple[str, str]] = []
    texts = (
        ("amount", money(quals.get("amount"), quals.get("currency"))),
        ("stakePercent", stake(quals.get("stakePercent"))),
        ("capacity", capacity(quals.get("capacity"), quals.get("capacityUnit"))),
        ("duration", duration(quals.get("duration"))),
    )
    out.extend((k, t) for k, t in texts if t)
    event = readable_date(quals.get("eventDate"))
    if event:
        day = _DATE.match(quals["eventDate"].strip())
        # "on 2023-05-23", but "in May 2023", "in 2023"
        out.append(("eventDate", ("on " if day and day.group(3) else "in ") + event))
    expected = readable_date(quals.get("expectedBy"))
    if expected:
        out.append(("expectedBy", "by " + expected))
    return out


def fact_date(quals: Mapping[str, str], published: str | None) -> dict[str, str]:
    """The date the page filters a fact by: its event date, else its article's publication
    date. {"dateFrom", "dateTo", "dateBy": "event" | "published"}, or {} when undated."""
    for key, by in ((quals.get("eventDate"), "event"), (published, "published")):
        span = date_span(key)
        if span is not None:
            return {"dateFrom": span[0], "dateTo": span[1], "dateBy": by}
    return {}
