// Manipulation analysis (include/parley/manipulate/manipulate.hpp): `parley manipulate` for
// Python. The pure-Python layer's parley.manipulate() turns the JSON into a dict.
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "parley/manipulate/manipulate.hpp"

namespace py = pybind11;

namespace parley::python {
namespace {

ManipulationOptions manipulation_options(const std::string& rule, const std::string& reports,
                                         const std::string& info, std::uint64_t samples,
                                         std::uint64_t seed, double grid_step,
                                         std::uint64_t max_packages) {
  ManipulationOptions options;
  const auto parsed_rule = parse_manipulation_rule(rule);
  if (!parsed_rule)
    throw InputError("manipulate", std::nullopt, "rule", "'" + rule + "'",
                     "nash, ks (kalai-smorodinsky), egalitarian, utilitarian, nash-lottery, "
                     "adjusted-winner (aw) or mnw");
  const auto parsed_reports = parse_report_space(reports);
  if (!parsed_reports)
    throw InputError("manipulate", std::nullopt, "reports", "'" + reports + "'",
                     "walk-away, weights, values or all");
  const auto information = parse_information_model(info);
  if (!information)
    throw InputError("manipulate", std::nullopt, "info", "'" + info + "'", "full or bayes");
  if (samples == 0) throw InputError("manipulate", std::nullopt, "samples", "0", "at least 1 draw");
  options.rule = *parsed_rule;
  options.reports = *parsed_reports;
  options.information = *information;
  options.samples = samples;
  options.seed = seed;
  if (!(grid_step > 0.0 && grid_step <= 0.5))
    throw InputError("manipulate", std::nullopt, "grid_step", std::to_string(grid_step),
                     "a step in (0, 0.5]");
  options.grid_step = grid_step;
  options.max_packages = max_packages;
  options.cancelled = interruptible(nullptr);
  return options;
}

}  // namespace

void bind_manipulate(py::module_& m) {
  const ManipulationOptions defaults;
  m.def(
      "manipulation_json",
      [](std::shared_ptr<Scenario> scenario, const std::string& rule,
         const std::optional<std::string>& party, const std::string& reports, bool table,
         const std::string& info, std::uint64_t samples, std::uint64_t seed, bool variants,
         double epsilon, double grid_step, std::uint64_t max_packages) {
        ManipulationOptions options =
            manipulation_options(rule, reports, info, samples, seed, grid_step, max_packages);
        if (variants) {
          VariantOptions variant_options;
          variant_options.epsilon = epsilon;
          return variants_json(analyse_variants(*scenario, options, variant_options));
        }
        if (table) return manipulation_json(manipulation_table(*scenario, options));
        if (!party)
          throw InputError("manipulate", std::nullopt, "party", "nothing",
                           "the manipulating party's name (or table=True for every party)");
        const auto index = scenario->find_party(*party);
        if (!index) {
          std::string known;
          for (const auto& p : scenario->parties()) known += (known.empty() ? "" : ", ") + p.name;
          throw InputError("manipulate", std::nullopt, "party", "'" + *party + "'",
                           "one of: " + known);
        }
        options.party = *index;
        return manipulation_json({analyse_manipulation(*scenario, options)});
      },
      py::arg("scenario"), py::arg("rule") = "nash", py::arg("party") = py::none(),
      py::arg("reports") = "walk-away", py::arg("table") = false, py::arg("info") = "full",
      py::arg("samples") = defaults.samples, py::arg("seed") = defaults.seed,
      py::arg("variants") = false, py::arg("epsilon") = VariantOptions{}.epsilon,
      py::arg("grid_step") = defaults.grid_step, py::arg("max_packages") = defaults.max_packages,
      py::call_guard<py::gil_scoped_release>(),
      "The manipulation analysis of `parley manipulate` as JSON text (schema "
      "parley-manipulation/1, or parley-manipulation-variants/1 with variants=True; "
      "docs/manipulation.md); parley.manipulate() returns it as a dict.");
}

}  // namespace parley::python
