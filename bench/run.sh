#!/usr/bin/env bash
# Runs every parley benchmark program of a build folder and prints a table of medians.
# Usage: bench/run.sh [BUILD_DIR] [FILTER]   (FILTER: a Google Benchmark regex, default all)
set -euo pipefail
build=${1:-build}
filter=${2:-.}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
shopt -s nullglob
for program in "$build"/bench/parley_bench_*; do
  [[ -x "$program" ]] || continue
  name=$(basename "$program")
  "$program" --benchmark_filter="$filter" --benchmark_repetitions=5 \
    --benchmark_report_aggregates_only=true --benchmark_format=json >"$out/$name.json" 2>/dev/null
done
python3 - "$out" <<'PY'
import json, sys, pathlib
rows = []
for f in sorted(pathlib.Path(sys.argv[1]).glob("*.json")):
    data = json.loads(f.read_text())
    for b in data.get("benchmarks", []):
        if b.get("aggregate_name") != "median":
            continue
        rate = b.get("items_per_second")
        rows.append((f.stem, b["run_name"], b["real_time"], b["time_unit"], rate))
print(f"{'program':<24} {'benchmark':<48} {'median':>14} {'items/s':>14}")
for prog, name, t, unit, rate in rows:
    r = f"{rate:,.0f}" if rate else ""
    print(f"{prog:<24} {name:<48} {t:>11.3f} {unit:<2} {r:>14}")
PY
