// The signed record of the mediation service's negotiations (include/parley/service/record.hpp).
#include "parley/service/record.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>

#include "parley/certify/certify.hpp"
#include "parley/io/io.hpp"
#include "parley/service/analysis_pool.hpp"
#include "parley/service/tokens.hpp"
#include "support/file_io.hpp"

namespace parley::service {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// The shortest decimal (fixed notation) that reads back as `value`.
std::string decimal(double value) {
  char text[400];
  const auto [end, error] =
      std::to_chars(text, text + sizeof text, value, std::chars_format::fixed);
  if (error != std::errc()) throw Error("record: a number cannot be written: out of range");
  return std::string(text, end);
}

double number_of(const json& value, const std::string& where) {
  if (!value.is_string())
    throw InputError("reveal", std::nullopt, where, std::string(value.type_name()),
                     "a decimal number in a string");
  const std::string text = value.get<std::string>();
  double number = 0.0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(number))
    throw InputError("reveal", std::nullopt, where, "\"" + text.substr(0, 40) + "\"",
                     "a decimal number");
  return number;
}

// Every number of `value` as its decimal string.
json numbers_as_strings(const json& value) {
  if (value.is_number()) return decimal(value.get<double>());
  if (value.is_object()) {
    json out = json::object();
    for (const auto& [key, item] : value.items()) out[key] = numbers_as_strings(item);
    return out;
  }
  if (value.is_array()) {
    json out = json::array();
    for (const auto& item : value) out.push_back(numbers_as_strings(item));
    return out;
  }
  return value;
}

json event_without_chain(json line) {
  line.erase("prev");
  line.erase("at");
  return line;
}

std::string text_field(const json& line, const char* name) {
  const auto found = line.find(name);
  return found != line.end() && found->is_string() ? found->get<std::string>() : "";
}

}  // namespace

std::string canonical_submission(const std::string& party, const json& stored) {
  json canonical = numbers_as_strings(stored);
  canonical["party"] = party;
  return canonical_json(canonical.dump());
}

json submission_from_canonical(const json& canonical, const std::string& where) {
  if (!canonical.is_object())
    throw InputError("reveal", std::nullopt, where, std::string(canonical.type_name()),
                     "an object");
  json stored = canonical;
  stored.erase("party");
  if (const auto weights = stored.find("weights"); weights != stored.end() && weights->is_object())
    for (auto& [issue, weight] : weights->items())
      weight = number_of(weight, where + ".weights." + issue);
  if (const auto scores = stored.find("scores"); scores != stored.end() && scores->is_object())
    for (auto& [issue, table] : scores->items())
      if (table.is_object())
        for (auto& [option, score] : table.items())
          score = number_of(score, where + ".scores." + issue + "." + option);
  if (const auto walk_away = stored.find("walk_away"); walk_away != stored.end())
    *walk_away = number_of(*walk_away, where + ".walk_away");
  return stored;
}

Seal seal_submission(const std::string& party, const json& stored) {
  Seal seal;
  seal.salt = random_hex(32);
  seal.commitment = record_commitment(seal.salt, canonical_submission(party, stored));
  return seal;
}

std::string reveal_line(const PartyState& party) {
  if (!party.preferences) throw StateConflict("no preferences submitted yet: nothing to reveal");
  return canonical_json(
      json{{"party", party.name},
           {"salt", party.salt},
           {"commitment", party.commitment},
           {"preferences", json::parse(canonical_submission(party.name, *party.preferences))}}
          .dump());
}

std::string negotiation_yaml(const NegotiationState& state) {
  // JSON is YAML: the names are escaped as JSON strings, the numbers written as the commitments
  // write them (the native reader keeps each decimal exactly for certificates).
  const auto quoted = [](const std::string& text) { return json(text).dump(); };
  std::string out = "{\"parley\": 1,\n \"name\": " + quoted(state.title) + ",\n \"issues\": [";
  for (std::size_t i = 0; i < state.issues.size(); ++i) {
    const Issue& issue = state.issues[i];
    out += std::string(i ? ",\n  " : "\n  ") + "{\"name\": " + quoted(issue.name()) +
           ", \"options\": [";
    for (std::size_t v = 0; v < issue.cardinality(); ++v)
      out += std::string(v ? ", " : "") + quoted(issue.value_label(v));
    out += "]}";
  }
  out += "],\n \"parties\": [";
  for (std::size_t p = 0; p < state.parties.size(); ++p) {
    const auto& party = state.parties[p];
    if (!party.preferences) throw StateConflict("party '" + party.name + "' has not submitted");
    const json& stored = *party.preferences;
    out += std::string(p ? ",\n  " : "\n  ") + "{\"name\": " + quoted(party.name) +
           ",\n   \"weights\": {";
    for (std::size_t i = 0; i < state.issues.size(); ++i) {
      const std::string& issue = state.issues[i].name();
      out += std::string(i ? ", " : "") + quoted(issue) + ": " +
             decimal(stored.at("weights").at(issue).get<double>());
    }
    out += "},\n   \"scores\": {";
    for (std::size_t i = 0; i < state.issues.size(); ++i) {
      const Issue& issue = state.issues[i];
      out += std::string(i ? ",\n     " : "") + quoted(issue.name()) + ": {";
      for (std::size_t v = 0; v < issue.cardinality(); ++v)
        out += std::string(v ? ", " : "") + quoted(issue.value_label(v)) + ": " +
               decimal(stored.at("scores").at(issue.name()).at(issue.value_label(v)).get<double>());
      out += "}";
    }
    out += "}";
    if (const auto walk_away = stored.find("walk_away"); walk_away != stored.end())
      out += ",\n   \"walk_away\": " + decimal(walk_away->get<double>());
    if (const auto package = stored.find("walk_away_package"); package != stored.end()) {
      out += ",\n   \"walk_away_package\": {";
      for (std::size_t i = 0; i < state.issues.size(); ++i) {
        const std::string& issue = state.issues[i].name();
        out += std::string(i ? ", " : "") + quoted(issue) + ": " +
               quoted(package->at(issue).get<std::string>());
      }
      out += "}";
    }
    out += "}";
  }
  out += "]}\n";
  return out;
}

std::optional<AgreementCertificate> certify_agreement(const NegotiationState& state,
                                                      const Outcome& agreement) {
  // The certificate names its scenario file by its plain name and SHA-256: the file is written
  // to a private folder of its own, read back, certified and removed.
  std::string folder = (fs::temp_directory_path() / "parley-record-XXXXXX").string();
  if (!::mkdtemp(folder.data())) return std::nullopt;
  std::optional<AgreementCertificate> result;
  try {
    const fs::path file = fs::path(folder) / "negotiation.yaml";
    {
      std::ofstream out(file, std::ios::binary);
      out << negotiation_yaml(state);
      if (!out) throw IoError(file.string(), "cannot write the negotiation", "a writable folder");
    }
    Warnings warnings;
    const ScenarioPtr scenario = load_scenario({file.string()}, LoadOptions{}, warnings);
    CertifyOptions options;
    options.frontier = options.ideal = options.nash = options.kalai_smorodinsky =
        options.egalitarian = options.utilitarian = false;
    options.packages = {agreement};
    const Certificate certificate = certify(*scenario, options);
    const auto& claim = certificate.claims.front();
    result = AgreementCertificate{certificate.json, to_string(claim.kind), to_string(claim.status)};
  } catch (const std::exception&) {
    result.reset();
  }
  std::error_code ignored;
  fs::remove_all(folder, ignored);
  return result;
}

json certificate_event(const AgreementCertificate& certificate) {
  return {{"event", "certificate"},
          {"claim", certificate.claim},
          {"status", certificate.status},
          {"sha256", sha256_hex(certificate.json)}};
}

SigningKey signing_key_at(const std::string& path, bool* created) {
  if (created) *created = false;
  struct stat existing {};
  if (::stat(path.c_str(), &existing) == 0) return SigningKey::from_pem_file(path);
  SigningKey key = SigningKey::generate();
  const std::string pem = key.private_pem();
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) throw IoError(path, "cannot create the signing key", "a writable path");
  const bool written = ::write(fd, pem.data(), pem.size()) == static_cast<ssize_t>(pem.size());
  const bool closed = ::fsync(fd) == 0 && ::close(fd) == 0;
  if (!written || !closed) {
    ::unlink(path.c_str());
    throw IoError(path, "cannot write the signing key", "a writable path");
  }
  if (created) *created = true;
  return key;
}

namespace {

double recorded_number(const json& line, const char* key) {
  const std::string text = line.at(key).get<std::string>();
  double value = 0.0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value))
    throw InputError("record", std::nullopt, key, text, "a decimal number");
  return value;
}

// The agreed_at of the outcome line that follows line n (within the step), or "".
std::string following_agreed_at(const std::vector<std::string>& lines, std::size_t n,
                                std::size_t events) {
  for (std::size_t k = n + 1; k < events && k <= n + 3; ++k) {
    const json after = json::parse(lines[k]);
    if (text_field(after, "event") == "outcome") return text_field(after, "agreed_at");
  }
  return {};
}

// A step of the deal-closing mechanisms, from its first line (empty: not one of theirs). The
// sealed answers are unknown to the replay: each step records its commitment only, and what the
// mechanism revealed (a match, a result, a round) is applied from the line that records it,
// through the same transitions and their rules.
std::optional<Transition> replay_mechanism_step(const NegotiationState& state,
                                                const std::vector<std::string>& lines,
                                                std::size_t n, std::size_t events) {
  const json line = json::parse(lines[n]);
  const std::string event = text_field(line, "event");
  const auto party = [&]() -> std::size_t {
    const std::string name = text_field(line, "party");
    for (std::size_t p = 0; p < state.parties.size(); ++p)
      if (state.parties[p].name == name) return p;
    throw StateConflict("\"" + name.substr(0, 80) + "\" is not a party");
  };
  const auto sealed = [&] {
    SealedAnswer answer;
    answer.commitment = text_field(line, "commitment");
    if (answer.commitment.empty()) throw StateConflict("a sealed answer without its commitment");
    return answer;
  };
  const std::string now = following_agreed_at(lines, n, events);
  if (event == "sealed_mark") return mark_sealed(state, party(), std::nullopt, sealed(), now);
  if (event == "sealed_match") return sealed_match(state, text_field(line, "item"), now);
  if (event == "mediator_proposal")
    return open_mediator_proposal(state, parse_package(line.at("package"), state.issues, "package"),
                                  text_field(line, "source"));
  if (event == "sealed_answer")
    return answer_mediator_proposal(state, party(), line.at("id").get<std::int64_t>(), std::nullopt,
                                    sealed(), now);
  if (event == "mediator_proposal_result")
    return mediator_proposal_result(state, line.at("id").get<std::int64_t>(),
                                    text_field(line, "result") == "passed", now);
  if (event == "improvements_offered") {
    std::vector<Outcome> packages;
    for (const auto& p : line.at("packages"))
      packages.push_back(parse_package(p, state.issues, "packages"));
    return offer_improvements(state, std::move(packages));
  }
  if (event == "sealed_approval")
    return approve_improvements(state, party(), line.at("round").get<std::int64_t>(), std::nullopt,
                                sealed());
  if (event == "improvement_result") {
    std::optional<std::size_t> adopted;
    if (line.contains("improvement")) adopted = line.at("improvement").get<std::size_t>() - 1;
    return improvement_result(state, line.at("round").get<std::int64_t>(), adopted);
  }
  if (event == "final_offer") return submit_final_offer(state, party(), std::nullopt, sealed());
  if (event == "deadline") {
    std::optional<std::size_t> chosen;
    std::optional<Outcome> package;
    if (n + 1 < events) {
      const json after = json::parse(lines[n + 1]);
      if (text_field(after, "event") == "arbitration") {
        const std::string name = text_field(after, "chosen");
        for (std::size_t p = 0; p < state.parties.size(); ++p)
          if (state.parties[p].name == name) chosen = p;
        package = parse_package(after.at("package"), state.issues, "package");
      }
    }
    return reach_deadline(state, text_field(line, "by") == "the mediator", chosen, now, package);
  }
  if (event == "blind_open") {
    BlindBiddingState bidding;
    bidding.issue = text_field(line, "issue");
    bidding.unit = text_field(line, "unit");
    const auto index = [&](const char* key) -> std::size_t {
      const std::string name = text_field(line, key);
      for (std::size_t p = 0; p < state.parties.size(); ++p)
        if (state.parties[p].name == name) return p;
      throw StateConflict("\"" + name.substr(0, 80) + "\" is not a party");
    };
    bidding.low = index("low");
    bidding.high = index("high");
    bidding.rules.lower = recorded_number(line, "lower");
    bidding.rules.upper = recorded_number(line, "upper");
    bidding.rules.rounds = line.at("rounds").get<std::size_t>();
    bidding.rules.step = recorded_number(line, "step");
    return open_blind_bidding(state, std::move(bidding));
  }
  if (event == "blind_bid") {
    std::optional<double> visible;
    if (line.contains("visible")) visible = recorded_number(line, "visible");
    return place_blind_bid(state, party(), std::nullopt, visible, sealed());
  }
  if (event == "blind_round") {
    std::optional<double> value;
    if (line.contains("value")) value = recorded_number(line, "value");
    return blind_round_result(state, line.at("round").get<std::size_t>(),
                              line.at("settled").get<bool>(), value);
  }
  if (event == "blind_neutral")
    return blind_neutral(state, recorded_number(line, "fair"), recorded_number(line, "value"));
  return std::nullopt;
}

}  // namespace

ServiceReplay replay_service_record(const std::vector<std::string>& lines,
                                    const std::vector<std::string>& reveals) {
  ServiceReplay out;
  RecordVerdict& verdict = out.verdict;
  verdict = verify_record(lines);
  if (!verdict.ok) return out;
  const auto fail = [&](std::size_t line, std::string message) {
    verdict.ok = false;
    verdict.line = line;
    verdict.message = std::move(message);
    return out;
  };
  std::size_t events = 0;
  for (const auto& text : lines)
    if (text_field(json::parse(text), "event") != "signature") ++events;

  // The negotiation as opened.
  const json open = json::parse(lines.front());
  if (text_field(open, "protocol") != "single-text")
    return fail(1, "not a record of the mediation service (protocol \"" +
                       text_field(open, "protocol") + "\", expected \"single-text\")");
  NegotiationState state;
  try {
    NegotiationSpec spec;
    spec.title = open.at("negotiation").at("title").get<std::string>();
    spec.issues = issues_from_json(open.at("issues"));
    for (const auto& name : open.at("parties")) spec.parties.push_back(name.get<std::string>());
    if (const auto rule = open.find("rule"); rule != open.end()) {
      std::vector<std::string> veto;
      for (const auto& name : rule->at("veto")) veto.push_back(name.get<std::string>());
      spec.rule =
          parse_quorum(spec.parties, std::to_string(rule->at("required").get<std::size_t>()), veto,
                       "record", "rule.");
    }
    if (const auto deadline = open.find("deadline"); deadline != open.end()) {
      spec.deadline = deadline->get<std::string>();
      const auto closer = parse_deal_closer(open.at("at_deadline").get<std::string>());
      if (!closer) throw StateConflict("unknown deal-closer");
      spec.at_deadline = *closer;
    }
    state = new_negotiation(open.at("negotiation").at("id").get<std::string>(), spec,
                            open.at("negotiation").at("created_at").get<std::string>());
  } catch (const std::exception& e) {
    return fail(1, std::string("session_open: ") + e.what());
  }
  {
    json first = opening_event(state);
    first["at"] = text_field(open, "at");
    const std::string expected = chained_line(first.dump(), "");
    if (expected != lines.front())
      return fail(1,
                  "differs from the replay: recorded " + lines.front() + ", replayed " + expected);
  }
  const auto party_index = [&](const std::string& name) -> std::optional<std::size_t> {
    for (std::size_t p = 0; p < state.parties.size(); ++p)
      if (state.parties[p].name == name) return p;
    return std::nullopt;
  };

  // The reveals: each opens one of its party's commitments.
  std::map<std::string, json> opened;  // commitment -> stored preferences
  std::vector<bool> revealed(state.parties.size(), false);
  for (std::size_t r = 0; r < reveals.size(); ++r) {
    const std::string where = "reveal line " + std::to_string(r + 1);
    json reveal;
    try {
      reveal = json::parse(reveals[r]);
    } catch (const json::exception&) {
      return fail(0, where + ": not JSON");
    }
    const std::string party = text_field(reveal, "party"), salt = text_field(reveal, "salt");
    const auto p = party_index(party);
    if (!p)
      return fail(0, where + ": \"" + party.substr(0, 80) + "\" is not a party of the record");
    if (!reveal.contains("preferences") || !reveal["preferences"].is_object() ||
        text_field(reveal["preferences"], "party") != party)
      return fail(0, where + ": no preferences of " + party);
    const std::string commitment =
        record_commitment(salt, canonical_json(reveal["preferences"].dump()));
    bool committed = false;
    for (std::size_t n = 1; n < events && !committed; ++n) {
      const json line = json::parse(lines[n]);
      committed = text_field(line, "event") == "commit" && text_field(line, "party") == party &&
                  text_field(line, "commitment") == commitment;
    }
    if (!committed)
      return fail(0, where + ": SHA-256(salt || preferences) of " + party +
                         " is none of its commitments in the record");
    try {
      json stored = submission_from_canonical(reveal["preferences"], where + ".preferences");
      (void)parse_preferences(stored, state.issues);
      opened[commitment] = std::move(stored);
    } catch (const Error& e) {
      return fail(0, where + ": " + e.what());
    }
    revealed[*p] = true;
  }

  const auto all_open = [&] {
    for (const auto& party : state.parties)
      if (!party.preferences || party.preferences->contains("sealed")) return false;
    return true;
  };
  std::size_t analyses = 0, analyses_rerun = 0;
  bool certificate_rerun = false, certificate_seen = false;
  std::size_t sealed_steps = 0;
  for (std::size_t n = 1; n < events;) {
    const json line = json::parse(lines[n]);
    const std::string event = text_field(line, "event");
    Transition next;
    try {
      if (event == "commit") {
        const auto p = party_index(text_field(line, "party"));
        if (!p) return fail(n + 1, "commit of an unknown party");
        const std::string commitment = text_field(line, "commitment");
        const auto found = opened.find(commitment);
        const json preferences =
            found != opened.end() ? found->second : json{{"sealed", commitment}};
        const auto shared = line.find("shared");
        next = submit(state, *p, preferences,
                      shared != line.end() && shared->is_boolean() && shared->get<bool>(), "",
                      commitment);
      } else if (event == "reveal_to_mediator") {
        next = start_analysis(state);
      } else if (event == "analysis") {
        ++analyses;
        const std::int64_t round = line.at("round").get<std::int64_t>();
        if (all_open()) {
          AnalysisSettings settings;
          settings.budget = line.at("budget").get<std::uint64_t>();
          auto result = analyse_negotiation(state, settings, nullptr, nullptr);
          next = analysis_done(state, round, std::move(result.proposals),
                               std::move(result.first_draft), std::move(result.summary));
          ++analyses_rerun;
        } else {
          // The analysis cannot run without every party's preferences: the recorded proposals
          // are taken as they are, and the rules checked around them.
          std::vector<Proposal> proposals;
          for (const auto& p : line.at("proposals")) {
            const std::string kind = p.at("kind").get<std::string>();
            proposals.push_back(
                {kind, kind, parse_package(p.at("package"), state.issues, "proposals.package")});
          }
          if (n + 1 >= events) return fail(n + 1, "an analysis without its first draft");
          const json draft = json::parse(lines[n + 1]);
          AnalysisSummary summary{
              line.at("method").get<std::string>(), line.at("exact").get<bool>(),
              line.at("evaluated").get<std::uint64_t>(), line.at("budget").get<std::uint64_t>()};
          next = analysis_done(state, round, std::move(proposals),
                               parse_package(draft.at("package"), state.issues, "draft.package"),
                               std::move(summary));
        }
      } else if (event == "analysis_stopped") {
        const std::string reason = text_field(line, "reason");
        const std::int64_t round = line.at("round").get<std::int64_t>();
        if (reason == "cancelled")
          next = cancel_analysis(state);
        else if (reason == "time_cap" || reason == "failed")
          next = analysis_stopped(
              state, round, reason == "time_cap" ? AnalysisStop::time_cap : AnalysisStop::failed,
              "");
        else
          return fail(n + 1, "unknown reason \"" + reason + "\" of a stopped analysis");
      } else if (event == "vote") {
        const auto p = party_index(text_field(line, "party"));
        if (!p) return fail(n + 1, "vote of an unknown party");
        std::string agreed_at;
        if (n + 1 < events) {
          const json after = json::parse(lines[n + 1]);
          if (text_field(after, "event") == "outcome") agreed_at = text_field(after, "agreed_at");
        }
        next = vote(state, *p, line.at("version").get<std::int64_t>(),
                    text_field(line, "vote") == "accept", agreed_at);
      } else if (event == "draft") {
        Caller caller;
        const std::string by = text_field(line, "proposed_by");
        if (by == "the mediator") {
          caller.role = Role::mediator;
        } else {
          const auto p = party_index(by);
          if (!p) return fail(n + 1, "a draft proposed by \"" + by + "\", who is not a party");
          caller.role = Role::party;
          caller.party = *p;
        }
        next = change_draft(state, caller, line.at("version").get<std::int64_t>() - 1,
                            parse_package(line.at("package"), state.issues, "package"));
      } else if (event == "certificate") {
        certificate_seen = true;
        if (!state.agreement) return fail(n + 1, "a certificate before the agreement");
        next.state = state;
        if (all_open()) {
          const auto certificate = certify_agreement(state, state.agreement->package);
          if (!certificate) return fail(n + 1, "the agreement could not be certified again");
          next.record.push_back(certificate_event(*certificate));
          out.certificate_json = certificate->json;
          certificate_rerun = true;
        } else {
          next.record.push_back(event_without_chain(line));
        }
      } else if (const auto step = replay_mechanism_step(state, lines, n, events)) {
        next = std::move(*step);
        sealed_steps += text_field(line, "commitment").empty() ? 0 : 1;
      } else {
        return fail(n + 1, "\"" + event + "\" is not an event that starts a step here");
      }
    } catch (const Error& e) {
      return fail(n + 1, std::string("the negotiation's rules refuse this event: ") + e.what());
    } catch (const json::exception& e) {
      return fail(n + 1, std::string("a field is missing or of the wrong kind: ") + e.what());
    }
    if (next.record.empty()) return fail(n + 1, "this event changes nothing");
    for (std::size_t k = 0; k < next.record.size(); ++k) {
      const std::size_t at = n + k;
      if (at >= events)
        return fail(events, "the record ends where the replay goes on with " +
                                canonical_json(next.record[k].dump()));
      json expected = next.record[k];
      expected["at"] = text_field(json::parse(lines[at]), "at");
      const std::string replayed = chained_line(expected.dump(), lines[at - 1]);
      if (replayed != lines[at])
        return fail(at + 1,
                    "differs from the replay: recorded " + lines[at] + ", replayed " + replayed);
    }
    n += next.record.size();
    state = std::move(next.state);
  }

  std::size_t opened_count = 0;
  for (const bool r : revealed) opened_count += r ? 1 : 0;
  verdict.notes.push_back(std::to_string(reveals.size()) + " reveal(s) opened commitments of " +
                          std::to_string(opened_count) + " of " +
                          std::to_string(state.parties.size()) + " parties");
  verdict.notes.push_back("every event follows the single-text rules: " + std::to_string(events) +
                          " events replayed, byte for byte");
  if (analyses)
    verdict.notes.push_back(
        analyses_rerun == analyses
            ? "every analysis run again from the revealed preferences: the same proposals"
            : std::to_string(analyses - analyses_rerun) + " of " + std::to_string(analyses) +
                  " analyses not run again (they need every party's reveal): their proposals "
                  "are taken as recorded");
  if (certificate_seen)
    verdict.notes.push_back(certificate_rerun
                                ? "the agreement certified again: the same certificate (SHA-256)"
                                : "the agreement's certificate not checked (it needs every "
                                  "party's reveal)");
  if (sealed_steps)
    verdict.notes.push_back(std::to_string(sealed_steps) +
                            " sealed answers (acceptances, yes or no, approvals, final offers, "
                            "blind bids) are commitments only: what each mechanism revealed is "
                            "taken as recorded and checked against its rules");
  if (state.phase == Phase::agreed && !state.mechanisms.agreed_by.empty() &&
      state.mechanisms.agreed_by != "single-text")
    verdict.notes.push_back("agreement by " + state.mechanisms.agreed_by +
                            (state.mechanisms.agreed_item.empty()
                                 ? std::string()
                                 : " (" + state.mechanisms.agreed_item + ")"));
  else if (state.phase == Phase::agreed)
    verdict.notes.push_back("agreement on draft " + std::to_string(state.agreement->version));
  else if (state.phase == Phase::closed)
    verdict.notes.push_back("closed without agreement: " + state.mechanisms.closed_reason);
  else
    verdict.notes.push_back(std::string("no agreement yet: the negotiation is ") +
                            to_string(state.phase));
  if (all_open()) out.scenario_yaml = negotiation_yaml(state);
  return out;
}

std::vector<std::string> export_replay(const ServiceReplay& replay, const std::string& folder) {
  if (!replay.scenario_yaml)
    throw StateConflict("the negotiation needs every party's reveal to be written");
  const fs::path where(folder);
  std::error_code error;
  fs::create_directories(where, error);
  if (error) throw IoError(folder, "cannot create the folder", error.message());
  std::vector<std::string> written;
  detail::write_file_atomically(where / "negotiation.yaml", *replay.scenario_yaml,
                                detail::Durability::durable);
  written.push_back((where / "negotiation.yaml").string());
  if (replay.certificate_json) {
    detail::write_file_atomically(where / "agreement-certificate.json", *replay.certificate_json,
                                  detail::Durability::durable);
    written.push_back((where / "agreement-certificate.json").string());
  }
  return written;
}

}  // namespace parley::service
