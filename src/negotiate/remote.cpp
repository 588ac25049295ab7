// Remote negotiators over the parley-agent/1 protocol (parley/negotiate/remote.hpp,
// docs/remote-agents.md): the messages, and the `exec:` transport (a child process on a socket
// pair). The `ws://` transport is in remote_websocket.cpp.
#include "parley/negotiate/remote.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include <nlohmann/json.hpp>

#include "remote_channel.hpp"
#include "support/child_process.hpp"
#include "support/text.hpp"

namespace parley {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxLine = 4 * 1024 * 1024;  // one message at most

// A child process whose standard input and output are one end of a socket pair: writes never
// raise SIGPIPE (MSG_NOSIGNAL) and reads wait with poll().
class ExecChannel final : public detail::RemoteChannel {
 public:
  explicit ExecChannel(const std::string& command) : command_(command) {
    // A process group of its own: the end of the session kills the shell and whatever it
    // started (dash forks a command instead of replacing itself).
    const char* argv[] = {"/bin/sh", "-c", command_.c_str(), nullptr};
    const auto child = detail::spawn_on_socket("/bin/sh", const_cast<char* const*>(argv));
    using Failure = detail::ChildOnSocket::Failure;
    if (child.failed == Failure::connecting)
      throw RemoteAgentError("exec:" + command_ +
                             ": cannot create a socket pair: " + std::strerror(child.error));
    if (child.failed == Failure::starting)
      throw RemoteAgentError("exec:" + command_ +
                             ": cannot start /bin/sh: " + std::strerror(child.error));
    fd_ = child.socket;
    pid_ = child.pid;
    group_ = child.pid;
  }

  ~ExecChannel() override {
    if (fd_ >= 0) {
      ::shutdown(fd_, SHUT_WR);  // end of input: a well-behaved agent exits
      ::close(fd_);
    }
    if (pid_ > 0) {
      // A short grace, then SIGKILL: a session never waits long for a stuck child.
      const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(2);
      int status = 0;
      while (::waitpid(pid_, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > until) {
          ::kill(-group_, SIGKILL);
          ::waitpid(pid_, &status, 0);
          break;
        }
        std::this_thread::sleep_for(std::chrono::microseconds(200));
      }
    }
    // Whatever the agent left behind in its group (a forked command that ignores the end of its
    // input) goes with the session.
    if (group_ > 0) ::kill(-group_, SIGKILL);
  }

  void send(const std::string& line) override {
    std::string text = line + "\n";
    std::size_t sent = 0;
    while (sent < text.size()) {
      const ssize_t n = ::send(fd_, text.data() + sent, text.size() - sent, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0)
        throw RemoteAgentError("exec:" + command_ + ": the agent closed its input (" +
                               std::strerror(errno) + ")" + exit_text());
      sent += static_cast<std::size_t>(n);
    }
  }

  std::string receive(double seconds, const std::string& waiting_for) override {
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    for (;;) {
      if (const auto end = buffer_.find('\n'); end != std::string::npos) {
        std::string line = buffer_.substr(0, end);
        buffer_.erase(0, end + 1);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;  // blank lines are allowed between messages
        return line;
      }
      if (buffer_.size() > kMaxLine)
        throw RemoteAgentError("exec:" + command_ + ": a message longer than 4 MiB");
      const auto left =
          std::chrono::duration<double, std::milli>(until - std::chrono::steady_clock::now())
              .count();
      if (left <= 0.0)
        throw RemoteAgentError("exec:" + command_ + ": no " + waiting_for + " within " +
                               format_number(seconds) + " s");
      pollfd p{fd_, POLLIN, 0};
      const int ready = ::poll(&p, 1, static_cast<int>(std::min(left + 1.0, 2.0e9)));
      if (ready < 0 && errno == EINTR) continue;
      if (ready <= 0) continue;  // the loop checks the time left
      char chunk[65536];
      const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0)
        throw RemoteAgentError("exec:" + command_ + ": the agent closed its output before its " +
                               waiting_for + exit_text());
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
  }

 private:
  // ", exit status N" / ", killed by signal N" when the child has ended.
  std::string exit_text() {
    if (pid_ <= 0) return {};
    int status = 0;
    for (int attempt = 0; attempt < 500; ++attempt) {  // up to 1 s: the output closed as it exits
      const pid_t done = ::waitpid(pid_, &status, WNOHANG);
      if (done == pid_) {
        pid_ = -1;
        if (WIFEXITED(status)) return " (exit status " + std::to_string(WEXITSTATUS(status)) + ")";
        if (WIFSIGNALED(status))
          return " (killed by signal " + std::to_string(WTERMSIG(status)) + ")";
        return {};
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return {};
  }

  std::string command_;
  int fd_ = -1;
  pid_t pid_ = -1;
  pid_t group_ = -1;  // the agent's process group (its shell's pid)
  std::string buffer_;
};

json package_json(const PartyView& view, const Outcome& outcome) {
  json object = json::object();
  const auto& issues = view.issues();
  for (std::size_t i = 0; i < issues.size(); ++i)
    object[issues[i].name()] = issues[i].value_label(outcome.at(i));
  return object;
}

class RemoteNegotiator final : public Negotiator {
 public:
  explicit RemoteNegotiator(std::string address) : address_(std::move(address)) {}

  ~RemoteNegotiator() override {
    if (!channel_) return;
    try {
      channel_->send(R"({"type":"finished"})");
    } catch (const std::exception&) {
      // It is gone already: nothing to tell.
    }
  }

  void start(const PartyView& view, const SessionInfo& info) override {
    view_ = &view;
    party_names_ = info.party_names;
    turn_seconds_ =
        info.turn_budget_seconds > 0.0 ? info.turn_budget_seconds : kRemoteDefaultTurnSeconds;
    const auto* linear = view.utility_function().as_linear_additive();
    if (!linear)
      throw RemoteAgentError(address_ +
                             ": remote agents need linear-additive preferences (this "
                             "party's are " +
                             view.utility_function().kind_name() + ")");
    json issues = json::array(), contributions = json::array(), weights = json::array();
    for (std::size_t i = 0; i < view.issues().size(); ++i) {
      const Issue& issue = view.issues()[i];
      if (issue.cardinality() > 65'536)
        throw RemoteAgentError(address_ + ": issue '" + issue.name() + "' has " +
                               std::to_string(issue.cardinality()) +
                               " values; remote agents take at most 65,536 per issue");
      json values = json::array(), table = json::array();
      for (ValueIndex v = 0; v < issue.cardinality(); ++v) {
        values.push_back(issue.value_label(v));
        table.push_back(linear->contribution(i, v));
      }
      issues.push_back({{"name", issue.name()}, {"values", std::move(values)}});
      contributions.push_back(std::move(table));
      weights.push_back(linear->weights().at(i));
    }
    const json settings = {{"type", "settings"},
                           {"protocol", "parley-agent/1"},
                           {"party", view.name()},
                           {"position", view.position()},
                           {"parties", info.party_names},
                           {"rounds", info.rounds},
                           {"seed", info.seed},
                           {"turn_seconds", turn_seconds_},
                           {"issues", std::move(issues)},
                           {"profile",
                            {{"type", "linear-additive"},
                             {"contributions", std::move(contributions)},
                             {"weights", std::move(weights)},
                             {"reservation_value", view.reservation_value()},
                             {"discount_factor", view.discount_factor()}}}};
    channel_ = detail::open_remote_channel(address_);
    channel_->send(settings.dump());
    const json ready = expect(kRemoteStartSeconds, "ready");
    if (ready.value("type", "") != "ready")
      throw RemoteAgentError(address_ + ": answered settings with " + describe(ready) +
                             ", expected {\"type\": \"ready\"}");
  }

  void propose(const TurnState& state, Outcome& offer) override {
    channel_->send(json{{"type", "propose"}, {"round", state.round}, {"time", state.time}}.dump());
    const json answer = expect(turn_seconds_, "offer");
    if (answer.value("type", "") != "offer" || !answer.contains("offer"))
      throw RemoteAgentError(address_ + ": answered propose with " + describe(answer) +
                             ", expected {\"type\": \"offer\", \"offer\": {issue: value}}");
    offer = parse_offer(answer.at("offer"));
  }

  Response respond(const TurnState& state, const Outcome& standing_offer) override {
    channel_->send(json{{"type", "respond"},
                        {"round", state.round},
                        {"time", state.time},
                        {"offer", package_json(*view_, standing_offer)}}
                       .dump());
    const json answer = expect(turn_seconds_, "answer");
    const std::string type = answer.value("type", "");
    if (type == "accept") return Response::accept;
    if (type == "reject") return Response::reject;
    if (type == "end") return Response::end_negotiation;
    throw RemoteAgentError(address_ + ": answered respond with " + describe(answer) +
                           ", expected accept, reject or end");
  }

  void observe(const ObservedAction& action) override {
    const char* kind = action.kind == ObservedAction::Kind::offer    ? "offer"
                       : action.kind == ObservedAction::Kind::accept ? "accept"
                                                                     : "end";
    json message = {{"type", "observe"},
                    {"actor", party_names_.at(action.actor)},
                    {"action", kind},
                    {"round", action.when.round},
                    {"time", action.when.time},
                    {"offer", action.offer ? package_json(*view_, *action.offer) : json(nullptr)}};
    channel_->send(message.dump());
  }

 private:
  static std::string describe(const json& value) { return detail::quoted(value.dump(), 80); }

  json expect(double seconds, const std::string& what) {
    const std::string line = channel_->receive(seconds, what);
    json message = json::parse(line, nullptr, false);
    if (message.is_discarded() || !message.is_object())
      throw RemoteAgentError(address_ + ": sent " + detail::quoted(line, 80) +
                             " where a JSON object (" + what + ") was expected");
    if (message.value("type", "") == "error")
      throw RemoteAgentError(
          address_ + ": reported an error: " + detail::quoted(message.value("message", ""), 200));
    return message;
  }

  Outcome parse_offer(const json& offer) const {
    const auto& issues = view_->issues();
    if (!offer.is_object() || offer.size() != issues.size())
      throw RemoteAgentError(address_ + ": offered " + describe(offer) +
                             ", expected one value for each of the " +
                             std::to_string(issues.size()) + " issues");
    Outcome outcome;
    for (const auto& issue : issues) {
      const auto it = offer.find(issue.name());
      if (it == offer.end() || !it->is_string())
        throw RemoteAgentError(address_ + ": offered " + describe(offer) + ", with no value (a " +
                               "string) for issue '" + issue.name() + "'");
      const auto value = issue.find_value(it->get<std::string>());
      if (!value)
        throw RemoteAgentError(address_ + ": offered " + detail::quoted(it->get<std::string>()) +
                               " for issue '" + issue.name() + "', which has no such value");
      outcome.push_back(*value);
    }
    return outcome;
  }

  std::string address_;
  const PartyView* view_ = nullptr;
  std::vector<std::string> party_names_;
  double turn_seconds_ = kRemoteDefaultTurnSeconds;
  std::unique_ptr<detail::RemoteChannel> channel_;
};

}  // namespace

bool is_remote_agent(std::string_view text) noexcept {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  return text.substr(0, 5) == "exec:" || text.substr(0, 5) == "ws://";
}

std::string canonical_remote_address(std::string_view text, std::string_view field) {
  std::string address(text);
  const auto first = address.find_first_not_of(" \t");
  const auto last = address.find_last_not_of(" \t");
  address = first == std::string::npos ? std::string() : address.substr(first, last - first + 1);
  detail::require_utf8(address, "agent spec", std::nullopt, std::string(field));
  for (const unsigned char c : address)
    if (c < 0x20 || c == 0x7f)
      throw InputError("agent spec", std::nullopt, std::string(field), detail::quoted(address),
                       "an address without control characters");
  if (address.rfind("exec:", 0) == 0) {
    if (address.find_first_not_of(" \t", 5) == std::string::npos)
      throw InputError("agent spec", std::nullopt, std::string(field), detail::quoted(address),
                       "exec:COMMAND with a command");
    return address;
  }
  if (address.rfind("ws://", 0) == 0) {
    detail::WebSocketAddress parsed;
    if (!detail::parse_websocket_address(address, parsed))
      throw InputError("agent spec", std::nullopt, std::string(field), detail::quoted(address),
                       "ws://HOST:PORT or ws://HOST:PORT/PATH");
    return address;
  }
  throw InputError("agent spec", std::nullopt, std::string(field), detail::quoted(address),
                   "exec:COMMAND or ws://HOST:PORT/PATH");
}

std::unique_ptr<Negotiator> make_remote_negotiator(const std::string& address) {
  return std::make_unique<RemoteNegotiator>(address);
}

namespace detail {

bool parse_websocket_address(const std::string& address, WebSocketAddress& out) {
  if (address.rfind("ws://", 0) != 0) return false;
  const std::string rest = address.substr(5);
  const auto slash = rest.find('/');
  const std::string authority = rest.substr(0, slash);
  out.path = slash == std::string::npos ? "/" : rest.substr(slash);
  const auto colon = authority.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == authority.size()) return false;
  out.host = authority.substr(0, colon);
  out.port = authority.substr(colon + 1);
  for (const char c : out.port)
    if (c < '0' || c > '9') return false;
  if (out.port.size() > 5 || std::stoi(out.port) < 1 || std::stoi(out.port) > 65535) return false;
  for (const char c : out.host)
    if (c == '/' || c == '@' || c == ' ') return false;
  return true;
}

std::unique_ptr<RemoteChannel> open_remote_channel(const std::string& address) {
  if (address.rfind("exec:", 0) == 0) return std::make_unique<ExecChannel>(address.substr(5));
  WebSocketAddress parsed;
  if (!parse_websocket_address(address, parsed))
    throw RemoteAgentError(address + ": not an agent address (exec:COMMAND or ws://HOST:PORT)");
  return open_websocket_channel(parsed, address);
}

}  // namespace detail
}  // namespace parley
