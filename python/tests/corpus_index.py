"""Where the shared scenario corpus is (../shared/scenarios beside the checkout, or
$PARLEY_SCENARIOS), and the rows of its INDEX.md: one helper for the Python tests and
bench/python_analysis.py, reading the same columns the same way as the C++ reader
(src/support/corpus_index.hpp)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional

SOURCE_DIR = Path(os.environ.get("PARLEY_SOURCE_DIR", Path(__file__).resolve().parents[2]))
COLUMNS = ["folder", "profiles", "#issues", "values/issue", "outcomes", "issue types",
           "prof type", "discount", "reservation", "source"]


def corpus_path() -> Path:
    """The corpus folder, whether or not it is there."""
    return Path(os.environ.get("PARLEY_SCENARIOS", SOURCE_DIR.parent / "shared" / "scenarios"))


def have_corpus(path: Optional[Path] = None) -> bool:
    return ((path or corpus_path()) / "INDEX.md").is_file()


def require_corpus() -> Path:
    """The corpus folder; skips the calling test LOUDLY when it is absent, as
    tests/support/test_support.hpp does."""
    path = corpus_path()
    if not have_corpus(path):
        import pytest
        pytest.skip(f"SKIPPED LOUDLY: the scenario corpus was not found at {path} (place the "
                    "shared/ folder beside the checkout or set PARLEY_SCENARIOS)")
    return path


@dataclass
class IndexRow:
    folder: str  # relative to the corpus root, e.g. "genius/anac2010/Travel"
    profiles: int
    issue_count: int
    values_per_issue: str
    outcomes: str  # "188,160" or "continuous"
    issue_types: str
    profile_type: str
    discount: str
    reservation: str
    source: str
    line: int

    def outcome_count(self) -> Optional[int]:
        digits = self.outcomes.replace(",", "")
        return int(digits) if digits.isdigit() else None

    def linear(self) -> bool:
        return self.profile_type in ("linear", "LinearAdditive")


def read_index(root: Optional[Path] = None) -> List[IndexRow]:
    """The rows of ROOT/INDEX.md in file order; ValueError naming the line of a malformed row."""
    path = (root or corpus_path()) / "INDEX.md"
    rows = []
    with open(path, encoding="utf-8", newline="") as index:
        for number, line in enumerate(index, start=1):
            line = line.rstrip("\r\n")
            if not line.startswith("| "):
                continue
            cells = [cell.strip(" ") for cell in line[1:].split("|")]
            if cells and cells[-1] == "" and line.endswith("|"):
                cells.pop()
            if not cells or "/" not in cells[0]:
                continue  # header and separator rows
            if len(cells) != len(COLUMNS):
                raise ValueError(f"{path}:{number}: row: found {len(cells)} columns, expected "
                                 f"{len(COLUMNS)} columns (folder to source)")
            for column in (1, 2):
                if not cells[column].isdigit():
                    raise ValueError(f"{path}:{number}: {COLUMNS[column]}: found "
                                     f"'{cells[column]}', expected a whole number")
            rows.append(IndexRow(cells[0], int(cells[1]), int(cells[2]), *cells[3:], line=number))
    return rows
