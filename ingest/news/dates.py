"""When: the date expression inside a claim's clause, resolved against the publication date.

Returns partial ISO dates (graph.model.PartialDate) at the precision the text gives: "in August" -> "2022-08",
"mardi" -> "2022-09-06", "last year" -> "2021". A week has no partial-date form, so "la semaine dernière"
gives the
Monday that starts it (the claim's evidence keeps the phrase). Weekdays and "yesterday" go through dateparser;
month and year arithmetic is done here because dateparser only returns days.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from ingest.news.cues import SentenceCues
from ingest.news.lexicon import calendar_names, get_lexicon
from ingest.news.text import literal_hint

__all__ = ["DateMention", "find_date"]

_SLAVIC = ("ru", "uk", "pl")
_YEAR = r"(?<![\d.,])((?:19|20)\d\d)(?![\d.,]\d)"
_YEAR_RE = re.compile(_YEAR)
_KIND_NAMES = {kind: f"date:{kind}" for kind in ("yesterday", "last_week", "this_week", "last_month", "this_month",
                                                 "last_year", "this_year")}


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    when: str | None


@dataclass(frozen=True)
class _Calendar:
    months: re.Pattern[str]
    month_index: dict[str, int]
    weekdays: re.Pattern[str]
    weekday_index: dict[str, int]
    #: Finds something in every date expression (a digit, a month, weekday or relative-date word); None when
    #: the lexicon's date cues cannot be pre-checked.
    hint: re.Pattern[str] | None


@lru_cache(maxsize=16)
def _calendar(lang: str) -> _Calendar:
    months, days = calendar_names(lang)
    star = r"\w{0,3}" if lang in _SLAVIC else ""

    def alternation(keys: dict[str, int]) -> str:
        return "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))

    return _Calendar(
        hint=literal_hint([*get_lexicon(lang).date_entries, *months, *days], extra=[r"\d"]),
        months=re.compile(
            rf"(?:(?<!\d)(\d{{1,2}})\.?\s+)?(?<!\w)({alternation(months)}){star}(?!\w)"
            rf"(?:\s+(\d{{1,2}})(?!\d))?(?:,?\s+{_YEAR})?"
        ),
        month_index=months,
        weekdays=re.compile(rf"(?<!\w)({alternation(days)}){star}(?!\w)"),
        weekday_index=days,
    )


def _month_back(d: date, months: int) -> date:
    index = d.year * 12 + d.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def _weekday(published: date, weekday: int, expr: str, lang: str) -> str:
    """Most recent such weekday on or before publication (babel: 0 = Monday)."""
    try:
        import dateparser

        base = datetime.combine(published, datetime.min.time())
        parsed = dateparser.parse(
            expr, languages=[lang], settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"}
        )
        if parsed is not None and parsed.date() <= published and parsed.date().weekday() == weekday:
            return str(parsed.date().isoformat())
    except Exception:  # dateparser failing on an odd phrase must not lose the claim; compute it directly
        pass
    return (published - timedelta(days=(published.weekday() - weekday) % 7)).isoformat()


def find_date(
    folded: str,
    start: int,
    end: int,
    lang: str,
    published: date | None,
    cues: SentenceCues | None = None,
) -> DateMention | None:
    """The first date expression in folded[start:end], resolved; None if there is none. `cues`, the index of
    the sentence holding the span, saves running every relative-date pattern over it."""
    if cues is not None:  # which kinds of date expression can be there at all
        if cues.lacks("date:word", start, end):
            relative = months = weekdays = False
        else:
            relative = cues.has("date:any", start, end)
            months = cues.has("date:month", start, end)
            weekdays = published is not None and cues.has("date:weekday", start, end)
        no_year = folded.find("19", start, end) < 0 and folded.find("20", start, end) < 0
        if no_year and not (relative or months or weekdays):
            return None
    span = folded[start:end]
    cal = _calendar(lang)
    if cues is None:
        if cal.hint is not None and cal.hint.search(span) is None:
            return None
        relative = months = weekdays = True
    lex = get_lexicon(lang)
    found: list[tuple[int, int, str | None]] = []
    for kind, pattern in lex.dates.items():
        if pattern is None or not relative:
            continue
        if cues is not None:
            for s, e, _ in cues.finditer(_KIND_NAMES.get(kind) or f"date:{kind}", start, end):
                found.append((s - start, e - start, _relative(kind, published)))
            continue
        for m in pattern.finditer(span):
            found.append((m.start(), m.end(), _relative(kind, published)))
    for m in cal.months.finditer(span) if months else ():
        month_key = m.group(2)
        month = cal.month_index.get(month_key)
        if month is None:
            continue
        day = m.group(1) or m.group(3)
        year = int(m.group(4)) if m.group(4) else None
        if (
            month_key == "may"
            and lang == "en"
            and not (day or year or span[max(0, m.start() - 3) : m.start()] == "in ")
        ):
            continue  # the modal verb, not the month
        if year is None:
            if published is None:
                found.append((m.start(), m.end(), None))
                continue
            year = published.year if month <= published.month else published.year - 1
        when = f"{year:04d}-{month:02d}"
        if day and 1 <= int(day) <= 31:
            with contextlib.suppress(ValueError):  # "31 June": keep the month
                when = date(year, month, int(day)).isoformat()
        found.append((m.start(), m.end(), when))
    if published is not None and weekdays:
        for m in cal.weekdays.finditer(span):
            index = cal.weekday_index.get(m.group(1))
            if index is not None:
                found.append((m.start(), m.end(), _weekday(published, index, m.group(0), lang)))
    for m in _YEAR_RE.finditer(span):
        if not any(s <= m.start() < e for s, e, _ in found):
            found.append((m.start(), m.end(), m.group(1)))
    if not found:
        return None
    s, e, resolved = min(found, key=lambda f: (f[0], -f[1]))
    return DateMention(start=start + s, end=start + e, text=span[s:e], when=resolved)


def _relative(kind: str, published: date | None) -> str | None:
    if published is None:
        return None
    if kind == "yesterday":
        return (published - timedelta(days=1)).isoformat()
    if kind == "last_week":
        return (published - timedelta(days=published.weekday() + 7)).isoformat()
    if kind == "this_week":
        return (published - timedelta(days=published.weekday())).isoformat()
    if kind == "last_month":
        return _month_back(published, 1).strftime("%Y-%m")
    if kind == "this_month":
        return published.strftime("%Y-%m")
    if kind == "last_year":
        return str(published.year - 1)
    if kind == "this_year":
        return str(published.year)
    return None
