"""Names: the one normaliser used by nlp, extraction, resolution and evaluation. Pure string
functions; no spaCy, no gazetteer.

Company legal forms are data (`kg/resources/legal_forms.json`, read by `kg.resources.legal_forms`):
the nlp recognisers take their per-language cue forms from here (`legal_tokens`), and every stage
strips the same tails (`strip_legal`), so a name is cleaned the same way wherever it is read.

Two strengths of normalisation on purpose: `clean()` removes only what never distinguishes two
companies (leading article, possessive, trailing legal form), and is what entity keys are built
from; `lookup_forms()` adds looser variants ("... Holdings", "... Group", German "GMs") that may
only be used to *find* an entity that is already known, never to create one, so that "City
Holding" and "City" stay two entities unless something else says they are one.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.gazetteer import fold
from kg.mint import slug as slug  # keys are minted in kg.mint; kept here for callers
from kg.resources import abbreviations, legal_forms
from kg.words import word_list, words


def legal_tokens(lang: str) -> frozenset[str]:
    """Single-token spellings of `lang`'s cue forms ("AG", "GmbH", "Co.", "Holding")."""
    return _legal_tokens(lang)


@lru_cache(maxsize=4)
def _legal_tokens(lang: str) -> frozenset[str]:
    return frozenset(
        s for f in legal_forms() if lang in f.langs and " " not in f.form for s in f.spellings()
    )


def _pattern(form: str) -> str:
    r""" "N.V." -> `N\.\s?V\.?`: a dot after one letter is required, other dots and spaces
    optional, so "Co Ltd", "Co.,Ltd" and "Co., Ltd." are one form."""
    out: list[str] = []
    run = 0
    for i, ch in enumerate(form):
        if ch.isalnum():
            out.append(re.escape(ch))
            run += 1
            continue
        if ch == ".":
            out.append(r"\.\s?" if run == 1 and i < len(form) - 1 else r"\.?")
        elif ch == ",":
            out.append(r",?")
        elif ch == " ":
            out.append(r"\s*")
        else:
            out.append(r"\s*" + re.escape(ch) + r"\s*")
        run = 0
    return "".join(out)


@lru_cache(maxsize=2)
def _legal_alternatives(loose: bool) -> str:
    alts: dict[str, None] = {}
    for f in sorted(legal_forms(), key=lambda f: len(f.form), reverse=True):
        if f.loose != loose:
            continue
        pat = _pattern(f.form)
        if f.case == "any":
            alts[f"(?i:{pat})"] = None
        else:
            alts[pat] = None
            alts[_pattern(f.form.upper())] = None
    return "|".join(alts)


@lru_cache(maxsize=1)
def _legal_res() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    words = _legal_alternatives(False)
    tail = re.compile(rf"(?:[\s,&]+(?:{words}))+\.?$")
    word = re.compile(rf"^(?:{words})$")
    loose = re.compile(rf"\s+(?:{_legal_alternatives(True)})$")
    return tail, word, loose


@lru_cache(maxsize=8192)  # (asked of every word of every name chunk: the same words again)
def is_legal_form(word: str) -> bool:
    """ "Co.", "Limited", "GmbH", "AS" - a whole word that is a legal form (not "as")."""
    return bool(_legal_res()[1].match(word))


_SEPARATORS = " |•·¦"  # headline and menu separators a parse may glue onto a name
_ARTICLES = word_list("names.en_leading_articles") + word_list("names.de_leading_articles")
_LEADING = re.compile(rf"^(?:{'|'.join(map(re.escape, _ARTICLES))})\s+", re.I)
_POSSESSIVE = re.compile(r"(?<=[\w.])['’]s?$")
_PAREN = re.compile(r"\s*\(([^()]{1,40})\)")
_GERMAN_ACRONYM_GENITIVE = re.compile(r"^([A-Z][A-Z0-9&]{1,5})s$")
_STOP = words("names.acronym_stop_words")
# A resolved pronoun ("its", "which") is a mention of its antecedent but never one of its names.
PRONOUNS = words("names.pronouns")


def is_pronoun(text: str) -> bool:
    """ "its", "Which" - but not "US" (the country) or "IT" (the industry)."""
    text = squash(text)
    return text.lower() in PRONOUNS and not (len(text) > 1 and text.isupper())


def squash(text: str) -> str:
    return " ".join(text.split())


def strip_possessive(text: str) -> str:
    """ "China's" / "China’s" / "Reuters'" -> base form."""
    return _POSSESSIVE.sub("", text)


def strip_legal(text: str) -> str:
    """ "TDK Corporation" -> "TDK"; "Contemporary Amperex Technology Co. Limited" -> "...
    Technology"; "City Holding" stays (a loose form is part of the name). Never strips the
    whole name ("AG" alone stays "AG")."""
    stripped = _legal_res()[0].sub("", text).rstrip(" ,&")
    if stripped.endswith(" and"):  # "Goldman, Sachs and Co": the "and" joined the legal form
        stripped = stripped[: -len(" and")].rstrip(" ,")
    return stripped if stripped and not is_legal_form(stripped) else text


@lru_cache(maxsize=1 << 16)  # pure, and asked for the same names per mention pair
def clean(text: str, *, parens: bool = True) -> str:
    """Surface form -> name: no leading article, possessive, trailing legal form or (unless
    `parens` is false, as extraction keeps them) parenthesised acronym (a parenthesised place
    stays: `_keep_place`)."""
    text = squash(text).strip(_SEPARATORS)
    text = _LEADING.sub("", text)
    text = strip_possessive(text)
    text = strip_legal(text)
    if not parens:
        return text
    no_paren = squash(_PAREN.sub(_keep_place, text)).strip()
    return no_paren or text


def _keep_place(m: re.Match[str]) -> str:
    """ "Cable and Wireless (Hong Kong)" is not "Cable and Wireless Plc": a parenthesised place
    names a regional company; an acronym or ticker in parentheses ("Lyne Laboratories (Lyne)")
    is only another name."""
    from kg import places

    return m.group(0) if places.is_place(m.group(1)) else " "


@lru_cache(maxsize=1)
def _abbreviations() -> tuple[re.Pattern[str], dict[str, str]]:
    table = abbreviations()
    words = "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{words})(?![\w-])"), table


@lru_cache(maxsize=1 << 16)
def spelled_out(text: str) -> str:
    """The name with its abbreviations written out ("EV batteries" -> "electric vehicle
    batteries"), or the name itself; an abbreviation alone is left alone (it is an acronym)."""
    pattern, table = _abbreviations()
    if " " not in text.strip():
        return text
    return pattern.sub(lambda m: table[m.group(0)], text)


def lookup_forms(text: str, *, lang: str = "en") -> list[str]:
    """Every form under which an already-known entity may be found, most specific first."""
    return list(_lookup_forms(text, lang))


@lru_cache(maxsize=1 << 16)  # the resolver asks for the same few thousand names over and over
def _lookup_forms(text: str, lang: str) -> tuple[str, ...]:
    base = squash(text)
    forms = [base, clean(base)]
    loose = _legal_res()[2].sub("", forms[-1])
    if loose and loose != forms[-1]:
        forms.append(loose)
    forms.append(spelled_out(forms[1]))
    if lang == "de" or _GERMAN_ACRONYM_GENITIVE.match(base):
        m = _GERMAN_ACRONYM_GENITIVE.match(strip_possessive(base))
        if m:
            forms.append(m.group(1))
    out: list[str] = []
    for f in forms:
        if f and f not in out:
            out.append(f)
    return tuple(out)


def paren_acronym(text: str) -> tuple[str, str] | None:
    """ "lithium iron phosphate (LFP) cells" -> ("LFP", "LFP cells"): the acronym inside a
    name and the name with the acronym standing in for the long words before it."""
    m = _PAREN.search(text)
    if not m or not is_acronym(m.group(1)):
        return None
    acr = m.group(1).strip()
    before = text[: m.start()].split()
    after = text[m.end() :].strip()
    n = _covered_words(acr, before)
    if n == 0:
        return acr, squash(f"{acr} {after}")
    short = squash(" ".join([*before[: len(before) - n], acr, after]))
    return acr, short


@lru_cache(maxsize=1 << 16)
def is_acronym(text: str) -> bool:
    """ "CATL", "GM", "LGES", "LFP", "BYD", "E.ON" -- short, mostly capitals, no spaces."""
    t = text.strip()
    letters = [c for c in t if c.isalnum()]
    if not 2 <= len(letters) <= 8 or " " in t:
        return False
    upper = sum(1 for c in letters if c.isupper() or c.isdigit())
    return letters[0].isupper() and upper >= 2 and 2 * upper >= len(letters)


def _initials(words: list[str]) -> list[str]:
    out = []
    for w in words:
        parts = [p for p in re.split(r"[-/]", w) if p]
        for p in parts:
            letters = "".join(c for c in p if c.isalnum())
            if not letters:
                continue
            # An all-capitals word in a long form ("LG Energy Solution") gives all its letters.
            caps = letters.isupper() and len(letters) <= 4
            out.append(letters.upper() if caps else letters[0].upper())
    return out


def _covered_words(acr: str, words: list[str]) -> int:
    """How many trailing words of `words` the acronym spells (0 if none)."""
    target = "".join(c for c in acr.upper() if c.isalnum())
    for n in range(1, min(len(words), 10) + 1):
        tail = words[len(words) - n :]
        if "".join(_initials([w for w in tail if w.lower() not in _STOP])) == target:
            return n
    return 0


@lru_cache(maxsize=1 << 16)
def acronym_of(acr: str, long: str) -> bool:
    """Does `acr` spell the initials of `long`? Tries with and without stop words and legal
    forms ("CATL" = Contemporary Amperex Technology [Co.] Limited)."""
    if not is_acronym(acr):
        return False
    target = "".join(c for c in acr.upper() if c.isalnum())
    words = squash(_LEADING.sub("", strip_possessive(long))).split()
    if len(words) < 2 and not (words and "-" in words[0]):
        return False
    content = [w for w in words if w.lower() not in _STOP]
    legal = [i for i, w in enumerate(content) if is_legal_form(w.rstrip(","))][:3]
    variants = [words, clean(long).split()]
    # Any subset of the legal words may be part of the acronym ("Co." no, "Limited" yes).
    for mask in range(1 << len(legal)):
        drop = {legal[b] for b in range(len(legal)) if mask >> b & 1}
        variants.append([w for i, w in enumerate(content) if i not in drop])
    return any(v and "".join(_initials(v)) == target for v in variants)


def same_name(a: str, b: str) -> bool:
    """Loose equality used by evaluation: folded clean forms, or one the acronym form of the
    other, sharing any trailing head words ("LFP cells" ~ "lithium iron phosphate cells")."""
    fa, fb = {fold(x) for x in lookup_forms(a)}, {fold(x) for x in lookup_forms(b)}
    if fa & fb:
        return True
    for x, y, fy in ((a, b, fb), (b, a, fa)):
        pa = paren_acronym(x)
        if pa and fold(pa[1]) in fy:
            return True
        xw, yw = clean(x).split(), clean(y).split()
        # Shared head words, then acronym for the rest.
        k = 0
        while k < min(len(xw), len(yw)) - 1 and xw[-1 - k].lower() == yw[-1 - k].lower():
            k += 1
        xs, ys = xw[: len(xw) - k], yw[: len(yw) - k]
        if len(xs) == 1 and acronym_of(xs[0], " ".join(ys)):
            return True
    return False
