// Exports of the store's tables as CSV and XLSX (`kinet export`, GET
// /api/v1/exports/{table}; docs/reports.md "Exports"). Which tables exist
// and what columns they have is store/export_tables.h (one entry per
// table); this file applies the permissions and writes the formats.
//
// CSV: RFC 4180, UTF-8, header row, one file per table. XLSX: one sheet per
// table (named like the table) and a last "about" sheet saying what was
// exported, when, from which database, and for whom (public or full, and
// whether the account columns were emptied), so a workbook carries its own
// provenance. libxlsxwriter writes the workbook.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "service/permissions.h"
#include "store/database.h"
#include "store/export_tables.h"

namespace kinet {

struct TableData {
  const ExportTable* table = nullptr;
  bool public_only = true;       // the public query was used
  bool accounts_hidden = false;  // the account columns are empty (anonymous caller)
  std::vector<Row> rows;
};

// Reads `name` ("all" is not a table here) as `who` may see it: the full
// table for whoever may read unpublished data of every city (secretariat,
// operator), the public query for anyone else. For an anonymous caller the
// account columns (store/export_tables.h AccountColumns: e-mail addresses of
// who created, changed or decided a record) keep their header and are empty
// (NULL) in every row; signed-in users get them. NotFound for an unknown
// table; Unauthenticated/PermissionDenied for a table without a public
// query when `who` may not read it in full.
Result<TableData> ReadTableFor(Database& db, const Principal& who, std::string_view name);

// Every table `who` may read (tables without a public query are left out
// for the public), in ExportTables() order.
Result<std::vector<TableData>> ReadAllTablesFor(Database& db, const Principal& who);

// The table as CSV text (header row, then one line per row, "\n" line ends).
std::string TableCsv(const TableData& data);

// Writes `tables` as one workbook at `path`: one sheet per table and an
// "about" sheet last. Unavailable when the file cannot be written (the
// message names the path). The file is written beside `path` and renamed.
Status WriteTablesXlsx(const std::string& path, const std::vector<TableData>& tables,
                       std::string_view database_name);

// The same workbook as bytes (for HTTP downloads).
Result<std::string> TablesXlsxBytes(const std::vector<TableData>& tables,
                                    std::string_view database_name);

}  // namespace kinet
