#include "parley/service/store.hpp"

#include <sqlite3.h>

#include <array>

namespace parley::service {
namespace {

// The schema, one entry per migration; never edit an entry once released, append a new one.
constexpr std::array<std::string_view, 1> migrations = {
    R"sql(
CREATE TABLE negotiations (
  id            TEXT PRIMARY KEY,
  title         TEXT NOT NULL,
  spec          TEXT NOT NULL,
  phase         TEXT NOT NULL CHECK (phase IN ('collecting', 'drafting', 'agreed')),
  created_at    TEXT NOT NULL,
  proposals     TEXT,
  draft         TEXT,
  draft_version INTEGER NOT NULL DEFAULT 0,
  agreement     TEXT,
  agreed_at     TEXT
);
CREATE TABLE tokens (
  hash           TEXT PRIMARY KEY,
  negotiation_id TEXT NOT NULL REFERENCES negotiations(id),
  role           TEXT NOT NULL CHECK (role IN ('mediator', 'party')),
  party          INTEGER NOT NULL
);
CREATE TABLE parties (
  negotiation_id TEXT NOT NULL REFERENCES negotiations(id),
  party          INTEGER NOT NULL,
  name           TEXT NOT NULL,
  preferences    TEXT,
  shared         INTEGER NOT NULL DEFAULT 0,
  submitted_at   TEXT,
  vote           TEXT CHECK (vote IN ('accept', 'reject')),
  vote_version   INTEGER,
  PRIMARY KEY (negotiation_id, party)
);
CREATE TABLE events (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  negotiation_id TEXT NOT NULL REFERENCES negotiations(id),
  at             TEXT NOT NULL,
  what           TEXT NOT NULL
);
)sql",
};

[[noreturn]] void fail(sqlite3* db, std::string_view what) {
  throw StoreError(std::string("database: ") + std::string(what) + ": " +
                   (db ? sqlite3_errmsg(db) : "out of memory"));
}

}  // namespace

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &statement_, nullptr) !=
      SQLITE_OK)
    fail(db, "prepare");
}

Statement::Statement(Statement&& other) noexcept : db_(other.db_), statement_(other.statement_) {
  other.statement_ = nullptr;
}

Statement::~Statement() { sqlite3_finalize(statement_); }

Statement& Statement::bind(int index, std::string_view text) {
  if (sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()),
                        SQLITE_TRANSIENT) != SQLITE_OK)
    fail(db_, "bind");
  return *this;
}

Statement& Statement::bind(int index, std::int64_t number) {
  if (sqlite3_bind_int64(statement_, index, number) != SQLITE_OK) fail(db_, "bind");
  return *this;
}

Statement& Statement::bind_null(int index) {
  if (sqlite3_bind_null(statement_, index) != SQLITE_OK) fail(db_, "bind");
  return *this;
}

bool Statement::step() {
  const int code = sqlite3_step(statement_);
  if (code == SQLITE_ROW) return true;
  if (code == SQLITE_DONE) return false;
  fail(db_, "step");
}

void Statement::run() {
  while (step()) {
  }
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

std::string Statement::text(int column) const {
  const auto* bytes = sqlite3_column_text(statement_, column);
  if (!bytes) return {};
  return std::string(reinterpret_cast<const char*>(bytes),
                     static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
}

std::int64_t Statement::integer(int column) const {
  return sqlite3_column_int64(statement_, column);
}

Database::Database(const std::string& path) {
  if (sqlite3_open_v2(path.c_str(), &db_,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                      nullptr) != SQLITE_OK) {
    const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw StoreError("database: cannot open '" + path + "': " + message);
  }
  sqlite3_busy_timeout(db_, 5000);
  try {
    execute("PRAGMA journal_mode=WAL");
    execute("PRAGMA synchronous=FULL");
    execute("PRAGMA foreign_keys=ON");
    migrate();
  } catch (...) {
    sqlite3_close(db_);
    throw;
  }
}

Database::~Database() { sqlite3_close(db_); }

int Database::latest_schema_version() noexcept { return static_cast<int>(migrations.size()); }

int Database::schema_version() {
  auto statement = prepare("PRAGMA user_version");
  return statement.step() ? static_cast<int>(statement.integer(0)) : 0;
}

std::string Database::journal_mode() {
  auto statement = prepare("PRAGMA journal_mode");
  return statement.step() ? statement.text(0) : std::string();
}

Statement Database::prepare(std::string_view sql) { return Statement(db_, sql); }

void Database::execute(std::string_view sql) {
  char* message = nullptr;
  const std::string text(sql);
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    const std::string reason = message ? message : "unknown error";
    sqlite3_free(message);
    throw StoreError("database: " + reason);
  }
}

void Database::migrate() {
  const int current = schema_version();
  if (current > latest_schema_version())
    throw StoreError("database: schema version " + std::to_string(current) +
                     " is newer than this build knows (" + std::to_string(latest_schema_version()) +
                     ")");
  for (int next = current; next < latest_schema_version(); ++next) {
    transaction([&] {
      execute(migrations[static_cast<std::size_t>(next)]);
      execute("PRAGMA user_version=" + std::to_string(next + 1));
    });
  }
}

void Database::rollback_quietly() noexcept {
  sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

}  // namespace parley::service
