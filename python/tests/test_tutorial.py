"""docs/python-tutorial.md cannot rot: its ```python blocks run in order in one namespace (in a
scratch folder that links the repository's examples/), and each block's printed output must
equal the ```text block that follows it in the document.

Regenerate the shown outputs after changing the tutorial (and the figures under docs/images/):
  PYTHONPATH=build/python /usr/bin/python3 python/tests/test_tutorial.py --update
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import sys
from pathlib import Path

SOURCE_DIR = Path(os.environ.get("PARLEY_SOURCE_DIR", Path(__file__).resolve().parents[2]))
TUTORIAL = SOURCE_DIR / "docs" / "python-tutorial.md"
BLOCK = re.compile(r"```(python|text)\n(.*?)```\n", re.S)


def blocks(markdown: str):
    """(python code, shown output or None, span of the output block or insertion point)."""
    found = list(BLOCK.finditer(markdown))
    result = []
    for k, match in enumerate(found):
        if match.group(1) != "python":
            continue
        following = found[k + 1] if k + 1 < len(found) else None
        between = markdown[match.end():following.start()] if following else ""
        if following and following.group(1) == "text" and between.strip() == "":
            result.append((match.group(2), following.group(2), following.span()))
        else:
            result.append((match.group(2), None, (match.end(), match.end())))
    return result


def run_blocks(codes, workdir: Path):
    """Runs the code blocks in order in `workdir`; returns each block's printed output."""
    (workdir / "examples").symlink_to(SOURCE_DIR / "examples")
    (workdir / "docs" / "images").mkdir(parents=True)
    namespace = {"__name__": "__tutorial__"}
    outputs = []
    previous = os.getcwd()
    os.chdir(workdir)
    try:
        for code in codes:
            buffer = io.StringIO()
            with contextlib.redirect_stdout(buffer):
                exec(compile(code, str(TUTORIAL), "exec"), namespace)
            outputs.append(buffer.getvalue())
    finally:
        os.chdir(previous)
    return outputs


def test_tutorial_blocks_run_and_print_what_the_document_shows(tmp_path):
    import pytest

    pytest.importorskip("matplotlib")
    pytest.importorskip("pandas")
    parsed = blocks(TUTORIAL.read_text())
    assert len(parsed) >= 8
    outputs = run_blocks([code for code, _, _ in parsed], tmp_path)
    for (code, shown, _), printed in zip(parsed, outputs):
        assert printed == (shown or ""), f"the output of this block changed:\n{code}"
    assert (tmp_path / "docs" / "images" / "python-tournament.png").stat().st_size > 10_000
    assert (tmp_path / "docs" / "images" / "python-frontier.png").stat().st_size > 10_000


def update() -> None:
    """Rewrites the output blocks of the tutorial and copies the figures into docs/images."""
    import shutil
    import tempfile

    markdown = TUTORIAL.read_text()
    parsed = blocks(markdown)
    with tempfile.TemporaryDirectory() as scratch:
        outputs = run_blocks([code for code, _, _ in parsed], Path(scratch))
        for image in (Path(scratch) / "docs" / "images").iterdir():
            shutil.copy(image, SOURCE_DIR / "docs" / "images" / image.name)
    for (code, shown, (start, end)), printed in reversed(list(zip(parsed, outputs))):
        replacement = f"```text\n{printed}```\n" if printed else ""
        if shown is None and printed:
            replacement = "\n" + replacement
        markdown = markdown[:start] + replacement + markdown[end:]
    TUTORIAL.write_text(markdown)


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        update()
    else:
        print(__doc__)
