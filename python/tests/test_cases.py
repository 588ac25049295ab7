"""The worked-case files of tests/cases (format: tests/cases/README.md) through the Python module.

Each case file is one test: its scenario is loaded with ``parley.load`` / ``parley.loads``,
analysed with ``parley.analyse`` and the result compared with the file's ``expected:`` block by
tests/cases/casefile.py, the comparison the command-line runner uses too (the C++ runner,
tests/cases/case_runner.cpp, implements the same semantics).
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


@pytest.mark.parametrize("path", CASES, ids=[casefile.case_id(p) for p in CASES])
def test_case(path):
    case = casefile.Case(path)
    if case.kind == "division":
        pytest.skip("SKIPPED LOUDLY: the Python module has no fair-division binding yet "
                    "(parley divide / parley::fair); this case runs in the C++ and CLI runners")
    try:
        source = case.scenario_source()
    except casefile.Skip as skip:
        pytest.skip(str(skip))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", parley.LoadWarning)  # repairs are not what cases check
        scenario = (parley.load(source["path"]) if "path" in source
                    else parley.loads(source["native"], origin=str(case.path)))
    options = {key: case.option(key) for key in ("method", "tolerance", "seed", "time_budget")
               if case.option(key) is not None}
    if "tolerance" in options:
        options["tolerance"] = casefile.number(options["tolerance"], "options.tolerance")
    result = parley.analyse(scenario, **options)
    casefile.compare_analysis(case, analysis_actual(result), "Python: parley.analyse")


def test_every_case_file_is_listed():
    """The folder holds cases of both kinds (guards against an empty glob)."""
    kinds = {casefile.Case(p).kind for p in CASES}
    assert kinds == {"analysis", "division"} and len(CASES) >= 15
