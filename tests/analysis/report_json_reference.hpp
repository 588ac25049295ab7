// The "parley-solve/1" document exactly as src/analysis/report_json.cpp built it before the
// report was streamed (issue 14): a whole nlohmann::ordered_json tree, every package with an
// "outcome" object of labels. Kept as the independent reference of tests/analysis/
// report_json_test.cpp and as the "before" of bench/bench_report_json.cpp.
#pragma once

#include <nlohmann/json.hpp>

#include "parley/analysis/analysis.hpp"

namespace parley::test {

using Json = nlohmann::ordered_json;

inline Json package_json(const Scenario& scenario, const Package& package) {
  Json j;
  Json outcome = Json::object();
  for (std::size_t i = 0; i < scenario.issue_count(); ++i)
    outcome[scenario.issue(i).name()] = scenario.issue(i).value_label(package.outcome[i]);
  j["outcome"] = outcome;
  j["values"] = package.outcome;
  j["utilities"] = package.utilities;
  return j;
}

inline Json explanation_json(const Scenario& scenario, const Explanation& explanation) {
  Json j;
  Json issues = Json::array();
  for (const auto& item : explanation.issues) {
    const Issue& issue = scenario.issue(item.issue);
    Json entry;
    entry["issue"] = issue.name();
    entry["value"] = issue.value_label(item.value);
    Json preferred = Json::array(), winners = Json::array();
    for (auto v : item.preferred) preferred.push_back(issue.value_label(v));
    for (auto p : item.winners) winners.push_back(scenario.party(p).name);
    entry["preferred"] = preferred;
    entry["importance"] = item.importance;
    entry["concession"] = item.concession;
    entry["winners"] = winners;
    issues.push_back(entry);
  }
  j["issues"] = issues;
  j["sentences"] = explanation.sentences;
  return j;
}

inline Json reference_json(const Scenario& scenario, const Analysis& analysis) {
  Json root;
  root["schema"] = "parley-solve/1";
  Json s;
  s["name"] = scenario.name();
  s["description"] = scenario.description();
  s["outcomes"] = scenario.space().size_text();
  s["log10_outcomes"] = scenario.space().log10_size();
  Json issues = Json::array();
  for (const auto& issue : scenario.issues()) {
    Json i;
    i["name"] = issue.name();
    i["label"] = issue.label();
    i["cardinality"] = issue.cardinality();
    issues.push_back(i);
  }
  s["issues"] = issues;
  Json parties = Json::array();
  for (const auto& party : scenario.parties()) {
    Json p;
    p["name"] = party.name;
    p["reservation_value"] = party.reservation_value;
    p["preferences"] = party.utility->kind_name();
    parties.push_back(p);
  }
  s["parties"] = parties;
  root["scenario"] = s;

  const auto& frontier = analysis.frontier;
  Json f;
  f["method"] = to_string(frontier.method);
  f["exact"] = frontier.exact;
  f["tolerance"] = frontier.tolerance;
  f["method_reason"] = frontier.method_reason;
  f["evaluated"] = frontier.evaluated;
  f["work"] = frontier.work;
  f["budget"] = frontier.budget;
  f["stop"] = to_string(frontier.stop);
  f["peak_bytes"] = frontier.peak_bytes;
  f["size"] = frontier.packages.size();
  if (frontier.hypervolume) f["hypervolume"] = *frontier.hypervolume;
  if (frontier.dominated_share) f["dominated_share"] = *frontier.dominated_share;
  if (frontier.gap_bound) f["gap_bound"] = *frontier.gap_bound;
  Json packages = Json::array();
  for (const auto& package : frontier.packages) packages.push_back(package_json(scenario, package));
  f["packages"] = packages;
  root["frontier"] = f;

  const auto& zone = analysis.zone;
  Json z;
  z["exists"] = zone.exists;
  z["rational_frontier_size"] = zone.rational_frontier.size();
  z["rational_share"] = zone.rational_share;
  z["share_exact"] = zone.share_exact;
  z["share_half_width"] = zone.share_half_width;
  z["share_samples"] = zone.share_samples;
  z["rational_count"] = zone.rational_count ? Json(*zone.rational_count) : Json(nullptr);
  z["closest_package"] =
      zone.closest_package ? package_json(scenario, *zone.closest_package) : Json(nullptr);
  z["shortfall"] = zone.shortfall;
  root["zone"] = z;

  const auto& ind = analysis.indicators;
  Json i;
  i["ideal_point"] = ind.ideal_point;
  i["worst_point"] = ind.worst_point;
  Json ideal = Json::array(), worst = Json::array();
  for (const auto& p : ind.ideal_packages) ideal.push_back(package_json(scenario, p));
  for (const auto& p : ind.worst_packages) worst.push_back(package_json(scenario, p));
  i["ideal_packages"] = ideal;
  i["worst_packages"] = worst;
  i["exact"] = ind.exact;
  i["opposition"] = ind.opposition;
  root["indicators"] = i;

  Json solutions = Json::array();
  for (std::size_t k = 0; k < analysis.solutions.size(); ++k) {
    const auto& solution = analysis.solutions[k];
    Json entry;
    entry["kind"] = to_string(solution.kind);
    entry["title"] = title(solution.kind);
    Json list = Json::array();
    for (const auto& p : solution.packages) list.push_back(package_json(scenario, p));
    entry["packages"] = list;
    entry["probabilities"] = solution.probabilities;
    entry["utilities"] = solution.utilities;
    entry["gains"] = solution.gains;
    entry["criterion"] = solution.criterion;
    entry["explanation"] = k < analysis.explanations.size()
                               ? explanation_json(scenario, analysis.explanations[k])
                               : Json(nullptr);
    solutions.push_back(entry);
  }
  root["solutions"] = solutions;
  return root;
}

// The old document's text read back: what its reader saw (non-finite numbers: null).
inline Json reference_document(const Scenario& scenario, const Analysis& analysis) {
  return Json::parse(reference_json(scenario, analysis).dump(2));
}

}  // namespace parley::test
