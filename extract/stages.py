"""The stages of one report's extraction, each a small function over the report's state.

Each stage reads the fields earlier stages filled in and fills its own, so a stage can
be run and tested alone on a hand-made state. Their order is declared once, in
``extract.pipeline.STAGES``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .decode import decode_bytes
from .document import DocumentFacts, read_facts
from .events import build_events, content_mentions
from .metadata import ReportMeta
from .models import Event, Mention, ReportFacts, ResolvedDate
from .normalize import Normalized, normalize
from .orgs import Organisation, find_organisations
from .places import City, city_named, locate
from .recognise import recognise
from .resolve import YearCue, resolve, year_from_content


@dataclass
class ReportState:
    """What is known about one report so far."""

    name: str
    data: bytes = b""
    meta: ReportMeta | None = None  # the reports folder's manifest row, if any
    text: str = ""
    encoding: str = "utf-8"
    warnings: list[str] = field(default_factory=list)
    norm: Normalized | None = None
    doc: DocumentFacts | None = None
    content: str = ""  # the report's own lines: no menus, no links to other stories
    mentions: list[Mention] = field(default_factory=list)
    year_cue: YearCue | None = None
    resolved: list[ResolvedDate] = field(default_factory=list)
    city: City | None = None
    organizations: list[Organisation] = field(default_factory=list)
    facts: ReportFacts | None = None
    events: list[Event] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # facts taken from outside the text, said on the report


def decode(state: ReportState) -> None:
    """Bytes to text (raises UnreadableReport for files that are not reports)."""
    decoded = decode_bytes(state.data, state.name)
    state.text, state.encoding = decoded.text, decoded.encoding
    state.warnings.extend(decoded.warnings)


def normalise(state: ReportState) -> None:
    """Simplified, folded text for matching, with a map back to the original offsets."""
    state.norm = normalize(state.text)


def recognise_dates(state: ReportState) -> None:
    """Every date expression in the text, not yet placed on the calendar (one pass over the text)."""
    state.mentions = list(recognise(state.norm.text))


def document_facts(state: ReportState) -> None:
    """Lines, page furniture, title, publication date, source, authors; the dates of the report's own lines."""
    state.doc = read_facts(state.norm.text, state.mentions)
    state.mentions = content_mentions(state.mentions, state.doc)
    state.content = "\n".join(line.text for line in state.doc.lines if not line.boilerplate)


def report_metadata(state: ReportState) -> None:
    """The manifest's publication date and title win over the text's; a date in the address fills a gap."""
    meta = state.meta
    if meta is None:
        return
    if meta.published and (meta.source == "manifest" or state.doc.published is None):
        if state.doc.published != meta.published:
            state.doc.published_span = None  # the text's own date line is not the one in force
        state.doc.published = meta.published
        state.notes.append(f"publication date {meta.published} from the {'manifest' if meta.source == 'manifest' else 'address ' + meta.url}")
    if meta.title:
        state.doc.title = meta.title
        state.notes.append("title from the manifest")
    if meta.url and not state.doc.source:
        state.doc.source = meta.url


def resolve_dates(state: ReportState) -> None:
    """Calendar days from context; impossible dates are dropped with a warning."""
    state.year_cue = year_from_content(state.content)
    rejected: list[Mention] = []
    published_at = state.doc.published_span[1] if state.doc.published_span else None
    state.resolved = resolve(state.mentions, state.doc.published, state.year_cue, rejected, published_at)
    for m in rejected:
        a, b = state.norm.span_to_original(m.start, m.end)
        state.warnings.append(f"left out a date that cannot exist: {state.text[a:b]}")


def place(state: ReportState) -> None:
    """The city the report is about: the manifest's, else from its own lines and title (and, weakly, the site's)."""
    named = state.meta.city if state.meta else None
    state.city = city_named(named) if named else None
    if state.city is not None:
        state.notes.append("city from the manifest")
    else:
        state.city = locate(state.content, state.doc.title, state.doc.site)


def organisations(state: ReportState) -> None:
    """The organisations the report names, most important first."""
    state.organizations = find_organisations(state.content, state.doc.title)


def events(state: ReportState) -> None:
    """One event per resolved date, with passage, summary, city and companies; the report's facts."""
    state.facts, state.events = build_events(
        state.text, state.name, state.norm, state.doc, state.resolved, state.year_cue, state.city, state.organizations,
    )
    if state.notes:
        state.facts.year_note = "; ".join([state.facts.year_note, *state.notes]).strip("; ")
