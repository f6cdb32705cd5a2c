"""The dashboard's views, one function each; app.py registers them in its VIEWS table."""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from . import correcting, views
from .cities import UNKNOWN_CITY, city_label
from .charts import MAX_CITY_PANELS, Timeline, city_multiples_figure, comparison_figure, first_days, selected_event_ids
from .data import Dataset, load_report
from .export import download_name, events_csv, events_json
from .filters import Filters
from .highlight import escape_text
from .settings import Settings

PASSAGES_PER_PAGE = 10
TABLE_ROWS = 2000


def plural(n: int, word: str, many: str | None = None) -> str:
    """1 city, 2 cities: counts in words."""
    return f"{n:,} {word if n == 1 else many or word + 's'}"


# --- timeline -----------------------------------------------------------------

def timeline_page(data: Dataset, rows: np.ndarray, chart: Timeline, filters: Filters) -> None:
    """The chart and, beside it on a wide screen, the reading panel; the events table and downloads below."""
    chart_side, panel_side = st.columns([3, 2], gap="medium")
    with chart_side:
        _timeline_chart(chart)
    chosen = _selected_rows(data, rows, chart)
    with panel_side:
        reading_panel(data, rows, chosen, filters)
    st.markdown("#### Events")
    views.events_table(data.events.iloc[rows[:TABLE_ROWS]], len(rows))
    _downloads(data.events.iloc[rows], filters)


def _timeline_chart(chart: Timeline) -> None:
    st.session_state.setdefault("chart_nonce", 0)
    st.plotly_chart(chart.figure, key=f"timeline_chart_{st.session_state['chart_nonce']}", on_select="rerun",
                    selection_mode=("points", "box", "lasso"), config={"displaylogo": False, "scrollZoom": True})
    rows = len(chart.figure.layout.yaxis.ticktext)
    pan = (" Pan up and down (pan tool) for more cities, or choose cities in the sidebar."
           if chart.figure.layout.yaxis.fixedrange is False else "")
    grouped = (f" Too many events to label: each marker is one city's events in one {chart.grouped_by}, sized by "
               "their number." if chart.grouped_by else "")
    labels = ("" if chart.grouped_by else " Items are labelled with their category and company wherever the label "
              "fits at the current zoom: drag across the chart to zoom in and more appear (double-click to zoom "
              "back out).")
    st.caption(f"{plural(rows, 'city lane')}.{labels} Open markers and dotted spans: the year is not certain. Drag "
               "the slider below the chart for the whole period; click or box-select items to read them." + pan
               + grouped)


def _selected_rows(data: Dataset, rows: np.ndarray, chart: Timeline) -> np.ndarray:
    """Rows of the events picked on the chart (in date order), or of the event named in the URL."""
    state = st.session_state.get(f"timeline_chart_{st.session_state.get('chart_nonce', 0)}") or {}
    ids = selected_event_ids(state.get("selection"), chart)
    if ids:
        matching = np.flatnonzero(data.events["id"].isin(ids).to_numpy())
        chosen = np.intersect1d(matching, rows)
        if tuple(chosen) != st.session_state.get("last_selection"):
            st.session_state["last_selection"] = tuple(chosen)
            st.session_state["event"] = data.events["event_key"].iloc[chosen[0]] if len(chosen) else None
        return chosen
    key = st.session_state.get("event")
    if key:
        return np.flatnonzero((data.events["event_key"] == key).to_numpy())
    return np.array([], dtype=np.int64)


def clear_selection() -> None:
    st.session_state["chart_nonce"] = st.session_state.get("chart_nonce", 0) + 1
    st.session_state.pop("event", None)
    st.session_state.pop("last_selection", None)


def reading_panel(data: Dataset, rows: np.ndarray, chosen: np.ndarray, filters: Filters) -> None:
    """The selected event's passage with previous/next through the selection, or the first passages."""
    if not len(chosen):
        _passage_pages(data, rows, filters)
        return
    keys = list(data.events["event_key"].iloc[chosen])
    current = keys.index(st.session_state["event"]) if st.session_state.get("event") in keys else 0
    st.markdown(f"#### Reading {current + 1} of {plural(len(keys), 'selected event')}")
    back, forward, clear = st.columns(3)
    if back.button("◀ Previous", disabled=current == 0, width="stretch"):
        st.session_state["event"] = keys[current - 1]
        st.rerun()
    if forward.button("Next ▶", disabled=current >= len(keys) - 1, width="stretch"):
        st.session_state["event"] = keys[current + 1]
        st.rerun()
    clear.button("Clear selection", on_click=clear_selection, width="stretch")
    st.session_state["event"] = keys[current]
    views.passage_card(data.events.iloc[chosen[current]], filters, full=True)


def _passage_pages(data: Dataset, rows: np.ndarray, filters: Filters) -> None:
    pages = max(1, -(-len(rows) // PASSAGES_PER_PAGE))
    page = 1
    if pages > 1:
        page = int(st.number_input(f"Page of passages (of {pages:,})", 1, pages, 1, key="passage_page"))
    first = (page - 1) * PASSAGES_PER_PAGE
    st.markdown(f"#### Passages {first + 1:,}–{min(first + PASSAGES_PER_PAGE, len(rows)):,} of {len(rows):,}")
    st.caption("Click an item on the chart to read it here.")
    with st.container(height=640, border=False):
        for _, event in data.events.iloc[rows[first:first + PASSAGES_PER_PAGE]].iterrows():
            views.passage_card(event, filters)


def _downloads(events: pd.DataFrame, filters: Filters) -> None:
    left, right = st.columns(2)
    name = download_name(filters)
    left.download_button("Download CSV", lambda: events_csv(events), f"{name}.csv", "text/csv", width="stretch")
    right.download_button("Download JSON", lambda: events_json(events), f"{name}.json", "application/json",
                          width="stretch")


# --- other views ----------------------------------------------------------------

def cities_page(data: Dataset, rows: np.ndarray) -> None:
    chart_rows = data.chart.iloc[rows]
    align = st.toggle("Align cities on the day of their first event (day 0)", key="align_day0",
                      help="Compare how fast the responses unfolded, whatever the calendar dates.")
    shown = chart_rows["city_label"].nunique()
    if shown > 12:
        st.caption(f"The {MAX_CITY_PANELS} cities with the most events of {shown:,}; choose cities in the sidebar to compare others.")
    st.plotly_chart(city_multiples_figure(chart_rows, align), key="cities_chart", config={"displaylogo": False})
    st.caption("Each panel: the number of events so far in one city, on the same time axis. Open markers: year not certain.")


def compare_page(data: Dataset, rows: np.ndarray) -> None:
    """Which city did X first: city × category, days from each city's day 0."""
    table = first_days(data.chart.iloc[rows])
    st.markdown("Each cell: the day on which a city first did something of that category, counted from the "
                "city's first event (day 0). Compare down a column to see which city did it first; blank: never.")
    if table.empty:
        st.info("No events to compare.")
        return
    st.plotly_chart(comparison_figure(table), key="compare_chart", config={"displaylogo": False})


def report_page(data: Dataset, settings: Settings, filters: Filters) -> None:
    reports = data.reports
    if reports.empty:
        st.info("No reports yet. Add some under Reports & uploads.")
        return
    hashes = list(reports["doc_hash"])
    if st.session_state.get("report") not in hashes:
        st.session_state["report"] = hashes[0]
    titles = dict(zip(reports["doc_hash"], reports["title"].where(reports["title"] != "", reports["name"])))
    names = dict(zip(reports["doc_hash"], reports["name"]))
    st.selectbox("Report", hashes, key="report", format_func=lambda h: f"{titles[h]} ({names[h]})")
    doc_hash = st.session_state["report"]
    report = load_report(settings.store_path, doc_hash)
    if report is None:
        st.warning("This report is no longer in the store; re-scan the reports.")
        return
    own_events = data.events[data.events["doc_hash"] == doc_hash]
    st.markdown(f"### {escape_text(report['title'] or report['name'])}", unsafe_allow_html=True)
    st.markdown(views.timeline_link(filters, "◀ back to the timeline with the same filters"), unsafe_allow_html=True)
    views.report_facts(report, city_label(report["city"]), len(own_events))
    correcting.corrections_panel(report, own_events, settings)
    st.markdown("#### Full text (date expressions marked)")
    views.report_text(report["text"], own_events)


def reports_page(data: Dataset, settings: Settings) -> None:
    st.markdown(f"Reports are read from `{settings.seeds_dir}/`. Add files with the uploader in the sidebar, or copy "
                "them into the folder and press **Re-scan reports**.")
    views.failures_list(data.failures)
    st.markdown("#### Reports in the timeline")
    if data.reports.empty:
        st.info("No reports yet.")
        return
    table = data.reports.assign(files=data.reports["files"].map(", ".join))[
        ["files", "title", "city_label", "province", "year", "year_basis", "published", "n_events"]]
    st.dataframe(table.rename(columns={"files": "File", "title": "Title", "city_label": "City", "province": "Province",
                                       "year": "Year", "year_basis": "Year from", "published": "Published",
                                       "n_events": "Events"}), hide_index=True, width="stretch")


def unknown_city_note(data: Dataset, rows: np.ndarray, filters: Filters) -> None:
    """A search for a place no report was placed in: say that reports without a city mention it."""
    text = filters.text.strip()
    if not text or text in set(data.events["city_key"].cat.categories):
        return
    matching = data.events.iloc[rows]
    unknown = matching[matching["city_key"] == UNKNOWN_CITY]
    if len(unknown) and not (matching["city_key"] != UNKNOWN_CITY).any():
        st.info(f"No report was placed in a city named “{text}”: the {plural(len(unknown), 'event')} found come from "
                f"{plural(unknown['doc_hash'].nunique(), 'report')} whose city was not found (“Unknown city”). "
                "Open such a report and set its city under Corrections.")
