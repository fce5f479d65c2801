"""Every Cypher statement of the project, as named constants with $parameters.

Values are always parameters. The only text ever composed is from the constants below and from enums
(labels, relationship types) and range-checked integers (hop bounds), in the builder functions at the end.
Property layout: each node and relationship keeps the few properties queries filter on, plus `json`, the full
domain object, so reads are lossless. TRANSFER relationships also carry `pair` ("supplier>recipient", indexed):
the transfers between two actors are one index seek away, where walking a big state's relationships would read
thousands. SUPPLIES relationships hold per-pair aggregates of the transfers (graph/pair_aggregates.py).
"""

from __future__ import annotations

from graph.vocab import Label, RelType

__all__ = [
    "ACTORS_ALL",
    "ACTORS_BY_ID",
    "ADD_DECISIONS",
    "ANY_TRANSFER",
    "APPEND_AUDIT",
    "AUDIT_PAGE",
    "BACKFILL_PAIRS",
    "BROWSER_ACTOR",
    "BROWSER_EVIDENCE",
    "BROWSER_SANCTIONED",
    "BROWSER_SUPPLIERS",
    "BROWSER_SUPPLIERS_SANCTIONED",
    "BROWSER_TIMELINE",
    "BROWSER_TRANSFERS",
    "BROWSER_VIOLATIONS",
    "CLAIM_HOLDERS",
    "CLAIM_TRANSFERS",
    "CLEAR",
    "CLEAR_RELATIONSHIPS",
    "COUNTS",
    "CREATE_SUPPLIES",
    "CREATE_TRANSFERS",
    "DECISIONS_ALL",
    "DECISIONS_BY_ID",
    "DECISIONS_BY_TARGET",
    "DELETE_ACTORS",
    "DELETE_EMPTY_SUPPLIES",
    "DELETE_MOVED_COPIES",
    "EXAMPLE_USER_QUERY",
    "HOP_BEST_TRANSFERS",
    "HOP_TRANSFERS",
    "INDEX_CLAIMS",
    "LOCK_CHANGE_COUNTER",
    "LOCK_TRANSFERS",
    "MERGES_WITHOUT_OTHER",
    "MIGRATION_DONE",
    "MIGRATION_MARK",
    "PAIRS_ALL",
    "PAIRS_SUPPLIED",
    "PAIR_TRANSFERS",
    "PING",
    "QUEUE_COUNT",
    "QUEUE_COUNT_ACTOR",
    "QUEUE_COUNT_ALL",
    "QUEUE_CREATE",
    "QUEUE_DELETE",
    "QUEUE_DELETE_ACTORS",
    "QUEUE_PAGE",
    "QUEUE_PAGE_ACTOR",
    "REGIMES_ALL",
    "REGIMES_BY_ID",
    "SCHEMA",
    "SET_DECISION_OTHER",
    "SOURCES_BY_ID",
    "SUPPLIERS_SANCTIONED",
    "SUPPLIER_ROLLUPS",
    "SUPPLIES_BY_PAIR",
    "TRANSFERS_AFTER",
    "TRANSFERS_BY_ID",
    "UNLOCK_TRANSFERS",
    "UPDATE_SUPPLIES",
    "UPDATE_TRANSFERS",
    "UPSERT_ACTORS",
    "UPSERT_REGIMES",
    "UPSERT_SOURCES",
    "hop_paths_query",
    "paths_query",
    "supplier_aggregates_query",
    "transfers_query",
]

A, R, S = Label.ACTOR.value, Label.REGIME.value, Label.SOURCE.value
DC, AU, CL = Label.DECISION.value, Label.AUDIT_ENTRY.value, Label.CLAIM.value
QE = Label.QUEUE_ENTRY.value
T, TG, SP = RelType.TRANSFER.value, RelType.TARGETS.value, RelType.SUPPLIES.value
#: The node that records which one-off data migrations a database has had (ensure_schema).
MIGRATION = "SkgMigration"

# -- schema: created before the first write ----------------------------------------------------------------------
SCHEMA: tuple[str, ...] = (
    f"CREATE CONSTRAINT actor_id IF NOT EXISTS FOR (a:{A}) REQUIRE a.id IS UNIQUE",
    f"CREATE CONSTRAINT source_id IF NOT EXISTS FOR (s:{S}) REQUIRE s.id IS UNIQUE",
    f"CREATE CONSTRAINT regime_id IF NOT EXISTS FOR (r:{R}) REQUIRE r.id IS UNIQUE",
    f"CREATE CONSTRAINT transfer_id IF NOT EXISTS FOR ()-[t:{T}]-() REQUIRE t.id IS UNIQUE",
    f"CREATE INDEX transfer_date IF NOT EXISTS FOR ()-[t:{T}]-() ON (t.date_from)",
    f"CREATE INDEX transfer_pair IF NOT EXISTS FOR ()-[t:{T}]-() ON (t.pair)",
    f"CREATE CONSTRAINT supplies_pair IF NOT EXISTS FOR ()-[p:{SP}]-() REQUIRE p.pair IS UNIQUE",
    f"CREATE INDEX supplies_rank IF NOT EXISTS FOR ()-[p:{SP}]-() ON (p.recipient, p.rank)",
    f"CREATE INDEX actor_kind IF NOT EXISTS FOR (a:{A}) ON (a.kind)",
    f"CREATE CONSTRAINT decision_id IF NOT EXISTS FOR (d:{DC}) REQUIRE d.id IS UNIQUE",
    f"CREATE INDEX decision_target IF NOT EXISTS FOR (d:{DC}) ON (d.target)",
    f"CREATE INDEX decision_other IF NOT EXISTS FOR (d:{DC}) ON (d.other)",
    f"CREATE CONSTRAINT audit_id IF NOT EXISTS FOR (e:{AU}) REQUIRE e.id IS UNIQUE",
    f"CREATE INDEX audit_at IF NOT EXISTS FOR (e:{AU}) ON (e.at)",
    f"CREATE CONSTRAINT claim_id IF NOT EXISTS FOR (c:{CL}) REQUIRE c.id IS UNIQUE",
    f"CREATE INDEX queue_key IF NOT EXISTS FOR (q:{QE}) ON (q.key)",
    f"CREATE INDEX queue_transfer IF NOT EXISTS FOR (q:{QE}) ON (q.transfer)",
    f"CREATE INDEX queue_supplier IF NOT EXISTS FOR (q:{QE}) ON (q.supplier)",
    f"CREATE INDEX queue_recipient IF NOT EXISTS FOR (q:{QE}) ON (q.recipient)",
)

PING = "RETURN 1 AS ok"

#: The example shown for POST /cypher in the OpenAPI document.
EXAMPLE_USER_QUERY = "MATCH (a:Actor {id: $id}) RETURN a.name AS name"

# -- writes (UNWIND batches; idempotent, since a managed transaction may be retried) ------------------------------
UPSERT_ACTORS = f"""
UNWIND $rows AS row
MERGE (a:{A} {{id: row.id}})
SET a.kind = row.kind, a.name = row.name, a.country = row.country, a.aliases = row.aliases,
    a.ftm_id = row.ftm_id, a.wikidata = row.wikidata, a.json = row.json
"""

UPSERT_SOURCES = f"""
UNWIND $rows AS row
MERGE (s:{S} {{id: row.id}})
SET s.kind = row.kind, s.title = row.title, s.url = row.url, s.publisher = row.publisher,
    s.published = row.published, s.language = row.language, s.json = row.json
"""

UPSERT_REGIMES = f"""
UNWIND $rows AS row
MERGE (r:{R} {{id: row.id}})
SET r.issuer = row.issuer, r.program = row.program, r.name = row.name, r.target = row.target,
    r.direction = row.direction, r.categories = row.categories, r.legal_basis = row.legal_basis,
    r.start = row.start, r.end = row.end, r.in_force_from = row.in_force_from, r.in_force_to = row.in_force_to,
    r.bound = row.bound, r.binding = row.binding, r.reach = row.reach, r.territory = row.territory,
    r.region_terms = row.region_terms, r.bound_codes = row.bound_codes, r.bound_from = row.bound_from,
    r.bound_to = row.bound_to, r.checks = row.checks,
    r.json = row.json
WITH r, row
OPTIONAL MATCH (r)-[old:{TG}]->()
DELETE old
WITH DISTINCT r, row
MATCH (a:{A} {{id: row.target}})
MERGE (r)-[:{TG}]->(a)
"""

_TRANSFER_SET = """
SET t.pair = row.pair, t.category = row.category, t.designation = row.designation, t.status = row.status,
    t.confidence = row.confidence, t.date_from = row.date_from, t.date_to = row.date_to,
    t.first_reported = row.first_reported, t.source_ids = row.source_ids, t.source_kinds = row.source_kinds,
    t.quotes = row.quotes, t.reviewed = row.reviewed, t.delivery_years = row.delivery_years, t.json = row.json
"""

# New transfers: the batch has just read that these ids do not exist, so CREATE (no MERGE expansion over the
# endpoints' relationships); the uniqueness constraint still refuses a duplicate.
CREATE_TRANSFERS = f"""
UNWIND $rows AS row
MATCH (s:{A} {{id: row.supplier}})
MATCH (r:{A} {{id: row.recipient}})
CREATE (s)-[t:{T} {{id: row.id}}]->(r)
{_TRANSFER_SET}
RETURN count(t) AS written
"""

# Transfers the batch read: found through the relationship-id index and updated in place.
UPDATE_TRANSFERS = f"""
UNWIND $rows AS row
MATCH ()-[t:{T} {{id: row.id}}]->()
{_TRANSFER_SET}
RETURN count(t) AS written
"""

DELETE_ACTORS = f"""
MATCH (a:{A}) WHERE a.id IN $ids
WITH a, a.id AS id
DETACH DELETE a
RETURN count(id) AS deleted
"""

# Relationships first, 1,000 per transaction, then the nodes: deleting a node deletes its relationships in the same
# transaction, and the before-images of their property records (the stored `json`) must stay under
# db.memory.transaction.max (a quarter of the heap; graph/neo4j_local.py), which a dense state's thousands exceed.
CLEAR_RELATIONSHIPS = "MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 1000 ROWS"
CLEAR = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 1000 ROWS"

# -- the SUPPLIES aggregates (graph/pair_aggregates.py), kept in each transfer write's transaction --------------
# The transfers of some pairs, through the pair index.
PAIR_TRANSFERS = f"""
UNWIND $pairs AS pair
MATCH ()-[t:{T} {{pair: pair}}]->()
RETURN t.pair AS pair, t.json AS json
"""

# The pairs among $pairs with an affirmative transfer ($statuses) other than $ids (the change feed's supplier_added).
PAIRS_SUPPLIED = f"""
UNWIND $pairs AS pair
MATCH ()-[t:{T} {{pair: pair}}]->()
WHERE NOT t.id IN $ids AND t.status IN $statuses
RETURN DISTINCT t.pair AS pair
"""

# The SUPPLIES tallies (graph/pair_aggregates.py), read with a map projection: properties(p) measured 1 ms slower
# for a page of 50 pairs.
_TALLY = ".n, .cats, .kinds, .first, .last, .maxc"

# Read with a write lock taken first (SET), held to commit: writers of the same pair take turns, and each adds to
# what the one before it committed (read-committed isolation would otherwise lose one of two concurrent updates).
SUPPLIES_BY_PAIR = f"""
UNWIND $pairs AS pair
MATCH ()-[p:{SP} {{pair: pair}}]->()
SET p.locked = true
RETURN p.pair AS pair, p {{{_TALLY}}} AS props
"""

# Pairs SUPPLIES_BY_PAIR found are updated; the others get theirs with CREATE, not MERGE: if a concurrent writer
# creates the same pair first, the uniqueness constraint fails this one (Neo4jStore._write runs it again on top
# of the other's commit) where MERGE would overwrite the other's counts with its own.
UPDATE_SUPPLIES = f"""
UNWIND $rows AS row
MATCH ()-[p:{SP} {{pair: row.pair}}]->()
SET p += row.props
REMOVE p.locked
"""
CREATE_SUPPLIES = f"""
UNWIND $rows AS row
MATCH (s:{A} {{id: row.supplier}}), (r:{A} {{id: row.recipient}})
CREATE (s)-[p:{SP} {{pair: row.pair}}]->(r)
SET p += row.props
"""

# One-off migration of a database written before TRANSFER.pair and SUPPLIES existed (Neo4jStore.ensure_schema).
MIGRATION_MARK = f"MATCH (m:{MIGRATION} {{id: $id}}) RETURN m.id AS id"
#: The server's bound on one transaction's memory (Neo4jStore.atomic: does a whole file fit in one transaction).
TRANSACTION_MEMORY_MAX = "SHOW SETTINGS YIELD name, value WHERE name = 'db.memory.transaction.max' RETURN value"
MIGRATION_DONE = f"MERGE (m:{MIGRATION} {{id: $id}}) SET m.at = datetime()"
BACKFILL_PAIRS = f"""
MATCH (s:{A})-[t:{T}]->(r:{A}) WHERE t.pair IS NULL
CALL (s, t, r) {{ SET t.pair = s.id + '>' + r.id }} IN TRANSACTIONS OF 10000 ROWS
"""
PAIRS_ALL = f"MATCH ()-[t:{T}]->() RETURN DISTINCT t.pair AS pair"
ANY_TRANSFER = f"MATCH ()-[t:{T}]->() RETURN t.id AS id LIMIT 1"

# -- reads (routed READ) --------------------------------------------------------------------------------------------
ACTORS_BY_ID = f"MATCH (a:{A}) WHERE a.id IN $ids RETURN a.id AS id, a.json AS json ORDER BY a.id"
ACTORS_ALL = f"MATCH (a:{A}) RETURN a.id AS id, a.json AS json ORDER BY a.id"
SOURCES_BY_ID = f"MATCH (s:{S}) WHERE s.id IN $ids RETURN s.id AS id, s.json AS json ORDER BY s.id"
REGIMES_BY_ID = f"MATCH (r:{R}) WHERE r.id IN $ids RETURN r.id AS id, r.json AS json ORDER BY r.id"
REGIMES_ALL = f"MATCH (r:{R}) RETURN r.id AS id, r.json AS json ORDER BY r.id"
TRANSFERS_BY_ID = f"MATCH ()-[t:{T}]->() WHERE t.id IN $ids RETURN t.json AS json"

COUNTS = f"""
CALL {{ MATCH (a:{A}) RETURN count(a) AS actors }}
CALL {{ MATCH (s:{S}) RETURN count(s) AS sources }}
CALL {{ MATCH (r:{R}) RETURN count(r) AS regimes }}
CALL {{ MATCH ()-[t:{T}]->() RETURN count(t) AS transfers }}
RETURN actors, sources, regimes, transfers
"""

# The MATCH part of a transfer query depends on which end is known, so the planner can start from the index.
_TRANSFER_MATCH = {
    # both ends known (one hop of a path): the pair index
    "pair": f"MATCH (s:{A})-[t:{T} {{pair: $pair}}]->(r:{A})",
    "recipient": f"MATCH (s:{A})-[t:{T}]->(r:{A} {{id: $recipient}})",
    "supplier": f"MATCH (s:{A} {{id: $supplier}})-[t:{T}]->(r:{A})",
    "actor": f"MATCH (x:{A} {{id: $actor}})-[t:{T}]-(y:{A}) WITH DISTINCT t MATCH (s:{A})-[t]->(r:{A})",
    "all": f"MATCH (s:{A})-[t:{T}]->(r:{A})",
}
# One transfer passes the filter (shared by transfer reads and path hops).
_HOP_OK = """($since IS NULL OR t.date_to >= $since) AND ($until IS NULL OR t.date_from <= $until)
  AND (size($statuses) = 0 OR t.status IN $statuses) AND t.confidence >= $min_confidence
  AND ($source_kind IS NULL OR $source_kind IN t.source_kinds)"""
_TRANSFER_WHERE = f"""
WHERE ($supplier IS NULL OR s.id = $supplier) AND ($recipient IS NULL OR r.id = $recipient)
  AND ($actor IS NULL OR $actor IN [s.id, r.id]) AND {_HOP_OK}
  AND ($reviewed IS NULL OR coalesce(t.reviewed, false) = $reviewed)
RETURN t.json AS json
ORDER BY t.date_from, t.id
LIMIT $limit
"""


# The transfers of many (supplier, recipient) pairs at once (the hops of path answers), in transfers_query order.
HOP_TRANSFERS = f"""
UNWIND $pairs AS pair
MATCH (s:{A})-[t:{T} {{pair: pair}}]->(r:{A})
WHERE {_HOP_OK}
RETURN s.id AS supplier, r.id AS recipient, t.json AS json
ORDER BY t.date_from, t.id
"""
# The same with only each pair's most confident transfer (greatest confidence, then id): one JSON per hop on the
# wire, however many parallel transfers the pair has.
HOP_BEST_TRANSFERS = f"""
UNWIND $pairs AS pair
MATCH (s:{A})-[t:{T} {{pair: pair}}]->(r:{A})
WHERE {_HOP_OK}
WITH s, r, t ORDER BY t.confidence DESC, t.id DESC
WITH s, r, collect(t)[0] AS t
RETURN s.id AS supplier, r.id AS recipient, t.json AS json
"""


def transfers_query(anchor: str) -> str:
    """The transfer read for an anchor: "pair" (supplier and recipient), "recipient", "supplier", "actor" (either
    end) or "all"."""
    return _TRANSFER_MATCH[anchor] + _TRANSFER_WHERE


# "Who supplies X" in one round trip: per supplier the tally of its transfers passing the filter (graph/rollup.py)
# and its newest ones (graph.rollup.newest_first order: dated newest first, undated last, then id), biggest
# suppliers first; only the requested page crosses the wire, with `total` counting all.
# When the filter is on statuses only (graph.pair_aggregates.answers_from_aggregates), from the SUPPLIES
# aggregates: the selected status slots ($slots) added up per pair, ranked, and the page's newest transfers read
# through the pair index. For the default statuses (graph.pair_aggregates.ranked) the pairs' stored `rank` gives
# the page in index order (no pair is read but the page's) and the total is an index count.
_PAGE_BY_SLOTS = f"""
MATCH (s)-[p:{SP}]->(:{A} {{id: $recipient}})
WHERE $among IS NULL OR s.id IN $among
WITH s, p, p.n AS counts
WITH s, p, reduce(n = 0, i IN $slots | n + counts[i]) AS n
WHERE n > 0 OR n IS NULL  // null: read mid-write (Neo4jStore.supplier_rollups reads again)
WITH collect([s, p, n]) AS rows
WITH size(rows) AS total, size([row IN rows WHERE row[2] IS NULL]) AS torn, rows
CALL (rows) {{
  UNWIND rows AS row
  WITH row[0] AS s, row[1] AS p, row[2] AS n
  ORDER BY n DESC, s.id SKIP $offset LIMIT $limit"""
# `ORDER BY p.recipient, p.rank` (the index's own order) lets the planner read the page from the index, LIMIT first.
_PAGE_BY_RANK = f"""
CALL () {{
  MATCH ()-[p:{SP}]->() WHERE p.recipient = $recipient AND p.rank > ''
  WITH count(p) AS total  // aggregated alone: with a grouping key, no pair would give no row at all
  RETURN total, 0 AS torn
}}
CALL () {{
  MATCH (s)-[p:{SP}]->() WHERE p.recipient = $recipient AND p.rank > ''
  WITH s, p ORDER BY p.recipient, p.rank SKIP $offset LIMIT $limit"""
_NEWEST = f"""
  CALL (p) {{
    MATCH ()-[t:{T} {{pair: p.pair}}]->()
    WHERE size($statuses) = 0 OR t.status IN $statuses
    WITH t ORDER BY t.date_from IS NULL, t.date_from DESC, t.id LIMIT $per_supplier
    RETURN collect(t.json) AS newest
  }}"""
_SUPPLIER_ROW = f"supplier: s.id, name: s.name, kind: s.kind, country: s.country, aggregates: p {{{_TALLY}}}"
_PAGE_END = """
  RETURN collect({%s, newest: %s}) AS page
}
RETURN total, torn, page
"""
# Built once: by rank or by slots, with or without the newest transfers (per_supplier 0). Separate texts, not a
# flag: the planner seeks the transfers before it tests a parameter, so `WHERE $per_supplier > 0` saved nothing.
_SUPPLIER_PAGES = {
    (by_rank, newest): (_PAGE_BY_RANK if by_rank else _PAGE_BY_SLOTS)
    + (_NEWEST if newest else "")
    + _PAGE_END % (_SUPPLIER_ROW, "newest" if newest else "[]")
    for by_rank in (True, False)
    for newest in (True, False)
}


def supplier_aggregates_query(by_rank: bool, newest: bool) -> str:
    """The SUPPLIES read of "who supplies X": pairs in their stored rank order (the default statuses, no `among`)
    or ranked here from the selected status slots; with the page's newest transfers ($per_supplier) or without."""
    return _SUPPLIER_PAGES[by_rank, newest]


# Any other filter: from the transfers.
SUPPLIER_ROLLUPS = f"""
MATCH (s:{A})-[t:{T}]->(:{A} {{id: $recipient}})
WHERE ($among IS NULL OR s.id IN $among) AND {_HOP_OK}
WITH s, t ORDER BY t.date_from IS NULL, t.date_from DESC, t.id
WITH s, count(t) AS n, collect(t.status) AS statuses, collect(DISTINCT t.category) AS categories,
     min(t.date_from) AS first, max(t.date_to) AS last, max(t.confidence) AS max_confidence,
     collect(DISTINCT t.source_kinds) AS kinds, collect(t)[..$per_supplier] AS newest
ORDER BY n DESC, s.id
WITH collect({{s: s, statuses: statuses, categories: categories, first: first, last: last,
               max_confidence: max_confidence, kinds: kinds, newest: newest}}) AS rows
RETURN size(rows) AS total,
       [row IN rows[$offset..$end] | {{supplier: row.s.id, name: row.s.name, kind: row.s.kind,
         country: row.s.country, statuses: row.statuses, categories: row.categories, first: row.first,
         last: row.last, max_confidence: row.max_confidence, kinds: row.kinds,
         newest: [t IN row.newest | t.json]}}] AS page
"""

# For users pasting into Neo4j Browser: the "sanctioned suppliers of X" question in one statement. The embedded
# store and graph/queries.py answer it in Python; a contract test checks this Cypher gives the same suppliers.
SUPPLIERS_SANCTIONED = f"""
MATCH (s:{A})-[t:{T}]->(r:{A} {{id: $recipient}})
MATCH (g:{R})-[:{TG}]->(s)
WHERE any(i IN range(0, size(g.in_force_from) - 1)
          WHERE g.in_force_from[i] <= $as_of AND $as_of < g.in_force_to[i])
  AND ($issuer IS NULL OR g.issuer = $issuer) AND coalesce(g.binding, 'legal') = 'legal'
RETURN s.id AS supplier, s.name AS name, collect(DISTINCT g.name) AS regimes,
       collect(DISTINCT {{id: t.id, category: t.category, status: t.status, quotes: t.quotes}}) AS transfers
ORDER BY supplier
"""


def _is_hop_count(hops: object) -> bool:
    return isinstance(hops, int) and not isinstance(hops, bool) and 1 <= hops <= 6


def _none_of(var: str, others: list[str]) -> str:
    return f"{var} <> {others[0]}" if len(others) == 1 else f"NOT {var} IN [{', '.join(others)}]"


def hop_paths_query(hops: int) -> str:
    """Distinct simple actor chains from $source to $target of exactly `hops` transfers, each hop carried by at
    least one transfer passing the filter; at most $limit, in no particular order (the stores sort each hop count
    and deepen 1, 2, ... hops for shortest-first answers). `hops` is an int in 1..6 and the only thing that shapes
    the text; every value is a parameter.

    Level by level, keeping DISTINCT actor chains after each hop, so parallel transfers between two actors never
    multiply the rows; no actor appears twice. The target's suppliers under the filter are collected first
    (`near`): the last intermediary must be one of them, and when there are none the query ends before expanding."""
    if not _is_hop_count(hops):
        raise ValueError("hops must be an int with 1 <= hops <= 6")
    if hops == 1:
        return f"""
MATCH (a:{A} {{id: $source}})-[t:{T}]->(b:{A} {{id: $target}})
WHERE a <> b AND {_HOP_OK}
WITH DISTINCT a, b
RETURN [a.id, b.id] AS actors
LIMIT $limit
"""
    mids = [f"x{i}" for i in range(1, hops)]
    lines = [
        f"MATCH (a:{A} {{id: $source}}), (b:{A} {{id: $target}})",
        "WHERE a <> b",
        "WITH a, b, COLLECT {",
        f"  MATCH (x:{A})-[t:{T}]->(b)",
        "  WHERE NOT x IN [a, b] AND " + _HOP_OK.replace("\n", "\n  "),
        "  RETURN DISTINCT x",
        "} AS near",
        "WHERE size(near) > 0",
    ]
    for i, x in enumerate(mids):
        before, last = ["a", *mids[:i]], i == len(mids) - 1
        if last:  # one of the target's suppliers (so neither end), not an earlier intermediary
            where = f"{x} IN near" + (f" AND {_none_of(x, mids[:i])}" if i else "")
            keep = ", ".join(["a", *mids, "b"])
        else:
            where = _none_of(x, [*before, "b"])
            keep = ", ".join(["a", "b", "near", *mids[: i + 1]])
        lines += [f"MATCH ({before[-1]})-[t:{T}]->({x}:{A})", f"WHERE {where} AND {_HOP_OK}", f"WITH DISTINCT {keep}"]
    ids = ", ".join(f"{n}.id" for n in ["a", *mids, "b"])
    return "\n" + "\n".join([*lines, f"RETURN [{ids}] AS actors", "LIMIT $limit"]) + "\n"


def paths_query(max_hops: int, min_hops: int | None = None) -> str:
    """For Neo4j Browser: distinct simple supply chains from $source to $target of min_hops..max_hops transfers
    (range-checked ints; min_hops defaults to max_hops), each hop carried by a transfer passing the filter; shortest
    first, sorted within one length, at most $limit: the stores' question in one statement, made of hop_paths_query
    for each length."""
    low = max_hops if min_hops is None else min_hops
    if not (_is_hop_count(low) and _is_hop_count(max_hops)) or low > max_hops:
        raise ValueError("hops must be ints with 1 <= min_hops <= max_hops <= 6")
    union = "\n  UNION ALL\n  ".join(hop_paths_query(h).strip().replace("\n", "\n  ") for h in range(low, max_hops + 1))
    return f"""
CALL () {{
  {union}
}}
RETURN actors
ORDER BY size(actors), actors
LIMIT $limit
"""


# -- for people: statements that answer each question in Neo4j Browser (shown in every API/CLI answer) ------------

BROWSER_SUPPLIERS = f"""
MATCH p = (s:{A})-[t:{T}]->(r:{A} {{id: $recipient}})
WHERE {_HOP_OK}
RETURN p
"""

BROWSER_SUPPLIERS_SANCTIONED = f"""
MATCH p = (g:{R})-[:{TG}]->(s:{A})-[t:{T}]->(r:{A} {{id: $recipient}})
WHERE any(i IN range(0, size(g.in_force_from) - 1) WHERE g.in_force_from[i] <= $as_of AND $as_of < g.in_force_to[i])
  AND coalesce(g.binding, 'legal') = 'legal'
  AND ($issuer IS NULL OR g.issuer = $issuer) AND {_HOP_OK}
RETURN p
"""

BROWSER_TRANSFERS = f"""
MATCH p = (s:{A})-[t:{T}]->(r:{A})
WHERE ($supplier IS NULL OR s.id = $supplier) AND ($recipient IS NULL OR r.id = $recipient)
  AND ($actor IS NULL OR $actor IN [s.id, r.id]) AND {_HOP_OK}
RETURN p
ORDER BY t.date_from, t.id
"""

BROWSER_SANCTIONED = f"""
MATCH (g:{R})-[:{TG}]->(a:{A})
WHERE any(i IN range(0, size(g.in_force_from) - 1) WHERE g.in_force_from[i] <= $as_of AND $as_of < g.in_force_to[i])
  AND coalesce(g.binding, 'legal') = 'legal'
  AND ($issuer IS NULL OR g.issuer = $issuer)
RETURN a.id AS actor, a.name AS name, collect(g.issuer + ': ' + g.name) AS regimes
ORDER BY actor
"""

# Violations, as far as Cypher can judge them (graph/sanctions.py `judge` is the reference): legally binding
# measures only (political ones never produce a violation); the measure reaches the recipient (its named target,
# the state, every party on its territory, non-governmental forces only, or parties named after its region) or
# the supplier (export bans); each SIPRI delivery year (else the reported date range) is judged on its own and
# counts only when the whole year lies in a period in force and the other party is bound on it (EU members by
# their membership dates). `still_to_check` lists what Cypher does not decide (exemptions and their conditions,
# the grandfather clause, item scope): a row with an empty list is a violation in the Python answer too; the
# others are violations, possible or compliant there.
BROWSER_VIOLATIONS = f"""
MATCH (s:{A})-[t:{T}]->(r:{A})
WHERE ($recipient IS NULL OR r.id = $recipient) AND ($supplier IS NULL OR s.id = $supplier)
  AND t.status <> 'denied' AND t.date_from IS NOT NULL
WITH s, t, r, CASE WHEN size(coalesce(t.delivery_years, [])) > 0
    THEN [y IN t.delivery_years | [toString(y) + '-01-01', toString(y) + '-12-31']]
    ELSE [[t.date_from, t.date_to]] END AS acts
MATCH (g:{R}) WHERE coalesce(g.binding, 'legal') = 'legal'
WITH s, t, r, acts, g, CASE
  WHEN g.direction IN ['import', 'both'] AND (
      (r.id = g.target AND g.target <> coalesce(g.territory, ''))
      OR (g.reach IN ['state', 'territory'] AND r.id = g.territory)
      OR (g.reach IN ['territory', 'non_governmental'] AND r.kind <> 'state' AND r.country = g.territory)
      OR (g.reach = 'region' AND r.kind <> 'state' AND r.country = g.territory
          AND any(w IN g.region_terms WHERE toLower(r.name) =~ ('(.*\\\\W)?' + w + '(\\\\W.*)?'))))
    THEN s.id
  WHEN g.direction IN ['export', 'both'] AND g.reach <> 'region'
      AND (s.id = g.target OR (g.reach IN ['state', 'territory'] AND s.id = g.territory))
    THEN r.id
  END AS bound
WHERE bound IS NOT NULL AND (size(g.categories) = 0 OR t.category IN g.categories OR t.category = 'arms')
WITH s, t, r, g, [a IN acts WHERE
    any(i IN range(0, size(g.in_force_from) - 1) WHERE g.in_force_from[i] <= a[0] AND a[1] < g.in_force_to[i])
    AND any(j IN range(0, size(g.bound_codes) - 1)
            WHERE g.bound_codes[j] IN ['*', bound] AND g.bound_from[j] <= a[0] AND a[1] < g.bound_to[j])] AS inside
WHERE size(inside) > 0
RETURN s.id AS supplier, r.id AS recipient, t.id AS transfer, t.status AS status, g.issuer AS issuer,
       g.name AS regime, g.legal_basis AS legal_basis, [a IN inside | left(a[0], 4)] AS years_inside,
       g.checks AS still_to_check, t.quotes AS evidence
ORDER BY t.date_from, t.id, g.id
"""

BROWSER_ACTOR = f"""
MATCH (a:{A} {{id: $actor}})
OPTIONAL MATCH (g:{R})-[:{TG}]->(a)
OPTIONAL MATCH p = (a)-[t:{T}]-(:{A})
RETURN a, collect(DISTINCT g) AS regimes, collect(p) AS transfers
"""

BROWSER_EVIDENCE = f"""
MATCH p = (s:{A})-[t:{T} {{id: $transfer}}]->(r:{A})
OPTIONAL MATCH (src:{S}) WHERE src.id IN t.source_ids
RETURN p, t.quotes AS quotes, collect(src) AS sources
"""

BROWSER_TIMELINE = f"""
CALL {{
  MATCH (s:{A})-[t:{T}]-(:{A} {{id: $actor}})
  RETURN t.date_from AS date, 'transfer ' + t.status AS kind, t.id AS ref
  UNION
  MATCH (g:{R})-[:{TG}]->(:{A} {{id: $actor}})
  RETURN g.start AS date, 'regime start' AS kind, g.name AS ref
  UNION
  MATCH (g:{R})-[:{TG}]->(:{A} {{id: $actor}}) WHERE g.end IS NOT NULL
  RETURN g.end AS date, 'regime end' AS kind, g.name AS ref
}}
RETURN date, kind, ref ORDER BY date
"""

# -- review: decisions, the audit log and the claim index (graph/decisions.py) --------------------------------------
# Decisions and audit entries are only ever created (ON CREATE): an id already stored keeps its first copy, so the
# logs are append-only and re-importing the same decisions writes nothing.
ADD_DECISIONS = f"""
UNWIND $rows AS row
MERGE (d:{DC} {{id: row.id}})
ON CREATE SET d.target = row.target, d.other = row.other, d.at = row.at, d.kind = row.kind, d.author = row.author,
    d.json = row.json
"""
DECISIONS_ALL = f"MATCH (d:{DC}) RETURN d.json AS json ORDER BY d.at, d.id"
# The decisions on these targets, the merges naming one of them as their other transfer, and every decision on those
# merges' targets (an undo there withdraws the merge).
DECISIONS_BY_TARGET = f"""
CALL () {{
  MATCH (d:{DC}) WHERE d.target IN $targets RETURN d
  UNION
  MATCH (m:{DC}) WHERE m.other IN $targets
  MATCH (d:{DC} {{target: m.target}})
  RETURN d
}}
RETURN d.json AS json ORDER BY d.at, d.id
"""
DECISIONS_BY_ID = f"MATCH (d:{DC}) WHERE d.id IN $ids RETURN d.id AS id"
APPEND_AUDIT = f"""
UNWIND $rows AS row
MERGE (e:{AU} {{id: row.id}})
ON CREATE SET e.at = row.at, e.who = row.who, e.action = row.action, e.json = row.json
"""
AUDIT_PAGE = f"""
MATCH (e:{AU}) WHERE $since IS NULL OR e.at >= $since
RETURN e.json AS json ORDER BY e.at DESC, e.id DESC SKIP $offset LIMIT $limit
"""
# Each claim (piece of evidence) of a written transfer points at it; written in the transfer write's transaction.
# A claim moved to another transfer by a re-extraction stays in the old one too: `also` keeps the earlier holders.
INDEX_CLAIMS = f"""
UNWIND $rows AS row
MERGE (c:{CL} {{id: row.id}})
SET c.also = CASE WHEN c.transfer IS NOT NULL AND c.transfer <> row.transfer
                   AND NOT c.transfer IN coalesce(c.also, []) THEN coalesce(c.also, []) + c.transfer ELSE c.also END,
    c.transfer = row.transfer
"""
# Merges recorded before decisions kept their other transfer as a property (the queue-index migration sets it).
MERGES_WITHOUT_OTHER = f"MATCH (d:{DC} {{kind: 'merge'}}) WHERE d.other IS NULL RETURN d.json AS json"
SET_DECISION_OTHER = f"UNWIND $rows AS row MATCH (d:{DC} {{id: row.id}}) SET d.other = row.other"
# Every stored transfer holding one of these targets (its current holder and the earlier ones, or the transfer).
CLAIM_HOLDERS = f"""
UNWIND $ids AS target
OPTIONAL MATCH (c:{CL} {{id: target}})
UNWIND CASE WHEN c IS NULL THEN [target] ELSE [c.transfer] + coalesce(c.also, []) END AS tid
MATCH ()-[t:{T} {{id: tid}}]->()
RETURN DISTINCT t.id AS transfer
"""
# A target (claim or transfer id) -> the transfer that holds it now; targets that resolve to nothing are left out.
CLAIM_TRANSFERS = f"""
UNWIND $ids AS target
OPTIONAL MATCH (c:{CL} {{id: target}})
WITH target, coalesce(c.transfer, target) AS tid
MATCH ()-[t:{T} {{id: tid}}]->()
RETURN target, t.id AS transfer
"""
# -- the review queue's index (graph/review_priority.py): one :QueueEntry node per open entry, replaced in the
# transaction of every write that changes its transfer, the decisions on it or the regimes of its ends. `key` is the
# queue order as a string (review_priority.key_text), so a page is a walk of the queue_key index in order.
QUEUE_DELETE = f"UNWIND $ids AS id MATCH (q:{QE} {{transfer: id}}) DELETE q"
QUEUE_DELETE_ACTORS = f"MATCH (q:{QE}) WHERE q.supplier IN $ids OR q.recipient IN $ids DELETE q"
QUEUE_CREATE = f"UNWIND $rows AS row CREATE (q:{QE}) SET q = row"
QUEUE_COUNT_ALL = f"MATCH (q:{QE}) RETURN count(q) AS n"
_QUEUE_WHERE = """($language IS NULL OR $language IN q.languages) AND ($source IS NULL OR $source IN q.sources)
  AND ($since IS NULL OR q.date_to >= $since)"""
_QUEUE_PAGE_TAIL = f"""
WITH q ORDER BY q.key SKIP $offset LIMIT $limit
MATCH ()-[t:{T} {{id: q.transfer}}]->()
RETURN t.json AS json, q.position AS position ORDER BY q.key
"""
QUEUE_PAGE = f"MATCH (q:{QE}) WHERE q.key >= '' AND {_QUEUE_WHERE}" + _QUEUE_PAGE_TAIL
QUEUE_COUNT = f"MATCH (q:{QE}) WHERE {_QUEUE_WHERE} RETURN count(q) AS n"
_QUEUE_ACTOR = f"""
CALL () {{ MATCH (q:{QE} {{supplier: $actor}}) RETURN q UNION MATCH (q:{QE} {{recipient: $actor}}) RETURN q }}
WITH q WHERE {_QUEUE_WHERE}
"""
QUEUE_PAGE_ACTOR = _QUEUE_ACTOR + _QUEUE_PAGE_TAIL
QUEUE_COUNT_ACTOR = _QUEUE_ACTOR + "RETURN count(q) AS n"

# Paging through every transfer in id order (the claim-index migration).
TRANSFERS_AFTER = f"""
MATCH ()-[t:{T}]->() WHERE t.id > $after
RETURN t.id AS id, t.json AS json ORDER BY t.id LIMIT $limit
"""
# The transfers a decision changes, write-locked (in id order) before their decisions are read, so that two
# reviewers deciding on one transfer take turns and the second sees the first's decision.
LOCK_TRANSFERS = f"""
UNWIND $ids AS id
MATCH ()-[t:{T} {{id: id}}]->()
SET t.locked = true
RETURN t.json AS json
"""
UNLOCK_TRANSFERS = f"""
UNWIND $ids AS id
MATCH ()-[t:{T} {{id: id}}]->()
REMOVE t.locked
"""
# Copies that supplier/recipient corrections placed at a corrected pair (graph/review_apply.moved_copies), once
# the correction no longer stands; then the SUPPLIES aggregates of pairs left without any transfer.
DELETE_MOVED_COPIES = f"""
UNWIND $ids AS id
MATCH ()-[t:{T} {{id: id}}]->()
DELETE t
"""
DELETE_EMPTY_SUPPLIES = f"""
UNWIND $pairs AS pair
MATCH ()-[p:{SP} {{pair: pair}}]->()
WHERE NOT EXISTS {{ MATCH ()-[:{T} {{pair: pair}}]->() }}
DELETE p
"""
# --- Sync state (ingest/sync/state.py): one node per configured source, its JSON written whole per commit. ---
SYNC_STATE_CONSTRAINT = (
    "CREATE CONSTRAINT sync_state_source IF NOT EXISTS FOR (s:SyncState) REQUIRE s.source IS UNIQUE"
)
SYNC_STATE_GET = "MATCH (s:SyncState {source: $source}) RETURN s.json AS json"
SYNC_STATE_PUT = """
MERGE (s:SyncState {source: $source})
SET s.json = $json, s.revision = $revision, s.updated = $updated
"""
SYNC_STATE_ALL = "MATCH (s:SyncState) RETURN s.json AS json ORDER BY s.source"

# -- the change feed (graph/changes.py) ------------------------------------------------------------------------
#: The label of the one counter node and of the numbered changes.
CHANGE_COUNTER, CHANGE = "ChangeCounter", "Change"
CHANGE_SCHEMA: tuple[str, ...] = (
    f"CREATE CONSTRAINT change_counter_id IF NOT EXISTS FOR (c:{CHANGE_COUNTER}) REQUIRE c.id IS UNIQUE",
    f"CREATE CONSTRAINT change_seq IF NOT EXISTS FOR (c:{CHANGE}) REQUIRE c.seq IS UNIQUE",
)
#: Number $rows after the last seq and store them, in the caller's write transaction. Writing `lock` first takes
#: the counter's write lock before its value is read, so two transactions never read the same value; the lock is
#: held until commit, so changes commit in seq order and a reader past N never misses a later-committed N-1.
RECORD_CHANGES = f"""
MERGE (k:{CHANGE_COUNTER} {{id: 'feed'}}) ON CREATE SET k.seq = 0
SET k.lock = true
WITH k, k.seq AS base
SET k.seq = base + size($rows)
WITH base
UNWIND range(0, size($rows) - 1) AS i
WITH base, i, $rows[i] AS row
CREATE (:{CHANGE} {{seq: base + i + 1, at: row.at, kind: row.kind, actors: row.actors, issuer: row.issuer,
                   verdict: row.verdict, json: row.json}})
RETURN base
"""
#: Take the counter's write lock early, in a write that is about to record changes: a concurrent writer waits
#: for this one's commit, so what it reads next (PAIRS_SUPPLIED) includes this one's transfers.
LOCK_CHANGE_COUNTER = f"MERGE (k:{CHANGE_COUNTER} {{id: 'feed'}}) ON CREATE SET k.seq = 0 SET k.lock = true"
CHANGES_SINCE = f"""
MATCH (c:{CHANGE}) WHERE c.seq > $since
  AND ($actor IS NULL OR $actor IN c.actors) AND ($issuer IS NULL OR c.issuer = $issuer)
  AND ($verdict IS NULL OR c.verdict = $verdict) AND ($kinds IS NULL OR c.kind IN $kinds)
RETURN c.seq AS seq, c.at AS at, c.json AS json ORDER BY c.seq LIMIT $limit
"""
CHANGES_NEWEST = f"""
MATCH (c:{CHANGE}) WHERE c.seq > $since
  AND ($actor IS NULL OR $actor IN c.actors) AND ($issuer IS NULL OR c.issuer = $issuer)
  AND ($verdict IS NULL OR c.verdict = $verdict) AND ($kinds IS NULL OR c.kind IN $kinds)
RETURN c.seq AS seq, c.at AS at, c.json AS json ORDER BY c.seq DESC LIMIT $limit
"""
CHANGE_LAST_SEQ = f"OPTIONAL MATCH (k:{CHANGE_COUNTER} {{id: 'feed'}}) RETURN coalesce(k.seq, 0) AS seq"
#: The transfers a regime may concern: those of its target and territory ($ids) and of actors based there.
REGIME_SCOPE_TRANSFERS = f"""
MATCH (a:{A}) WHERE a.id IN $ids OR a.country IN $ids
MATCH (a)-[t:{T}]-()
RETURN DISTINCT t.id AS id, t.json AS json ORDER BY id
"""
# watch-lists (graph/watch_store.py): one node per watch and per delivery, each its JSON written whole
WATCH_SCHEMA: tuple[str, ...] = (
    "CREATE CONSTRAINT watch_id IF NOT EXISTS FOR (w:Watch) REQUIRE w.id IS UNIQUE",
    "CREATE CONSTRAINT watch_delivery_id IF NOT EXISTS FOR (d:WatchDelivery) REQUIRE d.id IS UNIQUE",
    "CREATE INDEX watch_delivery_watch IF NOT EXISTS FOR (d:WatchDelivery) ON (d.watch, d.seq)",
)
WATCHES_ALL = "MATCH (w:Watch) RETURN w.json AS json ORDER BY w.id"
WATCH_GET = "MATCH (w:Watch {id: $id}) RETURN w.json AS json"
WATCH_PUT = "MERGE (w:Watch {id: $id}) SET w.json = $json"
WATCH_UPDATE = "MATCH (w:Watch {id: $id}) SET w.json = $json"
WATCH_DELETE = """
MATCH (w:Watch {id: $id})
OPTIONAL MATCH (d:WatchDelivery {watch: $id})
WITH w, collect(d) AS ds
FOREACH (x IN ds | DETACH DELETE x)
DETACH DELETE w
RETURN 1 AS deleted
"""
WATCH_DELIVERY_PUT = """
MATCH (w:Watch {id: $watch})
MERGE (d:WatchDelivery {id: $id}) SET d.watch = $watch, d.seq = $seq, d.json = $json
"""
WATCH_DELIVERIES = """
MATCH (d:WatchDelivery) WHERE d.watch = $watch
RETURN d.json AS json ORDER BY d.seq DESC LIMIT $limit
"""
