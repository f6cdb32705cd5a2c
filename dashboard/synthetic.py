"""Generated reports for benchmarks and tests: realistic shapes and sizes, no real text needed."""
from __future__ import annotations

import datetime as dt
import hashlib
import random
from pathlib import Path

from extract.models import Event, ReportFacts, ReportResult
from extract.store import Store

_FIRST = "东西南北中安长新华江河山海天青白金龙凤平"
_SECOND = "州阳宁川城林原德庆台水丰和兴安"
_COMPANIES = [f"{a}{b}集团" for a in "国华中泰恒信达远鸿瑞" for b in "能药运通建"]
_KINDS = ("point", "point", "point", "since", "until", "range", "published")
_BASES = ("explicit", "explicit", "published", "context", "unknown")
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
