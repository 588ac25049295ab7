// The HTTP API end to end over loopback with httplib's client: every endpoint, every
// authorisation case (own token, another party's, the mediator's, a wrong one, none), input
// validation and size limits, rate limiting, log hygiene, and TLS with a self-signed certificate.
#include <gtest/gtest.h>
#include <httplib.h>

#include <cstdlib>
#include <mutex>
#include <thread>

#include "http_client.hpp"
#include "parley/service/mediation_service.hpp"
#include "parley/service/server.hpp"
#include "parley/service/store.hpp"
#include "running_server.hpp"
#include "service_test_support.hpp"

namespace parley::service {
namespace {

using nlohmann::json;
using test::package;
using test::RunningServer;

using test::Reply;
using test::send;

class ServiceApi : public ::testing::Test {
 protected:
  RunningServer server{[] {
    ServerOptions options;
    options.requests_per_second = 1000;
    options.burst = 1000;
    return options;
  }()};
  httplib::Client client{"127.0.0.1", server.port()};
  std::string mediator, staff, management;

  void SetUp() override {
    const auto created = send(client, "POST", "/api/negotiations", "", test::office_spec());
    ASSERT_EQ(created.status, 201) << created.body;
    const auto data = created.data();
    mediator = data["mediator_token"];
    staff = data["parties"][0]["token"];
    management = data["parties"][1]["token"];
    EXPECT_EQ(data["parties"][0]["link"], "/#/party/" + staff);
    EXPECT_EQ(data["mediator_link"], "/#/mediator/" + mediator);
  }

  void submit_both() {
    ASSERT_EQ(
        send(client, "PUT", "/api/party/preferences", staff, test::staff_preferences()).status,
        200);
    ASSERT_EQ(
        send(client, "PUT", "/api/party/preferences", management, test::management_preferences())
            .status,
        200);
    const auto view = test::wait_for_phase(
        [&] { return send(client, "GET", "/api/mediator", mediator).data(); }, "drafting");
    ASSERT_EQ(view["negotiation"]["phase"], "drafting") << view.dump();
  }
};

struct Endpoint {
  std::string method, path;
  std::optional<Role> role;  // who may call it (nullopt: any role)
  json body;
};

std::vector<Endpoint> endpoints() {
  return {
      {"GET", "/api/party", Role::party, nullptr},
      {"PUT", "/api/party/preferences", Role::party, test::staff_preferences()},
      {"POST",
       "/api/party/evaluate",
       Role::party,
       {{"packages", {package("centre", "low")}}, {"preferences", test::staff_preferences()}}},
      {"POST",
       "/api/party/manipulation",
       Role::party,
       {{"profiles", {{"Management", test::management_preferences()}}}}},
      {"POST", "/api/party/vote", Role::party, {{"version", 1}, {"accept", true}}},
      {"POST",
       "/api/party/draft",
       Role::party,
       {{"version", 1}, {"package", package("remote", "low")}}},
      {"GET", "/api/mediator", Role::mediator, nullptr},
      {"POST",
       "/api/mediator/draft",
       Role::mediator,
       {{"version", 1}, {"package", package("remote", "low")}}},
      {"POST", "/api/mediator/analysis", Role::mediator, nullptr},
      {"POST", "/api/mediator/analysis/cancel", Role::mediator, nullptr},
      {"PUT", "/api/party/sealed", Role::party, {{"accept", {"nash"}}}},
      {"POST", "/api/party/proposal", Role::party, {{"id", 1}, {"accept", true}}},
      {"PUT",
       "/api/party/improvements",
       Role::party,
       {{"round", 1}, {"approve", {"improvement 1"}}}},
      {"PUT", "/api/party/final-offer", Role::party, {{"package", package("remote", "low")}}},
      {"POST", "/api/party/blind-bid", Role::party, {{"secret", 5}}},
      {"POST", "/api/mediator/proposal", Role::mediator, {{"kind", "nash"}}},
      {"POST", "/api/mediator/improvements", Role::mediator, nullptr},
      {"POST", "/api/mediator/improvements/close", Role::mediator, nullptr},
      {"POST", "/api/mediator/close", Role::mediator, nullptr},
      {"POST",
       "/api/mediator/blind-bidding",
       Role::mediator,
       {{"issue", "fee"}, {"low", "Staff"}, {"high", "Management"}, {"lower", 0}, {"upper", 10}}},
      {"POST", "/api/mediator/blind-bidding/neutral", Role::mediator, {{"fair", 5}}},
      {"GET", "/api/agreement", std::nullopt, nullptr},
      {"GET", "/api/record", std::nullopt, nullptr},
      {"GET", "/api/reveal", Role::party, nullptr}};
}

std::optional<json> body_of(const Endpoint& e) {
  return e.body.is_null() ? std::nullopt : std::optional<json>(e.body);
}

TEST_F(ServiceApi, EveryEndpointRefusesMissingAndWrongTokens) {
  const std::vector<std::string> bad_tokens = {"",
                                               "A",
                                               std::string(43, 'x'),
                                               staff + "x",
                                               "bad token",
                                               std::string(500, 'a'),
                                               staff.substr(0, 42)};
  for (const auto& endpoint : endpoints())
    for (const auto& token : bad_tokens) {
      const auto reply = send(client, endpoint.method, endpoint.path, token, body_of(endpoint));
      EXPECT_EQ(reply.status, 401)
          << endpoint.method << " " << endpoint.path << " token '" << token << "': " << reply.body;
      EXPECT_EQ(reply.body.find("Office move"), std::string::npos);
    }
  // Garbage in the header itself.
  httplib::Headers headers = {{"Authorization", "Basic " + staff}};
  EXPECT_EQ(client.Get("/api/party", headers)->status, 401);
}

TEST_F(ServiceApi, EveryEndpointRefusesTheOtherRole) {
  for (const auto& endpoint : endpoints()) {
    if (!endpoint.role) continue;
    const auto& wrong = *endpoint.role == Role::party ? mediator : staff;
    const auto reply = send(client, endpoint.method, endpoint.path, wrong, body_of(endpoint));
    EXPECT_EQ(reply.status, 403) << endpoint.method << " " << endpoint.path << ": " << reply.body;
  }
}

TEST_F(ServiceApi, APartyTokenReachesOnlyThatPartysData) {
  ASSERT_EQ(send(client, "PUT", "/api/party/preferences", staff, test::staff_preferences()).status,
            200);
  // Management's token reads Management's data: Staff's preferences are nowhere in it.
  auto other = send(client, "GET", "/api/party", management).data();
  EXPECT_EQ(other["me"]["name"], "Management");
  EXPECT_TRUE(other["preferences"].is_null());
  EXPECT_EQ(other["parties"][0], json({{"name", "Staff"}, {"submitted", true}}));
  // Evaluating with Management's token uses Management's preferences, never Staff's: it has none.
  EXPECT_EQ(send(client, "POST", "/api/party/evaluate", management,
                 json{{"packages", {package("centre", "high")}}})
                .status,
            409);
  // Management's submission changes Management's row only.
  auto changed = test::management_preferences();
  changed["weights"] = {{"Location", 1}, {"Budget", 3}};
  // (Do not complete the negotiation yet: check Staff's data first.)
  auto mine = send(client, "GET", "/api/party", staff).data();
  EXPECT_EQ(mine["preferences"]["weights"]["Location"], 0.6);
  ASSERT_EQ(send(client, "PUT", "/api/party/preferences", management, changed).status, 200);
  mine = send(client, "GET", "/api/party", staff).data();
  EXPECT_EQ(mine["preferences"]["weights"]["Location"], 0.6);
  EXPECT_EQ(mine["preferences"]["weights"]["Budget"], 0.4);
  auto theirs = send(client, "GET", "/api/party", management).data();
  EXPECT_EQ(theirs["preferences"]["weights"]["Budget"], 0.75);
  test::wait_for_phase([&] { return send(client, "GET", "/api/party", staff).data(); }, "drafting");
  // A vote with one party's token is that party's vote only.
  ASSERT_EQ(
      send(client, "POST", "/api/party/vote", staff, json{{"version", 1}, {"accept", true}}).status,
      200);
  const auto view = send(client, "GET", "/api/mediator", mediator).data();
  EXPECT_EQ(view["parties"][0]["vote"], "accept");
  EXPECT_TRUE(view["parties"][1]["vote"].is_null());
  EXPECT_EQ(view["draft"]["accepted_count"], 1);
}

TEST_F(ServiceApi, TokensOfAnotherNegotiationSeeOnlyTheirOwn) {
  auto spec = test::office_spec();
  spec["title"] = "Second negotiation";
  const auto second = send(client, "POST", "/api/negotiations", "", spec).data();
  const auto first_view = send(client, "GET", "/api/mediator", mediator).data();
  const auto second_view =
      send(client, "GET", "/api/mediator", second["mediator_token"].get<std::string>()).data();
  EXPECT_EQ(first_view["negotiation"]["title"], "Office move");
  EXPECT_EQ(second_view["negotiation"]["title"], "Second negotiation");
  EXPECT_NE(first_view["negotiation"]["id"], second_view["negotiation"]["id"]);
  ASSERT_EQ(send(client, "PUT", "/api/party/preferences",
                 second["parties"][0]["token"].get<std::string>(), test::staff_preferences())
                .status,
            200);
  EXPECT_TRUE(send(client, "GET", "/api/party", staff).data()["preferences"].is_null());
}

TEST_F(ServiceApi, FullFlowOverHttp) {
  EXPECT_EQ(send(client, "GET", "/api/health", "").data()["status"], "ok");
  EXPECT_EQ(send(client, "GET", "/api/agreement", staff).status, 409);
  EXPECT_EQ(
      send(client, "POST", "/api/party/vote", staff, json{{"version", 1}, {"accept", true}}).status,
      409);
  const auto evaluated =
      send(client, "POST", "/api/party/evaluate", staff,
           json{{"packages", {package("centre", "low"), package("suburbs", "high")}},
                {"preferences", test::staff_preferences()}});
  ASSERT_EQ(evaluated.status, 200) << evaluated.body;
  EXPECT_NEAR(evaluated.data()["utilities"][0].get<double>(), 0.6, 1e-12);
  EXPECT_NEAR(evaluated.data()["utilities"][1].get<double>(), 0.7, 1e-12);
  submit_both();
  EXPECT_EQ(send(client, "PUT", "/api/party/preferences", staff, test::staff_preferences()).status,
            409);
  auto view = send(client, "GET", "/api/party", management).data();
  ASSERT_EQ(view["proposals"].size(), 3u);
  EXPECT_EQ(view["draft"]["package"], package("centre", "low"));
  // The mediator moves the draft; a stale version is refused; the change is rejected.
  EXPECT_EQ(send(client, "POST", "/api/mediator/draft", mediator,
                 json{{"version", 1}, {"package", package("suburbs", "low")}})
                .status,
            200);
  EXPECT_EQ(send(client, "POST", "/api/party/draft", staff,
                 json{{"version", 1}, {"package", package("remote", "low")}})
                .status,
            409);
  EXPECT_EQ(send(client, "POST", "/api/party/vote", staff, json{{"version", 2}, {"accept", false}})
                .status,
            200);
  view = send(client, "GET", "/api/party", staff).data();
  EXPECT_EQ(view["draft"]["version"], 3);
  EXPECT_EQ(view["draft"]["package"], package("centre", "low"));
  for (const auto& token : {staff, management})
    EXPECT_EQ(send(client, "POST", "/api/party/vote", token, json{{"version", 3}, {"accept", true}})
                  .status,
              200);
  for (const auto& token : {staff, management, mediator}) {
    const auto document = send(client, "GET", "/api/agreement", token);
    EXPECT_EQ(document.status, 200);
    EXPECT_NE(document.body.find("| Location | centre |"), std::string::npos);
    EXPECT_NE(document.body.find("## Record"), std::string::npos);
  }
  // The signed record, the same for every role, and each party's own reveal.
  const auto record = send(client, "GET", "/api/record", mediator);
  ASSERT_EQ(record.status, 200) << record.body;
  EXPECT_EQ(send(client, "GET", "/api/record", staff).body, record.body);
  EXPECT_NE(record.body.find("\"event\":\"certificate\""), std::string::npos);
  EXPECT_EQ(record.body.find("weights"), std::string::npos);  // no preference in it
  const auto reveal = send(client, "GET", "/api/reveal", staff);
  ASSERT_EQ(reveal.status, 200) << reveal.body;
  EXPECT_NE(reveal.body.find("\"party\":\"Staff\""), std::string::npos);
  EXPECT_EQ(reveal.body.find("Management"), std::string::npos);
  EXPECT_EQ(send(client, "GET", "/api/reveal", mediator).status, 403);
  EXPECT_EQ(send(client, "GET", "/api/mediator", mediator).data()["negotiation"]["phase"],
            "agreed");
}

TEST_F(ServiceApi, ValidatesInputAndLimitsSize) {
  // Malformed JSON, wrong content type, wrong shapes: 400 with the field named.
  auto result = client.Post("/api/negotiations", "{not json", "application/json");
  EXPECT_EQ(result->status, 400);
  result = client.Post("/api/negotiations", test::office_spec().dump(), "text/plain");
  EXPECT_EQ(result->status, 415);
  EXPECT_NE(result->body.find("Content-Type"), std::string::npos);
  auto spec = test::office_spec();
  spec["issues"][0]["options"] = json::array({"only"});
  auto reply = send(client, "POST", "/api/negotiations", "", spec);
  EXPECT_EQ(reply.status, 400);
  EXPECT_NE(reply.body.find("issues[0].options"), std::string::npos) << reply.body;
  auto preferences = test::staff_preferences();
  preferences["scores"]["Location"]["centre"] = "high";
  reply = send(client, "PUT", "/api/party/preferences", staff, preferences);
  EXPECT_EQ(reply.status, 400);
  EXPECT_NE(reply.body.find("scores.Location.centre"), std::string::npos) << reply.body;
  EXPECT_EQ(send(client, "POST", "/api/party/vote", staff, json{{"accept", true}}).status, 400);
  EXPECT_EQ(send(client, "POST", "/api/party/evaluate", staff, json{{"packages", 3}}).status, 400);
  // A body above the limit (64 KiB) is refused before it is parsed.
  spec = test::office_spec();
  spec["title"] = std::string(70 * 1024, 'x');
  EXPECT_EQ(send(client, "POST", "/api/negotiations", "", spec).status, 413);
  // Nothing was stored by the refused requests.
  auto count = server.database().prepare("SELECT COUNT(*) FROM negotiations");
  ASSERT_TRUE(count.step());
  EXPECT_EQ(count.integer(0), 1);
}

TEST_F(ServiceApi, LogsNeitherTokensNorPreferences) {
  submit_both();
  send(client, "POST", "/api/party/evaluate", staff,
       json{{"packages", {package("centre", "low")}}});
  send(client, "GET", "/api/party", "wrong-token-wrong-token-wrong-token");
  // cpp-httplib logs after the response is sent: give the last line a moment to arrive.
  for (int i = 0; i < 200 && server.log().find("GET /api/party 401") == std::string::npos; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const auto log = server.log();
  EXPECT_NE(log.find("PUT /api/party/preferences 200 party"), std::string::npos) << log;
  EXPECT_NE(log.find("GET /api/party 401"), std::string::npos) << log;
  for (const auto& secret : {staff, management, mediator, std::string("wrong-token-wrong")})
    EXPECT_EQ(log.find(secret), std::string::npos);
  for (const auto* preference : {"weights", "scores", "walk_away", "centre", "Location"})
    EXPECT_EQ(log.find(preference), std::string::npos) << preference;
}

TEST(ServiceRateLimit, TokenBucketRefillsAtItsRate) {
  RateLimiter limiter(2.0, 3.0);
  const auto start = RateLimiter::Clock::time_point{};
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.allow("a", start));
  EXPECT_FALSE(limiter.allow("a", start));
  EXPECT_TRUE(limiter.allow("b", start));                                    // buckets are per key
  EXPECT_FALSE(limiter.allow("a", start + std::chrono::milliseconds(400)));  // 0.8 token
  EXPECT_TRUE(limiter.allow("a", start + std::chrono::milliseconds(500)));   // 1.0 token
  EXPECT_FALSE(limiter.allow("a", start + std::chrono::milliseconds(500)));
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.allow("a", start + std::chrono::seconds(100)));
  EXPECT_FALSE(limiter.allow("a", start + std::chrono::seconds(100)));
}

TEST(ServiceRateLimit, ServerAnswers429PerToken) {
  ServerOptions options;
  options.requests_per_second = 0.001;  // no refill during the test
  options.burst = 5;
  RunningServer server(options);
  httplib::Client client("127.0.0.1", server.port());
  const auto created = send(client, "POST", "/api/negotiations", "", test::office_spec()).data();
  const std::string staff = created["parties"][0]["token"];
  const std::string management = created["parties"][1]["token"];
  for (int i = 0; i < 5; ++i) EXPECT_EQ(send(client, "GET", "/api/party", staff).status, 200);
  EXPECT_EQ(send(client, "GET", "/api/party", staff).status, 429);
  EXPECT_EQ(send(client, "GET", "/api/party", management).status, 200);  // its own bucket
  // Every request is also charged to the client address, whose bucket is 4 x 5 = 20: 8 taken so
  // far (the creation, 6 of Staff, 1 of Management), 12 more pass, with or without a token.
  for (int i = 0; i < 12; ++i) EXPECT_NE(send(client, "GET", "/api/health", "").status, 429) << i;
  EXPECT_EQ(send(client, "GET", "/api/health", "").status, 429);
  EXPECT_EQ(send(client, "GET", "/api/party", management).status, 429);
}

TEST(ServiceTls, ServesHttpsWithASelfSignedCertificate) {
  test::TemporaryFolder folder;
  const auto certificate = folder.file("cert.pem");
  const auto key = folder.file("key.pem");
  const std::string command =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
      "-addext subjectAltName=IP:127.0.0.1 -keyout " +
      key + " -out " + certificate + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << "openssl could not make a certificate";
  ServerOptions options;
  options.certificate_file = certificate;
  options.private_key_file = key;
  RunningServer server(options);
  httplib::SSLClient secure("127.0.0.1", server.port());
  secure.set_ca_cert_path(certificate.c_str());
  secure.enable_server_certificate_verification(true);
  const auto created = send(secure, "POST", "/api/negotiations", "", test::office_spec());
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string staff = created.data()["parties"][0]["token"];
  EXPECT_EQ(send(secure, "GET", "/api/party", staff).data()["me"]["name"], "Staff");
  // Plain HTTP gets no answer from the TLS port.
  httplib::Client plain("127.0.0.1", server.port());
  plain.set_read_timeout(2, 0);
  EXPECT_EQ(send(plain, "GET", "/api/health", "").status, 0);
  // A client that does not trust the certificate refuses the connection.
  httplib::SSLClient untrusting("127.0.0.1", server.port());
  untrusting.enable_server_certificate_verification(true);
  untrusting.set_ca_cert_path(folder.file("missing.pem").c_str());
  EXPECT_EQ(send(untrusting, "GET", "/api/health", "").status, 0);
  // A wrong certificate path is an error, not a silent plain-text server.
  Database database(":memory:");
  MediationService mediation(database);
  options.certificate_file = folder.file("missing.pem");
  EXPECT_THROW(Server(mediation, options), Error);
}

}  // namespace
}  // namespace parley::service
