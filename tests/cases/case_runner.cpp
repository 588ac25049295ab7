// The C++ runner of the worked-case files in tests/cases (format: tests/cases/README.md): one
// parameterised GoogleTest per case file, run through the library facade (parse_native /
// load_scenario + analyse; load_division_table / division_instance_from_scenario + divide) and
// compared field by field with the file's `expected:` block. The Python runners
// (python/tests/test_cases.py, tests/cases/run_cli_cases.py) share the same semantics through
// tests/cases/casefile.py.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "parley/analysis/analysis.hpp"
#include "parley/fair/fair_division.hpp"
#include "parley/io/io.hpp"
#include "test_support.hpp"

namespace parley {
namespace {

namespace fs = std::filesystem;
using fair::Rational;
using Labels = std::map<std::string, std::string>;

fs::path cases_dir() { return test::source_dir() / "tests" / "cases"; }

std::vector<fs::path> case_files() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(cases_dir()))
    if (entry.is_regular_file() && entry.path().extension() == ".yaml")
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

// A malformed case file (not a failed comparison).
struct CaseError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Numbers: a number, "A/B" (two decimals), or {value: X, tolerance: T}.
double number(const YAML::Node& node, const std::string& field) {
  if (node.IsMap()) return number(node["value"], field);
  const std::string text = node.IsScalar() ? node.Scalar() : "";
  const auto slash = text.find('/');
  try {
    std::size_t used = 0;
    if (slash != std::string::npos) {
      const double a = std::stod(text.substr(0, slash));
      const double b = std::stod(text.substr(slash + 1), &used);
      return a / b;
    }
    const double value = std::stod(text, &used);
    if (used == text.size()) return value;
  } catch (const std::exception&) {
  }
  throw CaseError(field + ": found '" + text + "', expected a number, 'A/B' or {value, tolerance}");
}

// Exact rationals: an integer, a decimal, or "A/B" of two decimals.
Rational exact(const YAML::Node& node, const std::string& field) {
  const std::string text = node.IsScalar() ? node.Scalar() : "";
  const auto slash = text.find('/');
  if (slash != std::string::npos) {
    const auto a = fair::parse_rational(text.substr(0, slash));
    const auto b = fair::parse_rational(text.substr(slash + 1));
    if (a && b && *b != 0) return *a / *b;
  } else if (const auto value = fair::parse_rational(text)) {
    return *value;
  }
  throw CaseError(field + ": found '" + text + "', expected an exact number ('170/3', 61.5, 4)");
}

std::string expand(std::string text) {
  const auto replace = [&text](const std::string& key, const std::string& value) {
    for (auto at = text.find(key); at != std::string::npos; at = text.find(key))
      text.replace(at, key.size(), value);
  };
  replace("${source}", test::source_dir().string());
  replace("${shared}", test::shared_dir().string());
  return text;
}

class Case {
 public:
  explicit Case(fs::path path) : path_(std::move(path)), root_(YAML::LoadFile(path_.string())) {
    name_ = fs::relative(path_, test::source_dir()).string();
    if (!root_["source"]) throw CaseError(name_ + ": source: found nothing, expected a source");
    if (!root_["expected"]) throw CaseError(name_ + ": expected: found nothing");
    if (root_["tolerance"]) tolerance_ = number(root_["tolerance"], "tolerance");
    if (root_["options"])
      for (const auto& entry : root_["options"]) options_[entry.first.Scalar()] = entry.second;
  }
  const std::string& name() const { return name_; }
  const YAML::Node& root() const { return root_; }
  YAML::Node expected() const { return root_["expected"]; }
  // An option of the case, when given.
  std::optional<YAML::Node> option(const std::string& key) const {
    const auto at = options_.find(key);
    if (at == options_.end()) return std::nullopt;
    return at->second;
  }
  double tolerance() const { return tolerance_; }

  // A path of the case: ${source}/..., ${shared}/..., or relative to the case file's folder.
  fs::path resolve(const std::string& text) const {
    fs::path path = expand(text);
    if (path.is_relative()) path = path_.parent_path() / path;
    return path;
  }
  bool needs_missing_corpus(const std::string& text) const {
    return text.find("${shared}") != std::string::npos && !fs::exists(resolve(text));
  }

 private:
  fs::path path_;
  YAML::Node root_;
  std::string name_;
  double tolerance_ = 1e-9;
  std::map<std::string, YAML::Node> options_;
};

// Collects the comparisons; each failure names the case file and the field.
class Checker {
 public:
  explicit Checker(const Case& c) : case_(c) {}
  template <typename T, typename U>
  void equal(const std::string& field, const T& found, const U& expected) {
    ++checked_;
    EXPECT_TRUE(found == expected)
        << case_.name() << ": " << field << ": found " << ::testing::PrintToString(found)
        << ", expected " << ::testing::PrintToString(expected) << " (C++)";
  }
  void close(const std::string& field, double found, const YAML::Node& spec, double floor = 0) {
    ++checked_;
    const double want = number(spec, field);
    double tolerance = case_.tolerance();
    if (spec.IsMap() && spec["tolerance"]) tolerance = number(spec["tolerance"], field);
    tolerance = std::max(tolerance, floor);
    EXPECT_TRUE(std::isfinite(found) && std::abs(found - want) <= tolerance)
        << case_.name() << ": " << field << ": found " << ::testing::PrintToString(found)
        << ", expected " << want << " within " << tolerance << " (C++)";
  }
  void rational(const std::string& field, const Rational& found, const YAML::Node& spec) {
    ++checked_;
    const Rational want = exact(spec, field);
    EXPECT_EQ(found, want) << case_.name() << ": " << field << ": found "
                           << fair::format_rational(found) << ", expected "
                           << fair::format_rational(want) << " (C++)";
  }
  void fail(const std::string& field, const std::string& found, const std::string& expected) {
    ++checked_;
    ADD_FAILURE() << case_.name() << ": " << field << ": found " << found << ", expected "
                  << expected << " (C++)";
  }
  std::size_t checked() const { return checked_; }

 private:
  const Case& case_;
  std::size_t checked_ = 0;
};

Labels labels(const YAML::Node& node, const std::string& field) {
  if (!node.IsMap()) throw CaseError(field + ": expected {issue: option, ...}");
  Labels result;
  for (const auto& entry : node) result[entry.first.Scalar()] = entry.second.Scalar();
  return result;
}

Labels labels_of(const Scenario& scenario, const Outcome& outcome) {
  Labels result;
  for (std::size_t i = 0; i < outcome.size(); ++i)
    result[scenario.issue(i).name()] = scenario.issue(i).value_label(outcome[i]);
  return result;
}

// A per-party (per-item) vector written as a list in order or as {name: value}.
template <typename T, typename Compare>
void by_name(Checker& check, const std::string& field, const std::vector<T>& found,
             const YAML::Node& spec, const std::vector<std::string>& names, Compare compare) {
  if (spec.IsMap() && !spec["value"]) {
    for (const auto& entry : spec) {
      const auto name = entry.first.Scalar();
      const auto at = std::find(names.begin(), names.end(), name);
      if (at == names.end()) {
        check.fail(field + "." + name, "no such name", "one of the parties / items");
        continue;
      }
      compare(field + "." + name, found[static_cast<std::size_t>(at - names.begin())],
              entry.second);
    }
    return;
  }
  if (!spec.IsSequence()) throw CaseError(field + ": expected a list or {name: value}");
  check.equal(field + " (length)", found.size(), spec.size());
  for (std::size_t k = 0; k < std::min<std::size_t>(found.size(), spec.size()); ++k)
    compare(field + "[" + std::to_string(k) + "]", found[k], spec[k]);
}

// --- analysis --------------------------------------------------------------------------------

void compare_package(Checker& check, const Scenario& scenario, const std::string& field,
                     const Package& found, const YAML::Node& spec,
                     const std::vector<std::string>& parties) {
  if (spec.IsMap() && (spec["outcome"] || spec["utilities"])) {
    if (spec["outcome"])
      check.equal(field + ".outcome", labels_of(scenario, found.outcome),
                  labels(spec["outcome"], field));
    if (spec["utilities"])
      by_name(check, field + ".utilities", found.utilities, spec["utilities"], parties,
              [&](const std::string& f, double u, const YAML::Node& s) { check.close(f, u, s); });
  } else {
    check.equal(field, labels_of(scenario, found.outcome), labels(spec, field));
  }
}

void run_analysis(const Case& c, Checker& check) {
  const YAML::Node source = c.root()["scenario"];
  Warnings warnings;
  ScenarioPtr scenario;
  if (source.IsScalar()) {
    if (c.needs_missing_corpus(source.Scalar()))
      GTEST_SKIP() << "SKIPPED LOUDLY: " << c.name() << " needs the shared corpus at "
                   << test::shared_dir();
    scenario = load_scenario(c.resolve(source.Scalar()).string(), warnings);
  } else {
    scenario = parse_native(YAML::Dump(source), c.name(), warnings);
  }
  AnalysisOptions options;
  const std::map<std::string, FrontierMethod> methods = {
      {"auto", FrontierMethod::automatic},
      {"enumeration", FrontierMethod::enumeration},
      {"linear-dp", FrontierMethod::linear_dp},
      {"search", FrontierMethod::anytime_search}};
  if (const auto method = c.option("method"))
    options.frontier.method = methods.at(method->Scalar());
  if (const auto tolerance = c.option("tolerance"))
    options.frontier.tolerance = number(*tolerance, "options.tolerance");
  if (const auto seed = c.option("seed"))
    options.seed = options.frontier.seed = seed->as<std::uint64_t>();
  if (const auto budget = c.option("budget")) options.frontier.budget = budget->as<std::uint64_t>();
  // Lotteries are opt-in: on when the case says `lotteries: true` or expects a lottery solution.
  if (const auto lotteries = c.option("lotteries")) options.lotteries = lotteries->as<bool>();
  for (const auto& entry : c.expected()["solutions"])
    if (entry.first.Scalar().ends_with("-lottery")) options.lotteries = true;
  for (const auto& kind : c.expected()["solution_kinds"])
    if (kind.Scalar().ends_with("-lottery")) options.lotteries = true;
  const Analysis analysis = analyse(*scenario, options);

  std::vector<std::string> parties;
  for (std::size_t j = 0; j < scenario->party_count(); ++j)
    parties.push_back(scenario->party(j).name);
  const auto close = [&](const std::string& f, double u, const YAML::Node& s) {
    check.close(f, u, s);
  };
  const auto same_labels = [&](const std::string& f, const Package& p, const YAML::Node& s) {
    check.equal(f, labels_of(*scenario, p.outcome), labels(s, f));
  };
  const YAML::Node expected = c.expected();

  for (const auto& entry : expected["frontier"]) {
    const auto key = entry.first.Scalar();
    const auto field = "expected.frontier." + key;
    const auto& packages = analysis.frontier.packages;
    if (key == "size") {
      check.equal(field, packages.size(), entry.second.as<std::size_t>());
    } else if (key == "method") {
      check.equal(field, std::string(to_string(analysis.frontier.method)), entry.second.Scalar());
    } else if (key == "exact") {
      check.equal(field, analysis.frontier.exact, entry.second.as<bool>());
    } else if (key == "packages") {
      check.equal(field + " (count)", packages.size(), entry.second.size());
      for (std::size_t k = 0; k < std::min<std::size_t>(packages.size(), entry.second.size()); ++k)
        compare_package(check, *scenario, field + "[" + std::to_string(k) + "]", packages[k],
                        entry.second[k], parties);
    } else {
      throw CaseError(c.name() + ": " + field + ": unknown key");
    }
  }
  const auto& zone = analysis.zone;
  for (const auto& entry : expected["zone"]) {
    const auto key = entry.first.Scalar();
    const auto field = "expected.zone." + key;
    if (key == "exists") {
      check.equal(field, zone.exists, entry.second.as<bool>());
    } else if (key == "rational_frontier_size") {
      check.equal(field, zone.rational_frontier.size(), entry.second.as<std::size_t>());
    } else if (key == "rational_count") {
      if (entry.second.IsNull())
        check.equal(field, zone.rational_count.has_value(), false);
      else
        check.equal(field, zone.rational_count.value_or(~std::uint64_t{0}),
                    entry.second.as<std::uint64_t>());
    } else if (key == "share_exact") {
      check.equal(field, zone.share_exact, entry.second.as<bool>());
    } else if (key == "rational_share") {
      check.close(field, zone.rational_share, entry.second);
    } else if (key == "closest_package") {
      if (entry.second.IsNull())
        check.equal(field, zone.closest_package.has_value(), false);
      else if (!zone.closest_package)
        check.fail(field, "none", "a package");
      else
        same_labels(field, *zone.closest_package, entry.second);
    } else if (key == "shortfall") {
      by_name(check, field, zone.shortfall, entry.second, parties, close);
    } else {
      throw CaseError(c.name() + ": " + field + ": unknown key");
    }
  }
  if (const auto kinds = expected["solution_kinds"]) {
    std::vector<std::string> found, want;
    for (const auto& s : analysis.solutions) found.emplace_back(to_string(s.kind));
    for (const auto& k : kinds) want.push_back(k.Scalar());
    check.equal("expected.solution_kinds", found, want);
  }
  for (const auto& entry : expected["solutions"]) {
    const auto kind = entry.first.Scalar();
    const auto field = "expected.solutions." + kind;
    const auto at = std::find_if(analysis.solutions.begin(), analysis.solutions.end(),
                                 [&](const Solution& s) { return kind == to_string(s.kind); });
    if (at == analysis.solutions.end()) {
      check.fail(field, "no such solution", kind);
      continue;
    }
    const Solution& solution = *at;
    for (const auto& item : entry.second) {
      const auto key = item.first.Scalar();
      if (key == "package") {
        check.equal(field + ".packages (count)", solution.packages.size(), std::size_t{1});
        if (!solution.packages.empty())
          same_labels(field + ".package", solution.packages[0], item.second);
      } else if (key == "lottery") {
        check.equal(field + ".packages (count)", solution.packages.size(), item.second.size());
        for (std::size_t k = 0; k < item.second.size(); ++k) {
          const auto f = field + ".lottery[" + std::to_string(k) + "]";
          const Labels want = labels(item.second[k]["package"], f + ".package");
          std::size_t found = solution.packages.size();
          for (std::size_t p = 0; p < solution.packages.size(); ++p)
            if (labels_of(*scenario, solution.packages[p].outcome) == want) found = p;
          if (found == solution.packages.size()) {
            check.fail(f + ".package", "not in the lottery", ::testing::PrintToString(want));
            continue;
          }
          check.close(f + ".probability", solution.probabilities[found],
                      item.second[k]["probability"]);
        }
      } else if (key == "utilities") {
        by_name(check, field + ".utilities", solution.utilities, item.second, parties, close);
      } else if (key == "gains") {
        by_name(check, field + ".gains", solution.gains, item.second, parties, close);
      } else if (key == "criterion") {
        check.close(field + ".criterion", solution.criterion, item.second);
      } else {
        throw CaseError(c.name() + ": " + field + "." + key + ": unknown key");
      }
    }
  }
  const auto& indicators = analysis.indicators;
  for (const auto& entry : expected["indicators"]) {
    const auto key = entry.first.Scalar();
    const auto field = "expected.indicators." + key;
    if (key == "ideal_point") {
      by_name(check, field, indicators.ideal_point, entry.second, parties, close);
    } else if (key == "worst_point") {
      by_name(check, field, indicators.worst_point, entry.second, parties, close);
    } else if (key == "ideal_packages") {
      by_name(check, field, indicators.ideal_packages, entry.second, parties, same_labels);
    } else if (key == "worst_packages") {
      by_name(check, field, indicators.worst_packages, entry.second, parties, same_labels);
    } else if (key == "exact") {
      check.equal(field, indicators.exact, entry.second.as<bool>());
    } else if (key == "opposition") {
      check.close(field, indicators.opposition, entry.second);
    } else {
      throw CaseError(c.name() + ": " + field + ": unknown key");
    }
  }
}

// --- division --------------------------------------------------------------------------------

void run_division(const Case& c, Checker& check) {
  const YAML::Node source = c.root()["division"];
  Warnings warnings;
  fair::DivisionInstance instance;
  if (source.IsScalar()) {
    const auto path = c.resolve(source.Scalar());
    if (path.extension() == ".csv")
      instance = fair::load_division_table(path.string());
    else
      instance =
          fair::division_instance_from_scenario(*load_scenario(path.string(), warnings), warnings);
  } else if (source["table"]) {
    instance = fair::parse_division_table(source["table"].Scalar(), c.name());
  } else if (source["scenario"]) {
    instance = fair::division_instance_from_scenario(
        *parse_native(YAML::Dump(source["scenario"]), c.name(), warnings), warnings);
  } else {
    throw CaseError(c.name() + ": division: expected a path, {table: CSV} or {scenario: ...}");
  }
  fair::DivideOptions options;
  if (const auto rent = c.option("rent")) options.total_rent = exact(*rent, "options.rent");
  const auto method = c.option("method")
                          ? fair::parse_division_method(c.option("method")->Scalar()).value()
                          : fair::default_division_method(instance);
  const fair::Division division = fair::divide(instance, method, options, warnings);

  const auto& agents = instance.agents;
  const auto& items = instance.items;
  const auto rational = [&](const std::string& f, const Rational& r, const YAML::Node& s) {
    check.rational(f, r, s);
  };
  const YAML::Node expected = c.expected();
  if (expected["method"])
    check.equal("expected.method", std::string(fair::to_string(division.method)),
                expected["method"].Scalar());
  if (expected["warnings"])
    check.equal("expected.warnings", warnings.size(), expected["warnings"].as<std::size_t>());
  if (const auto aw_spec = expected["adjusted_winner"]) {
    if (!division.adjusted_winner) {
      check.fail("expected.adjusted_winner", "none", "an Adjusted Winner result");
    } else {
      const auto& aw = *division.adjusted_winner;
      for (const auto& entry : aw_spec) {
        const auto key = entry.first.Scalar();
        const auto field = "expected.adjusted_winner." + key;
        if (key == "initial_totals") {
          by_name(check, field, aw.initial_totals, entry.second, agents, rational);
        } else if (key == "totals") {
          by_name(check, field, aw.totals, entry.second, agents, rational);
        } else if (key == "transfer_order") {
          std::vector<std::string> found, want;
          for (const auto i : aw.transfer_order) found.push_back(items[i]);
          for (const auto& name : entry.second) want.push_back(name.Scalar());
          check.equal(field, found, want);
        } else if (key == "initial_owner") {
          std::vector<std::string> owners;
          for (const auto a : aw.initial_owner) owners.push_back(agents[a]);
          by_name(check, field, owners, entry.second, items,
                  [&](const std::string& f, const std::string& owner, const YAML::Node& s) {
                    check.equal(f, owner, s.Scalar());
                  });
        } else if (key == "split") {
          if (entry.second.IsNull() || entry.second.Scalar() == "none") {
            check.equal(field, aw.split_item.has_value(), false);
          } else if (!aw.split_item) {
            check.fail(field, "no split", entry.second["item"].Scalar());
          } else {
            check.equal(field + ".item", items[*aw.split_item], entry.second["item"].Scalar());
            check.rational(field + ".kept", aw.split_fraction_kept, entry.second["kept"]);
          }
        } else if (key == "shares") {
          by_name(check, field, aw.share_of_first, entry.second, items, rational);
        } else {
          throw CaseError(c.name() + ": " + field + ": unknown key");
        }
      }
    }
  }
  if (const auto spec = expected["allocation"]) {
    if (!division.allocation) {
      check.fail("expected.allocation", "none", "an allocation");
    } else {
      std::vector<std::string> owners;
      for (const auto a : *division.allocation) owners.push_back(agents[a]);
      by_name(check, "expected.allocation", owners, spec, items,
              [&](const std::string& f, const std::string& owner, const YAML::Node& s) {
                check.equal(f, owner, s.Scalar());
              });
    }
  }
  if (const auto spec = expected["utilities"])
    by_name(check, "expected.utilities", division.utilities, spec, agents, rational);
  if (const auto spec = expected["rent"]) {
    if (!division.rent) {
      check.fail("expected.rent", "none", "a rent division");
    } else {
      const auto& rent = *division.rent;
      const auto close = [&](const std::string& f, double u, const YAML::Node& s) {
        check.close(f, u, s);
      };
      for (const auto& entry : spec) {
        const auto key = entry.first.Scalar();
        const auto field = "expected.rent." + key;
        if (key == "total") {
          check.rational(field, rent.total_rent, entry.second);
        } else if (key == "rooms") {
          std::vector<std::string> rooms;
          for (const auto r : rent.room_of_agent) rooms.push_back(items[r]);
          by_name(check, field, rooms, entry.second, agents,
                  [&](const std::string& f, const std::string& room, const YAML::Node& s) {
                    check.equal(f, room, s.Scalar());
                  });
        } else if (key == "prices") {
          by_name(check, field, rent.prices, entry.second, items, close);
        } else if (key == "utilities") {
          by_name(check, field, rent.agent_utilities, entry.second, agents, close);
        } else {
          throw CaseError(c.name() + ": " + field + ": unknown key");
        }
      }
    }
  }
  for (const auto& entry : expected["checks"]) {
    const auto property = entry.first.Scalar();
    std::string verdict = "absent";
    for (const auto& result : division.checks)
      if (result.property == property) verdict = fair::to_string(result.verdict);
    check.equal("expected.checks." + property, verdict, entry.second.Scalar());
  }
}

class WorkedCase : public ::testing::TestWithParam<fs::path> {};

TEST_P(WorkedCase, MatchesExpected) {
  const Case c(GetParam());
  Checker check(c);
  if (c.root()["scenario"])
    run_analysis(c, check);
  else
    run_division(c, check);
  if (!IsSkipped()) {
    EXPECT_GT(check.checked(), 0u) << c.name() << ": expected: nothing was compared";
  }
}

std::string case_name(const ::testing::TestParamInfo<fs::path>& info) {
  auto name = fs::relative(info.param, cases_dir()).replace_extension().string();
  for (auto& ch : name)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Cases, WorkedCase, ::testing::ValuesIn(case_files()), case_name);

}  // namespace
}  // namespace parley
