#include "service/pilot_service.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <span>
#include <tuple>
#include <utility>

#include <fmt/format.h>

#include "core/csv.h"
#include "core/embedded.h"
#include "core/period.h"
#include "ingest/xlsx_writer.h"
#include "service/annual_series.h"
#include "service/pilot_json.h"
#include "service/practice_service.h"
#include "store/indicator_repository.h"
#include "store/migrations.h"
#include "store/pilot_repository.h"
#include "store/registry_repository.h"
#include "store/target_repository.h"

namespace kinet {
namespace {

Status RequireDate(std::string_view text, std::string field) {
  if (!ParseDate(text).ok()) {
    return InvalidArgument(fmt::format("{} '{}' is not a date YYYY-MM-DD", field, text), field);
  }
  return OkStatus();
}

// The city's resource for permission checks; NotFound for an unknown city.
Result<Resource> CityResource(Executor& db, std::string_view city_code) {
  KINET_ASSIGN_OR_RETURN(City city, CityRepository(db).FindByCode(city_code));
  return Resource::City(city.country_code, city.code);
}

std::string Fmt(double v) { return fmt::format("{}", v); }

Status ValidateCall(Executor& db, const PilotCall& call) {
  if (call.title.empty()) return InvalidArgument("the call needs a title", "title");
  KINET_RETURN_IF_ERROR(RequireDate(call.opens, "opens"));
  KINET_RETURN_IF_ERROR(RequireDate(call.closes, "closes"));
  if (call.closes < call.opens) {
    return InvalidArgument(
        fmt::format("the call closes ({}) before it opens ({})", call.closes, call.opens),
        "closes");
  }
  if (call.candidate_cities.empty()) {
    return InvalidArgument("the call needs at least one candidate city", "candidates");
  }
  std::set<std::string> seen;
  for (const std::string& code : call.candidate_cities) {
    if (!seen.insert(code).second) {
      return InvalidArgument(fmt::format("candidate '{}' is listed twice", code), "candidates");
    }
    Result<City> city = CityRepository(db).FindByCode(code);
    if (!city.ok()) {
      if (city.status().code() == StatusCode::kNotFound) {
        return InvalidArgument(fmt::format("unknown candidate city '{}'", code), "candidates");
      }
      return city.status();
    }
    if (!call.eligible_countries.empty() &&
        std::find(call.eligible_countries.begin(), call.eligible_countries.end(),
                  city->country_code) == call.eligible_countries.end()) {
      return InvalidArgument(
          fmt::format("candidate '{}' is in {}, which is not an eligible country of the call", code,
                      city->country_code),
          "candidates");
    }
  }
  if (call.criteria.empty()) {
    return InvalidArgument("the call needs at least one criterion", "criteria");
  }
  std::set<std::string> codes;
  for (std::size_t i = 0; i < call.criteria.size(); ++i) {
    const PilotCriterion& k = call.criteria[i];
    auto field = [i](std::string_view f) { return fmt::format("criteria[{}].{}", i, f); };
    if (k.code.empty()) return InvalidArgument("a criterion needs a code", field("code"));
    if (!codes.insert(k.code).second) {
      return InvalidArgument(fmt::format("criterion code '{}' is used twice", k.code),
                             field("code"));
    }
    if (!std::isfinite(k.weight) || k.weight <= 0) {
      return InvalidArgument(
          fmt::format("criterion '{}': the weight {} is not a positive number", k.code, k.weight),
          field("weight"));
    }
    if (k.source == CriterionSource::kIndicator && k.indicator_code.empty()) {
      return InvalidArgument(fmt::format("criterion '{}' needs an indicator", k.code),
                             field("indicator"));
    }
    if (k.source == CriterionSource::kScheme && k.scheme_id.empty()) {
      return InvalidArgument(fmt::format("criterion '{}' needs a scheme", k.code), field("scheme"));
    }
    if ((k.source == CriterionSource::kIndicator || k.source == CriterionSource::kScheme) &&
        !k.year) {
      return InvalidArgument(fmt::format("criterion '{}' needs the year of its values", k.code),
                             field("year"));
    }
    const bool needs_target =
        k.direction == CriterionDirection::kTarget || k.normalisation == Normalisation::kTarget;
    if (needs_target && (!k.target_value || !std::isfinite(*k.target_value))) {
      return InvalidArgument(
          fmt::format("criterion '{}' is judged against a target and needs target_value", k.code),
          field("target_value"));
    }
  }
  return OkStatus();
}

Status ValidateProject(const PilotProject& p) {
  if (p.title.empty()) return InvalidArgument("the project needs a title", "title");
  if (p.city_code.empty()) return InvalidArgument("the project needs a city", "city");
  KINET_RETURN_IF_ERROR(RequireDate(p.start, "start"));
  KINET_RETURN_IF_ERROR(RequireDate(p.end, "end"));
  if (p.end <= p.start) {
    return InvalidArgument(
        fmt::format("the project ends ({}) before it starts ({})", p.end, p.start), "end");
  }
  for (std::size_t i = 0; i < p.themes.size(); ++i) {
    if (!ParseTheme(p.themes[i])) {
      return InvalidArgument(
          fmt::format("'{}' is not a theme (air, water, noise, waste, green-space, energy, "
                      "management)",
                      p.themes[i]),
          fmt::format("themes[{}]", i));
    }
  }
  if (p.budget && (!std::isfinite(*p.budget) || *p.budget < 0)) {
    return InvalidArgument("the budget is not a non-negative number", "budget");
  }
  for (std::size_t i = 0; i < p.partners.size(); ++i) {
    if (p.partners[i].code.empty() && p.partners[i].name.empty()) {
      return InvalidArgument("a partner needs a code or a name", fmt::format("partners[{}]", i));
    }
  }
  for (std::size_t i = 0; i < p.funding.size(); ++i) {
    const PilotFunding& f = p.funding[i];
    if (f.source.empty() || !std::isfinite(f.amount) || f.amount < 0) {
      return InvalidArgument("a funding line needs a source and a non-negative amount",
                             fmt::format("funding[{}]", i));
    }
  }
  for (std::size_t i = 0; i < p.indicators.size(); ++i) {
    const PilotResultIndicator& x = p.indicators[i];
    if (x.target_year <= x.baseline_year) {
      return InvalidArgument(fmt::format("indicator '{}': the target year {} is not after the "
                                         "baseline year {}",
                                         x.indicator_code, x.target_year, x.baseline_year),
                             fmt::format("indicators[{}].target_year", i));
    }
    if (!std::isfinite(x.baseline_value) || !std::isfinite(x.target_value)) {
      return InvalidArgument("baseline and target must be numbers",
                             fmt::format("indicators[{}]", i));
    }
  }
  for (std::size_t i = 0; i < p.milestones.size(); ++i) {
    const PilotMilestone& m = p.milestones[i];
    if (m.title.empty()) {
      return InvalidArgument("a milestone needs a title", fmt::format("milestones[{}]", i));
    }
    KINET_RETURN_IF_ERROR(RequireDate(m.due, fmt::format("milestones[{}].due", i)));
    if (!m.done.empty()) {
      KINET_RETURN_IF_ERROR(RequireDate(m.done, fmt::format("milestones[{}].done", i)));
    }
  }
  return OkStatus();
}

// One criterion value of one candidate, with where it came from.
Result<CriterionValueSource> GatherValue(Executor& db, const PilotCriterion& k, const City& city,
                                         const std::vector<PilotRating>& ratings) {
  CriterionValueSource out;
  switch (k.source) {
    case CriterionSource::kIndicator: {
      const std::string period = std::to_string(*k.year);
      IndicatorValueQuery q;
      q.city_code = city.code;
      q.indicator_code = k.indicator_code;
      q.from = period;
      q.to = period;
      KINET_ASSIGN_OR_RETURN(std::vector<IndicatorValue> values,
                             IndicatorValueRepository(db).List(q));
      // A public selection rests on published data only: the reported value
      // when published, else a published computed one (List puts reported
      // first).
      const IndicatorValue* unpublished = nullptr;
      for (const IndicatorValue& v : values) {
        if (v.period != period) continue;
        if (v.status != ValueStatus::kPublished) {
          if (unpublished == nullptr) unpublished = &v;
          continue;
        }
        out.value = v.value;
        out.provenance =
            fmt::format("{} {} {} (published{})", k.indicator_code, period,
                        SourceKindCode(v.source_kind), v.source.empty() ? "" : "; " + v.source);
        return out;
      }
      if (unpublished != nullptr) {
        out.provenance = fmt::format("missing: the {} value of {} {} is {}, not published",
                                     SourceKindCode(unpublished->source_kind), k.indicator_code,
                                     period, ValueStatusCode(unpublished->status));
        return out;
      }
      out.provenance = fmt::format("missing: no value of {} for {}", k.indicator_code, period);
      return out;
    }
    case CriterionSource::kScheme: {
      KINET_ASSIGN_OR_RETURN(std::vector<SchemeScoreRecord> scores,
                             SchemeScoreRepository(db).List(k.scheme_id, *k.year, city.code));
      if (scores.empty() || scores.front().max_total <= 0) {
        out.provenance =
            fmt::format("missing: no stored score of scheme {} in {}", k.scheme_id, *k.year);
        return out;
      }
      const SchemeScoreRecord& s = scores.front();
      out.value = 100.0 * s.total / s.max_total;
      out.provenance = fmt::format("scheme {} {} {}: {} of {} points = {:.1f} %", s.scheme_id,
                                   s.scheme_version, s.year, s.total, s.max_total, *out.value);
      return out;
    }
    case CriterionSource::kRating:
      for (const PilotRating& r : ratings) {
        if (r.criterion_code == k.code && r.city_code == city.code) {
          out.value = r.value;
          out.provenance = fmt::format("rating {} by {} ({}){}", r.value, r.assessor, r.rated_at,
                                       r.note.empty() ? "" : ": " + r.note);
          return out;
        }
      }
      out.provenance = "missing: not rated yet";
      return out;
    case CriterionSource::kPopulation:
      if (!city.population) {
        out.provenance = "missing: the city's population is not recorded";
        return out;
      }
      out.value = static_cast<double>(city.population->persons);
      out.provenance = fmt::format("population {} ({}, {})", city.population->persons,
                                   city.population->year, city.population->kind);
      return out;
  }
  return out;
}

// InvalidArgument ("comparison_cities[i]") for an unknown comparison city
// or the project's own city.
Status ValidateComparisonCities(Executor& db, const PilotProject& project) {
  for (std::size_t i = 0; i < project.comparison_cities.size(); ++i) {
    const std::string& code = project.comparison_cities[i];
    Result<City> c = CityRepository(db).FindByCode(code);
    if (!c.ok() || code == project.city_code) {
      return InvalidArgument(c.ok() ? fmt::format("'{}' is the project's own city", code)
                                    : fmt::format("unknown comparison city '{}'", code),
                             fmt::format("comparison_cities[{}]", i));
    }
  }
  return OkStatus();
}

// Conflict naming both states unless `from` → `to` is in the table of
// IsAllowedProjectTransition; reopening (completed → active) is also refused
// once the pilot became a best practice, whose results claim its end.
Status CheckProjectTransition(const PilotProject& p, ProjectStatus to) {
  if (!IsAllowedProjectTransition(p.status, to)) {
    return Status(StatusCode::kConflict,
                  fmt::format("project {} is {}; it cannot become {} (planned → active → "
                              "completed; planned or active → cancelled; completed → active)",
                              p.id.value, ProjectStatusCode(p.status), ProjectStatusCode(to)),
                  "status");
  }
  if (p.status == ProjectStatus::kCompleted && !p.practice_code.empty()) {
    return Status(StatusCode::kConflict,
                  fmt::format("project {} is completed and became practice {}; it cannot "
                              "become {} again",
                              p.id.value, p.practice_code, ProjectStatusCode(to)),
                  "status");
  }
  return OkStatus();
}

// The years in which the city has a value of the line's indicator between
// its baseline and target years (any status: these are the actuals the
// results framework shows to those who may read them).
Result<std::vector<int>> ActualYears(Executor& db, std::string_view city_code,
                                     const PilotResultIndicator& line) {
  KINET_ASSIGN_OR_RETURN(std::vector<IndicatorValue> values,
                         IndicatorValueRepository(db).ValuesFor(city_code, line.indicator_code));
  std::vector<int> years;
  for (const IndicatorValue& v : values) {
    if (v.period.size() != 4) continue;  // annual values only, as ShowProject
    const int year = std::stoi(v.period);
    if (year >= line.baseline_year && year <= line.target_year) years.push_back(year);
  }
  return years;
}

bool MayReadReports(const Principal& who, const Resource& city) {
  return Can(who, Action::kWritePilotReport, city) || Can(who, Action::kManagePilots, city);
}

}  // namespace

// ---- calls -------------------------------------------------------------------

Result<PilotCall> PilotService::CreateCall(const Principal& who, const PilotCall& call) {
  KINET_RETURN_IF_ERROR(Require(who, Action::kManagePilots, Resource::None()));
  KINET_RETURN_IF_ERROR(ValidateCall(db_, call));
  PilotCall stored;
  KINET_RETURN_IF_ERROR(db_.Transact([&](Executor& tx) -> Status {
    KINET_ASSIGN_OR_RETURN(stored, PilotRepository(tx).InsertCall(call, who.actor()));
    return OkStatus();
  }));
  return stored;
}

Result<PilotCall> PilotService::UpdateCall(const Principal& who, const PilotCall& call) {
  KINET_RETURN_IF_ERROR(Require(who, Action::kManagePilots, Resource::None()));
  KINET_ASSIGN_OR_RETURN(PilotCall old, PilotRepository(db_).FindCall(call.id));
  const std::string today = UtcNowText().substr(0, 10);
  if (old.closes < today) {
    return FailedPrecondition(fmt::format(
        "call {} closed on {}; a closed call is the record of its selection and is not edited",
        call.id.value, old.closes));
  }
  KINET_RETURN_IF_ERROR(ValidateCall(db_, call));
  PilotCall stored;
  KINET_RETURN_IF_ERROR(db_.Transact([&](Executor& tx) -> Status {
    KINET_ASSIGN_OR_RETURN(stored, PilotRepository(tx).UpdateCall(call, who.actor()));
    return OkStatus();
  }));
  return stored;
}

Result<std::vector<PilotCall>> PilotService::ListCalls() {
  return PilotRepository(db_).ListCalls();
}

Result<PilotCall> PilotService::FindCall(PilotCallId id) {
  return PilotRepository(db_).FindCall(id);
}

Result<PilotRating> PilotService::Rate(const Principal& who, const PilotRating& rating) {
  KINET_RETURN_IF_ERROR(Require(who, Action::kRatePilotCandidate, Resource::None()));
  KINET_ASSIGN_OR_RETURN(PilotCall call, FindCall(rating.call_id));
  auto crit =
      std::find_if(call.criteria.begin(), call.criteria.end(),
                   [&](const PilotCriterion& k) { return k.code == rating.criterion_code; });
  if (crit == call.criteria.end()) {
    return InvalidArgument(
        fmt::format("call {} has no criterion '{}'", call.id.value, rating.criterion_code),
        "criterion");
  }
  if (crit->source != CriterionSource::kRating) {
    return InvalidArgument(fmt::format("criterion '{}' comes from the {} data, not from ratings",
                                       crit->code, CriterionSourceCode(crit->source)),
                           "criterion");
  }
  if (std::find(call.candidate_cities.begin(), call.candidate_cities.end(), rating.city_code) ==
      call.candidate_cities.end()) {
    return InvalidArgument(
        fmt::format("'{}' is not a candidate of call {}", rating.city_code, call.id.value), "city");
  }
  if (!std::isfinite(rating.value)) {
    return InvalidArgument("the rating is not a number", "value");
  }
  PilotRating stored;
  KINET_RETURN_IF_ERROR(db_.Transact([&](Executor& tx) -> Status {
    KINET_ASSIGN_OR_RETURN(stored, PilotRepository(tx).UpsertRating(rating, who.actor()));
    return OkStatus();
  }));
  return stored;
}

Result<std::vector<PilotRating>> PilotService::ListRatings(PilotCallId id) {
  KINET_RETURN_IF_ERROR(FindCall(id).status());
  return PilotRepository(db_).ListRatings(id);
}

Result<PilotRanking> PilotService::Rank(PilotCallId id, const McdaOptions& options) {
  PilotRanking out;
  KINET_ASSIGN_OR_RETURN(out.call, FindCall(id));
  KINET_ASSIGN_OR_RETURN(std::vector<PilotRating> ratings, ListRatings(id));
  out.sensitivity_step = options.sensitivity_step;
  out.computed_at = UtcNowText();
  McdaProblem problem;
  problem.missing_rule = out.call.missing_rule;
  for (const PilotCriterion& k : out.call.criteria) {
    problem.criteria.push_back(
        McdaCriterion{k.code, k.direction, k.normalisation, k.target_value, k.weight});
  }
  for (const std::string& code : out.call.candidate_cities) {
    KINET_ASSIGN_OR_RETURN(City city, CityRepository(db_).FindByCode(code));
    McdaAlternative alt;
    alt.code = code;
    std::vector<CriterionValueSource> inputs;
    for (const PilotCriterion& k : out.call.criteria) {
      KINET_ASSIGN_OR_RETURN(CriterionValueSource v, GatherValue(db_, k, city, ratings));
      alt.values.push_back(v.value);
      inputs.push_back(std::move(v));
    }
    problem.alternatives.push_back(std::move(alt));
    out.inputs.push_back(std::move(inputs));
  }
  KINET_ASSIGN_OR_RETURN(out.result, RankAlternatives(problem, options));
  return out;
}

// ---- projects ----------------------------------------------------------------

Result<PilotProject> PilotService::CreateProject(const Principal& who,
                                                 const PilotProject& project) {
  KINET_RETURN_IF_ERROR(Require(who, Action::kManagePilots, Resource::None()));
  KINET_RETURN_IF_ERROR(ValidateProject(project));
  KINET_RETURN_IF_ERROR(ValidateComparisonCities(db_, project));
  PilotProject stored;
  KINET_RETURN_IF_ERROR(db_.Transact([&](Executor& tx) -> Status {
    KINET_ASSIGN_OR_RETURN(stored, PilotRepository(tx).InsertProject(project, who.actor()));
    return OkStatus();
  }));
  return stored;
}

Result<PilotProject> PilotService::SetProjectStatus(const Principal& who, PilotProjectId id,
                                                    ProjectStatus status) {
  KINET_RETURN_IF_ERROR(Require(who, Action::kManagePilots, Resource::None()));
  KINET_ASSIGN_OR_RETURN(PilotProject p, PilotRepository(db_).FindProject(id));
  if (p.status == status) return p;
  KINET_RETURN_IF_ERROR(CheckProjectTransition(p, status));
  KINET_RETURN_IF_ERROR(db_.Transact([&](Executor& tx) -> Status {
    return PilotRepository(tx).SetProjectStatus(id, status, who.actor());
  }));
  return PilotRepository(db_).FindProject(id);
}

Result<PilotProject> PilotService::UpdateProject(const Principal& who,
                                                 const PilotProject& project) {
  KINET_RETURN_IF_ERROR(Require(who, Action::kManagePilots, Resource::None()));
  KINET_RETURN_IF_ERROR(ValidateProject(project));
  KINET_ASSIGN_OR_RETURN(PilotProject old, PilotRepository(db_).FindProject(project.id));
  if (project.city_code != old.city_code) {
    // The results framework, the actuals, the reports and who writes them
    // all belong to the city: another city is another project.
    return InvalidArgument(
        fmt::format("project {} is the pilot of {}; its city cannot become '{}' (cancel it and "
                    "create a project for the other city)",
                    old.id.value, old.city_code, project.city_code),
        "city");
  }
  KINET_RETURN_IF_ERROR(ValidateComparisonCities(db_, project));
  if (project.status != old.status) {
    KINET_RETURN_IF_ERROR(CheckProjectTransition(old, project.status));
  }
  // A results-framework line whose indicator the city has already reported
  // for the project's years is progress on record: removing it would hide
  // those actuals from the project silently. Correcting its baseline or
  // target stays possible.
  for (const PilotResultIndicator& line : old.indicators) {
    const bool kept = std::any_of(
        project.indicators.begin(), project.indicators.end(),
        [&](const PilotResultIndicator& n) { return n.indicator_code == line.indicator_code; });
    if (kept) continue;
    KINET_ASSIGN_OR_RETURN(std::vector<int> years, ActualYears(db_, old.city_code, line));
    if (!years.empty()) {
      return Status(StatusCode::kConflict,
                    fmt::format("indicator '{}' of project {} has actual values ({} in {}..{}); "
                                "it cannot be removed from the results framework",
                                line.indicator_code, old.id.value, years.size(), line.baseline_year,
                                line.target_year),
                    "indicators");
    }
  }
  PilotProject stored;
  KINET_RETURN_IF_ERROR(db_.Transact([&](Executor& tx) -> Status {
    KINET_ASSIGN_OR_RETURN(stored, PilotRepository(tx).UpdateProject(project, who.actor()));
    return OkStatus();
  }));
  return stored;
}

Result<PilotProject> PilotService::FindProject(PilotProjectId id) {
  return PilotRepository(db_).FindProject(id);
}

Result<PilotProject> PilotService::AddMilestone(const Principal& who, PilotProjectId id,
                                                const PilotMilestone& milestone) {
  KINET_RETURN_IF_ERROR(Require(who, Action::kManagePilots, Resource::None()));
  if (milestone.title.empty()) return InvalidArgument("a milestone needs a title", "title");
  KINET_RETURN_IF_ERROR(RequireDate(milestone.due, "due"));
  if (!milestone.done.empty()) KINET_RETURN_IF_ERROR(RequireDate(milestone.done, "done"));
  KINET_ASSIGN_OR_RETURN(PilotProject p, PilotRepository(db_).FindProject(id));
  if (p.status == ProjectStatus::kCompleted || p.status == ProjectStatus::kCancelled) {
    return Conflict(fmt::format("project {} is {}; its milestones are closed", id.value,
                                ProjectStatusCode(p.status)));
  }
  KINET_RETURN_IF_ERROR(db_.Transact([&](Executor& tx) -> Status {
    return PilotRepository(tx).AddMilestone(id, milestone, who.actor());
  }));
  return PilotRepository(db_).FindProject(id);
}

Result<PilotProject> PilotService::CompleteMilestone(const Principal& who, PilotProjectId id,
                                                     std::size_t milestone_index,
                                                     std::string_view date) {
  KINET_ASSIGN_OR_RETURN(PilotProject p, PilotRepository(db_).FindProject(id));
  KINET_ASSIGN_OR_RETURN(Resource city, CityResource(db_, p.city_code));
  KINET_RETURN_IF_ERROR(Require(who, Action::kWritePilotReport, city));
  KINET_RETURN_IF_ERROR(RequireDate(date, "date"));
  KINET_RETURN_IF_ERROR(db_.Transact([&](Executor& tx) -> Status {
    return PilotRepository(tx).SetMilestoneDone(id, milestone_index, date, who.actor());
  }));
  return PilotRepository(db_).FindProject(id);
}

Result<std::vector<PilotProject>> PilotService::ListProjects(const PilotProjectQuery& query) {
  PilotProjectFilter filter;
  if (query.city_code) {
    KINET_RETURN_IF_ERROR(CityRepository(db_).FindByCode(*query.city_code).status());
    filter.city_code = query.city_code;
  }
  if (query.call_id) filter.call_id = query.call_id->value;
  filter.status = query.status;
  return PilotRepository(db_).ListProjects(filter);
}

Result<PilotProjectView> PilotService::ShowProject(const Principal& who, PilotProjectId id) {
  PilotProjectView view;
  KINET_ASSIGN_OR_RETURN(view.project, PilotRepository(db_).FindProject(id));
  KINET_ASSIGN_OR_RETURN(Resource city, CityResource(db_, view.project.city_code));
  const bool unpublished = Can(who, Action::kReadUnpublished, city);
  IndicatorRepository indicators(db_);
  for (const PilotResultIndicator& line : view.project.indicators) {
    PilotIndicatorProgress progress;
    progress.line = line;
    KINET_ASSIGN_OR_RETURN(Indicator indicator, indicators.FindByCode(line.indicator_code));
    progress.unit = indicator.unit;
    KINET_ASSIGN_OR_RETURN(std::vector<IndicatorValue> series,
                           VisibleValuesFor(db_, view.project.city_code, line.indicator_code,
                                            [&](const IndicatorValue& v) {
                                              return unpublished ||
                                                     v.status == ValueStatus::kPublished;
                                            }));
    for (const IndicatorValue& v : series) {
      if (v.period.size() != 4) continue;  // annual values only
      const int year = std::stoi(v.period);
      if (year < line.baseline_year || year > line.target_year) continue;
      progress.actuals.push_back(PilotActual{year, v.value, v.source_kind, v.status});
    }
    if (!progress.actuals.empty()) {
      progress.latest = progress.actuals.back();
      const double span = line.target_value - line.baseline_value;
      if (span != 0.0) {
        progress.achieved_percent = 100.0 * (progress.latest->value - line.baseline_value) / span;
      }
    }
    view.results.push_back(std::move(progress));
  }
  KINET_ASSIGN_OR_RETURN(std::vector<PilotReport> reports, PilotRepository(db_).ListReports(id));
  const bool all_reports = MayReadReports(who, city);
  for (PilotReport& r : reports) {
    if (all_reports || r.status == ReportStatus::kApproved) view.reports.push_back(std::move(r));
  }
  return view;
}

// ---- reports -----------------------------------------------------------------

Result<PilotReport> PilotService::AddReport(const Principal& who, const PilotReport& report) {
  KINET_ASSIGN_OR_RETURN(PilotProject p, PilotRepository(db_).FindProject(report.project_id));
  KINET_ASSIGN_OR_RETURN(Resource city, CityResource(db_, p.city_code));
  KINET_RETURN_IF_ERROR(Require(who, Action::kWritePilotReport, city));
  if (report.period.empty()) return InvalidArgument("the report needs a period", "period");
  PilotReport stored;
  Status s = db_.Transact([&](Executor& tx) -> Status {
    KINET_ASSIGN_OR_RETURN(stored, PilotRepository(tx).InsertReport(report, who.actor()));
    return OkStatus();
  });
  if (IsUniqueViolation(s)) {
    return InvalidArgument(
        fmt::format("project {} already has a report for {}", p.id.value, report.period), "period");
  }
  KINET_RETURN_IF_ERROR(s);
  return stored;
}

Result<PilotReport> PilotService::ChangeReportStatus(const Principal& who, PilotReportId id,
                                                     ReportStatus to, std::string_view note) {
  PilotRepository repo(db_);
  KINET_ASSIGN_OR_RETURN(PilotReport report, repo.FindReport(id));
  KINET_ASSIGN_OR_RETURN(PilotProject p, repo.FindProject(report.project_id));
  KINET_ASSIGN_OR_RETURN(Resource city, CityResource(db_, p.city_code));
  KINET_RETURN_IF_ERROR(Require(
      who, to == ReportStatus::kSubmitted ? Action::kWritePilotReport : Action::kManagePilots,
      city));
  if (!IsAllowedReportTransition(report.status, to)) {
    return Conflict(fmt::format(
        "report {} is {}; it cannot become {} (draft → submitted → approved or returned; "
        "returned → submitted)",
        id.value, ReportStatusCode(report.status), ReportStatusCode(to)));
  }
  if (to == ReportStatus::kReturned && note.empty()) {
    return InvalidArgument("say why the report is returned", "note");
  }
  PilotReport stored;
  KINET_RETURN_IF_ERROR(db_.Transact([&](Executor& tx) -> Status {
    KINET_ASSIGN_OR_RETURN(
        stored, PilotRepository(tx).UpdateReportStatus(id, report.status, to, note, who.actor()));
    return OkStatus();
  }));
  return stored;
}

// ---- outcome and practice -----------------------------------------------------

namespace {

// The outcome spans of a results-framework line (PilotOutcome).
std::pair<YearSpan, YearSpan> OutcomeSpans(const PilotResultIndicator& line) {
  YearSpan before{line.baseline_year - 2, line.baseline_year};
  YearSpan after{std::max(line.target_year - 2, line.baseline_year + 1), line.target_year};
  return {before, after};
}

// A city's annual values of an indicator that `who` may read.
Result<std::vector<YearValue>> AnnualSeries(Executor& db, const Principal& who,
                                            std::string_view city_code,
                                            std::string_view indicator_code) {
  KINET_ASSIGN_OR_RETURN(Resource city, CityResource(db, city_code));
  const bool unpublished = Can(who, Action::kReadUnpublished, city);
  KINET_ASSIGN_OR_RETURN(std::vector<IndicatorValue> values,
                         IndicatorValueRepository(db).ValuesFor(city_code, indicator_code));
  std::vector<YearValue> out;
  for (const IndicatorValue& v : values) {
    if (v.period.size() != 4) continue;  // annual values only
    if (!unpublished && v.status != ValueStatus::kPublished) continue;
    out.push_back(YearValue{std::stoi(v.period), v.value});
  }
  return out;
}

}  // namespace

Result<std::vector<PilotOutcome>> PilotService::Outcome(const Principal& who, PilotProjectId id,
                                                        const EvidenceOptions& options) {
  KINET_ASSIGN_OR_RETURN(PilotProject p, PilotRepository(db_).FindProject(id));
  const int start_year = std::stoi(p.start.substr(0, 4));
  std::vector<PilotOutcome> out;
  for (const PilotResultIndicator& line : p.indicators) {
    PilotOutcome o;
    o.line = line;
    KINET_ASSIGN_OR_RETURN(Indicator indicator,
                           IndicatorRepository(db_).FindByCode(line.indicator_code));
    o.direction = indicator.direction;
    std::tie(o.before, o.after) = OutcomeSpans(line);
    KINET_ASSIGN_OR_RETURN(o.city_series, AnnualSeries(db_, who, p.city_code, line.indicator_code));
    for (const std::string& c : p.comparison_cities) {
      EvidenceSeries series;
      series.city_code = c;
      KINET_ASSIGN_OR_RETURN(series.values, AnnualSeries(db_, who, c, line.indicator_code));
      o.comparison.push_back(std::move(series));
    }
    EvidenceInput input;
    input.direction = o.direction;
    input.before = o.before;
    input.after = o.after;
    // The evidence method splits its trends at the start year; a project
    // that started before its baseline year is split at the baseline.
    input.start_year = std::max(start_year, line.baseline_year + 1);
    input.city = o.city_series;
    input.comparison = o.comparison;
    KINET_ASSIGN_OR_RETURN(o.evidence, ComputeEvidence(input, options));
    out.push_back(std::move(o));
  }
  return out;
}

Result<std::string> PilotService::ToPractice(const Principal& who, PilotProjectId id,
                                             std::string practice_code) {
  KINET_RETURN_IF_ERROR(Require(who, Action::kManagePilots, Resource::None()));
  KINET_ASSIGN_OR_RETURN(PilotProject p, PilotRepository(db_).FindProject(id));
  if (p.status != ProjectStatus::kCompleted) {
    return FailedPrecondition(
        fmt::format("project {} is {}; only a completed pilot becomes a best practice", id.value,
                    ProjectStatusCode(p.status)));
  }
  if (!p.practice_code.empty()) {
    return AlreadyExists(
        fmt::format("project {} already became practice {}", id.value, p.practice_code));
  }
  KINET_ASSIGN_OR_RETURN(PilotProjectView view, ShowProject(who, id));
  Practice x;
  x.code = practice_code.empty() ? fmt::format("pilot-{}-{}", id.value, p.city_code)
                                 : std::move(practice_code);
  x.city_code = p.city_code;
  x.title_en = p.title;
  x.summary_en = p.summary;
  x.start_year = std::stoi(p.start.substr(0, 4));
  x.end_year = std::stoi(p.end.substr(0, 4));
  x.themes = p.themes;
  // The pilot says what it did, not which kind of measure it was: the
  // secretariat refines this in the draft.
  x.measure_types = {"management"};
  std::string baseline;
  for (const PilotResultIndicator& line : p.indicators) {
    baseline += fmt::format("{}{} = {:g} in {} (target {:g} by {})", baseline.empty() ? "" : "; ",
                            line.indicator_code, line.baseline_value, line.baseline_year,
                            line.target_value, line.target_year);
  }
  x.situation_before = baseline.empty() ? "" : "Baseline of the pilot: " + baseline + ".";
  x.objectives =
      fmt::format("Pilot project {} of the Kitakyushu Initiative pilot programme{}.", id.value,
                  p.call_id ? fmt::format(" (call {})", p.call_id->value) : "");
  std::string measures = p.summary;
  for (const PilotMilestone& m : p.milestones) {
    measures += fmt::format("\n- {} (due {}{})", m.title, m.due,
                            m.done.empty() ? ", not done" : ", done " + m.done);
  }
  x.measures = measures;
  if (p.budget) {
    x.cost = fmt::format("{:.10g} {}", *p.budget, p.currency);
    if (p.currency == "USD") x.cost_usd = p.budget;
  }
  for (const PilotFunding& f : p.funding) x.funding_sources.push_back(f.source);
  for (const PilotPartner& partner : p.partners) {
    x.partners.push_back(fmt::format(
        "{} ({}{})", partner.code.empty() ? partner.name : partner.code,
        PartnerKindCode(partner.kind), partner.role.empty() ? "" : ": " + partner.role));
  }
  for (const PilotIndicatorProgress& r : view.results) {
    PracticeResult result;
    result.indicator_code = r.line.indicator_code;
    result.description = fmt::format("Results framework of pilot {}: {:g} ({}) to {:g} ({})",
                                     id.value, r.line.baseline_value, r.line.baseline_year,
                                     r.line.target_value, r.line.target_year);
    std::tie(result.before, result.after) = OutcomeSpans(r.line);
    result.claimed_before = r.line.baseline_value;
    if (r.latest) result.claimed_after = r.latest->value;
    x.results.push_back(std::move(result));
  }
  std::string lessons;
  for (const PilotReport& r : view.reports) {
    if (r.status == ReportStatus::kApproved && !r.problems.empty()) {
      lessons += fmt::format("{}{}: {}", lessons.empty() ? "" : "\n", r.period, r.problems);
    }
  }
  x.lessons = lessons;
  x.data_status = p.data_status;
  // One transaction: a practice exists only if its pilot links to it.
  PracticeService practices(db_);
  KINET_RETURN_IF_ERROR(practices.CheckCreate(who, x));
  Practice created;
  KINET_RETURN_IF_ERROR(db_.Transact([&](Executor& tx) -> Status {
    KINET_ASSIGN_OR_RETURN(created, practices.InsertDraft(tx, who, x));
    return PilotRepository(tx).SetPracticeCode(id, created.code, who.actor());
  }));
  return created.code;
}

// ---- export ------------------------------------------------------------------

namespace {

std::vector<std::string> RankingHeader() {
  return {"kind",
          "city",
          "criterion",
          "factor",
          "raw",
          "provenance",
          "imputed",
          "used",
          "weight",
          "normalised",
          "topsis_normalised",
          "topsis_weighted",
          "ideal",
          "anti_ideal",
          "weighted_sum",
          "weighted_sum_rank",
          "weighted_sum_rank_stable",
          "d_plus",
          "d_minus",
          "closeness",
          "topsis_rank",
          "topsis_rank_stable",
          "missing"};
}

std::string Opt(const std::optional<double>& v) { return v ? Fmt(*v) : ""; }
std::string Opt(const std::optional<int>& v) { return v ? std::to_string(*v) : ""; }

// The rows of the export (header first), as text.
std::vector<std::vector<std::string>> RankingRows(const PilotRanking& r) {
  std::vector<std::vector<std::string>> rows{RankingHeader()};
  const McdaResult& m = r.result;
  const std::size_t n_criteria = r.call.criteria.size();
  auto blank = [] { return std::vector<std::string>(RankingHeader().size()); };
  for (std::size_t i = 0; i < m.alternatives.size(); ++i) {
    const McdaAlternativeResult& a = m.alternatives[i];
    for (std::size_t j = 0; j < n_criteria; ++j) {
      const McdaCell& c = a.cells[j];
      std::vector<std::string> row = blank();
      row[0] = "value";
      row[1] = a.code;
      row[2] = r.call.criteria[j].code;
      row[4] = Opt(c.raw);
      row[5] = r.inputs[i][j].provenance;
      row[6] = c.imputed ? "yes" : "no";
      row[7] = Opt(c.used);
      row[8] = Fmt(m.weights[j]);
      row[9] = Opt(c.normalised);
      row[10] = Opt(c.topsis_normalised);
      row[11] = Opt(c.topsis_weighted);
      if (j < m.ideal.size()) {
        row[12] = Fmt(m.ideal[j]);
        row[13] = Fmt(m.anti_ideal[j]);
      }
      rows.push_back(std::move(row));
    }
    std::vector<std::string> row = blank();
    row[0] = "result";
    row[1] = a.code;
    row[14] = Opt(a.weighted_sum);
    row[15] = Opt(a.weighted_sum_rank);
    row[16] = a.ranked ? (a.weighted_sum_rank_stable ? "yes" : "no") : "";
    row[17] = Opt(a.d_plus);
    row[18] = Opt(a.d_minus);
    row[19] = Opt(a.closeness);
    row[20] = Opt(a.topsis_rank);
    row[21] = a.ranked ? (a.topsis_rank_stable ? "yes" : "no") : "";
    row[22] = JoinCodes(a.missing);
    rows.push_back(std::move(row));
  }
  for (const McdaPerturbation& p : m.perturbations) {
    std::size_t k = 0;
    while (k < n_criteria && r.call.criteria[k].code != p.criterion) ++k;
    for (std::size_t i = 0; i < m.alternatives.size(); ++i) {
      std::vector<std::string> row = blank();
      row[0] = "perturbation";
      row[1] = m.alternatives[i].code;
      row[2] = p.criterion;
      row[3] = Fmt(p.factor);
      if (k < p.weights.size()) row[8] = Fmt(p.weights[k]);
      row[15] = Opt(p.weighted_sum_ranks[i]);
      row[20] = Opt(p.topsis_ranks[i]);
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

}  // namespace

std::string RankingCsv(const PilotRanking& ranking) {
  std::string out;
  for (const std::vector<std::string>& row : RankingRows(ranking)) {
    out += CsvLine(row);
    out += "\n";
  }
  return out;
}

Status WriteRankingFile(const PilotRanking& ranking, const std::string& path) {
  auto ends_with = [&](std::string_view ext) {
    return path.size() >= ext.size() &&
           path.compare(path.size() - ext.size(), ext.size(), ext) == 0;
  };
  if (ends_with(".csv")) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr) return Unavailable(fmt::format("cannot write {}", path));
    const std::string text = RankingCsv(ranking);
    const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
    if (std::fclose(f) != 0 || !ok) return Unavailable(fmt::format("cannot write {}", path));
    return OkStatus();
  }
  if (ends_with(".xlsx")) {
    std::vector<std::vector<XlsxOutCell>> rows;
    bool header = true;
    for (std::vector<std::string>& row : RankingRows(ranking)) {
      std::vector<XlsxOutCell> cells;
      for (std::size_t c = 0; c < row.size(); ++c) {
        // Numbers stay numbers (so a spreadsheet can recompute); text stays text.
        const bool numeric_column = !header && c != 0 && c != 1 && c != 2 && c != 5 && c != 6 &&
                                    c != 16 && c != 21 && c != 22;
        if (row[c].empty()) {
          cells.emplace_back(std::monostate{});
        } else if (numeric_column) {
          cells.emplace_back(std::stod(row[c]));
        } else {
          cells.emplace_back(std::move(row[c]));
        }
      }
      rows.push_back(std::move(cells));
      header = false;
    }
    return WriteXlsx(path, "ranking", rows);
  }
  return InvalidArgument(fmt::format("'{}' should end in .csv or .xlsx", path), "out");
}

}  // namespace kinet

// ---- sample ------------------------------------------------------------------

namespace kinet {

std::span<const EmbeddedFile> SamplePilotFiles();  // generated (cmake/EmbedFiles.cmake)

namespace {

// Loads one sample file (layout: data/sample/pilots.json "_about").
Result<int> LoadPilotSample(PilotService& service, const Principal& who, std::string_view text,
                            const std::string& source) {
  KINET_ASSIGN_OR_RETURN(nlohmann::json doc, ParseJsonObject(text, source));
  std::vector<PilotCallId> calls;
  const nlohmann::json no_items = nlohmann::json::array();
  const nlohmann::json& call_items = doc.contains("calls") ? doc["calls"] : no_items;
  for (std::size_t i = 0; i < call_items.size(); ++i) {
    const std::string where = fmt::format("{}: calls[{}]", source, i);
    Result<PilotCall> call = PilotCallFromJson(call_items[i]);
    if (!call.ok()) return call.status().WithPrefix(where);
    Result<PilotCall> stored = service.CreateCall(who, *call);
    if (!stored.ok()) return stored.status().WithPrefix(where);
    calls.push_back(stored->id);
    const nlohmann::json& ratings =
        call_items[i].contains("ratings") ? call_items[i]["ratings"] : no_items;
    for (std::size_t r = 0; r < ratings.size(); ++r) {
      const nlohmann::json& x = ratings[r];
      if (!x.is_object() || !x.value("criterion", nlohmann::json()).is_string() ||
          !x.value("city", nlohmann::json()).is_string() ||
          !x.value("value", nlohmann::json()).is_number()) {
        return InvalidArgument(
            fmt::format("{}.ratings[{}]: needs criterion, city (strings) and value (number)", where,
                        r),
            "ratings");
      }
      PilotRating rating;
      rating.call_id = stored->id;
      rating.criterion_code = x["criterion"].get<std::string>();
      rating.city_code = x["city"].get<std::string>();
      rating.value = x["value"].get<double>();
      rating.note = x.value("note", "");
      Status s = service.Rate(who, rating).status();
      if (!s.ok()) return s.WithPrefix(fmt::format("{}.ratings[{}]", where, r));
    }
  }
  int projects = 0;
  const nlohmann::json& project_items = doc.contains("projects") ? doc["projects"] : no_items;
  for (std::size_t i = 0; i < project_items.size(); ++i) {
    const std::string where = fmt::format("{}: projects[{}]", source, i);
    const nlohmann::json& item = project_items[i];
    Result<PilotProject> project = PilotProjectFromJson(item);
    if (!project.ok()) return project.status().WithPrefix(where);
    if (item.contains("call_index")) {
      const nlohmann::json& index = item["call_index"];
      if (!index.is_number_integer() || index.get<int>() < 1 ||
          static_cast<std::size_t>(index.get<int>()) > calls.size()) {
        return InvalidArgument(fmt::format("{}: call_index must be 1..{}", where, calls.size()),
                               "call_index");
      }
      project->call_id = calls[static_cast<std::size_t>(index.get<int>() - 1)];
    }
    Result<PilotProject> stored = service.CreateProject(who, *project);
    if (!stored.ok()) return stored.status().WithPrefix(where);
    ++projects;
    const nlohmann::json& reports = item.contains("reports") ? item["reports"] : no_items;
    for (std::size_t r = 0; r < reports.size(); ++r) {
      const std::string rwhere = fmt::format("{}.reports[{}]", where, r);
      Result<PilotReport> report = PilotReportFromJson(reports[r]);
      if (!report.ok()) return report.status().WithPrefix(rwhere);
      report->project_id = stored->id;
      Result<PilotReport> added = service.AddReport(who, *report);
      if (!added.ok()) return added.status().WithPrefix(rwhere);
      if (reports[r].value("submit", false)) {
        Status s = service.ChangeReportStatus(who, added->id, ReportStatus::kSubmitted).status();
        if (!s.ok()) return s.WithPrefix(rwhere);
      }
      const std::string decision = reports[r].value("decision", "");
      if (!decision.empty()) {
        std::optional<ReportStatus> to = ParseReportStatus(decision);
        if (!to) return InvalidArgument(fmt::format("{}: unknown decision", rwhere), "decision");
        Status s = service
                       .ChangeReportStatus(who, added->id, *to,
                                           reports[r].value("decision_note", "sample decision"))
                       .status();
        if (!s.ok()) return s.WithPrefix(rwhere);
      }
    }
  }
  return projects;
}

}  // namespace

Result<int> LoadSamplePilots(Database& db) {
  PilotService service(db);
  const Principal who = Principal::Operator("sample-loader");
  int projects = 0;
  for (const EmbeddedFile& f : SamplePilotFiles()) {
    KINET_ASSIGN_OR_RETURN(
        int n, LoadPilotSample(service, who, f.contents, fmt::format("data/sample/{}", f.path)));
    projects += n;
  }
  return projects;
}

}  // namespace kinet
