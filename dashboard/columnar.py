"""The dashboard's data source for large stores: DuckDB answers exactly what is drawn.

A columnar store (``extract/columnar.py``: Parquet partitioned by city and year)
may hold tens of millions of events, more than a browser can draw or pandas
should hold. So nothing is loaded whole: the sidebar gets counts per city and
company, the timeline gets counts per city and period (or the events
themselves when few enough match), the table gets one page of events without
their passages, and passages are read only for the events a user selects.
DuckDB reads only the columns and partitions a question needs.
"""
from __future__ import annotations

import datetime as dt
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from extract.columnar import (EVENTS_DIR, INDEX_FILE, INDEX_TABLE, REPORTS_FILE, build_index, index_is_current,
                              is_columnar_store)

from .cities import UNKNOWN_CITY, city_key
from .data import CERTAIN_YEAR_BASES
from .filters import Filters

# The finest period whose markers stay under the limit is drawn (as in charts.CLUSTER_BINS).
MATCH_TABLES = 8  # costly filters remembered (a few ids each, or up to every id for a broad one)
PERIODS = (("day", "D"), ("week", "W"), ("month", "M"), ("quarter", "Q"), ("year", "Y"))
# What a table row or a chart point needs: everything but the long texts.
LIST_COLUMNS = ("id", "doc_hash", "doc", "title", "mention", "date", "date_end", "kind", "year_basis", "city",
                "companies", "summary")

__all__ = ["ColumnarSource", "Overview", "is_columnar_store"]


@dataclass(frozen=True)
class Overview:
    """What the sidebar needs once per store: sizes, counts per city and company, the date range."""

    total: int
    reports: int
    cities: pd.Series  # events per city key, most first
    companies: pd.Series  # events naming each company, most first
    first_day: dt.date | None
    last_day: dt.date | None


class ColumnarSource:
    """Read-only queries on one columnar store; one DuckDB connection, used by one query at a time."""

    def __init__(self, folder: str | Path, threads: int | None = None, memory_limit: str = "2GB") -> None:
        self.folder = Path(folder)
        if not is_columnar_store(self.folder):
            raise FileNotFoundError(f"not a columnar store (no {EVENTS_DIR}/ folder): {self.folder}")
        if not index_is_current(self.folder):  # written by another tool, or events added since
            build_index(self.folder)
        self._db = duckdb.connect(str(self.folder / INDEX_FILE), read_only=True, config={
            "threads": threads or os.cpu_count() or 1, "memory_limit": memory_limit})
        self._lock = threading.Lock()  # Streamlit reruns in threads; one query at a time on this connection
        self._has_events = bool(self._query(f"SELECT count(*) AS n FROM (SELECT 1 FROM {INDEX_TABLE} LIMIT 1)")["n"][0])
        self._matches: dict[Filters, str] = {}  # costly filter -> temporary table of the ids it matches
        self._match_count = 0
        self._cities = _codes(self._query("SELECT code, city AS name FROM cities"))
        self._companies = _codes(self._query("SELECT code, company AS name FROM first_companies"))

    @staticmethod
    def folder_generation(folder: str | Path) -> int:
        """Changes when the store is written again (an export swaps the folder in): the cache key."""
        for path in (Path(folder) / INDEX_FILE, Path(folder) / EVENTS_DIR, Path(folder)):
            if path.exists():
                return path.stat().st_mtime_ns
        return 0

    def _query(self, sql: str, params: list[Any] | None = None) -> pd.DataFrame:
        with self._lock:
            return self._db.execute(sql, params or []).df()

    def _where(self, filters: Filters) -> tuple[str, list[Any]]:
        """The filters as SQL; the costly ones (companies, text) are evaluated once per value into a
        temporary table of matching ids, so the four questions of one redraw do not repeat that scan."""
        where, params = where_clause(Filters(**{**filters.__dict__, "companies": (), "text": ""}))
        costly = Filters(companies=filters.companies, text=filters.text.strip().lower())
        if costly == Filters():
            return where, params
        with self._lock:
            if costly not in self._matches:
                if len(self._matches) >= MATCH_TABLES:
                    self._db.execute(f"DROP TABLE {self._matches.pop(next(iter(self._matches)))}")
                name = f"matches_{self._match_count}"
                self._match_count += 1
                costly_where, costly_params = where_clause(costly)
                self._db.execute(f"CREATE TEMP TABLE {name} AS SELECT id FROM events WHERE {costly_where}", costly_params)
                self._matches[costly] = name
            return f"{where} AND id IN (SELECT id FROM {self._matches[costly]})", params

    # --- what the sidebar needs ------------------------------------------------

    def overview(self) -> Overview:
        if not self._has_events:
            return Overview(0, 0, pd.Series(dtype=int), pd.Series(dtype=int), None, None)
        cities = self._query("SELECT city, count(*) AS n FROM events GROUP BY city")
        companies = self._query("SELECT company, n FROM company_counts")
        sizes = self._query("SELECT count(DISTINCT doc_hash) AS reports, min(date) AS first, "
                            "max(coalesce(date_end, date)) AS last FROM events").iloc[0]
        city_counts = _most_first(pd.Series(cities["n"].to_numpy(), index=cities["city"].map(city_key)))
        return Overview(
            total=int(cities["n"].sum()), reports=int(sizes["reports"]), cities=city_counts,
            companies=_most_first(pd.Series(companies["n"].to_numpy(), index=companies["company"])),
            first_day=dt.date.fromisoformat(sizes["first"]), last_day=dt.date.fromisoformat(sizes["last"]),
        )

    # --- what the timeline and the table need ----------------------------------

    def count(self, filters: Filters) -> tuple[int, int, int]:
        """Matching events, and the cities and reports they come from."""
        where, params = self._where(filters)
        row = self._query(f"SELECT count(*) AS n, count(DISTINCT city_code) AS cities, count(DISTINCT doc_hash) AS reports "
                          f"FROM events WHERE {where}", params).iloc[0]
        return int(row["n"]), int(row["cities"] or 0), int(row["reports"])

    def period_counts(self, filters: Filters, max_markers: int) -> tuple[str, pd.DataFrame]:
        """Matching events per city and period, the finest period that keeps under ``max_markers`` markers.

        Columns: city_key, bin (first day of the period), n, certain (any year certain),
        company (the company most of those naming one name first; None when none does). Two grouped scans on the
        index's integer codes; only the groups travel to pandas.
        """
        where, params = self._where(filters)
        certain = ", ".join(f"'{b}'" for b in CERTAIN_YEAR_BASES)
        days = self._query(f"SELECT city_code, day, count(*) AS n, bool_or(year_basis IN ({certain})) AS certain "
                           f"FROM events WHERE {where} GROUP BY city_code, day", params)
        day_numbers = days["day"].to_numpy(dtype=np.int64)
        for name, unit in PERIODS:
            bins = period_start(day_numbers.astype("datetime64[D]"), unit).astype(np.int64)
            if len(np.unique(days["city_code"].to_numpy(dtype=np.int64) * 1_000_000 + bins)) <= max_markers or unit == "Y":
                break
        days["bin"] = bins
        grouped = days.groupby(["city_code", "bin"], sort=True).agg(n=("n", "sum"), certain=("certain", "any"))
        by_company = self._query(
            f"SELECT city_code, {_bin_sql(unit)} AS bin, company_code, count(*) AS n FROM events WHERE {where} "
            "AND company_code IS NOT NULL GROUP BY ALL", params)
        top = by_company.sort_values(["n", "company_code"], ascending=[False, True], kind="stable") \
            .drop_duplicates(["city_code", "bin"]).set_index(["city_code", "bin"])["company_code"]
        grouped["company"] = top.reindex(grouped.index).map(self._companies).to_numpy()
        grouped = grouped.reset_index()
        grouped["city_key"] = grouped["city_code"].map(self._cities).map(city_key)
        grouped["bin"] = grouped["bin"].to_numpy().astype("datetime64[D]")
        return name, grouped[["city_key", "bin", "n", "certain", "company"]]

    def events(self, filters: Filters, limit: int, offset: int = 0, with_passages: bool = False) -> pd.DataFrame:
        """One page of matching events by date; passages only when asked for (a few events at a time)."""
        where, params = self._where(filters)
        columns = ", ".join(_quote(c) for c in self._columns(with_passages))
        # The page's ids first, then their columns: wide rows are read for the page only, not for every match.
        return self._query(f"SELECT {columns} FROM events WHERE id IN (SELECT id FROM events WHERE {where} "
                           "ORDER BY date, id LIMIT ? OFFSET ?) ORDER BY date, id", [*params, limit, offset])

    def events_by_id(self, ids: list[int], with_passages: bool = True) -> pd.DataFrame:
        """The events a user selected, with their passages."""
        columns = ", ".join(_quote(c) for c in self._columns(with_passages))
        if not ids:
            return self._query(f"SELECT {columns} FROM events LIMIT 0")
        return self._query(f"SELECT {columns} FROM events WHERE id IN (SELECT unnest(?::BIGINT[])) ORDER BY date, id",
                           [list(map(int, ids))])

    def ids_in(self, filters: Filters, city: str, first_day: dt.date, last_day: dt.date, limit: int) -> list[int]:
        """Ids of the matching events of one city in one period: what a selected marker stands for."""
        narrowed = Filters(**{**filters.__dict__, "cities": (city,)})
        where, params = self._where(narrowed)
        rows = self._query(f"SELECT id FROM events WHERE {where} AND date BETWEEN ? AND ? ORDER BY date, id LIMIT ?",
                           [*params, first_day.isoformat(), last_day.isoformat(), limit])
        return rows["id"].astype(int).tolist()

    def report(self, doc_hash: str) -> dict[str, Any] | None:
        """One report with its full text: only its row group is read."""
        path = (self.folder / REPORTS_FILE).as_posix().replace("'", "''")
        found = self._query(f"SELECT * FROM read_parquet('{path}') WHERE doc_hash = ?", [doc_hash])
        if found.empty:
            return None
        report = found.iloc[0].to_dict()
        for key in ("authors", "organizations", "warnings", "files"):
            value = report.get(key)
            report[key] = list(value) if value is not None else []
        return report

    def _columns(self, with_passages: bool) -> list[str]:
        hidden = {"year", "city_code", "day", "company_code"}  # partition key and index codes
        names = [c for c in self._query("SELECT * FROM events LIMIT 0").columns if c not in hidden]
        if with_passages:
            return names
        return [c for c in names if c in LIST_COLUMNS]


def where_clause(filters: Filters) -> tuple[str, list[Any]]:
    """The SQL condition and its parameters for the sidebar's filters (the same meaning as filters.filter_mask)."""
    parts, params = ["TRUE"], []
    if filters.cities:
        named = [c for c in filters.cities if c != UNKNOWN_CITY]
        either = []
        if named:
            either.append("city IN (SELECT unnest(?::VARCHAR[]))")
            params.append(named)
        if UNKNOWN_CITY in filters.cities:
            either.append("city IS NULL OR city = ''")
        parts.append(f"({' OR '.join(either)})")
    if filters.companies:
        parts.append("list_has_any(companies, ?::VARCHAR[])")
        params.append(list(filters.companies))
    if filters.start is not None:
        parts.append("coalesce(date_end, date) >= ?")
        params.append(filters.start.isoformat())
    if filters.end is not None:
        parts.append("date <= ?")
        params.append(filters.end.isoformat())
    if filters.kinds:
        parts.append("kind IN (SELECT unnest(?::VARCHAR[]))")
        params.append(list(filters.kinds))
    if filters.certain_only:
        parts.append("year_basis IN (SELECT unnest(?::VARCHAR[]))")
        params.append(list(CERTAIN_YEAR_BASES))
    text = filters.text.strip().lower()
    if text:
        # Chinese has no letter case: without cased letters in the search, lower() on every passage changes nothing.
        fold = "lower" if text != text.upper() else ""
        parts.append(f"(contains({fold}(summary), ?) OR contains({fold}(passage), ?))")
        params += [text, text]
    return " AND ".join(parts), params


def period_start(days: np.ndarray, unit: str) -> np.ndarray:
    """First day of each day's week (Monday), month, quarter or year."""
    days = days.astype("datetime64[D]")
    if unit == "D":
        return days
    if unit == "W":
        return days - ((days.astype(np.int64) + 3) % 7)  # 1970-01-01 was a Thursday
    if unit == "Q":
        months = days.astype("datetime64[M]").astype(np.int64)
        return (months - months % 3).astype("datetime64[M]").astype("datetime64[D]")
    return days.astype(f"datetime64[{unit}]").astype("datetime64[D]")


def _bin_sql(unit: str) -> str:
    """The SQL twin of ``period_start`` on the index's day numbers (days since 1970-01-01)."""
    if unit == "D":
        return "day"
    if unit == "W":
        return "day - (day + 3) % 7"
    name = {"M": "month", "Q": "quarter", "Y": "year"}[unit]
    return f"(date_trunc('{name}', DATE '1970-01-01' + day)::DATE - DATE '1970-01-01')"


def _codes(table: pd.DataFrame) -> dict[int, Any]:
    return {int(code): (None if pd.isna(name) else name) for code, name in zip(table["code"], table["name"])}


def _most_first(counts: pd.Series) -> pd.Series:
    counts = counts[counts > 0].groupby(level=0).sum()
    return counts.sort_index().sort_values(ascending=False, kind="stable")


def _quote(column: str) -> str:
    return f'"{column}"'
