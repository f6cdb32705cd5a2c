"""The only module that touches the store: loads it into pandas frames the rest of the dashboard reads.

Everything the charts and filters need per event (lane label, span, lower-cased
search text) is derived here once per store generation, so a Streamlit rerun only
masks arrays; only the hover text is built on drawing, for the events drawn.
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
    def _hover_memo(self) -> np.ndarray:
        return np.full(len(self.events), None, dtype=object)

    def hover(self, rows: np.ndarray) -> np.ndarray:
        """Hover texts of these event rows, each built on its first drawing and kept with this generation."""
        memo = self._hover_memo
        missing = rows[np.equal(memo[rows], None)]
        if len(missing):
            memo[missing] = hover_texts(self.events.iloc[missing])
        return memo[rows]

    @cached_property
    def first_company(self) -> pd.Series:
        """The company each event names first (categorical; NaN when it names none)."""
        pairs = self.event_companies
        first = pairs[pairs.groupby(level=0).cumcount().to_numpy() == 0]
        return first.reindex(self.events.index)


CHART_COLUMNS = ["id", "date", "x_date", "x_start", "x_end", "city_label", "year_certain", "label", "category_label",
                 "date_label", "companies_label", "summary"]  # the last three for the hover text


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
        columns, rows = next(store.event_row_batches(None), (EVENT_COLUMNS, []))
        records = pd.DataFrame(rows, columns=columns)
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


def events_frame(records: list[dict[str, Any]] | pd.DataFrame) -> pd.DataFrame:
    """Store events (dicts, or a frame of the store's columns) -> frame with the derived columns the views use.

    Per-event strings are built with list comprehensions or per distinct value:
    ``Series.map`` costs several times more per row at 100,000 events.
    """
    if isinstance(records, pd.DataFrame):
        df = records.reindex(columns=EVENT_COLUMNS)
    else:
        df = pd.DataFrame.from_records(records, columns=EVENT_COLUMNS)
    df["date"] = pd.to_datetime(df["date"], errors="coerce", format="ISO8601")
    df["date_end"] = pd.to_datetime(df["date_end"], errors="coerce", format="ISO8601")
    if df["date"].isna().any():
        df = df[df["date"].notna()]
    df = df.sort_values(["date", "id"], kind="stable").reset_index(drop=True)
    df["companies"] = _objects([tuple(names) for names in df["companies"]], df.index)
    df["year_certain"] = df["year_basis"].isin(CERTAIN_YEAR_BASES)
    # Categorical: filtering and counting by city or kind work on small integer codes.
    cities = df["city"].fillna("")
    df["city_key"] = cities.map({city: city_key(city) for city in cities.unique()}).astype("category")
    df["city_label"] = df["city_key"].map(_labels_for(df["city_key"])).astype("category")
    df["kind"] = df["kind"].astype("category")
    df["span_start"], df["span_end"] = _spans(df)
    df["x_start"] = epoch_ms(df["span_start"])
    df["x_end"] = epoch_ms(df["span_end"])
    df["x_date"] = epoch_ms(df["date"])
    df["category"] = df["category"].fillna("other").astype("category")
    df["category_label"] = df["category"].map(category_labels()).astype("category")
    df["companies_label"] = _objects([", ".join(names) for names in df["companies"]], df.index)
    df["label"] = _short_labels(df)
    df["event_key"] = _objects([f"{h[:12]}-{s}" for h, s in zip(df["doc_hash"], df["start"].astype(str))], df.index)
    df["date_label"] = _date_labels(df)
    # Arrow strings: substring search runs in C++ instead of a Python loop over 100,000 rows.
    df["search_text"] = pd.array([f"{s}\n{p}".lower() for s, p in zip(df["summary"], df["passage"])],
                                 dtype="string[pyarrow]")
    return df


def _objects(values: list, index: pd.Index) -> pd.Series:
    """A column of Python objects as given (pandas would look into tuples to infer a type)."""
    column = np.empty(len(values), dtype=object)
    column[:] = values
    return pd.Series(column, index=index)


def category_labels() -> dict[str, str]:
    """Category key -> "中文 English", in the taxonomy's order."""
    from extract.categories import labels

    return labels()


def _short_labels(df: pd.DataFrame) -> pd.Series:
    """What an event's item on the chart says: its category in Chinese, and who acted (the first company, short)."""
    zh = {key: "" if key == "other" else label.split(" ", 1)[0] for key, label in category_labels().items()}
    what = df["category"].map(zh).astype(object).fillna("")
    first = [names[0] if names else "" for names in df["companies"]]
    short = {name: _short_company(name) for name in set(first)}
    labels = [(f"{w}·{short[f]}" if w and short[f] else w + short[f]) or mention
              for w, f, mention in zip(what, first, df["mention"])]
    return _objects([label[:12] if isinstance(label, str) else label for label in labels], df.index)


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
    start = np.datetime_as_string(df["date"].to_numpy(dtype="datetime64[D]"))
    end = np.datetime_as_string(df["date_end"].to_numpy(dtype="datetime64[D]"))
    has_end = df["date_end"].notna().to_numpy() & (end != start)
    return _objects([f"{s} – {e}" if both else s for s, e, both in zip(start.tolist(), end.tolist(), has_end)],
                    df.index)


def hover_texts(events: pd.DataFrame) -> np.ndarray:
    """Escaped hover lines (date, city, companies, summary) of the events drawn: Plotly renders hover text as HTML.

    Built when drawn, for the few thousand events a chart shows, not for every event at load.
    """
    cities = {label: escape_text(label) for label in events["city_label"].cat.categories}
    return np.array([
        f"<b>{date}{'' if certain else ' (year not certain)'}</b> · {cities[city]}<br>"
        f"{escape_text(companies) or 'no company named'}<br>{_hover_lines(summary)}"
        for date, certain, city, companies, summary in zip(
            events["date_label"], events["year_certain"], events["city_label"], events["companies_label"],
            events["summary"])
    ], dtype=object)


def _hover_lines(summary: str) -> str:
    """Shortened, escaped and broken into lines: Chinese has no spaces for Plotly to wrap at."""
    if len(summary) > HOVER_SUMMARY_CHARS:
        summary = summary[: HOVER_SUMMARY_CHARS - 1] + "…"
    step = HOVER_LINE_CHARS
    if len(summary) <= step:
        return escape_text(summary)
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
