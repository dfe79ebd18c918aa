// Trend statistics of indicator series: the Mann-Kendall test, the Theil-Sen
// slope with its confidence interval, and the seasonal Kendall test.
//
// Sits in engine/ (pure, no I/O). Used on annual or monthly indicator series
// (a city's annual PM2.5 mean over 5-30 years, a monthly series over up to a
// few decades), so n is small: every pairwise quantity is computed exactly in
// O(n^2) time and the n(n-1)/2 pairwise slopes are held in memory (a 50-year
// monthly series of 600 points needs 180 000 slopes, 1.4 MB).
//
// Conventions (docs/trends.md explains each with its source):
// - A series is a list of points (x, y). x is the time position in periods
//   from the first point (0, 1, 2 ... for a gap-free series); a missing
//   period is simply absent, so the points around a gap keep their place.
//   Points may come in any order; they are analysed in order of x.
// - Mann-Kendall (Mann 1945; Kendall 1975; Gilbert 1987 §16.4):
//   S = sum over i<j of sgn(y_j - y_i);
//   Var(S) = [n(n-1)(2n+5) - sum_t t(t-1)(2t+5)] / 18 over the groups of t
//   tied y values; z = (S-1)/sqrt(Var) if S>0, (S+1)/sqrt(Var) if S<0, else 0
//   (continuity correction); two-sided p = erfc(|z|/sqrt(2)).
// - tau is Kendall's tau-a, S / (n(n-1)/2), not corrected for ties (as
//   pymannkendall's Tau); with ties |tau| < 1 even for a monotone series.
// - The trend is "increasing" or "decreasing" when p < alpha (equivalently
//   |z| > z_{1-alpha/2}), by the sign of S; otherwise "no trend".
// - Theil-Sen slope (Theil 1950; Sen 1968) = median of (y_j - y_i)/(x_j - x_i)
//   over i<j, in y units per period. Its 100(1-alpha)% confidence interval
//   uses the rank method of R package `trend` (Pohlert), sens.slope:
//   C = z_{1-alpha/2} sqrt(Var(S)), N = number of slopes, lower = the sorted
//   slope at rank round((N - C)/2), upper = at rank round((N + C)/2 + 1),
//   1-based, rounded half to even as R's round() does, clamped to 1..N.
// - Intercept = median(y) - slope * median(x) (Conover 1980), with x as
//   above, so that for a gap-free series it equals pymannkendall's.
// - Seasonal Kendall (Hirsch, Slack & Smith 1982): S and Var(S) are summed over
//   seasons (each season's ties corrected within the season), z and p as
//   above, tau = S / sum of n_g(n_g-1)/2; the seasonal Sen slope is the median
//   of the within-season slopes (y_j - y_i)/(x_j - x_i), still per period of x
//   (pymannkendall's seasonal_sens_slope is per season cycle: ours x 12 for
//   monthly data). Seasons are assumed independent (no covariance term).
// - Fewer than 3 points: the result is "insufficient data" (nullopt), not an
//   error (STYLE.md).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "core/result.h"

namespace kinet {

// One observation: x is the time position in periods (see the module
// comment), y the value. Both must be finite.
struct TrendPoint {
  double x = 0.0;
  double y = 0.0;
};

// One observation of a seasonal series; `season` labels it (1..12 for the
// calendar month of a monthly series). Seasons need not be contiguous.
struct SeasonalTrendPoint {
  double x = 0.0;
  double y = 0.0;
  int season = 0;
};

enum class TrendDirection : std::uint8_t { kIncreasing, kDecreasing, kNoTrend };

// "increasing", "decreasing", "no trend".
std::string_view TrendDirectionCode(TrendDirection d);

// The Mann-Kendall (or seasonal Kendall) test of one series.
struct MannKendallResult {
  int n = 0;                                            // number of points used
  double s = 0.0;                                       // S, an integer
  double variance = 0.0;                                // Var(S), tie-corrected
  double z = 0.0;                                       // continuity-corrected; 0 when S = 0
  double p_value = 1.0;                                 // two-sided
  double tau = 0.0;                                     // tau-a: S / number of compared pairs
  TrendDirection direction = TrendDirection::kNoTrend;  // at the alpha of the call
};

// The Theil-Sen slope of one series, with its confidence interval.
struct SenSlopeResult {
  double slope = 0.0;        // y units per period of x
  double lower = 0.0;        // lower confidence limit of the slope
  double upper = 0.0;        // upper confidence limit of the slope
  double confidence = 0.95;  // 1 - alpha
  double intercept = 0.0;    // median(y) - slope * median(x), at x = 0
  int slopes = 0;            // N, the number of pairwise slopes
};

// A complete trend analysis: the test and the slope of the same series.
// Both are nullopt when the series has fewer than 3 points.
struct TrendAnalysis {
  int n = 0;  // points given
  std::optional<MannKendallResult> mann_kendall;
  std::optional<SenSlopeResult> sen_slope;
};

// Returns the standard normal quantile Phi^-1(p) for p in (0,1), by
// algorithm AS 241 (Wichura, M. J. (1988), "The percentage points of the
// normal distribution", Applied Statistics 37(3), 477-484; PPND16, about 16
// correct digits). Returns nullopt for p outside (0,1) or NaN.
std::optional<double> NormalQuantile(double p);

// Runs the Mann-Kendall test and the Theil-Sen slope on `points` at
// significance `alpha` (the CI is 100(1-alpha)%).
// Returns InvalidArgument when alpha is not in (0,1), a coordinate is not
// finite, or two points share an x (field "x"). Fewer than 3 points give a
// TrendAnalysis whose results are nullopt.
Result<TrendAnalysis> AnalyzeTrend(std::span<const TrendPoint> points, double alpha);

// The seasonal Kendall test and seasonal Sen slope (Hirsch et al. 1982) on
// `points`, each labelled with its season. The CI uses the summed Var(S) and
// the within-season slopes. Same errors as AnalyzeTrend (x must be unique over
// the whole series). Results are nullopt with fewer than 3 points or when no
// season holds two points.
Result<TrendAnalysis> AnalyzeSeasonalTrend(std::span<const SeasonalTrendPoint> points,
                                           double alpha);

}  // namespace kinet
