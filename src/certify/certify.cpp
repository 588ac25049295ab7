// parley certify: the claims of the analysis, each proved (docs/certificates.md).
#include "parley/certify/certify.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "exact_model.hpp"
#include "parley/analysis/brief.hpp"
#include "parley/support/error.hpp"
#include "prover.hpp"
#include "support/enum_table.hpp"
#include "support/file_io.hpp"

namespace parley {

namespace {

// The spellings of the certificate's claim kinds and statuses (src/support/enum_table.hpp).
constexpr auto kClaimKindNames = detail::enum_table<ClaimKind>(
    {{ClaimKind::pareto, "pareto"},
     {ClaimKind::not_pareto, "not_pareto"},
     {ClaimKind::zone_empty, "zone_empty"},
     {ClaimKind::ideal, "ideal"},
     {ClaimKind::utilitarian, "utilitarian"},
     {ClaimKind::egalitarian, "egalitarian"},
     {ClaimKind::nash, "nash"},
     {ClaimKind::kalai_smorodinsky, "kalai_smorodinsky"},
     {ClaimKind::nash_lottery, "nash_lottery"},
     {ClaimKind::kalai_smorodinsky_lottery, "kalai_smorodinsky_lottery"}});
static_assert(kClaimKindNames.complete(ClaimKind::kalai_smorodinsky_lottery));

constexpr auto kClaimStatusNames =
    detail::enum_table<ClaimStatus>({{ClaimStatus::proved, "proved"},
                                     {ClaimStatus::enumerated, "enumerated"},
                                     {ClaimStatus::unproved, "unproved"}});
static_assert(kClaimStatusNames.complete(ClaimStatus::unproved));

}  // namespace

const char* to_string(ClaimKind kind) noexcept { return kClaimKindNames.name(kind, "unknown"); }

const char* to_string(ClaimStatus status) noexcept {
  return kClaimStatusNames.name(status, "unknown");
}

namespace {

using namespace certify_detail;
namespace fs = std::filesystem;

std::string sha256_of_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(path, "cannot read the scenario file to certify it", "it is missing");
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1)
    throw Error("SHA-256 (OpenSSL EVP_Digest) failed");
  static const char* hex = "0123456789abcdef";
  std::string text;
  for (unsigned int i = 0; i < length; ++i) {
    text += hex[digest[i] >> 4];
    text += hex[digest[i] & 15];
  }
  return text;
}

Json package_json(const Scenario& scenario, const Outcome& outcome) {
  Json labels = Json::array();
  for (std::size_t k = 0; k < outcome.size(); ++k)
    labels.push_back(scenario.issue(k).value_label(outcome[k]));
  return labels;
}

Json rationals(const std::vector<mpq_class>& q) {
  Json array = Json::array();
  for (const auto& x : q) array.push_back(rational_text(x));
  return array;
}

// Branch first on the issues that move utilities most (relative to each party's range), so that
// bounds tighten near the root.
std::vector<std::size_t> issue_order(const ExactModel& model) {
  std::vector<double> range(model.parties, 0.0);
  std::vector<double> spread(model.issues, 0.0);
  for (std::size_t i = 0; i < model.parties; ++i)
    for (std::size_t k = 0; k < model.issues; ++k) {
      double low = INFINITY, high = -INFINITY;
      for (std::uint32_t v = 0; v < model.cardinality[k]; ++v) {
        low = std::min(low, model.approximate(i, k, v));
        high = std::max(high, model.approximate(i, k, v));
      }
      range[i] += high - low;
    }
  for (std::size_t i = 0; i < model.parties; ++i)
    for (std::size_t k = 0; k < model.issues; ++k) {
      double low = INFINITY, high = -INFINITY;
      for (std::uint32_t v = 0; v < model.cardinality[k]; ++v) {
        low = std::min(low, model.approximate(i, k, v));
        high = std::max(high, model.approximate(i, k, v));
      }
      if (range[i] > 0.0) spread[k] += (high - low) / range[i];
    }
  std::vector<std::size_t> order(model.issues);
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return spread[a] > spread[b]; });
  return order;
}

// Visits every package with its approximate utilities (spaces up to the enumeration limit).
template <class Visit>
void enumerate(const Scenario& scenario, const ExactModel& model, Visit&& visit) {
  Outcome outcome(model.issues, 0);
  std::vector<double> u(model.parties);
  do {
    for (std::size_t i = 0; i < model.parties; ++i) {
      u[i] = 0.0;
      for (std::size_t k = 0; k < model.issues; ++k) u[i] += model.approximate(i, k, outcome[k]);
    }
    visit(outcome, u);
  } while (scenario.space().next(outcome));
}

constexpr double kNear = 1e-9;

class Certifier {
 public:
  Certifier(const Scenario& scenario, const CertifyOptions& options)
      : scenario_(scenario), options_(options), model_(exact_model(scenario)) {
    order_ = issue_order(model_);
    settings_.node_cap = options.node_cap;
    settings_.words = options.words_per_claim;
    settings_.cancelled = options.cancelled ? &options.cancelled : nullptr;
    enumerable_ = scenario.can_enumerate(options.enumeration_limit);
  }

  Certificate run() {
    AnalysisOptions analysis_options = options_.analysis;
    const bool two = scenario_.party_count() == 2;
    analysis_options.lotteries =
        two && (options_.nash_lottery || options_.kalai_smorodinsky_lottery);
    analysis_options.frontier.cancelled = options_.cancelled;
    const Analysis analysis = analyse(scenario_, analysis_options);
    for (const Package& p : analysis.frontier.packages)
      if (model_.individually_rational(p.outcome)) rational_.push_back(p.outcome);

    if (options_.frontier)
      for (const Package& p : analysis.frontier.packages) pareto(p.outcome, true);
    for (const Outcome& outcome : options_.packages) pareto(outcome, false);

    const bool want_ideal =
        options_.ideal || options_.kalai_smorodinsky || (two && options_.kalai_smorodinsky_lottery);
    const bool any_solution = want_ideal || options_.nash || options_.egalitarian ||
                              options_.utilitarian || (two && options_.nash_lottery);
    if (any_solution && rational_.empty()) zone_empty();
    if (!rational_.empty()) {
      if (want_ideal) ideal_point();
      auto chosen = [&](SolutionKind kind) -> const Solution* {
        for (const Solution& s : analysis.solutions)
          if (s.kind == kind) return &s;
        return nullptr;
      };
      if (options_.nash) nash(chosen(SolutionKind::nash));
      if (options_.kalai_smorodinsky) min_ratio(chosen(SolutionKind::kalai_smorodinsky), true);
      if (options_.egalitarian) min_ratio(chosen(SolutionKind::egalitarian), false);
      if (options_.utilitarian) utilitarian(chosen(SolutionKind::utilitarian));
      if (two && options_.nash_lottery) nash_lottery(chosen(SolutionKind::nash_lottery));
      if (two && options_.kalai_smorodinsky_lottery)
        ks_lottery(chosen(SolutionKind::kalai_smorodinsky_lottery));
    }
    Certificate certificate;
    certificate.claims = std::move(claims_);
    certificate.json = document();
    return certificate;
  }

 private:
  // Why a claim has no tree (the sentence every fallback starts with).
  std::string over_cap() const {
    return "its proof needs more than " + std::to_string(options_.node_cap) + " tree nodes";
  }

  void cancelled_check() const {
    if (options_.cancelled && options_.cancelled()) throw Cancelled("certify: cancelled");
  }

  void add(CertifiedClaim claim, Json json) {
    if (claim.status != ClaimStatus::unproved) {
      if (!claim.words.empty()) {
        Json words = Json::array();
        for (const auto& w : claim.words) words.push_back(w);
        json["words"] = std::move(words);
      }
      claim_json_.push_back(std::move(json));
    }
    claims_.push_back(std::move(claim));
  }

  Json order_json() const {
    Json order = Json::array();
    for (std::size_t k : order_) order.push_back(k);
    return order;
  }

  void finish_words(CertifiedClaim& claim, const TreeResult& result) const {
    claim.nodes = result.nodes;
    claim.leaves = result.leaves;
    claim.words = result.words;
    if (result.leaves > result.words.size())
      claim.words.push_back("... and " + std::to_string(result.leaves - result.words.size()) +
                            " more cases of the same kind (" + std::to_string(result.leaves) +
                            " in all).");
  }

  // ----- Pareto

  void pareto(const Outcome& outcome, bool from_frontier) {
    cancelled_check();
    auto logic = pareto_logic(scenario_, model_, outcome);
    TreeResult result = prove(scenario_, model_, order_, *logic, settings_);
    CertifiedClaim claim;
    claim.packages = {outcome};
    if (result.kind == TreeResult::Kind::cap) {
      // Exact enumeration: a dominating package, or none.
      if (!enumerable_) {
        claim.kind = ClaimKind::pareto;
        claim.status = ClaimStatus::unproved;
        claim.note = over_cap() + " and the space is too large to enumerate";
        add(std::move(claim), Json());
        return;
      }
      const auto u = model_.utilities(outcome);
      const auto ud = model_.approximate_utilities(outcome);
      std::optional<Outcome> dominator;
      enumerate(scenario_, model_, [&](const Outcome& y, const std::vector<double>& uy) {
        if (dominator) return;
        for (std::size_t i = 0; i < uy.size(); ++i)
          if (uy[i] < ud[i] - kNear) return;
        if (dominates(model_.utilities(y), u)) dominator = y;
      });
      if (!dominator) {
        claim.kind = ClaimKind::pareto;
        claim.status = ClaimStatus::enumerated;
        claim.note = over_cap() + "; verified by exact enumeration of every package";
        add(std::move(claim), Json{{"claim", "pareto"},
                                   {"package", package_json(scenario_, outcome)},
                                   {"verified_by", "enumeration"}});
        return;
      }
      result.kind = TreeResult::Kind::refuted;
      result.counterexample = *dominator;
    }
    if (result.kind == TreeResult::Kind::refuted) {
      claim.kind = ClaimKind::not_pareto;
      claim.dominated_by = result.counterexample;
      const auto uy = model_.utilities(result.counterexample);
      claim.words = {"The package " + scenario_.describe(result.counterexample) +
                     " gives every party at least as much, and some more: " + gains_text(uy) +
                     " against " + gains_text(model_.utilities(outcome)) + "."};
      if (from_frontier)
        claim.note = "parley's frontier lists it (its tolerance is " +
                     approx_text(options_.analysis.frontier.tolerance) +
                     "); exactly, another package dominates it";
      add(std::move(claim), Json{{"claim", "not_pareto"},
                                 {"package", package_json(scenario_, outcome)},
                                 {"dominated_by", package_json(scenario_, result.counterexample)}});
      return;
    }
    claim.kind = ClaimKind::pareto;
    finish_words(claim, result);
    add(std::move(claim), Json{{"claim", "pareto"},
                               {"package", package_json(scenario_, outcome)},
                               {"order", order_json()},
                               {"tree", std::move(result.tree)}});
  }

  std::string gains_text(const std::vector<mpq_class>& u) const {
    std::string text;
    for (std::size_t i = 0; i < u.size(); ++i)
      text += (i ? ", " : "") + scenario_.party(i).name + " " + approx_text(u[i]);
    return text;
  }

  // ----- The zone

  void zone_empty() {
    cancelled_check();
    auto logic = zone_empty_logic(scenario_, model_);
    TreeResult result = prove(scenario_, model_, order_, *logic, settings_);
    CertifiedClaim claim;
    claim.kind = ClaimKind::zone_empty;
    if (result.kind == TreeResult::Kind::refuted) {
      // An acceptable package parley's frontier (within its tolerance) did not show.
      rational_.push_back(result.counterexample);
      return;
    }
    if (result.kind == TreeResult::Kind::cap) {
      std::optional<Outcome> acceptable;
      if (enumerable_)
        enumerate(scenario_, model_, [&](const Outcome& y, const std::vector<double>& uy) {
          if (acceptable) return;
          for (std::size_t i = 0; i < uy.size(); ++i)
            if (uy[i] < model_.reservation_approx[i] - kNear) return;
          if (model_.individually_rational(y)) acceptable = y;
        });
      if (acceptable) {
        rational_.push_back(*acceptable);
        return;
      }
      claim.status = enumerable_ ? ClaimStatus::enumerated : ClaimStatus::unproved;
      claim.note = over_cap() + (enumerable_ ? "; verified by exact enumeration" : "");
      add(std::move(claim), Json{{"claim", "zone_empty"}, {"verified_by", "enumeration"}});
      return;
    }
    finish_words(claim, result);
    add(std::move(claim),
        Json{{"claim", "zone_empty"}, {"order", order_json()}, {"tree", std::move(result.tree)}});
  }

  // ----- Optimisation claims: the package's value, and a bound proved over every IR package.

  struct Optimum {
    Outcome package;         // the claim's package
    mpq_class value, bound;  // its value; the proved bound over every IR package
    Outcome best;            // an IR package whose value is the bound
    TreeResult result;
    ClaimStatus status = ClaimStatus::proved;
    std::string note;
  };

  // value(y): the criterion of an IR package, exactly; approx(u): the same from approximate
  // utilities; logic(bound) proves "no IR package exceeds bound".
  template <class Value, class Approx, class Logic>
  Optimum optimise(Outcome chosen, Value&& value, Approx&& approx, Logic&& logic) {
    Optimum o;
    o.package = std::move(chosen);
    o.value = value(o.package);
    o.bound = o.value;
    o.best = o.package;
    // The best of the known IR packages: exactly, among those near the best double value.
    double top = -INFINITY;
    std::vector<double> approximate;
    for (const Outcome& y : rational_)
      approximate.push_back(approx(model_.approximate_utilities(y)));
    for (double a : approximate) top = std::max(top, a);
    for (std::size_t j = 0; j < rational_.size(); ++j) {
      if (approximate[j] < top - kNear * std::max(1.0, std::fabs(top))) continue;
      const mpq_class v = value(rational_[j]);
      if (v > o.bound) {
        o.bound = v;
        o.best = rational_[j];
      }
    }
    for (int attempt = 0; attempt < 16; ++attempt) {
      cancelled_check();
      auto proof = logic(o.bound);
      o.result = prove(scenario_, model_, order_, *proof, settings_);
      if (o.result.kind == TreeResult::Kind::proved) return o;
      if (o.result.kind == TreeResult::Kind::cap) break;
      // A package beats the bound (parley's frontier dropped it within its tolerance).
      o.best = o.result.counterexample;
      o.bound = value(o.best);
    }
    if (o.result.kind == TreeResult::Kind::refuted) {
      o.status = ClaimStatus::unproved;
      o.note =
          "16 packages in turn beat the bound (parley's frontier missed them within its "
          "tolerance); the search stopped there";
      return o;
    }
    if (!enumerable_) {
      o.status = ClaimStatus::unproved;
      o.note = over_cap() + " and the space is too large to enumerate";
      return o;
    }
    // Exact enumeration: the near-best packages by approximate value, then exactly.
    auto roughly_rational = [&](const std::vector<double>& u) {
      for (std::size_t i = 0; i < u.size(); ++i)
        if (u[i] < model_.reservation_approx[i] - kNear) return false;
      return true;
    };
    double best_approx = -INFINITY;
    enumerate(scenario_, model_, [&](const Outcome&, const std::vector<double>& u) {
      if (roughly_rational(u)) best_approx = std::max(best_approx, approx(u));
    });
    const double slack = kNear * std::max(1.0, std::fabs(best_approx));
    enumerate(scenario_, model_, [&](const Outcome& y, const std::vector<double>& u) {
      if (!roughly_rational(u) || approx(u) < best_approx - slack ||
          !model_.individually_rational(y))
        return;
      const mpq_class v = value(y);
      if (v > o.bound) {
        o.bound = v;
        o.best = y;
      }
    });
    o.status = ClaimStatus::enumerated;
    o.note = over_cap() + "; verified by exact enumeration of every package";
    return o;
  }

  Json optimum_json(const char* kind, const Optimum& o) const {
    Json json{{"claim", kind},
              {"package", package_json(scenario_, o.package)},
              {"value", rational_text(o.value)},
              {"bound", rational_text(o.bound)}};
    return json;
  }

  void add_optimum(ClaimKind kind, Optimum o, Json json, const std::string& what) {
    CertifiedClaim claim;
    claim.kind = kind;
    claim.status = o.status;
    claim.note = o.note;
    claim.packages = {o.package};
    claim.value = rational_text(o.value);
    claim.bound = rational_text(o.bound);
    if (o.status == ClaimStatus::proved) {
      finish_words(claim, o.result);
      json["order"] = order_json();
      json["tree"] = std::move(o.result.tree);
    } else if (o.status == ClaimStatus::enumerated) {
      json["verified_by"] = "enumeration";
    }
    if (o.bound != o.value)
      claim.words.push_back("The best " + what + " is " + approx_text(o.bound) +
                            "; this package's " + approx_text(o.value) +
                            " is within parley's tie tolerance of it, and parley's tie-break "
                            "chose it.");
    add(std::move(claim), std::move(json));
  }

  Outcome chosen_or_best(const Solution* solution) const {
    if (solution && !solution->packages.empty() &&
        model_.individually_rational(solution->packages.front().outcome))
      return solution->packages.front().outcome;
    return rational_.front();
  }

  void ideal_point() {
    ideal_.assign(model_.parties, mpq_class(0));
    ideal_ok_ = true;
    for (std::size_t i = 0; i < model_.parties; ++i) {
      auto value = [&](const Outcome& y) { return model_.utility(i, y); };
      auto approx = [&](const std::vector<double>& u) { return u[i]; };
      const std::string what = scenario_.party(i).name + "'s utility";
      Optimum o = optimise(rational_.front(), value, approx, [&](const mpq_class& bound) {
        std::vector<mpq_class> c(model_.parties, mpq_class(0));
        c[i] = 1;
        return linear_bound_logic(scenario_, model_, c, bound, what);
      });
      // The ideal is the proved bound, reached by the package o.best.
      o.package = o.best;
      o.value = o.bound;
      ideal_[i] = o.bound;
      // KS claims refer to proved ideal claims only (a checker cannot check the others).
      if (o.status != ClaimStatus::proved) ideal_ok_ = false;
      Json json{{"claim", "ideal"},
                {"party", i},
                {"package", package_json(scenario_, o.package)},
                {"value", rational_text(o.value)}};
      CertifiedClaim claim;
      claim.kind = ClaimKind::ideal;
      claim.party = i;
      claim.status = o.status;
      claim.note = o.note;
      claim.packages = {o.package};
      claim.value = claim.bound = rational_text(o.bound);
      if (claim.status == ClaimStatus::proved) {
        finish_words(claim, o.result);
        json["order"] = order_json();
        json["tree"] = std::move(o.result.tree);
      } else if (claim.status == ClaimStatus::enumerated) {
        json["verified_by"] = "enumeration";
      }
      add(std::move(claim), std::move(json));
    }
  }

  void nash(const Solution* solution) {
    auto value = [&](const Outcome& y) { return nash_product(model_, model_.utilities(y)); };
    auto approx = [&](const std::vector<double>& u) {
      double p = 1.0;
      for (std::size_t i = 0; i < u.size(); ++i) p *= u[i] - model_.reservation_approx[i];
      return p;
    };
    Optimum o = optimise(chosen_or_best(solution), value, approx, [&](const mpq_class& bound) {
      return nash_logic(scenario_, model_, bound);
    });
    add_optimum(ClaimKind::nash, o, optimum_json("nash", o), "product of gains");
  }

  void min_ratio(const Solution* solution, bool kalai_smorodinsky) {
    std::vector<mpq_class> scale(model_.parties, mpq_class(1));
    if (kalai_smorodinsky) {
      if (!ideal_ok_) {
        CertifiedClaim claim;
        claim.kind = ClaimKind::kalai_smorodinsky;
        claim.status = ClaimStatus::unproved;
        claim.note =
            "the ideal point it is measured against has no proof (verified by "
            "enumeration only, or unproved)";
        add(std::move(claim), Json());
        return;
      }
      for (std::size_t i = 0; i < model_.parties; ++i) scale[i] = ideal_[i] - model_.reservation[i];
    }
    auto value = [&](const Outcome& y) {
      return certify_detail::min_ratio(model_, model_.utilities(y), scale);
    };
    std::vector<double> scale_d;
    for (const auto& x : scale) scale_d.push_back(x.get_d());
    auto approx = [&](const std::vector<double>& u) {
      double t = INFINITY;
      bool satisfied = false;
      for (std::size_t i = 0; i < u.size(); ++i) {
        if (scale_d[i] > 0.0)
          t = std::min(t, (u[i] - model_.reservation_approx[i]) / scale_d[i]);
        else
          satisfied = true;
      }
      return t == INFINITY || (satisfied && t > 1.0) ? 1.0 : t;
    };
    const std::string what = kalai_smorodinsky ? "relative gain" : "gain";
    const bool all_satisfied =
        std::all_of(scale.begin(), scale.end(), [](const mpq_class& s) { return sgn(s) == 0; });
    const char* kind = kalai_smorodinsky ? "kalai_smorodinsky" : "egalitarian";
    if (all_satisfied) {
      // Every party's ideal is its walk-away: every IR package has relative gain 1.
      Optimum o;
      o.package = chosen_or_best(solution);
      o.value = o.bound = 1;
      Json json = optimum_json(kind, o);
      json["ideal"] = rationals(ideal_);
      json["order"] = order_json();
      json["tree"] = nullptr;
      CertifiedClaim claim;
      claim.kind = ClaimKind::kalai_smorodinsky;
      claim.packages = {o.package};
      claim.value = claim.bound = "1";
      add(std::move(claim), std::move(json));
      return;
    }
    Optimum o = optimise(chosen_or_best(solution), value, approx, [&](const mpq_class& bound) {
      return min_ratio_logic(scenario_, model_, scale, bound, what);
    });
    Json json = optimum_json(kind, o);
    if (kalai_smorodinsky) {
      Json reordered{{"claim", kind}, {"package", json["package"]}, {"ideal", rationals(ideal_)}};
      reordered["value"] = json["value"];
      reordered["bound"] = json["bound"];
      json = std::move(reordered);
    }
    add_optimum(kalai_smorodinsky ? ClaimKind::kalai_smorodinsky : ClaimKind::egalitarian, o,
                std::move(json), "smallest " + what);
  }

  void utilitarian(const Solution* solution) {
    auto value = [&](const Outcome& y) {
      mpq_class sum = 0;
      for (const auto& u : model_.utilities(y)) sum += u;
      return sum;
    };
    auto approx = [](const std::vector<double>& u) {
      double sum = 0.0;
      for (double x : u) sum += x;
      return sum;
    };
    Optimum o = optimise(chosen_or_best(solution), value, approx, [&](const mpq_class& bound) {
      return linear_bound_logic(scenario_, model_,
                                std::vector<mpq_class>(model_.parties, mpq_class(1)), bound,
                                "the total utility");
    });
    add_optimum(ClaimKind::utilitarian, o, optimum_json("utilitarian", o), "total utility");
  }

  // ----- Lotteries (two parties)

  // The lottery's packages and exact probabilities; false when a package is not exactly IR.
  bool lottery_of(const Solution* solution, std::vector<Outcome>& packages) const {
    if (!solution || solution->packages.empty()) return false;
    for (const Package& p : solution->packages) {
      if (!model_.individually_rational(p.outcome)) return false;
      packages.push_back(p.outcome);
    }
    return true;
  }

  Json lottery_json(const std::vector<Outcome>& packages,
                    const std::vector<mpq_class>& probabilities) const {
    Json lottery = Json::array();
    for (std::size_t j = 0; j < packages.size(); ++j)
      lottery.push_back(Json{{"package", package_json(scenario_, packages[j])},
                             {"probability", rational_text(probabilities[j])}});
    return lottery;
  }

  void unproved_lottery(ClaimKind kind, std::string note) {
    CertifiedClaim claim;
    claim.kind = kind;
    claim.status = ClaimStatus::unproved;
    claim.note = std::move(note);
    add(std::move(claim), Json());
  }

  void nash_lottery(const Solution* solution) {
    std::vector<Outcome> packages;
    if (!lottery_of(solution, packages))
      return unproved_lottery(ClaimKind::nash_lottery,
                              "parley's lottery draws a package that is not exactly acceptable");
    const auto& d = model_.reservation;
    const auto a = model_.utilities(packages.front());
    std::vector<mpq_class> probabilities{mpq_class(1)};
    std::vector<mpq_class> u = a;
    if (packages.size() == 2) {
      // The product (a1 - d1 + p b1)(a2 - d2 + p b2) is largest at its stationary point.
      const auto bu = model_.utilities(packages[1]);
      const mpq_class g1 = a[0] - d[0], g2 = a[1] - d[1], b1 = bu[0] - a[0], b2 = bu[1] - a[1];
      mpq_class p = 0;
      if (sgn(b1 * b2) < 0) p = -(g1 * b2 + g2 * b1) / (2 * b1 * b2);
      p = std::clamp(p, mpq_class(0), mpq_class(1));
      probabilities = {1 - p, p};
      u = {a[0] + p * b1, a[1] + p * b2};
    }
    for (std::size_t i = 0; i < 2; ++i)
      if (u[i] <= d[i])
        return unproved_lottery(ClaimKind::nash_lottery,
                                "the lottery gives a party no gain over walking away");
    std::vector<mpq_class> w{1 / (u[0] - d[0]), 1 / (u[1] - d[1])};
    const mpq_class bound = 2 + w[0] * d[0] + w[1] * d[1];
    auto logic = linear_bound_logic(scenario_, model_, w, bound,
                                    "the sum of gains relative to the lottery's");
    TreeResult result = prove(scenario_, model_, order_, *logic, settings_);
    CertifiedClaim claim;
    claim.kind = ClaimKind::nash_lottery;
    claim.packages = packages;
    for (const auto& p : probabilities) claim.probabilities.push_back(rational_text(p));
    claim.value = rational_text((u[0] - d[0]) * (u[1] - d[1]));
    claim.bound = claim.value;
    if (result.kind != TreeResult::Kind::proved) {
      claim.status = ClaimStatus::unproved;
      claim.note = result.kind == TreeResult::Kind::cap
                       ? over_cap()
                       : "exactly, a lottery with another package does better (parley's "
                         "tolerance chose this one)";
      add(std::move(claim), Json());
      return;
    }
    finish_words(claim, result);
    add(std::move(claim), Json{{"claim", "nash_lottery"},
                               {"lottery", lottery_json(packages, probabilities)},
                               {"utilities", rationals(u)},
                               {"order", order_json()},
                               {"tree", std::move(result.tree)}});
  }

  void ks_lottery(const Solution* solution) {
    std::vector<Outcome> packages;
    if (!ideal_ok_)
      return unproved_lottery(ClaimKind::kalai_smorodinsky_lottery,
                              "the ideal point it is measured against is not proved");
    if (!lottery_of(solution, packages))
      return unproved_lottery(ClaimKind::kalai_smorodinsky_lottery,
                              "parley's lottery draws a package that is not exactly acceptable");
    const auto& d = model_.reservation;
    const std::vector<mpq_class> s{ideal_[0] - d[0], ideal_[1] - d[1]};
    const auto a = model_.utilities(packages.front());
    std::vector<mpq_class> probabilities{mpq_class(1)};
    mpq_class t;
    std::vector<mpq_class> w;
    if (packages.size() == 2) {
      // (1-p) A + p B = d + t s: p b_i - t s_i = d_i - a_i, by Cramer's rule.
      const auto bu = model_.utilities(packages[1]);
      const mpq_class b1 = bu[0] - a[0], b2 = bu[1] - a[1];
      const mpq_class det = -b1 * s[1] + b2 * s[0];
      if (sgn(det) == 0)
        return unproved_lottery(ClaimKind::kalai_smorodinsky_lottery,
                                "the lottery's segment is parallel to the line to the ideal");
      const mpq_class r1 = d[0] - a[0], r2 = d[1] - a[1];
      const mpq_class p = (-r1 * s[1] + r2 * s[0]) / det;
      t = (b1 * r2 - b2 * r1) / det;
      if (p < 0 || p > 1)
        return unproved_lottery(ClaimKind::kalai_smorodinsky_lottery,
                                "the line to the ideal does not cross the lottery's segment");
      probabilities = {1 - p, p};
      w = {a[1] - bu[1], bu[0] - a[0]};
      if (sgn(w[0]) < 0 || sgn(w[1]) < 0) w = {-w[0], -w[1]};
    } else {
      // One package on the line from d to the ideal.
      if (sgn(s[0]) == 0 || sgn(s[1]) == 0 || (a[0] - d[0]) / s[0] != (a[1] - d[1]) / s[1])
        return unproved_lottery(ClaimKind::kalai_smorodinsky_lottery,
                                "parley's single package is on the line to the ideal only "
                                "within its tolerance");
      t = (a[0] - d[0]) / s[0];
      w = {s[1], s[0]};  // a first guess; the search below proves or refutes it
    }
    const std::vector<mpq_class> u{d[0] + t * s[0], d[1] + t * s[1]};
    const mpq_class bound = w[0] * u[0] + w[1] * u[1];
    if (sgn(w[0]) < 0 || sgn(w[1]) < 0 || sgn(w[0] * s[0] + w[1] * s[1]) <= 0)
      return unproved_lottery(ClaimKind::kalai_smorodinsky_lottery,
                              "no supporting line with non-negative weights");
    auto logic = linear_bound_logic(scenario_, model_, w, bound, "the weighted utility");
    TreeResult result = prove(scenario_, model_, order_, *logic, settings_);
    CertifiedClaim claim;
    claim.kind = ClaimKind::kalai_smorodinsky_lottery;
    claim.packages = packages;
    for (const auto& p : probabilities) claim.probabilities.push_back(rational_text(p));
    claim.value = claim.bound = rational_text(t);
    if (result.kind != TreeResult::Kind::proved) {
      claim.status = ClaimStatus::unproved;
      claim.note = result.kind == TreeResult::Kind::cap
                       ? over_cap()
                       : "exactly, the hull reaches further along the line to the ideal";
      add(std::move(claim), Json());
      return;
    }
    finish_words(claim, result);
    add(std::move(claim), Json{{"claim", "kalai_smorodinsky_lottery"},
                               {"lottery", lottery_json(packages, probabilities)},
                               {"ideal", rationals(ideal_)},
                               {"t", rational_text(t)},
                               {"support", rationals(w)},
                               {"order", order_json()},
                               {"tree", std::move(result.tree)}});
  }

  // ----- The document

  std::string document() const {
    const ScenarioFiles files = scenario_files(scenario_);
    const auto& party_files = files.party_files;
    Json scenario{{"name", scenario_.name()}, {"format", files.format}};
    Json file_list = Json::array();
    for (const auto& f : files.files)
      file_list.push_back(Json{{"name", f.name}, {"sha256", f.sha256}});
    scenario["files"] = std::move(file_list);
    Json issues = Json::array();
    for (const Issue& issue : scenario_.issues()) {
      Json entry{{"name", issue.name()}};
      if (issue.kind() == IssueKind::integer) {
        entry["integer"] = Json::array({issue.lower_integer(), issue.upper_integer()});
      } else {
        Json values = Json::array();
        for (const Option& option : issue.options()) values.push_back(option.name);
        entry["values"] = std::move(values);
      }
      issues.push_back(std::move(entry));
    }
    scenario["issues"] = std::move(issues);
    Json parties = Json::array();
    for (std::size_t i = 0; i < scenario_.party_count(); ++i)
      parties.push_back(Json{{"name", scenario_.party(i).name}, {"file", party_files[i]}});
    scenario["parties"] = std::move(parties);
    Json contributions = Json::array();
    for (std::size_t i = 0; i < model_.parties; ++i) {
      Json party = Json::array();
      for (std::size_t k = 0; k < model_.issues; ++k) {
        Json values = Json::array();
        for (std::uint32_t v = 0; v < model_.cardinality[k]; ++v)
          values.push_back(rational_text(model_.exact(i, k, v)));
        party.push_back(std::move(values));
      }
      contributions.push_back(std::move(party));
    }
    Json model{{"reservation", rationals(model_.reservation)},
               {"contributions", std::move(contributions)}};
    std::string out = "{\n  \"format\": \"parley-certificate/1\",\n  \"scenario\": " +
                      scenario.dump(-1, ' ', false, Json::error_handler_t::replace) +
                      ",\n  \"model\": " + model.dump() + ",\n  \"claims\": [";
    for (std::size_t c = 0; c < claim_json_.size(); ++c)
      out += (c ? ",\n    " : "\n    ") +
             claim_json_[c].dump(-1, ' ', false, Json::error_handler_t::replace);
    out += claim_json_.empty() ? "]\n}\n" : "\n  ]\n}\n";
    return out;
  }

  const Scenario& scenario_;
  const CertifyOptions& options_;
  ExactModel model_;
  std::vector<std::size_t> order_;
  ProveSettings settings_;
  bool enumerable_ = false;
  std::vector<Outcome> rational_;  // exactly IR frontier packages (and any found on the way)
  std::vector<mpq_class> ideal_;
  bool ideal_ok_ = false;
  std::vector<CertifiedClaim> claims_;
  std::vector<Json> claim_json_;
};

}  // namespace

Certificate certify(const Scenario& scenario, const CertifyOptions& options) {
  Certifier certifier(scenario, options);
  return certifier.run();
}

namespace {

// A package for the summary: every issue, or the first ones of a long package.
std::string short_description(const Scenario& scenario, const Outcome& package) {
  constexpr std::size_t shown = 8;
  if (package.size() <= 2 * shown) return scenario.describe(package);
  std::string text;
  for (std::size_t k = 0; k < shown; ++k)
    text += scenario.issue(k).name() + "=" + scenario.issue(k).value_label(package[k]) + ", ";
  return text + "... (" + std::to_string(package.size()) + " issues: the certificate has all)";
}

}  // namespace

std::string render_certificate_summary(const Scenario& scenario, const Certificate& certificate) {
  std::size_t proved = 0, enumerated = 0, unproved = 0, dominated = 0;
  for (const auto& c : certificate.claims) {
    if (c.kind == ClaimKind::not_pareto) ++dominated;
    if (c.status == ClaimStatus::proved) ++proved;
    if (c.status == ClaimStatus::enumerated) ++enumerated;
    if (c.status == ClaimStatus::unproved) ++unproved;
  }
  std::ostringstream out;
  out << "Certificate for " << scenario.name() << ": " << certificate.claims.size() << " claims, "
      << proved << " proved, " << enumerated << " verified by enumeration only, " << unproved
      << " unproved";
  if (dominated) out << " (" << dominated << " frontier packages are exactly dominated)";
  out << ".\n";
  std::size_t frontier_shown = 0, frontier_total = 0;
  for (const auto& c : certificate.claims)
    if (c.kind == ClaimKind::pareto) ++frontier_total;
  std::size_t number = 0;
  for (const auto& c : certificate.claims) {
    ++number;
    const bool frontier = c.kind == ClaimKind::pareto;
    if (frontier && ++frontier_shown > 3) continue;
    out << "\n" << number << ". " << to_string(c.kind);
    if (c.kind == ClaimKind::ideal) out << " (" << scenario.party(c.party).name << ")";
    if (!c.packages.empty()) {
      out << ": ";
      for (std::size_t j = 0; j < c.packages.size(); ++j)
        out << (j ? " or " : "") << short_description(scenario, c.packages[j])
            << (j < c.probabilities.size() ? " (probability " + c.probabilities[j] + ")" : "");
    }
    out << "\n   " << to_string(c.status);
    if (c.status == ClaimStatus::proved && c.nodes > 0)
      out << " (" << c.nodes << " tree nodes, " << c.leaves << " cases)";
    if (!c.value.empty()) {
      out << "; value " << certify_detail::approx_text(mpq_class(c.value));
      if (c.bound != c.value) out << ", best " << certify_detail::approx_text(mpq_class(c.bound));
    }
    if (!c.note.empty()) out << "; " << c.note;
    out << "\n";
    for (const auto& w : c.words) out << "   - " << w << "\n";
  }
  if (frontier_total > 3)
    out << "\n(" << frontier_total - 3
        << " more frontier packages proved Pareto-optimal the same way: see the certificate.)\n";
  return out.str();
}

ScenarioFiles scenario_files(const Scenario& scenario) {
  namespace fs = std::filesystem;
  ScenarioFiles result;
  const auto& meta = scenario.metadata();
  const auto found = meta.find("format");
  result.format = found == meta.end() ? "" : found->second;
  std::string first;
  if (result.format == "native") {
    first = meta.at("file");
  } else if (result.format == "genius" || result.format == "geniusweb") {
    first = meta.at("domain");
  } else {
    throw UnsupportedError(
        "certificates and records need a scenario read from files (native YAML, GENIUS or "
        "GeniusWeb), so that a checker can read the same files; this scenario was built in "
        "memory");
  }
  const fs::path folder = fs::path(first).parent_path();
  result.files.push_back({fs::path(first).filename().string(), first, ""});
  for (const Party& party : scenario.parties()) {
    const std::string source = result.format == "native" ? first : party.source;
    if (fs::path(source).parent_path() != folder)
      throw UnsupportedError(
          "certificates and records need the domain and the profiles in one "
          "folder; '" +
          source + "' is not in '" + folder.string() + "'");
    const std::string name = fs::path(source).filename().string();
    result.party_files.push_back(name);
    const bool listed = std::any_of(result.files.begin(), result.files.end(),
                                    [&](const ScenarioFile& f) { return f.name == name; });
    if (!listed) result.files.push_back({name, source, ""});
  }
  for (auto& f : result.files) f.sha256 = sha256_of_file(f.path);
  return result;
}

std::string exact_preferences_json(const Scenario& scenario, std::size_t party) {
  const ExactModel model = exact_model(scenario);
  if (party >= model.parties)
    throw Error("exact_preferences_json: no party " + std::to_string(party));
  Json contributions = Json::array();
  for (std::size_t k = 0; k < model.issues; ++k) {
    Json values = Json::array();
    for (std::uint32_t v = 0; v < model.cardinality[k]; ++v)
      values.push_back(rational_text(model.exact(party, k, v)));
    contributions.push_back(std::move(values));
  }
  // Keys in sorted order and no spaces: RFC 8785 for a document of strings and arrays.
  Json document{{"contributions", std::move(contributions)},
                {"party", scenario.party(party).name},
                {"reservation", rational_text(model.reservation[party])}};
  return document.dump(-1, ' ', false, Json::error_handler_t::strict);
}

std::string render_certificate_brief(const Scenario& scenario, const Certificate& certificate) {
  std::ostringstream out;
  std::size_t frontier = 0, dominated = 0;
  for (const auto& c : certificate.claims) {
    frontier += c.kind == ClaimKind::pareto;
    dominated += c.kind == ClaimKind::not_pareto;
  }
  out << "<p>Each claim below is proved in exact rational arithmetic; the certificate "
         "(<code>parley certify</code>) lets anyone re-check it with a checker that shares no "
         "code with parley (<code>parley check</code>, or <code>tools/parley_check.py</code>).";
  if (frontier + dominated > 0)
    out << " " << frontier << " frontier packages are proved Pareto-optimal"
        << (dominated ? "; " + std::to_string(dominated) + " are exactly dominated" : "") << ".";
  out << "</p>\n";
  for (const auto& c : certificate.claims) {
    if (c.kind == ClaimKind::pareto) continue;
    std::string title = to_string(c.kind);
    if (c.kind == ClaimKind::ideal) title += " (" + scenario.party(c.party).name + ")";
    out << "<h3>" << escape_brief_text(title) << ": " << to_string(c.status) << "</h3>\n";
    if (!c.packages.empty())
      out << "<p>" << escape_brief_text(short_description(scenario, c.packages.front()))
          << "</p>\n";
    if (!c.note.empty()) out << "<p>" << escape_brief_text(c.note) << "</p>\n";
    if (!c.words.empty()) {
      out << "<ul>\n";
      for (const auto& w : c.words) out << "<li>" << escape_brief_text(w) << "</li>\n";
      out << "</ul>\n";
    }
  }
  return out.str();
}

void save_certificate(const Certificate& certificate, const std::string& path) {
  detail::write_file_atomically(path, certificate.json, detail::Durability::durable);
}

}  // namespace parley
