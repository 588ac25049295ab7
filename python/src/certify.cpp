// Certificates (include/parley/certify/certify.hpp): `parley certify` for Python. The
// pure-Python layer's parley.certify() parses the document and adds the reference checker.
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "parley/certify/certify.hpp"

namespace py = pybind11;

namespace parley::python {

void bind_certify(py::module_& m) {
  const CertifyOptions defaults;
  m.def(
      "certify_document",
      [](std::shared_ptr<Scenario> scenario, bool frontier, bool ideal, bool nash,
         bool kalai_smorodinsky, bool egalitarian, bool utilitarian, bool nash_lottery,
         bool kalai_smorodinsky_lottery, const std::vector<std::string>& packages,
         std::uint64_t node_cap, std::uint64_t enumeration_limit, std::size_t words) {
        CertifyOptions options;
        options.frontier = frontier;
        options.ideal = ideal;
        options.nash = nash;
        options.kalai_smorodinsky = kalai_smorodinsky;
        options.egalitarian = egalitarian;
        options.utilitarian = utilitarian;
        options.nash_lottery = nash_lottery;
        options.kalai_smorodinsky_lottery = kalai_smorodinsky_lottery;
        for (const auto& text : packages)
          options.packages.push_back(scenario->parse_outcome(text, "packages"));
        options.node_cap = node_cap;
        options.enumeration_limit = enumeration_limit;
        options.words_per_claim = words;
        options.cancelled = interruptible(nullptr);
        const Certificate certificate = certify(*scenario, options);
        std::vector<std::tuple<std::string, std::string, std::string>> statuses;
        for (const auto& claim : certificate.claims)
          statuses.emplace_back(to_string(claim.kind), to_string(claim.status), claim.note);
        return std::make_tuple(certificate.json, render_certificate_summary(*scenario, certificate),
                               statuses);
      },
      py::arg("scenario"), py::arg("frontier") = true, py::arg("ideal") = true,
      py::arg("nash") = true, py::arg("kalai_smorodinsky") = true, py::arg("egalitarian") = true,
      py::arg("utilitarian") = true, py::arg("nash_lottery") = false,
      py::arg("kalai_smorodinsky_lottery") = false,
      py::arg("packages") = std::vector<std::string>{}, py::arg("node_cap") = defaults.node_cap,
      py::arg("enumeration_limit") = defaults.enumeration_limit,
      py::arg("words") = defaults.words_per_claim, py::call_guard<py::gil_scoped_release>(),
      "`parley certify` (docs/certificates.md): (the certificate document as JSON text, the "
      "summary in words, [(claim kind, status, note)] for every claim, unproved ones included). "
      "packages: 'ISSUE=OPTION, ...' texts whose Pareto-optimality to certify.");
}

}  // namespace parley::python
