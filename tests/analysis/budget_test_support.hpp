// Helpers of the work-budget determinism tests (tests/analysis/budget_*, tests/analysis/anac2014*,
// tests/cli/budget_*): a CPU load to run the second computation under, and the report JSON with
// its timing fields removed so that two runs can be compared byte for byte.
#pragma once

#include <atomic>
#include <cmath>
#include <cstddef>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace parley::test {

// Keeps every hardware thread busy with floating-point work from construction to destruction,
// so that a computation run meanwhile is slowed down and interrupted by the scheduler: a result
// that depended on the wall clock or on timing would come out different.
class BusyLoad {
 public:
  BusyLoad() {
    const unsigned count = std::max(1u, std::thread::hardware_concurrency());
    for (unsigned t = 0; t < count; ++t)
      threads_.emplace_back([this, t] {
        double x = 1.0 + t;
        while (!stop_.load(std::memory_order_relaxed))
          for (int k = 0; k < 10'000; ++k) x = std::sqrt(x * x + 1.0) - 0.5;
        sink_.fetch_add(x > 0.0 ? 1 : 0, std::memory_order_relaxed);
      });
  }
  ~BusyLoad() {
    stop_ = true;
    for (auto& thread : threads_) thread.join();
  }
  BusyLoad(const BusyLoad&) = delete;
  BusyLoad& operator=(const BusyLoad&) = delete;
  std::size_t threads() const noexcept { return threads_.size(); }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<int> sink_{0};
  std::vector<std::thread> threads_;
};

// Whether a JSON key carries a wall-clock measurement: `seconds` or a name ending in `_seconds`.
inline bool is_timing_key(const std::string& key) {
  const std::string suffix = "_seconds";
  return key == "seconds" || (key.size() > suffix.size() &&
                              key.compare(key.size() - suffix.size(), suffix.size(), suffix) == 0);
}

// The JSON text with every timing key removed, at any depth, then printed again (nlohmann keeps
// keys sorted, so the text depends only on the content). Everything else must match byte for
// byte between runs: a timing key is the only part of the report the wall clock may change.
inline std::string without_timing(const std::string& json_text) {
  auto strip = [](nlohmann::json& node, auto&& self) -> void {
    if (node.is_object()) {
      for (auto it = node.begin(); it != node.end();) {
        if (is_timing_key(it.key())) {
          it = node.erase(it);
        } else {
          self(*it, self);
          ++it;
        }
      }
    } else if (node.is_array()) {
      for (auto& element : node) self(element, self);
    }
  };
  auto root = nlohmann::json::parse(json_text);
  strip(root, strip);
  return root.dump(1);
}

// Where two texts first differ, with some context, for a readable failure message ("" if equal).
inline std::string first_difference(const std::string& a, const std::string& b) {
  if (a == b) return {};
  std::size_t k = 0;
  while (k < a.size() && k < b.size() && a[k] == b[k]) ++k;
  const std::size_t from = k > 200 ? k - 200 : 0;
  return "texts differ at byte " + std::to_string(k) + " (sizes " + std::to_string(a.size()) +
         ", " + std::to_string(b.size()) + ")\nfirst:  ..." + a.substr(from, 400) +
         "\nsecond: ..." + b.substr(from, 400);
}

// Two report texts are the same once timing keys are removed; says where they differ otherwise.
// Identical texts are the same without parsing them.
inline ::testing::AssertionResult same_report(const std::string& first, const std::string& second) {
  if (first == second) return ::testing::AssertionSuccess();
  const std::string difference = first_difference(without_timing(first), without_timing(second));
  if (difference.empty()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "the reports differ beyond timing keys: " << difference;
}

}  // namespace parley::test
