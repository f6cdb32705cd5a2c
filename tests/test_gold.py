"""The engine against gold annotations, scored by the shared scorer.

The seeds' gold is the issue's bar. The two sets under tests/heldout*/ were annotated
independently of the engine's rules, in other cities and years; the engine has since been
fixed on what they showed, so they guard against regressions rather than measure novelty.
The real development set (tests/real/, 112 scraped pages) is held to the figures it reaches now,
so a change that loses ground on real reports fails here (bench/eval_real.py prints them all).

Without ../shared (a clone of the project alone) these tests are skipped with the reason;
in CI (CI set), where ../shared is always checked out beside the project, they fail instead.
"""
import importlib.util
import json
import os
from pathlib import Path

import pytest

from extract.pipeline import extract_report

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
GOLD_SETS = {
    "seeds": (EVAL / "seeds_gold.json", ROOT / "seeds"),
    "heldout": (ROOT / "tests" / "heldout" / "heldout_gold.json", ROOT / "tests" / "heldout" / "docs"),
    "heldout2": (ROOT / "tests" / "heldout2" / "heldout2_gold.json", ROOT / "tests" / "heldout2" / "docs"),
}
REAL_SETS = sorted(p.parent for p in (ROOT / "tests" / "real").glob("*/gold.json"))
# What the real development set reaches now, pooled, a little below: a regression guard, not the bar.
# Each set added was scored first as unseen, so a new set may lower these (mixed3 took the city to 0.876).
REAL_FLOOR = {
    "mention_f1": 0.97,
    "month_day_accuracy": 0.98,
    "full_date_accuracy": 0.97,
    "city_accuracy": 0.87,
    "organisation_recall": 0.84,
}
BAR = {
    "mention_f1": 0.95,
    "month_day_accuracy": 0.98,
    "full_date_accuracy": 0.95,
    "city_accuracy": 1.0,
    "organisation_recall": 0.9,
}


@pytest.fixture(scope="module")
def scorer():
    if not (EVAL / "score.py").exists():
        reason = f"the shared scorer is missing: {EVAL} (CI checks out ../shared beside the project)"
        pytest.fail(reason) if os.environ.get("CI") else pytest.skip(reason)
    spec = importlib.util.spec_from_file_location("score", EVAL / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module", params=list(GOLD_SETS))
def scores(request, scorer):
    gold_path, docs = GOLD_SETS[request.param]
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    events = {
        doc["doc"]: [e.to_dict() for e in extract_report((docs / doc["doc"]).read_bytes(), doc["doc"]).events]
        for doc in gold
    }
    return scorer.score(gold, events)


@pytest.mark.parametrize("figure", list(BAR))
def test_gold_figure_meets_the_bar(scores, figure):
    """Mention F1 ≥ 0.95, month-day ≥ 0.98, full date ≥ 0.95, city 1.0, organisations ≥ 0.9."""
    assert scores[figure] >= BAR[figure], scores["per_doc"]


@pytest.fixture(scope="module")
def real_scores(scorer):
    gold = [doc for folder in REAL_SETS for doc in json.loads((folder / "gold.json").read_text(encoding="utf-8"))]
    docs = {doc["doc"]: folder / "docs" / doc["doc"] for folder in REAL_SETS
            for doc in json.loads((folder / "gold.json").read_text(encoding="utf-8"))}
    events = {name: [e.to_dict() for e in extract_report(path.read_bytes(), name).events] for name, path in docs.items()}
    return scorer.score(gold, events)


@pytest.mark.parametrize("figure", list(REAL_FLOOR))
def test_real_reports_keep_their_figures(real_scores, figure):
    """Pooled over the 178 real reports: F1 ≥ 0.97, month-day ≥ 0.98, full date ≥ 0.97, city ≥ 0.87, organisations ≥ 0.84."""
    assert real_scores[figure] >= REAL_FLOOR[figure], {k: v for k, v in real_scores.items() if k != "per_doc"}
