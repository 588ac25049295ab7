// One HTTP request of the service's API tests, over cpp-httplib, and its reply.
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace parley::service::test {

struct Reply {
  int status = 0;
  std::string body;
  nlohmann::json data() const { return nlohmann::json::parse(body, nullptr, false); }
};

// GET, POST or PUT (any other method: PUT) with a bearer token (none when empty) and a JSON
// body. Works with httplib::Client and httplib::SSLClient (no common base in cpp-httplib 0.11).
template <typename HttpClient>
Reply send(HttpClient& client, const std::string& method, const std::string& path,
           const std::string& token, const std::optional<nlohmann::json>& body = std::nullopt) {
  httplib::Headers headers;
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  const std::string text = body ? body->dump() : std::string();
  auto result = [&] {
    if (method == "GET") return client.Get(path.c_str(), headers);
    if (method == "POST") return client.Post(path.c_str(), headers, text, "application/json");
    return client.Put(path.c_str(), headers, text, "application/json");
  }();
  if (!result) return {0, "connection failed: " + httplib::to_string(result.error())};
  return {result->status, result->body};
}

}  // namespace parley::service::test
