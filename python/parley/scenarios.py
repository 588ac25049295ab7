"""Loading, saving and building scenarios: the conveniences over parley._core's io and model.

``load`` reads any format (native YAML, GENIUS XML, GeniusWeb JSON) and reports the loader's
repairs as Python warnings; ``save`` writes native YAML or GENIUS XML; ``build_scenario`` makes a
linear-additive scenario from plain dictionaries.
"""

from __future__ import annotations

import os
import warnings as _warnings
from typing import Iterable, Mapping, Sequence, Union

from . import _core

PathLike = Union[str, "os.PathLike[str]"]

__all__ = ["LoadWarning", "load", "loads", "save", "build_scenario", "input_error"]


class LoadWarning(UserWarning):
    """A repair made while loading (weights renormalised, values clipped...)."""


def input_error(origin: str, field: str, found: str, expected: str) -> _core.InputError:
    """A parley.InputError worded like the C++ ones: 'ORIGIN: FIELD: found X, expected Y'."""
    error = _core.InputError(f"{origin}: {field}: found {found}, expected {expected}")
    error.file, error.line, error.column = origin, None, None
    error.field, error.found, error.expected = field, found, expected
    return error


def _report(messages: Iterable[str], stacklevel: int = 3) -> None:
    for message in messages:
        _warnings.warn(message, LoadWarning, stacklevel=stacklevel)


def load(path: PathLike | Sequence[PathLike], *, profiles: Sequence[PathLike] = (),
         real_steps: int = 11) -> _core.Scenario:
    """Loads a scenario in any format and returns it.

    ``path`` is a native .yaml file, a GENIUS or GeniusWeb folder, a domain file whose folder
    holds the profiles, or a list: a domain file followed by profile files. ``profiles`` picks
    the profile files, in party order, when a folder holds more than there are parties.
    ``real_steps`` discretises real issues in formats that declare none. Repairs made while
    loading are issued as ``LoadWarning``; bad input raises ``parley.InputError``.
    """
    if isinstance(path, (str, os.PathLike)):
        paths = [os.fspath(path)]
    else:
        paths = [os.fspath(p) for p in path]
    scenario, messages = _core.load_scenario(paths, [os.fspath(p) for p in profiles], real_steps)
    _report(messages)
    return scenario


def loads(text: str, origin: str = "text") -> _core.Scenario:
    """Parses native YAML text (``origin`` names it in messages)."""
    scenario, messages = _core.parse_native(text, origin)
    _report(messages)
    return scenario


_FORMATS = {"native": _core.Format.native, "genius": _core.Format.genius,
            "geniusweb": _core.Format.geniusweb}


def save(scenario: _core.Scenario, path: PathLike, format: str | None = None) -> list[str]:
    """Writes a scenario; returns the paths written.

    ``format`` is "native" (one YAML file at ``path``), "genius" (``path`` is a folder that
    receives <name>-domain.xml and one <name>-<party>.xml per party) or "geniusweb" (a folder
    that receives <name>.json and one <party>.json LinearAdditiveUtilitySpace per party).
    Without it, a path ending in .yaml or .yml is native and anything else a GENIUS folder.
    What the target format cannot hold exactly is reported as ``LoadWarning``.
    """
    target = os.fspath(path)
    if format is None:
        format = "native" if target.lower().endswith((".yaml", ".yml")) else "genius"
    if format not in _FORMATS:
        raise input_error(target, "format", repr(format), "'native', 'genius' or 'geniusweb'")
    if not isinstance(scenario, _core.Scenario):
        raise TypeError(f"save() needs a parley.Scenario, not {type(scenario).__name__}")
    if format == "native":
        _core.save_native(scenario, target)
        return [target]
    writer = _core.save_genius if format == "genius" else _core.save_geniusweb
    written, messages = writer(scenario, target)
    _report(messages)
    return written


def _issue(name: str, spec) -> _core.Issue:
    if isinstance(spec, _core.Issue):
        return spec
    if isinstance(spec, range):
        if spec.step != 1 or len(spec) == 0:
            raise input_error("scenario", f"issues.{name}", repr(spec),
                              "a non-empty range with step 1")
        return _core.Issue.integer(name, spec.start, spec.stop - 1)
    if isinstance(spec, (list, tuple)) and all(isinstance(o, str) for o in spec):
        return _core.Issue.categorical(name, list(spec))
    raise input_error("scenario", f"issues.{name}", repr(spec),
                      "a list of option names, a range of integers or a parley.Issue")


def _party(name: str, spec: Mapping, issues: list[_core.Issue]) -> _core.Party:
    field = f"parties.{name}"
    known = {"weights", "values", "reservation_value", "discount_factor", "description"}
    unknown = sorted(set(spec) - known)
    if unknown:
        raise input_error("scenario", field, f"unknown key(s) {', '.join(unknown)}",
                          f"keys among {', '.join(sorted(known))}")
    names = [issue.name for issue in issues]
    weights_given = dict(spec.get("weights", {}))
    values_given = dict(spec.get("values", {}))
    for key in list(weights_given) + list(values_given):
        if key not in names:
            raise input_error("scenario", field, f"unknown issue '{key}'",
                              f"one of the issues: {', '.join(names)}")
    weights, functions = [], []
    for issue in issues:
        weights.append(float(weights_given.get(issue.name, 0.0)))
        table = values_given.get(issue.name)
        if table is None:
            raise input_error("scenario", f"{field}.values", f"no values for '{issue.name}'",
                              "a utility for every value of every issue")
        if isinstance(table, Mapping):
            table = {str(value): utility for value, utility in table.items()}
            missing = [v for v in issue.values if v not in table]
            extra = [str(v) for v in table if v not in issue.values]
            if missing or extra:
                raise input_error("scenario", f"{field}.values.{issue.name}",
                                  f"values {', '.join(extra or missing)}"
                                  + (" not in the issue" if extra else " missing"),
                                  f"exactly the values {', '.join(issue.values)}")
            table = [table[v] for v in issue.values]
        functions.append(_core.ValueFunction.from_utilities([float(u) for u in table]))
    utility = _core.LinearAdditiveUtility(issues, weights, functions)
    return _core.Party(name, utility,
                       reservation_value=float(spec.get("reservation_value", 0.0)),
                       discount_factor=float(spec.get("discount_factor", 1.0)),
                       description=str(spec.get("description", "")))


def build_scenario(name: str, issues: Mapping[str, object], parties: Mapping[str, Mapping],
                   description: str = "") -> _core.Scenario:
    """Builds a linear-additive scenario from plain Python data.

    ``issues`` maps an issue name to a list of option names, a ``range`` of integers, or a
    ``parley.Issue``. ``parties`` maps a party name to a dict with ``weights`` ({issue: weight},
    missing issues weigh 0), ``values`` ({issue: {value: utility in [0,1]}} or {issue: [utility
    per value]}), and optionally ``reservation_value``, ``discount_factor``, ``description``.
    Weights are used as given (not normalised). Raises ``parley.InputError`` on unknown issues,
    missing values or negative weights.
    """
    issue_list = [_issue(issue_name, spec) for issue_name, spec in issues.items()]
    party_list = [_party(party_name, spec, issue_list) for party_name, spec in parties.items()]
    return _core.Scenario(name, issue_list, party_list, description)
