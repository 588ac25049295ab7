"""Agents written in Python, as worked examples of :class:`parley.Negotiator`.

:class:`TimeDependentAgent` is a line-by-line Python port of the C++ time-dependent tactic
(src/negotiate/agent_library.cpp, Faratin, Sierra & Jennings 1998 in the GENIUS
TimeDependentAgent form): it asks the offer index for the package nearest to its target utility,
exactly as the C++ agent does, so a session or tournament gives identical results with either
(tests/test_agents.py checks it). :class:`PythonBoulware` is the same with ``e = 0.2``.
"""

from __future__ import annotations

from ._core import Negotiator, PartyView, Response, SessionInfo, TurnState

__all__ = ["TimeDependentAgent", "PythonBoulware"]


class TimeDependentAgent(Negotiator):
    """Concedes from its best package towards max(worst, reservation value) as time passes:
    target(t) = P_min + (P_max - P_min) (1 - t^(1/e)); e < 1 concedes late (Boulware), e > 1
    early (Conceder), e == 0 never. Accepts an offer worth at least the bid it would make."""

    def __init__(self, e: float = 1.0) -> None:
        super().__init__()
        self.e = float(e)
        self.view: PartyView | None = None
        self.p_max = 1.0
        self.p_min = 0.0
        self._cached_time = -1.0
        self._cached_entry = 0

    def start(self, view: PartyView, info: SessionInfo) -> None:
        self.view = view
        index = view.index
        self.p_max = index.max_utility
        self.p_min = min(self.p_max, max(index.min_utility, view.reservation_value))
        self._cached_time = -1.0

    def _target(self, t: float) -> float:
        f = 0.0 if self.e == 0.0 else t ** (1.0 / self.e)
        return self.p_min + (self.p_max - self.p_min) * (1.0 - f)

    def _next_bid(self, t: float) -> int:
        # respond() and propose() of one turn ask for the same bid: remember the last one.
        if t != self._cached_time:
            self._cached_time = t
            self._cached_entry = self.view.index.nearest(self._target(t))
        return self._cached_entry

    def propose(self, state: TurnState) -> list[int]:
        return self.view.index.outcome(self._next_bid(state.time))

    def respond(self, state: TurnState, offer: list[int]) -> Response:
        next_utility = self.view.index.utility(self._next_bid(state.time))
        return Response.accept if self.view.utility(offer) >= next_utility else Response.reject


class PythonBoulware(TimeDependentAgent):
    """The Boulware tactic (e = 0.2 by default, as the library's ``boulware``)."""

    def __init__(self, e: float = 0.2) -> None:
        super().__init__(e)
