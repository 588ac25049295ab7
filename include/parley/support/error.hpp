// Error types of parley, following the policy in docs/errors.md:
// exceptions for errors that abort an operation (bad input, impossible requests), values for
// outcomes that are expected (an empty zone of agreement is a result, not an error), assertions
// only for parley's own invariants, never for user input.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace parley {

// Base of every exception parley throws on purpose.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Bad input: names where (file, line, field), what was found and what was expected.
// what() reads "FILE:LINE: FIELD: found FOUND, expected EXPECTED" ("FILE:LINE:COLUMN: ..." when
// the parser gives a column, as compilers and editors expect).
class InputError : public Error {
 public:
  InputError(std::string file, std::optional<long> line, std::string field, std::string found,
             std::string expected);
  InputError(std::string file, std::optional<long> line, std::optional<long> column,
             std::string field, std::string found, std::string expected);

  const std::string& file() const noexcept { return file_; }
  const std::optional<long>& line() const noexcept { return line_; }
  const std::optional<long>& column() const noexcept { return column_; }
  const std::string& field() const noexcept { return field_; }
  const std::string& found() const noexcept { return found_; }
  const std::string& expected() const noexcept { return expected_; }

 private:
  std::string file_;
  std::optional<long> line_;
  std::optional<long> column_;
  std::string field_;
  std::string found_;
  std::string expected_;
};

// A request the library cannot serve for this input (e.g. enumerating 10^40 outcomes),
// with the reason.
class UnsupportedError : public Error {
 public:
  using Error::Error;
};

// The system refused an operation on a file (cannot create, write, sync, rename or read it;
// disk full, read-only folder, a folder where a file was expected...). Not bad input: what()
// reads "PATH: WHAT: OS REASON", and path() names the file.
class IoError : public Error {
 public:
  IoError(std::string path, const std::string& what, const std::string& reason)
      : Error(path + ": " + what + ": " + reason), path_(std::move(path)) {}
  const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
};

// Non-fatal findings of a loader or solver (weights renormalised, values clipped...).
// Each entry is a complete sentence naming the file and field.
using Warnings = std::vector<std::string>;

// An operation stopped because its caller asked it to (FrontierOptions::cancelled returned
// true): not a failure of the input or of parley. Nothing of the stopped operation is returned.
class Cancelled : public Error {
 public:
  using Error::Error;
};

}  // namespace parley
