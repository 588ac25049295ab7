// The memory behind HugePageArray (include/parley/support/huge_pages.hpp).
#include "parley/support/huge_pages.hpp"

#include <sys/mman.h>

#include <cstdint>
#include <new>

namespace parley::detail {

void* allocate_huge_array(std::size_t bytes, std::size_t alignment, std::size_t& reserved,
                          bool& mapped) {
  if (bytes < kHugeArrayBytes) {
    reserved = bytes;
    mapped = false;
    return ::operator new (bytes, std::align_val_t{alignment});
  }
  if (bytes > static_cast<std::size_t>(-1) - 2 * kHugePageBytes) throw std::bad_alloc();
  reserved = (bytes + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes;
  // Map one huge page more, then unmap the unaligned head and the tail beyond the reservation.
  const std::size_t length = reserved + kHugePageBytes;
  void* raw = ::mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) throw std::bad_alloc();
  const auto start = reinterpret_cast<std::uintptr_t>(raw);
  const std::uintptr_t aligned = (start + kHugePageBytes - 1) & ~(kHugePageBytes - 1);
  const std::uintptr_t end = aligned + reserved;
  if (aligned > start) ::munmap(raw, aligned - start);
  if (start + length > end) ::munmap(reinterpret_cast<void*>(end), start + length - end);
  void* data = reinterpret_cast<void*>(aligned);
  ::madvise(data, reserved, MADV_HUGEPAGE);  // advice: refused, the pages stay 4 KiB
  mapped = true;
  return data;
}

void free_huge_array(void* data, std::size_t reserved, std::size_t alignment,
                     bool mapped) noexcept {
  if (mapped)
    ::munmap(data, reserved);
  else
    ::operator delete (data, std::align_val_t{alignment});
}

}  // namespace parley::detail
