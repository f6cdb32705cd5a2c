"""Extraction in parallel (local processes, a local Dask cluster) writes exactly what one process writes."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.corpus import generate_reports
from extract import pipeline
from extract.parallel import ReadAhead, executor_for, process_pool
from extract.store import Store
from reportfiles import PNG_HEADER, write

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """30 generated reports, a copy of one of them, and three files that cannot be read."""
    folder = tmp_path_factory.mktemp("corpus")
    reports = generate_reports(30)
    for name, text in reports:
        write(folder, name, text)
    write(folder, "zz_copy_of_first.txt", reports[0][1])
    write(folder, "empty.txt", b"")
    write(folder, "photo.txt", PNG_HEADER + bytes(300))
    write(folder, "scan.pdf", b"%PDF-1.4")
    return folder


def run_scan(folder: Path, store_path: Path, workers: int = 1, cluster: str | None = None):
    """The scan's summary and every stored event (without the row id, which only numbers rows)."""
    with Store(store_path) as store, executor_for(workers, cluster, quiet=True) as executor:
        summary = pipeline.scan([folder], store, executor=executor)
        events = [{k: v for k, v in ev.items() if k != "id"} for ev in store.events()]
        reports = [{k: v for k, v in r.items() if k != "extracted_at"} for r in store.reports()]
    return summary, events, reports


@pytest.fixture(scope="module")
def one_process(corpus: Path, tmp_path_factory: pytest.TempPathFactory):
    return run_scan(corpus, tmp_path_factory.mktemp("one") / "s.sqlite")


def test_two_workers_store_the_same_events_in_the_same_order(corpus, one_process, tmp_path):
    summary, events, reports = run_scan(corpus, tmp_path / "s.sqlite", workers=2)
    assert len(events) > 100
    assert events == one_process[1]
    assert reports == one_process[2]
    assert summary.events == one_process[0].events


def test_two_workers_report_read_files_duplicates_and_failures_the_same(corpus, one_process, tmp_path):
    summary, _, _ = run_scan(corpus, tmp_path / "s.sqlite", workers=2)
    expected = one_process[0]
    assert summary.extracted == expected.extracted
    assert summary.duplicates == expected.duplicates == [("zz_copy_of_first.txt", "gen_00000_000.txt")]
    assert summary.failures == expected.failures
    assert {Path(f.path).name for f in summary.failures} == {"empty.txt", "photo.txt", "scan.pdf"}
    assert summary.warnings == expected.warnings


def test_a_second_parallel_run_extracts_nothing_again(corpus, tmp_path):
    run_scan(corpus, tmp_path / "s.sqlite", workers=2)
    summary, _, _ = run_scan(corpus, tmp_path / "s.sqlite", workers=2)
    assert summary.extracted == []
    assert len(summary.unchanged) == 30


def test_progress_is_reported_once_per_file_in_file_order(corpus, tmp_path):
    calls: list[tuple[int, int, str]] = []
    with Store(tmp_path / "s.sqlite") as store, process_pool(2) as executor:
        pipeline.scan([corpus], store, executor=executor, progress=lambda *call: calls.append(call))
    files = sorted(p.name for p in corpus.iterdir())
    assert calls == [(i, len(files), name) for i, name in enumerate(files, 1)]


def _crash_on_marked_report(data: bytes, name: str, meta=None):
    """Stands in for extract_report in the workers: the report named crash_* kills its process."""
    if name.startswith("crash_"):
        os._exit(1)
    return _real_extract_report(data, name, meta)


_real_extract_report = pipeline.extract_report


def test_a_report_that_kills_its_worker_fails_alone_with_a_reason(corpus, tmp_path, monkeypatch):
    folder = tmp_path / "r"
    for name in ("gen_00001_001.txt", "gen_00002_002.txt"):
        write(folder, name, (corpus / name).read_bytes())
    write(folder, "crash_me.txt", (corpus / "gen_00003_003.txt").read_bytes())
    monkeypatch.setattr(pipeline, "extract_report", _crash_on_marked_report)
    with Store(tmp_path / "s.sqlite") as store, process_pool(2) as executor:
        summary = pipeline.scan([folder], store, executor=executor)
    assert [Path(f.path).name for f in summary.failures] == ["crash_me.txt"]
    assert "worker process died" in summary.failures[0].reason
    assert summary.extracted == ["gen_00001_001.txt", "gen_00002_002.txt"]


def test_a_file_changed_after_it_was_read_ahead_is_extracted_as_it_is_now(corpus, tmp_path):
    """The answer always matches the bytes the scan holds: what was read ahead is only a guess."""
    path = write(tmp_path / "r", "a.txt", (corpus / "gen_00001_001.txt").read_bytes())
    now = (corpus / "gen_00002_002.txt").read_bytes()
    with Store(tmp_path / "s.sqlite") as store, process_pool(2) as executor:
        ahead = ReadAhead(executor, [path], store, pipeline.engine_fingerprint(), 10**6)
        result = ahead(now, "a.txt")
    assert result.doc_hash == pipeline.content_hash(now)
    assert result.events == pipeline.extract_report(now, "a.txt").events


def test_a_local_dask_cluster_of_two_workers_stores_the_same_events(corpus, one_process, tmp_path):
    summary, events, reports = run_scan(corpus, tmp_path / "s.sqlite", workers=2, cluster="auto")
    assert events == one_process[1]
    assert reports == one_process[2]
    assert summary.failures == one_process[0].failures


def test_cli_with_two_workers_prints_what_one_worker_prints(corpus, tmp_path):
    outputs = []
    for workers in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-m", "extract", str(corpus), "--store", str(tmp_path / f"{workers}.sqlite"), "-q",
             "--workers", workers],
            cwd=ROOT, capture_output=True, text=True, timeout=300,
        )
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout.replace(str(tmp_path / f"{workers}.sqlite"), "STORE"))
    assert outputs[0] == outputs[1]
    assert "30 extracted" in outputs[0]


def test_cli_refuses_zero_workers(tmp_path):
    done = subprocess.run([sys.executable, "-m", "extract", "--workers", "0", "--store", str(tmp_path / "s.sqlite")],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "must be at least 1" in done.stderr


def test_cli_says_when_no_dask_scheduler_answers(corpus, tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "extract", str(corpus), "--store", str(tmp_path / "s.sqlite"), "-q",
         "--cluster", "tcp://127.0.0.1:1"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 1
    assert "no Dask scheduler answered at tcp://127.0.0.1:1" in done.stderr
    assert "Traceback" not in done.stderr


def test_extraction_does_not_depend_on_the_process_hash_seed(corpus):
    """Workers are other processes with other string hashing: 市国资委 and 省国资委 tie on length, and
    which one named the body used to follow a set's order."""
    script = (
        "import sys, json; from pathlib import Path; from extract.pipeline import extract_report\n"
        "out = [[e.to_dict() for e in extract_report(p.read_bytes(), p.name).events]\n"
        "       for p in sorted(Path(sys.argv[1]).glob('gen_*'))]\n"
        "print(json.dumps(out, ensure_ascii=False))\n"
    )
    runs = [
        subprocess.run([sys.executable, "-c", script, str(corpus)], cwd=ROOT, capture_output=True, text=True,
                       timeout=120, env={**os.environ, "PYTHONHASHSEED": seed}, check=True).stdout
        for seed in ("1", "2", "3")
    ]
    assert runs[0] == runs[1] == runs[2]


def test_workers_of_a_killed_run_exit_instead_of_lingering(corpus, tmp_path):
    import signal
    import time

    import psutil

    proc = subprocess.Popen(
        [sys.executable, "-m", "extract", str(corpus), str(corpus), "--store", str(tmp_path / "s.sqlite"), "-q",
         "--workers", "2"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + 60
    while len(parent.children()) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    workers = parent.children()
    assert workers, "the run ended before its workers could be seen"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    gone, alive = psutil.wait_procs(workers, timeout=10)
    assert not alive


def test_a_bug_in_a_stage_fails_its_report_with_the_same_reason_as_in_one_process(corpus, tmp_path, monkeypatch):
    """The worker's StageError comes back whole (it is rebuilt from its message), not as a dead worker."""
    resolve = next(stage for stage in pipeline.STAGES if stage.name == "resolve")

    def flaky(state):
        if state.name == "gen_00002_002.txt":
            raise IndexError("list index out of range")
        resolve.run(state)

    monkeypatch.setattr(pipeline, "STAGES", tuple(pipeline.Stage("resolve", flaky) if s is resolve else s
                                                  for s in pipeline.STAGES))
    folder = tmp_path / "r"
    for name in ("gen_00001_001.txt", "gen_00002_002.txt", "gen_00003_003.txt"):
        write(folder, name, (corpus / name).read_bytes())
    with Store(tmp_path / "s.sqlite") as store, process_pool(2) as executor:
        summary = pipeline.scan([folder], store, executor=executor)
    [failure] = summary.failures
    assert failure.reason == ("extraction failed: internal error (stage 'resolve' failed on gen_00002_002.txt: "
                              "IndexError: list index out of range)")
    assert summary.extracted == ["gen_00001_001.txt", "gen_00003_003.txt"]
