"""Shared fixtures: a private copy of the seeds for the app, and a small events dataset."""
import shutil
from pathlib import Path

import pytest

from bench.synthetic import sample_dataset
from dashboard.data import Dataset

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def seeds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of seeds/ and a private store, so the repository's data is never touched."""
    folder = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", folder)
    monkeypatch.setenv("TIMELINE_SEEDS", str(folder))
    monkeypatch.setenv("TIMELINE_STORE", str(tmp_path / "store" / "timeline.sqlite"))
    return folder


@pytest.fixture
def sample_data() -> Dataset:
    return sample_dataset()
