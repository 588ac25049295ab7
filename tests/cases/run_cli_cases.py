#!/usr/bin/python3
"""Runs worked-case files (tests/cases/README.md) through the parley command line.

    run_cli_cases.py PARLEY_BINARY [CASE.yaml ...]     (no case: every case file)

Analysis cases run `parley solve --json`, division cases `parley divide --json`. Each run is turned into the "actual" dictionary of
casefile.py and compared there, field by field. Exit status 0 when every case passes, 1 when one
fails (each mismatch printed with the case file and the field), 77 when every case was skipped.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import casefile  # noqa: E402

def run(binary: str, arguments: list) -> subprocess.CompletedProcess:
    result = subprocess.run([binary, *arguments], capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise AssertionError(f"parley {' '.join(arguments)} exited with {result.returncode}:\n"
                             f"{result.stderr}")
    return result


def input_path(case: casefile.Case, source: dict, folder: Path, suffix: str) -> str:
    """A file the CLI can read: the case's path, or its inline text written to `folder`."""
    if "path" in source:
        return source["path"]
    text = source.get("native", source.get("table"))
    path = folder / (Path(case.id).name + suffix)
    path.write_text(text, encoding="utf-8")
    return str(path)


def value_label(issue: dict, value: int) -> str:
    """The label of value index `value` of a `scenario.issues[]` entry (docs/solve-json.md): from
    its label list, or for a huge numeric issue (labels null) from its range."""
    if issue["labels"] is not None:
        return issue["labels"][value]
    lower, upper = issue["range"]["lower"], issue["range"]["upper"]
    if issue["kind"] == "integer":
        return str(lower + value)
    number = upper if value + 1 == issue["cardinality"] else \
        lower + (upper - lower) * value / (issue["cardinality"] - 1)
    return shortest_text(float(number))


def shortest_text(number: float) -> str:
    """C++ std::to_chars(double) (what parley labels real values with): the shortest digits
    that read back to the number, in fixed or scientific form, whichever is shorter (fixed on a
    tie); exponents have at least two digits ("1e-05"), whole numbers in fixed form all their
    exact digits."""
    if number == 0:
        return "0"
    sign, digits, exponent = Decimal(repr(number)).normalize().as_tuple()
    text = "".join(map(str, digits))
    point = len(text) + exponent  # digits before the decimal point
    if exponent >= 0:  # a whole number: to_chars writes its exact digits in fixed form
        fixed = str(abs(int(number)))
    elif point > 0:
        fixed = text[:point] + "." + text[point:]
    else:
        fixed = "0." + "0" * -point + text
    power = point - 1
    scientific = (text[0] + ("." + text[1:] if len(text) > 1 else "") +
                  f"e{'+' if power >= 0 else '-'}{abs(power):02d}")
    return ("-" if sign else "") + (fixed if len(fixed) <= len(scientific) else scientific)


def outcome_of(issues: list, package: dict) -> dict:
    """{issue name: option label} of a package {"values": [...], "utilities": [...]}."""
    if len(package["values"]) != len(issues):
        raise AssertionError(f"parley solve --json: a package has {len(package['values'])} values "
                             f"for {len(issues)} issues")
    return {issue["name"]: value_label(issue, v) for issue, v in zip(issues, package["values"])}


def analysis_actual(report: dict) -> dict:
    """The `parley solve --json` report (schema parley-solve/2) as the actual dictionary of
    casefile.py: value-index packages mapped back to labels."""
    if report["schema"] != "parley-solve/2":
        raise AssertionError(f"parley solve --json: schema {report['schema']!r}")
    issues = report["scenario"]["issues"]

    def packages_of(json_packages: list) -> list:
        return [{"outcome": outcome_of(issues, p), "utilities": p["utilities"]}
                for p in json_packages]

    zone, indicators = report["zone"], report["indicators"]
    if report["frontier"]["listed"] != "all":
        raise AssertionError(f"parley solve --json lists {report['frontier']['listed']!r} of the "
                             "frontier, expected all (the default)")
    closest = zone["closest_package"]
    return {
        "parties": [p["name"] for p in report["scenario"]["parties"]],
        "frontier": {"method": report["frontier"]["method"], "exact": report["frontier"]["exact"],
                     "packages": packages_of(report["frontier"]["packages"])},
        "zone": {"exists": zone["exists"],
                 "rational_frontier_size": zone["rational_frontier_size"],
                 "rational_count": zone["rational_count"],
                 "rational_share": zone["rational_share"], "share_exact": zone["share_exact"],
                 "closest_package": None if closest is None else outcome_of(issues, closest),
                 "shortfall": zone["shortfall"]},
        "solutions": [{"kind": s["kind"], "packages": packages_of(s["packages"]),
                       "probabilities": s["probabilities"], "utilities": s["utilities"],
                       "gains": s["gains"], "criterion": s["criterion"]}
                      for s in report["solutions"]],
        "indicators": {"ideal_point": indicators["ideal_point"],
                       "worst_point": indicators["worst_point"],
                       "ideal_packages": [outcome_of(issues, p)
                                          for p in indicators["ideal_packages"]],
                       "worst_packages": [outcome_of(issues, p)
                                          for p in indicators["worst_packages"]],
                       "exact": indicators["exact"], "opposition": indicators["opposition"]},
    }


def run_analysis(binary: str, case: casefile.Case, folder: Path) -> None:
    arguments = ["solve", input_path(case, case.scenario_source(), folder, ".yaml"), "--json"]
    for name, flag in (("method", "--method"), ("tolerance", "--tolerance"), ("seed", "--seed"),
                       ("budget", "--budget")):
        if case.option(name) is not None:
            arguments += [flag, str(case.option(name))]
    if case.lotteries():
        arguments.append("--lotteries")
    report = json.loads(run(binary, arguments).stdout)
    casefile.compare_analysis(case, analysis_actual(report), "CLI: parley solve --json")


# --- reading the JSON of `parley divide --json` (docs/fair-division.md) --------------------


def exact(number: dict, field: str) -> Fraction:
    """{"exact": "5/6", "value": 0.833...} as a Fraction; the float must be the exact value's
    nearest double (within one rounding), or the JSON contradicts itself."""
    value = Fraction(number["exact"])
    if abs(float(value) - number["value"]) > 1e-15 * max(1.0, abs(float(value))):
        raise AssertionError(f"parley divide --json: {field}: exact {number['exact']} but value "
                             f"{number['value']!r}")
    return value


def exact_list(numbers: list, field: str) -> list:
    return [exact(n, f"{field}[{k}]") for k, n in enumerate(numbers)]


def division_actual(report: dict, stderr_warnings: int) -> dict:
    """The `parley divide --json` report as the actual dictionary of casefile.py."""
    if report["schema"] != "parley-divide/1":
        raise AssertionError(f"parley divide --json: schema {report['schema']!r}")
    if len(report["warnings"]) != stderr_warnings:
        raise AssertionError(f"parley divide --json lists {len(report['warnings'])} warnings, "
                             f"stderr {stderr_warnings}")
    instance = report["instance"]
    actual = {"method": report["method"], "agents": instance["agents"],
              "items": instance["items"], "warnings": len(report["warnings"]),
              "checks": {c["property"]: c["verdict"] for c in report["checks"]}}
    aw = report["adjusted_winner"]
    if aw is not None:
        split = aw["split"]
        actual["adjusted_winner"] = {
            "initial_totals": exact_list(aw["initial_totals"], "initial_totals"),
            "totals": exact_list(aw["totals"], "totals"),
            "initial_owner": aw["initial_owner"], "transfer_order": aw["transfer_order"],
            "split": None if split is None else {"item": split["item"],
                                                 "kept": exact(split["kept"], "split.kept")},
            "shares": exact_list(aw["share_of_first"], "share_of_first")}
    if report["allocation"] is not None:
        actual["allocation"] = report["allocation"]
        actual["utilities"] = exact_list(report["utilities"], "utilities")
    rent = report["rent"]
    if rent is not None:
        actual["rent"] = {"total": exact(rent["total"], "rent.total"), "rooms": rent["rooms"],
                          "prices": rent["prices"], "utilities": rent["utilities"]}
    return actual


def run_division(binary: str, case: casefile.Case, folder: Path) -> None:
    source = case.division_source()
    path = input_path(case, source, folder, ".csv" if "table" in source else ".yaml")
    arguments = ["divide", path, "--json"]
    if case.option("method") is not None:
        arguments += ["--method", str(case.option("method"))]
    if case.option("rent") is not None:
        arguments += ["--rent", str(case.option("rent"))]
    result = run(binary, arguments)
    warnings = sum(1 for l in result.stderr.splitlines() if l.startswith("warning: "))
    casefile.compare_division(case, division_actual(json.loads(result.stdout), warnings),
                              "CLI: parley divide --json")


def main(argv: list) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    binary = argv[1]
    paths = [Path(p) for p in argv[2:]] or casefile.case_files()
    failed = skipped = 0
    for path in paths:
        try:
            case = casefile.Case(path)
            with tempfile.TemporaryDirectory(prefix="parley-case-") as folder:
                if case.kind == "analysis":
                    run_analysis(binary, case, Path(folder))
                else:
                    run_division(binary, case, Path(folder))
            print(f"PASS {case.id}")
        except casefile.Skip as skip:
            skipped += 1
            print(f"SKIP {path}: {skip}")
        except (AssertionError, casefile.CaseError) as failure:
            failed += 1
            print(f"FAIL {path}\n{failure}")
    if failed:
        return 1
    return 77 if skipped == len(paths) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
