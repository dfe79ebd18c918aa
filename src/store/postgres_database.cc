#include "store/postgres_database.h"

#include <libpq-fe.h>
#include <poll.h>

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <unordered_map>
#include <utility>

#include "store/connection_pool.h"

namespace kinet::store_internal {
namespace {

// Type OIDs from PostgreSQL's pg_type.dat; stable since PostgreSQL 7.
constexpr Oid kBoolOid = 16;
constexpr Oid kByteaOid = 17;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

bool IsIdentChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

std::string Snippet(std::string_view sql) {
  std::string s(sql.substr(0, 120));
  for (char& c : s) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return sql.size() > 120 ? s + "..." : s;
}

std::string FirstLine(std::string_view message) {
  std::size_t end = message.find('\n');
  return std::string(message.substr(0, end));
}

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

// SQLSTATEs of the server ending a connection: 57P01 admin_shutdown (a
// restart, pg_terminate_backend), 57P02 crash_shutdown, 57P05
// idle_session_timeout.
bool EndsConnection(const char* sqlstate) {
  const std::string_view s = sqlstate != nullptr ? sqlstate : "";
  return s == "57P01" || s == "57P02" || s == "57P05";
}

std::string DoubleText(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);  // shortest round-trip form
  return std::string(buf, end);
}

Value ParseDouble(const char* text, std::size_t len) {
  std::string_view s(text, len);
  if (s == "NaN") return std::nan("");
  if (s == "Infinity") return HUGE_VAL;
  if (s == "-Infinity") return -HUGE_VAL;
  double d = 0;
  auto [ptr, ec] = std::from_chars(text, text + len, d);
  if (ec != std::errc()) return std::string(s);  // not expected; keep the text
  return d;
}

Value ColumnValue(const PGresult* res, int row, int col) {
  if (PQgetisnull(res, row, col)) return Null();
  const char* text = PQgetvalue(res, row, col);
  const auto len = static_cast<std::size_t>(PQgetlength(res, row, col));
  switch (PQftype(res, col)) {
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid: {
      std::int64_t n = 0;
      auto [ptr, ec] = std::from_chars(text, text + len, n);
      if (ec != std::errc()) return std::string(text, len);
      return n;
    }
    case kBoolOid:
      return std::int64_t{text[0] == 't' ? 1 : 0};
    case kFloat4Oid:
    case kFloat8Oid:
    case kNumericOid:
      return ParseDouble(text, len);
    case kByteaOid: {
      std::size_t n = 0;
      unsigned char* bytes = PQunescapeBytea(reinterpret_cast<const unsigned char*>(text), &n);
      if (bytes == nullptr) return Null();
      Blob blob(bytes, bytes + n);
      PQfreemem(bytes);
      return blob;
    }
    default:
      return std::string(text, len);
  }
}

// Maps a failed result (or a null one: the connection failed) to a Status.
Status PgStatus(PGconn* conn, const PGresult* res, std::string_view sql) {
  if (res == nullptr || PQstatus(conn) == CONNECTION_BAD) {
    return Unavailable("lost the connection to the PostgreSQL server: " +
                       FirstLine(PQerrorMessage(conn)));
  }
  const char* state_c = PQresultErrorField(res, PG_DIAG_SQLSTATE);
  const char* primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
  std::string state = state_c != nullptr ? state_c : "";
  std::string text =
      "PostgreSQL: " +
      std::string(primary != nullptr ? primary : FirstLine(PQresultErrorMessage(res)));
  if (state == "23505") return AlreadyExists(text);
  if (state == "23503") return Conflict(text);
  if (state == "40001" || state == "40P01") return Conflict(text + " (retry the transaction)");
  if (state.starts_with("23") || state.starts_with("22")) return InvalidArgument(text);
  if (state.starts_with("08") || state.starts_with("57P") || state == "53300") {
    return Unavailable(text);
  }
  return Internal(text + " (SQLSTATE " + state + ", in: " + Snippet(sql) + ")");
}

class PostgresConnection final : public Connection {
 public:
  explicit PostgresConnection(PGconn* conn) : conn_(conn) {}
  ~PostgresConnection() override { PQfinish(conn_); }
  PostgresConnection(const PostgresConnection&) = delete;
  PostgresConnection& operator=(const PostgresConnection&) = delete;

  PGconn* conn() const { return conn_; }
  bool broken() const override { return ended_by_server_ || PQstatus(conn_) == CONNECTION_BAD; }
  std::string_view begin_sql() const override { return "BEGIN"; }
  bool dropped_before_statement() const override { return dropped_before_statement_; }

  // libpq's notice receiver (`self` is the connection). Notices are dropped
  // (IF NOT EXISTS chatter is not worth a log line), except the FATAL
  // goodbye of a server ending an idle connection, which libpq can only
  // pass on as a notice: from then on the connection is broken, even before
  // the end of the stream arrives.
  static void OnNotice(void* self, const PGresult* notice) {
    if (EndsConnection(PQresultErrorField(notice, PG_DIAG_SQLSTATE))) {
      static_cast<PostgresConnection*>(self)->ended_by_server_ = true;
    }
  }

 protected:
  Result<std::vector<Row>> DoQuery(std::string_view sql, std::span<const Value> params) override {
    KINET_ASSIGN_OR_RETURN(PgResult res, Exec(sql, params));
    std::vector<Row> rows;
    const int n = PQntuples(res.get());
    const int columns = PQnfields(res.get());
    rows.reserve(static_cast<std::size_t>(n));
    for (int r = 0; r < n; ++r) {
      std::vector<Value> values;
      values.reserve(static_cast<std::size_t>(columns));
      for (int c = 0; c < columns; ++c) values.push_back(ColumnValue(res.get(), r, c));
      rows.emplace_back(std::move(values));
    }
    return rows;
  }

  Result<std::int64_t> DoExecute(std::string_view sql, std::span<const Value> params) override {
    KINET_ASSIGN_OR_RETURN(PgResult res, Exec(sql, params));
    const char* affected = PQcmdTuples(res.get());
    std::int64_t n = 0;
    if (affected != nullptr && *affected != '\0') {
      std::from_chars(affected, affected + std::char_traits<char>::length(affected), n);
    }
    return n;
  }

  Status DoExecuteScript(std::string_view sql) override {
    std::string text(sql);
    if (StartStatement()) {
      dropped_before_statement_ = true;
      return PgStatus(conn_, nullptr, sql);
    }
    PgResult res(PQexec(conn_, text.c_str()));
    ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) {
      return OkStatus();
    }
    NoteFailure(res.get());
    return PgStatus(conn_, res.get(), sql);
  }

 private:
  // Forgets the last failure; true when the connection is closed already.
  // A server that ended the connection while it sat idle in the pool (a
  // restart, pg_terminate_backend, idle_session_timeout) left its FATAL
  // message and the end of the stream in the socket. An idle healthy
  // connection has nothing to read, so this costs one poll(); when there is
  // something, libpq reads it (the FATAL message, then the end of the
  // stream, which marks the connection bad) before anything of the next
  // statement is sent.
  bool StartStatement() {
    dropped_before_statement_ = false;
    for (int i = 0; i < 4 && PQstatus(conn_) == CONNECTION_OK; ++i) {
      pollfd waiting{PQsocket(conn_), POLLIN, 0};
      if (poll(&waiting, 1, 0) <= 0) break;
      if (PQconsumeInput(conn_) == 0) break;
    }
    return broken();
  }

  // Records whether a statement that was sent and failed certainly did not
  // run: the server answered it by ending the connection (EndsConnection),
  // and an error answer means its transaction did not commit. A connection
  // lost without an answer leaves that unknown: not retried.
  void NoteFailure(const PGresult* res) {
    dropped_before_statement_ =
        res != nullptr && EndsConnection(PQresultErrorField(res, PG_DIAG_SQLSTATE));
  }

  Result<PgResult> Exec(std::string_view sql, std::span<const Value> params) {
    if (StartStatement()) {
      dropped_before_statement_ = true;
      return PgStatus(conn_, nullptr, sql);
    }
    RewrittenSql rewritten = RewritePlaceholders(sql);
    if (rewritten.placeholders != static_cast<int>(params.size())) {
      return InvalidArgument("the statement has " + std::to_string(rewritten.placeholders) +
                             " placeholders but " + std::to_string(params.size()) +
                             " values were given: " + Snippet(sql));
    }
    const std::size_t n = params.size();
    std::vector<std::string> texts(n);
    std::vector<Oid> types(n, 0);
    std::vector<const char*> values(n, nullptr);
    std::vector<int> lengths(n, 0);
    std::vector<int> formats(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
      const Value& v = params[i];
      if (const auto* num = std::get_if<std::int64_t>(&v)) {
        texts[i] = std::to_string(*num);
        types[i] = kInt8Oid;
        values[i] = texts[i].c_str();
      } else if (const auto* d = std::get_if<double>(&v)) {
        texts[i] = DoubleText(*d);
        types[i] = kFloat8Oid;
        values[i] = texts[i].c_str();
      } else if (const auto* s = std::get_if<std::string>(&v)) {
        // Type left to the server (0): a text value may fill any column type.
        values[i] = s->c_str();
      } else if (const auto* b = std::get_if<Blob>(&v)) {
        static const char kEmpty = 0;
        types[i] = kByteaOid;
        values[i] = b->empty() ? &kEmpty : reinterpret_cast<const char*>(b->data());
        lengths[i] = static_cast<int>(b->size());
        formats[i] = 1;  // binary: no escaping of 35 KB blocks
      }
    }
    const int count = static_cast<int>(n);
    PgResult res;
    if (const std::optional<std::string> key = StatementKey(rewritten.sql, types)) {
      KINET_ASSIGN_OR_RETURN(const std::string* name, Prepared(*key, rewritten.sql, types, sql));
      res.reset(PQexecPrepared(conn_, name->c_str(), count, values.data(), lengths.data(),
                               formats.data(), 0));
      if (LostPreparedStatement(res.get(), *key) && PQtransactionStatus(conn_) == PQTRANS_IDLE) {
        // The failed statement ran alone and did nothing: run it once more,
        // unprepared. Inside a transaction the error aborted the
        // transaction, so it goes to the caller like any other.
        res.reset();
      }
    }
    if (res == nullptr) {
      res.reset(PQexecParams(conn_, rewritten.sql.c_str(), count, types.data(), values.data(),
                             lengths.data(), formats.data(), 0));
    }
    ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return res;
    NoteFailure(res.get());
    return PgStatus(conn_, res.get(), sql);
  }

  // The cache key of a statement worth keeping prepared: its parameter types
  // (one letter each, in the OIDs Exec sends; text and NULL both leave the
  // type to the server, which infers the same type for both from the
  // statement alone) and its rewritten text. nullopt for anything but
  // SELECT / INSERT / UPDATE / DELETE / WITH: DDL (migrations, test
  // schemas), transaction control and SET run rarely and must see the
  // catalogue as it is now. nullopt too inside a failed transaction, where
  // a PREPARE would only fail the same way as the statement itself.
  std::optional<std::string> StatementKey(const std::string& rewritten,
                                          const std::vector<Oid>& types) const {
    std::size_t start = rewritten.find_first_not_of(" \t\r\n(");
    if (start == std::string::npos) return std::nullopt;
    std::size_t end = start;
    while (end < rewritten.size() && IsIdentChar(rewritten[end])) ++end;
    std::string verb = rewritten.substr(start, end - start);
    for (char& c : verb) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (verb != "select" && verb != "insert" && verb != "update" && verb != "delete" &&
        verb != "with") {
      return std::nullopt;
    }
    if (PQtransactionStatus(conn_) == PQTRANS_INERROR) return std::nullopt;
    std::string key;
    key.reserve(types.size() + 1 + rewritten.size());
    for (Oid t : types) {
      key += t == kInt8Oid ? 'i' : t == kFloat8Oid ? 'd' : t == kByteaOid ? 'b' : 'u';
    }
    key += '|';
    key += rewritten;
    return key;
  }

  // The server-side name of the prepared statement `key`, prepared now
  // (PQprepare, named "kinet_<n>") when it is not cached. A full cache is
  // emptied with one DEALLOCATE ALL rather than tracked for recency, as the
  // SQLite backend does. A failed PREPARE is the statement's own error.
  Result<const std::string*> Prepared(const std::string& key, const std::string& rewritten,
                                      const std::vector<Oid>& types, std::string_view sql) {
    if (auto it = statements_.find(key); it != statements_.end()) return &it->second;
    if (statements_.size() >= kMaxPreparedStatements) {
      PgResult cleared(PQexec(conn_, "DEALLOCATE ALL"));
      if (!cleared || PQresultStatus(cleared.get()) != PGRES_COMMAND_OK) {
        NoteFailure(cleared.get());
        return PgStatus(conn_, cleared.get(), "DEALLOCATE ALL");
      }
      statements_.clear();
    }
    std::string name = "kinet_" + std::to_string(++statements_prepared_);
    PgResult res(PQprepare(conn_, name.c_str(), rewritten.c_str(), static_cast<int>(types.size()),
                           types.data()));
    if (!res || PQresultStatus(res.get()) != PGRES_COMMAND_OK) {
      NoteFailure(res.get());
      return PgStatus(conn_, res.get(), sql);
    }
    return &statements_.emplace(key, std::move(name)).first->second;
  }

  // True when the cached statement `key` failed because of the cache
  // itself, which is then corrected: "cached plan must not change result
  // type" (SQLSTATE 0A000, a table's columns changed since the PREPARE; the
  // statement is forgotten) or "prepared statement does not exist" (26000,
  // someone ran DEALLOCATE or DISCARD on the session; the whole cache is
  // forgotten). A statement forgotten inside a transaction stays allocated
  // on the server until the session ends: a name is never reused.
  bool LostPreparedStatement(const PGresult* res, const std::string& key) {
    if (res == nullptr || PQresultStatus(res) != PGRES_FATAL_ERROR) return false;
    const std::string_view state = ErrorField(res, PG_DIAG_SQLSTATE);
    if (state == "26000") {
      statements_.clear();
      return true;
    }
    if (state != "0A000" ||
        !ErrorField(res, PG_DIAG_MESSAGE_PRIMARY).starts_with("cached plan must not change")) {
      return false;
    }
    auto it = statements_.find(key);
    if (it == statements_.end()) return true;
    if (PQtransactionStatus(conn_) == PQTRANS_IDLE) {
      PgResult dropped(PQexec(conn_, ("DEALLOCATE " + it->second).c_str()));
    }
    statements_.erase(it);
    return true;
  }

  static std::string_view ErrorField(const PGresult* res, int field) {
    const char* text = PQresultErrorField(res, field);
    return text != nullptr ? text : "";
  }

  // Statements kept prepared per connection (at most this many), so a
  // statement run again (every row of an import, every request's lookups)
  // is bound and executed without being parsed and planned again. They die
  // with the connection: a connection the pool replaces (connection_pool.h)
  // starts with an empty cache.
  static constexpr std::size_t kMaxPreparedStatements = 128;

  PGconn* conn_;
  std::unordered_map<std::string, std::string> statements_;  // StatementKey -> name
  std::uint64_t statements_prepared_ = 0;                    // for unique names
  bool dropped_before_statement_ = false;                    // of the last failed statement
  bool ended_by_server_ = false;  // the server said it ends this connection
};

class PostgresDatabase final : public PooledDatabase {
 public:
  PostgresDatabase(std::unique_ptr<Connection> first, Connector connect, int max_connections,
                   std::string url, std::string display_name)
      : PooledDatabase(std::move(first), std::move(connect), max_connections),
        url_(std::move(url)),
        display_name_(std::move(display_name)) {}

  Backend backend() const override { return Backend::kPostgres; }
  const std::string& url() const override { return url_; }
  const std::string& display_name() const override { return display_name_; }

 private:
  std::string url_;
  std::string display_name_;
};

Result<std::unique_ptr<Connection>> Connect(const std::string& url) {
  PGconn* raw = PQconnectdb(url.c_str());
  if (raw == nullptr) return Internal("libpq could not allocate a connection");
  auto conn = std::make_unique<PostgresConnection>(raw);
  if (PQstatus(raw) != CONNECTION_OK) {
    return Unavailable("cannot connect to the PostgreSQL server at " + RedactPostgresUrl(url) +
                       ": " + FirstLine(PQerrorMessage(raw)));
  }
  PQsetNoticeReceiver(raw, &PostgresConnection::OnNotice, conn.get());
  if (PQsetClientEncoding(raw, "UTF8") != 0) {
    return Unavailable("the PostgreSQL server refused UTF8 client encoding");
  }
  return std::unique_ptr<Connection>(std::move(conn));
}

}  // namespace

RewrittenSql RewritePlaceholders(std::string_view sql) {
  RewrittenSql out;
  out.sql.reserve(sql.size() + 16);
  const std::size_t n = sql.size();
  std::size_t i = 0;
  auto copy_until = [&](std::size_t end) {
    out.sql.append(sql.substr(i, end - i));
    i = end;
  };
  while (i < n) {
    const char c = sql[i];
    if (c == '\'') {
      // E'...' strings also take backslash escapes.
      const bool escapes =
          i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') && (i < 2 || !IsIdentChar(sql[i - 2]));
      std::size_t j = i + 1;
      while (j < n) {
        if (escapes && sql[j] == '\\') {
          j += 2;
        } else if (sql[j] == '\'') {
          if (j + 1 < n && sql[j + 1] == '\'') {
            j += 2;
          } else {
            break;
          }
        } else {
          ++j;
        }
      }
      copy_until(std::min(j + 1, n));
    } else if (c == '"') {
      std::size_t j = sql.find('"', i + 1);
      copy_until(j == std::string_view::npos ? n : j + 1);
    } else if (c == '-' && i + 1 < n && sql[i + 1] == '-') {
      std::size_t j = sql.find('\n', i);
      copy_until(j == std::string_view::npos ? n : j + 1);
    } else if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
      // PostgreSQL block comments nest.
      int depth = 0;
      std::size_t j = i;
      while (j < n) {
        if (j + 1 < n && sql[j] == '/' && sql[j + 1] == '*') {
          ++depth;
          j += 2;
        } else if (j + 1 < n && sql[j] == '*' && sql[j + 1] == '/') {
          j += 2;
          if (--depth == 0) break;
        } else {
          ++j;
        }
      }
      copy_until(j);
    } else if (c == '$' && (i == 0 || !IsIdentChar(sql[i - 1]))) {
      // $tag$ ... $tag$ (tag possibly empty); $1 is a parameter, not a quote.
      std::size_t j = i + 1;
      if (j < n && sql[j] >= '0' && sql[j] <= '9') {
        copy_until(j);
        continue;
      }
      while (j < n && IsIdentChar(sql[j])) ++j;
      if (j < n && sql[j] == '$') {
        std::string_view tag = sql.substr(i, j - i + 1);
        std::size_t close = sql.find(tag, j + 1);
        copy_until(close == std::string_view::npos ? n : close + tag.size());
      } else {
        copy_until(i + 1);
      }
    } else if (c == '?') {
      out.sql += '$';
      out.sql += std::to_string(++out.placeholders);
      ++i;
    } else {
      out.sql += c;
      ++i;
    }
  }
  return out;
}

std::string RedactPostgresUrl(std::string_view url) {
  std::string out(url);
  std::size_t scheme = out.find("://");
  if (scheme != std::string::npos) {
    std::size_t start = scheme + 3;
    std::size_t end = out.find_first_of("/?", start);
    if (end == std::string::npos) end = out.size();
    std::size_t at = out.rfind('@', end);
    if (at != std::string::npos && at >= start) {
      std::size_t colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  std::size_t pos = 0;
  while ((pos = out.find("password=", pos)) != std::string::npos) {
    if (pos > 0 && out[pos - 1] != '?' && out[pos - 1] != '&' && out[pos - 1] != ' ') {
      pos += 9;
      continue;
    }
    std::size_t value = pos + 9;
    std::size_t end = out.find_first_of("& ", value);
    if (end == std::string::npos) end = out.size();
    out.replace(value, end - value, "***");
    pos = value + 3;
  }
  return out;
}

Result<std::unique_ptr<Database>> OpenPostgres(std::string_view url,
                                               const DatabaseOptions& options) {
  std::string full(url);
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Connection> first, Connect(full));
  PGconn* pg = static_cast<PostgresConnection&>(*first).conn();
  std::string host = PQhost(pg) != nullptr ? PQhost(pg) : "";
  std::string display = host + ":" + (PQport(pg) != nullptr ? PQport(pg) : "") + "/" +
                        (PQdb(pg) != nullptr ? PQdb(pg) : "");
  auto connect = [full]() { return Connect(full); };
  return std::unique_ptr<Database>(
      std::make_unique<PostgresDatabase>(std::move(first), std::move(connect),
                                         options.max_connections, RedactPostgresUrl(url), display));
}

}  // namespace kinet::store_internal
