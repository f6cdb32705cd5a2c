"""The report view's corrections: what a person sets is written to corrections.jsonl beside the report.

The engine's output is never edited: the file is applied by every extraction
(see extract/corrections.py), so the report is re-extracted after a change.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from extract.corrections import FILE_NAME, CorrectionError, entries_for, read_corrections, save_correction

from .data import category_labels
from .scan import rescan
from .settings import Settings


def _corrections_file(report: dict[str, Any], settings: Settings) -> Path:
    """Beside the report's file (the seeds folder for uploads)."""
    from extract.store import Store

    with Store(settings.store_path) as store:
        paths = store.report_paths(report["doc_hash"])
    return Path(paths[0]).parent / FILE_NAME if paths else settings.seeds_dir / FILE_NAME


def _save(path: Path, entry: dict[str, Any], settings: Settings) -> None:
    try:
        save_correction(path, entry)
    except CorrectionError as exc:
        st.error(f"Not saved: {exc}")
        return
    rescan(settings, "Applying the correction…")
    st.rerun()


def corrections_panel(report: dict[str, Any], events: pd.DataFrame, settings: Settings) -> None:
    """Forms to set the report's year, city and title, and an event's date, companies and category, or mark it wrong."""
    path = _corrections_file(report, settings)
    name = (report.get("files") or [report["name"]])[0]
    base = {"file": name, "report": report["doc_hash"]}
    existing = entries_for(read_corrections(path)[0], report["doc_hash"], name)
    with st.expander(f"Corrections ({len(existing)} saved in {path.name})", expanded=bool(existing)):
        for entry in existing:
            st.code(_describe(entry), language=None)
        _report_form(report, base, existing, path, settings)
        if not events.empty:
            _event_form(events, base, path, settings)


def _describe(entry: dict[str, Any]) -> str:
    what = f"event {entry['event']['mention']} (at {entry['event']['start']})" if "event" in entry else "report"
    change = "marked wrong" if entry.get("wrong") else ", ".join(f"{k} = {v}" for k, v in entry.get("set", {}).items())
    return f"{what}: {change}"


def _report_form(report: dict[str, Any], base: dict, existing: list, path: Path, settings: Settings) -> None:
    current = next((e.get("set", {}) for e in existing if "event" not in e), {})
    with st.form("correct_report"):
        st.markdown("**The report**")
        left, middle, right = st.columns([1, 1, 2])
        year = left.number_input("Year", 1900, 2100, int(report["year"] or dt.date.today().year), key="c_year")
        city = middle.text_input("City (Chinese, e.g. 吴忠)", report["city"] or "", key="c_city")
        title = right.text_input("Title", report["title"] or "", key="c_title")
        if st.form_submit_button("Save report corrections"):
            changes = dict(current)
            if year != report["year"]:
                changes["year"] = int(year)
            if city.strip() != (report["city"] or ""):
                changes["city"] = city.strip()
            if title.strip() != (report["title"] or ""):
                changes["title"] = title.strip()
            _save(path, {**base, "set": changes}, settings)


def _event_form(events: pd.DataFrame, base: dict, path: Path, settings: Settings) -> None:
    labels = category_labels()
    options = list(range(len(events)))
    pick = st.selectbox("Event to correct", options, key="c_event",
                        format_func=lambda i: f"{events['date_label'].iloc[i]} · {events['mention'].iloc[i]} · "
                                              f"{events['summary'].iloc[i][:40]}")
    event = events.iloc[pick]
    with st.form("correct_event"):
        left, right = st.columns(2)
        date = left.date_input("Date", event["date"].date(), key="c_date")
        category = right.selectbox("Category", list(labels), index=list(labels).index(str(event["category"])),
                                   format_func=labels.get, key="c_category")
        companies = st.text_input("Companies (separated by ; )", "; ".join(event["companies"]), key="c_companies")
        wrong = st.checkbox("This is not an event (remove it from the timeline)", key="c_wrong")
        if st.form_submit_button("Save event correction"):
            key = {"mention": event["mention"], "start": int(event["start"])}
            if wrong:
                _save(path, {**base, "event": key, "wrong": True}, settings)
                return
            changes: dict[str, Any] = {}
            if date != event["date"].date():
                changes["date"] = date.isoformat()
            if category != event["category"]:
                changes["category"] = category
            names = [c.strip() for c in companies.split(";") if c.strip()]
            if names != list(event["companies"]):
                changes["companies"] = names
            _save(path, {**base, "event": key, "set": changes}, settings)
