// `parley robust`'s text report, its JSON form ("parley-robust/1", docs/robust.md) and the
// plain-language sentences.
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "parley/analysis/brief.hpp"
#include "parley/model/issue.hpp"
#include "robust/robust_internal.hpp"

namespace parley {
namespace robust_detail {
namespace {

std::string number(double value, int digits = 4) {
  if (!std::isfinite(value)) return value > 0 ? "inf" : value < 0 ? "-inf" : "nan";
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%.*g", digits, value);
  return buffer;
}

std::string percent(double p) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4g%%", 100.0 * p);
  return buffer;
}

// "0.873 (exact)" or "0.873 ± 0.003 (Monte Carlo)".
std::string estimate(const Estimate& e) {
  if (e.exact) return number(e.value) + " (exact)";
  return number(e.value) + " ± " + number(e.standard_error, 2) + " (Monte Carlo)";
}

std::string package_label(std::size_t position) { return "#" + std::to_string(position + 1); }

const RobustRecommendation& recommendation(const RobustAnalysis& analysis, RobustRule rule) {
  return analysis.recommendations.at(static_cast<std::size_t>(rule));
}

// "#3" when the package is listed, else its description.
std::string package_name(const Scenario& scenario, const RobustAnalysis& analysis,
                         const Outcome& outcome) {
  for (std::size_t j = 0; j < analysis.packages.size(); ++j)
    if (analysis.packages[j].outcome == outcome) return package_label(j);
  return "(" + scenario.describe(outcome) + ")";
}

// The options of `a` on the issues where it differs from `b`: "{iturup=joint, timing=now}".
std::string difference(const Scenario& scenario, const Outcome& a, const Outcome& b) {
  std::string text;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i] != b[i])
      text += (text.empty() ? "" : ", ") + scenario.issue(i).name() + "=" +
              scenario.issue(i).value_label(a[i]);
  return "{" + text + "}";
}

}  // namespace

// "joint acceptance 0.97", "worst-case Nash product 0.0123", "chosen in 9.4% of the draws".
std::string criterion_text(const RobustRecommendation& r) {
  switch (r.rule) {
    case RobustRule::most_acceptable:
      return "joint acceptance " + number(r.criterion);
    case RobustRule::nominal_nash:
    case RobustRule::chance_constrained_nash:
      return "expected Nash product " + number(r.criterion);
    case RobustRule::nominal_kalai_smorodinsky:
      return "smallest expected relative gain " + number(r.criterion);
    case RobustRule::robust_nash:
      return "worst-case Nash product " + number(r.criterion);
    case RobustRule::robust_kalai_smorodinsky:
      return "worst-case smallest relative gain " + number(r.criterion);
    case RobustRule::most_often_nash:
    case RobustRule::most_often_kalai_smorodinsky:
      return "chosen in " + percent(r.criterion) + " of the draws";
  }
  return {};
}

std::string question_text(const Scenario& scenario, const RobustAnalysis& analysis,
                          const RobustQuestion& q) {
  const std::string party = scenario.party(q.party).name;
  switch (q.kind) {
    case RobustQuestion::Kind::compare: {
      bool all = true;
      for (std::size_t i = 0; i < q.first.size(); ++i) all = all && q.first[i] != q.second[i];
      return "Does " + party + " like " + difference(scenario, q.first, q.second) +
             " at least as much as " + difference(scenario, q.second, q.first) +
             (all ? "?" : ", other issues equal?");
    }
    case RobustQuestion::Kind::accept:
      return "Would " + party + " accept " + package_name(scenario, analysis, q.first) + "?";
    case RobustQuestion::Kind::weight:
      return "Does " + scenario.issue(q.issue).name() + " weigh at least " + percent(q.threshold) +
             " of " + party + "'s total weight?";
  }
  return {};
}

std::string question_outcome(const Scenario& scenario, const RobustAnalysis& analysis,
                             const RobustQuestion& q) {
  auto after = [&](const std::optional<Outcome>& choice, double share) {
    return (choice ? package_name(scenario, analysis, *choice) + " is the Nash choice"
                   : std::string("no package is acceptable to every party")) +
           " in " + percent(share) + " of the cases";
  };
  return "if yes, " + after(q.if_yes, q.if_yes_share) + "; if no, " + after(q.if_no, q.if_no_share);
}

std::vector<std::string> robust_sentences(const Scenario& scenario,
                                          const RobustAnalysis& analysis) {
  std::vector<std::string> sentences;
  const auto& most = recommendation(analysis, RobustRule::most_acceptable);
  if (most.package) {
    const RobustPackage& p = analysis.packages[*most.package];
    sentences.push_back(
        "The package most likely to be accepted by every party is " + package_label(*most.package) +
        " (" + scenario.describe(p.outcome) + "): joint acceptance " +
        percent(p.joint_acceptance.value) +
        (p.joint_acceptance.exact
             ? " (exact)"
             : " (Monte Carlo, ± " + percent(p.joint_acceptance.standard_error) + ")") +
        ".");
  }
  const auto& robust = recommendation(analysis, RobustRule::robust_nash);
  const auto& nominal = recommendation(analysis, RobustRule::nominal_nash);
  if (robust.package) {
    sentences.push_back("The robust Nash package " + package_label(*robust.package) +
                        " is acceptable to every party under every belief in the uncertainty set.");
  } else {
    sentences.push_back(
        "No package is acceptable to every party under every belief in the "
        "uncertainty set: a robust recommendation needs narrower statements.");
  }
  if (nominal.package && robust.package) {
    if (*nominal.package == *robust.package) {
      sentences.push_back(
          "The nominal (expected) Nash package is also the robust one: robustness "
          "costs nothing here.");
    } else if (analysis.nominal_nash_product && analysis.robust_nash_nominal_product) {
      const double a = *analysis.nominal_nash_product, b = *analysis.robust_nash_nominal_product;
      sentences.push_back(
          "The price of robustness: at the mean parameters the robust Nash package " +
          package_label(*robust.package) + " has a Nash product of " + number(b) + " against " +
          number(a) + " for the nominal Nash package " + package_label(*nominal.package) +
          (a > 0.0 ? " (" + percent((a - b) / a) + " less)." : "."));
    }
  }
  const auto& often = recommendation(analysis, RobustRule::most_often_nash);
  if (often.package) {
    const RobustPackage& p = analysis.packages[*often.package];
    sentences.push_back(
        "Across the draws of everyone's preferences, the Nash choice is " +
        package_label(*often.package) + " in " + percent(p.nash_acceptability.value) + " of them" +
        (analysis.no_agreement.value > 0.0 ? "; in " + percent(analysis.no_agreement.value) +
                                                 " no package is acceptable to every party."
                                           : "."));
  }
  // Fragility: the party whose smallest weight change flips the recommendation is smallest.
  const PartySensitivity* fragile = nullptr;
  for (const auto& s : analysis.sensitivity)
    if (s.distance && (!fragile || *s.distance < *fragile->distance)) fragile = &s;
  if (fragile && nominal.package) {
    const std::string party = scenario.party(fragile->party).name;
    std::string what = fragile->flip_to
                           ? "makes " + scenario.describe(*fragile->flip_to) + " as good"
                           : "makes it unacceptable to " + party;
    sentences.push_back(
        "The nominal Nash package is most fragile in " + party + "'s weights: a change of " +
        number(*fragile->distance, 3) + " in its weights (largest change of any one weight) " +
        what + "." +
        (fragile->weights_uncertain
             ? (fragile->flip_within_set
                    ? " Such weights are within what " + party + "'s statements allow."
                    : " Such weights are outside what " + party + "'s statements allow.")
             : ""));
  }
  // The question to ask next: the weight whose stability bound lies inside what the party's
  // statements allow, nearest to its mean.
  const WeightStability* question = nullptr;
  std::size_t question_party = 0;
  double question_bound = 0.0;
  for (const auto& s : analysis.sensitivity) {
    if (!s.weights_uncertain) continue;
    for (const auto& w : s.weights) {
      for (double bound : {w.low, w.high}) {
        if (bound == w.nominal) continue;
        if (!(bound > w.set_low + 1e-12 && bound < w.set_high - 1e-12)) continue;
        if (!question ||
            std::fabs(bound - w.nominal) < std::fabs(question_bound - question->nominal)) {
          question = &w;
          question_party = s.party;
          question_bound = bound;
        }
      }
    }
  }
  if (question) {
    const std::string party = scenario.party(question_party).name;
    const std::string issue = scenario.issue(question->issue).name();
    sentences.push_back("The recommendation depends most on " + party + "'s weight of " + issue +
                        ": asking " + party + " whether " + issue + " matters " +
                        (question_bound > question->nominal ? "more" : "less") + " than " +
                        percent(question_bound) + " (of its total weight) would settle it.");
  } else if (nominal.package && analysis.questions.empty()) {
    bool any = false;
    for (const auto& s : analysis.sensitivity) any = any || s.weights_uncertain;
    if (any)
      sentences.push_back(
          "Within what the parties' statements allow, no single weight changes "
          "the nominal Nash recommendation.");
  }
  if (!analysis.questions.empty() && analysis.nash_entropy > 0.0) {
    const RobustQuestion& q = analysis.questions.front();
    sentences.push_back(
        "The most informative question to ask next: " + question_text(scenario, analysis, q) +
        " On average its answer removes " + percent(q.information / analysis.nash_entropy) +
        " of the uncertainty about which package is the Nash choice (" +
        question_outcome(scenario, analysis, q) + ").");
  }
  return sentences;
}

}  // namespace robust_detail

std::string render_robust_report(const Scenario& scenario, const RobustAnalysis& analysis) {
  using robust_detail::estimate;
  using robust_detail::number;
  using robust_detail::percent;
  std::string out;
  out += "Robust analysis: " + scenario.name() + "\n";
  if (analysis.candidates_only) {
    out += analysis.space_size + " packages, too many to enumerate; exact over " +
           std::to_string(analysis.package_count) + " candidates (the Pareto frontiers at " +
           std::to_string(analysis.candidate_vectors) + " parameter vectors" +
           (analysis.candidate_frontiers_exact ? "" : ", some of them approximate") + ", minus " +
           std::to_string(analysis.dominated) + " necessarily dominated); ";
  } else {
    out += std::to_string(analysis.package_count) + " packages, exact over all of them; ";
  }
  out += analysis.samples > 0 ? std::to_string(analysis.samples) + " draws per party, seed " +
                                    std::to_string(analysis.seed)
                              : std::string("every combination of the discrete laws");
  out += "; chance constraint: joint acceptance >= " + number(analysis.alpha) + ".\n\n";

  out += "What is uncertain\n";
  for (std::size_t p = 0; p < analysis.parties.size(); ++p) {
    const RobustPartyLaw& law = analysis.parties[p];
    out += "  " + scenario.party(p).name + ":";
    if (law.statements.empty()) {
      out += " known (walk-away " + law.walk_away_law + ")\n";
    } else {
      out += "\n";
      for (const auto& s : law.statements) out += "    - " + s + "\n";
    }
    out += "    acceptance: " + law.acceptance_method +
           "; mean weights: " + (law.mean_weight_exactness.exact ? "exact" : "Monte Carlo") + "\n";
  }

  out += "\nRecommendations\n";
  for (const auto& r : analysis.recommendations) {
    char head[64];
    std::snprintf(head, sizeof head, "  %-36s ", title(r.rule));
    out += head;
    if (!r.package) {
      out += "none: " + r.note + "\n";
      continue;
    }
    out += "#" + std::to_string(*r.package + 1) + "  " + robust_detail::criterion_text(r) + "\n";
  }

  out += "\nPackages (recommended first, then the most acceptable)\n";
  for (std::size_t j = 0; j < analysis.packages.size(); ++j) {
    const RobustPackage& p = analysis.packages[j];
    out += "  #" + std::to_string(j + 1) + "  " + scenario.describe(p.outcome) + "\n";
    for (std::size_t q = 0; q < p.acceptance.size(); ++q) {
      out += "      " + scenario.party(q).name + ": P(accept) " + estimate(p.acceptance[q]) +
             ", E[u] " + number(p.expected_utility[q].value) + ", u in [" +
             number(p.min_utility[q]) + ", " + number(p.max_utility[q]) + "], " +
             (p.robustly_rational[q]   ? "robustly rational"
              : p.possibly_rational[q] ? "possibly rational"
                                       : "never rational") +
             "\n";
    }
    out += "      joint acceptance " + estimate(p.joint_acceptance) + "; nominal Nash product " +
           (p.nominal_nash_product ? number(*p.nominal_nash_product)
                                   : std::string("- (not rational at the means)")) +
           "; Nash choice in " + percent(p.nash_acceptability.value) +
           " of the draws, KS choice in " + percent(p.ks_acceptability.value) + "\n";
    if (!p.nash_central_weights.empty()) {
      for (std::size_t q = 0; q < p.nash_central_weights.size(); ++q) {
        if (p.nash_central_weights[q].empty() || analysis.parties[q].statements.empty()) continue;
        out += "      central weights of " + scenario.party(q).name + ":";
        for (std::size_t i = 0; i < p.nash_central_weights[q].size(); ++i)
          out += " " + scenario.issue(i).name() + " " + number(p.nash_central_weights[q][i], 3);
        out += "\n";
      }
    }
  }

  if (!analysis.sensitivity.empty()) {
    const auto& nominal =
        analysis.recommendations.at(static_cast<std::size_t>(RobustRule::nominal_nash));
    out += "\nSensitivity of the nominal Nash package";
    if (nominal.package) out += " (#" + std::to_string(*nominal.package + 1) + ")";
    out += "\n";
    for (const auto& s : analysis.sensitivity) {
      out += "  " + scenario.party(s.party).name + ": ";
      if (!s.distance) {
        out += "no change of its weights alone makes another package the Nash choice\n";
      } else {
        out += "a change of " + number(*s.distance, 3) + " (largest change of one weight) " +
               (s.flip_to ? "makes " + scenario.describe(*s.flip_to) + " as good"
                          : std::string("makes the package unacceptable to it")) +
               (s.weights_uncertain
                    ? (s.flip_within_set ? " (within its statements)" : " (outside its statements)")
                    : "") +
               "\n";
      }
      for (const auto& w : s.weights) {
        out += "    weight of " + scenario.issue(w.issue).name() + " " + number(w.nominal, 3) +
               ": stable on [" + number(w.low, 3) + ", " + number(w.high, 3) + "]";
        if (s.weights_uncertain)
          out += "; its statements allow [" + number(w.set_low, 3) + ", " + number(w.set_high, 3) +
                 "]";
        out += "\n";
      }
    }
  }
  if (!analysis.questions.empty()) {
    out += "\nQuestions to ask next (the Nash choice now carries " +
           number(analysis.nash_entropy, 3) + " bits of uncertainty; most informative first)\n";
    for (std::size_t j = 0; j < analysis.questions.size(); ++j) {
      const RobustQuestion& q = analysis.questions[j];
      out += "  " + std::to_string(j + 1) + ". " +
             robust_detail::question_text(scenario, analysis, q) + "\n";
      out += "     P(yes) " + estimate(q.yes) + "; its answer brings " + number(q.information, 3) +
             " bits (" + percent(q.information / analysis.nash_entropy) + ")\n";
      out += "     " + robust_detail::question_outcome(scenario, analysis, q) + "\n";
    }
  }
  if (!analysis.sentences.empty()) {
    out += "\nIn short\n";
    for (const auto& s : analysis.sentences) out += "  " + s + "\n";
  }
  return out;
}

std::string render_robust_brief(const Scenario& scenario, const RobustAnalysis& analysis) {
  using robust_detail::number;
  using robust_detail::percent;
  auto t = [](std::string_view s) { return escape_brief_text(s); };
  std::string out =
      "<p>The parties' preferences are not known exactly: the numbers below take into account "
      "every belief the statements allow. ";
  if (analysis.candidates_only)
    out += t(analysis.space_size) +
           " packages are too many to enumerate: the analysis is exact "
           "over " +
           std::to_string(analysis.package_count) +
           " candidates (the Pareto frontiers "
           "at " +
           std::to_string(analysis.candidate_vectors) + " parameter vectors). ";
  else
    out += "Every one of the " + std::to_string(analysis.package_count) + " packages is analysed. ";
  out += analysis.samples > 0 ? "Probabilities marked ± are Monte Carlo estimates (" +
                                    std::to_string(analysis.samples) + " draws per party, seed " +
                                    std::to_string(analysis.seed) +
                                    ") with their standard error; "
                                    "the others are exact."
                              : std::string(
                                    "Every probability is exact (every combination of "
                                    "the discrete laws).");
  out += " Details and methods: <code>parley robust</code> (docs/robust.md).</p>\n";

  out += "<h3>What is uncertain</h3>\n<ul>\n";
  for (std::size_t p = 0; p < analysis.parties.size(); ++p) {
    const RobustPartyLaw& law = analysis.parties[p];
    out += "<li><strong>" + t(scenario.party(p).name) + "</strong>: ";
    if (law.statements.empty()) {
      out += "known (walk-away " + t(law.walk_away_law) + ")";
    } else {
      for (std::size_t s = 0; s < law.statements.size(); ++s)
        out += (s ? "; " : "") + t(law.statements[s]);
    }
    out += "</li>\n";
  }
  out += "</ul>\n";

  out +=
      "<h3>Recommendations side by side</h3>\n<table>\n<thead><tr><th>Rule</th><th>Package"
      "</th><th>Value</th></tr></thead>\n<tbody>\n";
  for (const auto& r : analysis.recommendations) {
    out += "<tr><td>" + t(title(r.rule)) + "</td>";
    if (r.package)
      out += "<td>#" + std::to_string(*r.package + 1) + "</td><td>" +
             t(robust_detail::criterion_text(r)) + "</td></tr>\n";
    else
      out += "<td>none</td><td>" + t(r.note) + "</td></tr>\n";
  }
  out += "</tbody>\n</table>\n";

  out += "<h3>The packages</h3>\n<table>\n<thead><tr><th>#</th><th>Package</th>";
  for (std::size_t p = 0; p < analysis.parties.size(); ++p)
    out += "<th>" + t(scenario.party(p).name) + " accepts</th>";
  out += "<th>All accept</th><th>Nash choice</th></tr></thead>\n<tbody>\n";
  auto probability = [&](const Estimate& e) {
    return e.exact ? percent(e.value) : percent(e.value) + " ± " + percent(e.standard_error);
  };
  const std::size_t shown = std::min<std::size_t>(analysis.packages.size(), 12);
  for (std::size_t j = 0; j < shown; ++j) {
    const RobustPackage& package = analysis.packages[j];
    out += "<tr><td>#" + std::to_string(j + 1) + "</td><td>" +
           t(scenario.describe(package.outcome)) + "</td>";
    for (const auto& a : package.acceptance) out += "<td>" + t(probability(a)) + "</td>";
    out += "<td>" + t(probability(package.joint_acceptance)) + "</td><td>" +
           t(percent(package.nash_acceptability.value)) + "</td></tr>\n";
  }
  out += "</tbody>\n</table>\n";

  if (!analysis.sentences.empty()) {
    out += "<h3>In short</h3>\n<ul>\n";
    for (const auto& s : analysis.sentences) out += "<li>" + t(s) + "</li>\n";
    out += "</ul>\n";
  }
  if (!analysis.questions.empty()) {
    out += "<h3>Questions to ask next</h3>\n<ol>\n";
    for (const auto& q : analysis.questions)
      out += "<li>" + t(robust_detail::question_text(scenario, analysis, q)) + " (P(yes) " +
             t(percent(q.yes.value)) + "; the answer brings " + t(number(q.information, 3)) +
             " bits of the " + t(number(analysis.nash_entropy, 3)) +
             " of uncertainty about the Nash choice: " +
             t(robust_detail::question_outcome(scenario, analysis, q)) + ")</li>\n";
    out += "</ol>\n";
  }
  return out;
}

std::string render_robust_json(const Scenario& scenario, const RobustAnalysis& analysis) {
  using nlohmann::ordered_json;
  auto estimate = [](const Estimate& e) {
    ordered_json j;
    j["value"] = e.value;
    j["exact"] = e.exact;
    if (!e.exact) j["standard_error"] = e.standard_error;
    return j;
  };
  auto package_json = [&](const Outcome& outcome) {
    ordered_json j = ordered_json::object();
    for (std::size_t i = 0; i < outcome.size(); ++i)
      j[scenario.issue(i).name()] = scenario.issue(i).value_label(outcome[i]);
    return j;
  };
  ordered_json root;
  root["schema"] = "parley-robust/1";
  root["scenario"] = scenario.name();
  root["packages_analysed"] = analysis.package_count;
  if (analysis.candidates_only) {
    root["candidates"] = {{"space_size", analysis.space_size},
                          {"parameter_vectors", analysis.candidate_vectors},
                          {"necessarily_dominated", analysis.dominated},
                          {"frontiers_exact", analysis.candidate_frontiers_exact}};
  }
  root["samples"] = analysis.samples;
  root["seed"] = analysis.seed;
  root["alpha"] = analysis.alpha;
  ordered_json parties = ordered_json::array();
  for (std::size_t p = 0; p < analysis.parties.size(); ++p) {
    const RobustPartyLaw& law = analysis.parties[p];
    ordered_json j;
    j["name"] = scenario.party(p).name;
    j["statements"] = law.statements;
    j["acceptance_method"] = law.acceptance_method;
    j["acceptance_exact"] = law.acceptance_exact;
    j["mean_weights_exact"] = law.mean_weight_exactness.exact;
    ordered_json weights = ordered_json::object();
    for (std::size_t i = 0; i < law.mean_weights.size(); ++i) {
      ordered_json w;
      w["mean"] = law.mean_weights[i];
      if (i < law.weight_ranges.size()) {
        w["min"] = law.weight_ranges[i].first;
        w["max"] = law.weight_ranges[i].second;
      }
      weights[scenario.issue(i).name()] = w;
    }
    j["weights"] = weights;
    j["walk_away"] = {{"law", law.walk_away_law},
                      {"mean", law.mean_walk_away},
                      {"lowest", law.lowest_walk_away},
                      {"highest", law.highest_walk_away}};
    j["ideal"] = law.ideal;
    parties.push_back(j);
  }
  root["parties"] = parties;
  ordered_json recommendations = ordered_json::array();
  for (const auto& r : analysis.recommendations) {
    ordered_json j;
    j["rule"] = to_string(r.rule);
    j["title"] = title(r.rule);
    if (r.package) {
      j["package"] = *r.package + 1;
      j["criterion"] = r.criterion;
    } else {
      j["package"] = nullptr;
      j["note"] = r.note;
    }
    recommendations.push_back(j);
  }
  root["recommendations"] = recommendations;
  ordered_json packages = ordered_json::array();
  for (std::size_t q = 0; q < analysis.packages.size(); ++q) {
    const RobustPackage& p = analysis.packages[q];
    ordered_json j;
    j["number"] = q + 1;
    j["package"] = package_json(p.outcome);
    ordered_json per_party = ordered_json::array();
    for (std::size_t i = 0; i < p.acceptance.size(); ++i) {
      ordered_json e;
      e["party"] = scenario.party(i).name;
      e["acceptance"] = estimate(p.acceptance[i]);
      e["expected_utility"] = estimate(p.expected_utility[i]);
      e["min_utility"] = p.min_utility[i];
      e["max_utility"] = p.max_utility[i];
      e["robustly_rational"] = static_cast<bool>(p.robustly_rational[i]);
      e["possibly_rational"] = static_cast<bool>(p.possibly_rational[i]);
      if (i < p.nash_central_weights.size() && !p.nash_central_weights[i].empty())
        e["nash_central_weights"] = p.nash_central_weights[i];
      per_party.push_back(e);
    }
    j["parties"] = per_party;
    j["joint_acceptance"] = estimate(p.joint_acceptance);
    if (p.nominal_nash_product)
      j["nominal_nash_product"] = *p.nominal_nash_product;
    else
      j["nominal_nash_product"] = nullptr;
    j["nash_acceptability"] = estimate(p.nash_acceptability);
    j["ks_acceptability"] = estimate(p.ks_acceptability);
    packages.push_back(j);
  }
  root["packages"] = packages;
  root["no_agreement"] = estimate(analysis.no_agreement);
  ordered_json price;
  price["nominal_nash_product"] =
      analysis.nominal_nash_product ? ordered_json(*analysis.nominal_nash_product) : ordered_json();
  price["robust_nash_nominal_product"] = analysis.robust_nash_nominal_product
                                             ? ordered_json(*analysis.robust_nash_nominal_product)
                                             : ordered_json();
  root["price_of_robustness"] = price;
  ordered_json sensitivity = ordered_json::array();
  for (const auto& s : analysis.sensitivity) {
    ordered_json j;
    j["party"] = scenario.party(s.party).name;
    j["weights_uncertain"] = s.weights_uncertain;
    if (s.distance) {
      j["distance"] = *s.distance;
      j["flip_to"] = s.flip_to ? package_json(*s.flip_to) : ordered_json();
      j["flip_weights"] = s.flip_weights;
      j["flip_within_set"] = s.flip_within_set;
    } else {
      j["distance"] = nullptr;
    }
    ordered_json weights = ordered_json::array();
    for (const auto& w : s.weights) {
      ordered_json e;
      e["issue"] = scenario.issue(w.issue).name();
      e["nominal"] = w.nominal;
      e["stable_low"] = w.low;
      e["stable_high"] = w.high;
      e["below"] = w.below ? package_json(*w.below) : ordered_json();
      e["above"] = w.above ? package_json(*w.above) : ordered_json();
      e["set_low"] = w.set_low;
      e["set_high"] = w.set_high;
      weights.push_back(e);
    }
    j["weights"] = weights;
    sensitivity.push_back(j);
  }
  root["sensitivity"] = sensitivity;
  root["nash_entropy_bits"] = analysis.nash_entropy;
  ordered_json questions = ordered_json::array();
  for (const auto& q : analysis.questions) {
    ordered_json j;
    j["kind"] = to_string(q.kind);
    j["party"] = scenario.party(q.party).name;
    j["text"] = robust_detail::question_text(scenario, analysis, q);
    if (q.kind == RobustQuestion::Kind::weight) {
      j["issue"] = scenario.issue(q.issue).name();
      j["threshold"] = q.threshold;
    } else {
      j["first"] = package_json(q.first);
      if (q.kind == RobustQuestion::Kind::compare) j["second"] = package_json(q.second);
    }
    j["yes"] = estimate(q.yes);
    j["information_bits"] = q.information;
    j["if_yes"] = {{"nash_choice", q.if_yes ? package_json(*q.if_yes) : ordered_json()},
                   {"share", q.if_yes_share}};
    j["if_no"] = {{"nash_choice", q.if_no ? package_json(*q.if_no) : ordered_json()},
                  {"share", q.if_no_share}};
    questions.push_back(j);
  }
  root["questions"] = questions;
  root["sentences"] = analysis.sentences;
  return root.dump(2) + "\n";
}

}  // namespace parley
