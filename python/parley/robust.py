"""Robust compromise under uncertain preferences: ``parley.robust`` (docs/robust.md)."""

import json
import math

from . import _core
from .scenarios import input_error

__all__ = ["robust", "utility_bounds_from_negmas"]


def robust(scenario, samples=10000, seed=1, alpha=0.9, max_packages=2000000, listed=10,
           questions=3, candidate_vectors=32, monte_carlo=False, fix=(), walk_away=(), weight=()):
    """The robust analysis of ``parley robust`` as a dict (schema parley-robust/1).

    For every listed package: each party's acceptance probability (exact, or Monte Carlo with
    its standard error), expected utility, utility range, rationality flags; the joint
    acceptance; how often it is the Nash / KS choice. Recommendations (most acceptable, nominal
    and robust Nash and KS, chance-constrained Nash at ``alpha``), sensitivity of the nominal
    Nash package, the ``questions`` most informative questions to ask next (compare two
    packages, accept a package, does a weight reach a threshold: what each answer would tell
    about the Nash choice), and plain-language sentences. What-ifs are written as on the command line:
    ``fix=["iturup=russia"]``, ``walk_away=["japan=0.45"]``, ``weight=["japan.iturup=0.3"]``.
    Spaces larger than ``max_packages`` are analysed exactly over candidates: the Pareto
    frontiers at ``candidate_vectors`` parameter vectors (the dict's ``candidates`` says so).
    ``parley.robust_report`` gives the text report.
    """
    text = _core.robust_json(scenario, samples=samples, seed=seed, alpha=alpha,
                             max_packages=max_packages, listed=listed, questions=questions,
                             candidate_vectors=candidate_vectors,
                             monte_carlo=monte_carlo,
                             fix=list(fix), walk_away=list(walk_away), weight=list(weight))
    return json.loads(text)


def _interval(distribution, where):
    """[low, high] of one NegMAS utility value: a number, or a distribution with min/max or a
    uniform one with loc/scale (negmas.helpers.prob.ScipyDistribution, uniform_around)."""
    if isinstance(distribution, (int, float)):
        low = high = float(distribution)
    elif hasattr(distribution, "min") and hasattr(distribution, "max"):
        low, high = distribution.min, distribution.max
        low, high = float(low() if callable(low) else low), float(high() if callable(high) else high)
    elif hasattr(distribution, "loc") and hasattr(distribution, "scale"):
        kind = str(getattr(distribution, "type", "uniform")).lower()
        if kind != "uniform":
            raise input_error("negmas", where, f"a {kind} distribution",
                                   "uniform distributions (an interval each) or numbers")
        low = float(distribution.loc)
        high = low + float(distribution.scale)
    else:
        raise input_error("negmas", where, type(distribution).__name__,
                               "a number or a distribution with loc/scale or min/max")
    if not (math.isfinite(low) and math.isfinite(high)) or low > high:
        raise input_error("negmas", where, f"[{low}, {high}]",
                               "finite bounds, low <= high")
    return [low, high]


def utility_bounds_from_negmas(ufun, issues):
    """A NegMAS ``IPUtilityFunction`` (one independent distribution per outcome) as the
    ``utility_of`` statements of a party's ``uncertainty`` block: each outcome's utility lies in
    its distribution's interval (uniform ``loc``/``scale``, or ``min``/``max``; a number is a
    point). parley turns them into linear statements on the party's weights (docs/robust.md), so
    their correlation through shared options is kept and intervals no weight vector meets are
    reported, naming them.

    ``ufun``: an object with ``distributions``, a dict from outcomes (tuples of option values in
    the order of ``issues``, or dicts {issue: option}) to distributions, as IPUtilityFunction has.
    ``issues``: the issue names in the order the outcome tuples follow (a list of names, or a
    scenario). Returns ``{"utility_of": [{"package": {...}, "between": [low, high]}, ...]}``.
    """
    names = [issue.name for issue in issues.issues] if hasattr(issues, "issues") else list(issues)
    bounds = []
    for position, (outcome, distribution) in enumerate(dict(ufun.distributions).items()):
        where = f"distributions[{position + 1}]"
        if isinstance(outcome, dict):
            package = {str(issue): str(option) for issue, option in outcome.items()}
        else:
            outcome = tuple(outcome)
            if len(outcome) != len(names):
                raise input_error("negmas", where, f"an outcome of {len(outcome)} values",
                                       f"one value per issue ({len(names)})")
            package = {name: str(option) for name, option in zip(names, outcome)}
        bounds.append({"package": package, "between": _interval(distribution, where)})
    return {"utility_of": bounds}
