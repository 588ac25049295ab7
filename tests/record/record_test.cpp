// Records (include/parley/record/record.hpp): the cryptographic primitives against their
// published test vectors (FIPS 180-2 "abc", RFC 8032 test 1, RFC 8785's examples), and records of
// real sessions: they verify and replay; editing any byte of any line breaks the record at that
// line; a forged event re-chained and re-signed with another key is caught by the replay.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "parley/io/io.hpp"
#include "parley/negotiate/agents.hpp"
#include "parley/record/record.hpp"
#include "test_support.hpp"

namespace parley {
namespace {

TEST(RecordCrypto, Sha256ReproducesFips180Abc) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(RecordCrypto, Ed25519ReproducesRfc8032TestVector1) {
  const SigningKey key =
      SigningKey::from_seed_hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  EXPECT_EQ(key.public_key_hex(),
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  const std::string signature = key.sign_hex("");
  EXPECT_EQ(signature,
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39"
            "701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  EXPECT_TRUE(verify_signature(key.public_key_hex(), "", signature));
  EXPECT_FALSE(verify_signature(key.public_key_hex(), "x", signature));
  std::string forged = signature;
  forged[10] = forged[10] == '0' ? '1' : '0';
  EXPECT_FALSE(verify_signature(key.public_key_hex(), "", forged));
  EXPECT_FALSE(verify_signature("not hex", "", signature));
}

TEST(RecordCrypto, CanonicalJsonFollowsRfc8785) {
  // RFC 8785 section 3.2.2's string and literals, and section 3.2.3's key order (UTF-16 code
  // units: the emoji's surrogates sort before U+FB33).
  EXPECT_EQ(canonical_json(R"({"string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
                               "literals": [null, true, false]})"),
            "{\"literals\":[null,true,false],\"string\":\"\xE2\x82\xAC$\\u000f\\nA'"
            "B\\\"\\\\\\\\\\\"/\"}");
  const std::string sorted = canonical_json(
      R"({"\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh",
          "1": "One", "\ud83d\ude00": "Emoji: Grinning Face", "\u0080": "Control",
          "\u00f6": "Latin Small Letter O With Diaeresis"})");
  const auto order = [&](const char* name) { return sorted.find(name); };
  EXPECT_LT(order("Carriage"), order("One"));
  EXPECT_LT(order("One"), order("Control"));
  EXPECT_LT(order("Control"), order("Latin"));
  EXPECT_LT(order("Latin"), order("Euro"));
  EXPECT_LT(order("Euro"), order("Emoji"));
  EXPECT_LT(order("Emoji"), order("Hebrew"));
  EXPECT_EQ(canonical_json("[1, -2, 9007199254740992]"), "[1,-2,9007199254740992]");
  EXPECT_THROW(canonical_json("[1.5]"), Error);
  EXPECT_THROW(canonical_json("[9007199254740993]"), Error);
  EXPECT_THROW(canonical_json("{"), Error);
}

struct Session {
  ScenarioPtr scenario;
  NegotiationRecordInput input;
  SessionResult result;
};

Session play(const std::string& path, std::size_t rounds) {
  Session s;
  Warnings warnings;
  s.scenario = load_scenario({path}, {}, warnings);
  s.input.agents = {"boulware(e=0.2)", "conceder(e=2)"};
  s.input.options.rounds = rounds;
  s.input.options.seed = 7;
  s.input.options.record_trace = true;
  std::vector<AgentSpec> agents;
  for (const auto& a : s.input.agents) agents.push_back(parse_agent(a));
  s.result = negotiate(s.scenario, agents, s.input.options);
  s.input.salts = {std::string(64, 'a'), std::string(64, 'b')};
  return s;
}

const SigningKey& mediator() {
  static const SigningKey key = SigningKey::from_seed_hex(std::string(64, '1'));
  return key;
}

std::string job_offer() { return (test::source_dir() / "examples" / "job-offer.yaml").string(); }

TEST(Record, ARecordVerifiesReplaysAndOpensItsCommitments) {
  const Session s = play(job_offer(), 40);
  Record record = record_negotiation(*s.scenario, s.input, s.result, mediator());
  ASSERT_GT(record.lines.size(), 10u);
  // No line reveals a utility or a weight: only commitments, packages and events.
  for (const auto& line : record.lines) EXPECT_EQ(line.find("utilit"), std::string::npos) << line;
  const RecordVerdict verdict = verify_record(record.lines);
  EXPECT_TRUE(verdict.ok) << verdict.line << ": " << verdict.message;
  ASSERT_EQ(verdict.signers.size(), 1u);
  EXPECT_EQ(verdict.signers[0], "mediator " + mediator().public_key_hex());
  const RecordVerdict replayed = replay_record(record.lines, job_offer(), record.reveal);
  EXPECT_TRUE(replayed.ok) << replayed.line << ": " << replayed.message;
  // The same session recorded twice with the same salts and key: the same bytes.
  EXPECT_EQ(record_negotiation(*s.scenario, s.input, s.result, mediator()).text(), record.text());
  // A countersignature is verified too.
  countersign(record, SigningKey::from_seed_hex(std::string(64, '2')), "candidate");
  const RecordVerdict both = verify_record(record.lines);
  EXPECT_TRUE(both.ok) << both.message;
  EXPECT_EQ(both.signers.size(), 2u);
}

TEST(Record, EditingAnyByteBreaksTheRecordAtThatLine) {
  const Session s = play(job_offer(), 12);
  Record record = record_negotiation(*s.scenario, s.input, s.result, mediator());
  countersign(record, SigningKey::from_seed_hex(std::string(64, '2')), "candidate");
  std::size_t edits = 0;
  for (std::size_t line = 0; line < record.lines.size(); ++line)
    for (std::size_t at = 0; at < record.lines[line].size(); ++at) {
      std::vector<std::string> edited = record.lines;
      char& c = edited[line][at];
      c = c == 'a' ? 'b' : (c == '0' ? '1' : static_cast<char>(c ^ 0x01));
      const RecordVerdict verdict = verify_record(edited);
      ++edits;
      ASSERT_FALSE(verdict.ok) << "line " << line + 1 << " byte " << at;
      ASSERT_EQ(verdict.line, line + 1)
          << "byte " << at << " of line " << line + 1 << ": " << verdict.message << "\n"
          << edited[line];
    }
  EXPECT_GT(edits, 2000u);
}

TEST(Record, AForgedEventRechainedAndResignedIsCaughtByTheReplay) {
  const Session s = play(job_offer(), 40);
  const Record record = record_negotiation(*s.scenario, s.input, s.result, mediator());
  // Rewrite the third offer's package, recompute every prev after it and sign with another key.
  std::vector<std::string> forged;
  std::size_t offers = 0, target = 0;
  for (std::size_t n = 0; n + 1 < record.lines.size(); ++n) {
    nlohmann::json line = nlohmann::json::parse(record.lines[n]);
    if (n > 0) line["prev"] = sha256_hex(forged.back());
    if (line["event"] == "offer" && ++offers == 3) {
      line["package"]["remote"] = line["package"]["remote"] == "full" ? "none" : "full";
      target = n + 1;
    }
    forged.push_back(canonical_json(line.dump()));
  }
  Record other;
  other.lines = forged;
  countersign(other, SigningKey::from_seed_hex(std::string(64, '3')), "forger");
  ASSERT_GT(target, 0u);
  EXPECT_TRUE(verify_record(other.lines).ok);  // a consistent chain, another signer
  const RecordVerdict replayed = replay_record(other.lines, job_offer());
  EXPECT_FALSE(replayed.ok);
  EXPECT_EQ(replayed.line, target) << replayed.message;
  // Wrong preferences in the reveal are named at the party's commitment.
  std::vector<std::string> reveal = record.reveal;
  reveal[1].replace(reveal[1].find("\"salt\":\"b"), 9, "\"salt\":\"c");
  const RecordVerdict opened = replay_record(record.lines, job_offer(), reveal);
  EXPECT_FALSE(opened.ok);
  EXPECT_EQ(opened.line, 3u) << opened.message;
}

TEST(Record, AChangedScenarioFileIsRefusedByTheReplay) {
  const Session s = play(job_offer(), 20);
  const Record record = record_negotiation(*s.scenario, s.input, s.result, mediator());
  test::ScratchFolder folder;
  const auto copy = (folder / "job-offer.yaml").string();
  test::write_text_file(copy, test::read_text_file(job_offer()) + "\n# a comment\n");
  const RecordVerdict replayed = replay_record(record.lines, copy);
  EXPECT_FALSE(replayed.ok);
  EXPECT_NE(replayed.message.find("differs from the one recorded"), std::string::npos);
}

}  // namespace
}  // namespace parley
