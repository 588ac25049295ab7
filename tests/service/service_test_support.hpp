// Helpers of the mediation-service tests: temporary folders, a negotiation spec, preferences.
#pragma once

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <thread>

namespace parley::service::test {

// A fresh folder under `base` (the system temporary folder by default), removed with the object.
class TemporaryFolder {
 public:
  explicit TemporaryFolder(
      const std::filesystem::path& base = std::filesystem::temp_directory_path()) {
    static int counter = 0;
    path_ =
        base / ("parley-service-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TemporaryFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// The worked example of tests/service/README.md: two issues, two parties.
inline nlohmann::json office_spec() {
  return {{"title", "Office move"},
          {"issues",
           {{{"name", "Location"}, {"options", {"centre", "suburbs", "remote"}}},
            {{"name", "Budget"}, {"options", {"low", "high"}}}}},
          {"parties", {"Staff", "Management"}}};
}

// Staff: Location 60% (centre 100, suburbs 50, remote 0), Budget 40% (low 0, high 100), walks
// away below 0.2. Management: Location 30% (centre 0, suburbs 100, remote 50), Budget 70%
// (low 100, high 0), walks away below 0.2.
inline nlohmann::json staff_preferences() {
  return {{"weights", {{"Location", 60}, {"Budget", 40}}},
          {"scores",
           {{"Location", {{"centre", 100}, {"suburbs", 50}, {"remote", 0}}},
            {"Budget", {{"low", 0}, {"high", 100}}}}},
          {"walk_away", 0.2}};
}

inline nlohmann::json management_preferences() {
  return {{"weights", {{"Location", 30}, {"Budget", 70}}},
          {"scores",
           {{"Location", {{"centre", 0}, {"suburbs", 100}, {"remote", 50}}},
            {"Budget", {{"low", 100}, {"high", 0}}}}},
          {"walk_away", 0.2}};
}

// Polls `view()` (a party or mediator view) until the negotiation is in `phase` or `seconds` have
// passed; returns the last view. Analyses run on worker threads, so tests wait for them.
template <typename View>
nlohmann::json wait_for_phase(View&& view, const std::string& phase, double seconds = 60.0) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  for (;;) {
    nlohmann::json current = view();
    if (current["negotiation"]["phase"] == phase || std::chrono::steady_clock::now() > deadline)
      return current;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

// A negotiation of `parties` parties, `issues` issues of `options` options (I0..., o0...).
inline nlohmann::json large_spec(std::size_t parties, std::size_t issues, std::size_t options) {
  nlohmann::json spec = {{"title", "Large"},
                         {"issues", nlohmann::json::array()},
                         {"parties", nlohmann::json::array()}};
  for (std::size_t i = 0; i < issues; ++i) {
    nlohmann::json names = nlohmann::json::array();
    for (std::size_t o = 0; o < options; ++o) names.push_back("o" + std::to_string(o));
    spec["issues"].push_back({{"name", "I" + std::to_string(i)}, {"options", names}});
  }
  for (std::size_t p = 0; p < parties; ++p) spec["parties"].push_back("P" + std::to_string(p));
  return spec;
}

// Seeded random preferences for large_spec (scores 0..100 with one 100 per issue).
inline nlohmann::json random_preferences(std::size_t issues, std::size_t options,
                                         std::uint64_t seed, double walk_away = 0.3) {
  std::mt19937_64 generator(seed);
  nlohmann::json preferences = {{"weights", nlohmann::json::object()},
                                {"scores", nlohmann::json::object()},
                                {"walk_away", walk_away}};
  for (std::size_t i = 0; i < issues; ++i) {
    const auto issue = "I" + std::to_string(i);
    preferences["weights"][issue] = 1 + static_cast<int>(generator() % 100);
    const std::size_t best = generator() % options;
    for (std::size_t o = 0; o < options; ++o)
      preferences["scores"][issue]["o" + std::to_string(o)] =
          o == best ? 100 : static_cast<int>(generator() % 101);
  }
  return preferences;
}

inline nlohmann::json package(const std::string& location, const std::string& budget) {
  return {{"Location", location}, {"Budget", budget}};
}

}  // namespace parley::service::test
