"""The SIPRI-derived embargo list: parsing (two-digit years) and the cross-check against curated regimes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from graph.reference import load_regime_targets, load_regimes
from graph.vocab import Issuer
from ingest.embargoes import (
    Disagreement,
    EmbargoRow,
    cross_check,
    crosscheck_markdown,
    parse_date,
    parse_embargoes,
    read_embargoes,
)

REPO = Path(__file__).resolve().parents[2]
CSV = REPO.parent / "shared" / "data" / "embargoes" / "multilateral-arms-embargoes-c2021.csv"
CROSSCHECK_MD = REPO / "graph" / "reference" / "CROSSCHECK.md"


@pytest.fixture(scope="module")
def rows() -> list[EmbargoRow]:
    if not CSV.exists():
        pytest.skip(f"real data not available: {CSV} (the shared data folder sits beside the repository)")
    parsed, rejected = read_embargoes(CSV)
    assert rejected == []
    return parsed


@pytest.fixture(scope="module")
def disagreements(rows: list[EmbargoRow]) -> list[Disagreement]:
    return cross_check(rows, load_regimes(), load_regime_targets())


def _find(found: list[Disagreement], target: str, document: str, field: str) -> Disagreement:
    hits = [d for d in found if (d.target, d.document, d.field) == (target, document, field)]
    assert len(hits) == 1, f"no single {field} disagreement for {target} / {document}: {hits}"
    return hits[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4-Nov-77", date(1977, 11, 4)),
        ("16-Dec-66", date(1966, 12, 16)),
        ("15-Sep-93", date(1993, 9, 15)),
        ("19-Dec-00", date(2000, 12, 19)),
        ("15-Nov-04", date(2004, 11, 15)),
        ("13-Jul-18", date(2018, 7, 13)),
        ("", None),
        ("-", None),
    ],
)
def test_parse_date_two_digit_pivot(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


def test_parse_date_rejects_garbage() -> None:
    with pytest.raises(ValueError):
        parse_date("2004-11-15")


def test_parse_small_text() -> None:
    text = (
        "Target,Entry into force,Suspended,Lifted,Establishing document\n"
        "North Korea,14-Oct-06,,,UNSCR 1718\n"
        "Taliban,16-Jan-02,,,UNSCR 1390\n"
        "Nowhere,31-Feb-99,,,UNSCR 1\n"
        ",,,,\n"
    )
    rows, rejected = parse_embargoes(text, "t.csv")
    assert [(r.target, r.issuer, r.start) for r in rows] == [
        ("KP", Issuer.UN, date(2006, 10, 14)),
        (None, Issuer.UN, date(2002, 1, 16)),
    ]
    assert rows[1].target_name == "Taliban"
    assert len(rejected) == 1 and rejected[0].where == "t.csv:4"


def test_parse_real_csv(rows: list[EmbargoRow]) -> None:
    assert len(rows) == 79
    by_key = {(r.target_name, r.document): r for r in rows}
    rhodesia = by_key[("Southern Rhodesia", "UNSCR 232")]
    assert (rhodesia.start, rhodesia.lifted) == (date(1966, 12, 16), date(1979, 12, 21))
    assert by_key[("Angola", "UNSCR 864")].start == date(1993, 9, 15)
    assert by_key[("Central African Rep.", "UNSCR 2127")].target == "CF"
    assert by_key[("Russia", "2014/512/CFSP")].issuer is Issuer.EU
    assert by_key[("Syria", "LAS statement")].issuer is Issuer.LAS
    non_state = {r.target_name for r in rows if r.target is None}
    assert non_state == {
        "Taliban",
        "ISIL, Al-Qaeda and associated individuals and entities",
        "Al-Qaeda, Taliban, Osama Bin Laden",
    }


def test_yugoslavia_wrong_resolution(disagreements: list[Disagreement]) -> None:
    d = _find(disagreements, "Yugoslavia", "UNSCR 2216", "legal_basis")
    assert "UNSCR 713" in d.curated_value
    assert d.verdict.startswith("curated right") and "713" in d.verdict


def test_iran_csv_out_of_date(disagreements: list[Disagreement]) -> None:
    d = _find(disagreements, "Iran", "UNSCR 1737", "suspended")
    assert d.csv_value == "-" and d.curated_value.startswith("2016-01-16")
    assert d.verdict.startswith("csv out of date")
    assert "18 Oct 2020" in d.verdict and "28 Sep 2025" in d.verdict


def test_targeted_embargoes_are_not_state_embargoes(disagreements: list[Disagreement]) -> None:
    for target, document in [("Yemen", "UNSCR 2216"), ("Lebanon", "UNSCR 1701"), ("Angola", "UNSCR 864")]:
        d = _find(disagreements, target, document, "target")
        assert d.verdict.startswith("curated right")


def test_agreements_are_silent(disagreements: list[Disagreement]) -> None:
    flagged = {(d.target, d.document) for d in disagreements}
    for ok in [("North Korea", "UNSCR 1718"), ("Russia", "2014/512/CFSP"), ("Cote d'Ivoire", "UNSCR 1572")]:
        assert ok not in flagged


def test_every_disagreement_reviewed(disagreements: list[Disagreement]) -> None:
    assert disagreements
    for d in disagreements:
        assert not d.verdict.startswith("UNREVIEWED"), d
        assert d.verdict.split(":")[0].split(" (")[0] in {
            "curated right",
            "csv right",
            "both partly right",
            "csv out of date",
            "not curated",
        }, d.verdict


def test_crosscheck_md_is_current(rows: list[EmbargoRow], disagreements: list[Disagreement]) -> None:
    assert CROSSCHECK_MD.read_text(encoding="utf-8") == crosscheck_markdown(rows, disagreements), (
        "graph/reference/CROSSCHECK.md is stale: regenerate it with `python -m ingest.embargoes "
        "../shared/data/embargoes/multilateral-arms-embargoes-c2021.csv graph/reference/CROSSCHECK.md`"
    )
