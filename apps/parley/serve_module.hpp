// `parley serve`'s service part, built as the module parley-serve.so beside the executable: only
// `parley serve` loads it, and with it cpp-httplib, SQLite and OpenSSL (docs/performance.md,
// Start-up). cmd_serve.cpp reads and checks the arguments; the module runs the service.
#pragma once

#include <string>

#include "parley/service/analysis_pool.hpp"
#include "parley/service/server.hpp"

namespace parley::cli {

struct ServeSettings {
  service::ServerOptions server;
  service::AnalysisSettings analysis;
  std::string database = "parley.db";
  std::string port_file;  // empty: none
  // The Ed25519 key that signs the records (PEM; created when missing). Empty: the database's
  // path with ".signing-key.pem" added (a fresh key, never saved, for ":memory:").
  std::string signing_key;
};

}  // namespace parley::cli

// Runs the service until SIGINT or SIGTERM; returns the exit code. Throws parley::Error.
extern "C" __attribute__((visibility("default"))) int parley_serve_run(
    const parley::cli::ServeSettings* settings);

namespace parley::cli {
struct ReplaySettings;
}
// `parley replay` of a record the service wrote (protocol single-text): 0 when it verifies and
// replays identically, 1 otherwise. Throws parley::Error.
extern "C" __attribute__((visibility("default"))) int parley_replay_service_run(
    const parley::cli::ReplaySettings* settings);
