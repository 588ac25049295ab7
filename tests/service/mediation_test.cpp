// The mediation state machine, driven directly (no HTTP): validation, privacy of the views,
// proposals checked against a brute-force search, the single-text round and the agreement.
#include "parley/service/mediation_service.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>
#include <thread>

#include "parley/analysis/analysis.hpp"

#include "parley/service/store.hpp"
#include "service_test_support.hpp"

namespace parley::service {
namespace {

using nlohmann::json;
using test::office_spec;
using test::package;

struct Negotiation {
  Database database{":memory:"};
  MediationService mediation{database};
  Invitation invitation;
  Caller mediator, staff, management;

  explicit Negotiation(const json& spec = office_spec()) {
    invitation = mediation.create(parse_negotiation_spec(spec, mediation.limits()));
    mediator = mediation.authenticate(invitation.mediator_token);
    staff = mediation.authenticate(invitation.party_tokens[0]);
    management = mediation.authenticate(invitation.party_tokens[1]);
  }
  void submit_both() {
    mediation.submit_preferences(staff, test::staff_preferences());
    mediation.submit_preferences(management, test::management_preferences());
    wait_until_drafting();
  }
  json wait_until_drafting() {
    return test::wait_for_phase([&] { return mediation.mediator_view(mediator); }, "drafting");
  }
};

TEST(MediationSpec, RejectsBadInputWithTheField) {
  const Limits limits;
  auto spec = office_spec();
  spec["parties"] = {"Only one"};
  try {
    parse_negotiation_spec(spec, limits);
    FAIL() << "one party accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "parties");
    EXPECT_EQ(e.found(), "1 parties");
  }
  spec = office_spec();
  spec["issues"][0]["options"] = {"same", "same"};
  EXPECT_THROW(parse_negotiation_spec(spec, limits), InputError);
  spec = office_spec();
  spec["issues"][1]["options"] = {"only"};
  EXPECT_THROW(parse_negotiation_spec(spec, limits), InputError);
  spec = office_spec();
  spec["title"] = std::string(limits.max_title_length + 1, 'x');
  EXPECT_THROW(parse_negotiation_spec(spec, limits), InputError);
  spec = office_spec();
  spec["title"] = "line\nbreak";
  EXPECT_THROW(parse_negotiation_spec(spec, limits), InputError);
  spec = office_spec();
  spec["issues"] = json::array();
  for (std::size_t i = 0; i <= limits.max_issues; ++i)
    spec["issues"].push_back({{"name", "I" + std::to_string(i)}, {"options", {"a", "b"}}});
  EXPECT_THROW(parse_negotiation_spec(spec, limits), InputError);
  EXPECT_THROW(parse_negotiation_spec(json::array(), limits), InputError);
}

TEST(MediationPreferences, ValidatesAndNormalisesWeights) {
  const auto spec = parse_negotiation_spec(office_spec(), Limits{});
  const auto submission = parse_preferences(test::staff_preferences(), spec.issues);
  // Built by the library's build_party: weights 60/40 become shares 0.6/0.4 (stored so).
  const Party party = submission.party(spec.issues);
  ASSERT_NE(party.utility->as_linear_additive(), nullptr);
  EXPECT_DOUBLE_EQ(party.utility->as_linear_additive()->weights()[0], 0.6);
  EXPECT_DOUBLE_EQ(party.utility->as_linear_additive()->weights()[1], 0.4);
  EXPECT_EQ(to_json(submission, spec.issues)["weights"],
            json({{"Location", 0.6}, {"Budget", 0.4}}));
  // Hand computation: centre + low = 0.6 * 100/100 + 0.4 * 0/100.
  EXPECT_NEAR(party.utility->utility({0, 0}), 0.6, 1e-12);
  EXPECT_NEAR(party.utility->utility({1, 1}), 0.6 * 0.5 + 0.4, 1e-12);
  EXPECT_DOUBLE_EQ(party.reservation_value, 0.2);

  auto broken = test::staff_preferences();
  broken["scores"]["Budget"] = {{"low", 0}, {"high", 0}};
  EXPECT_THROW(parse_preferences(broken, spec.issues), InputError);
  broken = test::staff_preferences();
  broken["weights"] = {{"Location", 0}, {"Budget", 0}};
  EXPECT_THROW(parse_preferences(broken, spec.issues), InputError);
  broken = test::staff_preferences();
  broken["scores"]["Location"]["centre"] = 101;
  try {
    parse_preferences(broken, spec.issues);
    FAIL() << "a score of 101 accepted";
  } catch (const InputError& e) {  // the service's messages: field path, found, expected
    EXPECT_EQ(e.field(), "scores.Location.centre");
    EXPECT_EQ(e.found(), "101");
    EXPECT_EQ(e.expected(), "a number in [0, 100]");
  }
  broken = test::staff_preferences();
  broken["walk_away_package"] = package("centre", "nowhere");
  try {
    parse_preferences(broken, spec.issues);
    FAIL() << "an unknown walk-away option accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "walk_away_package.Budget");
    EXPECT_EQ(e.found(), "'nowhere'");
  }
  broken = test::staff_preferences();
  broken["weights"]["Location"] = -1;
  EXPECT_THROW(parse_preferences(broken, spec.issues), InputError);
  broken = test::staff_preferences();
  broken["walk_away"] = {{"value", 1.5}};
  EXPECT_THROW(parse_preferences(broken, spec.issues), InputError);
  broken = test::staff_preferences();
  broken["walk_away"] = {{"package", package("centre", "nowhere")}};
  EXPECT_THROW(parse_preferences(broken, spec.issues), InputError);
  broken = test::staff_preferences();
  broken["weights"].erase("Budget");
  EXPECT_THROW(parse_preferences(broken, spec.issues), InputError);

  // A walk-away package is worth its utility: remote + high = 0.4 for Staff.
  auto with_package = test::staff_preferences();
  with_package["walk_away"] = {{"package", package("remote", "high")}};
  const Party walks_to_package = parse_preferences(with_package, spec.issues).party(spec.issues);
  EXPECT_NEAR(walks_to_package.reservation_value, 0.4, 1e-12);
  EXPECT_EQ(walks_to_package.reservation_outcome, Outcome({2, 1}));
}

TEST(Mediation, TokensAuthenticateTheirRoleOnly) {
  Negotiation n;
  EXPECT_EQ(n.mediator.role, Role::mediator);
  EXPECT_EQ(n.staff.role, Role::party);
  EXPECT_EQ(n.staff.party, 0u);
  EXPECT_EQ(n.management.party, 1u);
  EXPECT_THROW(n.mediation.authenticate(""), AccessDenied);
  EXPECT_THROW(n.mediation.authenticate("not-a-token-at-all-but-well-formed"), AccessDenied);
  EXPECT_THROW(n.mediation.authenticate("bad token with spaces"), AccessDenied);
  EXPECT_THROW(n.mediation.party_view(n.mediator), AccessDenied);
  EXPECT_THROW(n.mediation.mediator_view(n.staff), AccessDenied);
  EXPECT_THROW(n.mediation.submit_preferences(n.mediator, test::staff_preferences()), AccessDenied);
  EXPECT_THROW(n.mediation.vote(n.mediator, 1, true), AccessDenied);
  // The database holds hashes only.
  auto rows = n.database.prepare("SELECT hash FROM tokens");
  while (rows.step()) {
    EXPECT_EQ(rows.text(0).size(), 64u);
    EXPECT_NE(rows.text(0), n.invitation.mediator_token);
  }
}

TEST(Mediation, ProposalsMatchTheWorkedExample) {
  Negotiation n;
  n.mediation.submit_preferences(n.staff, test::staff_preferences());
  auto waiting = n.mediation.party_view(n.staff);
  EXPECT_EQ(waiting["negotiation"]["phase"], "collecting");
  EXPECT_TRUE(waiting["me"]["submitted"]);
  EXPECT_TRUE(waiting["proposals"].empty());
  const auto analysing =
      n.mediation.submit_preferences(n.management, test::management_preferences());
  EXPECT_NE(analysing["negotiation"]["phase"], "collecting");
  EXPECT_TRUE(analysing["warnings"].empty());
  EXPECT_EQ(n.wait_until_drafting()["negotiation"]["phase"], "drafting");

  // Hand computation (tests/service/README.md): the individually rational packages are
  // centre+low (0.6, 0.7), suburbs+low (0.3, 1.0) and suburbs+high (0.7, 0.3); gains over the
  // walk-away 0.2: (0.4, 0.5), (0.1, 0.8), (0.5, 0.1). Nash (product 0.20), egalitarian (min
  // 0.4) and Kalai-Smorodinsky (ideal 0.7, 1.0: min(0.8, 0.625)) all pick centre+low.
  const auto staff = n.mediation.party_view(n.staff);
  const auto management = n.mediation.party_view(n.management);
  ASSERT_EQ(staff["proposals"].size(), 3u);
  for (const auto& proposal : staff["proposals"]) {
    EXPECT_EQ(proposal["package"], package("centre", "low")) << proposal.dump();
    EXPECT_NEAR(proposal["utility"].get<double>(), 0.6, 1e-9);
  }
  for (const auto& proposal : management["proposals"])
    EXPECT_NEAR(proposal["utility"].get<double>(), 0.7, 1e-9);
  EXPECT_EQ(staff["negotiation"]["phase"], "drafting");
  EXPECT_EQ(staff["draft"]["version"], 1);
  EXPECT_EQ(staff["draft"]["package"], package("centre", "low"));
  EXPECT_NEAR(staff["draft"]["utility"].get<double>(), 0.6, 1e-9);
  EXPECT_NEAR(staff["walk_away_utility"].get<double>(), 0.2, 1e-12);

  // Privacy: a party sees the names of the others and whether they submitted, nothing more; the
  // mediator sees no utilities and no unshared preferences.
  for (const auto& party : staff["parties"]) {
    EXPECT_EQ(party.size(), 2u) << party.dump();
    EXPECT_TRUE(party.contains("name") && party.contains("submitted"));
  }
  EXPECT_EQ(staff["preferences"]["weights"]["Location"], 0.6);
  EXPECT_EQ(management["preferences"]["weights"]["Location"], 0.3);
  const auto mediator = n.mediation.mediator_view(n.mediator);
  EXPECT_FALSE(mediator.dump().find("utility") != std::string::npos) << mediator.dump();
  for (const auto& party : mediator["parties"]) EXPECT_TRUE(party["shared_preferences"].is_null());
  EXPECT_EQ(mediator["proposals"].size(), 3u);
}

TEST(Mediation, SharedPreferencesReachTheMediator) {
  Negotiation n;
  auto shared = test::staff_preferences();
  shared["share_with_mediator"] = true;
  n.mediation.submit_preferences(n.staff, shared);
  const auto mediator = n.mediation.mediator_view(n.mediator);
  EXPECT_EQ(mediator["parties"][0]["shared_preferences"]["weights"]["Budget"], 0.4);
  EXPECT_TRUE(mediator["parties"][1]["shared_preferences"].is_null());
}

TEST(Mediation, SingleTextRoundReachesAnAgreement) {
  Negotiation n;
  n.submit_both();
  EXPECT_THROW(n.mediation.submit_preferences(n.staff, test::staff_preferences()), StateConflict);
  // A change: Management proposes suburbs+low (and accepts it by proposing it).
  auto view = n.mediation.change_draft(n.management, 1, package("suburbs", "low"));
  EXPECT_EQ(view["draft"]["version"], 2);
  EXPECT_EQ(view["my_vote"], "accept");
  EXPECT_THROW(n.mediation.change_draft(n.staff, 1, package("remote", "low")), StateConflict);
  EXPECT_THROW(n.mediation.vote(n.staff, 1, true), StateConflict);
  // Staff rejects the change: the text it changed comes back as version 3.
  view = n.mediation.vote(n.staff, 2, false);
  EXPECT_EQ(view["draft"]["version"], 3);
  EXPECT_EQ(view["draft"]["package"], package("centre", "low"));
  EXPECT_TRUE(view["my_vote"].is_null());
  // The mediator's change is nobody's vote.
  view = n.mediation.change_draft(n.mediator, 3, package("suburbs", "high"));
  EXPECT_EQ(view["draft"]["accepted_count"], 0);
  n.mediation.vote(n.staff, 4, false);
  view = n.mediation.mediator_view(n.mediator);
  EXPECT_EQ(view["draft"]["version"], 5);
  EXPECT_EQ(view["draft"]["package"], package("centre", "low"));
  // Both accept version 5: agreement.
  EXPECT_THROW(n.mediation.agreement_document(n.staff), StateConflict);
  n.mediation.vote(n.staff, 5, true);
  view = n.mediation.mediator_view(n.mediator);
  EXPECT_EQ(view["parties"][0]["vote"], "accept");
  EXPECT_TRUE(view["agreement"].is_null());
  view = n.mediation.vote(n.management, 5, true);
  EXPECT_EQ(view["negotiation"]["phase"], "agreed");
  EXPECT_EQ(view["agreement"]["package"], package("centre", "low"));
  EXPECT_NEAR(view["agreement"]["utility"].get<double>(), 0.7, 1e-9);
  EXPECT_EQ(view["agreement"]["agreed_at"].get<std::string>().size(), 20u);
  EXPECT_THROW(n.mediation.vote(n.staff, 5, true), StateConflict);

  const auto document = n.mediation.agreement_document(n.mediator);
  EXPECT_NE(document.find("# Agreement: Office move"), std::string::npos);
  EXPECT_NE(document.find("| Location | centre |"), std::string::npos);
  EXPECT_NE(document.find("| Budget | low |"), std::string::npos);
  EXPECT_NE(document.find("Staff, Management"), std::string::npos);
  EXPECT_NE(document.find("Draft version: 5"), std::string::npos);
  EXPECT_EQ(document, n.mediation.agreement_document(n.staff));
}

TEST(Mediation, EvaluateUsesDraftOrSubmittedPreferences) {
  Negotiation n;
  const std::vector<json> packages = {package("centre", "high"), package("remote", "low")};
  EXPECT_THROW(n.mediation.evaluate(n.staff, packages, std::nullopt), StateConflict);
  auto utilities = n.mediation.evaluate(n.staff, packages, test::management_preferences());
  EXPECT_NEAR(utilities[0], 0.0, 1e-12);
  EXPECT_NEAR(utilities[1], 0.3 * 0.5 + 0.7, 1e-12);
  n.mediation.submit_preferences(n.staff, test::staff_preferences());
  utilities = n.mediation.evaluate(n.staff, packages, std::nullopt);
  EXPECT_NEAR(utilities[0], 1.0, 1e-12);
  EXPECT_NEAR(utilities[1], 0.0, 1e-12);
  EXPECT_THROW(n.mediation.evaluate(n.staff, {json{{"Location", "centre"}}}, std::nullopt),
               InputError);
  EXPECT_THROW(n.mediation.evaluate(n.staff, std::vector<json>(65, packages[0]), std::nullopt),
               InputError);
  EXPECT_THROW(n.mediation.evaluate(n.mediator, packages, std::nullopt), AccessDenied);
}

// Three parties, random scores (seeded): the proposals reach the best criterion value that a
// brute-force search over the whole space finds (definitions in
// include/parley/analysis/analysis.hpp).
TEST(Mediation, ProposalsAgreeWithBruteForce) {
  json spec = {{"title", "Brute force"}, {"parties", {"A", "B", "C"}}, {"issues", json::array()}};
  const std::vector<std::size_t> sizes = {4, 3, 5};
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    json options = json::array();
    for (std::size_t o = 0; o < sizes[i]; ++o) options.push_back("o" + std::to_string(o));
    spec["issues"].push_back({{"name", "I" + std::to_string(i)}, {"options", options}});
  }
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    Negotiation n(spec);
    std::mt19937_64 generator(seed);
    std::uniform_int_distribution<int> score(0, 100);
    std::vector<std::vector<std::vector<double>>> tables(3);
    std::vector<std::vector<double>> weights(3);
    const std::vector<double> walk_away = {0.3, 0.25, 0.35};
    for (std::size_t p = 0; p < 3; ++p) {
      json preferences = {{"weights", json::object()}, {"scores", json::object()}};
      double weight_sum = 0;
      for (std::size_t i = 0; i < sizes.size(); ++i) {
        const double weight = 1 + score(generator);
        weights[p].push_back(weight);
        weight_sum += weight;
        const std::string issue = "I" + std::to_string(i);
        preferences["weights"][issue] = weight;
        std::vector<double> table;
        for (std::size_t o = 0; o < sizes[i]; ++o) table.push_back(score(generator));
        table[generator() % sizes[i]] = 100;  // a best option
        for (std::size_t o = 0; o < sizes[i]; ++o)
          preferences["scores"][issue]["o" + std::to_string(o)] = table[o];
        tables[p].push_back(table);
      }
      for (auto& w : weights[p]) w /= weight_sum;
      preferences["walk_away"] = walk_away[p];
      n.mediation.submit_preferences(n.mediation.authenticate(n.invitation.party_tokens[p]),
                                     preferences);
    }
    n.wait_until_drafting();
    // Brute force: every package, independent utility arithmetic.
    auto utility = [&](std::size_t p, const std::vector<std::size_t>& v) {
      double total = 0;
      for (std::size_t i = 0; i < sizes.size(); ++i)
        total += weights[p][i] * tables[p][i][v[i]] / 100.0;
      return total;
    };
    std::vector<std::vector<double>> rational;
    for (std::size_t a = 0; a < sizes[0]; ++a)
      for (std::size_t b = 0; b < sizes[1]; ++b)
        for (std::size_t c = 0; c < sizes[2]; ++c) {
          std::vector<double> u;
          bool ok = true;
          for (std::size_t p = 0; p < 3; ++p) {
            u.push_back(utility(p, {a, b, c}));
            ok = ok && u.back() >= walk_away[p];
          }
          if (ok) rational.push_back(u);
        }
    std::vector<double> ideal(3, 0.0);
    for (const auto& u : rational)
      for (std::size_t p = 0; p < 3; ++p) ideal[p] = std::max(ideal[p], u[p]);
    auto nash = [&](const std::vector<double>& u) {
      double product = 1;
      for (std::size_t p = 0; p < 3; ++p) product *= u[p] - walk_away[p];
      return product;
    };
    auto egalitarian = [&](const std::vector<double>& u) {
      double least = 1e9;
      for (std::size_t p = 0; p < 3; ++p) least = std::min(least, u[p] - walk_away[p]);
      return least;
    };
    auto kalai = [&](const std::vector<double>& u) {
      double least = 1e9;
      for (std::size_t p = 0; p < 3; ++p)
        least = std::min(least, (u[p] - walk_away[p]) / (ideal[p] - walk_away[p]));
      return least;
    };
    // Each party sees its own utility of each proposal; together they give the utility vector.
    std::vector<json> views;
    for (std::size_t p = 0; p < 3; ++p)
      views.push_back(
          n.mediation.party_view(n.mediation.authenticate(n.invitation.party_tokens[p])));
    if (rational.empty()) {
      EXPECT_TRUE(views[0]["proposals"].empty());
      continue;
    }
    ASSERT_EQ(views[0]["proposals"].size(), 3u) << "seed " << seed;
    for (std::size_t k = 0; k < 3; ++k) {
      std::vector<double> u;
      for (std::size_t p = 0; p < 3; ++p) u.push_back(views[p]["proposals"][k]["utility"]);
      const auto kind = views[0]["proposals"][k]["kind"].get<std::string>();
      double best = -1e9, found = 0;
      for (const auto& r : rational) {
        if (kind == "nash") best = std::max(best, nash(r));
        if (kind == "egalitarian") best = std::max(best, egalitarian(r));
        if (kind == "kalai-smorodinsky") best = std::max(best, kalai(r));
      }
      if (kind == "nash") found = nash(u);
      if (kind == "egalitarian") found = egalitarian(u);
      if (kind == "kalai-smorodinsky") found = kalai(u);
      EXPECT_NEAR(found, best, 1e-9) << kind << " seed " << seed;
    }
  }
}

// A 10-party negotiation of 20 issues x 30 options (the documented limits), every party submitted.
struct LargeNegotiation {
  std::vector<Caller> parties;
  Caller mediator;
  json last_view;

  LargeNegotiation(MediationService& service, std::uint64_t seed = 1) {
    const auto invitation =
        service.create(parse_negotiation_spec(test::large_spec(10, 20, 30), service.limits()));
    mediator = service.authenticate(invitation.mediator_token);
    for (std::size_t p = 0; p < 10; ++p) {
      parties.push_back(service.authenticate(invitation.party_tokens[p]));
      last_view = service.submit_preferences(parties.back(),
                                             test::random_preferences(20, 30, seed * 100 + p));
    }
  }
};

TEST(MediationAnalysis, LibraryStopsWhenCancelled) {
  Database database(":memory:");
  MediationService service(database);
  LargeNegotiation n(service);
  test::wait_for_phase([&] { return service.mediator_view(n.mediator); }, "drafting");
  // The same scenario straight through the library: the hook stops every method.
  const std::string id = service.mediator_view(n.mediator)["negotiation"]["id"];
  const auto state =
      database.read([&](Connection& connection) { return *load_negotiation(connection, id); });
  int polls = 0;
  AnalysisSettings settings;
  settings.budget = 1'000'000'000;
  EXPECT_THROW(analyse_negotiation(state, settings, {}, [&] { return ++polls > 3; }), Cancelled);
  EXPECT_EQ(polls, 4);
}

TEST(MediationAnalysis, LargeNegotiationGetsDeterministicApproximateProposals) {
  json first;
  for (int run = 0; run < 2; ++run) {
    Database database(":memory:");
    MediationService service(database);
    LargeNegotiation n(service);
    EXPECT_EQ(n.last_view["negotiation"]["phase"], "analysing");
    const auto view =
        test::wait_for_phase([&] { return service.party_view(n.parties[0]); }, "drafting");
    ASSERT_EQ(view["negotiation"]["phase"], "drafting") << view["analysis"].dump();
    EXPECT_EQ(view["analysis"]["state"], "done");
    EXPECT_EQ(view["analysis"]["method"], "anytime-search");
    EXPECT_EQ(view["analysis"]["exact"], false);
    EXPECT_GT(view["analysis"]["evaluated"].get<std::uint64_t>(), 0u);
    EXPECT_EQ(view["proposals"].size(), 3u);
    // Same submissions, same proposals, byte for byte (the budget counts work, not time).
    if (run == 0)
      first = view["proposals"];
    else
      EXPECT_EQ(view["proposals"].dump(), first.dump());
  }
}

TEST(MediationAnalysis, TimeCapReturnsToCollectingWithANotice) {
  Database database(":memory:");
  AnalysisSettings settings;
  settings.budget = 100'000'000'000;  // far beyond the cap
  settings.time_cap_seconds = 0.5;
  MediationService service(database, Limits{}, settings);
  LargeNegotiation n(service);
  EXPECT_EQ(n.last_view["negotiation"]["phase"], "analysing");
  const auto view =
      test::wait_for_phase([&] { return service.mediator_view(n.mediator); }, "collecting");
  ASSERT_EQ(view["negotiation"]["phase"], "collecting");
  EXPECT_EQ(view["analysis"]["state"], "stopped");
  EXPECT_NE(view["analysis"]["notice"].get<std::string>().find("time cap (0.5 s)"),
            std::string::npos);
  for (const auto& party : view["parties"]) EXPECT_TRUE(party["submitted"]);
  // Every party reads the notice too.
  EXPECT_EQ(service.party_view(n.parties[3])["analysis"]["notice"], view["analysis"]["notice"]);
}

TEST(MediationAnalysis, MediatorCancelsAndRestarts) {
  Database database(":memory:");
  AnalysisSettings settings;
  settings.budget = 100'000'000'000;
  settings.time_cap_seconds = 0;  // no cap
  MediationService service(database, Limits{}, settings);
  LargeNegotiation n(service);
  // Progress while it runs.
  json running;
  for (int i = 0; i < 2000; ++i) {
    running = service.mediator_view(n.mediator);
    if (running["analysis"]["state"] == "running" && running["analysis"]["stage"].is_string())
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(running["analysis"]["state"], "running");
  // The exact method is tried first, then the search: either is running.
  const std::string stage = running["analysis"]["stage"];
  EXPECT_TRUE(stage == "linear-dp" || stage == "search") << stage;
  EXPECT_GE(running["analysis"]["fraction"].get<double>(), 0.0);
  EXPECT_THROW(service.cancel_analysis(n.parties[0]), AccessDenied);
  auto view = service.cancel_analysis(n.mediator);
  EXPECT_EQ(view["negotiation"]["phase"], "collecting");
  EXPECT_NE(view["analysis"]["notice"].get<std::string>().find("cancelled"), std::string::npos);
  EXPECT_THROW(service.cancel_analysis(n.mediator), StateConflict);
  for (int i = 0; i < 2000 && service.running_analyses() > 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(service.running_analyses(), 0u);
  view = service.start_analysis(n.mediator);
  EXPECT_EQ(view["negotiation"]["phase"], "analysing");
  EXPECT_EQ(view["analysis"]["round"], 2);
  service.cancel_analysis(n.mediator);
}

TEST(MediationAnalysis, RestartRequeuesAnalysingNegotiations) {
  test::TemporaryFolder folder;
  const auto path = folder.file("recover.db");
  std::string mediator_token;
  {
    Database database(path);
    AnalysisSettings slow;
    slow.budget = 100'000'000'000;
    slow.time_cap_seconds = 0;
    MediationService service(database, Limits{}, slow);
    const auto invitation =
        service.create(parse_negotiation_spec(test::large_spec(10, 20, 30), service.limits()));
    mediator_token = invitation.mediator_token;
    for (std::size_t p = 0; p < 10; ++p)
      service.submit_preferences(service.authenticate(invitation.party_tokens[p]),
                                 test::random_preferences(20, 30, 7 + p));
    service.shutdown();  // cancels the analysis; the negotiation stays analysing
    EXPECT_EQ(service.mediator_view(service.authenticate(mediator_token))["negotiation"]["phase"],
              "analysing");
  }
  Database database(path);
  MediationService service(database);  // default budget: finishes
  const auto mediator = service.authenticate(mediator_token);
  const auto view =
      test::wait_for_phase([&] { return service.mediator_view(mediator); }, "drafting");
  EXPECT_EQ(view["negotiation"]["phase"], "drafting");
  EXPECT_EQ(view["proposals"].size(), 3u);
}

// A database file written by the first schema (phase as text, the old walk_away spelling) opens,
// is migrated, and serves its negotiation.
TEST(MediationStore, OpensADatabaseOfSchemaOne) {
  test::TemporaryFolder folder;
  const auto path = folder.file("v1.db");
  std::string token;
  {
    Database database(path);
    Invitation invitation;
    MediationService service(database);
    invitation = service.create(parse_negotiation_spec(test::office_spec(), service.limits()));
    token = invitation.party_tokens[0];
    // Rewrite it as schema 1 would have: the old table, the old spelling, user_version 1.
    database.execute(R"sql(
      PRAGMA foreign_keys=OFF;
      CREATE TABLE negotiations_v1 (
        id TEXT PRIMARY KEY, title TEXT NOT NULL, spec TEXT NOT NULL,
        phase TEXT NOT NULL CHECK (phase IN ('collecting', 'drafting', 'agreed')),
        created_at TEXT NOT NULL, proposals TEXT, draft TEXT,
        draft_version INTEGER NOT NULL DEFAULT 0, agreement TEXT, agreed_at TEXT);
      INSERT INTO negotiations_v1 SELECT id, title, spec, 'drafting', created_at,
        '[{"kind":"nash","title":"Nash bargaining solution","package":[0,0]}]',
        '{"package":[0,0],"previous":null,"proposed_by":"parley"}', 1, NULL, NULL
        FROM negotiations;
      DROP TABLE negotiations;
      ALTER TABLE negotiations_v1 RENAME TO negotiations;
      UPDATE parties SET preferences = '{"weights":{"Location":0.6,"Budget":0.4},"scores":{"Location":{"centre":100,"suburbs":50,"remote":0},"Budget":{"low":0,"high":100}},"walk_away":{"value":0.2},"share_with_mediator":false}';
      DROP TABLE record_lines;
      ALTER TABLE parties DROP COLUMN salt;
      ALTER TABLE parties DROP COLUMN commitment;
      PRAGMA user_version=1;
    )sql");
  }
  Database database(path);
  EXPECT_EQ(database.schema_version(), 4);
  MediationService service(database);
  const auto view = service.party_view(service.authenticate(token));
  // Created before the mechanisms: unanimity, no deadline, the proposals as sealed items.
  EXPECT_EQ(view["mechanisms"]["rule"]["text"], "every party");
  EXPECT_EQ(view["mechanisms"]["rule"]["required"], 2);
  EXPECT_TRUE(view["mechanisms"]["deadline"].is_null());
  EXPECT_EQ(view["mechanisms"]["sealed"]["items"].size(), 1u);
  EXPECT_EQ(view["negotiation"]["phase"], "drafting");
  EXPECT_EQ(view["draft"]["package"], package("centre", "low"));
  EXPECT_NEAR(view["draft"]["utility"].get<double>(), 0.6, 1e-12);
  EXPECT_EQ(view["preferences"]["walk_away"], 0.2);  // returned in the new spelling
  EXPECT_EQ(view["analysis"]["state"], "done");
  EXPECT_TRUE(view["analysis"]["exact"].is_null());  // not recorded by schema 1
  // Created before records: it has none, and says so; nothing is half-written later either.
  const auto party = service.authenticate(token);
  try {
    service.record_document(party);
    ADD_FAILURE() << "a record for a negotiation created before records";
  } catch (const StateConflict& e) {
    EXPECT_NE(std::string(e.what()).find("before the service kept records"), std::string::npos);
  }
  EXPECT_THROW(service.reveal_document(party), StateConflict);
  service.vote(party, 1, true);
  EXPECT_THROW(service.record_document(party), StateConflict);
  auto check = database.prepare("PRAGMA foreign_key_check");
  EXPECT_FALSE(check.step());
}

}  // namespace
}  // namespace parley::service
