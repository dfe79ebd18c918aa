#include "engine/problems.h"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

namespace kinet {
namespace {

TEST(ProblemKindTest, CodesRoundTrip) {
  for (ProblemKind k :
       {ProblemKind::kExceedsStandard, ProblemKind::kOffTrackTarget, ProblemKind::kWorsening}) {
    EXPECT_EQ(ParseProblemKind(ProblemKindCode(k)), k);
  }
  EXPECT_FALSE(ParseProblemKind("exceeds").has_value());
  EXPECT_EQ(ParseSeverity("high"), Severity::kHigh);
  EXPECT_FALSE(ParseSeverity("severe").has_value());
}

TEST(GradeTest, BandsAreInclusiveAtTheirLowerEdge) {
  const SeverityBands b{0.2, 0.5};
  EXPECT_EQ(Grade(0.19, b), Severity::kLow);
  EXPECT_EQ(Grade(0.2, b), Severity::kMedium);
  EXPECT_EQ(Grade(0.49, b), Severity::kMedium);
  EXPECT_EQ(Grade(0.5, b), Severity::kHigh);
}

TEST(JudgeExceedanceTest, ExcessOverTheLimitGradedByTheDefaultBands) {
  const ProblemRules rules;  // exceedance bands 0.2 / 0.5
  // At the limit is attained (GB 3095: "not to exceed").
  EXPECT_FALSE(JudgeExceedance(70, 70, rules).has_value());
  // PM10 77 against 70: excess 7/70 = 0.1, low.
  std::optional<Finding> low = JudgeExceedance(77, 70, rules);
  ASSERT_TRUE(low.has_value());
  EXPECT_NEAR(low->score, 0.1, 1e-12);
  EXPECT_EQ(low->severity, Severity::kLow);
  // 84 against 70: excess 14/70 = 0.2, medium (inclusive edge).
  std::optional<Finding> medium = JudgeExceedance(84, 70, rules);
  ASSERT_TRUE(medium.has_value());
  EXPECT_EQ(medium->severity, Severity::kMedium);
  EXPECT_EQ(medium->rule, "excess 20 % of the limit >= 20 %: medium");
  // 105 against 70: excess 35/70 = 0.5, high.
  std::optional<Finding> high = JudgeExceedance(105, 70, rules);
  ASSERT_TRUE(high.has_value());
  EXPECT_NEAR(high->score, 0.5, 1e-12);
  EXPECT_EQ(high->severity, Severity::kHigh);
  // A limit that is not positive cannot be exceeded meaningfully.
  EXPECT_FALSE(JudgeExceedance(5, 0, rules).has_value());
}

// A lower-is-better target: 100 in 2012 to 90 in 2017; the straight path
// falls 2 a year (94 in 2015).
TargetPath TenPercentCut() {
  TargetPath p;
  p.baseline_year = 2012;
  p.baseline_value = 100;
  p.target_year = 2017;
  p.target_value = 90;
  p.direction = Direction::kLowerIsBetter;
  return p;
}

TEST(JudgeOffTrackTest, ShortfallAgainstTheStraightPath) {
  const TargetPath path = TenPercentCut();
  // The progress rule itself decides off-track: values 2013-2015 stay near 99.
  const std::vector<YearValue> series = {{2013, 99.5}, {2014, 99.2}, {2015, 99}};
  Result<ProgressAssessment> progress = AssessProgress(path, series, 2015);
  ASSERT_TRUE(progress.ok()) << progress.status().ToString();
  ASSERT_EQ(progress->status, ProgressStatus::kOffTrack) << progress->reason;
  std::optional<Finding> f = JudgeOffTrack(path, *progress, ProblemRules{});
  ASSERT_TRUE(f.has_value());
  // Expected in 2015: 100 - 2 x 3 = 94; 99 is 5 behind on a way of 10: 0.5, high.
  EXPECT_NEAR(f->score, 0.5, 1e-12);
  EXPECT_EQ(f->severity, Severity::kHigh);
}

TEST(JudgeOffTrackTest, MissedDeadlineIsAtLeastMedium) {
  const TargetPath path = TenPercentCut();
  ProgressAssessment progress;
  progress.status = ProgressStatus::kOffTrack;
  progress.evaluation_year = 2018;
  progress.latest_year = 2018;
  progress.latest_value = 91;
  std::optional<Finding> f = JudgeOffTrack(path, progress, ProblemRules{});
  ASSERT_TRUE(f.has_value());
  // Against the target itself: 91 - 90 = 1 of 10: 0.1 (low), raised to medium.
  EXPECT_NEAR(f->score, 0.1, 1e-12);
  EXPECT_EQ(f->severity, Severity::kMedium);
  EXPECT_NE(f->rule.find("deadline passed"), std::string::npos) << f->rule;
}

TEST(JudgeOffTrackTest, NothingUnlessOffTrack) {
  const TargetPath path = TenPercentCut();
  ProgressAssessment progress;
  progress.status = ProgressStatus::kOnTrack;
  progress.evaluation_year = 2015;
  progress.latest_year = 2015;
  progress.latest_value = 93;
  EXPECT_FALSE(JudgeOffTrack(path, progress, ProblemRules{}).has_value());
  progress.status = ProgressStatus::kInsufficientData;
  EXPECT_FALSE(JudgeOffTrack(path, progress, ProblemRules{}).has_value());
}

std::vector<YearValue> Rising() {
  // 50, 52, ... 68 in 2008..2017: strictly increasing.
  std::vector<YearValue> s;
  for (int i = 0; i < 10; ++i) s.push_back({2008 + i, 50.0 + 2 * i});
  return s;
}

TEST(JudgeWorseningTest, SignificantRiseOfALowerIsBetterIndicator) {
  Result<std::optional<Worsening>> w =
      JudgeWorsening(Rising(), Direction::kLowerIsBetter, 2017, ProblemRules{});
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  ASSERT_TRUE(w->has_value());
  const Worsening& r = **w;
  // Mann-Kendall on n = 10 strictly increasing values: S = 45,
  // Var(S) = 10 x 9 x 25 / 18 = 125, z = (45 - 1) / sqrt(125) = 3.9355.
  EXPECT_EQ(r.mann_kendall.s, 45);
  EXPECT_NEAR(r.mann_kendall.z, 44 / std::sqrt(125.0), 1e-9);
  EXPECT_LT(r.mann_kendall.p_value, 0.001);
  // Theil-Sen slope 2 a year; median (58 + 60) / 2 = 59; rate 2/59 = 0.0339: medium.
  EXPECT_DOUBLE_EQ(r.sen_slope.slope, 2.0);
  EXPECT_DOUBLE_EQ(r.median, 59.0);
  EXPECT_NEAR(r.finding.score, 2.0 / 59.0, 1e-12);
  EXPECT_EQ(r.finding.severity, Severity::kMedium);
  EXPECT_EQ(r.from_year, 2008);
  EXPECT_EQ(r.to_year, 2017);
}

TEST(JudgeWorseningTest, TheSameRiseIsNoProblemWhenHigherIsBetter) {
  Result<std::optional<Worsening>> w =
      JudgeWorsening(Rising(), Direction::kHigherIsBetter, 2017, ProblemRules{});
  ASSERT_TRUE(w.ok());
  EXPECT_FALSE(w->has_value());
}

TEST(JudgeWorseningTest, WindowAndMinimumPoints) {
  ProblemRules rules;
  rules.trend_window_years = 4;  // 2014..2017: 4 values, fewer than the 5 needed
  Result<std::optional<Worsening>> w =
      JudgeWorsening(Rising(), Direction::kLowerIsBetter, 2017, rules);
  ASSERT_TRUE(w.ok());
  EXPECT_FALSE(w->has_value());
  // Evaluated at 2012 with the default window: 2008..2012, 5 values, S = 10,
  // Var = 5 x 4 x 15 / 18 = 16.67, z = 9 / 4.08 = 2.20, p = 0.028 < 0.05.
  Result<std::optional<Worsening>> early =
      JudgeWorsening(Rising(), Direction::kLowerIsBetter, 2012, ProblemRules{});
  ASSERT_TRUE(early.ok());
  ASSERT_TRUE(early->has_value());
  EXPECT_EQ((*early)->to_year, 2012);
  EXPECT_NEAR((*early)->mann_kendall.p_value, 0.0275, 0.001);
}

TEST(JudgeWorseningTest, NoTrendInAnUpAndDownSeries) {
  const std::vector<YearValue> s = {{2010, 60}, {2011, 64}, {2012, 59}, {2013, 63},
                                    {2014, 60}, {2015, 62}, {2016, 61}};
  Result<std::optional<Worsening>> w =
      JudgeWorsening(s, Direction::kLowerIsBetter, 2016, ProblemRules{});
  ASSERT_TRUE(w.ok());
  EXPECT_FALSE(w->has_value());
}

TEST(JudgeWorseningTest, RepeatedYearIsAnError) {
  const std::vector<YearValue> s = {{2010, 1}, {2010, 2}, {2011, 3}};
  Result<std::optional<Worsening>> w =
      JudgeWorsening(s, Direction::kLowerIsBetter, 2011, ProblemRules{});
  EXPECT_EQ(w.status().code(), StatusCode::kInvalidArgument);
}

TEST(ValidateProblemRulesTest, NamesTheField) {
  ProblemRules r;
  r.exceedance = {0.5, 0.2};
  EXPECT_EQ(ValidateProblemRules(r).field(), "exceedance.high");
  r = ProblemRules{};
  r.trend_alpha = 1.5;
  EXPECT_EQ(ValidateProblemRules(r).field(), "trend_alpha");
  EXPECT_TRUE(ValidateProblemRules(ProblemRules{}).ok());
}

}  // namespace
}  // namespace kinet
