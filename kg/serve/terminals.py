"""SPARQL's terminals as the guard reads them: keywords, character classes and the regular
expressions of the grammar's lexical rules (SPARQL 1.1 section 19.8, with Oxigraph's SPARQL 1.2
additions: triple terms, reifiers, annotations, directional language tags).

Kept apart from the reader (`kg.serve.canonical`) so that the rules can be checked against the
grammar line by line.
"""

from __future__ import annotations

import re

KEYWORDS = frozenset(
    [
        "BASE",
        "PREFIX",
        "SELECT",
        "CONSTRUCT",
        "DESCRIBE",
        "ASK",
        "DISTINCT",
        "REDUCED",
        "AS",
        "FROM",
        "NAMED",
        "WHERE",
        "ORDER",
        "BY",
        "ASC",
        "DESC",
        "LIMIT",
        "OFFSET",
        "GROUP",
        "HAVING",
        "VALUES",
        "UNDEF",
        "OPTIONAL",
        "UNION",
        "MINUS",
        "GRAPH",
        "SERVICE",
        "SILENT",
        "FILTER",
        "BIND",
        "EXISTS",
        "NOT",
        "IN",
        "COUNT",
        "SUM",
        "MIN",
        "MAX",
        "AVG",
        "SAMPLE",
        "GROUP_CONCAT",
        "SEPARATOR",
        "STR",
        "LANG",
        "LANGMATCHES",
        "DATATYPE",
        "BOUND",
        "IRI",
        "URI",
        "BNODE",
        "RAND",
        "ABS",
        "CEIL",
        "FLOOR",
        "ROUND",
        "CONCAT",
        "STRLEN",
        "UCASE",
        "LCASE",
        "ENCODE_FOR_URI",
        "CONTAINS",
        "STRSTARTS",
        "STRENDS",
        "STRBEFORE",
        "STRAFTER",
        "YEAR",
        "MONTH",
        "DAY",
        "HOURS",
        "MINUTES",
        "SECONDS",
        "TIMEZONE",
        "TZ",
        "NOW",
        "UUID",
        "STRUUID",
        "MD5",
        "SHA1",
        "SHA256",
        "SHA384",
        "SHA512",
        "COALESCE",
        "IF",
        "STRLANG",
        "STRDT",
        "SAMETERM",
        "ISIRI",
        "ISURI",
        "ISBLANK",
        "ISLITERAL",
        "ISNUMERIC",
        "REGEX",
        "SUBSTR",
        "REPLACE",
        "LOAD",
        "CLEAR",
        "DROP",
        "CREATE",
        "ADD",
        "MOVE",
        "COPY",
        "INSERT",
        "DELETE",
        "DATA",
        "WITH",
        "USING",
        "DEFAULT",
        "ALL",
        "INTO",
        "TO",
        "TRIPLE",
        "ISTRIPLE",
        "SUBJECT",
        "PREDICATE",
        "OBJECT",
        "LANGDIR",
        "HASLANG",
        "HASLANGDIR",
        "STRLANGDIR",
        "VERSION",
    ]
)
CASE_SENSITIVE = frozenset({"a", "true", "false"})
# Words and operators Oxigraph folds into a binary tree, one level per occurrence.
CHAIN = frozenset(
    [
        "UNION",
        "OPTIONAL",
        "MINUS",
        "FILTER",
        "BIND",
        "GRAPH",
        "SERVICE",
        "||",
        "&&",
        "+",
        "-",
        "*",
        "/",
        "|",
        "=",
        "!=",
        "<",
        ">",
        "<=",
        ">=",
    ]
)

_HEX = "[0-9A-Fa-f]"
UCHAR = rf"\\u{_HEX}{{4}}|\\U{_HEX}{{8}}"
UCHAR_RE = re.compile(rf"\\u({_HEX}{{4}})|\\U({_HEX}{{8}})")
_BASE_CHARS = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_U = _BASE_CHARS + "_"
_CHARS = _U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
PN_PREFIX = rf"[{_BASE_CHARS}](?:[{_CHARS}.]*[{_CHARS}])?"
PN_LOCAL = rf"(?:[{_U}:0-9]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?"
PNAME = re.compile(rf"({PN_PREFIX})?:({PN_LOCAL})?")
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
VARNAME = re.compile(rf"[{_U}0-9][{_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*")
# A run of what may make up a name, with escapes still in it; decoded, then read as a name.
NAME_RUN = re.compile(
    rf"(?:[\w.:%\-\u00b7\u0300-\u036f\u203f\u2040{_BASE_CHARS}]|{UCHAR}"
    r"|\\[_~.\-!$&'()*+,;=/?#@%])+"
)
BNODE = re.compile(rf"_:[{_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?")
IRIREF = re.compile(rf"<(?:[^<>\"{{}}|^`\\\x00-\x20]|{UCHAR})*>")
NUMBER = re.compile(r"[+-]?(?:[0-9]+\.[0-9]*[eE][+-]?[0-9]+|\.?[0-9]+[eE][+-]?[0-9]+"
                     r"|[0-9]*\.[0-9]+|[0-9]+)")  # fmt: skip
LANGTAG = re.compile(r"@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*(?:--[a-zA-Z]+)?")
SPACE = re.compile(r"(?:[ \t\r\n]+|#[^\r\n]*)+")
PUNCT = re.compile(r"<<|>>|\{\||\|\}|\^\^|&&|\|\||!=|<=|>=|[{}()\[\];,.*/|^!=<>+\-?~]")
ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
WRITE = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
NOT_IN_IRI = re.compile(r'[<>"{}|^`\\\x00-\x20]')
OPEN = {"{": "}", "(": ")", "[": "]", "<<": ">>", "{|": "|}"}
CLOSE = {v: k for k, v in OPEN.items()}
DIGITS = frozenset("0123456789")
TRAILING_DOTS = re.compile(r"(?<!\\)\.+$")
LOCAL_ESC = re.compile(r"\\(.)")
