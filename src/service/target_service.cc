#include "service/target_service.h"

#include <chrono>
#include <cmath>

#include <fmt/format.h>

#include "service/annual_series.h"
#include "store/indicator_repository.h"
#include "store/registry_repository.h"

namespace kinet {
namespace {

TargetPath PathOf(const Target& t, Direction direction) {
  TargetPath p;
  p.baseline_year = t.baseline_year;
  p.baseline_value = t.baseline_value;
  p.target_year = t.target_year;
  p.target_value = t.target_value;
  p.direction = direction;
  for (const TargetMilestone& m : t.milestones) p.milestones.push_back(Milestone{m.year, m.value});
  return p;
}

int CurrentUtcYear() {
  const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return static_cast<int>(std::chrono::year_month_day(today).year());
}

Status CheckCity(Executor& ex, const std::optional<std::string>& city_code) {
  if (!city_code) return OkStatus();
  return CityRepository(ex).FindByCode(*city_code).status();
}

}  // namespace

Result<TargetUpsertResult> TargetService::Set(const Target& target, std::string_view actor) {
  // The path rules first, so a bad target never reaches the database; the
  // direction does not matter to them.
  KINET_RETURN_IF_ERROR(ValidateTargetPath(PathOf(target, Direction::kLowerIsBetter)));
  if (target.city_code.empty()) return InvalidArgument("the target needs a city", "city");
  if (target.indicator_code.empty()) {
    return InvalidArgument("the target needs an indicator", "indicator");
  }
  TargetUpsertResult result;
  KINET_RETURN_IF_ERROR(db_.Transact([&](Executor& tx) -> Status {
    KINET_ASSIGN_OR_RETURN(result, TargetRepository(tx).Upsert(target, actor));
    return OkStatus();
  }));
  return result;
}

Result<std::vector<Target>> TargetService::List(std::optional<std::string> city_code) {
  KINET_RETURN_IF_ERROR(CheckCity(db_, city_code));
  TargetQuery q;
  q.city_code = std::move(city_code);
  return TargetRepository(db_).List(q);
}

Result<std::vector<TargetProgress>> TargetService::Progress(const ProgressQuery& query) {
  KINET_RETURN_IF_ERROR(CheckCity(db_, query.city_code));
  TargetQuery q;
  q.city_code = query.city_code;
  q.indicator_code = query.indicator_code;
  KINET_ASSIGN_OR_RETURN(std::vector<Target> targets, TargetRepository(db_).List(q));
  std::vector<TargetProgress> out;
  IndicatorRepository indicators(db_);
  for (Target& t : targets) {
    TargetProgress p;
    KINET_ASSIGN_OR_RETURN(Indicator indicator, indicators.FindByCode(t.indicator_code));
    p.direction = indicator.direction;
    p.unit = indicator.unit;
    // Visibility before the reported-over-computed choice: the public sees
    // a published computed value where the reported one is unpublished.
    KINET_ASSIGN_OR_RETURN(
        std::vector<IndicatorValue> stored,
        VisibleValuesFor(db_, t.city_code, t.indicator_code, [&](const IndicatorValue& v) {
          return !query.published_only || v.status == ValueStatus::kPublished;
        }));
    for (const IndicatorValue& v : stored) {
      if (v.period.size() != 4) continue;  // annual values only
      p.series.push_back(YearValue{std::atoi(v.period.c_str()), v.value});
      if (v.status != ValueStatus::kPublished) ++p.unpublished_values;
    }
    int year = CurrentUtcYear();
    if (query.evaluation_year) {
      year = *query.evaluation_year;
    } else if (!p.series.empty()) {
      year = p.series.back().year;  // in period order
    }
    KINET_ASSIGN_OR_RETURN(p.assessment, AssessProgress(PathOf(t, p.direction), p.series, year));
    p.target = std::move(t);
    out.push_back(std::move(p));
  }
  return out;
}

namespace {

Result<Resource> TargetCity(Executor& ex, std::string_view code) {
  Result<City> city = CityRepository(ex).FindByCode(code);
  if (!city.ok()) {
    if (city.status().code() == StatusCode::kNotFound) {
      return InvalidArgument(fmt::format("unknown city '{}'", code), "city");
    }
    return city.status();
  }
  return Resource::City(city->country_code, city->code);
}

}  // namespace

Result<TargetUpsertResult> TargetService::Set(const Principal& who, const Target& target) {
  if (target.city_code.empty()) return InvalidArgument("the target needs a city", "city");
  KINET_ASSIGN_OR_RETURN(Resource on, TargetCity(db_, target.city_code));
  KINET_RETURN_IF_ERROR(Require(who, Action::kWriteTarget, on));
  return Set(target, who.actor());
}

Result<std::vector<TargetProgress>> TargetService::Progress(const Principal& who,
                                                            ProgressQuery query) {
  if (!query.city_code) return InvalidArgument("the city is missing", "city");
  Result<City> city = CityRepository(db_).FindByCode(*query.city_code);
  if (!city.ok()) return city.status();  // NotFound for an unknown city
  query.published_only =
      !Can(who, Action::kReadUnpublished, Resource::City(city->country_code, city->code));
  return Progress(query);
}

}  // namespace kinet
