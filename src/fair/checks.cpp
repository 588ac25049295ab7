// Fairness checks on an allocation of indivisible goods, exact on integer-scaled values.
#include <algorithm>
#include <functional>
#include <numeric>

#include "fair/enum_names.hpp"
#include "fair_internal.hpp"

namespace parley::fair {

const char* to_string(Verdict verdict) noexcept {
  return parley::detail::kVerdictNames.name(verdict);
}

namespace {

using detail::IntegerValues;

// Branch and bound over partitions of one agent's items into `bundles` bundles, maximising the
// smallest bundle. nullopt when the node limit is exceeded.
std::optional<std::int64_t> maximin_share(std::vector<std::int64_t> values, std::size_t bundles,
                                          std::size_t node_limit) {
  values.erase(std::remove(values.begin(), values.end(), 0), values.end());
  if (values.size() < bundles) return 0;
  if (values.size() > kMaxMmsItems) return std::nullopt;  // one recursion level per item
  std::sort(values.rbegin(), values.rend());
  const std::int64_t total = std::accumulate(values.begin(), values.end(), std::int64_t{0});
  const std::int64_t ceiling = total / static_cast<std::int64_t>(bundles);
  // Greedy start: each item into the lightest bundle.
  std::vector<std::int64_t> loads(bundles, 0);
  for (const auto v : values) *std::min_element(loads.begin(), loads.end()) += v;
  std::int64_t best = *std::min_element(loads.begin(), loads.end());
  std::vector<std::int64_t> remaining(values.size() + 1, 0);
  for (std::size_t k = values.size(); k-- > 0;) remaining[k] = remaining[k + 1] + values[k];
  std::fill(loads.begin(), loads.end(), 0);
  std::size_t nodes = 0;
  bool exhausted = false;
  std::function<void(std::size_t)> search = [&](std::size_t k) {
    if (best >= ceiling || exhausted) return;
    if (++nodes > node_limit) {
      exhausted = true;
      return;
    }
    if (k == values.size()) {
      best = std::max(best, *std::min_element(loads.begin(), loads.end()));
      return;
    }
    std::int64_t needed = 0;
    for (const auto load : loads) needed += std::max<std::int64_t>(0, best + 1 - load);
    if (needed > remaining[k]) return;
    for (std::size_t b = 0; b < bundles; ++b) {
      bool repeated = false;
      for (std::size_t earlier = 0; earlier < b && !repeated; ++earlier)
        repeated = loads[earlier] == loads[b];
      if (repeated) continue;
      loads[b] += values[k];
      search(k + 1);
      loads[b] -= values[k];
    }
  };
  search(0);
  if (exhausted && best < ceiling) return std::nullopt;
  return best;
}

struct Context {
  const DivisionInstance& instance;
  const IntegerValues& iv;
  const Allocation& allocation;
  std::vector<std::vector<std::int64_t>> bundle_value;  // [agent][owner]: agent's value of bundle

  std::string value_text(std::int64_t v) const { return format_rational(Rational(v) / iv.scale); }
  std::string bundle(std::size_t owner) const {
    return detail::bundle_text(instance, allocation, owner);
  }
};

// Envy after removing items from the envied bundle: `removal` picks the item value to remove
// (or nullopt for plain envy-freeness).
FairnessCheck envy_check(const Context& ctx, const std::string& property,
                         const std::function<std::optional<std::pair<std::int64_t, std::size_t>>(
                             std::size_t, std::size_t)>& removal,
                         const std::string& removal_words, const std::string& holds_text) {
  const std::size_t n = ctx.instance.agent_count();
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      if (i == j) continue;
      const std::int64_t own = ctx.bundle_value[i][i];
      std::int64_t other = ctx.bundle_value[i][j];
      std::string removed;
      if (removal) {
        const auto r = removal(i, j);
        if (!r) continue;
        other -= r->first;
        removed = " even without " + ctx.instance.items[r->second] + " (" + removal_words + ")";
      }
      if (other > own)
        return {property, Verdict::fails,
                ctx.instance.agents[i] + " values " + ctx.instance.agents[j] + "'s bundle " +
                    ctx.bundle(j) + " at " + ctx.value_text(other) + removed + ", more than " +
                    ctx.instance.agents[i] + "'s own " + ctx.bundle(i) + " at " +
                    ctx.value_text(own)};
    }
  return {property, Verdict::holds, holds_text};
}

FairnessCheck pareto_check(const Context& ctx, std::size_t limit) {
  const std::size_t n = ctx.instance.agent_count();
  const std::size_t m = ctx.instance.item_count();
  double count = 1;
  for (std::size_t g = 0; g < m; ++g) count *= static_cast<double>(n);
  if (count > static_cast<double>(limit))
    return {"Pareto-optimal", Verdict::not_checked,
            "checked only by enumerating every allocation, and there are " + std::to_string(n) +
                "^" + std::to_string(m) + " of them"};
  std::vector<std::int64_t> current(n);
  for (std::size_t a = 0; a < n; ++a) current[a] = ctx.bundle_value[a][a];
  Allocation candidate(m, 0);
  std::vector<std::int64_t> utilities(n, 0);
  for (std::size_t g = 0; g < m; ++g) utilities[0] += ctx.iv.values[0][g];
  for (;;) {
    bool weakly = true, strictly = false;
    for (std::size_t a = 0; a < n; ++a) {
      weakly = weakly && utilities[a] >= current[a];
      strictly = strictly || utilities[a] > current[a];
    }
    if (weakly && strictly) {
      std::string text = "the allocation";
      for (std::size_t a = 0; a < n; ++a)
        text += (a ? ", " : " ") + ctx.instance.agents[a] + " " +
                detail::bundle_text(ctx.instance, candidate, a) + " (" +
                ctx.value_text(utilities[a]) + ")";
      return {"Pareto-optimal", Verdict::fails,
              text + " makes someone better off and nobody worse off"};
    }
    std::size_t g = 0;
    for (; g < m; ++g) {  // next allocation in mixed-radix order
      utilities[candidate[g]] -= ctx.iv.values[candidate[g]][g];
      if (++candidate[g] < n) {
        utilities[candidate[g]] += ctx.iv.values[candidate[g]][g];
        break;
      }
      candidate[g] = 0;
      utilities[0] += ctx.iv.values[0][g];
    }
    if (g == m) break;
  }
  return {"Pareto-optimal", Verdict::holds,
          "no other allocation makes someone better off without making someone worse off"};
}

// Nodes one agent's maximin-share search may visit: the node limit, and the agent's part of the
// work limit at n * n units per node.
std::size_t mms_node_budget(std::size_t agents, std::size_t node_limit, const CheckLimits& limits) {
  const std::uint64_t per_node = static_cast<std::uint64_t>(agents) * agents;
  const std::uint64_t allowance =
      limits.mms_work_limit / agents / std::max<std::uint64_t>(per_node, 1);
  return static_cast<std::size_t>(std::min<std::uint64_t>(node_limit, allowance));
}

}  // namespace

std::vector<std::optional<Rational>> maximin_shares(const DivisionInstance& instance,
                                                    std::size_t node_limit) {
  validate(instance);
  const IntegerValues iv = detail::integer_values(instance);
  std::vector<std::optional<Rational>> shares;
  const std::size_t limit = mms_node_budget(instance.agent_count(), node_limit, CheckLimits{});
  for (std::size_t a = 0; a < instance.agent_count(); ++a) {
    const auto share = maximin_share(iv.values[a], instance.agent_count(), limit);
    shares.push_back(share ? std::optional<Rational>(Rational(*share) / iv.scale) : std::nullopt);
  }
  return shares;
}

std::vector<FairnessCheck> check_allocation(const DivisionInstance& instance,
                                            const Allocation& allocation,
                                            const CheckLimits& limits) {
  validate(instance);
  const std::size_t n = instance.agent_count();
  const std::size_t m = instance.item_count();
  if (allocation.size() != m)
    throw UnsupportedError(instance.origin + ": an allocation of " +
                           std::to_string(allocation.size()) + " items for " + std::to_string(m));
  for (const auto owner : allocation)
    if (owner >= n) throw UnsupportedError(instance.origin + ": allocation names an unknown agent");
  const IntegerValues iv = detail::integer_values(instance);
  Context ctx{instance, iv, allocation,
              std::vector<std::vector<std::int64_t>>(n, std::vector<std::int64_t>(n, 0))};
  for (std::size_t g = 0; g < m; ++g)
    for (std::size_t a = 0; a < n; ++a) ctx.bundle_value[a][allocation[g]] += iv.values[a][g];

  std::vector<FairnessCheck> checks;
  checks.push_back(envy_check(ctx, "envy-free", nullptr, "",
                              "nobody prefers another party's bundle to their own"));
  // EF1: remove the item of j's bundle that i values most.
  checks.push_back(envy_check(
      ctx, "EF1",
      [&](std::size_t i, std::size_t j) -> std::optional<std::pair<std::int64_t, std::size_t>> {
        std::optional<std::pair<std::int64_t, std::size_t>> best;
        for (std::size_t g = 0; g < m; ++g)
          if (allocation[g] == j && (!best || iv.values[i][g] > best->first))
            best = std::make_pair(iv.values[i][g], g);
        return best;
      },
      "the item of that bundle it values most",
      "any envy disappears once the envied bundle loses its most valued item"));
  // EFX (Caragiannis et al. 2016): remove the item of j's bundle that i values least but still
  // positively.
  checks.push_back(envy_check(
      ctx, "EFX",
      [&](std::size_t i, std::size_t j) -> std::optional<std::pair<std::int64_t, std::size_t>> {
        std::optional<std::pair<std::int64_t, std::size_t>> least;
        for (std::size_t g = 0; g < m; ++g)
          if (allocation[g] == j && iv.values[i][g] > 0 &&
              (!least || iv.values[i][g] < least->first))
            least = std::make_pair(iv.values[i][g], g);
        return least;
      },
      "the item of that bundle it values least",
      "any envy disappears once the envied bundle loses any single item the envious party "
      "values"));
  {
    FairnessCheck proportional{
        "proportional", Verdict::holds,
        "everyone gets at least 1/" + std::to_string(n) + " of their value for all the items"};
    for (std::size_t a = 0; a < n; ++a) {
      const std::int64_t own = ctx.bundle_value[a][a];
      if (own * static_cast<std::int64_t>(n) < iv.total(a)) {
        proportional.verdict = Verdict::fails;
        proportional.detail = instance.agents[a] + " gets " + ctx.value_text(own) +
                              ", less than 1/" + std::to_string(n) + " of its total " +
                              ctx.value_text(iv.total(a));
        break;
      }
    }
    checks.push_back(proportional);
  }
  {
    FairnessCheck mms{"MMS", Verdict::holds, {}};
    std::string shares_text;
    const std::size_t node_budget = mms_node_budget(n, limits.mms_node_limit, limits);
    for (std::size_t a = 0; a < n && mms.verdict != Verdict::fails; ++a) {
      const auto share = maximin_share(iv.values[a], n, node_budget);
      if (!share) {
        mms.verdict = Verdict::not_checked;
        mms.detail = "the maximin share of " + instance.agents[a] +
                     " could not be computed exactly within the search limit (" +
                     std::to_string(node_budget) + " nodes, at most " +
                     std::to_string(kMaxMmsItems) + " valued items)";
        continue;
      }
      const std::int64_t own = ctx.bundle_value[a][a];
      shares_text += (shares_text.empty() ? "" : ", ") + instance.agents[a] + " " +
                     ctx.value_text(own) + " >= " + ctx.value_text(*share);
      if (own < *share) {
        mms.verdict = Verdict::fails;
        mms.detail = instance.agents[a] + " gets " + ctx.value_text(own) +
                     ", less than its maximin share " + ctx.value_text(*share);
      }
    }
    if (mms.verdict == Verdict::holds)
      mms.detail = "everyone gets at least their maximin share (" + shares_text + ")";
    checks.push_back(mms);
  }
  checks.push_back(pareto_check(ctx, limits.pareto_allocation_limit));
  return checks;
}

}  // namespace parley::fair
