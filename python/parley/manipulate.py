"""Manipulation analysis: ``parley.manipulate`` (docs/manipulation.md)."""

import json

from . import _core

__all__ = ["manipulate"]


def manipulate(scenario, rule="nash", party=None, reports="walk-away", table=False,
               grid_step=0.05, max_packages=200000):
    """How much ``party`` could gain by misreporting to the mediator ``rule``, as a dict
    (schema parley-manipulation/1, the same as ``parley manipulate --json``).

    ``rule``: "nash", "ks", "egalitarian", "utilitarian", "adjusted-winner" (two parties, a
    division scenario) or "mnw" (maximum Nash welfare, divisible goods). ``reports``: what the
    party may misreport: "walk-away", "weights", "values" or "all". ``table=True``: every party
    under every rule that fits. Full information is assumed (the worst case for the mediator);
    every result spells out its tie-breaking. Each result holds the truthful and the best
    report with their outcomes and true utilities, ``gain``, ``incentive_ratio``, ``losses``,
    ``minimum_deviation``, the exact ``intervals`` of walk-away reports and a ``sentence``.
    """
    text = _core.manipulation_json(scenario, rule=rule, party=party, reports=reports,
                                   table=table, grid_step=grid_step, max_packages=max_packages)
    return json.loads(text)
