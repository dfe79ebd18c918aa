#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include <zip.h>

#include "core/file.h"
#include "ingest/xlsx_reader.h"
#include "ingest/xlsx_writer.h"

namespace kinet {
namespace {

namespace fs = std::filesystem;

fs::path TempPath(std::string_view name) {
  std::random_device rd;
  fs::path dir = fs::temp_directory_path() / ("kinet-xlsx-" + std::to_string(rd()));
  fs::create_directories(dir);
  return dir / name;
}

// Builds a zip in memory from {part name, contents} with libzip.
std::string MakeZip(const std::vector<std::pair<std::string, std::string>>& parts) {
  fs::path path = TempPath("crafted.xlsx");
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  EXPECT_NE(z, nullptr);
  for (const auto& [name, contents] : parts) {
    zip_source_t* src = zip_source_buffer(z, contents.data(), contents.size(), 0);
    EXPECT_GE(zip_file_add(z, name.c_str(), src, ZIP_FL_OVERWRITE), 0);
  }
  EXPECT_EQ(zip_close(z), 0);
  Result<std::string> bytes = ReadFile(path.string());
  EXPECT_TRUE(bytes.ok());
  fs::remove_all(path.parent_path());
  return bytes.value_or("");
}

constexpr std::string_view kWorkbook =
    R"(<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">)"
    R"(<sheets><sheet name="values" sheetId="1" r:id="rId1"/></sheets></workbook>)";
constexpr std::string_view kRels =
    R"(<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>)";

std::string Sheet(std::string_view cells) {
  return "<worksheet><sheetData>" + std::string(cells) + "</sheetData></worksheet>";
}

TEST(XlsxCellNameTest, ConvertsBothWays) {
  EXPECT_EQ(XlsxCellName(6, 2), "C7");
  EXPECT_EQ(XlsxCellName(0, 25), "Z1");
  EXPECT_EQ(XlsxCellName(0, 26), "AA1");
  EXPECT_EQ(XlsxCellName(1048575, 16383), "XFD1048576");
  std::optional<XlsxCellRef> c7 = ParseXlsxCellName("C7");
  ASSERT_TRUE(c7.has_value());
  EXPECT_EQ(c7->row, 6);
  EXPECT_EQ(c7->column, 2);
  EXPECT_TRUE(ParseXlsxCellName("XFD1048576").has_value());
  EXPECT_FALSE(ParseXlsxCellName("XFE1").has_value());  // past the last column
  EXPECT_FALSE(ParseXlsxCellName("A1048577").has_value());
  EXPECT_FALSE(ParseXlsxCellName("A0").has_value());
  EXPECT_FALSE(ParseXlsxCellName("a1").has_value());
  EXPECT_FALSE(ParseXlsxCellName("ABCD1").has_value());
  EXPECT_FALSE(ParseXlsxCellName("A").has_value());
}

TEST(XlsxSerialTest, FollowsThe1900DateSystem) {
  EXPECT_EQ(XlsxSerialToDate(1), (CivilDate{1900, 1, 1}));
  EXPECT_EQ(XlsxSerialToDate(59), (CivilDate{1900, 2, 28}));
  EXPECT_FALSE(XlsxSerialToDate(60).has_value());  // Excel's phantom 1900-02-29
  EXPECT_EQ(XlsxSerialToDate(61), (CivilDate{1900, 3, 1}));
  EXPECT_EQ(XlsxSerialToDate(45292.75), (CivilDate{2024, 1, 1}));
  EXPECT_FALSE(XlsxSerialToDate(0).has_value());
}

TEST(XlsxRoundTripTest, ReadsWhatLibxlsxwriterWrote) {
  fs::path path = TempPath("values.xlsx");
  std::vector<std::vector<XlsxOutCell>> rows = {
      {std::string("city"), std::string("period"), std::string("value"), std::string("note")},
      {std::string("beijing"), std::string("2015-03"), 108.0, std::string("北京")},
      {std::string("tianjin"), std::string("2015"), 0.125, std::monostate{}},
      {std::monostate{}, std::monostate{}, -3.5e-7, std::string("a, \"quoted\" <note> & more")},
  };
  ASSERT_TRUE(WriteXlsx(path.string(), "values", rows).ok());
  Result<std::string> bytes = ReadFile(path.string());
  ASSERT_TRUE(bytes.ok());
  Result<XlsxSheet> sheet = ReadXlsxFirstSheet(*bytes, "values.xlsx");
  ASSERT_TRUE(sheet.ok()) << sheet.status().ToString();
  EXPECT_EQ(sheet->name, "values");
  ASSERT_EQ(sheet->rows.size(), 4u);
  EXPECT_EQ(sheet->rows[0][3].text, "note");
  EXPECT_EQ(sheet->rows[1][1].kind, XlsxCellKind::kString);
  EXPECT_EQ(sheet->rows[1][1].text, "2015-03");
  EXPECT_EQ(sheet->rows[1][2].kind, XlsxCellKind::kNumber);
  EXPECT_EQ(sheet->rows[1][2].number, 108.0);
  EXPECT_EQ(sheet->rows[1][3].text, "北京");
  EXPECT_EQ(sheet->rows[2][2].number, 0.125);
  EXPECT_EQ(sheet->rows[2].size(), 3u);  // the trailing empty cell is not stored
  EXPECT_EQ(sheet->rows[3][0].kind, XlsxCellKind::kEmpty);
  EXPECT_EQ(sheet->rows[3][2].number, -3.5e-7);
  EXPECT_EQ(sheet->rows[3][3].text, "a, \"quoted\" <note> & more");
  fs::remove_all(path.parent_path());
}

TEST(XlsxReaderTest, ReadsTheOpenpyxlFixture) {
  // tests/data/xlsx/openpyxl_values.xlsx, made by make_openpyxl_fixture.py
  // (inline strings, not shared ones; a second sheet; a date cell).
  Result<std::string> bytes = ReadFile(KINET_TEST_DATA_DIR "/xlsx/openpyxl_values.xlsx");
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  Result<XlsxSheet> sheet = ReadXlsxFirstSheet(*bytes, "openpyxl_values.xlsx");
  ASSERT_TRUE(sheet.ok()) << sheet.status().ToString();
  EXPECT_EQ(sheet->name, "values");
  ASSERT_EQ(sheet->rows.size(), 6u);
  EXPECT_EQ(sheet->rows[0][0].text, "city");
  EXPECT_EQ(sheet->rows[1][3].number, 108.0);
  EXPECT_EQ(sheet->rows[1][6].text, "北京 PM10");
  EXPECT_EQ(sheet->rows[2][3].text, "0.5111");
  EXPECT_TRUE(sheet->rows[3].empty());  // row 4 is absent in the file
  EXPECT_EQ(sheet->rows[4][2].kind, XlsxCellKind::kNumber);
  EXPECT_EQ(sheet->rows[4][2].text, "2014");
  EXPECT_EQ(sheet->rows[4][4].kind, XlsxCellKind::kEmpty);
  EXPECT_EQ(sheet->rows[4][6].text, "TRUE");
  ASSERT_TRUE(sheet->rows[5][0].number.has_value());
  EXPECT_EQ(XlsxSerialToDate(*sheet->rows[5][0].number), (CivilDate{2024, 1, 1}));
}

TEST(XlsxReaderTest, ErrorsNameTheSheetCell) {
  std::string bytes = MakeZip(
      {{"xl/workbook.xml", std::string(kWorkbook)},
       {"xl/_rels/workbook.xml.rels", std::string(kRels)},
       {"xl/sharedStrings.xml", "<sst><si><t>only</t></si></sst>"},
       {"xl/worksheets/sheet1.xml", Sheet(R"(<row r="7"><c r="C7" t="s"><v>12</v></c></row>)")}});
  Result<XlsxSheet> sheet = ReadXlsxFirstSheet(bytes, "values.xlsx");
  ASSERT_FALSE(sheet.ok());
  EXPECT_EQ(sheet.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(sheet.status().message(),
            "values.xlsx: sheet 1, cell C7: shared string 12 does not exist");
}

TEST(XlsxReaderTest, RefusesMalformedInput) {
  auto read = [](std::string_view sheet_cells) {
    std::string bytes = MakeZip({{"xl/workbook.xml", std::string(kWorkbook)},
                                 {"xl/_rels/workbook.xml.rels", std::string(kRels)},
                                 {"xl/worksheets/sheet1.xml", Sheet(sheet_cells)}});
    return ReadXlsxFirstSheet(bytes, "x.xlsx");
  };
  EXPECT_TRUE(read(R"(<row r="1"><c r="A1"><v>1.5</v></c></row>)").ok());
  EXPECT_NE(read(R"(<row r="1"><c r="A1"><v>1.5x</v></c></row>)")
                .status()
                .message()
                .find("cell A1: '1.5x' is not a number"),
            std::string::npos);
  EXPECT_FALSE(read(R"(<row r="1"><c r="A2"><v>1</v></c></row>)").ok());  // wrong row
  EXPECT_FALSE(read(R"(<row r="2"/><row r="1"/>)").ok());                 // rows out of order
  EXPECT_FALSE(read(R"(<row r="1"><c r="ZZZZ1"><v>1</v></c></row>)").ok());
  EXPECT_FALSE(read(R"(<row r="1"><c r="A1"><v>1</v></c>)").ok());  // unclosed element
  EXPECT_EQ(read(R"(<row r="300000"><c r="A300000"><v>1</v></c></row>)").status().code(),
            StatusCode::kResourceExhausted);

  // A DOCTYPE (entity expansion tricks) is refused outright.
  std::string doctype = MakeZip(
      {{"xl/workbook.xml", "<!DOCTYPE x [<!ENTITY a \"aaaa\">]>" + std::string(kWorkbook)}});
  Result<XlsxSheet> d = ReadXlsxFirstSheet(doctype, "d.xlsx");
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.status().message().find("DOCTYPE"), std::string::npos);

  EXPECT_FALSE(ReadXlsxFirstSheet("not a zip at all", "n.xlsx").ok());
  EXPECT_FALSE(ReadXlsxFirstSheet("", "e.xlsx").ok());
  EXPECT_FALSE(ReadXlsxFirstSheet(MakeZip({{"a.txt", "x"}}), "z.xlsx").ok());
}

TEST(XlsxReaderTest, TruncatedFilesFailCleanly) {
  fs::path path = TempPath("t.xlsx");
  ASSERT_TRUE(WriteXlsx(path.string(), "s", {{std::string("a"), 1.0}}).ok());
  Result<std::string> bytes = ReadFile(path.string());
  ASSERT_TRUE(bytes.ok());
  for (std::size_t n = 0; n < bytes->size(); n += 97) {
    Result<XlsxSheet> sheet = ReadXlsxFirstSheet(std::string_view(*bytes).substr(0, n), "t.xlsx");
    EXPECT_FALSE(sheet.ok()) << n;
  }
  fs::remove_all(path.parent_path());
}

TEST(XlsxReaderTest, PartSizeIsCappedWhileReading) {
  std::string big = Sheet(std::string(1 << 16, ' '));
  std::string bytes = MakeZip({{"xl/workbook.xml", std::string(kWorkbook)},
                               {"xl/_rels/workbook.xml.rels", std::string(kRels)},
                               {"xl/worksheets/sheet1.xml", big}});
  XlsxLimits limits;
  limits.max_part_bytes = 1024;
  Result<XlsxSheet> sheet = ReadXlsxFirstSheet(bytes, "big.xlsx", limits);
  ASSERT_FALSE(sheet.ok());
  EXPECT_EQ(sheet.status().code(), StatusCode::kResourceExhausted);
}

}  // namespace
}  // namespace kinet
