"""The timeline: one lane per city, every event once, spans and uncertain years drawn differently."""
import base64

import numpy as np

from dashboard.charts import (
    VISIBLE_ROWS, category_groups, city_multiples_figure, colour_groups, default_x_range, empty_stretches, first_days,
    filtered_timeline, pack_rows, selected_event_ids, timeline,
)
from dashboard.filters import Filters
from bench.synthetic import dataset, make_event

DATA = dataset([
    make_event(1, "2022-04-01", "吴忠", ["国能集团"]),
    make_event(2, "2022-04-10", "渭南", ["国能集团", "华药集团"]),
    make_event(3, "2022-05-01", None, [], kind="since", basis="unknown", doc_hash="d2"),
    make_event(4, "2022-03-01", "西安", ["华药集团"], kind="range", date_end="2022-04-05"),
    make_event(5, "2022-05-03", None, [], doc_hash="d2"),
])


def chart(data=DATA, **kwargs):
    groups, names = colour_groups(data, data.events)
    return timeline(data.events, groups, names, **kwargs)


def marker_ids(figure) -> list[int]:
    return sorted(int(i) for t in figure.data if "markers" in (t.mode or "") and t.customdata is not None for i in t.customdata)


def test_one_lane_per_city_with_unknown_city_last():
    assert list(chart().figure.layout.yaxis.ticktext) == ["渭南 Weinan", "吴忠 Wuzhong", "西安 Xi'an", "Unknown city"]


def test_every_event_is_one_marker():
    assert marker_ids(chart().figure) == [1, 2, 3, 4, 5]


TWO_COMPANIES = dataset([
    make_event(1, "2022-04-01", companies=["甲集团"]), make_event(2, "2022-04-02", companies=["甲集团", "乙集团"]),
    make_event(3, "2022-04-03", companies=["乙集团", "甲集团"]), make_event(4, "2022-04-04"),
])


def test_events_are_coloured_by_the_company_they_name_first():
    groups, names = colour_groups(TWO_COMPANIES, TWO_COMPANIES.events)
    assert dict(zip(TWO_COMPANIES.events["id"], groups)) == {1: "甲集团", 2: "甲集团", 3: "乙集团", 4: "No company named"}
    assert names == ["甲集团", "乙集团", "Other companies", "No company named"]


def test_a_chosen_company_takes_the_colour_of_every_event_naming_it():
    groups, names = colour_groups(TWO_COMPANIES, TWO_COMPANIES.events, chosen=["乙集团"])
    assert dict(zip(TWO_COMPANIES.events["id"], groups)) == {1: "甲集团", 2: "乙集团", 3: "乙集团", 4: "No company named"}
    assert names[0] == "乙集团"


def test_with_several_chosen_each_event_takes_the_colour_of_its_own_company():
    """甲集团 and 乙集团 chosen: an event naming 乙集团 first (乙集团, 甲集团) is coloured as 乙集团."""
    groups, _ = colour_groups(TWO_COMPANIES, TWO_COMPANIES.events, chosen=["甲集团", "乙集团"])
    assert dict(zip(TWO_COMPANIES.events["id"], groups)) == {1: "甲集团", 2: "甲集团", 3: "乙集团", 4: "No company named"}


def test_several_chosen_companies_colour_the_timeline_by_company_even_when_colouring_by_category():
    rows, figure = filtered_timeline(TWO_COMPANIES, Filters(companies=("甲集团", "乙集团")), colour_by="category")
    assert {"甲集团", "乙集团"} <= {trace.name for trace in figure.figure.data}


def test_companies_beyond_the_top_ones_are_grouped():
    groups, names = colour_groups(DATA, DATA.events, top_n=1)
    assert "Other companies" in set(groups) and len(names) == 3


def test_range_and_since_events_are_drawn_as_spans():
    spans = [t for t in chart().figure.data if t.name == "spans"]
    assert sum(np.isfinite(np.asarray(t.x, dtype=float)).sum() // 2 for t in spans) == 2


def test_uncertain_years_use_open_markers_and_the_legend_says_so():
    figure = chart().figure
    trace = next(t for t in figure.data if t.customdata is not None and 3 in list(t.customdata))
    codes = np.frombuffer(base64.b64decode(trace.marker.symbol["bdata"]), dtype=np.uint8)
    assert codes[list(trace.customdata).index(3)] == 100  # Plotly's "circle-open"
    assert any("year not certain" in (t.name or "") for t in figure.data)


def test_default_zoom_ignores_a_stray_far_date():
    data = dataset([make_event(i, f"2022-04-{1 + i % 28:02d}") for i in range(300)] + [make_event(999, "1990-01-01")])
    low, _ = default_x_range(data.events)
    assert np.datetime64(int(low), "ms") > np.datetime64("2022-01-01")


def test_lane_height_grows_with_the_number_of_cities():
    data = dataset([make_event(i, "2022-04-01", city=f"城{i}") for i in range(30)])
    assert chart(data).figure.layout.height > chart().figure.layout.height


def test_with_many_cities_the_first_lanes_are_in_view_and_the_rest_pan_into_view():
    data = dataset([make_event(i, "2022-04-01", city=f"城{i:03d}") for i in range(300)])
    yaxis = chart(data).figure.layout.yaxis
    assert list(yaxis.range) == [299.5 - VISIBLE_ROWS, 299.5]  # the first lane is at the top (highest y)
    assert yaxis.fixedrange is False


def test_selected_points_map_back_to_event_ids():
    selection = {"points": [{"customdata": 4}, {"customdata": [2]}, {"customdata": 4}]}
    assert selected_event_ids(selection, chart()) == [4, 2]


def test_selected_points_without_customdata_use_the_point_index():
    built = chart()
    curve = next(i for i, t in enumerate(built.figure.data) if t.customdata is not None and len(t.customdata))
    point = {"curve_number": curve, "point_index": 0}
    assert selected_event_ids({"points": [point]}, built) == [int(built.figure.data[curve].customdata[0])]


def test_too_many_events_share_markers_and_a_selected_marker_lists_all_its_events():
    data = dataset([make_event(i, f"2022-04-{1 + i % 3:02d}", city=f"城{i % 4}") for i in range(200)])
    built = chart(data, max_markers=50)
    assert built.grouped_by == "day"
    clusters = [int(c) for t in built.figure.data if t.customdata is not None for c in t.customdata]
    assert len(clusters) == 12
    everything = selected_event_ids({"points": [{"customdata": c} for c in clusters]}, built)
    assert sorted(everything) == list(range(200))


def test_city_panels_aligned_on_day_zero_start_at_zero():
    figure = city_multiples_figure(DATA.events, align_first_day=True)
    assert all(min(t.x) == 0 for t in figure.data)
    assert len(figure.data) == 4


def test_packed_labels_never_overlap_and_crowded_ones_give_way():
    """Ten items 5 px apart with 40 px labels: three sub-rows hold labelled items, the rest are bare markers."""
    start = np.arange(10) * 5.0
    rows, labelled = pack_rows(start, start, np.full(10, 40.0), max_rows=3)
    for row in range(3):
        placed = sorted(start[(rows == row) & labelled])
        assert all(b - a >= 40 for a, b in zip(placed, placed[1:]))
    assert labelled[:3].all() and not labelled.all()


def test_items_far_apart_share_one_row_with_labels():
    start = np.array([0.0, 100.0, 200.0])
    rows, labelled = pack_rows(start, start, np.full(3, 40.0))
    assert list(rows) == [0, 0, 0] and labelled.all()


def test_a_guessed_year_does_not_stretch_the_default_view():
    """An event of 2026 whose year is a guess stays off the default view of a 2022 story."""
    data = dataset([make_event(1, "2022-04-01"), make_event(2, "2022-04-20"), make_event(3, "2026-04-01", basis="unknown")])
    _, high = default_x_range(data.events)
    assert np.datetime64(int(high), "ms") < np.datetime64("2022-06-01")


def test_long_empty_stretches_are_cut_from_the_axis():
    data = dataset([make_event(1, "2020-02-01"), make_event(2, "2020-02-10"), make_event(3, "2022-04-01")])
    cuts = empty_stretches(data.events, default_x_range(data.events))
    assert len(cuts) == 1
    assert np.datetime64(int(cuts[0][0]), "ms") > np.datetime64("2020-02-10")
    assert chart(data).figure.layout.xaxis.rangebreaks


def test_items_are_labelled_with_category_and_company():
    data = dataset([make_event(1, "2022-04-01", companies=["怀化市城发集团"], category="testing")])
    groups, names = category_groups(data.events)
    figure = timeline(data.events, groups, names).figure
    texts = [t for trace in figure.data if trace.text is not None for t in trace.text]
    assert texts == ["核酸检测·城发集团"]
    assert names == ["核酸检测 Testing"]


def test_comparison_counts_days_from_each_citys_first_event():
    """吴忠 tests on day 4 after its first event; 渭南 on day 0."""
    data = dataset([
        make_event(1, "2022-04-01", "吴忠", category="setup"), make_event(2, "2022-04-05", "吴忠", category="testing"),
        make_event(3, "2022-05-01", "渭南", category="testing"),
    ])
    table = first_days(data.chart)
    assert table.loc["吴忠 Wuzhong", "核酸检测 Testing"] == 4
    assert table.loc["渭南 Weinan", "核酸检测 Testing"] == 0
    assert np.isnan(table.loc["渭南 Weinan", "部署与会议 Set-up & meetings"])


def test_per_city_view_draws_open_markers_with_an_outline():
    figure = city_multiples_figure(DATA.events, align_first_day=False)
    unknown = next(t for t in figure.data if t.name == "Unknown city")
    codes = np.frombuffer(base64.b64decode(unknown.marker.symbol["bdata"]), dtype=np.uint8)
    assert 100 in codes and unknown.marker.line.width > 0
