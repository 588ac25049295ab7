// build_party()'s hook for a party's `uncertainty` statements (uncertainty.cpp).
#pragma once

#include <memory>
#include <vector>

#include "parley/model/preferences.hpp"
#include "parley/model/uncertainty.hpp"

namespace parley::detail {

// Checks the statements of `party` (already built: its utility and reservation value) and makes
// its PartyUncertainty. `weight_scale` is the number the party's written weights were divided by
// (1 when they were taken as written): weight intervals are in that scale. Throws InputError
// naming the statement (its field, line and column) on any mistake, and for statements that
// cannot all hold, the smallest conflicting set; repairs go to `warnings`.
std::shared_ptr<const PartyUncertainty> build_uncertainty(
    const std::vector<Issue>& issues, const Party& party, const UncertaintyStatements& statements,
    double weight_scale, const PreferenceOrigin& origin, Warnings& warnings);

}  // namespace parley::detail
