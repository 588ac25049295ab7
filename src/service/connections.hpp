// The connections of `parley serve`, below cpp-httplib's request parsing (private to the service).
//
// cpp-httplib 0.11 serves each connection on one thread of a fixed pool, reads a request's head
// byte by byte with no limit on its total size or time, and reads chunked bodies without its
// payload limit. Here the service accepts connections itself and hands each request to httplib's
// request processing (Server::process_request) through a Stream of its own, which enforces:
// - a thread per connection (idle threads reused), at most `max_connections` at once: beyond it
//   new connections wait in the kernel's listen backlog;
// - a whole-head deadline (request line and headers within `header_seconds` of their first byte)
//   and a head size cap, so that a slow or endless head frees its thread;
// - after the head (Connection::begin_body, called by the server's pre-routing handler): a body
//   size cap on the bytes read and a deadline for body, handling and response;
// - a keep-alive idle timeout, and stop(): connections waiting for a request end at once,
//   requests being served are answered.
#pragma once

#include <httplib.h>
#include <openssl/ssl.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace parley::service::net {

struct ConnectionLimits {
  double header_seconds = 10.0;  // request line + headers, from their first byte
  double body_seconds = 30.0;    // body + handling + response, from the end of the head
  double idle_seconds = 1.0;     // keep-alive: waiting for the next request
  double read_seconds = 5.0;     // one read or write making no progress
  std::size_t head_bytes = 32 * 1024;
  std::size_t body_bytes = 128 * 1024;  // bytes read after the head (chunk framing included)
  std::size_t requests_per_connection = 1000;
};

// What the stream of the connection being served on this thread saw (see current_connection()).
class Connection {
 public:
  virtual ~Connection() = default;
  // The head was read: the body's cap and deadline apply from now on.
  virtual void begin_body() = 0;
  // Close the connection once the response is written (its body was not read, or was refused).
  virtual void close_after_response() = 0;
  virtual bool head_too_large() const = 0;
  // The head held a NUL or another control byte (other than tab, CR, LF).
  virtual bool head_invalid() const = 0;
  virtual bool body_too_large() const = 0;
  virtual bool timed_out() const = 0;
  // When the current request's head began (or the connection, for its first request).
  virtual std::chrono::steady_clock::time_point started() const = 0;
};

// The connection served on the calling thread, nullptr on other threads.
Connection* current_connection();

class ConnectionServer {
 public:
  // Processes one request read from the stream (httplib's Server::process_request).
  using Process = std::function<bool(httplib::Stream&, bool close_connection, bool& closed)>;

  // `listening`: a bound, listening socket (not owned: closed by stop()/run()'s end);
  // `tls`: the context of an HTTPS server, else nullptr.
  ConnectionServer(int listening, SSL_CTX* tls, ConnectionLimits limits,
                   std::size_t max_connections, std::size_t warm_threads, Process process);
  ~ConnectionServer();
  ConnectionServer(const ConnectionServer&) = delete;
  ConnectionServer& operator=(const ConnectionServer&) = delete;

  // Accepts and serves until stop(); returns once every connection has ended.
  void run();
  bool running() const { return running_; }
  // Safe from any thread; before run(), run() returns at once.
  void stop();
  // Connections being served or waiting for a thread.
  std::size_t open_connections();

 private:
  void serve(int socket);
  void worker();

  int listening_;
  SSL_CTX* tls_;
  ConnectionLimits limits_;
  std::size_t max_connections_;
  Process process_;
  int stop_event_;
  std::atomic<bool> running_{false};
  std::atomic<bool> stopping_{false};

  std::mutex mutex_;
  std::condition_variable work_;
  std::condition_variable slot_;
  std::deque<int> pending_;
  std::size_t open_ = 0;
  std::size_t idle_ = 0;
  std::vector<std::thread> threads_;
};

}  // namespace parley::service::net
