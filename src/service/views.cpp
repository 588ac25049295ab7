#include "parley/service/views.hpp"

#include <algorithm>
#include <random>
#include <set>

namespace parley::service {
namespace {

using nlohmann::json;

json negotiation_json(const NegotiationState& state) {
  return {{"id", state.id},
          {"title", state.title},
          {"phase", to_string(state.phase)},
          {"created_at", state.created_at},
          {"issues", issues_json(state.issues)}};
}

// The analysis block both roles see: running (with progress) or how the proposals were found,
// and the notice of a stopped analysis.
json analysis_json(const NegotiationState& state, const std::optional<AnalysisProgress>& progress) {
  json analysis = {{"round", state.analysis_round},
                   {"notice", state.notice.empty() ? json(nullptr) : json(state.notice)}};
  if (state.phase == Phase::analysing) {
    analysis["state"] = progress && progress->running ? "running" : "queued";
    analysis["fraction"] = progress ? progress->fraction : 0.0;
    analysis["stage"] =
        progress && !progress->stage.empty() ? json(progress->stage) : json(nullptr);
  } else if (state.analysis) {
    analysis["state"] = "done";
    analysis["method"] = state.analysis->method;
    analysis["exact"] = state.analysis->exact;
    analysis["evaluated"] = state.analysis->evaluated;
  } else if (state.phase == Phase::collecting) {
    analysis["state"] = state.notice.empty() ? "not started" : "stopped";
  } else {
    // Proposals from a database written before the analysis was recorded.
    analysis["state"] = "done";
    analysis["method"] = nullptr;
    analysis["exact"] = nullptr;
    analysis["evaluated"] = nullptr;
  }
  return analysis;
}

json draft_json(const NegotiationState& state, const UtilityFunction* own_utility,
                bool with_voters) {
  if (!state.draft) return nullptr;
  const Draft& d = *state.draft;
  json draft = {{"version", d.version},
                {"package", package_json(d.package, state.issues)},
                {"proposed_by", d.proposed_by},
                {"previous", d.previous ? package_json(*d.previous, state.issues) : json(nullptr)}};
  if (own_utility) draft["utility"] = own_utility->utility(d.package);
  draft["accepted_count"] = state.accepted_count();
  draft["party_count"] = state.parties.size();
  if (with_voters) {
    json votes = json::object();
    for (const auto& party : state.parties)
      votes[party.name] = party.vote && party.vote_version == d.version
                              ? json(to_string(*party.vote))
                              : json(nullptr);
    draft["votes"] = votes;
  }
  return draft;
}

json agreement_json(const NegotiationState& state, const UtilityFunction* own_utility) {
  if (!state.agreement) return nullptr;
  const Agreement& a = *state.agreement;
  json agreement = {{"package", package_json(a.package, state.issues)},
                    {"version", a.version},
                    {"agreed_at", a.agreed_at}};
  if (own_utility) agreement["utility"] = own_utility->utility(a.package);
  return agreement;
}

json current_vote(const NegotiationState& state, const PartyState& party) {
  return party.vote && state.draft && party.vote_version == state.draft->version
             ? json(to_string(*party.vote))
             : json(nullptr);
}

// A few packages spread over the space for the "does this ranking look right?" check; seeded by
// the negotiation id so a party sees the same ones every time.
std::vector<Outcome> sample_packages(const NegotiationState& state, std::size_t count) {
  std::seed_seq seed(state.id.begin(), state.id.end());
  std::mt19937_64 generator(seed);
  std::vector<Outcome> samples;
  std::set<Outcome> seen;
  double total = 1.0;
  for (const auto& issue : state.issues) total *= issue.cardinality();
  const auto wanted = static_cast<std::size_t>(std::min<double>(double(count), total));
  for (std::size_t attempt = 0; samples.size() < wanted && attempt < 50 * count; ++attempt) {
    Outcome outcome;
    for (const auto& issue : state.issues)
      outcome.push_back(static_cast<ValueIndex>(generator() % issue.cardinality()));
    if (seen.insert(outcome).second) samples.push_back(outcome);
  }
  return samples;
}

}  // namespace

json party_view(const NegotiationState& state, std::size_t party,
                const std::optional<AnalysisProgress>& progress, const Limits& limits) {
  const auto& me = state.parties.at(party);
  json view = {{"role", "party"}, {"negotiation", negotiation_json(state)}};
  json parties = json::array();
  for (const auto& p : state.parties)
    parties.push_back({{"name", p.name}, {"submitted", p.preferences.has_value()}});
  view["parties"] = parties;
  view["me"] = {{"name", me.name}, {"index", party}, {"submitted", me.preferences.has_value()}};
  json samples = json::array();
  for (const auto& sample : sample_packages(state, limits.sample_packages))
    samples.push_back(package_json(sample, state.issues));
  view["sample_packages"] = samples;
  std::shared_ptr<const UtilityFunction> utility;
  if (me.preferences) {
    const auto submission = parse_preferences(*me.preferences, state.issues);
    const Party built = submission.party(state.issues);
    utility = built.utility;
    view["preferences"] = to_json(submission, state.issues);
    view["walk_away_utility"] = built.reservation_value;
  } else {
    view["preferences"] = nullptr;
  }
  view["analysis"] = analysis_json(state, progress);
  json proposals = json::array();
  for (const auto& proposal : state.proposals)
    proposals.push_back(
        {{"kind", proposal.kind},
         {"title", proposal.title},
         {"package", package_json(proposal.package, state.issues)},
         {"utility", utility ? json(utility->utility(proposal.package)) : json(nullptr)}});
  view["proposals"] = proposals;
  view["draft"] = draft_json(state, utility.get(), false);
  view["my_vote"] = current_vote(state, me);
  view["agreement"] = agreement_json(state, utility.get());
  return view;
}

json mediator_view(const NegotiationState& state, const std::optional<AnalysisProgress>& progress) {
  json view = {{"role", "mediator"}, {"negotiation", negotiation_json(state)}};
  json parties = json::array();
  for (const auto& party : state.parties)
    parties.push_back({{"name", party.name},
                       {"submitted", party.preferences.has_value()},
                       {"vote", current_vote(state, party)},
                       {"shared_preferences",
                        party.preferences && party.shared ? *party.preferences : json(nullptr)}});
  view["parties"] = parties;
  view["analysis"] = analysis_json(state, progress);
  json proposals = json::array();
  for (const auto& proposal : state.proposals)
    proposals.push_back({{"kind", proposal.kind},
                         {"title", proposal.title},
                         {"package", package_json(proposal.package, state.issues)}});
  view["proposals"] = proposals;
  view["draft"] = draft_json(state, nullptr, true);
  view["agreement"] = agreement_json(state, nullptr);
  return view;
}

std::string agreement_document(const NegotiationState& state) {
  if (state.phase != Phase::agreed || !state.agreement)
    throw StateConflict("no agreement yet: the negotiation is " +
                        std::string(to_string(state.phase)));
  const Agreement& agreement = *state.agreement;
  std::string text = "# Agreement: " + state.title + "\n\n";
  text += "- Negotiation: " + state.id + "\n";
  text += "- Agreed at: " + agreement.agreed_at + " (UTC)\n";
  text += "- Draft version: " + std::to_string(agreement.version) + "\n";
  text += "- Parties, each of whom accepted this text:";
  for (std::size_t p = 0; p < state.parties.size(); ++p)
    text += (p ? ", " : " ") + state.parties[p].name;
  text += "\n\n| Issue | Agreed option |\n|---|---|\n";
  for (std::size_t i = 0; i < state.issues.size(); ++i)
    text += "| " + state.issues[i].name() + " | " +
            state.issues[i].value_label(agreement.package[i]) + " |\n";
  text +=
      "\nReached through the parley mediation service: each party entered its preferences "
      "privately; the proposals came from the Nash, Kalai-Smorodinsky and maximin-gain "
      "solutions, refined by a single-text round.\n";
  return text;
}

}  // namespace parley::service
