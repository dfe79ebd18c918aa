// The tables `kinet export` and GET /api/v1/exports/{table} can write as CSV
// or XLSX (docs/reports.md "Exports"): each is one SELECT over the store,
// with codes instead of internal ids, a unit column beside every measured
// value and the provenance columns (source, data status, who changed it and
// when). The list is data: exporting a new table is one entry in
// export_tables.cc.
//
// Each table has two queries: the full one (the console operator and anyone
// who may read unpublished data) and the public one, which keeps only what
// the public may read (published values and narratives); a table without a
// public query is not exported to the public at all (monitoring imports).
// Who created or changed a record is an account (an e-mail address): the
// columns that hold one are listed by name (AccountColumns, the list of
// core/privacy.h shared with the API) and emptied for
// anonymous callers, whichever query they get.
// Accounts, sessions, tokens and the audit log are never exported; the
// hourly monitoring blocks are binary series, exported per station by
// `kinet station` rather than as a table.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/database.h"

namespace kinet {

struct ExportTable {
  std::string_view name;        // "indicator_values": the CLI argument and the sheet name
  std::string_view title;       // one line for listings
  std::string_view full_sql;    // every row
  std::string_view public_sql;  // published rows only; "" = not exported to the public
  // Column headers, in SELECT order.
  std::span<const std::string_view> columns;
};

// Every exportable table, in the order of `kinet export all` (registry,
// indicators, targets and schemes, air, reports, then later areas).
std::span<const ExportTable> ExportTables();

// The table named `name`, or NotFound listing the names.
Result<const ExportTable*> FindExportTable(std::string_view name);

// The columns that name an account: the e-mail address of a signed-in user,
// or "cli:<login>" for the console operator, recorded as who created,
// changed, decided, reviewed, rated, wrote or acted on a record (created_by,
// updated_by, recorded_by, decided_by, reviewer, assessor, author, actor).
// Identified by name in every table, present and future: the export writer
// (report/table_export.h) empties them for anonymous callers, so a new table
// that names its account columns like the others cannot leak them, and
// table_export_test fails for a stored column ending in "_by" that is
// neither here nor named as not an account. Names of people given for
// publication (practice contacts, event participants, session chairs) are
// not accounts.
std::span<const std::string_view> AccountColumns();

// Whether `column` (an export column name) names an account.
bool IsAccountColumn(std::string_view column);

// The rows of `table`: the public query when `public_only`. FailedPrecondition
// ("not available to the public") when public_only and the table has none.
Result<std::vector<Row>> ReadExportTable(Executor& db, const ExportTable& table, bool public_only);

}  // namespace kinet
