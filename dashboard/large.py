"""The page for a columnar store (millions of events): every rerun asks DuckDB only for what it draws.

The sidebar's counts come from the store's overview (once per store), the
timeline from counts per city and period (or the events themselves when few
match), the table from one page of events without passages, and passages are
read for the selected events only. Filters keep the small page's meaning and URL.
"""
from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from extract.models import EVENT_KINDS

from . import views
from .charts import (LANE_PX, MAX_MARKERS, Timeline, _lane_layout, _legend_notes, default_x_range, filtered_timeline,
                     group_colours,
                     lane_order, lane_positions, selected_event_ids, symbols)
from .cities import city_label
from .columnar import ColumnarSource, Overview
from .data import EVENT_COLUMNS, Dataset, epoch_ms, events_frame, explode_companies
from .filters import Filters, from_query_params, to_query_params
from .settings import load_settings

TABLE_ROWS = 2000
PASSAGES_PER_PAGE = 20
MAX_SELECTED = 200
NO_COMPANY = "No company named"
PERIOD_DAYS = {"day": 1, "week": 7}


@st.cache_resource(max_entries=2, show_spinner="Opening the columnar store…")
def cached_source(folder: str, generation: int) -> ColumnarSource:
    return ColumnarSource(folder)


@st.cache_data(max_entries=2, show_spinner=False)
def cached_overview(folder: str, generation: int) -> Overview:
    return cached_source(folder, generation).overview()


def frame(rows: pd.DataFrame) -> pd.DataFrame:
    """DuckDB rows -> the small page's events frame (long texts left empty where they were not read)."""
    records = rows.assign(**{c: "" for c in EVENT_COLUMNS if c not in rows and c in ("passage", "summary", "title")})
    records = records.assign(**{c: 0 for c in EVENT_COLUMNS if c not in records})
    records["companies"] = records["companies"].map(lambda c: list(c) if c is not None else [])
    return events_frame(records.to_dict("records"))


def period_figure(grouped_by: str, counts: pd.DataFrame) -> Timeline:
    """One marker per city and period, sized by its count, coloured by the company most of its events name first."""
    labels = counts["city_key"].map(city_label)
    lanes = lane_order(labels.unique())
    positions = lane_positions(lanes)
    lane = labels.map(positions).to_numpy(dtype=float)
    company = counts["company"].fillna(NO_COMPANY)
    top = list(company[company != NO_COMPANY].value_counts().index[:8])
    group = company.where(company.isin(top) | (company == NO_COMPANY), "Other companies")
    names = [*top, "Other companies", NO_COMPANY]
    colours = group_colours(names)
    size = 5 + (LANE_PX - 12) * np.sqrt(counts["n"].to_numpy() / max(1, counts["n"].max()))
    x = epoch_ms(pd.Series(counts["bin"].to_numpy().astype("datetime64[ms]")))
    hover = ("<b>" + grouped_by + " of " + pd.Series(counts["bin"]).astype(str) + "</b> · " + labels.map(html.escape)
             + "<br>" + counts["n"].map("{:,}".format) + " events, mostly " + company.map(html.escape)
             + "<br>select to read their passages")
    traces = []
    for name in names:
        mask = (group == name).to_numpy()
        if mask.any():
            traces.append(go.Scattergl(
                x=x[mask], y=lane[mask], mode="markers", name=name,
                marker={"color": colours[name], "size": size[mask], "opacity": 0.8,
                        "symbol": symbols(counts["certain"].to_numpy()[mask])},
                customdata=-(np.flatnonzero(mask) + 1), hovertext=hover[mask].to_numpy(),
                hovertemplate="%{hovertext}<extra></extra>"))
    figure = go.Figure(traces + _legend_notes()[:2], layout={"template": "none"})
    chart_rows = pd.DataFrame({"x_start": x, "x_end": x, "year_certain": counts["certain"].to_numpy(dtype=bool)})
    ticks = [positions[lane_name] for lane_name in lanes]
    _lane_layout(figure, lanes, ticks, [p - 0.5 for p in ticks[:-1]], len(lanes), default_x_range(chart_rows), [])
    return Timeline(figure, grouped_by, [])


def view(source: ColumnarSource, filters: Filters, total: int) -> tuple[Timeline, pd.DataFrame | None, pd.DataFrame | None]:
    """The chart and what it stands for: the events themselves when few match, else counts per city and period."""
    if total <= MAX_MARKERS:
        events = frame(source.events(filters, MAX_MARKERS, with_passages=True))
        data = Dataset(events, explode_companies(events), pd.DataFrame(), [], 0)
        return filtered_timeline(data, Filters(companies=filters.companies))[1], events, None
    grouped_by, counts = source.period_counts(filters, MAX_MARKERS)
    return period_figure(grouped_by, counts), None, counts


def selected_ids(source: ColumnarSource, filters: Filters, chart: Timeline, counts: pd.DataFrame | None,
                 selection: dict[str, Any] | None) -> list[int]:
    """Event ids behind the selected points: a period marker stands for its city's events in that period."""
    ids = [i for i in selected_event_ids(selection, chart) if i >= 0]
    if counts is None:
        return ids
    for point in (selection or {}).get("points", []) or []:
        custom = point.get("customdata")
        custom = custom[0] if isinstance(custom, list | tuple) else custom
        if custom is None or int(custom) >= 0 or -int(custom) - 1 >= len(counts):
            continue
        row = counts.iloc[-int(custom) - 1]
        first = pd.Timestamp(row["bin"]).date()
        last = _period_end(first, chart.grouped_by or "day")
        ids += source.ids_in(filters, row["city_key"], first, last, MAX_SELECTED - len(ids))
    return list(dict.fromkeys(ids))[:MAX_SELECTED]


def _period_end(first: dt.date, period: str) -> dt.date:
    if period in PERIOD_DAYS:
        return first + dt.timedelta(days=PERIOD_DAYS[period] - 1)
    months = {"month": 1, "quarter": 3, "year": 12}[period]
    month = first.month - 1 + months
    return dt.date(first.year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def sidebar(overview: Overview) -> Filters:
    side = st.sidebar
    side.header("Filters")
    cities, companies = overview.cities, overview.companies
    side.multiselect("City", list(cities.index), key="f_city", placeholder="All cities",
                     format_func=lambda key: f"{city_label(key)} ({cities[key]:,})")
    side.multiselect("Company (type to search)", list(companies.index), key="f_company", placeholder="All companies",
                     format_func=lambda name: f"{name} ({companies[name]:,})")
    start = end = None
    if overview.first_day and overview.last_day:
        picked = side.date_input("Date range", (overview.first_day, overview.last_day), min_value=overview.first_day,
                                 max_value=overview.last_day, key="f_dates", format="YYYY-MM-DD")
        if isinstance(picked, tuple) and len(picked) == 2:
            start = None if picked[0] <= overview.first_day else picked[0]
            end = None if picked[1] >= overview.last_day else picked[1]
    side.text_input("Search summaries and passages", key="f_text", placeholder="e.g. 核酸 or 物资")
    side.multiselect("Kind of date", list(EVENT_KINDS), key="f_kind", placeholder="All kinds",
                     format_func=lambda k: views.KIND_NAMES.get(k, k))
    side.toggle("Only events whose year is certain", key="f_certain")
    return Filters(cities=tuple(st.session_state["f_city"]), companies=tuple(st.session_state["f_company"]),
                   start=start, end=end, text=st.session_state.get("f_text", ""),
                   kinds=tuple(st.session_state["f_kind"]), certain_only=bool(st.session_state.get("f_certain")))


def _init_from_url(overview: Overview) -> None:
    if st.session_state.get("state_loaded"):
        return
    st.session_state["state_loaded"] = True
    filters = from_query_params({key: st.query_params.get_all(key) for key in st.query_params})
    st.session_state["f_city"] = [c for c in filters.cities if c in overview.cities.index]
    st.session_state["f_company"] = [c for c in filters.companies if c in overview.companies.index]
    st.session_state["f_text"] = filters.text
    st.session_state["f_kind"] = [k for k in filters.kinds if k in EVENT_KINDS]
    st.session_state["f_certain"] = filters.certain_only


def main(folder: Path | None = None) -> None:
    st.set_page_config(page_title="News report timelines", page_icon="🗓", layout="wide")
    folder = folder or load_settings().store_path
    st.title("Timelines from news reports")
    generation = ColumnarSource.folder_generation(folder)
    source = cached_source(str(folder), generation)
    overview = cached_overview(str(folder), generation)
    _init_from_url(overview)
    filters = sidebar(overview)
    st.query_params.from_dict(to_query_params(filters))
    total, n_cities, n_reports = source.count(filters)
    st.caption(f"{total:,} of {overview.total:,} events · {n_cities:,} {'city' if n_cities == 1 else 'cities'} · "
               f"{n_reports:,} report{'' if n_reports == 1 else 's'} "
               f"(columnar store {folder})")
    if not total:
        st.warning("No event matches these filters. Remove a city or company, widen the date range or clear the "
                   "search text.")
        return
    chart, events, counts = view(source, filters, total)
    st.plotly_chart(chart.figure, key="timeline_chart", on_select="rerun", selection_mode=("points", "box", "lasso"),
                    config={"displaylogo": False, "scrollZoom": True})
    if chart.grouped_by:
        st.caption(f"Each marker is one city's events in one {chart.grouped_by}, sized by their number; select "
                   "markers to read their passages.")
    ids = selected_ids(source, filters, chart, counts, st.session_state.get("timeline_chart", {}).get("selection"))
    if ids:
        chosen = frame(source.events_by_id(ids))
        views.passages(chosen, filters, f"Passages of the {len(chosen):,} selected event{'s' if len(chosen) != 1 else ''}")
    else:
        pages = max(1, -(-total // PASSAGES_PER_PAGE))
        page = int(st.number_input(f"Page of passages (of {pages:,})", 1, pages, 1, key="passage_page")) if pages > 1 else 1
        shown = frame(source.events(filters, PASSAGES_PER_PAGE, (page - 1) * PASSAGES_PER_PAGE, with_passages=True))
        first = (page - 1) * PASSAGES_PER_PAGE
        views.passages(shown, filters, f"Passages {first + 1:,}–{first + len(shown):,} of {total:,} "
                              "(select markers on the chart to read exactly those)")
    st.markdown("#### Events")
    views.events_table(frame(source.events(filters, TABLE_ROWS)), total)
