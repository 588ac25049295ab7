// Storage (migrations, WAL, transactions) and tokens (randomness, SHA-256 hashing).
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <set>
#include <thread>

#include "parley/service/store.hpp"
#include "parley/service/tokens.hpp"
#include "service_test_support.hpp"

namespace parley::service {
namespace {

TEST(ServiceStore, MigratesOnceAndUsesWal) {
  test::TemporaryFolder folder;
  const auto path = folder.file("parley.db");
  {
    Database database(path);
    EXPECT_EQ(database.schema_version(), Database::latest_schema_version());
    EXPECT_EQ(database.journal_mode(), "wal");
    database.execute(
        "INSERT INTO negotiations (id, title, spec, phase, created_at) "
        "VALUES ('n1', 't', '{}', 'collecting', 'now')");
  }
  Database reopened(path);  // no migration runs twice (a second CREATE TABLE would throw)
  EXPECT_EQ(reopened.schema_version(), Database::latest_schema_version());
  auto count = reopened.prepare("SELECT COUNT(*) FROM negotiations");
  ASSERT_TRUE(count.step());
  EXPECT_EQ(count.integer(0), 1);
}

TEST(ServiceStore, RefusesADatabaseFromTheFuture) {
  test::TemporaryFolder folder;
  const auto path = folder.file("future.db");
  {
    Database database(path);
    database.execute("PRAGMA user_version=" +
                     std::to_string(Database::latest_schema_version() + 1));
  }
  EXPECT_THROW(Database{path}, StoreError);
}

TEST(ServiceStore, TransactionRollsBackWhenWorkThrows) {
  Database database(":memory:");
  EXPECT_THROW(database.transaction([&](Connection& connection) {
    connection.execute(
        "INSERT INTO negotiations (id, title, spec, phase, created_at) "
        "VALUES ('n1', 't', '{}', 'collecting', 'now')");
    throw InputError("request", std::nullopt, "field", "x", "y");
  }),
               InputError);
  auto count = database.prepare("SELECT COUNT(*) FROM negotiations");
  ASSERT_TRUE(count.step());
  EXPECT_EQ(count.integer(0), 0);
  // The schema's CHECK constraints hold: an unknown phase is refused.
  EXPECT_THROW(database.execute("INSERT INTO negotiations (id, title, spec, phase, created_at) "
                                "VALUES ('n2', 't', '{}', 'nonsense', 'now')"),
               StoreError);
}

// Reads run on connections of their own: one completes while a write transaction is open (it
// sees the last commit, not the open transaction's rows), and sees the rows once committed.
TEST(ServiceStore, ReadsDoNotWaitForAnOpenWrite) {
  test::TemporaryFolder folder;
  Database database(folder.file("concurrent.db"));
  const auto count_rows = [&] {
    return database.read([](Connection& connection) {
      auto count = connection.prepare("SELECT COUNT(*) FROM negotiations");
      count.step();
      return count.integer(0);
    });
  };
  std::promise<void> written, released;
  std::thread writer([&] {
    database.transaction([&](Connection& connection) {
      connection.execute(
          "INSERT INTO negotiations (id, title, spec, phase, created_at) "
          "VALUES ('n1', 't', '{}', 'collecting', 'now')");
      written.set_value();
      released.get_future().wait();  // the write lock stays held meanwhile
    });
  });
  written.get_future().wait();
  EXPECT_EQ(count_rows(), 0);  // returned although the writer still holds its transaction
  released.set_value();
  writer.join();
  EXPECT_EQ(count_rows(), 1);
  // A reading connection cannot write.
  EXPECT_THROW(
      database.read([](Connection& connection) { connection.execute("DELETE FROM negotiations"); }),
      StoreError);
  EXPECT_EQ(count_rows(), 1);
}

// Concurrent writes are committed in groups, each request in a savepoint of its own: the requests
// that throw leave nothing behind and get their own exception; every other one is committed.
TEST(ServiceStore, ConcurrentWritesCommitOrFailAlone) {
  test::TemporaryFolder folder;
  Database database(folder.file("groups.db"));
  constexpr int writers = 16, writes = 20;
  std::atomic<int> refused{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < writers; ++w)
    threads.emplace_back([&, w] {
      for (int i = 0; i < writes; ++i) {
        const std::string id = std::to_string(w) + "-" + std::to_string(i);
        try {
          database.transaction([&](Connection& connection) {
            connection
                .prepare(
                    "INSERT INTO negotiations (id, title, spec, phase, created_at) "
                    "VALUES (?1, 't', '{}', 'collecting', 'now')")
                .bind(1, id)
                .run();
            if (i % 3 == 0) throw InputError("request", std::nullopt, id, "x", "y");
          });
        } catch (const InputError& e) {
          if (e.field() == id) ++refused;
        }
      }
    });
  for (auto& thread : threads) thread.join();
  constexpr int thrown = writers * ((writes + 2) / 3);  // i = 0, 3, ..., 18: 7 per writer
  EXPECT_EQ(refused.load(), thrown);
  const auto rows = database.read([](Connection& connection) {
    std::set<std::string> ids;
    auto select = connection.prepare("SELECT id FROM negotiations");
    while (select.step()) ids.insert(select.text(0));
    return ids;
  });
  EXPECT_EQ(rows.size(), std::size_t{writers * writes - thrown});
  for (int w = 0; w < writers; ++w)
    for (int i = 0; i < writes; ++i)
      EXPECT_EQ(rows.count(std::to_string(w) + "-" + std::to_string(i)), i % 3 == 0 ? 0u : 1u);
}

TEST(ServiceTokens, CarryAtLeast128RandomBits) {
  static_assert(token_bits >= 128);
  std::set<std::string> seen;
  std::array<int, 256> counts{};
  for (int i = 0; i < 2000; ++i) {
    const auto token = new_token();
    ASSERT_EQ(token.size(), 43u);  // ceil(256 / 6) base64url characters
    for (const char c : token) {
      ASSERT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') << token;
      ++counts[static_cast<unsigned char>(c)];
    }
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 2000u);
  // 2000 * 42 full characters over 64 symbols: about 1312 each; every symbol shows up often.
  for (const char c : std::string("AZaz09-_"))
    EXPECT_GT(counts[static_cast<unsigned char>(c)], 1000);
}

TEST(ServiceTokens, HashIsSha256) {
  // FIPS 180-2 test vectors.
  EXPECT_EQ(token_hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(token_hash(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(random_hex(16).size(), 32u);
}

}  // namespace
}  // namespace parley::service
