#include "io/genius_common.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <new>
#include <set>
#include <stdexcept>
#include <system_error>

#include "parley/model/issue.hpp"
#include "parley/model/limits.hpp"
#include "parley/model/uncertainty.hpp"
#include "support/file_io.hpp"
#include "support/text.hpp"

namespace parley::detail {
namespace fs = std::filesystem;

LineIndex::LineIndex(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') newlines_.push_back(i);
}

long LineIndex::line_of(std::ptrdiff_t offset) const {
  if (offset < 0) return 1;
  const auto position = static_cast<std::size_t>(offset);
  const auto before = std::lower_bound(newlines_.begin(), newlines_.end(), position);
  return static_cast<long>(before - newlines_.begin()) + 1;
}

std::optional<double> parse_double(std::string_view text) {
  const auto begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return std::nullopt;
  const auto end = text.find_last_not_of(" \t\r\n");
  text = text.substr(begin, end - begin + 1);
  if (text.front() == '+') text.remove_prefix(1);  // Java's Double.valueOf accepts "+0.5"
  if (text.empty()) return std::nullopt;
  double value = 0.0;
  const auto [stop, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || stop != text.data() + text.size()) return std::nullopt;
  return value;
}

std::vector<double> normalised_weights(std::vector<double> weights,
                                       const std::vector<std::string>& issue_names,
                                       const std::string& file, std::optional<long> line,
                                       Warnings& warnings) {
  double sum = 0.0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (!std::isfinite(weights[i]) || weights[i] < 0.0)
      throw InputError(file, line, "weight of issue '" + issue_names.at(i) + "'",
                       format_number(weights[i]), "a non-negative finite number");
    sum += weights[i];
  }
  if (!std::isfinite(sum))
    throw InputError(file, line, "weights",
                     "weights whose sum overflows to infinity (each is finite, their sum is not)",
                     "weights whose sum is a finite number (they are divided by it)");
  if (!(sum > 0.0))
    throw InputError(file, line, "weights", "all weights zero",
                     "at least one positive issue weight");
  if (std::fabs(sum - 1.0) > 1e-9) {
    for (auto& w : weights) w /= sum;
    warnings.push_back(file + ": weights: they sum to " + format_number(sum) +
                       "; divided by their sum so that they sum to 1.");
  }
  return weights;
}

double genius_discount(double value, const std::string& file, Warnings& warnings) {
  if (value > 0.0 && value <= 1.0) return value;
  if (value < 0.0 || value > 1.0)
    warnings.push_back(file + ": discount_factor: " + format_number(value) +
                       " is outside (0, 1]; read as 1 (no discount), as GENIUS does.");
  return 1.0;
}

std::vector<std::string> party_names_from_files(const std::vector<std::string>& profiles) {
  std::vector<std::string> names;
  std::set<std::string> taken;
  for (const auto& path : profiles) {
    const std::string stem = fs::path(path).stem().string();
    std::string name = stem.empty() ? std::string("party") : stem;
    for (int copy = 2; !taken.insert(name).second; ++copy) name = stem + "-" + std::to_string(copy);
    names.push_back(name);
  }
  return names;
}

std::string scenario_name_from_domain(const std::string& domain_file) {
  std::error_code ec;
  fs::path absolute = fs::absolute(fs::path(domain_file), ec);
  if (ec) absolute = fs::path(domain_file);
  const std::string folder = absolute.lexically_normal().parent_path().filename().string();
  if (!folder.empty() && folder != "." && folder != "..") return folder;
  return fs::path(domain_file).stem().string();
}

void check_file_names(const Scenario& scenario, const std::string& origin) {
  const auto check = [&origin](const std::string& text, const std::string& field) {
    require_utf8(text, origin, std::nullopt, field);
    require_length(text, limits::max_name_bytes, origin, std::nullopt, field);
  };
  check(scenario.name(), "scenario name (its folder's name)");
  for (std::size_t p = 0; p < scenario.party_count(); ++p)
    check(scenario.party(p).name, "party " + std::to_string(p + 1) + " name (its file's name)");
}

std::string read_scenario_file(const std::string& path) {
  return read_file(path, limits::max_file_bytes);
}

void rethrow_as_load_error(const std::string& path) {
  try {
    throw;
  } catch (const InputError& e) {
    if (!e.file().empty()) throw;
    throw InputError(path, e.line(), e.column(), e.field(), e.found(), e.expected());
  } catch (const Error&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw InputError(path, std::nullopt, "size", "more than the memory available can hold",
                     "a smaller scenario (docs/errors.md, Limits)");
  } catch (const std::length_error&) {
    throw InputError(path, std::nullopt, "size", "a collection too long for memory",
                     "a smaller scenario (docs/errors.md, Limits)");
  } catch (const fs::filesystem_error& e) {
    const std::string where = e.path1().empty() ? path : e.path1().string();
    const int code = e.code().value();
    if (code == ENOENT || code == ENAMETOOLONG || code == ELOOP || code == ENOTDIR)
      throw InputError(where, std::nullopt, "path", e.code().message(),
                       "an existing file or folder with a valid name");
    throw IoError(where, "cannot read", e.code().message());
  } catch (...) {
    throw InputError(path, std::nullopt, "file",
                     "content its parser could not handle (an unexpected parser failure)",
                     "a well-formed scenario file");
  }
}

void create_output_folder(const std::string& out_dir) {
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec || !std::filesystem::is_directory(out_dir))
    throw InputError(out_dir, std::nullopt, "output folder",
                     ec ? ec.message() : std::string("not a folder"),
                     "a folder that can be created");
}

std::string safe_file_stem(std::string_view name) {
  std::string stem;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    const bool bad = u < 0x20 || c == '/' || c == '\\' || c == ':' || c == '*' || c == '?' ||
                     c == '"' || c == '<' || c == '>' || c == '|';
    stem += bad ? '_' : c;
  }
  if (stem.empty() || stem == "." || stem == "..") stem = "unnamed";
  return stem;
}

void warn_uncertainty_not_written(const Scenario& scenario, std::string_view format,
                                  Warnings& warnings) {
  for (const auto& party : scenario.parties())
    if (party.uncertainty)
      warnings.push_back("party '" + party.name + "': its uncertainty (" +
                         std::to_string(party.uncertainty->statements.size()) +
                         " statement(s): parley robust) has no place in " + std::string(format) +
                         "; only its nominal preferences are written (the native format keeps "
                         "it).");
}

std::optional<DecimalParts> decimal_parts(std::string_view text) {
  std::size_t at = 0;
  DecimalParts parts;
  if (at < text.size() && (text[at] == '-' || text[at] == '+')) parts.negative = text[at++] == '-';
  bool point = false, any = false;
  for (; at < text.size(); ++at) {
    const char c = text[at];
    if (c >= '0' && c <= '9') {
      parts.digits += c;
      any = true;
      if (point) --parts.exponent;
    } else if (c == '.' && !point) {
      point = true;
    } else {
      break;
    }
  }
  if (!any) return std::nullopt;
  if (at < text.size() && (text[at] == 'e' || text[at] == 'E')) {
    std::size_t from = at + 1;
    if (from < text.size() && text[from] == '+') ++from;
    long e = 0;
    const auto [end, error] = std::from_chars(text.data() + from, text.data() + text.size(), e);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    parts.exponent += e;
    at = text.size();
  }
  if (at != text.size()) return std::nullopt;
  const std::size_t first = parts.digits.find_first_not_of('0');
  if (first == std::string::npos) return DecimalParts{};
  parts.digits.erase(0, first);
  while (!parts.digits.empty() && parts.digits.back() == '0') {
    parts.digits.pop_back();
    ++parts.exponent;
  }
  return parts;
}

void note_exact_decimal(std::map<double, std::string>& decimals, double value,
                        std::string_view text) {
  const auto written = decimal_parts(text);
  if (!written || written == decimal_parts(format_number(value))) return;
  decimals.emplace(value, std::string(text));
}

}  // namespace parley::detail
