// Internal to src/store/: the connection pool shared by both backends.
//
// A backend supplies Connection objects (one sqlite3* or PGconn* each) and
// the pool lends them out, one thread at a time. Pools are small (a few
// connections): SQLite allows one writer at a time anyway, and a PostgreSQL
// server is shared by several `kinet serve` processes.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/status.h"
#include "store/database.h"

namespace kinet::store_internal {

// One open connection. Used by one thread at a time (the pool guarantees it).
class Connection : public Executor {
 public:
  // True when the connection can no longer be used (the server went away);
  // the pool then closes it instead of keeping it.
  virtual bool broken() const = 0;
  // True when the last statement failed because the server had ended this
  // connection and the statement certainly did not take effect (PostgreSQL
  // answered it with "terminating connection", SQLSTATE 57P01/57P02, or the
  // connection was already closed before it was sent). Only then may the
  // pool run the same statement again on a fresh connection: a connection
  // lost with no answer leaves a write's outcome unknown, so it is reported.
  virtual bool dropped_before_statement() const { return false; }
  // The statement that starts a transaction ("BEGIN IMMEDIATE" on SQLite).
  virtual std::string_view begin_sql() const = 0;
};

// A Database whose statements run on connections borrowed from a pool.
//
// A pooled connection may have been ended by the server while it sat idle
// (a server restart, pg_terminate_backend, an idle timeout). A Query or
// Execute outside a transaction, and the BEGIN of a Transact, that fails
// for that reason (Connection::dropped_before_statement) runs once more on
// a newly opened connection; a second failure is returned. Statements
// inside a Transact callback are never retried: the transaction's earlier
// statements died with the connection, so the error (Unavailable) goes to
// the caller, who may run the whole transaction again.
class PooledDatabase : public Database {
 public:
  using Connector = std::function<Result<std::unique_ptr<Connection>>()>;

  // `first` is an already opened connection (opening one up front reports an
  // unreachable database at open time); `connect` opens more on demand, up
  // to `max_connections` in total.
  PooledDatabase(std::unique_ptr<Connection> first, Connector connect, int max_connections);
  ~PooledDatabase() override;

  // Borrows a connection for the duration of `fn`.
  Status WithConnection(const std::function<Status(Connection&)>& fn);

 protected:
  Result<std::vector<Row>> DoQuery(std::string_view sql, std::span<const Value> params) override;
  Result<std::int64_t> DoExecute(std::string_view sql, std::span<const Value> params) override;
  Status DoExecuteScript(std::string_view sql) override;
  Status DoTransact(const std::function<Status(Executor&)>& fn) override;

 private:
  class Lease;
  // An idle connection, else a new one; `fresh` always opens a new one
  // (closing an idle one when the pool is full).
  Result<std::unique_ptr<Connection>> Acquire(bool fresh = false);
  // Runs `statement` on a borrowed connection, and once more on a fresh one
  // when the server had dropped the first (see the class comment).
  template <typename F>
  auto RunRetryingDropped(F&& statement) -> decltype(statement(std::declval<Connection&>()));
  void Release(std::unique_ptr<Connection> conn);

  Connector connect_;
  const int max_connections_;
  std::mutex mu_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mu_
  int open_ = 0;                                   // idle + lent out; guarded by mu_
};

}  // namespace kinet::store_internal
