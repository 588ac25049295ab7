"""Manipulation analysis: ``parley.manipulate`` (docs/manipulation.md)."""

import json

from . import _core

__all__ = ["manipulate"]


def manipulate(scenario, rule="nash", party=None, reports="walk-away", table=False,
               info="full", samples=200, seed=1, variants=False, epsilon=0.05,
               grid_step=0.05, max_packages=200000):
    """How much ``party`` could gain by misreporting to the mediator ``rule``, as a dict
    (schema parley-manipulation/1, the same as ``parley manipulate --json``).

    ``rule``: "nash", "ks", "egalitarian", "utilitarian", "nash-lottery" (two parties),
    "adjusted-winner" (two parties, a division scenario) or "mnw" (maximum Nash welfare,
    divisible goods). ``reports``: what the
    party may misreport: "walk-away", "weights", "values" or "all". ``table=True``: every party
    under every rule that fits. ``info="full"`` assumes full information (the worst case for the
    mediator); ``info="bayes"`` draws the others' preferences from their uncertainty
    (``samples`` draws, ``seed``) and adds the expected gain and P(loss) of the best report on
    average and of the full-information one (``bayes``). ``variants=True`` returns instead the
    rule against its less manipulable variants (schema parley-manipulation-variants/1: walk-away
    from the no-deal package, the hardest-to-manipulate compromise within ``epsilon`` of the Nash
    product, serial dictatorship, random priority), each with its cost and largest gain. Every
    result spells out its tie-breaking. Each result holds the truthful and the best
    report with their outcomes and true utilities, ``gain``, ``incentive_ratio``, ``losses``,
    ``minimum_deviation``, the exact ``intervals`` of walk-away reports and a ``sentence``.
    """
    text = _core.manipulation_json(scenario, rule=rule, party=party, reports=reports,
                                   table=table, info=info, samples=samples, seed=seed,
                                   variants=variants, epsilon=epsilon, grid_step=grid_step,
                                   max_packages=max_packages)
    return json.loads(text)
