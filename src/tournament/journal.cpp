// The crash-safe journal of a tournament and the merge into final files (docs/tournament.md).
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <queue>
#include <sstream>

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
      return row;
    }
    return std::nullopt;
  }
  std::uint64_t dropped() const noexcept { return dropped_; }
  const fs::path& path() const noexcept { return path_; }

 private:
  fs::path path_;
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

void ResultJournal::append(const ResultRow& row) {
  std::string line = to_json_line(row, true);
  line += '\n';
  const char* data = line.data();
  std::size_t left = line.size();
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

std::uint64_t merge_journal(const std::string& out_dir, std::uint64_t total_jobs,
                            std::size_t max_parties,
                            const std::function<void(const ResultRow&)>& on_row) {
  std::vector<std::unique_ptr<JournalReader>> readers;
  std::vector<ResultRow> heads;
  using Entry = std::pair<std::uint64_t, std::size_t>;  // (job index, reader)
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue;
  for (const auto& path : journal_files(out_dir)) {
    readers.push_back(std::make_unique<JournalReader>(path, total_jobs));
    heads.emplace_back();
    if (auto row = readers.back()->next()) {
      heads.back() = std::move(*row);
      queue.emplace(heads.back().index, readers.size() - 1);
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
      const ResultRow& row = heads[which];
      jsonl.line(to_json_line(row, false));
      csv.line(to_csv_line(row, max_parties));
      timings.line(std::to_string(row.index) + "," + nlohmann::json(row.seconds).dump());
      if (on_row) on_row(row);
      ++next;
    }
    if (auto row = readers[which]->next()) {
      if (row->index < index)
        throw Error("journal file " + readers[which]->path().string() + " is out of job order");
      heads[which] = std::move(*row);
      queue.emplace(heads[which].index, which);
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
