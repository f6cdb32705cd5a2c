"""The Streamlit page: start-up, the sidebar, and the views registered in one table (VIEWS).

Heavy work is cached on (store path, store generation): loading the store once
per write, and building a chart once per filter state, so reruns caused by
selections or view switches only draw.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import streamlit as st

from . import pages, sidebar
from .charts import COLOUR_BY, Timeline, filtered_timeline
from .data import Dataset, load_dataset, store_generation
from .filters import Filters, filter_mask, to_query_params
from .scan import ensure_store
from .settings import Settings, load_settings


@dataclass(frozen=True)
class Page:
    """What a view gets: the data, where it lives, and the filtered rows."""

    data: Dataset
    settings: Settings
    filters: Filters
    rows: np.ndarray


@dataclass(frozen=True)
class View:
    title: str
    draw: Callable[[Page], None]
    needs_events: bool = True  # draws events: says what to do when none match


def _timeline(page: Page) -> None:
    colour_by = st.session_state.get("colour_by", COLOUR_BY[0])
    compress = not st.session_state.get("full_calendar", False)
    key = repr((sorted(to_query_params(page.filters).items()), colour_by, compress))
    _, chart = cached_timeline(str(page.settings.store_path), page.data.generation, key, page.data, page.filters,
                               colour_by, compress)
    pages.timeline_page(page.data, page.rows, chart, page.filters)


VIEWS: dict[str, View] = {
    "timeline": View("Timeline", _timeline),
    "cities": View("Per city", lambda p: pages.cities_page(p.data, p.rows)),
    "compare": View("Compare cities", lambda p: pages.compare_page(p.data, p.rows)),
    "report": View("Report", lambda p: pages.report_page(p.data, p.settings, p.filters), needs_events=False),
    "reports": View("Reports & uploads", lambda p: pages.reports_page(p.data, p.settings), needs_events=False),
}


@st.cache_resource(max_entries=2, show_spinner="Loading the event store…")
def cached_dataset(store_path: str, generation: int) -> Dataset:
    return load_dataset(Path(store_path))


@st.cache_resource(max_entries=16, show_spinner=False)
def cached_timeline(store_path: str, generation: int, key: str, _data: Dataset, _filters: Filters,
                    colour_by: str, compress: bool) -> tuple[np.ndarray, Timeline]:
    """The timeline once per filter state (selections and view switches rerun without rebuilding it)."""
    return filtered_timeline(_data, _filters, colour_by, compress)


@st.cache_resource(max_entries=16, show_spinner=False)
def cached_rows(store_path: str, generation: int, key: str, _data: Dataset, _filters: Filters) -> np.ndarray:
    return np.flatnonzero(filter_mask(_data, _filters))


def _header(data: Dataset, rows: np.ndarray) -> None:
    events = data.events.iloc[rows]
    st.caption(f"{len(rows):,} of {pages.plural(len(data.events), 'event')} · "
               f"{pages.plural(events['city_key'].nunique(), 'city', 'cities')} · "
               f"{pages.plural(events['doc_hash'].nunique(), 'report')}")


def _view_options() -> None:
    left, right = st.columns(2)
    left.radio("Colour by", COLOUR_BY, key="colour_by", horizontal=True, format_func=str.capitalize)
    right.toggle("Show the whole calendar (empty stretches too)", key="full_calendar")


def main() -> None:
    st.set_page_config(page_title="News report timelines", page_icon="🗓", layout="wide")
    settings = load_settings()
    st.title("Timelines from news reports")
    ensure_store(settings)
    data = cached_dataset(str(settings.store_path), store_generation(settings.store_path))
    sidebar.init_state_from_url(list(VIEWS))
    filters = sidebar.sidebar_filters(data)
    sidebar.sidebar_reports(settings)
    slug = st.radio("View", list(VIEWS), key="view", horizontal=True, label_visibility="collapsed",
                    format_func=lambda s: VIEWS[s].title)
    for note in st.session_state.pop(sidebar.URL_NOTES, []):
        st.warning(f"From the link: {note}.")
    if data.failures:
        st.warning(f"{len(data.failures)} file(s) could not be read and are not shown — see Reports & uploads.")
    view = VIEWS[slug]
    rows = cached_rows(str(settings.store_path), data.generation, repr(sorted(to_query_params(filters).items())),
                       data, filters)
    if not view.needs_events or _has_events(data, rows, settings):
        if view.needs_events:
            _header(data, rows)
            pages.unknown_city_note(data, rows, filters)
        if slug == "timeline":
            _view_options()
        view.draw(Page(data, settings, filters, rows))
    sidebar.write_url(filters)  # last: the view may have picked an event


def _has_events(data: Dataset, rows: np.ndarray, settings: Settings) -> bool:
    if data.events.empty:
        st.info(f"No events yet. Put news reports (.txt, .md or .html) into `{settings.seeds_dir}/` and press "
                "**Re-scan reports**, or add them with the uploader in the sidebar.")
        return False
    if not len(rows):
        st.warning("No event matches these filters. Remove a city or company, widen the date range, clear the "
                   "search text — or press **Clear all filters** in the sidebar.")
        return False
    return True
