// The JSON form of the `parley solve` report (schema "parley-solve/2": docs/solve-json.md,
// docs/solve.schema.json), written to the stream as it goes: no document tree is built, so a
// frontier of any size costs its own bytes and a fixed buffer. RapidJSON's PrettyWriter does the
// structure and the string escaping; numbers are written by std::to_chars (the shortest text that
// reads back to the same double, the same on every platform). No timings, so the same inputs
// give the same bytes.
#include <rapidjson/encodings.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/prettywriter.h>

#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <ostream>
#include <ranges>
#include <sstream>
#include <string_view>

#include "parley/analysis/analysis.hpp"
#include "parley/analysis/report.hpp"
#include "parley/model/utility.hpp"
#include "parley/support/error.hpp"

namespace parley {
namespace {

// A RapidJSON output stream over a std::ostream, through a fixed buffer (RapidJSON's own
// OStreamWrapper calls std::ostream::put once per character).
class BufferedOStream {
 public:
  using Ch = char;
  explicit BufferedOStream(std::ostream& out) : out_(out) {}
  BufferedOStream(const BufferedOStream&) = delete;
  BufferedOStream& operator=(const BufferedOStream&) = delete;

  void Put(char c) {
    if (size_ == buffer_.size()) Flush();
    buffer_[size_++] = c;
  }
  void Flush() {
    if (size_ != 0) out_.write(buffer_.data(), static_cast<std::streamsize>(size_));
    size_ = 0;
  }

 private:
  std::ostream& out_;
  std::array<char, 1 << 16> buffer_{};
  std::size_t size_ = 0;
};

using Writer = rapidjson::PrettyWriter<BufferedOStream>;

// Strings are checked to be valid UTF-8 before they are written (a GENIUS or YAML file may carry
// other bytes): the report refuses them instead of writing a document no JSON reader accepts.
// (RapidJSON 1.1.0's PrettyWriter drops the writer's kWriteValidateEncodingFlag, so the check
// runs RapidJSON's UTF-8 validator here.)
bool valid_utf8(std::string_view s) {
  struct Discard {
    void Put(char) {}
  } discard;
  rapidjson::MemoryStream in(s.data(), s.size());
  while (in.Tell() < s.size())
    if (!rapidjson::UTF8<>::Validate(in, discard)) return false;
  return true;
}

// Thin layer over the writer: keys and values from std::string_view, numbers in shortest
// round-trip form, arrays of numbers (and short label lists) on one line.
class JsonOut {
 public:
  explicit JsonOut(std::ostream& out) : stream_(out), writer_(stream_) {
    writer_.SetIndent(' ', 2);
  }

  void key(std::string_view k) { writer_.Key(k.data(), size(k)); }
  void string(std::string_view s) {
    if (!valid_utf8(s))
      throw Error("JSON report: the text \"" + printable(s) +
                  "\" is not valid UTF-8 (a name, label or description of the scenario; "
                  "expected UTF-8 text)");
    writer_.String(s.data(), size(s));
  }
  void boolean(bool b) { writer_.Bool(b); }
  void null() { writer_.Null(); }
  void integer(std::uint64_t n) { writer_.Uint64(n); }
  void signed_integer(std::int64_t n) { writer_.Int64(n); }

  // A double as the shortest decimal that reads back to it (std::to_chars), with ".0" added to
  // whole numbers so that they stay floating-point for the reader; NaN and infinities, which JSON
  // cannot represent, as null.
  void number(double d) {
    if (!std::isfinite(d)) {
      writer_.Null();
      return;
    }
    std::array<char, 64> text{};
    auto [end, ec] = std::to_chars(text.data(), text.data() + text.size() - 2, d);
    if (ec != std::errc()) throw Error("JSON report: a number could not be formatted");
    if (std::string_view(text.data(), static_cast<std::size_t>(end - text.data()))
            .find_first_of(".e") == std::string_view::npos) {
      *end++ = '.';
      *end++ = '0';
    }
    writer_.RawValue(text.data(), static_cast<std::size_t>(end - text.data()),
                     rapidjson::kNumberType);
  }

  void start_object() { writer_.StartObject(); }
  void end_object() { writer_.EndObject(); }
  void start_array() { writer_.StartArray(); }
  void end_array() { writer_.EndArray(); }

  // One-line arrays: the writer's single-line option applies from the first element to the
  // closing bracket, so it is set around the whole array and cleared after it.
  template <typename Range, typename Each>
  void line_array(const Range& range, Each each) {
    writer_.SetFormatOptions(rapidjson::kFormatSingleLineArray);
    writer_.StartArray();
    for (const auto& item : range) each(item);
    writer_.EndArray();
    writer_.SetFormatOptions(rapidjson::kFormatDefault);
  }
  void numbers(const std::vector<double>& values) {
    line_array(values, [this](double v) { number(v); });
  }
  template <typename Unsigned>
  void unsigned_numbers(const std::vector<Unsigned>& values) {
    line_array(values, [this](Unsigned v) { integer(static_cast<std::uint64_t>(v)); });
  }

  void finish() {
    if (!writer_.IsComplete()) throw Error("JSON report: incomplete document (internal error)");
    stream_.Flush();
  }

 private:
  // The text with bytes outside printable ASCII as \xHH, for the message.
  static std::string printable(std::string_view s) {
    std::string out;
    for (unsigned char c : s.substr(0, 200)) {
      if (c >= 0x20 && c < 0x7f) {
        out += static_cast<char>(c);
      } else {
        static const char* hex = "0123456789abcdef";
        out += "\\x";
        out += hex[c >> 4];
        out += hex[c & 15];
      }
    }
    return out;
  }

  static rapidjson::SizeType size(std::string_view s) {
    if (s.size() > std::numeric_limits<rapidjson::SizeType>::max())
      throw Error("JSON report: a text of " + std::to_string(s.size()) +
                  " bytes is longer than the JSON writer takes (4 GB)");
    return static_cast<rapidjson::SizeType>(s.size());
  }

  BufferedOStream stream_;
  Writer writer_;
};

// Numeric issues with more values than this are described by their range, not their labels
// (the same threshold above which linear-additive utilities evaluate them analytically).
constexpr std::uint32_t kLabelLimit = LinearAdditiveUtility::tabulation_limit;

bool labels_listed(const Issue& issue) {
  return issue.kind() == IssueKind::categorical || issue.cardinality() <= kLabelLimit;
}

void write_issue(JsonOut& j, const Issue& issue) {
  j.start_object();
  j.key("name");
  j.string(issue.name());
  j.key("label");
  j.string(issue.label());
  j.key("cardinality");
  j.integer(issue.cardinality());
  j.key("kind");
  j.string(to_string(issue.kind()));
  j.key("labels");
  if (labels_listed(issue)) {
    const std::uint32_t n = issue.cardinality();
    // Short lists on one line; long ones (integer ranges of thousands) too: one label each
    // line would only add bytes.
    j.line_array(std::views::iota(std::uint32_t{0}, n),
                 [&](std::uint32_t v) { j.string(issue.value_label(v)); });
  } else {
    j.null();
  }
  if (issue.kind() != IssueKind::categorical) {
    j.key("range");
    j.start_object();
    if (issue.kind() == IssueKind::integer) {
      j.key("lower");
      j.signed_integer(issue.lower_integer());
      j.key("upper");
      j.signed_integer(issue.upper_integer());
      j.key("step");
      j.integer(1);
    } else {
      j.key("lower");
      j.number(issue.lower_real());
      j.key("upper");
      j.number(issue.upper_real());
      j.key("step");
      j.number(issue.cardinality() > 1 ? (issue.upper_real() - issue.lower_real()) /
                                             static_cast<double>(issue.cardinality() - 1)
                                       : 0.0);
    }
    j.end_object();
  }
  j.end_object();
}

void write_package(JsonOut& j, const Package& package) {
  j.start_object();
  j.key("values");
  j.unsigned_numbers(package.outcome);
  j.key("utilities");
  j.numbers(package.utilities);
  j.end_object();
}

void write_packages(JsonOut& j, const std::vector<Package>& packages) {
  j.start_array();
  for (const auto& package : packages) write_package(j, package);
  j.end_array();
}

void write_explanation(JsonOut& j, const Scenario& scenario, const Explanation& explanation) {
  j.start_object();
  j.key("issues");
  j.start_array();
  for (const auto& item : explanation.issues) {
    const Issue& issue = scenario.issue(item.issue);
    j.start_object();
    j.key("issue");
    j.string(issue.name());
    j.key("value");
    j.string(issue.value_label(item.value));
    j.key("preferred");
    j.line_array(item.preferred, [&](ValueIndex v) { j.string(issue.value_label(v)); });
    j.key("importance");
    j.numbers(item.importance);
    j.key("concession");
    j.numbers(item.concession);
    j.key("winners");
    j.line_array(item.winners, [&](std::size_t p) { j.string(scenario.party(p).name); });
    j.end_object();
  }
  j.end_array();
  j.key("sentences");
  j.start_array();
  for (const auto& sentence : explanation.sentences) j.string(sentence);
  j.end_array();
  j.end_object();
}

void write_optional_number(JsonOut& j, const std::optional<double>& value) {
  if (value)
    j.number(*value);
  else
    j.null();
}

void write_standings(JsonOut& j, const std::vector<PartyStanding>& standings) {
  j.start_array();
  for (const auto& s : standings) {
    j.start_object();
    j.key("utility");
    j.number(s.utility);
    j.key("points");
    j.number(s.points);
    j.key("walk_away_points");
    j.number(s.walk_away_points);
    j.key("gain_points");
    j.number(s.gain_points);
    j.key("status_quo_points");
    write_optional_number(j, s.status_quo_points);
    j.key("gain_over_status_quo_points");
    write_optional_number(j, s.gain_over_status_quo_points);
    j.end_object();
  }
  j.end_array();
}

void write_solution_kinds(JsonOut& j, const Analysis& analysis,
                          const std::vector<std::size_t>& solutions) {
  j.line_array(solutions,
               [&](std::size_t k) { j.string(to_string(analysis.solutions.at(k).kind)); });
}

// The reader model (parley/analysis/report.hpp) the text report and the brief render: points,
// summary, the distinct packages among the solutions, the menu of efficient packages in the zone.
void write_reader_model(JsonOut& j, const Scenario& scenario, const Analysis& analysis) {
  const ReportModel model = build_report_model(scenario, analysis);
  j.key("points");
  j.start_object();
  j.key("worst");
  j.numbers(model.scale.worst);
  j.key("best");
  j.numbers(model.scale.best);
  j.end_object();

  const auto& summary = model.summary;
  j.key("summary");
  j.start_object();
  j.key("recommended");
  if (summary.recommended)
    j.integer(*summary.recommended);
  else
    j.null();
  j.key("recommended_reason");
  j.string(summary.recommended_reason);
  j.key("standings");
  write_standings(j, summary.standings);
  j.key("status_quo");
  if (summary.status_quo)
    write_package(j, *summary.status_quo);
  else
    j.null();
  j.key("status_quo_standings");
  write_standings(j, summary.status_quo_standings);
  j.key("efficient_in_zone");
  j.integer(summary.efficient_in_zone);
  j.key("opposition_points");
  j.number(summary.opposition_points);
  j.key("split_opposition_points");
  j.number(summary.split_opposition_points);
  j.end_object();

  j.key("distinct_packages");
  j.start_array();
  for (const auto& d : model.packages) {
    j.start_object();
    j.key("packages");
    write_packages(j, d.packages);
    j.key("probabilities");
    j.numbers(d.probabilities);
    j.key("solutions");
    write_solution_kinds(j, analysis, d.solutions);
    j.key("utilities");
    j.numbers(d.utilities);
    j.key("standings");
    write_standings(j, d.standings);
    j.key("same_as");
    if (d.same_as)
      j.integer(*d.same_as);
    else
      j.null();
    j.key("drawn_issues");
    j.line_array(d.drawn_issues, [&](std::size_t i) { j.string(scenario.issue(i).name()); });
    j.end_object();
  }
  j.end_array();

  const auto& menu = model.menu;
  j.key("menu");
  j.start_object();
  j.key("total");
  j.integer(menu.total);
  j.key("left_out");
  j.integer(menu.left_out);
  j.key("settled_count");
  j.integer(menu.settled_count);
  j.key("issues");
  j.start_array();
  for (const auto& issue : menu.issues) {
    j.start_object();
    j.key("issue");
    j.string(scenario.issue(issue.issue).name());
    j.key("settled");
    j.boolean(issue.settled);
    j.key("options");
    j.unsigned_numbers(issue.options);
    j.key("more_options");
    j.boolean(issue.more_options);
    j.end_object();
  }
  j.end_array();
  j.key("min_points");
  j.numbers(menu.min_points);
  j.key("max_points");
  j.numbers(menu.max_points);
  j.key("entries");
  j.start_array();
  for (const auto& entry : menu.entries) {
    j.start_object();
    j.key("package");
    write_package(j, entry.package);
    j.key("points");
    j.numbers(entry.points);
    j.key("solutions");
    write_solution_kinds(j, analysis, entry.solutions);
    j.end_object();
  }
  j.end_array();
  j.end_object();
}

}  // namespace

const char* to_string(FrontierListing listing) noexcept {
  switch (listing) {
    case FrontierListing::all:
      return "all";
    case FrontierListing::zone:
      return "zone";
    case FrontierListing::none:
      return "none";
  }
  return "all";
}

FrontierListing parse_frontier_listing(std::string_view text) {
  for (auto listing : {FrontierListing::all, FrontierListing::zone, FrontierListing::none})
    if (text == to_string(listing)) return listing;
  throw InputError("", std::nullopt, "frontier", "'" + std::string(text) + "'",
                   "all, zone or none");
}

void write_report_json(std::ostream& out, const Scenario& scenario, const Analysis& analysis,
                       const ReportJsonOptions& options) {
  JsonOut j(out);
  j.start_object();
  j.key("schema");
  j.string("parley-solve/2");

  j.key("scenario");
  j.start_object();
  j.key("name");
  j.string(scenario.name());
  j.key("description");
  j.string(scenario.description());
  j.key("outcomes");
  j.string(scenario.space().size_text());
  j.key("log10_outcomes");
  j.number(scenario.space().log10_size());
  j.key("issues");
  j.start_array();
  for (const auto& issue : scenario.issues()) write_issue(j, issue);
  j.end_array();
  j.key("parties");
  j.start_array();
  for (const auto& party : scenario.parties()) {
    j.start_object();
    j.key("name");
    j.string(party.name);
    j.key("reservation_value");
    j.number(party.reservation_value);
    j.key("preferences");
    j.string(party.utility->kind_name());
    j.end_object();
  }
  j.end_array();
  j.end_object();

  const auto& frontier = analysis.frontier;
  j.key("frontier");
  j.start_object();
  j.key("method");
  j.string(to_string(frontier.method));
  j.key("exact");
  j.boolean(frontier.exact);
  j.key("tolerance");
  j.number(frontier.tolerance);
  j.key("method_reason");
  j.string(frontier.method_reason);
  j.key("evaluated");
  j.integer(frontier.evaluated);
  j.key("work");
  j.integer(frontier.work);
  j.key("budget");
  j.integer(frontier.budget);
  j.key("stop");
  j.string(to_string(frontier.stop));
  j.key("peak_bytes");
  j.integer(frontier.peak_bytes);
  j.key("size");
  j.integer(frontier.packages.size());
  if (frontier.hypervolume) {
    j.key("hypervolume");
    j.number(*frontier.hypervolume);
  }
  if (frontier.dominated_share) {
    j.key("dominated_share");
    j.number(*frontier.dominated_share);
  }
  if (frontier.gap_bound) {
    j.key("gap_bound");
    j.number(*frontier.gap_bound);
  }
  j.key("listed");
  j.string(to_string(options.frontier));
  j.key("packages");
  switch (options.frontier) {
    case FrontierListing::all:
      write_packages(j, frontier.packages);
      break;
    case FrontierListing::zone:
      write_packages(j, analysis.zone.rational_frontier);
      break;
    case FrontierListing::none:
      write_packages(j, {});
      break;
  }
  j.end_object();

  const auto& zone = analysis.zone;
  j.key("zone");
  j.start_object();
  j.key("exists");
  j.boolean(zone.exists);
  j.key("rational_frontier_size");
  j.integer(zone.rational_frontier.size());
  j.key("rational_share");
  j.number(zone.rational_share);
  j.key("share_exact");
  j.boolean(zone.share_exact);
  j.key("share_half_width");
  j.number(zone.share_half_width);
  j.key("share_samples");
  j.integer(zone.share_samples);
  j.key("rational_count");
  if (zone.rational_count)
    j.integer(*zone.rational_count);
  else
    j.null();
  j.key("closest_package");
  if (zone.closest_package)
    write_package(j, *zone.closest_package);
  else
    j.null();
  j.key("shortfall");
  j.numbers(zone.shortfall);
  j.end_object();

  const auto& ind = analysis.indicators;
  j.key("indicators");
  j.start_object();
  j.key("ideal_point");
  j.numbers(ind.ideal_point);
  j.key("worst_point");
  j.numbers(ind.worst_point);
  j.key("ideal_packages");
  write_packages(j, ind.ideal_packages);
  j.key("worst_packages");
  write_packages(j, ind.worst_packages);
  j.key("exact");
  j.boolean(ind.exact);
  j.key("opposition");
  j.number(ind.opposition);
  j.end_object();

  j.key("solutions");
  j.start_array();
  for (std::size_t k = 0; k < analysis.solutions.size(); ++k) {
    const auto& solution = analysis.solutions[k];
    j.start_object();
    j.key("kind");
    j.string(to_string(solution.kind));
    j.key("title");
    j.string(title(solution.kind));
    j.key("packages");
    write_packages(j, solution.packages);
    j.key("probabilities");
    j.numbers(solution.probabilities);
    j.key("utilities");
    j.numbers(solution.utilities);
    j.key("gains");
    j.numbers(solution.gains);
    j.key("criterion");
    j.number(solution.criterion);
    j.key("explanation");
    if (k < analysis.explanations.size())
      write_explanation(j, scenario, analysis.explanations[k]);
    else
      j.null();
    j.end_object();
  }
  j.end_array();
  write_reader_model(j, scenario, analysis);
  j.end_object();
  j.finish();
  if (!out) throw Error("JSON report: writing the output failed");
}

std::string render_report_json(const Scenario& scenario, const Analysis& analysis,
                               const ReportJsonOptions& options) {
  std::ostringstream out;
  write_report_json(out, scenario, analysis, options);
  return std::move(out).str();
}

}  // namespace parley
