"""The `skg` command line: the demo, ingest reports, query output, clear one-line errors and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.settings import get_settings
from tests.conftest import REPO, SHARED, shared_path

runner = CliRunner()


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SKG_STORE", f"memory:{tmp_path / 'graph.json.gz'}")
    monkeypatch.setenv("SKG_SHARED_DIR", str(SHARED))
    monkeypatch.setenv("COLUMNS", "200")
    get_settings.cache_clear()


def test_demo_answers_the_founding_question_from_the_article() -> None:
    shared_path("seed", "russia-north-korea-arms-fr.txt")
    result = runner.invoke(app, ["demo"])
    assert result.exit_code == 0, result.output
    assert "From the article: Iran, North Korea" in result.output
    assert "UNSCR 1718" in result.output  # the regime that makes North Korea sanctioned
    assert "La Russie achète des millions d’obus" in result.output  # the quoted evidence
    again = runner.invoke(app, ["demo"])
    assert "transfers +0 ~0 =2" in again.output  # re-ingesting the article changes nothing


def test_demo_without_shared_uses_the_projects_own_sample(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SKG_SHARED_DIR", str(tmp_path / "absent"))
    get_settings.cache_clear()
    result = runner.invoke(app, ["demo"])
    assert result.exit_code == 0, result.output
    assert "pariah-suppliers-en.txt" in result.output
    assert "From the article: Iran, North Korea" in result.output


def test_ingest_news_then_query_suppliers_json() -> None:
    seed = shared_path("seed", "russia-north-korea-arms-fr.txt")
    assert runner.invoke(app, ["ingest", "news", str(seed), "--published", "2022-09-07"]).exit_code == 0
    result = runner.invoke(app, ["query", "suppliers", "RU", "--sanctioned", "--json"])
    body = json.loads(result.stdout)
    assert body["recipient"] == "RU"
    assert [s["id"] for s in body["suppliers"]] == ["IR", "KP"]
    kp = body["suppliers"][1]
    assert kp["name"] == "North Korea" and kp["sanctioned_by"] and kp["transfers"][0]["evidence"][0]["quote"]


def test_ingest_register_reports_and_is_idempotent() -> None:
    path = shared_path("data", "sipri", "excerpt-russia-imports-legacy16.csv")
    first = json.loads(runner.invoke(app, ["ingest", "sipri", str(path), "--json"]).stdout)
    again = json.loads(runner.invoke(app, ["ingest", "sipri", str(path), "--json"]).stdout)
    assert first["transfers"]["added"] == 43
    assert again["transfers"] == {"added": 0, "updated": 0, "unchanged": 43}


def test_violations_and_sanctioned_commands() -> None:
    seed = shared_path("seed", "russia-north-korea-arms-fr.txt")
    runner.invoke(app, ["ingest", "news", str(seed), "--published", "2022-09-07"])
    body = json.loads(runner.invoke(app, ["query", "violations", "--recipient", "RU", "--json"]).stdout)
    regimes = {(v["transfer"]["supplier"], " ".join(v["regime"]["legal_basis"])) for v in body["violations"]}
    assert any(s == "KP" and "1718" in b for s, b in regimes)
    assert not any(s == "IR" for s, _ in regimes)  # drone type unknown: `possible` under Annex B para 4
    wide = runner.invoke(app, ["query", "violations", "--recipient", "RU", "--include", "possible", "--json"])
    regimes = {
        (v["transfer"]["supplier"], " ".join(v["regime"]["legal_basis"])) for v in json.loads(wide.stdout)["violations"]
    }
    assert any(s == "IR" and "2231" in b for s, b in regimes)
    bad = runner.invoke(app, ["query", "violations", "--include", "maybe"])
    assert bad.exit_code == 2 and "possible or compliant" in bad.output
    sanctioned = json.loads(runner.invoke(app, ["query", "sanctioned", "--as-of", "2022-09-07", "--json"]).stdout)
    assert {"KP", "IR", "RU"} <= {a["id"] for a in sanctioned["actors"]}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ingest", "sipri", "/no/such/file.csv"], "/no/such/file.csv"),
        (["ingest", "sipri", str(REPO / "README.md")], "README.md"),
        (["query", "suppliers", "RU", "--as-of", "yesterday"], "not a date"),
        (["query", "actor", "ZZ"], "no actor with id 'ZZ'"),
        (["query", "suppliers", "RU", "--store", "postgres://x"], "unknown store"),
        (["query", "suppliers", "RU", "--store", "neo4j://127.0.0.1:1"], "unavailable"),
    ],
)
def test_bad_input_is_one_clear_line_and_a_nonzero_exit(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_a_bad_store_file_is_not_overwritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "broken.json.gz"
    broken.write_bytes(b"garbage")
    result = runner.invoke(app, ["stats", "--store", f"memory:{broken}"])
    assert result.exit_code == 1 and "not a sanctions-kg graph file" in result.output
    assert broken.read_bytes() == b"garbage"


def test_extract_jsonl_gives_one_line_per_input_line(tmp_path: Path) -> None:
    lines = [
        {"id": "a", "text": "Iran delivered drones to Russia last week.", "published": "2022-09-07"},
        {"id": "b", "text": "The weather was fine in Paris."},
        {"id": "c"},
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    result = runner.invoke(app, ["extract", str(src), "--jsonl"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 3
    assert [(c["supplier"]["id"], c["recipient"]["id"]) for c in rows[0]["claims"]] == [("IR", "RU")]
    assert rows[0]["claims"][0]["evidence"]["text"] == lines[0]["text"]
    assert rows[1]["claims"] == [] and "error" in rows[2]


def test_eval_scores_the_dev_set() -> None:
    result = runner.invoke(app, ["eval", str(REPO / "tests" / "data" / "news-dev.jsonl"), "--json"])
    report = json.loads(result.stdout)
    assert report["overall"]["f1"] >= 0.9


def test_eval_rules_only_leaves_the_pair_model_out_for_that_command_only() -> None:
    from ingest.news import get_extractor

    path = str(REPO / "tests" / "data" / "news-blind8a.jsonl")
    shipped = json.loads(runner.invoke(app, ["eval", path, "--json"]).stdout)["overall"]
    rules = json.loads(runner.invoke(app, ["eval", path, "--json", "--rules-only"]).stdout)["overall"]
    assert rules["tp"] + rules["fp"] < shipped["tp"] + shipped["fp"]  # the model adds claims the rules leave
    assert get_extractor().pair_model is not None  # restored for the rest of the process


def test_suppliers_summarise_and_transfers_drill_down() -> None:
    path = shared_path("data", "sipri", "excerpt-russia-imports-legacy16.csv")
    assert runner.invoke(app, ["ingest", "sipri", str(path)]).exit_code == 0
    body = json.loads(runner.invoke(app, ["query", "suppliers", "RU", "--per-supplier", "1", "--json"]).stdout)
    counts = [s["transfer_count"] for s in body["suppliers"]]
    assert counts == sorted(counts, reverse=True) and body["total"] == len(counts)
    big = body["suppliers"][0]
    assert len(big["transfers"]) == 1 and big["transfer_count"] > 1
    text = runner.invoke(app, ["query", "suppliers", "RU", "--per-supplier", "1", "--limit", "1"]).stdout
    assert "1 shown" in text and f"skg query transfers --supplier {big['id']} --recipient RU" in text
    listed = runner.invoke(app, ["query", "transfers", "--supplier", big["id"], "--recipient", "RU", "--json"])
    transfers = json.loads(listed.stdout)["transfers"]
    assert len(transfers) == big["transfer_count"] and big["transfers"][0]["id"] in {t["id"] for t in transfers}
    page = runner.invoke(app, ["query", "transfers", "--recipient", "RU", "--limit", "2"]).stdout
    assert "more: --offset 2" in page


def test_a_bad_setting_is_one_line_naming_the_variable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    article = tmp_path / "a.jsonl"
    article.write_text('{"id": "a", "lang": "en", "text": "Iran sent drones to Russia."}\n', encoding="utf-8")
    monkeypatch.setenv("SKG_PAIR_MODEL", "maybe")
    get_settings.cache_clear()
    result = runner.invoke(app, ["extract", str(article)])
    assert result.exit_code == 1
    assert "SKG_PAIR_MODEL" in result.output and "'maybe'" in result.output
    assert "Traceback" not in result.output
    monkeypatch.setenv("SKG_PAIR_MODEL", "0")
    get_settings.cache_clear()
    result = runner.invoke(app, ["extract", str(article)])
    assert result.exit_code == 0 and "Iran" in result.output
