"""Millions of synthetic events written straight into a columnar store, vectorised (numpy + pyarrow).

Going through the engine or Python objects would take longer than the benchmark
itself: 10 million events are built as Arrow arrays, a million at a time, in
about a minute. The shapes follow bench/synthetic.py: 300 cities plus events
without a city, 50 companies (0-3 per event), two years of dates, every kind and
year basis, a distinct passage per event.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from bench.synthetic import _BASES, _COMPANIES, _KINDS, city_names
from extract.columnar import EVENT_SCHEMA, build_index, EVENTS_DIR, PARTITION_YEAR, REPORT_SCHEMA, REPORTS_FILE, write_events

EVENTS_PER_REPORT = 20
CHUNK = 1_000_000
FIRST_DAY = np.datetime64("2021-01-01")
DAYS = 730


def _strings(values: list[str], index: np.ndarray) -> pa.Array:
    return pa.array(values, pa.string()).take(pa.array(index))


def _chunk(first_id: int, n: int, cities: list[str | None], rng: np.random.Generator) -> pa.RecordBatch:
    ids = np.arange(first_id, first_id + n, dtype=np.int64)
    report = ids // EVENTS_PER_REPORT
    seq = ids % EVENTS_PER_REPORT
    city_index = report % len(cities)
    city = pa.array(cities, pa.string()).take(pa.array(city_index))
    report_day = (report * 7919) % (DAYS - 60)
    days = FIRST_DAY + (report_day + rng.integers(0, 60, n)).astype("timedelta64[D]")
    date = pa.array(days, pa.date32())
    kind_index = rng.integers(0, len(_KINDS), n)
    kind = _strings(list(_KINDS), kind_index)
    is_range = np.array(_KINDS)[kind_index] == "range"
    date_end = pa.array(np.where(is_range, days + rng.integers(1, 10, n).astype("timedelta64[D]"), days), pa.date32())
    n_companies = rng.choice([0, 1, 1, 2, 3], n)
    offsets = np.concatenate([[0], np.cumsum(n_companies)]).astype(np.int32)
    company_values = _strings(_COMPANIES, rng.integers(0, len(_COMPANIES), int(offsets[-1])))
    companies = pa.ListArray.from_arrays(pa.array(offsets), company_values)
    month = pc.month(date).cast(pa.string())
    day = pc.day(date).cast(pa.string())
    mention = pc.binary_join_element_wise(month, "月", day, "日", "")
    first_company = pc.fill_null(company_values.take(pa.array(offsets[:-1], mask=n_companies == 0)), "有关部门")
    passage = pc.binary_join_element_wise(
        mention, "，", first_company, "在", pc.fill_null(city, "当地"), "组织开展防控保障工作第",
        pa.array(ids).cast(pa.string()), "项。", "")
    doc = pc.binary_join_element_wise("report_", pa.array(report).cast(pa.string()), ".txt", "")
    start = (seq * 60 + 20).astype(np.int64)
    columns = {
        "id": pa.array(ids), "doc_hash": pc.binary_join_element_wise("h", pa.array(report).cast(pa.string()), ""),
        "doc": doc, "title": pc.binary_join_element_wise(pc.fill_null(city, "某地"), "疫情防控工作纪实 ", doc, ""),
        "mention": mention, "start": pa.array(start), "end": pa.array(start + pc.utf8_length(mention).to_numpy()),
        "date": date.cast(pa.string()),
        "date_end": pc.if_else(pa.array(is_range), date_end.cast(pa.string()), pa.nulls(n, pa.string())),
        "kind": kind, "year_basis": _strings(list(_BASES), rng.integers(0, len(_BASES), n)),
        "city": city, "companies": companies, "summary": pc.utf8_slice_codeunits(passage, 0, 40),
        "passage": passage, "passage_start": pa.array(start),
        "passage_end": pa.array(start + pc.utf8_length(passage).to_numpy()),
    }
    arrays = [columns[f.name] if f.name in columns else pa.nulls(n, f.type) for f in EVENT_SCHEMA]
    arrays.append(pc.year(date).cast(pa.int32()))
    return pa.RecordBatch.from_arrays(arrays, schema=EVENT_SCHEMA.append(pa.field(PARTITION_YEAR, pa.int32())))


def write_synthetic_columnar(folder: Path, n_events: int, n_cities: int = 300, seed: int = 7) -> None:
    """A columnar store of ``n_events`` events at ``folder`` (which must not exist yet)."""
    rng = np.random.default_rng(seed)
    cities: list[str | None] = [*city_names(n_cities), None]
    batches = (_chunk(first, min(CHUNK, n_events - first), cities, rng) for first in range(0, n_events, CHUNK))
    write_events(batches, Path(folder) / EVENTS_DIR)
    n_reports = -(-n_events // EVENTS_PER_REPORT)
    hashes = pc.binary_join_element_wise("h", pa.array(np.arange(n_reports)).cast(pa.string()), "")
    reports = {"doc_hash": hashes, "name": pc.binary_join_element_wise(
        "report_", pa.array(np.arange(n_reports)).cast(pa.string()), ".txt", ""),
        "title": pa.array(["疫情防控工作纪实"] * n_reports), "text": pa.array(["疫情防控工作纪实（合成报告）"] * n_reports),
        "n_events": pa.array(np.full(n_reports, EVENTS_PER_REPORT))}
    table = pa.table({f.name: reports.get(f.name, pa.nulls(n_reports, f.type)) for f in REPORT_SCHEMA},
                     schema=REPORT_SCHEMA)
    pq.write_table(table, Path(folder) / REPORTS_FILE)
    build_index(Path(folder))
