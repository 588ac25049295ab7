// Python bindings of the tournament area (include/parley/tournament/tournament.hpp): the tournament
// file, job seeds, result rows, summaries and run_tournament on this process.
//
// Isolation of tournaments with agents written in Python: worker processes are fork()ed from
// the parent, and a child of a process with a live interpreter and other threads cannot call
// into Python safely. Tournaments whose agents include an agent added to the AgentRegistry from
// Python therefore run with Isolation::thread (the default chosen when isolation is None;
// asking for Isolation::process is refused). The per-negotiation hard limits of the file
// (limits.seconds, limits.memory_mb) are then not enforced, since a thread cannot be killed:
// a negotiation's own deadline (rounds, deadline.seconds between turns) still applies. Library
// agents alone keep Isolation::process (the children never touch Python).
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "parley/negotiate/agents.hpp"
#include "parley/support/error.hpp"
#include "parley/tournament/cluster.hpp"
#include "parley/tournament/tournament.hpp"
#include "python_agents.hpp"

namespace py = pybind11;

namespace parley::python {
namespace {

// The agents of a tournament file that were added to the registry (written in Python). Names
// the registry does not know are left for run_tournament to report with the file and field.
std::vector<std::string> added_agents(const TournamentSpec& spec, const AgentRegistry& registry) {
  std::vector<std::string> added;
  for (const auto& text : spec.agents) {
    try {
      if (registry.is_added(registry.parse(text).name)) added.push_back(text);
    } catch (const InputError&) {
    }
  }
  return added;
}

// Wraps a Python callable for a C++ callback that may run on a worker thread without the GIL.
template <class... Args>
std::function<void(Args...)> python_callback(const py::object& callable) {
  if (callable.is_none()) return nullptr;
  GilSafeObject shared = share_object(callable);
  return [shared](Args... args) {
    py::gil_scoped_acquire gil;
    try {
      (*shared)(args...);
    } catch (const py::error_already_set& error) {
      throw Error("tournament callback: " + python_error_text(error));
    }
  };
}

std::string mean_repr(const MeanEstimate& e) {
  return "MeanEstimate(mean=" + format_number(e.mean) +
         ", half_width=" + format_number(e.half_width) + ", count=" + std::to_string(e.count) + ")";
}

}  // namespace

void bind_tournament(py::module_& m) {
  py::enum_<RoleMode>(m, "RoleMode", "How agents are assigned to parties.")
      .value("all", RoleMode::all)
      .value("fixed", RoleMode::fixed);
  py::enum_<Isolation>(m, "Isolation",
                       "Workers are child processes (limits enforced) or threads (required for "
                       "agents written in Python).")
      .value("process", Isolation::process)
      .value("thread", Isolation::thread);

  py::class_<TournamentScenarioSource>(m, "TournamentScenarioSource",
                                       "One scenario entry of a tournament file.")
      .def(py::init<>())
      .def_readwrite("paths", &TournamentScenarioSource::paths)
      .def_readwrite("profiles", &TournamentScenarioSource::profiles);

  py::class_<TournamentSpec>(m, "TournamentSpec",
                             "A tournament file, parsed and checked (docs/tournament.md).")
      .def(py::init<>())
      .def_readwrite("name", &TournamentSpec::name)
      .def_readwrite("origin", &TournamentSpec::origin)
      .def_readwrite("agents", &TournamentSpec::agents)
      .def_readwrite("scenarios", &TournamentSpec::scenarios)
      .def_readwrite("protocol", &TournamentSpec::protocol, "sao (saop), amop or mopac.")
      .def_readwrite("quorum", &TournamentSpec::quorum,
                     "mopac: parties a deal needs ('n-1', 'majority', '2/3', a number; '': all).")
      .def_readwrite("veto", &TournamentSpec::veto, "mopac: party names every deal must include.")
      .def_readwrite("model_quality", &TournamentSpec::model_quality,
                     "Measure the agents' opponent models.")
      .def_readwrite("deadline_rounds", &TournamentSpec::deadline_rounds)
      .def_readwrite("deadline_seconds", &TournamentSpec::deadline_seconds)
      .def_readwrite("roles", &TournamentSpec::roles)
      .def_readwrite("self_play", &TournamentSpec::self_play)
      .def_readwrite("repetitions", &TournamentSpec::repetitions)
      .def_readwrite("seed", &TournamentSpec::seed)
      .def_readwrite("limit_seconds", &TournamentSpec::limit_seconds)
      .def_readwrite("limit_memory_megabytes", &TournamentSpec::limit_memory_megabytes)
      .def_readwrite("real_steps", &TournamentSpec::real_steps);

  m.def("load_tournament_spec", &load_tournament_spec, py::arg("path"),
        py::call_guard<py::gil_scoped_release>(),
        "Reads a tournament file; InputError names the file, line and field.");
  m.def("parse_tournament_spec", &parse_tournament_spec, py::arg("yaml_text"), py::arg("origin"),
        py::arg("base_folder"), py::call_guard<py::gil_scoped_release>(),
        "Parses tournament YAML; relative scenario paths resolve against base_folder.");
  m.def("job_seed", &job_seed, py::arg("tournament_seed"), py::arg("index"),
        "The seed of job `index` (splitmix64, docs/tournament.md).");

  py::class_<ResultRow>(m, "ResultRow", "One negotiation of a tournament (docs/tournament.md).")
      .def_readonly("index", &ResultRow::index)
      .def_readonly("scenario", &ResultRow::scenario)
      .def_readonly("scenario_index", &ResultRow::scenario_index)
      .def_readonly("agents", &ResultRow::agents)
      .def_readonly("repetition", &ResultRow::repetition)
      .def_readonly("seed", &ResultRow::seed)
      .def_readonly("agreement", &ResultRow::agreement)
      .def_readonly("outcome", &ResultRow::outcome)
      .def_readonly("utilities", &ResultRow::utilities)
      .def_readonly("payoffs", &ResultRow::payoffs)
      .def_readonly("advantages", &ResultRow::advantages)
      .def_readonly("rounds", &ResultRow::rounds)
      .def_readonly("end", &ResultRow::end)
      .def_readonly("distance_frontier", &ResultRow::distance_frontier)
      .def_readonly("distance_nash", &ResultRow::distance_nash)
      .def_readonly("distance_kalai_smorodinsky", &ResultRow::distance_kalai_smorodinsky)
      .def_readonly("welfare", &ResultRow::welfare)
      .def_readonly("failure", &ResultRow::failure)
      .def_readonly("failed_agent", &ResultRow::failed_agent)
      .def_readonly("model_pearson", &ResultRow::model_pearson,
                    "Per party, with model_quality (NaN: no model).")
      .def_readonly("model_kendall_tau", &ResultRow::model_kendall_tau)
      .def_readonly("model_frontier_distance", &ResultRow::model_frontier_distance)
      .def_readonly("seconds", &ResultRow::seconds);
  m.def("parse_json_line", &parse_json_line, py::arg("line"),
        "A line of results.jsonl as a ResultRow; None for a torn or malformed line.");
  m.def("to_json_line", &to_json_line, py::arg("row"), py::arg("with_time") = false,
        "A ResultRow as one line of JSON (no newline), as in results.jsonl.");

  py::class_<MeanEstimate>(m, "MeanEstimate", "A mean with its 95% confidence half-width.")
      .def_readonly("mean", &MeanEstimate::mean)
      .def_readonly("half_width", &MeanEstimate::half_width)
      .def_readonly("count", &MeanEstimate::count)
      .def("__repr__", &mean_repr);
  py::class_<AgentSummary>(m, "AgentSummary", "One agent's results over the tournament.")
      .def_readonly("agent", &AgentSummary::agent)
      .def_readonly("payoff", &AgentSummary::payoff)
      .def_readonly("utility", &AgentSummary::utility)
      .def_readonly("advantage", &AgentSummary::advantage)
      .def_readonly("agreement", &AgentSummary::agreement)
      .def_readonly("welfare", &AgentSummary::welfare)
      .def_readonly("negotiations", &AgentSummary::negotiations)
      .def_readonly("failures", &AgentSummary::failures)
      .def_readonly("rank", &AgentSummary::rank)
      .def_readonly("rank_best", &AgentSummary::rank_best)
      .def_readonly("rank_worst", &AgentSummary::rank_worst)
      .def_readonly("distance_nash", &AgentSummary::distance_nash)
      .def_readonly("model_pearson", &AgentSummary::model_pearson)
      .def_readonly("model_kendall_tau", &AgentSummary::model_kendall_tau)
      .def_readonly("model_frontier_distance", &AgentSummary::model_frontier_distance)
      .def_readonly("rank_welfare", &AgentSummary::rank_welfare,
                    "Rank in ANAC's social-welfare track.")
      .def_readonly("rank_nash", &AgentSummary::rank_nash, "Rank in ANAC's Nash-distance track.");
  py::class_<ScenarioSummary>(m, "ScenarioSummary", "One scenario's results over the tournament.")
      .def_readonly("scenario", &ScenarioSummary::scenario)
      .def_readonly("negotiations", &ScenarioSummary::negotiations)
      .def_readonly("agreement", &ScenarioSummary::agreement)
      .def_readonly("welfare", &ScenarioSummary::welfare)
      .def_readonly("distance_frontier", &ScenarioSummary::distance_frontier)
      .def_readonly("distance_nash", &ScenarioSummary::distance_nash)
      .def_readonly("rounds", &ScenarioSummary::rounds)
      .def_readonly("failures", &ScenarioSummary::failures);
  py::class_<TournamentSummary>(m, "TournamentSummary", "Per-agent and per-scenario tables.")
      .def_readonly("agents", &TournamentSummary::agents, "In rank order.")
      .def_readonly("scenarios", &TournamentSummary::scenarios, "In scenario order.")
      .def_readonly("negotiations", &TournamentSummary::negotiations)
      .def_readonly("samples", &TournamentSummary::samples,
                    "Independent samples: repetitions that gave identical results count once.");
  m.def("render_summary", &render_summary, py::arg("summary"),
        "The plain-text tables the CLI prints.");
  m.def("plot_summary", &plot_summary, py::arg("summary"), py::arg("svg_path"),
        py::call_guard<py::gil_scoped_release>(),
        "Bar chart of each agent's mean utility with its interval (gnuplot).");

  py::class_<TournamentReport>(m, "TournamentReport", "What run_tournament did.")
      .def_readonly("negotiations", &TournamentReport::negotiations)
      .def_readonly("ran", &TournamentReport::ran)
      .def_readonly("resumed", &TournamentReport::resumed)
      .def_readonly("dropped_lines", &TournamentReport::dropped_lines)
      .def_readonly("failures", &TournamentReport::failures)
      .def_readonly("seconds", &TournamentReport::seconds)
      .def_readonly("run_seconds", &TournamentReport::run_seconds)
      .def_readonly("merge_seconds", &TournamentReport::merge_seconds)
      .def_readonly("merged", &TournamentReport::merged)
      .def_readonly("summary", &TournamentReport::summary)
      .def_readonly("plot_error", &TournamentReport::plot_error);

  m.def(
      "run_tournament",
      [](const std::string& file, const std::string& out_dir, std::uint32_t threads, bool resume,
         std::optional<Isolation> isolation, bool plot, double sync_interval_seconds,
         std::shared_ptr<AgentRegistry> registry, const py::object& progress,
         const py::object& warn) {
        const auto snapshot = registry_snapshot(registry);
        TournamentRunOptions options;
        options.file = file;
        options.out_dir = out_dir;
        options.threads = threads;
        options.resume = resume;
        options.plot = plot;
        options.sync_interval_seconds = sync_interval_seconds;
        options.progress = python_callback<std::uint64_t, std::uint64_t>(progress);
        options.warn = python_callback<const std::string&>(warn);
        options.engine = make_session_engine(snapshot);
        py::gil_scoped_release release;
        const auto python_agents = added_agents(load_tournament_spec(file), *snapshot);
        if (!isolation) {
          isolation = python_agents.empty() ? Isolation::process : Isolation::thread;
        } else if (*isolation == Isolation::process && !python_agents.empty()) {
          throw UnsupportedError(
              "agent '" + python_agents.front() +
              "' is written in Python and cannot run in a forked worker process; use "
              "isolation=Isolation.thread (the file's limits.seconds and limits.memory_mb are "
              "then not enforced)");
        }
        options.isolation = *isolation;
        SingleProcess single;
        return run_tournament(std::move(options), single);
      },
      py::arg("file"), py::arg("out_dir"), py::arg("threads") = 0, py::arg("resume") = false,
      py::arg("isolation") = py::none(), py::arg("plot") = true,
      py::arg("sync_interval_seconds") = 0.5, py::arg("registry") = nullptr,
      py::arg("progress") = py::none(), py::arg("warn") = py::none(),
      "Runs a tournament file on this process (what `parley tournament FILE --out DIR` does). "
      "isolation None: worker processes, or threads when an agent is written in Python. "
      "progress(done, total) is called from worker threads; warn(text) with loader warnings.");
}

}  // namespace parley::python
