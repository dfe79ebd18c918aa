#include "engine/compliance.h"

#include <algorithm>
#include <array>
#include <utility>

#include <fmt/format.h>

#include "engine/statistics.h"

namespace kinet {

namespace {

constexpr std::array<std::pair<LimitStatistic, std::string_view>, 5> kStatisticCodes = {{
    {LimitStatistic::kAnnualMean, "annual-mean"},
    {LimitStatistic::kPeakSeasonMean, "peak-season-mean"},
    {LimitStatistic::kPercentile, "percentile"},
    {LimitStatistic::kMax, "max"},
    {LimitStatistic::kExceedanceCount, "exceedance-count"},
}};

}  // namespace

std::string_view LimitStatisticCode(LimitStatistic s) {
  for (const auto& [statistic, code] : kStatisticCodes) {
    if (statistic == s) return code;
  }
  return "annual-mean";
}

std::optional<LimitStatistic> ParseLimitStatistic(std::string_view code) {
  for (const auto& [statistic, text] : kStatisticCodes) {
    if (text == code) return statistic;
  }
  return std::nullopt;
}

std::string_view ComplianceVerdictCode(ComplianceVerdict v) {
  switch (v) {
    case ComplianceVerdict::kAttained:
      return "attained";
    case ComplianceVerdict::kExceeded:
      return "exceeded";
    case ComplianceVerdict::kInsufficientData:
      return "insufficient data";
  }
  return "insufficient data";
}

const LimitLevel* LimitSet::FindLevel(std::string_view level) const {
  for (const LimitLevel& l : levels) {
    if (l.id == level) return &l;
  }
  return nullptr;
}

std::vector<Limit> LimitSet::LimitsOf(std::string_view level) const {
  std::vector<Limit> out;
  for (const Limit& l : limits) {
    if (l.level == level) out.push_back(l);
  }
  return out;
}

const Limit* LimitSet::Find(std::string_view level, Pollutant pollutant,
                            Averaging averaging) const {
  for (const Limit& l : limits) {
    if (l.level == level && l.pollutant == pollutant && l.averaging == averaging) return &l;
  }
  return nullptr;
}

namespace {

// Returns `v` times `factor`, or nullopt.
std::optional<double> Scaled(const std::optional<double>& v, double factor) {
  if (!v) return std::nullopt;
  return *v * factor;
}

int CountAbove(std::span<const double> values, double limit) {
  return static_cast<int>(
      std::count_if(values.begin(), values.end(), [limit](double v) { return v > limit; }));
}

LimitEvaluation Evaluate(const Limit& limit, const PollutantYear& year, double factor,
                         const ComplianceOptions& options) {
  LimitEvaluation e;
  e.limit = limit;
  e.valid_days = static_cast<int>(year.daily.size());
  e.data_capture = year.data_capture;
  std::vector<double> daily;
  daily.reserve(year.daily.size());
  for (double v : year.daily) daily.push_back(v * factor);
  const bool enough_days = e.valid_days >= options.min_valid_days;
  const bool on_daily_values =
      limit.averaging == Averaging::kDay || limit.averaging == Averaging::kEightHour;

  switch (limit.statistic) {
    case LimitStatistic::kAnnualMean:
      e.value = Scaled(year.annual_mean, factor);
      e.data_valid = e.value.has_value() && year.annual_mean_valid;
      break;
    case LimitStatistic::kPeakSeasonMean:
      // The caller computes the peak season (WHO 2021) and answers for it.
      e.value = Scaled(year.peak_season_mean, factor);
      e.data_valid = e.value.has_value();
      break;
    case LimitStatistic::kPercentile:
      e.value = Percentile(daily, limit.percentile.value_or(1.0));
      e.data_valid = enough_days;
      break;
    case LimitStatistic::kMax:
      if (limit.averaging == Averaging::kHour) {
        e.value = Scaled(year.max_hour, factor);
      } else if (limit.averaging == Averaging::kQuarter) {
        e.value = Scaled(year.max_quarter, factor);
      } else if (on_daily_values && !daily.empty()) {
        e.value = *std::max_element(daily.begin(), daily.end());
      }
      e.data_valid = enough_days;
      break;
    case LimitStatistic::kExceedanceCount:
      if (!daily.empty()) e.value = CountAbove(daily, limit.value);
      e.allowed_exceedance_days = limit.allowed_exceedances.value_or(0);
      e.data_valid = enough_days;
      break;
  }
  if (on_daily_values && !daily.empty()) e.exceedance_days = CountAbove(daily, limit.value);
  if (!e.value) return e;  // verdict stays "insufficient data"

  bool exceeded = false;
  if (limit.statistic == LimitStatistic::kExceedanceCount) {
    exceeded = *e.value > *e.allowed_exceedance_days;
    e.margin = *e.allowed_exceedance_days - *e.value;
  } else {
    // "Not exceeding": a value equal to the limit is attained.
    exceeded = *e.value > limit.value;
    e.margin = limit.value - *e.value;
    if (limit.value > 0.0) e.exceedance_multiple = (*e.value - limit.value) / limit.value;
  }
  if (e.data_valid) {
    e.verdict = exceeded ? ComplianceVerdict::kExceeded : ComplianceVerdict::kAttained;
  } else if (exceeded && limit.statistic == LimitStatistic::kExceedanceCount) {
    e.verdict = ComplianceVerdict::kExceeded;  // more days cannot lower the count
  }
  return e;
}

}  // namespace

Result<std::vector<LimitEvaluation>> EvaluateCompliance(const LimitSet& set, std::string_view level,
                                                        std::span<const PollutantYear> years,
                                                        const ComplianceOptions& options) {
  if (set.FindLevel(level) == nullptr) {
    return NotFound(fmt::format("limit set '{}' has no level '{}'", set.id, level));
  }
  for (std::size_t i = 0; i < years.size(); ++i) {
    for (std::size_t j = i + 1; j < years.size(); ++j) {
      if (years[i].pollutant == years[j].pollutant) {
        return InvalidArgument(
            fmt::format("pollutant {} is given twice", PollutantCode(years[i].pollutant)),
            "pollutant");
      }
    }
  }
  std::vector<LimitEvaluation> out;
  for (const Limit& limit : set.limits) {
    if (limit.level != level) continue;
    const auto year = std::find_if(years.begin(), years.end(), [&](const PollutantYear& y) {
      return y.pollutant == limit.pollutant;
    });
    if (year == years.end()) continue;
    Result<double> factor =
        ConversionFactor(limit.pollutant, year->unit, limit.unit, kReference25C);
    if (!factor.ok()) {
      return InvalidArgument(
          fmt::format("{} values in {} cannot be compared with a limit in {}: {}",
                      PollutantCode(limit.pollutant), UnitCode(year->unit), UnitCode(limit.unit),
                      factor.status().message()),
          "unit");
    }
    out.push_back(Evaluate(limit, *year, *factor, options));
  }
  return out;
}

std::optional<double> SingleItemIndex(double concentration, double standard) {
  if (!(standard > 0.0)) return std::nullopt;
  return concentration / standard;
}

std::optional<CompositeIndex> ComputeCompositeIndex(std::span<const IndexItem> items) {
  if (items.empty()) return std::nullopt;
  CompositeIndex index;
  double largest = 0.0;
  for (const IndexItem& item : items) {
    const std::optional<double> i = SingleItemIndex(item.concentration, item.standard);
    if (!i) return std::nullopt;
    index.items.emplace_back(item.pollutant, *i);
    index.value += *i;
    if (index.items.size() == 1 || *i > largest) {
      largest = *i;
      index.primary = item.pollutant;
    }
  }
  return index;
}

const Limit* IndexStandard(const LimitSet& set, std::string_view level, Pollutant pollutant) {
  switch (pollutant) {
    case Pollutant::kSo2:
    case Pollutant::kNo2:
    case Pollutant::kPm10:
    case Pollutant::kPm25:
      return set.Find(level, pollutant, Averaging::kYear);
    case Pollutant::kCo:
      return set.Find(level, pollutant, Averaging::kDay);
    case Pollutant::kO3:
      return set.Find(level, pollutant, Averaging::kEightHour);
    default:
      return nullptr;
  }
}

}  // namespace kinet
