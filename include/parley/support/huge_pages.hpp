// An uninitialised array whose pages the kernel may back with transparent huge pages.
//
// Filling a fresh array costs one page fault per 4 KiB page it touches, about 10 us each on the
// virtual machines parley is measured on (docs/performance.md, "Speed where users feel it"): the
// two offer indexes of a 188,160-package scenario fault about 400 times, 4 ms of an 18 ms
// `parley negotiate`. An array of at least kHugeArrayBytes is therefore mapped on its own,
// aligned to 2 MiB and marked MADV_HUGEPAGE, so that the kernel may back each 2 MiB with one huge
// page: one fault (the kernel zeroes 2 MiB, about 0.15 ms) instead of 512. Smaller arrays come
// from the heap. A mapped reservation is rounded up to whole 2 MiB, at most 2 MiB - 1 bytes more
// than asked (bytes() says how much). Where transparent huge pages are off, the advice is ignored
// and the array is an ordinary mapping: only the speed differs, never the contents.
#pragma once

#include <cstddef>
#include <new>
#include <type_traits>
#include <utility>

namespace parley::detail {

inline constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;
inline constexpr std::size_t kHugeArrayBytes = std::size_t{512} << 10;

// The untyped memory (src/support/huge_pages.cpp): `bytes` bytes aligned to `alignment`; sets
// `reserved` and `mapped`. Throws std::bad_alloc.
void* allocate_huge_array(std::size_t bytes, std::size_t alignment, std::size_t& reserved,
                          bool& mapped);
void free_huge_array(void* data, std::size_t reserved, std::size_t alignment, bool mapped) noexcept;

template <class T>
class HugePageArray {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);

 public:
  HugePageArray() = default;
  // n elements, not initialised. Throws std::bad_alloc when the memory cannot be had.
  explicit HugePageArray(std::size_t n) : size_(n) {
    if (n == 0) return;
    if (n > static_cast<std::size_t>(-1) / sizeof(T)) throw std::bad_alloc();
    data_ = static_cast<T*>(allocate_huge_array(n * sizeof(T), alignof(T), bytes_, mapped_));
  }
  HugePageArray(HugePageArray&& other) noexcept { swap(other); }
  HugePageArray& operator=(HugePageArray&& other) noexcept {
    HugePageArray(std::move(other)).swap(*this);
    return *this;
  }
  HugePageArray(const HugePageArray&) = delete;
  HugePageArray& operator=(const HugePageArray&) = delete;
  ~HugePageArray() {
    if (data_) free_huge_array(data_, bytes_, alignof(T), mapped_);
  }

  void swap(HugePageArray& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    std::swap(bytes_, other.bytes_);
    std::swap(mapped_, other.mapped_);
  }

  T* get() const noexcept { return data_; }
  std::size_t size() const noexcept { return size_; }
  // The bytes reserved (rounded up to whole huge pages when mapped).
  std::size_t bytes() const noexcept { return bytes_; }
  T& operator[](std::size_t i) noexcept { return data_[i]; }
  const T& operator[](std::size_t i) const noexcept { return data_[i]; }
  T* begin() noexcept { return data_; }
  T* end() noexcept { return data_ + size_; }
  const T* begin() const noexcept { return data_; }
  const T* end() const noexcept { return data_ + size_; }

 private:
  T* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t bytes_ = 0;
  bool mapped_ = false;
};

}  // namespace parley::detail
