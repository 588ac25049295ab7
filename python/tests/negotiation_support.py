"""Shared helpers of test_negotiation.py, test_agents.py and test_tournament.py: where the
corpus and the examples are, and small agents written in Python for the tests."""

from __future__ import annotations

from pathlib import Path

import parley
from corpus_index import SOURCE_DIR, require_corpus

EXAMPLES = SOURCE_DIR / "examples"


def corpus_dir() -> Path:
    """The shared scenario corpus; skips the test loudly when it is absent."""
    return require_corpus()


def corpus_scenario(relative: str) -> parley.Scenario:
    return parley.load(str(corpus_dir() / relative))


def example(name: str) -> parley.Scenario:
    return parley.load(str(EXAMPLES / name))


# Bilateral corpus scenarios of different sizes used to compare Python and C++ agents.
CORPUS_BILATERAL = [
    "genius/anac2010/ItexvsCypress",
    "genius/anac2010/EnglandZimbabwe",
    "genius/anac2010/Travel",
]


class Scripted(parley.Negotiator):
    """Offers its best package (or `offer`, legal or not), rejects everything, and raises
    `error` in the method named by `fail_in`."""

    def __init__(self, offer="best", fail_in=None, error=ValueError("boom")):
        super().__init__()
        self.offer = offer
        self.fail_in = fail_in
        self.error = error
        self.view = None
        self.observed = []

    def _maybe_fail(self, where):
        if self.fail_in == where:
            raise self.error

    def start(self, view, info):
        self.view = view
        self._maybe_fail("start")

    def propose(self, state):
        self._maybe_fail("propose")
        if isinstance(self.offer, str) and self.offer == "best":
            return self.view.index.outcome(self.view.index.best_entry)
        return self.offer

    def respond(self, state, offer):
        self._maybe_fail("respond")
        return parley.Response.reject

    def observe(self, action):
        self._maybe_fail("observe")
        self.observed.append(action)
