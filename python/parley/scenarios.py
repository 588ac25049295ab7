"""Loading, saving and building scenarios: the conveniences over parley._core's io and model.

``load`` reads any format (native YAML, GENIUS XML, GeniusWeb JSON) and reports the loader's
repairs as Python warnings; ``save`` writes native YAML or GENIUS XML; ``build_scenario`` makes a
linear-additive scenario from plain dictionaries, in the native format's vocabulary.
"""

from __future__ import annotations

import json
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


# The shared preference vocabulary (docs/scenario-format.md), as in the native YAML and the
# service's JSON; the C++ builder behind _core.build_party checks and normalises it.
_KEYS = {"weights", "scores", "utilities", "functions", "walk_away", "walk_away_package",
         "discount", "description", "notes", "uncertainty"}
# Spellings of parley 0.x's build_scenario, still read with a DeprecationWarning.
_OLD_KEYS = {"values": "utilities", "reservation_value": "walk_away",
             "discount_factor": "discount"}


def _numbers(issue: _core.Issue, table, field: str) -> list[tuple[str, float]]:
    """{option: number} or [number per option, in the issue's order] -> ordered (option, number)."""
    if isinstance(table, Mapping):
        return [(str(option), float(x)) for option, x in table.items()]
    if isinstance(table, (list, tuple)):
        if len(table) != len(issue):
            raise input_error("scenario", field, f"{len(table)} numbers",
                              f"one per option of issue '{issue.name}' ({len(issue)})")
        return [(option, float(x)) for option, x in zip(issue.values, table)]
    raise input_error("scenario", field, type(table).__name__,
                      "{option: number} or a list with one number per option")


def _function(issue: _core.Issue, spec, field: str) -> _core.ValueFunction:
    """A parley.ValueFunction or the native format's {linear|triangular|constant: ...}."""
    if isinstance(spec, _core.ValueFunction):
        return spec
    if isinstance(spec, Mapping) and len(spec) == 1:
        (kind, args), = spec.items()
        if kind == "constant":
            return _core.ValueFunction.make_constant(float(args))
        if kind == "linear" and isinstance(args, Mapping):
            lower = float(issue.numeric_value(0)) if issue.kind != _core.IssueKind.categorical else 0.0
            return _core.ValueFunction.make_linear(
                float(args["slope"]), float(args["offset"]), float(args.get("origin", lower)),
                bool(args.get("clip", True)))
        if kind == "triangular" and isinstance(args, Mapping):
            return _core.ValueFunction.make_triangular(
                float(args["lower"]), float(args["upper"]), float(args["top"]))
    raise input_error("scenario", field, repr(spec),
                      "a parley.ValueFunction or {'linear': {...}}, {'triangular': {...}} or "
                      "{'constant': number}")


def _uncertainty_text(block, field: str) -> str | None:
    """The ``uncertainty`` block as JSON text for the native format's reader (None: none)."""
    if block is None:
        return None
    try:
        return json.dumps(block, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise input_error("scenario", f"{field}.uncertainty", str(error),
                          "dicts, lists, strings and finite numbers (docs/robust.md)") from None


def _party(name: str, spec: Mapping, issues: list[_core.Issue],
           status_quo: list[int] | None = None) -> _core.Party:
    field = f"parties.{name}"
    unknown = sorted(set(spec) - _KEYS - set(_OLD_KEYS))
    if unknown:
        raise input_error("scenario", field, f"unknown key(s) {', '.join(unknown)}",
                          f"keys among {', '.join(sorted(_KEYS))}")
    spec = dict(spec)
    old = [key for key in _OLD_KEYS if key in spec]
    for key in old:
        if _OLD_KEYS[key] in spec:
            raise input_error("scenario", f"{field}.{key}",
                              f"both '{key}' and '{_OLD_KEYS[key]}'",
                              f"'{_OLD_KEYS[key]}' only ('{key}' is its old spelling)")
        spec[_OLD_KEYS[key]] = spec.pop(key)
    by_name = {issue.name: issue for issue in issues}
    weights = spec.get("weights")
    if weights is not None:
        weights = [(str(issue), float(w)) for issue, w in dict(weights).items()]
    if old:
        message = (f"build_scenario: {field}: " +
                   ", ".join(f"'{key}' is deprecated, write '{_OLD_KEYS[key]}'" for key in old))
        if weights is not None:
            # The old spelling let missing issues weigh 0 and used weights as written; weights
            # are now divided by their sum, as everywhere else in parley.
            given = {issue for issue, _ in weights}
            weights += [(issue.name, 0.0) for issue in issues if issue.name not in given]
            total = sum(w for _, w in weights)
            if abs(total - 1.0) > 1e-6 and total > 0.0:
                message += (f"; the weights sum to {total:g} and are now divided by their sum "
                            "(they used to be taken as written), which changes every utility")
        _warnings.warn(message, DeprecationWarning, stacklevel=4)

    def tables(kind: str) -> list:
        result = []
        for issue_name, table in dict(spec.get(kind, {})).items():
            issue = by_name.get(str(issue_name))
            if issue is None:  # the builder names the unknown issue
                result.append((str(issue_name), []))
                continue
            result.append((issue.name, _numbers(issue, table, f"{field}.{kind}.{issue.name}")))
        return result

    functions = []
    for issue_name, function in dict(spec.get("functions", {})).items():
        issue = by_name.get(str(issue_name))
        functions.append((str(issue_name),
                          _function(issue, function, f"{field}.functions.{issue_name}")
                          if issue is not None else _core.ValueFunction.make_constant(0.0)))
    package = spec.get("walk_away_package")
    if package is not None:
        package = [(str(issue), str(option)) for issue, option in dict(package).items()]
    walk_away, discount = spec.get("walk_away"), spec.get("discount")
    # 'status_quo' (as in the native format): the party's utility of the scenario's status quo.
    to_status_quo = isinstance(walk_away, str) and walk_away == "status_quo"
    if isinstance(walk_away, str) and not to_status_quo:
        raise input_error("scenario", f"{field}.walk_away", repr(walk_away),
                          "a number in [0, 1] or 'status_quo'")
    party, messages = _core.build_party(
        issues, name, weights=weights, scores=tables("scores"), utilities=tables("utilities"),
        functions=functions,
        walk_away=None if walk_away is None or to_status_quo else float(walk_away),
        walk_away_package=package, discount=None if discount is None else float(discount),
        description=str(spec.get("description", "")), notes=str(spec.get("notes", "")),
        origin="scenario", field=field, walk_away_status_quo=to_status_quo,
        status_quo=status_quo, uncertainty=_uncertainty_text(spec.get("uncertainty"), field))
    _report(messages, stacklevel=4)
    return party


def build_scenario(name: str, issues: Mapping[str, object], parties: Mapping[str, Mapping],
                   description: str = "",
                   status_quo: Mapping[str, object] | None = None) -> _core.Scenario:
    """Builds a linear-additive scenario from plain Python data.

    ``issues`` maps an issue name to a list of option names, a ``range`` of integers, or a
    ``parley.Issue``. ``parties`` maps a party name to a dict in the vocabulary of the native
    format (docs/scenario-format.md) and of the mediation service:

    - ``weights``: {issue: weight >= 0} for every issue (0 when the party does not care);
      divided by their sum, with a ``LoadWarning``, when they do not sum to 1;
    - one value function per issue with a positive weight, under ``scores`` ({issue: {option:
      score >= 0}}, any scale, divided by the issue's best score), ``utilities`` ({issue:
      {option: utility in [0, 1]}}, used as written) or ``functions`` ({issue: {'linear':
      {'slope', 'offset', 'origin', 'clip'}} | {'triangular': {'lower', 'upper', 'top'}} |
      {'constant': c} | a parley.ValueFunction}, numeric issues); a table may also be a list
      with one number per option in the issue's order;
    - optionally ``walk_away`` (reservation value in [0, 1], or ``'status_quo'``: the party's
      utility of ``status_quo``), ``walk_away_package`` ({issue: option}; its utility is the
      reservation value unless ``walk_away`` is also given), ``discount`` (in (0, 1]),
      ``description``, ``notes``;
    - optionally ``uncertainty``: what is not known about these preferences, in the words of the
      native format's ``uncertainty:`` block (docs/robust.md): ``weights`` intervals,
      ``ratios``, ``rank``, ``prefers``, ``ranking``, ``mixture``, ``dirichlet``, ``scores`` /
      ``utilities`` intervals, ``walk_away`` law; used by ``parley.robust``.

    ``status_quo`` ({issue: option}, every issue once) is the package that holds without
    agreement, as the native format's top-level ``status_quo:``.

    The old spellings ``values`` (= ``utilities``), ``reservation_value`` (= ``walk_away``) and
    ``discount_factor`` (= ``discount``) still work and raise a ``DeprecationWarning``; with them
    a missing weight still means 0, but weights are now normalised like everywhere else (the
    warning says so when that changes the utilities). Raises ``parley.InputError`` naming the
    field (``parties.NAME.scores.ISSUE``...) on unknown issues or options, missing values,
    negative weights or scores, or weights that are all zero.
    """
    issue_list = [_issue(issue_name, spec) for issue_name, spec in issues.items()]
    package = None
    if status_quo is not None:
        package = _core.build_package(
            issue_list, [(str(issue), str(option)) for issue, option in dict(status_quo).items()],
            "scenario", "status_quo")
    party_list = [_party(party_name, spec, issue_list, package)
                  for party_name, spec in parties.items()]
    return _core.Scenario(name, issue_list, party_list, description, status_quo=package)
