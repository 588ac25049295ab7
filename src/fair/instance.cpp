// Division instances: exact numbers, the CSV table, the bridge from a Scenario, integer scaling.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <numeric>
#include <set>
#include <sstream>
#include <unordered_set>

#include "fair_internal.hpp"
#include "support/file_io.hpp"
#include "support/text.hpp"

namespace parley::fair {

namespace {

using boost::multiprecision::cpp_int;

std::string lower_case(std::string_view text) {
  std::string out(text);
  for (auto& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return text;
}

cpp_int power_of_ten(unsigned exponent) {
  cpp_int result = 1;
  for (unsigned i = 0; i < exponent; ++i) result *= 10;
  return result;
}

std::optional<Rational> parse_decimal(std::string_view text) {
  std::size_t pos = 0;
  bool negative = false;
  if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) negative = text[pos++] == '-';
  cpp_int mantissa = 0;
  int exponent = 0;
  std::size_t digits = 0;
  for (; pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos])); ++pos, ++digits)
    mantissa = mantissa * 10 + (text[pos] - '0');
  if (pos < text.size() && text[pos] == '.') {
    for (++pos; pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]));
         ++pos, ++digits) {
      mantissa = mantissa * 10 + (text[pos] - '0');
      --exponent;
    }
  }
  if (digits == 0 || digits > 60) return std::nullopt;
  if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
    ++pos;
    bool exponent_negative = false;
    if (pos < text.size() && (text[pos] == '+' || text[pos] == '-'))
      exponent_negative = text[pos++] == '-';
    int written = 0;
    std::size_t exponent_digits = 0;
    for (; pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]));
         ++pos, ++exponent_digits) {
      written = written * 10 + (text[pos] - '0');
      if (written > 60) return std::nullopt;  // values beyond 1e60 are not meaningful here
    }
    if (exponent_digits == 0) return std::nullopt;
    exponent += exponent_negative ? -written : written;
  }
  if (pos != text.size()) return std::nullopt;
  Rational value = exponent >= 0
                       ? Rational(mantissa * power_of_ten(static_cast<unsigned>(exponent)))
                       : Rational(mantissa, power_of_ten(static_cast<unsigned>(-exponent)));
  return negative ? Rational(-value) : value;
}

}  // namespace

std::optional<Rational> parse_rational(std::string_view text) {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return parse_decimal(text);
  const auto numerator = parse_decimal(trim(text.substr(0, slash)));
  const auto denominator = parse_decimal(trim(text.substr(slash + 1)));
  if (!numerator || !denominator || *denominator == 0) return std::nullopt;
  return Rational(*numerator / *denominator);
}

std::string format_rational(const Rational& value) {
  const cpp_int numerator = boost::multiprecision::numerator(value);
  const cpp_int denominator = boost::multiprecision::denominator(value);
  for (unsigned digits = 0; digits <= 6; ++digits) {
    const cpp_int scale = power_of_ten(digits);
    if (scale % denominator != 0) continue;
    cpp_int scaled = numerator * (scale / denominator);
    const bool negative = scaled < 0;
    if (negative) scaled = -scaled;
    std::string text = scaled.str();
    if (digits > 0) {
      if (text.size() <= digits) text.insert(0, digits + 1 - text.size(), '0');
      text.insert(text.size() - digits, ".");
    }
    return negative ? "-" + text : text;
  }
  return numerator.str() + "/" + denominator.str();
}

Rational DivisionInstance::total_value(std::size_t agent) const {
  Rational total = 0;
  for (const auto& v : values.at(agent)) total += v;
  return total;
}

namespace {

// InputError for a name that is not UTF-8 or too long; "" when it is fine.
std::string name_problem(const std::string& name) {
  if (!detail::valid_utf8(name)) return parley::detail::utf8_problem(name);
  if (name.size() > kMaxDivisionNameBytes)
    return "a name of " + std::to_string(name.size()) + " bytes";
  return {};
}

std::string shown_name(const std::string& name) {
  if (!detail::valid_utf8(name)) return "a name that is not UTF-8";
  if (name.size() > 60) return "\"" + name.substr(0, 60) + "...\"";
  return "\"" + name + "\"";
}

// The bit length of the least common multiple of the values' denominators, stopping once it
// exceeds `cap` (so that hostile fractions never build a huge number).
std::size_t denominator_bits(const DivisionInstance& instance, std::size_t cap) {
  cpp_int common = 1;
  for (const auto& row : instance.values)
    for (const auto& v : row) {
      const cpp_int& d = boost::multiprecision::denominator(v);
      if (d == 1 || common % d == 0) continue;
      if (boost::multiprecision::msb(d) + 1 > cap) return boost::multiprecision::msb(d) + 1;
      common = common / boost::multiprecision::gcd(common, d) * d;
      if (boost::multiprecision::msb(common) + 1 > cap)
        return boost::multiprecision::msb(common) + 1;
    }
  return boost::multiprecision::msb(common) + 1;
}

}  // namespace

void validate(const DivisionInstance& instance) {
  const auto& origin = instance.origin.empty() ? std::string("division") : instance.origin;
  if (instance.agents.size() < 2)
    throw InputError(origin, std::nullopt, "parties", std::to_string(instance.agents.size()),
                     "at least two parties");
  if (instance.agents.size() > kMaxDivisionParties)
    throw InputError(origin, std::nullopt, "parties", std::to_string(instance.agents.size()),
                     "at most " + std::to_string(kMaxDivisionParties) + " parties");
  if (instance.items.empty())
    throw InputError(origin, std::nullopt, "items", "no item", "at least one item to divide");
  if (instance.items.size() > kMaxDivisionItems)
    throw InputError(origin, std::nullopt, "items", std::to_string(instance.items.size()),
                     "at most " + std::to_string(kMaxDivisionItems) + " items");
  if (instance.items.size() * instance.agents.size() > kMaxDivisionCells)
    throw InputError(origin, std::nullopt, "values",
                     std::to_string(instance.agents.size()) + " parties x " +
                         std::to_string(instance.items.size()) + " items",
                     "at most " + std::to_string(kMaxDivisionCells) + " values in all");
  std::unordered_set<std::string> seen;
  for (const auto& agent : instance.agents) {
    if (const auto problem = name_problem(agent); !problem.empty())
      throw InputError(
          origin, std::nullopt, "parties", problem,
          "UTF-8 names of at most " + std::to_string(kMaxDivisionNameBytes) + " bytes");
    if (agent.empty() || !seen.insert(lower_case(agent)).second)
      throw InputError(origin, std::nullopt, "parties", shown_name(agent),
                       "non-empty party names, each used once");
  }
  seen.clear();
  for (const auto& item : instance.items) {
    if (const auto problem = name_problem(item); !problem.empty())
      throw InputError(
          origin, std::nullopt, "items", problem,
          "UTF-8 names of at most " + std::to_string(kMaxDivisionNameBytes) + " bytes");
    if (item.empty() || !seen.insert(item).second)
      throw InputError(origin, std::nullopt, "items", shown_name(item),
                       "non-empty item names, each used once");
  }
  if (instance.values.size() != instance.agents.size())
    throw InputError(origin, std::nullopt, "values",
                     std::to_string(instance.values.size()) + " rows",
                     "one row of values per party");
  for (std::size_t a = 0; a < instance.values.size(); ++a) {
    if (instance.values[a].size() != instance.items.size())
      throw InputError(origin, std::nullopt, "values of " + instance.agents[a],
                       std::to_string(instance.values[a].size()) + " values",
                       std::to_string(instance.items.size()) + " (one per item)");
    for (std::size_t i = 0; i < instance.items.size(); ++i)
      if (instance.values[a][i] < 0)
        throw InputError(origin, std::nullopt,
                         "value of " + instance.items[i] + " to " + instance.agents[a],
                         format_rational(instance.values[a][i]), "a non-negative number");
  }
  if (const auto bits = denominator_bits(instance, kMaxDivisionDenominatorBits);
      bits > kMaxDivisionDenominatorBits)
    throw InputError(
        origin, std::nullopt, "values",
        "fractions whose common denominator has at least " + std::to_string(bits) + " bits",
        "a common denominator of at most " + std::to_string(kMaxDivisionDenominatorBits) +
            " bits (round the values to fewer decimals)");
}

namespace {

// Splits one CSV line; fields may be double-quoted ("" inside quotes is a quote).
std::vector<std::string> split_csv(std::string_view line, const std::string& origin, long number) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char ch = line[i];
    if (quoted) {
      if (ch == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (ch == '"') {
        quoted = false;
      } else {
        fields.back() += ch;
      }
    } else if (ch == '"') {
      quoted = true;
    } else if (ch == ',') {
      fields.emplace_back();
    } else {
      fields.back() += ch;
    }
  }
  if (quoted)
    throw InputError(origin, number, "line", "an unterminated quoted field",
                     "a closing double quote");
  for (auto& field : fields) field = std::string(trim(field));
  return fields;
}

// What a cell that is not a number should have been: says why numbers are refused when the
// cell looks like one (non-finite, too many digits, too large an exponent).
std::string expected_number(const std::string& cell) {
  const auto lower = lower_case(cell);
  if (lower.find("nan") != std::string::npos || lower.find("inf") != std::string::npos)
    return "a finite non-negative number";
  const bool numeric = !cell.empty() &&
                       cell.find_first_not_of("0123456789+-.eE/ ") == std::string::npos &&
                       cell.find_first_of("0123456789") != std::string::npos;
  if (numeric)
    return "a non-negative number of at most 60 digits with an exponent of at most 60 "
           "(and no zero denominator)";
  return "a non-negative number";
}

}  // namespace

DivisionInstance parse_division_table(const std::string& text, const std::string& origin) {
  if (text.size() > kMaxDivisionTableBytes)
    throw InputError(origin, std::nullopt, "table", std::to_string(text.size()) + " bytes",
                     "at most " + std::to_string(kMaxDivisionTableBytes) + " bytes");
  DivisionInstance instance;
  instance.origin = origin;
  std::unordered_set<std::string> item_names;
  std::istringstream stream(text);
  std::string line;
  long number = 0;
  bool have_header = false;
  while (std::getline(stream, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // UTF-8 BOM
    const auto trimmed = trim(line);
    if (trimmed.empty() || trimmed.front() == '#') continue;
    parley::detail::require_utf8(trimmed, origin, number, "line");
    auto fields = split_csv(trimmed, origin, number);
    if (!have_header) {
      const auto first = lower_case(fields[0]);
      if (first == "item" || first == "items")
        instance.kind = TableKind::items;
      else if (first == "room" || first == "rooms")
        instance.kind = TableKind::rooms;
      else
        throw InputError(origin, number, "column 1 of the header", "\"" + fields[0] + "\"",
                         "\"item\" or \"room\"");
      if (fields.size() < 3)
        throw InputError(origin, number, "header", std::to_string(fields.size() - 1) + " party",
                         "at least two party columns after \"" + fields[0] + "\"");
      if (fields.size() - 1 > kMaxDivisionParties)
        throw InputError(origin, number, "header", std::to_string(fields.size() - 1) + " parties",
                         "at most " + std::to_string(kMaxDivisionParties) + " party columns");
      std::set<std::string> names;
      for (std::size_t c = 1; c < fields.size(); ++c) {
        if (fields[c].size() > kMaxDivisionNameBytes)
          throw InputError(origin, number, "column " + std::to_string(c + 1) + " of the header",
                           "a name of " + std::to_string(fields[c].size()) + " bytes",
                           "at most " + std::to_string(kMaxDivisionNameBytes) + " bytes");
        if (fields[c].empty() || !names.insert(lower_case(fields[c])).second)
          throw InputError(origin, number, "column " + std::to_string(c + 1) + " of the header",
                           "\"" + fields[c] + "\"", "a party name, each used once");
        instance.agents.push_back(fields[c]);
      }
      instance.values.resize(instance.agents.size());
      have_header = true;
      continue;
    }
    if (fields.size() != instance.agents.size() + 1)
      throw InputError(origin, number, "row", std::to_string(fields.size()) + " columns",
                       std::to_string(instance.agents.size() + 1) +
                           " columns (the item name, then one number per party)");
    if (fields[0].empty())
      throw InputError(origin, number, "column 1", "an empty item name", "the item's name");
    if (fields[0].size() > kMaxDivisionNameBytes)
      throw InputError(origin, number, "column 1",
                       "a name of " + std::to_string(fields[0].size()) + " bytes",
                       "at most " + std::to_string(kMaxDivisionNameBytes) + " bytes");
    if (!item_names.insert(fields[0]).second)
      throw InputError(origin, number, "column 1", "\"" + fields[0] + "\" a second time",
                       "each item once");
    if (instance.items.size() >= kMaxDivisionItems ||
        (instance.items.size() + 1) * instance.agents.size() > kMaxDivisionCells)
      throw InputError(origin, number, "row",
                       "more than " + std::to_string(instance.items.size()) + " items for " +
                           std::to_string(instance.agents.size()) + " parties",
                       "at most " + std::to_string(kMaxDivisionItems) + " items and " +
                           std::to_string(kMaxDivisionCells) + " values in all");
    instance.items.push_back(fields[0]);
    for (std::size_t c = 1; c < fields.size(); ++c) {
      const auto field = instance.agents[c - 1] + "'s value for " + fields[0];
      const auto column = static_cast<long>(c + 1);
      const auto value = parse_rational(fields[c]);
      if (!value)
        throw InputError(origin, number, column, field, detail::quoted_cell(fields[c]),
                         expected_number(fields[c]));
      if (*value < 0)
        throw InputError(origin, number, column, field,
                         fields[c].size() <= 60 ? fields[c] : fields[c].substr(0, 60) + "...",
                         "a non-negative number");
      instance.values[c - 1].push_back(*value);
    }
  }
  if (!have_header)
    throw InputError(origin, std::nullopt, "header", "an empty table",
                     "a header `item,<party1>,<party2>...` or `room,...`");
  if (instance.items.empty())
    throw InputError(origin, std::nullopt, "items", "no item rows",
                     "at least one row after the header");
  validate(instance);
  return instance;
}

DivisionInstance load_division_table(const std::string& path) {
  return parse_division_table(parley::detail::read_file(path), path);
}

namespace {

// Option index of each party in an item issue, or nullopt when the issue is not an item.
std::optional<std::vector<ValueIndex>> party_options(const Scenario& scenario, const Issue& issue) {
  if (issue.kind() != IssueKind::categorical) return std::nullopt;
  if (issue.options().size() != scenario.party_count()) return std::nullopt;
  std::vector<ValueIndex> option_of_party(scenario.party_count());
  std::vector<bool> matched(scenario.party_count(), false);
  for (std::size_t o = 0; o < issue.options().size(); ++o) {
    const auto name = lower_case(issue.options()[o].name);
    bool found = false;
    for (std::size_t p = 0; p < scenario.party_count(); ++p) {
      if (!matched[p] && lower_case(scenario.party(p).name) == name) {
        matched[p] = true;
        option_of_party[p] = static_cast<ValueIndex>(o);
        found = true;
        break;
      }
    }
    if (!found) return std::nullopt;
  }
  return option_of_party;
}

std::string scenario_origin(const Scenario& scenario) {
  return "scenario " + (scenario.name().empty() ? std::string("(unnamed)") : scenario.name());
}

}  // namespace

bool is_division_scenario(const Scenario& scenario, std::string* reason) {
  if (scenario.issue_count() == 0) {
    if (reason) *reason = "the scenario has no issue";
    return false;
  }
  for (const auto& issue : scenario.issues()) {
    if (!party_options(scenario, issue)) {
      if (reason)
        *reason = "issue \"" + issue.name() +
                  "\" is not an item: its options are not exactly the party names";
      return false;
    }
  }
  return true;
}

DivisionInstance division_instance_from_scenario(const Scenario& scenario, Warnings& warnings) {
  const auto origin = scenario_origin(scenario);
  std::string reason;
  if (!is_division_scenario(scenario, &reason))
    throw InputError(origin, std::nullopt, "issues", reason,
                     "every issue categorical with the party names as options (\"who gets X\")");
  DivisionInstance instance;
  instance.origin = origin;
  for (const auto& party : scenario.parties()) instance.agents.push_back(party.name);
  for (const auto& issue : scenario.issues()) instance.items.push_back(issue.name());
  const std::size_t party_count = scenario.party_count();
  const std::size_t item_count = scenario.issue_count();
  instance.values.assign(party_count, {});
  for (std::size_t p = 0; p < party_count; ++p) {
    const auto* linear = scenario.party(p).utility->as_linear_additive();
    if (linear == nullptr)
      throw UnsupportedError(origin + ": party " + scenario.party(p).name + " has a " +
                             scenario.party(p).utility->kind_name() +
                             " utility; fair division needs linear-additive preferences");
    std::vector<double> gains(item_count, 0.0);
    for (std::size_t i = 0; i < item_count; ++i) {
      const auto options = *party_options(scenario, scenario.issue(i));
      const double own = linear->contribution(i, options[p]);
      double lowest_other = std::numeric_limits<double>::infinity();
      double highest_other = -std::numeric_limits<double>::infinity();
      for (std::size_t q = 0; q < party_count; ++q) {
        if (q == p) continue;
        lowest_other = std::min(lowest_other, linear->contribution(i, options[q]));
        highest_other = std::max(highest_other, linear->contribution(i, options[q]));
      }
      if (highest_other - lowest_other > 1e-12)
        warnings.push_back(origin + ": party " + scenario.party(p).name +
                           " cares which other party gets " + scenario.issue(i).name() +
                           "; fair division is additive, so the least favoured other owner is "
                           "taken as the baseline");
      gains[i] = own - lowest_other;
      if (gains[i] < 0) {
        warnings.push_back(origin + ": party " + scenario.party(p).name +
                           " prefers another party to get " + scenario.issue(i).name() +
                           "; its value for the item is taken as 0");
        gains[i] = 0;
      }
    }
    const double total = std::accumulate(gains.begin(), gains.end(), 0.0);
    if (!(total > 0))
      throw InputError(origin, std::nullopt, "party " + scenario.party(p).name,
                       "no item valued above seeing it go to another party",
                       "a party that wants at least one item");
    // Largest-remainder rounding to 10000 hundredths of a point.
    constexpr std::int64_t units = 10000;
    std::vector<std::int64_t> share(item_count);
    std::vector<double> remainder(item_count);
    std::int64_t given = 0;
    for (std::size_t i = 0; i < item_count; ++i) {
      const double exact = static_cast<double>(units) * gains[i] / total;
      share[i] = static_cast<std::int64_t>(std::floor(exact));
      remainder[i] = exact - static_cast<double>(share[i]);
      given += share[i];
    }
    std::vector<std::size_t> order(item_count);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return remainder[a] > remainder[b]; });
    for (std::size_t k = 0; given < units; ++k, ++given) ++share[order[k % item_count]];
    for (std::size_t i = 0; i < item_count; ++i)
      instance.values[p].push_back(Rational(share[i], 100));
  }
  validate(instance);
  return instance;
}

namespace detail {

bool valid_utf8(std::string_view text) noexcept {
  return !parley::detail::invalid_utf8_offset(text).has_value();
}

std::string quoted_cell(std::string_view text) {
  if (text.size() <= 60) return "\"" + std::string(text) + "\"";
  return "\"" + std::string(text.substr(0, 60)) + "...\" (" + std::to_string(text.size()) +
         " characters)";
}

std::int64_t IntegerValues::total(std::size_t agent) const {
  return std::accumulate(values.at(agent).begin(), values.at(agent).end(), std::int64_t{0});
}

IntegerValues integer_values(const DivisionInstance& instance) {
  cpp_int common = 1;
  for (const auto& row : instance.values)
    for (const auto& v : row) {
      const cpp_int d = boost::multiprecision::denominator(v);
      common = common / boost::multiprecision::gcd(common, d) * d;
    }
  const cpp_int limit = cpp_int(1) << 50;
  IntegerValues result;
  result.scale = Rational(common);
  for (const auto& row : instance.values) {
    std::vector<std::int64_t> scaled;
    cpp_int total = 0;
    for (const auto& v : row) {
      const cpp_int n =
          boost::multiprecision::numerator(v) * (common / boost::multiprecision::denominator(v));
      total += n;
      if (total > limit)
        throw UnsupportedError(instance.origin +
                               ": the values need a common denominator too large for exact "
                               "integer arithmetic (round them to fewer decimals)");
      scaled.push_back(n.convert_to<std::int64_t>());
    }
    result.values.push_back(std::move(scaled));
  }
  return result;
}

std::string readable(const Rational& value) {
  const auto exact = format_rational(value);
  if (exact.find('/') == std::string::npos) return exact;
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.2f", value.convert_to<double>());
  return exact + " (about " + buffer + ")";
}

std::string bundle_text(const DivisionInstance& instance, const Allocation& allocation,
                        std::size_t agent) {
  std::string text = "{";
  bool first = true;
  for (std::size_t i = 0; i < allocation.size(); ++i) {
    if (allocation[i] != agent) continue;
    if (!first) text += ", ";
    text += instance.items[i];
    first = false;
  }
  return text + "}";
}

}  // namespace detail

}  // namespace parley::fair
