"""The real app (streamlit_app.py) opened on a columnar store, headless through AppTest."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from bench.synthetic_columnar import write_synthetic_columnar
from extract.columnar import export_store
from extract.pipeline import scan
from extract.store import Store

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def seeds_columnar(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("columnar")
    with Store(folder / "s.sqlite") as store:
        scan([ROOT / "seeds"], store)
        export_store(store, folder / "store")
    return folder / "store"


@pytest.fixture(scope="module")
def large_columnar(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("large") / "store"
    write_synthetic_columnar(folder, 20_000, n_cities=30)
    return folder


def start(store: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("TIMELINE_STORE", str(store))
    monkeypatch.setenv("TIMELINE_SEEDS", str(store.parent / "no-seeds"))
    return AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120).run()


def city_widget(app: AppTest):
    return next(w for w in app.sidebar.multiselect if w.label == "City")


def test_a_columnar_store_opens_with_every_city_and_a_timeline(seeds_columnar, monkeypatch):
    app = start(seeds_columnar, monkeypatch)
    assert not app.exception
    assert any(o.startswith("吴忠 Wuzhong") for o in city_widget(app).options)
    assert len(app.get("plotly_chart")) == 1
    assert not (seeds_columnar.parent / "no-seeds").exists()  # nothing was extracted: the store is only read


def test_choosing_a_city_leaves_only_its_events_in_the_table(seeds_columnar, monkeypatch):
    app = start(seeds_columnar, monkeypatch)
    city_widget(app).set_value(["吴忠"])
    app = app.run()
    assert not app.exception
    assert set(app.dataframe[0].value["City"]) == {"吴忠 Wuzhong"}
    assert app.query_params["city"] == "吴忠"


def test_many_events_are_drawn_as_counts_per_city_and_period(large_columnar, monkeypatch):
    app = start(large_columnar, monkeypatch)
    assert not app.exception
    assert any("Each marker is one city's events in one" in c.value for c in app.caption)
    assert any(c.value.startswith("20,000 of 20,000 events") for c in app.caption)
    assert len(app.dataframe[0].value) == 2000  # one page of the table, not every event
