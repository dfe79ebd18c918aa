// Internal to src/store/: the PostgreSQL backend (libpq, no C++ wrapper).
//
// One PGconn per pooled connection. Parameters travel as text except BLOBs
// (binary bytea), results as text converted by column type (int2/4/8 and
// bool to integers, float4/8 and numeric to doubles, bytea decoded,
// everything else text). SELECT/INSERT/UPDATE/DELETE/WITH statements are
// kept prepared per connection (PQprepare, up to 128, keyed by the SQL and
// its parameter types), like the SQLite backend's statement cache: an import
// runs the same few statements for every row, and parsing and planning them
// each time was most of the server's work. Other statements (DDL,
// transaction control) go through PQexecParams each time. A statement whose
// cached plan the server refuses after a schema change is prepared again. Notices are
// silenced: IF NOT EXISTS chatter is not worth a log line. A connection the
// server ended while it sat idle (restart, pg_terminate_backend, idle
// timeout) is noticed before the next statement is sent on it, so the pool
// can run that statement on a fresh one (connection_pool.h).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "store/database.h"

namespace kinet::store_internal {

// Opens a pool on the server named by the libpq URI `url`.
Result<std::unique_ptr<Database>> OpenPostgres(std::string_view url,
                                               const DatabaseOptions& options);

// Rewrites `?` placeholders to $1..$n, leaving alone `?` inside '...'
// literals (with '' and, in E'...', backslash escapes), "..." identifiers,
// -- and /* */ comments, and $tag$...$tag$ bodies.
struct RewrittenSql {
  std::string sql;
  int placeholders = 0;
};
RewrittenSql RewritePlaceholders(std::string_view sql);

// `url` with the password of its user-info part replaced by "***" (and any
// password=... query parameter likewise).
std::string RedactPostgresUrl(std::string_view url);

}  // namespace kinet::store_internal
