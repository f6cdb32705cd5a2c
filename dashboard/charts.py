"""Plotly figures built from the (filtered) events frame; pure, so they are tested without Streamlit.

Markers are WebGL (Scattergl) and x values are epoch milliseconds, so tens of
thousands of events draw and serialise quickly. Every marker carries its event id
in ``customdata``: that is how a chart selection is turned back into events.
"""
from __future__ import annotations

import base64
import html

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .cities import UNKNOWN_CITY_LABEL
from .data import Dataset, epoch_ms
from .filters import Filters, filter_mask

TOP_COMPANIES = 8
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf")
OTHER_COMPANIES = "Other companies"
NO_COMPANY = "No company named"
GROUP_COLOURS = {OTHER_COMPANIES: "#7f7f7f", NO_COMPANY: "#bcbd22"}
LANE_PX = 34
VISIBLE_LANES = 40  # more cities scroll (pan) vertically: tall WebGL canvases get rescaled by browsers and misdraw
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
SPAN_COLOUR = "#555555"
SYMBOL_CIRCLE, SYMBOL_OPEN_CIRCLE = 0, 100  # Plotly's numeric marker symbol codes
# Streamlit themes the chart in the browser; skipping Plotly's default template saves copying it on every redraw.
BASE_LAYOUT = {"template": "none"}


def html_escape(text: str) -> str:
    return html.escape(str(text))


def colour_groups(
    data: Dataset, events: pd.DataFrame, chosen: Iterable[str] = (), top_n: int = TOP_COMPANIES
) -> tuple[pd.Series, list[str]]:
    """Each event's colour group and the groups in legend order.

    An event takes the colour of a company the user chose, else of the company it
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
        rank = hits.astype(object).map({name: i for i, name in enumerate(chosen)}).groupby(level=0).min()
        groups.loc[rank.index] = [chosen[i] for i in rank]
    return groups, [*top, OTHER_COMPANIES, NO_COMPANY]


def group_colours(names: Iterable[str]) -> dict[str, str]:
    colours = dict(GROUP_COLOURS)
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
    """Zoom to where the events are: 1st to 99th percentile, so one stray old date does not squash the rest."""
    if events.empty:
        return None
    xs = np.concatenate([events["x_start"].to_numpy(), events["x_end"].to_numpy()])
    low, high = np.quantile(xs, [0.01, 0.99]) if len(events) >= 200 else (xs.min(), xs.max())
    pad = max(3 * DAY_MS, (high - low) * 0.05)
    return [float(low - pad), float(high + pad)]


def symbols(certain: np.ndarray) -> dict[str, str]:
    """Filled circles where the year is certain, open ones where not, as a typed array.

    A typed array (base64 bytes) is passed on as is, where a list of symbol names
    would be checked one by one on every redraw.
    """
    codes = np.where(certain, SYMBOL_CIRCLE, SYMBOL_OPEN_CIRCLE).astype(np.uint8)
    return {"dtype": "u1", "bdata": base64.b64encode(codes.tobytes()).decode("ascii")}


def _marker_trace(rows: pd.DataFrame, y: np.ndarray, name: str, colour: str) -> go.Scattergl:
    """One group's events; open markers where the year is not certain."""
    return go.Scattergl(
        x=rows["x_date"].to_numpy(), y=y, mode="markers", name=name, legendgroup=name,
        marker={"color": colour, "size": 9, "symbol": symbols(rows["year_certain"].to_numpy()),
                "line": {"width": 1.5, "color": colour}},
        customdata=rows["id"].to_numpy(), hovertext=rows["hover"].to_numpy(), hovertemplate=HOVER,
    )


def _span_trace(rows: pd.DataFrame, y: np.ndarray, certain: bool) -> go.Scattergl:
    """All spans as one line trace, segments separated by NaN gaps (numeric arrays encode fast).

    Spans are drawn in one neutral colour (dotted when the year is not certain): a
    WebGL line has one colour, and the marker at the start carries the company's.
    """
    n = len(rows)
    xs = np.full(3 * n, np.nan)
    ys = np.full(3 * n, np.nan)
    xs[0::3], xs[1::3] = rows["x_start"].to_numpy(), rows["x_end"].to_numpy()
    ys[0::3] = ys[1::3] = y
    return go.Scattergl(
        x=xs, y=ys, mode="lines", name="spans", showlegend=False, hoverinfo="skip", connectgaps=False,
        line={"color": SPAN_COLOUR, "width": 3, "dash": "solid" if certain else "dot"}, opacity=0.6,
    )


def _legend_notes() -> list[go.Scattergl]:
    """Legend-only entries explaining the encodings that are not companies."""
    note = {"x": [None], "y": [None], "hoverinfo": "skip", "legendgroup": "notes"}
    return [
        go.Scattergl(**note, mode="markers", name="● year certain", marker={"color": "#444", "symbol": "circle", "size": 9}),
        go.Scattergl(**note, mode="markers", name="○ year not certain (guessed)",
                     marker={"color": "#444", "symbol": "circle-open", "size": 8, "line": {"width": 2}}),
        go.Scattergl(**note, mode="lines", name="━ since / until / range (dotted: year not certain)",
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


def filtered_timeline(data: Dataset, filters: Filters) -> tuple[np.ndarray, Timeline]:
    """Rows of the events matching ``filters`` and their timeline: all the work of a filter change.

    Only the chart's few columns are copied; full rows are taken where they are shown.
    """
    rows = np.flatnonzero(filter_mask(data, filters))
    chart_rows = data.chart.iloc[rows]
    groups, names = colour_groups(data, chart_rows, filters.companies)
    return rows, timeline(chart_rows, groups, names)


def timeline(events: pd.DataFrame, groups: pd.Series, group_names: list[str], max_markers: int = MAX_MARKERS) -> Timeline:
    """The lane chart: one marker per event, or per city and period when there are too many to read."""
    if len(events) <= max_markers:
        return Timeline(timeline_figure(events, groups, group_names))
    return clustered_timeline(events, groups, group_names, max_markers)


def timeline_figure(events: pd.DataFrame, groups: pd.Series, group_names: list[str]) -> go.Figure:
    """One lane per city, one marker per event coloured by company, spans for since/until/range."""
    lanes = lane_order(events["city_label"].unique())
    lane_index = lane_positions(lanes)
    colours = group_colours(group_names)
    y_all = lane_of(events, lane_index) + events["jitter"].to_numpy()
    is_span = (events["x_end"] > events["x_start"]).to_numpy()
    certain = events["year_certain"].to_numpy()
    traces: list[go.Scattergl] = []
    for year_certain in (True, False):
        spans = is_span & (certain == year_certain)
        if spans.any():
            traces.append(_span_trace(events[spans], y_all[spans], year_certain))
    group_of = groups.to_numpy()
    for name in group_names:
        in_group = group_of == name
        if in_group.any():
            traces.append(_marker_trace(events[in_group], y_all[in_group], name, colours[name]))
    fig = go.Figure(traces + _legend_notes(), layout=BASE_LAYOUT)
    _lane_layout(fig, lanes, events)
    return fig


def _lane_layout(fig: go.Figure, lanes: list[str], events: pd.DataFrame) -> None:
    fig.update_layout(
        height=max(380, LANE_PX * min(len(lanes), VISIBLE_LANES) + 170),
        margin={"l": 10, "r": 10, "t": 40, "b": 40},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "left", "x": 0, "title": "Company (first named):"},
        xaxis={"type": "date", "range": default_x_range(events), "title": None, "showgrid": True},
        yaxis={"tickvals": list(lane_positions(lanes).values()), "ticktext": lanes,
               "range": [max(0, len(lanes) - VISIBLE_LANES) - 0.5, len(lanes) - 0.5], "title": None,
               "showgrid": False, "zeroline": False, "fixedrange": len(lanes) <= VISIBLE_LANES, "minor": {"tickvals": [i + 0.5 for i in range(len(lanes) - 1)], "showgrid": True,
                                             "gridcolor": "rgba(120,120,120,0.35)", "ticklen": 0}},
        hoverlabel={"align": "left"},
        dragmode="zoom",
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
             + summary["lane"].map({i: html_escape(label) for label, i in lane_index.items()}) + "<br>"
             + summary["n"].astype(str) + " events, mostly " + summary["group"].map({name: html_escape(name) for name in group_names})
             + "<br>select to read their passages")
    traces = []
    for name in group_names:
        mask = (summary["group"] == name).to_numpy()
        if not mask.any():
            continue
        rows = summary[mask]
        traces.append(go.Scattergl(
            x=epoch_ms(rows["bin"]), y=rows["lane"].to_numpy(dtype=float), mode="markers", name=name,
            marker={"color": colours[name], "size": size[mask], "opacity": 0.8,
                    "symbol": symbols(rows["certain"].to_numpy())},
            customdata=-(rows.index.to_numpy() + 1), hovertext=hover[mask].to_numpy(), hovertemplate=HOVER,
        ))
    fig = go.Figure(traces + _legend_notes()[:2], layout=BASE_LAYOUT)
    _lane_layout(fig, lanes, events)
    return Timeline(fig, grouped_by, members)


def city_multiples_figure(events: pd.DataFrame, align_first_day: bool, max_cities: int = 12) -> go.Figure:
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
        fig.add_trace(go.Scattergl(
            x=x, y=np.arange(1, len(rows) + 1), mode="lines+markers", name=label, showlegend=False,
            line={"shape": "hv", "color": PALETTE[0], "width": 2},
            marker={"symbol": symbols(certain), "size": 7, "color": PALETTE[0]},
            customdata=rows["id"].to_numpy(), hovertext=rows["hover"].to_numpy(), hovertemplate=HOVER,
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
