// HugePageArray (parley/support/huge_pages.hpp): small arrays from the heap, large ones mapped on
// whole 2 MiB huge pages, aligned; contents written and read back; moves hand the memory over.
#include <gtest/gtest.h>

#include <cstdint>
#include <numeric>

#include "parley/support/huge_pages.hpp"

namespace parley {
namespace {

using detail::HugePageArray;
using detail::kHugePageBytes;

TEST(HugePageArray, SmallArraysComeFromTheHeapAtTheirSize) {
  HugePageArray<std::uint32_t> small(1000);
  EXPECT_EQ(small.size(), 1000u);
  EXPECT_EQ(small.bytes(), 4000u);
  std::iota(small.begin(), small.end(), 0u);
  EXPECT_EQ(small[999], 999u);
  HugePageArray<double> none;
  EXPECT_EQ(none.size(), 0u);
  EXPECT_EQ(none.bytes(), 0u);
  EXPECT_EQ(none.get(), nullptr);
}

TEST(HugePageArray, LargeArraysTakeWholeAlignedHugePages) {
  // 188,160 indexes (Travel): 752,640 bytes, one huge page.
  HugePageArray<std::uint32_t> ids(188'160);
  EXPECT_EQ(ids.bytes(), kHugePageBytes);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(ids.get()) % kHugePageBytes, 0u);
  std::iota(ids.begin(), ids.end(), 7u);
  EXPECT_EQ(ids[0], 7u);
  EXPECT_EQ(ids[188'159], 188'166u);
  // 3 MiB of doubles: two huge pages.
  HugePageArray<double> utilities((3u << 20) / sizeof(double));
  EXPECT_EQ(utilities.bytes(), 2 * kHugePageBytes);
  utilities[utilities.size() - 1] = 0.5;
  EXPECT_EQ(utilities[utilities.size() - 1], 0.5);
  // A move hands the memory over; the source is left empty.
  const double* where = utilities.get();
  HugePageArray<double> moved(std::move(utilities));
  EXPECT_EQ(moved.get(), where);
  EXPECT_EQ(utilities.get(), nullptr);  // NOLINT(bugprone-use-after-move): checked on purpose
  EXPECT_EQ(moved[moved.size() - 1], 0.5);
  moved = HugePageArray<double>(10);
  EXPECT_EQ(moved.bytes(), 80u);
}

}  // namespace
}  // namespace parley
