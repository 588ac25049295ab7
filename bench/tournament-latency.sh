#!/usr/bin/env bash
# Latency of a small tournament as a user feels it: the NegMAS comparison of bench_tournament.cpp
# (NegmasTournament: 4 agents x 3 small ANAC scenarios, all ordered pairs with self-play,
# 2 repetitions, 100 rounds = 96 negotiations) run as a whole `parley tournament` process
# (load, check, analyse, run, merge, summary, with the journal's fsyncs; no plot), RUNS times
# after one warm-up run, each into a fresh output folder. Prints the median, the fastest and the
# slowest wall time, the median CPU time (user + system, worker processes included), and the load
# of the machine before and after (wall time is what the fsyncs and the waits cost; CPU time is
# the work).
# Usage: bench/tournament-latency.sh [BUILD_DIR] [RUNS] [EXTRA OPTIONS...]
#   e.g. bench/tournament-latency.sh build 21 --isolation thread
set -euo pipefail
build=$(cd "${1:-build}" && pwd)
runs=${2:-21}
shift $(($# > 2 ? 2 : $#))
here=$(cd "$(dirname "$0")" && pwd)
corpus="$here/../../shared/scenarios/genius"
[[ -d "$corpus/anac2011/Laptop" ]] || { echo "needs the corpus in ../shared/scenarios" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/t.yaml" <<YAML
seed: 1
repetitions: 2
deadline: {rounds: 100}
agents: ['boulware(e=0.2)', linear, 'conceder(e=2)', hardliner]
scenarios:
  - $corpus/anac2011/Laptop
  - $corpus/anac2010/ItexvsCypress
  - $corpus/anac2010/EnglandZimbabwe
YAML

median() { sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

echo "before: $(uptime)"
TIMEFORMAT='%R %U %S'
for ((r = 0; r <= runs; ++r)); do
  rm -rf "$work/out"
  # bash's `time` counts the waited-for children (the worker processes) in user and system time.
  { time "$build/parley" tournament "$work/t.yaml" --out "$work/out" --no-plot --quiet "$@" \
      >/dev/null 2>"$work/log"; } 2>"$work/time" || { cat "$work/log" >&2; exit 1; }
  ((r == 0)) && continue  # warm-up: page cache, dynamic loader
  read -r wall user system <"$work/time"
  echo "$wall $(awk -v u="$user" -v s="$system" 'BEGIN {printf "%.3f", u + s}')" >>"$work/rows"
done
[[ $(wc -l <"$work/out/results.csv") -eq 97 ]] || { echo "expected 96 negotiations" >&2; exit 1; }
echo "after:  $(uptime)"
printf 'wall median %.1f ms (fastest %.1f, slowest %.1f), CPU median %.1f ms; %d runs%s\n' \
  "$(cut -d' ' -f1 "$work/rows" | median | awk '{print 1000 * $1}')" \
  "$(cut -d' ' -f1 "$work/rows" | sort -g | head -1 | awk '{print 1000 * $1}')" \
  "$(cut -d' ' -f1 "$work/rows" | sort -g | tail -1 | awk '{print 1000 * $1}')" \
  "$(cut -d' ' -f2 "$work/rows" | median | awk '{print 1000 * $1}')" "$runs" \
  "${*:+ (options: $*)}"
