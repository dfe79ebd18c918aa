// Fuzz target: the XLSX reader (ingest/xlsx_reader.h), on raw bytes and on
// a well-formed package around a fuzzed worksheet and shared-strings part.
//
// Input: byte 0 even = the rest is the file; odd = the rest is
// "<sheet1.xml>\x00<sharedStrings.xml>", packed with libzip into a workbook
// whose other parts are valid, so the fuzzer reaches the XML handling.
// Invariants: an error names the file; a read sheet respects the limits;
// every cell reference the reader produces parses back to its position.
#include <zip.h>

#include <string>
#include <vector>

#include "fuzz_check.h"
#include "ingest/xlsx_reader.h"

namespace kinet::fuzz {
namespace {

// Builds a zip in memory from {part name, contents}.
std::string MakeZip(const std::vector<std::pair<std::string, std::string>>& parts) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  KINET_FUZZ_CHECK(buffer != nullptr, "zip_source_buffer_create");
  zip_source_keep(buffer);
  zip_t* z = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  KINET_FUZZ_CHECK(z != nullptr, "zip_open_from_source");
  for (const auto& [name, contents] : parts) {
    zip_source_t* src = zip_source_buffer(z, contents.data(), contents.size(), 0);
    KINET_FUZZ_CHECK(src != nullptr && zip_file_add(z, name.c_str(), src, ZIP_FL_OVERWRITE) >= 0,
                     name);
  }
  KINET_FUZZ_CHECK(zip_close(z) == 0, "zip_close");
  std::string out;
  KINET_FUZZ_CHECK(zip_source_open(buffer) == 0, "zip_source_open");
  zip_stat_t st;
  zip_stat_init(&st);
  KINET_FUZZ_CHECK(zip_source_stat(buffer, &st) == 0, "zip_source_stat");
  out.resize(st.size);
  const zip_int64_t n = zip_source_read(buffer, out.data(), out.size());
  KINET_FUZZ_CHECK(n == static_cast<zip_int64_t>(out.size()), "zip_source_read");
  zip_source_close(buffer);
  zip_source_free(buffer);
  zip_error_fini(&error);
  return out;
}

constexpr std::string_view kWorkbook =
    R"(<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">)"
    R"(<sheets><sheet name="values" sheetId="1" r:id="rId1"/></sheets></workbook>)";
constexpr std::string_view kRels =
    R"(<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>)";

}  // namespace
}  // namespace kinet::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace kinet;
  using namespace kinet::fuzz;
  if (size < 1) return 0;
  std::string bytes(AsText(data + 1, size - 1));
  if (data[0] & 1) {
    const std::size_t nul = bytes.find('\0');
    std::vector<std::pair<std::string, std::string>> parts = {
        {"xl/workbook.xml", std::string(kWorkbook)},
        {"xl/_rels/workbook.xml.rels", std::string(kRels)},
        {"xl/worksheets/sheet1.xml", bytes.substr(0, nul)}};
    if (nul != std::string::npos) parts.push_back({"xl/sharedStrings.xml", bytes.substr(nul + 1)});
    bytes = MakeZip(parts);
  }
  XlsxLimits limits;
  limits.max_part_bytes = 1 << 20;
  limits.max_rows = 2000;
  limits.max_columns = 64;
  Result<XlsxSheet> sheet = ReadXlsxFirstSheet(bytes, "fuzz.xlsx", limits);
  if (!sheet.ok()) {
    CheckParseError(sheet.status(), "fuzz.xlsx");
    return 0;
  }
  KINET_FUZZ_CHECK(sheet->rows.size() <= static_cast<std::size_t>(limits.max_rows), "rows");
  for (std::size_t r = 0; r < sheet->rows.size(); ++r) {
    KINET_FUZZ_CHECK(sheet->rows[r].size() <= static_cast<std::size_t>(limits.max_columns), "cols");
    for (std::size_t c = 0; c < sheet->rows[r].size(); ++c) {
      const XlsxCell& cell = sheet->rows[r][c];
      KINET_FUZZ_CHECK((cell.kind == XlsxCellKind::kNumber) == cell.number.has_value(), cell.text);
      const std::string name = XlsxCellName(static_cast<int>(r), static_cast<int>(c));
      std::optional<XlsxCellRef> ref = ParseXlsxCellName(name);
      KINET_FUZZ_CHECK(ref && ref->row == static_cast<int>(r) && ref->column == static_cast<int>(c),
                       name);
    }
  }
  return 0;
}
