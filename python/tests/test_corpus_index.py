"""The corpus index helper (corpus_index.py) reads INDEX.md as the C++ reader does
(tests/support/corpus_index_test.cpp checks the same rows)."""

import re

import pytest

from corpus_index import read_index


def test_every_folder_of_the_real_index(corpus):
    rows = read_index(corpus)
    text = (corpus / "INDEX.md").read_text(encoding="utf-8")
    announced = int(re.search(r"\*\*(\d+) scenario folders in all", text).group(1))
    by_section = sum(int(n) for n in re.findall(r"^## .*\((\d+) folders?\)$", text, re.M))
    assert announced == 311
    assert len(rows) == announced == by_section
    assert all((corpus / row.folder).is_dir() for row in rows)
    first = rows[0]
    assert (first.folder, first.profiles, first.issue_count, first.values_per_issue) == \
        ("genius/anac2010/EnglandZimbabwe", 2, 5, "4,4,3,3,4")
    assert first.outcome_count() == 4 * 4 * 3 * 3 * 4
    travel = next(row for row in rows if row.folder == "genius/anac2010/Travel")
    assert travel.outcome_count() == 7 * 7 * 4 * 4 * 6 * 5 * 8


HEADER = ("| folder | profiles | #issues | values/issue | outcomes | issue types | prof type | "
          "discount | reservation | source |\n|---|---|---|---|---|---|---|---|---|---|\n")


def test_small_index_and_malformed_rows(tmp_path):
    (tmp_path / "INDEX.md").write_text(
        "# index\n\n" + HEADER +
        "| a/one | 2 | 1 | R[0,1] | continuous | real | linear |  |  | here |\n"
        "| geniusweb/two | 3 | 2 | 5x2 | 1,000,000 | discrete | LinearAdditive | 0.9 | bid | x |\n")
    rows = read_index(tmp_path)
    assert [r.folder for r in rows] == ["a/one", "geniusweb/two"]
    assert rows[0].line == 5 and rows[0].outcome_count() is None
    assert rows[1].outcome_count() == 1_000_000 and rows[1].linear()
    (tmp_path / "INDEX.md").write_text(
        HEADER + "| a/one | two | 1 | 3 | 3 | discrete | linear |  |  | x |\n")
    with pytest.raises(ValueError, match=r"INDEX.md:3: profiles: found 'two'"):
        read_index(tmp_path)
