"""Scale: extraction on 1, 2 and all local cores and on a local Dask cluster; the columnar store's dashboard.

Extraction: 2,000 reports generated from the seeds (bench/corpus.py), each run a
whole `python -m extract` process; wall time, peak memory of the process and its
workers, and a digest of the stored events, which must be the same for every run.
Target: 2 workers at least 1.6x faster than 1.

Dashboard: columnar stores of 1M and 10M synthetic events (bench/synthetic_columnar.py,
written once into --out). Each size is measured in a fresh process: the first paint
(open the store, overview, count, timeline, its JSON, the table page and the
first passages) and the redraw after each typical filter change, with the peak
memory of that process. Targets at 10M: first paint <= 5 s, redraw <= 1 s, <= 4 GB.

    python bench/bench_scale.py [--out bench/out] [--reports 2000] [--sizes 1000000 10000000]
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil  # comes with Dask distributed

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MIN_SPEEDUP = 1.6
MAX_FIRST_PAINT = 5.0
MAX_REDRAW = 1.0
MAX_MEMORY_GB = 4.0
REPEATS = 3


# --- extraction ----------------------------------------------------------------

def peak_rss_of(process: subprocess.Popen) -> tuple[float, float]:
    """Wait for ``process``; (seconds, peak resident memory in GiB of it and its children, sampled)."""
    start = time.perf_counter()
    peak = 0
    parent = psutil.Process(process.pid)
    while process.poll() is None:
        try:
            tree = [parent, *parent.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.05)
    return time.perf_counter() - start, peak / 2**30


def events_digest(store: Path) -> tuple[int, str]:
    from extract.store import Store

    with Store(store) as db:
        events = [{k: v for k, v in ev.items() if k != "id"} for ev in db.events()]
    return len(events), hashlib.sha256(json.dumps(events, ensure_ascii=False).encode()).hexdigest()[:16]


def run_extract(corpus: Path, store: Path, options: list[str]) -> tuple[float, float]:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{store}{suffix}").unlink(missing_ok=True)
    process = subprocess.Popen([sys.executable, "-m", "extract", str(corpus), "--store", str(store), "-q", *options],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seconds, memory = peak_rss_of(process)
    if process.returncode != 0:
        raise SystemExit(f"extraction {options} failed: {process.stderr.read().decode()}")
    return seconds, memory


def bench_extraction(n_reports: int) -> bool:
    from bench.corpus import generate_reports

    cores = os.cpu_count() or 1
    runs = {"1 worker": ["--workers", "1"], "2 workers": ["--workers", "2"]}
    if cores != 2:
        runs[f"all {cores} workers"] = ["--workers", str(cores)]
    runs["Dask local cluster, 2 workers"] = ["--cluster", "auto", "--workers", "2"]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "reports"
        corpus.mkdir()
        chars = 0
        for name, text in generate_reports(n_reports):
            (corpus / name).write_text(text, encoding="utf-8")
            chars += len(text)
        print(f"Extraction of {n_reports:,} reports ({chars / 1e6:.1f}M characters), whole process, best of {REPEATS}:")
        results = {}
        for label, options in runs.items():
            store = Path(tmp) / "store.sqlite"
            times = []
            memory = 0.0
            for _ in range(REPEATS):
                seconds, peak = run_extract(corpus, store, options)
                times.append(seconds)
                memory = max(memory, peak)
            results[label] = (min(times), memory, events_digest(store))
            n, digest = results[label][2]
            print(f"  {label:<32} {min(times):6.2f} s  {chars / min(times) / 1e6:5.2f}M chars/s  "
                  f"peak {memory * 1024:6.0f} MiB  {n:,} events, digest {digest}")
    one, two = results["1 worker"][0], results["2 workers"][0]
    same = len({r[2] for r in results.values()}) == 1
    speedup = one / two
    print(f"  speedup with 2 workers x{speedup:.2f} (target >= x{MIN_SPEEDUP}); "
          f"Dask cluster x{one / results['Dask local cluster, 2 workers'][0]:.2f}; "
          f"events identical in every run: {'yes' if same else 'NO'}")
    return speedup >= MIN_SPEEDUP and same


# --- dashboard on the columnar store ------------------------------------------------

def measure_dashboard(folder: Path) -> dict:
    """In this process: first paint, then each filter change; run in a fresh process per store size."""
    import plotly.io

    from dashboard.columnar import ColumnarSource
    from dashboard.filters import Filters
    from dashboard.large import PASSAGES_PER_PAGE, TABLE_ROWS, frame, view

    def draw(source: ColumnarSource, filters: Filters) -> int:
        total = source.count(filters)[0]
        chart, _, _ = view(source, filters, total)
        size = len(plotly.io.to_json(chart.figure, validate=False))
        frame(source.events(filters, TABLE_ROWS))
        frame(source.events(filters, PASSAGES_PER_PAGE, with_passages=True))
        return size

    start = time.perf_counter()
    source = ColumnarSource(folder)
    overview = source.overview()
    draw(source, Filters())
    first_paint = time.perf_counter() - start
    city, company = overview.cities.index[0], overview.companies.index[0]
    changes = {
        "choose a city": Filters(cities=(city,)),
        "choose a company": Filters(companies=(company,)),
        "a month of dates": Filters(start=dt.date(2022, 3, 1), end=dt.date(2022, 3, 31)),
        "only certain years": Filters(certain_only=True),
        "ranges only": Filters(kinds=("range",)),
        "search text": Filters(text="第12345项"),
    }
    redraws = {}
    for name, filters in changes.items():
        times = []
        for _ in range(REPEATS):
            fresh = ColumnarSource(folder)  # no match remembered from the run before: every redraw is a first
            begin = time.perf_counter()
            draw(fresh, filters)
            times.append(time.perf_counter() - begin)
        redraws[name] = statistics.median(times)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20  # KiB -> GiB
    return {"events": overview.total, "first_paint": first_paint, "redraws": redraws, "peak_gb": peak}


def bench_dashboard(out: Path, sizes: list[int]) -> bool:
    from bench.synthetic_columnar import write_synthetic_columnar

    ok = True
    print("\nDashboard data layer on the columnar store (fresh process per size; redraw = median of "
          f"{REPEATS}):")
    for size in sizes:
        folder = out / f"columnar_{size}_events"
        if not (folder / "index.duckdb").exists():
            begin = time.perf_counter()
            write_synthetic_columnar(folder, size)
            print(f"  (wrote {size:,} synthetic events and their index in {time.perf_counter() - begin:.0f} s)")
        done = subprocess.run([sys.executable, __file__, "--measure-dashboard", str(folder)], cwd=ROOT,
                              capture_output=True, text=True, check=True)
        result = json.loads(done.stdout.strip().splitlines()[-1])
        worst = max(result["redraws"].values())
        print(f"  {result['events']:>10,} events: first paint {result['first_paint']:.2f} s, peak memory "
              f"{result['peak_gb']:.2f} GiB, worst redraw {worst:.2f} s")
        for name, seconds in result["redraws"].items():
            print(f"      redraw after {name:<20} {seconds * 1000:7.0f} ms")
        if size >= 10_000_000:
            met = result["first_paint"] <= MAX_FIRST_PAINT and worst <= MAX_REDRAW and result["peak_gb"] <= MAX_MEMORY_GB
            print(f"    targets (first paint <= {MAX_FIRST_PAINT:.0f} s, redraw <= {MAX_REDRAW:.0f} s, "
                  f"<= {MAX_MEMORY_GB:.0f} GB): {'OK' if met else 'NOT MET'}")
            ok &= met
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "out")
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_000_000, 10_000_000])
    parser.add_argument("--skip-extraction", action="store_true")
    parser.add_argument("--measure-dashboard", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_dashboard:
        print(json.dumps(measure_dashboard(args.measure_dashboard)))
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    ok = True if args.skip_extraction else bench_extraction(args.reports)
    ok &= bench_dashboard(args.out, args.sizes)
    print(f"\n{'all targets met' if ok else 'SOME TARGETS NOT MET'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
