"""Score the extractor against labeled JSONL: precision, recall and F1 over (supplier, recipient) pairs
asserted
as happening, status accuracy on matched pairs, and affirmative claims on pairs labeled as not transfers.

Labeled line: {"id", "lang", "published", "text" | "path", "transfers": [{"supplier", "recipient", "status"}],
"not": [["US", "RU"], ...]}. `path` is resolved against the repository root. Actors are ISO codes for states
and
names for groups ("Houthis").
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from graph.model import Actor
from graph.vocab import ActorKind
from ingest.news.claims import Claim
from ingest.news.documents import parse_date

__all__ = ["EvalReport", "LangScore", "actor_key", "evaluate"]

_REPO = Path(__file__).resolve().parents[2]


class _Extracts(Protocol):
    def extract(self, text: str, published: Any = None, lang: str | None = None) -> list[Claim]: ...


@dataclass
class LangScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    status_ok: int = 0
    not_fp: int = 0
    items: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def status_accuracy(self) -> float:
        return self.status_ok / self.tp if self.tp else 1.0

    def add(self, other: LangScore) -> None:
        for name in ("tp", "fp", "fn", "status_ok", "not_fp", "items"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def to_json(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "status_accuracy": round(self.status_accuracy, 4),
            "not_false_positives": self.not_fp,
        }


@dataclass
class EvalReport:
    by_lang: dict[str, LangScore]
    overall: LangScore
    #: One line per disagreement: "id: fp KP>RU" / "fn IR>RU" / "status IR>RU alleged != delivered".
    errors: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "overall": self.overall.to_json(),
            "by_lang": {k: v.to_json() for k, v in sorted(self.by_lang.items())},
            "errors": self.errors,
        }

    def to_table(self) -> str:
        head = f"{'lang':<8}{'items':>6}{'P':>8}{'R':>8}{'F1':>8}{'status':>8}{'not-FP':>8}"
        rows = [head, "-" * len(head)]
        for name, score in [*sorted(self.by_lang.items()), ("overall", self.overall)]:
            rows.append(
                f"{name:<8}{score.items:>6}{score.precision:>8.3f}{score.recall:>8.3f}{score.f1:>8.3f}"
                f"{score.status_accuracy:>8.3f}{score.not_fp:>8}"
            )
        return "\n".join(rows)


def actor_key(actor: Actor) -> str:
    """How labeled files name an actor: the ISO code of a state, the name of a group."""
    return actor.id if actor.kind is ActorKind.STATE else actor.name


def _text(record: dict[str, Any], base: Path) -> str:
    if isinstance(record.get("text"), str):
        return str(record["text"])
    return (base / str(record["path"])).read_text(encoding="utf-8")


def evaluate(labeled_path: Path, extractor: _Extracts) -> EvalReport:
    """Run `extractor` over every labeled line and score it. Cost: one extraction per line."""
    by_lang: dict[str, LangScore] = defaultdict(LangScore)
    errors: list[str] = []
    for line in Path(labeled_path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        try:
            text = _text(record, _REPO)
        except OSError as exc:  # a `path` record whose file is absent (../shared beside the checkout): not scored
            errors.append(f"{record.get('id')}: not scored, text unreadable ({exc.strerror}: {exc.filename})")
            continue
        lang = str(record.get("lang") or "?")
        score = by_lang[lang]
        score.items += 1
        claims = extractor.extract(text, published=parse_date(record.get("published")), lang=record.get("lang"))
        gold = {
            (t["supplier"], t["recipient"]): t["status"]
            for t in record.get("transfers") or []
            if t["status"] != "denied"
        }
        negative = {tuple(p) for p in record.get("not") or []}
        negative |= {
            (t["supplier"], t["recipient"]) for t in record.get("transfers") or [] if t["status"] == "denied"
        }
        predicted: dict[tuple[str, str], str] = {}
        for c in claims:
            if c.status.affirmative:
                predicted[(actor_key(c.supplier), actor_key(c.recipient))] = c.status.value
        rid = record.get("id")
        for pair, status in predicted.items():
            if pair in gold:
                score.tp += 1
                if status == gold[pair]:
                    score.status_ok += 1
                else:
                    errors.append(f"{rid}: status {pair[0]}>{pair[1]} {status} != {gold[pair]}")
            else:
                score.fp += 1
                errors.append(f"{rid}: fp {pair[0]}>{pair[1]} ({status})")
                if pair in negative:
                    score.not_fp += 1
        for pair in gold:
            if pair not in predicted:
                score.fn += 1
                errors.append(f"{rid}: fn {pair[0]}>{pair[1]}")
    overall = LangScore()
    for score in by_lang.values():
        overall.add(score)
    return EvalReport(by_lang=dict(by_lang), overall=overall, errors=errors)


if __name__ == "__main__":  # python -m ingest.news.evaluate tests/data/news-dev.jsonl
    import sys

    from ingest.news.extract import get_extractor

    report = evaluate(Path(sys.argv[1]), get_extractor())
    print(report.to_table())
    if "-v" in sys.argv:
        print("\n".join(report.errors))
