"""The SIPRI-derived list of multilateral arms embargoes (c. 2021), cross-checked against the curated regimes.

The CSV (`Target,Entry into force,Suspended,Lifted,Establishing document`, dates `d-Mon-yy`) is not ground
truth: `cross_check` compares it with `graph/reference/regimes.yaml` and returns every disagreement with a
reviewed verdict. `crosscheck_markdown` renders them; `python -m ingest.embargoes CSV [OUT.md]` writes the
table that ships as `graph/reference/CROSSCHECK.md`.
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from graph.errors import InvalidInput
from graph.ids import fingerprint
from graph.model import Actor, Regime
from graph.vocab import Issuer
from ingest.limits import BrokenFile, csv_fields, majority_rejected, open_bounded
from ingest.records import Rejected
from ingest.resolve import resolve_country

__all__ = [
    "Disagreement",
    "EmbargoRow",
    "cross_check",
    "crosscheck_markdown",
    "parse_date",
    "parse_embargoes",
    "read_embargoes",
]

#: Two-digit years up to this value are 20xx, above it 19xx. The list dates from c. 2021 and starts in 1963.
YEAR_PIVOT = 30
#: Names the CSV uses that `resolve_country` does not know.
_NAMES = {"Central African Rep.": "CF", "Southern Rhodesia": "ZW"}
_HEADER = ["Target", "Entry into force", "Suspended", "Lifted", "Establishing document"]


@dataclass(frozen=True)
class EmbargoRow:
    """One CSV row. `target` is an ISO code, or None for a non-state target (`target_name` identifies it)."""

    line: int
    target_name: str
    target: str | None
    issuer: Issuer
    start: date | None
    suspended: date | None
    lifted: date | None
    document: str


@dataclass(frozen=True)
class Disagreement:
    """A difference between a CSV row and the curated data, with which side is right and why."""

    target: str
    issuer: Issuer
    document: str
    field: str
    csv_value: str
    curated_value: str
    regime_id: str | None
    regime_name: str | None
    verdict: str


def parse_date(text: str, pivot: int = YEAR_PIVOT) -> date | None:
    """`d-Mon-yy` ("19-Dec-00", "4-Nov-77") to a date; two-digit years <= pivot are 20xx, others 19xx.
    Empty or "-" gives None; anything else raises ValueError. O(1)."""
    text = text.strip()
    if not text or text == "-":
        return None
    m = re.fullmatch(r"(\d{1,2})-([A-Za-z]{3})-(\d{2})", text)
    if not m:
        raise ValueError(f"not a d-Mon-yy date: {text!r}")
    yy = int(m.group(3))
    year = 2000 + yy if yy <= pivot else 1900 + yy
    month = datetime.strptime(m.group(2).title(), "%b").month
    return date(year, month, int(m.group(1)))


def _issuer(document: str) -> Issuer:
    doc = document.strip()
    if doc.startswith("UNSCR"):
        return Issuer.UN
    if "CFSP" in doc or doc.upper().startswith(("EC ", "EU ")):
        return Issuer.EU
    if doc.startswith("OSCE"):
        return Issuer.OSCE
    if doc.startswith("LAS"):
        return Issuer.LAS
    return Issuer.OTHER


def parse_embargoes(text: str, where: str = "embargoes.csv") -> tuple[list[EmbargoRow], list[Rejected]]:
    """Rows of the CSV text and the rows rejected (with file, line and reason). Blank rows are skipped
    silently. Raises BrokenFile (an InvalidInput) for a wrong header or when most rows are unreadable
    (ingest.limits.judge_file). Each line is parsed on its own, with the csv field-size cap. O(rows)."""
    lines = text.splitlines()
    try:
        header = csv_fields(lines[0]) if lines else None
    except csv.Error:
        header = None
    if header is None or [h.strip() for h in header] != _HEADER:
        raise BrokenFile(f"{where}:1: unexpected header {str(header)[:200]}, expected {_HEADER}")
    rows: list[EmbargoRow] = []
    rejected: list[Rejected] = []
    for line, raw in enumerate(lines[1:], start=2):
        try:
            record = csv_fields(raw)
        except csv.Error as exc:
            rejected.append(Rejected(f"{where}:{line}", f"not a CSV row: {exc}"))
            continue
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(_HEADER):
            reason = f"expected {len(_HEADER)} columns, got {len(record)}"
            rejected.append(Rejected(f"{where}:{line}", reason))
            continue
        name, start, suspended, lifted, document = (cell.strip() for cell in record)
        try:
            row = EmbargoRow(
                line=line,
                target_name=name,
                target=_NAMES.get(name) or resolve_country(name),
                issuer=_issuer(document),
                start=parse_date(start),
                suspended=parse_date(suspended),
                lifted=parse_date(lifted),
                document=document,
            )
        except ValueError as exc:
            rejected.append(Rejected(f"{where}:{line}", str(exc)))
            continue
        if not name:
            rejected.append(Rejected(f"{where}:{line}", "no target"))
            continue
        rows.append(row)
    broken = majority_rejected(len(rows) + len(rejected), rejected)
    if broken is not None:
        raise BrokenFile(f"{where}: {broken}")
    return rows, rejected


def read_embargoes(path: str | Path) -> tuple[list[EmbargoRow], list[Rejected]]:
    """`parse_embargoes` on a file (UTF-8), refused before reading when over SKG_MAX_FILE_BYTES."""
    p = Path(path)
    with open_bounded(p, "embargo list") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BrokenFile(f"{p}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    return parse_embargoes(text, p.name)


# ------------------------------------------------------------------------------------------------ cross-check
_CURATED = "curated right"
_CSV = "csv right"
_BOTH = "both partly right"
_OUTDATED = "csv out of date"
_NOT_CURATED = "not curated"

#: Reviewed verdicts, keyed by (establishing document, CSV target, field): which side is right, then why.
_VERDICTS: dict[tuple[str, str, str], str] = {
    ("UNSCR 1333", "Afghanistan", "target"): (
        f"{_CURATED}: UNSCR 1333 embargoed the territory under Taliban control and the Taliban, not the "
        "state of Afghanistan (the government of the day was not covered)."
    ),
    ("UNSCR 1333", "Afghanistan", "suspended"): (
        f"{_CURATED}: nothing was suspended on 16 Jan 2002; UNSCR 1390 re-targeted the same embargo on "
        "the listed Taliban and Al-Qaida (the csv's separate 1390 rows). The curated entry is"
        " one continuing embargo on the Taliban."
    ),
    ("UNSCR 1390", "Taliban", "start"): (
        f"{_CURATED}: the Taliban were under a UN arms embargo from 19 Dec 2000 (UNSCR 1333); 1390 (16 "
        "Jan 2002) only moved it to a list basis. The csv starts a new row at 1390."
    ),
    ("UNSCR 864", "Angola", "target"): (
        f"{_CURATED}: UNSCR 864 banned arms to Angola except through the government's named points of "
        "entry, i.e. it targeted UNITA, not the state."
    ),
    ("UNSCR 864", "Angola", "start"): (
        f"{_BOTH}: the csv gives the adoption date (15 Sep 1993); para 19 applied the measures ten "
        "days later, 26 Sep 1993 (curated)."
    ),
    ("UNSCR 2127", "Central African Rep.", "end"): (
        f"{_OUTDATED}: UNSCR 2693 (27 Jul 2023, UN press release SC/15369) lifted the embargo on the CAR "
        "security forces (curated as an exemption from that day); the territorial entry runs until UNSCR 2745 "
        "(30 Jul 2024) renewed the measures on armed groups only (curated as a separate non-governmental regime)."
    ),
    ("UNSCR 1493", "DRC", "end"): (
        f"{_BOTH}: a UN embargo continues (csv), but since UNSCR 1807 (31 Mar 2008) only on non-"
        "governmental entities and individuals; the curated data ends the state-level entry "
        "there and continues with a non-state target."
    ),
    ("UNSCR 1298", "Eritrea", "end"): (
        f"{_CURATED}: UNSCR 1298 (17 May 2000) set the measures for twelve months; the Council decided not to "
        "extend them beyond 16 May 2001 (presidential statement of 15 May 2001, the csv's date), so the last day "
        "in force is 16 May 2001 and the curated first day not in force 17 May 2001. Checked: the twelve-month clause "
        "of UNSCR 1298; Hansard written answer of 18 May 2000 (embargo established for twelve months)."
    ),
    ("UNSCR 1298", "Ethiopia", "end"): (
        f"{_CURATED}: same as Eritrea (UNSCR 1298 lapsed after 16 May 2001, not extended)."
    ),
    ("UNSCR 1160", "Yugoslavia", "target"): (
        f"{_CURATED}: UNSCR 1160 (1998) covered the Federal Republic of Yugoslavia including Kosovo; the curated "
        "entry targets RS because SIPRI files the FRY (1992-2006) under 'Serbia', keeping 'Yugoslavia' (YU) for "
        "the SFRY until 1991. Same state, the data's code."
    ),
    ("UNSCR 841", "Haiti", "start"): (
        f"{_BOTH}: adopted 16 Jun 1993 (csv); the measures applied from 00:01 EST on 23 Jun 1993 (curated)."
    ),
    ("UNSCR 841", "Haiti", "suspended"): (
        f"{_CURATED}: the embargo was suspended by UNSCR 861 (27 Aug 1993) and reinstated by UNSCR 873 "
        "from 18 Oct 1993; 29 Sep 1994 is the adoption of UNSCR 944, which terminated it (not"
        " a suspension)."
    ),
    ("UNSCR 841", "Haiti", "end"): (
        f"{_CURATED}: UNSCR 944 (29 Sep 1994) terminated the measures from 00:01 EST on the day after "
        "President Aristide's return (15 Oct 1994), i.e. 16 Oct 1994."
    ),
    ("UNSCR 1737", "Iran", "suspended"): (
        f"{_OUTDATED}: the UN measures of UNSCR 1737/1747/1929 were terminated on Implementation Day (16 "
        "Jan 2016, UNSCR 2231); UNSCR 2231 Annex B then required Council approval for "
        "conventional arms to/from Iran until 18 Oct 2020 and for missile/UAV items until 18 "
        "Oct 2023; the 1737/1747/1929 measures were re-imposed by the snapback from 28 Sep "
        "2025. The csv's open-ended row from 2006 with no end or suspension is wrong for "
        "2016-2025."
    ),
    ("UNSCR 661", "Iraq", "end"): (
        f"{_BOTH}: a UN embargo continues (csv), but since UNSCR 1546 (8 Jun 2004) the Government of "
        "Iraq is exempt; only non-state actors remain covered (not modelled as a separate "
        "target)."
    ),
    ("UNSCR 1701", "Lebanon", "target"): (
        f"{_CURATED}: UNSCR 1701 para 15 covers arms to entities and individuals in Lebanon other than "
        "the government and UNIFIL (Hezbollah foremost), not the state."
    ),
    ("UNSCR 788", "Liberia", "end"): (
        f"{_BOTH}: the embargo on the Liberian state ended with UNSCR 1903 (17 Dec 2009); the "
        "remainder on non-governmental entities was lifted by UNSCR 2288 (adopted 25 May "
        "2016; the csv gives 26 May). Checked: Council Decision 2010/129/CFSP recites UNSCR 1903 of "
        "17 Dec 2009 as the act that limited the embargo to non-governmental entities."
    ),
    ("UNSCR 748", "Libya", "start"): (
        f"{_BOTH}: adopted 31 Mar 1992 (csv); measures applied from 15 Apr 1992 (para 3) (curated)."
    ),
    ("UNSCR 918", "Rwanda", "end"): (
        f"{_BOTH}: the embargo on the government was lifted by UNSCR 1011 (sales permitted from 16 "
        "Aug 1995, restrictions terminated 1 Sep 1996); only the embargo on non-governmental "
        "forces lasted until 10 Jul 2008 (csv), curated as a separate non-state regime."
    ),
    ("UNSCR 1132", "Sierra Leone", "end"): (
        f"{_BOTH}: UNSCR 1171 (5 Jun 1998) lifted the embargo on the government; the embargo on non-"
        "governmental forces (RUF) lasted until 29 Sep 2010 (csv), curated separately."
    ),
    ("UNSCR 733", "Somalia", "end"): (
        f"{_OUTDATED}: UNSCR 2714 (1 Dec 2023) lifted the general embargo on Somalia; the embargo on Al-"
        "Shabaab continues under UNSCR 2713 (curated separately)."
    ),
    ("UNSCR 2216", "Yemen", "target"): (
        f"{_CURATED}: UNSCR 2216 is a targeted embargo on designated individuals (Houthi leaders, Saleh)"
        " and those acting for them, extended to the Houthis as an entity by UNSCR 2624 "
        "(2022); the state of Yemen is not under embargo."
    ),
    ("UNSCR 2216", "Yugoslavia", "legal_basis"): (
        f"{_CURATED}: the 1991 embargo on Yugoslavia was established by UNSCR 713 (25 Sep 1991); UNSCR "
        "2216 (2015) is the Yemen resolution. The csv cites the wrong resolution."
    ),
    ("UNSCR 2216", "Yugoslavia", "end"): (
        f"{_CURATED}: UNSCR 1021 (22 Nov 1995) ended the embargo in phases counted from the Secretary-General's "
        "report on the signing of the Peace Agreement: unchanged for 90 days, then lifted except for heavy "
        "weapons, mines, military aircraft and helicopters, and terminated on the 180th day, 18 Jun 1996 (UN "
        "press release SC/6127); 1 Oct 1996 is UNSCR 1074, which terminated the other sanctions on the FRY. "
        "The partial lifting of the second 90 days is not modelled."
    ),
    ("UNSCR 1076", "Afghanistan", "regime"): (
        f"{_NOT_CURATED}: UNSCR 1076 (1996) only called upon states to end arms supplies to the parties; not"
        " a mandatory embargo."
    ),
    ("UNSCR 1227", "Eritrea", "regime"): (
        f"{_NOT_CURATED}: UNSCR 1227 (1999) strongly urged states to end arms sales to Eritrea and Ethiopia;"
        " voluntary, not a mandatory embargo (that came with UNSCR 1298)."
    ),
    ("UNSCR 1227", "Ethiopia", "regime"): (
        f"{_NOT_CURATED}: UNSCR 1227 (1999) was a voluntary call, not a mandatory embargo."
    ),
    ("UNSCR 853", "Azerbaijan", "regime"): (
        f"{_NOT_CURATED}: UNSCR 853 (1993) urged states to refrain from supplying arms that could escalate "
        "the Nagorno-Karabakh conflict; voluntary, not a mandatory embargo."
    ),
    ("UNSCR 181", "South Africa", "regime"): (
        f"{_NOT_CURATED}: UNSCR 181 (1963) called upon states to stop arms sales to South Africa "
        "(voluntary); the mandatory embargo is UNSCR 418 (1977), curated."
    ),
    ("2001/154/CFSP", "Afghanistan", "target"): (
        f"{_CURATED}: Common Position 2001/154/CFSP implemented UNSCR 1333 against the Taliban, not the state."
    ),
    ("2001/154/CFSP", "Afghanistan", "end"): (
        f"{_BOTH}: 2001/154/CFSP was replaced on 27 May 2002 by 2002/402/CFSP (the csv's separate "
        "row); the curated entry treats both as one continuing EU embargo on the Taliban."
    ),
    ("EC declaration", "Bosnia and Herzegovina", "regime"): (
        f"{_NOT_CURATED}: covered by the curated EC embargo on Yugoslavia of 5 Jul 1991 (target YU); the "
        "successor states' separate liftings are not modelled."
    ),
    ("EC declaration", "Croatia", "regime"): (
        f"{_NOT_CURATED}: covered by the curated EC embargo on Yugoslavia of 5 Jul 1991 (target YU); the "
        "lifting for Croatia (2000) is not modelled."
    ),
    ("EC declaration", "Slovenia", "regime"): (
        f"{_NOT_CURATED}: covered by the curated EC embargo on Yugoslavia of 5 Jul 1991 (target YU); "
        "Slovenia's suspension (1996) and lifting (1998) are not modelled."
    ),
    ("2004/852/CFSP", "Cote d'Ivoire", "start"): (
        f"{_CURATED}: Common Position 2004/852/CFSP is dated 13 Dec 2004; the csv repeats the UN date "
        "(15 Nov 2004, UNSCR 1572)."
    ),
    ("EC declaration", "DRC", "end"): (
        f"{_BOTH}: an EU embargo continues (csv), but it was a political declaration (7 Apr 1993) until Common "
        "Position 2002/829/CFSP (21 Oct 2002) made it law (curated as two entries, political then legal), and "
        "since Common Position 2008/369/CFSP it covers only non-governmental entities (curated separately)."
    ),
    ("EC declaration", "Myanmar", "end"): (
        f"{_CURATED}: the declaration of 29 Jul 1991 was a political commitment of European Political "
        "Cooperation; the curated data ends that political entry on 28 Oct 1996, when Common Position "
        "96/635/CFSP made the embargo a legal act (curated as the continuing legal entry)."
    ),
    ("EC declaration", "Yugoslavia", "end"): (
        f"{_CURATED}: the EC declaration of 5 Jul 1991 was political; Common Position 96/184/CFSP (26 Feb 1996) "
        "replaced it with a legal act, curated as the continuing entry until 8 Oct 2001 (the csv's end)."
    ),
    ("EU agreement", "Egypt", "regime"): (
        f"{_NOT_CURATED}: the Foreign Affairs Council conclusions of 21 Aug 2013 were a political agreement "
        "to suspend export licences for equipment usable for internal repression, not a legal"
        " act."
    ),
    ("EU agreement", "Ukraine", "regime"): (
        f"{_NOT_CURATED}: the Council conclusions of 20 Feb 2014 were a political agreement (licences for "
        "equipment usable for repression), not a legal act."
    ),
    ("EC declaration", "Iraq", "end"): (
        f"{_BOTH}: an EU embargo continues for non-state actors (csv), but the Government of Iraq has"
        " been exempt since Common Position 2004/553/CFSP of 19 Jul 2004 (curated end; checked against the "
        "SIPRI EU embargo page and the EUR-Lex text of Common Position 2003/495/CFSP as amended)."
    ),
    ("2006/625/CFSP", "Lebanon", "target"): (
        f"{_CURATED}: Council Decision 2006/625/CFSP covers entities and individuals in Lebanon other "
        "than the government and UNIFIL, not the state."
    ),
    ("2001/357/CFSP", "Liberia", "end"): (
        f"{_BOTH}: Decision (CFSP) 2016/994 was adopted on 20 Jun 2016 (the csv's date) and repealed Common "
        "Position 2008/109/CFSP, whose last day of validity EUR-Lex gives as 21 Jun 2016; the curated end is the "
        "first day not in force, 22 Jun 2016."
    ),
    ("98/409/CFSP", "Sierra Leone", "end"): (
        f"{_CURATED}: EUR-Lex gives 7 Nov 2010 as the last day of validity of Common Position 98/409/CFSP, repealed "
        "by Council Decision 2010/677/CFSP (CELEX 32010D0677); the curated end is the first day not in force, "
        "8 Nov 2010. The csv's 29 Oct 2010 is not the date of an act found."
    ),
    ("95/515/CFSP", "Nigeria", "end"): (
        f"{_BOTH}: the embargo, carried from 1 Nov 1998 by Common Position 98/614/CFSP, ended with its validity, "
        "whose last day EUR-Lex gives as 1 Jun 1999 (the csv's date; repealed by Council Decision 1999/347/CFSP, "
        "CELEX 31998E0614); the curated end is the first day not in force, 2 Jun 1999."
    ),
    ("98/409/CFSP", "Sierra Leone", "start"): (
        f"{_CURATED}: Common Position 98/409/CFSP is dated 29 Jun 1998 (EUR-Lex, CELEX 31998E0409); the csv "
        "repeats the date of UNSCR 1171 (5 Jun 1998)."
    ),
    ("1999/624/CFSP", "Indonesia", "start"): (
        f"{_CURATED}: the Council agreed the four-month embargo on 13 Sep 1999 and it was in force from 16 Sep "
        "1999 (Common Position 1999/624/CFSP) until it lapsed on 17 Jan 2000 (press reports of the Council "
        "statement of 17 Jan 2000)."
    ),
    ("2005/792/CFSP", "Uzbekistan", "end"): (
        f"{_BOTH}: the Council decided in Oct 2009 not to renew the measures (the csv's 31 Oct 2009); they lapsed "
        "on 13 Nov 2009 (HC written answer of 2 Dec 2009), so the curated first day not in force is 14 Nov 2009."
    ),
    ("2006/795/CFSP", "North Korea", "start"): (
        f"{_CURATED}: Common Position 2006/795/CFSP is dated 20 Nov 2006 and was published in OJ L 322 of "
        "22 Nov 2006, the csv's date (checked on EUR-Lex, CELEX 32006E0795)."
    ),
    ("EU 2015/878", "Yemen", "target"): (
        f"{_CURATED}: the EU measure implements the UNSCR 2216 targeted embargo (Houthi leaders and "
        "those acting for them), not an embargo on the state of Yemen."
    ),
}


def _verdict(row: EmbargoRow, field: str) -> str:
    return _VERDICTS.get(
        (row.document, row.target_name, field),
        "UNREVIEWED: compare with the legal text before trusting either side.",
    )


def _doc_matches(document: str, basis: str) -> bool:
    m = re.match(r"UNSCR (\d+)", document)
    if m:
        return re.search(rf"UNSCR {m.group(1)}(?!\d)", basis) is not None
    m = re.search(r"(\d{2,4}/\d+)", document)
    if m:
        return re.search(rf"(?<![\d/]){re.escape(m.group(1))}(?!\d)", basis) is not None
    if "declaration" in document.lower():
        return "declaration" in basis.lower()
    return False


def _non_state_keys(name: str, targets: Sequence[Actor]) -> set[str]:
    words = f" {fingerprint(name)} "
    found = set()
    for a in targets:
        for alias in (a.name, *a.aliases):
            if f" {fingerprint(alias)} " in words:
                found.add(a.id)
    return found


def _fmt(d: date | None) -> str:
    return d.isoformat() if d else "-"


def _pick(row: EmbargoRow, regimes: list[Regime]) -> tuple[Regime | None, bool]:
    """The curated regime a row describes, and whether it was found by its legal basis."""

    def distance(r: Regime) -> int:
        return abs((r.start - row.start).days) if row.start else 0

    def rank(r: Regime) -> tuple[bool, int]:
        return (not _doc_matches(row.document, r.legal_basis[0]), distance(r))

    by_doc = [r for r in regimes if any(_doc_matches(row.document, b) for b in r.legal_basis)]
    if by_doc:
        return min(by_doc, key=rank), True
    near = [r for r in regimes if distance(r) <= 366]
    return (min(near, key=distance) if near else None), False


def _last_end(regime: Regime, pool: Sequence[Regime]) -> date | None:
    """The end of the measure a regime opens: a measure modelled in stages (UNSCR 1718, widened by UNSCR 1874 the
    day the first stage ends) runs on in the entry of its programme, on the same target and of the same binding
    force, that starts that day."""
    end, seen = regime.end, {regime.id}
    while end is not None:
        nxt = [
            r
            for r in pool
            if (r.program, r.target, r.binding) == (regime.program, regime.target, regime.binding)
            and r.start == end
            and r.id not in seen
        ]
        if not nxt:
            break
        seen.add(nxt[0].id)
        end = nxt[0].end
    return end


def _differences(
    row: EmbargoRow, regime: Regime | None, by_doc: bool, pool: Sequence[Regime] = ()
) -> list[tuple[str, str, str]]:
    """(field, csv value, curated value) for each field where the row and the regime differ."""
    if regime is None:
        return [("regime", f"{_fmt(row.start)} to {_fmt(row.lifted)}", "no curated regime")]
    out: list[tuple[str, str, str]] = []
    if not by_doc:
        out.append(("legal_basis", row.document, "; ".join(regime.legal_basis)))
    if row.target and regime.target != row.target:
        out.append(("target", f"{row.target_name} ({row.target})", f"non-state: {regime.name} ({regime.target})"))
    if row.start != regime.start:
        out.append(("start", _fmt(row.start), _fmt(regime.start)))
    first_suspension = regime.suspensions[0][0] if regime.suspensions else None
    if row.suspended != first_suspension:
        curated = "; ".join(f"{_fmt(s)} to {_fmt(u)}" for s, u in regime.suspensions) or "-"
        out.append(("suspended", _fmt(row.suspended), curated))
    end = _last_end(regime, pool)
    if row.lifted != end:
        out.append(("end", _fmt(row.lifted), _fmt(end)))
    return out


#: A csv target whose later years the curated data files under another code: SIPRI names the FRY (1992-2006)
#: "Serbia" (RS), so the curated FRY entries target RS while the csv keeps "Yugoslavia".
_SUCCESSORS: dict[str | None, tuple[str, ...]] = {"YU": ("RS",)}


def cross_check(
    rows: Iterable[EmbargoRow], regimes: Iterable[Regime], targets: Sequence[Actor] = ()
) -> list[Disagreement]:
    """Every disagreement between the CSV's UN and EU rows and the curated regimes. O(rows x regimes).

    For each row: the curated regimes of the same issuer whose target is the row's state, a non-state actor
    based there, or (for non-state rows) a declared target named in the row (`targets`, usually
    `graph.reference.load_regime_targets()`); among them the one whose legal basis cites the row's document
    (the founding act first, then the closest start), else the one starting within a year of the row's start
    (reported as a `legal_basis` disagreement), else none (`regime`). Then `target`, `start`, `suspended`
    (first suspension) and `end` are compared. Rows of other issuers (OSCE, LAS, "-") are not compared.
    Each disagreement carries the reviewed verdict, or "UNREVIEWED" for one nobody has looked at.
    """
    regimes = list(regimes)
    home = {a.id: a.country for a in targets}
    out: list[Disagreement] = []
    for row in rows:
        if row.issuer not in (Issuer.UN, Issuer.EU):
            continue
        wanted = (
            {row.target, *_SUCCESSORS.get(row.target, ())} if row.target else _non_state_keys(row.target_name, targets)
        )
        pool = [
            r
            for r in regimes
            if r.issuer is row.issuer
            and (r.target in wanted or (row.target is not None and home.get(r.target) == row.target))
        ]
        regime, by_doc = _pick(row, pool)
        for field, csv_value, curated in _differences(row, regime, by_doc, pool):
            out.append(
                Disagreement(
                    target=row.target_name,
                    issuer=row.issuer,
                    document=row.document,
                    field=field,
                    csv_value=csv_value,
                    curated_value=curated,
                    regime_id=regime.id if regime else None,
                    regime_name=regime.name if regime else None,
                    verdict=_verdict(row, field),
                )
            )
    return out


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def crosscheck_markdown(rows: Sequence[EmbargoRow], disagreements: Sequence[Disagreement]) -> str:
    """The reviewed disagreements as a Markdown document, one table row each. O(disagreements)."""
    compared = sum(1 for r in rows if r.issuer in (Issuer.UN, Issuer.EU))
    skipped = [r for r in rows if r.issuer not in (Issuer.UN, Issuer.EU)]
    lines = [
        "# Cross-check: SIPRI-derived embargo list (c. 2021) vs. curated regimes",
        "",
        "Generated by `python -m ingest.embargoes "
        "../shared/data/embargoes/multilateral-arms-embargoes-c2021.csv graph/reference/CROSSCHECK.md` "
        "(`ingest.embargoes.cross_check`); verdicts reviewed by hand "
        "(`ingest/embargoes.py`, `_VERDICTS`).",
        "",
        f"{compared} UN/EU rows compared, {len(disagreements)} disagreements; {len(skipped)} rows of other "
        f"issuers not compared ({', '.join(sorted({f'{r.target_name} ({r.document})' for r in skipped}))}).",
        'Dates: the curated `end` is the first day no longer in force; "csv" is the list\'s `Lifted` value.',
        "",
        "| # | Target | Issuer | Document (csv) | Field | CSV | Curated | Verdict |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for i, d in enumerate(disagreements, start=1):
        lines.append(
            f"| {i} | {_cell(d.target)} | {d.issuer.value} | {_cell(d.document)} | {d.field} | "
            f"{_cell(d.csv_value)} | {_cell(d.curated_value)} | {_cell(d.verdict)} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str]) -> int:
    """`python -m ingest.embargoes CSV [OUT.md]`: print or write the cross-check table."""
    from graph.reference import load_regime_targets, load_regimes

    if not argv:
        print("usage: python -m ingest.embargoes CSV [OUT.md]", file=sys.stderr)
        return 2
    try:
        rows, rejected = read_embargoes(argv[0])
    except InvalidInput as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for r in rejected:
        print(r, file=sys.stderr)
    text = crosscheck_markdown(rows, cross_check(rows, load_regimes(), load_regime_targets()))
    if len(argv) > 1:
        Path(argv[1]).write_text(text, encoding="utf-8")
    else:
        print(text, end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
