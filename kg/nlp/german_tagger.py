"""The tagging half of the German route: line breaks that end sentences, and HanTa's STTS tags,
UD parts of speech and lemmas (with the corrections company text needs), as spaCy components.

HanTa (Hanover Tagger) is a trained HMM tagger + morphological lemmatizer shipped inside the
`HanTa` wheel; the entity ruler of `kg.nlp.german` reads what these components set.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from kg.errors import NLPError
from kg.nlp.german_names import LEGAL_FORMS, is_org_cue, name_shaped
from kg.words import word_list, words

HANTA_MODEL = "morphmodel_ger.pgz"

# STTS -> Universal POS (the German UD treebanks' mapping; modals/auxiliaries are AUX).
_UPOS = {
    "NN": "NOUN",
    "NE": "PROPN",
    "ADJA": "ADJ",
    "ADJD": "ADJ",
    "ADV": "ADV",
    "APPR": "ADP",
    "APPRART": "ADP",
    "APPO": "ADP",
    "APZR": "ADP",
    "ART": "DET",
    "CARD": "NUM",
    "FM": "X",
    "ITJ": "INTJ",
    "KOUI": "SCONJ",
    "KOUS": "SCONJ",
    "KON": "CCONJ",
    "KOKOM": "CCONJ",
    "PDS": "PRON",
    "PDAT": "DET",
    "PIS": "PRON",
    "PIAT": "DET",
    "PIDAT": "DET",
    "PPER": "PRON",
    "PPOSS": "PRON",
    "PPOSAT": "DET",
    "PRELS": "PRON",
    "PRELAT": "DET",
    "PRF": "PRON",
    "PWS": "PRON",
    "PWAT": "DET",
    "PWAV": "ADV",
    "PAV": "ADV",
    "PTKZU": "PART",
    "PTKNEG": "PART",
    "PTKVZ": "ADP",
    "PTKANT": "PART",
    "PTKA": "PART",
    "TRUNC": "X",
    "XY": "X",
    "$,": "PUNCT",
    "$.": "PUNCT",
    "$(": "PUNCT",
}

OPENERS = frozenset(word_list("nlp.de_sentence_openers"))
_MARKS = frozenset({"#", "@"})
_DASHES = frozenset({"–", "—"})


def _stts(tag: str) -> str:
    return tag if tag.startswith("$") else tag.replace("(", "").replace(")", "")


@Language.factory("kg_de_line_breaks_v1")
def make_line_breaks(nlp: Language, name: str) -> LineBreaks:
    return LineBreaks()


class LineBreaks:
    def __call__(self, doc: Doc) -> Doc:
        for tok in doc[:-1]:
            if not (tok.is_space and "\n" in tok.text):
                continue
            nxt = doc[tok.i + 1]
            prev = doc[tok.i - 1] if tok.i else None
            if (
                "\n\n" in tok.text
                or prev is None
                or not (prev.text in {",", "-", "–"} or nxt.text[:1].islower())
            ):
                nxt.is_sent_start = True
            elif not nxt.is_space:
                nxt.is_sent_start = False
        for tok in doc[:-1]:
            if tok.text == ".." and doc[tok.i + 1].text[:1].isupper():
                doc[tok.i + 1].is_sent_start = True  # "zugenommen.. Als Facebook": a typo'd stop
        for tok in doc[1:]:
            # "Autonomes Fahren Für das autonome Fahren hat Volvo ...": a subheading whose line
            # break the text lost; a capitalised function word after a capitalised word starts
            # the sentence again
            prev = doc[tok.i - 1]
            if (
                tok.text in OPENERS
                and prev.text[:1].isupper()
                and prev.text[-1:].isalnum()
                and not prev.is_punct
                and prev.text not in OPENERS
                and tok.i + 1 < len(doc)
                and doc[tok.i + 1].is_alpha
            ):
                tok.is_sent_start = True
        for tok in doc[:-1]:
            # "GmbH & Co. KG", "Apple Inc. kauft": the legal form's period ends no sentence
            nxt = doc[tok.i + 1]
            if (
                tok.text.endswith(".")
                and tok.text in LEGAL_FORMS
                and (nxt.text in LEGAL_FORMS or nxt.text[:1].islower() or nxt.text in {",", ")"})
            ):
                nxt.is_sent_start = False
        return doc


@Language.factory("kg_de_hanta_tagger_v1", default_config={"model": HANTA_MODEL})
def make_hanta_tagger(nlp: Language, name: str, model: str) -> HantaTagger:
    return HantaTagger(model)


@lru_cache(maxsize=1)
def _hanta():
    """The word-level HanTa analyser (for compound heads); None if HanTa is missing."""
    try:
        from HanTa import HanoverTagger

        return _memoised(HanoverTagger.HanoverTagger(HANTA_MODEL))
    except (ImportError, OSError, ValueError, EOFError):  # pragma: no cover
        return None


def _memoised(tagger):
    """HanTa with its two per-word analyses remembered: both are functions of the word (and
    tag) alone, and HanTa runs them again for every occurrence (its own cache holds only the
    model's frequent words), so a word seen before costs a lookup, not a character-level
    Viterbi pass. Bounded, so a long build does not grow it without end."""
    tagger.analyze_forward = lru_cache(maxsize=1 << 16)(tagger.analyze_forward)
    tagger.analyze_viterbi = lru_cache(maxsize=1 << 16)(tagger.analyze_viterbi)
    return tagger


class HantaTagger:
    """STTS tags and lemmas from HanTa, one sentence at a time (its HMM works per sentence)."""

    def __init__(self, model: str) -> None:
        try:
            from HanTa import HanoverTagger
        except ImportError as exc:  # pragma: no cover - HanTa is a declared dependency
            raise NLPError(f"German route needs HanTa ({exc}); pip install HanTa") from exc
        try:
            self.tagger = _memoised(HanoverTagger.HanoverTagger(model))
        except (OSError, ValueError, EOFError) as exc:
            raise NLPError(f"cannot load HanTa model {model!r}: {exc}") from exc

    def __call__(self, doc: Doc) -> Doc:
        for sent in doc.sents:
            toks = [t for t in sent if not t.is_space]
            # Social-media marks ("#Edeka", "BHF-#Übernahme") are not words: tagged as
            # punctuation and left out of the HMM's input so they do not skew the context.
            for t in toks:
                if t.text in _MARKS:
                    t.tag_, t.pos_, t.lemma_ = "$(", "PUNCT", t.text
                elif t.text == "..":
                    t.tag_, t.pos_, t.lemma_ = "$.", "PUNCT", t.text
                elif t.text in _DASHES:  # HanTa reads a lone dash as foreign material
                    t.tag_, t.pos_, t.lemma_ = "$(", "PUNCT", t.text
            words = [t for t in toks if t.text not in _MARKS and t.text not in {"..", *_DASHES}]
            if not words:
                continue
            # soft hyphens ("Wett\xadbe\xadwerber") are layout, not spelling
            clean = [t.text.replace("#", "").replace("\xad", "") or t.text for t in words]
            tagged = self.tagger.tag_sent(clean, taglevel=1)
            for n, (tok, word, (_word, lemma, tag)) in enumerate(
                zip(words, clean, tagged, strict=True)
            ):
                stts = _stts(tag)
                if _cue_compound(word, stts):
                    # "die RBI-Tochter", "von Facebook-Tochter", "der iPhone-Hersteller" (a
                    # brand's spelling at its head is still a compound on a cue noun)
                    stts, lemma = "NN", word
                elif name_shaped(word) and stts not in {"NE", "FM", "NN"}:
                    stts = "NE"  # "iBE", "eiSos": a brand's spelling, not a verb or article
                elif _capital_verb(word, stts, n, words, tagged):
                    stts = "NE"  # "von Google" (not "googeln"): a verb is capitalised only first
                tok.tag_ = stts
                tok.pos_ = _UPOS.get(
                    stts,
                    "VERB" if stts.startswith("VV") else "AUX" if stts[:2] in {"VA", "VM"} else "X",
                )
                tok.lemma_ = _lemma(word, lemma, stts)
        _temporal_als(doc)
        for tok in doc:
            if tok.is_space:
                tok.pos_ = "SPACE"
                tok.tag_ = "_SP"
                tok.lemma_ = tok.text
        return doc


def _temporal_als(doc: Doc) -> None:
    """ "Als Facebook die Übernahme verkündete, ...": "als" opening a clause that ends in a
    finite verb before the comma is the subordinator, not the comparison HanTa reads."""
    for tok in doc:
        if tok.lower_ != "als" or tok.tag_ not in {"APPR", "KOKOM"}:
            continue
        if not (tok.is_sent_start or (tok.i > 0 and doc[tok.i - 1].text == ",")):
            continue
        end = next((t.i for t in doc[tok.i + 1 :] if t.tag_ in {"$,", "$."}), len(doc))
        if end - tok.i > 2 and doc[end - 1].tag_.endswith("FIN"):
            tok.tag_, tok.pos_ = "KOUS", "SCONJ"


_FIRST_VERBS = frozenset({"VVIMP", "VVFIN"})


def _capital_verb(word: str, stts: str, n: int, words: list, tagged: list) -> bool:
    """A capitalised word HanTa read as a verb where no verb is capitalised: inside a
    sentence (not after a colon, quote or bracket), or first but right before a finite verb
    ("Google bringt ...": an imperative is never followed by one)."""
    if not (word[:1].isupper() and word.isalpha() and stts[:1] == "V"):
        return False
    if n == 0:
        # "Google hat ...": a verb first is an imperative or a question's finite verb, and
        # neither is followed by another finite verb
        return len(tagged) > 1 and _stts(tagged[1][2]).endswith("FIN") and stts in _FIRST_VERBS
    prev = words[n - 1].text
    return prev not in {":", '"', "„", "“", "(", "«", "»", "-", "–"} and not prev.endswith(".")


_HYPHEN_CUES = tuple(f"-{c}" for c in words("nlp.de_org_cue_nouns", lower=True) if "-" in c)


def _cue_compound(word: str, stts: str) -> bool:
    """ "RBI-Tochter" (read as an adjective), "Facebook-Tochter" (read as a name): a hyphen
    compound on an organisation cue noun is that common noun. A German adjective compound has
    a lower-case tail ("deutsch-französische"), so a capitalised tail is never an adjective."""
    if stts != "NN" and word[:1].isupper() and word.lower().endswith(_HYPHEN_CUES):
        return True  # "das Batterie-Start-up": a cue spelt with a hyphen of its own
    head, _, tail = word.rpartition("-")
    if not head or not tail[:1].isupper() or not tail.isalpha() or stts in {"NN", "FM"}:
        return False
    return stts != "NE" or is_org_cue(tail)


def _lemma(text: str, lemma: str, tag: str) -> str:
    """HanTa lower-cases names ("GM" -> "Gm"); names keep their form, nouns their capitals."""
    if tag in {"NE", "FM", "XY"} or not lemma:
        return text
    if tag == "NN" and lemma.lower()[:1] == text.lower()[:1]:
        i = 0
        while i < min(len(text), len(lemma)) and text[i].lower() == lemma[i].lower():
            i += 1
        return text[:i] + lemma[i:]
    return lemma


def hanta_name(word: str) -> bool:
    """Does HanTa, out of context, read the word as a proper noun ("Lufthansa", "Walgreen")?"""
    if not word:
        return False  # " -Chef": a compound whose first part a link's removal left empty
    tagger = _hanta()
    return tagger is not None and tagger.analyze(word, taglevel=1)[1] == "NE"


def hanta_noun_lemma(word: str) -> str | None:
    """HanTa's lemma of the word read out of context as a common noun ("Versandhandels" ->
    "Versandhandel"), else None."""
    tagger = _hanta()
    if tagger is None:
        return None
    lemma, tag = tagger.analyze(word, taglevel=1)
    return lemma if tag == "NN" else None
