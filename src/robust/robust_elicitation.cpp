// The questions to ask next (docs/robust.md, "The question to ask next"): PRIME's iterative
// elicitation, choosing the question by the information its answer brings about the Nash choice.
//
// Every draw of the parties' parameters has a Nash choice (a package, or no agreement) and
// implies an answer to each candidate question:
//  - compare x, y for party i: u_i(x) >= u_i(y) in the draw;
//  - accept x for party i: u_i(x) >= r_i in the draw;
//  - weight k of party i reaches t: w_ik >= t in the draw.
// With H(S) the entropy (bits) of the Nash choice over a set S of draws (their masses
// normalised), the question's value is H(all) - P(yes) H(yes) - P(no) H(no): the mutual
// information between the answer and the Nash choice. Exact when the draws are every combination
// of discrete laws, else a Monte Carlo estimate from the same draws as the compromise
// acceptability.
//
// Candidates: the packages most often the Nash choice, then the listed packages (16 at most);
// every pair of them for each party, each of them for acceptance; and per party and issue the
// weights' stability bounds inside the set and the quartiles of the drawn weight (rounded to
// 0.001, the precision the question is asked in).
#include <algorithm>
#include <cmath>
#include <map>

#include "robust/robust_internal.hpp"

namespace parley {

const char* to_string(RobustQuestion::Kind kind) noexcept {
  switch (kind) {
    case RobustQuestion::Kind::compare:
      return "compare";
    case RobustQuestion::Kind::accept:
      return "accept";
    case RobustQuestion::Kind::weight:
      return "weight";
  }
  return "?";
}

namespace robust_detail {
namespace {

constexpr std::size_t kMaxCandidates = 16;
// Answers whose probability is below this are taken as certain (the question brings nothing).
constexpr double kCertain = 1e-12;

double entropy_bits(const std::vector<double>& masses, double total) {
  if (total <= 0.0) return 0.0;
  double h = 0.0;
  for (double m : masses)
    if (m > 0.0) {
      const double p = m / total;
      h -= p * std::log2(p);
    }
  return h;
}

class Chooser {
 public:
  explicit Chooser(const ElicitationInput& input) : in_(input) {}
  Elicitation run();

 private:
  Outcome outcome(std::uint64_t x) const { return in_.space.outcome(x); }
  // Party p's utility of package x in each draw.
  std::vector<double> utilities(std::size_t p, std::uint64_t x) const;
  // Scores a question whose answer in draw d is yes[d]; false when the answer is certain.
  bool score(const std::vector<char>& yes, RobustQuestion& question) const;

  const ElicitationInput& in_;
  std::vector<std::size_t> choice_id_;  // per draw: the id of its Nash choice
  std::vector<std::uint64_t> choices_;  // per id: the package (kNone: no agreement)
  double entropy_ = 0.0;
};

std::vector<double> Chooser::utilities(std::size_t p, std::uint64_t x) const {
  const PartyModel& party = in_.parties[p];
  const std::size_t k = in_.space.options.size();
  std::vector<std::uint32_t> d;
  in_.space.digits(x, d);
  std::vector<std::size_t> offset(k, 0);
  for (std::size_t i = 1; i < k; ++i) offset[i] = offset[i - 1] + in_.space.options[i - 1].size();
  std::vector<double> u(in_.draws.size());
  for (std::size_t j = 0; j < in_.draws.size(); ++j) {
    const std::size_t s = in_.draws[j].party_draw[p];
    const double* w = party.weight_draws.data() + s * k;
    const double* v =
        party.values_uncertain() ? party.value_draws.data() + s * party.option_count : nullptr;
    double sum = 0.0;
    for (std::size_t i = 0; i < k; ++i)
      sum += w[i] * (v ? v[offset[i] + d[i]] : party.low_values[i][d[i]]);
    u[j] = sum;
  }
  return u;
}

bool Chooser::score(const std::vector<char>& yes, RobustQuestion& question) const {
  const std::size_t ids = choices_.size();
  std::vector<double> mass_yes(ids, 0.0), mass_no(ids, 0.0);
  double total_yes = 0.0, total_no = 0.0;
  for (std::size_t j = 0; j < in_.draws.size(); ++j) {
    const double m = in_.draws[j].mass;
    if (yes[j]) {
      mass_yes[choice_id_[j]] += m;
      total_yes += m;
    } else {
      mass_no[choice_id_[j]] += m;
      total_no += m;
    }
  }
  const double total = total_yes + total_no;
  if (total_yes <= kCertain * total || total_no <= kCertain * total) return false;
  const double after =
      (total_yes * entropy_bits(mass_yes, total_yes) + total_no * entropy_bits(mass_no, total_no)) /
      total;
  question.information = std::max(0.0, entropy_ - after);
  const double p = total_yes / total;
  question.yes.value = p;
  question.yes.exact = in_.exact;
  if (!in_.exact)
    question.yes.standard_error = std::sqrt(p * (1.0 - p) / static_cast<double>(in_.draws.size()));
  for (auto [masses, share, choice, group] :
       {std::tuple{&mass_yes, &question.if_yes_share, &question.if_yes, total_yes},
        std::tuple{&mass_no, &question.if_no_share, &question.if_no, total_no}}) {
    const std::size_t best = static_cast<std::size_t>(
        std::max_element(masses->begin(), masses->end()) - masses->begin());
    *share = (*masses)[best] / group;
    if (choices_[best] != kNone)
      *choice = outcome(choices_[best]);
    else
      choice->reset();
  }
  return true;
}

Elicitation Chooser::run() {
  Elicitation result;
  const std::size_t D = in_.draws.size();
  if (D == 0) return result;
  // Ids of the Nash choices, and their masses.
  std::map<std::uint64_t, std::size_t> id_of;
  choice_id_.resize(D);
  for (std::size_t j = 0; j < D; ++j) {
    const auto [it, added] = id_of.emplace(in_.nash[j], id_of.size());
    if (added) choices_.push_back(in_.nash[j]);
    choice_id_[j] = it->second;
  }
  std::vector<double> masses(choices_.size(), 0.0);
  double total = 0.0;
  for (std::size_t j = 0; j < D; ++j) {
    masses[choice_id_[j]] += in_.draws[j].mass;
    total += in_.draws[j].mass;
  }
  entropy_ = entropy_bits(masses, total);
  result.entropy = entropy_;
  if (choices_.size() < 2) return result;  // the Nash choice is known: nothing to ask

  // Candidates: the most frequent Nash choices, then the listed packages.
  std::vector<std::size_t> by_mass(choices_.size());
  for (std::size_t c = 0; c < by_mass.size(); ++c) by_mass[c] = c;
  std::stable_sort(by_mass.begin(), by_mass.end(),
                   [&](std::size_t a, std::size_t b) { return masses[a] > masses[b]; });
  std::vector<std::uint64_t> candidates;
  auto add = [&](std::uint64_t x) {
    if (x != kNone && candidates.size() < kMaxCandidates &&
        std::find(candidates.begin(), candidates.end(), x) == candidates.end())
      candidates.push_back(x);
  };
  for (std::size_t c = 0; c < by_mass.size() && candidates.size() < kMaxCandidates / 2; ++c)
    add(choices_[by_mass[c]]);
  for (std::uint64_t x : in_.candidates) add(x);

  std::vector<RobustQuestion> questions;
  std::vector<std::vector<char>> answers;  // per question, its answer in each draw
  std::vector<char> yes(D);
  const std::size_t k = in_.space.options.size();
  for (std::size_t p = 0; p < in_.parties.size(); ++p) {
    const PartyModel& party = in_.parties[p];
    if (!party.linear || !party.uncertainty) continue;
    std::vector<std::vector<double>> u;
    for (std::uint64_t x : candidates) u.push_back(utilities(p, x));
    // Compare every pair (the likelier Nash choice named first).
    for (std::size_t a = 0; a < candidates.size(); ++a)
      for (std::size_t b = a + 1; b < candidates.size(); ++b) {
        for (std::size_t j = 0; j < D; ++j) yes[j] = u[a][j] >= u[b][j];
        RobustQuestion q;
        q.kind = RobustQuestion::Kind::compare;
        q.party = p;
        if (score(yes, q)) {
          q.first = outcome(candidates[a]);
          q.second = outcome(candidates[b]);
          questions.push_back(std::move(q));
          answers.push_back(yes);
        }
      }
    // Accept each candidate.
    for (std::size_t a = 0; a < candidates.size(); ++a) {
      for (std::size_t j = 0; j < D; ++j)
        yes[j] = u[a][j] >= party.walk_away_draws[in_.draws[j].party_draw[p]];
      RobustQuestion q;
      q.kind = RobustQuestion::Kind::accept;
      q.party = p;
      if (score(yes, q)) {
        q.first = outcome(candidates[a]);
        questions.push_back(std::move(q));
        answers.push_back(yes);
      }
    }
    // Weight thresholds.
    if (!party.weights_uncertain()) continue;
    const PartySensitivity* sensitivity = nullptr;
    for (const auto& s : in_.sensitivity)
      if (s.party == p) sensitivity = &s;
    for (std::size_t i = 0; i < k; ++i) {
      std::vector<std::pair<double, double>> drawn(D);  // (w_ik, mass)
      for (std::size_t j = 0; j < D; ++j)
        drawn[j] = {party.weight_draws[in_.draws[j].party_draw[p] * k + i], in_.draws[j].mass};
      std::sort(drawn.begin(), drawn.end());
      if (drawn.front().first == drawn.back().first) continue;  // this weight is known
      std::vector<double> thresholds;
      for (double level : {0.25, 0.5, 0.75}) {
        double cumulative = 0.0;
        for (const auto& [w, m] : drawn) {
          cumulative += m;
          if (cumulative >= level * total) {
            thresholds.push_back(w);
            break;
          }
        }
      }
      if (sensitivity)
        for (const auto& w : sensitivity->weights)
          if (w.issue == i)
            for (double bound : {w.low, w.high})
              if (bound > w.set_low && bound < w.set_high) thresholds.push_back(bound);
      for (double& t : thresholds) t = std::round(t * 1000.0) / 1000.0;
      std::vector<double> asked;
      for (double t : thresholds) {
        if (std::find(asked.begin(), asked.end(), t) != asked.end()) continue;
        asked.push_back(t);
        for (std::size_t j = 0; j < D; ++j)
          yes[j] = party.weight_draws[in_.draws[j].party_draw[p] * k + i] >= t;
        RobustQuestion q;
        q.kind = RobustQuestion::Kind::weight;
        q.party = p;
        q.issue = i;
        q.threshold = t;
        if (score(yes, q)) {
          questions.push_back(std::move(q));
          answers.push_back(yes);
        }
      }
    }
  }
  // Most informative first; a question whose answers split the draws exactly as one kept
  // already (or as its opposite), or that asks about a weight already asked about, is left out.
  std::vector<std::size_t> order(questions.size());
  for (std::size_t j = 0; j < order.size(); ++j) order[j] = j;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return questions[a].information > questions[b].information;
  });
  std::vector<std::size_t> kept;
  for (std::size_t j : order) {
    if (kept.size() == in_.kept || questions[j].information <= 0.0) break;
    bool same = false;
    for (std::size_t other : kept) {
      const auto& a = answers[j];
      const auto& b = answers[other];
      // The same weight asked again at another threshold is the same question, less well put.
      const RobustQuestion& q = questions[j];
      const RobustQuestion& r = questions[other];
      same = (q.kind == RobustQuestion::Kind::weight && r.kind == RobustQuestion::Kind::weight &&
              q.party == r.party && q.issue == r.issue) ||
             std::equal(a.begin(), a.end(), b.begin()) ||
             std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return x != y; });
      if (same) break;
    }
    if (same) continue;
    kept.push_back(j);
    result.questions.push_back(std::move(questions[j]));
  }
  return result;
}

}  // namespace

Elicitation choose_questions(const ElicitationInput& input) { return Chooser(input).run(); }

}  // namespace robust_detail
}  // namespace parley
