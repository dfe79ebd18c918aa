// The Database interface: the one door between KINet and its SQL storage.
//
// Two backends sit behind it (DESIGN.md §5): SQLite (the default, one file,
// a city officer's laptop) and PostgreSQL (a network hub running several
// `kinet serve` on one server). Services and repositories see only
// `Executor` / `Database`; nothing outside src/store/ names a backend.
//
// SQL is written once, with `?` placeholders, in the subset both dialects
// share. The PostgreSQL backend rewrites `?` to `$1..$n`, skipping quoted
// literals, quoted identifiers, comments and dollar-quoted bodies (so the
// jsonb `?` operators cannot be used; none of our SQL needs them).
// `INSERT ... RETURNING id` works on both (SQLite >= 3.35).
//
// Usage facts behind the design: most work is small indexed reads and
// writes from request handlers and CLI commands; the heavy writes are
// imports, which run inside one `Transact` each; the largest values are
// 35 KB BLOBs of hourly float32 data.
//
// Thread safety: a Database may be shared by any number of threads. It keeps
// a small pool of connections (DatabaseOptions::max_connections); each call
// to Query/Execute/ExecuteScript borrows one connection for that statement,
// and Transact borrows one for its whole duration, so a thread never sees
// another thread's transaction. When every connection is busy, callers wait.
// The Executor handed to a Transact callback belongs to that callback's
// thread and must not outlive the call or be used from other threads; inside
// the callback use only that Executor (using the Database itself there would
// borrow a second connection, which on SQLite waits for the first one's write
// lock until busy_timeout).
//
// Errors (the same codes on both backends, so callers never look at SQLSTATEs):
//   UNIQUE / PRIMARY KEY violation  -> AlreadyExists   (IsUniqueViolation)
//   FOREIGN KEY violation           -> Conflict        (the referenced row is
//       missing, or a referenced row is being deleted; repositories that can
//       name the missing key turn the insert case into InvalidArgument)
//   NOT NULL / CHECK violation      -> InvalidArgument
//   server unreachable, connection lost, SQLite file cannot be opened,
//   SQLite busy beyond busy_timeout -> Unavailable
//   serialization failure/deadlock  -> Conflict (retry the transaction)
//   anything else                   -> Internal, with the backend's message
// Messages never contain a password.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.h"
#include "core/status.h"

namespace kinet {

using Blob = std::vector<std::uint8_t>;

// One SQL value: NULL, a 64-bit integer, a double, UTF-8 text or bytes.
// Dates and timestamps travel as text ("YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SSZ"
// UTC), so both backends sort them identically.
using Value = std::variant<std::monostate, std::int64_t, double, std::string, Blob>;

// The NULL value.
inline Value Null() { return std::monostate{}; }
// A text value (std::string converts implicitly; std::string_view does not).
inline Value TextValue(std::string_view s) { return std::string(s); }
// Text, or NULL when `s` is empty (for optional text columns such as codes).
inline Value TextOrNull(std::string_view s) { return s.empty() ? Null() : Value(std::string(s)); }
// The value of `v`, or NULL when it is empty.
inline Value OrNull(const std::optional<double>& v) { return v ? Value(*v) : Null(); }
inline Value OrNull(const std::optional<std::int64_t>& v) { return v ? Value(*v) : Null(); }
inline Value OrNull(const std::optional<std::string>& v) { return v ? Value(*v) : Null(); }

// One result row. Columns are addressed by their 0-based position in the
// SELECT list. Every accessor returns "no value" (nullopt / nullptr / true for
// IsNull) for NULL and for an index out of range; the typed accessors also
// return nullopt when the stored value has another type, so a schema mistake
// shows up as a missing value the caller must handle, never as a crash.
class Row {
 public:
  Row() = default;
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}

  std::size_t size() const { return values_.size(); }
  bool IsNull(std::size_t i) const;
  // An integer column.
  std::optional<std::int64_t> Int(std::size_t i) const;
  // A floating-point column; an integer value is converted (SQLite stores
  // 3.0 in a REAL column as the integer 3 when asked to).
  std::optional<double> Double(std::size_t i) const;
  // A text column.
  std::optional<std::string> Text(std::size_t i) const;
  // Text, or "" when NULL: for optional text columns mapped to std::string.
  std::string TextOr(std::size_t i, std::string_view fallback = {}) const;
  // A BLOB/bytea column; the pointer is valid while the Row lives.
  const Blob* BlobAt(std::size_t i) const;
  // The raw value (NULL when out of range).
  const Value& at(std::size_t i) const;

 private:
  std::vector<Value> values_;
};

// Runs SQL on one connection or on a pool (Database). Repositories take an
// Executor& so they work both inside a Transact callback and on the Database.
class Executor {
 public:
  virtual ~Executor() = default;

  // Runs one statement and returns all its rows (SELECT, or any statement
  // with RETURNING). `params` bind to the `?` placeholders in order; a count
  // mismatch is InvalidArgument. Errors: see the file comment.
  Result<std::vector<Row>> Query(std::string_view sql, std::span<const Value> params = {}) {
    return DoQuery(sql, params);
  }
  Result<std::vector<Row>> Query(std::string_view sql, std::initializer_list<Value> params) {
    return DoQuery(sql, std::span<const Value>(params.begin(), params.size()));
  }

  // Runs one statement and returns the number of rows it inserted, updated
  // or deleted (0 for DDL). Rows produced by RETURNING are discarded.
  Result<std::int64_t> Execute(std::string_view sql, std::span<const Value> params = {}) {
    return DoExecute(sql, params);
  }
  Result<std::int64_t> Execute(std::string_view sql, std::initializer_list<Value> params) {
    return DoExecute(sql, std::span<const Value>(params.begin(), params.size()));
  }

  // Runs a statement expected to return at most one row: the row, or nullopt
  // when there is none. More than one row is Internal (a missing WHERE or a
  // missing UNIQUE constraint).
  Result<std::optional<Row>> QueryOne(std::string_view sql, std::span<const Value> params = {});
  Result<std::optional<Row>> QueryOne(std::string_view sql, std::initializer_list<Value> params) {
    return QueryOne(sql, std::span<const Value>(params.begin(), params.size()));
  }

  // Runs a script of several `;`-separated statements without parameters
  // (migrations, test set-up). Statements run in order and stop at the first
  // error; wrap the call in Transact to make the script all-or-nothing.
  Status ExecuteScript(std::string_view sql) { return DoExecuteScript(sql); }

 protected:
  virtual Result<std::vector<Row>> DoQuery(std::string_view sql, std::span<const Value> params) = 0;
  virtual Result<std::int64_t> DoExecute(std::string_view sql, std::span<const Value> params) = 0;
  virtual Status DoExecuteScript(std::string_view sql) = 0;
};

enum class Backend : std::uint8_t { kSqlite, kPostgres };
// "sqlite", "postgres".
std::string_view BackendName(Backend b);

// A connection pool to one database. See the file comment for thread safety.
class Database : public Executor {
 public:
  Database() = default;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  virtual Backend backend() const = 0;

  // The URL the database was opened with, with any password replaced by
  // "***": safe to print and log.
  virtual const std::string& url() const = 0;

  // A short human name for messages: the file path for SQLite, host:port/db
  // for PostgreSQL ("the database at kinet.db ...").
  virtual const std::string& display_name() const = 0;

  // Runs `fn` inside one transaction on one connection (SQLite: BEGIN
  // IMMEDIATE, so the write lock is taken up front and concurrent writers
  // wait busy_timeout instead of failing half-way). Commits when `fn` returns
  // OK and returns the commit's status; rolls back when `fn` returns an error
  // (and returns that error), when the commit fails, and when `fn` throws
  // (the exception then propagates). Nothing is half-written in any case.
  // Transactions do not nest: `fn` receives an Executor, not a Database.
  Status Transact(const std::function<Status(Executor&)>& fn);

 protected:
  virtual Status DoTransact(const std::function<Status(Executor&)>& fn) = 0;
};

// True when `s` reports a UNIQUE or PRIMARY KEY violation on either backend
// (SQLITE_CONSTRAINT_UNIQUE/PRIMARYKEY, SQLSTATE 23505), i.e. AlreadyExists.
bool IsUniqueViolation(const Status& s);

struct DatabaseOptions {
  // Connections kept by the pool; callers wait when all are in use. An
  // in-memory SQLite database ("sqlite::memory:") always uses exactly one.
  int max_connections = 4;
  // SQLite only: how long a writer waits for another writer's lock.
  int busy_timeout_ms = 10'000;
};

// Opens the database named by `url`:
//   "postgresql://..." or "postgres://..."  PostgreSQL through libpq; every
//       libpq URI parameter works (e.g. "?options=-csearch_path%3Dt_1" to
//       work in one schema, which is how the contract tests isolate runs).
//   "sqlite:PATH", "sqlite://PATH" or a plain PATH  an SQLite file, created
//       when missing; "sqlite::memory:" is a private in-memory database.
// SQLite connections use WAL, foreign_keys=ON, synchronous=NORMAL and the
// busy timeout above. Opening does not look at the schema: call Migrate or
// OpenAndMigrate (store/migrations.h) before using the repositories.
// Errors: InvalidArgument for an empty url; Unavailable when the file cannot
// be opened or the server cannot be reached (the message names the host and
// database, never the password); FailedPrecondition when the SQLite library
// lacks FTS5 or the file is not an SQLite database.
Result<std::unique_ptr<Database>> OpenDatabase(std::string_view url,
                                               const DatabaseOptions& options = {});

}  // namespace kinet
