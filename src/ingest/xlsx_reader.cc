#include "ingest/xlsx_reader.h"

#include <charconv>
#include <cmath>
#include <memory>
#include <string>
#include <utility>

#include <expat.h>
#include <fmt/format.h>
#include <zip.h>

namespace kinet {
namespace {

// ---- zip --------------------------------------------------------------------

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }  // read-only: discard, never write back
};
struct ZipFileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};

class ZipArchive {
 public:
  static Result<ZipArchive> Open(std::string_view bytes, std::string_view source) {
    zip_error_t error;
    zip_error_init(&error);
    // The buffer is not copied and not freed by libzip (freep = 0); it outlives the archive.
    zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (src == nullptr) {
      zip_error_fini(&error);
      return Internal(fmt::format("{}: cannot create a zip source", source));
    }
    zip_t* z = zip_open_from_source(src, ZIP_RDONLY, &error);
    if (z == nullptr) {
      zip_source_free(src);
      std::string why = zip_error_strerror(&error);
      zip_error_fini(&error);
      return InvalidArgument(
          fmt::format("{}: not an .xlsx file (it is not a readable zip archive: {})", source, why));
    }
    zip_error_fini(&error);
    return ZipArchive(z);
  }

  // The uncompressed part `name`, or nullopt when absent. ResourceExhausted
  // when it exceeds `max_bytes` (counted while reading, not trusted from the
  // directory); InvalidArgument when it cannot be decompressed.
  Result<std::optional<std::string>> Read(const std::string& name, std::size_t max_bytes,
                                          std::string_view source) {
    zip_int64_t index = zip_name_locate(zip_.get(), name.c_str(), 0);
    if (index < 0) return std::optional<std::string>();
    std::unique_ptr<zip_file_t, ZipFileCloser> f(
        zip_fopen_index(zip_.get(), static_cast<zip_uint64_t>(index), 0));
    if (f == nullptr) {
      return InvalidArgument(
          fmt::format("{}: part {} cannot be opened: {}", source, name, zip_strerror(zip_.get())));
    }
    std::string out;
    char buf[64 * 1024];
    while (true) {
      zip_int64_t n = zip_fread(f.get(), buf, sizeof buf);
      if (n < 0) {
        return InvalidArgument(
            fmt::format("{}: part {} is corrupt: {}", source, name, zip_file_strerror(f.get())));
      }
      if (n == 0) break;
      if (out.size() + static_cast<std::size_t>(n) > max_bytes) {
        return ResourceExhausted(fmt::format("{}: part {} is larger than {} bytes uncompressed",
                                             source, name, max_bytes));
      }
      out.append(buf, static_cast<std::size_t>(n));
    }
    return std::optional<std::string>(std::move(out));
  }

 private:
  explicit ZipArchive(zip_t* z) : zip_(z) {}
  std::unique_ptr<zip_t, ZipCloser> zip_;
};

// ---- XML --------------------------------------------------------------------

std::string_view LocalName(const XML_Char* name) {
  std::string_view s(name);
  std::size_t colon = s.rfind(':');
  return colon == std::string_view::npos ? s : s.substr(colon + 1);
}

const XML_Char* Attr(const XML_Char** attrs, std::string_view local) {
  for (int i = 0; attrs[i] != nullptr; i += 2) {
    if (LocalName(attrs[i]) == local) return attrs[i + 1];
  }
  return nullptr;
}

// Base of the SAX handlers: owns the parser, refuses DOCTYPE, and stops at
// the first handler error.
class XmlParser {
 public:
  XmlParser() : parser_(XML_ParserCreate("UTF-8")) {}
  virtual ~XmlParser() { XML_ParserFree(parser_); }
  XmlParser(const XmlParser&) = delete;
  XmlParser& operator=(const XmlParser&) = delete;

  // Parses `xml`; `where` prefixes syntax errors ("values.xlsx: xl/sharedStrings.xml").
  Status Parse(std::string_view xml, const std::string& where) {
    if (parser_ == nullptr) return Internal("cannot create an XML parser");
    XML_SetUserData(parser_, this);
    XML_SetElementHandler(parser_, &Start, &End);
    XML_SetCharacterDataHandler(parser_, &Text);
    XML_SetStartDoctypeDeclHandler(parser_, &Doctype);
    // Parse in chunks so a size never overflows expat's int length.
    constexpr std::size_t kChunk = 1 << 20;
    std::size_t pos = 0;
    do {
      const std::size_t n = std::min(kChunk, xml.size() - pos);
      const bool last = pos + n == xml.size();
      if (XML_Parse(parser_, xml.data() + pos, static_cast<int>(n), last ? 1 : 0) ==
          XML_STATUS_ERROR) {
        if (!error_.ok()) return error_;
        return InvalidArgument(fmt::format("{}: malformed XML at line {}: {}", where,
                                           XML_GetCurrentLineNumber(parser_),
                                           XML_ErrorString(XML_GetErrorCode(parser_))));
      }
      pos += n;
    } while (pos < xml.size());
    return error_;
  }

 protected:
  virtual void OnStart(std::string_view name, const XML_Char** attrs) = 0;
  virtual void OnEnd(std::string_view name) = 0;
  virtual void OnText(std::string_view) {}
  void Fail(Status s) {
    if (error_.ok()) error_ = std::move(s);
    XML_StopParser(parser_, XML_FALSE);
  }
  bool failed() const { return !error_.ok(); }

 private:
  static void Start(void* self, const XML_Char* name, const XML_Char** attrs) {
    auto* p = static_cast<XmlParser*>(self);
    if (!p->failed()) p->OnStart(LocalName(name), attrs);
  }
  static void End(void* self, const XML_Char* name) {
    auto* p = static_cast<XmlParser*>(self);
    if (!p->failed()) p->OnEnd(LocalName(name));
  }
  static void Text(void* self, const XML_Char* s, int len) {
    auto* p = static_cast<XmlParser*>(self);
    if (!p->failed() && len > 0) p->OnText(std::string_view(s, static_cast<std::size_t>(len)));
  }
  static void Doctype(void* self, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    static_cast<XmlParser*>(self)->Fail(
        InvalidArgument("the spreadsheet contains a DOCTYPE declaration, which .xlsx never has"));
  }

  XML_Parser parser_;
  Status error_;
};

// xl/workbook.xml: the name and relationship id of the first <sheet>.
class WorkbookParser : public XmlParser {
 public:
  std::string name, rel_id;
  bool found = false;

 protected:
  void OnStart(std::string_view el, const XML_Char** attrs) override {
    if (el != "sheet" || found) return;
    found = true;
    if (const XML_Char* n = Attr(attrs, "name")) name = n;
    if (const XML_Char* id = Attr(attrs, "id")) rel_id = id;
  }
  void OnEnd(std::string_view) override {}
};

// xl/_rels/workbook.xml.rels: the Target of one relationship id.
class RelsParser : public XmlParser {
 public:
  explicit RelsParser(std::string id) : id_(std::move(id)) {}
  std::string target;

 protected:
  void OnStart(std::string_view el, const XML_Char** attrs) override {
    if (el != "Relationship") return;
    const XML_Char* id = Attr(attrs, "Id");
    const XML_Char* t = Attr(attrs, "Target");
    if (id != nullptr && t != nullptr && id_ == id) target = t;
  }
  void OnEnd(std::string_view) override {}

 private:
  std::string id_;
};

// xl/sharedStrings.xml: <si> items, each the concatenation of its <t> texts
// (plain, or rich-text runs <r><t>); phonetic runs (<rPh>) are skipped.
class SharedStringsParser : public XmlParser {
 public:
  SharedStringsParser(std::size_t max_total, std::string where)
      : max_total_(max_total), where_(std::move(where)) {}
  std::vector<std::string> strings;

 protected:
  void OnStart(std::string_view el, const XML_Char**) override {
    if (el == "si") {
      in_si_ = true;
      current_.clear();
    } else if (el == "rPh") {
      ++in_phonetic_;
    } else if (el == "t" && in_si_ && in_phonetic_ == 0) {
      in_t_ = true;
    }
  }
  void OnEnd(std::string_view el) override {
    if (el == "si") {
      in_si_ = false;
      strings.push_back(std::move(current_));
      current_.clear();
    } else if (el == "rPh") {
      --in_phonetic_;
    } else if (el == "t") {
      in_t_ = false;
    }
  }
  void OnText(std::string_view s) override {
    if (!in_t_) return;
    total_ += s.size();
    if (total_ > max_total_) {
      Fail(ResourceExhausted(where_ + ": shared strings exceed the size limit"));
      return;
    }
    current_.append(s);
  }

 private:
  std::size_t max_total_;
  std::string where_;
  std::size_t total_ = 0;
  bool in_si_ = false, in_t_ = false;
  int in_phonetic_ = 0;
  std::string current_;
};

// A worksheet: <sheetData><row r><c r t><v/><is><t/></is></c></row></sheetData>.
class SheetParser : public XmlParser {
 public:
  SheetParser(const std::vector<std::string>& shared, const XlsxLimits& limits, std::string where)
      : shared_(shared), limits_(limits), where_(std::move(where)) {}
  std::vector<std::vector<XlsxCell>> rows;

 protected:
  void OnStart(std::string_view el, const XML_Char** attrs) override {
    if (el == "row") {
      int r = next_row_;
      if (const XML_Char* ref = Attr(attrs, "r")) {
        int parsed = 0;
        std::string_view s(ref);
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), parsed);
        if (ec != std::errc() || p != s.data() + s.size() || parsed < 1 || parsed > 1048576) {
          return Fail(InvalidArgument(fmt::format("{}: row number '{}' is invalid", where_, s)));
        }
        r = parsed - 1;
      }
      if (r < next_row_) {
        return Fail(InvalidArgument(
            fmt::format("{}: row {} comes after row {}", where_, r + 1, next_row_)));
      }
      row_ = r;
      next_row_ = r + 1;
      next_col_ = 0;
    } else if (el == "c") {
      in_c_ = true;
      cell_type_ = "n";
      value_.clear();
      if (const XML_Char* t = Attr(attrs, "t")) cell_type_ = t;
      col_ = next_col_;
      if (const XML_Char* ref = Attr(attrs, "r")) {
        std::optional<XlsxCellRef> cr = ParseXlsxCellName(ref);
        if (!cr) {
          return Fail(InvalidArgument(
              fmt::format("{}: cell reference '{}' is invalid", where_, std::string_view(ref))));
        }
        if (cr->row != row_ || cr->column < next_col_) {
          return Fail(InvalidArgument(fmt::format("{}, cell {}: out of order in row {}", where_,
                                                  std::string_view(ref), row_ + 1)));
        }
        col_ = cr->column;
      }
      next_col_ = col_ + 1;
    } else if ((el == "v" || el == "t") && in_c_) {
      in_value_ = true;
    }
  }

  void OnEnd(std::string_view el) override {
    if (el == "v" || el == "t") {
      in_value_ = false;
    } else if (el == "c") {
      in_c_ = false;
      Store();
    }
  }

  void OnText(std::string_view s) override {
    if (!in_value_) return;
    if (value_.size() + s.size() > 32767 * 4) {  // Excel's cell limit is 32 767 characters
      Fail(InvalidArgument(fmt::format("{}, cell {}: text longer than a cell can hold", where_,
                                       XlsxCellName(row_, col_))));
      return;
    }
    value_.append(s);
  }

 private:
  Status CellError(std::string_view problem) const {
    return InvalidArgument(
        fmt::format("{}, cell {}: {}", where_, XlsxCellName(row_, col_), problem));
  }

  void Store() {
    XlsxCell cell;
    if (cell_type_ == "s") {
      std::size_t index = 0;
      auto [p, ec] = std::from_chars(value_.data(), value_.data() + value_.size(), index);
      if (ec != std::errc() || p != value_.data() + value_.size()) {
        return Fail(CellError(fmt::format("shared-string index '{}' is not a number", value_)));
      }
      if (index >= shared_.size()) {
        return Fail(CellError(fmt::format("shared string {} does not exist", index)));
      }
      cell.kind = XlsxCellKind::kString;
      cell.text = shared_[index];
    } else if (cell_type_ == "inlineStr" || cell_type_ == "str") {
      cell.kind = XlsxCellKind::kString;
      cell.text = value_;
    } else if (cell_type_ == "b") {
      cell.kind = XlsxCellKind::kBool;
      cell.text = value_ == "1" ? "TRUE" : "FALSE";
    } else if (cell_type_ == "e") {
      cell.kind = XlsxCellKind::kError;
      cell.text = value_;
    } else if (cell_type_ == "n" || cell_type_ == "d") {
      if (value_.empty()) return;  // a styled empty cell
      if (cell_type_ == "d") {     // ISO 8601 date cell (strict OOXML): keep the text
        cell.kind = XlsxCellKind::kString;
        cell.text = value_;
      } else {
        double x = 0;
        auto [p, ec] = std::from_chars(value_.data(), value_.data() + value_.size(), x);
        if (ec != std::errc() || p != value_.data() + value_.size() || !std::isfinite(x)) {
          return Fail(CellError(fmt::format("'{}' is not a number", value_)));
        }
        cell.kind = XlsxCellKind::kNumber;
        cell.number = x;
        cell.text = value_;
      }
    } else {
      return Fail(CellError(fmt::format("unknown cell type '{}'", cell_type_)));
    }
    if (cell.kind == XlsxCellKind::kString && cell.text.empty()) return;
    if (row_ >= limits_.max_rows) {
      return Fail(
          ResourceExhausted(fmt::format("{}: more than {} rows", where_, limits_.max_rows)));
    }
    if (col_ >= limits_.max_columns) {
      return Fail(
          ResourceExhausted(fmt::format("{}: more than {} columns", where_, limits_.max_columns)));
    }
    if (rows.size() <= static_cast<std::size_t>(row_)) rows.resize(row_ + 1);
    std::vector<XlsxCell>& row = rows[row_];
    if (row.size() <= static_cast<std::size_t>(col_)) row.resize(col_ + 1);
    row[col_] = std::move(cell);
  }

  const std::vector<std::string>& shared_;
  const XlsxLimits& limits_;
  std::string where_;
  int next_row_ = 0, row_ = 0, next_col_ = 0, col_ = 0;
  bool in_c_ = false, in_value_ = false;
  std::string cell_type_, value_;
};

// Resolves a relationship target against xl/ ("worksheets/sheet1.xml" or
// "/xl/worksheets/sheet1.xml").
std::string PartName(std::string_view target) {
  if (!target.empty() && target.front() == '/') return std::string(target.substr(1));
  return "xl/" + std::string(target);
}

}  // namespace

std::string XlsxCellName(int row, int column) {
  std::string letters;
  for (int c = column + 1; c > 0; c = (c - 1) / 26) {
    letters.insert(letters.begin(), static_cast<char>('A' + (c - 1) % 26));
  }
  return letters + std::to_string(row + 1);
}

std::optional<XlsxCellRef> ParseXlsxCellName(std::string_view name) {
  std::size_t i = 0;
  int column = 0;
  while (i < name.size() && name[i] >= 'A' && name[i] <= 'Z') {
    if (i == 3) return std::nullopt;
    column = column * 26 + (name[i] - 'A' + 1);
    ++i;
  }
  if (i == 0 || column > 16384 || i == name.size()) return std::nullopt;
  int row = 0;
  std::string_view digits = name.substr(i);
  if (digits.size() > 7 || digits.front() == '0') return std::nullopt;
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), row);
  if (ec != std::errc() || p != digits.data() + digits.size() || row < 1 || row > 1048576) {
    return std::nullopt;
  }
  return XlsxCellRef{row - 1, column - 1};
}

std::optional<CivilDate> XlsxSerialToDate(double serial) {
  if (!std::isfinite(serial) || serial < 1 || serial >= 2958466) return std::nullopt;
  auto day = static_cast<std::int64_t>(std::floor(serial));
  if (day == 60) return std::nullopt;  // 1900-02-29 does not exist
  if (day > 60) --day;                 // undo the phantom leap day
  // Serial 1 is 1900-01-01, which is day -25567 relative to 1970-01-01.
  return CivilFromDays(day - 1 - 25567);
}

Result<XlsxSheet> ReadXlsxFirstSheet(std::string_view bytes, std::string_view source,
                                     const XlsxLimits& limits) {
  KINET_ASSIGN_OR_RETURN(ZipArchive zip, ZipArchive::Open(bytes, source));
  auto read = [&](const std::string& part) {
    return zip.Read(part, limits.max_part_bytes, source);
  };
  auto where = [&](std::string_view part) { return fmt::format("{}: {}", source, part); };

  XlsxSheet sheet;
  std::string sheet_part = "xl/worksheets/sheet1.xml";
  KINET_ASSIGN_OR_RETURN(std::optional<std::string> workbook, read("xl/workbook.xml"));
  if (!workbook) {
    return InvalidArgument(fmt::format("{}: not an .xlsx workbook (no xl/workbook.xml)", source));
  }
  WorkbookParser wb;
  KINET_RETURN_IF_ERROR(wb.Parse(*workbook, where("xl/workbook.xml")));
  if (!wb.found) return InvalidArgument(fmt::format("{}: the workbook has no sheet", source));
  sheet.name = wb.name;
  if (!wb.rel_id.empty()) {
    KINET_ASSIGN_OR_RETURN(std::optional<std::string> rels, read("xl/_rels/workbook.xml.rels"));
    if (rels) {
      RelsParser rp(wb.rel_id);
      KINET_RETURN_IF_ERROR(rp.Parse(*rels, where("xl/_rels/workbook.xml.rels")));
      if (!rp.target.empty()) sheet_part = PartName(rp.target);
    }
  }

  std::vector<std::string> shared;
  KINET_ASSIGN_OR_RETURN(std::optional<std::string> sst, read("xl/sharedStrings.xml"));
  if (sst) {
    SharedStringsParser sp(limits.max_part_bytes, where("xl/sharedStrings.xml"));
    KINET_RETURN_IF_ERROR(sp.Parse(*sst, where("xl/sharedStrings.xml")));
    shared = std::move(sp.strings);
  }

  KINET_ASSIGN_OR_RETURN(std::optional<std::string> xml, read(sheet_part));
  if (!xml) {
    return InvalidArgument(
        fmt::format("{}: the first sheet's part {} is missing", source, sheet_part));
  }
  SheetParser parser(shared, limits, fmt::format("{}: sheet 1", source));
  KINET_RETURN_IF_ERROR(parser.Parse(*xml, fmt::format("{}: sheet 1 ({})", source, sheet_part)));
  sheet.rows = std::move(parser.rows);
  return sheet;
}

}  // namespace kinet
