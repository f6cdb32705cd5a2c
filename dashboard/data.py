"""The only module that touches the store: loads it into pandas frames the rest of the dashboard reads.

Everything the charts and filters need per event (lane label, span, hover text,
lower-cased search text) is derived here once per store generation, so a
Streamlit rerun only masks arrays and never rebuilds strings.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from extract.models import EVENT_FIELDS

from .cities import city_key, city_label
from .highlight import escape_text

if TYPE_CHECKING:
    from extract.pipeline import ScanSummary

CERTAIN_YEAR_BASES = ("explicit", "published", "context", "corrected")
SPAN_KINDS = ("since", "until", "range")
HOVER_SUMMARY_CHARS = 160
HOVER_LINE_CHARS = 32


@dataclass(frozen=True)
class Dataset:
    """One generation of the store, ready for filtering and drawing; treat as read-only."""

    events: pd.DataFrame  # one row per event, index 0..n-1, sorted by date
    event_companies: pd.Series  # categorical, one row per (event, company): index = event row
    reports: pd.DataFrame
    failures: list[dict[str, Any]]
    generation: int

    @cached_property
    def chart(self) -> pd.DataFrame:
        """Only the columns the charts read: subsetting it per filter change copies far less."""
        return self.events[CHART_COLUMNS]

    @cached_property
    def first_company(self) -> pd.Series:
        """The company each event names first (categorical; NaN when it names none)."""
        pairs = self.event_companies
        first = pairs[pairs.groupby(level=0).cumcount().to_numpy() == 0]
        return first.reindex(self.events.index)


CHART_COLUMNS = ["id", "date", "x_date", "x_start", "x_end", "city_label", "year_certain", "hover", "label",
                 "category_label"]


def store_generation(store_path: Path) -> int:
    """The store's write counter, 0 when there is no store yet (cheap: one query)."""
    if not store_path.exists():
        return 0
    from extract.store import Store

    with Store(store_path) as store:
        return store.generation()


def store_is_new(store_path: Path) -> bool:
    """Nothing was ever written: the app should extract the seeds before drawing."""
    return store_generation(store_path) == 0


def load_dataset(store_path: Path) -> Dataset:
    from extract.store import Store

    with Store(store_path) as store:
        generation = store.generation()
        records = store.events()
        reports = store.reports()
        failures = store.failures()
    events = events_frame(records)
    return Dataset(
        events=events,
        event_companies=explode_companies(events),
        reports=reports_frame(reports),
        failures=failures,
        generation=generation,
    )


def load_report(store_path: Path, doc_hash: str) -> dict[str, Any] | None:
    """One report with its full text (the dataset keeps no report texts, they are only read here)."""
    from extract.store import Store

    with Store(store_path) as store:
        return store.report(doc_hash)


def run_scan(seeds_dir: Path, store_path: Path, progress: Callable[[int, int, str], None] | None = None) -> ScanSummary:
    """Extract new or changed reports under ``seeds_dir`` into the store."""
    from extract.pipeline import scan
    from extract.store import Store

    seeds_dir.mkdir(parents=True, exist_ok=True)
    with Store(store_path) as store:
        return scan((seeds_dir,), store, progress=progress)


EVENT_COLUMNS = ["id", "doc_hash", *EVENT_FIELDS]


def events_frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    """Store events -> frame with the derived columns the views use."""
    df = pd.DataFrame.from_records(records, columns=EVENT_COLUMNS)
    df["date"] = pd.to_datetime(df["date"], errors="coerce", format="ISO8601")
    df["date_end"] = pd.to_datetime(df["date_end"], errors="coerce", format="ISO8601")
    df = df[df["date"].notna()]
    df = df.sort_values(["date", "id"], kind="stable").reset_index(drop=True)
    df["companies"] = df["companies"].map(tuple)
    df["year_certain"] = df["year_basis"].isin(CERTAIN_YEAR_BASES)
    # Categorical: filtering and counting by city or kind work on small integer codes.
    df["city_key"] = df["city"].fillna("").map(city_key).astype("category")
    df["city_label"] = df["city_key"].map(_labels_for(df["city_key"])).astype("category")
    df["kind"] = df["kind"].astype("category")
    df["span_start"], df["span_end"] = _spans(df)
    df["x_start"] = epoch_ms(df["span_start"])
    df["x_end"] = epoch_ms(df["span_end"])
    df["x_date"] = epoch_ms(df["date"])
    df["category"] = df["category"].fillna("other").astype("category")
    df["category_label"] = df["category"].map(category_labels()).astype("category")
    df["companies_label"] = df["companies"].map(", ".join)
    df["label"] = _short_labels(df)
    df["event_key"] = df["doc_hash"].str[:12] + "-" + df["start"].astype(str)
    df["date_label"] = _date_labels(df)
    # Arrow strings: substring search runs in C++ instead of a Python loop over 100,000 rows.
    df["search_text"] = (df["summary"] + "\n" + df["passage"]).str.lower().astype("string[pyarrow]")
    df["hover"] = _hover_texts(df)
    return df


def category_labels() -> dict[str, str]:
    """Category key -> "中文 English", in the taxonomy's order."""
    from extract.categories import labels

    return labels()


def _short_labels(df: pd.DataFrame) -> pd.Series:
    """What an event's item on the chart says: its category in Chinese, and who acted (the first company, short)."""
    zh = {key: "" if key == "other" else label.split(" ", 1)[0] for key, label in category_labels().items()}
    what = df["category"].map(zh).astype(object).fillna("")
    first = df["companies"].map(lambda names: names[0] if names else "")
    who = first.map({name: _short_company(name) for name in first.unique()})
    joined = what + np.where((who != "") & (what != ""), "·", "") + who
    return joined.where(joined != "", df["mention"]).str.slice(0, 12)


_PLACE_END = re.compile(r"^[^市省县区州]{1,4}[市省县区州](?=.{2})")


def _short_company(name: str) -> str:
    """怀化市城发集团 -> 城发集团: the lane already says the city."""
    return _PLACE_END.sub("", name)[:8]


def _labels_for(keys: pd.Series) -> dict[str, str]:
    return {key: city_label(key) for key in keys.unique()}


def _spans(df: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Where each event is drawn: since runs to the report's last date, until from its first."""
    by_doc = df.groupby("doc_hash")["date"]
    doc_first, doc_last = by_doc.transform("min"), by_doc.transform("max")
    end = df["date_end"].fillna(df["date"])
    start = df["date"].copy()
    since = (df["kind"] == "since") & df["date_end"].isna()
    end = end.mask(since, doc_last)
    until = df["kind"] == "until"
    start = start.mask(until & (doc_first < end), doc_first)
    point = ~df["kind"].isin(SPAN_KINDS)
    end = end.mask(point, df["date"])
    return start, end.where(end >= start, start)


def epoch_ms(dates: pd.Series) -> np.ndarray:
    """Milliseconds since 1970: Plotly reads numbers on a date axis this way, far faster than strings."""
    return dates.to_numpy(dtype="datetime64[ms]").astype(np.int64).astype(np.float64)


def _date_labels(df: pd.DataFrame) -> pd.Series:
    start = df["date"].dt.strftime("%Y-%m-%d")
    end = df["date_end"].dt.strftime("%Y-%m-%d")
    has_end = df["date_end"].notna() & (end != start)
    return start.where(~has_end, start + " – " + end)


def _hover_texts(df: pd.DataFrame) -> pd.Series:
    """Escaped hover lines (date, city, companies, summary): Plotly renders hover text as HTML."""
    summaries = [_hover_lines(s) for s in df["summary"]]
    companies = df["companies_label"].map(escape_text).replace("", "no company named")
    uncertain = np.where(df["year_certain"], "", " (year not certain)")
    return (
        "<b>" + df["date_label"] + uncertain + "</b> · " + df["city_label"].astype(object).map(escape_text)
        + "<br>" + companies + "<br>" + pd.Series(summaries, index=df.index, dtype=object)
    )


def _hover_lines(summary: str) -> str:
    """Shortened, escaped and broken into lines: Chinese has no spaces for Plotly to wrap at."""
    if len(summary) > HOVER_SUMMARY_CHARS:
        summary = summary[: HOVER_SUMMARY_CHARS - 1] + "…"
    step = HOVER_LINE_CHARS
    return "<br>".join(escape_text(summary[i : i + step]) for i in range(0, len(summary), step))


def explode_companies(events: pd.DataFrame) -> pd.Series:
    """(event row -> company) pairs, so company filters and counts are vectorised."""
    exploded = events["companies"].explode()
    return exploded[exploded.notna() & (exploded != "")].astype("category")


REPORT_COLUMNS = [
    "doc_hash", "name", "title", "published", "source", "authors", "city", "province", "year",
    "year_basis", "year_note", "organizations", "encoding", "warnings", "n_events", "files",
]


def reports_frame(reports: list[dict[str, Any]]) -> pd.DataFrame:
    df = pd.DataFrame.from_records(reports, columns=REPORT_COLUMNS)
    df["city_label"] = df["city"].fillna("").map(lambda c: city_label(city_key(c))).astype(object)
    return df
