// Hostile input to the mediation service (issue 15): each test is named after the failure it
// guards. The parsing boundary (parse_request_body, tokens, log escaping) is tested directly; the
// server over raw POSIX sockets, which can send what httplib's client never would (chunked bodies
// nested 300,000 deep, NUL bytes, one header byte per second).
#include <gtest/gtest.h>

#include <string>

#include "parley/service/request.hpp"

namespace parley::service {
namespace {

using nlohmann::json;

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

}  // namespace
}  // namespace parley::service
