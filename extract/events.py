"""Events stage: turn a report's resolved dates into events with passage, summary and companies.

One event per date mention outside page furniture, plus one ``published`` event
for the publication date. Each carries its passage (the paragraph, in the
original characters), a one-line summary (the clause that holds the date, in
simplified form), the report's city and the organisations acting in it: those named
or referred back to (该集团, 公司) from its sentence or clause up to the next dated one,
else the subject its sentence carries over (orgs.ActorIndex). The publication event
carries all the report's organisations; with none, an organisation acting only in
undated sentences joins a dated event, so filtering by it still finds the report.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import replace

from .categories import categorise
from .document import DocumentFacts, Line
from .models import Event, Mention, ReportFacts, ResolvedDate
from .normalize import Normalized
from .orgs import ActorIndex, Organisation, last_match_end
from .places import City
from .resolve import YearCue

SUMMARY_MAX_CHARS = 80
# A passage longer than this (a report that is one long line) is cut to the sentences around the date.
PASSAGE_MAX_CHARS = 600
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_CLAUSE_END = re.compile(r"[,，、:：。！？!?；;\n]")
# What sets two dates in separate clauses (a list such as 4日、5日 is one clause).
_APART = re.compile(r"[,，:：。！？!?；;\n]")
# A date glued to the words before it (…组建东大化学工业(集团)公司1993年9月,…: a chronicle run together)
# opens a new entry; one after these (于, 至, 、, a break) is inside the clause of what precedes it.
_OPENS_CLAUSE_AFTER = set(",，、:：。！？!?；;\n \t\u3000于在至到从自及和与或截止")

_BASIS_NOTES = {
    "explicit": "a year is written in the text",
    "published": "taken from the publication date",
}


def build_events(
    text: str, name: str, norm: Normalized, doc: DocumentFacts, resolved: list[ResolvedDate], cue: YearCue,
    city: City | None, orgs: list[Organisation],
) -> tuple[ReportFacts, list[Event]]:
    """The report's facts and one event per resolved mention (plus the publication date's)."""
    facts = ReportFacts(
        title=doc.title,
        published=doc.published.isoformat() if doc.published else None,
        published_span=norm.span_to_original(*doc.published_span) if doc.published_span else None,
        source=doc.source,
        authors=doc.authors,
        city=city.short if city else None,
        province=city.province if city else None,
        organizations=[o.name for o in orgs],
    )
    builder = _EventBuilder(text, norm, doc, facts, orgs, name, [(r.mention.start, r.mention.end) for r in resolved])
    events = [builder.event(r) for r in resolved]
    if doc.published_span:
        events.insert(0, builder.published_event())
    else:
        _place_unplaced(events, orgs, builder)
    _set_year(facts, resolved, cue)
    return facts, events


def _place_unplaced(events: list[Event], orgs: list[Organisation], builder: _EventBuilder) -> None:
    """With no publication event to stand for the report, an organisation acting only in undated
    sentences (not one only cited) joins a dated event, so filtering by it still finds the report: the
    nearest one of the paragraph that first names it (山西省国资委坚持…。截至2月11日,… is its paragraph's
    event), else the report's first event, which stands for the report as the publication event would
    (not the nearest event of another paragraph, whose own actors it would blur)."""
    placed = {c for e in events for c in e.companies}
    for org in orgs:
        if org.name in placed or not events:
            continue
        at = builder.first_naming(org.name)
        if at is None:  # 学习贯彻省国资委部署: cited, it acts in no event
            continue
        same_paragraph = [e for e in events if e.passage_start <= at < e.passage_end]
        home = min(same_paragraph, key=lambda e: abs(e.start - at)) if same_paragraph else events[0]
        home.companies.append(org.name)


def content_mentions(mentions: list[Mention], doc: DocumentFacts) -> list[Mention]:
    """Mentions outside furniture lines, the publication date excluded (it becomes its own event), and
    with it the weekday that restates it (2019年11月15日 星期五)."""
    starts = [line.start for line in doc.lines]
    out = []
    for mention in mentions:
        if doc.published_span and mention.start < doc.published_span[1] and doc.published_span[0] < mention.end:
            continue
        if doc.published_span and 0 <= mention.start - doc.published_span[1] <= 2 and _plain_weekday(mention):
            continue
        index = bisect_right(starts, mention.start) - 1
        if index >= 0 and doc.lines[index].boilerplate:
            continue
        out.append(mention)
    return out


def _plain_weekday(m: Mention) -> bool:
    """星期五 alone: no week counted (上周五), no month (十月第一个星期一)."""
    return m.weekday is not None and m.week_offset is None and m.month is None


def _set_year(facts: ReportFacts, resolved: list[ResolvedDate], cue: YearCue) -> None:
    """The report's year: the most common year of its dated mentions, and how it was decided."""
    if not resolved:
        if facts.published:
            facts.year, facts.year_basis = int(facts.published[:4]), "published"
            facts.year_note = _BASIS_NOTES["published"]
        return
    (year, basis), _ = Counter((int(r.date[:4]), r.year_basis) for r in resolved).most_common(1)[0]
    facts.year, facts.year_basis = year, basis
    facts.year_note = _BASIS_NOTES.get(basis) or cue.reason


class _EventBuilder:
    """Turns resolved mentions of one report into events (passage, summary, companies)."""

    def __init__(
        self, text: str, norm: Normalized, doc: DocumentFacts, facts: ReportFacts,
        orgs: list[Organisation], name: str, dated: list[tuple[int, int]],
    ) -> None:
        self.text, self.norm, self.doc, self.facts, self.orgs, self.name = text, norm, doc, facts, orgs, name
        self._line_starts = [line.start for line in doc.lines]
        self._actors = ActorIndex(norm.text, orgs, doc.title, doc.head)
        self._dated = sorted(dated)
        self._dated_starts = [d[0] for d in self._dated]

    def _line_index(self, pos: int) -> int:
        return max(0, bisect_right(self._line_starts, pos) - 1)

    def _line(self, pos: int) -> Line:
        return self.doc.lines[self._line_index(pos)]

    def event(self, r: ResolvedDate) -> Event:
        m = r.mention
        ev = self._make(m.start, m.end, r.date, r.date_end, m.kind, m.time_of_day, r.year_basis, r.anchor)
        published = self.facts.published
        if published and r.date > published and not m.planned and ev.kind != "until":
            ev = replace(ev, doubt=f"after the report's publication date ({published}) and not announced as a plan")
        return ev

    def published_event(self) -> Event:
        start, end = self.doc.published_span
        return self._make(start, end, self.facts.published, None, "published", None, "explicit", None)

    def first_naming(self, name: str) -> int | None:
        """Offset (original text) of the first place ``name`` acts in the report, None if it is only cited."""
        pos = next((h[0] for h in self._actors.hits if h[2] == name), None)
        return None if pos is None else self.norm.span_to_original(pos, pos)[0]

    def _scope(self, start: int, end: int) -> tuple[int, int, int]:
        """The stretch an event's actors are read from, and where its sentence starts: its sentence
        (from the clause of the date when an earlier date shares the sentence) up to the next dated
        sentence or clause, within its paragraph. Dates side by side with no clause break between them
        (9月21日中秋节, 1月20日(腊月二十六), 4日、5日) share one stretch."""
        line = self._line(start)
        text = self.norm.text
        i = bisect_right(self._dated_starts, start) - 1
        sentence = s0 = last_match_end(_SENTENCE_END, text, line.start, start, line.start)
        j = i
        while j > 0 and self._dated[j - 1][1] > sentence:
            clauses = [m.end() for m in _CLAUSE_END.finditer(text, self._dated[j - 1][1], self._dated[j][0])]
            if _APART.search(text, self._dated[j - 1][1], self._dated[j][0]):
                s0 = clauses[-1]
                break
            j -= 1
        s1 = line.end
        k = i + 1
        while k < len(self._dated) and self._dated[k][0] < line.end:
            gap_start, gap_end = self._dated[k - 1][1] if k > i + 1 else end, self._dated[k][0]
            if _APART.search(text, gap_start, gap_end):
                sentence_ends = [m.end() for m in _SENTENCE_END.finditer(text, gap_start, gap_end)]
                clause_ends = [m.end() for m in _CLAUSE_END.finditer(text, gap_start, gap_end)]
                glued = text[gap_end - 1] not in _OPENS_CLAUSE_AFTER
                s1 = gap_end if glued and not sentence_ends else (sentence_ends or clause_ends)[-1]
                break
            k += 1
        return s0, s1, sentence

    def _companies(self, start: int, end: int, kind: str) -> list[str]:
        if kind == "published":  # the report itself: every organisation acting in it
            return [o.name for o in self.orgs]
        s0, s1, sentence = self._scope(start, end)
        return self._actors.acting(s0, s1, sentence, (start, end))

    def _make(self, start: int, end: int, date: str, date_end: str | None, kind: str,
              time_of_day: str | None, basis: str, anchor: str | None) -> Event:
        line = self._line(start)
        p_start, p_end = _passage_bounds(self.norm.text, line, start, end)
        o_start, o_end = self.norm.span_to_original(start, end)
        op_start, op_end = self.norm.span_to_original(p_start, p_end)
        summary = self.facts.title if kind == "published" else _summary(self.norm.text, p_start, p_end, start, end)
        return Event(
            doc=self.name, title=self.facts.title, mention=self.text[o_start:o_end], start=o_start, end=o_end,
            date=date, date_end=date_end, kind=kind, time_of_day=time_of_day, year_basis=basis, anchor=anchor,
            city=self.facts.city, province=self.facts.province,
            companies=self._companies(start, end, kind),
            summary=summary, passage=self.text[op_start:op_end], passage_start=op_start, passage_end=op_end,
            category=categorise(summary, self.norm.text[p_start:p_end]),
        )


def _passage_bounds(text: str, line: Line, start: int, end: int) -> tuple[int, int]:
    """The paragraph holding the mention, cut to whole sentences around it when very long."""
    if line.end - line.start <= PASSAGE_MAX_CHARS:
        return line.start, line.end
    half = PASSAGE_MAX_CHARS // 2
    lo, hi = max(line.start, start - half), min(line.end, end + half)
    before = [m.end() for m in _SENTENCE_END.finditer(text, lo, start)]
    after = _SENTENCE_END.search(text, end, hi)
    return (before[0] if before else lo), (after.end() if after else hi)


def _summary(text: str, p_start: int, p_end: int, start: int, end: int) -> str:
    """The sentence holding the date; if too long, the clauses around it, at most SUMMARY_MAX_CHARS."""
    s_start = last_match_end(_SENTENCE_END, text, p_start, start, p_start)
    after = _SENTENCE_END.search(text, end, p_end)
    s_end = after.end() if after else p_end
    if s_end - s_start > SUMMARY_MAX_CHARS:
        s_start = last_match_end(_CLAUSE_END, text, s_start, start, s_start)
        s_end = min(s_end, s_start + SUMMARY_MAX_CHARS)
        clause = text[s_start:s_end].strip()
        return clause if s_end == (after.end() if after else p_end) else clause + "…"
    return text[s_start:s_end].strip()
