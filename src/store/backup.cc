#include "store/backup.h"

#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <vector>

#include "store/migrations.h"
#include "store/sqlite_database.h"

namespace kinet {
namespace {

namespace fs = std::filesystem;
using store_internal::SqliteStatus;

struct HandleCloser {
  void operator()(sqlite3* h) const { sqlite3_close_v2(h); }
};
using Handle = std::unique_ptr<sqlite3, HandleCloser>;

Result<Handle> OpenRaw(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Handle h(raw);
  if (rc != SQLITE_OK) {
    return Unavailable("cannot open " + path + ": " +
                       (raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_extended_result_codes(raw, 1);
  return h;
}

// The first column of every row of `sql`, as text.
Result<std::vector<std::string>> Column(sqlite3* h, const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(h, sql.c_str(), -1, &stmt, nullptr);
  std::vector<std::string> out;
  if (rc == SQLITE_OK) {
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
      out.emplace_back(text != nullptr ? text : "");
    }
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_OK) {
    return SqliteStatus(sqlite3_extended_errcode(h), sqlite3_errmsg(h), sql);
  }
  return out;
}

// Copies the main database of `from` into `to` with the online backup API.
// One step of all pages: in WAL mode that reads one consistent snapshot
// without blocking writers, whereas page-by-page steps would restart each
// time another connection commits.
Status CopyPages(sqlite3* from, sqlite3* to) {
  sqlite3_backup* backup = sqlite3_backup_init(to, "main", from, "main");
  if (backup == nullptr) {
    return SqliteStatus(sqlite3_extended_errcode(to), sqlite3_errmsg(to), "starting a backup");
  }
  int rc;
  while ((rc = sqlite3_backup_step(backup, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED) {
    sqlite3_sleep(50);
  }
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) return SqliteStatus(rc, sqlite3_errstr(rc), "copying pages");
  return OkStatus();
}

void RemoveQuietly(const fs::path& p) {
  std::error_code ec;
  fs::remove(p, ec);  // absent is fine; anything else shows up at the rename
}

Status Rename(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::rename(from, to, ec);
  if (ec) {
    RemoveQuietly(from);
    return Unavailable("cannot move " + from.string() + " to " + to.string() + ": " + ec.message());
  }
  return OkStatus();
}

std::string TempPathBeside(const std::string& path, std::string_view what) {
  return path + "." + std::string(what) + "-" + std::to_string(::getpid());
}

// Copies `from` into a fresh single-file database at `tmp` (rollback
// journal mode, so no -wal companion travels with it).
Status CopyToFile(sqlite3* from, const std::string& tmp) {
  RemoveQuietly(tmp);
  KINET_ASSIGN_OR_RETURN(Handle to, OpenRaw(tmp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
  Status s = CopyPages(from, to.get());
  if (s.ok()) {
    // The copied header says WAL when the source is in WAL mode.
    Result<std::vector<std::string>> mode = Column(to.get(), "PRAGMA journal_mode=DELETE");
    if (!mode.ok()) s = mode.status();
  }
  to.reset();
  if (!s.ok()) {
    RemoveQuietly(tmp);
    return s.WithPrefix("writing " + tmp);
  }
  return OkStatus();
}

Status NotForPostgres(std::string_view what, std::string_view tool) {
  return FailedPrecondition(std::string(what) +
                            " works on SQLite databases only; for PostgreSQL use the server's " +
                            std::string(tool) + " tool (see the operator documentation)");
}

// Checks that the file at `path` is a sound KINet database this binary knows.
Status CheckKinetBackup(sqlite3* h, const std::string& path) {
  Result<std::vector<std::string>> check = Column(h, "PRAGMA integrity_check");
  if (!check.ok()) {
    if (check.status().code() == StatusCode::kFailedPrecondition) {
      return FailedPrecondition("the file at " + path +
                                " is not an SQLite database, so not a KINet backup");
    }
    return check.status();
  }
  if (check->size() != 1 || check->front() != "ok") {
    return FailedPrecondition("the backup at " + path + " fails SQLite's integrity check: " +
                              (check->empty() ? std::string("no answer") : check->front()));
  }
  KINET_ASSIGN_OR_RETURN(std::vector<std::string> table,
                         Column(h,
                                "SELECT name FROM sqlite_master WHERE type = 'table'"
                                " AND name = 'schema_migrations'"));
  if (table.empty()) {
    return FailedPrecondition("the file at " + path +
                              " is an SQLite database but not a KINet one (it has no "
                              "schema_migrations table)");
  }
  KINET_ASSIGN_OR_RETURN(std::vector<std::string> version,
                         Column(h, "SELECT coalesce(max(version), 0) FROM schema_migrations"));
  int latest = 0;
  for (const Migration& m : BuiltinMigrations()) latest = std::max(latest, m.version);
  const int found = version.empty() ? 0 : std::atoi(version.front().c_str());
  if (found > latest) {
    return FailedPrecondition("the backup at " + path + " is at schema version " +
                              std::to_string(found) +
                              ", newer than this kinet (which knows up to " +
                              std::to_string(latest) + "); use a newer kinet to restore it");
  }
  return OkStatus();
}

}  // namespace

Status BackupSqlite(Database& db, const std::string& dest_path) {
  if (db.backend() != Backend::kSqlite) return NotForPostgres("kinet db backup", "pg_dump");
  const std::string tmp = TempPathBeside(dest_path, "backup");
  KINET_RETURN_IF_ERROR(store_internal::WithSqliteHandle(
      db, [&](sqlite3* handle, const std::string&) { return CopyToFile(handle, tmp); }));
  return Rename(tmp, dest_path);
}

Status RestoreSqlite(const std::string& backup_path, std::string_view db_url) {
  if (db_url.starts_with("postgresql://") || db_url.starts_with("postgres://")) {
    return NotForPostgres("kinet db restore", "pg_restore");
  }
  std::string_view target_view = db_url;
  if (target_view.starts_with("sqlite:")) {
    target_view.remove_prefix(7);
    if (target_view.starts_with("//")) target_view.remove_prefix(2);
  }
  const std::string target(target_view);
  if (target.empty() || target == ":memory:") {
    return InvalidArgument("restore needs an SQLite database file as the target", "db");
  }
  std::error_code ec;
  if (!fs::is_regular_file(backup_path, ec)) {
    return NotFound("no backup file at " + backup_path);
  }

  KINET_ASSIGN_OR_RETURN(Handle backup, OpenRaw(backup_path, SQLITE_OPEN_READONLY));
  KINET_RETURN_IF_ERROR(CheckKinetBackup(backup.get(), backup_path));
  const std::string tmp = TempPathBeside(target, "restore");
  KINET_RETURN_IF_ERROR(CopyToFile(backup.get(), tmp));
  backup.reset();

  if (fs::exists(target, ec)) {
    // Fold the old database's WAL into it first, so that a crash between
    // the removals and the rename below loses nothing it had committed.
    Result<Handle> old = OpenRaw(target, SQLITE_OPEN_READWRITE);
    if (old.ok()) {
      Result<std::vector<std::string>> ignored =
          Column(old->get(), "PRAGMA wal_checkpoint(TRUNCATE)");
      (void)ignored;  // a damaged old database is being replaced anyway
    }
  }
  // A stale -wal, -shm or hot -journal would be replayed into the restored file.
  for (const char* suffix : {"-wal", "-shm", "-journal"}) {
    fs::remove(target + suffix, ec);
    if (ec) {
      RemoveQuietly(tmp);
      return Unavailable("cannot remove " + target + suffix + ": " + ec.message());
    }
  }
  return Rename(tmp, target);
}

}  // namespace kinet
