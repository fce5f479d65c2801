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

import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final

from graph.errors import InvalidQuery

__all__ = [
    "ALLOWED_PROCEDURES",
    "DENIED_NAMESPACES",
    "MAX_QUERY_LENGTH",
    "MAX_RANGE_SPAN",
    "check_bounded",
    "check_params",
    "check_plan",
    "check_read_only",
    "explain_text",
]

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


# -- resource bounds ---------------------------------------------------------------------------------------------
# Neo4j stops a query at its timeout only between rows: a loop inside one expression (reduce, a list
# comprehension, a predicate function, a regular expression) runs to its end however long that takes, and the
# heap a string or list built in an expression takes is not counted by the transaction memory bounds. These checks
# refuse the shapes that make such loops huge, before anything runs.

#: Longest list range() may produce when its bounds are constants.
MAX_RANGE_SPAN: Final = 1_000_000
#: Longest regular expression accepted, in characters, and most unbounded quantifiers (`*`, `+`, `{n,}`) in one.
MAX_REGEX_LENGTH: Final = 500
MAX_REGEX_UNBOUNDED: Final = 2
#: Highest upper bound of a counted repetition `{n,m}` in a regular expression.
MAX_REGEX_REPEAT: Final = 1000
_ITERATING_FUNCTIONS = frozenset({"any", "all", "none", "single"})
_SIZE_FUNCTIONS = frozenset({"size", "length", "char_length", "character_length"})


def _matching(tokens: list[_Token], k: int) -> int:
    """Index of the bracket closing the one at k (or len(tokens) if unclosed)."""
    pairs = {"(": ")", "[": "]", "{": "}"}
    stack: list[str] = []
    for j in range(k, len(tokens)):
        tok = tokens[j]
        if tok.kind != "op":
            continue
        if tok.text in pairs:
            stack.append(pairs[tok.text])
        elif stack and tok.text == stack[-1]:
            stack.pop()
            if not stack:
                return j
    return len(tokens)


def _is_op(tokens: list[_Token], k: int, text: str) -> bool:
    return 0 <= k < len(tokens) and tokens[k].kind == "op" and tokens[k].text == text


def _is_word(tokens: list[_Token], k: int, *words: str) -> bool:
    return 0 <= k < len(tokens) and tokens[k].kind == "word" and tokens[k].text.lower() in words


def _iterations(tokens: list[_Token]) -> list[tuple[int, int, str]]:
    """(start, end, what) of every loop written inside an expression: list comprehensions `[x IN list ...]`,
    any/all/none/single(x IN list ...), reduce(acc = v, x IN list | ...)."""
    found = []
    for k, tok in enumerate(tokens):
        if tok.kind != "op" or tok.text not in "[(":
            continue
        if not (k + 2 < len(tokens) and tokens[k + 1].kind in ("word", "name") and _is_word(tokens, k + 2, "in")):
            continue
        if tok.text == "[":
            found.append((k, _matching(tokens, k), "a list comprehension"))
        elif _is_word(tokens, k - 1, *_ITERATING_FUNCTIONS):
            found.append((k, _matching(tokens, k), f"{tokens[k - 1].text}()"))
    return found


def _fold(tokens: list[_Token], params: Mapping[str, object]) -> int | None:
    """The integer an argument written with integer literals, parameters, + - * / and brackets stands for, or
    None when it is anything else (a variable, a property, a function call)."""
    allowed_ops = set("+-*/()")
    parts: list[str] = []
    k = 0
    while k < len(tokens):
        tok = tokens[k]
        if tok.kind == "number" and tok.text.isdigit():
            parts.append(tok.text)
        elif tok.kind == "op" and tok.text == "$" and k + 1 < len(tokens) and tokens[k + 1].kind in ("word", "name"):
            value = params.get(tokens[k + 1].text)
            if not isinstance(value, int) or isinstance(value, bool):
                return None
            parts.append(f"({value})")
            k += 1
        elif tok.kind == "op" and tok.text in allowed_ops:
            parts.append("//" if tok.text == "/" else tok.text)
        else:
            return None
        k += 1
    expression = " ".join(parts)
    if not expression or len(expression) > 200:
        return None
    try:
        value = _safe_eval(expression)
    except (ValueError, ZeroDivisionError, SyntaxError, OverflowError):
        return None
    return value


def _safe_eval(expression: str) -> int:
    import ast

    def ev(node: ast.AST) -> int:
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, int):
            return node.value
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            return -ev(node.operand) if isinstance(node.op, ast.USub) else ev(node.operand)
        if isinstance(node, ast.BinOp):
            left, right = ev(node.left), ev(node.right)
            if abs(left) > 2**64 or abs(right) > 2**64:
                raise OverflowError
            if isinstance(node.op, ast.Add):
                return left + right
            if isinstance(node.op, ast.Sub):
                return left - right
            if isinstance(node.op, ast.Mult):
                return left * right
            if isinstance(node.op, ast.FloorDiv):
                return int(left / right)  # Cypher's integer division truncates toward zero
        raise ValueError(expression)

    return ev(ast.parse(expression, mode="eval"))


def _split_args(tokens: list[_Token], open_k: int, close_k: int) -> list[list[_Token]]:
    args: list[list[_Token]] = [[]]
    depth = 0
    for tok in tokens[open_k + 1 : close_k]:
        if tok.kind == "op" and tok.text in "([{":
            depth += 1
        elif tok.kind == "op" and tok.text in ")]}":
            depth -= 1
        if depth == 0 and tok.kind == "op" and tok.text == ",":
            args.append([])
            continue
        args[-1].append(tok)
    return args


def _size_based(arg: list[_Token]) -> bool:
    """Whether a non-constant bound is the size of something (`size(list) - 1`): calls only size()/length()."""
    calls = [i for i, t in enumerate(arg) if t.kind == "word" and _is_op(arg, i + 1, "(")]
    return bool(calls) and all(arg[i].text.lower() in _SIZE_FUNCTIONS for i in calls)


def _check_range(text: str, tokens: list[_Token], k: int, params: Mapping[str, object]) -> None:
    close = _matching(tokens, k + 1)
    args = _split_args(tokens, k + 1, close)
    where = f"(at {_where(text, tokens[k].pos)})"
    if len(args) not in (2, 3):
        return  # Neo4j reports the wrong number of arguments
    values = [_fold(arg, params) for arg in args]
    for arg, value in zip(args, values, strict=True):
        if value is None and not _size_based(arg):
            raise InvalidQuery(
                "range() bounds must be integers, parameters or size()/length() of a list, so that its length is "
                f"known before it runs {where}"
            )
    start, end = values[0], values[1]
    step = values[2] if len(values) == 3 else 1
    if start is None or end is None or step is None or step == 0:
        return
    span = (end - start) // step + 1
    if span > MAX_RANGE_SPAN:
        raise InvalidQuery(f"range() would hold {span:,} numbers, over the limit of {MAX_RANGE_SPAN:,} {where}")


def _regex_problem(pattern: str) -> str | None:
    """Why a regular expression could backtrack for a very long time, or None: too long, a quantified group
    that contains a quantifier (`(a+)+`), a back-reference, too many unbounded quantifiers, a huge repeat."""
    if len(pattern) > MAX_REGEX_LENGTH:
        return f"it is longer than {MAX_REGEX_LENGTH} characters"
    group_quantified: list[bool] = []  # per open group: contains a quantifier or alternatives
    unbounded = 0
    last_closed_had_quantifier = False
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        quantifier = False
        if ch == "\\":
            nxt = pattern[i + 1 : i + 2]
            if (nxt.isdigit() and nxt != "0") or nxt == "k":
                return "back-references are not allowed"
            i += 2
            last_closed_had_quantifier = False
            continue
        if ch == "[":
            j = i + 1
            if pattern[j : j + 1] == "^":
                j += 1
            if pattern[j : j + 1] == "]":
                j += 1
            while j < n and pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            i = j + 1
            last_closed_had_quantifier = False
            continue
        if ch == "(":
            group_quantified.append(False)
            i += 1
            last_closed_had_quantifier = False
            continue
        if ch == "|":  # alternatives that can match the same text backtrack like a quantifier: (a|aa)*
            if group_quantified:
                group_quantified[-1] = True
            i += 1
            last_closed_had_quantifier = False
            continue
        if ch == ")":
            inner = group_quantified.pop() if group_quantified else False
            i += 1
            last_closed_had_quantifier = inner
            if group_quantified and inner:
                group_quantified[-1] = True
            continue
        repeat_max: int | None = 1
        if ch in "*+":
            quantifier, repeat_max = True, None
            i += 1
        elif ch == "?" and i > 0 and pattern[i - 1] not in "(*+?}":
            quantifier = True
            i += 1
        elif ch == "{":
            m = re.match(r"\{(\d+)(,(\d*))?\}", pattern[i:])
            if m:
                quantifier = True
                upper = m.group(3)
                repeat_max = int(m.group(1)) if m.group(2) is None else (int(upper) if upper else None)
                if max(int(m.group(1)), repeat_max or 0) > MAX_REGEX_REPEAT:
                    return f"a repeat count is over {MAX_REGEX_REPEAT}"
                i += m.end()
            else:
                i += 1
        else:
            i += 1
        if quantifier:
            if repeat_max is None:
                unbounded += 1
            if last_closed_had_quantifier and (repeat_max is None or repeat_max > 1):
                return "a repeated group contains a repetition or alternatives (such as (a+)+ or (a|aa)*)"
            if group_quantified:
                group_quantified[-1] = True
        last_closed_had_quantifier = False
    if unbounded > MAX_REGEX_UNBOUNDED:
        return f"it has {unbounded} unbounded repetitions (* + {{n,}}); at most {MAX_REGEX_UNBOUNDED} are allowed"
    return None


def _check_regex(text: str, tokens: list[_Token], k: int, params: Mapping[str, object]) -> None:
    """k: the `~` of `=~`. The pattern must be a string literal or a string parameter, and tame."""
    where = f"(at {_where(text, tokens[k].pos)})"
    nxt = tokens[k + 1] if k + 1 < len(tokens) else None
    pattern: object = None
    if nxt is not None and nxt.kind == "string":
        pattern = nxt.text
    elif nxt is not None and nxt.text == "$" and k + 2 < len(tokens):
        pattern = params.get(tokens[k + 2].text)
    if not isinstance(pattern, str):
        raise InvalidQuery(f"a regular expression after =~ must be a string literal or a string parameter {where}")
    problem = _regex_problem(pattern)
    if problem:
        raise InvalidQuery(f"regular expression refused: {problem} {where}")


def check_bounded(query: str, params: Mapping[str, object] | None = None) -> None:
    """Refuse what Neo4j could not stop in time (see the comment above): reduce(), loops nested inside loops in
    one expression, range() with bounds not known in advance or over MAX_RANGE_SPAN, and regular expressions
    that are not literals or parameters or that could backtrack for long. Call after check_read_only."""
    params = params or {}
    text = _decode_java_escapes(query)
    tokens = _tokenize(text)
    for k, tok in enumerate(tokens):
        if tok.kind == "word" and _is_op(tokens, k + 1, "(") and not _is_op(tokens, k - 1, "."):
            name = tok.text.lower()
            if name == "reduce":
                raise InvalidQuery(
                    "reduce() is not allowed: Neo4j cannot stop it at the timeout once it runs; use UNWIND with "
                    f"sum(), collect() or another aggregation (at {_where(text, tok.pos)})"
                )
            if name == "range":
                _check_range(text, tokens, k, params)
        if tok.kind == "op" and tok.text == "~" and _is_op(tokens, k - 1, "=") and tokens[k - 1].pos == tok.pos - 1:
            _check_regex(text, tokens, k, params)
    loops = _iterations(tokens)
    for start, end, what in loops:
        for other_start, _, other in loops:
            if start < other_start < end:
                raise InvalidQuery(
                    f"{other} inside {what} is not allowed: a loop in a loop runs within one row, where Neo4j "
                    f"cannot stop it at the timeout (at {_where(text, tokens[other_start].pos)})"
                )


def explain_text(query: str) -> str:
    """`EXPLAIN` + the query, without the query's own leading EXPLAIN or PROFILE (comments before it kept)."""
    tokens = _tokenize(query)
    first = tokens[0] if tokens else None
    if first is not None and first.kind == "word" and first.text.upper() in ("EXPLAIN", "PROFILE"):
        query = query[: first.pos] + query[first.pos + len(first.text) :]
    return "EXPLAIN " + query


# -- plans ------------------------------------------------------------------------------------------------------

_WHOLE_SCANS = ("AllNodesScan", "NodeByLabelScan", "UnionNodeByLabelsScan", "IntersectionNodeByLabelsScan")
_VAR_LENGTH = re.compile(r"\[[^\]]*\*[^\]]*\]")
_QPP_UNBOUNDED = re.compile(r"\{\s*\d+\s*,\s*\*?\s*\}")


def _operator(plan: Mapping[str, Any]) -> str:
    return str(plan.get("operatorType", "")).split("@", 1)[0]


def _walk(plan: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    yield plan
    for child in plan.get("children", ()) or ():
        yield from _walk(child)


def _unbounded_expansion(plan: Mapping[str, Any]) -> bool:
    op = _operator(plan)
    details = str((plan.get("args") or {}).get("Details", ""))
    if op.startswith("VarLengthExpand") or op.startswith("BFSPruningVarExpand") or op.startswith("PruningVarExpand"):
        spec = _VAR_LENGTH.search(details)
        hops = spec.group() if spec else details
        star = hops[hops.index("*") :] if "*" in hops else ""
        return not re.match(r"\*\d*\.\.\d+|\*\d+(?!\.)", star)
    if op.startswith("Repeat"):
        return bool(_QPP_UNBOUNDED.search(details)) and not re.search(r"\{\s*\d+\s*,\s*\d+\s*\}", details)
    return False


def check_plan(plan: Mapping[str, Any], max_estimated_rows: float, max_cartesian_rows: float) -> None:
    """Refuse an EXPLAIN plan (the driver's `summary.plan`) that has an unbounded variable-length expansion
    outside shortest-path search, a cartesian product with a whole label or all nodes on one side estimated over
    `max_cartesian_rows` rows, or any operator estimated over `max_estimated_rows` rows."""
    nodes = list(_walk(plan))
    for node in nodes:  # what is wrong with the query's shape first, then how big the planner thinks it is
        op = _operator(node)
        args = node.get("args") or {}
        rows = float(args.get("EstimatedRows", 0) or 0)
        details = str(args.get("Details", "")).split("\n", 1)[0][:200]
        if _unbounded_expansion(node):
            raise InvalidQuery(
                f"the plan has an unbounded variable-length expansion ({op}: {details}): give it an upper bound "
                "such as [*1..4], or use shortestPath()"
            )
        if op == "CartesianProduct" and rows > max_cartesian_rows:
            children = [_operator(c) for c in node.get("children", ()) or ()]
            if any(c in _WHOLE_SCANS for c in children):
                raise InvalidQuery(
                    f"the plan has a cartesian product over a whole label or all nodes (about {rows:,.0f} rows, "
                    f"limit {max_cartesian_rows:,.0f}, SKG_CYPHER_MAX_CARTESIAN_ROWS): connect the patterns or "
                    "filter each side"
                )
    for node in nodes:
        rows = float((node.get("args") or {}).get("EstimatedRows", 0) or 0)
        if rows > max_estimated_rows:
            raise InvalidQuery(
                f"the plan's {_operator(node)} step is estimated at {rows:,.0f} rows, over the limit of "
                f"{max_estimated_rows:,.0f} (SKG_CYPHER_MAX_ESTIMATED_ROWS): narrow the query"
            )


# -- parameters ------------------------------------------------------------------------------------------------

#: Deepest nesting of lists and maps in a parameter value, most values in all parameters together.
MAX_PARAM_DEPTH: Final = 8
MAX_PARAM_ITEMS: Final = 10_000
_INT64 = (-(2**63), 2**63 - 1)


def _utf8_length(text: str, where: str) -> int:
    try:
        return len(text.encode("utf-8"))
    except UnicodeEncodeError as exc:
        raise InvalidQuery(f"{where} holds text that is not valid Unicode (a lone surrogate)") from exc


def check_params(params: Mapping[str, object], max_bytes: int) -> None:
    """Refuse parameters Neo4j could not take or that would make a query big: integers outside 64 bits,
    non-finite floats, nesting deeper than MAX_PARAM_DEPTH, more than MAX_PARAM_ITEMS values, more than
    `max_bytes` of text (keys and strings, UTF-8). Iterative, so deep nesting cannot exhaust the stack."""
    if not isinstance(params, Mapping):
        raise InvalidQuery("params must be a JSON object")
    stack: list[tuple[str, object, int]] = [(f"${k}", v, 1) for k, v in params.items()]
    items = 0
    text_bytes = 0
    while stack:
        where, value, depth = stack.pop()
        items += 1
        if items > MAX_PARAM_ITEMS:
            raise InvalidQuery(f"params hold more than {MAX_PARAM_ITEMS:,} values")
        if depth > MAX_PARAM_DEPTH:
            raise InvalidQuery(f"params are nested deeper than {MAX_PARAM_DEPTH} levels (at {where})")
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, int):
            if not _INT64[0] <= value <= _INT64[1]:
                raise InvalidQuery(f"{where} is an integer outside 64 bits, which Neo4j cannot hold")
        elif isinstance(value, float):
            if not math.isfinite(value):
                raise InvalidQuery(f"{where} is not a finite number")
        elif isinstance(value, str):
            text_bytes += _utf8_length(value, where)
        elif isinstance(value, Mapping):
            for key, inner in value.items():
                if not isinstance(key, str):
                    raise InvalidQuery(f"{where} has a key that is not a string")
                text_bytes += _utf8_length(key, where)
                stack.append((f"{where}.{key}"[:200], inner, depth + 1))
        elif isinstance(value, list | tuple):
            stack.extend((f"{where}[{i}]"[:200], inner, depth + 1) for i, inner in enumerate(value))
        else:
            raise InvalidQuery(f"{where} has a type a parameter cannot have ({type(value).__name__})")
        if text_bytes > max_bytes:
            raise InvalidQuery(
                f"params hold more than {max_bytes:,} bytes of text (SKG_CYPHER_MAX_PARAM_BYTES), at {where}"
            )
