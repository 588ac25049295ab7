// Python bindings of the negotiation area:
// include/parley/negotiate/{negotiator,agents,negotiation}.hpp, and the adapter that lets a
// Python subclass of parley.Negotiator negotiate inside the C++ engine (python_agents.hpp). The GIL
// is released around every C++ computation and taken back only for the calls into Python agents.
#include <pybind11/stl.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>
#include <stdexcept>

#include "bindings.hpp"
#include "parley/analysis/analysis.hpp"
#include "parley/analysis/frontier.hpp"
#include "parley/negotiate/agents.hpp"
#include "parley/negotiate/negotiation.hpp"
#include "parley/negotiate/negotiator.hpp"
#include "parley/support/error.hpp"
#include "python_agents.hpp"

namespace py = pybind11;

namespace parley::python {

// What a Python agent's observe() receives: ObservedAction with its own copy of the offer (the
// engine's pointer is only valid during the call; an agent may keep the object).
struct ObservedActionCopy {
  ObservedAction::Kind kind = ObservedAction::Kind::offer;
  std::size_t actor = 0;
  TurnState when;
  std::optional<Outcome> offer;
};

namespace {

// The alias class pybind11 needs to instantiate the abstract Negotiator from Python. The engine
// never calls these: a Python agent enters a session through make_python_negotiator(), whose
// PythonNegotiator calls the Python methods itself.
class PyNegotiator : public Negotiator {
 public:
  void start(const PartyView&, const SessionInfo&) override { not_through_the_adapter(); }
  void propose(const TurnState&, Outcome&) override { not_through_the_adapter(); }
  Response respond(const TurnState&, const Outcome&) override { not_through_the_adapter(); }

 private:
  [[noreturn]] static void not_through_the_adapter() {
    throw std::logic_error(
        "a parley.Negotiator written in Python is called through make_python_negotiator()");
  }
};

// The agent's own method `name` as a bound method, or an empty object when it has none (only
// the base class's placeholder, which pybind11's get_override would skip too).
py::object method_of(const py::object& agent, const char* name) {
  py::object method = py::getattr(agent, name, py::none());
  if (method.is_none() || py::reinterpret_borrow<py::function>(method).is_cpp_function())
    return py::object();
  return method;
}

// method(first[, second]) by vectorcall: no argument tuple is built.
py::object call(const py::object& method, PyObject* first, PyObject* second = nullptr) {
  PyObject* slots[3] = {nullptr, first, second};
  const std::size_t count = second != nullptr ? 2 : 1;
  PyObject* result =
      PyObject_Vectorcall(method.ptr(), slots + 1, count | PY_VECTORCALL_ARGUMENTS_OFFSET, nullptr);
  if (result == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(result);
}

// A pybind11 object of type T handed to an agent call after call. When nothing but this holder
// refers to it any more (the agent kept no reference, strong or weak), the next call gets the
// same object refilled: nobody can see the change. Otherwise the agent keeps its object as it
// was and the next call gets a new one. (Relies on CPython's reference counts, as pybind11 does;
// the GIL is held throughout.)
template <class T>
class ReusedObject {
 public:
  // The value of the next call's object, to be filled in completely.
  T& next() {
    if (!object_ || !exclusive()) {
      object_ = py::cast(T{});
      value_ = object_.cast<T*>();
    }
    return *value_;
  }
  PyObject* ptr() const noexcept { return object_.ptr(); }

 private:
  bool exclusive() const noexcept {
    return Py_REFCNT(object_.ptr()) == 1 &&
           reinterpret_cast<const py::detail::instance*>(object_.ptr())->weakrefs == nullptr;
  }
  py::object object_;
  T* value_ = nullptr;
};

// The standing offer as a Python list of value indices, a new list unless only `list` holds
// the previous one, which is then refilled (lists have no weak references).
PyObject* offer_list(py::object& list, const Outcome& offer) {
  const auto size = static_cast<Py_ssize_t>(offer.size());
  if (!list || Py_REFCNT(list.ptr()) != 1 || PyList_GET_SIZE(list.ptr()) != size) {
    list = py::reinterpret_steal<py::object>(PyList_New(size));
    if (!list) throw py::error_already_set();
  }
  for (Py_ssize_t i = 0; i < size; ++i) {
    PyObject* value = PyLong_FromUnsignedLong(offer[static_cast<std::size_t>(i)]);
    if (value == nullptr) throw py::error_already_set();
    PyObject* previous = PyList_GET_ITEM(list.ptr(), i);
    PyList_SET_ITEM(list.ptr(), i, value);
    Py_XDECREF(previous);
  }
  return list.ptr();
}

// propose()'s result as an offer. A list or tuple of ints in range is read directly into the
// engine's buffer; anything else goes through pybind11's conversion, which accepts the same
// values (and any other sequence of integers) and rejects the rest with the usual message.
void offer_from_python(const py::object& result, Outcome& offer) {
  PyObject* sequence = result.ptr();
  if (PyList_CheckExact(sequence) || PyTuple_CheckExact(sequence)) {
    const Py_ssize_t size = PySequence_Fast_GET_SIZE(sequence);
    PyObject** items = PySequence_Fast_ITEMS(sequence);
    offer.resize(static_cast<std::size_t>(size));
    Py_ssize_t read = 0;
    for (; read < size; ++read) {
      if (!PyLong_CheckExact(items[read])) break;
      int overflow = 0;
      const long long value = PyLong_AsLongLongAndOverflow(items[read], &overflow);
      if (overflow != 0 || value < 0 || value > std::numeric_limits<ValueIndex>::max()) break;
      offer[static_cast<std::size_t>(read)] = static_cast<ValueIndex>(value);
    }
    if (read == size) return;
  }
  try {
    offer = result.cast<Outcome>();
  } catch (const py::cast_error&) {
    throw std::runtime_error("propose() returned " + std::string(py::repr(result)) +
                             ", expected a list of value indices (one per issue)");
  }
}

// The C++ negotiator the session owns for a Python agent: takes the GIL for each call, calls
// the agent's methods and turns Python errors into std::runtime_error, which the session records
// as a failure.
//
// Per-call costs are kept near the interpreter's own: the agent's methods are looked up once, right
// after its start() returned (so start() may still install them; replacing a method later in
// the session has no effect until the next session), observe() is not called at all (nor the
// GIL taken) when the agent does not define it, the TurnState objects and offer lists are reused
// while the agent keeps no reference to them (ReusedObject), and propose()'s list and
// respond()'s Response are read without pybind11's generic casts when they are the usual types.
class PythonNegotiator final : public Negotiator {
 public:
  explicit PythonNegotiator(GilSafeObject agent) : agent_(std::move(agent)) {}
  PythonNegotiator(const PythonNegotiator&) = delete;
  PythonNegotiator& operator=(const PythonNegotiator&) = delete;
  ~PythonNegotiator() override {
    if (!calls_) return;
    py::gil_scoped_acquire gil;
    calls_.reset();
  }

  void start(const PartyView& view, const SessionInfo& info) override {
    guarded([&] {
      calls_.reset();
      call(required(method_of(*agent_, "start"), "start"), py::cast(PartyView(view)).ptr(),
           py::cast(SessionInfo(info)).ptr());
      calls_ = std::make_unique<Calls>(*agent_);
      observes_ = static_cast<bool>(calls_->observe);
    });
  }
  void propose(const TurnState& state, Outcome& offer) override {
    guarded([&] {
      Calls& calls = started();
      calls.state.next() = state;
      offer_from_python(call(required(calls.propose, "propose"), calls.state.ptr()), offer);
    });
  }
  Response respond(const TurnState& state, const Outcome& standing_offer) override {
    Response response = Response::reject;
    guarded([&] {
      Calls& calls = started();
      calls.state.next() = state;
      const py::object result = call(required(calls.respond, "respond"), calls.state.ptr(),
                                     offer_list(calls.offer, standing_offer));
      response = calls.response_of(result);
    });
    return response;
  }
  void observe(const ObservedAction& action) override {
    if (calls_ && !observes_) return;  // nothing to call: no need for the GIL
    guarded([&] {
      Calls& calls = started();
      if (!calls.observe) return;
      ObservedActionCopy& copy = calls.action.next();
      copy.kind = action.kind;
      copy.actor = action.actor;
      copy.when = action.when;
      if (action.offer)
        copy.offer = *action.offer;
      else
        copy.offer.reset();
      call(calls.observe, calls.action.ptr());
    });
  }

 private:
  // The Python objects one session's calls reuse (touched only with the GIL held).
  struct Calls {
    explicit Calls(const py::object& agent)
        : propose(method_of(agent, "propose")),
          respond(method_of(agent, "respond")),
          observe(method_of(agent, "observe")) {
      const py::object type = py::type::of<Response>();
      accept = type.attr("accept");
      reject = type.attr("reject");
      end_negotiation = type.attr("end_negotiation");
    }
    Response response_of(const py::object& result) const {
      if (result.is(reject)) return Response::reject;
      if (result.is(accept)) return Response::accept;
      if (result.is(end_negotiation)) return Response::end_negotiation;
      if (!py::isinstance<Response>(result))
        throw std::runtime_error("respond() returned " + std::string(py::repr(result)) +
                                 ", expected a parley.Response");
      return result.cast<Response>();
    }
    py::object propose, respond, observe;  // bound methods; empty when not defined
    py::object accept, reject, end_negotiation;
    ReusedObject<TurnState> state;
    ReusedObject<ObservedActionCopy> action;
    py::object offer;
  };

  Calls& started() {
    if (!calls_) calls_ = std::make_unique<Calls>(*agent_);  // called without start()
    return *calls_;
  }
  const py::object& required(const py::object& method, const char* name) const {
    if (!method)
      throw std::runtime_error(std::string(py::str(py::type::handle_of(*agent_).attr("__name__"))) +
                               " does not define " + name + "()");
    return method;
  }
  template <class Body>
  void guarded(Body&& body) {
    py::gil_scoped_acquire gil;
    try {
      body();
    } catch (const py::error_already_set& error) {
      throw std::runtime_error(python_error_text(error));
    } catch (const py::builtin_exception& error) {
      throw std::runtime_error(error.what());
    }
  }

  GilSafeObject agent_;
  std::unique_ptr<Calls> calls_;
  bool observes_ = false;
};

// An agent given to a session from Python: a spec text, an AgentSpec, or a Negotiator instance.
struct SessionAgents {
  std::vector<std::unique_ptr<Negotiator>> agents;
  std::vector<std::string> labels;
};

std::string label_of_instance(const py::handle& instance) {
  if (py::hasattr(instance, "name")) {
    const py::object name = instance.attr("name");
    if (py::isinstance<py::str>(name)) return name.cast<std::string>();
  }
  return py::type::handle_of(instance).attr("__name__").cast<std::string>();
}

// `agents` may also be one comma-separated string of names, as on the command line.
SessionAgents make_agents(const py::sequence& agents, const AgentRegistry& registry) {
  SessionAgents made;
  if (py::isinstance<py::str>(agents)) {
    for (auto& spec : registry.parse_list(agents.cast<std::string>())) {
      made.labels.push_back(to_string(spec));
      made.agents.push_back(registry.make(spec));
    }
    return made;
  }
  for (std::size_t k = 0; k < agents.size(); ++k) {
    const py::object agent = agents[k];
    const std::string field = "agents[" + std::to_string(k) + "]";
    if (py::isinstance<Negotiator>(agent)) {
      made.labels.push_back(label_of_instance(agent));
      made.agents.push_back(make_python_negotiator(agent));
      continue;
    }
    AgentSpec spec;
    if (py::isinstance<AgentSpec>(agent)) {
      spec = agent.cast<AgentSpec>();
    } else if (py::isinstance<py::str>(agent)) {
      spec = registry.parse(agent.cast<std::string>(), AgentRole::agent, field);
    } else {
      throw InputError("negotiate", std::nullopt, field,
                       std::string(py::repr(py::type::handle_of(agent))),
                       "an agent name such as 'boulware(e=0.2)', an AgentSpec or a "
                       "parley.Negotiator instance");
    }
    made.labels.push_back(to_string(spec));
    made.agents.push_back(registry.make(spec));
  }
  return made;
}

std::size_t non_negative(long long value, const char* field) {
  if (value < 0)
    throw InputError("SessionOptions", std::nullopt, field, std::to_string(value), "a number >= 0");
  return static_cast<std::size_t>(value);
}

double non_negative_seconds(double value, const char* field) {
  if (!(value >= 0.0) || !std::isfinite(value))
    throw InputError("SessionOptions", std::nullopt, field, format_number(value),
                     "a finite number of seconds >= 0");
  return value;
}

ParameterInfo parameter_from_python(const std::string& name, const py::handle& value) {
  if (py::isinstance<ParameterInfo>(value)) {
    ParameterInfo info = value.cast<ParameterInfo>();
    info.name = name;
    return info;
  }
  ParameterInfo info;
  info.name = name;
  info.min = -std::numeric_limits<double>::infinity();
  info.max = std::numeric_limits<double>::infinity();
  if (py::isinstance<py::tuple>(value) && py::len(value) == 3) {
    const auto bounds = value.cast<std::tuple<double, double, double>>();
    info.default_number = std::get<0>(bounds);
    info.min = std::get<1>(bounds);
    info.max = std::get<2>(bounds);
  } else if (py::isinstance<py::float_>(value) || py::isinstance<py::int_>(value)) {
    info.default_number = value.cast<double>();
  } else {
    throw InputError("agent registry", std::nullopt, name, std::string(py::repr(value)),
                     "a default number, a (default, min, max) tuple or a ParameterInfo");
  }
  return info;
}

}  // namespace

GilSafeObject share_object(py::object object) {
  return GilSafeObject(new py::object(std::move(object)), [](py::object* held) {
    py::gil_scoped_acquire gil;
    delete held;
  });
}

std::string python_error_text(const py::error_already_set& error) {
  std::string type = "Exception";
  if (error.type()) type = py::str(error.type().attr("__name__")).cast<std::string>();
  std::string message;
  if (error.value()) message = py::str(error.value()).cast<std::string>();
  return message.empty() ? type : type + ": " + message;
}

std::unique_ptr<Negotiator> make_python_negotiator(py::object instance) {
  if (!py::isinstance<Negotiator>(instance))
    throw InputError("python agent", std::nullopt, "agent",
                     std::string(py::repr(py::type::handle_of(instance))),
                     "an instance of a subclass of parley.Negotiator");
  return std::make_unique<PythonNegotiator>(share_object(std::move(instance)));
}

std::shared_ptr<const AgentRegistry> registry_snapshot(
    const std::shared_ptr<AgentRegistry>& registry) {
  if (!registry) return std::make_shared<const AgentRegistry>();
  return std::make_shared<const AgentRegistry>(*registry);
}

void bind_negotiation(py::module_& m) {
  // --- what an agent sees ------------------------------------------------------------------
  py::class_<OfferIndexOptions>(m, "OfferIndexOptions",
                                "How offer indexes are built (parley/negotiate/negotiator.hpp).")
      .def(py::init<>())
      .def_readwrite("enumeration_limit", &OfferIndexOptions::enumeration_limit,
                     "Spaces with at most this many outcomes are enumerated and sorted exactly.")
      .def_readwrite("catalogue_targets", &OfferIndexOptions::catalogue_targets,
                     "Larger linear-additive spaces: number of evenly spaced utility targets.")
      .def_readwrite("samples", &OfferIndexOptions::samples,
                     "Larger non-linear spaces: number of seeded random samples.")
      .def_readwrite("seed", &OfferIndexOptions::seed, "Seed of the samples.");

  py::class_<OfferIndex, std::shared_ptr<OfferIndex>> offer_index(
      m, "OfferIndex",
      "One party's packages sorted by that party's utility (ascending). nearest(target) finds "
      "the package whose utility is closest to a target in O(log N).");
  py::enum_<OfferIndex::Method>(offer_index, "Method")
      .value("enumeration", OfferIndex::Method::enumeration)
      .value("greedy_catalogue", OfferIndex::Method::greedy_catalogue)
      .value("sample", OfferIndex::Method::sample);
  offer_index
      .def_static(
          "build",
          [](std::shared_ptr<Scenario> scenario, std::size_t party,
             const OfferIndexOptions& options) {
            py::gil_scoped_release release;
            return std::const_pointer_cast<OfferIndex>(
                OfferIndex::build(*scenario, party, options));
          },
          py::arg("scenario"), py::arg("party"), py::arg("options") = OfferIndexOptions{},
          "Builds the index of party `party` of a scenario.")
      .def_property_readonly("method", &OfferIndex::method, "How the index was built.")
      .def_property_readonly("exact", &OfferIndex::exact, "True when every outcome is indexed.")
      .def("__len__", &OfferIndex::size)
      .def_property_readonly("size", &OfferIndex::size, "Number of indexed packages.")
      .def_property_readonly("issue_count", &OfferIndex::issue_count)
      .def(
          "utility",
          [](const OfferIndex& index, std::size_t entry) {
            if (entry >= index.size()) throw py::index_error("entry out of range");
            return index.utility(entry);
          },
          py::arg("entry"), "The owner's utility of entry `entry`.")
      .def(
          "outcome",
          [](const OfferIndex& index, std::size_t entry) {
            if (entry >= index.size()) throw py::index_error("entry out of range");
            return index.outcome(entry);
          },
          py::arg("entry"), "The package of entry `entry` (value indices).")
      .def_property_readonly("max_utility", &OfferIndex::max_utility)
      .def_property_readonly("min_utility", &OfferIndex::min_utility)
      .def_property_readonly("best_entry", &OfferIndex::best_entry,
                             "Entry of the best package (smallest outcome among equals).")
      .def("nearest", &OfferIndex::nearest, py::arg("target"),
           "Entry whose utility is closest to target; ties go to the higher utility, then to "
           "the smallest outcome.")
      .def("range", &OfferIndex::range, py::arg("low"), py::arg("high"),
           "Entries with utility in [low, high] as a half-open (first, last) pair.");

  py::class_<OfferIndexCache, std::shared_ptr<OfferIndexCache>>(
      m, "OfferIndexCache",
      "Thread-safe cache of offer indexes shared by sessions (pass it to negotiate() to build "
      "each party's index once).")
      .def(py::init<OfferIndexOptions>(), py::arg("options") = OfferIndexOptions{})
      .def_property_readonly("options", &OfferIndexCache::options);

  py::class_<PartyView>(m, "PartyView",
                        "Everything one party may know: its own utility function, reservation "
                        "value and discount factor, and the public issues and outcome space.")
      .def_static(
          "of",
          [](std::shared_ptr<Scenario> scenario, std::size_t party,
             std::shared_ptr<OfferIndex> index) {
            py::gil_scoped_release release;
            return PartyView::of(scenario, party, std::move(index));
          },
          py::arg("scenario"), py::arg("party"), py::arg("index") = nullptr,
          "The view of party `party` (what the engine gives an agent; useful to test agents).")
      .def_property_readonly("name", &PartyView::name)
      .def_property_readonly("position", &PartyView::position, "Seat in the turn order.")
      .def_property_readonly("party_count", &PartyView::party_count)
      .def_property_readonly("issues", &PartyView::issues)
      .def_property_readonly("space", &PartyView::space)
      .def("utility", &PartyView::utility, py::arg("outcome"),
           "This party's utility of a package (list of value indices).")
      .def_property_readonly("reservation_value", &PartyView::reservation_value)
      .def_property_readonly("discount_factor", &PartyView::discount_factor)
      .def("discounted", &PartyView::discounted, py::arg("utility"), py::arg("time"),
           "utility * discount_factor ** time.")
      .def_property_readonly("index", &PartyView::index,
                             py::return_value_policy::reference_internal,
                             "The offer index of this party (shared, read-only).");

  py::class_<SessionInfo>(m, "SessionInfo", "Public facts about the session.")
      .def(py::init<>())
      .def_readwrite("party_count", &SessionInfo::party_count)
      .def_readwrite("party_names", &SessionInfo::party_names, "In turn order.")
      .def_readwrite("rounds", &SessionInfo::rounds, "Round deadline (0: wall-clock only).")
      .def_readwrite("seed", &SessionInfo::seed, "This party's seed, for agents that randomise.");

  py::class_<TurnState>(m, "TurnState", "Where the session stands when an agent acts.")
      .def(py::init([](std::size_t round, double time) {
             return TurnState{round, time};
           }),
           py::arg("round") = 0, py::arg("time") = 0.0)
      .def_readwrite("round", &TurnState::round, "0-based round.")
      .def_readwrite("time", &TurnState::time, "Normalised time in [0, 1).")
      .def("__repr__", [](const TurnState& s) {
        return "TurnState(round=" + std::to_string(s.round) + ", time=" + format_number(s.time) +
               ")";
      });

  py::enum_<Response>(m, "Response", "An agent's answer to the standing offer.")
      .value("accept", Response::accept)
      .value("reject", Response::reject)
      .value("end_negotiation", Response::end_negotiation);

  py::class_<ObservedActionCopy> observed(m, "ObservedAction",
                                          "Another party's action, as every party sees it.");
  py::enum_<ObservedAction::Kind>(observed, "Kind")
      .value("offer", ObservedAction::Kind::offer)
      .value("accept", ObservedAction::Kind::accept)
      .value("end_negotiation", ObservedAction::Kind::end_negotiation);
  observed.def_readonly("kind", &ObservedActionCopy::kind)
      .def_readonly("actor", &ObservedActionCopy::actor, "Seat of the party that acted.")
      .def_readonly("when", &ObservedActionCopy::when)
      .def_readonly("offer", &ObservedActionCopy::offer,
                    "The package offered or accepted; None on end_negotiation.");

  py::class_<Negotiator, PyNegotiator>(
      m, "Negotiator",
      "Base class of agents written in Python. Override start(view, info), propose(state) -> "
      "list of value indices, respond(state, offer) -> Response, and optionally observe(action). "
      "Call super().__init__() in __init__. The engine calls them from its own threads with the "
      "GIL held; an exception becomes an agent failure in the session result. The methods are "
      "looked up once per session, when start() returns (start() may install them; one replaced "
      "later takes effect in the next session). The states, offers and actions an agent receives "
      "are its own to keep: they never change afterwards.")
      .def(py::init<>())
      .def(
          "start",
          [](Negotiator&, const PartyView&, const SessionInfo&) {
            throw py::type_error("Negotiator.start() must be overridden");
          },
          py::arg("view"), py::arg("info"), "Called once before the first turn.")
      .def(
          "propose",
          [](Negotiator&, const TurnState&) -> Outcome {
            throw py::type_error("Negotiator.propose() must be overridden");
          },
          py::arg("state"), "Returns this agent's offer: one value index per issue.")
      .def(
          "respond",
          [](Negotiator&, const TurnState&, const Outcome&) -> Response {
            throw py::type_error("Negotiator.respond() must be overridden");
          },
          py::arg("state"), py::arg("offer"),
          "Accept the standing offer, reject it (propose() is then called), or walk away.")
      .def(
          "observe", [](Negotiator&, const ObservedActionCopy&) {}, py::arg("action"),
          "Every action of another party, right after it happened (default: ignored).");

  // --- the registry ------------------------------------------------------------------------
  py::enum_<AgentRole>(m, "AgentRole", "What a registry entry is.")
      .value("agent", AgentRole::agent)
      .value("bidding", AgentRole::bidding)
      .value("acceptance", AgentRole::acceptance)
      .value("opponent_model", AgentRole::opponent_model);

  py::class_<ParameterInfo>(m, "ParameterInfo", "One parameter of a registry entry.")
      .def(py::init([](std::string name, double default_number, double min, double max,
                       bool min_exclusive, bool max_exclusive, bool integer,
                       std::string description) {
             return number_parameter(std::move(name), default_number, min, max,
                                     std::move(description), min_exclusive, max_exclusive, integer);
           }),
           py::arg("name"), py::arg("default"),
           py::arg("min") = -std::numeric_limits<double>::infinity(),
           py::arg("max") = std::numeric_limits<double>::infinity(),
           py::arg("min_exclusive") = false, py::arg("max_exclusive") = false,
           py::arg("integer") = false, py::arg("description") = "",
           "A numeric parameter with its default and inclusive (or exclusive) bounds.")
      .def_readonly("name", &ParameterInfo::name)
      .def_readonly("is_component", &ParameterInfo::is_component)
      .def_readonly("component_role", &ParameterInfo::component_role)
      .def_readonly("default_number", &ParameterInfo::default_number)
      .def_readonly("min", &ParameterInfo::min)
      .def_readonly("max", &ParameterInfo::max)
      .def_readonly("min_exclusive", &ParameterInfo::min_exclusive)
      .def_readonly("max_exclusive", &ParameterInfo::max_exclusive)
      .def_readonly("integer", &ParameterInfo::integer)
      .def_readonly("default_component", &ParameterInfo::default_component)
      .def_readonly("description", &ParameterInfo::description);

  py::class_<AgentInfo>(m, "AgentInfo", "A registry entry: name, role, summary, reference.")
      .def_readonly("name", &AgentInfo::name)
      .def_readonly("role", &AgentInfo::role)
      .def_readonly("summary", &AgentInfo::summary)
      .def_readonly("reference", &AgentInfo::reference)
      .def_readonly("parameters", &AgentInfo::parameters)
      .def("__repr__", [](const AgentInfo& info) { return "AgentInfo('" + info.name + "')"; });

  py::class_<AgentSpec>(m, "AgentSpec",
                        "A configured agent with every parameter present, e.g. "
                        "boulware(e=0.2); str() gives the canonical text.")
      .def_readonly("name", &AgentSpec::name)
      .def_property_readonly(
          "parameters",
          [](const AgentSpec& spec) {
            py::dict parameters;
            for (const auto& p : spec.parameters) {
              if (const double* v = std::get_if<double>(&p.value))
                parameters[py::str(p.name)] = *v;
              else
                parameters[py::str(p.name)] = *std::get<std::shared_ptr<const AgentSpec>>(p.value);
            }
            return parameters;
          },
          "Parameters in declared order: numbers, or AgentSpec for BOA components.")
      .def("number", &AgentSpec::number, py::arg("parameter"))
      .def("component", &AgentSpec::component, py::arg("parameter"), py::return_value_policy::copy)
      .def("__str__", [](const AgentSpec& spec) { return to_string(spec); })
      .def("__repr__", [](const AgentSpec& spec) { return "AgentSpec('" + to_string(spec) + "')"; })
      .def("__eq__", [](const AgentSpec& a, const AgentSpec& b) { return a == b; })
      .def("__hash__", [](const AgentSpec& spec) { return py::hash(py::str(to_string(spec))); });

  m.def("agent_catalogue", &agent_catalogue, py::arg("role") = AgentRole::agent,
        "Every library entry of a role, in a stable order.");
  m.def("agent_names", &agent_names, py::arg("role") = AgentRole::agent,
        "The names of every library entry of a role, in catalogue order.");
  m.def("parse_agent", &parse_agent, py::arg("text"), py::arg("role") = AgentRole::agent,
        py::arg("field") = "agent",
        "Parses one library agent spec, e.g. 'boulware(e=0.2)' (InputError lists valid names).");
  m.def("parse_agent_list", &parse_agent_list, py::arg("text"), py::arg("field") = "agents",
        "Parses a comma-separated list of library agents.");
  m.def("default_agent", &default_agent, py::arg("name"), py::arg("role") = AgentRole::agent,
        "The default configuration of a registered name.");

  py::class_<AgentRegistry, std::shared_ptr<AgentRegistry>>(
      m, "AgentRegistry",
      "The library's agents plus agents added here (Python classes), spelled and parsed like "
      "library agents. Pass it to negotiate() and run_tournament() (no global state).")
      .def(py::init<>())
      .def(
          "add",
          [](AgentRegistry& registry, std::string name, py::object factory, py::object parameters,
             std::string summary, std::string reference) {
            if (!PyCallable_Check(factory.ptr()))
              throw InputError("agent registry", std::nullopt, name + ".factory",
                               std::string(py::repr(factory)),
                               "a callable (a parley.Negotiator subclass)");
            AgentInfo info;
            info.name = name;
            info.summary = summary.empty() ? "agent written in Python" : std::move(summary);
            info.reference = std::move(reference);
            if (!parameters.is_none()) {
              for (const auto& item : parameters.cast<py::dict>())
                info.parameters.push_back(
                    parameter_from_python(item.first.cast<std::string>(), item.second));
            }
            GilSafeObject shared = share_object(std::move(factory));
            registry.add(std::move(info), [shared, name](const AgentSpec& spec) {
              py::gil_scoped_acquire gil;
              py::dict kwargs;
              for (const auto& p : spec.parameters)
                kwargs[py::str(p.name)] = std::get<double>(p.value);
              py::object instance;
              try {
                instance = (*shared)(**kwargs);
              } catch (const py::error_already_set& error) {
                throw std::runtime_error("creating agent '" + name +
                                         "': " + python_error_text(error));
              }
              return make_python_negotiator(std::move(instance));
            });
          },
          py::arg("name"), py::arg("factory"), py::arg("parameters") = py::none(),
          py::arg("summary") = "", py::arg("reference") = "",
          "Adds an agent: factory(**parameters) must return a parley.Negotiator (usually the "
          "class itself). parameters maps each name to a default, a (default, min, max) tuple "
          "or a ParameterInfo. Spelled name(p=v, ...) everywhere afterwards.")
      .def("catalogue", &AgentRegistry::catalogue, py::arg("role") = AgentRole::agent)
      .def("names", &AgentRegistry::names, py::arg("role") = AgentRole::agent)
      .def("is_added", &AgentRegistry::is_added, py::arg("name"),
           "True when `name` was added here (not a library agent).")
      .def("parse", &AgentRegistry::parse, py::arg("text"), py::arg("role") = AgentRole::agent,
           py::arg("field") = "agent")
      .def("parse_list", &AgentRegistry::parse_list, py::arg("text"), py::arg("field") = "agents")
      .def("__contains__", [](const AgentRegistry& registry, const std::string& name) {
        const auto names = registry.names();
        return std::find(names.begin(), names.end(), name) != names.end();
      });

  // --- sessions ----------------------------------------------------------------------------
  py::class_<SessionOptions>(m, "SessionOptions", "Deadline, limits, seed and tracing.")
      .def(py::init([](std::optional<long long> rounds, double time_limit_seconds,
                       double turn_budget_seconds, std::uint64_t seed, bool record_trace) {
             SessionOptions options;
             if (rounds) options.rounds = non_negative(*rounds, "rounds");
             options.time_limit_seconds =
                 non_negative_seconds(time_limit_seconds, "time_limit_seconds");
             options.turn_budget_seconds =
                 non_negative_seconds(turn_budget_seconds, "turn_budget_seconds");
             options.seed = seed;
             options.record_trace = record_trace;
             return options;
           }),
           py::arg("rounds") = py::none(), py::arg("time_limit_seconds") = 0.0,
           py::arg("turn_budget_seconds") = 0.0, py::arg("seed") = 1,
           py::arg("record_trace") = false)
      .def_property(
          "rounds", [](const SessionOptions& o) { return o.rounds; },
          [](SessionOptions& o, std::optional<long long> v) {
            o.rounds = v ? std::optional<std::size_t>(non_negative(*v, "rounds")) : std::nullopt;
          },
          "Round deadline; None: 1000 rounds, or unlimited with a time limit (0: unlimited, "
          "only with a time limit).")
      .def_property(
          "time_limit_seconds", [](const SessionOptions& o) { return o.time_limit_seconds; },
          [](SessionOptions& o, double v) {
            o.time_limit_seconds = non_negative_seconds(v, "time_limit_seconds");
          },
          "Wall-clock deadline (0: the round deadline applies).")
      .def_property(
          "turn_budget_seconds", [](const SessionOptions& o) { return o.turn_budget_seconds; },
          [](SessionOptions& o, double v) {
            o.turn_budget_seconds = non_negative_seconds(v, "turn_budget_seconds");
          },
          "Per-call budget of each agent (0: none).")
      .def_readwrite("seed", &SessionOptions::seed)
      .def_readwrite("record_trace", &SessionOptions::record_trace)
      .def_property(
          "protocol", [](const SessionOptions& o) { return std::string(to_string(o.protocol)); },
          [](SessionOptions& o, const std::string& v) { o.protocol = parse_protocol(v); },
          "'saop' (stacked alternating offers), 'amop' (alternating multiple offers) or 'mopac' "
          "(multiple offers, partial consensus).")
      .def_property(
          "quorum",
          [](const SessionOptions& o) -> std::optional<std::size_t> {
            return o.quorum ? std::optional<std::size_t>(o.quorum->required) : std::nullopt;
          },
          [](SessionOptions& o, std::optional<long long> v) {
            if (!v) {
              o.quorum.reset();
              return;
            }
            QuorumRule rule = o.quorum.value_or(QuorumRule{});
            rule.required = non_negative(*v, "quorum");
            o.quorum = rule;
          },
          "mopac: how many parties a deal needs (None: every party).")
      .def_property(
          "veto",
          [](const SessionOptions& o) {
            return o.quorum ? o.quorum->veto : std::vector<std::size_t>{};
          },
          [](SessionOptions& o, const std::vector<std::size_t>& v) {
            if (!o.quorum && v.empty()) return;
            if (!o.quorum)
              throw InputError("SessionOptions", std::nullopt, "veto",
                               "veto holders without a quorum", "quorum set first (mopac)");
            o.quorum->veto = v;
          },
          "mopac: party indices every deal must include (set quorum first).")
      .def_readwrite("model_quality", &SessionOptions::model_quality,
                     "Measure the agents' opponent models after the session.");

  py::enum_<EndReason>(m, "EndReason", "How a session ended.")
      .value("agreement", EndReason::agreement)
      .value("deadline", EndReason::deadline)
      .value("walk_away", EndReason::walk_away)
      .value("failure", EndReason::failure)
      .value("partial_agreement", EndReason::partial_agreement);

  py::class_<Deal>(m, "Deal", "A deal of a multi-offer protocol: the package and its parties.")
      .def_readonly("package", &Deal::package)
      .def_readonly("parties", &Deal::parties, "Party indices, ascending.")
      .def_readonly("round", &Deal::round)
      .def_readonly("time", &Deal::time);

  py::class_<ModelQuality>(m, "ModelQuality",
                           "How well one agent's opponent model matched another party's "
                           "preferences (Baarslag et al. 2016).")
      .def_readonly("modeller", &ModelQuality::modeller)
      .def_readonly("modelled", &ModelQuality::modelled)
      .def_readonly("pearson", &ModelQuality::pearson)
      .def_readonly("kendall_tau", &ModelQuality::kendall_tau)
      .def_readonly("frontier_distance", &ModelQuality::frontier_distance)
      .def_readonly("outcomes", &ModelQuality::outcomes)
      .def_readonly("exact", &ModelQuality::exact);

  py::enum_<ActionKind>(m, "ActionKind", "Kind of a trace event.")
      .value("offer", ActionKind::offer)
      .value("accept", ActionKind::accept)
      .value("end_negotiation", ActionKind::end_negotiation)
      .value("failure", ActionKind::failure);

  py::class_<AgentFailure>(m, "AgentFailure", "What went wrong with which party's agent.")
      .def_readonly("party", &AgentFailure::party)
      .def_readonly("kind", &AgentFailure::kind, "'exception', 'time budget' or 'illegal action'.")
      .def_readonly("message", &AgentFailure::message)
      .def("__repr__", [](const AgentFailure& f) {
        return "AgentFailure(party=" + std::to_string(f.party) + ", kind='" + f.kind +
               "', message=" + std::string(py::repr(py::str(f.message))) + ")";
      });

  py::class_<TraceEvent>(m, "TraceEvent", "One action of the trace, with every party's utility.")
      .def_readonly("round", &TraceEvent::round)
      .def_readonly("time", &TraceEvent::time)
      .def_readonly("actor", &TraceEvent::actor)
      .def_readonly("kind", &TraceEvent::kind)
      .def_readonly("package", &TraceEvent::package, "Empty on end_negotiation and failure.")
      .def_readonly("utilities", &TraceEvent::utilities);

  py::class_<SessionResult>(m, "SessionResult", "What a session produced.")
      .def_readonly("reason", &SessionResult::reason)
      .def_property_readonly("agreement", &SessionResult::agreement)
      .def_readonly("outcome", &SessionResult::outcome, "The agreed package, or None.")
      .def_readonly("round", &SessionResult::round, "Round of the last turn played.")
      .def_readonly("time", &SessionResult::time, "Normalised time of the last turn played.")
      .def_readonly("turns", &SessionResult::turns, "Agent turns played.")
      .def_readonly("utilities", &SessionResult::utilities,
                    "Each party's utility of the agreement, or its reservation value.")
      .def_readonly("discounted_utilities", &SessionResult::discounted_utilities)
      .def_readonly("failure", &SessionResult::failure, "AgentFailure or None.")
      .def_readonly("trace", &SessionResult::trace, "TraceEvents (with record_trace).")
      .def_readonly("deals", &SessionResult::deals, "Deals (MOPAC: possibly several).")
      .def_readonly("model_quality", &SessionResult::model_quality,
                    "ModelQuality entries (with model_quality).")
      .def_readonly("seconds", &SessionResult::seconds, "Wall-clock duration.")
      .def("__repr__", [](const SessionResult& r) {
        std::string text = std::string("SessionResult(") + to_string(r.reason) + ", " +
                           std::to_string(r.turns) + " turns, round " + std::to_string(r.round) +
                           ", utilities [";
        for (std::size_t p = 0; p < r.utilities.size(); ++p) {
          char number[32];
          std::snprintf(number, sizeof number, "%.4g", r.utilities[p]);
          text += (p ? ", " : "") + std::string(number);
        }
        text += "]";
        if (r.failure)
          text += ", failure of party " + std::to_string(r.failure->party) + ": " +
                  r.failure->kind + ": " + r.failure->message;
        return text + ")";
      });

  py::class_<Session>(
      m, "Session",
      "One negotiation: agents in seat order, each a name ('boulware(e=0.2)'), an AgentSpec or "
      "a parley.Negotiator instance. Names are resolved by `registry` when given.")
      .def(py::init([](std::shared_ptr<Scenario> scenario, const py::sequence& agents,
                       const SessionOptions& options, std::shared_ptr<OfferIndexCache> cache,
                       std::shared_ptr<AgentRegistry> registry) {
             if (!scenario)
               throw InputError("session", std::nullopt, "scenario", "None", "a Scenario");
             const auto snapshot = registry_snapshot(registry);
             SessionAgents made = make_agents(agents, *snapshot);
             py::gil_scoped_release release;
             return std::make_unique<Session>(scenario, std::move(made.agents),
                                              std::move(made.labels), options, cache.get());
           }),
           py::arg("scenario"), py::arg("agents"), py::arg("options") = SessionOptions{},
           py::arg("cache") = nullptr, py::arg("registry") = nullptr)
      .def("run", &Session::run, py::call_guard<py::gil_scoped_release>(),
           "Plays the session to its end (once).")
      .def_property_readonly("labels", &Session::labels, "The agents' names, in seat order.")
      .def_property_readonly("options", &Session::options);

  m.def(
      "negotiate",
      [](std::shared_ptr<Scenario> scenario, const py::sequence& agents,
         const SessionOptions& options, std::shared_ptr<OfferIndexCache> cache,
         std::shared_ptr<AgentRegistry> registry) {
        if (!scenario)
          throw InputError("negotiate", std::nullopt, "scenario", "None", "a Scenario");
        const auto snapshot = registry_snapshot(registry);
        SessionAgents made = make_agents(agents, *snapshot);
        // Ctrl-C: the session polls the interpreter's signals every round (KeyboardInterrupt).
        SessionOptions polled = options;
        polled.cancelled = interruptible(std::move(polled.cancelled));
        py::gil_scoped_release release;
        Session session(scenario, std::move(made.agents), std::move(made.labels), polled,
                        cache.get());
        return session.run();
      },
      py::arg("scenario"), py::arg("agents"), py::arg("options") = SessionOptions{},
      py::arg("cache") = nullptr, py::arg("registry") = nullptr,
      "Builds and plays one session (see Session).");

  m.def(
      "trace_text",
      [](const Scenario& scenario, const std::vector<std::string>& labels,
         const SessionOptions& options, const SessionResult& result) {
        py::gil_scoped_release release;
        return trace_text(scenario, labels, options, result);
      },
      py::arg("scenario"), py::arg("labels"), py::arg("options"), py::arg("result"),
      "The JSONL trace (docs/trace-format.md); byte-identical for identical inputs and seeds.");
  m.def("save_trace", &save_trace, py::arg("path"), py::arg("scenario"), py::arg("labels"),
        py::arg("options"), py::arg("result"), py::call_guard<py::gil_scoped_release>(),
        "Writes the JSONL trace to a file (via a temporary file renamed into place).");

  py::class_<OutcomeAssessment>(m, "OutcomeAssessment",
                                "How an outcome compares with the frontier and the solutions.")
      .def_readonly("distance_to_frontier", &OutcomeAssessment::distance_to_frontier)
      .def_readonly("distance_to_nash", &OutcomeAssessment::distance_to_nash)
      .def_readonly("distance_to_kalai_smorodinsky",
                    &OutcomeAssessment::distance_to_kalai_smorodinsky)
      .def_readonly("pareto_optimal", &OutcomeAssessment::pareto_optimal);
  m.def("assess_outcome", &assess_outcome, py::arg("utilities"), py::arg("frontier"),
        py::arg("solutions"), py::call_guard<py::gil_scoped_release>(),
        "Distances (in utility space) from an outcome to the frontier, Nash and KS points.");
  m.def("post_settlement_improvements", &post_settlement_improvements, py::arg("scenario"),
        py::arg("agreement"), py::arg("frontier"), py::call_guard<py::gil_scoped_release>(),
        "Frontier entries that are weak Pareto improvements on the agreement, best first (Raiffa "
        "1985; the ranking of parley.improve).");
  m.def("plot_session", &plot_session, py::arg("scenario"), py::arg("labels"), py::arg("result"),
        py::arg("frontier"), py::arg("path"), py::call_guard<py::gil_scoped_release>(),
        "Draws a traced session's offers over the frontier with gnuplot (.svg or .png).");
}

}  // namespace parley::python
