// Agents added to an AgentRegistry (how Python classes join the library): spelled, parsed and
// built like library agents, refused clearly when badly declared, and unknown to the free
// functions (no hidden global state).
#include <gtest/gtest.h>

#include <atomic>

#include "negotiate_fixtures.hpp"
#include "parley/negotiate/agents.hpp"
#include "parley/negotiate/negotiation.hpp"
#include "parley/support/error.hpp"

namespace parley {
namespace {

// "echo_boulware(e)" builds the library's boulware with the same e, so sessions must match it.
AgentInfo echo_info(std::string name = "echo_boulware") {
  AgentInfo info;
  info.name = std::move(name);
  info.summary = "boulware built through an added factory";
  info.reference = "test";
  ParameterInfo e;
  e.name = "e";
  e.default_number = 0.2;
  e.min = 0;
  e.max = 1;
  e.min_exclusive = e.max_exclusive = true;
  info.parameters.push_back(e);
  return info;
}

AgentRegistry::Factory echo_factory(std::atomic<int>* calls = nullptr) {
  return [calls](const AgentSpec& spec) {
    if (calls) ++*calls;
    return make_negotiator(parse_agent("boulware(e=" + format_number(spec.number("e")) + ")"));
  };
}

std::string add_error(AgentInfo info, AgentRegistry::Factory factory = echo_factory()) {
  AgentRegistry registry;
  registry.add(echo_info("taken"), echo_factory());
  try {
    registry.add(std::move(info), std::move(factory));
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(AddedAgents, ParsedAndPrintedLikeLibraryAgents) {
  AgentRegistry registry;
  registry.add(echo_info(), echo_factory());
  EXPECT_EQ(to_string(registry.parse("echo_boulware")), "echo_boulware(e=0.2)");
  EXPECT_EQ(to_string(registry.parse(" echo_boulware ( e = 0.35 ) ")), "echo_boulware(e=0.35)");
  // The library stays reachable through the registry, components included.
  EXPECT_EQ(to_string(registry.parse("boa(model=no_model)")),
            "boa(bidding=time_dependent(e=1),acceptance=ac_next(a=1,b=0),model=no_model)");
  const auto list = registry.parse_list("echo_boulware(e=0.5),boulware,echo_boulware");
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].number("e"), 0.5);
  EXPECT_EQ(to_string(list[1]), "boulware(e=0.2)");
  EXPECT_TRUE(registry.is_added("echo_boulware"));
  EXPECT_FALSE(registry.is_added("boulware"));
  auto names = agent_names();
  names.push_back("echo_boulware");
  EXPECT_EQ(registry.names(), names);
  EXPECT_EQ(registry.catalogue().back().summary, "boulware built through an added factory");
  EXPECT_EQ(registry.names(AgentRole::acceptance), agent_names(AgentRole::acceptance));
}

TEST(AddedAgents, ErrorsListAddedNamesAndCheckRanges) {
  AgentRegistry registry;
  registry.add(echo_info(), echo_factory());
  try {
    registry.parse("echo", AgentRole::agent, "--agents");
    FAIL() << "no error";
  } catch (const InputError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("unknown agent 'echo'"), std::string::npos) << message;
    EXPECT_NE(message.find("micro, echo_boulware"), std::string::npos) << message;
  }
  EXPECT_THROW(registry.parse("echo_boulware(e=1)"), InputError);
  EXPECT_THROW(registry.parse("echo_boulware(f=0.5)"), InputError);
  // Not known outside the registry that holds it.
  EXPECT_THROW(parse_agent("echo_boulware"), InputError);
  EXPECT_THROW(make_negotiator(registry.parse("echo_boulware")), InputError);
}

TEST(AddedAgents, BadDeclarationsAreRefused) {
  EXPECT_NE(add_error(echo_info("boulware")).find("already registered"), std::string::npos);
  EXPECT_NE(add_error(echo_info("taken")).find("already registered"), std::string::npos);
  EXPECT_NE(add_error(echo_info("not a name")).find("an identifier"), std::string::npos);
  EXPECT_NE(add_error(echo_info("9lives")).find("an identifier"), std::string::npos);
  EXPECT_NE(add_error(echo_info(), nullptr).find("a factory"), std::string::npos);
  auto role = echo_info();
  role.role = AgentRole::bidding;
  EXPECT_NE(add_error(role).find("whole agents"), std::string::npos);
  auto out_of_range = echo_info();
  out_of_range.parameters[0].default_number = 1.0;
  EXPECT_NE(add_error(out_of_range).find("default 1"), std::string::npos);
  auto repeated = echo_info();
  repeated.parameters.push_back(repeated.parameters[0]);
  EXPECT_NE(add_error(repeated).find("each parameter once"), std::string::npos);
  auto component = echo_info();
  component.parameters[0].is_component = true;
  EXPECT_NE(add_error(component).find("a numeric parameter"), std::string::npos);
}

TEST(AddedAgents, SessionsBuildThemThroughTheRegistryAndMatchTheLibraryAgent) {
  AgentRegistry registry;
  std::atomic<int> calls{0};
  registry.add(echo_info(), echo_factory(&calls));
  const auto scenario = test::small_bilateral({0.1, 0.1});
  SessionOptions options;
  options.rounds = 50;
  options.record_trace = true;
  const auto library = negotiate(scenario, parse_agent_list("boulware(e=0.3),conceder"), options);
  const auto added = negotiate(scenario, registry.parse_list("echo_boulware(e=0.3),conceder"),
                               options, nullptr, &registry);
  EXPECT_EQ(calls.load(), 1);
  EXPECT_EQ(added.reason, library.reason);
  EXPECT_EQ(added.outcome, library.outcome);
  EXPECT_EQ(added.turns, library.turns);
  EXPECT_EQ(added.utilities, library.utilities);
  ASSERT_EQ(added.trace.size(), library.trace.size());
  for (std::size_t k = 0; k < added.trace.size(); ++k)
    EXPECT_EQ(added.trace[k].package, library.trace[k].package) << k;
  EXPECT_TRUE(library.agreement());
}

TEST(AddedAgents, AFactoryThatReturnsNothingIsAnError) {
  AgentRegistry registry;
  registry.add(echo_info(), [](const AgentSpec&) { return std::unique_ptr<Negotiator>(); });
  EXPECT_THROW(registry.make(registry.parse("echo_boulware")), Error);
}

}  // namespace
}  // namespace parley
