#include "cli_common.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <iostream>

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
      .add_option("--real-steps", real_steps,
                  "Points used to discretise real issues that declare no discretisation")
      ->check(CLI::Range(2u, 1000000u));
}

ScenarioPtr ScenarioArgs::load() const {
  LoadOptions options;
  options.profiles = profiles;
  options.real_steps = real_steps;
  Warnings warnings;
  auto scenario = load_scenario(paths, options, warnings);
  print_warnings(warnings);
  return scenario;
}

void print_warnings(const Warnings& warnings) {
  for (const auto& w : warnings) std::cerr << "warning: " << w << '\n';
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
