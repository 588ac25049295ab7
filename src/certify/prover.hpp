// The partition-tree prover (docs/certificates.md): a depth-first search over issue prefixes that
// closes each node with a leaf bound found in floating point and verified in exact rationals, and
// branches on every value of the next issue where no leaf holds.
#pragma once

#include <gmpxx.h>

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "exact_model.hpp"
#include "parley/model/scenario.hpp"

namespace parley::certify_detail {

using Json = nlohmann::ordered_json;

// The packages of one node: the issues order[0..depth-1] fixed to `fixed`.
class Node {
 public:
  Node(const ExactModel& model, const std::vector<std::size_t>& order);

  std::size_t depth() const noexcept { return depth_; }
  bool complete() const noexcept { return depth_ == order_.size(); }
  // The node's one package (complete nodes only), in scenario issue order.
  Outcome package() const;
  // Fixes the next issue (order[depth]) to value v / undoes the last fix.
  void push(std::uint32_t v);
  void pop();
  std::uint32_t next_cardinality() const { return model_.cardinality[order_[depth_]]; }

  // maxw(N, c) in doubles; `argmax` (optional) receives the utilities of a maximising package.
  double maxw(const std::vector<double>& c, std::vector<double>* argmax = nullptr) const;
  // maxw(N, c) exactly.
  mpq_class maxw(const std::vector<mpq_class>& c) const;
  // The fixed issues, for messages: "Iturup is 'russian' and economy is 'joint'" (empty at root).
  std::string describe(const Scenario& scenario) const;

  const ExactModel& model() const noexcept { return model_; }

 private:
  const ExactModel& model_;
  const std::vector<std::size_t>& order_;
  std::size_t depth_ = 0;
  std::vector<std::uint32_t> fixed_;
  // Fixed sums per party at every depth (index depth * parties + party).
  std::vector<double> sum_d_;
  std::vector<mpz_class> sum_z_;  // numerators over the model's common denominator
};

struct Leaf {
  Json json;
  std::string words;
};

// What one claim needs from the search.
class ClaimLogic {
 public:
  virtual ~ClaimLogic() = default;
  // A leaf that proves the claim on every package of the node, verified exactly; nullopt
  // to branch.
  virtual std::optional<Leaf> leaf(const Node& node) = 0;
  // For one package: true when it satisfies the claim, false when it refutes it.
  virtual bool package_ok(const Outcome& package) = 0;
  // The sentence of a `package` leaf.
  virtual std::string package_words(const Outcome& package) = 0;
};

struct TreeResult {
  enum class Kind { proved, refuted, cap } kind = Kind::proved;
  Json tree;
  Outcome counterexample;  // refuted: a package that breaks the claim
  std::uint64_t nodes = 0, leaves = 0;
  std::vector<std::string> words;  // the first leaves' sentences
};

struct ProveSettings {
  std::uint64_t node_cap = 100'000;
  std::size_t words = 12;
  const std::function<bool()>* cancelled = nullptr;
};

TreeResult prove(const Scenario& scenario, const ExactModel& model,
                 const std::vector<std::size_t>& order, ClaimLogic& logic,
                 const ProveSettings& settings);

// The claims' logics.
std::unique_ptr<ClaimLogic> pareto_logic(const Scenario& scenario, const ExactModel& model,
                                         const Outcome& package);
std::unique_ptr<ClaimLogic> zone_empty_logic(const Scenario& scenario, const ExactModel& model);
// For every IR package y: c·u(y) <= bound. `what` names c·u in sentences ("Russia's utility").
std::unique_ptr<ClaimLogic> linear_bound_logic(const Scenario& scenario, const ExactModel& model,
                                               std::vector<mpq_class> c, mpq_class bound,
                                               std::string what);
// For every IR package y: the product of gains <= bound.
std::unique_ptr<ClaimLogic> nash_logic(const Scenario& scenario, const ExactModel& model,
                                       mpq_class bound);
// For every IR package y: min_i g_i(y) <= bound, g_i = (u_i - d_i) / s_i (1 when s_i = 0).
std::unique_ptr<ClaimLogic> min_ratio_logic(const Scenario& scenario, const ExactModel& model,
                                            std::vector<mpq_class> scale, mpq_class bound,
                                            std::string what);

// Criteria of one package, exactly.
mpq_class nash_product(const ExactModel& model, const std::vector<mpq_class>& u);
mpq_class min_ratio(const ExactModel& model, const std::vector<mpq_class>& u,
                    const std::vector<mpq_class>& scale);
bool dominates(const std::vector<mpq_class>& a, const std::vector<mpq_class>& b);

// A number for sentences (4 significant digits).
std::string approx_text(const mpq_class& q);
std::string approx_text(double value);

}  // namespace parley::certify_detail
