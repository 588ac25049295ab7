// The proof commands' work, built as the module parley-certify.so beside the executable: only
// `parley certify`, `negotiate --record`, `replay`, `countersign` and `keygen` load it, and with it
// GMP and OpenSSL (docs/performance.md, Start-up). The commands (cmd_certify.cpp, cmd_record.cpp,
// cmd_negotiate.cpp) read the arguments and the scenario; the module computes, writes and prints.
#pragma once

#include <string>
#include <vector>

#include "parley/certify/certify.hpp"
#include "parley/record/record.hpp"

namespace parley::cli {

struct CertifySettings {
  const Scenario* scenario = nullptr;
  CertifyOptions options;
  std::string output;  // empty: the certificate goes to standard output
};

// `parley negotiate --record`: the session is played; the module certifies the agreement, signs
// and writes the record (and the reveal, the certificate when asked).
struct RecordSettings {
  const Scenario* scenario = nullptr;
  const SessionResult* result = nullptr;
  NegotiationRecordInput input;
  std::string record_path, key_path, reveal_path, certificate_path;
};

struct ReplaySettings {
  std::string record, scenario;
  std::vector<std::string> reveals;  // reveal files, their lines read in order
  std::string export_dir;            // service records: where to write the scenario, certificate
};

struct CountersignSettings {
  std::string record, key, signer;
};

}  // namespace parley::cli

// Each returns the exit code and throws parley::Error on errors.
// Certifies, writes the certificate (to settings->output, or standard output) and prints the
// summary (standard output when the certificate goes to a file, else one line on standard
// error). 1 when a claim could not be proved.
extern "C" __attribute__((visibility("default"))) int parley_certify_run(
    const parley::cli::CertifySettings* settings);
extern "C" __attribute__((visibility("default"))) int parley_record_write(
    const parley::cli::RecordSettings* settings);
// 0 when the record verifies and replays identically, 1 otherwise (the first differing line named).
extern "C" __attribute__((visibility("default"))) int parley_replay_run(
    const parley::cli::ReplaySettings* settings);
extern "C" __attribute__((visibility("default"))) int parley_countersign_run(
    const parley::cli::CountersignSettings* settings);
// The solutions' claims in words for `parley solve --proofs` (text) and the brief of
// `parley report` (its "Proofs" section, XHTML); a scenario certificates cannot cover gives one
// sentence saying why. Never throws for that: only for a cancelled run.
extern "C" __attribute__((visibility("default"))) int parley_certify_words(
    const parley::cli::CertifySettings* settings, std::string* text, std::string* html);
// Writes a fresh Ed25519 private key (PEM, mode 0600) to `path`, never over an existing file.
extern "C" __attribute__((visibility("default"))) int parley_keygen_run(const std::string* path);
