// The audit log (DESIGN.md §8): who changed what, when, old → new, in the
// audit_log table of migration 0001. Services write one entry per changed
// field (or one per inserted/deleted record) inside the transaction of the
// change, so a change and its audit rows commit or roll back together; the
// secretariat reads them through GET /api/v1/audit.
//
// The log grows with every change and is read page by page, newest first,
// so List pages in SQL (LIMIT/OFFSET on the `at` index) instead of loading it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/status.h"
#include "store/database.h"

namespace kinet {

struct AuditEntry {
  std::int64_t id = 0;    // filled by reads
  std::string at;         // filled by reads: "YYYY-MM-DDTHH:MM:SSZ"
  std::string actor;      // a user's e-mail, "cli:<user>" or "system"
  std::string action;     // "insert", "update", "delete"
  std::string entity;     // "city", "user", "member", "monitoring_import", ...
  std::string entity_id;  // the entity's code or key
  std::optional<std::string> field;
  std::optional<std::string> old_value;
  std::optional<std::string> new_value;
};

struct AuditQuery {
  std::optional<std::string> entity;
  std::optional<std::string> entity_id;
  std::optional<std::string> actor;
  std::int64_t limit = 50;
  std::int64_t offset = 0;
};

struct AuditPage {
  std::vector<AuditEntry> items;  // newest first
  std::int64_t total = 0;         // matching entries over all pages
};

class AuditRepository {
 public:
  explicit AuditRepository(Executor& db) : db_(db) {}

  // Appends one entry (id and at are set by the database). InvalidArgument
  // when the action is not insert/update/delete.
  Status Record(const AuditEntry& entry);
  // The entries matching `query`, newest first, one page of them.
  Result<AuditPage> List(const AuditQuery& query);

 private:
  Executor& db_;
};

}  // namespace kinet
