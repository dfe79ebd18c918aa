// A small, defensive reader of the first worksheet of an Office Open XML
// spreadsheet (.xlsx, ECMA-376 Part 1, SpreadsheetML), for the uploads of
// indicator values (docs/indicators.md, "Reported values").
//
// Uploads come from untrusted users, so the design is bounds-first:
//   - the file is read from memory through libzip; each part is read with a
//     hard cap on its uncompressed size (a zip bomb stops at the cap, whatever
//     the central directory claims);
//   - XML is parsed by expat, with any DOCTYPE refused (no entity tricks);
//   - cell references are parsed strictly (A1 .. XFD1048576) and the grid is
//     capped in rows and columns before anything is allocated;
//   - every error names the file and, where there is one, the sheet and cell:
//     "values.xlsx: sheet 1, cell C7: shared string 12 does not exist".
//
// What is read: the first sheet in workbook order (xl/workbook.xml and its
// relationships), shared strings (including rich-text runs), inline strings,
// formula results cached as strings, numbers, booleans and error values.
// Dates are not converted: Excel stores a date as a serial day number with a
// date style, and this reader returns the number (see XlsxSerialToDate).
// Styles, formulas themselves, merged cells and other sheets are ignored.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/period.h"
#include "core/result.h"

namespace kinet {

enum class XlsxCellKind : std::uint8_t { kEmpty, kNumber, kString, kBool, kError };

struct XlsxCell {
  XlsxCellKind kind = XlsxCellKind::kEmpty;
  // The cell as text: strings as stored, numbers in the file's own decimal
  // form ("108", "0.85"), booleans "TRUE"/"FALSE", errors as stored ("#N/A").
  std::string text;
  std::optional<double> number;  // for kNumber
};

struct XlsxSheet {
  std::string name;  // the sheet's name in the workbook
  // rows[r][c] is the cell in sheet row r + 1, column c + 1; rows are
  // as long as their last non-empty cell, missing cells are kEmpty.
  std::vector<std::vector<XlsxCell>> rows;
};

struct XlsxLimits {
  std::size_t max_part_bytes = 64u << 20;  // uncompressed size of one XML part
  int max_rows = 200'000;
  int max_columns = 512;
};

// Reads the first worksheet of the .xlsx file held in `bytes`. `source` names
// the file in messages. InvalidArgument when the bytes are not a zip, a
// required part is missing or malformed, a cell reference is invalid or out
// of order, a limit is exceeded (ResourceExhausted), or a cell points at a
// shared string that does not exist.
Result<XlsxSheet> ReadXlsxFirstSheet(std::string_view bytes, std::string_view source,
                                     const XlsxLimits& limits = {});

// "C7" for row 6, column 2 (both 0-based).
std::string XlsxCellName(int row, int column);

// Parses "C7" into 0-based {row, column}; nullopt when malformed or outside
// A1..XFD1048576.
struct XlsxCellRef {
  int row = 0;
  int column = 0;
};
std::optional<XlsxCellRef> ParseXlsxCellName(std::string_view name);

// The civil date of an Excel serial day number in the 1900 date system
// (serial 1 = 1900-01-01; serials from 61 on are shifted by Excel's phantom
// 1900-02-29, so 61 = 1900-03-01 and 45292 = 2024-01-01). nullopt for serials
// below 1, for 60 (the phantom day) and past 9999-12-31. The fraction (time
// of day) is dropped.
std::optional<CivilDate> XlsxSerialToDate(double serial);

}  // namespace kinet
