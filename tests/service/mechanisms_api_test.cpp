// The deal-closing mechanisms over the HTTP API (docs/mechanisms.md, "In the service"): the
// differential privacy tests. What a party receives is byte-identical whatever the other parties'
// secrets are, unless the mechanism reveals a result: 1,000 random pairs of sealed acceptances,
// 300 mediator's proposals answered at random by three parties, 300 blind-bidding rounds.
#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <random>
#include <set>

#include "http_client.hpp"
#include "running_server.hpp"
#include "service_test_support.hpp"

namespace parley::service {
namespace {

using nlohmann::json;
using test::RunningServer;
using test::send;

class MechanismsApi : public ::testing::Test {
 protected:
  RunningServer server{[] {
    ServerOptions options;
    options.requests_per_second = 100000;
    options.burst = 100000;
    options.creations_per_minute = 100000;
    options.creation_burst = 100000;
    return options;
  }()};
  httplib::Client client{"127.0.0.1", server.port()};

  struct Negotiation {
    std::string mediator;
    std::vector<std::string> parties;
  };

  // A drafting negotiation of `parties` parties over 3 issues of 3 options (seeded preferences).
  Negotiation drafting(std::size_t parties, std::uint64_t seed, json extra = json::object()) {
    json spec = test::large_spec(parties, 3, 3);
    for (const auto& [key, value] : extra.items()) spec[key] = value;
    const auto created = send(client, "POST", "/api/negotiations", "", spec);
    EXPECT_EQ(created.status, 201) << created.body;
    const auto data = created.data();
    Negotiation n{data["mediator_token"], {}};
    for (const auto& p : data["parties"]) n.parties.push_back(p["token"]);
    for (std::size_t p = 0; p < parties; ++p) {
      const auto reply = send(client, "PUT", "/api/party/preferences", n.parties[p],
                              test::random_preferences(3, 3, seed * 31 + p, 0.0));
      EXPECT_EQ(reply.status, 200) << reply.body;
    }
    const auto view = test::wait_for_phase(
        [&] { return send(client, "GET", "/api/mediator", n.mediator).data(); }, "drafting");
    EXPECT_EQ(view["negotiation"]["phase"], "drafting") << view.dump();
    return n;
  }

  std::string view_text(const std::string& token) {
    const auto reply = send(client, "GET", "/api/party", token);
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.body;
  }
  json view(const std::string& token) { return json::parse(view_text(token)); }
};

std::vector<std::string> random_subset(const std::vector<std::string>& items, std::mt19937_64& g) {
  std::vector<std::string> out;
  for (const auto& item : items)
    if (g() % 6 == 0) out.push_back(item);
  return out;
}

// 1,000 random pairs (A's marks, B's marks): until they share an item, each party's view is the
// same bytes as before the other marked; when they do, the agreement is exactly the first shared
// item, and each party still sees only its own marks.
TEST_F(MechanismsApi, SealedAcceptancesRevealNothingButTheMatch) {
  std::mt19937_64 g(20);
  std::size_t pairs = 0, matches = 0;
  for (std::uint64_t round = 0; pairs < 1000; ++round) {
    auto n = drafting(2, round);
    // More items than the proposals: the mediator writes a few more drafts.
    for (int v = 1; v <= 4; ++v) {
      const auto current = send(client, "GET", "/api/mediator", n.mediator).data();
      json package = current["draft"]["package"];
      const std::string issue = "I" + std::to_string(v % 3);
      // The next option of the issue: always a change.
      const int option = package[issue].get<std::string>()[1] - '0';
      package[issue] = "o" + std::to_string((option + 1 + round % 2) % 3);
      ASSERT_EQ(send(client, "POST", "/api/mediator/draft", n.mediator,
                     json{{"version", current["draft"]["version"]}, {"package", package}})
                    .status,
                200);
    }
    std::vector<std::string> items;
    const auto first = view(n.parties[0]);
    for (const auto& item : first["mechanisms"]["sealed"]["items"]) items.push_back(item["item"]);
    ASSERT_GE(items.size(), 7u);  // 2 or 3 proposals, 5 drafts
    while (pairs < 1000) {
      ++pairs;
      const auto a = random_subset(items, g), b = random_subset(items, g);
      // B's marks of the pair before are withdrawn first (they would meet A's new ones).
      ASSERT_EQ(
          send(client, "PUT", "/api/party/sealed", n.parties[1], json{{"accept", json::array()}})
              .status,
          200);
      ASSERT_EQ(send(client, "PUT", "/api/party/sealed", n.parties[0], json{{"accept", a}}).status,
                200);
      const auto a_before = view_text(n.parties[0]);
      const auto b_before = view_text(n.parties[1]);
      const auto marked =
          send(client, "PUT", "/api/party/sealed", n.parties[1], json{{"accept", b}});
      ASSERT_EQ(marked.status, 200) << marked.body;
      std::vector<std::string> common;
      for (const auto& item : items)
        if (std::count(a.begin(), a.end(), item) && std::count(b.begin(), b.end(), item))
          common.push_back(item);
      const auto a_after = view(n.parties[0]);
      if (common.empty()) {
        ASSERT_EQ(a_after.dump(), json::parse(a_before).dump()) << "pair " << pairs;
        // B's own view changed only in its own marks.
        auto b_after = view(n.parties[1]);
        auto b_old = json::parse(b_before);
        b_after["mechanisms"]["sealed"].erase("my_marks");
        b_old["mechanisms"]["sealed"].erase("my_marks");
        ASSERT_EQ(b_after.dump(), b_old.dump()) << "pair " << pairs;
        continue;
      }
      ++matches;
      ASSERT_EQ(a_after["negotiation"]["phase"], "agreed") << "pair " << pairs;
      ASSERT_EQ(a_after["mechanisms"]["sealed"]["match"], common.front());
      ASSERT_EQ(a_after["mechanisms"]["sealed"]["my_marks"], json(a));
      ASSERT_EQ(view(n.parties[1])["mechanisms"]["sealed"]["my_marks"], json(b));
      // Beyond the match, A's view is what it was: only the phase, the agreement and the match
      // changed.
      auto a_rest = a_after, a_old = json::parse(a_before);
      for (auto* v : {&a_rest, &a_old}) {
        (*v)["negotiation"].erase("phase");
        v->erase("agreement");
        v->erase("draft");
        v->erase("my_vote");
        (*v)["mechanisms"].erase("agreed_by");
        (*v)["mechanisms"].erase("agreed_item");
        (*v)["mechanisms"]["sealed"].erase("match");
      }
      ASSERT_EQ(a_rest.dump(), a_old.dump()) << "pair " << pairs;
      break;  // agreed: the next pairs in a new negotiation
    }
  }
  EXPECT_EQ(pairs, 1000u);
  EXPECT_GT(matches, 50u);
  EXPECT_LT(matches, 950u);
}

// 300 mediator's proposals answered at random by three parties: a party that said yes sees the
// same bytes whichever of the others said no; all yes is the agreement.
TEST_F(MechanismsApi, MediatorsProposalHidesWhoSaidNo) {
  std::mt19937_64 g(21);
  std::size_t proposals = 0, passed = 0;
  std::map<std::pair<bool, bool>, std::string> seen;  // (B's answer, C's answer) -> A's block
  for (std::uint64_t round = 0; proposals < 300; ++round) {
    auto n = drafting(3, 1000 + round);
    seen.clear();
    for (std::int64_t id = 1; proposals < 300; ++id) {
      ++proposals;
      ASSERT_EQ(
          send(client, "POST", "/api/mediator/proposal", n.mediator, json{{"kind", "nash"}}).status,
          200);
      const bool b = g() % 2 == 0, c = g() % 2 == 0;
      ASSERT_EQ(send(client, "POST", "/api/party/proposal", n.parties[0],
                     json{{"id", id}, {"accept", true}})
                    .status,
                200);
      ASSERT_EQ(
          send(client, "POST", "/api/party/proposal", n.parties[1], json{{"id", id}, {"accept", b}})
              .status,
          200);
      ASSERT_EQ(
          send(client, "POST", "/api/party/proposal", n.parties[2], json{{"id", id}, {"accept", c}})
              .status,
          200);
      auto a = view(n.parties[0]);
      if (b && c) {
        ++passed;
        ASSERT_EQ(a["negotiation"]["phase"], "agreed");
        ASSERT_EQ(a["mechanisms"]["mediator_proposal"]["result"], "passed");
        break;
      }
      ASSERT_EQ(a["mechanisms"]["mediator_proposal"]["result"], "not passed");
      // A's whole view but the proposal's number: the same whoever refused.
      a["mechanisms"]["mediator_proposal"].erase("id");
      const auto text = a.dump();
      for (const auto& [answers, other] : seen) ASSERT_EQ(text, other) << b << c;
      seen[{b, c}] = text;
    }
  }
  EXPECT_GT(passed, 20u);
}

// 300 blind-bidding rounds: the low side's view after a round without settlement is the same
// bytes whatever the high side's secret bid; crossing bids settle at their midpoint.
TEST_F(MechanismsApi, BlindBiddingRoundsRevealNothingWithoutSettlement) {
  std::mt19937_64 g(22);
  auto n = drafting(2, 3);
  std::map<int, std::string> low_view_by_secret;  // the low side's secret -> its view
  std::size_t rounds = 0, settled = 0;
  while (rounds < 300) {
    ASSERT_EQ(send(client, "POST", "/api/mediator/blind-bidding", n.mediator,
                   json{{"issue", "fee"},
                        {"low", "P0"},
                        {"high", "P1"},
                        {"lower", 0},
                        {"upper", 100},
                        {"rounds", 1}})
                  .status,
              200);
    ++rounds;
    const int low = static_cast<int>(g() % 50), high = static_cast<int>(g() % 101);
    ASSERT_EQ(
        send(client, "POST", "/api/party/blind-bid", n.parties[0], json{{"secret", low}}).status,
        200);
    ASSERT_EQ(
        send(client, "POST", "/api/party/blind-bid", n.parties[1], json{{"secret", high}}).status,
        200);
    auto block = view(n.parties[0])["mechanisms"]["blind_bidding"];
    if (low >= high) {
      ++settled;
      ASSERT_EQ(block["settlement"], (low + high) / 2.0);
      continue;  // settled: a new bidding may open
    }
    ASSERT_TRUE(block["settlement"].is_null());
    ASSERT_EQ(block.dump().find("\"secret\":" + std::to_string(high) + ".0"), std::string::npos);
    const auto text = block.dump();
    const auto [it, fresh] = low_view_by_secret.emplace(low, text);
    if (!fresh) {
      ASSERT_EQ(text, it->second) << "low " << low << " high " << high;
    }
    // The neutral closes it (the mediator sees the range; a value inside it).
    const auto range = send(client, "GET", "/api/mediator", n.mediator)
                           .data()["mechanisms"]["blind_bidding"]["neutral_range"];
    ASSERT_FALSE(range.is_null());
    ASSERT_EQ(send(client, "POST", "/api/mediator/blind-bidding/neutral", n.mediator,
                   json{{"fair", range["from"]}})
                  .status,
              200);
  }
  EXPECT_GT(settled, 10u);
  EXPECT_LT(settled, 290u);
}

// The HTTP statuses of the mechanisms: 400 naming the field, 409 for the wrong phase.
TEST_F(MechanismsApi, StatusesNameTheProblem) {
  auto n = drafting(2, 5);
  auto reply = send(client, "PUT", "/api/party/sealed", n.parties[0], json{{"accept", {"nope"}}});
  EXPECT_EQ(reply.status, 400) << reply.body;
  EXPECT_NE(reply.body.find("accept[0]"), std::string::npos) << reply.body;
  reply =
      send(client, "POST", "/api/party/proposal", n.parties[0], json{{"id", 1}, {"accept", true}});
  EXPECT_EQ(reply.status, 409) << reply.body;
  reply = send(client, "POST", "/api/mediator/improvements", n.mediator);
  EXPECT_EQ(reply.status, 409) << reply.body;
  reply = send(client, "PUT", "/api/party/final-offer", n.parties[0],
               json{{"package", {{"I0", "o0"}, {"I1", "o0"}, {"I2", "o0"}}}});
  EXPECT_EQ(reply.status, 409) << reply.body;  // no final-offer arbitration here
  reply = send(client, "POST", "/api/mediator/close", n.mediator);
  EXPECT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(send(client, "GET", "/api/party", n.parties[1]).data()["negotiation"]["phase"],
            "closed");
  reply = send(client, "POST", "/api/mediator/close", n.mediator);
  EXPECT_EQ(reply.status, 409) << reply.body;
  reply = send(client, "POST", "/api/negotiations", "",
               json{{"title", "t"},
                    {"issues", {{{"name", "a"}, {"options", {"x", "y"}}}}},
                    {"parties", {"A", "B"}},
                    {"rule", {{"required", "majority"}, {"veto", {"C"}}}}});
  EXPECT_EQ(reply.status, 400) << reply.body;
  EXPECT_NE(reply.body.find("rule.veto"), std::string::npos) << reply.body;
}

}  // namespace
}  // namespace parley::service
