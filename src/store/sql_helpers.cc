#include "store/sql_helpers.h"

namespace kinet {

Result<std::optional<std::int64_t>> IdOfCode(Executor& db, std::string_view table,
                                             std::string_view code) {
  KINET_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      db.QueryOne("SELECT id FROM " + std::string(table) + " WHERE code = ?", {TextValue(code)}));
  if (!row) return std::optional<std::int64_t>();
  return row->Int(0);
}

}  // namespace kinet
