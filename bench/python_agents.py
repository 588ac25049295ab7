#!/usr/bin/env python3
"""Overhead of an agent written in Python, per round, against the same strategy in C++.

The Python agent is parley.example_agents.TimeDependentAgent, a line-by-line port of the C++
time-dependent tactic (identical offers, checked by python/tests/test_agents.py). Each case
plays one session of ROUNDS rounds on a corpus scenario against a C++ hardliner (which never
concedes, so the session runs to the deadline or to the Boulware's final concession) and is
timed with the session's own clock (SessionResult.seconds: the negotiation, not the setup).
Reported: median over RUNS runs of microseconds per round (one round = one turn per party),
after one warm-up run. "python vs python" puts Python agents in both seats.

Usage (from the repository root, after building the module into build/python):
  PYTHONPATH=build/python /usr/bin/python3 bench/python_agents.py [--rounds 1000] [--runs 9]
      [--scenario ../shared/scenarios/genius/anac2010/ItexvsCypress]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import parley
from parley.example_agents import TimeDependentAgent


def run_case(scenario, make_agents, rounds: int, runs: int):
    """Median microseconds per round of the session, and per agent turn; rounds played."""
    per_round, per_turn, wall = [], [], []
    played = None
    for run in range(runs + 1):
        started = time.perf_counter()
        result = parley.negotiate(scenario, make_agents(), rounds=rounds, seed=1)
        elapsed = time.perf_counter() - started
        if run == 0:
            continue  # warm-up (offer indexes, caches)
        played = result.round + 1
        per_round.append(result.seconds / played * 1e6)
        per_turn.append(result.seconds / result.turns * 1e6)
        wall.append(elapsed * 1e3)
    return statistics.median(per_round), statistics.median(per_turn), statistics.median(wall), \
        played


def main() -> int:
    root = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scenario", default=str(root.parent / "shared" / "scenarios" / "genius" /
                                                  "anac2010" / "ItexvsCypress"))
    parser.add_argument("--rounds", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    if not Path(args.scenario).exists():
        print(f"scenario not found: {args.scenario}", file=sys.stderr)
        return 1
    scenario = parley.load(args.scenario)
    cases = [
        ("C++ boulware vs C++ hardliner", lambda: ["boulware(e=0.2)", "hardliner"]),
        ("Python boulware vs C++ hardliner", lambda: [TimeDependentAgent(0.2), "hardliner"]),
        ("Python boulware vs Python hardliner",
         lambda: [TimeDependentAgent(0.2), TimeDependentAgent(0.0)]),
    ]
    print(f"scenario {scenario.name} ({scenario.outcome_count} outcomes), {args.rounds} rounds, "
          f"median of {args.runs} runs")
    print(f"{'case':<38} {'rounds':>6} {'us/round':>9} {'us/turn':>8} {'ms/session':>10}")
    baseline = None
    for name, make_agents in cases:
        us_round, us_turn, ms_wall, played = run_case(scenario, make_agents, args.rounds,
                                                      args.runs)
        if baseline is None:
            baseline = us_round
        print(f"{name:<38} {played:>6} {us_round:>9.2f} {us_turn:>8.2f} {ms_wall:>10.2f}"
              f"   (+{us_round - baseline:.2f} us/round over C++)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
