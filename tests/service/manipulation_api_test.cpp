// POST /api/party/manipulation over loopback: the party's manipulation analysis equals the
// library's on the scenario of its sealed submission and the hypothetical profiles it sends; the
// answer never depends on another party's live submission (the same bytes whatever that party
// submitted); refusals (missing profile, the mediator, unknown names, malformed profiles, the
// package caps); nothing is stored or recorded; the concurrency limit, the time cap and shutdown
// (through MediationService).
#include <gtest/gtest.h>
#include <httplib.h>

#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>
#include <tuple>

#include "http_client.hpp"
#include "parley/manipulate/manipulate.hpp"
#include "parley/model/scenario.hpp"
#include "parley/service/mediation_service.hpp"
#include "parley/service/store.hpp"
#include "running_server.hpp"
#include "service_test_support.hpp"

namespace parley::service {
namespace {

using nlohmann::json;
using test::RunningServer;

using test::Reply;
using test::send;

// Management's preferences turned around: a live submission that must not matter.
json other_management_preferences() {
  return {{"weights", {{"Location", 90}, {"Budget", 10}}},
          {"scores",
           {{"Location", {{"centre", 100}, {"suburbs", 0}, {"remote", 20}}},
            {"Budget", {{"low", 10}, {"high", 100}}}}},
          {"walk_away", 0.55}};
}

// The library's answer on the scenario the service should build: the office example's issues
// and parties with these preferences (as the PUT endpoint reads them).
json direct_analysis(const json& spec, const std::vector<json>& preferences,
                     const std::string& rule, const std::string& reports, std::size_t party) {
  const auto parsed = parse_negotiation_spec(spec, Limits{});
  std::vector<Party> parties;
  for (std::size_t p = 0; p < preferences.size(); ++p) {
    parties.push_back(parse_preferences(preferences[p], parsed.issues).party(parsed.issues));
    parties.back().name = parsed.parties[p];
  }
  const Scenario scenario(parsed.title, parsed.issues, std::move(parties));
  ManipulationOptions options;
  options.rule = *parse_manipulation_rule(rule);
  options.reports = *parse_report_space(reports);
  options.party = party;
  return json::parse(manipulation_json({analyse_manipulation(scenario, options)}));
}

class ManipulationApi : public ::testing::Test {
 protected:
  RunningServer server{[] {
    ServerOptions options;
    options.requests_per_second = 1000;
    options.burst = 1000;
    return options;
  }()};
  httplib::Client client{"127.0.0.1", server.port()};

  struct Negotiation {
    std::string mediator, staff, management;
  };

  Negotiation create(const json& spec = test::office_spec()) {
    const auto created = send(client, "POST", "/api/negotiations", "", spec);
    EXPECT_EQ(created.status, 201) << created.body;
    const auto data = created.data();
    return {data["mediator_token"], data["parties"][0]["token"], data["parties"][1]["token"]};
  }

  void submit(const std::string& token, const json& preferences) {
    const auto reply = send(client, "PUT", "/api/party/preferences", token, preferences);
    ASSERT_EQ(reply.status, 200) << reply.body;
  }

  Reply analyse(const std::string& token, const json& body) {
    return send(client, "POST", "/api/party/manipulation", token, body);
  }
};

TEST_F(ManipulationApi, EqualsTheLibraryOnTheSealedAndHypotheticalProfiles) {
  const auto office = create();
  submit(office.staff, test::staff_preferences());
  struct Case {
    std::string rule, reports;
  };
  for (const auto& [rule, reports] : std::vector<Case>{{"nash", "walk-away"},
                                                       {"kalai-smorodinsky", "walk-away"},
                                                       {"egalitarian", "all"},
                                                       {"nash", "weights"},
                                                       {"utilitarian", "weights"},
                                                       {"nash", "values"},
                                                       {"nash-lottery", "walk-away"}}) {
    const auto reply =
        analyse(office.staff, {{"rule", rule},
                               {"reports", reports},
                               {"profiles", {{"Management", test::management_preferences()}}}});
    ASSERT_EQ(reply.status, 200) << rule << " " << reports << ": " << reply.body;
    auto answer = reply.data();
    const auto expected = direct_analysis(
        test::office_spec(), {test::staff_preferences(), test::management_preferences()}, rule,
        reports, 0);
    const auto& result = answer["results"][0];
    EXPECT_EQ(answer["schema"], "parley-manipulation/1");
    EXPECT_EQ(result["party"], "Staff");
    EXPECT_EQ(result["gain"], expected["results"][0]["gain"]) << rule << " " << reports;
    EXPECT_EQ(result["best"]["report"]["text"], expected["results"][0]["best"]["report"]["text"]);
    EXPECT_EQ(answer["profiles"], json({{"Staff", "sealed"}, {"Management", "hypothetical"}}));
    EXPECT_NE(answer["note"].get<std::string>().find("Staff's profile is its sealed submission"),
              std::string::npos);
    for (const auto* key : {"profiles", "note", "warnings"}) answer.erase(key);
    EXPECT_EQ(answer, expected) << rule << " " << reports;
  }
  // The worked example: Nash with walk-away reports. Staff's best package among those
  // Management accepts is suburbs + high (0.7 for Staff, 0.3 for Management): reporting a
  // walk-away just below 0.7 reaches it, a gain of 0.1 over centre + low.
  const auto nash =
      analyse(office.staff, {{"profiles", {{"Management", test::management_preferences()}}}});
  ASSERT_EQ(nash.status, 200) << nash.body;
  const auto result = nash.data()["results"][0];
  EXPECT_EQ(result["rule"], "nash");
  EXPECT_EQ(result["reports"], "walk-away");
  EXPECT_NEAR(result["gain"].get<double>(), 0.1, 1e-9);
  EXPECT_NEAR(result["best"]["utilities"][0].get<double>(), 0.7, 1e-9);
  // A hypothetical profile of the caller's own replaces its sealed one.
  auto own = analyse(office.staff, {{"profiles",
                                     {{"Staff", test::management_preferences()},
                                      {"Management", test::management_preferences()}}}});
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(own.data()["profiles"],
            json({{"Staff", "hypothetical"}, {"Management", "hypothetical"}}));
  auto expected = direct_analysis(test::office_spec(),
                                  {test::management_preferences(), test::management_preferences()},
                                  "nash", "walk-away", 0);
  auto answer = own.data();
  for (const auto* key : {"profiles", "note", "warnings"}) answer.erase(key);
  EXPECT_EQ(answer, expected);
}

TEST_F(ManipulationApi, TheManipulatorMayBeTheOtherParty) {
  const auto office = create();
  submit(office.staff, test::staff_preferences());
  // How exploitable is Staff's sealed profile if Management knew it?
  const auto reply =
      analyse(office.staff, {{"manipulator", "Management"},
                             {"rule", "kalai-smorodinsky"},
                             {"profiles", {{"Management", test::management_preferences()}}}});
  ASSERT_EQ(reply.status, 200) << reply.body;
  auto answer = reply.data();
  EXPECT_EQ(answer["results"][0]["party"], "Management");
  for (const auto* key : {"profiles", "note", "warnings"}) answer.erase(key);
  EXPECT_EQ(answer, direct_analysis(test::office_spec(),
                                    {test::staff_preferences(), test::management_preferences()},
                                    "kalai-smorodinsky", "walk-away", 1));
}

// The differential privacy check: two negotiations alike in everything but Management's live
// submission (two different ones, and none) give Staff the same bytes, answers and refusals.
TEST_F(ManipulationApi, TheAnswerNeverDependsOnAnotherPartysLiveSubmission) {
  const auto first = create(), second = create(), third = create();
  for (const auto& negotiation : {first, second, third})
    submit(negotiation.staff, test::staff_preferences());
  submit(first.management, test::management_preferences());
  submit(second.management, other_management_preferences());
  const std::vector<json> bodies = {
      {{"profiles", {{"Management", test::management_preferences()}}}},
      {{"rule", "egalitarian"},
       {"reports", "weights"},
       {"profiles", {{"Management", other_management_preferences()}}}},
      {{"manipulator", "Management"},
       {"reports", "values"},
       {"profiles", {{"Management", test::management_preferences()}}}},
      {{"rule", "nash-lottery"}, {"profiles", {{"Management", other_management_preferences()}}}},
      json::object(),                       // refused: no profile of Management
      {{"profiles", {{"Management", 3}}}},  // refused: malformed
      {{"manipulator", "Management"}}};     // refused: no profile of Management
  for (const auto& body : bodies) {
    const auto a = analyse(first.staff, body), b = analyse(second.staff, body),
               c = analyse(third.staff, body);
    EXPECT_NE(a.status, 0);
    EXPECT_EQ(a.status, b.status) << body.dump();
    EXPECT_EQ(a.body, b.body) << body.dump();
    EXPECT_EQ(a.status, c.status) << body.dump();
    EXPECT_EQ(a.body, c.body) << body.dump();
  }
}

TEST_F(ManipulationApi, RefusesWhatItCannotAnswer) {
  const auto office = create();
  const json others = {{"Management", test::management_preferences()}};
  // Before Staff submitted, without a profile of its own: 409, saying what to do.
  auto reply = analyse(office.staff, {{"profiles", others}});
  EXPECT_EQ(reply.status, 409) << reply.body;
  EXPECT_NE(reply.body.find("profiles.Staff"), std::string::npos) << reply.body;
  submit(office.staff, test::staff_preferences());
  submit(office.management, test::management_preferences());
  // A missing profile of another party: 400 naming it, whatever it submitted.
  reply = analyse(office.staff, json::object());
  EXPECT_EQ(reply.status, 400);
  EXPECT_NE(reply.body.find("profiles.Management"), std::string::npos) << reply.body;
  EXPECT_NE(reply.body.find("never uses another party's live preferences"), std::string::npos)
      << reply.body;
  // The mediator: 403 (the analysis belongs to the party).
  EXPECT_EQ(analyse(office.mediator, {{"profiles", others}}).status, 403);
  // Unknown names and malformed profiles: 400 naming the field.
  const auto refused = [&](const json& body, const std::string& field) {
    const auto answer = analyse(office.staff, body);
    EXPECT_EQ(answer.status, 400) << body.dump();
    EXPECT_NE(answer.body.find(field), std::string::npos) << field << ": " << answer.body;
  };
  refused({{"rule", "borda"}, {"profiles", others}}, "request: rule: found 'borda'");
  refused({{"rule", "adjusted-winner"}, {"profiles", others}}, "rule");
  refused({{"rule", 3}, {"profiles", others}}, "rule");
  refused({{"reports", "points"}, {"profiles", others}}, "request: reports: found 'points'");
  refused({{"manipulator", "Union"}, {"profiles", others}}, "manipulator: found 'Union'");
  refused({{"profiles", {{"Union", test::management_preferences()}}}}, "profiles.'Union'");
  refused({{"profiles", json::array()}}, "request: profiles:");
  refused({{"profile", others}}, "'profile': found an unknown member");
  auto malformed = test::management_preferences();
  malformed["weights"]["Budget"] = -1;
  refused({{"profiles", {{"Management", malformed}}}}, "profiles.Management.weights.Budget");
  malformed = test::management_preferences();
  malformed["scores"]["Location"].erase("remote");
  refused({{"profiles", {{"Management", malformed}}}}, "profiles.Management.scores.Location");
  refused({{"profiles", {{"Management", "high"}}}}, "request: profiles.Management: found string");
  // Two parties only for nash-lottery: the library's refusal, named as the request's.
  const auto trio = create({{"title", "Trio"},
                            {"issues", test::office_spec()["issues"]},
                            {"parties", {"Staff", "Management", "Union"}}});
  submit(trio.staff, test::staff_preferences());
  reply = analyse(trio.staff, {{"rule", "nash-lottery"},
                               {"profiles",
                                {{"Management", test::management_preferences()},
                                 {"Union", test::management_preferences()}}}});
  EXPECT_EQ(reply.status, 400);
  EXPECT_NE(reply.body.find("request: rule: found nash-lottery with 3 parties"), std::string::npos)
      << reply.body;
  // The caps: 100,000 packages for walk-away reports, 10,000 for weight reports.
  for (const auto& [issues, reports, cap] :
       std::vector<std::tuple<std::size_t, std::string, std::string>>{
           {5, "walk-away", "at most 50000 packages"}, {4, "weights", "at most 5000 packages"}}) {
    const auto large = create(test::large_spec(2, issues, 10));
    submit(large.staff, test::random_preferences(issues, 10, 1));
    reply = analyse(large.staff, {{"reports", reports},
                                  {"profiles", {{"P1", test::random_preferences(issues, 10, 2)}}}});
    EXPECT_EQ(reply.status, 400) << reply.body;
    EXPECT_NE(reply.body.find("request: packages: found 1" + std::string(issues, '0')),
              std::string::npos)
        << reply.body;
    EXPECT_NE(reply.body.find(cap), std::string::npos) << reply.body;
  }
}

TEST_F(ManipulationApi, StoresNothingAndShowsNothingToAnyoneElse) {
  const auto office = create();
  submit(office.staff, test::staff_preferences());
  const auto record = send(client, "GET", "/api/record", office.mediator);
  const auto mediator_view = send(client, "GET", "/api/mediator", office.mediator);
  const auto other_view = send(client, "GET", "/api/party", office.management);
  ASSERT_EQ(record.status, 200);
  const auto reply =
      analyse(office.staff, {{"profiles", {{"Management", test::management_preferences()}}}});
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(send(client, "GET", "/api/record", office.mediator).body, record.body);
  EXPECT_EQ(send(client, "GET", "/api/mediator", office.mediator).body, mediator_view.body);
  EXPECT_EQ(send(client, "GET", "/api/party", office.management).body, other_view.body);
  // Nor in the log: the line has the path, the status and the role only.
  for (int i = 0; i < 200 && server.log().find("/api/party/manipulation 200") == std::string::npos;
       ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const auto log = server.log();
  EXPECT_NE(log.find("POST /api/party/manipulation 200 party"), std::string::npos) << log;
  for (const auto* secret : {"weights", "walk_away", "centre", "gain"})
    EXPECT_EQ(log.find(secret), std::string::npos) << secret;
}

// Through the service: at most `workers` analyses at once (503 beyond), the time cap, shutdown.
class ManipulationLimits : public ::testing::Test {
 protected:
  Database database{":memory:"};

  static Caller staff_of(MediationService& mediation) {
    const auto invitation = mediation.create(parse_negotiation_spec(test::office_spec(), {}));
    const auto staff = mediation.authenticate(invitation.party_tokens[0]);
    mediation.submit_preferences(staff, test::staff_preferences());
    return staff;
  }
  static json body() { return {{"profiles", {{"Management", test::management_preferences()}}}}; }
};

TEST_F(ManipulationLimits, RunsAtMostWorkersAnalysesAtOnce) {
  MediationService mediation(database);  // workers = 1
  const auto staff = staff_of(mediation);
  std::mutex mutex;
  std::condition_variable changed;
  bool entered = false, released = false;
  // The first analysis holds its slot until released (its cancellation hook blocks).
  auto first = std::async(std::launch::async, [&] {
    return mediation.manipulation(staff, body(), [&] {
      std::unique_lock lock(mutex);
      entered = true;
      changed.notify_all();
      changed.wait(lock, [&] { return released; });
      return false;
    });
  });
  {
    std::unique_lock lock(mutex);
    ASSERT_TRUE(changed.wait_for(lock, std::chrono::seconds(60), [&] { return entered; }))
        << "the analysis never polled its cancellation hook";
  }
  EXPECT_THROW(mediation.manipulation(staff, body()), ServiceBusy);
  {
    std::lock_guard lock(mutex);
    released = true;
  }
  changed.notify_all();
  EXPECT_NEAR(first.get()["results"][0]["gain"].get<double>(), 0.1, 1e-9);
  // The slot is free again.
  EXPECT_NEAR(mediation.manipulation(staff, body())["results"][0]["gain"].get<double>(), 0.1, 1e-9);
}

TEST_F(ManipulationLimits, StopsAtItsTimeCapAndOnShutdown) {
  AnalysisSettings settings;
  settings.time_cap_seconds = 1e-9;
  {
    MediationService mediation(database, {}, settings);
    const auto staff = staff_of(mediation);
    try {
      mediation.manipulation(staff, body());
      ADD_FAILURE() << "no time cap";
    } catch (const UnsupportedError& stopped) {
      EXPECT_NE(std::string(stopped.what()).find("passed its time cap of"), std::string::npos)
          << stopped.what();
    }
  }
  MediationService mediation(database);
  const auto staff = staff_of(mediation);
  mediation.shutdown();
  try {
    mediation.manipulation(staff, body());
    ADD_FAILURE() << "not stopped";
  } catch (const ServiceBusy& busy) {
    EXPECT_NE(std::string(busy.what()).find("stopping"), std::string::npos) << busy.what();
  }
}

}  // namespace
}  // namespace parley::service
