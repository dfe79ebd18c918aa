// Progress of a city towards a quantitative target: achieved, on track, off
// track or insufficient data, with every input of the verdict shown.
//
// Sits in engine/ (pure, no I/O). service/target_service.h feeds it a stored
// target and the city's annual series of the target's indicator. Series are
// short (a baseline and 3-20 annual values), so the Theil-Sen slope of
// engine/trend.h is computed exactly each time.
//
// The rule (docs/indicators.md, "Targets and progress", with a worked
// example). Let b = baseline, t = target, y0/yT their years, E the evaluation
// year, and "meets" mean <= for lower-is-better and >= for higher-is-better.
// The observations used are those with y0 < year <= E.
//  1. No observation, or the latest one older than E - max_data_age_years:
//     insufficient data (the status would describe the past, not now).
//  2. The latest observed value meets t: achieved.
//  3. E > yT (the deadline has passed) and not achieved: off track.
//  4. Fewer than min_observations (3) observations: insufficient data. Three
//     is the fewest points for which the Mann-Kendall/Theil-Sen of trend.h
//     gives a result, and one or two years cannot separate a trend from
//     year-to-year weather.
//  5. On track iff the latest value is at or better than the straight path
//     from (y0, b) to (yT, t) at the latest year, OR the Theil-Sen line
//     through the baseline and the observations, projected to yT, meets t.
//     Otherwise off track.
// The Theil-Sen line is fitted to the baseline point (y0, b) plus the
// observations (x = year - y0), so the target's own baseline anchors it.
// Projected year of attainment: the first whole year at which the line
// meets t, not before the year after the latest observation; nullopt when
// the slope is zero or points away from the target.
// Milestones are judged by the observed value of their own year: met,
// missed, pending (year after E) or no data.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/indicator.h"  // Direction
#include "core/result.h"

namespace kinet {

// One annual value of an indicator.
struct YearValue {
  int year = 0;
  double value = 0.0;
  friend bool operator==(const YearValue&, const YearValue&) = default;
};

struct Milestone {
  int year = 0;
  double value = 0.0;
};

// The quantitative part of a target.
struct TargetPath {
  int baseline_year = 0;
  double baseline_value = 0.0;
  int target_year = 0;
  double target_value = 0.0;
  Direction direction = Direction::kLowerIsBetter;
  std::vector<Milestone> milestones;
};

// Checks a target path: finite values, target_year > baseline_year,
// milestone years strictly between them and unique. InvalidArgument naming
// the field ("target_year", "milestones").
Status ValidateTargetPath(const TargetPath& path);

enum class ProgressStatus : std::uint8_t { kAchieved, kOnTrack, kOffTrack, kInsufficientData };
// "achieved", "on-track", "off-track", "insufficient-data".
std::string_view ProgressStatusCode(ProgressStatus s);

enum class MilestoneStatus : std::uint8_t { kMet, kMissed, kPending, kNoData };
// "met", "missed", "pending", "no-data".
std::string_view MilestoneStatusCode(MilestoneStatus s);

struct MilestoneCheck {
  Milestone milestone;
  MilestoneStatus status = MilestoneStatus::kNoData;
  std::optional<double> observed;
};

struct ProgressOptions {
  int min_observations = 3;    // rule 4
  int max_data_age_years = 3;  // rule 1: latest observation at least E - 3
  double alpha = 0.05;         // for the Theil-Sen confidence interval (shown, not used)
};

struct ProgressAssessment {
  ProgressStatus status = ProgressStatus::kInsufficientData;
  std::string reason;  // one sentence naming the rule that decided
  int evaluation_year = 0;
  int observations = 0;  // used, y0 < year <= E
  std::optional<int> latest_year;
  std::optional<double> latest_value;
  std::optional<double> expected_at_latest;  // straight path at latest_year
  std::optional<double> sen_slope;           // per year
  std::optional<double> sen_slope_lower;     // confidence interval of the slope
  std::optional<double> sen_slope_upper;
  std::optional<double> projected_at_target;  // the Theil-Sen line at target_year
  std::optional<int> projected_attainment_year;
  std::vector<MilestoneCheck> milestones;
};

// The value of the straight path from the baseline to the target at `year`
// (linear interpolation; extrapolated outside [y0, yT]).
double StraightPathValue(const TargetPath& path, double year);

// True when `value` meets `target` in `direction` (<= or >=).
bool Meets(double value, double target, Direction direction);

// Assesses `path` at `evaluation_year` from `series` (any order; a year
// given twice is InvalidArgument, as is a non-finite value). An invalid
// path is InvalidArgument (ValidateTargetPath).
Result<ProgressAssessment> AssessProgress(const TargetPath& path, std::span<const YearValue> series,
                                          int evaluation_year, const ProgressOptions& options = {});

}  // namespace kinet
