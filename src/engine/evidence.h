// Evidence of a practice's result (issue 6, "Evidence"): did the city's
// measured series of an indicator improve after the measure started, and by
// more than comparable cities' series did over the same years?
//
// Sits in engine/ (pure, no I/O): the service (service/practice_service.h)
// gathers the implementing city's annual series (reported values preferred
// over KINet-computed ones) and the series of the comparison cities (same
// country or same size class), and this module computes. Pilot projects
// (issue 5) use the same function for their results framework.
//
// Usage facts: annual series of 5-30 values, 0-60 comparison cities, a
// handful of results per practice: everything is computed exactly, in
// microseconds, on demand (nothing is cached).
//
// The method (docs/practices.md, "How evidence is computed"):
// 1. Before and after means: the arithmetic means of the city's values in the
//    `before` and `after` year spans (inclusive); change d_c = after - before.
//    Each span needs at least `min_points_per_period` values, else no data.
// 2. Trends: the Theil-Sen slope (engine/trend.h) of the city's values from
//    the first year of `before` up to start_year - 1 ("before the start") and
//    from start_year on ("after"), in indicator units per year, with the
//    Mann-Kendall p-value; nullopt below 3 points. Shown, not used for the level.
// 3. Comparison cities: each one with enough values in both spans gives its
//    own change d_j over the same years. At least `min_comparison_cities`
//    (default 3) are needed, else no data.
// 4. Difference in differences: DiD = d_c - mean(d_j). Its uncertainty treats
//    the comparison cities' changes as a sample of what a city's change is
//    without the practice: with s the sample standard deviation of the d_j
//    and k their number, SE = s * sqrt(1 + 1/k) (the standard error of a new
//    observation's deviation from a sample mean, i.e. a prediction interval),
//    and the interval is DiD ± t_{(1+c)/2, k-1} * SE with Student's t.
//    A placebo check is reported beside it: each comparison city in turn is
//    treated as if it had the practice (its change minus the mean of the
//    others); placebo_p = (1 + number of placebo improvements at least as
//    large as the city's) / (k + 1), a permutation p-value (Abadie, Diamond &
//    Hainmueller 2010, §2.4, "placebo studies").
// 5. Level, respecting the indicator's direction (improvement = -DiD when
//    lower is better, +DiD when higher is better): "measured improvement"
//    when the whole interval of the improvement is above 0; "worse than
//    peers" when the whole interval is below 0; otherwise "not
//    distinguishable from peers". Too little data (1 or 3) is "no data".
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/indicator.h"
#include "core/practice.h"
#include "core/result.h"
#include "engine/progress.h"
#include "engine/trend.h"

namespace kinet {

enum class EvidenceLevel : std::uint8_t {
  kMeasuredImprovement,  // better than peers beyond the uncertainty
  kNotDistinguishable,   // a change, but within what peers did
  kWorseThanPeers,       // worse than peers beyond the uncertainty
  kNoData,               // too few values of the city or of comparison cities
};
// "measured-improvement", "not-distinguishable", "worse-than-peers", "no-data".
std::string_view EvidenceLevelCode(EvidenceLevel level);
std::optional<EvidenceLevel> ParseEvidenceLevel(std::string_view code);
// "Measured improvement", "Improvement not distinguishable from peers",
// "Worse than peers", "No data".
std::string_view EvidenceLevelName(EvidenceLevel level);

// The level of a practice with several results: the best level among them
// (improvement > not distinguishable > worse than peers > no data); every
// result's own level is shown beside it. No data for an empty list.
EvidenceLevel CombineEvidenceLevels(std::span<const EvidenceLevel> levels);

// One comparison city's annual series of the indicator.
struct EvidenceSeries {
  std::string city_code;
  std::vector<YearValue> values;  // any order, one value per year
};

struct EvidenceInput {
  Direction direction = Direction::kLowerIsBetter;  // of the indicator
  YearSpan before;                                  // inclusive
  YearSpan after;                                   // inclusive, after `before`
  int start_year = 0;                               // the practice's start year
  std::vector<YearValue> city;                      // the implementing city's series
  std::vector<EvidenceSeries> comparison;           // not including the city
};

struct EvidenceOptions {
  int min_points_per_period = 2;  // values needed in each of before and after
  int min_comparison_cities = 3;  // with enough values, for the spread of changes
  double confidence = 0.95;       // of the DiD interval and the trends' slope CIs
};

// The city's values in one span and their trend.
struct PeriodSummary {
  int n = 0;                            // values in the span
  std::optional<double> mean;           // nullopt when n == 0
  std::optional<SenSlopeResult> trend;  // Theil-Sen, units per year; nullopt when n < 3
  std::optional<double> trend_p_value;  // Mann-Kendall, two-sided
};

// One comparison city that had enough values.
struct ComparisonChange {
  std::string city_code;
  double before_mean = 0.0;
  double after_mean = 0.0;
  double change = 0.0;  // after - before
};

struct Evidence {
  EvidenceLevel level = EvidenceLevel::kNoData;
  std::string reason;  // one sentence saying why this level (shown to users)
  // Means over the before/after spans (step 1).
  PeriodSummary city_before;
  PeriodSummary city_after;
  std::optional<double> city_change;          // after mean - before mean
  std::optional<double> city_change_percent;  // relative to the before mean; nullopt if it is 0
  // Trends before start_year and from start_year on (step 2).
  PeriodSummary trend_before_start;
  PeriodSummary trend_after_start;
  // Comparison (steps 3-4).
  int comparison_candidates = 0;              // comparison series given
  std::vector<ComparisonChange> comparisons;  // those with enough values, by city code
  std::optional<double> peer_mean_change;     // mean of their changes
  std::optional<double> did;                  // city_change - peer_mean_change
  std::optional<double> did_standard_error;   // s * sqrt(1 + 1/k)
  std::optional<double> did_lower;            // the confidence interval of did
  std::optional<double> did_upper;
  int degrees_of_freedom = 0;         // k - 1
  std::optional<double> improvement;  // did signed so that > 0 is better
  std::optional<double> placebo_p;    // step 4's permutation p-value
  double confidence = 0.95;
};

// Computes the evidence of one result (the method in the module comment).
// InvalidArgument (field "before"/"after") when a span is not valid or
// `after` does not start after `before` ends, (field "confidence") when it is
// not in (0,1), (field "value") for a non-finite value or a year given twice
// in one series. Too little data is not an error: level kNoData with the
// reason.
Result<Evidence> ComputeEvidence(const EvidenceInput& input, const EvidenceOptions& options = {});

// Student's t quantile t_{p, df} for p in (0,1) and df >= 1, by bisection on
// the t distribution function (regularised incomplete beta, Numerical Recipes
// 3rd ed. §6.4 continued fraction). nullopt for p outside (0,1) or df < 1.
std::optional<double> StudentTQuantile(double p, int df);

}  // namespace kinet
