// Building blocks shared by the library's agents (common.hpp).
#include "common.hpp"

#include <algorithm>
#include <cmath>

namespace parley::agents {

ParameterInfo component_parameter(std::string name, AgentRole role, std::string default_spec,
                                  std::string description) {
  ParameterInfo p;
  p.name = std::move(name);
  p.is_component = true;
  p.component_role = role;
  p.default_component = std::move(default_spec);
  p.description = std::move(description);
  return p;
}

double unit_random(std::uint64_t bits) noexcept {
  return static_cast<double>(bits >> 11) * 0x1.0p-53;
}

void ConcessionRange::from(const PartyView& view) {
  max = view.index().max_utility();
  min = std::min(max, std::max(view.index().min_utility(), view.reservation_value()));
}

double time_dependent_target(const ConcessionRange& range, double e, double k, double t) {
  const double f = e == 0.0 ? k : k + (1.0 - k) * std::pow(t, 1.0 / e);
  return range.min + (range.max - range.min) * (1.0 - f);
}

void FrequencyModel::reset(const PartyView& view) {
  const auto cards = view.space().cardinalities();
  counts_.assign(cards.size(), {});
  for (std::size_t i = 0; i < cards.size(); ++i) counts_[i].reset(cards[i]);
  max_count_.assign(cards.size(), 0.0);
  weights_.assign(cards.size(), cards.empty() ? 0.0 : 1.0 / static_cast<double>(cards.size()));
  previous_.clear();
  offers_ = 0;
}

void FrequencyModel::update(const Outcome& offer, double) {
  const double n = static_cast<double>(counts_.size());
  if (!previous_.empty()) {
    const double learning = 0.2 / n;
    double total = 0.0;
    for (std::size_t i = 0; i < counts_.size(); ++i) {
      if (offer[i] == previous_[i]) weights_[i] += learning;
      total += weights_[i];
    }
    for (auto& w : weights_) w /= total;
  }
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    const double c = (counts_[i][offer[i]] += 1.0);
    max_count_[i] = std::max(max_count_[i], c);
  }
  previous_ = offer;
  ++offers_;
}

double FrequencyModel::estimate(const Outcome& outcome) const {
  if (offers_ == 0) return 0.0;
  double u = 0.0;
  for (std::size_t i = 0; i < counts_.size(); ++i)
    u += weights_[i] * counts_[i].at(outcome[i]) / max_count_[i];
  return u;
}

std::unique_ptr<PartyModel> make_frequency_model() { return std::make_unique<FrequencyModel>(); }

void OpponentModels::reset(const PartyView& view) {
  self_ = view.position();
  models_.clear();
  models_.resize(view.party_count());
  for (std::size_t j = 0; j < models_.size(); ++j) {
    if (j == self_) continue;
    models_[j] = make_();
    models_[j]->reset(view);
  }
}

void OpponentModels::observe(const ObservedAction& action) {
  if (action.kind == ObservedAction::Kind::offer && action.offer && action.actor != self_ &&
      action.actor < models_.size())
    models_[action.actor]->update(*action.offer, action.when.time);
}

bool OpponentModels::empty() const {
  for (const auto& m : models_)
    if (m && !m->empty()) return false;
  return true;
}

double OpponentModels::mean(const Outcome& outcome) const {
  double sum = 0.0;
  for (const auto& m : models_)
    if (m) sum += m->estimate(outcome);
  return models_.size() > 1 ? sum / static_cast<double>(models_.size() - 1) : 0.0;
}

double OpponentModels::product(const Outcome& outcome) const {
  double p = 1.0;
  for (const auto& m : models_)
    if (m) p *= m->estimate(outcome);
  return p;
}

const PartyModel* OpponentModels::model(std::size_t seat) const {
  return seat < models_.size() ? models_[seat].get() : nullptr;
}

std::size_t best_in_band(const OfferIndex& index, double low, double high, std::size_t limit,
                         const std::function<double(std::size_t)>& score) {
  const auto [first, last] = index.range(low, high);
  if (first >= last) return index.nearest(low);
  const std::size_t count = last - first;
  const std::size_t samples = std::min(count, limit);
  std::size_t best = first;
  double best_score = -1.0;
  for (std::size_t s = 0; s < samples; ++s) {
    const std::size_t entry = samples == 1 ? first : first + (count - 1) * s / (samples - 1);
    const double value = score(entry);
    if (value > best_score) {
      best_score = value;
      best = entry;
    }
  }
  return best;
}

}  // namespace parley::agents
