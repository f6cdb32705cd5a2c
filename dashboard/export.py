"""The filtered events as files to download: the store's own fields, not the dashboard's derived ones."""
from __future__ import annotations

import json
import re

import pandas as pd

from extract.models import EVENT_FIELDS

from .filters import Filters

# The event's own fields (extract.models.Event) in the order a reader scans them: when and where first.
_LEADING = ["id", "date", "date_end", "kind", "time_of_day", "year_basis", "category", "city", "province", "companies"]
EXPORT_COLUMNS = _LEADING + [c for c in ["doc_hash", *EVENT_FIELDS] if c not in _LEADING]


def download_name(filters: Filters) -> str:
    """events_吴忠_2022-03-01_2022-03-31: a download says what it holds."""
    parts = ["events", *filters.cities[:3], *filters.categories[:3], *filters.companies[:2]]
    if filters.start or filters.end:
        parts.append(f"{filters.start or 'start'}_{filters.end or 'end'}")
    if filters.text.strip():
        parts.append(filters.text.strip()[:20])
    return re.sub(r"[^\w\-]+", "-", "_".join(str(p) for p in parts)).strip("-")[:120]


def _export_frame(events: pd.DataFrame) -> pd.DataFrame:
    out = events[EXPORT_COLUMNS].copy()
    out["date"] = out["date"].dt.strftime("%Y-%m-%d")
    out["date_end"] = out["date_end"].dt.strftime("%Y-%m-%d").where(out["date_end"].notna(), None)
    out["companies"] = out["companies"].map(list)
    out["category"] = out["category"].astype(object)
    return out


def events_csv(events: pd.DataFrame) -> bytes:
    """UTF-8 with BOM so spreadsheet programs read the Chinese text correctly; companies joined by "; "."""
    out = _export_frame(events)
    out["companies"] = out["companies"].map("; ".join)
    return out.to_csv(index=False).encode("utf-8-sig")


def events_json(events: pd.DataFrame) -> bytes:
    records = _export_frame(events).astype(object).where(lambda f: f.notna(), None).to_dict("records")
    return json.dumps(records, ensure_ascii=False, indent=1).encode("utf-8")
