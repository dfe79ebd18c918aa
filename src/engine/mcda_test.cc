// Weighted sum, TOPSIS and sensitivity on examples worked by hand in the
// comments (formulas: engine/mcda.h).
#include "engine/mcda.h"

#include <gtest/gtest.h>

namespace kinet {
namespace {

constexpr double kEps = 1e-6;

McdaCriterion Criterion(std::string code, CriterionDirection d, Normalisation n, double weight,
                        std::optional<double> target = std::nullopt) {
  return McdaCriterion{std::move(code), d, n, target, weight};
}

// Three cities on three criteria:
//   need  benefit, min-max, weight 3   A=60  B=100 C=80
//   cost  cost,    min-max, weight 1   A=10  B=30  C=20
//   size  target 50, target, weight 1  A=50  B=90  C=30
McdaProblem ThreeCities() {
  McdaProblem p;
  p.criteria = {
      Criterion("need", CriterionDirection::kBenefit, Normalisation::kMinMax, 3),
      Criterion("cost", CriterionDirection::kCost, Normalisation::kMinMax, 1),
      Criterion("size", CriterionDirection::kTarget, Normalisation::kTarget, 1, 50.0),
  };
  p.alternatives = {
      {"A", {60.0, 10.0, 50.0}}, {"B", {100.0, 30.0, 90.0}}, {"C", {80.0, 20.0, 30.0}}};
  return p;
}

TEST(McdaTest, WeightedSumOnHandWorkedExample) {
  Result<McdaResult> r = RankAlternatives(ThreeCities());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  // Weights 3:1:1 renormalised: 0.6, 0.2, 0.2.
  ASSERT_EQ(r->weights.size(), 3u);
  EXPECT_NEAR(r->weights[0], 0.6, kEps);
  EXPECT_NEAR(r->weights[1], 0.2, kEps);
  EXPECT_NEAR(r->weights[2], 0.2, kEps);
  const auto& a = r->alternatives[0];
  const auto& b = r->alternatives[1];
  const auto& c = r->alternatives[2];
  // need, min-max benefit (x − 60)/(100 − 60): A 0, B 1, C 0.5.
  EXPECT_NEAR(*a.cells[0].normalised, 0.0, kEps);
  EXPECT_NEAR(*b.cells[0].normalised, 1.0, kEps);
  EXPECT_NEAR(*c.cells[0].normalised, 0.5, kEps);
  // cost, min-max cost (30 − x)/(30 − 10): A 1, B 0, C 0.5.
  EXPECT_NEAR(*a.cells[1].normalised, 1.0, kEps);
  EXPECT_NEAR(*b.cells[1].normalised, 0.0, kEps);
  // size, target 50: |x − 50| = 0, 40, 20, max 40 → 1 − d/40: A 1, B 0, C 0.5.
  EXPECT_NEAR(*a.cells[2].normalised, 1.0, kEps);
  EXPECT_NEAR(*b.cells[2].normalised, 0.0, kEps);
  EXPECT_NEAR(*c.cells[2].normalised, 0.5, kEps);
  // S_A = 0.6·0 + 0.2·1 + 0.2·1 = 0.4; S_B = 0.6·1 + 0 + 0 = 0.6;
  // S_C = 0.6·0.5 + 0.2·0.5 + 0.2·0.5 = 0.5. Ranks B 1, C 2, A 3.
  EXPECT_NEAR(*a.weighted_sum, 0.4, kEps);
  EXPECT_NEAR(*b.weighted_sum, 0.6, kEps);
  EXPECT_NEAR(*c.weighted_sum, 0.5, kEps);
  EXPECT_EQ(*b.weighted_sum_rank, 1);
  EXPECT_EQ(*c.weighted_sum_rank, 2);
  EXPECT_EQ(*a.weighted_sum_rank, 3);
}

TEST(McdaTest, TopsisOnHandWorkedExample) {
  Result<McdaResult> r = RankAlternatives(ThreeCities());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const auto& a = r->alternatives[0];
  const auto& b = r->alternatives[1];
  const auto& c = r->alternatives[2];
  // Vector norms: need √(60² + 100² + 80²) = √20000 = 141.421356;
  // cost √(10² + 30² + 20²) = √1400 = 37.416574; size uses |x − 50| = 0, 40, 20
  // (a cost): √2000 = 44.721360.
  EXPECT_NEAR(*a.cells[0].topsis_normalised, 60 / 141.421356, kEps);
  EXPECT_NEAR(*b.cells[2].topsis_normalised, 40 / 44.721360, kEps);
  // Weighted v = w·r: need 0.254558, 0.424264, 0.339411; cost 0.053452,
  // 0.160357, 0.106904; size 0, 0.178885, 0.089443.
  EXPECT_NEAR(*a.cells[0].topsis_weighted, 0.254558, kEps);
  EXPECT_NEAR(*c.cells[1].topsis_weighted, 0.106904, kEps);
  // Ideal A+ = (max need, min cost, min size) = (0.424264, 0.053452, 0);
  // anti-ideal A− = (0.254558, 0.160357, 0.178885).
  ASSERT_EQ(r->ideal.size(), 3u);
  EXPECT_NEAR(r->ideal[0], 0.424264, kEps);
  EXPECT_NEAR(r->ideal[1], 0.053452, kEps);
  EXPECT_NEAR(r->ideal[2], 0.0, kEps);
  EXPECT_NEAR(r->anti_ideal[0], 0.254558, kEps);
  EXPECT_NEAR(r->anti_ideal[2], 0.178885, kEps);
  // D+_A = |0.254558 − 0.424264| = 0.169706; D−_A = √(0.106905² + 0.178885²) = 0.208395;
  // C_A = 0.208395 / (0.169706 + 0.208395) = 0.551163.
  EXPECT_NEAR(*a.d_plus, 0.169706, kEps);
  EXPECT_NEAR(*a.d_minus, 0.208395, kEps);
  EXPECT_NEAR(*a.closeness, 0.551163, kEps);
  // B mirrors A: D+ 0.208395, D− 0.169706, C_B = 0.448837.
  EXPECT_NEAR(*b.closeness, 0.448837, kEps);
  // C is halfway: D+ = D− = √(0.084853² + 0.053452² + 0.089443²) = 0.134377, C = 0.5.
  EXPECT_NEAR(*c.d_plus, 0.134377, kEps);
  EXPECT_NEAR(*c.closeness, 0.5, kEps);
  // TOPSIS ranks A 1, C 2, B 3: the opposite of the weighted sum at the ends,
  // because B is far from the ideal on two criteria at once.
  EXPECT_EQ(*a.topsis_rank, 1);
  EXPECT_EQ(*c.topsis_rank, 2);
  EXPECT_EQ(*b.topsis_rank, 3);
}

// Two criteria, min-max benefit, weights 0.55 and 0.45: A = (1, 0),
// B = (0, 1), C = (0.5, 0.5) (raw values already on 0..1, so normalised = raw).
TEST(McdaTest, SensitivityFindsTheWeightThatFlipsTheOrder) {
  McdaProblem p;
  p.criteria = {Criterion("x", CriterionDirection::kBenefit, Normalisation::kMinMax, 0.55),
                Criterion("y", CriterionDirection::kBenefit, Normalisation::kMinMax, 0.45)};
  p.alternatives = {{"A", {1.0, 0.0}}, {"B", {0.0, 1.0}}, {"C", {0.5, 0.5}}};
  Result<McdaResult> r = RankAlternatives(p);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  // Base: S_A = 0.55, S_C = 0.5, S_B = 0.45 → A 1, C 2, B 3.
  EXPECT_EQ(*r->alternatives[0].weighted_sum_rank, 1);
  EXPECT_EQ(*r->alternatives[2].weighted_sum_rank, 2);
  EXPECT_EQ(*r->alternatives[1].weighted_sum_rank, 3);
  // Four perturbations: x·0.8, x·1.2, y·0.8, y·1.2.
  ASSERT_EQ(r->perturbations.size(), 4u);
  const McdaPerturbation& x_down = r->perturbations[0];
  EXPECT_EQ(x_down.criterion, "x");
  EXPECT_NEAR(x_down.factor, 0.8, kEps);
  // w_x = 0.55·0.8 = 0.44; w_y = 0.45·(1 − 0.44)/(1 − 0.55) = 0.56.
  EXPECT_NEAR(x_down.weights[0], 0.44, kEps);
  EXPECT_NEAR(x_down.weights[1], 0.56, kEps);
  // S_A = 0.44, S_B = 0.56, S_C = 0.5 → B 1, C 2, A 3: the order flips.
  EXPECT_EQ(*x_down.weighted_sum_ranks[0], 3);
  EXPECT_EQ(*x_down.weighted_sum_ranks[1], 1);
  EXPECT_EQ(*x_down.weighted_sum_ranks[2], 2);
  EXPECT_EQ(x_down.changed, (std::vector<std::string>{"A", "B"}));
  // x·1.2: w = (0.66, 0.34) → A 1, C 2, B 3: no change.
  EXPECT_TRUE(r->perturbations[1].changed.empty());
  // y·1.2: w_y = 0.54, w_x = 0.46 → B 1 again.
  EXPECT_EQ(*r->perturbations[3].weighted_sum_ranks[1], 1);
  // A and B move, C is second under every perturbation.
  EXPECT_FALSE(r->alternatives[0].weighted_sum_rank_stable);
  EXPECT_FALSE(r->alternatives[1].weighted_sum_rank_stable);
  EXPECT_TRUE(r->alternatives[2].weighted_sum_rank_stable);
}

TEST(McdaTest, ExcludedCandidateIsListedWithWhatItLacks) {
  McdaProblem p = ThreeCities();
  p.alternatives.push_back({"D", {90.0, std::nullopt, 40.0}});
  Result<McdaResult> r = RankAlternatives(p);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const McdaAlternativeResult& d = r->alternatives[3];
  EXPECT_FALSE(d.ranked);
  EXPECT_EQ(d.missing, (std::vector<std::string>{"cost"}));
  EXPECT_FALSE(d.weighted_sum.has_value());
  EXPECT_FALSE(d.topsis_rank.has_value());
  EXPECT_FALSE(d.cells[1].raw.has_value());
  EXPECT_FALSE(d.cells[0].used.has_value());  // not a silent zero anywhere
  // The others are ranked exactly as without D (its values take no part in
  // the normalisation): S_B = 0.6.
  EXPECT_NEAR(*r->alternatives[1].weighted_sum, 0.6, kEps);
  EXPECT_FALSE(r->perturbations[0].weighted_sum_ranks[3].has_value());
}

TEST(McdaTest, WorstRuleImputesTheWorstObservedValue) {
  McdaProblem p = ThreeCities();
  p.missing_rule = MissingRule::kWorst;
  p.alternatives.push_back({"D", {90.0, std::nullopt, std::nullopt}});
  Result<McdaResult> r = RankAlternatives(p);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const McdaAlternativeResult& d = r->alternatives[3];
  EXPECT_TRUE(d.ranked);
  EXPECT_EQ(d.missing, (std::vector<std::string>{"cost", "size"}));
  // Worst cost is the largest, 30 (B); worst size is farthest from 50: 90 (B).
  EXPECT_TRUE(d.cells[1].imputed);
  EXPECT_NEAR(*d.cells[1].used, 30.0, kEps);
  EXPECT_NEAR(*d.cells[2].used, 90.0, kEps);
  EXPECT_FALSE(d.cells[0].imputed);
  // need min-max over 60..100: (90 − 60)/40 = 0.75; cost 0; size 0.
  // S_D = 0.6·0.75 = 0.45.
  EXPECT_NEAR(*d.weighted_sum, 0.45, kEps);
}

TEST(McdaTest, WorstRuleNeedsOneObservedValue) {
  McdaProblem p = ThreeCities();
  p.missing_rule = MissingRule::kWorst;
  for (McdaAlternative& a : p.alternatives) a.values[1] = std::nullopt;
  Result<McdaResult> r = RankAlternatives(p);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
}

TEST(McdaTest, VectorNormalisationForTheWeightedSum) {
  McdaProblem p;
  p.criteria = {Criterion("b", CriterionDirection::kBenefit, Normalisation::kVector, 1),
                Criterion("c", CriterionDirection::kCost, Normalisation::kVector, 1)};
  // b: 3, 4 → norm 5 → 0.6, 0.8. c: 3, 4 → 1 − 0.6 = 0.4, 1 − 0.8 = 0.2.
  p.alternatives = {{"P", {3.0, 3.0}}, {"Q", {4.0, 4.0}}};
  Result<McdaResult> r = RankAlternatives(p);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_NEAR(*r->alternatives[0].cells[0].normalised, 0.6, kEps);
  EXPECT_NEAR(*r->alternatives[1].cells[1].normalised, 0.2, kEps);
  // S_P = 0.5·0.6 + 0.5·0.4 = 0.5; S_Q = 0.5·0.8 + 0.5·0.2 = 0.5: a tie shares rank 1.
  EXPECT_EQ(*r->alternatives[0].weighted_sum_rank, 1);
  EXPECT_EQ(*r->alternatives[1].weighted_sum_rank, 1);
}

TEST(McdaTest, RefusesBadInputNamingTheField) {
  McdaProblem p = ThreeCities();
  p.criteria[1].weight = 0;
  Result<McdaResult> r = RankAlternatives(p);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "criteria[1].weight");

  p = ThreeCities();
  p.criteria[2].target_value = std::nullopt;
  r = RankAlternatives(p);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "criteria[2].target_value");

  p = ThreeCities();
  p.alternatives[0].values.pop_back();
  r = RankAlternatives(p);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "alternatives[0].values");

  EXPECT_FALSE(RankAlternatives(McdaProblem{}).ok());
  EXPECT_FALSE(RankAlternatives(ThreeCities(), McdaOptions{1.5}).ok());
}

}  // namespace
}  // namespace kinet
