"""An all-capitals headline in sentence case, for the models (issue 23).

Reuters heads every story with a line in capitals ("REEBOK <RBK> COMPLETED AVIA GROUP
MERGER"). The small tagger reads every word of such a line as a proper noun of one long name,
and the NER finds nothing in it, so the facts only the headline states were lost. The trained
components read the line in sentence case instead (`kg_unbracket_v1` builds the stand-in doc
they run on; the article's own text never changes): each word as the article's body writes it
("Reebok", "Avia Group", "merger"), a word the body does not use in lower case, the first
word capitalised. Once re-cased, the line is prose for every later check (`title_case_line`).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

SENTENCE_CASED = "kg_sentence_cased"  # doc.user_data: end character of the re-cased line
_MIN_WORDS = 2


def _head_line(doc: Doc) -> list[int]:
    """Token indices of the first line when all its words are in capitals, else []."""
    line: list[int] = []
    for t in doc:
        if "\n" in t.text:
            break
        line.append(t.i)
        if "\n" in t.whitespace_:
            break
    letters = [doc[i].text for i in line if any(c.isalpha() for c in doc[i].text)]
    words = [w for w in letters if not w.startswith("<")]  # tickers stay as they are
    if len(words) < _MIN_WORDS or not all(w.isupper() for w in words):
        return []
    return line


def _prose_form(word: str, body: str) -> str:
    """How the body writes `word`: lower case if it ever does, else its first mixed-case
    form ("Reebok"), else capitals (an acronym: "IBM", "U.S."); lower case if it is absent."""
    forms = [
        m.group(0)
        for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", body, flags=re.IGNORECASE)
    ]
    lower = word.lower()
    if not forms or lower in forms:
        return lower
    return next((f for f in forms if not f.isupper()), word)


def sentence_case(doc: Doc) -> dict[int, str]:
    """token index -> its sentence-case form, for the tokens of an all-capitals first line
    that change; records the line's end in `doc.user_data` so it is read as prose."""
    line = _head_line(doc)
    if not line:
        return {}
    end = doc[line[-1]].idx + len(doc[line[-1]])
    body = doc.text[end:]
    out: dict[int, str] = {}
    first = True
    for i in line:
        text = doc[i].text
        if text.startswith("<") or not any(c.isalpha() for c in text):
            continue
        form = _prose_form(text, body)
        if first:
            form = form[:1].upper() + form[1:]
            first = False
        if form != text:
            out[i] = form
    if out:
        doc.user_data[SENTENCE_CASED] = end
    return out


def sentence_cased(sent: Span) -> bool:
    """Whether `sent` lies in a headline the models read in sentence case."""
    end = sent.doc.user_data.get(SENTENCE_CASED)
    return end is not None and sent.start_char < end


def in_body(doc: Doc, name: str) -> bool:
    """Whether the body after a re-cased headline writes `name` (in any case): a headline's
    fact is trusted only between names its story names too ("<CLARK COPY> BUYS W. GERMAN
    STAKE" makes no company of "W. German stake")."""
    end = doc.user_data.get(SENTENCE_CASED, 0)
    pattern = rf"(?<!\w){re.escape(name)}(?!\w)"
    return re.search(pattern, doc.text[end:], flags=re.IGNORECASE) is not None


__all__ = ["SENTENCE_CASED", "in_body", "sentence_case", "sentence_cased"]
