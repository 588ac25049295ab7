"""Quorum and veto rules, and the improvements of an agreement (docs/analysis.md):
``parley.quorum`` and ``parley.improve``."""

import json

from . import _core

__all__ = ["quorum", "improve"]


def quorum(scenario, required="all", veto=()):
    """Which packages pass when a deal needs ``required`` acceptances ("all", "n-1", "n-K",
    "majority", "2/3" or a number) including every party named in ``veto``, as a dict (schema
    parley-quorum/1, the same as ``parley quorum --json``): the counts, the Pareto-optimal passing
    packages with whom each leaves out, the recommended package (the most acceptances, then the
    largest product of relative gains) and each party's exposure."""
    return json.loads(_core.quorum_json(scenario, required=required, veto=list(veto)))


def improve(scenario, package, limit=10):
    """The packages every party likes at least as much as the agreed ``package`` and some party
    likes more (best first, at most ``limit``), as a dict (schema parley-improvements/1, the same
    as ``parley improve --json``). ``package``: "ISSUE=OPTION, ...", a dict {issue: option} or
    one value index per issue."""
    if isinstance(package, dict):
        package = ", ".join(f"{issue}={option}" for issue, option in package.items())
    if isinstance(package, str):
        text = _core.improvements_json(scenario, package=package, limit=limit)
    else:
        text = _core.improvements_json(scenario, values=[int(v) for v in package], limit=limit)
    return json.loads(text)
