"""Robust compromise under uncertain preferences: ``parley.robust`` (docs/robust.md)."""

import json

from . import _core

__all__ = ["robust"]


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
