"""The whole extraction: files -> decoded text -> events, and the incremental scan into the store.

Each file succeeds or fails on its own; a failure is recorded with its reason and
the scan goes on. Reports already in the store under the same content hash and
engine fingerprint are not extracted again.
"""
from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from . import corrections, stages
from .decode import UnreadableReport, is_supported
from .metadata import MANIFEST_NAMES, ReportMeta, metas_for
from .models import Failure, ReportResult
from .categories import categories
from .recognise import grammar
from .resolve import year_cue_rules
from .store import SQLITE_CHECKPOINT_PAGES, Store

from .rules import RuleError, load_rules, table_names
from .stages import ReportState

DEFAULT_MAX_BYTES = 200 * 1024 * 1024
# Writes are committed in batches: a commit per report cost about half a millisecond, as much as
# extracting a small report. A killed run loses at most the last batch (at most a second of work).
WRITE_BATCH_REPORTS = 100
WRITE_BATCH_SECONDS = 1.0
DEFAULT_SEEDS = Path("seeds")

Progress = Callable[[int, int, str], None]
Extractor = Callable[[bytes, str, ReportMeta | None], ReportResult]  # extract_report, or the same answered from parallel workers


@dataclass(frozen=True)
class Stage:
    name: str
    run: Callable[[ReportState], None]


#: The extraction of one report, in order. The scan then writes the result to the store.
STAGES: tuple[Stage, ...] = (
    Stage("decode", stages.decode),
    Stage("normalise", stages.normalise),
    Stage("recognise", stages.recognise_dates),
    Stage("document facts", stages.document_facts),
    Stage("metadata", stages.report_metadata),
    Stage("resolve", stages.resolve_dates),
    Stage("place", stages.place),
    Stage("organisations", stages.organisations),
    Stage("events", stages.events),
)


class StageError(RuntimeError):
    """A bug in a stage, named with the stage and the report, so it costs one file and can be found."""

    def __init__(self, stage: str, name: str, error: Exception) -> None:
        super().__init__(f"stage '{stage}' failed on {name}: {type(error).__name__}: {error}")
        self.stage = stage

    def __reduce__(self):  # type: ignore[override]
        """Rebuilt from its message when a worker process sends it back (its cause does not travel)."""
        return _stage_error, (self.stage, str(self))


def _stage_error(stage: str, message: str) -> StageError:
    error = StageError.__new__(StageError)
    RuntimeError.__init__(error, message)
    error.stage = stage
    return error


@cache
def load_engine() -> str:
    """Check every rule table and build what the stages compile from them, before any report is read.

    A broken table raises RuleError here, naming the file, the entry and the key, so
    nothing is recorded against any report. Returns the engine fingerprint.
    """
    for table in table_names():
        load_rules(table)
    grammar()
    year_cue_rules()
    categories()
    return engine_fingerprint()


@cache
def engine_fingerprint() -> str:
    """Hash of the extractor's code and rule tables: stored events are redone when it changes."""
    digest = hashlib.sha256()
    root = Path(__file__).parent
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".toml") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def run_stages(state: ReportState, skip: Sequence[str] = ()) -> ReportState:
    """Run STAGES over ``state`` in order (but those named in ``skip``); a failing stage is named in the error."""
    for stage in STAGES:
        if stage.name in skip:
            continue
        try:
            stage.run(state)
        except (UnreadableReport, RuleError, MemoryError, RecursionError):
            raise
        except Exception as exc:
            raise StageError(stage.name, state.name, exc) from exc
    return state


def extract_report(data: bytes, name: str, meta: ReportMeta | None = None) -> ReportResult:
    """Extract every dated event of one report (``meta``: its manifest row); raises UnreadableReport for non-reports."""
    load_engine()
    return _result(run_stages(ReportState(name=name, data=data, meta=meta)), content_hash(data))


def extract_text(text: str, name: str = "report.txt", meta: ReportMeta | None = None) -> ReportResult:
    """The same for a text already decoded (examples, tests, pasted text)."""
    load_engine()
    state = run_stages(ReportState(name=name, text=text, meta=meta), skip=("decode",))
    return _result(state, content_hash(text.encode("utf-8")))


def _result(state: ReportState, doc_hash: str) -> ReportResult:
    return ReportResult(
        name=state.name, doc_hash=doc_hash, text=state.text, encoding=state.encoding,
        warnings=state.warnings, facts=state.facts, events=state.events,
    )


@dataclass
class ScanSummary:
    """What one scan did, for the command line and the dashboard."""

    extracted: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (file, same content as)
    failures: list[Failure] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    removed: int = 0
    events: int = 0

    @property
    def read(self) -> int:
        return len(self.extracted) + len(self.unchanged) + len(self.duplicates)


def find_reports(paths: Sequence[str | Path]) -> Iterator[Path]:
    """Files named directly or found (recursively, hidden files and corrections files skipped) in folders.

    Files of other types are yielded too, so that they are reported as not read
    rather than passed over in silence.
    """
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and name != corrections.FILE_NAME and name not in MANIFEST_NAMES:
                        yield Path(root) / name
        else:
            yield path


def scan(
    paths: Sequence[str | Path] = (DEFAULT_SEEDS,),
    store: Store | None = None,
    *,
    progress: Progress | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    executor: Executor | None = None,
) -> ScanSummary:
    """Bring the store up to date with the reports under ``paths``; returns what happened.

    ``progress(done, total, name)`` is called after each file. With an ``executor``
    (``parallel.process_pool``, ``cluster.dask_executor``) reports are extracted ahead
    in parallel; this process still writes each one, in file order.
    """
    own_store = store is None
    store = store or Store()
    try:
        return _scan(paths, store, progress, max_bytes, executor)
    finally:
        if own_store:
            store.close()


def _scan(paths: Sequence[str | Path], store: Store, progress: Progress | None, max_bytes: int,
          executor: Executor | None = None) -> ScanSummary:
    engine = load_engine()  # a broken rule table stops here, before any report is touched
    summary = ScanSummary()
    files = list(dict.fromkeys(p.resolve() for p in find_reports(paths)))
    metas = metas_for(files)  # read once for the scan; a broken manifest stops here too, naming its file and row
    seen = _Seen()
    extract: Extractor = extract_report
    read: Callable[[Path, int], bytes] = _read_limited
    checkpoints: AbstractContextManager = nullcontext()
    if executor is not None:
        from .parallel import ReadAhead

        extract = ahead = ReadAhead(executor, files, store, engine, max_bytes, metas=metas)
        read = ahead.read  # each file read once: the bytes sent to a worker are the bytes stored
        checkpoints = store.checkpoints_every(SQLITE_CHECKPOINT_PAGES)  # this process mostly waits for the workers
    done = 0
    with checkpoints:
        while done < len(files):
            with store.batch():  # one commit per batch, not per report: each report still all or nothing
                began = time.monotonic()
                for path in files[done:done + WRITE_BATCH_REPORTS]:
                    done += 1
                    _scan_one(path, store, engine, max_bytes, seen, summary, extract, read, metas[path])
                    if progress:
                        progress(done, len(files), path.name)
                    if time.monotonic() - began > WRITE_BATCH_SECONDS:
                        break
    present = {str(p) for p in files}
    for given in paths:
        if Path(given).is_dir():
            summary.removed += store.forget_missing(str(Path(given).resolve()), present)
    return summary


@dataclass
class _Seen:
    """Contents met earlier in this scan: the name each was first read under, or why it failed."""

    read: dict[str, str] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)


def _scan_one(path: Path, store: Store, engine: str, max_bytes: int, seen: _Seen, summary: ScanSummary,
              extract: Extractor = extract_report, read: Callable[[Path, int], bytes] | None = None,
              meta: ReportMeta | None = None) -> None:
    key = str(path)
    try:
        if not is_supported(path.name):
            raise UnreadableReport(f"not a report file type ({path.suffix or 'no ending'}): reads .txt, .md, .html")
        data = (read or _read_limited)(path, max_bytes)
        doc_hash = content_hash(data)
        engine = corrections.fingerprint(engine, path, doc_hash)  # changed corrections: extract again
        if meta is not None:  # a changed manifest row: extract again
            engine = f"{engine}+{hashlib.sha256(repr(meta).encode()).hexdigest()[:12]}"
        if doc_hash in seen.failed:  # the same unreadable bytes again (two empty files, a copied image)
            raise UnreadableReport(seen.failed[doc_hash])
        if doc_hash in seen.read:
            if store.file_hash(key) != doc_hash:
                store.link_file(key, doc_hash)
            summary.duplicates.append((path.name, seen.read[doc_hash]))
            return
        if store.has_report(doc_hash, engine):
            seen.read[doc_hash] = path.name
            if store.file_hash(key) != doc_hash:
                store.link_file(key, doc_hash)
            summary.unchanged.append(path.name)
            return
        try:
            result = corrections.apply_corrections(extract(data, path.name, meta), path)
        except UnreadableReport as exc:
            seen.failed[doc_hash] = str(exc)
            raise
        except MemoryError:
            seen.failed[doc_hash] = "too large to extract in the memory available"
            raise UnreadableReport(seen.failed[doc_hash]) from None
        except RecursionError:
            seen.failed[doc_hash] = "too deeply nested to extract"
            raise UnreadableReport(seen.failed[doc_hash]) from None
        except StageError as exc:  # a bug in a stage must cost one file, not the whole scan
            seen.failed[doc_hash] = f"extraction failed: internal error ({exc})"
            raise UnreadableReport(seen.failed[doc_hash]) from exc
    except UnreadableReport as exc:
        _fail(store, key, str(exc), summary)
        return
    except OSError as exc:
        _fail(store, key, f"could not open: {exc.strerror or exc}", summary)
        return
    store.save_report(result, key, engine)
    seen.read[doc_hash] = path.name
    summary.extracted.append(path.name)
    summary.events += len(result.events)
    summary.warnings.extend((path.name, w) for w in result.warnings)


def _fail(store: Store, key: str, reason: str, summary: ScanSummary) -> None:
    store.record_failure(key, reason)
    summary.failures.append(Failure(key, reason))


def _read_limited(path: Path, max_bytes: int) -> bytes:
    if not path.exists():
        raise UnreadableReport("no such file")
    if not path.is_file():
        raise UnreadableReport("not a regular file")
    size = path.stat().st_size
    if size > max_bytes:
        raise UnreadableReport(f"too large: {_megabytes(size)}, the limit is {_megabytes(max_bytes)}")
    with open(path, "rb") as fh:
        # Asking for the file's size, not the limit: read(max_bytes) allocates the whole limit on every call.
        data = fh.read(size + 1)
        if len(data) > size:  # the file has grown since it was measured
            data += fh.read(max_bytes + 1 - len(data))
    if len(data) > max_bytes:
        raise UnreadableReport(f"too large: over {_megabytes(max_bytes)}, the limit is {_megabytes(max_bytes)}")
    return data


def _megabytes(n: int) -> str:
    mb = n / 2**20
    return f"{round(mb, 1):g} MB" if mb >= 0.1 else f"{n:,} bytes"
