// The pieces of the Python extension module parley._core: one function per area of the C++
// facade (include/parley/<area>/*.hpp), each adding that area's classes and functions to the
// module. module.cpp calls them in order; the exception classes it registers first are shared by
// all.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "parley/model/scenario.hpp"

namespace parley::python {

// pybind11 cannot hold shared_ptr<const T>: Scenario is registered with holder
// std::shared_ptr<Scenario>. Take `std::shared_ptr<Scenario>` parameters (they convert to
// ScenarioPtr) and return scenarios through mutable_scenario(). Python reaches only const methods.
inline std::shared_ptr<Scenario> mutable_scenario(ScenarioPtr scenario) {
  return std::const_pointer_cast<Scenario>(std::move(scenario));
}

// The outcome itself when it lies in the scenario's space, else InputError naming `field`
// (engine calls index tables with value indices unchecked).
Outcome checked_outcome(const Scenario& scenario, const Outcome& outcome, const std::string& field);
// Rows of an (n, issues) integer array as outcomes, each checked against the space.
std::vector<Outcome> outcomes_from_array(const Scenario& scenario,
                                         const pybind11::array_t<std::int64_t>& array);

// A cancellation hook for the engine (FrontierOptions::cancelled, SessionOptions::cancelled),
// called with the GIL released: it checks the interpreter's signals, so that Ctrl-C raises
// KeyboardInterrupt out of a long computation (the exception it throws unwinds the engine like
// parley::Cancelled does), then asks `previous` when there is one.
inline std::function<bool()> interruptible(std::function<bool()> previous) {
  return [previous = std::move(previous)]() {
    {
      pybind11::gil_scoped_acquire acquire;
      if (PyErr_CheckSignals() != 0) throw pybind11::error_already_set();
    }
    return previous ? previous() : false;
  };
}

// Model: Issue, OutcomeSpace, utilities, Party, Scenario and its builder (model.cpp).
void bind_model(pybind11::module_& m);
// Reading and writing scenarios in every format (io.cpp).
void bind_io(pybind11::module_& m);
// Frontier, zone of agreement, solutions, indicators, explanations, reports, plot (analysis.cpp).
void bind_analysis(pybind11::module_& m);
// Negotiators, agents, sessions (negotiation.cpp).
void bind_negotiation(pybind11::module_& m);
// Tournaments (tournament.cpp).
void bind_tournament(pybind11::module_& m);
// Fair division: instances, Adjusted Winner, allocations, checks, rent, reports (fair.cpp).
void bind_fair(pybind11::module_& m);
// Robust compromise under uncertain preferences (robust.cpp).
void bind_robust(pybind11::module_& m);
void bind_manipulate(pybind11::module_& m);
void bind_agreements(pybind11::module_& m);
// Certificates: exact proofs of the analysis's claims (certify.cpp).
void bind_certify(pybind11::module_& m);

}  // namespace parley::python
