#include "store/audit_repository.h"

#include <utility>

namespace kinet {

Status AuditRepository::Record(const AuditEntry& e) {
  if (e.action != "insert" && e.action != "update" && e.action != "delete") {
    return InvalidArgument("audit action '" + e.action + "' is not insert, update or delete",
                           "action");
  }
  return db_
      .Execute(
          "INSERT INTO audit_log (actor, action, entity, entity_id, field, old_value, new_value)"
          " VALUES (?, ?, ?, ?, ?, ?, ?)",
          {e.actor, e.action, e.entity, e.entity_id, OrNull(e.field), OrNull(e.old_value),
           OrNull(e.new_value)})
      .status();
}

Result<AuditPage> AuditRepository::List(const AuditQuery& query) {
  // Filters are appended only when set: a parameter used only in `? IS NULL`
  // has no type on PostgreSQL (src/store/README.md).
  std::string where = " WHERE 1 = 1";
  std::vector<Value> params;
  if (query.entity) {
    where += " AND entity = ?";
    params.emplace_back(*query.entity);
  }
  if (query.entity_id) {
    where += " AND entity_id = ?";
    params.emplace_back(*query.entity_id);
  }
  if (query.actor) {
    where += " AND actor = ?";
    params.emplace_back(*query.actor);
  }
  AuditPage page;
  KINET_ASSIGN_OR_RETURN(std::optional<Row> count,
                         db_.QueryOne("SELECT count(*) FROM audit_log" + where, params));
  page.total = count ? count->Int(0).value_or(0) : 0;
  params.emplace_back(query.limit);
  params.emplace_back(query.offset);
  KINET_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      db_.Query("SELECT id, at, actor, action, entity, entity_id, field, old_value, new_value"
                " FROM audit_log" +
                    where + " ORDER BY at DESC, id DESC LIMIT ? OFFSET ?",
                params));
  page.items.reserve(rows.size());
  for (const Row& row : rows) {
    AuditEntry e;
    e.id = row.Int(0).value_or(0);
    e.at = row.TextOr(1);
    e.actor = row.TextOr(2);
    e.action = row.TextOr(3);
    e.entity = row.TextOr(4);
    e.entity_id = row.TextOr(5);
    e.field = row.Text(6);
    e.old_value = row.Text(7);
    e.new_value = row.Text(8);
    page.items.push_back(std::move(e));
  }
  return page;
}

}  // namespace kinet
