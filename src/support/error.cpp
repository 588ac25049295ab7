#include "parley/support/error.hpp"

#include <utility>

namespace parley {
namespace {

std::string compose(const std::string& file, const std::optional<long>& line,
                    const std::optional<long>& column, const std::string& field,
                    const std::string& found, const std::string& expected) {
  std::string message = file.empty() ? std::string("input") : file;
  if (line) message += ":" + std::to_string(*line);
  if (line && column) message += ":" + std::to_string(*column);
  message += ": ";
  if (!field.empty()) message += field + ": ";
  message += "found " + found + ", expected " + expected;
  return message;
}

}  // namespace

InputError::InputError(std::string file, std::optional<long> line, std::string field,
                       std::string found, std::string expected)
    : InputError(std::move(file), line, std::nullopt, std::move(field), std::move(found),
                 std::move(expected)) {}

InputError::InputError(std::string file, std::optional<long> line, std::optional<long> column,
                       std::string field, std::string found, std::string expected)
    : Error(compose(file, line, column, field, found, expected)),
      file_(std::move(file)),
      line_(line),
      column_(column),
      field_(std::move(field)),
      found_(std::move(found)),
      expected_(std::move(expected)) {}

}  // namespace parley
