#include "engine/trend.h"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

namespace kinet {
namespace {

// Points at x = 0, 1, 2 ... for a gap-free series.
std::vector<TrendPoint> Series(std::initializer_list<double> ys) {
  std::vector<TrendPoint> points;
  double x = 0.0;
  for (double y : ys) points.push_back({x++, y});
  return points;
}

constexpr double kTol = 1e-4;  // hand calculations below carry 5 significant digits

TEST(NormalQuantileTest, MatchesKnownQuantiles) {
  // z_{0.975} = 1.959963984540054 (Abramowitz & Stegun Table 26.5; R qnorm(0.975)).
  EXPECT_NEAR(*NormalQuantile(0.975), 1.959963984540054, 1e-14);
  EXPECT_NEAR(*NormalQuantile(0.025), -1.959963984540054, 1e-14);
  EXPECT_DOUBLE_EQ(*NormalQuantile(0.5), 0.0);
  // z_{0.75} = 0.6744897501960817 (the quartile of the standard normal).
  EXPECT_NEAR(*NormalQuantile(0.75), 0.6744897501960817, 1e-14);
  // Far tail, the r > 5 branch of AS 241: qnorm(1e-20) = -9.262340089798408.
  EXPECT_NEAR(*NormalQuantile(1e-20), -9.262340089798408, 1e-12);
}

TEST(NormalQuantileTest, InvertsTheNormalCdf) {
  // Phi(z) = erfc(-z / sqrt 2) / 2; the round trip checks every branch.
  for (double p :
       {1e-300, 1e-15, 1e-6, 0.001, 0.02, 0.075, 0.3, 0.5, 0.6, 0.925, 0.999, 1 - 1e-9}) {
    const double z = *NormalQuantile(p);
    EXPECT_NEAR(0.5 * std::erfc(-z / std::sqrt(2.0)) / p, 1.0, 1e-12) << "p = " << p;
  }
}

TEST(NormalQuantileTest, RejectsProbabilitiesOutsideTheOpenInterval) {
  EXPECT_FALSE(NormalQuantile(0.0).has_value());
  EXPECT_FALSE(NormalQuantile(1.0).has_value());
  EXPECT_FALSE(NormalQuantile(-0.1).has_value());
  EXPECT_FALSE(NormalQuantile(std::nan("")).has_value());
}

TEST(MannKendallTest, StrictlyIncreasingSeries) {
  // y = 1..5: all 10 pairs rise, S = 10; Var = 5*4*15/18 = 16.6667;
  // z = (10-1)/sqrt(16.6667) = 9/4.08248 = 2.20454; p = erfc(2.20454/sqrt 2) = 0.027486.
  Result<TrendAnalysis> r = AnalyzeTrend(Series({1, 2, 3, 4, 5}), 0.05);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->mann_kendall.has_value());
  const MannKendallResult& mk = *r->mann_kendall;
  EXPECT_EQ(mk.n, 5);
  EXPECT_DOUBLE_EQ(mk.s, 10.0);
  EXPECT_NEAR(mk.variance, 16.6667, kTol);
  EXPECT_NEAR(mk.z, 2.20454, kTol);
  EXPECT_NEAR(mk.p_value, 0.027486, 1e-6);
  EXPECT_DOUBLE_EQ(mk.tau, 1.0);  // 10 / (5*4/2)
  EXPECT_EQ(mk.direction, TrendDirection::kIncreasing);
}

TEST(MannKendallTest, StrictlyDecreasingSeries) {
  // Mirror of the increasing case: S = -10, z = (-10+1)/4.08248 = -2.20454.
  Result<TrendAnalysis> r = AnalyzeTrend(Series({5, 4, 3, 2, 1}), 0.05);
  ASSERT_TRUE(r.ok());
  const MannKendallResult& mk = *r->mann_kendall;
  EXPECT_DOUBLE_EQ(mk.s, -10.0);
  EXPECT_NEAR(mk.z, -2.20454, kTol);
  EXPECT_NEAR(mk.p_value, 0.027486, 1e-6);
  EXPECT_DOUBLE_EQ(mk.tau, -1.0);
  EXPECT_EQ(mk.direction, TrendDirection::kDecreasing);
  // Every pairwise slope is -1; intercept = median y 3 - (-1) * median x 2 = 5.
  EXPECT_DOUBLE_EQ(r->sen_slope->slope, -1.0);
  EXPECT_DOUBLE_EQ(r->sen_slope->intercept, 5.0);
}

TEST(MannKendallTest, SignificanceDependsOnAlpha) {
  // Same series, p = 0.027486: significant at 0.05, not at 0.01.
  Result<TrendAnalysis> r = AnalyzeTrend(Series({1, 2, 3, 4, 5}), 0.01);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->mann_kendall->direction, TrendDirection::kNoTrend);
}

TEST(MannKendallTest, CorrectsVarianceForTies) {
  // y = 1,2,2,3,3,3. S: from 1 five rises; from each 2 three rises (the 2-2
  // pair ties); the 3s tie among themselves: S = 5+3+3 = 11.
  // Var = [6*5*17 - (2*1*9) - (3*2*11)]/18 = (510-18-66)/18 = 23.6667.
  // z = 10/sqrt(23.6667) = 10/4.86484 = 2.05557; p = erfc(2.05557/sqrt 2) = 0.039824.
  // tau-a = 11/15 = 0.73333 (below 1 although the series never falls).
  Result<TrendAnalysis> r = AnalyzeTrend(Series({1, 2, 2, 3, 3, 3}), 0.05);
  ASSERT_TRUE(r.ok());
  const MannKendallResult& mk = *r->mann_kendall;
  EXPECT_DOUBLE_EQ(mk.s, 11.0);
  EXPECT_NEAR(mk.variance, 23.6667, kTol);
  EXPECT_NEAR(mk.z, 2.05557, kTol);
  EXPECT_NEAR(mk.p_value, 0.039824, 1e-6);
  EXPECT_NEAR(mk.tau, 0.73333, kTol);
  EXPECT_EQ(mk.direction, TrendDirection::kIncreasing);
  // The 15 slopes sorted: 0,0,0,0,.25,.333,.333,.4,.5,.5,.5,.5,.667,1,1; the
  // 8th is 0.4. Intercept = median y 2.5 - 0.4 * median x 2.5 = 1.5.
  // CI: C = 1.95996 * 4.86484 = 9.5349; lower rank round(2.733) = 3 -> 0;
  // upper rank round(13.267) = 13 -> 0.6667.
  const SenSlopeResult& sen = *r->sen_slope;
  EXPECT_DOUBLE_EQ(sen.slope, 0.4);
  EXPECT_DOUBLE_EQ(sen.intercept, 1.5);
  EXPECT_DOUBLE_EQ(sen.lower, 0.0);
  EXPECT_NEAR(sen.upper, 2.0 / 3.0, 1e-12);
  EXPECT_EQ(sen.slopes, 15);
}

TEST(MannKendallTest, AllValuesEqualGiveNoTrend) {
  // Every pair ties: S = 0 and Var = (3*2*11 - 3*2*11)/18 = 0; z is 0 by the
  // definition (S = 0), p = 1, slope 0.
  Result<TrendAnalysis> r = AnalyzeTrend(Series({4, 4, 4}), 0.05);
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ(r->mann_kendall->variance, 0.0);
  EXPECT_DOUBLE_EQ(r->mann_kendall->z, 0.0);
  EXPECT_DOUBLE_EQ(r->mann_kendall->p_value, 1.0);
  EXPECT_EQ(r->mann_kendall->direction, TrendDirection::kNoTrend);
  EXPECT_DOUBLE_EQ(r->sen_slope->slope, 0.0);
  EXPECT_DOUBLE_EQ(r->sen_slope->intercept, 4.0);
}

TEST(MannKendallTest, FewerThanThreePointsIsInsufficientData) {
  Result<TrendAnalysis> r = AnalyzeTrend(Series({1, 2}), 0.05);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->n, 2);
  EXPECT_FALSE(r->mann_kendall.has_value());
  EXPECT_FALSE(r->sen_slope.has_value());
  Result<TrendAnalysis> empty = AnalyzeTrend({}, 0.05);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->n, 0);
  EXPECT_FALSE(empty->mann_kendall.has_value());
}

TEST(TheilSenTest, GapKeepsItsPlaceInTime) {
  // y = 10 + 2x observed at x = 0, 1, 3, 4 (x = 2 missing). With the actual
  // positions every slope is 2; numbering the points 0..3 instead would give
  // slopes 2, 3, 8/3 ... S = 6, Var = 4*3*13/18 = 8.6667, z = 5/2.94392 =
  // 1.69842, p = 0.089429. Intercept = median y 14 - 2 * median x 2 = 10.
  const std::vector<TrendPoint> points = {{0, 10}, {1, 12}, {3, 16}, {4, 18}};
  Result<TrendAnalysis> r = AnalyzeTrend(points, 0.05);
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ(r->mann_kendall->s, 6.0);
  EXPECT_NEAR(r->mann_kendall->variance, 8.66667, kTol);
  EXPECT_NEAR(r->mann_kendall->z, 1.69842, kTol);
  EXPECT_NEAR(r->mann_kendall->p_value, 0.089429, 1e-6);
  EXPECT_EQ(r->mann_kendall->direction, TrendDirection::kNoTrend);
  EXPECT_DOUBLE_EQ(r->sen_slope->slope, 2.0);
  EXPECT_DOUBLE_EQ(r->sen_slope->lower, 2.0);
  EXPECT_DOUBLE_EQ(r->sen_slope->upper, 2.0);
  EXPECT_DOUBLE_EQ(r->sen_slope->intercept, 10.0);
}

TEST(TheilSenTest, PointsInAnyOrderAreSortedByTime) {
  const std::vector<TrendPoint> shuffled = {{3, 16}, {0, 10}, {4, 18}, {1, 12}};
  Result<TrendAnalysis> r = AnalyzeTrend(shuffled, 0.05);
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ(r->mann_kendall->s, 6.0);
  EXPECT_DOUBLE_EQ(r->sen_slope->slope, 2.0);
}

TEST(TheilSenTest, ConfidenceIntervalByRanksWorkedByHand) {
  // y = 1,3,2,5,4 at x = 0..4. The 10 slopes (y_j - y_i)/(j - i):
  //   2, 1/2, 4/3, 3/4, -1, 1, 1/3, 3, 1, -1
  // sorted: -1, -1, 1/3, 1/2, 3/4, 1, 1, 4/3, 2, 3 -> median (3/4+1)/2 = 0.875.
  // S = 8 - 2 = 6, Var = 16.6667 (no ties), sqrt = 4.08248.
  // alpha 0.5: z_0.75 = 0.674490, C = 2.75360;
  //   lower rank round((10-2.7536)/2) = round(3.623) = 4 -> 1/2;
  //   upper rank round((10+2.7536)/2 + 1) = round(7.377) = 7 -> 1.
  // alpha 0.05: C = 8.00152; ranks round(0.999) = 1 -> -1 and round(10.001) = 10 -> 3.
  // Intercept = median y 3 - 0.875 * median x 2 = 1.25.
  const std::vector<TrendPoint> points = Series({1, 3, 2, 5, 4});
  Result<TrendAnalysis> half = AnalyzeTrend(points, 0.5);
  ASSERT_TRUE(half.ok());
  EXPECT_DOUBLE_EQ(half->sen_slope->slope, 0.875);
  EXPECT_DOUBLE_EQ(half->sen_slope->lower, 0.5);
  EXPECT_DOUBLE_EQ(half->sen_slope->upper, 1.0);
  EXPECT_DOUBLE_EQ(half->sen_slope->confidence, 0.5);
  EXPECT_DOUBLE_EQ(half->sen_slope->intercept, 1.25);
  EXPECT_EQ(half->sen_slope->slopes, 10);

  Result<TrendAnalysis> r = AnalyzeTrend(points, 0.05);
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ(r->sen_slope->lower, -1.0);
  EXPECT_DOUBLE_EQ(r->sen_slope->upper, 3.0);
  // z = 5/4.08248 = 1.22474, p = 0.220671: no trend.
  EXPECT_DOUBLE_EQ(r->mann_kendall->s, 6.0);
  EXPECT_NEAR(r->mann_kendall->z, 1.22474, kTol);
  EXPECT_NEAR(r->mann_kendall->p_value, 0.220671, 1e-6);
  EXPECT_DOUBLE_EQ(r->mann_kendall->tau, 0.6);
  EXPECT_EQ(r->mann_kendall->direction, TrendDirection::kNoTrend);
}

TEST(TheilSenTest, StrictlyIncreasingSeriesHasDegenerateInterval) {
  // y = 1..5: every slope 1; intercept = 3 - 1*2 = 1 (pymannkendall: median(y) -
  // median(0..n-1) * slope = 1).
  Result<TrendAnalysis> r = AnalyzeTrend(Series({1, 2, 3, 4, 5}), 0.05);
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ(r->sen_slope->slope, 1.0);
  EXPECT_DOUBLE_EQ(r->sen_slope->lower, 1.0);
  EXPECT_DOUBLE_EQ(r->sen_slope->upper, 1.0);
  EXPECT_DOUBLE_EQ(r->sen_slope->intercept, 1.0);
}

TEST(TrendInputTest, RejectsRepeatedTimeBadAlphaAndNonFiniteValues) {
  const std::vector<TrendPoint> repeated = {{0, 1}, {1, 2}, {1, 3}};
  Result<TrendAnalysis> r = AnalyzeTrend(repeated, 0.05);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().field(), "x");

  EXPECT_EQ(AnalyzeTrend(Series({1, 2, 3}), 0.0).status().field(), "alpha");
  EXPECT_EQ(AnalyzeTrend(Series({1, 2, 3}), 1.0).status().field(), "alpha");
  EXPECT_EQ(AnalyzeTrend(Series({1, std::nan(""), 3}), 0.05).status().field(), "y");
}

TEST(SeasonalKendallTest, TwoSeasonsWorkedByHand) {
  // Season 1 at x = 0,2,4: y = 1,2,3 -> S1 = 3, Var1 = 3*2*11/18 = 3.6667.
  // Season 2 at x = 1,3,5: y = 10,9,11 -> pairs -,+,+ -> S2 = 1, Var2 = 3.6667.
  // Hirsch et al. 1982: S = 4, Var = 7.3333, z = 3/2.70801 = 1.10782,
  // p = erfc(1.10782/sqrt 2) = 0.267938, tau = 4/(3+3) = 0.66667.
  // Within-season slopes: 1/2, 1/2, 1/2 and -1/2, 1/4, 1 -> sorted
  // -0.5, 0.25, 0.5, 0.5, 0.5, 1 -> median 0.5.
  // CI: C = 1.95996 * 2.70801 = 5.3076; lower rank round(0.346) = 0 -> clamped
  // to 1 -> -0.5; upper rank round(6.654) = 7 -> clamped to 6 -> 1.
  // Intercept: median y (1,2,3,9,10,11) = 6, median x = 2.5: 6 - 0.5*2.5 = 4.75.
  const std::vector<SeasonalTrendPoint> points = {{0, 1, 1}, {1, 10, 2}, {2, 2, 1},
                                                  {3, 9, 2}, {4, 3, 1},  {5, 11, 2}};
  Result<TrendAnalysis> r = AnalyzeSeasonalTrend(points, 0.05);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->mann_kendall.has_value());
  const MannKendallResult& mk = *r->mann_kendall;
  EXPECT_EQ(mk.n, 6);
  EXPECT_DOUBLE_EQ(mk.s, 4.0);
  EXPECT_NEAR(mk.variance, 7.33333, kTol);
  EXPECT_NEAR(mk.z, 1.10782, kTol);
  EXPECT_NEAR(mk.p_value, 0.267938, 1e-6);
  EXPECT_NEAR(mk.tau, 0.66667, kTol);
  EXPECT_EQ(mk.direction, TrendDirection::kNoTrend);
  const SenSlopeResult& sen = *r->sen_slope;
  EXPECT_DOUBLE_EQ(sen.slope, 0.5);
  EXPECT_DOUBLE_EQ(sen.lower, -0.5);
  EXPECT_DOUBLE_EQ(sen.upper, 1.0);
  EXPECT_DOUBLE_EQ(sen.intercept, 4.75);
  EXPECT_EQ(sen.slopes, 6);
}

TEST(SeasonalKendallTest, NoSeasonWithTwoPointsIsInsufficientData) {
  const std::vector<SeasonalTrendPoint> points = {{0, 1, 1}, {1, 2, 2}, {2, 3, 3}};
  Result<TrendAnalysis> r = AnalyzeSeasonalTrend(points, 0.05);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->n, 3);
  EXPECT_FALSE(r->mann_kendall.has_value());
  EXPECT_FALSE(r->sen_slope.has_value());
}

TEST(TrendDirectionTest, Codes) {
  EXPECT_EQ(TrendDirectionCode(TrendDirection::kIncreasing), "increasing");
  EXPECT_EQ(TrendDirectionCode(TrendDirection::kDecreasing), "decreasing");
  EXPECT_EQ(TrendDirectionCode(TrendDirection::kNoTrend), "no trend");
}

}  // namespace
}  // namespace kinet
