// Internal: a place among at most `limit` heavy computations running at once (manipulation
// analyses, the hardest-to-manipulate proposal); ServiceBusy (HTTP 503) when every place is taken.
#pragma once

#include <atomic>
#include <cstddef>
#include <string>

#include "parley/service/mediation_service.hpp"

namespace parley::service::detail {

class WorkSlot {
 public:
  WorkSlot(std::atomic<std::size_t>& running, std::size_t limit) : running_(running) {
    std::size_t now = running_.load();
    do {
      if (now >= limit)
        throw ServiceBusy("every place for heavy analyses is busy (" + std::to_string(limit) +
                          " at once): try again later");
    } while (!running_.compare_exchange_weak(now, now + 1));
  }
  ~WorkSlot() { --running_; }
  WorkSlot(const WorkSlot&) = delete;
  WorkSlot& operator=(const WorkSlot&) = delete;

 private:
  std::atomic<std::size_t>& running_;
};

}  // namespace parley::service::detail
