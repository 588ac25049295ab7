#!/usr/bin/python3
"""Runs worked-case files (tests/cases/README.md) through the parley command line.

    run_cli_cases.py PARLEY_BINARY [CASE.yaml ...]     (no case: every case file)

Analysis cases run `parley solve --json`, division cases `parley divide` (which prints text: its
report is read back by the parsers below). Each run is turned into the "actual" dictionary of
casefile.py and compared there, field by field. Exit status 0 when every case passes, 1 when one
fails (each mismatch printed with the case file and the field), 77 when every case was skipped.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
import tempfile
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import casefile  # noqa: E402

RENT_PRINT_FLOOR = 0.005  # `parley divide` prints rent prices and leftovers with two decimals


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


def packages_of(json_packages: list) -> list:
    return [{"outcome": p["outcome"], "utilities": p["utilities"]} for p in json_packages]


def analysis_actual(report: dict) -> dict:
    """The `parley solve --json` report as the actual dictionary of casefile.py."""
    zone, indicators = report["zone"], report["indicators"]
    return {
        "parties": [p["name"] for p in report["scenario"]["parties"]],
        "frontier": {"method": report["frontier"]["method"], "exact": report["frontier"]["exact"],
                     "packages": packages_of(report["frontier"]["packages"])},
        "zone": {"exists": zone["exists"],
                 "rational_frontier_size": zone["rational_frontier_size"],
                 "rational_count": zone["rational_count"],
                 "rational_share": zone["rational_share"], "share_exact": zone["share_exact"],
                 "closest_package": (zone["closest_package"] or {}).get("outcome"),
                 "shortfall": zone["shortfall"]},
        "solutions": [{"kind": s["kind"], "packages": packages_of(s["packages"]),
                       "probabilities": s["probabilities"], "utilities": s["utilities"],
                       "gains": s["gains"], "criterion": s["criterion"]}
                      for s in report["solutions"]],
        "indicators": {"ideal_point": indicators["ideal_point"],
                       "worst_point": indicators["worst_point"],
                       "ideal_packages": [p["outcome"] for p in indicators["ideal_packages"]],
                       "worst_packages": [p["outcome"] for p in indicators["worst_packages"]],
                       "exact": indicators["exact"], "opposition": indicators["opposition"]},
    }


def run_analysis(binary: str, case: casefile.Case, folder: Path) -> None:
    arguments = ["solve", input_path(case, case.scenario_source(), folder, ".yaml"), "--json"]
    for name, flag in (("method", "--method"), ("tolerance", "--tolerance"), ("seed", "--seed"),
                       ("time_budget", "--time-budget")):
        if case.option(name) is not None:
            arguments += [flag, str(case.option(name))]
    report = json.loads(run(binary, arguments).stdout)
    casefile.compare_analysis(case, analysis_actual(report), "CLI: parley solve --json")


# --- reading the text report of `parley divide` ---------------------------------------------

METHOD_TITLES = [("Adjusted Winner", "adjusted-winner"), ("Maximum Nash welfare", "mnw"),
                 ("Leximin", "leximin"), ("Utilitarian", "utilitarian"),
                 ("Rent division", "rent")]
CHECK_LINE = re.compile(r"^  (\S+): (holds|fails|not checked)\.")


def fraction(text: str) -> Fraction:
    return Fraction(text.split(" (about ")[0].strip())


def split_names(text: str) -> list:
    """'{a, b}' -> ['a', 'b'] (item names must not contain ', ' or braces)."""
    inner = text.strip()[1:-1].strip()
    return [] if not inner else inner.split(", ")


def division_actual(text: str, warnings: int, table: dict) -> dict:
    lines = text.splitlines()
    method = next(m for title, m in METHOD_TITLES if lines[0].startswith(title))
    agents, items = table["agents"], table["items"]
    actual = {"method": method, "agents": agents, "items": items, "warnings": warnings,
              "checks": {}}
    for line in lines:
        match = CHECK_LINE.match(line)
        if match:
            actual["checks"][match.group(1)] = match.group(2)
    section = lines[lines.index("Who gets what:") + 1:]
    if method == "adjusted-winner":
        shares = [None] * len(items)
        for k, agent in enumerate(agents):
            line = next(l for l in section if l.startswith(f"  {agent}:"))
            for entry in re.findall(r"(?:^|, )(.+?) \([^()]* vs [^()]*\)",
                                    line[len(f"  {agent}: "):]):
                shares[items.index(entry)] = Fraction(1 - k)
        split = None
        split_line = next((l for l in section if l.startswith("  Split: ")), None)
        if split_line:
            match = re.match(r"  Split: (.+): (.+) keeps (\S+) of it, (.+) gets (\S+)$",
                             split_line)
            item, keeper, kept = match.group(1), match.group(2), Fraction(match.group(3))
            split = {"item": item, "kept": kept}
            shares[items.index(item)] = kept if keeper == agents[0] else 1 - kept
        for i, share in enumerate(shares):  # items neither party got whole nor split
            shares[i] = Fraction(0) if share is None else share
        points = next(l for l in lines if l.startswith("Points, each by own count: "))
        totals = re.match(rf"Points, each by own count: {re.escape(agents[0])} (.+), "
                          rf"{re.escape(agents[1])} (.+)\.$", points)
        why = next(l for l in lines if l.startswith("Why: after the winner phase "))
        initial = re.match(rf"Why: after the winner phase {re.escape(agents[0])} had (\S+) "
                           rf"points and {re.escape(agents[1])} (\S+)\.", why)
        order = []
        moved = re.search(r"in increasing order of the ratio of their points: (.+); the ", why)
        if moved:
            order = re.findall(r"(?:^|, )(.+?) \([^()/]+/[^()/]+\)", moved.group(1))
        actual["adjusted_winner"] = {
            "initial_totals": [Fraction(initial.group(1)), Fraction(initial.group(2))],
            "totals": [fraction(totals.group(1)), fraction(totals.group(2))],
            "transfer_order": order, "split": split, "shares": shares}
    elif method == "rent":
        total = re.search(r"total rent (\S+), ", lines[0]).group(1)
        rooms, prices, utilities = [None] * len(agents), [None] * len(items), [None] * len(agents)
        for a, agent in enumerate(agents):
            line = next(l for l in section if l.startswith(f"  {agent}: "))
            match = re.match(rf"  {re.escape(agent)}: (.+) at (\S+) \(valued at .+, so (\S+) left "
                             r"over\)$", line)
            rooms[a] = match.group(1)
            prices[items.index(match.group(1))] = float(match.group(2))
            utilities[a] = float(match.group(3))
        actual["rent"] = {"total": Fraction(total.rstrip(",")), "rooms": rooms,
                          "prices": prices, "utilities": utilities}
    else:
        allocation, utilities = [None] * len(items), [None] * len(agents)
        for a, agent in enumerate(agents):
            line = next(l for l in section if l.startswith(f"  {agent}: "))
            match = re.match(rf"  {re.escape(agent)}: (\{{.*\}}), worth (\S+) of ", line)
            for item in split_names(match.group(1)):
                allocation[items.index(item)] = agent
            utilities[a] = Fraction(match.group(2))
        actual["allocation"], actual["utilities"] = allocation, utilities
    return actual


def table_names(path: str) -> dict:
    """Agents and items in instance order: the CSV header and first column, or the scenario's
    parties and issues (read with `parley info --json`)."""
    if path.lower().endswith(".csv"):
        rows = [l for l in Path(path).read_text(encoding="utf-8").splitlines()
                if l.strip() and not l.lstrip().startswith("#")]
        parsed = list(csv.reader(rows))
        return {"agents": [c.strip() for c in parsed[0][1:]],
                "items": [r[0].strip() for r in parsed[1:]]}
    return {}


def run_division(binary: str, case: casefile.Case, folder: Path) -> None:
    source = case.division_source()
    path = input_path(case, source, folder, ".csv" if "table" in source else ".yaml")
    arguments = ["divide", path]
    if case.option("method") is not None:
        arguments += ["--method", str(case.option("method"))]
    if case.option("rent") is not None:
        arguments += ["--rent", str(case.option("rent"))]
    result = run(binary, arguments)
    names = table_names(path)
    if not names:
        info = json.loads(run(binary, ["info", path, "--json"]).stdout)
        names = {"agents": [p["name"] for p in info["parties"]],
                 "items": [i["name"] for i in info["issues"]]}
    warnings = sum(1 for l in result.stderr.splitlines() if l.startswith("warning: "))
    casefile.compare_division(case, division_actual(result.stdout, warnings, names),
                              "CLI: parley divide", rent_floor=RENT_PRINT_FLOOR)


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
