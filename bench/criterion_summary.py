#!/usr/bin/env python3
"""Prints the medians of the last criterion run (target/criterion/*/new/estimates.json)
with each figure's ratio to its baseline in the same group, and writes them to
bench/results/core.json. Run by `make bench` after `cargo bench --bench core`."""
import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CRITERION = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "criterion"
RESULTS = ROOT / "bench" / "results"

# Each group's baseline, by benchmark name.
BASELINES = {
    "milestones_json": "plain_select_baseline",
    "dashboard": "plain_select_baseline",
    "record_update": "bare_insert_baseline",
    # The timeline's first call read straight from the database, against a snapshot load.
    "timeline_all_direct": "timeline_all",
}


def main():
    figures = {}
    for estimates in sorted(CRITERION.glob("**/new/estimates.json")):
        bench = estimates.parent.parent.relative_to(CRITERION).as_posix()
        data = json.loads(estimates.read_text())
        figures[bench] = data["median"]["point_estimate"] / 1e6  # ns -> ms
    out = []
    print(f"{'benchmark':<45} {'median':>12}  ratio to baseline")
    for bench, median in figures.items():
        group, _, name = bench.rpartition("/")
        line = f"{bench:<45} {median:>9.3f} ms"
        entry = {"benchmark": bench, "median_ms": round(median, 4)}
        base = BASELINES.get(name)
        if base and f"{group}/{base}" in figures:
            ratio = median / figures[f"{group}/{base}"]
            line += f"  {ratio:.2f}x {base}"
            entry["ratio_to_baseline"] = round(ratio, 2)
        print(line)
        out.append(entry)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "core.json").write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
