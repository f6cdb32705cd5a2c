"""Dashboard speed on generated stores: 100,000 events over 300 cities against 1,000 events.

Measures the load (store -> frames, what happens once per store write) and the
redraw after a filter change (mask, colour groups, chart, and the figure
validation + JSON encoding that st.plotly_chart does), then prints the ratios.
Redraw at 100,000 must be within 3x of redraw at 1,000; the exit code says so.

    python -m bench.bench_dashboard [--out bench/out] [--repeats 7]

On a machine shared with other work, more repeats give steadier figures (the best run is kept).
"""
from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import plotly.io
import plotly.tools

from dashboard.charts import filtered_timeline
from dashboard.data import Dataset, load_dataset
from dashboard.filters import Filters
from bench.synthetic import write_synthetic_store

SIZES = (1_000, 100_000)
CITIES = 300
REPEATS = 7
MAX_RATIO = 3.0


def redraw(data: Dataset, filters: Filters) -> int:
    """Everything a rerun does after a filter change, up to the bytes sent to the browser."""
    _, chart = filtered_timeline(data, filters)
    figure = plotly.tools.return_figure_from_figure_or_data(chart.figure, validate_figure=True)
    return len(plotly.io.to_json(figure, validate=False))


def best_seconds(action: Callable[[], object], repeats: int = REPEATS) -> float:
    """Fastest of ``repeats`` runs after a warm-up: the least disturbed by whatever else the machine does."""
    action()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def filter_changes(data: Dataset) -> dict[str, Filters]:
    """Typical sidebar changes: one city, one company, a text search, and hiding uncertain years (keeps most)."""
    city = data.events["city_key"].value_counts().index[0]
    company = data.event_companies.value_counts().index[0]
    return {
        "choose a city": Filters(cities=(city,)),
        "choose a company": Filters(companies=(company,)),
        "search text": Filters(text="第1项"),
        "only certain years": Filters(certain_only=True),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "out")
    parser.add_argument("--repeats", type=int, default=REPEATS, help="timed runs of each redraw; the best is kept")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    results: dict[int, dict[str, float]] = {}
    for size in SIZES:
        store = args.out / f"bench_{size}_events_{CITIES}_cities.sqlite"
        if not store.exists():
            write_synthetic_store(store, size, CITIES)
        data = load_dataset(store)
        row = {"load": best_seconds(lambda: load_dataset(store), repeats=3)}
        for name, filters in filter_changes(data).items():
            row[name] = best_seconds(lambda: redraw(data, filters), args.repeats)
        results[size] = row
        print(f"{size:>7,} events: " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in row.items()))
    small, large = (results[s] for s in SIZES)
    print(f"\nratio {SIZES[1]:,} / {SIZES[0]:,} events:")
    worst = 0.0
    for name in small:
        ratio = large[name] / small[name]
        if name != "load":
            worst = max(worst, ratio)
        print(f"  {name:<20} {small[name] * 1000:8.1f} ms -> {large[name] * 1000:8.1f} ms   x{ratio:.2f}")
    verdict = "OK" if worst <= MAX_RATIO else "TOO SLOW"
    print(f"\nworst redraw ratio x{worst:.2f} (limit x{MAX_RATIO:.0f}): {verdict}")
    return 0 if worst <= MAX_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
