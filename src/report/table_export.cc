#include "report/table_export.h"

#include <filesystem>
#include <random>

#include <fmt/format.h>
#include <xlsxwriter.h>

#include "core/csv.h"
#include "core/file.h"
#include "store/migrations.h"

namespace kinet {
namespace {

namespace fs = std::filesystem;

bool MayReadEverything(const Principal& who) {
  return Can(who, Action::kReadUnpublished, Resource::None());
}

std::string CellText(const Value& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&v)) return fmt::format("{}", *d);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (std::holds_alternative<Blob>(v)) return "<binary>";
  return "";
}

// The about sheet's scope of a table: which rows, and whether the account
// columns were emptied.
std::string ScopeText(const TableData& t) {
  std::string scope = t.public_only ? "published rows only" : "all rows";
  if (t.accounts_hidden) scope += ", account columns empty";
  return scope;
}

// Closes (writes) the workbook exactly once, also on early returns.
class Workbook {
 public:
  explicit Workbook(const std::string& path) : wb_(workbook_new(path.c_str())) {}
  ~Workbook() {
    if (wb_ != nullptr) workbook_close(wb_);
  }
  Workbook(const Workbook&) = delete;
  Workbook& operator=(const Workbook&) = delete;
  lxw_workbook* get() const { return wb_; }
  lxw_error Close() {
    lxw_error e = workbook_close(wb_);
    wb_ = nullptr;
    return e;
  }

 private:
  lxw_workbook* wb_;
};

Status Check(lxw_error e, std::string_view what) {
  if (e == LXW_NO_ERROR) return OkStatus();
  return Internal(fmt::format("libxlsxwriter: {}: {}", what, lxw_strerror(e)));
}

Status WriteSheet(lxw_workbook* wb, lxw_format* bold, const std::string& name,
                  const std::vector<std::string_view>& header,
                  const std::vector<std::vector<Value>>& rows) {
  lxw_worksheet* ws = workbook_add_worksheet(wb, name.c_str());
  if (ws == nullptr) return Internal("libxlsxwriter refused the worksheet " + name);
  for (std::size_t c = 0; c < header.size(); ++c) {
    const std::string h(header[c]);
    KINET_RETURN_IF_ERROR(
        Check(worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), h.c_str(), bold), name));
  }
  worksheet_freeze_panes(ws, 1, 0);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto row = static_cast<lxw_row_t>(r + 1);
    for (std::size_t c = 0; c < rows[r].size(); ++c) {
      const auto col = static_cast<lxw_col_t>(c);
      const Value& v = rows[r][c];
      lxw_error e = LXW_NO_ERROR;
      if (const auto* i = std::get_if<std::int64_t>(&v)) {
        e = worksheet_write_number(ws, row, col, static_cast<double>(*i), nullptr);
      } else if (const auto* d = std::get_if<double>(&v)) {
        e = worksheet_write_number(ws, row, col, *d, nullptr);
      } else if (std::holds_alternative<std::string>(v) || std::holds_alternative<Blob>(v)) {
        // Text stays text even when it looks like a number (codes, periods).
        e = worksheet_write_string(ws, row, col, CellText(v).c_str(), nullptr);
      }
      if (e == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED) {
        // A long narrative (a practice's measures, a report's summary) can
        // exceed what a cell holds; cutting it would change the data.
        // libxlsxwriter refuses it (LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED:
        // "Excel's limit of 32,767 characters").
        return FailedPrecondition(
            fmt::format("{}, row {}, column {}: the text is longer than 32767 characters, the "
                        "most an XLSX cell holds; export this table as CSV",
                        name, r + 2, c < header.size() ? header[c] : "?"));
      }
      KINET_RETURN_IF_ERROR(Check(e, name));
    }
  }
  return OkStatus();
}

}  // namespace

Result<TableData> ReadTableFor(Database& db, const Principal& who, std::string_view name) {
  KINET_ASSIGN_OR_RETURN(const ExportTable* table, FindExportTable(name));
  TableData data;
  data.table = table;
  data.public_only = !MayReadEverything(who);
  if (data.public_only && table->public_sql.empty()) {
    KINET_RETURN_IF_ERROR(Require(who, Action::kReadUnpublished, Resource::None()));
  }
  KINET_ASSIGN_OR_RETURN(data.rows, ReadExportTable(db, *table, data.public_only));
  // Accounts are personal data of the network's staff, not open data: the
  // anonymous public gets the column without its values, whatever the table.
  data.accounts_hidden = !who.signed_in();
  if (data.accounts_hidden) {
    std::vector<std::size_t> accounts;
    for (std::size_t c = 0; c < table->columns.size(); ++c) {
      if (IsAccountColumn(table->columns[c])) accounts.push_back(c);
    }
    if (!accounts.empty()) {
      for (Row& row : data.rows) {
        std::vector<Value> cells;
        cells.reserve(row.size());
        for (std::size_t c = 0; c < row.size(); ++c) cells.push_back(row.at(c));
        for (std::size_t c : accounts) cells.at(c) = Null();
        row = Row(std::move(cells));
      }
    }
  }
  return data;
}

Result<std::vector<TableData>> ReadAllTablesFor(Database& db, const Principal& who) {
  std::vector<TableData> out;
  const bool everything = MayReadEverything(who);
  for (const ExportTable& t : ExportTables()) {
    if (!everything && t.public_sql.empty()) continue;
    KINET_ASSIGN_OR_RETURN(TableData data, ReadTableFor(db, who, t.name));
    out.push_back(std::move(data));
  }
  return out;
}

std::string TableCsv(const TableData& data) {
  std::vector<std::string> fields(data.table->columns.begin(), data.table->columns.end());
  std::string out = CsvLine(fields) + "\n";
  for (const Row& row : data.rows) {
    fields.clear();
    for (std::size_t i = 0; i < data.table->columns.size(); ++i) {
      fields.push_back(CellText(row.at(i)));
    }
    out += CsvLine(fields) + "\n";
  }
  return out;
}

Status WriteTablesXlsx(const std::string& path, const std::vector<TableData>& tables,
                       std::string_view database_name) {
  std::random_device rd;
  const std::string tmp = fmt::format("{}.tmp-{:08x}", path, rd());
  Status written = [&]() -> Status {
    Workbook wb(tmp);
    if (wb.get() == nullptr) return Unavailable(fmt::format("cannot create {}", path));
    lxw_format* bold = workbook_add_format(wb.get());
    format_set_bold(bold);
    for (const TableData& t : tables) {
      std::vector<std::vector<Value>> rows;
      rows.reserve(t.rows.size());
      for (const Row& r : t.rows) {
        std::vector<Value> cells;
        for (std::size_t i = 0; i < t.table->columns.size(); ++i) cells.push_back(r.at(i));
        rows.push_back(std::move(cells));
      }
      std::vector<std::string_view> header(t.table->columns.begin(), t.table->columns.end());
      // Sheet names are at most 31 characters; table names are shorter.
      KINET_RETURN_IF_ERROR(WriteSheet(wb.get(), bold, std::string(t.table->name), header, rows));
    }
    // The about sheet, last (so the first sheet of a one-table workbook is
    // the table): what this workbook holds and where it comes from.
    const std::string exported_at = UtcNowText();
    std::vector<std::vector<Value>> about;
    for (const TableData& t : tables) {
      about.push_back({TextValue(t.table->name), TextValue(t.table->title),
                       Value(static_cast<std::int64_t>(t.rows.size())), TextValue(ScopeText(t)),
                       TextValue(database_name), TextValue(exported_at),
                       TextValue("kinet " KINET_REPORT_VERSION)});
    }
    KINET_RETURN_IF_ERROR(WriteSheet(
        wb.get(), bold, "about",
        {"table", "title", "rows", "scope", "database", "exported_at", "exported_by"}, about));
    return Check(wb.Close(), path);
  }();
  std::error_code ec;
  if (!written.ok()) {
    fs::remove(tmp, ec);
    return written;
  }
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return Unavailable(fmt::format("cannot write {}: {}", path, ec.message()));
  }
  return OkStatus();
}

Result<std::string> TablesXlsxBytes(const std::vector<TableData>& tables,
                                    std::string_view database_name) {
  std::error_code ec;
  std::random_device rd;
  const fs::path path =
      fs::temp_directory_path(ec) / fmt::format("kinet-export-{:08x}{:08x}.xlsx", rd(), rd());
  if (ec) return Unavailable("no temporary directory for the export: " + ec.message());
  Status s = WriteTablesXlsx(path.string(), tables, database_name);
  if (!s.ok()) return s;
  Result<std::string> bytes = ReadFile(path.string());
  fs::remove(path, ec);
  return bytes;
}

}  // namespace kinet
