// Python bindings of the analysis (include/parley/analysis/{frontier,analysis}.hpp): frontier, zone
// of agreement, bargaining solutions, indicators, explanations, reports and plot.
//
// Results are read-only objects made by the engine; large tables (frontier utilities and
// packages) are also given as numpy arrays. The GIL is released while the engine computes.
// Functions taking a scenario together with an earlier result check that the result belongs to
// that scenario's space (a frontier of another scenario would index its tables out of bounds).
#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <filesystem>

#include "bindings.hpp"
#include "parley/analysis/analysis.hpp"
#include "parley/analysis/frontier.hpp"
#include "parley/support/error.hpp"

namespace py = pybind11;

namespace parley::python {
namespace {

[[noreturn]] void not_of_scenario(const Scenario& scenario, const std::string& field,
                                  const std::string& found) {
  throw InputError(scenario.name(), std::nullopt, field, found,
                   "a result computed for this scenario");
}

void check_package(const Scenario& scenario, const Package& package, const std::string& field) {
  checked_outcome(scenario, package.outcome, field + ".outcome");
  if (package.utilities.size() != scenario.party_count())
    not_of_scenario(scenario, field + ".utilities",
                    std::to_string(package.utilities.size()) + " utilities");
}

void check_packages(const Scenario& scenario, const std::vector<Package>& packages,
                    const std::string& field) {
  for (std::size_t k = 0; k < packages.size(); ++k)
    check_package(scenario, packages[k], field + "[" + std::to_string(k) + "]");
}

void check_frontier(const Scenario& scenario, const Frontier& frontier) {
  check_packages(scenario, frontier.packages, "frontier.packages");
}

void check_zone(const Scenario& scenario, const AgreementZone& zone) {
  check_packages(scenario, zone.rational_frontier, "zone.rational_frontier");
  if (zone.closest_package) check_package(scenario, *zone.closest_package, "zone.closest_package");
  if (!zone.shortfall.empty() && zone.shortfall.size() != scenario.party_count())
    not_of_scenario(scenario, "zone.shortfall", std::to_string(zone.shortfall.size()) + " values");
}

void check_analysis(const Scenario& scenario, const Analysis& analysis) {
  const std::size_t parties = scenario.party_count();
  check_frontier(scenario, analysis.frontier);
  check_zone(scenario, analysis.zone);
  for (const auto& solution : analysis.solutions) {
    check_packages(scenario, solution.packages, "solutions.packages");
    if (solution.utilities.size() != parties || solution.gains.size() != parties)
      not_of_scenario(scenario, "solutions.utilities",
                      std::to_string(solution.utilities.size()) + " utilities");
  }
  for (const auto& explanation : analysis.explanations)
    for (const auto& item : explanation.issues) {
      const bool fits = item.issue < scenario.issue_count() &&
                        item.value < scenario.issue(item.issue).cardinality() &&
                        item.preferred.size() == parties && item.importance.size() == parties &&
                        item.concession.size() == parties;
      if (!fits) not_of_scenario(scenario, "explanations", "an issue explanation of another space");
      for (std::size_t j = 0; j < parties; ++j)
        if (item.preferred[j] >= scenario.issue(item.issue).cardinality())
          not_of_scenario(scenario, "explanations", "a preferred value outside the issue");
      for (const auto winner : item.winners)
        if (winner >= parties) not_of_scenario(scenario, "explanations", "an unknown winner");
    }
  const auto& ind = analysis.indicators;
  if (ind.ideal_point.size() != parties || ind.worst_point.size() != parties)
    not_of_scenario(scenario, "indicators", std::to_string(ind.ideal_point.size()) + " parties");
  check_packages(scenario, ind.ideal_packages, "indicators.ideal_packages");
  check_packages(scenario, ind.worst_packages, "indicators.worst_packages");
}

// (n, parties) utilities and (n, issues) value indices of a list of packages.
py::array_t<double> package_utilities(const std::vector<Package>& packages) {
  const std::size_t columns = packages.empty() ? 0 : packages.front().utilities.size();
  py::array_t<double> array({packages.size(), columns});
  auto view = array.mutable_unchecked<2>();
  for (std::size_t r = 0; r < packages.size(); ++r)
    for (std::size_t c = 0; c < columns; ++c)
      view(static_cast<py::ssize_t>(r), static_cast<py::ssize_t>(c)) = packages[r].utilities[c];
  return array;
}

py::array_t<std::uint32_t> package_outcomes(const std::vector<Package>& packages) {
  const std::size_t columns = packages.empty() ? 0 : packages.front().outcome.size();
  py::array_t<std::uint32_t> array({packages.size(), columns});
  auto view = array.mutable_unchecked<2>();
  for (std::size_t r = 0; r < packages.size(); ++r)
    for (std::size_t c = 0; c < columns; ++c)
      view(static_cast<py::ssize_t>(r), static_cast<py::ssize_t>(c)) = packages[r].outcome[c];
  return array;
}

std::string vector_text(const std::vector<double>& values) {
  std::string text = "[";
  for (std::size_t i = 0; i < values.size(); ++i)
    text += (i ? ", " : "") + format_number(values[i]);
  return text + "]";
}

// Python's side of the library's hooks, called from the engine with the GIL released: the
// progress callable (if any) and the interpreter's signal check, so that Ctrl-C raises
// KeyboardInterrupt out of a long computation (the exception the hook throws unwinds the engine
// like parley::Cancelled does).
void with_python_hooks(FrontierOptions& options, const py::object& progress) {
  if (!progress.is_none()) {
    if (!PyCallable_Check(progress.ptr()))
      throw py::type_error("progress must be callable as progress(fraction, phase)");
    auto callable = std::make_shared<py::object>(progress);
    options.progress = [callable](double fraction, const std::string& phase) {
      py::gil_scoped_acquire acquire;
      (*callable)(fraction, phase);
    };
  }
  options.cancelled = interruptible(std::move(options.cancelled));
}

void bind_frontier(py::module_& m) {
  py::enum_<FrontierMethod>(m, "FrontierMethod", "How the frontier is computed.")
      .value("automatic", FrontierMethod::automatic)
      .value("enumeration", FrontierMethod::enumeration)
      .value("linear_dp", FrontierMethod::linear_dp)
      .value("anytime_search", FrontierMethod::anytime_search);

  py::class_<Package>(m, "Package", "An outcome with the utility of each party.")
      .def_readonly("outcome", &Package::outcome, "One value index per issue.")
      .def_readonly("utilities", &Package::utilities, "Utility of each party, in party order.")
      .def("__repr__", [](const Package& p) {
        std::string outcome = "[";
        for (std::size_t i = 0; i < p.outcome.size(); ++i)
          outcome += (i ? ", " : "") + std::to_string(p.outcome[i]);
        return "Package(outcome=" + outcome + "], utilities=" + vector_text(p.utilities) + ")";
      });

  py::enum_<StopReason>(m, "StopReason", "Why a computation ended.")
      .value("finished", StopReason::finished)
      .value("budget", StopReason::budget)
      .value("time_cap", StopReason::time_cap);
  m.attr("DEFAULT_WORK_BUDGET") = kDefaultWorkBudget;

  py::class_<FrontierOptions>(m, "FrontierOptions", "Options of pareto_frontier().")
      .def(py::init([](FrontierMethod method, double tolerance, std::uint64_t enumeration_limit,
                       std::uint64_t budget, double time_cap_seconds, std::uint64_t seed,
                       std::vector<std::vector<double>> reference) {
             FrontierOptions options;
             options.method = method;
             options.tolerance = tolerance;
             options.enumeration_limit = enumeration_limit;
             options.budget = budget;
             options.time_cap_seconds = time_cap_seconds;
             options.seed = seed;
             options.reference = std::move(reference);
             return options;
           }),
           py::arg("method") = FrontierMethod::automatic, py::arg("tolerance") = 1e-9,
           py::arg("enumeration_limit") = 20'000'000, py::arg("budget") = kDefaultWorkBudget,
           py::arg("time_cap_seconds") = 0.0, py::arg("seed") = 1,
           py::arg("reference") = std::vector<std::vector<double>>{})
      .def_readwrite("method", &FrontierOptions::method)
      .def_readwrite("tolerance", &FrontierOptions::tolerance,
                     "Utilities within tolerance x the party's range count as equal.")
      .def_readwrite("enumeration_limit", &FrontierOptions::enumeration_limit)
      .def_readwrite("budget", &FrontierOptions::budget,
                     "Work budget in units: decides the result (deterministic).")
      .def_readwrite("time_cap_seconds", &FrontierOptions::time_cap_seconds,
                     "Optional wall-clock cap (0: none): only stops early, and says so.")
      .def_readwrite("seed", &FrontierOptions::seed)
      .def_readwrite("reference", &FrontierOptions::reference,
                     "A frontier to measure an approximation against.");

  py::class_<Frontier>(m, "Frontier",
                       "The Pareto frontier: packages sorted by the first party's utility, "
                       "descending.")
      .def_readonly("packages", &Frontier::packages)
      .def_property_readonly(
          "utilities", [](const Frontier& f) { return package_utilities(f.packages); },
          "(n, parties) float array of the packages' utilities.")
      .def_property_readonly(
          "outcomes", [](const Frontier& f) { return package_outcomes(f.packages); },
          "(n, issues) uint32 array of the packages' value indices.")
      .def_readonly("method", &Frontier::method)
      .def_readonly("exact", &Frontier::exact)
      .def_readonly("tolerance", &Frontier::tolerance)
      .def_readonly("evaluated", &Frontier::evaluated)
      .def_readonly("method_reason", &Frontier::method_reason)
      .def_readonly("work", &Frontier::work)
      .def_readonly("budget", &Frontier::budget)
      .def_readonly("stop", &Frontier::stop)
      .def_readonly("peak_bytes", &Frontier::peak_bytes)
      .def_readonly("ranges", &Frontier::ranges)
      .def_readonly("seconds", &Frontier::seconds)
      .def_readonly("hypervolume", &Frontier::hypervolume)
      .def_readonly("dominated_share", &Frontier::dominated_share)
      .def_readonly("gap_bound", &Frontier::gap_bound)
      .def_readonly("reference_hypervolume", &Frontier::reference_hypervolume)
      .def_readonly("mean_distance_to_reference", &Frontier::mean_distance_to_reference)
      .def_readonly("max_distance_to_reference", &Frontier::max_distance_to_reference)
      .def("__len__", [](const Frontier& f) { return f.packages.size(); })
      .def("__repr__", [](const Frontier& f) {
        return "Frontier(" + std::to_string(f.packages.size()) + " packages, " +
               to_string(f.method) + (f.exact ? ", exact)" : ", approximate)");
      });

  m.def(
      "pareto_frontier",
      [](const Scenario& scenario, FrontierOptions options, const py::object& progress) {
        with_python_hooks(options, progress);
        py::gil_scoped_release release;
        return pareto_frontier(scenario, options);
      },
      py::arg("scenario"), py::arg("options") = FrontierOptions{}, py::arg("progress") = py::none(),
      "The Pareto frontier by the best method for the scenario (UnsupportedError when the "
      "requested method cannot run, saying why). progress(fraction, phase) is called now and "
      "then; Ctrl-C (KeyboardInterrupt) stops the computation.");
  m.def("dominates", &dominates, py::arg("a"), py::arg("b"), py::arg("epsilon"),
        "Tolerance-aware dominance: a dominates b.");

  py::class_<UtilityRange>(m, "UtilityRange", "Each party's utility range over the space.")
      .def_readonly("min", &UtilityRange::min)
      .def_readonly("max", &UtilityRange::max)
      .def_readonly("exact", &UtilityRange::exact);
  m.def("utility_ranges", &utility_ranges, py::arg("scenario"),
        py::arg("options") = FrontierOptions{}, py::call_guard<py::gil_scoped_release>());
  m.def("hypervolume", &hypervolume, py::arg("points"), py::arg("reference_point"),
        py::call_guard<py::gil_scoped_release>(),
        "Hypervolume dominated by the points above the reference point (2 or 3 parties).");
  m.def(
      "read_reference_frontier",
      [](const std::filesystem::path& path) { return read_reference_frontier(path.string()); },
      py::arg("path"), py::call_guard<py::gil_scoped_release>(),
      "Reads a GENIUS pareto.xml frontier (lines of 'u1, u2').");
}

void bind_solutions(py::module_& m) {
  py::class_<AgreementZone>(m, "AgreementZone",
                            "The zone of possible agreement: frontier packages every party "
                            "prefers to walking away.")
      .def_readonly("exists", &AgreementZone::exists)
      .def_readonly("rational_frontier", &AgreementZone::rational_frontier)
      .def_property_readonly(
          "utilities",
          [](const AgreementZone& z) { return package_utilities(z.rational_frontier); },
          "(n, parties) float array of the rational frontier's utilities.")
      .def_readonly("rational_share", &AgreementZone::rational_share)
      .def_readonly("share_exact", &AgreementZone::share_exact)
      .def_readonly("share_half_width", &AgreementZone::share_half_width)
      .def_readonly("share_samples", &AgreementZone::share_samples)
      .def_readonly("rational_count", &AgreementZone::rational_count)
      .def_readonly("closest_package", &AgreementZone::closest_package)
      .def_readonly("shortfall", &AgreementZone::shortfall)
      .def("__bool__", [](const AgreementZone& z) { return z.exists; })
      .def("__repr__", [](const AgreementZone& z) {
        return "AgreementZone(exists=" + std::string(z.exists ? "True" : "False") + ", " +
               std::to_string(z.rational_frontier.size()) + " rational frontier packages)";
      });

  py::enum_<SolutionKind>(m, "SolutionKind", "Bargaining solution concepts.")
      .value("nash", SolutionKind::nash)
      .value("kalai_smorodinsky", SolutionKind::kalai_smorodinsky)
      .value("egalitarian", SolutionKind::egalitarian)
      .value("utilitarian", SolutionKind::utilitarian)
      .value("nash_lottery", SolutionKind::nash_lottery)
      .value("kalai_smorodinsky_lottery", SolutionKind::kalai_smorodinsky_lottery);
  m.def(
      "solution_name", [](SolutionKind kind) { return std::string(to_string(kind)); },
      py::arg("kind"), "'nash', 'kalai-smorodinsky', ... (C++ to_string).");
  m.def(
      "solution_title", [](SolutionKind kind) { return std::string(title(kind)); }, py::arg("kind"),
      "'Nash bargaining solution', ...");
  m.def("is_lottery", &is_lottery, py::arg("kind"));

  py::class_<Solution>(m, "Solution",
                       "A bargaining solution: one package, or two with probabilities for a "
                       "lottery.")
      .def_readonly("kind", &Solution::kind)
      .def_property_readonly("name",
                             [](const Solution& s) { return std::string(to_string(s.kind)); })
      .def_readonly("packages", &Solution::packages)
      .def_readonly("probabilities", &Solution::probabilities)
      .def_readonly("utilities", &Solution::utilities,
                    "Utility of each party (expected utility for lotteries).")
      .def_readonly("gains", &Solution::gains, "Gain of each party over walking away.")
      .def_readonly("criterion", &Solution::criterion, "The criterion's value.")
      .def("__repr__", [](const Solution& s) {
        return "Solution(" + std::string(to_string(s.kind)) +
               ", utilities=" + vector_text(s.utilities) + ")";
      });

  py::class_<IssueExplanation>(m, "IssueExplanation", "Explanation of one issue of a package.")
      .def_readonly("issue", &IssueExplanation::issue)
      .def_readonly("value", &IssueExplanation::value)
      .def_readonly("preferred", &IssueExplanation::preferred)
      .def_readonly("importance", &IssueExplanation::importance)
      .def_readonly("concession", &IssueExplanation::concession)
      .def_readonly("concession_points", &IssueExplanation::concession_points,
                    "What each party gives up here, in points (its range is 100 points).")
      .def_readonly("winners", &IssueExplanation::winners);
  py::class_<PartyTrade>(m, "PartyTrade", "What one party wins and concedes on contested issues.")
      .def_readonly("won", &PartyTrade::won)
      .def_readonly("conceded", &PartyTrade::conceded)
      .def_readonly("won_importance", &PartyTrade::won_importance)
      .def_readonly("conceded_importance", &PartyTrade::conceded_importance)
      .def_readonly("conceded_points", &PartyTrade::conceded_points)
      .def_readonly("wins_what_matters_most", &PartyTrade::wins_what_matters_most);
  py::class_<Explanation>(m, "Explanation", "Issue-by-issue explanation of one package.")
      .def_readonly("issues", &Explanation::issues)
      .def_readonly("trades", &Explanation::trades, "One per party.")
      .def_readonly("logrolling", &Explanation::logrolling,
                    "Every party wins and concedes, and wins only what matters more to it.")
      .def_readonly("gain_points", &Explanation::gain_points)
      .def_readonly("sentences", &Explanation::sentences, "Plain-language sentences.")
      .def("__str__", [](const Explanation& e) {
        std::string text;
        for (const auto& sentence : e.sentences) text += (text.empty() ? "" : "\n") + sentence;
        return text;
      });

  py::class_<Indicators>(m, "Indicators", "Ideal and worst points, and the opposition.")
      .def_readonly("ideal_point", &Indicators::ideal_point)
      .def_readonly("worst_point", &Indicators::worst_point)
      .def_readonly("ideal_packages", &Indicators::ideal_packages)
      .def_readonly("worst_packages", &Indicators::worst_packages)
      .def_readonly("exact", &Indicators::exact)
      .def_readonly("opposition", &Indicators::opposition,
                    "Distance from the ideal point to the nearest frontier point.");

  py::class_<AnalysisOptions>(m, "AnalysisOptions", "Options of analyse().")
      .def(py::init([](FrontierOptions frontier, std::uint64_t count_limit,
                       std::uint64_t share_samples, std::uint64_t seed, bool lotteries) {
             AnalysisOptions options;
             options.frontier = std::move(frontier);
             options.count_limit = count_limit;
             options.share_samples = share_samples;
             options.seed = seed;
             options.lotteries = lotteries;
             return options;
           }),
           py::arg("frontier") = FrontierOptions{}, py::arg("count_limit") = 20'000'000,
           py::arg("share_samples") = 200'000, py::arg("seed") = 1, py::arg("lotteries") = false)
      .def_readwrite("frontier", &AnalysisOptions::frontier)
      .def_readwrite("count_limit", &AnalysisOptions::count_limit)
      .def_readwrite("share_samples", &AnalysisOptions::share_samples)
      .def_readwrite("seed", &AnalysisOptions::seed)
      .def_readwrite("lotteries", &AnalysisOptions::lotteries,
                     "Two parties: also the lottery solutions (only for divisible or repeatable "
                     "matters).");

  py::class_<Analysis>(m, "Analysis", "What `parley solve` computes.")
      .def_readonly("frontier", &Analysis::frontier)
      .def_readonly("zone", &Analysis::zone)
      .def_readonly("solutions", &Analysis::solutions,
                    "In SolutionKind order; lotteries only for two parties, when asked for.")
      .def_readonly("explanations", &Analysis::explanations, "One per solution.")
      .def_readonly("indicators", &Analysis::indicators);

  m.def(
      "analyse",
      [](const Scenario& scenario, AnalysisOptions options, const py::object& progress) {
        with_python_hooks(options.frontier, progress);
        py::gil_scoped_release release;
        return analyse(scenario, options);
      },
      py::arg("scenario"), py::arg("options") = AnalysisOptions{}, py::arg("progress") = py::none(),
      "Frontier, zone of agreement, solutions, explanations and indicators. progress(fraction, "
      "phase) is called now and then; Ctrl-C (KeyboardInterrupt) stops the computation.");
  m.def(
      "agreement_zone",
      [](const Scenario& scenario, const Frontier& frontier, const AnalysisOptions& options) {
        check_frontier(scenario, frontier);
        py::gil_scoped_release release;
        return agreement_zone(scenario, frontier, options);
      },
      py::arg("scenario"), py::arg("frontier"), py::arg("options") = AnalysisOptions{});
  m.def(
      "bargaining_solutions",
      [](const Scenario& scenario, const AgreementZone& zone, double tolerance, bool lotteries) {
        check_zone(scenario, zone);
        py::gil_scoped_release release;
        return bargaining_solutions(scenario, zone, tolerance, lotteries);
      },
      py::arg("scenario"), py::arg("zone"), py::arg("tolerance") = 1e-9,
      py::arg("lotteries") = false);
  m.def(
      "indicators",
      [](const Scenario& scenario, const Frontier& frontier, const AnalysisOptions& options) {
        check_frontier(scenario, frontier);
        py::gil_scoped_release release;
        return indicators(scenario, frontier, options);
      },
      py::arg("scenario"), py::arg("frontier"), py::arg("options") = AnalysisOptions{});
  m.def(
      "explain",
      [](const Scenario& scenario, const Outcome& outcome) {
        Package package{checked_outcome(scenario, outcome, "outcome"), {}};
        package.utilities = scenario.utilities(package.outcome);
        py::gil_scoped_release release;
        return explain(scenario, package);
      },
      py::arg("scenario"), py::arg("outcome"),
      "Issue-by-issue explanation of a package (its outcome; the utilities are computed).");
  m.def(
      "render_report",
      [](const Scenario& scenario, const Analysis& analysis) {
        check_analysis(scenario, analysis);
        py::gil_scoped_release release;
        return render_report(scenario, analysis);
      },
      py::arg("scenario"), py::arg("analysis"), "The readable report `parley solve` prints.");
  m.def(
      "render_report_json",
      [](const Scenario& scenario, const Analysis& analysis, const std::string& frontier) {
        check_analysis(scenario, analysis);
        const ReportJsonOptions options{parse_frontier_listing(frontier)};
        py::gil_scoped_release release;
        return render_report_json(scenario, analysis, options);
      },
      py::arg("scenario"), py::arg("analysis"), py::arg("frontier") = "all",
      "The JSON report `parley solve --json` prints (docs/solve-json.md); `frontier`: which "
      "efficient packages to list, \"all\", \"zone\" or \"none\" (as --frontier).");

  py::class_<PlotOptions>(m, "PlotOptions", "Options of plot_analysis().")
      .def(py::init([](std::uint64_t max_points, std::uint64_t seed) {
             return PlotOptions{max_points, seed};
           }),
           py::arg("max_points") = 20'000, py::arg("seed") = 1)
      .def_readwrite("max_points", &PlotOptions::max_points)
      .def_readwrite("seed", &PlotOptions::seed);
  m.def(
      "plot_analysis",
      [](const Scenario& scenario, const Analysis& analysis, const std::filesystem::path& path,
         const PlotOptions& options) {
        check_analysis(scenario, analysis);
        py::gil_scoped_release release;
        plot_analysis(scenario, analysis, path.string(), options);
      },
      py::arg("scenario"), py::arg("analysis"), py::arg("path"), py::arg("options") = PlotOptions{},
      "Draws the utility space with gnuplot into an .svg or .png file.");
}

}  // namespace

void bind_analysis(py::module_& m) {
  bind_frontier(m);
  bind_solutions(m);
}

}  // namespace parley::python
