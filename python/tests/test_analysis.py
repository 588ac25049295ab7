"""Analysis from Python: frontier, zone, solutions, indicators, reports, plot, GIL release.

Cross-checks: a pure-Python brute force (every outcome, utilities computed from the same
numbers by hand, dominance and the Nash product in plain Python), numpy brute force over a
corpus scenario, and the CLI's `parley solve --json` output on the same files.
"""

import itertools
import json
import math
import shutil
import subprocess
import threading
import time

import numpy as np
import pytest

import parley

# Three issues, two parties; weights and values chosen so that the Nash point is unique.
ISSUES = {"price": ["low", "mid", "high"], "weeks": range(1, 5), "warranty": ["none", "long"]}
PARTIES = {
    "buyer": {"weights": {"price": 0.5, "weeks": 0.2, "warranty": 0.3},
              "utilities": {"price": [1.0, 0.7, 0.0], "weeks": [1.0, 0.8, 0.3, 0.0],
                         "warranty": [0.0, 1.0]},
              "walk_away": 0.25},
    "seller": {"weights": {"price": 0.6, "weeks": 0.3, "warranty": 0.1},
               "utilities": {"price": [0.0, 0.55, 1.0], "weeks": [0.0, 0.4, 0.9, 1.0],
                          "warranty": [1.0, 0.0]},
               "walk_away": 0.3},
}


def hand_utility(party, outcome):
    spec = PARTIES[party]
    return sum(spec["weights"][issue] * spec["utilities"][issue][v]
               for issue, v in zip(ISSUES, outcome))


def brute_force():
    """Every outcome with (buyer, seller) utilities, the Pareto frontier and the Nash point."""
    sizes = [len(values) for values in ISSUES.values()]
    points = {o: (hand_utility("buyer", o), hand_utility("seller", o))
              for o in itertools.product(*(range(n) for n in sizes))}

    def dominated(u):
        return any(v[0] >= u[0] - 1e-12 and v[1] >= u[1] - 1e-12 and
                   (v[0] > u[0] + 1e-12 or v[1] > u[1] + 1e-12) for v in points.values())

    frontier = sorted({(round(u[0], 12), round(u[1], 12)) for u in points.values()
                       if not dominated(u)}, reverse=True)
    reservation = (PARTIES["buyer"]["walk_away"], PARTIES["seller"]["walk_away"])
    rational = [(o, u) for o, u in points.items() if not dominated(u)
                and u[0] >= reservation[0] and u[1] >= reservation[1]]
    nash = max(rational, key=lambda item: (item[1][0] - reservation[0]) *
               (item[1][1] - reservation[1]))
    return frontier, nash


def test_frontier_and_nash_match_a_pure_python_brute_force():
    scenario = parley.build_scenario("deal", ISSUES, PARTIES)
    frontier, (nash_outcome, nash_utilities) = brute_force()
    result = parley.analyse(scenario)
    assert len(result.frontier) == len(frontier)
    assert np.allclose(result.frontier.utilities, np.array(frontier), atol=1e-9)
    nash = result.solutions["nash"]
    assert nash.outcomes == (nash_outcome,)
    assert nash.utilities == pytest.approx(nash_utilities, abs=1e-12)
    assert nash.criterion == pytest.approx((nash_utilities[0] - 0.25) * (nash_utilities[1] - 0.3))
    assert nash.packages[0] == parley.outcome_labels(scenario, nash_outcome)
    # Every package listed on the frontier has the utilities the scenario gives it.
    assert np.allclose(scenario.evaluate(result.frontier.outcomes.astype(np.int64)),
                       result.frontier.utilities)


def test_solutions_are_rational_frontier_points_and_lotteries_mix_two():
    scenario = parley.build_scenario("deal", ISSUES, PARTIES)
    assert list(parley.analyse(scenario).solutions) == ["nash", "kalai-smorodinsky",
                                                        "egalitarian", "utilitarian"]
    result = parley.analyse(scenario, lotteries=True)  # lotteries are opt-in
    assert list(result.solutions) == ["nash", "kalai-smorodinsky", "egalitarian", "utilitarian",
                                      "nash-lottery", "kalai-smorodinsky-lottery"]
    frontier = {tuple(row) for row in result.frontier.outcomes.tolist()}
    for solution in result.solutions.values():
        for outcome in solution.outcomes:
            assert outcome in frontier
        assert solution.utilities[0] >= 0.25 - 1e-9 and solution.utilities[1] >= 0.3 - 1e-9
        assert math.isclose(sum(solution.probabilities), 1.0)
        assert solution.gains == pytest.approx(
            (solution.utilities[0] - 0.25, solution.utilities[1] - 0.3))
        assert solution.explanation  # plain-language sentences
    utilitarian = result.solutions["utilitarian"]
    best_sum = max(hand_utility("buyer", o) + hand_utility("seller", o)
                   for o in itertools.product(range(3), range(4), range(2))
                   if hand_utility("buyer", o) >= 0.25 and hand_utility("seller", o) >= 0.3)
    assert utilitarian.criterion == pytest.approx(best_sum)
    lottery = result.solutions["nash-lottery"]
    expected = np.dot(lottery.probabilities,
                      [[hand_utility(p, o) for p in PARTIES] for o in lottery.outcomes])
    assert lottery.utilities == pytest.approx(tuple(expected))
    assert result.zone.exists and bool(result.zone)
    assert result.indicators.ideal_point == pytest.approx((1.0, 1.0))


def test_frontier_matches_numpy_brute_force_on_a_corpus_scenario(corpus):
    scenario = parley.load(corpus / "genius" / "anac2011" / "Amsterdam")
    grid = np.array(list(itertools.product(*(range(i.cardinality) for i in scenario.issues))))
    utilities = scenario.evaluate(grid)
    # Non-dominated points by a sort-and-sweep in numpy (first party descending).
    order = np.lexsort((-utilities[:, 1], -utilities[:, 0]))
    best_second, kept = -np.inf, []
    for u in utilities[order]:
        if u[1] > best_second + 1e-12:
            kept.append(u)
            best_second = u[1]
    result = parley.frontier(scenario)
    assert result.exact and len(result) == len(kept)
    assert np.allclose(result.utilities, np.array(kept), atol=1e-9)


# AgentHp2 holds three profiles: named, as a folder with more than two must be.
@pytest.mark.parametrize("folder, profiles", [
    ("genius/anac2010/ItexvsCypress", []), ("genius/anac2011/Energy", []),
    ("genius/anac2016/AgentHp2", ["consumer.xml", "producer.xml", "provider.xml"])])
def test_analysis_equals_the_cli_solve_json(corpus, parley_cli, folder, profiles):
    path = corpus / folder
    arguments = [str(parley_cli), "solve", "--json", str(path)]
    for profile in profiles:
        arguments += ["--profile", profile]
    completed = subprocess.run(arguments, check=True, capture_output=True, text=True, timeout=600)
    cli = json.loads(completed.stdout)
    result = parley.analyse(parley.load(path, profiles=profiles))
    cli_utilities = np.array([p["utilities"] for p in cli["frontier"]["packages"]])
    cli_values = np.array([p["values"] for p in cli["frontier"]["packages"]])
    assert result.frontier.utilities.shape == cli_utilities.shape
    assert np.array_equal(result.frontier.utilities, cli_utilities)
    assert np.array_equal(result.frontier.outcomes, cli_values)
    for entry in cli["solutions"]:
        mine = result.solutions[entry["kind"]]
        assert list(mine.utilities) == entry["utilities"]
        assert [list(o) for o in mine.outcomes] == [p["values"] for p in entry["packages"]]
    assert result.to_dict() == cli


def _labels(report, package):
    """{issue: option label} of a value-index package (docs/solve-json.md)."""
    issues = report["scenario"]["issues"]
    return {issue["name"]: issue["labels"][v] for issue, v in zip(issues, package["values"])}


NO_ZONE = """parley: 1
name: No zone
issues:
  - {name: package, options: [p0, p1, p2]}
parties:
  - {name: A, walk_away: 0.9, weights: {package: 1}, utilities: {package: {p0: 1, p1: 0.8, p2: 0}}}
  - {name: B, walk_away: 0.9, weights: {package: 1}, utilities: {package: {p0: 0, p1: 0.8, p2: 1}}}
"""


@pytest.mark.parametrize("example", ["job-offer.yaml", "russia-japan.yaml",
                                     "business-contract.yaml", "divorce-settlement.yaml",
                                     "no zone (inline)"])
def test_solve_json_matches_its_schema(source_dir, example):
    jsonschema = pytest.importorskip("jsonschema")  # Debian: python3-jsonschema
    schema = json.loads((source_dir / "docs" / "solve.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    scenario = (parley.loads(NO_ZONE) if example.startswith("no zone")
                else parley.load(source_dir / "examples" / example))
    result = parley.analyse(scenario, lotteries=True)
    for listing in ("all", "zone", "none"):
        report = result.to_dict(frontier=listing)
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
                  for e in validator.iter_errors(report)]
        assert not errors, errors[:5]
    # The schema is not vacuous: an old-style package (with "outcome") and a wrong schema id fail.
    report = result.to_dict()
    report["frontier"]["packages"][0]["outcome"] = {"x": "y"}
    assert not validator.is_valid(report)
    assert not validator.is_valid({**result.to_dict(), "schema": "parley-solve/1"})


def test_to_json_frontier_listing():
    scenario = parley.build_scenario("deal", ISSUES, PARTIES)
    result = parley.analyse(scenario)
    everything = result.to_dict()
    assert everything["schema"] == "parley-solve/2"
    assert everything["frontier"]["listed"] == "all"
    # Every efficient package of the brute force, listed as value indices with its utilities.
    frontier, (nash_outcome, _) = brute_force()
    packages = everything["frontier"]["packages"]
    assert everything["frontier"]["size"] == len(packages) == len(frontier)
    assert np.allclose([p["utilities"] for p in packages], frontier, atol=1e-9)
    for package in packages:
        assert package["utilities"] == pytest.approx(
            [hand_utility(party, package["values"]) for party in PARTIES], abs=1e-12)
    # The labels, given once, name the values: the Nash package by hand.
    nash = everything["solutions"][0]["packages"][0]
    assert tuple(nash["values"]) == nash_outcome
    assert _labels(everything, nash) == parley.outcome_labels(scenario, nash_outcome)
    assert everything["scenario"]["issues"][0]["labels"] == ["low", "mid", "high"]
    assert everything["scenario"]["issues"][1]["labels"] == ["1", "2", "3", "4"]
    # zone: the IR ones (walk-away 0.25 and 0.3), in the same order; none: no package.
    zone = result.to_dict(frontier="zone")
    assert zone["frontier"]["listed"] == "zone"
    assert zone["frontier"]["size"] == len(frontier)
    rational = [p for p in packages
                if p["utilities"][0] >= 0.25 - 1e-9 and p["utilities"][1] >= 0.3 - 1e-9]
    assert 0 < len(rational) < len(packages)
    assert zone["frontier"]["packages"] == rational
    none = result.to_dict(frontier="none")
    assert none["frontier"]["listed"] == "none" and none["frontier"]["packages"] == []
    assert none["solutions"] == everything["solutions"]
    with pytest.raises(parley.InputError, match="frontier"):
        result.to_json(frontier="some")


def test_reports_and_core_pieces(tmp_path, source_dir):
    scenario = parley.load(source_dir / "examples" / "russia-japan.yaml")
    result = parley.analyse(scenario)
    assert "Nash" in result.report() and "Russia-Japan" in result.report()
    report = result.to_dict()
    assert report["schema"] and report["frontier"]["size"] == len(result.frontier)
    core_frontier = parley.pareto_frontier(scenario)
    zone = parley.agreement_zone(scenario, core_frontier)
    assert len(zone.rational_frontier) == result.zone.rational_frontier_size
    solutions = parley.bargaining_solutions(scenario, zone)
    assert [s.utilities for s in solutions] == \
        [list(s.utilities) for s in result.solutions.values()]
    explanation = parley.explain(scenario, list(result.solutions["nash"].outcomes[0]))
    assert list(explanation.sentences) == list(result.solutions["nash"].explanation)
    indicators = parley.indicators(scenario, core_frontier)
    assert indicators.opposition == pytest.approx(result.indicators.opposition)
    # The corner points span no area above (0, 0); the middle one's box is 0.5 x 0.5.
    assert parley.hypervolume([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]], [0.0, 0.0]) == \
        pytest.approx(0.25)
    frame = result.to_frame()
    assert list(frame.index)[:2] == ["nash", "kalai-smorodinsky"]
    assert frame.loc["nash", "u_japan"] == result.solutions["nash"].utilities[0]
    packages = result.frontier.to_frame()
    assert len(packages) == len(result.frontier) and "habomai" in packages.columns
    if shutil.which("gnuplot"):
        result.plot(tmp_path / "space.svg")
        assert (tmp_path / "space.svg").read_text().lstrip().startswith("<?xml")


def test_results_of_another_scenario_are_refused(source_dir):
    small = parley.build_scenario("deal", ISSUES, PARTIES)
    big = parley.load(source_dir / "examples" / "russia-japan.yaml")
    small_result = parley.analyse(small)
    with pytest.raises(parley.InputError, match="outcome"):
        parley.agreement_zone(big, small_result.raw.frontier)
    with pytest.raises(parley.InputError):
        parley.render_report(big, small_result.raw)
    with pytest.raises(parley.InputError):
        parley.explain(big, [0, 0])


def test_bad_arguments_raise_clear_exceptions(source_dir):
    scenario = parley.load(source_dir / "examples" / "russia-japan.yaml")
    with pytest.raises(parley.InputError, match="method: found 'fastest'"):
        parley.analyse(scenario, method="fastest")
    with pytest.raises(parley.InputError, match="tolerance"):
        parley.analyse(scenario, tolerance=-1.0)
    with pytest.raises(TypeError, match="needs a parley.Scenario"):
        parley.analyse("russia-japan.yaml")
    with pytest.raises(TypeError):
        parley.pareto_frontier(None)
    expected = r"found .*\.pdf'?, expected a file name ending in \.svg or \.png"
    with pytest.raises(parley.InputError, match=expected):
        parley.analyse(scenario).plot("space.pdf")


def test_search_is_deterministic_for_a_budget(corpus):
    scenario = parley.load(corpus / "genius" / "anac2014" / "10issues")
    first = parley.frontier(scenario, method="search", budget=5_000_000, seed=7)
    second = parley.frontier(scenario, method="search", budget=5_000_000, seed=7)
    assert not first.exact and len(first) > 0
    assert first.stop == "budget" and first.budget == 5_000_000
    assert 0 < first.work <= 5_000_000
    assert np.array_equal(first.utilities, second.utilities)
    assert np.array_equal(first.outcomes, second.outcomes)
    # A larger budget finds at least as much: its packages dominate at least as large a share.
    larger = parley.frontier(scenario, method="search", budget=50_000_000, seed=7)
    assert larger.hypervolume >= first.hypervolume - 1e-12


def test_progress_callback_and_bad_budgets(corpus):
    scenario = parley.load(corpus / "genius" / "anac2014" / "10issues")
    seen = []
    result = parley.frontier(scenario, budget=20_000_000, progress=lambda f, p: seen.append((f, p)))
    assert seen and all(0.0 <= f <= 1.0 for f, _ in seen)
    assert [f for f, _ in seen] == sorted(f for f, _ in seen)
    assert result.method == "anytime-search" and "enumerat" in result.method_reason
    with pytest.raises(parley.InputError, match="budget"):
        parley.analyse(scenario, budget=0)
    with pytest.raises(parley.InputError, match="time_cap"):
        parley.analyse(scenario, time_cap=-1)
    with pytest.raises(TypeError, match="progress"):
        parley.frontier(scenario, budget=1000, progress=3)


def test_a_raising_progress_callback_stops_the_computation(corpus):
    scenario = parley.load(corpus / "genius" / "anac2014" / "10issues")

    def stop(fraction, phase):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        parley.frontier(scenario, budget=10**12, progress=stop)


def _main_thread_stall(call):
    """Runs call() in a worker thread while the main thread ticks every millisecond; returns
    (longest gap between ticks, duration of the call). Holding the GIL during the call would
    freeze the main thread for about the whole call."""
    ticks = [time.perf_counter()]
    done = threading.Event()
    duration = []

    def work():
        start = time.perf_counter()
        call()
        duration.append(time.perf_counter() - start)
        done.set()

    worker = threading.Thread(target=work)
    worker.start()
    while not done.is_set():
        ticks.append(time.perf_counter())
        time.sleep(0.001)
    worker.join()
    return max(b - a for a, b in zip(ticks, ticks[1:])), duration[0]


def test_gil_is_released_while_the_engine_computes():
    # A synthetic frontier large enough to take a noticeable time in C++ (grown until it takes
    # 0.1 s on this machine); a busy machine may stall the main thread once, so a stall gets two
    # more tries, while an engine holding the GIL stalls it every time.
    issues = 250
    for attempt in range(3):
        scenario = parley.make_synthetic_scenario(issues, 10)
        gap, duration = _main_thread_stall(lambda: parley.pareto_frontier(scenario))
        if duration < 0.1:
            issues *= 2
            continue
        if gap < duration / 2:
            return
    raise AssertionError(f"main thread stalled {gap:.3f} s of the {duration:.3f} s computation "
                         f"({issues} issues)")
