// Helpers shared by the GENIUS XML and GeniusWeb JSON readers and writers (internal to src/io).
// Reading and atomically writing files is support/file_io.hpp's.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parley/model/scenario.hpp"
#include "parley/support/error.hpp"

namespace parley::detail {

// Maps byte offsets of a text to 1-based line numbers (parsers report offsets).
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  long line_of(std::ptrdiff_t offset) const;

 private:
  std::vector<std::size_t> newlines_;
};

// Parses a decimal number (surrounding blanks and a leading '+' allowed, nothing else).
// Returns nullopt when the text is not a number; the result may be non-finite ("nan", "inf").
std::optional<double> parse_double(std::string_view text);

// Issue weights as written in a profile, checked and normalised:
// negative or non-finite weights and all-zero weights are InputErrors; weights whose sum differs
// from 1 by more than 1e-9 are divided by their sum, with a warning. (Sums within 1e-9 are kept
// as written so that writing and reading back gives bit-identical utilities.)
std::vector<double> normalised_weights(std::vector<double> weights,
                                       const std::vector<std::string>& issue_names,
                                       const std::string& file, std::optional<long> line,
                                       Warnings& warnings);

// Discount factor as GENIUS reads it: d <= 0 or d > 1 means no discount (1). Warns when d is
// outside [0, 1] (0 is GENIUS's documented spelling of "no discount").
double genius_discount(double value, const std::string& file, Warnings& warnings);

// Party names from profile file names (stem, made unique with "-2", "-3"... when repeated).
std::vector<std::string> party_names_from_files(const std::vector<std::string>& profiles);

// Scenario name: the name of the folder holding the domain file, or the file's stem.
std::string scenario_name_from_domain(const std::string& domain_file);

// Replaces characters that cannot appear in a file name.
std::string safe_file_stem(std::string_view name);

// The text of a scenario file (native, GENIUS, GeniusWeb): a regular file of at most
// limits::max_file_bytes (support/file_io.hpp's read_file: InputError otherwise).
std::string read_scenario_file(const std::string& path);

// Checks the texts a GENIUS / GeniusWeb scenario took from file and folder names (scenario and
// party names): UTF-8 without NUL bytes, at most limits::max_name_bytes. InputError naming
// `origin`.
void check_file_names(const Scenario& scenario, const std::string& origin);

// Maps what a parser or the standard library throws while loading `path` to parley's documented
// errors (docs/errors.md), from inside a catch block: parley errors pass through, an InputError
// without a file gets `path`; std::bad_alloc and std::length_error become an InputError (too
// large for memory); std::filesystem::filesystem_error an InputError (missing, too long, a loop)
// or IoError; anything else an InputError naming the file, never a library's raw message.
[[noreturn]] void rethrow_as_load_error(const std::string& path);

// load() with rethrow_as_load_error(path) on any exception.
template <class Load>
auto guarded_load(const std::string& path, Load&& load) -> decltype(load()) {
  try {
    return load();
  } catch (...) {
    rethrow_as_load_error(path);
  }
}

// Creates the folder a writer saves into (and its parents); InputError naming it when it cannot
// be a folder.
void create_output_folder(const std::string& out_dir);

// Writers of formats without uncertainty (GENIUS XML, GeniusWeb JSON): one warning per party
// whose preferences carry an `uncertainty` block, saying only the nominal preferences are written.
void warn_uncertainty_not_written(const Scenario& scenario, std::string_view format,
                                  Warnings& warnings);

// A plain decimal number ("-0.0350", "1e-3", "7") as its sign, its significant digits without
// leading or trailing zeros ("" for zero) and the exponent of the last digit: the value is
// (-1)^negative * digits * 10^exponent. nullopt when the text is not such a number.
struct DecimalParts {
  bool negative = false;
  std::string digits;
  long exponent = 0;
  bool operator==(const DecimalParts&) const = default;
};
std::optional<DecimalParts> decimal_parts(std::string_view text);

// Records in `decimals` the decimal `text` a file wrote for `value` when the text says more than
// the double's shortest round-trip form (format_number) does: more significant digits than a
// double holds ("0.363636363636363636"). Exact readings (certificates) take the text from there
// (Party::exact_decimals). Used by every reader that sees a number's text (GENIUS, native).
void note_exact_decimal(std::map<double, std::string>& decimals, double value,
                        std::string_view text);

}  // namespace parley::detail
