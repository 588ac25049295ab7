// Internal to the tournament area: where the journal lives, and a reader of journal files that
// may still be growing (the merge reads them while the workers append).
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "parley/tournament/tournament.hpp"
#include "tournament_internal.hpp"

namespace parley::detail {

// A journal line longer than this is not a row (rows are ~0.5 KB): it is dropped and skipped to
// its newline without being held in memory.
inline constexpr std::size_t kMaxJournalLineBytes = 1u << 20;

std::filesystem::path journal_folder(const std::string& out_dir);
// The journal files of OUT (part-*.jsonl), sorted by name.
std::vector<std::filesystem::path> journal_files(const std::string& out_dir);

// Reads the complete, valid rows of one journal file in order. A line is complete once its
// newline is there: while the file may still grow (`final` false), a partial last line is left
// for a later call; once it cannot (`final` true), it is the torn end of a killed write and is
// dropped. Malformed lines (not JSON, not UTF-8, nested too deep, fields missing or of the wrong
// type), lines over kMaxJournalLineBytes and rows of jobs >= total_jobs are dropped and counted.
class JournalTail {
 public:
  JournalTail(std::filesystem::path path, std::uint64_t total_jobs);
  ~JournalTail();
  JournalTail(const JournalTail&) = delete;
  JournalTail& operator=(const JournalTail&) = delete;

  enum class Status { row, waiting, end };
  // On Status::row, `row` and `line` (the row's text, without newline) are filled.
  Status next(bool final, ResultRow& row, std::string& line);
  std::uint64_t dropped() const noexcept { return dropped_; }
  const std::filesystem::path& path() const noexcept { return path_; }

 private:
  bool fill();  // reads more of the file; false at its current end
  std::filesystem::path path_;
  std::uint64_t total_;
  int fd_ = -1;
  std::string buffer_;
  std::size_t start_ = 0;  // first unread byte of buffer_
  bool skipping_ = false;  // inside an overlong line, until its newline
  std::uint64_t dropped_ = 0;
};

}  // namespace parley::detail
