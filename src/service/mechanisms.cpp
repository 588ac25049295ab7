// The deal-closing mechanisms' state (parley/service/mechanisms.hpp) and their transitions
// (parley/service/negotiation.hpp, "The deal-closing mechanisms").
#include "parley/service/mechanisms.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <ctime>
#include <limits>
#include <set>

#include "parley/negotiate/sealed_acceptance.hpp"
#include "parley/record/record.hpp"
#include "parley/service/negotiation.hpp"
#include "parley/service/preferences.hpp"
#include "parley/service/tokens.hpp"
#include "support/text.hpp"

namespace parley::service {
namespace {

using nlohmann::json;

// The shortest decimal that reads back as `value` (the record holds no floating-point number).
std::string decimal(double value) {
  char text[64];
  const auto [end, error] = std::to_chars(text, text + sizeof text, value);
  return error == std::errc() ? std::string(text, end) : std::string("nan");
}

json optional_number(const std::optional<double>& value) {
  return value ? json(*value) : json(nullptr);
}

std::optional<double> read_number(const json& value) {
  if (value.is_null()) return std::nullopt;
  return value.get<double>();
}

json answer_json(const SealedAnswer& answer) {
  return {{"value", answer.value ? *answer.value : json(nullptr)},
          {"salt", answer.salt},
          {"commitment", answer.commitment}};
}

SealedAnswer answer_from(const json& stored) {
  SealedAnswer answer;
  if (!stored.at("value").is_null()) answer.value = stored.at("value");
  answer.salt = stored.at("salt").get<std::string>();
  answer.commitment = stored.at("commitment").get<std::string>();
  return answer;
}

json answers_json(const std::vector<SealedAnswer>& answers) {
  json list = json::array();
  for (const auto& answer : answers) list.push_back(answer_json(answer));
  return list;
}

std::vector<SealedAnswer> answers_from(const json& list) {
  std::vector<SealedAnswer> answers;
  for (const auto& stored : list) answers.push_back(answer_from(stored));
  return answers;
}

const char* side_name(BlindSide side) { return side == BlindSide::low ? "low" : "high"; }

void require(bool condition, const std::string& message) {
  if (!condition) throw StateConflict(message);
}

void require_phase(const NegotiationState& state, Phase phase, const std::string& what) {
  if (state.phase != phase)
    throw StateConflict(what + ": the negotiation is " + to_string(state.phase));
}

// Answers sized to the parties (a state loaded from before the mechanisms has none).
std::vector<SealedAnswer>& per_party(std::vector<SealedAnswer>& answers, std::size_t parties) {
  if (answers.size() != parties) answers.resize(parties);
  return answers;
}

bool all_known(const std::vector<SealedAnswer>& answers) {
  return std::all_of(answers.begin(), answers.end(),
                     [](const SealedAnswer& a) { return !a.given() || a.value.has_value(); });
}

bool everyone_answered(const std::vector<SealedAnswer>& answers) {
  return std::all_of(answers.begin(), answers.end(),
                     [](const SealedAnswer& a) { return a.given(); });
}

// Labels from a request, each once and each one of `allowed`.
void check_labels(const std::vector<std::string>& labels, const std::vector<std::string>& allowed,
                  const std::string& field) {
  std::set<std::string> seen;
  for (std::size_t k = 0; k < labels.size(); ++k) {
    const std::string where = field + "[" + std::to_string(k) + "]";
    if (std::find(allowed.begin(), allowed.end(), labels[k]) == allowed.end())
      throw InputError("request", std::nullopt, where, parley::detail::quoted(labels[k]),
                       "one of: " + parley::detail::join_names(allowed));
    if (!seen.insert(labels[k]).second)
      throw InputError("request", std::nullopt, where, "'" + labels[k] + "' twice",
                       "each label once");
  }
}

void append(Transition& next, Transition&& more) {
  next.state = std::move(more.state);
  for (auto& e : more.events) next.events.push_back(std::move(e));
  for (auto& r : more.record) next.record.push_back(std::move(r));
}

// The negotiation ends in agreement on `package`, by `mechanism` (`item`: which of its items).
void agree(Transition& next, const Outcome& package, std::int64_t version,
           const std::string& mechanism, const std::string& item, const std::string& now) {
  auto& state = next.state;
  state.phase = Phase::agreed;
  state.agreement = Agreement{version, package, now};
  state.mechanisms.agreed_by = mechanism;
  state.mechanisms.agreed_item = item;
  if (state.mechanisms.proposal && state.mechanisms.proposal->result == "open" &&
      mechanism != "mediator-proposal")
    state.mechanisms.proposal->result = "withdrawn";
  next.events.push_back("agreement by " + mechanism + (item.empty() ? "" : " (" + item + ")"));
  json outcome = {{"event", "outcome"},
                  {"reason", "agreement"},
                  {"mechanism", mechanism},
                  {"version", version},
                  {"agreement", package_json(package, state.issues)},
                  {"agreed_at", now}};
  if (!item.empty()) outcome["item"] = item;
  next.record.push_back(std::move(outcome));
}

void close_without_agreement(Transition& next, const std::string& reason) {
  next.state.phase = Phase::closed;
  next.state.mechanisms.closed_reason = reason;
  if (next.state.mechanisms.proposal && next.state.mechanisms.proposal->result == "open")
    next.state.mechanisms.proposal->result = "withdrawn";
  next.events.push_back("closed without agreement: " + reason);
  next.record.push_back({{"event", "outcome"}, {"reason", "closed"}, {"detail", reason}});
}

std::vector<std::string> improvement_labels(const ImprovementRound& round) {
  std::vector<std::string> labels;
  for (std::size_t k = 0; k < round.packages.size(); ++k)
    labels.push_back("improvement " + std::to_string(k + 1));
  return labels;
}

// The blind bidding that still takes bids.
BlindBiddingState& open_bidding(NegotiationState& state) {
  auto& blind = state.mechanisms.blind;
  require(blind.has_value(), "no blind bidding is open: the mediator opens one");
  require(!blind->settlement, "the blind bidding is settled");
  require(blind->rounds.size() < blind->rules.rounds,
          "every round of the blind bidding is over: the neutral decides");
  return *blind;
}

}  // namespace

const char* to_string(DealCloser closer) noexcept {
  switch (closer) {
    case DealCloser::none:
      return "none";
    case DealCloser::final_offer:
      return "final-offer";
    case DealCloser::nash:
      return "nash";
    case DealCloser::kalai_smorodinsky:
      return "kalai-smorodinsky";
    case DealCloser::egalitarian:
      return "egalitarian";
  }
  return "none";
}

std::optional<DealCloser> parse_deal_closer(std::string_view text) {
  for (const auto closer : {DealCloser::none, DealCloser::final_offer, DealCloser::nash,
                            DealCloser::kalai_smorodinsky, DealCloser::egalitarian})
    if (text == to_string(closer)) return closer;
  return std::nullopt;
}

std::optional<std::int64_t> parse_utc(const std::string& text) {
  // Exactly YYYY-MM-DDTHH:MM:SSZ.
  if (text.size() != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || text[19] != 'Z')
    return std::nullopt;
  const auto number = [&](std::size_t at, std::size_t digits) -> std::optional<int> {
    int value = 0;
    for (std::size_t k = at; k < at + digits; ++k) {
      if (text[k] < '0' || text[k] > '9') return std::nullopt;
      value = value * 10 + (text[k] - '0');
    }
    return value;
  };
  const auto year = number(0, 4), month = number(5, 2), day = number(8, 2), hour = number(11, 2),
             minute = number(14, 2), second = number(17, 2);
  if (!year || !month || !day || !hour || !minute || !second) return std::nullopt;
  if (*year < 1970 || *month < 1 || *month > 12 || *day < 1 || *hour > 23 || *minute > 59 ||
      *second > 59)
    return std::nullopt;
  std::tm parts{};
  parts.tm_year = *year - 1900;
  parts.tm_mon = *month - 1;
  parts.tm_mday = *day;
  parts.tm_hour = *hour;
  parts.tm_min = *minute;
  parts.tm_sec = *second;
  const std::time_t seconds = timegm(&parts);
  // timegm normalises 31 February into March: such a date is refused.
  if (format_utc(seconds) != text) return std::nullopt;
  return static_cast<std::int64_t>(seconds);
}

std::string format_utc(std::int64_t seconds) {
  const auto time = static_cast<std::time_t>(seconds);
  std::tm parts{};
  gmtime_r(&time, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

json settings_json(const NegotiationSettings& settings) {
  return {{"required", settings.rule.required},
          {"veto", settings.rule.veto},
          {"deadline", settings.deadline},
          {"at_deadline", to_string(settings.at_deadline)}};
}

NegotiationSettings settings_from_json(const json& stored) {
  NegotiationSettings settings;
  settings.rule.required = stored.at("required").get<std::size_t>();
  settings.rule.veto = stored.at("veto").get<std::vector<std::size_t>>();
  settings.deadline = stored.at("deadline").get<std::string>();
  settings.at_deadline =
      parse_deal_closer(stored.at("at_deadline").get<std::string>()).value_or(DealCloser::none);
  return settings;
}

json mechanisms_json(const MechanismState& m) {
  json out = {{"drafts", m.drafts},
              {"sealed", answers_json(m.sealed)},
              {"final_offers", answers_json(m.final_offers)},
              {"agreed_by", m.agreed_by},
              {"agreed_item", m.agreed_item},
              {"closed_reason", m.closed_reason},
              {"proposal", nullptr},
              {"improvements", nullptr},
              {"blind", nullptr}};
  if (m.proposal)
    out["proposal"] = {{"id", m.proposal->id},
                       {"package", m.proposal->package},
                       {"source", m.proposal->source},
                       {"answers", answers_json(m.proposal->answers)},
                       {"result", m.proposal->result}};
  if (m.improvements) {
    const auto& r = *m.improvements;
    out["improvements"] = {{"id", r.id},
                           {"agreed", r.agreed},
                           {"packages", r.packages},
                           {"approvals", answers_json(r.approvals)},
                           {"result", r.result},
                           {"adopted", r.adopted ? json(*r.adopted) : json(nullptr)}};
  }
  if (m.blind) {
    const auto& b = *m.blind;
    json bids = json::array(), rounds = json::array();
    for (const auto& bid : b.bids)
      bids.push_back({{"round", bid.round},
                      {"side", side_name(bid.side)},
                      {"visible", optional_number(bid.visible)},
                      {"secret", answer_json(bid.secret)}});
    for (const auto& round : b.rounds)
      rounds.push_back({{"round", round.round},
                        {"settled", round.settled},
                        {"value", optional_number(round.value)}});
    out["blind"] = {{"issue", b.issue},
                    {"unit", b.unit},
                    {"low", b.low},
                    {"high", b.high},
                    {"lower", b.rules.lower},
                    {"upper", b.rules.upper},
                    {"rounds", b.rules.rounds},
                    {"step", b.rules.step},
                    {"bids", bids},
                    {"closed_rounds", rounds},
                    {"fair", optional_number(b.fair)},
                    {"settlement", optional_number(b.settlement)},
                    {"settled_by", b.settled_by}};
  }
  return out;
}

MechanismState mechanisms_from_json(const json& stored) {
  MechanismState m;
  m.drafts = stored.at("drafts").get<std::vector<Outcome>>();
  m.sealed = answers_from(stored.at("sealed"));
  m.final_offers = answers_from(stored.at("final_offers"));
  m.agreed_by = stored.at("agreed_by").get<std::string>();
  m.agreed_item = stored.at("agreed_item").get<std::string>();
  m.closed_reason = stored.at("closed_reason").get<std::string>();
  if (const auto& p = stored.at("proposal"); !p.is_null())
    m.proposal = MediatorsProposal{p.at("id").get<std::int64_t>(), p.at("package").get<Outcome>(),
                                   p.at("source").get<std::string>(), answers_from(p.at("answers")),
                                   p.at("result").get<std::string>()};
  if (const auto& r = stored.at("improvements"); !r.is_null()) {
    ImprovementRound round;
    round.id = r.at("id").get<std::int64_t>();
    round.agreed = r.at("agreed").get<Outcome>();
    round.packages = r.at("packages").get<std::vector<Outcome>>();
    round.approvals = answers_from(r.at("approvals"));
    round.result = r.at("result").get<std::string>();
    if (!r.at("adopted").is_null()) round.adopted = r.at("adopted").get<std::size_t>();
    m.improvements = std::move(round);
  }
  if (const auto& b = stored.at("blind"); !b.is_null()) {
    BlindBiddingState blind;
    blind.issue = b.at("issue").get<std::string>();
    blind.unit = b.at("unit").get<std::string>();
    blind.low = b.at("low").get<std::size_t>();
    blind.high = b.at("high").get<std::size_t>();
    blind.rules.lower = b.at("lower").get<double>();
    blind.rules.upper = b.at("upper").get<double>();
    blind.rules.rounds = b.at("rounds").get<std::size_t>();
    blind.rules.step = b.at("step").get<double>();
    for (const auto& bid : b.at("bids"))
      blind.bids.push_back(
          {bid.at("round").get<std::size_t>(),
           bid.at("side").get<std::string>() == "low" ? BlindSide::low : BlindSide::high,
           read_number(bid.at("visible")), answer_from(bid.at("secret"))});
    for (const auto& round : b.at("closed_rounds"))
      blind.rounds.push_back({round.at("round").get<std::size_t>(), round.at("settled").get<bool>(),
                              read_number(round.at("value"))});
    blind.fair = read_number(b.at("fair"));
    blind.settlement = read_number(b.at("settlement"));
    blind.settled_by = b.at("settled_by").get<std::string>();
    m.blind = std::move(blind);
  }
  return m;
}

SealedAnswer seal_answer(const std::string& mechanism, const std::string& party,
                         const json& value) {
  SealedAnswer answer;
  answer.value = value;
  answer.salt = random_hex(32);
  // Numbers as their shortest decimals in strings: canonical JSON holds no floating point.
  const json committed = value.is_number() ? json(decimal(value.get<double>())) : value;
  const json canonical = {{"answer", committed}, {"mechanism", mechanism}, {"party", party}};
  answer.commitment = record_commitment(answer.salt, canonical_json(canonical.dump()));
  return answer;
}

BlindBidding rebuild_blind_bidding(const BlindBiddingState& state) {
  BlindBidding bidding(state.rules);
  for (const auto& bid : state.bids) {
    if (!bid.secret.value)
      throw StateConflict("the blind bids are sealed in this record: the rounds are as recorded");
    bidding.bid(bid.side, {bid.secret.value->get<double>(), bid.visible});
    if (bidding.placed(BlindSide::low) && bidding.placed(BlindSide::high)) bidding.close_round();
  }
  return bidding;
}

std::vector<std::string> NegotiationState::party_names() const {
  std::vector<std::string> names;
  for (const auto& party : parties) names.push_back(party.name);
  return names;
}

std::vector<std::string> NegotiationState::sealed_items() const {
  std::vector<std::string> items;
  for (const auto& proposal : proposals) items.push_back(proposal.kind);
  for (std::size_t v = 0; v < mechanisms.drafts.size(); ++v)
    items.push_back("draft " + std::to_string(v + 1));
  return items;
}

std::optional<Outcome> NegotiationState::sealed_item_package(const std::string& item) const {
  for (const auto& proposal : proposals)
    if (proposal.kind == item) return proposal.package;
  for (std::size_t v = 0; v < mechanisms.drafts.size(); ++v)
    if (item == "draft " + std::to_string(v + 1)) return mechanisms.drafts[v];
  return std::nullopt;
}

// --- Sealed acceptances ---

Transition mark_sealed(const NegotiationState& state, std::size_t party,
                       const std::optional<std::vector<std::string>>& items, SealedAnswer seal,
                       const std::string& now) {
  require_phase(state, Phase::drafting, "nothing to accept");
  const auto labels = state.sealed_items();
  if (items) check_labels(*items, labels, "accept");
  Transition next{state, {}};
  auto& sealed = per_party(next.state.mechanisms.sealed, state.parties.size());
  sealed.at(party) = std::move(seal);
  next.events.push_back("party " + std::to_string(party) + " marked sealed acceptances");
  next.record.push_back({{"event", "sealed_mark"},
                         {"party", state.parties.at(party).name},
                         {"commitment", sealed[party].commitment}});
  if (!all_known(sealed)) return next;  // a replay: the match, if any, is the next line
  SealedAcceptances acceptances(state.parties.size(), labels, state.settings.rule);
  for (std::size_t p = 0; p < sealed.size(); ++p)
    if (sealed[p].given()) acceptances.mark(p, sealed[p].value->get<std::vector<std::string>>());
  const auto matches = acceptances.matches();
  if (!matches.empty()) append(next, sealed_match(next.state, matches.front(), now));
  return next;
}

Transition sealed_match(const NegotiationState& state, const std::string& item,
                        const std::string& now) {
  require_phase(state, Phase::drafting, "nothing to match");
  const auto package = state.sealed_item_package(item);
  require(package.has_value(), "'" + item + "' is not an item of the sealed acceptances");
  Transition next{state, {}};
  next.record.push_back({{"event", "sealed_match"},
                         {"item", item},
                         {"package", package_json(*package, state.issues)}});
  const std::int64_t version =
      item.rfind("draft ", 0) == 0 ? std::stoll(item.substr(6)) : std::int64_t{0};
  agree(next, *package, version, "sealed-acceptances", item, now);
  return next;
}

// --- The mediator's proposal ---

Transition open_mediator_proposal(const NegotiationState& state, const Outcome& package,
                                  const std::string& source) {
  require_phase(state, Phase::drafting, "no proposal to put");
  Transition next{state, {}};
  auto& m = next.state.mechanisms;
  MediatorsProposal proposal;
  proposal.id = m.proposal ? m.proposal->id + 1 : 1;
  proposal.package = package;
  proposal.source = source;
  proposal.answers.resize(state.parties.size());
  m.proposal = std::move(proposal);
  next.events.push_back("mediator's proposal " + std::to_string(m.proposal->id) + " put");
  next.record.push_back({{"event", "mediator_proposal"},
                         {"id", m.proposal->id},
                         {"package", package_json(package, state.issues)},
                         {"source", source}});
  return next;
}

Transition answer_mediator_proposal(const NegotiationState& state, std::size_t party,
                                    std::int64_t id, std::optional<bool> yes, SealedAnswer seal,
                                    const std::string& now) {
  require_phase(state, Phase::drafting, "no proposal to answer");
  const auto& proposal = state.mechanisms.proposal;
  require(proposal.has_value(), "the mediator has put no proposal");
  require(proposal->id == id, "proposal " + std::to_string(id) + " is not the current one (" +
                                  std::to_string(proposal->id) + ")");
  require(proposal->result == "open", "proposal " + std::to_string(id) + " is " + proposal->result);
  Transition next{state, {}};
  auto& answers = per_party(next.state.mechanisms.proposal->answers, state.parties.size());
  if (yes) seal.value = *yes;
  answers.at(party) = std::move(seal);
  next.events.push_back("party " + std::to_string(party) + " answered proposal " +
                        std::to_string(id));
  next.record.push_back({{"event", "sealed_answer"},
                         {"party", state.parties.at(party).name},
                         {"id", id},
                         {"commitment", answers[party].commitment}});
  if (!everyone_answered(answers) || !all_known(answers)) return next;
  std::vector<bool> accepts;
  for (const auto& answer : answers) accepts.push_back(answer.value->get<bool>());
  append(next, mediator_proposal_result(next.state, id, passes(state.settings.rule, accepts), now));
  return next;
}

Transition mediator_proposal_result(const NegotiationState& state, std::int64_t id, bool passed,
                                    const std::string& now) {
  require_phase(state, Phase::drafting, "no proposal to decide");
  const auto& proposal = state.mechanisms.proposal;
  require(proposal && proposal->id == id && proposal->result == "open",
          "proposal " + std::to_string(id) + " is not open");
  Transition next{state, {}};
  next.state.mechanisms.proposal->result = passed ? "passed" : "not passed";
  next.events.push_back("proposal " + std::to_string(id) + (passed ? " passed" : " did not pass"));
  next.record.push_back({{"event", "mediator_proposal_result"},
                         {"id", id},
                         {"result", next.state.mechanisms.proposal->result}});
  if (passed)
    agree(next, proposal->package, 0, "mediator-proposal", "proposal " + std::to_string(id), now);
  return next;
}

// --- Improvements after agreement ---

Transition offer_improvements(const NegotiationState& state, std::vector<Outcome> packages) {
  require_phase(state, Phase::agreed, "no agreement to improve");
  const auto& current = state.mechanisms.improvements;
  require(!current || current->result != "open", "improvements are already offered");
  Transition next{state, {}};
  ImprovementRound round;
  round.id = current ? current->id + 1 : 1;
  round.agreed = state.agreement->package;
  round.packages = std::move(packages);
  round.approvals.resize(state.parties.size());
  json listed = json::array();
  for (const auto& package : round.packages) listed.push_back(package_json(package, state.issues));
  next.record.push_back(
      {{"event", "improvements_offered"}, {"round", round.id}, {"packages", std::move(listed)}});
  next.events.push_back(std::to_string(round.packages.size()) + " improvements offered");
  const bool none = round.packages.empty();
  const auto id = round.id;
  next.state.mechanisms.improvements = std::move(round);
  if (none) append(next, improvement_result(next.state, id, std::nullopt));
  return next;
}

Transition approve_improvements(const NegotiationState& state, std::size_t party,
                                std::int64_t round,
                                const std::optional<std::vector<std::string>>& labels,
                                SealedAnswer seal) {
  require_phase(state, Phase::agreed, "no improvements to approve");
  const auto& current = state.mechanisms.improvements;
  require(current && current->id == round,
          "improvement round " + std::to_string(round) + " is not the current one");
  require(current->result == "open", "improvement round " + std::to_string(round) + " is over");
  const auto allowed = improvement_labels(*current);
  if (labels) check_labels(*labels, allowed, "approve");
  Transition next{state, {}};
  auto& approvals = per_party(next.state.mechanisms.improvements->approvals, state.parties.size());
  approvals.at(party) = std::move(seal);
  next.events.push_back("party " + std::to_string(party) + " answered the improvements");
  next.record.push_back({{"event", "sealed_approval"},
                         {"party", state.parties.at(party).name},
                         {"round", round},
                         {"commitment", approvals[party].commitment}});
  if (!all_known(approvals)) return next;
  // Every party's approval, the first in rank: adopted; everyone answered without: it stands.
  for (std::size_t k = 0; k < allowed.size(); ++k) {
    const bool everyone = std::all_of(approvals.begin(), approvals.end(), [&](const auto& a) {
      if (!a.given()) return false;
      const auto approved = a.value->template get<std::vector<std::string>>();
      return std::find(approved.begin(), approved.end(), allowed[k]) != approved.end();
    });
    if (everyone) {
      append(next, improvement_result(next.state, round, k));
      return next;
    }
  }
  if (everyone_answered(approvals))
    append(next, improvement_result(next.state, round, std::nullopt));
  return next;
}

Transition improvement_result(const NegotiationState& state, std::int64_t round,
                              std::optional<std::size_t> adopted) {
  require_phase(state, Phase::agreed, "no improvements to decide");
  const auto& current = state.mechanisms.improvements;
  require(current && current->id == round && current->result == "open",
          "improvement round " + std::to_string(round) + " is not open");
  require(!adopted || *adopted < current->packages.size(), "no such improvement");
  Transition next{state, {}};
  auto& r = *next.state.mechanisms.improvements;
  r.result = adopted ? "adopted" : "stands";
  r.adopted = adopted;
  json line = {{"event", "improvement_result"}, {"round", round}, {"result", r.result}};
  if (adopted) {
    line["improvement"] = *adopted + 1;
    line["agreement"] = package_json(r.packages[*adopted], state.issues);
    next.state.agreement->package = r.packages[*adopted];
    next.events.push_back("improvement " + std::to_string(*adopted + 1) + " adopted");
  } else {
    next.events.push_back("the agreement stands");
  }
  next.record.push_back(std::move(line));
  return next;
}

Transition close_improvements(const NegotiationState& state) {
  require_phase(state, Phase::agreed, "no improvements to close");
  const auto& current = state.mechanisms.improvements;
  require(current && current->result == "open", "no improvement round is open");
  return improvement_result(state, current->id, std::nullopt);
}

// --- Deadlines and deal-closers ---

Transition submit_final_offer(const NegotiationState& state, std::size_t party,
                              const std::optional<Outcome>& package, SealedAnswer seal) {
  require(state.settings.at_deadline == DealCloser::final_offer,
          "this negotiation has no final-offer arbitration at its deadline");
  require(state.phase != Phase::agreed && state.phase != Phase::closed,
          std::string("final offers are over: the negotiation is ") + to_string(state.phase));
  Transition next{state, {}};
  auto& offers = per_party(next.state.mechanisms.final_offers, state.parties.size());
  if (package) seal.value = *package;
  offers.at(party) = std::move(seal);
  next.events.push_back("party " + std::to_string(party) + " sealed a final offer");
  next.record.push_back({{"event", "final_offer"},
                         {"party", state.parties.at(party).name},
                         {"commitment", offers[party].commitment}});
  return next;
}

std::optional<std::size_t> arbitrate_final_offers(const NegotiationState& state) {
  const auto& offers = state.mechanisms.final_offers;
  const auto nash = std::find_if(state.proposals.begin(), state.proposals.end(),
                                 [](const Proposal& p) { return p.kind == "nash"; });
  if (nash == state.proposals.end() || !state.everyone_submitted() || !all_known(offers))
    return std::nullopt;
  std::vector<std::shared_ptr<const UtilityFunction>> utilities;
  for (const auto& party : state.parties) {
    if (party.preferences->contains("sealed")) return std::nullopt;
    utilities.push_back(
        parse_preferences(*party.preferences, state.issues).party(state.issues).utility);
  }
  std::optional<std::size_t> chosen;
  double best = std::numeric_limits<double>::infinity();
  for (std::size_t p = 0; p < offers.size(); ++p) {
    if (!offers[p].given()) continue;
    const auto offer = offers[p].value->get<Outcome>();
    double distance = 0.0;
    for (const auto& u : utilities) {
      const double d = u->utility(offer) - u->utility(nash->package);
      distance += d * d;
    }
    if (distance < best - 1e-12) {
      best = distance;
      chosen = p;
    }
  }
  return chosen;
}

Transition reach_deadline(const NegotiationState& state, bool by_mediator,
                          std::optional<std::size_t> chosen, const std::string& now,
                          const std::optional<Outcome>& chosen_package) {
  require(state.phase != Phase::agreed && state.phase != Phase::closed,
          std::string("nothing to close: the negotiation is ") + to_string(state.phase));
  Transition next{state, {}};
  const DealCloser closer = state.settings.at_deadline;
  next.record.push_back({{"event", "deadline"},
                         {"by", by_mediator ? "the mediator" : "the deadline"},
                         {"closer", to_string(closer)}});
  next.events.push_back(by_mediator ? "closed by the mediator" : "the deadline passed");
  const std::string when =
      by_mediator ? "when the mediator closed the negotiation" : "by the deadline";
  switch (closer) {
    case DealCloser::none:
      close_without_agreement(next, "no agreement " + when);
      break;
    case DealCloser::nash:
    case DealCloser::kalai_smorodinsky:
    case DealCloser::egalitarian: {
      const auto proposal =
          std::find_if(state.proposals.begin(), state.proposals.end(), [&](const Proposal& p) {
            return state.phase == Phase::drafting && p.kind == to_string(closer);
          });
      if (proposal == state.proposals.end())
        close_without_agreement(next, std::string("no ") + to_string(closer) +
                                          " proposal to adopt " + when +
                                          " (the analysis had not proposed packages)");
      else
        agree(next, proposal->package, 0, "pre-agreed-rule", proposal->kind, now);
      break;
    }
    case DealCloser::final_offer: {
      const auto& offers = next.state.mechanisms.final_offers;
      if (!chosen || *chosen >= offers.size() || !offers[*chosen].given()) {
        close_without_agreement(next,
                                "no final offer could be chosen " + when +
                                    " (it needs a final offer and the analysis's Nash proposal)");
        break;
      }
      const auto& offer = offers[*chosen];
      require(offer.value.has_value() || chosen_package.has_value(),
              "the chosen final offer is sealed");
      const Outcome package = offer.value ? offer.value->get<Outcome>() : *chosen_package;
      next.record.push_back({{"event", "arbitration"},
                             {"chosen", state.parties.at(*chosen).name},
                             {"package", package_json(package, state.issues)}});
      agree(next, package, 0, "final-offer-arbitration", state.parties.at(*chosen).name, now);
      break;
    }
  }
  return next;
}

// --- Blind bidding ---

Transition open_blind_bidding(const NegotiationState& state, BlindBiddingState bidding) {
  require(state.phase != Phase::closed, "the negotiation is closed");
  const auto& current = state.mechanisms.blind;
  require(!current || current->settlement.has_value(),
          "a blind bidding is open: it settles first (by its rounds or by the neutral)");
  (void)BlindBidding(bidding.rules);  // InputError for rules that cannot work
  if (bidding.low >= state.parties.size() || bidding.high >= state.parties.size() ||
      bidding.low == bidding.high)
    throw InputError("request", std::nullopt, "high", "the same party on both sides",
                     "two different parties");
  bidding.bids.clear();
  bidding.rounds.clear();
  bidding.fair.reset();
  bidding.settlement.reset();
  bidding.settled_by.clear();
  Transition next{state, {}};
  next.record.push_back({{"event", "blind_open"},
                         {"issue", bidding.issue},
                         {"unit", bidding.unit},
                         {"low", state.parties[bidding.low].name},
                         {"high", state.parties[bidding.high].name},
                         {"lower", decimal(bidding.rules.lower)},
                         {"upper", decimal(bidding.rules.upper)},
                         {"rounds", bidding.rules.rounds},
                         {"step", decimal(bidding.rules.step)}});
  next.events.push_back("blind bidding on " + bidding.issue + " opened");
  next.state.mechanisms.blind = std::move(bidding);
  return next;
}

Transition place_blind_bid(const NegotiationState& state, std::size_t party,
                           std::optional<double> secret, std::optional<double> visible,
                           SealedAnswer seal) {
  Transition next{state, {}};
  auto& blind = open_bidding(next.state);
  require(party == blind.low || party == blind.high,
          "party " + state.parties.at(party).name + " is not one of the two bidding sides");
  const BlindSide side = party == blind.low ? BlindSide::low : BlindSide::high;
  const std::size_t round = blind.rounds.size() + 1;
  if (secret) {
    // The library checks the bid against the range and the side's earlier rounds.
    BlindBidding bidding = rebuild_blind_bidding(blind);
    bidding.bid(side, {*secret, visible});
    seal.value = *secret;
  }
  blind.bids.push_back({round, side, visible, std::move(seal)});
  json line = {{"event", "blind_bid"},
               {"party", state.parties[party].name},
               {"round", round},
               {"commitment", blind.bids.back().secret.commitment}};
  if (visible) line["visible"] = decimal(*visible);
  next.record.push_back(std::move(line));
  next.events.push_back("party " + std::to_string(party) + " placed a blind bid in round " +
                        std::to_string(round));
  const auto placed = [&](BlindSide s) {
    return std::any_of(blind.bids.begin(), blind.bids.end(),
                       [&](const auto& b) { return b.round == round && b.side == s; });
  };
  if (!placed(BlindSide::low) || !placed(BlindSide::high)) return next;
  const bool known = std::all_of(blind.bids.begin(), blind.bids.end(),
                                 [](const auto& b) { return b.secret.value.has_value(); });
  if (!known) return next;  // a replay: the round's result is the next line
  // The library closes the round: replay every bid to learn this round's result.
  BlindBidding bidding(blind.rules);
  std::optional<BlindRoundResult> result;
  for (const auto& bid : blind.bids) {
    bidding.bid(bid.side, {bid.secret.value->get<double>(), bid.visible});
    if (bidding.placed(BlindSide::low) && bidding.placed(BlindSide::high))
      result = bidding.close_round();
  }
  append(next, blind_round_result(next.state, round, result->settled, result->value));
  return next;
}

Transition blind_round_result(const NegotiationState& state, std::size_t round, bool settled,
                              std::optional<double> value) {
  Transition next{state, {}};
  auto& blind = open_bidding(next.state);
  require(round == blind.rounds.size() + 1, "round " + std::to_string(round) + " is not open");
  require(settled == value.has_value(), "a settlement needs its value");
  blind.rounds.push_back({round, settled, value});
  json line = {{"event", "blind_round"}, {"round", round}, {"settled", settled}};
  if (value) line["value"] = decimal(*value);
  if (settled) {
    blind.settlement = value;
    blind.settled_by = "crossing";
    next.events.push_back("blind bidding settled at " + decimal(*value));
  } else {
    next.events.push_back("blind bidding round " + std::to_string(round) + ": no settlement");
  }
  next.record.push_back(std::move(line));
  return next;
}

Transition blind_neutral(const NegotiationState& state, double fair, double value) {
  Transition next{state, {}};
  auto& blind = next.state.mechanisms.blind;
  require(blind.has_value(), "no blind bidding is open");
  require(!blind->settlement, "the blind bidding is settled");
  require(blind->rounds.size() >= blind->rules.rounds,
          "the neutral decides only after the last round without settlement");
  blind->fair = fair;
  blind->settlement = value;
  blind->settled_by = "neutral";
  next.record.push_back(
      {{"event", "blind_neutral"}, {"fair", decimal(fair)}, {"value", decimal(value)}});
  next.events.push_back("blind bidding settled by the neutral at " + decimal(value));
  return next;
}

}  // namespace parley::service
