#!/usr/bin/env python3
"""Overhead of an agent written in Python, per round, against the same strategy in C++.

Two measures:

- The cost of the engine calling a Python agent: a trivial Python agent (TrivialAgent below:
  propose() returns a list it keeps, respond() returns Response.reject, nothing else) against a
  C++ hardliner, minus the same session with a C++ hardliner in its seat (the trivial agent
  offers what a hardliner offers). Printed as "trivial agent, per round", next to the
  interpreter's own cost of the same two calls made from Python (agent.respond(state, offer);
  agent.propose(state) in a loop, state and offer made once): what no binding can go below.
- A real strategy: parley.example_agents.TimeDependentAgent, a line-by-line port of the C++
  time-dependent tactic (identical offers, checked by python/tests/test_agents.py).

Each session plays ROUNDS rounds on a corpus scenario against a C++ hardliner (which never
concedes, so the session runs to the deadline or to the Boulware's final concession) and is timed
with the session's own clock (SessionResult.seconds: the negotiation, not the setup). Reported:
median over RUNS runs of microseconds per round (one round = one turn per party), after one
warm-up run. "python vs python" puts Python agents in both seats.

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


class TrivialAgent(parley.Negotiator):
    """Offers its best package every turn and rejects everything, doing no work of its own."""

    def start(self, view, info):
        self.offer = view.index.outcome(view.index.best_entry)

    def propose(self, state):
        return self.offer

    def respond(self, state, offer):
        return parley.Response.reject


def run_case(scenario, make_agents, rounds: int, runs: int, cache):
    """Median microseconds per round of the session, and per agent turn; rounds played. The
    offer indexes come from `cache`, filled by the warm-up run (else every session would sort
    the outcome space on its first turn)."""
    per_round, per_turn, wall = [], [], []
    played = None
    for run in range(runs + 1):
        started = time.perf_counter()
        result = parley.negotiate(scenario, make_agents(), rounds=rounds, seed=1,
                                  cache=cache)
        elapsed = time.perf_counter() - started
        if run == 0:
            continue  # warm-up (offer indexes, caches)
        played = result.round + 1
        per_round.append(result.seconds / played * 1e6)
        per_turn.append(result.seconds / result.turns * 1e6)
        wall.append(elapsed * 1e3)
    return statistics.median(per_round), statistics.median(per_turn), statistics.median(wall), \
        played


def interpreter_round_cost(scenario, rounds: int, runs: int) -> float:
    """Median microseconds of one round's calls (respond, then propose) made from Python."""
    agent = TrivialAgent()
    view = parley.PartyView.of(scenario, 0)
    agent.start(view, parley.SessionInfo())
    state = parley.TurnState(0, 0.5)
    offer = view.index.outcome(0)
    costs = []
    for run in range(runs + 1):
        started = time.perf_counter()
        for _ in range(rounds):
            agent.respond(state, offer)
            agent.propose(state)
        elapsed = time.perf_counter() - started
        if run:
            costs.append(elapsed / rounds * 1e6)
    return statistics.median(costs)


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
        ("C++ hardliner vs C++ hardliner", lambda: ["hardliner", "hardliner"]),
        ("Python trivial vs C++ hardliner", lambda: [TrivialAgent(), "hardliner"]),
        ("Python trivial vs Python trivial", lambda: [TrivialAgent(), TrivialAgent()]),
        ("C++ boulware vs C++ hardliner", lambda: ["boulware(e=0.2)", "hardliner"]),
        ("Python boulware vs C++ hardliner", lambda: [TimeDependentAgent(0.2), "hardliner"]),
        ("Python boulware vs Python hardliner",
         lambda: [TimeDependentAgent(0.2), TimeDependentAgent(0.0)]),
    ]
    print(f"scenario {scenario.name} ({scenario.outcome_count} outcomes), {args.rounds} rounds, "
          f"median of {args.runs} runs")
    print(f"{'case':<38} {'rounds':>6} {'us/round':>9} {'us/turn':>8} {'ms/session':>10}")
    measured = {}
    cache = parley.OfferIndexCache()
    for name, make_agents in cases:
        us_round, us_turn, ms_wall, played = run_case(scenario, make_agents, args.rounds,
                                                      args.runs, cache)
        measured[name] = us_round
        baseline = measured["C++ hardliner vs C++ hardliner" if "trivial" in name
                            else "C++ boulware vs C++ hardliner"] if "Python" in name else None
        extra = f"   (+{us_round - baseline:.2f} us/round over C++)" if baseline is not None else ""
        print(f"{name:<38} {played:>6} {us_round:>9.2f} {us_turn:>8.2f} {ms_wall:>10.2f}{extra}")
    trivial = measured["Python trivial vs C++ hardliner"] - \
        measured["C++ hardliner vs C++ hardliner"]
    interpreter = interpreter_round_cost(scenario, 100_000, args.runs)
    print(f"trivial Python agent, per round (respond + propose, engine -> Python): "
          f"{trivial:.2f} us")
    print(f"the same two calls made from Python (the interpreter's own cost): "
          f"{interpreter:.3f} us per round, {trivial / interpreter:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
