#include "parley/service/store.hpp"

#include <sqlite3.h>

#include <array>

#include <nlohmann/json.hpp>

#include "parley/record/record.hpp"
#include "parley/service/preferences.hpp"
#include "service/enum_names.hpp"

namespace parley::service {
namespace {

// The schema, one entry per migration; never edit an entry once released, append a new one.
constexpr std::array<std::string_view, 4> migrations = {
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
    // 2: the analysing phase (analyses run outside every lock), the analysis round a result
    // belongs to, how the proposals were found, and the notice of a stopped analysis. SQLite
    // cannot change a CHECK constraint in place: the table is rebuilt (foreign keys are off while
    // migrations run) and the other tables keep referring to it by name.
    R"sql(
CREATE TABLE negotiations_v2 (
  id             TEXT PRIMARY KEY,
  title          TEXT NOT NULL,
  spec           TEXT NOT NULL,
  phase          TEXT NOT NULL CHECK (phase IN ('collecting', 'analysing', 'drafting', 'agreed')),
  created_at     TEXT NOT NULL,
  proposals      TEXT,
  draft          TEXT,
  draft_version  INTEGER NOT NULL DEFAULT 0,
  agreement      TEXT,
  agreed_at      TEXT,
  analysis_round INTEGER NOT NULL DEFAULT 0,
  analysis       TEXT,
  notice         TEXT
);
INSERT INTO negotiations_v2
  (id, title, spec, phase, created_at, proposals, draft, draft_version, agreement, agreed_at)
  SELECT id, title, spec, phase, created_at, proposals, draft, draft_version, agreement, agreed_at
  FROM negotiations;
DROP TABLE negotiations;
ALTER TABLE negotiations_v2 RENAME TO negotiations;
)sql",
    // 3: the signed record of every negotiation (docs/records.md): its lines, each in canonical
    // JSON and chained to the one before, and each party's commitment to its preferences with the
    // salt that opens it. Negotiations created before have no record.
    R"sql(
CREATE TABLE record_lines (
  negotiation_id TEXT NOT NULL REFERENCES negotiations(id),
  seq            INTEGER NOT NULL,
  line           TEXT NOT NULL,
  PRIMARY KEY (negotiation_id, seq)
);
ALTER TABLE parties ADD COLUMN salt TEXT;
ALTER TABLE parties ADD COLUMN commitment TEXT;
)sql",
    // 4: the deal-closing mechanisms (docs/mechanisms.md): the closed phase, the decision rule
    // and deadline set at creation (settings), the mechanisms' state with the parties' sealed
    // answers (mechanisms) and the deadline again as a column, for the deadline watcher's query.
    R"sql(
CREATE TABLE negotiations_v4 (
  id             TEXT PRIMARY KEY,
  title          TEXT NOT NULL,
  spec           TEXT NOT NULL,
  phase          TEXT NOT NULL
                 CHECK (phase IN ('collecting', 'analysing', 'drafting', 'agreed', 'closed')),
  created_at     TEXT NOT NULL,
  proposals      TEXT,
  draft          TEXT,
  draft_version  INTEGER NOT NULL DEFAULT 0,
  agreement      TEXT,
  agreed_at      TEXT,
  analysis_round INTEGER NOT NULL DEFAULT 0,
  analysis       TEXT,
  notice         TEXT,
  settings       TEXT,
  mechanisms     TEXT,
  deadline       TEXT
);
INSERT INTO negotiations_v4
  (id, title, spec, phase, created_at, proposals, draft, draft_version, agreement, agreed_at,
   analysis_round, analysis, notice)
  SELECT id, title, spec, phase, created_at, proposals, draft, draft_version, agreement, agreed_at,
         analysis_round, analysis, notice
  FROM negotiations;
DROP TABLE negotiations;
ALTER TABLE negotiations_v4 RENAME TO negotiations;
CREATE INDEX negotiations_deadline ON negotiations (deadline) WHERE deadline IS NOT NULL;
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

Connection::Connection(const std::string& path, Access access) {
  // The writing connection is shared by the request threads under Database's mutex and by
  // Database::prepare(); a reading connection serves one thread at a time.
  const int flags = access == Access::write
                        ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX
                        : SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw StoreError("database: cannot open '" + path + "': " + message);
  }
  sqlite3_busy_timeout(db_, 5000);
}

Connection::~Connection() { sqlite3_close(db_); }

Statement Connection::prepare(std::string_view sql) { return Statement(db_, sql); }

void Connection::execute(std::string_view sql) {
  char* message = nullptr;
  const std::string text(sql);
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    const std::string reason = message ? message : "unknown error";
    sqlite3_free(message);
    throw StoreError("database: " + reason);
  }
}

void Connection::rollback_quietly() noexcept {
  sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

Database::Database(const std::string& path)
    : path_(path), writer_(new Connection(path, Connection::Access::write)) {
  writer_->execute("PRAGMA journal_mode=WAL");
  writer_->execute("PRAGMA synchronous=FULL");
  migrate();
  writer_->execute("PRAGMA foreign_keys=ON");
  writer_thread_ = std::thread([this] { writer_loop(); });
  if (path_ != ":memory:") {
    // Replaces SQLite's automatic checkpoint, which would run inside the COMMIT that fills the
    // log, with the writing mutex held.
    sqlite3_wal_hook(writer_->db_, &Database::on_wal_commit, this);
    checkpointer_ = std::thread([this] { checkpoint_loop(); });
  }
}

Database::~Database() {
  {
    std::lock_guard lock(queue_mutex_);
    stopping_ = true;
  }
  queue_wake_.notify_one();
  writer_thread_.join();  // after the requests already queued
  if (checkpointer_.joinable()) {
    {
      std::lock_guard lock(checkpoint_mutex_);
      closing_ = true;
    }
    checkpoint_wake_.notify_one();
    checkpointer_.join();
  }
  // Readers first: the last connection to close checkpoints and removes the log.
  idle_readers_.clear();
  if (writer_) sqlite3_wal_hook(writer_->db_, nullptr, nullptr);
}

int Database::latest_schema_version() noexcept { return static_cast<int>(migrations.size()); }

int Database::schema_version() {
  auto statement = prepare("PRAGMA user_version");
  return statement.step() ? static_cast<int>(statement.integer(0)) : 0;
}

std::string Database::journal_mode() {
  auto statement = prepare("PRAGMA journal_mode");
  return statement.step() ? statement.text(0) : std::string();
}

Statement Database::prepare(std::string_view sql) { return writer_->prepare(sql); }

void Database::execute(std::string_view sql) { writer_->execute(sql); }

void Database::migrate() {
  const int current = schema_version();
  if (current > latest_schema_version())
    throw StoreError("database: schema version " + std::to_string(current) +
                     " is newer than this build knows (" + std::to_string(latest_schema_version()) +
                     ")");
  for (int next = current; next < latest_schema_version(); ++next) {
    auto step = [&](Connection& connection) {
      connection.execute(migrations[static_cast<std::size_t>(next)]);
      connection.execute("PRAGMA user_version=" + std::to_string(next + 1));
    };
    in_transaction(*writer_, "BEGIN IMMEDIATE", step);
  }
}

void Database::write(WriteRequest& request) {
  auto done = request.done.get_future();
  {
    std::lock_guard lock(queue_mutex_);
    if (stopping_) throw StoreError("database: closing");
    queue_.push_back(&request);
  }
  queue_wake_.notify_one();
  done.get();  // rethrows what the work threw, or the failure of the group's COMMIT
}

void Database::writer_loop() {
  // A group is what waited while the previous one committed, up to a bound that keeps one
  // group's latency short.
  constexpr std::size_t max_group = 64;
  std::vector<WriteRequest*> group;
  for (;;) {
    {
      std::unique_lock lock(queue_mutex_);
      queue_wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, nothing left
      while (!queue_.empty() && group.size() < max_group) {
        group.push_back(queue_.front());
        queue_.pop_front();
      }
    }
    {
      std::lock_guard lock(writer_mutex_);
      commit_group(group);
    }
    for (auto* request : group) {
      if (request->error)
        request->done.set_exception(request->error);
      else
        request->done.set_value();
    }
    group.clear();
  }
}

void Database::commit_group(const std::vector<WriteRequest*>& group) {
  Connection& connection = *writer_;
  try {
    connection.execute("BEGIN IMMEDIATE");
  } catch (...) {
    for (auto* request : group) request->error = std::current_exception();
    return;
  }
  for (auto* request : group) {
    try {
      connection.execute("SAVEPOINT request");
      try {
        request->work(connection);
        connection.execute("RELEASE request");
      } catch (...) {
        request->error = std::current_exception();
        connection.execute("ROLLBACK TO request");
        connection.execute("RELEASE request");
      }
    } catch (...) {
      // The savepoint itself failed: the transaction is in doubt, nothing of the group commits.
      connection.rollback_quietly();
      for (auto* failed : group) failed->error = std::current_exception();
      return;
    }
  }
  try {
    connection.execute("COMMIT");
  } catch (...) {
    connection.rollback_quietly();
    for (auto* request : group)
      if (!request->error) request->error = std::current_exception();
  }
}

Database::ReaderLease::ReaderLease(Database& owner) : database(owner) {
  {
    std::lock_guard lock(database.readers_mutex_);
    if (!database.idle_readers_.empty()) {
      connection = std::move(database.idle_readers_.back());
      database.idle_readers_.pop_back();
      return;
    }
  }
  // One more reader than ever ran at once: opened outside the lock (it reads the schema).
  connection.reset(new Connection(database.path_, Connection::Access::read));
}

Database::ReaderLease::~ReaderLease() {
  std::lock_guard lock(database.readers_mutex_);
  database.idle_readers_.push_back(std::move(connection));
}

int Database::on_wal_commit(void* database, sqlite3*, const char*, int pages) {
  // SQLite's default threshold (sqlite3_wal_autocheckpoint): 1000 pages.
  constexpr int checkpoint_pages = 1000;
  if (pages >= checkpoint_pages) {
    auto& self = *static_cast<Database*>(database);
    {
      std::lock_guard lock(self.checkpoint_mutex_);
      self.checkpoint_wanted_ = true;
    }
    self.checkpoint_wake_.notify_one();
  }
  return SQLITE_OK;
}

void Database::checkpoint_loop() {
  std::unique_ptr<Connection> connection;
  for (;;) {
    {
      std::unique_lock lock(checkpoint_mutex_);
      checkpoint_wake_.wait(lock, [&] { return checkpoint_wanted_ || closing_; });
      if (closing_) return;
      checkpoint_wanted_ = false;
    }
    try {
      if (!connection) connection.reset(new Connection(path_, Connection::Access::write));
      // PASSIVE: copies what no reader still needs, without waiting for the writer or readers;
      // what it leaves is copied by a later round. A failure leaves the log longer, nothing
      // lost, and the next round tries again.
      sqlite3_wal_checkpoint_v2(connection->db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr,
                                nullptr);
    } catch (const StoreError&) {
    }
  }
}

namespace {

using nlohmann::json;

json parse_stored(const std::string& text) { return text.empty() ? json() : json::parse(text); }

std::optional<std::string> stored_text(const json& value) {
  if (value.is_null()) return std::nullopt;
  return value.dump();
}

Statement& bind_optional(Statement& statement, int index, const std::optional<std::string>& text) {
  return text ? statement.bind(index, *text) : statement.bind_null(index);
}

json proposals_json(const std::vector<Proposal>& proposals) {
  json list = json::array();
  for (const auto& p : proposals)
    list.push_back({{"kind", p.kind}, {"title", p.title}, {"package", p.package}});
  return list;
}

json draft_json(const std::optional<Draft>& draft) {
  if (!draft) return nullptr;
  return {{"package", draft->package},
          {"previous", draft->previous ? json(*draft->previous) : json(nullptr)},
          {"proposed_by", draft->proposed_by}};
}

json analysis_json(const std::optional<AnalysisSummary>& analysis) {
  if (!analysis) return nullptr;
  return {{"method", analysis->method},
          {"exact", analysis->exact},
          {"evaluated", analysis->evaluated},
          {"budget", analysis->budget}};
}

// Appends the transition's record events to the negotiation's record, each stamped `now` and
// chained to the line before. A negotiation created before records (no session_open line) gets
// none: a record without its first line would not verify.
void append_record(Connection& connection, const std::string& id, const std::vector<json>& events,
                   const std::string& now) {
  if (events.empty()) return;
  auto last = connection.prepare(
      "SELECT seq, line FROM record_lines WHERE negotiation_id = ?1 ORDER BY seq DESC LIMIT 1");
  last.bind(1, id);
  std::int64_t seq = 0;
  std::string previous;
  if (last.step()) {
    seq = last.integer(0) + 1;
    previous = last.text(1);
  } else if (events.front().value("event", "") != "session_open") {
    return;
  }
  for (json event : events) {
    event["at"] = now;
    std::string line = chained_line(event.dump(), previous);
    connection.prepare("INSERT INTO record_lines (negotiation_id, seq, line) VALUES (?1, ?2, ?3)")
        .bind(1, id)
        .bind(2, seq++)
        .bind(3, line)
        .run();
    previous = std::move(line);
  }
}

}  // namespace

void insert_negotiation(Connection& connection, const NegotiationState& state,
                        const std::vector<TokenRecord>& tokens, const std::string& now) {
  json names = json::array();
  for (const auto& party : state.parties) names.push_back(party.name);
  const json spec = {{"issues", issues_json(state.issues)}, {"parties", names}};
  auto insert = connection.prepare(
      "INSERT INTO negotiations (id, title, spec, phase, created_at, settings, deadline) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  insert.bind(1, state.id)
      .bind(2, state.title)
      .bind(3, spec.dump())
      .bind(4, to_string(state.phase))
      .bind(5, state.created_at)
      .bind(6, settings_json(state.settings).dump());
  bind_optional(insert, 7,
                state.settings.deadline.empty()
                    ? std::nullopt
                    : std::optional<std::string>(state.settings.deadline));
  insert.run();
  for (const auto& token : tokens)
    connection
        .prepare("INSERT INTO tokens (hash, negotiation_id, role, party) VALUES (?1, ?2, ?3, ?4)")
        .bind(1, token.hash)
        .bind(2, state.id)
        .bind(3, to_string(token.role))
        .bind(4, static_cast<std::int64_t>(token.party))
        .run();
  for (std::size_t p = 0; p < state.parties.size(); ++p)
    connection.prepare("INSERT INTO parties (negotiation_id, party, name) VALUES (?1, ?2, ?3)")
        .bind(1, state.id)
        .bind(2, static_cast<std::int64_t>(p))
        .bind(3, state.parties[p].name)
        .run();
  Transition created{state, {"created"}, {opening_event(state)}};
  save_transition(connection, state, created, now);
}

std::optional<NegotiationState> load_negotiation(Connection& connection, const std::string& id) {
  auto statement = connection.prepare(
      "SELECT title, spec, phase, created_at, proposals, draft, draft_version, agreement, "
      "agreed_at, analysis_round, analysis, notice, settings, mechanisms FROM negotiations "
      "WHERE id = ?1");
  statement.bind(1, id);
  if (!statement.step()) return std::nullopt;
  NegotiationState state;
  state.id = id;
  state.title = statement.text(0);
  state.issues = issues_from_json(json::parse(statement.text(1)).at("issues"));
  const auto phase = detail::kServicePhaseNames.parse(statement.text(2));
  if (!phase)
    throw StoreError("database: negotiation " + id + ": unknown phase '" + statement.text(2) + "'");
  state.phase = *phase;
  state.created_at = statement.text(3);
  for (const auto& p : parse_stored(statement.text(4)))
    state.proposals.push_back(
        {p.at("kind").get<std::string>(), p.at("title").get<std::string>(), p.at("package")});
  if (const json draft = parse_stored(statement.text(5)); !draft.is_null()) {
    Draft d;
    d.version = statement.integer(6);
    d.package = draft.at("package").get<Outcome>();
    if (!draft.at("previous").is_null()) d.previous = draft.at("previous").get<Outcome>();
    d.proposed_by = draft.at("proposed_by").get<std::string>();
    state.draft = std::move(d);
  }
  if (const json agreement = parse_stored(statement.text(7)); !agreement.is_null())
    state.agreement = Agreement{agreement.at("version").get<std::int64_t>(),
                                agreement.at("package").get<Outcome>(), statement.text(8)};
  state.analysis_round = statement.integer(9);
  if (const json analysis = parse_stored(statement.text(10)); !analysis.is_null())
    state.analysis = AnalysisSummary{
        analysis.at("method").get<std::string>(), analysis.at("exact").get<bool>(),
        analysis.at("evaluated").get<std::uint64_t>(), analysis.value("budget", std::uint64_t{0})};
  state.notice = statement.text(11);
  const bool has_settings = !statement.is_null(12);
  if (has_settings) state.settings = settings_from_json(json::parse(statement.text(12)));
  if (!statement.is_null(13))
    state.mechanisms = mechanisms_from_json(json::parse(statement.text(13)));
  auto parties = connection.prepare(
      "SELECT name, preferences, shared, vote, vote_version, salt, commitment FROM parties "
      "WHERE negotiation_id = ?1 ORDER BY party");
  parties.bind(1, id);
  while (parties.step()) {
    PartyState party;
    party.name = parties.text(0);
    if (!parties.is_null(1)) party.preferences = json::parse(parties.text(1));
    party.shared = parties.integer(2) != 0;
    if (!parties.is_null(3)) party.vote = detail::kServiceVoteNames.parse(parties.text(3));
    if (!parties.is_null(4)) party.vote_version = parties.integer(4);
    party.salt = parties.text(5);
    party.commitment = parties.text(6);
    state.parties.push_back(std::move(party));
  }
  // Negotiations created before the mechanisms decided by unanimity.
  if (!has_settings) state.settings.rule.required = state.parties.size();
  return state;
}

void save_transition(Connection& connection, const NegotiationState& before,
                     const Transition& transition, const std::string& now) {
  const NegotiationState& after = transition.state;
  auto update = connection.prepare(
      "UPDATE negotiations SET phase = ?2, proposals = ?3, draft = ?4, draft_version = ?5, "
      "agreement = ?6, agreed_at = ?7, analysis_round = ?8, analysis = ?9, notice = ?10, "
      "mechanisms = ?11 WHERE id = ?1");
  update.bind(1, after.id).bind(2, to_string(after.phase));
  bind_optional(
      update, 3,
      after.proposals.empty() && after.phase != Phase::drafting && after.phase != Phase::agreed
          ? std::nullopt
          : std::optional<std::string>(proposals_json(after.proposals).dump()));
  bind_optional(update, 4, stored_text(draft_json(after.draft)));
  update.bind(5, after.draft ? after.draft->version : std::int64_t{0});
  bind_optional(update, 6,
                after.agreement ? std::optional<std::string>(json{
                                      {"package", after.agreement->package},
                                      {"version",
                                       after.agreement->version}}.dump())
                                : std::nullopt);
  bind_optional(
      update, 7,
      after.agreement ? std::optional<std::string>(after.agreement->agreed_at) : std::nullopt);
  update.bind(8, after.analysis_round);
  bind_optional(update, 9, stored_text(analysis_json(after.analysis)));
  bind_optional(update, 10,
                after.notice.empty() ? std::nullopt : std::optional<std::string>(after.notice));
  update.bind(11, mechanisms_json(after.mechanisms).dump());
  update.run();
  for (std::size_t p = 0; p < after.parties.size(); ++p) {
    const auto& old_party = before.parties.at(p);
    const auto& party = after.parties[p];
    if (party.preferences != old_party.preferences || party.shared != old_party.shared ||
        party.commitment != old_party.commitment) {
      auto statement = connection.prepare(
          "UPDATE parties SET preferences = ?3, shared = ?4, submitted_at = ?5, salt = ?6, "
          "commitment = ?7 WHERE negotiation_id = ?1 AND party = ?2");
      statement.bind(1, after.id).bind(2, static_cast<std::int64_t>(p));
      bind_optional(
          statement, 3,
          party.preferences ? std::optional<std::string>(party.preferences->dump()) : std::nullopt);
      statement.bind(4, std::int64_t{party.shared ? 1 : 0}).bind(5, now);
      bind_optional(statement, 6,
                    party.salt.empty() ? std::nullopt : std::optional<std::string>(party.salt));
      bind_optional(
          statement, 7,
          party.commitment.empty() ? std::nullopt : std::optional<std::string>(party.commitment));
      statement.run();
    }
    if (party.vote != old_party.vote || party.vote_version != old_party.vote_version) {
      auto statement = connection.prepare(
          "UPDATE parties SET vote = ?3, vote_version = ?4 "
          "WHERE negotiation_id = ?1 AND party = ?2");
      statement.bind(1, after.id).bind(2, static_cast<std::int64_t>(p));
      bind_optional(statement, 3,
                    party.vote ? std::optional<std::string>(to_string(*party.vote)) : std::nullopt);
      if (party.vote)
        statement.bind(4, party.vote_version);
      else
        statement.bind_null(4);
      statement.run();
    }
  }
  for (const auto& event : transition.events)
    connection.prepare("INSERT INTO events (negotiation_id, at, what) VALUES (?1, ?2, ?3)")
        .bind(1, after.id)
        .bind(2, now)
        .bind(3, event)
        .run();
  append_record(connection, after.id, transition.record, now);
}

std::vector<std::string> load_record(Connection& connection, const std::string& id) {
  auto statement =
      connection.prepare("SELECT line FROM record_lines WHERE negotiation_id = ?1 ORDER BY seq");
  statement.bind(1, id);
  std::vector<std::string> lines;
  while (statement.step()) lines.push_back(statement.text(0));
  return lines;
}

std::optional<Caller> find_token(Connection& connection, const std::string& hash) {
  auto statement =
      connection.prepare("SELECT negotiation_id, role, party FROM tokens WHERE hash = ?1");
  statement.bind(1, hash);
  if (!statement.step()) return std::nullopt;
  Caller caller;
  caller.negotiation_id = statement.text(0);
  const auto role = detail::kServiceRoleNames.parse(statement.text(1));
  if (!role)
    throw StoreError("database: token of negotiation " + caller.negotiation_id +
                     ": unknown role '" + statement.text(1) + "'");
  caller.role = *role;
  caller.party = static_cast<std::size_t>(statement.integer(2));
  return caller;
}

std::vector<std::string> negotiations_due(Connection& connection, const std::string& now) {
  auto statement = connection.prepare(
      "SELECT id FROM negotiations WHERE deadline IS NOT NULL AND deadline <= ?1 AND phase IN "
      "('collecting', 'analysing', 'drafting') ORDER BY deadline, id");
  statement.bind(1, now);
  std::vector<std::string> ids;
  while (statement.step()) ids.push_back(statement.text(0));
  return ids;
}

std::optional<std::string> next_deadline(Connection& connection) {
  auto statement = connection.prepare(
      "SELECT min(deadline) FROM negotiations WHERE deadline IS NOT NULL AND phase IN "
      "('collecting', 'analysing', 'drafting')");
  if (!statement.step() || statement.is_null(0)) return std::nullopt;
  return statement.text(0);
}

std::vector<std::string> negotiations_in_phase(Connection& connection, Phase phase) {
  auto statement =
      connection.prepare("SELECT id FROM negotiations WHERE phase = ?1 ORDER BY created_at, id");
  statement.bind(1, to_string(phase));
  std::vector<std::string> ids;
  while (statement.step()) ids.push_back(statement.text(0));
  return ids;
}

}  // namespace parley::service
