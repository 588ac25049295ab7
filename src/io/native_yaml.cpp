// parley's native scenario format: YAML written and read by hand (docs/scenario-format.md).
//
// The reader checks everything a person can get wrong and names the file, line, column and field
// of each mistake; the YAML document (support/yaml_document.hpp, libyaml underneath) gives every
// node its line and column, so semantic errors are located as precisely as syntax errors. The
// writer (yaml-cpp's emitter) keeps each value function in the form it has (scores, utilities,
// linear, triangular, constant, hyper-rectangles) and writes numbers in shortest round-trip form,
// so that parse(to_native(s)) gives exactly the utilities of s.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <map>
#include <set>
#include <sstream>
#include <string_view>
#include <tuple>
#include <unordered_map>

#include "io/genius_common.hpp"
#include "model/enum_names.hpp"
#include "parley/io/io.hpp"
#include "parley/model/limits.hpp"
#include "parley/model/preferences.hpp"
#include "parley/model/uncertainty.hpp"
#include "support/file_io.hpp"
#include "support/text.hpp"
#include "support/yaml_fields.hpp"

namespace parley {
namespace {

namespace fs = std::filesystem;
namespace yaml = detail::yaml;

constexpr int kFormatVersion = 1;
// Nested utility nodes deeper than this are refused (a guard against runaway files).
constexpr int kMaxNodeDepth = limits::max_depth;
// Nodes visited while reading rectangles, a guard against alias bombs (&a [*b, *b, ...]).
constexpr std::size_t kMaxRectangleVisits = 500'000;

std::string trim_end(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  return text;
}

class NativeReader {
 public:
  NativeReader(std::string origin, Warnings& warnings)
      : origin_(std::move(origin)), warnings_(warnings) {}

  ScenarioPtr read(const std::string& text);
  // One party's `uncertainty:` block given alone (Python, the service).
  UncertaintyStatements read_uncertainty_text(const std::string& text, const std::string& field);

 private:
  [[noreturn]] void fail(const yaml::Mark& mark, const std::string& field, const std::string& found,
                         const std::string& expected) const {
    if (mark.is_null()) throw InputError(origin_, std::nullopt, field, found, expected);
    throw InputError(origin_, mark.line + 1L, mark.column + 1L, field, found, expected);
  }
  [[noreturn]] void fail(const yaml::Node& at, const std::string& field, const std::string& found,
                         const std::string& expected) const {
    fail(at.mark(), field, found, expected);
  }
  // The text as a YAML document. Text that is not YAML is reported under `syntax_field`, with
  // `expected`; nesting deeper than yaml::Document's limit under `nesting_field`, expecting
  // `what` nested at most limits::max_depth levels deep.
  yaml::Document parse_yaml(const std::string& text, const std::string& syntax_field,
                            const std::string& nesting_field, const std::string& what,
                            const std::string& expected) const;
  // Re-locates an InputError thrown by the model (Issue, Scenario) at a node of the file.
  [[noreturn]] void relocate(const InputError& error, const yaml::Node& at,
                             const std::string& field) const {
    fail(at, error.field().empty() ? field : error.field(), error.found(), error.expected());
  }
  void warn(const yaml::Node& at, const std::string& field, const std::string& message) {
    std::string where = origin_;
    if (!at.mark().is_null())
      where +=
          ":" + std::to_string(at.mark().line + 1) + ":" + std::to_string(at.mark().column + 1);
    warnings_.push_back(where + ": " + field + ": " + message);
  }

  // Checks that `node` is a mapping whose keys are distinct scalars among `allowed`.
  void check_keys(const yaml::Node& node, const std::string& field,
                  std::initializer_list<std::string_view> allowed) const;
  void require_map(const yaml::Node& node, const std::string& field) const {
    if (!node.is_map()) fail(node, field, detail::yaml_found(node), "a mapping (key: value lines)");
  }
  void require_list(const yaml::Node& node, const std::string& field) const {
    if (!node.is_list())
      fail(node, field, detail::yaml_found(node), "a list (lines starting with '- ')");
  }
  // Entries of a mapping in file order, with distinct scalar keys.
  std::vector<std::pair<yaml::Node, yaml::Node>> entries(const yaml::Node& node,
                                                         const std::string& field) const;
  std::string text(const yaml::Node& node, const std::string& field) const;
  std::string name(const yaml::Node& node, const std::string& field) const;
  double number(const yaml::Node& node, const std::string& field) const;
  // Numbers written with more digits than a double holds, since the party began
  // (PartyPreferences::exact_decimals).
  mutable std::map<double, std::string> decimals_;
  std::int64_t whole_number(const yaml::Node& node, const std::string& field) const;
  bool boolean(const yaml::Node& node, const std::string& field) const;
  std::pair<double, double> bounds(const yaml::Node& node, const std::string& field) const;

  Issue read_issue(const yaml::Node& node, std::size_t position);
  Party read_party(const yaml::Node& node, std::size_t position);
  void read_linear_additive(const yaml::Node& node, const std::string& field,
                            PartyPreferences& preferences) const;
  NamedNumbers read_numbers(const yaml::Node& node, const std::string& field) const;
  ValueFunction read_function(const yaml::Node& node, const Issue& issue,
                              const std::string& field) const;
  std::shared_ptr<const UtilityFunction> read_rectangles(const yaml::Node& node,
                                                         const std::string& field);
  UtilityNode read_node(const yaml::Node& node, const std::string& field, int depth);
  HyperRectangle read_rectangle(const yaml::Node& node, const std::string& field);
  std::size_t issue_index(const yaml::Node& key, const std::string& field) const;
  // {issue: option} as written (checked by build_party / build_package).
  std::vector<std::pair<std::string, std::string>> package_entries(const yaml::Node& node,
                                                                   const std::string& field) const;
  Outcome read_package(const yaml::Node& node, const std::string& field) const;
  // The `uncertainty:` block of a party, as written (build_party checks it).
  UncertaintyStatements read_uncertainty(const yaml::Node& node, const std::string& field) const;
  std::vector<std::string> issue_names(const yaml::Node& node, const std::string& field) const;
  UncertaintyStatements::PartialPackage partial_package(const yaml::Node& node,
                                                        const std::string& field) const;
  std::vector<UncertaintyStatements::PartialPackage> package_list(const yaml::Node& node,
                                                                  const std::string& field) const;
  WalkAwayLaw read_walk_away_law(const yaml::Node& node, const std::string& field) const;

  std::string origin_;
  Warnings& warnings_;
  std::vector<Issue> issues_;
  std::optional<Outcome> status_quo_;
  std::size_t rectangle_visits_ = 0;
};

yaml::Document NativeReader::parse_yaml(const std::string& text, const std::string& syntax_field,
                                        const std::string& nesting_field, const std::string& what,
                                        const std::string& expected) const {
  try {
    return yaml::Document(text);
  } catch (const yaml::ParseError& error) {
    if (error.too_deep())
      fail(error.mark(), nesting_field,
           "lists or mappings nested " + std::to_string(error.depth()) + " levels deep",
           what + " nested at most " + std::to_string(limits::max_depth) + " levels deep");
    fail(error.mark(), syntax_field, detail::quoted(error.what(), 200),
         error.kind() == yaml::ParseError::Kind::encoding
             ? "a file in UTF-8 without control characters (tabs and line breaks aside)"
             : expected);
  }
}

void NativeReader::check_keys(const yaml::Node& node, const std::string& field,
                              std::initializer_list<std::string_view> allowed) const {
  require_map(node, field);
  std::set<std::string> seen;
  for (const auto& entry : node.entries()) {
    const yaml::Node& key = entry.first;
    if (!key.is_scalar())
      fail(key, field, "a key that is " + detail::yaml_found(key), "a plain word");
    const std::string& k = key.scalar();
    if (std::find(allowed.begin(), allowed.end(), k) == allowed.end()) {
      std::vector<std::string> valid(allowed.begin(), allowed.end());
      fail(key, field, "unknown key " + detail::quoted(k),
           "one of: " + detail::join_names(valid, 20));
    }
    if (!seen.insert(k).second)
      fail(key, field, "key " + detail::quoted(k) + " twice", "each key once");
  }
}

std::vector<std::pair<yaml::Node, yaml::Node>> NativeReader::entries(
    const yaml::Node& node, const std::string& field) const {
  require_map(node, field);
  std::vector<std::pair<yaml::Node, yaml::Node>> result;
  std::set<std::string> seen;
  for (const auto& entry : node.entries()) {
    if (!entry.first.is_scalar())
      fail(entry.first, field, "a key that is " + detail::yaml_found(entry.first), "a name");
    if (!seen.insert(entry.first.scalar()).second)
      fail(entry.first, field, detail::quoted(entry.first.scalar()) + " twice", "each name once");
    result.emplace_back(entry.first, entry.second);
  }
  return result;
}

std::string NativeReader::text(const yaml::Node& node, const std::string& field) const {
  if (!node.defined() || node.is_null()) return {};
  if (!node.is_scalar()) fail(node, field, detail::yaml_found(node), "text");
  const std::string& value = node.scalar();
  if (detail::invalid_utf8_offset(value))
    fail(node, field, detail::utf8_problem(value), "UTF-8 text without NUL bytes");
  if (value.size() > limits::max_text_bytes)
    fail(node, field, std::to_string(value.size()) + " bytes of text",
         "at most " + std::to_string(limits::max_text_bytes) + " bytes");
  return trim_end(value);
}

std::string NativeReader::name(const yaml::Node& node, const std::string& field) const {
  if (!node.defined()) fail(node, field, "no name", "a name");
  if (!node.is_scalar() || node.scalar().empty())
    fail(node, field, detail::yaml_found(node), "a non-empty name");
  const std::string& value = node.scalar();
  if (detail::invalid_utf8_offset(value))
    fail(node, field, detail::utf8_problem(value), "UTF-8 text without NUL bytes");
  if (value.size() > limits::max_name_bytes)
    fail(node, field, std::to_string(value.size()) + " bytes (" + detail::quoted(value, 40) + ")",
         "a name of at most " + std::to_string(limits::max_name_bytes) + " bytes");
  return value;
}

double NativeReader::number(const yaml::Node& node, const std::string& field) const {
  const double value = detail::yaml_number(origin_, node, field);
  detail::note_exact_decimal(decimals_, value, node.scalar());
  return value;
}

std::int64_t NativeReader::whole_number(const yaml::Node& node, const std::string& field) const {
  return detail::yaml_whole_number(origin_, node, field);
}

bool NativeReader::boolean(const yaml::Node& node, const std::string& field) const {
  return detail::yaml_boolean(origin_, node, field);
}

std::pair<double, double> NativeReader::bounds(const yaml::Node& node,
                                               const std::string& field) const {
  if (!node.is_list() || node.size() != 2)
    fail(node, field, detail::yaml_found(node), "[lower, upper]");
  const double lower = number(node[0], field);
  const double upper = number(node[1], field);
  if (lower > upper)
    fail(node, field, "lower > upper (" + format_number(lower) + " > " + format_number(upper) + ")",
         "lower <= upper");
  return {lower, upper};
}

std::size_t NativeReader::issue_index(const yaml::Node& key, const std::string& field) const {
  const std::string& issue_name = key.scalar();
  for (std::size_t i = 0; i < issues_.size(); ++i)
    if (issues_[i].name() == issue_name) return i;
  std::vector<std::string> names;
  for (const auto& issue : issues_) names.push_back(issue.name());
  fail(key, field, "unknown issue " + detail::quoted(issue_name),
       "one of the issues: " + detail::join_names(names, 12));
}

ScenarioPtr NativeReader::read(const std::string& text) {
  const yaml::Document document =
      parse_yaml(text, "YAML syntax", "YAML nesting", "a scenario",
                 "well-formed YAML (check indentation, colons, dashes and quotes)");
  const yaml::Node root = document.root();
  if (!root.defined() || root.is_null())
    fail(yaml::Mark{}, "file", "an empty document", "a parley scenario");
  check_keys(root, "top level",
             {"parley", "name", "description", "issues", "status_quo", "parties", "metadata"});

  const yaml::Node version = root["parley"];
  if (!version.defined())
    fail(root, "parley", "no format version",
         "'parley: " + std::to_string(kFormatVersion) + "' as the first line");
  if (!version.is_scalar() || version.scalar() != std::to_string(kFormatVersion))
    fail(version, "parley", detail::yaml_found(version),
         "format version " + std::to_string(kFormatVersion));

  std::string scenario_name = this->text(root["name"], "name");
  if (scenario_name.empty()) scenario_name = fs::path(origin_).stem().string();
  const std::string description = this->text(root["description"], "description");

  const yaml::Node issues = root["issues"];
  if (!issues.defined()) fail(root, "issues", "no issues", "a list of issues");
  require_list(issues, "issues");
  if (issues.size() == 0) fail(issues, "issues", "an empty list", "at least one issue");
  if (issues.size() > limits::max_issues)
    fail(issues, "issues", std::to_string(issues.size()) + " issues",
         "at most " + std::to_string(limits::max_issues) + " issues");
  for (std::size_t i = 0; i < issues.size(); ++i) {
    Issue issue = read_issue(issues[i], i);
    for (const auto& other : issues_)
      if (other.name() == issue.name())
        fail(issues[i]["name"], "issues[" + std::to_string(i + 1) + "].name",
             "issue " + detail::quoted(issue.name()) + " twice", "distinct issue names");
    issues_.push_back(std::move(issue));
  }

  if (const yaml::Node package = root["status_quo"]; package.defined())
    status_quo_ = read_package(package, "status_quo");

  const yaml::Node parties = root["parties"];
  if (!parties.defined()) fail(root, "parties", "no parties", "a list of at least two parties");
  require_list(parties, "parties");
  if (parties.size() < 2)
    fail(parties, "parties",
         std::to_string(parties.size()) + " part" + (parties.size() == 1 ? "y" : "ies"),
         "at least two parties");
  if (parties.size() > limits::max_parties)
    fail(parties, "parties", std::to_string(parties.size()) + " parties",
         "at most " + std::to_string(limits::max_parties) + " parties");
  std::vector<Party> party_list;
  for (std::size_t p = 0; p < parties.size(); ++p) {
    Party party = read_party(parties[p], p);
    for (const auto& other : party_list)
      if (other.name == party.name)
        fail(parties[p]["name"], "parties[" + std::to_string(p + 1) + "].name",
             "party " + detail::quoted(party.name) + " twice", "distinct party names");
    party_list.push_back(std::move(party));
  }

  std::map<std::string, std::string> metadata;
  if (const yaml::Node meta = root["metadata"]; meta.defined() && !meta.is_null())
    for (const auto& [key, value] : entries(meta, "metadata")) {
      const std::string key_text = name(key, "metadata key");
      metadata[key_text] = this->text(value, "metadata." + key_text);
    }

  std::shared_ptr<Scenario> scenario;
  try {
    scenario = std::make_shared<Scenario>(std::move(scenario_name), issues_, std::move(party_list),
                                          description, origin_, status_quo_);
  } catch (const InputError& error) {
    relocate(error, root, "scenario");
  }
  scenario->mutable_metadata() = std::move(metadata);
  scenario->mutable_metadata()["format"] = "native";
  scenario->mutable_metadata()["file"] = origin_;
  return scenario;
}

Issue NativeReader::read_issue(const yaml::Node& node, std::size_t position) {
  std::string field = "issues[" + std::to_string(position + 1) + "]";
  check_keys(node, field, {"name", "label", "description", "options", "range", "real", "steps"});
  const std::string issue_name = name(node["name"], field + ".name");
  field = "issues." + issue_name;
  const std::string label = text(node["label"], field + ".label");
  const std::string description = text(node["description"], field + ".description");
  const yaml::Node options = node["options"];
  const yaml::Node range = node["range"];
  const yaml::Node real = node["real"];
  const int kinds = int{options.defined()} + int{range.defined()} + int{real.defined()};
  if (kinds != 1)
    fail(node, field, kinds == 0 ? "no values" : "more than one of options, range, real",
         "exactly one of 'options: [...]', 'range: [lower, upper]' (whole numbers) or "
         "'real: [lower, upper]' with 'steps: N'");
  if (node["steps"].defined() && !real.defined())
    fail(node["steps"], field + ".steps", "steps on an issue that is not real",
         "steps only with 'real: [lower, upper]'");
  try {
    if (options.defined()) {
      require_list(options, field + ".options");
      if (options.size() == 0)
        fail(options, field + ".options", "an empty issue (no options)", "at least one option");
      if (options.size() > limits::max_options)
        fail(options, field + ".options", std::to_string(options.size()) + " options",
             "at most " + std::to_string(limits::max_options) + " options per issue");
      std::vector<Option> list;
      list.reserve(options.size());
      // Names seen so far (a hash set: a list is checked in linear time, not quadratic).
      std::unordered_map<std::string_view, std::size_t> seen;
      seen.reserve(options.size());
      for (std::size_t o = 0; o < options.size(); ++o) {
        const yaml::Node item = options[o];
        const std::string item_field = field + ".options[" + std::to_string(o + 1) + "]";
        Option option;
        if (item.is_map()) {
          check_keys(item, item_field, {"name", "description"});
          option.name = name(item["name"], item_field + ".name");
          option.description = text(item["description"], item_field + ".description");
        } else {
          option.name = name(item, item_field);
        }
        if (seen.count(option.name))
          fail(item.is_map() ? item["name"] : item, item_field,
               "option " + detail::quoted(option.name) + " twice", "distinct option names");
        list.push_back(std::move(option));
        seen.emplace(list.back().name, o);  // reserved: list never reallocates
      }
      return Issue::categorical(issue_name, std::move(list), description, label);
    }
    if (range.defined()) {
      if (!range.is_list() || range.size() != 2)
        fail(range, field + ".range", detail::yaml_found(range), "[lower, upper] (whole numbers)");
      const std::int64_t lower = whole_number(range[0], field + ".range");
      const std::int64_t upper = whole_number(range[1], field + ".range");
      if (lower > upper)
        fail(range, field + ".range",
             "lower > upper (" + std::to_string(lower) + " > " + std::to_string(upper) + ")",
             "lower <= upper");
      return Issue::integer(issue_name, lower, upper, description, label);
    }
    const auto [lower, upper] = bounds(real, field + ".real");
    std::uint32_t steps = Issue::default_real_steps;
    if (const yaml::Node s = node["steps"]; s.defined()) {
      const std::int64_t value = whole_number(s, field + ".steps");
      if (value < 1 || value > static_cast<std::int64_t>(Issue::max_cardinality))
        fail(s, field + ".steps", std::to_string(value),
             "2 to " + std::to_string(Issue::max_cardinality) + " points");
      steps = static_cast<std::uint32_t>(value);
    }
    return Issue::real(issue_name, lower, upper, steps, description, label);
  } catch (const InputError& error) {
    if (!error.file().empty()) throw;
    relocate(error, node, field);
  }
}

// Answers build_party()'s "where was this written" from the party's YAML node (or
// build_package()'s from the package's).
class YamlLocator final : public PreferenceLocator {
 public:
  explicit YamlLocator(const yaml::Node& party) : party_(party) {}

  TextPosition position(const std::vector<std::string>& path, bool key) const override {
    yaml::Node node = party_;
    yaml::Mark mark = node.mark();
    for (const auto& part : path) {
      // "[N]": the N-th entry (1-based) of a list.
      if (node.is_list() && part.size() > 2 && part.front() == '[' && part.back() == ']') {
        const std::size_t n = std::strtoul(part.c_str() + 1, nullptr, 10);
        if (n < 1 || n > node.size()) break;
        const yaml::Node entry = node[n - 1];
        mark = entry.mark();
        node = entry;
        continue;
      }
      if (!node.is_map()) break;
      bool found = false;
      for (const auto& entry : node.entries()) {
        if (!entry.first.is_scalar() || entry.first.scalar() != part) continue;
        mark = key && &part == &path.back() ? entry.first.mark() : entry.second.mark();
        node = entry.second;
        found = true;
        break;
      }
      if (!found) break;
    }
    if (mark.is_null()) return {};
    return {mark.line + 1L, mark.column + 1L};
  }

 private:
  const yaml::Node& party_;
};

Party NativeReader::read_party(const yaml::Node& node, std::size_t position) {
  std::string field = "parties[" + std::to_string(position + 1) + "]";
  check_keys(node, field,
             {"name", "description", "notes", "walk_away", "walk_away_package", "discount",
              "weights", "scores", "utilities", "functions", "rectangles", "uncertainty"});
  PartyPreferences preferences;
  decimals_.clear();
  preferences.name = name(node["name"], field + ".name");
  field = "parties." + preferences.name;
  preferences.description = text(node["description"], field + ".description");
  preferences.notes = text(node["notes"], field + ".notes");

  if (const yaml::Node rectangles = node["rectangles"]; rectangles.defined()) {
    for (const char* key : {"weights", "scores", "utilities", "functions"})
      if (node[key].defined())
        fail(node[key], field + "." + key, "'" + std::string(key) + "' beside 'rectangles'",
             "either rectangles (nonlinear) or weights with value functions (linear-additive)");
    preferences.utility = read_rectangles(rectangles, field + ".rectangles");
  } else {
    read_linear_additive(node, field, preferences);
  }

  if (const yaml::Node package = node["walk_away_package"]; package.defined())
    preferences.walk_away_package = package_entries(package, field + ".walk_away_package");
  if (const yaml::Node walk_away = node["walk_away"]; walk_away.defined()) {
    if (walk_away.is_scalar() && walk_away.scalar() == "status_quo")
      preferences.walk_away_status_quo = true;
    else
      preferences.walk_away = number(walk_away, field + ".walk_away");
  }
  if (const yaml::Node discount = node["discount"]; discount.defined())
    preferences.discount = number(discount, field + ".discount");
  if (const yaml::Node uncertainty = node["uncertainty"]; uncertainty.defined())
    preferences.uncertainty = read_uncertainty(uncertainty, field + ".uncertainty");

  preferences.exact_decimals = decimals_;
  const YamlLocator locator(node);
  return build_party(issues_, preferences, PreferenceOrigin{origin_, field, &locator}, warnings_,
                     status_quo_);
}

std::vector<std::pair<std::string, std::string>> NativeReader::package_entries(
    const yaml::Node& node, const std::string& field) const {
  std::vector<std::pair<std::string, std::string>> result;
  for (const auto& [key, value] : entries(node, field)) {
    if (!value.is_scalar())
      fail(value, field + "." + key.scalar(), detail::yaml_found(value), "an option");
    result.emplace_back(key.scalar(), value.scalar());
  }
  return result;
}

Outcome NativeReader::read_package(const yaml::Node& node, const std::string& field) const {
  const YamlLocator locator(node);
  return build_package(issues_, package_entries(node, field),
                       PreferenceOrigin{origin_, field, &locator});
}

std::vector<std::string> NativeReader::issue_names(const yaml::Node& node,
                                                   const std::string& field) const {
  std::vector<std::string> names;
  if (node.is_scalar()) {
    names.push_back(name(node, field));
    return names;
  }
  require_list(node, field);
  for (std::size_t i = 0; i < node.size(); ++i)
    names.push_back(name(node[i], field + "[" + std::to_string(i + 1) + "]"));
  return names;
}

UncertaintyStatements::PartialPackage NativeReader::partial_package(
    const yaml::Node& node, const std::string& field) const {
  return package_entries(node, field);
}

std::vector<UncertaintyStatements::PartialPackage> NativeReader::package_list(
    const yaml::Node& node, const std::string& field) const {
  require_list(node, field);
  std::vector<UncertaintyStatements::PartialPackage> packages;
  for (std::size_t i = 0; i < node.size(); ++i)
    packages.push_back(partial_package(node[i], field + "[" + std::to_string(i + 1) + "]"));
  return packages;
}

WalkAwayLaw NativeReader::read_walk_away_law(const yaml::Node& node,
                                             const std::string& field) const {
  WalkAwayLaw law;
  if (node.is_scalar()) return WalkAwayLaw::point(number(node, field));
  if (node.is_list()) {
    const auto [low, high] = bounds(node, field);
    law.kind = WalkAwayLaw::Kind::uniform;
    law.low = law.mode = low;
    law.high = high;
    return law;
  }
  check_keys(node, field, {"uniform", "triangular", "values", "probabilities"});
  if (const yaml::Node u = node["uniform"]; u.defined()) {
    if (node.size() != 1) fail(node, field, "uniform beside other keys", "one law");
    const auto [low, high] = bounds(u, field + ".uniform");
    law.kind = WalkAwayLaw::Kind::uniform;
    law.low = law.mode = low;
    law.high = high;
    return law;
  }
  if (const yaml::Node t = node["triangular"]; t.defined()) {
    if (node.size() != 1) fail(node, field, "triangular beside other keys", "one law");
    if (!t.is_list() || t.size() != 3)
      fail(t, field + ".triangular", detail::yaml_found(t), "[low, mode, high]");
    law.kind = WalkAwayLaw::Kind::triangular;
    law.low = number(t[0], field + ".triangular");
    law.mode = number(t[1], field + ".triangular");
    law.high = number(t[2], field + ".triangular");
    return law;
  }
  const yaml::Node values = node["values"];
  const yaml::Node probabilities = node["probabilities"];
  if (!values.defined() || !probabilities.defined())
    fail(node, field, "an incomplete law",
         "a number, [low, high], {uniform: [low, high]}, {triangular: [low, mode, high]} or "
         "{values: [...], probabilities: [...]}");
  require_list(values, field + ".values");
  require_list(probabilities, field + ".probabilities");
  if (values.size() != probabilities.size() || values.size() == 0)
    fail(probabilities, field + ".probabilities",
         std::to_string(probabilities.size()) + " probabilities for " +
             std::to_string(values.size()) + " values",
         "one probability per value, at least one value");
  law.kind = WalkAwayLaw::Kind::discrete;
  for (std::size_t i = 0; i < values.size(); ++i)
    law.atoms.emplace_back(number(values[i], field + ".values"),
                           number(probabilities[i], field + ".probabilities"));
  return law;
}

UncertaintyStatements NativeReader::read_uncertainty(const yaml::Node& node,
                                                     const std::string& field) const {
  check_keys(node, field,
             {"weights", "ratios", "rank", "prefers", "ranking", "utility_of", "mixture",
              "dirichlet", "scores", "utilities", "walk_away"});
  UncertaintyStatements s;
  if (const yaml::Node weights = node["weights"]; weights.defined()) {
    for (const auto& [key, value] : entries(weights, field + ".weights"))
      s.weight_intervals.emplace_back(key.scalar(),
                                      bounds(value, field + ".weights." + key.scalar()));
  }
  if (const yaml::Node ratios = node["ratios"]; ratios.defined()) {
    require_list(ratios, field + ".ratios");
    for (std::size_t r = 0; r < ratios.size(); ++r) {
      const yaml::Node ratio = ratios[r];
      const std::string at = field + ".ratios[" + std::to_string(r + 1) + "]";
      check_keys(ratio, at, {"issues", "over", "between", "at_least", "at_most"});
      for (const char* key : {"issues", "over"})
        if (!ratio[key].defined())
          fail(ratio, at, std::string("no '") + key + "'",
               "{issues: [...], over: [...], between: [low, high]} (or at_least / at_most)");
      UncertaintyStatements::Ratio statement;
      statement.issues = issue_names(ratio["issues"], at + ".issues");
      statement.over = issue_names(ratio["over"], at + ".over");
      statement.high = std::numeric_limits<double>::infinity();
      const int given =
          ratio["between"].defined() + ratio["at_least"].defined() + ratio["at_most"].defined();
      if (given == 0)
        fail(ratio, at, "no bound", "between: [low, high], at_least: low or at_most: high");
      if (ratio["between"].defined()) {
        if (given != 1)
          fail(ratio, at, "between beside at_least or at_most", "between alone, or the others");
        std::tie(statement.low, statement.high) = bounds(ratio["between"], at + ".between");
      }
      if (ratio["at_least"].defined()) statement.low = number(ratio["at_least"], at + ".at_least");
      if (ratio["at_most"].defined()) statement.high = number(ratio["at_most"], at + ".at_most");
      s.ratios.push_back(std::move(statement));
    }
  }
  if (const yaml::Node rank = node["rank"]; rank.defined()) {
    require_list(rank, field + ".rank");
    // One order ([a, b, c]) or several ([[a, b], [c, d]]).
    if (rank.size() > 0 && rank[0].is_list()) {
      for (std::size_t r = 0; r < rank.size(); ++r)
        s.rank_orders.push_back(
            issue_names(rank[r], field + ".rank[" + std::to_string(r + 1) + "]"));
    } else {
      s.rank_orders.push_back(issue_names(rank, field + ".rank"));
    }
  }
  if (const yaml::Node prefers = node["prefers"]; prefers.defined()) {
    require_list(prefers, field + ".prefers");
    for (std::size_t c = 0; c < prefers.size(); ++c) {
      const std::string at = field + ".prefers[" + std::to_string(c + 1) + "]";
      check_keys(prefers[c], at, {"better", "worse"});
      for (const char* key : {"better", "worse"})
        if (!prefers[c][key].defined())
          fail(prefers[c], at, std::string("no '") + key + "'",
               "{better: {issue: option, ...}, worse: {issue: option, ...}}");
      s.comparisons.push_back({partial_package(prefers[c]["better"], at + ".better"),
                               partial_package(prefers[c]["worse"], at + ".worse")});
    }
  }
  if (const yaml::Node ranking = node["ranking"]; ranking.defined()) {
    require_list(ranking, field + ".ranking");
    // One ranking (a list of packages) or several (a list of lists).
    if (ranking.size() > 0 && ranking[0].is_list()) {
      for (std::size_t r = 0; r < ranking.size(); ++r)
        s.rankings.push_back(
            package_list(ranking[r], field + ".ranking[" + std::to_string(r + 1) + "]"));
    } else {
      s.rankings.push_back(package_list(ranking, field + ".ranking"));
    }
  }
  if (const yaml::Node bounds_node = node["utility_of"]; bounds_node.defined()) {
    require_list(bounds_node, field + ".utility_of");
    for (std::size_t b = 0; b < bounds_node.size(); ++b) {
      const std::string at = field + ".utility_of[" + std::to_string(b + 1) + "]";
      check_keys(bounds_node[b], at, {"package", "between"});
      for (const char* key : {"package", "between"})
        if (!bounds_node[b][key].defined())
          fail(bounds_node[b], at, std::string("no '") + key + "'",
               "{package: {issue: option, ...}, between: [low, high]}");
      UncertaintyStatements::UtilityBound bound;
      bound.package = partial_package(bounds_node[b]["package"], at + ".package");
      std::tie(bound.low, bound.high) = bounds(bounds_node[b]["between"], at + ".between");
      s.utility_bounds.push_back(std::move(bound));
    }
  }
  if (const yaml::Node mixture = node["mixture"]; mixture.defined()) {
    require_list(mixture, field + ".mixture");
    if (mixture.size() == 0) fail(mixture, field + ".mixture", "an empty list", "weight vectors");
    for (std::size_t h = 0; h < mixture.size(); ++h) {
      const std::string at = field + ".mixture[" + std::to_string(h + 1) + "]";
      check_keys(mixture[h], at, {"probability", "weights", "label"});
      for (const char* key : {"probability", "weights"})
        if (!mixture[h][key].defined())
          fail(mixture[h], at, std::string("no '") + key + "'",
               "{probability: p, weights: {issue: weight, ...}}");
      UncertaintyStatements::MixtureEntry entry;
      entry.probability = number(mixture[h]["probability"], at + ".probability");
      entry.weights = read_numbers(mixture[h]["weights"], at + ".weights");
      entry.label = text(mixture[h]["label"], at + ".label");
      s.mixture.push_back(std::move(entry));
    }
  }
  if (const yaml::Node dirichlet = node["dirichlet"]; dirichlet.defined()) {
    if (dirichlet.is_scalar())
      s.dirichlet_concentration = number(dirichlet, field + ".dirichlet");
    else
      s.dirichlet_alpha = read_numbers(dirichlet, field + ".dirichlet");
  }
  for (const char* kind : {"scores", "utilities"}) {
    const yaml::Node block = node[kind];
    if (!block.defined()) continue;
    const std::string block_field = field + "." + kind;
    auto& target = std::string_view(kind) == "scores" ? s.score_intervals : s.utility_intervals;
    for (const auto& [key, options] : entries(block, block_field)) {
      const std::string issue_field = block_field + "." + key.scalar();
      std::vector<std::pair<std::string, std::pair<double, double>>> intervals;
      for (const auto& [option, value] : entries(options, issue_field))
        intervals.emplace_back(option.scalar(), bounds(value, issue_field + "." + option.scalar()));
      target.emplace_back(key.scalar(), std::move(intervals));
    }
  }
  if (const yaml::Node walk_away = node["walk_away"]; walk_away.defined())
    s.walk_away = read_walk_away_law(walk_away, field + ".walk_away");
  if (s.empty()) fail(node, field, "an empty uncertainty block", "at least one statement");
  return s;
}

// Reads weights and value functions as written; build_party() checks and normalises them.
void NativeReader::read_linear_additive(const yaml::Node& node, const std::string& field,
                                        PartyPreferences& preferences) const {
  if (const yaml::Node weights = node["weights"]; weights.defined())
    preferences.weights = read_numbers(weights, field + ".weights");
  for (const char* kind : {"scores", "utilities"}) {
    const yaml::Node block = node[kind];
    if (!block.defined()) continue;
    const std::string block_field = field + "." + kind;
    auto& tables = std::string_view(kind) == "scores" ? preferences.scores : preferences.utilities;
    for (const auto& [key, value] : entries(block, block_field))
      tables.emplace_back(key.scalar(), read_numbers(value, block_field + "." + key.scalar()));
  }
  if (const yaml::Node block = node["functions"]; block.defined()) {
    const std::string block_field = field + ".functions";
    for (const auto& [key, value] : entries(block, block_field)) {
      const std::size_t i = issue_index(key, block_field);
      preferences.functions.emplace_back(
          key.scalar(), read_function(value, issues_[i], block_field + "." + key.scalar()));
    }
  }
}

NamedNumbers NativeReader::read_numbers(const yaml::Node& node, const std::string& field) const {
  NamedNumbers numbers;
  for (const auto& [key, value] : entries(node, field))
    numbers.emplace_back(key.scalar(), number(value, field + "." + key.scalar()));
  return numbers;
}

ValueFunction NativeReader::read_function(const yaml::Node& node, const Issue& issue,
                                          const std::string& field) const {
  if (issue.kind() == IssueKind::categorical)
    fail(node, field, "a function for the categorical issue '" + issue.name() + "'",
         "a table under 'scores' or 'utilities'");
  check_keys(node, field, {"linear", "triangular", "constant"});
  if (node.size() != 1)
    fail(node, field, std::to_string(node.size()) + " function kinds",
         "exactly one of linear, triangular, constant");
  const double lower = issue.kind() == IssueKind::integer
                           ? static_cast<double>(issue.lower_integer())
                           : issue.lower_real();
  if (const yaml::Node f = node["linear"]; f.defined()) {
    const std::string f_field = field + ".linear";
    check_keys(f, f_field, {"slope", "offset", "origin", "clip"});
    for (const char* key : {"slope", "offset"})
      if (!f[key].defined()) fail(f, f_field, std::string("no ") + key, "slope and offset");
    const double slope = number(f["slope"], f_field + ".slope");
    const double offset = number(f["offset"], f_field + ".offset");
    const double origin = f["origin"].defined() ? number(f["origin"], f_field + ".origin") : lower;
    const bool clip = f["clip"].defined() ? boolean(f["clip"], f_field + ".clip") : true;
    return ValueFunction::make_linear(slope, offset, origin, clip);
  }
  if (const yaml::Node f = node["triangular"]; f.defined()) {
    const std::string f_field = field + ".triangular";
    check_keys(f, f_field, {"lower", "upper", "top"});
    for (const char* key : {"lower", "upper", "top"})
      if (!f[key].defined()) fail(f, f_field, std::string("no ") + key, "lower, upper and top");
    const double low = number(f["lower"], f_field + ".lower");
    const double high = number(f["upper"], f_field + ".upper");
    const double top = number(f["top"], f_field + ".top");
    if (low > high)
      fail(f, f_field, "lower > upper (" + format_number(low) + " > " + format_number(high) + ")",
           "lower <= upper");
    return ValueFunction::make_triangular(low, high, top);
  }
  return ValueFunction::make_constant(number(node["constant"], field + ".constant"));
}

std::shared_ptr<const UtilityFunction> NativeReader::read_rectangles(const yaml::Node& node,
                                                                     const std::string& field) {
  check_keys(node, field, {"max_utility", "nodes"});
  if (!node["max_utility"].defined())
    fail(node, field, "no max_utility", "'max_utility: number' (utilities are divided by it)");
  const double max_utility = number(node["max_utility"], field + ".max_utility");
  if (!(max_utility > 0.0))
    fail(node["max_utility"], field + ".max_utility", format_number(max_utility),
         "a positive number");
  std::vector<UtilityNode> nodes;
  if (const yaml::Node list = node["nodes"]; list.defined()) {
    require_list(list, field + ".nodes");
    for (std::size_t n = 0; n < list.size(); ++n)
      nodes.push_back(read_node(list[n], field + ".nodes[" + std::to_string(n + 1) + "]", 1));
  }
  return std::make_shared<HyperRectangleUtility>(issues_, std::move(nodes), max_utility);
}

UtilityNode NativeReader::read_node(const yaml::Node& node, const std::string& field, int depth) {
  if (depth > kMaxNodeDepth)
    fail(node, field, "nodes nested deeper than " + std::to_string(kMaxNodeDepth),
         "a shallower tree");
  if (++rectangle_visits_ > kMaxRectangleVisits)
    fail(node, field, "more than " + std::to_string(kMaxRectangleVisits) + " nodes and rectangles",
         "a smaller utility tree");
  check_keys(node, field, {"type", "aggregation", "weight", "rectangles", "nodes"});
  UtilityNode result;
  if (node["type"].defined()) result.type = name(node["type"], field + ".type");
  if (const yaml::Node a = node["aggregation"]; a.defined()) {
    const auto how = detail::kAggregationNames.parse(a.is_scalar() ? a.scalar() : std::string());
    if (!how) fail(a, field + ".aggregation", detail::yaml_found(a), "sum, max or min");
    result.aggregation = *how;
  }
  if (node["weight"].defined()) result.weight = number(node["weight"], field + ".weight");
  if (const yaml::Node list = node["rectangles"]; list.defined()) {
    require_list(list, field + ".rectangles");
    for (std::size_t r = 0; r < list.size(); ++r)
      result.rectangles.push_back(
          read_rectangle(list[r], field + ".rectangles[" + std::to_string(r + 1) + "]"));
  }
  if (const yaml::Node list = node["nodes"]; list.defined()) {
    require_list(list, field + ".nodes");
    for (std::size_t n = 0; n < list.size(); ++n)
      result.children.push_back(
          read_node(list[n], field + ".nodes[" + std::to_string(n + 1) + "]", depth + 1));
  }
  return result;
}

HyperRectangle NativeReader::read_rectangle(const yaml::Node& node, const std::string& field) {
  if (++rectangle_visits_ > kMaxRectangleVisits)
    fail(node, field, "more than " + std::to_string(kMaxRectangleVisits) + " nodes and rectangles",
         "a smaller utility tree");
  check_keys(node, field, {"utility", "weight", "include", "exclude"});
  HyperRectangle rectangle;
  if (!node["utility"].defined()) fail(node, field, "no utility", "'utility: number'");
  rectangle.utility = number(node["utility"], field + ".utility");
  if (node["weight"].defined()) rectangle.weight = number(node["weight"], field + ".weight");
  if (node["include"].defined() && node["exclude"].defined())
    fail(node, field, "both include and exclude",
         "one of them (exclude: applies when any bound fails)");
  rectangle.exclusive = node["exclude"].defined();
  const yaml::Node bounds_node = rectangle.exclusive ? node["exclude"] : node["include"];
  if (bounds_node.defined() && !bounds_node.is_null()) {
    const std::string bounds_field = field + (rectangle.exclusive ? ".exclude" : ".include");
    for (const auto& [key, value] : entries(bounds_node, bounds_field)) {
      HyperRectangle::Bound bound;
      bound.issue = issue_index(key, bounds_field);
      std::tie(bound.min, bound.max) = bounds(value, bounds_field + "." + key.scalar());
      rectangle.bounds.push_back(bound);
    }
  }
  return rectangle;
}

// ---------------------------------------------------------------------------------------------
// Writer

// Characters yaml-cpp (YAML 1.2) writes as they are but the reader (libyaml, YAML 1.1) would not
// read back as written: DEL, which libyaml refuses, and next line (U+0085), line separator
// (U+2028) and paragraph separator (U+2029), which YAML 1.1 takes for line breaks.
bool needs_escapes(std::string_view text) {
  for (const std::string_view c : {"\x7f", "\xc2\x85", "\xe2\x80\xa8", "\xe2\x80\xa9"})
    if (text.find(c) != std::string_view::npos) return true;
  return false;
}

// The non-characters U+FFFE and U+FFFF: YAML holds them only escaped ("\uFFFE"), and yaml-cpp
// escapes them as U+FFFD. A scenario holding one cannot be written in this format (a GeniusWeb
// file may hold them, as JSON escapes); the text is refused rather than changed.
void require_writable_text(const std::string& text) {
  for (const std::string_view c : {"\xef\xbf\xbe", "\xef\xbf\xbf"})
    if (text.find(c) != std::string::npos)
      throw UnsupportedError("native format: the text " + detail::quoted(text) + " holds U+" +
                             (c.back() == '\xbe' ? "FFFE" : "FFFF") +
                             ", a non-character the YAML writer cannot escape (it would become "
                             "U+FFFD); keep the scenario in its own format");
}

// A name or text written as a scalar: as yaml-cpp chooses (plain when it can), or double-quoted
// with every character outside ASCII escaped when needs_escapes().
struct Text {
  const std::string& value;
};
YAML::Emitter& operator<<(YAML::Emitter& out, Text text) {
  require_writable_text(text.value);
  if (needs_escapes(text.value)) out << YAML::DoubleQuoted << YAML::EscapeNonAscii;
  return out << text.value;
}

// [name, name, ...] on one line.
void emit_names(YAML::Emitter& out, const std::vector<std::string>& names) {
  out << YAML::Flow << YAML::BeginSeq;
  for (const auto& name : names) out << Text{name};
  out << YAML::EndSeq;
}

void emit_text(YAML::Emitter& out, const std::string& value) {
  require_writable_text(value);
  // A literal block holds its lines as they are, so only printable text fits in one: a control
  // character (or a carriage return, which a reader takes for a line break) goes in a
  // double-quoted scalar, where yaml-cpp escapes it (fuzz finding F4: a U+0004 in a block was
  // written, then refused by the reader).
  const bool printable = std::none_of(value.begin(), value.end(),
                                      [](char c) {
                                        const auto u = static_cast<unsigned char>(c);
                                        return (u < 0x20 && c != '\n' && c != '\t') || u == 0x7f;
                                      }) &&
                         !needs_escapes(value);
  // yaml-cpp writes no indentation indicator ("|2"), so a block whose first line starts with a
  // blank would be read with the wrong indentation (fuzz finding F7): such texts go quoted too.
  const bool leading_blank = !value.empty() && (value.front() == ' ' || value.front() == '\t');
  if (printable && !leading_blank && value.find('\n') != std::string::npos)
    out << YAML::Literal << value;
  else
    out << Text{value};
}

void emit_number(YAML::Emitter& out, double value) { out << format_number(value); }

void emit_option_list(YAML::Emitter& out, const Issue& issue) {
  const auto& options = issue.options();
  const bool described = std::any_of(options.begin(), options.end(),
                                     [](const Option& o) { return !o.description.empty(); });
  if (!described) {
    out << YAML::Flow << YAML::BeginSeq;
    for (const auto& option : options) out << Text{option.name};
    out << YAML::EndSeq;
    return;
  }
  out << YAML::BeginSeq;
  for (const auto& option : options) {
    if (option.description.empty()) {
      out << Text{option.name};
      continue;
    }
    out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << Text{option.name};
    out << YAML::Key << "description" << YAML::Value;
    emit_text(out, option.description);
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

void emit_issue(YAML::Emitter& out, const Issue& issue) {
  out << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << Text{issue.name()};
  if (issue.has_label()) out << YAML::Key << "label" << YAML::Value << Text{issue.label()};
  if (!issue.description().empty()) {
    out << YAML::Key << "description" << YAML::Value;
    emit_text(out, issue.description());
  }
  switch (issue.kind()) {
    case IssueKind::categorical:
      out << YAML::Key << "options" << YAML::Value;
      emit_option_list(out, issue);
      break;
    case IssueKind::integer:
      out << YAML::Key << "range" << YAML::Value << YAML::Flow << YAML::BeginSeq
          << std::to_string(issue.lower_integer()) << std::to_string(issue.upper_integer())
          << YAML::EndSeq;
      break;
    case IssueKind::real:
      out << YAML::Key << "real" << YAML::Value << YAML::Flow << YAML::BeginSeq
          << format_number(issue.lower_real()) << format_number(issue.upper_real()) << YAML::EndSeq;
      out << YAML::Key << "steps" << YAML::Value << std::to_string(issue.cardinality());
      break;
  }
  out << YAML::EndMap;
}

void emit_table(YAML::Emitter& out, const Issue& issue, const std::vector<double>& table) {
  out << YAML::Flow << YAML::BeginMap;
  for (std::uint32_t v = 0; v < issue.cardinality(); ++v) {
    out << YAML::Key << Text{issue.value_label(v)} << YAML::Value;
    emit_number(out, table.at(v));
  }
  out << YAML::EndMap;
}

void emit_function(YAML::Emitter& out, const ValueFunction& f) {
  out << YAML::Flow << YAML::BeginMap;
  switch (f.kind) {
    case ValueFunction::Kind::linear:
      out << YAML::Key << "linear" << YAML::Value << YAML::BeginMap;
      out << YAML::Key << "slope" << YAML::Value << format_number(f.slope);
      out << YAML::Key << "offset" << YAML::Value << format_number(f.offset);
      out << YAML::Key << "origin" << YAML::Value << format_number(f.origin);
      out << YAML::Key << "clip" << YAML::Value << (f.clip ? "true" : "false");
      out << YAML::EndMap;
      break;
    case ValueFunction::Kind::triangular:
      out << YAML::Key << "triangular" << YAML::Value << YAML::BeginMap;
      out << YAML::Key << "lower" << YAML::Value << format_number(f.lower);
      out << YAML::Key << "upper" << YAML::Value << format_number(f.upper);
      out << YAML::Key << "top" << YAML::Value << format_number(f.top);
      out << YAML::EndMap;
      break;
    case ValueFunction::Kind::constant:
      out << YAML::Key << "constant" << YAML::Value << format_number(f.offset);
      break;
    case ValueFunction::Kind::scores:
    case ValueFunction::Kind::utilities:
      throw Error("native writer: a table is not a function");
  }
  out << YAML::EndMap;
}

void emit_linear_additive(YAML::Emitter& out, const Scenario& scenario,
                          const LinearAdditiveUtility& utility) {
  out << YAML::Key << "weights" << YAML::Value << YAML::Flow << YAML::BeginMap;
  for (std::size_t i = 0; i < scenario.issue_count(); ++i) {
    out << YAML::Key << Text{scenario.issue(i).name()} << YAML::Value;
    emit_number(out, utility.weights()[i]);
  }
  out << YAML::EndMap;
  using Kind = ValueFunction::Kind;
  for (const auto& [key, kinds] :
       {std::pair<const char*, std::vector<Kind>>{"scores", {Kind::scores}},
        {"utilities", {Kind::utilities}},
        {"functions", {Kind::linear, Kind::triangular, Kind::constant}}}) {
    std::vector<std::size_t> members;
    for (std::size_t i = 0; i < scenario.issue_count(); ++i)
      if (std::find(kinds.begin(), kinds.end(), utility.value_function(i).kind) != kinds.end())
        members.push_back(i);
    if (members.empty()) continue;
    out << YAML::Key << key << YAML::Value << YAML::BeginMap;
    for (std::size_t i : members) {
      out << YAML::Key << Text{scenario.issue(i).name()} << YAML::Value;
      const ValueFunction& f = utility.value_function(i);
      if (f.kind == Kind::scores || f.kind == Kind::utilities)
        emit_table(out, scenario.issue(i), f.table);
      else
        emit_function(out, f);
    }
    out << YAML::EndMap;
  }
}

void emit_rectangle(YAML::Emitter& out, const Scenario& scenario, const HyperRectangle& r) {
  // Two bounds on one issue act as their intersection for INCLUDES (every bound must hold) and for
  // EXCLUDES (any violated bound triggers), so they merge into one entry without changing values.
  std::vector<std::size_t> order;
  std::map<std::size_t, std::pair<double, double>> merged;
  for (const auto& b : r.bounds) {
    auto [it, inserted] = merged.try_emplace(b.issue, b.min, b.max);
    if (inserted) {
      order.push_back(b.issue);
    } else {
      it->second.first = std::max(it->second.first, b.min);
      it->second.second = std::min(it->second.second, b.max);
    }
  }
  out << YAML::Flow << YAML::BeginMap;
  out << YAML::Key << "utility" << YAML::Value << format_number(r.utility);
  if (r.weight != 1.0) out << YAML::Key << "weight" << YAML::Value << format_number(r.weight);
  if (r.exclusive || !order.empty()) {
    out << YAML::Key << (r.exclusive ? "exclude" : "include") << YAML::Value << YAML::BeginMap;
    for (std::size_t issue : order) {
      out << YAML::Key << Text{scenario.issue(issue).name()} << YAML::Value << YAML::BeginSeq
          << format_number(merged[issue].first) << format_number(merged[issue].second)
          << YAML::EndSeq;
    }
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
}

void emit_node(YAML::Emitter& out, const Scenario& scenario, const UtilityNode& node) {
  out << YAML::BeginMap;
  if (node.type != "PlainUfun") out << YAML::Key << "type" << YAML::Value << Text{node.type};
  out << YAML::Key << "aggregation" << YAML::Value << to_string(node.aggregation);
  out << YAML::Key << "weight" << YAML::Value << format_number(node.weight);
  if (!node.rectangles.empty()) {
    out << YAML::Key << "rectangles" << YAML::Value << YAML::BeginSeq;
    for (const auto& r : node.rectangles) emit_rectangle(out, scenario, r);
    out << YAML::EndSeq;
  }
  if (!node.children.empty()) {
    out << YAML::Key << "nodes" << YAML::Value << YAML::BeginSeq;
    for (const auto& child : node.children) emit_node(out, scenario, child);
    out << YAML::EndSeq;
  }
  out << YAML::EndMap;
}

void emit_package(YAML::Emitter& out, const Scenario& scenario, const Outcome& package) {
  out << YAML::Flow << YAML::BeginMap;
  for (std::size_t i = 0; i < scenario.issue_count(); ++i)
    out << YAML::Key << Text{scenario.issue(i).name()} << YAML::Value
        << Text{scenario.issue(i).value_label(package.at(i))};
  out << YAML::EndMap;
}

void emit_partial_package(YAML::Emitter& out,
                          const UncertaintyStatements::PartialPackage& package) {
  out << YAML::Flow << YAML::BeginMap;
  for (const auto& [issue_name, option] : package)
    out << YAML::Key << Text{issue_name} << YAML::Value << Text{option};
  out << YAML::EndMap;
}

void emit_pair(YAML::Emitter& out, double low, double high) {
  out << YAML::Flow << YAML::BeginSeq;
  emit_number(out, low);
  emit_number(out, high);
  out << YAML::EndSeq;
}

// The `uncertainty:` block, as the party's statements were written (weight intervals in the
// scale of the normalised weights this writer writes).
void emit_uncertainty(YAML::Emitter& out, const UncertaintyStatements& s) {
  out << YAML::Key << "uncertainty" << YAML::Value << YAML::BeginMap;
  if (!s.weight_intervals.empty()) {
    out << YAML::Key << "weights" << YAML::Value << YAML::BeginMap;
    for (const auto& [issue_name, bounds] : s.weight_intervals) {
      out << YAML::Key << Text{issue_name} << YAML::Value;
      emit_pair(out, bounds.first, bounds.second);
    }
    out << YAML::EndMap;
  }
  if (!s.ratios.empty()) {
    out << YAML::Key << "ratios" << YAML::Value << YAML::BeginSeq;
    for (const auto& ratio : s.ratios) {
      out << YAML::Flow << YAML::BeginMap;
      out << YAML::Key << "issues" << YAML::Value;
      emit_names(out, ratio.issues);
      out << YAML::Key << "over" << YAML::Value;
      emit_names(out, ratio.over);
      if (std::isinf(ratio.high)) {
        out << YAML::Key << "at_least" << YAML::Value;
        emit_number(out, ratio.low);
      } else {
        out << YAML::Key << "between" << YAML::Value;
        emit_pair(out, ratio.low, ratio.high);
      }
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  if (!s.rank_orders.empty()) {
    out << YAML::Key << "rank" << YAML::Value << YAML::BeginSeq;
    for (const auto& order : s.rank_orders) emit_names(out, order);
    out << YAML::EndSeq;
  }
  if (!s.comparisons.empty()) {
    out << YAML::Key << "prefers" << YAML::Value << YAML::BeginSeq;
    for (const auto& comparison : s.comparisons) {
      out << YAML::BeginMap << YAML::Key << "better" << YAML::Value;
      emit_partial_package(out, comparison.better);
      out << YAML::Key << "worse" << YAML::Value;
      emit_partial_package(out, comparison.worse);
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  if (!s.rankings.empty()) {
    out << YAML::Key << "ranking" << YAML::Value << YAML::BeginSeq;
    for (const auto& ranking : s.rankings) {
      out << YAML::BeginSeq;
      for (const auto& package : ranking) emit_partial_package(out, package);
      out << YAML::EndSeq;
    }
    out << YAML::EndSeq;
  }
  if (!s.utility_bounds.empty()) {
    out << YAML::Key << "utility_of" << YAML::Value << YAML::BeginSeq;
    for (const auto& bound : s.utility_bounds) {
      out << YAML::BeginMap << YAML::Key << "package" << YAML::Value;
      emit_partial_package(out, bound.package);
      out << YAML::Key << "between" << YAML::Value;
      emit_pair(out, bound.low, bound.high);
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  if (!s.mixture.empty()) {
    out << YAML::Key << "mixture" << YAML::Value << YAML::BeginSeq;
    for (const auto& entry : s.mixture) {
      out << YAML::BeginMap << YAML::Key << "probability" << YAML::Value;
      emit_number(out, entry.probability);
      if (!entry.label.empty()) {
        out << YAML::Key << "label" << YAML::Value;
        emit_text(out, entry.label);
      }
      out << YAML::Key << "weights" << YAML::Value << YAML::Flow << YAML::BeginMap;
      for (const auto& [issue_name, weight] : entry.weights) {
        out << YAML::Key << Text{issue_name} << YAML::Value;
        emit_number(out, weight);
      }
      out << YAML::EndMap << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  if (s.dirichlet_concentration) {
    out << YAML::Key << "dirichlet" << YAML::Value;
    emit_number(out, *s.dirichlet_concentration);
  } else if (!s.dirichlet_alpha.empty()) {
    out << YAML::Key << "dirichlet" << YAML::Value << YAML::Flow << YAML::BeginMap;
    for (const auto& [issue_name, alpha] : s.dirichlet_alpha) {
      out << YAML::Key << Text{issue_name} << YAML::Value;
      emit_number(out, alpha);
    }
    out << YAML::EndMap;
  }
  for (const auto* intervals : {&s.score_intervals, &s.utility_intervals}) {
    if (intervals->empty()) continue;
    out << YAML::Key << (intervals == &s.score_intervals ? "scores" : "utilities") << YAML::Value
        << YAML::BeginMap;
    for (const auto& [issue_name, options] : *intervals) {
      out << YAML::Key << issue_name << YAML::Value << YAML::Flow << YAML::BeginMap;
      for (const auto& [option, bounds] : options) {
        out << YAML::Key << Text{option} << YAML::Value;
        emit_pair(out, bounds.first, bounds.second);
      }
      out << YAML::EndMap;
    }
    out << YAML::EndMap;
  }
  if (s.walk_away) {
    const WalkAwayLaw& law = *s.walk_away;
    out << YAML::Key << "walk_away" << YAML::Value;
    switch (law.kind) {
      case WalkAwayLaw::Kind::point:
        emit_number(out, law.low);
        break;
      case WalkAwayLaw::Kind::uniform:
        emit_pair(out, law.low, law.high);
        break;
      case WalkAwayLaw::Kind::triangular:
        out << YAML::Flow << YAML::BeginMap << YAML::Key << "triangular" << YAML::Value
            << YAML::Flow << YAML::BeginSeq;
        emit_number(out, law.low);
        emit_number(out, law.mode);
        emit_number(out, law.high);
        out << YAML::EndSeq << YAML::EndMap;
        break;
      case WalkAwayLaw::Kind::discrete:
        out << YAML::Flow << YAML::BeginMap << YAML::Key << "values" << YAML::Value << YAML::Flow
            << YAML::BeginSeq;
        for (const auto& atom : law.atoms) emit_number(out, atom.first);
        out << YAML::EndSeq << YAML::Key << "probabilities" << YAML::Value << YAML::Flow
            << YAML::BeginSeq;
        for (const auto& atom : law.atoms) emit_number(out, atom.second);
        out << YAML::EndSeq << YAML::EndMap;
        break;
    }
  }
  out << YAML::EndMap;
}

void emit_party(YAML::Emitter& out, const Scenario& scenario, const Party& party) {
  if (const auto [lower, upper] = walk_away_range(*party.utility);
      party.reservation_value < lower || party.reservation_value > upper)
    throw UnsupportedError("native format: party '" + party.name + "' walks away at " +
                           format_number(party.reservation_value) + ", outside [" +
                           format_number(lower) + ", " + format_number(upper) +
                           "] (its utilities); the native format holds walk-away values in that "
                           "range (set the value, or keep the scenario in its own format)");
  out << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << Text{party.name};
  if (!party.description.empty()) {
    out << YAML::Key << "description" << YAML::Value;
    emit_text(out, party.description);
  }
  if (!party.notes.empty()) {
    out << YAML::Key << "notes" << YAML::Value;
    emit_text(out, party.notes);
  }
  // The package is kept for people; walk_away is written too whenever the value is not exactly
  // the package's utility (it then wins on reading). A party whose package is the status quo
  // (and worth its utility) walks away to `status_quo`.
  const bool package_gives_value =
      party.reservation_outcome &&
      party.utility->utility(*party.reservation_outcome) == party.reservation_value;
  const bool walks_to_status_quo = package_gives_value && scenario.status_quo() &&
                                   *scenario.status_quo() == *party.reservation_outcome;
  if (walks_to_status_quo) {
    out << YAML::Key << "walk_away" << YAML::Value << "status_quo";
  } else {
    if (!package_gives_value) {
      out << YAML::Key << "walk_away" << YAML::Value;
      emit_number(out, party.reservation_value);
    }
    if (party.reservation_outcome) {
      out << YAML::Key << "walk_away_package" << YAML::Value;
      emit_package(out, scenario, *party.reservation_outcome);
    }
  }
  if (party.discount_factor != 1.0) {
    out << YAML::Key << "discount" << YAML::Value;
    emit_number(out, party.discount_factor);
  }
  if (const auto* linear = party.utility->as_linear_additive()) {
    emit_linear_additive(out, scenario, *linear);
  } else if (const auto* rectangles = party.utility->as_hyper_rectangle()) {
    out << YAML::Key << "rectangles" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "max_utility" << YAML::Value << format_number(rectangles->max_utility());
    out << YAML::Key << "nodes" << YAML::Value << YAML::BeginSeq;
    for (const auto& node : rectangles->nodes()) emit_node(out, scenario, node);
    out << YAML::EndSeq << YAML::EndMap;
  } else {
    throw UnsupportedError("native format: party '" + party.name + "' has a " +
                           party.utility->kind_name() +
                           " utility, which the native format cannot hold");
  }
  if (party.uncertainty) emit_uncertainty(out, party.uncertainty->written);
  out << YAML::EndMap;
}

// Text for a comment line: what a reader would take for the end of the line (a control
// character, DEL, U+0085, U+2028, U+2029) becomes '?'.
std::string comment_text(std::string text) {
  for (const std::string_view c : {"\xc2\x85", "\xe2\x80\xa8", "\xe2\x80\xa9"})
    for (std::size_t at = text.find(c); at != std::string::npos; at = text.find(c, at))
      text.replace(at, c.size(), "?");
  for (char& c : text)
    if (static_cast<unsigned char>(c) < 0x20 || c == '\x7f') c = '?';
  return text;
}

// Metadata keys that describe the file a scenario was read from, not the scenario.
bool describes_the_file(const std::string& key) { return key == "format" || key == "file"; }

}  // namespace

UncertaintyStatements NativeReader::read_uncertainty_text(const std::string& text,
                                                          const std::string& field) {
  const yaml::Document document =
      parse_yaml(text, field, field, "an uncertainty block", "well-formed YAML or JSON");
  const yaml::Node root = document.root();
  require_map(root, field);
  return read_uncertainty(root, field);
}

UncertaintyStatements parse_uncertainty_block(const std::string& text, const std::string& origin,
                                              const std::string& field) {
  Warnings warnings;
  return detail::guarded_load(
      origin, [&] { return NativeReader(origin, warnings).read_uncertainty_text(text, field); });
}

ScenarioPtr parse_native(const std::string& text, const std::string& origin, Warnings& warnings) {
  return detail::guarded_load(origin, [&] { return NativeReader(origin, warnings).read(text); });
}

ScenarioPtr load_native(const std::string& path, Warnings& warnings) {
  return parse_native(detail::guarded_load(path, [&] { return detail::read_scenario_file(path); }),
                      path, warnings);
}

// YAML readers take an implicit key of at most 1024 characters (YAML 1.2, 7.4.2; yaml-cpp holds
// to it and cannot read its own explicit long keys in flow maps). A name is written as a key
// (weights, scores, bounds, packages): one whose written form is longer cannot be written in this
// format (fuzz finding F8: a 300-byte GENIUS value of control characters, each written "\xNN").
// A name of at most 255 bytes always fits: no byte is written longer than 4 characters.
void require_writable_key(const std::string& name, const std::string& what) {
  constexpr std::size_t max_key = 1024;
  if (name.size() * 4 + 2 <= max_key) return;
  YAML::Emitter key;
  key << YAML::Flow << YAML::BeginMap << YAML::Key << Text{name} << YAML::Value << 0
      << YAML::EndMap;
  const std::size_t written = key.size() - std::string_view("{: 0}").size();
  if (written > max_key)
    throw UnsupportedError("native format: " + what + " " + detail::quoted(name) + " is " +
                           std::to_string(written) + " characters once written as a YAML key; " +
                           "YAML readers take keys of at most 1024");
}

std::string to_native(const Scenario& scenario) {
  for (const auto& issue : scenario.issues()) {
    require_writable_key(issue.name(), "the issue");
    if (issue.kind() == IssueKind::categorical)
      for (const auto& option : issue.options())
        require_writable_key(option.name, "the option of issue " + detail::quoted(issue.name()));
  }
  for (const auto& [key, value] : scenario.metadata())
    require_writable_key(key, "the metadata key");
  YAML::Emitter out;
  out.SetIndent(2);
  out << YAML::BeginMap;
  out << YAML::Key << "parley" << YAML::Value << std::to_string(kFormatVersion);
  out << YAML::Key << "name" << YAML::Value << Text{scenario.name()};
  if (!scenario.description().empty()) {
    out << YAML::Key << "description" << YAML::Value;
    emit_text(out, scenario.description());
  }
  out << YAML::Key << "issues" << YAML::Value << YAML::BeginSeq;
  for (const auto& issue : scenario.issues()) emit_issue(out, issue);
  out << YAML::EndSeq;
  if (scenario.status_quo()) {
    out << YAML::Key << "status_quo" << YAML::Value;
    emit_package(out, scenario, *scenario.status_quo());
  }
  out << YAML::Key << "parties" << YAML::Value << YAML::BeginSeq;
  for (const auto& party : scenario.parties()) emit_party(out, scenario, party);
  out << YAML::EndSeq;
  std::vector<std::pair<std::string, std::string>> metadata;
  for (const auto& [key, value] : scenario.metadata())
    if (!describes_the_file(key) && !value.empty()) metadata.emplace_back(key, value);
  if (!metadata.empty()) {
    out << YAML::Key << "metadata" << YAML::Value << YAML::BeginMap;
    for (const auto& [key, value] : metadata) {
      out << YAML::Key << Text{key} << YAML::Value;
      emit_text(out, value);
    }
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
  if (!out.good()) throw Error("native writer: " + out.GetLastError());

  std::string header =
      "# parley scenario in the native format (docs/scenario-format.md).\n"
      "# Utility of a package for a linear-additive party: sum over issues of weight x value,\n"
      "# where a 'scores' value is the option's score divided by the issue's best score.\n";
  const auto& meta = scenario.metadata();
  auto entry = [&meta](const char* key) {
    const auto it = meta.find(key);
    return it == meta.end() ? std::string() : it->second;
  };
  std::string from = entry("file");
  if (from.empty()) from = entry("domain");
  if (from.empty()) from = entry("source");
  const std::string format = entry("format");
  if (!format.empty() && format != "native")
    from = format + " scenario" + (from.empty() ? "" : " " + from);
  if (!from.empty()) header += "# Written by parley from " + comment_text(from) + ".\n";
  return header + out.c_str() + "\n";
}

void save_native(const Scenario& scenario, const std::string& path) {
  detail::write_file_atomically(path, to_native(scenario), detail::Durability::rebuildable);
}

}  // namespace parley
