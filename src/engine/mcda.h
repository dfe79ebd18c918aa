// Multi-criteria ranking of candidate cities (issue 7 "Selection";
// docs/pilots.md): weighted sum and TOPSIS side by side, with the sensitivity
// of both rankings to each weight. Pure: values in, reasoning out.
//
// Usage facts: a call ranks a few to a few dozen candidates on five to ten
// criteria, so everything is computed densely and every intermediate number
// (normalised values, weighted values, distances, ranks under each
// perturbation) is kept in the result for export.
//
// Weights are renormalised to sum 1 (w_j / Σw).
//
// Weighted sum: S_i = Σ_j w_j r_ij, with r_ij the criterion's normalisation
// over the ranked candidates (x = raw value, t = target value):
//   min-max  benefit (x − min)/(max − min); cost (max − x)/(max − min);
//            target   1 − |x − t| / max_i |x_i − t|
//            (every value equal: 1 for all)
//   vector   benefit x / √Σx²; cost 1 − x / √Σx²; target 1 − |x − t| / √Σ(x − t)²
//            (Σ = 0: 1 for all)
//   target   1 − |x − t| / max_i |x_i − t| whatever the direction (a target
//            value is required); every value at t: 1 for all
// TOPSIS (Hwang & Yoon 1981; e.g. Behzadian et al. 2012, §2): vector
// normalisation r_ij = y_ij / √Σ_i y_ij² of y = x (benefit, cost) or
// y = |x − t| (target, which then counts as a cost), weighted v_ij = w_j r_ij;
// ideal A+_j = max_i v_ij for benefit, min for cost; anti-ideal A−_j the
// reverse; D+_i = √Σ_j (v_ij − A+_j)², D−_i likewise; closeness
// C_i = D−_i / (D+_i + D−_i), 1 at the ideal; when D+ + D− = 0 (every
// candidate identical) C = 0.5 for all.
// Ranks: 1 = best; equal scores (within 1e-12) share the better rank
// (competition ranking 1, 2, 2, 4).
//
// Missing values (MissingRule, core/pilot.h): kExclude leaves the candidate
// out of every normalisation and ranking (ranked = false, missing lists the
// criteria); kWorst substitutes the worst raw value observed among the
// candidates that have one (min for benefit, max for cost, farthest from t
// for target) and marks the cell imputed. A criterion no candidate has a
// value for is FailedPrecondition under kWorst.
//
// Sensitivity: for each criterion k and each factor f in {1 − step, 1 + step}
// (step 0.2: ±20 %), w'_k = f w_k and every other weight is rescaled by
// (1 − w'_k)/(1 − w_k) so the weights still sum 1; both rankings are
// recomputed. A candidate's rank under a method is stable when it is the same
// under every perturbation.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/pilot.h"
#include "core/result.h"

namespace kinet {

struct McdaCriterion {
  std::string code;
  CriterionDirection direction = CriterionDirection::kBenefit;
  Normalisation normalisation = Normalisation::kMinMax;
  std::optional<double> target_value;  // required by kTarget direction or normalisation
  double weight = 1.0;                 // > 0, finite
};

struct McdaAlternative {
  std::string code;
  std::vector<std::optional<double>> values;  // one per criterion; nullopt = missing
};

struct McdaProblem {
  std::vector<McdaCriterion> criteria;
  std::vector<McdaAlternative> alternatives;
  MissingRule missing_rule = MissingRule::kExclude;
};

struct McdaOptions {
  double sensitivity_step = 0.2;  // ±20 %; in (0, 1)
};

// One candidate's value of one criterion, through every step.
struct McdaCell {
  std::optional<double> raw;         // as given
  bool imputed = false;              // kWorst filled it
  std::optional<double> used;        // the value ranked (raw or imputed); nullopt if unranked
  std::optional<double> normalised;  // r_ij of the weighted sum
  std::optional<double> topsis_normalised;  // r_ij of TOPSIS
  std::optional<double> topsis_weighted;    // v_ij
};

struct McdaAlternativeResult {
  std::string code;
  bool ranked = false;
  std::vector<std::string> missing;  // codes of criteria without a value
  std::vector<McdaCell> cells;       // one per criterion
  std::optional<double> weighted_sum;
  std::optional<int> weighted_sum_rank;
  std::optional<double> d_plus;
  std::optional<double> d_minus;
  std::optional<double> closeness;
  std::optional<int> topsis_rank;
  bool weighted_sum_rank_stable = false;  // same rank under every perturbation
  bool topsis_rank_stable = false;
};

// The rankings with one weight moved.
struct McdaPerturbation {
  std::string criterion;        // the weight moved
  double factor = 1.0;          // 0.8 or 1.2
  std::vector<double> weights;  // all weights after renormalisation, criterion order
  // One per alternative (input order); nullopt for unranked candidates.
  std::vector<std::optional<int>> weighted_sum_ranks;
  std::vector<std::optional<int>> topsis_ranks;
  std::vector<std::string> changed;  // codes whose rank changed under either method
};

struct McdaResult {
  std::vector<double> weights;                      // renormalised, criterion order
  std::vector<double> ideal;                        // A+ (weighted, TOPSIS)
  std::vector<double> anti_ideal;                   // A−
  std::vector<McdaAlternativeResult> alternatives;  // input order
  std::vector<McdaPerturbation> perturbations;      // criterion order, −step then +step
};

// Ranks `problem` (file comment). InvalidArgument naming the field when
// there is no criterion, a weight is not positive and finite, a value is not
// finite, an alternative's value count differs from the criterion count, a
// target criterion has no target value, or the step is outside (0, 1);
// FailedPrecondition as described under missing values. With fewer than one
// complete candidate the result has no ranks (not an error).
Result<McdaResult> RankAlternatives(const McdaProblem& problem, const McdaOptions& options = {});

}  // namespace kinet
