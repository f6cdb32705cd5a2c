"""The sidebar: filters (mirrored in the URL so a view can be shared), and reports in and out."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from extract.models import EVENT_KINDS

from . import views
from .cities import city_label
from .data import Dataset, category_labels
from .filters import Filters, city_counts, company_counts, from_query_params, to_query_params, unreadable_params
from .scan import rescan
from .settings import Settings
from .upload import UploadRefused, save_upload

FILTER_DEFAULTS = {"f_city": [], "f_company": [], "f_text": "", "f_kind": [], "f_certain": False, "f_category": []}
URL_NOTES = "url_notes"


def query_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def init_state_from_url(view_slugs: list[str]) -> None:
    """Once per session: the URL's filters, view and selected event become the widgets' starting values."""
    if st.session_state.get("state_loaded"):
        return
    st.session_state["state_loaded"] = True
    params = query_params()
    filters = from_query_params(params)
    notes = unreadable_params(params)
    st.session_state.update({
        "f_city": list(filters.cities), "f_company": list(filters.companies), "f_text": filters.text,
        "f_kind": [k for k in filters.kinds if k in EVENT_KINDS], "f_certain": filters.certain_only,
        "f_category": list(filters.categories),
    })
    notes += [f"kind={k} is not a kind of date" for k in filters.kinds if k not in EVENT_KINDS]
    if filters.start or filters.end:
        st.session_state["f_dates"] = (filters.start, filters.end)
        st.session_state["url_dates"] = (filters.start, filters.end)
    view = (params.get("view") or [view_slugs[0]])[-1]
    if view not in view_slugs:
        notes.append(f"view={view} is not a view")
        view = view_slugs[0]
    st.session_state["view"] = view
    for key in ("report", "event"):
        if params.get(key):
            st.session_state[key] = params[key][-1]
    st.session_state[URL_NOTES] = notes


def write_url(filters: Filters) -> None:
    """Mirror the state into the URL so the view can be shared and survives a reload."""
    params = to_query_params(filters)
    view = st.session_state.get("view", "timeline")
    if view != "timeline":
        params["view"] = view
    if view == "report" and st.session_state.get("report"):
        params["report"] = st.session_state["report"]
    if view == "timeline" and st.session_state.get("event"):
        params["event"] = st.session_state["event"]
    normalised = {k: v if isinstance(v, list) else [v] for k, v in params.items()}
    if normalised != query_params():
        st.query_params.from_dict(params)


def _keep_known(key: str, options: list[str], what: str) -> None:
    """Drop values that are not in the data (from an old link), and say so."""
    known = set(options)
    values = st.session_state.get(key, [])
    dropped = [v for v in values if v not in known]
    if dropped:
        st.session_state.setdefault(URL_NOTES, []).append(f"{what} not in the reports: {', '.join(dropped)}")
    st.session_state[key] = [v for v in values if v in known]


def _date_bounds(events: pd.DataFrame) -> tuple[dt.date, dt.date]:
    if events.empty:
        today = dt.date.today()
        return today, today
    return events["span_start"].min().date(), events["span_end"].max().date()


def _date_filter(lo: dt.date, hi: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """The date widget's range; the full range (or a half-picked one) means no date filter."""
    asked = st.session_state.pop("url_dates", None)
    if asked:
        outside = [d.isoformat() for d in asked if d and not lo <= d <= hi]
        if outside:
            st.session_state.setdefault(URL_NOTES, []).append(
                f"dates {', '.join(outside)} are outside the reports' dates ({lo} to {hi}): moved to the nearest")
    if st.session_state.get("f_dates_bounds") != (lo, hi):  # data changed: a full range stays full
        was_full = st.session_state.get("f_dates") in (None, st.session_state.get("f_dates_bounds"))
        start, end = (lo, hi) if was_full else (tuple(st.session_state["f_dates"]) + (None, None))[:2]
        st.session_state["f_dates"] = (max(lo, min(start or lo, hi)), min(hi, max(end or hi, lo)))
        st.session_state["f_dates_bounds"] = (lo, hi)
    st.sidebar.date_input("Date range", min_value=lo, max_value=hi, key="f_dates", format="YYYY-MM-DD")
    picked = tuple(st.session_state.get("f_dates") or ())
    if len(picked) != 2:
        return None, None
    start, end = picked
    return (None if start <= lo else start), (None if end >= hi else end)


def clear_filters() -> None:
    """Every filter back to "everything", search text included (runs before the widgets are drawn)."""
    st.session_state.update({k: (list(v) if isinstance(v, list) else v) for k, v in FILTER_DEFAULTS.items()})
    st.session_state["f_dates"] = st.session_state.get("f_dates_bounds")
    st.session_state.pop("event", None)


def sidebar_filters(data: Dataset) -> Filters:
    events, side = data.events, st.sidebar
    side.header("Filters")
    cities = city_counts(events)
    _keep_known("f_city", list(cities.index), "cities")
    side.multiselect("City", list(cities.index), key="f_city", placeholder="All cities",
                     format_func=lambda key: f"{city_label(key)} ({cities[key]:,})")
    categories = events["category"].value_counts()
    names = category_labels()
    _keep_known("f_category", [k for k in names if categories.get(k, 0)], "categories")
    side.multiselect("Category", [k for k in names if categories.get(k, 0)], key="f_category",
                     placeholder="All categories", format_func=lambda k: f"{names[k]} ({categories[k]:,})")
    companies = company_counts(data)
    _keep_known("f_company", list(companies.index), "companies")
    side.multiselect("Company (type to search)", list(companies.index), key="f_company", placeholder="All companies",
                     format_func=lambda name: f"{name} ({companies[name]:,})")
    start, end = _date_filter(*_date_bounds(events))
    side.text_input("Search summaries and passages", key="f_text", placeholder="e.g. 核酸 or 物资")
    side.multiselect("Kind of date", list(EVENT_KINDS), key="f_kind", placeholder="All kinds",
                     format_func=lambda k: views.KIND_NAMES.get(k, k))
    side.toggle("Only events whose year is certain", key="f_certain",
                help="Hide events whose year the extractor had to guess (no year in the text, the publication date or the context).")
    side.button("Clear all filters", on_click=clear_filters)
    return Filters(
        cities=tuple(st.session_state["f_city"]), companies=tuple(st.session_state["f_company"]),
        start=start, end=end, text=st.session_state.get("f_text", ""),
        kinds=tuple(st.session_state["f_kind"]), certain_only=bool(st.session_state.get("f_certain")),
        categories=tuple(st.session_state["f_category"]),
    )


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
