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

// The rows of `table`: the public query when `public_only`. FailedPrecondition
// ("not available to the public") when public_only and the table has none.
Result<std::vector<Row>> ReadExportTable(Executor& db, const ExportTable& table, bool public_only);

}  // namespace kinet
