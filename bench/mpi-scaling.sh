#!/usr/bin/env bash
# Tournament scaling across MPI ranks: the Scaling tournament of bench_tournament.cpp (100,200
# negotiations: 10 agents, all ordered pairs, 3 ANAC scenarios, 334 repetitions, 100 rounds) run
# end to end by `mpirun -n 1` and `mpirun -n 2`, one worker per rank, each rank bound to its own
# core. Prints the median of RUNS runs and the efficiency time(1) / (2 x time(2)).
# Usage: bench/mpi-scaling.sh [BUILD_DIR] [RUNS]
set -euo pipefail
build=$(cd "${1:-build}" && pwd)
runs=${2:-3}
here=$(cd "$(dirname "$0")" && pwd)
corpus="$here/../../shared/scenarios/genius"
[[ -d "$corpus/anac2011/Laptop" ]] || { echo "needs the corpus in ../shared/scenarios" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/t.yaml" <<YAML
seed: 1
repetitions: 334
deadline: {rounds: 100}
agents: ['boulware(e=0.2)', linear, 'conceder(e=2)', hardliner, 'boulware(e=0.5)', 'conceder(e=5)',
         'boulware(e=0.1)', relative_tit_for_tat, absolute_tit_for_tat, 'random(p_accept=0.05)']
scenarios:
  - $corpus/anac2011/Laptop
  - $corpus/anac2010/ItexvsCypress
  - $corpus/anac2010/EnglandZimbabwe
YAML
declare -A median
for ranks in 1 2; do
  times=()
  for ((r = 0; r < runs; ++r)); do
    rm -rf "$work/out"
    start=$(date +%s.%N)
    mpirun --allow-run-as-root --oversubscribe --bind-to core -n "$ranks" \
      "$build/parley" tournament "$work/t.yaml" --out "$work/out" --threads 1 --no-plot --quiet \
      2>"$work/log" || { cat "$work/log" >&2; exit 1; }
    end=$(date +%s.%N)
    times+=("$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.3f", b - a}')")
    tail -1 "$work/log" >&2
  done
  median[$ranks]=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf 'ranks %d: median %.3f s over %d runs (%s)\n' "$ranks" "${median[$ranks]}" "$runs" "${times[*]}"
done
awk -v one="${median[1]}" -v two="${median[2]}" \
  'BEGIN {printf "efficiency 1 -> 2 ranks: %.1f%%\n", 100 * one / (2 * two)}'
