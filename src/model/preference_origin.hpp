// Where a party's preferences were written, for messages: the helpers build_party() and the
// uncertainty statements (uncertainty.cpp) share. A path is relative to the party ({"weights",
// "price"}); a part "[N]" is the N-th entry (1-based) of a list and joins the field without a dot
// ("uncertainty.ratios[2]").
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "parley/model/issue.hpp"
#include "parley/model/preferences.hpp"

namespace parley::detail {

using Path = std::vector<std::string>;

// The first option labels of an issue (at most 13), for "expected one of" messages.
std::vector<std::string> value_names(const Issue& issue);
TextPosition position_of(const PreferenceOrigin& origin, const Path& path, bool key);
std::string field_of(const PreferenceOrigin& origin, const Path& path);
// Fails at the value (or key) written at `at`, naming `field_path` as the field.
[[noreturn]] void fail_at(const PreferenceOrigin& origin, const Path& at, bool key,
                          const Path& field_path, const std::string& found,
                          const std::string& expected);
// The index of the issue named by the last part of `key_at`.
std::size_t issue_index_of(const std::vector<Issue>& issues, const PreferenceOrigin& origin,
                           const Path& key_at, const Path& field_path);
// {issue: option} written at `base`: every issue once.
Outcome read_package(const std::vector<Issue>& issues,
                     const std::vector<std::pair<std::string, std::string>>& entries,
                     const PreferenceOrigin& origin, const Path& base);

// {issue: weight} written at `at`: every issue once, each finite and >= 0, a finite positive sum.
// Returns the weights as written and their sum.
std::pair<std::vector<double>, double> read_weights(const std::vector<Issue>& issues,
                                                    const NamedNumbers& entries,
                                                    const PreferenceOrigin& origin, const Path& at);

}  // namespace parley::detail
