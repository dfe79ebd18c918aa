#include "engine/progress.h"

#include <gtest/gtest.h>

namespace kinet {
namespace {

// A lower-is-better target: 100 in 2015 to 50 in 2020. The straight path
// falls 10 a year: 90 in 2016, 80 in 2017, 70 in 2018, 60 in 2019.
TargetPath Halving() {
  TargetPath p;
  p.baseline_year = 2015;
  p.baseline_value = 100;
  p.target_year = 2020;
  p.target_value = 50;
  p.direction = Direction::kLowerIsBetter;
  return p;
}

TEST(AssessProgressTest, AchievedWhenTheLatestValueMeetsTheTarget) {
  // Beijing-like PM2.5 path (illustrative): 89.5 in 2013 to 60 in 2017.
  TargetPath p;
  p.baseline_year = 2013;
  p.baseline_value = 89.5;
  p.target_year = 2017;
  p.target_value = 60;
  const std::vector<YearValue> series = {{2014, 85.9}, {2015, 80.6}, {2016, 73}, {2017, 58}};
  Result<ProgressAssessment> a = AssessProgress(p, series, 2017);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->status, ProgressStatus::kAchieved);  // 58 <= 60
  EXPECT_EQ(a->latest_year, 2017);
  EXPECT_EQ(a->latest_value, 58);
  EXPECT_EQ(a->expected_at_latest, 60);  // the straight path ends at the target
  EXPECT_FALSE(a->projected_attainment_year.has_value());
  EXPECT_EQ(a->reason, "the 2017 value 58 <= the target 60");
}

TEST(AssessProgressTest, AchievedHigherIsBetterAndEvenWithOnePoint) {
  TargetPath p;
  p.baseline_year = 2013;
  p.baseline_value = 48;  // % of good days
  p.target_year = 2017;
  p.target_value = 60;
  p.direction = Direction::kHigherIsBetter;
  const std::vector<YearValue> series = {{2016, 62}};
  Result<ProgressAssessment> a = AssessProgress(p, series, 2016);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->status, ProgressStatus::kAchieved);  // 62 >= 60: a fact, whatever the trend
  EXPECT_EQ(a->observations, 1);
}

TEST(AssessProgressTest, OnTrackByTheStraightPath) {
  // 2018 value 69 <= path 70: on track.
  // Theil-Sen through (0,100) (1,92) (2,85) (3,69): slopes -8, -7.5, -31/3,
  // -7, -11.5, -16; median of the six = (-31/3 - 8)/2 = -9.1667.
  // Intercept = median(y) - slope median(x) = 88.5 + 9.1667 x 1.5 = 102.25.
  // At 2020 (x = 5): 102.25 - 45.833 = 56.417 > 50, so the trend alone
  // would not make it: first year meeting 50 is 2015 + 52.25/9.1667 =
  // 2020.7, i.e. 2021.
  const std::vector<YearValue> series = {{2016, 92}, {2017, 85}, {2018, 69}};
  Result<ProgressAssessment> a = AssessProgress(Halving(), series, 2018);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->status, ProgressStatus::kOnTrack);
  EXPECT_EQ(a->expected_at_latest, 70);
  EXPECT_NEAR(*a->sen_slope, -9.166667, 1e-5);
  EXPECT_NEAR(*a->projected_at_target, 56.416667, 1e-5);
  EXPECT_EQ(a->projected_attainment_year, 2021);
  EXPECT_EQ(a->reason, "the 2018 value 69 is at or better than the straight path (70)");
}

TEST(AssessProgressTest, OnTrackByTheTrendAlone) {
  // 2018 value 71 > path 70, but the trend gets there.
  // Points (0,100) (1,100) (2,75) (3,71): slopes 0, -12.5, -29/3, -25, -14.5,
  // -4; sorted -25, -14.5, -12.5, -9.667, -4, 0: median = -11.0833.
  // median(y) = (75+100)/2 = 87.5; intercept = 87.5 + 11.0833 x 1.5 = 104.125.
  // At x = 5: 104.125 - 55.417 = 48.708 <= 50: on track.
  // Attainment: 2015 + 54.125/11.0833 = 2019.88, i.e. 2020.
  const std::vector<YearValue> series = {{2016, 100}, {2017, 75}, {2018, 71}};
  Result<ProgressAssessment> a = AssessProgress(Halving(), series, 2018);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->status, ProgressStatus::kOnTrack);
  EXPECT_NEAR(*a->sen_slope, -11.083333, 1e-5);
  EXPECT_NEAR(*a->projected_at_target, 48.708333, 1e-5);
  EXPECT_EQ(a->projected_attainment_year, 2020);
}

TEST(AssessProgressTest, OffTrackWhenBehindThePathAndTheTrend) {
  // 2018 value 95 > path 70.
  // Points (0,100) (1,98) (2,96) (3,95): slopes -2, -2, -5/3, -2, -1.5, -1;
  // median = (-2 - 5/3)/2 = -1.8333; intercept = 97 + 1.8333 x 1.5 = 99.75.
  // At x = 5: 99.75 - 9.1667 = 90.583 > 50: off track. The line meets 50 at
  // 2015 + 49.75/1.8333 = 2042.1, i.e. 2043.
  const std::vector<YearValue> series = {{2016, 98}, {2017, 96}, {2018, 95}};
  Result<ProgressAssessment> a = AssessProgress(Halving(), series, 2018);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->status, ProgressStatus::kOffTrack);
  EXPECT_NEAR(*a->projected_at_target, 90.583333, 1e-5);
  EXPECT_EQ(a->projected_attainment_year, 2043);
}

TEST(AssessProgressTest, NoAttainmentYearWhenTheTrendGoesTheWrongWay) {
  const std::vector<YearValue> series = {{2016, 101}, {2017, 103}, {2018, 104}};
  Result<ProgressAssessment> a = AssessProgress(Halving(), series, 2018);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->status, ProgressStatus::kOffTrack);
  EXPECT_GT(*a->sen_slope, 0);
  EXPECT_FALSE(a->projected_attainment_year.has_value());
  // Flat: slope 0, no attainment either.
  const std::vector<YearValue> flat = {{2016, 100}, {2017, 100}, {2018, 100}};
  a = AssessProgress(Halving(), flat, 2018);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(*a->sen_slope, 0);
  EXPECT_FALSE(a->projected_attainment_year.has_value());
}

TEST(AssessProgressTest, InsufficientDataWithTooFewPoints) {
  // Two values after the baseline, both on the path (75 <= 80): still too
  // few to call a direction (rule 4).
  const std::vector<YearValue> series = {{2016, 80}, {2017, 75}};
  Result<ProgressAssessment> a = AssessProgress(Halving(), series, 2017);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->status, ProgressStatus::kInsufficientData);
  EXPECT_EQ(a->observations, 2);
  EXPECT_FALSE(a->sen_slope.has_value());
  EXPECT_EQ(a->expected_at_latest, 80);  // still shown
  EXPECT_EQ(a->reason, "2 value(s) after the baseline year 2015; at least 3 are needed");
}

TEST(AssessProgressTest, InsufficientDataWhenNothingAfterTheBaselineOrStale) {
  const std::vector<YearValue> before = {{2013, 120}, {2015, 100}};
  Result<ProgressAssessment> a = AssessProgress(Halving(), before, 2018);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->status, ProgressStatus::kInsufficientData);
  EXPECT_EQ(a->observations, 0);

  // The latest value (2016, even one meeting the target) is older than 2020 - 3.
  const std::vector<YearValue> stale = {{2016, 40}};
  a = AssessProgress(Halving(), stale, 2020);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->status, ProgressStatus::kInsufficientData);
  EXPECT_EQ(a->reason, "the latest value is of 2016, more than 3 years before 2020");
}

TEST(AssessProgressTest, OffTrackOnceTheDeadlineHasPassed) {
  const std::vector<YearValue> series = {{2019, 52}, {2020, 51}, {2021, 50.5}};
  Result<ProgressAssessment> a = AssessProgress(Halving(), series, 2021);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->status, ProgressStatus::kOffTrack);
  // Values after the evaluation year are ignored.
  a = AssessProgress(Halving(), series, 2020);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->latest_year, 2020);
}

TEST(AssessProgressTest, MilestonesMetMissedPendingNoData) {
  TargetPath p = Halving();
  p.milestones = {{2016, 95}, {2017, 80}, {2018, 60}, {2019, 60}};
  const std::vector<YearValue> series = {{2017, 75}, {2018, 69}};
  Result<ProgressAssessment> a = AssessProgress(p, series, 2018);
  ASSERT_TRUE(a.ok());
  ASSERT_EQ(a->milestones.size(), 4u);
  EXPECT_EQ(a->milestones[0].status, MilestoneStatus::kNoData);  // no 2016 value
  EXPECT_EQ(a->milestones[1].status, MilestoneStatus::kMet);     // 75 <= 80
  EXPECT_EQ(a->milestones[2].status, MilestoneStatus::kMissed);  // 69 > 60
  EXPECT_EQ(a->milestones[2].observed, 69);
  EXPECT_EQ(a->milestones[3].status, MilestoneStatus::kPending);  // after 2018
}

TEST(ValidateTargetPathTest, RejectsBadPaths) {
  TargetPath p = Halving();
  p.target_year = 2015;
  EXPECT_EQ(ValidateTargetPath(p).field(), "target_year");
  p = Halving();
  p.milestones = {{2021, 40}};
  EXPECT_EQ(ValidateTargetPath(p).field(), "milestones");
  p.milestones = {{2017, 80}, {2017, 70}};
  EXPECT_EQ(ValidateTargetPath(p).field(), "milestones");
  const std::vector<YearValue> twice = {{2016, 1}, {2016, 2}};
  EXPECT_EQ(AssessProgress(Halving(), twice, 2018).status().field(), "series");
}

TEST(StraightPathValueTest, InterpolatesAndExtrapolates) {
  EXPECT_EQ(StraightPathValue(Halving(), 2015), 100);
  EXPECT_EQ(StraightPathValue(Halving(), 2017.5), 75);
  EXPECT_EQ(StraightPathValue(Halving(), 2020), 50);
  EXPECT_EQ(StraightPathValue(Halving(), 2021), 40);
}

}  // namespace
}  // namespace kinet
