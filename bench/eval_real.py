"""Score the engine on the gold sets of real reports with the shared scorers.

    python bench/eval_real.py [SET ...]      # default: every set under tests/real/ and tests/peers/

Each set is a folder with ``docs/`` and ``gold.json`` (../shared/eval/GOLD_FORMAT.md). The
engine runs as a user runs it (``python -m extract DOCS --jsonl``), then ../shared/eval/score.py
and event_orgs.py score the events; one line per set and one for all sets pooled. The last column,
title_accuracy, compares each report's title in the store with the gold ``title``: equal after both
are normalised as the engine normalises text (simplified script, converter garbage dropped) and
stripped of blanks, or both empty (gold "" means the text has no headline).
"""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "eval"
DEFAULT_SETS = sorted((ROOT / "tests" / "real").glob("*/gold.json")) + [ROOT / "tests" / "peers" / "gold.json"]


def figures(gold: Path, events: Path) -> dict[str, float]:
    out: dict[str, float] = {}
    for script in ("score.py", "event_orgs.py"):
        run = subprocess.run([sys.executable, str(SHARED / script), str(gold), str(events)], capture_output=True, text=True)
        last = run.stdout.strip().splitlines()[-1]
        out.update({k: float(v) for k, v in (pair.split("=") for pair in last.split())})
    return out


def title_accuracy(gold: list[dict], store: Path) -> float:
    """Share of reports whose stored title is the gold one (see the module docstring)."""
    sys.path.insert(0, str(ROOT))
    from extract.normalize import normalize

    with sqlite3.connect(store) as db:
        titles = dict(db.execute("SELECT files.name, reports.title FROM files JOIN reports USING (doc_hash)").fetchall())

    def bare(title: str) -> str:
        return "".join(normalize(title).text.split())

    return sum(bare(titles.get(g["doc"], "")) == bare(g["title"] or "") for g in gold) / len(gold) if gold else float("nan")


def extract(docs: Path, tmp: Path, name: str) -> Path:
    events = tmp / f"{name}.jsonl"
    subprocess.run(
        [sys.executable, "-m", "extract", str(docs), "--jsonl", str(events), "--store", str(tmp / f"{name}.sqlite"), "-q"],
        cwd=ROOT, check=False, capture_output=True,
    )
    return events


def main(argv: list[str]) -> int:
    if not SHARED.is_dir():
        print(f"needs the shared scorers in {SHARED}")
        return 2
    sets = [Path(a) / "gold.json" if Path(a).is_dir() else Path(a) for a in argv] or DEFAULT_SETS
    keys = ["mention_f1", "month_day_accuracy", "full_date_accuracy", "city_accuracy", "organisation_recall",
            "event_org_precision", "event_org_recall", "companies_per_event", "title_accuracy"]
    print(f"{'set':<14}" + "".join(f"{k[:18]:>20}" for k in keys))
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        pooled_gold, pooled_events, pooled_titles = [], [], []
        for gold in sets:
            name = gold.parent.name
            events = extract(gold.parent / "docs", tmp, name)
            row = figures(gold, events)
            documents = json.loads(gold.read_text(encoding="utf-8"))
            if all("title" in g for g in documents):
                row["title_accuracy"] = title_accuracy(documents, tmp / f"{name}.sqlite")
            print(f"{name:<14}" + "".join(f"{row.get(k, float('nan')):>20.3f}" for k in keys))
            if name != "peers":
                pooled_gold += documents
                pooled_titles.append(row.get("title_accuracy", float("nan")) * len(documents))
                pooled_events += events.read_text(encoding="utf-8").splitlines()
        if len(pooled_gold) and len(sets) > 1:
            (tmp / "all.json").write_text(json.dumps(pooled_gold, ensure_ascii=False), encoding="utf-8")
            (tmp / "all.jsonl").write_text("\n".join(pooled_events) + "\n", encoding="utf-8")
            row = figures(tmp / "all.json", tmp / "all.jsonl")
            row["title_accuracy"] = sum(pooled_titles) / len(pooled_gold)
            print(f"{'real, pooled':<14}" + "".join(f"{row.get(k, float('nan')):>20.3f}" for k in keys))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
