// Writes one table as a single-sheet .xlsx file with libxlsxwriter, for the
// XLSX exports of indicator values (the same layout as the CSV export, so an
// exported file imports back unchanged: docs/indicators.md).
//
// Sits in ingest/ beside the reader (xlsx_reader.h). The file is written to a
// temporary name in the target directory and renamed into place, so a reader
// never sees half a workbook.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/status.h"

namespace kinet {

// One cell to write: empty, text, or a number.
using XlsxOutCell = std::variant<std::monostate, std::string, double>;

// Writes `rows` to a one-sheet workbook at `path`, sheet named `sheet_name`
// (at most 31 characters, no []:*?/\). The first row is written bold (the
// header) and frozen. Text cells are written as strings even when they look
// like numbers, so codes and periods ("2015-03") survive a round trip.
// Returns InvalidArgument for a bad sheet name, Unavailable when the file
// cannot be written (the message names the path).
Status WriteXlsx(const std::string& path, std::string_view sheet_name,
                 const std::vector<std::vector<XlsxOutCell>>& rows);

}  // namespace kinet
