"""The semantics of the worked-case files (tests/cases/README.md), shared by the Python runners.

Two runners import this module: python/tests/test_cases.py (the Python module) and
tests/cases/run_cli_cases.py (the command line). Each turns what it ran into the same plain
dictionary ("actual", described in README.md) and calls ``compare_analysis`` or
``compare_division``; the C++ runner (case_runner.cpp) implements the same comparisons.
Standard library plus PyYAML (Debian's python3-yaml) only.
"""

from __future__ import annotations

import math
import os
import re
import textwrap
from fractions import Fraction
from pathlib import Path
from typing import Any, Dict, List, Optional

import yaml

CASES_DIR = Path(__file__).resolve().parent
SOURCE_DIR = CASES_DIR.parents[1]
# The shared/ folder: $PARLEY_SHARED_DIR, else the parent of $PARLEY_SCENARIOS (the Python tests'
# variable), else ../shared beside the checkout.
SHARED_DIR = Path(os.environ.get("PARLEY_SHARED_DIR")
                  or (Path(os.environ["PARLEY_SCENARIOS"]).parent
                      if os.environ.get("PARLEY_SCENARIOS") else SOURCE_DIR.parent / "shared"))

TOP_LEVEL_KEYS = {"source", "scenario", "division", "options", "tolerance", "expected"}
VERDICTS = {"holds", "fails", "not checked"}
DEFAULT_TOLERANCE = 1e-9


class CaseLoader(yaml.SafeLoader):
    """YAML 1.2 core-schema scalars, as yaml-cpp (the native reader) reads them: option labels
    such as 100_16, yes or 1_000 stay text (PyYAML's YAML 1.1 would make 10016, True, 1000),
    and 1e-9 is a number (YAML 1.1 wants 1.0e-9)."""


CaseLoader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in [
        ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
        ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$",
         "-+0123456789"),
        ("tag:yaml.org,2002:float",
         r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
         r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+0123456789."),
        ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""])]:
    CaseLoader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


def _core_int(loader: CaseLoader, node: yaml.Node) -> int:
    return int(loader.construct_scalar(node), 0)


def _core_float(loader: CaseLoader, node: yaml.Node) -> float:
    text = loader.construct_scalar(node).lower()
    return float(text.replace(".inf", "inf").replace(".nan", "nan"))


CaseLoader.add_constructor("tag:yaml.org,2002:int", _core_int)
CaseLoader.add_constructor("tag:yaml.org,2002:float", _core_float)


class CaseError(Exception):
    """A malformed case file (not a failed comparison)."""


class Skip(Exception):
    """The case needs something absent (the shared corpus)."""


def case_files() -> List[Path]:
    """Every case file, sorted (the same list the C++ runner builds)."""
    return sorted(p for p in CASES_DIR.rglob("*.yaml"))


def case_id(path: Path) -> str:
    """'analysis/nash-vs-ks' for tests/cases/analysis/nash-vs-ks.yaml."""
    return path.relative_to(CASES_DIR).with_suffix("").as_posix()


# --- loading -------------------------------------------------------------------------------


class Case:
    """One case file: its kind, what to run, the options and the expected block."""

    def __init__(self, path: Path):
        self.path = Path(path).resolve()
        self.id = case_id(self.path)
        self.text = self.path.read_text(encoding="utf-8")
        data = yaml.load(self.text, Loader=CaseLoader)
        if not isinstance(data, dict):
            raise CaseError(f"{self.path}: top level: found {type(data).__name__}, expected a "
                            "mapping")
        unknown = set(data) - TOP_LEVEL_KEYS
        if unknown:
            raise CaseError(f"{self.path}: top level: found unknown key(s) {sorted(unknown)}, "
                            f"expected some of {sorted(TOP_LEVEL_KEYS)}")
        for key in ("source", "expected"):
            if key not in data:
                raise CaseError(f"{self.path}: {key}: found nothing, expected a {key} block")
        if ("scenario" in data) == ("division" in data):
            raise CaseError(f"{self.path}: top level: found {'both' if 'scenario' in data else 'neither'}"
                            " of scenario and division, expected exactly one")
        self.data = data
        self.kind = "analysis" if "scenario" in data else "division"
        self.options = data.get("options") or {}
        self.tolerance = number(data.get("tolerance", DEFAULT_TOLERANCE), "tolerance")
        self.expected = data["expected"]
        self._root = yaml.compose(self.text, Loader=CaseLoader)

    def _node(self, *keys: str) -> yaml.Node:
        node = self._root
        for key in keys:
            node = next(v for k, v in node.value if k.value == key)
        return node

    def inline_text(self, *keys: str) -> str:
        """The source text of an inline mapping, exactly as written (comments included)."""
        node = self._node(*keys)
        start, end = node.start_mark, node.end_mark
        body = " " * start.column + self.text[start.index:end.index]
        return textwrap.dedent(body).rstrip() + "\n"

    def scenario_source(self) -> Dict[str, str]:
        """{'path': file} or {'native': text} for an analysis case."""
        return self._source(self.data["scenario"], ("scenario",), allow_table=False)

    def division_source(self) -> Dict[str, str]:
        """{'path': file}, {'native': text} or {'table': csv text} for a division case."""
        value = self.data["division"]
        if isinstance(value, dict) and "table" in value:
            if not isinstance(value["table"], str):
                raise CaseError(f"{self.path}: division.table: expected CSV text (a | block)")
            return {"table": value["table"]}
        if isinstance(value, dict) and "scenario" in value:
            return self._source(value["scenario"], ("division", "scenario"), allow_table=False)
        return self._source(value, ("division",), allow_table=True)

    def _source(self, value: Any, keys: tuple, allow_table: bool) -> Dict[str, str]:
        if isinstance(value, str):
            return {"path": str(resolve_path(value, self.path))}
        if isinstance(value, dict) and "parley" in value:
            return {"native": self.inline_text(*keys)}
        raise CaseError(f"{self.path}: {'.'.join(keys)}: found {type(value).__name__}, expected "
                        "a path or an inline native scenario (a mapping starting with 'parley: 1')")

    def option(self, name: str, default: Any = None) -> Any:
        return self.options.get(name, default)

    def lotteries(self) -> bool:
        """Lotteries are opt-in (`parley solve --lotteries`): on when the case says
        `lotteries: true` or expects a lottery solution (the rule of case_runner.cpp)."""
        wanted = bool(self.option("lotteries", False))
        expected = self.expected if isinstance(self.expected, dict) else {}
        kinds = list((expected.get("solutions") or {}).keys()) + \
            list(expected.get("solution_kinds") or [])
        return wanted or any(str(kind).endswith("-lottery") for kind in kinds)


def resolve_path(text: str, case_path: Path) -> Path:
    """${source}/..., ${shared}/..., or a path relative to the case file's folder."""
    expanded = text.replace("${source}", str(SOURCE_DIR)).replace("${shared}", str(SHARED_DIR))
    path = Path(expanded)
    if not path.is_absolute():
        path = case_path.parent / path
    if "${shared}" in text and not path.exists():
        raise Skip(f"SKIPPED LOUDLY: {text} needs the shared corpus at {SHARED_DIR}")
    return path


# --- numbers ---------------------------------------------------------------------------------

_FRACTION = re.compile(r"^\s*([-+0-9.eE]+)\s*/\s*([-+0-9.eE]+)\s*$")


def number(value: Any, field: str) -> float:
    """A number, 'A/B' (two decimals), or {value: ..., tolerance: ...} (its value)."""
    if isinstance(value, dict):
        return number(value.get("value"), field)
    if isinstance(value, bool):
        raise CaseError(f"{field}: found {value!r}, expected a number")
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        match = _FRACTION.match(value)
        try:
            if match:
                return float(match.group(1)) / float(match.group(2))
            return float(value)
        except ValueError:
            pass
    raise CaseError(f"{field}: found {value!r}, expected a number, 'A/B' or "
                    "{value: X, tolerance: T}")


def exact(value: Any, field: str) -> Fraction:
    """An exact rational: an integer, a decimal, or 'A/B' of two decimals."""
    if isinstance(value, bool):
        raise CaseError(f"{field}: found {value!r}, expected an exact number")
    if isinstance(value, (int, float)):
        return Fraction(str(value))
    if isinstance(value, str):
        match = _FRACTION.match(value)
        try:
            if match:
                return Fraction(match.group(1)) / Fraction(match.group(2))
            return Fraction(value.strip())
        except (ValueError, ZeroDivisionError):
            pass
    raise CaseError(f"{field}: found {value!r}, expected an exact number ('170/3', 61.5, 4)")


def tolerance_of(value: Any, default: float) -> float:
    if isinstance(value, dict) and "tolerance" in value:
        return number(value["tolerance"], "tolerance")
    return default


# --- comparisons -----------------------------------------------------------------------------


class Checker:
    """Collects mismatches, each naming the case file and the field."""

    def __init__(self, case: Case, runner: str):
        self.case = case
        self.runner = runner
        self.failures: List[str] = []
        self.checked = 0

    def fail(self, field: str, found: Any, expected: Any) -> None:
        self.failures.append(f"{self.case.path.relative_to(SOURCE_DIR)}: {field}: found "
                             f"{found!r}, expected {expected!r} ({self.runner})")

    def equal(self, field: str, found: Any, expected: Any) -> None:
        self.checked += 1
        if found != expected:
            self.fail(field, found, expected)

    def close(self, field: str, found: Optional[float], spec: Any) -> None:
        self.checked += 1
        want = number(spec, field)
        tol = tolerance_of(spec, self.case.tolerance)
        if found is None or not math.isfinite(found) or abs(found - want) > tol:
            self.fail(field, found, f"{want} within {tol:g}")

    def rational(self, field: str, found: Optional[Fraction], spec: Any) -> None:
        self.checked += 1
        want = exact(spec, field)
        if found != want:
            self.fail(field, None if found is None else str(found), str(want))

    def done(self) -> None:
        if self.checked == 0:
            self.failures.append(f"{self.case.path}: expected: nothing was compared ({self.runner})")
        if self.failures:
            raise AssertionError("\n".join(self.failures))


def _labels(spec: Any, field: str) -> Dict[str, str]:
    if not isinstance(spec, dict):
        raise CaseError(f"{field}: found {spec!r}, expected {{issue: option, ...}}")
    return {str(k): str(v) for k, v in spec.items()}


def _by_party(check: Checker, field: str, found: List[Any], spec: Any, names: List[str],
              compare) -> None:
    """A per-party vector written as a list (party order) or {party: value}."""
    if isinstance(spec, dict) and "value" not in spec:
        for name, value in spec.items():
            if name not in names:
                check.fail(f"{field}.{name}", "no such party", f"one of {names}")
                continue
            compare(f"{field}.{name}", found[names.index(name)], value)
        return
    if not isinstance(spec, list):
        raise CaseError(f"{field}: found {spec!r}, expected a list or {{party: value}}")
    check.equal(f"{field} (length)", len(found), len(spec))
    for k, (have, want) in enumerate(zip(found, spec)):
        compare(f"{field}[{k}]", have, want)


def _package(check: Checker, field: str, found: Dict[str, Any], spec: Any) -> None:
    """spec: {issue: option} labels, or {outcome: labels, utilities: [...]}."""
    if isinstance(spec, dict) and ("outcome" in spec or "utilities" in spec):
        if "outcome" in spec:
            check.equal(f"{field}.outcome", found["outcome"], _labels(spec["outcome"], field))
        if "utilities" in spec:
            _by_party(check, f"{field}.utilities", found["utilities"], spec["utilities"],
                      check.parties, check.close)
    else:
        check.equal(field, found["outcome"], _labels(spec, field))


ANALYSIS_KEYS = {"frontier", "zone", "solutions", "solution_kinds", "indicators"}


def compare_analysis(case: Case, actual: Dict[str, Any], runner: str) -> None:
    """Compares every expected field of an analysis case with what a runner found."""
    check = Checker(case, runner)
    check.parties = actual["parties"]
    expected = case.expected
    unknown = set(expected) - ANALYSIS_KEYS
    if unknown:
        raise CaseError(f"{case.path}: expected: found unknown key(s) {sorted(unknown)}, "
                        f"expected some of {sorted(ANALYSIS_KEYS)}")
    frontier = expected.get("frontier", {})
    for key, want in frontier.items():
        field = f"expected.frontier.{key}"
        have = actual["frontier"]
        if key == "size":
            check.equal(field, len(have["packages"]), want)
        elif key in ("method", "exact"):
            check.equal(field, have[key], want)
        elif key == "packages":
            check.equal(f"{field} (count)", len(have["packages"]), len(want))
            for k, (found, spec) in enumerate(zip(have["packages"], want)):
                _package(check, f"{field}[{k}]", found, spec)
        else:
            raise CaseError(f"{case.path}: {field}: unknown key")
    zone = actual["zone"]
    for key, want in expected.get("zone", {}).items():
        field = f"expected.zone.{key}"
        if key in ("exists", "rational_frontier_size", "rational_count", "share_exact"):
            check.equal(field, zone[key], want)
        elif key == "rational_share":
            check.close(field, zone[key], want)
        elif key == "closest_package":
            check.equal(field, zone[key], None if want is None else _labels(want, field))
        elif key == "shortfall":
            _by_party(check, field, zone[key], want, check.parties, check.close)
        else:
            raise CaseError(f"{case.path}: {field}: unknown key")
    solutions = {s["kind"]: s for s in actual["solutions"]}
    if "solution_kinds" in expected:
        check.equal("expected.solution_kinds", [s["kind"] for s in actual["solutions"]],
                    list(expected["solution_kinds"]))
    for kind, spec in (expected.get("solutions") or {}).items():
        field = f"expected.solutions.{kind}"
        if kind not in solutions:
            check.fail(field, "no such solution", kind)
            continue
        _solution(case, check, field, solutions[kind], spec)
    indicators = actual["indicators"]
    for key, want in expected.get("indicators", {}).items():
        field = f"expected.indicators.{key}"
        if key in ("ideal_point", "worst_point"):
            _by_party(check, field, indicators[key], want, check.parties, check.close)
        elif key in ("ideal_packages", "worst_packages"):
            _by_party(check, field, indicators[key], want, check.parties,
                      lambda f, have, spec: check.equal(f, have, _labels(spec, f)))
        elif key == "opposition":
            check.close(field, indicators[key], want)
        elif key == "exact":
            check.equal(field, indicators[key], want)
        else:
            raise CaseError(f"{case.path}: {field}: unknown key")
    check.done()


def _solution(case: Case, check: Checker, field: str, found: Dict[str, Any], spec: Any) -> None:
    for key, want in spec.items():
        if key == "package":
            check.equal(f"{field}.packages (count)", len(found["packages"]), 1)
            if found["packages"]:
                check.equal(f"{field}.package", found["packages"][0]["outcome"],
                            _labels(want, f"{field}.package"))
        elif key == "lottery":
            check.equal(f"{field}.packages (count)", len(found["packages"]), len(want))
            outcomes = [p["outcome"] for p in found["packages"]]
            for k, entry in enumerate(want):
                labels = _labels(entry.get("package"), f"{field}.lottery[{k}].package")
                if labels not in outcomes:
                    check.fail(f"{field}.lottery[{k}].package", outcomes, labels)
                    continue
                check.close(f"{field}.lottery[{k}].probability",
                            found["probabilities"][outcomes.index(labels)], entry["probability"])
        elif key in ("utilities", "gains"):
            _by_party(check, f"{field}.{key}", found[key], want, check.parties, check.close)
        elif key == "criterion":
            check.close(f"{field}.criterion", found["criterion"], want)
        else:
            raise CaseError(f"{case.path}: {field}.{key}: unknown key")


DIVISION_KEYS = {"method", "warnings", "adjusted_winner", "allocation", "utilities", "rent",
                 "checks"}


def compare_division(case: Case, actual: Dict[str, Any], runner: str) -> None:
    """Compares every expected field of a division case."""
    check = Checker(case, runner)
    expected = case.expected
    unknown = set(expected) - DIVISION_KEYS
    if unknown:
        raise CaseError(f"{case.path}: expected: found unknown key(s) {sorted(unknown)}, "
                        f"expected some of {sorted(DIVISION_KEYS)}")
    agents, items = actual["agents"], actual["items"]
    if "method" in expected:
        check.equal("expected.method", actual["method"], expected["method"])
    if "warnings" in expected:
        check.equal("expected.warnings", actual["warnings"], expected["warnings"])
    aw = expected.get("adjusted_winner")
    if aw is not None:
        found = actual.get("adjusted_winner")
        if found is None:
            check.fail("expected.adjusted_winner", None, "an Adjusted Winner result")
        else:
            for key, want in aw.items():
                field = f"expected.adjusted_winner.{key}"
                if key in ("initial_totals", "totals"):
                    _by_party(check, field, found[key], want, agents, check.rational)
                elif key == "transfer_order":
                    check.equal(field, found[key], [str(x) for x in want])
                elif key == "initial_owner":
                    _by_party(check, field, found[key], want, items,
                              lambda f, have, spec: check.equal(f, have, str(spec)))
                elif key == "split":
                    if want is None or want == "none":
                        check.equal(field, found[key], None)
                    elif found[key] is None:
                        check.fail(field, None, want)
                    else:
                        check.equal(f"{field}.item", found[key]["item"], str(want["item"]))
                        check.rational(f"{field}.kept", found[key]["kept"], want["kept"])
                elif key == "shares":
                    _by_party(check, field, found[key], want, items, check.rational)
                else:
                    raise CaseError(f"{case.path}: {field}: unknown key")
    if "allocation" in expected:
        want = expected["allocation"]
        found = actual.get("allocation")
        if found is None:
            check.fail("expected.allocation", None, want)
        else:
            _by_party(check, "expected.allocation", found, want, items,
                      lambda f, have, spec: check.equal(f, have, str(spec)))
    if "utilities" in expected:
        _by_party(check, "expected.utilities", actual.get("utilities") or [None] * len(agents),
                  expected["utilities"], agents, check.rational)
    rent = expected.get("rent")
    if rent is not None:
        found = actual.get("rent")
        if found is None:
            check.fail("expected.rent", None, "a rent division")
        else:
            for key, want in rent.items():
                field = f"expected.rent.{key}"
                if key == "total":
                    check.rational(field, found["total"], want)
                elif key == "rooms":
                    _by_party(check, field, found["rooms"], want, agents,
                              lambda f, have, spec: check.equal(f, have, str(spec)))
                elif key == "prices":
                    _by_party(check, field, found["prices"], want, items, check.close)
                elif key == "utilities":
                    _by_party(check, field, found["utilities"], want, agents, check.close)
                else:
                    raise CaseError(f"{case.path}: {field}: unknown key")
    for prop, verdict in (expected.get("checks") or {}).items():
        if verdict not in VERDICTS:
            raise CaseError(f"{case.path}: expected.checks.{prop}: found {verdict!r}, expected "
                            f"one of {sorted(VERDICTS)}")
        check.equal(f"expected.checks.{prop}", actual["checks"].get(prop, "absent"), verdict)
    check.done()
