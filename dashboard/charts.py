"""Plotly figures built from the (filtered) events frame; pure, so they are tested without Streamlit.

x values are epoch milliseconds (numbers serialise far faster than date strings)
and there are never more than MAX_MARKERS markers, so SVG traces are used: unlike
WebGL they draw text labels, the range slider's overview and breaks in the axis.
Every marker carries its event id in ``customdata``: that is how a chart
selection is turned back into events. Labels are the text of invisible bars, so
that Plotly, in the browser, shows each one only where it fits at the current zoom.
"""
from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .cities import UNKNOWN_CITY_LABEL
from .data import Dataset, epoch_ms, hover_texts
from .filters import Filters, filter_mask
from .highlight import escape_text

TOP_COMPANIES = 8
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf")
OTHER_COMPANIES = "Other companies"
NO_COMPANY = "No company named"
GROUP_COLOURS = {OTHER_COMPANIES: "#7f7f7f", NO_COMPANY: "#bcbd22"}
CATEGORY_PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf",
                    "#bcbd22", "#393b79", "#637939", "#843c39", "#7b4173", "#9e9e9e")
LANE_PX = 34  # size scale of grouped markers
ROW_PX = 24  # one sub-row of a lane: Plotly shows a label only if its text (13 px) and 2 x 3 px padding fit
SUB_ROWS = (2, 4)  # sub-rows a lane may use before labels give way to bare markers: more when there are few lanes
VISIBLE_ROWS = 28  # more rows pan vertically, so the chart (and its time axis) fits on a screen
AXIS_PX = 70  # the time axis above the plot and the margins
LEGEND_DROP = 0.12  # the legend's top below the plot, as a fraction of the plot's height (the slider is between)
LEGEND_LINE_PX = 30
PLOT_WIDTH_PX = 560  # the plot's width at the default zoom, conservatively (chart beside the reading panel)
CHAR_PX = 12  # a CJK character at the label font size
LABEL_FONT = {"size": 11}
LABEL_SPACE = "\u2002"  # an en space each side of a label: clear of its own marker and of the next one
LABEL_AXIS, LABEL_AXIS_LAYOUT = "x2", "xaxis2"
LABEL_PAD_PX = 18  # the two en spaces and Plotly's 3 px padding inside each end of a bar
TAIL_LABELS = 2  # a sub-row's last label has room for this many labels (at the default zoom) after it
MIN_GAP_DAYS = 120  # an empty stretch longer than this (and a fifth of the whole) is cut out of the axis
MAX_MARKERS = 4000  # above this many events, events of one city and period share a marker
CLUSTER_BINS = (("day", "D"), ("week", "W"), ("month", "M"), ("quarter", "Q"), ("year", "Y"))


def _period_starts(dates: np.ndarray, unit: str) -> np.ndarray:
    """First day of each date's day/week (Monday)/month/quarter/year, as datetime64[ms]."""
    days = dates.astype("datetime64[D]")
    if unit == "D":
        starts = days
    elif unit == "W":
        starts = days - ((days.astype(np.int64) + 3) % 7)  # 1970-01-01 was a Thursday
    elif unit == "Q":
        months = days.astype("datetime64[M]").astype(np.int64)
        starts = (months - months % 3).astype("datetime64[M]").astype("datetime64[D]")
    else:
        starts = days.astype(f"datetime64[{unit}]").astype("datetime64[D]")
    return starts.astype("datetime64[ms]")
DAY_MS = 86_400_000
HOVER = "%{hovertext}<extra></extra>"
COLOUR_BY = ("category", "company")
SPAN_COLOUR = "#555555"
SPAN_DROP = 0.32  # of a sub-row: a span's line runs under its label (13 px tall in a 24 px sub-row)
SYMBOL_CIRCLE, SYMBOL_OPEN_CIRCLE = 0, 100  # Plotly's numeric marker symbol codes
# Streamlit themes the chart in the browser; skipping Plotly's default template saves copying it on every redraw.
BASE_LAYOUT = {"template": "none"}


def colour_groups(
    data: Dataset, events: pd.DataFrame, chosen: Iterable[str] = (), top_n: int = TOP_COMPANIES
) -> tuple[pd.Series, list[str]]:
    """Each event's colour group and the groups in legend order.

    An event takes the colour of the first company it names among those the user chose, else of the company it
    names first (the actor of the passage) when that is among the ``top_n`` most
    frequent first-named companies; the rest are "Other companies" or "No company named".
    """
    first = data.first_company.loc[events.index]
    counts = first.value_counts()
    counts = counts[counts > 0].sort_index().sort_values(ascending=False, kind="stable")  # ties by name
    chosen = list(dict.fromkeys(chosen))[:top_n]
    top = chosen + [c for c in counts.index if c not in chosen][: top_n - len(chosen)]
    categories = first.cat.categories
    labels = np.array([*categories, OTHER_COMPANIES, NO_COMPANY], dtype=object)
    codes = first.cat.codes.to_numpy()
    in_top = np.append(categories.isin(top), False)  # index -1 (no company) lands on the appended False
    group_index = np.where(codes < 0, len(categories) + 1, np.where(in_top[codes], codes, len(categories)))
    groups = pd.Series(labels[group_index], index=events.index)
    if chosen:
        in_view = np.zeros(len(data.events), dtype=bool)
        in_view[events.index.to_numpy()] = True
        pairs = data.event_companies
        hits = pairs[in_view[pairs.index.to_numpy()] & pairs.isin(chosen).to_numpy()]
        # An event naming several chosen companies takes the one it names first: its own actor.
        own = hits.astype(object).groupby(level=0).first()
        groups.loc[own.index] = own.to_numpy()
    return groups, [*top, OTHER_COMPANIES, NO_COMPANY]


def group_colours(names: Iterable[str]) -> dict[str, str]:
    """Colours by position in the legend order; categories (“中文 English”) take the category palette."""
    names = list(names)
    colours = dict(GROUP_COLOURS)
    if names and all(" " in n for n in names if n not in GROUP_COLOURS) and not set(names) & set(GROUP_COLOURS):
        return {n: CATEGORY_PALETTE[i % len(CATEGORY_PALETTE)] for i, n in enumerate(names)}
    for i, name in enumerate(n for n in names if n not in GROUP_COLOURS):
        colours[name] = PALETTE[i % len(PALETTE)]
    return colours


def lane_order(labels: Iterable[str]) -> list[str]:
    """Cities alphabetically by their label (pinyin follows the characters), unknown city last."""
    unique = sorted(set(labels) - {UNKNOWN_CITY_LABEL}, key=lambda label: label.split(" ", 1)[-1].lower())
    return unique + ([UNKNOWN_CITY_LABEL] if UNKNOWN_CITY_LABEL in set(labels) else [])


def lane_positions(lanes: list[str]) -> dict[str, int]:
    """y of each lane, first lane at the top (counted upwards: WebGL lines misdraw on a reversed axis)."""
    return {label: len(lanes) - 1 - i for i, label in enumerate(lanes)}


def lane_of(events: pd.DataFrame, positions: dict[str, int]) -> np.ndarray:
    """Each event's lane y, looked up per city category rather than per row."""
    labels = events["city_label"]
    per_category = np.array([positions.get(c, -1) for c in labels.cat.categories], dtype=float)
    return per_category[labels.cat.codes.to_numpy()]


def default_x_range(events: pd.DataFrame) -> list[float] | None:
    """Zoom to where the events are whose year is certain (a guessed year must not stretch the axis).

    With many events the 1st to 99th percentile, so one stray old date does not squash the rest.
    """
    if events.empty:
        return None
    certain = events["year_certain"].to_numpy()
    certain = certain if certain.any() else np.ones(len(events), dtype=bool)  # two columns, not a copy of the rows
    xs = np.concatenate([events["x_start"].to_numpy()[certain], events["x_end"].to_numpy()[certain]])
    low, high = np.quantile(xs, [0.01, 0.99]) if certain.sum() >= 200 else (xs.min(), xs.max())
    pad = max(3 * DAY_MS, (high - low) * 0.04)
    return [float(low - pad), float(high + pad)]


def empty_stretches(events: pd.DataFrame, x_range: list[float] | None) -> list[tuple[float, float]]:
    """Long stretches without any event inside the default view: cut out of the axis, so no empty years show."""
    if x_range is None or events.empty:
        return []
    xs = np.unique(np.concatenate([events["x_start"].to_numpy(), events["x_end"].to_numpy()]))
    xs = xs[(xs >= x_range[0]) & (xs <= x_range[1])]
    if len(xs) < 2:
        return []
    min_gap = max(MIN_GAP_DAYS * DAY_MS, (x_range[1] - x_range[0]) / 5)
    gaps = np.flatnonzero(np.diff(xs) > min_gap)
    keep = 10 * DAY_MS  # a little room on each side of the cut
    return [(float(xs[i] + keep), float(xs[i + 1] - keep)) for i in gaps]


def _to_pixels(x: np.ndarray, x_range: list[float], cuts: list[tuple[float, float]]) -> np.ndarray:
    """Where each x lands on the default view, in pixels, with the cut stretches taken out."""
    shown = (x_range[1] - x_range[0]) - sum(b - a for a, b in cuts)
    removed = np.zeros_like(x)
    for a, b in cuts:
        removed += np.clip(x - a, 0, b - a)
    return (x - x_range[0] - removed) * (PLOT_WIDTH_PX / max(shown, 1.0))


def _from_pixels(px: np.ndarray, x_range: list[float], cuts: list[tuple[float, float]]) -> np.ndarray:
    """The inverse of ``_to_pixels``: the x drawn at each pixel (past the cut, where a cut is drawn)."""
    shown = (x_range[1] - x_range[0]) - sum(b - a for a, b in cuts)
    x = x_range[0] + px * (max(shown, 1.0) / PLOT_WIDTH_PX)
    for a, b in sorted(cuts):
        x = np.where(x >= a, x + (b - a), x)
    return x


def pack_rows(start: np.ndarray, date: np.ndarray, end: np.ndarray, label_end: np.ndarray,
              max_rows: int = SUB_ROWS[0]) -> np.ndarray:
    """Sub-row of each item (sorted by start), so that as many labels as possible fit, at the default zoom and nearer.

    Greedy interval packing, as timeline tools stack items: an item goes into the
    first sub-row that is free from its start (its marker, or an until-span reaching
    back) to the end of its label at the default zoom or of its span. When none is,
    it goes where the label it cuts short keeps the most room for the user to zoom
    in on: the sub-row whose last marker is earliest, among those where no span
    runs on. Written by hand: the layout is a few lines and no plotting library
    packs labels.
    """
    rows = np.zeros(len(start), dtype=np.int64)
    taken_until = [-np.inf] * max_rows  # the last label (at the default zoom) or span of each sub-row ends here
    span_until = [-np.inf] * max_rows
    last_marker = [-np.inf] * max_rows
    for i, x in enumerate(start):
        free = next((r for r in range(max_rows) if taken_until[r] <= x), None)
        if free is None:
            free = min(range(max_rows), key=lambda r: (span_until[r] > x, last_marker[r]))
        rows[i] = free
        taken_until[free], span_until[free], last_marker[free] = max(end[i], label_end[i]), end[i], date[i]
    return rows


def label_slots(row: np.ndarray, start: np.ndarray, date: np.ndarray, tail: np.ndarray) -> np.ndarray:
    """Where each item's label must end: at the next thing drawn in its sub-row after its marker (another item's
    marker, or the start of its span), else at ``tail``; with another item drawn on the same day, at once.

    A label is drawn only inside its slot (Plotly hides text that does not fit its bar),
    so at any zoom no label covers another label or another item's marker. Vectorised:
    every drawn point gets one sortable integer key, sub-row first, then the rank of its x.
    """
    xs, rank = np.unique(np.concatenate([start, date]), return_inverse=True)
    width = len(xs) + 1
    keys = np.sort(np.concatenate([row, row]) * width + rank)
    own = row * width + rank[len(start):]
    after = np.searchsorted(keys, own, side="right")
    others_same_day = after - np.searchsorted(keys, own, side="left") - 1 - (start == date)
    following = keys[np.minimum(after, len(keys) - 1)]
    has_next = (after < len(keys)) & (following // width == row)
    return np.where(others_same_day > 0, date, np.where(has_next, xs[following % width], tail))


def sub_rows_per_lane(lanes: int) -> int:
    """As many sub-rows as fit in view with every lane using them all, within SUB_ROWS: a few cities get more labels."""
    return int(np.clip(VISIBLE_ROWS // max(lanes, 1), *SUB_ROWS))


@dataclass(frozen=True)
class LaneLayout:
    """Each lane's band of sub-rows: y and label slot end of every item, the lane labels' y and the lines between lanes."""

    y: np.ndarray
    slot_end: np.ndarray
    lanes: list[str]
    tick_y: list[float]
    boundaries: list[float]
    total_rows: int


def lay_out(events: pd.DataFrame, x_range: list[float] | None, cuts: list[tuple[float, float]]) -> LaneLayout:
    """Lanes top to bottom (first lane highest y), items packed into sub-rows by how they look at the default zoom.

    An item holds its sub-row from its earliest drawn point (its marker, or the start
    of an until-span) to its latest (the end of a since-span); its label starts at
    its marker and may run until the next item of the sub-row.
    """
    lanes = lane_order(events["city_label"].unique())
    x_range = x_range or [0.0, 1.0]
    date = events["x_date"].to_numpy()
    start = np.minimum(events["x_start"].to_numpy(), date)
    end = np.maximum(events["x_end"].to_numpy(), date)
    start_px, end_px, date_px = (_to_pixels(x, x_range, cuts) for x in (start, end, date))
    label_px = events["label"].str.len().to_numpy(dtype=float) * CHAR_PX + LABEL_PAD_PX
    codes = events["city_label"].cat.codes.to_numpy()
    categories = list(events["city_label"].cat.categories)
    sub_row = np.zeros(len(events), dtype=np.int64)
    rows_of_lane = dict.fromkeys(lanes, 1)
    max_rows = sub_rows_per_lane(len(lanes))
    order = np.lexsort((start_px, codes))
    for members in np.split(order, np.flatnonzero(np.diff(codes[order])) + 1):
        if len(members):
            sub_row[members] = pack_rows(start_px[members], date_px[members], end_px[members],
                                         date_px[members] + label_px[members], max_rows)
            rows_of_lane[categories[codes[members[0]]]] = int(sub_row[members].max()) + 1
    total = sum(rows_of_lane.values())
    first_row, tick_y, boundaries, row = {}, [], [], 0
    for lane in lanes:
        first_row[lane] = row
        tick_y.append(total - 1 - row - (rows_of_lane[lane] - 1) / 2)
        row += rows_of_lane[lane]
        boundaries.append(total - row - 0.5)
    lane_first = np.array([first_row.get(c, 0) for c in categories], dtype=np.int64)
    global_row = lane_first[codes] + sub_row
    # The last label of a sub-row may run to the end of everything drawn, and at least twice its length at the
    # default zoom: the plot may be narrower than PLOT_WIDTH_PX.
    tail = np.maximum(end.max(initial=-np.inf), _from_pixels(date_px + TAIL_LABELS * label_px, x_range, cuts))
    slot_end = label_slots(global_row, start, date, tail)
    return LaneLayout((total - 1 - global_row).astype(float), slot_end, lanes, tick_y, boundaries[:-1], total)


def symbols(certain: np.ndarray) -> dict[str, str]:
    """Filled circles where the year is certain, open ones where not, as a typed array.

    A typed array (base64 bytes) is passed on as is, where a list of symbol names
    would be checked one by one on every redraw.
    """
    return typed_array(np.where(certain, SYMBOL_CIRCLE, SYMBOL_OPEN_CIRCLE), "u1")


def typed_array(values: np.ndarray, dtype: str = "f8") -> dict[str, str]:
    """Numbers as a Plotly typed array (little-endian bytes, base64): passed on without a check of each value."""
    data = np.ascontiguousarray(values, dtype=np.dtype(dtype).newbyteorder("<"))
    return {"dtype": dtype, "bdata": base64.b64encode(data.tobytes()).decode("ascii")}


def _marker_trace(rows: pd.DataFrame, y: np.ndarray, name: str, colour: str) -> dict[str, Any]:
    """One colour group's events; open markers where the year is not certain. Selections read their ``customdata``.

    A plain dict with typed arrays, as the label trace: go.Figure validates it once, where
    a go.Scatter given to it is validated twice (a third of a 1,000-event redraw).
    """
    return {
        "type": "scatter", "x": typed_array(rows["x_date"].to_numpy()), "y": typed_array(y), "mode": "markers",
        "name": name, "legendgroup": name,
        "marker": {"color": colour, "size": 9, "symbol": symbols(rows["year_certain"].to_numpy()),
                   "line": {"width": 1.5, "color": colour}},
        "customdata": rows["id"].to_numpy(),
        "hovertext": rows["hover"].to_numpy() if "hover" in rows else hover_texts(rows), "hovertemplate": HOVER,
    }


def _label_trace(rows: pd.DataFrame, y: np.ndarray, slot_end: np.ndarray, name: str, colour: str) -> dict[str, Any]:
    """One colour group's labels, each the text of an invisible bar from its marker to the end of its slot.

    With ``uniformtext`` in "hide" mode Plotly draws a bar's text only where it fits
    the bar at full size, and decides again on every zoom, in the browser: labels
    appear as the user zooms in and give way to the bare markers as they zoom out.
    Without hover a click never lands on a label; a selection box may take in a bar,
    but bars carry no ``customdata``: the markers are what selections read.
    """
    date = rows["x_date"].to_numpy()
    has_room = slot_end > date
    labels = rows["label"].to_numpy(dtype=object)[has_room]
    return {
        "type": "bar", "orientation": "h", "base": typed_array(date[has_room]),
        "x": typed_array((slot_end - date)[has_room]), "y": typed_array(y[has_room]), "width": 1.0,
        "text": [LABEL_SPACE + label + LABEL_SPACE for label in labels],
        "textposition": "inside", "insidetextanchor": "start", "textangle": 0, "constraintext": "inside",
        "insidetextfont": {**LABEL_FONT, "color": colour},
        "marker": {"color": "rgba(0,0,0,0)", "line": {"width": 0}}, "name": name, "legendgroup": name,
        "showlegend": False, "hoverinfo": "skip", "xaxis": LABEL_AXIS,
    }


def _span_trace(rows: pd.DataFrame, y: np.ndarray, certain: bool) -> go.Scatter:
    """All spans as one line trace, segments separated by NaN gaps (numeric arrays encode fast).

    Spans are drawn in one neutral colour (dotted when the year is not certain); the
    marker at the start carries the group's colour. The line runs just under the
    markers' middle, so that the item's own label, which starts on it, is not struck through.
    """
    n = len(rows)
    xs = np.full(3 * n, np.nan)
    ys = np.full(3 * n, np.nan)
    xs[0::3], xs[1::3] = rows["x_start"].to_numpy(), rows["x_end"].to_numpy()
    ys[0::3] = ys[1::3] = y - SPAN_DROP
    return go.Scatter(
        x=xs, y=ys, mode="lines", name="spans", showlegend=False, hoverinfo="skip", connectgaps=False,
        line={"color": SPAN_COLOUR, "width": 3, "dash": "solid" if certain else "dot"}, opacity=0.6,
    )


def _legend_notes() -> list[go.Scatter]:
    """Legend-only entries explaining the encodings that are not colours (the symbol is drawn by the legend)."""
    note = {"x": [None], "y": [None], "hoverinfo": "skip", "legendgroup": "notes", "legendrank": 2000}
    return [
        go.Scatter(**note, mode="markers", name="year certain", marker={"color": "#444", "symbol": "circle", "size": 9}),
        go.Scatter(**note, mode="markers", name="year not certain (guessed)",
                   marker={"color": "#444", "symbol": "circle-open", "size": 8, "line": {"width": 2}}),
        go.Scatter(**note, mode="lines", name="since / until / range (dotted: year not certain)",
                   line={"color": SPAN_COLOUR, "width": 3}),
    ]


@dataclass(frozen=True)
class Timeline:
    """The figure plus how its points map back to events.

    ``customdata`` of a point is an event id (>= 0) or, for a grouped marker,
    ``-(k + 1)`` where ``clusters[k]`` lists the ids it stands for.
    """

    figure: go.Figure
    grouped_by: str | None = None  # "day", "week", ... when events share markers
    clusters: list[np.ndarray] = field(default_factory=list)


def filtered_timeline(data: Dataset, filters: Filters, colour_by: str = "category",
                      compress: bool = True) -> tuple[np.ndarray, Timeline]:
    """Rows of the events matching ``filters`` and their timeline: all the work of a filter change.

    Only the chart's few columns are copied; full rows are taken where they are shown.
    """
    rows = np.flatnonzero(filter_mask(data, filters))
    chart_rows = data.chart.iloc[rows]
    if len(rows) <= MAX_MARKERS:  # drawn one by one, with their hover texts
        chart_rows = chart_rows.assign(hover=data.hover(rows))
    # With several companies chosen, telling them apart is the point: each event takes its own company's colour.
    if colour_by == "company" or len(filters.companies) > 1:
        groups, names = colour_groups(data, chart_rows, filters.companies)
    else:
        groups, names = category_groups(chart_rows)
    return rows, timeline(chart_rows, groups, names, compress=compress)


def category_groups(events: pd.DataFrame) -> tuple[pd.Series, list[str]]:
    """Each event's category label, and all labels in the taxonomy's order (stable colours)."""
    return events["category_label"].astype(object), list(events["category_label"].cat.categories)


def timeline(events: pd.DataFrame, groups: pd.Series, group_names: list[str], max_markers: int = MAX_MARKERS,
             compress: bool = True) -> Timeline:
    """The lane chart: one labelled item per event, or one marker per city and period when there are too many."""
    if len(events) <= max_markers:
        return Timeline(timeline_figure(events, groups, group_names, compress))
    return clustered_timeline(events, groups, group_names, max_markers)


def timeline_figure(events: pd.DataFrame, groups: pd.Series, group_names: list[str], compress: bool = True) -> go.Figure:
    """One lane per city, items packed into sub-rows with their labels, spans for since/until/range."""
    x_range = default_x_range(events)
    cuts = empty_stretches(events, x_range) if compress else []
    layout = lay_out(events, x_range, cuts)
    colours = group_colours(group_names)
    is_span = (events["x_end"] > events["x_start"]).to_numpy()
    certain = events["year_certain"].to_numpy()
    traces: list[go.Scatter | dict[str, Any]] = []
    for year_certain in (True, False):
        spans = is_span & (certain == year_certain)
        if spans.any():
            traces.append(_span_trace(events[spans], layout.y[spans], year_certain))
    group_of = groups.to_numpy()
    for name in group_names:
        in_group = group_of == name
        if in_group.any():
            traces.append(_label_trace(events[in_group], layout.y[in_group], layout.slot_end[in_group], name,
                                       colours[name]))
            traces.append(_marker_trace(events[in_group], layout.y[in_group], name, colours[name]))
    fig = go.Figure(traces + _legend_notes(), layout=BASE_LAYOUT)
    _lane_layout(fig, layout.lanes, layout.tick_y, layout.boundaries, layout.total_rows, x_range, cuts,
                 whole_period(events))
    # The labels' own x axis, locked to the time axis. The range slider draws only the traces of its own axis;
    # drawn there too, the labels' bars would share their text layout with the slider's tiny copy (Plotly keeps
    # one per point) and every label would be hidden.
    fig.update_layout({LABEL_AXIS_LAYOUT: {"matches": "x", "overlaying": "x", "visible": False, "type": "date",
                                           "rangebreaks": _rangebreaks(cuts)}})
    return fig


def whole_period(events: pd.DataFrame) -> list[float] | None:
    """First to last day drawn, a little padded: what the range slider shows (the labels' slots may reach further)."""
    if events.empty:
        return None
    low, high = float(events["x_start"].min()), float(events["x_end"].max())
    pad = max(3 * DAY_MS, (high - low) * 0.02)
    return [low - pad, high + pad]


def chart_height(rows: int, legend_entries: int) -> int:
    """Pixels for ``rows`` sub-rows of ROW_PX each (labels need them), the time axis, the range slider and legend.

    Plotly takes the legend's and the slider's room out of the plot, so it is added here:
    the legend starts LEGEND_DROP of the plot's height below it, two entries to a line.
    """
    plot = ROW_PX * rows
    return max(360, round(AXIS_PX + plot * (1 + LEGEND_DROP) + LEGEND_LINE_PX * -(-legend_entries // 2)))


def _rangebreaks(cuts: list[tuple[float, float]]) -> list[dict[str, Any]]:
    return [{"values": [a], "dvalue": b - a} for a, b in cuts]


def _lane_layout(fig: go.Figure, lanes: list[str], tick_y: list[float], boundaries: list[float], rows: int,
                 x_range: list[float] | None, cuts: list[tuple[float, float]],
                 slider_range: list[float] | None = None) -> None:
    """Lane names at the left, a range slider below; at most VISIBLE_ROWS rows tall so the time axis stays on screen.

    Labels are shown only at their full size, where their slot has room at the current zoom (``uniformtext``).
    """
    shown = min(rows, VISIBLE_ROWS)
    slider = {"visible": True, "thickness": 0.08, **({"range": slider_range} if slider_range else {})}
    fig.update_layout(
        height=chart_height(shown, sum(trace.showlegend is not False for trace in fig.data)),
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"orientation": "h", "yanchor": "top", "y": -LEGEND_DROP, "xanchor": "left", "x": 0, "font": {"size": 11}},
        xaxis={"type": "date", "range": x_range, "title": None, "showgrid": True, "side": "top",
               "rangeslider": slider,
               "rangebreaks": _rangebreaks(cuts)},
        yaxis={"tickvals": tick_y, "ticktext": lanes, "range": [rows - shown - 0.5, rows - 0.5], "title": None,
               "showgrid": False, "zeroline": False, "fixedrange": rows <= VISIBLE_ROWS,
               "minor": {"tickvals": boundaries, "showgrid": True, "gridcolor": "rgba(120,120,120,0.35)", "ticklen": 0}},
        hoverlabel={"align": "left"},
        dragmode="zoom",
        barmode="overlay",
        uniformtext={"minsize": LABEL_FONT["size"], "mode": "hide"},
    )


def _dense_codes(lane: np.ndarray, day: np.ndarray) -> tuple[np.ndarray, int]:
    """Number the distinct (lane, day) pairs 0..k-1 in sorted order, in linear time (no sort)."""
    span = int(day.max() - day.min()) + 1
    flat = lane * span + (day - day.min())
    present = np.zeros(int(flat.max()) + 1, dtype=bool)
    present[flat] = True
    numbers = np.cumsum(present) - 1
    return numbers[flat], int(present.sum())


def clustered_timeline(events: pd.DataFrame, groups: pd.Series, group_names: list[str], max_markers: int) -> Timeline:
    """Events of one city in one period share a marker sized by their count, coloured by the commonest group.

    The finest period (day, week, month, ...) that keeps the markers under
    ``max_markers`` is used; selecting a marker selects all of its events.
    """
    lanes = lane_order(events["city_label"].unique())
    lane_index = lane_positions(lanes)
    frame = pd.DataFrame({"lane": lane_of(events, lane_index).astype(np.int64), "group": groups.to_numpy(),
                          "certain": events["year_certain"].to_numpy(), "id": events["id"].to_numpy(),
                          "date": events["date"].to_numpy()})
    lane = frame["lane"].to_numpy(dtype=np.int64)
    for grouped_by, unit in CLUSTER_BINS:
        bins = _period_starts(frame["date"].to_numpy(), unit)
        keys, n_keys = _dense_codes(lane, bins.astype(np.int64) // DAY_MS)
        if n_keys <= max_markers:
            break
    frame["bin"] = bins
    frame["cluster"] = keys
    by_cluster = frame.groupby("cluster", sort=True)
    summary = pd.DataFrame({
        "lane": by_cluster["lane"].first(), "bin": by_cluster["bin"].first(), "n": by_cluster.size(),
        "certain": by_cluster["certain"].any(),
    })
    per_group = frame.groupby(["cluster", "group"], sort=False).size().sort_values(kind="stable")
    dominant = per_group.groupby(level=0).tail(1).reset_index(level=1)["group"]
    summary["group"] = dominant.reindex(summary.index)
    order = np.argsort(keys, kind="stable")
    members = np.split(frame["id"].to_numpy()[order], np.cumsum(summary["n"].to_numpy())[:-1])
    colours = group_colours(group_names)
    size = 5 + (LANE_PX - 12) * np.sqrt(summary["n"].to_numpy() / summary["n"].max())
    hover = (f"<b>{grouped_by} of </b>" + summary["bin"].dt.strftime("%Y-%m-%d") + " · "
             + summary["lane"].map({i: escape_text(label) for label, i in lane_index.items()}) + "<br>"
             + summary["n"].astype(str) + " events, mostly " + summary["group"].map({name: escape_text(name) for name in group_names})
             + "<br>select to read their passages")
    traces = []
    for name in group_names:
        mask = (summary["group"] == name).to_numpy()
        if not mask.any():
            continue
        rows = summary[mask]
        traces.append(go.Scatter(
            x=epoch_ms(rows["bin"]), y=rows["lane"].to_numpy(dtype=float), mode="markers", name=name,
            marker={"color": colours[name], "size": size[mask], "opacity": 0.8,
                    "symbol": symbols(rows["certain"].to_numpy())},
            customdata=-(rows.index.to_numpy() + 1), hovertext=hover[mask].to_numpy(), hovertemplate=HOVER,
        ))
    fig = go.Figure(traces + _legend_notes()[:2], layout=BASE_LAYOUT)
    positions = list(lane_index.values())
    _lane_layout(fig, lanes, positions, [p - 0.5 for p in positions[:-1]], len(lanes), default_x_range(events), [])
    return Timeline(fig, grouped_by, members)


MAX_CITY_PANELS = 12  # the per-city view's small multiples: more would be too small to read


def city_multiples_figure(events: pd.DataFrame, align_first_day: bool, max_cities: int = MAX_CITY_PANELS) -> go.Figure:
    """One small timeline per city on a shared x axis: cumulative events, optionally from each city's day 0."""
    counts = events["city_label"].value_counts()
    counts = counts[counts > 0]
    cities = [c for c in lane_order(counts.index) if c in set(counts.index[:max_cities])]
    fig = make_subplots(rows=max(1, len(cities)), cols=1, shared_xaxes=True, vertical_spacing=0.35 / max(1, len(cities)),
                        subplot_titles=cities or ["No events"])
    for row, label in enumerate(cities, 1):
        rows = events[events["city_label"] == label].sort_values("x_date", kind="stable")
        x = rows["x_date"].to_numpy()
        if align_first_day:
            x = (x - x.min()) / DAY_MS
        certain = rows["year_certain"].to_numpy()
        fig.add_trace(go.Scatter(
            x=x, y=np.arange(1, len(rows) + 1), mode="lines+markers", name=label, showlegend=False,
            line={"shape": "hv", "color": PALETTE[0], "width": 2},
            marker={"symbol": symbols(certain), "size": 8, "color": PALETTE[0],
                    "line": {"width": 1.5, "color": PALETTE[0]}},
            customdata=rows["id"].to_numpy(), hovertext=hover_texts(rows), hovertemplate=HOVER,
        ), row=row, col=1)
        fig.update_yaxes(title_text="events", rangemode="tozero", row=row, col=1)
    fig.update_layout(height=max(300, 170 * len(cities) + 60), margin={"l": 10, "r": 10, "t": 40, "b": 40})
    if align_first_day:
        fig.update_xaxes(title_text="days since the city's first event (day 0)", row=len(cities) or 1, col=1)
    else:
        fig.update_xaxes(type="date")
        fig.update_xaxes(range=default_x_range(events))
    return fig


def selected_event_ids(selection: Mapping[str, Any] | None, chart: Timeline) -> list[int]:
    """Event ids of the points in a Streamlit plotly selection, in selection order, without repeats."""
    figure = chart.figure
    ids: list[int] = []
    for point in (selection or {}).get("points", []) or []:
        custom = point.get("customdata")
        if custom is None:
            trace = figure.data[point.get("curve_number", 0)]
            index = point.get("point_index", point.get("point_number"))
            if trace.customdata is None or index is None:
                continue
            custom = trace.customdata[index]
        if isinstance(custom, list | tuple | np.ndarray):
            custom = custom[0] if len(custom) else None
        if custom is None:
            continue
        custom = int(custom)
        if custom >= 0:
            ids.append(custom)
        elif -custom - 1 < len(chart.clusters):
            ids.extend(int(i) for i in chart.clusters[-custom - 1])
    return list(dict.fromkeys(ids))


def first_days(events: pd.DataFrame) -> pd.DataFrame:
    """City × category: days from each city's day 0 (its first event) to its first event of that category.

    Answers "which city did X first": compare along a column. Events whose year is not
    certain are left out when the city has any certain ones, so a guessed year cannot set day 0.
    """
    if events.empty:
        return pd.DataFrame()
    certain_cities = events.loc[events["year_certain"].to_numpy(), "city_label"].unique()
    keep = events["year_certain"].to_numpy() | ~events["city_label"].isin(certain_cities).to_numpy()
    rows = events[keep]
    day = rows["x_date"].to_numpy() // DAY_MS
    frame = pd.DataFrame({"city": rows["city_label"].astype(object).to_numpy(),
                          "category": rows["category_label"].astype(object).to_numpy(), "day": day})
    day0 = frame.groupby("city")["day"].transform("min")
    frame["since"] = frame["day"] - day0
    table = frame.pivot_table(index="city", columns="category", values="since", aggfunc="min")
    order = [c for c in rows["category_label"].cat.categories if c in table.columns]
    return table.reindex(index=lane_order(table.index), columns=order)


def comparison_figure(table: pd.DataFrame) -> go.Figure:
    """The city × category table as a heat map: darker is later, blank is never; the number is the day."""
    text = table.map(lambda v: "" if pd.isna(v) else f"{int(v)}")
    fig = go.Figure(go.Heatmap(
        z=table.to_numpy(dtype=float), x=list(table.columns), y=list(table.index), text=text.to_numpy(),
        texttemplate="%{text}", colorscale="Blues", reversescale=True, hoverongaps=False,
        colorbar={"title": "day"}, xgap=2, ygap=2,
        hovertemplate="%{y}<br>%{x}: first on day %{z} after the city's first event<extra></extra>",
    ), layout=BASE_LAYOUT)
    fig.update_layout(height=max(300, 28 * len(table.index) + 160), margin={"l": 10, "r": 10, "t": 30, "b": 10},
                      xaxis={"side": "top", "tickangle": -30}, yaxis={"autorange": "reversed"})
    return fig
