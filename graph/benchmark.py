"""The violations benchmark: documented cases (JSON lines) judged by the same function as `skg query violations`.

A case names a supplier, a recipient (ISO code, or SIPRI's own name for a non-state actor), delivery years and
the expected verdict ("violation" or "compliant"). Each case is judged on the SIPRI transfers of that pair whose
delivery years fall in the case's years; a case without SIPRI records is judged on a transfer built from its own
fields. A case counts as flagged when one of its transfers gets the verdict `violation` under a measure (of the
case's issuer when it names one of UN/EU/US/UK, else any).

The loader is tolerant: `year` or `year_from`/`year_to` stand in for `years`, unknown fields are ignored; a bad
line is reported with its number and skipped.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.ids import make_id
from graph.model import Actor, Regime, Transfer, Verdict, Violation
from graph.queries import judge_transfers
from graph.store import GraphStore, TransferFilter
from graph.vocab import ActorKind, Issuer, TransferStatus, WeaponCategory

__all__ = ["Case", "CaseResult", "EvalReport", "evaluate", "load_cases", "register_flags", "sipri_store"]


@dataclass(frozen=True)
class Case:
    id: str
    supplier: str
    recipient: str
    years: tuple[int, int]
    expected: Verdict
    category: WeaponCategory | None = None
    designation: str | None = None
    issuer: Issuer | None = None
    measure: str | None = None
    reason: str | None = None
    citation: str | None = None
    sipri: bool | None = None


@dataclass
class CaseResult:
    case: Case
    flagged: bool
    #: The verdicts given (the flagging ones first), and how the case was judged ("sipri N transfers" / "built").
    verdicts: list[Violation]
    basis: str

    @property
    def correct(self) -> bool:
        return self.flagged == (self.case.expected is Verdict.VIOLATION)


@dataclass
class EvalReport:
    results: list[CaseResult] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)

    def _of(self, expected: Verdict) -> list[CaseResult]:
        return [r for r in self.results if r.case.expected is expected]

    @property
    def violations(self) -> int:
        return len(self._of(Verdict.VIOLATION))

    @property
    def non_violations(self) -> int:
        return len(self._of(Verdict.COMPLIANT))

    @property
    def recall(self) -> float:
        cases = self._of(Verdict.VIOLATION)
        return sum(r.flagged for r in cases) / len(cases) if cases else 1.0

    @property
    def false_positive_rate(self) -> float:
        cases = self._of(Verdict.COMPLIANT)
        return sum(r.flagged for r in cases) / len(cases) if cases else 0.0

    @property
    def misses(self) -> list[CaseResult]:
        return [r for r in self.results if not r.correct]


def _years(raw: dict[str, Any]) -> tuple[int, int]:
    if isinstance(raw.get("years"), list) and raw["years"]:
        ys = [int(y) for y in raw["years"]]
        return min(ys), max(ys)
    if isinstance(raw.get("years"), int):
        return int(raw["years"]), int(raw["years"])
    if raw.get("year") is not None:
        return int(raw["year"]), int(raw["year"])
    if raw.get("year_from") is not None:
        return int(raw["year_from"]), int(raw.get("year_to") or raw["year_from"])
    raise ValueError("no years (expected `years: [first, last]`, `year` or `year_from`/`year_to`)")


def _expected(value: Any) -> Verdict:
    text = str(value).strip().lower()
    if text in ("violation", "breach", "true"):
        return Verdict.VIOLATION
    if text in ("compliant", "non-violation", "no violation", "not a violation", "false", "lawful"):
        return Verdict.COMPLIANT
    raise ValueError(f"expected must be 'violation' or 'compliant', got {value!r}")


def _issuer(value: Any) -> Issuer | None:
    try:
        return Issuer(str(value).strip().upper()) if value else None
    except ValueError:
        return None


def _category(value: Any) -> WeaponCategory | None:
    try:
        return WeaponCategory(str(value)) if value else None
    except ValueError:
        return None


def parse_case(raw: Any, where: str) -> Case:
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: expected a JSON object")
    try:
        return Case(
            id=str(raw.get("id") or where),
            supplier=str(raw["supplier"]).strip(),
            recipient=str(raw["recipient"]).strip(),
            years=_years(raw),
            expected=_expected(raw["expected"]),
            category=_category(raw.get("category")),
            designation=raw.get("designation") or None,
            issuer=_issuer(raw.get("issuer")),
            measure=raw.get("measure"),
            reason=raw.get("reason"),
            citation=raw.get("citation"),
            sipri=raw.get("sipri") if isinstance(raw.get("sipri"), bool) else None,
        )
    except KeyError as exc:
        raise ValueError(f"{where}: missing field {exc.args[0]!r}") from exc
    except (ValueError, TypeError) as exc:
        raise ValueError(f"{where}: {exc}") from exc


def load_cases(path: Path) -> tuple[list[Case], list[str]]:
    """The cases of a JSON-lines file and the lines rejected (each named by file and line)."""
    cases: list[Case] = []
    rejected: list[str] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = f"{path.name}:{n}"
        try:
            cases.append(parse_case(json.loads(line), where))
        except json.JSONDecodeError as exc:
            rejected.append(f"{where}: invalid JSON ({exc.msg})")
        except ValueError as exc:
            rejected.append(str(exc))
    return cases, rejected


def _resolve(name: str, by_name: dict[str, str]) -> str:
    """A case's party as an actor id: an ISO code as is; a SIPRI name through the SIPRI name table."""
    if len(name) == 2 and name.isalpha() and name.isupper():
        return name
    key = name.casefold()
    if key in by_name:
        return by_name[key]
    from ingest.sipri import sipri_actor

    actor = sipri_actor(name)
    return actor.id if actor is not None else name


_MONTHS = {
    m: i
    for i, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
            ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
            ("november", "nov"), ("december", "dec"),
        ),
        start=1,
    )
    for m in names
}  # fmt: skip
_MONTH_YEAR = re.compile(r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.? ((?:19|20)\d\d)\b", re.I)
#: Words before a month that make it the date of the law, not of the act ("the embargo of May 1994").
_LAW_DATE = re.compile(
    r"\b(embargo\w*|resolution|decision|regulation|adopted|imposed|lifted|ended|expired|began|before|after|ordered|"
    r"contract\w*|signed|until|since|listed|designated|in force)\b[^.;,]*$",
    re.I,
)


def _documented_month(case: Case) -> str | None:
    """The month the case's own reason dates the act to, when the case is about one year and its reason names
    exactly one month of that year outside a phrase dating the law ("reached Goma in June 1994"): "YYYY-MM"."""
    first, last = case.years
    if first != last or not case.reason:
        return None
    months = {
        (int(m.group(2)), _MONTHS[m.group(1).casefold()])
        for m in _MONTH_YEAR.finditer(case.reason)
        if int(m.group(2)) == first and not _LAW_DATE.search(case.reason[max(0, m.start() - 40) : m.start()])
    }
    if len(months) != 1:
        return None
    ((year, month),) = months
    return f"{year:04d}-{month:02d}"


def _built_transfer(case: Case, supplier: str, recipient: str) -> Transfer:
    """A transfer from the case's own fields: dated by delivery year, or by the month its reason documents (the
    act is then judged on that month, not on the whole year: a year in which a measure began decides nothing)."""
    first, last = case.years
    month = _documented_month(case)
    return Transfer(
        id=make_id("tr", "case", case.id),
        supplier=supplier,
        recipient=recipient,
        category=case.category or WeaponCategory.UNSPECIFIED,
        designation=case.designation,
        delivery_years=() if month else tuple(range(first, last + 1)),
        delivered=month,
        status=TransferStatus.DELIVERED,
        confidence=1.0,
    )


def _case_actor(name: str, actor_id: str) -> Actor | None:
    from ingest.sipri import sipri_actor

    if len(actor_id) == 2:
        return None
    return sipri_actor(name)


def evaluate(store: GraphStore, cases: Iterable[Case], regimes: list[Regime] | None = None) -> EvalReport:
    """Judge every case on the store's transfers (usually the full SIPRI register)."""
    regimes = regimes if regimes is not None else store.regimes()
    actors_all = {a.id: a for a in store.actors() if a.kind is not ActorKind.STATE}
    by_name: dict[str, str] = {}
    for a in actors_all.values():
        for n in (a.name, *a.aliases):
            by_name.setdefault(n.casefold(), a.id)
    report = EvalReport()
    for case in cases:
        supplier = _resolve(case.supplier, by_name)
        recipient = _resolve(case.recipient, by_name)
        actors = dict(actors_all)
        for name, aid in ((case.supplier, supplier), (case.recipient, recipient)):
            extra = _case_actor(name, aid)
            if extra is not None:
                actors.setdefault(aid, extra)
        first, last = case.years
        found = [
            t
            for t in store.transfers(TransferFilter(supplier=supplier, recipient=recipient))
            if t.status is not TransferStatus.DENIED
            and (
                any(first <= y <= last for y in t.delivery_years)
                or (
                    not t.delivery_years
                    and t.date_from is not None
                    and t.date_to is not None
                    and t.date_from.year <= last
                    and first <= t.date_to.year
                )
            )
        ]
        found = _about_item(found, case)
        if found:
            # Only the delivery years the case is about are judged (a deal may have deliveries outside them).
            transfers = [_only_years(t, first, last) for t in found]
            basis = f"{len(found)} SIPRI transfer{'s' if len(found) > 1 else ''}"
        else:
            transfers = [_built_transfer(case, supplier, recipient)]
            basis = "built from the case (no SIPRI transfer in those years)"
        issuer = case.issuer if case.issuer in (Issuer.UN, Issuer.EU, Issuer.US, Issuer.UK) else None
        verdicts = judge_transfers(transfers, regimes, actors, issuer)
        verdicts.sort(key=lambda v: {Verdict.VIOLATION: 0, Verdict.POSSIBLE: 1, Verdict.COMPLIANT: 2}[v.verdict])
        flagged = any(v.verdict is Verdict.VIOLATION for v in verdicts)
        report.results.append(CaseResult(case=case, flagged=flagged, verdicts=verdicts, basis=basis))
    return report


def _about_item(found: list[Transfer], case: Case) -> list[Transfer]:
    """The transfers of the case's item when it names one (designation, else category); all of them when none
    matches (SIPRI may spell or classify it otherwise)."""
    if case.designation:
        words = [w for w in re.split(r"[\s/,;]+", case.designation.casefold()) if len(w) > 2]
        named = [t for t in found if t.designation and any(w in t.designation.casefold() for w in words)]
        if named:
            return named
    if case.category:
        same = [t for t in found if t.category is case.category]
        if same:
            return same
    return found


def _only_years(t: Transfer, first: int, last: int) -> Transfer:
    if not t.delivery_years:
        return t
    years = tuple(y for y in t.delivery_years if first <= y <= last)
    if years == t.delivery_years:
        return t
    data = t.model_dump(exclude={"date_from", "date_to", "first_reported", "source_ids", "source_kinds"})
    return Transfer.model_validate({**data, "delivery_years": years})


def sipri_store(register: Path, cache_dir: Path) -> GraphStore:
    """The full SIPRI register ingested into an embedded store, cached under `cache_dir` by the file's name, size
    and modification time and the SIPRI name table (so a second run loads in seconds instead of re-parsing)."""
    import hashlib
    from importlib import resources

    from graph.memory_store import MemoryStore
    from ingest.pipeline import ingest
    from ingest.registers import open_register

    if not register.is_file():
        raise FileNotFoundError(f"{register}: SIPRI register not found")
    st = register.stat()
    names = resources.files("ingest").joinpath("sipri_names.yaml").read_bytes()
    key = hashlib.sha256(f"{register.resolve()}|{st.st_size}|{st.st_mtime_ns}|".encode() + names).hexdigest()[:16]
    path = cache_dir / f"sipri-{register.stem}-{key}.json.gz"
    if path.exists():
        return MemoryStore(path)
    store = MemoryStore(path)
    ingest(store, open_register("sipri", register), name=f"sipri: {register.name}")
    store.flush()
    return store


def register_flags(
    verdicts: list[Violation], names: dict[str, str] | None = None
) -> tuple[Counter[tuple[str, str]], Counter[tuple[str, str]]]:
    """(verdict, issuer) -> count of transfer x measure verdicts, and (supplier, recipient) -> transfers with at
    least one `violation`."""
    names = names or {}
    by_verdict: Counter[tuple[str, str]] = Counter()
    flagged: dict[str, tuple[str, str]] = {}
    for v in verdicts:
        by_verdict[(v.verdict.value, v.regime.issuer.value)] += 1
        if v.verdict is Verdict.VIOLATION:
            t = v.transfer
            flagged[t.id] = (names.get(t.supplier, t.supplier), names.get(t.recipient, t.recipient))
    return by_verdict, Counter(flagged.values())
