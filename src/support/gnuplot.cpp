#include "support/gnuplot.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <optional>
#include <string>

#include "parley/support/error.hpp"
#include "support/file_io.hpp"

extern char** environ;

namespace parley::detail {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxQuotedStderr = 2000;

// A file in the temporary folder, removed when the object goes away.
class ScratchFile {
 public:
  explicit ScratchFile(const char* stem) {
    std::string pattern = (fs::temp_directory_path() / stem).string() + "-XXXXXX";
    fd_ = ::mkostemp(pattern.data(), O_CLOEXEC);
    if (fd_ < 0) throw IoError(pattern, "cannot create", std::strerror(errno));
    path_ = pattern;
  }
  ~ScratchFile() {
    ::close(fd_);
    ::unlink(path_.c_str());
  }
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;
  int fd() const noexcept { return fd_; }
  const std::string& path() const noexcept { return path_; }

 private:
  int fd_ = -1;
  std::string path_;
};

void write_all(const ScratchFile& file, std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = ::write(file.fd(), text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw IoError(file.path(), "cannot write", std::strerror(errno));
    text.remove_prefix(static_cast<std::size_t>(n));
  }
}

// What gnuplot said on stderr, without the script: gnuplot echoes the offending script line
// above a caret line ("    ^"); both are dropped (a plot command holds data and can be long),
// and the script's scratch name becomes "script".
std::string gnuplot_said(const ScratchFile& log, const std::string& script_path) {
  std::string raw;
  try {
    raw = read_file(log.path());
  } catch (const Error&) {
    return "(its messages could not be read)";
  }
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < raw.size()) {
    std::size_t end = raw.find('\n', start);
    if (end == std::string::npos) end = raw.size();
    std::string line = raw.substr(start, end - start);
    start = end + 1;
    const bool caret =
        line.find('^') != std::string::npos && line.find_first_not_of(" \t^") == std::string::npos;
    if (caret) {
      if (!lines.empty()) lines.pop_back();
      continue;
    }
    for (std::size_t at = line.find(script_path); at != std::string::npos;
         at = line.find(script_path))
      line.replace(at, script_path.size(), "script");
    lines.push_back(std::move(line));
  }
  std::string text;
  for (const auto& line : lines) {
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    if (!text.empty()) text += '\n';
    text += line;
  }
  if (text.empty()) return "(it printed nothing)";
  if (text.size() > kMaxQuotedStderr) text = text.substr(0, kMaxQuotedStderr) + "...";
  return text;
}

}  // namespace

std::string gnuplot_string(std::string_view text, bool enhanced) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        // Enhanced text reads one more level of backslashes than plain text.
        out += enhanced ? "\\\\\\\\" : "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '^':
      case '_':
      case '@':
      case '&':
      case '~':
      case '{':
      case '}':
        if (enhanced) out += "\\\\";
        out += c;
        break;
      default:
        out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? ' ' : c;
    }
  }
  return out + "\"";
}

void run_gnuplot(std::string_view script) {
  ScratchFile script_file("parley-gnuplot-script");
  write_all(script_file, script);
  ScratchFile log("parley-gnuplot-log");

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, log.fd(), 2);
  std::string program = "gnuplot", script_path = script_file.path();
  char* argv[] = {program.data(), script_path.data(), nullptr};
  pid_t pid = 0;
  const int spawned = ::posix_spawnp(&pid, "gnuplot", &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0)
    throw Error("cannot run gnuplot (" + std::string(std::strerror(spawned)) +
                "); install the gnuplot-nox package");
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw Error("lost track of the gnuplot process");
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return;
  const std::string how = WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                                            : "signal " + std::to_string(WTERMSIG(status));
  throw Error("gnuplot failed (" + how + "): " + gnuplot_said(log, script_file.path()));
}

namespace {

// What gnuplot writes with `terminal` and `script`, possibly nothing.
std::string render(std::string_view terminal, std::string_view script) {
  ScratchFile output("parley-chart");
  std::string full = "set terminal ";
  full += terminal;
  full += "\nset output " + gnuplot_string(output.path(), false) + "\n";
  full += script;
  if (!full.empty() && full.back() != '\n') full += '\n';
  full += "set output\n";
  run_gnuplot(full);
  return read_file(output.path());
}

}  // namespace

ChartFormat check_chart_path(const fs::path& path, std::string_view option) {
  const std::string shown = path.string();
  const std::string field(option);
  const char* expected_name = "a file name ending in .svg or .png";
  if (shown.empty())
    throw InputError("(empty path)", std::nullopt, field, "an empty path", expected_name);
  std::string extension = path.extension().string();
  for (auto& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::error_code error;
  if (!path.has_filename() || fs::is_directory(path, error))
    throw InputError(shown, std::nullopt, field, "a folder", expected_name);
  std::optional<ChartFormat> format;
  if (extension == ".svg") format = ChartFormat::svg;
  if (extension == ".png") format = ChartFormat::png;
  if (!format)
    throw InputError(shown, std::nullopt, field,
                     extension.empty() ? "no extension" : "the extension '" + extension + "'",
                     expected_name);
  const fs::path folder = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  const auto status = fs::status(folder, error);
  if (!fs::exists(status))
    throw InputError(shown, std::nullopt, field, "no folder '" + folder.string() + "'",
                     "an existing folder to write the chart in (create it first)");
  if (!fs::is_directory(status))
    throw InputError(shown, std::nullopt, field, "'" + folder.string() + "', which is not a folder",
                     "an existing folder to write the chart in");
  if (::access(folder.c_str(), W_OK | X_OK) != 0)
    throw InputError(shown, std::nullopt, field,
                     "the folder '" + folder.string() + "', which cannot be written (" +
                         std::strerror(errno) + ")",
                     "a folder parley may write in");
  return *format;
}

std::string chart_terminal(ChartFormat format, int width, int height) {
  if (format == ChartFormat::svg)
    return fmt::format(
        "svg size {},{} dynamic noenhanced font 'Helvetica,12' background rgb 'white'", width,
        height);
  return fmt::format("pngcairo size {},{} noenhanced font 'Helvetica,11' background rgb 'white'",
                     width, height);
}

std::string gnuplot_datablock(std::string_view name, const std::vector<std::vector<double>>& rows) {
  std::string out = "$";
  out += name;
  out += " << EOD\n";
  for (const auto& row : rows) {
    for (std::size_t k = 0; k < row.size(); ++k) {
      if (k) out += ' ';
      if (std::isfinite(row[k]))
        fmt::format_to(std::back_inserter(out), "{}", row[k]);
      else
        out += "NaN";
    }
    out += '\n';
  }
  return out + "EOD\n";
}

std::string render_with_gnuplot(std::string_view terminal, std::string_view script) {
  std::string chart = render(terminal, script);
  if (chart.empty()) throw Error("gnuplot wrote nothing");
  return chart;
}

void draw_with_gnuplot(const fs::path& target, std::string_view terminal, std::string_view script) {
  std::string chart;
  try {
    chart = render(terminal, script);
  } catch (const IoError&) {
    throw;
  } catch (const Error& error) {
    throw Error("cannot draw " + target.string() + ": " + error.what());
  }
  if (chart.empty()) throw Error("gnuplot wrote nothing to " + target.string());
  write_file_atomically(target, chart, Durability::rebuildable);
}

void draw_chart(const fs::path& target, std::string_view option, int width, int height,
                std::string_view script) {
  const ChartFormat format = check_chart_path(target, option);
  draw_with_gnuplot(target, chart_terminal(format, width, height), script);
}

std::vector<ChartMarker> merge_markers(const std::vector<ChartMarker>& markers,
                                       const std::vector<double>& tolerance) {
  std::vector<ChartMarker> merged;
  for (const auto& marker : markers) {
    auto same = [&](const ChartMarker& other) {
      if (other.point.size() != marker.point.size()) return false;
      for (std::size_t j = 0; j < marker.point.size(); ++j) {
        const double tol = j < tolerance.size() ? tolerance[j] : 0.0;
        if (!(std::abs(other.point[j] - marker.point[j]) <= tol)) return false;
      }
      return true;
    };
    const auto found = std::find_if(merged.begin(), merged.end(), same);
    if (found == merged.end())
      merged.push_back(marker);
    else
      found->label += " = " + marker.label;
  }
  return merged;
}

std::string marker_style(std::size_t k) {
  // Open and filled shapes alternate: a filled marker under an open one stays visible.
  static constexpr const char* kPoints[] = {"6", "5", "8", "13", "4", "11", "12", "9"};
  static constexpr const char* kSizes[] = {"2.6", "1.5", "2.2", "1.6", "2.4", "1.6", "2.4", "1.6"};
  static constexpr const char* kColours[] = {"#d62728", "#2ca02c", "#9467bd", "#ff7f0e",
                                             "#17becf", "#8c564b", "#e377c2", "#7f7f7f"};
  const std::size_t i = k % 8;
  return fmt::format("pt {} ps {} lw 2 lc rgb '{}'", kPoints[i], kSizes[i], kColours[i]);
}

std::string time_palette(std::string_view label) {
  return "set cbrange [0:1]\nset palette defined (0 '#f0e442', 0.5 '#21918c', 1 '#3b0f70')\n"
         "set colorbox vertical user origin screen 0.905, screen 0.30 size screen 0.02, screen "
         "0.55\nset cbtics 0.25\nset cblabel " +
         gnuplot_string(label, false) + "\n";
}

std::string key_below() {
  return "set key below center box Left reverse spacing 1.2 width 1 height 1\nset xlabel offset "
         "0,0.2\n";
}

std::string AxisRange::text() const { return fmt::format("[{}:{}]", lo, hi); }

AxisRange padded_range(const std::vector<double>& values) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const double v : values) {
    if (!std::isfinite(v)) continue;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  if (lo > hi) return {};
  const double margin = hi > lo ? 0.04 * (hi - lo) : 0.05;
  return {lo - margin, hi + margin};
}

}  // namespace parley::detail
