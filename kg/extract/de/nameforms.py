"""The written form of a German name: the name a mention is known by, and what spells one.

Split from `kg.extract.de.mentions` (one idea per module): "der Deutschen Bahn" is named
Deutsche Bahn, "die Meier-Gruppe" Meier, and a web address ("t-online.de") is a name whatever
its case. Top-level domains are data (`kg/resources/words_extract.json`: "de_web_domains").
"""

from __future__ import annotations

import re

from kg.names import clean
from kg.words import words

_DOMAINS = words("extract.de_web_domains")
_DOMAIN_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*$")


def clean_name(text: str) -> str:
    from kg.nlp.german_names import is_name_cue_after

    name = clean(text, parens=False)
    head, _sep, tail = name.rpartition("-")
    return head if head and is_name_cue_after(tail) else name  # "Meier-Gruppe" is Meier


def nominative(name: str, first) -> str:
    """ "Deutschen Bahn" (dative/genitive) names the same company as "Deutsche Bahn"."""
    head, sep, rest = name.partition(" ")
    # an inflected adjective ends past its lemma; "Ströer" (read as one) is its own lemma
    lemma = first.lemma_.lower()
    inflected = head.lower() != lemma and head.lower().startswith(lemma)
    if sep and first.tag_ == "ADJA" and inflected and re.search(r"e[nmrs]$", head):
        return f"{head[:-1]} {rest}"
    return name


def web_domain(text: str) -> bool:
    """ "t-online.de", "finanzen.net": a web address names a brand or service."""
    name, dot, top = text.rpartition(".")
    return bool(dot) and top in _DOMAINS and bool(_DOMAIN_NAME.match(name))


__all__ = ["clean_name", "nominative", "web_domain"]
