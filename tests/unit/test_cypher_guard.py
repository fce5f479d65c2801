"""The read-only Cypher guard: a corpus of hostile queries is refused, ordinary read queries pass."""

from __future__ import annotations

import json

import pytest

from graph.cypher_guard import (
    ALLOWED_PROCEDURES,
    MAX_QUERY_LENGTH,
    MAX_RANGE_SPAN,
    check_bounded,
    check_params,
    check_plan,
    check_read_only,
    explain_text,
)
from graph.errors import InvalidQuery
from tests import hostile_corpus

CORPUS = hostile_corpus.load()
HOSTILE = [h.query for h in CORPUS if h.expect == "guard"]
#: Read-only but resource-hungry: the text guard lets them through, other bounds deal with them.
RESOURCE = [h for h in CORPUS if h.expect == "bounded"]

# Tricks that need characters a text file would hide: line breaks, invisible and look-alike characters.
HOSTILE_UNICODE = [
    "MATCH (n) RETURN n // comment\u2028CREATE (m)",
    "MATCH (n) RETURN n // comment\u0085CREATE (m)",
    "MATCH (n) RETURN n // comment\rCREATE (m)",
    "MATCH (n) RETURN n // comment\x0bDETACH DELETE n",
    "CRE\u200bATE (n)",
    "MATCH (n) \u017fET n.x = 1",  # LATIN SMALL LETTER LONG S upper-cases to 'S'
    "\uff23\uff32\uff25\uff21\uff34\uff25 (n)",  # fullwidth CREATE
    "MATCH (n)\u00a0DELETE n",
    "MATCH (n) RETURN n\x00; CREATE (m)",
    "RETURN 'a' \\u002F\\u002F comment",
    "RETURN 1 \\uuu0043REATE",
    "",
    "   // only a comment",
    ";",
    "MATCH (n) RETURN n " + " " * MAX_QUERY_LENGTH,
]

LEGIT = [
    "MATCH (n) RETURN n LIMIT 10",
    "MATCH (a:Actor {id: 'KP'})-[t:TRANSFER]->(b:Actor) RETURN a.name, b.name, t.category",
    "OPTIONAL MATCH (a:Actor)-[t:TRANSFER]->(:Actor {id: 'RU'}) RETURN a, t",
    "MATCH (a:Actor) WITH a, size([(a)-[:TRANSFER]->() | 1]) AS out WHERE out > 2 "
    "RETURN a.name, out ORDER BY out DESC LIMIT 5",
    "UNWIND ['KP', 'IR'] AS code MATCH (a:Actor {id: code}) RETURN a",
    "MATCH p = shortestPath((a:Actor {id: 'IR'})-[:TRANSFER*..4]->(b:Actor {id: 'RU'})) RETURN p",
    "MATCH p = allShortestPaths((a:Actor)-[:TRANSFER*]-(b:Actor)) WHERE a.id = 'IR' AND b.id = 'KP' RETURN p",
    "MATCH p = (a:Actor)-[:TRANSFER*1..3]->(b:Actor) WHERE a.id = $supplier RETURN p LIMIT 25",
    "CALL db.labels()",
    "CALL db.labels() YIELD label RETURN label ORDER BY label",
    "CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType",
    "CALL db.propertyKeys",
    "CALL db.schema.visualization()",
    "CALL db.schema.nodeTypeProperties() YIELD nodeType, propertyName RETURN *",
    "CALL db.schema.relTypeProperties()",
    "MATCH (n:Actor) WHERE n.name CONTAINS 'CREATE' RETURN n",
    'MATCH (n:Actor) WHERE n.name = "DELETE FROM actors; DROP TABLE x" RETURN n',
    "// who supplies North Korea? CREATE nothing\nMATCH (s)-[t:TRANSFER]->(:Actor {id: 'KP'}) RETURN s.name",
    "/* CREATE (n) in a comment is fine */ MATCH (n) RETURN count(n)",
    "MATCH (n)\n// comment with CREATE, DELETE and a ; semicolon\nRETURN n",
    "MATCH (r:Regime)-[:TARGETS]->(a:Actor) RETURN r.name, r.start, r.end, a.id",
    "MATCH (a)-[t:TRANSFER]->(b) WHERE t.confidence >= 0.5 AND t.status IN ['delivered', 'ordered'] "
    "RETURN a.id, b.id, t.designation ORDER BY t.confidence DESC SKIP 10 LIMIT 10",
    "MATCH (a:Actor) RETURN a {.name, .id, set: 1, create: a.country} AS m",
    "MATCH (a:Actor) WHERE EXISTS { MATCH (a)-[:TRANSFER]->() } RETURN a.name",
    "MATCH (a:Actor) RETURN a.name, COUNT { (a)-[:TRANSFER]->() } AS n",
    "MATCH (a:Actor) RETURN a.name, COLLECT { MATCH (a)-[t:TRANSFER]->(b) RETURN b.name } AS recipients",
    "MATCH (a:Actor) CALL { WITH a MATCH (a)-[t:TRANSFER]->() RETURN count(t) AS n } RETURN a.name, n",
    "MATCH (a:Actor) CALL (a) { MATCH (a)-[t:TRANSFER]->() RETURN count(t) AS n } RETURN a.name, n",
    "MATCH (tx:Transfer) RETURN tx.id, tx.status",
    "WITH 'it\\'s a CREATE' AS s RETURN s",
    'RETURN "a \\"quoted\\" DELETE" AS s',
    "MATCH (n:`Weird Label`) RETURN n.`set`, n.`create`",
    "MATCH (start:Actor)-[:TRANSFER]->(end:Actor) RETURN start.name, end.name",
    "MATCH (n) RETURN n;",
    "EXPLAIN MATCH (n) RETURN n",
    "PROFILE MATCH (n) RETURN count(n)",
    "MATCH (a:Actor) RETURN [x IN a.aliases WHERE x STARTS WITH 'K' | toUpper(x)] AS k",
    "MATCH (a:Actor) RETURN CASE WHEN a.kind = 'state' THEN 'S' ELSE 'N' END AS k",
    "MATCH (a)-[t:TRANSFER]->(b) WHERE date(t.date_from) >= date('2022-02-24') RETURN count(*)",
    "MATCH (s:Source) WHERE s.url STARTS WITH 'https://' RETURN s.url",
    "RETURN 1.5 AS x, .5 AS y, 1e3 AS z, 0x1F AS h, -2 AS m",
    "MATCH (a) WHERE a.name =~ '(?i).*korea.*' RETURN a",
    "MATCH (a:Actor) WHERE a.id IN $ids RETURN a.id, $create AS c",
    "MATCH (a) RETURN a.name AS `CREATE`",
    "RETURN duration.between(date('2020-01-01'), date()) AS d, "
    "point.distance(point({x: 0, y: 0}), point({x: 1, y: 1})) AS dist",
    "MATCH (n) WHERE n:Actor|Regime RETURN labels(n)",
    "MATCH (n) RETURN n /* trailing comment */",
    "MATCH (a:Actor) WHERE a.name IN ['Corée du Nord', 'Россия', 'إيران'] RETURN a // Корея",
    "MATCH (a:Actor)-[t:TRANSFER]->(b:Actor) WHERE NOT (b)-[:TRANSFER]->(a) RETURN a, b",
    "MATCH (a:Actor) WITH a.kind AS kind, collect(a.id) AS ids RETURN kind, size(ids) ORDER BY kind",
    "MATCH (n) WHERE n.note = 'file names are fine, file URLs are not' RETURN n",
    "MATCH (n) WHERE n.x = '\\\\u0043REATE' RETURN n",
    "MATCH (n) RETURN n.name AS name UNION MATCH (m:Regime) RETURN m.name AS name",
]


def test_corpus_sizes() -> None:
    assert len(HOSTILE) >= 60
    assert len(LEGIT) >= 25


@pytest.mark.parametrize("query", HOSTILE + HOSTILE_UNICODE)
def test_hostile_queries_are_refused(query: str) -> None:
    with pytest.raises(InvalidQuery):
        check_read_only(query)


@pytest.mark.parametrize("query", LEGIT)
def test_read_queries_pass(query: str) -> None:
    check_read_only(query)


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("MATCH (n) DETACH DELETE n", ["DETACH", "line 1, column 11"]),
        ("CALL apoc.cypher.runWrite('x', {})", ["apoc.cypher.runWrite", "db.labels"]),
        ("RETURN 1; RETURN 2", ["one statement"]),
        ("CRE/**/ATE (n)", ["split a word"]),
        ("RETURN '\\u0027 CREATE (n) //'", ["CREATE", "after decoding"]),
        ("LOAD CSV FROM 'x' AS r RETURN r", ["LOAD CSV"]),
        ("MATCH (n) CALL { RETURN 1 } IN TRANSACTIONS", ["IN TRANSACTIONS"]),
    ],
)
def test_messages_say_why(query: str, words: list[str]) -> None:
    with pytest.raises(InvalidQuery) as info:
        check_read_only(query)
    for word in words:
        assert word in str(info.value)


def test_allowed_procedures_are_read_only_db_procedures() -> None:
    assert {"db.labels", "db.relationshipTypes", "db.propertyKeys"} <= ALLOWED_PROCEDURES
    for name in ALLOWED_PROCEDURES:
        assert name.startswith("db.") and "create" not in name.lower()
        check_read_only(f"CALL {name}()")


def test_length_limit() -> None:
    query = "MATCH (n) RETURN n"
    check_read_only(query + " " * (MAX_QUERY_LENGTH - len(query)))
    with pytest.raises(InvalidQuery, match="longer than"):
        check_read_only(query + " " * (MAX_QUERY_LENGTH - len(query) + 1))


# -- resource bounds ---------------------------------------------------------------------------------------------


def test_corpus_groups() -> None:
    groups = {h.group for h in CORPUS}
    assert {"write", "file/network", "privilege", "memory", "CPU", "result size", "parameter size"} <= groups
    assert len(RESOURCE) >= 40


@pytest.mark.parametrize("hostile", RESOURCE, ids=[f"{h.group}-{i}" for i, h in enumerate(RESOURCE)])
def test_resource_attacks_are_read_only_queries(hostile: hostile_corpus.Hostile) -> None:
    """They pass the read-only check: what stops them is the bounds, tested on the real server."""
    check_read_only(hostile.query)


@pytest.mark.parametrize(
    ("query", "params", "words"),
    [
        ("RETURN size(reduce(s = 'x', i IN range(1, 40) | s + s)) AS n", {}, ["reduce()", "timeout"]),
        ("RETURN REDUCE(t = 0, x IN [1] | t + x)", {}, ["reduce()"]),
        ("RETURN range(1, 50000000)", {}, ["50,000,000", f"{MAX_RANGE_SPAN:,}"]),
        ("RETURN range(1, 5 * 10000000)", {}, ["50,000,000"]),
        ("RETURN range(10, 1, -1), range(1, $n)", {"n": 10**8}, ["100,000,000"]),
        ("RETURN range(1, 1000000000, 1000)", {}, []),  # a million numbers: allowed
        ("WITH 5 AS n RETURN range(1, n)", {}, ["known before it runs"]),
        ("RETURN range(1, toInteger('50000000'))", {}, ["known before it runs"]),
        ("RETURN [x IN range(1, 9) | [y IN range(1, 9) | y]]", {}, ["inside a list comprehension"]),
        ("RETURN any(x IN [1] WHERE all(y IN [2] WHERE x = y))", {}, ["all() inside any()"]),
        ("MATCH (n) WHERE n.name =~ '(a+)+b' RETURN n", {}, ["regular expression", "(a+)+"]),
        ("RETURN 'a' =~ '(a|aa)*c'", {}, ["alternatives"]),
        ("RETURN 'a' =~ '.*a.*b.*c'", {}, ["3 unbounded"]),
        ("RETURN 'a' =~ '(x)\\\\1'", {}, ["back-references"]),
        ("RETURN 'a' =~ 'a{1,5000}'", {}, ["repeat count"]),
        ("MATCH (n) WHERE n.name =~ n.id RETURN n", {}, ["string literal or a string parameter"]),
        ("MATCH (n) WHERE n.name =~ $re RETURN n", {"re": "(x+)*"}, ["repetition"]),
        ("MATCH (n) WHERE n.name =~ $re RETURN n", {"re": 5}, ["string parameter"]),
    ],
)
def test_unbounded_loops_ranges_and_regexes_are_refused(query: str, params: dict, words: list[str]) -> None:  # type: ignore[type-arg]
    if not words:
        check_bounded(query, params)
        return
    with pytest.raises(InvalidQuery) as info:
        check_bounded(query, params)
    for word in words:
        assert word in str(info.value)


@pytest.mark.parametrize(
    "query",
    [
        "MATCH (a:Actor) RETURN [x IN a.aliases WHERE x STARTS WITH 'K' | toUpper(x)] AS k",
        "MATCH (a) WHERE a.name =~ '(?i).*korea.*' RETURN a",
        "MATCH (a) WHERE a.name =~ $re RETURN a",
        "UNWIND range(0, size($ids) - 1) AS i RETURN i",
        "WITH [1, 2, 3] AS l RETURN [i IN range(0, size(l) - 1) | l[i]] AS same",
        "RETURN range(1, 10), range(0, 1000000 - 1), [x IN [1, 2] | x * 2], any(x IN [1] WHERE x = 1)",
        "MATCH (a) WHERE a.reduce = 1 RETURN a.range",
        "RETURN 'reduce(s = 1, x IN range(1, 99999999) | s)' AS text",
        "MATCH (a:Actor) RETURN [x IN a.aliases | x] AS l, [y IN a.aliases | y] AS m",
        "MATCH (a)-[:TRANSFER*1..3]->(b) WHERE a.id =~ 'K.' RETURN b",
    ],
)
def test_bounded_read_queries_pass(query: str) -> None:
    check_bounded(query, {"re": "(?i)kor(ea)?", "ids": ["KP", "RU"]})


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"n": 2**63}, ["$n", "64 bits"]),
        ({"n": -(2**63) - 1}, ["64 bits"]),
        ({"f": float("inf")}, ["finite"]),
        ({"s": "x" * 2000}, ["1,000 bytes"]),
        ({"l": [1] * 20_000}, ["10,000 values"]),
        ({"m": {"a": [[[[[[[[1]]]]]]]]}}, ["nested deeper", "$m.a"]),
        ({"s": "\ud800"}, ["lone surrogate"]),
        ({"o": object()}, ["type"]),
    ],
)
def test_abusive_params_are_refused(params: dict, words: list[str]) -> None:  # type: ignore[type-arg]
    with pytest.raises(InvalidQuery) as info:
        check_params(params, 1000)
    for word in words:
        assert word in str(info.value)


def test_ordinary_params_pass() -> None:
    check_params(
        {"id": "KP", "ids": ["KP", "IR"], "n": 2**63 - 1, "since": "2022-01-01", "x": 1.5, "m": {"a": [1]}}, 1000
    )


def test_deep_nesting_does_not_exhaust_the_stack() -> None:
    deep: list[object] = []
    for _ in range(100_000):
        deep = [deep]
    with pytest.raises(InvalidQuery, match="nested deeper"):
        check_params({"d": deep}, 1000)


def test_explain_text_replaces_a_leading_explain_or_profile() -> None:
    assert explain_text("MATCH (n) RETURN n") == "EXPLAIN MATCH (n) RETURN n"
    assert explain_text("PROFILE MATCH (n) RETURN n").split() == ["EXPLAIN", "MATCH", "(n)", "RETURN", "n"]
    assert explain_text("// hi\nexplain RETURN 1").split() == ["EXPLAIN", "//", "hi", "RETURN", "1"]


def _op(name: str, rows: float, details: str = "", *children: dict) -> dict:  # type: ignore[type-arg]
    return {
        "operatorType": f"{name}@neo4j",
        "args": {"EstimatedRows": rows, "Details": details},
        "children": list(children),
    }


@pytest.mark.parametrize(
    ("plan", "words"),
    [
        (
            _op("VarLengthExpand(All)", 10, "(anon_0)-[anon_1*]-(anon_2)", _op("AllNodesScan", 10, "anon_0")),
            ["unbounded"],
        ),
        (_op("VarLengthExpand(Into)", 10, "(a)-[anon_1:TRANSFER*2..]->(b)"), ["unbounded"]),
        (_op("Repeat(Trail)", 10, "(a) ((x)-[r]->(y)){1, *} (b)"), ["unbounded"]),
        (
            _op("CartesianProduct", 40_000, "", _op("NodeByLabelScan", 200, "a:Actor"), _op("NodeByLabelScan", 200)),
            ["cartesian"],
        ),
        (_op("ProduceResults", 1, "", _op("Expand(All)", 5e9, "(a)-->(b)")), ["5,000,000,000", "Expand(All)"]),
    ],
)
def test_unbounded_plans_are_refused(plan: dict, words: list[str]) -> None:  # type: ignore[type-arg]
    with pytest.raises(InvalidQuery) as info:
        check_plan(plan, 1e7, 1e4)
    for word in words:
        assert word in str(info.value)


@pytest.mark.parametrize(
    "plan",
    [
        _op("VarLengthExpand(All)", 10, "(a)-[anon_0:TRANSFER*..3]->(b)"),
        _op("VarLengthExpand(All)", 10, "(a)-[anon_0*2]->(b)"),
        _op("ShortestPath", 10, "p = (a)-[anon_0:TRANSFER*]-(b)"),
        _op("StatefulShortestPath(All)", 10, "SHORTEST 1 (a) ((x)-[r]-(y)){1, } (b)"),
        _op("CartesianProduct", 20, "", _op("NodeByLabelScan", 20, "r:Regime"), _op("NodeIndexSeek", 1)),
        _op("CartesianProduct", 90_000, "", _op("Filter", 300, "", _op("NodeByLabelScan", 3000)), _op("Filter", 300)),
    ],
)
def test_bounded_plans_pass(plan: dict) -> None:  # type: ignore[type-arg]
    check_plan(plan, 1e7, 1e4)


def test_corpus_params_are_json() -> None:
    for h in RESOURCE:
        if "$nest" not in h.query:
            json.loads(h.params_json)
