// Helpers of the tournament tests: temporary folders, tournament files, a scripted engine.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <new>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "parley/tournament/cluster.hpp"
#include "parley/tournament/tournament.hpp"
#include "test_support.hpp"
#include "tournament/tournament_internal.hpp"

namespace parley::test {

// A fresh folder under the system temporary folder, removed at the end of the test.
class TemporaryFolder {
 public:
  explicit TemporaryFolder(const std::string& tag) {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            ("parley-tournament-" + tag + "-" + std::string(info->name()) + "-" +
             std::to_string(::getpid()));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TemporaryFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

inline void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

inline std::string example(const std::string& name) {
  return (source_dir() / "examples" / name).string();
}

// A deterministic stand-in for the session engine, so that the machinery (partition, journal,
// resume, limits) is tested apart from the agents. Agents: "alpha", "beta", "gamma" settle on
// the outcome the seed picks (no agreement when seed % 4 == 0); "sleeper" never returns;
// "glutton" allocates until it fails; "thrower" throws.
class ScriptedEngine final : public NegotiationEngine {
 public:
  void validate(TournamentSpec& spec, const std::vector<ScenarioPtr>&) override {
    for (std::size_t i = 0; i < spec.agents.size(); ++i) {
      const auto& a = spec.agents[i];
      if (a != "alpha" && a != "beta" && a != "gamma" && a != "sleeper" && a != "glutton" &&
          a != "thrower")
        throw InputError(spec.origin, std::nullopt, "agents[" + std::to_string(i) + "]",
                         "'" + a + "'", "a scripted agent");
    }
  }

  NegotiationRecord run(const NegotiationRequest& request) const override {
    for (std::size_t p = 0; p < request.agents.size(); ++p) {
      if (request.agents[p] == "sleeper")
        for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
      if (request.agents[p] == "thrower") throw std::runtime_error("thrower gave up");
      if (request.agents[p] == "glutton") {
        std::vector<std::vector<char>> hoard;
        for (;;) hoard.emplace_back(std::size_t{16} << 20, 'x');
      }
    }
    const Scenario& scenario = *request.scenario;
    NegotiationRecord record;
    record.rounds = request.seed % request.deadline_rounds + 1;
    if (request.seed % 4 == 0) {
      record.end = "deadline";
      for (const auto& party : scenario.parties())
        record.utilities.push_back(party.reservation_value);
      return record;
    }
    record.end = "agreement";
    record.agreement = true;
    record.outcome = scenario.space().outcome_at(request.seed % scenario.space().size());
    record.utilities = scenario.utilities(record.outcome);
    return record;
  }
};

}  // namespace parley::test
