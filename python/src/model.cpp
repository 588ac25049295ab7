// Python bindings of the model
// (include/parley/model/{issue,outcome,utility,scenario,describe,preferences}.hpp).
//
// pybind11 cannot hold `shared_ptr<const T>`, so utilities and scenarios are held as
// shared_ptr<T> (see bindings.hpp); Python only ever reaches their const methods.
// Every outcome coming from Python is checked against the scenario's space before the engine
// sees it: a wrong length or value index raises parley.InputError instead of reading out of
// bounds.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cmath>
#include <string>

#include "bindings.hpp"
#include "parley/analysis/synthetic.hpp"
#include "parley/io/io.hpp"
#include "parley/model/describe.hpp"
#include "parley/model/preferences.hpp"
#include "parley/model/scenario.hpp"
#include "parley/support/error.hpp"

namespace py = pybind11;

namespace parley::python {

Outcome checked_outcome(const Scenario& scenario, const Outcome& outcome,
                        const std::string& field) {
  if (scenario.space().contains(outcome)) return outcome;
  std::string found = "[";
  for (std::size_t i = 0; i < outcome.size(); ++i)
    found += (i ? ", " : "") + std::to_string(outcome[i]);
  found += "]";
  std::string expected = std::to_string(scenario.issue_count()) + " value indices below [";
  for (std::size_t i = 0; i < scenario.issue_count(); ++i)
    expected += (i ? ", " : "") + std::to_string(scenario.issue(i).cardinality());
  expected += "]";
  throw InputError(scenario.name(), std::nullopt, field, found, expected);
}

std::vector<Outcome> outcomes_from_array(const Scenario& scenario,
                                         const py::array_t<std::int64_t>& array) {
  if (array.ndim() != 2 || static_cast<std::size_t>(array.shape(1)) != scenario.issue_count())
    throw InputError(
        scenario.name(), std::nullopt, "outcomes",
        "an array of " + std::to_string(array.ndim()) + " dimension(s)" +
            (array.ndim() == 2 ? " with " + std::to_string(array.shape(1)) + " columns"
                               : std::string()),
        "a 2-D array with one column per issue (" + std::to_string(scenario.issue_count()) + ")");
  const auto view = array.unchecked<2>();
  std::vector<Outcome> outcomes(static_cast<std::size_t>(view.shape(0)),
                                Outcome(scenario.issue_count()));
  for (py::ssize_t row = 0; row < view.shape(0); ++row) {
    Outcome& outcome = outcomes[static_cast<std::size_t>(row)];
    for (py::ssize_t i = 0; i < view.shape(1); ++i) {
      const std::int64_t v = view(row, i);
      const auto issue = static_cast<std::size_t>(i);
      if (v < 0 || v >= static_cast<std::int64_t>(scenario.issue(issue).cardinality()))
        throw InputError(scenario.name(), std::nullopt,
                         "outcomes[" + std::to_string(row) + "][" + std::to_string(i) + "]",
                         std::to_string(v),
                         "a value index of issue '" + scenario.issue(issue).name() + "' (0 to " +
                             std::to_string(scenario.issue(issue).cardinality() - 1) + ")");
      outcome[issue] = static_cast<ValueIndex>(v);
    }
  }
  return outcomes;
}

namespace {

std::shared_ptr<UtilityFunction> mutable_utility(std::shared_ptr<const UtilityFunction> u) {
  return std::const_pointer_cast<UtilityFunction>(std::move(u));
}

// The engine's LinearAdditiveUtility trusts its caller (the loaders normalise and check
// weights); from Python, weights are checked here so that bad ones raise InputError.
std::shared_ptr<LinearAdditiveUtility> make_linear_additive(
    const std::vector<Issue>& issues, const std::vector<double>& weights,
    const std::vector<ValueFunction>& functions) {
  for (std::size_t i = 0; i < weights.size(); ++i)
    if (!std::isfinite(weights[i]) || weights[i] < 0.0)
      throw InputError(
          "LinearAdditiveUtility", std::nullopt, "weights[" + std::to_string(i) + "]",
          (std::isfinite(weights[i]) ? "negative weight " : "weight ") + format_number(weights[i]),
          "a finite weight >= 0");
  return std::make_shared<LinearAdditiveUtility>(issues, weights, functions);
}

void check_issue(const LinearAdditiveUtility& u, std::size_t issue) {
  if (issue >= u.issue_count()) throw py::index_error("issue index out of range");
}

void check_issue_value(const LinearAdditiveUtility& u, std::size_t issue, ValueIndex value) {
  check_issue(u, issue);
  if (value >= u.value_count(issue)) throw py::index_error("value index out of range");
}

// A linear-additive utility made for other issues than the scenario's would index its tables
// with the wrong cardinalities: rebuild it over the scenario's issues (tables are then checked
// against them, numeric functions re-evaluated on them).
Party rebuilt_for(const std::vector<Issue>& issues, Party party) {
  if (const auto* linear = party.utility ? party.utility->as_linear_additive() : nullptr;
      linear && linear->issue_count() == issues.size()) {
    std::vector<ValueFunction> functions;
    for (std::size_t i = 0; i < issues.size(); ++i) functions.push_back(linear->value_function(i));
    party.utility = std::make_shared<LinearAdditiveUtility>(issues, linear->weights(), functions);
  }
  return party;
}

std::shared_ptr<Scenario> make_scenario(std::string name, std::vector<Issue> issues,
                                        std::vector<Party> parties, std::string description,
                                        std::string origin, std::optional<Outcome> status_quo) {
  std::vector<Party> checked;
  for (auto& party : parties) checked.push_back(rebuilt_for(issues, std::move(party)));
  return std::make_shared<Scenario>(std::move(name), std::move(issues), std::move(checked),
                                    std::move(description), std::move(origin),
                                    std::move(status_quo));
}

void bind_issues(py::module_& m) {
  py::enum_<IssueKind>(m, "IssueKind", "Kind of an issue: named options, integers or reals.")
      .value("categorical", IssueKind::categorical)
      .value("integer", IssueKind::integer)
      .value("real", IssueKind::real);

  py::class_<Option>(m, "Option", "One option of a categorical issue.")
      .def(py::init([](std::string name, std::string description) {
             return Option{std::move(name), std::move(description)};
           }),
           py::arg("name"), py::arg("description") = "")
      .def_readonly("name", &Option::name, "Identifier, unique within the issue.")
      .def_readonly("description", &Option::description, "Free text for people.")
      .def("__repr__", [](const Option& o) { return "Option('" + o.name + "')"; });

  py::class_<Issue>(m, "Issue",
                    "An issue of the negotiation: categorical, integer range or real range "
                    "(discretised into `steps` points). Values are addressed by 0-based index.")
      .def_static(
          "categorical",
          [](std::string name, const std::vector<py::object>& options, std::string description,
             std::string label) {
            std::vector<Option> converted;
            for (const auto& option : options) {
              if (py::isinstance<py::str>(option))
                converted.push_back(Option{option.cast<std::string>(), {}});
              else
                converted.push_back(option.cast<Option>());
            }
            return Issue::categorical(std::move(name), std::move(converted), std::move(description),
                                      std::move(label));
          },
          py::arg("name"), py::arg("options"), py::arg("description") = "", py::arg("label") = "",
          "A categorical issue; options are Option objects or plain names.")
      .def_static("integer", &Issue::integer, py::arg("name"), py::arg("lower"), py::arg("upper"),
                  py::arg("description") = "", py::arg("label") = "",
                  "An integer range lower..upper, both included.")
      .def_static("real", &Issue::real, py::arg("name"), py::arg("lower"), py::arg("upper"),
                  py::arg("steps") = Issue::default_real_steps, py::arg("description") = "",
                  py::arg("label") = "",
                  "A real range [lower, upper] discretised into `steps` evenly spaced points.")
      .def_property_readonly("name", &Issue::name)
      .def_property_readonly("label", &Issue::label, "Human title (the name when none).")
      .def_property_readonly("description", &Issue::description)
      .def_property_readonly("kind", &Issue::kind)
      .def_property_readonly("cardinality", &Issue::cardinality, "Number of values.")
      .def_property_readonly("options", &Issue::options, "Options (categorical issues only).")
      .def_property_readonly("lower_integer", &Issue::lower_integer)
      .def_property_readonly("upper_integer", &Issue::upper_integer)
      .def_property_readonly("lower_real", &Issue::lower_real)
      .def_property_readonly("upper_real", &Issue::upper_real)
      .def_property_readonly(
          "values",
          [](const Issue& issue) {
            std::vector<std::string> labels;
            for (std::uint32_t v = 0; v < issue.cardinality(); ++v)
              labels.push_back(issue.value_label(v));
            return labels;
          },
          "Text of every value, in index order.")
      .def(
          "numeric_value",
          [](const Issue& issue, std::uint32_t index) {
            if (index >= issue.cardinality())
              throw py::index_error("value index " + std::to_string(index) + " of issue '" +
                                    issue.name() + "' (" + std::to_string(issue.cardinality()) +
                                    " values)");
            return issue.numeric_value(index);
          },
          py::arg("index"), "The number a value stands for.")
      .def(
          "value_label",
          [](const Issue& issue, std::uint32_t index) {
            if (index >= issue.cardinality())
              throw py::index_error("value index " + std::to_string(index) + " of issue '" +
                                    issue.name() + "' (" + std::to_string(issue.cardinality()) +
                                    " values)");
            return issue.value_label(index);
          },
          py::arg("index"), "Text of a value (option name or number).")
      .def("find_value", &Issue::find_value, py::arg("label"),
           "Index of the value with this text, or None.")
      .def("__len__", &Issue::cardinality)
      .def("__repr__", [](const Issue& issue) {
        return "Issue('" + issue.name() + "', " + to_string(issue.kind()) + ", " +
               std::to_string(issue.cardinality()) + " values)";
      });

  m.def("format_number", &format_number, py::arg("value"),
        "Shortest decimal text that reads back to the same float.");

  py::class_<OutcomeSpace>(m, "OutcomeSpace",
                           "The Cartesian product of the issues' values (never materialised); "
                           "mixed-radix indices with the last issue varying fastest.")
      .def(py::init<std::vector<std::uint32_t>>(), py::arg("cardinalities"))
      .def_property_readonly("issue_count", &OutcomeSpace::issue_count)
      .def_property_readonly("cardinalities", &OutcomeSpace::cardinalities)
      .def_property_readonly("fits_index", &OutcomeSpace::fits_index,
                             "True when the number of outcomes fits in 64 bits.")
      .def("size", &OutcomeSpace::size, "Number of outcomes (UnsupportedError beyond 64 bits).")
      .def_property_readonly("size_double", &OutcomeSpace::size_double)
      .def_property_readonly("log10_size", &OutcomeSpace::log10_size)
      .def_property_readonly("size_text", &OutcomeSpace::size_text,
                             "Exact decimal text of the number of outcomes.")
      .def(
          "index_of",
          [](const OutcomeSpace& space, const Outcome& outcome) {
            if (!space.contains(outcome)) throw py::value_error("outcome outside the space");
            return space.index_of(outcome);
          },
          py::arg("outcome"), "Mixed-radix index of an outcome.")
      .def(
          "outcome_at",
          [](const OutcomeSpace& space, std::uint64_t index) {
            if (index >= space.size())
              throw py::index_error("outcome index " + std::to_string(index) + " of " +
                                    space.size_text());
            return space.outcome_at(index);
          },
          py::arg("index"), "The outcome with this mixed-radix index.")
      .def("contains", &OutcomeSpace::contains, py::arg("outcome"))
      .def("__contains__", &OutcomeSpace::contains)
      .def("__repr__", [](const OutcomeSpace& space) {
        return "OutcomeSpace(" + space.size_text() + " outcomes)";
      });
}

void bind_utilities(py::module_& m) {
  py::class_<ValueFunction> value_function(
      m, "ValueFunction",
      "Value function e_i of one issue, kept in the form it was written in (tables of scores "
      "or utilities, linear, triangular, constant).");
  py::enum_<ValueFunction::Kind>(value_function, "Kind")
      .value("scores", ValueFunction::Kind::scores)
      .value("utilities", ValueFunction::Kind::utilities)
      .value("linear", ValueFunction::Kind::linear)
      .value("triangular", ValueFunction::Kind::triangular)
      .value("constant", ValueFunction::Kind::constant);
  value_function
      .def_static("from_scores", &ValueFunction::from_scores, py::arg("scores"),
                  "Table of scores, divided by the best score (GENIUS).")
      .def_static("from_utilities", &ValueFunction::from_utilities, py::arg("utilities"),
                  "Table of utilities used as they are (GeniusWeb).")
      .def_static("make_linear", &ValueFunction::make_linear, py::arg("slope"), py::arg("offset"),
                  py::arg("origin") = 0.0, py::arg("clip") = false,
                  "e(x) = offset + slope * (x - origin), clipped to [0,1] when clip.")
      .def_static("make_triangular", &ValueFunction::make_triangular, py::arg("lower"),
                  py::arg("upper"), py::arg("top"), "0 at lower, 1 at top, 0 at upper.")
      .def_static("make_constant", &ValueFunction::make_constant, py::arg("value"))
      .def_readonly("kind", &ValueFunction::kind)
      .def_readonly("table", &ValueFunction::table)
      .def_readonly("slope", &ValueFunction::slope)
      .def_readonly("offset", &ValueFunction::offset)
      .def_readonly("origin", &ValueFunction::origin)
      .def_readonly("clip", &ValueFunction::clip)
      .def_readonly("lower", &ValueFunction::lower)
      .def_readonly("upper", &ValueFunction::upper)
      .def_readonly("top", &ValueFunction::top)
      .def(
          "at_number",
          [](const ValueFunction& f, double x) {
            if (f.kind == ValueFunction::Kind::scores || f.kind == ValueFunction::Kind::utilities)
              throw py::value_error("a table value function has no value at a number");
            return f.at_number(x);
          },
          py::arg("x"), "e(x) at a number (numeric kinds only).")
      .def(
          "at_value",
          [](const ValueFunction& f, const Issue& issue, ValueIndex v) {
            if (v >= issue.cardinality() || ((f.kind == ValueFunction::Kind::scores ||
                                              f.kind == ValueFunction::Kind::utilities) &&
                                             v >= f.table.size()))
              throw py::index_error("value index " + std::to_string(v) + " of issue '" +
                                    issue.name() + "'");
            return f.at_value(issue, v);
          },
          py::arg("issue"), py::arg("value"), "e(v) for a value index of the issue.");

  py::class_<UtilityFunction, std::shared_ptr<UtilityFunction>>(
      m, "UtilityFunction",
      "A party's preferences over outcomes. Evaluate through Scenario.utility / "
      "Scenario.evaluate, which check outcomes against the space.")
      .def_property_readonly("kind_name", &UtilityFunction::kind_name,
                             "'linear-additive' or 'hyper-rectangle'.")
      .def_property_readonly(
          "is_linear_additive",
          [](const UtilityFunction& u) { return u.as_linear_additive() != nullptr; })
      .def_property_readonly("is_hyper_rectangle", [](const UtilityFunction& u) {
        return u.as_hyper_rectangle() != nullptr;
      });

  py::class_<LinearAdditiveUtility, UtilityFunction, std::shared_ptr<LinearAdditiveUtility>>(
      m, "LinearAdditiveUtility",
      "u(w) = sum_i weight_i * e_i(w_i): one weight and one value function per issue.")
      .def(py::init(&make_linear_additive), py::arg("issues"), py::arg("weights"),
           py::arg("functions"),
           "Weights must be finite and >= 0 (they are used as given, not normalised).")
      .def_property_readonly("issue_count", &LinearAdditiveUtility::issue_count)
      .def_property_readonly("weights", &LinearAdditiveUtility::weights)
      .def(
          "value_function",
          [](const LinearAdditiveUtility& u, std::size_t issue) {
            if (issue >= u.issue_count()) throw py::index_error("issue index out of range");
            return u.value_function(issue);
          },
          py::arg("issue"))
      .def_property_readonly("max_utility", &LinearAdditiveUtility::max_utility)
      .def_property_readonly("min_utility", &LinearAdditiveUtility::min_utility)
      .def_property_readonly_static(
          "tabulation_limit",
          [](const py::object&) { return LinearAdditiveUtility::tabulation_limit; },
          "Numeric issues with more values, valued by a function, are evaluated analytically.")
      .def(
          "contribution",
          [](const LinearAdditiveUtility& u, std::size_t issue, ValueIndex value) {
            check_issue_value(u, issue, value);
            return u.contribution(issue, value);
          },
          py::arg("issue"), py::arg("value"), "weight * e(value) of one issue.")
      .def(
          "value_utility",
          [](const LinearAdditiveUtility& u, std::size_t issue, ValueIndex value) {
            check_issue_value(u, issue, value);
            return u.value_utility(issue, value);
          },
          py::arg("issue"), py::arg("value"), "e(value) of one issue, in [0, 1].")
      .def(
          "tabulated",
          [](const LinearAdditiveUtility& u, std::size_t issue) {
            check_issue(u, issue);
            return u.tabulated(issue);
          },
          py::arg("issue"), "False when the issue is evaluated analytically (no table).")
      .def(
          "breakpoints",
          [](const LinearAdditiveUtility& u, std::size_t issue) {
            check_issue(u, issue);
            return u.breakpoints(issue);
          },
          py::arg("issue"),
          "Analytic issues: value indices where the contribution may change slope (ends "
          "included); tabulated issues: empty.")
      .def(
          "best_value",
          [](const LinearAdditiveUtility& u, std::size_t issue) {
            check_issue(u, issue);
            return u.best_value(issue);
          },
          py::arg("issue"), "Smallest value index with the largest contribution.")
      .def(
          "worst_value",
          [](const LinearAdditiveUtility& u, std::size_t issue) {
            check_issue(u, issue);
            return u.worst_value(issue);
          },
          py::arg("issue"), "Smallest value index with the smallest contribution.")
      .def_property_readonly("memory_bytes", &LinearAdditiveUtility::memory_bytes,
                             "Heap bytes held by the utility (tables, breakpoints).")
      .def(
          "best_contribution",
          [](const LinearAdditiveUtility& u, std::size_t issue) {
            if (issue >= u.issue_count()) throw py::index_error("issue index out of range");
            return u.best_contribution(issue);
          },
          py::arg("issue"))
      .def(
          "worst_contribution",
          [](const LinearAdditiveUtility& u, std::size_t issue) {
            if (issue >= u.issue_count()) throw py::index_error("issue index out of range");
            return u.worst_contribution(issue);
          },
          py::arg("issue"))
      .def("__repr__", [](const LinearAdditiveUtility& u) {
        return "LinearAdditiveUtility(" + std::to_string(u.issue_count()) + " issues)";
      });

  py::class_<HyperRectangleUtility, UtilityFunction, std::shared_ptr<HyperRectangleUtility>>(
      m, "HyperRectangleUtility",
      "The ANAC 2014 nonlinear utility: weighted constraint rectangles, normalised by "
      "max_utility and capped at 1.")
      .def_property_readonly("max_utility", &HyperRectangleUtility::max_utility)
      .def_property_readonly("rectangle_count", &HyperRectangleUtility::rectangle_count)
      .def("__repr__", [](const HyperRectangleUtility& u) {
        return "HyperRectangleUtility(" + std::to_string(u.rectangle_count()) + " rectangles)";
      });
}

void bind_scenario(py::module_& m) {
  py::class_<Party>(m, "Party", "A side of the negotiation: its preferences and walk-away.")
      .def(py::init([](std::string name, std::shared_ptr<UtilityFunction> utility,
                       double reservation_value, std::optional<Outcome> reservation_outcome,
                       double discount_factor, std::string description, std::string notes) {
             Party party;
             party.name = std::move(name);
             party.utility = std::move(utility);
             party.reservation_value = reservation_value;
             party.reservation_outcome = std::move(reservation_outcome);
             party.discount_factor = discount_factor;
             party.description = std::move(description);
             party.notes = std::move(notes);
             return party;
           }),
           py::arg("name"), py::arg("utility"), py::arg("reservation_value") = 0.0,
           py::arg("reservation_outcome") = py::none(), py::arg("discount_factor") = 1.0,
           py::arg("description") = "", py::arg("notes") = "")
      .def_readonly("name", &Party::name)
      .def_readonly("description", &Party::description)
      .def_property_readonly("utility", [](const Party& p) { return mutable_utility(p.utility); })
      .def_readonly("reservation_value", &Party::reservation_value,
                    "Utility of no agreement (walk-away, BATNA), undiscounted.")
      .def_readonly("reservation_outcome", &Party::reservation_outcome)
      .def_readonly("discount_factor", &Party::discount_factor)
      .def_readonly("source", &Party::source)
      .def_readonly("notes", &Party::notes)
      .def("__repr__", [](const Party& p) {
        return "Party('" + p.name + "', reservation_value=" + format_number(p.reservation_value) +
               ")";
      });

  // The shared preference vocabulary (parley/model/preferences.hpp): build_scenario() passes its
  // dictionaries here as ordered (name, value) lists so that the same checks and the same
  // normalisation serve the native reader, Python and the service.
  m.def(
      "build_party",
      [](const std::vector<Issue>& issues, std::string name, std::optional<NamedNumbers> weights,
         std::vector<std::pair<std::string, NamedNumbers>> scores,
         std::vector<std::pair<std::string, NamedNumbers>> utilities,
         std::vector<std::pair<std::string, ValueFunction>> functions,
         std::optional<double> walk_away,
         std::optional<std::vector<std::pair<std::string, std::string>>> walk_away_package,
         std::optional<double> discount, std::string description, std::string notes,
         std::string origin, std::string field, bool walk_away_status_quo,
         std::optional<Outcome> status_quo, std::optional<std::string> uncertainty) {
        PartyPreferences preferences;
        if (uncertainty)
          preferences.uncertainty =
              parse_uncertainty_block(*uncertainty, origin, field + ".uncertainty");
        preferences.name = std::move(name);
        preferences.description = std::move(description);
        preferences.notes = std::move(notes);
        preferences.weights = std::move(weights);
        preferences.scores = std::move(scores);
        preferences.utilities = std::move(utilities);
        preferences.functions = std::move(functions);
        preferences.walk_away = walk_away;
        preferences.walk_away_package = std::move(walk_away_package);
        preferences.discount = discount;
        preferences.walk_away_status_quo = walk_away_status_quo;
        Warnings warnings;
        Party party =
            build_party(issues, preferences, PreferenceOrigin{std::move(origin), std::move(field)},
                        warnings, status_quo);
        return std::make_pair(std::move(party), std::move(warnings));
      },
      py::arg("issues"), py::arg("name"), py::arg("weights") = py::none(),
      py::arg("scores") = std::vector<std::pair<std::string, NamedNumbers>>{},
      py::arg("utilities") = std::vector<std::pair<std::string, NamedNumbers>>{},
      py::arg("functions") = std::vector<std::pair<std::string, ValueFunction>>{},
      py::arg("walk_away") = py::none(), py::arg("walk_away_package") = py::none(),
      py::arg("discount") = py::none(), py::arg("description") = "", py::arg("notes") = "",
      py::arg("origin") = "scenario", py::arg("field") = "",
      py::arg("walk_away_status_quo") = false, py::arg("status_quo") = py::none(),
      py::arg("uncertainty") = py::none(),
      "Checks one party's preferences (weights, scores, utilities, functions, walk_away, "
      "walk_away_package, discount: docs/scenario-format.md) and returns (Party, warnings). "
      "walk_away_status_quo: the walk-away is the party's utility of `status_quo` (the "
      "scenario's status-quo package), as 'walk_away: status_quo' in the native format. "
      "uncertainty: the party's `uncertainty:` block as YAML or JSON text (docs/robust.md).");
  m.def(
      "build_package",
      [](const std::vector<Issue>& issues,
         const std::vector<std::pair<std::string, std::string>>& entries, std::string origin,
         std::string field) {
        return build_package(issues, entries,
                             PreferenceOrigin{std::move(origin), std::move(field)});
      },
      py::arg("issues"), py::arg("entries"), py::arg("origin") = "scenario",
      py::arg("field") = "status_quo",
      "A package from (issue, option) pairs, every issue once (the native format's "
      "status_quo); InputError naming the field on an unknown issue or option or a missing "
      "issue.");

  py::class_<Scenario, std::shared_ptr<Scenario>>(
      m, "Scenario",
      "The immutable description of a negotiation: issues, parties and their preferences.")
      .def(py::init(&make_scenario), py::arg("name"), py::arg("issues"), py::arg("parties"),
           py::arg("description") = "", py::arg("origin") = "scenario",
           py::arg("status_quo") = py::none(),
           "Builds a scenario in code; validated as loaded ones are (InputError naming "
           "`origin`). `status_quo`: the package that holds without agreement (value indices), "
           "if any.")
      .def_property_readonly("status_quo", &Scenario::status_quo,
                             "The status-quo package (value indices), or None.")
      .def_property_readonly("name", &Scenario::name)
      .def_property_readonly("description", &Scenario::description)
      .def_property_readonly("issues", &Scenario::issues)
      .def_property_readonly("parties", &Scenario::parties)
      .def_property_readonly("issue_count", &Scenario::issue_count)
      .def_property_readonly("party_count", &Scenario::party_count)
      .def_property_readonly("space", &Scenario::space)
      .def_property_readonly("metadata", &Scenario::metadata)
      .def_property_readonly(
          "reservation_values",
          [](const Scenario& s) {
            std::vector<double> values;
            for (const auto& p : s.parties()) values.push_back(p.reservation_value);
            return values;
          },
          "Each party's walk-away utility, in party order.")
      .def_property_readonly(
          "outcome_count",
          [](const Scenario& s) -> py::object {
            // Python integers are unbounded: exact at any size through the decimal text.
            return py::reinterpret_steal<py::object>(
                PyLong_FromString(s.space().size_text().c_str(), nullptr, 10));
          },
          "Number of outcomes, exact at any size.")
      .def_property_readonly(
          "outcome_count_text", [](const Scenario& s) { return s.space().size_text(); },
          "Exact decimal text of the number of outcomes.")
      .def_property_readonly("is_linear_additive", &Scenario::is_linear_additive)
      .def_property_readonly("has_real_issues", &Scenario::has_real_issues)
      .def("can_enumerate", &Scenario::can_enumerate, py::arg("limit"),
           "True when the space has at most `limit` outcomes.")
      .def("find_issue", &Scenario::find_issue, py::arg("name"))
      .def("find_party", &Scenario::find_party, py::arg("name"))
      .def(
          "utility",
          [](const Scenario& s, std::size_t party, const Outcome& outcome) {
            if (party >= s.party_count())
              throw py::index_error("party index " + std::to_string(party) + " of " +
                                    std::to_string(s.party_count()));
            return s.utility(party, checked_outcome(s, outcome, "outcome"));
          },
          py::arg("party"), py::arg("outcome"), "Utility of an outcome for one party.")
      .def(
          "utilities",
          [](const Scenario& s, const Outcome& outcome) {
            return s.utilities(checked_outcome(s, outcome, "outcome"));
          },
          py::arg("outcome"), "Utility of an outcome for every party, in party order.")
      .def(
          "evaluate",
          [](const Scenario& s, const py::array_t<std::int64_t>& outcomes) {
            const std::vector<Outcome> rows = outcomes_from_array(s, outcomes);
            py::array_t<double> result({rows.size(), s.party_count()});
            double* out = result.mutable_data();
            {
              py::gil_scoped_release release;
              const std::size_t parties = s.party_count();
              for (std::size_t r = 0; r < rows.size(); ++r)
                for (std::size_t p = 0; p < parties; ++p)
                  out[r * parties + p] = s.utility(p, rows[r]);
            }
            return result;
          },
          py::arg("outcomes"),
          "Utilities of many outcomes: an (n, issues) integer array of value indices in, an "
          "(n, parties) float array out. The GIL is released while evaluating.")
      .def("describe", &Scenario::describe, py::arg("outcome"), "'Issue1=value1, Issue2=value2'.")
      .def("parse_outcome", &Scenario::parse_outcome, py::arg("text"), py::arg("field") = "outcome",
           "Parses 'Issue=value, ...' (every issue once).")
      .def("describe_text", &describe_scenario, "What `parley info` prints.")
      .def("describe_json", &describe_scenario_json, "What `parley info --json` prints.")
      .def("__repr__", [](const Scenario& s) {
        return "Scenario('" + s.name() + "', " + std::to_string(s.issue_count()) + " issues, " +
               std::to_string(s.party_count()) + " parties, " + s.space().size_text() +
               " outcomes)";
      });

  m.def(
      "make_synthetic_scenario",
      [](std::size_t issues, std::size_t options, std::size_t parties) {
        return mutable_scenario(make_synthetic_scenario(issues, options, parties));
      },
      py::arg("issues"), py::arg("options"), py::arg("parties") = 2,
      "A reproducible synthetic linear-additive scenario (include/parley/analysis/synthetic.hpp).",
      py::call_guard<py::gil_scoped_release>());
}

}  // namespace

void bind_model(py::module_& m) {
  bind_issues(m);
  bind_utilities(m);
  bind_scenario(m);
}

}  // namespace parley::python
