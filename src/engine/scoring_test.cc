#include "engine/scoring.h"

#include <gtest/gtest.h>

namespace kinet {
namespace {

SchemeItem Linear(std::string id, double points, double zero_at, double full_at,
                  std::string category = "c") {
  SchemeItem item;
  item.id = std::move(id);
  item.category = std::move(category);
  item.indicator = "x." + item.id;
  item.points = points;
  item.rule = LinearRule{zero_at, full_at};
  return item;
}

SchemeItem PassFail(std::string id, double points, Comparator op, double threshold,
                    std::string category = "c") {
  SchemeItem item;
  item.id = std::move(id);
  item.category = std::move(category);
  item.indicator = "x." + item.id;
  item.points = points;
  item.rule = PassFailRule{op, threshold};
  return item;
}

// WHO AQG 2021 annual PM2.5: AQG 5, IT-4 10, IT-3 15, IT-2 25, IT-1 35
// (../shared/reference/standards.md §5.1 [C2]); 5 points at the AQG, one
// fewer per interim target.
SchemeItem WhoPm25() {
  SchemeItem item;
  item.id = "pm25";
  item.category = "c";
  item.indicator = "air.pm25.annual-mean";
  item.points = 5;
  item.rule = BandedRule{{{Comparator::kLe, 5, 5, "AQG"},
                          {Comparator::kLe, 10, 4, "IT-4"},
                          {Comparator::kLe, 15, 3, "IT-3"},
                          {Comparator::kLe, 25, 2, "IT-2"},
                          {Comparator::kLe, 35, 1, "IT-1"}}};
  return item;
}

struct Case {
  double value;
  double points;
  bool met;
  const char* source;
};

TEST(ScoreItemTest, LinearHigherIsBetterAtEveryBound) {
  // L = 60, U = 85, W = 30: standards.md §7.2 score = W clamp((x-L)/(U-L), 0, 1).
  const SchemeItem item = Linear("good-days", 30, 60, 85);
  constexpr Case kCases[] = {
      {50.0, 0.0, false, "below L: clamp to 0"},
      {60.0, 0.0, false, "exactly at L: 30 x 0/25 = 0"},
      {72.5, 15.0, false, "half way: 30 x 12.5/25 = 15"},
      {80.0, 24.0, false, "30 x 20/25 = 24"},
      {85.0, 30.0, true, "exactly at U: full marks, met"},
      {99.0, 30.0, true, "beyond U: clamp to 1"},
  };
  for (const Case& c : kCases) {
    ItemScore s = ScoreItem(item, c.value);
    EXPECT_NEAR(s.points, c.points, 1e-12) << c.source;
    EXPECT_EQ(s.met, c.met) << c.source;
    EXPECT_EQ(s.max_points, 30.0);
  }
}

TEST(ScoreItemTest, LinearLowerIsBetterIsTheMirroredFormula) {
  // Regional noise: full marks at <= 55 dB(A), zero at >= 70 (U < L), W = 10.
  const SchemeItem item = Linear("noise", 10, 70, 55);
  constexpr Case kCases[] = {
      {75.0, 0.0, false, "beyond L (worse): 0"},
      {70.0, 0.0, false, "exactly at L: 10 x (70-70)/(55-70) = 0"},
      {64.0, 4.0, false, "10 x (64-70)/(55-70) = 10 x 0.4 = 4"},
      {55.0, 10.0, true, "exactly at U: full marks"},
      {50.0, 10.0, true, "better than U: clamp to 1"},
  };
  for (const Case& c : kCases) {
    ItemScore s = ScoreItem(item, c.value);
    EXPECT_NEAR(s.points, c.points, 1e-12) << c.source;
    EXPECT_EQ(s.met, c.met) << c.source;
  }
}

TEST(ScoreItemTest, BandedAtEveryBandEdge) {
  const SchemeItem item = WhoPm25();
  struct BandCase {
    double value;
    double points;
    std::optional<int> band;
    const char* source;
  };
  const BandCase kCases[] = {
      {3.0, 5, 0, "below the AQG"},
      {5.0, 5, 0, "exactly at the AQG 5: <= holds"},
      {5.01, 4, 1, "just above the AQG: IT-4"},
      {10.0, 4, 1, "exactly IT-4 10"},
      {15.0, 3, 2, "exactly IT-3 15"},
      {25.0, 2, 3, "exactly IT-2 25"},
      {35.0, 1, 4, "exactly IT-1 35"},
      {35.5, 0, std::nullopt, "above IT-1: no band, 0 points"},
  };
  for (const BandCase& c : kCases) {
    ItemScore s = ScoreItem(item, c.value);
    EXPECT_EQ(s.points, c.points) << c.source;
    EXPECT_EQ(s.band, c.band) << c.source;
    EXPECT_EQ(s.met, c.band == 0) << c.source;
  }
  EXPECT_EQ(ScoreItem(item, 12.0).threshold, "band IT-3 (<= 15)");
}

TEST(ScoreItemTest, BandedStrictComparatorExcludesTheBound) {
  SchemeItem item = WhoPm25();
  item.rule = BandedRule{{{Comparator::kLt, 5, 5, "below AQG"}, {Comparator::kLt, 10, 4, "x"}}};
  EXPECT_EQ(ScoreItem(item, 5.0).points, 4);  // 5 < 5 fails, 5 < 10 holds
  EXPECT_EQ(ScoreItem(item, 10.0).points, 0);
}

TEST(ScoreItemTest, BandedHigherIsBetter) {
  SchemeItem item = WhoPm25();
  item.rule = BandedRule{{{Comparator::kGe, 90, 5, "excellent"}, {Comparator::kGt, 80, 3, "good"}}};
  EXPECT_EQ(ScoreItem(item, 90.0).points, 5);
  EXPECT_EQ(ScoreItem(item, 80.0).points, 0);  // > 80 fails at 80
  EXPECT_EQ(ScoreItem(item, 80.5).points, 3);
}

TEST(ScoreItemTest, PassFailAtTheThresholdWithEachComparator) {
  struct PfCase {
    Comparator op;
    double value;
    bool met;
    const char* source;
  };
  constexpr PfCase kCases[] = {
      {Comparator::kGe, 85.0, true, ">= 85 at 85 passes (model city API <= 100 days >= 85%)"},
      {Comparator::kGe, 84.99, false, ">= 85 just below fails"},
      {Comparator::kGt, 85.0, false, "> 85 at 85 fails"},
      {Comparator::kGt, 85.01, true, "> 85 just above passes"},
      {Comparator::kLe, 85.0, true, "<= 85 at 85 passes"},
      {Comparator::kLe, 85.01, false, "<= 85 just above fails"},
      {Comparator::kLt, 85.0, false, "< 85 at 85 fails"},
      {Comparator::kLt, 84.99, true, "< 85 just below passes"},
  };
  for (const PfCase& c : kCases) {
    ItemScore s = ScoreItem(PassFail("i", 7, c.op, 85.0), c.value);
    EXPECT_EQ(s.met, c.met) << c.source;
    EXPECT_EQ(s.points, c.met ? 7.0 : 0.0) << c.source;
  }
}

TEST(ScoreItemTest, MissingValueScoresZeroAndIsNotMet) {
  ItemScore s = ScoreItem(Linear("a", 10, 0, 1), std::nullopt);
  EXPECT_EQ(s.points, 0.0);
  EXPECT_FALSE(s.met);
  EXPECT_FALSE(s.value.has_value());
}

TEST(ComparatorTest, ParsesSymbolsAndWords) {
  EXPECT_EQ(ParseComparator(">="), Comparator::kGe);
  EXPECT_EQ(ParseComparator("lt"), Comparator::kLt);
  EXPECT_EQ(ParseComparator("=>"), std::nullopt);
  EXPECT_EQ(ComparatorSymbol(Comparator::kLe), "<=");
}

// A three-item scheme scored by hand for two cities.
//
//   good-days  linear, W 40, zero at 60 %, full at 90 %   (category quality)
//   noise      linear, W 30, zero at 70 dB, full at 55 dB (category quality)
//   sewage     pass-fail, W 30, >= 80 %                   (category construction)
//   designation: "sewage-met" (sewage met) and "total-70" (total >= 70)
//
// City A: good-days 84 -> 40 x (84-60)/(90-60) = 40 x 0.8 = 32
//         noise 61     -> 30 x (61-70)/(55-70) = 30 x 0.6 = 18
//         sewage 85    -> 85 >= 80: 30
//         total 80; quality 50/70, construction 30/30; designated (80 >= 70).
// City B: good-days 93 -> beyond U: 40
//         noise 67     -> 30 x (67-70)/(55-70) = 30 x 0.2 = 6
//         sewage 79.5  -> 79.5 < 80: 0
//         total 46; not designated: sewage not met, 46 < 70.
// Ranks: A 1, B 2.
Scheme WorkedScheme() {
  Scheme s;
  s.id = "worked";
  s.categories = {{"quality", "Environmental quality", ""}, {"construction", "Construction", ""}};
  s.items = {Linear("good-days", 40, 60, 90, "quality"), Linear("noise", 30, 70, 55, "quality"),
             PassFail("sewage", 30, Comparator::kGe, 80, "construction")};
  s.designation = {{"sewage-met", DesignationKind::kAllItemsMet, {"sewage"}, 0, ""},
                   {"total-70", DesignationKind::kTotalAtLeast, {}, 70, ""}};
  return s;
}

TEST(ScoreCityTest, WorkedExampleByHand) {
  const Scheme scheme = WorkedScheme();
  ASSERT_TRUE(ValidateScheme(scheme).ok());
  std::vector<CityScore> scores;
  scores.push_back(
      ScoreCity(scheme, "b", 2009, {{"good-days", 93}, {"noise", 67}, {"sewage", 79.5}}));
  scores.push_back(
      ScoreCity(scheme, "a", 2009, {{"good-days", 84}, {"noise", 61}, {"sewage", 85}}));
  RankScores(scores);

  const CityScore& a = scores[0];
  ASSERT_EQ(a.city, "a");
  EXPECT_EQ(a.rank, 1);
  EXPECT_NEAR(a.items[0].points, 32.0, 1e-9);
  EXPECT_NEAR(a.items[1].points, 18.0, 1e-9);
  EXPECT_EQ(a.items[2].points, 30.0);
  EXPECT_NEAR(a.total, 80.0, 1e-9);
  EXPECT_EQ(a.max_total, 100.0);
  EXPECT_NEAR(a.categories[0].points, 50.0, 1e-9);
  EXPECT_EQ(a.categories[0].max_points, 70.0);
  EXPECT_EQ(a.categories[1].points, 30.0);
  EXPECT_EQ(a.designated, true);
  EXPECT_TRUE(a.missing.empty());

  const CityScore& b = scores[1];
  ASSERT_EQ(b.city, "b");
  EXPECT_EQ(b.rank, 2);
  EXPECT_EQ(b.items[0].points, 40.0);
  EXPECT_NEAR(b.items[1].points, 6.0, 1e-9);
  EXPECT_EQ(b.items[2].points, 0.0);
  EXPECT_NEAR(b.total, 46.0, 1e-9);
  EXPECT_EQ(b.designated, false);
  ASSERT_EQ(b.designation.size(), 2u);
  EXPECT_FALSE(b.designation[0].met);
  EXPECT_EQ(b.designation[0].failed_items, std::vector<std::string>{"sewage"});
  EXPECT_FALSE(b.designation[1].met);
  EXPECT_EQ(b.designation[1].explanation, "total 46 < 70");
  EXPECT_EQ(b.items[2].threshold, ">= 80");
}

TEST(ScoreCityTest, MissingItemsAreListedAndFailDesignation) {
  const Scheme scheme = WorkedScheme();
  CityScore s = ScoreCity(scheme, "c", 2009, {{"good-days", 90}, {"noise", 55}});
  EXPECT_EQ(s.missing, std::vector<std::string>{"sewage"});
  EXPECT_EQ(s.total, 70.0);
  EXPECT_EQ(s.designated, false);  // sewage missing, so not met; total 70 >= 70 holds
  EXPECT_FALSE(s.designation[0].met);
  EXPECT_TRUE(s.designation[1].met);
}

TEST(RankScoresTest, CompetitionRankingWithTies) {
  std::vector<CityScore> scores(4);
  scores[0].city = "d";
  scores[0].total = 10;
  scores[1].city = "b";
  scores[1].total = 80;
  scores[2].city = "c";
  scores[2].total = 46;
  scores[3].city = "a";
  scores[3].total = 0.1 + 0.2 + 79.7;  // 80 in another summation order
  RankScores(scores);
  EXPECT_EQ(scores[0].city, "a");
  EXPECT_EQ(scores[0].rank, 1);
  EXPECT_EQ(scores[1].city, "b");
  EXPECT_EQ(scores[1].rank, 1);
  EXPECT_EQ(scores[2].rank, 3);  // "1, 1, 3, 4"
  EXPECT_EQ(scores[3].rank, 4);
}

TEST(ValidateSchemeTest, RejectsInconsistentSchemes) {
  Scheme s = WorkedScheme();
  s.items[1].rule = LinearRule{55, 55};
  EXPECT_EQ(ValidateScheme(s).field(), "items[1].full_at");

  s = WorkedScheme();
  s.items[0].category = "nope";
  EXPECT_EQ(ValidateScheme(s).field(), "items[0].category");

  s = WorkedScheme();
  s.items[2].id = "good-days";
  EXPECT_EQ(ValidateScheme(s).field(), "items[2].id");

  s = WorkedScheme();
  s.designation[0].items = {"ghost"};
  EXPECT_EQ(ValidateScheme(s).field(), "designation[0].items");

  s.designation.clear();
  s.items = {WhoPm25()};
  s.categories = {{"c", "", ""}};
  EXPECT_TRUE(ValidateScheme(s).ok());
  std::get<BandedRule>(s.items[0].rule).bands[2].bound = 8;  // 5, 10, 8: not rising
  EXPECT_EQ(ValidateScheme(s).field(), "items[0].bands");
  s.items = {WhoPm25()};
  std::get<BandedRule>(s.items[0].rule).bands[1].op = Comparator::kGe;
  EXPECT_EQ(ValidateScheme(s).field(), "items[0].bands");
  s.items = {WhoPm25()};
  std::get<BandedRule>(s.items[0].rule).bands[3].points = 3.5;  // more than the better band
  EXPECT_EQ(ValidateScheme(s).field(), "items[0].bands");
}

TEST(CompareScoresTest, ExplainsEachChange) {
  Scheme scheme = WorkedScheme();
  scheme.items.push_back(WhoPm25());
  scheme.items.back().category = "quality";
  CityScore y1 = ScoreCity(scheme, "a", 2008,
                           {{"good-days", 84}, {"noise", 61}, {"sewage", 79}, {"pm25", 12}});
  CityScore y2 = ScoreCity(scheme, "a", 2009, {{"good-days", 87}, {"noise", 61}, {"pm25", 9}});
  Result<ScoreComparison> c = CompareScores(scheme, y1, y2);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  ASSERT_EQ(c->items.size(), 4u);
  EXPECT_EQ(c->items[0].reason, ChangeReason::kMovedOnScale);  // 32 -> 36
  EXPECT_NEAR(c->items[0].points_to, 36.0, 1e-9);
  EXPECT_EQ(c->items[1].reason, ChangeReason::kUnchanged);
  EXPECT_EQ(c->items[2].reason, ChangeReason::kNoLongerReported);
  EXPECT_EQ(c->items[3].reason, ChangeReason::kChangedBand);
  EXPECT_EQ(c->items[3].explanation, "12 -> 9: band IT-3 (<= 15) -> band IT-4 (<= 10)");

  CityScore y3 = ScoreCity(scheme, "a", 2010, {{"good-days", 95}, {"sewage", 80}, {"pm25", 8}});
  c = CompareScores(scheme, y2, y3);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->items[0].reason, ChangeReason::kMovedOnScale);  // 36 -> 40
  EXPECT_EQ(c->items[2].reason, ChangeReason::kNowReported);
  EXPECT_EQ(c->items[3].reason, ChangeReason::kValueOnly);  // 9 -> 8, still IT-4

  CityScore y4 = ScoreCity(scheme, "a", 2011, {{"good-days", 99}, {"sewage", 70}});
  c = CompareScores(scheme, y3, y4);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->items[0].reason, ChangeReason::kValueOnly);  // both beyond U
  EXPECT_EQ(c->items[2].reason, ChangeReason::kCrossedThreshold);
  EXPECT_EQ(c->items[2].explanation, "80 -> 70: no longer meets >= 80");

  y4.city = "b";
  EXPECT_FALSE(CompareScores(scheme, y3, y4).ok());
}

}  // namespace
}  // namespace kinet
