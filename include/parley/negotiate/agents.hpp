// The agent library and its registry: one canonical spelling per configured agent.
//
// A configured agent is written `name(param=value, ...)`, e.g. `boulware(e=0.2)`; a value is a
// number or, for the components of the composable `boa` agent, a nested spec
// (`boa(bidding=time_dependent(e=0.2),acceptance=ac_next(a=1,b=0),model=frequency)`). Parsing
// fills every default and checks ranges; printing gives the canonical text (parameters in
// declared order, no spaces, numbers in shortest round-trip form, no parentheses when an entry
// has no parameters), so parse(print(x)) == x and the CLI, config files, the tournament runner
// and Python spell agents identically. Unknown names raise InputError listing the valid ones.
//
// Agents (docs/negotiation.md cites each paper):
//  - boulware(e), linear, conceder(e), hardliner: time-dependent tactics, Faratin, Sierra &
//    Jennings 1998 in the GENIUS aggregate-utility form (../shared/docs/genius-format.md §6);
//  - relative_tit_for_tat(delta), absolute_tit_for_tat(delta): imitative tactics, Faratin et al.
//    1998, applied to the agent's own utility of the opponent's offers;
//  - random(p_accept): uniform random offers above the walk-away value (a baseline);
//  - nash_seeker(e): concedes towards the Nash point estimated with a frequency opponent model
//    (model after HardHeaded, van Krimpen et al. 2013);
//  - boa(bidding, acceptance, model): the BOA architecture of Baarslag et al. 2014, with bidding
//    `time_dependent(e)`, acceptance `ac_next(a,b)`, `ac_const(c)`, `ac_time(t)`,
//    `ac_and(first,second)`, `ac_or(first,second)` (Baarslag et al. 2012, "Acceptance
//    conditions in automated negotiation") and model `frequency` or `no_model`.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "parley/negotiate/negotiator.hpp"

namespace parley {

struct AgentSpec;

struct AgentParameter {
  std::string name;
  std::variant<double, std::shared_ptr<const AgentSpec>> value;
};

// A configured agent or BOA component, with every parameter present in declared order.
struct AgentSpec {
  std::string name;
  std::vector<AgentParameter> parameters;

  // Value of a numeric parameter (throws std::out_of_range when absent).
  double number(std::string_view parameter) const;
  const AgentSpec& component(std::string_view parameter) const;
};

bool operator==(const AgentSpec& a, const AgentSpec& b);

// What a registry entry is: a whole agent, or one of the three BOA components.
enum class AgentRole { agent, bidding, acceptance, opponent_model };

const char* to_string(AgentRole role) noexcept;

struct ParameterInfo {
  std::string name;
  // Numbers: default and inclusive bounds, integer when `integer`; components: the role and the
  // default spec text.
  bool is_component = false;
  AgentRole component_role = AgentRole::agent;
  double default_number = 0.0;
  double min = 0.0, max = 0.0;
  bool min_exclusive = false, max_exclusive = false;
  bool integer = false;
  std::string default_component;
  std::string description;
};

// A numeric parameter with its default and bounds (inclusive unless said exclusive).
ParameterInfo number_parameter(std::string name, double default_value, double min, double max,
                               std::string description, bool min_exclusive = false,
                               bool max_exclusive = false, bool integer = false);

struct AgentInfo {
  std::string name;
  AgentRole role = AgentRole::agent;
  std::string summary;    // one line
  std::string reference;  // the paper it follows
  std::vector<ParameterInfo> parameters;
};

// Every registry entry of a role, in a stable order.
const std::vector<AgentInfo>& agent_catalogue(AgentRole role = AgentRole::agent);
std::vector<std::string> agent_names(AgentRole role = AgentRole::agent);

// Parses one spec of the given role (throws InputError naming `field`, listing valid names).
AgentSpec parse_agent(std::string_view text, AgentRole role = AgentRole::agent,
                      std::string_view field = "agent");
// Parses a comma-separated list of agents (commas inside parentheses belong to the agent).
std::vector<AgentSpec> parse_agent_list(std::string_view text, std::string_view field = "agents");
// The canonical text.
std::string to_string(const AgentSpec& spec);
// The default configuration of a registered name.
AgentSpec default_agent(std::string_view name, AgentRole role = AgentRole::agent);

// A fresh negotiator for one session.
std::unique_ptr<Negotiator> make_negotiator(const AgentSpec& spec);

// The library's agents plus agents supplied by the caller (e.g. classes written in Python), so
// that added agents are spelled, parsed, listed and built exactly like the library's. An
// AgentRegistry is passed explicitly to the sessions and tournament engines that should know
// the added agents (no process-wide state). Added entries are whole agents with numeric
// parameters only; their names may not shadow a library agent. Reading (parse, make, catalogue)
// is safe from several threads at once; add() must not run concurrently with anything else.
class AgentRegistry {
 public:
  // Builds a fresh negotiator from a spec of the entry (every parameter present). It may be
  // called from several threads at once.
  using Factory = std::function<std::unique_ptr<Negotiator>(const AgentSpec&)>;

  // The library's agents only.
  AgentRegistry() = default;

  // Adds an agent. Throws InputError when the name is not an identifier or is already taken,
  // the role is not AgentRole::agent, a parameter is a component, repeated, or has a default
  // outside its bounds, or the factory is empty.
  void add(AgentInfo info, Factory factory);

  // The library's entries of `role` followed by the added ones (in the order added).
  std::vector<AgentInfo> catalogue(AgentRole role = AgentRole::agent) const;
  std::vector<std::string> names(AgentRole role = AgentRole::agent) const;
  // True when `name` is an added (not a library) agent.
  bool is_added(std::string_view name) const;

  // As the free functions, knowing the added agents too.
  AgentSpec parse(std::string_view text, AgentRole role = AgentRole::agent,
                  std::string_view field = "agent") const;
  std::vector<AgentSpec> parse_list(std::string_view text, std::string_view field = "agents") const;
  std::unique_ptr<Negotiator> make(const AgentSpec& spec) const;

 private:
  struct Entry {
    AgentInfo info;
    Factory factory;
  };
  const Entry* find_added(std::string_view name) const;
  std::vector<Entry> added_;
};

}  // namespace parley
