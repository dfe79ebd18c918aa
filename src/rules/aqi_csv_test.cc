#include "rules/aqi_csv.h"

#include <gtest/gtest.h>

#include "rules/aqi_rules.h"

namespace kinet {
namespace {

AqiRuleSet Load(const char* id) {
  Result<AqiRuleSet> r = LoadAqiRuleSet(id, AqiLoadOptions{});
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : AqiRuleSet{};
}

TEST(TransformAqiCsvTest, DailyAddsIndicesAndPassesOtherColumnsThrough) {
  const AqiRuleSet rules = Load("cn-hj633-2012");
  const std::string in =
      "station,date,PM2.5_24h,PM10_24h,O3_1h,O3_8h,note\n"
      "S1,2015-01-01,80,180,250,200,\"a, b\"\n"
      "S1,2015-01-02,75,150,,,\n"
      "S1,2015-01-03,,,,,\n";
  Result<std::string> out = TransformAqiCsv(in, "in.csv", rules, AqiCsvOptions{});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(
      *out,
      "station,date,PM2.5_24h,PM10_24h,O3_1h,O3_8h,note,iaqi_PM2.5_24h,iaqi_PM10_24h,iaqi_O3_1h,"
      "iaqi_O3_8h,aqi,category,primary_pollutants\n"
      "S1,2015-01-01,80,180,250,200,\"a, b\",107,115,125,137,137,Lightly polluted,O3\n"
      "S1,2015-01-02,75,150,,,,100,100,,,100,Good,PM2.5;PM10\n"
      "S1,2015-01-03,,,,,,,,,,,,\n");
}

TEST(TransformAqiCsvTest, HourlyUsesRealTimeItems) {
  const AqiRuleSet rules = Load("cn-hj633-2012");
  AqiCsvOptions options;
  options.mode = AqiReportMode::kHourly;
  const std::string in = "time,PM2.5_1h,SO2_1h,SO2_24h\n2015-01-01 10:00,80,900,1000\n";
  Result<std::string> out = TransformAqiCsv(in, "in.csv", rules, options);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  // SO2_24h feeds the SO2 1h fallback (Table 1 note 2) but is not itself a real-time item.
  EXPECT_EQ(*out,
            "time,PM2.5_1h,SO2_1h,SO2_24h,iaqi_PM2.5_1h,iaqi_SO2_1h,iaqi_SO2_24h,aqi,category,"
            "primary_pollutants\n"
            "2015-01-01 10:00,80,900,1000,107,225,,225,Heavily polluted,SO2\n");
}

TEST(TransformAqiCsvTest, ConvertsUnitsAtTheRuleSetReferenceState) {
  const AqiRuleSet rules = Load("cn-hj633-2012");
  AqiCsvOptions options;
  Result<std::vector<AqiUnitOverride>> units = ParseAqiUnitOverrides("CO=ug/m3, SO2=ppb");
  ASSERT_TRUE(units.ok()) << units.status().ToString();
  options.units = *units;
  // CO 8000 µg/m³ = 8 mg/m³ -> 120. SO2 24.8 ppb * 64.066/24.465 = 64.9 µg/m³ -> 50+50*14.9/100
  // = 57.5 -> 58.
  const std::string in = "CO_24h,SO2_24h\n8000,24.8\n";
  Result<std::string> out = TransformAqiCsv(in, "in.csv", rules, options);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(*out,
            "CO_24h,SO2_24h,iaqi_CO_24h,iaqi_SO2_24h,aqi,category,primary_pollutants\n"
            "8000,24.8,120,58,120,Lightly polluted,CO\n");
}

TEST(TransformAqiCsvTest, EpaRuleSetInPpm) {
  const AqiRuleSet rules = Load("us-epa-aqi-2024");
  const std::string in = "O3_8h,PM2.5_24h,CO_8h\n0.078,35.9,8.4\n";
  Result<std::string> out = TransformAqiCsv(in, "in.csv", rules, AqiCsvOptions{});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(
      *out,
      "O3_8h,PM2.5_24h,CO_8h,iaqi_O3_8h,iaqi_PM2.5_24h,iaqi_CO_8h,aqi,category,primary_pollutants\n"
      "0.078,35.9,8.4,126,102,90,126,Unhealthy for Sensitive Groups,O3\n");
}

TEST(TransformAqiCsvTest, BadCellsNameFileLineAndColumn) {
  const AqiRuleSet rules = Load("cn-hj633-2012");
  struct Case {
    std::string csv, message, field;
  };
  const Case cases[] = {
      {"id,PM2.5_24h\na,12\nb,x1\n", "in.csv:3: column PM2.5_24h: 'x1' is not a number",
       "PM2.5_24h"},
      {"id,PM2.5_24h\na,-3\n", "in.csv:2: column PM2.5_24h: negative concentration -3",
       "PM2.5_24h"},
      {"id,PM2.5_24h\na,inf\n", "in.csv:2: column PM2.5_24h: 'inf' is not a number", "PM2.5_24h"},
      {"id,PM2.5_24h,pm25_24h\n", "in.csv:1: column pm25_24h: a second column for PM2.5 24h",
       "pm25_24h"},
      {"id,PM2.5_24h\na\n", "in.csv:2: expected 2 fields, found 1", ""},
  };
  for (const Case& c : cases) {
    Result<std::string> out = TransformAqiCsv(c.csv, "in.csv", rules, AqiCsvOptions{});
    ASSERT_FALSE(out.ok()) << c.csv;
    EXPECT_EQ(out.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(out.status().message(), c.message);
    EXPECT_EQ(out.status().field(), c.field);
  }
  AqiCsvOptions options;
  options.units = {{Pollutant::kPm25, Unit::kPpb}};
  Result<std::string> out = TransformAqiCsv("PM2.5_24h\n1\n", "in.csv", rules, options);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().field(), "PM2.5_24h");
}

TEST(ParseAqiUnitOverridesTest, RejectsBadEntries) {
  EXPECT_FALSE(ParseAqiUnitOverrides("CO").ok());
  EXPECT_FALSE(ParseAqiUnitOverrides("XX=ppb").ok());
  EXPECT_FALSE(ParseAqiUnitOverrides("CO=furlongs").ok());
  Result<std::vector<AqiUnitOverride>> ok = ParseAqiUnitOverrides("o3=ppb,");
  ASSERT_TRUE(ok.ok());
  ASSERT_EQ(ok->size(), 1u);
  EXPECT_EQ((*ok)[0].pollutant, Pollutant::kO3);
  EXPECT_EQ((*ok)[0].unit, Unit::kPpb);
  EXPECT_EQ(ParseAqiReportMode("weekly").status().field(), "--mode");
}

}  // namespace
}  // namespace kinet
