"""`skg review …` and `skg audit` on a real ingest of the project's sample article (embedded store)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.settings import get_settings
from tests.conftest import REPO

runner = CliRunner()
SAMPLE = REPO / "ingest" / "samples" / "pariah-suppliers-en.txt"


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SKG_STORE", f"memory:{tmp_path / 'graph.json.gz'}")
    monkeypatch.setenv("SKG_REVIEWER", "dana")
    monkeypatch.setenv("COLUMNS", "200")
    get_settings.cache_clear()


def _ok(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _queue() -> list[dict[str, object]]:
    items: list[dict[str, object]] = json.loads(_ok("review", "queue", "--json", "--limit", "500"))["items"]
    return items


def test_review_from_the_command_line_survives_reingest(tmp_path: Path) -> None:
    _ok("ingest", "reference")
    _ok("ingest", "news", str(SAMPLE), "--published", "2024-05-01")
    queued = _queue()
    assert queued, "the sample article's claims are queued"
    first, second = queued[0]["target"], queued[1]["target"]
    assert "rejected" not in _ok("review", "reject", str(first), "--reason", "wrong_parties", "-m", "the buyer sold")
    _ok("review", "correct", str(second), "status=delivered", "quantity=12")
    targets = [i["target"] for i in _queue()]
    assert first not in targets and second not in targets
    # re-ingesting the article keeps both decisions attached and nothing orphaned
    _ok("ingest", "news", str(SAMPLE), "--published", "2024-05-01")
    assert _ok("review", "decisions", "--orphaned").strip() == ""
    listed = [json.loads(line) for line in _ok("review", "decisions").splitlines()]
    assert [(d["kind"], d["author"]) for d in listed] == [("reject", "dana"), ("correct", "dana")]
    # the audit log has both, newest first
    log = [json.loads(line) for line in _ok("audit", "--json").splitlines()]
    assert [e["action"] for e in log[:2]] == ["decision.correct", "decision.reject"]
    # the imports that changed the graph are in it too (the second ingest of the article changed nothing)
    assert [(e["action"], e["who"]) for e in log[2:]] == [("ingest", "dana")] * 2  # the article, the regimes
    # export, rebuild a fresh store from the source and the decisions
    exported = tmp_path / "decisions.jsonl"
    _ok("review", "export", "-o", str(exported))
    fresh = tmp_path / "fresh.json.gz"
    _ok("ingest", "news", str(SAMPLE), "--published", "2024-05-01", "--store", f"memory:{fresh}")
    result = runner.invoke(app, ["review", "import", str(exported), "--store", f"memory:{fresh}"])
    assert result.exit_code == 0 and "added 2, unchanged 0, rejected 0" in result.output
    assert _ok("review", "decisions", "--orphaned", "--store", f"memory:{fresh}").strip() == ""


def test_bad_decisions_are_one_clear_line_and_exit_1() -> None:
    _ok("ingest", "news", str(SAMPLE), "--published", "2024-05-01")
    target = str(_queue()[0]["target"])
    cases = [
        (["review", "accept", "cl-00000000deadbeef"], "no claim or transfer with id"),
        (["review", "correct", target, "status=shipped"], "correction of status"),
        (["review", "correct", target, "colour=red"], "cannot correct colour"),
        (["review", "reject", target, "--reason", "other"], "needs a comment"),
    ]
    for args, message in cases:
        result = runner.invoke(app, args)
        assert result.exit_code == 1, (args, result.output)
        assert message in result.output, (args, result.output)
    assert _ok("review", "decisions").strip() == ""
    actions = [json.loads(line)["action"] for line in _ok("audit", "--json").splitlines()]
    assert set(actions) == {"ingest"}  # the imports (regimes, article) are audited, no refused decision is


def test_keys_new_prints_a_key_and_its_hashed_entry() -> None:
    output = _ok("keys", "new", "alice", "reviewer")
    assert "SKG_API_KEYS entry: alice:reviewer:" in output


def test_importing_a_file_of_only_bad_lines_fails_naming_each_line(tmp_path: Path) -> None:
    bad = tmp_path / "decisions.jsonl"
    bad.write_text('{"kind": "reject", "target": "cl-0"}\nnot json\n', encoding="utf-8")
    result = runner.invoke(app, ["review", "import", str(bad)])
    assert result.exit_code == 1
    assert "decisions.jsonl:1" in result.output and "decisions.jsonl:2" in result.output
    assert _ok("review", "decisions").strip() == ""  # nothing written


def test_skg_audit_names_the_key_of_a_rest_upload(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.auth import hash_key
    from graph.memory_store import MemoryStore

    monkeypatch.setenv("SKG_API_KEYS", f"ops:admin:{hash_key('ops-key')}")
    path = tmp_path / "graph.json.gz"
    with TestClient(create_app(MemoryStore(path))) as client:
        sent = SAMPLE.read_bytes()
        r = client.post(
            "/ingest/news",
            files={"file": ("pariah.txt", sent, "text/plain")},
            data={"published": "2024-05-01"},
            headers={"X-API-Key": "ops-key"},
        )
        assert r.status_code == 200, r.text
    table = _ok("audit", "--store", f"memory:{path}")
    assert "ops" in table and "news: pariah.txt" in table and "testclient" in table
    log = [json.loads(line) for line in _ok("audit", "--json", "--store", f"memory:{path}").splitlines()]
    assert (log[0]["who"], log[0]["target"]) == ("ops", "news: pariah.txt")


def test_skg_query_violations_says_who_reviewed_the_evidence() -> None:
    _ok("ingest", "reference")
    _ok("ingest", "news", str(SAMPLE), "--published", "2024-05-01")
    flagged = [i for i in _queue() if i["priority"] == "violation"]
    assert flagged, "the sample article reports transfers inside an embargo"
    assert "not reviewed by a person yet" in _ok("query", "violations")
    _ok("review", "accept", str(flagged[0]["target"]))
    answer = json.loads(_ok("query", "violations", "--json"))
    reviewed = [v for v in answer["violations"] if v["reviewed_by"]]
    assert reviewed and all(v["reviewed_by"] == ["dana"] for v in reviewed)
    assert all(v["explanation"].endswith("by dana.") for v in reviewed)
    assert "Evidence reviewed (accepted) by dana." in _ok("query", "violations").replace("\n  ", " ")


def test_merge_and_split_from_the_command_line() -> None:
    _ok("ingest", "reference")
    _ok("ingest", "news", str(SAMPLE), "--published", "2024-05-01")
    queued = _queue()
    by_transfer: dict[str, list[str]] = {}
    for item in queued:
        by_transfer.setdefault(str(item["transfer"]), []).append(str(item["target"]))
    a, b = list(by_transfer)[:2]
    assert "merge recorded on" in _ok("review", "merge", a, b, "-m", "the same deal")
    claim = by_transfer[a][0]
    refused = runner.invoke(app, ["review", "split", b, claim])
    assert refused.exit_code == 1 and "is not a claim of transfer" in refused.output
    assert "split recorded on" in _ok("review", "split", a, claim)
    listed = [json.loads(line) for line in _ok("review", "decisions", "--target", a).splitlines()]
    assert [(d["kind"], d.get("other"), d.get("claims")) for d in listed] == [
        ("merge", b, None),
        ("split", None, [claim]),
    ]
    hidden = json.loads(_ok("query", "transfers", "--supplier", queued[0]["supplier"], "--json"))  # type: ignore[arg-type]
    assert a not in {t["id"] for t in hidden.get("transfers", hidden)}  # merged: the copy answers for it
