// parley-check: the standalone checker of parley's certificates (docs/certificates.md, format
// parley-certificate/1).
//
// Given a scenario (parley's native YAML, GENIUS XML or GeniusWeb JSON) and a certificate, it
// checks that the files are the bytes the certificate names (SHA-256), derives every party's
// additive utility and reservation value from the files itself, compares them with the
// certificate's model, and re-verifies every claim (Pareto-optimal, zone empty, ideal point,
// utilitarian, Nash, Kalai-Smorodinsky, egalitarian, lottery solutions). A proof is a partition
// tree over the issues whose leaves are weighted-sum bounds, each evaluated issue by issue
// (maxw), so a proof about 10^30 packages is checked in time proportional to its size. All
// arithmetic is exact (GMP rationals); decimal text is read exactly ("0.35" is 7/20), never
// through a double.
//
// It shares no code with parley, so that a mistake in the solver cannot hide in its own checker:
// McConnell, Mehlhorn, Naeher & Schweitzer, "Certifying algorithms", Computer Science Review
// 5(2):119-161, 2011. The tree of bounds checked in exact arithmetic follows VIPR (Cheung,
// Gleixner & Steffy, "Verifying integer programming results", IPCO 2017).
// Exit status: 0 no claim rejected; 1 a claim rejected, or the files or the model differ from the
// certificate; 2 an input cannot be read.
#include <gmpxx.h>
#include <openssl/evp.h>
#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace {
namespace fs = std::filesystem;
using Q = mpq_class;
using Vec = std::vector<Q>;
using Package = std::vector<std::size_t>;  // a value index per issue

// Limits against hostile input, parley's own where it has them.
constexpr std::size_t kMaxNumberText = 10'000, kMaxIssues = 10'000, kMaxParties = 1'000;
constexpr std::size_t kMaxOptions = 1'000'000, kMaxJsonDepth = 2 * kMaxIssues + 64;
constexpr long kMaxExponent = 10'000, kMaxIntegerValues = 1L << 24;
constexpr std::uintmax_t kMaxScenarioBytes = 1 << 24;

// An input that cannot be read (exit status 2), and where: file, line when known, field.
struct Unreadable {
  std::string message;
};
struct At {
  std::string file, field;
  long line = 0;
  At operator/(const std::string& key) const {
    return {file, field.empty() ? key : field + "." + key, line};
  }
  At operator[](std::size_t i) const { return {file, field + "[" + std::to_string(i) + "]", line}; }
};
[[noreturn]] void bad(const At& at, const std::string& what) {
  throw Unreadable{at.file + (at.line ? ":" + std::to_string(at.line) : "") + ": " +
                   (at.field.empty() ? "top level" : at.field) + ": " + what};
}

// Untrusted text in a message: cut, control bytes escaped.
std::string quote(const std::string& text) {
  std::string out = "'";
  for (std::size_t i = 0; i < text.size() && i < 80; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != 0x7f)
      out += text[i];
    else
      out += std::string("\\x") + "0123456789abcdef"[c >> 4] + "0123456789abcdef"[c & 15];
  }
  return out + (text.size() > 80 ? "...'" : "'");
}

std::string show(const Q& q) { return q.get_str(); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}

// Certificates write rationals as "p" or "p/q", q > 0.
std::optional<Q> parse_fraction(std::string_view s) {
  if (s.size() > kMaxNumberText) return std::nullopt;
  const bool negative = !s.empty() && s[0] == '-';
  if (negative) s.remove_prefix(1);
  const std::size_t slash = s.find('/');
  const std::string_view num = s.substr(0, slash),
                         den = slash == s.npos ? "1" : s.substr(slash + 1);
  if (!all_digits(num) || !all_digits(den)) return std::nullopt;
  // Base 10 explicitly: GMP's default would read "010" as octal.
  Q q(mpz_class(std::string(num), 10), mpz_class(std::string(den), 10));
  if (q.get_den() == 0) return std::nullopt;
  q.canonicalize();
  return negative ? Q(-q) : q;
}

// A decimal number as scenario files write it ("0.35", "-2", "+.5", "1e-3"), read as the rational
// it denotes: 7/20 for "0.35", never the double nearest to it.
std::optional<Q> parse_decimal(std::string_view s, bool plus = true) {
  if (s.empty() || s.size() > kMaxNumberText) return std::nullopt;
  const bool negative = s[0] == '-';
  if (negative || (plus && s[0] == '+')) s.remove_prefix(1);
  std::string digits;
  long scale = 0;
  std::size_t i = 0;
  for (; i < s.size() && is_digit(s[i]); ++i) digits += s[i];
  if (i < s.size() && s[i] == '.')
    for (++i; i < s.size() && is_digit(s[i]); ++i, --scale) digits += s[i];
  if (digits.empty()) return std::nullopt;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    const bool down = ++i < s.size() && s[i] == '-';
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    if (i == s.size()) return std::nullopt;
    long exponent = 0;
    for (; i < s.size() && is_digit(s[i]); ++i)
      if ((exponent = exponent * 10 + (s[i] - '0')) > kMaxExponent) return std::nullopt;
    scale += down ? -exponent : exponent;
  }
  if (i != s.size()) return std::nullopt;
  mpz_class power;
  mpz_ui_pow_ui(power.get_mpz_t(), 10, static_cast<unsigned long>(std::labs(scale)));
  Q q{mpz_class(digits, 10)};
  if (scale >= 0)
    q *= power;
  else
    q /= power;
  return negative ? Q(-q) : q;
}

std::string_view trimmed(std::string_view s) {
  const auto begin = s.find_first_not_of(" \t\r\n");
  return begin == s.npos ? "" : s.substr(begin, s.find_last_not_of(" \t\r\n") - begin + 1);
}
Q clip(const Q& x) { return x < 0 ? Q(0) : x > 1 ? Q(1) : x; }
Q dot(const Vec& a, const Vec& b) {
  Q s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

// ---- Issues and the utilities the files define ---------------------------------------------

struct Issue {
  std::string name;
  bool integer = false;
  long lower = 0, upper = -1;                   // integer issues: lower, lower + 1, ..., upper
  std::vector<std::string> options;             // categorical issues
  std::map<std::string, std::size_t> position;  // option -> value index

  std::size_t size() const { return integer ? std::size_t(upper - lower + 1) : options.size(); }
  std::string label(std::size_t v) const {
    return integer ? std::to_string(lower + long(v)) : options[v];
  }
  // Integer labels are read as parley reads them: decimal, no '+', an integral value ("3.0").
  std::optional<std::size_t> find(const std::string& text) const {
    if (!integer) {
      const auto it = position.find(text);
      return it == position.end() ? std::nullopt : std::optional<std::size_t>(it->second);
    }
    const auto x = parse_decimal(text, false);
    if (!x || x->get_den() != 1 || *x < lower || *x > upper) return std::nullopt;
    return std::size_t(mpz_class(x->get_num() - lower).get_si());
  }
};

Issue categorical(const std::string& name, std::vector<std::string> options, const At& at) {
  if (name.empty() || options.empty() || options.size() > kMaxOptions)
    bad(at, "expected a name and 1 to 1000000 options");
  Issue issue{name, false, 0, -1, std::move(options), {}};
  for (std::size_t v = 0; v < issue.options.size(); ++v)
    if (!issue.position.emplace(issue.options[v], v).second)
      bad(at, "option " + quote(issue.options[v]) + " twice");
  return issue;
}

Issue integer_issue(const std::string& name, const Q& lower, const Q& upper, const At& at) {
  if (name.empty() || lower.get_den() != 1 || upper.get_den() != 1 || lower > upper ||
      upper - lower >= kMaxIntegerValues || abs(lower) > Q(mpz_class(1) << 62))
    bad(at, "range " + show(lower) + ".." + show(upper) + ", expected 1 to 2^24 whole numbers");
  return Issue{name, true, lower.get_num().get_si(), upper.get_num().get_si(), {}, {}};
}

// A party as its file defines it: value[k][x] = v_k(x), what value x of issue k adds.
struct Party {
  std::string name;
  std::vector<Vec> value;
  Q reservation = 0;
  Q utility(const Package& y) const {
    Q u = 0;
    for (std::size_t k = 0; k < y.size(); ++k) u += value[k][y[k]];
    return u;
  }
};

struct Scenario {
  std::vector<Issue> issues;
  std::map<std::string, std::size_t> index;  // issue name -> position
  std::vector<Party> parties;
  void add(Issue issue, const At& at) {
    if (issues.size() == kMaxIssues || !index.emplace(issue.name, issues.size()).second)
      bad(at, "issue " + quote(issue.name) + " twice, or more than 10000 issues");
    issues.push_back(std::move(issue));
  }
  std::size_t issue(const std::string& name, const At& at) const {
    const auto it = index.find(name);
    if (it == index.end()) bad(at, "unknown issue " + quote(name));
    return it->second;
  }
};

// v_k(x) = w_k e_k(x), the weights divided by their sum S when |S - 1| > tolerance (parley takes
// weights that nearly sum to 1 as written). An issue of weight 0 needs no value function.
std::vector<Vec> additive(const Scenario& s, const std::vector<std::optional<Q>>& weights,
                          const std::vector<std::optional<Vec>>& e, const Q& tolerance,
                          const At& at) {
  Q sum = 0;
  for (std::size_t k = 0; k < s.issues.size(); ++k) {
    if (!weights[k] || *weights[k] < 0) bad(at, "no weight >= 0 for " + quote(s.issues[k].name));
    if (!e[k] && *weights[k] != 0) bad(at, "no value function for " + quote(s.issues[k].name));
    sum += *weights[k];
  }
  if (sum == 0) bad(at, "all weights are zero");
  std::vector<Vec> value(s.issues.size());
  for (std::size_t k = 0; k < s.issues.size(); ++k)
    for (std::size_t x = 0; x < s.issues[k].size(); ++x)
      value[k].push_back(e[k] ? Q(*weights[k] * (*e[k])[x] / (abs(sum - 1) > tolerance ? sum : 1))
                              : Q(0));
  return value;
}

// e(v) = score(v) / the issue's best score (0 everywhere when every score is 0).
Vec by_best_score(Vec scores) {
  const Q best = *std::max_element(scores.begin(), scores.end());
  for (Q& s : scores) s = best > 0 ? Q(s / best) : Q(0);
  return scores;
}

Vec on_integers(const Issue& issue, const std::function<Q(const Q&)>& f) {
  Vec e;
  for (long x = issue.lower; x <= issue.upper; ++x) e.push_back(f(Q(x)));
  return e;
}

// ---- Files ---------------------------------------------------------------------------------

std::string read_file(const fs::path& path, std::uintmax_t limit) {
  const At at{path.string(), "file"};
  std::error_code ec;
  // Regular files only: a FIFO or a device would never end.
  if (!fs::is_regular_file(path, ec)) bad(at, fs::exists(path, ec) ? "not a file" : "no such file");
  const std::uintmax_t size = fs::file_size(path, ec);
  if (ec || size > limit) bad(at, "larger than " + std::to_string(limit) + " bytes");
  std::ifstream in(path, std::ios::binary);
  std::string text(size, '\0');
  if (!in.read(text.data(), std::streamsize(size))) bad(at, "cannot be read");
  return text;
}

std::string sha256(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1)
    throw Unreadable{"SHA-256 failed (OpenSSL)"};
  std::string hex;
  for (unsigned int i = 0; i < length; ++i)
    hex += std::string(1, "0123456789abcdef"[digest[i] >> 4]) + "0123456789abcdef"[digest[i] & 15];
  return hex;
}

// ---- JSON, numbers kept as written ---------------------------------------------------------

// A JSON value. Objects hold their members sorted by key: no order in the files matters.
struct Json {
  enum Kind { null, boolean, number, string, array, object, taken } kind = null;
  std::string key;          // a member's key
  std::string text;         // a string, or a number as written
  std::vector<Json> items;  // array elements, or object members
  // Small objects (and the root while it is read) are searched in full, large ones by key.
  const Json* find(const std::string& k) const {
    if (items.size() <= 16) {
      const auto it =
          std::find_if(items.begin(), items.end(), [&](const Json& j) { return j.key == k; });
      return it != items.end() ? &*it : nullptr;
    }
    const auto it = std::lower_bound(items.begin(), items.end(), k,
                                     [](const Json& j, const std::string& s) { return j.key < s; });
    return it != items.end() && it->key == k ? &*it : nullptr;
  }
};

// Builds a Json from nlohmann's SAX events: number_float hands over the number as written, which
// nlohmann's own double would have rounded.
class JsonBuilder final : public nlohmann::json_sax<nlohmann::json> {
 public:
  explicit JsonBuilder(std::string file) : file_(std::move(file)) {}
  Json root;
  // Called with each element of the root's "claims" as soon as it is read, so that one claim's
  // proof at a time need be in memory (certificates reach hundreds of megabytes).
  std::function<void(Json& claim, std::size_t index)> on_claim;

  bool null() override { return add(Json::null, ""); }
  bool boolean(bool b) override { return add(Json::boolean, b ? "true" : "false"); }
  bool number_integer(number_integer_t x) override { return add(Json::number, std::to_string(x)); }
  bool number_unsigned(number_unsigned_t x) override {
    return add(Json::number, std::to_string(x));
  }
  bool number_float(number_float_t, const string_t& text) override {
    return add(Json::number, text);
  }
  bool string(string_t& s) override { return add(Json::string, std::move(s)); }
  bool binary(binary_t&) override { return false; }
  bool key(string_t& k) override { return (key_ = std::move(k), true); }
  bool start_object(std::size_t) override { return open(Json::object); }
  bool start_array(std::size_t) override { return open(Json::array); }
  bool end_array() override { return (stack_.pop_back(), true); }
  bool end_object() override {
    std::vector<Json>& members = stack_.back()->items;
    std::stable_sort(members.begin(), members.end(),
                     [](const Json& a, const Json& b) { return a.key < b.key; });
    for (std::size_t p = 1; p < members.size(); ++p)
      if (members[p].key == members[p - 1].key)
        bad({file_, "JSON"}, "key " + quote(members[p].key) + " twice in an object");
    stack_.pop_back();
    if (on_claim && stack_.size() == 2 && stack_[0]->kind == Json::object &&
        stack_[1]->kind == Json::array && stack_[1]->key == "claims")
      on_claim(stack_[1]->items.back(), stack_[1]->items.size() - 1);
    return true;
  }
  bool parse_error(std::size_t byte, const std::string&,
                   const nlohmann::detail::exception& e) override {
    bad({file_, "JSON"}, "malformed at byte " + std::to_string(byte) + ": " + e.what());
  }

 private:
  bool add(Json::Kind kind, std::string text) {
    Json& j = stack_.empty() ? root : stack_.back()->items.emplace_back();
    if (!stack_.empty() && stack_.back()->kind == Json::object) j.key = key_;
    j.kind = kind;
    j.text = std::move(text);
    return true;
  }
  bool open(Json::Kind kind) {
    if (stack_.size() >= kMaxJsonDepth) bad({file_, "JSON"}, "nested too deep");
    add(kind, "");
    // The parent's items stay where they are while this child is open: only the child grows.
    stack_.push_back(stack_.empty() ? &root : &stack_.back()->items.back());
    return true;
  }
  std::string file_, key_;
  std::vector<Json*> stack_;
};

Json parse_json(const std::string& file, const std::string& text) {
  JsonBuilder builder(file);
  if (!nlohmann::json::sax_parse(text, &builder)) bad({file, "JSON"}, "malformed");
  return std::move(builder.root);
}

std::string found(const Json& j) {
  static const char* const names[] = {"null",     "a boolean", "a number", "a string",
                                      "an array", "an object", "null"};
  return names[j.kind];
}
const Json& get(const Json& j, const At& at, const std::string& key) {
  if (j.kind != Json::object) bad(at, "expected an object, found " + found(j));
  if (const Json* value = j.find(key)) return *value;
  bad(at / key, "missing");
}
const std::vector<Json>& items(const Json& j, const At& at, std::size_t size = std::string::npos) {
  if (j.kind != Json::array) bad(at, "expected an array, found " + found(j));
  if (size != std::string::npos && j.items.size() != size)
    bad(at, std::to_string(j.items.size()) + " entries, expected " + std::to_string(size));
  return j.items;
}
const std::string& text(const Json& j, const At& at) {
  if (j.kind != Json::string) bad(at, "expected a string, found " + found(j));
  return j.text;
}
Q rational(const Json& j, const At& at) {
  const auto q = parse_fraction(text(j, at));
  if (!q) bad(at, "expected a rational p or p/q (q > 0, at most 10000 characters)");
  return *q;
}
Vec rationals(const Json& j, const At& at, std::size_t size) {
  Vec out;
  for (std::size_t i = 0; i < items(j, at, size).size(); ++i)
    out.push_back(rational(j.items[i], at[i]));
  return out;
}
long whole(const Json& j, const At& at, long low, long high) {
  const std::string_view t = j.text;
  const auto x =
      j.kind == Json::number && all_digits(t.substr(t[0] == '-')) ? parse_decimal(t) : std::nullopt;
  if (!x || *x < low || *x > high)
    bad(at, "expected a whole number from " + std::to_string(low) + " to " + std::to_string(high));
  return x->get_num().get_si();
}
// A number in a GeniusWeb file: a JSON number, or a string holding one.
Q json_decimal(const Json& j, const At& at) {
  const auto x = j.kind == Json::number   ? parse_decimal(j.text)
                 : j.kind == Json::string ? parse_decimal(trimmed(j.text))
                                          : std::nullopt;
  if (!x) bad(at, "expected a number");
  return *x;
}

// ---- Native YAML (docs/scenario-format.md) -------------------------------------------------

// A mapping's fields by key: a missing key reads as an undefined node (and is not added).
struct Fields {
  std::map<std::string, YAML::Node> map;
  YAML::Node operator[](const std::string& key) const {
    const auto it = map.find(key);
    return it == map.end() ? YAML::Node(YAML::NodeType::Undefined) : it->second;
  }
  bool count(const std::string& key) const { return map.count(key) > 0; }
};

[[noreturn]] void bad(const YAML::Node& node, At at, const std::string& what) {
  if (node.IsDefined() && !node.Mark().is_null()) at.line = node.Mark().line + 1;
  bad(at, what);
}
// A mapping's entries, in file order, with distinct scalar keys.
std::vector<std::pair<std::string, YAML::Node>> entries(const YAML::Node& node, const At& at) {
  if (!node.IsMap()) bad(node, at, "expected a mapping");
  std::vector<std::pair<std::string, YAML::Node>> out;
  std::set<std::string> seen;
  for (const auto& entry : node) {
    if (!entry.first.IsScalar() || !seen.insert(entry.first.Scalar()).second)
      bad(entry.first, at, "a key twice, or a key that is not a name");
    out.emplace_back(entry.first.Scalar(), entry.second);
  }
  return out;
}
Fields fields(const YAML::Node& node, const At& at) {
  Fields out;
  for (const auto& [key, value] : entries(node, at)) out.map[key] = value;
  return out;
}
std::string scalar(const YAML::Node& node, const At& at) {
  if (!node.IsDefined() || !node.IsScalar())  // IsDefined first: a missing key's node throws
    bad(node, at, node.IsDefined() ? "expected a scalar" : "missing");
  return node.Scalar();
}
Q number(const YAML::Node& node, const At& at) {
  const auto x = parse_decimal(scalar(node, at));
  if (!x) bad(node, at, "expected a number, found " + quote(node.Scalar()));
  return *x;
}

// {issue: option, ...} naming every issue once.
Package native_package(const YAML::Node& node, const Scenario& s, const At& at) {
  std::vector<std::optional<std::size_t>> chosen(s.issues.size());
  for (const auto& [name, value] : entries(node, at)) {
    const std::size_t k = s.issue(name, at);
    if (!(chosen[k] = s.issues[k].find(scalar(value, at / name))))
      bad(value, at / name, "unknown option " + quote(value.Scalar()));
  }
  Package y;
  for (std::size_t k = 0; k < chosen.size(); ++k) {
    if (!chosen[k]) bad(node, at, "no value for issue " + quote(s.issues[k].name));
    y.push_back(*chosen[k]);
  }
  return y;
}

// scores (divided by the best) or utilities (as written): a number for every option, each once.
Vec native_table(const YAML::Node& node, const Issue& issue, bool scores, const At& at) {
  std::vector<std::optional<Q>> table(issue.size());
  for (const auto& [option, value] : entries(node, at)) {
    const auto v = issue.find(option);
    if (!v || table[*v]) bad(value, at, "unknown option, or an option twice: " + quote(option));
    table[*v] = number(value, at / option);
    if (*table[*v] < 0 || (!scores && *table[*v] > 1)) bad(value, at / option, "out of range");
  }
  Vec out;
  for (std::size_t v = 0; v < table.size(); ++v) {
    if (!table[v]) bad(node, at, "no value for option " + quote(issue.label(v)));
    out.push_back(*table[v]);
  }
  return scores ? by_best_score(out) : out;
}

Vec native_function(const YAML::Node& node, const Issue& issue, const At& at) {
  const auto kinds = entries(node, at);
  if (kinds.size() != 1) bad(node, at, "expected one of linear, triangular, constant");
  const std::string& kind = kinds.front().first;  // not a structured binding: lambdas use it
  const YAML::Node& f = kinds.front().second;
  if (kind == "constant") {
    const Q k = number(f, at / kind);
    return on_integers(issue, [&](const Q&) { return k; });
  }
  const Fields g = fields(f, at / kind);
  const auto need = [&](const char* key) { return number(g[key], at / kind / key); };
  if (kind == "linear") {
    const Q slope = need("slope"), offset = need("offset");
    const Q origin = g.count("origin") ? need("origin") : Q(issue.lower);
    // parley's booleans: true, yes, on / false, no, off, in lower case, Capitalised or UPPER.
    static const std::set<std::string> yes{"true", "True", "TRUE", "yes", "Yes",
                                           "YES",  "on",   "On",   "ON"},
        no{"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"};
    const std::string word = g.count("clip") ? scalar(g["clip"], at / kind / "clip") : "true";
    if (!yes.count(word) && !no.count(word))
      bad(g["clip"], at / kind / "clip", "expected true or false");
    const bool clipped = yes.count(word) > 0;
    return on_integers(issue, [&](const Q& x) {
      const Q e = offset + slope * (x - origin);
      return clipped ? clip(e) : e;
    });
  }
  if (kind != "triangular") bad(node, at, "unknown function " + quote(kind));
  const Q lower = need("lower"), upper = need("upper"), top = need("top");
  if (lower > upper) bad(f, at / kind, "lower > upper");
  // parley's triangle: 0 outside [lower, upper], 1 at top, linear in between.
  return on_integers(issue, [&](const Q& x) {
    if (x < lower || x > upper) return Q(0);
    if (x == top) return Q(1);
    return x < top ? Q((x - lower) / (top - lower)) : Q((upper - x) / (upper - top));
  });
}

Party native_party(const YAML::Node& node, const Scenario& s,
                   const std::optional<Package>& status_quo, const At& where) {
  const Fields f = fields(node, where);
  Party party{scalar(f["name"], where / "name"), {}, 0};
  const At at{where.file, "parties." + party.name};
  if (f.count("rectangles"))
    bad(f["rectangles"], at, "nonlinear (rectangles) profiles are not certified");
  std::vector<std::optional<Q>> weights(s.issues.size());
  for (const auto& [name, value] : entries(f["weights"], at / "weights"))
    weights[s.issue(name, at / "weights")] = number(value, at / "weights" / name);
  std::vector<std::optional<Vec>> e(s.issues.size());
  for (const std::string block : {"scores", "utilities", "functions"}) {
    if (!f.count(block)) continue;
    for (const auto& [name, value] : entries(f[block], at / block)) {
      const std::size_t k = s.issue(name, at / block);
      const Issue& issue = s.issues[k];
      if (e[k] || (block == "functions" && !issue.integer))
        bad(value, at / block / name,
            "a second value function, or a function for a categorical issue");
      e[k] = block == "functions"
                 ? native_function(value, issue, at / block / name)
                 : native_table(value, issue, block == "scores", at / block / name);
    }
  }
  party.value = additive(s, weights, e, Q(1, 1'000'000), at / "weights");
  // walk_away: a number, or status_quo; else the utility of walk_away_package; else 0.
  const YAML::Node walk = f["walk_away"];
  if (walk.IsScalar() && walk.Scalar() == "status_quo") {
    if (!status_quo || f.count("walk_away_package"))
      bad(walk, at / "walk_away",
          "status_quo without a status_quo package, or beside walk_away_package");
    party.reservation = party.utility(*status_quo);
  } else if (f.count("walk_away")) {
    party.reservation = number(walk, at / "walk_away");
  } else if (f.count("walk_away_package")) {
    party.reservation =
        party.utility(native_package(f["walk_away_package"], s, at / "walk_away_package"));
  }
  return party;
}

Scenario read_native(const std::string& file, const std::string& bytes) {
  const At at{file, ""};
  Scenario s;
  try {
    const YAML::Node root = YAML::Load(bytes);
    const Fields f = fields(root, at);
    if (scalar(f["parley"], at / "parley") != "1") bad(f["parley"], at / "parley", "expected 1");
    const YAML::Node issues = f["issues"], parties = f["parties"];
    if (!issues.IsSequence() || !parties.IsSequence() || parties.size() > kMaxParties)
      bad(root, at, "expected lists of issues and parties");
    for (std::size_t i = 0; i < issues.size(); ++i) {
      const At here = (at / "issues")[i];
      const Fields g = fields(issues[i], here);
      const std::string name = scalar(g["name"], here / "name");
      if (g.count("real")) bad(g["real"], here, "real issues are not certified");
      if (g.count("range")) {
        const YAML::Node r = g["range"];
        Vec bounds;
        for (std::size_t b = 0; b < 2 && r.IsSequence() && r.size() == 2; ++b) {
          const std::string t = scalar(r[b], here / "range");
          if (!all_digits(std::string_view(t).substr(t[0] == '+' || t[0] == '-')))
            bad(r, here / "range", "expected whole numbers");
          bounds.push_back(*parse_decimal(t));
        }
        if (bounds.size() != 2) bad(r, here / "range", "expected [lower, upper]");
        s.add(integer_issue(name, bounds[0], bounds[1], here / "range"), here);
        continue;
      }
      const YAML::Node options = g["options"];
      if (!options.IsSequence())
        bad(issues[i], here, "expected options: [...] or range: [lower, upper]");
      std::vector<std::string> names;
      for (std::size_t o = 0; o < options.size(); ++o)
        names.push_back(
            scalar(options[o].IsMap() ? options[o]["name"] : options[o], (here / "options")[o]));
      s.add(categorical(name, std::move(names), here / "options"), here);
    }
    std::optional<Package> status_quo;
    if (f.count("status_quo")) status_quo = native_package(f["status_quo"], s, at / "status_quo");
    for (std::size_t p = 0; p < parties.size(); ++p)
      s.parties.push_back(native_party(parties[p], s, status_quo, (at / "parties")[p]));
  } catch (const YAML::Exception& e) {
    bad(At{file, "YAML", e.mark.is_null() ? 0 : e.mark.line + 1L}, "malformed: " + e.msg);
  }
  return s;
}

// ---- GENIUS XML (../shared/docs/genius-format.md) ------------------------------------------

std::string lowercase(std::string text) {
  for (char& c : text) c = char(std::tolower(static_cast<unsigned char>(c)));
  return text;
}
std::optional<Q> xml_number(pugi::xml_node node, const char* name, const At& at,
                            bool required = false) {
  const pugi::xml_attribute a = node.attribute(name);
  if (!a && !required) return std::nullopt;
  const auto x = parse_decimal(trimmed(a.value()));
  if (!x)
    bad(at, std::string("expected a number in attribute ") + name + " of <" + node.name() + ">");
  return x;
}
Q xml_required(pugi::xml_node node, const char* name, const At& at) {
  return *xml_number(node, name, at, true);
}
long xml_integer(pugi::xml_node node, const char* name, const At& at) {
  const Q x = xml_required(node, name, at);
  if (x.get_den() != 1 || abs(x) > Q(mpz_class(1) << 62))
    bad(at, "expected an integer " + std::string(name));
  return x.get_num().get_si();
}

// The issues, weights and objectives below `parent` in document order, walking nested objectives
// with an explicit stack (no recursion on a hostile depth).
struct XmlTree {
  std::vector<pugi::xml_node> issues, weights;
  std::set<long> objectives;  // objective indices (their weights are not issue weights)
};
XmlTree collect(const pugi::xml_document& doc, const char* root, const std::string& file) {
  pugi::xml_node parent = doc.document_element();
  if (std::string(root) == "negotiation_template" && std::string(parent.name()) == root)
    parent = parent.child("utility_space");  // a domain; a profile also lists the issues
  if (!parent || std::string(parent.name()) != "utility_space")
    bad({file, "root"}, std::string("expected <") + root + ">");
  XmlTree tree;
  std::vector<pugi::xml_node> next{parent.first_child()};
  while (!next.empty()) {
    const pugi::xml_node node = next.back();
    if (!node) {
      next.pop_back();
      continue;
    }
    next.back() = node.next_sibling();
    const std::string_view name = node.name();
    if (name == "issue") tree.issues.push_back(node);
    if (name == "weight") tree.weights.push_back(node);
    if (name == "objective") {
      if (node.attribute("index"))
        tree.objectives.insert(xml_integer(node, "index", {file, "objective"}));
      next.push_back(node.first_child());
    }
  }
  return tree;
}

void parse_xml(pugi::xml_document& doc, const std::string& file, const std::string& bytes) {
  const pugi::xml_parse_result result = doc.load_buffer(bytes.data(), bytes.size());
  if (!result)
    bad({file, "XML"},
        "malformed at byte " + std::to_string(result.offset) + ": " + result.description());
}

struct GeniusDomain {
  Scenario scenario;
  std::map<long, std::size_t> position;  // GENIUS issue index -> issue
  std::set<long> objectives;
};

GeniusDomain read_genius_domain(const std::string& file, const std::string& bytes) {
  pugi::xml_document doc;
  parse_xml(doc, file, bytes);
  const XmlTree tree = collect(doc, "negotiation_template", file);
  GeniusDomain d{{}, {}, tree.objectives};
  for (pugi::xml_node node : tree.issues) {
    const std::string name = node.attribute("name").value();
    const At at{file, "issue " + quote(name)};
    if (!d.position.emplace(xml_integer(node, "index", at), d.scenario.issues.size()).second)
      bad(at, "an issue index twice");
    // The kind: the first of etype, vtype, type naming one, else what the issue holds.
    std::string kind;
    bool named = false;
    for (const char* attribute : {"etype", "vtype", "type"}) {
      const std::string value = lowercase(node.attribute(attribute).value());
      named = named || node.attribute(attribute);
      if (kind.empty() && (value == "discrete" || value == "integer" || value == "real"))
        kind = value;
    }
    if (kind.empty() && !named)
      kind = node.child("item")             ? "discrete"
             : node.child("range")          ? "real"
             : node.attribute("lowerbound") ? "integer"
                                            : "";
    if (kind == "real") bad(at, "real issues are not certified");
    if (kind == "integer") {
      // Bounds are attributes of the issue or of a <range> child; the child's win.
      const pugi::xml_node range = node.child("range");
      const auto holder = [&](const char* bound) { return range.attribute(bound) ? range : node; };
      d.scenario.add(integer_issue(name, xml_required(holder("lowerbound"), "lowerbound", at),
                                   xml_required(holder("upperbound"), "upperbound", at), at),
                     at);
    } else if (kind == "discrete") {
      std::vector<std::string> values;
      for (pugi::xml_node item : node.children("item"))
        if (values.emplace_back(item.attribute("value").value()).empty())
          bad(at, "an item without a value");
      d.scenario.add(categorical(name, std::move(values), at), at);
    } else {
      bad(at / "type", "expected discrete, integer or real");
    }
  }
  if (d.scenario.issues.empty()) bad({file, "issues"}, "no issue");
  return d;
}

Party read_genius_profile(const std::string& file, const std::string& bytes,
                          const GeniusDomain& d) {
  pugi::xml_document doc;
  parse_xml(doc, file, bytes);
  const XmlTree tree = collect(doc, "utility_space", file);
  const std::string type = lowercase(doc.document_element().attribute("type").value());
  if (!type.empty() && type != "linear" && type != "uncertain")
    bad({file, "utility_space type"}, quote(type) + ": only linear profiles are certified");
  const Scenario& s = d.scenario;
  std::vector<pugi::xml_node> nodes(s.issues.size());
  for (pugi::xml_node node : tree.issues) {
    const auto it = d.position.find(xml_integer(node, "index", {file, "issue index"}));
    if (it == d.position.end() || nodes[it->second])
      bad({file, "issue index"}, "not a domain issue, or twice");
    nodes[it->second] = node;
  }
  std::vector<std::optional<Q>> weights(s.issues.size());
  for (pugi::xml_node node : tree.weights) {
    const long index = xml_integer(node, "index", {file, "weight index"});
    const auto it = d.position.find(index);
    if (it == d.position.end() && (d.objectives.count(index) || tree.objectives.count(index)))
      continue;
    if (it == d.position.end() || weights[it->second])
      bad({file, "weight index"}, "not a domain issue, or twice");
    weights[it->second] =
        xml_required(node, "value", {file, "weight of " + quote(s.issues[it->second].name)});
  }
  std::vector<std::optional<Vec>> e(s.issues.size());
  for (std::size_t k = 0; k < s.issues.size(); ++k) {
    const Issue& issue = s.issues[k];
    const At at{file, "issue " + quote(issue.name)};
    if (!nodes[k]) bad(at, "no evaluation of this issue");
    if (!issue.integer) {  // GENIUS: a missing evaluation is 0, a repeated item keeps the last
      Vec scores(issue.size());
      for (pugi::xml_node item : nodes[k].children("item")) {
        const auto v = issue.find(item.attribute("value").value());
        if (!v) bad(at, "unknown item " + quote(item.attribute("value").value()));
        if (const auto score = xml_number(item, "evaluation", at)) scores[*v] = *score;
        if (scores[*v] < 0) bad(at, "a negative evaluation");
      }
      e[k] = by_best_score(scores);
      continue;
    }
    const pugi::xml_node f = nodes[k].child("evaluator");
    const std::string ftype = lowercase(f.attribute("ftype").value());
    const bool linear = ftype == "linear" || ftype.empty();
    if (!f) {  // no evaluator: GENIUS evaluates the issue to 0
      e[k] = Vec(issue.size());
    } else if (linear && !f.attribute("slope") && f.attribute("parameter1")) {
      // The real-issue form old files give an integer issue: e(x) = p1 x + p0, clipped.
      const Q p0 = xml_required(f, "parameter0", at), p1 = xml_required(f, "parameter1", at);
      e[k] = on_integers(issue, [&](const Q& x) { return clip(p0 + p1 * x); });
    } else if (linear) {  // GENIUS EvaluatorInteger: offset is the value at the lower bound
      const Q slope = xml_required(f, "slope", at), offset = xml_required(f, "offset", at);
      const Q origin = xml_number(nodes[k], "lowerbound", at).value_or(Q(issue.lower));
      e[k] = on_integers(issue, [&](const Q& x) { return clip(offset + slope * (x - origin)); });
    } else if (ftype == "constant") {
      const Q c = f.attribute("parameter0") ? xml_required(f, "parameter0", at)
                                            : xml_required(f, "offset", at);
      e[k] = on_integers(issue, [&](const Q&) { return c; });
    } else {
      bad(at, "evaluator " + quote(ftype) + ", expected linear or constant");
    }
  }
  Party party{file, additive(s, weights, e, Q(1, 1'000'000'000), {file, "weights"}), 0};
  if (const pugi::xml_node r = doc.document_element().child("reservation"))
    party.reservation = xml_required(r, "value", {file, "reservation"});
  return party;
}

// ---- GeniusWeb JSON ------------------------------------------------------------------------

Scenario read_geniusweb_domain(const std::string& file, const std::string& bytes) {
  const Json root = parse_json(file, bytes);
  const At at{file, "issuesValues"};
  const Json& all = get(root, {file, ""}, "issuesValues");
  if (all.kind != Json::object || all.items.empty()) bad(at, "expected an object of issues");
  Scenario s;
  for (std::size_t i = 0; i < all.items.size(); ++i) {
    const Json& spec = all.items[i];
    const At here = at / all.items[i].key;
    if (const Json* values = spec.kind == Json::object ? spec.find("values") : nullptr) {
      std::vector<std::string> labels;
      for (std::size_t v = 0; v < items(*values, here / "values").size(); ++v) {
        const Json& label = values->items[v];
        if (label.kind != Json::string && label.kind != Json::number)
          bad((here / "values")[v], "expected a string");
        labels.push_back(label.text);
      }
      s.add(categorical(all.items[i].key, std::move(labels), here), here);
      continue;
    }
    const Json& r = get(spec, here, "range");
    const auto bound = [&](const char* key) {
      return json_decimal(get(r, here / "range", key), here / "range" / key);
    };
    const Q low = bound("low"), high = bound("high");
    if (bound("step") != 1 || low.get_den() != 1 || high.get_den() != 1)
      bad(here, "real issues are not certified");
    s.add(integer_issue(all.items[i].key, low, high, here), here);
  }
  return s;
}

Party read_geniusweb_profile(const std::string& file, const std::string& bytes, const Scenario& s) {
  const Json root = parse_json(file, bytes);
  const At at{file, "LinearAdditiveUtilitySpace"};
  const Json& space = get(root, {file, ""}, "LinearAdditiveUtilitySpace");
  if (root.items.size() != 1) bad({file, ""}, "expected only LinearAdditiveUtilitySpace");
  std::vector<std::optional<Q>> weights(s.issues.size());
  std::vector<std::optional<Vec>> e(s.issues.size());
  const Json& w = get(space, at, "issueWeights");
  for (std::size_t j = 0; j < w.items.size(); ++j)
    weights[s.issue(w.items[j].key, at / "issueWeights")] =
        json_decimal(w.items[j], at / "issueWeights" / w.items[j].key);
  const Json& u = get(space, at, "issueUtilities");
  for (std::size_t j = 0; j < u.items.size(); ++j) {
    const At here = at / "issueUtilities" / u.items[j].key;
    const Issue& issue = s.issues[s.issue(u.items[j].key, here)];
    Vec& table = e[s.issue(u.items[j].key, here)].emplace(issue.size());  // a value not listed is 0
    if (const Json* n =
            u.items[j].kind == Json::object ? u.items[j].find("numberutils") : nullptr) {
      // Linear between (lowValue, lowUtility) and (highValue, highUtility), around the range.
      const auto need = [&](const char* key) {
        return json_decimal(get(*n, here / "numberutils", key), here / "numberutils" / key);
      };
      const Q lv = need("lowValue"), lu = need("lowUtility"), hv = need("highValue"),
              hu = need("highUtility");
      if (!issue.integer || lu < 0 || lu > 1 || hu < 0 || hu > 1 || !(hv > lv) ||
          issue.lower < lv || issue.upper > hv)
        bad(here / "numberutils",
            "expected an integer issue, utilities in [0, 1], lowValue < highValue around the "
            "range");
      table = on_integers(issue,
                          [&](const Q& x) { return clip(lu + (hu - lu) / (hv - lv) * (x - lv)); });
      continue;
    }
    const Json& values =
        get(get(u.items[j], here, "discreteutils"), here / "discreteutils", "valueUtilities");
    for (std::size_t v = 0; v < values.items.size(); ++v) {
      const At where = here / "discreteutils" / "valueUtilities" / values.items[v].key;
      const auto x = issue.find(values.items[v].key);
      if (!x) bad(where, "unknown value");
      table[*x] = json_decimal(values.items[v], where);
      if (table[*x] < 0 || table[*x] > 1) bad(where, "expected a utility in [0, 1]");
    }
  }
  Party party{file, additive(s, weights, e, Q(1, 1'000'000'000), at / "issueWeights"), 0};
  // The reservation value is the utility of reservationBid, a partial bid counting the issues it
  // names.
  if (const Json* bid = space.find("reservationBid"); bid && bid->kind != Json::null) {
    const Json& chosen = get(*bid, at / "reservationBid", "issuevalues");
    for (std::size_t j = 0; j < chosen.items.size(); ++j) {
      const At here = at / "reservationBid" / "issuevalues" / chosen.items[j].key;
      const std::size_t k = s.issue(chosen.items[j].key, here);
      const Json& label = chosen.items[j];
      const auto x = label.kind == Json::string || label.kind == Json::number
                         ? s.issues[k].find(label.text)
                         : std::nullopt;
      if (!x) bad(here, "unknown value");
      party.reservation += party.value[k][*x];
    }
  }
  return party;
}

// ---- The claims ----------------------------------------------------------------------------

// Everything the claims are checked against, in the certificate's order of issues and parties.
struct Model {
  std::vector<Issue> issues;
  std::vector<std::string> parties;
  std::vector<std::vector<Vec>> v;  // v[i][k][x]: what value x of issue k adds to party i
  Vec d;                            // reservation values
};

struct Result {
  enum Status { ok, rejected, unchecked } status = ok;
  std::string reason;
};
// The ideal claims' values and statuses, per party (Kalai-Smorodinsky claims rest on them).
using Ideals = std::vector<std::vector<std::pair<Q, Result::Status>>>;

// What a claim's leaves are checked against.
struct Context {
  std::set<std::string> leaves;  // the leaf kinds the claim allows
  Vec x, c, s;  // pareto: u(X); lagrange: the objective; wavg: the scale of each party's gain
  Q bound;      // lagrange, amgm, wavg: the claim's bound B
  std::function<std::string(const Vec&)> package;  // why a package leaf's package disproves
};

class Checker {
 public:
  Checker(Model model, std::string file) : m_(std::move(model)), file_(std::move(file)) {
    // The model as integers over one common denominator: maxw then adds and compares integers,
    // without a gcd per operation (rationals of the same value, only faster).
    for (const auto& party : m_.v)
      for (const auto& issue : party)
        for (const Q& x : issue) mpz_lcm(D_.get_mpz_t(), D_.get_mpz_t(), x.get_den_mpz_t());
    for (const auto& party : m_.v) {
      z_.emplace_back();
      for (const auto& issue : party) {
        z_.back().emplace_back();
        for (const Q& x : issue) z_.back().back().push_back(x.get_num() * (D_ / x.get_den()));
      }
    }
  }
  Result check(const Json& claim, std::size_t index, const Ideals& ideals);
  std::size_t n() const { return m_.parties.size(); }
  std::size_t party(const Json& j, const At& at) const {
    return std::size_t(whole(j, at, 0, long(n()) - 1));
  }

 private:
  std::size_t m() const { return m_.issues.size(); }
  Vec unit(std::size_t i) const {
    Vec e(n());
    e[i] = 1;
    return e;
  }
  Vec utilities(const Package& y) const {
    Vec u(n());
    for (std::size_t i = 0; i < n(); ++i)
      for (std::size_t k = 0; k < m(); ++k) u[i] += m_.v[i][k][y[k]];
    return u;
  }
  bool ir(const Vec& u) const {
    for (std::size_t i = 0; i < n(); ++i)
      if (u[i] < m_.d[i]) return false;
    return true;
  }
  bool dominates(const Vec& a, const Vec& b) const {
    bool weakly = true, strictly = false;
    for (std::size_t i = 0; i < n(); ++i)
      weakly = weakly && a[i] >= b[i], strictly = strictly || a[i] > b[i];
    return weakly && strictly;
  }
  Q gains_product(const Vec& u) const {
    Q p = 1;
    for (std::size_t i = 0; i < n(); ++i) p *= u[i] - m_.d[i];
    return p;
  }
  // t(y) = min_i g_i(y): g_i = (u_i - d_i) / s_i, or 1 when s_i = 0.
  Q relative_gain(const Vec& u, const Vec& s) const {
    std::optional<Q> t;
    for (std::size_t i = 0; i < n(); ++i) {
      const Q g = s[i] > 0 ? Q((u[i] - m_.d[i]) / s[i]) : Q(1);
      if (!t || g < *t) t = g;
    }
    return *t;
  }
  Package package(const Json& j, const At& at) const {
    Package y;
    for (std::size_t k = 0; k < items(j, at, m()).size(); ++k)
      if (const auto x = m_.issues[k].find(text(j.items[k], at[k])))
        y.push_back(*x);
      else
        bad(at[k], "unknown value of issue " + quote(m_.issues[k].name));
    return y;
  }
  // maxw(N, c): the largest c.u(y) over the packages y of the current node, issue by issue.
  Q maxw(const Vec& c) const {
    mpz_class scale = 1;  // c * scale is integral
    for (const Q& ci : c) mpz_lcm(scale.get_mpz_t(), scale.get_mpz_t(), ci.get_den_mpz_t());
    std::vector<mpz_class> a;
    for (const Q& ci : c) a.push_back(ci.get_num() * (scale / ci.get_den()));
    mpz_class total = 0;
    for (std::size_t k = 0; k < m(); ++k) {
      std::optional<mpz_class> best;
      for (std::size_t x = 0; x < m_.issues[k].size(); ++x) {
        if (fixed_[k] >= 0 && long(x) != fixed_[k]) continue;
        mpz_class sum = 0;
        for (std::size_t i = 0; i < n(); ++i)
          if (sgn(a[i]) != 0) sum += a[i] * z_[i][k][x];
        if (!best || sum > *best) best = sum;
      }
      total += *best;
    }
    Q result(total, scale * D_);
    result.canonicalize();
    return result;
  }
  // A node is named by its fixed issues: node [Iturup=russian, Shikotan=joint].
  std::string node(std::size_t depth) const {
    std::string out = "node [";
    for (std::size_t j = 0; j < depth; ++j)
      out += (j ? ", " : "") + m_.issues[order_[j]].name + "=" +
             m_.issues[order_[j]].label(std::size_t(fixed_[order_[j]]));
    return out + "]";
  }
  void walk(const Json& tree, const At& at, const Context& cx, std::size_t depth,
            std::string& verdict);
  std::string leaf(const Json& node, const At& at, const Context& cx, std::size_t depth);

  Model m_;
  mpz_class D_ = 1;                                     // common denominator of the model
  std::vector<std::vector<std::vector<mpz_class>>> z_;  // z_[i][k][x] = v[i][k][x] * D_
  std::string file_;
  std::vector<std::size_t> order_;
  std::vector<long> fixed_;  // per issue: the value the current node fixes it to, or -1
};

// Walks the whole tree (a malformed node anywhere is an error), keeping the first failing leaf.
void Checker::walk(const Json& tree, const At& at, const Context& cx, std::size_t depth,
                   std::string& verdict) {
  // The node is named in messages only: building its name for every node would be costly.
  const auto here = [&] { return At{at.file, at.field + " " + node(depth)}; };
  const Json* split = tree.kind == Json::object ? tree.find("split") : nullptr;
  if (tree.kind != Json::object || !split == !tree.find("leaf"))
    bad(here(), "expected {\"split\": [...]} or {\"leaf\": ...}");
  if (!split) {
    std::string why;
    try {
      why = leaf(tree, at, cx, depth);
    } catch (Unreadable& e) {
      throw Unreadable{e.message + " (" + node(depth) + ")"};
    }
    if (!why.empty() && verdict.empty()) verdict = node(depth) + ": " + why;
    return;
  }
  if (depth == m())
    bad(here(), "a split below depth " + std::to_string(m()) + " (the number of issues)");
  const Issue& issue = m_.issues[order_[depth]];
  if (split->kind != Json::array || split->items.size() != issue.size())
    bad(here(), "expected a split into " + std::to_string(issue.size()) +
                    " children, one per value of " + quote(issue.name));
  for (std::size_t x = 0; x < issue.size(); ++x) {
    fixed_[order_[depth]] = long(x);
    walk(split->items[x], at, cx, depth + 1, verdict);
  }
  fixed_[order_[depth]] = -1;
}

std::string Checker::leaf(const Json& node, const At& at, const Context& cx, std::size_t depth) {
  const std::string& kind = text(get(node, at, "leaf"), at / "leaf");
  if (!std::set<std::string>{"mu", "party", "not_ir", "lagrange", "amgm", "wavg", "package"}.count(
          kind))
    bad(at / "leaf", "unknown leaf kind " + quote(kind));
  if (!cx.leaves.count(kind)) return "a " + kind + " leaf, which this claim does not allow";
  if (kind == "package") {
    if (depth != m())
      return "a package leaf at depth " + std::to_string(depth) + ", not " + std::to_string(m());
    const std::string why = cx.package(utilities(Package(fixed_.begin(), fixed_.end())));
    return why.empty() ? "" : "package leaf: " + why;
  }
  if (kind == "party" || kind == "not_ir") {
    const std::size_t i = party(get(node, at, "party"), at / "party");
    const Q best = maxw(unit(i)), limit = kind == "party" ? cx.x[i] : m_.d[i];
    return best < limit
               ? ""
               : kind + " bound " + show(best) + " >= " + show(limit) + " (" + m_.parties[i] + ")";
  }
  const std::string field = kind == "mu" ? "mu" : kind == "lagrange" ? "lambda" : "w";
  const Vec w = rationals(get(node, at, field), at / field, n());
  if (std::any_of(w.begin(), w.end(), [](const Q& x) { return x < 0; }))
    return "a negative entry in " + field;
  const bool positive = std::all_of(w.begin(), w.end(), [](const Q& x) { return x > 0; });
  Q value, limit = cx.bound;
  if (kind == "mu") {  // maxw < mu.u(X), or = with every mu_i > 0
    if (std::all_of(w.begin(), w.end(), [](const Q& x) { return x == 0; })) return "mu is all zero";
    value = maxw(w);
    limit = dot(w, cx.x);
    if (value < limit || (value == limit && positive)) return "";
    return "mu bound " + show(value) + (value == limit ? " = " : " > ") + show(limit) +
           (positive ? "" : " with a zero in mu");
  } else if (kind == "lagrange") {  // maxw(N, c + lambda) - lambda.d <= B
    Vec c = cx.c;
    for (std::size_t i = 0; i < n(); ++i) c[i] += w[i];
    value = maxw(c) - dot(w, m_.d);
  } else if (kind == "amgm") {  // prod(1/w_i) (max(0, maxw(N, w) - w.d) / n)^n <= B
    if (!positive) return "amgm needs every w_i > 0";
    const Q mean = std::max(Q(0), Q((maxw(w) - dot(w, m_.d)) / n()));
    mpz_pow_ui(value.get_num_mpz_t(), mean.get_num_mpz_t(), n());
    mpz_pow_ui(value.get_den_mpz_t(), mean.get_den_mpz_t(), n());
    for (const Q& x : w) value /= x;
  } else {  // wavg: w on the parties with s_i > 0, summing to 1; maxw(N, c) - c.d <= B, c = w / s
    Q total = 0;
    Vec c(n());
    for (std::size_t i = 0; i < n(); ++i) {
      if (cx.s[i] == 0 && w[i] != 0)
        return "wavg weight " + show(w[i]) + " for " + m_.parties[i] + ", whose s is 0";
      if (cx.s[i] != 0) total += w[i], c[i] = w[i] / cx.s[i];
    }
    if (total != 1) return "wavg weights sum to " + show(total) + ", not 1";
    value = maxw(c) - dot(c, m_.d);
  }
  return value <= limit ? "" : kind + " bound " + show(value) + " > " + show(limit);
}

Result Checker::check(const Json& claim, std::size_t index, const Ideals& ideals) {
  const At at = At{file_, "claims"}[index];
  const std::string& kind = text(get(claim, at, "claim"), at / "claim");
  if (!std::set<std::string>{"pareto", "not_pareto", "zone_empty", "ideal", "utilitarian", "nash",
                             "kalai_smorodinsky", "egalitarian", "nash_lottery",
                             "kalai_smorodinsky_lottery"}
           .count(kind))
    bad(at / "claim", "unknown claim kind " + quote(kind));
  if (const Json* by = claim.find("verified_by")) {
    if (text(*by, at / "verified_by") != "enumeration")
      bad(at / "verified_by", "expected \"enumeration\"");
    return {Result::unchecked, "verified by enumeration only"};
  }
  std::string verdict;  // the first reason for rejection
  const auto fail = [&](const std::string& why) {
    if (verdict.empty()) verdict = why;
  };
  const auto number = [&](const char* key) { return rational(get(claim, at, key), at / key); };
  const auto check_value = [&](const char* what, const Q& actual, const Q& value, const Q& bound) {
    if (actual != value)
      fail(std::string(what) + " of X is " + show(actual) + ", not " + show(value));
    if (value > bound) fail("value " + show(value) + " > bound " + show(bound));
  };
  Context cx{{"lagrange", "not_ir", "package"}, {}, {}, {}, 0, {}};
  // The package-leaf test of every claim but pareto: not IR, or `within` holds.
  const auto unless = [this](std::function<bool(const Vec&)> within, const std::string& what) {
    return [this, within, what](const Vec& u) {
      return !ir(u) || within(u) ? "" : "an IR package " + what;
    };
  };
  const bool lottery = kind == "nash_lottery" || kind == "kalai_smorodinsky_lottery";
  Vec ux;
  if (kind != "zone_empty" && !lottery) {
    ux = utilities(package(get(claim, at, "package"), at / "package"));
    if (kind != "pareto" && kind != "not_pareto" && !ir(ux)) fail("X is not IR");
  }
  bool unchecked_ideal = false, no_tree = false;
  if (kind == "kalai_smorodinsky" || kind == "kalai_smorodinsky_lottery") {
    const Vec ideal = rationals(get(claim, at, "ideal"), at / "ideal", n());
    for (std::size_t i = 0; i < n(); ++i) {
      std::optional<Q> verified;
      bool enumerated = false;
      for (const auto& [value, status] : ideals[i]) {
        if (status == Result::ok) verified = value;
        enumerated = enumerated || status == Result::unchecked;
      }
      if (verified && *verified != ideal[i])
        fail("ideal of " + m_.parties[i] + " " + show(ideal[i]) + ", its ideal claim " +
             show(*verified));
      if (!verified && !enumerated) fail("no verified ideal claim for " + m_.parties[i]);
      unchecked_ideal = unchecked_ideal || (!verified && enumerated);
      if ((cx.s.emplace_back(ideal[i] - m_.d[i])) < 0) fail("an ideal below the reservation value");
    }
  }
  if (kind == "pareto") {
    cx.x = ux;
    cx.leaves = {"mu", "party", "package"};
    cx.package = [this, ux](const Vec& u) { return dominates(u, ux) ? "dominating X" : ""; };
  } else if (kind == "not_pareto") {
    if (!dominates(utilities(package(get(claim, at, "dominated_by"), at / "dominated_by")), ux))
      fail("dominated_by does not dominate X");
    return {verdict.empty() ? Result::ok : Result::rejected, verdict};
  } else if (kind == "zone_empty") {
    cx.leaves = {"not_ir", "package"};
    cx.package = unless([](const Vec&) { return false; }, "in an empty zone");
  } else if (kind == "ideal") {
    const std::size_t i = party(get(claim, at, "party"), at / "party");
    const Q bound = cx.bound = number("value");
    check_value("u_i", ux[i], bound, bound);
    cx.c = unit(i);
    cx.package = unless([i, bound](const Vec& u) { return u[i] <= bound; }, "above the ideal");
  } else if (kind == "utilitarian") {
    const Q bound = cx.bound = number("bound");
    cx.c = Vec(n(), Q(1));
    check_value("the sum of utilities", dot(cx.c, ux), number("value"), bound);
    cx.package =
        unless([c = cx.c, bound](const Vec& u) { return dot(c, u) <= bound; }, "above the bound");
  } else if (kind == "nash") {
    const Q bound = cx.bound = number("bound");
    check_value("the product of gains", gains_product(ux), number("value"), bound);
    cx.leaves = {"amgm", "not_ir", "package"};
    cx.package = unless([this, bound](const Vec& u) { return gains_product(u) <= bound; },
                        "above the bound");
  } else if (kind == "kalai_smorodinsky" || kind == "egalitarian") {
    if (kind == "egalitarian") cx.s = Vec(n(), Q(1));
    const Q bound = cx.bound = number("bound"), value = number("value");
    const Vec s = cx.s;
    check_value("t", relative_gain(ux, s), value, bound);
    cx.leaves = {"wavg", "not_ir", "package"};
    cx.package = unless([this, s, bound](const Vec& u) { return relative_gain(u, s) <= bound; },
                        "above the bound");
    if (std::all_of(s.begin(), s.end(), [](const Q& x) { return x == 0; })) {  // t = 1 everywhere
      no_tree = true;
      if (value != 1 || bound != 1 || get(claim, at, "tree").kind != Json::null)
        fail("every s_i is 0: expected t = bound = 1 and a null tree");
    }
  } else if (lottery) {
    const auto& draws = items(get(claim, at, "lottery"), at / "lottery");
    Vec expected(n()), w(n());
    Q total = 0;
    for (std::size_t j = 0; j < draws.size(); ++j) {
      const At here = (at / "lottery")[j];
      const Vec u = utilities(package(get(draws[j], here, "package"), here / "package"));
      const Q p = rational(get(draws[j], here, "probability"), here / "probability");
      if (p < 0 || !ir(u))
        fail("lottery entry " + std::to_string(j) + ": a negative probability or a package not IR");
      total += p;
      for (std::size_t i = 0; i < n(); ++i) expected[i] += p * u[i];
    }
    if (total != 1) fail("the probabilities sum to " + show(total) + ", not 1");
    Vec target = kind == "nash_lottery"
                     ? rationals(get(claim, at, "utilities"), at / "utilities", n())
                     : Vec(n());
    if (kind == "nash_lottery") {  // w_i = 1 / (U_i - d_i), B = n + w.d
      if (draws.size() > n() + 1) fail("more than n + 1 packages in the lottery");
      for (std::size_t i = 0; i < n(); ++i)
        if (target[i] > m_.d[i])
          w[i] = 1 / (target[i] - m_.d[i]);
        else
          fail("U of " + m_.parties[i] + " is not above its reservation value");
      cx.bound = n() + dot(w, m_.d);
    } else {  // the point d + t (I - d), supported by w: B = w.(d + t (I - d))
      const Q t = number("t");
      w = rationals(get(claim, at, "support"), at / "support", n());
      for (std::size_t i = 0; i < n(); ++i) target[i] = m_.d[i] + t * cx.s[i];
      if (std::any_of(w.begin(), w.end(), [](const Q& x) { return x < 0; }) || dot(w, cx.s) <= 0)
        fail("support must be >= 0 with support.(I - d) > 0");
      cx.bound = dot(w, target);
    }
    for (std::size_t i = 0; i < n(); ++i)
      if (expected[i] != target[i])
        fail("the lottery gives " + m_.parties[i] + " " + show(expected[i]) + ", not " +
             show(target[i]));
    const Q bound = cx.bound;
    cx.c = w;
    cx.package = unless([w, bound](const Vec& u) { return dot(w, u) <= bound; }, "above the bound");
  }
  if (!no_tree) {
    const auto& order = items(get(claim, at, "order"), at / "order", m());
    std::vector<bool> seen(m());
    order_.clear();
    for (std::size_t j = 0; j < m(); ++j) {
      order_.push_back(std::size_t(whole(order[j], (at / "order")[j], 0, long(m()) - 1)));
      if (seen[order_.back()]) bad((at / "order")[j], "an issue position twice");
      seen[order_.back()] = true;
    }
    fixed_.assign(m(), -1);
    walk(get(claim, at, "tree"), at / "tree", cx, 0, verdict);
  }
  if (!verdict.empty()) return {Result::rejected, verdict};
  if (unchecked_ideal)
    return {Result::unchecked, "an ideal claim it rests on is verified by enumeration only"};
  return {};
}

// ---- The command ---------------------------------------------------------------------------

// The certificate's issues, checked as the same set of names and values as the files' issues;
// returns why not, or "" with the files' position of each issue and value.
std::string match_issues(const Json& list, const At& at, const Scenario& s, Model& model,
                         std::vector<std::size_t>& file_issue,
                         std::vector<std::vector<std::size_t>>& file_value) {
  std::string why;
  std::set<std::string> names;
  for (std::size_t k = 0; k < items(list, at).size(); ++k) {
    const At here = at[k];
    const std::string& name = text(get(list.items[k], here, "name"), here / "name");
    if (!names.insert(name).second || k >= kMaxIssues)
      bad(here / "name", "issue " + quote(name) + " twice, or more than 10000 issues");
    if (const Json* bounds = list.items[k].find("integer")) {
      const auto& b = items(*bounds, here / "integer", 2);
      const long low = whole(b[0], here / "integer", -(1L << 62), 1L << 62);
      model.issues.push_back(
          integer_issue(name, low, whole(b[1], here / "integer", -(1L << 62), 1L << 62), here));
    } else {
      std::vector<std::string> labels;
      const Json& values = get(list.items[k], here, "values");
      for (std::size_t v = 0; v < items(values, here / "values").size(); ++v)
        labels.push_back(text(values.items[v], (here / "values")[v]));
      model.issues.push_back(categorical(name, std::move(labels), here / "values"));
    }
    const Issue& issue = model.issues.back();
    const auto it = s.index.find(name);
    if (it == s.index.end()) {
      why = why.empty() ? "issue " + quote(name) + " is not in the scenario files" : why;
      continue;
    }
    const Issue& f = s.issues[it->second];
    file_issue.push_back(it->second);
    file_value.emplace_back();
    for (std::size_t v = 0; v < issue.size() && why.empty(); ++v)
      if (const auto x = f.integer == issue.integer ? f.find(issue.label(v)) : std::nullopt)
        file_value.back().push_back(*x);
      else
        why = "issue " + quote(name) + ": value " + quote(issue.label(v)) +
              " is not in the scenario files";
    if (why.empty() && (f.integer != issue.integer || f.size() != issue.size()))
      why = "issue " + quote(name) + " has other values in the scenario files";
  }
  if (model.issues.empty()) bad(at, "no issue");
  if (why.empty() && model.issues.size() != s.issues.size())
    why = "the scenario files have " + std::to_string(s.issues.size()) +
          " issues, the certificate " + std::to_string(model.issues.size());
  return why;
}

// One run of the checker: the scenario and the model are prepared once, then each claim is
// checked as the parser hands it over.
class Session {
 public:
  Session(std::string scenario_path, std::string cert_file)
      : scenario_path_(std::move(scenario_path)), cert_file_(std::move(cert_file)) {}
  bool prepared() const { return prepared_; }
  void prepare(const Json& root);
  void claim(Json claim, std::size_t c);
  int finish(bool quiet);

 private:
  std::string scenario_path_, cert_file_;
  bool prepared_ = false;
  std::string mismatch_;            // why the files or the model differ from the certificate
  std::optional<Checker> checker_;  // absent when the files differ: no numbers to check with
  std::vector<std::string> kinds_;
  std::vector<Result> results_;
  Ideals ideals_;
  std::vector<std::pair<std::size_t, Json>> later_;  // Kalai-Smorodinsky claims, after the ideals
};

void Session::prepare(const Json& root) {
  prepared_ = true;
  const At at{cert_file_, ""}, sat = at / "scenario";
  if (text(get(root, at, "format"), at / "format") != "parley-certificate/1")
    bad(at / "format", "expected parley-certificate/1");
  const Json& scenario = get(root, at, "scenario");
  const std::string& format = text(get(scenario, sat, "format"), sat / "format");
  if (format != "native" && format != "genius" && format != "geniusweb")
    bad(sat / "format", "expected native, genius or geniusweb");
  // The files, by plain name, in the folder given or in the folder of the file given.
  const fs::path given(scenario_path_);
  std::error_code ec;
  const bool folder = fs::is_directory(given, ec);
  const fs::path dir = folder                    ? given
                       : given.has_parent_path() ? given.parent_path()
                                                 : fs::path(".");
  std::vector<std::string> names;
  std::map<std::string, std::string> contents;
  const Json& files = get(scenario, sat, "files");
  for (std::size_t f = 0; f < items(files, sat / "files").size(); ++f) {
    const At here = (sat / "files")[f];
    const std::string& name = text(get(files.items[f], here, "name"), here / "name");
    if (name.empty() || name == "." ||
        name.find_first_of(std::string("/\\\0", 3)) != std::string::npos ||
        name.find("..") != std::string::npos || contents.count(name))
      bad(here / "name", quote(name) + ": expected a plain file name (no '/', no '..'), each once");
    const std::string& hash = text(get(files.items[f], here, "sha256"), here / "sha256");
    if (hash.size() != 64 || hash.find_first_not_of("0123456789abcdef") != std::string::npos)
      bad(here / "sha256", "expected 64 lower-case hexadecimal digits");
    contents[name] = read_file(dir / name, kMaxScenarioBytes);
    names.push_back(name);
    if (mismatch_.empty() && sha256(contents[name]) != hash)
      mismatch_ = (dir / name).string() + ": SHA-256 " + sha256(contents[name]) +
                  ", the certificate's " + hash;
  }
  if (names.empty()) bad(sat / "files", "no file");
  if (!folder && given.filename() != names[0])
    mismatch_ = scenario_path_ + ": the certificate is about " + quote(names[0]);
  Model model;
  std::vector<std::string> party_files;
  const Json& parties = get(scenario, sat, "parties");
  for (std::size_t i = 0; i < items(parties, sat / "parties").size(); ++i) {
    const At here = (sat / "parties")[i];
    model.parties.push_back(text(get(parties.items[i], here, "name"), here / "name"));
    party_files.push_back(text(get(parties.items[i], here, "file"), here / "file"));
    if (!contents.count(party_files[i]) || (format == "native" && party_files[i] != names[0]))
      bad(here / "file", quote(party_files[i]) + ": expected one of the files (native: the first)");
    if (std::count(model.parties.begin(), model.parties.end(), model.parties[i]) > 1 ||
        i >= kMaxParties)
      bad(here / "name", "party " + quote(model.parties[i]) + " twice");
  }
  const std::size_t n = model.parties.size();
  if (n == 0) bad(sat / "parties", "no party");
  if (!mismatch_.empty()) return;
  // Each party's numbers as the files define them, then in the certificate's order.
  const std::string first = (dir / names[0]).string();
  Scenario s;
  std::vector<Party> derived;
  if (format == "native") {
    s = read_native(first, contents[names[0]]);
    for (const std::string& name : model.parties) {
      const auto p = std::find_if(s.parties.begin(), s.parties.end(),
                                  [&](const Party& q) { return q.name == name; });
      if (p != s.parties.end())
        derived.push_back(*p);
      else if (mismatch_.empty())
        mismatch_ = "party " + quote(name) + " is not in " + first;
    }
    if (s.parties.size() != n && mismatch_.empty())
      mismatch_ = first + " has " + std::to_string(s.parties.size()) + " parties";
  } else if (format == "genius") {
    const GeniusDomain domain = read_genius_domain(first, contents[names[0]]);
    s = domain.scenario;
    for (const std::string& f : party_files)
      derived.push_back(read_genius_profile((dir / f).string(), contents[f], domain));
  } else {
    s = read_geniusweb_domain(first, contents[names[0]]);
    for (const std::string& f : party_files)
      derived.push_back(read_geniusweb_profile((dir / f).string(), contents[f], s));
  }
  std::vector<std::size_t> file_issue;
  std::vector<std::vector<std::size_t>> file_value;
  const std::string why =
      match_issues(get(scenario, sat, "issues"), sat / "issues", s, model, file_issue, file_value);
  if (!mismatch_.empty() || !(mismatch_ = why).empty()) return;
  for (std::size_t i = 0; i < n; ++i) {
    model.v.emplace_back(model.issues.size());
    for (std::size_t k = 0; k < model.issues.size(); ++k)
      for (std::size_t x : file_value[k])
        model.v[i][k].push_back(derived[i].value[file_issue[k]][x]);
    model.d.push_back(derived[i].reservation);
  }
  // The certificate's model, read in full, then compared: the first difference is reported.
  const At mat = at / "model", cat = mat / "contributions";
  const Json& mj = get(root, at, "model");
  const Vec reservation = rationals(get(mj, mat, "reservation"), mat / "reservation", n);
  const auto& contributions = items(get(mj, mat, "contributions"), cat, n);
  for (std::size_t i = 0; i < n; ++i) {
    if (reservation[i] != model.d[i] && mismatch_.empty())
      mismatch_ = "model: party " + quote(model.parties[i]) + ", reservation: certificate " +
                  show(reservation[i]) + ", files " + show(model.d[i]);
    for (std::size_t k = 0; k < items(contributions[i], cat[i], model.issues.size()).size(); ++k) {
      const Vec row = rationals(contributions[i].items[k], cat[i][k], model.issues[k].size());
      for (std::size_t x = 0; x < row.size(); ++x)
        if (row[x] != model.v[i][k][x] && mismatch_.empty())
          mismatch_ = "model: party " + quote(model.parties[i]) + ", issue " +
                      quote(model.issues[k].name) + ", value " + quote(model.issues[k].label(x)) +
                      ": certificate " + show(row[x]) + ", files " + show(model.v[i][k][x]);
    }
  }
  // Every claim is checked with the checker's own numbers, even when the model differs.
  ideals_.resize(n);
  checker_.emplace(std::move(model), cert_file_);
}

void Session::claim(Json claim, std::size_t c) {
  const At at = At{cert_file_, "claims"}[c];
  if (kinds_.size() <= c) kinds_.resize(c + 1), results_.resize(c + 1);
  kinds_[c] = text(get(claim, at, "claim"), at / "claim");
  if (!checker_) return;
  // The Kalai-Smorodinsky claims rest on the ideal claims: they are checked last.
  if (kinds_[c].rfind("kalai_smorodinsky", 0) == 0)
    return (void)later_.emplace_back(c, std::move(claim));
  results_[c] = checker_->check(claim, c, ideals_);
  if (kinds_[c] == "ideal")
    ideals_[checker_->party(get(claim, at, "party"), at / "party")].emplace_back(
        rational(get(claim, at, "value"), at / "value"), results_[c].status);
}

int Session::finish(bool quiet) {
  for (const auto& [c, claim] : later_) results_[c] = checker_->check(claim, c, ideals_);
  if (!mismatch_.empty()) std::cerr << "parley-check: " << mismatch_ << "\n";
  std::size_t counts[3] = {0, 0, 0};
  for (std::size_t c = 0; c < kinds_.size(); ++c) {
    Result& r = results_[c];
    if (!mismatch_.empty() && r.status != Result::rejected)
      r = {Result::rejected, "the scenario files or the model differ from the certificate"};
    ++counts[r.status];
    if (!quiet)
      std::cout << "claim " << c + 1 << " " << kinds_[c] << ": "
                << (r.status == Result::ok
                        ? "ok"
                        : (r.status == Result::rejected ? "rejected: " : "not checked: ") +
                              r.reason)
                << "\n";
  }
  std::cout << kinds_.size() << " claims: " << counts[0] << " ok, " << counts[1] << " rejected, "
            << counts[2] << " not checked\n";
  return counts[1] > 0 || !mismatch_.empty() ? 1 : 0;
}

int run(const std::string& scenario_path, const std::string& cert_path, bool quiet) {
  const std::string cert_file = cert_path == "-" ? "(standard input)" : cert_path;
  std::error_code ec;
  if (cert_path != "-" && !fs::is_regular_file(cert_path, ec))
    bad({cert_path, "file"}, fs::exists(cert_path, ec) ? "not a file" : "no such file");
  std::ifstream file(cert_path == "-" ? "" : cert_path, std::ios::binary);
  if (cert_path != "-" && !file) bad({cert_path, "file"}, "cannot be read");
  Session session(scenario_path, cert_file);
  JsonBuilder builder(cert_file);
  builder.on_claim = [&](Json& claim, std::size_t c) {
    // parley writes the format, scenario and model first; a claim read before them waits.
    if (!session.prepared() && builder.root.find("format") && builder.root.find("scenario") &&
        builder.root.find("model"))
      session.prepare(builder.root);
    if (!session.prepared()) return;
    session.claim(std::move(claim), c);
    claim.kind = Json::taken;
  };
  // Read as a stream: the certificate need not be in memory, only one claim at a time.
  if (!nlohmann::json::sax_parse(cert_path == "-" ? std::cin : file, &builder))
    bad({cert_file, "JSON"}, "malformed");
  if (!session.prepared()) session.prepare(builder.root);
  const auto& claims = items(get(builder.root, {cert_file, ""}, "claims"), {cert_file, "claims"});
  for (std::size_t c = 0; c < claims.size(); ++c)
    if (claims[c].kind != Json::taken) session.claim(claims[c], c);
  return session.finish(quiet);
}

constexpr const char* kUsage =
    "usage: parley-check [--quiet] SCENARIO CERT\n"
    "Checks a parley certificate (docs/certificates.md) against the scenario files, exactly.\n"
    "  SCENARIO  the native YAML file, or the GENIUS / GeniusWeb folder or domain file\n"
    "  CERT      the certificate (JSON), or - for standard input\n"
    "  --quiet   print the summary line only\n"
    "Exit status: 0 no claim rejected; 1 a claim rejected, or the files or the model differ from\n"
    "the certificate; 2 an input cannot be read.\n";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args;
  bool quiet = false;
  for (int a = 1; a < argc; ++a) {
    const std::string arg = argv[a];
    if (arg == "--help" || arg == "-h") return (std::cout << kUsage, 0);
    if (arg == "--quiet")
      quiet = true;
    else if (arg.size() > 1 && arg[0] == '-')
      return (std::cerr << "parley-check: unknown option " << arg << "\n" << kUsage, 2);
    else
      args.push_back(arg);
  }
  if (args.size() != 2) return (std::cerr << kUsage, 2);
  try {
    return run(args[0], args[1], quiet);
  } catch (const Unreadable& e) {
    std::cerr << "parley-check: " << e.message << "\n";
  } catch (const std::exception& e) {  // out of memory, a parser's own failure
    std::cerr << "parley-check: " << e.what() << "\n";
  }
  return 2;
}
