#include "connections.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>

#include "parley/support/error.hpp"

namespace parley::service::net {
namespace {

using Clock = std::chrono::steady_clock;

thread_local Connection* serving = nullptr;

Clock::time_point after(double seconds) {
  return Clock::now() +
         std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
}

std::string address_text(const sockaddr_storage& address, int& port) {
  char text[INET6_ADDRSTRLEN] = {};
  if (address.ss_family == AF_INET) {
    const auto& v4 = reinterpret_cast<const sockaddr_in&>(address);
    ::inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
    port = ntohs(v4.sin_port);
  } else if (address.ss_family == AF_INET6) {
    const auto& v6 = reinterpret_cast<const sockaddr_in6&>(address);
    ::inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
    port = ntohs(v6.sin6_port);
  } else {
    port = -1;
  }
  return text;
}

enum class Wait { ready, timeout, stopped, failed };

// The stream of one connection (plain or TLS) with the caps and deadlines of connections.hpp.
class ConnectionStream final : public httplib::Stream, public Connection {
 public:
  ConnectionStream(int socket, SSL* ssl, const ConnectionLimits& limits, int stop_event)
      : socket_(socket), ssl_(ssl), limits_(limits), stop_event_(stop_event) {}

  // --- Connection
  void begin_body() override {
    in_head_ = false;
    budget_ = limits_.body_bytes;
    deadline_ = after(limits_.body_seconds);
  }
  void close_after_response() override { close_ = true; }
  bool head_too_large() const override { return head_too_large_; }
  bool head_invalid() const override { return head_invalid_; }
  bool body_too_large() const override { return body_too_large_; }
  bool timed_out() const override { return timed_out_; }
  Clock::time_point started() const override { return started_; }

  // A new request: its head must arrive within the head's cap and deadline.
  void begin_request() {
    in_head_ = true;
    budget_ = limits_.head_bytes;
    started_ = Clock::now();
    deadline_ = started_ + std::chrono::duration_cast<Clock::duration>(
                               std::chrono::duration<double>(limits_.header_seconds));
  }
  bool must_close() const { return close_ || failed_; }
  bool has_buffered() const { return begin_ < end_ || (ssl_ && SSL_pending(ssl_) > 0); }

  // Waits until the socket is readable (or `seconds` pass, or the server stops).
  Wait wait_readable(double seconds) {
    if (has_buffered()) return Wait::ready;
    return wait(POLLIN,
                Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                   std::chrono::duration<double>(seconds)),
                true);
  }

  // --- httplib::Stream
  bool is_readable() const override { return has_buffered() || poll_now(POLLIN); }
  bool is_writable() const override { return !write_failed_ && poll_now(POLLOUT); }

  ssize_t read(char* data, size_t size) override {
    if (failed_) return -1;
    if (budget_ == 0) {
      (in_head_ ? head_too_large_ : body_too_large_) = true;
      failed_ = true;
      return -1;
    }
    if (begin_ == end_) {
      const ssize_t got = fill();
      if (got <= 0) return got;
    }
    const std::size_t count = std::min({size, end_ - begin_, budget_});
    if (in_head_) {
      // A head is text: a NUL or another control byte (cpp-httplib would cut a header value
      // there, so that "TOKEN\0junk" read as TOKEN) refuses the request (RFC 9110 5.5).
      for (std::size_t i = 0; i < count; ++i) {
        const auto c = static_cast<unsigned char>(buffer_[begin_ + i]);
        if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7f) {
          head_invalid_ = true;
          return fail();
        }
      }
    }
    std::memcpy(data, buffer_.data() + begin_, count);
    begin_ += count;
    budget_ -= count;
    return static_cast<ssize_t>(count);
  }

  ssize_t write(const char* data, size_t size) override {
    // (A failed read still lets the answer go out.)
    if (write_failed_) return -1;
    for (;;) {
      if (ssl_) {
        const int n = SSL_write(ssl_, data, static_cast<int>(std::min<size_t>(size, 1 << 30)));
        if (n > 0) return n;
        const int error = SSL_get_error(ssl_, n);
        if (error == SSL_ERROR_WANT_WRITE || error == SSL_ERROR_WANT_READ) {
          if (wait(error == SSL_ERROR_WANT_WRITE ? POLLOUT : POLLIN, step_deadline(), false) !=
              Wait::ready)
            return fail_write();
          continue;
        }
        return fail_write();
      }
      const ssize_t n = ::send(socket_, data, size, MSG_NOSIGNAL);
      if (n >= 0) return n;
      if (errno == EINTR) continue;
      if ((errno == EAGAIN || errno == EWOULDBLOCK) &&
          wait(POLLOUT, step_deadline(), false) == Wait::ready)
        continue;
      return fail_write();
    }
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    port = -1;
    if (::getpeername(socket_, reinterpret_cast<sockaddr*>(&address), &length) == 0)
      ip = address_text(address, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    port = -1;
    if (::getsockname(socket_, reinterpret_cast<sockaddr*>(&address), &length) == 0)
      ip = address_text(address, port);
  }
  socket_t socket() const override { return socket_; }

  // TLS handshake within the head's deadline.
  bool handshake() {
    for (;;) {
      const int n = SSL_accept(ssl_);
      if (n == 1) return true;
      const int error = SSL_get_error(ssl_, n);
      if ((error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE) ||
          wait(error == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, step_deadline(), true) !=
              Wait::ready)
        return false;
    }
  }

 private:
  ssize_t fail() {
    failed_ = true;
    return -1;
  }
  ssize_t fail_write() {
    failed_ = write_failed_ = true;
    return -1;
  }

  // The deadline of one step: the request's deadline, and no more than read_seconds from now.
  Clock::time_point step_deadline() const {
    return std::min(deadline_, after(limits_.read_seconds));
  }

  bool poll_now(short events) const {
    pollfd entry{socket_, events, 0};
    return ::poll(&entry, 1, 0) > 0 && (entry.revents & events) != 0;
  }

  // Waits for `events` until `until`; while `stoppable` (waiting for a request or reading its
  // head), the server's stop ends the wait.
  Wait wait(short events, Clock::time_point until, bool stoppable) {
    for (;;) {
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(until - Clock::now()).count();
      if (left <= 0) {
        timed_out_ = true;
        return Wait::timeout;
      }
      std::array<pollfd, 2> entries = {pollfd{socket_, events, 0}, pollfd{stop_event_, POLLIN, 0}};
      const int n = ::poll(entries.data(), stoppable ? 2 : 1, static_cast<int>(left));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return Wait::failed;
      if (n == 0) continue;  // the loop checks the deadline
      if (stoppable && (entries[1].revents & POLLIN)) return Wait::stopped;
      return Wait::ready;
    }
  }

  // Reads what the socket has into the buffer: > 0 bytes, 0 at the end, -1 on failure.
  ssize_t fill() {
    begin_ = end_ = 0;
    for (;;) {
      if (ssl_) {
        const int n = SSL_read(ssl_, buffer_.data(), static_cast<int>(buffer_.size()));
        if (n > 0) {
          end_ = static_cast<std::size_t>(n);
          return n;
        }
        const int error = SSL_get_error(ssl_, n);
        if (error == SSL_ERROR_ZERO_RETURN) return 0;
        if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) {
          if (wait(error == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, step_deadline(), in_head_) !=
              Wait::ready)
            return fail();
          continue;
        }
        return fail();
      }
      const ssize_t n = ::recv(socket_, buffer_.data(), buffer_.size(), 0);
      if (n > 0) {
        end_ = static_cast<std::size_t>(n);
        return n;
      }
      if (n == 0) return 0;
      if (errno == EINTR) continue;
      if ((errno == EAGAIN || errno == EWOULDBLOCK) &&
          wait(POLLIN, step_deadline(), in_head_) == Wait::ready)
        continue;
      return fail();
    }
  }

  int socket_;
  SSL* ssl_;
  const ConnectionLimits& limits_;
  int stop_event_;
  std::array<char, 16 * 1024> buffer_{};
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
  bool in_head_ = true;
  std::size_t budget_ = 0;
  Clock::time_point deadline_ = Clock::now();
  Clock::time_point started_ = Clock::now();
  bool close_ = false;
  bool failed_ = false;
  bool write_failed_ = false;
  bool head_too_large_ = false;
  bool head_invalid_ = false;
  bool body_too_large_ = false;
  bool timed_out_ = false;
};

}  // namespace

Connection* current_connection() { return serving; }

ConnectionServer::ConnectionServer(int listening, SSL_CTX* tls, ConnectionLimits limits,
                                   std::size_t max_connections, std::size_t warm_threads,
                                   Process process)
    : listening_(listening),
      tls_(tls),
      limits_(limits),
      max_connections_(std::max<std::size_t>(1, max_connections)),
      process_(std::move(process)),
      stop_event_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
  if (stop_event_ < 0) throw Error(std::string("eventfd failed: ") + std::strerror(errno));
  std::lock_guard lock(mutex_);
  for (std::size_t i = 0; i < std::min(warm_threads, max_connections_); ++i)
    threads_.emplace_back([this] { worker(); });
}

ConnectionServer::~ConnectionServer() {
  stop();
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_.notify_all();
  for (auto& thread : threads_)
    if (thread.joinable()) thread.join();
  for (const int socket : pending_) ::close(socket);
  ::close(stop_event_);
}

void ConnectionServer::stop() {
  stopping_ = true;
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto written = ::write(stop_event_, &one, sizeof one);
  slot_.notify_all();
  work_.notify_all();
}

std::size_t ConnectionServer::open_connections() {
  std::lock_guard lock(mutex_);
  return open_;
}

void ConnectionServer::run() {
  running_ = true;
  while (!stopping_) {
    {
      // At the cap, new connections wait in the kernel's listen backlog.
      std::unique_lock lock(mutex_);
      slot_.wait(lock, [&] { return open_ < max_connections_ || stopping_; });
    }
    if (stopping_) break;
    std::array<pollfd, 2> entries = {pollfd{listening_, POLLIN, 0}, pollfd{stop_event_, POLLIN, 0}};
    if (::poll(entries.data(), 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (entries[1].revents & POLLIN) break;
    const int socket = ::accept4(listening_, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (socket < 0) {
      // EMFILE/ENFILE/ENOBUFS: wait a little and retry; aborted connections: retry.
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      continue;
    }
    const int on = 1;
    ::setsockopt(socket, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    std::lock_guard lock(mutex_);
    pending_.push_back(socket);
    ++open_;
    if (idle_ < pending_.size())
      threads_.emplace_back([this] { worker(); });
    else
      work_.notify_one();
  }
  ::shutdown(listening_, SHUT_RDWR);
  ::close(listening_);
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_.notify_all();
  for (auto& thread : threads_)
    if (thread.joinable()) thread.join();
  {
    std::lock_guard lock(mutex_);
    for (const int socket : pending_) ::close(socket);
    pending_.clear();
    threads_.clear();
  }
  running_ = false;
}

void ConnectionServer::worker() {
  std::unique_lock lock(mutex_);
  for (;;) {
    ++idle_;
    work_.wait(lock, [&] { return !pending_.empty() || stopping_; });
    --idle_;
    if (pending_.empty()) return;  // stopping
    const int socket = pending_.front();
    pending_.pop_front();
    lock.unlock();
    serve(socket);
    lock.lock();
    --open_;
    slot_.notify_one();
  }
}

void ConnectionServer::serve(int socket) {
  SSL* ssl = nullptr;
  if (tls_) {
    ssl = SSL_new(tls_);
    if (!ssl || SSL_set_fd(ssl, socket) != 1) {
      if (ssl) SSL_free(ssl);
      ::close(socket);
      return;
    }
  }
  ConnectionStream stream(socket, ssl, limits_, stop_event_);
  serving = &stream;
  // The first head (and the TLS handshake) is due within the head deadline of the accept; a
  // later one within the head deadline of its first byte, after at most the idle time.
  stream.begin_request();
  const bool usable = !ssl || stream.handshake();
  for (std::size_t count = 0; usable && count < limits_.requests_per_connection; ++count) {
    if (count > 0) {
      if (stream.wait_readable(limits_.idle_seconds) != Wait::ready) break;
      stream.begin_request();
    }
    if (stopping_) break;
    bool closed = false;
    const bool last = count + 1 == limits_.requests_per_connection;
    const bool answered = process_(stream, last || stopping_, closed);
    if (!answered || closed || stream.must_close()) break;
  }
  serving = nullptr;
  if (ssl) {
    SSL_shutdown(ssl);  // one close_notify, not waiting for the client's (non-blocking socket)
    SSL_free(ssl);
  }
  // A refused request's unread body would make close() reset the connection, and the client
  // could lose the answer: half-close, then read and drop what comes (briefly, boundedly).
  if (!stream.must_close()) {
    ::close(socket);
    return;
  }
  ::shutdown(socket, SHUT_WR);
  std::array<char, 4096> sink{};
  const auto until = after(0.5);
  for (std::size_t drained = 0; drained < 256 * 1024 && Clock::now() < until;) {
    pollfd entry{socket, POLLIN, 0};
    if (::poll(&entry, 1, 100) <= 0) break;
    const ssize_t n = ::recv(socket, sink.data(), sink.size(), 0);
    if (n <= 0) break;
    drained += static_cast<std::size_t>(n);
  }
  ::close(socket);
}

}  // namespace parley::service::net
