// The PostgreSQL backend's per-connection prepared-statement cache
// (store/postgres_database.h): a statement run again is prepared once; the
// parameter types are part of the key; DDL is never prepared; the cache is
// bounded; a statement whose prepared form the server dropped or refuses
// (DEALLOCATE ALL, a table whose columns changed) runs again. What the
// server holds is read from pg_prepared_statements, which lists the
// prepared statements of the session that reads it, so each case runs on a
// pool of one connection or inside one transaction. PostgreSQL only (the
// SQLite cache is covered by the contract suites).
#include <cstdint>
#include <string>

#include "backend_fixture.h"

namespace kinet {
namespace {

class PostgresStatementCacheTest : public BackendTest {
 protected:
  void SetUp() override {
    OpenFreshDatabase(/*migrate=*/false);
    if (IsSkipped() || HasFatalFailure()) return;
    Result<std::unique_ptr<Database>> pool = OpenDatabase(url_, {.max_connections = 1});
    ASSERT_TRUE(pool.ok()) << pool.status().ToString();
    pool_ = std::move(pool).value();
    ASSERT_OK(pool_->ExecuteScript("CREATE TABLE cached (n BIGINT NOT NULL)"));
  }

  void TearDown() override {
    pool_.reset();
    BackendTest::TearDown();
  }

  // The number of statements the session of `on` holds prepared whose text
  // starts with `prefix`.
  static std::int64_t PreparedLike(Executor& on, const std::string& prefix) {
    Result<std::optional<Row>> n = on.QueryOne(
        "SELECT count(*) FROM pg_prepared_statements WHERE starts_with(statement, ?)", {prefix});
    EXPECT_TRUE(n.ok() && *n) << n.status().ToString();
    return n.ok() && *n ? (*n)->Int(0).value_or(-1) : -1;
  }

  std::unique_ptr<Database> pool_;
};

TEST_P(PostgresStatementCacheTest, StatementRunAgainIsPreparedOnce) {
  for (std::int64_t n = 1; n <= 3; ++n) {
    ASSERT_OK(pool_->Execute("INSERT INTO cached (n) VALUES (?)", {Value(n)}));
  }
  Result<std::optional<Row>> sum = pool_->QueryOne("SELECT CAST(sum(n) AS BIGINT) FROM cached");
  ASSERT_TRUE(sum.ok() && *sum) << sum.status().ToString();
  EXPECT_EQ((*sum)->Int(0), 6);  // 1 + 2 + 3: every execution inserted its own value
  EXPECT_EQ(PreparedLike(*pool_, "INSERT INTO cached"), 1);
}

TEST_P(PostgresStatementCacheTest, ParameterTypesArePartOfTheKey) {
  // One text, three parameter types. Prepared once for the integer, the
  // same statement would refuse 2.5 ("invalid input syntax for type
  // bigint"); the text "41" leaves the type to the server, which infers
  // bigint from the other operand.
  const std::string sql = "SELECT ? + 1";
  Result<std::optional<Row>> as_int = pool_->QueryOne(sql, {Value(std::int64_t{5})});
  ASSERT_TRUE(as_int.ok() && *as_int) << as_int.status().ToString();
  EXPECT_EQ((*as_int)->Int(0), 6);
  Result<std::optional<Row>> as_double = pool_->QueryOne(sql, {Value(2.5)});
  ASSERT_TRUE(as_double.ok() && *as_double) << as_double.status().ToString();
  EXPECT_EQ((*as_double)->Double(0), 3.5);
  Result<std::optional<Row>> as_text = pool_->QueryOne(sql, {TextValue("41")});
  ASSERT_TRUE(as_text.ok() && *as_text) << as_text.status().ToString();
  EXPECT_EQ((*as_text)->Int(0), 42);
  EXPECT_EQ(PreparedLike(*pool_, "SELECT $1 + 1"), 3);
}

TEST_P(PostgresStatementCacheTest, DdlAndTransactionControlAreNotPrepared) {
  ASSERT_OK(pool_->Execute("CREATE TABLE made_by_execute (n BIGINT)"));
  ASSERT_OK(pool_->Execute("ALTER TABLE made_by_execute ADD COLUMN m BIGINT"));
  ASSERT_OK(pool_->Transact(
      [](Executor& tx) { return ToStatus(tx.Execute("SET LOCAL work_mem = '8MB'")); }));
  EXPECT_EQ(PreparedLike(*pool_, "CREATE"), 0);
  EXPECT_EQ(PreparedLike(*pool_, "ALTER"), 0);
  EXPECT_EQ(PreparedLike(*pool_, "SET"), 0);
}

TEST_P(PostgresStatementCacheTest, CacheIsBounded) {
  // 300 different statements on one connection; the cache keeps at most
  // 128 (kMaxPreparedStatements), and every statement still answers.
  ASSERT_OK(pool_->Transact([&](Executor& tx) -> Status {
    for (int k = 0; k < 300; ++k) {
      Result<std::optional<Row>> row =
          tx.QueryOne("SELECT " + std::to_string(k) + " + ?", {Value(std::int64_t{1})});
      if (!row.ok() || !*row) return row.ok() ? Internal("no row") : row.status();
      EXPECT_EQ((*row)->Int(0), k + 1);
    }
    const std::int64_t held = PreparedLike(tx, "");
    EXPECT_GE(held, 1);
    EXPECT_LE(held, 128);
    return OkStatus();
  }));
}

TEST_P(PostgresStatementCacheTest, StatementIsPreparedAgainAfterItsTableChanged) {
  // "SELECT *" prepared for one column; the server refuses its plan once the
  // table has two ("cached plan must not change result type").
  ASSERT_OK(pool_->Execute("INSERT INTO cached (n) VALUES (1)"));
  Result<std::vector<Row>> before = pool_->Query("SELECT * FROM cached");
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  ASSERT_EQ(before->size(), 1u);
  EXPECT_EQ((*before)[0].size(), 1u);
  ASSERT_OK(pool_->ExecuteScript("ALTER TABLE cached ADD COLUMN m BIGINT NOT NULL DEFAULT 7"));
  Result<std::vector<Row>> after = pool_->Query("SELECT * FROM cached");
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  ASSERT_EQ(after->size(), 1u);
  ASSERT_EQ((*after)[0].size(), 2u);
  EXPECT_EQ((*after)[0].Int(1), 7);
  // And the next run uses the statement prepared for the new shape.
  Result<std::vector<Row>> again = pool_->Query("SELECT * FROM cached");
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(PreparedLike(*pool_, "SELECT * FROM cached"), 1);
}

TEST_P(PostgresStatementCacheTest, StatementIsPreparedAgainAfterDeallocateAll) {
  ASSERT_OK(pool_->Execute("INSERT INTO cached (n) VALUES (?)", {Value(std::int64_t{1})}));
  // What a session reset (DISCARD ALL, a pooler between us and the server)
  // does behind the cache's back.
  ASSERT_OK(pool_->ExecuteScript("DEALLOCATE ALL"));
  ASSERT_OK(pool_->Execute("INSERT INTO cached (n) VALUES (?)", {Value(std::int64_t{2})}));
  Result<std::optional<Row>> sum = pool_->QueryOne("SELECT CAST(sum(n) AS BIGINT) FROM cached");
  ASSERT_TRUE(sum.ok() && *sum) << sum.status().ToString();
  EXPECT_EQ((*sum)->Int(0), 3);  // 1 + 2: the second insert ran exactly once
}

TEST_P(PostgresStatementCacheTest, StatementPreparedInARolledBackTransactionStaysUsable) {
  // Prepared statements outlive the transaction that prepared them
  // (PostgreSQL's PREPARE is not transactional), so the cache keeps them.
  Status rolled_back = pool_->Transact([](Executor& tx) -> Status {
    KINET_RETURN_IF_ERROR(ToStatus(tx.Execute("INSERT INTO cached (n) VALUES (?)", {Value(1)})));
    return Internal("roll back on purpose");
  });
  EXPECT_EQ(rolled_back.code(), StatusCode::kInternal);
  ASSERT_OK(pool_->Execute("INSERT INTO cached (n) VALUES (?)", {Value(2)}));
  Result<std::optional<Row>> sum = pool_->QueryOne("SELECT CAST(sum(n) AS BIGINT) FROM cached");
  ASSERT_TRUE(sum.ok() && *sum) << sum.status().ToString();
  EXPECT_EQ((*sum)->Int(0), 2);  // only the committed insert
  EXPECT_EQ(PreparedLike(*pool_, "INSERT INTO cached"), 1);
}

TEST_P(PostgresStatementCacheTest, FailedStatementInsideATransactionIsReportedAndRolledBack) {
  // An error aborts the transaction; the statements after it are refused
  // with the server's own message, and nothing is prepared in that state.
  Status status = pool_->Transact([](Executor& tx) -> Status {
    KINET_RETURN_IF_ERROR(ToStatus(tx.Execute("INSERT INTO cached (n) VALUES (1)")));
    Status bad = ToStatus(tx.Execute("INSERT INTO cached (n) VALUES (?)", {Null()}));
    EXPECT_EQ(bad.code(), StatusCode::kInvalidArgument) << bad.ToString();  // NOT NULL
    Status next = ToStatus(tx.Execute("INSERT INTO cached (n) VALUES (3)"));
    EXPECT_FALSE(next.ok());
    return next;
  });
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(PreparedLike(*pool_, "INSERT INTO cached (n) VALUES (3)"), 0);
  Result<std::optional<Row>> count = pool_->QueryOne("SELECT count(*) FROM cached");
  ASSERT_TRUE(count.ok() && *count) << count.status().ToString();
  EXPECT_EQ((*count)->Int(0), 0);
}

INSTANTIATE_TEST_SUITE_P(Postgres, PostgresStatementCacheTest,
                         ::testing::Values(Backend::kPostgres), BackendTestName);

}  // namespace
}  // namespace kinet
