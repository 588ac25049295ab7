"""Agents written in Python run inside the C++ engine: a Python port of the time-dependent
tactic gives results identical to the C++ agent, the agent sees only its PartyView, and
whatever goes wrong inside a Python agent is an ordinary agent failure, never a crash."""

from __future__ import annotations

import pytest

import parley
from parley.example_agents import PythonBoulware, TimeDependentAgent
from negotiation_support import CORPUS_BILATERAL, Scripted, corpus_scenario, example


def registry_with_python_agents() -> parley.AgentRegistry:
    registry = parley.AgentRegistry()
    registry.add("py_time_dependent", TimeDependentAgent, {"e": (1.0, 0.0, 1000.0)},
                 summary="Python port of the time-dependent tactic")
    registry.add("py_boulware", PythonBoulware, {"e": parley.ParameterInfo(
        "e", 0.2, 0.0, 1.0, min_exclusive=True, max_exclusive=True)})
    return registry


def same_session(a: parley.SessionResult, b: parley.SessionResult) -> None:
    assert a.reason == b.reason
    assert a.outcome == b.outcome
    assert a.utilities == b.utilities
    assert a.discounted_utilities == b.discounted_utilities
    assert (a.round, a.turns, a.time) == (b.round, b.turns, b.time)
    assert [(e.actor, e.kind, e.package, e.utilities) for e in a.trace] == \
        [(e.actor, e.kind, e.package, e.utilities) for e in b.trace]


@pytest.mark.parametrize("relative", CORPUS_BILATERAL)
@pytest.mark.parametrize("e", [0.2, 1.0, 2.0])
@pytest.mark.parametrize("opponent", ["conceder", "boulware(e=0.5)", "nash_seeker", "random"])
def test_python_time_dependent_equals_cpp_agent_in_sessions(relative, e, opponent):
    scenario = corpus_scenario(relative)
    registry = registry_with_python_agents()
    for seats in ((0, 1), (1, 0)):
        cpp = [f"conceder(e={e})" if e > 1 else ("linear" if e == 1 else f"boulware(e={e})"),
               opponent]
        python = [f"py_time_dependent(e={e})", opponent]
        cpp = [cpp[s] for s in seats]
        python = [python[s] for s in seats]
        expected = parley.negotiate(scenario, cpp, rounds=180, seed=11, trace=True)
        got = parley.negotiate(scenario, python, rounds=180, seed=11, trace=True,
                               registry=registry)
        same_session(got, expected)
        # An instance passed directly behaves the same as one built by the registry.
        direct = [TimeDependentAgent(e) if a.startswith("py_") else a for a in python]
        same_session(parley.negotiate(scenario, direct, rounds=180, seed=11, trace=True),
                     expected)


def test_python_against_python_equals_cpp_against_cpp():
    scenario = example("job-offer.yaml")
    registry = registry_with_python_agents()
    expected = parley.negotiate(scenario, "boulware,conceder", rounds=120, trace=True)
    got = parley.negotiate(scenario, "py_boulware,py_time_dependent(e=2)", rounds=120,
                           trace=True, registry=registry)
    same_session(got, expected)
    assert expected.agreement  # the comparison covers an agreement, not only a deadline


def test_registry_spells_python_agents_like_library_agents():
    registry = registry_with_python_agents()
    assert str(registry.parse("py_boulware")) == "py_boulware(e=0.2)"
    assert str(registry.parse(" py_time_dependent ( e = 3 ) ")) == "py_time_dependent(e=3)"
    assert registry.names()[-2:] == ["py_time_dependent", "py_boulware"]
    assert registry.is_added("py_boulware") and not registry.is_added("boulware")
    assert "py_boulware" in registry and "boulware" in registry
    info = registry.catalogue()[-2]
    assert info.summary == "Python port of the time-dependent tactic"
    assert [p.name for p in info.parameters] == ["e"]
    with pytest.raises(parley.InputError, match=r"py_boulware.e=1.*\(0, 1\)"):
        registry.parse("py_boulware(e=1)")
    with pytest.raises(parley.InputError, match="already registered"):
        registry.add("boulware", PythonBoulware)
    with pytest.raises(parley.InputError, match="an identifier"):
        registry.add("my agent", PythonBoulware)
    with pytest.raises(parley.InputError, match="a callable"):
        registry.add("not_callable", 3)
    with pytest.raises(parley.InputError, match="default"):
        registry.add("bad_default", PythonBoulware, {"e": (2.0, 0.0, 1.0)})
    # The free functions know only the library.
    with pytest.raises(parley.InputError, match="unknown agent 'py_boulware'"):
        parley.parse_agent("py_boulware")


def test_factories_receive_every_parameter_and_make_a_fresh_agent_per_session():
    made = []

    def factory(e, tag):
        agent = TimeDependentAgent(e)
        made.append((e, tag, agent))
        return agent

    registry = parley.AgentRegistry()
    registry.add("counted", factory, {"e": 0.5, "tag": (3, 0, 10)})
    scenario = example("job-offer.yaml")
    parley.negotiate(scenario, "counted(tag=4),counted", rounds=20, registry=registry)
    assert [(e, tag) for e, tag, _ in made] == [(0.5, 4.0), (0.5, 3.0)]
    assert made[0][2] is not made[1][2]


def test_agent_sees_only_its_party_view():
    scenario = example("job-offer.yaml")
    agent = Scripted()
    parley.negotiate(scenario, [agent, "conceder"], rounds=10)
    view = agent.view
    assert not hasattr(view, "scenario")
    assert view.name == scenario.parties[0].name
    assert (view.position, view.party_count) == (0, 2)
    assert view.reservation_value == scenario.parties[0].reservation_value
    best = view.index.outcome(view.index.best_entry)
    assert view.utility(best) == scenario.utility(0, best)
    assert view.index.max_utility == pytest.approx(1.0)
    # The view is the agent's own copy: still usable after the session ended.
    assert view.utility(best) == view.index.max_utility


def test_observe_receives_copies_of_the_other_partys_actions():
    scenario = example("job-offer.yaml")
    agent = Scripted()
    result = parley.negotiate(scenario, [agent, "conceder"], rounds=15, trace=True)
    offers_by_other = [e.package for e in result.trace if e.actor == 1]
    observed = [a for a in agent.observed if a.kind == parley.ObservedAction.Kind.offer]
    assert [a.offer for a in observed] == offers_by_other
    assert all(a.actor == 1 for a in agent.observed)
    assert observed[0].when.round == 0 and observed[0].when.time == pytest.approx(0.5 / 15)


@pytest.mark.parametrize("where", ["start", "propose", "respond", "observe"])
def test_an_exception_in_a_python_agent_is_an_agent_failure(where):
    scenario = example("job-offer.yaml")
    for seat in (0, 1):
        agents = ["conceder", "conceder"]
        agents[seat] = Scripted(fail_in=where, error=KeyError(f"broken {where}"))
        result = parley.negotiate(scenario, agents, rounds=10, trace=True)
        assert result.reason == parley.EndReason.failure
        assert result.failure.party == seat
        assert result.failure.kind == "exception"
        assert result.failure.message == f"KeyError: 'broken {where}'"
        assert result.trace[-1].kind == parley.ActionKind.failure
        assert result.utilities == [p.reservation_value for p in scenario.parties]


@pytest.mark.parametrize("offer, kind, message", [
    ([0, 0, 0], "illegal action", "outside the outcome space"),
    ([0, 0, 0, 0, 99], "illegal action", "outside the outcome space"),
    (None, "exception", "propose() returned None, expected a list of value indices"),
    ("abc", "exception", "expected a list of value indices"),
    (7, "exception", "expected a list of value indices"),
    ([-1, 0, 0, 0, 0], "exception", "expected a list of value indices"),
])
def test_an_illegal_offer_is_an_agent_failure(offer, kind, message):
    scenario = example("job-offer.yaml")
    result = parley.negotiate(scenario, [Scripted(offer=offer), "conceder"], rounds=10)
    assert result.reason == parley.EndReason.failure
    assert result.failure.party == 0
    assert result.failure.kind == kind
    assert message in result.failure.message


def test_bad_return_values_and_missing_methods_are_failures():
    class SaysYes(Scripted):
        def respond(self, state, offer):
            return True

    class Incomplete(parley.Negotiator):
        def start(self, view, info):
            pass

    scenario = example("job-offer.yaml")
    result = parley.negotiate(scenario, ["conceder", SaysYes()], rounds=10)
    assert result.failure.party == 1
    assert "respond() returned True, expected a parley.Response" in result.failure.message
    result = parley.negotiate(scenario, [Incomplete(), "conceder"], rounds=10)
    assert result.failure.message == "Incomplete does not define propose()"


def test_a_subclass_must_call_the_base_init():
    class NoInit(parley.Negotiator):
        def __init__(self):
            pass

    with pytest.raises(TypeError, match="__init__"):
        NoInit()


def test_a_factory_that_fails_or_returns_something_else_raises_clearly():
    registry = parley.AgentRegistry()

    def broken(**_):
        raise RuntimeError("no agent today")

    registry.add("broken", broken)
    registry.add("not_an_agent", lambda: object())
    scenario = example("job-offer.yaml")
    with pytest.raises(RuntimeError, match="creating agent 'broken': RuntimeError: no agent today"):
        parley.negotiate(scenario, "broken,conceder", registry=registry)
    with pytest.raises(parley.InputError, match="subclass of parley.Negotiator"):
        parley.negotiate(scenario, "not_an_agent,conceder", registry=registry)


def test_python_agents_use_their_seed_deterministically():
    import random

    class RandomOffers(parley.Negotiator):
        def start(self, view, info):
            self.view = view
            self.random = random.Random(info.seed)

        def propose(self, state):
            return self.view.index.outcome(self.random.randrange(len(self.view.index)))

        def respond(self, state, offer):
            return parley.Response.reject

    scenario = example("job-offer.yaml")
    texts = []
    for seed in (3, 3, 4):
        options = parley.SessionOptions(rounds=30, seed=seed, record_trace=True)
        result = parley._core.negotiate(scenario, [RandomOffers(), "hardliner"], options)
        texts.append(parley.trace_text(scenario, ["random_offers", "hardliner"], options, result))
    assert texts[0] == texts[1]
    assert texts[0] != texts[2]


def test_a_slow_python_agent_exceeds_its_turn_budget():
    import time

    class Slow(Scripted):
        def propose(self, state):
            time.sleep(0.05)
            return super().propose(state)

    result = parley.negotiate(example("job-offer.yaml"), [Slow(), "conceder"], rounds=10,
                              turn_budget=0.01)
    assert result.reason == parley.EndReason.failure
    assert (result.failure.party, result.failure.kind) == (0, "time budget")
