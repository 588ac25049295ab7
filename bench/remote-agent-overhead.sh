#!/usr/bin/env bash
# Per-turn overhead of a remote agent (docs/remote-agents.md) on loopback: the same sessions
# played with parley's in-process boulware and with the example clients in its seat
# (examples/agents/boulware.py and boulware.mjs) over exec: (Python, Node) and ws:// (a
# long-lived Node server; a long-lived Python one too).
#
# Method. Each configuration is timed as a whole `parley negotiate` process at R rounds (default
# 1000) and at 1 round. The 1-round session pays every fixed cost (parley's start, loading the
# scenario, starting the agent's program or connecting to it, its index of packages, the first
# two turns), so
#   overhead per turn = ((remote(R) - remote(1)) - (in-process(R) - in-process(1))) / (turns(R) - turns(1))
# the extra wall time per turn of the session (every agent turn, the remote agent's and its
# opponent's: the remote agent also gets an observe message for each of the opponent's turns).
# Runs are interleaved (one of each configuration per repetition, so that the machine's drifts
# hit them alike) and the median of the repetitions is used for each time. Wall time on a shared
# machine includes waiting for a core at each message (every message wakes the other process),
# so the CPU time is given too, computed the same way: parley's user + system time with its
# children (an exec: agent is one), plus a ws:// server's (from /proc, in 10 ms ticks).
#
# Usage: bench/remote-agent-overhead.sh [PARLEY] [REPETITIONS] [ROUNDS]
#   e.g. bench/remote-agent-overhead.sh build/parley 11 1000
set -euo pipefail
parley=$(realpath "${1:-build/parley}")
reps=${2:-11}
rounds=${3:-1000}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
agents="$root/examples/agents"
travel="$root/../shared/scenarios/genius/anac2010/Travel"
[[ -x "$parley" ]] || { echo "no parley executable at $parley" >&2; exit 1; }
python=$(python3 -c 'import sys; print(sys.executable)') # the interpreter, not a pyenv shim
node=$(command -v node)
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# Starts a long-lived WebSocket agent (port 0: any free one); port_of NAME prints its port.
serve() {
  "${@:2}" --ws 0 >/dev/null 2>"$work/serve-$1.log" &
  pids+=($!)
}
port_of() {
  local log="$work/serve-$1.log"
  for _ in $(seq 100); do
    if grep -q 'listening on' "$log"; then
      sed -n 's|.*listening on ws://[^:]*:\([0-9]*\)/.*|\1|p' "$log"
      return
    fi
    sleep 0.1
  done
  echo "the $1 WebSocket agent did not start: $(cat "$log")" >&2
  exit 1
}
serve node "$node" "$agents/boulware.mjs"
serve python "$python" "$agents/boulware.py"
node_port=$(port_of node)
python_port=$(port_of python)
[[ -n $node_port && -n $python_port ]] || exit 1

# Scenario and opponent: boulware vs conceder runs to t = 0.97 on russia-japan (1,940 turns of
# 2,000); on Travel (188,160 packages) they agree early, so Travel is played against hardliner
# (boulware accepts its best package only near the deadline: about 1,950 turns), and the agent's
# index of 188,160 packages is built in the 1-round session too.
scenarios=("$root/examples/russia-japan.yaml")
opponents=(conceder)
if [[ -d "$travel" ]]; then
  scenarios+=("$travel")
  opponents+=(hardliner)
fi
transports=(in-process "exec:python" "exec:node" "ws://node" "ws://python")
address() {
  case $1 in
    in-process) echo boulware ;;
    exec:python) echo "exec:$python $agents/boulware.py" ;;
    exec:node) echo "exec:$node $agents/boulware.mjs" ;;
    ws://node) echo "ws://127.0.0.1:$node_port/" ;;
    ws://python) echo "ws://127.0.0.1:$python_port/" ;;
  esac
}
server_of() {
  case $1 in
    ws://node) echo "${pids[0]}" ;;
    ws://python) echo "${pids[1]}" ;;
  esac
}
ticks=$(getconf CLK_TCK)
# CPU seconds used so far by a process (user + system).
cpu_of() { awk -v t="$ticks" '{printf "%.2f", ($14 + $15) / t}' "/proc/$1/stat"; }

# One timed session: appends "wall turns cpu" (seconds, count, seconds) to $work/<key>.
session() {
  local scenario=$1 opponent=$2 transport=$3 r=$4 key=$5
  local start end server before=0 after=0
  server=$(server_of "$transport")
  [[ -n $server ]] && before=$(cpu_of "$server")
  start=$EPOCHREALTIME
  /usr/bin/time -f '%U %S' -o "$work/cpu" \
    "$parley" negotiate "$scenario" --agents "$(address "$transport"),$opponent" --rounds "$r" \
    --no-analysis --trace "$work/trace.jsonl" >"$work/out" 2>&1 || { cat "$work/out" >&2; exit 1; }
  end=$EPOCHREALTIME
  [[ -n $server ]] && after=$(cpu_of "$server")
  grep -q '"reason":"failure"' "$work/trace.jsonl" && { cat "$work/out" >&2; exit 1; }
  local turns cpu
  turns=$(tail -1 "$work/trace.jsonl" | sed 's/.*"turns":\([0-9]*\).*/\1/')
  cpu=$(awk -v a="$after" -v b="$before" '{printf "%.4f", $1 + $2 + a - b}' "$work/cpu")
  echo "$(echo "$end - $start" | bc -l) $turns $cpu" >>"$work/$key"
}

median() { sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
column() { cut -d' ' -f"$2" "$work/$1" | median; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "parley: $parley; python: $python ($("$python" --version 2>&1)); node: $node ($("$node" --version))"
echo "before: $(uptime)"
# Warm-up: one session of each (page cache, the servers' JIT).
for si in "${!scenarios[@]}"; do
  for t in "${transports[@]}"; do session "${scenarios[$si]}" "${opponents[$si]}" "$t" 50 warmup; done
done
for ((k = 0; k < reps; ++k)); do
  for si in "${!scenarios[@]}"; do
    for ti in "${!transports[@]}"; do
      session "${scenarios[$si]}" "${opponents[$si]}" "${transports[$ti]}" "$rounds" "s$si-t$ti-long"
      session "${scenarios[$si]}" "${opponents[$si]}" "${transports[$ti]}" 1 "s$si-t$ti-short"
    done
  done
done
echo "after: $(uptime)"
echo
echo "boulware (in-process or remote) vs an in-process opponent, $rounds rounds vs 1 round;"
echo "medians of $reps interleaved runs; per turn: (time of $rounds rounds - time of 1 round) / (turns - turns of 1 round)"
echo
echo "| scenario | boulware | wall, $rounds rounds | wall, 1 round | turns | wall per turn | wall overhead per turn | <= 100 us? | CPU per turn | CPU overhead per turn |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for si in "${!scenarios[@]}"; do
  name="$(basename "${scenarios[$si]}") vs ${opponents[$si]}"
  base=""
  for ti in "${!transports[@]}"; do
    key="s$si-t$ti"
    long=$(column "$key-long" 1)
    short=$(column "$key-short" 1)
    turns=$(column "$key-long" 2)
    turns1=$(column "$key-short" 2)
    cpu_long=$(column "$key-long" 3)
    cpu_short=$(column "$key-short" 3)
    per=$(echo "($long - $short) / ($turns - $turns1) * 1000000" | bc -l)
    cpu_per=$(echo "($cpu_long - $cpu_short) / ($turns - $turns1) * 1000000" | bc -l)
    if [[ -z $base ]]; then
      base=$per
      cpu_base=$cpu_per
      overhead="-"
      cpu_overhead="-"
      verdict="-"
    else
      overhead=$(echo "$per - $base" | bc -l)
      verdict=$(echo "$overhead <= 100" | bc -l | sed 's/1/yes/;s/0/no/')
      overhead=$(printf '%.0f us' "$overhead")
      cpu_overhead=$(printf '%.0f us' "$(echo "$cpu_per - $cpu_base" | bc -l)")
    fi
    printf '| %s | %s | %.3f s | %.3f s | %s | %.1f us | %s | %s | %.1f us | %s |\n' "$name" \
      "${transports[$ti]}" "$long" "$short" "$turns" "$per" "$overhead" "$verdict" "$cpu_per" \
      "$cpu_overhead"
  done
done
