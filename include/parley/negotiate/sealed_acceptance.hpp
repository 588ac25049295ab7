// Sealed acceptances (issue 20 of the mediation service; docs/mechanisms.md): items are put to
// the parties (draft versions, proposals, one mediator's proposal), each party privately marks the
// items it would accept, and a reveal tells everyone only the items whose acceptances pass the
// decision rule (unanimity, or a quorum with veto holders: parley/analysis/quorum.hpp). Nothing
// else comes out: not a one-sided acceptance, not who accepted a passing item, not who refused
// an item that failed.
//
// The mediator's proposal is the case of one item under unanimity: it is revealed as agreed when
// every party said yes; otherwise everyone learns only that it did not pass, never who said no.
//
// The differential property (tested over random secret pairs): what a party is shown
// (`view(party)`) depends only on its own marks and on the matches; when the matches are the same,
// it is the same bytes whatever the other parties marked.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "parley/analysis/quorum.hpp"

namespace parley {

class SealedAcceptances {
 public:
  // `items` labels (distinct, non-empty); `rule` over `parties` parties (required from 1 to
  // parties, veto holders below parties). Throws InputError naming the field ("items", "rule").
  SealedAcceptances(std::size_t parties, std::vector<std::string> items, QuorumRule rule);

  // A party's marks: the items it would accept, by label (replacing its earlier marks; an empty
  // list accepts nothing). Throws InputError naming "party" or "items" (an unknown or repeated
  // label).
  void mark(std::size_t party, const std::vector<std::string>& accepted);
  bool marked(std::size_t party) const;
  bool everyone_marked() const;

  // The items whose acceptances pass the rule, in item order (among the parties that marked;
  // a party that has not marked accepts nothing yet).
  std::vector<std::string> matches() const;

  // What `party` is shown: its own marks and the matches, as canonical text ("marks: a, c;
  // matches: c"). The mediator's view is `view_for_mediator()`: who has marked, and the matches.
  std::string view(std::size_t party) const;
  std::string view_for_mediator() const;

  const std::vector<std::string>& items() const noexcept { return items_; }
  const QuorumRule& rule() const noexcept { return rule_; }

 private:
  std::size_t parties_;
  std::vector<std::string> items_;
  QuorumRule rule_;
  std::vector<std::vector<bool>> marks_;  // [party][item]
  std::vector<bool> marked_;
};

}  // namespace parley
