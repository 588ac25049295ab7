// One name table per enum, from which both directions come: to_string(value) and parse(text).
//
// Each enum's spellings are written once, as a constexpr EnumTable in its area's
// enum_names.hpp; the area's to_string() reads table.name(value) and every reader of the
// spelling (file readers, CLI options) reads table.parse(text). complete() lets a static_assert
// beside the table catch an enumerator added to the enum but not to the table.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace parley::detail {

template <class Enum>
struct EnumName {
  Enum value;
  const char* name;
};

template <class Enum, std::size_t N>
struct EnumTable {
  std::array<EnumName<Enum>, N> entries;

  static constexpr std::size_t size() noexcept { return N; }

  // The spelling of `value`; `unknown` for a value outside the table (a cast from a bad int).
  constexpr const char* name(Enum value, const char* unknown = "?") const noexcept {
    for (const auto& entry : entries)
      if (entry.value == value) return entry.name;
    return unknown;
  }

  constexpr std::optional<Enum> parse(std::string_view text) const noexcept {
    for (const auto& entry : entries)
      if (text == entry.name) return entry.value;
    return std::nullopt;
  }

  // True when the table holds every enumerator from 0 to `last` exactly once (enums with
  // consecutive values from 0) under distinct names.
  constexpr bool complete(Enum last) const noexcept {
    if (static_cast<std::size_t>(last) + 1 != N) return false;
    for (std::size_t i = 0; i < N; ++i) {
      std::size_t found = 0;
      for (const auto& entry : entries)
        if (static_cast<std::size_t>(entry.value) == i) ++found;
      if (found != 1) return false;
      for (std::size_t j = i + 1; j < N; ++j)
        if (std::string_view(entries[i].name) == entries[j].name) return false;
    }
    return true;
  }
};

// enum_table<Colour>({{Colour::red, "red"}, {Colour::green, "green"}}).
template <class Enum, std::size_t N>
constexpr EnumTable<Enum, N> enum_table(const EnumName<Enum> (&entries)[N]) {
  EnumTable<Enum, N> table{};
  for (std::size_t i = 0; i < N; ++i) table.entries[i] = entries[i];
  return table;
}

}  // namespace parley::detail
