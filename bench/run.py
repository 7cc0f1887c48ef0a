#!/usr/bin/env python3
"""Whole-program benchmarks of the `accord` tool on generated datasets, each beside its
baseline in the same run: importing 20k and 100k milestones against a plain Python
json + sqlite3 loader (bench/baseline_import.py), listing milestones and the roll-up
against Python's sqlite3 reading the same rows, search, and PDF reports with their peak
memory. Prints medians and ratios and writes bench/results/whole_program.json.

Run by `make bench` after `cargo build --release --bin accord --example generate`.
Usage: bench/run.py [--quick]   (--quick: fewer runs and no 100k, to try it out)
"""
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
ACCORD = TARGET / "release" / "accord"
GENERATE = TARGET / "release" / "examples" / "generate"
DATA = ROOT / "bench" / "data"
RESULTS = ROOT / "bench" / "results"
QUICK = "--quick" in sys.argv
AS_OF = "2026-11-27"


def timed(cmd):
    """Runs a command to the end; returns its wall-clock seconds and the peak resident
    memory of that one process in MiB (from wait4, so other children don't count)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    err = proc.stderr.read()
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(map(str, cmd))} failed:\n{err.decode(errors='replace')}")
    return seconds, usage.ru_maxrss / 1024


def dataset(milestones):
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"generated-{milestones}.json"
    if not path.exists():
        with open(path, "wb") as out:
            subprocess.run([GENERATE, str(milestones)], stdout=out, check=True)
    return path


def median_of(runs, measure):
    values = [measure() for _ in range(runs)]
    return statistics.median(values), values


def ms(seconds):
    return round(seconds * 1000, 1)


results = {"figures": []}
rows = []


def figure(name, size, runs, seconds, baseline=None, baseline_name=None, target=None,
           peak_mib=None, passed=None):
    entry = {"figure": name, "size": size, "runs": runs, "median_ms": ms(seconds)}
    line = [name, size, f"{ms(seconds):.1f} ms"]
    if baseline is not None:
        entry.update(baseline=baseline_name, baseline_median_ms=ms(baseline),
                     ratio=round(baseline / seconds, 2))
        line += [f"{baseline_name} {ms(baseline):.1f} ms", f"{baseline / seconds:.2f}x faster"
                 if baseline >= seconds else f"{seconds / baseline:.2f}x slower"]
    else:
        line += ["", ""]
    if peak_mib is not None:
        entry["peak_rss_mib"] = round(peak_mib, 1)
        line.append(f"peak {peak_mib:.0f} MiB")
    else:
        line.append("")
    if target:
        entry.update(target=target, met=passed)
        line.append(f"target {target}: {'met' if passed else 'MISSED'}")
    results["figures"].append(entry)
    rows.append(line)
    print(" | ".join(str(x) for x in line), flush=True)


def bench_import(milestones, runs):
    path = dataset(milestones)
    work = Path(tempfile.mkdtemp(prefix="accord-bench-"))
    ours, theirs, peaks = [], [], []
    try:
        for i in range(runs):
            # Interleaved, so both share the machine's noise.
            db = work / f"a{i}.sqlite3"
            seconds, peak = timed([ACCORD, "--db", db, "import", path])
            ours.append(seconds)
            peaks.append(peak)
            base = work / f"b{i}.sqlite3"
            seconds, _ = timed([sys.executable, ROOT / "bench" / "baseline_import.py", path, base])
            theirs.append(seconds)
            for f in work.glob("*"):
                f.unlink()
    finally:
        shutil.rmtree(work)
    a, b = statistics.median(ours), statistics.median(theirs)
    figure("import", f"{milestones // 1000}k", runs, a, b, "python json+sqlite3",
           target=">= 2x faster", peak_mib=max(peaks), passed=b / a >= 2)


def database(milestones):
    """A database holding the generated dataset, made once per run."""
    db = Path(tempfile.mkdtemp(prefix="accord-bench-")) / "db.sqlite3"
    timed([ACCORD, "--db", db, "import", dataset(milestones)])
    return db


def sqlite_select(db):
    # The same rows read with a plain SELECT: milestones and their updates' status.
    return [sys.executable, "-c",
            "import sqlite3,sys,json;c=sqlite3.connect(sys.argv[1]);"
            "r=c.execute('SELECT id,commitment_id,title,due,origin,kind FROM milestones').fetchall();"
            "u=c.execute('SELECT milestone_id,as_of,status FROM updates').fetchall();"
            "sys.stdout.write(json.dumps([r,u]))", db]


def bench_queries(milestones, runs, limit_ms):
    db = database(milestones)
    try:
        label = f"{milestones // 1000}k"
        base, _ = median_of(runs, lambda: timed(sqlite_select(db))[0])
        for name, args in [("milestones --json", ["milestones", "--json", "--as-of", AS_OF]),
                           ("status --json (roll-up)", ["status", "--json", "--as-of", AS_OF])]:
            seconds, _ = median_of(runs, lambda: timed([ACCORD, "--db", db, *args])[0])
            figure(name, label, runs, seconds, base, "python sqlite3 SELECT",
                   target=f"< {limit_ms} ms", passed=ms(seconds) < limit_ms)
        seconds, _ = median_of(runs, lambda: timed(
            [ACCORD, "--db", db, "search", "--json", "security partnership"])[0])
        figure("search --json", label, runs, seconds)
    finally:
        shutil.rmtree(db.parent)


def bench_report(db, label, runs, limit_s):
    work = Path(tempfile.mkdtemp(prefix="accord-bench-"))
    try:
        measured = [timed([ACCORD, "--db", db, "report", "-o", work / "r.pdf", "--as-of", AS_OF,
                           "--since", "2026-01-01"]) for _ in range(runs)]
        seconds = statistics.median(m[0] for m in measured)
        peak = max(m[1] for m in measured)
        figure("report (PDF)", label, runs, seconds, target=f"< {limit_s} s", peak_mib=peak,
               passed=seconds < limit_s)
    finally:
        shutil.rmtree(work)


def main():
    for tool in (ACCORD, GENERATE):
        if not tool.exists():
            sys.exit(f"missing {tool}: run `cargo build --release --locked --bin accord "
                     "--example generate` first (make bench does)")
    results["machine"] = {
        "date": time.strftime("%Y-%m-%d"),
        "cpu": next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo")
                     if l.startswith("model name")), platform.processor()),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite_python": __import__("sqlite3").sqlite_version,
    }
    print("figure | size | median | baseline | ratio | memory | target", flush=True)
    sizes = [20_000] if QUICK else [20_000, 100_000]
    for n in sizes:
        bench_import(n, 3 if QUICK or n >= 100_000 else 5)
    for n, limit in zip(sizes, (100, 300)):
        bench_queries(n, 5 if QUICK else 11, limit)

    bundled = Path(tempfile.mkdtemp(prefix="accord-bench-")) / "db.sqlite3"
    timed([ACCORD, "--db", bundled, "seed"])
    bench_report(bundled, "bundled (90)", 5, 1)
    shutil.rmtree(bundled.parent)
    ten_k = database(10_000)
    bench_report(ten_k, "10k", 3, 10)
    shutil.rmtree(ten_k.parent)

    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "whole_program.json").write_text(json.dumps(results, indent=2) + "\n")
    print(f"written {RESULTS / 'whole_program.json'}")


if __name__ == "__main__":
    main()
