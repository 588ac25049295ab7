// Sealed acceptances (include/parley/negotiate/sealed_acceptance.hpp).
#include "parley/negotiate/sealed_acceptance.hpp"

#include <set>

#include "parley/support/error.hpp"

namespace parley {
namespace {

[[noreturn]] void refuse(const std::string& field, const std::string& found,
                         const std::string& expected) {
  throw InputError("sealed acceptances", std::nullopt, field, found, expected);
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  return out.empty() ? "none" : out;
}

}  // namespace

SealedAcceptances::SealedAcceptances(std::size_t parties, std::vector<std::string> items,
                                     QuorumRule rule)
    : parties_(parties), items_(std::move(items)), rule_(std::move(rule)) {
  if (parties_ < 2) refuse("parties", std::to_string(parties_), "at least 2 parties");
  if (items_.empty()) refuse("items", "no item", "at least one item to accept or not");
  std::set<std::string> seen;
  for (const auto& item : items_) {
    if (item.empty()) refuse("items", "an empty label", "a label for every item");
    if (!seen.insert(item).second) refuse("items", "'" + item + "' twice", "distinct labels");
  }
  if (rule_.required < 1 || rule_.required > parties_)
    refuse("rule", std::to_string(rule_.required) + " acceptances required",
           "from 1 to " + std::to_string(parties_));
  for (const auto v : rule_.veto)
    if (v >= parties_)
      refuse("rule", "veto holder " + std::to_string(v),
             "a party below " + std::to_string(parties_));
  marks_.assign(parties_, std::vector<bool>(items_.size(), false));
  marked_.assign(parties_, false);
}

void SealedAcceptances::mark(std::size_t party, const std::vector<std::string>& accepted) {
  if (party >= parties_)
    refuse("party", std::to_string(party), "a party below " + std::to_string(parties_));
  std::vector<bool> marks(items_.size(), false);
  for (const auto& label : accepted) {
    std::size_t k = 0;
    while (k < items_.size() && items_[k] != label) ++k;
    if (k == items_.size()) refuse("items", "'" + label + "'", "one of: " + joined(items_));
    if (marks[k]) refuse("items", "'" + label + "' twice", "each item at most once");
    marks[k] = true;
  }
  marks_[party] = std::move(marks);
  marked_[party] = true;
}

bool SealedAcceptances::marked(std::size_t party) const {
  return party < parties_ && marked_[party];
}

bool SealedAcceptances::everyone_marked() const {
  for (const bool m : marked_)
    if (!m) return false;
  return true;
}

std::vector<std::string> SealedAcceptances::matches() const {
  std::vector<std::string> out;
  std::vector<bool> accepts(parties_);
  for (std::size_t k = 0; k < items_.size(); ++k) {
    for (std::size_t p = 0; p < parties_; ++p) accepts[p] = marks_[p][k];
    if (passes(rule_, accepts)) out.push_back(items_[k]);
  }
  return out;
}

std::string SealedAcceptances::view(std::size_t party) const {
  if (party >= parties_)
    refuse("party", std::to_string(party), "a party below " + std::to_string(parties_));
  std::vector<std::string> mine;
  for (std::size_t k = 0; k < items_.size(); ++k)
    if (marks_[party][k]) mine.push_back(items_[k]);
  return "marks: " + (marked_[party] ? joined(mine) : std::string("not yet")) +
         "; matches: " + joined(matches());
}

std::string SealedAcceptances::view_for_mediator() const {
  std::size_t count = 0;
  for (const bool m : marked_) count += m ? 1 : 0;
  return "marked: " + std::to_string(count) + " of " + std::to_string(parties_) +
         "; matches: " + joined(matches());
}

}  // namespace parley
