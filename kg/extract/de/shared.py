"""What the German extraction modules share: certainty per mention kind, the `Mention`
constructor, the mention `Item` of a sentence, the organisation-cue test, the place test,
social-media marks, sentence-final punctuation and separable verb particles. One place, public,
so no module reaches into another's privates."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg import gazetteer as gaz
from kg.extract.common.lexicon import GermanLexicon
from kg.model import Mention
from kg.nlp.german_names import is_org_cue
from kg.places import Place, german_place
from kg.words import words

# Certainty of a mention by how it was found (see `kg.extract.de.extract`).
CERT = {
    "gaz": 1.0,
    "demonym": 0.9,
    "cued": 0.8,
    "new": 0.8,
    "product": 0.8,
    "ref": 0.7,
    "place": 0.7,
    "cand": 0.5,
}
MARKS = frozenset({"#", "@"})  # social-media marks: transparent between a word and a name
FINAL_PUNCT = frozenset({".", "!", "?", "“", '"', "»", "«", "”", "…", "'"})
# Separable verb particles ("kauft ... auf"): the verb's lemma is read with its particle.
PARTICLES = words("extract.de_particles", lower=True)


def doc_text(doc) -> str:
    """The document's text, joined once: `Doc.text` joins every token again on each call, and
    the mention finder slices it per sentence and per name."""
    text = doc.user_data.get("kg_text")
    if text is None:
        text = doc.user_data["kg_text"] = doc.text
    return text


def mention(
    text: str, start: int, end: int, type_: str, name: str, key: str, cert: float
) -> Mention:
    return Mention(
        text=text, start=start, end=end, type=type_, name=name, key=key, certainty=cert, lang="de"
    )


def cue_like(tok, lex: GermanLexicon) -> bool:
    """A noun that introduces or describes an organisation ("Konzern", "der Autobauer")."""
    if tok.tag_ not in {"NN", "NE", "FM"} and not (tok.tag_ == "ADJA" and tok.text[:1].isupper()):
        return False  # a capitalised "adjective" is HanTa's guess for "US-Lkw-Hersteller"
    low = tok.lemma_.lower()
    inflected = re.sub(r"(en|n|s|es)$", "", tok.lower_)  # "Herstellers", "Konkurrenten"
    return (
        is_org_cue(low)
        or is_org_cue(tok.lower_)
        or is_org_cue(inflected)
        or any(low in v for v in lex.ref_nouns.values())
    )


def place(text: str) -> Place | None:
    """A German place name, unless the only place of that name is an alternate spelling of a
    differently named city ("Google" for Topeka, "Venice" for a US town): a company or product
    name is far likelier there. The shared index (`kg.places`) is trusted as it is."""
    hit = german_place(text)
    if hit is None:
        return None
    from kg import places

    if places.lookup(text, "de") is not None or hit.type == "Country":
        return hit
    a, b = gaz.fold(text), gaz.fold(hit.label)
    return hit if a[:3] == b[:3] or a in b or b in a else None


@dataclass
class Item:
    """A mention candidate in one sentence, with the slot the surface gives it."""

    start: int  # token index
    end: int
    mention: Mention
    kind: str  # gaz | cued | place | ref | new | product | cand | prefix | part | alias | coref
    slot: str = "bare"  # bare | pp | gen | poss | appos
    prep: str | None = None
    prep_i: int | None = None
    owner: tuple[int, int] | None = None  # a product's maker named in or before its name


def place_possessor(it: Item) -> bool:
    """A place's genitive ("Deutschlands", "Europas") that can determine a noun phrase as an
    article does ("Deutschlands größter Händler Edeka")."""
    m = it.mention
    return m.type in {"Country", "Place"} and m.text.endswith("s") and it.end == it.start + 1
