#include "cli_common.hpp"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <limits>

namespace parley::cli {

void ScenarioArgs::add_to(CLI::App& command, bool required) {
  auto* option = command.add_option(
      "scenario", paths,
      "Scenario: a native .yaml file, a GENIUS or GeniusWeb folder, or a domain file followed by "
      "its profile files");
  if (required) option->required();
  command.add_option("--profile", profiles,
                     "Profile file to use for the next party (repeat, in party order) when a "
                     "folder holds more profiles than parties");
  command
      .add_option("--parties", parties,
                  "How many parties a GENIUS / GeniusWeb folder holds, one profile each (e.g. 3 "
                  "for a 3-party ANAC 2015-2018 domain); without it a folder must hold exactly 2")
      ->check(whole_number(2, 1'000))
      ->excludes(command.get_option("--profile"));
  command
      .add_option("--real-steps", real_steps,
                  "Points used to discretise real issues that declare no discretisation")
      ->check(whole_number(2, 1'000'000));
}

ScenarioPtr ScenarioArgs::load() const {
  LoadOptions options;
  options.profiles = profiles;
  options.parties = parties;
  options.real_steps = real_steps;
  Warnings warnings;
  auto scenario = load_scenario(paths, options, warnings);
  print_warnings(warnings);
  return scenario;
}

bool is_table(const std::vector<std::string>& paths) {
  if (paths.size() != 1) return false;
  auto extension = std::filesystem::path(paths.front()).extension().string();
  for (auto& ch : extension) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return extension == ".csv";
}

void print_warnings(const Warnings& warnings) {
  for (const auto& w : warnings) std::cerr << "warning: " << w << '\n';
}

namespace {

std::string number_text(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.15g", value);
  return buffer;
}

}  // namespace

CLI::Validator whole_number(std::uint64_t lo, std::uint64_t hi) {
  const std::string wanted =
      "a whole number from " + std::to_string(lo) + " to " + std::to_string(hi);
  return CLI::Validator(
      [lo, hi, wanted](const std::string& text) -> std::string {
        std::string_view digits = text;
        if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
        const bool only_digits =
            !digits.empty() &&
            std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (!only_digits)
          return "found " + text + ", expected " + wanted +
                 (text.find('-') != std::string::npos ? " (no negative numbers)" : "");
        std::uint64_t value = 0;
        const auto [end, error] =
            std::from_chars(digits.data(), digits.data() + digits.size(), value);
        if (error == std::errc::result_out_of_range || value > hi)
          return "found " + text + ", expected " + wanted + " (too large)";
        if (error != std::errc() || end != digits.data() + digits.size())
          return "found " + text + ", expected " + wanted;
        if (value < lo) return "found " + text + ", expected " + wanted;
        return {};
      },
      "INT in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
}

CLI::Validator real_number(double lo, double hi, bool lo_included) {
  const std::string wanted = "a finite number " + std::string(lo_included ? ">= " : "> ") +
                             number_text(lo) + " and <= " + number_text(hi);
  return CLI::Validator(
      [lo, hi, lo_included, wanted](const std::string& text) -> std::string {
        double value = 0;
        const char* begin = text.data();
        const char* end = begin + text.size();
        if (begin != end && *begin == '+') ++begin;
        const auto [stop, error] = std::from_chars(begin, end, value);
        if (error != std::errc() || stop != end || begin == end || !std::isfinite(value))
          return "found " + text + ", expected " + wanted;
        if (value > hi || value < lo || (!lo_included && value == lo))
          return "found " + text + ", expected " + wanted;
        return {};
      },
      "NUMBER in " + std::string(lo_included ? "[" : "(") + number_text(lo) + ", " +
          number_text(hi) + "]");
}

namespace {

namespace fs = std::filesystem;

std::string lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// The folder must exist, be a folder and be writable.
void check_writable_folder(const fs::path& folder, const std::string& shown,
                           const std::string& field, const std::string& what) {
  std::error_code error;
  const auto status = fs::status(folder, error);
  if (!fs::exists(status))
    throw InputError(shown, std::nullopt, field, "no folder '" + folder.string() + "'",
                     "an existing folder to write " + what + " in (create it first)");
  if (!fs::is_directory(status))
    throw InputError(shown, std::nullopt, field, "'" + folder.string() + "', which is not a folder",
                     "an existing folder to write " + what + " in");
  if (::access(folder.c_str(), W_OK | X_OK) != 0)
    throw InputError(shown, std::nullopt, field,
                     "the folder '" + folder.string() + "', which cannot be written (" +
                         std::strerror(errno) + ")",
                     "a folder parley may write in");
}

}  // namespace

void check_output_path(const std::string& path, std::string_view option,
                       const std::vector<std::string>& extensions) {
  const std::string field(option);
  std::string expected = "a file name";
  if (!extensions.empty()) {
    expected += " ending in ";
    for (std::size_t k = 0; k < extensions.size(); ++k)
      expected += (k == 0 ? "" : k + 1 == extensions.size() ? " or " : ", ") + extensions[k];
  }
  if (path.empty())
    throw InputError("(empty path)", std::nullopt, field, "an empty path", expected);
  const fs::path p(path);
  std::error_code error;
  if (!p.has_filename() || fs::is_directory(p, error))
    throw InputError(path, std::nullopt, field, "a folder", expected);
  const std::string extension = lower(p.extension().string());
  if (!extensions.empty() &&
      std::find(extensions.begin(), extensions.end(), extension) == extensions.end())
    throw InputError(path, std::nullopt, field,
                     extension.empty() ? "no extension" : "the extension '" + extension + "'",
                     expected);
  check_writable_folder(p.parent_path().empty() ? fs::path(".") : p.parent_path(), path, field,
                        "the file");
}

void check_output_folder(const std::string& path, std::string_view option) {
  const std::string field(option);
  if (path.empty())
    throw InputError("(empty path)", std::nullopt, field, "an empty path", "a folder");
  fs::path p(path);
  std::error_code error;
  if (fs::exists(p, error)) {
    if (!fs::is_directory(p, error))
      throw InputError(path, std::nullopt, field, "an existing file", "a folder (or a new name)");
    check_writable_folder(p, path, field, "the results");
    return;
  }
  // A new folder: its nearest existing ancestor must be a folder parley may write in.
  fs::path ancestor = p.parent_path();
  while (!ancestor.empty() && !fs::exists(ancestor, error)) ancestor = ancestor.parent_path();
  check_writable_folder(ancestor.empty() ? fs::path(".") : ancestor, path, field, "the folder");
}

namespace {

// The only state a signal handler may touch: a lock-free atomic (async-signal-safe).
std::atomic<int> received_signal{0};
static_assert(std::atomic<int>::is_always_lock_free);

extern "C" void on_interrupt(int signal_number) {
  received_signal.store(signal_number, std::memory_order_relaxed);
}

}  // namespace

void install_interrupt_handler() {
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  // SA_RESETHAND: a second Ctrl-C ends the process at once, should a step not poll in time.
  action.sa_flags = SA_RESTART | SA_RESETHAND;
  ::sigaction(SIGINT, &action, nullptr);
  ::sigaction(SIGTERM, &action, nullptr);
}

bool interrupted() noexcept { return received_signal.load(std::memory_order_relaxed) != 0; }

int interrupt_signal() noexcept { return received_signal.load(std::memory_order_relaxed); }

StatusLine::StatusLine()
    : enabled_(::isatty(STDERR_FILENO) != 0),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

StatusLine::~StatusLine() { clear(); }

bool StatusLine::due() {
  if (!enabled_) return false;
  const auto now = std::chrono::steady_clock::now();
  if (now - start_ < std::chrono::milliseconds(500) ||
      (shown_ && now - last_ < std::chrono::milliseconds(100)))
    return false;
  last_ = now;
  return true;
}

void StatusLine::show(const std::string& text) {
  if (!enabled_) return;
  // Pad over the previous text when the new one is shorter.
  const std::size_t pad = width_ > text.size() ? width_ - text.size() : 0;
  std::fprintf(stderr, "\r%s%*s", text.c_str(), static_cast<int>(pad), "");
  std::fflush(stderr);
  width_ = text.size();
  shown_ = true;
}

void StatusLine::clear() {
  if (!shown_) return;
  std::fprintf(stderr, "\r%*s\r", static_cast<int>(width_), "");
  std::fflush(stderr);
  shown_ = false;
  width_ = 0;
}

}  // namespace parley::cli
