"""Shared fixtures of the Python tests: where the corpus, the source tree and the CLI are.

The corpus is ../shared/scenarios beside the checkout (or $PARLEY_SCENARIOS); tests that need
it skip LOUDLY when it is absent, like tests/support/test_support.hpp does.
"""

import os
import shutil
from pathlib import Path

import pytest

from corpus_index import SOURCE_DIR, require_corpus


@pytest.fixture(scope="session")
def source_dir() -> Path:
    """The repository root."""
    return SOURCE_DIR


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The scenario corpus folder; skips loudly when it is absent."""
    return require_corpus()


@pytest.fixture(scope="session")
def parley_cli() -> Path:
    """The parley command-line tool ($PARLEY_CLI, else build/parley); skips loudly when absent."""
    candidates = [os.environ.get("PARLEY_CLI"), SOURCE_DIR / "build" / "parley",
                  shutil.which("parley")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return Path(candidate)
    pytest.skip("SKIPPED LOUDLY: the parley CLI was not found (set PARLEY_CLI or build "
                "build/parley)")
