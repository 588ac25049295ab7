// The signed record of every negotiation of the mediation service (docs/records.md, "Records of
// the mediation service").
//
// The negotiation's transitions (parley/service/negotiation.hpp) write its events; the store
// chains them into lines of canonical JSON (RFC 8785), each with the SHA-256 of the line before
// (parley/record/record.hpp). A party's preferences enter the record only as a commitment,
// SHA-256(salt || canonical submission), where the canonical submission is the party's stored
// preferences (parley/service/preferences.hpp, to_json) with every number written as its shortest
// round-trip decimal in a string, so that the commitment is exact and the reveal rebuilds the
// very doubles the analysis used. When every party accepts the draft, the agreement's Pareto claim
// is certified (parley/certify) on the negotiation written as a native scenario file
// (negotiation_yaml) and the certificate's SHA-256 enters the record. A download appends the
// mediator's Ed25519 signature over the head.
//
// replay_service_record() checks the chain and the signatures, opens each revealed commitment,
// then applies every recorded event through the same transitions and compares what they write
// with what was recorded, byte for byte; with every party's reveal it also runs the analysis
// again (the same work budget: the same proposals) and certifies the agreement again.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "parley/record/record.hpp"
#include "parley/service/negotiation.hpp"

namespace parley::service {

// {"party": NAME, ...the stored preferences with numbers as decimal strings} in canonical JSON.
std::string canonical_submission(const std::string& party, const nlohmann::json& stored);
// The stored preferences a canonical submission stands for (numbers back from their strings);
// throws InputError naming `where` when it is not one.
nlohmann::json submission_from_canonical(const nlohmann::json& canonical, const std::string& where);

// A fresh salt and the commitment to `stored` (a party's stored preferences).
struct Seal {
  std::string salt, commitment;
};
Seal seal_submission(const std::string& party, const nlohmann::json& stored);

// A party's reveal: {"commitment", "party", "preferences", "salt"} in canonical JSON (one line).
std::string reveal_line(const PartyState& party);

// The negotiation as a native scenario file (parley: 1), in JSON, which is YAML: every party's
// stored preferences with their numbers as written in the commitments. Every party must have
// submitted.
std::string negotiation_yaml(const NegotiationState& state);

// The certificate of the claim "the agreement is Pareto-optimal" (or the package that dominates
// it) on negotiation_yaml(state); empty when it cannot be certified (then the record has no
// certificate line).
struct AgreementCertificate {
  std::string json;   // parley-certificate/1
  std::string claim;  // "pareto", "not_pareto"
  std::string status;
};
std::optional<AgreementCertificate> certify_agreement(const NegotiationState& state,
                                                      const Outcome& agreement);
nlohmann::json certificate_event(const AgreementCertificate& certificate);

// The service's signing key: read from `path` (PEM, Ed25519), or made and written there (mode
// 0600) when the file does not exist.
SigningKey signing_key_at(const std::string& path, bool* created = nullptr);

// What an auditor gets back from a replay besides the verdict.
struct ServiceReplay {
  RecordVerdict verdict;
  // With every party's reveal: the negotiation file and the agreement's certificate, for
  // `parley check`.
  std::optional<std::string> scenario_yaml, certificate_json;
};
ServiceReplay replay_service_record(const std::vector<std::string>& lines,
                                    const std::vector<std::string>& reveals);
// Writes the replay's negotiation.yaml and agreement-certificate.json (when there is one) into
// `folder` (created when missing), each atomically; returns their paths.
std::vector<std::string> export_replay(const ServiceReplay& replay, const std::string& folder);

}  // namespace parley::service
