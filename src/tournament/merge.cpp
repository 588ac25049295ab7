// The merge of a tournament's journal into its final files (docs/tournament.md): in job order,
// duplicates dropped, while the negotiations are still running when asked to (JournalMerge
// with live = true), so that the files are ready soon after the last negotiation.
//
// Producer threads read, check and format the journal files (each file into its own bounded
// queue, so memory stays flat whatever the number of rows); one consumer thread writes the rows
// in job order and feeds the summary. A row is written as soon as it and every row before it
// are in the journal; while the run goes on, the consumer waits for the job it needs next.
//
// Nobody polls. The writers of this process say when a journal file grew (appended()), producers
// say when a queue grew or a file ended, the consumer says when a queue has room again, finish()
// says that nothing more will be written. Each side counts the events it waits for and sleeps
// only until the count moves past the one it saw before it last looked, so no wake-up is lost.
// The one timed wait (`rescan`) is a safety net for the files of other processes (MPI ranks),
// which nobody announces: it only looks again, and the end of the merge never waits for it.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <queue>
#include <set>
#include <thread>

#include "parley/tournament/tournament.hpp"
#include "support/file_io.hpp"
#include "tournament/journal_files.hpp"
#include "tournament_internal.hpp"

namespace parley {
namespace fs = std::filesystem;
using detail::AtomicFile;
using detail::Durability;
using detail::journal_files;
using detail::journal_folder;
using detail::JournalTail;

namespace {

// One journal row ready to be written: parsed (for the summary), and in its final forms.
struct MergedRow {
  ResultRow row;
  std::string jsonl;    // to_json_line(row, false)
  std::string csv;      // to_csv_line(row, max_parties)
  std::string seconds;  // the time as written in the journal
};

}  // namespace

class JournalMerge::Impl {
 public:
  Impl(std::string out_dir, std::uint64_t total_jobs, std::size_t max_parties,
       std::function<void(const ResultRow&)> on_row, std::uint32_t threads, bool live,
       double rescan_seconds)
      : out_dir_(std::move(out_dir)),
        total_(total_jobs),
        max_parties_(max_parties),
        on_row_(std::move(on_row)),
        rescan_(std::chrono::duration_cast<std::chrono::steady_clock::duration>(
            std::chrono::duration<double>(std::clamp(rescan_seconds, 1e-3, 1e7)))),
        final_(!live) {
    discover();
    const std::size_t producers = std::max<std::uint32_t>(1, threads);
    for (std::size_t t = 0; t < producers; ++t)
      threads_.emplace_back([this, t, producers] { produce(t, producers); });
    consumer_ = std::thread([this] { consume(); });
  }

  ~Impl() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
      final_ = true;
      changed_files();
      changed_queues();
    }
    if (consumer_.joinable()) consumer_.join();
    for (auto& thread : threads_) thread.join();
  }

  void appended(const std::string& path) {
    std::lock_guard lock(mutex_);
    if (known_.insert(path).second) pending_.push_back(path);
    changed_files();
  }

  std::uint64_t finish() {
    discover();  // files of other processes created at the very end of the run
    {
      std::lock_guard lock(mutex_);
      final_ = true;
      changed_files();
      changed_queues();
    }
    consumer_.join();
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
      changed_files();
    }
    for (auto& thread : threads_) thread.join();
    threads_.clear();
    if (error_) std::rethrow_exception(error_);
    return written_;
  }

 private:
  static constexpr std::size_t batch = 128;

  // Rows queued per file: about 32,768 rows in all (tens of MB), at least 16 per file.
  std::size_t queue_capacity() const {
    return std::clamp<std::size_t>(32768 / std::max<std::size_t>(1, feeds_.size()), 16, 2048);
  }

  struct Feed {
    Feed(const fs::path& path, std::uint64_t total_jobs) : reader(path, total_jobs) {}
    JournalTail reader;  // used by its producer only
    std::deque<MergedRow> queue;
    bool ended = false;
  };

  // The events producers wait for (a file grew or appeared, room in a queue, the end) and those
  // the consumer waits for (rows queued, a file ended or appeared, the end). Called with mutex_
  // held; notifying under the lock keeps the condition variables alive for the waiters
  // (finish() may return, and the merge be destroyed, as soon as the lock is released).
  void changed_files() {
    ++file_events_;
    files_changed_.notify_all();
  }
  void changed_queues() {
    ++queue_events_;
    queues_changed_.notify_all();
  }

  // Adds the journal files not known yet: those already there when the merge starts, and those
  // of other processes (this process's writers announce theirs with appended()).
  void discover() {
    const auto files = journal_files(out_dir_);
    {
      std::lock_guard lock(mutex_);
      for (const auto& file : files)
        if (known_.insert(file.string()).second) pending_.push_back(file);
    }
    open_pending();
  }

  // Opens the files found or announced (outside the lock); a file that vanished is an error like
  // any unreadable journal.
  void open_pending() {
    for (;;) {
      fs::path file;
      {
        std::lock_guard lock(mutex_);
        if (pending_.empty()) return;
        file = pending_.front();
        pending_.pop_front();
      }
      auto feed = std::make_unique<Feed>(file, total_);
      std::lock_guard lock(mutex_);
      feeds_.push_back(std::move(feed));
      changed_files();
      changed_queues();
    }
  }

  void fail(std::exception_ptr error) {
    std::lock_guard lock(mutex_);
    if (!error_) error_ = error;
    stopping_ = true;
    changed_files();
    changed_queues();
  }

  // Producer `t` of `producers` serves feeds t, t + producers, ...: it tops up any of its queues
  // that has room, a batch at a time, and sleeps when none can move until something changes.
  void produce(std::size_t t, std::size_t producers) {
    try {
      std::vector<MergedRow> made;
      ResultRow row;
      std::string line;
      for (;;) {
        open_pending();
        bool moved = false, final = false;
        std::uint64_t seen = 0;  // the events already accounted for by this pass
        {
          std::lock_guard lock(mutex_);
          seen = file_events_;
        }
        for (std::size_t f = t;; f += producers) {
          Feed* feed = nullptr;
          std::size_t room = 0;
          {
            std::lock_guard lock(mutex_);
            if (stopping_) return;
            final = final_;
            if (f >= feeds_.size()) break;
            feed = feeds_[f].get();
            const std::size_t capacity = queue_capacity();
            if (feed->ended || feed->queue.size() >= capacity) continue;
            room = std::min(batch, capacity - feed->queue.size());
          }
          made.clear();
          bool ended = false;
          while (made.size() < room) {
            const auto status = feed->reader.next(final, row, line);
            if (status != JournalTail::Status::row) {
              ended = status == JournalTail::Status::end;
              break;
            }
            auto [jsonl, seconds] = split_time(line);
            MergedRow merged{std::move(row), std::move(jsonl), {}, std::string(seconds)};
            merged.csv = to_csv_line(merged.row, max_parties_);
            made.push_back(std::move(merged));
          }
          if (made.empty() && !ended) continue;
          std::lock_guard lock(mutex_);
          for (auto& merged : made) feed->queue.push_back(std::move(merged));
          feed->ended = ended;
          changed_queues();
          moved = true;
        }
        if (moved) continue;
        std::unique_lock lock(mutex_);
        if (stopping_) return;
        bool open = false;
        for (std::size_t f = t; f < feeds_.size(); f += producers) open |= !feeds_[f]->ended;
        if (final_ && !open && pending_.empty()) {
          // Nothing left to read; stay for feeds that finish() may still add.
          files_changed_.wait(lock, [&] { return stopping_ || file_events_ != seen; });
          continue;
        }
        const bool woken = files_changed_.wait_for(
            lock, rescan_, [&] { return stopping_ || file_events_ != seen; });
        lock.unlock();
        // Nothing happened for a while: look for the files of other processes (the files they
        // hold are read again by the next pass anyway).
        if (!woken && t == 0 && !final) discover();
      }
    } catch (...) {
      fail(std::current_exception());
    }
  }

  // The consumer: takes the rows in job order from the heads of the queues and writes them.
  void consume() {
    try {
      const fs::path out(out_dir_);
      // Derived from the durable journal: --resume rewrites them after a power loss.
      AtomicFile jsonl(out / "results.jsonl", Durability::rebuildable);
      AtomicFile csv(out / "results.csv", Durability::rebuildable);
      AtomicFile timings(out / "timings.csv", Durability::rebuildable);
      csv.line(csv_header(max_parties_));
      timings.line("index,seconds");
      std::vector<std::optional<MergedRow>> heads;
      std::vector<std::uint64_t> last_index;            // per feed, to check each file's order
      std::vector<std::size_t> wanting, still_wanting;  // feeds without a head, not ended
      std::size_t known_feeds = 0;
      using Entry = std::pair<std::uint64_t, std::size_t>;  // (job index, feed)
      std::priority_queue<Entry, std::vector<Entry>, std::greater<>> ready;
      std::uint64_t next = 0;
      for (;;) {
        bool complete = false;   // no row can come any more
        std::uint64_t seen = 0;  // the events already accounted for by this pass
        {
          std::lock_guard lock(mutex_);
          if (stopping_) return;
          seen = queue_events_;
          for (; known_feeds < feeds_.size(); ++known_feeds) wanting.push_back(known_feeds);
          heads.resize(feeds_.size());
          last_index.resize(feeds_.size(), 0);
          still_wanting.clear();
          const std::size_t room = queue_capacity();
          for (const std::size_t f : wanting) {
            Feed& feed = *feeds_[f];
            if (feed.queue.empty()) {
              if (!feed.ended) still_wanting.push_back(f);
              continue;
            }
            heads[f] = std::move(feed.queue.front());
            feed.queue.pop_front();
            if (feed.queue.size() + 1 == room / 2) changed_files();  // room for a batch
            const std::uint64_t index = heads[f]->row.index;
            if (index < last_index[f])
              throw Error("journal file " + feed.reader.path().string() + " is out of job order");
            last_index[f] = index;
            ready.emplace(index, f);
          }
          wanting.swap(still_wanting);
          complete = final_ && pending_.empty() && wanting.empty();
        }
        // Write every row that is next in job order.
        bool wrote = false;
        while (!ready.empty()) {
          const auto [index, f] = ready.top();
          if (index > next) break;
          ready.pop();
          if (index == next) {
            const MergedRow& row = *heads[f];
            jsonl.line(row.jsonl);
            csv.line(row.csv);
            timings.line(std::to_string(index) + "," + row.seconds);
            if (on_row_) on_row_(row.row);
            ++next;
          }  // else: a job recorded twice; the copy is dropped
          heads[f].reset();
          wanting.push_back(f);
          wrote = true;
        }
        if (wrote) continue;  // refill the heads that were used
        // Every feed is ended or waits at a later job: job `next` will not come.
        if (complete) break;
        std::unique_lock lock(mutex_);
        queues_changed_.wait_for(lock, rescan_, [&] { return stopping_ || queue_events_ != seen; });
      }
      if (next != total_)
        throw Error("the journal in " + journal_folder(out_dir_).string() + " holds " +
                    std::to_string(next) + " of " + std::to_string(total_) +
                    " negotiations (negotiation " + std::to_string(next) +
                    " is missing); run again with --resume to complete it");
      jsonl.commit();
      csv.commit();
      timings.commit();
      written_ = next;
    } catch (...) {
      fail(std::current_exception());
    }
  }

  std::string out_dir_;
  std::uint64_t total_;
  std::size_t max_parties_;
  std::function<void(const ResultRow&)> on_row_;
  std::chrono::steady_clock::duration rescan_;

  std::mutex mutex_;
  std::condition_variable files_changed_, queues_changed_;
  std::uint64_t file_events_ = 0, queue_events_ = 0;
  std::vector<std::unique_ptr<Feed>> feeds_;
  std::set<std::string> known_;
  std::deque<fs::path> pending_;
  bool final_ = false;
  bool stopping_ = false;
  std::exception_ptr error_;
  std::uint64_t written_ = 0;
  std::vector<std::thread> threads_;
  std::thread consumer_;
};

JournalMerge::JournalMerge(const std::string& out_dir, std::uint64_t total_jobs,
                           std::size_t max_parties, std::function<void(const ResultRow&)> on_row,
                           std::uint32_t threads, bool live, double rescan_seconds)
    : impl_(std::make_unique<Impl>(out_dir, total_jobs, max_parties, std::move(on_row), threads,
                                   live, rescan_seconds)) {}

JournalMerge::~JournalMerge() = default;

void JournalMerge::appended(const std::string& journal_path) { impl_->appended(journal_path); }

std::uint64_t JournalMerge::finish() { return impl_->finish(); }

std::uint64_t merge_journal(const std::string& out_dir, std::uint64_t total_jobs,
                            std::size_t max_parties,
                            const std::function<void(const ResultRow&)>& on_row,
                            std::uint32_t threads) {
  JournalMerge merge(out_dir, total_jobs, max_parties, on_row, threads, false);
  return merge.finish();
}

}  // namespace parley
