"""Corrections kept in corrections.jsonl beside the reports, applied by every extraction."""
import json
from pathlib import Path

import pytest

from extract.cli import main as cli_main
from extract.corrections import FILE_NAME, CorrectionError, check_entry, read_corrections, save_correction
from extract.pipeline import content_hash, scan
from extract.store import Store

REPORT = "某市国资委组织开展防控工作\n3月5日，某市城投集团开展核酸检测。\n3月6日，某市交投集团向社区捐赠口罩。\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "a.txt").write_text(REPORT, encoding="utf-8")
    return reports


def doc_hash() -> str:
    return content_hash(REPORT.encode())


def events_after_scan(folder: Path, store_path: Path) -> list[dict]:
    with Store(store_path) as store:
        scan([folder], store)
        return store.events()


def event_key(events: list[dict], mention: str) -> dict:
    event = next(e for e in events if e["mention"] == mention)
    return {"mention": mention, "start": event["start"]}


def correct(folder: Path, **entry) -> None:
    save_correction(folder / FILE_NAME, {"file": "a.txt", "report": doc_hash(), **entry})


def test_report_year_moves_the_guessed_dates_and_says_so(folder, tmp_path):
    """3月5日 with no year anywhere: a year set on the report gives 2020-03-05, basis "corrected"."""
    store = tmp_path / "s.sqlite"
    events_after_scan(folder, store)
    correct(folder, set={"year": 2020})
    events = events_after_scan(folder, store)
    assert [(e["date"], e["year_basis"]) for e in events] == [("2020-03-05", "corrected"), ("2020-03-06", "corrected")]


def test_event_date_companies_and_category_are_set(folder, tmp_path):
    store = tmp_path / "s.sqlite"
    key = event_key(events_after_scan(folder, store), "3月6日")
    correct(folder, event=key, set={"date": "2021-03-07", "companies": ["某市国资委"], "category": "supplies"})
    event = next(e for e in events_after_scan(folder, store) if e["mention"] == "3月6日")
    assert (event["date"], event["companies"], event["category"]) == ("2021-03-07", ["某市国资委"], "supplies")


def test_event_marked_wrong_leaves_the_timeline(folder, tmp_path):
    store = tmp_path / "s.sqlite"
    key = event_key(events_after_scan(folder, store), "3月5日")
    correct(folder, event=key, wrong=True)
    assert [e["mention"] for e in events_after_scan(folder, store)] == ["3月6日"]


def test_corrections_follow_an_edited_report_by_its_file_name(folder, tmp_path):
    """The report gains a line above: offsets shift, the content hash changes, the correction still holds."""
    store = tmp_path / "s.sqlite"
    key = event_key(events_after_scan(folder, store), "3月6日")
    correct(folder, event=key, set={"category": "volunteers"})
    (folder / "a.txt").write_text("（本报讯）\n" + REPORT, encoding="utf-8")
    event = next(e for e in events_after_scan(folder, store) if e["mention"] == "3月6日")
    assert event["category"] == "volunteers"


def test_corrections_file_is_not_taken_for_a_report(folder, tmp_path):
    correct(folder, set={"title": "某市国企抗疫纪实"})
    with Store(tmp_path / "s.sqlite") as store:
        summary = scan([folder], store)
        assert not summary.failures
        assert {e["title"] for e in store.events()} == {"某市国企抗疫纪实"}


def test_unusable_line_is_reported_and_the_rest_applied(folder, tmp_path):
    (folder / FILE_NAME).write_text(
        '{"file": "a.txt", "sett": {"year": 2020}}\n'
        + json.dumps({"file": "a.txt", "set": {"year": 2019}}) + "\n", encoding="utf-8")
    with Store(tmp_path / "s.sqlite") as store:
        summary = scan([folder], store)
        assert any("line 1 not applied" in w and "sett" in w for _, w in summary.warnings)
        assert {e["date"][:4] for e in store.events()} == {"2019"}


def test_jsonl_output_carries_corrections_and_categories(folder, tmp_path):
    correct(folder, set={"city": "咸阳"})
    out = tmp_path / "events.jsonl"
    assert cli_main([str(folder), "--store", str(tmp_path / "s.sqlite"), "--jsonl", str(out), "-q"]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r["city"] for r in rows} == {"咸阳"}
    assert [r["category"] for r in rows] == ["testing", "donations"]


def test_a_later_correction_of_the_same_event_replaces_the_earlier(tmp_path):
    path = tmp_path / FILE_NAME
    key = {"mention": "3月5日", "start": 14}
    save_correction(path, {"file": "a.txt", "event": key, "set": {"category": "testing"}})
    save_correction(path, {"file": "a.txt", "event": key, "set": {"category": "supplies"}})
    entries, problems = read_corrections(path)
    assert not problems
    assert [e["set"] for e in entries] == [{"category": "supplies"}]


def test_an_empty_correction_removes_the_entry(tmp_path):
    path = tmp_path / FILE_NAME
    save_correction(path, {"file": "a.txt", "set": {"year": 2020}})
    save_correction(path, {"file": "a.txt", "set": {}})
    assert read_corrections(path) == ([], [])


@pytest.mark.parametrize("entry", [
    {"file": "a.txt", "set": {"date": "2022-01-01"}},  # a report has no date
    {"file": "a.txt", "event": {"mention": "3月5日", "start": 1}, "set": {"category": "nonsense"}},
    {"file": "a.txt", "event": {"mention": "3月5日", "start": 1}, "set": {"date": "2022-02-30"}},
    {"set": {"year": 2020}},  # names no report
])
def test_malformed_entries_are_refused_with_the_reason(entry):
    with pytest.raises(CorrectionError):
        check_entry(entry)
