// Python bindings of reading and writing scenarios (include/parley/io/io.hpp).
//
// The C++ loaders report non-fatal repairs through a Warnings out-parameter; from Python each
// loader returns a tuple (result, warnings) instead. Paths accept str or os.PathLike.
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <filesystem>

#include "bindings.hpp"
#include "parley/io/io.hpp"

namespace py = pybind11;

namespace parley::python {
namespace {

using Path = std::filesystem::path;

std::vector<std::string> strings(const std::vector<Path>& paths) {
  std::vector<std::string> result;
  for (const auto& path : paths) result.push_back(path.string());
  return result;
}

LoadOptions load_options(const std::vector<Path>& profiles, std::uint32_t real_steps) {
  LoadOptions options;
  options.profiles = strings(profiles);
  options.real_steps = real_steps;
  return options;
}

using Loaded = std::pair<std::shared_ptr<Scenario>, Warnings>;

}  // namespace

void bind_io(py::module_& m) {
  py::enum_<Format>(m, "Format", "Scenario file formats.")
      .value("native", Format::native)
      .value("genius", Format::genius)
      .value("geniusweb", Format::geniusweb);

  m.def(
      "detect_format", [](const Path& path) { return detect_format(path.string()); },
      py::arg("path"),
      "Format of a path: .yaml/.yml native; a folder or .xml with a negotiation_template "
      "domain GENIUS; a folder or .json GeniusWeb.");

  m.def(
      "load_scenario",
      [](const std::vector<Path>& paths, const std::vector<Path>& profiles,
         std::uint32_t real_steps) {
        Warnings warnings;
        auto scenario = load_scenario(strings(paths), load_options(profiles, real_steps), warnings);
        return Loaded{mutable_scenario(std::move(scenario)), std::move(warnings)};
      },
      py::arg("paths"), py::arg("profiles") = std::vector<Path>{},
      py::arg("real_steps") = Issue::default_real_steps, py::call_guard<py::gil_scoped_release>(),
      "Loads a scenario in any format; returns (scenario, warnings). `paths`: one path (a "
      "native file, a GENIUS / GeniusWeb folder, or a domain file whose folder holds the "
      "profiles) or a domain file followed by profile files. `profiles`: profile files to use, "
      "in party order, when a folder holds more than there are parties. `real_steps`: "
      "discretisation of real issues for formats that declare none.");

  m.def(
      "load_native",
      [](const Path& path) {
        Warnings warnings;
        auto scenario = load_native(path.string(), warnings);
        return Loaded{mutable_scenario(std::move(scenario)), std::move(warnings)};
      },
      py::arg("path"), py::call_guard<py::gil_scoped_release>(),
      "Loads native YAML (docs/scenario-format.md); returns (scenario, warnings).");

  m.def(
      "parse_native",
      [](const std::string& text, const std::string& origin) {
        Warnings warnings;
        auto scenario = parse_native(text, origin, warnings);
        return Loaded{mutable_scenario(std::move(scenario)), std::move(warnings)};
      },
      py::arg("text"), py::arg("origin") = "text", py::call_guard<py::gil_scoped_release>(),
      "Parses native YAML text (`origin` names it in messages); returns (scenario, warnings).");

  m.def("to_native", &to_native, py::arg("scenario"), py::call_guard<py::gil_scoped_release>(),
        "The scenario as native YAML text.");

  m.def(
      "save_native",
      [](const Scenario& scenario, const Path& path) { save_native(scenario, path.string()); },
      py::arg("scenario"), py::arg("path"), py::call_guard<py::gil_scoped_release>(),
      "Writes native YAML (atomically: a temporary file renamed into place).");

  m.def(
      "load_genius",
      [](const Path& domain_file, const std::vector<Path>& profiles, std::uint32_t real_steps) {
        Warnings warnings;
        auto scenario = load_genius(domain_file.string(), strings(profiles),
                                    load_options({}, real_steps), warnings);
        return Loaded{mutable_scenario(std::move(scenario)), std::move(warnings)};
      },
      py::arg("domain_file"), py::arg("profiles"),
      py::arg("real_steps") = Issue::default_real_steps, py::call_guard<py::gil_scoped_release>(),
      "Loads a GENIUS XML domain and its profile files; returns (scenario, warnings).");

  m.def(
      "save_genius",
      [](const Scenario& scenario, const Path& out_dir) {
        Warnings warnings;
        auto written = save_genius(scenario, out_dir.string(), warnings);
        return std::make_pair(std::move(written), std::move(warnings));
      },
      py::arg("scenario"), py::arg("out_dir"), py::call_guard<py::gil_scoped_release>(),
      "Writes OUT_DIR/<name>-domain.xml and one OUT_DIR/<name>-<party>.xml per party; returns "
      "(paths written, domain first; warnings where GENIUS cannot hold a value exactly).");

  m.def(
      "save_geniusweb",
      [](const Scenario& scenario, const Path& out_dir) {
        Warnings warnings;
        auto written = save_geniusweb(scenario, out_dir.string(), warnings);
        return std::make_pair(std::move(written), std::move(warnings));
      },
      py::arg("scenario"), py::arg("out_dir"), py::call_guard<py::gil_scoped_release>(),
      "Writes OUT_DIR/<name>.json (the domain) and one OUT_DIR/<party>.json profile per party; "
      "returns (paths written, domain first; warnings where GeniusWeb cannot hold something).");

  m.def(
      "load_geniusweb",
      [](const Path& domain_file, const std::vector<Path>& profiles, std::uint32_t real_steps) {
        Warnings warnings;
        auto scenario = load_geniusweb(domain_file.string(), strings(profiles),
                                       load_options({}, real_steps), warnings);
        return Loaded{mutable_scenario(std::move(scenario)), std::move(warnings)};
      },
      py::arg("domain_file"), py::arg("profiles"),
      py::arg("real_steps") = Issue::default_real_steps, py::call_guard<py::gil_scoped_release>(),
      "Loads a GeniusWeb domain.json and its profiles; returns (scenario, warnings).");
}

}  // namespace parley::python
