#include "parley/service/server.hpp"

#include <httplib.h>
#include <sys/socket.h>

#include <algorithm>
#include <iostream>

#include "parley/service/tokens.hpp"
#include "parley/support/error.hpp"
#include "support/file_io.hpp"

namespace parley::service {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

// What the logger needs about the request being served (handled on one thread from start to end).
thread_local Clock::time_point request_started;
thread_local const char* request_role = "-";

void send_json(httplib::Response& response, int status, const json& body) {
  response.status = status;
  response.set_content(body.dump(), "application/json");
}

void send_error(httplib::Response& response, int status, const std::string& message) {
  send_json(response, status, {{"error", message}});
}

std::string bearer_token(const httplib::Request& request) {
  const auto header = request.get_header_value("Authorization");
  constexpr std::string_view prefix = "Bearer ";
  if (header.size() <= prefix.size() || header.compare(0, prefix.size(), prefix) != 0) return {};
  return header.substr(prefix.size());
}

json body_json(const httplib::Request& request) {
  const auto type = request.get_header_value("Content-Type");
  if (type.rfind("application/json", 0) != 0)
    throw InputError("request", std::nullopt, "Content-Type", type.empty() ? "nothing" : type,
                     "application/json");
  try {
    return json::parse(request.body);
  } catch (const json::parse_error&) {
    throw InputError("request", std::nullopt, "body", "malformed JSON", "a JSON document");
  }
}

std::int64_t version_of(const json& body) {
  const auto it = body.find("version");
  if (it == body.end() || !it->is_number_integer())
    throw InputError("request", std::nullopt, "version", it == body.end() ? "nothing" : it->dump(),
                     "the draft version (an integer)");
  return it->get<std::int64_t>();
}

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
  RateLimiter limiter;
  int port = 0;
  bool secure = false;
  socket_t listening_socket = INVALID_SOCKET;

  // cpp-httplib listens with a backlog of 5 (compiled into Debian's library): a burst of new
  // connections (a page load, many clients at once) overflows it and the dropped SYNs are
  // retried after 1 s. Listening again on the bound socket raises the backlog (Linux).
  void widen_backlog() const {
    if (listening_socket != INVALID_SOCKET) ::listen(listening_socket, SOMAXCONN);
  }

  Impl(MediationService& m, ServerOptions o)
      : mediation(m), options(std::move(o)), limiter(options.requests_per_second, options.burst) {}

  void log(const std::string& line) const {
    if (options.log)
      options.log(line);
    else
      std::cerr << line + "\n";
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
    } catch (const InputError& e) {
      send_error(response, 400, e.what());
    } catch (const UnsupportedError& e) {
      send_error(response, 422, e.what());
    } catch (const std::exception&) {
      send_error(response, 500, "internal error");
    }
  }

  // A handler that needs a caller of the given role (any role when `role` is empty).
  template <typename Handler>
  httplib::Server::Handler authorised(std::optional<Role> role, Handler handler) {
    return [this, role, handler](const httplib::Request& request, httplib::Response& response) {
      guarded(response, [&] {
        const Caller caller = mediation.authenticate(bearer_token(request));
        request_role = to_string(caller.role);
        if (role && caller.role != *role)
          throw AccessDenied(std::string("this request is for the ") +
                                 (*role == Role::mediator ? "mediator" : "parties"),
                             true);
        handler(caller, request, response);
      });
    };
  }

  void routes() {
    auto& server = *http;
    server.Get("/api/health", [](const httplib::Request&, httplib::Response& response) {
      send_json(response, 200, {{"status", "ok"}});
    });
    server.Post(
        "/api/negotiations", [this](const httplib::Request& request, httplib::Response& response) {
          guarded(response, [&] {
            const auto spec = parse_negotiation_spec(body_json(request), mediation.limits());
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
          const auto packages = body.find("packages");
          if (packages == body.end() || !packages->is_array())
            throw InputError("request", std::nullopt, "packages",
                             packages == body.end() ? "nothing" : packages->type_name(),
                             "an array of packages");
          std::optional<json> preferences;
          if (const auto it = body.find("preferences"); it != body.end() && !it->is_null())
            preferences = *it;
          const auto utilities =
              mediation.evaluate(caller, packages->get<std::vector<json>>(), preferences);
          send_json(response, 200, {{"utilities", utilities}});
        }));
    server.Post(
        "/api/party/vote",
        authorised(Role::party, [this](const Caller& caller, const httplib::Request& request,
                                       httplib::Response& response) {
          const auto body = body_json(request);
          const auto accept = body.find("accept");
          if (accept == body.end() || !accept->is_boolean())
            throw InputError("request", std::nullopt, "accept",
                             accept == body.end() ? "nothing" : accept->dump(), "true or false");
          send_json(response, 200, mediation.vote(caller, version_of(body), accept->get<bool>()));
        }));
    const auto change = [this](const Caller& caller, const httplib::Request& request,
                               httplib::Response& response) {
      const auto body = body_json(request);
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
    server.Get("/api/agreement", authorised(std::nullopt, [this](const Caller& caller, const auto&,
                                                                 httplib::Response& response) {
                 response.set_header("Content-Disposition",
                                     "attachment; filename=\"agreement.md\"");
                 response.set_content(mediation.agreement_document(caller),
                                      "text/markdown; charset=utf-8");
               }));
  }

  void configure() {
    if (!options.certificate_file.empty() || !options.private_key_file.empty()) {
      if (options.certificate_file.empty() || options.private_key_file.empty())
        throw Error("TLS needs both a certificate and a private key");
      auto secure_server = std::make_unique<httplib::SSLServer>(options.certificate_file.c_str(),
                                                                options.private_key_file.c_str());
      if (!secure_server->is_valid())
        throw Error("cannot load the TLS certificate '" + options.certificate_file + "' or key '" +
                    options.private_key_file + "'");
      http = std::move(secure_server);
      secure = true;
    } else {
      http = std::make_unique<httplib::Server>();
    }
    const std::size_t threads = std::max<std::size_t>(2, options.threads);
    http->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    http->set_payload_max_length(options.max_body_bytes);
    // A response goes out as two writes (headers, body): with Nagle's algorithm the body would
    // wait for the client's delayed ACK of the headers (about 40 ms on Linux).
    http->set_tcp_nodelay(true);
    http->set_socket_options([this](socket_t socket) {
      httplib::default_socket_options(socket);
      listening_socket = socket;
    });
    // Idle keep-alive connections hold a thread until this passes, also after stop(): short,
    // so that SIGTERM stops the server within 2 s.
    http->set_keep_alive_timeout(1);
    http->set_keep_alive_max_count(1000);
    http->set_read_timeout(10);
    http->set_write_timeout(10);
    http->set_default_headers({{"X-Content-Type-Options", "nosniff"},
                               {"Referrer-Policy", "no-referrer"},
                               {"X-Frame-Options", "DENY"},
                               {"Content-Security-Policy",
                                "default-src 'self'; style-src 'self' 'unsafe-inline'; "
                                "img-src 'self' data:"}});
    http->set_pre_routing_handler([this](const httplib::Request& request,
                                         httplib::Response& response) {
      request_started = Clock::now();
      request_role = "-";
      if (request.path.rfind("/api/", 0) == 0) {
        response.set_header("Cache-Control", "no-store");
        const auto token = bearer_token(request);
        // Buckets are keyed by the token's hash, or the client's address without a token.
        const auto key = token.empty() ? "addr:" + request.remote_addr : "tok:" + token_key(token);
        if (!limiter.allow(key)) {
          send_error(response, 429, "too many requests: slow down");
          return httplib::Server::HandlerResponse::Handled;
        }
      }
      return httplib::Server::HandlerResponse::Unhandled;
    });
    http->set_logger([this](const httplib::Request& request, const httplib::Response& response) {
      const auto elapsed =
          std::chrono::duration<double, std::milli>(Clock::now() - request_started).count();
      char milliseconds[32];
      std::snprintf(milliseconds, sizeof milliseconds, "%.1f", elapsed);
      log(request.method + " " + request.path + " " + std::to_string(response.status) + " " +
          request_role + " " + milliseconds + "ms");
    });
    if (!options.web_dir.empty() && !http->set_mount_point("/", options.web_dir))
      throw Error("web folder '" + options.web_dir + "' does not exist");
    routes();
  }

  // Buckets are keyed by (a prefix of) the token's hash: the limiter keeps no usable secret.
  static std::string token_key(const std::string& token) {
    return token.size() > 128 ? std::string("oversized") : token_hash(token).substr(0, 32);
  }
};

Server::Server(MediationService& mediation, ServerOptions options)
    : impl_(std::make_unique<Impl>(mediation, std::move(options))) {
  impl_->configure();
}

Server::~Server() = default;

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

void Server::run() { impl_->http->listen_after_bind(); }

bool Server::running() const { return impl_->http->is_running(); }

void Server::stop() { impl_->http->stop(); }

void write_port_file(const std::string& path, int port) {
  detail::write_file_atomically(path, std::to_string(port) + "\n", detail::Durability::rebuildable);
}

}  // namespace parley::service
