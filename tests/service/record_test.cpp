// The signed record of the mediation service's negotiations (include/parley/service/record.hpp,
// docs/records.md): what it holds, that a replay with every party's reveal recomputes it byte for
// byte, and that each kind of forgery is named at its line.
#include "parley/service/record.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "parley/io/io.hpp"
#include "parley/service/analysis_pool.hpp"
#include "parley/service/mediation_service.hpp"
#include "parley/service/store.hpp"
#include "service_test_support.hpp"

namespace parley::service {
namespace {

using nlohmann::json;
using test::office_spec;
using test::package;

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t from = 0;
  while (from < text.size()) {
    const auto end = text.find('\n', from);
    lines.push_back(text.substr(from, end - from));
    from = end == std::string::npos ? text.size() : end + 1;
  }
  return lines;
}

std::string event_of(const std::string& line) { return json::parse(line).at("event"); }

// The events without the signature, `edit` applied to line `at` (0-based), every later line
// chained again and the whole signed with another key: what a forger holding no key of the
// mediator's, but rewriting the whole record, can make.
std::vector<std::string> forged(std::vector<std::string> lines, std::size_t at,
                                const std::function<void(json&)>& edit) {
  while (!lines.empty() && event_of(lines.back()) == "signature") lines.pop_back();
  json line = json::parse(lines.at(at));
  edit(line);
  line.erase("prev");
  lines[at] = chained_line(line.dump(), at == 0 ? "" : lines[at - 1]);
  for (std::size_t n = at + 1; n < lines.size(); ++n) {
    json next = json::parse(lines[n]);
    next.erase("prev");
    lines[n] = chained_line(next.dump(), lines[n - 1]);
  }
  sign_as_mediator(lines, SigningKey::generate());
  return lines;
}

// The office move (tests/service/README.md) to an agreement through a change that is rejected:
// Management proposes remote + low, Staff rejects it (the text is restored), both accept.
struct AgreedOfficeMove {
  Database database{":memory:"};
  MediationService mediation{database};
  Caller mediator, staff, management;
  std::vector<std::string> lines;
  std::vector<std::string> reveals;

  AgreedOfficeMove() {
    const auto invitation = mediation.create(parse_negotiation_spec(office_spec(), {}));
    mediator = mediation.authenticate(invitation.mediator_token);
    staff = mediation.authenticate(invitation.party_tokens[0]);
    management = mediation.authenticate(invitation.party_tokens[1]);
    mediation.submit_preferences(staff, test::staff_preferences());
    mediation.submit_preferences(management, test::management_preferences());
    const auto view =
        test::wait_for_phase([&] { return mediation.mediator_view(mediator); }, "drafting");
    EXPECT_EQ(view["draft"]["package"], package("centre", "low"));
    mediation.change_draft(management, 1, package("remote", "low"));
    mediation.vote(staff, 2, false);
    mediation.vote(staff, 3, true);
    mediation.vote(management, 3, true);
    lines = split_lines(mediation.record_document(mediator));
    reveals = {mediation.reveal_document(staff), mediation.reveal_document(management)};
    for (auto& reveal : reveals) reveal.pop_back();  // the newline
  }
};

TEST(ServiceRecord, HoldsEveryEventAndNoPreference) {
  AgreedOfficeMove office;
  std::vector<std::string> events;
  for (const auto& line : office.lines) events.push_back(event_of(line));
  const std::vector<std::string> expected = {"session_open",
                                             "commit",
                                             "commit",
                                             "reveal_to_mediator",
                                             "reveal_to_mediator",
                                             "analysis",
                                             "draft",
                                             "draft",
                                             "vote",
                                             "vote",
                                             "draft",
                                             "vote",
                                             "vote",
                                             "outcome",
                                             "certificate",
                                             "signature"};
  EXPECT_EQ(events, expected);
  const RecordVerdict verdict = verify_record(office.lines);
  ASSERT_TRUE(verdict.ok) << verdict.line << ": " << verdict.message;
  ASSERT_EQ(verdict.signers.size(), 1u);
  EXPECT_EQ(verdict.signers[0], "mediator " + office.mediation.signing_public_key());
  // Commitments only: no weight, score or walk-away value of either party.
  for (const auto& line : office.lines) {
    EXPECT_EQ(line.find("weights"), std::string::npos) << line;
    EXPECT_EQ(line.find("0.6"), std::string::npos) << line;
  }
  const json draft = json::parse(office.lines[7]);
  EXPECT_EQ(draft["proposed_by"], "Management");
  EXPECT_EQ(draft["package"], package("remote", "low"));
  const json restored = json::parse(office.lines[10]);
  EXPECT_EQ(restored["version"], 3);
  EXPECT_EQ(restored["package"], package("centre", "low"));
  const json outcome = json::parse(office.lines[13]);
  EXPECT_EQ(outcome["agreement"], package("centre", "low"));
  const json certificate = json::parse(office.lines[14]);
  EXPECT_EQ(certificate["claim"], "pareto");
  EXPECT_EQ(certificate["status"], "proved");
  // The same document for every role, and the signature is deterministic (Ed25519).
  EXPECT_EQ(split_lines(office.mediation.record_document(office.staff)), office.lines);
}

// The commitment is SHA-256(salt || canonical submission), spelled here by hand from the worked
// example (weights 60/40 stored as shares 0.6/0.4, each number the shortest decimal in a string,
// keys sorted): an independent check of the canonical form.
TEST(ServiceRecord, CommitmentIsTheHashOfTheSaltAndTheCanonicalSubmission) {
  AgreedOfficeMove office;
  const json reveal = json::parse(office.reveals[0]);
  const std::string salt = reveal.at("salt");
  ASSERT_EQ(salt.size(), 64u);
  const std::string canonical =
      R"({"party":"Staff","scores":{"Budget":{"high":"100","low":"0"},"Location":{"centre":"100",)"
      R"("remote":"0","suburbs":"50"}},"share_with_mediator":false,"walk_away":"0.2",)"
      R"("weights":{"Budget":"0.4","Location":"0.6"}})";
  EXPECT_EQ(canonical_json(reveal.at("preferences").dump()), canonical);
  const std::string commitment = sha256_hex(salt + canonical);
  EXPECT_EQ(reveal.at("commitment"), commitment);
  EXPECT_EQ(json::parse(office.lines[1]).at("commitment"), commitment);
  EXPECT_EQ(json::parse(office.lines[3]).at("commitment"), commitment);
  // Management's salt is another one.
  EXPECT_NE(json::parse(office.reveals[1]).at("salt"), salt);
}

TEST(ServiceRecord, ReplaysWithAndWithoutTheReveals) {
  AgreedOfficeMove office;
  // The chain, the signature and the single-text rules alone.
  auto replay = replay_service_record(office.lines, {});
  ASSERT_TRUE(replay.verdict.ok) << replay.verdict.line << ": " << replay.verdict.message;
  EXPECT_FALSE(replay.scenario_yaml);
  EXPECT_FALSE(replay.certificate_json);
  // One reveal opens one commitment; the analysis still needs the other party's.
  replay = replay_service_record(office.lines, {office.reveals[1]});
  ASSERT_TRUE(replay.verdict.ok) << replay.verdict.message;
  EXPECT_FALSE(replay.scenario_yaml);
  // Both: the analysis runs again (same proposals), the agreement is certified again (same
  // SHA-256), and the negotiation and certificate come back for parley check.
  replay = replay_service_record(office.lines, office.reveals);
  ASSERT_TRUE(replay.verdict.ok) << replay.verdict.line << ": " << replay.verdict.message;
  const auto notes = replay.verdict.notes;
  EXPECT_NE(std::find(notes.begin(), notes.end(),
                      "every analysis run again from the revealed preferences: the same proposals"),
            notes.end());
  ASSERT_TRUE(replay.certificate_json);
  EXPECT_EQ(sha256_hex(*replay.certificate_json), json::parse(office.lines[14]).at("sha256"));
  ASSERT_TRUE(replay.scenario_yaml);
  EXPECT_NE(replay.scenario_yaml->find("\"walk_away\": 0.2"), std::string::npos);
  // The exported files are what parley check reads.
  test::TemporaryFolder folder;
  const auto written = export_replay(replay, folder.file("audit"));
  ASSERT_EQ(written.size(), 2u);
  Warnings warnings;
  const auto scenario = load_scenario(written[0], warnings);
  EXPECT_EQ(scenario->party_count(), 2u);
  EXPECT_NEAR(scenario->party(0).utility->utility(Outcome{0, 0}), 0.6, 1e-12);
}

TEST(ServiceRecord, ForgeriesAreNamedAtTheirLine) {
  AgreedOfficeMove office;
  // Any edited line breaks the chain there (a timestamp is enough).
  for (std::size_t n = 0; n + 1 < office.lines.size(); ++n) {
    auto lines = office.lines;
    const auto at = lines[n].find("\"at\":\"2");
    ASSERT_NE(at, std::string::npos);
    lines[n][at + 6] = '1';
    const auto verdict = verify_record(lines);
    EXPECT_FALSE(verdict.ok);
    EXPECT_EQ(verdict.line, n + 1) << verdict.message;
  }
  // Staff's rejection turned into an acceptance, re-chained and signed by another key: the
  // chain verifies, the rules do not (the acceptance makes an agreement on draft 2 where the
  // record restores draft 1's text).
  auto lines = forged(office.lines, 9, [](json& line) { line["vote"] = "accept"; });
  ASSERT_TRUE(verify_record(lines).ok);
  auto replay = replay_service_record(lines, {});
  EXPECT_FALSE(replay.verdict.ok);
  EXPECT_EQ(replay.verdict.line, 11u) << replay.verdict.message;
  EXPECT_NE(replay.verdict.message.find("differs from the replay"), std::string::npos);
  // A vote removed.
  lines = office.lines;
  lines.pop_back();
  lines.erase(lines.begin() + 12);
  lines = forged(lines, 12, [](json&) {});
  replay = replay_service_record(lines, {});
  EXPECT_FALSE(replay.verdict.ok);
  EXPECT_EQ(replay.verdict.line, 13u) << replay.verdict.message;
  // A vote on a draft that is not the current one.
  lines = forged(office.lines, 9, [](json& line) { line["version"] = 1; });
  replay = replay_service_record(lines, {});
  EXPECT_FALSE(replay.verdict.ok);
  EXPECT_EQ(replay.verdict.line, 10u);
  EXPECT_NE(replay.verdict.message.find("not the current one"), std::string::npos);
  // Other proposals: invisible without the preferences, caught with them.
  lines = forged(office.lines, 5,
                 [](json& line) { line["proposals"][0]["package"] = package("suburbs", "high"); });
  EXPECT_TRUE(replay_service_record(lines, {}).verdict.ok);
  replay = replay_service_record(lines, office.reveals);
  EXPECT_FALSE(replay.verdict.ok);
  EXPECT_EQ(replay.verdict.line, 6u) << replay.verdict.message;
  // Another certificate hash: caught with the reveals.
  lines = forged(office.lines, 14, [](json& line) { line["sha256"] = std::string(64, 'a'); });
  EXPECT_TRUE(replay_service_record(lines, {}).verdict.ok);
  replay = replay_service_record(lines, office.reveals);
  EXPECT_FALSE(replay.verdict.ok);
  EXPECT_EQ(replay.verdict.line, 15u);
  // A reveal whose preferences were changed opens no commitment.
  json reveal = json::parse(office.reveals[0]);
  reveal["preferences"]["walk_away"] = "0.3";
  replay = replay_service_record(office.lines, {reveal.dump(), office.reveals[1]});
  EXPECT_FALSE(replay.verdict.ok);
  EXPECT_EQ(replay.verdict.line, 0u);
  EXPECT_NE(replay.verdict.message.find("none of its commitments"), std::string::npos);
  // Nor does one under another party's name.
  reveal = json::parse(office.reveals[0]);
  reveal["party"] = "Management";
  reveal["preferences"]["party"] = "Management";
  replay = replay_service_record(office.lines, {reveal.dump()});
  EXPECT_FALSE(replay.verdict.ok);
  EXPECT_NE(replay.verdict.message.find("none of its commitments"), std::string::npos);
  // A record of parley negotiate is not one of the service.
  lines = forged(office.lines, 0, [](json& line) { line["protocol"] = "saop"; });
  replay = replay_service_record(lines, {});
  EXPECT_FALSE(replay.verdict.ok);
  EXPECT_EQ(replay.verdict.line, 1u);
}

// A cancelled analysis and a new submission: the record keeps both commitments of the party that
// changed its mind, the reveals open the latest ones, and the analysis of the second round runs
// again from them. Built through the transitions themselves, as the store appends them.
TEST(ServiceRecord, ReplaysACancelledRoundAndARevisedSubmission) {
  const NegotiationSpec spec = parse_negotiation_spec(office_spec(), {});
  NegotiationState state = new_negotiation("n1", spec, "2026-12-05T10:00:00Z");
  std::vector<std::string> lines;
  const auto append = [&](const Transition& next) {
    for (json event : next.record) {
      event["at"] = "2026-12-05T10:00:01Z";
      lines.push_back(chained_line(event.dump(), lines.empty() ? "" : lines.back()));
    }
    state = next.state;
  };
  append(Transition{state, {}, {opening_event(state)}});
  std::vector<PartyState> parties(2);
  const auto submit_as = [&](std::size_t p, const json& preferences) {
    const json stored = to_json(parse_preferences(preferences, state.issues), state.issues);
    const Seal seal = seal_submission(state.parties[p].name, stored);
    append(submit(state, p, stored, false, seal.salt, seal.commitment));
    parties[p] = state.parties[p];
  };
  submit_as(0, test::staff_preferences());
  submit_as(1, test::management_preferences());
  append(cancel_analysis(state));
  json revised = test::management_preferences();
  revised["walk_away"] = 0.5;
  submit_as(1, revised);
  AnalysisSettings settings;
  auto result = analyse_negotiation(state, settings, nullptr, nullptr);
  append(analysis_done(state, state.analysis_round, result.proposals, result.first_draft,
                       result.summary));
  sign_as_mediator(lines, SigningKey::generate());
  std::vector<std::string> events;
  for (const auto& line : lines) events.push_back(event_of(line));
  EXPECT_EQ(events, (std::vector<std::string>{
                        "session_open", "commit", "commit", "reveal_to_mediator",
                        "reveal_to_mediator", "analysis_stopped", "commit", "reveal_to_mediator",
                        "reveal_to_mediator", "analysis", "draft", "signature"}));
  const std::vector<std::string> reveals = {reveal_line(parties[0]), reveal_line(parties[1])};
  const auto replay = replay_service_record(lines, reveals);
  ASSERT_TRUE(replay.verdict.ok) << replay.verdict.line << ": " << replay.verdict.message;
  EXPECT_NE(replay.scenario_yaml->find("\"walk_away\": 0.5"), std::string::npos);
  // The first submission's reveal would open the first commitment, not the one analysed.
  EXPECT_NE(json::parse(lines[2]).at("commitment"), json::parse(lines[6]).at("commitment"));
}

}  // namespace
}  // namespace parley::service
