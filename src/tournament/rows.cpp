// Result rows: per-scenario reference points, the row of one negotiation, JSONL and CSV forms.
#include <fmt/format.h>

// SSE2 (every x86-64 processor has it) for rapidjson's scans of white space and strings.
#if defined(__SSE2__) && !defined(RAPIDJSON_SSE2)
#define RAPIDJSON_SSE2
#endif
#include <rapidjson/reader.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <type_traits>

#include "parley/analysis/analysis.hpp"
#include "parley/analysis/frontier.hpp"
#include "parley/negotiate/negotiation.hpp"
#include "parley/tournament/tournament.hpp"
#include "support/text.hpp"
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

// The reader of a journal line: rapidjson's SAX parser (iterative: the nesting costs no
// recursion) filling a ResultRow field by field. Numbers come as their text
// (kParseNumbersAsStringsFlag) and are read with std::from_chars: exactly the double that was
// written (shortest round trip), and a number is never taken for a string or the reverse.
class RowReader : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, RowReader> {
 public:
  explicit RowReader(ResultRow& row) : row_(row) {}

  // Every field but "seconds" and "model_quality" was given (a field given twice was refused).
  bool complete() const {
    constexpr std::uint32_t required = (1U << required_count) - 1;
    return (seen_ & required) == required;
  }

  bool StartObject() {
    if (skip_ > 0 || skipping_value()) return ++skip_ <= max_nesting;
    if (depth_ == 0) return depth_ = 1, true;
    if (depth_ == 1 && field_ == Field::model_quality && array_ == Array::none)
      return depth_ = 2, true;
    return false;
  }
  bool EndObject(rapidjson::SizeType) {
    if (skip_ > 0) return --skip_, true;
    if (depth_ == 2) {
      depth_ = 1;
      return row_.model_pearson.size() == row_.model_kendall_tau.size() &&
             row_.model_pearson.size() == row_.model_frontier_distance.size();
    }
    depth_ = 0;
    return true;
  }
  bool Key(const char* text, rapidjson::SizeType length, bool) {
    if (skip_ > 0) return true;
    const std::string_view key(text, length);
    if (depth_ == 2) {
      quality_ = key == "pearson"             ? &row_.model_pearson
                 : key == "kendall_tau"       ? &row_.model_kendall_tau
                 : key == "frontier_distance" ? &row_.model_frontier_distance
                                              : nullptr;
      return quality_ != nullptr && quality_->empty();
    }
    // to_json_line writes the fields in order: the next one is tried first.
    field_ = Field::unknown;
    if (next_ < std::size(keys) && keys[next_] == key) {
      field_ = static_cast<Field>(next_++);
    } else {
      for (std::size_t k = 0; k < std::size(keys); ++k)
        if (keys[k] == key) field_ = static_cast<Field>(k);
    }
    if (field_ == Field::unknown) return true;
    const auto bit = 1U << static_cast<unsigned>(field_);
    if (seen_ & bit) return false;  // a field given twice
    seen_ |= bit;
    return true;
  }
  bool StartArray() {
    if (skip_ > 0 || skipping_value()) return ++skip_ <= max_nesting;
    if (array_ != Array::none) return false;
    if (depth_ == 2) return array_ = Array::numbers_or_nulls, true;
    switch (field_) {
      case Field::agents:
        array_ = Array::texts;
        return true;
      case Field::utilities:
      case Field::payoffs:
      case Field::advantages:
        array_ = Array::numbers;
        return true;
      default:
        return false;
    }
  }
  bool EndArray(rapidjson::SizeType) {
    if (skip_ > 0) return --skip_, true;
    array_ = Array::none;
    return true;
  }
  bool Null() {
    if (skip_ > 0 || skipping_value()) return true;
    if (array_ == Array::numbers_or_nulls) return quality_->push_back(not_a_number), true;
    if (array_ != Array::none) return false;
    double* into = nullable_number();
    return into ? (*into = not_a_number, true) : false;
  }
  bool Bool(bool value) {
    if (skip_ > 0 || skipping_value()) return true;
    if (array_ != Array::none || field_ != Field::agreement) return false;
    row_.agreement = value;
    return true;
  }
  bool RawNumber(const char* text, rapidjson::SizeType length, bool) {
    if (skip_ > 0 || skipping_value()) return true;
    const std::string_view number(text, length);
    double x = 0.0;
    switch (array_) {
      case Array::numbers:
        if (!read_number(number, x)) return false;
        numbers().push_back(x);
        return true;
      case Array::numbers_or_nulls:
        if (!read_number(number, x)) return false;
        quality_->push_back(x);
        return true;
      case Array::texts:
        return false;
      case Array::none:
        break;
    }
    switch (field_) {
      case Field::index:
        return read_number(number, row_.index);
      case Field::scenario_index:
        return read_number(number, row_.scenario_index);
      case Field::repetition:
        return read_number(number, row_.repetition);
      case Field::seed:
        return read_number(number, row_.seed);
      case Field::rounds:
        return read_number(number, row_.rounds);
      case Field::seconds:
        return read_number(number, row_.seconds);
      default: {
        double* into = nullable_number();
        return into && read_number(number, *into);
      }
    }
  }
  bool String(const char* text, rapidjson::SizeType length, bool) {
    if (skip_ > 0 || skipping_value()) return true;
    if (array_ == Array::texts) return row_.agents.emplace_back(text, length), true;
    if (array_ != Array::none) return false;
    std::string* into = field_ == Field::scenario       ? &row_.scenario
                        : field_ == Field::outcome      ? &row_.outcome
                        : field_ == Field::end          ? &row_.end
                        : field_ == Field::failure      ? &row_.failure
                        : field_ == Field::failed_agent ? &row_.failed_agent
                                                        : nullptr;
    if (!into) return false;
    into->assign(text, length);
    return true;
  }

 private:
  // The fields in the order to_json_line writes them; the required ones first.
  enum class Field : unsigned {
    index,
    scenario,
    scenario_index,
    agents,
    repetition,
    seed,
    agreement,
    outcome,
    utilities,
    payoffs,
    advantages,
    welfare,
    rounds,
    end,
    distance_frontier,
    distance_nash,
    distance_kalai_smorodinsky,
    failure,
    failed_agent,
    model_quality,
    seconds,
    unknown
  };
  static constexpr unsigned required_count = static_cast<unsigned>(Field::model_quality);
  // Nesting inside an ignored value beyond this is not a row (simdjson stopped at 1,024 levels
  // too); rapidjson itself would follow it as deep as the line goes, its stack growing with it.
  static constexpr std::uint64_t max_nesting = 1024;
  static constexpr std::string_view keys[] = {"index",
                                              "scenario",
                                              "scenario_index",
                                              "agents",
                                              "repetition",
                                              "seed",
                                              "agreement",
                                              "outcome",
                                              "utilities",
                                              "payoffs",
                                              "advantages",
                                              "welfare",
                                              "rounds",
                                              "end",
                                              "distance_frontier",
                                              "distance_nash",
                                              "distance_kalai_smorodinsky",
                                              "failure",
                                              "failed_agent",
                                              "model_quality",
                                              "seconds"};
  static_assert(std::size(keys) == static_cast<std::size_t>(Field::unknown));
  enum class Array { none, texts, numbers, numbers_or_nulls };

  // The value of a field parley does not know (from a later version): read and ignored.
  bool skipping_value() const { return depth_ == 1 && field_ == Field::unknown; }

  std::vector<double>& numbers() {
    return field_ == Field::utilities ? row_.utilities
           : field_ == Field::payoffs ? row_.payoffs
                                      : row_.advantages;
  }
  // The number fields that may be null (NaN: no such point).
  double* nullable_number() {
    switch (field_) {
      case Field::welfare:
        return &row_.welfare;
      case Field::distance_frontier:
        return &row_.distance_frontier;
      case Field::distance_nash:
        return &row_.distance_nash;
      case Field::distance_kalai_smorodinsky:
        return &row_.distance_kalai_smorodinsky;
      default:
        return nullptr;
    }
  }
  // The whole text as one number of the field's type (a whole number field refuses "1.0", "-1"
  // and what does not fit; a double is the one written).
  template <typename Number>
  static bool read_number(std::string_view text, Number& into) {
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), into);
    return error == std::errc() && end == text.data() + text.size();
  }

  ResultRow& row_;
  int depth_ = 0;           // 1 in the row's object, 2 in its "model_quality" object
  std::uint64_t skip_ = 0;  // nesting inside an ignored value
  Field field_ = Field::unknown;
  Array array_ = Array::none;
  std::vector<double>* quality_ = nullptr;
  std::uint32_t seen_ = 0;
  std::size_t next_ = 0;  // the field expected next
};

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
  // Rows are ~0.5 KB; far longer lines are not rows (and would make the parser hold their size).
  if (line.size() > (1u << 20)) return std::nullopt;
  // UTF-8 is checked first, by parley's own check (the same bytes are refused: invalid UTF-8,
  // NUL); rapidjson then reads the bytes as they are, which is faster than its checking reader.
  if (detail::invalid_utf8_offset(line)) return std::nullopt;
  // The parser's stack and the line's copy are reused by each thread: no allocation once they
  // have grown. The copy is parsed in place (strings are unescaped where they stand).
  thread_local rapidjson::Reader reader;
  thread_local std::string buffer;
  buffer.assign(line);
  // rapidjson's SSE2 scans read whole aligned 16-byte blocks, up to 15 bytes past the line's end:
  // those bytes are the buffer's own (NULs, where the in-place parse stops anyway).
  buffer.append(16, '\0');
  ResultRow row;
  RowReader handler(row);
  rapidjson::InsituStringStream bytes(buffer.data());
  constexpr unsigned flags = rapidjson::kParseIterativeFlag |
                             rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseInsituFlag;
  if (reader.Parse<flags>(bytes, handler).IsError() || !handler.complete()) return std::nullopt;
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
