#include "parley/error.hpp"

#include <utility>

namespace parley {
namespace {

std::string compose(const std::string& file, const std::optional<long>& line,
                    const std::string& field, const std::string& found,
                    const std::string& expected) {
  std::string message = file.empty() ? std::string("input") : file;
  if (line) message += ":" + std::to_string(*line);
  message += ": ";
  if (!field.empty()) message += field + ": ";
  message += "found " + found + ", expected " + expected;
  return message;
}

}  // namespace

InputError::InputError(std::string file, std::optional<long> line, std::string field,
                       std::string found, std::string expected)
    : Error(compose(file, line, field, found, expected)),
      file_(std::move(file)),
      line_(line),
      field_(std::move(field)),
      found_(std::move(found)),
      expected_(std::move(expected)) {}

}  // namespace parley
