// The module parley-serve.so: `parley serve` once its arguments are read (serve_module.hpp).
//
// Shutdown: SIGINT and SIGTERM are blocked in every thread and taken by one thread with sigwait
// (no signal handler runs at all); it stops the HTTP server, then the analyses are cancelled
// (they stay `analysing` in the database and run again on the next start) and the database is
// closed. Committed writes are never touched.
#include "serve_module.hpp"

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <thread>

#include "certify_module.hpp"
#include "checker_run.hpp"
#include "parley/service/mediation_service.hpp"
#include "parley/service/record.hpp"
#include "parley/service/server.hpp"
#include "parley/service/store.hpp"

namespace {

// The signals the stopping thread waits for; SIGUSR1 wakes it when the server ends on its own.
sigset_t stop_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGUSR1);
  return signals;
}

}  // namespace

int parley_serve_run(const parley::cli::ServeSettings* settings) {
  using namespace parley;
  // Blocked before any thread starts, so every thread inherits the mask.
  const sigset_t signals = stop_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  // The key that signs every negotiation's record: beside the database unless named.
  std::shared_ptr<const SigningKey> key;
  std::string key_note = "a fresh key, not saved";
  if (!settings->signing_key.empty() || settings->database != ":memory:") {
    const std::string path = settings->signing_key.empty() ? settings->database + ".signing-key.pem"
                                                           : settings->signing_key;
    bool created = false;
    key = std::make_shared<const SigningKey>(service::signing_key_at(path, &created));
    key_note = path + (created ? ", created" : "");
  } else {
    key = std::make_shared<const SigningKey>(SigningKey::generate());
  }
  service::Database database(settings->database);
  service::MediationService mediation(database, service::Limits{}, settings->analysis, key);
  service::Server server(mediation, settings->server);
  const int port = server.bind();
  std::cout << "parley serve: listening on " << (server.tls() ? "https" : "http") << "://"
            << settings->server.host << ":" << port << "/ (database " << settings->database
            << (settings->server.web_dir.empty() ? ", no web page" : "") << ")\n"
            << "parley serve: records signed with Ed25519 key " << key->public_key_hex() << " ("
            << key_note << ")" << std::endl;
  if (!settings->port_file.empty()) service::write_port_file(settings->port_file, port);
  std::atomic<bool> finished{false};
  std::thread stopper([&] {
    int signal = 0;
    if (sigwait(&signals, &signal) != 0 || finished) return;
    std::cerr << "parley serve: stopping (" << (signal == SIGINT ? "SIGINT" : "SIGTERM") << ")"
              << std::endl;
    // stop() before run() has started listening does nothing: repeat until run() returns.
    while (!finished) {
      server.stop();
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  server.run();
  finished = true;
  pthread_kill(stopper.native_handle(), SIGUSR1);
  stopper.join();
  mediation.shutdown();
  return 0;
}

int parley_replay_service_run(const parley::cli::ReplaySettings* settings) {
  using namespace parley;
  const auto lines = read_record_lines(settings->record);
  std::vector<std::string> reveals;
  for (const auto& file : settings->reveals)
    for (auto& line : read_record_lines(file)) reveals.push_back(std::move(line));
  const service::ServiceReplay replay = service::replay_service_record(lines, reveals);
  const RecordVerdict& verdict = replay.verdict;
  for (const auto& signer : verdict.signers) std::cout << "signed by " << signer << "\n";
  for (const auto& note : verdict.notes) std::cout << note << "\n";
  if (!verdict.ok) {
    std::cout << settings->record << ":";
    if (verdict.line > 0) std::cout << verdict.line << ":";
    std::cout << " " << verdict.message << "\n";
    return 1;
  }
  if (replay.certificate_json &&
      !cli::check_replayed_certificate("negotiation.yaml", *replay.certificate_json,
                                       replay.scenario_yaml))
    return 1;
  if (!settings->export_dir.empty()) {
    if (!replay.scenario_yaml)
      throw InputError(settings->record, std::nullopt, "--export", "reveals of some parties only",
                       "every party's reveal (--reveal, once per party)");
    for (const auto& written : service::export_replay(replay, settings->export_dir))
      std::cout << "written: " << written << "\n";
    if (replay.certificate_json)
      std::cout << "check the certificate with: parley check " << settings->export_dir
                << "/negotiation.yaml " << settings->export_dir << "/agreement-certificate.json\n";
  }
  std::cout << "record verified and replayed\n";
  return 0;
}
