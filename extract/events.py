"""Events stage: run the text stages on one report and turn resolved dates into events.

One event per date mention outside page furniture, plus one ``published`` event
for the publication date. Each carries its passage (the paragraph, in the
original characters), a one-line summary (the clause that holds the date, in
simplified form), the report's city and its organisations: first those its passage
names, then those of its episode. An episode is a dated paragraph with the undated
paragraphs nearest to it (reports narrate around their dates), so an organisation
acting in an undated paragraph is still found on the timeline, next to the dates
closest to what it did.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter

from .categories import categorise
from .document import DocumentFacts, Line, read_facts
from .models import Event, Mention, ReportFacts, ResolvedDate
from .normalize import Normalized, normalize
from .orgs import Organisation, find_organisations, index_names
from .places import locate
from .recognise import recognise
from .resolve import YearCue, resolve, year_from_content

SUMMARY_MAX_CHARS = 80
# A passage longer than this (a report that is one long line) is cut to the sentences around the date.
PASSAGE_MAX_CHARS = 600
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_CLAUSE_END = re.compile(r"[,，、:：。！？!?；;\n]")

_BASIS_NOTES = {
    "explicit": "a year is written in the text",
    "published": "taken from the publication date",
}


def build_events(text: str, name: str) -> tuple[ReportFacts, list[Event], list[str]]:
    """Facts, events and warnings (dates that cannot exist, …) of one decoded report text."""
    norm = normalize(text)
    doc = read_facts(norm.text)
    mentions = _content_mentions(norm.text, doc)
    cue = year_from_content(norm.text)
    rejected: list[Mention] = []
    published_at = doc.published_span[1] if doc.published_span else None
    resolved = resolve(mentions, doc.published, cue, rejected, published_at)
    warnings = [
        f"left out a date that cannot exist: {text[a:b]}" for a, b in (norm.span_to_original(m.start, m.end) for m in rejected)
    ]
    # Place and actors come from the report's own lines, not from menus and links to other stories.
    content = "\n".join(line.text for line in doc.lines if not line.boilerplate)
    city = locate(content, doc.title)
    orgs = find_organisations(content, doc.title)
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
    builder = _EventBuilder(text, norm, doc, facts, orgs, name, {r.mention.start for r in resolved})
    events = [builder.event(r) for r in resolved]
    if doc.published_span:
        events.insert(0, builder.published_event())
    _set_year(facts, resolved, cue)
    return facts, events, warnings


def _content_mentions(text: str, doc: DocumentFacts) -> list[Mention]:
    """Mentions outside furniture lines, the publication date excluded (it becomes its own event)."""
    starts = [line.start for line in doc.lines]
    out = []
    for mention in recognise(text):
        if doc.published_span and mention.start < doc.published_span[1] and doc.published_span[0] < mention.end:
            continue
        index = bisect_right(starts, mention.start) - 1
        if index >= 0 and doc.lines[index].boilerplate:
            continue
        out.append(mention)
    return out


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
        orgs: list[Organisation], name: str, dated_starts: set[int],
    ) -> None:
        self.text, self.norm, self.doc, self.facts, self.orgs, self.name = text, norm, doc, facts, orgs, name
        self._line_starts = [line.start for line in doc.lines]
        self._main = [orgs[0].name] if orgs else []
        self._named = index_names(norm.text, orgs)
        self._episode_orgs = self._episodes({self._line_index(p) for p in dated_starts})

    def _line_index(self, pos: int) -> int:
        return max(0, bisect_right(self._line_starts, pos) - 1)

    def _line(self, pos: int) -> Line:
        return self.doc.lines[self._line_index(pos)]

    def _episodes(self, dated: set[int]) -> dict[int, list[str]]:
        """Organisations of the undated paragraphs, gathered on the nearest dated paragraph."""
        if not dated or not self.orgs:
            return {}
        ordered = sorted(dated)
        gathered: dict[int, list[str]] = {i: [] for i in ordered}
        for index, line in enumerate(self.doc.lines):
            if line.boilerplate or index in dated or index == self.doc.title_line:
                continue
            after = bisect_right(ordered, index)
            neighbours = ordered[max(0, after - 1):after + 1]
            nearest = min(neighbours, key=lambda d: (abs(d - index), d > index))
            gathered[nearest].extend(self._named.between(line.start, line.end))
        return {i: list(dict.fromkeys(names)) for i, names in gathered.items()}

    def event(self, r: ResolvedDate) -> Event:
        m = r.mention
        return self._make(m.start, m.end, r.date, r.date_end, m.kind, m.time_of_day, r.year_basis, r.anchor)

    def published_event(self) -> Event:
        start, end = self.doc.published_span
        return self._make(start, end, self.facts.published, None, "published", None, "explicit", None)

    def _make(self, start: int, end: int, date: str, date_end: str | None, kind: str,
              time_of_day: str | None, basis: str, anchor: str | None) -> Event:
        line = self._line(start)
        p_start, p_end = _passage_bounds(self.norm.text, line, start, end)
        o_start, o_end = self.norm.span_to_original(start, end)
        op_start, op_end = self.norm.span_to_original(p_start, p_end)
        named = self._named.between(p_start, p_end)
        episode = [o for o in self._episode_orgs.get(self._line_index(start), []) if o not in named]
        summary = self.facts.title if kind == "published" else _summary(self.norm.text, p_start, p_end, start, end)
        return Event(
            doc=self.name, title=self.facts.title, mention=self.text[o_start:o_end], start=o_start, end=o_end,
            date=date, date_end=date_end, kind=kind, time_of_day=time_of_day, year_basis=basis, anchor=anchor,
            city=self.facts.city, province=self.facts.province,
            companies=(named + episode) or list(self._main),
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
    before = [m.end() for m in _SENTENCE_END.finditer(text, p_start, start)]
    s_start = before[-1] if before else p_start
    after = _SENTENCE_END.search(text, end, p_end)
    s_end = after.end() if after else p_end
    if s_end - s_start > SUMMARY_MAX_CHARS:
        clause_starts = [m.end() for m in _CLAUSE_END.finditer(text, s_start, start)]
        s_start = clause_starts[-1] if clause_starts else s_start
        s_end = min(s_end, s_start + SUMMARY_MAX_CHARS)
        clause = text[s_start:s_end].strip()
        return clause if s_end == (after.end() if after else p_end) else clause + "…"
    return text[s_start:s_end].strip()
