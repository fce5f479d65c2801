"""The same probe on Neo4j: two `skg ingest` processes at once against one database end with the same graph as
the two in sequence (the database's transactions and MERGE keep them apart; this checks nothing is lost)."""

from __future__ import annotations

import pytest

from graph.neo4j_store import Neo4jStore
from tests.concurrency.conftest import content, finish, start_ingest
from tests.concurrency.test_concurrent_ingest import FTM_DELTA, SIPRI_EXCERPT, UN_LIST, Job, assert_union
from tests.conftest import TEST_PASSWORD, shared_path


@pytest.mark.parametrize(
    ("first", "second"), [(UN_LIST, FTM_DELTA), (SIPRI_EXCERPT, UN_LIST)], ids=["un-list+ftm-delta", "sipri+un-list"]
)
def test_two_ingests_at_once_on_neo4j_equal_the_two_in_sequence(
    neo4j_store: Neo4jStore, first: Job, second: Job
) -> None:
    uri = neo4j_store.uri
    procs = [
        start_ingest(uri, kind, shared_path(*parts), SKG_NEO4J_PASSWORD=TEST_PASSWORD)
        for kind, parts in (first, second)
    ]
    for p in procs:
        finish(p)
    assert_union(content(neo4j_store), first, second)
