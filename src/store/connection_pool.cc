#include "store/connection_pool.h"

#include <utility>

namespace kinet::store_internal {

// Returns a borrowed connection to the pool when it goes out of scope, or
// closes it when it is broken or was marked for discarding.
class PooledDatabase::Lease {
 public:
  Lease(PooledDatabase& pool, std::unique_ptr<Connection> conn)
      : pool_(pool), conn_(std::move(conn)) {}
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  ~Lease() {
    if (discard_) conn_.reset();
    pool_.Release(std::move(conn_));
  }
  Connection& operator*() { return *conn_; }
  Connection* operator->() { return conn_.get(); }
  // The connection's state is unknown (a failed ROLLBACK): close it.
  void Discard() { discard_ = true; }

 private:
  PooledDatabase& pool_;
  std::unique_ptr<Connection> conn_;
  bool discard_ = false;
};

PooledDatabase::PooledDatabase(std::unique_ptr<Connection> first, Connector connect,
                               int max_connections)
    : connect_(std::move(connect)), max_connections_(max_connections < 1 ? 1 : max_connections) {
  idle_.push_back(std::move(first));
  open_ = 1;
}

PooledDatabase::~PooledDatabase() = default;

Result<std::unique_ptr<Connection>> PooledDatabase::Acquire(bool fresh) {
  std::unique_ptr<Connection> closing;  // an idle one making room, closed outside the lock
  {
    std::unique_lock lock(mu_);
    available_.wait(lock, [&] { return !idle_.empty() || open_ < max_connections_; });
    if (!idle_.empty()) {
      std::unique_ptr<Connection> conn = std::move(idle_.back());
      idle_.pop_back();
      if (!fresh) return conn;
      closing = std::move(conn);  // its slot goes to the new connection
    } else {
      ++open_;  // reserve the slot; connect outside the lock, it may take a while
    }
  }
  closing.reset();
  Result<std::unique_ptr<Connection>> conn = connect_();
  if (!conn.ok()) {
    std::lock_guard lock(mu_);
    --open_;
    available_.notify_one();
  }
  return conn;
}

void PooledDatabase::Release(std::unique_ptr<Connection> conn) {
  if (conn != nullptr && conn->broken()) conn.reset();
  std::lock_guard lock(mu_);
  if (conn != nullptr) {
    idle_.push_back(std::move(conn));
  } else {
    --open_;
  }
  available_.notify_one();
}

Status PooledDatabase::WithConnection(const std::function<Status(Connection&)>& fn) {
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Connection> conn, Acquire());
  Lease lease(*this, std::move(conn));
  return fn(*lease);
}

template <typename F>
auto PooledDatabase::RunRetryingDropped(F&& statement)
    -> decltype(statement(std::declval<Connection&>())) {
  bool fresh = false;
  while (true) {
    KINET_ASSIGN_OR_RETURN(std::unique_ptr<Connection> conn, Acquire(fresh));
    Lease lease(*this, std::move(conn));
    auto result = statement(*lease);
    if (result.ok() || fresh || !lease->dropped_before_statement()) return result;
    lease.Discard();
    fresh = true;
  }
}

Result<std::vector<Row>> PooledDatabase::DoQuery(std::string_view sql,
                                                 std::span<const Value> params) {
  return RunRetryingDropped([&](Connection& conn) { return conn.Query(sql, params); });
}

Result<std::int64_t> PooledDatabase::DoExecute(std::string_view sql,
                                               std::span<const Value> params) {
  return RunRetryingDropped([&](Connection& conn) { return conn.Execute(sql, params); });
}

Status PooledDatabase::DoExecuteScript(std::string_view sql) {
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Connection> conn, Acquire());
  Lease lease(*this, std::move(conn));
  return lease->ExecuteScript(sql);
}

Status PooledDatabase::DoTransact(const std::function<Status(Executor&)>& fn) {
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Connection> conn, Acquire());
  auto lease = std::make_unique<Lease>(*this, std::move(conn));
  if (Status begun = (*lease)->ExecuteScript((*lease)->begin_sql()); !begun.ok()) {
    // Only BEGIN may meet a connection the server dropped while it was idle;
    // nothing of the transaction has run yet, so it starts on a fresh one.
    if (!(*lease)->dropped_before_statement()) return begun;
    lease->Discard();
    lease.reset();
    KINET_ASSIGN_OR_RETURN(conn, Acquire(/*fresh=*/true));
    lease = std::make_unique<Lease>(*this, std::move(conn));
    KINET_RETURN_IF_ERROR((*lease)->ExecuteScript((*lease)->begin_sql()));
  }
  Lease& held = *lease;
  auto rollback = [&] {
    // A failed ROLLBACK leaves the connection in an unknown state.
    if (!held->ExecuteScript("ROLLBACK").ok()) held.Discard();
  };
  Status status;
  try {
    status = fn(*held);
  } catch (...) {
    rollback();
    throw;  // not ours to handle: the caller's catch point logs it
  }
  if (!status.ok()) {
    rollback();
    return status;
  }
  Status commit = held->ExecuteScript("COMMIT");
  if (!commit.ok()) rollback();  // SQLite keeps the transaction open after a failed COMMIT
  return commit;
}

}  // namespace kinet::store_internal
