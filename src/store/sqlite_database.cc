#include "store/sqlite_database.h"

#include <sqlite3.h>

#include <string>
#include <unordered_map>
#include <utility>

#include "store/connection_pool.h"

namespace kinet::store_internal {
namespace {

struct StmtDeleter {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Stmt = std::unique_ptr<sqlite3_stmt, StmtDeleter>;

bool OnlySpaceOrSemicolons(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != ';') return false;
  }
  return true;
}

std::string Snippet(std::string_view sql) {
  std::string s(sql.substr(0, 120));
  for (char& c : s) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return sql.size() > 120 ? s + "..." : s;
}

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(sqlite3* handle) : handle_(handle) {}
  ~SqliteConnection() override {
    statements_.clear();  // finalized before the handle closes
    sqlite3_close_v2(handle_);
  }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  sqlite3* handle() const { return handle_; }
  bool broken() const override { return false; }
  std::string_view begin_sql() const override { return "BEGIN IMMEDIATE"; }

 protected:
  Result<std::vector<Row>> DoQuery(std::string_view sql, std::span<const Value> params) override {
    std::vector<Row> rows;
    KINET_RETURN_IF_ERROR(Run(sql, params, &rows));
    return rows;
  }

  Result<std::int64_t> DoExecute(std::string_view sql, std::span<const Value> params) override {
    const sqlite3_int64 before = sqlite3_total_changes64(handle_);
    KINET_RETURN_IF_ERROR(Run(sql, params, nullptr));
    // sqlite3_changes64 keeps the count of the last INSERT/UPDATE/DELETE, so
    // after DDL it would report a stale number: only trust it when the total
    // moved.
    if (sqlite3_total_changes64(handle_) == before) return std::int64_t{0};
    return static_cast<std::int64_t>(sqlite3_changes64(handle_));
  }

  Status DoExecuteScript(std::string_view sql) override {
    std::string text(sql);  // sqlite3_exec needs a terminated string
    char* err = nullptr;
    int rc = sqlite3_exec(handle_, text.c_str(), nullptr, nullptr, &err);
    if (rc == SQLITE_OK) return OkStatus();
    std::string message = err != nullptr ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    return SqliteStatus(sqlite3_extended_errcode(handle_), message, Snippet(sql));
  }

 private:
  // The prepared statement of `sql`, from the cache or prepared now.
  Result<sqlite3_stmt*> Prepare(std::string_view sql) {
    std::string key(sql);
    if (auto it = statements_.find(key); it != statements_.end()) return it->second.get();
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v2(handle_, sql.data(), static_cast<int>(sql.size()), &raw, &tail);
    Stmt stmt(raw);
    if (rc != SQLITE_OK) {
      return SqliteStatus(sqlite3_extended_errcode(handle_), sqlite3_errmsg(handle_), Snippet(sql));
    }
    if (stmt == nullptr) return InvalidArgument("empty SQL statement");
    if (!OnlySpaceOrSemicolons(sql.substr(static_cast<std::size_t>(tail - sql.data())))) {
      return InvalidArgument("Query/Execute run one statement; use ExecuteScript for several: " +
                             Snippet(sql));
    }
    // The working set of one request or import is a few dozen statements;
    // a full cache is emptied rather than tracked for recency.
    if (statements_.size() >= kMaxCachedStatements) statements_.clear();
    return statements_.emplace(std::move(key), std::move(stmt)).first->second.get();
  }

  // Prepares (or reuses), binds and steps one statement; collects rows when
  // `rows` is set. The statement is reset and its bindings cleared on every
  // way out, so a cached statement holds no read transaction and no pointer
  // into `params`.
  Status Run(std::string_view sql, std::span<const Value> params, std::vector<Row>* rows) {
    KINET_ASSIGN_OR_RETURN(sqlite3_stmt * prepared, Prepare(sql));
    struct ResetOnExit {
      sqlite3_stmt* s;
      ~ResetOnExit() {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
      sqlite3_stmt* get() const { return s; }
    } stmt{prepared};
    int rc = SQLITE_OK;
    const int expected = sqlite3_bind_parameter_count(stmt.get());
    if (expected != static_cast<int>(params.size())) {
      return InvalidArgument("the statement has " + std::to_string(expected) +
                             " placeholders but " + std::to_string(params.size()) +
                             " values were given: " + Snippet(sql));
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
      const int index = static_cast<int>(i) + 1;
      const Value& v = params[i];
      if (const auto* n = std::get_if<std::int64_t>(&v)) {
        rc = sqlite3_bind_int64(stmt.get(), index, *n);
      } else if (const auto* d = std::get_if<double>(&v)) {
        rc = sqlite3_bind_double(stmt.get(), index, *d);
      } else if (const auto* s = std::get_if<std::string>(&v)) {
        rc = sqlite3_bind_text64(stmt.get(), index, s->data(), s->size(), SQLITE_STATIC,
                                 SQLITE_UTF8);
      } else if (const auto* b = std::get_if<Blob>(&v)) {
        // A null pointer would bind NULL; an empty blob must stay a blob.
        rc = b->empty()
                 ? sqlite3_bind_zeroblob(stmt.get(), index, 0)
                 : sqlite3_bind_blob64(stmt.get(), index, b->data(), b->size(), SQLITE_STATIC);
      } else {
        rc = sqlite3_bind_null(stmt.get(), index);
      }
      if (rc != SQLITE_OK) {
        return SqliteStatus(rc, sqlite3_errmsg(handle_), "binding value " + std::to_string(index));
      }
    }
    const int columns = sqlite3_column_count(stmt.get());
    while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
      if (rows == nullptr) continue;
      std::vector<Value> values;
      values.reserve(static_cast<std::size_t>(columns));
      for (int c = 0; c < columns; ++c) values.push_back(ColumnValue(stmt.get(), c));
      rows->emplace_back(std::move(values));
    }
    if (rc != SQLITE_DONE) {
      return SqliteStatus(sqlite3_extended_errcode(handle_), sqlite3_errmsg(handle_), Snippet(sql));
    }
    return OkStatus();
  }

  static Value ColumnValue(sqlite3_stmt* stmt, int c) {
    switch (sqlite3_column_type(stmt, c)) {
      case SQLITE_INTEGER:
        return static_cast<std::int64_t>(sqlite3_column_int64(stmt, c));
      case SQLITE_FLOAT:
        return sqlite3_column_double(stmt, c);
      case SQLITE_TEXT: {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
        return std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt, c)));
      }
      case SQLITE_BLOB: {
        const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt, c));
        const auto n = static_cast<std::size_t>(sqlite3_column_bytes(stmt, c));
        return p == nullptr ? Blob() : Blob(p, p + n);
      }
      default:
        return Null();
    }
  }

  // Statements kept prepared per connection (Prepare). Re-preparing the same
  // INSERT for each of 10 000 imported rows was a visible share of an import.
  static constexpr std::size_t kMaxCachedStatements = 128;

  sqlite3* handle_;
  std::unordered_map<std::string, Stmt> statements_;
};

class SqliteDatabase final : public PooledDatabase {
 public:
  SqliteDatabase(std::unique_ptr<Connection> first, Connector connect, int max_connections,
                 std::string url, std::string path)
      : PooledDatabase(std::move(first), std::move(connect), max_connections),
        url_(std::move(url)),
        path_(std::move(path)) {}

  Backend backend() const override { return Backend::kSqlite; }
  const std::string& url() const override { return url_; }
  const std::string& display_name() const override { return path_; }
  const std::string& path() const { return path_; }

 private:
  std::string url_;
  std::string path_;
};

Result<std::unique_ptr<Connection>> Connect(const std::string& path, const DatabaseOptions& opt,
                                            bool first) {
  sqlite3* raw = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  // The handle is allocated even when opening fails; the connection owns it.
  auto conn = std::make_unique<SqliteConnection>(raw);
  if (rc != SQLITE_OK) {
    return Unavailable("cannot open the SQLite database at " + path + ": " +
                       (raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, opt.busy_timeout_ms);
  Result<std::vector<Row>> mode_result = conn->Query("PRAGMA journal_mode=WAL");
  if (!mode_result.ok()) {
    // The first statement that reads the file: "file is not a database" lands here.
    return mode_result.status().WithPrefix("the SQLite database at " + path);
  }
  const std::vector<Row>& mode = *mode_result;
  if (path != ":memory:" && (mode.empty() || mode[0].TextOr(0) != "wal")) {
    return Unavailable("cannot switch the SQLite database at " + path +
                       " to WAL mode (is it on a network file system?)");
  }
  KINET_RETURN_IF_ERROR(conn->ExecuteScript("PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;"));
  if (first) {
    // Full-text search (practices, later issues) needs FTS5: check it once,
    // at open time, rather than failing in the middle of a migration.
    Status fts = conn->ExecuteScript(
        "CREATE VIRTUAL TABLE temp.kinet_fts5_probe USING fts5(x);"
        "DROP TABLE temp.kinet_fts5_probe;");
    if (!fts.ok()) {
      return FailedPrecondition(std::string("this SQLite library (version ") +
                                sqlite3_libversion() +
                                ") lacks the FTS5 extension that KINet needs for full-text "
                                "search; install a build with FTS5 (Debian's libsqlite3-0 has it)");
    }
  }
  return std::unique_ptr<Connection>(std::move(conn));
}

}  // namespace

Status SqliteStatus(int code, std::string_view message, std::string_view what) {
  std::string text = "SQLite: " + std::string(message);
  switch (code) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return AlreadyExists(text);
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return Conflict(text);
    default:
      break;
  }
  switch (code & 0xff) {
    case SQLITE_CONSTRAINT:
      return InvalidArgument(text);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Unavailable(text + " (another connection held the lock beyond the busy timeout)");
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return Unavailable(text);
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return FailedPrecondition(text);
    default:
      return Internal(text + " (in: " + std::string(what) + ")");
  }
}

Result<std::unique_ptr<Database>> OpenSqlite(std::string_view url, std::string_view path,
                                             const DatabaseOptions& options) {
  std::string file(path);
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Connection> first, Connect(file, options, true));
  const int max = file == ":memory:" ? 1 : options.max_connections;
  auto connect = [file, options]() { return Connect(file, options, false); };
  return std::unique_ptr<Database>(std::make_unique<SqliteDatabase>(
      std::move(first), std::move(connect), max, std::string(url), file));
}

Status WithSqliteHandle(Database& db,
                        const std::function<Status(sqlite3*, const std::string&)>& fn) {
  auto* sqlite = dynamic_cast<SqliteDatabase*>(&db);
  if (sqlite == nullptr) {
    return FailedPrecondition("the database at " + db.display_name() +
                              " is not an SQLite database");
  }
  return sqlite->WithConnection([&](Connection& conn) {
    return fn(static_cast<SqliteConnection&>(conn).handle(), sqlite->path());
  });
}

}  // namespace kinet::store_internal
