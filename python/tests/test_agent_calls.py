"""What a Python agent receives, call after call, compared with the C++ trace of the same
session: the engine reuses the TurnState, ObservedAction and offer objects it hands to an agent
while the agent keeps no reference to them, so these tests record every state and offer seen,
keep (or only weakly reference, or scribble on) the objects, and check both against the trace.
Also: when the agent's methods are looked up, the fast paths of the returned values, and
sessions run from inside an agent."""

from __future__ import annotations

import weakref

import numpy
import pytest

import parley
from parley.example_agents import TimeDependentAgent
from negotiation_support import corpus_scenario, example


class Recorder(parley.Negotiator):
    """Concedes one index entry per turn (so its offers change every turn) and accepts offers
    worth `accept_at` or more. Records the values of every call; `keep` keeps the objects it
    was given, `weak` keeps only weak references to them, `scribble` changes them in place
    before dropping them."""

    def __init__(self, keep=False, weak=False, scribble=False, accept_at=2.0):
        super().__init__()
        self.keep, self.weak, self.scribble, self.accept_at = keep, weak, scribble, accept_at
        self.calls, self.observed, self.kept = [], [], []

    def start(self, view, info):
        self.view = view
        self.turn = 0

    def propose(self, state):
        self._record("propose", state, None)
        index = self.view.index
        entry = max(0, len(index) - 1 - self.turn)
        self.turn += 1
        return index.outcome(entry)

    def respond(self, state, offer):
        accept = self.view.utility(offer) >= self.accept_at
        self._record("respond", state, offer)
        return parley.Response.accept if accept else parley.Response.reject

    def observe(self, action):
        offer = None if action.offer is None else tuple(action.offer)
        values = (action.kind.name, action.actor, action.when.round, action.when.time, offer)
        self.observed.append(values)
        if self.keep:
            self.kept.append((values, action, action.when))
        if self.weak:  # and its `when` alone, which keeps the action alive
            self.kept.append((values, weakref.ref(action), action.when))

    def _record(self, name, state, offer):
        # Weakly referenced objects are alive during the session only: check them now.
        check_kept_objects(self, recent=10)
        values = (name, state.round, state.time, None if offer is None else tuple(offer))
        self.calls.append(values)
        if self.keep:
            self.kept.append((values, state, None))
            self.kept.append((values, offer, None))
        if self.weak:
            self.kept.append((values, weakref.ref(state), None))
        if self.scribble:
            state.round, state.time = 10**6, -1.0
            if offer is not None:
                offer[:] = [12345] * len(offer)


def expected_calls(trace, seat):
    """The respond() and propose() calls seat `seat` must have received, from the trace."""
    calls, standing = [], None
    for event in trace:
        if event.actor == seat:
            if standing is not None:
                calls.append(("respond", event.round, event.time, tuple(standing)))
            if event.kind == parley.ActionKind.offer:
                calls.append(("propose", event.round, event.time, None))
        if event.kind == parley.ActionKind.offer:
            standing = event.package
    return calls


def expected_observed(result, seat):
    """The actions seat `seat` must have observed: the others' (not the accept that concluded)."""
    trace = result.trace[:-1] if result.reason == parley.EndReason.agreement else result.trace
    return [(event.kind.name, event.actor, event.round, event.time,
             tuple(event.package) if event.package else None)
            for event in trace if event.actor != seat and event.kind != parley.ActionKind.failure]


def check_kept_objects(agent, recent=None):
    """Objects the agent kept (the `recent` last ones) still hold what they held when it
    received them."""
    for values, kept, when in agent.kept[-recent if recent else 0:]:
        if isinstance(kept, weakref.ref):
            kept = kept()
        if isinstance(kept, parley.TurnState):
            assert (kept.round, kept.time) == values[1:3]
        elif isinstance(kept, parley.ObservedAction):
            offer = None if kept.offer is None else tuple(kept.offer)
            assert (kept.kind.name, kept.actor, kept.when.round, kept.when.time, offer) == values
        elif kept is not None:
            assert tuple(kept) == values[3]
        if when is not None:
            assert (when.round, when.time) == values[2:4]


MODES = [dict(), dict(keep=True), dict(weak=True), dict(scribble=True)]


@pytest.mark.parametrize("mode", MODES, ids=lambda m: "-".join(m) or "plain")
@pytest.mark.parametrize("opponent", ["conceder", "random(p_accept=0)", "boulware(e=0.5)", "python"])
@pytest.mark.parametrize("seat", [0, 1])
def test_every_state_and_offer_an_agent_sees_is_the_traced_one(mode, opponent, seat):
    scenario = example("job-offer.yaml")
    recorder = Recorder(accept_at=0.9, **mode)
    other = Recorder(accept_at=0.8) if opponent == "python" else opponent
    agents = [recorder, other] if seat == 0 else [other, recorder]
    result = parley.negotiate(scenario, agents, rounds=60, seed=3, trace=True)
    assert result.failure is None  # the agents check what they kept at every call
    assert len(result.trace) > 15
    assert recorder.calls == expected_calls(result.trace, seat)
    assert recorder.observed == expected_observed(result, seat)
    check_kept_objects(recorder)
    if opponent == "python":
        assert other.calls == expected_calls(result.trace, 1 - seat)
        assert other.observed == expected_observed(result, 1 - seat)
    # Keeping, weakly referencing or scribbling on the objects changes nothing else.
    plain = [Recorder(accept_at=0.9),
             Recorder(accept_at=0.8) if opponent == "python" else opponent]
    again = parley.negotiate(scenario, plain if seat == 0 else plain[::-1], rounds=60, seed=3,
                             trace=True)
    assert [(e.round, e.time, e.actor, e.kind, e.package) for e in again.trace] == \
        [(e.round, e.time, e.actor, e.kind, e.package) for e in result.trace]


def test_a_long_session_on_a_corpus_scenario_matches_its_trace():
    scenario = corpus_scenario("genius/anac2010/Travel")
    agents = [Recorder(weak=True), Recorder(scribble=True, accept_at=0.9)]
    result = parley.negotiate(scenario, agents, rounds=400, trace=True)
    assert result.failure is None
    assert result.turns > 300
    for seat, agent in enumerate(agents):
        assert agent.calls == expected_calls(result.trace, seat)
        assert agent.observed == expected_observed(result, seat)
        check_kept_objects(agent)


def test_methods_are_looked_up_after_start_for_the_whole_session():
    class Installs(parley.Negotiator):
        def start(self, view, info):
            best = view.index.outcome(view.index.best_entry)
            self.propose = lambda state: best  # installed by start(): used

        def respond(self, state, offer):
            # Replaced during a session: used from the next session on.
            self.respond = lambda state, offer: parley.Response.accept
            return parley.Response.reject

    scenario = example("job-offer.yaml")
    agent = Installs()
    first = parley.negotiate(scenario, ["hardliner", agent], rounds=20)
    assert first.reason == parley.EndReason.deadline
    second = parley.negotiate(scenario, ["hardliner", agent], rounds=20)
    assert second.reason == parley.EndReason.agreement and second.turns == 2


class ListSubclass(list):
    """Not a plain list: read by pybind11's conversion, not the direct path."""


@pytest.mark.parametrize("returned", [
    lambda offer: tuple(offer),
    lambda offer: ListSubclass(offer),
    lambda offer: numpy.array(offer, dtype="int64").tolist(),
    lambda offer: list(numpy.array(offer, dtype="int32")),
], ids=["tuple", "list-subclass", "numpy-tolist", "numpy-int32-items"])
def test_offers_of_any_integer_sequence_are_read_as_before(returned):
    class Returns(parley.Negotiator):
        def start(self, view, info):
            self.best = view.index.outcome(view.index.best_entry)

        def propose(self, state):
            return returned(self.best)

        def respond(self, state, offer):
            return parley.Response(int(parley.Response.reject))  # not the singleton

    scenario = example("job-offer.yaml")
    got = parley.negotiate(scenario, [Returns(), "conceder"], rounds=30, trace=True)
    expected = parley.negotiate(scenario, ["hardliner", "conceder"], rounds=30, trace=True)
    assert got.failure is None
    assert [(e.kind, e.package) for e in got.trace] == \
        [(e.kind, e.package) for e in expected.trace]


@pytest.mark.parametrize("offer, message", [
    ([2**32, 0, 0, 0, 0], "expected a list of value indices"),
    ([2**64, 0, 0, 0, 0], "expected a list of value indices"),
    ([0.0, 0, 0, 0, 0], "expected a list of value indices"),
    ((0, 0, "a", 0, 0), "expected a list of value indices"),
    ([2**32 - 1, 0, 0, 0, 0], "outside the outcome space"),
])
def test_offers_out_of_range_are_failures_as_before(offer, message):
    class Offers(parley.Negotiator):
        def start(self, view, info):
            pass

        def propose(self, state):
            return offer

        def respond(self, state, offer):
            return parley.Response.reject

    result = parley.negotiate(example("job-offer.yaml"), [Offers(), "conceder"], rounds=10)
    assert result.reason == parley.EndReason.failure
    assert message in result.failure.message


def test_a_session_run_from_inside_an_agent_call():
    scenario = example("job-offer.yaml")
    expected = parley.negotiate(scenario, [TimeDependentAgent(0.5), Recorder(accept_at=0.7)],
                                rounds=50, trace=True)

    class Nested(Recorder):
        def propose(self, state):
            if state.round == 3:
                self.inner = parley.negotiate(
                    scenario, [TimeDependentAgent(0.5), Recorder(accept_at=0.7)], rounds=50,
                    trace=True)
            return super().propose(state)

    outer = Nested()
    result = parley.negotiate(scenario, [outer, "conceder"], rounds=30, trace=True)
    assert outer.calls == expected_calls(result.trace, 0)
    assert [(e.kind, e.package) for e in outer.inner.trace] == \
        [(e.kind, e.package) for e in expected.trace]
