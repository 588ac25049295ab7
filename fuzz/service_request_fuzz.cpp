// Fuzz target: the mediation service's request parsers. The input's first line is the
// Content-Type header, the rest the body:
//  - parley::service::parse_request_body (media type, size, depth, UTF-8, numbers; a refusal is a
//    RequestError with status 400, 411, 413 or 415);
//  - on the JSON it returns, the parsers of the API's bodies: parse_negotiation_spec (an accepted
//    spec's issues go through issues_json / issues_from_json unchanged), parse_preferences and
//    parse_package against the accepted spec's issues, else against two fixed issues (an
//    accepted submission is written with to_json, and its party's utility is finite in [0, 1] at
//    every package);
//  - escape_for_log on the whole input: the result has no control byte and is valid UTF-8.
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"
#include "parley/service/preferences.hpp"
#include "parley/service/request.hpp"

namespace {

namespace service = parley::service;

constexpr std::size_t kMaxBodyBytes = 64 * 1024;

const std::vector<parley::Issue>& fixed_issues() {
  static const std::vector<parley::Issue> issues = {
      parley::Issue::categorical("salary", {{"low", ""}, {"mid", ""}, {"high", ""}}),
      parley::Issue::categorical("remote", {{"none", ""}, {"full", ""}})};
  return issues;
}

bool valid_utf8(std::string_view text) {
  // Strings nlohmann::json dumps without throwing (strict UTF-8) are what we check against.
  try {
    (void)nlohmann::json(std::string(text)).dump();
    return true;
  } catch (const nlohmann::json::exception&) {
    return false;
  }
}

void check_log_escape(std::string_view input) {
  const std::string escaped = service::escape_for_log(input, 256);
  for (const char ch : escaped) {
    const auto byte = static_cast<unsigned char>(ch);
    if (byte < 0x20 || byte == 0x7f)
      parley::fuzz::fail("escape_for_log kept control byte " + std::to_string(byte));
  }
  if (!valid_utf8(escaped)) parley::fuzz::fail("escape_for_log wrote bytes that are not UTF-8");
}

void check_submission(const service::Submission& submission,
                      const std::vector<parley::Issue>& issues) {
  (void)service::to_json(submission, issues).dump();
  const parley::Party party = submission.party(issues);
  std::vector<std::uint32_t> cardinalities;
  for (const auto& issue : issues) cardinalities.push_back(issue.cardinality());
  const parley::OutcomeSpace space(cardinalities);
  if (!space.fits_index() || space.size() > 4096) return;
  parley::Outcome package(issues.size(), 0);
  do {
    const double u = party.utility->utility(package);
    if (!std::isfinite(u) || u < -1e-9 || u > 1 + 1e-9)
      parley::fuzz::fail("a submission's utility " + std::to_string(u) + " outside [0, 1]");
  } while (space.next(package));
  if (!std::isfinite(party.reservation_value))
    parley::fuzz::fail("a submission's walk-away value is not finite");
}

void check_body(const nlohmann::json& body) {
  service::Limits limits;
  const std::vector<parley::Issue>* issues = &fixed_issues();
  service::NegotiationSpec spec;
  try {
    spec = service::parse_negotiation_spec(body, limits);
    const auto back = service::issues_from_json(service::issues_json(spec.issues));
    if (service::issues_json(back) != service::issues_json(spec.issues))
      parley::fuzz::fail("issues change through issues_json / issues_from_json");
    issues = &spec.issues;
  } catch (const parley::Error&) {
    // refused, as documented
  }
  parley::Warnings warnings;
  try {
    check_submission(service::parse_preferences(body, *issues, &warnings), *issues);
  } catch (const parley::Error&) {
  }
  try {
    const parley::Outcome package = service::parse_package(body, *issues, "package");
    (void)service::package_json(package, *issues).dump();
  } catch (const parley::Error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = parley::fuzz::as_text(data, size);
  const auto newline = input.find('\n');
  const std::string_view content_type =
      newline == std::string_view::npos ? input : input.substr(0, newline);
  const std::string_view body =
      newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);
  check_log_escape(input);
  (void)service::is_json_media_type(content_type);
  nlohmann::json json;
  try {
    json = service::parse_request_body(content_type, body, kMaxBodyBytes);
  } catch (const service::RequestError& e) {
    const int status = e.status();
    if (status != 400 && status != 411 && status != 413 && status != 415)
      parley::fuzz::fail("parse_request_body refused with status " + std::to_string(status));
    return 0;
  } catch (const parley::Error&) {
    parley::fuzz::fail("parse_request_body threw an error that is not a RequestError");
  }
  (void)json.dump();
  check_body(json);
  return 0;
}
