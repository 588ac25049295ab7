// The tournament file: parsing, checking and scenario loading (docs/tournament.md).
#include <fnmatch.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <set>

#include "parley/io/io.hpp"
#include "parley/tournament/tournament.hpp"
#include "support/file_io.hpp"
#include "support/text.hpp"
#include "support/yaml_fields.hpp"
#include "tournament/enum_names.hpp"
#include "tournament_internal.hpp"

namespace parley {
namespace fs = std::filesystem;
namespace yaml = detail::yaml;
namespace {

// The work of every glob of one tournament file together: directory entries looked at and
// paths matched (docs/tournament.md, "Limits").
struct GlobBudget {
  std::uint64_t entries = 0;
  std::uint64_t matches = 0;
};

class SpecReader {
 public:
  // base empty: paths and globs are kept as written, nothing is looked up (parse without the
  // filesystem).
  SpecReader(std::string origin, std::string base, bool expand)
      : origin_(std::move(origin)), base_(std::move(base)), expand_(expand) {}

  // Field errors name the line and column (support/yaml_fields.hpp).
  [[noreturn]] void fail(const yaml::Node& node, const std::string& field, const std::string& found,
                         const std::string& expected) const {
    detail::yaml_fail(origin_, node, field, found, expected);
  }

  static std::string describe(const yaml::Node& node) { return detail::yaml_found(node); }

  // A non-empty UTF-8 scalar of at most kMaxTournamentTextBytes bytes.
  std::string text(const yaml::Node& node, const std::string& field) const {
    if (!node.is_scalar() || node.scalar().empty()) fail(node, field, describe(node), "a text");
    const std::string& value = node.scalar();
    if (const auto problem = detail::utf8_problem(value); !problem.empty())
      fail(node, field, problem, "UTF-8 text without NUL bytes");
    if (value.size() > kMaxTournamentTextBytes)
      fail(node, field, std::to_string(value.size()) + " bytes",
           "at most " + std::to_string(kMaxTournamentTextBytes) + " bytes");
    return value;
  }

  // Booleans and numbers are read exactly as in scenario files.
  double number(const yaml::Node& node, const std::string& field, double low, double high) const {
    return detail::yaml_number(origin_, node, field, low, high);
  }

  std::uint64_t integer(const yaml::Node& node, const std::string& field, std::uint64_t low,
                        std::uint64_t high) const {
    return detail::yaml_count(origin_, node, field, low, high);
  }

  bool boolean(const yaml::Node& node, const std::string& field) const {
    return detail::yaml_boolean(origin_, node, field);
  }

  // Expands a path or glob against the base folder; every match sorted by name. Without the
  // filesystem: the text as written.
  std::vector<std::string> expand(const yaml::Node& node, const std::string& field) {
    std::string pattern = text(node, field);
    if (!expand_) return {pattern};
    fs::path p(pattern);
    if (p.is_relative()) p = fs::path(base_) / p;
    const std::string full = p.lexically_normal().string();
    const bool is_glob = pattern.find_first_of("*?[") != std::string::npos;
    if (!is_glob) {
      std::error_code error;
      if (!fs::exists(full, error))
        fail(node, field, detail::quoted(full, 4096) + " (no such file or folder)",
             "an existing scenario file or folder");
      return {full};
    }
    auto found = glob(node, field, full);
    if (found.empty())
      fail(node, field, detail::quoted(full) + " (matches nothing)", "a glob matching scenarios");
    return found;
  }

  const std::string& origin() const noexcept { return origin_; }

 private:
  // The glob, one path component at a time (fnmatch per directory entry, as glob(3) without
  // flags: a leading dot is matched only by a dot; "**" is "*"). Bounded: every entry looked at
  // and every path matched counts against the tournament file's GlobBudget, and a component at a
  // time means a symbolic link loop cannot make it go deeper than the pattern.
  std::vector<std::string> glob(const yaml::Node& node, const std::string& field,
                                const std::string& full) {
    const fs::path pattern(full);
    std::vector<std::string> current{pattern.root_path().string()};
    if (current.front().empty()) current.front() = ".";
    const auto over = [&](const std::string& what) {
      fail(node, field, detail::quoted(full) + " (" + what + ")",
           "a glob matching at most " + std::to_string(kMaxTournamentGlobMatches) +
               " paths after looking at most " + std::to_string(kMaxTournamentGlobEntries) +
               " directory entries (all the globs of the file together)");
    };
    for (const auto& component_path : pattern.relative_path()) {
      const std::string component = component_path.string();
      if (component.empty()) continue;
      std::vector<std::string> next;
      const bool wild = component.find_first_of("*?[") != std::string::npos;
      for (const auto& prefix : current) {
        const fs::path folder(prefix);
        if (!wild) {
          next.push_back((folder / component).string());
          continue;
        }
        std::error_code error;
        fs::directory_iterator it(folder, fs::directory_options::skip_permission_denied, error);
        if (error) continue;
        std::vector<std::string> here;
        for (; it != fs::directory_iterator(); it.increment(error)) {
          if (error) break;
          if (++budget_.entries > kMaxTournamentGlobEntries)
            over("more than " + std::to_string(kMaxTournamentGlobEntries) +
                 " directory entries to look at");
          const std::string name = it->path().filename().string();
          if (::fnmatch(component.c_str(), name.c_str(), FNM_PERIOD) != 0) continue;
          if (++budget_.matches > kMaxTournamentGlobMatches)
            over("more than " + std::to_string(kMaxTournamentGlobMatches) + " paths matched");
          here.push_back(it->path().string());
        }
        std::sort(here.begin(), here.end());
        next.insert(next.end(), here.begin(), here.end());
      }
      current = std::move(next);
      if (current.empty()) break;
    }
    std::vector<std::string> found;
    for (auto& path : current) {
      std::error_code error;
      if (!fs::exists(path, error)) continue;
      if (const auto problem = detail::utf8_problem(path); !problem.empty())
        fail(node, field, "a matching file name with " + problem,
             "scenario paths that are UTF-8 (rename the file or narrow the glob)");
      found.push_back(std::move(path));
    }
    std::sort(found.begin(), found.end());
    return found;
  }

  std::string origin_;
  std::string base_;
  bool expand_ = true;
  GlobBudget budget_;
};

// A key as a field name: as written, or quoted (escaped, cut) when it is not short UTF-8.
std::string field_name(const std::string& key) {
  if (key.size() <= 100 && detail::utf8_problem(key).empty()) return key;
  return detail::quoted(key);
}

const std::set<std::string> known_keys = {"tournament", "name",      "seed",         "repetitions",
                                          "protocol",   "deadline",  "roles",        "self_play",
                                          "agents",     "scenarios", "limits",       "real_steps",
                                          "quorum",     "veto",      "model_quality"};

}  // namespace

namespace {

TournamentSpec parse_spec(const std::string& yaml_text, const std::string& origin,
                          const std::string& base_folder, bool expand) {
  if (yaml_text.size() > kMaxTournamentFileBytes)
    throw InputError(
        origin, std::nullopt, "tournament", std::to_string(yaml_text.size()) + " bytes",
        "a tournament file of at most " + std::to_string(kMaxTournamentFileBytes) + " bytes");
  std::optional<yaml::Document> document;
  try {
    document.emplace(yaml_text);
  } catch (const yaml::ParseError& e) {
    throw InputError(origin,
                     e.mark().is_null() ? std::nullopt : std::optional<long>(e.mark().line + 1),
                     "YAML", detail::quoted(e.what(), 200), "a valid YAML document");
  }
  const yaml::Node root = document->root();
  SpecReader in(origin, base_folder, expand);
  if (!root.is_map()) in.fail(root, "tournament", SpecReader::describe(root), "a mapping");
  for (const auto& entry : root.entries()) {
    const std::string key = entry.first.scalar();
    if (!known_keys.count(key))
      in.fail(entry.first, field_name(key), "an unknown key",
              "one of tournament, seed, repetitions, protocol, quorum, veto, model_quality, "
              "deadline, roles, self_play, agents, scenarios, limits, real_steps");
  }

  TournamentSpec spec;
  spec.origin = origin;
  if (root["tournament"]) spec.name = in.text(root["tournament"], "tournament");
  if (root["name"]) spec.name = in.text(root["name"], "name");
  if (root["seed"]) spec.seed = in.integer(root["seed"], "seed", 0, UINT64_MAX);
  if (root["repetitions"])
    spec.repetitions =
        static_cast<std::uint32_t>(in.integer(root["repetitions"], "repetitions", 1, 1'000'000));
  if (root["protocol"]) spec.protocol = in.text(root["protocol"], "protocol");
  if (root["quorum"]) spec.quorum = in.text(root["quorum"], "quorum");
  if (const auto veto = root["veto"]) {
    if (!veto.is_list()) in.fail(veto, "veto", SpecReader::describe(veto), "a list of party names");
    for (std::size_t k = 0; k < veto.size(); ++k)
      spec.veto.push_back(in.text(veto[k], "veto[" + std::to_string(k) + "]"));
  }
  if (root["model_quality"])
    spec.model_quality = in.boolean(root["model_quality"], "model_quality");
  if (root["real_steps"])
    spec.real_steps =
        static_cast<std::uint32_t>(in.integer(root["real_steps"], "real_steps", 2, 1'000'000));
  if (root["self_play"]) spec.self_play = in.boolean(root["self_play"], "self_play");
  if (root["roles"]) {
    const std::string roles = in.text(root["roles"], "roles");
    const auto mode = detail::kRoleModeNames.parse(roles);
    if (!mode) in.fail(root["roles"], "roles", "'" + roles + "'", "all or fixed");
    spec.roles = *mode;
  }

  if (const auto deadline = root["deadline"]) {
    if (!deadline.is_map())
      in.fail(deadline, "deadline", SpecReader::describe(deadline),
              "a mapping with rounds and/or seconds");
    spec.deadline_rounds = 0;
    for (const auto& entry : deadline.entries()) {
      const std::string key = entry.first.scalar();
      if (key == "rounds")
        spec.deadline_rounds = in.integer(entry.second, "deadline.rounds", 1, 1'000'000'000);
      else if (key == "seconds")
        spec.deadline_seconds = in.number(entry.second, "deadline.seconds", 1e-6, 1e6);
      else
        in.fail(entry.first, "deadline." + key, "an unknown key", "rounds or seconds");
    }
    if (spec.deadline_rounds == 0 && spec.deadline_seconds == 0.0)
      in.fail(deadline, "deadline", "no limit", "rounds and/or seconds");
  }

  if (const auto limits = root["limits"]) {
    if (!limits.is_map()) in.fail(limits, "limits", SpecReader::describe(limits), "a mapping");
    for (const auto& entry : limits.entries()) {
      const std::string key = entry.first.scalar();
      if (key == "seconds")
        spec.limit_seconds = in.number(entry.second, "limits.seconds", 0.0, 1e6);
      else if (key == "memory_mb")
        spec.limit_memory_megabytes = in.integer(entry.second, "limits.memory_mb", 0, 1'000'000);
      else if (key == "turn_seconds")
        spec.limit_turn_seconds = in.number(entry.second, "limits.turn_seconds", 0.0, 1e6);
      else
        in.fail(entry.first, "limits." + key, "an unknown key",
                "seconds, memory_mb or turn_seconds");
    }
  }
  if (spec.limit_seconds > 0.0 && spec.deadline_seconds > spec.limit_seconds)
    in.fail(root["limits"], "limits.seconds", std::to_string(spec.limit_seconds),
            "at least deadline.seconds (" + std::to_string(spec.deadline_seconds) + ")");

  const auto agents = root["agents"];
  if (!agents.is_list() || agents.size() == 0)
    in.fail(agents, "agents", SpecReader::describe(agents), "a non-empty list of agent names");
  if (agents.size() > kMaxTournamentAgents)
    in.fail(agents, "agents", std::to_string(agents.size()) + " agents",
            "at most " + std::to_string(kMaxTournamentAgents) + " agents");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < agents.size(); ++i) {
    const std::string field = "agents[" + std::to_string(i) + "]";
    std::string agent = in.text(agents[i], field);
    if (!seen.insert(agent).second)
      in.fail(agents[i], field, detail::quoted(agent) + " a second time", "each agent once");
    spec.agents.push_back(std::move(agent));
  }

  const auto scenarios = root["scenarios"];
  if (!scenarios.is_list() || scenarios.size() == 0)
    in.fail(scenarios, "scenarios", SpecReader::describe(scenarios),
            "a non-empty list of scenario paths or globs");
  if (scenarios.size() > kMaxTournamentScenarios)
    in.fail(scenarios, "scenarios", std::to_string(scenarios.size()) + " entries",
            "at most " + std::to_string(kMaxTournamentScenarios) + " scenarios");
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    const std::string field = "scenarios[" + std::to_string(i) + "]";
    if (spec.scenarios.size() > kMaxTournamentScenarios)
      in.fail(scenarios[i], field,
              "more than " + std::to_string(kMaxTournamentScenarios) +
                  " scenarios after expanding the globs",
              "at most " + std::to_string(kMaxTournamentScenarios) + " scenarios");
    const auto item = scenarios[i];
    if (item.is_scalar()) {
      for (auto& path : in.expand(item, field)) spec.scenarios.push_back({{std::move(path)}, {}});
      continue;
    }
    if (!item.is_map() || !item["path"])
      in.fail(item, field, SpecReader::describe(item),
              "a path, a glob, or a mapping with path (and optional profiles)");
    TournamentScenarioSource source;
    const auto path = item["path"];
    if (path.is_list()) {
      // An empty list names no file (fuzz finding F5: accepted, a scenario without a path).
      if (path.size() == 0)
        in.fail(path, field + ".path", "an empty list", "a path, or a list of files");
      for (std::size_t j = 0; j < path.size(); ++j)
        for (auto& p : in.expand(path[j], field + ".path")) source.paths.push_back(std::move(p));
    } else {
      source.paths = in.expand(path, field + ".path");
      if (source.paths.size() > 1)
        in.fail(path, field + ".path", "a glob", "one path (use a plain list entry for globs)");
    }
    if (const auto profiles = item["profiles"]) {
      if (!profiles.is_list())
        in.fail(profiles, field + ".profiles", SpecReader::describe(profiles), "a list of files");
      if (profiles.size() > kMaxTournamentScenarios)
        in.fail(profiles, field + ".profiles", std::to_string(profiles.size()) + " profiles",
                "at most " + std::to_string(kMaxTournamentScenarios));
      for (std::size_t j = 0; j < profiles.size(); ++j)
        source.profiles.push_back(in.text(profiles[j], field + ".profiles"));
    }
    for (const auto& entry : item.entries()) {
      const std::string key = entry.first.scalar();
      if (key != "path" && key != "profiles")
        in.fail(entry.first, field + "." + field_name(key), "an unknown key", "path or profiles");
    }
    spec.scenarios.push_back(std::move(source));
  }
  if (spec.scenarios.size() > kMaxTournamentScenarios)
    in.fail(scenarios, "scenarios",
            std::to_string(spec.scenarios.size()) + " scenarios after expanding the globs",
            "at most " + std::to_string(kMaxTournamentScenarios) + " scenarios");
  return spec;
}

}  // namespace

TournamentSpec parse_tournament_spec(const std::string& yaml_text, const std::string& origin,
                                     const std::string& base_folder) {
  return parse_spec(yaml_text, origin, base_folder, true);
}

TournamentSpec parse_tournament_spec_text(const std::string& yaml_text, const std::string& origin) {
  return parse_spec(yaml_text, origin, {}, false);
}

TournamentSpec load_tournament_spec(const std::string& path) {
  const std::string text = detail::read_file(path);
  const fs::path base = fs::absolute(fs::path(path)).parent_path();
  return parse_tournament_spec(text, path, base.string());
}

std::vector<ScenarioPtr> load_tournament_scenarios(const TournamentSpec& spec, Warnings& warnings) {
  std::vector<ScenarioPtr> scenarios;
  scenarios.reserve(spec.scenarios.size());
  LoadOptions options;
  if (spec.real_steps) options.real_steps = spec.real_steps;
  for (const auto& source : spec.scenarios) {
    options.profiles = source.profiles;
    scenarios.push_back(load_scenario(source.paths, options, warnings));
  }
  return scenarios;
}

}  // namespace parley
