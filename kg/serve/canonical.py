"""The guard's reading of SPARQL text, and the canonical text rebuilt from it: what the engine runs.

Why a text of our own: two parsers never read every text alike. rdflib undid `\\u` escapes across
the whole text and ended a comment only at `\\n`; Oxigraph decodes escapes inside strings and IRIs
only and ends a comment at `\\r` too, so SERVICE, LOAD or FROM could hide from one and run in the
other. Here the guard reads the text once, into SPARQL's terminals (the grammar's lexical rules;
Oxigraph's where SPARQL 1.1 and 1.2 differ), decides on those tokens, and writes them out again in
a form with nothing left to read two ways; Oxigraph runs that text, never the client's:

- no comments; line breaks kept where they were (so an error's line number still fits);
- no `\\u` escapes anywhere: strings are written `"..."` escaping only backslash, quote and
  control characters, IRIs with their characters (an escape that spells a character no IRI may
  hold is refused);
- no prefixed names and no PREFIX or BASE: every name is expanded to its full `<IRI>`, so no word
  glued to a name can be read as a keyword followed by a name (`SERVICE:x`, `FROMx:y`);
- keywords in capitals (`a`, `true`, `false` as they are), checked against the grammar's list:
  an unknown word, or a number glued to a word (`1SERVICE`, `ASKFROM`), is refused as malformed.

The reading is linear in the text and keeps no recursion, so nesting is counted before any parser
sees the text: deeper than MAX_DEPTH brackets, or more than MAX_CHAIN operators chained on one
path of nested brackets (the engine nests those too; ten thousand of either overflowed its
stack), is refused with 400.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from kg.errors import QueryError, QueryTooDeep
from kg.serve.terminals import (
    BNODE,
    CASE_SENSITIVE,
    CHAIN,
    CLOSE,
    DIGITS,
    ECHAR,
    IRIREF,
    KEYWORDS,
    LANGTAG,
    LOCAL_ESC,
    NAME_RUN,
    NOT_IN_IRI,
    NUMBER,
    OPEN,
    PNAME,
    PUNCT,
    SPACE,
    TRAILING_DOTS,
    UCHAR_RE,
    VARNAME,
    WORD,
    WRITE,
)

MAX_DEPTH = 64  # brackets ({ ( [ << {|) open at once
MAX_CHAIN = 2000  # binary operators, UNION, FILTER, OPTIONAL... on one path of nested brackets


@dataclass(slots=True)
class Token:
    kind: str  # iri, string, var, bnode, number, langtag, word, punct, prefix
    text: str  # as written in the canonical text
    depth: int  # brackets open before it
    start: int  # offset in the client's text
    value: str = ""  # iri: the IRI; word: the keyword; string: its value


@dataclass
class Reading:
    """The tokens of one text and the canonical text written from them."""

    tokens: list[Token] = field(default_factory=list)
    text: str = ""
    max_depth: int = 0


def read(sparql: str, prefixes: Mapping[str, str] | None = None) -> Reading:
    """Tokens and canonical text of `sparql`; `prefixes` are known without PREFIX lines. Raises
    QueryError (malformed, 400) or QueryTooDeep (400)."""
    return _Reader(sparql, prefixes or {}).run()


class _Reader:
    def __init__(self, text: str, prefixes: Mapping[str, str]) -> None:
        self.src = text
        self.prefixes = dict(prefixes)
        self.base: str | None = None
        self.pos = 0
        self.out: list[str] = []
        self.tokens: list[Token] = []
        self.stack: list[tuple[str, int]] = []  # open bracket, operators chained at its level
        self.chain = 0  # operators chained at this level
        self.outer = 0  # ... and at the levels around it
        self.max_depth = 0
        self.prologue = True  # PREFIX and BASE may come now
        self.decl: tuple[int, int] | None = None  # where the PREFIX/BASE being read began

    def fail(self, reason: str, at: int | None = None) -> QueryError:
        return malformed(self.src, self.pos if at is None else at, reason)

    def run(self) -> Reading:
        src, n = self.src, len(self.src)
        gap_start = 0
        while True:
            m = SPACE.match(src, self.pos)
            if m:
                self.pos = m.end()
            gap = src[gap_start : self.pos]
            if self.pos >= n:
                self._gap(gap, final=True)
                break
            self._gap(gap)
            self._token()
            gap_start = self.pos
        # An unclosed bracket is left to the engine, whose message names what may come next.
        if self.decl is not None:
            raise self.fail("PREFIX or BASE without its IRI", n)
        return Reading(self.tokens, "".join(self.out), self.max_depth)

    def _gap(self, gap: str, *, final: bool = False) -> None:
        # Line breaks stay (an error's line number then fits the client's text); other space and
        # comments become one space; no space stays none.
        breaks = _breaks(gap)
        if breaks:
            self.out.append("\n" * breaks)
        elif gap and not final and self.out and not self.out[-1].isspace():
            self.out.append(" ")

    def _emit(self, kind: str, text: str, start: int, value: str = "") -> None:
        self.tokens.append(Token(kind, text, len(self.stack), start, value))
        self.out.append(text)
        if kind == "punct" and text == ";" and not self.stack:
            self.prologue = True  # the next operation of an update may declare its own
        elif not (kind == "word" and value in ("PREFIX", "BASE")):
            self.prologue = False

    def _token(self) -> None:
        src, i = self.src, self.pos
        c = src[i]
        if c == "<" and (m := IRIREF.match(src, i)):
            self.pos = m.end()
            self._emit_iri(self._iri(m.group()[1:-1], i), i)
        elif c in "\"'":
            self._string(c)
        elif c in "?$":
            self._var()
        elif c == "_" and src.startswith("_:", i):
            m = BNODE.match(src, i)
            if not m:
                raise self.fail("a blank node label must follow _:")
            self.pos = m.end()
            self._emit("bnode", m.group(), i)
        elif c == "@":
            self._langtag()
        elif c in DIGITS or (c in "+-." and NUMBER.match(src, i) and self._sign_ok(c)):
            self._number()
        elif c in ":\\_" or c.isalpha() or ord(c) > 0x7F:
            self._name()
        else:
            self._punct()

    # -- terminals --------------------------------------------------------------------------
    def _sign_ok(self, c: str) -> bool:
        """`-1` is one number only where no operand stands glued before it (`?x-1` is x minus 1:
        the text stays as written either way, this only keeps the tokens true)."""
        if c == "." or not self.tokens or self.out[-1] != self.tokens[-1].text:
            return True
        prev = self.tokens[-1]
        return not (
            prev.kind in ("var", "number", "string", "iri", "bnode", "langtag")
            or prev.text in (")", "]")
        )

    def _number(self) -> None:
        i = self.pos
        m = NUMBER.match(self.src, i)
        assert m is not None
        self.pos = m.end()
        nxt = self.src[self.pos : self.pos + 1]
        if nxt and (nxt.isalpha() or nxt in "_:\\"):
            # Oxigraph reads `1SERVICE` as 1 and SERVICE; a guard that cannot be sure refuses.
            raise self.fail("a number must be separated from the word after it", self.pos)
        self._emit("number", m.group(), i)

    def _langtag(self) -> None:
        i = self.pos
        m = LANGTAG.match(self.src, i)
        if not m or not self.tokens or self.tokens[-1].kind != "string":
            raise self.fail("a language tag must follow a string")
        self.pos = m.end()
        self._emit("langtag", m.group(), i)

    def _var(self) -> None:
        src, i = self.src, self.pos
        m = NAME_RUN.match(src, i + 1)
        raw = m.group() if m else ""
        name = self._unescape(raw, i + 1) if "\\" in raw else raw
        v = VARNAME.match(name)
        if not v:
            if src[i] == "?":  # the path modifier `?` (`:p?`)
                self.pos = i + 1
                self._emit("punct", "?", i)
                return
            raise self.fail("a variable name must follow $")
        if v.end() < len(name) and "\\" in raw:
            raise self.fail("an escaped variable name must end where its escapes do")
        # The run may take what follows the name (`?x.`, `?x-1`): only the name is the variable.
        self.pos = i + 1 + (v.end() if v.end() < len(name) else len(raw))
        self._emit("var", src[i] + v.group(), i)

    def _unescape(self, raw: str, at: int) -> str:
        def one(m: re.Match[str]) -> str:
            code = int(m.group(1) or m.group(2), 16)
            if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
                raise self.fail(f"\\u escape of no character: {m.group()}", at)
            return chr(code)

        return UCHAR_RE.sub(one, raw)

    def _string(self, quote: str) -> None:
        src, i = self.src, self.pos
        long = src.startswith(quote * 3, i)
        j = i + (3 if long else 1)
        parts: list[str] = []
        while True:
            if j >= len(src):
                raise self.fail("the string is never closed", i)
            c = src[j]
            # A long string ends at the first three quotes (the grammar lets no content start
            # there); a fourth quote opens the next string, as in Oxigraph.
            if c == quote and (not long or src.startswith(quote * 3, j)):
                j += 3 if long else 1
                break
            if c == "\\":
                j = self._escape(parts, j)
                continue
            if c in "\r\n" and not long:
                raise self.fail("a line break in a short string (use a long string)", j)
            parts.append(c)
            j += 1
        self.pos = j
        value = "".join(parts)
        self._emit("string", '"' + "".join(WRITE.get(ch, ch) for ch in value) + '"', i, value)
        if long and (breaks := _breaks(src[i:j])):
            self.out.append("\n" * breaks)  # the line breaks it held, kept as lines

    def _escape(self, parts: list[str], j: int) -> int:
        nxt = self.src[j + 1 : j + 2]
        if nxt in ECHAR:
            parts.append(ECHAR[nxt])
            return j + 2
        m = UCHAR_RE.match(self.src, j)
        if not m:
            raise self.fail("unknown escape in a string", j)
        parts.append(self._unescape(m.group(), j))
        return m.end()

    def _iri(self, raw: str, at: int) -> str:
        iri = self._unescape(raw, at) if "\\" in raw else raw
        if NOT_IN_IRI.search(iri):
            raise self.fail("an escape in this IRI spells a character no IRI may hold", at)
        if self.base is not None and not _ABSOLUTE.match(iri):
            iri = resolve(self.base, iri)
        return iri

    def _emit_iri(self, iri: str, at: int) -> None:
        last = self.tokens[-1] if self.tokens and self.decl is not None else None
        if last is not None and last.value == "BASE":
            self.base = iri
            self._end_declaration()
        elif last is not None and last.kind == "prefix":
            self.prefixes[last.value] = iri
            self._end_declaration()
        elif last is not None:
            raise self.fail("PREFIX must name a prefix (ex:) before its IRI", at)
        else:
            self._emit("iri", f"<{iri}>", at, iri)

    def _end_declaration(self) -> None:
        """PREFIX and BASE are spent on expanding names: the canonical text has neither."""
        assert self.decl is not None
        out_at, tok_at = self.decl
        breaks = "".join(self.out[out_at:]).count("\n")
        del self.out[out_at:], self.tokens[tok_at:]
        if breaks:
            self.out.append("\n" * breaks)
        self.decl = None

    def _name(self) -> None:
        src, i = self.src, self.pos
        m = NAME_RUN.match(src, i)
        if not m:
            raise self.fail(f"unexpected character {src[i]!r}")
        raw = TRAILING_DOTS.sub("", m.group()) or m.group()
        name = self._unescape(raw, i) if "\\u" in raw or "\\U" in raw else raw
        self.pos = i + len(raw)
        pm = PNAME.fullmatch(name)
        if pm:
            self._prefixed(pm, i)
        elif WORD.fullmatch(name):
            self._word(name, i)
        else:
            raise self.fail(f"unknown word {name[:40]!r}", i)

    def _word(self, name: str, at: int) -> None:
        if self.decl is not None:
            raise self.fail("PREFIX or BASE without its IRI", at)
        if name in CASE_SENSITIVE:
            self._emit("word", name, at, name)
            return
        upper = name.upper()
        if upper not in KEYWORDS:
            raise self.fail(f"unknown word {name[:40]!r}", at)
        if upper in ("PREFIX", "BASE"):
            if not self.prologue or self.stack:
                raise self.fail(f"{upper} may only open a query or an update", at)
            self.decl = (len(self.out), len(self.tokens))
        self._emit("word", upper, at, upper)
        self._chain(upper)

    def _prefixed(self, pm: re.Match[str], at: int) -> None:
        prefix, local = pm.group(1) or "", pm.group(2) or ""
        if self.decl is not None and self.tokens[-1].value == "PREFIX":
            if local:
                raise self.fail("PREFIX names a prefix ending in ':'", at)
            self.tokens.append(Token("prefix", f"{prefix}:", 0, at, prefix))
            self.out.append(f"{prefix}:")
            return
        if self.decl is not None:
            raise self.fail("BASE must be followed by an IRI", at)
        if prefix not in self.prefixes:
            # Oxigraph reads an undeclared `SERVICE:x` as the keyword and `:x`: so does the guard.
            rest = _keyword_prefix(prefix, self.prefixes)
            if rest is None:
                raise self.fail(
                    f"unknown prefix {prefix}: (declare it with PREFIX {prefix}: <...>)"
                )
            self._word(prefix[: len(prefix) - len(rest)], at)
            prefix = rest
        iri = self.prefixes[prefix] + LOCAL_ESC.sub(r"\1", local)
        if NOT_IN_IRI.search(iri):
            raise self.fail("this name expands to no IRI", at)
        self._emit("iri", f"<{iri}>", at, iri)

    def _punct(self) -> None:
        src, i = self.src, self.pos
        m = PUNCT.match(src, i)
        if not m:
            raise self.fail(f"unexpected character {src[i]!r}")
        text = m.group()
        self.pos = m.end()
        if self.decl is not None:
            raise self.fail("PREFIX or BASE without its IRI", i)
        if text in OPEN:
            self._emit("punct", text, i)
            self.stack.append((text, self.chain))
            self.outer += self.chain
            self.chain = 0
            if len(self.stack) > MAX_DEPTH:
                line = src.count("\n", 0, i) + 1
                raise QueryTooDeep(
                    f"query nested too deeply: more than {MAX_DEPTH} brackets open at once "
                    f"(line {line})"
                )
            self.max_depth = max(self.max_depth, len(self.stack))
            return
        if text in CLOSE:
            if not self.stack or self.stack[-1][0] != CLOSE[text]:
                raise self.fail(f"{text!r} closes nothing open", i)
            _, self.chain = self.stack.pop()
            self.outer -= self.chain
        self._emit("punct", text, i)
        self._chain(text)

    def _chain(self, op: str) -> None:
        if op in CHAIN:
            self.chain += 1
            if self.outer + self.chain > MAX_CHAIN:
                raise QueryTooDeep(
                    f"query nested too deeply: more than {MAX_CHAIN} operators chained in one "
                    "another (the engine nests each in the one before; use VALUES or IN)"
                )


def malformed(src: str, at: int, reason: str) -> QueryError:
    """`malformed SPARQL at line L, column C: reason: …text ^ text` (as kg.store.syntax words
    the engine's own errors)."""
    line = src.count("\n", 0, at) + 1
    start = src.rfind("\n", 0, at) + 1
    before, after = src[max(start, at - 30) : at], src[at : at + 30].split("\n")[0]
    snippet = f"{before.strip()} ^ {after.strip()}".strip()
    return QueryError(
        f"malformed SPARQL at line {line}, column {at - start + 1}: {reason}: {snippet}"
    )


def _breaks(text: str) -> int:
    """Line breaks in `text`, counting \\r\\n once (SPARQL ends a line at \\r or \\n)."""
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _keyword_prefix(prefix: str, known: Mapping[str, str]) -> str | None:
    """The declared prefix left when a keyword is cut off the front of `prefix`, if any."""
    upper = prefix.upper()
    for k in range(len(prefix), 0, -1):
        if upper[:k] in KEYWORDS and prefix[k:] in known:
            return prefix[k:]
    return None


_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_URI = re.compile(r"^(?:([^:/?#]+):)?(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$", re.S)


def resolve(base: str, ref: str) -> str:
    """RFC 3986 section 5.2 reference resolution (urljoin skips schemes it does not know)."""
    b = _URI.match(base)
    r = _URI.match(ref)
    assert b is not None and r is not None
    scheme, auth, path, query, frag = r.groups()
    if scheme is None:
        scheme = b.group(1)
        if auth is None:
            if path == "":
                path = b.group(3)
                query = query if query is not None else b.group(4)
            else:
                if not path.startswith("/"):
                    bpath = b.group(3)
                    if b.group(2) is not None and bpath == "":
                        path = "/" + path
                    else:
                        path = bpath[: bpath.rfind("/") + 1] + path
            auth = b.group(2)
    return (
        (f"{scheme}:" if scheme is not None else "")
        + (f"//{auth}" if auth is not None else "")
        + _remove_dots(path)
        + (f"?{query}" if query is not None else "")
        + (f"#{frag}" if frag is not None else "")
    )


def _remove_dots(path: str) -> str:
    out: list[str] = []
    for seg in path.split("/"):
        if seg == "..":
            if len(out) > 1 or (out and out[0] != ""):
                out.pop()
        elif seg != ".":
            out.append(seg)
    joined = "/".join(out)
    if path.endswith(("/.", "/..")):
        joined += "/"
    if path.startswith("/") and not joined.startswith("/"):
        joined = "/" + joined
    return joined
