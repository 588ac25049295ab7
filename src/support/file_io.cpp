#include "support/file_io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <system_error>

#include "parley/support/error.hpp"
#include "support/text.hpp"

namespace parley::detail {
namespace fs = std::filesystem;

namespace {

std::string reason(int error) { return std::strerror(error); }

// fsync of an open descriptor, retried when interrupted.
int sync_descriptor(int fd) {
  for (;;) {
    if (::fsync(fd) == 0) return 0;
    if (errno != EINTR) return errno;
  }
}

fs::path parent_folder(const fs::path& path) {
  const fs::path parent = path.parent_path();
  return parent.empty() ? fs::path(".") : parent;
}

}  // namespace

namespace {

const char* file_type_name(mode_t mode) {
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

// InputError for what the caller got wrong about a path, IoError for what the system refused.
[[noreturn]] void path_error(const fs::path& path, int error, const char* expected) {
  switch (error) {
    case ENOENT:
      throw InputError(path.string(), std::nullopt, "path", "no such file", expected);
    case ENOTDIR:
      throw InputError(path.string(), std::nullopt, "path", "a file used as a folder in the path",
                       expected);
    case ENAMETOOLONG:
      throw InputError(path.string(), std::nullopt, "path",
                       "a name too long for the system (" + std::to_string(path.native().size()) +
                           " bytes in all)",
                       "components of at most 255 bytes, at most 4095 bytes in all");
    case ELOOP:
      throw InputError(path.string(), std::nullopt, "path",
                       "a loop of symbolic links (or too many links)", expected);
    default:
      throw IoError(path.string(), "cannot read", reason(error));
  }
}

// Checks the path's components before asking the system (whose message names no component).
void check_component_lengths(const fs::path& path) {
  const std::string& text = path.native();
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('/', start);
    if (end == std::string::npos) end = text.size();
    if (end - start > 255)
      throw InputError(text, std::nullopt, "path",
                       "a component of " + std::to_string(end - start) + " bytes (" +
                           quoted(std::string_view(text).substr(start, end - start), 40) + ")",
                       "path components of at most 255 bytes");
    start = end + 1;
  }
  if (text.size() >= 4096)
    throw InputError(text, std::nullopt, "path", std::to_string(text.size()) + " bytes",
                     "a path of at most 4095 bytes");
}

}  // namespace

PathKind input_path_kind(const fs::path& path) {
  check_component_lengths(path);
  struct stat status {};
  if (::stat(path.c_str(), &status) != 0) path_error(path, errno, "an existing file or folder");
  if (S_ISREG(status.st_mode)) return PathKind::file;
  if (S_ISDIR(status.st_mode)) return PathKind::folder;
  throw InputError(path.string(), std::nullopt, "path", file_type_name(status.st_mode),
                   "a regular file or a folder");
}

std::string read_file(const fs::path& path, std::uint64_t max_bytes) {
  check_component_lengths(path);
  // O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused just below).
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    const int error = errno;
    path_error(path, error, "an existing file");
  }
  struct stat status {};
  if (::fstat(fd, &status) != 0) {
    const int error = errno;
    ::close(fd);
    throw IoError(path.string(), "cannot read", reason(error));
  }
  if (!S_ISREG(status.st_mode)) {
    ::close(fd);
    throw InputError(path.string(), std::nullopt, "path", file_type_name(status.st_mode), "a file");
  }
  const auto size = static_cast<std::uint64_t>(status.st_size);
  if (size > max_bytes) {
    ::close(fd);
    throw InputError(path.string(), std::nullopt, "file size", std::to_string(size) + " bytes",
                     "at most " + std::to_string(max_bytes) + " bytes (docs/errors.md, Limits)");
  }
  std::string content;
  content.reserve(static_cast<std::size_t>(size));
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n < 0) {
      const int error = errno;
      ::close(fd);
      // Linux reports EISDIR only at read() for some file systems.
      if (error == EISDIR)
        throw InputError(path.string(), std::nullopt, "path", "a folder", "a file");
      throw IoError(path.string(), "cannot read", reason(error));
    }
    if (n == 0) break;
    if (content.size() + static_cast<std::size_t>(n) > max_bytes) {  // the file grew
      ::close(fd);
      throw InputError(path.string(), std::nullopt, "file size",
                       "more than " + std::to_string(max_bytes) + " bytes",
                       "at most " + std::to_string(max_bytes) + " bytes (docs/errors.md, Limits)");
    }
    content.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return content;
}

void sync_folder(const fs::path& folder) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  sync_descriptor(fd);  // best effort, as above
  ::close(fd);
}

PendingFile::PendingFile(fs::path target, Durability durability)
    : target_(std::move(target)), durability_(durability) {
  std::error_code ignored;
  fs::path absolute = fs::absolute(target_, ignored);
  if (absolute.empty()) absolute = target_;
  temporary_ = absolute;
  temporary_ += kTemporarySuffix;
}

PendingFile::~PendingFile() { abandon(); }

void PendingFile::abandon() noexcept {
  if (done_) return;
  done_ = true;
  ::unlink(temporary_.c_str());
}

void PendingFile::commit() {
  if (done_) throw IoError(target_.string(), "cannot write", "committed twice");
  if (durability_ == Durability::durable) {
    const int fd = ::open(temporary_.c_str(), O_RDONLY | O_CLOEXEC);
    const int error = fd < 0 ? errno : sync_descriptor(fd);
    if (fd >= 0) ::close(fd);
    if (error != 0) {
      abandon();
      throw IoError(target_.string(), "cannot sync " + temporary_.string(), reason(error));
    }
  }
  if (::rename(temporary_.c_str(), target_.c_str()) != 0) {
    const int error = errno;
    abandon();
    throw IoError(target_.string(), "cannot replace it with " + temporary_.string(), reason(error));
  }
  done_ = true;
  if (durability_ == Durability::durable) sync_folder(parent_folder(target_));
}

AtomicFile::AtomicFile(fs::path target, Durability durability)
    : pending_(std::move(target), durability) {
  file_ = std::fopen(pending_.temporary().c_str(), "wbe");  // 'e': close-on-exec (glibc)
  if (!file_) fail("cannot create", errno);
  std::setvbuf(file_, nullptr, _IOFBF, 1 << 20);
}

AtomicFile::~AtomicFile() {
  if (file_) std::fclose(file_);
  // pending_ removes the temporary file unless committed.
}

void AtomicFile::fail(const char* what, int error) {
  if (file_) std::fclose(file_);
  file_ = nullptr;
  pending_.abandon();
  throw IoError(pending_.target().string(), std::string(what) + " " + pending_.temporary().string(),
                reason(error));
}

void AtomicFile::write(std::string_view text) {
  if (!file_) throw IoError(pending_.target().string(), "cannot write", "already committed");
  if (!text.empty() && std::fwrite(text.data(), 1, text.size(), file_) != text.size())
    fail("cannot write", errno);
}

void AtomicFile::line(std::string_view text) {
  write(text);
  if (std::fputc('\n', file_) == EOF) fail("cannot write", errno);
}

void AtomicFile::commit() {
  if (!file_) throw IoError(pending_.target().string(), "cannot write", "already committed");
  if (std::fflush(file_) != 0) fail("cannot write", errno);
  std::FILE* file = file_;
  file_ = nullptr;
  if (std::fclose(file) != 0) {
    const int error = errno;
    pending_.abandon();
    throw IoError(pending_.target().string(), "cannot write " + pending_.temporary().string(),
                  reason(error));
  }
  pending_.commit();
}

void write_file_atomically(const fs::path& path, std::string_view content, Durability durability) {
  AtomicFile file(path, durability);
  file.write(content);
  file.commit();
}

}  // namespace parley::detail
