"""Very large reports are extracted whole: a 50 MB report and a report that is one 2 MB line.
(Timings are not asserted here; a quadratic stage would show as a run of many minutes.)"""
from pathlib import Path

import pytest

from extract.events import PASSAGE_MAX_CHARS
from extract.pipeline import scan
from extract.store import Store
from reportfiles import long_report, write


@pytest.fixture
def big_file(tmp_path: Path):
    """Makes a report file of a given size in tmp_path and removes it after the test."""
    made: list[Path] = []

    def make(size: int, **kw) -> tuple[Path, list[str]]:
        text, dates = long_report(size, **kw)
        path = write(tmp_path / "reports", f"big-{len(made)}.txt", text)
        made.append(path)
        return path, dates

    yield make
    for path in made:
        path.unlink(missing_ok=True)


def _check_extracted(store: Store, dates: list[str]) -> None:
    events = store.events()
    assert [e["date"] for e in events] == dates  # every paragraph's date, in order
    [report] = store.reports()
    assert report["n_events"] == len(dates)
    for e in events[:: max(1, len(events) // 500)]:
        assert len(e["passage"]) <= PASSAGE_MAX_CHARS + 200
        assert e["passage"][e["start"] - e["passage_start"]: e["end"] - e["passage_start"]] == e["mention"]


def test_a_50_mb_report_is_extracted_into_the_store(tmp_path, big_file):
    path, dates = big_file(50 * 2**20)
    assert path.stat().st_size >= 50 * 2**20
    with Store(tmp_path / "s.sqlite") as store:
        summary = scan([path], store)
        assert summary.extracted == [path.name] and summary.failures == []
        _check_extracted(store, dates)
        assert len(store.report(store.reports()[0]["doc_hash"])["text"]) > 15_000_000


def test_a_report_that_is_one_2_mb_line_is_extracted_with_short_passages(tmp_path, big_file):
    path, dates = big_file(2 * 2**20, one_line=True)
    assert path.read_text(encoding="utf-8").count("\n") == 2
    with Store(tmp_path / "s.sqlite") as store:
        summary = scan([path], store)
        assert summary.extracted == [path.name]
        _check_extracted(store, dates)


def test_a_report_over_the_limit_is_refused_before_it_is_read(tmp_path, big_file):
    path, _ = big_file(3 * 2**20)
    with Store(tmp_path / "s.sqlite") as store:
        summary = scan([path], store, max_bytes=2 * 2**20)
        [failure] = summary.failures
        assert failure.reason == "too large: 3 MB, the limit is 2 MB"
        assert store.reports() == []
