// Tournament summary: streaming means (Welford 1962) with 95% intervals, rank intervals, tables
// and a gnuplot chart.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "parley/tournament/tournament.hpp"
#include "support/file_io.hpp"
#include "support/gnuplot.hpp"
#include "tournament_internal.hpp"

namespace parley {
namespace {

// Two-sided 97.5% quantiles of Student's t for 1..29 degrees of freedom (Fisher & Yates tables);
// from 30 on the normal 1.96 is used.
constexpr double t_quantiles[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306,
                                  2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120,
                                  2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
                                  2.060,  2.056, 2.052, 2.048, 2.045};

double t_quantile(std::uint64_t degrees) {
  if (degrees == 0) return 0.0;
  if (degrees < 30) return t_quantiles[degrees - 1];
  return 1.96;
}

std::string with_interval(const MeanEstimate& e, int digits = 3) {
  if (e.count == 0) return "-";
  return fmt::format("{:.{}f} ± {:.{}f}", e.mean, digits, e.half_width, digits);
}

std::string number(double x) { return std::isfinite(x) ? fmt::format("{}", x) : std::string(); }

std::string csv_estimate(const MeanEstimate& e) {
  return e.count ? number(e.mean) + "," + number(e.half_width) : std::string(",");
}

}  // namespace

void SummaryBuilder::Moments::add(double x) {
  if (!std::isfinite(x)) return;
  ++n;
  ++pending;
  const double delta = x - mean;
  mean += delta / static_cast<double>(n);
  m2 += delta * (x - mean);
}

// An identical pairing adds one sample per seat its values came from (pending / rows: two for
// an agent playing both seats of a self-play).
void SummaryBuilder::Moments::close_pairing(bool identical, std::uint64_t rows) {
  samples += identical && rows > 0 ? (pending + rows - 1) / rows : pending;
  pending = 0;
}

// The mean over every negotiation; the interval from k = samples independent samples. With the
// variance over negotiations s^2 = m2 / n, the unbiased variance of the samples is s^2 k / (k-1)
// (exactly the sample variance of the distinct results when every pairing repeated itself the
// same number of times), and the standard error sqrt(s^2 / (k-1)).
MeanEstimate SummaryBuilder::Moments::estimate() const {
  MeanEstimate e;
  const std::uint64_t k = samples + pending;
  e.count = k;
  e.mean = mean;
  if (k > 1 && n > 0) {
    const double variance = m2 / static_cast<double>(n);
    e.half_width = t_quantile(k - 1) * std::sqrt(variance / static_cast<double>(k - 1));
  }
  return e;
}

void SummaryBuilder::AgentMoments::close_pairing(bool identical, std::uint64_t rows) {
  for (Moments* m : {&utility, &payoff, &advantage, &agreement, &welfare, &distance_nash,
                     &model_pearson, &model_kendall_tau, &model_frontier_distance})
    m->close_pairing(identical, rows);
}

void SummaryBuilder::ScenarioMoments::close_pairing(bool identical, std::uint64_t rows) {
  for (Moments* m : {&agreement, &welfare, &distance_frontier, &distance_nash, &rounds})
    m->close_pairing(identical, rows);
}

SummaryBuilder::SummaryBuilder(const TournamentSpec& spec,
                               const std::vector<std::string>& scenario_names)
    : agents_(spec.agents),
      scenarios_(scenario_names),
      agent_moments_(spec.agents.size()),
      scenario_moments_(scenario_names.size()) {
  for (std::size_t a = 0; a < agents_.size(); ++a) agent_index_[agents_[a]] = a;
}

namespace {

// Two rows of one pairing gave the same result: everything but the repetition, seed, index and
// time is equal.
bool same_result(const ResultRow& a, const ResultRow& b) {
  auto same = [](double x, double y) { return x == y || (std::isnan(x) && std::isnan(y)); };
  auto same_list = [&](const std::vector<double>& x, const std::vector<double>& y) {
    return std::equal(x.begin(), x.end(), y.begin(), y.end(), same);
  };
  return a.agreement == b.agreement && a.outcome == b.outcome && a.rounds == b.rounds &&
         a.end == b.end && a.failure == b.failure && a.failed_agent == b.failed_agent &&
         same_list(a.utilities, b.utilities) && same_list(a.payoffs, b.payoffs) &&
         same_list(a.advantages, b.advantages) && same(a.welfare, b.welfare) &&
         same(a.distance_frontier, b.distance_frontier) && same(a.distance_nash, b.distance_nash) &&
         same_list(a.model_pearson, b.model_pearson) &&
         same_list(a.model_kendall_tau, b.model_kendall_tau) &&
         same_list(a.model_frontier_distance, b.model_frontier_distance);
}

}  // namespace

// A pairing's repetitions are numbered 0, 1, 2, ... in job order: a row continues the current
// pairing when it has the same scenario and agents and a later repetition.
void SummaryBuilder::add(const ResultRow& row) {
  if (pairing_first_ &&
      (pairing_first_->scenario_index != row.scenario_index ||
       pairing_first_->agents != row.agents || row.repetition <= pairing_last_repetition_))
    close_pairing();
  if (!pairing_first_) {
    pairing_first_ = row;
  } else if (pairing_identical_ && !same_result(*pairing_first_, row)) {
    pairing_identical_ = false;
  }
  pairing_last_repetition_ = row.repetition;
  ++pairing_rows_;
  ++rows_;
  bool failure_counted = false;
  for (std::size_t p = 0; p < row.agents.size(); ++p) {
    const auto found = agent_index_.find(row.agents[p]);
    if (found == agent_index_.end()) continue;
    AgentMoments& m = agent_moments_[found->second];
    ++m.negotiations;
    m.utility.add(row.utilities.at(p));
    m.payoff.add(row.payoffs.at(p));
    m.advantage.add(row.advantages.at(p));
    m.agreement.add(row.agreement ? 1.0 : 0.0);
    m.welfare.add(row.welfare);
    m.distance_nash.add(row.distance_nash);
    // NaN (an agent without a model) is not a value: the mean is over the agent's models.
    if (p < row.model_pearson.size()) {
      m.model_pearson.add(row.model_pearson[p]);
      m.model_kendall_tau.add(row.model_kendall_tau[p]);
      m.model_frontier_distance.add(row.model_frontier_distance[p]);
    }
    if (!failure_counted && !row.failed_agent.empty() && row.failed_agent == row.agents[p]) {
      ++m.failures;
      failure_counted = true;
    }
  }
  if (row.scenario_index < scenario_moments_.size()) {
    ScenarioMoments& m = scenario_moments_[row.scenario_index];
    ++m.negotiations;
    m.agreement.add(row.agreement ? 1.0 : 0.0);
    m.welfare.add(row.welfare);
    m.distance_frontier.add(row.distance_frontier);
    m.distance_nash.add(row.distance_nash);
    m.rounds.add(static_cast<double>(row.rounds));
    if (!row.failure.empty()) ++m.failures;
  }
}

void SummaryBuilder::close_pairing() {
  if (!pairing_first_) return;
  const ResultRow& row = *pairing_first_;
  samples_ += pairing_identical_ ? 1 : pairing_rows_;
  // An agent in several seats of a self-play is closed once.
  std::vector<std::size_t> closed;
  for (const auto& agent : row.agents) {
    const auto found = agent_index_.find(agent);
    if (found == agent_index_.end()) continue;
    if (std::find(closed.begin(), closed.end(), found->second) != closed.end()) continue;
    closed.push_back(found->second);
    agent_moments_[found->second].close_pairing(pairing_identical_, pairing_rows_);
  }
  if (row.scenario_index < scenario_moments_.size())
    scenario_moments_[row.scenario_index].close_pairing(pairing_identical_, pairing_rows_);
  pairing_first_.reset();
  pairing_rows_ = 0;
  pairing_identical_ = true;
}

TournamentSummary SummaryBuilder::finish() {
  close_pairing();
  TournamentSummary summary;
  summary.negotiations = rows_;
  summary.samples = samples_;
  for (std::size_t a = 0; a < agents_.size(); ++a) {
    const AgentMoments& m = agent_moments_[a];
    AgentSummary s;
    s.agent = agents_[a];
    s.utility = m.utility.estimate();
    s.payoff = m.payoff.estimate();
    s.advantage = m.advantage.estimate();
    s.agreement = m.agreement.estimate();
    s.welfare = m.welfare.estimate();
    s.distance_nash = m.distance_nash.estimate();
    s.model_pearson = m.model_pearson.estimate();
    s.model_kendall_tau = m.model_kendall_tau.estimate();
    s.model_frontier_distance = m.model_frontier_distance.estimate();
    s.negotiations = m.negotiations;
    s.failures = m.failures;
    summary.agents.push_back(std::move(s));
  }
  std::stable_sort(
      summary.agents.begin(), summary.agents.end(),
      [](const AgentSummary& x, const AgentSummary& y) { return x.payoff.mean > y.payoff.mean; });
  const auto count = static_cast<std::uint32_t>(summary.agents.size());
  for (std::uint32_t i = 0; i < count; ++i) {
    AgentSummary& me = summary.agents[i];
    me.rank = i + 1;
    std::uint32_t surely_ahead = 0, surely_behind = 0;
    const double low = me.payoff.mean - me.payoff.half_width;
    const double high = me.payoff.mean + me.payoff.half_width;
    for (std::uint32_t j = 0; j < count; ++j) {
      if (j == i) continue;
      const MeanEstimate& other = summary.agents[j].payoff;
      if (other.mean - other.half_width > high) ++surely_ahead;
      if (other.mean + other.half_width < low) ++surely_behind;
    }
    me.rank_best = 1 + surely_ahead;
    me.rank_worst = count - surely_behind;
  }
  // ANAC's social-welfare and Nash tracks: competition ranks (equal means share a rank).
  for (auto& me : summary.agents) {
    me.rank_welfare = me.rank_nash = 1;
    for (const auto& other : summary.agents) {
      if (other.welfare.mean > me.welfare.mean) ++me.rank_welfare;
      const bool mine = me.distance_nash.count > 0, theirs = other.distance_nash.count > 0;
      if (theirs && (!mine || other.distance_nash.mean < me.distance_nash.mean)) ++me.rank_nash;
    }
  }
  for (std::size_t s = 0; s < scenarios_.size(); ++s) {
    const ScenarioMoments& m = scenario_moments_[s];
    ScenarioSummary out;
    out.scenario = scenarios_[s];
    out.negotiations = m.negotiations;
    out.agreement = m.agreement.estimate();
    out.welfare = m.welfare.estimate();
    out.distance_frontier = m.distance_frontier.estimate();
    out.distance_nash = m.distance_nash.estimate();
    out.rounds = m.rounds.estimate();
    out.failures = m.failures;
    summary.scenarios.push_back(std::move(out));
  }
  return summary;
}

std::string render_summary(const TournamentSummary& summary) {
  std::string text = fmt::format("{} negotiations", summary.negotiations);
  if (summary.samples != summary.negotiations)
    text += fmt::format(
        ", {} independent samples (repetitions that gave identical results, as deterministic "
        "agents do, count as one sample in the intervals; the means are over every negotiation)",
        summary.samples);
  text += "\n\nAgents (mean ± 95% half-width; n: negotiations, samples: independent ones)\n";
  std::size_t width = 5;
  for (const auto& a : summary.agents) width = std::max(width, a.agent.size());
  text += fmt::format("{:<9} {:<{}} {:>17} {:>17} {:>17} {:>17} {:>17} {:>8} {:>8} {:>8}\n", "rank",
                      "agent", width, "payoff", "utility", "advantage", "agreement", "welfare", "n",
                      "samples", "failures");
  for (const auto& a : summary.agents) {
    const std::string rank = a.rank_best == a.rank_worst
                                 ? fmt::format("{}", a.rank)
                                 : fmt::format("{} [{}-{}]", a.rank, a.rank_best, a.rank_worst);
    text += fmt::format("{:<9} {:<{}} {:>17} {:>17} {:>17} {:>17} {:>17} {:>8} {:>8} {:>8}\n", rank,
                        a.agent, width, with_interval(a.payoff), with_interval(a.utility),
                        with_interval(a.advantage), with_interval(a.agreement),
                        with_interval(a.welfare), a.negotiations, a.payoff.count, a.failures);
  }
  // ANAC's tracks: individual utility (the ranking above), social welfare, distance to Nash.
  text += fmt::format(
      "\nANAC tracks (rank: individual utility, social welfare, distance to Nash)\n"
      "{:<{}} {:>10} {:>10} {:>17} {:>10} {:>17}\n",
      "agent", width, "individual", "welfare", "mean welfare", "Nash", "to Nash");
  for (const auto& a : summary.agents)
    text += fmt::format("{:<{}} {:>10} {:>10} {:>17} {:>10} {:>17}\n", a.agent, width, a.rank,
                        a.rank_welfare, with_interval(a.welfare), a.rank_nash,
                        a.distance_nash.count ? with_interval(a.distance_nash) : "-");
  const bool models = std::any_of(summary.agents.begin(), summary.agents.end(),
                                  [](const AgentSummary& a) { return a.model_pearson.count > 0; });
  if (models) {
    text += fmt::format(
        "\nOpponent models (Baarslag et al. 2016: correlation of the estimated with the true "
        "utilities, and frontier distance; '-': no model)\n{:<{}} {:>17} {:>17} {:>17}\n",
        "agent", width, "Pearson", "Kendall tau", "frontier distance");
    for (const auto& a : summary.agents) {
      const bool has = a.model_pearson.count > 0;
      text += fmt::format("{:<{}} {:>17} {:>17} {:>17}\n", a.agent, width,
                          has ? with_interval(a.model_pearson) : "-",
                          has ? with_interval(a.model_kendall_tau) : "-",
                          has ? with_interval(a.model_frontier_distance) : "-");
    }
  }
  width = 8;
  for (const auto& s : summary.scenarios) width = std::max(width, s.scenario.size());
  text += fmt::format(
      "\nScenarios (mean ± 95% half-width)\n{:<{}} {:>17} {:>17} {:>17} {:>17} "
      "{:>19} {:>8} {:>8} {:>8}\n",
      "scenario", width, "agreement", "welfare", "to frontier", "to Nash", "rounds", "n", "samples",
      "failures");
  for (const auto& s : summary.scenarios)
    text += fmt::format("{:<{}} {:>17} {:>17} {:>17} {:>17} {:>19} {:>8} {:>8} {:>8}\n", s.scenario,
                        width, with_interval(s.agreement), with_interval(s.welfare),
                        with_interval(s.distance_frontier), with_interval(s.distance_nash),
                        with_interval(s.rounds, 1), s.negotiations, s.agreement.count, s.failures);
  return text;
}

void write_summary_tables(const TournamentSummary& summary, const std::string& out_dir) {
  using detail::AtomicFile;
  using detail::Durability;
  const std::filesystem::path out(out_dir);
  // Derived from the durable journal like the merged results: --resume rewrites them after a
  // power loss, so they are not synced.
  AtomicFile agents(out / "agents.csv", Durability::rebuildable);
  agents.line(
      "rank,rank_best,rank_worst,agent,negotiations,payoff,payoff_half_width,utility,"
      "utility_half_width,advantage,"
      "advantage_half_width,agreement_rate,agreement_half_width,welfare,welfare_half_width,"
      "failures,samples,rank_welfare,rank_nash,distance_nash,distance_nash_half_width,"
      "model_pearson,model_pearson_half_width,model_kendall_tau,model_kendall_tau_half_width,"
      "model_frontier_distance,model_frontier_distance_half_width");
  auto optional_estimate = [](const MeanEstimate& e) {
    return e.count > 0 ? csv_estimate(e) : std::string(",");
  };
  for (const auto& a : summary.agents)
    agents.line(fmt::format(
        "{},{},{},\"{}\",{},{},{},{},{},{},{},{},{},{},{},{},{},{}", a.rank, a.rank_best,
        a.rank_worst, a.agent, a.negotiations, csv_estimate(a.payoff), csv_estimate(a.utility),
        csv_estimate(a.advantage), csv_estimate(a.agreement), csv_estimate(a.welfare), a.failures,
        a.payoff.count, a.rank_welfare, a.rank_nash, optional_estimate(a.distance_nash),
        optional_estimate(a.model_pearson), optional_estimate(a.model_kendall_tau),
        optional_estimate(a.model_frontier_distance)));
  agents.commit();
  AtomicFile scenarios(out / "scenarios.csv", Durability::rebuildable);
  scenarios.line(
      "scenario,negotiations,agreement_rate,agreement_half_width,welfare,welfare_half_width,"
      "distance_frontier,distance_frontier_half_width,distance_nash,distance_nash_half_width,"
      "rounds,rounds_half_width,failures,samples");
  for (const auto& s : summary.scenarios)
    scenarios.line(fmt::format("\"{}\",{},{},{},{},{},{},{},{}", s.scenario, s.negotiations,
                               csv_estimate(s.agreement), csv_estimate(s.welfare),
                               csv_estimate(s.distance_frontier), csv_estimate(s.distance_nash),
                               csv_estimate(s.rounds), s.failures, s.agreement.count));
  scenarios.commit();
}

void plot_summary(const TournamentSummary& summary, const std::string& svg_path) {
  std::string script = "$agents << EOD\n";
  for (std::size_t i = 0; i < summary.agents.size(); ++i) {
    const auto& a = summary.agents[i];
    std::string label = a.agent;
    // A data-block cell: a double quote or a line break would end it early.
    std::replace(label.begin(), label.end(), '"', '\'');
    std::replace_if(
        label.begin(), label.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; },
        ' ');
    script += fmt::format("{} \"{}\" {} {}\n", i, label, number(a.payoff.mean),
                          number(a.payoff.half_width));
  }
  script += "EOD\n";
  script +=
      "set title 'Mean payoff per agent (95% interval)' noenhanced\n"
      "set ylabel 'payoff (discounted utility)'\nset yrange [0:*]\nset style fill solid 0.5\nset "
      "boxwidth 0.6\n"
      "set xtics rotate by -30 noenhanced\nset grid ytics\nunset key\n"
      "plot $agents using 1:3:xtic(2) with boxes lc rgb '#4477aa', "
      "'' using 1:3:4 with yerrorbars lc rgb 'black' pt 0\n";
  detail::draw_with_gnuplot(svg_path,
                            fmt::format("svg size {},480 dynamic enhanced font 'sans,11'",
                                        std::max<std::size_t>(640, 90 * summary.agents.size())),
                            script);
}

}  // namespace parley
