"""Generated reports for benchmarks and tests: realistic shapes and sizes, no real text needed."""
from __future__ import annotations

import datetime as dt
import hashlib
import random
from pathlib import Path

import pandas as pd

from dashboard.data import Dataset, events_frame, explode_companies
from extract.models import Event, ReportFacts, ReportResult
from extract.store import Store

_FIRST = "东西南北中安长新华江河山海天青白金龙凤平"
_SECOND = "州阳宁川城林原德庆台水丰和兴安"
_COMPANIES = [f"{a}{b}集团" for a in "国华中泰恒信达远鸿瑞" for b in "能药运通建"]
_KINDS = ("point", "point", "point", "since", "until", "range", "published")
_BASES = ("explicit", "explicit", "published", "context", "unknown")
_CATEGORIES = ("setup", "testing", "supplies", "donations", "volunteers", "facilities", "controls", "reopening",
               "rescue", "other")
ENGINE = "synthetic"


def city_names(n: int) -> list[str]:
    """``n`` distinct two-character city names (up to 300)."""
    return [a + b for a in _FIRST for b in _SECOND][:n]


def synthetic_report(name: str, city: str | None, n_events: int, rng: random.Random) -> ReportResult:
    """One report whose text is its events' passages, with consistent offsets."""
    base = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(0, 300))
    title = f"{city or '某地'}疫情防控工作纪实 {name}"
    parts, events, offset = [title + "\n"], [], len(title) + 1
    for seq in range(n_events):
        day = base + dt.timedelta(days=rng.randrange(0, 60))
        mention = f"{day.month}月{day.day}日"
        companies = rng.sample(_COMPANIES, k=rng.choice((0, 1, 1, 2, 3)))
        passage = f"{mention}，{'、'.join(companies) or '有关部门'}在{city or '当地'}组织开展防控保障工作第{seq}项。"
        kind = rng.choice(_KINDS)
        end = day + dt.timedelta(days=rng.randrange(1, 10)) if kind == "range" else None
        events.append(Event(
            doc=name, title=title, mention=mention, start=offset, end=offset + len(mention),
            date=day.isoformat(), date_end=end.isoformat() if end else None, kind=kind, time_of_day=None,
            year_basis=rng.choice(_BASES), anchor=None, city=city, province=None, companies=companies,
            summary=passage[:40], passage=passage, passage_start=offset, passage_end=offset + len(passage),
            category=rng.choice(_CATEGORIES),
        ))
        parts.append(passage + "\n")
        offset += len(passage) + 1
    text = "".join(parts)
    facts = ReportFacts(title=title, published=base.isoformat(), city=city, year=2022, year_basis="explicit",
                        year_note="synthetic", organizations=sorted({c for e in events for c in e.companies}))
    return ReportResult(name=name, doc_hash=hashlib.sha256(text.encode()).hexdigest(), text=text,
                        encoding="utf-8", warnings=[], facts=facts, events=events)


def write_synthetic_store(path: Path, n_events: int, n_cities: int, seed: int = 7) -> None:
    """A store of ``n_events`` events spread over ``n_cities`` cities (plus one report without a city)."""
    rng = random.Random(seed)
    events_per_report = max(1, min(500, -(-n_events // (n_cities + 1))))
    cities: list[str | None] = [*city_names(n_cities), None]
    with Store(path) as store:
        done, i = 0, 0
        while done < n_events:
            count = min(events_per_report, n_events - done)
            result = synthetic_report(f"report_{i:05d}.txt", cities[i % len(cities)], count, rng)
            store.save_report(result, f"/synthetic/report_{i:05d}.txt", ENGINE)
            done, i = done + count, i + 1


def make_event(id: int, date: str, city: str | None = "吴忠", companies=(), kind: str = "point",
               date_end: str | None = None, basis: str = "explicit", summary: str = "", passage: str = "",
               doc_hash: str = "d1", category: str = "other") -> dict:
    """One event as the store returns it, for tests of the dashboard's frames."""
    passage = passage or f"{date} 某事"
    return {"id": id, "doc_hash": doc_hash, "doc": f"{doc_hash}.txt", "title": "标题", "mention": date, "start": 0,
            "end": len(date), "date": date, "date_end": date_end, "kind": kind, "time_of_day": None,
            "year_basis": basis, "anchor": None, "city": city, "province": None, "companies": list(companies),
            "summary": summary or passage, "passage": passage, "passage_start": 0, "passage_end": len(passage),
            "category": category}


def dataset(records: list[dict]) -> Dataset:
    """A dashboard dataset of these records, without a store."""
    events = events_frame(records)
    return Dataset(events, explode_companies(events), pd.DataFrame(), [], 1)


def sample_dataset() -> Dataset:
    """Four events in three cities and the unknown one: a point, a shared company, a since, a range."""
    return dataset([
        make_event(1, "2022-04-01", "吴忠", ["国能集团"], summary="核酸检测 Testing"),
        make_event(2, "2022-04-10", "渭南", ["国能集团", "华药集团"]),
        make_event(3, "2022-05-01", None, [], kind="since", basis="unknown"),
        make_event(4, "2022-03-01", "西安", ["华药集团"], kind="range", date_end="2022-04-05"),
    ])
