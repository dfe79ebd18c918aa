#include "engine/compliance.h"

#include <vector>

#include <gtest/gtest.h>

namespace kinet {
namespace {

Limit Row(Pollutant p, Averaging a, LimitStatistic s, double value, Unit unit = Unit::kUgM3) {
  Limit l;
  l.level = "grade-2";
  l.pollutant = p;
  l.averaging = a;
  l.statistic = s;
  l.value = value;
  l.unit = unit;
  return l;
}

Limit Pct(Pollutant p, Averaging a, double percentile, double value, Unit unit = Unit::kUgM3) {
  Limit l = Row(p, a, LimitStatistic::kPercentile, value, unit);
  l.percentile = percentile;
  return l;
}

// Grade II of GB 3095-2012 Table 1 with the HJ 663-2013 §4.3 annual statistics
// (standards.md §4.1 and §4.3), plus the SO2 1-hour limit as a maximum.
LimitSet Gb3095Grade2() {
  LimitSet set;
  set.id = "test-gb3095-2012";
  set.levels.push_back(LimitLevel{"grade-2", "Grade II", "二级", std::nullopt, std::nullopt});
  set.limits = {
      Row(Pollutant::kSo2, Averaging::kYear, LimitStatistic::kAnnualMean, 60),
      Pct(Pollutant::kSo2, Averaging::kDay, 0.98, 150),
      Row(Pollutant::kSo2, Averaging::kHour, LimitStatistic::kMax, 500),
      Row(Pollutant::kPm25, Averaging::kYear, LimitStatistic::kAnnualMean, 35),
      Pct(Pollutant::kPm25, Averaging::kDay, 0.95, 75),
      Pct(Pollutant::kCo, Averaging::kDay, 0.95, 4, Unit::kMgM3),
      Pct(Pollutant::kO3, Averaging::kEightHour, 0.90, 160),
  };
  return set;
}

// `n_low` days at `low` followed by the given high days.
std::vector<double> Days(int n_low, double low, std::initializer_list<double> high) {
  std::vector<double> days(static_cast<std::size_t>(n_low), low);
  days.insert(days.end(), high.begin(), high.end());
  return days;
}

const LimitEvaluation& Only(const std::vector<LimitEvaluation>& all, LimitStatistic s) {
  for (const LimitEvaluation& e : all) {
    if (e.limit.statistic == s) return e;
  }
  static const LimitEvaluation kNone;
  ADD_FAILURE() << "no evaluation with statistic " << LimitStatisticCode(s);
  return kNone;
}

TEST(ComplianceTest, ValueEqualToTheLimitIsAttained) {
  // 365 days: 345 at 50, 19 at 75, one at 76. HJ 663 eq. 3: k = 1 + 364*0.95
  // = 346.8, X(346) = X(347) = 75, so P95 = 75 = the 24-h limit: "not
  // exceeding" (GB 3095-2012), attained with margin 0, although one day is
  // above the limit.
  PollutantYear pm25;
  pm25.pollutant = Pollutant::kPm25;
  pm25.daily = Days(
      345, 50, {75, 75, 75, 75, 75, 75, 75, 75, 75, 75, 75, 75, 75, 75, 75, 75, 75, 75, 75, 76});
  pm25.annual_mean = 35.0;  // the annual limit exactly
  pm25.annual_mean_valid = true;
  pm25.data_capture = 1.0;
  const std::vector<PollutantYear> years = {pm25};
  Result<std::vector<LimitEvaluation>> r = EvaluateCompliance(Gb3095Grade2(), "grade-2", years);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 2u);  // only the PM2.5 rows: other pollutants have no data

  const LimitEvaluation& p95 = Only(*r, LimitStatistic::kPercentile);
  EXPECT_DOUBLE_EQ(*p95.value, 75.0);
  EXPECT_TRUE(p95.data_valid);
  EXPECT_EQ(p95.verdict, ComplianceVerdict::kAttained);
  EXPECT_DOUBLE_EQ(*p95.margin, 0.0);
  EXPECT_DOUBLE_EQ(*p95.exceedance_multiple, 0.0);
  EXPECT_EQ(*p95.exceedance_days, 1);
  EXPECT_EQ(p95.valid_days, 365);

  const LimitEvaluation& annual = Only(*r, LimitStatistic::kAnnualMean);
  EXPECT_EQ(annual.verdict, ComplianceVerdict::kAttained);
  EXPECT_DOUBLE_EQ(*annual.margin, 0.0);
  EXPECT_FALSE(annual.exceedance_days.has_value());  // an annual row counts no days
}

TEST(ComplianceTest, AboveTheLimitIsExceededWithMarginAndMultiple) {
  // Annual mean 42 vs 35: margin 35 - 42 = -7, exceedance multiple
  // (42 - 35)/35 = 0.2 (HJ 663 (C - S)/S).
  PollutantYear pm25;
  pm25.pollutant = Pollutant::kPm25;
  pm25.daily = Days(365, 42, {});
  pm25.annual_mean = 42.0;
  pm25.annual_mean_valid = true;
  const std::vector<PollutantYear> years = {pm25};
  Result<std::vector<LimitEvaluation>> r = EvaluateCompliance(Gb3095Grade2(), "grade-2", years);
  ASSERT_TRUE(r.ok());
  const LimitEvaluation& annual = Only(*r, LimitStatistic::kAnnualMean);
  EXPECT_EQ(annual.verdict, ComplianceVerdict::kExceeded);
  EXPECT_DOUBLE_EQ(*annual.margin, -7.0);
  EXPECT_DOUBLE_EQ(*annual.exceedance_multiple, 0.2);
}

TEST(ComplianceTest, HjPercentileExampleWithLowMinimum) {
  // standards.md §4.3: the 10 values 10, 20, ..., 100 give P95 = 95.5.
  // Against 75: exceeded, multiple (95.5 - 75)/75 = 0.273333, 3 days above 75.
  PollutantYear pm25;
  pm25.pollutant = Pollutant::kPm25;
  pm25.daily = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
  const std::vector<PollutantYear> years = {pm25};
  Result<std::vector<LimitEvaluation>> r =
      EvaluateCompliance(Gb3095Grade2(), "grade-2", years, ComplianceOptions{10});
  ASSERT_TRUE(r.ok());
  const LimitEvaluation& p95 = Only(*r, LimitStatistic::kPercentile);
  EXPECT_DOUBLE_EQ(*p95.value, 95.5);
  EXPECT_EQ(p95.verdict, ComplianceVerdict::kExceeded);
  EXPECT_NEAR(*p95.exceedance_multiple, 0.273333, 1e-6);
  EXPECT_EQ(*p95.exceedance_days, 3);
}

TEST(ComplianceTest, FewerThan324ValidDaysReportsTheValueAsInsufficientData) {
  // GB 3095-2012 Table 4: an annual statistic needs >= 324 daily values.
  // 323 days at 200 give P98 = 200 > 150, shown, but the verdict is not valid.
  PollutantYear so2;
  so2.pollutant = Pollutant::kSo2;
  so2.daily = Days(323, 200, {});
  so2.annual_mean = 200.0;
  so2.annual_mean_valid = false;
  so2.data_capture = 323.0 / 365.0;
  const std::vector<PollutantYear> years = {so2};
  Result<std::vector<LimitEvaluation>> r = EvaluateCompliance(Gb3095Grade2(), "grade-2", years);
  ASSERT_TRUE(r.ok());
  const LimitEvaluation& p98 = Only(*r, LimitStatistic::kPercentile);
  EXPECT_DOUBLE_EQ(*p98.value, 200.0);
  EXPECT_FALSE(p98.data_valid);
  EXPECT_EQ(p98.verdict, ComplianceVerdict::kInsufficientData);
  EXPECT_DOUBLE_EQ(p98.data_capture, 323.0 / 365.0);
  const LimitEvaluation& annual = Only(*r, LimitStatistic::kAnnualMean);
  EXPECT_DOUBLE_EQ(*annual.value, 200.0);
  EXPECT_EQ(annual.verdict, ComplianceVerdict::kInsufficientData);
  // The 1-hour row has no maximum given: no value at all.
  const LimitEvaluation& hour = Only(*r, LimitStatistic::kMax);
  EXPECT_FALSE(hour.value.has_value());
  EXPECT_EQ(hour.verdict, ComplianceVerdict::kInsufficientData);

  // 324 days: now valid (the minimum is inclusive).
  so2.daily = Days(324, 100, {});
  so2.max_hour = 500.0;  // the 1-hour limit exactly: attained
  const std::vector<PollutantYear> enough = {so2};
  r = EvaluateCompliance(Gb3095Grade2(), "grade-2", enough);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Only(*r, LimitStatistic::kPercentile).verdict, ComplianceVerdict::kAttained);
  EXPECT_EQ(Only(*r, LimitStatistic::kMax).verdict, ComplianceVerdict::kAttained);
}

TEST(ComplianceTest, Who99thPercentileAllowsThreeToFourDays) {
  // WHO 2021: short-term AQG are 99th percentiles, i.e. 3-4 exceedance days a
  // year. 365 days, k = 1 + 364*0.99 = 361.36:
  // - 361 days at 10 and 4 at 20: X(361) = 10, X(362) = 20, P99 = 10 + 10*0.36
  //   = 13.6 <= 15: attained with 4 exceedance days;
  // - 360 days at 10 and 5 at 20: X(361) = X(362) = 20, P99 = 20: exceeded.
  LimitSet who;
  who.id = "test-who";
  who.levels.push_back(LimitLevel{"aqg", "AQG", "", std::nullopt, std::nullopt});
  Limit pm25 = Pct(Pollutant::kPm25, Averaging::kDay, 0.99, 15);
  pm25.level = "aqg";
  who.limits.push_back(pm25);

  PollutantYear year;
  year.pollutant = Pollutant::kPm25;
  year.daily = Days(361, 10, {20, 20, 20, 20});
  std::vector<PollutantYear> years = {year};
  Result<std::vector<LimitEvaluation>> r = EvaluateCompliance(who, "aqg", years);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 1u);
  EXPECT_NEAR(*(*r)[0].value, 13.6, 1e-9);
  EXPECT_EQ((*r)[0].verdict, ComplianceVerdict::kAttained);
  EXPECT_EQ(*(*r)[0].exceedance_days, 4);

  years[0].daily = Days(360, 10, {20, 20, 20, 20, 20});
  r = EvaluateCompliance(who, "aqg", years);
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ(*(*r)[0].value, 20.0);
  EXPECT_EQ((*r)[0].verdict, ComplianceVerdict::kExceeded);
  EXPECT_EQ(*(*r)[0].exceedance_days, 5);
}

TEST(ComplianceTest, ExceedanceCountAboveAllowedIsExceededEvenWithFewDays) {
  // A count row allowing 3 days above 50. The count can only grow with more
  // data, so 4 days above on 100 valid days is already "exceeded"; 3 days on
  // 100 days is "insufficient data"; 3 days on 365 days is attained (margin 0).
  LimitSet set;
  set.id = "test-count";
  set.levels.push_back(LimitLevel{"l", "L", "", std::nullopt, std::nullopt});
  Limit count = Row(Pollutant::kPm10, Averaging::kDay, LimitStatistic::kExceedanceCount, 50);
  count.level = "l";
  count.allowed_exceedances = 3;
  set.limits.push_back(count);

  PollutantYear pm10;
  pm10.pollutant = Pollutant::kPm10;
  pm10.daily = Days(96, 40, {51, 60, 70, 80});
  std::vector<PollutantYear> years = {pm10};
  Result<std::vector<LimitEvaluation>> r = EvaluateCompliance(set, "l", years);
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ(*(*r)[0].value, 4.0);
  EXPECT_EQ(*(*r)[0].allowed_exceedance_days, 3);
  EXPECT_EQ((*r)[0].verdict, ComplianceVerdict::kExceeded);
  EXPECT_DOUBLE_EQ(*(*r)[0].margin, -1.0);

  years[0].daily = Days(97, 40, {51, 60, 50});  // 50 is not above 50
  r = EvaluateCompliance(set, "l", years);
  EXPECT_EQ((*r)[0].verdict, ComplianceVerdict::kInsufficientData);

  years[0].daily = Days(362, 40, {51, 60, 70});
  r = EvaluateCompliance(set, "l", years);
  EXPECT_EQ((*r)[0].verdict, ComplianceVerdict::kAttained);
  EXPECT_DOUBLE_EQ(*(*r)[0].margin, 0.0);
}

TEST(ComplianceTest, ConvertsUnitsToTheLimitUnit) {
  // CO daily means in ug/m3 against the 4 mg/m3 limit: 4000 ug/m3 = 4 mg/m3, at the bound.
  PollutantYear co;
  co.pollutant = Pollutant::kCo;
  co.unit = Unit::kUgM3;
  co.daily = Days(365, 4000, {});
  std::vector<PollutantYear> years = {co};
  Result<std::vector<LimitEvaluation>> r = EvaluateCompliance(Gb3095Grade2(), "grade-2", years);
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ(*(*r)[0].value, 4.0);
  EXPECT_EQ((*r)[0].verdict, ComplianceVerdict::kAttained);

  // PM2.5 has no molar mass: ppb cannot be compared with ug/m3.
  PollutantYear pm25;
  pm25.pollutant = Pollutant::kPm25;
  pm25.unit = Unit::kPpb;
  pm25.daily = {1, 2, 3};
  years = {pm25};
  r = EvaluateCompliance(Gb3095Grade2(), "grade-2", years);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().field(), "unit");
}

TEST(ComplianceTest, RejectsUnknownLevelAndRepeatedPollutant) {
  PollutantYear pm25;
  pm25.pollutant = Pollutant::kPm25;
  std::vector<PollutantYear> years = {pm25};
  EXPECT_EQ(EvaluateCompliance(Gb3095Grade2(), "grade-9", years).status().code(),
            StatusCode::kNotFound);
  years.push_back(pm25);
  EXPECT_EQ(EvaluateCompliance(Gb3095Grade2(), "grade-2", years).status().field(), "pollutant");
}

TEST(ComplianceTest, NoDailyValuesGiveNoValue) {
  PollutantYear o3;
  o3.pollutant = Pollutant::kO3;
  std::vector<PollutantYear> years = {o3};
  Result<std::vector<LimitEvaluation>> r = EvaluateCompliance(Gb3095Grade2(), "grade-2", years);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 1u);
  EXPECT_FALSE((*r)[0].value.has_value());
  EXPECT_FALSE((*r)[0].exceedance_days.has_value());
  EXPECT_EQ((*r)[0].verdict, ComplianceVerdict::kInsufficientData);
}

TEST(CompositeIndexTest, Hj663WorkedExample) {
  // standards.md §4.3 (tianqi.022net.com worked example, July):
  // 21/35 + 39/70 + 9/60 + 15/40 + 192/160 + 0.7/4
  // = 0.6 + 0.557143 + 0.15 + 0.375 + 1.2 + 0.175 = 3.057143, published as 3.06.
  // The largest single index is O3's 1.2: the primary pollutant.
  const std::vector<IndexItem> items = {
      {Pollutant::kPm25, 21, 35}, {Pollutant::kPm10, 39, 70}, {Pollutant::kSo2, 9, 60},
      {Pollutant::kNo2, 15, 40},  {Pollutant::kO3, 192, 160}, {Pollutant::kCo, 0.7, 4},
  };
  std::optional<CompositeIndex> index = ComputeCompositeIndex(items);
  ASSERT_TRUE(index.has_value());
  EXPECT_NEAR(index->value, 3.057143, 1e-6);
  EXPECT_NEAR(index->value, 3.06, 0.005);  // as published, 2 decimals
  EXPECT_EQ(index->primary, Pollutant::kO3);
  ASSERT_EQ(index->items.size(), 6u);
  EXPECT_DOUBLE_EQ(index->items[0].second, 0.6);
  EXPECT_DOUBLE_EQ(index->items[4].second, 1.2);
}

TEST(CompositeIndexTest, SingleItemIndexAndInvalidStandards) {
  EXPECT_DOUBLE_EQ(*SingleItemIndex(70, 35), 2.0);  // I = C/S
  EXPECT_FALSE(SingleItemIndex(70, 0).has_value());
  EXPECT_FALSE(ComputeCompositeIndex({}).has_value());
  const std::vector<IndexItem> bad = {{Pollutant::kPm25, 21, 0}};
  EXPECT_FALSE(ComputeCompositeIndex(bad).has_value());
}

TEST(CompositeIndexTest, IndexStandardPicksTheHjRows) {
  // HJ 663: annual limit for PM2.5, 24-h for CO, MDA8 for O3.
  const LimitSet set = Gb3095Grade2();
  EXPECT_DOUBLE_EQ(IndexStandard(set, "grade-2", Pollutant::kPm25)->value, 35.0);
  EXPECT_DOUBLE_EQ(IndexStandard(set, "grade-2", Pollutant::kCo)->value, 4.0);
  EXPECT_DOUBLE_EQ(IndexStandard(set, "grade-2", Pollutant::kO3)->value, 160.0);
  EXPECT_EQ(IndexStandard(set, "grade-2", Pollutant::kPb), nullptr);
}

TEST(LimitStatisticTest, CodesRoundTrip) {
  for (LimitStatistic s :
       {LimitStatistic::kAnnualMean, LimitStatistic::kPeakSeasonMean, LimitStatistic::kPercentile,
        LimitStatistic::kMax, LimitStatistic::kExceedanceCount}) {
    EXPECT_EQ(ParseLimitStatistic(LimitStatisticCode(s)), s);
  }
  EXPECT_FALSE(ParseLimitStatistic("median").has_value());
  EXPECT_EQ(ComplianceVerdictCode(ComplianceVerdict::kInsufficientData), "insufficient data");
}

}  // namespace
}  // namespace kinet
