// Records of negotiations: building, verifying, replaying (include/parley/record/record.hpp).
#include "parley/record/record.hpp"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "parley/certify/certify.hpp"
#include "parley/io/io.hpp"
#include "parley/support/error.hpp"
#include "record_internal.hpp"

namespace parley {
namespace {

using Json = nlohmann::json;
namespace fs = std::filesystem;

constexpr const char* kFormat = "parley-record/1";
const std::string kGenesis(64, '0');

// What a signature signs: the record format and its own line without the signature (its role,
// signer, public key, prev, and the head it vouches for), in canonical JSON.
std::string signed_message(Json line) {
  line.erase("signature");
  return std::string(kFormat) + " " + canonical_json(line.dump());
}

Json package_json(const Scenario& scenario, const Outcome& outcome) {
  Json package = Json::object();
  for (std::size_t k = 0; k < outcome.size(); ++k)
    package[scenario.issue(k).name()] = scenario.issue(k).value_label(outcome[k]);
  return package;
}

const char* event_of(ActionKind kind) {
  switch (kind) {
    case ActionKind::offer:
      return "offer";
    case ActionKind::accept:
      return "accept";
    case ActionKind::end_negotiation:
      return "end_negotiation";
    case ActionKind::failure:
      return "failure";
  }
  return "unknown";
}

// Appends events, each with `prev` chained to the line before.
class Chain {
 public:
  explicit Chain(std::vector<std::string>& lines) : lines_(lines) {}
  void append(Json event) {
    event["prev"] = lines_.empty() ? kGenesis : sha256_hex(lines_.back());
    lines_.push_back(canonical_json(event.dump()));
  }

 private:
  std::vector<std::string>& lines_;
};

// The events of a session, before any signature: the same function writes a record and replays
// one, so that both spell every line the same way.
std::vector<std::string> session_lines(const Scenario& scenario,
                                       const NegotiationRecordInput& input,
                                       const SessionResult& result,
                                       const std::vector<std::string>& commitments) {
  const ScenarioFiles files = scenario_files(scenario);
  std::vector<std::string> lines;
  Chain chain(lines);
  Json file_list = Json::array();
  for (const auto& f : files.files) file_list.push_back({{"name", f.name}, {"sha256", f.sha256}});
  Json issues = Json::array();
  for (const Issue& issue : scenario.issues()) issues.push_back(issue.name());
  Json parties = Json::array();
  for (std::size_t i = 0; i < scenario.party_count(); ++i)
    parties.push_back({{"name", scenario.party(i).name},
                       {"agent", input.agents.at(i)},
                       {"file", files.party_files.at(i)}});
  chain.append({{"event", "session_open"},
                {"format", kFormat},
                {"protocol", "saop"},
                {"scenario",
                 {{"name", scenario.name()},
                  {"format", files.format},
                  {"files", std::move(file_list)},
                  {"issues", std::move(issues)}}},
                {"parties", std::move(parties)},
                {"rounds", static_cast<std::uint64_t>(round_limit(input.options))},
                {"seed", std::to_string(input.options.seed)}});
  for (std::size_t i = 0; i < scenario.party_count(); ++i)
    chain.append({{"event", "commit"},
                  {"party", scenario.party(i).name},
                  {"commitment", commitments.at(i)}});
  // parley holds every party's preferences: the mediator attests it received each reveal that
  // matches the commitment.
  for (std::size_t i = 0; i < scenario.party_count(); ++i)
    chain.append({{"event", "reveal_to_mediator"},
                  {"party", scenario.party(i).name},
                  {"commitment", commitments.at(i)}});
  for (const TraceEvent& event : result.trace) {
    Json line{{"event", event_of(event.kind)},
              {"round", static_cast<std::uint64_t>(event.round)},
              {"actor", scenario.party(event.actor).name}};
    if (!event.package.empty()) line["package"] = package_json(scenario, event.package);
    chain.append(std::move(line));
  }
  Json outcome{{"event", "outcome"},
               {"reason", to_string(result.reason)},
               {"round", static_cast<std::uint64_t>(result.round)},
               {"turns", static_cast<std::uint64_t>(result.turns)},
               {"agreement", result.outcome ? package_json(scenario, *result.outcome) : Json()}};
  chain.append(std::move(outcome));
  if (input.certificate_json)
    chain.append({{"event", "certificate"},
                  {"claim", input.certificate_claim},
                  {"sha256", sha256_hex(*input.certificate_json)}});
  return lines;
}

std::string commitment(const std::string& salt, const std::string& preferences) {
  return sha256_hex(salt + preferences);
}

void sign(std::vector<std::string>& lines, const SigningKey& key, const std::string& role,
          const std::string& signer) {
  const std::string head = sha256_hex(lines.back());
  Json line{{"event", "signature"},
            {"role", role},
            {"public_key", key.public_key_hex()},
            {"head", head},
            {"prev", head}};
  if (!signer.empty()) line["signer"] = signer;
  line["signature"] = key.sign_hex(signed_message(line));
  Chain(lines).append(std::move(line));
}

// The `prev` of a line, or "" when it has none.
std::string prev_of(const Json& line) {
  if (!line.is_object()) return "";
  const auto found = line.find("prev");
  return found != line.end() && found->is_string() ? found->get<std::string>() : "";
}

// The event of a line, or "" when it is not a JSON object with a string `event`.
std::string event_name(const Json& line) {
  if (!line.is_object()) return "";
  const auto found = line.find("event");
  return found != line.end() && found->is_string() ? found->get<std::string>() : "";
}

}  // namespace

std::string Record::text() const {
  std::string out;
  for (const auto& line : lines) out += line + "\n";
  return out;
}

Record record_negotiation(const Scenario& scenario, const NegotiationRecordInput& input,
                          const SessionResult& result, const SigningKey& key) {
  if (input.agents.size() != scenario.party_count())
    throw Error("record: " + std::to_string(input.agents.size()) + " agents for " +
                std::to_string(scenario.party_count()) + " parties");
  if (result.trace.empty() && result.turns > 0)
    throw Error("record: the session was played without its trace (SessionOptions::record_trace)");
  Record record;
  std::vector<std::string> commitments;
  for (std::size_t i = 0; i < scenario.party_count(); ++i) {
    const std::string salt = i < input.salts.size() ? input.salts[i] : random_hex(32);
    const std::string preferences = exact_preferences_json(scenario, i);
    commitments.push_back(commitment(salt, preferences));
    record.reveal.push_back(canonical_json(Json{
        {"party", scenario.party(i).name},
        {"salt", salt},
        {"preferences",
         Json::parse(preferences)}}.dump()));
  }
  record.lines = session_lines(scenario, input, result, commitments);
  sign(record.lines, key, "mediator", "");
  return record;
}

std::string record_commitment(const std::string& salt_hex, std::string_view canonical_preferences) {
  return commitment(salt_hex, std::string(canonical_preferences));
}

std::string chained_line(std::string_view event_json, std::string_view previous_line) {
  Json event = Json::parse(event_json);
  if (!event.is_object()) throw Error("record: an event is not a JSON object");
  event["prev"] = previous_line.empty() ? kGenesis : sha256_hex(previous_line);
  return canonical_json(event.dump());
}

void sign_as_mediator(std::vector<std::string>& lines, const SigningKey& key) {
  if (lines.empty()) throw Error("record: nothing to sign");
  sign(lines, key, "mediator", "");
}

void countersign(Record& record, const SigningKey& key, const std::string& signer) {
  if (record.lines.empty()) throw Error("countersign: the record is empty");
  sign(record.lines, key, "party", signer);
}

std::vector<std::string> read_record_lines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(path, "cannot read the record", "no such file or not readable");
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

RecordVerdict verify_record(const std::vector<std::string>& lines) {
  RecordVerdict verdict;
  auto fail = [&](std::size_t line, std::string message) {
    verdict.ok = false;
    verdict.line = line;
    verdict.message = std::move(message);
    return verdict;
  };
  if (lines.empty()) return fail(1, "the record is empty");
  bool signed_yet = false;
  for (std::size_t n = 0; n < lines.size(); ++n) {
    const std::string& text = lines[n];
    std::string canonical;
    try {
      canonical = canonical_json(text);
    } catch (const Error& e) {
      return fail(n + 1, e.what());
    }
    if (canonical != text)
      return fail(n + 1,
                  "the line is not in canonical JSON (RFC 8785): it was edited or written "
                  "by another program");
    const Json line = Json::parse(text);
    const std::string event = event_name(line);
    if (event.empty()) return fail(n + 1, "no \"event\" field");
    const std::string expected = n == 0 ? kGenesis : sha256_hex(lines[n - 1]);
    if (prev_of(line) != expected) {
      if (n == 0) return fail(1, "the first line's prev is not 64 zeros");
      // Line n (1-based) was changed, unless this line's own prev was: then the next line's
      // prev no longer matches this line either.
      const bool this_one = [&] {
        if (n + 1 == lines.size()) {
          // The last line: a signature whose head still names the line before had its prev
          // edited.
          const auto head = line.find("head");
          return head != line.end() && head->is_string() && head->get<std::string>() == expected;
        }
        try {
          return prev_of(Json::parse(lines[n + 1])) != sha256_hex(text);
        } catch (const Json::exception&) {
          return false;
        }
      }();
      if (this_one)
        return fail(n + 1, "prev is not the SHA-256 of line " + std::to_string(n) +
                               ": this line was changed");
      return fail(n, "line " + std::to_string(n + 1) +
                         "'s prev is not the SHA-256 of this line: this line was changed");
    }
    if (n == 0 &&
        (event != "session_open" || !line.contains("format") || line["format"] != kFormat))
      return fail(1, std::string("the first line is not a ") + kFormat + " session_open");
    if (event == "signature") {
      signed_yet = true;
      const auto field = [&](const char* name) {
        const auto found = line.find(name);
        return found != line.end() && found->is_string() ? found->get<std::string>() : "";
      };
      if (field("head") != expected)
        return fail(n + 1, "the signature's head is not the SHA-256 of line " + std::to_string(n));
      if (!verify_signature(field("public_key"), signed_message(line), field("signature")))
        return fail(n + 1, "the Ed25519 signature does not verify with its public key");
      const std::string role = field("role");
      verdict.signers.push_back((role == "party" ? "party " + field("signer") : role) + " " +
                                field("public_key"));
    } else if (signed_yet) {
      return fail(n + 1, "an event after the signatures (only countersignatures may follow)");
    }
  }
  if (!signed_yet) return fail(lines.size(), "the record is not signed");
  verdict.notes.push_back("chain of " + std::to_string(lines.size()) +
                          " lines intact (each prev is the SHA-256 of the line before)");
  verdict.notes.push_back(std::to_string(verdict.signers.size()) +
                          " Ed25519 signature(s) verified");
  return verdict;
}

RecordVerdict replay_record(const std::vector<std::string>& lines, const std::string& scenario_path,
                            const std::vector<std::string>& reveal) {
  RecordVerdict verdict = verify_record(lines);
  if (!verdict.ok) return verdict;
  auto fail = [&](std::size_t line, std::string message) {
    verdict.ok = false;
    verdict.line = line;
    verdict.message = std::move(message);
    return verdict;
  };
  const Json open = Json::parse(lines.front());
  // The scenario: the recorded files, by name, in the folder of `scenario_path`.
  const fs::path given(scenario_path);
  const fs::path folder = fs::is_directory(given) ? given : given.parent_path();
  std::vector<std::string> profiles;
  try {
    for (const auto& f : open.at("scenario").at("files")) {
      const std::string name = f.at("name").get<std::string>();
      if (name.find('/') != std::string::npos || name == ".." || name.empty())
        return fail(1, "a recorded file name is not a plain file name: " + name);
      std::ifstream in(folder / name, std::ios::binary);
      if (!in) return fail(1, "the recorded file " + name + " is not in " + folder.string());
      const std::string bytes((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
      if (sha256_hex(bytes) != f.at("sha256").get<std::string>())
        return fail(1, "the file " + name + " differs from the one recorded (SHA-256)");
    }
    for (const auto& p : open.at("parties")) profiles.push_back(p.at("file").get<std::string>());
  } catch (const Json::exception& e) {
    return fail(1, std::string("session_open: ") + e.what());
  }
  LoadOptions load;
  std::string path;
  NegotiationRecordInput input;
  std::vector<AgentSpec> agents;
  try {
    const std::string format = open.at("scenario").at("format").get<std::string>();
    if (format != "native") load.profiles = profiles;
    path = format == "native"
               ? (folder / open.at("scenario").at("files").at(0).at("name").get<std::string>())
                     .string()
               : folder.string();
    for (const auto& p : open.at("parties")) {
      input.agents.push_back(p.at("agent").get<std::string>());
      agents.push_back(parse_agent(input.agents.back()));
    }
    input.options.rounds = open.at("rounds").get<std::size_t>();
    input.options.seed = std::stoull(open.at("seed").get<std::string>());
  } catch (const Json::exception& e) {
    return fail(1, std::string("session_open: ") + e.what());
  } catch (const std::logic_error& e) {  // the seed is not a number
    return fail(1, std::string("session_open: seed: ") + e.what());
  }
  input.options.record_trace = true;
  Warnings warnings;
  const ScenarioPtr scenario = load_scenario({path}, load, warnings);
  if (agents.size() != scenario->party_count() || lines.size() < 1 + 2 * agents.size())
    return fail(1, "session_open: " + std::to_string(agents.size()) + " agents for " +
                       std::to_string(scenario->party_count()) + " parties");
  const SessionResult result = negotiate(scenario, agents, input.options);

  // Commitments: from the reveal when given (each checked against the scenario's preferences),
  // else the recorded ones (which the replay then cannot check).
  std::vector<std::string> commitments;
  for (std::size_t i = 0; i < scenario->party_count(); ++i) {
    const Json recorded = Json::parse(lines.at(1 + i));
    const auto found = recorded.find("commitment");
    commitments.push_back(found != recorded.end() && found->is_string() ? found->get<std::string>()
                                                                        : std::string());
  }
  if (!reveal.empty()) {
    if (reveal.size() != scenario->party_count())
      return fail(0, "the reveal has " + std::to_string(reveal.size()) + " lines for " +
                         std::to_string(scenario->party_count()) + " parties");
    for (std::size_t i = 0; i < reveal.size(); ++i) {
      Json r;
      std::string salt;
      try {
        r = Json::parse(reveal[i]);
        salt = r.at("salt").get<std::string>();
        (void)r.at("preferences");
      } catch (const Json::exception& e) {
        return fail(2 + i, "the reveal's line " + std::to_string(i + 1) +
                               " is not {party, preferences, salt}: " + e.what());
      }
      const std::string preferences = exact_preferences_json(*scenario, i);
      if (canonical_json(r.at("preferences").dump()) != preferences)
        return fail(2 + i, "the reveal's preferences of " + scenario->party(i).name +
                               " are not the scenario's");
      const std::string expected = commitment(salt, preferences);
      if (expected != commitments[i])
        return fail(2 + i, "the commitment of " + scenario->party(i).name +
                               " is not SHA-256(salt || preferences) of the reveal");
    }
    verdict.notes.push_back(
        "every commitment opened by the reveal matches the scenario's "
        "preferences");
  } else {
    verdict.notes.push_back("commitments not opened (no reveal given)");
  }
  // The agreement's certificate, when the record has one: certified again and hashed.
  for (const auto& text : lines) {
    const Json line = Json::parse(text);
    if (event_name(line) == "certificate" && result.outcome) {
      CertifyOptions options;
      options.frontier = options.ideal = options.nash = options.kalai_smorodinsky =
          options.egalitarian = options.utilitarian = false;
      options.packages = {*result.outcome};
      const Certificate certificate = certify(*scenario, options);
      input.certificate_json = certificate.json;
      input.certificate_claim = to_string(certificate.claims.front().kind);
    }
  }
  const std::vector<std::string> expected = session_lines(*scenario, input, result, commitments);
  std::size_t signatures = 0;
  for (const auto& text : lines)
    if (event_name(Json::parse(text)) == "signature") ++signatures;
  const std::size_t events = lines.size() - signatures;
  for (std::size_t n = 0; n < std::max(events, expected.size()); ++n) {
    if (n >= events) return fail(n + 1, "the replay has more events than the record");
    if (n >= expected.size())
      return fail(n + 1, "the record has more events than the replay (" +
                             std::to_string(expected.size()) + ")");
    if (lines[n] != expected[n])
      return fail(n + 1,
                  "differs from the replay: recorded " + lines[n] + ", replayed " + expected[n]);
  }
  verdict.notes.push_back("the negotiation replayed: " + std::to_string(events) +
                          " events identical, byte for byte");
  verdict.certificate = input.certificate_json;
  return verdict;
}

}  // namespace parley
