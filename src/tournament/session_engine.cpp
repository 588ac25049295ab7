// The negotiation engine of tournaments: SAOP sessions (parley/negotiate/negotiation.hpp) with
// agents from the registry (parley/negotiate/agents.hpp), offer indexes shared across sessions.
#include <map>

#include "parley/negotiate/agents.hpp"
#include "parley/negotiate/negotiation.hpp"
#include "parley/tournament/tournament.hpp"
#include "tournament_internal.hpp"

namespace parley {
namespace {

class SessionEngine final : public NegotiationEngine {
 public:
  explicit SessionEngine(std::shared_ptr<const AgentRegistry> registry)
      : registry_(registry ? std::move(registry) : std::make_shared<const AgentRegistry>()) {}

  void validate(TournamentSpec& spec, const std::vector<ScenarioPtr>& scenarios) override {
    (void)scenarios;
    if (spec.protocol != "sao" && spec.protocol != "saop")
      throw InputError(spec.origin, std::nullopt, "protocol", "'" + spec.protocol + "'",
                       "sao (the Stacked Alternating Offers Protocol)");
    std::map<std::string, std::size_t> canonical_seen;
    for (std::size_t i = 0; i < spec.agents.size(); ++i) {
      const std::string field = "agents[" + std::to_string(i) + "]";
      AgentSpec parsed;
      try {
        parsed = registry_->parse(spec.agents[i], AgentRole::agent, field);
      } catch (const InputError& e) {
        throw InputError(spec.origin, std::nullopt, field, e.found(), e.expected());
      }
      std::string canonical = to_string(parsed);
      const auto [where, fresh] = canonical_seen.emplace(canonical, i);
      if (!fresh)
        throw InputError(spec.origin, std::nullopt, field,
                         "'" + spec.agents[i] + "', the same agent as agents[" +
                             std::to_string(where->second) + "] (" + canonical + ")",
                         "each agent once");
      agents_.emplace(canonical, std::move(parsed));
      spec.agents[i] = std::move(canonical);
    }
  }

  NegotiationRecord run(const NegotiationRequest& request) const override {
    std::vector<AgentSpec> agents;
    agents.reserve(request.agents.size());
    for (const auto& name : request.agents) {
      const auto found = agents_.find(name);
      agents.push_back(found != agents_.end() ? found->second : registry_->parse(name));
    }
    SessionOptions options;
    options.rounds = request.deadline_rounds;
    options.time_limit_seconds = request.deadline_seconds;
    options.turn_budget_seconds = request.turn_seconds;
    options.seed = request.seed;
    options.cancelled = request.cancelled;
    const SessionResult result =
        negotiate(request.scenario, agents, options, &cache_, registry_.get());

    NegotiationRecord record;
    record.agreement = result.agreement();
    if (result.outcome) record.outcome = *result.outcome;
    record.utilities = result.utilities;
    record.payoffs = result.discounted_utilities;
    record.rounds = result.turns > 0 ? result.round + 1 : 0;
    record.end = to_string(result.reason);
    if (result.failure) {
      record.failure = result.failure->kind + ": " + result.failure->message;
      record.failed_party = result.failure->party;
    }
    return record;
  }

 private:
  std::shared_ptr<const AgentRegistry> registry_;
  std::map<std::string, AgentSpec> agents_;
  mutable OfferIndexCache cache_;
};

}  // namespace

std::unique_ptr<NegotiationEngine> make_session_engine(
    std::shared_ptr<const AgentRegistry> registry) {
  return std::make_unique<SessionEngine>(std::move(registry));
}

}  // namespace parley
