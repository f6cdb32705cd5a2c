"""The Streamlit page: start-up, sidebar filters kept in the URL, and the four views.

Heavy work is cached on (store path, store generation): loading the store once
per write, and building a chart once per filter state, so reruns caused by
selections or view switches only draw.
"""
from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from extract.models import EVENT_KINDS
from extract.rules import RuleError

from . import views
from .charts import VISIBLE_LANES, Timeline, city_multiples_figure, filtered_timeline, selected_event_ids
from .cities import city_label
from .data import Dataset, load_dataset, load_report, run_scan, store_generation, store_is_new
from .export import events_csv, events_json
from .highlight import escape_text
from .filters import Filters, city_counts, company_counts, from_query_params, to_query_params
from .settings import Settings, load_settings
from .upload import UploadRefused, save_upload

VIEWS = {"timeline": "Timeline", "cities": "Per city", "report": "Report", "reports": "Reports & uploads"}
PASSAGES_PER_PAGE = 20
TABLE_ROWS = 2000
FILTER_KEYS = ("f_city", "f_company", "f_dates", "f_text", "f_kind", "f_certain")


# --- cached data -------------------------------------------------------------

@st.cache_resource(max_entries=2, show_spinner="Loading the event store…")
def cached_dataset(store_path: str, generation: int) -> Dataset:
    return load_dataset(Path(store_path))


@st.cache_resource(max_entries=16, show_spinner=False)
def cached_view(store_path: str, generation: int, filters_key: str, _data: Dataset, _filters: Filters) -> tuple[np.ndarray, Timeline]:
    """Rows of the matching events and their timeline, once per filter state (selections rerun without rebuilding).

    """
    return filtered_timeline(_data, _filters)


@st.cache_resource
def scan_lock() -> threading.Lock:
    """One extraction at a time, even with several browser sessions open."""
    return threading.Lock()


# --- extraction --------------------------------------------------------------

def rescan(settings: Settings, label: str) -> bool:
    """Extract new or changed reports with a progress bar; returns whether the store changed."""
    before = store_generation(settings.store_path)
    with scan_lock(), st.status(label, expanded=True) as status:
        bar = st.progress(0.0, text="Looking for reports…")

        def progress(done: int, total: int, name: str) -> None:
            bar.progress(done / max(total, 1), text=f"{done}/{total}: {name}")

        try:
            summary = run_scan(settings.seeds_dir, settings.store_path, progress)
        except (ImportError, RuleError) as exc:  # nothing was read: say why instead of listing "unreadable" reports
            status.update(label=f"The extraction engine could not be loaded: {exc}", state="error")
            return False
        status.update(
            label=f"Reports: {len(summary.extracted)} extracted, {len(summary.unchanged) + len(summary.duplicates)} "
            f"unchanged, {len(summary.failures)} not read, {summary.removed} removed.",
            state="error" if summary.failures and not summary.read else "complete",
            expanded=False,
        )
    return store_generation(settings.store_path) != before


def ensure_store(settings: Settings) -> None:
    """On a fresh checkout there is no store yet: extract the seeds once, visibly, before drawing."""
    if store_is_new(settings.store_path) and not st.session_state.get("auto_scanned"):
        st.session_state["auto_scanned"] = True
        rescan(settings, f"First start: extracting the reports in {settings.seeds_dir}/ …")


# --- filter state <-> widgets <-> URL -----------------------------------------

def _query_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def init_state_from_url(data: Dataset) -> None:
    """Once per session: the URL's filters become the widgets' starting values."""
    if st.session_state.get("state_loaded"):
        return
    st.session_state["state_loaded"] = True
    params = _query_params()
    filters = from_query_params(params)
    st.session_state["f_city"] = list(filters.cities)
    st.session_state["f_company"] = list(filters.companies)
    st.session_state["f_text"] = filters.text
    st.session_state["f_kind"] = [k for k in filters.kinds if k in EVENT_KINDS]
    st.session_state["f_certain"] = filters.certain_only
    if filters.start or filters.end:
        st.session_state["f_dates"] = (filters.start, filters.end)
    view = (params.get("view") or ["timeline"])[-1]
    st.session_state["view"] = VIEWS.get(view, VIEWS["timeline"])
    if params.get("report"):
        st.session_state["report"] = params["report"][-1]


def write_url(filters: Filters) -> None:
    """Mirror the state into the URL so the view can be shared and survives a reload."""
    params = to_query_params(filters)
    view = next(slug for slug, name in VIEWS.items() if name == st.session_state.get("view", VIEWS["timeline"]))
    if view != "timeline":
        params["view"] = view
    if view == "report" and st.session_state.get("report"):
        params["report"] = st.session_state["report"]
    normalised = {k: v if isinstance(v, list) else [v] for k, v in params.items()}
    if normalised != _query_params():
        st.query_params.from_dict(params)


def _keep_known(key: str, options: list[str]) -> None:
    known = set(options)
    st.session_state[key] = [v for v in st.session_state.get(key, []) if v in known]


def _date_bounds(events: pd.DataFrame) -> tuple[dt.date, dt.date]:
    if events.empty:
        today = dt.date.today()
        return today, today
    return events["span_start"].min().date(), events["span_end"].max().date()


def _date_filter(lo: dt.date, hi: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """The date widget's range; the full range (or a half-picked one) means no date filter."""
    if st.session_state.get("f_dates_bounds") != (lo, hi):  # data changed: a full range stays full
        was_full = st.session_state.get("f_dates") in (None, st.session_state.get("f_dates_bounds"))
        start, end = (lo, hi) if was_full else (st.session_state["f_dates"] + (None, None))[:2]
        st.session_state["f_dates"] = (max(lo, min(start or lo, hi)), min(hi, max(end or hi, lo)))
        st.session_state["f_dates_bounds"] = (lo, hi)
    st.sidebar.date_input("Date range", min_value=lo, max_value=hi, key="f_dates", format="YYYY-MM-DD")
    picked = tuple(st.session_state.get("f_dates") or ())
    if len(picked) != 2:
        return None, None
    start, end = picked
    return (None if start <= lo else start), (None if end >= hi else end)


def sidebar_filters(data: Dataset) -> Filters:
    events = data.events
    side = st.sidebar
    side.header("Filters")
    cities = city_counts(events)
    _keep_known("f_city", list(cities.index))
    side.multiselect("City", list(cities.index), key="f_city", placeholder="All cities",
                     format_func=lambda key: f"{city_label(key)} ({cities[key]:,})")
    companies = company_counts(data)
    _keep_known("f_company", list(companies.index))
    side.multiselect("Company (type to search)", list(companies.index), key="f_company", placeholder="All companies",
                     format_func=lambda name: f"{name} ({companies[name]:,})")
    start, end = _date_filter(*_date_bounds(events))
    side.text_input("Search summaries and passages", key="f_text", placeholder="e.g. 核酸 or 物资")
    side.multiselect("Kind of date", list(EVENT_KINDS), key="f_kind", placeholder="All kinds",
                     format_func=lambda k: views.KIND_NAMES.get(k, k))
    side.toggle("Only events whose year is certain", key="f_certain",
                help="Hide events whose year the extractor had to guess (no year in the text, the publication date or the context).")
    if side.button("Clear all filters"):
        for key in FILTER_KEYS:
            st.session_state.pop(key, None)
        st.session_state.pop("f_dates_bounds", None)
        st.rerun()
    return Filters(
        cities=tuple(st.session_state["f_city"]), companies=tuple(st.session_state["f_company"]),
        start=start, end=end, text=st.session_state.get("f_text", ""),
        kinds=tuple(st.session_state["f_kind"]), certain_only=bool(st.session_state.get("f_certain")),
    )


# --- sidebar: reports in and out ----------------------------------------------

def sidebar_reports(settings: Settings) -> None:
    side = st.sidebar
    side.header("Reports")
    uploads = side.file_uploader("Add reports (.txt, .md, .html)", type=["txt", "md", "html", "htm"],
                                 accept_multiple_files=True, key="uploads")
    handled: dict[str, str] = st.session_state.setdefault("uploads_handled", {})
    fresh = [f for f in uploads or [] if f.file_id not in handled]
    if fresh:
        for file in fresh:
            handled[file.file_id] = _save_one(file.name, file.getvalue(), settings)
        if rescan(settings, "Extracting the added reports…"):
            st.rerun()
    for message in (handled[f.file_id] for f in uploads or [] if f.file_id in handled):
        side.caption(message)
    if side.button("Re-scan reports", help=f"Extract new or changed files in {settings.seeds_dir}/ (only those)."):
        if rescan(settings, "Re-scanning the reports…"):
            st.rerun()


def _save_one(name: str, data: bytes, settings: Settings) -> str:
    try:
        saved = save_upload(name, data, settings.seeds_dir, settings.max_upload_bytes)
    except UploadRefused as exc:
        return f"✗ {name}: not added — {exc}"
    if saved is None:
        return f"= {name}: the same file is already in the reports folder"
    return f"✓ {name}: added as {saved.name}"


# --- views -----------------------------------------------------------------

def timeline_view(data: Dataset, rows: np.ndarray, chart: Timeline) -> None:
    st.plotly_chart(chart.figure, key="timeline_chart", on_select="rerun", selection_mode=("points", "box", "lasso"),
                    config={"displaylogo": False, "scrollZoom": True})
    lanes = len(chart.figure.layout.yaxis.ticktext)
    if lanes > VISIBLE_LANES:
        st.caption(f"{VISIBLE_LANES} of {lanes} city lanes in view: pan up and down (pan tool) or choose cities in "
                   "the sidebar.")
    grouped = (f" Too many events to draw one by one: each marker is one city's events in one {chart.grouped_by}, "
               "sized by their number." if chart.grouped_by else "")
    st.caption("Colour: the company the passage names first, or the one you chose (most frequent ones; the rest "
               "grouped). Open markers and dotted spans: the year is not certain. Lines: since / until / range. "
               "Click a point or box/lasso-select (toolbar) to read the passages; double-click to zoom out to all "
               "dates." + grouped)
    selection = st.session_state.get("timeline_chart", {}).get("selection")
    selected = selected_event_ids(selection, chart)
    if selected:
        matching = np.flatnonzero(data.events["id"].isin(selected).to_numpy())
        chosen = data.events.iloc[np.intersect1d(matching, rows)]
        views.passages(chosen, f"Passages of the {len(chosen):,} selected event{'s' if len(chosen) != 1 else ''}")
    else:
        pages = max(1, -(-len(rows) // PASSAGES_PER_PAGE))
        page = 1
        if pages > 1:
            page = int(st.number_input(f"Page of passages (of {pages:,})", 1, pages, 1, key="passage_page"))
        first = (page - 1) * PASSAGES_PER_PAGE
        views.passages(data.events.iloc[rows[first:first + PASSAGES_PER_PAGE]],
                       f"Passages {first + 1:,}–{min(first + PASSAGES_PER_PAGE, len(rows)):,} of {len(rows):,} "
                       "(select points on the chart to read exactly those)")
    st.markdown("#### Events")
    views.events_table(data.events.iloc[rows[:TABLE_ROWS]], len(rows))
    left, right = st.columns(2)
    left.download_button("Download CSV", lambda: events_csv(data.events.iloc[rows]), "events.csv", "text/csv",
                         width="stretch")
    right.download_button("Download JSON", lambda: events_json(data.events.iloc[rows]), "events.json",
                          "application/json", width="stretch")


def cities_view(chart_rows: pd.DataFrame) -> None:
    align = st.toggle("Align cities on the day of their first event (day 0)", key="align_day0",
                      help="Compare how fast the responses unfolded, whatever the calendar dates.")
    shown = chart_rows["city_label"].nunique()
    if shown > 12:
        st.caption(f"The 12 cities with the most events of {shown:,}; choose cities in the sidebar to compare others.")
    st.plotly_chart(city_multiples_figure(chart_rows, align), key="cities_chart", config={"displaylogo": False})
    st.caption("Each panel: the number of events so far in one city, on the same time axis. Open markers: year not certain.")


def report_view(data: Dataset, settings: Settings) -> None:
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
    views.report_facts(report, city_label(report["city"]), len(own_events))
    st.markdown("#### Full text (date expressions marked)")
    views.report_text(report["text"], own_events)


def reports_view(data: Dataset, settings: Settings) -> None:
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


# --- page --------------------------------------------------------------------

def main() -> None:
    st.set_page_config(page_title="News report timelines", page_icon="🗓", layout="wide")
    settings = load_settings()
    st.title("Timelines from news reports")
    ensure_store(settings)
    data = cached_dataset(str(settings.store_path), store_generation(settings.store_path))
    init_state_from_url(data)
    filters = sidebar_filters(data)
    sidebar_reports(settings)
    view = st.radio("View", list(VIEWS.values()), key="view", horizontal=True, label_visibility="collapsed")
    write_url(filters)
    if data.failures:
        st.warning(f"{len(data.failures)} file(s) could not be read and are not shown — see Reports & uploads.")
    if view == VIEWS["reports"]:
        reports_view(data, settings)
        return
    if view == VIEWS["report"]:
        report_view(data, settings)
        return
    if data.events.empty:
        st.info(f"No events yet. Put news reports (.txt, .md or .html) into `{settings.seeds_dir}/` and press "
                "**Re-scan reports**, or add them with the uploader in the sidebar.")
        return
    key = repr(sorted(to_query_params(filters).items()))
    rows, chart = cached_view(str(settings.store_path), data.generation, key, data, filters)
    st.caption(f"{len(rows):,} of {len(data.events):,} events · {data.events['city_key'].iloc[rows].nunique():,} "
               f"cities · {data.events['doc_hash'].iloc[rows].nunique():,} reports")
    if not len(rows):
        st.warning("No event matches these filters. Remove a city or company, widen the date range, clear the "
                   "search text — or press **Clear all filters** in the sidebar.")
        return
    if view == VIEWS["cities"]:
        cities_view(data.chart.iloc[rows])
    else:
        timeline_view(data, rows, chart)
