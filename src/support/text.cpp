#include "support/text.hpp"

namespace parley::detail {

std::string quoted(std::string_view text, std::size_t limit) {
  if (text.size() > limit) return "'" + std::string(text.substr(0, limit)) + "...'";
  return "'" + std::string(text) + "'";
}

std::string join_names(const std::vector<std::string>& names, std::size_t limit) {
  std::string text;
  for (std::size_t i = 0; i < names.size() && i < limit; ++i) {
    if (i) text += ", ";
    text += names[i];
  }
  if (names.size() > limit) text += ", ... (" + std::to_string(names.size()) + " in all)";
  return text;
}

}  // namespace parley::detail
