// Text and JSON of manipulation results (include/parley/manipulate/manipulate.hpp).
#include <nlohmann/json.hpp>
#include <sstream>

#include "manipulate/manipulate_internal.hpp"

namespace parley {

std::string detail::fixed_text(double value, int digits) {
  std::ostringstream out;
  out.precision(digits);
  out << std::fixed << value;
  return out.str();
}

namespace {

std::string fixed(double value, int digits = 3) { return detail::fixed_text(value, digits); }

std::string utilities_text(const ManipulationResult& result, const std::vector<double>& values) {
  std::string text;
  for (std::size_t p = 0; p < values.size() && p < result.parties.size(); ++p)
    text += (p ? ", " : "") + result.parties[p] + " " + fixed(values[p]);
  return text;
}

nlohmann::json report_json(const ManipulationReport& report);

nlohmann::json risk_json(const std::optional<BayesianRisk>& risk) {
  if (!risk) return nullptr;
  return {{"report", report_json(risk->report)},
          {"samples", risk->samples},
          {"seed", risk->seed},
          {"expected_gain", risk->expected_gain},
          {"standard_error", risk->standard_error},
          {"probability_of_gain", risk->probability_of_gain},
          {"probability_of_loss", risk->probability_of_loss},
          {"worst_loss", risk->worst_loss}};
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
      << " (reports: " << to_string(result.reports) << "; "
      << (result.information == InformationModel::bayes ? "bayes" : "full information") << ")\n\n"
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
      out << "  " << interval.outcome << "  (" << utilities_text(result, interval.utilities);
      if (!interval.utilities_to.empty())
        out << " moving to " << utilities_text(result, interval.utilities_to);
      out << ")\n";
    }
  }
  if (result.bayes_best && result.bayes_of_full_information) {
    out << "\n  Not knowing the others (bayes, " << result.bayes_best->samples
        << " draws of their preferences, seed " << result.bayes_best->seed << ", "
        << result.bayes_candidates << " reports compared on the same draws):\n";
    const auto risk = [&](const char* label, const BayesianRisk& r) {
      out << "    " << label << r.report.text << "\n      expected gain "
          << fixed(r.expected_gain, 4) << " (standard error " << fixed(r.standard_error, 4)
          << "), P(gain) " << fixed(r.probability_of_gain) << ", P(loss) "
          << fixed(r.probability_of_loss) << ", worst loss " << fixed(r.worst_loss) << "\n";
    };
    risk("The full-information best report: ", *result.bayes_of_full_information);
    risk("The best report on average:       ", *result.bayes_best);
  }
  out << "\n  Method: " << result.method << (result.exact ? "" : " [not exact]") << ".\n"
      << "  Ties: " << result.tie_breaking << "\n"
      << "  Assumptions: " << result.assumptions << "\n";
  return out.str();
}

std::string render_manipulation_table(const std::vector<ManipulationResult>& results) {
  std::ostringstream out;
  bool bayes = false;
  for (const auto& r : results) bayes = bayes || r.bayes_of_full_information.has_value();
  out << "How much each party gains by misreporting (full information: the worst case"
      << (bayes ? "; E[gain] and P(loss): that report when the others are uncertain" : "")
      << ")\n\n";
  out << "  rule               party            reports    truthful  best    gain    ratio"
      << (bayes ? "   E[gain]  P(loss)" : "") << "\n";
  for (const auto& r : results) {
    std::string rule = to_string(r.rule), party = r.parties.at(r.party),
                reports = to_string(r.reports);
    rule.resize(std::max<std::size_t>(rule.size(), 18), ' ');
    party.resize(std::max<std::size_t>(party.size(), 16), ' ');
    reports.resize(std::max<std::size_t>(reports.size(), 10), ' ');
    out << "  " << rule << " " << party << " " << reports << " "
        << fixed(r.truthful_utilities[r.party]) << "     " << fixed(r.best_utilities[r.party])
        << "   " << fixed(r.gain) << "   "
        << (r.incentive_ratio ? fixed(*r.incentive_ratio) : std::string("-"));
    if (bayes) {
      if (r.bayes_of_full_information)
        out << "   " << fixed(r.bayes_of_full_information->expected_gain) << "    "
            << fixed(r.bayes_of_full_information->probability_of_loss);
      else
        out << "   -        -    ";
    }
    out << (r.exact ? "" : " (search)") << "\n";
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
                           {"utilities", interval.utilities},
                           {"utilities_to", interval.utilities_to.empty()
                                                ? nlohmann::json(nullptr)
                                                : nlohmann::json(interval.utilities_to)}});
    item["intervals"] = std::move(intervals);
    item["information"] = to_string(r.information);
    if (r.information == InformationModel::bayes)
      item["bayes"] = {{"candidates", r.bayes_candidates},
                       {"best", risk_json(r.bayes_best)},
                       {"full_information_report", risk_json(r.bayes_of_full_information)}};
    list.push_back(std::move(item));
  }
  return nlohmann::json{{"schema", "parley-manipulation/1"}, {"results", std::move(list)}}.dump(2) +
         "\n";
}

}  // namespace parley
