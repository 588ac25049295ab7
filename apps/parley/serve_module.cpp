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

#include "parley/service/mediation_service.hpp"
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
  service::Database database(settings->database);
  service::MediationService mediation(database, service::Limits{}, settings->analysis);
  service::Server server(mediation, settings->server);
  const int port = server.bind();
  std::cout << "parley serve: listening on " << (server.tls() ? "https" : "http") << "://"
            << settings->server.host << ":" << port << "/ (database " << settings->database
            << (settings->server.web_dir.empty() ? ", no web page" : "") << ")" << std::endl;
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
