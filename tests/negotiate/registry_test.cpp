// The agent registry: canonical spelling, defaults, and errors that list the valid names.
#include <gtest/gtest.h>

#include "parley/negotiate/agents.hpp"
#include "parley/support/error.hpp"

namespace parley {
namespace {

TEST(AgentRegistry, DefaultsAreFilledAndPrintedCanonically) {
  EXPECT_EQ(to_string(parse_agent("boulware")), "boulware(e=0.2)");
  EXPECT_EQ(to_string(parse_agent("conceder")), "conceder(e=2)");
  EXPECT_EQ(to_string(parse_agent("hardliner")), "hardliner");
  EXPECT_EQ(to_string(parse_agent("linear()")), "linear");
  EXPECT_EQ(to_string(parse_agent(" boulware ( e = 0.1 ) ")), "boulware(e=0.1)");
  EXPECT_EQ(to_string(parse_agent("boa")),
            "boa(bidding=time_dependent(e=1),acceptance=ac_next(a=1,b=0),model=frequency)");
  EXPECT_EQ(to_string(parse_agent("boa(acceptance=ac_or(second=ac_time(t=0.5)))")),
            "boa(bidding=time_dependent(e=1),acceptance=ac_or(first=ac_next(a=1,b=0),"
            "second=ac_time(t=0.5)),model=frequency)");
}

// Every registered agent: print(parse(name)) is a fixed point of parse/print.
TEST(AgentRegistry, CanonicalTextRoundTripsForEveryAgent) {
  for (const auto& name : agent_names()) {
    const auto spec = parse_agent(name);
    const auto text = to_string(spec);
    EXPECT_EQ(to_string(parse_agent(text)), text) << name;
    EXPECT_TRUE(parse_agent(text) == spec) << name;
    EXPECT_NE(make_negotiator(spec), nullptr) << name;
  }
}

TEST(AgentRegistry, CatalogueDocumentsEveryAgent) {
  for (const auto& info : agent_catalogue()) {
    EXPECT_FALSE(info.summary.empty()) << info.name;
    EXPECT_FALSE(info.reference.empty()) << info.name;
  }
  EXPECT_EQ(agent_names(), (std::vector<std::string>{
                               "boulware", "linear", "conceder", "hardliner",
                               "relative_tit_for_tat", "absolute_tit_for_tat", "random",
                               "nash_seeker", "boa", "agentk", "hardheaded", "cuhkagent", "agentm",
                               "atlas3", "ponpoko", "agreeable_agent2018", "agentgg", "micro"}));
}

TEST(AgentRegistry, ListSplitsOnTopLevelCommasOnly) {
  const auto list =
      parse_agent_list("boulware(e=0.3),boa(acceptance=ac_and(second=ac_const(c=0.7))),random");
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(to_string(list[0]), "boulware(e=0.3)");
  EXPECT_EQ(list[1].component("acceptance").component("second").number("c"), 0.7);
  EXPECT_EQ(to_string(list[2]), "random(p_accept=0.1)");
}

std::string error_of(const std::string& text) {
  try {
    parse_agent_list(text);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(AgentRegistry, UnknownAgentListsTheValidNames) {
  const auto message = error_of("boulwar");
  EXPECT_NE(message.find("unknown agent 'boulwar'"), std::string::npos) << message;
  EXPECT_NE(message.find("one of: boulware, linear, conceder, hardliner, relative_tit_for_tat, "
                         "absolute_tit_for_tat, random, nash_seeker, boa"),
            std::string::npos)
      << message;
}

TEST(AgentRegistry, UnknownParameterListsTheValidOnes) {
  const auto message = error_of("boulware(k=1)");
  EXPECT_NE(message.find("unknown parameter 'k' of boulware"), std::string::npos) << message;
  EXPECT_NE(message.find("one of: e"), std::string::npos) << message;
  EXPECT_NE(error_of("hardliner(e=1)").find("no parameters"), std::string::npos);
  EXPECT_NE(error_of("boa(model=gaussian)")
                .find("one of: frequency, bayesian, scalable_bayesian, cuhk, atlas3, no_model"),
            std::string::npos);
}

TEST(AgentRegistry, OutOfRangeAndMalformedValuesAreRejected) {
  EXPECT_NE(error_of("boulware(e=1)").find("a number in (0, 1)"), std::string::npos);
  EXPECT_NE(error_of("conceder(e=0.5)").find("a number in (1, 1000]"), std::string::npos);
  EXPECT_NE(error_of("relative_tit_for_tat(delta=1.5)").find("an integer"), std::string::npos);
  EXPECT_NE(error_of("boulware(e=abc)").find("a number"), std::string::npos);
  EXPECT_NE(error_of("boulware(e=0.1").find("',' or ')'"), std::string::npos);
  EXPECT_NE(error_of("boulware(e=0.1,e=0.2)").find("twice"), std::string::npos);
  EXPECT_NE(error_of("boulware,").find("found nothing"), std::string::npos);
  EXPECT_NE(error_of("boulware(e=0.1)x").find("end of agent"), std::string::npos);
}

}  // namespace
}  // namespace parley
