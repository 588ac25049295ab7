// Shared plumbing of the parley command-line front-end: scenario arguments, warnings, errors.
// Commands only translate arguments and print what the library returns.
#pragma once

#include <CLI/CLI.hpp>
#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "parley/io/io.hpp"
#include "parley/model/scenario.hpp"

namespace parley::cli {

// The positional SCENARIO argument(s) and --profile options shared by every command that reads a
// scenario: a native file, a GENIUS / GeniusWeb folder, or a domain file followed by profiles.
struct ScenarioArgs {
  std::vector<std::string> paths;
  std::vector<std::string> profiles;
  std::size_t parties = 0;  // --parties N: the folder holds N profiles, one per party
  std::uint32_t real_steps = Issue::default_real_steps;

  void add_to(CLI::App& command, bool required = true);
  // Loads the scenario, printing warnings to stderr.
  ScenarioPtr load() const;
};

void print_warnings(const Warnings& warnings);

// True when the input is one division table (a .csv file, any case), not a scenario.
bool is_table(const std::vector<std::string>& paths);

// Numbers on the command line. CLI11 converts "-1" into an unsigned option by wrapping it and lets
// nan, inf and overflowing integers through some of its checks; every numeric option of every
// command uses one of these instead, so a bad number is a usage error (exit 2) that names the
// option, what was found and what was expected, before any work.
//   whole_number(lo, hi): decimal digits only (an optional '+'), lo <= value <= hi;
//   real_number(lo, hi, lo_included): a finite number, lo < value (or <=) and value <= hi.
CLI::Validator whole_number(std::uint64_t lo, std::uint64_t hi);
CLI::Validator real_number(double lo, double hi, bool lo_included = true);

// Checks, BEFORE any work, that a file can be written at `path` (given by `option`): the path is
// not a folder, its extension (any case) is one of `extensions` (any when empty), and its folder
// exists and may be written in. Nothing is created. Throws InputError naming the path and the
// option, what was found and what was expected. Plots use the library's check_plot_path.
void check_output_path(const std::string& path, std::string_view option,
                       const std::vector<std::string>& extensions = {});
// The same for an output folder (created when missing): not an existing file, and its nearest
// existing ancestor is a folder parley may write in.
void check_output_folder(const std::string& path, std::string_view option);

// Ctrl-C and SIGTERM. install_interrupt_handler() makes SIGINT and SIGTERM set a flag (an
// async-signal-safe atomic store; nothing else runs in the handler) instead of ending the
// process; interrupted() reads it, and is what a command passes as its cancellation hook
// (SessionOptions::cancelled, TournamentRunOptions::cancelled, FrontierOptions::cancelled), so
// the library stops between steps and throws Cancelled; main() then prints "cancelled" and exits
// with 128 + the signal (130 for Ctrl-C, 143 for SIGTERM). A second signal of the same kind ends
// the process at once (the handler is reset after the first). Install it only in a command that
// polls interrupted() during all its long work; other commands keep the default (Ctrl-C ends
// them at once).
void install_interrupt_handler();
bool interrupted() noexcept;
// The signal that set the flag (SIGINT or SIGTERM), 0 when none.
int interrupt_signal() noexcept;

// A one-line status on stderr for work that may take more than a second, redrawn at most ten
// times a second, first drawn after half a second (quick runs show nothing), erased by clear()
// or on destruction. Silent when stderr is not a terminal.
class StatusLine {
 public:
  StatusLine();
  ~StatusLine();
  StatusLine(const StatusLine&) = delete;
  StatusLine& operator=(const StatusLine&) = delete;
  bool enabled() const noexcept { return enabled_; }
  // True when a redraw is due now: build the text only then.
  bool due();
  void show(const std::string& text);
  void clear();

 private:
  bool enabled_ = false;
  bool shown_ = false;
  std::size_t width_ = 0;
  std::chrono::steady_clock::time_point start_, last_;
};

// The solutions' claims proved (parley certify, in the module parley-certify.so) and said in
// words: (text for `parley solve --proofs`, XHTML for the brief's "Proofs" section).
std::pair<std::string, std::string> solution_proofs(const Scenario& scenario, bool lotteries);

// A command: its name and one-line description (all that `parley --help` lists) and the function
// that defines its options and sets `run` to its work when it is chosen. main() defines a
// command's options only when its name is on the command line, so that start-up does not build
// the options of every command (docs/performance.md, Start-up).
using Runner = std::function<int()>;
struct Command {
  const char* name;
  const char* description;
  void (*define)(CLI::App* command, Runner& run);
};
Command info_command();
Command convert_command();
Command negotiate_command();
Command divide_command();
Command tournament_command();
Command solve_command();
Command report_command();
Command serve_command();
Command robust_command();
Command manipulate_command();
Command quorum_command();
Command improve_command();
Command mcp_command();
Command certify_command();
Command check_command();
Command replay_command();
Command countersign_command();
Command keygen_command();

}  // namespace parley::cli
