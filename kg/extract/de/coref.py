"""German coreference: "der Konzern", "das Unternehmen", "der Wolfsburger Rivale", "er/sie/es".

A definite description of an organisation (`ref` items of `kg.extract.de.mentions`) or a
personal pronoun in subject position takes the most salient organisation named before it, as
English coreference does:

- candidates are the organisations named as a party in the same sentence before the anaphor or
  in the three sentences before: a bare subject or object of their clause (a name only mentioned,
  in a prepositional phrase, a genitive or as a news source, is never an antecedent);
- salience = grammatical role (the clause subject 3, another bare phrase 2) x recency (halved
  per sentence back), plus a little for the nearer one of two in the same sentence;
- agreement: "er" needs a masculine antecedent, "sie" a feminine or plural one, "es" a neuter one
  (gender from the article the name stands with: "die Lufthansa", "der Verbund", "das
  Unternehmen X"; a bare company name is neuter); a description agrees with anything, but a
  city adjective must fit ("der Wolfsburger Rivale" is a company based there or no one);
- a pronoun is left alone in and right after a sentence that names a person (a first name
  before a capitalised word, or a role noun before a name): it may be the person's;
- a tie between the two best (same score) resolves nothing: the reference stays for the
  resolver (`kg.resolve.cluster`), which drops what depends on it when it is ambiguous.

The anaphor keeps its own text and offsets and carries the antecedent's key, name and type;
certainty is the antecedent's x 0.8 (resolution can err).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import pairwise

from kg.extract.de.shared import CERT, Item, mention
from kg.model import NAME_KEY
from kg.words import word_map, words

_CERTAINTY = 0.8
_WINDOW = 3  # sentences back
_CANDIDATE_SLOTS = frozenset({"bare", "pp", "gen"})
_PRONOUNS = {"er": "m", "sie": "f", "es": "n"}
# whose gender a possessive asks for: "sein"/"dessen" a masculine or neuter possessor,
# "ihr"/"deren" a feminine or plural one
_POSSESSIVE_GENDER = {"sein": "mn", "dessen": "mn", "ihr": "fp", "deren": "fp"}
_D_POSSESSIVES = frozenset({"dessen", "deren"})
_COUNTS = {w: int(n) for w, n in word_map("extract.de_count_words").items()}
_GENDER = {"der": "m", "den": "m", "dem": "m", "des": "m", "die": "f", "das": "n"}
# a name right after one of these nouns is a news medium or a body that is no company
_KINDS = (
    ("medium", tuple(words("extract.de_media_nouns"))),
    ("body", tuple(words("extract.de_body_nouns"))),
)


@dataclass
class _Candidate:
    item: Item
    sentence: int  # index of its sentence
    role: float  # 3 clause subject, 2 other bare phrase
    gender: str  # m | f | n
    # named after a medium noun ("der Nachrichtenagentur Reuters": "medium") or a body noun
    # ("die Gewerkschaft Verdi": "body"), else ""
    kind: str = ""


class Coreference:
    """Feed sentences in order (`resolve`); earlier sentences' parties are remembered."""

    def __init__(self) -> None:
        self.seen: list[_Candidate] = []
        self.n = -1
        self.recent: list[set[str]] = []  # organisation keys named per recent sentence
        self.person = False  # the sentence before named a person
        self.named: set[str] = set()
        # every organisation named so far in the article, by key: how often, and its last item
        self.counts: dict[str, int] = {}
        self.last: dict[str, Item] = {}

    def resolve(self, s) -> None:
        """Resolve the anaphors of one `kg.extract.de.clauses.Sentence` in place and remember
        its parties."""
        self.n += 1
        own: list[_Candidate] = []
        named = [
            it
            for it in s.items
            if it.mention.type == "Organization"
            and it.slot != "source"
            and it.kind != "ref"
            and not _bracketed(s.sent, it)  # "United Internet (1&1, GMX, Web.de)": its brands
        ]
        for c in s.clauses:
            self._clause(s, c, named, own)
        person = _names_person(s)
        for c in s.clauses:
            if person or self.person:
                break  # "Siemens-Chef Kaeser ... Er kündigte an": a pronoun may be the person
            for it in self._pronouns(s, c, own):
                c.items.append(it)
                c.items.sort(key=lambda x: x.start)
                s.items.append(it)
        if not (person or self.person):
            for it in self._possessives(s, named):
                s.items.append(it)
                for c in s.clauses:
                    if c.lo <= it.start < c.hi:
                        c.items.append(it)
                        c.items.sort(key=lambda x: x.start)
        self.person = person
        s.items.extend(self._plurals(s))
        s.items.sort(key=lambda x: x.start)
        for it in named:
            self.counts[it.mention.key] = self.counts.get(it.mention.key, 0) + 1
            self.last[it.mention.key] = it
        self.seen = [x for x in self.seen if self.n - x.sentence < _WINDOW] + own
        self.recent = [*self.recent[-(_WINDOW - 1) :], {x.mention.key for x in named}]
        self.named = set().union(*self.recent)

    def _clause(self, s, c, named: list[Item], own: list[_Candidate]) -> None:
        """Resolve the descriptions of one clause and add its parties to `own`."""
        subject = _clause_subject(c)
        # "Henkel-Chef Kasper Rorsted kehrt dem Konsumgüterriesen den Rücken": the company a
        # role compound names is a party of the clause, the least salient kind
        own.extend(_Candidate(it, self.n, 1.0, "n") for it in _role_owners(s, c))
        for it in c.items:
            if it.mention.type != "Organization" or it.slot not in _CANDIDATE_SLOTS:
                continue
            if _bracketed(s.sent, it) and it.kind != "ref":
                continue  # an aside is no antecedent
            if it.slot != "bare":
                # "sich über Tesla beschwert ... der Fahrzeughersteller": a party named only
                # in a phrase is an antecedent too, the least salient one
                if it.kind in {"gaz", "cued", "coref"}:
                    own.append(_candidate(s.sent.doc, it, self.n, 1.0))
                continue
            if it.kind == "ref":
                # "die der Nachrichtenagentur Reuters vorlagen. Demnach bietet der Hersteller",
                # "die Gewerkschaft Verdi ... der Versandhandelsriese": a news medium or a body
                # stands only for a description of its own kind ("der Sender", "die Gewerkschaft")
                target = self._best(it.start, own, None, kind=_kind(s.sent.doc[it.end - 1]))
                keys = {x.mention.key for x in named if x.end <= it.start} | self.named
                if target is not None and _described(s.sent.doc, it) and len(keys) > 1:
                    target = None  # "das Salzburger Unternehmen": says something new of
                    # one of several companies, so only a sole candidate is safe
                if target is not None:
                    it.mention = _as(it, target)
                    it.kind = "coref"
                continue
            if it.kind in {"gaz", "cued", "cand", "coref"}:
                role = 3.0 if it is subject else 2.0
                own.append(_candidate(s.sent.doc, it, self.n, role))

    def _pronouns(self, s, c, own: list[_Candidate]) -> list[Item]:
        """ "Er gab bekannt", "Sie hat ... finanziert", "brachte man ... auf den Markt": a
        subject pronoun first in its clause (or after a relative pronoun: "die man geerbt
        hat") or right after its finite verb."""
        f = c.fields
        out: list[Item] = []
        for tok in c.toks:
            gender = _PRONOUNS.get(tok.lower_)
            # "Mit Phorm brachte man eine Hülle auf den Markt": in company news "man" is the
            # company, of any gender
            impersonal = tok.lower_ == "man" and tok.tag_ == "PIS"
            if not (impersonal or (gender is not None and tok.tag_ == "PPER")) or f is None:
                continue
            first = tok.i in {c.lo, c.lo + impersonal} or (
                f.finite is not None and tok.i in {f.finite - 1, f.finite + 1}
            )
            if not first or (tok.text == "Sie" and tok.i != s.sent.start):
                continue  # "Sie" inside a sentence is the polite "you"
            target = self._best(tok.i, own, gender)
            if target is None:
                continue
            m = mention(
                tok.text,
                tok.idx,
                tok.idx + len(tok.text),
                target.mention.type,
                target.mention.name,
                target.mention.key,
                round(target.mention.certainty * _CERTAINTY, 3),
            )
            out.append(Item(tok.i, tok.i + 1, m, "coref"))
        return out

    def _possessives(self, s, named: list[Item]) -> list[Item]:
        """ "Ihre Tochter X", "dessen Übernahme von Nokia" with no organisation before it in its
        sentence: the possessor is the most salient one of the sentences before (the item's
        slot "poss" is what `kg.extract.de.slots` reads for a possessive)."""
        out: list[Item] = []
        for tok in s.sent:
            low = tok.lower_
            gender = _POSSESSIVE_GENDER.get(low) or _POSSESSIVE_GENDER.get(tok.lemma_.lower())
            if gender is None or (low not in _D_POSSESSIVES and tok.tag_ != "PPOSAT"):
                continue
            if tok.text.startswith("Ihr") and tok.i != s.sent.start:
                continue  # "Lassen Sie Ihr Auto stehen": inside a sentence, the polite "your"
            # a d-possessive never means its clause's subject ("Audi, BMW und Daimler haben
            # dessen Übernahme angekündigt"), so only another party before it is its possessor
            if any(
                x.end <= tok.i and (low not in _D_POSSESSIVES or x.slot != "bare") for x in named
            ):
                continue
            target = self._d_antecedent() if low in _D_POSSESSIVES else self._best(tok.i, [], None)
            if target is None or _gender_of(self.seen, target) not in gender:
                continue
            m = replace(
                target.mention,
                text=tok.text,
                start=tok.idx,
                end=tok.idx + len(tok.text),
                certainty=round(target.mention.certainty * _CERTAINTY, 3),
            )
            out.append(Item(tok.i, tok.i + 1, m, "coref", slot="poss"))
        return out

    def _plurals(self, s) -> list[Item]:
        """ "die beiden US-Unternehmen" after a sentence naming Google and Apple: a plural
        description counting N organisations is each of the N named in the sentence before,
        when that sentence names exactly N. Its items stand only in the sentence's list (what
        the description says of them, `kg.extract.de.places.described`), no clause slot."""
        before = list(
            {x.item.mention.key: x.item for x in self.seen if x.sentence == self.n - 1}.values()
        )
        out: list[Item] = []
        toks = [t for t in s.sent if not t.is_space]
        for a, b in pairwise(toks):
            n = _COUNTS.get(b.lower_)
            if n is None or a.lower_ not in {"die", "den", "der"} or len(before) != n:
                continue
            head = next((t for t in s.sent.doc[b.i + 1 : b.i + 4] if t.tag_ == "NN"), None)
            if head is None or not _org_noun(head, s.lex):
                continue
            span = s.sent.doc[a.i : head.i + 1]
            for it in before:
                m = replace(
                    it.mention,
                    text=span.text,
                    start=span.start_char,
                    end=span.end_char,
                    certainty=round(it.mention.certainty * _CERTAINTY, 3),
                )
                out.append(Item(a.i, head.i + 1, m, "coref"))
        return out

    def salient(self, at: int) -> Item | None:
        """The most salient organisation named before token `at` (none on a tie)."""
        return self._best(at, [], None)

    def topic(self) -> Item | None:
        """The organisation the article is about so far: named three times or more, and at
        least twice as often as any other."""
        ranked = sorted(self.counts.items(), key=lambda kv: kv[1], reverse=True)
        if not ranked or ranked[0][1] < 3 or (len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]):
            return None
        return self.last[ranked[0][0]]

    def _d_antecedent(self) -> Item | None:
        """A d-word ("dessen") points back to the last party named that was not a subject."""
        last = [x for x in self.seen if x.role < 3 and x.sentence == self.n - 1]
        return max(last, key=lambda x: x.item.start).item if last else None

    def _best(
        self, at: int, own: list[_Candidate], gender: str | None, *, kind: str | None = None
    ) -> Item | None:
        """`kind`: the kind of a description ("medium", "body" or "" for a company); a
        candidate named as a medium or a body is its antecedent only when the kinds agree
        (None: a pronoun, which may stand for any)."""
        pool = [
            x
            for x in (*self.seen, *own)
            if (x.sentence < self.n or x.item.end <= at) and (kind is None or x.kind in {"", kind})
        ]
        if gender is not None:
            pool = [x for x in pool if x.gender == gender or (gender == "f" and x.gender == "p")]
        scored = sorted(
            ((x.role * 0.5 ** (self.n - x.sentence) + 0.01 * x.item.start / 1000, x) for x in pool),
            key=lambda p: p[0],
            reverse=True,
        )
        if not scored:
            return None
        if len(scored) > 1 and abs(scored[0][0] - scored[1][0]) < 0.5:
            same = scored[0][1].item.mention.key == scored[1][1].item.mention.key
            if not same:
                return None  # two parties equally salient: leave it to the resolver
        return scored[0][1].item


def _candidate(doc, it: Item, sentence: int, role: float) -> _Candidate:
    before = doc[it.start - 1] if it.start > 0 else None
    return _Candidate(it, sentence, role, _gender(doc, it), "" if before is None else _kind(before))


def _kind(tok) -> str:
    """ "Nachrichtenagentur", "US-Magazin", "Radiosender" name a news medium ("medium");
    "Gewerkschaft", "Universität" a body that is no company ("body"); else ""."""
    tail = tok.lower_.rsplit("-", 1)[-1]
    if tok.tag_ != "NN":
        return ""
    return next((k for k, nouns in _KINDS if tail.endswith(nouns)), "")


def _role_owners(s, c) -> list[Item]:
    """The organisations role compounds of the clause name before their hyphen ("Henkel-Chef",
    "VW-Sprecher") when a person's name follows the compound; they stand in no slot."""
    from kg import gazetteer as gaz
    from kg.extract.de.persons import person_cue
    from kg.nlp.german import hanta_name
    from kg.nlp.german_names import name_shaped

    out: list[Item] = []
    persons = {it.start for it in c.items if it.mention.type == "Person"}
    for tok in c.toks:
        head, sep, _tail = tok.text.rpartition("-")
        named = {tok.i + 1, tok.i + 2} & persons  # "Henkel-Chef (Kasper) Rorsted"
        if not sep or "-" in head or not person_cue(tok, s.lex) or not named:
            continue
        entry = s.g.lookup(head)
        if entry is not None and entry.type != "Organization":
            continue
        if entry is None and not (name_shaped(head) or hanta_name(head)):
            continue
        key = entry.key if entry is not None else NAME_KEY + gaz.fold(head)
        name = entry.label if entry is not None else head
        m = mention(head, tok.idx, tok.idx + len(head), "Organization", name, key, CERT["cand"])
        out.append(Item(tok.i, tok.i + 1, m, "part"))
    return out


def _org_noun(tok, lex) -> bool:
    """ "Unternehmen", "US-Konzerne", "Autobauer": an organisation noun or a compound on one."""
    tail = tok.lemma_.lower().rsplit("-", 1)[-1]
    return tail in lex.ref_nouns.get("Organization", ()) or tail.endswith(lex.maker_suffixes)


def _gender_of(seen: list[_Candidate], it: Item) -> str:
    return next((x.gender for x in seen if x.item is it), "n")


def _clause_subject(c) -> Item | None:
    """The first bare organisation that can be nominative (see `kg.extract.de.fields`)."""
    from kg.extract.de.fields import NOM, np_cases

    for it in c.items:
        if it.slot == "bare" and NOM in np_cases(c.toks[0].doc, it.start, c.lo):
            return it
    return None


def _names_person(s) -> bool:
    """A person in the sentence (a Person mention, or a first name before a capitalised
    word): pronouns are then left alone, since one may stand for the person."""
    from kg.extract.en.argtypes import is_first_name

    if any(it.mention.type == "Person" for it in s.items):
        return True
    toks = [t for t in s.sent if not t.is_space]
    return any(
        a.text[:1].isupper() and b.text[:1].isupper() and b.is_alpha and is_first_name(a.text)
        for a, b in pairwise(toks)
    )


def _bracketed(sent, it: Item) -> bool:
    """Is the item inside brackets (an aside, not a party of its sentence)?"""
    depth = 0
    for t in sent.doc[sent.start : it.start]:
        depth += (t.text == "(") - (t.text == ")")
    return depth > 0


def _described(doc, it: Item) -> bool:
    """Does the description add a place to its company ("der deutsche", "das Salzburger")?"""
    inside = doc[it.start + 1 : it.end - 1]
    after = doc[it.end].lower_ if it.end < len(doc) else ""
    # "das Unternehmen aus Montabaur" adds a place as much as "das Montabaurer Unternehmen"
    return after == "aus" or any(t.tag_ == "ADJA" or t.text.endswith("er") for t in inside)


def _gender(doc, it: Item) -> str:
    """From the article the name stands with ("die Lufthansa", "der Konzern X"); plural for a
    coordination is not tracked; a bare company name is neuter ("Siemens hat seinen ...")."""
    j = it.start - 1
    lo = max(0, it.start - 4)
    while j >= lo and doc[j].tag_ in {"ADJA", "NN", "TRUNC"}:
        j -= 1
    if j >= lo and doc[j].tag_ == "ART":
        return _GENDER.get(doc[j].lower_, "n")
    return "n"


def _as(it: Item, target: Item):
    """The anaphor as a mention of its antecedent."""
    t = target.mention
    return replace(
        it.mention,
        type=t.type,
        name=t.name,
        key=t.key,
        certainty=round(min(t.certainty, CERT["gaz"]) * _CERTAINTY, 3),
    )


def possessor_agrees(possessive: str, doc, it: Item) -> bool:
    """Does a possessive ("sein", "ihrem", "dessen") fit the gender of a named party?"""
    low = possessive.lower()
    key = next((k for k in _POSSESSIVE_GENDER if low.startswith(k)), None)
    return key is None or _gender(doc, it) in _POSSESSIVE_GENDER[key]


__all__ = ["Coreference", "possessor_agrees"]
