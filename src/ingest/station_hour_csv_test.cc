#include "ingest/station_hour_csv.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace kinet {
namespace {

const std::string kHeader = std::string(kStationHourCsvHeader) + "\n";

Status ParseError(const std::string& body) {
  Result<StationHourData> r = ParseStationHourCsv(kHeader + body, "in.csv");
  return r.status();
}

TEST(StationHourCsvTest, ParsesRowsIntoDenseYears) {
  const std::string text = kHeader +
                           "A,C1,2024-02-29 05:00,35,60,7,40,0.8,52\n"
                           "A,C1,2024-01-01 00:00,,61,,,,\n"
                           "B,C1,2023-12-31 23:00,1.5,2,3,4,5,6\n";
  Result<StationHourData> r = ParseStationHourCsv(text, "in.csv");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->stations.size(), 2u);
  const StationSeries& a = r->stations[0];
  EXPECT_EQ(a.station, "A");
  EXPECT_EQ(a.city, "C1");
  ASSERT_EQ(a.years.size(), 1u);
  EXPECT_EQ(a.years[0].year, 2024);
  EXPECT_EQ(a.years[0].days(), 366);                // leap year
  EXPECT_DOUBLE_EQ(a.years[0].at(59, 5, 0), 35.0);  // 29 Feb = day 59
  EXPECT_DOUBLE_EQ(a.years[0].at(59, 5, 4), 0.8);
  EXPECT_DOUBLE_EQ(a.years[0].at(59, 5, 5), 52.0);
  EXPECT_TRUE(std::isnan(a.years[0].at(0, 0, 0)));
  EXPECT_DOUBLE_EQ(a.years[0].at(0, 0, 1), 61.0);
  EXPECT_TRUE(std::isnan(a.years[0].at(0, 1, 1)));  // hour without a row
  const StationSeries& b = r->stations[1];
  EXPECT_EQ(b.years[0].year, 2023);
  EXPECT_DOUBLE_EQ(b.years[0].at(364, 23, 0), 1.5);
}

TEST(StationHourCsvTest, AllEmptyRowStillCreatesTheYear) {
  // bench README §6: one row per (level, id, year) present in the input,
  // even when every value of the year is missing.
  Result<StationHourData> r = ParseStationHourCsv(kHeader + "A,C,2022-03-01 00:00,,,,,,\n", "x");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->stations.at(0).years.size(), 1u);
  EXPECT_EQ(r->stations[0].years[0].year, 2022);
}

TEST(StationHourCsvTest, AcceptsCrlfBomBlankLinesAndNoFinalNewline) {
  const std::string text =
      "\xEF\xBB\xBF" + std::string(kStationHourCsvHeader) +
      "\r\nA,C,2023-01-01 01:00,1,2,3,4,5,6\r\n\r\nA,C,2023-01-01T02:00,1,2,3,4,5,7";
  Result<StationHourData> r = ParseStationHourCsv(text, "x");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_DOUBLE_EQ(r->stations[0].years[0].at(0, 1, 5), 6.0);
  EXPECT_DOUBLE_EQ(r->stations[0].years[0].at(0, 2, 5), 7.0);
}

TEST(StationHourCsvTest, NumbersAreExactlyThoseOfFromChars) {
  // The fast decimal path must give the correctly rounded double.
  const char* cases[] = {"0.1",
                         "4.1",
                         "3.9",
                         "123.456",
                         "-2.5",
                         "+7",
                         "1e2",
                         "0.30000000000000004",
                         "999999999999999",
                         "1234567890.12345",
                         "00012",
                         ".5",
                         "5."};
  for (const char* c : cases) {
    Result<StationHourData> r =
        ParseStationHourCsv(kHeader + fmt::format("A,C,2023-01-01 00:00,{},,,,,\n", c), "x");
    ASSERT_TRUE(r.ok()) << c << ": " << r.status().ToString();
    std::string_view s(c);
    if (s.front() == '+') s.remove_prefix(1);
    double expected = 0;
    std::from_chars(s.data(), s.data() + s.size(), expected);
    EXPECT_EQ(r->stations[0].years[0].at(0, 0, 0), expected) << c;
  }
}

TEST(StationHourCsvTest, EveryValueOfTheBenchGeneratorParsesAsStrtod) {
  // ../shared/bench/gen.py writes integers 0..4999 (int_tab) and CO as
  // "i/10.i%10" for i < 2000 (co_tab); every one of them, parsed by the
  // fast decimal path, must be the double std::strtod gives.
  std::vector<std::string> values;
  for (int i = 0; i < 5000; ++i) values.push_back(std::to_string(i));
  for (int i = 0; i < 2000; ++i) values.push_back(fmt::format("{}.{}", i / 10, i % 10));
  std::string text = kHeader;
  for (std::size_t i = 0; i < values.size(); ++i) {
    // One value per station-hour: station i / 24, hour i % 24 of 1 January.
    text += fmt::format("S{:04d},C,2023-01-01 {:02d}:00,{},,,,{},\n", i / 24, i % 24, values[i],
                        values[i]);
  }
  Result<StationHourData> r = ParseStationHourCsv(text, "gen.csv");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  for (std::size_t i = 0; i < values.size(); ++i) {
    const StationSeries& s = r->stations.at(i / 24);
    const double expected = std::strtod(values[i].c_str(), nullptr);
    ASSERT_EQ(s.years.at(0).at(0, static_cast<int>(i % 24), 0), expected) << values[i];
    ASSERT_EQ(s.years.at(0).at(0, static_cast<int>(i % 24), 4), expected) << values[i];
  }
}

TEST(StationHourCsvTest, BadHeaderNamesColumn) {
  Status s = ParseStationHourCsv("station,city,time,PM25,PM10,SO2,NO2,CO,O3\n", "in.csv").status();
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "PM2.5");
  EXPECT_NE(s.message().find("in.csv:1: column PM2.5:"), std::string::npos) << s.message();
}

struct BadRowCase {
  const char* body;
  const char* message_start;  // the message begins with this
  const char* column;
  const char* what;
};

constexpr BadRowCase kBadRows[] = {
    {"A,C,2023-01-01 00:00,1,2,x3,4,5,6\n", "in.csv:2: column SO2: 'x3' is not a number", "SO2",
     "a non-number"},
    {"A,C,2023-01-01 00:00,1,2,3,4,5,nan\n", "in.csv:2: column O3: 'nan' is not a number", "O3",
     "NaN is not a concentration"},
    {"A,C,2023-01-01 00:00,1,2,3,4,inf,6\n", "in.csv:2: column CO:", "CO", "infinity"},
    {"A,C,2023-01-01 00:00,1 ,2,3,4,5,6\n", "in.csv:2: column PM2.5:", "PM2.5", "a space"},
    {"A,C,2023-01-01 00:00,1,2,3,+-4,5,6\n", "in.csv:2: column NO2: '+-4' is not a number", "NO2",
     "two signs (from_chars read the '-4' left after the '+')"},
    {"A,C,2023-01-01 00:00,1,2,3,4,5,6\nA,C,2023/01/01 01:00,1,2,3,4,5,6\n",
     "in.csv:3: column time: '2023/01/01 01:00' is not a time", "time", "a bad time"},
    {"A,C,2023-01-01 1:00,1,2,3,4,5,6\n", "in.csv:2: column time:", "time", "a short hour"},
    {"A,C,2023-01-01 05:30,1,2,3,4,5,6\n", "in.csv:2: column time:", "time", "minutes"},
    {"A,C,2023-01-01 24:00,1,2,3,4,5,6\n", "in.csv:2: column time: hour 24", "time",
     "an hour outside 0..23"},
    {"A,C,2023-02-29 00:00,1,2,3,4,5,6\n", "in.csv:2: column time: '2023-02-29' is not a calendar",
     "time", "an impossible date (2023 is not leap)"},
    {"A,C,2023-04-31 00:00,1,2,3,4,5,6\n", "in.csv:2: column time:", "time", "April 31"},
    {"A,C,2023-01-01 00:00,1,2,3,4,5,6\nB,C,2023-01-01 00:00,1,2,3,4,5,6\n"
     "A,C,2023-01-01 00:00,7,8,9,1,2,3\n",
     "in.csv:4: column time: station 'A' at '2023-01-01 00:00' is given twice", "time",
     "a duplicated (station, time)"},
    {"A,C,2023-01-01 00:00,1,2,3,4,5\n", "in.csv:2: column O3: the row has 8 columns", "O3",
     "a missing column"},
    {"A,C,2023-01-01 00:00,1,2,3,4,5,6,7\n", "in.csv:2: column O3: the row has more than 9", "O3",
     "an extra column"},
    {"A,C\n", "in.csv:2: column time: the row has 2 columns", "time", "a short row"},
    {",C,2023-01-01 00:00,1,2,3,4,5,6\n", "in.csv:2: column station: the station is empty",
     "station", "an empty station"},
    {"A,,2023-01-01 00:00,1,2,3,4,5,6\n", "in.csv:2: column city: the city is empty", "city",
     "an empty city"},
    {"A,C,2023-01-01 00:00,1,2,3,4,5,6\nA,D,2023-01-01 01:00,1,2,3,4,5,6\n",
     "in.csv:3: column city: station 'A' is in city 'C'", "city", "a station in two cities"},
};

TEST(StationHourCsvTest, BadRowsNameFileLineAndColumn) {
  for (const BadRowCase& c : kBadRows) {
    const Status s = ParseError(c.body);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << c.what;
    EXPECT_EQ(s.field(), c.column) << c.what;
    EXPECT_EQ(s.message().rfind(c.message_start, 0), 0u) << c.what << ": " << s.message();
  }
}

// A body of `stations` x `days` x 24 rows in the bench's (date, station) order.
std::string BigBody(int stations, int days) {
  std::string body;
  std::mt19937 rng(1);
  for (int d = 0; d < days; ++d) {
    for (int s = 0; s < stations; ++s) {
      for (int h = 0; h < 24; ++h) {
        const unsigned v = rng() % 300;
        body += fmt::format("S{:03d},C{},2023-{:02d}-{:02d} {:02d}:00,{},{},{},{},{}.{},{}\n", s,
                            s % 7, 1 + d / 28, 1 + d % 28, h, v, v + 1, v % 50, (v * 7) % 90,
                            v % 10, v % 7, v % 250);
      }
    }
  }
  return body;
}

TEST(StationHourCsvTest, ParallelParseEqualsSequential) {
  const std::string text = kHeader + BigBody(60, 112);  // ~10 MB: several chunks
  Result<StationHourData> one = ParseStationHourCsv(text, "x", 1);
  Result<StationHourData> four = ParseStationHourCsv(text, "x", 4);
  ASSERT_TRUE(one.ok() && four.ok());
  ASSERT_EQ(one->stations.size(), four->stations.size());
  for (std::size_t i = 0; i < one->stations.size(); ++i) {
    const HourlyYear& a = one->stations[i].years.at(0);
    const HourlyYear& b = four->stations[i].years.at(0);
    ASSERT_EQ(a.values.size(), b.values.size());
    for (std::size_t j = 0; j < a.values.size(); ++j) {
      ASSERT_TRUE((std::isnan(a.values[j]) && std::isnan(b.values[j])) ||
                  a.values[j] == b.values[j]);
    }
  }
}

TEST(StationHourCsvTest, ParallelParseReportsFirstBadRowWithItsLine) {
  std::string text = kHeader + BigBody(60, 112);
  // Duplicate the first row at the end (a later chunk) and break a row near the end.
  const std::size_t first_end = text.find('\n', kHeader.size());
  const std::string first_row = text.substr(kHeader.size(), first_end + 1 - kHeader.size());
  const long lines = std::count(text.begin(), text.end(), '\n');
  text += first_row;
  text += "S001,C1,2023-01-01 00:00,1,2,3\n";
  const Status s = ParseStationHourCsv(text, "big.csv", 4).status();
  EXPECT_EQ(s.field(), "time");
  EXPECT_EQ(s.message().rfind(fmt::format("big.csv:{}: column time:", lines + 1), 0), 0u)
      << s.message();
}

TEST(StationHourCsvTest, ReadsGzipAndPlainFiles) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / fmt::format("kinet_ingest_test_{}", ::getpid());
  std::filesystem::create_directories(dir);
  const std::string text = kHeader + "A,C,2023-01-01 00:00,1,2,3,4,5,6\n";
  const std::string plain = (dir / "a.csv").string();
  std::ofstream(plain) << text;
  const std::string gz = (dir / "a.csv.gz").string();
  gzFile f = gzopen(gz.c_str(), "wb");
  gzwrite(f, text.data(), static_cast<unsigned>(text.size()));
  gzclose(f);
  for (const std::string& path : {plain, gz}) {
    Result<StationHourData> r = ReadStationHourCsv(path);
    ASSERT_TRUE(r.ok()) << path << ": " << r.status().ToString();
    EXPECT_DOUBLE_EQ(r->stations.at(0).years.at(0).at(0, 0, 5), 6.0);
  }
  EXPECT_EQ(ReadStationHourCsv((dir / "none.csv").string()).status().code(), StatusCode::kNotFound);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace kinet
