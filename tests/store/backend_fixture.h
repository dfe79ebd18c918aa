// The two-backend fixture shared by the store contract suites: each test gets
// a fresh database, an SQLite file in a new temporary directory or a new
// schema on the PostgreSQL server named by KINET_TEST_PG_URL (dropped after
// the test).
//
// Without KINET_TEST_PG_URL the PostgreSQL cases FAIL, because a silently
// skipped backend is a backend nobody tests; KINET_TEST_PG=skip skips them on
// purpose, each reporting why. scripts/pg-test-server starts a server:
//   url=$(scripts/pg-test-server start /tmp/kinet-pg 54329)
//   KINET_TEST_PG_URL=$url build/tests/store_contract_test
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <string_view>

#include "store/database.h"
#include "store/migrations.h"

#define ASSERT_OK(expr)                                     \
  do {                                                      \
    const ::kinet::Status s_ = ::kinet::ToStatus(expr);     \
    ASSERT_TRUE(s_.ok()) << #expr << ": " << s_.ToString(); \
  } while (false)

namespace kinet {

// 16 random hex digits, for unique directory and schema names.
inline std::string RandomSuffix() {
  std::random_device rd;
  std::uniform_int_distribution<std::uint64_t> dist;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(dist(rd)));
  return buf;
}

// "Sqlite" / "Postgres" as the test-name suffix.
inline std::string BackendTestName(const ::testing::TestParamInfo<Backend>& param_info) {
  return param_info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
}

class BackendTest : public ::testing::TestWithParam<Backend> {
 protected:
  // Opens a fresh database of the backend under test into db_, migrated when
  // `migrate`. Call from SetUp, then return when IsSkipped() or
  // HasFatalFailure().
  void OpenFreshDatabase(bool migrate) {
    namespace fs = std::filesystem;
    if (GetParam() == Backend::kSqlite) {
      dir_ = fs::temp_directory_path() / ("kinet-store-" + RandomSuffix());
      fs::create_directories(dir_);
      url_ = "sqlite:" + (dir_ / "kinet.db").string();
    } else {
      const char* base = std::getenv("KINET_TEST_PG_URL");
      if (base == nullptr || *base == '\0') {
        const char* opt_out = std::getenv("KINET_TEST_PG");
        if (opt_out != nullptr && std::string_view(opt_out) == "skip") {
          GTEST_SKIP() << "PostgreSQL case skipped because KINET_TEST_PG=skip";
        }
        FAIL() << "KINET_TEST_PG_URL is not set, so the PostgreSQL backend is untested. Start "
                  "a server with `url=$(scripts/pg-test-server start /tmp/kinet-pg 54329)` and "
                  "run with KINET_TEST_PG_URL=$url, or set KINET_TEST_PG=skip to skip on purpose.";
      }
      Result<std::unique_ptr<Database>> admin = OpenDatabase(base, {.max_connections = 1});
      ASSERT_TRUE(admin.ok()) << admin.status().ToString();
      admin_ = std::move(admin).value();
      schema_ = "t_" + RandomSuffix();
      ASSERT_OK(admin_->ExecuteScript("CREATE SCHEMA " + schema_));
      std::string b = base;
      url_ =
          b + (b.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema_;
    }
    Result<std::unique_ptr<Database>> db = migrate ? OpenAndMigrate(url_) : OpenDatabase(url_);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
  }

  void TearDown() override {
    db_.reset();
    if (admin_ != nullptr) {
      Status s = admin_->ExecuteScript("DROP SCHEMA " + schema_ + " CASCADE");
      EXPECT_TRUE(s.ok()) << s.ToString();
    }
    if (!dir_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(dir_, ec);
    }
  }

  bool IsPostgres() const { return GetParam() == Backend::kPostgres; }

  std::filesystem::path dir_;        // SQLite: the temporary directory
  std::string url_;                  // the database under test
  std::string schema_;               // PostgreSQL: the per-test schema
  std::unique_ptr<Database> admin_;  // PostgreSQL: creates and drops the schema
  std::unique_ptr<Database> db_;
};

}  // namespace kinet
