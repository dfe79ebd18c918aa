// Internal to src/store/: the SQLite backend (sqlite3 C API).
//
// One sqlite3 handle per pooled connection, opened with SQLITE_OPEN_NOMUTEX
// because the pool already guarantees one thread per handle. Every handle is
// configured the same way: WAL journal, foreign_keys=ON, synchronous=NORMAL
// (durable at checkpoints, safe against corruption in WAL mode), a busy
// timeout, and extended result codes so that constraint kinds can be told
// apart.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/status.h"
#include "store/database.h"

struct sqlite3;

namespace kinet::store_internal {

// Opens the SQLite database file at `path` (url is kept for url()).
Result<std::unique_ptr<Database>> OpenSqlite(std::string_view url, std::string_view path,
                                             const DatabaseOptions& options);

// When `db` is an SQLite database, runs `fn` with one of its raw handles
// (borrowed from the pool for the duration) and its file path; otherwise
// returns FailedPrecondition. Used by backup.cc.
Status WithSqliteHandle(Database& db,
                        const std::function<Status(sqlite3* handle, const std::string& path)>& fn);

// Maps an SQLite result code (extended codes on) and message to a Status;
// `what` says what was being done ("running SELECT ...").
Status SqliteStatus(int code, std::string_view message, std::string_view what);

}  // namespace kinet::store_internal
