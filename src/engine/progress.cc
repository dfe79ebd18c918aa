#include "engine/progress.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "engine/trend.h"

namespace kinet {

std::string_view ProgressStatusCode(ProgressStatus s) {
  switch (s) {
    case ProgressStatus::kAchieved:
      return "achieved";
    case ProgressStatus::kOnTrack:
      return "on-track";
    case ProgressStatus::kOffTrack:
      return "off-track";
    case ProgressStatus::kInsufficientData:
      return "insufficient-data";
  }
  return "?";
}

std::string_view MilestoneStatusCode(MilestoneStatus s) {
  switch (s) {
    case MilestoneStatus::kMet:
      return "met";
    case MilestoneStatus::kMissed:
      return "missed";
    case MilestoneStatus::kPending:
      return "pending";
    case MilestoneStatus::kNoData:
      return "no-data";
  }
  return "?";
}

Status ValidateTargetPath(const TargetPath& path) {
  if (!std::isfinite(path.baseline_value)) {
    return InvalidArgument("the baseline value must be a finite number", "baseline_value");
  }
  if (!std::isfinite(path.target_value)) {
    return InvalidArgument("the target value must be a finite number", "target_value");
  }
  if (path.target_year <= path.baseline_year) {
    return InvalidArgument(fmt::format("the target year {} must be after the baseline year {}",
                                       path.target_year, path.baseline_year),
                           "target_year");
  }
  std::set<int> years;
  for (const Milestone& m : path.milestones) {
    if (m.year <= path.baseline_year || m.year >= path.target_year) {
      return InvalidArgument(
          fmt::format("milestone year {} must lie between the baseline year {} and the target "
                      "year {}",
                      m.year, path.baseline_year, path.target_year),
          "milestones");
    }
    if (!std::isfinite(m.value)) {
      return InvalidArgument(fmt::format("milestone {} needs a finite value", m.year),
                             "milestones");
    }
    if (!years.insert(m.year).second) {
      return InvalidArgument(fmt::format("milestone year {} is given twice", m.year), "milestones");
    }
  }
  return OkStatus();
}

double StraightPathValue(const TargetPath& path, double year) {
  const double span = static_cast<double>(path.target_year - path.baseline_year);
  return path.baseline_value + (path.target_value - path.baseline_value) *
                                   (year - static_cast<double>(path.baseline_year)) / span;
}

bool Meets(double value, double target, Direction direction) {
  return direction == Direction::kLowerIsBetter ? value <= target : value >= target;
}

namespace {

std::string Num(double v) { return fmt::format("{:g}", v); }

// The first whole year >= `not_before` at which intercept + slope*(year-y0)
// meets the target; nullopt when the line never gets there.
std::optional<int> AttainmentYear(const TargetPath& path, double intercept, double slope,
                                  int not_before) {
  const bool improving = path.direction == Direction::kLowerIsBetter ? slope < 0 : slope > 0;
  if (!improving) return std::nullopt;
  const double x = (path.target_value - intercept) / slope;  // years after the baseline
  const double year = std::ceil(static_cast<double>(path.baseline_year) + x - 1e-9);
  if (!std::isfinite(year) || year > 1e6) return std::nullopt;
  return std::max(static_cast<int>(year), not_before);
}

}  // namespace

Result<ProgressAssessment> AssessProgress(const TargetPath& path, std::span<const YearValue> series,
                                          int evaluation_year, const ProgressOptions& options) {
  KINET_RETURN_IF_ERROR(ValidateTargetPath(path));
  std::vector<YearValue> sorted(series.begin(), series.end());
  std::sort(sorted.begin(), sorted.end(),
            [](const YearValue& a, const YearValue& b) { return a.year < b.year; });
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    if (!std::isfinite(sorted[i].value)) {
      return InvalidArgument(fmt::format("the value of {} is not a finite number", sorted[i].year),
                             "series");
    }
    if (i > 0 && sorted[i].year == sorted[i - 1].year) {
      return InvalidArgument(fmt::format("the series holds {} twice", sorted[i].year), "series");
    }
  }

  ProgressAssessment a;
  a.evaluation_year = evaluation_year;

  // Milestones first: they do not depend on the verdict.
  for (const Milestone& m : path.milestones) {
    MilestoneCheck check;
    check.milestone = m;
    auto it = std::find_if(sorted.begin(), sorted.end(),
                           [&](const YearValue& v) { return v.year == m.year; });
    if (m.year > evaluation_year) {
      check.status = MilestoneStatus::kPending;
    } else if (it == sorted.end()) {
      check.status = MilestoneStatus::kNoData;
    } else {
      check.observed = it->value;
      check.status = Meets(it->value, m.value, path.direction) ? MilestoneStatus::kMet
                                                               : MilestoneStatus::kMissed;
    }
    a.milestones.push_back(check);
  }

  std::vector<YearValue> used;
  for (const YearValue& v : sorted) {
    if (v.year > path.baseline_year && v.year <= evaluation_year) used.push_back(v);
  }
  a.observations = static_cast<int>(used.size());

  // Rule 1: no recent data.
  if (used.empty()) {
    a.reason = fmt::format("no value after the baseline year {} up to {}", path.baseline_year,
                           evaluation_year);
    return a;
  }
  const YearValue latest = used.back();
  a.latest_year = latest.year;
  a.latest_value = latest.value;
  a.expected_at_latest = StraightPathValue(path, latest.year);

  // The Theil-Sen line through the baseline and the observations, shown
  // with every verdict that has enough points.
  std::vector<TrendPoint> points;
  points.push_back(TrendPoint{0.0, path.baseline_value});
  for (const YearValue& v : used) {
    points.push_back(TrendPoint{static_cast<double>(v.year - path.baseline_year), v.value});
  }
  if (static_cast<int>(used.size()) >= options.min_observations) {
    KINET_ASSIGN_OR_RETURN(TrendAnalysis trend, AnalyzeTrend(points, options.alpha));
    if (trend.sen_slope) {
      const SenSlopeResult& sen = *trend.sen_slope;
      a.sen_slope = sen.slope;
      a.sen_slope_lower = sen.lower;
      a.sen_slope_upper = sen.upper;
      a.projected_at_target =
          sen.intercept + sen.slope * static_cast<double>(path.target_year - path.baseline_year);
      a.projected_attainment_year = AttainmentYear(path, sen.intercept, sen.slope, latest.year + 1);
    }
  }

  if (latest.year < evaluation_year - options.max_data_age_years) {
    a.reason = fmt::format("the latest value is of {}, more than {} years before {}", latest.year,
                           options.max_data_age_years, evaluation_year);
    return a;
  }
  const std::string_view op = path.direction == Direction::kLowerIsBetter ? "<=" : ">=";
  // Rule 2.
  if (Meets(latest.value, path.target_value, path.direction)) {
    a.status = ProgressStatus::kAchieved;
    a.projected_attainment_year.reset();  // attained already
    a.reason = fmt::format("the {} value {} {} the target {}", latest.year, Num(latest.value), op,
                           Num(path.target_value));
    return a;
  }
  // Rule 3.
  if (evaluation_year > path.target_year) {
    a.status = ProgressStatus::kOffTrack;
    a.reason =
        fmt::format("the target year {} has passed and the {} value {} does not meet {}",
                    path.target_year, latest.year, Num(latest.value), Num(path.target_value));
    return a;
  }
  // Rule 4.
  if (a.observations < options.min_observations) {
    a.reason = fmt::format("{} value(s) after the baseline year {}; at least {} are needed",
                           a.observations, path.baseline_year, options.min_observations);
    return a;
  }
  // Rule 5.
  const bool on_path = Meets(latest.value, *a.expected_at_latest, path.direction);
  const bool trend_ok =
      a.projected_at_target && Meets(*a.projected_at_target, path.target_value, path.direction);
  if (on_path || trend_ok) {
    a.status = ProgressStatus::kOnTrack;
    if (on_path) {
      a.reason = fmt::format("the {} value {} is at or better than the straight path ({})",
                             latest.year, Num(latest.value), Num(*a.expected_at_latest));
    } else {
      a.reason = fmt::format("the Theil-Sen trend reaches {} by {} (target {})",
                             Num(*a.projected_at_target), path.target_year, Num(path.target_value));
    }
  } else {
    a.status = ProgressStatus::kOffTrack;
    a.reason = fmt::format(
        "the {} value {} is behind the straight path ({}) and the Theil-Sen trend reaches only "
        "{} by {} (target {})",
        latest.year, Num(latest.value), Num(*a.expected_at_latest),
        a.projected_at_target ? Num(*a.projected_at_target) : std::string("n/a"), path.target_year,
        Num(path.target_value));
  }
  return a;
}

}  // namespace kinet
