"""The store becomes one frame with what the charts need: lanes, spans, escaped hover text."""
from pathlib import Path

from dashboard.data import hover_texts, load_dataset
from bench.synthetic import write_synthetic_store
from bench.synthetic import dataset, make_event


def test_since_without_end_runs_to_the_reports_last_date():
    data = dataset([make_event(1, "2022-04-01", kind="since"), make_event(2, "2022-04-20")])
    since = data.events.set_index("id").loc[1]
    assert (since["span_start"].date().isoformat(), since["span_end"].date().isoformat()) == ("2022-04-01", "2022-04-20")


def test_range_runs_from_start_to_end_date():
    event = dataset([make_event(1, "2022-04-01", kind="range", date_end="2022-04-09")]).events.iloc[0]
    assert event["span_end"].date().isoformat() == "2022-04-09"


def test_hover_text_is_escaped():
    hover = hover_texts(dataset([make_event(1, "2022-04-01", summary="<img src=x onerror=alert(1)>")]).events)[0]
    assert "<img" not in hover and "&#60;img" in hover


def test_hover_shows_date_city_companies_and_summary():
    hover = hover_texts(dataset([make_event(1, "2022-04-01", "吴忠", ["国能集团"], summary="物资保障")]).events)[0]
    assert all(part in hover for part in ("2022-04-01", "吴忠 Wuzhong", "国能集团", "物资保障"))


def test_events_with_an_unreadable_date_are_left_out():
    assert list(dataset([make_event(1, "2022-13-45"), make_event(2, "2022-04-01")]).events["id"]) == [2]


def test_load_dataset_reads_every_event_of_the_store(tmp_path: Path):
    write_synthetic_store(tmp_path / "s.sqlite", 500, 20)
    data = load_dataset(tmp_path / "s.sqlite")
    assert len(data.events) == 500
    assert data.events["city_key"].nunique() == 21  # 20 cities and the unknown one


def test_hover_texts_are_built_for_the_rows_drawn_and_kept():
    """The chart asks for the hover texts of the events it draws; each is built once per store generation."""
    import numpy as np

    data = dataset([make_event(1, "2022-04-01", summary="物资保障"), make_event(2, "2022-04-02", summary="核酸检测")])
    first = data.hover(np.array([1]))
    assert "核酸检测" in first[0] and data._hover_memo[0] is None
    assert list(data.hover(np.array([0, 1]))) == list(hover_texts(data.events))
    assert data.hover(np.array([1]))[0] is first[0]
