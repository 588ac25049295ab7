// Reading and writing whole files, once for every area of parley.
//
// Writers never leave a half-written output (docs/errors.md): the content goes to
// TARGET.parley-tmp beside the target and is renamed over it once complete, so a reader sees the
// old file or the new one, never a mix. On failure the temporary file is removed and the target
// keeps its old content. With Durability::durable the file is fsync'ed before the rename and its
// folder after it, so that the new content survives a power loss once the call returns; files
// that can be rebuilt (a merge of a durable journal, a chart) skip the syncs with
// Durability::rebuildable.
//
// Failures of the system (cannot create, write, sync, rename or read) throw parley::IoError
// naming the path and the OS reason; a missing input file or a folder given as a file is the
// caller's bad input and throws parley::InputError.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

namespace parley::detail {

// The one suffix of temporary files written beside their target.
inline constexpr std::string_view kTemporarySuffix = ".parley-tmp";

enum class Durability {
  durable,     // fsync of the file and of its folder: survives a power loss
  rebuildable  // left to the kernel's writeback: can be rebuilt if lost
};

// The whole content of a file, byte for byte. InputError when `path` does not exist, is not a
// regular file (a folder, a FIFO, a device such as /dev/zero, a socket: refused before reading,
// so that reading never blocks or runs forever), has a name too long for the system, loops
// through symbolic links, or holds more than `max_bytes`; IoError when it cannot be read.
std::string read_file(const std::filesystem::path& path,
                      std::uint64_t max_bytes = static_cast<std::uint64_t>(-1));

enum class PathKind { file, folder };

// What `path` names, following symbolic links: a regular file or a folder. InputError naming the
// path otherwise (no such file, a name or component too long, a loop of symbolic links, a FIFO,
// device or socket); IoError when the system refuses to look (permissions). Never throws
// std::filesystem_error.
PathKind input_path_kind(const std::filesystem::path& path);

// Replaces (or creates) `path` with exactly `content`, atomically.
void write_file_atomically(const std::filesystem::path& path, std::string_view content,
                           Durability durability);

// fsync of a folder, so that the names it holds survive a power loss. Best effort: some file
// systems refuse to open folders, which is not an error.
void sync_folder(const std::filesystem::path& folder);

// A temporary path beside `target` that someone else fills (a child process such as gnuplot);
// commit() moves it into place. Destroyed without commit(), it removes the temporary file.
class PendingFile {
 public:
  PendingFile(std::filesystem::path target, Durability durability);
  ~PendingFile();
  PendingFile(const PendingFile&) = delete;
  PendingFile& operator=(const PendingFile&) = delete;

  const std::filesystem::path& target() const noexcept { return target_; }
  // Absolute, so that a process running in another folder writes to the right place.
  const std::filesystem::path& temporary() const noexcept { return temporary_; }
  // Syncs (when durable) and renames the temporary file over the target; IoError on failure,
  // with the temporary file removed and the target untouched.
  void commit();
  // Removes the temporary file now (no-op when absent or already committed).
  void abandon() noexcept;

 private:
  std::filesystem::path target_, temporary_;
  Durability durability_;
  bool done_ = false;
};

// A file written in pieces (tournament results, traces) and moved into place by commit().
// Writes are buffered (1 MiB); any failure throws IoError and leaves the target untouched.
// Destroyed without commit(), the partial file is removed.
class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path target, Durability durability = Durability::durable);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(std::string_view text);
  // `text` followed by a newline.
  void line(std::string_view text);
  void commit();

 private:
  [[noreturn]] void fail(const char* what, int error);
  PendingFile pending_;
  std::FILE* file_ = nullptr;
};

}  // namespace parley::detail
