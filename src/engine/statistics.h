// Order statistics and means of daily/annual series: the arithmetic behind
// every assessed indicator (annual means, percentiles of daily values).
//
// Sits in engine/ (pure, no I/O). Inputs are small spans (at most a few
// thousand daily values), called once per station x year x pollutant, so the
// percentile copies and partially sorts its input rather than asking callers
// to pre-sort. Missing values are not represented here: callers pass only the
// valid values, and "no data" comes back as nullopt.
#pragma once

#include <optional>
#include <span>

namespace kinet {

// Returns the arithmetic mean of `values`, or nullopt when `values` is empty.
// Summation is left to right in double precision.
std::optional<double> Mean(std::span<const double> values);

// Returns the p-th percentile (p in [0,1]) of `values`, which need not be
// sorted, by HJ 663-2013 §5.3 (eq. 3) -- identical to numpy 'linear' and
// R quantile type 7: with x1 <= ... <= xn sorted, k = 1 + (n-1)p,
// s = floor(k), value = x_s + (x_{s+1} - x_s)(k - s), and x_n when s = n.
// Returns nullopt when `values` is empty. p outside [0,1] is clamped.
std::optional<double> Percentile(std::span<const double> values, double p);

// As Percentile, but `values` is reordered in place (no copy); for hot paths
// that own a scratch buffer.
std::optional<double> PercentileInPlace(std::span<double> values, double p);

}  // namespace kinet
