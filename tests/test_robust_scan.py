"""A scan over a messy folder: each file succeeds or fails on its own, failures are recorded
with their reason, duplicates are extracted once, and the store stays consistent."""
from pathlib import Path

import pytest

import extract.pipeline as pipeline
from extract.pipeline import scan
from extract.store import Store
from reportfiles import PNG_HEADER, SIMPLIFIED, TRADITIONAL, assert_consistent, numbered_report, utf16, write


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "store.sqlite") as s:
        yield s


def messy_folder(folder: Path) -> None:
    write(folder, "gbk.txt", SIMPLIFIED, "gbk")
    write(folder, "big5.txt", TRADITIONAL, "big5")
    write(folder, "windows.txt", utf16(SIMPLIFIED.replace("银川", "吴忠")))
    write(folder, "empty.txt", b"")
    write(folder, "photo.txt", PNG_HEADER + bytes(range(256)))
    for i in range(5):
        write(folder, f"brief-{i}.txt", numbered_report(i))


def test_a_messy_folder_yields_every_readable_report_and_lists_the_rest(tmp_path, store):
    messy_folder(tmp_path / "reports")
    summary = scan([tmp_path / "reports"], store)
    assert sorted(summary.extracted) == sorted(["gbk.txt", "big5.txt", "windows.txt"] + [f"brief-{i}.txt" for i in range(5)])
    reasons = {Path(f.path).name: f.reason for f in summary.failures}
    assert reasons == {"empty.txt": "empty file", "photo.txt": "not text: looks like a PNG image"}
    assert len(store.reports()) == 8
    assert {f["name"]: f["reason"] for f in store.failures()} == reasons
    assert_consistent(store)


def test_a_bug_in_a_stage_costs_one_file_not_the_scan(tmp_path, store, monkeypatch):
    resolve = next(stage for stage in pipeline.STAGES if stage.name == "resolve")

    def flaky(state):
        if state.name == "brief-2.txt":
            raise IndexError("list index out of range")
        resolve.run(state)

    stages = tuple(pipeline.Stage("resolve", flaky) if s is resolve else s for s in pipeline.STAGES)
    monkeypatch.setattr(pipeline, "STAGES", stages)
    for i in range(4):
        write(tmp_path / "r", f"brief-{i}.txt", numbered_report(i))
    summary = scan([tmp_path / "r"], store)
    assert sorted(summary.extracted) == ["brief-0.txt", "brief-1.txt", "brief-3.txt"]
    [failure] = summary.failures
    assert failure.path.endswith("brief-2.txt")
    assert failure.reason == (
        "extraction failed: internal error (stage 'resolve' failed on brief-2.txt: IndexError: list index out of range)"
    )
    assert_consistent(store)


def test_same_content_under_two_names_is_extracted_once_and_both_names_are_the_same_report(tmp_path, store):
    write(tmp_path / "r", "report.txt", SIMPLIFIED)
    write(tmp_path / "r", "report (1).txt", SIMPLIFIED)
    summary = scan([tmp_path / "r"], store)
    assert summary.extracted == ["report (1).txt"]
    assert summary.duplicates == [("report.txt", "report (1).txt")]
    [report] = store.reports()
    assert report["files"] == ["report (1).txt", "report.txt"]
    assert len(store.events()) == report["n_events"]


def test_the_same_unreadable_bytes_twice_are_two_failures_not_a_duplicate_report(tmp_path, store):
    write(tmp_path / "r", "a.txt", b"")
    write(tmp_path / "r", "b.txt", b"")
    write(tmp_path / "r", "c.txt", PNG_HEADER)
    write(tmp_path / "r", "d.txt", PNG_HEADER)
    summary = scan([tmp_path / "r"], store)
    assert summary.read == 0 and summary.duplicates == []
    assert sorted((Path(f.path).name, f.reason) for f in summary.failures) == [
        ("a.txt", "empty file"), ("b.txt", "empty file"),
        ("c.txt", "not text: looks like a PNG image"), ("d.txt", "not text: looks like a PNG image"),
    ]
    assert store.reports() == []
    assert_consistent(store)


def test_a_file_over_the_size_limit_is_refused_with_its_size_and_the_limit(tmp_path, store):
    write(tmp_path / "r", "big.txt", SIMPLIFIED * 200)  # about 70 KB
    write(tmp_path / "r", "small.txt", numbered_report(1))
    summary = scan([tmp_path / "r"], store, max_bytes=50 * 1024)
    assert summary.extracted == ["small.txt"]
    [failure] = summary.failures
    assert failure.reason.startswith("too large: ")
    assert failure.reason.endswith("the limit is 51,200 bytes")


def test_the_size_limit_is_stated_in_megabytes_as_given():
    assert pipeline._megabytes(int(0.5 * 2**20)) == "0.5 MB"
    assert pipeline._megabytes(200 * 2**20) == "200 MB"


def test_the_default_size_limit_is_generous():
    assert pipeline.DEFAULT_MAX_BYTES >= 100 * 2**20


def test_rerunning_on_unchanged_reports_changes_nothing(tmp_path, store):
    messy_folder(tmp_path / "reports")
    scan([tmp_path / "reports"], store)
    generation, events, failures = store.generation(), store.events(), store.failures()
    again = scan([tmp_path / "reports"], store)
    assert again.extracted == [] and len(again.unchanged) == 8
    assert store.generation() == generation
    assert store.events() == events
    assert store.failures() == failures


def test_a_changed_report_replaces_its_old_events(tmp_path, store):
    path = write(tmp_path / "r", "report.txt", numbered_report(1))
    scan([tmp_path / "r"], store)
    path.write_text(SIMPLIFIED, encoding="utf-8")
    scan([tmp_path / "r"], store)
    [report] = store.reports()
    assert report["files"] == ["report.txt"]
    assert {e["date"] for e in store.events()} == {"2022-10-20", "2022-10-17", "2022-10-18", "2022-10-19"}
    assert_consistent(store)


def test_a_report_that_becomes_unreadable_leaves_the_timeline(tmp_path, store):
    path = write(tmp_path / "r", "report.txt", SIMPLIFIED)
    write(tmp_path / "r", "other.txt", numbered_report(2))
    scan([tmp_path / "r"], store)
    path.write_bytes(PNG_HEADER)
    scan([tmp_path / "r"], store)
    assert [r["files"] for r in store.reports()] == [["other.txt"]]
    assert [f["reason"] for f in store.failures()] == ["not text: looks like a PNG image"]
    assert_consistent(store)


def test_a_missing_path_given_directly_is_a_failure_with_a_reason(tmp_path, store):
    write(tmp_path, "ok.txt", SIMPLIFIED)
    summary = scan([tmp_path / "ok.txt", tmp_path / "gone.txt"], store)
    assert summary.extracted == ["ok.txt"]
    assert [f.reason for f in summary.failures] == ["no such file"]


def test_a_file_of_another_type_in_a_folder_is_listed_as_not_read(tmp_path, store):
    """report.docx beside the .txt reports: named as not read, with the types that are read."""
    write(tmp_path / "reports", "brief.txt", numbered_report(1))
    write(tmp_path / "reports", "report.docx", b"PK\x03\x04 not really a document")
    summary = scan([tmp_path / "reports"], store)
    assert summary.read == 1
    assert [(Path(f.path).name, "reads .txt" in f.reason) for f in summary.failures] == [("report.docx", True)]


def test_a_write_that_fails_inside_a_batch_is_undone_alone(tmp_path, store):
    """Reports are committed in batches; a report whose write fails leaves the others of its batch stored."""
    folder = tmp_path / "reports"
    folder.mkdir()
    write(folder, "a.txt", numbered_report(1))
    write(folder, "b.txt", numbered_report(2))
    scan([folder], store)
    before = store.events()
    with store.batch():
        store.record_failure(str(folder / "a.txt"), "unreadable now")
        with pytest.raises(RuntimeError), store._transaction() as db:
            db.execute("DELETE FROM events")
            raise RuntimeError("the write fails half way")
    kept = store.file_hash(str(folder / "b.txt"))
    assert store.events() == [e for e in before if e["doc_hash"] == kept] != []
    assert [f["name"] for f in store.failures()] == ["a.txt"]
    assert_consistent(store)


def test_a_batch_without_a_write_leaves_the_generation_as_it_was(store):
    """The dashboard reloads when the generation changes: an empty batch must not make it reload."""
    generation = store.generation()
    with store.batch():
        pass
    assert store.generation() == generation
