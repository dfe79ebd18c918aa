#include "engine/mcda.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <utility>

#include <fmt/format.h>

namespace kinet {
namespace {

// Scores closer than this are equal (they differ only by rounding).
constexpr double kTie = 1e-12;

bool UsesTarget(const McdaCriterion& c) {
  return c.direction == CriterionDirection::kTarget || c.normalisation == Normalisation::kTarget;
}

// Competition ranks of `scores` (higher is better): 1 + the number of
// strictly better scores.
std::vector<int> CompetitionRanks(const std::vector<double>& scores) {
  std::vector<int> ranks(scores.size(), 1);
  for (std::size_t i = 0; i < scores.size(); ++i) {
    for (std::size_t j = 0; j < scores.size(); ++j) {
      if (scores[j] > scores[i] + kTie) ++ranks[i];
    }
  }
  return ranks;
}

// The weighted-sum normalisation of one criterion's column (file comment).
std::vector<double> NormaliseColumn(const std::vector<double>& x, const McdaCriterion& c) {
  std::vector<double> r(x.size(), 1.0);
  if (x.empty()) return r;
  const double t = c.target_value.value_or(0.0);
  auto by_distance_to_max = [&] {
    double far = 0.0;
    for (double v : x) far = std::max(far, std::abs(v - t));
    if (far <= 0.0) return;  // every value at the target
    for (std::size_t i = 0; i < x.size(); ++i) r[i] = 1.0 - std::abs(x[i] - t) / far;
  };
  if (c.normalisation == Normalisation::kTarget) {
    by_distance_to_max();
    return r;
  }
  if (c.normalisation == Normalisation::kMinMax) {
    if (c.direction == CriterionDirection::kTarget) {
      by_distance_to_max();
      return r;
    }
    const auto [lo, hi] = std::minmax_element(x.begin(), x.end());
    const double range = *hi - *lo;
    if (range <= 0.0) return r;  // every value equal
    for (std::size_t i = 0; i < x.size(); ++i) {
      r[i] =
          c.direction == CriterionDirection::kBenefit ? (x[i] - *lo) / range : (*hi - x[i]) / range;
    }
    return r;
  }
  // Vector.
  double sum_sq = 0.0;
  for (double v : x) {
    const double y = c.direction == CriterionDirection::kTarget ? v - t : v;
    sum_sq += y * y;
  }
  if (sum_sq <= 0.0) return r;
  const double norm = std::sqrt(sum_sq);
  for (std::size_t i = 0; i < x.size(); ++i) {
    switch (c.direction) {
      case CriterionDirection::kBenefit:
        r[i] = x[i] / norm;
        break;
      case CriterionDirection::kCost:
        r[i] = 1.0 - x[i] / norm;
        break;
      case CriterionDirection::kTarget:
        r[i] = 1.0 - std::abs(x[i] - t) / norm;
        break;
    }
  }
  return r;
}

// TOPSIS's vector-normalised column: y / √Σy², y = x or |x − t| (a target
// criterion becomes a cost: the distance to the target).
std::vector<double> TopsisColumn(const std::vector<double>& x, const McdaCriterion& c) {
  std::vector<double> y(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    y[i] = c.direction == CriterionDirection::kTarget ? std::abs(x[i] - *c.target_value) : x[i];
  }
  double sum_sq = 0.0;
  for (double v : y) sum_sq += v * v;
  const double norm = std::sqrt(sum_sq);
  for (double& v : y) v = norm > 0.0 ? v / norm : 0.0;
  return y;
}

bool TopsisBenefit(const McdaCriterion& c) { return c.direction == CriterionDirection::kBenefit; }

// Scores of the ranked candidates under one set of weights.
struct Scores {
  std::vector<double> weighted_sum;
  std::vector<double> d_plus, d_minus, closeness;
  std::vector<double> ideal, anti_ideal;
  std::vector<std::vector<double>> weighted;  // [candidate][criterion] v_ij
};

// `r` and `t` are [candidate][criterion] normalised matrices (weighted sum, TOPSIS).
Scores Score(const std::vector<std::vector<double>>& r, const std::vector<std::vector<double>>& t,
             const std::vector<McdaCriterion>& criteria, const std::vector<double>& w) {
  const std::size_t n = r.size();
  const std::size_t m = criteria.size();
  Scores s;
  s.weighted_sum.assign(n, 0.0);
  s.weighted.assign(n, std::vector<double>(m, 0.0));
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < m; ++j) {
      s.weighted_sum[i] += w[j] * r[i][j];
      s.weighted[i][j] = w[j] * t[i][j];
    }
  }
  s.ideal.assign(m, 0.0);
  s.anti_ideal.assign(m, 0.0);
  for (std::size_t j = 0; j < m && n > 0; ++j) {
    double lo = s.weighted[0][j];
    double hi = lo;
    for (std::size_t i = 1; i < n; ++i) {
      lo = std::min(lo, s.weighted[i][j]);
      hi = std::max(hi, s.weighted[i][j]);
    }
    s.ideal[j] = TopsisBenefit(criteria[j]) ? hi : lo;
    s.anti_ideal[j] = TopsisBenefit(criteria[j]) ? lo : hi;
  }
  s.d_plus.assign(n, 0.0);
  s.d_minus.assign(n, 0.0);
  s.closeness.assign(n, 0.5);
  for (std::size_t i = 0; i < n; ++i) {
    double plus = 0.0;
    double minus = 0.0;
    for (std::size_t j = 0; j < m; ++j) {
      plus += (s.weighted[i][j] - s.ideal[j]) * (s.weighted[i][j] - s.ideal[j]);
      minus += (s.weighted[i][j] - s.anti_ideal[j]) * (s.weighted[i][j] - s.anti_ideal[j]);
    }
    s.d_plus[i] = std::sqrt(plus);
    s.d_minus[i] = std::sqrt(minus);
    const double sum = s.d_plus[i] + s.d_minus[i];
    if (sum > kTie) s.closeness[i] = s.d_minus[i] / sum;
  }
  return s;
}

// The weights with weight k multiplied by `factor` (capped at 1) and the
// others rescaled so the sum stays 1.
std::vector<double> Perturb(const std::vector<double>& w, std::size_t k, double factor) {
  std::vector<double> out = w;
  if (w.size() < 2) return out;
  const double moved = std::min(1.0, w[k] * factor);
  const double rest = 1.0 - w[k];
  for (std::size_t j = 0; j < w.size(); ++j) {
    out[j] = j == k ? moved : (rest > 0.0 ? w[j] * (1.0 - moved) / rest : 0.0);
  }
  return out;
}

Status Validate(const McdaProblem& p, const McdaOptions& options) {
  if (p.criteria.empty()) return InvalidArgument("at least one criterion is needed", "criteria");
  if (!(options.sensitivity_step > 0.0 && options.sensitivity_step < 1.0)) {
    return InvalidArgument(
        fmt::format("the sensitivity step {} is not in (0, 1)", options.sensitivity_step),
        "sensitivity_step");
  }
  for (std::size_t j = 0; j < p.criteria.size(); ++j) {
    const McdaCriterion& c = p.criteria[j];
    if (!std::isfinite(c.weight) || c.weight <= 0.0) {
      return InvalidArgument(
          fmt::format("criterion '{}': the weight {} is not a positive number", c.code, c.weight),
          fmt::format("criteria[{}].weight", j));
    }
    if (UsesTarget(c) && (!c.target_value || !std::isfinite(*c.target_value))) {
      return InvalidArgument(
          fmt::format("criterion '{}': a target direction or normalisation needs a target value",
                      c.code),
          fmt::format("criteria[{}].target_value", j));
    }
  }
  for (std::size_t i = 0; i < p.alternatives.size(); ++i) {
    const McdaAlternative& a = p.alternatives[i];
    if (a.values.size() != p.criteria.size()) {
      return InvalidArgument(fmt::format("candidate '{}' has {} values for {} criteria", a.code,
                                         a.values.size(), p.criteria.size()),
                             fmt::format("alternatives[{}].values", i));
    }
    for (std::size_t j = 0; j < a.values.size(); ++j) {
      if (a.values[j] && !std::isfinite(*a.values[j])) {
        return InvalidArgument(fmt::format("candidate '{}', criterion '{}': the value is not a "
                                           "finite number",
                                           a.code, p.criteria[j].code),
                               fmt::format("alternatives[{}].values[{}]", i, j));
      }
    }
  }
  return OkStatus();
}

// The worst raw value of criterion j among the candidates that have one.
std::optional<double> WorstObserved(const McdaProblem& p, std::size_t j) {
  const McdaCriterion& c = p.criteria[j];
  std::optional<double> worst;
  for (const McdaAlternative& a : p.alternatives) {
    if (!a.values[j]) continue;
    const double v = *a.values[j];
    if (!worst) {
      worst = v;
      continue;
    }
    switch (c.direction) {
      case CriterionDirection::kBenefit:
        worst = std::min(*worst, v);
        break;
      case CriterionDirection::kCost:
        worst = std::max(*worst, v);
        break;
      case CriterionDirection::kTarget:
        if (std::abs(v - *c.target_value) > std::abs(*worst - *c.target_value)) worst = v;
        break;
    }
  }
  return worst;
}

}  // namespace

Result<McdaResult> RankAlternatives(const McdaProblem& problem, const McdaOptions& options) {
  KINET_RETURN_IF_ERROR(Validate(problem, options));
  const std::size_t m = problem.criteria.size();
  McdaResult out;

  const double total_weight =
      std::accumulate(problem.criteria.begin(), problem.criteria.end(), 0.0,
                      [](double sum, const McdaCriterion& c) { return sum + c.weight; });
  for (const McdaCriterion& c : problem.criteria) out.weights.push_back(c.weight / total_weight);

  // The values to rank, per candidate (nullopt row: not ranked).
  std::vector<std::optional<double>> worst(m);
  if (problem.missing_rule == MissingRule::kWorst) {
    for (std::size_t j = 0; j < m; ++j) {
      worst[j] = WorstObserved(problem, j);
      if (!worst[j] && !problem.alternatives.empty()) {
        return FailedPrecondition(fmt::format(
            "no candidate has a value for criterion '{}', so no worst value can stand in for "
            "the missing ones",
            problem.criteria[j].code));
      }
    }
  }
  std::vector<std::size_t> ranked;  // indices into problem.alternatives
  std::vector<std::vector<double>> x;
  for (std::size_t i = 0; i < problem.alternatives.size(); ++i) {
    const McdaAlternative& a = problem.alternatives[i];
    McdaAlternativeResult r;
    r.code = a.code;
    r.cells.resize(m);
    std::vector<double> row(m, 0.0);
    for (std::size_t j = 0; j < m; ++j) {
      r.cells[j].raw = a.values[j];
      if (a.values[j]) {
        row[j] = *a.values[j];
      } else {
        r.missing.push_back(problem.criteria[j].code);
        if (problem.missing_rule == MissingRule::kWorst) {
          row[j] = *worst[j];
          r.cells[j].imputed = true;
        }
      }
    }
    r.ranked = r.missing.empty() || problem.missing_rule == MissingRule::kWorst;
    if (r.ranked) {
      for (std::size_t j = 0; j < m; ++j) r.cells[j].used = row[j];
      ranked.push_back(i);
      x.push_back(std::move(row));
    }
    out.alternatives.push_back(std::move(r));
  }

  // Normalised matrices ([ranked candidate][criterion]), independent of the weights.
  std::vector<std::vector<double>> norm_ws(ranked.size(), std::vector<double>(m));
  std::vector<std::vector<double>> norm_topsis(ranked.size(), std::vector<double>(m));
  for (std::size_t j = 0; j < m; ++j) {
    std::vector<double> column(ranked.size());
    for (std::size_t i = 0; i < ranked.size(); ++i) column[i] = x[i][j];
    const std::vector<double> ws = NormaliseColumn(column, problem.criteria[j]);
    const std::vector<double> tp = TopsisColumn(column, problem.criteria[j]);
    for (std::size_t i = 0; i < ranked.size(); ++i) {
      norm_ws[i][j] = ws[i];
      norm_topsis[i][j] = tp[i];
    }
  }

  const Scores base = Score(norm_ws, norm_topsis, problem.criteria, out.weights);
  const std::vector<int> ws_ranks = CompetitionRanks(base.weighted_sum);
  const std::vector<int> tp_ranks = CompetitionRanks(base.closeness);
  if (!ranked.empty()) {
    out.ideal = base.ideal;
    out.anti_ideal = base.anti_ideal;
  }
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    McdaAlternativeResult& r = out.alternatives[ranked[i]];
    for (std::size_t j = 0; j < m; ++j) {
      r.cells[j].normalised = norm_ws[i][j];
      r.cells[j].topsis_normalised = norm_topsis[i][j];
      r.cells[j].topsis_weighted = base.weighted[i][j];
    }
    r.weighted_sum = base.weighted_sum[i];
    r.weighted_sum_rank = ws_ranks[i];
    r.d_plus = base.d_plus[i];
    r.d_minus = base.d_minus[i];
    r.closeness = base.closeness[i];
    r.topsis_rank = tp_ranks[i];
    r.weighted_sum_rank_stable = true;
    r.topsis_rank_stable = true;
  }

  for (std::size_t k = 0; k < m; ++k) {
    for (double factor : {1.0 - options.sensitivity_step, 1.0 + options.sensitivity_step}) {
      McdaPerturbation p;
      p.criterion = problem.criteria[k].code;
      p.factor = factor;
      p.weights = Perturb(out.weights, k, factor);
      const Scores s = Score(norm_ws, norm_topsis, problem.criteria, p.weights);
      const std::vector<int> ws = CompetitionRanks(s.weighted_sum);
      const std::vector<int> tp = CompetitionRanks(s.closeness);
      p.weighted_sum_ranks.assign(problem.alternatives.size(), std::nullopt);
      p.topsis_ranks.assign(problem.alternatives.size(), std::nullopt);
      for (std::size_t i = 0; i < ranked.size(); ++i) {
        McdaAlternativeResult& r = out.alternatives[ranked[i]];
        p.weighted_sum_ranks[ranked[i]] = ws[i];
        p.topsis_ranks[ranked[i]] = tp[i];
        const bool ws_moved = ws[i] != ws_ranks[i];
        const bool tp_moved = tp[i] != tp_ranks[i];
        if (ws_moved) r.weighted_sum_rank_stable = false;
        if (tp_moved) r.topsis_rank_stable = false;
        if (ws_moved || tp_moved) p.changed.push_back(r.code);
      }
      out.perturbations.push_back(std::move(p));
    }
  }
  return out;
}

}  // namespace kinet
