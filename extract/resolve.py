"""Resolve stage: put each recognised mention on the calendar, using the text around it.

A day-only mention (25日) takes the month of the last dated mention; a relative
day (次日, 当日) counts from the last dated day if that was just before it. The
year comes from, in order: a year written earlier in the text; the publication
date; a year written later in the text; a content cue (rules/years.toml); else it
is unknown and the most plausible year is used, saying so. A carried year gives
way to the publication date when it would date the mention long before
publication, or back in time from the date it was carried from (2023年11月 …
6月20号 in a report of 2024-06-18 is June 2024: narratives run forward).
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from .models import Mention, ResolvedDate
from .rules import load_rules


@dataclass(frozen=True)
class YearCue:
    year: int
    basis: str  # context | unknown
    reason: str


@cache
def year_cue_rules() -> tuple[list[tuple[int, list[re.Pattern[str]], str]], list[tuple[int, list[re.Pattern[str]], str]]]:
    rules = load_rules("years")
    context = [(r["year"], [re.compile(p) for p in r["all"]], r["reason"]) for r in rules["context"]]
    era = [(r["guess"], [re.compile(p) for p in r["any"]], r["reason"]) for r in rules["era"]]
    return context, era


def year_from_content(text: str, today: dt.date | None = None) -> YearCue:
    """The year the content fixes (context), or the most plausible guess (unknown)."""
    context, era = year_cue_rules()
    for year, patterns, reason in context:
        if all(p.search(text) for p in patterns):
            return YearCue(year, "context", reason)
    for year, patterns, reason in era:
        if any(p.search(text) for p in patterns):
            return YearCue(year, "unknown", f"no year in the text; {year} assumed: {reason}")
    this_year = (today or dt.date.today()).year
    return YearCue(this_year, "unknown", f"no year in the text and no cue; the current year {this_year} assumed")


@dataclass
class _Anchor:
    day: dt.date
    end: int  # normalised offset where the dating mention ended
    basis: str


def _settings() -> dict:
    return load_rules("dates")["resolve"]


def resolve(
    mentions: list[Mention],
    published: dt.date | None,
    cue: YearCue,
    rejected: list[Mention] | None = None,
    published_at: int | None = None,
) -> list[ResolvedDate]:
    """Calendar dates for ``mentions`` (in text order); impossible ones (2月30日) are left out
    and added to ``rejected`` so the caller can warn. ``published_at`` is where the publication
    date ends in the text: a 当日 right after it means the day of publication."""
    settings = _settings()
    written_years = [m for m in mentions if m.year]
    out: list[ResolvedDate] = []
    anchor = _Anchor(published, published_at, "published") if published and published_at is not None else None
    chain: tuple[int, int, str] | None = None  # year, month, basis of the last dated mention
    for mention in mentions:
        try:
            resolved = _resolve_one(mention, anchor, chain, published, cue, written_years, settings)
        except (ValueError, OverflowError):  # 2月30日, or a relative day past the calendar's ends
            if rejected is not None:
                rejected.append(mention)
            continue
        if resolved is None:
            continue
        out.append(resolved)
        start = dt.date.fromisoformat(resolved.date)
        anchor = _Anchor(start, mention.end, resolved.year_basis)
        if mention.month is not None or mention.relative_days is None:
            chain = (start.year, start.month, resolved.year_basis)
    return out


def _resolve_one(
    m: Mention,
    anchor: _Anchor | None,
    chain: tuple[int, int, str] | None,
    published: dt.date | None,
    cue: YearCue,
    written_years: list[Mention],
    settings: dict,
) -> ResolvedDate | None:
    if m.relative_days is not None:
        if m.relative_to == "published":
            if published is None:
                return None
            day = published + dt.timedelta(days=m.relative_days)
            return _point(m, day, "published", "same-day" if m.relative_days == 0 else "next-day")
        if anchor is None or m.start - anchor.end > settings["relative_max_gap"]:
            return None
        day = anchor.day + dt.timedelta(days=m.relative_days)
        return _point(m, day, anchor.basis, "next-day" if m.relative_days > 0 else "same-day")

    anchor_kind = None
    if m.month is None:  # 25日: the month (and year) of the last dated mention, or of the publication
        if chain is not None:
            year, month, basis = chain
        elif published is not None:
            year, month, basis = published.year, published.month, "published"
        else:
            return None
        anchor_kind = "inherit-month"
    else:
        month = m.month
        year, basis = _year_for(m, chain, published, cue, written_years, settings)

    if m.month_only:
        start = dt.date(year, month, 1)
        end = dt.date(year, month, calendar.monthrange(year, month)[1])
        return ResolvedDate(m, start.isoformat(), end.isoformat(), basis, anchor_kind)
    start = dt.date(year, month, m.day)
    end = None
    if m.end_day is not None:
        end_month = m.end_month or month
        end_year = m.end_year or (year + 1 if end_month < month else year)
        end_day = dt.date(end_year, end_month, m.end_day)
        if end_day < start:
            raise ValueError("range ends before it starts")
        end = end_day.isoformat()
    return ResolvedDate(m, start.isoformat(), end, basis, anchor_kind)


def _point(m: Mention, day: dt.date, basis: str, anchor: str) -> ResolvedDate:
    return ResolvedDate(m, day.isoformat(), None, basis, anchor)


def _year_for(
    m: Mention,
    chain: tuple[int, int, str] | None,
    published: dt.date | None,
    cue: YearCue,
    written_years: list[Mention],
    settings: dict,
) -> tuple[int, str]:
    if m.year:
        return m.year, "explicit"
    from_publication = _year_before(published, m.month, m.day, settings) if published else None
    if chain is not None and chain[2] == "explicit":
        carried = _roll(chain[0], chain[1], m.month, settings)
        day = dt.date(carried, m.month, min(m.day or 1, 28))
        backwards = (carried, m.month) < (chain[0], chain[1])
        if published is None or (
            (published - day).days <= settings["carried_year_max_age_days"] and not (backwards and from_publication != carried)
        ):
            return carried, "explicit"
    if from_publication is not None:
        return from_publication, "published"
    later = next((w for w in written_years if w.start > m.start), None)
    if later is not None:
        return later.year, "explicit"
    if chain is not None:
        return _roll(chain[0], chain[1], m.month, settings), chain[2]
    return cue.year, cue.basis


def _year_before(published: dt.date, month: int, day: int | None, settings: dict) -> int:
    """The year that puts month-day on or before the publication date (or shortly after: a plan)."""
    year = published.year
    if (dt.date(year, month, min(day or 1, 28)) - published).days > settings["future_tolerance_days"]:
        year -= 1
    return year


def _roll(year: int, last_month: int, month: int, settings: dict) -> int:
    """12月 then 1月 is the next year; 1月 then 12月 the year before (narratives run forward)."""
    drop = settings["rollover_min_month_drop"]
    if last_month - month >= drop:
        return year + 1
    if month - last_month >= drop:
        return year - 1
    return year
