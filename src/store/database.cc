#include "store/database.h"

#include "store/postgres_database.h"
#include "store/sqlite_database.h"

namespace kinet {
namespace {

const Value kNullValue;

}  // namespace

const Value& Row::at(std::size_t i) const { return i < values_.size() ? values_[i] : kNullValue; }

bool Row::IsNull(std::size_t i) const { return std::holds_alternative<std::monostate>(at(i)); }

std::optional<std::int64_t> Row::Int(std::size_t i) const {
  if (const auto* v = std::get_if<std::int64_t>(&at(i))) return *v;
  return std::nullopt;
}

std::optional<double> Row::Double(std::size_t i) const {
  const Value& v = at(i);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* n = std::get_if<std::int64_t>(&v)) return static_cast<double>(*n);
  return std::nullopt;
}

std::optional<std::string> Row::Text(std::size_t i) const {
  if (const auto* s = std::get_if<std::string>(&at(i))) return *s;
  return std::nullopt;
}

std::string Row::TextOr(std::size_t i, std::string_view fallback) const {
  if (const auto* s = std::get_if<std::string>(&at(i))) return *s;
  return std::string(fallback);
}

const Blob* Row::BlobAt(std::size_t i) const { return std::get_if<Blob>(&at(i)); }

Result<std::optional<Row>> Executor::QueryOne(std::string_view sql, std::span<const Value> params) {
  KINET_ASSIGN_OR_RETURN(std::vector<Row> rows, DoQuery(sql, params));
  if (rows.empty()) return std::optional<Row>();
  if (rows.size() > 1) {
    return Internal("a query expected to return at most one row returned " +
                    std::to_string(rows.size()) + ": " + std::string(sql.substr(0, 200)));
  }
  return std::optional<Row>(std::move(rows.front()));
}

Status Database::Transact(const std::function<Status(Executor&)>& fn) { return DoTransact(fn); }

std::string_view BackendName(Backend b) {
  switch (b) {
    case Backend::kSqlite:
      return "sqlite";
    case Backend::kPostgres:
      return "postgres";
  }
  return "?";
}

bool IsUniqueViolation(const Status& s) { return s.code() == StatusCode::kAlreadyExists; }

Result<std::unique_ptr<Database>> OpenDatabase(std::string_view url,
                                               const DatabaseOptions& options) {
  if (url.empty()) return InvalidArgument("the database URL is empty", "db");
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    return store_internal::OpenPostgres(url, options);
  }
  std::string_view path = url;
  if (path.starts_with("sqlite:")) {
    path.remove_prefix(7);
    if (path.starts_with("//")) path.remove_prefix(2);
  }
  if (path.empty()) return InvalidArgument("the SQLite database URL has no path", "db");
  return store_internal::OpenSqlite(url, path, options);
}

}  // namespace kinet
