#include "parley/service/negotiation.hpp"

#include <algorithm>
#include <utility>

#include "service/enum_names.hpp"

namespace parley::service {
namespace {

void require_phase(const NegotiationState& state, Phase phase, const std::string& what) {
  if (state.phase != phase)
    throw StateConflict(what + ": the negotiation is " + to_string(state.phase));
}

void require_current_draft(const NegotiationState& state, std::int64_t version,
                           const std::string& what) {
  require_phase(state, Phase::drafting, what);
  if (!state.draft || version != state.draft->version)
    throw StateConflict("draft version " + std::to_string(version) + " is not the current one (" +
                        std::to_string(state.draft ? state.draft->version : 0) + ")");
}

using nlohmann::json;

void enter_analysing(Transition& next) {
  next.state.phase = Phase::analysing;
  ++next.state.analysis_round;
  next.state.notice.clear();
  next.events.push_back("preferences closed; analysis " +
                        std::to_string(next.state.analysis_round) + " started");
  // The service holds every submission: it attests that it received the preferences opening
  // each commitment, for this analysis.
  for (const auto& party : next.state.parties)
    next.record.push_back({{"event", "reveal_to_mediator"},
                           {"party", party.name},
                           {"commitment", party.commitment},
                           {"round", next.state.analysis_round}});
}

json draft_event(const NegotiationState& state) {
  return {{"event", "draft"},
          {"version", state.draft->version},
          {"package", package_json(state.draft->package, state.issues)},
          {"proposed_by", state.draft->proposed_by}};
}

json vote_event(const NegotiationState& state, std::size_t party) {
  const auto& p = state.parties.at(party);
  return {{"event", "vote"},
          {"party", p.name},
          {"version", p.vote_version},
          {"vote", to_string(*p.vote)}};
}

const char* stop_name(AnalysisStop why) {
  switch (why) {
    case AnalysisStop::cancelled:
      return "cancelled";
    case AnalysisStop::time_cap:
      return "time_cap";
    case AnalysisStop::failed:
      return "failed";
  }
  return "failed";
}

void back_to_collecting(Transition& next, std::string notice, std::string event) {
  next.state.phase = Phase::collecting;
  next.state.notice = std::move(notice);
  next.events.push_back(std::move(event));
}

}  // namespace

const char* to_string(Role role) noexcept { return detail::kServiceRoleNames.name(role); }

const char* to_string(Phase phase) noexcept { return detail::kServicePhaseNames.name(phase); }

const char* to_string(Vote vote) noexcept { return detail::kServiceVoteNames.name(vote); }

bool NegotiationState::everyone_submitted() const noexcept {
  return std::all_of(parties.begin(), parties.end(),
                     [](const PartyState& p) { return p.preferences.has_value(); });
}

namespace {

// The votes for the current draft, as the quorum rule counts them.
std::vector<bool> current_accepts(const NegotiationState& state) {
  std::vector<bool> accepts;
  for (const auto& party : state.parties)
    accepts.push_back(state.draft && party.vote == Vote::accept &&
                      party.vote_version == state.draft->version);
  return accepts;
}

// Keeps the text of each draft version (sealed acceptances may mark any of them).
void keep_draft(NegotiationState& state) {
  auto& drafts = state.mechanisms.drafts;
  const auto version = static_cast<std::size_t>(state.draft->version);
  if (drafts.size() + 1 == version) drafts.push_back(state.draft->package);
}

}  // namespace

std::size_t NegotiationState::accepted_count() const noexcept {
  if (!draft) return 0;
  return static_cast<std::size_t>(std::count_if(parties.begin(), parties.end(), [&](const auto& p) {
    return p.vote == Vote::accept && p.vote_version == draft->version;
  }));
}

NegotiationState new_negotiation(std::string id, const NegotiationSpec& spec,
                                 std::string created_at) {
  NegotiationState state;
  state.id = std::move(id);
  state.title = spec.title;
  state.created_at = std::move(created_at);
  state.issues = spec.issues;
  for (const auto& name : spec.parties) {
    PartyState party;
    party.name = name;
    state.parties.push_back(std::move(party));
  }
  state.settings.rule = spec.rule.value_or(QuorumRule{spec.parties.size(), {}});
  state.settings.deadline = spec.deadline;
  state.settings.at_deadline = spec.at_deadline;
  return state;
}

json opening_event(const NegotiationState& state) {
  json parties = json::array();
  for (const auto& party : state.parties) parties.push_back(party.name);
  json open = {
      {"event", "session_open"},
      {"format", "parley-record/1"},
      {"protocol", "single-text"},
      {"negotiation", {{"id", state.id}, {"title", state.title}, {"created_at", state.created_at}}},
      {"issues", issues_json(state.issues)},
      {"parties", std::move(parties)}};
  // Written only when they differ from unanimity without a deadline (older records stay as they
  // were).
  const auto& settings = state.settings;
  if (!settings.unanimous(state.parties.size())) {
    json veto = json::array();
    for (const auto v : settings.rule.veto) veto.push_back(state.parties.at(v).name);
    open["rule"] = {{"required", settings.rule.required}, {"veto", std::move(veto)}};
  }
  if (!settings.deadline.empty()) {
    open["deadline"] = settings.deadline;
    open["at_deadline"] = to_string(settings.at_deadline);
  }
  return open;
}

Transition submit(const NegotiationState& state, std::size_t party,
                  const nlohmann::json& preferences, bool shared, std::string salt,
                  std::string commitment) {
  if (state.phase != Phase::collecting)
    throw StateConflict("preferences are closed: the negotiation is " +
                        std::string(to_string(state.phase)));
  Transition next{state, {}};
  auto& me = next.state.parties.at(party);
  me.preferences = preferences;
  me.shared = shared;
  me.salt = std::move(salt);
  me.commitment = std::move(commitment);
  next.events.push_back("party " + std::to_string(party) + " submitted");
  next.record.push_back(
      {{"event", "commit"}, {"party", me.name}, {"commitment", me.commitment}, {"shared", shared}});
  if (next.state.everyone_submitted()) enter_analysing(next);
  return next;
}

Transition start_analysis(const NegotiationState& state) {
  require_phase(state, Phase::collecting, "nothing to analyse");
  if (!state.everyone_submitted())
    throw StateConflict("nothing to analyse: not every party has submitted its preferences");
  Transition next{state, {}};
  enter_analysing(next);
  return next;
}

Transition analysis_done(const NegotiationState& state, std::int64_t round,
                         std::vector<Proposal> proposals, Outcome first_draft,
                         AnalysisSummary summary) {
  require_phase(state, Phase::analysing, "no analysis to finish");
  if (round != state.analysis_round)
    throw StateConflict("analysis " + std::to_string(round) + " is not the current one (" +
                        std::to_string(state.analysis_round) + ")");
  Transition next{state, {}};
  next.state.phase = Phase::drafting;
  next.state.proposals = std::move(proposals);
  next.state.analysis = std::move(summary);
  next.state.notice.clear();
  next.state.draft = Draft{1, std::move(first_draft), std::nullopt, "parley"};
  next.state.mechanisms.drafts.clear();
  keep_draft(next.state);
  for (auto& party : next.state.parties) party.vote.reset();
  next.events.push_back(std::string("proposals computed (") + next.state.analysis->method +
                        (next.state.analysis->exact ? ", exact" : ", approximate") +
                        "); draft 1 opened");
  json listed = json::array();
  for (const auto& proposal : next.state.proposals)
    listed.push_back(
        {{"kind", proposal.kind}, {"package", package_json(proposal.package, state.issues)}});
  const auto& found = *next.state.analysis;
  next.record.push_back({{"event", "analysis"},
                         {"round", round},
                         {"method", found.method},
                         {"exact", found.exact},
                         {"evaluated", found.evaluated},
                         {"budget", found.budget},
                         {"proposals", std::move(listed)}});
  next.record.push_back(draft_event(next.state));
  return next;
}

Transition analysis_stopped(const NegotiationState& state, std::int64_t round, AnalysisStop why,
                            const std::string& detail) {
  require_phase(state, Phase::analysing, "no analysis to stop");
  if (round != state.analysis_round)
    throw StateConflict("analysis " + std::to_string(round) + " is not the current one (" +
                        std::to_string(state.analysis_round) + ")");
  Transition next{state, {}};
  switch (why) {
    case AnalysisStop::time_cap:
      back_to_collecting(next,
                         "The analysis was stopped at its time cap (" + detail +
                             ") without proposals. Every submission is kept; the mediator may "
                             "start it again or parties may revise their preferences.",
                         "analysis " + std::to_string(round) + " stopped at its time cap");
      break;
    case AnalysisStop::failed:
      back_to_collecting(next,
                         "The analysis failed: " + detail +
                             ". Every submission is kept; the mediator may start it again.",
                         "analysis " + std::to_string(round) + " failed");
      break;
    case AnalysisStop::cancelled:
      back_to_collecting(next,
                         "The mediator cancelled the analysis. Every submission is kept; a "
                         "party's new submission or the mediator starts it again.",
                         "analysis " + std::to_string(round) + " cancelled by the mediator");
      break;
  }
  next.record.push_back(
      {{"event", "analysis_stopped"}, {"round", round}, {"reason", stop_name(why)}});
  return next;
}

Transition cancel_analysis(const NegotiationState& state) {
  require_phase(state, Phase::analysing, "no analysis to cancel");
  return analysis_stopped(state, state.analysis_round, AnalysisStop::cancelled, {});
}

Transition vote(const NegotiationState& state, std::size_t party, std::int64_t version, bool accept,
                const std::string& now) {
  require_current_draft(state, version, "no draft to vote on");
  Transition next{state, {}};
  auto& me = next.state.parties.at(party);
  me.vote = accept ? Vote::accept : Vote::reject;
  me.vote_version = version;
  const std::string who = "party " + std::to_string(party);
  next.record.push_back(vote_event(next.state, party));
  if (accept) {
    next.events.push_back(who + " accepted draft " + std::to_string(version));
    if (passes(next.state.settings.rule, current_accepts(next.state))) {
      next.state.phase = Phase::agreed;
      next.state.agreement = Agreement{version, next.state.draft->package, now};
      next.state.mechanisms.agreed_by = "single-text";
      if (auto& proposal = next.state.mechanisms.proposal; proposal && proposal->result == "open")
        proposal->result = "withdrawn";
      next.events.push_back("agreement on draft " + std::to_string(version));
      next.record.push_back(
          {{"event", "outcome"},
           {"reason", "agreement"},
           {"version", version},
           {"agreement", package_json(next.state.agreement->package, state.issues)},
           {"agreed_at", now}});
    }
    return next;
  }
  next.events.push_back(who + " rejected draft " + std::to_string(version));
  // Rejecting a change restores the text it changed (a new version: everyone votes again).
  if (next.state.draft->previous) {
    next.state.draft = Draft{version + 1, *next.state.draft->previous, std::nullopt,
                             "restored after a rejected change"};
    keep_draft(next.state);
    next.record.push_back(draft_event(next.state));
  }
  return next;
}

Transition change_draft(const NegotiationState& state, const Caller& caller, std::int64_t version,
                        const Outcome& package) {
  require_current_draft(state, version, "no draft to change");
  if (package == state.draft->package) throw StateConflict("the change leaves the draft as it is");
  Transition next{state, {}};
  const std::string by =
      caller.role == Role::mediator ? "the mediator" : state.parties.at(caller.party).name;
  next.state.draft = Draft{version + 1, package, state.draft->package, by};
  keep_draft(next.state);
  next.record.push_back(draft_event(next.state));
  if (caller.role == Role::party) {
    auto& me = next.state.parties.at(caller.party);
    me.vote = Vote::accept;
    me.vote_version = version + 1;
    next.record.push_back(vote_event(next.state, caller.party));
  }
  next.events.push_back(std::string(to_string(caller.role)) + " changed draft " +
                        std::to_string(version));
  return next;
}

}  // namespace parley::service
