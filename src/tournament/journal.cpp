// The crash-safe journal of a tournament: writing it, and reading it back (docs/tournament.md).
// The merge into the final files is in merge.cpp.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "parley/tournament/tournament.hpp"
#include "support/file_io.hpp"
#include "tournament/enum_names.hpp"
#include "tournament/journal_files.hpp"
#include "tournament_internal.hpp"

namespace parley {
namespace fs = std::filesystem;
using detail::AtomicFile;
using detail::journal_files;
using detail::journal_folder;
using detail::JournalTail;
using detail::sync_folder;
namespace {

[[noreturn]] void fail_system(const std::string& what, const std::string& path) {
  throw IoError(path, what, std::strerror(errno));
}

}  // namespace

namespace detail {

fs::path journal_folder(const std::string& out_dir) { return fs::path(out_dir) / "journal"; }

std::vector<fs::path> journal_files(const std::string& out_dir) {
  std::vector<fs::path> files;
  const fs::path folder = journal_folder(out_dir);
  std::error_code error;
  if (!fs::is_directory(folder, error)) return files;
  for (const auto& entry : fs::directory_iterator(folder, error)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file(error) && name.rfind("part-", 0) == 0 &&
        entry.path().extension() == ".jsonl")
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

JournalTail::JournalTail(fs::path path, std::uint64_t total_jobs)
    : path_(std::move(path)), total_(total_jobs) {
  fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) fail_system("cannot read", path_.string());
}

JournalTail::~JournalTail() {
  if (fd_ >= 0) ::close(fd_);
}

bool JournalTail::fill() {
  if (start_ > 0) {
    buffer_.erase(0, start_);
    start_ = 0;
  }
  const std::size_t had = buffer_.size();
  buffer_.resize(had + (1 << 16));
  for (;;) {
    const ssize_t n = ::read(fd_, buffer_.data() + had, 1 << 16);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail_system("cannot read", path_.string());
    buffer_.resize(had + static_cast<std::size_t>(n));
    return n > 0;
  }
}

JournalTail::Status JournalTail::next(bool final, ResultRow& row, std::string& line) {
  for (;;) {
    const std::size_t end = buffer_.find('\n', start_);
    if (end == std::string::npos) {
      if (buffer_.size() - start_ > kMaxJournalLineBytes) {
        // Far longer than any row: not one of ours. Dropped once, skipped to its newline, so
        // that memory stays bounded and the rows after it are still read.
        if (!skipping_) ++dropped_;
        skipping_ = true;
        buffer_.clear();
        start_ = 0;
      }
      if (fill()) continue;
      if (!final) return Status::waiting;
      // A line without its newline is the torn end of a killed write.
      if (start_ < buffer_.size() && !skipping_) ++dropped_;
      buffer_.clear();
      start_ = 0;
      skipping_ = false;
      return Status::end;
    }
    if (skipping_) {  // the end of an overlong line
      start_ = end + 1;
      skipping_ = false;
      continue;
    }
    line.assign(buffer_, start_, end - start_);
    start_ = end + 1;
    auto parsed = parse_json_line(line);
    if (!parsed || parsed->index >= total_) {
      ++dropped_;
      continue;
    }
    row = std::move(*parsed);
    return Status::row;
  }
}

}  // namespace detail

namespace {

std::string fingerprint(const TournamentSpec& spec, std::uint64_t total_jobs) {
  nlohmann::ordered_json j;
  j["name"] = spec.name;
  j["agents"] = spec.agents;
  nlohmann::json scenarios = nlohmann::json::array();
  for (const auto& source : spec.scenarios)
    scenarios.push_back({{"paths", source.paths}, {"profiles", source.profiles}});
  j["scenarios"] = scenarios;
  j["protocol"] = spec.protocol;
  j["deadline_rounds"] = spec.deadline_rounds;
  j["deadline_seconds"] = spec.deadline_seconds;
  j["roles"] = detail::kRoleModeNames.name(spec.roles);
  j["self_play"] = spec.self_play;
  j["repetitions"] = spec.repetitions;
  j["seed"] = spec.seed;
  j["limit_seconds"] = spec.limit_seconds;
  j["limit_memory_megabytes"] = spec.limit_memory_megabytes;
  // Written only when set: journals of tournaments without it stay as they were.
  if (spec.limit_turn_seconds > 0.0) j["limit_turn_seconds"] = spec.limit_turn_seconds;
  if (!spec.quorum.empty()) j["quorum"] = spec.quorum;
  if (!spec.veto.empty()) j["veto"] = spec.veto;
  if (spec.model_quality) j["model_quality"] = true;
  j["real_steps"] = spec.real_steps;
  j["negotiations"] = total_jobs;
  // The texts are checked to be UTF-8 when the file is read; a folder name that is not (the base
  // of relative paths) is replaced rather than thrown as a library exception.
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace

JournalFolderSync::JournalFolderSync(std::string out_dir)
    : folder_(journal_folder(out_dir).string()) {}

std::uint64_t JournalFolderSync::created() {
  std::lock_guard lock(mutex_);
  return ++created_;
}

void JournalFolderSync::ensure(std::uint64_t ticket) {
  std::lock_guard lock(mutex_);
  if (synced_ >= ticket) return;
  // Covers every file created so far, including those created while a previous sync ran.
  const std::uint64_t target = created_;
  sync_folder(folder_);
  synced_ = target;
}

ResultJournal::ResultJournal(const std::string& out_dir, std::uint32_t rank, std::uint32_t worker,
                             double sync_interval_seconds,
                             std::shared_ptr<JournalFolderSync> folder_sync)
    : sync_interval_(sync_interval_seconds), folder_sync_(std::move(folder_sync)) {
  const fs::path folder = journal_folder(out_dir);
  std::error_code folder_error;
  fs::create_directories(folder, folder_error);
  if (folder_error)
    throw IoError(folder.string(), "cannot create the folder", folder_error.message());
  if (!folder_sync_) folder_sync_ = std::make_shared<JournalFolderSync>(out_dir);
  for (std::uint32_t session = 0;; ++session) {
    path_ = (folder / ("part-R" + std::to_string(rank) + "-W" + std::to_string(worker) + "-S" +
                       std::to_string(session) + ".jsonl"))
                .string();
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644);
    if (fd_ >= 0) break;
    if (errno != EEXIST) fail_system("cannot create", path_);
  }
  ticket_ = folder_sync_->created();
  committer_ = std::thread([this] { commit_loop(); });
}

ResultJournal::~ResultJournal() {
  {
    std::lock_guard lock(mutex_);
    wanted_ = written_;
    stopping_ = true;
  }
  work_.notify_one();
  committer_.join();
  ::close(fd_);
}

void ResultJournal::append(const ResultRow& row) { append_lines(to_json_line(row, true) + '\n'); }

void ResultJournal::append_lines(const std::string& lines, std::function<void()> counted) {
  {
    std::lock_guard lock(mutex_);
    if (error_) std::rethrow_exception(error_);
  }
  const char* data = lines.data();
  std::size_t left = lines.size();
  while (left > 0) {
    const ssize_t written = ::write(fd_, data, left);
    if (written < 0) {
      if (errno == EINTR) continue;
      fail_system("cannot append to", path_);
    }
    data += written;
    left -= static_cast<std::size_t>(written);
  }
  const bool at_once = sync_interval_ > 0.0;
  {
    std::lock_guard lock(mutex_);
    if (written_ == covered_) dirty_since_ = std::chrono::steady_clock::now();
    ++written_;
    if (counted && !at_once) uncounted_.emplace_back(written_, std::move(counted));
  }
  work_.notify_one();
  if (counted && at_once) counted();
}

void ResultJournal::sync() {
  std::unique_lock lock(mutex_);
  const std::uint64_t target = written_;
  wanted_ = std::max(wanted_, target);
  work_.notify_one();
  synced_changed_.wait(lock, [&] { return synced_ >= target || error_; });
  if (error_) std::rethrow_exception(error_);
}

// The committer: syncs the folder once the file exists (so that its name is durable before its
// first rows), then the file whenever lines are due: at once without an interval, else once the
// oldest unsynced line is `sync_interval_` old or sync() asks. The writes made while it syncs are
// left for the next sync, which covers them all.
void ResultJournal::commit_loop() {
  const auto interval = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(std::max(0.0, std::min(sync_interval_, 1e7))));
  try {
    folder_sync_->ensure(ticket_);
    for (;;) {
      std::unique_lock lock(mutex_);
      for (;;) {
        const bool dirty = written_ > covered_;
        if (dirty && (sync_interval_ <= 0.0 || wanted_ > covered_)) break;
        if (dirty) {
          const auto due = dirty_since_ + interval;
          if (std::chrono::steady_clock::now() >= due) break;
          work_.wait_until(lock, due);
          continue;
        }
        if (stopping_) return;
        work_.wait(lock);
      }
      const std::uint64_t target = written_;
      covered_ = target;
      lock.unlock();
      if (::fdatasync(fd_) != 0) fail_system("cannot sync", path_);
      std::vector<std::function<void()>> now_counted;
      lock.lock();
      while (!uncounted_.empty() && uncounted_.front().first <= target) {
        now_counted.push_back(std::move(uncounted_.front().second));
        uncounted_.pop_front();
      }
      lock.unlock();
      for (auto& counted : now_counted) counted();
      lock.lock();
      synced_ = target;
      synced_changed_.notify_all();
    }
  } catch (...) {
    std::lock_guard lock(mutex_);
    error_ = std::current_exception();
    synced_changed_.notify_all();
  }
}

std::string check_output(const std::string& out_dir, const TournamentSpec& spec,
                         std::uint64_t total_jobs, bool resume) {
  std::error_code error;
  fs::create_directories(journal_folder(out_dir), error);
  if (error)
    throw InputError(out_dir, std::nullopt, "--out",
                     "a folder that cannot be created (" + error.message() + ")",
                     "a writable folder");
  const fs::path manifest = fs::path(out_dir) / "tournament.json";
  const std::string expected = fingerprint(spec, total_jobs);
  bool has_rows = false;
  for (const auto& file : journal_files(out_dir))
    if (fs::file_size(file, error) > 0 && !error) has_rows = true;
  error.clear();
  const bool has_manifest = fs::exists(manifest, error);
  if (!resume && (has_rows || has_manifest))
    throw InputError(out_dir, std::nullopt, "--out", "a folder that already holds results",
                     "an empty or new folder, or --resume to continue the run it holds");
  if (resume && has_manifest) {
    std::error_code size_error;
    const auto size = fs::file_size(manifest, size_error);
    if (size_error || size != expected.size() + 1 || detail::read_file(manifest) != expected + "\n")
      throw InputError(manifest.string(), std::nullopt, "tournament",
                       "the results of a different tournament (agents, scenarios or settings "
                       "changed)",
                       "the same tournament file to resume");
    return {};
  }
  return expected;
}

void write_manifest(const std::string& out_dir, const std::string& manifest) {
  detail::AtomicFile file(fs::path(out_dir) / "tournament.json");  // durable: fsync of it and OUT
  file.line(manifest);
  file.commit();
}

void prepare_output(const std::string& out_dir, const TournamentSpec& spec,
                    std::uint64_t total_jobs, bool resume) {
  const std::string manifest = check_output(out_dir, spec, total_jobs, resume);
  if (!manifest.empty()) write_manifest(out_dir, manifest);
}

JournalState read_journal(const std::string& out_dir, std::uint64_t total_jobs) {
  JournalState state;
  state.done.assign(total_jobs, false);
  ResultRow row;
  std::string line;
  for (const auto& path : journal_files(out_dir)) {
    JournalTail reader(path, total_jobs);
    while (reader.next(true, row, line) == JournalTail::Status::row) {
      if (!state.done[row.index]) {
        state.done[row.index] = true;
        ++state.done_count;
      }
    }
    state.dropped_lines += reader.dropped();
  }
  return state;
}

}  // namespace parley
