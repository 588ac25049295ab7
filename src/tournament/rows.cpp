// Result rows: per-scenario reference points, the row of one negotiation, JSONL and CSV forms.
#include <fmt/format.h>

#include <simdjson.h>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <type_traits>

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

void append_csv_field(std::string& line, const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) {
    line += text;
    return;
  }
  line += '"';
  for (char c : text) {
    if (c == '"') line += '"';
    line += c;
  }
  line += '"';
}

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
  // One parser per thread: simdjson parsers are reusable but not shareable.
  thread_local simdjson::dom::parser parser;
  simdjson::dom::object object;
  if (parser.parse(line.data(), line.size()).get(object) != simdjson::SUCCESS) return std::nullopt;
  ResultRow row;
  auto text = [](simdjson::dom::element value, std::string& into) {
    std::string_view view;
    if (value.get(view) != simdjson::SUCCESS) return false;
    into.assign(view);
    return true;
  };
  auto number = [](simdjson::dom::element value, double& into) {
    if (value.is_null()) {
      into = not_a_number;
      return true;
    }
    return value.get(into) == simdjson::SUCCESS;
  };
  auto numbers = [](simdjson::dom::element value, std::vector<double>& into) {
    simdjson::dom::array array;
    if (value.get(array) != simdjson::SUCCESS) return false;
    for (simdjson::dom::element item : array) {
      double x = 0.0;
      if (item.get(x) != simdjson::SUCCESS) return false;
      into.push_back(x);
    }
    return true;
  };
  auto texts = [](simdjson::dom::element value, std::vector<std::string>& into) {
    simdjson::dom::array array;
    if (value.get(array) != simdjson::SUCCESS) return false;
    for (simdjson::dom::element item : array) {
      std::string_view view;
      if (item.get(view) != simdjson::SUCCESS) return false;
      into.emplace_back(view);
    }
    return true;
  };
  auto whole = [](simdjson::dom::element value, auto& into) {
    std::uint64_t x = 0;
    using Target = std::remove_reference_t<decltype(into)>;
    if (value.get(x) != simdjson::SUCCESS || x > std::numeric_limits<Target>::max()) return false;
    into = static_cast<Target>(x);
    return true;
  };
  // One pass over the fields (in any order); every field but "seconds" is required.
  static constexpr std::string_view required[] = {"index",
                                                  "scenario",
                                                  "scenario_index",
                                                  "agents",
                                                  "repetition",
                                                  "seed",
                                                  "agreement",
                                                  "outcome",
                                                  "utilities",
                                                  "advantages",
                                                  "welfare",
                                                  "rounds",
                                                  "end",
                                                  "distance_frontier",
                                                  "distance_nash",
                                                  "distance_kalai_smorodinsky",
                                                  "failure",
                                                  "failed_agent"};
  std::uint32_t seen = 0;
  std::size_t expected = 0;  // to_json_line writes the fields in this order
  for (const auto field : object) {
    const std::string_view key = field.key;
    const simdjson::dom::element value = field.value;
    bool ok = true;
    std::size_t which = std::size(required);
    if (expected < std::size(required) && required[expected] == key) {
      which = expected++;
    } else {
      for (std::size_t k = 0; k < std::size(required); ++k)
        if (required[k] == key) which = k;
    }
    switch (which) {
      case 0:
        ok = whole(value, row.index);
        break;
      case 1:
        ok = text(value, row.scenario);
        break;
      case 2:
        ok = whole(value, row.scenario_index);
        break;
      case 3:
        ok = texts(value, row.agents);
        break;
      case 4:
        ok = whole(value, row.repetition);
        break;
      case 5:
        ok = whole(value, row.seed);
        break;
      case 6:
        ok = value.get(row.agreement) == simdjson::SUCCESS;
        break;
      case 7:
        ok = text(value, row.outcome);
        break;
      case 8:
        ok = numbers(value, row.utilities);
        break;
      case 9:
        ok = numbers(value, row.advantages);
        break;
      case 10:
        ok = number(value, row.welfare);
        break;
      case 11:
        ok = whole(value, row.rounds);
        break;
      case 12:
        ok = text(value, row.end);
        break;
      case 13:
        ok = number(value, row.distance_frontier);
        break;
      case 14:
        ok = number(value, row.distance_nash);
        break;
      case 15:
        ok = number(value, row.distance_kalai_smorodinsky);
        break;
      case 16:
        ok = text(value, row.failure);
        break;
      case 17:
        ok = text(value, row.failed_agent);
        break;
      default:
        if (key == "seconds") ok = value.get(row.seconds) == simdjson::SUCCESS;
    }
    if (!ok) return std::nullopt;
    if (which < std::size(required)) {
      if (seen & (1U << which)) return std::nullopt;  // a field given twice
      seen |= 1U << which;
    }
  }
  if (seen != (1U << std::size(required)) - 1) return std::nullopt;
  if (row.agents.size() != row.utilities.size()) return std::nullopt;
  return row;
}

std::pair<std::string, std::string_view> split_time(const std::string& line) {
  static constexpr std::string_view key = ",\"seconds\":";
  const auto at = line.rfind(key);
  if (at == std::string::npos || line.empty() || line.back() != '}') return {line, {}};
  const std::string_view seconds =
      std::string_view(line).substr(at + key.size(), line.size() - 1 - at - key.size());
  return {line.substr(0, at) + "}", seconds};
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
  std::string line;
  line.reserve(256);
  auto out = std::back_inserter(line);
  auto text = [&](const std::string& field) {
    line += ',';
    append_csv_field(line, field);
  };
  auto number = [&](double x) {
    line += ',';
    if (std::isfinite(x)) fmt::format_to(out, "{}", x);
  };
  fmt::format_to(out, "{}", row.index);
  text(row.scenario);
  fmt::format_to(out, ",{},{},{}", row.scenario_index, row.repetition, row.seed);
  for (std::size_t p = 0; p < parties; ++p) {
    if (p < row.agents.size())
      text(row.agents[p]);
    else
      line += ',';
  }
  line += row.agreement ? ",true" : ",false";
  text(row.outcome);
  for (std::size_t p = 0; p < parties; ++p) {
    if (p < row.utilities.size())
      number(row.utilities[p]);
    else
      line += ',';
  }
  for (std::size_t p = 0; p < parties; ++p) {
    if (p < row.advantages.size())
      number(row.advantages[p]);
    else
      line += ',';
  }
  number(row.welfare);
  fmt::format_to(out, ",{}", row.rounds);
  text(row.end);
  number(row.distance_frontier);
  number(row.distance_nash);
  number(row.distance_kalai_smorodinsky);
  text(row.failure);
  text(row.failed_agent);
  return line;
}

}  // namespace parley
