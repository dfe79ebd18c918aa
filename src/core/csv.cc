#include "core/csv.h"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace kinet {

CsvReader::CsvReader(std::string_view text, std::string source)
    : text_(text), source_(std::move(source)) {
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

std::string CsvReader::Where() const { return fmt::format("{}:{}", source_, record_line_); }

Result<bool> CsvReader::Next(std::vector<std::string>& fields) {
  fields.clear();
  // Skip blank lines between records.
  while (pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
    if (text_[pos_] == '\n') ++line_;
    ++pos_;
  }
  if (pos_ >= text_.size()) return false;
  record_line_ = line_;
  std::string field;
  bool quoted = false;      // inside a quoted field
  bool was_quoted = false;  // the current field started with a quote
  while (pos_ < text_.size()) {
    char c = text_[pos_++];
    if (quoted) {
      if (c == '"') {
        if (pos_ < text_.size() && text_[pos_] == '"') {
          field += '"';
          ++pos_;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line_;
        field += c;
      }
      continue;
    }
    if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
      was_quoted = false;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
      ++line_;
      fields.push_back(std::move(field));
      return true;
    } else if (c == '"') {
      if (!field.empty() || was_quoted) {
        return InvalidArgument(fmt::format("{}:{}: a quote inside an unquoted field (field {})",
                                           source_, record_line_, fields.size() + 1));
      }
      quoted = true;
      was_quoted = true;
    } else {
      if (was_quoted) {
        return InvalidArgument(fmt::format("{}:{}: text after a closing quote (field {})", source_,
                                           record_line_, fields.size() + 1));
      }
      field += c;
    }
  }
  if (quoted) {
    return InvalidArgument(fmt::format(
        "{}:{}: a quoted field is not closed before the end of the input", source_, record_line_));
  }
  fields.push_back(std::move(field));
  return true;
}

CsvHeader::CsvHeader(std::vector<std::string> names) : names_(std::move(names)) {
  for (std::size_t i = 0; i < names_.size(); ++i) index_.emplace(names_[i], i);
}

std::optional<std::size_t> CsvHeader::Find(std::string_view name) const {
  auto it = index_.find(std::string(name));
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

Result<std::size_t> CsvHeader::Require(std::string_view name, std::string_view source) const {
  if (auto i = Find(name)) return *i;
  return InvalidArgument(fmt::format("{}:1: the header has no column '{}'", source, name),
                         std::string(name));
}

Result<CsvTable> CsvTable::Open(std::string_view text, std::string source,
                                const std::vector<std::string_view>& required) {
  CsvTable table(text, std::move(source));
  std::vector<std::string> names;
  KINET_ASSIGN_OR_RETURN(bool any, table.reader_.Next(names));
  if (!any) {
    return InvalidArgument(
        fmt::format("{}: the file is empty (a header row is needed)", table.reader_.source()));
  }
  table.header_ = CsvHeader(std::move(names));
  for (std::string_view col : required) {
    KINET_RETURN_IF_ERROR(table.header_.Require(col, table.reader_.source()).status());
  }
  return table;
}

Result<bool> CsvTable::Next() {
  KINET_ASSIGN_OR_RETURN(bool more, reader_.Next(fields_));
  if (!more) return false;
  if (fields_.size() != header_.size()) {
    return InvalidArgument(fmt::format("{}: {} fields, but the header has {} columns",
                                       reader_.Where(), fields_.size(), header_.size()));
  }
  return true;
}

std::string_view CsvTable::Get(std::string_view column) const {
  std::optional<std::size_t> i = header_.Find(column);
  if (!i || *i >= fields_.size()) return {};
  return fields_[*i];
}

Status CsvTable::Error(std::string_view column, std::string_view message) const {
  return InvalidArgument(fmt::format("{}: column {}: {}", reader_.Where(), column, message),
                         std::string(column));
}

Result<std::string> CsvTable::Required(std::string_view column) const {
  std::string_view v = Get(column);
  if (v.empty()) return Error(column, "a value is required");
  return std::string(v);
}

Result<std::optional<double>> CsvTable::Double(std::string_view column) const {
  std::string_view v = Get(column);
  if (v.empty()) return std::optional<double>();
  double d = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
  if (ec != std::errc() || p != v.data() + v.size() || !std::isfinite(d)) {
    return Error(column, fmt::format("'{}' is not a number", v));
  }
  return std::optional<double>(d);
}

Result<std::optional<std::int64_t>> CsvTable::Int(std::string_view column) const {
  std::string_view v = Get(column);
  if (v.empty()) return std::optional<std::int64_t>();
  std::int64_t n = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || p != v.data() + v.size()) {
    return Error(column, fmt::format("'{}' is not a whole number", v));
  }
  return std::optional<std::int64_t>(n);
}

std::string CsvEscape(std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(field);
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string CsvLine(const std::vector<std::string>& fields) {
  // A record of one empty field written bare would be a blank line, which
  // readers skip: the record would be lost (found by fuzz/csv_reader).
  if (fields.size() == 1 && fields[0].empty()) return "\"\"";
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) line += ',';
    line += CsvEscape(fields[i]);
  }
  return line;
}

}  // namespace kinet
