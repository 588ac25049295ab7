"""The worked-case files of tests/cases (format: tests/cases/README.md) through the Python module.

Each case file is one test. An analysis case's scenario is loaded with ``parley.load`` /
``parley.loads`` and analysed with ``parley.analyse``; a division case's instance is read with
``parley.load_division_table`` / ``parley.parse_division_table`` or built from a scenario with
``parley.division_instance_from_scenario``, and divided with ``parley.divide``. The result is
compared with the file's ``expected:`` block by tests/cases/casefile.py, the comparison the
command-line runner uses too (the C++ runner, tests/cases/case_runner.cpp, implements the same
semantics).
"""

import os
import sys
import warnings
from pathlib import Path

import pytest

SOURCE_DIR = Path(os.environ.get("PARLEY_SOURCE_DIR", Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(SOURCE_DIR / "tests" / "cases"))
import casefile  # noqa: E402

import parley  # noqa: E402

CASES = casefile.case_files()


def outcome_labels(scenario, outcome):
    return parley.outcome_labels(scenario, outcome)


def analysis_actual(result) -> dict:
    """parley.analyse's result as the actual dictionary of casefile.py."""
    scenario, raw = result.scenario, result.raw
    frontier = result.frontier
    zone = result.zone
    indicators = raw.indicators
    return {
        "parties": list(result.parties),
        "frontier": {
            "method": frontier.method,
            "exact": frontier.exact,
            "packages": [{"outcome": labels, "utilities": [float(u) for u in row]}
                         for labels, row in zip(frontier.packages(), frontier.utilities)],
        },
        "zone": {"exists": zone.exists, "rational_frontier_size": zone.rational_frontier_size,
                 "rational_count": zone.rational_count, "rational_share": zone.rational_share,
                 "share_exact": zone.share_exact, "closest_package": zone.closest_package,
                 "shortfall": list(zone.shortfall)},
        "solutions": [{"kind": s.name,
                       "packages": [{"outcome": labels} for labels in s.packages],
                       "probabilities": list(s.probabilities), "utilities": list(s.utilities),
                       "gains": list(s.gains), "criterion": s.criterion}
                      for s in result.solutions.values()],
        "indicators": {
            "ideal_point": list(result.indicators.ideal_point),
            "worst_point": list(result.indicators.worst_point),
            "ideal_packages": [outcome_labels(scenario, p.outcome)
                               for p in indicators.ideal_packages],
            "worst_packages": [outcome_labels(scenario, p.outcome)
                               for p in indicators.worst_packages],
            "exact": result.indicators.exact, "opposition": result.indicators.opposition},
    }


def division_actual(division, warnings: list) -> dict:
    """parley.divide's (division, warnings) as the actual dictionary of casefile.py."""
    agents, items = list(division.instance.agents), list(division.instance.items)
    actual = {"method": parley.division_method_name(division.method), "agents": agents,
              "items": items, "warnings": len(warnings),
              "checks": {c.property: parley.verdict_name(c.verdict) for c in division.checks}}
    aw = division.adjusted_winner
    if aw is not None:
        split = None
        if aw.split_item is not None:
            split = {"item": items[aw.split_item], "kept": aw.split_fraction_kept}
        actual["adjusted_winner"] = {
            "initial_totals": list(aw.initial_totals), "totals": list(aw.totals),
            "initial_owner": [agents[a] for a in aw.initial_owner],
            "transfer_order": [items[i] for i in aw.transfer_order], "split": split,
            "shares": list(aw.share_of_first)}
    if division.allocation is not None:
        actual["allocation"] = [agents[a] for a in division.allocation]
        actual["utilities"] = list(division.utilities)
    if division.rent is not None:
        rent = division.rent
        actual["rent"] = {"total": rent.total_rent,
                          "rooms": [items[r] for r in rent.room_of_agent],
                          "prices": list(rent.prices), "utilities": list(rent.agent_utilities)}
    return actual


def run_division(case: casefile.Case) -> None:
    """Loads the instance as `parley divide` would and divides it through the binding."""
    source = case.division_source()
    warnings_found = []
    if "table" in source:
        instance = parley.parse_division_table(source["table"], str(case.path))
    elif "path" in source and source["path"].lower().endswith(".csv"):
        instance = parley.load_division_table(source["path"])
    else:
        # The engine's loaders return their warnings (parley.load would turn them into Python
        # warnings): the case counts loading and dividing warnings together, as the CLI does.
        scenario, warnings_found = (
            parley._core.load_scenario([source["path"]]) if "path" in source
            else parley._core.parse_native(source["native"], str(case.path)))
        instance, more = parley.division_instance_from_scenario(scenario)
        warnings_found = list(warnings_found) + list(more)
    options = parley.DivideOptions()
    if case.option("rent") is not None:
        options.total_rent = casefile.exact(case.option("rent"), "options.rent")
    division, divide_warnings = parley.divide(instance, case.option("method"), options)
    casefile.compare_division(case, division_actual(division, warnings_found + divide_warnings),
                              "Python: parley.divide")


@pytest.mark.parametrize("path", CASES, ids=[casefile.case_id(p) for p in CASES])
def test_case(path):
    case = casefile.Case(path)
    try:
        if case.kind == "division":
            run_division(case)
            return
        source = case.scenario_source()
    except casefile.Skip as skip:
        pytest.skip(str(skip))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", parley.LoadWarning)  # repairs are not what cases check
        scenario = (parley.load(source["path"]) if "path" in source
                    else parley.loads(source["native"], origin=str(case.path)))
    options = {key: case.option(key) for key in ("method", "tolerance", "seed", "budget")
               if case.option(key) is not None}
    if "tolerance" in options:
        options["tolerance"] = casefile.number(options["tolerance"], "options.tolerance")
    if "budget" in options:
        options["budget"] = int(options["budget"])
    result = parley.analyse(scenario, lotteries=case.lotteries(), **options)
    casefile.compare_analysis(case, analysis_actual(result), "Python: parley.analyse")


def test_every_case_file_is_listed():
    """The folder holds cases of both kinds (guards against an empty glob)."""
    kinds = {casefile.Case(p).kind for p in CASES}
    assert kinds == {"analysis", "division"} and len(CASES) >= 15
