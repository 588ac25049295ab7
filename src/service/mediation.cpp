#include "parley/service/mediation.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <random>
#include <set>

#include "parley/analysis.hpp"
#include "parley/scenario.hpp"
#include "parley/service/tokens.hpp"

namespace parley::service {
namespace {

using nlohmann::json;

constexpr const char* request_origin = "request";

[[noreturn]] void bad(std::string field, std::string found, std::string expected) {
  throw InputError(request_origin, std::nullopt, std::move(field), std::move(found),
                   std::move(expected));
}

std::string kind_of(const json& value) { return value.type_name(); }

std::string checked_name(const json& value, std::string field, std::size_t max_length) {
  if (!value.is_string()) bad(field, kind_of(value), "a string");
  const auto text = value.get<std::string>();
  if (text.empty() || text.size() > max_length)
    bad(field, std::to_string(text.size()) + " characters",
        "1 to " + std::to_string(max_length) + " characters");
  for (const unsigned char c : text)
    if (c < 0x20 || c == 0x7f) bad(field, "a control character", "printable text");
  return text;
}

double checked_number(const json& value, const std::string& field, double lower, double upper) {
  if (!value.is_number()) bad(field, kind_of(value), "a number");
  const double number = value.get<double>();
  if (!std::isfinite(number) || number < lower || number > upper)
    bad(field, format_number(number),
        "a number in [" + format_number(lower) + ", " + format_number(upper) + "]");
  return number;
}

const json& member(const json& object, const char* key, const std::string& field) {
  if (!object.is_object()) bad(field, kind_of(object), "an object");
  const auto it = object.find(key);
  if (it == object.end()) bad(field + "." + key, "nothing", "a value");
  return *it;
}

std::string utc_now() {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm parts{};
  gmtime_r(&now, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

json issues_json(const std::vector<Issue>& issues) {
  json list = json::array();
  for (const auto& issue : issues) {
    json options = json::array();
    for (const auto& option : issue.options()) options.push_back(option.name);
    list.push_back({{"name", issue.name()}, {"options", options}});
  }
  return list;
}

std::vector<Issue> issues_from(const json& spec) {
  std::vector<Issue> issues;
  for (const auto& issue : spec.at("issues")) {
    std::vector<Option> options;
    for (const auto& option : issue.at("options"))
      options.push_back({option.get<std::string>(), {}});
    issues.push_back(Issue::categorical(issue.at("name").get<std::string>(), std::move(options)));
  }
  return issues;
}

// The rows of one negotiation, read inside a transaction.
struct PartyRow {
  std::string name;
  std::optional<json> preferences;
  bool shared = false;
  std::optional<std::string> vote;
  std::int64_t vote_version = -1;
};

struct NegotiationRow {
  std::string id;
  std::string title;
  json spec;
  std::vector<Issue> issues;
  std::string phase;
  std::string created_at;
  json proposals;  // null before drafting
  json draft;      // {"package": [...], "previous": [...]|null, "proposed_by": "..."}
  std::int64_t draft_version = 0;
  json agreement;  // {"package": [...], "version": n}
  std::string agreed_at;
  std::vector<PartyRow> parties;
};

json parse_stored(const std::string& text) { return text.empty() ? json() : json::parse(text); }

NegotiationRow load(Database& db, const std::string& id) {
  auto statement = db.prepare(
      "SELECT title, spec, phase, created_at, proposals, draft, draft_version, agreement, "
      "agreed_at FROM negotiations WHERE id = ?1");
  statement.bind(1, id);
  if (!statement.step()) throw AccessDenied("unknown negotiation", false);
  NegotiationRow row;
  row.id = id;
  row.title = statement.text(0);
  row.spec = json::parse(statement.text(1));
  row.issues = issues_from(row.spec);
  row.phase = statement.text(2);
  row.created_at = statement.text(3);
  row.proposals = parse_stored(statement.text(4));
  row.draft = parse_stored(statement.text(5));
  row.draft_version = statement.integer(6);
  row.agreement = parse_stored(statement.text(7));
  row.agreed_at = statement.text(8);
  auto parties = db.prepare(
      "SELECT name, preferences, shared, vote, vote_version FROM parties "
      "WHERE negotiation_id = ?1 ORDER BY party");
  parties.bind(1, id);
  while (parties.step()) {
    PartyRow party;
    party.name = parties.text(0);
    if (!parties.is_null(1)) party.preferences = json::parse(parties.text(1));
    party.shared = parties.integer(2) != 0;
    if (!parties.is_null(3)) party.vote = parties.text(3);
    if (!parties.is_null(4)) party.vote_version = parties.integer(4);
    row.parties.push_back(std::move(party));
  }
  return row;
}

void record_event(Database& db, const std::string& id, const std::string& what) {
  db.prepare("INSERT INTO events (negotiation_id, at, what) VALUES (?1, ?2, ?3)")
      .bind(1, id)
      .bind(2, utc_now())
      .bind(3, what)
      .run();
}

Outcome outcome_from(const json& indices) { return indices.get<Outcome>(); }

// Votes count only for the current draft version.
bool accepted_current(const PartyRow& party, std::int64_t version) {
  return party.vote && *party.vote == "accept" && party.vote_version == version;
}

PartyPreferences stored_preferences(const NegotiationRow& row, std::size_t party) {
  return parse_preferences(*row.parties.at(party).preferences, row.issues);
}

// Nash, Kalai-Smorodinsky and egalitarian packages of the scenario the parties' preferences make.
json compute_proposals(const NegotiationRow& row, json& first_draft) {
  std::vector<Party> parties;
  for (std::size_t p = 0; p < row.parties.size(); ++p) {
    const auto preferences = stored_preferences(row, p);
    Party party;
    party.name = row.parties[p].name;
    party.utility = preferences.utility(row.issues);
    party.reservation_value = preferences.reservation_value(row.issues);
    party.reservation_outcome = preferences.walk_away_package;
    parties.push_back(std::move(party));
  }
  const Scenario scenario(row.title, row.issues, std::move(parties));
  const Analysis analysis = analyse(scenario);
  json proposals = json::array();
  for (const auto& solution : analysis.solutions) {
    if (solution.kind != SolutionKind::nash && solution.kind != SolutionKind::kalai_smorodinsky &&
        solution.kind != SolutionKind::egalitarian)
      continue;
    if (solution.packages.empty()) continue;
    proposals.push_back({{"kind", to_string(solution.kind)},
                         {"title", title(solution.kind)},
                         {"package", solution.packages.front().outcome}});
  }
  // No package satisfies every walk-away value: start from the frontier package closest to it.
  if (!proposals.empty())
    first_draft = proposals.front().at("package");
  else if (analysis.zone.closest_package)
    first_draft = analysis.zone.closest_package->outcome;
  else if (!analysis.frontier.packages.empty())
    first_draft = analysis.frontier.packages.front().outcome;
  else
    first_draft = Outcome(row.issues.size(), 0);
  return proposals;
}

void save_draft(Database& db, const std::string& id, const json& draft, std::int64_t version) {
  db.prepare("UPDATE negotiations SET draft = ?2, draft_version = ?3 WHERE id = ?1")
      .bind(1, id)
      .bind(2, draft.dump())
      .bind(3, version)
      .run();
}

void save_vote(Database& db, const std::string& id, std::size_t party, const char* vote,
               std::int64_t version) {
  db.prepare(
        "UPDATE parties SET vote = ?3, vote_version = ?4 WHERE negotiation_id = ?1 AND party = ?2")
      .bind(1, id)
      .bind(2, static_cast<std::int64_t>(party))
      .bind(3, vote)
      .bind(4, version)
      .run();
}

void require_party(const Caller& caller) {
  if (caller.role != Role::party) throw AccessDenied("this request is for parties", true);
}

void require_mediator(const Caller& caller) {
  if (caller.role != Role::mediator) throw AccessDenied("this request is for the mediator", true);
}

json draft_json(const NegotiationRow& row, const LinearAdditiveUtility* own_utility,
                bool with_voters) {
  if (row.draft.is_null()) return nullptr;
  const Outcome package = outcome_from(row.draft.at("package"));
  json draft = {{"version", row.draft_version},
                {"package", package_json(package, row.issues)},
                {"proposed_by", row.draft.at("proposed_by")}};
  if (!row.draft.at("previous").is_null())
    draft["previous"] = package_json(outcome_from(row.draft.at("previous")), row.issues);
  else
    draft["previous"] = nullptr;
  if (own_utility) draft["utility"] = own_utility->utility(package);
  std::size_t accepted = 0;
  json votes = json::object();
  for (const auto& party : row.parties) {
    if (accepted_current(party, row.draft_version)) ++accepted;
    if (with_voters)
      votes[party.name] =
          party.vote && party.vote_version == row.draft_version ? json(*party.vote) : json(nullptr);
  }
  draft["accepted_count"] = accepted;
  draft["party_count"] = row.parties.size();
  if (with_voters) draft["votes"] = votes;
  return draft;
}

json agreement_json(const NegotiationRow& row, const LinearAdditiveUtility* own_utility) {
  if (row.agreement.is_null()) return nullptr;
  const Outcome package = outcome_from(row.agreement.at("package"));
  json agreement = {{"package", package_json(package, row.issues)},
                    {"version", row.agreement.at("version")},
                    {"agreed_at", row.agreed_at}};
  if (own_utility) agreement["utility"] = own_utility->utility(package);
  return agreement;
}

json negotiation_json(const NegotiationRow& row) {
  return {{"id", row.id},
          {"title", row.title},
          {"phase", row.phase},
          {"created_at", row.created_at},
          {"issues", issues_json(row.issues)}};
}

// A few packages spread over the space for the "does this ranking look right?" check; seeded by
// the negotiation id so a party sees the same ones every time.
std::vector<Outcome> sample_packages(const NegotiationRow& row, std::size_t count) {
  std::seed_seq seed(row.id.begin(), row.id.end());
  std::mt19937_64 generator(seed);
  std::vector<Outcome> samples;
  std::set<Outcome> seen;
  const OutcomeSpace space([&] {
    std::vector<std::uint32_t> sizes;
    for (const auto& issue : row.issues) sizes.push_back(issue.cardinality());
    return sizes;
  }());
  const double total = space.size_double();
  const std::size_t wanted = static_cast<std::size_t>(std::min<double>(double(count), total));
  for (std::size_t attempt = 0; samples.size() < wanted && attempt < 50 * count; ++attempt) {
    Outcome outcome;
    for (const auto& issue : row.issues)
      outcome.push_back(static_cast<ValueIndex>(generator() % issue.cardinality()));
    if (seen.insert(outcome).second) samples.push_back(outcome);
  }
  return samples;
}

}  // namespace

const char* to_string(Role role) noexcept { return role == Role::mediator ? "mediator" : "party"; }

NegotiationSpec parse_negotiation_spec(const json& body, const Limits& limits) {
  if (!body.is_object()) bad("body", kind_of(body), "an object");
  NegotiationSpec spec;
  spec.title = checked_name(member(body, "title", "body"), "title", limits.max_title_length);
  const auto& issues = member(body, "issues", "body");
  if (!issues.is_array() || issues.empty() || issues.size() > limits.max_issues)
    bad("issues", issues.is_array() ? std::to_string(issues.size()) + " issues" : kind_of(issues),
        "1 to " + std::to_string(limits.max_issues) + " issues");
  std::set<std::string> issue_names;
  for (std::size_t i = 0; i < issues.size(); ++i) {
    const std::string field = "issues[" + std::to_string(i) + "]";
    const auto name =
        checked_name(member(issues[i], "name", field), field + ".name", limits.max_name_length);
    if (!issue_names.insert(name).second)
      bad(field + ".name", "'" + name + "' twice", "distinct names");
    const auto& options = member(issues[i], "options", field);
    if (!options.is_array() || options.size() < 2 || options.size() > limits.max_options)
      bad(field + ".options",
          options.is_array() ? std::to_string(options.size()) + " options" : kind_of(options),
          "2 to " + std::to_string(limits.max_options) + " options");
    std::vector<Option> parsed;
    std::set<std::string> option_names;
    for (std::size_t o = 0; o < options.size(); ++o) {
      const auto option_field = field + ".options[" + std::to_string(o) + "]";
      auto option = checked_name(options[o], option_field, limits.max_name_length);
      if (!option_names.insert(option).second)
        bad(option_field, "'" + option + "' twice", "distinct options");
      parsed.push_back({std::move(option), {}});
    }
    spec.issues.push_back(Issue::categorical(name, std::move(parsed)));
  }
  const auto& parties = member(body, "parties", "body");
  if (!parties.is_array() || parties.size() < limits.min_parties ||
      parties.size() > limits.max_parties)
    bad("parties",
        parties.is_array() ? std::to_string(parties.size()) + " parties" : kind_of(parties),
        std::to_string(limits.min_parties) + " to " + std::to_string(limits.max_parties) +
            " parties");
  std::set<std::string> party_names;
  for (std::size_t p = 0; p < parties.size(); ++p) {
    const auto field = "parties[" + std::to_string(p) + "]";
    auto name = checked_name(parties[p], field, limits.max_name_length);
    if (!party_names.insert(name).second) bad(field, "'" + name + "' twice", "distinct names");
    spec.parties.push_back(std::move(name));
  }
  return spec;
}

Outcome parse_package(const json& body, const std::vector<Issue>& issues, std::string_view field) {
  const std::string where(field);
  if (!body.is_object()) bad(where, kind_of(body), "an object {issue: option}");
  if (body.size() != issues.size())
    bad(where, std::to_string(body.size()) + " issues", std::to_string(issues.size()) + " issues");
  Outcome outcome;
  for (const auto& issue : issues) {
    const auto it = body.find(issue.name());
    if (it == body.end()) bad(where + "." + issue.name(), "nothing", "an option");
    if (!it->is_string()) bad(where + "." + issue.name(), kind_of(*it), "an option name");
    const auto value = issue.find_value(it->get<std::string>());
    if (!value)
      bad(where + "." + issue.name(), "'" + it->get<std::string>() + "'", "an option of the issue");
    outcome.push_back(*value);
  }
  return outcome;
}

json package_json(const Outcome& package, const std::vector<Issue>& issues) {
  json object = json::object();
  for (std::size_t i = 0; i < issues.size(); ++i)
    object[issues[i].name()] = issues[i].value_label(package.at(i));
  return object;
}

PartyPreferences parse_preferences(const json& body, const std::vector<Issue>& issues) {
  if (!body.is_object()) bad("body", kind_of(body), "an object");
  PartyPreferences preferences;
  const auto& weights = member(body, "weights", "body");
  const auto& scores = member(body, "scores", "body");
  if (!weights.is_object() || weights.size() != issues.size())
    bad("weights",
        weights.is_object() ? std::to_string(weights.size()) + " issues" : kind_of(weights),
        "one weight per issue (" + std::to_string(issues.size()) + ")");
  if (!scores.is_object() || scores.size() != issues.size())
    bad("scores", scores.is_object() ? std::to_string(scores.size()) + " issues" : kind_of(scores),
        "option scores for each issue (" + std::to_string(issues.size()) + ")");
  double weight_sum = 0.0;
  for (const auto& issue : issues) {
    const std::string name = issue.name();
    const double weight =
        checked_number(member(weights, name.c_str(), "weights"), "weights." + name, 0.0, 1e6);
    preferences.weights.push_back(weight);
    weight_sum += weight;
    const auto& issue_scores = member(scores, name.c_str(), "scores");
    if (!issue_scores.is_object() || issue_scores.size() != issue.cardinality())
      bad("scores." + name,
          issue_scores.is_object() ? std::to_string(issue_scores.size()) + " options"
                                   : kind_of(issue_scores),
          "a score for each of its " + std::to_string(issue.cardinality()) + " options");
    std::vector<double> table;
    double best = 0.0;
    for (const auto& option : issue.options()) {
      const double score =
          checked_number(member(issue_scores, option.name.c_str(), "scores." + name),
                         "scores." + name + "." + option.name, 0.0, 100.0);
      table.push_back(score);
      best = std::max(best, score);
    }
    if (best <= 0.0)
      bad("scores." + name, "no positive score", "at least one option scored above 0");
    preferences.scores.push_back(std::move(table));
  }
  if (weight_sum <= 0.0) bad("weights", "weights summing to 0", "a positive weight");
  for (auto& weight : preferences.weights) weight /= weight_sum;
  const auto& walk_away = member(body, "walk_away", "body");
  if (!walk_away.is_object() || walk_away.size() != 1)
    bad("walk_away", kind_of(walk_away), "{\"value\": v} or {\"package\": {issue: option}}");
  if (walk_away.contains("value"))
    preferences.walk_away_value = checked_number(walk_away["value"], "walk_away.value", 0.0, 1.0);
  else if (walk_away.contains("package"))
    preferences.walk_away_package =
        parse_package(walk_away["package"], issues, "walk_away.package");
  else
    bad("walk_away", "another key", "\"value\" or \"package\"");
  if (const auto it = body.find("share_with_mediator"); it != body.end()) {
    if (!it->is_boolean()) bad("share_with_mediator", kind_of(*it), "true or false");
    preferences.share_with_mediator = it->get<bool>();
  }
  return preferences;
}

json to_json(const PartyPreferences& preferences, const std::vector<Issue>& issues) {
  json weights = json::object(), scores = json::object();
  for (std::size_t i = 0; i < issues.size(); ++i) {
    weights[issues[i].name()] = preferences.weights[i];
    json table = json::object();
    for (std::size_t o = 0; o < issues[i].options().size(); ++o)
      table[issues[i].options()[o].name] = preferences.scores[i][o];
    scores[issues[i].name()] = table;
  }
  json walk_away = preferences.walk_away_package
                       ? json{{"package", package_json(*preferences.walk_away_package, issues)}}
                       : json{{"value", preferences.walk_away_value.value_or(0.0)}};
  return {{"weights", weights},
          {"scores", scores},
          {"walk_away", walk_away},
          {"share_with_mediator", preferences.share_with_mediator}};
}

std::shared_ptr<const LinearAdditiveUtility> PartyPreferences::utility(
    const std::vector<Issue>& issues) const {
  std::vector<ValueFunction> functions;
  for (const auto& table : scores) functions.push_back(ValueFunction::from_scores(table));
  return std::make_shared<const LinearAdditiveUtility>(issues, weights, std::move(functions));
}

double PartyPreferences::reservation_value(const std::vector<Issue>& issues) const {
  if (walk_away_package) return utility(issues)->utility(*walk_away_package);
  return walk_away_value.value_or(0.0);
}

Mediation::Mediation(Database& database, Limits limits)
    : database_(database), limits_(std::move(limits)) {}

Invitation Mediation::create(const NegotiationSpec& spec) {
  Invitation invitation;
  invitation.negotiation_id = random_hex(16);
  invitation.mediator_token = new_token();
  invitation.party_names = spec.parties;
  for (std::size_t p = 0; p < spec.parties.size(); ++p)
    invitation.party_tokens.push_back(new_token());
  const json stored = {{"issues", issues_json(spec.issues)}, {"parties", spec.parties}};
  database_.transaction([&] {
    const auto& id = invitation.negotiation_id;
    database_
        .prepare(
            "INSERT INTO negotiations (id, title, spec, phase, created_at) "
            "VALUES (?1, ?2, ?3, 'collecting', ?4)")
        .bind(1, id)
        .bind(2, spec.title)
        .bind(3, stored.dump())
        .bind(4, utc_now())
        .run();
    auto insert_token = database_.prepare(
        "INSERT INTO tokens (hash, negotiation_id, role, party) VALUES (?1, ?2, ?3, ?4)");
    insert_token.bind(1, token_hash(invitation.mediator_token))
        .bind(2, id)
        .bind(3, "mediator")
        .bind(4, std::int64_t{0})
        .run();
    for (std::size_t p = 0; p < spec.parties.size(); ++p) {
      auto token_statement = database_.prepare(
          "INSERT INTO tokens (hash, negotiation_id, role, party) VALUES (?1, ?2, 'party', ?3)");
      token_statement.bind(1, token_hash(invitation.party_tokens[p]))
          .bind(2, id)
          .bind(3, static_cast<std::int64_t>(p))
          .run();
      database_.prepare("INSERT INTO parties (negotiation_id, party, name) VALUES (?1, ?2, ?3)")
          .bind(1, id)
          .bind(2, static_cast<std::int64_t>(p))
          .bind(3, spec.parties[p])
          .run();
    }
    record_event(database_, id, "created");
  });
  return invitation;
}

Caller Mediation::authenticate(std::string_view token) {
  // Well-formed tokens only: bounded length and the base64url alphabet, before any hashing.
  if (token.empty() || token.size() > 128) throw AccessDenied("missing or invalid token", false);
  for (const char c : token)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'))
      throw AccessDenied("missing or invalid token", false);
  const auto hash = token_hash(token);
  return database_.transaction([&] {
    auto statement =
        database_.prepare("SELECT negotiation_id, role, party FROM tokens WHERE hash = ?1");
    statement.bind(1, hash);
    if (!statement.step()) throw AccessDenied("missing or invalid token", false);
    Caller caller;
    caller.negotiation_id = statement.text(0);
    caller.role = statement.text(1) == "mediator" ? Role::mediator : Role::party;
    caller.party = static_cast<std::size_t>(statement.integer(2));
    return caller;
  });
}

json Mediation::party_view(const Caller& caller) {
  require_party(caller);
  const auto row = database_.transaction([&] { return load(database_, caller.negotiation_id); });
  const auto& me = row.parties.at(caller.party);
  std::shared_ptr<const LinearAdditiveUtility> utility;
  json view = {{"role", "party"}, {"negotiation", negotiation_json(row)}};
  json parties = json::array();
  for (const auto& party : row.parties)
    parties.push_back({{"name", party.name}, {"submitted", party.preferences.has_value()}});
  view["parties"] = parties;
  view["me"] = {
      {"name", me.name}, {"index", caller.party}, {"submitted", me.preferences.has_value()}};
  json samples = json::array();
  for (const auto& sample : sample_packages(row, limits_.sample_packages))
    samples.push_back(package_json(sample, row.issues));
  view["sample_packages"] = samples;
  if (me.preferences) {
    const auto preferences = stored_preferences(row, caller.party);
    utility = preferences.utility(row.issues);
    view["preferences"] = to_json(preferences, row.issues);
    view["walk_away_utility"] = preferences.reservation_value(row.issues);
  } else {
    view["preferences"] = nullptr;
  }
  json proposals = json::array();
  if (row.proposals.is_array())
    for (const auto& proposal : row.proposals) {
      const Outcome package = outcome_from(proposal.at("package"));
      proposals.push_back({{"kind", proposal.at("kind")},
                           {"title", proposal.at("title")},
                           {"package", package_json(package, row.issues)},
                           {"utility", utility ? json(utility->utility(package)) : json(nullptr)}});
    }
  view["proposals"] = proposals;
  view["draft"] = draft_json(row, utility.get(), false);
  view["my_vote"] =
      me.vote && me.vote_version == row.draft_version ? json(*me.vote) : json(nullptr);
  view["agreement"] = agreement_json(row, utility.get());
  return view;
}

json Mediation::mediator_view(const Caller& caller) {
  require_mediator(caller);
  const auto row = database_.transaction([&] { return load(database_, caller.negotiation_id); });
  json view = {{"role", "mediator"}, {"negotiation", negotiation_json(row)}};
  json parties = json::array();
  for (const auto& party : row.parties) {
    json entry = {{"name", party.name},
                  {"submitted", party.preferences.has_value()},
                  {"vote", party.vote && party.vote_version == row.draft_version ? json(*party.vote)
                                                                                 : json(nullptr)}};
    entry["shared_preferences"] =
        party.preferences && party.shared ? *party.preferences : json(nullptr);
    parties.push_back(entry);
  }
  view["parties"] = parties;
  json proposals = json::array();
  if (row.proposals.is_array())
    for (const auto& proposal : row.proposals)
      proposals.push_back(
          {{"kind", proposal.at("kind")},
           {"title", proposal.at("title")},
           {"package", package_json(outcome_from(proposal.at("package")), row.issues)}});
  view["proposals"] = proposals;
  view["draft"] = draft_json(row, nullptr, true);
  view["agreement"] = agreement_json(row, nullptr);
  return view;
}

json Mediation::submit_preferences(const Caller& caller, const json& body) {
  require_party(caller);
  database_.transaction([&] {
    auto row = load(database_, caller.negotiation_id);
    if (row.phase != "collecting")
      throw StateConflict("preferences are closed: every party has submitted");
    const auto preferences = parse_preferences(body, row.issues);
    const json stored = to_json(preferences, row.issues);
    database_
        .prepare(
            "UPDATE parties SET preferences = ?3, shared = ?4, submitted_at = ?5 "
            "WHERE negotiation_id = ?1 AND party = ?2")
        .bind(1, row.id)
        .bind(2, static_cast<std::int64_t>(caller.party))
        .bind(3, stored.dump())
        .bind(4, std::int64_t{preferences.share_with_mediator ? 1 : 0})
        .bind(5, utc_now())
        .run();
    record_event(database_, row.id, "party " + std::to_string(caller.party) + " submitted");
    row.parties[caller.party].preferences = stored;
    const bool everyone = std::all_of(row.parties.begin(), row.parties.end(),
                                      [](const PartyRow& p) { return p.preferences.has_value(); });
    if (!everyone) return;
    json first_draft;
    const json proposals = compute_proposals(row, first_draft);
    database_.prepare("UPDATE negotiations SET phase = 'drafting', proposals = ?2 WHERE id = ?1")
        .bind(1, row.id)
        .bind(2, proposals.dump())
        .run();
    save_draft(database_, row.id,
               {{"package", first_draft}, {"previous", nullptr}, {"proposed_by", "parley"}}, 1);
    record_event(database_, row.id, "proposals computed; draft 1 opened");
  });
  return party_view(caller);
}

std::vector<double> Mediation::evaluate(const Caller& caller, const std::vector<json>& packages,
                                        const std::optional<json>& preferences) {
  require_party(caller);
  if (packages.empty() || packages.size() > limits_.max_evaluated_packages)
    bad("packages", std::to_string(packages.size()) + " packages",
        "1 to " + std::to_string(limits_.max_evaluated_packages) + " packages");
  const auto row = database_.transaction([&] { return load(database_, caller.negotiation_id); });
  std::shared_ptr<const LinearAdditiveUtility> utility;
  if (preferences)
    utility = parse_preferences(*preferences, row.issues).utility(row.issues);
  else if (row.parties.at(caller.party).preferences)
    utility = stored_preferences(row, caller.party).utility(row.issues);
  else
    throw StateConflict("no preferences submitted yet: send them with the request");
  std::vector<double> utilities;
  for (std::size_t i = 0; i < packages.size(); ++i)
    utilities.push_back(utility->utility(
        parse_package(packages[i], row.issues, "packages[" + std::to_string(i) + "]")));
  return utilities;
}

json Mediation::vote(const Caller& caller, std::int64_t version, bool accept) {
  require_party(caller);
  database_.transaction([&] {
    auto row = load(database_, caller.negotiation_id);
    if (row.phase != "drafting")
      throw StateConflict("no draft to vote on: the negotiation is " + row.phase);
    if (version != row.draft_version)
      throw StateConflict("draft version " + std::to_string(version) + " is not the current one (" +
                          std::to_string(row.draft_version) + ")");
    save_vote(database_, row.id, caller.party, accept ? "accept" : "reject", version);
    row.parties[caller.party].vote = accept ? "accept" : "reject";
    row.parties[caller.party].vote_version = version;
    if (accept) {
      record_event(
          database_, row.id,
          "party " + std::to_string(caller.party) + " accepted draft " + std::to_string(version));
      const bool everyone =
          std::all_of(row.parties.begin(), row.parties.end(),
                      [&](const PartyRow& p) { return accepted_current(p, version); });
      if (!everyone) return;
      const json agreement = {{"package", row.draft.at("package")}, {"version", version}};
      database_
          .prepare(
              "UPDATE negotiations SET phase = 'agreed', agreement = ?2, agreed_at = ?3 "
              "WHERE id = ?1")
          .bind(1, row.id)
          .bind(2, agreement.dump())
          .bind(3, utc_now())
          .run();
      record_event(database_, row.id, "agreement on draft " + std::to_string(version));
      return;
    }
    record_event(
        database_, row.id,
        "party " + std::to_string(caller.party) + " rejected draft " + std::to_string(version));
    // Rejecting a change restores the text it changed (a new version: everyone votes again).
    if (!row.draft.at("previous").is_null()) {
      save_draft(database_, row.id,
                 {{"package", row.draft.at("previous")},
                  {"previous", nullptr},
                  {"proposed_by", "restored after a rejected change"}},
                 version + 1);
    }
  });
  return party_view(caller);
}

json Mediation::change_draft(const Caller& caller, std::int64_t version, const json& package) {
  database_.transaction([&] {
    auto row = load(database_, caller.negotiation_id);
    if (row.phase != "drafting")
      throw StateConflict("no draft to change: the negotiation is " + row.phase);
    if (version != row.draft_version)
      throw StateConflict("draft version " + std::to_string(version) + " is not the current one (" +
                          std::to_string(row.draft_version) + ")");
    const Outcome outcome = parse_package(package, row.issues, "package");
    if (outcome == outcome_from(row.draft.at("package")))
      throw StateConflict("the change leaves the draft as it is");
    const std::string by =
        caller.role == Role::mediator ? "the mediator" : row.parties.at(caller.party).name;
    save_draft(database_, row.id,
               {{"package", outcome}, {"previous", row.draft.at("package")}, {"proposed_by", by}},
               version + 1);
    if (caller.role == Role::party)
      save_vote(database_, row.id, caller.party, "accept", version + 1);
    record_event(database_, row.id,
                 std::string(to_string(caller.role)) + " changed draft " + std::to_string(version));
  });
  return caller.role == Role::party ? party_view(caller) : mediator_view(caller);
}

std::string Mediation::agreement_document(const Caller& caller) {
  const auto row = database_.transaction([&] { return load(database_, caller.negotiation_id); });
  if (row.phase != "agreed")
    throw StateConflict("no agreement yet: the negotiation is " + row.phase);
  const Outcome package = outcome_from(row.agreement.at("package"));
  std::string text = "# Agreement: " + row.title + "\n\n";
  text += "- Negotiation: " + row.id + "\n";
  text += "- Agreed at: " + row.agreed_at + " (UTC)\n";
  text +=
      "- Draft version: " + std::to_string(row.agreement.at("version").get<std::int64_t>()) + "\n";
  text += "- Parties, each of whom accepted this text:";
  for (std::size_t p = 0; p < row.parties.size(); ++p)
    text += (p ? ", " : " ") + row.parties[p].name;
  text += "\n\n| Issue | Agreed option |\n|---|---|\n";
  for (std::size_t i = 0; i < row.issues.size(); ++i)
    text += "| " + row.issues[i].name() + " | " + row.issues[i].value_label(package[i]) + " |\n";
  text +=
      "\nReached through the parley mediation service: each party entered its preferences "
      "privately; the proposals came from the Nash, Kalai-Smorodinsky and maximin-gain "
      "solutions, refined by a single-text round.\n";
  return text;
}

}  // namespace parley::service
