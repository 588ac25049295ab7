// Remote negotiators (include/parley/negotiate/remote.hpp, docs/remote-agents.md): addresses in
// agent lists, a scripted Python agent over `exec:` checked against the scenario by brute force,
// and every kind of failure ending the session with the agent's failure and a clear message.
#include "parley/negotiate/remote.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "negotiate_fixtures.hpp"
#include "parley/negotiate/agents.hpp"
#include "parley/negotiate/negotiation.hpp"

namespace parley {
namespace {

// A Python agent written to a temporary file: `body` handles one message `m` (settings are in
// `s`), printing its answers with say().
std::string python_agent(const std::string& name, const std::string& body) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("parley-remote-" + std::to_string(::getpid()) + "-" + name + ".py");
  std::ofstream file(path);
  file << "import json, sys\n"
          "def say(x):\n"
          "    sys.stdout.write(json.dumps(x) + '\\n'); sys.stdout.flush()\n"
          "s = None\n"
          "for line in sys.stdin:\n"
          "    m = json.loads(line)\n"
          "    if m['type'] == 'settings':\n"
          "        s = m\n"
          "        say({'type': 'ready'})\n"
          "        continue\n"
          "    if m['type'] == 'finished':\n"
          "        break\n"
       << body;
  return "exec:python3 " + path.string();
}

// Offers its best package (per issue the value of largest contribution, the first on ties) and
// accepts an offer worth at least 0.9 of it.
const char* kBestOffer =
    "    def best():\n"
    "        return {i['name']: i['values'][max(range(len(c)), key=lambda v: (c[v], -v))]\n"
    "                for i, c in zip(s['issues'], s['profile']['contributions'])}\n"
    "    def utility(o):\n"
    "        u = 0.0\n"
    "        for i, c in zip(s['issues'], s['profile']['contributions']):\n"
    "            u += c[i['values'].index(o[i['name']])]\n"
    "        return u\n"
    "    if m['type'] == 'propose':\n"
    "        say({'type': 'offer', 'offer': best()})\n"
    "    elif m['type'] == 'respond':\n"
    "        say({'type': 'accept' if utility(m['offer']) >= 0.9 * utility(best()) else "
    "'reject'})\n";

SessionResult play(const std::string& remote, double turn_budget = 0.0, std::size_t rounds = 20) {
  SessionOptions options;
  options.rounds = rounds;
  options.record_trace = true;
  options.turn_budget_seconds = turn_budget;
  return negotiate(test::small_bilateral(), {parse_agent(remote), parse_agent("boulware")},
                   options);
}

TEST(RemoteAgents, AddressesAreAgentsInLists) {
  EXPECT_TRUE(is_remote_agent("exec:python3 a.py"));
  EXPECT_TRUE(is_remote_agent("  ws://127.0.0.1:9/"));
  EXPECT_FALSE(is_remote_agent("boulware"));
  EXPECT_EQ(parse_agent("  exec:python3 a.py --x 1 ").name, "exec:python3 a.py --x 1");
  EXPECT_EQ(to_string(parse_agent("ws://127.0.0.1:8765/agent")), "ws://127.0.0.1:8765/agent");
  const auto list = parse_agent_list("exec:python3 a.py,boulware(e=0.3),ws://localhost:9000");
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].name, "exec:python3 a.py");
  EXPECT_EQ(to_string(list[1]), "boulware(e=0.3)");
  EXPECT_EQ(list[2].name, "ws://localhost:9000");
  for (const char* bad : {"exec:", "exec:   ", "ws://", "ws://host", "ws://host:", "ws://:80",
                          "ws://host:99999", "ws://host:80x", "exec:a\x01"}) {
    try {
      parse_agent(bad, AgentRole::agent, "agents");
      ADD_FAILURE() << bad;
    } catch (const InputError& e) {
      EXPECT_EQ(e.field(), "agents") << bad;
    }
  }
}

TEST(RemoteAgents, AScriptedPythonAgentPlaysTheProtocol) {
  const auto result = play(python_agent("best", kBestOffer));
  ASSERT_FALSE(result.failure) << result.failure->message;
  // Brute force: party 0's best package (first on ties, issue by issue).
  const auto scenario = test::small_bilateral();
  Outcome best;
  for (std::size_t i = 0; i < scenario->issue_count(); ++i) {
    const auto* linear = scenario->party(0).utility->as_linear_additive();
    ValueIndex arg = 0;
    for (ValueIndex v = 1; v < scenario->issue(i).cardinality(); ++v)
      if (linear->contribution(i, v) > linear->contribution(i, arg)) arg = v;
    best.push_back(arg);
  }
  std::size_t offers = 0;
  for (const auto& event : result.trace)
    if (event.actor == 0 && event.kind == ActionKind::offer) {
      EXPECT_EQ(event.package, best);
      ++offers;
    }
  EXPECT_GT(offers, 0u);
  // The utility it computes from the contributions is parley's, bit for bit: its acceptances
  // follow the 0.9 rule exactly.
  for (const auto& event : result.trace) {
    if (event.actor == 0 && event.kind == ActionKind::accept) {
      EXPECT_GE(scenario->utility(0, event.package), 0.9 * scenario->utility(0, best));
    }
  }
}

TEST(RemoteAgents, FailuresEndTheSessionWithAClearMessage) {
  const auto message_of = [](const SessionResult& r) {
    EXPECT_EQ(r.reason, EndReason::failure);
    EXPECT_TRUE(r.failure);
    EXPECT_EQ(r.failure ? r.failure->party : 9u, 0u);
    return r.failure ? r.failure->message : std::string();
  };
  // Exits at once: before or after parley sends its settings (a race: either message), always
  // with its exit status.
  {
    const auto message = message_of(play("exec:exit 3"));
    EXPECT_NE(message.find("(exit status 3)"), std::string::npos) << message;
    EXPECT_TRUE(message.find("closed its output before its ready") != std::string::npos ||
                message.find("closed its input") != std::string::npos)
        << message;
  }
  // Garbage.
  EXPECT_NE(message_of(play(python_agent("garbage", "    print('hello', flush=True)\n")))
                .find("sent 'hello' where a JSON object (offer) was expected"),
            std::string::npos);
  // An unknown value.
  EXPECT_NE(message_of(play(python_agent(
                           "unknown",
                           "    say({'type': 'offer', 'offer': {i['name']: 'nowhere' for i in "
                           "s['issues']}})\n")))
                .find("which has no such value"),
            std::string::npos);
  // A missing issue.
  EXPECT_NE(message_of(play(python_agent("missing", "    say({'type': 'offer', 'offer': {}})\n")))
                .find("expected one value for each of the"),
            std::string::npos);
  // The agent's own error.
  EXPECT_NE(message_of(play(python_agent(
                           "error", "    say({'type': 'error', 'message': 'out of ideas'})\n")))
                .find("reported an error: 'out of ideas'"),
            std::string::npos);
  // Silence: the turn budget.
  EXPECT_NE(
      message_of(play(python_agent("silent", "    pass\n"), 0.3)).find("no offer within 0.3 s"),
      std::string::npos);
  // Nothing listening.
  EXPECT_NE(message_of(play("ws://127.0.0.1:1/")).find("connection failed"), std::string::npos);
  // The next session is unaffected.
  EXPECT_FALSE(play(python_agent("best", kBestOffer)).failure);
}

}  // namespace
}  // namespace parley
