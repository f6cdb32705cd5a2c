"""Extraction on every local core: worker processes extract, this process alone writes.

The scan itself (``pipeline._scan``) is unchanged: it still walks the files in
order, decides what is new, unchanged, a duplicate or unreadable, writes each
report (all or nothing, committed in batches) and reports progress. What changes is
only where ``extract_report`` runs: ``ReadAhead`` reads the next files ahead of the
scan (the scan then takes their bytes from it: each file is read once) and hands them to an executor (a local process pool, or a Dask cluster's executor,
see ``cluster.py``), so when the scan asks for a report its result is usually
ready. Because the scan consumes the results in file order and writes them
itself, the store holds the same events in the same order as with one process,
and failures are reported with the same reasons.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, suppress
from pathlib import Path

from . import pipeline
from .decode import UnreadableReport, is_supported
from .metadata import ReportMeta, meta_for
from .models import ReportResult
from .store import Store

WARM_UP_TEXT = "渭南市國資委通知：2022年3月5日，渭南市城投集团召开会议，次日复工。"  # every stage, a traditional character
READ_AHEAD_PER_WORKER = 16  # enough queued work that no worker waits, few enough results held in memory
# Reports per task: sent one by one, passing them to the workers and back cost the scan's process
# about as much as writing them to the store.
BATCH_REPORTS = 8


def default_workers() -> int:
    """Every core of this machine."""
    return os.cpu_count() or 1


@contextmanager
def executor_for(workers: int, cluster: str | None = None, quiet: bool = False) -> Iterator[Executor | None]:
    """What ``--workers`` and ``--cluster`` ask for: None (this process), a process pool, or a Dask cluster."""
    if cluster:
        from .cluster import dask_executor

        with dask_executor(cluster, workers, quiet) as executor:
            yield executor
    elif workers == 1:
        yield None
    else:
        with process_pool(workers) as executor:
            yield executor


@contextmanager
def process_pool(workers: int) -> Iterator[Executor]:
    """A pool of ``workers`` processes for ``pipeline.scan(executor=...)``.

    Forked where the platform allows: the workers start with the engine already
    imported, which matters when a whole corpus extracts in seconds.
    """
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    pool = _new_pool(workers, context)
    try:
        yield _RestartingPool(pool, workers, context)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _warm_up() -> None:
    """Build the tables the stages build on first use (the gazetteer, the organisation lexicon, OpenCC's
    character list: 0.3 s) in this process, so the workers forked from it share them instead of each
    building its own. Only when there is work: a scan of unchanged files forks no worker."""
    with suppress(Exception):  # only a head start: a report that trips a stage must still cost one file
        pipeline.extract_text(WARM_UP_TEXT, "warm-up.txt")


def _new_pool(workers: int, context: multiprocessing.context.BaseContext) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_exit_with_parent,
                               initargs=(os.getpid(),))


def _exit_with_parent(parent: int) -> None:
    """In each worker: leave when the scan's process is gone (killed), instead of idling on as an orphan."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="exit-with-parent").start()


class _RestartingPool(Executor):
    """A process pool that starts afresh after a worker died (killed, out of memory).

    Without this, one report that kills its worker would fail every report after it.
    """

    def __init__(self, pool: ProcessPoolExecutor, workers: int, context: multiprocessing.context.BaseContext) -> None:
        self._pool, self._workers, self._context = pool, workers, context
        self._warm = context.get_start_method() != "fork"  # spawned workers start from nothing anyway

    def submit(self, fn, /, *args, **kwargs) -> Future:  # type: ignore[override]
        if not self._warm:  # the first submit forks the workers: first build what they will share
            self._warm = True
            _warm_up()
        try:
            return self._pool.submit(fn, *args, **kwargs)
        except BrokenProcessPool:
            self.restart()
            return self._pool.submit(fn, *args, **kwargs)

    def restart(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = _new_pool(self._workers, self._context)

    @property
    def workers(self) -> int:
        return self._workers

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._pool.shutdown(wait=wait, cancel_futures=cancel_futures)


class ReadAhead:
    """Stands in for ``extract_report`` in the scan, answering from work submitted ahead.

    Results are keyed by (content hash, name), so an answer is always the
    extraction of exactly the bytes and name the scan asks about; anything not
    submitted ahead (a file that changed between the two reads) is extracted here.
    Reports go to the workers a batch at a time (``extract_batch``).
    """

    def __init__(self, executor: Executor, files: Sequence[Path], store: Store, engine: str, max_bytes: int,
                 window: int | None = None, batch: int = BATCH_REPORTS,
                 metas: dict[Path, ReportMeta | None] | None = None) -> None:
        self._executor = executor
        self._files = iter(files)
        self._store, self._engine, self._max_bytes = store, engine, max_bytes
        self._window = window or READ_AHEAD_PER_WORKER * getattr(executor, "workers", default_workers())
        self._batch = batch
        self._metas = metas  # the scan's manifest rows (None: looked up per file)
        # Submitted: the future of its batch and its place in it; the bytes and manifest row to send it again.
        self._pending: dict[tuple[str, str], tuple[Future, int, bytes, ReportMeta | None]] = {}
        self._forming: dict[tuple[str, str], tuple[bytes, ReportMeta | None]] = {}  # read, batch not yet sent
        self._submitted: set[str] = set()
        self._bytes: dict[Path, bytes] = {}  # files submitted and not yet read by the scan
        self._exhausted = False

    def read(self, path: Path, max_bytes: int) -> bytes:
        """The scan's read of ``path``: the bytes read ahead when it was submitted, else from the disk."""
        data = self._bytes.pop(path, None)
        return data if data is not None else pipeline._read_limited(path, max_bytes)

    def __call__(self, data: bytes, name: str, meta: ReportMeta | None = None) -> ReportResult:
        key = (pipeline.content_hash(data), name)
        while key not in self._pending and key not in self._forming and self._advance():
            pass
        while len(self._pending) + len(self._forming) < self._window and self._advance():
            pass
        if key in self._forming:  # asked for before its batch was full: send what there is
            self._send()
        if key not in self._pending:
            return pipeline.extract_report(data, name, meta)
        future, index, _, _ = self._pending.pop(key)
        try:
            return _unwrap(future.result()[index])
        except BrokenProcessPool:
            return self._retry_after_crash(data, name, meta)

    def _advance(self) -> bool:
        """Read the next file and queue it if it will need extracting; False when none is left."""
        if self._exhausted:
            return False
        path = next(self._files, None)
        if path is None:
            self._exhausted = True
            return False
        if not is_supported(path.name):
            return True
        try:
            data = pipeline._read_limited(path, self._max_bytes)
        except (OSError, UnreadableReport):
            return True  # the scan reads it again and reports why
        doc_hash = pipeline.content_hash(data)
        if doc_hash in self._submitted or self._store.has_report(doc_hash, self._engine):
            return True
        self._submitted.add(doc_hash)
        self._forming[(doc_hash, path.name)] = (data, self._metas[path] if self._metas is not None else meta_for(path))
        self._bytes[path] = data
        if len(self._forming) >= self._batch:
            self._send()
        return True

    def _send(self) -> None:
        self._submit(list(self._forming.items()))
        self._forming = {}

    def _submit(self, items: list[tuple[tuple[str, str], tuple[bytes, ReportMeta | None]]]) -> None:
        future = self._executor.submit(extract_batch, [(data, key[1], meta) for key, (data, meta) in items])
        for index, (key, (data, meta)) in enumerate(items):
            self._pending[key] = (future, index, data, meta)

    def _retry_after_crash(self, data: bytes, name: str, meta: ReportMeta | None) -> ReportResult:
        """A worker died: restart the pool, resubmit what was queued, try this report once more alone."""
        restart = getattr(self._executor, "restart", None)
        if restart is None:
            raise UnreadableReport("extraction failed: the worker process died")
        restart()
        try:
            return _unwrap(self._executor.submit(extract_batch, [(data, name, meta)]).result()[0])
        except BrokenProcessPool:
            restart()
            raise UnreadableReport("extraction failed: the worker process died (out of memory?)") from None
        finally:
            # One at a time now: if one of them kills its worker again, it takes no other report with it.
            for key, (_, _, queued, queued_meta) in list(self._pending.items()):
                self._submit([(key, (queued, queued_meta))])


def extract_batch(items: Sequence[tuple[bytes, str, ReportMeta | None]]) -> list[ReportResult | Exception]:
    """In a worker: ``extract_report`` on each report of a batch, its exception (UnreadableReport …) in its place."""
    out: list[ReportResult | Exception] = []
    for data, name, meta in items:
        try:
            out.append(pipeline.extract_report(data, name, meta))
        except Exception as exc:  # noqa: BLE001  (handed to the scan, which decides as for one process)
            out.append(exc)
    return out


def _unwrap(outcome: ReportResult | Exception) -> ReportResult:
    if isinstance(outcome, Exception):
        raise outcome
    return outcome
