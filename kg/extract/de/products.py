"""Products of the German extractor: product names and what their maker's name says.

- Named products: a maker's name followed by a model designation ("Tesla Model S", "Nvidia
  X1", "Mercedes-Benz F 015", "Apple Magic Mouse 2"), a name run with a model designation
  ("iPhone 6", "Galaxy S6 Edge"), and names right after a product-class noun ("die Browser Google
  Chrome und Mozilla Firefox", "das Blackberry-Smartphone Venice"). The maker is an organisation
  the names layer found (gazetteer, cue, model) or the name in a hyphen compound before the
  class noun; `produces` follows from the name itself.
- Maker compounds: "der Roboterbauer Kuka", "der Wäscheriese Palmers", "der Energiekonzern
  OMV": the compound's first part is what the company makes (`maker_suffixes`, minus stems that
  name a sector or a kind of company, `maker_stem_stop`).

Word lists are data (`kg/resources/triggers_de.json`: "product_names", "maker_suffixes").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from kg import gazetteer as gaz
from kg.extract.common.lexicon import GermanLexicon as Lexicon
from kg.extract.de.makers import article_maker
from kg.extract.de.shared import CERT, mention, place
from kg.model import NAME_KEY, Mention
from kg.names import legal_tokens
from kg.nlp.german_names import name_shaped


class Sentence(Protocol):
    """What this module reads of `kg.extract.de.clauses.Sentence` (a protocol: the clauses
    module imports this one through the mention finder)."""

    sent: Any
    items: list
    g: gaz.Gazetteer


# A model designation: letters with digits ("X1", "S6", "6s"), up to three digits ("2", "015";
# longer numbers are codes, prices or years), one or two capitals ("C", "GT").
_MODEL = re.compile(
    r"^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9][A-Za-z0-9.\-]{0,6}$|^\d{1,3}$|^[A-Z]{1,2}$"
)


@dataclass(frozen=True, slots=True)
class ProductName:
    """Tokens first..end-1 name a product; `owner` is the maker's token range, if named."""

    first: int
    end: int
    owner: tuple[int, int] | None


def product_names(toks: list, ents, lex: Lexicon) -> list[ProductName]:
    """The product names of one sentence (`toks` without spaces, `ents` its entities)."""
    orgs = {e.start: e for e in ents if e.label_ == "ORG"}
    out: list[ProductName] = []
    k = 0
    while k < len(toks):
        tok = toks[k]
        cued = k > 0 and (_class_noun(toks[k - 1], lex) or _after_product(toks, k, out))
        org = orgs.get(tok.i)
        start = k
        owner = None
        if org is not None:
            owner = (org.start, org.end)
            start = next((n for n in range(k, len(toks)) if toks[n].i >= org.end), len(toks))
        elif k + 1 < len(toks) and possessive_stem(tok) and _name_word(toks[k + 1], lex):
            owner = (tok.i, tok.i + 1)  # "Teslas Model S", "Samsungs Galaxy S7"
            start = k + 1
        elif not (_name_word(tok, lex) or (cued and tok.tag_ != "NN" and _cued_word(tok, lex))):
            k += 1
            continue
        end = start if org is not None else start + 1
        strong = False
        while end < len(toks) and (
            _model_word(toks[end], lex, toks[end - 1])
            or (cued and end - start < 3 and _cued_word(toks[end], lex))
        ):
            strong = strong or _strong_designation(toks[end], lex, owner)
            end += 1
        company = end < len(toks) and toks[end].text in legal_tokens("de")  # "Geo24 UK Limited"
        if (strong or cued) and end > start and not company:
            if owner is None and cued and k > 0:
                owner = _compound_owner(toks[k - 1])
            # "Teslas Model S": the maker's genitive is no part of the product's name
            poss = owner is not None and owner[1] - owner[0] == 1 and possessive_stem(tok)
            first = toks[start].i if poss and start < end else tok.i
            out.append(ProductName(first, toks[end - 1].i + 1, owner))
            k = end
            continue
        k = max(start, k + 1)
    return out


def possessive_stem(tok) -> str | None:
    """ "Teslas", "Samsungs": a name's genitive before a product name, when the article uses
    the name without the "s" or the gazetteer knows it as a company (not "Mercedes", "Nexus")."""
    text = tok.text
    if len(text) < 4 or not text.endswith("s") or tok.tag_ not in {"NE", "FM"}:
        return None
    stem = text[:-1]
    if not stem[:1].isupper() or not stem.isalpha():
        return None
    entry = gaz.load().lookup(stem)
    if entry is not None:
        return stem if entry.type == "Organization" else None
    return stem if any(t.text == stem for t in tok.doc) else None


def _class_noun(tok, lex: Lexicon) -> bool:
    """ "Browser", "Blackberry-Smartphone", "genannt": the name after it is a product's."""
    low = tok.lower_
    tail = low.rsplit("-", 1)[-1]
    return low in lex.product_name_cues or (
        tok.tag_ in {"NN", "NE", "ADJA"} and tail in lex.product_class_nouns
    )


def _after_product(toks: list, k: int, found: list[ProductName]) -> bool:
    """ "die Browser Google Chrome und Mozilla Firefox": a conjunct of a cued product."""
    return (
        bool(found)
        and toks[k - 1].lower_ in {"und", "oder", ","}
        and k > 1
        and found[-1].end == toks[k - 2].i + 1
    )


def _compound_owner(cue) -> tuple[int, int] | None:
    """ "das Blackberry-Smartphone Venice": the name before the class noun made it, when the
    article names it on its own too (not "die Dating-App Tinder")."""
    head, sep, _tail = cue.text.rpartition("-")
    if not sep or not head[:1].isupper() or place(head) is not None:
        return None
    alone = {head, head + "s"}
    entry = gaz.load().lookup(head)
    if entry is not None and entry.type != "Organization":
        return None
    if entry is None and not any(t.text in alone and t.i != cue.i for t in cue.doc):
        return None
    return (cue.i, cue.i + 1)


def _name_word(tok, lex: Lexicon) -> bool:
    return (
        tok.text[:1].isalpha()
        and not tok.text.endswith("-")  # "an HTML5- und Javascript-Apps": a truncated compound
        and (tok.tag_ in {"NE", "FM"} or name_shaped(tok.text) or _camel_lower(tok.text))
        and tok.text not in legal_tokens("de")
        and tok.lower_ not in lex.product_class_nouns
        and place(tok.text) is None
    )


def _cued_word(tok, lex: Lexicon) -> bool:
    """After a class noun a capitalised word is part of the name, whatever HanTa guessed for it
    ("die Browser Google Chrome": VVIMP, NN) or whether a place has the name ("das Smartphone
    Venice")."""
    return (
        tok.text[:1].isupper()
        and tok.text.isalpha()
        and tok.tag_ in {"NE", "FM", "NN", "VVIMP", "ADJA", "ADJD", "XY"}
        and tok.lower_ not in lex.product_class_nouns
        and lex.noun_rules(tok.text) is None
    )


def _camel_lower(text: str) -> bool:
    """ "iPhone", "iPad", "eBook": a lower-case letter before a capital is a brand's spelling."""
    return len(text) > 2 and text[0].islower() and text[1].isupper()


def _designation(tok, lex: Lexicon) -> bool:
    if tok.ent_type_ in {"GPE", "LOC"}:
        return False  # "UK", "US": a country code, not a model
    return bool(_MODEL.match(tok.text)) or tok.text in lex.model_words


def _strong_designation(tok, lex: Lexicon, owner) -> bool:
    """A designation that makes a name a product's by itself: with a digit ("X1") or a model
    word ("Model"); capitals alone ("Oculus VR", "Moto G") only after a known maker."""
    if not _designation(tok, lex):
        return False
    return owner is not None or tok.text in lex.model_words or any(c.isdigit() for c in tok.text)


def _model_word(tok, lex: Lexicon, prev) -> bool:
    """A word of a model designation after a name: "Model S", "X1", "F 015", "Magic Mouse 2"."""
    if tok.is_space or tok.is_punct or tok.text in legal_tokens("de"):
        return False
    if tok.i != prev.i + 1 and not prev.is_space:
        return False
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if (
        tok.text.isdigit()
        and nxt is not None
        and (
            nxt.text == "%"
            or nxt.lemma_.lower() in lex.not_products
            or (nxt.tag_ == "NN" and nxt.lemma_ != nxt.text)
        )
    ):
        # "Inside Airbnb 67 Prozent", "die Lufthansa 25 Flugzeuge": a number before a unit or a
        # plural noun counts, it is not a model
        return False
    if _designation(tok, lex):
        return True
    return (
        tok.tag_ in {"NE", "FM"}
        and tok.text[:1].isupper()
        and tok.text.isalpha()
        and place(tok.text) is None
    )


def owner_mention(doc, owner: tuple[int, int], g: gaz.Gazetteer) -> Mention | None:
    """The maker named by a token range (a whole name, or the head of a hyphen compound)."""
    span = doc[owner[0] : owner[1]]
    text = span.text
    start = span.start_char
    if owner[1] - owner[0] == 1 and "-" in text and not span.ents:
        text = text.rpartition("-")[0]
    elif owner[1] - owner[0] == 1:
        text = possessive_stem(span[0]) or text  # "Teslas Model S": Tesla made it
    entry = g.lookup(text)
    if entry is not None and entry.type != "Organization":
        return None
    key = entry.key if entry is not None else NAME_KEY + gaz.fold(text)
    cert = CERT["gaz"] if entry is not None else CERT["cued"]
    return mention(text, start, start + len(text), "Organization", text, key, cert)


def named_product_facts(
    s: Sentence, persons: set[str] | frozenset[str] = frozenset()
) -> Iterator[tuple[Mention, Mention]]:
    """(maker, product) for every product name whose maker is named in it or before it, or
    whose first word the article uses as a company's name (`kg.extract.de.makers`)."""
    doc = s.sent.doc
    for it in s.items:
        if it.kind != "product":
            continue
        if it.owner is not None:
            maker = owner_mention(doc, it.owner, s.g)
        else:
            maker = _named_by(s, it) or article_maker(doc, it.start, it.end, persons)
        if maker is not None:
            yield maker, it.mention


def _named_by(s: Sentence, it) -> Mention | None:
    """ "Googles Pixel C", "das iPhone 7 von Apple": an organisation's possessive before a
    product name, or a von-phrase right after it, names its maker (as "Googles Tablet", "die
    Autos von Google" do for a product class)."""
    doc = s.sent.doc
    if all(t.tag_ == "NN" and not _has_digit(t.text) for t in doc[it.start : it.end]):
        return None  # a product class ("die App Stores von iOS") is the class rule's
    j = it.start - 1
    while j >= s.sent.start and doc[j].tag_ in {"ADJA", "ADJD"}:
        j -= 1
    k = it.end + 1
    if k < s.sent.end and doc[it.end].lower_ in {"von", "vom"} and doc[k].tag_ == "ART":
        k += 1  # "von der Deutschen Telekom"
    if j > s.sent.start and doc[j].lower_ in {"des", "der"} and doc[j - 1].tag_ == "NN":
        k = -1  # "der Test des Galaxy S7 von Heise": the von-phrase may be the test's
    for o in s.items:
        if o.mention.type != "Organization" or o.kind not in {"gaz", "cued", "cand", "coref"}:
            continue
        poss = o.slot == "poss" and o.end == j + 1
        von = o.start == k and doc[it.end].lower_ in {"von", "vom"} and it.end < s.sent.end
        if poss or von:
            return o.mention
    return None


def _has_digit(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


# maker suffixes that say the stem is built ("Kraftwerksbauer"), not run ("-gesellschaft")
_BUILDERS = frozenset({"hersteller", "produzent", "bauer", "fertiger", "entwickler"})


def maker_product(cue, s: Sentence, lex: Lexicon) -> Mention | None:
    """ "der Roboterbauer Kuka" -> Roboter: the first part of a maker compound."""
    parts = cue.text.split("-")
    head = parts[-1]
    # "Konzerns", "Herstellers", "Produzenten": the suffix before a case ending
    forms = (head.lower(), *(re.sub(rf"{e}$", "", head.lower()) for e in ("s", "n", "en")))
    low, suffix = next(
        ((f, x) for f in forms for x in lex.maker_suffixes if f.endswith(x)), ("", None)
    )
    if suffix is None:
        return _trade(cue, forms, lex)
    stem = head[: len(low) - len(suffix)]
    kept = [p for p in parts[:-1] if not (s.g.demonym(p) or s.g.lookup(p))]
    stem = _strip_stem(stem, lex)
    if stem.lower() in lex.maker_stem_stop or (
        stem.lower().endswith(lex.facility_suffixes) and suffix not in _BUILDERS
    ):
        # "Hypo-Abbaugesellschaft": a wind-down company makes nothing; "die
        # Flughafengesellschaft" runs a facility ("der Kraftwerksbauer" builds them)
        return None
    product = "-".join([*kept, stem] if stem else kept)
    shaped = product[:1].isupper() or _camel_lower(product)  # "der iPhone-Hersteller"
    if len(product) < 3 or not shaped or product.lower() in lex.maker_stem_stop:
        return None
    # "Landesenergieversorger" -> "Energie": the stem's capital is not in the text
    at = cue.text.lower().find(product.lower())
    start = cue.idx + max(at, 0)
    name = dict(lex.maker_stem_forms).get(product.lower(), product)  # "Telekom"
    return mention(
        product,
        start,
        start + len(product),
        "Product",
        name,
        NAME_KEY + gaz.fold(name),
        CERT["product"],
    )


def _trade(cue, forms: tuple[str, ...], lex: Lexicon) -> Mention | None:
    """ "der Internetdienstleister X" -> Internetdienstleistung: a trade's doer names the
    trade (a bare "Berater" is a person's job, so the stem is required)."""
    head = cue.text.rsplit("-", 1)[-1]
    low, doer, trade = next(
        ((f, d, t) for f in forms for d, t in lex.maker_trades if f.endswith(d) and f != d),
        ("", None, None),
    )
    if doer is None or trade is None:
        return None
    start = cue.idx + len(cue.text) - len(head)
    text = cue.text[: len(cue.text) - len(head) + len(low) - len(doer)] + trade
    name = text[:1].upper() + text[1:]
    end = cue.idx + len(cue.text)
    return mention(
        cue.text[: end - start],
        start,
        end,
        "Product",
        name,
        NAME_KEY + gaz.fold(name),
        CERT["product"],
    )


def _strip_stem(stem: str, lex: Lexicon) -> str:
    """ "Landesenergie" -> "Energie"; "Verpackungs" (a linking s) -> "Verpackung"."""
    low = stem.lower()
    for prefix in lex.maker_stem_prefixes:
        if low.startswith(prefix) and len(low) > len(prefix) + 2:
            stem = stem[len(prefix) :].capitalize()
            low = stem.lower()
    if low.endswith(("ungs", "heits", "keits", "ions", "täts", "schafts")):
        stem = stem[:-1]
    elif low.endswith("s") and len(low) > 4 and low not in lex.maker_stem_stop and _linking_s(stem):
        stem = stem[:-1]  # "Versandhandelsriese" -> "Versandhandel"
    return stem


def _linking_s(stem: str) -> bool:
    """Is the last "s" a linking one: does HanTa read the stem as a form of the noun without
    it ("Versandhandels" -> "Versandhandel"; "Glas", "Reis" stay)?"""
    from kg.nlp.german import hanta_noun_lemma

    return hanta_noun_lemma(stem) == stem[:-1]


__all__ = ["ProductName", "maker_product", "named_product_facts", "owner_mention", "product_names"]
