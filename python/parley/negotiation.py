"""Negotiation sessions and tournaments from Python, with pandas results when pandas is installed.

The engine is C++ (``parley._core``); this module adds keyword-argument conveniences:

* :func:`negotiate` plays one session between agents given by name (``"boulware(e=0.2)"``, the
  CLI spelling), :class:`~parley._core.AgentSpec`, or instances of Python subclasses of
  :class:`~parley._core.Negotiator`;
* :class:`Tournament` describes a tournament in Python (written to a tournament file, the format
  of docs/tournament.md) and :func:`run_tournament` runs one from a file or a :class:`Tournament`;
* :func:`trace_frame`, :func:`results_frame`, :func:`summary_frame` turn results into pandas
  DataFrames (pandas is imported only when one of them is called).

Agents written in Python join the registry with ``AgentRegistry.add(name, cls, parameters)``
and are then spelled ``name(p=v)`` everywhere, like the library's agents. Tournaments with
Python agents run their workers as threads (the file's hard per-negotiation limits are then not
enforced; see docs/python-tutorial.md).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from . import _core
from ._core import (
    ActionKind,
    AgentFailure,
    AgentInfo,
    AgentRegistry,
    AgentRole,
    AgentSpec,
    EndReason,
    Isolation,
    Negotiator,
    ObservedAction,
    OfferIndex,
    OfferIndexCache,
    OfferIndexOptions,
    ParameterInfo,
    PartyView,
    Response,
    RoleMode,
    Session,
    SessionInfo,
    SessionOptions,
    SessionResult,
    TournamentReport,
    TournamentSpec,
    TournamentSummary,
    TraceEvent,
    TurnState,
    agent_catalogue,
    agent_names,
    load_tournament_spec,
    parse_agent,
    parse_agent_list,
    render_summary,
    save_trace,
    trace_text,
)

_CORE_NAMES = [
    "ActionKind", "AgentFailure", "AgentInfo", "AgentRegistry", "AgentRole", "AgentSpec",
    "EndReason", "Isolation", "Negotiator", "ObservedAction", "OfferIndex", "OfferIndexCache",
    "OfferIndexOptions", "ParameterInfo", "PartyView", "Response", "RoleMode", "Session",
    "SessionInfo", "SessionOptions", "SessionResult", "TournamentReport", "TournamentSpec",
    "TournamentSummary", "TraceEvent", "TurnState", "agent_catalogue", "agent_names",
    "load_tournament_spec", "parse_agent", "parse_agent_list", "render_summary", "save_trace",
    "trace_text",
]

__all__ = _CORE_NAMES + [
    "negotiate",
    "agent_labels",
    "Tournament",
    "TournamentRun",
    "run_tournament",
    "trace_frame",
    "trace_rows",
    "result_rows",
    "results_frame",
    "summary_frame",
    "scenario_summary_frame",
]


def _agent_list(agents: str | Sequence[Any]) -> str | list[Any]:
    """A comma-separated string of names (CLI style) as is, any other sequence as a list."""
    return agents if isinstance(agents, str) else list(agents)


def agent_labels(
    agents: str | Sequence[Any], registry: AgentRegistry | None = None
) -> list[str]:
    """The names a session gives its agents in traces: the canonical spec text of named agents,
    the ``name`` attribute (or class name) of Negotiator instances."""
    if isinstance(agents, str):
        return [str(spec) for spec in (registry or AgentRegistry()).parse_list(agents)]
    labels = []
    for agent in agents:
        if isinstance(agent, Negotiator):
            name = getattr(agent, "name", None)
            labels.append(name if isinstance(name, str) else type(agent).__name__)
        elif isinstance(agent, str):
            labels.append(str((registry or AgentRegistry()).parse(agent)))
        else:
            labels.append(str(agent))
    return labels


def negotiate(
    scenario: _core.Scenario,
    agents: str | Sequence[str | _core.AgentSpec | Negotiator],
    *,
    rounds: int | None = None,
    seed: int = 1,
    time_limit: float = 0.0,
    turn_budget: float = 0.0,
    trace: bool = False,
    registry: AgentRegistry | None = None,
    cache: OfferIndexCache | None = None,
    protocol: str = "saop",
    quorum: int | None = None,
    veto: Sequence[int] = (),
    model_quality: bool = False,
) -> SessionResult:
    """Plays one negotiation and returns its SessionResult.

    ``agents`` holds one agent per party, in seat order: registry names such as
    ``"boulware(e=0.2)"`` (or one comma-separated string), AgentSpec objects, or instances of
    Python subclasses of :class:`parley.Negotiator`. Names of agents added to ``registry`` are
    resolved by it. ``rounds`` is the round deadline (None: 1000, or unlimited with a time
    limit); ``time_limit`` (seconds) runs until that many seconds have passed, agents seeing the
    elapsed fraction as their time (not reproducible); ``turn_budget`` bounds each agent call.
    Ctrl-C raises KeyboardInterrupt. ``trace=True`` records every
    action (see :func:`trace_frame`). Same inputs and seed give the same result.
    An agent that raises, or returns an illegal offer, ends the session with
    ``result.reason == EndReason.failure`` and ``result.failure`` saying who and why.

    ``protocol`` is ``"saop"`` (stacked alternating offers), ``"amop"`` (alternating multiple
    offers) or ``"mopac"`` (multiple offers, partial consensus: ``quorum`` parties close a deal,
    every party in ``veto`` (indices) among them; ``result.deals`` lists the deals).
    ``model_quality=True`` measures the agents' opponent models after the session
    (``result.model_quality``; docs/negotiation.md).
    """
    options = SessionOptions(
        rounds=rounds,
        time_limit_seconds=time_limit,
        turn_budget_seconds=turn_budget,
        seed=seed,
        record_trace=trace,
    )
    options.protocol = protocol
    if quorum is not None or veto:
        options.quorum = quorum if quorum is not None else scenario.party_count
        options.veto = list(veto)
    options.model_quality = model_quality
    return _core.negotiate(scenario, _agent_list(agents), options, cache, registry)


def trace_rows(
    result: SessionResult, labels: Sequence[str] | None = None
) -> list[dict[str, Any]]:
    """The trace of a session (recorded with ``trace=True``) as a list of plain dicts.

    Columns: round, time, actor (seat), agent (label, when ``labels`` is given), kind
    (offer, accept, end-negotiation, failure), package (list of value indices) and one
    ``utility_<p>`` column per party (None for events without a package).
    """
    parties = len(result.utilities)
    rows = []
    for event in result.trace:
        row: dict[str, Any] = {
            "round": event.round,
            "time": event.time,
            "actor": event.actor,
        }
        if labels is not None:
            row["agent"] = labels[event.actor]
        row["kind"] = event.kind.name.replace("_", "-")  # the trace file's spelling
        row["package"] = list(event.package) if event.package else None
        for p in range(parties):
            row[f"utility_{p}"] = event.utilities[p] if event.utilities else None
        rows.append(row)
    return rows


def _pandas():
    try:
        import pandas
    except ImportError as error:  # pragma: no cover - exercised only without pandas
        raise ImportError(
            "this function returns a pandas DataFrame; install pandas (apt install "
            "python3-pandas) or use the *_rows functions, which return plain lists"
        ) from error
    return pandas


def trace_frame(result: SessionResult, labels: Sequence[str] | None = None):
    """The trace of a session as a pandas DataFrame (columns as in :func:`trace_rows`)."""
    return _pandas().DataFrame(trace_rows(result, labels))


# --- tournaments -------------------------------------------------------------------------------


@dataclass
class Tournament:
    """A tournament described in Python; :meth:`to_file` writes the tournament file.

    ``agents`` are registry names (``"boulware(e=0.2)"``, or names added to an AgentRegistry),
    ``scenarios`` are paths to scenario files or folders (any format), or dicts
    ``{"path": ..., "profiles": [...]}``. The other fields mirror docs/tournament.md.
    """

    agents: list[str]
    scenarios: list[str | dict[str, Any]]
    name: str = "tournament"
    rounds: int = 100
    deadline_seconds: float = 0.0
    repetitions: int = 1
    seed: int = 1
    roles: str = "all"
    self_play: bool = True
    limit_seconds: float = 60.0
    limit_memory_mb: int = 0
    real_steps: int | None = None
    protocol: str = "sao"
    quorum: str | int | None = None
    veto: list[str] = field(default_factory=list)
    model_quality: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The tournament file's content (scenario paths made absolute)."""

        def absolute(source: str | dict[str, Any]) -> str | dict[str, Any]:
            if isinstance(source, dict):
                converted = dict(source)
                converted["path"] = os.path.abspath(os.fspath(source["path"]))
                return converted
            return os.path.abspath(os.fspath(source))

        deadline: dict[str, Any] = {"rounds": self.rounds}
        if self.deadline_seconds:
            deadline["seconds"] = self.deadline_seconds
        content: dict[str, Any] = {
            "tournament": self.name,
            "seed": self.seed,
            "repetitions": self.repetitions,
            "protocol": self.protocol,
            "deadline": deadline,
            "roles": self.roles,
            "self_play": self.self_play,
            "agents": [str(agent) for agent in self.agents],
            "scenarios": [absolute(source) for source in self.scenarios],
            "limits": {"seconds": self.limit_seconds, "memory_mb": self.limit_memory_mb},
        }
        if self.real_steps is not None:
            content["real_steps"] = self.real_steps
        if self.quorum is not None:
            content["quorum"] = str(self.quorum)
        if self.veto:
            content["veto"] = list(self.veto)
        if self.model_quality:
            content["model_quality"] = True
        return content

    def to_yaml(self) -> str:
        """The tournament file's text (JSON, which is valid YAML)."""
        return json.dumps(self.to_dict(), indent=2) + "\n"

    def to_file(self, path: str | os.PathLike) -> str:
        """Writes the tournament file to ``path`` and returns the path."""
        path = os.fspath(path)
        with open(path, "w", encoding="utf-8") as out:
            out.write(self.to_yaml())
        return path

    def run(self, out_dir: str | os.PathLike, **options: Any) -> "TournamentRun":
        """Runs the tournament into ``out_dir`` (see :func:`run_tournament` for options)."""
        return run_tournament(self, out_dir, **options)


@dataclass
class TournamentRun:
    """A finished tournament: the C++ report and where its files are."""

    report: TournamentReport
    out_dir: str
    file: str = field(default="")

    @property
    def summary(self) -> _core.TournamentSummary:
        """Per-agent and per-scenario tables (TournamentSummary)."""
        return self.report.summary

    def rows(self) -> list[dict[str, Any]]:
        """Every negotiation as a plain dict (see :func:`result_rows`)."""
        return result_rows(self.out_dir)

    def results_frame(self):
        """Every negotiation as a pandas DataFrame (see :func:`results_frame`)."""
        return results_frame(self.out_dir)

    def summary_frame(self):
        """The per-agent table as a pandas DataFrame."""
        return summary_frame(self.report.summary)

    def scenario_summary_frame(self):
        """The per-scenario table as a pandas DataFrame."""
        return scenario_summary_frame(self.report.summary)

    def summary_text(self) -> str:
        """The plain-text tables the CLI prints."""
        return _core.render_summary(self.report.summary)


def run_tournament(
    tournament: str | os.PathLike | Tournament,
    out_dir: str | os.PathLike,
    *,
    registry: AgentRegistry | None = None,
    threads: int = 0,
    isolation: Isolation | None = None,
    resume: bool = False,
    plot: bool = True,
    progress: Callable[[int, int], None] | None = None,
    warn: Callable[[str], None] | None = None,
) -> TournamentRun:
    """Runs a tournament file, or a :class:`Tournament`, into the folder ``out_dir``.

    Agents added to ``registry`` (Python classes) may appear in the agent list. ``isolation``
    None picks worker processes for library agents and threads when a Python agent takes part
    (a forked child cannot run Python; the file's limits.seconds and limits.memory_mb are then
    not enforced). ``threads`` 0 uses every core. Results are identical whatever the threads
    or isolation. Returns a :class:`TournamentRun` (report, files, DataFrames).
    """
    out_dir = os.fspath(out_dir)
    if isinstance(tournament, Tournament):
        os.makedirs(out_dir, exist_ok=True)
        file = tournament.to_file(os.path.join(out_dir, "tournament.yaml"))
    else:
        file = os.fspath(tournament)
    report = _core.run_tournament(
        file,
        out_dir,
        threads=threads,
        resume=resume,
        isolation=isolation,
        plot=plot,
        registry=registry,
        progress=progress,
        warn=warn,
    )
    return TournamentRun(report=report, out_dir=out_dir, file=file)


def result_rows(out_dir: str | os.PathLike) -> list[dict[str, Any]]:
    """The rows of ``OUT/results.jsonl`` (one per negotiation, job order) as plain dicts.

    Per-party columns are lists (agents, utilities, payoffs, advantages), as in the JSONL file.
    """
    path = os.path.join(os.fspath(out_dir), "results.jsonl")
    rows = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            rows.append(json.loads(line))
    return rows


def results_frame(out_dir: str | os.PathLike):
    """``OUT/results.jsonl`` as a pandas DataFrame, with per-party columns spread out as
    ``agent_<p>``, ``utility_<p>``, ``payoff_<p>``, ``advantage_<p>`` (p from 1, as in
    results.csv)."""
    pandas = _pandas()
    rows = result_rows(out_dir)
    flat = []
    for row in rows:
        spread = (("agent", "agents"), ("utility", "utilities"), ("payoff", "payoffs"),
                  ("advantage", "advantages"))
        entry = {k: v for k, v in row.items() if k not in {key for _, key in spread}}
        for name, key in spread:
            for p, value in enumerate(row.get(key, []), start=1):
                entry[f"{name}_{p}"] = value
        flat.append(entry)
    return pandas.DataFrame(flat)


def _estimate_columns(prefix: str, estimate: _core.MeanEstimate) -> dict[str, float]:
    return {prefix: estimate.mean, f"{prefix}_ci": estimate.half_width}


def summary_frame(summary: _core.TournamentSummary):
    """Per-agent summary (rank order) as a pandas DataFrame: mean payoff, utility, advantage,
    agreement rate and welfare with their 95% half-widths (``*_ci``), ranks and failures."""
    rows = []
    for agent in summary.agents:
        row: dict[str, Any] = {"agent": agent.agent, "rank": agent.rank,
                               "rank_best": agent.rank_best, "rank_worst": agent.rank_worst}
        for name in ("payoff", "utility", "advantage", "agreement", "welfare"):
            row.update(_estimate_columns(name, getattr(agent, name)))
        row["negotiations"] = agent.negotiations
        row["failures"] = agent.failures
        rows.append(row)
    return _pandas().DataFrame(rows)


def scenario_summary_frame(summary: _core.TournamentSummary):
    """Per-scenario summary as a pandas DataFrame (means and 95% half-widths)."""
    rows = []
    for scenario in summary.scenarios:
        row: dict[str, Any] = {"scenario": scenario.scenario,
                               "negotiations": scenario.negotiations}
        for name in ("agreement", "welfare", "distance_frontier", "distance_nash", "rounds"):
            row.update(_estimate_columns(name, getattr(scenario, name)))
        row["failures"] = scenario.failures
        rows.append(row)
    return _pandas().DataFrame(rows)
