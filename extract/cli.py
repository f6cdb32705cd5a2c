"""``python -m extract [PATH ...] [--jsonl OUT]``: extract every dated event into the store."""
from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path

from .cluster import ClusterUnreachable
from .parallel import default_workers, executor_for
from .pipeline import DEFAULT_MAX_BYTES, DEFAULT_SEEDS, ScanSummary, load_engine, scan
from .metadata import ManifestError
from .rules import RuleError
from .store import DEFAULT_STORE, Store


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m extract", description=__doc__)
    p.add_argument("paths", nargs="*", default=[str(DEFAULT_SEEDS)], help="report files or folders (default: seeds/)")
    p.add_argument("--jsonl", type=Path, help="also write the events of these reports, one JSON object per line")
    p.add_argument("--parquet", type=Path, metavar="DIR",
                   help="also write every event of the store as a Parquet dataset partitioned by city and year "
                        "(a columnar store the dashboard opens with TIMELINE_STORE=DIR)")
    p.add_argument("--store", type=Path, default=DEFAULT_STORE, help=f"store file (default: {DEFAULT_STORE})")
    p.add_argument("--max-size", type=float, default=DEFAULT_MAX_BYTES / 2**20, metavar="MB",
                   help="refuse report files larger than this (default: %(default).0f MB)")
    p.add_argument("--strict", action="store_true", help="exit non-zero if any file could not be read")
    p.add_argument("--workers", type=_positive, default=default_workers(), metavar="N",
                   help="extract in N processes (default: every core, %(default)s here); 1 extracts in this process")
    p.add_argument("--cluster", metavar="auto|ADDRESS",
                   help="extract on a Dask cluster: 'auto' starts a local one of --workers processes, "
                        "an address (tcp://host:8786) uses a running scheduler")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress, only the summary")
    return p


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def _progress(done: int, total: int, name: str) -> None:
    """A bar on a terminal; in a log, a line every tenth of the way."""
    if sys.stderr.isatty():
        filled = 30 * done // max(total, 1)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total} {name[:40]:<40}")
        if done == total:
            sys.stderr.write("\n")
    elif done == total or done % max(1, total // 10) == 0:
        sys.stderr.write(f"{done}/{total} files\n")
    sys.stderr.flush()


def _report(summary: ScanSummary, store: Path) -> None:
    print(
        f"{summary.read} report(s) read: {len(summary.extracted)} extracted ({summary.events} events), "
        f"{len(summary.unchanged)} unchanged, {len(summary.duplicates)} duplicate(s); store: {store}"
    )
    for name, original in summary.duplicates:
        print(f"  same content: {name} = {original}")
    for name, warning in summary.warnings:
        print(f"  warning: {name}: {warning}")
    if summary.failures:
        print(f"{len(summary.failures)} file(s) not read:")
        for failure in summary.failures:
            print(f"  {failure.path}: {failure.reason}")


def _write_jsonl(out: Path, store: Store, paths: list[str]) -> int:
    """Events of the reports under ``paths``, one JSON object per line; returns the count."""
    roots = [str(Path(p).resolve()) for p in paths]
    wanted = {r["doc_hash"] for r in store.reports() if any(_under(f, roots) for f in store.report_paths(r["doc_hash"]))}
    out.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with open(out, "w", encoding="utf-8") as fh:
        for ev in store.events():
            if ev["doc_hash"] in wanted:
                row = {k: v for k, v in ev.items() if k not in ("id", "doc_hash")}
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                count += 1
    return count


def _under(path: str, roots: list[str]) -> bool:
    return any(path == r or path.startswith(r.rstrip("/") + "/") for r in roots)


def main(argv: list[str] | None = None) -> int:
    """Exit status: 0 when at least one report was read, 1 when none could be (or the store
    cannot be used), 2 with ``--strict`` when any file or path could not be read, 3 when a rule
    table or a reports folder's manifest is broken (nothing is read then)."""
    args = _parser().parse_args(argv)
    missing = [p for p in args.paths if not Path(p).exists()]
    for p in missing:
        print(f"error: no such file or folder: {p}", file=sys.stderr)
    try:
        load_engine()
    except RuleError as exc:  # a broken rule table: stop before any report is touched
        print(f"error: {exc}", file=sys.stderr)
        return 3
    try:
        with Store(args.store) as store, executor_for(args.workers, args.cluster, args.quiet) as executor:
            summary = scan(
                [p for p in args.paths if Path(p).exists()], store,
                progress=None if args.quiet else _progress,
                max_bytes=int(args.max_size * 2**20),
                executor=executor,
            )
            _report(summary, args.store)
            if args.jsonl:
                n = _write_jsonl(args.jsonl, store, args.paths)
                print(f"{n} events written to {args.jsonl}")
            if args.parquet:
                from .columnar import export_store

                n = export_store(store, args.parquet)
                print(f"{n} events written to {args.parquet} (Parquet, partitioned by city and year)")
    except ClusterUnreachable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except ManifestError as exc:  # checked before any report is extracted
        print(f"error: {exc}", file=sys.stderr)
        return 3
    except sqlite3.Error as exc:
        # Every batch of writes is one transaction: what was committed before this stays usable.
        print(f"error: the store {args.store} cannot be used: {exc}", file=sys.stderr)
        return 1
    if summary.read == 0:
        what = "no report could be read" if summary.failures else "no report files found"
        print(f"error: {what}", file=sys.stderr)
        return 1
    if args.strict and (summary.failures or missing):
        return 2
    return 0
