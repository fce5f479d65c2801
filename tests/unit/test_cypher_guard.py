"""The read-only Cypher guard: a corpus of hostile queries is refused, ordinary read queries pass."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph.cypher_guard import ALLOWED_PROCEDURES, MAX_QUERY_LENGTH, check_read_only
from graph.errors import InvalidQuery

HOSTILE_FILE = Path(__file__).parents[1] / "data" / "hostile_cypher.txt"


def _hostile() -> list[str]:
    text = HOSTILE_FILE.read_text(encoding="utf-8")
    blocks = [b.strip("\n") for b in re.split(r"^----\n", text, flags=re.MULTILINE)]
    return [b for b in blocks if b.strip()]


HOSTILE = _hostile()

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
