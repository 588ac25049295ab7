// A file written beside its target and renamed into place once complete, so that a reader never
// sees half a file (docs/errors.md: nothing is written over an existing output until the new
// content is complete). A synced file is on disk before the rename; a derived one (the merged
// results, rebuilt from the durable journal by --resume) is left to the kernel's writeback, which
// saves writing every row twice at disk speed.
#pragma once

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
  enum class Durability { synced, derived };
  explicit AtomicFile(std::filesystem::path target, Durability durability = Durability::synced)
      : target_(std::move(target)), synced_(durability == Durability::synced) {
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
  }
  void commit() {
    if (std::fflush(file_) != 0 || (synced_ && ::fsync(::fileno(file_)) != 0)) fail("cannot write");
    std::fclose(file_);
    file_ = nullptr;
    std::filesystem::rename(temporary_, target_);
  }

 private:
  [[noreturn]] void fail(const char* what) const {
    throw Error(std::string(what) + " " + temporary_.string() + ": " + std::strerror(errno));
  }
  std::filesystem::path target_, temporary_;
  bool synced_;
  std::FILE* file_ = nullptr;
};

}  // namespace parley::tournament_internal
