#!/usr/bin/env python3
"""Checks parley's layering: an area may use the areas below it, never one above or beside it.

The areas, lowest first (docs/architecture.md):

    support -> model -> io -> analysis -> negotiate | fair | robust | certify -> tournament | record | manipulate -> service -> front-ends

An area's files are src/<area>/** and include/parley/<area>/**. The check reads every
`#include "..."` of those files and fails when one names a header of an area that is not below
(or equal to) the including area: `parley/<other>/...` public headers, or another area's internal
headers (`<other>/...` or `../<other>/...` relative to src/). It also reads each area's CMake
target (parley_add_area(NAME ... DEPENDS ...) in src/<area>/sources.cmake) and fails when an area
links to an area that is not below it.

Usage: check-layering.py [ROOT]      (ROOT: the repository, default: this script's parent's parent)
       check-layering.py --self-test  (shows that the check catches an upward include and link)
Exit status 0 when the layering holds, 1 with one line per violation otherwise.
"""

import re
import sys
import tempfile
from pathlib import Path

# Rank of each area; an area may depend on areas of strictly lower rank (and on itself).
RANKS = {
    "support": 0,
    "model": 1,
    "io": 2,
    "analysis": 3,
    "negotiate": 4,
    "fair": 4,
    "robust": 4,
    "certify": 4,
    "manipulate": 5,
    "record": 5,
    "tournament": 5,
    "service": 6,
}

INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"', re.MULTILINE)
AREA_TARGET = re.compile(r"parley_add_area\(\s*(\w+)(.*?)\)", re.DOTALL)


def allowed(user: str, used: str) -> bool:
    return used == user or RANKS[used] < RANKS[user]


def area_of_include(include: str, including_file: Path, src: Path) -> str | None:
    """The area whose header `include` names, or None for headers outside parley's areas."""
    parts = include.split("/")
    if parts[0] == "parley" and len(parts) >= 3 and parts[1] in RANKS:
        return parts[1]
    # An internal header of another area, by a path relative to the including file or to src/.
    for base in (including_file.parent, src):
        candidate = (base / include).resolve()
        try:
            relative = candidate.relative_to(src.resolve())
        except ValueError:
            continue
        if relative.parts and relative.parts[0] in RANKS and candidate.exists():
            return relative.parts[0]
    return None


def check(root: Path) -> list[str]:
    problems = []
    src = root / "src"
    for area in RANKS:
        folders = [src / area, root / "include" / "parley" / area]
        for folder in folders:
            if not folder.is_dir():
                continue
            for path in sorted(folder.rglob("*")):
                if path.suffix not in (".hpp", ".cpp", ".h", ".in"):
                    continue
                text = path.read_text(errors="replace")
                for match in INCLUDE.finditer(text):
                    used = area_of_include(match.group(1), path, src)
                    if used is not None and not allowed(area, used):
                        line = text.count("\n", 0, match.start()) + 1
                        problems.append(
                            f"{path.relative_to(root)}:{line}: area '{area}' includes "
                            f"\"{match.group(1)}\" of area '{used}', which is not below it")
        # Flat public headers are gone: every public header belongs to an area.
    for path in sorted((root / "include" / "parley").glob("*.hpp")):
        if path.name != "parley.hpp":
            problems.append(f"{path.relative_to(root)}: public header outside an area folder "
                            "(expected include/parley/<area>/)")
    for area in RANKS:
        cmake = src / area / ("CMakeLists.txt" if area == "service" else "sources.cmake")
        if not cmake.exists():
            problems.append(f"{cmake.relative_to(root)}: missing (every area declares its target)")
            continue
        text = cmake.read_text()
        targets = AREA_TARGET.findall(text)
        if not any(name == area for name, _ in targets):
            problems.append(f"{cmake.relative_to(root)}: no parley_add_area({area} ...)")
        for name, arguments in targets:
            words = arguments.split()
            depends = words[words.index("DEPENDS") + 1:] if "DEPENDS" in words else []
            for used in depends:
                if used in ("SOURCES", "PRIVATE_LIBS", "PUBLIC_LIBS"):
                    break
                if used not in RANKS:
                    problems.append(f"{cmake.relative_to(root)}: area '{name}' depends on "
                                    f"unknown area '{used}'")
                elif not allowed(name, used) or used == name:
                    problems.append(f"{cmake.relative_to(root)}: area '{name}' links to area "
                                    f"'{used}', which is not below it")
    return problems


def self_test() -> int:
    """A small tree with one upward include and one upward link must give exactly two problems."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for area in RANKS:
            (root / "src" / area).mkdir(parents=True)
            (root / "include" / "parley" / area).mkdir(parents=True)
            name = "CMakeLists.txt" if area == "service" else "sources.cmake"
            below = [a for a in RANKS if RANKS[a] < RANKS[area]]
            (root / "src" / area / name).write_text(
                f"parley_add_area({area} DEPENDS {' '.join(below)} SOURCES x.cpp)\n")
        (root / "include" / "parley" / "model" / "scenario.hpp").write_text(
            '#include "parley/support/error.hpp"\n')
        (root / "src" / "analysis" / "x.cpp").write_text(
            '#include "parley/model/scenario.hpp"\n#include "parley/negotiate/agents.hpp"\n')
        (root / "src" / "negotiate" / "agent.hpp").write_text("\n")
        (root / "src" / "io" / "y.cpp").write_text('#include "../negotiate/agent.hpp"\n')
        (root / "src" / "model" / "sources.cmake").write_text(
            "parley_add_area(model DEPENDS support io SOURCES x.cpp)\n")
        problems = check(root)
    expected = [
        "src/analysis/x.cpp:2: area 'analysis' includes",
        "src/io/y.cpp:1: area 'io' includes",
        "src/model/sources.cmake: area 'model' links to area 'io'",
    ]
    missing = [e for e in expected if not any(p.startswith(e) for p in problems)]
    if missing or len(problems) != len(expected):
        print("self-test FAILED: expected", expected, "got", problems)
        return 1
    print(f"self-test: the check caught all {len(expected)} planted violations")
    return 0


def main() -> int:
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent
    problems = check(root)
    for problem in problems:
        print(problem)
    if problems:
        print(f"layering: {len(problems)} violation(s)")
        return 1
    print("layering: every area uses only the areas below it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
