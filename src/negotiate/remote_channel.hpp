// Internal: the transports of remote negotiators (parley/negotiate/remote.hpp): a channel sends
// and receives one message (one JSON text) at a time.
#pragma once

#include <memory>
#include <string>

namespace parley::detail {

class RemoteChannel {
 public:
  virtual ~RemoteChannel() = default;
  // Sends one message; throws RemoteAgentError when the agent is gone.
  virtual void send(const std::string& message) = 0;
  // The next message, waiting at most `seconds`; throws RemoteAgentError on a timeout (naming
  // `waiting_for`), a closed connection or an oversized message.
  virtual std::string receive(double seconds, const std::string& waiting_for) = 0;
};

struct WebSocketAddress {
  std::string host, port, path;
};
// ws://HOST:PORT[/PATH]; false when it is not one.
bool parse_websocket_address(const std::string& address, WebSocketAddress& out);

// `exec:COMMAND` or `ws://...` (canonical addresses).
std::unique_ptr<RemoteChannel> open_remote_channel(const std::string& address);
// remote_websocket.cpp (Boost.Beast): connects and performs the handshake within the start wait.
std::unique_ptr<RemoteChannel> open_websocket_channel(const WebSocketAddress& where,
                                                      const std::string& address);

}  // namespace parley::detail
