// A file written beside its target and renamed into place once complete and synced, so that a
// reader never sees half a file (docs/errors.md: nothing is written over an existing output until
// the new content is complete).
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include "parley/error.hpp"

namespace parley::tournament_internal {

class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path target) : target_(std::move(target)) {
    temporary_ = target_;
    temporary_ += ".partial";
    file_ = std::fopen(temporary_.c_str(), "wb");
    if (!file_) fail("cannot write");
    std::setvbuf(file_, nullptr, _IOFBF, 1 << 20);
  }
  ~AtomicFile() {
    if (file_) {
      std::fclose(file_);
      std::error_code ignored;
      std::filesystem::remove(temporary_, ignored);
    }
  }
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void line(const std::string& text) {
    if (std::fwrite(text.data(), 1, text.size(), file_) != text.size() ||
        std::fputc('\n', file_) == EOF)
      fail("cannot write");
    unstarted_ += text.size() + 1;
    if (unstarted_ >= writeback_bytes) start_writeback();
  }
  void commit() {
    if (std::fflush(file_) != 0 || ::fsync(::fileno(file_)) != 0) fail("cannot write");
    std::fclose(file_);
    file_ = nullptr;
    std::filesystem::rename(temporary_, target_);
  }

 private:
  // Large files: the disk starts writing what is already complete while the rest is produced, so
  // that commit()'s fsync waits only for the tail (sync_file_range starts, it does not wait).
  static constexpr std::size_t writeback_bytes = 8 << 20;
  void start_writeback() {
    if (std::fflush(file_) != 0) fail("cannot write");
    ::sync_file_range(::fileno(file_), 0, 0, SYNC_FILE_RANGE_WRITE);
    unstarted_ = 0;
  }

  [[noreturn]] void fail(const char* what) const {
    throw Error(std::string(what) + " " + temporary_.string() + ": " + std::strerror(errno));
  }
  std::filesystem::path target_, temporary_;
  std::FILE* file_ = nullptr;
  std::size_t unstarted_ = 0;
};

}  // namespace parley::tournament_internal
