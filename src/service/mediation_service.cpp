#include "parley/service/mediation_service.hpp"

#include <cctype>
#include <chrono>
#include <ctime>

#include "parley/service/record.hpp"
#include "parley/service/tokens.hpp"
#include "parley/service/views.hpp"

namespace parley::service {
namespace {

using nlohmann::json;

std::string utc_now() {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm parts{};
  gmtime_r(&now, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

void require_party(const Caller& caller) {
  if (caller.role != Role::party) throw AccessDenied("this request is for parties", true);
}

void require_mediator(const Caller& caller) {
  if (caller.role != Role::mediator) throw AccessDenied("this request is for the mediator", true);
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
}

MediationService::~MediationService() { shutdown(); }

void MediationService::shutdown() {
  stopping_ = true;
  pool_->shutdown();
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
