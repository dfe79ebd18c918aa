#include "ingest/xlsx_writer.h"

#include <cstdio>
#include <filesystem>
#include <system_error>

#include <fmt/format.h>
#include <xlsxwriter.h>

namespace kinet {
namespace {

// Closes (writing the file) exactly once, also on early returns.
class Workbook {
 public:
  explicit Workbook(const std::string& path) : wb_(workbook_new(path.c_str())) {}
  ~Workbook() {
    if (wb_ != nullptr) workbook_close(wb_);
  }
  Workbook(const Workbook&) = delete;
  Workbook& operator=(const Workbook&) = delete;
  lxw_workbook* get() const { return wb_; }
  // Writes the file; the error of libxlsxwriter, or LXW_NO_ERROR.
  lxw_error Close() {
    lxw_error e = workbook_close(wb_);
    wb_ = nullptr;
    return e;
  }

 private:
  lxw_workbook* wb_;
};

}  // namespace

Status WriteXlsx(const std::string& path, std::string_view sheet_name,
                 const std::vector<std::vector<XlsxOutCell>>& rows) {
  if (sheet_name.empty() || sheet_name.size() > 31 ||
      sheet_name.find_first_of("[]:*?/\\") != std::string_view::npos) {
    return InvalidArgument(fmt::format("'{}' is not a valid sheet name", sheet_name));
  }
  const std::string tmp = path + ".tmp-kinet";
  // The workbook is closed (written) when the lambda returns; on failure the
  // temporary file is removed.
  Status written = [&]() -> Status {
    Workbook wb(tmp);
    if (wb.get() == nullptr) return Unavailable(fmt::format("cannot create {}", path));
    const std::string name(sheet_name);
    lxw_worksheet* ws = workbook_add_worksheet(wb.get(), name.c_str());
    if (ws == nullptr) return Internal("libxlsxwriter refused the worksheet");
    lxw_format* bold = workbook_add_format(wb.get());
    format_set_bold(bold);
    for (std::size_t r = 0; r < rows.size(); ++r) {
      for (std::size_t c = 0; c < rows[r].size(); ++c) {
        const XlsxOutCell& cell = rows[r][c];
        lxw_format* format = r == 0 ? bold : nullptr;
        const auto row = static_cast<lxw_row_t>(r);
        const auto col = static_cast<lxw_col_t>(c);
        lxw_error e = LXW_NO_ERROR;
        if (const std::string* s = std::get_if<std::string>(&cell)) {
          if (!s->empty()) e = worksheet_write_string(ws, row, col, s->c_str(), format);
        } else if (const double* d = std::get_if<double>(&cell)) {
          e = worksheet_write_number(ws, row, col, *d, format);
        }
        if (e != LXW_NO_ERROR) {
          return InvalidArgument(fmt::format(
              "{}: cell {}{}: {}", path, static_cast<char>('A' + c % 26), r + 1, lxw_strerror(e)));
        }
      }
    }
    if (!rows.empty()) worksheet_freeze_panes(ws, 1, 0);
    if (lxw_error e = wb.Close(); e != LXW_NO_ERROR) {
      return Unavailable(fmt::format("cannot write {}: {}", path, lxw_strerror(e)));
    }
    return OkStatus();
  }();
  if (!written.ok()) {
    std::remove(tmp.c_str());
    return written;
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::remove(tmp.c_str());
    return Unavailable(fmt::format("cannot write {}: {}", path, ec.message()));
  }
  return OkStatus();
}

}  // namespace kinet
