// Python bindings of fair division (include/parley/fair/fair_division.hpp, namespace parley::fair):
// division instances from CSV tables and "who gets item X" scenarios, Adjusted Winner, MNW /
// leximin / utilitarian allocations, the fairness checks, rent division and the reports.
//
// Exact rationals (parley::fair::Rational) cross the boundary as fractions.Fraction, Python's
// own exact rational: results are Fractions (float(x) gives the float), and arguments accept a
// Fraction, an int, a str ("12.5", "1/3", "2.5e1", read as a table cell is) or a float (read by
// its shortest repr, so 0.1 is 1/10, as the CSV text "0.1" would be). As in io.cpp, calls that
// report repairs through a Warnings out-parameter return a tuple (result, warnings). The GIL is
// released while the engine computes.
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <filesystem>
#include <variant>

#include "bindings.hpp"
#include "parley/fair/fair_division.hpp"
#include "parley/support/error.hpp"

namespace pybind11::detail {

// parley::fair::Rational <-> fractions.Fraction (see the file comment).
template <>
struct type_caster<parley::fair::Rational> {
  PYBIND11_TYPE_CASTER(parley::fair::Rational, const_name("fractions.Fraction"));

  bool load(handle source, bool /*convert*/) {
    using parley::fair::Rational;
    using Integer = boost::multiprecision::cpp_int;
    if (!source || PyBool_Check(source.ptr())) return false;
    if (PyLong_Check(source.ptr())) {
      value = Rational(Integer(str(source).cast<std::string>()));
      return true;
    }
    if (isinstance(source, module_::import("numbers").attr("Rational"))) {
      const Integer numerator(str(source.attr("numerator")).cast<std::string>());
      const Integer denominator(str(source.attr("denominator")).cast<std::string>());
      if (denominator == 0) return false;
      value = Rational(numerator) / Rational(denominator);
      return true;
    }
    std::string text;
    if (PyFloat_Check(source.ptr()))
      text = repr(source).cast<std::string>();  // "inf" and "nan" do not parse
    else if (PyUnicode_Check(source.ptr()))
      text = source.cast<std::string>();
    else
      return false;
    const auto parsed = parley::fair::parse_rational(text);
    if (!parsed) return false;
    value = *parsed;
    return true;
  }

  static handle cast(const parley::fair::Rational& value, return_value_policy /*policy*/,
                     handle /*parent*/) {
    const auto integer = [](const boost::multiprecision::cpp_int& number) {
      return reinterpret_steal<object>(PyLong_FromString(number.str().c_str(), nullptr, 10));
    };
    const object fraction = module_::import("fractions").attr("Fraction");
    return fraction(integer(boost::multiprecision::numerator(value)),
                    integer(boost::multiprecision::denominator(value)))
        .release();
  }
};

}  // namespace pybind11::detail

namespace py = pybind11;

namespace parley::python {
namespace {

using namespace parley::fair;
using Path = std::filesystem::path;

std::string origin_of(const DivisionInstance& instance) {
  return instance.origin.empty() ? std::string("division") : instance.origin;
}

// The engine indexes values with an allocation's owners unchecked (bundle_values) or refuses it
// with UnsupportedError (check_allocation); from Python a wrong allocation is bad input.
void check_allocation_fits(const DivisionInstance& instance, const Allocation& allocation) {
  validate(instance);
  if (allocation.size() != instance.item_count())
    throw InputError(origin_of(instance), std::nullopt, "allocation",
                     std::to_string(allocation.size()) + " owners",
                     std::to_string(instance.item_count()) + " (one party index per item)");
  for (std::size_t i = 0; i < allocation.size(); ++i)
    if (allocation[i] >= instance.agent_count())
      throw InputError(origin_of(instance), std::nullopt, "allocation[" + std::to_string(i) + "]",
                       std::to_string(allocation[i]),
                       "a party index below " + std::to_string(instance.agent_count()));
}

DivisionMethod method_from(const std::variant<DivisionMethod, std::string>& method) {
  if (const auto* value = std::get_if<DivisionMethod>(&method)) return *value;
  const auto& name = std::get<std::string>(method);
  if (const auto parsed = parse_division_method(name)) return *parsed;
  throw InputError("divide", std::nullopt, "method", "\"" + name + "\"",
                   "adjusted-winner, mnw, leximin, utilitarian or rent");
}

std::string verdict_name(Verdict verdict) { return to_string(verdict); }

void bind_instances(py::module_& m) {
  py::enum_<TableKind>(m, "TableKind", "What a division table lists: items (goods) or rooms.")
      .value("items", TableKind::items)
      .value("rooms", TableKind::rooms);

  py::class_<DivisionInstance>(
      m, "DivisionInstance",
      "Parties with additive valuations over items: values[party][item] >= 0 (Fractions). "
      "The list attributes are copies: assign a whole new list to change one.")
      .def(py::init([](std::vector<std::string> agents, std::vector<std::string> items,
                       std::vector<std::vector<Rational>> values, TableKind kind,
                       std::string origin) {
             DivisionInstance instance{std::move(agents), std::move(items), std::move(values), kind,
                                       std::move(origin)};
             validate(instance);
             return instance;
           }),
           py::arg("agents"), py::arg("items"), py::arg("values"),
           py::arg("kind") = TableKind::items, py::arg("origin") = "python",
           "agents: the party names; values: one row per party, one number per item (Fraction, "
           "int, float or str such "
           "as '1/3'). Checked at once (InputError naming `origin`).")
      .def_readwrite("agents", &DivisionInstance::agents, "Party names, in table order.")
      .def_readwrite("items", &DivisionInstance::items, "Item (or room) names, in table order.")
      .def_readwrite("values", &DivisionInstance::values, "values[party][item] as Fractions.")
      .def_readwrite("kind", &DivisionInstance::kind)
      .def_readwrite("origin", &DivisionInstance::origin,
                     "The file or scenario it came from, for messages.")
      .def_property_readonly("agent_count", &DivisionInstance::agent_count)
      .def_property_readonly("item_count", &DivisionInstance::item_count)
      .def(
          "total_value",
          [](const DivisionInstance& instance, std::size_t party) {
            if (party >= instance.agent_count())
              throw py::index_error("party " + std::to_string(party) + " of " +
                                    std::to_string(instance.agent_count()));
            return instance.total_value(party);
          },
          py::arg("party"), "What all the items are worth to party `party` (an index).")
      .def("__repr__", [](const DivisionInstance& instance) {
        return "DivisionInstance(" + std::to_string(instance.agent_count()) + " parties, " +
               std::to_string(instance.item_count()) +
               (instance.kind == TableKind::rooms ? " rooms" : " items") + ", from " +
               instance.origin + ")";
      });

  m.def("validate_division_instance", &validate, py::arg("instance"),
        "Checks names, sizes and signs (C++ parley::fair::validate); InputError naming the "
        "instance's origin.");
  m.def("format_rational", &format_rational, py::arg("value"),
        "'12.5', or '1/3' when the decimal expansion does not stop within six digits.");
  m.def(
      "parse_rational", [](const std::string& text) { return parse_rational(text); },
      py::arg("text"),
      "Fraction of '12', '12.5', '-3', '1/3', '2.5e1'; None when the text is not a number.");
  m.def("parse_division_table", &parse_division_table, py::arg("text"), py::arg("origin") = "text",
        py::call_guard<py::gil_scoped_release>(),
        "Parses a CSV division table: header 'item,<party1>,...' (or 'room,...'), one row per "
        "item, numeric cells read exactly; `origin` names it in messages.");
  m.def(
      "load_division_table", [](const Path& path) { return load_division_table(path.string()); },
      py::arg("path"), py::call_guard<py::gil_scoped_release>(),
      "Reads a CSV division table (docs/fair-division.md, 'Tables').");
  m.def(
      "is_division_scenario",
      [](const Scenario& scenario) { return is_division_scenario(scenario); }, py::arg("scenario"),
      "True when every issue reads 'who gets item X' (categorical, options exactly the party "
      "names).");
  m.def(
      "division_scenario_problem",
      [](const Scenario& scenario) -> std::optional<std::string> {
        std::string reason;
        if (is_division_scenario(scenario, &reason)) return std::nullopt;
        return reason;
      },
      py::arg("scenario"),
      "None for a division scenario, else why it is not one (the first issue that is not an "
      "item).");
  m.def(
      "division_instance_from_scenario",
      [](const Scenario& scenario) {
        Warnings warnings;
        auto instance = division_instance_from_scenario(scenario, warnings);
        return std::make_pair(std::move(instance), std::move(warnings));
      },
      py::arg("scenario"), py::call_guard<py::gil_scoped_release>(),
      "The instance of a division scenario, each party's values as points out of 100 with two "
      "decimals; returns (instance, warnings). InputError when it is not a division scenario.");
}

void bind_checks(py::module_& m) {
  py::enum_<Verdict>(m, "Verdict", "Outcome of a fairness check.")
      .value("holds", Verdict::holds)
      .value("fails", Verdict::fails)
      .value("not_checked", Verdict::not_checked);
  m.def("verdict_name", &verdict_name, py::arg("verdict"),
        "'holds', 'fails', 'not checked' (C++ to_string).");

  py::class_<FairnessCheck>(m, "FairnessCheck", "A property checked on a division.")
      .def_readonly("property", &FairnessCheck::property,
                    "'envy-free', 'EF1', 'EFX', 'proportional', 'MMS', 'Pareto-optimal', "
                    "'equitable' or 'efficient'.")
      .def_readonly("verdict", &FairnessCheck::verdict)
      .def_readonly("detail", &FairnessCheck::detail,
                    "Why it holds, the witness of a violation, or why it was not checked.")
      .def("__repr__", [](const FairnessCheck& check) {
        return "FairnessCheck(" + check.property + ": " + to_string(check.verdict) + ")";
      });

  py::class_<CheckLimits>(m, "CheckLimits", "Work limits of the exact checks.")
      .def(py::init([](std::size_t mms_node_limit, std::size_t pareto_allocation_limit) {
             return CheckLimits{mms_node_limit, pareto_allocation_limit};
           }),
           py::arg("mms_node_limit") = CheckLimits{}.mms_node_limit,
           py::arg("pareto_allocation_limit") = CheckLimits{}.pareto_allocation_limit)
      .def_readwrite("mms_node_limit", &CheckLimits::mms_node_limit,
                     "Branch-and-bound nodes per party for its maximin share; beyond, MMS is "
                     "not checked.")
      .def_readwrite("pareto_allocation_limit", &CheckLimits::pareto_allocation_limit,
                     "Pareto optimality is checked by enumerating up to this many allocations.");

  m.def(
      "bundle_values",
      [](const DivisionInstance& instance, const Allocation& allocation) {
        check_allocation_fits(instance, allocation);
        return bundle_values(instance, allocation);
      },
      py::arg("instance"), py::arg("allocation"), py::call_guard<py::gil_scoped_release>(),
      "Value of each party's bundle (Fractions); allocation: the owner's index of each item.");
  m.def(
      "maximin_shares",
      [](const DivisionInstance& instance, std::size_t node_limit) {
        return maximin_shares(instance, node_limit);
      },
      py::arg("instance"), py::arg("node_limit") = CheckLimits{}.mms_node_limit,
      py::call_guard<py::gil_scoped_release>(),
      "Each party's maximin share (Fraction), None where the search exceeded node_limit.");
  m.def(
      "check_allocation",
      [](const DivisionInstance& instance, const Allocation& allocation,
         const CheckLimits& limits) {
        check_allocation_fits(instance, allocation);
        return check_allocation(instance, allocation, limits);
      },
      py::arg("instance"), py::arg("allocation"), py::arg("limits") = CheckLimits{},
      py::call_guard<py::gil_scoped_release>(),
      "envy-free, EF1, EFX, proportional, MMS and Pareto-optimal checks of an allocation of "
      "indivisible items, each with its witness.");
}

void bind_methods(py::module_& m) {
  py::class_<AdjustedWinnerResult>(
      m, "AdjustedWinnerResult",
      "Adjusted Winner (Brams and Taylor): two parties, 100 points each, exact Fractions.")
      .def_readonly("points", &AdjustedWinnerResult::points,
                    "points[party][item]: each party's values scaled to sum to 100.")
      .def_readonly("initial_owner", &AdjustedWinnerResult::initial_owner,
                    "Owner (0 or 1) of each item after the winner phase.")
      .def_readonly("initial_totals", &AdjustedWinnerResult::initial_totals,
                    "Each party's points after the winner phase.")
      .def_readonly("transfer_order", &AdjustedWinnerResult::transfer_order,
                    "Indices of the items moved from the leading party, in order.")
      .def_readonly("share_of_first", &AdjustedWinnerResult::share_of_first,
                    "Share of each item held by party 0 (1: all of it, 0: none).")
      .def_readonly("split_item", &AdjustedWinnerResult::split_item,
                    "Index of the split item, None when nothing is split.")
      .def_readonly("split_fraction_kept", &AdjustedWinnerResult::split_fraction_kept,
                    "Fraction of the split item its initial owner keeps.")
      .def_readonly("totals", &AdjustedWinnerResult::totals, "Each party's final points.")
      .def_readonly("checks", &AdjustedWinnerResult::checks, "equitable, envy-free, efficient.")
      .def("__repr__", [](const AdjustedWinnerResult& aw) {
        return "AdjustedWinnerResult(totals=[" + format_rational(aw.totals.at(0)) + ", " +
               format_rational(aw.totals.at(1)) + "], split_item=" +
               (aw.split_item ? std::to_string(*aw.split_item) : std::string("None")) + ")";
      });
  m.def(
      "adjusted_winner",
      [](const DivisionInstance& instance) {
        Warnings warnings;
        auto result = adjusted_winner(instance, warnings);
        return std::make_pair(std::move(result), std::move(warnings));
      },
      py::arg("instance"), py::call_guard<py::gil_scoped_release>(),
      "Adjusted Winner for two parties; returns (result, warnings), a warning when points were "
      "rescaled to 100. UnsupportedError for other party counts.");

  m.def("utilitarian_allocation", &utilitarian_allocation, py::arg("instance"),
        py::call_guard<py::gil_scoped_release>(),
        "Each item to a party valuing it most (ties: lowest index); the owner index per item.");
  m.def("max_nash_welfare_allocation", &max_nash_welfare_allocation, py::arg("instance"),
        py::call_guard<py::gil_scoped_release>(),
        "Maximum Nash welfare (Caragiannis et al. 2016): the most parties with positive value, "
        "then the largest product; the owner index per item. Deterministic.");
  m.def("leximin_allocation", &leximin_allocation, py::arg("instance"),
        py::call_guard<py::gil_scoped_release>(),
        "Leximin: the smallest value as large as possible, then the second smallest, ...; the "
        "owner index per item.");

  py::class_<RentDivision>(m, "RentDivision",
                           "Maximin envy-free rent division (Gal, Mash, Procaccia, Zick 2016).")
      .def_readonly("total_rent", &RentDivision::total_rent, "The rent (Fraction).")
      .def_readonly("room_of_agent", &RentDivision::room_of_agent, "Room index of each person.")
      .def_readonly("prices", &RentDivision::prices,
                    "Price of each room (floats from the LP), summing to the rent.")
      .def_readonly("agent_utilities", &RentDivision::agent_utilities,
                    "Each person's value of their room minus its price.")
      .def_readonly("checks", &RentDivision::checks, "envy-free.")
      .def("__repr__", [](const RentDivision& rent) {
        return "RentDivision(total_rent=" + format_rational(rent.total_rent) + ", " +
               std::to_string(rent.prices.size()) + " rooms)";
      });
  m.def(
      "maximin_rent_division",
      [](const DivisionInstance& instance, const Rational& total_rent) {
        Warnings warnings;
        auto result = maximin_rent_division(instance, total_rent, warnings);
        return std::make_pair(std::move(result), std::move(warnings));
      },
      py::arg("instance"), py::arg("total_rent"), py::call_guard<py::gil_scoped_release>(),
      "Envy-free prices maximising the smallest utility, after a welfare-maximising assignment; "
      "returns (result, warnings). Needs as many rooms as people.");
}

void bind_divide(py::module_& m) {
  py::enum_<DivisionMethod>(m, "DivisionMethod", "Fair-division methods.")
      .value("adjusted_winner", DivisionMethod::adjusted_winner)
      .value("max_nash_welfare", DivisionMethod::max_nash_welfare)
      .value("leximin", DivisionMethod::leximin)
      .value("utilitarian", DivisionMethod::utilitarian)
      .value("rent", DivisionMethod::rent);
  m.def(
      "division_method_name", [](DivisionMethod method) { return std::string(to_string(method)); },
      py::arg("method"),
      "'adjusted-winner', 'mnw', 'leximin', 'utilitarian', 'rent' (as `parley divide --method`).");
  m.def(
      "parse_division_method", [](const std::string& name) { return parse_division_method(name); },
      py::arg("name"),
      "The method named as `parley divide --method` names it ('aw' and 'nash' too); None when "
      "unknown.");
  m.def("default_division_method", &default_division_method, py::arg("instance"),
        "rent for a room table, adjusted_winner for two parties, max_nash_welfare otherwise.");

  py::class_<DivideOptions>(m, "DivideOptions", "Options of divide().")
      .def(py::init([](std::optional<Rational> total_rent, CheckLimits limits) {
             DivideOptions options;
             options.total_rent = std::move(total_rent);
             options.limits = limits;
             return options;
           }),
           py::arg("total_rent") = py::none(), py::arg("limits") = CheckLimits{})
      .def_readwrite("total_rent", &DivideOptions::total_rent,
                     "Rent method: the total rent (Fraction); None: the common sum of every "
                     "person's values.")
      .def_readwrite("limits", &DivideOptions::limits);

  py::class_<Division>(m, "Division", "What `parley divide` computes.")
      .def_readonly("method", &Division::method)
      .def_readonly("instance", &Division::instance)
      .def_readonly("adjusted_winner", &Division::adjusted_winner,
                    "The Adjusted Winner result, None for other methods.")
      .def_readonly("allocation", &Division::allocation,
                    "Indivisible methods: the owner index of each item; None otherwise.")
      .def_readonly("utilities", &Division::utilities,
                    "Indivisible methods: the value of each party's bundle (Fractions).")
      .def_readonly("rent", &Division::rent, "The rent division, None for other methods.")
      .def_readonly("checks", &Division::checks)
      .def_readonly("exact", &Division::exact,
                    "False when the method's optimum was not proven within its limits (large "
                    "instances: approximate MNW, a solve stopped at its node limit).")
      .def_readonly("note", &Division::note, "Why the result is not exact ('' when exact).")
      .def("__repr__", [](const Division& division) {
        return "Division(" + std::string(to_string(division.method)) + ", " +
               std::to_string(division.instance.agent_count()) + " parties, " +
               std::to_string(division.instance.item_count()) + " items)";
      });

  m.def(
      "divide",
      [](const DivisionInstance& instance,
         const std::optional<std::variant<DivisionMethod, std::string>>& method,
         const DivideOptions& options) {
        Warnings warnings;
        const auto chosen = method ? method_from(*method) : default_division_method(instance);
        auto division = divide(instance, chosen, options, warnings);
        return std::make_pair(std::move(division), std::move(warnings));
      },
      py::arg("instance"), py::arg("method") = py::none(), py::arg("options") = DivideOptions{},
      py::call_guard<py::gil_scoped_release>(),
      "Divides with `method` (a DivisionMethod or its name, 'mnw'; None: "
      "default_division_method) and checks the result; returns (division, warnings).");
  m.def("describe_division", &describe_division, py::arg("division"),
        py::call_guard<py::gil_scoped_release>(), "The plain-text report `parley divide` prints.");
  m.def("render_division_json", &render_division_json, py::arg("division"),
        py::arg("warnings") = Warnings{}, py::call_guard<py::gil_scoped_release>(),
        "The JSON `parley divide --json` prints (schema parley-divide/1, docs/fair-division.md); "
        "exact numbers as {'exact': '5/6', 'value': 0.833...}.");
}

}  // namespace

void bind_fair(py::module_& m) {
  bind_instances(m);
  bind_checks(m);
  bind_methods(m);
  bind_divide(m);
}

}  // namespace parley::python
