// Quorum and veto rules, and the improvements of an agreement
// (include/parley/analysis/quorum.hpp, improvements.hpp): `parley quorum` and `parley improve`
// for Python. The pure-Python layer (python/parley/agreements.py) turns the JSON into dicts.
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "parley/analysis/improvements.hpp"
#include "parley/analysis/quorum.hpp"
#include "parley/support/error.hpp"

namespace py = pybind11;

namespace parley::python {

void bind_agreements(py::module_& m) {
  m.def(
      "quorum_json",
      [](std::shared_ptr<Scenario> scenario, const std::string& required,
         const std::vector<std::string>& veto) {
        const QuorumRule rule = parse_quorum(*scenario, required, veto);
        FrontierOptions frontier;
        frontier.cancelled = interruptible(nullptr);
        return quorum_json(*scenario, analyse_quorum(*scenario, rule, frontier));
      },
      py::arg("scenario"), py::arg("required") = "all",
      py::arg("veto") = std::vector<std::string>{}, py::call_guard<py::gil_scoped_release>(),
      "Which packages pass a quorum rule with veto holders, as JSON text (schema "
      "parley-quorum/1, docs/analysis.md); parley.quorum() returns it as a dict.");
  m.def(
      "improvements_json",
      [](std::shared_ptr<Scenario> scenario, const std::optional<std::string>& package,
         const std::optional<std::vector<std::uint32_t>>& values, std::size_t limit) {
        if (package.has_value() == values.has_value())
          throw InputError("improve", std::nullopt, "package",
                           package ? "both a package text and value indices" : "nothing",
                           "the agreed package: \"ISSUE=OPTION, ...\" or one value index per "
                           "issue");
        const Outcome agreed = package ? scenario->parse_outcome(*package, "package")
                                       : Outcome(values->begin(), values->end());
        ImprovementOptions options;
        options.limit = limit;
        options.frontier.cancelled = interruptible(nullptr);
        return improvements_json(*scenario, improve_agreement(*scenario, agreed, options));
      },
      py::arg("scenario"), py::arg("package") = py::none(), py::arg("values") = py::none(),
      py::arg("limit") = ImprovementOptions{}.limit, py::call_guard<py::gil_scoped_release>(),
      "The Pareto improvements of an agreed package, as JSON text (schema parley-improvements/1, "
      "docs/analysis.md); parley.improve() returns it as a dict.");
}

}  // namespace parley::python
