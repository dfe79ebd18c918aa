#include "engine/trend.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

#include <fmt/format.h>

#include "engine/statistics.h"

namespace kinet {

std::string_view TrendDirectionCode(TrendDirection d) {
  switch (d) {
    case TrendDirection::kIncreasing:
      return "increasing";
    case TrendDirection::kDecreasing:
      return "decreasing";
    case TrendDirection::kNoTrend:
      return "no trend";
  }
  return "no trend";
}

std::optional<double> NormalQuantile(double p) {
  if (!(p > 0.0 && p < 1.0)) return std::nullopt;  // also rejects NaN
  // Wichura (1988), AS 241, PPND16: rational approximations in three regions.
  const double q = p - 0.5;
  if (std::fabs(q) <= 0.425) {
    const double r = 0.180625 - q * q;
    const double num = ((((((2.5090809287301226727e+3 * r + 3.3430575583588128105e+4) * r +
                            6.7265770927008700853e+4) *
                               r +
                           4.5921953931549871457e+4) *
                              r +
                          1.3731693765509461125e+4) *
                             r +
                         1.9715909503065514427e+3) *
                            r +
                        1.3314166789178437745e+2) *
                           r +
                       3.3871328727963666080e+0;
    const double den = ((((((5.2264952788528545610e+3 * r + 2.8729085735721942674e+4) * r +
                            3.9307895800092710610e+4) *
                               r +
                           2.1213794301586595867e+4) *
                              r +
                          5.3941960214247511077e+3) *
                             r +
                         6.8718700749205790830e+2) *
                            r +
                        4.2313330701600911252e+1) *
                           r +
                       1.0;
    return q * num / den;
  }
  double r = std::sqrt(-std::log(q < 0.0 ? p : 1.0 - p));
  double value = 0.0;
  if (r <= 5.0) {
    r -= 1.6;
    const double num = ((((((7.74545014278341407640e-4 * r + 2.27238449892691845833e-2) * r +
                            2.41780725177450611770e-1) *
                               r +
                           1.27045825245236838258e+0) *
                              r +
                          3.64784832476320460504e+0) *
                             r +
                         5.76949722146069140550e+0) *
                            r +
                        4.63033784615654529590e+0) *
                           r +
                       1.42343711074968357734e+0;
    const double den = ((((((1.05075007164441684324e-9 * r + 5.47593808499534494600e-4) * r +
                            1.51986665636164571966e-2) *
                               r +
                           1.48103976427480074590e-1) *
                              r +
                          6.89767334985100004550e-1) *
                             r +
                         1.67638483018380384940e+0) *
                            r +
                        2.05319162663775882187e+0) *
                           r +
                       1.0;
    value = num / den;
  } else {
    r -= 5.0;
    const double num = ((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r +
                            1.24266094738807843860e-3) *
                               r +
                           2.65321895265761230930e-2) *
                              r +
                          2.96560571828504891230e-1) *
                             r +
                         1.78482653991729133580e+0) *
                            r +
                        5.46378491116411436990e+0) *
                           r +
                       6.65790464350110377720e+0;
    const double den = ((((((2.04426310338993978564e-15 * r + 1.42151175831644588870e-7) * r +
                            1.84631831751005468180e-5) *
                               r +
                           7.86869131145613259100e-4) *
                              r +
                          1.48753612908506148525e-2) *
                             r +
                         1.36929880922735805310e-1) *
                            r +
                        5.99832206555887937690e-1) *
                           r +
                       1.0;
    value = num / den;
  }
  return q < 0.0 ? -value : value;
}

namespace {

// S, Var(S) and the number of compared pairs of one series (or one season).
struct KendallSums {
  double s = 0.0;
  double variance = 0.0;
  double pairs = 0.0;
};

// `y` in order of x. Ties are exact equality of values, as in R's trend and
// pymannkendall.
KendallSums Kendall(std::span<const double> y) {
  KendallSums k;
  const std::size_t n = y.size();
  for (std::size_t i = 0; i + 1 < n; ++i) {
    for (std::size_t j = i + 1; j < n; ++j) {
      if (y[j] > y[i]) {
        k.s += 1.0;
      } else if (y[j] < y[i]) {
        k.s -= 1.0;
      }
    }
  }
  const double dn = static_cast<double>(n);
  k.pairs = dn * (dn - 1.0) / 2.0;
  // Tie correction (Kendall 1975; Gilbert 1987 eq. 16.4): subtract
  // t(t-1)(2t+5) for each group of t equal values.
  std::vector<double> sorted(y.begin(), y.end());
  std::sort(sorted.begin(), sorted.end());
  double ties = 0.0;
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j < n && sorted[j] == sorted[i]) ++j;
    const double t = static_cast<double>(j - i);
    ties += t * (t - 1.0) * (2.0 * t + 5.0);
    i = j;
  }
  k.variance = (dn * (dn - 1.0) * (2.0 * dn + 5.0) - ties) / 18.0;
  return k;
}

// Appends (y_j - y_i)/(x_j - x_i) for i<j; x strictly increasing.
void AppendSlopes(std::span<const TrendPoint> points, std::vector<double>& slopes) {
  for (std::size_t i = 0; i + 1 < points.size(); ++i) {
    for (std::size_t j = i + 1; j < points.size(); ++j) {
      slopes.push_back((points[j].y - points[i].y) / (points[j].x - points[i].x));
    }
  }
}

MannKendallResult FinishTest(int n, const KendallSums& k, double alpha) {
  MannKendallResult r;
  r.n = n;
  r.s = k.s;
  r.variance = k.variance;
  // Var(S) is 0 only when every value ties, and then S = 0 too: z = 0.
  if (k.s > 0.0 && k.variance > 0.0) {
    r.z = (k.s - 1.0) / std::sqrt(k.variance);
  } else if (k.s < 0.0 && k.variance > 0.0) {
    r.z = (k.s + 1.0) / std::sqrt(k.variance);
  }
  r.p_value = std::erfc(std::fabs(r.z) / std::sqrt(2.0));
  r.tau = k.pairs > 0.0 ? k.s / k.pairs : 0.0;
  if (r.p_value < alpha) {
    r.direction = r.s > 0.0 ? TrendDirection::kIncreasing : TrendDirection::kDecreasing;
  }
  return r;
}

// R's round(): to nearest, halves to even (IEC 60559).
double RoundHalfEven(double v) {
  const double f = std::floor(v);
  const double d = v - f;
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1.0;
  return std::fmod(f, 2.0) == 0.0 ? f : f + 1.0;
}

// `slopes` non-empty; `points` all points of the series (for the intercept).
SenSlopeResult FinishSlope(std::vector<double> slopes, std::span<const TrendPoint> points,
                           double variance, double alpha) {
  SenSlopeResult r;
  std::sort(slopes.begin(), slopes.end());
  r.slopes = static_cast<int>(slopes.size());
  r.confidence = 1.0 - alpha;
  r.slope = Percentile(slopes, 0.5).value_or(0.0);
  // Rank method of R `trend` sens.slope (Pohlert): ranks are 1-based.
  const double n_slopes = static_cast<double>(slopes.size());
  const double c = NormalQuantile(1.0 - alpha / 2.0).value_or(0.0) * std::sqrt(variance);
  const auto at_rank = [&](double rank) {
    rank = std::clamp(rank, 1.0, n_slopes);
    return slopes[static_cast<std::size_t>(rank) - 1];
  };
  r.lower = at_rank(RoundHalfEven((n_slopes - c) / 2.0));
  r.upper = at_rank(RoundHalfEven((n_slopes + c) / 2.0 + 1.0));
  // Conover (1980): the line through (median x, median y) with the Sen slope.
  std::vector<double> xs;
  std::vector<double> ys;
  xs.reserve(points.size());
  ys.reserve(points.size());
  for (const TrendPoint& p : points) {
    xs.push_back(p.x);
    ys.push_back(p.y);
  }
  r.intercept = Percentile(ys, 0.5).value_or(0.0) - r.slope * Percentile(xs, 0.5).value_or(0.0);
  return r;
}

Status CheckAlpha(double alpha) {
  if (!(alpha > 0.0 && alpha < 1.0)) {
    return InvalidArgument(fmt::format("alpha must lie between 0 and 1, not {}", alpha), "alpha");
  }
  return OkStatus();
}

// Copies `points` sorted by x; InvalidArgument on a non-finite coordinate or a
// repeated x.
template <typename Point>
Result<std::vector<Point>> SortedByX(std::span<const Point> points) {
  std::vector<Point> sorted(points.begin(), points.end());
  for (const Point& p : sorted) {
    if (!std::isfinite(p.x)) return InvalidArgument("a time position is not finite", "x");
    if (!std::isfinite(p.y)) return InvalidArgument("a value is not finite", "y");
  }
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Point& a, const Point& b) { return a.x < b.x; });
  for (std::size_t i = 1; i < sorted.size(); ++i) {
    if (sorted[i].x == sorted[i - 1].x) {
      return InvalidArgument(fmt::format("two points share the time position {}", sorted[i].x),
                             "x");
    }
  }
  return sorted;
}

}  // namespace

Result<TrendAnalysis> AnalyzeTrend(std::span<const TrendPoint> points, double alpha) {
  KINET_RETURN_IF_ERROR(CheckAlpha(alpha));
  KINET_ASSIGN_OR_RETURN(std::vector<TrendPoint> sorted, SortedByX(points));
  TrendAnalysis analysis;
  analysis.n = static_cast<int>(sorted.size());
  if (sorted.size() < 3) return analysis;  // insufficient data

  std::vector<double> ys;
  ys.reserve(sorted.size());
  for (const TrendPoint& p : sorted) ys.push_back(p.y);
  const KendallSums k = Kendall(ys);
  analysis.mann_kendall = FinishTest(analysis.n, k, alpha);

  std::vector<double> slopes;
  slopes.reserve(static_cast<std::size_t>(k.pairs));
  AppendSlopes(sorted, slopes);
  analysis.sen_slope = FinishSlope(std::move(slopes), sorted, k.variance, alpha);
  return analysis;
}

Result<TrendAnalysis> AnalyzeSeasonalTrend(std::span<const SeasonalTrendPoint> points,
                                           double alpha) {
  KINET_RETURN_IF_ERROR(CheckAlpha(alpha));
  KINET_ASSIGN_OR_RETURN(std::vector<SeasonalTrendPoint> sorted, SortedByX(points));
  TrendAnalysis analysis;
  analysis.n = static_cast<int>(sorted.size());
  if (sorted.size() < 3) return analysis;

  // Each season in order of x (sorted is already in x order).
  std::map<int, std::vector<TrendPoint>> seasons;
  std::vector<TrendPoint> all;
  all.reserve(sorted.size());
  for (const SeasonalTrendPoint& p : sorted) {
    seasons[p.season].push_back(TrendPoint{p.x, p.y});
    all.push_back(TrendPoint{p.x, p.y});
  }
  // Hirsch et al. (1982): S and Var(S) are sums of the seasons' statistics.
  KendallSums total;
  std::vector<double> slopes;
  std::vector<double> ys;
  for (const auto& [season, season_points] : seasons) {
    ys.clear();
    for (const TrendPoint& p : season_points) ys.push_back(p.y);
    const KendallSums k = Kendall(ys);
    total.s += k.s;
    total.variance += k.variance;
    total.pairs += k.pairs;
    AppendSlopes(season_points, slopes);
  }
  if (slopes.empty()) return analysis;  // no season holds two points
  analysis.mann_kendall = FinishTest(analysis.n, total, alpha);
  analysis.sen_slope = FinishSlope(std::move(slopes), all, total.variance, alpha);
  return analysis;
}

}  // namespace kinet
