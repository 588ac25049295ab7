// The `ws://` transport of remote negotiators: one WebSocket connection per session (Boost.Beast,
// RFC 6455), one text frame per message. Every operation runs asynchronously on a private
// io_context for at most its wait, then is cancelled: a silent agent costs its wait, never more.
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>

#include "parley/negotiate/remote.hpp"
#include "remote_channel.hpp"
#include "support/text.hpp"

namespace parley::detail {
namespace {

namespace beast = boost::beast;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

constexpr std::size_t kMaxMessage = 4 * 1024 * 1024;

class WebSocketChannel final : public RemoteChannel {
 public:
  WebSocketChannel(const WebSocketAddress& where, std::string address)
      : address_(std::move(address)), socket_(context_) {
    tcp::resolver resolver(context_);
    beast::error_code error;
    tcp::resolver::results_type endpoints;
    run("connection", kRemoteStartSeconds, [&](auto done) {
      resolver.async_resolve(where.host, where.port,
                             [&, done](beast::error_code e, tcp::resolver::results_type r) {
                               endpoints = std::move(r);
                               done(e);
                             });
    });
    run("connection", kRemoteStartSeconds, [&](auto done) {
      beast::get_lowest_layer(socket_).async_connect(
          endpoints, [done](beast::error_code e, const tcp::endpoint&) { done(e); });
    });
    // Messages are small and sent back to back (observe, then respond): no Nagle delay.
    beast::get_lowest_layer(socket_).socket().set_option(tcp::no_delay(true));
    socket_.read_message_max(kMaxMessage);
    socket_.set_option(
        beast::websocket::stream_base::decorator([](beast::websocket::request_type& request) {
          request.set(beast::http::field::user_agent, "parley");
        }));
    const std::string host = where.host + ":" + where.port;
    run("handshake", kRemoteStartSeconds, [&](auto done) {
      socket_.async_handshake(host, where.path, [done](beast::error_code e) { done(e); });
    });
    socket_.text(true);
  }

  ~WebSocketChannel() override {
    if (!open_) return;
    try {
      run("close", 1.0, [&](auto done) {
        socket_.async_close(beast::websocket::close_code::normal,
                            [done](beast::error_code e) { done(e); });
      });
    } catch (const std::exception&) {
      // Closing is a courtesy.
    }
  }

  void send(const std::string& message) override {
    run("write", kRemoteDefaultTurnSeconds, [&](auto done) {
      socket_.async_write(asio::buffer(message),
                          [done](beast::error_code e, std::size_t) { done(e); });
    });
  }

  std::string receive(double seconds, const std::string& waiting_for) override {
    beast::flat_buffer buffer;
    run(waiting_for, seconds, [&](auto done) {
      socket_.async_read(buffer, [done](beast::error_code e, std::size_t) { done(e); });
    });
    return beast::buffers_to_string(buffer.data());
  }

 private:
  // Starts `start(done)` and runs the context for at most `seconds`; a late operation is
  // cancelled and throws.
  template <typename Start>
  void run(const std::string& what, double seconds, Start&& start) {
    bool finished = false;
    beast::error_code result;
    start([&](beast::error_code e) {
      finished = true;
      result = e;
    });
    context_.restart();
    context_.run_for(std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::duration<double>(seconds)));
    if (!finished) {
      beast::get_lowest_layer(socket_).cancel();
      context_.restart();
      context_.run();
      open_ = false;
      throw RemoteAgentError(address_ + ": no " + what + " within " + format_seconds(seconds));
    }
    if (result) {
      open_ = false;
      throw RemoteAgentError(address_ + ": " + what + " failed: " + result.message());
    }
  }

  static std::string format_seconds(double seconds) {
    char text[32];
    std::snprintf(text, sizeof text, "%g s", seconds);
    return text;
  }

  std::string address_;
  asio::io_context context_;
  beast::websocket::stream<beast::tcp_stream> socket_;
  bool open_ = true;
};

}  // namespace

std::unique_ptr<RemoteChannel> open_websocket_channel(const WebSocketAddress& where,
                                                      const std::string& address) {
  return std::make_unique<WebSocketChannel>(where, address);
}

}  // namespace parley::detail
