// The HTTP front-end of the mediation service (`parley serve`): a JSON API (docs/openapi.yaml)
// and the web page, over cpp-httplib, with TLS when given a certificate and key.
//
// Handlers only translate requests into MediationService calls and results into JSON. Every request
// is authorised by a bearer token (Authorization: Bearer TOKEN), size-limited, and rate-limited
// with token buckets: per client address (every API request), per token (requests carrying one)
// and, for creating a negotiation, per client address again with a stricter bucket. Creating may
// need an admin token. Connections are served by src/service/connections.hpp (a thread each up to
// a cap, whole-head deadlines, body caps that hold for chunked bodies). Each request is logged as
// one line: method, path, status, role, milliseconds, every field escaped; never a token, a body
// or a preference.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "parley/service/mediation_service.hpp"

namespace parley::service {

// Token bucket per key: `rate` requests per second on average, bursts up to `burst`.
class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  RateLimiter(double rate, double burst);
  // True when the key may make one more request at `now` (and takes a token).
  bool allow(const std::string& key, Clock::time_point now = Clock::now());

 private:
  struct Bucket {
    double tokens;
    Clock::time_point updated;
  };
  double rate_;
  double burst_;
  std::mutex mutex_;
  std::map<std::string, Bucket> buckets_;
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port (see Server::port())
  // Folder of the built web page (web/dist); empty: API only.
  std::string web_dir;
  // PEM files; both given: HTTPS only.
  std::string certificate_file;
  std::string private_key_file;
  double requests_per_second = 50.0;  // per token
  double burst = 100.0;
  // Every API request is also charged to its client address's bucket: this many times larger.
  double address_factor = 4.0;
  // Creating a negotiation (POST /api/negotiations), per client address.
  double creations_per_minute = 10.0;
  double creation_burst = 20.0;
  // When not empty, creating a negotiation needs `Authorization: Bearer <admin_token>`.
  std::string admin_token;
  // The address of a reverse proxy: requests from it are charged to the last X-Forwarded-For
  // hop (when it is an IP address) instead of the proxy's address.
  std::string trusted_proxy;
  std::size_t threads = 32;            // connection threads started in advance
  std::size_t max_connections = 512;   // served at once; more wait in the listen backlog
  double header_timeout_seconds = 10;  // request line and headers, whole
  double body_timeout_seconds = 30;    // body, handling and response, whole
  std::size_t max_body_bytes = 64 * 1024;
  // Receives one line per request; empty: standard error.
  std::function<void(const std::string&)> log;
};

class Server {
 public:
  Server(MediationService& mediation, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the address; returns the port (the chosen one when options.port is 0). Throws Error
  // when the address cannot be bound or the certificate cannot be loaded.
  int bind();
  int port() const noexcept;
  bool tls() const noexcept;
  // Serves until stop() (call bind() first). Returns once the listening socket is closed and
  // every request being served has been answered (idle keep-alive connections close within 1 s).
  void run();
  // True once run() accepts connections (until stop()).
  bool running() const;
  // Stops accepting connections; safe from any thread (not from a signal handler).
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Writes the bound port, one line, to `path` atomically (for scripts that start the server with
// port 0 and wait for the file): a reader sees no file or the whole number. Throws IoError.
void write_port_file(const std::string& path, int port);

}  // namespace parley::service
