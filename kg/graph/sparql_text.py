"""sparql_text: what a query says, read before it reaches the engine.

A small scanner that skips comments, strings and IRIs and yields the words and brackets of a
SPARQL text. It finds where parameters go (the outer WHERE group), refuses what a read-only
tool that reaches no network must not run (SERVICE, deep nesting that overflows the engine's
stack, huge texts) and tells whether the query names its own dataset (FROM).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from ..errors import QueryError

# A query nested deeper than this is refused: ~3,000 levels overflow Oxigraph's parser stack
# (a crash, not an error), and no real query needs more than a handful.
MAX_NESTING = 100
MAX_QUERY_CHARS = 200_000

_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
# A prefixed name or a variable is one token, so `ex:service` or `?service` is not the keyword.
_WORD = re.compile(r"[?$][\w-]+|[A-Za-z_][\w.-]*:[\w.:-]*|:[\w.:-]*|[A-Za-z_][\w-]*")


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str  # a word (upper-cased when it is a keyword-like word) or one bracket character


def tokens(text: str) -> Iterator[Token]:
    """Words and brackets of a SPARQL text, outside comments, strings and IRIs."""
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "#":
            nl = text.find("\n", i)
            i = n if nl < 0 else nl + 1
        elif ch in "\"'":
            quote = ch * 3 if text.startswith(ch * 3, i) else ch
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            i = j + len(quote)
        elif ch == "<" and (m := _IRIREF.match(text, i)):
            i = m.end()
        elif m := _WORD.match(text, i):
            word = m.group()
            yield Token(i, m.end(), word if word[0] in "?$:" or ":" in word else word.upper())
            i = m.end()
        else:
            if ch in "{}()[]":
                yield Token(i, i + 1, ch)
            i += 1


def outer_group_start(text: str) -> int:
    """Index just after the "{" that opens the query's outer WHERE group (a CONSTRUCT template's
    braces are passed over, since only the WHERE group can hold VALUES)."""
    depth = parens = 0
    form = last_word = ""
    for t in tokens(text):
        if t.text == "(":
            parens += 1
        elif t.text == ")":
            parens -= 1
        elif t.text == "{":
            if depth == 0 and parens == 0 and (form != "CONSTRUCT" or last_word == "WHERE"):
                return t.end
            depth += 1
        elif t.text == "}":
            depth -= 1
            if depth == 0:
                last_word = "}"
        elif depth == 0 and parens == 0 and t.text not in ("[", "]"):
            last_word = t.text
            if not form and last_word in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE"):
                form = last_word
    raise QueryError("parameters need a query with a WHERE { … } group")


@dataclass(frozen=True)
class QueryShape:
    names_dataset: bool  # FROM / FROM NAMED: the query chooses its own default graph


def check_query(text: str) -> QueryShape:
    """Refuse an empty, oversized, too deeply nested or SERVICE query with a one-line reason."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is {len(text):,} characters long; the limit is {MAX_QUERY_CHARS:,}")
    depth = deepest = 0
    names_dataset, empty = False, True
    for t in tokens(text):
        empty = False
        if t.text in ("{", "(", "["):
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_NESTING:
                    raise QueryError(f"the query is nested more than {MAX_NESTING} brackets deep; it was not run")
        elif t.text in ("}", ")", "]"):
            depth -= 1
        elif t.text == "SERVICE":
            raise QueryError("SERVICE (a query to another endpoint) is refused: plankg makes no outbound requests")
        elif t.text == "FROM" and depth == 0:
            names_dataset = True
    if empty:  # nothing but white space and comments
        raise QueryError("empty query: give a named query (see `kg queries`), a .rq file or SPARQL text")
    return QueryShape(names_dataset)
