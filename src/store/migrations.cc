#include "store/migrations.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <set>

#ifndef KINET_VERSION
#error "KINET_VERSION must be defined by the build (src/store/CMakeLists.txt)"
#endif

namespace kinet {
namespace {

// The bookkeeping table. Created by Migrate itself, not by a migration, so
// that the version of any database can be read the same way.
constexpr std::string_view kCreateSchemaMigrations =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version BIGINT PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_at TEXT NOT NULL)";

std::string FileName(const Migration& m, std::string_view dialect = {}) {
  char num[16];
  std::snprintf(num, sizeof num, "%04d", m.version);
  std::string name = std::string(num) + "_" + m.name;
  if (!dialect.empty()) name += "." + std::string(dialect);
  return name + ".sql";
}

bool ValidName(std::string_view s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

Result<bool> HasSchemaMigrations(Executor& db, Backend backend) {
  std::string_view sql =
      backend == Backend::kSqlite
          ? "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
          : "SELECT 1 FROM information_schema.tables"
            " WHERE table_schema = current_schema() AND table_name = 'schema_migrations'";
  KINET_ASSIGN_OR_RETURN(std::optional<Row> row, db.QueryOne(sql));
  return row.has_value();
}

Status NewerThanBinary(const Database& db, const SchemaInfo& info) {
  return FailedPrecondition("the database at " + db.display_name() + " is at schema version " +
                            std::to_string(info.current_version) +
                            ", newer than this kinet (version " KINET_VERSION " knows up to " +
                            std::to_string(info.latest_version) + "); use a newer kinet");
}

// Applies one migration inside `tx`, unless a concurrent process applied it
// first (two `kinet serve` starting together on one PostgreSQL server).
Status ApplyOne(Executor& tx, Backend backend, const Migration& m) {
  if (backend == Backend::kPostgres) {
    KINET_RETURN_IF_ERROR(
        tx.ExecuteScript("LOCK TABLE schema_migrations IN SHARE ROW EXCLUSIVE MODE"));
  }
  KINET_ASSIGN_OR_RETURN(std::optional<Row> done,
                         tx.QueryOne("SELECT 1 FROM schema_migrations WHERE version = ?",
                                     {Value(std::int64_t{m.version})}));
  if (done) return OkStatus();
  auto run = [&](const std::string& sql, std::string_view dialect) -> Status {
    if (sql.empty()) return OkStatus();
    Result<std::string> expanded = ExpandDialectTokens(sql, backend);
    Status s = expanded.ok() ? tx.ExecuteScript(*expanded) : expanded.status();
    return s.WithPrefix("migration " + FileName(m, dialect));
  };
  KINET_RETURN_IF_ERROR(run(m.sql, {}));
  KINET_RETURN_IF_ERROR(run(backend == Backend::kSqlite ? m.sqlite_sql : m.postgres_sql,
                            backend == Backend::kSqlite ? "sqlite" : "postgres"));
  KINET_RETURN_IF_ERROR(
      tx.Execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                 {Value(std::int64_t{m.version}), m.name, UtcNowText()}));
  return OkStatus();
}

}  // namespace

Result<std::vector<Migration>> ParseMigrations(std::span<const EmbeddedFile> files) {
  std::map<int, Migration> by_version;
  std::set<std::string> seen;
  for (const EmbeddedFile& f : files) {
    std::string_view path = f.path;
    std::string_view base = path;
    const std::string file(path);
    if (!base.ends_with(".sql")) {
      return InvalidArgument("migration file " + file + " does not end in .sql");
    }
    base.remove_suffix(4);
    int dialect = 0;  // 0 portable, 1 sqlite, 2 postgres
    if (base.ends_with(".sqlite")) {
      dialect = 1;
      base.remove_suffix(7);
    } else if (base.ends_with(".postgres")) {
      dialect = 2;
      base.remove_suffix(9);
    }
    std::size_t underscore = base.find('_');
    std::string_view digits = base.substr(0, underscore);
    if (underscore == std::string_view::npos || digits.empty() || digits.size() > 6 ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        !ValidName(base.substr(underscore + 1))) {
      return InvalidArgument("migration file " + file +
                             " is not named NNNN_name.sql, NNNN_name.sqlite.sql or "
                             "NNNN_name.postgres.sql (name in a-z, 0-9, _)");
    }
    if (!seen.insert(std::string(base) + "/" + std::to_string(dialect)).second) {
      return InvalidArgument("migration file " + file + " appears twice");
    }
    const int version = std::atoi(std::string(digits).c_str());
    if (version <= 0) return InvalidArgument("migration file " + file + " has version 0");
    std::string name(base.substr(underscore + 1));
    Migration& m = by_version[version];
    if (m.version == 0) {
      m.version = version;
      m.name = name;
    } else if (m.name != name) {
      return InvalidArgument("migration files " + FileName(m) + " and " + file + " share version " +
                             std::to_string(version));
    }
    std::string& slot = dialect == 0 ? m.sql : dialect == 1 ? m.sqlite_sql : m.postgres_sql;
    slot.assign(f.contents);
  }
  std::vector<Migration> out;
  out.reserve(by_version.size());
  for (auto& [version, m] : by_version) out.push_back(std::move(m));
  return out;
}

const std::vector<Migration>& BuiltinMigrations() {
  static const std::vector<Migration> migrations = [] {
    Result<std::vector<Migration>> parsed = ParseMigrations(StoreMigrationFiles());
    if (!parsed.ok()) {
      // The files are compiled in: a bad name is a build mistake, not input.
      std::fprintf(stderr, "kinet: %s\n", parsed.status().ToString().c_str());
      std::abort();
    }
    return std::move(parsed).value();
  }();
  return migrations;
}

Result<std::string> ExpandDialectTokens(std::string_view sql, Backend backend) {
  const bool lite = backend == Backend::kSqlite;
  std::string out;
  out.reserve(sql.size() + 64);
  std::size_t pos = 0;
  while (true) {
    std::size_t open = sql.find("{{", pos);
    if (open == std::string_view::npos) break;
    std::size_t close = sql.find("}}", open + 2);
    if (close == std::string_view::npos) {
      return InvalidArgument("unterminated dialect token '{{' in migration SQL");
    }
    out.append(sql.substr(pos, open - pos));
    std::string_view token = sql.substr(open + 2, close - open - 2);
    if (token == "id") {
      out += lite ? "INTEGER PRIMARY KEY" : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
    } else if (token == "blob") {
      out += lite ? "BLOB" : "BYTEA";
    } else if (token == "real") {
      out += lite ? "REAL" : "DOUBLE PRECISION";
    } else if (token == "now") {
      out += lite ? "(strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"
                  : "(to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))";
    } else {
      return InvalidArgument("unknown dialect token {{" + std::string(token) +
                             "}} in migration SQL (known: id, blob, real, now)");
    }
    pos = close + 2;
  }
  out.append(sql.substr(pos));
  return out;
}

Result<SchemaInfo> ReadSchemaInfo(Database& db, std::span<const Migration> migrations) {
  SchemaInfo info;
  for (const Migration& m : migrations)
    info.latest_version = std::max(info.latest_version, m.version);
  KINET_ASSIGN_OR_RETURN(bool has_table, HasSchemaMigrations(db, db.backend()));
  std::set<int> applied;
  if (has_table) {
    KINET_ASSIGN_OR_RETURN(
        std::vector<Row> rows,
        db.Query("SELECT version, name, applied_at FROM schema_migrations ORDER BY version"));
    for (const Row& row : rows) {
      AppliedMigration a;
      a.version = static_cast<int>(row.Int(0).value_or(0));
      a.name = row.TextOr(1);
      a.applied_at = row.TextOr(2);
      applied.insert(a.version);
      info.current_version = std::max(info.current_version, a.version);
      info.applied.push_back(std::move(a));
    }
  }
  for (const Migration& m : migrations) {
    if (!applied.contains(m.version)) info.pending.push_back(m);
  }
  return info;
}

Result<SchemaInfo> ReadSchemaInfo(Database& db) { return ReadSchemaInfo(db, BuiltinMigrations()); }

Status Migrate(Database& db, std::span<const Migration> migrations) {
  KINET_ASSIGN_OR_RETURN(SchemaInfo info, ReadSchemaInfo(db, migrations));
  if (info.newer_than_binary()) return NewerThanBinary(db, info);
  if (info.pending.empty()) return OkStatus();
  KINET_RETURN_IF_ERROR(db.ExecuteScript(kCreateSchemaMigrations));
  for (const Migration& m : info.pending) {
    KINET_RETURN_IF_ERROR(db.Transact([&](Executor& tx) { return ApplyOne(tx, db.backend(), m); }));
  }
  return OkStatus();
}

Status Migrate(Database& db) { return Migrate(db, BuiltinMigrations()); }

Result<std::unique_ptr<Database>> OpenAndMigrate(std::string_view url,
                                                 const DatabaseOptions& options) {
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenDatabase(url, options));
  KINET_RETURN_IF_ERROR(Migrate(*db));
  return db;
}

std::string UtcNowText() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace kinet
