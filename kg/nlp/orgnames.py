"""`kg_org_names_v1` (after the entity ruler): organisation names ending in a legal form.

The small NER model often misses a company it has not seen or cuts it short ("AT&T" out of
"AT&T Mobility LLC", "Tamsin Capital Partners" + a GPE "L.P."), or calls it a PERSON ("Ardent
Labs, Inc."). A legal form ("Pte Ltd", "Inc.", "S.p.A.") is strong evidence of a company name,
so a run of capitalised name words ending in one becomes one ORG span, replacing the statistical
spans it overlaps. Gazetteer spans are never cut: a run that would split one is dropped. Title
Case lines (headlines, buttons) are left alone, as in `kg_entity_ruler_v1`.
The legal forms are `kg.resources.legal_forms()` (the English cues of
`kg/resources/legal_forms.json`); the joining words are the word list "nlp.name_joiners".
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from kg import places
from kg.names import is_legal_form
from kg.nlp.spans import title_case_line
from kg.resources import legal_forms
from kg.words import words

_MAX_NAME = 8  # name words before the legal form; longer runs are prose, not a name
_NAME_POS = {"PROPN", "NOUN", "ADJ", "NUM", "X"}
_INDUSTRY = words("nlp.en_name_industry_words", lower=True)


def cue_forms() -> tuple[list[str], list[str]]:
    """English legal forms matched in any case, and those matched as written (or in capitals):
    "AS", "SA" and "Co." are ordinary words in lower case."""
    folded: list[str] = []
    exact: list[str] = []
    for f in legal_forms():
        if "en" in f.langs:
            if f.case == "any":
                folded.append(f.form)
            else:
                exact.extend(dict.fromkeys((f.form, f.form.upper())))
    return folded, exact


@Language.factory("kg_org_names_v1")
def make_org_names(nlp: Language, name: str) -> OrgNames:
    return OrgNames(nlp)


class OrgNames:
    def __init__(self, nlp: Language) -> None:
        folded, exact = cue_forms()
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.folded.add("LEGAL", [nlp.make_doc(f) for f in folded])
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.exact.add("LEGAL", [nlp.make_doc(f) for f in exact])
        self.joiners = words("nlp.name_joiners", lower=True)

    def __call__(self, doc: Doc) -> Doc:
        self._tag(doc)
        _repeated_joined(doc)
        _final_forms(doc)
        _fronted_subjects(doc)
        _said_objects(doc)
        return doc

    def _tag(self, doc: Doc) -> None:
        forms = [doc[s:e] for m in (self.folded, self.exact) for _, s, e in m(doc)]
        # Longest form at each end ("Pte Ltd" over "Ltd"), leftmost first.
        forms = _chained(sorted(filter_spans(forms), key=lambda s: s.start))
        ents = list(doc.ents)
        owner = {i: e for e in ents for i in range(e.start, e.end)}
        new: list[Span] = []
        for form in forms:
            span = self._name(doc, form, owner)
            if span is not None and not title_case_line(span.sent):
                new.append(span)
        if not new:
            return
        covered = {i for s in new for i in range(s.start, s.end)}
        kept = [e for e in ents if not covered.intersection(range(e.start, e.end))]
        doc.ents = sorted(filter_spans([*kept, *new]), key=lambda s: s.start)

    def _name(self, doc: Doc, form: Span, owner: dict[int, Span]) -> Span | None:
        end = form.start
        if end > 0 and doc[end - 1].text == ",":  # "Ardent Labs, Inc."
            end -= 1
        start = end
        sent_start = form.sent.start
        while start > sent_start and end - start < _MAX_NAME and self._name_word(doc[start - 1]):
            word = doc[start - 1]
            if (
                word.lower_ in {"of", "and"}
                and (owner.get(word.i) is None or owner.get(word.i) is not owner.get(start))
                and not (word.lower_ == "and" and joins_one_name(doc, word.i, sent_start, owner))
            ):
                break  # "Director of Acme Ltd": only a recognised name spans "of" / "and"
            start -= 1
            ent = owner.get(start)
            if ent is not None:  # take a recognised name whole
                start = max(ent.start, sent_start)
        while start < end and doc[start].lower_ in self.joiners:
            start += 1
        if start == end or not _capitalised(doc[start]):
            return None
        start = _partner_before(doc, start, form, sent_start)
        if any(
            e.kb_id_ and (e.start < start < e.end or e.start < form.end < e.end)
            for e in {owner[i] for i in range(start, form.end) if i in owner}
        ):
            return None  # never cut a gazetteer name
        inner = [owner[i] for i in range(start, form.end) if i in owner]
        if (
            inner
            and all(e.kb_id_ for e in inner)
            and any(e.start == start and e.end == form.end for e in inner)
        ):
            return None
        return Span(doc, start, form.end, label="ORG")

    def _name_word(self, tok: Token) -> bool:
        if tok.is_space or "\n" in tok.text:
            return False
        if tok.lower_ in self.joiners:
            return True
        return tok.pos_ in _NAME_POS and _capitalised(tok)


def _chained(forms: list[Span]) -> list[Span]:
    """ "Hopper, Soliday and Co Inc": legal forms one after another are one form, so the name
    runs to the last."""
    out: list[Span] = []
    for f in forms:
        if out and out[-1].end == f.start:
            out[-1] = Span(f.doc, out[-1].start, f.end)
        else:
            out.append(f)
    return out


def joins_one_name(doc: Doc, i: int, sent_start: int, owner: dict[int, Span] | None = None) -> bool:
    """ "Cable and Wireless Plc", "Merrill Lynch and Co Inc": an "and" before a legal form, or
    after one capitalised word that starts the run and is no name of its own (no legal form,
    ticker, person, place or gazetteer name), joins the words of one company name; two
    companies each carry their own legal form in a wire story, and a list ("Wagner and Brown
    and AFG Industries Inc", "between X and Y") or words the article also writes alone are no
    one name."""
    if i + 1 < len(doc) and is_legal_form(doc[i + 1].text):
        return True  # "Merrill Lynch and Co Inc"
    left = i
    while left > sent_start and i - left < 2 and _conjunct_word(doc[left - 1]):
        left -= 1
    initials = _initials_before(doc, i, sent_start)
    if initials is not None:
        # "S and A Truck Tire Sales and Services Corp": a run opened by two letters joined by
        # "and" is one name on, unless the words after this "and" stand alone elsewhere.
        left = initials
        right = _run_after(doc, i)
        if right and re.search(rf"(?<!\band\s)\b{re.escape(right)}\b", doc.text):
            return False
    elif left == i or (i - left > 1 and not _industry_after(doc, i)):
        # "Arvo Chemicals and Lindqvist AB": a name of two words is a name, unless a business
        # word follows the "and" ("Espey Manufacturing and Electronics Corp")
        return False
    if left > sent_start and doc[left - 1].lower_ in {",", "and", "&", "or", "between", "both"}:
        return False
    # The words written alone elsewhere in the article are a name of their own ("Apple").
    alone = re.compile(rf"\b{re.escape(doc[left:i].text)}\b(?!\s+(?:and|&)\s)")
    if alone.search(doc.text):
        return False
    for t in doc[left:i]:
        ent = (owner or {}).get(t.i)
        if is_legal_form(t.text) or t.text.startswith("<"):
            return False
        if ent is not None and (ent.kb_id_ or _own_name(ent, t)):
            return False
    return True


def _own_name(ent: Span, tok: Token) -> bool:
    """Whether the NER's span on the word before "and" makes it a name of its own. A person
    or place the article never writes alone (the caller has checked) is the tagger's guess on
    the first word of a wire name ("Tate and Lyle Plc", "Frost and Sullivan Inc", "British and
    Commonwealth Shipping Plc"); a span beyond the word, or a place the place index knows, is
    a name ("Texas and Halvern Corp")."""
    if ent.label_ not in {"PERSON", "GPE", "NORP", "LOC"}:
        return False
    if len(ent) > 1:
        return True
    return ent.label_ in {"GPE", "LOC"} and places.is_place(tok.text)


def _industry_after(doc: Doc, i: int) -> bool:
    return i + 1 < len(doc) and doc[i + 1].is_title and doc[i + 1].lower_ in _INDUSTRY


def _letter(tok: Token) -> bool:
    return len(tok.text) == 1 and tok.text.isupper()


def _initials_before(doc: Doc, i: int, sent_start: int) -> int | None:
    """Where a run of name words before the "and" at `i` starts with two capital letters
    joined by "and" ("S and A Truck Tire Sales"), the first letter; else None."""
    j = i
    while j > sent_start and _conjunct_word(doc[j - 1]) and not _letter(doc[j - 1]):
        j -= 1
    k = j - 1  # the second letter
    if j < i and k - 2 >= sent_start and _letter(doc[k]) and _letter(doc[k - 2]):
        return k - 2 if doc[k - 1].lower_ == "and" else None
    return None


def _run_after(doc: Doc, i: int) -> str:
    """The name words right after the "and" at `i`, up to a legal form ("Services")."""
    end = i + 1
    while end < len(doc) and _conjunct_word(doc[end]) and not is_legal_form(doc[end].text):
        end += 1
    return doc[i + 1 : end].text


def _partner_before(doc: Doc, start: int, form: Span, sent_start: int) -> int:
    """ "Goldman, Sachs and Co", "Kidder, Peabody and Co": a partnership of two surnames joined
    by a comma before "and Co" is one name (not after a list: "A, B, Sachs and Co")."""
    x, y = form.start - 4, form.start - 2
    if (
        x < sent_start
        or start < y
        or doc[form.start - 1].lower_ != "and"
        or doc[x + 1].text != ","
        or not all(doc[k].pos_ == "PROPN" and doc[k].is_title for k in (x, y))
        or (x > sent_start and (doc[x - 1].text == "," or doc[x - 1].is_title))
    ):
        return start
    return x


def _conjunct_word(tok: Token) -> bool:
    return tok.pos_ in {"PROPN", "NOUN"} and _capitalised(tok)


def _capitalised(tok: Token) -> bool:
    """ "Mobility", "AT&T", "21st", "goPuff": a name word, not a lower-case common word."""
    t = tok.text
    return t[:1].isupper() or t[:1].isdigit() or (t[:1].islower() and any(c.isupper() for c in t))


def _final_forms(doc: Doc) -> None:
    """ "The stake had been acquired from Telecom Plus International Inc.": the period of a
    legal form that ends the sentence is its full stop too, and the parser reads the form as
    that stop, leaving the preposition before the name without an object. The form becomes the
    preposition's object again (the name's other words hang on it already)."""
    for ent in doc.ents:
        last = ent[-1]
        before = doc[ent.start - 1] if ent.start > 0 else None
        if (
            ent.label_ != "ORG"
            or last.dep_ != "punct"
            or not last.text.endswith(".")
            or not is_legal_form(last.text)
            or before is None
            or before.dep_ not in {"prep", "agent"}
            or any(c.dep_ in {"pobj", "pcomp"} for c in before.children)
        ):
            continue
        last.head = before
        last.dep_ = "pobj"
        last.pos_ = "PROPN"
        last.tag_ = "NNP"


_SUBJECTS = {"nsubj", "nsubjpass", "csubj", "expl"}


def _fronted_subjects(doc: Doc) -> None:
    """ "In a filing with the Securities and Exchange Commission, Halvern Corp, which is owned
    by Dunmore Ltd, said it bought ...": the parser hangs the name on the object of the fronted
    phrase as its apposition and leaves the verb without a subject, so "it" went to the last
    name before it (the owner in the relative clause). A name in apposition inside a phrase
    that opens the clause, standing right before a verb that has no subject (commas and
    adverbs of the verb between), is that verb's subject."""
    for sent in doc.sents:
        verb = sent.root
        if verb.pos_ not in {"VERB", "AUX"} or any(c.dep_ in _SUBJECTS for c in verb.children):
            continue
        for tok in sent:
            if tok.i >= verb.i:
                break
            if tok.dep_ == "appos" and tok.ent_type_ in {"ORG", "PERSON"} and _before(tok, verb):
                tok.head = verb
                tok.dep_ = "nsubj"
                break


def _said_objects(doc: Doc) -> None:
    """ "Halvern Co said <Dunmore AG> of Dusseldorf, West Germany, agreed to raise its stake",
    "X said shareholders at a special meeting approved a merger": the parser makes the reported
    clause's subject the object of "said" and leaves the clause's verb without a subject. A
    noun object of "say" before a clause that has none is that clause's subject ("told Y it
    would": "tell" takes an object of its own, and its clause has a subject)."""
    for v in doc:
        head = v.head
        if (
            v.dep_ != "ccomp"
            or v.pos_ not in {"VERB", "AUX"}
            or head.lemma_ != "say"
            or any(c.dep_ in _SUBJECTS or c.tag_ == "TO" for c in v.children)
        ):
            continue
        obj = next((c for c in head.children if c.dep_ == "dobj" and c.i < v.i), None)
        if obj is not None and obj.pos_ in {"NOUN", "PROPN"} and obj.i > head.i:
            obj.head = v
            obj.dep_ = "nsubj"


def _before(name: Token, verb: Token) -> bool:
    """The name lies in a phrase hung on the verb before it, and only commas and the verb's
    adverbs stand between the name's own words and the verb."""
    opener = next((a for a in name.ancestors if a.head == verb), None)
    if opener is None or opener.dep_ != "prep" or opener.i > name.i:
        return False
    return all(
        t.is_punct or (t.dep_ in {"advmod", "neg", "aux"} and t.head == verb)
        for t in name.doc[name.right_edge.i + 1 : verb.i]
    )


def _repeated_joined(doc: Doc) -> None:
    """ "Harper and Row Publishers Inc ... the offer for Harper and Row": a wire name joined by
    "and", once recognised whole, is the same name when the article writes its words up to
    the one after "and" again; the small model splits the short form at "and" into two
    names."""
    ents = list(doc.ents)
    heads = {
        tuple(t.text for t in e[: k + 2]): e
        for e in ents
        if e.label_ == "ORG"
        for k in range(1, len(e) - 1)
        if e[k].lower_ == "and" and e[k + 1].is_title and e[0].is_title
    }
    if not heads:
        return
    new: list[Span] = []
    for seq, whole in heads.items():
        n = len(seq)
        for i in range(len(doc) - n + 1):
            if whole.start <= i < whole.end or tuple(t.text for t in doc[i : i + n]) != seq:
                continue
            end = i + n
            while end - i < len(whole) and doc[end].text == whole[end - i].text:
                end += 1  # "Harper and Row Publishers": as much of the name as is written
            if end < len(doc) and doc[end].is_title and doc[end].pos_ == "PROPN":
                continue  # "Cable and Wireless Communications": another name goes on
            span = Span(doc, i, end, label="ORG")
            if not title_case_line(span.sent):
                new.append(span)
    if not new:
        return
    covered = {i for s in new for i in range(s.start, s.end)}
    wider = [e for e in ents if any(e.start <= s.start and s.end <= e.end for s in new if s != e)]
    keep = [e for e in ents if not covered.intersection(range(e.start, e.end)) or e in wider]
    spans = [s for s in new if not any(e.start <= s.start and s.end <= e.end for e in wider)]
    doc.ents = sorted(filter_spans([*keep, *spans]), key=lambda s: s.start)
