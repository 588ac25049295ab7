// The crash-safe journal of a tournament and the merge into final files (docs/tournament.md).
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <queue>
#include <sstream>
#include <thread>

#include "parley/tournament.hpp"
#include "tournament/atomic_file.hpp"

namespace parley {
namespace fs = std::filesystem;
using tournament_internal::AtomicFile;
namespace {

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

[[noreturn]] void fail_system(const std::string& what, const std::string& path) {
  throw Error(what + " " + path + ": " + std::strerror(errno));
}

void sync_folder(const fs::path& folder) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;  // best effort: some file systems do not allow opening folders
  ::fsync(fd);
  ::close(fd);
}

fs::path journal_folder(const std::string& out_dir) { return fs::path(out_dir) / "journal"; }

std::vector<fs::path> journal_files(const std::string& out_dir) {
  std::vector<fs::path> files;
  const fs::path folder = journal_folder(out_dir);
  if (!fs::is_directory(folder)) return files;
  for (const auto& entry : fs::directory_iterator(folder)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && name.rfind("part-", 0) == 0 &&
        entry.path().extension() == ".jsonl")
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Reads complete, valid rows of one journal file in order; torn or malformed lines are counted.
class JournalReader {
 public:
  JournalReader(const fs::path& path, std::uint64_t total_jobs)
      : path_(path), in_(path, std::ios::binary), total_(total_jobs) {}

  std::optional<ResultRow> next() {
    std::string line;
    while (std::getline(in_, line)) {
      // A line without its newline is the torn end of a killed write.
      if (in_.eof()) {
        if (!line.empty()) ++dropped_;
        break;
      }
      auto row = parse_json_line(line);
      if (!row || row->index >= total_) {
        ++dropped_;
        continue;
      }
      line_ = std::move(line);
      return row;
    }
    return std::nullopt;
  }
  std::uint64_t dropped() const noexcept { return dropped_; }
  const fs::path& path() const noexcept { return path_; }
  // The text of the row next() returned last.
  std::string& line() noexcept { return line_; }

 private:
  fs::path path_;
  std::string line_;
  std::ifstream in_;
  std::uint64_t total_;
  std::uint64_t dropped_ = 0;
};

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
  j["roles"] = spec.roles == RoleMode::all ? "all" : "fixed";
  j["self_play"] = spec.self_play;
  j["repetitions"] = spec.repetitions;
  j["seed"] = spec.seed;
  j["limit_seconds"] = spec.limit_seconds;
  j["limit_memory_megabytes"] = spec.limit_memory_megabytes;
  j["real_steps"] = spec.real_steps;
  j["negotiations"] = total_jobs;
  return j.dump(2);
}

}  // namespace

ResultJournal::ResultJournal(const std::string& out_dir, std::uint32_t rank, std::uint32_t worker,
                             double sync_interval_seconds)
    : sync_interval_(sync_interval_seconds) {
  const fs::path folder = journal_folder(out_dir);
  fs::create_directories(folder);
  for (std::uint32_t session = 0;; ++session) {
    path_ = (folder / ("part-R" + std::to_string(rank) + "-W" + std::to_string(worker) + "-S" +
                       std::to_string(session) + ".jsonl"))
                .string();
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644);
    if (fd_ >= 0) break;
    if (errno != EEXIST) fail_system("cannot create", path_);
  }
  sync_folder(folder);  // the new file's name survives a power loss
  last_sync_ = now_seconds();
}

ResultJournal::~ResultJournal() {
  if (fd_ >= 0) {
    if (dirty_) ::fdatasync(fd_);
    ::close(fd_);
  }
}

void ResultJournal::append(const ResultRow& row) { append_lines(to_json_line(row, true) + '\n'); }

void ResultJournal::append_lines(const std::string& lines) {
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
  dirty_ = true;
  if (sync_interval_ <= 0.0 || now_seconds() - last_sync_ >= sync_interval_) sync();
}

void ResultJournal::sync() {
  if (!dirty_) return;
  if (::fdatasync(fd_) != 0) fail_system("cannot sync", path_);
  dirty_ = false;
  last_sync_ = now_seconds();
}

void prepare_output(const std::string& out_dir, const TournamentSpec& spec,
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
    if (fs::file_size(file) > 0) has_rows = true;
  if (!resume && (has_rows || fs::exists(manifest)))
    throw InputError(out_dir, std::nullopt, "--out", "a folder that already holds results",
                     "an empty or new folder, or --resume to continue the run it holds");
  if (resume && fs::exists(manifest)) {
    std::ifstream in(manifest, std::ios::binary);
    std::stringstream found;
    found << in.rdbuf();
    if (found.str() != expected + "\n")
      throw InputError(manifest.string(), std::nullopt, "tournament",
                       "the results of a different tournament (agents, scenarios or settings "
                       "changed)",
                       "the same tournament file to resume");
    return;
  }
  AtomicFile file(manifest);
  file.line(expected);
  file.commit();
  sync_folder(out_dir);
}

JournalState read_journal(const std::string& out_dir, std::uint64_t total_jobs) {
  JournalState state;
  state.done.assign(total_jobs, false);
  for (const auto& path : journal_files(out_dir)) {
    JournalReader reader(path, total_jobs);
    while (auto row = reader.next()) {
      if (!state.done[row->index]) {
        state.done[row->index] = true;
        ++state.done_count;
      }
    }
    state.dropped_lines += reader.dropped();
  }
  return state;
}

namespace {

// One journal row ready to be written: parsed (for the summary), and in its final forms.
struct MergedRow {
  ResultRow row;
  std::string jsonl;    // to_json_line(row, false)
  std::string csv;      // to_csv_line(row, max_parties)
  std::string seconds;  // the time as written in the journal
};

// Reads, checks and formats the journal files on `threads` threads, each file into its own bounded
// queue, so that the merge itself only interleaves finished rows. Memory is bounded by the number
// of files times the queue capacity, whatever the number of rows.
class MergeFeed {
 public:
  MergeFeed(const std::vector<fs::path>& files, std::uint64_t total_jobs, std::size_t max_parties,
            std::uint32_t threads)
      : max_parties_(max_parties) {
    for (const auto& file : files) feeds_.push_back(std::make_unique<Feed>(file, total_jobs));
    const std::size_t producers =
        std::max<std::size_t>(1, std::min<std::size_t>(threads, feeds_.size()));
    for (std::size_t t = 0; t < producers && !feeds_.empty(); ++t)
      producers_.emplace_back([this, t, producers] { produce(t, producers); });
  }
  ~MergeFeed() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    space_.notify_all();
    for (auto& thread : producers_) thread.join();
  }
  MergeFeed(const MergeFeed&) = delete;
  MergeFeed& operator=(const MergeFeed&) = delete;

  std::size_t size() const noexcept { return feeds_.size(); }
  const fs::path& path(std::size_t file) const { return feeds_[file]->reader.path(); }

  // The next row of `file`, or nullopt at its end. Rethrows a producer's error.
  std::optional<MergedRow> next(std::size_t file) {
    Feed& feed = *feeds_[file];
    std::unique_lock lock(mutex_);
    data_.wait(lock, [&] { return !feed.queue.empty() || feed.ended || error_; });
    if (error_) std::rethrow_exception(error_);
    if (feed.queue.empty()) return std::nullopt;
    MergedRow row = std::move(feed.queue.front());
    feed.queue.pop_front();
    if (feed.queue.size() == capacity / 2) {
      lock.unlock();
      space_.notify_all();
    }
    return row;
  }

 private:
  static constexpr std::size_t capacity = 2048;
  static constexpr std::size_t batch = 128;

  struct Feed {
    Feed(const fs::path& path, std::uint64_t total_jobs) : reader(path, total_jobs) {}
    JournalReader reader;  // used by one producer only
    std::deque<MergedRow> queue;
    bool ended = false;
  };

  // Producer `t` of `producers` serves files t, t + producers, ...: it tops up any of its queues
  // that has room, a batch at a time, and sleeps when they are all full.
  void produce(std::size_t t, std::size_t producers) {
    try {
      std::vector<MergedRow> made;
      for (;;) {
        bool worked = false, open = false;
        for (std::size_t f = t; f < feeds_.size(); f += producers) {
          Feed& feed = *feeds_[f];
          {
            std::lock_guard lock(mutex_);
            if (stopping_) return;
            if (feed.ended) continue;
            open = true;
            if (feed.queue.size() >= capacity) continue;
          }
          made.clear();
          bool ended = false;
          while (made.size() < batch) {
            auto row = feed.reader.next();
            if (!row) {
              ended = true;
              break;
            }
            auto [jsonl, seconds] = split_time(feed.reader.line());
            made.push_back({std::move(*row), std::move(jsonl), {}, std::string(seconds)});
            made.back().csv = to_csv_line(made.back().row, max_parties_);
          }
          {
            std::lock_guard lock(mutex_);
            for (auto& row : made) feed.queue.push_back(std::move(row));
            feed.ended = ended;
          }
          data_.notify_all();
          worked = true;
        }
        if (!open) return;
        if (!worked) {
          std::unique_lock lock(mutex_);
          space_.wait(lock, [&] {
            if (stopping_) return true;
            for (std::size_t f = t; f < feeds_.size(); f += producers)
              if (!feeds_[f]->ended && feeds_[f]->queue.size() < capacity) return true;
            return false;
          });
        }
      }
    } catch (...) {
      {
        std::lock_guard lock(mutex_);
        if (!error_) error_ = std::current_exception();
      }
      data_.notify_all();
    }
  }

  std::size_t max_parties_;
  std::vector<std::unique_ptr<Feed>> feeds_;
  std::mutex mutex_;
  std::condition_variable data_, space_;
  std::exception_ptr error_;
  bool stopping_ = false;
  std::vector<std::thread> producers_;
};

}  // namespace

std::uint64_t merge_journal(const std::string& out_dir, std::uint64_t total_jobs,
                            std::size_t max_parties,
                            const std::function<void(const ResultRow&)>& on_row,
                            std::uint32_t threads) {
  MergeFeed feed(journal_files(out_dir), total_jobs, max_parties, threads);
  std::vector<MergedRow> heads(feed.size());
  using Entry = std::pair<std::uint64_t, std::size_t>;  // (job index, file)
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue;
  for (std::size_t f = 0; f < feed.size(); ++f) {
    if (auto row = feed.next(f)) {
      heads[f] = std::move(*row);
      queue.emplace(heads[f].row.index, f);
    }
  }
  const fs::path out(out_dir);
  AtomicFile jsonl(out / "results.jsonl");
  AtomicFile csv(out / "results.csv");
  AtomicFile timings(out / "timings.csv");
  csv.line(csv_header(max_parties));
  timings.line("index,seconds");
  std::uint64_t next = 0;
  while (!queue.empty()) {
    const auto [index, which] = queue.top();
    queue.pop();
    if (index + 1 == next) {
      // Already written (a job recorded twice); drop the copy.
    } else if (index != next) {
      throw Error("the journal in " + journal_folder(out_dir).string() + " lacks negotiation " +
                  std::to_string(next) + (index < next ? " (a journal file is out of order)" : "") +
                  "; run again with --resume to complete it");
    } else {
      const MergedRow& row = heads[which];
      jsonl.line(row.jsonl);
      csv.line(row.csv);
      timings.line(std::to_string(index) + "," + row.seconds);
      if (on_row) on_row(row.row);
      ++next;
    }
    if (auto row = feed.next(which)) {
      if (row->row.index < index)
        throw Error("journal file " + feed.path(which).string() + " is out of job order");
      heads[which] = std::move(*row);
      queue.emplace(heads[which].row.index, which);
    }
  }
  if (next != total_jobs)
    throw Error("the journal in " + journal_folder(out_dir).string() + " holds " +
                std::to_string(next) + " of " + std::to_string(total_jobs) +
                " negotiations; run again with --resume to complete it");
  jsonl.commit();
  csv.commit();
  timings.commit();
  sync_folder(out);
  return next;
}

}  // namespace parley
