// The rules that turn a city's data into problems with a severity: a value
// beyond a limit, a target off its path, a significant worsening
// (docs/matching.md "Problem profile", where each rule has a worked example).
//
// Sits in engine/ (pure, no I/O). service/problem_service.h feeds it the
// city's annual series, limit rows and target progress; the thresholds are
// data (standards/matching/matching.toml [problems]), so a network can make
// them stricter without a new binary. Series are short (5-30 annual values),
// so the trend test of engine/trend.h runs exactly every time.
//
// The rules, with the default thresholds of matching.toml:
// - Exceeds a standard: excess = (value - limit) / limit, the exceedance
//   multiple of HJ 663-2013 §5.2 (a value at the limit is attained, as GB
//   3095 limits are "not to exceed"). Severity medium from 0.2, high from 0.5.
// - Off-track target (the progress rule of engine/progress.h said
//   off-track): shortfall = (latest - expected) / |target - baseline| in the
//   bad direction, where expected is the straight path at the latest year,
//   or the target value once the deadline has passed. Severity medium from
//   0.25, high from 0.5; a missed deadline is at least medium.
// - Worsening: the Mann-Kendall test on the last `trend_window_years` of the
//   series (at least `trend_min_points` values) is significant at
//   `trend_alpha` and its direction is the bad one for the indicator; rate =
//   |Theil-Sen slope| / |median of the window| per year. Severity medium
//   from 0.02 (2 % a year), high from 0.05 (5 % a year).
// The thresholds are KINet's choice, not a standard's: the bands say "far
// beyond" (half the limit again, half the planned way behind, 5 % a year)
// in the terms each finding is measured in.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/indicator.h"
#include "core/result.h"
#include "engine/progress.h"
#include "engine/trend.h"

namespace kinet {

enum class ProblemKind : std::uint8_t { kExceedsStandard, kOffTrackTarget, kWorsening };
// "exceeds-standard", "off-track-target", "worsening".
std::string_view ProblemKindCode(ProblemKind k);
// The inverse of ProblemKindCode; nullopt for any other text.
std::optional<ProblemKind> ParseProblemKind(std::string_view code);

enum class Severity : std::uint8_t { kLow, kMedium, kHigh };
// "low", "medium", "high".
std::string_view SeverityCode(Severity s);
std::optional<Severity> ParseSeverity(std::string_view code);

// A score at or above `medium` is medium, at or above `high` is high,
// otherwise low. medium <= high.
struct SeverityBands {
  double medium = 0.0;
  double high = 0.0;
};

// Grades `score` by `bands`.
Severity Grade(double score, const SeverityBands& bands);

struct ProblemRules {
  SeverityBands exceedance{0.2, 0.5};
  SeverityBands target_shortfall{0.25, 0.5};
  SeverityBands worsening_rate{0.02, 0.05};
  double trend_alpha = 0.05;
  int trend_window_years = 10;
  int trend_min_points = 5;
};

// Checks the rules: bands finite, 0 <= medium <= high; alpha in (0,1);
// window >= 3; 3 <= min points. InvalidArgument naming the field
// ("exceedance.medium", "trend_alpha" ...).
Status ValidateProblemRules(const ProblemRules& rules);

// What a rule found: the severity, the measure it was graded on, and the
// rule in words ("excess 21 % of the limit >= 20 %: medium").
struct Finding {
  Severity severity = Severity::kLow;
  double score = 0.0;
  std::string rule;
};

// A value against an upper limit (every limit of the limit sets is an
// upper limit). nullopt when value <= limit or limit <= 0.
std::optional<Finding> JudgeExceedance(double value, double limit, const ProblemRules& rules);

// A target's progress. nullopt unless `progress.status` is off-track and the
// latest value is known.
std::optional<Finding> JudgeOffTrack(const TargetPath& path, const ProgressAssessment& progress,
                                     const ProblemRules& rules);

// A significant worsening of an annual series.
struct Worsening {
  Finding finding;
  int from_year = 0;
  int to_year = 0;
  MannKendallResult mann_kendall;
  SenSlopeResult sen_slope;
  double median = 0.0;  // of the window's values
};

// Tests the last rules.trend_window_years of `series` (years up to and
// including `until`, any order) for a worsening in `direction`. nullopt when
// the window holds fewer than rules.trend_min_points values, the test is
// not significant, or the trend goes the good way. InvalidArgument when a
// year repeats or a value is not finite.
Result<std::optional<Worsening>> JudgeWorsening(std::span<const YearValue> series,
                                                Direction direction, int until,
                                                const ProblemRules& rules);

}  // namespace kinet
