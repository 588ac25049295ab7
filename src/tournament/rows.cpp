// Result rows: per-scenario reference points, the row of one negotiation, JSONL and CSV forms.
#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "parley/analysis.hpp"
#include "parley/frontier.hpp"
#include "parley/negotiation.hpp"
#include "parley/tournament.hpp"

namespace parley {
namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

nlohmann::json number_or_null(double x) {
  return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr);
}

double number_from(const nlohmann::json& j) { return j.is_null() ? not_a_number : j.get<double>(); }

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

std::string csv_number(double x) { return std::isfinite(x) ? fmt::format("{}", x) : std::string(); }

}  // namespace

ScenarioReference scenario_reference(const Scenario& scenario) {
  ScenarioReference reference;
  for (const auto& party : scenario.parties())
    reference.reservation.push_back(party.reservation_value);
  AnalysisOptions options;
  // Deterministic even where the anytime search is needed: bounded by evaluations, not time.
  options.frontier.max_evaluations = 2'000'000;
  reference.frontier = pareto_frontier(scenario, options.frontier);
  const AgreementZone zone = agreement_zone(scenario, reference.frontier, options);
  if (zone.exists)
    reference.solutions = bargaining_solutions(scenario, zone, reference.frontier.tolerance);
  return reference;
}

ResultRow make_row(const Job& job, const TournamentSpec& spec, const Scenario& scenario,
                   const ScenarioReference& reference, const NegotiationRecord& record,
                   double seconds) {
  ResultRow row;
  row.index = job.index;
  row.scenario = scenario.name();
  row.scenario_index = job.scenario;
  for (auto agent : job.agents) row.agents.push_back(spec.agents.at(agent));
  row.repetition = job.repetition;
  row.seed = job.seed;
  row.agreement = record.agreement;
  if (record.agreement && scenario.space().contains(record.outcome))
    row.outcome = scenario.describe(record.outcome);
  row.utilities = record.utilities;
  // An engine that failed before producing utilities: everyone gets the walk-away value.
  if (row.utilities.size() != scenario.party_count()) row.utilities = reference.reservation;
  row.welfare = 0.0;
  for (std::size_t p = 0; p < row.utilities.size(); ++p) {
    row.advantages.push_back(row.utilities[p] - reference.reservation.at(p));
    row.welfare += row.utilities[p];
  }
  row.rounds = record.rounds;
  row.end = record.end;
  const OutcomeAssessment assessment =
      assess_outcome(row.utilities, reference.frontier, reference.solutions);
  row.distance_frontier =
      reference.frontier.packages.empty() ? not_a_number : assessment.distance_to_frontier;
  row.distance_nash = assessment.distance_to_nash.value_or(not_a_number);
  row.distance_kalai_smorodinsky = assessment.distance_to_kalai_smorodinsky.value_or(not_a_number);
  row.failure = record.failure;
  if (record.failed_party && *record.failed_party < row.agents.size())
    row.failed_agent = row.agents[*record.failed_party];
  row.seconds = seconds;
  return row;
}

std::string to_json_line(const ResultRow& row, bool with_time) {
  nlohmann::ordered_json j;
  j["index"] = row.index;
  j["scenario"] = row.scenario;
  j["scenario_index"] = row.scenario_index;
  j["agents"] = row.agents;
  j["repetition"] = row.repetition;
  j["seed"] = row.seed;
  j["agreement"] = row.agreement;
  j["outcome"] = row.outcome;
  j["utilities"] = row.utilities;
  j["advantages"] = row.advantages;
  j["welfare"] = row.welfare;
  j["rounds"] = row.rounds;
  j["end"] = row.end;
  j["distance_frontier"] = number_or_null(row.distance_frontier);
  j["distance_nash"] = number_or_null(row.distance_nash);
  j["distance_kalai_smorodinsky"] = number_or_null(row.distance_kalai_smorodinsky);
  j["failure"] = row.failure;
  j["failed_agent"] = row.failed_agent;
  if (with_time) j["seconds"] = row.seconds;
  return j.dump();
}

std::optional<ResultRow> parse_json_line(const std::string& line) {
  const auto j = nlohmann::json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  try {
    ResultRow row;
    row.index = j.at("index").get<std::uint64_t>();
    row.scenario = j.at("scenario").get<std::string>();
    row.scenario_index = j.at("scenario_index").get<std::uint32_t>();
    row.agents = j.at("agents").get<std::vector<std::string>>();
    row.repetition = j.at("repetition").get<std::uint32_t>();
    row.seed = j.at("seed").get<std::uint64_t>();
    row.agreement = j.at("agreement").get<bool>();
    row.outcome = j.at("outcome").get<std::string>();
    row.utilities = j.at("utilities").get<std::vector<double>>();
    row.advantages = j.at("advantages").get<std::vector<double>>();
    row.welfare = j.at("welfare").get<double>();
    row.rounds = j.at("rounds").get<std::uint64_t>();
    row.end = j.at("end").get<std::string>();
    row.distance_frontier = number_from(j.at("distance_frontier"));
    row.distance_nash = number_from(j.at("distance_nash"));
    row.distance_kalai_smorodinsky = number_from(j.at("distance_kalai_smorodinsky"));
    row.failure = j.at("failure").get<std::string>();
    row.failed_agent = j.at("failed_agent").get<std::string>();
    if (j.contains("seconds")) row.seconds = j.at("seconds").get<double>();
    if (row.agents.size() != row.utilities.size()) return std::nullopt;
    return row;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

std::string csv_header(std::size_t parties) {
  std::string header = "index,scenario,scenario_index,repetition,seed";
  for (std::size_t p = 1; p <= parties; ++p) header += fmt::format(",agent_{}", p);
  header += ",agreement,outcome";
  for (std::size_t p = 1; p <= parties; ++p) header += fmt::format(",utility_{}", p);
  for (std::size_t p = 1; p <= parties; ++p) header += fmt::format(",advantage_{}", p);
  header +=
      ",welfare,rounds,end,distance_frontier,distance_nash,distance_kalai_smorodinsky,failure,"
      "failed_agent";
  return header;
}

std::string to_csv_line(const ResultRow& row, std::size_t parties) {
  std::string line = fmt::format("{},{},{},{},{}", row.index, csv_field(row.scenario),
                                 row.scenario_index, row.repetition, row.seed);
  auto per_party = [&](auto&& field_of) {
    for (std::size_t p = 0; p < parties; ++p) {
      line += ',';
      if (p < row.agents.size()) line += field_of(p);
    }
  };
  per_party([&](std::size_t p) { return csv_field(row.agents[p]); });
  line += row.agreement ? ",true," : ",false,";
  line += csv_field(row.outcome);
  per_party([&](std::size_t p) { return csv_number(row.utilities[p]); });
  per_party([&](std::size_t p) { return csv_number(row.advantages[p]); });
  line += fmt::format(",{},{},{},{},{},{},{},{}", csv_number(row.welfare), row.rounds,
                      csv_field(row.end), csv_number(row.distance_frontier),
                      csv_number(row.distance_nash), csv_number(row.distance_kalai_smorodinsky),
                      csv_field(row.failure), csv_field(row.failed_agent));
  return line;
}

}  // namespace parley
