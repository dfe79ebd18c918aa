// A strict RFC 4180 CSV reader for the project's small and medium inputs
// (sample network files, indicator values, AQI and trend inputs, long-layout
// monitoring files). It works on a buffer the caller owns, keeps the line
// number of every record for error messages, and never throws.
//
// The hot path of the air-quality workload (hundreds of MB of wide CSV) has
// its own specialised parser in src/ingest/; this one favours clarity.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"

namespace kinet {

class CsvReader {
 public:
  // Reads `text` (which must outlive the reader). `source` names the input in
  // error messages (a file path, "stdin"). A UTF-8 byte-order mark is skipped.
  CsvReader(std::string_view text, std::string source);

  // Reads the next record into `fields`. Returns false at the end of input.
  // Returns InvalidArgument ("<source>:<line>: ...") on an unterminated quote
  // or a stray quote inside an unquoted field. Blank lines are skipped.
  Result<bool> Next(std::vector<std::string>& fields);

  // The 1-based line on which the record last returned by Next() starts.
  int line() const { return record_line_; }
  const std::string& source() const { return source_; }

  // "<source>:<line>" of the current record, for error messages.
  std::string Where() const;

 private:
  std::string_view text_;
  std::string source_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int record_line_ = 0;
};

// Maps header names to column positions.
class CsvHeader {
 public:
  CsvHeader() = default;
  explicit CsvHeader(std::vector<std::string> names);

  // The position of `name`, or nullopt.
  std::optional<std::size_t> Find(std::string_view name) const;
  // The position of `name`, or InvalidArgument naming the missing column and `source`.
  Result<std::size_t> Require(std::string_view name, std::string_view source) const;
  const std::vector<std::string>& names() const { return names_; }
  std::size_t size() const { return names_.size(); }

 private:
  std::vector<std::string> names_;
  std::unordered_map<std::string, std::size_t> index_;
};

// A CSV file with a header row, read record by record with access by column
// name and typed getters whose errors name the file, line and column:
//   "cities.csv:12: column lat: '91.5x' is not a number".
class CsvTable {
 public:
  // Reads the header of `text`. InvalidArgument when the input is empty or a
  // column in `required` is missing (naming it).
  static Result<CsvTable> Open(std::string_view text, std::string source,
                               const std::vector<std::string_view>& required = {});

  // Advances to the next record. False at the end. InvalidArgument on a
  // malformed record or one whose field count differs from the header's.
  Result<bool> Next();

  // The raw text of `column` in the current record; "" when the column is
  // absent from the header or the field is empty.
  std::string_view Get(std::string_view column) const;
  // The text, or InvalidArgument when empty.
  Result<std::string> Required(std::string_view column) const;
  // A number, nullopt when empty, InvalidArgument when not a finite number.
  Result<std::optional<double>> Double(std::string_view column) const;
  // An integer, nullopt when empty, InvalidArgument otherwise.
  Result<std::optional<std::int64_t>> Int(std::string_view column) const;

  // InvalidArgument "<source>:<line>: column <column>: <message>" with field = column.
  Status Error(std::string_view column, std::string_view message) const;
  int line() const { return reader_.line(); }
  const CsvHeader& header() const { return header_; }
  const std::vector<std::string>& fields() const { return fields_; }

 private:
  CsvTable(std::string_view text, std::string source) : reader_(text, std::move(source)) {}
  CsvReader reader_;
  CsvHeader header_;
  std::vector<std::string> fields_;
};

// Quotes `field` for CSV output when it contains a comma, quote or line break.
std::string CsvEscape(std::string_view field);

// Joins fields into one CSV line (without the line end). A record of one
// empty field is written `""`, so that it does not read as a blank line.
std::string CsvLine(const std::vector<std::string>& fields);

}  // namespace kinet
