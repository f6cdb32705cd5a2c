"""Dates that cannot exist never crash extraction and never come out as a different day."""
import pytest

from extract.pipeline import extract_text, scan
from extract.store import Store
from reportfiles import numbered_report, write

HEAD = "银川市召开疫情防控工作会议\n"


def _events(body: str):
    return extract_text(HEAD + body).events


@pytest.mark.parametrize("impossible", ["2月30日", "2022年2月30日", "2021年2月29日", "4月31日", "二月三十日", "2022-02-30"])
def test_a_day_past_the_end_of_its_month_yields_no_event(impossible):
    events = _events(f"{impossible}，市指挥部召开会议。2022年3月5日，召开第二次会议。\n")
    assert [(e.mention, e.date) for e in events] == [("2022年3月5日", "2022-03-05")]


@pytest.mark.parametrize("impossible", ["13月5日", "2022年13月5日", "十三月五日", "0月5日", "2022-13-05"])
def test_a_month_that_does_not_exist_yields_no_event_and_no_other_month(impossible):
    events = _events(f"{impossible}，市指挥部召开会议。\n")
    assert events == []


@pytest.mark.parametrize("impossible", ["0日", "00日", "2022年3月0日", "3月32日", "32日"])
def test_day_zero_or_past_31_yields_no_event(impossible):
    events = _events(f"2022年3月1日，会议召开。{impossible}，再次召开。\n")
    assert [e.date for e in events] == ["2022-03-01"]


def test_a_day_only_mention_past_the_inherited_month_end_is_dropped_not_moved():
    events = _events("2022年2月28日，会议召开。30日，再次召开。\n")
    assert [e.date for e in events] == ["2022-02-28"]


def test_a_leap_day_in_a_leap_year_is_kept():
    events = _events("2020年2月29日，会议召开。\n")
    assert [e.date for e in events] == ["2020-02-29"]


def test_a_range_ending_before_it_starts_yields_no_event():
    events = _events("2022年5月3日至1日，举行活动。\n")
    assert events == []


def test_a_publication_date_at_the_end_of_the_calendar_never_stops_the_scan(tmp_path):
    # The day after 9999-12-31 does not exist: this once made the resolver raise OverflowError.
    # Whatever a stage raises, the file fails with a reason and the rest is read.
    write(tmp_path / "r", "far-future.txt", "银川市通报疫情情况\n发布时间：Dec 31, 9999\n12月31日，会议召开。次日，再次召开。\n")
    write(tmp_path / "r", "good.txt", numbered_report(7))
    with Store(tmp_path / "s.sqlite") as store:
        summary = scan([tmp_path / "r"], store)
        assert "good.txt" in summary.extracted
        assert "far-future.txt" in summary.extracted
        assert "9999-12-31" in {e["date"] for e in store.events()}
        assert not any(e["date"].startswith("0001") or e["date"] > "9999-12-31" for e in store.events())
        assert len(store.reports()) == len(summary.extracted)
