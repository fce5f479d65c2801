"""Validation of user-supplied Cypher for the public read-only endpoint, before it reaches the database.

Defence in depth: the server also runs the query in a READ transaction with a timeout and fetches at most
`max_rows + 1` records; this module refuses what is plainly not a read so it never gets that far. It never
rewrites a query.

The query is split into tokens by a small lexer that knows Cypher's comments (`//`, `/* */`), string
literals (both quotes, backslash escapes), backtick-quoted names (with doubled backticks), parameters and
numbers, so that keywords inside strings, comments or quoted names are not mistaken for clauses, and clauses
cannot hide in them. The checks then run over the tokens, which covers subqueries (`CALL {}`, `EXISTS {}`,
`COUNT {}`, `COLLECT {}`) and list comprehensions alike. Where a parser might read the text differently, the
guard takes the stricter reading: it checks the query as written *and* with Java-style `\\uXXXX` escapes
decoded (Neo4j's older JavaCC parser decoded them before lexing), ends `//` comments at any Unicode line
break, never nests block comments, refuses comments glued inside a word (`CRE/**/ATE`) and refuses non-ASCII
characters outside string literals, quoted names and comments (so no look-alike letters, invisible
characters or exotic whitespace reach the lexer).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from graph.errors import InvalidQuery

__all__ = ["ALLOWED_PROCEDURES", "DENIED_NAMESPACES", "MAX_QUERY_LENGTH", "check_read_only"]

#: Procedures a read-only query may CALL (compared case-insensitively).
ALLOWED_PROCEDURES: Final[frozenset[str]] = frozenset(
    {
        "db.labels",
        "db.relationshipTypes",
        "db.propertyKeys",
        "db.schema.visualization",
        "db.schema.nodeTypeProperties",
        "db.schema.relTypeProperties",
    }
)
#: Namespaces whose functions may not be called (plugins that write, run Cypher or reach files or network).
DENIED_NAMESPACES: Final[frozenset[str]] = frozenset(
    {"apoc", "apoc_ext", "dbms", "gds", "tx", "genai", "file"}
)
#: Longest query accepted, in characters.
MAX_QUERY_LENGTH: Final = 20_000

_ALLOWED_LOWER = frozenset(p.lower() for p in ALLOWED_PROCEDURES)

_WRITES = "write clauses are not allowed on the read-only endpoint"
_ADMIN = "administration commands are not allowed"
#: Keywords refused wherever they are used as a keyword (not as a property key, label, map key or parameter).
_DENIED_WORDS: Final[dict[str, str]] = {
    **dict.fromkeys(
        ["CREATE", "MERGE", "SET", "DELETE", "DETACH", "NODETACH", "REMOVE", "FOREACH", "INSERT"], _WRITES
    ),
    "DROP": "DROP (of indexes, constraints, databases, users...) is not allowed",
    "LOAD": "LOAD CSV is not allowed (no file or network access)",
    "PERIODIC": "USING PERIODIC COMMIT is not allowed",
    "TRANSACTIONS": "CALL { ... } IN TRANSACTIONS is not allowed",
    "USE": "USE (switching to another database or graph) is not allowed",
    "CYPHER": "query options (CYPHER ...) are not allowed",
    **dict.fromkeys(
        [
            "ALTER",
            "GRANT",
            "DENY",
            "REVOKE",
            "RENAME",
            "SHOW",
            "TERMINATE",
            "DATABASE",
            "DATABASES",
            "DEALLOCATE",
            "REALLOCATE",
            "ENABLE",
            "DRYRUN",
        ],
        _ADMIN,
    ),
}
#: Refused as the first keyword of a statement only (START/STOP DATABASE); elsewhere they are plain names.
_DENIED_FIRST: Final[frozenset[str]] = frozenset({"START", "STOP"})

_WHITESPACE = " \t\n\r\f\v"
# `//` comments end at the first of these: the stricter reading (text after any line break is code).
_LINE_BREAKS = "\n\r\x0b\x0c\x85\u2028\u2029"
_WORD_START = re.compile(r"[A-Za-z_]")
_WORD = re.compile(r"[A-Za-z0-9_]*")
_DIGITS = re.compile(r"[0-9]+")
_FILE_URL = re.compile(r"file\s*:", re.IGNORECASE)
_STRING_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f"}


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "word", "name" (backtick-quoted), "string", "number", "op"
    text: str  # word as written, name or string content unescaped, operator
    pos: int


def _where(text: str, pos: int) -> str:
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return f"line {line}, column {column}"


def _is_word_char(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch == "_")


def _unescape_string(body: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch != "\\" or i + 1 >= len(body):
            out.append(ch)
            i += 1
            continue
        nxt = body[i + 1]
        width = {"u": 4, "U": 8}.get(nxt, 0)
        digits = body[i + 2 : i + 2 + width]
        if width and len(digits) == width and all(c in "0123456789abcdefABCDEF" for c in digits):
            code = int(digits, 16)
            out.append(chr(code) if code <= 0x10FFFF else "\ufffd")
            i += 2 + width
        else:
            out.append(_STRING_ESCAPES.get(nxt, nxt))
            i += 2
    return "".join(out)


def _decode_java_escapes(text: str) -> str:
    """Decode `\\uXXXX` (also `\\uuXXXX`) as a Java lexer's input stream does: a backslash starts an
    escape only when preceded by an even number of backslashes."""
    if "\\u" not in text:
        return text
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        if text[i] != "\\":
            out.append(text[i])
            i += 1
            continue
        j = i
        while j < n and text[j] == "\\":
            j += 1
        run = j - i
        k = j
        while k < n and text[k] == "u":
            k += 1
        digits = text[k : k + 4]
        if run % 2 == 1 and k > j and len(digits) == 4 and all(c in "0123456789abcdefABCDEF" for c in digits):
            out.append("\\" * (run - 1))
            out.append(chr(int(digits, 16)))
            i = k + 4
        else:
            out.append(text[i:j])
            i = j
    return "".join(out)


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(text)
    chain_start = (
        last_comment_end
    ) = -1  # a run of back-to-back comments: where it began, where the last ended
    while i < n:
        ch = text[i]
        if ch in _WHITESPACE:
            i += 1
            continue
        if text.startswith("//", i) or text.startswith("/*", i):
            if i != last_comment_end:
                chain_start = i
            if text[i + 1] == "/":
                ends = [p for p in (text.find(c, i + 2) for c in _LINE_BREAKS) if p >= 0]
                i = min(ends) if ends else n
            else:
                close = text.find("*/", i + 2)
                if close < 0:
                    raise InvalidQuery(f"unterminated /* comment at {_where(text, i)}")
                i = close + 2
            last_comment_end = i
            if i < n and _is_word_char(text[i]) and chain_start > 0 and _is_word_char(text[chain_start - 1]):
                raise InvalidQuery(f"a comment may not split a word (at {_where(text, chain_start)})")
            continue
        if ch in "'\"":
            j = i + 1
            while j < n and text[j] != ch:
                j += 2 if text[j] == "\\" else 1
            if j >= n:
                raise InvalidQuery(f"unterminated string literal starting at {_where(text, i)}")
            tokens.append(_Token("string", _unescape_string(text[i + 1 : j]), i))
            i = j + 1
            continue
        if ch == "`":
            j = i + 1
            parts: list[str] = []
            while True:
                close = text.find("`", j)
                if close < 0:
                    raise InvalidQuery(f"unterminated `quoted name` starting at {_where(text, i)}")
                parts.append(text[j:close])
                if text.startswith("``", close):
                    parts.append("`")
                    j = close + 2
                    continue
                break
            tokens.append(_Token("name", "".join(parts), i))
            i = close + 1
            continue
        if _WORD_START.match(ch):
            m = _WORD.match(text, i)
            assert m is not None
            tokens.append(_Token("word", m.group(), i))
            i = m.end()
            continue
        if ch.isascii() and ch.isdigit():
            m = _DIGITS.match(text, i)
            assert m is not None
            end = m.end()
            if (
                text.startswith(".", end)
                and end + 1 < n
                and text[end + 1].isascii()
                and text[end + 1].isdigit()
            ):
                frac = _DIGITS.match(text, end + 1)
                assert frac is not None
                end = frac.end()
            tokens.append(_Token("number", text[i:end], i))
            i = end
            continue
        if not ch.isascii() or not ch.isprintable():
            raise InvalidQuery(
                f"character U+{ord(ch):04X} at {_where(text, i)} is only allowed inside string literals, "
                "`quoted names` and comments"
            )
        if ch == "\\":
            raise InvalidQuery(f"a backslash is only allowed inside string literals (at {_where(text, i)})")
        op = ".." if text.startswith("..", i) else ch
        tokens.append(_Token("op", op, i))
        i += len(op)
    return tokens


def _is_keyword_position(tokens: list[_Token], k: int) -> bool:
    """Whether the word at k can be a keyword: not a property key (`n.set`), label or type (`:SET`), parameter
    (`$set`) or map key (`{set: 1}`)."""
    prev = tokens[k - 1] if k > 0 else None
    nxt = tokens[k + 1] if k + 1 < len(tokens) else None
    if prev is not None and prev.kind == "op":
        if prev.text in (":", "$"):
            return False
        if prev.text == ".":
            before = tokens[k - 2] if k > 1 else None
            # `1.CREATE` may lex as float + keyword: only a dot after a name or bracket is property access.
            if before is not None and (
                before.kind in ("word", "name") or before.text in (")", "]", "}", "{", ",")
            ):
                return False
    return not (
        nxt is not None
        and nxt.kind == "op"
        and nxt.text == ":"
        and prev is not None
        and prev.kind == "op"
        and prev.text in ("{", ",")
    )


def _dotted_name(tokens: list[_Token], k: int) -> tuple[list[str], int]:
    """The segments of the dotted name starting at token k (quoted segments may hold dots), index after it."""
    segments: list[str] = []
    while k < len(tokens) and tokens[k].kind in ("word", "name"):
        segments.extend(tokens[k].text.split(".") if tokens[k].kind == "name" else [tokens[k].text])
        if k + 2 < len(tokens) and tokens[k + 1].text == "." and tokens[k + 2].kind in ("word", "name"):
            k += 2
            continue
        return segments, k + 1
    return segments, k


def _denied_function(segments: list[str]) -> bool:
    lowered = [s.lower() for s in segments]
    return bool(lowered) and (lowered[0] in DENIED_NAMESPACES or ".".join(lowered).startswith("db.create"))


def _check_tokens(text: str, tokens: list[_Token], note: str) -> None:
    def refuse(message: str, tok: _Token) -> InvalidQuery:
        return InvalidQuery(f"{message} (at {_where(text, tok.pos)}{note})")

    significant = [t for t in tokens if not (t.kind == "word" and t.text.upper() in ("EXPLAIN", "PROFILE"))]
    if significant and significant[0].kind == "word" and significant[0].text.upper() in _DENIED_FIRST:
        raise refuse(f"{significant[0].text.upper()} DATABASE/SERVER: {_ADMIN}", significant[0])
    for k, tok in enumerate(tokens):
        if tok.kind == "op" and tok.text == ";" and k != len(tokens) - 1:
            raise refuse("only one statement is allowed (found ';' before the end)", tok)
        if tok.kind == "string" and _FILE_URL.search(tok.text):
            raise refuse("file URLs are not allowed", tok)
        if tok.kind not in ("word", "name"):
            continue
        upper = tok.text.upper()
        keyword = tok.kind == "word" and _is_keyword_position(tokens, k)
        if keyword and upper in _DENIED_WORDS:
            raise refuse(f"{upper}: {_DENIED_WORDS[upper]}", tok)
        if keyword and upper == "CALL":
            nxt = tokens[k + 1] if k + 1 < len(tokens) else None
            if nxt is not None and nxt.kind == "op" and nxt.text in ("{", "("):
                continue  # CALL { subquery } or CALL (scope) { subquery }
            segments, _ = _dotted_name(tokens, k + 1)
            name = ".".join(segments)
            allowed = ", ".join(sorted(ALLOWED_PROCEDURES))
            if not segments:
                raise refuse(f"CALL must be followed by {{ a subquery }} or one of: {allowed}", tok)
            if name.lower() not in _ALLOWED_LOWER:
                raise refuse(f"procedure {name!r} is not allowed; allowed procedures: {allowed}", tok)
            continue
        starts_name = k == 0 or not (tokens[k - 1].kind == "op" and tokens[k - 1].text == ".")
        if starts_name:
            segments, after = _dotted_name(tokens, k)
            is_call = after < len(tokens) and tokens[after].kind == "op" and tokens[after].text == "("
            if is_call and _denied_function(segments):
                raise refuse(f"function {'.'.join(segments)!r} is not allowed", tok)


def check_read_only(query: str) -> None:
    """Return if `query` looks like a single read-only Cypher statement; raise InvalidQuery saying why not.

    Refuses write clauses, admin commands, LOAD CSV, USE, `IN TRANSACTIONS`, procedures outside
    ALLOWED_PROCEDURES, functions of DENIED_NAMESPACES, file URLs and several statements, wherever they
    hide. O(len(query)).
    """
    if not isinstance(query, str):
        raise InvalidQuery("the query must be a string")
    if len(query) > MAX_QUERY_LENGTH:
        raise InvalidQuery(f"the query is longer than {MAX_QUERY_LENGTH} characters")
    if "\x00" in query:
        raise InvalidQuery("the query contains a NUL character")
    tokens = _tokenize(query)
    if not tokens or tokens == [_Token("op", ";", tokens[0].pos)]:
        raise InvalidQuery("the query is empty")
    _check_tokens(query, tokens, "")
    decoded = _decode_java_escapes(query)
    if decoded != query:
        note = ", after decoding \\u escapes"
        try:
            decoded_tokens = _tokenize(decoded)
        except InvalidQuery as exc:
            raise InvalidQuery(f"{exc}{note}") from exc
        _check_tokens(decoded, decoded_tokens, note)
