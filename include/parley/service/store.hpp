// The mediation service's storage: one embedded SQLite database file.
//
// Journal mode WAL (readers do not block the writer), synchronous=FULL (a transaction whose COMMIT
// returned survives a crash of the process or of the machine: https://sqlite.org/wal.html),
// foreign keys on. The schema is a numbered list of migrations; PRAGMA user_version records how
// many have run, and each runs in its own transaction, so an old database file is brought up to
// date when it is opened (migrations run with foreign keys off, so one may rebuild a table). Every
// state change of the service is one transaction (transaction()).
//
// The negotiation records (load_negotiation, save_transition...) map NegotiationState onto the
// tables negotiations, parties, tokens and events; phases are stored by their names
// (to_string(Phase)).
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "parley/support/error.hpp"
#include "parley/service/negotiation.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace parley::service {

// A failure of the database itself (disk full, corrupt file, SQL error of parley's own).
class StoreError : public Error {
 public:
  using Error::Error;
};

class Database;

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
  friend class Database;
  Statement(sqlite3* db, std::string_view sql);
  sqlite3* db_ = nullptr;
  sqlite3_stmt* statement_ = nullptr;
};

class Database {
 public:
  // Opens (or creates) the file and applies pending migrations. ":memory:" gives a private
  // in-memory database (tests).
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

  Statement prepare(std::string_view sql);
  void execute(std::string_view sql);

  // Runs `work` in BEGIN IMMEDIATE ... COMMIT, one caller at a time; rolls back and rethrows when
  // `work` throws. Returns what `work` returns.
  template <typename Work>
  auto transaction(Work&& work) -> decltype(work()) {
    std::lock_guard lock(mutex_);
    execute("BEGIN IMMEDIATE");
    try {
      if constexpr (std::is_void_v<decltype(work())>) {
        work();
        execute("COMMIT");
      } else {
        auto result = work();
        execute("COMMIT");
        return result;
      }
    } catch (...) {
      rollback_quietly();
      throw;
    }
  }

 private:
  void migrate();
  void rollback_quietly() noexcept;
  sqlite3* db_ = nullptr;
  std::mutex mutex_;
};

// The records of the mediation service; call them inside Database::transaction.
struct TokenRecord {
  std::string hash;  // token_hash() of the secret
  Role role = Role::party;
  std::size_t party = 0;
};
void insert_negotiation(Database& database, const NegotiationState& state,
                        const std::vector<TokenRecord>& tokens, const std::string& now);
// Empty when no negotiation has that id.
std::optional<NegotiationState> load_negotiation(Database& database, const std::string& id);
// Writes what changed from `before` to `transition.state`, and the events, stamped `now`.
void save_transition(Database& database, const NegotiationState& before,
                     const Transition& transition, const std::string& now);
// Who holds the token with this hash; empty when unknown.
std::optional<Caller> find_token(Database& database, const std::string& hash);
// Ids of the negotiations in a phase, oldest first.
std::vector<std::string> negotiations_in_phase(Database& database, Phase phase);

}  // namespace parley::service
