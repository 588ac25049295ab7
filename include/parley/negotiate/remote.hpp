// Remote negotiators: an agent that runs in another program and speaks the parley-agent/1
// protocol (docs/remote-agents.md): JSON objects, one per line, with GeniusWeb's vocabulary where
// it fits (settings, offer, accept, end).
//
// Addresses, accepted wherever an agent name is (`parley negotiate --agents`, tournaments):
//  - `exec:COMMAND`: a program started for the session (`/bin/sh -c COMMAND`), its standard input
//    and output connected to parley (a socket pair); it negotiates one session and ends when its
//    input closes;
//  - `ws://HOST:PORT/PATH`: a long-lived agent listening for WebSocket connections (loopback or
//    not); parley opens one connection per session.
//
// parley sends `settings` (the party's own preferences only, as exact per-value contributions, the
// session's public facts) and waits for `ready`; then `propose` (answered by `offer`), `respond`
// (answered by `accept`, `reject` or `end`) and `observe` (no answer) as the session goes, and
// `finished` at the end. Every wait has a deadline: SessionInfo::turn_budget_seconds when set,
// else 30 s (60 s for the start); a late, malformed or illegal answer, a crash or a closed
// connection throws RemoteAgentError, which the session records as the agent's failure (the
// tournament goes on).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "parley/negotiate/negotiator.hpp"
#include "parley/support/error.hpp"

namespace parley {

// A remote agent failed: it did not start, answered late or wrongly, crashed or disconnected.
class RemoteAgentError : public Error {
 public:
  using Error::Error;
};

// True for `exec:...` and `ws://...` addresses.
bool is_remote_agent(std::string_view text) noexcept;

// The address as parley spells it (surrounding blanks removed). Throws InputError naming `field`
// for an empty command, a ws address without host or port, or text that is not valid UTF-8.
std::string canonical_remote_address(std::string_view text, std::string_view field = "agent");

// A negotiator for one session with the agent at `address` (canonical). Nothing is started or
// connected before start().
std::unique_ptr<Negotiator> make_remote_negotiator(const std::string& address);

// The waits of the protocol when the session sets no turn budget.
inline constexpr double kRemoteDefaultTurnSeconds = 30.0;
inline constexpr double kRemoteStartSeconds = 60.0;

}  // namespace parley
