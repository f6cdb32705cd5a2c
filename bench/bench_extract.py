"""Throughput, memory and accuracy of the extraction engine against JioNLP and dateparser.

Measures, in one run:
  * characters per second of the whole engine (``extract_report``: decode, normalise,
    dates, city, organisations, events) over >= 2,000 reports generated from the seeds
    (bench/corpus.py), and of JioNLP's ``extract_time`` and dateparser's
    ``search_dates`` on the same generated texts;
  * peak RSS growth while the engine streams through N/4, N/2 and N reports, each result
    dropped as soon as it is made (as a scan into the store does): it must stay flat,
    i.e. grow less than 2 KiB a report from N/4 to N;
  * mention precision/recall/F1 and month-day accuracy of all three on the seeds gold,
    scored by ../shared/eval/score.py.

The peers run on a fixed, seeded random sample of the generated reports, not on all of
them: at their speeds (dateparser about 0.06M chars/s) the full corpus would take many
minutes. The engine is timed on that same sample too, and the speed ratios compare the
three on exactly the same texts.

Exits 1 when the engine is less than 5x faster than JioNLP on the sample, when memory
grows with the number of reports, when the engine fails on a generated report, or when
the engine is less accurate than JioNLP on the gold; the figures are printed either way.

    python bench/bench_extract.py [--reports 2000] [--peer-sample 150] [--quick]
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import importlib.util
import io
import json
import logging
import random
import resource
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from bench.corpus import DEFAULT_CORPUS_SEED, DEFAULT_SEED_DIR, iter_reports, make_report  # noqa: E402
from extract.pipeline import extract_report  # noqa: E402

DEFAULT_GOLD = REPO_ROOT.parent / "shared" / "eval" / "seeds_gold.json"
DEFAULT_SCORER = REPO_ROOT.parent / "shared" / "eval" / "score.py"
DEFAULT_REPORTS = 2000
DEFAULT_PEER_SAMPLE = 150
QUICK_REPORTS = 200
QUICK_PEER_SAMPLE = 20
SAMPLE_SEED = 7
SAMPLE_ROUNDS = 3

MIN_SPEEDUP_OVER_JIONLP = 5.0
# Flat memory: between N/4 and N reports the peak RSS may grow by at most this much per
# report (2 KiB a report is 200 MB over a 100,000-report store), or by the noise floor of
# RSS readings (pages, allocator arenas), whichever is larger. A leak of one result
# (~15 KiB) per report fails it from a few hundred reports on.
MAX_GROWTH_KIB_PER_REPORT = 2.0
MEMORY_NOISE_MIB = 2.0
# Peers get a time base; when the gold gives neither a publication date nor a year, this.
FALLBACK_TIME_BASE = dt.datetime(2022, 7, 1)
# JioNLP's own labels for durations and frequencies (24小时, 每天): not calendar dates.
JIONLP_DATE_TYPES = ("time_point", "time_span")

ENGINE = "engine (extract_report)"
JIONLP = "JioNLP extract_time"
DATEPARSER = "dateparser search_dates"

MIB = 2**20


# ---------------------------------------------------------------- peers

@dataclass
class PeerRun:
    """One peer system: how to call it on a text with a time base, in the scorer's event form."""

    name: str
    dates: Callable[[str, str, dt.datetime], list[dict]]


def load_peers() -> list[PeerRun]:
    """JioNLP and dateparser, imported quietly: JioNLP prints a banner and logs parse errors."""
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        import jionlp  # noqa: F401  (imported for its side effect of loading now, not mid-timing)
        import dateparser.search  # noqa: F401
    return [PeerRun(JIONLP, jionlp_events), PeerRun(DATEPARSER, dateparser_events)]


def jionlp_events(text: str, doc: str, base: dt.datetime) -> list[dict]:
    """JioNLP's date entities (durations and frequencies dropped) with the offsets it returns."""
    import jionlp

    events = []
    for entity in jionlp.ner.extract_time(text, time_base=base, with_parsing=True):
        if entity["type"] not in JIONLP_DATE_TYPES:
            continue
        start, end = entity["offset"]
        when = entity.get("detail", {}).get("time") or [""]
        events.append({"doc": doc, "start": start, "end": end, "date": str(when[0])[:10]})
    return events


def dateparser_events(text: str, doc: str, base: dt.datetime) -> list[dict]:
    """dateparser's matches; it gives no offsets, so each substring is found after the previous one."""
    from dateparser.search import search_dates

    found = search_dates(text, languages=["zh"], settings={"RELATIVE_BASE": base}) or []
    events, cursor = [], 0
    for substring, when in found:
        start = text.find(substring, cursor)
        if start == -1:
            start = text.find(substring)
        if start == -1:
            continue
        cursor = start + len(substring)
        events.append({"doc": doc, "start": start, "end": cursor, "date": when.date().isoformat()})
    return events


# ---------------------------------------------------------------- throughput

@dataclass
class Timing:
    """What one system processed and the CPU time its calls took (generation and encoding excluded)."""

    system: str
    reports: int = 0
    chars: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    @property
    def chars_per_second(self) -> float:
        return self.chars / self.seconds if self.seconds else 0.0

    def add(self, chars: int, seconds: float) -> None:
        self.reports += 1
        self.chars += chars
        self.seconds += seconds


@dataclass
class MemoryPoint:
    reports: int
    peak_growth_mib: float
    current_growth_mib: float


def time_side_by_side(systems: Sequence[tuple[str, Callable[[str, str, bytes], object]]],
                      reports: Sequence[tuple[str, str]], rounds: int = SAMPLE_ROUNDS) -> list[Timing]:
    """Each system over the whole sample in turn, for several rounds, timed in CPU seconds; each system's
    best round counts.

    One tool over a pile of reports is how a user runs it: report by report turns between the three
    would leave each one's caches to the others (the engine ran 30% slower so). Rounds in turn and CPU
    time rather than wall time keep the ratios fair on a shared machine, where another process may take
    the core for a while.
    """
    best: list[Timing | None] = [None] * len(systems)
    for _ in range(rounds):
        for i, (label, run) in enumerate(systems):
            timing = Timing(label)
            for name, text in reports:
                data = text.encode("utf-8")
                started = time.process_time()
                try:
                    run(name, text, data)
                except Exception as exc:  # noqa: BLE001  (a failure is a finding, not a reason to stop)
                    timing.errors.append(f"{name}: {exc!r}")
                timing.add(len(text), time.process_time() - started)
            if best[i] is None or timing.seconds < best[i].seconds:
                best[i] = timing
    return [t for t in best if t is not None]


def sample_systems(peers: Sequence[PeerRun]) -> list[tuple[str, Callable[[str, str, bytes], object]]]:
    """The engine (bytes in, as from a file) and each peer (text in, fixed time base)."""
    systems: list[tuple[str, Callable[[str, str, bytes], object]]] = [
        (f"{ENGINE}, sample", lambda name, text, data: extract_report(data, name))]
    for peer in peers:
        systems.append((peer.name, lambda name, text, data, p=peer: p.dates(text, name, FALLBACK_TIME_BASE)))
    return systems


def stream_engine(count: int, corpus_seed: int, checkpoints: Sequence[int]) -> tuple[Timing, list[MemoryPoint]]:
    """The engine over ``count`` generated reports, one at a time, each result dropped at once.

    Reports are generated inside the loop (untimed) so the corpus is never held; peak RSS
    is read at each checkpoint, relative to a baseline taken after the warm-up.
    """
    timing = Timing(ENGINE)
    gc.collect()
    baseline_peak, baseline_current = _reset_peak_rss(), _current_rss()
    points, wanted = [], sorted(set(checkpoints))
    for index, (name, text) in enumerate(iter_reports(count, corpus_seed), 1):
        data = text.encode("utf-8")
        started = time.process_time()
        try:
            result = extract_report(data, name)
            del result
        except Exception as exc:  # noqa: BLE001
            timing.errors.append(f"report {index - 1} ({name}): {exc!r}\n{traceback.format_exc(limit=-3)}")
        timing.add(len(text), time.process_time() - started)
        if wanted and index == wanted[0]:
            wanted.pop(0)
            points.append(MemoryPoint(index, (_peak_rss() - baseline_peak) / MIB,
                                      (_current_rss() - baseline_current) / MIB))
    return timing, points


def warm_up(seed_dir: Path) -> None:
    """Load the engine's one-off caches (rules, gazetteer automaton, jieba lexicon, OpenCC)."""
    for path in sorted(seed_dir.glob("*.txt")):
        extract_report(path.read_bytes(), path.name)
    for index in range(10):
        name, text = make_report(index)
        extract_report(text.encode("utf-8"), name)


def peer_sample(count: int, size: int, corpus_seed: int) -> list[tuple[str, str]]:
    """A fixed, seeded random sample of the generated reports, regenerated by index."""
    indices = sorted(random.Random(SAMPLE_SEED).sample(range(count), min(size, count)))
    return [make_report(i, corpus_seed) for i in indices]


# ---------------------------------------------------------------- memory

def _proc_status_kib(field_name: str) -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field_name + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _current_rss() -> int:
    kib = _proc_status_kib("VmRSS")
    return kib * 1024 if kib is not None else _peak_rss()


def _peak_rss() -> int:
    kib = _proc_status_kib("VmHWM")
    if kib is not None:
        return kib * 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def _reset_peak_rss() -> int:
    """Reset the kernel's peak-RSS mark where Linux allows it, so the loop's own peak is seen."""
    with contextlib.suppress(OSError):
        with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
            fh.write("5")
    return _peak_rss()


def allowed_growth_mib(points: Sequence[MemoryPoint]) -> float:
    """How much the peak may grow from the first to the last checkpoint and still be flat."""
    added_reports = points[-1].reports - points[0].reports
    return max(MEMORY_NOISE_MIB, MAX_GROWTH_KIB_PER_REPORT * added_reports / 1024)


def memory_is_flat(points: Sequence[MemoryPoint]) -> bool:
    """Whether the peak RSS stops growing with the number of reports (see MAX_GROWTH_KIB_PER_REPORT)."""
    if len(points) < 2:
        return True
    return points[-1].peak_growth_mib - points[0].peak_growth_mib <= allowed_growth_mib(points)


# ---------------------------------------------------------------- accuracy

def load_scorer(path: Path) -> ModuleType:
    """The shared scorer, imported from its file (it is not a package)."""
    spec = importlib.util.spec_from_file_location("seeds_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def time_base_for(gold_doc: dict) -> tuple[dt.datetime, str]:
    """The peers' time base for one gold document: its publication date, else 1 July of its year."""
    for date in gold_doc["dates"]:
        if date["kind"] == "published" and not date["date"].startswith("XXXX"):
            return dt.datetime.fromisoformat(date["date"]), "publication date"
    if gold_doc.get("year"):
        return dt.datetime(gold_doc["year"], 7, 1), "1 July of the gold year"
    return FALLBACK_TIME_BASE, "the gold has no year: fixed default"


def accuracy_table(gold_path: Path, scorer_path: Path, seed_dir: Path,
                   peers: Sequence[PeerRun]) -> tuple[dict[str, dict], list[str]]:
    """Scores of the engine and each peer on the seeds gold, and the time bases the peers got."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    scorer = load_scorer(scorer_path)
    texts = {g["doc"]: (seed_dir / g["doc"]).read_text(encoding="utf-8") for g in gold}
    engine_events: dict[str, list[dict]] = {}
    for g in gold:
        result = extract_report((seed_dir / g["doc"]).read_bytes(), g["doc"])
        engine_events[g["doc"]] = [event.to_dict() for event in result.events]
    scores = {ENGINE: scorer.score(gold, engine_events)}
    bases = []
    for g in gold:
        base, why = time_base_for(g)
        bases.append(f"{g['doc']}: {base:%Y-%m-%d} ({why})")
    for peer in peers:
        events = {g["doc"]: peer.dates(texts[g["doc"]], g["doc"], time_base_for(g)[0]) for g in gold}
        scores[peer.name] = scorer.score(gold, events)
    return scores, bases


# ---------------------------------------------------------------- report

def print_throughput(rows: Sequence[Timing], reference: Timing) -> None:
    print(f"{'system':<34}{'reports':>8}{'characters':>13}{'CPU s':>10}{'chars/s':>12}{'ours ÷ it':>11}")
    for row in rows:
        ratio = reference.chars_per_second / row.chars_per_second if row.chars_per_second else float("inf")
        print(f"{row.system:<34}{row.reports:>8}{row.chars:>13,}{row.seconds:>10.2f}"
              f"{row.chars_per_second:>12,.0f}{ratio:>10.2f}x")


def print_memory(points: Sequence[MemoryPoint], flat: bool) -> None:
    print(f"{'reports':>8}{'peak RSS growth MiB':>22}{'RSS growth MiB':>17}")
    for p in points:
        print(f"{p.reports:>8}{p.peak_growth_mib:>22.1f}{p.current_growth_mib:>17.1f}")
    if len(points) < 2:
        return
    first, last = points[0], points[-1]
    extra = last.peak_growth_mib - first.peak_growth_mib
    per_report_kib = extra * 1024 / max(1, last.reports - first.reports)
    factor = last.peak_growth_mib / first.peak_growth_mib if first.peak_growth_mib > 0 else float("nan")
    print(f"flat: {'yes' if flat else 'NO'} — from {first.reports} to {last.reports} reports "
          f"({last.reports / first.reports:.0f}x) the peak grew {extra:.1f} MiB ({per_report_kib:.2f} KiB/report; "
          f"peak growth {factor:.1f}x that at {first.reports}); allowed {allowed_growth_mib(points):.1f} MiB "
          f"= max({MEMORY_NOISE_MIB:g} MiB, {MAX_GROWTH_KIB_PER_REPORT:g} KiB/report)")


def print_accuracy(scores: dict[str, dict], bases: Sequence[str]) -> None:
    keys = ("mention_precision", "mention_recall", "mention_f1", "month_day_accuracy", "full_date_accuracy")
    print(f"{'system':<34}{'precision':>10}{'recall':>8}{'F1':>8}{'month-day':>11}{'full date':>11}")
    for system, s in scores.items():
        p, r, f1, md, full = (s[k] for k in keys)
        print(f"{system:<34}{p:>10.3f}{r:>8.3f}{f1:>8.3f}{md:>11.3f}{full:>11.3f}")
    print("per document (gold / system mentions / matched):")
    for system, s in scores.items():
        cells = "  ".join(f"{d['doc'][:3]} {d['gold']}/{d['system']}/{d['matched']}" for d in s["per_doc"])
        print(f"  {system:<32}{cells}")
    print("peers' time base (the engine gets none: it reads the year from the text):")
    for line in bases:
        print(f"  {line}")


def print_errors(label: str, errors: Sequence[str], shown: int = 3) -> None:
    if errors:
        print(f"{label}: {len(errors)} failed call(s); first {min(shown, len(errors))}:")
        for error in errors[:shown]:
            print("  " + error.replace("\n", "\n  "))


# ---------------------------------------------------------------- main

def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=None,
                        help=f"generated reports for the engine and the memory check (default {DEFAULT_REPORTS})")
    parser.add_argument("--peer-sample", type=int, default=None,
                        help=f"reports the peers (and the engine again) run on (default {DEFAULT_PEER_SAMPLE})")
    parser.add_argument("--quick", action="store_true",
                        help=f"a smoke run: {QUICK_REPORTS} reports, a sample of {QUICK_PEER_SAMPLE}")
    parser.add_argument("--corpus-seed", type=int, default=DEFAULT_CORPUS_SEED)
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--scorer", type=Path, default=DEFAULT_SCORER)
    args = parser.parse_args(argv)
    args.reports = args.reports or (QUICK_REPORTS if args.quick else DEFAULT_REPORTS)
    args.peer_sample = args.peer_sample or (QUICK_PEER_SAMPLE if args.quick else DEFAULT_PEER_SAMPLE)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run every measurement, print the tables, return the exit status (0 when every check passes)."""
    args = parse_args(argv)
    logging.disable(logging.CRITICAL)  # JioNLP logs a traceback for each string it cannot parse
    peers = load_peers()
    warm_up(DEFAULT_SEED_DIR)
    checkpoints = [max(1, args.reports // 4), max(1, args.reports // 2), args.reports]

    print(f"== memory and throughput: engine streaming {args.reports} generated reports "
          f"(corpus seed {args.corpus_seed})")
    full_run, points = stream_engine(args.reports, args.corpus_seed, checkpoints)
    flat = memory_is_flat(points)
    print_memory(points, flat)

    sample = peer_sample(args.reports, args.peer_sample, args.corpus_seed)
    with contextlib.redirect_stdout(io.StringIO()):  # JioNLP may print while it warms up
        for peer in peers:
            peer.dates(sample[0][1], sample[0][0], FALLBACK_TIME_BASE)
    engine_sample, *peer_runs = time_side_by_side(sample_systems(peers), sample)
    print(f"\n== throughput in CPU time (engine on all {args.reports}; all three in turn on the same seeded "
          f"sample of {len(sample)}, sample seed {SAMPLE_SEED}, best of {SAMPLE_ROUNDS} rounds; "
          f"peers' time base {FALLBACK_TIME_BASE:%Y-%m-%d})")
    print_throughput([full_run, engine_sample, *peer_runs], engine_sample)
    for timing in (full_run, engine_sample, *peer_runs):
        print_errors(timing.system, timing.errors)
    jionlp_run = next(r for r in peer_runs if r.system == JIONLP)
    speedup = engine_sample.chars_per_second / jionlp_run.chars_per_second if jionlp_run.chars_per_second else 0.0

    more_accurate = True
    print(f"\n== accuracy on the seeds gold ({args.gold})")
    if args.gold.exists() and args.scorer.exists():
        scores, bases = accuracy_table(args.gold, args.scorer, DEFAULT_SEED_DIR, peers)
        print_accuracy(scores, bases)
        ours, theirs = scores[ENGINE], scores[JIONLP]
        more_accurate = (ours["mention_f1"] >= theirs["mention_f1"]
                         and ours["month_day_accuracy"] >= theirs["month_day_accuracy"])
    else:
        print("skipped: gold or scorer not found")

    checks = {
        f"engine >= {MIN_SPEEDUP_OVER_JIONLP:g}x JioNLP on the same sample ({speedup:.2f}x)":
            speedup >= MIN_SPEEDUP_OVER_JIONLP,
        "memory flat as reports grow": flat,
        f"engine ran every generated report ({len(full_run.errors) + len(engine_sample.errors)} failures)":
            not full_run.errors and not engine_sample.errors,
        "engine at least as accurate as JioNLP (mention F1 and month-day)": more_accurate,
    }
    print("\n== checks")
    for label, passed in checks.items():
        print(f"{'PASS' if passed else 'FAIL'}  {label}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
