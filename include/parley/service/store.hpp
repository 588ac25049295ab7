// The mediation service's storage: one embedded SQLite database file.
//
// Journal mode WAL (readers do not block the writer), synchronous=FULL (a transaction whose COMMIT
// returned survives a crash of the process or of the machine: https://sqlite.org/wal.html),
// foreign keys on. The schema is a numbered list of migrations; PRAGMA user_version records how
// many have run, and each runs in its own transaction, so an old database file is brought up to
// date when it is opened (migrations run with foreign keys off, so one may rebuild a table). Every
// state change of the service is one short transaction on the one writing connection
// (transaction()); reads (token lookups, views) run on read-only connections of their own
// (read()), so they never queue behind a write and its fsync. The write-ahead log is copied back
// into the database file by a background thread, not by the COMMIT that happens to fill it.
//
// The negotiation records (load_negotiation, save_transition...) map NegotiationState onto the
// tables negotiations, parties, tokens and events; phases are stored by their names
// (to_string(Phase)).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "parley/service/negotiation.hpp"
#include "parley/support/error.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace parley::service {

// A failure of the database itself (disk full, corrupt file, SQL error of parley's own).
class StoreError : public Error {
 public:
  using Error::Error;
};

class Connection;

// One prepared SQL statement; parameters are numbered from 1, columns from 0.
class Statement {
 public:
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  ~Statement();

  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, std::int64_t number);
  Statement& bind_null(int index);
  // Advances to the next row: true when a row is ready, false when done.
  bool step();
  // Runs a statement that returns no rows.
  void run();

  bool is_null(int column) const;
  std::string text(int column) const;
  std::int64_t integer(int column) const;

 private:
  friend class Connection;
  Statement(sqlite3* db, std::string_view sql);
  sqlite3* db_ = nullptr;
  sqlite3_stmt* statement_ = nullptr;
};

// One SQLite connection to the database file. A connection serves one thread at a time: Database
// lends the writing one under its mutex (transaction()) and a reading one to each concurrent
// reader (read()).
class Connection {
 public:
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  Statement prepare(std::string_view sql);
  void execute(std::string_view sql);

 private:
  friend class Database;
  enum class Access { write, read };
  Connection(const std::string& path, Access access);
  void rollback_quietly() noexcept;
  sqlite3* db_ = nullptr;
};

class Database {
 public:
  // Opens (or creates) the file and applies pending migrations. ":memory:" gives a private
  // in-memory database (tests), whose reads share the writing connection.
  explicit Database(const std::string& path);
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // Number of migrations applied (PRAGMA user_version).
  int schema_version();
  // Number of migrations this build knows.
  static int latest_schema_version() noexcept;
  // The journal mode in force ("wal" for files, "memory" for :memory:).
  std::string journal_mode();

  // On the writing connection, outside any transaction (maintenance and tests).
  Statement prepare(std::string_view sql);
  void execute(std::string_view sql);

  // Runs `work(connection)` in a write transaction and returns what it returns once that
  // transaction is committed (durable: synchronous=FULL); rethrows what `work` throws, after
  // undoing what it wrote. Writes are serialised on one writer thread that commits the requests
  // waiting together as one transaction (group commit: one fsync for the group, no hand-over of
  // a lock between request threads), each request inside a SAVEPOINT of its own so that one
  // that throws leaves the others in. Keep `work` short (load, transition, save). `work` must
  // not call transaction() itself.
  template <typename Work>
  auto transaction(Work&& work) -> decltype(work(std::declval<Connection&>())) {
    using Result = decltype(work(std::declval<Connection&>()));
    if constexpr (std::is_void_v<Result>) {
      WriteRequest request;
      request.work = [&](Connection& connection) { work(connection); };
      write(request);
    } else {
      std::optional<Result> result;
      WriteRequest request;
      request.work = [&](Connection& connection) { result.emplace(work(connection)); };
      write(request);
      return std::move(*result);
    }
  }

  // Runs `work(connection)` in one read transaction (a consistent snapshot of the last commit)
  // on a read-only connection of its own: readers wait neither for the writer nor for each other
  // (WAL). `work` must not write. An in-memory database reads on the writing connection.
  template <typename Work>
  auto read(Work&& work) -> decltype(work(std::declval<Connection&>())) {
    if (path_ == ":memory:") {
      std::lock_guard lock(writer_mutex_);
      return in_transaction(*writer_, "BEGIN", work);
    }
    ReaderLease lease(*this);
    return in_transaction(*lease.connection, "BEGIN", work);
  }

 private:
  // A reading connection borrowed from the idle ones (or opened) and given back.
  struct ReaderLease {
    explicit ReaderLease(Database& database);
    ~ReaderLease();
    ReaderLease(const ReaderLease&) = delete;
    ReaderLease& operator=(const ReaderLease&) = delete;
    Database& database;
    std::unique_ptr<Connection> connection;
  };

  template <typename Work>
  static auto in_transaction(Connection& connection, std::string_view begin, Work& work)
      -> decltype(work(connection)) {
    connection.execute(begin);
    try {
      if constexpr (std::is_void_v<decltype(work(connection))>) {
        work(connection);
        connection.execute("COMMIT");
      } else {
        auto result = work(connection);
        connection.execute("COMMIT");
        return result;
      }
    } catch (...) {
      connection.rollback_quietly();
      throw;
    }
  }

  // A write waiting for the writer thread.
  struct WriteRequest {
    std::function<void(Connection&)> work;
    std::exception_ptr error;
    // Fulfilled when the group is committed: wakes this requester only.
    std::promise<void> done;
  };
  // Queues the request and waits until its group is committed (or failed).
  void write(WriteRequest& request);
  void writer_loop();
  // Runs one group in one transaction on the writing connection (writer_mutex_ held).
  void commit_group(const std::vector<WriteRequest*>& group);

  void migrate();
  // Checkpoints the write-ahead log on a connection of its own when the writer signals that it
  // has grown, so that no COMMIT (and no request waiting for the write mutex) pays for copying
  // the log into the database file and its fsync.
  void checkpoint_loop();

  std::string path_;
  std::unique_ptr<Connection> writer_;
  // Held while the writing connection is in use (a group, a migration, an in-memory read).
  std::mutex writer_mutex_;
  std::mutex queue_mutex_;
  std::condition_variable queue_wake_;  // the writer thread: requests are waiting
  std::deque<WriteRequest*> queue_;
  bool stopping_ = false;
  std::thread writer_thread_;
  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<Connection>> idle_readers_;
  std::mutex checkpoint_mutex_;
  std::condition_variable checkpoint_wake_;
  bool checkpoint_wanted_ = false;
  bool closing_ = false;
  std::thread checkpointer_;

  // sqlite3_wal_hook callback of the writing connection: wakes checkpoint_loop().
  static int on_wal_commit(void* database, sqlite3* db, const char* name, int pages);
};

// The records of the mediation service: writers inside Database::transaction, readers inside
// either Database::read or Database::transaction.
struct TokenRecord {
  std::string hash;  // token_hash() of the secret
  Role role = Role::party;
  std::size_t party = 0;
};
void insert_negotiation(Connection& connection, const NegotiationState& state,
                        const std::vector<TokenRecord>& tokens, const std::string& now);
// Empty when no negotiation has that id.
std::optional<NegotiationState> load_negotiation(Connection& connection, const std::string& id);
// Writes what changed from `before` to `transition.state`, and the events, stamped `now`; appends
// the transition's record events to the negotiation's record (table record_lines).
void save_transition(Connection& connection, const NegotiationState& before,
                     const Transition& transition, const std::string& now);
// The negotiation's record lines (canonical JSON, chained), without any signature; empty for a
// negotiation created before the service kept records.
std::vector<std::string> load_record(Connection& connection, const std::string& id);
// Who holds the token with this hash; empty when unknown.
std::optional<Caller> find_token(Connection& connection, const std::string& hash);
// Ids of the open negotiations (collecting, analysing, drafting) whose deadline is at or before
// `now` (UTC text), earliest first; the earliest deadline of an open negotiation.
std::vector<std::string> negotiations_due(Connection& connection, const std::string& now);
std::optional<std::string> next_deadline(Connection& connection);
// Ids of the negotiations in a phase, oldest first.
std::vector<std::string> negotiations_in_phase(Connection& connection, Phase phase);

}  // namespace parley::service
