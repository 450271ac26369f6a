"""The German route, built from installable parts (no trained German spaCy pipeline exists here).

Pipeline (every component is a registered spaCy factory with a versioned name; spaCy forbids "." in
factory names, so they read `kg_de_<part>_v1`; line breaks and the tagger are in
`kg/nlp/german_tagger.py`, the entity ruler here):

- spaCy's rule-based German tokenizer (`spacy.blank("de")`: German abbreviations, "6." ordinals,
  hyphen compounds kept whole) and the rule-based `sentencizer`;
- `kg_de_line_breaks_v1`: a line break starts a sentence unless the line visibly continues (ends
  in a comma/hyphen or the next line starts lower case), so headings ("Fazit", "Der globale
  Kontext") never fuse with the paragraph that follows;
- `kg_de_hanta_tagger_v1`: HanTa (Hanover Tagger, a trained HMM tagger + morphological
  lemmatizer shipped inside the `HanTa` wheel) sets STTS `tag_`, a UD `pos_` and `lemma_`,
  sentence by sentence;
- `kg_de_entity_ruler_v1`: entities without a statistical NER: the shared gazetteer
  (`kg/resources/*.json`, German and English aliases -> same keys as English articles, span
  `kb_id_` = gazetteer key), then proper-noun runs with an organisation cue (a legal form after
  them - AG, SE, GmbH, Co. Limited - or a cue noun before them - "Unternehmen", "Konzern",
  "Autobauer", "US-Softwarehersteller"), acronyms in parentheses after such a name, every other
  occurrence of a name found that way, and proper nouns after "in"/"im" as places.

Bare proper nouns without any cue are left out on purpose: HanTa tags "EV", "Fazit" in headings,
people and towns as NE alike, and an organisation node is only worth its evidence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import compile_suffix_regex, filter_spans

from kg import gazetteer as gaz
from kg.nlp.german_names import (
    LEGAL_FORMS,
    PLACE_HEADS,
    absorbed_places,
    acronym,
    before_place_head,
    english_head_stop,
    head_name_word,
    inflected_noun,
    is_cue_noun,
    is_name_cue_after,
    is_name_head,
    is_org_cue,
    known_place,
    known_place_word,
    legal_tail_end,
    name_like,
    name_shaped,
)
from kg.nlp.german_tagger import HANTA_MODEL, OPENERS, hanta_name, hanta_noun_lemma
from kg.words import word_list, words

VERSION = "kg.de.route.v1"

_PLACE_PREPS = frozenset(word_list("nlp.de_place_prepositions"))
_ROLE_TAILS = words("nlp.de_org_role_tails", lower=True)


@Language.factory("kg_de_entity_ruler_v1", default_config={"gazetteer_dir": None})
def make_entity_ruler(nlp: Language, name: str, gazetteer_dir: str | None) -> GermanEntities:
    return GermanEntities(nlp, gaz.load(gazetteer_dir))


class GermanEntities:
    """ORG/GPE from the gazetteer (kb_id_ = key), ORG from cued proper nouns, LOC after "in"."""

    def __init__(self, nlp: Language, gazetteer: gaz.Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.single: dict[str, str] = {}
        exact: dict[str, list[Doc]] = {}
        folded: dict[str, list[Doc]] = {}
        for form, entry in gazetteer.surface_forms("de"):
            pattern = nlp.make_doc(form)
            if len(pattern) == 1:
                exact.setdefault(entry.key, []).append(pattern)
                self.single.setdefault(form, entry.key)
            else:
                folded.setdefault(entry.key, []).append(pattern)
        for table, matcher in ((exact, self.exact), (folded, self.folded)):
            for key, patterns in table.items():
                matcher.add(key, patterns)

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        for matcher in (self.exact, self.folded):
            for match_id, start, end in matcher(doc):
                key = doc.vocab.strings[match_id]
                entry = self.gazetteer.entries[key]
                label = "GPE" if entry.type == "Country" else "ORG"
                spans.append(Span(doc, start, end, label=label, kb_id=key))
        for tok in doc:  # possessive "GMs", "CATLs"
            if tok.text.endswith("s") and tok.text[:-1] in self.single and tok.tag_ == "NE":
                key = self.single[tok.text[:-1]]
                if self.gazetteer.entries[key].type == "Organization":
                    spans.append(Span(doc, tok.i, tok.i + 1, label="ORG", kb_id=key))
        cued_all = filter_spans(list(self._cued(doc)))
        gaz_spans = absorbed_places(filter_spans(spans), cued_all)
        taken = {i for s in gaz_spans for i in range(s.start, s.end)}
        cued = [s for s in cued_all if not any(i in taken for i in range(s.start, s.end))]
        cued += list(self._acronyms(doc, [*gaz_spans, *cued]))
        cued += list(self._propagate(doc, cued, taken, self._role_owners(doc)))
        found = filter_spans([*gaz_spans, *cued])
        taken = {i for s in found for i in range(s.start, s.end)}
        found += [
            s for s in self._places(doc) if not any(i in taken for i in range(s.start, s.end))
        ]
        doc.ents = filter_spans(found)
        return doc

    def _cued(self, doc: Doc) -> Iterable[Span]:
        seen = _Seen.of(doc)
        for tok in doc:
            if tok.tag_ == "NE":
                yield from self._after_article(doc, tok, seen)
            if is_name_head(tok.text) and tok.i > 0:
                yield from self._before_head(doc, tok)
            if tok.text in LEGAL_FORMS and tok.i > 0:
                yield from self._before_legal_form(doc, tok)
            elif tok.tag_ == "NN" and is_org_cue(tok.lemma_) and tok.i + 1 < len(doc):
                yield from self._after_cue(doc, tok)
            if tok.tag_ == "NN" and is_name_cue_after(tok.text) and tok.i > 0:
                # "Erwin Meier Unternehmensgruppe": the run before the cue is the name
                start = tok.i
                while (
                    start > 0
                    and tok.i - start < 4
                    and name_like(doc[start - 1])
                    and not _place_adjective(doc[start - 1])
                ):
                    start -= 1
                run = doc[start : tok.i]
                if run and any(t.tag_ in {"NE", "FM"} or name_shaped(t.text) for t in run):
                    yield Span(doc, start, tok.i, label="ORG")
            elif tok.tag_ in {"NN", "NE"} and "-" in tok.text:
                head, _sep, tail = tok.text.rpartition("-")
                if is_name_cue_after(tail) and self._is_name(head):
                    yield Span(doc, tok.i, tok.i + 1, label="ORG")

    def _after_article(self, doc: Doc, tok, seen: _Seen) -> Iterable[Span]:
        """ "die Lufthansa", "die SPD": a proper noun right after the feminine article "die"
        is an organisation's name when the article names it again and never with a designation
        ("das Nexus 6P", "RB 42": a product line) and it is no place or demonym.
        Persons and places rarely take an article; "der"/"das" also come before products ("der
        Levante", "das iPhone"), so only "die" counts."""
        prev = doc[tok.i - 1] if tok.i > 0 else None
        if prev is None or prev.lower_ != "die" or prev.tag_ != "ART":
            return  # a relative "die" ("die Abmachung, die Tsipras ...") is no article
        end = tok.i
        while end < len(doc) and end - tok.i < 3 and _plain_proper_noun(doc[end]):
            end += 1
        run = doc[tok.i : end]
        if (
            not run
            or seen.count[run[-1].text] < 2
            or run[-1].text in seen.designated
            or (end < len(doc) and doc[end].tag_ in {"NN", "NE"} and doc[end].text[:1].isupper())
            or known_place_word(run.text)
            or any(known_place_word(t.text) or self.gazetteer.demonym(t.text) for t in run)
        ):
            return
        yield Span(doc, tok.i, end, label="ORG")

    def _before_legal_form(self, doc: Doc, tok) -> Iterable[Span]:
        start = tok.i
        # "GmbH & Co. KG": walk back over the legal-form tail, then the name.
        while start > 0 and (
            doc[start - 1].text in LEGAL_FORMS
            or (doc[start - 1].text == "&" and start > 1 and doc[start - 2].text in LEGAL_FORMS)
        ):
            start -= 1
        name_end = start
        while name_end - start < 6 and start > 0:
            if name_like(doc[start - 1]) and not _place_adjective(doc[start - 1]):
                start -= 1
            elif (
                start > 1
                and doc[start - 1].text == "\n"
                and name_like(doc[start - 2])
                and doc[start - 2].tag_ in {"NE", "FM", "NN"}
            ):
                start -= 2  # a name wrapped over a line break
            else:
                break
        opened = _adjective_opened(doc, name_end)
        if opened is not None and opened < start:
            start = opened
        end = legal_tail_end(doc, tok.i + 1)
        if start < name_end and doc[start].text not in LEGAL_FORMS:
            yield Span(doc, start, end, label="ORG")

    def _before_head(self, doc: Doc, tok) -> Iterable[Span]:
        """ "die Süddeutsche Zeitung", "der Deutschen Bank", "Ströer Content Group": the
        capitalised run before a name head is a name with it."""
        start = tok.i
        while (
            start > 0
            and tok.i - start < 4
            and not doc[start - 1].is_sent_end
            and (head_name_word(doc[start - 1]) or before_place_head(doc, tok, start - 1))
            # "aus Wien Austria": a place before the country is no name with it
            and not (tok.text in PLACE_HEADS and known_place(doc[start - 1]))
            and not english_head_stop(doc, tok, start)
            # "der New Yorker Unternehmensberater Alix Partners": a city adjective before a
            # common noun describes; before the head it names ("Hamburger Sparkasse")
            and not (start < tok.i and doc[start].tag_ == "NN" and _place_adjective(doc[start - 1]))
            # "Verzögerung Deutsche Börse": an adjective opens the name, a noun before it is
            # another phrase
            and not (doc[start - 1].tag_ == "NN" and doc[start].tag_ == "ADJA")
        ):
            start -= 1
        run = doc[start : tok.i]
        # "Schlechte Nachrichten", "Freie Bahn" opening a sentence (or a heading): capitalised
        # there for the position alone
        if run and not (run[0].is_sent_start and all(t.tag_ == "ADJA" for t in run)):
            yield Span(doc, start, legal_tail_end(doc, _name_tail_end(doc, tok.i + 1)), label="ORG")

    def _after_cue(self, doc: Doc, tok) -> Iterable[Span]:
        end = tok.i + 1
        while (
            end < len(doc)
            and end - tok.i <= 6
            and (
                name_like(doc[end])
                or (doc[end].text in LEGAL_FORMS and end > tok.i + 1)
                # "das Konsortium Toll Collect": after a cue noun a capitalised word is part of
                # the name whatever HanTa read it as ("toll", an adjective)
                or (_capitalised_word(doc[end]) and doc[end].tag_ in {"ADJD", "ADV"})
            )
            and not (end > tok.i + 1 and inflected_noun(doc[end]))
        ):
            end += 1
        if end == tok.i + 1 and _close_apposition(doc, tok, end + 1):
            end += 1  # "die RBI-Tochter Polbank": a name on a cue tail, read as no name
        run = doc[tok.i + 1 : end]
        named = run and (
            any(t.tag_ in {"NE", "FM"} or acronym(t.text) for t in run)
            or _close_apposition(doc, tok, end)
        )
        if named and not (
            len(run) == 1 and (self.gazetteer.lookup(run.text) or _place_genitive(run[0]))
        ):
            yield Span(doc, tok.i + 1, end, label="ORG")

    def _is_name(self, word: str) -> bool:
        """A compound head that is a name: "Meier" in "Meier-Gruppe", not "Energie"."""
        if not word[:1].isupper() or self.gazetteer.demonym(word):
            return False
        return name_shaped(word) or self.hanta_ne(word)

    def hanta_ne(self, word: str) -> bool:
        return hanta_name(word)

    def _acronyms(self, doc: Doc, orgs: list[Span]) -> Iterable[Span]:
        """Acronym in parentheses after a name: the acronym is the same organisation."""
        for span in orgs:
            if span.label_ != "ORG" or span.end + 2 >= len(doc):
                continue
            a, b, c = doc[span.end], doc[span.end + 1], doc[span.end + 2]
            if a.text == "(" and c.text == ")" and acronym(b.text) and not span.kb_id_:
                yield Span(doc, b.i, b.i + 1, label="ORG")

    def _role_owners(self, doc: Doc) -> set[tuple[str, ...]]:
        """ "Lufthansa-Chef", "Siemens-Aktie": a name before a role or a
        share of an organisation is that organisation (the compound itself is the person or
        the share, so only the bare name elsewhere in the article is marked)."""
        owners = set()
        for tok in doc:
            head, _sep, tail = tok.text.rpartition("-")
            if (
                tok.tag_ in {"NN", "NE"}
                and head.isalnum()
                and tail.lower() in _ROLE_TAILS
                and self._is_name(head)
                and not known_place_word(head)
            ):
                owners.add((head,))
        return owners

    def _propagate(
        self, doc: Doc, orgs: list[Span], taken: set[int], owners: set[tuple[str, ...]]
    ) -> Iterable[Span]:
        """A name introduced with a cue is an organisation everywhere in the article."""
        names = {tuple(t.text for t in s) for s in orgs if not s.kb_id_} | owners
        if not names:
            return
        own = {(s.start, s.end) for s in orgs}
        for name in names:
            n = len(name)
            for start in range(len(doc) - n + 1):
                end = start + n
                if tuple(t.text for t in doc[start:end]) != name or (start, end) in own:
                    continue
                if end + 1 < len(doc) and doc[end].text == "&" and name_like(doc[end + 1]):
                    continue  # "Daily Mail & General Trust" is another, longer name
                if not any(i in taken for i in range(start, end)):
                    yield Span(doc, start, end, label="ORG")
        singles = {w[0] for w in names if len(w) == 1}
        for tok in doc:  # possessive of a propagated single-token name: "Navistars"
            if tok.text.endswith("s") and tok.text[:-1] in singles and tok.i not in taken:
                yield Span(doc, tok.i, tok.i + 1, label="ORG")

    def _places(self, doc: Doc) -> Iterable[Span]:
        for tok in doc[:-1]:
            if tok.lower_ not in _PLACE_PREPS:
                continue
            end = tok.i + 1
            while end < len(doc) and doc[end].tag_ == "NE" and doc[end].text[:1].isupper():
                end += 1
            if end == tok.i + 1 and end < len(doc) and known_place(doc[end]):
                end += 1  # "in Dingolfing": a gazetteer city whatever HanTa tagged it
            elif end == tok.i + 1:
                end = _foreign_place_end(doc, end)  # "in La Defense", "in Wien-Aspern"
            if end > tok.i + 1:
                yield Span(doc, tok.i + 1, end, label="LOC")
                # "in Landshut und Dingolfing": the conjoined name is a place too
                if end + 1 < len(doc) and doc[end].lower_ == "und" and doc[end + 1].tag_ == "NE":
                    yield Span(doc, end + 1, end + 2, label="LOC")


@dataclass(frozen=True)
class _Seen:
    """How often each word stands in the document, and the words a designation follows."""

    count: Counter
    designated: frozenset[str]

    @classmethod
    def of(cls, doc: Doc) -> _Seen:
        designated = {a.text for a, b in pairwise(doc) if any(ch.isdigit() for ch in b.text)}
        return cls(Counter(t.text for t in doc), frozenset(designated))


_NAME_TAGS = frozenset({"NN", "NE", "FM"})


def _plain_proper_noun(tok) -> bool:
    return tok.tag_ == "NE" and tok.text[:1].isupper() and tok.is_alpha


def _foreign_place_end(doc: Doc, start: int) -> int:
    """End of a place after a preposition that HanTa reads as foreign words or a noun: a run of
    two or three capitalised foreign words the place index knows ("in La Defense"), or a city
    with its district ("in Wien-Aspern", "Graz-Puntigam")."""
    if start >= len(doc) or not doc[start].text[:1].isupper():
        return start
    first = doc[start]
    city, sep, part = first.text.partition("-")
    if sep and part[:1].isupper() and first.tag_ in {"NN", "NE"} and known_place_word(city):
        return start + 1
    end = start
    while end < len(doc) and end - start < 3 and doc[end].tag_ == "FM":
        end += 1
    if end - start > 1 and known_place_word(doc[start:end].text):
        return end
    return start


def _name_tail_end(doc: Doc, end: int) -> int:
    """ "Raiffeisen Bank International", "Royal Bank of Scotland": proper nouns after a name
    head go on with the name (a lower-case joiner only between two of them)."""
    limit = end + 4
    while end < min(limit, len(doc)) and doc[end].tag_ in {"NE", "FM"}:
        if not doc[end].text[:1].isupper() and not (
            end + 1 < len(doc)
            and doc[end + 1].tag_ in {"NE", "FM"}
            and doc[end + 1].text[:1].isupper()
        ):
            break
        end += 1
    return end


def _close_apposition(doc: Doc, cue, end: int) -> bool:
    """ "auf die RBI-Tochter Polbank.": one capitalised noun in its base form right after a
    determined cue noun and before punctuation or a verb is the cue's name (HanTa reads an
    unknown compound such as "Polbank" as a common noun; no noun follows a cue bare)."""
    if end != cue.i + 2 or cue.i == 0 or doc[cue.i - 1].tag_ not in {"ART", "APPRART", "PPOSAT"}:
        return False
    word = doc[cue.i + 1]
    nxt = doc[end] if end < len(doc) else None
    return (
        word.tag_ == "NN"
        and word.lemma_ == word.text
        and not is_cue_noun(word.lemma_)
        and (nxt is None or nxt.tag_ in {"$.", "$,", "$("} or nxt.tag_.endswith("FIN"))
    )


def _adjective_opened(doc: Doc, legal: int) -> int | None:
    """ "die Österreichische Kreditbanken AG", "der Deutsche Biofonds Treuhand GmbH": inside a
    sentence an adjective is capitalised only in a name, so one after an article, followed by
    capitalised nouns up to a legal form, opens the name (its nouns may be common ones or
    cues); where it starts."""
    k = legal - 1
    while k > 0 and legal - k <= 4 and _capitalised_word(doc[k]) and doc[k].tag_ in _NAME_TAGS:
        k -= 1
    if (
        k < legal - 1
        and k >= 1
        and doc[k].tag_ == "ADJA"
        and _capitalised_word(doc[k])
        and not _place_adjective(doc[k])  # "die Düsseldorfer Henkel AG": the city describes
        and doc[k - 1].tag_ in {"ART", "APPR", "APPRART"}
    ):
        return k
    return None


def _capitalised_word(tok) -> bool:
    return tok.text[:1].isupper() and tok.is_alpha and tok.text not in OPENERS


def _place_adjective(tok) -> bool:
    """ "Die Düsseldorfer Henkel AG", "der New Yorker Konzern": the city adjective is not part
    of the name."""
    from kg.places import city_adjective

    if not tok.text.endswith("er"):
        return False
    if city_adjective(tok.text) is not None:
        return True
    prev = tok.nbor(-1) if tok.i > 0 else None
    return (
        prev is not None
        and prev.text[:1].isupper()
        and city_adjective(f"{prev.text} {tok.text}") is not None
    )


def _place_genitive(tok) -> bool:
    """ "größter Versorger Österreichs": a place's genitive after a cue is whose, not a name."""
    return tok.text.endswith("s") and known_place_word(tok.text[:-1])


_APOSTROPHE_NAME = re.compile(r"^[A-ZÄÖÜ][\w&-]*[’´]s$")


@lru_cache(maxsize=2)
def load(model: str = HANTA_MODEL) -> Language:
    """The German route: blank tokenizer, sentences, HanTa tags/lemmas, gazetteer + cued ORGs."""
    nlp = spacy.blank("de")
    # "das Galaxy S7.", "das Nexus 6P. Dann ...": German keeps a period after digits (an
    # ordinal, "am 3. Mai"), but after a model designation mixing letters and digits it ends
    # the sentence; so does one after "GmbH" ("... mit der Melcher GmbH. Der Konzern ...": the
    # legal form is no abbreviation with a period of its own)
    suffixes = [
        *nlp.Defaults.suffixes,
        r"(?<=[0-9][A-Za-z])\.",
        r"(?<=[A-Za-z][0-9])\.",
        r"(?<=mbH)\.",
    ]
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    # "Kaiser’s Tengelmann", "Kaiser´s", "Hudson’s Bay": a typographic apostrophe or an acute
    # accent in a capitalised word's "s" stays in the word as the ASCII one does ("Kaiser's");
    # split off, the name broke in two ("Tengelmann acquires Kaiser")
    nlp.tokenizer.token_match = _APOSTROPHE_NAME.match
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("kg_de_line_breaks_v1")
    nlp.add_pipe("kg_de_hanta_tagger_v1", config={"model": model})
    nlp.add_pipe("kg_de_entity_ruler_v1")
    nlp.meta["name"] = "kg_de_route"
    nlp.meta["version"] = "1.0.0"
    nlp.meta["description"] = VERSION
    return nlp


__all__ = [
    "HANTA_MODEL",
    "LEGAL_FORMS",
    "hanta_name",
    "hanta_noun_lemma",
    "is_name_cue_after",
    "is_org_cue",
    "load",
    "name_shaped",
]
