// Signed, replayable records of a negotiation (docs/records.md).
//
// A record is an append-only JSON Lines file: one event per line, each line in canonical JSON
// (RFC 8785, "JSON Canonicalization Scheme": keys sorted, no spaces, UTF-8; records hold only
// strings, integers, booleans, null, arrays and objects, so numbers need no canonical float
// form: every utility and probability is an exact rational written as a string "p/q"). Each line
// carries `prev`, the SHA-256 (FIPS 180-4) of the previous line's bytes, so that editing any byte
// breaks the chain at the next line. Each party's preferences appear only as a commitment,
// SHA-256(salt || canonical preferences), so that the record reveals nothing of them; the salts go
// to a separate reveal file for whoever may audit. The last lines sign the head (the SHA-256 of
// the line before) with Ed25519 (RFC 8032), the mediator's key first, then any party's
// countersignature. Methods: Certificate Transparency's hash chains (RFC 6962), commit-reveal
// commitments (Parkes, Rabin, Shieber & Thorpe 2008). Cryptography: OpenSSL's EVP API.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parley/model/scenario.hpp"
#include "parley/negotiate/negotiation.hpp"

namespace parley {

// SHA-256 of bytes, as 64 lower-case hex digits.
std::string sha256_hex(std::string_view bytes);

// An Ed25519 key pair. The private key is read from a PEM file (`openssl genpkey -algorithm
// ed25519`, or parley keygen) or made fresh; the public key is 32 bytes, shown as 64 hex digits.
class SigningKey {
 public:
  // Throws IoError when the file cannot be read, InputError naming it when it is not an Ed25519
  // private key in PEM.
  static SigningKey from_pem_file(const std::string& path);
  // A fresh key from the system's random generator.
  static SigningKey generate();
  // From the 32-byte seed (RFC 8032's "secret key"), as 64 hex digits.
  static SigningKey from_seed_hex(const std::string& seed_hex);

  SigningKey(SigningKey&&) noexcept;
  SigningKey& operator=(SigningKey&&) noexcept;
  ~SigningKey();

  std::string public_key_hex() const;
  // The 64-byte signature of `message`, as 128 hex digits.
  std::string sign_hex(std::string_view message) const;
  // The private key in PEM (PKCS#8), for writing to a file.
  std::string private_pem() const;

 private:
  SigningKey() = default;
  void* key_ = nullptr;  // EVP_PKEY
};

// True when `signature_hex` is a valid Ed25519 signature of `message` by `public_key_hex`.
bool verify_signature(const std::string& public_key_hex, std::string_view message,
                      const std::string& signature_hex);

// Canonical JSON (RFC 8785) of a JSON text holding no floating-point number: Error otherwise.
std::string canonical_json(std::string_view json_text);

// Everything a record of `parley negotiate` needs besides the session itself.
struct NegotiationRecordInput {
  std::string scenario_path;        // as given to parley negotiate (the files' hashes are recorded)
  std::vector<std::string> agents;  // canonical spellings, in seat order
  SessionOptions options;
  // One salt per party (64 hex digits), from the system's random generator when empty.
  std::vector<std::string> salts;
  // The certificate of the agreement's Pareto claim (its SHA-256 is recorded), when any.
  std::optional<std::string> certificate_json;
  std::string certificate_claim;  // "pareto" or "not_pareto"
};

struct Record {
  std::vector<std::string> lines;  // each without its newline
  // The reveal: each party's salt and canonical preferences (JSON Lines, one per party), for an
  // auditor; never part of the record.
  std::vector<std::string> reveal;
  std::string text() const;  // lines joined, each ending with a newline
};

// The record of a finished session, signed with `key`. The scenario must come from files
// (the record names them with their SHA-256) and be linear-additive over discrete issues (the
// commitments hold the exact preferences of docs/certificates.md).
Record record_negotiation(const Scenario& scenario, const NegotiationRecordInput& input,
                          const SessionResult& result, const SigningKey& key);

// Appends a countersignature of the record's head (the last line) with `key`.
void countersign(Record& record, const SigningKey& key, const std::string& signer);

// What reading a record found: the first line that breaks it (1-based; 0 when none).
struct RecordVerdict {
  bool ok = true;
  std::size_t line = 0;
  std::string message;               // why the line breaks the record
  std::vector<std::string> signers;  // "mediator 3b6a27bc...", "party japan 9d3f..."
  std::vector<std::string> notes;    // what was checked, in sentences
  // replay_record: the agreement's certificate as certified again (its SHA-256 matched the
  // record's), for a checker; empty when the record has none.
  std::optional<std::string> certificate;
};

// Checks the chain (every `prev`), the canonical form of every line and every signature.
RecordVerdict verify_record(const std::vector<std::string>& lines);

// Verifies the record, then re-runs the negotiation it describes from the scenario at
// `scenario_path` (whose files must hash as recorded) and compares every line; with `reveal`
// lines, also checks each commitment against the scenario's preferences. The verdict names the
// first line that differs.
RecordVerdict replay_record(const std::vector<std::string>& lines, const std::string& scenario_path,
                            const std::vector<std::string>& reveal = {});

// The building blocks of records written elsewhere (the mediation service's, src/service):
// SHA-256(salt || canonical preferences), with the salt as the 64 hex digits written in the record
// and the reveal;
std::string record_commitment(const std::string& salt_hex, std::string_view canonical_preferences);
// `event_json` (a JSON object without floating-point numbers) with `prev` set to the SHA-256 of
// `previous_line` (64 zeros when it is empty), in canonical JSON: the next line of a record;
std::string chained_line(std::string_view event_json, std::string_view previous_line);
// the mediator's signature line over the last line of `lines`, appended.
void sign_as_mediator(std::vector<std::string>& lines, const SigningKey& key);

// Reads a record (or reveal) file into lines. Throws IoError.
std::vector<std::string> read_record_lines(const std::string& path);

}  // namespace parley
