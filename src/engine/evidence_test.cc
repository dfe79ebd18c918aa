#include "engine/evidence.h"

#include <cmath>

#include <gtest/gtest.h>

namespace kinet {
namespace {

// Student's t quantiles from the standard table (e.g. NIST/SEMATECH
// e-Handbook of Statistical Methods, §1.3.6.7.2, upper critical values).
TEST(StudentTQuantileTest, MatchesTheTable) {
  struct Case {
    double p;
    int df;
    double expected;
  };
  constexpr Case kCases[] = {
      {0.975, 1, 12.706}, {0.975, 4, 2.776},  {0.975, 9, 2.262},
      {0.95, 10, 1.812},  {0.995, 20, 2.845}, {0.975, 100, 1.984},
  };
  for (const Case& c : kCases) {
    std::optional<double> q = StudentTQuantile(c.p, c.df);
    ASSERT_TRUE(q.has_value());
    EXPECT_NEAR(*q, c.expected, 0.0006) << "p=" << c.p << " df=" << c.df;
    EXPECT_NEAR(*StudentTQuantile(1.0 - c.p, c.df), -c.expected, 0.0006);
  }
  EXPECT_FALSE(StudentTQuantile(0.0, 3).has_value());
  EXPECT_FALSE(StudentTQuantile(0.5, 0).has_value());
}

// Five comparison cities at 50 before (2008-2012) and 50 + d after
// (2014-2017), with d = -10, -12, -8, -11, -9: mean -10, sample variance
// (0 + 4 + 4 + 1 + 1) / 4 = 2.5, so SE = sqrt(2.5 * (1 + 1/5)) = sqrt(3).
std::vector<EvidenceSeries> Peers() {
  std::vector<EvidenceSeries> peers;
  const double changes[] = {-10, -12, -8, -11, -9};
  const char* codes[] = {"p1", "p2", "p3", "p4", "p5"};
  for (int i = 0; i < 5; ++i) {
    EvidenceSeries s{codes[i], {}};
    for (int y = 2008; y <= 2012; ++y) s.values.push_back({y, 50.0});
    for (int y = 2014; y <= 2017; ++y) s.values.push_back({y, 50.0 + changes[i]});
    peers.push_back(s);
  }
  return peers;
}

// The city: before values 98, 102, 100, 99, 101 (mean 100); after values
// with mean 100 + change.
EvidenceInput CityWithChange(double change, Direction direction = Direction::kLowerIsBetter) {
  EvidenceInput in;
  in.direction = direction;
  in.before = {2008, 2012};
  in.after = {2014, 2017};
  in.start_year = 2013;
  const double before[] = {98, 102, 100, 99, 101};
  for (int i = 0; i < 5; ++i) in.city.push_back({2008 + i, before[i]});
  const double after_offsets[] = {1, -1, 0, 0};
  for (int i = 0; i < 4; ++i) in.city.push_back({2014 + i, 100.0 + change + after_offsets[i]});
  in.comparison = Peers();
  return in;
}

TEST(ComputeEvidenceTest, KnownEffectIsAMeasuredImprovement) {
  // The city fell by 30 while peers fell by 10: DiD = -20, and with lower
  // better the improvement is +20. t(0.975, 4) = 2.776445 (table above),
  // half-width 2.776445 * sqrt(3) = 4.8089.
  Result<Evidence> ev = ComputeEvidence(CityWithChange(-30.0));
  ASSERT_TRUE(ev.ok()) << ev.status().ToString();
  EXPECT_EQ(ev->level, EvidenceLevel::kMeasuredImprovement);
  EXPECT_DOUBLE_EQ(*ev->city_before.mean, 100.0);
  EXPECT_DOUBLE_EQ(*ev->city_after.mean, 70.0);
  EXPECT_DOUBLE_EQ(*ev->city_change, -30.0);
  EXPECT_NEAR(*ev->city_change_percent, -30.0, 1e-12);
  ASSERT_EQ(ev->comparisons.size(), 5u);
  EXPECT_DOUBLE_EQ(*ev->peer_mean_change, -10.0);
  EXPECT_DOUBLE_EQ(*ev->did, -20.0);
  EXPECT_NEAR(*ev->did_standard_error, std::sqrt(3.0), 1e-12);
  EXPECT_EQ(ev->degrees_of_freedom, 4);
  EXPECT_NEAR(*ev->did_lower, -20.0 - 4.8089, 1e-3);
  EXPECT_NEAR(*ev->did_upper, -20.0 + 4.8089, 1e-3);
  EXPECT_DOUBLE_EQ(*ev->improvement, 20.0);
  // No peer's own placebo DiD comes near 20: p = (1 + 0) / (5 + 1).
  EXPECT_NEAR(*ev->placebo_p, 1.0 / 6.0, 1e-12);
  EXPECT_NE(ev->reason.find("did better"), std::string::npos) << ev->reason;
}

TEST(ComputeEvidenceTest, ChangeLikeThePeersIsNotDistinguishable) {
  // City change -10 = the peers' mean: DiD 0, interval -4.81..4.81.
  Result<Evidence> ev = ComputeEvidence(CityWithChange(-10.0));
  ASSERT_TRUE(ev.ok());
  EXPECT_EQ(ev->level, EvidenceLevel::kNotDistinguishable);
  EXPECT_NEAR(*ev->did, 0.0, 1e-12);
  EXPECT_LT(*ev->did_lower, 0.0);
  EXPECT_GT(*ev->did_upper, 0.0);
  // A smaller effect inside the spread: change -13 gives DiD -3 > -4.81.
  Result<Evidence> small = ComputeEvidence(CityWithChange(-13.0));
  ASSERT_TRUE(small.ok());
  EXPECT_EQ(small->level, EvidenceLevel::kNotDistinguishable);
  EXPECT_DOUBLE_EQ(*small->improvement, 3.0);
}

TEST(ComputeEvidenceTest, RisingWhereLowerIsBetterIsWorseThanPeers) {
  Result<Evidence> ev = ComputeEvidence(CityWithChange(+5.0));
  ASSERT_TRUE(ev.ok());
  EXPECT_EQ(ev->level, EvidenceLevel::kWorseThanPeers);
  EXPECT_DOUBLE_EQ(*ev->improvement, -15.0);  // -(5 - (-10))
}

TEST(ComputeEvidenceTest, DirectionHigherIsBetterFlipsTheVerdict) {
  // The same numbers where higher is better: the city fell more than peers.
  Result<Evidence> ev = ComputeEvidence(CityWithChange(-30.0, Direction::kHigherIsBetter));
  ASSERT_TRUE(ev.ok());
  EXPECT_EQ(ev->level, EvidenceLevel::kWorseThanPeers);
  EXPECT_DOUBLE_EQ(*ev->improvement, -20.0);
  Result<Evidence> up = ComputeEvidence(CityWithChange(+15.0, Direction::kHigherIsBetter));
  ASSERT_TRUE(up.ok());
  EXPECT_EQ(up->level, EvidenceLevel::kMeasuredImprovement);
  EXPECT_DOUBLE_EQ(*up->improvement, 25.0);
}

TEST(ComputeEvidenceTest, TooFewCityValuesIsNoData) {
  EvidenceInput in = CityWithChange(-30.0);
  in.city.erase(in.city.begin(), in.city.begin() + 4);  // only 2012 left before
  Result<Evidence> ev = ComputeEvidence(in);
  ASSERT_TRUE(ev.ok());
  EXPECT_EQ(ev->level, EvidenceLevel::kNoData);
  EXPECT_FALSE(ev->did.has_value());
  EXPECT_NE(ev->reason.find("1 value(s) in 2008-2012"), std::string::npos) << ev->reason;
}

TEST(ComputeEvidenceTest, TooFewComparisonCitiesIsNoData) {
  EvidenceInput in = CityWithChange(-30.0);
  in.comparison.resize(2);
  // A third peer without after values does not count.
  EvidenceSeries partial{"p9", {{2008, 1.0}, {2009, 2.0}}};
  in.comparison.push_back(partial);
  Result<Evidence> ev = ComputeEvidence(in);
  ASSERT_TRUE(ev.ok());
  EXPECT_EQ(ev->level, EvidenceLevel::kNoData);
  EXPECT_EQ(ev->comparison_candidates, 3);
  EXPECT_EQ(ev->comparisons.size(), 2u);
  EXPECT_TRUE(ev->city_change.has_value());  // the city's own change is still shown
  EXPECT_NE(ev->reason.find("only 2 comparison cities"), std::string::npos) << ev->reason;
}

TEST(ComputeEvidenceTest, TrendsBeforeAndAfterTheStartYear) {
  // Linear series: -2 per year up to 2012, then -5 per year from 2013.
  EvidenceInput in = CityWithChange(-30.0);
  in.city.clear();
  for (int y = 2008; y <= 2012; ++y) in.city.push_back({y, 100.0 - 2.0 * (y - 2008)});
  for (int y = 2013; y <= 2017; ++y) in.city.push_back({y, 92.0 - 5.0 * (y - 2012)});
  Result<Evidence> ev = ComputeEvidence(in);
  ASSERT_TRUE(ev.ok());
  ASSERT_TRUE(ev->trend_before_start.trend.has_value());
  ASSERT_TRUE(ev->trend_after_start.trend.has_value());
  EXPECT_DOUBLE_EQ(ev->trend_before_start.trend->slope, -2.0);
  EXPECT_DOUBLE_EQ(ev->trend_after_start.trend->slope, -5.0);
  EXPECT_EQ(ev->trend_before_start.n, 5);
  EXPECT_EQ(ev->trend_after_start.n, 5);
}

TEST(ComputeEvidenceTest, RejectsBadInput) {
  EvidenceInput in = CityWithChange(-30.0);
  in.after = {2010, 2017};
  EXPECT_EQ(ComputeEvidence(in).status().field(), "after");
  in = CityWithChange(-30.0);
  in.before = {2012, 2008};
  EXPECT_EQ(ComputeEvidence(in).status().field(), "before");
  in = CityWithChange(-30.0);
  in.city.push_back({2008, 1.0});
  EXPECT_EQ(ComputeEvidence(in).status().field(), "value");
  in = CityWithChange(-30.0);
  in.city[0].value = std::nan("");
  EXPECT_EQ(ComputeEvidence(in).status().code(), StatusCode::kInvalidArgument);
  EvidenceOptions bad;
  bad.confidence = 1.0;
  EXPECT_EQ(ComputeEvidence(CityWithChange(-30.0), bad).status().field(), "confidence");
}

TEST(CombineEvidenceLevelsTest, TakesTheBestLevel) {
  using L = EvidenceLevel;
  EXPECT_EQ(CombineEvidenceLevels({}), L::kNoData);
  const L a[] = {L::kNoData, L::kWorseThanPeers};
  EXPECT_EQ(CombineEvidenceLevels(a), L::kWorseThanPeers);
  const L b[] = {L::kWorseThanPeers, L::kMeasuredImprovement, L::kNotDistinguishable};
  EXPECT_EQ(CombineEvidenceLevels(b), L::kMeasuredImprovement);
  for (L l : {L::kMeasuredImprovement, L::kNotDistinguishable, L::kWorseThanPeers, L::kNoData}) {
    EXPECT_EQ(ParseEvidenceLevel(EvidenceLevelCode(l)), l);
  }
}

}  // namespace
}  // namespace kinet
