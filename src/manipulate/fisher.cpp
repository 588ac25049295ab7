// Maximum Nash welfare over divisible items with linear valuations: the Eisenberg-Gale program
// with equal budgets, i.e. the linear Fisher-market equilibrium (Eisenberg & Gale 1959; the
// certified solver is described in manipulate_internal.hpp), and the best valuation a fully
// informed party can report to it (Chen, Deng, Tang & Zhang, AAAI 2016: its incentive ratio is at
// most 2).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "manipulate/manipulate_internal.hpp"
#include "parley/support/error.hpp"

namespace parley::detail {
namespace {

using Matrix = std::vector<std::vector<double>>;
using Edge = std::pair<std::size_t, std::size_t>;  // (agent, item)

// Bang-per-buck ratios within this relative gap are ties (well below kFisherTolerance, above the
// rounding of prices rebuilt from a forest).
constexpr double kTieTolerance = 1e-10;
// A share of an item below this counts as none when looking for the edges that can carry money.
constexpr double kPositiveShare = 1e-12;

// The largest instance the manipulation search takes (each report costs one equilibrium).
constexpr std::size_t kMaxAgents = 10;
constexpr std::size_t kMaxItems = 30;
// Grid reports at most (beyond 10 items, where a grid says little, kMaxWideGridReports); a finer
// grid_step is coarsened to fit.
constexpr double kMaxGridReports = 20'000;
constexpr double kMaxWideGridReports = 2'000;
// Local search: the smallest transfer, as a fraction of the manipulator's total.
constexpr double kSmallestStep = 1e-9;
// The minimum deviation's search climbs within each box up to this many items.
constexpr std::size_t kBoxClimbItems = 8;
// Equilibria computed by one local search at most.
constexpr std::uint64_t kClimbBudget = 150'000;

class UnionFind {
 public:
  explicit UnionFind(std::size_t size) : parent_(size) {
    for (std::size_t k = 0; k < size; ++k) parent_[k] = k;
  }
  std::size_t find(std::size_t k) {
    while (parent_[k] != k) k = parent_[k] = parent_[parent_[k]];
    return k;
  }
  // False when a and b were already joined.
  bool unite(std::size_t a, std::size_t b) {
    a = find(a);
    b = find(b);
    if (a == b) return false;
    parent_[std::max(a, b)] = std::min(a, b);
    return true;
  }

 private:
  std::vector<std::size_t> parent_;
};

// The market as solved: each agent's values divided by its largest (an agent's scale does not
// change the equilibrium), who takes part, which items have a price.
struct Market {
  std::size_t agents = 0, items = 0;
  Matrix values;
  std::vector<double> budgets;  // 0 for an agent that does not take part
  std::vector<char> active;     // values some item and has a budget
  std::vector<char> valued;     // valued by an active agent: price > 0
  std::size_t active_count = 0;
  double total_budget = 0.0;
};

Market make_market(const Matrix& values, const std::vector<double>& budgets) {
  Market market;
  market.agents = values.size();
  market.items = values.empty() ? 0 : values[0].size();
  market.values = values;
  market.budgets.assign(market.agents, 0.0);
  market.active.assign(market.agents, 0);
  market.valued.assign(market.items, 0);
  if (budgets.size() != market.agents)
    throw UnsupportedError("fisher market: every agent needs one budget");
  for (std::size_t i = 0; i < market.agents; ++i) {
    if (values[i].size() != market.items)
      throw UnsupportedError("fisher market: every agent needs one value per item");
    if (!(std::isfinite(budgets[i]) && budgets[i] >= 0.0))
      throw UnsupportedError("fisher market: budgets must be finite and >= 0");
    double top = 0.0;
    for (const double v : values[i]) {
      if (!(std::isfinite(v) && v >= 0.0))
        throw UnsupportedError("fisher market: values must be finite and >= 0");
      top = std::max(top, v);
    }
    if (top <= 0.0 || budgets[i] <= 0.0) continue;
    market.active[i] = 1;
    market.budgets[i] = budgets[i];
    market.total_budget += budgets[i];
    ++market.active_count;
    for (std::size_t j = 0; j < market.items; ++j) {
      market.values[i][j] /= top;
      if (market.values[i][j] > 0.0) market.valued[j] = 1;
    }
  }
  return market;
}

// The largest violation of an equilibrium condition: budgets spent and prices paid (in budget
// units), valued items given out in full, money only on max-bang-per-buck items (the relative
// gap in bang per buck, or the share bought at that gap if smaller), prices positive on valued
// items, nothing else paid for.
double equilibrium_violation(const Market& market, const FisherEquilibrium& eq) {
  double worst = 0.0;
  for (std::size_t j = 0; j < market.items; ++j) {
    if (!market.valued[j]) {
      for (std::size_t i = 0; i < market.agents; ++i)
        worst = std::max(worst, std::abs(eq.spending[i][j]));
      continue;
    }
    if (!(eq.prices[j] > 0.0)) return std::numeric_limits<double>::infinity();
    double sold = 0.0, paid = 0.0;
    for (std::size_t i = 0; i < market.agents; ++i) {
      sold += eq.shares[i][j];
      paid += eq.spending[i][j];
    }
    worst = std::max({worst, std::abs(sold - 1.0), std::abs(paid - eq.prices[j])});
  }
  for (std::size_t i = 0; i < market.agents; ++i) {
    double spent = 0.0, best = 0.0;
    for (std::size_t j = 0; j < market.items; ++j) {
      spent += eq.spending[i][j];
      worst = std::max(worst, -eq.spending[i][j]);
      if (market.valued[j]) best = std::max(best, market.values[i][j] / eq.prices[j]);
    }
    worst = std::max(worst, std::abs(spent - market.budgets[i]));
    if (!market.active[i]) continue;
    for (std::size_t j = 0; j < market.items; ++j) {
      if (eq.spending[i][j] <= 0.0 || !market.valued[j]) continue;
      const double shortfall = 1.0 - market.values[i][j] / eq.prices[j] / best;
      // Money on a worse item: the relative gap in bang per buck, or the share of the item so
      // bought when that is smaller (a crumb of rounding).
      worst = std::max(worst, std::min(shortfall, eq.shares[i][j]));
    }
  }
  return worst;
}

// The spending on a forest of tight edges, the only one there is: peel leaves (a leaf's single
// edge carries what the leaf has left to spend or to fetch). Empty when an edge would carry a
// negative amount or something is left over.
std::optional<Matrix> forest_spending(const Market& market, const std::vector<double>& prices,
                                      const std::vector<Edge>& tight) {
  const std::size_t n = market.agents, m = market.items, nodes = n + m;
  std::vector<double> left(nodes, 0.0);
  for (std::size_t i = 0; i < n; ++i) left[i] = market.budgets[i];
  for (std::size_t j = 0; j < m; ++j) left[n + j] = market.valued[j] ? prices[j] : 0.0;
  std::vector<std::vector<std::size_t>> edges_at(nodes);
  for (std::size_t e = 0; e < tight.size(); ++e) {
    edges_at[tight[e].first].push_back(e);
    edges_at[n + tight[e].second].push_back(e);
  }
  std::vector<std::size_t> degree(nodes), leaves;
  for (std::size_t node = 0; node < nodes; ++node) {
    degree[node] = edges_at[node].size();
    if (degree[node] == 1) leaves.push_back(node);
  }
  std::vector<char> done(tight.size(), 0);
  Matrix spending(n, std::vector<double>(m, 0.0));
  const double slack = 1e-12 * market.total_budget;
  while (!leaves.empty()) {
    const std::size_t leaf = leaves.back();
    leaves.pop_back();
    if (degree[leaf] != 1) continue;
    std::size_t e = 0;
    for (const std::size_t candidate : edges_at[leaf])
      if (!done[candidate]) e = candidate;
    done[e] = 1;
    const auto [i, j] = tight[e];
    const std::size_t other = leaf == i ? n + j : i;
    const double amount = left[leaf];
    if (amount < -slack) return std::nullopt;
    spending[i][j] = std::max(amount, 0.0);
    left[leaf] = 0.0;
    left[other] -= amount;
    degree[leaf] = 0;
    if (--degree[other] == 1) leaves.push_back(other);
  }
  for (std::size_t node = 0; node < nodes; ++node)
    if (std::abs(left[node]) > slack) return std::nullopt;
  return spending;
}

// Feasible spending on the tight edges: its budget out of every active agent, the price into
// every valued item (a maximum flow, Edmonds-Karp). Empty when the flow falls short.
std::optional<Matrix> feasible_spending(const Market& market, const std::vector<double>& prices,
                                        const std::vector<Edge>& tight) {
  const std::size_t n = market.agents, m = market.items;
  const std::size_t nodes = n + m + 2, source = n + m, sink = n + m + 1;
  Matrix capacity(nodes, std::vector<double>(nodes, 0.0));
  Matrix flow(nodes, std::vector<double>(nodes, 0.0));
  for (std::size_t i = 0; i < n; ++i) capacity[source][i] = market.budgets[i];
  for (const auto& [i, j] : tight) capacity[i][n + j] = 2.0 * market.total_budget;
  for (std::size_t j = 0; j < m; ++j)
    if (market.valued[j]) capacity[n + j][sink] = prices[j];
  // Augment down to a tiny part of the smallest price: an item valued at 1e-17 of an agent's
  // best still has its price paid.
  double smallest = 1.0;
  for (std::size_t j = 0; j < m; ++j)
    if (market.valued[j]) smallest = std::min(smallest, prices[j]);
  const double eps = 1e-15 * smallest;
  std::vector<std::size_t> parent(nodes);
  for (;;) {
    std::fill(parent.begin(), parent.end(), nodes);
    parent[source] = source;
    std::vector<std::size_t> queue = {source};
    for (std::size_t head = 0; head < queue.size() && parent[sink] == nodes; ++head) {
      const std::size_t u = queue[head];
      for (std::size_t v = 0; v < nodes; ++v)
        if (parent[v] == nodes && capacity[u][v] - flow[u][v] > eps) {
          parent[v] = u;
          queue.push_back(v);
        }
    }
    if (parent[sink] == nodes) break;
    double push = std::numeric_limits<double>::infinity();
    for (std::size_t v = sink; v != source; v = parent[v])
      push = std::min(push, capacity[parent[v]][v] - flow[parent[v]][v]);
    for (std::size_t v = sink; v != source; v = parent[v]) {
      flow[parent[v]][v] += push;
      flow[v][parent[v]] -= push;
    }
  }
  double total = 0.0;
  for (std::size_t i = 0; i < n; ++i) total += flow[source][i];
  if (total < market.total_budget * (1.0 - 1e-12)) return std::nullopt;
  Matrix spending(n, std::vector<double>(m, 0.0));
  for (const auto& [i, j] : tight) spending[i][j] = std::max(0.0, flow[i][n + j]);
  return spending;
}

// The edges by increasing score (ties in their given order).
std::vector<Edge> ranked(std::vector<std::pair<double, Edge>> scored) {
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Edge> edges;
  for (const auto& entry : scored) edges.push_back(entry.second);
  return edges;
}

// Cholesky solve of the symmetric positive definite system a x = b (a is overwritten), on the
// system scaled to a unit diagonal, so that an item with a tiny price is resolved as finely as
// the others.
std::vector<double> solve_positive(Matrix& a, std::vector<double> b) {
  const std::size_t size = b.size();
  std::vector<double> scale(size, 1.0);
  for (std::size_t k = 0; k < size; ++k)
    if (a[k][k] > 0.0) scale[k] = 1.0 / std::sqrt(a[k][k]);
  for (std::size_t r = 0; r < size; ++r) {
    for (std::size_t c = 0; c < size; ++c) a[r][c] *= scale[r] * scale[c];
    b[r] *= scale[r];
  }
  for (std::size_t k = 0; k < size; ++k) {
    double pivot = a[k][k];
    for (std::size_t l = 0; l < k; ++l) pivot -= a[k][l] * a[k][l];
    a[k][k] = std::sqrt(std::max(pivot, 1e-14));
    for (std::size_t r = k + 1; r < size; ++r) {
      double entry = a[r][k];
      for (std::size_t l = 0; l < k; ++l) entry -= a[r][l] * a[k][l];
      a[r][k] = entry / a[k][k];
    }
  }
  for (std::size_t k = 0; k < size; ++k) {
    for (std::size_t l = 0; l < k; ++l) b[k] -= a[k][l] * b[l];
    b[k] /= a[k][k];
  }
  for (std::size_t k = size; k-- > 0;) {
    for (std::size_t l = k + 1; l < size; ++l) b[k] -= a[l][k] * b[l];
    b[k] /= a[k][k];
  }
  for (std::size_t k = 0; k < size; ++k) b[k] *= scale[k];
  return b;
}

double largest_magnitude(const std::vector<double>& x) {
  double top = 0.0;
  for (const double v : x) top = std::max(top, std::abs(v));
  return top;
}

// A smooth strictly convex function of log-scale coordinates, for Newton's method.
struct Objective {
  // The gradient and the Hessian at x.
  std::function<void(const std::vector<double>& x, std::vector<double>& gradient, Matrix& hessian)>
      derivatives;
  // f(x + dx) - f(x), computed as a difference (expm1, log1p) rather than by subtracting two
  // values of f: an item of price 1e-9 next to items of price 1 moves f by less than f's
  // rounding, and the line search must still see it.
  std::function<double(const std::vector<double>& x, const std::vector<double>& dx)> change;
};

// Damped Newton (Armijo backtracking on the accurate change), until a full step moves no
// coordinate by more than `enough` (a relative change of the prices or scalings: the absolute
// gradient would neglect items of tiny price).
void newton_minimise(const Objective& objective, std::vector<double>& x, double enough) {
  std::vector<double> gradient;
  Matrix hessian;
  for (int iteration = 0; iteration < 100; ++iteration) {
    objective.derivatives(x, gradient, hessian);
    if (largest_magnitude(gradient) == 0.0) return;
    std::vector<double> minus(gradient.size());
    for (std::size_t k = 0; k < minus.size(); ++k) minus[k] = -gradient[k];
    const std::vector<double> step = solve_positive(hessian, minus);
    double slope = 0.0;
    for (std::size_t k = 0; k < step.size(); ++k) slope += gradient[k] * step[k];
    if (!(slope < 0.0)) return;
    if (largest_magnitude(step) <= enough) {
      for (std::size_t k = 0; k < x.size(); ++k) x[k] += step[k];
      return;
    }
    bool taken = false;
    std::vector<double> dx(x.size());
    for (double t = 1.0; t > 1e-14 && !taken; t *= 0.5) {
      for (std::size_t k = 0; k < x.size(); ++k) dx[k] = t * step[k];
      if (objective.change(x, dx) <= 1e-4 * t * slope) {
        for (std::size_t k = 0; k < x.size(); ++k) x[k] += dx[k];
        taken = true;
      }
    }
    if (!taken) return;
  }
}

// The tie-breaking rule: among the equilibrium spendings (budgets and prices fixed, money on the
// tight edges only), the one of maximum entropy. The edges that can carry money are those that
// carry some now or close a cycle with the residual graph; when they form a forest the spending
// is unique, otherwise the maximum-entropy one is a scaling r_i * c_j on them (matrix scaling).
// Agents with the same report thus get the same bundle.
void spread_ties(const Market& market, const std::vector<double>& prices,
                 const std::vector<Edge>& tight, Matrix& spending) {
  const std::size_t n = market.agents, m = market.items, nodes = n + m;
  std::vector<std::vector<std::size_t>> next(nodes);
  for (const auto& [i, j] : tight) {
    next[i].push_back(n + j);
    if (spending[i][j] > kPositiveShare * prices[j]) next[n + j].push_back(i);
  }
  std::vector<Edge> support;
  for (const auto& [i, j] : tight) {
    bool can_carry = spending[i][j] > kPositiveShare * prices[j];
    if (!can_carry) {  // a path item j -> ... -> agent i closes a cycle through (i, j)
      std::vector<char> seen(nodes, 0);
      std::vector<std::size_t> stack = {n + j};
      seen[n + j] = 1;
      while (!stack.empty() && !can_carry) {
        const std::size_t u = stack.back();
        stack.pop_back();
        for (const std::size_t v : next[u])
          if (!seen[v]) {
            seen[v] = 1;
            if (v == i) can_carry = true;
            stack.push_back(v);
          }
      }
    }
    if (can_carry) support.push_back({i, j});
  }
  UnionFind forest(nodes);
  bool cycle = false;
  for (const auto& [i, j] : support) cycle = !forest.unite(i, n + j) || cycle;
  if (!cycle) return;

  // Spending r_i c_j on the support: minimise sum exp(a_i + b_j) - sum_i a_i - sum_j p_j b_j over
  // a = log r, b = log c (its gradient is the marginals' error), with one a pinned per tree of
  // the support (the scaling a + t, b - t changes nothing). Newton, since Sinkhorn's
  // alternating scaling crawls when a tree is nearly split.
  std::vector<std::size_t> position(nodes, nodes);
  std::vector<char> pinned(nodes, 0);
  std::size_t size = 0;
  for (std::size_t node = 0; node < nodes; ++node) {
    const bool used = node < n ? market.active[node] != 0 : market.valued[node - n] != 0;
    if (!used) continue;
    if (node < n && !pinned[forest.find(node)]) {
      pinned[forest.find(node)] = 1;  // the component's first agent keeps a_i = 0
      continue;
    }
    position[node] = size++;
  }
  auto potential = [&](const std::vector<double>& x, std::size_t node) {
    return position[node] == nodes ? 0.0 : x[position[node]];
  };
  Objective dual;
  dual.derivatives = [&](const std::vector<double>& x, std::vector<double>& gradient,
                         Matrix& hessian) {
    gradient.assign(size, 0.0);
    hessian.assign(size, std::vector<double>(size, 0.0));
    for (std::size_t node = 0; node < nodes; ++node)
      if (position[node] != nodes)
        gradient[position[node]] -= node < n ? market.budgets[node] : prices[node - n];
    for (const auto& [i, j] : support) {
      const double flow = std::exp(potential(x, i) + potential(x, n + j));
      const std::size_t a = position[i], b = position[n + j];
      if (a != nodes) {
        gradient[a] += flow;
        hessian[a][a] += flow;
      }
      if (b != nodes) {
        gradient[b] += flow;
        hessian[b][b] += flow;
      }
      if (a != nodes && b != nodes) {
        hessian[a][b] += flow;
        hessian[b][a] += flow;
      }
    }
  };
  dual.change = [&](const std::vector<double>& x, const std::vector<double>& dx) {
    double change = 0.0;
    for (std::size_t node = 0; node < nodes; ++node)
      if (position[node] != nodes)
        change -= (node < n ? market.budgets[node] : prices[node - n]) * dx[position[node]];
    for (const auto& [i, j] : support)
      change += std::exp(potential(x, i) + potential(x, n + j)) *
                std::expm1(potential(dx, i) + potential(dx, n + j));
    return change;
  };
  // Start from the current spending's scale: b_j = log of the price (a_i = 0).
  std::vector<double> x(size, 0.0);
  for (std::size_t j = 0; j < m; ++j)
    if (position[n + j] != nodes) x[position[n + j]] = std::log(prices[j]);
  newton_minimise(dual, x, 1e-13);
  for (auto& line : spending) std::fill(line.begin(), line.end(), 0.0);
  for (const auto& [i, j] : support)
    spending[i][j] = std::exp(potential(x, i) + potential(x, n + j));
}

// The equilibrium whose max-bang-per-buck graph contains a spanning forest of `candidates`
// (sorted, most trusted first): prices rebuilt exactly along the forest (in each tree, price
// ratios are value ratios, the prices add up to the tree's budgets), then the spending, then the
// certificate. Empty when the candidates were not the equilibrium's graph.
std::optional<FisherEquilibrium> equilibrium_on(const Market& market,
                                                const std::vector<Edge>& candidates) {
  const std::size_t n = market.agents, m = market.items;
  UnionFind forest(n + m);
  std::vector<std::vector<std::size_t>> items_of(n), agents_of(m);
  std::vector<Edge> tree;
  for (const auto& [i, j] : candidates)
    if (market.active[i] && market.values[i][j] > 0.0 && forest.unite(i, n + j)) {
      items_of[i].push_back(j);
      agents_of[j].push_back(i);
      tree.push_back({i, j});
    }
  for (std::size_t i = 0; i < n; ++i)
    if (market.active[i] && items_of[i].empty()) return std::nullopt;
  for (std::size_t j = 0; j < m; ++j)
    if (market.valued[j] && agents_of[j].empty()) return std::nullopt;

  std::vector<double> prices(m, 0.0), log_price(m, 0.0), log_bang(n, 0.0);
  std::vector<char> seen(n + m, 0);
  for (std::size_t root = 0; root < m; ++root) {
    if (!market.valued[root] || seen[n + root]) continue;
    std::vector<std::size_t> queue = {n + root}, goods;
    double budget = 0.0;
    seen[n + root] = 1;
    for (std::size_t head = 0; head < queue.size(); ++head) {
      const std::size_t node = queue[head];
      if (node >= n) {
        const std::size_t j = node - n;
        goods.push_back(j);
        for (const std::size_t i : agents_of[j])
          if (!seen[i]) {
            seen[i] = 1;
            log_bang[i] = std::log(market.values[i][j]) - log_price[j];
            queue.push_back(i);
          }
      } else {
        budget += market.budgets[node];
        for (const std::size_t k : items_of[node])
          if (!seen[n + k]) {
            seen[n + k] = 1;
            log_price[k] = std::log(market.values[node][k]) - log_bang[node];
            queue.push_back(n + k);
          }
      }
    }
    double top = -std::numeric_limits<double>::infinity(), total = 0.0;
    for (const std::size_t j : goods) top = std::max(top, log_price[j]);
    for (const std::size_t j : goods) total += std::exp(log_price[j] - top);
    for (const std::size_t j : goods) prices[j] = budget * std::exp(log_price[j] - top) / total;
  }

  std::vector<double> best(n, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < m; ++j)
      if (market.valued[j]) best[i] = std::max(best[i], market.values[i][j] / prices[j]);
  for (const auto& [i, j] : tree)
    if (market.values[i][j] / prices[j] < best[i] * (1.0 - kFisherTolerance)) return std::nullopt;
  std::vector<Edge> tight;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < m; ++j)
      if (market.active[i] && market.values[i][j] > 0.0 &&
          market.values[i][j] / prices[j] >= best[i] * (1.0 - kTieTolerance))
        tight.push_back({i, j});

  UnionFind tight_forest(n + m);
  bool cycle = false;
  for (const auto& [i, j] : tight) cycle = !tight_forest.unite(i, n + j) || cycle;
  std::optional<Matrix> spending =
      cycle ? feasible_spending(market, prices, tight) : forest_spending(market, prices, tight);
  if (!spending) return std::nullopt;
  if (cycle) spread_ties(market, prices, tight, *spending);

  FisherEquilibrium eq;
  eq.prices = std::move(prices);
  eq.spending = std::move(*spending);
  // Shares are the spending normalised by what the item fetched, so that every valued item is
  // given out exactly; that the money matches the price is part of the certificate.
  eq.shares.assign(n, std::vector<double>(m, 0.0));
  for (std::size_t j = 0; j < m; ++j) {
    if (!market.valued[j]) continue;
    double paid = 0.0;
    for (std::size_t i = 0; i < n; ++i) paid += eq.spending[i][j];
    if (!(paid > 0.0)) return std::nullopt;
    for (std::size_t i = 0; i < n; ++i) eq.shares[i][j] = eq.spending[i][j] / paid;
  }
  eq.tight = std::move(tight);
  eq.violation = equilibrium_violation(market, eq);
  if (!(eq.violation <= kFisherTolerance)) return std::nullopt;
  return eq;
}

// The dual of the Eisenberg-Gale program in log prices q, smoothed with temperature tau:
//   f(q) = sum_j exp(q_j) + sum_i B_i tau log sum_j exp((log v_ij - q_j) / tau),
// whose minimiser clears the market when each agent spreads its budget by the softmax of its
// log bang per buck; as tau -> 0 it tends to the equilibrium prices.
class SmoothedDual {
 public:
  explicit SmoothedDual(const Market& market) : market_(market) {
    for (std::size_t j = 0; j < market.items; ++j)
      if (market.valued[j]) goods_.push_back(j);
    for (std::size_t i = 0; i < market.agents; ++i) {
      if (!market.active[i]) continue;
      std::vector<std::pair<std::size_t, double>> terms;
      for (std::size_t k = 0; k < goods_.size(); ++k)
        if (market.values[i][goods_[k]] > 0.0)
          terms.push_back({k, std::log(market.values[i][goods_[k]])});
      agents_.push_back({i, std::move(terms)});
    }
  }

  // The certified equilibrium, from uniform prices at tau = 1 down to tau = 1e-13; empty when
  // none is certified. With `start` (prices of a nearby market), from them at tau = 1e-2.
  std::optional<FisherEquilibrium> solve(const std::vector<double>* start = nullptr) const {
    std::vector<double> q(goods_.size(),
                          std::log(market_.total_budget / static_cast<double>(goods_.size())));
    int first = 0;
    if (start) {
      first = 2;
      for (std::size_t k = 0; k < goods_.size(); ++k)
        if ((*start)[goods_[k]] > 0.0) q[k] = std::log((*start)[goods_[k]]);
    }
    std::vector<double> last, before_last;  // the solutions of the last two levels
    for (int level = first; level <= 13; ++level) {
      const double tau = std::pow(10.0, -level);
      if (!before_last.empty())  // q(tau) ~ q* + c tau: extrapolate from the last two levels
        for (std::size_t k = 0; k < q.size(); ++k)
          q[k] = last[k] + 0.1 * (last[k] - before_last[k]);
      Objective objective;
      objective.derivatives = [&](const std::vector<double>& x, std::vector<double>& gradient,
                                  Matrix& hessian) { derivatives(x, tau, gradient, hessian); };
      objective.change = [&](const std::vector<double>& x, const std::vector<double>& dx) {
        return change(x, dx, tau);
      };
      newton_minimise(objective, q, 0.1 * tau);
      before_last = std::move(last);
      last = q;
      if (level < 2) continue;
      if (auto eq = equilibrium_on(market_, candidates(q, tau))) return eq;
    }
    return std::nullopt;
  }

 private:
  void derivatives(const std::vector<double>& q, double tau, std::vector<double>& gradient,
                   Matrix& hessian) const {
    const std::size_t size = goods_.size();
    gradient.assign(size, 0.0);
    hessian.assign(size, std::vector<double>(size, 0.0));
    for (std::size_t k = 0; k < size; ++k) gradient[k] = hessian[k][k] = std::exp(q[k]);
    std::vector<double> weight;
    std::vector<std::size_t> live;
    for (const auto& [agent, terms] : agents_) {
      const double budget = market_.budgets[agent];
      softmax(terms, q, tau, weight);
      live.clear();  // the terms with a weight (few at small tau)
      for (std::size_t t = 0; t < terms.size(); ++t) {
        if (weight[t] == 0.0) continue;
        live.push_back(t);
        gradient[terms[t].first] -= budget * weight[t];
      }
      for (const std::size_t t : live) {
        const std::size_t a = terms[t].first;
        hessian[a][a] += budget * weight[t] / tau;
        for (const std::size_t u : live)
          hessian[a][terms[u].first] -= budget * weight[t] * weight[u] / tau;
      }
    }
  }

  // f(q + dq) - f(q): sum_j p_j expm1(dq_j) + sum_i B_i tau log sum_t pi_t e^(-dq_t / tau), pi
  // the softmax at q; the log as log1p(sum_t pi_t expm1(...)) when it is small.
  double change(const std::vector<double>& q, const std::vector<double>& dq, double tau) const {
    double total = 0.0;
    for (std::size_t k = 0; k < goods_.size(); ++k) total += std::exp(q[k]) * std::expm1(dq[k]);
    std::vector<double> log_weight, shifted;
    for (const auto& [agent, terms] : agents_) {
      log_softmax(terms, q, tau, log_weight);
      shifted.resize(terms.size());
      double top = -std::numeric_limits<double>::infinity();
      for (std::size_t t = 0; t < terms.size(); ++t) {
        shifted[t] = log_weight[t] - dq[terms[t].first] / tau;
        top = std::max(top, shifted[t]);
      }
      double sum = 0.0;
      for (const double a : shifted) sum += negligible_exp(a - top);
      double log_ratio = top + std::log(sum);
      if (std::abs(log_ratio) < 0.5) {
        double inside = 0.0;
        for (std::size_t t = 0; t < terms.size(); ++t)
          if (log_weight[t] > -40.0)
            inside += std::exp(log_weight[t]) * std::expm1(-dq[terms[t].first] / tau);
        log_ratio = std::log1p(inside);
      }
      total += market_.budgets[agent] * tau * log_ratio;
    }
    return total;
  }

  // The softmax of (log v_ij - q_j) / tau over an agent's terms, and its logarithm.
  static void log_softmax(const std::vector<std::pair<std::size_t, double>>& terms,
                          const std::vector<double>& q, double tau,
                          std::vector<double>& log_weight) {
    double top = -std::numeric_limits<double>::infinity();
    for (const auto& [k, log_value] : terms) top = std::max(top, (log_value - q[k]) / tau);
    double total = 0.0;
    log_weight.resize(terms.size());
    for (std::size_t t = 0; t < terms.size(); ++t) {
      log_weight[t] = (terms[t].second - q[terms[t].first]) / tau - top;
      total += negligible_exp(log_weight[t]);
    }
    const double log_total = std::log(total);
    for (double& w : log_weight) w -= log_total;
  }
  static void softmax(const std::vector<std::pair<std::size_t, double>>& terms,
                      const std::vector<double>& q, double tau, std::vector<double>& weight) {
    log_softmax(terms, q, tau, weight);
    for (double& w : weight) w = negligible_exp(w);
  }

  // e^x, or 0 below e^-40, where a weight is nothing next to the largest (1): spares exp its
  // slow underflow path.
  static double negligible_exp(double x) { return x < -40.0 ? 0.0 : std::exp(x); }

  // The edges that may be tight, most trusted first. In the smoothed solution an edge carrying a
  // fraction f of its agent's budget lies tau log(1 / f) below the agent's best log bang per
  // buck; an edge may have to carry a whole price p_j out of a budget B_i, so it is kept within
  // tau (30 + log(B_i / p_j)) (f down to e^-30), and ranked by its gap less that allowance.
  std::vector<Edge> candidates(const std::vector<double>& q, double tau) const {
    std::vector<std::pair<double, Edge>> scored;
    for (const auto& [agent, terms] : agents_) {
      const double log_budget = std::log(market_.budgets[agent]);
      double top = -std::numeric_limits<double>::infinity();
      for (const auto& [k, log_value] : terms) top = std::max(top, log_value - q[k]);
      for (const auto& [k, log_value] : terms) {
        const double gap = top - (log_value - q[k]);
        const double allowance = tau * std::max(0.0, log_budget - q[k]);
        if (gap <= 30.0 * tau + allowance) scored.push_back({gap - allowance, {agent, goods_[k]}});
      }
    }
    return ranked(std::move(scored));
  }

  const Market& market_;
  std::vector<std::size_t> goods_;
  std::vector<std::pair<std::size_t, std::vector<std::pair<std::size_t, double>>>> agents_;
};

// Under the hint's prices and the new values: the hint's tight edges (slack 0), or every edge
// within a relative `slack` of its agent's best bang per buck; closest to tight first.
std::vector<Edge> hinted_candidates(const Market& market, const FisherEquilibrium& hint,
                                    double slack) {
  std::vector<double> best(market.agents, 0.0);
  for (std::size_t i = 0; i < market.agents; ++i)
    for (std::size_t j = 0; j < market.items; ++j)
      if (hint.prices[j] > 0.0) best[i] = std::max(best[i], market.values[i][j] / hint.prices[j]);
  std::vector<std::pair<double, Edge>> scored;
  auto consider = [&](std::size_t i, std::size_t j) {
    if (!market.active[i] || !(market.values[i][j] > 0.0) || !(hint.prices[j] > 0.0)) return;
    const double gap = best[i] / (market.values[i][j] / hint.prices[j]);
    if (slack == 0.0 || gap <= 1.0 + slack) scored.push_back({gap, {i, j}});
  };
  if (slack == 0.0)
    for (const auto& [i, j] : hint.tight) consider(i, j);
  else
    for (std::size_t i = 0; i < market.agents; ++i)
      for (std::size_t j = 0; j < market.items; ++j) consider(i, j);
  return ranked(std::move(scored));
}

}  // namespace

FisherEquilibrium fisher_market(const Matrix& values, const std::vector<double>& budgets,
                                const FisherEquilibrium* hint) {
  const Market market = make_market(values, budgets);
  const std::size_t n = market.agents, m = market.items;
  std::optional<FisherEquilibrium> eq;
  if (market.active_count == 0) {
    eq.emplace();
    eq->prices.assign(m, 0.0);
    eq->spending.assign(n, std::vector<double>(m, 0.0));
    eq->shares = eq->spending;
  }
  const bool hinted = hint && hint->prices.size() == m && hint->spending.size() == n;
  // A nearby market's graph, then the edges nearly tight under its prices (a new tie of the
  // agent whose values moved), before the Newton solve.
  if (!eq && hinted) eq = equilibrium_on(market, hinted_candidates(market, *hint, 0.0));
  if (!eq && hinted) eq = equilibrium_on(market, hinted_candidates(market, *hint, 0.02));
  if (!eq) {
    const SmoothedDual dual(market);
    if (hinted) eq = dual.solve(&hint->prices);
    if (!eq) eq = dual.solve();
  }
  if (!eq)
    throw UnsupportedError(
        "maximum Nash welfare: the Fisher-market equilibrium could not be "
        "certified to 1e-9 (a near-degenerate market)");
  eq->utilities.assign(n, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < m; ++j) eq->utilities[i] += values[i][j] * eq->shares[i][j];
  return *eq;
}

FisherEquilibrium fisher_equilibrium(const Matrix& values, const FisherEquilibrium* hint) {
  return fisher_market(values, std::vector<double>(values.size(), 1.0), hint);
}

// ---------------------------------------------------------------------------------------------
// The manipulation search.

namespace {

// "40", "35.5", "12.25"; tiny amounts in scientific notation so that they never read as 0.
std::string format_amount(double x) {
  char text[64];
  if (x != 0.0 && std::abs(x) < 0.005) {
    std::snprintf(text, sizeof text, "%.1e", x);
    return text;
  }
  std::snprintf(text, sizeof text, "%.2f", x);
  std::string s = text;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

// A true value for the sentence, with decimals fitting the manipulator's total (48.0 of 100).
std::string format_value(double x, double scale) {
  const int decimals = std::clamp(2 - static_cast<int>(std::floor(std::log10(scale))), 1, 12);
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, x);
  return text;
}

std::string with_thousands(std::uint64_t count) {
  std::string digits = std::to_string(count), out;
  for (std::size_t k = 0; k < digits.size(); ++k) {
    if (k > 0 && (digits.size() - k) % 3 == 0) out += ',';
    out += digits[k];
  }
  return out;
}

// "Anna: 0.62 of house, all of car; Ben: 0.38 of house, all of piano".
std::string describe_allocation(const fair::DivisionInstance& instance, const Matrix& shares) {
  std::string text;
  std::vector<double> sold(instance.item_count(), 0.0);
  for (std::size_t i = 0; i < instance.agent_count(); ++i) {
    std::string bundle;
    for (std::size_t j = 0; j < instance.item_count(); ++j) {
      const double share = shares[i][j];
      sold[j] += share;
      if (share < 0.005) continue;
      if (!bundle.empty()) bundle += ", ";
      char amount[32];
      std::snprintf(amount, sizeof amount, "%.2f", share);
      bundle +=
          (share >= 0.995 ? std::string("all") : std::string(amount)) + " of " + instance.items[j];
    }
    if (!text.empty()) text += "; ";
    text += instance.agents[i] + ": " + (bundle.empty() ? "nothing" : bundle);
  }
  std::string unsold;
  for (std::size_t j = 0; j < instance.item_count(); ++j)
    if (sold[j] < 0.005) unsold += (unsold.empty() ? "" : ", ") + instance.items[j];
  if (!unsold.empty()) text += "; nobody: " + unsold;
  return text;
}

ManipulationReport make_report(const fair::DivisionInstance& instance,
                               const std::vector<double>& report, double total) {
  ManipulationReport out;
  out.text = "valuation";
  for (std::size_t j = 0; j < report.size(); ++j) {
    out.weights.push_back(report[j] * total);
    out.text += (j ? ", " : " ") + instance.items[j] + " " + format_amount(report[j] * total);
  }
  return out;
}

// The report with `amount` moved from one item to another; what is left below rounding of the
// total (a remnant of 1e-17 from subtracting) is moved too, so that "nothing" is exactly 0.
std::vector<double> transferred(std::vector<double> report, std::size_t from, std::size_t to,
                                double amount) {
  report[to] += amount;
  report[from] = amount >= report[from] - 1e-14 ? 0.0 : report[from] - amount;
  double total = 0.0;
  for (const double w : report) total += w;
  for (double& w : report) w /= total;
  return report;
}

// Where the search moves: the manipulator's report itself, or the money it spends on each item
// (the others' market is solved around that spending, and the report is the prices on the items
// it buys, zero elsewhere: the report under which the spending is an equilibrium). The second
// crosses the plateaus of the first, where a report changes nothing until an item starts to
// pay off.
enum class Space { reports, spending };

struct Point {
  std::vector<double> coordinates;  // the report or the spending, summing to 1
  std::vector<double> report;       // the manipulator's reported valuation, summing to 1
  double value = 0.0;               // its TRUE value of the bundle the equilibrium gives it
  FisherEquilibrium equilibrium;    // under the reports
  FisherEquilibrium residual;       // Space::spending: the others' market around the spending
};

// Evaluates reports of the manipulator against the others' true valuations.
class ReportSearch {
 public:
  ReportSearch(Matrix truth, std::size_t party, const ManipulationOptions& options)
      : truth_(std::move(truth)), values_(truth_), party_(party), options_(options) {
    for (const double v : truth_[party]) total_ += v;
    // The others' market around a spending: the manipulator's row is replaced by one agent per
    // item that wants only that item and has the money spent on it as its budget.
    const std::size_t n = truth_.size(), m = total_ > 0.0 ? truth_[party].size() : 0;
    residual_values_ = truth_;
    residual_values_[party].assign(truth_[party].size(), 0.0);
    residual_budgets_.assign(n + m, 1.0);
    residual_budgets_[party] = 0.0;
    for (std::size_t j = 0; j < m; ++j) {
      residual_values_.emplace_back(m, 0.0);
      residual_values_.back()[j] = 1.0;
    }
  }

  Point evaluate(std::vector<double> report, const FisherEquilibrium* hint) {
    if (options_.cancelled && evaluations_ % 16 == 0 && options_.cancelled())
      throw Cancelled("manipulate: the maximum Nash welfare search was cancelled");
    ++evaluations_;
    values_[party_] = report;
    Point point;
    point.coordinates = report;
    try {
      point.equilibrium = fisher_equilibrium(values_, hint);
    } catch (const UnsupportedError&) {  // not certified: the report is left out
      ++uncertified_;
      point.value = -std::numeric_limits<double>::infinity();
      point.report = std::move(report);
      return point;
    }
    for (std::size_t j = 0; j < report.size(); ++j)
      point.value += truth_[party_][j] * point.equilibrium.shares[party_][j];
    point.report = std::move(report);
    return point;
  }

  Point evaluate_spending(std::vector<double> spending, const Point& near) {
    const std::size_t n = truth_.size(), m = spending.size();
    for (std::size_t j = 0; j < m; ++j) residual_budgets_[n + j] = spending[j];
    FisherEquilibrium residual;
    try {
      residual = fisher_market(residual_values_, residual_budgets_,
                               near.residual.prices.empty() ? nullptr : &near.residual);
    } catch (const UnsupportedError&) {
      ++uncertified_;
      Point point;
      point.coordinates = std::move(spending);
      point.value = -std::numeric_limits<double>::infinity();
      return point;
    }
    std::vector<double> report(m, 0.0);
    double sum = 0.0;
    for (std::size_t j = 0; j < m; ++j)
      sum += report[j] = spending[j] > 0.0 ? residual.prices[j] : 0.0;
    for (double& w : report) w /= sum;
    Point point = evaluate(std::move(report), &near.equilibrium);
    point.coordinates = std::move(spending);
    point.residual = std::move(residual);
    return point;
  }

  // The point whose coordinates are the manipulator's spending at `point`.
  Point to_spending(const Point& point) {
    return evaluate_spending(point.equilibrium.spending[party_], point);
  }

  // Hill climbing by transfers of `step` (then step/4, ... down to kSmallestStep) between two
  // coordinates, repeated (doubled) while it gains; random directions when no transfer gains. With
  // a box (reports only): every coordinate stays within `radius` of `center`.
  Point climb(Space space, Point best, double step, const std::vector<double>* center = nullptr,
              double radius = 0.0, std::uint64_t budget = kClimbBudget) {
    const std::size_t m = best.coordinates.size();
    const std::uint64_t stop = evaluations_ + budget;
    auto room = [&](const std::vector<double>& w, std::size_t from, std::size_t to, double want) {
      double amount = std::min(want, w[from]);
      if (center)
        amount = std::min(
            {amount, w[from] - ((*center)[from] - radius), (*center)[to] + radius - w[to]});
      return amount;
    };
    auto at_coordinates = [&](const Point& near, std::vector<double> coordinates) {
      return space == Space::reports ? evaluate(std::move(coordinates), &near.equilibrium)
                                     : evaluate_spending(std::move(coordinates), near);
    };
    auto moved = [&](const Point& at, std::size_t from, std::size_t to, double amount) {
      return at_coordinates(at, transferred(at.coordinates, from, to, amount));
    };
    // A move along `direction` (summing to 0, largest coordinate 1) by `length`, kept on the
    // simplex (and in the box).
    auto along = [&](const Point& at, const std::vector<double>& direction, double length) {
      std::vector<double> x = at.coordinates;
      double sum = 0.0;
      for (std::size_t j = 0; j < m; ++j) {
        x[j] = std::max(0.0, x[j] + length * direction[j]);
        if (center) x[j] = std::clamp(x[j], (*center)[j] - radius, (*center)[j] + radius);
        if (x[j] < 1e-14) x[j] = 0.0;
        sum += x[j];
      }
      for (double& v : x) v /= sum;
      return at_coordinates(at, std::move(x));
    };
    // Larger markets shrink faster: a sweep costs m (m - 1) equilibria.
    const double shrink = m <= 10 ? 4.0 : 8.0;
    // Up to 10 items, the best transfer of a sweep; beyond, the first that gains, the sweep
    // starting where the last one gained.
    const bool first_gain = m > 10;
    std::size_t start = 0;
    while (step >= kSmallestStep && evaluations_ < stop) {
      std::optional<Point> found;
      std::size_t from = 0, to = 0;
      double amount = 0.0;
      for (std::size_t pair = 0; pair < m * m && evaluations_ < stop; ++pair) {
        const std::size_t a = (start + pair) / m % m, b = (start + pair) % m;
        const double give = a == b ? 0.0 : room(best.coordinates, a, b, step);
        if (give <= 1e-16) continue;
        Point trial = moved(best, a, b, give);
        if (trial.value > (found ? found->value : best.value) + improvement()) {
          found = std::move(trial);
          from = a;
          to = b;
          amount = give;
          if (first_gain) {
            start = (start + pair) % (m * m);
            break;
          }
        }
      }
      if (found) {
        best = std::move(*found);
        for (;;) {  // the same transfer again, doubled, while it gains
          amount *= 2.0;
          const double give = room(best.coordinates, from, to, amount);
          if (give <= 1e-16 || evaluations_ >= stop) break;
          Point trial = moved(best, from, to, give);
          if (!(trial.value > best.value + improvement())) break;
          best = std::move(trial);
        }
        continue;
      }
      // Stuck on a ridge (the best report often makes another party exactly indifferent, and
      // following that edge moves three or more coordinates at once): random directions.
      bool escaped = false;
      for (std::size_t tries = 0; tries < std::max<std::size_t>(6, m) && !escaped; ++tries) {
        std::vector<double> direction = random_direction(m);
        Point trial = along(best, direction, step);
        if (!(trial.value > best.value + improvement())) continue;
        escaped = true;
        best = std::move(trial);
        for (double length = 2.0 * step; evaluations_ < stop; length *= 2.0) {
          Point further = along(best, direction, length);
          if (!(further.value > best.value + improvement())) break;
          best = std::move(further);
        }
      }
      if (!escaped) step /= shrink;
    }
    return best;
  }

  // Uniform in [-1, 1] per coordinate, then centred and scaled to a largest coordinate of 1
  // (a fixed generator: the same search on every machine).
  std::vector<double> random_direction(std::size_t m) {
    std::vector<double> direction(m);
    double mean = 0.0;
    for (double& d : direction) {
      d = 2.0 * static_cast<double>(random_() >> 11) * 0x1.0p-53 - 1.0;
      mean += d / static_cast<double>(m);
    }
    for (double& d : direction) d -= mean;
    const double top = largest_magnitude(direction);
    for (double& d : direction) d = top > 0.0 ? d / top : 0.0;
    return direction;
  }

  double total() const { return total_; }
  // Reports (or spendings) left out because their equilibrium could not be certified.
  std::uint64_t uncertified() const { return uncertified_; }
  // Gains below this are rounding.
  double improvement() const { return 1e-12 * total_; }
  std::uint64_t evaluations() const { return evaluations_; }

 private:
  Matrix truth_, values_;
  std::size_t party_;
  const ManipulationOptions& options_;
  double total_ = 0.0;
  std::uint64_t evaluations_ = 0, uncertified_ = 0;
  Matrix residual_values_;
  std::vector<double> residual_budgets_;
  std::mt19937_64 random_{20160212};
};

double binomial(double n, double k) {
  double result = 1.0;
  for (double t = 1.0; t <= k; t += 1.0) result *= (n - k + t) / t;
  return result;
}

// Every composition of `total` into parts.size() non-negative parts, in lexicographic order
// (from all on the first item), so that consecutive reports are close (good hints).
void for_each_composition(std::vector<int>& parts, std::size_t position, int remaining,
                          const std::function<void(const std::vector<int>&)>& visit) {
  if (position + 1 == parts.size()) {
    parts[position] = remaining;
    visit(parts);
    return;
  }
  for (int k = remaining; k >= 0; --k) {
    parts[position] = k;
    for_each_composition(parts, position + 1, remaining - k, visit);
  }
}

double largest_change(const std::vector<double>& a, const std::vector<double>& b) {
  double change = 0.0;
  for (std::size_t j = 0; j < a.size(); ++j) change = std::max(change, std::abs(a[j] - b[j]));
  return change;
}

}  // namespace

ManipulationResult manipulate_max_nash_welfare(const fair::DivisionInstance& instance,
                                               const ManipulationOptions& options) {
  if (options.reports != ReportSpace::weights)
    throw InputError(instance.origin, std::nullopt, "reports", to_string(options.reports),
                     "weights (maximum Nash welfare reports are valuations: use --reports "
                     "weights)");
  fair::validate(instance);
  const std::size_t n = instance.agent_count(), m = instance.item_count(), party = options.party;
  if (party >= n)
    throw InputError(instance.origin, std::nullopt, "party", std::to_string(party),
                     "a party of the table (0 to " + std::to_string(n - 1) + ")");
  if (n > kMaxAgents)
    throw InputError(
        instance.origin, std::nullopt, "parties", std::to_string(n) + " parties",
        "at most " + std::to_string(kMaxAgents) + " parties for maximum Nash welfare manipulation");
  if (m == 0 || m > kMaxItems)
    throw InputError(
        instance.origin, std::nullopt, "items", std::to_string(m) + " items",
        "1 to " + std::to_string(kMaxItems) + " items for maximum Nash welfare manipulation");
  if (!(options.grid_step > 0.0 && options.grid_step <= 0.5))
    throw InputError(instance.origin, std::nullopt, "grid step", std::to_string(options.grid_step),
                     "a step in (0, 0.5]");

  Matrix truth(n, std::vector<double>(m, 0.0));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < m; ++j) truth[i][j] = static_cast<double>(instance.values[i][j]);
  const std::string& name = instance.agents[party];

  ManipulationResult result;
  result.rule = ManipulationRule::max_nash_welfare;
  result.reports = ReportSpace::weights;
  result.party = party;
  result.parties = instance.agents;
  result.exact = false;
  result.tie_breaking =
      "Maximum Nash welfare over divisible items: the Eisenberg-Gale program, i.e. the "
      "Fisher-market equilibrium with equal budgets, whose prices and utilities are unique. When "
      "several allocations reach it (bang-per-buck ties that close a cycle), the one whose "
      "spending has maximum entropy: each party's budget is spread over its tied items as evenly "
      "as market clearing allows, so parties with the same report get the same bundle. Ratios "
      "within a relative 1e-10 count as tied. An item nobody reports a value for goes to "
      "nobody; a party that values nothing gets nothing.";
  result.assumptions =
      "Full information: " + name +
      " knows every other party's true valuation, and the others report truthfully (the worst "
      "case for the mediator). Items are divisible, valuations additive and linear, budgets "
      "equal; a report is a linear valuation with the same total as " +
      name + "'s true one (only its proportions matter), judged by " + name +
      "'s true valuation of the bundle it brings. The incentive ratio of linear Fisher markets is "
      "at most 2 (Chen, Deng, Tang & Zhang, AAAI 2016).";

  ReportSearch search(truth, party, options);
  const double total = search.total();
  std::vector<double> truthful_report(m, 0.0);
  if (total > 0.0)
    for (std::size_t j = 0; j < m; ++j) truthful_report[j] = truth[party][j] / total;
  const Point truthful = search.evaluate(truthful_report, nullptr);
  if (!std::isfinite(truthful.value))
    throw UnsupportedError(
        "maximum Nash welfare: the Fisher-market equilibrium of the truthful reports could not "
        "be certified to 1e-9 (a near-degenerate market)");
  result.truthful_report = make_report(instance, truthful_report, total);
  result.truthful_outcome = describe_allocation(instance, truthful.equilibrium.shares);
  for (std::size_t i = 0; i < n; ++i)
    result.truthful_utilities.push_back(i == party ? truthful.value
                                                   : truthful.equilibrium.utilities[i]);

  // Nothing to search: a party valuing nothing can only report nothing; with one item, every
  // report is the same valuation up to scale (Crawford-Varian's equal split of one good).
  if (total <= 0.0 || m == 1) {
    result.exact = true;
    result.method = total <= 0.0 ? name + " values nothing: the only report is the truthful one"
                                 : "one item: every valuation report is the truthful one up to "
                                   "scale, which does not change the equilibrium";
    result.best_report = result.truthful_report;
    result.best_outcome = result.truthful_outcome;
    result.best_utilities = result.truthful_utilities;
    result.sentence =
        "Under maximum Nash welfare, " + name + " cannot raise their true value of " +
        format_value(truthful.value, std::max(total, 1.0)) +
        (total <= 0.0 ? " (they value no item)." : " (one item: every report is the same).");
    settle_gains(result);
    return result;
  }

  // 1. The grid, coarsened to kMaxGridReports.
  const int wanted = std::max(1, static_cast<int>(std::lround(1.0 / options.grid_step)));
  int steps = wanted;
  const double dims = static_cast<double>(m - 1);
  const double most = m <= 10 ? kMaxGridReports : kMaxWideGridReports;
  while (steps > 1 && binomial(steps + dims, dims) > most) --steps;
  std::vector<Point> best_grid;  // the best few grid reports, best first
  const std::size_t keep = m <= 10 ? 3 : 1;
  std::uint64_t grid_reports = 0;
  {
    std::vector<int> parts(m, 0);
    FisherEquilibrium hint = truthful.equilibrium;
    for_each_composition(parts, 0, steps, [&](const std::vector<int>& k) {
      std::vector<double> report(m);
      for (std::size_t j = 0; j < m; ++j) report[j] = k[j] / static_cast<double>(steps);
      Point point = search.evaluate(std::move(report), &hint);
      ++grid_reports;
      if (!std::isfinite(point.value)) return;
      hint = point.equilibrium;
      if (best_grid.size() == keep && point.value <= best_grid.back().value) return;
      auto at = std::find_if(best_grid.begin(), best_grid.end(),
                             [&](const Point& p) { return point.value > p.value; });
      best_grid.insert(at, std::move(point));
      if (best_grid.size() > keep) best_grid.pop_back();
    });
  }

  // 2. Local search over reports from the truthful report and the best grid reports, then over
  // spending from the truthful spending and the best point's.
  const double first_step = 1.0 / steps;
  const std::uint64_t before_climbs = search.evaluations();
  Point best = search.climb(Space::reports, truthful, first_step);
  std::size_t starts = 1;
  for (const Point& start : best_grid) {
    if (largest_change(start.report, truthful_report) < 1e-12) continue;
    ++starts;
    Point top = search.climb(Space::reports, start, first_step);
    if (top.value > best.value + search.improvement()) best = std::move(top);
  }
  const std::uint64_t climbed = search.evaluations() - before_climbs;
  const std::uint64_t before_spending = search.evaluations();
  for (const Point* start : std::vector<const Point*>{&truthful, &best}) {
    Point top = search.climb(Space::spending, search.to_spending(*start), first_step);
    if (top.value > best.value + search.improvement()) best = std::move(top);
  }
  const std::uint64_t spent = search.evaluations() - before_spending;
  const bool gains = best.value > truthful.value + 1e-9 * total;
  if (!gains) best = truthful;

  // 3. A jump next to the best report: the best value is then a supremum, approached as the
  // report tends to the jump (e.g. a near-tie, or a valuation tending to 0 on an item).
  if (gains)
    for (std::size_t a = 0; a < m && !result.supremum; ++a)
      for (std::size_t b = 0; b < m && !result.supremum; ++b) {
        if (a == b || best.report[a] <= 0.0) continue;
        const std::vector<double> nearby =
            transferred(best.report, a, b, std::min(1e-7, best.report[a]));
        const double value = search.evaluate(nearby, &best.equilibrium).value;
        if (std::isfinite(value) && value < best.value - 1e-4 * total) result.supremum = true;
      }

  // 4. The minimum deviation: bisection on the largest change of one coordinate; a gaining
  // report inside the box is looked for in the best report's direction, then among the box's
  // two-coordinate transfers, then (up to kBoxClimbItems items) by a climb within the box.
  std::uint64_t deviation_reports = 0;
  if (gains) {
    const std::uint64_t before = search.evaluations();
    const double reach = largest_change(best.report, truthful_report);
    const double wanted_gain = truthful.value + 1e-9 * total;
    auto gaining_within = [&](double radius) -> std::optional<Point> {
      std::vector<double> toward(m);
      for (std::size_t j = 0; j < m; ++j)
        toward[j] = truthful_report[j] + radius / reach * (best.report[j] - truthful_report[j]);
      Point inside = search.evaluate(toward, &best.equilibrium);
      if (inside.value > wanted_gain) return inside;
      for (std::size_t a = 0; a < m; ++a)
        for (std::size_t b = 0; b < m; ++b) {
          const double give = a == b ? 0.0 : std::min(radius, truthful_report[a]);
          if (give <= 1e-16) continue;
          Point trial =
              search.evaluate(transferred(truthful_report, a, b, give), &truthful.equilibrium);
          if (trial.value > wanted_gain) return trial;
          if (trial.value > inside.value) inside = std::move(trial);
        }
      if (m > kBoxClimbItems) return std::nullopt;
      inside = search.climb(Space::reports, std::move(inside), radius / 2.0, &truthful_report,
                            radius, 20 * m * m);
      if (inside.value > wanted_gain) return inside;
      return std::nullopt;
    };
    std::vector<double> witness = best.report;
    double low = 0.0, high = reach;
    for (int round = 0; round < 40 && high - low > std::max(1e-9, 1e-6 * high); ++round) {
      const double radius = (low + high) / 2.0;
      if (std::optional<Point> found = gaining_within(radius)) {
        witness = found->report;
        high = std::min(radius, largest_change(witness, truthful_report));
      } else {
        low = radius;
      }
    }
    result.minimum_deviation = largest_change(witness, truthful_report);
    result.minimum_deviation_report = make_report(instance, witness, total);
    deviation_reports = search.evaluations() - before;
  }

  result.best_report = make_report(instance, best.report, total);
  result.best_outcome = describe_allocation(instance, best.equilibrium.shares);
  for (std::size_t i = 0; i < n; ++i)
    result.best_utilities.push_back(i == party ? best.value : best.equilibrium.utilities[i]);

  char step_text[32];
  if (steps == wanted)
    std::snprintf(step_text, sizeof step_text, "%g", options.grid_step);
  else
    std::snprintf(step_text, sizeof step_text, "1/%d", steps);
  result.method =
      "grid of step " + std::string(step_text) + " on the simplex of valuation reports (" +
      with_thousands(grid_reports) + " reports" +
      (steps < wanted ? ", coarsened from the grid step to stay within " +
                            with_thousands(static_cast<std::uint64_t>(most)) + " reports"
                      : std::string()) +
      "), then hill climbing by transfers between two items, down to 1e-9 of the total: over "
      "reports from " +
      std::to_string(starts) + " starts (the truthful report and the best grid reports; " +
      with_thousands(climbed) +
      " reports), and over the money spent on each item from the truthful spending and the "
      "best point's (the report: the prices of the items bought; " +
      with_thousands(spent) +
      " reports); every report's equilibrium certified to 1e-9. A search, not a proof: the "
      "gain is a lower bound on what misreporting can gain";
  if (gains)
    result.method +=
        "; the minimum deviation is an upper bound (bisection on the largest "
        "change, " +
        with_thousands(deviation_reports) + " reports)";
  if (result.supremum)
    result.method +=
        "; the best value is approached, not reached: the report next to it on "
        "the other side of a jump gives less";
  if (search.uncertified() > 0)
    result.method += "; " + with_thousands(search.uncertified()) +
                     " reports left out, their equilibrium not certified to 1e-9";

  settle_gains(result);

  const std::string from = format_value(result.truthful_utilities[party], total);
  if (!gains) {
    result.sentence = "Under maximum Nash welfare, no valuation report parley tried (" +
                      with_thousands(search.evaluations()) + ") raises " + name +
                      "'s true value above " + from + ".";
    return result;
  }
  std::string effects;
  for (std::size_t i = 0; i < n; ++i) {
    if (i == party) continue;
    const double loss = result.losses[i];
    effects += (effects.empty() ? "; " : ", ") + instance.agents[i] +
               (std::abs(loss) <= 1e-9 * total ? " would lose nothing"
                : loss > 0.0                   ? " would lose " + format_value(loss, total)
                                               : " would gain " + format_value(-loss, total));
  }
  char ratio[32];
  std::snprintf(ratio, sizeof ratio, "%.2f", result.incentive_ratio.value_or(0.0));
  result.sentence =
      "Under maximum Nash welfare, " + name + " could raise their true value from " + from +
      " to " + format_value(best.value, total) +
      (result.incentive_ratio ? " (incentive ratio " + std::string(ratio) + ")" : std::string()) +
      " by reporting " + (result.supremum ? "a valuation just short of " : std::string()) +
      result.best_report.text.substr(result.supremum ? 10 : 0) + effects + ".";
  return result;
}

}  // namespace parley::detail
