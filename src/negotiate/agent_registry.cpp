// The agent registry: catalogue, canonical parsing and printing, construction. The rows (one
// per agent and per BOA component, each with its factory) live in src/negotiate/agents/.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <functional>
#include <set>
#include <stdexcept>

#include "agents/library.hpp"
#include "negotiate/enum_names.hpp"
#include "parley/negotiate/remote.hpp"
#include "parley/support/error.hpp"
#include "support/text.hpp"

namespace parley {

ParameterInfo number_parameter(std::string name, double default_value, double min, double max,
                               std::string description, bool min_exclusive, bool max_exclusive,
                               bool integer) {
  ParameterInfo p;
  p.name = std::move(name);
  p.default_number = default_value;
  p.min = min;
  p.max = max;
  p.min_exclusive = min_exclusive;
  p.max_exclusive = max_exclusive;
  p.integer = integer;
  p.description = std::move(description);
  return p;
}

namespace {

// The catalogue: every row of the library's tables (src/negotiate/agents/library.cpp), agents
// first, then the bidding, acceptance and opponent-model components.
const std::vector<AgentInfo>& all_entries() {
  static const std::vector<AgentInfo> catalogue = [] {
    std::vector<AgentInfo> entries;
    for (const auto& row : agents::agent_rows()) entries.push_back(row.info);
    for (const auto& row : agents::bidding_rows()) entries.push_back(row.info);
    for (const auto& row : agents::acceptance_rows()) entries.push_back(row.info);
    for (const auto& row : agents::opponent_model_rows()) entries.push_back(row.info);
    return entries;
  }();
  return catalogue;
}

const AgentInfo* find_entry(std::string_view name, AgentRole role) {
  for (const auto& e : all_entries())
    if (e.role == role && e.name == name) return &e;
  return nullptr;
}

// Where the parser looks names up: the library, then (for whole agents) a registry's additions.
struct AgentLookup {
  std::function<const AgentInfo*(std::string_view, AgentRole)> find;
  std::function<std::vector<std::string>(AgentRole)> names;
};

AgentLookup library_lookup() {
  return {find_entry, [](AgentRole role) { return agent_names(role); }};
}

bool is_identifier(std::string_view text) {
  if (text.empty() || std::isdigit(static_cast<unsigned char>(text[0]))) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

class SpecParser {
 public:
  SpecParser(std::string_view text, std::string_view field, AgentLookup lookup)
      : text_(text), field_(field), lookup_(std::move(lookup)) {}

  AgentSpec parse_all(AgentRole role) {
    auto spec = parse(role);
    skip_spaces();
    if (pos_ != text_.size()) fail("'" + std::string(text_.substr(pos_)) + "'", "end of agent");
    return spec;
  }

 private:
  [[noreturn]] void fail(const std::string& found, const std::string& expected) const {
    throw InputError("agent spec '" + std::string(text_) + "'", std::nullopt, std::string(field_),
                     found, expected);
  }
  void skip_spaces() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  std::string identifier() {
    skip_spaces();
    const auto start = pos_;
    while (pos_ < text_.size() &&
           (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_'))
      ++pos_;
    return std::string(text_.substr(start, pos_ - start));
  }
  bool consume(char c) {
    skip_spaces();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  AgentSpec parse(AgentRole role) {
    const auto name = identifier();
    const AgentInfo* entry = lookup_.find(name, role);
    if (!entry)
      fail(name.empty() ? "nothing" : "unknown " + std::string(to_string(role)) + " '" + name + "'",
           "one of: " + detail::join_names(lookup_.names(role)));
    AgentSpec spec;
    spec.name = entry->name;
    std::vector<std::optional<decltype(AgentParameter::value)>> given(entry->parameters.size());
    if (consume('(')) {
      if (!consume(')')) {
        do {
          const auto key = identifier();
          const auto it = std::find_if(entry->parameters.begin(), entry->parameters.end(),
                                       [&](const ParameterInfo& p) { return p.name == key; });
          if (it == entry->parameters.end()) {
            std::vector<std::string> valid;
            for (const auto& p : entry->parameters) valid.push_back(p.name);
            fail("unknown parameter '" + key + "' of " + entry->name,
                 valid.empty() ? std::string("no parameters")
                               : "one of: " + detail::join_names(valid));
          }
          const auto slot = static_cast<std::size_t>(it - entry->parameters.begin());
          if (given[slot]) fail("parameter '" + key + "' twice", "each parameter once");
          if (!consume('=')) fail("no '=' after '" + key + "'", "'" + key + "=VALUE'");
          if (it->is_component) {
            given[slot] = std::make_shared<const AgentSpec>(parse(it->component_role));
          } else {
            given[slot] = parse_number(*it, entry->name);
          }
        } while (consume(','));
        if (!consume(')')) fail("'" + std::string(text_.substr(pos_)) + "'", "',' or ')'");
      }
    }
    for (std::size_t k = 0; k < entry->parameters.size(); ++k) {
      const auto& info = entry->parameters[k];
      AgentParameter p{info.name, 0.0};
      if (given[k]) {
        p.value = *given[k];
      } else if (info.is_component) {
        p.value = std::make_shared<const AgentSpec>(
            parse_agent(info.default_component, info.component_role, field_));
      } else {
        p.value = info.default_number;
      }
      spec.parameters.push_back(std::move(p));
    }
    return spec;
  }

  double parse_number(const ParameterInfo& info, const std::string& agent) {
    skip_spaces();
    const char* begin = text_.data() + pos_;
    const char* end = text_.data() + text_.size();
    double value = 0.0;
    const auto [ptr, ec] = std::from_chars(begin, end, value);
    if (ec != std::errc() || !std::isfinite(value))
      fail("'" + std::string(text_.substr(pos_)) + "' for " + agent + "." + info.name, "a number");
    pos_ += static_cast<std::size_t>(ptr - begin);
    const bool low_ok = info.min_exclusive ? value > info.min : value >= info.min;
    const bool high_ok = info.max_exclusive ? value < info.max : value <= info.max;
    if (!low_ok || !high_ok || (info.integer && value != std::floor(value))) {
      std::string range = std::string(info.min_exclusive ? "(" : "[") + format_number(info.min) +
                          ", " + format_number(info.max) + (info.max_exclusive ? ")" : "]");
      fail(agent + "." + info.name + "=" + format_number(value),
           std::string(info.integer ? "an integer" : "a number") + " in " + range);
    }
    return value;
  }

  std::string_view text_;
  std::string_view field_;
  AgentLookup lookup_;
  std::size_t pos_ = 0;
};

// Splits a comma-separated list at top-level commas (commas inside parentheses belong to the
// agent) and parses each piece with `parse_one`.
template <class ParseOne>
std::vector<AgentSpec> split_agent_list(std::string_view text, ParseOne&& parse_one) {
  std::vector<AgentSpec> specs;
  int depth = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] == '(') ++depth;
    if (i < text.size() && text[i] == ')') --depth;
    if (i == text.size() || (text[i] == ',' && depth == 0)) {
      specs.push_back(parse_one(text.substr(start, i - start)));
      start = i + 1;
    }
  }
  return specs;
}

}  // namespace

const char* to_string(AgentRole role) noexcept { return detail::kAgentRoleNames.name(role); }

double AgentSpec::number(std::string_view parameter) const {
  for (const auto& p : parameters)
    if (p.name == parameter) return std::get<double>(p.value);
  throw std::out_of_range("no parameter " + std::string(parameter) + " in " + name);
}

const AgentSpec& AgentSpec::component(std::string_view parameter) const {
  for (const auto& p : parameters)
    if (p.name == parameter) return *std::get<std::shared_ptr<const AgentSpec>>(p.value);
  throw std::out_of_range("no parameter " + std::string(parameter) + " in " + name);
}

bool operator==(const AgentSpec& a, const AgentSpec& b) { return to_string(a) == to_string(b); }

const std::vector<AgentInfo>& agent_catalogue(AgentRole role) {
  static const auto by_role = [] {
    std::vector<std::vector<AgentInfo>> roles(4);
    for (const auto& e : all_entries()) roles[static_cast<std::size_t>(e.role)].push_back(e);
    return roles;
  }();
  return by_role[static_cast<std::size_t>(role)];
}

std::vector<std::string> agent_names(AgentRole role) {
  std::vector<std::string> names;
  for (const auto& e : agent_catalogue(role)) names.push_back(e.name);
  return names;
}

AgentSpec parse_agent(std::string_view text, AgentRole role, std::string_view field) {
  if (role == AgentRole::agent && is_remote_agent(text))
    return AgentSpec{canonical_remote_address(text, field), {}};
  return SpecParser(text, field, library_lookup()).parse_all(role);
}

std::vector<AgentSpec> parse_agent_list(std::string_view text, std::string_view field) {
  return split_agent_list(
      text, [&](std::string_view one) { return parse_agent(one, AgentRole::agent, field); });
}

std::string to_string(const AgentSpec& spec) {
  std::string s = spec.name;
  if (spec.parameters.empty()) return s;
  s += '(';
  for (std::size_t k = 0; k < spec.parameters.size(); ++k) {
    const auto& p = spec.parameters[k];
    if (k) s += ',';
    s += p.name + "=";
    if (const double* v = std::get_if<double>(&p.value))
      s += format_number(*v);
    else
      s += to_string(*std::get<std::shared_ptr<const AgentSpec>>(p.value));
  }
  return s + ')';
}

AgentSpec default_agent(std::string_view name, AgentRole role) {
  return parse_agent(name, role, "agent");
}

std::unique_ptr<Negotiator> make_negotiator(const AgentSpec& spec) {
  if (is_remote_agent(spec.name)) return make_remote_negotiator(spec.name);
  for (const auto& row : agents::agent_rows())
    if (row.info.name == spec.name) return row.make(spec);
  throw InputError("agent spec", std::nullopt, "agent", "'" + spec.name + "'",
                   "one of: " + detail::join_names(agent_names(AgentRole::agent)));
}

// ---------------------------------------------------------------------------------------------
// AgentRegistry: the library plus added agents.

void AgentRegistry::add(AgentInfo info, Factory factory) {
  const std::string where = "agent registry";
  auto refuse = [&](const std::string& field, const std::string& found,
                    const std::string& expected) {
    throw InputError(where, std::nullopt, field, found, expected);
  };
  if (!is_identifier(info.name))
    refuse("name", "'" + info.name + "'", "an identifier (letters, digits, '_')");
  if (info.role != AgentRole::agent)
    refuse(info.name + ".role", to_string(info.role), "agent (added entries are whole agents)");
  if (find_entry(info.name, AgentRole::agent) || find_added(info.name))
    refuse("name", "'" + info.name + "', already registered", "a name not in use");
  if (!factory) refuse(info.name + ".factory", "none", "a factory");
  std::set<std::string> seen;
  for (const auto& p : info.parameters) {
    const std::string field = info.name + "." + p.name;
    if (!is_identifier(p.name)) refuse(field, "'" + p.name + "'", "an identifier");
    if (!seen.insert(p.name).second) refuse(field, "a repeated parameter", "each parameter once");
    if (p.is_component) refuse(field, "a component parameter", "a numeric parameter");
    const double v = p.default_number;
    const bool low_ok = p.min_exclusive ? v > p.min : v >= p.min;
    const bool high_ok = p.max_exclusive ? v < p.max : v <= p.max;
    if (!std::isfinite(v) || !low_ok || !high_ok || (p.integer && v != std::floor(v)))
      refuse(field, "default " + format_number(v),
             "a default within [" + format_number(p.min) + ", " + format_number(p.max) + "]");
  }
  added_.push_back({std::move(info), std::move(factory)});
}

const AgentRegistry::Entry* AgentRegistry::find_added(std::string_view name) const {
  for (const auto& e : added_)
    if (e.info.name == name) return &e;
  return nullptr;
}

std::vector<AgentInfo> AgentRegistry::catalogue(AgentRole role) const {
  std::vector<AgentInfo> entries = agent_catalogue(role);
  if (role == AgentRole::agent)
    for (const auto& e : added_) entries.push_back(e.info);
  return entries;
}

std::vector<std::string> AgentRegistry::names(AgentRole role) const {
  std::vector<std::string> result;
  for (const auto& e : catalogue(role)) result.push_back(e.name);
  return result;
}

bool AgentRegistry::is_added(std::string_view name) const { return find_added(name) != nullptr; }

AgentSpec AgentRegistry::parse(std::string_view text, AgentRole role,
                               std::string_view field) const {
  AgentLookup lookup{[this](std::string_view name, AgentRole r) -> const AgentInfo* {
                       if (const AgentInfo* library = find_entry(name, r)) return library;
                       const Entry* added = r == AgentRole::agent ? find_added(name) : nullptr;
                       return added ? &added->info : nullptr;
                     },
                     [this](AgentRole r) { return names(r); }};
  if (role == AgentRole::agent && is_remote_agent(text))
    return AgentSpec{canonical_remote_address(text, field), {}};
  return SpecParser(text, field, std::move(lookup)).parse_all(role);
}

std::vector<AgentSpec> AgentRegistry::parse_list(std::string_view text,
                                                 std::string_view field) const {
  return split_agent_list(
      text, [&](std::string_view one) { return parse(one, AgentRole::agent, field); });
}

std::unique_ptr<Negotiator> AgentRegistry::make(const AgentSpec& spec) const {
  const Entry* added = find_added(spec.name);
  if (!added) return make_negotiator(spec);
  auto agent = added->factory(spec);
  if (!agent) throw Error("the factory of agent '" + spec.name + "' returned no negotiator");
  return agent;
}

}  // namespace parley
