#include "report/report_service.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "report/area_sections.h"
#include "rules/limit_sets.h"
#include "service/indicator_service.h"
#include "service/monitoring_service.h"
#include "service/scheme_service.h"
#include "store/migrations.h"

namespace kinet {
namespace {

constexpr std::size_t kMaxNarrativeChars = 20'000;

// The limit sets the air section compares with: the defaults of
// MonitoringService::AssessCityYear (GB 3095-2012 Grade II, WHO AQG 2021).
struct LimitChoice {
  std::string_view set_id;
  std::string_view level;
  std::string_view label_key;  // Tr() key
};
constexpr LimitChoice kLimitChoices[] = {
    {"cn-gb3095-2012", "grade-2", "limit.gb3095-grade-2"},
    {"who-aqg-2021", "aqg", "limit.who-aqg"},
};

// The annual-mean indicators of the four pollutants with annual limits.
struct AirIndicator {
  std::string_view pollutant;
  std::string_view indicator;
};
constexpr AirIndicator kAirIndicators[] = {
    {"PM2.5", "air.pm25.annual-mean"},
    {"PM10", "air.pm10.annual-mean"},
    {"SO2", "air.so2.annual-mean"},
    {"NO2", "air.no2.annual-mean"},
};

// The key indicators of the network report's members table.
constexpr std::string_view kKeyIndicators[] = {
    "air.pm25.annual-mean",
    "air.pm10.annual-mean",
    "air.no2.annual-mean",
    "green.built-up-coverage",
    "waste.msw.generation-per-capita",
};

Status CheckYear(int year) {
  if (year < 1900 || year > 2200) return InvalidArgument("year must be from 1900 to 2200", "year");
  return OkStatus();
}

int YearOf(const std::string& period) { return period.size() == 4 ? std::atoi(period.c_str()) : 0; }

// Annual values of one city, the reported one preferred over a computed one
// (as target_service.h): indicator code → year → value.
std::map<std::string, std::map<int, IndicatorValue>> AnnualValues(
    const std::vector<IndicatorValue>& values) {
  std::map<std::string, std::map<int, IndicatorValue>> out;
  for (const IndicatorValue& v : values) {
    const int year = YearOf(v.period);
    if (year == 0) continue;  // monthly values are not in the report
    auto& slot = out[v.indicator_code];
    auto it = slot.find(year);
    if (it == slot.end() || (it->second.source_kind == SourceKind::kComputed &&
                             v.source_kind == SourceKind::kReported)) {
      slot[year] = v;
    }
  }
  return out;
}

std::string LimitLabel(ReportLang lang, const LimitChoice& c) {
  return std::string(Tr(lang, c.label_key));
}

// The annual limit of `pollutant` in one of kLimitChoices, or nullopt.
std::optional<double> AnnualLimit(const LimitSet& set, std::string_view level,
                                  std::string_view pollutant) {
  std::optional<Pollutant> p = ParsePollutant(pollutant);
  if (!p) return std::nullopt;
  const Limit* limit = set.Find(level, *p, Averaging::kYear);
  if (limit == nullptr || limit->statistic != LimitStatistic::kAnnualMean) return std::nullopt;
  return limit->value;
}

// The air section from the city's monitoring blocks, when it has some for
// `year`; false when it has none.
Result<bool> AirFromMonitoring(Database& db, const City& city, int year, ReportLang lang,
                               AirSituation& air) {
  MonitoringService monitoring(db);
  AirAssessOptions options;
  options.store = false;  // a report reads, it never writes
  Result<CityAirAssessment> assessed = monitoring.AssessCityYear(city.code, year, options);
  if (!assessed.ok()) {
    if (assessed.status().code() == StatusCode::kNotFound) return false;
    return assessed.status();
  }
  air.basis = "monitoring";
  air.aqi_rule_set = assessed->aqi_rule_set;
  air.time_from = assessed->time_from;
  air.time_to = assessed->time_to;
  air.input_checksum = assessed->input_checksum;
  for (const AirIndicator& ai : kAirIndicators) {
    AirAnnualLine line;
    line.pollutant = std::string(ai.pollutant);
    line.unit = "ug/m3";
    line.source = "monitoring";
    for (const AnnualAssessmentRow& row : assessed->assessment.annual) {
      if (row.level == SeriesLevel::kCity && PollutantCode(row.pollutant) == ai.pollutant) {
        line.annual_mean = row.stats.mean;
        line.valid = row.stats.valid;
      }
    }
    if (!line.annual_mean) continue;
    for (const LimitChoice& choice : kLimitChoices) {
      for (const LimitSetCompliance& c : assessed->compliance) {
        if (c.set_id != choice.set_id || c.level != choice.level) continue;
        for (const LimitEvaluation& e : c.rows) {
          if (PollutantCode(e.limit.pollutant) != ai.pollutant ||
              e.limit.statistic != LimitStatistic::kAnnualMean) {
            continue;
          }
          line.limits.push_back({std::string(choice.set_id), LimitLabel(lang, choice),
                                 e.limit.value, std::string(ComplianceVerdictCode(e.verdict))});
        }
      }
    }
    air.annual.push_back(std::move(line));
  }
  for (const AqiYearRow& row : assessed->assessment.aqi) {
    if (row.level != SeriesLevel::kCity) continue;
    air.aqi_days = row.aqi_days;
    air.good_days = row.good_days;
  }
  for (const AqiCategoryDays& c : assessed->aqi_categories) {
    air.categories.push_back({std::string(Pick(lang, c.name_en, c.name_zh)), c.level, c.days});
  }
  KINET_ASSIGN_OR_RETURN(
      std::vector<DailyAqiRow> days,
      monitoring.DailyAqi(city.code, CivilDate{year, 1, 1}, CivilDate{year, 12, 31}, options));
  for (const DailyAqiRow& d : days) air.days.push_back({d.date, d.aqi, d.category_level});
  return true;
}

// The air section from reported annual means (a city without monitoring
// data in KINet still reports its yearbook values).
Status AirFromValues(const std::map<std::string, std::map<int, IndicatorValue>>& values, int year,
                     ReportLang lang, const std::vector<LimitSet>& sets, AirSituation& air) {
  for (const AirIndicator& ai : kAirIndicators) {
    auto it = values.find(std::string(ai.indicator));
    if (it == values.end()) continue;
    auto v = it->second.find(year);
    if (v == it->second.end()) continue;
    AirAnnualLine line;
    line.pollutant = std::string(ai.pollutant);
    line.annual_mean = v->second.value;
    line.unit = "ug/m3";
    line.valid = true;
    line.source = v->second.source;
    for (std::size_t i = 0; i < std::size(kLimitChoices); ++i) {
      std::optional<double> limit = AnnualLimit(sets[i], kLimitChoices[i].level, ai.pollutant);
      if (!limit) continue;
      // GB 3095 limits are "not to exceed": equal is attained (compliance.h).
      line.limits.push_back({std::string(kLimitChoices[i].set_id),
                             LimitLabel(lang, kLimitChoices[i]), *limit,
                             v->second.value <= *limit ? "attained" : "exceeded"});
    }
    air.annual.push_back(std::move(line));
  }
  if (!air.annual.empty()) air.basis = "reported";
  return OkStatus();
}

Result<std::vector<LimitSet>> LoadLimitChoices(ReportLang lang, std::vector<std::string>& titles) {
  std::vector<LimitSet> sets;
  for (const LimitChoice& c : kLimitChoices) {
    KINET_ASSIGN_OR_RETURN(LimitSet set, LoadLimitSet(c.set_id));
    titles.push_back(fmt::format("{}: {}", LimitLabel(lang, c), set.source));
    sets.push_back(std::move(set));
  }
  return sets;
}

}  // namespace

Result<CityReport> ReportService::CityReportFor(const Principal& who, std::string_view city,
                                                int year, ReportLang lang) {
  KINET_RETURN_IF_ERROR(CheckYear(year));
  NetworkService network(db_);
  KINET_ASSIGN_OR_RETURN(CityProfile profile, network.FindCity(city));
  CityReport report;
  report.profile = profile;
  report.year = year;
  report.lang = lang;
  report.generated_at = UtcNowText();
  report.published_only = !Can(who, Action::kReadUnpublished,
                               Resource::City(profile.city.country_code, profile.city.code));

  // Indicators: the report year's value of each indicator, or the latest
  // earlier one (a yearbook lags the year by one or two).
  IndicatorService indicators(db_);
  KINET_ASSIGN_OR_RETURN(std::vector<Indicator> catalogue, indicators.ListIndicators());
  std::map<std::string, Indicator> by_code;
  for (const Indicator& i : catalogue) by_code[i.code] = i;
  IndicatorValueQuery query;
  query.city_code = profile.city.code;
  query.to = std::to_string(year);
  if (report.published_only) query.status = ValueStatus::kPublished;
  KINET_ASSIGN_OR_RETURN(std::vector<IndicatorValue> values, indicators.ListValues(query));
  const auto annual = AnnualValues(values);
  for (const auto& [code, years] : annual) {
    auto ind = by_code.find(code);
    if (ind == by_code.end() || years.empty()) continue;
    const auto& [latest_year, latest] = *years.rbegin();
    IndicatorLine line;
    line.indicator = ind->second;
    line.period = std::to_string(latest_year);
    line.value = latest.value;
    line.source = latest.source;
    line.status = std::string(ValueStatusCode(latest.status));
    if (auto prev = years.find(latest_year - 1); prev != years.end()) {
      line.previous = prev->second.value;
    }
    if (latest.status != ValueStatus::kPublished) ++report.unpublished_values;
    report.indicators.push_back(std::move(line));
    // Trends: air indicators with two or more years.
    if (ind->second.theme == Theme::kAir && years.size() >= 2) {
      IndicatorSeries series;
      series.indicator = ind->second;
      for (const auto& [y, v] : years) series.points.push_back({y, v.value});
      report.trends.push_back(std::move(series));
    }
  }
  std::stable_sort(report.indicators.begin(), report.indicators.end(),
                   [](const IndicatorLine& a, const IndicatorLine& b) {
                     return a.indicator.theme < b.indicator.theme;
                   });

  // Air: the city's monitoring data when it has some for the year, else its
  // reported annual means.
  KINET_ASSIGN_OR_RETURN(std::vector<LimitSet> sets,
                         LoadLimitChoices(lang, report.air.limit_set_titles));
  KINET_ASSIGN_OR_RETURN(bool monitored,
                         AirFromMonitoring(db_, profile.city, year, lang, report.air));
  if (!monitored) KINET_RETURN_IF_ERROR(AirFromValues(annual, year, lang, sets, report.air));

  // Targets, judged at the report year.
  TargetService targets(db_);
  ProgressQuery progress;
  progress.city_code = profile.city.code;
  progress.evaluation_year = year;
  progress.published_only = report.published_only;
  KINET_ASSIGN_OR_RETURN(report.targets, targets.Progress(progress));
  for (const TargetProgress& t : report.targets) {
    if (auto it = by_code.find(t.target.indicator_code); it != by_code.end()) {
      report.target_indicators[it->first] = it->second;
    }
  }

  // Schemes: every scheme that scores the city in the report year.
  SchemeService schemes(db_);
  KINET_ASSIGN_OR_RETURN(std::vector<Scheme> all_schemes, schemes.List());
  for (const Scheme& scheme : all_schemes) {
    SchemeScoreOptions options;
    options.published_only = report.published_only;
    options.store = false;
    KINET_ASSIGN_OR_RETURN(SchemeYearScores scores, schemes.Score(scheme.id, year, options));
    for (const CityScore& s : scores.scores) {
      if (s.city != profile.city.code) continue;
      SchemeLine line;
      line.scheme_id = scheme.id;
      line.name = std::string(Pick(lang, scheme.name, scheme.name_local));
      line.total = s.total;
      line.max_total = s.max_total;
      line.rank = s.rank;
      line.ranked_cities = static_cast<int>(scores.scores.size());
      line.designated = s.designated;
      line.designation_name = scheme.designation_name;
      line.missing = s.missing;
      line.confirmed = scheme.confirmed;
      report.schemes.push_back(std::move(line));
    }
  }

  // The narrative: a draft only for those who may read unpublished data.
  Result<CityNarrative> narrative = Narrative(who, profile.city.code, year, lang);
  if (narrative.ok()) {
    report.narrative = *narrative;
  } else if (narrative.status().code() != StatusCode::kNotFound) {
    return narrative.status();
  }
  KINET_RETURN_IF_ERROR(AddAreaSections(db_, who, report));
  return report;
}

Result<NetworkReport> ReportService::NetworkReportFor(const Principal& who, int year,
                                                      ReportLang lang) {
  KINET_RETURN_IF_ERROR(CheckYear(year));
  NetworkReport report;
  report.year = year;
  report.lang = lang;
  report.generated_at = UtcNowText();
  report.published_only = !Can(who, Action::kReadUnpublished, Resource::None());
  IndicatorService indicators(db_);
  for (std::string_view code : kKeyIndicators) {
    Result<Indicator> ind = indicators.FindIndicator(code);
    if (ind.ok()) report.key_indicators.push_back(*ind);
  }
  NetworkService network(db_);
  KINET_ASSIGN_OR_RETURN(std::vector<CityProfile> members, network.ListMembers());
  std::stable_sort(members.begin(), members.end(), [](const CityProfile& a, const CityProfile& b) {
    return a.city.country_code < b.city.country_code;
  });
  IndicatorValueQuery query;
  query.to = std::to_string(year);
  if (report.published_only) query.status = ValueStatus::kPublished;
  KINET_ASSIGN_OR_RETURN(std::vector<IndicatorValue> values, indicators.ListValues(query));
  std::map<std::string, std::vector<IndicatorValue>> by_city;
  for (IndicatorValue& v : values) by_city[v.city_code].push_back(std::move(v));

  TargetService targets(db_);
  ProgressQuery progress;
  progress.evaluation_year = year;
  progress.published_only = report.published_only;
  KINET_ASSIGN_OR_RETURN(std::vector<TargetProgress> all_progress, targets.Progress(progress));

  SchemeService schemes(db_);
  KINET_ASSIGN_OR_RETURN(std::vector<Scheme> all_schemes, schemes.List());
  std::map<std::string, std::vector<std::string>> designations;
  for (const Scheme& scheme : all_schemes) {
    if (scheme.designation_name.empty()) continue;
    SchemeScoreOptions options;
    options.published_only = report.published_only;
    options.store = false;
    KINET_ASSIGN_OR_RETURN(SchemeYearScores scores, schemes.Score(scheme.id, year, options));
    for (const CityScore& s : scores.scores) {
      if (s.designated.value_or(false)) {
        designations[s.city].push_back(std::string(Pick(lang, scheme.name, scheme.name_local)));
      }
    }
  }

  for (const CityProfile& member : members) {
    NetworkCityLine line;
    line.profile = member;
    const auto annual = AnnualValues(by_city[member.city.code]);
    for (const Indicator& ind : report.key_indicators) {
      auto it = annual.find(ind.code);
      if (it == annual.end() || it->second.empty()) continue;
      const auto& [y, v] = *it->second.rbegin();
      line.key_values[ind.code] = {y, v.value};
    }
    for (const TargetProgress& p : all_progress) {
      if (p.target.city_code != member.city.code) continue;
      const std::string status(ProgressStatusCode(p.assessment.status));
      ++line.target_status[status];
      ++report.target_status[status];
    }
    line.designations = designations[member.city.code];
    report.cities.push_back(std::move(line));
  }
  KINET_RETURN_IF_ERROR(AddAreaCounts(db_, who, report));
  return report;
}

Result<CityNarrative> ReportService::Narrative(const Principal& who, std::string_view city,
                                               int year, ReportLang lang) {
  KINET_RETURN_IF_ERROR(CheckYear(year));
  NetworkService network(db_);
  KINET_ASSIGN_OR_RETURN(CityProfile profile, network.FindCity(city));
  ReportRepository repo(db_);
  KINET_ASSIGN_OR_RETURN(std::optional<CityNarrative> found,
                         repo.FindNarrative(profile.city.code, year, ReportLangCode(lang)));
  const std::string what = fmt::format("no {} report narrative for {} {}", ReportLangCode(lang),
                                       profile.city.code, year);
  if (!found) return NotFound(what);
  if (found->status != "published" &&
      !Can(who, Action::kReadUnpublished,
           Resource::City(profile.city.country_code, profile.city.code))) {
    return NotFound(what + " is published");
  }
  return *found;
}

Result<CityNarrative> ReportService::SaveNarrative(const Principal& who, CityNarrative narrative) {
  KINET_RETURN_IF_ERROR(CheckYear(narrative.year));
  if (!ParseReportLang(narrative.lang)) return InvalidArgument("lang must be en or zh", "lang");
  for (const auto& [field, text] :
       {std::pair<const char*, const std::string*>{"summary", &narrative.summary},
        {"achievements", &narrative.achievements},
        {"challenges", &narrative.challenges},
        {"needs", &narrative.needs}}) {
    if (text->size() > kMaxNarrativeChars) {
      return InvalidArgument(
          fmt::format("{} is longer than {} characters", field, kMaxNarrativeChars), field);
    }
  }
  NetworkService network(db_);
  KINET_ASSIGN_OR_RETURN(CityProfile profile,
                         network.AuthorizeCity(who, Action::kWriteReport, narrative.city_code));
  narrative.city_code = profile.city.code;
  CityNarrative stored;
  KINET_RETURN_IF_ERROR(db_.Transact([&](Executor& tx) -> Status {
    ReportRepository repo(tx);
    KINET_ASSIGN_OR_RETURN(stored, repo.UpsertNarrative(narrative, who.actor()));
    return OkStatus();
  }));
  return stored;
}

}  // namespace kinet
