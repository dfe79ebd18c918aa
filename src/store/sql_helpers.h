// Small SQL building blocks the repositories share (store/ only): the
// WHERE clause of a list query built from optional filters, and the row id
// of a coded row (cities, indicators, practices … are referenced by code in
// the API and by id in the tables).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/database.h"

namespace kinet {

// A WHERE clause and its parameters in placeholder order:
//   SqlWhere w;
//   if (q.city_code) w.Add("c.code = ?", {TextValue(*q.city_code)});
//   db.Query(std::string(kColumns) + w.sql() + " ORDER BY c.code", w.params());
class SqlWhere {
 public:
  // ANDs `condition`, whose `?` placeholders take `values` in order.
  void Add(std::string_view condition, std::initializer_list<Value> values = {}) {
    sql_ += sql_.empty() ? " WHERE " : " AND ";
    sql_ += condition;
    params_.insert(params_.end(), values);
  }
  // "" when nothing was added, else " WHERE a AND b …".
  const std::string& sql() const { return sql_; }
  const std::vector<Value>& params() const { return params_; }
  std::vector<Value> TakeParams() { return std::move(params_); }

 private:
  std::string sql_;
  std::vector<Value> params_;
};

// The id of the row of `table` whose code is `code`, or nullopt when none
// has it. `table` is a table name of ours, never user input.
Result<std::optional<std::int64_t>> IdOfCode(Executor& db, std::string_view table,
                                             std::string_view code);

}  // namespace kinet
