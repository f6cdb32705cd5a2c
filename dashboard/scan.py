"""Extraction from the page: one at a time, with a progress bar."""
from __future__ import annotations

import threading

import streamlit as st

from extract.metadata import ManifestError
from extract.rules import RuleError

from .data import run_scan, store_generation, store_is_new
from .settings import Settings


@st.cache_resource
def scan_lock() -> threading.Lock:
    """One extraction at a time, even with several browser sessions open."""
    return threading.Lock()


def rescan(settings: Settings, label: str) -> bool:
    """Extract new or changed reports with a progress bar; returns whether the store changed."""
    before = store_generation(settings.store_path)
    with scan_lock(), st.status(label, expanded=True) as status:
        bar = st.progress(0.0, text="Looking for reports…")

        def progress(done: int, total: int, name: str) -> None:
            bar.progress(done / max(total, 1), text=f"{done}/{total}: {name}")

        try:
            summary = run_scan(settings.seeds_dir, settings.store_path, progress)
        except (ImportError, RuleError, ManifestError) as exc:  # nothing was read: say why instead of listing "unreadable" reports
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
