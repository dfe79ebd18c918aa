#include "engine/similarity.h"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

namespace kinet {
namespace {

// ---- peers -------------------------------------------------------------------

CityFeatures City(std::string code, std::string country, std::string region, double population,
                  std::string size_class, double latitude,
                  std::map<std::string, double> pollution) {
  CityFeatures c;
  c.code = std::move(code);
  c.country_code = std::move(country);
  c.region = std::move(region);
  c.population = population;
  c.size_class = std::move(size_class);
  c.latitude = latitude;
  c.pollution = std::move(pollution);
  return c;
}

TEST(ComparePeersTest, HandCalculatedScore) {
  const PeerWeights w;  // 0.25 population, 0.15 size, 0.2 climate, 0.1 geography, 0.3 pollution
  const CityFeatures a = City("a", "CN", "East Asia", 1e6, "cn-large-2", 30, {{"pm10", 100}});
  const CityFeatures b = City("b", "VN", "South-East Asia", 1e7, "cn-large-2", 33, {{"pm10", 80}});
  std::optional<PeerSimilarity> s = ComparePeers(a, b, w);
  ASSERT_TRUE(s.has_value());
  ASSERT_EQ(s->features.size(), 5u);
  // population: 1 - |log10(10)| / 1 = 0
  EXPECT_NEAR(s->features[0].similarity, 0.0, 1e-12);
  // size class: the same: 1
  EXPECT_EQ(s->features[1].similarity, 1.0);
  // climate: 1 - |30 - 33| / 15 = 0.8
  EXPECT_NEAR(s->features[2].similarity, 0.8, 1e-12);
  // geography: other country, other region: 0
  EXPECT_EQ(s->features[3].similarity, 0.0);
  // pollution: 1 - |100 - 80| / 100 = 0.8
  EXPECT_NEAR(s->features[4].similarity, 0.8, 1e-12);
  // score = (0.25 x 0 + 0.15 x 1 + 0.2 x 0.8 + 0.1 x 0 + 0.3 x 0.8) / 1.0 = 0.55
  EXPECT_NEAR(s->score, 0.55, 1e-12);
  EXPECT_NEAR(s->coverage, 1.0, 1e-12);
}

TEST(ComparePeersTest, UnknownFeaturesAreLeftOutAndCoverageEnforced) {
  PeerWeights w;
  CityFeatures a = City("a", "CN", "East Asia", 2e6, "", 30, {});
  CityFeatures b = City("b", "CN", "East Asia", 2e6, "cn-large-1", 30, {});
  // Known for both: population (0.25), climate (0.2), geography (0.1) = 0.55
  // of 1.0, each similarity 1: score 1, coverage 0.55.
  std::optional<PeerSimilarity> s = ComparePeers(a, b, w);
  ASSERT_TRUE(s.has_value());
  EXPECT_NEAR(s->coverage, 0.55, 1e-12);
  EXPECT_NEAR(s->score, 1.0, 1e-12);
  EXPECT_EQ(s->unknown, (std::vector<std::string>{"size-class", "pollution"}));
  w.min_coverage = 0.6;
  EXPECT_FALSE(ComparePeers(a, b, w).has_value());
}

TEST(RankPeersTest, TheMostSimilarCityRanksFirst) {
  const PeerWeights w;
  const CityFeatures subject =
      City("subject", "CN", "East Asia", 3e6, "cn-large-1", 36, {{"pm10", 120}, {"so2", 40}});
  const std::vector<CityFeatures> candidates = {
      // Far: ten times larger, tropical, other region, cleaner.
      City("far", "TH", "South-East Asia", 3e7, "un-10m-plus", 13, {{"pm10", 40}, {"so2", 10}}),
      // Twin: same country and class, close latitude and pollution.
      City("twin", "CN", "East Asia", 3.2e6, "cn-large-1", 37, {{"pm10", 118}, {"so2", 42}}),
      // Near: same country, other class, somewhat cleaner.
      City("near", "CN", "East Asia", 1.2e6, "cn-large-2", 31, {{"pm10", 90}, {"so2", 30}}),
      subject,  // itself: skipped
  };
  std::vector<PeerSimilarity> ranked = RankPeers(subject, candidates, w);
  ASSERT_EQ(ranked.size(), 3u);
  EXPECT_EQ(ranked[0].code, "twin");
  EXPECT_EQ(ranked[1].code, "near");
  EXPECT_EQ(ranked[2].code, "far");
  EXPECT_GT(ranked[0].score, 0.9);
}

TEST(ValidatePeerWeightsTest, RefusesNegativeAndAllZero) {
  PeerWeights w;
  w.climate = -1;
  EXPECT_EQ(ValidatePeerWeights(w).field(), "peers.climate");
  w = PeerWeights{};
  w.population = w.size_class = w.climate = w.geography = w.pollution = 0;
  EXPECT_EQ(ValidatePeerWeights(w).field(), "peers");
  EXPECT_TRUE(ValidatePeerWeights(PeerWeights{}).ok());
}

// ---- mentors -----------------------------------------------------------------

std::vector<YearValue> Linear(int from, int to, double start, double per_year) {
  std::vector<YearValue> s;
  for (int y = from; y <= to; ++y) s.push_back({y, start + per_year * (y - from)});
  return s;
}

TEST(RankMentorsTest, TheCityThatImprovedFromTheSameLevelRanksFirst) {
  // The subject city is at 100 (lower is better).
  const std::vector<MentorCandidate> candidates = {
      // From 100 in 2008 down 4 a year to 64 in 2017: improvement 36 %.
      {"same-level", Linear(2008, 2017, 100, -4)},
      // Improved more (300 to 120: 60 %), but from a level far above: only
      // 2017 (120) is inside the 25 % band, and one point is no window.
      {"from-higher", Linear(2008, 2017, 300, -20)},
      // At the same level but flat: no improvement.
      {"flat", Linear(2008, 2017, 100, 0)},
      // From 110 (10 % above) down 2 a year: improvement 18/110 = 16 %.
      {"slower", Linear(2008, 2017, 110, -2)},
  };
  Result<std::vector<MentorMatch>> ranked =
      RankMentors(100, Direction::kLowerIsBetter, candidates, MentorOptions{});
  ASSERT_TRUE(ranked.ok()) << ranked.status().ToString();
  ASSERT_EQ(ranked->size(), 2u);
  const MentorMatch& first = (*ranked)[0];
  EXPECT_EQ(first.code, "same-level");
  EXPECT_EQ(first.from_year, 2008);
  EXPECT_EQ(first.to_year, 2017);
  EXPECT_DOUBLE_EQ(first.slope, -4.0);
  // improvement = 4 x 9 / 100 = 0.36; start gap 0: score 0.36.
  EXPECT_NEAR(first.improvement, 0.36, 1e-12);
  EXPECT_NEAR(first.score, 0.36, 1e-12);
  EXPECT_TRUE(first.significant);
  const MentorMatch& second = (*ranked)[1];
  EXPECT_EQ(second.code, "slower");
  // From 2008 (110, gap 0.1): improvement 2 x 9 / 110 = 0.1636, score
  // 0.1636 x (1 - 0.5 x 0.1 / 0.25) = 0.1309. Later starts are closer
  // (2013: 100, gap 0) but shorter: 2 x 4 / 100 = 0.08. The 2008 window wins.
  EXPECT_EQ(second.from_year, 2008);
  EXPECT_NEAR(second.improvement, 18.0 / 110.0, 1e-12);
  EXPECT_NEAR(second.score, 18.0 / 110.0 * 0.8, 1e-12);
}

TEST(JudgeMentorTest, HigherIsBetterImprovesUpwards) {
  // Green coverage 30 % rising 1 point a year: improvement 9/30 = 0.3.
  Result<std::optional<MentorMatch>> m = JudgeMentor(
      30, Direction::kHigherIsBetter, {"green", Linear(2008, 2017, 30, 1)}, MentorOptions{});
  ASSERT_TRUE(m.ok());
  ASSERT_TRUE(m->has_value());
  EXPECT_NEAR((*m)->improvement, 0.3, 1e-12);
  // The same series is no mentor for a lower-is-better indicator.
  Result<std::optional<MentorMatch>> none = JudgeMentor(
      30, Direction::kLowerIsBetter, {"green", Linear(2008, 2017, 30, 1)}, MentorOptions{});
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

TEST(JudgeMentorTest, NotSignificantIsLeftOutUnlessAllowed) {
  // Down on the whole (100 → 80) but noisy: the Mann-Kendall test is not
  // significant at 0.05 (S = -4 over 15 pairs, z = -0.56, p = 0.57).
  const std::vector<YearValue> noisy = {{2010, 100}, {2011, 80}, {2012, 104},
                                        {2013, 78},  {2014, 99}, {2015, 80}};
  MentorOptions o;
  o.min_improvement = 0.0;
  Result<std::optional<MentorMatch>> strict =
      JudgeMentor(100, Direction::kLowerIsBetter, {"noisy", noisy}, o);
  ASSERT_TRUE(strict.ok());
  EXPECT_FALSE(strict->has_value());
  o.require_significant = false;
  Result<std::optional<MentorMatch>> lax =
      JudgeMentor(100, Direction::kLowerIsBetter, {"noisy", noisy}, o);
  ASSERT_TRUE(lax.ok());
  ASSERT_TRUE(lax->has_value());
  EXPECT_FALSE((*lax)->significant);
}

// ---- practices ---------------------------------------------------------------

TEST(RankPracticesTest, MeasuredImprovementRanksAboveNoEvidence) {
  const PracticeWeights w;
  const std::vector<PracticeFacts> facts = {
      {"claims-only", true, true, "no-data", std::nullopt},
      {"measured", true, true, "measured-improvement", 0.2},
      {"unrelated", false, false, "measured-improvement", 0.5},
      {"peers-too", true, true, "not-distinguishable", std::nullopt},
      {"theme-only", false, true, "measured-improvement", 0.1},
  };
  std::vector<PracticeScore> ranked = RankPractices(facts, w);
  ASSERT_EQ(ranked.size(), 4u);  // "unrelated" does not address the problem
  // measured: 1 x 1 + 0.5 x 0.2 = 1.1; theme-only: 0.5 x 1 + 0.5 x 0.1 = 0.55;
  // peers-too: 1 x 0.4 = 0.4; claims-only: 1 x 0.1 = 0.1.
  EXPECT_EQ(ranked[0].id, "measured");
  EXPECT_NEAR(ranked[0].score, 1.1, 1e-12);
  EXPECT_EQ(ranked[1].id, "theme-only");
  EXPECT_NEAR(ranked[1].score, 0.55, 1e-12);
  EXPECT_EQ(ranked[2].id, "peers-too");
  EXPECT_EQ(ranked[3].id, "claims-only");
  EXPECT_NEAR(ranked[3].score, 0.1, 1e-12);
}

}  // namespace
}  // namespace kinet
