"""The English pipeline: a trained spaCy package plus two small components of ours.

- `kg_gazetteer_merge_v1` (first): each gazetteer name becomes one token before the models
  run, so the small parser sees "LG Chem" as one noun instead of guessing at "Chem supply".
  Wire tickers in angle brackets ("USAir Group <U>", "<SIEG.F>") become one token each too.
- `kg_paragraph_breaks_v1` (before the parser): a blank line, and the part after a "|" or "•"
  separator, always start a sentence, so a headline or a stray "Share This Post" never fuses
  with the paragraph that follows and drags the parse of a real sentence down with it.
- `kg_org_names_v1` (last, `kg.nlp.orgnames`): capitalised names ending in a legal form
  ("Brightwater Pte Ltd", "Ardent Labs, Inc.") become whole ORG spans.
- `kg_entity_ruler_v1` (after NER): gazetteer hits from `kg/resources/*.json` override the
  statistical entities (span `kb_id_` = gazetteer key), and statistical ORG/GPE/... spans that
  look like Title Case headline debris ("Produce EV Batteries", "US Using CATL Technology") or
  acronym modifiers ("EV batteries", "LFP cells") are dropped. Single-token aliases match
  case-sensitively (so "us" the pronoun is never the United States, "ford" never Ford);
  multi-token aliases match case-insensitively ("general motors"). A wire story's name in
  angle brackets ("<British and Commonwealth Holdings PLC>") is one ORG span.
- `kg_unbracket_v1` / `kg_rebracket_v1` (around the trained components, `kg.nlp.wire`): the
  models tag, parse and name a wire story without the brackets around its names.

spaCy factory names may not contain dots, hence the underscored versioned names.
Every trained component is kept: tagger + attribute_ruler + lemmatizer give the lemmas the
trigger lexicon is keyed on, the parser gives the dependencies, NER the non-gazetteer names.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg import gazetteer as gaz
from kg.errors import NLPError
from kg.nlp.spans import title_case_line
from kg.nlp.wire import TICKER, bracketed_names, brackets
from kg.nlp.wire import is_ticker as is_ticker  # kept here for callers
from kg.words import words

# NER labels whose non-gazetteer spans we keep (others - dates, money, cardinals - are not nodes).
KEEP_LABELS = {"ORG", "GPE", "LOC", "FAC", "PRODUCT", "PERSON", "NORP"}
# Acronyms spaCy's small model likes to call ORG but that are technology words in this domain.
NOT_ORGS = words("nlp.en_not_orgs", lower=True)
SPAN_KEY = "kg_gazetteer"


@Language.factory("kg_paragraph_breaks_v1")
def make_paragraph_breaks(nlp: Language, name: str) -> ParagraphBreaks:
    return ParagraphBreaks()


class ParagraphBreaks:
    # Separators of headline parts and menus ("Microsoft to acquire LinkedIn | News Center",
    # "BBC News | the Company File | TotalFina and Elf agree merger"): the part after one
    # is a sentence of its own, never a conjunct of the part before.
    SEPARATORS = frozenset({"|", "•", "·", "¦"})

    def __call__(self, doc: Doc) -> Doc:
        for i, text in enumerate([t.text for t in doc][:-1]):
            # (a space token is one whose text is all white space: `Token.is_space`)
            if ("\n" in text and text.isspace()) or text in self.SEPARATORS:
                doc[i + 1].is_sent_start = True
        for start, end in brackets(doc):
            # "said it will acquire <Promac Controls Inc> of Canada": a wire story's bracketed
            # name is inside its sentence (the parser likes to end one at "<").
            for i in range(start + 1, min(end + 2, len(doc))):
                if not doc[i].is_sent_start:
                    doc[i].is_sent_start = False
        return doc


@Language.factory("kg_gazetteer_merge_v1", default_config={"gazetteer_dir": None})
def make_gazetteer_merge(nlp: Language, name: str, gazetteer_dir: str | None) -> GazetteerMerge:
    return GazetteerMerge(nlp, gaz.load(gazetteer_dir))


class GazetteerMerge:
    """Find gazetteer names before the models run and make each one token.

    The small parser mangles multi-word names it has not seen ("LG Chem supply Tesla" becomes a
    noun compound, "SK On" a preposition); one token per known name fixes most of that. The hits
    (with their gazetteer keys) are kept in `doc.spans[SPAN_KEY]` for the entity ruler.
    """

    def __init__(self, nlp: Language, gazetteer: gaz.Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        by_key: dict[str, list[Doc]] = {}
        exact_by_key: dict[str, list[Doc]] = {}
        for form, entry in gazetteer.surface_forms("en"):
            if form.lower().startswith("the "):
                form = form[4:]
            pattern = nlp.make_doc(form)
            target = exact_by_key if len(pattern) == 1 else by_key
            target.setdefault(entry.key, []).append(pattern)
        for table, matcher in ((exact_by_key, self.exact), (by_key, self.folded)):
            for key, patterns in table.items():
                matcher.add(key, patterns)

    def __call__(self, doc: Doc) -> Doc:
        found: list[Span] = []
        for matcher in (self.exact, self.folded):
            for match_id, start, end in matcher(doc):
                found.append(Span(doc, start, end, label=match_id))
        found = filter_spans(found)
        chars = [(s.start_char, s.end_char, doc.vocab.strings[s.label]) for s in found]
        tickers = [
            t for t in _tickers(doc) if not any(t.start < f.end and f.start < t.end for f in found)
        ]
        with doc.retokenize() as retok:
            for span in found:
                if len(span) > 1:
                    retok.merge(span, attrs={"TAG": "NNP", "POS": "PROPN"})
            for span in tickers:
                retok.merge(span)
        spans = []
        for start, end, key in chars:
            label = "GPE" if self.gazetteer.entries[key].type == "Country" else "ORG"
            span = doc.char_span(start, end, label=label, kb_id=key)
            if span is not None:
                spans.append(span)
        doc.spans[SPAN_KEY] = spans
        return doc


def _tickers(doc: Doc) -> list[Span]:
    """Ticker spans the tokenizer cut into "<", "SIEG.F", ">": one token each, so the parser
    sees one odd word after the name instead of a pronoun ("<HE>") or a new clause."""
    out = []
    for m in TICKER.finditer(doc.text):
        span = doc.char_span(m.start(), m.end())
        if span is not None and len(span) > 1:
            out.append(span)
    return out


@Language.factory("kg_entity_ruler_v1")
def make_entity_ruler(nlp: Language, name: str) -> GazetteerRuler:
    return GazetteerRuler()


class GazetteerRuler:
    """Gazetteer spans first, then the statistical entities that survive the sanity checks."""

    def __call__(self, doc: Doc) -> Doc:
        hits = list(doc.spans.get(SPAN_KEY, ()))
        for span in hits:
            for tok in span:
                tok.tag_, tok.pos_, tok.lemma_ = "NNP", "PROPN", tok.text
        ents = doc.ents
        titles: dict[int, bool] = {}  # sentence start -> a Title Case line (asked per entity)
        # A longer proper name around a gazetteer hit is a different organisation
        # ("Volkswagen Group of America", "GM Korea"): keep the statistical span then.
        wider = [ent for ent in ents if self._wider_name(ent, hits, titles)]
        if wider:
            hits = [
                h for h in hits if not any(w.start <= h.start and h.end <= w.end for w in wider)
            ]
            hits = sorted([*hits, *wider], key=lambda s: s.start)
        taken = {i for span in hits for i in range(span.start, span.end)}
        kept = [
            ent
            for ent in ents
            if ent.label_ in KEEP_LABELS
            and not taken.intersection(range(ent.start, ent.end))
            and self._plausible(ent, titles)
        ]
        kept = [half for ent in kept for half in undouble(ent)]
        kept = join_dangling([part for ent in kept for part in split_at_breaks(ent)])
        kept = [with_place_suffix(ent) for ent in kept]
        doc.ents = _wire_names(doc, sorted(filter_spans([*hits, *kept]), key=lambda s: s.start))
        return doc

    def _wider_name(self, ent: Span, hits: list[Span], titles: dict[int, bool]) -> bool:
        if ent.label_ != "ORG" or len(ent) < 2:
            return False
        inside = [h for h in hits if ent.start <= h.start and h.end <= ent.end]
        if not inside or any(h.start == ent.start and h.end == ent.end for h in inside):
            return False
        if any(
            not (ent.start <= h.start and h.end <= ent.end)
            and h.start < ent.end
            and h.end > ent.start
            for h in hits
        ):
            return False
        ok = all(
            t.tag_ in {"NNP", "NNPS"} or t.text in {"&", "-", "of"} or t.text.endswith(".")
            for t in ent
        )
        return ok and self._plausible(ent, titles)

    @staticmethod
    def _plausible(ent: Span, titles: dict[int, bool]) -> bool:
        text = ent.text
        if "_" in text or "\n" in text or any(t.is_space for t in ent):
            return False
        if ent.label_ in {"NORP", "PERSON", "FAC"}:
            return not _title_line(ent, titles)
        if any(t.tag_.startswith("VB") or t.pos_ == "VERB" for t in ent):
            return False
        if ent.label_ == "ORG":
            if text.lower() in NOT_ORGS:
                return False
            root = ent.root
            # An unknown acronym used as a modifier of a common noun ("LFP cells") is a
            # technology word, not a company.
            if (
                len(ent) == 1
                and text.isupper()
                and len(text) <= 4
                and root.dep_ in {"compound", "nmod", "amod"}
                and root.head.tag_ in {"NN", "NNS"}
            ):
                return False
        # Title Case lines (headlines, button labels): only gazetteer names are trusted there.
        return not _title_line(ent, titles)


def _title_line(ent: Span, titles: dict[int, bool]) -> bool:
    """Whether `ent`'s sentence is a Title Case line, kept in `titles` by the sentence's start."""
    sent = ent.sent
    got = titles.get(sent.start)
    if got is None:
        got = titles[sent.start] = title_case_line(sent)
    return got


def _wire_names(doc: Doc, ents: list[Span]) -> list[Span]:
    """ "to <British and Commonwealth Holdings PLC>", "<General Partners>": a wire story puts
    the full name of a company without a ticker in angle brackets, so what they hold is one
    organisation name, whatever the model made of its words ("British" a nationality, "Cable
    and Wireless" two names). A gazetteer name that is all of it stays as it is."""
    for start, end in bracketed_names(doc):
        inner = doc[start + 1 : end]
        if any(e.start == inner.start and e.end == inner.end and e.kb_id_ for e in ents):
            continue
        ents = [e for e in ents if e.end <= inner.start or e.start >= inner.end]
        ents = sorted(
            [*ents, Span(doc, inner.start, inner.end, label="ORG")], key=lambda s: s.start
        )
    return ents


def join_dangling(ents: list[Span]) -> list[Span]:
    """ "American Savings and" + "Loan Association": an organisation the small model ends in
    "and" or "&" runs on into the organisation right after it; no name ends in a conjunction."""
    out: list[Span] = []
    for ent in sorted(ents, key=lambda s: s.start):
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.label_ == ent.label_ == "ORG"
            and prev.end == ent.start
            and prev[-1].lower_ in {"and", "&"}
        ):
            out[-1] = Span(ent.doc, prev.start, ent.end, label="ORG")
        else:
            out.append(ent)
    return out


def with_place_suffix(ent: Span) -> Span:
    """ "owns 80 pct of Cable and Wireless (Hong Kong)": a parenthesised place right after an
    organisation is part of its name (a regional company, not the parent the name without it
    is); `kg.names.clean` keeps it too."""
    from kg import places

    doc, end = ent.doc, ent.end
    if ent.label_ != "ORG" or end + 2 >= len(doc) or doc[end].text != "(":
        return ent
    close = next((j for j in range(end + 1, min(end + 5, len(doc))) if doc[j].text == ")"), None)
    if close is None or close == end + 1 or not places.is_place(doc[end + 1 : close].text):
        return ent
    return Span(doc, ent.start, close + 1, label="ORG")


def undouble(ent: Span) -> tuple[Span, ...]:
    """ "Digi International Digi International provides ...": a heading or byline glued to the
    sentence that repeats it is two mentions, not one long name."""
    n = len(ent)
    if n < 2 or n % 2 or [t.text for t in ent[: n // 2]] != [t.text for t in ent[n // 2 :]]:
        return (ent,)
    doc, mid = ent.doc, ent.start + n // 2
    return (Span(doc, ent.start, mid, label=ent.label_), Span(doc, mid, ent.end, label=ent.label_))


def split_at_breaks(ent: Span) -> tuple[Span, ...]:
    """ "sold Denbury Foods to Calder Group": the small model's one organisation across a
    lower-case preposition no name holds ("nlp.en_name_breaks") is the two names around it,
    and one that ends in such a preposition ends before it."""
    if ent.label_ != "ORG":
        return (ent,)
    breaks = words("nlp.en_name_breaks")
    if len(ent) > 1 and ent[-1].text in breaks:  # "sell the Hawaiian Insurance Cos to"
        ent = Span(ent.doc, ent.start, ent.end - 1, label=ent.label_)
    parts: list[Span] = []
    start = ent.start
    for t in ent:
        if t.text in breaks and start < t.i < ent.end - 1 and ent.doc[t.i + 1].is_title:
            parts.append(Span(ent.doc, start, t.i, label=ent.label_))
            start = t.i + 1
    if not parts:
        return (ent,)
    return (*parts, Span(ent.doc, start, ent.end, label=ent.label_))


def build(name: str) -> Language:
    import spacy

    try:
        nlp = spacy.load(name)
    except OSError as exc:
        first = str(exc).splitlines()[0] if str(exc) else ""
        raise NLPError(
            f"spaCy model {name!r} is not installed or cannot be loaded "
            f"(pip install it or set KG_SPACY_MODEL): {first[:120]}"
        ) from None
    missing = [p for p in ("parser", "ner") if p not in nlp.pipe_names]
    if missing:
        raise NLPError(f"spaCy model {name!r} lacks required components: {', '.join(missing)}")
    nlp.add_pipe("kg_gazetteer_merge_v1", first=True)
    nlp.add_pipe("kg_paragraph_breaks_v1", before="parser")
    nlp.add_pipe("kg_entity_ruler_v1", after="ner")
    from kg.nlp import orgnames  # noqa: F401  (registers the factory)

    trained = [n for n, p in nlp.pipeline if hasattr(p, "model")]
    nlp.add_pipe("kg_unbracket_v1", before=trained[0])
    nlp.add_pipe("kg_rebracket_v1", after=trained[-1])

    nlp.add_pipe("kg_org_names_v1", after="kg_entity_ruler_v1")
    return nlp
