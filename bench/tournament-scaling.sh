#!/usr/bin/env bash
# Tournament scaling from 1 to 2 cores, through the CLI as a user runs it: the Scaling tournament
# of bench_tournament.cpp (100,200 negotiations: 10 agents, all ordered pairs, 3 ANAC scenarios,
# 334 repetitions, 100 rounds), end to end (load, run, merge, summary; no plot), with
#   - worker threads:    taskset -c 0 ... --threads 1   vs  taskset -c 0,1 ... --threads 2
#   - worker processes:  the same with --isolation process (the default)
#   - MPI ranks:         taskset -c 0 mpirun -n 1  vs  taskset -c 0,1 mpirun -n 2, one worker
#                        process per rank, ranks not bound (--bind-to none: rank 0's merge
#                        threads share the cores with the ranks' workers).
# Runs RUNS pairs (1 core, then 2 cores) of each and prints the medians of the times and of the
# per-pair efficiencies time(1) / (2 x time(2)), as measured outside (wall time of the command,
# MPI's start-up included) and as parley reports it (from reading the file to the summary).
# ROUNDS (default 100, the NegMAS comparison's deadline) sets the deadline of every negotiation:
# with 1000 (ANAC's usual) each negotiation is about ten times longer for the same output.
# Usage: bench/tournament-scaling.sh [BUILD_DIR] [RUNS] [ROUNDS]
set -euo pipefail
build=$(cd "${1:-build}" && pwd)
runs=${2:-5}
rounds=${3:-100}
here=$(cd "$(dirname "$0")" && pwd)
corpus="$here/../../shared/scenarios/genius"
[[ -d "$corpus/anac2011/Laptop" ]] || { echo "needs the corpus in ../shared/scenarios" >&2; exit 1; }
[[ $(nproc) -ge 2 ]] || { echo "needs 2 cores" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/t.yaml" <<YAML
seed: 1
repetitions: 334
deadline: {rounds: $rounds}
agents: ['boulware(e=0.2)', linear, 'conceder(e=2)', hardliner, 'boulware(e=0.5)', 'conceder(e=5)',
         'boulware(e=0.1)', relative_tit_for_tat, absolute_tit_for_tat, 'random(p_accept=0.05)']
scenarios:
  - $corpus/anac2011/Laptop
  - $corpus/anac2010/ItexvsCypress
  - $corpus/anac2010/EnglandZimbabwe
YAML

median() { sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

# timed COMMAND...: runs it in a fresh output folder; prints its wall time and the time parley
# reports ("... in X s").
timed() {
  rm -rf "$work/out"
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>"$work/log" || { cat "$work/log" >&2; exit 1; }
  end=$(date +%s.%N)
  echo "$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.3f", b - a}')" \
    "$(grep -o ') in [0-9.]* s' "$work/log" | tail -1 | tr -dc '0-9.')"
}

# compare NAME "ONE-CORE COMMAND" "TWO-CORE COMMAND": RUNS pairs, the two commands one after the
# other (so that this machine's drifts hit both alike); medians of the times and of the per-pair
# efficiencies time(1) / (2 x time(2)), as measured outside and as parley reports.
compare() {
  local name=$1 one=$2 two=$3 rows=()
  for ((r = 0; r < runs; ++r)); do
    read -r w1 o1 <<<"$(timed $one)"
    read -r w2 o2 <<<"$(timed $two)"
    rows+=("$w1 $w2 $o1 $o2")
  done
  printf '%s\n' "${rows[@]}" >"$work/rows"
  col() { awk -v c="$1" '{print $c}' "$work/rows" | median; }
  eff() { awk -v a="$1" -v b="$2" '{print 100 * $a / (2 * $b)}' "$work/rows" | median; }
  printf '%-16s wall %6.3f s -> %6.3f s: %5.1f%%   parley %6.3f s -> %6.3f s: %5.1f%%\n' \
    "$name" "$(col 1)" "$(col 2)" "$(eff 1 2)" "$(col 3)" "$(col 4)" "$(eff 3 4)"
}

tournament="$build/parley tournament $work/t.yaml --out $work/out --no-plot --quiet"

# The machine's own ceiling: two independent 1-core runs at once, one per core, against one alone
# (efficiency = time alone / time of the slower of the pair: what perfect scaling would reach).
alone=() pair=()
for ((r = 0; r < runs; ++r)); do
  rm -rf "$work/a" "$work/b"
  start=$(date +%s.%N)
  taskset -c 0 "$build/parley" tournament "$work/t.yaml" --out "$work/a" --no-plot --quiet \
    --isolation thread --threads 1 2>/dev/null
  middle=$(date +%s.%N)
  rm -rf "$work/a"
  taskset -c 0 "$build/parley" tournament "$work/t.yaml" --out "$work/a" --no-plot --quiet \
    --isolation thread --threads 1 2>/dev/null &
  taskset -c 1 "$build/parley" tournament "$work/t.yaml" --out "$work/b" --no-plot --quiet \
    --isolation thread --threads 1 2>/dev/null
  wait
  end=$(date +%s.%N)
  alone+=("$(awk -v a="$start" -v b="$middle" 'BEGIN {printf "%.3f", b - a}')")
  pair+=("$(awk -v a="$middle" -v b="$end" 'BEGIN {printf "%.3f", b - a}')")
done
paste <(printf '%s\n' "${alone[@]}") <(printf '%s\n' "${pair[@]}") >"$work/rows"
printf '%-16s alone %6.3f s, two at once %6.3f s: %5.1f%% (the ceiling for 2 cores)\n' \
  "independent runs" "$(cut -f1 "$work/rows" | median)" "$(cut -f2 "$work/rows" | median)" \
  "$(awk '{print 100 * $1 / $2}' "$work/rows" | median)"
for isolation in thread process; do
  compare "$isolation workers" "taskset -c 0 $tournament --isolation $isolation --threads 1" \
    "taskset -c 0,1 $tournament --isolation $isolation --threads 2"
done
if command -v mpirun >/dev/null; then
  mpi="mpirun --allow-run-as-root --oversubscribe --bind-to none"
  compare "MPI ranks" "taskset -c 0 $mpi -n 1 $tournament --threads 1" \
    "taskset -c 0,1 $mpi -n 2 $tournament --threads 1"
fi
echo "(1 core -> 2 cores; $rounds-round deadlines; medians of $runs pairs; $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))"
