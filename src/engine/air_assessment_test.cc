#include "engine/air_assessment.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/period.h"

namespace kinet {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A stand-in for IndividualAqi that makes the combination rules visible:
// the "IAQI" is the concentration rounded up, except that an O3 8-hour value
// above 800 has none (as HJ 633-2012 Table 1 note 3 says of the real table).
// The real tables are tested in aqi_test.cc.
std::optional<int> FakeIaqi(Pollutant p, Averaging a, double c) {
  if (p == Pollutant::kO3 && a == Averaging::kEightHour && c > 800) return std::nullopt;
  return static_cast<int>(std::ceil(c));
}

void FillDay(HourlyYear& y, int day, int k, double v) {
  for (int h = 0; h < 24; ++h) y.at(day, h, k) = v;
}

TEST(AssessDayTest, AqiNeedsPm25Pm10AndOneMore) {
  HourlyYear y = HourlyYear::AllMissing(2023);
  FillDay(y, 0, 0, 40);                                         // PM2.5
  FillDay(y, 0, 1, 60);                                         // PM10
  EXPECT_FALSE(AssessDay(y, 0, {}, FakeIaqi).aqi.has_value());  // no third pollutant
  FillDay(y, 0, 3, 30);                                         // NO2
  const DailyAirValues dv = AssessDay(y, 0, {}, FakeIaqi);
  ASSERT_TRUE(dv.aqi.has_value());
  EXPECT_EQ(*dv.aqi, 60);  // max(40, 60, 30)
}

TEST(AssessDayTest, O3TakesLargerOfEightHourAndOneHour) {
  HourlyYear y = HourlyYear::AllMissing(2023);
  FillDay(y, 0, 0, 10);
  FillDay(y, 0, 1, 10);
  FillDay(y, 0, 5, 100);  // O3: MDA8 100
  y.at(0, 15, 5) = 300;   // 1h max 300; MDA8 = (7*100 + 300)/8 = 125
  DailyAirValues dv = AssessDay(y, 0, {}, FakeIaqi);
  EXPECT_DOUBLE_EQ(*dv.value[5], 125.0);
  EXPECT_DOUBLE_EQ(*dv.o3_max_hour, 300.0);
  EXPECT_EQ(*dv.aqi, 300);
}

TEST(AssessDayTest, Mda8AboveEightHundredLeavesOneHourIaqiAlone) {
  HourlyYear y = HourlyYear::AllMissing(2023);
  FillDay(y, 0, 0, 10);
  FillDay(y, 0, 1, 10);
  FillDay(y, 0, 5, 820);
  const DailyAirValues dv = AssessDay(y, 0, {}, FakeIaqi);
  EXPECT_DOUBLE_EQ(*dv.value[5], 820.0);  // MDA8 still the daily value
  EXPECT_EQ(*dv.aqi, 820);                // from the 1h max
}

TEST(CityHourlyYearTest, MeanOfPresentStationValues) {
  // bench README §3: city hour = mean of the stations' valid values.
  HourlyYear a = HourlyYear::AllMissing(2024);
  HourlyYear b = HourlyYear::AllMissing(2024);
  HourlyYear c = HourlyYear::AllMissing(2024);
  a.at(59, 3, 0) = 75;  // 29 February 2024
  b.at(59, 3, 0) = 76;
  c.at(59, 3, 0) = kNaN;
  c.at(59, 4, 0) = 80;  // only station with a value at 04
  const HourlyYear city = CityHourlyYear({&a, &b, &c}, 2024);
  EXPECT_EQ(city.days(), 366);
  EXPECT_DOUBLE_EQ(city.at(59, 3, 0), 75.5);  // (75 + 76) / 2
  EXPECT_DOUBLE_EQ(city.at(59, 4, 0), 80.0);
  EXPECT_TRUE(std::isnan(city.at(59, 5, 0)));
}

TEST(AssessAirTest, RowsSortedAndCityYearsAreUnion) {
  StationHourData data;
  StationSeries s1{"B", "X", {}};
  s1.years.push_back(HourlyYear::AllMissing(2024));
  StationSeries s2{"A", "X", {}};
  s2.years.push_back(HourlyYear::AllMissing(2023));
  for (int d = 0; d < 365; ++d) FillDay(s2.years[0], d, 2, 151);  // SO2 above 150 every day
  data.stations = {s1, s2};
  const AirAssessment out = AssessAir(data, {}, FakeIaqi, 2);
  // city X 2023, city X 2024, station A 2023, station B 2024.
  ASSERT_EQ(out.aqi.size(), 4u);
  EXPECT_EQ(out.aqi[0].level, SeriesLevel::kCity);
  EXPECT_EQ(out.aqi[0].year, 2023);
  EXPECT_EQ(out.aqi[1].year, 2024);
  EXPECT_EQ(out.aqi[2].id, "A");
  EXPECT_EQ(out.aqi[3].id, "B");
  EXPECT_EQ(out.aqi[3].aqi_days, 0);
  EXPECT_FALSE(out.aqi[3].good_ratio.has_value());
  ASSERT_EQ(out.annual.size(), 24u);
  // Pollutants in byte order: CO, NO2, O3, PM10, PM2.5, SO2.
  EXPECT_EQ(out.annual[0].pollutant, Pollutant::kCo);
  EXPECT_EQ(out.annual[3].pollutant, Pollutant::kPm10);
  EXPECT_EQ(out.annual[4].pollutant, Pollutant::kPm25);
  const AnnualAssessmentRow& so2 = out.annual[2 * 6 + 5];  // station A 2023 SO2
  EXPECT_EQ(so2.id, "A");
  EXPECT_EQ(so2.pollutant, Pollutant::kSo2);
  EXPECT_EQ(so2.stats.valid_days, 365);
  EXPECT_TRUE(so2.stats.valid);
  EXPECT_EQ(so2.stats.exceed_days, 365);
  EXPECT_DOUBLE_EQ(*so2.stats.percentile, 151.0);
}

}  // namespace
}  // namespace kinet
