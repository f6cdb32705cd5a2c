"""The seeds against the shared gold annotation, scored by the shared scorer."""
import importlib.util
import json
from pathlib import Path

import pytest

from extract.pipeline import extract_report

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"


@pytest.fixture(scope="module")
def scores():
    if not (EVAL / "score.py").exists():
        pytest.fail(f"the shared gold is missing: {EVAL} (CI checks out ../shared beside the project)")
    spec = importlib.util.spec_from_file_location("score", EVAL / "score.py")
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    gold = json.loads((EVAL / "seeds_gold.json").read_text(encoding="utf-8"))
    events: dict[str, list[dict]] = {}
    for doc in gold:
        path = ROOT / "seeds" / doc["doc"]
        events[doc["doc"]] = [e.to_dict() for e in extract_report(path.read_bytes(), path.name).events]
    return scorer.score(gold, events)


def test_seed_mentions_f1_is_at_least_095(scores):
    assert scores["mention_f1"] >= 0.95, scores["per_doc"]


def test_seed_month_day_accuracy_is_at_least_098(scores):
    assert scores["month_day_accuracy"] >= 0.98


def test_seed_full_date_accuracy_is_at_least_095(scores):
    assert scores["full_date_accuracy"] >= 0.95


def test_seed_city_accuracy_is_perfect(scores):
    assert scores["city_accuracy"] == 1.0, scores["per_doc"]


def test_seed_organisation_recall_is_at_least_09(scores):
    assert scores["organisation_recall"] >= 0.9, scores["per_doc"]
