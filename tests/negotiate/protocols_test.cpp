// The multi-offer protocols (AMOP, MOPAC; negotiation.hpp): scripted agents whose every vote is
// known give hand-worked deals, rounds and payoffs; the library's agents give conformant,
// reproducible sessions; options the protocols cannot honour are refused.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "negotiate_fixtures.hpp"
#include "parley/negotiate/negotiation.hpp"
#include "parley/support/error.hpp"
#include "test_support.hpp"

namespace parley {
namespace {

// Offers `offer` every round; votes for the packages in `accepts`; a package in `after_vote` only
// once it has seen party `leader` vote for it (an opt-in); walks away at round `leave_at`.
class Scripted final : public Negotiator {
 public:
  Scripted(Outcome offer, std::vector<Outcome> accepts)
      : offer_(std::move(offer)), accepts_(std::move(accepts)) {}
  Scripted& follow(std::size_t leader, Outcome package) {
    leader_ = leader;
    after_vote_ = std::move(package);
    return *this;
  }
  Scripted& leave_at(std::size_t round) {
    leave_at_ = round;
    return *this;
  }
  void start(const PartyView&, const SessionInfo&) override {}
  void propose(const TurnState&, Outcome& offer) override { offer = offer_; }
  Response respond(const TurnState& state, const Outcome& offer) override {
    if (state.round >= leave_at_) return Response::end_negotiation;
    if (std::find(accepts_.begin(), accepts_.end(), offer) != accepts_.end())
      return Response::accept;
    if (seen_leader_vote_ && offer == after_vote_) return Response::accept;
    return Response::reject;
  }
  void observe(const ObservedAction& action) override {
    if (action.kind == ObservedAction::Kind::accept && action.actor == leader_ && action.offer &&
        *action.offer == after_vote_)
      seen_leader_vote_ = true;
  }

 private:
  Outcome offer_;
  std::vector<Outcome> accepts_;
  std::size_t leader_ = SIZE_MAX;
  Outcome after_vote_;
  bool seen_leader_vote_ = false;
  std::size_t leave_at_ = SIZE_MAX;
};

// Four parties over 3 issues of 4 values; P[k] = {k, k, k}.
ScenarioPtr four_parties() {
  std::vector<std::vector<double>> weights(4, {0.5, 0.3, 0.2});
  std::vector<std::vector<std::vector<double>>> scores;
  for (int p = 0; p < 4; ++p) {
    std::vector<double> s(4);
    for (int v = 0; v < 4; ++v) s[v] = 1.0 + (v + 4 - p) % 4;  // each likes a different value
    scores.push_back({s, s, s});
  }
  return test::make_linear_scenario({4, 4, 4}, weights, scores, {0.1, 0.2, 0.3, 0.4});
}

Outcome package(ValueIndex k) { return {k, k, k}; }

struct Play {
  SessionResult result;
  std::string trace;
};

Play play(const ScenarioPtr& s, std::vector<std::unique_ptr<Negotiator>> agents,
          SessionOptions options) {
  options.record_trace = true;
  std::vector<std::string> labels;
  for (std::size_t p = 0; p < agents.size(); ++p) labels.push_back("scripted");
  Session session(s, std::move(agents), labels, options);
  Play out{session.run(), {}};
  out.trace = trace_text(*s, labels, options, out.result);
  return out;
}

SessionOptions with(Protocol protocol, std::size_t rounds = 10) {
  SessionOptions options;
  options.protocol = protocol;
  options.rounds = rounds;
  return options;
}

TEST(Amop, TheFirstOfferEveryPartyVotesForIsTheAgreement) {
  const auto s = test::small_trilateral();
  std::vector<std::unique_ptr<Negotiator>> agents;
  // Everyone votes for P1 and P2 (its author's vote is implied): P1 comes first in seat order.
  for (ValueIndex k = 0; k < 3; ++k)
    agents.push_back(
        std::make_unique<Scripted>(package(k), std::vector<Outcome>{package(1), package(2)}));
  const auto r = play(s, std::move(agents), with(Protocol::amop)).result;
  ASSERT_EQ(r.reason, EndReason::agreement);
  EXPECT_EQ(*r.outcome, package(1));
  EXPECT_EQ(r.round, 0u);
  EXPECT_EQ(r.utilities, s->utilities(package(1)));
  ASSERT_EQ(r.deals.size(), 1u);
  EXPECT_EQ(r.deals[0].parties, (std::vector<std::size_t>{0, 1, 2}));
  // 3 offers, then every party answers the 2 offers of the others.
  EXPECT_EQ(r.turns, 3u + 6u);
  // Offers first, then the votes cast (each party for the other parties' P1 and P2).
  ASSERT_EQ(r.trace.size(), 3u + 4u);
  for (std::size_t k = 0; k < 3; ++k) EXPECT_EQ(r.trace[k].kind, ActionKind::offer);
  for (std::size_t k = 3; k < r.trace.size(); ++k) EXPECT_EQ(r.trace[k].kind, ActionKind::accept);
}

TEST(Amop, WithoutUnanimityTheDeadlinePasses) {
  const auto s = test::small_trilateral();
  std::vector<std::unique_ptr<Negotiator>> agents;
  agents.push_back(std::make_unique<Scripted>(package(0), std::vector<Outcome>{package(1)}));
  agents.push_back(std::make_unique<Scripted>(package(1), std::vector<Outcome>{}));
  agents.push_back(std::make_unique<Scripted>(package(2), std::vector<Outcome>{}));
  const auto r = play(s, std::move(agents), with(Protocol::amop, 7)).result;
  EXPECT_EQ(r.reason, EndReason::deadline);
  EXPECT_FALSE(r.outcome);
  EXPECT_TRUE(r.deals.empty());
  EXPECT_EQ(r.turns, 7u * (3 + 6));
  EXPECT_EQ(r.round, 6u);
  for (std::size_t p = 0; p < 3; ++p) EXPECT_EQ(r.utilities[p], s->party(p).reservation_value);
}

TEST(Amop, AWalkAwayEndsTheSessionForEveryone) {
  const auto s = test::small_trilateral();
  std::vector<std::unique_ptr<Negotiator>> agents;
  agents.push_back(std::make_unique<Scripted>(package(0), std::vector<Outcome>{}));
  auto leaver = std::make_unique<Scripted>(package(1), std::vector<Outcome>{});
  leaver->leave_at(3);
  agents.push_back(std::move(leaver));
  agents.push_back(std::make_unique<Scripted>(package(2), std::vector<Outcome>{}));
  const auto r = play(s, std::move(agents), with(Protocol::amop)).result;
  EXPECT_EQ(r.reason, EndReason::walk_away);
  EXPECT_EQ(r.round, 3u);
  EXPECT_EQ(r.trace.back().kind, ActionKind::end_negotiation);
  EXPECT_EQ(r.trace.back().actor, 1u);
}

TEST(Mopac, TheLargestPassingGroupClosesItsDealAndLeaves) {
  const auto s = four_parties();
  SessionOptions options = with(Protocol::mopac);
  options.quorum = QuorumRule{2, {}};
  std::vector<std::unique_ptr<Negotiator>> agents;
  // P0: offered by 0, voted by 1 and 2 -> {0,1,2}; P2: offered by 2, voted by 3 -> {2,3}.
  agents.push_back(std::make_unique<Scripted>(package(0), std::vector<Outcome>{}));
  agents.push_back(std::make_unique<Scripted>(package(1), std::vector<Outcome>{package(0)}));
  agents.push_back(std::make_unique<Scripted>(package(2), std::vector<Outcome>{package(0)}));
  agents.push_back(std::make_unique<Scripted>(package(3), std::vector<Outcome>{package(2)}));
  const auto r = play(s, std::move(agents), options).result;
  // {0,1,2} closes P0; party 3 alone can no longer pass the rule: the session ends.
  ASSERT_EQ(r.reason, EndReason::partial_agreement);
  EXPECT_FALSE(r.outcome);
  ASSERT_EQ(r.deals.size(), 1u);
  EXPECT_EQ(r.deals[0].package, package(0));
  EXPECT_EQ(r.deals[0].parties, (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(r.round, 0u);
  const auto u = s->utilities(package(0));
  EXPECT_EQ(r.utilities, (std::vector<double>{u[0], u[1], u[2], s->party(3).reservation_value}));
}

TEST(Mopac, DisjointGroupsCloseTwoDealsInOneRound) {
  const auto s = four_parties();
  SessionOptions options = with(Protocol::mopac);
  options.quorum = QuorumRule{2, {}};
  std::vector<std::unique_ptr<Negotiator>> agents;
  agents.push_back(std::make_unique<Scripted>(package(0), std::vector<Outcome>{}));
  agents.push_back(std::make_unique<Scripted>(package(1), std::vector<Outcome>{package(0)}));
  agents.push_back(std::make_unique<Scripted>(package(2), std::vector<Outcome>{}));
  agents.push_back(std::make_unique<Scripted>(package(3), std::vector<Outcome>{package(2)}));
  const auto played = play(s, std::move(agents), options);
  const auto& r = played.result;
  ASSERT_EQ(r.reason, EndReason::partial_agreement);
  ASSERT_EQ(r.deals.size(), 2u);
  // Equal sizes: the first offer in seat order closes first.
  EXPECT_EQ(r.deals[0].parties, (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(r.deals[1].parties, (std::vector<std::size_t>{2, 3}));
  EXPECT_EQ(r.utilities[1], s->utility(1, package(0)));
  EXPECT_EQ(r.utilities[3], s->utility(3, package(2)));
  EXPECT_NE(played.trace.find("\"deals\":[{\"parties\":[\"A\",\"B\"]"), std::string::npos)
      << played.trace;
}

TEST(Mopac, AVetoHolderMustBeInEveryDeal) {
  const auto s = four_parties();
  SessionOptions options = with(Protocol::mopac);
  options.quorum = QuorumRule{2, {3}};
  std::vector<std::unique_ptr<Negotiator>> agents;
  // {0,1,2} for P0 is the largest group, but without party 3 it does not pass.
  agents.push_back(std::make_unique<Scripted>(package(0), std::vector<Outcome>{}));
  agents.push_back(std::make_unique<Scripted>(package(1), std::vector<Outcome>{package(0)}));
  agents.push_back(std::make_unique<Scripted>(package(2), std::vector<Outcome>{package(0)}));
  agents.push_back(std::make_unique<Scripted>(package(3), std::vector<Outcome>{package(1)}));
  const auto r = play(s, std::move(agents), options).result;
  ASSERT_EQ(r.deals.size(), 1u);
  EXPECT_EQ(r.deals[0].parties, (std::vector<std::size_t>{1, 3}));
  EXPECT_EQ(r.deals[0].package, package(1));
  // The veto holder has left: nobody else can pass the rule any more.
  EXPECT_EQ(r.reason, EndReason::partial_agreement);
  EXPECT_EQ(r.round, 0u);
}

TEST(Mopac, TheOptInPhaseLetsAPartyJoinOnceItSawTheVotes) {
  const auto s = test::small_trilateral();
  auto make = [&] {
    std::vector<std::unique_ptr<Negotiator>> agents;
    agents.push_back(std::make_unique<Scripted>(package(0), std::vector<Outcome>{}));
    auto follower = std::make_unique<Scripted>(package(1), std::vector<Outcome>{});
    follower->follow(2, package(0));  // votes for P0 once party 2 did
    agents.push_back(std::move(follower));
    agents.push_back(std::make_unique<Scripted>(package(2), std::vector<Outcome>{package(0)}));
    return agents;
  };
  // MOPAC: party 1 joins in the opt-in phase of round 0; unanimity closes P0 at once.
  const auto mopac = play(s, make(), with(Protocol::mopac)).result;
  ASSERT_EQ(mopac.reason, EndReason::agreement);
  EXPECT_EQ(*mopac.outcome, package(0));
  EXPECT_EQ(mopac.round, 0u);
  // AMOP has no opt-in: party 1 votes for P0 only in round 1, having seen round 0's votes.
  const auto amop = play(s, make(), with(Protocol::amop)).result;
  ASSERT_EQ(amop.reason, EndReason::agreement);
  EXPECT_EQ(amop.round, 1u);
}

TEST(Mopac, AWalkAwayLeavesTheOthersNegotiating) {
  const auto s = four_parties();
  SessionOptions options = with(Protocol::mopac);
  options.quorum = QuorumRule{2, {}};
  std::vector<std::unique_ptr<Negotiator>> agents;
  agents.push_back(std::make_unique<Scripted>(package(0), std::vector<Outcome>{}));
  auto leaver = std::make_unique<Scripted>(package(1), std::vector<Outcome>{});
  leaver->leave_at(0);
  agents.push_back(std::move(leaver));
  agents.push_back(std::make_unique<Scripted>(package(2), std::vector<Outcome>{package(3)}));
  agents.push_back(std::make_unique<Scripted>(package(3), std::vector<Outcome>{}));
  const auto played = play(s, std::move(agents), options);
  const auto& r = played.result;
  // Party 1 leaves (AMOP would end there); parties 2 and 3 still close P3 in round 0, and party
  // 0, alone, cannot pass the rule: the session ends.
  ASSERT_EQ(r.reason, EndReason::partial_agreement);
  ASSERT_EQ(r.deals.size(), 1u);
  EXPECT_EQ(r.deals[0].parties, (std::vector<std::size_t>{2, 3}));
  EXPECT_EQ(r.round, 0u);
  EXPECT_EQ(r.utilities[0], s->party(0).reservation_value);
  EXPECT_EQ(r.utilities[1], s->party(1).reservation_value);
  EXPECT_EQ(r.utilities[2], s->utility(2, package(3)));
  EXPECT_NE(played.trace.find("\"action\":\"end-negotiation\""), std::string::npos);
}

// ---- The library's agents under the multi-offer protocols.

void expect_conformant(const Scenario& s, const SessionOptions& options, const SessionResult& r,
                       const std::string& what) {
  SCOPED_TRACE(what);
  const std::size_t n = s.party_count();
  ASSERT_NE(r.reason, EndReason::failure) << r.failure->message;
  // Every accept (a vote) is for an offer another party made in the same round.
  std::vector<std::pair<std::size_t, Outcome>> offers;  // (author, package) of the round
  std::size_t round = SIZE_MAX;
  for (const auto& e : r.trace) {
    EXPECT_LT(e.round, round_limit(options));
    EXPECT_DOUBLE_EQ(e.time, static_cast<double>(e.round) / round_limit(options));
    if (e.round != round) {
      offers.clear();
      round = e.round;
    }
    if (e.kind == ActionKind::offer) {
      ASSERT_TRUE(s.space().contains(e.package));
      offers.emplace_back(e.actor, e.package);
    } else if (e.kind == ActionKind::accept) {
      EXPECT_TRUE(std::any_of(offers.begin(), offers.end(), [&](const auto& o) {
        return o.first != e.actor && o.second == e.package;
      }));
      EXPECT_GE(e.utilities[e.actor], s.party(e.actor).reservation_value)
          << "a library agent voted below its walk-away value";
    }
  }
  // Deals: disjoint groups that pass the rule; each member voted for (or offered) the package.
  const QuorumRule rule = options.quorum.value_or(QuorumRule{n, {}});
  std::set<std::size_t> dealt;
  for (const auto& deal : r.deals) {
    std::vector<bool> group(n, false);
    for (const auto p : deal.parties) {
      EXPECT_TRUE(dealt.insert(p).second) << "party " << p << " in two deals";
      group[p] = true;
    }
    EXPECT_TRUE(passes(rule, group));
    if (options.protocol == Protocol::amop) {
      EXPECT_EQ(deal.parties.size(), n);
    }
  }
  for (std::size_t p = 0; p < n; ++p) {
    double u = s.party(p).reservation_value;
    for (const auto& deal : r.deals)
      if (std::count(deal.parties.begin(), deal.parties.end(), p)) u = s.utility(p, deal.package);
    EXPECT_EQ(r.utilities[p], u);
  }
  EXPECT_EQ(r.agreement(), r.deals.size() == 1 && r.deals[0].parties.size() == n);
}

TEST(MultiOfferProtocols, LibraryAgentsPlayConformantReproducibleSessions) {
  const auto trio = test::small_trilateral();
  const auto four = four_parties();
  const std::vector<std::string> names = {
      "boulware", "conceder", "linear", "nash_seeker", "boa", "random", "relative_tit_for_tat"};
  for (const Protocol protocol : {Protocol::amop, Protocol::mopac}) {
    for (const auto& [s, quorum] :
         {std::pair{trio, std::optional<QuorumRule>{}},
          std::pair{four, std::optional<QuorumRule>{}},
          std::pair{four, std::optional<QuorumRule>{QuorumRule{3, {}}}},
          std::pair{four, std::optional<QuorumRule>{QuorumRule{2, {0}}}}}) {
      if (quorum && protocol != Protocol::mopac) continue;
      for (std::size_t k = 0; k < names.size(); ++k) {
        std::vector<AgentSpec> agents;
        std::vector<std::string> labels;
        for (std::size_t p = 0; p < s->party_count(); ++p) {
          agents.push_back(parse_agent(names[(k + 2 * p) % names.size()]));
          labels.push_back(to_string(agents.back()));
        }
        SessionOptions options = with(protocol, 60);
        options.quorum = quorum;
        options.record_trace = true;
        options.seed = 11 + k;
        const auto r = negotiate(s, agents, options);
        const std::string what = std::string(to_string(protocol)) + " " + labels[0] + "...";
        expect_conformant(*s, options, r, what);
        const auto again = negotiate(s, agents, options);
        EXPECT_EQ(trace_text(*s, labels, options, r), trace_text(*s, labels, options, again))
            << what;
      }
    }
  }
}

TEST(MultiOfferProtocols, ConcedingAgentsAgreeUnderBothProtocols) {
  const auto s = test::small_trilateral();
  const std::vector<AgentSpec> agents(3, parse_agent("conceder"));
  for (const Protocol protocol : {Protocol::amop, Protocol::mopac}) {
    const auto r = negotiate(s, agents, with(protocol, 100));
    EXPECT_EQ(r.reason, EndReason::agreement) << to_string(protocol);
    // Conceders meet early: well before the deadline.
    EXPECT_LT(r.round, 60u) << to_string(protocol);
  }
}

TEST(MultiOfferProtocols, OptionsTheProtocolsCannotHonourAreRefused) {
  const auto s = test::small_trilateral();
  const std::vector<AgentSpec> agents(3, parse_agent("boulware"));
  SessionOptions options;
  options.quorum = QuorumRule{2, {}};
  EXPECT_EQ(test::input_error_field([&] { Session(s, agents, options); }), "quorum");
  options.protocol = Protocol::amop;
  EXPECT_EQ(test::input_error_field([&] { Session(s, agents, options); }), "quorum");
  options.protocol = Protocol::mopac;
  options.quorum = QuorumRule{4, {}};
  EXPECT_EQ(test::input_error_field([&] { Session(s, agents, options); }), "quorum");
  options.quorum = QuorumRule{2, {7}};
  EXPECT_EQ(test::input_error_field([&] { Session(s, agents, options); }), "quorum.veto");
  EXPECT_EQ(parse_protocol("SAO"), Protocol::saop);
  EXPECT_EQ(parse_protocol("Mopac"), Protocol::mopac);
  EXPECT_EQ(test::input_error_field([] { parse_protocol("alternating", "--protocol"); }),
            "--protocol");
}

// ---- Opponent-model quality measured after a session.

TEST(ModelQualityInSessions, EveryModelOfEveryAgentIsMeasured) {
  const auto s = test::small_bilateral();
  SessionOptions options;
  options.rounds = 50;
  options.model_quality = true;
  options.record_trace = true;
  const std::vector<AgentSpec> agents{parse_agent("boa"), parse_agent("boulware")};
  const auto r = negotiate(s, agents, options);
  // boa keeps a frequency model of party 1; boulware keeps none.
  ASSERT_EQ(r.model_quality.size(), 1u);
  const auto& q = r.model_quality[0];
  EXPECT_EQ(q.modeller, 0u);
  EXPECT_EQ(q.modelled, 1u);
  EXPECT_EQ(q.outcomes, s->space().size());
  EXPECT_TRUE(q.exact);
  EXPECT_GE(q.pearson, -1.0);
  EXPECT_LE(q.pearson, 1.0);
  EXPECT_GE(q.kendall_tau, -1.0);
  EXPECT_LE(q.kendall_tau, 1.0);
  EXPECT_GE(q.frontier_distance, 0.0);
  const std::vector<std::string> labels{"boa", "boulware"};
  EXPECT_NE(trace_text(*s, labels, options, r).find("\"model_quality\":[{\"modeller\":\"A\""),
            std::string::npos);
  // Two modelling agents: two entries, by modeller.
  const auto both = negotiate(s, {parse_agent("boa"), parse_agent("nash_seeker")}, options);
  ASSERT_EQ(both.model_quality.size(), 2u);
  EXPECT_EQ(both.model_quality[0].modeller, 0u);
  EXPECT_EQ(both.model_quality[1].modeller, 1u);
  // Not asked: nothing measured.
  options.model_quality = false;
  EXPECT_TRUE(negotiate(s, agents, options).model_quality.empty());
}

}  // namespace
}  // namespace parley
