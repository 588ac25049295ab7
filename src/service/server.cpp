#include "parley/service/server.hpp"

#include <arpa/inet.h>
#include <httplib.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <ctime>
#include <iostream>

#include "connections.hpp"
#include "parley/service/request.hpp"
#include "parley/service/tokens.hpp"
#include "parley/support/error.hpp"
#include "support/file_io.hpp"
#include "support/text.hpp"

namespace parley::service {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

// The role of the request being served, for its log line (a connection is served on one thread
// from start to end).
thread_local const char* request_role = "-";

void send_json(httplib::Response& response, int status, const json& body) {
  response.status = status;
  // Text from a request is escaped before it reaches a message; should any byte still not be
  // UTF-8, it is replaced rather than thrown on.
  response.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace),
                       "application/json");
}

void send_error(httplib::Response& response, int status, const std::string& message) {
  send_json(response, status, {{"error", message}});
}

const char* status_text(int status) {
  switch (status) {
    case 400:
      return "malformed request";
    case 404:
      return "no such resource";
    case 405:
      return "method not allowed";
    case 413:
      return "body too large";
    case 414:
      return "request target too long";
    case 416:
      return "range not satisfiable";
    default:
      return "refused";
  }
}

std::string bearer_token(const httplib::Request& request) {
  const auto header = request.get_header_value("Authorization");
  constexpr std::string_view prefix = "Bearer ";
  if (header.size() <= prefix.size() || header.compare(0, prefix.size(), prefix) != 0) return {};
  return header.substr(prefix.size());
}

// A JSON value described without echoing it: its kind, and for a scalar a short escaped text.
std::string describe(const json& value) {
  switch (value.type()) {
    case json::value_t::string:
      return "the string " + parley::detail::quoted(value.get_ref<const std::string&>(), 40);
    case json::value_t::array:
      return "an array of " + std::to_string(value.size()) + " elements";
    case json::value_t::object:
      return "an object of " + std::to_string(value.size()) + " members";
    case json::value_t::discarded:
      return "nothing";
    default:
      return value.dump();  // a number, true, false or null: short, ASCII
  }
}

std::int64_t version_of(const json& body) {
  const auto it = body.find("version");
  constexpr std::int64_t largest = std::int64_t{1} << 53;
  if (it == body.end() || !it->is_number_integer() ||
      (it->is_number_unsigned() && it->get<std::uint64_t>() > std::uint64_t(largest)) ||
      (!it->is_number_unsigned() && it->get<std::int64_t>() < 1))
    throw InputError("request", std::nullopt, "version",
                     it == body.end() ? "nothing" : describe(*it),
                     "the draft version (an integer from 1)");
  return it->get<std::int64_t>();
}

// The canonical text of an IP address literal, or "" when `text` is not one.
std::string canonical_address(std::string text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.pop_back();
  const auto start = text.find_first_not_of(" \t");
  if (start == std::string::npos) return {};
  text.erase(0, start);
  unsigned char bytes[sizeof(in6_addr)];
  char canonical[INET6_ADDRSTRLEN] = {};
  if (::inet_pton(AF_INET, text.c_str(), bytes) == 1)
    return ::inet_ntop(AF_INET, bytes, canonical, sizeof canonical) ? canonical : "";
  if (::inet_pton(AF_INET6, text.c_str(), bytes) == 1)
    return ::inet_ntop(AF_INET6, bytes, canonical, sizeof canonical) ? canonical : "";
  return {};
}

// A refused request whose body (if any) is left unread: the connection closes after the answer.
void refuse(httplib::Response& response, int status, const std::string& message) {
  send_error(response, status, message);
  response.set_header("Connection", "close");
  if (auto* connection = net::current_connection()) connection->close_after_response();
}

// The httplib server whose request processing the connection layer calls.
template <typename Base>
class Endpoint : public Base {
 public:
  using Base::Base;
  bool process(httplib::Stream& stream, bool close_connection, bool& closed) {
    return this->process_request(stream, close_connection, closed, nullptr);
  }
  // The bound socket, handed over to the connection layer (which closes it).
  int take_listening_socket() { return this->svr_sock_.exchange(INVALID_SOCKET); }
};

}  // namespace

RateLimiter::RateLimiter(double rate, double burst) : rate_(rate), burst_(burst) {}

bool RateLimiter::allow(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  // Forget idle buckets (full again anyway) so the map stays small under many keys.
  if (buckets_.size() > 100'000) {
    const auto full_after = std::chrono::duration<double>(burst_ / rate_);
    std::erase_if(buckets_,
                  [&](const auto& entry) { return now - entry.second.updated > full_after; });
  }
  auto [it, inserted] = buckets_.try_emplace(key, Bucket{burst_, now});
  auto& bucket = it->second;
  if (!inserted) {
    const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
    bucket.tokens = std::min(burst_, bucket.tokens + std::max(0.0, elapsed) * rate_);
    bucket.updated = now;
  }
  if (bucket.tokens < 1.0) return false;
  bucket.tokens -= 1.0;
  return true;
}

struct Server::Impl {
  MediationService& mediation;
  ServerOptions options;
  std::unique_ptr<httplib::Server> http;
  std::function<bool(httplib::Stream&, bool, bool&)> process;
  std::function<int()> take_listening_socket;
  SSL_CTX* tls_context = nullptr;
  std::unique_ptr<net::ConnectionServer> connections;
  std::mutex connections_mutex;
  // Set by stop(); also stops a manipulation analysis being served (it answers 503).
  std::atomic<bool> stop_requested{false};
  RateLimiter token_limiter;
  RateLimiter address_limiter;
  RateLimiter creation_limiter;
  std::string trusted_proxy;
  int port = 0;
  bool secure = false;
  socket_t listening_socket = INVALID_SOCKET;

  // cpp-httplib listens with a backlog of 5 (compiled into Debian's library): a burst of new
  // connections (a page load, many clients at once) overflows it and the dropped SYNs are
  // retried after 1 s. Listening again on the bound socket raises the backlog (Linux).
  void widen_backlog() const {
    if (listening_socket != INVALID_SOCKET && ::listen(listening_socket, SOMAXCONN) != 0)
      throw Error("cannot raise the listen backlog of " + options.host);
  }

  Impl(MediationService& m, ServerOptions o)
      : mediation(m),
        options(std::move(o)),
        token_limiter(options.requests_per_second, options.burst),
        address_limiter(options.requests_per_second * options.address_factor,
                        options.burst * options.address_factor),
        creation_limiter(options.creations_per_minute / 60.0, options.creation_burst) {
    if (!options.trusted_proxy.empty()) {
      trusted_proxy = canonical_address(options.trusted_proxy);
      if (trusted_proxy.empty())
        throw InputError("--trusted-proxy", std::nullopt, "address",
                         parley::detail::quoted(options.trusted_proxy), "an IPv4 or IPv6 address");
    }
  }

  void log(const std::string& line) const {
    if (options.log)
      options.log(line);
    else
      std::cerr << line + "\n";
  }

  // The client: the peer, or behind the trusted proxy the last X-Forwarded-For hop.
  std::string client_address(const httplib::Request& request) const {
    if (!trusted_proxy.empty() && canonical_address(request.remote_addr) == trusted_proxy) {
      const auto count = request.get_header_value_count("X-Forwarded-For");
      if (count > 0) {
        const auto header = request.get_header_value("X-Forwarded-For", count - 1);
        const auto comma = header.rfind(',');
        auto hop =
            canonical_address(comma == std::string::npos ? header : header.substr(comma + 1));
        if (!hop.empty()) return hop;
      }
    }
    return request.remote_addr;
  }

  // Runs a handler, turning parley's exceptions into HTTP statuses.
  template <typename Handler>
  void guarded(httplib::Response& response, Handler&& handler) {
    try {
      handler();
    } catch (const AccessDenied& e) {
      send_error(response, e.authenticated() ? 403 : 401, e.what());
    } catch (const StateConflict& e) {
      send_error(response, 409, e.what());
    } catch (const ServiceBusy& e) {
      response.set_header("Retry-After", "5");
      send_error(response, 503, e.what());
    } catch (const RequestError& e) {
      send_error(response, e.status(), e.what());
    } catch (const InputError& e) {
      send_error(response, 400, e.what());
    } catch (const UnsupportedError& e) {
      send_error(response, 422, e.what());
    } catch (const json::exception& e) {
      // A value of the body of a kind no check expected: the client's input, never a 500.
      send_error(response, 400,
                 "request: body: found a value of an unexpected kind (" +
                     escape_for_log(e.what(), 120) + "), expected the documented request");
    } catch (const std::exception&) {
      send_error(response, 500, "internal error");
    }
  }

  json body_json(const httplib::Request& request) const {
    return parse_request_body(request.get_header_value("Content-Type"), request.body,
                              options.max_body_bytes);
  }

  // A handler that needs a caller of the given role (any role when `role` is empty).
  template <typename Handler>
  httplib::Server::Handler authorised(std::optional<Role> role, Handler handler) {
    return [this, role, handler](const httplib::Request& request, httplib::Response& response) {
      guarded(response, [&] {
        const auto token = bearer_token(request);
        if (!is_well_formed_token(token)) throw AccessDenied("missing or invalid token", false);
        const Caller caller = mediation.authenticate(token);
        request_role = to_string(caller.role);
        if (role && caller.role != *role)
          throw AccessDenied(std::string("this request is for the ") +
                                 (*role == Role::mediator ? "mediator" : "parties"),
                             true);
        handler(caller, request, response);
      });
    };
  }

  void create(const httplib::Request& request, httplib::Response& response) {
    guarded(response, [&] {
      if (!options.admin_token.empty()) {
        if (!secrets_equal(bearer_token(request), options.admin_token))
          throw AccessDenied(
              "creating a negotiation needs the admin token (Authorization: Bearer TOKEN)", false);
        request_role = "admin";
      }
      const auto spec = parse_negotiation_spec(body_json(request), mediation.limits(),
                                               format_utc(std::time(nullptr)));
      if (!creation_limiter.allow(client_address(request))) {
        response.set_header("Retry-After", "60");
        send_error(response, 429, "too many negotiations created from this address: slow down");
        return;
      }
      const auto invitation = mediation.create(spec);
      json parties = json::array();
      for (std::size_t p = 0; p < invitation.party_names.size(); ++p)
        parties.push_back({{"name", invitation.party_names[p]},
                           {"token", invitation.party_tokens[p]},
                           {"link", "/#/party/" + invitation.party_tokens[p]}});
      send_json(response, 201,
                {{"id", invitation.negotiation_id},
                 {"mediator_token", invitation.mediator_token},
                 {"mediator_link", "/#/mediator/" + invitation.mediator_token},
                 {"parties", parties}});
    });
  }

  void routes() {
    auto& server = *http;
    server.Get("/api/health", [](const httplib::Request&, httplib::Response& response) {
      send_json(response, 200, {{"status", "ok"}});
    });
    server.Post("/api/negotiations",
                [this](const httplib::Request& request, httplib::Response& response) {
                  create(request, response);
                });
    server.Get("/api/party", authorised(Role::party, [this](const Caller& caller, const auto&,
                                                            httplib::Response& response) {
                 send_json(response, 200, mediation.party_view(caller));
               }));
    server.Put("/api/party/preferences",
               authorised(Role::party, [this](const Caller& caller, const httplib::Request& request,
                                              httplib::Response& response) {
                 send_json(response, 200, mediation.submit_preferences(caller, body_json(request)));
               }));
    server.Post(
        "/api/party/evaluate",
        authorised(Role::party, [this](const Caller& caller, const httplib::Request& request,
                                       httplib::Response& response) {
          const auto body = body_json(request);
          if (!body.is_object())
            throw InputError("request", std::nullopt, "body", describe(body), "an object");
          const auto packages = body.find("packages");
          if (packages == body.end() || !packages->is_array())
            throw InputError("request", std::nullopt, "packages",
                             packages == body.end() ? "nothing" : describe(*packages),
                             "an array of packages");
          std::optional<json> preferences;
          if (const auto it = body.find("preferences"); it != body.end() && !it->is_null())
            preferences = *it;
          const auto utilities =
              mediation.evaluate(caller, packages->get<std::vector<json>>(), preferences);
          send_json(response, 200, {{"utilities", utilities}});
        }));
    // The party's own manipulation analysis (its sealed or hypothetical profile, hypothetical
    // profiles of the others): nothing stored, nothing shown to anyone else.
    server.Post(
        "/api/party/manipulation",
        authorised(Role::party, [this](const Caller& caller, const httplib::Request& request,
                                       httplib::Response& response) {
          send_json(response, 200, mediation.manipulation(caller, body_json(request), [this] {
            return stop_requested.load();
          }));
        }));
    server.Post(
        "/api/party/vote",
        authorised(Role::party, [this](const Caller& caller, const httplib::Request& request,
                                       httplib::Response& response) {
          const auto body = body_json(request);
          if (!body.is_object())
            throw InputError("request", std::nullopt, "body", describe(body), "an object");
          const auto accept = body.find("accept");
          if (accept == body.end() || !accept->is_boolean())
            throw InputError("request", std::nullopt, "accept",
                             accept == body.end() ? "nothing" : describe(*accept), "true or false");
          send_json(response, 200, mediation.vote(caller, version_of(body), accept->get<bool>()));
        }));
    const auto change = [this](const Caller& caller, const httplib::Request& request,
                               httplib::Response& response) {
      const auto body = body_json(request);
      if (!body.is_object())
        throw InputError("request", std::nullopt, "body", describe(body), "an object");
      const auto package = body.find("package");
      if (package == body.end())
        throw InputError("request", std::nullopt, "package", "nothing", "{issue: option}");
      send_json(response, 200, mediation.change_draft(caller, version_of(body), *package));
    };
    server.Post("/api/party/draft", authorised(Role::party, change));
    server.Get("/api/mediator", authorised(Role::mediator, [this](const Caller& caller, const auto&,
                                                                  httplib::Response& response) {
                 send_json(response, 200, mediation.mediator_view(caller));
               }));
    server.Post("/api/mediator/draft", authorised(Role::mediator, change));
    server.Post("/api/mediator/analysis",
                authorised(Role::mediator,
                           [this](const Caller& caller, const auto&, httplib::Response& response) {
                             send_json(response, 202, mediation.start_analysis(caller));
                           }));
    server.Post("/api/mediator/analysis/cancel",
                authorised(Role::mediator,
                           [this](const Caller& caller, const auto&, httplib::Response& response) {
                             send_json(response, 200, mediation.cancel_analysis(caller));
                           }));
    // The deal-closing mechanisms (docs/mechanisms.md, "In the service"): each takes the body
    // as it came; the service checks it.
    const auto party_step = [this](auto method) {
      return authorised(Role::party,
                        [this, method](const Caller& caller, const httplib::Request& request,
                                       httplib::Response& response) {
                          send_json(response, 200, (mediation.*method)(caller, body_json(request)));
                        });
    };
    const auto mediator_step = [this](auto method) {
      return authorised(
          Role::mediator, [this, method](const Caller& caller, const httplib::Request& request,
                                         httplib::Response& response) {
            send_json(response, 200,
                      (mediation.*method)(
                          caller, request.body.empty() ? json::object() : body_json(request)));
          });
    };
    server.Put("/api/party/sealed", party_step(&MediationService::mark_sealed));
    server.Post("/api/party/proposal", party_step(&MediationService::answer_proposal));
    server.Put("/api/party/improvements", party_step(&MediationService::approve_improvements));
    server.Put("/api/party/final-offer", party_step(&MediationService::final_offer));
    server.Post("/api/party/blind-bid", party_step(&MediationService::blind_bid));
    server.Post("/api/mediator/proposal", mediator_step(&MediationService::put_proposal));
    server.Post("/api/mediator/improvements", mediator_step(&MediationService::offer_improvements));
    server.Post("/api/mediator/improvements/close",
                mediator_step(&MediationService::close_improvements));
    server.Post("/api/mediator/close", mediator_step(&MediationService::close_now));
    server.Post("/api/mediator/blind-bidding",
                mediator_step(&MediationService::open_blind_bidding));
    server.Post("/api/mediator/blind-bidding/neutral",
                mediator_step(&MediationService::blind_neutral));
    server.Get("/api/agreement", authorised(std::nullopt, [this](const Caller& caller, const auto&,
                                                                 httplib::Response& response) {
                 response.set_header("Content-Disposition",
                                     "attachment; filename=\"agreement.md\"");
                 response.set_content(mediation.agreement_document(caller),
                                      "text/markdown; charset=utf-8");
               }));
    // The signed record (any role, any phase) and the calling party's reveal (docs/records.md).
    server.Get("/api/record", authorised(std::nullopt, [this](const Caller& caller, const auto&,
                                                              httplib::Response& response) {
                 response.set_header("Content-Disposition",
                                     "attachment; filename=\"record.jsonl\"");
                 response.set_content(mediation.record_document(caller),
                                      "application/jsonl; charset=utf-8");
               }));
    server.Get("/api/reveal", authorised(Role::party, [this](const Caller& caller, const auto&,
                                                             httplib::Response& response) {
                 response.set_header("Content-Disposition",
                                     "attachment; filename=\"reveal.jsonl\"");
                 response.set_content(mediation.reveal_document(caller),
                                      "application/jsonl; charset=utf-8");
               }));
  }

  // Before the body is read: its framing and size, then the rate limits.
  httplib::Server::HandlerResponse before_routing(const httplib::Request& request,
                                                  httplib::Response& response) {
    request_role = "-";
    auto* connection = net::current_connection();
    if (connection) connection->begin_body();
    const bool has_body = request.method == "POST" || request.method == "PUT" ||
                          request.method == "PATCH" || request.method == "DELETE";
    const auto transfer_encoding = request.get_header_value("Transfer-Encoding");
    const bool chunked = request.has_header("Transfer-Encoding");
    if (chunked && (request.get_header_value_count("Transfer-Encoding") != 1 ||
                    !(transfer_encoding == "chunked" || transfer_encoding == "Chunked"))) {
      refuse(response, 501,
             "request: Transfer-Encoding: found " + parley::detail::quoted(transfer_encoding) +
                 ", expected chunked or none");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (request.has_header("Content-Length")) {
      const auto length = request.get_header_value("Content-Length");
      if (chunked || request.get_header_value_count("Content-Length") != 1 || length.empty() ||
          length.size() > 18 || length.find_first_not_of("0123456789") != std::string::npos) {
        refuse(response, 400,
               "request: Content-Length: found " + parley::detail::quoted(length) +
                   (chunked ? " beside Transfer-Encoding" : "") +
                   ", expected one decimal length (without Transfer-Encoding)");
        return httplib::Server::HandlerResponse::Handled;
      }
      if (std::stoull(length) > options.max_body_bytes) {
        refuse(response, 413,
               "request: body: found " + length + " bytes, expected at most " +
                   std::to_string(options.max_body_bytes) + " bytes");
        return httplib::Server::HandlerResponse::Handled;
      }
    } else if (has_body && !chunked) {
      // Neither header: the body is empty (RFC 9112 6.3), but cpp-httplib 0.11 would read until
      // the connection closes. The request object is httplib's own, mutable one (process_request
      // owns it and hands it to this handler as const): say so in it, and httplib reads nothing.
      const_cast<httplib::Request&>(request).set_header("Content-Length", "0");
    }
    if (request.path.rfind("/api/", 0) == 0) {
      response.set_header("Cache-Control", "no-store");
      // Every request is charged to its client address, and one with a well-formed token to that
      // token too (by a prefix of its hash: the limiter keeps no usable secret).
      const auto token = bearer_token(request);
      const bool allowed = address_limiter.allow("addr:" + client_address(request)) &&
                           (!is_well_formed_token(token) ||
                            token_limiter.allow("tok:" + token_hash(token).substr(0, 32)));
      if (!allowed) {
        response.set_header("Retry-After", "1");
        if (has_body)
          refuse(response, 429, "too many requests: slow down");
        else
          send_error(response, 429, "too many requests: slow down");
        return httplib::Server::HandlerResponse::Handled;
      }
    }
    return httplib::Server::HandlerResponse::Unhandled;
  }

  void configure() {
    if (!options.certificate_file.empty() || !options.private_key_file.empty()) {
      if (options.certificate_file.empty() || options.private_key_file.empty())
        throw Error("TLS needs both a certificate and a private key");
      auto secure_server = std::make_unique<Endpoint<httplib::SSLServer>>(
          options.certificate_file.c_str(), options.private_key_file.c_str());
      if (!secure_server->is_valid())
        throw Error("cannot load the TLS certificate '" + options.certificate_file + "' or key '" +
                    options.private_key_file + "'");
      tls_context = secure_server->ssl_context();
      auto* endpoint = secure_server.get();
      process = [endpoint](httplib::Stream& s, bool close, bool& closed) {
        return endpoint->process(s, close, closed);
      };
      take_listening_socket = [endpoint] { return endpoint->take_listening_socket(); };
      http = std::move(secure_server);
      secure = true;
    } else {
      auto plain = std::make_unique<Endpoint<httplib::Server>>();
      auto* endpoint = plain.get();
      process = [endpoint](httplib::Stream& s, bool close, bool& closed) {
        return endpoint->process(s, close, closed);
      };
      take_listening_socket = [endpoint] { return endpoint->take_listening_socket(); };
      http = std::move(plain);
    }
    // httplib's own limit applies to Content-Length bodies; the connection layer caps every body.
    http->set_payload_max_length(options.max_body_bytes);
    http->set_socket_options([this](socket_t socket) {
      httplib::default_socket_options(socket);
      listening_socket = socket;
    });
    http->set_keep_alive_timeout(1);
    http->set_keep_alive_max_count(1000);
    http->set_default_headers({{"X-Content-Type-Options", "nosniff"},
                               {"Referrer-Policy", "no-referrer"},
                               {"X-Frame-Options", "DENY"},
                               {"Content-Security-Policy",
                                "default-src 'self'; style-src 'self' 'unsafe-inline'; "
                                "img-src 'self' data:"}});
    http->set_pre_routing_handler(
        [this](const httplib::Request& request, httplib::Response& response) {
          return before_routing(request, response);
        });
    // Errors httplib answers itself (404, a malformed head, a body cut by the caps) get a JSON
    // body like the API's own; an answer that has one keeps it.
    http->set_error_handler(httplib::Server::HandlerWithResponse(
        [this](const httplib::Request&, httplib::Response& response) {
          if (!response.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
          auto* connection = net::current_connection();
          if (connection && (connection->body_too_large() || connection->head_invalid() ||
                             connection->head_too_large() || connection->timed_out())) {
            // What is left of this request cannot be read as the next one.
            response.set_header("Connection", "close");
            connection->close_after_response();
          }
          if (connection && connection->body_too_large()) {
            send_error(response, 413,
                       "request: body: found more than " + std::to_string(options.max_body_bytes) +
                           " bytes, expected at most " + std::to_string(options.max_body_bytes) +
                           " bytes");
          } else if (connection && connection->head_invalid()) {
            send_error(response, 400,
                       "request: head: found a control byte (NUL or another below 0x20), expected "
                       "text");
          } else if (connection && connection->head_too_large()) {
            send_error(response, 431,
                       "request: head: found too many bytes, expected at most 32 KiB");
          } else if (connection && connection->timed_out()) {
            send_error(response, 408, "request: the request did not arrive in time");
          } else {
            send_error(response, response.status,
                       std::string("request: ") + status_text(response.status));
          }
          return httplib::Server::HandlerResponse::Handled;
        }));
    http->set_exception_handler(
        [](const httplib::Request&, httplib::Response& response, std::exception_ptr) {
          send_error(response, 500, "internal error");
        });
    http->set_logger([this](const httplib::Request& request, const httplib::Response& response) {
      const auto* connection = net::current_connection();
      const auto started = connection ? connection->started() : Clock::now();
      const auto elapsed =
          std::chrono::duration<double, std::milli>(Clock::now() - started).count();
      char milliseconds[32];
      std::snprintf(milliseconds, sizeof milliseconds, "%.1f", elapsed);
      log(escape_for_log(request.method.empty() ? "-" : request.method, 16) + " " +
          escape_for_log(request.path.empty() ? "-" : request.path, 256) + " " +
          std::to_string(response.status) + " " + request_role + " " + milliseconds + "ms");
    });
    if (!options.web_dir.empty() && !http->set_mount_point("/", options.web_dir))
      throw Error("web folder '" + options.web_dir + "' does not exist");
    routes();
  }
};

Server::Server(MediationService& mediation, ServerOptions options)
    : impl_(std::make_unique<Impl>(mediation, std::move(options))) {
  impl_->configure();
}

Server::~Server() {
  if (impl_->listening_socket != INVALID_SOCKET && !impl_->connections) {
    // Bound but never run: the socket is still httplib's.
    const int socket = impl_->take_listening_socket();
    if (socket != INVALID_SOCKET) ::close(socket);
  }
}

int Server::bind() {
  auto& http = *impl_->http;
  if (impl_->options.port == 0) {
    impl_->port = http.bind_to_any_port(impl_->options.host);
    if (impl_->port <= 0) throw Error("cannot bind " + impl_->options.host);
  } else {
    if (!http.bind_to_port(impl_->options.host, impl_->options.port))
      throw Error("cannot bind " + impl_->options.host + ":" + std::to_string(impl_->options.port));
    impl_->port = impl_->options.port;
  }
  impl_->widen_backlog();
  return impl_->port;
}

int Server::port() const noexcept { return impl_->port; }
bool Server::tls() const noexcept { return impl_->secure; }

void Server::run() {
  const int listening = impl_->take_listening_socket();
  if (listening == INVALID_SOCKET) throw Error("the server is not bound (call bind() first)");
  const auto& o = impl_->options;
  net::ConnectionLimits limits;
  limits.header_seconds = o.header_timeout_seconds;
  limits.body_seconds = o.body_timeout_seconds;
  // Chunk framing counts: twice the body cap bounds what a chunked body may take on the wire; the
  // decoded body is checked against the cap itself (parse_request_body).
  limits.body_bytes = 2 * o.max_body_bytes + 4096;
  {
    std::lock_guard lock(impl_->connections_mutex);
    impl_->connections = std::make_unique<net::ConnectionServer>(
        listening, impl_->tls_context, limits, o.max_connections, o.threads, impl_->process);
    if (impl_->stop_requested) impl_->connections->stop();
  }
  impl_->connections->run();
}

bool Server::running() const {
  std::lock_guard lock(impl_->connections_mutex);
  return impl_->connections && impl_->connections->running();
}

void Server::stop() {
  std::lock_guard lock(impl_->connections_mutex);
  impl_->stop_requested = true;
  if (impl_->connections) impl_->connections->stop();
}

void write_port_file(const std::string& path, int port) {
  parley::detail::write_file_atomically(path, std::to_string(port) + "\n",
                                        parley::detail::Durability::rebuildable);
}

}  // namespace parley::service
