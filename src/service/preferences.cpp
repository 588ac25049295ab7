#include "parley/service/preferences.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "support/text.hpp"

namespace parley::service {
namespace {

using nlohmann::json;

constexpr const char* request_origin = "request";

[[noreturn]] void bad(std::string field, std::string found, std::string expected) {
  throw InputError(request_origin, std::nullopt, std::move(field), std::move(found),
                   std::move(expected));
}

std::string kind_of(const json& value) { return value.type_name(); }

std::string checked_name(const json& value, std::string field, std::size_t max_length) {
  if (!value.is_string()) bad(field, kind_of(value), "a string");
  const auto text = value.get<std::string>();
  if (text.empty() || text.size() > max_length)
    bad(field, std::to_string(text.size()) + " characters",
        "1 to " + std::to_string(max_length) + " characters");
  for (const unsigned char c : text)
    if (c < 0x20 || c == 0x7f) bad(field, "a control character", "printable text");
  return text;
}

double checked_number(const json& value, const std::string& field, double lower, double upper) {
  if (!value.is_number()) bad(field, kind_of(value), "a number");
  const double number = value.get<double>();
  if (!std::isfinite(number) || number < lower || number > upper)
    bad(field, format_number(number),
        "a number in [" + format_number(lower) + ", " + format_number(upper) + "]");
  return number;
}

const json& member(const json& object, const char* key, const std::string& field) {
  if (!object.is_object()) bad(field, kind_of(object), "an object");
  const auto it = object.find(key);
  if (it == object.end()) bad(field + "." + key, "nothing", "a value");
  return *it;
}

}  // namespace

json issues_json(const std::vector<Issue>& issues) {
  json list = json::array();
  for (const auto& issue : issues) {
    json options = json::array();
    for (const auto& option : issue.options()) options.push_back(option.name);
    list.push_back({{"name", issue.name()}, {"options", options}});
  }
  return list;
}

std::vector<Issue> issues_from_json(const json& list) {
  std::vector<Issue> issues;
  for (const auto& issue : list) {
    std::vector<Option> options;
    for (const auto& option : issue.at("options"))
      options.push_back({option.get<std::string>(), {}});
    issues.push_back(Issue::categorical(issue.at("name").get<std::string>(), std::move(options)));
  }
  return issues;
}

NegotiationSpec parse_negotiation_spec(const json& body, const Limits& limits,
                                       const std::string& now) {
  if (!body.is_object()) bad("body", kind_of(body), "an object");
  NegotiationSpec spec;
  spec.title = checked_name(member(body, "title", "body"), "title", limits.max_title_length);
  const auto& issues = member(body, "issues", "body");
  if (!issues.is_array() || issues.empty() || issues.size() > limits.max_issues)
    bad("issues", issues.is_array() ? std::to_string(issues.size()) + " issues" : kind_of(issues),
        "1 to " + std::to_string(limits.max_issues) + " issues");
  std::set<std::string> issue_names;
  for (std::size_t i = 0; i < issues.size(); ++i) {
    const std::string field = "issues[" + std::to_string(i) + "]";
    const auto name =
        checked_name(member(issues[i], "name", field), field + ".name", limits.max_name_length);
    if (!issue_names.insert(name).second)
      bad(field + ".name", "'" + name + "' twice", "distinct names");
    const auto& options = member(issues[i], "options", field);
    if (!options.is_array() || options.size() < 2 || options.size() > limits.max_options)
      bad(field + ".options",
          options.is_array() ? std::to_string(options.size()) + " options" : kind_of(options),
          "2 to " + std::to_string(limits.max_options) + " options");
    std::vector<Option> parsed;
    std::set<std::string> option_names;
    for (std::size_t o = 0; o < options.size(); ++o) {
      const auto option_field = field + ".options[" + std::to_string(o) + "]";
      auto option = checked_name(options[o], option_field, limits.max_name_length);
      if (!option_names.insert(option).second)
        bad(option_field, "'" + option + "' twice", "distinct options");
      parsed.push_back({std::move(option), {}});
    }
    spec.issues.push_back(Issue::categorical(name, std::move(parsed)));
  }
  const auto& parties = member(body, "parties", "body");
  if (!parties.is_array() || parties.size() < limits.min_parties ||
      parties.size() > limits.max_parties)
    bad("parties",
        parties.is_array() ? std::to_string(parties.size()) + " parties" : kind_of(parties),
        std::to_string(limits.min_parties) + " to " + std::to_string(limits.max_parties) +
            " parties");
  std::set<std::string> party_names;
  for (std::size_t p = 0; p < parties.size(); ++p) {
    const auto field = "parties[" + std::to_string(p) + "]";
    auto name = checked_name(parties[p], field, limits.max_name_length);
    if (!party_names.insert(name).second) bad(field, "'" + name + "' twice", "distinct names");
    spec.parties.push_back(std::move(name));
  }
  if (const auto rule = body.find("rule"); rule != body.end()) {
    if (!rule->is_object()) bad("rule", kind_of(*rule), "an object {\"required\", \"veto\"}");
    for (const auto& [key, value] : rule->items())
      if (key != "required" && key != "veto")
        bad("rule." + key, parley::detail::quoted(key), "required or veto");
    std::string required = "all";
    if (const auto it = rule->find("required"); it != rule->end()) {
      if (it->is_number_unsigned())
        required = std::to_string(it->get<std::uint64_t>());
      else if (it->is_string())
        required = checked_name(*it, "rule.required", 20);
      else
        bad("rule.required", kind_of(*it), "all, n-K, majority, 2/3 or a number");
    }
    std::vector<std::string> veto;
    if (const auto it = rule->find("veto"); it != rule->end()) {
      if (!it->is_array() || it->size() > spec.parties.size())
        bad("rule.veto", kind_of(*it), "a list of party names");
      for (std::size_t v = 0; v < it->size(); ++v)
        veto.push_back(
            checked_name((*it)[v], "rule.veto[" + std::to_string(v) + "]", limits.max_name_length));
    }
    spec.rule = parse_quorum(spec.parties, required, veto, request_origin, "rule.");
  }
  const auto deadline = body.find("deadline");
  const auto seconds = body.find("deadline_seconds");
  if (deadline != body.end() && seconds != body.end())
    bad("deadline_seconds", "both deadline and deadline_seconds", "one of them");
  if (deadline != body.end() || seconds != body.end()) {
    const auto start = parse_utc(now);
    if (!start) bad("deadline", "no current time", "a service clock");
    std::int64_t at = 0;
    if (deadline != body.end()) {
      const auto text = deadline->is_string() ? deadline->get<std::string>() : std::string();
      const auto parsed = parse_utc(text);
      if (!parsed)
        bad("deadline", deadline->is_string() ? parley::detail::quoted(text) : kind_of(*deadline),
            "a UTC time YYYY-MM-DDTHH:MM:SSZ");
      if (*parsed <= *start) bad("deadline", text, "a time after now (" + now + ")");
      at = *parsed;
    } else {
      const double s = checked_number(*seconds, "deadline_seconds", 1, 31'536'000);
      if (s != std::floor(s)) bad("deadline_seconds", format_number(s), "a whole number");
      at = *start + static_cast<std::int64_t>(s);
    }
    spec.deadline = format_utc(at);
  }
  if (const auto closer = body.find("at_deadline"); closer != body.end()) {
    const auto text = closer->is_string() ? closer->get<std::string>() : std::string();
    const auto parsed = parse_deal_closer(text);
    if (!parsed)
      bad("at_deadline", closer->is_string() ? parley::detail::quoted(text) : kind_of(*closer),
          "none, final-offer, nash, kalai-smorodinsky or egalitarian");
    if (*parsed != DealCloser::none && spec.deadline.empty())
      bad("at_deadline", text, "a deadline (deadline or deadline_seconds) with it");
    spec.at_deadline = *parsed;
  }
  return spec;
}

Outcome parse_package(const json& body, const std::vector<Issue>& issues, std::string_view field) {
  const std::string where(field);
  if (!body.is_object()) bad(where, kind_of(body), "an object {issue: option}");
  if (body.size() != issues.size())
    bad(where, std::to_string(body.size()) + " issues", std::to_string(issues.size()) + " issues");
  Outcome outcome;
  for (const auto& issue : issues) {
    const auto it = body.find(issue.name());
    if (it == body.end()) bad(where + "." + issue.name(), "nothing", "an option");
    if (!it->is_string()) bad(where + "." + issue.name(), kind_of(*it), "an option name");
    const auto value = issue.find_value(it->get<std::string>());
    if (!value)
      bad(where + "." + issue.name(), parley::detail::quoted(it->get<std::string>()),
          "an option of the issue");
    outcome.push_back(*value);
  }
  return outcome;
}

json package_json(const Outcome& package, const std::vector<Issue>& issues) {
  json object = json::object();
  for (std::size_t i = 0; i < issues.size(); ++i)
    object[issues[i].name()] = issues[i].value_label(package.at(i));
  return object;
}

Submission parse_preferences(const json& body, const std::vector<Issue>& issues,
                             Warnings* warnings) {
  if (!body.is_object()) bad("body", kind_of(body), "an object");
  Submission submission;
  PartyPreferences& preferences = submission.preferences;
  const auto& weights = member(body, "weights", "body");
  const auto& scores = member(body, "scores", "body");
  if (!weights.is_object() || weights.size() != issues.size())
    bad("weights",
        weights.is_object() ? std::to_string(weights.size()) + " issues" : kind_of(weights),
        "one weight per issue (" + std::to_string(issues.size()) + ")");
  if (!scores.is_object() || scores.size() != issues.size())
    bad("scores", scores.is_object() ? std::to_string(scores.size()) + " issues" : kind_of(scores),
        "option scores for each issue (" + std::to_string(issues.size()) + ")");
  preferences.weights.emplace();
  double weight_sum = 0.0;
  for (const auto& issue : issues) {
    const std::string name = issue.name();
    const double weight =
        checked_number(member(weights, name.c_str(), "weights"), "weights." + name, 0.0, 1e6);
    preferences.weights->emplace_back(name, weight);
    weight_sum += weight;
    const auto& issue_scores = member(scores, name.c_str(), "scores");
    if (!issue_scores.is_object() || issue_scores.size() != issue.cardinality())
      bad("scores." + name,
          issue_scores.is_object() ? std::to_string(issue_scores.size()) + " options"
                                   : kind_of(issue_scores),
          "a score for each of its " + std::to_string(issue.cardinality()) + " options");
    NamedNumbers table;
    double best = 0.0;
    for (const auto& option : issue.options()) {
      const double score =
          checked_number(member(issue_scores, option.name.c_str(), "scores." + name),
                         "scores." + name + "." + option.name, 0.0, 100.0);
      table.emplace_back(option.name, score);
      best = std::max(best, score);
    }
    if (best <= 0.0)
      bad("scores." + name, "no positive score", "at least one option scored above 0");
    preferences.scores.emplace_back(name, std::move(table));
  }
  if (weight_sum <= 0.0) bad("weights", "weights summing to 0", "a positive weight");
  const auto named = [&](const Outcome& package) {
    std::vector<std::pair<std::string, std::string>> entries;
    for (std::size_t i = 0; i < issues.size(); ++i)
      entries.emplace_back(issues[i].name(), issues[i].value_label(package[i]));
    return entries;
  };
  const auto walk_away = body.find("walk_away");
  const auto walk_away_package = body.find("walk_away_package");
  if (walk_away != body.end() && walk_away->is_object()) {
    // The service's first spelling: {"value": v} or {"package": {...}}.
    if (walk_away_package != body.end())
      bad("walk_away_package", "it beside the old \"walk_away\": {...}",
          "\"walk_away\": v and/or \"walk_away_package\": {issue: option}");
    if (walk_away->size() == 1 && walk_away->contains("value")) {
      preferences.walk_away = checked_number((*walk_away)["value"], "walk_away.value", 0.0, 1.0);
      if (warnings)
        warnings->push_back(
            "request: walk_away: {\"value\": v} is deprecated; send \"walk_away\": v (a number), "
            "as in the native scenario YAML");
    } else if (walk_away->size() == 1 && walk_away->contains("package")) {
      preferences.walk_away_package =
          named(parse_package((*walk_away)["package"], issues, "walk_away.package"));
      if (warnings)
        warnings->push_back(
            "request: walk_away: {\"package\": {...}} is deprecated; send "
            "\"walk_away_package\": {issue: option}, as in the native scenario YAML");
    } else {
      // Described, never dumped: the value is the client's (docs/service.md, "Security").
      bad("walk_away", "an object of " + std::to_string(walk_away->size()) + " members",
          "a number in [0, 1]");
    }
  } else {
    if (walk_away == body.end() && walk_away_package == body.end())
      bad("walk_away", "nothing",
          "a number in [0, 1] (\"walk_away\") or a package (\"walk_away_package\")");
    if (walk_away != body.end())
      preferences.walk_away = checked_number(*walk_away, "walk_away", 0.0, 1.0);
    if (walk_away_package != body.end())
      preferences.walk_away_package =
          named(parse_package(*walk_away_package, issues, "walk_away_package"));
  }
  if (const auto it = body.find("share_with_mediator"); it != body.end()) {
    if (!it->is_boolean()) bad("share_with_mediator", kind_of(*it), "true or false");
    submission.share_with_mediator = it->get<bool>();
  }
  return submission;
}

Party Submission::party(const std::vector<Issue>& issues) const {
  // The request was checked above, field by field; what build_party could still report is a
  // repair: weights not summing to 1, which the service documents as shares (no warning).
  Warnings repairs;
  return build_party(issues, preferences, PreferenceOrigin{request_origin, "", nullptr}, repairs);
}

json to_json(const Submission& submission, const std::vector<Issue>& issues) {
  const PartyPreferences& preferences = submission.preferences;
  // The weights as the built party holds them: shares summing to 1.
  const Party party = submission.party(issues);
  const auto& shares = party.utility->as_linear_additive()->weights();
  json weights = json::object(), scores = json::object();
  for (std::size_t i = 0; i < issues.size(); ++i) weights[issues[i].name()] = shares.at(i);
  for (const auto& [issue, table] : preferences.scores) {
    json options = json::object();
    for (const auto& [option, score] : table) options[option] = score;
    scores[issue] = options;
  }
  json stored = {{"weights", weights},
                 {"scores", scores},
                 {"share_with_mediator", submission.share_with_mediator}};
  if (preferences.walk_away) stored["walk_away"] = *preferences.walk_away;
  if (preferences.walk_away_package) {
    json package = json::object();
    for (const auto& [issue, option] : *preferences.walk_away_package) package[issue] = option;
    stored["walk_away_package"] = package;
  }
  return stored;
}

}  // namespace parley::service
