#include "core/csv.h"

#include <gtest/gtest.h>

namespace kinet {
namespace {

std::vector<std::vector<std::string>> ReadAll(std::string_view text) {
  CsvReader r(text, "t.csv");
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> f;
  for (;;) {
    Result<bool> more = r.Next(f);
    EXPECT_TRUE(more.ok()) << more.status().ToString();
    if (!more.ok() || !*more) break;
    rows.push_back(f);
  }
  return rows;
}

TEST(CsvReaderTest, ReadsQuotedFieldsWithCommasQuotesAndNewlines) {
  auto rows = ReadAll("a,b,c\r\n\"x,1\",\"say \"\"hi\"\"\",\"two\nlines\"\n,,\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1][0], "x,1");
  EXPECT_EQ(rows[1][1], "say \"hi\"");
  EXPECT_EQ(rows[1][2], "two\nlines");
  EXPECT_EQ(rows[2], (std::vector<std::string>{"", "", ""}));
}

TEST(CsvReaderTest, SkipsBomAndBlankLinesAndTracksLines) {
  CsvReader r("\xEF\xBB\xBFh\n\n1\n\"a\nb\"\n2", "f.csv");
  std::vector<std::string> f;
  ASSERT_TRUE(*r.Next(f));
  EXPECT_EQ(f[0], "h");
  ASSERT_TRUE(*r.Next(f));
  EXPECT_EQ(r.line(), 3);
  ASSERT_TRUE(*r.Next(f));
  EXPECT_EQ(r.line(), 4);
  ASSERT_TRUE(*r.Next(f));
  EXPECT_EQ(f[0], "2");
  EXPECT_EQ(r.line(), 6);  // the quoted field spanned lines 4-5
  EXPECT_EQ(r.Where(), "f.csv:6");
  EXPECT_FALSE(*r.Next(f));
}

TEST(CsvReaderTest, RejectsUnclosedQuoteNamingLine) {
  CsvReader r("a\n\"open", "bad.csv");
  std::vector<std::string> f;
  ASSERT_TRUE(*r.Next(f));
  Result<bool> more = r.Next(f);
  ASSERT_FALSE(more.ok());
  EXPECT_NE(more.status().message().find("bad.csv:2"), std::string::npos);
}

TEST(CsvReaderTest, RejectsStrayQuote) {
  CsvReader r("ab\"c\n", "s.csv");
  std::vector<std::string> f;
  EXPECT_FALSE(r.Next(f).ok());
}

TEST(CsvHeaderTest, FindsAndRequiresColumns) {
  CsvHeader h({"station", "time", "PM2.5"});
  EXPECT_EQ(*h.Find("time"), 1u);
  EXPECT_FALSE(h.Find("CO").has_value());
  Result<std::size_t> r = h.Require("CO", "in.csv");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "CO");
}

TEST(CsvTest, EscapesOnlyWhenNeeded) {
  EXPECT_EQ(CsvEscape("plain"), "plain");
  EXPECT_EQ(CsvEscape("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvEscape("q\""), "\"q\"\"\"");
  EXPECT_EQ(CsvLine({"a", "b,c"}), "a,\"b,c\"");
}

// fuzz/corpus/csv_reader/single_empty_field.csv: the record `""` between two
// others. Written bare it was a blank line, so the round trip lost it.
TEST(CsvTest, SingleEmptyFieldRecordSurvivesTheRoundTrip) {
  EXPECT_EQ(CsvLine({""}), "\"\"");
  EXPECT_EQ(CsvLine({"", ""}), ",");
  const std::string text = CsvLine({"a"}) + "\n" + CsvLine({""}) + "\n" + CsvLine({"b"}) + "\n";
  CsvReader reader(text, "t.csv");
  std::vector<std::string> fields;
  std::vector<std::vector<std::string>> records;
  while (reader.Next(fields).value_or(false)) records.push_back(fields);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[1], std::vector<std::string>{""});
}

}  // namespace
}  // namespace kinet

namespace kinet {
namespace {

TEST(CsvTableTest, TypedGettersNameFileLineAndColumn) {
  Result<CsvTable> t = CsvTable::Open("code,lat,pop\nbeijing,39.9,21893095\nx,91.5x,\n",
                                      "cities.csv", {"code", "lat"});
  ASSERT_TRUE(t.ok());
  ASSERT_TRUE(*t->Next());
  EXPECT_DOUBLE_EQ(**t->Double("lat"), 39.9);
  EXPECT_EQ(**t->Int("pop"), 21893095);
  ASSERT_TRUE(*t->Next());
  Result<std::optional<double>> bad = t->Double("lat");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "cities.csv:3: column lat: '91.5x' is not a number");
  EXPECT_EQ(bad.status().field(), "lat");
  EXPECT_FALSE(t->Int("pop")->has_value());  // empty is missing, not an error
  EXPECT_FALSE(t->Required("pop").ok());
  EXPECT_FALSE(*t->Next());
}

TEST(CsvTableTest, RejectsMissingColumnAndRaggedRows) {
  EXPECT_FALSE(CsvTable::Open("a,b\n", "f.csv", {"c"}).ok());
  EXPECT_FALSE(CsvTable::Open("", "f.csv").ok());
  Result<CsvTable> t = CsvTable::Open("a,b\n1\n", "f.csv");
  ASSERT_TRUE(t.ok());
  Result<bool> r = t->Next();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("f.csv:2"), std::string::npos);
}

}  // namespace
}  // namespace kinet
