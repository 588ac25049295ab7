// GENIUS XML scenarios: one negotiation_template domain file plus one utility_space profile per
// party. Semantics follow GENIUS 10.4 (genius.core.utility.AdditiveUtilitySpace, Evaluator*,
// NonlinearUtilitySpace) as summarised in ../shared/docs/genius-format.md.
#include <pugixml.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include "io/genius_common.hpp"
#include "parley/io/io.hpp"
#include "parley/model/limits.hpp"
#include "parley/model/preferences.hpp"
#include "parley/model/uncertainty.hpp"
#include "support/file_io.hpp"
#include "support/random.hpp"
#include "support/text.hpp"

namespace parley {
namespace {
namespace fs = std::filesystem;
using detail::LineIndex;

// One parsed XML file, with what is needed to say where an element is.
struct XmlFile {
  std::string path;
  std::string text;
  LineIndex lines{std::string_view()};
  pugi::xml_document doc;
  // Numbers written with more digits than a double holds (Party::exact_decimals).
  mutable std::map<double, std::string> decimals;

  long line(pugi::xml_node node) const { return lines.line_of(node.offset_debug()); }
};

[[noreturn]] void fail(const XmlFile& file, pugi::xml_node node, std::string field,
                       std::string found, std::string expected) {
  throw InputError(file.path, node ? std::optional<long>(file.line(node)) : std::nullopt,
                   std::move(field), std::move(found), std::move(expected));
}

std::unique_ptr<XmlFile> parse_xml(const std::string& path) {
  auto file = std::make_unique<XmlFile>();
  file->path = path;
  file->text = detail::read_scenario_file(path);
  file->lines = LineIndex(file->text);
  const pugi::xml_parse_result result =
      file->doc.load_buffer(file->text.data(), file->text.size(), pugi::parse_default);
  if (!result)
    throw InputError(path, file->lines.line_of(result.offset), "XML", result.description(),
                     "well-formed XML");
  if (!file->doc.document_element())
    throw InputError(path, std::nullopt, "XML", "no root element", "a GENIUS XML document");
  return file;
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Text from the file in quotes, escaped and cut as every message quotes untrusted text.
std::string in_quotes(std::string_view text) { return detail::quoted(text, 200); }

std::optional<double> optional_number(const XmlFile& file, pugi::xml_node node, const char* name,
                                      const std::string& field) {
  const pugi::xml_attribute attribute = node.attribute(name);
  if (!attribute) return std::nullopt;
  const auto value = detail::parse_double(attribute.value());
  if (!value) fail(file, node, field, in_quotes(attribute.value()), "a number");
  if (!std::isfinite(*value))
    fail(file, node, field, in_quotes(attribute.value()), "a finite number");
  detail::note_exact_decimal(file.decimals, *value, attribute.value());
  return value;
}

double required_number(const XmlFile& file, pugi::xml_node node, const char* name,
                       const std::string& field) {
  const auto value = optional_number(file, node, name, field);
  if (!value)
    fail(file, node, field, "no '" + std::string(name) + "' attribute on <" + node.name() + ">",
         "a number");
  return *value;
}

std::int64_t required_integer(const XmlFile& file, pugi::xml_node node, const char* name,
                              const std::string& field) {
  const double value = required_number(file, node, name, field);
  if (value != std::floor(value) || std::fabs(value) > 4.0e18)
    fail(file, node, field, in_quotes(node.attribute(name).value()), "an integer");
  return static_cast<std::int64_t>(value);
}

// Children of a utility_space, walking nested objectives: issues, weights and objectives in
// document order.
struct Tree {
  std::vector<pugi::xml_node> issues;
  std::vector<pugi::xml_node> weights;
  std::vector<pugi::xml_node> objectives;
};

// Objectives nested deeper than this are refused (GENIUS domains nest one or two).
constexpr int kMaxObjectiveDepth = limits::max_depth;

// Walked with an explicit stack (a file may nest objectives 50,000 deep), in document order.
void collect_tree(const XmlFile& file, pugi::xml_node parent, Tree& tree) {
  struct Level {
    pugi::xml_node next;
    int depth;
  };
  std::vector<Level> stack{{parent.first_child(), 1}};
  while (!stack.empty()) {
    Level& level = stack.back();
    const pugi::xml_node child = level.next;
    if (!child) {
      stack.pop_back();
      continue;
    }
    level.next = child.next_sibling();
    if (child.type() != pugi::node_element) continue;
    const std::string_view name = child.name();
    if (name == "issue") {
      tree.issues.push_back(child);
    } else if (name == "weight") {
      tree.weights.push_back(child);
    } else if (name == "objective") {
      if (level.depth >= kMaxObjectiveDepth)
        fail(file, child, "objective",
             "objectives nested more than " + std::to_string(kMaxObjectiveDepth) + " levels deep",
             "at most " + std::to_string(kMaxObjectiveDepth) + " levels of <objective>");
      tree.objectives.push_back(child);
      const int depth = level.depth + 1;
      stack.push_back({child.first_child(), depth});  // `level` may dangle from here on
    }
  }
}

// The first element named `name` below `node`, in document order (an explicit stack: no
// recursion on untrusted depth).
pugi::xml_node find_descendant(pugi::xml_node node, std::string_view name) {
  std::vector<pugi::xml_node> stack{node.first_child()};
  while (!stack.empty()) {
    const pugi::xml_node child = stack.back();
    if (!child) {
      stack.pop_back();
      continue;
    }
    stack.back() = child.next_sibling();
    if (child.type() != pugi::node_element) continue;
    if (name == child.name()) return child;
    stack.push_back(child.first_child());
  }
  return {};
}

// ---------------------------------------------------------------------------------------------
// Domain

struct GeniusDomain {
  std::vector<Issue> issues;
  std::vector<std::int64_t> indices;                // GENIUS `index` of each issue
  std::map<std::int64_t, std::size_t> position_of;  // index -> position in `issues`
  std::set<std::int64_t> objective_indices;

  std::string index_list() const {
    std::string text;
    for (auto index : indices) text += (text.empty() ? "" : ", ") + std::to_string(index);
    return "one of the domain's issue indices (" + text + ")";
  }
};

IssueKind issue_kind(const XmlFile& file, pugi::xml_node node, const std::string& name) {
  std::string unknown;
  for (const char* attribute : {"etype", "vtype", "type"}) {
    const pugi::xml_attribute a = node.attribute(attribute);
    if (!a) continue;
    const std::string kind = lowercase(a.value());
    if (kind == "discrete") return IssueKind::categorical;
    if (kind == "integer") return IssueKind::integer;
    if (kind == "real") return IssueKind::real;
    if (unknown.empty()) unknown = a.value();
  }
  if (!unknown.empty())
    fail(file, node, "issue '" + name + "' type", in_quotes(unknown), "discrete, integer or real");
  if (node.child("item")) return IssueKind::categorical;
  if (node.child("range")) return IssueKind::real;
  if (node.attribute("lowerbound")) return IssueKind::integer;
  fail(file, node, "issue '" + name + "' type", "no etype/type/vtype attribute, items or bounds",
       "discrete, integer or real");
}

// Issue factories report errors without a file: add where the issue was written.
template <class Make>
Issue located_issue(const XmlFile& file, pugi::xml_node node, Make make) {
  try {
    Issue issue = make();
    issue.check_texts();  // names and descriptions: UTF-8, lengths
    return issue;
  } catch (const InputError& e) {
    throw InputError(file.path, file.line(node), e.field(), e.found(), e.expected());
  }
}

// Bounds are attributes of the issue (integer) or of its <range> child (real); accept either.
std::pair<pugi::xml_node, pugi::xml_node> bound_holders(pugi::xml_node issue) {
  pugi::xml_node range = issue.child("range");
  pugi::xml_node lower = issue.attribute("lowerbound") ? issue : range;
  pugi::xml_node upper = issue.attribute("upperbound") ? issue : range;
  if (range && range.attribute("lowerbound")) lower = range;
  if (range && range.attribute("upperbound")) upper = range;
  return {lower ? lower : issue, upper ? upper : issue};
}

Issue read_issue(const XmlFile& file, pugi::xml_node node, const LoadOptions& options) {
  const std::string name = node.attribute("name").value();
  if (name.empty()) fail(file, node, "issue name", "an issue without a name", "a non-empty name");
  const std::string description = node.attribute("description").value();
  const std::string field = "issue '" + name + "'";
  switch (issue_kind(file, node, name)) {
    case IssueKind::categorical: {
      std::vector<Option> options_list;
      for (pugi::xml_node item : node.children("item")) {
        const pugi::xml_attribute value = item.attribute("value");
        if (!value) fail(file, item, field + " item", "an item without a value", "value=\"...\"");
        if (*value.value() == '\0')
          fail(file, item, field + " item", "an empty value", "a non-empty value name");
        options_list.push_back(Option{value.value(), item.attribute("description").value()});
      }
      if (options_list.empty()) fail(file, node, field + " items", "no item", "at least one item");
      return located_issue(file, node, [&] {
        return Issue::categorical(name, std::move(options_list), description);
      });
    }
    case IssueKind::integer: {
      const auto [lower_node, upper_node] = bound_holders(node);
      const auto lower = required_integer(file, lower_node, "lowerbound", field + " lowerbound");
      const auto upper = required_integer(file, upper_node, "upperbound", field + " upperbound");
      return located_issue(file, node,
                           [&] { return Issue::integer(name, lower, upper, description); });
    }
    case IssueKind::real: {
      const auto [lower_node, upper_node] = bound_holders(node);
      const double lower = required_number(file, lower_node, "lowerbound", field + " lowerbound");
      const double upper = required_number(file, upper_node, "upperbound", field + " upperbound");
      // "steps" is parley's own attribute (written by save_genius; GENIUS ignores it).
      std::uint32_t steps = options.real_steps;
      if (pugi::xml_node range = node.child("range"); range && range.attribute("steps")) {
        const auto declared = required_integer(file, range, "steps", field + " steps");
        if (declared < 1 || declared > static_cast<std::int64_t>(Issue::max_cardinality))
          fail(file, range, field + " steps", std::to_string(declared),
               "1 to " + std::to_string(Issue::max_cardinality));
        steps = static_cast<std::uint32_t>(declared);
      }
      return located_issue(file, node,
                           [&] { return Issue::real(name, lower, upper, steps, description); });
    }
  }
  fail(file, node, field, "an unknown issue kind", "discrete, integer or real");
}

pugi::xml_node utility_space_of_domain(const XmlFile& file) {
  const pugi::xml_node root = file.doc.document_element();
  const std::string_view root_name = root.name();
  if (root_name == "utility_space") return root;  // a profile also lists the issues
  if (root_name != "negotiation_template")
    fail(file, root, "root element", in_quotes(root_name), "negotiation_template");
  const pugi::xml_node space = root.child("utility_space");
  if (!space) fail(file, root, "utility_space", "none", "a <utility_space> holding the issues");
  return space;
}

GeniusDomain read_domain(const XmlFile& file, const LoadOptions& options) {
  const pugi::xml_node space = utility_space_of_domain(file);
  Tree tree;
  collect_tree(file, space, tree);
  GeniusDomain domain;
  for (pugi::xml_node objective : tree.objectives)
    if (objective.attribute("index"))
      domain.objective_indices.insert(
          required_integer(file, objective, "index", "objective index"));
  for (pugi::xml_node node : tree.issues) {
    const std::string name = node.attribute("name").value();
    const auto index = required_integer(file, node, "index", "issue '" + name + "' index");
    if (!domain.position_of.emplace(index, domain.issues.size()).second)
      fail(file, node, "issue '" + name + "' index", "index " + std::to_string(index) + " twice",
           "distinct issue indices");
    domain.indices.push_back(index);
    domain.issues.push_back(read_issue(file, node, options));
  }
  if (domain.issues.empty())
    fail(file, space, "issues", "none", "at least one <issue> in the objective");
  return domain;
}

// ---------------------------------------------------------------------------------------------
// Profiles

// Profile issues by domain position; checks that each names a domain issue.
std::vector<pugi::xml_node> profile_issue_nodes(const XmlFile& file, const Tree& tree,
                                                const GeniusDomain& domain) {
  std::vector<pugi::xml_node> nodes(domain.issues.size());
  for (pugi::xml_node node : tree.issues) {
    const std::string name = node.attribute("name").value();
    const auto index = required_integer(file, node, "index", "issue '" + name + "' index");
    const auto found = domain.position_of.find(index);
    if (found == domain.position_of.end())
      fail(file, node, "issue index",
           "unknown issue index " + std::to_string(index) + " ('" + name + "')",
           domain.index_list());
    if (nodes[found->second])
      fail(file, node, "issue index", "issue index " + std::to_string(index) + " twice",
           "each issue once");
    nodes[found->second] = node;
  }
  return nodes;
}

// GENIUS EvaluatorDiscrete: an item without an evaluation, or a value with no item, evaluates to
// 0; an item listed twice keeps its last evaluation. Both are reported as warnings here.
ValueFunction categorical_function(const XmlFile& file, pugi::xml_node node, const Issue& issue,
                                   Warnings& warnings) {
  const std::string field = "issue '" + issue.name() + "'";
  const std::string where = file.path + ":" + std::to_string(file.line(node)) + ": " + field;
  std::vector<double> scores(issue.cardinality(), 0.0);
  std::vector<bool> seen(issue.cardinality(), false);
  for (pugi::xml_node item : node.children("item")) {
    const pugi::xml_attribute value = item.attribute("value");
    if (!value) fail(file, item, field + " item", "an item without a value", "value=\"...\"");
    const auto position = issue.find_value(value.value());
    if (!position)
      fail(file, item, field + " item", "unknown value " + in_quotes(value.value()),
           "one of the domain's values for this issue");
    const std::string item_field = field + " item " + in_quotes(value.value()) + " evaluation";
    const auto score = optional_number(file, item, "evaluation", item_field);
    if (!score) continue;
    if (*score < 0.0)
      fail(file, item, item_field, format_number(*score), "a non-negative evaluation");
    if (seen[*position])
      warnings.push_back(file.path + ":" + std::to_string(file.line(item)) + ": " + field +
                         ": value " + in_quotes(value.value()) +
                         " is evaluated twice; the last evaluation is used, as GENIUS does.");
    seen[*position] = true;
    scores[*position] = *score;
  }
  std::vector<std::string> missing;
  for (std::uint32_t v = 0; v < issue.cardinality(); ++v)
    if (!seen[v]) missing.push_back(in_quotes(issue.value_label(v)));
  if (!missing.empty())
    warnings.push_back(where + ": no evaluation for " + detail::join_names(missing, 20) +
                       "; read as 0.");
  return ValueFunction::from_scores(std::move(scores));
}

ValueFunction missing_evaluator(const XmlFile& file, pugi::xml_node node, const Issue& issue,
                                Warnings& warnings) {
  warnings.push_back(file.path + ":" + std::to_string(file.line(node)) + ": issue '" +
                     issue.name() + "': no <evaluator>; its evaluation is read as 0.");
  return ValueFunction::make_constant(0.0);
}

ValueFunction integer_function(const XmlFile& file, pugi::xml_node node, const Issue& issue,
                               Warnings& warnings) {
  const pugi::xml_node evaluator = node.child("evaluator");
  if (!evaluator) return missing_evaluator(file, node, issue, warnings);
  const std::string field = "issue '" + issue.name() + "' evaluator";
  const std::string type = lowercase(evaluator.attribute("ftype").value());
  if ((type == "linear" || type.empty()) && !evaluator.attribute("slope") &&
      evaluator.attribute("parameter1")) {
    // Older files (web_service) give an integer issue the real-issue form.
    warnings.push_back(file.path + ":" + std::to_string(file.line(evaluator)) + ": " + field +
                       ": parameter0/parameter1 instead of offset/slope; read as the real-issue "
                       "form e(x) = parameter1 * x + parameter0, clipped to [0, 1].");
    const double offset = required_number(file, evaluator, "parameter0", field + " parameter0");
    const double slope = required_number(file, evaluator, "parameter1", field + " parameter1");
    return ValueFunction::make_linear(slope, offset, 0.0, true);
  }
  if (type == "linear" || type.empty()) {
    // GENIUS EvaluatorInteger.getEvaluation: e(x) = offset + slope * (x - lowerbound), clipped
    // to [0, 1] (GENIUS 10.4; IntegerDomain-prof1 reaches 1.1 at its upper bound).
    const double slope = required_number(file, evaluator, "slope", field + " slope");
    const double offset = required_number(file, evaluator, "offset", field + " offset");
    const double origin = optional_number(file, node, "lowerbound", field + " lowerbound")
                              .value_or(static_cast<double>(issue.lower_integer()));
    return ValueFunction::make_linear(slope, offset, origin, true);
  }
  if (type == "constant") {
    const auto value = optional_number(file, evaluator, "parameter0", field + " parameter0");
    return ValueFunction::make_constant(
        value ? *value : required_number(file, evaluator, "offset", field + " offset"));
  }
  fail(file, evaluator, field + " ftype", in_quotes(evaluator.attribute("ftype").value()),
       "linear (slope, offset) for an integer issue");
}

ValueFunction real_function(const XmlFile& file, pugi::xml_node node, const Issue& issue,
                            Warnings& warnings) {
  const pugi::xml_node evaluator = node.child("evaluator");
  if (!evaluator) return missing_evaluator(file, node, issue, warnings);
  const std::string field = "issue '" + issue.name() + "' evaluator";
  const std::string type = lowercase(evaluator.attribute("ftype").value());
  auto parameter = [&](int k) {
    const std::string name = "parameter" + std::to_string(k);
    return required_number(file, evaluator, name.c_str(), field + " " + name);
  };
  if (type == "linear") {
    // GENIUS EvaluatorReal: e(x) = parameter1 * x + parameter0, clipped to [0, 1].
    const double offset = parameter(0);
    return ValueFunction::make_linear(parameter(1), offset, 0.0, true);
  }
  if (type == "constant") return ValueFunction::make_constant(parameter(0));
  if (type == "triangular") {
    const double lower = parameter(0), upper = parameter(1), top = parameter(2);
    if (!(lower <= top && top <= upper))
      fail(file, evaluator, field,
           "triangular lower " + format_number(lower) + ", upper " + format_number(upper) +
               ", top " + format_number(top),
           "lower <= top <= upper");
    return ValueFunction::make_triangular(lower, upper, top);
  }
  fail(file, evaluator, field + " ftype", in_quotes(evaluator.attribute("ftype").value()),
       "linear, constant or triangular");
}

std::shared_ptr<const UtilityFunction> linear_profile(const XmlFile& file, const Tree& tree,
                                                      const GeniusDomain& domain,
                                                      Warnings& warnings) {
  const auto nodes = profile_issue_nodes(file, tree, domain);
  const std::size_t n = domain.issues.size();
  std::vector<std::optional<double>> raw_weights(n);
  std::set<std::int64_t> objective_indices = domain.objective_indices;
  for (pugi::xml_node objective : tree.objectives)
    if (objective.attribute("index"))
      objective_indices.insert(required_integer(file, objective, "index", "objective index"));
  pugi::xml_node first_weight;
  for (pugi::xml_node node : tree.weights) {
    const auto index = required_integer(file, node, "index", "weight index");
    const auto found = domain.position_of.find(index);
    if (found == domain.position_of.end()) {
      if (objective_indices.count(index)) continue;  // weight of an objective, not of an issue
      fail(file, node, "weight index", "unknown issue index " + std::to_string(index),
           domain.index_list());
    }
    const std::string field = "weight of issue '" + domain.issues[found->second].name() + "'";
    if (raw_weights[found->second]) fail(file, node, field, "two weights", "one weight");
    const double weight = required_number(file, node, "value", field);
    if (weight < 0.0) fail(file, node, field, format_number(weight), "a non-negative weight");
    raw_weights[found->second] = weight;
    if (!first_weight) first_weight = node;
  }
  std::vector<double> weights;
  std::vector<std::string> names;
  std::vector<ValueFunction> functions;
  const pugi::xml_node root = file.doc.document_element();
  for (std::size_t i = 0; i < n; ++i) {
    const Issue& issue = domain.issues[i];
    if (!nodes[i])
      fail(file, root, "issue '" + issue.name() + "'", "no evaluation of this issue",
           "an <issue index=\"" + std::to_string(domain.indices[i]) + "\"> with its evaluation");
    if (!raw_weights[i])
      fail(file, nodes[i], "weight of issue '" + issue.name() + "'", "none",
           "a <weight index=\"" + std::to_string(domain.indices[i]) + "\" value=...>");
    weights.push_back(*raw_weights[i]);
    names.push_back(issue.name());
    switch (issue.kind()) {
      case IssueKind::categorical:
        functions.push_back(categorical_function(file, nodes[i], issue, warnings));
        break;
      case IssueKind::integer:
        functions.push_back(integer_function(file, nodes[i], issue, warnings));
        break;
      case IssueKind::real:
        functions.push_back(real_function(file, nodes[i], issue, warnings));
        break;
    }
  }
  const std::optional<long> weight_line =
      first_weight ? std::optional<long>(file.line(first_weight)) : std::nullopt;
  std::vector<double> written = weights;
  weights = detail::normalised_weights(std::move(weights), names, file.path, weight_line, warnings);
  if (written == weights) written.clear();
  return std::make_shared<LinearAdditiveUtility>(
      domain.issues, std::move(weights), std::move(functions),
      LinearAdditiveUtility::tabulation_limit, std::move(written));
}

std::string range_text(const HyperRectangle::Bound& b) {
  return "[" + format_number(b.min) + ", " + format_number(b.max) + "]";
}

HyperRectangle read_rectangle(const XmlFile& file, pugi::xml_node node,
                              const GeniusDomain& domain) {
  HyperRectangle rectangle;
  rectangle.utility = required_number(file, node, "utility", "hyperRectangle utility");
  rectangle.weight = optional_number(file, node, "weight", "hyperRectangle weight").value_or(1.0);
  const bool includes = static_cast<bool>(node.child("INCLUDES"));
  const bool excludes = static_cast<bool>(node.child("EXCLUDES"));
  if (includes && excludes)
    fail(file, node, "hyperRectangle", "both INCLUDES and EXCLUDES bounds",
         "one kind of bound per rectangle");
  rectangle.exclusive = excludes;
  for (pugi::xml_node bound : node.children(excludes ? "EXCLUDES" : "INCLUDES")) {
    const std::string field = std::string(bound.name()) + " bound";
    const auto index = required_integer(file, bound, "index", field + " index");
    const auto found = domain.position_of.find(index);
    if (found == domain.position_of.end())
      fail(file, bound, field + " index", "unknown issue index " + std::to_string(index),
           domain.index_list());
    HyperRectangle::Bound b;
    b.issue = found->second;
    b.min = required_number(file, bound, "min", field + " min");
    b.max = required_number(file, bound, "max", field + " max");
    // Refused as the native reader refuses it (fuzz finding F1: accepted here, the scenario
    // could not be written and read back).
    if (b.min > b.max)
      fail(file, bound, field,
           "min > max (" + format_number(b.min) + " > " + format_number(b.max) + ")", "min <= max");
    // Bounds on one issue act as one, their intersection (HyperRectangle::value; to_native
    // merges them): bounds with no common value are refused as min > max is (fuzz finding F3).
    for (const auto& earlier : rectangle.bounds) {
      if (earlier.issue != b.issue) continue;
      const double low = std::max(earlier.min, b.min);
      const double high = std::min(earlier.max, b.max);
      if (low > high)
        fail(file, bound, field,
             "a second bound on issue index " + std::to_string(index) +
                 " with no value in common (" + range_text(earlier) + " and " + range_text(b) + ")",
             "bounds of one issue that overlap");
    }
    rectangle.bounds.push_back(b);
  }
  return rectangle;
}

UtilityNode read_ufun(const XmlFile& file, pugi::xml_node node, const GeniusDomain& domain,
                      int depth) {
  if (depth > limits::max_depth)
    fail(file, node, "ufun",
         "<ufun> nested more than " + std::to_string(limits::max_depth) + " levels deep",
         "at most " + std::to_string(limits::max_depth) + " levels of <ufun>");
  UtilityNode ufun;
  if (const pugi::xml_attribute type = node.attribute("type")) {
    // Kept and written out (to_native): checked as every text read (fuzz finding F2: invalid
    // UTF-8 here was accepted, written, then refused by the native reader).
    ufun.type = type.value();
    detail::require_utf8(ufun.type, file.path, file.line(node), "ufun type");
    detail::require_length(ufun.type, limits::max_name_bytes, file.path, file.line(node),
                           "ufun type");
  }
  ufun.weight = optional_number(file, node, "weight", "ufun weight").value_or(1.0);
  const std::string aggregation = lowercase(node.attribute("aggregation").value());
  if (aggregation == "sum" || aggregation.empty())
    ufun.aggregation = UtilityNode::Aggregation::sum;
  else if (aggregation == "max")
    ufun.aggregation = UtilityNode::Aggregation::max;
  else if (aggregation == "min")
    ufun.aggregation = UtilityNode::Aggregation::min;
  else
    fail(file, node, "ufun aggregation", in_quotes(node.attribute("aggregation").value()),
         "sum, max or min");
  for (pugi::xml_node child : node.children()) {
    const std::string_view name = child.name();
    if (name == "hyperRectangle")
      ufun.rectangles.push_back(read_rectangle(file, child, domain));
    else if (name == "ufun")
      ufun.children.push_back(read_ufun(file, child, domain, depth + 1));
  }
  return ufun;
}

std::shared_ptr<const UtilityFunction> nonlinear_profile(const XmlFile& file,
                                                         const GeniusDomain& domain) {
  const pugi::xml_node root = file.doc.document_element();
  const pugi::xml_node utility = find_descendant(root, "utility");
  if (!utility)
    fail(file, root, "utility", "no <utility> element",
         "a <utility maxutility=...> holding ufun blocks");
  const double max_utility = required_number(file, utility, "maxutility", "utility maxutility");
  if (!(max_utility > 0.0))
    fail(file, utility, "utility maxutility", format_number(max_utility), "a positive number");
  std::vector<UtilityNode> nodes;
  for (pugi::xml_node ufun : utility.children("ufun"))
    nodes.push_back(read_ufun(file, ufun, domain, 1));
  if (nodes.empty()) fail(file, utility, "utility", "no <ufun>", "at least one <ufun>");
  return std::make_shared<HyperRectangleUtility>(domain.issues, std::move(nodes), max_utility);
}

// ---------------------------------------------------------------------------------------------
// GENIUS uncertain profiles (ANAC 2019: genius.core.utility.UncertainAdditiveUtilitySpace). The
// profile holds the true linear-additive utility plus <comparisons>N</comparisons>: GENIUS hands
// the agent only a ranking of N bids drawn at random (the best and the worst bid always among
// them), ordered by that utility. parley keeps that ranking as the party's `ranking` statement
// (docs/robust.md): the weights consistent with it form the party's weight set. The bids are
// drawn with parley's own seeded generator (GENIUS's java.util.Random stream over its own
// enumeration order is not reproduced), the same bids for the same domain, utility and N on
// every machine.

// Bids in a ranking beyond this are refused (each bid is a linear constraint on the weights).
constexpr std::int64_t kMaxRankedBids = 10'000;
// The seed of the bid draw (fixed: GENIUS's fixed_seed, for every profile).
constexpr std::uint64_t kRankingSeed = 2019;

// The text of a child element holding one value (<comparisons> 20 </comparisons>), trimmed;
// nullopt when there is no such child.
std::optional<std::string> child_text(pugi::xml_node parent, const char* name) {
  const pugi::xml_node child = parent.child(name);
  if (!child) return std::nullopt;
  std::string text = child.text().as_string();
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return std::string();
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::int64_t child_count(const XmlFile& file, pugi::xml_node parent, const char* name,
                         std::int64_t fallback) {
  const auto text = child_text(parent, name);
  if (!text) return fallback;
  const auto value = detail::parse_double(*text);
  if (!value || !std::isfinite(*value) || *value != std::floor(*value) || *value < 0.0 ||
      *value > 4.0e18)
    fail(file, parent.child(name), name, in_quotes(*text), "a whole number >= 0");
  return static_cast<std::int64_t>(*value);
}

// `count` distinct packages (all of them when the space is no larger), the best and the worst
// for `utility` among them, ranked best first (ties by option indices).
std::vector<Outcome> ranked_bids(const std::vector<Issue>& issues,
                                 const LinearAdditiveUtility& utility, std::uint64_t count) {
  const std::size_t k = issues.size();
  std::uint64_t size = 1;  // saturated at count + 1
  for (const auto& issue : issues)
    size = size > (count + 1) / issue.cardinality() ? count + 1 : size * issue.cardinality();
  std::set<Outcome> chosen;
  if (size <= count) {
    Outcome outcome(k, 0);
    for (std::uint64_t n = 0; n < size; ++n) {
      chosen.insert(outcome);
      for (std::size_t i = k; i-- > 0;) {
        if (++outcome[i] < issues[i].cardinality()) break;
        outcome[i] = 0;
      }
    }
  } else {
    Outcome best(k), worst(k);
    for (std::size_t i = 0; i < k; ++i) {
      best[i] = utility.best_value(i);
      worst[i] = utility.worst_value(i);
    }
    chosen.insert(best);
    if (count >= 2) chosen.insert(worst);
    std::mt19937_64 random(detail::splitmix64(kRankingSeed ^ count));
    Outcome outcome(k);
    while (chosen.size() < count) {
      for (std::size_t i = 0; i < k; ++i)
        outcome[i] =
            static_cast<ValueIndex>(detail::uniform_below(random, issues[i].cardinality()));
      chosen.insert(outcome);
    }
  }
  std::vector<std::pair<double, Outcome>> ranked;
  ranked.reserve(chosen.size());
  for (const auto& outcome : chosen) ranked.emplace_back(utility.utility(outcome), outcome);
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<Outcome> bids;
  bids.reserve(ranked.size());
  for (auto& entry : ranked) bids.push_back(std::move(entry.second));
  return bids;
}

// The party of an UNCERTAIN profile, with its bid ranking as its uncertainty.
Party with_genius_ranking(const XmlFile& file, const GeniusDomain& domain, Party party,
                          Warnings& warnings) {
  const pugi::xml_node root = file.doc.document_element();
  const auto* linear = party.utility->as_linear_additive();
  if (!linear) return party;
  if (!root.child("comparisons")) {
    warnings.push_back(file.path +
                       ": utility_space type 'UNCERTAIN' without <comparisons>: read as its "
                       "linear-additive utility, with no bid ranking.");
    return party;
  }
  const std::int64_t count = child_count(file, root, "comparisons", 0);
  if (count < 2 || count > kMaxRankedBids)
    fail(file, root.child("comparisons"), "comparisons", std::to_string(count) + " bids",
         "a ranking of 2 to " + std::to_string(kMaxRankedBids) + " bids");
  if (const std::int64_t errors = child_count(file, root, "errors", 0); errors > 0)
    warnings.push_back(file.path + ":" + std::to_string(file.line(root.child("errors"))) +
                       ": errors " + std::to_string(errors) +
                       ": the ranking is kept free of errors (GENIUS does not apply them "
                       "either).");
  const auto bids = ranked_bids(domain.issues, *linear, static_cast<std::uint64_t>(count));
  UncertaintyStatements statements;
  auto& ranking = statements.rankings.emplace_back();
  for (const auto& bid : bids) {
    auto& package = ranking.emplace_back();
    for (std::size_t i = 0; i < bid.size(); ++i)
      package.emplace_back(domain.issues[i].name(), domain.issues[i].value_label(bid[i]));
  }
  if (ranking.size() < 2) return party;  // a space of one package: nothing to rank
  PreferenceOrigin origin;
  origin.source = file.path;
  origin.field = "comparisons";
  try {
    return with_uncertainty(domain.issues, party, statements, origin, warnings);
  } catch (const InputError& e) {
    // A ranking ordered by the profile's own utility always holds; only the size of its weight
    // set can be refused (too many vertices). The profile stays usable without it.
    warnings.push_back(file.path + ": the ranking of " + std::to_string(ranking.size()) +
                       " bids is not kept: " + e.what());
    return party;
  }
}

Party read_profile(const XmlFile& file, const GeniusDomain& domain, std::string name,
                   Warnings& warnings) {
  const pugi::xml_node root = file.doc.document_element();
  if (std::string_view(root.name()) != "utility_space")
    fail(file, root, "root element", in_quotes(root.name()),
         "utility_space (a profile; the domain file comes first)");
  Tree tree;
  collect_tree(file, root, tree);
  const std::string type_text = root.attribute("type").value();
  const std::string type = lowercase(type_text);
  Party party;
  party.name = std::move(name);
  party.source = file.path;
  if (type.empty() || type == "linear" || type == "uncertain") {
    party.utility = linear_profile(file, tree, domain, warnings);
  } else if (type == "nonlinear") {
    profile_issue_nodes(file, tree, domain);  // the issues it names must exist
    party.utility = nonlinear_profile(file, domain);
  } else if (type == "constraint") {
    fail(file, root, "utility_space type", "'constraint' (a rule-based profile, as in Railway)",
         "linear or nonlinear: constraint profiles are not supported");
  } else {
    fail(file, root, "utility_space type", in_quotes(type_text), "linear or nonlinear");
  }
  if (const pugi::xml_node reservation = root.child("reservation")) {
    party.reservation_value = required_number(file, reservation, "value", "reservation value");
    // GENIUS takes any number; the native format refuses values outside the utility range.
    const auto [lower, upper] = walk_away_range(*party.utility);
    if (party.reservation_value < lower || party.reservation_value > upper)
      warnings.push_back(file.path + ": reservation value " +
                         format_number(party.reservation_value) + " is outside [" +
                         format_number(lower) + ", " + format_number(upper) +
                         "], the utilities of this profile; kept as written (as GENIUS does), "
                         "but the native format refuses it.");
  }
  if (const pugi::xml_node discount = root.child("discount_factor")) {
    double value = 1.0;
    if (discount.attribute("value")) {
      value = required_number(file, discount, "value", "discount_factor value");
    } else {
      const pugi::xml_node child = discount.child("value");
      const auto parsed = detail::parse_double(child.text().as_string());
      if (!parsed || !std::isfinite(*parsed))
        fail(file, discount, "discount_factor value", in_quotes(child.text().as_string()),
             "a finite number");
      value = *parsed;
    }
    party.discount_factor = detail::genius_discount(value, file.path, warnings);
  }
  party.exact_decimals = file.decimals;
  if (type == "uncertain") return with_genius_ranking(file, domain, std::move(party), warnings);
  return party;
}

// ---------------------------------------------------------------------------------------------
// Writing

void set(pugi::xml_node node, const char* name, const std::string& value) {
  node.append_attribute(name).set_value(value.c_str());
}

void set_number(pugi::xml_node node, const char* name, double value) {
  set(node, name, format_number(value));
}

// How an issue is written: GENIUS holds only linear integer evaluators (clipped to [0, 1]) and
// linear / constant / triangular real evaluators, so a numeric issue that some party values with a
// table is written as a discrete issue (its values labelled by their numbers).
bool genius_can_hold(const Issue& issue, const LinearAdditiveUtility& utility, std::size_t i) {
  const ValueFunction& f = utility.value_function(i);
  using Kind = ValueFunction::Kind;
  // An analytic issue (millions of values) is checked at its breakpoints: e is monotone
  // between them, so its extremes are there.
  auto within_unit = [&] {
    auto in_unit = [&](ValueIndex v) {
      const double e = utility.value_utility(i, v);
      return e >= 0.0 && e <= 1.0;
    };
    if (!utility.tabulated(i)) {
      const auto& points = utility.breakpoints(i);
      return std::all_of(points.begin(), points.end(), in_unit);
    }
    for (ValueIndex v = 0; v < issue.cardinality(); ++v)
      if (!in_unit(v)) return false;
    return true;
  };
  switch (issue.kind()) {
    case IssueKind::categorical:
      return true;
    case IssueKind::integer:  // GENIUS clips integer evaluations to [0, 1]
      return (f.kind == Kind::linear && f.clip) ||
             ((f.kind == Kind::linear || f.kind == Kind::constant) && within_unit());
    case IssueKind::real:
      return f.kind == Kind::constant || f.kind == Kind::triangular ||
             (f.kind == Kind::linear && (f.clip || within_unit()));
  }
  return false;
}

pugi::xml_node append_issue(pugi::xml_node parent, const Issue& issue, std::size_t position,
                            bool as_discrete) {
  pugi::xml_node node = parent.append_child("issue");
  set(node, "index", std::to_string(position + 1));
  set(node, "name", issue.name());
  if (!issue.description().empty()) set(node, "description", issue.description());
  const char* type = as_discrete                          ? "discrete"
                     : issue.kind() == IssueKind::integer ? "integer"
                                                          : "real";
  set(node, "etype", type);
  set(node, "type", type);
  set(node, "vtype", type);
  if (as_discrete) {
    for (ValueIndex v = 0; v < issue.cardinality(); ++v) {
      pugi::xml_node item = node.append_child("item");
      set(item, "index", std::to_string(v + 1));
      set(item, "value", issue.value_label(v));
      if (issue.kind() == IssueKind::categorical && !issue.options()[v].description.empty())
        set(item, "description", issue.options()[v].description);
    }
  } else if (issue.kind() == IssueKind::integer) {
    set(node, "lowerbound", std::to_string(issue.lower_integer()));
    set(node, "upperbound", std::to_string(issue.upper_integer()));
  } else {
    pugi::xml_node range = node.append_child("range");
    set_number(range, "lowerbound", issue.lower_real());
    set_number(range, "upperbound", issue.upper_real());
    set(range, "steps", std::to_string(issue.cardinality()));
  }
  return node;
}

pugi::xml_node append_objective(pugi::xml_node parent, const std::string& name) {
  pugi::xml_node objective = parent.append_child("objective");
  set(objective, "index", "0");
  set(objective, "etype", "objective");
  set(objective, "type", "objective");
  set(objective, "name", name);
  set(objective, "description", "");
  return objective;
}

void write_discrete_evaluations(pugi::xml_node issue_node, const Issue& issue,
                                const LinearAdditiveUtility& utility, std::size_t i,
                                const std::string& party, Warnings& warnings) {
  const ValueFunction& f = utility.value_function(i);
  const bool scores = f.kind == ValueFunction::Kind::scores;
  std::vector<double> written(issue.cardinality());
  for (ValueIndex v = 0; v < issue.cardinality(); ++v)
    written[v] = scores ? f.table[v] : utility.value_utility(i, v);
  const double best = *std::max_element(written.begin(), written.end());
  if (!scores && best > 0.0 && best != 1.0)
    warnings.push_back("party '" + party + "', issue '" + issue.name() +
                       "': GENIUS divides evaluations by the issue's best one, so this issue's "
                       "utilities (best " +
                       format_number(best) + ") are rescaled to a best of 1.");
  ValueIndex v = 0;
  for (pugi::xml_node item : issue_node.children("item"))
    set_number(item, "evaluation", written[v++]);
}

void write_numeric_evaluator(pugi::xml_node issue_node, const Issue& issue,
                             const ValueFunction& f) {
  pugi::xml_node evaluator = issue_node.append_child("evaluator");
  using Kind = ValueFunction::Kind;
  if (issue.kind() == IssueKind::integer) {
    // GENIUS: e(x) = offset + slope * (x - lowerbound).
    const double lower = static_cast<double>(issue.lower_integer());
    const double slope = f.kind == Kind::linear ? f.slope : 0.0;
    const double offset = f.kind == Kind::linear && f.origin != lower
                              ? f.offset + f.slope * (lower - f.origin)
                              : f.offset;
    set(evaluator, "ftype", "linear");
    set_number(evaluator, "slope", slope);
    set_number(evaluator, "offset", offset);
    return;
  }
  switch (f.kind) {
    case Kind::linear:  // GENIUS: e(x) = parameter1 * x + parameter0
      set(evaluator, "ftype", "linear");
      set_number(evaluator, "parameter0",
                 f.origin != 0.0 ? f.offset - f.slope * f.origin : f.offset);
      set_number(evaluator, "parameter1", f.slope);
      break;
    case Kind::constant:
      set(evaluator, "ftype", "constant");
      set_number(evaluator, "parameter0", f.offset);
      break;
    case Kind::triangular:
      set(evaluator, "ftype", "triangular");
      set_number(evaluator, "parameter0", f.lower);
      set_number(evaluator, "parameter1", f.upper);
      set_number(evaluator, "parameter2", f.top);
      break;
    case Kind::scores:
    case Kind::utilities:
      break;  // tables on numeric issues are written as discrete issues
  }
}

void append_ufun(pugi::xml_node parent, const UtilityNode& node) {
  pugi::xml_node ufun = parent.append_child("ufun");
  set(ufun, "type", node.type);
  set_number(ufun, "weight", node.weight);
  set(ufun, "aggregation", to_string(node.aggregation));
  for (const auto& rectangle : node.rectangles) {
    pugi::xml_node r = ufun.append_child("hyperRectangle");
    // An EXCLUDES rectangle without bounds never applies; GENIUS would read a bound-less
    // rectangle as always applying, so it is written as one worth 0.
    const bool never = rectangle.exclusive && rectangle.bounds.empty();
    set_number(r, "utility", never ? 0.0 : rectangle.utility);
    set_number(r, "weight", rectangle.weight);
    for (const auto& bound : rectangle.bounds) {
      pugi::xml_node b = r.append_child(rectangle.exclusive ? "EXCLUDES" : "INCLUDES");
      set(b, "index", std::to_string(bound.issue + 1));
      set_number(b, "min", bound.min);
      set_number(b, "max", bound.max);
    }
  }
  for (const auto& child : node.children) append_ufun(ufun, child);
}

std::string xml_text(const pugi::xml_document& doc) {
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  return out.str();
}

}  // namespace

ScenarioPtr load_genius(const std::string& domain_file, const std::vector<std::string>& profiles,
                        const LoadOptions& options, Warnings& warnings) {
  if (profiles.size() > limits::max_parties)
    throw InputError(domain_file, std::nullopt, "profiles",
                     std::to_string(profiles.size()) + " profiles",
                     "at most " + std::to_string(limits::max_parties) + " parties");
  const GeniusDomain domain = detail::guarded_load(domain_file, [&] {
    const auto domain_xml = parse_xml(domain_file);
    return read_domain(*domain_xml, options);
  });
  if (domain.issues.size() > limits::max_issues)
    throw InputError(domain_file, std::nullopt, "issues",
                     std::to_string(domain.issues.size()) + " issues",
                     "at most " + std::to_string(limits::max_issues) + " issues");
  const auto names = detail::party_names_from_files(profiles);
  std::vector<Party> parties;
  for (std::size_t p = 0; p < profiles.size(); ++p)
    parties.push_back(detail::guarded_load(profiles[p], [&] {
      const auto profile_xml = parse_xml(profiles[p]);
      return read_profile(*profile_xml, domain, names[p], warnings);
    }));
  auto scenario = detail::guarded_load(domain_file, [&] {
    return std::make_shared<Scenario>(detail::scenario_name_from_domain(domain_file), domain.issues,
                                      std::move(parties), std::string(), domain_file);
  });
  detail::check_file_names(*scenario, domain_file);
  scenario->mutable_metadata()["format"] = "genius";
  scenario->mutable_metadata()["domain"] = domain_file;
  return scenario;
}

std::vector<std::string> save_genius(const Scenario& scenario, const std::string& out_dir,
                                     Warnings& warnings) {
  detail::create_output_folder(out_dir);
  const auto& issues = scenario.issues();
  for (const auto& party : scenario.parties())
    if (!party.utility->as_linear_additive() && !party.utility->as_hyper_rectangle())
      throw UnsupportedError("save_genius: party '" + party.name + "' has a " +
                             party.utility->kind_name() + " utility, which GENIUS XML cannot hold");
  if (scenario.status_quo())
    warnings.push_back("GENIUS has no status quo; the status_quo package (" +
                       scenario.describe(*scenario.status_quo()) +
                       ") is not written (each party's reservation value is).");

  detail::warn_uncertainty_not_written(scenario, "GENIUS XML", warnings);
  std::vector<bool> as_discrete(issues.size());
  for (std::size_t i = 0; i < issues.size(); ++i) {
    as_discrete[i] = issues[i].kind() == IssueKind::categorical;
    for (const auto& party : scenario.parties()) {
      const auto* linear = party.utility->as_linear_additive();
      if (as_discrete[i] || !linear || genius_can_hold(issues[i], *linear, i)) continue;
      if (!linear->tabulated(i))
        throw UnsupportedError(
            "save_genius: issue '" + issues[i].name() + "' has " +
            std::to_string(issues[i].cardinality()) + " values and party '" + party.name +
            "' values it with a function GENIUS cannot hold for " +
            (issues[i].kind() == IssueKind::integer ? "an integer" : "a real") +
            " issue; expected a function GENIUS holds, since a discrete issue is written only "
            "for issues of at most " +
            std::to_string(LinearAdditiveUtility::tabulation_limit) + " values");
      as_discrete[i] = true;
      warnings.push_back("issue '" + issues[i].name() + "': party '" + party.name +
                         "' values it in a form GENIUS cannot hold for a " +
                         to_string(issues[i].kind()) +
                         " issue; written as a discrete issue whose values are its numbers.");
    }
    if (issues[i].has_label())
      warnings.push_back("issue '" + issues[i].name() + "': GENIUS has no place for its label '" +
                         issues[i].label() + "'; only the name is written.");
  }

  const fs::path folder(out_dir);
  const std::string stem = detail::safe_file_stem(scenario.name());
  std::vector<std::string> written;
  std::vector<std::pair<std::string, std::string>> files;  // path, content

  {
    pugi::xml_document doc;
    pugi::xml_node space = doc.append_child("negotiation_template").append_child("utility_space");
    set(space, "number_of_issues", std::to_string(issues.size()));
    pugi::xml_node objective = append_objective(space, scenario.name());
    for (std::size_t i = 0; i < issues.size(); ++i)
      append_issue(objective, issues[i], i, as_discrete[i]);
    files.emplace_back((folder / (stem + "-domain.xml")).string(), xml_text(doc));
  }

  std::set<std::string> taken{stem + "-domain"};
  for (const auto& party : scenario.parties()) {
    pugi::xml_document doc;
    pugi::xml_node space = doc.append_child("utility_space");
    pugi::xml_node objective;
    if (const auto* linear = party.utility->as_linear_additive()) {
      set(space, "type", "linear");
      objective = append_objective(space, scenario.name());
      double weight_sum = 0.0;
      for (std::size_t i = 0; i < issues.size(); ++i) {
        pugi::xml_node node = append_issue(objective, issues[i], i, as_discrete[i]);
        if (as_discrete[i])
          write_discrete_evaluations(node, issues[i], *linear, i, party.name, warnings);
        else
          write_numeric_evaluator(node, issues[i], linear->value_function(i));
        pugi::xml_node weight = objective.append_child("weight");
        set(weight, "index", std::to_string(i + 1));
        set_number(weight, "value", linear->weights()[i]);
        weight_sum += linear->weights()[i];
      }
      if (std::fabs(weight_sum - 1.0) > 1e-9)
        warnings.push_back("party '" + party.name + "': weights sum to " +
                           format_number(weight_sum) +
                           "; GENIUS readers divide them by their sum.");
    } else {
      const auto* rectangles = party.utility->as_hyper_rectangle();
      set(space, "type", "nonlinear");
      objective = append_objective(space, scenario.name());
      for (std::size_t i = 0; i < issues.size(); ++i)
        append_issue(objective, issues[i], i, as_discrete[i]);
      pugi::xml_node utility = space.append_child("utility");
      set_number(utility, "maxutility", rectangles->max_utility());
      for (const auto& node : rectangles->nodes()) append_ufun(utility, node);
    }
    set_number(space.append_child("discount_factor"), "value", party.discount_factor);
    set_number(space.append_child("reservation"), "value", party.reservation_value);

    std::string name = stem + "-" + detail::safe_file_stem(party.name);
    for (int copy = 2; !taken.insert(name).second; ++copy)
      name = stem + "-" + detail::safe_file_stem(party.name) + "-" + std::to_string(copy);
    files.emplace_back((folder / (name + ".xml")).string(), xml_text(doc));
  }

  for (const auto& [path, content] : files) {
    detail::write_file_atomically(path, content, detail::Durability::rebuildable);
    written.push_back(path);
  }
  return written;
}

}  // namespace parley
