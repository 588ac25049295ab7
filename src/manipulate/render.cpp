// Text and JSON of manipulation results (include/parley/manipulate/manipulate.hpp).
#include <nlohmann/json.hpp>
#include <sstream>

#include "manipulate/manipulate_internal.hpp"

namespace parley {
namespace {

std::string fixed(double value, int digits = 3) {
  std::ostringstream out;
  out.precision(digits);
  out << std::fixed << value;
  return out.str();
}

std::string utilities_text(const ManipulationResult& result, const std::vector<double>& values) {
  std::string text;
  for (std::size_t p = 0; p < values.size() && p < result.parties.size(); ++p)
    text += (p ? ", " : "") + result.parties[p] + " " + fixed(values[p]);
  return text;
}

nlohmann::json report_json(const ManipulationReport& report) {
  nlohmann::json out = {{"text", report.text}};
  if (report.walk_away) out["walk_away"] = *report.walk_away;
  if (!report.weights.empty()) out["weights"] = report.weights;
  if (!report.values.empty()) out["values"] = report.values;
  return out;
}

}  // namespace

std::string render_manipulation(const ManipulationResult& result) {
  std::ostringstream out;
  const std::string& name = result.parties.at(result.party);
  out << "Manipulation of " << to_string(result.rule) << " by " << name
      << " (reports: " << to_string(result.reports) << "; full information)\n\n"
      << result.sentence << "\n\n"
      << "  Truthful:    " << result.truthful_report.text << " -> " << result.truthful_outcome
      << "\n               (" << utilities_text(result, result.truthful_utilities) << ")\n"
      << "  Best report: " << result.best_report.text << (result.supremum ? " (a supremum)" : "")
      << " -> " << result.best_outcome << "\n               ("
      << utilities_text(result, result.best_utilities) << ")\n"
      << "  Gain:        " << fixed(result.gain) << " for " << name;
  if (result.incentive_ratio) out << ", incentive ratio " << fixed(*result.incentive_ratio);
  for (std::size_t p = 0; p < result.losses.size(); ++p)
    if (p != result.party && result.losses[p] != 0.0)
      out << "; " << result.parties[p] << (result.losses[p] > 0 ? " loses " : " gains ")
          << fixed(std::abs(result.losses[p]));
  out << "\n";
  if (result.minimum_deviation)
    out << "  Smallest change of report that gains: " << fixed(*result.minimum_deviation, 4) << " ("
        << result.minimum_deviation_report.text << ")\n";
  else if (result.minimum_deviation_known)
    out << "  No change of report gains.\n";
  else
    out << "  The smallest change of report that gains is not computed for these reports.\n";
  if (!result.intervals.empty()) {
    out << "\n  Reports and what they reach:\n";
    for (const auto& interval : result.intervals) {
      out << "    ";
      if (interval.from == interval.to)
        out << "= " << fixed(interval.from, 4) << "        ";
      else
        out << (interval.from_included ? "[" : "(") << fixed(interval.from, 4) << ", "
            << fixed(interval.to, 4) << (interval.to_included ? "]" : ")");
      out << "  " << interval.outcome << "  (" << utilities_text(result, interval.utilities)
          << ")\n";
    }
  }
  out << "\n  Method: " << result.method << (result.exact ? "" : " [not exact]") << ".\n"
      << "  Ties: " << result.tie_breaking << "\n"
      << "  Assumptions: " << result.assumptions << "\n";
  return out.str();
}

std::string render_manipulation_table(const std::vector<ManipulationResult>& results) {
  std::ostringstream out;
  out << "How much each party gains by misreporting (full information: the worst case)\n\n";
  out << "  rule               party            reports    truthful  best    gain    ratio\n";
  for (const auto& r : results) {
    std::string rule = to_string(r.rule), party = r.parties.at(r.party),
                reports = to_string(r.reports);
    rule.resize(std::max<std::size_t>(rule.size(), 18), ' ');
    party.resize(std::max<std::size_t>(party.size(), 16), ' ');
    reports.resize(std::max<std::size_t>(reports.size(), 10), ' ');
    out << "  " << rule << " " << party << " " << reports << " "
        << fixed(r.truthful_utilities[r.party]) << "     " << fixed(r.best_utilities[r.party])
        << "   " << fixed(r.gain) << "   "
        << (r.incentive_ratio ? fixed(*r.incentive_ratio) : std::string("-"))
        << (r.exact ? "" : " (search)") << "\n";
  }
  out << "\n";
  for (const auto& r : results) out << "  - " << r.sentence << "\n";
  return out.str();
}

std::string manipulation_json(const std::vector<ManipulationResult>& results) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& r : results) {
    nlohmann::json item = {
        {"rule", to_string(r.rule)},
        {"party", r.parties.at(r.party)},
        {"reports", to_string(r.reports)},
        {"parties", r.parties},
        {"tie_breaking", r.tie_breaking},
        {"assumptions", r.assumptions},
        {"method", r.method},
        {"exact", r.exact},
        {"truthful",
         {{"report", report_json(r.truthful_report)},
          {"outcome", r.truthful_outcome},
          {"utilities", r.truthful_utilities}}},
        {"best",
         {{"report", report_json(r.best_report)},
          {"outcome", r.best_outcome},
          {"utilities", r.best_utilities},
          {"supremum", r.supremum}}},
        {"gain", r.gain},
        {"incentive_ratio",
         r.incentive_ratio ? nlohmann::json(*r.incentive_ratio) : nlohmann::json(nullptr)},
        {"losses", r.losses},
        {"sentence", r.sentence}};
    if (r.minimum_deviation)
      item["minimum_deviation"] = {{"size", *r.minimum_deviation},
                                   {"report", report_json(r.minimum_deviation_report)}};
    else
      item["minimum_deviation"] = nullptr;
    item["minimum_deviation_known"] = r.minimum_deviation_known;
    nlohmann::json intervals = nlohmann::json::array();
    for (const auto& interval : r.intervals)
      intervals.push_back({{"from", interval.from},
                           {"to", interval.to},
                           {"from_included", interval.from_included},
                           {"to_included", interval.to_included},
                           {"outcome", interval.outcome},
                           {"utilities", interval.utilities}});
    item["intervals"] = std::move(intervals);
    list.push_back(std::move(item));
  }
  return nlohmann::json{{"schema", "parley-manipulation/1"}, {"results", std::move(list)}}.dump(2) +
         "\n";
}

}  // namespace parley
