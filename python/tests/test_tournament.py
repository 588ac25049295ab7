"""Tournaments from Python: a Python agent gives per-negotiation results identical to the C++
agent it ports, Python agents play against C++ agents and each other (thread isolation), a
failing Python agent is a failure row, bad input raises before any work, DataFrames."""

from __future__ import annotations

import json

import pytest

import parley
from parley.example_agents import PythonBoulware, TimeDependentAgent
from negotiation_support import CORPUS_BILATERAL, EXAMPLES, Scripted, corpus_dir


def python_registry() -> parley.AgentRegistry:
    registry = parley.AgentRegistry()
    registry.add("py_boulware", PythonBoulware, {"e": (0.2, 0.0, 1.0)})
    registry.add("py_time_dependent", TimeDependentAgent, {"e": (1.0, 0.0, 1000.0)})
    return registry


def comparable(rows, rename):
    """Rows without timing, with agent names mapped by `rename` (Python name -> C++ name)."""
    result = []
    for row in rows:
        row = dict(row)
        row.pop("seconds", None)
        row["agents"] = [rename.get(a, a) for a in row["agents"]]
        if row.get("failed_agent"):
            row["failed_agent"] = rename.get(row["failed_agent"], row["failed_agent"])
        result.append(row)
    return result


def test_python_agent_gives_identical_results_to_the_cpp_agent_in_a_tournament(tmp_path):
    scenarios = [str(corpus_dir() / s) for s in CORPUS_BILATERAL]
    common = ["conceder", "nash_seeker", "random"]
    cpp = parley.Tournament(agents=["boulware(e=0.2)", "linear"] + common, scenarios=scenarios,
                            rounds=120, repetitions=2, seed=31)
    python = parley.Tournament(agents=["py_boulware(e=0.2)", "py_time_dependent(e=1)"] + common,
                               scenarios=scenarios, rounds=120, repetitions=2, seed=31)
    expected = cpp.run(tmp_path / "cpp", threads=2, plot=False)
    got = python.run(tmp_path / "python", registry=python_registry(), threads=2, plot=False)
    assert got.report.negotiations == expected.report.negotiations == 3 * 25 * 2
    assert got.report.failures == 0
    rename = {"py_boulware(e=0.2)": "boulware(e=0.2)", "py_time_dependent(e=1)": "linear"}
    assert comparable(got.rows(), rename) == comparable(expected.rows(), {})
    assert [rename.get(a.agent, a.agent) for a in got.summary.agents] == \
        [a.agent for a in expected.summary.agents]
    assert [a.utility.mean for a in got.summary.agents] == \
        [a.utility.mean for a in expected.summary.agents]
    assert sum(row["agreement"] for row in got.rows()) > 0


def test_python_against_python_and_cpp_in_one_tournament(tmp_path):
    tournament = parley.Tournament(
        agents=["py_boulware", "py_time_dependent(e=2)", "hardliner"],
        scenarios=[str(EXAMPLES / "job-offer.yaml")], rounds=50)
    run = tournament.run(tmp_path / "out", registry=python_registry(), threads=2, plot=False)
    rows = run.rows()
    assert len(rows) == 9
    pairs = {tuple(row["agents"]) for row in rows}
    assert ("py_boulware(e=0.2)", "py_time_dependent(e=2)") in pairs
    assert ("py_time_dependent(e=2)", "hardliner") in pairs
    # py_time_dependent(e=2) is the conceder: the same rows as conceder vs boulware in C++.
    cpp = parley.Tournament(agents=["boulware", "conceder", "hardliner"],
                            scenarios=[str(EXAMPLES / "job-offer.yaml")], rounds=50)
    expected = cpp.run(tmp_path / "cpp", threads=1, plot=False)
    rename = {"py_boulware(e=0.2)": "boulware(e=0.2)", "py_time_dependent(e=2)": "conceder(e=2)"}
    assert comparable(rows, rename) == comparable(expected.rows(), {})


def test_library_agents_give_the_same_results_in_processes_and_threads(tmp_path):
    tournament = parley.Tournament(agents=["boulware", "conceder", "random"],
                                   scenarios=[str(EXAMPLES / "job-offer.yaml")], rounds=40,
                                   seed=3)
    processes = tournament.run(tmp_path / "p", isolation=parley.Isolation.process, threads=2,
                               plot=False)
    threads = tournament.run(tmp_path / "t", isolation=parley.Isolation.thread, threads=2,
                             plot=False)
    assert (tmp_path / "p" / "results.csv").read_text() == \
        (tmp_path / "t" / "results.csv").read_text()
    assert processes.report.ran == threads.report.ran == 9


def test_python_agents_refuse_worker_processes(tmp_path):
    tournament = parley.Tournament(agents=["py_boulware", "conceder"],
                                   scenarios=[str(EXAMPLES / "job-offer.yaml")])
    with pytest.raises(parley.UnsupportedError, match="cannot run in a forked worker process"):
        tournament.run(tmp_path / "out", registry=python_registry(),
                       isolation=parley.Isolation.process)


def test_a_failing_python_agent_is_a_failure_row_and_the_tournament_goes_on(tmp_path):
    registry = parley.AgentRegistry()
    registry.add("grumpy", lambda: Scripted(fail_in="respond", error=ValueError("no deal")))
    tournament = parley.Tournament(agents=["grumpy", "conceder"],
                                   scenarios=[str(EXAMPLES / "job-offer.yaml")], rounds=20)
    run = tournament.run(tmp_path / "out", registry=registry, threads=2, plot=False)
    rows = run.rows()
    assert len(rows) == 4
    # grumpy fails at its first respond() in every negotiation it plays (in seat 0, after the
    # opponent's first counter-offer); conceder against itself agrees.
    for row in rows:
        if "grumpy" in row["agents"]:
            assert row["end"] == "failure"
            assert row["failure"] == "exception: ValueError: no deal"
            assert row["failed_agent"] == "grumpy"
        else:
            assert row["end"] == "agreement"
    assert run.report.failures == 3
    summary = {a.agent: a for a in run.summary.agents}
    assert summary["grumpy"].failures == 3 and summary["conceder(e=2)"].failures == 0


def test_bad_tournaments_are_refused_before_any_work(tmp_path):
    tournament = parley.Tournament(agents=["py_boulware", "conceder"],
                                   scenarios=[str(EXAMPLES / "job-offer.yaml")])
    with pytest.raises(parley.InputError, match=r"agents\[0\].*unknown agent 'py_boulware'"):
        tournament.run(tmp_path / "no-registry")
    assert not (tmp_path / "no-registry" / "results.jsonl").exists()
    missing = parley.Tournament(agents=["boulware", "conceder"],
                                scenarios=[str(tmp_path / "missing.yaml")])
    with pytest.raises(parley.InputError, match="missing.yaml"):
        missing.run(tmp_path / "missing")
    with pytest.raises(parley.InputError, match="no-such-file"):
        parley.run_tournament(tmp_path / "no-such-file.yaml", tmp_path / "x")


def test_tournament_file_round_trips_through_the_cpp_reader(tmp_path):
    tournament = parley.Tournament(agents=["boulware(e=0.3)", "linear"],
                                   scenarios=[str(EXAMPLES / "job-offer.yaml")], rounds=33,
                                   repetitions=4, seed=99, roles="fixed", self_play=False,
                                   limit_seconds=5, name="python-made")
    path = tournament.to_file(tmp_path / "t.yaml")
    spec = parley.load_tournament_spec(path)
    assert (spec.name, spec.deadline_rounds, spec.repetitions, spec.seed) == \
        ("python-made", 33, 4, 99)
    assert spec.roles == parley.RoleMode.fixed and not spec.self_play
    assert spec.agents == ["boulware(e=0.3)", "linear"]
    assert spec.limit_seconds == 5
    assert json.loads(tournament.to_yaml())["scenarios"] == [str(EXAMPLES / "job-offer.yaml")]


def test_results_and_summaries_as_dataframes(tmp_path):
    pandas = pytest.importorskip("pandas")
    progress = []
    run = parley.run_tournament(
        parley.Tournament(agents=["boulware", "conceder", "linear"],
                          scenarios=[str(EXAMPLES / "job-offer.yaml"),
                                     str(EXAMPLES / "business-contract.yaml")], rounds=60),
        tmp_path / "out", threads=1, plot=False,
        progress=lambda done, total: progress.append((done, total)))
    assert progress[-1] == (18, 18)
    assert [done for done, _ in progress] == sorted(done for done, _ in progress)
    frame = run.results_frame()
    assert isinstance(frame, pandas.DataFrame) and len(frame) == 18
    assert {"agent_1", "agent_2", "utility_1", "utility_2", "welfare"} <= set(frame.columns)
    assert (frame["welfare"] - frame["utility_1"] - frame["utility_2"]).abs().max() < 1e-12
    agents = run.summary_frame()
    assert agents["agent"].tolist() == [a.agent for a in run.summary.agents]
    assert agents["rank"].tolist() == sorted(agents["rank"].tolist())
    # Mean utility per agent recomputed from the rows.
    for _, row in agents.iterrows():
        utilities = [u for r in run.rows() for a, u in zip(r["agents"], r["utilities"])
                     if a == row["agent"]]
        assert row["utility"] == pytest.approx(sum(utilities) / len(utilities), abs=1e-12)
    scenarios = run.scenario_summary_frame()
    assert scenarios["negotiations"].tolist() == [9, 9]
    assert "boulware(e=0.2)" in run.summary_text()


class SeededRandom(parley.Negotiator):
    """Random offers from its session seed; accepts offers above its reservation value at
    random. Deterministic given the seed, whatever thread runs it."""

    def start(self, view, info):
        import random

        self.view = view
        self.random = random.Random(info.seed)

    def propose(self, state):
        return self.view.index.outcome(self.random.randrange(len(self.view.index)))

    def respond(self, state, offer):
        if self.view.utility(offer) > self.view.reservation_value and self.random.random() < 0.2:
            return parley.Response.accept
        return parley.Response.reject


def test_python_agents_are_deterministic_whatever_the_threads(tmp_path):
    registry = parley.AgentRegistry()
    registry.add("seeded_random", SeededRandom)
    tournament = parley.Tournament(agents=["seeded_random", "conceder", "py_boulware"],
                                   scenarios=[str(EXAMPLES / "job-offer.yaml"),
                                              str(EXAMPLES / "russia-japan.yaml")],
                                   rounds=40, repetitions=2, seed=12)
    registry.add("py_boulware", PythonBoulware, {"e": (0.2, 0.0, 1.0)})
    one = tournament.run(tmp_path / "one", registry=registry, threads=1, plot=False)
    two = tournament.run(tmp_path / "two", registry=registry, threads=2, plot=False)
    assert one.report.negotiations == 36
    for name in ("results.csv", "results.jsonl", "agents.csv"):
        assert (tmp_path / "one" / name).read_text() == (tmp_path / "two" / name).read_text()
    # Different repetitions have different seeds: the random agent does not repeat itself.
    rows = [r for r in one.rows() if r["agents"] == ["seeded_random", "seeded_random"]]
    assert len(rows) == 4 and len({(r["rounds"], r["outcome"]) for r in rows}) > 1


def test_an_illegal_offer_in_a_tournament_is_a_failure_row(tmp_path):
    registry = parley.AgentRegistry()
    registry.add("short_offer", lambda: Scripted(offer=[0, 0]))
    run = parley.Tournament(agents=["short_offer", "hardliner"],
                            scenarios=[str(EXAMPLES / "job-offer.yaml")], rounds=10,
                            self_play=False).run(tmp_path / "out", registry=registry, plot=False)
    rows = run.rows()
    assert len(rows) == 2
    assert all(r["end"] == "failure" and r["failed_agent"] == "short_offer" for r in rows)
    assert all(r["failure"] == "illegal action: offered a package outside the outcome space"
               for r in rows)


def test_bad_tournament_settings_raise_input_errors(tmp_path):
    for settings, field in (({"rounds": -1}, "deadline"), ({"repetitions": 0}, "repetitions"),
                            ({"roles": "some"}, "roles")):
        tournament = parley.Tournament(agents=["boulware", "conceder"],
                                       scenarios=[str(EXAMPLES / "job-offer.yaml")], **settings)
        with pytest.raises(parley.InputError) as raised:
            tournament.run(tmp_path / "out")
        assert field in str(raised.value), (settings, str(raised.value))
