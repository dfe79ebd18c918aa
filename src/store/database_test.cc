#include "store/database.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "store/postgres_database.h"

namespace kinet {
namespace {

using store_internal::RedactPostgresUrl;
using store_internal::RewritePlaceholders;

TEST(RowTest, TypedAccessorsReturnNulloptForNullWrongTypeAndOutOfRange) {
  Row row({Null(), Value(std::int64_t{7}), Value(2.5), Value(std::string("x")), Value(Blob{1, 2})});
  EXPECT_TRUE(row.IsNull(0));
  EXPECT_FALSE(row.Int(0).has_value());
  EXPECT_EQ(row.Int(1), 7);
  EXPECT_EQ(row.Double(1), 7.0);  // integers are accepted as doubles
  EXPECT_EQ(row.Double(2), 2.5);
  EXPECT_FALSE(row.Int(2).has_value());
  EXPECT_EQ(row.Text(3), "x");
  EXPECT_FALSE(row.Text(1).has_value());
  ASSERT_NE(row.BlobAt(4), nullptr);
  EXPECT_EQ(row.BlobAt(4)->size(), 2u);
  EXPECT_EQ(row.BlobAt(3), nullptr);
  EXPECT_TRUE(row.IsNull(99));
  EXPECT_EQ(row.TextOr(0, "fallback"), "fallback");
}

TEST(RewritePlaceholdersTest, NumbersPlaceholdersInOrder) {
  auto r = RewritePlaceholders("SELECT a FROM t WHERE b = ? AND c IN (?, ?)");
  EXPECT_EQ(r.sql, "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)");
  EXPECT_EQ(r.placeholders, 3);
}

TEST(RewritePlaceholdersTest, SkipsLiteralsIdentifiersAndComments) {
  auto r = RewritePlaceholders(
      "SELECT '?', 'it''s ?', E'\\'?', \"col?\", $$ ? $$, $t$ ? $t$ -- ?\n"
      "/* ? /* ? */ ? */ FROM t WHERE x = ?");
  EXPECT_EQ(r.placeholders, 1);
  EXPECT_EQ(r.sql,
            "SELECT '?', 'it''s ?', E'\\'?', \"col?\", $$ ? $$, $t$ ? $t$ -- ?\n"
            "/* ? /* ? */ ? */ FROM t WHERE x = $1");
}

TEST(RewritePlaceholdersTest, LeavesExistingNumberedParametersAlone) {
  auto r = RewritePlaceholders("SELECT $1, ?");
  EXPECT_EQ(r.sql, "SELECT $1, $1");
  EXPECT_EQ(r.placeholders, 1);
}

TEST(RedactPostgresUrlTest, HidesPasswords) {
  EXPECT_EQ(RedactPostgresUrl("postgresql://kinet:s3cret@db.example:5432/kinet"),
            "postgresql://kinet:***@db.example:5432/kinet");
  EXPECT_EQ(RedactPostgresUrl("postgresql://db/kinet?user=a&password=pw&sslmode=require"),
            "postgresql://db/kinet?user=a&password=***&sslmode=require");
  EXPECT_EQ(RedactPostgresUrl("postgresql://kinet@127.0.0.1:54329/kinet_test"),
            "postgresql://kinet@127.0.0.1:54329/kinet_test");
}

TEST(OpenDatabaseTest, EmptyUrlIsInvalidArgument) {
  EXPECT_EQ(OpenDatabase("").status().code(), StatusCode::kInvalidArgument);
}

TEST(OpenDatabaseTest, InMemorySqliteWorks) {
  Result<std::unique_ptr<Database>> db = OpenDatabase("sqlite::memory:");
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  EXPECT_EQ((*db)->backend(), Backend::kSqlite);
  Result<std::optional<Row>> one = (*db)->QueryOne("SELECT 1 + ?", {Value(std::int64_t{2})});
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  EXPECT_EQ((*one)->Int(0), 3);
}

TEST(OpenDatabaseTest, FileThatIsNotSqliteIsFailedPrecondition) {
  const std::filesystem::path file =
      std::filesystem::temp_directory_path() / "kinet-database-test-not-sqlite.txt";
  std::ofstream(file) << "plain text, long enough to fill what SQLite reads as a header.\n";
  Result<std::unique_ptr<Database>> db = OpenDatabase("sqlite:" + file.string());
  std::filesystem::remove(file);
  ASSERT_EQ(db.status().code(), StatusCode::kFailedPrecondition) << db.status().ToString();
  EXPECT_NE(db.status().message().find(file.string()), std::string::npos) << db.status().message();
}

TEST(OpenDatabaseTest, MissingDirectoryIsUnavailable) {
  EXPECT_EQ(OpenDatabase("sqlite:/nonexistent-kinet-dir/kinet.db").status().code(),
            StatusCode::kUnavailable);
}

TEST(OpenDatabaseTest, UnreachablePostgresIsUnavailableWithoutPassword) {
  // Port 1 on loopback: nothing listens there.
  Result<std::unique_ptr<Database>> db =
      OpenDatabase("postgresql://kinet:hunter2@127.0.0.1:1/kinet?connect_timeout=2");
  ASSERT_EQ(db.status().code(), StatusCode::kUnavailable) << db.status().ToString();
  EXPECT_NE(db.status().message().find("cannot connect to the PostgreSQL server"),
            std::string::npos);
  EXPECT_EQ(db.status().message().find("hunter2"), std::string::npos);
}

}  // namespace
}  // namespace kinet
