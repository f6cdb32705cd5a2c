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
from collections import Counter
from dataclasses import dataclass, replace
from functools import cache

import ahocorasick_rs
import chinese_calendar
from dateutil.easter import easter
from lunardate import LunarDate

from .first_char import required_words
from .models import Mention, ResolvedDate
from .recognise import chinese_number
from .rules import load_rules


@dataclass(frozen=True)
class YearCue:
    year: int
    basis: str  # context | unknown
    reason: str
    first: int | None = None  # the years the wording allows, where an era cue says
    last: int | None = None
    before: dt.date | None = None  # the earliest date the report announces as a plan: it was written before it


@dataclass(frozen=True)
class _Cue:
    """A cue regex, with the words one of which its every match holds (None: not known)."""

    regex: re.Pattern[str]
    words: frozenset[str] | None

    def found(self, text: str, present: set[str]) -> bool:
        return (self.words is None or not self.words.isdisjoint(present)) and self.regex.search(text) is not None


@dataclass(frozen=True)
class _EraCue:
    first: int
    last: int
    likely: int
    patterns: tuple[_Cue, ...]
    reason: str


@dataclass(frozen=True)
class _YearCueRules:
    context: list[tuple[int, list[_Cue], str]]
    era: list[_EraCue]
    words: list[str]  # every cue's words, in one automaton: most texts hold few, so few regexes are searched
    automaton: ahocorasick_rs.AhoCorasick


@cache
def year_cue_rules() -> _YearCueRules:
    rules = load_rules("years")

    def cue(regex: str) -> _Cue:
        return _Cue(re.compile(regex), required_words(regex))

    context = [(r["year"], [cue(p) for p in r["all"]], r["reason"]) for r in rules["context"]]
    era = [_EraCue(r["years"][0], r["years"][-1], r["likely"], tuple(cue(p) for p in r["any"]), r["reason"]) for r in rules["era"]]
    words = sorted({w for _, cues, _ in context for c in cues for w in c.words or ()}
                   | {w for e in era for c in e.patterns for w in c.words or ()})
    return _YearCueRules(context, era, words, ahocorasick_rs.AhoCorasick(words))


def year_from_content(text: str, today: dt.date | None = None) -> YearCue:
    """The year the content fixes (context), or the most plausible guess (unknown).

    Era cues are intervals: the years all the cues found allow are intersected (a cue that
    would empty the intersection is left out), and a single year left is a fact of the
    content; otherwise the most likely year among the narrowest cues is a guess.
    """
    rules = year_cue_rules()
    present = {rules.words[i] for i, _, _ in rules.automaton.find_matches_as_indexes(text, overlapping=True)}
    for year, cues, reason in rules.context:
        if all(c.found(text, present) for c in cues):
            return YearCue(year, "context", reason)
    typhoon = _numbered_typhoon(text)
    if typhoon is not None:
        return typhoon
    era = rules.era
    found = sorted((c for c in era if any(p.found(text, present) for p in c.patterns)), key=lambda c: c.last - c.first)
    if found:
        first, last, used = found[0].first, found[0].last, [found[0]]
        for cue in found[1:]:
            if max(first, cue.first) <= min(last, cue.last):
                first, last = max(first, cue.first), min(last, cue.last)
                used.append(cue)
        reasons = "; ".join(c.reason for c in used)
        if first == last:
            return YearCue(first, "context", reasons, first, last)
        written = [int(y) for y in re.findall(load_rules("years")["written_year"], text) if first <= int(y) <= last]
        if written:  # 2020年以来 in wording of 2020-2022: the text's own year beats a guess from wording
            likely = max(written)
            return YearCue(likely, "unknown", f"no full date; {first}-{last} from the wording, {likely} written in the text: {reasons}", first, last)
        votes: Counter[int] = Counter()
        for c in used:  # narrower cues weigh more: a 2020-only phrase outvotes 2020-2022 control wording
            votes[min(max(c.likely, first), last)] += 1 / (c.last - c.first + 1)
        likely = max(sorted(votes), key=lambda y: votes[y])
        return YearCue(likely, "unknown", f"no year in the text; {first}-{last} from the wording, {likely} assumed: {reasons}", first, last)
    this_year = (today or dt.date.today()).year
    written = [int(y) for y in re.findall(load_rules("years")["written_year"], text) if int(y) <= this_year]
    # 2011年度总结表彰大会: a year reviewed is over, the report written in a later one.
    written += [int(y) + 1 for y in re.findall(load_rules("years")["reviewed_year"], text) if int(y) < this_year]
    if written:
        return YearCue(max(written), "unknown", f"no year cue; {max(written)}, the latest year written in the text, assumed")
    return YearCue(this_year, "unknown", f"no year in the text and no cue; the current year {this_year} assumed")


def _numbered_typhoon(text: str) -> YearCue | None:
    """第6号台风“韦帕”: the one year in which that name had that number (years.toml, typhoons)."""
    if "台风" not in text:
        return None
    table = load_rules("years")["typhoons"]
    for match in re.finditer(table["numbered"], text):
        number, written = chinese_number(match["number"]), match["name"]
        name = next((written[:n] for n in (3, 2) if written[:n] in table["names"]), None)
        years = [int(y) for y, n in table["names"].get(name, {}).items() if n == number]
        if len(years) == 1:
            return YearCue(years[0], "context", f"typhoon No. {number} {name} is of {years[0]}")
    return None


@dataclass
class _Anchor:
    day: dt.date
    end: int  # normalised offset where the dating mention ended
    basis: str
    whole_month: bool = False  # dated by a whole month (2020年3月): no day for 次日 to count from


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
    mentions, cue = calendar_constraints(mentions, cue, published)
    plans = [dt.date(m.year, m.month or 1, 1) for m in mentions if m.planned and m.year and not m.context_only]
    if plans and cue.basis != "context":
        cue = replace(cue, before=min(plans))
    written_years = [m for m in mentions if m.year and not m.context_only and not m.planned]
    out: list[ResolvedDate] = []
    anchor = _Anchor(published, published_at, "published") if published and published_at is not None else None
    chain: tuple[int, int, str] | None = None  # year, month, basis of the last dated mention
    today: _Anchor | None = None  # the report's own today: its dateline's or signature's day, else its first 今天
    last = mentions[-1] if mentions else None
    if last is not None and last.dateline and last.year and last.month and last.day:  # a notice signed and dated at its end
        today = _Anchor(dt.date(last.year, last.month, last.day), last.end, "explicit")
    for mention in mentions:
        if mention.context_only:  # a chronicle's month heading, or a year written alone: context for what follows
            if mention.month is None:
                chain = (mention.year, 0, "explicit")
            else:
                year, basis = _year_for(mention, chain, published, cue, written_years, settings)
                chain = (year, mention.month, basis)
            continue
        try:
            resolved = _resolve_one(mention, anchor, today, chain, published, cue, written_years, settings)
        except (ValueError, OverflowError):  # 2月30日, or a relative day past the calendar's ends
            if rejected is not None:
                rejected.append(mention)
            continue
        if resolved is None:
            continue
        out.append(resolved)
        if mention.dateline:  # 本报北京9月28日电: the day the report was filed is its 今天, whatever the page's date
            today = _Anchor(dt.date.fromisoformat(resolved.date), mention.end, resolved.year_basis)
        elif today is None and published is None and mention.relative_to == "published" and mention.relative_days is not None:
            # No publication date: the first 今天/昨天 fixes the report's today for the rest.
            today = _Anchor(dt.date.fromisoformat(resolved.date) - dt.timedelta(days=mention.relative_days), mention.end,
                            resolved.year_basis)
        if mention.planned and (mention.year or mention.year_offset is not None):
            continue  # 将于2021年6月竣工, 将于明年1月1日休刊 announce the future: the story's own year and day go on
        start = dt.date.fromisoformat(resolved.date)
        anchor = _Anchor(start, mention.end, resolved.year_basis, mention.month_only)
        if mention.month is not None or mention.relative_days is None:
            chain = (start.year, start.month, resolved.year_basis)
    return out


def _resolve_one(
    m: Mention,
    anchor: _Anchor | None,
    today: _Anchor | None,
    chain: tuple[int, int, str] | None,
    published: dt.date | None,
    cue: YearCue,
    written_years: list[Mention],
    settings: dict,
) -> ResolvedDate | None:
    if m.relative_days is not None:
        delta = dt.timedelta(days=m.relative_days)
        near = anchor is not None and m.start - anchor.end <= settings["relative_max_gap"]
        if m.relative_to == "speech" and near:  # 今天 said at the press conference the paragraph just dated
            return _point(m, anchor.day + delta, anchor.basis, None)
        if m.relative_to in ("published", "speech"):
            if today is not None:  # the dateline's day (本报北京9月28日电 … 今天), or the report's first 今天
                return _point(m, today.day + delta, today.basis, None)
            if published is not None:
                return _point(m, published + delta, "published", "same-day" if m.relative_days == 0 else "next-day")
        # 次日, or 今天 in a report without a publication date: from the day dated just before (not from a
        # whole month: 2020年3月…不过次日,公司再发公告 names no day)
        if not near or anchor.whole_month:
            return None
        return _point(m, anchor.day + delta, anchor.basis, {1: "next-day", 0: "same-day"}.get(m.relative_days))

    if m.relative_to == "published" and m.year_offset is None:  # 上周二, 上个月15号
        if published is not None:
            return _point(m, _from_published(m, published), "published", None)
        explicit = m.week_offset is not None or m.month_offset is not None  # 上周二, 本月15日; a bare 星期天 needs a publication
        if not explicit or anchor is None or m.start - anchor.end > settings["relative_max_gap"]:
            return None
        return _point(m, _from_published(m, anchor.day), anchor.basis, None)  # no publication: from the day just dated
    if (m.lunar is not None or m.festival is not None) and m.year:  # 2019年中秋节, 二零一二年农历正月十五
        return _point(m, _festival_day(m, m.year), "explicit", None)
    if (m.lunar is not None or m.festival is not None) and m.year_offset is not None and published is not None:
        return _point(m, _festival_day(m, published.year + m.year_offset), "published", None)  # 明年元旦
    if m.lunar is not None or m.festival is not None:
        near = anchor is not None and m.start - anchor.end <= settings["relative_max_gap"]
        reference, basis = (anchor.day, anchor.basis) if near else (
            (published, "published") if published else (dt.date(cue.year, 7, 1), cue.basis)
        )
        return _point(m, _festival_near(m, reference, settings), basis, None)

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

    if m.month_only:  # the whole month, or its 上旬/中旬/下旬
        first, last = _MONTH_PARTS.get(m.part_of_month, (1, 31))
        start = dt.date(year, month, first)
        end_month = m.end_month or month  # 2019年3月至6月 ends with June
        end_year = year + 1 if end_month < month else year
        end = dt.date(end_year, end_month, min(last, calendar.monthrange(end_year, end_month)[1]))
        return ResolvedDate(m, start.isoformat(), end.isoformat(), basis, anchor_kind)
    start = dt.date(year, month, m.day) if m.nth_weekday is None else _nth_weekday(year, month, m.nth_weekday, m.weekday)
    end = None
    if m.end_day is not None:
        end_month = m.end_month or month
        end_year = m.end_year or (year + 1 if end_month < month else year)
        end_day = dt.date(end_year, end_month, m.end_day)
        if end_day < start:
            raise ValueError("range ends before it starts")
        end = end_day.isoformat()
    return ResolvedDate(m, start.isoformat(), end, basis, anchor_kind)


_MONTH_PARTS = {"上": (1, 10), "中": (11, 20), "下": (21, 31)}


def _from_published(m: Mention, published: dt.date) -> dt.date:
    """A weekday (上周二: the publication's week, shifted) or a day of a month counted from it (上个月15号)."""
    if m.weekday is not None:
        monday = published - dt.timedelta(days=published.weekday())
        return monday + dt.timedelta(days=7 * (m.week_offset or 0) + m.weekday)
    year, month = divmod(published.year * 12 + published.month - 1 + m.month_offset, 12)
    return dt.date(year, month + 1, m.day)


def _nth_weekday(year: int, month: int, nth: int, weekday: int) -> dt.date:
    """The n-th (or, for -1, the last) given weekday of a month: 十月第一个星期一, 母亲节."""
    days = [d for d in (dt.date(year, month, 1) + dt.timedelta(days=i) for i in range(31)) if d.month == month]
    matching = [d for d in days if d.weekday() == weekday]
    if nth > len(matching):
        raise ValueError("the month has no such weekday")
    return matching[nth - 1] if nth > 0 else matching[-1]


def _festival_near(m: Mention, reference: dt.date, settings: dict) -> dt.date:
    """The last occurrence up to shortly after ``reference`` (reports tell what has happened), else the next."""
    days = _festival_days(m, reference.year)
    latest = reference + dt.timedelta(days=settings["plan_horizon_days" if m.planned else "future_tolerance_days"])
    past = [d for d in days if d <= latest]
    return max(past) if past else min(days)


def _festival_days(m: Mention, year: int) -> list[dt.date]:
    """The festival's or lunar date's solar days in the years around ``year`` (lunardate's tables, 1900-2099)."""
    days = []
    for y in (year - 1, year, year + 1):
        try:
            days.append(_festival_day(m, y))
        except ValueError:  # a lunar day some years lack (腊月三十), or outside the tables
            continue
    if not days:
        raise ValueError("no such lunar day near that year")
    return days


def _festival_day(m: Mention, year: int) -> dt.date:
    if m.lunar is not None:
        return LunarDate(year, *m.lunar).to_solar_date()
    fest = m.festival
    if fest.get("eve"):
        return LunarDate(year + 1, 1, 1).to_solar_date() - dt.timedelta(days=1)
    if "lunar" in fest:
        return LunarDate(year, *fest["lunar"]).to_solar_date()
    if "solar_term" in fest:
        return _solar_term(year, fest["solar_term"])
    if fest.get("easter"):
        return easter(year)
    if "nth_weekday" in fest:
        return _nth_weekday(year, *fest["nth_weekday"])
    return dt.date(year, *fest["solar"])


def _solar_term(year: int, name: str) -> dt.date:
    """The day of a solar term (清明, 冬至) in ``year``, from chinese_calendar's tables (1900-2100)."""
    for day, term in chinese_calendar.get_solar_terms(dt.date(year, 1, 1), dt.date(year, 12, 31)):
        if term == name:
            return day
    raise ValueError(f"no solar term {name} in {year}")


def calendar_constraints(mentions: list[Mention], cue: YearCue, published: dt.date | None) -> tuple[list[Mention], YearCue]:
    """A weekday or festival written right after a month-day (9月21日中秋节, 2月11日(星期二)) holds only
    in some years: where it fixes one year the report's wording allows, that year becomes the
    content's year. A weekday so written is a check, not an event of its own."""
    text_years = set()
    keep = []
    for i, m in enumerate(mentions):
        prev = mentions[i - 1] if i else None
        if prev is not None and m.relative_days == 0 and m.start == prev.end and prev.day:
            continue  # 12月28日当天 is one day, written twice
        beside = prev is not None and prev.month and prev.day and prev.relative_to is None and 0 <= m.start - prev.end <= 2
        if beside and prev.year and m.weekday is not None and m.week_offset is None and m.month is None:
            continue  # 2011年09月29日 星期四: the weekday only restates the date
        beside = beside and not prev.year
        if beside and (m.festival is not None or m.lunar is not None or (m.weekday is not None and m.week_offset is None and m.month is None)):
            text_years.add(frozenset(_years_where(prev, m, cue, published)))
            if m.weekday is not None:
                continue
        keep.append(m)
    fixed = {next(iter(ys)) for ys in text_years if len(ys) == 1}
    if len(fixed) == 1 and cue.basis != "context":
        year = fixed.pop()
        cue = YearCue(year, "context", f"a weekday or festival written beside a date holds only in {year}", year, year)
    return keep, cue


def _years_where(day_mention: Mention, check: Mention, cue: YearCue, published: dt.date | None) -> list[int]:
    if cue.first is not None:
        window = range(cue.first - 1, cue.last + 2)
    elif published is not None:
        window = range(published.year - 1, published.year + 1)
    else:
        this_year = dt.date.today().year
        window = range(this_year - 12, this_year + 1)
    years = []
    for year in window:
        try:
            day = dt.date(year, day_mention.month, day_mention.day)
            if check.weekday is not None:
                ok = day.weekday() == check.weekday
            else:  # a lunar date in solar January may belong to the lunar year before
                ok = day in {_festival_day(check, y) for y in (year - 1, year)}
        except ValueError:
            continue
        if ok:
            years.append(year)
    return years


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
    if m.year_offset is not None and m.relative_to == "previous" and chain is not None:  # 次年4月
        return chain[0] + m.year_offset, chain[2]
    if m.year_offset is not None:  # 去年10月: counted from the publication, else from the year in force
        base, basis = (published.year, "published") if published else ((chain[0], chain[2]) if chain else (cue.year, cue.basis))
        return base + m.year_offset, basis
    from_publication = _year_before(published, m.month, m.day, settings, m.planned or m.kind == "since") if published else None
    if (
        from_publication is not None and cue.basis == "context" and cue.year != from_publication
        and any(w.year == cue.year for w in written_years) and not any(w.year == published.year for w in written_years)
    ):  # the page's date stamp is contradicted by both the content and a year written in the text (and no
        # date written in its own year backs it: 2020年2月3日出征雷神山到2022年3月3日… looks back from 2022)
        return cue.year, "context"
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
    year = cue.year
    while cue.before and dt.date(year, m.month, min(m.day or 1, 28)) > cue.before:
        year -= 1  # 将于2021年6月竣工 was written before June 2021: its 9月 is September 2020
    return year, cue.basis


def _year_before(published: dt.date, month: int, day: int | None, settings: dict, announced: bool = False) -> int:
    """The year that puts month-day on or before the publication date, or after it when announced (a plan)."""
    year = published.year
    ahead = settings["plan_horizon_days"] if announced else settings["future_tolerance_days"]
    if (dt.date(year, month, min(day or 1, 28)) - published).days > ahead:
        year -= 1
    return year


def _roll(year: int, last_month: int, month: int, settings: dict) -> int:
    """12月 then 1月 is the next year; 1月 then 12月 the year before (narratives run forward).

    A year written alone (2021年, last_month 0) carries no month to roll from."""
    drop = settings["rollover_min_month_drop"]
    if not last_month:
        return year
    if last_month - month >= drop:
        return year + 1
    if month - last_month >= drop:
        return year - 1
    return year
