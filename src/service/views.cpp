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

std::string mechanism_title(const std::string& mechanism) {
  if (mechanism == "single-text") return "the single-text votes";
  if (mechanism == "sealed-acceptances") return "sealed acceptances";
  if (mechanism == "mediator-proposal") return "the mediator's proposal";
  if (mechanism == "final-offer-arbitration") return "final-offer arbitration at the deadline";
  if (mechanism == "pre-agreed-rule") return "the pre-agreed rule at the deadline";
  return mechanism;
}

std::optional<std::vector<std::string>> answer_labels(const SealedAnswer& answer) {
  if (!answer.given() || !answer.value) return std::nullopt;
  return answer.value->get<std::vector<std::string>>();
}

const SealedAnswer* answer_of(const std::vector<SealedAnswer>& answers, std::size_t party) {
  return party < answers.size() && answers[party].given() ? &answers[party] : nullptr;
}

// The mechanisms' block. `party`: the viewer (empty: the mediator). A party sees its own sealed
// answers and what each mechanism reveals; the mediator sees who has answered and, after the last
// blind round without settlement, the neutral's range. Nobody sees another party's answer.
json mechanisms_json(const NegotiationState& state, std::optional<std::size_t> party,
                     const UtilityFunction* own_utility) {
  const auto& m = state.mechanisms;
  const auto names = state.party_names();
  const auto utility_of = [&](const Outcome& package) {
    return own_utility ? json(own_utility->utility(package)) : json(nullptr);
  };
  json veto = json::array();
  for (const auto v : state.settings.rule.veto) veto.push_back(names.at(v));
  json out = {
      {"rule",
       {{"required", std::min(state.settings.rule.required, state.parties.size())},
        {"veto", veto},
        {"text", state.settings.rule.text(names)}}},
      {"deadline", state.settings.deadline.empty() ? json(nullptr) : json(state.settings.deadline)},
      {"at_deadline", to_string(state.settings.at_deadline)},
      {"agreed_by", m.agreed_by.empty() ? json(nullptr) : json(m.agreed_by)},
      {"agreed_item", m.agreed_item.empty() ? json(nullptr) : json(m.agreed_item)},
      {"closed_reason", m.closed_reason.empty() ? json(nullptr) : json(m.closed_reason)}};
  // Sealed acceptances: the items, the viewer's own marks, the match (only as the agreement).
  json items = json::array();
  for (const auto& item : state.sealed_items()) {
    const auto package = *state.sealed_item_package(item);
    json entry = {{"item", item}, {"package", package_json(package, state.issues)}};
    if (party) entry["utility"] = utility_of(package);
    items.push_back(std::move(entry));
  }
  json sealed = {
      {"items", items},
      {"match", m.agreed_by == "sealed-acceptances" ? json(m.agreed_item) : json(nullptr)}};
  if (party) {
    const auto* mine = answer_of(m.sealed, *party);
    sealed["my_marks"] = mine ? json(*answer_labels(*mine)) : json(nullptr);
  } else {
    json marked = json::array();
    for (std::size_t p = 0; p < names.size(); ++p)
      if (answer_of(m.sealed, p)) marked.push_back(names[p]);
    sealed["marked"] = marked;
  }
  out["sealed"] = sealed;
  // The mediator's proposal.
  if (m.proposal) {
    const auto& proposal = *m.proposal;
    json block = {{"id", proposal.id},
                  {"package", package_json(proposal.package, state.issues)},
                  {"source", proposal.source},
                  {"result", proposal.result}};
    if (party) {
      block["utility"] = utility_of(proposal.package);
      const auto* mine = answer_of(proposal.answers, *party);
      block["my_answer"] = mine && mine->value ? *mine->value : json(nullptr);
    } else {
      std::size_t answered = 0;
      for (const auto& a : proposal.answers) answered += a.given() ? 1 : 0;
      block["answered"] = answered;
    }
    out["mediator_proposal"] = block;
  } else {
    out["mediator_proposal"] = nullptr;
  }
  // Improvements after agreement.
  if (m.improvements) {
    const auto& round = *m.improvements;
    json packages = json::array();
    for (std::size_t k = 0; k < round.packages.size(); ++k) {
      json entry = {{"label", "improvement " + std::to_string(k + 1)},
                    {"package", package_json(round.packages[k], state.issues)}};
      if (party) {
        entry["utility"] = utility_of(round.packages[k]);
        entry["gain"] =
            own_utility
                ? json(own_utility->utility(round.packages[k]) - own_utility->utility(round.agreed))
                : json(nullptr);
      }
      packages.push_back(std::move(entry));
    }
    json block = {
        {"round", round.id},
        {"agreed", package_json(round.agreed, state.issues)},
        {"packages", packages},
        {"result", round.result},
        {"adopted", round.adopted ? json("improvement " + std::to_string(*round.adopted + 1))
                                  : json(nullptr)}};
    if (party) {
      const auto* mine = answer_of(round.approvals, *party);
      block["my_approvals"] = mine ? json(*answer_labels(*mine)) : json(nullptr);
    } else {
      std::size_t answered = 0;
      for (const auto& a : round.approvals) answered += a.given() ? 1 : 0;
      block["answered"] = answered;
    }
    out["improvements"] = block;
  } else {
    out["improvements"] = nullptr;
  }
  // Final offers (final-offer arbitration only).
  if (state.settings.at_deadline == DealCloser::final_offer) {
    if (party) {
      const auto* mine = answer_of(m.final_offers, *party);
      out["final_offer"] = {{"mine", mine && mine->value
                                         ? package_json(mine->value->get<Outcome>(), state.issues)
                                         : json(nullptr)}};
    } else {
      std::size_t offers = 0;
      for (const auto& a : m.final_offers) offers += a.given() ? 1 : 0;
      out["final_offer"] = {{"offers", offers}};
    }
  }
  // Blind bidding.
  if (m.blind) {
    const auto& b = *m.blind;
    json log = json::array();
    for (const auto& r : b.rounds)
      log.push_back({{"round", r.round},
                     {"settled", r.settled},
                     {"value", r.value ? json(*r.value) : json(nullptr)}});
    json visible = {{"low", b.rules.lower}, {"high", b.rules.upper}};
    for (const auto& bid : b.bids)
      if (bid.visible) visible[bid.side == BlindSide::low ? "low" : "high"] = *bid.visible;
    const bool over = b.settlement.has_value() || b.rounds.size() >= b.rules.rounds;
    json block = {{"issue", b.issue},
                  {"unit", b.unit},
                  {"low", names.at(b.low)},
                  {"high", names.at(b.high)},
                  {"lower", b.rules.lower},
                  {"upper", b.rules.upper},
                  {"rounds", b.rules.rounds},
                  {"step", b.rules.step},
                  {"round", over ? json(nullptr) : json(b.rounds.size() + 1)},
                  {"visible", visible},
                  {"log", log},
                  {"settlement", b.settlement ? json(*b.settlement) : json(nullptr)},
                  {"settled_by", b.settled_by.empty() ? json(nullptr) : json(b.settled_by)}};
    if (party) {
      const bool bidding = *party == b.low || *party == b.high;
      block["my_side"] = !bidding ? json(nullptr) : json(*party == b.low ? "low" : "high");
      json mine = json::array();
      if (bidding)
        for (const auto& bid : b.bids)
          if ((bid.side == BlindSide::low) == (*party == b.low) && bid.secret.value)
            mine.push_back({{"round", bid.round},
                            {"secret", *bid.secret.value},
                            {"visible", bid.visible ? json(*bid.visible) : json(nullptr)}});
      block["my_bids"] = mine;
      bool placed = false;
      for (const auto& bid : b.bids)
        placed = placed || (bid.round == b.rounds.size() + 1 &&
                            (bid.side == BlindSide::low) == (*party == b.low));
      block["placed_this_round"] = bidding && !over && placed;
    } else {
      block["neutral_range"] = nullptr;
      if (!b.settlement && b.rounds.size() >= b.rules.rounds) {
        try {
          const auto range = rebuild_blind_bidding(b).neutral_range();
          block["neutral_range"] = {
              {"from", range.from}, {"to", range.to}, {"values", range.values}};
        } catch (const Error&) {
        }
      }
    }
    out["blind_bidding"] = block;
  } else {
    out["blind_bidding"] = nullptr;
  }
  return out;
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
  view["mechanisms"] = mechanisms_json(state, party, utility.get());
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
  view["mechanisms"] = mechanisms_json(state, std::nullopt, nullptr);
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
  // Mechanisms that agree on a proposal or an offer (not a draft) record version 0.
  if (agreement.version > 0) text += "- Draft version: " + std::to_string(agreement.version) + "\n";
  const auto& m = state.mechanisms;
  const std::string by = m.agreed_by.empty() ? "single-text" : m.agreed_by;
  if (by == "single-text" && state.settings.unanimous(state.parties.size())) {
    text += "- Parties, each of whom accepted this text:";
  } else {
    text += "- Reached by: " + mechanism_title(by) +
            (m.agreed_item.empty() ? "" : " (" + m.agreed_item + ")") + "\n";
    text += "- Decision rule: " + state.settings.rule.text(state.party_names()) + "\n";
    text += "- Parties:";
  }
  for (std::size_t p = 0; p < state.parties.size(); ++p)
    text += (p ? ", " : " ") + state.parties[p].name;
  if (m.improvements && m.improvements->adopted)
    text += "\n- Improved after agreement: every party approved improvement " +
            std::to_string(*m.improvements->adopted + 1) + " of round " +
            std::to_string(m.improvements->id);
  text += "\n\n| Issue | Agreed option |\n|---|---|\n";
  for (std::size_t i = 0; i < state.issues.size(); ++i)
    text += "| " + state.issues[i].name() + " | " +
            state.issues[i].value_label(agreement.package[i]) + " |\n";
  if (m.blind && m.blind->settlement)
    text += "\n" + m.blind->issue + " (blind bidding, settled by " +
            (m.blind->settled_by == "neutral" ? std::string("the neutral")
                                              : std::string("crossing secret bids")) +
            "): " + format_number(*m.blind->settlement) +
            (m.blind->unit.empty() ? "" : " " + m.blind->unit) + "\n";
  text +=
      std::string("\nReached through the parley mediation service: each party entered its ") +
      "preferences privately; the proposals came from the Nash, Kalai-Smorodinsky and maximin-gain "
      "solutions, " +
      (by == "single-text" ? std::string("refined by a single-text round")
                           : "and it was reached by " + mechanism_title(by)) +
      ".\n";
  return text;
}

}  // namespace parley::service
