// The boundary of the mediation service's HTTP API: a request body becomes JSON here, or is
// refused with the HTTP status that says why. Used by the server (src/service/server.cpp) and by
// the fuzz target of the service's request parsers.
//
// What is accepted (docs/service.md, "Security"):
// - the media type `application/json` (case-insensitive), with optional parameters; a `charset`
//   parameter must be `utf-8` (case-insensitive, quoted or not); anything else: 415;
// - at most `max_bytes` bytes: above, 413 (before anything is parsed);
// - one JSON document (RFC 8259) whose strings are valid UTF-8, with arrays and objects nested at
//   most `max_json_depth` deep (checked by an iterative scan before the parser runs) and numbers
//   that fit a double: else 400.
// Every failure is a RequestError (an InputError of file "request"); no nlohmann exception leaves
// parse_request_body, and no message quotes more than a short, escaped prefix of the body.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "parley/support/error.hpp"

namespace parley::service {

// Arrays and objects nested deeper than this are refused (the top-level value is depth 1).
inline constexpr std::size_t max_json_depth = 64;

// A request the service refuses at its boundary: InputError (file "request", the field, what was
// found, what was expected) with the HTTP status it answers: 400 (malformed), 413 (too large),
// 415 (not JSON).
class RequestError : public InputError {
 public:
  RequestError(int status, std::string field, std::string found, std::string expected);
  int status() const noexcept { return status_; }

 private:
  int status_;
};

// True when `content_type` is application/json as described above (no charset or utf-8).
bool is_json_media_type(std::string_view content_type) noexcept;

// The body as JSON; throws RequestError (415, 413 or 400 as described above).
nlohmann::json parse_request_body(std::string_view content_type, std::string_view body,
                                  std::size_t max_bytes);

// `text` for a log line: printable ASCII and valid, printable UTF-8 kept; control bytes (C0, DEL,
// C1), bytes that are not valid UTF-8 and `\` written as \xNN (`\` as \x5c), so that a logged
// field can neither start a new line nor carry a terminal escape; cut after `max_bytes` bytes of
// input with "..." appended.
std::string escape_for_log(std::string_view text, std::size_t max_bytes);

}  // namespace parley::service
