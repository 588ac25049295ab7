"""Negotiation sessions from Python: results cross-checked against the scenario, determinism,
traces, the offer index against brute force, clear errors for bad arguments, and the GIL
released while C++ agents negotiate."""

from __future__ import annotations

import itertools
import threading
import time

import pytest

import parley
from negotiation_support import EXAMPLES, corpus_scenario, example


def test_result_utilities_are_those_of_the_agreement():
    scenario = example("job-offer.yaml")
    result = parley.negotiate(scenario, "boulware,conceder", rounds=100, trace=True)
    assert result.agreement and result.reason == parley.EndReason.agreement
    assert result.utilities == [scenario.utility(p, result.outcome) for p in range(2)]
    # The agreement is the last offer of the trace, accepted by the other party.
    offers = [e for e in result.trace if e.kind == parley.ActionKind.offer]
    assert result.trace[-1].kind == parley.ActionKind.accept
    assert result.trace[-1].package == offers[-1].package == result.outcome
    for event in result.trace:
        assert event.utilities == [scenario.utility(p, event.package) for p in range(2)]
    assert result.turns == len(result.trace)
    assert result.failure is None


def test_hardliners_reach_the_deadline_with_reservation_values():
    scenario = example("job-offer.yaml")
    result = parley.negotiate(scenario, ["hardliner", "hardliner"], rounds=7)
    assert result.reason == parley.EndReason.deadline and result.outcome is None
    assert (result.round, result.turns) == (6, 14)
    assert result.utilities == [p.reservation_value for p in scenario.parties]


def test_sessions_are_deterministic_given_the_seed():
    scenario = example("job-offer.yaml")
    labels = ["random(p_accept=0.1)", "random(p_accept=0.1)"]

    def trace(seed):
        options = parley.SessionOptions(rounds=50, seed=seed, record_trace=True)
        result = parley._core.negotiate(scenario, labels, options)
        return parley.trace_text(scenario, labels, options, result)

    assert trace(5) == trace(5)
    assert trace(5) != trace(6)
    first = trace(5).splitlines()
    assert '"agents"' in first[0] or "random(p_accept=0.1)" in first[0]


def test_save_trace_writes_the_trace_text(tmp_path):
    scenario = example("job-offer.yaml")
    options = parley.SessionOptions(rounds=40, record_trace=True)
    session = parley.Session(scenario, ["boulware", "conceder"], options)
    result = session.run()
    assert session.labels == ["boulware(e=0.2)", "conceder(e=2)"]
    path = tmp_path / "trace.jsonl"
    parley.save_trace(str(path), scenario, session.labels, options, result)
    assert path.read_text() == parley.trace_text(scenario, session.labels, options, result)
    assert len(path.read_text().splitlines()) == len(result.trace) + 2
    with pytest.raises(parley.UnsupportedError, match="plays once"):
        session.run()


def test_trace_frame_has_one_row_per_event():
    pandas = pytest.importorskip("pandas")
    scenario = example("job-offer.yaml")
    result = parley.negotiate(scenario, "boulware,conceder", rounds=100, trace=True)
    frame = parley.trace_frame(result, ["boulware", "conceder"])
    assert isinstance(frame, pandas.DataFrame)
    assert len(frame) == len(result.trace)
    assert list(frame.columns) == ["round", "time", "actor", "agent", "kind", "package",
                                   "utility_0", "utility_1"]
    assert frame["utility_1"].tolist() == [e.utilities[1] for e in result.trace]
    assert frame["kind"].iloc[-1] == "accept"
    assert parley.trace_rows(result)[0]["kind"] == "offer"


def test_agent_labels_are_the_names_sessions_give_agents():
    class Named(parley.Negotiator):
        name = "my agent"

    class Anonymous(parley.Negotiator):
        pass

    assert parley.agent_labels("boulware, conceder") == ["boulware(e=0.2)", "conceder(e=2)"]
    assert parley.agent_labels([Named(), Anonymous(), "linear()"]) == \
        ["my agent", "Anonymous", "linear"]
    session = parley.Session(example("job-offer.yaml"), [Named(), "linear()"])
    assert session.labels == ["my agent", "linear"]


def test_agent_names_specs_and_catalogue():
    assert parley.agent_names()[:4] == ["boulware", "linear", "conceder", "hardliner"]
    spec = parley.parse_agent("boulware")
    assert str(spec) == "boulware(e=0.2)" and spec.parameters == {"e": 0.2}
    boa = parley.parse_agent("boa(acceptance=ac_const(c=0.7))")
    assert str(boa.parameters["acceptance"]) == "ac_const(c=0.7)"
    assert boa.component("acceptance").number("c") == 0.7
    assert [str(s) for s in parley.parse_agent_list("linear,conceder(e=3)")] == \
        ["linear", "conceder(e=3)"]
    catalogue = {info.name: info for info in parley.agent_catalogue()}
    assert catalogue["boulware"].parameters[0].default_number == 0.2
    assert catalogue["boulware"].reference.startswith("Faratin")
    scenario = example("job-offer.yaml")
    a = parley.negotiate(scenario, [spec, "conceder"], rounds=50)
    b = parley.negotiate(scenario, "boulware(e=0.2),conceder", rounds=50)
    assert (a.outcome, a.turns) == (b.outcome, b.turns)
    c = parley._core.negotiate(scenario, "boulware, conceder", parley.SessionOptions(rounds=50))
    assert (c.outcome, c.turns) == (b.outcome, b.turns)


def test_offer_index_matches_brute_force():
    scenario = example("job-offer.yaml")
    index = parley.OfferIndex.build(scenario, 1)
    assert index.exact and index.method == parley.OfferIndex.Method.enumeration
    cards = [len(issue.values) if hasattr(issue, "values") else None for issue in scenario.issues]
    packages = list(itertools.product(*[range(c) for c in scenario.space.cardinalities]))
    assert len(index) == len(packages) == 1512
    utilities = sorted(scenario.utility(1, list(p)) for p in packages)
    assert [index.utility(k) for k in range(len(index))] == utilities
    assert index.max_utility == utilities[-1] and index.min_utility == utilities[0]
    for target in (0.0, 0.123, 0.5, 0.77, 1.0, 2.0):
        entry = index.nearest(target)
        best = min(abs(u - target) for u in utilities)
        assert abs(index.utility(entry) - target) == best
        assert scenario.utility(1, index.outcome(entry)) == index.utility(entry)
    first, last = index.range(0.4, 0.6)
    assert last - first == sum(1 for u in utilities if 0.4 <= u <= 0.6)
    with pytest.raises(IndexError):
        index.utility(len(index))
    view = parley.PartyView.of(scenario, 1, index)
    assert view.index.size == len(index) and view.name == scenario.parties[1].name
    del cards


def test_a_shared_cache_gives_the_same_results():
    scenario = example("job-offer.yaml")
    cache = parley.OfferIndexCache()
    with_cache = parley.negotiate(scenario, "boulware,conceder", rounds=80, cache=cache)
    without = parley.negotiate(scenario, "boulware,conceder", rounds=80)
    assert (with_cache.outcome, with_cache.turns) == (without.outcome, without.turns)


@pytest.mark.parametrize("call, error, message", [
    (lambda s: parley.negotiate(s, "boulwar,conceder"), parley.InputError,
     r"unknown agent 'boulwar'.*one of: boulware, linear"),
    (lambda s: parley.negotiate(s, ["boulware(e=2)", "conceder"]), parley.InputError,
     r"boulware.e=2.*\(0, 1\)"),
    (lambda s: parley.negotiate(s, ["boulware", 42]), parley.InputError,
     r"agents\[1\].*an agent name such as 'boulware\(e=0.2\)'"),
    (lambda s: parley.negotiate(s, ["boulware"]), parley.InputError,
     r"one agent per party \(2\)"),
    (lambda s: parley.negotiate(s, "boulware,conceder", rounds=-5), parley.InputError,
     r"rounds: found -5, expected a number >= 0"),
    (lambda s: parley.negotiate(s, "boulware,conceder", rounds=0), parley.InputError,
     r"a round count > 0, or a time limit"),
    (lambda s: parley.negotiate(s, "boulware,conceder", time_limit=-1.0), parley.InputError,
     r"time_limit_seconds"),
    (lambda s: parley.negotiate(None, "boulware,conceder"), parley.InputError, r"a Scenario"),
    (lambda s: parley.negotiate(s, "boulware,conceder", rounds="ten"), TypeError,
     r"incompatible"),
    (lambda s: parley.OfferIndex.build(s, 5), parley.InputError, r"found 5, expected a party index below 2"),
])
def test_bad_arguments_raise_clear_python_exceptions(call, error, message):
    scenario = example("job-offer.yaml")
    with pytest.raises(error, match=message):
        call(scenario)


def test_input_errors_are_value_errors():
    with pytest.raises(ValueError):
        parley.SessionOptions(rounds=-1)
    options = parley.SessionOptions()
    with pytest.raises(ValueError):
        options.rounds = -3
    assert options.rounds is None  # the default: 1000 rounds, or unlimited with a time limit


def test_gil_is_released_while_cpp_agents_negotiate():
    # A long session of C++ agents in a worker thread while the main thread keeps looping and
    # records the longest pause between two of its iterations. With the GIL held during the
    # call the main thread could not run at all: the pause would last the whole call (checked:
    # sorted() of a large list, which holds the GIL, gives a pause of ~95% of its duration).
    # A busy machine may pause the main thread once; a held GIL pauses it every time.
    scenario = corpus_scenario("genius/anac2010/Travel")
    for attempt in range(3):
        results, durations = [], []
        done = threading.Event()

        def work():
            started = time.perf_counter()
            results.append(parley.negotiate(scenario, "hardliner,hardliner", rounds=400_000))
            durations.append(time.perf_counter() - started)
            done.set()

        worker = threading.Thread(target=work)
        longest_pause = 0.0
        last = time.perf_counter()
        worker.start()
        while not done.is_set():
            now = time.perf_counter()
            longest_pause = max(longest_pause, now - last)
            last = now
        worker.join()
        assert results[0].reason == parley.EndReason.deadline
        assert results[0].turns == 800_000
        if longest_pause < 0.5 * durations[0]:
            return
    raise AssertionError((longest_pause, durations[0]))


def test_a_time_limit_runs_past_1000_rounds_unless_rounds_are_given():
    scenario = example("job-offer.yaml")
    assert parley.SessionOptions().rounds is None
    timed = parley.negotiate(scenario, ["hardliner", "hardliner"], time_limit=0.3)
    assert timed.reason == parley.EndReason.deadline
    assert timed.round > 1000, "rounds are unlimited with a time limit"
    bounded = parley.negotiate(scenario, ["hardliner", "hardliner"], time_limit=30, rounds=50)
    assert bounded.reason == parley.EndReason.deadline and bounded.round == 49
    with pytest.raises(parley.InputError, match="rounds"):
        parley.SessionOptions(rounds=-1)


def test_multi_offer_protocols_champions_and_model_quality():
    # Three parties under MOPAC with a quorum of 2: every deal holds at least 2 parties.
    three = parley.make_synthetic_scenario(4, 4, 3)
    options = parley.SessionOptions(rounds=80, record_trace=True)
    options.protocol = "mopac"
    options.quorum = 2
    assert options.protocol == "mopac" and options.quorum == 2 and options.veto == []
    result = parley.negotiate(three, ["conceder", "conceder", "atlas3"], rounds=80,
                              protocol="mopac", quorum=2)
    assert result.reason in (parley.EndReason.agreement, parley.EndReason.partial_agreement)
    assert result.deals and all(len(d.parties) >= 2 for d in result.deals)
    for deal in result.deals:
        for p in deal.parties:
            assert result.utilities[p] == pytest.approx(three.utilities(deal.package)[p])
    # An unknown protocol names the field.
    with pytest.raises(parley.InputError) as error:
        options.protocol = "auction"
    assert "protocol" in str(error.value)
    # Model quality: hardheaded keeps a frequency model of its opponent, micro none.
    two = parley.make_synthetic_scenario(4, 5)
    result = parley.negotiate(two, ["hardheaded", "micro"], rounds=100, model_quality=True)
    assert len(result.model_quality) == 1
    q = result.model_quality[0]
    assert (q.modeller, q.modelled) == (0, 1)
    assert -1.0 <= q.pearson <= 1.0 and -1.0 <= q.kendall_tau <= 1.0 and q.frontier_distance >= 0
    assert q.exact and q.outcomes == 5 ** 4
    for name in ("agentk", "hardheaded", "cuhkagent", "agentm", "atlas3", "ponpoko",
                 "agreeable_agent2018", "agentgg", "micro"):
        assert name in parley.agent_names()
