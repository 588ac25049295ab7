// The immutable description of a negotiation: issues, parties and their preferences.
//
// A Scenario is built once (by a loader or in code) and then shared read-only, through
// ScenarioPtr, by solvers, sessions, threads and front-ends. It can tell what it is
// (linear-additive or not, size of the space) so that each solver picks an algorithm or says why
// it cannot.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parley/model/issue.hpp"
#include "parley/model/outcome.hpp"
#include "parley/model/utility.hpp"

namespace parley {

struct PartyUncertainty;  // parley/model/uncertainty.hpp

struct Party {
  std::string name;
  std::string description;
  std::shared_ptr<const UtilityFunction> utility;
  // Utility of no agreement (the walk-away point, BATNA), undiscounted.
  double reservation_value = 0.0;
  // The package the reservation value came from, when a format gives one (GeniusWeb).
  std::optional<Outcome> reservation_outcome;
  // Utility is multiplied by discount_factor^t at normalised time t; 1 means no discount.
  double discount_factor = 1.0;
  // Where the preferences came from (file path), for messages.
  std::string source;
  // Free-text notes for people (e.g. why a walk-away value was chosen).
  std::string notes;
  // Decimal texts the party's file wrote with more digits than a double holds, by the double
  // each was read as ("0.363636363636363636"): exact readings (certificates) use the text.
  std::map<double, std::string> exact_decimals;
  // What is not known about these preferences (docs/robust.md); null when they are known exactly.
  // The nominal preferences above are what every other command uses.
  std::shared_ptr<const PartyUncertainty> uncertainty;
};

class Scenario {
 public:
  // Validates: at least two parties, unique issue / party names, every utility present, the
  // status quo (when given) one valid value per issue. Throws InputError naming `origin` (a file
  // or "scenario") when invalid.
  Scenario(std::string name, std::vector<Issue> issues, std::vector<Party> parties,
           std::string description = {}, std::string origin = "scenario",
           std::optional<Outcome> status_quo = std::nullopt);

  const std::string& name() const noexcept { return name_; }
  const std::string& description() const noexcept { return description_; }
  const std::vector<Issue>& issues() const noexcept { return issues_; }
  const std::vector<Party>& parties() const noexcept { return parties_; }
  const Issue& issue(std::size_t i) const { return issues_.at(i); }
  const Party& party(std::size_t i) const { return parties_.at(i); }
  std::size_t issue_count() const noexcept { return issues_.size(); }
  std::size_t party_count() const noexcept { return parties_.size(); }
  const OutcomeSpace& space() const noexcept { return space_; }
  // The status quo: the package that holds today, without any agreement (the native format's
  // `status_quo:`), when the scenario has one. Each party's utility of it is
  // utilities(*status_quo()); a party whose walk-away is `status_quo` has it as reservation value.
  const std::optional<Outcome>& status_quo() const noexcept { return status_quo_; }
  // Extra key/value metadata (format, source folder, ...), for reports.
  const std::map<std::string, std::string>& metadata() const noexcept { return metadata_; }
  std::map<std::string, std::string>& mutable_metadata() noexcept { return metadata_; }

  // Capabilities.
  bool is_linear_additive() const noexcept;  // every party's utility is linear-additive
  bool has_real_issues() const noexcept;     // some issue is discretised from a real range
  // True when the space has at most `limit` outcomes (so enumeration is possible).
  bool can_enumerate(std::uint64_t limit) const noexcept;

  std::optional<std::size_t> find_issue(std::string_view name) const noexcept;
  std::optional<std::size_t> find_party(std::string_view name) const noexcept;

  double utility(std::size_t party, const Outcome& outcome) const {
    return parties_[party].utility->utility(outcome);
  }
  std::vector<double> utilities(const Outcome& outcome) const;
  // "Issue1=value1, Issue2=value2".
  std::string describe(const Outcome& outcome) const;
  // Parses "Issue=value, ..." (every issue once); throws InputError naming `field`.
  Outcome parse_outcome(std::string_view text, std::string_view field = "outcome") const;

 private:
  std::string name_;
  std::string description_;
  std::vector<Issue> issues_;
  std::vector<Party> parties_;
  OutcomeSpace space_;
  std::optional<Outcome> status_quo_;
  std::map<std::string, std::string> metadata_;
};

using ScenarioPtr = std::shared_ptr<const Scenario>;

}  // namespace parley
