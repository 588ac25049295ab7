// Robust compromise (include/parley/robust/robust.hpp): `parley robust` for Python. The
// pure-Python layer's parley.robust() turns the JSON into a dict.
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "parley/robust/robust.hpp"

namespace py = pybind11;

namespace parley::python {
namespace {

RobustOptions robust_options(const Scenario& scenario, std::uint64_t samples, std::uint64_t seed,
                             double alpha, std::uint64_t max_packages, std::size_t listed,
                             std::size_t questions, std::size_t candidate_vectors, bool monte_carlo,
                             const std::vector<std::string>& fix,
                             const std::vector<std::string>& walk_away,
                             const std::vector<std::string>& weight) {
  RobustOptions options;
  options.samples = samples;
  options.seed = seed;
  options.alpha = alpha;
  options.max_packages = max_packages;
  options.listed = listed;
  options.questions = questions;
  options.candidate_vectors = candidate_vectors;
  options.monte_carlo = monte_carlo;
  for (const auto& text : fix) add_what_if(scenario, options, "fix", text);
  for (const auto& text : walk_away) add_what_if(scenario, options, "walk-away", text);
  for (const auto& text : weight) add_what_if(scenario, options, "weight", text);
  options.cancelled = interruptible(nullptr);
  return options;
}

template <typename Render>
void define(py::module_& m, const char* name, Render render, const char* doc) {
  const RobustOptions defaults;
  m.def(
      name,
      [render](std::shared_ptr<Scenario> scenario, std::uint64_t samples, std::uint64_t seed,
               double alpha, std::uint64_t max_packages, std::size_t listed, std::size_t questions,
               std::size_t candidate_vectors, bool monte_carlo, const std::vector<std::string>& fix,
               const std::vector<std::string>& walk_away, const std::vector<std::string>& weight) {
        const RobustOptions options =
            robust_options(*scenario, samples, seed, alpha, max_packages, listed, questions,
                           candidate_vectors, monte_carlo, fix, walk_away, weight);
        return render(*scenario, analyse_robust(*scenario, options));
      },
      py::arg("scenario"), py::arg("samples") = defaults.samples, py::arg("seed") = defaults.seed,
      py::arg("alpha") = defaults.alpha, py::arg("max_packages") = defaults.max_packages,
      py::arg("listed") = defaults.listed, py::arg("questions") = defaults.questions,
      py::arg("candidate_vectors") = defaults.candidate_vectors, py::arg("monte_carlo") = false,
      py::arg("fix") = std::vector<std::string>{},
      py::arg("walk_away") = std::vector<std::string>{},
      py::arg("weight") = std::vector<std::string>{}, py::call_guard<py::gil_scoped_release>(),
      doc);
}

}  // namespace

void bind_robust(py::module_& m) {
  define(m, "robust_report", &render_robust_report,
         "The text report of `parley robust` (docs/robust.md): acceptance probabilities, robust "
         "and chance-constrained Nash, compromise acceptability, sensitivity, the questions to ask "
         "next. What-ifs as the "
         "command line writes them: fix=['ISSUE=OPTION'], walk_away=['PARTY=VALUE'], "
         "weight=['PARTY.ISSUE=VALUE'].");
  define(m, "robust_json", &render_robust_json,
         "The same analysis as JSON text (schema parley-robust/1); parley.robust() returns it "
         "as a dict.");
}

}  // namespace parley::python
