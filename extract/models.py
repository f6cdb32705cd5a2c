"""Plain data passed between the pipeline stages and written to the store.

Every offset in these records refers to the report text *as decoded* (the
original characters), never to the normalised matching text.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

EVENT_KINDS = ("point", "since", "until", "range", "published")
YEAR_BASES = ("explicit", "published", "context", "unknown")


@dataclass(frozen=True)
class DecodedText:
    """A report file turned into text: what the decoder chose and what it had to repair."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mention:
    """A date expression found in the normalised text, before it is resolved to a calendar day.

    ``year``/``month``/``day`` are what the expression writes (None where it leaves
    them out); ``relative_days`` is set for 次日/当日-style mentions instead.
    """

    start: int  # offsets in the normalised text
    end: int
    pattern: str
    kind: str = "point"
    year: int | None = None
    month: int | None = None
    day: int | None = None
    end_year: int | None = None
    end_month: int | None = None
    end_day: int | None = None
    month_only: bool = False
    relative_days: int | None = None
    relative_to: str | None = None  # "previous" (the day dated just before), "published", or "speech" (the story's day)
    year_offset: int | None = None  # 去年 -> -1: the year counted from the publication date
    month_offset: int | None = None  # 上个月 -> -1
    weekday: int | None = None  # Monday = 0
    week_offset: int | None = None  # 上周 -> -1; None for a bare 星期三 (the publication's week)
    part_of_month: str | None = None  # 上/中/下 (旬)
    nth_weekday: int | None = None  # 十月第一个星期一 -> 1 (with weekday 0); -1 for 最后一个
    lunar: tuple[int, int] | None = None  # lunar month and day
    festival: dict | None = None  # its entry in the festivals table
    context_only: bool = False  # sets the month for what follows (a chronicle's 4月 heading), no event
    planned: bool = False  # announced ahead: 将于, 计划, 拟于 … in its clause
    dateline: bool = False  # 本报北京9月28日电: the day the report was filed, its 今天
    time_of_day: str | None = None


@dataclass(frozen=True)
class ResolvedDate:
    """A mention placed on the calendar."""

    mention: Mention
    date: str  # ISO start day
    date_end: str | None
    year_basis: str
    anchor: str | None  # inherit-month | next-day | same-day | None


@dataclass
class ReportFacts:
    """What a report says about itself: title, publication, source, place, actors."""

    title: str = ""
    published: str | None = None  # ISO day
    published_span: tuple[int, int] | None = None  # original offsets of the date part
    source: str | None = None
    authors: list[str] = field(default_factory=list)
    city: str | None = None
    province: str | None = None
    year: int | None = None
    year_basis: str = "unknown"
    year_note: str = ""
    organizations: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Event:
    """One dated event: the row the store keeps and the JSONL contract writes."""

    doc: str
    title: str
    mention: str
    start: int
    end: int
    date: str
    date_end: str | None
    kind: str
    time_of_day: str | None
    year_basis: str
    anchor: str | None
    city: str | None
    province: str | None
    companies: list[str]
    summary: str
    passage: str
    passage_start: int
    passage_end: int
    doubt: str | None = None  # why the date is questionable (after the publication date, not announced as a plan)
    category: str = "other"  # key of rules/categories.toml (see extract/categories.py)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


#: The event's fields, declared once by the dataclass above: the store's table, its insert and
#: read, the dashboard's frame and the exports all derive from these.
EVENT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Event))
#: Fields holding lists (stored as JSON text).
EVENT_LIST_FIELDS: frozenset[str] = frozenset(f.name for f in fields(Event) if str(f.type).startswith("list["))
#: SQL column types of the event fields, from their annotations.
EVENT_SQL_TYPES: dict[str, str] = {
    f.name: {"int": "INTEGER NOT NULL", "str": "TEXT NOT NULL", "str | None": "TEXT", "int | None": "INTEGER"}.get(
        str(f.type), "TEXT NOT NULL"
    )
    for f in fields(Event)
}


@dataclass
class ReportResult:
    """Everything extracted from one report file."""

    name: str
    doc_hash: str
    text: str
    encoding: str
    warnings: list[str]
    facts: ReportFacts
    events: list[Event]


@dataclass(frozen=True)
class Failure:
    """A file that could not be read, with the reason in plain words."""

    path: str
    reason: str
