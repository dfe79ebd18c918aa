// The connection pool over a PostgreSQL server that ends a pooled
// connection (store/connection_pool.h): a statement outside a transaction
// runs once more on a fresh connection, a statement inside a transaction
// reports the loss. The server really ends the connection: another
// connection calls pg_terminate_backend(pid), the same thing a server
// restart or an idle-session timeout does to every pooled connection.
// PostgreSQL only (SQLite has no server to lose); without KINET_TEST_PG_URL
// these cases fail like the rest of the PostgreSQL suite.
#include <chrono>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>

#include "backend_fixture.h"

namespace kinet {
namespace {

class PostgresReconnectTest : public BackendTest {
 protected:
  void SetUp() override {
    OpenFreshDatabase(/*migrate=*/false);
    if (IsSkipped() || HasFatalFailure()) return;
    // One pooled connection, so pg_backend_pid() names the one the next
    // statement will borrow.
    Result<std::unique_ptr<Database>> pool = OpenDatabase(url_, {.max_connections = 1});
    ASSERT_TRUE(pool.ok()) << pool.status().ToString();
    pool_ = std::move(pool).value();
    ASSERT_OK(pool_->ExecuteScript("CREATE TABLE drops (n BIGINT NOT NULL)"));
  }

  void TearDown() override {
    pool_.reset();
    BackendTest::TearDown();
  }

  // The server process behind the pool's connection.
  std::int64_t BackendPid(Executor& on) {
    Result<std::optional<Row>> row = on.QueryOne("SELECT pg_backend_pid()");
    EXPECT_TRUE(row.ok() && *row) << row.status().ToString();
    return row.ok() && *row ? (*row)->Int(0).value_or(0) : 0;
  }

  // A backend leaves pg_stat_activity a moment before its process exits and
  // its socket closes. When the server runs on this machine (the test server
  // of scripts/pg-test-server does), waits (up to 10 s) until the process is
  // gone or a zombie, i.e. its end of the connection is closed; a remote
  // server gets a grace of one second.
  static void WaitUntilExited(std::int64_t pid) {
    const std::string stat = "/proc/" + std::to_string(pid) + "/stat";
    for (int i = 0; i < 400; ++i) {
      std::ifstream in(stat);
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      if (text.empty()) return;                            // gone
      if (text.find("(postgres)") == std::string::npos) {  // not ours to watch: remote server
        std::this_thread::sleep_for(std::chrono::seconds(1));
        return;
      }
      const std::size_t close = text.rfind(')');
      if (close + 2 < text.size() && text[close + 2] == 'Z') return;  // exited, not yet reaped
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
  }

  // Ends server process `pid` from the admin connection and waits until it
  // has left pg_stat_activity and exited, so the pooled connection is
  // certainly dead before the next statement is sent on it.
  void Terminate(std::int64_t pid) {
    Result<std::optional<Row>> done =
        admin_->QueryOne("SELECT pg_terminate_backend(CAST(? AS INTEGER))", {Value(pid)});
    ASSERT_TRUE(done.ok() && *done) << done.status().ToString();
    ASSERT_EQ((*done)->Int(0), 1) << "pg_terminate_backend refused pid " << pid;
    for (int i = 0; i < 200; ++i) {
      Result<std::optional<Row>> left = admin_->QueryOne(
          "SELECT count(*) FROM pg_stat_activity WHERE pid = CAST(? AS INTEGER)", {Value(pid)});
      ASSERT_TRUE(left.ok() && *left) << left.status().ToString();
      if ((*left)->Int(0) == 0) return WaitUntilExited(pid);
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    FAIL() << "server process " << pid << " was still there 10 s after pg_terminate_backend";
  }

  std::int64_t Rows() {
    Result<std::optional<Row>> n = admin_->QueryOne("SELECT count(*) FROM " + schema_ + ".drops");
    EXPECT_TRUE(n.ok() && *n) << n.status().ToString();
    return n.ok() && *n ? (*n)->Int(0).value_or(-1) : -1;
  }

  std::unique_ptr<Database> pool_;
};

TEST_P(PostgresReconnectTest, QueryAfterTheServerEndedThePooledConnectionSucceeds) {
  const std::int64_t before = BackendPid(*pool_);
  ASSERT_GT(before, 0);
  Terminate(before);
  if (HasFatalFailure()) return;
  Result<std::optional<Row>> row = pool_->QueryOne("SELECT pg_backend_pid()");
  ASSERT_TRUE(row.ok()) << row.status().ToString();
  ASSERT_TRUE(*row);
  EXPECT_NE((*row)->Int(0), before) << "the answer must come from a new server process";
}

TEST_P(PostgresReconnectTest, CachedStatementRunsAgainOnTheFreshConnection) {
  // The INSERT is kept prepared on the first connection (postgres_database.h);
  // the fresh connection that replaces it knows nothing of it and prepares
  // it again instead of executing a name its session never saw.
  ASSERT_OK(pool_->Execute("INSERT INTO drops (n) VALUES (?)", {Value(1)}));
  Terminate(BackendPid(*pool_));
  if (HasFatalFailure()) return;
  Result<std::int64_t> inserted = pool_->Execute("INSERT INTO drops (n) VALUES (?)", {Value(2)});
  ASSERT_TRUE(inserted.ok()) << inserted.status().ToString();
  EXPECT_EQ(*inserted, 1);
  EXPECT_EQ(Rows(), 2);
}

TEST_P(PostgresReconnectTest, WriteAfterTheServerEndedThePooledConnectionIsAppliedOnce) {
  Terminate(BackendPid(*pool_));
  if (HasFatalFailure()) return;
  Result<std::int64_t> inserted = pool_->Execute("INSERT INTO drops (n) VALUES (?)", {Value(1)});
  ASSERT_TRUE(inserted.ok()) << inserted.status().ToString();
  EXPECT_EQ(*inserted, 1);
  // Once: the failed attempt was refused by the ending server, not run.
  EXPECT_EQ(Rows(), 1);
}

TEST_P(PostgresReconnectTest, TransactionStartsOnAFreshConnectionWhenTheIdleOneWasEnded) {
  Terminate(BackendPid(*pool_));
  if (HasFatalFailure()) return;
  Status status = pool_->Transact(
      [](Executor& tx) { return ToStatus(tx.Execute("INSERT INTO drops (n) VALUES (2)")); });
  ASSERT_OK(status);
  EXPECT_EQ(Rows(), 1);
}

TEST_P(PostgresReconnectTest, ConnectionEndedInsideATransactionIsReportedNotRetried) {
  int statements_run = 0;
  Status status = pool_->Transact([&](Executor& tx) {
    KINET_RETURN_IF_ERROR(ToStatus(tx.Execute("INSERT INTO drops (n) VALUES (3)")));
    ++statements_run;
    Terminate(BackendPid(tx));
    if (HasFatalFailure()) return Internal("could not end the connection");
    Status second = ToStatus(tx.Execute("INSERT INTO drops (n) VALUES (4)"));
    ++statements_run;
    return second;
  });
  ASSERT_FALSE(HasFatalFailure());
  EXPECT_EQ(status.code(), StatusCode::kUnavailable) << status.ToString();
  EXPECT_EQ(statements_run, 2) << "the callback runs once: a transaction is never replayed";
  // The first INSERT died with its transaction.
  EXPECT_EQ(Rows(), 0);
  // And the pool goes on with a new connection.
  Result<std::int64_t> after = pool_->Execute("INSERT INTO drops (n) VALUES (5)");
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  EXPECT_EQ(Rows(), 1);
}

INSTANTIATE_TEST_SUITE_P(Postgres, PostgresReconnectTest, ::testing::Values(Backend::kPostgres),
                         BackendTestName);

}  // namespace
}  // namespace kinet
