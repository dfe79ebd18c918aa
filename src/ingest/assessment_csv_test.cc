#include "ingest/assessment_csv.h"

#include <gtest/gtest.h>

namespace kinet {
namespace {

TEST(RoundReportTest, HalfAwayFromZeroWithTieBand) {
  // bench README §8: sign(x) * floor(|x|*1000 + 0.5 + 1e-6) / 1000.
  EXPECT_DOUBLE_EQ(RoundReport(75.3335), 75.334);  // 75333.5 (binary 75333.4999..) + 1e-6
  EXPECT_DOUBLE_EQ(RoundReport(0.0005), 0.001);
  EXPECT_DOUBLE_EQ(RoundReport(-0.0005), -0.001);
  EXPECT_DOUBLE_EQ(RoundReport(2.0 / 3.0), 0.667);
  EXPECT_DOUBLE_EQ(RoundReport(1.0 / 3.0), 0.333);
}

TEST(AssessmentCsvTest, FormatsRowsWithEmptyMissingFields) {
  AirAssessment a;
  AnnualAssessmentRow row;
  row.level = SeriesLevel::kCity;
  row.id = "C01";
  row.year = 2023;
  row.pollutant = Pollutant::kPm25;
  row.stats.mean = 35.12345;
  row.stats.valid_days = 324;
  row.stats.valid = true;
  row.stats.percentile = 75.0;
  row.stats.exceed_days = 12;
  a.annual.push_back(row);
  row.level = SeriesLevel::kStation;
  row.stats = AnnualStatistics{};
  a.annual.push_back(row);
  AqiYearRow q;
  q.id = "S1";
  q.year = 2024;
  q.aqi_days = 3;
  q.good_days = 2;
  q.good_ratio = 2.0 / 3.0;
  q.max_aqi = 151;
  a.aqi.push_back(q);
  q.aqi_days = 0;
  q.good_days = 0;
  q.good_ratio.reset();
  q.max_aqi.reset();
  a.aqi.push_back(q);
  EXPECT_EQ(FormatAnnualCsv(a),
            "level,id,year,pollutant,annual_mean,valid_days,annual_valid,percentile,exceed_days\n"
            "city,C01,2023,PM2.5,35.123,324,1,75.000,12\n"
            "station,C01,2023,PM2.5,,0,0,,0\n");
  EXPECT_EQ(FormatAqiCsv(a),
            "level,id,year,aqi_days,good_days,good_ratio,max_aqi\n"
            "station,S1,2024,3,2,0.667,151\n"
            "station,S1,2024,0,0,,\n");
}

}  // namespace
}  // namespace kinet
