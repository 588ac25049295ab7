// JSONL traces (docs/trace-format.md).
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>

#include "parley/negotiate/negotiation.hpp"
#include "parley/support/error.hpp"
#include "support/file_io.hpp"

namespace parley {

namespace {

std::string quoted(const std::string& text) { return nlohmann::json(text).dump(); }

std::string numbers(const std::vector<double>& values) {
  std::string s = "[";
  for (std::size_t k = 0; k < values.size(); ++k) s += (k ? "," : "") + format_number(values[k]);
  return s + "]";
}

std::string package_json(const Scenario& scenario, const Outcome& outcome) {
  std::string s = "{";
  for (std::size_t i = 0; i < outcome.size(); ++i) {
    if (i) s += ',';
    s += quoted(scenario.issue(i).name()) + ":" + quoted(scenario.issue(i).value_label(outcome[i]));
  }
  return s + "}";
}

}  // namespace

void write_trace(std::ostream& out, const Scenario& scenario,
                 const std::vector<std::string>& labels, const SessionOptions& options,
                 const SessionResult& result) {
  const std::size_t n = scenario.party_count();
  out << "{\"type\":\"session\",\"format\":\"parley-trace/1\",\"protocol\":\""
      << to_string(options.protocol) << "\",\"scenario\":" << quoted(scenario.name());
  if (options.quorum) out << ",\"quorum\":" << quoted(options.quorum->text(party_names(scenario)));
  out << ",\"issues\":[";
  for (std::size_t i = 0; i < scenario.issue_count(); ++i)
    out << (i ? "," : "") << quoted(scenario.issue(i).name());
  out << "],\"parties\":[";
  for (std::size_t p = 0; p < n; ++p) {
    const auto& party = scenario.party(p);
    out << (p ? "," : "") << "{\"name\":" << quoted(party.name)
        << ",\"agent\":" << quoted(p < labels.size() ? labels[p] : std::string())
        << ",\"reservation_value\":" << format_number(party.reservation_value)
        << ",\"discount_factor\":" << format_number(party.discount_factor) << "}";
  }
  out << "],\"rounds\":" << round_limit(options)
      << ",\"time_limit_seconds\":" << format_number(options.time_limit_seconds)
      << ",\"seed\":" << options.seed << "}\n";
  for (const auto& e : result.trace) {
    out << "{\"type\":\"action\",\"round\":" << e.round << ",\"time\":" << format_number(e.time)
        << ",\"actor\":" << quoted(scenario.party(e.actor).name) << ",\"action\":\""
        << to_string(e.kind) << "\"";
    if (!e.package.empty())
      out << ",\"package\":" << package_json(scenario, e.package)
          << ",\"utilities\":" << numbers(e.utilities);
    if (e.kind == ActionKind::failure && result.failure)
      out << ",\"failure\":" << quoted(result.failure->kind)
          << ",\"message\":" << quoted(result.failure->message);
    out << "}\n";
  }
  out << "{\"type\":\"result\",\"reason\":\"" << to_string(result.reason) << "\",\"agreement\":"
      << (result.outcome ? package_json(scenario, *result.outcome) : std::string("null"))
      << ",\"round\":" << result.round << ",\"time\":" << format_number(result.time)
      << ",\"turns\":" << result.turns << ",\"utilities\":" << numbers(result.utilities)
      << ",\"discounted_utilities\":" << numbers(result.discounted_utilities);
  if (options.protocol != Protocol::saop) {
    out << ",\"deals\":[";
    for (std::size_t d = 0; d < result.deals.size(); ++d) {
      const auto& deal = result.deals[d];
      out << (d ? "," : "") << "{\"parties\":[";
      for (std::size_t k = 0; k < deal.parties.size(); ++k)
        out << (k ? "," : "") << quoted(scenario.party(deal.parties[k]).name);
      out << "],\"package\":" << package_json(scenario, deal.package) << ",\"round\":" << deal.round
          << ",\"time\":" << format_number(deal.time) << "}";
    }
    out << "]";
  }
  if (!result.model_quality.empty()) {
    out << ",\"model_quality\":[";
    for (std::size_t k = 0; k < result.model_quality.size(); ++k) {
      const auto& q = result.model_quality[k];
      out << (k ? "," : "") << "{\"modeller\":" << quoted(scenario.party(q.modeller).name)
          << ",\"modelled\":" << quoted(scenario.party(q.modelled).name)
          << ",\"pearson\":" << format_number(q.pearson)
          << ",\"kendall_tau\":" << format_number(q.kendall_tau)
          << ",\"frontier_distance\":" << format_number(q.frontier_distance)
          << ",\"outcomes\":" << q.outcomes << ",\"exact\":" << (q.exact ? "true" : "false") << "}";
    }
    out << "]";
  }
  if (result.failure)
    out << ",\"failure\":{\"party\":" << quoted(scenario.party(result.failure->party).name)
        << ",\"kind\":" << quoted(result.failure->kind)
        << ",\"message\":" << quoted(result.failure->message) << "}";
  out << "}\n";
}

std::string trace_text(const Scenario& scenario, const std::vector<std::string>& labels,
                       const SessionOptions& options, const SessionResult& result) {
  std::ostringstream out;
  write_trace(out, scenario, labels, options, result);
  return out.str();
}

void save_trace(const std::string& path, const Scenario& scenario,
                const std::vector<std::string>& labels, const SessionOptions& options,
                const SessionResult& result) {
  detail::write_file_atomically(path, trace_text(scenario, labels, options, result),
                                detail::Durability::rebuildable);
}

}  // namespace parley
