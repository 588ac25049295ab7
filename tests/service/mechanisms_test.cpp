// The deal-closing mechanisms of the mediation service (issue 20; docs/mechanisms.md, "In the
// service"), through the service facade: sealed acceptances, the mediator's proposal, improvements
// after agreement, deadlines with final-offer arbitration or the pre-agreed rule, blind bidding,
// quorum rules in the single text; with 2, 3 and 10 parties; every record replayed.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "parley/service/mediation_service.hpp"
#include "parley/service/record.hpp"
#include "parley/service/store.hpp"
#include "service_test_support.hpp"

namespace parley::service {
namespace {

using nlohmann::json;

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find('\n', start);
    lines.push_back(text.substr(start, end - start));
    start = end == std::string::npos ? text.size() : end + 1;
  }
  return lines;
}

// Independent utilities: the linear-additive formula over the submitted JSON, with no library.
double utility_of(const json& preferences, const json& package) {
  double weight_sum = 0.0, total = 0.0;
  for (const auto& [issue, weight] : preferences["weights"].items())
    weight_sum += weight.get<double>();
  for (const auto& [issue, weight] : preferences["weights"].items()) {
    double best = 0.0;
    for (const auto& [option, score] : preferences["scores"][issue].items())
      best = std::max(best, score.get<double>());
    const double score =
        preferences["scores"][issue][package[issue].get<std::string>()].get<double>();
    total += weight.get<double>() / weight_sum * score / best;
  }
  return total;
}

// Every package of a large_spec negotiation.
std::vector<json> every_package(std::size_t issues, std::size_t options) {
  std::vector<json> packages = {json::object()};
  for (std::size_t i = 0; i < issues; ++i) {
    std::vector<json> grown;
    for (const auto& p : packages)
      for (std::size_t o = 0; o < options; ++o) {
        json q = p;
        q["I" + std::to_string(i)] = "o" + std::to_string(o);
        grown.push_back(q);
      }
    packages = std::move(grown);
  }
  return packages;
}

// A negotiation of `parties` parties with seeded preferences, analysed (drafting).
struct Fixture {
  explicit Fixture(std::size_t parties, json extra = json::object(), std::size_t issue_count = 3,
                   std::size_t option_count = 3, std::uint64_t seed = 1, double walk_away = 0.2)
      : database(folder.file("m.db")),
        mediation(database),
        issues(issue_count),
        options(option_count) {
    json spec = test::large_spec(parties, issues, options);
    for (const auto& [key, value] : extra.items()) spec[key] = value;
    const auto invitation = mediation.create(
        parse_negotiation_spec(spec, mediation.limits(), format_utc(std::time(nullptr))));
    mediator = mediation.authenticate(invitation.mediator_token);
    for (std::size_t p = 0; p < parties; ++p) {
      callers.push_back(mediation.authenticate(invitation.party_tokens[p]));
      preferences.push_back(test::random_preferences(issues, options, seed * 100 + p, walk_away));
    }
  }
  void submit_all() {
    for (std::size_t p = 0; p < callers.size(); ++p)
      mediation.submit_preferences(callers[p], preferences[p]);
    const auto view =
        test::wait_for_phase([&] { return mediation.mediator_view(mediator); }, "drafting");
    ASSERT_EQ(view["negotiation"]["phase"], "drafting") << view.dump();
  }
  json party(std::size_t p) { return mediation.party_view(callers[p]); }
  json mediator_view() { return mediation.mediator_view(mediator); }
  // The record replays: every event through the same transitions.
  RecordVerdict replay() {
    return replay_service_record(split_lines(mediation.record_document(mediator)), {}).verdict;
  }
  std::vector<std::string> events() {
    std::vector<std::string> out;
    for (const auto& line : split_lines(mediation.record_document(mediator)))
      out.push_back(json::parse(line).at("event"));
    return out;
  }

  test::TemporaryFolder folder;
  Database database;
  MediationService mediation;
  std::size_t issues, options;
  Caller mediator;
  std::vector<Caller> callers;
  std::vector<json> preferences;
};

class PartyCounts : public ::testing::TestWithParam<std::size_t> {};
INSTANTIATE_TEST_SUITE_P(Service, PartyCounts, ::testing::Values(2, 3, 10));

// Sealed acceptances: nothing comes out until every party marks a common item; then exactly that
// item is the agreement, and nobody's view shows another party's marks.
TEST_P(PartyCounts, SealedAcceptancesRevealOnlyTheMatch) {
  const std::size_t n = GetParam();
  Fixture f(n);
  f.submit_all();
  const auto items = f.party(0)["mechanisms"]["sealed"]["items"];
  ASSERT_GE(items.size(), 2u);
  const std::string common = items[items.size() - 1]["item"];  // "draft 1"
  const std::string other = items[0]["item"];
  EXPECT_EQ(common, "draft 1");
  // Everyone but the last marks both; the last marks nothing yet.
  for (std::size_t p = 0; p + 1 < n; ++p)
    f.mediation.mark_sealed(f.callers[p], {{"accept", {other, common}}});
  const auto before = f.party(0);
  EXPECT_EQ(before["negotiation"]["phase"], "drafting");
  EXPECT_TRUE(before["mechanisms"]["sealed"]["match"].is_null());
  EXPECT_EQ(before["mechanisms"]["sealed"]["my_marks"], json({other, common}));
  EXPECT_EQ(f.mediator_view()["mechanisms"]["sealed"]["marked"].size(), n - 1);
  // The last party's marks replace each other; only the common item is a match.
  f.mediation.mark_sealed(f.callers[n - 1], {{"accept", json::array()}});
  EXPECT_EQ(f.party(0)["negotiation"]["phase"], "drafting");
  f.mediation.mark_sealed(f.callers[n - 1], {{"accept", {common}}});
  const auto after = f.party(0);
  EXPECT_EQ(after["negotiation"]["phase"], "agreed");
  EXPECT_EQ(after["mechanisms"]["agreed_by"], "sealed-acceptances");
  EXPECT_EQ(after["mechanisms"]["sealed"]["match"], common);
  EXPECT_EQ(after["agreement"]["package"], items[items.size() - 1]["package"]);
  EXPECT_EQ(f.party(n - 1)["mechanisms"]["sealed"]["my_marks"], json({common}));
  // Nothing about the others' marks anywhere in a party's view.
  EXPECT_EQ(after["mechanisms"]["sealed"].count("marked"), 0u);
  const auto verdict = f.replay();
  EXPECT_TRUE(verdict.ok) << verdict.message;
  const auto events = f.events();
  EXPECT_EQ(std::count(events.begin(), events.end(), "sealed_mark"),
            static_cast<std::ptrdiff_t>(n + 1));
  EXPECT_EQ(std::count(events.begin(), events.end(), "sealed_match"), 1);
  // After agreement nothing more can be marked.
  EXPECT_THROW(f.mediation.mark_sealed(f.callers[0], {{"accept", {common}}}), StateConflict);
}

// The mediator's proposal: passes only when every party says yes; otherwise every party learns
// only "not passed", the same bytes whoever said no.
TEST_P(PartyCounts, MediatorsProposalRevealsNoRefuser) {
  const std::size_t n = GetParam();
  std::vector<std::string> views_after_failure;
  for (std::size_t refuser = 0; refuser < n; refuser += (n > 3 ? 3 : 1)) {
    Fixture f(n);
    f.submit_all();
    f.mediation.put_proposal(f.mediator, {{"kind", "nash"}});
    for (std::size_t p = 0; p < n; ++p) {
      if (p == 1 % n) continue;
      f.mediation.answer_proposal(f.callers[p], {{"id", 1}, {"accept", p != refuser}});
    }
    // Before everyone answered: still open for everyone.
    EXPECT_EQ(f.party(0)["mechanisms"]["mediator_proposal"]["result"], "open");
    f.mediation.answer_proposal(f.callers[1 % n], {{"id", 1}, {"accept", 1 % n != refuser}});
    auto view = f.party(1 % n == 0 ? 1 : 0);
    const std::size_t watcher = 1 % n == 0 ? 1 : 0;
    EXPECT_EQ(view["mechanisms"]["mediator_proposal"]["result"], "not passed");
    EXPECT_EQ(view["negotiation"]["phase"], "drafting");
    // A watcher who said yes sees the same bytes whoever refused (its own answer is shown).
    if (watcher != refuser) {
      view["negotiation"].erase("id");
      view["negotiation"].erase("created_at");
      view.erase("sample_packages");
      views_after_failure.push_back(view["mechanisms"].dump() + view["draft"].dump() +
                                    view["parties"].dump());
    }
    EXPECT_TRUE(f.replay().ok) << f.replay().message;
  }
  for (const auto& v : views_after_failure) EXPECT_EQ(v, views_after_failure.front());
  // Everyone says yes: the agreement.
  Fixture f(n);
  f.submit_all();
  const auto proposals = f.mediator_view()["proposals"];
  f.mediation.put_proposal(f.mediator, {{"kind", "kalai-smorodinsky"}});
  for (std::size_t p = 0; p < n; ++p)
    f.mediation.answer_proposal(f.callers[p], {{"id", 1}, {"accept", true}});
  const auto agreed = f.party(0);
  EXPECT_EQ(agreed["negotiation"]["phase"], "agreed");
  EXPECT_EQ(agreed["mechanisms"]["agreed_by"], "mediator-proposal");
  EXPECT_EQ(agreed["agreement"]["package"], proposals[1]["package"]);
  EXPECT_EQ(agreed["mechanisms"]["mediator_proposal"]["result"], "passed");
  const auto verdict = f.replay();
  EXPECT_TRUE(verdict.ok) << verdict.message;
}

// Improvements after agreement: every offered package is a strict Pareto improvement by brute
// force; adopted only when every party approves it; otherwise the agreement stands.
TEST_P(PartyCounts, ImprovementsAreStrictParetoImprovementsAdoptedOnlyByEveryone) {
  const std::size_t n = GetParam();
  Fixture f(n, json::object(), 3, 3, 7, 0.0);
  // Option o0 of I0 is everyone's worst and o1 everyone's best: a package with I0 = o0 is
  // dominated whatever the other issues say.
  for (auto& p : f.preferences) {
    p["scores"]["I0"]["o0"] = 0;
    p["scores"]["I0"]["o1"] = 100;
  }
  f.submit_all();
  // The mediator proposes the dominated package of lowest utility sum; everyone accepts it.
  const auto all = every_package(f.issues, f.options);
  json worst;
  double worst_sum = 1e9;
  for (const auto& package : all) {
    if (package["I0"] != "o0") continue;
    double sum = 0.0;
    for (const auto& p : f.preferences) sum += utility_of(p, package);
    if (sum < worst_sum) worst_sum = sum, worst = package;
  }
  // Brute force: how many packages are strict Pareto improvements of it.
  std::size_t improving = 0;
  for (const auto& package : all) {
    bool weakly = true, strictly = false;
    for (const auto& p : f.preferences) {
      const double a = utility_of(p, worst), b = utility_of(p, package);
      weakly = weakly && b >= a - 1e-9;
      strictly = strictly || b > a + 1e-9;
    }
    improving += weakly && strictly ? 1 : 0;
  }
  ASSERT_GE(improving, 1u);
  f.mediation.put_proposal(f.mediator, {{"package", worst}});
  for (std::size_t p = 0; p < n; ++p)
    f.mediation.answer_proposal(f.callers[p], {{"id", 1}, {"accept", true}});
  ASSERT_EQ(f.party(0)["negotiation"]["phase"], "agreed");
  f.mediation.offer_improvements(f.mediator, {{"limit", 5}});
  const auto offered = f.party(0)["mechanisms"]["improvements"];
  ASSERT_EQ(offered["result"], "open");
  ASSERT_EQ(offered["packages"].size(), std::min<std::size_t>(5, offered["packages"].size()));
  ASSERT_GE(offered["packages"].size(), 1u);
  ASSERT_LE(offered["packages"].size(), improving);
  for (const auto& entry : offered["packages"]) {
    bool someone_gains = false;
    for (const auto& p : f.preferences) {
      const double now = utility_of(p, worst), then = utility_of(p, entry["package"]);
      EXPECT_GE(then, now - 1e-9) << entry.dump();
      someone_gains = someone_gains || then > now + 1e-9;
    }
    EXPECT_TRUE(someone_gains) << entry.dump();
  }
  // Everyone approves improvement 1 except the last, who approves nothing: it stands.
  for (std::size_t p = 0; p + 1 < n; ++p)
    f.mediation.approve_improvements(f.callers[p], {{"round", 1}, {"approve", {"improvement 1"}}});
  EXPECT_EQ(f.party(0)["mechanisms"]["improvements"]["result"], "open");
  f.mediation.approve_improvements(f.callers[n - 1], {{"round", 1}, {"approve", json::array()}});
  EXPECT_EQ(f.party(0)["mechanisms"]["improvements"]["result"], "stands");
  EXPECT_EQ(f.party(0)["agreement"]["package"], worst);
  // A second round: everyone approves improvement 1: adopted.
  f.mediation.offer_improvements(f.mediator, json::object());
  for (std::size_t p = 0; p < n; ++p)
    f.mediation.approve_improvements(f.callers[p], {{"round", 2}, {"approve", {"improvement 1"}}});
  const auto adopted = f.party(0);
  EXPECT_EQ(adopted["mechanisms"]["improvements"]["result"], "adopted");
  EXPECT_EQ(adopted["agreement"]["package"], offered["packages"][0]["package"]);
  const auto verdict = f.replay();
  EXPECT_TRUE(verdict.ok) << verdict.message;
  const auto events = f.events();
  EXPECT_EQ(std::count(events.begin(), events.end(), "certificate"), 2);  // agreed, improved
}

// Final-offer arbitration at the deadline: the offer nearest the Nash proposal's utilities.
TEST_P(PartyCounts, FinalOfferArbitrationChoosesTheOfferNearestNash) {
  const std::size_t n = GetParam();
  Fixture f(n, {{"deadline_seconds", 3600}, {"at_deadline", "final-offer"}});
  f.submit_all();
  const auto nash = f.mediator_view()["proposals"][0];
  ASSERT_EQ(nash["kind"], "nash");
  const auto all = every_package(f.issues, f.options);
  std::vector<json> offers;
  for (std::size_t p = 0; p < n; ++p) {
    offers.push_back(all[(p * 7 + 3) % all.size()]);
    f.mediation.final_offer(f.callers[p], {{"package", offers.back()}});
  }
  EXPECT_EQ(f.party(0)["mechanisms"]["final_offer"]["mine"], offers[0]);
  EXPECT_EQ(f.mediator_view()["mechanisms"]["final_offer"]["offers"], n);
  std::size_t expected = 0;
  double best = 1e9;
  for (std::size_t p = 0; p < n; ++p) {
    double distance = 0.0;
    for (const auto& pref : f.preferences) {
      const double d = utility_of(pref, offers[p]) - utility_of(pref, nash["package"]);
      distance += d * d;
    }
    if (distance < best - 1e-12) best = distance, expected = p;
  }
  f.mediation.close_now(f.mediator, json::object());
  const auto view = f.party(0);
  EXPECT_EQ(view["negotiation"]["phase"], "agreed");
  EXPECT_EQ(view["mechanisms"]["agreed_by"], "final-offer-arbitration");
  EXPECT_EQ(view["mechanisms"]["agreed_item"], "P" + std::to_string(expected));
  EXPECT_EQ(view["agreement"]["package"], offers[expected]);
  const auto verdict = f.replay();
  EXPECT_TRUE(verdict.ok) << verdict.message;
}

// The pre-agreed rule at the deadline, and closing without a deal-closer.
TEST(ServiceDeadline, PreAgreedRuleAdoptsItsProposalAndNoneCloses) {
  {
    Fixture f(3, {{"deadline_seconds", 3600}, {"at_deadline", "egalitarian"}});
    f.submit_all();
    const auto egalitarian = f.mediator_view()["proposals"][2];
    ASSERT_EQ(egalitarian["kind"], "egalitarian");
    f.mediation.close_now(f.mediator, json::object());
    const auto view = f.party(2);
    EXPECT_EQ(view["mechanisms"]["agreed_by"], "pre-agreed-rule");
    EXPECT_EQ(view["agreement"]["package"], egalitarian["package"]);
    EXPECT_TRUE(f.replay().ok) << f.replay().message;
    const auto document = f.mediation.agreement_document(f.mediator);
    EXPECT_NE(document.find("the pre-agreed rule"), std::string::npos) << document;
    EXPECT_EQ(document.find("Draft version"), std::string::npos) << document;  // not a draft
  }
  {
    Fixture f(2, {{"deadline_seconds", 3600}});
    f.submit_all();
    f.mediation.close_now(f.mediator, json::object());
    const auto view = f.party(0);
    EXPECT_EQ(view["negotiation"]["phase"], "closed");
    EXPECT_EQ(view["mechanisms"]["closed_reason"],
              "no agreement when the mediator closed the negotiation");
    EXPECT_THROW(f.mediation.vote(f.callers[0], 1, true), StateConflict);
    EXPECT_TRUE(f.replay().ok) << f.replay().message;
  }
  {
    // The deadline comes before the analysis: the rule has nothing to adopt.
    Fixture f(2, {{"deadline_seconds", 3600}, {"at_deadline", "nash"}});
    f.mediation.close_now(f.mediator, json::object());
    EXPECT_EQ(f.party(0)["negotiation"]["phase"], "closed");
    EXPECT_TRUE(f.replay().ok) << f.replay().message;
  }
}

// The deadline watcher closes a negotiation whose deadline passed, on its own.
TEST(ServiceDeadline, TheWatcherAppliesTheDealCloser) {
  Fixture f(2, {{"deadline_seconds", 1}, {"at_deadline", "nash"}});
  f.submit_all();
  const auto nash = f.mediator_view()["proposals"][0];
  const auto view = test::wait_for_phase([&] { return f.party(0); }, "agreed", 10.0);
  EXPECT_EQ(view["negotiation"]["phase"], "agreed");
  EXPECT_EQ(view["agreement"]["package"], nash["package"]);
  const auto events = f.events();
  ASSERT_GE(events.size(), 2u);
  EXPECT_EQ(events[events.size() - 2], "certificate");
  EXPECT_EQ(events.back(), "signature");
  EXPECT_TRUE(f.replay().ok) << f.replay().message;
}

// Blind bidding: Smartsettle's published example (visible 49/60, secret 51/57: the neutral sees
// 49...59), and a crossing settling at the midpoint.
TEST_P(PartyCounts, BlindBiddingFollowsThePublishedExample) {
  const std::size_t n = GetParam();
  Fixture f(n);
  f.submit_all();
  const std::string low = "P0", high = "P" + std::to_string(n - 1);
  f.mediation.open_blind_bidding(f.mediator, {{"issue", "compensation"},
                                              {"unit", "million USD"},
                                              {"low", low},
                                              {"high", high},
                                              {"lower", 0},
                                              {"upper", 100},
                                              {"rounds", 1},
                                              {"step", 1}});
  if (n > 2) {
    EXPECT_THROW(f.mediation.blind_bid(f.callers[1], {{"secret", 50}}), StateConflict);
  }
  f.mediation.blind_bid(f.callers[0], {{"secret", 51}, {"visible", 49}});
  const auto low_view = f.party(0)["mechanisms"]["blind_bidding"];
  EXPECT_EQ(low_view["my_side"], "low");
  EXPECT_EQ(low_view["my_bids"][0]["secret"], 51.0);
  EXPECT_TRUE(f.party(n - 1)["mechanisms"]["blind_bidding"]["my_bids"].empty());
  f.mediation.blind_bid(f.callers[n - 1], {{"secret", 57}, {"visible", 60}});
  const auto mediator = f.mediator_view()["mechanisms"]["blind_bidding"];
  EXPECT_TRUE(mediator["settlement"].is_null());
  EXPECT_EQ(mediator["log"][0]["settled"], false);
  EXPECT_EQ(mediator["neutral_range"]["from"], 49.0);
  EXPECT_EQ(mediator["neutral_range"]["to"], 59.0);
  EXPECT_EQ(mediator["visible"], json({{"low", 49.0}, {"high", 60.0}}));
  // Parties never see the range or the other side's secret.
  const auto party_block = f.party(0)["mechanisms"]["blind_bidding"];
  EXPECT_EQ(party_block.count("neutral_range"), 0u);
  EXPECT_EQ(party_block.dump().find("57"), std::string::npos);
  // Outside the range: refused, naming the field.
  try {
    f.mediation.blind_neutral(f.mediator, {{"fair", 70}});
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "fair");
  }
  // The neutral judges 55 fair: the closer last secret bid is 57 (|57-55| < |51-55|).
  f.mediation.blind_neutral(f.mediator, {{"fair", 55}});
  EXPECT_EQ(f.party(0)["mechanisms"]["blind_bidding"]["settlement"], 57.0);
  EXPECT_EQ(f.party(0)["mechanisms"]["blind_bidding"]["settled_by"], "neutral");
  EXPECT_TRUE(f.replay().ok) << f.replay().message;
  // A new bidding: crossing bids settle at their midpoint.
  f.mediation.open_blind_bidding(
      f.mediator,
      {{"issue", "fee"}, {"low", low}, {"high", high}, {"lower", 0}, {"upper", 10}, {"rounds", 3}});
  f.mediation.blind_bid(f.callers[0], {{"secret", 4}});
  f.mediation.blind_bid(f.callers[n - 1], {{"secret", 6}});
  EXPECT_TRUE(f.party(0)["mechanisms"]["blind_bidding"]["settlement"].is_null());
  f.mediation.blind_bid(f.callers[0], {{"secret", 7}});
  f.mediation.blind_bid(f.callers[n - 1], {{"secret", 5}});
  EXPECT_EQ(f.party(0)["mechanisms"]["blind_bidding"]["settlement"], 6.0);
  EXPECT_EQ(f.party(0)["mechanisms"]["blind_bidding"]["settled_by"], "crossing");
  // A retreating bid is refused.
  const auto verdict = f.replay();
  EXPECT_TRUE(verdict.ok) << verdict.message;
}

// Quorum rules in the single text: "n-1 including P0": P0 and all but one accepting is a deal;
// everyone but P0 is not.
TEST(ServiceQuorum, SingleTextPassesUnderTheRule) {
  Fixture f(4, {{"rule", {{"required", "n-1"}, {"veto", {"P0"}}}}});
  f.submit_all();
  const auto view = f.mediator_view();
  EXPECT_EQ(view["mechanisms"]["rule"]["text"], "3 of 4 parties, including P0");
  std::set<std::string> kinds;
  for (const auto& p : view["proposals"]) kinds.insert(p["kind"]);
  EXPECT_TRUE(kinds.count("quorum")) << view["proposals"].dump();
  for (std::size_t p = 1; p < 4; ++p) f.mediation.vote(f.callers[p], 1, true);
  EXPECT_EQ(f.party(0)["negotiation"]["phase"], "drafting");  // the veto holder is missing
  f.mediation.vote(f.callers[3], 1, false);
  f.mediation.vote(f.callers[0], 1, true);
  EXPECT_EQ(f.party(0)["negotiation"]["phase"], "agreed");  // P0, P1, P2
  EXPECT_TRUE(f.replay().ok) << f.replay().message;
  EXPECT_NE(f.mediation.agreement_document(f.mediator).find("3 of 4 parties, including P0"),
            std::string::npos);
}

// Bad requests name their field; wrong phases are conflicts; nothing is stored.
TEST(ServiceMechanisms, BadRequestsNameTheField) {
  Fixture f(2, {{"deadline_seconds", 3600}, {"at_deadline", "final-offer"}});
  const auto field_of = [](const auto& call) {
    try {
      call();
    } catch (const InputError& e) {
      return e.field();
    }
    return std::string("no error");
  };
  EXPECT_THROW(f.mediation.mark_sealed(f.callers[0], {{"accept", json::array()}}), StateConflict);
  f.submit_all();
  EXPECT_EQ(field_of([&] {
              f.mediation.mark_sealed(f.callers[0], {{"accept", {"draft 9"}}});
            }),
            "accept[0]");
  EXPECT_EQ(field_of([&] {
              f.mediation.mark_sealed(f.callers[0], {{"accept", {"nash", "nash"}}});
            }),
            "accept[1]");
  EXPECT_EQ(field_of([&] { f.mediation.mark_sealed(f.callers[0], {{"accept", 3}}); }), "accept");
  EXPECT_EQ(field_of([&] { f.mediation.answer_proposal(f.callers[0], {{"id", 1}}); }), "accept");
  EXPECT_THROW(f.mediation.answer_proposal(f.callers[0], {{"id", 1}, {"accept", true}}),
               StateConflict);
  EXPECT_EQ(field_of([&] { f.mediation.put_proposal(f.mediator, {{"kind", "best"}}); }), "kind");
  EXPECT_EQ(field_of([&] { f.mediation.put_proposal(f.mediator, json::object()); }), "kind");
  EXPECT_EQ(field_of([&] {
              f.mediation.final_offer(f.callers[0], {{"package", {{"I0", "o9"}}}});
            }),
            "package");
  EXPECT_EQ(field_of([&] {
              f.mediation.open_blind_bidding(
                  f.mediator,
                  {{"issue", "x"}, {"low", "P0"}, {"high", "Nobody"}, {"lower", 0}, {"upper", 1}});
            }),
            "high");
  EXPECT_EQ(field_of([&] {
              f.mediation.open_blind_bidding(
                  f.mediator,
                  {{"issue", "x"}, {"low", "P0"}, {"high", "P1"}, {"lower", 5}, {"upper", 1}});
            }),
            "rules.lower");
  EXPECT_THROW(f.mediation.mark_sealed(f.mediator, {{"accept", json::array()}}), AccessDenied);
  EXPECT_THROW(f.mediation.put_proposal(f.callers[0], {{"kind", "nash"}}), AccessDenied);
  EXPECT_EQ(field_of([] {
              parse_negotiation_spec({{"title", "t"},
                                      {"issues", {{{"name", "a"}, {"options", {"x", "y"}}}}},
                                      {"parties", {"A", "B"}},
                                      {"rule", {{"required", "n-5"}}}},
                                     {}, "2026-01-01T00:00:00Z");
            }),
            "rule.quorum");
  EXPECT_EQ(field_of([] {
              parse_negotiation_spec({{"title", "t"},
                                      {"issues", {{{"name", "a"}, {"options", {"x", "y"}}}}},
                                      {"parties", {"A", "B"}},
                                      {"deadline", "2025-02-30T00:00:00Z"}},
                                     {}, "2026-01-01T00:00:00Z");
            }),
            "deadline");
  EXPECT_EQ(field_of([] {
              parse_negotiation_spec({{"title", "t"},
                                      {"issues", {{{"name", "a"}, {"options", {"x", "y"}}}}},
                                      {"parties", {"A", "B"}},
                                      {"at_deadline", "nash"}},
                                     {}, "2026-01-01T00:00:00Z");
            }),
            "at_deadline");
  EXPECT_TRUE(f.replay().ok);
}

}  // namespace
}  // namespace parley::service
