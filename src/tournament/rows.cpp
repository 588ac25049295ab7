// Result rows: per-scenario reference points, the row of one negotiation, JSONL and CSV forms.
#include <fmt/format.h>

#include <simdjson.h>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <type_traits>

#include "parley/analysis/analysis.hpp"
#include "parley/analysis/frontier.hpp"
#include "parley/negotiate/negotiation.hpp"
#include "parley/tournament/tournament.hpp"
#include "tournament_internal.hpp"

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

// Readers of one journal field each; false when the value has the wrong type.
bool read_text(simdjson::dom::element value, std::string& into) {
  std::string_view view;
  if (value.get(view) != simdjson::SUCCESS) return false;
  into.assign(view);
  return true;
}

bool read_number(simdjson::dom::element value, double& into) {
  if (value.is_null()) {
    into = not_a_number;
    return true;
  }
  return value.get(into) == simdjson::SUCCESS;
}

bool read_numbers(simdjson::dom::element value, std::vector<double>& into) {
  simdjson::dom::array array;
  if (value.get(array) != simdjson::SUCCESS) return false;
  for (simdjson::dom::element item : array) {
    double x = 0.0;
    if (item.get(x) != simdjson::SUCCESS) return false;
    into.push_back(x);
  }
  return true;
}

// A list of numbers or nulls (NaN).
bool read_numbers_or_nulls(simdjson::dom::element value, std::vector<double>& into) {
  simdjson::dom::array array;
  if (value.get(array) != simdjson::SUCCESS) return false;
  for (simdjson::dom::element item : array) {
    double x = 0.0;
    if (!read_number(item, x)) return false;
    into.push_back(x);
  }
  return true;
}

// The optional "model_quality" object: {"pearson":[...],"kendall_tau":[...],
// "frontier_distance":[...]}, one entry per party.
bool read_model_quality(simdjson::dom::element value, ResultRow& row) {
  simdjson::dom::object object;
  if (value.get(object) != simdjson::SUCCESS) return false;
  for (const auto field : object) {
    std::vector<double>* into = field.key == "pearson"             ? &row.model_pearson
                                : field.key == "kendall_tau"       ? &row.model_kendall_tau
                                : field.key == "frontier_distance" ? &row.model_frontier_distance
                                                                   : nullptr;
    if (!into || !into->empty() || !read_numbers_or_nulls(field.value, *into)) return false;
  }
  return row.model_pearson.size() == row.model_kendall_tau.size() &&
         row.model_pearson.size() == row.model_frontier_distance.size();
}

bool read_texts(simdjson::dom::element value, std::vector<std::string>& into) {
  simdjson::dom::array array;
  if (value.get(array) != simdjson::SUCCESS) return false;
  for (simdjson::dom::element item : array) {
    std::string_view view;
    if (item.get(view) != simdjson::SUCCESS) return false;
    into.emplace_back(view);
  }
  return true;
}

template <typename Whole>
bool read_whole(simdjson::dom::element value, Whole& into) {
  std::uint64_t x = 0;
  if (value.get(x) != simdjson::SUCCESS || x > std::numeric_limits<Whole>::max()) return false;
  into = static_cast<Whole>(x);
  return true;
}

}  // namespace

ScenarioReference scenario_reference(const Scenario& scenario) {
  ScenarioReference reference;
  for (const auto& party : scenario.parties())
    reference.reservation.push_back(party.reservation_value);
  AnalysisOptions options;
  // Deterministic even where the anytime search is needed: the default work budget (counted,
  // not timed), the same as `parley solve`'s.
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
  row.payoffs = record.payoffs;
  // An engine that failed before producing utilities: everyone gets the walk-away value.
  if (row.utilities.size() != scenario.party_count()) row.utilities = reference.reservation;
  if (row.payoffs.size() != scenario.party_count()) row.payoffs = row.utilities;
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
  row.model_pearson = record.model_pearson;
  row.model_kendall_tau = record.model_kendall_tau;
  row.model_frontier_distance = record.model_frontier_distance;
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
  j["payoffs"] = row.payoffs;
  j["advantages"] = row.advantages;
  j["welfare"] = row.welfare;
  j["rounds"] = row.rounds;
  j["end"] = row.end;
  j["distance_frontier"] = number_or_null(row.distance_frontier);
  j["distance_nash"] = number_or_null(row.distance_nash);
  j["distance_kalai_smorodinsky"] = number_or_null(row.distance_kalai_smorodinsky);
  j["failure"] = row.failure;
  j["failed_agent"] = row.failed_agent;
  if (!row.model_pearson.empty()) {
    auto list = [](const std::vector<double>& values) {
      nlohmann::json a = nlohmann::json::array();
      for (const double x : values) a.push_back(number_or_null(x));
      return a;
    };
    nlohmann::ordered_json q;
    q["pearson"] = list(row.model_pearson);
    q["kendall_tau"] = list(row.model_kendall_tau);
    q["frontier_distance"] = list(row.model_frontier_distance);
    j["model_quality"] = q;
  }
  if (with_time) j["seconds"] = row.seconds;
  // Scenario and option names are UTF-8 (checked when loaded); an agent's failure message may
  // not be: invalid bytes become U+FFFD rather than a library exception.
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::optional<ResultRow> parse_json_line(const std::string& line) {
  // One parser per thread: simdjson parsers are reusable but not shareable.
  thread_local simdjson::dom::parser parser;
  // Rows are ~0.5 KB; far longer lines are not rows (and would make the parser hold their size).
  // simdjson checks UTF-8 and bounds the nesting (1,024 levels, without recursion).
  if (line.size() > (1u << 20)) return std::nullopt;
  simdjson::dom::object object;
  if (parser.parse(line.data(), line.size()).get(object) != simdjson::SUCCESS) return std::nullopt;
  ResultRow row;
  // One pass over the fields (in any order); every field but "seconds" is required.
  using Field = bool (*)(simdjson::dom::element, ResultRow&);
  struct Reader {
    std::string_view key;
    Field read;
  };
  static constexpr Reader readers[] = {
      {"index", [](simdjson::dom::element v, ResultRow& r) { return read_whole(v, r.index); }},
      {"scenario", [](simdjson::dom::element v, ResultRow& r) { return read_text(v, r.scenario); }},
      {"scenario_index",
       [](simdjson::dom::element v, ResultRow& r) { return read_whole(v, r.scenario_index); }},
      {"agents", [](simdjson::dom::element v, ResultRow& r) { return read_texts(v, r.agents); }},
      {"repetition",
       [](simdjson::dom::element v, ResultRow& r) { return read_whole(v, r.repetition); }},
      {"seed", [](simdjson::dom::element v, ResultRow& r) { return read_whole(v, r.seed); }},
      {"agreement", [](simdjson::dom::element v,
                       ResultRow& r) { return v.get(r.agreement) == simdjson::SUCCESS; }},
      {"outcome", [](simdjson::dom::element v, ResultRow& r) { return read_text(v, r.outcome); }},
      {"utilities",
       [](simdjson::dom::element v, ResultRow& r) { return read_numbers(v, r.utilities); }},
      {"payoffs",
       [](simdjson::dom::element v, ResultRow& r) { return read_numbers(v, r.payoffs); }},
      {"advantages",
       [](simdjson::dom::element v, ResultRow& r) { return read_numbers(v, r.advantages); }},
      {"welfare", [](simdjson::dom::element v, ResultRow& r) { return read_number(v, r.welfare); }},
      {"rounds", [](simdjson::dom::element v, ResultRow& r) { return read_whole(v, r.rounds); }},
      {"end", [](simdjson::dom::element v, ResultRow& r) { return read_text(v, r.end); }},
      {"distance_frontier",
       [](simdjson::dom::element v, ResultRow& r) { return read_number(v, r.distance_frontier); }},
      {"distance_nash",
       [](simdjson::dom::element v, ResultRow& r) { return read_number(v, r.distance_nash); }},
      {"distance_kalai_smorodinsky",
       [](simdjson::dom::element v, ResultRow& r) {
         return read_number(v, r.distance_kalai_smorodinsky);
       }},
      {"failure", [](simdjson::dom::element v, ResultRow& r) { return read_text(v, r.failure); }},
      {"failed_agent",
       [](simdjson::dom::element v, ResultRow& r) { return read_text(v, r.failed_agent); }},
  };
  constexpr std::size_t count = std::size(readers);
  std::uint32_t seen = 0;
  std::size_t expected = 0;  // to_json_line writes the fields in this order
  for (const auto field : object) {
    const std::string_view key = field.key;
    std::size_t which = count;
    if (expected < count && readers[expected].key == key) {
      which = expected++;
    } else {
      for (std::size_t k = 0; k < count; ++k)
        if (readers[k].key == key) which = k;
    }
    if (which == count) {
      if (key == "seconds" && field.value.get(row.seconds) != simdjson::SUCCESS)
        return std::nullopt;
      if (key == "model_quality" &&
          (!row.model_pearson.empty() || !row.model_kendall_tau.empty() ||
           !row.model_frontier_distance.empty() || !read_model_quality(field.value, row)))
        return std::nullopt;
      continue;
    }
    if (seen & (1U << which)) return std::nullopt;  // a field given twice
    seen |= 1U << which;
    if (!readers[which].read(field.value, row)) return std::nullopt;
  }
  if (seen != (1U << count) - 1) return std::nullopt;
  if (row.agents.size() != row.utilities.size() || row.payoffs.size() != row.utilities.size())
    return std::nullopt;
  if (!row.model_pearson.empty() && row.model_pearson.size() != row.utilities.size())
    return std::nullopt;
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
  for (std::size_t p = 1; p <= parties; ++p) header += fmt::format(",payoff_{}", p);
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
    if (p < row.payoffs.size())
      number(row.payoffs[p]);
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
