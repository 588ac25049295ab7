// GeniusWeb JSON scenarios: a domain (name, issuesValues) plus LinearAdditiveUtilitySpace
// profiles, as in GeniusWeb's geniusweb.issuevalue.Domain and
// geniusweb.profile.utilityspace.LinearAdditiveUtilitySpace (see ../shared/docs/genius-format.md).
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>
#include <set>
#include <unordered_map>

#include "io/genius_common.hpp"
#include "parley/io/io.hpp"
#include "parley/model/limits.hpp"
#include "support/file_io.hpp"
#include "support/text.hpp"

namespace parley {
namespace fs = std::filesystem;
namespace {
// Reading uses nlohmann::json, whose objects are std::maps (a key found or added in O(log n):
// ordered_json's linear search made a 100,000-value object quadratic); the order of the issues,
// which the map loses, is recorded while parsing. Writing uses ordered_json (keys as written).
using Json = nlohmann::json;
using OutJson = nlohmann::ordered_json;

struct ParsedJson {
  Json value;
  // Keys of the (one) "issuesValues" object in file order; empty when the file holds none or
  // several.
  std::vector<std::string> issue_order;
};

ParsedJson parse_json(const std::string& path) {
  const std::string text = detail::read_scenario_file(path);
  ParsedJson parsed;
  // Per nesting level (1 = the root's members): the last key read, whether the container there
  // is an object, and whether it is an "issuesValues" object.
  std::vector<std::string> last_key(2);
  std::vector<char> is_object(2, 0), is_issues(2, 0);
  int issue_objects = 0;
  std::size_t key_level = 0;  // level of the last key read (for the field of a bad number)
  const auto callback = [&](int depth, Json::parse_event_t event, Json& value) {
    const auto level = static_cast<std::size_t>(depth);
    switch (event) {
      case Json::parse_event_t::object_start:
      case Json::parse_event_t::array_start: {
        // The container opened here lives at level depth + 1 (the parser's own stack is not
        // recursive; the limit keeps every later walk and message bounded).
        if (depth + 1 > limits::max_depth)
          throw InputError(path, std::nullopt, "JSON nesting",
                           "arrays or objects nested more than " +
                               std::to_string(limits::max_depth) + " levels deep",
                           "at most " + std::to_string(limits::max_depth) + " levels");
        const bool object = event == Json::parse_event_t::object_start;
        if (last_key.size() < level + 2) {
          last_key.resize(level + 2);
          is_object.resize(level + 2);
          is_issues.resize(level + 2);
        }
        is_issues[level + 1] =
            object && level >= 1 && is_object[level] && last_key[level] == "issuesValues";
        if (is_issues[level + 1]) ++issue_objects;
        is_object[level + 1] = object;
        last_key[level + 1].clear();
        break;
      }
      case Json::parse_event_t::key:
        if (level < last_key.size()) {
          last_key[level] = value.get<std::string>();
          key_level = level;
          if (is_issues[level] && issue_objects == 1) parsed.issue_order.push_back(last_key[level]);
        }
        break;
      default:
        break;
    }
    return true;
  };
  try {
    parsed.value = Json::parse(text, callback);
  } catch (const Json::parse_error& e) {
    const detail::LineIndex lines(text);
    const auto byte = static_cast<std::ptrdiff_t>(e.byte > 0 ? e.byte - 1 : 0);
    std::string what = e.what();  // "[json.exception.parse_error.101] parse error at ...: ..."
    if (const auto cut = what.find("] "); what.rfind("[json.exception", 0) == 0 && cut != what.npos)
      what.erase(0, cut + 2);
    throw InputError(
        path, lines.line_of(byte), "JSON",
        "a syntax error at byte " + std::to_string(e.byte) + " (" + detail::quoted(what, 200) + ")",
        "valid JSON");
  } catch (const Json::out_of_range& e) {
    // 406: a number beyond the doubles ("1e309"); its field is the path of keys read last.
    std::string field;
    for (std::size_t level = 1; level <= key_level && level < last_key.size(); ++level)
      field += (field.empty() ? "" : ".") + last_key[level];
    std::string what = e.what();
    const auto open = what.find('\''), close = what.rfind('\'');
    const std::string number =
        open != what.npos && close > open ? what.substr(open + 1, close - open - 1) : "";
    throw InputError(path, std::nullopt, field.empty() ? "JSON" : field,
                     "a number beyond the range of doubles (" + detail::quoted(number, 40) + ")",
                     "a finite number");
  }
  if (issue_objects != 1) parsed.issue_order.clear();
  return parsed;
}

std::string kind_of(const Json& value) { return value.type_name(); }

const Json& member(const std::string& file, const Json& object, const char* key,
                   const std::string& field, Json::value_t type, const char* expected) {
  if (!object.is_object() || !object.contains(key))
    throw InputError(file, std::nullopt, field, "no \"" + std::string(key) + "\"", expected);
  const Json& value = object.at(key);
  if (value.type() != type && !(type == Json::value_t::number_float && value.is_number()))
    throw InputError(file, std::nullopt, field, "a JSON " + kind_of(value), expected);
  return value;
}

double number(const std::string& file, const Json& value, const std::string& field) {
  double x = 0.0;
  if (value.is_number()) {
    x = value.get<double>();
  } else if (value.is_string()) {
    const auto parsed = detail::parse_double(value.get<std::string>());
    if (!parsed)
      throw InputError(file, std::nullopt, field, detail::quoted(value.get<std::string>()),
                       "a number");
    x = *parsed;
  } else {
    throw InputError(file, std::nullopt, field, "a JSON " + kind_of(value), "a number");
  }
  if (!std::isfinite(x))
    throw InputError(file, std::nullopt, field,
                     value.is_string()
                         ? "non-finite number " + detail::quoted(value.get<std::string>())
                         : std::string("a number beyond the range of doubles (read as infinity)"),
                     "a finite number");
  return x;
}

// Text of a value as GeniusWeb writes it: strings as they are, numbers in their JSON form.
std::string value_text(const std::string& file, const Json& value, const std::string& field) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number()) return value.dump();
  throw InputError(file, std::nullopt, field, "a JSON " + kind_of(value), "a string or a number");
}

// Issue factories report errors without a file: add it.
template <class Make>
Issue issue_in(const std::string& file, Make make) {
  try {
    Issue issue = make();
    issue.check_texts();  // names: UTF-8, lengths
    return issue;
  } catch (const InputError& e) {
    throw InputError(file, std::nullopt, e.field(), e.found(), e.expected());
  }
}

std::vector<Issue> read_domain(const std::string& file, const Json& domain,
                               const std::vector<std::string>& issue_order) {
  const Json& issues_values = member(file, domain, "issuesValues", "issuesValues",
                                     Json::value_t::object, "an object of issues");
  if (issues_values.size() > limits::max_issues)
    throw InputError(file, std::nullopt, "issuesValues",
                     std::to_string(issues_values.size()) + " issues",
                     "at most " + std::to_string(limits::max_issues) + " issues");
  // Issues in file order (recorded while parsing), each once.
  std::vector<std::string> order;
  std::set<std::string> listed;
  for (const auto& name : issue_order)
    if (listed.insert(name).second) order.push_back(name);
  if (order.size() != issues_values.size()) {  // not recorded: the map's order
    order.clear();
    for (const auto& item : issues_values.items()) order.push_back(item.key());
  }
  std::vector<Issue> issues;
  for (const std::string& name : order) {
    const Json& value_set = issues_values.at(name);
    const std::string field = "issuesValues." + name;
    detail::require_utf8(name, file, std::nullopt, "issuesValues (an issue name)");
    if (value_set.is_object() && value_set.contains("values")) {
      const Json& values = value_set.at("values");
      if (!values.is_array())
        throw InputError(file, std::nullopt, field + ".values", "a JSON " + kind_of(values),
                         "an array of values");
      if (values.size() > limits::max_options)
        throw InputError(file, std::nullopt, field + ".values",
                         std::to_string(values.size()) + " values",
                         "at most " + std::to_string(limits::max_options) + " values per issue");
      std::vector<Option> options_list;
      options_list.reserve(values.size());
      for (const Json& value : values)
        options_list.push_back(Option{value_text(file, value, field + ".values"), ""});
      issues.push_back(issue_in(file, [&] { return Issue::categorical(name, options_list); }));
    } else if (value_set.is_object() && value_set.contains("range")) {
      const Json& range = value_set.at("range");
      const double low =
          number(file, range.contains("low") ? range.at("low") : Json(), field + ".range.low");
      const double high =
          number(file, range.contains("high") ? range.at("high") : Json(), field + ".range.high");
      const double step =
          number(file, range.contains("step") ? range.at("step") : Json(), field + ".range.step");
      if (!(step > 0.0))
        throw InputError(file, std::nullopt, field + ".range.step", format_number(step),
                         "a positive step");
      if (low > high)
        throw InputError(file, std::nullopt, field + ".range",
                         "low " + format_number(low) + " > high " + format_number(high),
                         "low <= high");
      const bool integral = low == std::floor(low) && high == std::floor(high) && step == 1.0 &&
                            std::fabs(low) < 4e18 && std::fabs(high) < 4e18;
      if (integral) {
        issues.push_back(issue_in(file, [&] {
          return Issue::integer(name, static_cast<std::int64_t>(low),
                                static_cast<std::int64_t>(high));
        }));
      } else {
        // The range holds low, low+step, ... up to high: a grid of evenly spaced points.
        const double count = std::floor((high - low) / step + 1e-9) + 1.0;
        if (count > static_cast<double>(Issue::max_cardinality))
          throw InputError(file, std::nullopt, field + ".range", format_number(count) + " values",
                           "at most " + std::to_string(Issue::max_cardinality));
        const auto points = static_cast<std::uint32_t>(count);
        const double upper = low + step * (count - 1.0);
        issues.push_back(issue_in(file, [&] {
          return points <= 1 ? Issue::real(name, low, low, 1)
                             : Issue::real(name, low, upper, points);
        }));
      }
    } else {
      throw InputError(file, std::nullopt, field,
                       "a JSON " + kind_of(value_set) +
                           (value_set.is_object() ? " without \"values\" or \"range\"" : ""),
                       "{\"values\": [...]} or {\"range\": {\"low\", \"high\", \"step\"}}");
    }
  }
  if (issues.empty())
    throw InputError(file, std::nullopt, "issuesValues", "no issue", "at least one issue");
  return issues;
}

// Issue positions by name, built once per profile (lookups in O(1), not a scan per entry).
using IssueIndex = std::unordered_map<std::string, std::size_t>;

IssueIndex index_issues(const std::vector<Issue>& issues) {
  IssueIndex index;
  for (std::size_t i = 0; i < issues.size(); ++i) index.emplace(issues[i].name(), i);
  return index;
}

std::size_t known_issue(const std::string& file, const IssueIndex& issues, const std::string& name,
                        const std::string& field) {
  const auto position = issues.find(name);
  if (position == issues.end())
    throw InputError(file, std::nullopt, field, "unknown issue " + detail::quoted(name),
                     "one of the domain's issues");
  return position->second;
}

ValueIndex known_value(const std::string& file, const Issue& issue, const std::string& text,
                       const std::string& field) {
  const auto v = issue.find_value(text);
  if (!v)
    throw InputError(file, std::nullopt, field, "unknown value " + detail::quoted(text),
                     "one of issue '" + issue.name() + "''s values");
  return *v;
}

ValueFunction issue_function(const std::string& file, const Issue& issue, const Json& spec,
                             const std::string& field, Warnings& warnings) {
  if (spec.is_object() && spec.contains("discreteutils")) {
    const Json& utilities =
        member(file, spec.at("discreteutils"), "valueUtilities", field + ".discreteutils",
               Json::value_t::object, "an object of value utilities");
    std::vector<double> table(issue.cardinality(), 0.0);
    std::vector<bool> seen(issue.cardinality(), false);
    for (const auto& [value, utility] : utilities.items()) {
      const std::string value_field = field + ".discreteutils.valueUtilities." + value;
      const ValueIndex v = known_value(file, issue, value, value_field);
      const double u = number(file, utility, value_field);
      if (u < 0.0 || u > 1.0)
        throw InputError(file, std::nullopt, value_field, format_number(u), "a utility in [0, 1]");
      table[v] = u;
      seen[v] = true;
    }
    std::vector<std::string> missing;
    for (ValueIndex v = 0; v < issue.cardinality(); ++v)
      if (!seen[v]) missing.push_back("'" + issue.value_label(v) + "'");
    if (missing.size() == 1)
      warnings.push_back(file + ": " + field + ": no utility for value " + missing.front() +
                         "; read as 0.");
    else if (!missing.empty())
      warnings.push_back(file + ": " + field + ": no utility for values " +
                         detail::join_names(missing, 20) + "; read as 0.");
    return ValueFunction::from_utilities(std::move(table));
  }
  if (spec.is_object() && spec.contains("numberutils")) {
    const Json& n = spec.at("numberutils");
    const std::string nf = field + ".numberutils";
    if (issue.kind() == IssueKind::categorical)
      throw InputError(file, std::nullopt, nf, "numberutils for a categorical issue",
                       "discreteutils");
    auto get = [&](const char* key) {
      return number(file, n.contains(key) ? n.at(key) : Json(), nf + "." + key);
    };
    const double low_value = get("lowValue"), low_utility = get("lowUtility");
    const double high_value = get("highValue"), high_utility = get("highUtility");
    for (double u : {low_utility, high_utility})
      if (u < 0.0 || u > 1.0)
        throw InputError(file, std::nullopt, nf, "utility " + format_number(u),
                         "utilities in [0, 1]");
    if (!(high_value > low_value))
      throw InputError(file, std::nullopt, nf + ".highValue", format_number(high_value),
                       "a value above lowValue " + format_number(low_value));
    // GeniusWeb gives utility 0 outside [lowValue, highValue] and refuses utilities that do not
    // cover the issue's range (NumberValueSetUtilities.isFitting): require the range inside.
    const double lowest = issue.numeric_value(0);
    const double highest = issue.numeric_value(issue.cardinality() - 1);
    if (lowest < low_value || highest > high_value)
      throw InputError(
          file, std::nullopt, nf,
          "utilities for [" + format_number(low_value) + ", " + format_number(high_value) + "]",
          "an interval covering the issue's range [" + format_number(lowest) + ", " +
              format_number(highest) + "]");
    // Linear interpolation between (lowValue, lowUtility) and (highValue, highUtility); both
    // utilities are in [0, 1], so clipping never changes a value inside the interval.
    const double slope = (high_utility - low_utility) / (high_value - low_value);
    return ValueFunction::make_linear(slope, low_utility, low_value, true);
  }
  throw InputError(
      file, std::nullopt, field,
      "a JSON " + kind_of(spec) + (spec.is_object() ? " without discreteutils or numberutils" : ""),
      "discreteutils or numberutils");
}

Party read_profile(const std::string& file, const Json& root, const std::vector<Issue>& issues,
                   std::string name, Warnings& warnings) {
  if (!root.is_object() || root.size() != 1)
    throw InputError(file, std::nullopt, "profile",
                     "a JSON " + kind_of(root) +
                         (root.is_object() ? " with " + std::to_string(root.size()) + " keys" : ""),
                     "{\"LinearAdditiveUtilitySpace\": {...}}");
  const std::string type = root.begin().key();
  if (type != "LinearAdditiveUtilitySpace")
    throw InputError(file, std::nullopt, "profile type", detail::quoted(type),
                     "LinearAdditiveUtilitySpace (other GeniusWeb profile types are not "
                     "supported)");
  const Json& space = root.begin().value();
  const Json& weights_json = member(file, space, "issueWeights", "issueWeights",
                                    Json::value_t::object, "an object of issue weights");
  const Json& utilities_json = member(file, space, "issueUtilities", "issueUtilities",
                                      Json::value_t::object, "an object of issue utilities");
  const IssueIndex index = index_issues(issues);
  std::vector<std::optional<double>> raw(issues.size());
  for (const auto& [issue, weight] : weights_json.items()) {
    const std::size_t i = known_issue(file, index, issue, "issueWeights." + issue);
    const double w = number(file, weight, "issueWeights." + issue);
    if (w < 0.0)
      throw InputError(file, std::nullopt, "issueWeights." + issue, format_number(w),
                       "a non-negative weight");
    raw[i] = w;
  }
  std::vector<std::optional<ValueFunction>> functions(issues.size());
  for (const auto& [issue, spec] : utilities_json.items()) {
    const std::string field = "issueUtilities." + issue;
    const std::size_t i = known_issue(file, index, issue, field);
    functions[i] = issue_function(file, issues[i], spec, field, warnings);
  }
  std::vector<double> weights;
  std::vector<ValueFunction> final_functions;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < issues.size(); ++i) {
    if (!raw[i])
      throw InputError(file, std::nullopt, "issueWeights",
                       "no weight for issue '" + issues[i].name() + "'",
                       "a weight for every issue");
    if (!functions[i])
      throw InputError(file, std::nullopt, "issueUtilities",
                       "no utilities for issue '" + issues[i].name() + "'",
                       "utilities for every issue");
    weights.push_back(*raw[i]);
    final_functions.push_back(std::move(*functions[i]));
    names.push_back(issues[i].name());
  }
  std::vector<double> written = weights;
  weights = detail::normalised_weights(std::move(weights), names, file, std::nullopt, warnings);
  if (written == weights) written.clear();
  auto utility = std::make_shared<LinearAdditiveUtility>(
      issues, std::move(weights), std::move(final_functions),
      LinearAdditiveUtility::tabulation_limit, std::move(written));
  Party party;
  party.name = std::move(name);
  party.source = file;
  if (space.contains("reservationBid") && !space.at("reservationBid").is_null()) {
    const Json& values = member(file, space.at("reservationBid"), "issuevalues", "reservationBid",
                                Json::value_t::object, "{\"issuevalues\": {...}}");
    Outcome outcome(issues.size(), 0);
    std::vector<bool> seen(issues.size(), false);
    for (const auto& [issue, value] : values.items()) {
      const std::string field = "reservationBid.issuevalues." + issue;
      const std::size_t i = known_issue(file, index, issue, field);
      outcome[i] = known_value(file, issues[i], value_text(file, value, field), field);
      seen[i] = true;
    }
    // A partial bid is worth the sum over the issues it names (GeniusWeb's utility of a
    // partial bid); it then has no package of its own.
    double value = 0.0;
    bool complete = true;
    for (std::size_t i = 0; i < issues.size(); ++i) {
      if (seen[i])
        value += utility->contribution(i, outcome[i]);
      else
        complete = false;
    }
    party.reservation_value = value;
    if (complete)
      party.reservation_outcome = outcome;
    else
      warnings.push_back(file + ": reservationBid: a partial bid; its utility " +
                         format_number(value) + " is the reservation value.");
  }
  party.utility = std::move(utility);
  return party;
}

// ---- Writing ---------------------------------------------------------------------------------

// A number as GeniusWeb's JSON holds it: the shortest text that reads back to the same double.
OutJson json_number(double x) { return OutJson(x); }

// True when e(v) of every value of a numeric issue lies on one line, so that numberutils
// (linear interpolation between the issue's lowest and highest values) holds it. An analytic
// issue (millions of values) is checked at its breakpoints only: e is linear between them.
bool is_linear_over_range(const Issue& issue, const LinearAdditiveUtility& utility, std::size_t i) {
  const std::uint32_t n = issue.cardinality();
  if (n < 2) return true;
  const double x0 = issue.numeric_value(0), x1 = issue.numeric_value(n - 1);
  const double e0 = utility.value_utility(i, 0), e1 = utility.value_utility(i, n - 1);
  if (!(x1 > x0)) return false;
  auto on_line = [&](ValueIndex v) {
    const double x = issue.numeric_value(v);
    const double line = e0 + (e1 - e0) * (x - x0) / (x1 - x0);
    return std::fabs(utility.value_utility(i, v) - line) <= 1e-12;
  };
  if (!utility.tabulated(i)) {
    const auto& points = utility.breakpoints(i);
    return std::all_of(points.begin(), points.end(), on_line);
  }
  for (std::uint32_t v = 1; v + 1 < n; ++v)
    if (!on_line(v)) return false;
  return true;
}

OutJson domain_json(const Scenario& scenario, const std::vector<bool>& as_values) {
  OutJson issues_values = OutJson::object();
  const auto& issues = scenario.issues();
  for (std::size_t i = 0; i < issues.size(); ++i) {
    const Issue& issue = issues[i];
    if (as_values[i]) {
      OutJson values = OutJson::array();
      for (ValueIndex v = 0; v < issue.cardinality(); ++v) values.push_back(issue.value_label(v));
      issues_values[issue.name()] = {{"values", values}};
      continue;
    }
    const std::uint32_t n = issue.cardinality();
    const double low = issue.numeric_value(0), high = issue.numeric_value(n - 1);
    const double step = issue.kind() == IssueKind::integer || n < 2 ? 1.0 : (high - low) / (n - 1);
    issues_values[issue.name()] = {
        {"range",
         {{"low", json_number(low)}, {"high", json_number(high)}, {"step", json_number(step)}}}};
  }
  return {{"name", scenario.name()}, {"issuesValues", issues_values}};
}

OutJson profile_json(const Scenario& scenario, const Party& party, const OutJson& domain,
                     const std::vector<bool>& as_values, Warnings& warnings) {
  const auto& issues = scenario.issues();
  const auto* linear = party.utility->as_linear_additive();
  OutJson weights = OutJson::object(), utilities = OutJson::object();
  for (std::size_t i = 0; i < issues.size(); ++i) {
    const Issue& issue = issues[i];
    weights[issue.name()] = json_number(linear->weights()[i]);
    if (as_values[i]) {
      OutJson table = OutJson::object();
      for (ValueIndex v = 0; v < issue.cardinality(); ++v)
        table[issue.value_label(v)] = json_number(linear->value_utility(i, v));
      utilities[issue.name()] = {{"discreteutils", {{"valueUtilities", table}}}};
    } else {
      const std::uint32_t n = issue.cardinality();
      utilities[issue.name()] = {{"numberutils",
                                  {{"lowValue", json_number(issue.numeric_value(0))},
                                   {"lowUtility", json_number(linear->value_utility(i, 0))},
                                   {"highValue", json_number(issue.numeric_value(n - 1))},
                                   {"highUtility", json_number(linear->value_utility(i, n - 1))}}}};
    }
  }
  OutJson space = {{"name", party.name},
                   {"domain", domain},
                   {"issueWeights", weights},
                   {"issueUtilities", utilities}};
  if (party.reservation_outcome) {
    OutJson bid = OutJson::object();
    for (std::size_t i = 0; i < issues.size(); ++i)
      bid[issues[i].name()] = issues[i].value_label((*party.reservation_outcome)[i]);
    space["reservationBid"] = {{"issuevalues", bid}};
  } else if (party.reservation_value > 0.0) {
    warnings.push_back("party '" + party.name + "': GeniusWeb holds a reservation bid, not a " +
                       "value; its reservation value " + format_number(party.reservation_value) +
                       " is not given as a package, so it is not written (read back as 0).");
  }
  if (party.discount_factor != 1.0)
    warnings.push_back("party '" + party.name + "': GeniusWeb has no discount factor; " +
                       format_number(party.discount_factor) + " is not written.");
  return {{"LinearAdditiveUtilitySpace", space}};
}

bool is_profile(const Json& json) {
  return json.is_object() && json.size() == 1 && json.begin().value().is_object() &&
         json.begin().key().find("UtilitySpace") != std::string::npos;
}

}  // namespace

std::vector<std::string> save_geniusweb(const Scenario& scenario, const std::string& out_dir,
                                        Warnings& warnings) {
  for (const auto& party : scenario.parties())
    if (!party.utility->as_linear_additive())
      throw UnsupportedError("save_geniusweb: party '" + party.name + "' has a " +
                             party.utility->kind_name() +
                             " utility; GeniusWeb JSON holds linear-additive profiles only");
  if (scenario.status_quo())
    warnings.push_back("GeniusWeb has no status quo; the status_quo package (" +
                       scenario.describe(*scenario.status_quo()) +
                       ") is not written (a party that walks away to it gets it as its "
                       "reservation bid).");
  detail::warn_uncertainty_not_written(scenario, "GeniusWeb JSON", warnings);
  detail::create_output_folder(out_dir);
  // Numeric issues are written as ranges with numberutils when every party values them along a
  // line; otherwise as value lists (the numbers as text) with a utility per value.
  const auto& issues = scenario.issues();
  std::vector<bool> as_values(issues.size());
  for (std::size_t i = 0; i < issues.size(); ++i) {
    as_values[i] = issues[i].kind() == IssueKind::categorical;
    for (const auto& party : scenario.parties()) {
      if (as_values[i] || is_linear_over_range(issues[i], *party.utility->as_linear_additive(), i))
        continue;
      if (!party.utility->as_linear_additive()->tabulated(i))
        throw UnsupportedError(
            "save_geniusweb: issue '" + issues[i].name() + "' has " +
            std::to_string(issues[i].cardinality()) + " values and party '" + party.name +
            "' values it with a " +
            (party.utility->as_linear_additive()->value_function(i).kind ==
                     ValueFunction::Kind::triangular
                 ? "triangular"
                 : "clipped linear") +
            " function GeniusWeb's numberutils cannot hold; expected a linear function, since "
            "a list of values is written only for issues of at most " +
            std::to_string(LinearAdditiveUtility::tabulation_limit) + " values");
      as_values[i] = true;
      warnings.push_back("issue '" + issues[i].name() + "': party '" + party.name +
                         "' values it in a form GeniusWeb's numberutils cannot hold; written " +
                         "as a list of values (its numbers as text).");
    }
    if (issues[i].has_label())
      warnings.push_back("issue '" + issues[i].name() + "': GeniusWeb has no place for its " +
                         "label '" + issues[i].label() + "'; only the name is written.");
  }
  const OutJson domain = domain_json(scenario, as_values);
  const fs::path folder(out_dir);
  const std::string stem = detail::safe_file_stem(scenario.name());
  std::vector<std::pair<std::string, std::string>> files{
      {(folder / (stem + ".json")).string(), domain.dump(2) + "\n"}};
  // Profile files are named after their parties: readers take a party's name from its file.
  std::set<std::string> taken{stem};
  for (const auto& party : scenario.parties()) {
    std::string name = detail::safe_file_stem(party.name);
    for (int copy = 2; !taken.insert(name).second; ++copy)
      name = detail::safe_file_stem(party.name) + "-" + std::to_string(copy);
    files.emplace_back((folder / (name + ".json")).string(),
                       profile_json(scenario, party, domain, as_values, warnings).dump(2) + "\n");
  }
  std::vector<std::string> written;
  for (const auto& [path, content] : files) {
    detail::write_file_atomically(path, content, detail::Durability::rebuildable);
    written.push_back(path);
  }
  return written;
}

ScenarioPtr load_geniusweb(const std::string& domain_file, const std::vector<std::string>& profiles,
                           const LoadOptions& options, Warnings& warnings) {
  // The domain comes from the domain file, or from the domain a profile embeds when the "domain
  // file" is itself a profile (or is not given).
  std::string domain_source =
      domain_file.empty() && !profiles.empty() ? profiles.front() : domain_file;
  if (profiles.size() > limits::max_parties)
    throw InputError(domain_source, std::nullopt, "profiles",
                     std::to_string(profiles.size()) + " profiles",
                     "at most " + std::to_string(limits::max_parties) + " parties");
  const std::vector<Issue> issues = detail::guarded_load(domain_source, [&] {
    const ParsedJson parsed = parse_json(domain_source);
    const Json* domain = &parsed.value;
    if (is_profile(parsed.value)) {
      const Json& space = parsed.value.begin().value();
      domain = &member(domain_source, space, "domain", "domain", Json::value_t::object,
                       "the profile's embedded domain");
    }
    return read_domain(domain_source, *domain, parsed.issue_order);
  });
  (void)options;  // GeniusWeb ranges declare their own points: real_steps is not needed
  const auto names = detail::party_names_from_files(profiles);
  std::vector<Party> parties;
  for (std::size_t p = 0; p < profiles.size(); ++p)
    parties.push_back(detail::guarded_load(profiles[p], [&] {
      return read_profile(profiles[p], parse_json(profiles[p]).value, issues, names[p], warnings);
    }));
  auto scenario = detail::guarded_load(domain_source, [&] {
    return std::make_shared<Scenario>(detail::scenario_name_from_domain(domain_source), issues,
                                      std::move(parties), std::string(), domain_source);
  });
  detail::check_file_names(*scenario, domain_source);
  scenario->mutable_metadata()["format"] = "geniusweb";
  scenario->mutable_metadata()["domain"] = domain_source;
  return scenario;
}

}  // namespace parley
