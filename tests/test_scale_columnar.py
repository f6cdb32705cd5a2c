"""The columnar store: the Parquet round trip, and the DuckDB questions the large-store dashboard asks."""
from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.dataset as ds
import pytest

from bench.synthetic_columnar import write_synthetic_columnar
from dashboard.cities import UNKNOWN_CITY, city_key
from dashboard.columnar import ColumnarSource
from dashboard.data import CERTAIN_YEAR_BASES
from dashboard.filters import Filters
from extract.columnar import EVENTS_DIR, export_store, is_columnar_store, read_events
from extract.models import Event
from extract.pipeline import scan
from extract.store import Store

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite") / "s.sqlite"
    with Store(path) as store:
        scan([ROOT / "seeds"], store)
    return path


@pytest.fixture(scope="module")
def exported(seeds_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("columnar") / "store"
    with Store(seeds_store) as store:
        export_store(store, target)
    return target


def test_parquet_round_trip_gives_back_every_event_of_the_seeds_in_store_order(seeds_store, exported):
    with Store(seeds_store) as store:
        assert read_events(exported) == store.events()


def test_every_field_of_event_is_a_column(exported):
    columns = set(ds.dataset(exported / EVENTS_DIR, partitioning="hive").schema.names)
    assert {f.name for f in dataclasses.fields(Event)} <= columns


def test_events_are_partitioned_by_city_and_year(exported):
    """吴忠 events of 2022 live under city=吴忠/year=2022 (the folder name is URL-encoded)."""
    folders = {p.relative_to(exported / EVENTS_DIR).as_posix() for p in (exported / EVENTS_DIR).glob("*/*")}
    assert "city=%E5%90%B4%E5%BF%A0/year=2022" in folders  # 吴忠
    assert any(f.startswith("city=__HIVE_DEFAULT_PARTITION__/") for f in folders)  # events without a city


def test_exporting_again_replaces_the_store_whole(seeds_store, tmp_path):
    target = tmp_path / "store"
    (target / EVENTS_DIR / "city=gone").mkdir(parents=True)
    with Store(seeds_store) as store:
        export_store(store, target)
        assert read_events(target) == store.events()
    assert not (target / EVENTS_DIR / "city=gone").exists()


def test_cli_writes_the_columnar_store(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "extract", str(ROOT / "seeds"), "--store", str(tmp_path / "s.sqlite"), "-q",
         "--workers", "1", "--parquet", str(tmp_path / "columnar")],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "(Parquet, partitioned by city and year)" in done.stdout
    assert is_columnar_store(tmp_path / "columnar")


# --- the dashboard's questions, checked against pandas on the same events ------

@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[ColumnarSource, pd.DataFrame]:
    folder = tmp_path_factory.mktemp("synthetic") / "store"
    write_synthetic_columnar(folder, 30_000, n_cities=40)
    events = pd.DataFrame(read_events(folder))
    events["city_key"] = events["city"].map(city_key)
    return ColumnarSource(folder), events


def expected_mask(events: pd.DataFrame, filters: Filters) -> pd.Series:
    mask = pd.Series(True, index=events.index)
    if filters.cities:
        mask &= events["city_key"].isin(filters.cities)
    if filters.companies:
        mask &= events["companies"].map(lambda names: bool(set(names) & set(filters.companies)))
    if filters.start:
        mask &= events["date_end"].fillna(events["date"]) >= filters.start.isoformat()
    if filters.end:
        mask &= events["date"] <= filters.end.isoformat()
    if filters.kinds:
        mask &= events["kind"].isin(filters.kinds)
    if filters.certain_only:
        mask &= events["year_basis"].isin(CERTAIN_YEAR_BASES)
    if filters.text:
        mask &= (events["summary"] + "\n" + events["passage"]).str.lower().str.contains(filters.text.lower(), regex=False)
    return mask


FILTERS = {
    "everything": Filters(),
    "one city": Filters(cities=("东州",)),
    "events without a city": Filters(cities=(UNKNOWN_CITY,)),
    "one company": Filters(companies=("国能集团",)),
    "a date range": Filters(start=dt.date(2021, 6, 1), end=dt.date(2021, 6, 30)),
    "ranges only": Filters(kinds=("range",)),
    "certain years": Filters(certain_only=True),
    "text 第12项": Filters(text="第12项"),
    "city and company": Filters(cities=("东州", "东阳"), companies=("国能集团", "华药集团")),
}


def test_overview_counts_events_per_city_and_company(synthetic):
    source, events = synthetic
    overview = source.overview()
    assert overview.total == len(events)
    assert overview.cities.to_dict() == events["city_key"].value_counts().to_dict()
    assert overview.companies.to_dict() == events["companies"].explode().dropna().value_counts().to_dict()
    assert overview.first_day.isoformat() == events["date"].min()


@pytest.mark.parametrize("name", FILTERS)
def test_count_matches_the_same_filter_in_pandas(synthetic, name):
    source, events = synthetic
    matching = events[expected_mask(events, FILTERS[name])]
    assert source.count(FILTERS[name]) == (len(matching), matching["city_key"].nunique(), matching["doc_hash"].nunique())


@pytest.mark.parametrize("name", ["everything", "one city", "certain years", "one company"])
def test_period_counts_add_up_to_the_matching_events_and_stay_under_the_marker_limit(synthetic, name):
    source, events = synthetic
    period, counts = source.period_counts(FILTERS[name], max_markers=500)
    assert counts["n"].sum() == expected_mask(events, FILTERS[name]).sum()
    assert len(counts) <= 500 or period == "year"


def test_period_counts_of_one_city_by_day_are_its_events_per_day(synthetic):
    source, events = synthetic
    period, counts = source.period_counts(Filters(cities=("东州",)), max_markers=10_000)
    assert period == "day"
    expected = events[events["city_key"] == "东州"].groupby("date").size()
    got = counts.set_index(counts["bin"].astype(str))["n"]
    assert got.to_dict() == expected.to_dict()


def test_period_marker_takes_the_company_most_of_its_events_name_first(synthetic):
    source, events = synthetic
    _, counts = source.period_counts(Filters(cities=("东州",)), max_markers=10_000)
    day = counts.sort_values("n").iloc[-1]
    firsts = events[(events["city_key"] == "东州") & (events["date"] == str(day["bin"])[:10])]["companies"].map(
        lambda names: names[0] if names else None).value_counts()
    assert firsts[day["company"]] == firsts.max()


def test_a_page_of_events_is_in_date_order_without_passages(synthetic):
    source, events = synthetic
    page = source.events(FILTERS["one city"], limit=50, offset=10)
    expected = events[expected_mask(events, FILTERS["one city"])].sort_values(["date", "id"]).iloc[10:60]
    assert page["id"].tolist() == expected["id"].tolist()
    assert "passage" not in page.columns


def test_passages_are_read_for_the_selected_events(synthetic):
    source, events = synthetic
    chosen = events.sample(5, random_state=1)
    rows = source.events_by_id(chosen["id"].tolist())
    assert dict(zip(rows["id"], rows["passage"])) == dict(zip(chosen["id"], chosen["passage"]))


def test_a_marker_stands_for_its_city_events_in_its_period(synthetic):
    source, events = synthetic
    ids = source.ids_in(Filters(), "东州", dt.date(2021, 3, 1), dt.date(2021, 3, 31), limit=10_000)
    expected = events[(events["city_key"] == "东州") & events["date"].between("2021-03-01", "2021-03-31")]
    assert sorted(ids) == sorted(expected["id"])


def test_the_report_text_is_read_for_one_report(exported):
    source = ColumnarSource(exported)
    doc_hash = read_events(exported)[0]["doc_hash"]
    report = source.report(doc_hash)
    assert report is not None and "2022" in report["text"]
    assert source.report("no such hash") is None


def test_a_store_written_by_another_tool_gets_its_index_on_first_open(exported, tmp_path):
    copy = tmp_path / "store"
    shutil.copytree(exported / EVENTS_DIR, copy / EVENTS_DIR)
    shutil.copy(exported / "reports.parquet", copy / "reports.parquet")
    assert ColumnarSource(copy).overview().total == len(read_events(exported))
