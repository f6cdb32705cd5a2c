"""`python -m extract` reports every file it could not read, exits non-zero only when nothing
was read (or with --strict), and a run killed midway leaves a usable store that the next run completes."""
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extract.store import Store
from reportfiles import PNG_HEADER, SIMPLIFIED, assert_consistent, long_report, numbered_report, with_bad_bytes, after, write

ROOT = Path(__file__).resolve().parents[1]


def run_extract(*args: str | Path, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "extract", *map(str, args)],
        cwd=ROOT, capture_output=True, text=True, timeout=timeout,
    )


def test_one_good_and_one_png_exits_0_and_lists_the_png_with_its_reason(tmp_path):
    write(tmp_path / "r", "good.txt", SIMPLIFIED)
    write(tmp_path / "r", "photo.txt", PNG_HEADER + bytes(300))
    done = run_extract(tmp_path / "r", "--store", tmp_path / "s.sqlite", "-q")
    assert done.returncode == 0, done.stderr
    assert "1 report(s) read: 1 extracted" in done.stdout
    assert "1 file(s) not read:" in done.stdout
    assert f"{tmp_path / 'r' / 'photo.txt'}: not text: looks like a PNG image" in done.stdout
    assert "Traceback" not in done.stderr


def test_nothing_readable_exits_1_with_every_reason(tmp_path):
    write(tmp_path / "r", "empty.txt", b"")
    write(tmp_path / "r", "photo.txt", PNG_HEADER)
    done = run_extract(tmp_path / "r", "--store", tmp_path / "s.sqlite", "-q")
    assert done.returncode == 1
    assert "empty.txt: empty file" in done.stdout
    assert "photo.txt: not text: looks like a PNG image" in done.stdout
    assert "error: no report could be read" in done.stderr


def test_strict_exits_non_zero_when_any_file_failed(tmp_path):
    write(tmp_path / "r", "good.txt", SIMPLIFIED)
    write(tmp_path / "r", "empty.txt", b"")
    done = run_extract(tmp_path / "r", "--store", tmp_path / "s.sqlite", "-q", "--strict")
    assert done.returncode == 2
    assert "empty.txt: empty file" in done.stdout


def test_strict_exits_0_when_everything_was_read(tmp_path):
    write(tmp_path / "r", "good.txt", SIMPLIFIED)
    assert run_extract(tmp_path / "r", "--store", tmp_path / "s.sqlite", "-q", "--strict").returncode == 0


def test_an_empty_folder_exits_1_saying_no_report_files_were_found(tmp_path):
    (tmp_path / "r").mkdir()
    done = run_extract(tmp_path / "r", "--store", tmp_path / "s.sqlite", "-q")
    assert done.returncode == 1
    assert "no report files found" in done.stderr


def test_warnings_and_duplicates_are_shown_in_the_summary(tmp_path):
    data = SIMPLIFIED.encode()
    write(tmp_path / "r", "a.txt", with_bad_bytes(data, after(data, b"\n")))
    write(tmp_path / "r", "b.txt", numbered_report(3))
    write(tmp_path / "r", "c.txt", numbered_report(3))
    done = run_extract(tmp_path / "r", "--store", tmp_path / "s.sqlite", "-q")
    assert done.returncode == 0
    assert "warning: a.txt: 1 undecodable byte sequence(s) replaced (read as utf-8)" in done.stdout
    assert "same content: c.txt = b.txt" in done.stdout


def test_the_size_limit_is_set_in_megabytes_and_reported(tmp_path):
    write(tmp_path / "r", "big.txt", SIMPLIFIED * 2300)  # 1 MB
    write(tmp_path / "r", "small.txt", SIMPLIFIED)
    done = run_extract(tmp_path / "r", "--store", tmp_path / "s.sqlite", "-q", "--max-size", "0.5")
    assert done.returncode == 0
    assert "big.txt: too large: 1 MB, the limit is 0.5 MB" in done.stdout
    assert "small.txt" not in done.stdout


def test_a_store_that_is_not_a_database_is_an_error_message_not_a_traceback(tmp_path):
    write(tmp_path / "r", "good.txt", SIMPLIFIED)
    (tmp_path / "s.sqlite").write_bytes(b"this is not a database" * 100)
    done = run_extract(tmp_path / "r", "--store", tmp_path / "s.sqlite", "-q")
    assert done.returncode == 1
    assert "cannot be used" in done.stderr and "Traceback" not in done.stderr


def _committed_reports(store_path: Path) -> int:
    try:
        with sqlite3.connect(f"file:{store_path}?mode=ro", uri=True, timeout=1) as db:
            return db.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
    except sqlite3.Error:
        return 0


def _snapshot(store: Store) -> tuple[list, list]:
    """Reports and events as the dashboard sees them (the row ids, extraction time and engine
    fingerprint left out: the engine changes whenever someone edits a rule during the test)."""
    events = [{k: v for k, v in e.items() if k != "id"} for e in store.events()]
    reports = [{k: v for k, v in r.items() if k not in ("extracted_at", "engine")} for r in store.reports()]
    return reports, events


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_run_killed_midway_leaves_a_usable_store_and_the_next_run_completes_it(tmp_path):
    folder, store_path = tmp_path / "reports", tmp_path / "s.sqlite"
    for i in range(10):
        write(folder, f"early-{i:03d}.txt", numbered_report(i))
    assert run_extract(folder, "--store", store_path, "-q").returncode == 0
    with Store(store_path) as store:
        early_reports, early_events = _snapshot(store)
    assert len(early_reports) == 10

    # 300 more reports, each long enough that the run takes a while.
    filler, _ = long_report(12_000)
    for i in range(300):
        write(folder, f"late-{i:03d}.txt", numbered_report(1000 + i) + filler)
    proc = subprocess.Popen(
        [sys.executable, "-m", "extract", str(folder), "--store", str(store_path), "-q"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while _committed_reports(store_path) < 40 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert proc.poll() is None, "the run ended before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    with Store(store_path) as store:
        assert_consistent(store)
        reports, events = _snapshot(store)
        assert 40 <= len(reports) < 310
        early_hashes = {r["doc_hash"] for r in early_reports}
        assert [r for r in reports if r["doc_hash"] in early_hashes] == early_reports
        assert [e for e in events if e["doc_hash"] in early_hashes] == early_events

    done = run_extract(folder, "--store", store_path, "-q")
    assert done.returncode == 0, done.stderr
    with Store(store_path) as store:
        assert_consistent(store)
        assert len(store.reports()) == 310
        assert sorted(n for r in store.reports() for n in r["files"]) == sorted(p.name for p in folder.iterdir())
        generation, complete = store.generation(), _snapshot(store)

    again = run_extract(folder, "--store", store_path, "-q")
    assert again.returncode == 0
    assert "0 extracted" in again.stdout and "310 unchanged" in again.stdout
    with Store(store_path) as store:
        assert store.generation() == generation
        assert _snapshot(store) == complete
