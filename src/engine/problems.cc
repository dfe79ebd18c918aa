#include "engine/problems.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <vector>

#include <fmt/format.h>

namespace kinet {
namespace {

std::string Percent(double fraction) { return fmt::format("{:.0f} %", 100.0 * fraction); }

// "excess 21 % of the limit >= 20 %: medium" (the band that decided, or the
// lowest one the score stays under).
std::string RuleText(std::string_view measure, double score, const SeverityBands& bands,
                     Severity severity, std::string_view unit_word) {
  if (severity == Severity::kHigh) {
    return fmt::format("{} {}{} >= {}: high", measure, Percent(score), unit_word,
                       Percent(bands.high));
  }
  if (severity == Severity::kMedium) {
    return fmt::format("{} {}{} >= {}: medium", measure, Percent(score), unit_word,
                       Percent(bands.medium));
  }
  return fmt::format("{} {}{} < {}: low", measure, Percent(score), unit_word,
                     Percent(bands.medium));
}

Status CheckBands(const SeverityBands& b, std::string_view name) {
  if (!std::isfinite(b.medium) || b.medium < 0) {
    return InvalidArgument(fmt::format("{}.medium must be a number >= 0", name),
                           fmt::format("{}.medium", name));
  }
  if (!std::isfinite(b.high) || b.high < b.medium) {
    return InvalidArgument(fmt::format("{}.high must be a number >= {}.medium", name, name),
                           fmt::format("{}.high", name));
  }
  return OkStatus();
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

}  // namespace

std::string_view ProblemKindCode(ProblemKind k) {
  switch (k) {
    case ProblemKind::kExceedsStandard:
      return "exceeds-standard";
    case ProblemKind::kOffTrackTarget:
      return "off-track-target";
    case ProblemKind::kWorsening:
      return "worsening";
  }
  return "exceeds-standard";
}

std::optional<ProblemKind> ParseProblemKind(std::string_view code) {
  for (ProblemKind k :
       {ProblemKind::kExceedsStandard, ProblemKind::kOffTrackTarget, ProblemKind::kWorsening}) {
    if (ProblemKindCode(k) == code) return k;
  }
  return std::nullopt;
}

std::string_view SeverityCode(Severity s) {
  switch (s) {
    case Severity::kLow:
      return "low";
    case Severity::kMedium:
      return "medium";
    case Severity::kHigh:
      return "high";
  }
  return "low";
}

std::optional<Severity> ParseSeverity(std::string_view code) {
  for (Severity s : {Severity::kLow, Severity::kMedium, Severity::kHigh}) {
    if (SeverityCode(s) == code) return s;
  }
  return std::nullopt;
}

Severity Grade(double score, const SeverityBands& bands) {
  if (score >= bands.high) return Severity::kHigh;
  if (score >= bands.medium) return Severity::kMedium;
  return Severity::kLow;
}

Status ValidateProblemRules(const ProblemRules& rules) {
  KINET_RETURN_IF_ERROR(CheckBands(rules.exceedance, "exceedance"));
  KINET_RETURN_IF_ERROR(CheckBands(rules.target_shortfall, "target_shortfall"));
  KINET_RETURN_IF_ERROR(CheckBands(rules.worsening_rate, "worsening_rate"));
  if (!(rules.trend_alpha > 0 && rules.trend_alpha < 1)) {
    return InvalidArgument("trend_alpha must be in (0, 1)", "trend_alpha");
  }
  if (rules.trend_window_years < 3) {
    return InvalidArgument("trend_window_years must be at least 3", "trend_window_years");
  }
  if (rules.trend_min_points < 3) {
    return InvalidArgument(
        "trend_min_points must be at least 3 (the fewest the Mann-Kendall "
        "test works on)",
        "trend_min_points");
  }
  return OkStatus();
}

std::optional<Finding> JudgeExceedance(double value, double limit, const ProblemRules& rules) {
  if (!(limit > 0) || !std::isfinite(value) || value <= limit) return std::nullopt;
  Finding f;
  f.score = (value - limit) / limit;
  f.severity = Grade(f.score, rules.exceedance);
  f.rule = RuleText("excess", f.score, rules.exceedance, f.severity, " of the limit");
  return f;
}

std::optional<Finding> JudgeOffTrack(const TargetPath& path, const ProgressAssessment& progress,
                                     const ProblemRules& rules) {
  if (progress.status != ProgressStatus::kOffTrack || !progress.latest_value ||
      !progress.latest_year) {
    return std::nullopt;
  }
  const double way = std::abs(path.target_value - path.baseline_value);
  const bool deadline_passed = progress.evaluation_year > path.target_year;
  // Where the city should be: on the straight path at its latest year, or
  // at the target itself once the deadline has passed.
  const double expected = deadline_passed || *progress.latest_year >= path.target_year
                              ? path.target_value
                              : StraightPathValue(path, *progress.latest_year);
  const double behind = path.direction == Direction::kLowerIsBetter
                            ? *progress.latest_value - expected
                            : expected - *progress.latest_value;
  Finding f;
  // A target whose baseline equals its target value has no "way"; any
  // shortfall is then the whole of it.
  f.score = way > 0 ? std::max(0.0, behind) / way : (behind > 0 ? 1.0 : 0.0);
  f.severity = Grade(f.score, rules.target_shortfall);
  f.rule =
      RuleText("shortfall", f.score, rules.target_shortfall, f.severity, " of the planned change");
  if (deadline_passed && f.severity == Severity::kLow) {
    f.severity = Severity::kMedium;
    f.rule += "; deadline passed: at least medium";
  }
  return f;
}

Result<std::optional<Worsening>> JudgeWorsening(std::span<const YearValue> series,
                                                Direction direction, int until,
                                                const ProblemRules& rules) {
  std::set<int> years;
  std::vector<YearValue> window;
  for (const YearValue& v : series) {
    if (!std::isfinite(v.value)) {
      return InvalidArgument(fmt::format("value of {} is not a finite number", v.year), "value");
    }
    if (!years.insert(v.year).second) {
      return InvalidArgument(fmt::format("year {} is given twice", v.year), "year");
    }
    if (v.year <= until && v.year > until - rules.trend_window_years) window.push_back(v);
  }
  if (static_cast<int>(window.size()) < rules.trend_min_points) return std::optional<Worsening>();
  std::sort(window.begin(), window.end(),
            [](const YearValue& a, const YearValue& b) { return a.year < b.year; });
  std::vector<TrendPoint> points;
  std::vector<double> values;
  for (const YearValue& v : window) {
    points.push_back({static_cast<double>(v.year - window.front().year), v.value});
    values.push_back(v.value);
  }
  KINET_ASSIGN_OR_RETURN(TrendAnalysis trend, AnalyzeTrend(points, rules.trend_alpha));
  if (!trend.mann_kendall || !trend.sen_slope) return std::optional<Worsening>();
  const TrendDirection bad = direction == Direction::kLowerIsBetter ? TrendDirection::kIncreasing
                                                                    : TrendDirection::kDecreasing;
  if (trend.mann_kendall->direction != bad) return std::optional<Worsening>();
  Worsening w;
  w.from_year = window.front().year;
  w.to_year = window.back().year;
  w.mann_kendall = *trend.mann_kendall;
  w.sen_slope = *trend.sen_slope;
  w.median = Median(values);
  const double scale = std::abs(w.median);
  w.finding.score = scale > 0 ? std::abs(w.sen_slope.slope) / scale : 1.0;
  w.finding.severity = Grade(w.finding.score, rules.worsening_rate);
  w.finding.rule = RuleText("worsening", w.finding.score, rules.worsening_rate, w.finding.severity,
                            " of the median a year");
  w.finding.rule +=
      fmt::format(" (Mann-Kendall p = {:.3g} < {})", w.mann_kendall.p_value, rules.trend_alpha);
  return std::optional<Worsening>(std::move(w));
}

}  // namespace kinet
