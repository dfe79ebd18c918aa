#include "engine/averaging.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <limits>
#include <vector>

namespace kinet {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::array<double, 24> Day(double value) {
  std::array<double, 24> d;
  d.fill(value);
  return d;
}

TEST(DailyMeanTest, TwentyValidHoursIsValid) {
  // GB 3095-2012 Table 4 / HJ 663-2013: >= 20 hourly values. Hours 0..19 =
  // 10, hours 20..23 missing: mean of 20 values of 10 = 10.
  std::array<double, 24> d = Day(10);
  for (int h = 20; h < 24; ++h) d[h] = kNaN;
  ASSERT_TRUE(DailyMean(d, {}).has_value());
  EXPECT_DOUBLE_EQ(*DailyMean(d, {}), 10.0);
}

TEST(DailyMeanTest, ReturnsNulloptWithNineteenHours) {
  std::array<double, 24> d = Day(10);
  for (int h = 19; h < 24; ++h) d[h] = kNaN;  // 19 valid
  EXPECT_FALSE(DailyMean(d, {}).has_value());
}

TEST(DailyMeanTest, AveragesOnlyPresentHours) {
  // 20 hours: ten of 74 and ten of 76 -> (740 + 760) / 20 = 75 exactly.
  std::array<double, 24> d = Day(kNaN);
  for (int h = 0; h < 20; ++h) d[h] = h % 2 == 0 ? 74 : 76;
  EXPECT_DOUBLE_EQ(*DailyMean(d, {}), 75.0);
}

TEST(DailyMeanTest, RulesOverrideThreshold) {
  std::array<double, 24> d = Day(kNaN);
  for (int h = 0; h < 18; ++h) d[h] = 1;
  ValidityRules rules;
  rules.min_hours_per_day = 18;
  EXPECT_TRUE(DailyMean(d, rules).has_value());
  EXPECT_FALSE(DailyMean(d, {}).has_value());
}

TEST(DailyMaxHourTest, MaxOfPresentHoursNeedsTwentyHours) {
  std::array<double, 24> d = Day(100);
  d[13] = 250;
  for (int h = 20; h < 24; ++h) d[h] = kNaN;  // 20 valid
  EXPECT_DOUBLE_EQ(*DailyMaxHour(d, {}), 250.0);
  d[19] = kNaN;  // 19 valid
  EXPECT_FALSE(DailyMaxHour(d, {}).has_value());
}

TEST(EightHourMeansTest, WindowsEndAtHoursSevenToTwentyThree) {
  // Hour h has value h: the window ending at hour 7+i covers i..i+7, mean
  // i + 3.5 (bench README §4: 17 windows, h = 7..23, never crossing midnight).
  std::array<double, 24> d;
  for (int h = 0; h < 24; ++h) d[h] = h;
  const auto m = EightHourMeans(d, {});
  for (int i = 0; i < kEightHourWindowsPerDay; ++i) {
    ASSERT_TRUE(m[i].has_value());
    EXPECT_DOUBLE_EQ(*m[i], i + 3.5);
  }
}

TEST(EightHourMeansTest, SixValuesValidFiveNot) {
  // GB 3095-2012 Table 4: >= 6 hourly values in each 8 hours.
  std::array<double, 24> d = Day(100);
  d[0] = kNaN;
  d[1] = kNaN;  // window 0 (hours 0..7): 6 values
  auto m = EightHourMeans(d, {});
  ASSERT_TRUE(m[0].has_value());
  EXPECT_DOUBLE_EQ(*m[0], 100.0);
  d[2] = kNaN;  // window 0: 5 values
  m = EightHourMeans(d, {});
  EXPECT_FALSE(m[0].has_value());
  EXPECT_TRUE(m[3].has_value());  // hours 3..10 all present
}

TEST(Mda8Test, FourteenValidWindowsIsValid) {
  // Hours 21, 22, 23 missing leaves window 16 (16..23) with 5 values,
  // window 15 (15..22) with 6, window 14 with 7: 16 valid -> valid.
  // Missing hours 18..23 instead: windows ending at 7..18 keep >= 6 values
  // (window 11 = 11..18 has 7, window 12 = 12..19 has 6 (12..17), window
  // 13 = 13..20 has 5): windows 0..12 valid = 13 -> nullopt.
  std::array<double, 24> d = Day(100);
  for (int h = 18; h < 24; ++h) d[h] = kNaN;
  EXPECT_FALSE(Mda8(d, {}).has_value());
  // Hours 19..23 missing: windows 0..13 (13 = 13..20 has 6: 13..18) valid = 14.
  d[18] = 100;
  ASSERT_TRUE(Mda8(d, {}).has_value());
  EXPECT_DOUBLE_EQ(*Mda8(d, {}), 100.0);
}

TEST(Mda8Test, MaxOfWindowMeansAboveEightHundred) {
  // A day of 820 with hours 12..19 at 900: window 12..19 mean 900 = MDA8.
  // (Above 800 the 8-hour IAQI is absent, HJ 633-2012 Table 1 note 3; the
  // MDA8 itself is still reported, bench README §5.)
  std::array<double, 24> d = Day(820);
  for (int h = 12; h < 20; ++h) d[h] = 900;
  EXPECT_DOUBLE_EQ(*Mda8(d, {}), 900.0);
}

TEST(Mda8Test, MeanOfPresentValuesInWindow) {
  // Window 0 (hours 0..7) = 10, 20, NaN, NaN, 30, 40, 50, 60 -> 210 / 6 = 35.
  std::array<double, 24> d = Day(0);
  const double first[8] = {10, 20, kNaN, kNaN, 30, 40, 50, 60};
  for (int h = 0; h < 8; ++h) d[h] = first[h];
  EXPECT_DOUBLE_EQ(*EightHourMeans(d, {})[0], 35.0);
}

TEST(CountExceedancesTest, ValueOnLimitDoesNotExceed) {
  // bench README §8: exceedance iff value > limit + 1e-9. 75 + 1e-12 (a sum
  // order artefact) is still "on" the PM2.5 limit 75; 75.0001 is above.
  const std::vector<double> v = {75.0, 75.0 + 1e-12, 75.0001, 74.9, 160.0};
  EXPECT_EQ(CountExceedances(v, 75.0), 2);  // 75.0001 and 160
}

TEST(SummarizeYearTest, ThreeHundredTwentyFourDaysIsValid) {
  // GB 3095-2012 Table 4: annual statistics need >= 324 daily values.
  std::vector<double> days(324, 50.0);
  AnnualStatistics s = SummarizeYear(days, 365, 0.98, 150, {});
  EXPECT_TRUE(s.valid);
  EXPECT_EQ(s.valid_days, 324);
  EXPECT_DOUBLE_EQ(*s.mean, 50.0);
  EXPECT_NEAR(s.data_capture_percent, 100.0 * 324 / 365, 1e-12);
  std::vector<double> fewer(323, 50.0);
  EXPECT_FALSE(SummarizeYear(fewer, 365, 0.98, 150, {}).valid);
}

TEST(SummarizeYearTest, PercentileMeanAndExceedances) {
  // Daily values 10..100 step 10 (standards.md §4.3): P95 = 95.5, mean 55,
  // two days above the NO2 limit 80 (90, 100); 80 itself does not count.
  std::vector<double> days = {100, 90, 80, 70, 60, 50, 40, 30, 20, 10};
  AnnualStatistics s = SummarizeYear(days, 365, 0.95, 80, {});
  EXPECT_DOUBLE_EQ(*s.percentile, 95.5);
  EXPECT_DOUBLE_EQ(*s.mean, 55.0);
  EXPECT_EQ(s.exceed_days, 2);
}

TEST(SummarizeYearTest, NoValidDayGivesNoMeanNoPercentile) {
  std::vector<double> none;
  AnnualStatistics s = SummarizeYear(none, 366, 0.9, 160, {});
  EXPECT_FALSE(s.mean.has_value());
  EXPECT_FALSE(s.percentile.has_value());
  EXPECT_EQ(s.valid_days, 0);
  EXPECT_FALSE(s.valid);
}

TEST(MonthlyMeansTest, FebruaryOfLeapYearNeedsTwentyFiveDays) {
  // 2024 is a leap year: February has 29 days (days 31..59 of the year).
  std::vector<double> daily(366, kNaN);
  for (int d = 31; d < 31 + 25; ++d) daily[d] = 40;  // 25 February days
  for (int d = 0; d < 27; ++d) daily[d] = 20;        // 27 January days
  for (int d = 60; d < 60 + 26; ++d) daily[d] = 30;  // 26 March days
  const auto m = MonthlyMeans(daily, 2024, {});
  EXPECT_TRUE(m[0].valid);  // 27 >= 27
  EXPECT_DOUBLE_EQ(*m[0].mean, 20.0);
  EXPECT_TRUE(m[1].valid);  // 25 >= 25 (February, GB 3095-2012 Table 4)
  EXPECT_NEAR(m[1].data_capture_percent, 100.0 * 25 / 29, 1e-12);
  EXPECT_FALSE(m[2].valid);  // 26 < 27
  EXPECT_DOUBLE_EQ(*m[2].mean, 30.0);
  EXPECT_FALSE(m[3].mean.has_value());
  EXPECT_EQ(m[3].valid_days, 0);
}

}  // namespace
}  // namespace kinet
