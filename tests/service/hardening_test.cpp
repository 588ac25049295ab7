// Hostile input to the mediation service (issue 15): each test is named after the failure it
// guards. The parsing boundary (parse_request_body, tokens, log escaping) is tested directly; the
// server over raw POSIX sockets, which can send what httplib's client never would (chunked bodies
// nested 300,000 deep, NUL bytes, one header byte per second).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "parley/service/request.hpp"
#include "parley/service/tokens.hpp"
#include "running_server.hpp"

namespace parley::service {
namespace {

using nlohmann::json;
using test::RunningServer;
using Clock = std::chrono::steady_clock;

// The status of the RequestError parse_request_body throws (0 when it returns).
int refusal(std::string_view type, std::string_view body, std::size_t max = 65536) {
  try {
    parse_request_body(type, body, max);
    return 0;
  } catch (const RequestError& e) {
    return e.status();
  }
}

std::string refusal_message(std::string_view type, std::string_view body, std::size_t max = 65536) {
  try {
    parse_request_body(type, body, max);
    return "accepted";
  } catch (const RequestError& e) {
    return e.what();
  }
}

TEST(ServiceRequest, ApplicationJsonxIsRefusedWith415) {
  EXPECT_EQ(refusal("application/jsonx", "{}"), 415);
  EXPECT_EQ(refusal("application/json+x", "{}"), 415);
  EXPECT_EQ(refusal("application/jsonp; charset=utf-8", "{}"), 415);
  EXPECT_EQ(refusal("text/json", "{}"), 415);
  EXPECT_EQ(refusal("", "{}"), 415);
  EXPECT_EQ(refusal("application/json;charset=latin1", "{}"), 415);
  EXPECT_EQ(refusal("application/json; charset=\"utf-16\"", "{}"), 415);
  EXPECT_EQ(refusal("application/json; charset", "{}"), 415);
  EXPECT_EQ(refusal("application/json x", "{}"), 415);
  EXPECT_EQ(refusal(std::string_view("application/json\0", 17), "{}"), 415);
  // Accepted: case-insensitive, parameters, charset utf-8 quoted or not.
  for (const char* type :
       {"application/json", "Application/JSON", "application/json; charset=utf-8",
        "application/json;charset=UTF-8", "application/json ; charset=\"utf-8\"",
        "application/json; profile=x", " application/json\t", "application/json;"})
    EXPECT_EQ(refusal(type, "{\"a\": 1}"), 0) << type;
  // The message names the header, quotes what came and says what is expected.
  EXPECT_EQ(refusal_message("application/jsonx", "{}"),
            "request: Content-Type: found 'application/jsonx', expected application/json "
            "(optional parameters; a charset, when given, must be utf-8)");
}

TEST(ServiceRequest, BodyOverTheCapIs413BeforeParsing) {
  const std::string body = "[" + std::string(100, ' ') + "]";
  EXPECT_EQ(refusal("application/json", body, body.size()), 0);
  EXPECT_EQ(refusal("application/json", body, body.size() - 1), 413);
  EXPECT_EQ(refusal_message("application/json", body, 101),
            "request: body: found 102 bytes, expected at most 101 bytes");
}

TEST(ServiceRequest, VersionArrayNested300000DeepIsA400WithoutRecursion) {
  const std::string deep = "{\"version\": " + std::string(300000, '[') + std::string(300000, ']') +
                           ", \"accept\": true}";
  EXPECT_EQ(refusal("application/json", deep, deep.size()), 400);
  // The 65th level is the first refused (the top-level object is level 1), at byte 12 + 63.
  EXPECT_EQ(refusal_message("application/json", deep, deep.size()),
            "request: body: found arrays or objects nested deeper than 64 levels at byte 75, "
            "expected at most 64 nested levels");
  const auto nested = [](std::size_t levels) {
    return std::string(levels, '[') + std::string(levels, ']');
  };
  EXPECT_EQ(refusal("application/json", nested(64)), 0);
  EXPECT_EQ(refusal("application/json", nested(65)), 400);
  // Brackets inside strings are not nesting.
  EXPECT_EQ(refusal("application/json", "[\"" + std::string(1000, '[') + "\\\"\"]"), 0);
}

TEST(ServiceRequest, NumberOverflow1e309IsA400NotA500) {
  EXPECT_EQ(refusal("application/json", "{\"version\": 1e309}"), 400);
  EXPECT_EQ(refusal("application/json", "[-1e400]"), 400);
  EXPECT_EQ(refusal_message("application/json", "{\"version\": 1e309}"),
            "request: body: found number overflow parsing '1e309', expected numbers that fit a "
            "double");
  // Big integers that fit a double are numbers.
  EXPECT_EQ(parse_request_body("application/json", "[18446744073709551616]", 100)[0],
            1.8446744073709552e19);
}

TEST(ServiceRequest, InvalidUtf8InAStringIsA400) {
  for (const std::string& body : {std::string("{\"title\": \"a\xff\"}"),
                                  std::string("{\"title\": \"\xc0\xaf\"}"),      // overlong
                                  std::string("{\"title\": \"\xed\xa0\x80\"}"),  // surrogate
                                  std::string("{\"title\": \"\\ud800\"}"),       // lone escape
                                  std::string("{\"title\": \"\xe2\x82\"}")}) {   // truncated
    const auto message = refusal_message("application/json", body);
    EXPECT_EQ(refusal("application/json", body), 400) << body;
    // The message itself is valid UTF-8 (it goes into a JSON response).
    EXPECT_NO_THROW(json(message).dump()) << message;
    EXPECT_EQ(message.find('\xff'), std::string::npos);
  }
  EXPECT_EQ(parse_request_body("application/json", "{\"t\": \"B\xc3\xbc\x72o\"}", 100)["t"],
            "B\xc3\xbcro");
}

TEST(ServiceRequest, MalformedJsonNamesTheByteAndQuotesAShortEscapedPrefix) {
  const auto message =
      refusal_message("application/json", "{\"a\": tru\x1b[31m" + std::string(5000, 'x') + "}");
  EXPECT_EQ(message.rfind("request: body: found malformed JSON (", 0), 0u) << message;
  // nlohmann reads "tru" then stops at the escape byte (byte 9 from 0).
  EXPECT_NE(message.find(") at byte 9, near '\\x1B[31mxxxxxxxxxxxxxxx...'"), std::string::npos)
      << message;
  EXPECT_LT(message.size(), 400u);
  EXPECT_EQ(message.find('\x1b'), std::string::npos);
  for (const char* body : {"", "{", "{\"a\":}", "[1,]", "nul", "{} {}", "\"\\x\""})
    EXPECT_EQ(refusal("application/json", body), 400) << body;
}

TEST(ServiceRequest, PercentOa0InAPathForgesNoLogLine) {
  EXPECT_EQ(escape_for_log("/api/x\nGET /api/health 200 - 0.1ms", 200),
            "/api/x\\x0aGET /api/health 200 - 0.1ms");
  EXPECT_EQ(escape_for_log("\x1b[2J\r\t\\", 100), "\\x1b[2J\\x0d\\x09\\x5c");
  EXPECT_EQ(escape_for_log(std::string_view("a\0b", 3), 100), "a\\x00b");
  // Valid UTF-8 kept, invalid bytes and C1 controls (U+0085 NEL) escaped.
  EXPECT_EQ(escape_for_log("B\xc3\xbcro \xff \xc2\x85", 100), "B\xc3\xbcro \\xff \\xc2\\x85");
  // Cut after the cap, never inside a character.
  EXPECT_EQ(escape_for_log(std::string(300, 'a'), 256), std::string(256, 'a') + "...");
  EXPECT_EQ(escape_for_log("ab\xc3\xbc", 3), "ab...");
}

TEST(ServiceTokens, ATokenFollowedByNulOrAnyOtherByteIsNotWellFormed) {
  const auto token = new_token();
  EXPECT_TRUE(is_well_formed_token(token));
  EXPECT_FALSE(is_well_formed_token(token + std::string(1, '\0')));
  EXPECT_FALSE(is_well_formed_token(token + "A"));
  EXPECT_FALSE(is_well_formed_token(token.substr(0, 42)));
  EXPECT_FALSE(is_well_formed_token(""));
  for (const char c : std::string("=+/. \t\x80\0", 9)) {
    auto changed = token;
    changed[10] = c;
    EXPECT_FALSE(is_well_formed_token(changed)) << int(c);
  }
  // The last character carries 4 bits: 'A' (0) and 'E' (4) can end a token, 'B' (1) cannot.
  auto last = token;
  last.back() = 'E';
  EXPECT_TRUE(is_well_formed_token(last));
  last.back() = 'B';
  EXPECT_FALSE(is_well_formed_token(last));
  // Every generated token is well formed (1,000 of them).
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(is_well_formed_token(new_token()));
  EXPECT_TRUE(secrets_equal("admin-secret-0123456789", "admin-secret-0123456789"));
  EXPECT_FALSE(secrets_equal("admin-secret-0123456789", "admin-secret-012345678"));
  EXPECT_FALSE(
      secrets_equal("admin-secret-0123456789", std::string("admin-secret-0123456789\0", 24)));
}

// ---- The server over raw sockets

// A client connection that sends bytes as given and reads what comes back.
class Raw {
 public:
  explicit Raw(int port) {
    socket_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(socket_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  }
  ~Raw() { ::close(socket_); }
  Raw(const Raw&) = delete;
  Raw& operator=(const Raw&) = delete;
  bool connected() const { return connected_; }

  // False once the server stopped taking bytes (reset or closed).
  bool send(std::string_view bytes) {
    while (!bytes.empty()) {
      const auto n = ::send(socket_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // One response (head and Content-Length body), or what came before `seconds` passed.
  std::string response(double seconds = 10) {
    const auto until = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                          std::chrono::duration<double>(seconds));
    for (;;) {
      const auto head_end = buffer_.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        std::size_t length = 0;
        const auto at = buffer_.find("Content-Length: ");
        if (at != std::string::npos && at < head_end) length = std::stoul(buffer_.substr(at + 16));
        if (buffer_.size() >= head_end + 4 + length) {
          auto one = buffer_.substr(0, head_end + 4 + length);
          buffer_.erase(0, one.size());
          return one;
        }
      }
      if (!receive(until)) return std::exchange(buffer_, {});
    }
  }

  // True when the server closed (or reset) the connection within `seconds`.
  bool closed_within(double seconds) {
    const auto until = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                          std::chrono::duration<double>(seconds));
    while (receive(until)) {
    }
    return eof_;
  }

 private:
  bool receive(Clock::time_point until) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
    if (left.count() <= 0 || eof_) return false;
    pollfd entry{socket_, POLLIN, 0};
    if (::poll(&entry, 1, static_cast<int>(left.count())) <= 0) return false;
    char chunk[65536];
    const auto n = ::recv(socket_, chunk, sizeof chunk, 0);
    if (n <= 0) {
      eof_ = true;
      return false;
    }
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
  }

  int socket_ = -1;
  bool connected_ = false;
  bool eof_ = false;
  std::string buffer_;
};

int status_of(const std::string& response) {
  if (response.rfind("HTTP/1.1 ", 0) != 0 || response.size() < 12) return 0;
  return std::stoi(response.substr(9, 3));
}

std::string body_of(const std::string& response) {
  const auto at = response.find("\r\n\r\n");
  return at == std::string::npos ? std::string() : response.substr(at + 4);
}

std::string chunked(std::string_view body, std::size_t chunk) {
  std::string out;
  char size[32];
  for (std::size_t at = 0; at < body.size(); at += chunk) {
    const auto piece = body.substr(at, chunk);
    std::snprintf(size, sizeof size, "%zx\r\n", piece.size());
    out += size;
    out += piece;
    out += "\r\n";
  }
  return out + "0\r\n\r\n";
}

ServerOptions generous() {
  ServerOptions options;
  options.requests_per_second = 10000;
  options.burst = 10000;
  options.creations_per_minute = 6000;
  options.creation_burst = 1000;
  return options;
}

// A negotiation in drafting (both parties submitted, analysis done): its staff token.
std::string staff_token(int port) {
  httplib::Client client("127.0.0.1", port);
  const auto created = json::parse(
      client.Post("/api/negotiations", test::office_spec().dump(), "application/json")->body);
  return created["parties"][0]["token"];
}

bool healthy(int port) {
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(5, 0);
  const auto reply = client.Get("/api/health");
  return reply && reply->status == 200 && reply->body == "{\"status\":\"ok\"}";
}

std::string request_head(const std::string& method, const std::string& path,
                         const std::string& token, const std::string& extra) {
  return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
         (token.empty() ? "" : "Authorization: Bearer " + token + "\r\n") + extra + "\r\n";
}

TEST(ServiceHardening, ChunkedVoteWithVersionNested300000DeepGetsA4xxAndTheServerStaysUp) {
  RunningServer server(generous());
  const auto token = staff_token(server.port());
  const std::string body = "{\"version\": " + std::string(300000, '[') + std::string(300000, ']') +
                           ", \"accept\": true}";
  {
    // 600 KB chunked: past the cap on what a body may take on the wire (2 x 64 KiB + 4 KiB), the
    // read stops: 413, and the connection is closed (the rest of the body is never parsed as a
    // request).
    Raw raw(server.port());
    ASSERT_TRUE(raw.connected());
    raw.send(request_head("POST", "/api/party/vote", token,
                          "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"));
    // Sent from another thread while this one reads, as an HTTP client does: the server stops
    // reading, answers and closes, and the sending fails part-way.
    std::thread sender([&] { raw.send(chunked(body, 4096)); });
    const auto response = raw.response();
    sender.join();
    EXPECT_EQ(status_of(response), 413) << response.substr(0, 300);
    EXPECT_EQ(json::parse(body_of(response))["error"],
              "request: body: found more than 65536 bytes, expected at most 65536 bytes");
    EXPECT_NE(response.find("Connection: close"), std::string::npos);
    EXPECT_TRUE(raw.closed_within(5));
  }
  {
    // Nested 30,000 deep (60 KB, under the cap), chunked: refused by the depth limit.
    const std::string fits = "{\"version\": " + std::string(30000, '[') + std::string(30000, ']') +
                             ", \"accept\": true}";
    Raw raw(server.port());
    raw.send(request_head("POST", "/api/party/vote", token,
                          "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"));
    raw.send(chunked(fits, 1000));
    const auto response = raw.response();
    EXPECT_EQ(status_of(response), 400) << response.substr(0, 300);
    EXPECT_EQ(json::parse(body_of(response))["error"],
              "request: body: found arrays or objects nested deeper than 64 levels at byte 75, "
              "expected at most 64 nested levels");
    // The body was read whole: the connection stays usable.
    raw.send(request_head("GET", "/api/health", "", ""));
    EXPECT_EQ(status_of(raw.response()), 200);
  }
  {
    // The same with Content-Length: 413 before a byte of the body is read, connection closed.
    Raw raw(server.port());
    raw.send(request_head("POST", "/api/party/vote", token,
                          "Content-Type: application/json\r\nContent-Length: " +
                              std::to_string(body.size()) + "\r\n"));
    const auto response = raw.response();
    EXPECT_EQ(status_of(response), 413);
    EXPECT_EQ(json::parse(body_of(response))["error"],
              "request: body: found 600029 bytes, expected at most 65536 bytes");
    EXPECT_TRUE(raw.closed_within(5));
  }
  EXPECT_TRUE(healthy(server.port()));
}

TEST(ServiceHardening, ChunkedBodyOverTheCapIs413LikeContentLength) {
  ServerOptions options = generous();
  options.max_body_bytes = 1000;
  RunningServer server(options);
  auto spec = test::office_spec();
  spec["title"] = std::string(2000, 'x');  // 2 KB decoded: over 1000, under the wire cap 6096
  for (const std::size_t chunk : {std::size_t{100}, std::size_t{5000}}) {
    Raw raw(server.port());
    raw.send(request_head("POST", "/api/negotiations", "",
                          "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n") +
             chunked(spec.dump(), chunk));
    const auto response = raw.response();
    EXPECT_EQ(status_of(response), 413) << chunk;
    EXPECT_NE(body_of(response).find("expected at most 1000 bytes"), std::string::npos);
  }
  // Just under the cap, chunked: accepted.
  spec["title"] = "Office";
  Raw raw(server.port());
  raw.send(request_head("POST", "/api/negotiations", "",
                        "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n") +
           chunked(spec.dump(), 7));
  EXPECT_EQ(status_of(raw.response()), 201);
}

TEST(ServiceHardening, BodyWithBadFramingIsRefusedAndClosedAndWithoutLengthIsEmpty) {
  RunningServer server(generous());
  const std::vector<std::pair<std::string, int>> cases = {
      {"Transfer-Encoding: gzip, chunked\r\n", 501},                  // only chunked is read
      {"Transfer-Encoding: chunked\r\nContent-Length: 10\r\n", 400},  // both: smuggling
      {"Content-Length: 10\r\nContent-Length: 12\r\n", 400},          // two lengths
      {"Content-Length: -1\r\n", 400},
      {"Content-Length: 99999999999999999999999\r\n", 400}};
  for (const auto& [headers, status] : cases) {
    Raw raw(server.port());
    raw.send(request_head("POST", "/api/negotiations", "",
                          "Content-Type: application/json\r\n" + headers) +
             test::office_spec().dump());
    const auto response = raw.response();
    EXPECT_EQ(status_of(response), status) << headers;
    EXPECT_TRUE(raw.closed_within(5)) << headers;
  }
  // Neither Content-Length nor chunked: the body is empty (RFC 9112), not read until the
  // connection closes; the connection stays usable.
  Raw raw(server.port());
  raw.send(request_head("POST", "/api/negotiations", "", "Content-Type: application/json\r\n"));
  const auto response = raw.response();
  EXPECT_EQ(status_of(response), 400);
  EXPECT_NE(body_of(response).find("malformed JSON"), std::string::npos) << response;
  raw.send(request_head("GET", "/api/health", "", ""));
  EXPECT_EQ(status_of(raw.response()), 200);
  EXPECT_TRUE(healthy(server.port()));
}

TEST(ServiceHardening, Number1e309AndInvalidUtf8AndApplicationJsonxAre4xxOverHttp) {
  RunningServer server(generous());
  const auto token = staff_token(server.port());
  httplib::Client client("127.0.0.1", server.port());
  const httplib::Headers auth = {{"Authorization", "Bearer " + token}};
  auto reply = client.Post("/api/party/vote", auth, "{\"version\": 1e309, \"accept\": true}",
                           "application/json");
  EXPECT_EQ(reply->status, 400);
  EXPECT_EQ(json::parse(reply->body)["error"],
            "request: body: found number overflow parsing '1e309', expected numbers that fit a "
            "double");
  reply = client.Post("/api/negotiations", "{\"title\": \"\xff\"}", "application/json");
  EXPECT_EQ(reply->status, 400);
  EXPECT_NE(reply->body.find("invalid string: ill-formed UTF-8 byte"), std::string::npos)
      << reply->body;
  reply = client.Post("/api/negotiations", test::office_spec().dump(), "application/jsonx");
  EXPECT_EQ(reply->status, 415);
  // Values of unexpected kinds never give a 500: versions, bodies that are not objects.
  for (const char* body :
       {"[1]", "{\"version\": \"1\", \"accept\": true}",
        "{\"version\": 18446744073709551615, \"accept\": true}",
        "{\"version\": -1, \"accept\": true}", "{\"version\": 1.5}", "null", "\"text\""}) {
    reply = client.Post("/api/party/vote", auth, body, "application/json");
    EXPECT_EQ(reply->status, 400) << body << " " << reply->body;
    reply = client.Post("/api/party/draft", auth, body, "application/json");
    EXPECT_EQ(reply->status, 400) << body << " " << reply->body;
    reply = client.Post("/api/party/evaluate", auth, body, "application/json");
    EXPECT_EQ(reply->status, 400) << body << " " << reply->body;
    reply = client.Put("/api/party/preferences", auth, body, "application/json");
    EXPECT_EQ(reply->status, 400) << body << " " << reply->body;
    reply = client.Post("/api/negotiations", body, "application/json");
    EXPECT_EQ(reply->status, 400) << body << " " << reply->body;
  }
  reply = client.Post("/api/party/vote", auth, "{\"version\": {\"a\": [1, 2]}, \"accept\": true}",
                      "application/json");
  EXPECT_EQ(json::parse(reply->body)["error"],
            "request: version: found an object of 1 members, expected the draft version (an "
            "integer from 1)");
}

TEST(ServiceHardening, ATokenFollowedByNulIsRefused) {
  RunningServer server(generous());
  const auto token = staff_token(server.port());
  // cpp-httplib cuts a header value at a NUL: the connection layer refuses a head holding a NUL or
  // another control byte before httplib parses it (400).
  for (const std::string& suffix :
       {std::string(1, '\0'), std::string("\0junk", 5), std::string("\x01"), std::string("\x7f")}) {
    Raw raw(server.port());
    raw.send(request_head("GET", "/api/party", token + suffix, ""));
    const auto response = raw.response();
    EXPECT_EQ(status_of(response), 400) << int(suffix[0]);
    EXPECT_EQ(json::parse(body_of(response))["error"],
              "request: head: found a control byte (NUL or another below 0x20), expected text");
    EXPECT_TRUE(raw.closed_within(5));
  }
  // A token of another length or alphabet: 401, before any lookup.
  for (const auto& wrong : {token + "A", token.substr(0, 42), token.substr(0, 42) + "=",
                            token.substr(0, 42) + "\xc3\xa9"}) {
    Raw raw(server.port());
    raw.send(request_head("GET", "/api/party", wrong, ""));
    const auto response = raw.response();
    EXPECT_EQ(status_of(response), 401) << wrong;
    EXPECT_EQ(body_of(response).find("Office move"), std::string::npos);
  }
  Raw raw(server.port());
  raw.send(request_head("GET", "/api/party", token, ""));
  EXPECT_EQ(status_of(raw.response()), 200);
}

TEST(ServiceHardening, PercentOaInAPathForgesNoLogLineAndNoEscapeReachesTheLog) {
  RunningServer server(generous());
  Raw raw(server.port());
  raw.send(request_head("GET", "/api/x%0aGET%20/api/health%20200%20-%200.1ms%1b[2J%5c", "", ""));
  EXPECT_EQ(status_of(raw.response()), 404);
  raw.send(request_head("GET", "/" + std::string(1000, 'a'), "", ""));
  EXPECT_EQ(status_of(raw.response()), 404);
  const auto lines = [&] {
    const auto text = server.log();
    return std::count(text.begin(), text.end(), '\n');
  };
  for (int i = 0; i < 200 && lines() < 2; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const auto log = server.log();
  EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 2) << log;
  EXPECT_EQ(log.find('\x1b'), std::string::npos);
  EXPECT_EQ(log.rfind("GET /api/x\\x0aGET /api/health 200 - 0.1ms\\x1b[2J\\x5c 404 - ", 0), 0u)
      << log;
  // The logged path is cut after 256 bytes.
  EXPECT_NE(log.find("GET /" + std::string(255, 'a') + "... 404 - "), std::string::npos) << log;
}

TEST(ServiceHardening, ARandomBearerHeaderDoesNotBypassTheAddressLimit) {
  ServerOptions options;
  options.requests_per_second = 0.001;  // no refill during the test
  options.burst = 5;                    // per token; the address gets 4 x 5 = 20
  RunningServer server(options);
  httplib::Client client("127.0.0.1", server.port());
  int passed = 0;
  for (int i = 0; i < 30; ++i) {
    // A fresh, well-formed token every time: a fresh token bucket, but the same address.
    const auto reply = client.Get("/api/party", {{"Authorization", "Bearer " + new_token()}});
    ASSERT_TRUE(reply);
    if (reply->status == 401) {
      ++passed;
    } else {
      EXPECT_EQ(reply->status, 429);
    }
  }
  EXPECT_EQ(passed, 20);
}

TEST(ServiceHardening, BehindATrustedProxyTheLastForwardedHopIsTheClient) {
  ServerOptions options;
  options.requests_per_second = 0.001;
  options.burst = 1;  // 4 requests per address
  options.trusted_proxy = "127.0.0.1";
  RunningServer server(options);
  httplib::Client client("127.0.0.1", server.port());
  const auto from = [&](const std::string& forwarded) {
    return client.Get("/api/health", {{"X-Forwarded-For", forwarded}})->status;
  };
  for (int i = 0; i < 4; ++i) EXPECT_EQ(from("198.51.100.7, 10.0.0.1"), 200);
  EXPECT_EQ(from("10.0.0.1"), 429);               // the same last hop
  EXPECT_EQ(from("10.0.0.1, 203.0.113.9"), 200);  // another client
  EXPECT_EQ(from("not an address"), 200);         // counted as the proxy itself (first)
  // Without --trusted-proxy the header is ignored: every request is the peer's.
  options.trusted_proxy.clear();
  RunningServer direct(options);
  httplib::Client other("127.0.0.1", direct.port());
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(
        other.Get("/api/health", {{"X-Forwarded-For", "10.9.9." + std::to_string(i)}})->status,
        200);
  EXPECT_EQ(other.Get("/api/health", {{"X-Forwarded-For", "10.9.9.9"}})->status, 429);
}

TEST(ServiceHardening, CreatingNegotiationsIsRateLimitedPerAddressAndMayNeedTheAdminToken) {
  ServerOptions options = generous();
  options.creations_per_minute = 0.001;
  options.creation_burst = 3;
  {
    RunningServer server(options);
    httplib::Client client("127.0.0.1", server.port());
    for (int i = 0; i < 3; ++i)
      EXPECT_EQ(
          client.Post("/api/negotiations", test::office_spec().dump(), "application/json")->status,
          201);
    const auto refused =
        client.Post("/api/negotiations", test::office_spec().dump(), "application/json");
    EXPECT_EQ(refused->status, 429);
    EXPECT_EQ(refused->get_header_value("Retry-After"), "60");
    EXPECT_TRUE(healthy(server.port()));  // other requests are not refused
  }
  options.admin_token = "admin-token-0123456789-abcdefgh";
  RunningServer server(options);
  httplib::Client client("127.0.0.1", server.port());
  const auto create = [&](const std::string& token) {
    httplib::Headers headers;
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    return client
        .Post("/api/negotiations", headers, test::office_spec().dump(), "application/json")
        ->status;
  };
  EXPECT_EQ(create(""), 401);
  EXPECT_EQ(create("admin-token-0123456789-abcdefgX"), 401);
  EXPECT_EQ(create("admin-token-0123456789-abcdefg"), 401);
  EXPECT_EQ(create("admin-token-0123456789-abcdefghh"), 401);
  EXPECT_EQ(create(new_token()), 401);
  EXPECT_EQ(create("admin-token-0123456789-abcdefgh"), 201);
  // Nothing was stored by the refused requests.
  auto count = server.database().prepare("SELECT COUNT(*) FROM negotiations");
  ASSERT_TRUE(count.step());
  EXPECT_EQ(count.integer(0), 1);
}

// Slowloris: 64 connections each sending one header byte every 0.5 s hold a thread each; the
// health check is answered by a thread of its own, and the slow heads are cut at their deadline.
TEST(ServiceHardening, SlowlorisWith64ConnectionsLeavesTheHealthCheckUnder100ms) {
  ServerOptions options = generous();
  options.header_timeout_seconds = 4;
  RunningServer server(options);
  std::vector<std::unique_ptr<Raw>> slow;
  for (int i = 0; i < 64; ++i) {
    slow.push_back(std::make_unique<Raw>(server.port()));
    ASSERT_TRUE(slow.back()->connected());
    slow.back()->send("GET /api/health HTTP/1.1\r\n");
  }
  std::atomic<bool> done{false};
  std::thread dripping([&] {
    while (!done) {
      for (auto& connection : slow) connection->send("X");
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  std::vector<double> milliseconds;
  for (int i = 0; i < 21; ++i) {
    const auto start = Clock::now();
    EXPECT_TRUE(healthy(server.port()));
    milliseconds.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  std::sort(milliseconds.begin(), milliseconds.end());
  EXPECT_LT(milliseconds[10], 100.0) << "median health check with 64 slow connections";
  // The heads that never end are cut at the 4 s deadline (the dripping goes on): every slow
  // connection is answered 408 or closed within 4 s + slack.
  int closed = 0;
  for (auto& connection : slow) closed += connection->closed_within(8) ? 1 : 0;
  done = true;
  dripping.join();
  EXPECT_EQ(closed, 64);
  EXPECT_TRUE(healthy(server.port()));
}

// The listen backlog: with the connection cap reached, 300 connects wait in the kernel's queue
// (SOMAXCONN, not cpp-httplib's 5: with 5 all but 6 SYNs would be dropped and retried after 1 s,
// 3 s, ...); when the cap frees, all 300 are answered.
TEST(ServiceHardening, ThreeHundredSimultaneousConnectsAreAllAnswered) {
  ServerOptions options = generous();
  options.max_connections = 2;
  options.threads = 2;
  RunningServer server(options);
  auto holder1 = std::make_unique<Raw>(server.port());
  auto holder2 = std::make_unique<Raw>(server.port());
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // both taken by the server
  std::vector<int> sockets;
  for (int i = 0; i < 300; ++i) {
    const int s = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(server.port()));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::connect(s, reinterpret_cast<sockaddr*>(&address), sizeof address);
    sockets.push_back(s);
  }
  // Connected (handshake done, in the accept queue) within 0.5 s: all of them.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  int connected = 0;
  for (const int s : sockets) {
    pollfd entry{s, POLLOUT, 0};
    int error = 0;
    socklen_t length = sizeof error;
    if (::poll(&entry, 1, 0) == 1 && ::getsockopt(s, SOL_SOCKET, SO_ERROR, &error, &length) == 0 &&
        error == 0)
      ++connected;
  }
  EXPECT_EQ(connected, 300);
  const std::string request =
      "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  for (const int s : sockets) ::send(s, request.data(), request.size(), MSG_NOSIGNAL);
  holder1.reset();
  holder2.reset();
  int answered = 0;
  const auto until = Clock::now() + std::chrono::seconds(30);
  for (const int s : sockets) {
    std::string got;
    char chunk[4096];
    while (got.find("\r\n\r\n") == std::string::npos && Clock::now() < until) {
      pollfd entry{s, POLLIN, 0};
      if (::poll(&entry, 1, 100) <= 0) continue;
      const auto n = ::recv(s, chunk, sizeof chunk, 0);
      if (n <= 0) break;
      got.append(chunk, static_cast<std::size_t>(n));
    }
    if (status_of(got) == 200) ++answered;
    ::close(s);
  }
  EXPECT_EQ(answered, 300);
}

}  // namespace
}  // namespace parley::service
