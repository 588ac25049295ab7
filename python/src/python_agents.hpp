// Agents written in Python, as the C++ engine sees them (negotiation.cpp defines these, and
// tournament.cpp uses them to run tournaments that contain Python agents).
//
// A Python class subclassing parley.Negotiator runs inside the C++ session through an adapter
// that holds the Python instance, takes the GIL for each call and turns any Python exception
// into a C++ std::runtime_error carrying "ExceptionType: message", which the session records as
// an ordinary agent failure. The adapter looks the agent's methods up once per session (when
// start() returns) and reuses the state and offer objects it passes while the agent keeps no
// reference to them, so that a call costs little more than the interpreter's own
// (docs/performance.md, "Python"). Python objects captured by C++ (agent instances, factories) are
// owned through GilSafeObject so that whichever thread drops the last reference takes the GIL.
#pragma once

#include <pybind11/pybind11.h>

#include <memory>
#include <string>

#include "parley/negotiate/agents.hpp"

namespace parley::python {

// A Python object shared by C++ code that may run without the GIL: copying and destroying the
// handle never touches Python reference counts without the GIL.
using GilSafeObject = std::shared_ptr<pybind11::object>;
GilSafeObject share_object(pybind11::object object);

// The C++ negotiator that forwards to a Python parley.Negotiator instance. Throws InputError
// when `instance` is not a parley.Negotiator.
std::unique_ptr<Negotiator> make_python_negotiator(pybind11::object instance);

// "ExceptionType: message" of the Python error being handled (GIL held).
std::string python_error_text(const pybind11::error_already_set& error);

// The registry a run uses: a copy of the caller's (made with the GIL held, so that the caller
// may keep adding agents while the run goes on), or the library-only registry.
std::shared_ptr<const AgentRegistry> registry_snapshot(
    const std::shared_ptr<AgentRegistry>& registry);

}  // namespace parley::python
