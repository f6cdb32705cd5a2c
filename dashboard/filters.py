"""What the user narrowed the events to: pure functions on the events frame, and the URL form of it.

The filter state round-trips through query parameters so a filtered view can be
shared as a link and survives a reload.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .data import Dataset


@dataclass(frozen=True)
class Filters:
    """Empty selections mean "everything"."""

    cities: tuple[str, ...] = ()  # city keys (see cities.city_key)
    companies: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    text: str = ""
    kinds: tuple[str, ...] = ()
    certain_only: bool = False
    categories: tuple[str, ...] = ()  # category keys (rules/categories.toml)


def filter_mask(data: Dataset, filters: Filters) -> np.ndarray:
    """Boolean mask over ``data.events`` rows; vectorised so 100,000 events filter in milliseconds."""
    events = data.events
    mask = np.ones(len(events), dtype=bool)
    if filters.cities:
        mask &= events["city_key"].isin(filters.cities).to_numpy()
    if filters.companies:
        naming = data.event_companies.isin(filters.companies)
        rows = np.zeros(len(events), dtype=bool)
        rows[data.event_companies.index[naming.to_numpy()].to_numpy(dtype=np.int64)] = True
        mask &= rows
    if filters.start is not None:
        mask &= (events["span_end"] >= pd.Timestamp(filters.start)).to_numpy()
    if filters.end is not None:
        mask &= (events["span_start"] <= pd.Timestamp(filters.end)).to_numpy()
    if filters.kinds:
        mask &= events["kind"].isin(filters.kinds).to_numpy()
    if filters.certain_only:
        mask &= events["year_certain"].to_numpy()
    if filters.categories:
        mask &= events["category"].isin(filters.categories).to_numpy()
    text = filters.text.strip().lower()
    if text:
        mask &= events["search_text"].str.contains(text, regex=False).to_numpy(dtype=bool, na_value=False)
    return mask


def apply_filters(data: Dataset, filters: Filters) -> pd.DataFrame:
    return data.events[filter_mask(data, filters)]


def city_counts(events: pd.DataFrame) -> pd.Series:
    """Events per city key, most first (ties by name)."""
    return _nonzero_sorted(events["city_key"].value_counts())


def company_counts(data: Dataset) -> pd.Series:
    """Events naming each company, most first (ties by name)."""
    return _nonzero_sorted(data.event_companies.value_counts())


def _nonzero_sorted(counts: pd.Series) -> pd.Series:
    counts = counts[counts > 0].sort_index().sort_values(ascending=False, kind="stable")
    counts.index = counts.index.astype(object)
    return counts


# --- URL form --------------------------------------------------------------

_LISTS = {"city": "cities", "company": "companies", "kind": "kinds", "category": "categories"}


def to_query_params(filters: Filters) -> dict[str, str | list[str]]:
    """Only what differs from "everything", so an unfiltered view has a clean URL."""
    params: dict[str, str | list[str]] = {}
    for param, attr in _LISTS.items():
        values = getattr(filters, attr)
        if values:
            params[param] = list(values)
    if filters.start:
        params["from"] = filters.start.isoformat()
    if filters.end:
        params["to"] = filters.end.isoformat()
    if filters.text.strip():
        params["q"] = filters.text.strip()
    if filters.certain_only:
        params["certain"] = "1"
    return params


def from_query_params(params: Mapping[str, str | list[str]]) -> Filters:
    """Tolerant reading: a malformed value is ignored rather than breaking the page."""

    def values(key: str) -> tuple[str, ...]:
        raw = params.get(key, [])
        items = [raw] if isinstance(raw, str) else list(raw)
        return tuple(dict.fromkeys(v for v in items if v))

    def first(key: str) -> str:
        found = values(key)
        return found[-1] if found else ""

    return Filters(
        cities=values("city"),
        companies=values("company"),
        start=_parse_date(first("from")),
        end=_parse_date(first("to")),
        text=first("q"),
        kinds=values("kind"),
        certain_only=first("certain").lower() in ("1", "true", "yes"),
        categories=values("category"),
    )


def unreadable_params(params: Mapping[str, str | list[str]]) -> list[str]:
    """Values in the URL that cannot be used, in words, so the page can say what it ignored."""
    problems = []
    for key in ("from", "to"):
        raw = params.get(key)
        value = raw if isinstance(raw, str) else (raw or [""])[-1]
        if value and _parse_date(value) is None:
            problems.append(f"{key}={value} is not a date (YYYY-MM-DD)")
    return problems


def _parse_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None
