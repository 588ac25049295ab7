"""``parley.analyse``: what ``parley solve`` computes, as plain Python objects.

The engine's results (parley._core.Analysis) are turned into small frozen dataclasses holding
Python numbers, tuples, dictionaries of value labels and numpy arrays for the large tables, each
with a readable ``repr``. ``to_frame()`` methods give pandas DataFrames when pandas is installed.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Optional, Tuple

import numpy as np

from . import _core
from .scenarios import input_error

__all__ = ["analyse", "AnalysisResult", "FrontierResult", "ZoneResult", "SolutionResult",
           "IndicatorsResult", "outcome_labels", "frontier"]

_METHODS = {
    "auto": _core.FrontierMethod.automatic,
    "enumeration": _core.FrontierMethod.enumeration,
    "linear-dp": _core.FrontierMethod.linear_dp,
    "search": _core.FrontierMethod.anytime_search,
}


def _pandas():
    try:
        import pandas
    except ImportError as error:  # pandas is optional: only to_frame() needs it
        raise ImportError("to_frame() needs pandas (apt install python3-pandas)") from error
    return pandas


def outcome_labels(scenario: _core.Scenario, outcome) -> Dict[str, str]:
    """{issue name: value label} of an outcome (a sequence of value indices)."""
    checked = list(outcome)
    scenario.utilities(checked)  # raises InputError for an outcome outside the space
    return {issue.name: issue.value_label(v) for issue, v in zip(scenario.issues, checked)}


@dataclass(frozen=True)
class FrontierResult:
    """The Pareto frontier: one row per package, sorted by the first party's utility, descending.

    ``utilities`` is an (n, parties) float array, ``outcomes`` an (n, issues) array of value
    indices; ``packages()`` gives the packages as {issue: value label} dictionaries.
    """

    parties: Tuple[str, ...]
    issues: Tuple[str, ...]
    utilities: np.ndarray = field(repr=False)
    outcomes: np.ndarray = field(repr=False)
    method: str
    exact: bool
    seconds: float
    _scenario: _core.Scenario = field(repr=False, compare=False)
    #: Why the method was chosen; work units spent and the budget; why it ended ("finished",
    #: "budget" or "time-cap"); for approximations, the share of the utility box the packages
    #: dominate and a bound on what is missing (linear-additive), both estimates.
    method_reason: str = ""
    work: int = 0
    budget: int = 0
    stop: str = "finished"
    hypervolume: Optional[float] = None
    dominated_share: Optional[float] = None
    gap_bound: Optional[float] = None

    def __len__(self) -> int:
        return int(self.utilities.shape[0])

    def __repr__(self) -> str:
        kind = "exact" if self.exact else "approximate"
        return (f"FrontierResult({len(self)} packages, parties={list(self.parties)}, "
                f"method={self.method!r}, {kind})")

    def packages(self) -> list:
        """Every frontier package as {issue name: value label}."""
        return [outcome_labels(self._scenario, row) for row in self.outcomes]

    def to_frame(self):
        """DataFrame: one column per party's utility, then one per issue (value labels)."""
        pandas = _pandas()
        data = {f"u_{party}": self.utilities[:, j] for j, party in enumerate(self.parties)}
        for i, issue in enumerate(self._scenario.issues):
            data[issue.name] = [issue.value_label(int(v)) for v in self.outcomes[:, i]]
        return pandas.DataFrame(data)


@dataclass(frozen=True)
class ZoneResult:
    """The zone of possible agreement (packages every party prefers to walking away)."""

    exists: bool
    rational_frontier_size: int
    rational_share: float
    share_exact: bool
    rational_count: Optional[int]
    closest_package: Optional[Dict[str, str]]
    shortfall: Tuple[float, ...]

    def __bool__(self) -> bool:
        return self.exists


@dataclass(frozen=True)
class SolutionResult:
    """A bargaining solution: one package, or two with probabilities (a lottery)."""

    name: str
    title: str
    packages: Tuple[Dict[str, str], ...]
    outcomes: Tuple[Tuple[int, ...], ...]
    probabilities: Tuple[float, ...]
    utilities: Tuple[float, ...]
    gains: Tuple[float, ...]
    criterion: float
    explanation: Tuple[str, ...] = field(repr=False)

    @property
    def is_lottery(self) -> bool:
        return len(self.packages) > 1 or self.name.endswith("lottery")

    def __repr__(self) -> str:
        utilities = ", ".join(f"{u:.6g}" for u in self.utilities)
        packages = " | ".join(", ".join(f"{k}={v}" for k, v in p.items()) for p in self.packages)
        return f"SolutionResult({self.name}: utilities=({utilities}); {packages})"


@dataclass(frozen=True)
class IndicatorsResult:
    """Ideal and worst points over the space and the opposition (distance ideal-frontier)."""

    ideal_point: Tuple[float, ...]
    worst_point: Tuple[float, ...]
    opposition: float
    exact: bool


@dataclass(frozen=True)
class AnalysisResult:
    """Everything ``parley solve`` finds; ``raw`` is the engine's parley._core.Analysis."""

    scenario_name: str
    parties: Tuple[str, ...]
    reservation_values: Tuple[float, ...]
    frontier: FrontierResult
    zone: ZoneResult
    solutions: Dict[str, SolutionResult]
    indicators: IndicatorsResult
    scenario: _core.Scenario = field(repr=False, compare=False)
    raw: _core.Analysis = field(repr=False, compare=False)

    def __repr__(self) -> str:
        solutions = ", ".join(
            f"{name}=({', '.join(f'{u:.4g}' for u in solution.utilities)})"
            for name, solution in self.solutions.items())
        return (f"AnalysisResult({self.scenario_name!r}, parties={list(self.parties)}, "
                f"frontier={len(self.frontier)} packages, zone={'yes' if self.zone else 'no'}, "
                f"{solutions})")

    def report(self) -> str:
        """The readable report, as ``parley solve`` prints it."""
        return _core.render_report(self.scenario, self.raw)

    def to_json(self, frontier: str = "all") -> str:
        """The JSON report, as ``parley solve --json`` prints it (docs/solve-json.md).

        ``frontier`` says which efficient packages ``frontier.packages`` lists, as
        ``--frontier``: "all" (the default), "zone" (those in the zone of agreement) or "none".
        Packages are value-index arrays; the labels are in ``scenario.issues[].labels``.
        """
        return _core.render_report_json(self.scenario, self.raw, frontier)

    def to_dict(self, frontier: str = "all") -> Dict[str, Any]:
        """The JSON report parsed into Python dictionaries and lists (``frontier`` as to_json)."""
        return json.loads(self.to_json(frontier))

    def plot(self, path: str | os.PathLike, max_points: int = 20_000, seed: int = 1) -> None:
        """Draws the utility space with gnuplot into an .svg or .png file."""
        _core.plot_analysis(self.scenario, self.raw, os.fspath(path),
                            _core.PlotOptions(max_points=max_points, seed=seed))

    def to_frame(self):
        """DataFrame of the solutions: one row each, utilities and gains per party."""
        pandas = _pandas()
        rows = []
        for solution in self.solutions.values():
            row = {"solution": solution.name, "criterion": solution.criterion,
                   "lottery": solution.is_lottery}
            for j, party in enumerate(self.parties):
                row[f"u_{party}"] = solution.utilities[j]
                row[f"gain_{party}"] = solution.gains[j]
            rows.append(row)
        return pandas.DataFrame(rows).set_index("solution")


def _frontier(scenario: _core.Scenario, frontier: _core.Frontier) -> FrontierResult:
    return FrontierResult(
        parties=tuple(p.name for p in scenario.parties),
        issues=tuple(i.name for i in scenario.issues),
        utilities=frontier.utilities.reshape(len(frontier), scenario.party_count),
        outcomes=frontier.outcomes.reshape(len(frontier), scenario.issue_count),
        method=_core.FrontierMethod(frontier.method).name.replace("_", "-"),
        exact=frontier.exact, seconds=frontier.seconds, _scenario=scenario,
        method_reason=frontier.method_reason, work=frontier.work, budget=frontier.budget,
        stop=_core.StopReason(frontier.stop).name.replace("_", "-"),
        hypervolume=frontier.hypervolume, dominated_share=frontier.dominated_share,
        gap_bound=frontier.gap_bound)


def _result(scenario: _core.Scenario, raw: _core.Analysis) -> AnalysisResult:
    zone = raw.zone
    solutions = {}
    for solution, explanation in zip(raw.solutions, raw.explanations):
        name = _core.solution_name(solution.kind)
        solutions[name] = SolutionResult(
            name=name, title=_core.solution_title(solution.kind),
            packages=tuple(outcome_labels(scenario, p.outcome) for p in solution.packages),
            outcomes=tuple(tuple(p.outcome) for p in solution.packages),
            probabilities=tuple(solution.probabilities), utilities=tuple(solution.utilities),
            gains=tuple(solution.gains), criterion=solution.criterion,
            explanation=tuple(explanation.sentences))
    return AnalysisResult(
        scenario_name=scenario.name,
        parties=tuple(p.name for p in scenario.parties),
        reservation_values=tuple(scenario.reservation_values),
        frontier=_frontier(scenario, raw.frontier),
        zone=ZoneResult(
            exists=zone.exists, rational_frontier_size=len(zone.rational_frontier),
            rational_share=zone.rational_share, share_exact=zone.share_exact,
            rational_count=zone.rational_count,
            closest_package=(outcome_labels(scenario, zone.closest_package.outcome)
                             if zone.closest_package is not None else None),
            shortfall=tuple(zone.shortfall)),
        solutions=solutions,
        indicators=IndicatorsResult(
            ideal_point=tuple(raw.indicators.ideal_point),
            worst_point=tuple(raw.indicators.worst_point),
            opposition=raw.indicators.opposition, exact=raw.indicators.exact),
        scenario=scenario, raw=raw)


def _options(method: str, tolerance: float, budget: Optional[int], time_cap: float,
             seed: int, lotteries: bool = False) -> _core.AnalysisOptions:
    if method not in _METHODS:
        raise input_error("analyse", "method", repr(method), ", ".join(_METHODS))
    if budget is None:
        budget = _core.DEFAULT_WORK_BUDGET
    if isinstance(budget, bool) or not isinstance(budget, int) or budget < 1:
        raise input_error("analyse", "budget", repr(budget), "a positive whole number of work units")
    if isinstance(time_cap, bool) or not isinstance(time_cap, (int, float)) or not (
            0 <= time_cap < float("inf")):
        raise input_error("analyse", "time_cap", repr(time_cap),
                          "a finite number of seconds >= 0 (0: no cap)")
    frontier = _core.FrontierOptions(method=_METHODS[method], tolerance=tolerance, budget=budget,
                                     time_cap_seconds=float(time_cap), seed=seed)
    if not isinstance(lotteries, bool):
        raise input_error("analyse", "lotteries", repr(lotteries), "True or False")
    return _core.AnalysisOptions(frontier=frontier, seed=seed, lotteries=lotteries)


def analyse(scenario: _core.Scenario, *, method: str = "auto", tolerance: float = 1e-9,
            budget: Optional[int] = None, time_cap: float = 0.0, seed: int = 1,
            progress: Optional[Callable[[float, str], None]] = None,
            lotteries: bool = False) -> AnalysisResult:
    """Frontier, zone of agreement, bargaining solutions and indicators of a scenario.

    The same computation and options as ``parley solve``: ``method`` is "auto", "enumeration",
    "linear-dp" or "search"; ``tolerance`` (utilities within tolerance x range are equal);
    ``budget`` work units (default ``parley.DEFAULT_WORK_BUDGET``), which decide the result:
    exact when the exact method fits, else the best approximation the budget reaches, the same
    on any machine; ``time_cap`` an optional wall-clock cap in seconds that only stops early
    (the result then says ``stop == "time-cap"``); ``seed`` of every random choice;
    ``progress(fraction, phase)`` is called now and then; ``lotteries`` (two parties) adds the
    lottery solutions, drawing lots between two packages, which only suit divisible or
    repeatable matters. Ctrl-C raises KeyboardInterrupt. The GIL is released while the engine
    computes.
    """
    if not isinstance(scenario, _core.Scenario):
        raise TypeError(f"analyse() needs a parley.Scenario, not {type(scenario).__name__}")
    raw = _core.analyse(scenario, _options(method, tolerance, budget, time_cap, seed, lotteries),
                        progress)
    return _result(scenario, raw)


def frontier(scenario: _core.Scenario, *, method: str = "auto", tolerance: float = 1e-9,
             budget: Optional[int] = None, time_cap: float = 0.0, seed: int = 1,
             progress: Optional[Callable[[float, str], None]] = None) -> FrontierResult:
    """Only the Pareto frontier (options as in ``analyse``)."""
    if not isinstance(scenario, _core.Scenario):
        raise TypeError(f"frontier() needs a parley.Scenario, not {type(scenario).__name__}")
    options = _options(method, tolerance, budget, time_cap, seed).frontier
    return _frontier(scenario, _core.pareto_frontier(scenario, options, progress))

