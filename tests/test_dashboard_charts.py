"""The timeline: one lane per city, every event once, spans and uncertain years drawn differently."""
import base64

import numpy as np

from dashboard.charts import (
    LABEL_FONT, LABEL_SPACE, ROW_PX, VISIBLE_ROWS, category_groups, chart_height, city_multiples_figure,
    colour_groups, default_x_range, empty_stretches, first_days, filtered_timeline, label_slots, lay_out, pack_rows,
    selected_event_ids, sub_rows_per_lane, timeline,
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
    return sorted(int(i) for t in figure.data if t.type == "scatter" and "markers" in (t.mode or "")
                  and t.customdata is not None for i in t.customdata)


def numbers(values) -> np.ndarray:
    """An array of a figure as numbers, whether Plotly keeps it as a list or as a typed array (base64 bytes)."""
    if isinstance(values, dict):
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=np.dtype(values["dtype"]).newbyteorder("<"))
    return np.asarray(values, dtype=float)


def label_traces(figure) -> list:
    return [t for t in figure.data if t.type == "bar"]


def label_texts(figure) -> list[str]:
    return [text.strip(LABEL_SPACE) for trace in label_traces(figure) for text in trace.text]


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
    assert numbers(trace.marker.symbol)[list(trace.customdata).index(3)] == 100  # Plotly's "circle-open"
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


def test_crowded_items_take_the_sub_rows_in_turn():
    """Ten items 5 px apart with 40 px labels and two sub-rows: every other item shares a sub-row."""
    start = np.arange(10) * 5.0
    assert list(pack_rows(start, start, start, start + 40, max_rows=2)) == [0, 1] * 5


def test_items_far_apart_share_one_row():
    start = np.array([0.0, 100.0, 200.0])
    assert list(pack_rows(start, start, start, start + 40)) == [0, 0, 0]


def test_a_span_keeps_its_sub_row_until_it_ends():
    """A since-span from 0 to 300 px: an item at 100 px goes below it, one at 320 px back beside it."""
    start, end = np.array([0.0, 100.0, 320.0]), np.array([300.0, 100.0, 320.0])
    assert list(pack_rows(start, start, end, start + 40)) == [0, 1, 0]


def test_a_crowded_item_cuts_short_the_label_with_most_room_left():
    """Items at 0 px (a 300 px label) and 150 px (a 100 px label) fill both sub-rows; the one at 160 px joins the item
    at 0, whose label keeps 160 px (shown on zooming in a little), not the one at 150, which would keep 10."""
    start = np.array([0.0, 150.0, 160.0])
    assert list(pack_rows(start, start, start, start + np.array([300.0, 100.0, 200.0]))) == [0, 1, 0]


def test_a_crowded_item_is_not_put_on_a_running_span():
    """A since-span from 0 to 500 px, an item at 150 px: the item at 160 px goes beside the item, off the span."""
    start, end = np.array([0.0, 150.0, 160.0]), np.array([500.0, 150.0, 160.0])
    assert list(pack_rows(start, start, end, start + 200)) == [0, 1, 1]


def test_few_cities_get_more_sub_rows_and_so_more_labels():
    """Five cities: four sub-rows each still fit in view; forty-two cities: two each, and the chart pans."""
    assert sub_rows_per_lane(5) == 4 and sub_rows_per_lane(42) == 2 and sub_rows_per_lane(10) == 2


def test_a_label_slot_ends_where_the_next_item_of_its_sub_row_starts():
    row = np.array([0, 1, 0, 0])
    start = np.array([0.0, 5.0, 10.0, 30.0])
    ends = label_slots(row, start, start, tail=np.full(4, 100.0))
    assert list(ends) == [10.0, 100.0, 30.0, 100.0]


def test_a_label_stops_at_a_marker_at_the_end_of_an_until_span():
    """An until-span drawn from day 0 to its marker on day 20, an item on day 10 on it: its label stops at day 20."""
    ends = label_slots(np.array([0, 0]), start=np.array([0.0, 10.0]), date=np.array([20.0, 10.0]),
                       tail=np.full(2, 50.0))
    assert list(ends) == [50.0, 20.0]


def test_items_drawn_on_the_same_day_in_one_sub_row_have_no_label():
    ends = label_slots(np.zeros(2, dtype=int), np.array([3.0, 3.0]), np.array([3.0, 3.0]), np.full(2, 50.0))
    assert list(ends) == [3.0, 3.0]


DAYS = np.random.default_rng(3).integers(0, 200, 120)
CROWDED = dataset([make_event(i, str(np.datetime64("2022-01-01") + DAYS[i]), city=["吴忠", "渭南", None][i % 3],
                              kind=["point", "point", "since", "until", "range"][i % 5],
                              date_end=str(np.datetime64("2022-01-01") + DAYS[i] + 9) if i % 5 == 4 else None,
                              category="testing", doc_hash=f"d{i % 4}")
                   for i in range(120)])


def test_no_label_slot_reaches_another_item_of_its_sub_row():
    """Whatever the zoom, a label inside its slot covers no other item's marker or span start, so no other label."""
    events = CROWDED.chart
    x_range = default_x_range(events)
    layout = lay_out(events, x_range, empty_stretches(events, x_range))
    date = events["x_date"].to_numpy()
    start = np.minimum(events["x_start"].to_numpy(), date)
    labelled = layout.slot_end > date
    assert 0 < labelled.sum() < len(events)
    for i in range(len(events)):
        others = np.flatnonzero((layout.y == layout.y[i]) & (np.arange(len(events)) != i))
        points = np.concatenate([start[others], date[others]])
        if labelled[i]:
            assert not ((points >= date[i]) & (points < layout.slot_end[i])).any()
        else:
            assert (points == date[i]).any()


def test_labels_are_shown_by_plotly_only_where_they_fit_at_the_current_zoom():
    """Every label is the text of a bar from its marker to the end of its slot; Plotly hides the text that does not fit
    at full size, in the browser, again at every zoom."""
    figure = chart(dataset([make_event(1, "2022-04-01"), make_event(2, "2022-04-20")])).figure
    assert figure.layout.uniformtext.mode == "hide" and figure.layout.uniformtext.minsize == LABEL_FONT["size"]
    for trace in label_traces(figure):
        assert trace.orientation == "h" and trace.textposition == "inside" and trace.insidetextanchor == "start"
        assert trace.textangle == 0 and trace.insidetextfont.size == LABEL_FONT["size"]
        assert all(numbers(trace.x) > 0)


def test_labels_follow_the_time_axis_but_stay_out_of_the_range_slider():
    """On an axis of their own matched to the time axis: the slider draws only its own axis's traces."""
    figure = chart().figure
    assert {t.xaxis for t in label_traces(figure)} == {"x2"}
    assert figure.layout.xaxis2.matches == "x" and figure.layout.xaxis2.visible is False
    assert figure.layout.xaxis2.rangebreaks == figure.layout.xaxis.rangebreaks


def test_the_range_slider_shows_the_whole_period_not_the_label_slots():
    figure = chart().figure
    low, high = figure.layout.xaxis.rangeslider.range
    events = DATA.events
    assert low < events["x_start"].min() and events["x_end"].max() < high
    assert max(max(numbers(t.base) + numbers(t.x)) for t in label_traces(figure)) > high


def test_labels_cannot_be_clicked_so_a_click_selects_only_markers():
    built = chart()
    curve = next(i for i, t in enumerate(built.figure.data) if t.type == "bar")
    assert built.figure.data[curve].hoverinfo == "skip"
    assert selected_event_ids({"points": [{"curve_number": curve, "point_index": 0}]}, built) == []


def test_the_chart_is_tall_enough_for_every_sub_row_to_hold_a_label():
    assert chart_height(20, 11) - chart_height(10, 11) >= 10 * ROW_PX


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
    assert label_texts(figure) == ["核酸检测·城发集团"]
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
