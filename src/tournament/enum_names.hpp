// Internal: the spellings of the tournament enums (src/support/enum_table.hpp), shared by the
// spec reader (roles: all | fixed) and the journal writer.
#pragma once

#include "parley/tournament/tournament.hpp"
#include "support/enum_table.hpp"
#include "tournament_internal.hpp"

namespace parley::detail {

inline constexpr auto kRoleModeNames =
    enum_table<RoleMode>({{RoleMode::all, "all"}, {RoleMode::fixed, "fixed"}});
static_assert(kRoleModeNames.complete(RoleMode::fixed));

}  // namespace parley::detail
