"""The event store: one SQLite file that the extractor writes and the dashboard reads.

SQLite because it is embedded (nothing to set up), transactional (a killed run
leaves the last committed state intact) and readable while being written (WAL).
Reports are keyed by the SHA-256 of their bytes plus the engine fingerprint, so a
re-run extracts only new or changed reports, and again after the rules change.
"""
from __future__ import annotations

import json
import sqlite3
import time
from operator import attrgetter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .models import EVENT_FIELDS, EVENT_LIST_FIELDS, EVENT_SQL_TYPES, Event, ReportResult

DEFAULT_STORE = Path("data") / "timeline.sqlite"


def _quote_name(column: str) -> str:
    return f'"{column}"'

_SCHEMA_TEMPLATE = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS reports (
    doc_hash TEXT PRIMARY KEY,
    engine TEXT NOT NULL,
    name TEXT NOT NULL,
    title TEXT NOT NULL,
    published TEXT,
    source TEXT,
    authors TEXT NOT NULL,
    city TEXT,
    province TEXT,
    year INTEGER,
    year_basis TEXT NOT NULL,
    year_note TEXT NOT NULL,
    organizations TEXT NOT NULL,
    encoding TEXT NOT NULL,
    warnings TEXT NOT NULL,
    n_events INTEGER NOT NULL,
    text TEXT NOT NULL,
    extracted_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    doc_hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS files_by_doc ON files(doc_hash);
{events_table}
CREATE INDEX IF NOT EXISTS events_by_doc ON events(doc_hash);
CREATE TABLE IF NOT EXISTS failures (
    path TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    reason TEXT NOT NULL,
    at TEXT NOT NULL
);
"""

_EVENT_COLUMNS = list(EVENT_FIELDS)
_EVENTS_TABLE = (
    "CREATE TABLE IF NOT EXISTS events (\n    id INTEGER PRIMARY KEY,\n    doc_hash TEXT NOT NULL,\n    seq INTEGER NOT NULL,\n"
    + ",\n".join(f"    {_quote_name(c)} {EVENT_SQL_TYPES[c]}" for c in EVENT_FIELDS)
    + "\n);"
)
_SCHEMA = _SCHEMA_TEMPLATE.replace("{events_table}", _EVENTS_TABLE)
_INSERT_EVENTS = (f"INSERT INTO events(doc_hash, seq, {', '.join(map(_quote_name, _EVENT_COLUMNS))}) "
                  f"VALUES (?, ?, {', '.join('?' * len(_EVENT_COLUMNS))})")
# A checkpoint copies the write-ahead log into the store and syncs the disk: every 64 MB written,
# not every 4 MB (SQLite's default), which took a third of the time of writing a scan's reports.
_CHECKPOINT_PAGES = 16384
SQLITE_CHECKPOINT_PAGES = 1000  # SQLite's own default: for a writer that mostly waits (see checkpoints_every)
# One encoder for every list stored as JSON: json.dumps with an option builds a new one per call.
_to_json = json.JSONEncoder(ensure_ascii=False).encode


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S")


class Store:
    """Read and write access to one store file; use as a context manager."""

    def __init__(self, path: str | Path = DEFAULT_STORE) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, isolation_level=None, timeout=30, check_same_thread=False)
        self._db.row_factory = sqlite3.Row
        self._in_batch = self._batch_wrote = False
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(f"PRAGMA wal_autocheckpoint={_CHECKPOINT_PAGES}")
        self._drop_outdated_tables()
        self._db.executescript(_SCHEMA)

    def _drop_outdated_tables(self) -> None:
        """A store written before the event's fields changed is a cache of old results: drop it so
        the next scan extracts every report again (corrections live apart, in their own file)."""
        columns = [row[1] for row in self._db.execute("PRAGMA table_info(events)")]
        if columns and columns[3:] != _EVENT_COLUMNS:
            self._db.executescript(
                "DROP TABLE IF EXISTS events; DROP TABLE IF EXISTS reports; DROP TABLE IF EXISTS files;"
                "DROP TABLE IF EXISTS failures;"
            )

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """All-or-nothing write that also bumps the generation readers cache on.

        Inside ``batch()`` it is a savepoint: it still succeeds or fails alone, and is
        committed (with one generation bump) when the batch is.
        """
        if self._in_batch:
            self._db.execute("SAVEPOINT report")
            try:
                yield self._db
                self._db.execute("RELEASE report")
                self._batch_wrote = True
            except BaseException:
                self._db.execute("ROLLBACK TO report")
                self._db.execute("RELEASE report")
                raise
            return
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
            self._bump_generation()
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    def _bump_generation(self) -> None:
        self._db.execute(
            "INSERT INTO meta(key, value) VALUES('generation', '1') "
            "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
        )

    @contextmanager
    def checkpoints_every(self, pages: int) -> Iterator[None]:
        """Checkpoint the write-ahead log every ``pages`` pages inside the block.

        While workers extract, this process mostly waits for them: frequent small checkpoints then
        cost nothing, and closing the store has little left to copy (64 MB of log took 0.15 s more).
        """
        self._db.execute(f"PRAGMA wal_autocheckpoint={int(pages)}")
        try:
            yield
        finally:
            self._db.execute(f"PRAGMA wal_autocheckpoint={_CHECKPOINT_PAGES}")

    @contextmanager
    def batch(self) -> Iterator[None]:
        """The writes inside, committed together: one commit for many small reports.

        Each write inside still succeeds or fails alone (a savepoint); a run killed
        mid-batch leaves the store as the last committed batch left it, and the next
        run extracts what the lost batch held. Nested batches join the outer one.
        """
        if self._in_batch:
            yield
            return
        self._db.execute("BEGIN IMMEDIATE")
        self._in_batch, self._batch_wrote = True, False
        try:
            yield
            if self._batch_wrote:
                self._bump_generation()
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        finally:
            self._in_batch = False

    # --- writing -------------------------------------------------------------

    def save_report(self, result: ReportResult, path: str, engine: str) -> None:
        """Replace a report and its events, and point ``path`` at it, in one transaction."""
        facts = result.facts
        with self._transaction() as db:
            db.execute("DELETE FROM events WHERE doc_hash = ?", (result.doc_hash,))
            db.execute(
                "INSERT OR REPLACE INTO reports VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    result.doc_hash, engine, result.name, facts.title, facts.published, facts.source,
                    _to_json(facts.authors), facts.city, facts.province,
                    facts.year, facts.year_basis, facts.year_note,
                    _to_json(facts.organizations), result.encoding,
                    _to_json(result.warnings), len(result.events),
                    result.text, _now(),
                ),
            )
            db.executemany(_INSERT_EVENTS, (_event_row(result.doc_hash, seq, ev) for seq, ev in enumerate(result.events)))
            self._link(db, path, result.doc_hash)

    def link_file(self, path: str, doc_hash: str) -> None:
        """Record that ``path`` holds an already extracted report (unchanged or a duplicate)."""
        with self._transaction() as db:
            self._link(db, path, doc_hash)

    @classmethod
    def _link(cls, db: sqlite3.Connection, path: str, doc_hash: str) -> None:
        """Point ``path`` at ``doc_hash``; the report it held before goes if no other file holds it."""
        row = db.execute("SELECT doc_hash FROM files WHERE path = ?", (path,)).fetchone()
        db.execute("INSERT OR REPLACE INTO files VALUES (?,?,?)", (path, Path(path).name, doc_hash))
        db.execute("DELETE FROM failures WHERE path = ?", (path,))
        if row is not None and row[0] != doc_hash:
            cls._drop_if_orphan(db, row[0])

    @staticmethod
    def _drop_if_orphan(db: sqlite3.Connection, doc_hash: str) -> None:
        if db.execute("SELECT 1 FROM files WHERE doc_hash = ? LIMIT 1", (doc_hash,)).fetchone() is None:
            db.execute("DELETE FROM events WHERE doc_hash = ?", (doc_hash,))
            db.execute("DELETE FROM reports WHERE doc_hash = ?", (doc_hash,))

    def record_failure(self, path: str, reason: str) -> None:
        """Remember why ``path`` could not be read; it no longer counts as a report.

        Recording the same failure again writes nothing, so a re-run over the same
        files leaves the store (and its generation) as it was."""
        known = self._db.execute("SELECT reason FROM failures WHERE path = ?", (path,)).fetchone()
        if known is not None and known[0] == reason and self.file_hash(path) is None:
            return
        with self._transaction() as db:
            row = db.execute("SELECT doc_hash FROM files WHERE path = ?", (path,)).fetchone()
            db.execute("DELETE FROM files WHERE path = ?", (path,))
            db.execute("INSERT OR REPLACE INTO failures VALUES (?,?,?,?)", (path, Path(path).name, reason, _now()))
            if row is not None:
                self._drop_if_orphan(db, row[0])

    def forget_missing(self, folder: str, present: Iterable[str]) -> int:
        """Drop files under ``folder`` that are no longer there; returns how many went."""
        keep = set(present)
        prefix = folder.rstrip("/\\") + "/"
        gone = [p for p in self._paths_under(prefix, "files") if p not in keep]
        failed = [p for p in self._paths_under(prefix, "failures") if p not in keep]
        if not gone and not failed:
            return 0
        with self._transaction() as db:
            db.executemany("DELETE FROM files WHERE path = ?", ((p,) for p in gone))
            db.executemany("DELETE FROM failures WHERE path = ?", ((p,) for p in failed))
            self._drop_orphans(db)
        return len(gone)

    def _paths_under(self, prefix: str, table: str) -> list[str]:
        rows = self._db.execute(f"SELECT path FROM {table} WHERE substr(path, 1, ?) = ?", (len(prefix), prefix))
        return [r[0] for r in rows]

    @staticmethod
    def _drop_orphans(db: sqlite3.Connection) -> None:
        orphan = "SELECT doc_hash FROM reports WHERE doc_hash NOT IN (SELECT doc_hash FROM files)"
        db.execute(f"DELETE FROM events WHERE doc_hash IN ({orphan})")
        db.execute(f"DELETE FROM reports WHERE doc_hash IN ({orphan})")

    # --- reading -------------------------------------------------------------

    def has_report(self, doc_hash: str, engine: str) -> bool:
        row = self._db.execute("SELECT engine FROM reports WHERE doc_hash = ?", (doc_hash,)).fetchone()
        return row is not None and row[0] == engine

    def file_hash(self, path: str) -> str | None:
        row = self._db.execute("SELECT doc_hash FROM files WHERE path = ?", (path,)).fetchone()
        return row[0] if row else None

    def report_paths(self, doc_hash: str) -> list[str]:
        """Every file path holding this report's content."""
        return [r[0] for r in self._db.execute("SELECT path FROM files WHERE doc_hash = ? ORDER BY path", (doc_hash,))]

    def generation(self) -> int:
        """A number that changes with every write: the dashboard's cache key."""
        row = self._db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return int(row[0]) if row else 0

    def events(self) -> list[dict[str, Any]]:
        """Every event, with its list fields (``companies``) as lists and the report's ``doc_hash``."""
        return [event for batch in self.event_batches(None) for event in batch]

    def event_batches(self, size: int | None = 100_000) -> Iterator[list[dict[str, Any]]]:
        """The events of ``events()``, ``size`` at a time (None: all at once), so an export never holds them all."""
        for columns, rows in self.event_row_batches(size):
            yield [dict(zip(columns, row, strict=True)) for row in rows]

    def event_row_batches(self, size: int | None = 100_000) -> Iterator[tuple[list[str], list[list[Any]]]]:
        """The same as (column names, rows as lists): what a data frame is built from without a dict per event."""
        columns = ["id", "doc_hash", *_EVENT_COLUMNS]
        list_columns = [columns.index(name) for name in EVENT_LIST_FIELDS]
        cursor = self._db.cursor()
        cursor.row_factory = None  # plain tuples: several times faster than Row for 100k events
        cursor.execute(f"SELECT {', '.join(map(_quote_name, columns))} FROM events ORDER BY doc_hash, seq")
        while rows := (cursor.fetchmany(size) if size else cursor.fetchall()):
            out = [list(row) for row in rows]
            for at in list_columns:
                # One JSON parse for all the lists of a field instead of one per event.
                values = json.loads("[" + ",".join(row[at] for row in rows) + "]")
                for row, value in zip(out, values, strict=True):
                    row[at] = value
            yield columns, out
            if not size:
                return

    def reports(self, with_text: bool = False) -> list[dict[str, Any]]:
        """Every report's facts, with ``files`` listing the names it is stored under."""
        cols = "*" if with_text else "doc_hash, engine, name, title, published, source, authors, city, province, " \
            "year, year_basis, year_note, organizations, encoding, warnings, n_events, extracted_at"
        names: dict[str, list[str]] = {}
        for name, doc_hash in self._db.execute("SELECT name, doc_hash FROM files ORDER BY name"):
            names.setdefault(doc_hash, []).append(name)
        out = []
        for row in self._db.execute(f"SELECT {cols} FROM reports ORDER BY name"):
            rep = _decode_report(dict(row))
            rep["files"] = names.get(rep["doc_hash"], [])
            out.append(rep)
        return out

    def report(self, doc_hash: str) -> dict[str, Any] | None:
        """One report with its full text, or None."""
        row = self._db.execute("SELECT * FROM reports WHERE doc_hash = ?", (doc_hash,)).fetchone()
        if row is None:
            return None
        rep = _decode_report(dict(row))
        rep["files"] = [r[0] for r in self._db.execute("SELECT name FROM files WHERE doc_hash = ? ORDER BY name", (doc_hash,))]
        return rep

    def failures(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self._db.execute("SELECT path, name, reason, at FROM failures ORDER BY name")]


_event_values = attrgetter(*_EVENT_COLUMNS)
_LIST_AT = [2 + i for i, c in enumerate(_EVENT_COLUMNS) if c in EVENT_LIST_FIELDS]


def _event_row(doc_hash: str, seq: int, ev: Event) -> list:
    # Attributes read directly (one attrgetter): dataclasses.asdict deep-copies every field, which
    # made saving the 450,000 events of a 50 MB report take longer than extracting them.
    row = [doc_hash, seq, *_event_values(ev)]
    for at in _LIST_AT:
        row[at] = _to_json(row[at])
    return row


def _decode_report(rep: dict[str, Any]) -> dict[str, Any]:
    for key in ("authors", "organizations", "warnings"):
        rep[key] = json.loads(rep[key])
    return rep
