// The negotiation engine of tournaments: SAOP sessions (parley/negotiate/negotiation.hpp) with
// agents from the registry (parley/negotiate/agents.hpp), offer indexes shared across sessions.
#include <limits>
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
    Protocol protocol = Protocol::saop;
    try {
      protocol = parse_protocol(spec.protocol);
    } catch (const InputError& e) {
      throw InputError(spec.origin, std::nullopt, "protocol", e.found(), e.expected());
    }
    if (protocol != Protocol::mopac && (!spec.quorum.empty() || !spec.veto.empty()))
      throw InputError(spec.origin, std::nullopt, spec.quorum.empty() ? "veto" : "quorum",
                       "a decision rule with protocol " + spec.protocol,
                       "protocol: mopac (the other protocols need every party)");
    // The rule must read for every scenario (party names differ between scenarios).
    if (!spec.quorum.empty() || !spec.veto.empty())
      for (const auto& scenario : scenarios)
        parse_quorum(party_names(*scenario), spec.quorum.empty() ? "all" : spec.quorum, spec.veto,
                     spec.origin + " (scenario " + scenario->name() + ")");
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
    options.protocol = parse_protocol(request.protocol);
    if (!request.quorum.empty() || !request.veto.empty())
      options.quorum =
          parse_quorum(party_names(*request.scenario),
                       request.quorum.empty() ? "all" : request.quorum, request.veto, "request");
    options.model_quality = request.model_quality;
    options.model_quality_options.seed = request.seed;
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
    if (request.model_quality) {
      const std::size_t n = result.utilities.size();
      const double none = std::numeric_limits<double>::quiet_NaN();
      record.model_pearson.assign(n, none);
      record.model_kendall_tau.assign(n, none);
      record.model_frontier_distance.assign(n, none);
      std::vector<std::size_t> counts(n, 0);
      for (const auto& q : result.model_quality) {
        if (q.modeller >= n) continue;
        auto add = [&](std::vector<double>& sums, double x) {
          sums[q.modeller] = counts[q.modeller] == 0 ? x : sums[q.modeller] + x;
        };
        add(record.model_pearson, q.pearson);
        add(record.model_kendall_tau, q.kendall_tau);
        add(record.model_frontier_distance, q.frontier_distance);
        ++counts[q.modeller];
      }
      for (std::size_t p = 0; p < n; ++p)
        if (counts[p] > 1) {
          const auto c = static_cast<double>(counts[p]);
          record.model_pearson[p] /= c;
          record.model_kendall_tau[p] /= c;
          record.model_frontier_distance[p] /= c;
        }
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
