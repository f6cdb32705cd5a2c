"""Corrections made by people, kept apart from what the engine extracted, and applied after it.

They live in ``corrections.jsonl`` in the folder of the reports they correct: one
JSON object per line, so the file can be read, versioned, merged and shared like
the reports themselves. A line names its report by content hash *and* file name
(an edited file keeps its corrections through its name) and an event by its date
expression as written plus its offset (the nearest such mention is taken), so
corrections survive re-extraction and engine changes. The format is in the README.

    {"file": "a.txt", "report": "<sha256>", "set": {"title": "…", "city": "吴忠", "year": 2022}}
    {"file": "a.txt", "report": "<sha256>", "event": {"mention": "3月5日", "start": 120},
     "set": {"date": "2022-03-05", "companies": ["吴忠市国资委"], "category": "testing"}}
    {"file": "a.txt", "report": "<sha256>", "event": {"mention": "5日", "start": 300}, "wrong": true}
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from .categories import categories
from .models import Event, ReportResult

FILE_NAME = "corrections.jsonl"
CORRECTED = "corrected"  # year_basis of a date or year a person set
REPORT_FIELDS = {"title": str, "city": str, "province": str, "year": int}
EVENT_FIELDS = {"date": str, "date_end": str, "companies": list, "category": str}
_LINE_KEYS = {"file", "report", "event", "set", "wrong", "note"}

Entry = dict[str, Any]


class CorrectionError(ValueError):
    """One line of a corrections file that cannot be used; the message says which and why."""


def corrections_path(report_path: Path) -> Path:
    """The corrections file for a report file: beside it."""
    return report_path.parent / FILE_NAME


def read_corrections(path: Path) -> tuple[list[Entry], list[str]]:
    """Valid entries and, for every line that is not, a warning naming the line (nothing is dropped from the file)."""
    try:
        stat = path.stat()
    except OSError:
        return [], []
    entries, problems = _read_cached(str(path), stat.st_mtime_ns, stat.st_size)
    return [dict(e) for e in entries], list(problems)


@lru_cache(maxsize=64)
def _read_cached(path: str, mtime_ns: int, size: int) -> tuple[list[Entry], list[str]]:
    """Parsed once per version of the file: a scan of thousands of reports reads it once."""
    entries, problems = [], []
    name = Path(path).name
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            entries.append(check_entry(json.loads(line)))
        except (json.JSONDecodeError, CorrectionError) as exc:
            problems.append(f"{name} line {number} not applied: {exc}")
    return entries, problems


def check_entry(entry: Any) -> Entry:
    """The entry if it is well-formed; raises CorrectionError naming the key otherwise."""
    if not isinstance(entry, dict):
        raise CorrectionError("not a JSON object")
    if unknown := set(entry) - _LINE_KEYS:
        raise CorrectionError(f"unknown key(s) {sorted(unknown)}")
    if not entry.get("report") and not entry.get("file"):
        raise CorrectionError("names no report (\"report\" or \"file\")")
    event = entry.get("event")
    if event is not None and not (isinstance(event, dict) and isinstance(event.get("mention"), str)
                                  and isinstance(event.get("start"), int)):
        raise CorrectionError('"event" must be {"mention": text, "start": offset}')
    allowed = EVENT_FIELDS if event is not None else REPORT_FIELDS
    changes = entry.get("set", {})
    if not isinstance(changes, dict):
        raise CorrectionError('"set" must be an object')
    for key, value in changes.items():
        if key not in allowed:
            raise CorrectionError(f"cannot set {key!r} on {'an event' if event is not None else 'a report'}")
        if value is not None and not isinstance(value, allowed[key]):
            raise CorrectionError(f"{key!r} must be {allowed[key].__name__}")
    for key in ("date", "date_end"):
        if changes.get(key):
            _iso_day(changes[key])
    if "category" in changes and changes["category"] not in {c.key for c in categories()}:
        raise CorrectionError(f"unknown category {changes['category']!r}")
    if entry.get("wrong") and event is None:
        raise CorrectionError('only an event can be marked "wrong"')
    return entry


def _iso_day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CorrectionError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def entries_for(entries: Iterable[Entry], doc_hash: str, name: str) -> list[Entry]:
    """The entries of one report: by content hash, else by file name (the file was edited since)."""
    entries = list(entries)
    by_hash = [e for e in entries if e.get("report") == doc_hash]
    return by_hash or [e for e in entries if e.get("file") == name]


def fingerprint(engine: str, report_path: Path, doc_hash: str) -> str:
    """The store key of a report: the engine's, plus a digest of its corrections when it has any.

    So a report whose corrections changed is extracted again, and only that report.
    """
    entries = entries_for(read_corrections(corrections_path(report_path))[0], doc_hash, report_path.name)
    if not entries:
        return engine
    digest = hashlib.sha256(json.dumps(entries, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:12]
    return f"{engine}+{digest}"


def find_event(events: Sequence[Event] | Sequence[dict[str, Any]], key: dict[str, Any]) -> int | None:
    """Index of the event with this mention text nearest to the recorded offset, or None."""
    def field(event: Any, name: str) -> Any:
        return event[name] if isinstance(event, dict) else getattr(event, name)

    found = [(abs(field(e, "start") - key["start"]), i) for i, e in enumerate(events) if field(e, "mention") == key["mention"]]
    return min(found)[1] if found else None


def apply_corrections(result: ReportResult, report_path: Path) -> ReportResult:
    """``result`` with the corrections of its report applied (see the module docstring); unusable ones become warnings."""
    entries, problems = read_corrections(corrections_path(report_path))
    result.warnings.extend(problems)
    mine = entries_for(entries, result.doc_hash, report_path.name)
    for entry in (e for e in mine if "event" not in e):
        _correct_report(result, entry["set"] if "set" in entry else {})
    wrong: set[int] = set()
    for entry in (e for e in mine if "event" in e):
        index = find_event(result.events, entry["event"])
        if index is None:
            result.warnings.append(f"correction not applied: no date expression {entry['event']['mention']!r} any more")
        elif entry.get("wrong"):
            wrong.add(index)
        else:
            result.events[index] = _correct_event(result.events[index], entry.get("set", {}))
    result.events = [e for i, e in enumerate(result.events) if i not in wrong]
    return result


def _correct_report(result: ReportResult, changes: dict[str, Any]) -> None:
    facts = result.facts
    if "title" in changes:
        facts.title = changes["title"]
    if "city" in changes:
        facts.city, facts.province = changes["city"] or None, changes.get("province")
    if changes.get("year"):
        facts.year, facts.year_basis, facts.year_note = changes["year"], CORRECTED, "set by a correction"
    result.events = [_with_report_facts(e, facts, changes) for e in result.events]


def _with_report_facts(event: Event, facts: Any, changes: dict[str, Any]) -> Event:
    update: dict[str, Any] = {"title": facts.title, "city": facts.city, "province": facts.province}
    if event.kind == "published":
        update["summary"] = facts.title
    if changes.get("year") and event.year_basis != "explicit":
        moved = _move_year(event.date, event.date_end, changes["year"])
        if moved:
            update.update(date=moved[0], date_end=moved[1], year_basis=CORRECTED)
    return dataclasses.replace(event, **update)


def _move_year(date: str, date_end: str | None, year: int) -> tuple[str, str | None] | None:
    """Both days moved to ``year`` (the span kept); None if the day does not exist then (29 February)."""
    start = dt.date.fromisoformat(date)
    try:
        moved = start.replace(year=year)
        end = dt.date.fromisoformat(date_end) + (moved - start) if date_end else None
    except ValueError:
        return None
    return moved.isoformat(), end.isoformat() if end else None


def _correct_event(event: Event, changes: dict[str, Any]) -> Event:
    update: dict[str, Any] = {k: v for k, v in changes.items() if k in ("companies", "category")}
    if changes.get("date"):
        update.update(date=changes["date"], date_end=changes.get("date_end") or None, year_basis=CORRECTED)
    return dataclasses.replace(event, **update)


# --- writing (the dashboard) -------------------------------------------------

def target(entry: Entry) -> tuple:
    """What an entry corrects: a later correction of the same thing replaces it."""
    event = entry.get("event")
    return (entry.get("report") or entry.get("file"), (event["mention"], event["start"]) if event else None)


def save_correction(path: Path, entry: Entry) -> None:
    """Add ``entry`` to the file (replacing an earlier one for the same report or event); an empty one removes it.

    Lines that could not be read are kept as they were: nothing a person wrote is lost.
    """
    check_entry(entry)
    kept = []
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                if target(check_entry(json.loads(line))) == target(entry):
                    continue
            except (json.JSONDecodeError, CorrectionError):
                pass
            kept.append(line)
    if entry.get("set") or entry.get("wrong"):
        kept.append(json.dumps(entry, ensure_ascii=False, sort_keys=True))
    _write_atomically(path, "".join(line + "\n" for line in kept if line.strip()))


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".corrections-", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(tmp, path)
