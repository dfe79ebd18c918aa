#include "service/air_values_service.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/indicator.h"
#include "core/period.h"
#include "core/pollutant.h"
#include "engine/aqi.h"
#include "engine/value_checks.h"
#include "service/indicator_service.h"
#include "service/monitoring_service.h"
#include "service/network_service.h"
#include "store/indicator_repository.h"
#include "store/monitoring_repository.h"

namespace kinet {
namespace {

// GB 3095-2012 Table 4: an annual statistic needs at least 324 daily values
// (the engine's ValidityRules::min_days_per_year, which sets
// AnnualStatistics::valid). Applied to days with an AQI for the good-day
// ratio (KINet's choice, docs/monitoring.md).
constexpr int kMinDaysPerYear = 324;

// The statistics of the catalogue's air-engine indicators and the daily
// percentile each one is (HJ 663-2013 §5.3, AirAssessmentRules::percentile).
struct AirStatistic {
  std::string_view code;
  double percentile;  // 0 for the annual mean and the good-day ratio
};
constexpr AirStatistic kStatistics[] = {
    {"annual-mean", 0.0},
    {"daily-p95", 0.95},
    {"mda8-p90", 0.90},
    {"good-day-ratio", 0.0},
};

// One indicator-year as computed, before it is stored.
struct Computed {
  const Indicator* indicator = nullptr;
  AirValueResult result;
  bool valid = false;
  std::string source;
};

std::string Fixed(double v) { return fmt::format("{:.1f}", v); }

// The value of `indicator` in the city's assessment `a`. Internal when the
// catalogue asks for a statistic or percentile the engine does not compute
// (a catalogue edit the engine has not followed: better refuse than store
// another statistic under the indicator's name).
Result<Computed> Compute(const Indicator& indicator, const CityAirAssessment& a) {
  Computed c;
  c.indicator = &indicator;
  AirValueResult& r = c.result;
  r.indicator_code = indicator.code;
  r.year = a.year;
  r.days_in_year = DaysInYear(a.year);
  r.stations = static_cast<int>(a.city_stations.size());
  const std::string inputs =
      fmt::format("inputs {}..{} LST, sha256 {}", a.time_from, a.time_to, a.input_checksum);
  const std::string stations =
      fmt::format("{} urban station{}", r.stations, r.stations == 1 ? "" : "s");
  if (indicator.statistic == "good-day-ratio") {
    for (const AqiYearRow& row : a.assessment.aqi) {
      if (row.level != SeriesLevel::kCity || row.id != a.city.code) continue;
      if (row.good_ratio) r.value = 100.0 * *row.good_ratio;
      r.valid_days = row.aqi_days;
    }
    c.valid = r.value.has_value() && r.valid_days >= kMinDaysPerYear;
    c.source = fmt::format("KINet air engine: daily AQI {} {} (good day: AQI <= 100); {}",
                           a.aqi_rule_set, a.aqi_rule_set_version, inputs);
    r.note = fmt::format("{}; {} of {} days with an AQI ({} %)", stations, r.valid_days,
                         r.days_in_year, Fixed(100.0 * r.valid_days / r.days_in_year));
  } else {
    const AirStatistic* statistic = nullptr;
    for (const AirStatistic& s : kStatistics) {
      if (s.code == indicator.statistic) statistic = &s;
    }
    const std::optional<Pollutant> pollutant = ParsePollutant(indicator.pollutant);
    const std::optional<std::size_t> k = pollutant ? AqiPollutantIndex(*pollutant) : std::nullopt;
    if (statistic == nullptr || !k ||
        (statistic->percentile > 0 &&
         std::abs(AirAssessmentRules{}.percentile[*k] - statistic->percentile) > 1e-9)) {
      return Internal(fmt::format(
          "indicator {}: the air engine does not compute statistic '{}' of pollutant '{}'",
          indicator.code, indicator.statistic, indicator.pollutant));
    }
    for (const AnnualAssessmentRow& row : a.assessment.annual) {
      if (row.level != SeriesLevel::kCity || row.id != a.city.code || row.pollutant != *pollutant) {
        continue;
      }
      r.value = statistic->percentile > 0 ? row.stats.percentile : row.stats.mean;
      r.valid_days = row.stats.valid_days;
      c.valid = row.stats.valid && r.valid_days >= kMinDaysPerYear;
    }
    c.valid = c.valid && r.value.has_value();
    c.source = fmt::format("KINet air engine: {} {} annual statistics of the city value; {}",
                           kAnnualRuleSet, kAnnualRuleSetVersion, inputs);
    r.note = fmt::format("{}; {} of {} valid daily values ({} %)", stations, r.valid_days,
                         r.days_in_year, Fixed(100.0 * r.valid_days / r.days_in_year));
  }
  if (!c.valid) {
    r.note = fmt::format(
        "not valid: {}; GB 3095-2012 Table 4 needs {} daily values for an annual statistic", r.note,
        kMinDaysPerYear);
  }
  return c;
}

}  // namespace

std::string_view AirValueOutcomeCode(AirValueOutcome outcome) {
  switch (outcome) {
    case AirValueOutcome::kInserted:
      return "inserted";
    case AirValueOutcome::kUpdated:
      return "updated";
    case AirValueOutcome::kUnchanged:
      return "unchanged";
    case AirValueOutcome::kNotValid:
      return "not-valid";
    case AirValueOutcome::kRemoved:
      return "removed";
  }
  return "unchanged";
}

int AirPublishSummary::Count(AirValueOutcome outcome) const {
  return static_cast<int>(std::count_if(
      values.begin(), values.end(), [&](const AirValueResult& v) { return v.outcome == outcome; }));
}

int AirPublishSummary::Changed() const {
  return Count(AirValueOutcome::kInserted) + Count(AirValueOutcome::kUpdated) +
         Count(AirValueOutcome::kRemoved);
}

Result<AirPublishSummary> AirValuesService::Publish(std::string_view city_key,
                                                    const AirPublishOptions& options) {
  KINET_ASSIGN_OR_RETURN(CityProfile profile, NetworkService(db_).FindCity(city_key));
  const City& city = profile.city;
  AirPublishSummary summary;
  summary.city_code = city.code;

  KINET_ASSIGN_OR_RETURN(std::vector<int> with_data,
                         MonitoringRepository(db_).CityYears(city.code));
  if (options.years.empty()) {
    summary.years = with_data;
  } else {
    for (int year : options.years) {
      if (std::find(with_data.begin(), with_data.end(), year) == with_data.end()) {
        return Status(StatusCode::kNotFound,
                      fmt::format("no monitoring data for {} in {}", city.code, year), "--year");
      }
      summary.years.push_back(year);
    }
  }
  std::sort(summary.years.begin(), summary.years.end());
  summary.years.erase(std::unique(summary.years.begin(), summary.years.end()), summary.years.end());

  KINET_RETURN_IF_ERROR(IndicatorService(db_).SyncBuiltinCatalogue());
  KINET_ASSIGN_OR_RETURN(std::vector<Indicator> catalogue, IndicatorRepository(db_).List());
  std::erase_if(catalogue, [](const Indicator& i) { return i.computed_by != "air-engine"; });

  // The assessment checks the default limit sets plus the one the problem
  // profile judges the city's country by, so that the profile reads stored
  // rows (problem_service.cc) instead of assessing again.
  AirAssessOptions assess;
  assess.store = false;
  assess.limit_sets = DefaultLimitSets();
  if (const StandardChoice* choice = config_.StandardFor(city.country_code)) {
    const std::string set = fmt::format("{}:{}", choice->limit_set, choice->level);
    if (std::find(assess.limit_sets.begin(), assess.limit_sets.end(), set) ==
        assess.limit_sets.end()) {
      assess.limit_sets.push_back(set);
    }
  }
  MonitoringService monitoring(db_);
  std::vector<CityAirAssessment> assessments;
  std::vector<Computed> computed;
  for (int year : summary.years) {
    KINET_ASSIGN_OR_RETURN(CityAirAssessment a, monitoring.AssessCityYear(city.code, year, assess));
    assessments.push_back(std::move(a));
  }
  for (const CityAirAssessment& a : assessments) {
    for (const Indicator& indicator : catalogue) {
      KINET_ASSIGN_OR_RETURN(Computed c, Compute(indicator, a));
      computed.push_back(std::move(c));
    }
  }

  KINET_RETURN_IF_ERROR(db_.Transact([&](Executor& tx) -> Status {
    for (const CityAirAssessment& a : assessments) {
      KINET_RETURN_IF_ERROR(StoreAirAssessment(tx, a));
    }
    IndicatorValueRepository values(tx);
    for (Computed& c : computed) {
      AirValueResult& r = c.result;
      const std::string period = std::to_string(r.year);
      if (!c.valid) {
        KINET_ASSIGN_OR_RETURN(std::optional<IndicatorValue> removed,
                               values.Delete(city.code, r.indicator_code, period,
                                             SourceKind::kComputed, options.actor));
        r.outcome = removed ? AirValueOutcome::kRemoved : AirValueOutcome::kNotValid;
        continue;
      }
      IndicatorValue v;
      v.city_code = city.code;
      v.indicator_code = r.indicator_code;
      v.period = period;
      v.value = *r.value;
      v.entered_value = *r.value;
      v.entered_unit = c.indicator->unit;
      v.source_kind = SourceKind::kComputed;
      v.source = c.source;
      v.note = r.note;
      v.status = ValueStatus::kPublished;
      // The checks every recorded value gets (indicator_service.cc): range,
      // and a jump against the latest earlier computed year.
      if (std::optional<ValueFlag> f = CheckRange(*c.indicator, v.value)) v.flags.push_back(*f);
      KINET_ASSIGN_OR_RETURN(std::vector<IndicatorValue> series,
                             values.ValuesFor(city.code, r.indicator_code, SourceKind::kComputed));
      std::vector<SeriesValue> earlier;
      for (const IndicatorValue& e : series) {
        if (e.period.size() == period.size() && e.period < period && !e.doubtful) {
          earlier.push_back({e.period, e.value});
        }
      }
      if (std::optional<ValueFlag> f = CheckJump(earlier, v.value)) v.flags.push_back(*f);
      KINET_ASSIGN_OR_RETURN(UpsertResult stored, values.Upsert(v, options.actor));
      r.outcome = stored.action == UpsertAction::kInserted  ? AirValueOutcome::kInserted
                  : stored.action == UpsertAction::kUpdated ? AirValueOutcome::kUpdated
                                                            : AirValueOutcome::kUnchanged;
    }
    return OkStatus();
  }));
  for (Computed& c : computed) summary.values.push_back(std::move(c.result));
  return summary;
}

}  // namespace kinet
