"""Streamlit drawing of passages, reports and lists; reads plain data, decides nothing about filtering."""
from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pandas as pd
import streamlit as st

from .filters import Filters, to_query_params
from .highlight import escape_text, highlight_passage, mark_report

KIND_NAMES = {
    "point": "on a day", "since": "since", "until": "until", "range": "range", "published": "publication date",
}
YEAR_BASIS_NAMES = {
    "explicit": "written in the text", "published": "from the publication date",
    "context": "from the context", "unknown": "not certain (guessed)", "corrected": "set by a correction",
}


def _link(params: dict[str, Any], text: str) -> str:
    """A same-tab link carrying ``params`` (the current filters too, so following it loses nothing)."""
    query = "&amp;".join(f"{quote(k)}={quote(str(v))}" for k, vs in params.items()
                         for v in (vs if isinstance(vs, list) else [vs]))
    return f'<a href="?{query}" target="_self">{escape_text(text)}</a>'


def report_link(doc_hash: str, filters: Filters, text: str = "open the report") -> str:
    return _link({**to_query_params(filters), "view": "report", "report": doc_hash}, text)


def timeline_link(filters: Filters, text: str) -> str:
    return _link(to_query_params(filters), text)


def passage_card(event: pd.Series, filters: Filters, full: bool = False) -> None:
    """One event: when, where, what kind, who, its passage with date, companies and search hits marked, its source."""
    with st.container(border=True):
        year_note = "" if event["year_certain"] else " · ⚠ year not certain"
        corrected = " · ✎ corrected" if event["year_basis"] == "corrected" else ""
        st.markdown(
            f"**{escape_text(event['date_label'])}** · {escape_text(event['city_label'])} · "
            f"{escape_text(str(event['category_label']))} · "
            f"{KIND_NAMES.get(event['kind'], escape_text(event['kind']))}{year_note}{corrected}",
            unsafe_allow_html=True,
        )
        doubt = event.get("doubt")
        if isinstance(doubt, str) and doubt:
            st.markdown(f"<small>⚠ Questionable date: {escape_text(doubt)}</small>", unsafe_allow_html=True)
        if full and event["companies_label"]:
            st.markdown(f"<small>Companies: {escape_text(event['companies_label'])}</small>", unsafe_allow_html=True)
        offset = int(event["passage_start"])
        st.markdown(
            highlight_passage(event["passage"], int(event["start"]) - offset, int(event["end"]) - offset,
                              event["companies"], filters.text),
            unsafe_allow_html=True,
        )
        title = f"«{escape_text(event['title'])}» " if event["title"] else ""
        st.markdown(f"<small>From {title}({escape_text(event['doc'])}) — "
                    f"{report_link(event['doc_hash'], filters)}</small>", unsafe_allow_html=True)


TABLE_COLUMNS = {
    "date_label": "Date", "city_label": "City", "category_label": "Category", "kind": "Kind", "year": "Year",
    "year_from": "Year from", "companies_label": "Companies", "summary": "Summary", "doc": "Report",
}


def passages(events: pd.DataFrame, filters: Filters, heading: str) -> None:
    """A heading and one card per event (the columnar store's page, which has no reading panel)."""
    st.markdown(f"#### {heading}")
    for _, event in events.iterrows():
        passage_card(event, filters)


def events_table(first_events: pd.DataFrame, total: int) -> None:
    """The first matching events as a table; ``total`` says how many match in all."""
    shown = first_events.assign(year=first_events["date"].dt.year,
                                year_from=first_events["year_basis"].map(YEAR_BASIS_NAMES).fillna(first_events["year_basis"]))
    shown = shown[list(TABLE_COLUMNS)].rename(columns=TABLE_COLUMNS)
    if total > len(first_events):
        st.caption(f"Showing the first {len(first_events):,} of {total:,} events by date; export to get them all.")
    st.dataframe(shown, hide_index=True, width="stretch")


def report_facts(report: dict[str, Any], city_label: str, n_events: int) -> None:
    facts = {
        "Title": report["title"] or "(none found)",
        "City and province": f"{city_label}" + (f", {report['province']}" if report.get("province") else ""),
        "Year": f"{report['year'] or 'unknown'} — {YEAR_BASIS_NAMES.get(report['year_basis'], report['year_basis'])}"
        + (f": {report['year_note']}" if report.get("year_note") else ""),
        "Published": report.get("published") or "unknown",
        "Source": report.get("source") or "unknown",
        "Organisations": ", ".join(report.get("organizations") or []) or "none found",
        "Events": str(n_events),
        "File": ", ".join(report.get("files") or [report["name"]]),
        "Encoding": report.get("encoding") or "",
    }
    rows = "".join(f"<tr><th style='text-align:left;padding-right:1em'>{k}</th><td>{escape_text(str(v))}</td></tr>"
                   for k, v in facts.items())
    st.markdown(f"<table>{rows}</table>", unsafe_allow_html=True)
    for warning in report.get("warnings") or []:
        st.warning(f"While reading this file: {warning}")


def report_text(text: str, events: pd.DataFrame) -> None:
    """The whole report, escaped, with every extracted date mention marked (hover a mark for its date)."""
    mentions = zip(events["start"].astype(int), events["end"].astype(int), events["date_label"])
    st.markdown(
        f"<div style='line-height:1.8'>{mark_report(text, mentions)}</div>",
        unsafe_allow_html=True,
    )


def failures_list(failures: list[dict[str, Any]]) -> None:
    """Files that could not be read, each with the reason, and what to do about it."""
    st.markdown("#### Reports not read")
    if not failures:
        st.caption("Every file in the reports folder was read.")
        return
    st.caption("These files are not in the timeline. Fix or replace them (plain text, Markdown or HTML), then re-scan.")
    st.dataframe(
        pd.DataFrame(failures)[["name", "reason", "at"]].rename(columns={"name": "File", "reason": "Reason", "at": "When"}),
        hide_index=True, width="stretch",
    )
