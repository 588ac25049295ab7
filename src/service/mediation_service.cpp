#include "parley/service/mediation_service.hpp"

#include <cctype>
#include <chrono>
#include <ctime>

#include "parley/analysis/improvements.hpp"
#include "parley/manipulate/manipulate.hpp"
#include "parley/service/record.hpp"
#include "parley/service/tokens.hpp"
#include "parley/service/views.hpp"
#include "support/text.hpp"
#include "work_slot.hpp"

namespace parley::service {
namespace {

using nlohmann::json;

std::string utc_now() {
  return format_utc(std::chrono::system_clock::to_time_t(std::chrono::system_clock::now()));
}

void require_party(const Caller& caller) {
  if (caller.role != Role::party) throw AccessDenied("this request is for parties", true);
}

void require_mediator(const Caller& caller) {
  if (caller.role != Role::mediator) throw AccessDenied("this request is for the mediator", true);
}

[[noreturn]] void bad_field(const std::string& field, const std::string& found,
                            const std::string& expected) {
  throw InputError("request", std::nullopt, field, found, expected);
}

const json& body_object(const json& body) {
  if (!body.is_object()) bad_field("body", body.type_name(), "an object");
  return body;
}

const json* find_field(const json& body, const char* key) {
  const auto it = body_object(body).find(key);
  return it == body.end() ? nullptr : &*it;
}

const json& required_field(const json& body, const char* key, const std::string& expected) {
  const json* value = find_field(body, key);
  if (!value) bad_field(key, "nothing", expected);
  return *value;
}

std::vector<std::string> label_list(const json& body, const char* key, std::size_t most) {
  const json& list = required_field(body, key, "a list of labels");
  if (!list.is_array() || list.size() > most)
    bad_field(key, list.is_array() ? std::to_string(list.size()) + " labels" : list.type_name(),
              "a list of at most " + std::to_string(most) + " labels");
  std::vector<std::string> labels;
  for (std::size_t k = 0; k < list.size(); ++k) {
    if (!list[k].is_string())
      bad_field(std::string(key) + "[" + std::to_string(k) + "]", list[k].type_name(), "a label");
    labels.push_back(list[k].get<std::string>());
  }
  return labels;
}

std::int64_t integer_field(const json& body, const char* key) {
  const json& value = required_field(body, key, "a whole number");
  if (!value.is_number_integer()) bad_field(key, value.type_name(), "a whole number");
  return value.get<std::int64_t>();
}

bool bool_field(const json& body, const char* key) {
  const json& value = required_field(body, key, "true or false");
  if (!value.is_boolean()) bad_field(key, value.type_name(), "true or false");
  return value.get<bool>();
}

double number_field(const json& body, const char* key, double lower, double upper) {
  const json& value = required_field(body, key, "a number");
  if (!value.is_number()) bad_field(key, value.type_name(), "a number");
  const double number = value.get<double>();
  if (!std::isfinite(number) || number < lower || number > upper)
    bad_field(key, format_number(number),
              "a number in [" + format_number(lower) + ", " + format_number(upper) + "]");
  return number;
}

std::string text_field(const json& body, const char* key, std::size_t most) {
  const json& value = required_field(body, key, "text");
  if (!value.is_string()) bad_field(key, value.type_name(), "text");
  const auto text = value.get<std::string>();
  if (text.empty() || text.size() > most)
    bad_field(key, std::to_string(text.size()) + " characters",
              "1 to " + std::to_string(most) + " characters");
  parley::detail::require_utf8(text, "request", std::nullopt, key);
  for (const unsigned char c : text)
    if (c < 0x20 || c == 0x7f) bad_field(key, "a control character", "printable text");
  return text;
}

bool agreement_changed(const NegotiationState& before, const NegotiationState& after) {
  return after.agreement &&
         (!before.agreement || before.agreement->package != after.agreement->package);
}

std::string seconds_text(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%g s", seconds);
  return text;
}

}  // namespace

MediationService::MediationService(Database& database, Limits limits, AnalysisSettings analysis,
                                   std::shared_ptr<const SigningKey> signing_key)
    : database_(database),
      limits_(std::move(limits)),
      analysis_(std::move(analysis)),
      signing_key_(signing_key ? std::move(signing_key)
                               : std::make_shared<const SigningKey>(SigningKey::generate())) {
  pool_ = std::make_unique<AnalysisPool>(
      analysis_, [this](const std::string& id, AnalysisJob& job) { run_analysis(id, job); });
  const auto waiting = database_.read(
      [](Connection& connection) { return negotiations_in_phase(connection, Phase::analysing); });
  for (const auto& id : waiting) pool_->enqueue(id);
  deadline_thread_ = std::thread([this] { deadline_loop(); });
}

MediationService::~MediationService() { shutdown(); }

void MediationService::shutdown() {
  {
    std::lock_guard lock(deadline_mutex_);
    stopping_ = true;
  }
  deadline_wake_.notify_all();
  if (deadline_thread_.joinable()) deadline_thread_.join();
  pool_->shutdown();
}

void MediationService::deadline_loop() {
  std::unique_lock lock(deadline_mutex_);
  while (!stopping_) {
    lock.unlock();
    try {
      close_due_negotiations();
    } catch (const std::exception&) {
      // A failing database: the next second tries again; nothing was half-written.
    }
    lock.lock();
    deadline_wake_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_.load(); });
  }
}

std::size_t MediationService::running_analyses() const { return pool_->running_count(); }

NegotiationState MediationService::load(Connection& connection, const std::string& id) {
  auto state = load_negotiation(connection, id);
  if (!state) throw AccessDenied("unknown negotiation", false);
  return std::move(*state);
}

NegotiationState MediationService::read(const std::string& id) {
  return database_.read([&](Connection& connection) { return load(connection, id); });
}

template <typename Step>
NegotiationState MediationService::apply(const std::string& id, Step&& step) {
  return database_.transaction([&](Connection& connection) {
    const NegotiationState before = load(connection, id);
    const Transition next = step(before);
    save_transition(connection, before, next, utc_now());
    return next.state;
  });
}

template <typename Step>
NegotiationState MediationService::apply_certified(const std::string& id, Step&& step) {
  std::optional<Outcome> certified;
  std::optional<AgreementCertificate> certificate;
  try {
    const auto current = read(id);
    const auto next = step(current);
    if (agreement_changed(current, next.state)) {
      certified = next.state.agreement->package;
      certificate = certify_agreement(next.state, *certified);
    }
  } catch (const Error&) {
    // The transaction below reports it.
  }
  return apply(id, [&](const NegotiationState& before) {
    auto next = step(before);
    if (agreement_changed(before, next.state)) {
      if (certified != next.state.agreement->package)
        certificate = certify_agreement(next.state, next.state.agreement->package);
      if (certificate) next.record.push_back(certificate_event(*certificate));
    }
    return next;
  });
}

json MediationService::view_for(const Caller& caller, const NegotiationState& state) {
  return caller.role == Role::party
             ? service::party_view(state, caller.party, std::nullopt, limits_)
             : service::mediator_view(state, std::nullopt);
}

json MediationService::mark_sealed(const Caller& caller, const json& body) {
  require_party(caller);
  const auto items = label_list(body, "accept", 200);
  const auto current = read(caller.negotiation_id);
  SealedAnswer seal =
      seal_answer("sealed-acceptances", current.parties.at(caller.party).name, json(items));
  const auto now = utc_now();
  return view_for(caller,
                  apply_certified(caller.negotiation_id, [&](const NegotiationState& before) {
                    return service::mark_sealed(before, caller.party, items, seal, now);
                  }));
}

json MediationService::answer_proposal(const Caller& caller, const json& body) {
  require_party(caller);
  const auto id = integer_field(body, "id");
  const bool yes = bool_field(body, "accept");
  const auto current = read(caller.negotiation_id);
  SealedAnswer seal =
      seal_answer("mediator-proposal", current.parties.at(caller.party).name, json(yes));
  const auto now = utc_now();
  return view_for(caller,
                  apply_certified(caller.negotiation_id, [&](const NegotiationState& before) {
                    return answer_mediator_proposal(before, caller.party, id, yes, seal, now);
                  }));
}

json MediationService::approve_improvements(const Caller& caller, const json& body) {
  require_party(caller);
  const auto round = integer_field(body, "round");
  const auto labels = label_list(body, "approve", 10);
  const auto current = read(caller.negotiation_id);
  SealedAnswer seal =
      seal_answer("improvements", current.parties.at(caller.party).name, json(labels));
  return view_for(caller,
                  apply_certified(caller.negotiation_id, [&](const NegotiationState& before) {
                    return service::approve_improvements(before, caller.party, round, labels, seal);
                  }));
}

json MediationService::final_offer(const Caller& caller, const json& body) {
  require_party(caller);
  const auto current = read(caller.negotiation_id);
  const Outcome package =
      parse_package(required_field(body, "package", "{issue: option}"), current.issues, "package");
  SealedAnswer seal =
      seal_answer("final-offer", current.parties.at(caller.party).name, json(package));
  return view_for(caller, apply(caller.negotiation_id, [&](const NegotiationState& before) {
                    return submit_final_offer(before, caller.party, package, seal);
                  }));
}

json MediationService::blind_bid(const Caller& caller, const json& body) {
  require_party(caller);
  const double limit = 1e15;
  const double secret = number_field(body, "secret", -limit, limit);
  std::optional<double> visible;
  if (const json* v = find_field(body, "visible"); v && !v->is_null())
    visible = number_field(body, "visible", -limit, limit);
  const auto current = read(caller.negotiation_id);
  SealedAnswer seal =
      seal_answer("blind-bidding", current.parties.at(caller.party).name, json(secret));
  return view_for(caller, apply(caller.negotiation_id, [&](const NegotiationState& before) {
                    return place_blind_bid(before, caller.party, secret, visible, seal);
                  }));
}

json MediationService::put_proposal(const Caller& caller, const json& body) {
  require_mediator(caller);
  const auto current = read(caller.negotiation_id);
  Outcome package;
  std::string source;
  const json* explicit_package = find_field(body, "package");
  const json* kind = find_field(body, "kind");
  if ((explicit_package != nullptr) == (kind != nullptr))
    bad_field("kind", explicit_package ? "both package and kind" : "nothing",
              "either a package or a kind");
  if (explicit_package) {
    package = parse_package(*explicit_package, current.issues, "package");
    source = "the mediator";
  } else {
    const std::string name = text_field(body, "kind", 40);
    if (name == "hardest-to-manipulate") {
      double epsilon = 0.05;
      if (find_field(body, "epsilon")) epsilon = number_field(body, "epsilon", 0.0, 0.99);
      if (current.phase != Phase::drafting)
        throw StateConflict(std::string("no proposal to put: the negotiation is ") +
                            to_string(current.phase));
      if (stopping_) throw ServiceBusy("the service is stopping: try again later");
      const detail::WorkSlot slot(manipulations_running_,
                                  std::max<std::size_t>(analysis_.workers, 1));
      ManipulationOptions options;
      options.max_packages = limits_.max_manipulation_packages;
      const auto hardest = hardest_to_manipulate(negotiation_scenario(current), epsilon, options);
      if (!hardest)
        throw StateConflict(
            "no package gives every party a positive gain: there is no "
            "hardest-to-manipulate compromise to propose");
      package = *hardest;
      source = "hardest-to-manipulate";
    } else {
      const auto found = current.sealed_item_package(name);
      std::vector<std::string> kinds;
      for (const auto& p : current.proposals) kinds.push_back(p.kind);
      kinds.push_back("hardest-to-manipulate");
      if (!found || name.rfind("draft ", 0) == 0)
        bad_field("kind", parley::detail::quoted(name),
                  "one of: " + parley::detail::join_names(kinds));
      package = *found;
      source = name;
    }
  }
  return view_for(caller, apply(caller.negotiation_id, [&](const NegotiationState& before) {
                    return open_mediator_proposal(before, package, source);
                  }));
}

json MediationService::offer_improvements(const Caller& caller, const json& body) {
  require_mediator(caller);
  std::size_t limit = 5;
  if (find_field(body, "limit")) {
    const auto asked = integer_field(body, "limit");
    if (asked < 1 || asked > 10) bad_field("limit", std::to_string(asked), "1 to 10");
    limit = static_cast<std::size_t>(asked);
  }
  const auto current = read(caller.negotiation_id);
  if (current.phase != Phase::agreed || !current.agreement)
    throw StateConflict(std::string("no agreement to improve: the negotiation is ") +
                        to_string(current.phase));
  if (stopping_) throw ServiceBusy("the service is stopping: try again later");
  // Small spaces (the frontier of at most a million packages) are computed at once; larger ones
  // take a place among the heavy analyses (503 when every place is busy).
  const Scenario scenario = negotiation_scenario(current);
  std::optional<detail::WorkSlot> slot;
  if (!scenario.can_enumerate(1'000'000))
    slot.emplace(manipulations_running_, std::max<std::size_t>(analysis_.workers, 1));
  ImprovementOptions options;
  options.limit = limit;
  options.frontier.budget = std::max<std::uint64_t>(analysis_.budget, 1);
  options.frontier.cancelled = [this] { return stopping_.load(); };
  const auto found = improve_agreement(scenario, current.agreement->package, options);
  std::vector<Outcome> packages;
  for (const auto& improvement : found.improvements)
    packages.push_back(improvement.package.outcome);
  return view_for(
      caller, apply(caller.negotiation_id, [&](const NegotiationState& before) {
        if (!before.agreement || before.agreement->package != current.agreement->package)
          throw StateConflict("the agreement changed meanwhile: offer again");
        return service::offer_improvements(before, packages);
      }));
}

json MediationService::close_improvements(const Caller& caller, const json&) {
  require_mediator(caller);
  return view_for(caller, apply(caller.negotiation_id, [&](const NegotiationState& before) {
                    return service::close_improvements(before);
                  }));
}

json MediationService::close_now(const Caller& caller, const json&) {
  require_mediator(caller);
  const auto now = utc_now();
  const auto state = apply_certified(caller.negotiation_id, [&](const NegotiationState& before) {
    return reach_deadline(before, true, arbitrate_final_offers(before), now);
  });
  pool_->cancel(state.id);
  return view_for(caller, state);
}

std::size_t MediationService::close_due_negotiations() {
  const auto now = utc_now();
  const auto due =
      database_.read([&](Connection& connection) { return negotiations_due(connection, now); });
  std::size_t closed = 0;
  for (const auto& id : due) {
    if (stopping_) break;
    try {
      apply_certified(id, [&](const NegotiationState& before) {
        return reach_deadline(before, false, arbitrate_final_offers(before), now);
      });
      pool_->cancel(id);
      ++closed;
    } catch (const StateConflict&) {
      // Agreed or closed meanwhile.
    }
  }
  return closed;
}

json MediationService::open_blind_bidding(const Caller& caller, const json& body) {
  require_mediator(caller);
  const auto current = read(caller.negotiation_id);
  BlindBiddingState bidding;
  bidding.issue = text_field(body, "issue", limits_.max_name_length);
  bidding.unit = find_field(body, "unit") ? text_field(body, "unit", limits_.max_name_length) : "";
  const auto side = [&](const char* key) {
    const std::string name = text_field(body, key, limits_.max_name_length);
    for (std::size_t p = 0; p < current.parties.size(); ++p)
      if (current.parties[p].name == name) return p;
    bad_field(key, parley::detail::quoted(name),
              "a party: " + parley::detail::join_names(current.party_names()));
  };
  bidding.low = side("low");
  bidding.high = side("high");
  const double limit = 1e15;
  bidding.rules.lower = number_field(body, "lower", -limit, limit);
  bidding.rules.upper = number_field(body, "upper", -limit, limit);
  if (find_field(body, "rounds")) {
    const auto rounds = integer_field(body, "rounds");
    if (rounds < 1 || rounds > 20) bad_field("rounds", std::to_string(rounds), "1 to 20 rounds");
    bidding.rules.rounds = static_cast<std::size_t>(rounds);
  }
  if (find_field(body, "step")) bidding.rules.step = number_field(body, "step", 1e-9, limit);
  if ((bidding.rules.upper - bidding.rules.lower) / bidding.rules.step > 10'000)
    bad_field("step", format_number(bidding.rules.step),
              "a step that lists at most 10,000 values over the range");
  return view_for(caller, apply(caller.negotiation_id, [&](const NegotiationState& before) {
                    return service::open_blind_bidding(before, bidding);
                  }));
}

json MediationService::blind_neutral(const Caller& caller, const json& body) {
  require_mediator(caller);
  const auto current = read(caller.negotiation_id);
  if (!current.mechanisms.blind) throw StateConflict("no blind bidding is open");
  const BlindBidding bidding = rebuild_blind_bidding(*current.mechanisms.blind);
  if (current.mechanisms.blind->settlement) throw StateConflict("the blind bidding is settled");
  if (!bidding.finished())
    throw StateConflict("the neutral decides only after the last round without settlement");
  const NeutralRange range = bidding.neutral_range();
  const double fair = number_field(body, "fair", range.from, range.to);
  const double value = bidding.neutral_settlement(fair);
  return view_for(caller, apply(caller.negotiation_id, [&](const NegotiationState& before) {
                    return service::blind_neutral(before, fair, value);
                  }));
}

Invitation MediationService::create(const NegotiationSpec& spec) {
  Invitation invitation;
  invitation.negotiation_id = random_hex(16);
  invitation.mediator_token = new_token();
  invitation.party_names = spec.parties;
  std::vector<TokenRecord> tokens = {{token_hash(invitation.mediator_token), Role::mediator, 0}};
  for (std::size_t p = 0; p < spec.parties.size(); ++p) {
    invitation.party_tokens.push_back(new_token());
    tokens.push_back({token_hash(invitation.party_tokens.back()), Role::party, p});
  }
  const auto now = utc_now();
  const NegotiationState state = new_negotiation(invitation.negotiation_id, spec, now);
  database_.transaction(
      [&](Connection& connection) { insert_negotiation(connection, state, tokens, now); });
  return invitation;
}

Caller MediationService::authenticate(std::string_view token) {
  // Well-formed tokens only: bounded length and the base64url alphabet, before any hashing.
  if (token.empty() || token.size() > 128) throw AccessDenied("missing or invalid token", false);
  for (const char c : token)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'))
      throw AccessDenied("missing or invalid token", false);
  const auto hash = token_hash(token);
  const auto caller =
      database_.read([&](Connection& connection) { return find_token(connection, hash); });
  if (!caller) throw AccessDenied("missing or invalid token", false);
  return *caller;
}

json MediationService::party_view(const Caller& caller) {
  require_party(caller);
  const auto state = read(caller.negotiation_id);
  json view = service::party_view(state, caller.party, pool_->progress(state.id), limits_);
  view["record"] = {{"public_key", signing_public_key()},
                    {"commitment", state.parties.at(caller.party).commitment}};
  return view;
}

json MediationService::mediator_view(const Caller& caller) {
  require_mediator(caller);
  const auto state = read(caller.negotiation_id);
  json view = service::mediator_view(state, pool_->progress(state.id));
  view["record"] = {{"public_key", signing_public_key()}};
  return view;
}

json MediationService::submit_preferences(const Caller& caller, const json& body) {
  require_party(caller);
  Warnings warnings;
  // Checked and respelled before the write transaction (a negotiation's issues never change), so
  // that the transaction only loads, applies and saves.
  const auto current = read(caller.negotiation_id);
  const auto& issues = current.issues;
  const auto submission = parse_preferences(body, issues, &warnings);
  const auto stored = to_json(submission, issues);
  // The record's commitment to them (a fresh salt each time; a party's name never changes).
  const Seal seal = seal_submission(current.parties.at(caller.party).name, stored);
  const bool queue_full = pool_->full();
  const auto state = apply(caller.negotiation_id, [&](const NegotiationState& before) {
    auto next = submit(before, caller.party, stored, submission.share_with_mediator, seal.salt,
                       seal.commitment);
    if (next.state.phase == Phase::analysing && queue_full)
      throw ServiceBusy("the service is busy analysing other negotiations: submit again later");
    return next;
  });
  if (state.phase == Phase::analysing) pool_->enqueue(state.id);
  json view = service::party_view(state, caller.party, pool_->progress(state.id), limits_);
  view["warnings"] = warnings;
  return view;
}

std::vector<double> MediationService::evaluate(const Caller& caller,
                                               const std::vector<json>& packages,
                                               const std::optional<json>& preferences) {
  require_party(caller);
  if (packages.empty() || packages.size() > limits_.max_evaluated_packages)
    throw InputError("request", std::nullopt, "packages",
                     std::to_string(packages.size()) + " packages",
                     "1 to " + std::to_string(limits_.max_evaluated_packages) + " packages");
  const auto state = read(caller.negotiation_id);
  std::shared_ptr<const UtilityFunction> utility;
  if (preferences)
    utility = parse_preferences(*preferences, state.issues).party(state.issues).utility;
  else if (const auto& stored = state.parties.at(caller.party).preferences)
    utility = parse_preferences(*stored, state.issues).party(state.issues).utility;
  else
    throw StateConflict("no preferences submitted yet: send them with the request");
  std::vector<double> utilities;
  for (std::size_t i = 0; i < packages.size(); ++i)
    utilities.push_back(utility->utility(
        parse_package(packages[i], state.issues, "packages[" + std::to_string(i) + "]")));
  return utilities;
}

json MediationService::cancel_analysis(const Caller& caller) {
  require_mediator(caller);
  const auto state = apply(caller.negotiation_id, [](const NegotiationState& before) {
    return service::cancel_analysis(before);
  });
  pool_->cancel(state.id);  // the worker finds the round over and drops its result
  return service::mediator_view(state, pool_->progress(state.id));
}

json MediationService::start_analysis(const Caller& caller) {
  require_mediator(caller);
  const bool queue_full = pool_->full();
  const auto state = apply(caller.negotiation_id, [&](const NegotiationState& before) {
    auto next = service::start_analysis(before);
    if (queue_full)
      throw ServiceBusy("the service is busy analysing other negotiations: try again later");
    return next;
  });
  pool_->enqueue(state.id);
  return service::mediator_view(state, pool_->progress(state.id));
}

json MediationService::vote(const Caller& caller, std::int64_t version, bool accept) {
  require_party(caller);
  const auto now = utc_now();
  // A vote that completes the agreement brings the certificate of its Pareto claim into the
  // record: computed before the write transaction (it may take a while on large spaces), and
  // again inside it only if another request changed the draft meanwhile.
  std::optional<Outcome> certified_package;
  std::optional<AgreementCertificate> certificate;
  if (accept) {
    const auto current = read(caller.negotiation_id);
    try {
      const auto next = service::vote(current, caller.party, version, accept, now);
      if (next.state.agreement) {
        certified_package = next.state.agreement->package;
        certificate = certify_agreement(next.state, *certified_package);
      }
    } catch (const StateConflict&) {
      // The transaction below reports it.
    }
  }
  const auto state = apply(caller.negotiation_id, [&](const NegotiationState& before) {
    auto next = service::vote(before, caller.party, version, accept, now);
    if (next.state.agreement) {
      if (certified_package != next.state.agreement->package)
        certificate = certify_agreement(next.state, next.state.agreement->package);
      if (certificate) next.record.push_back(certificate_event(*certificate));
    }
    return next;
  });
  return service::party_view(state, caller.party, std::nullopt, limits_);
}

json MediationService::change_draft(const Caller& caller, std::int64_t version,
                                    const json& package) {
  const auto state = apply(caller.negotiation_id, [&](const NegotiationState& before) {
    return service::change_draft(before, caller, version,
                                 parse_package(package, before.issues, "package"));
  });
  return caller.role == Role::party
             ? service::party_view(state, caller.party, std::nullopt, limits_)
             : service::mediator_view(state, std::nullopt);
}

std::string MediationService::agreement_document(const Caller& caller) {
  const auto [state, lines] = database_.read([&](Connection& connection) {
    return std::pair(load(connection, caller.negotiation_id),
                     load_record(connection, caller.negotiation_id));
  });
  std::string document = service::agreement_document(state);
  if (!lines.empty())
    document += "\n## Record\n\nThe signed record of this negotiation (" +
                std::to_string(lines.size()) + " events; the last one's SHA-256 is `" +
                sha256_hex(lines.back()) + "`) is signed with the mediator's Ed25519 key `" +
                signing_public_key() +
                "`. Download it (`GET /api/record`, or the page's button) and check it with "
                "`parley replay RECORD`; each party may add its own reveal (`GET /api/reveal`) "
                "so that an auditor can open its commitment and run the analysis again.\n";
  return document;
}

std::string MediationService::record_document(const Caller& caller) {
  auto lines = database_.read([&](Connection& connection) {
    (void)load(connection, caller.negotiation_id);
    return load_record(connection, caller.negotiation_id);
  });
  if (lines.empty())
    throw StateConflict(
        "this negotiation was created before the service kept records: it has none");
  sign_as_mediator(lines, *signing_key_);
  std::string text;
  for (const auto& line : lines) text += line + "\n";
  return text;
}

std::string MediationService::reveal_document(const Caller& caller) {
  require_party(caller);
  const auto state = read(caller.negotiation_id);
  const auto& party = state.parties.at(caller.party);
  if (party.commitment.empty())
    throw StateConflict(party.preferences ? "these preferences were submitted before the service "
                                            "kept records: they have no commitment"
                                          : "no preferences submitted yet: nothing to reveal");
  return reveal_line(party) + "\n";
}

void MediationService::run_analysis(const std::string& id, AnalysisJob& job) {
  // A short read of the committed submissions; the analysis itself holds nothing.
  const auto state =
      database_.read([&](Connection& connection) { return load_negotiation(connection, id); });
  if (!state || state->phase != Phase::analysing) return;
  const std::int64_t round = state->analysis_round;
  // Commits a transition for this round only if the negotiation is still in it.
  const auto commit = [&](const auto& step) {
    database_.transaction([&](Connection& connection) {
      const auto before = load_negotiation(connection, id);
      if (!before || before->phase != Phase::analysing || before->analysis_round != round) return;
      save_transition(connection, *before, step(*before), utc_now());
    });
  };
  try {
    auto result = analyse_negotiation(
        *state, analysis_,
        [&job](double fraction, const std::string& stage) { job.report(fraction, stage); },
        [&job] { return job.cancelled(); });
    commit([&](const NegotiationState& before) {
      return analysis_done(before, round, result.proposals, result.first_draft, result.summary);
    });
  } catch (const Cancelled&) {
    switch (job.reason()) {
      case StopReason::time_cap:
        commit([&](const NegotiationState& before) {
          return analysis_stopped(before, round, AnalysisStop::time_cap,
                                  seconds_text(analysis_.time_cap_seconds));
        });
        break;
      case StopReason::shutdown:  // stays analysing: the next start re-runs it
      case StopReason::request:   // the cancel request already left the analysing phase
      case StopReason::none:
        break;
    }
  } catch (const std::exception& error) {
    if (job.reason() == StopReason::shutdown) return;
    commit([&](const NegotiationState& before) {
      return analysis_stopped(before, round, AnalysisStop::failed, error.what());
    });
  }
}

}  // namespace parley::service
