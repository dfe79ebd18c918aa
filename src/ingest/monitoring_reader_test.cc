#include "ingest/monitoring_reader.h"

#include <gtest/gtest.h>

#include <cmath>

#include <fmt/format.h>

namespace kinet {
namespace {

// 2023-06-01T00:00Z: pins "now" so that the future flag is deterministic.
constexpr Seconds kNow = 1685577600;

MonitoringReadOptions Options(MonitoringFormat format) {
  MonitoringReadOptions o;
  o.format = format;
  o.now_utc = kNow;
  o.resolve_city = [](std::string_view text) -> Result<ResolvedCity> {
    if (text == "Beijing" || text == "beijing") return ResolvedCity{"beijing", "Asia/Shanghai"};
    if (text == "New York") return ResolvedCity{"new-york", "America/New_York"};
    return NotFound(fmt::format("no city '{}'", text));
  };
  return o;
}

// The stored value of `station`'s `p` at slot `slot` of `year`, or nullopt.
std::optional<double> At(const MonitoringBatch& batch, const std::string& station, Pollutant p,
                         int year, int slot) {
  auto it = batch.series().find({station, p, year});
  if (it == batch.series().end()) return std::nullopt;
  const double v = it->second.block.values[slot];
  if (std::isnan(v)) return std::nullopt;
  return v;
}

std::uint8_t FlagsAt(const MonitoringBatch& batch, const std::string& station, Pollutant p,
                     int year, int slot) {
  auto it = batch.series().find({station, p, year});
  return it == batch.series().end() ? 0 : it->second.block.flags[slot];
}

Result<MonitoringFileSummary> Read(std::string_view text, const MonitoringReadOptions& o,
                                   MonitoringBatch& batch) {
  return ReadMonitoringText(text, "in.csv", o, batch);
}

TEST(MonitoringReaderTest, ReadsTheWideLayoutInStoredUnits) {
  MonitoringBatch batch;
  Result<MonitoringFileSummary> s = Read(
      "station,city,time,PM2.5,PM10,SO2,NO2,CO,O3\n"
      "1001A,Beijing,2023-01-01 00:00,35,60,7,40,0.8,52\n"
      "1001A,Beijing,2023-01-01 01:00,,61,8,41,0.9,\n",
      Options(MonitoringFormat::kWide), batch);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->rows, 2);
  EXPECT_EQ(s->values(), 10);
  EXPECT_EQ(s->missing(), 2);
  EXPECT_EQ(s->parameters.at(Pollutant::kPm25).missing, 1);
  EXPECT_EQ(s->first_hour, "2023-01-01T00");
  EXPECT_EQ(s->last_hour, "2023-01-01T01");
  EXPECT_EQ(*At(batch, "1001A", Pollutant::kPm25, 2023, 0), 35.0f);
  EXPECT_FALSE(At(batch, "1001A", Pollutant::kPm25, 2023, 1));
  EXPECT_EQ(*At(batch, "1001A", Pollutant::kCo, 2023, 1), 0.9);  // mg/m3 as given, exactly
  EXPECT_EQ(batch.station_cities().at("1001A"), "beijing");
  const MonitoringBlock& b = batch.series().at({"1001A", Pollutant::kCo, 2023}).block;
  EXPECT_EQ(b.unit, Unit::kMgM3);
  EXPECT_EQ(b.time_zone, "Asia/Shanghai");
  EXPECT_EQ(b.utc_offset_seconds, 8 * 3600);
  EXPECT_EQ(s->checksum.size(), 64u);
}

TEST(MonitoringReaderTest, ReadsThePrsaLayoutWithCoInMicrograms) {
  MonitoringReadOptions o = Options(MonitoringFormat::kPrsa);
  o.city = "beijing";
  MonitoringBatch batch;
  Result<MonitoringFileSummary> s = Read(
      "\"No\",\"year\",\"month\",\"day\",\"hour\",\"PM2.5\",\"PM10\",\"SO2\",\"NO2\",\"CO\","
      "\"O3\",\"TEMP\",\"PRES\",\"DEWP\",\"RAIN\",\"wd\",\"WSPM\",\"station\"\n"
      "1,2013,3,1,0,9,9,3,17,300,89,-0.5,1024.5,-21.4,0,\"NNW\",5.7,\"Dongsi\"\n"
      "2,2013,3,1,1,NA,4,3,16,NA,88,-0.7,1025.1,-22.1,0,\"NW\",3.9,\"Dongsi\"\n",
      o, batch);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  // 2013-03-01 is day 59 of 2013 (31 + 28): slot 59 * 24.
  EXPECT_DOUBLE_EQ(*At(batch, "Dongsi", Pollutant::kCo, 2013, 59 * 24), 0.3);  // 300 ug/m3
  EXPECT_FALSE(At(batch, "Dongsi", Pollutant::kPm25, 2013, 59 * 24 + 1));
  EXPECT_EQ(s->parameters.at(Pollutant::kCo).missing, 1);
  EXPECT_EQ(s->parameters.at(Pollutant::kPm25).missing, 1);
  EXPECT_EQ(s->units.at(Pollutant::kCo), Unit::kUgM3);
  EXPECT_EQ(s->ignored_columns,
            (std::vector<std::string>{"TEMP", "PRES", "DEWP", "RAIN", "wd", "WSPM"}));
}

TEST(MonitoringReaderTest, ConvertsMixingRatiosAtTheReferenceState) {
  MonitoringBatch batch;
  MonitoringReadOptions o = Options(MonitoringFormat::kLong);
  Result<MonitoringFileSummary> s = Read(
      "station,parameter,time,value,unit\n"
      "A,so2,2023-01-01T00:00:00+08:00,10,ppb\n"
      "A,co,2023-01-01T00:00:00+08:00,1,ppm\n"
      "A,o3,2023-01-01T00:00:00+08:00,100,ppb\n"
      "A,temperature,2023-01-01T00:00:00+08:00,3.5,c\n"
      "A,pm25,2023-01-01T00:00:00+08:00,12.5,µg/m³\n",
      [&] {
        o.city = "beijing";
        return o;
      }(),
      batch);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  // c = x * M / Vm, Vm = R T / p = 8.314462618 * 298.15 / 101325 m3/mol = 24.46540 L/mol
  // (units.h, GB 3095-2012 as amended 2018: 298.15 K, 1013.25 hPa).
  EXPECT_NEAR(*At(batch, "A", Pollutant::kSo2, 2023, 0), 10 * 64.066 / 24.46540, 1e-3);  // 26.186
  EXPECT_NEAR(*At(batch, "A", Pollutant::kCo, 2023, 0), 28.010 / 24.46540, 1e-5);  // 1.14488 mg/m3
  EXPECT_NEAR(*At(batch, "A", Pollutant::kO3, 2023, 0), 100 * 47.997 / 24.46540, 1e-3);  // 196.18
  EXPECT_EQ(*At(batch, "A", Pollutant::kPm25, 2023, 0), 12.5);
  EXPECT_EQ(s->ignored_rows, 1);

  // At 273.15 K (GB 3095-2012 before 2018): Vm = 22.41397 L/mol.
  MonitoringBatch cold;
  o.reference = kReference0C;
  ASSERT_TRUE(
      Read("station,parameter,time,value,unit\nA,SO2,2023-01-01 00:00,10,ppb\n", o, cold).ok());
  EXPECT_NEAR(*At(cold, "A", Pollutant::kSo2, 2023, 0), 10 * 64.066 / 22.41397, 1e-3);  // 28.583
}

TEST(MonitoringReaderTest, DeclaredUnitsOverrideTheLayoutDefaults) {
  MonitoringReadOptions o = Options(MonitoringFormat::kWide);
  o.units = *ParseUnitList("CO=ug/m3,SO2=ppb");
  MonitoringBatch batch;
  ASSERT_TRUE(Read("station,city,time,SO2,CO\nA,Beijing,2023-01-01 00:00,10,800\n", o, batch).ok());
  EXPECT_NEAR(*At(batch, "A", Pollutant::kCo, 2023, 0), 0.8, 1e-6);
  EXPECT_NEAR(*At(batch, "A", Pollutant::kSo2, 2023, 0), 26.186, 1e-3);
  EXPECT_FALSE(ParseUnitList("PM2.5=ppb").ok());
  EXPECT_EQ(ParseUnitList("XX=ppb").status().field(), "--units");
}

TEST(MonitoringReaderTest, AnHourLabelledByItsEndIsStoredAtItsStart) {
  MonitoringReadOptions o = Options(MonitoringFormat::kWide);
  o.time_label = TimeLabel::kEnd;
  MonitoringBatch batch;
  ASSERT_TRUE(Read("station,city,time,PM10\n"
                   "A,Beijing,2023-01-01 01:00,11\n"
                   "A,Beijing,2023-01-01 24:00,24\n"
                   "A,Beijing,2023-01-01 00:00,99\n",
                   o, batch)
                  .ok());
  EXPECT_EQ(*At(batch, "A", Pollutant::kPm10, 2023, 0), 11.0f);   // 00:00-01:00
  EXPECT_EQ(*At(batch, "A", Pollutant::kPm10, 2023, 23), 24.0f);  // 23:00-24:00
  // 2023-01-01 00:00 as an end label is the last hour of 2022.
  EXPECT_EQ(*At(batch, "A", Pollutant::kPm10, 2022, 8759), 99.0f);

  MonitoringBatch start;
  Result<MonitoringFileSummary> refused =
      Read("station,city,time,PM10\nA,Beijing,2023-01-01 24:00,24\n",
           Options(MonitoringFormat::kWide), start);
  EXPECT_EQ(refused.status().field(), "time");
}

TEST(MonitoringReaderTest, ConvertsDaylightSavingWallClockToLocalStandardTime) {
  MonitoringReadOptions o = Options(MonitoringFormat::kWide);
  o.time_zone = "America/New_York";
  o.now_utc = 1893456000;  // 2030: nothing here is in the future
  MonitoringBatch batch;
  Result<MonitoringFileSummary> s = Read(
      "station,city,time,PM10\n"
      "NY1,New York,2023-01-10 12:00,1\n"   // EST = LST: slot 9*24+12
      "NY1,New York,2023-07-01 12:00,2\n"   // EDT: 12:00 EDT = 11:00 EST
      "NY1,New York,2023-11-05 01:00,3\n"   // repeated hour: first = 01:00 EDT = 00:00 EST
      "NY1,New York,2023-11-05 01:00,4\n",  // second = 01:00 EST
      o, batch);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(*At(batch, "NY1", Pollutant::kPm10, 2023, 9 * 24 + 12), 1.0f);
  const int jul1 = 181;  // day of year of 2023-07-01
  EXPECT_EQ(*At(batch, "NY1", Pollutant::kPm10, 2023, jul1 * 24 + 11), 2.0f);
  const int nov5 = 308;
  EXPECT_EQ(*At(batch, "NY1", Pollutant::kPm10, 2023, nov5 * 24 + 0), 3.0f);
  EXPECT_EQ(*At(batch, "NY1", Pollutant::kPm10, 2023, nov5 * 24 + 1), 4.0f);
  EXPECT_EQ(FlagsAt(batch, "NY1", Pollutant::kPm10, 2023, nov5 * 24 + 0), 0);

  MonitoringBatch skipped;
  Result<MonitoringFileSummary> bad =
      Read("station,city,time,PM10\nNY1,New York,2023-03-12 02:00,1\n", o, skipped);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().field(), "time");
  EXPECT_NE(bad.status().message().find("in.csv:2: column time:"), std::string::npos);
}

TEST(MonitoringReaderTest, FlagsEachImplausibleValueAndReportsItsRow) {
  MonitoringBatch batch;
  Result<MonitoringFileSummary> s = Read(
      "station,city,time,PM2.5,PM10\n"
      "A,Beijing,2023-01-01 00:00,-3,50\n"    // negative
      "A,Beijing,2023-01-01 01:00,2000,50\n"  // PM2.5 above 1500: implausible
      "A,Beijing,2023-01-01 02:00,10,50\n"
      "A,Beijing,2023-01-01 02:00,12,50\n"   // PM2.5 duplicate with another value
      "A,Beijing,2023-07-01 00:00,10,50\n",  // after kNow (2023-06-01 08:00 LST): future
      Options(MonitoringFormat::kWide), batch);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(FlagsAt(batch, "A", Pollutant::kPm25, 2023, 0), kFlagNegative);
  EXPECT_EQ(*At(batch, "A", Pollutant::kPm25, 2023, 0), -3.0f);  // kept as given
  EXPECT_EQ(FlagsAt(batch, "A", Pollutant::kPm25, 2023, 1), kFlagImplausibleHigh);
  EXPECT_EQ(FlagsAt(batch, "A", Pollutant::kPm25, 2023, 2), kFlagDuplicateConflict);
  EXPECT_EQ(*At(batch, "A", Pollutant::kPm25, 2023, 2), 10.0f);  // the first value stays
  EXPECT_EQ(FlagsAt(batch, "A", Pollutant::kPm10, 2023, 2), 0);  // same value twice: fine
  EXPECT_EQ(FlagsAt(batch, "A", Pollutant::kPm25, 2023, 181 * 24), kFlagFuture);
  EXPECT_EQ(FlagsAt(batch, "A", Pollutant::kPm10, 2023, 181 * 24), kFlagFuture);
  EXPECT_EQ(s->flags[0], 1);  // negative
  EXPECT_EQ(s->flags[1], 1);  // implausible-high
  EXPECT_EQ(s->flags[3], 1);  // duplicate-conflict
  EXPECT_EQ(s->flags[4], 2);  // future
  ASSERT_EQ(batch.issues().size(), 5u);
  const MonitoringIssue& dup = batch.issues()[2];
  EXPECT_EQ(dup.file, "in.csv");
  EXPECT_EQ(dup.line, 5);
  EXPECT_EQ(dup.column, "PM2.5");
  EXPECT_EQ(dup.value, "12");
  EXPECT_EQ(dup.time, "2023-01-01T02");
  EXPECT_EQ(dup.flag, kFlagDuplicateConflict);
}

TEST(MonitoringReaderTest, FlagsASeriesWhoseLevelSuggestsTheWrongUnit) {
  // CO written in ug/m3 (30..77, clean air) but read as the wide layout's
  // mg/m3: a median of 54 mg/m3, below the 100 mg/m3 plausibility bound but
  // far above any real CO level.
  std::string text = "station,city,time,CO,PM10\n";
  for (int h = 0; h < 48; ++h) {
    text +=
        fmt::format("A,Beijing,2023-01-0{} {:02d}:00,{},{}\n", 1 + h / 24, h % 24, 30 + h, 40 + h);
  }
  MonitoringBatch batch;
  ASSERT_TRUE(Read(text, Options(MonitoringFormat::kWide), batch).ok());
  EXPECT_EQ(batch.FlagSuspectedUnits(), 48);
  EXPECT_EQ(FlagsAt(batch, "A", Pollutant::kCo, 2023, 0), kFlagSuspectedUnit);
  EXPECT_EQ(FlagsAt(batch, "A", Pollutant::kCo, 2023, 47), kFlagSuspectedUnit);
  EXPECT_EQ(FlagsAt(batch, "A", Pollutant::kPm10, 2023, 0), 0);
  ASSERT_FALSE(batch.issues().empty());
  EXPECT_EQ(batch.issues().back().flag, kFlagSuspectedUnit);
  EXPECT_EQ(batch.issues().back().column, "CO");
  EXPECT_EQ(batch.issues().back().line, 2);
}

TEST(MonitoringReaderTest, AColumnMappingReadsOtherLayouts) {
  Result<ColumnMap> map = ParseColumnMap("station=Site, date=Day, hour=Hr, PM2.5=pm25_ugm3");
  ASSERT_TRUE(map.ok()) << map.status().ToString();
  MonitoringReadOptions o = Options(MonitoringFormat::kWide);
  o.columns = *map;
  o.city = "beijing";
  MonitoringBatch batch;
  Result<MonitoringFileSummary> s =
      Read("Site,Day,Hr,pm25_ugm3,humidity\nX,2023-01-02,05,17.5,80\n", o, batch);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(*At(batch, "X", Pollutant::kPm25, 2023, 24 + 5), 17.5f);
  EXPECT_EQ(s->ignored_columns, std::vector<std::string>{"humidity"});

  MonitoringBatch missing;
  Result<MonitoringFileSummary> bad =
      Read("Station,Day,Hr,pm25_ugm3\nX,2023-01-02,05,1\n", o, missing);
  EXPECT_EQ(bad.status().field(), "Site");
  EXPECT_EQ(ParseColumnMap("station").status().field(), "--map");
  EXPECT_FALSE(ParseColumnMap("colour=C").ok());
  EXPECT_FALSE(ParseColumnMap("station=A,city=A").ok());
}

struct BadRowCase {
  const char* text;
  const char* field;
  const char* message;
};

TEST(MonitoringReaderTest, BadRowsNameFileLineAndColumn) {
  const BadRowCase cases[] = {
      {"station,city,time,PM10\nA,Beijing,2023-01-01 00:00,12x\n", "PM10",
       "in.csv:2: column PM10: '12x' is not a number"},
      // fuzz/corpus/monitoring_reader/unnamed_column_count.csv: the header
      // ends in ',', so the column the short row lacks has no name; it was
      // "column : the row has ...", with an empty field.
      {"station,city,time,PM10,\nA,Beijing,2023-01-01 00:00,1\n", "5",
       "in.csv:2: column 5: the row has 4 fields, the header 5"},
      // Two signs: from_chars read the "-5" left after the '+'.
      {"station,city,time,PM10\nA,Beijing,2023-01-01 00:00,+-5\n", "PM10",
       "in.csv:2: column PM10: '+-5' is not a number"},
      {"station,city,time,PM10\nA,Beijing,2023-01-01 00:00,1\nA,Beijing,2023-02-30 00:00,1\n",
       "time", "in.csv:3: column time: '2023-02-30 00:00' is not a real date"},
      {"station,city,time,PM10\nA,Beijing,2023-01-01 00:30,1\n", "time",
       "in.csv:2: column time: '2023-01-01 00:30' is not on the hour (hourly data only)"},
      {"station,city,time,PM10\n,Beijing,2023-01-01 00:00,1\n", "station",
       "in.csv:2: column station: empty station code"},
      {"station,city,time,PM10\nA,Atlantis,2023-01-01 00:00,1\n", "city",
       "in.csv:2: column city: no city 'Atlantis'"},
      {"station,city,time,PM10\nA,Beijing,2023-01-01 00:00\n", "PM10",
       "in.csv:2: column PM10: the row has 3 fields, the header 4"},
      {"station,time,PM10\nA,2023-01-01 00:00,1\n", "city",
       "in.csv:1: column city: the file has no city column; name the city of its stations with "
       "--city"},
      {"city,time,PM10\nBeijing,2023-01-01 00:00,1\n", "station",
       "in.csv:1: column station: missing: the wide layout needs a 'station' column (or --map "
       "station=COLUMN)"},
  };
  for (const BadRowCase& c : cases) {
    MonitoringBatch batch;
    Result<MonitoringFileSummary> s = Read(c.text, Options(MonitoringFormat::kWide), batch);
    ASSERT_FALSE(s.ok()) << c.text;
    EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(s.status().field(), c.field) << c.text;
    EXPECT_EQ(s.status().message(), c.message) << c.text;
  }
  MonitoringBatch batch;
  Result<MonitoringFileSummary> unit = Read(
      "station,parameter,time,value,unit\nA,CO,2023-01-01 00:00,1,furlongs\n",
      [] {
        MonitoringReadOptions o = Options(MonitoringFormat::kLong);
        o.city = "beijing";
        return o;
      }(),
      batch);
  EXPECT_EQ(unit.status().field(), "unit");
  EXPECT_EQ(unit.status().message(),
            "in.csv:2: column unit: unknown unit 'furlongs' (ug/m3, mg/m3, ppb or ppm)");
}

}  // namespace
}  // namespace kinet
