#include "service/problem_service.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/indicator_unit.h"
#include "rules/limit_sets.h"
#include "service/annual_series.h"
#include "service/monitoring_service.h"
#include "service/target_service.h"
#include "store/indicator_repository.h"
#include "store/monitoring_checksum.h"
#include "store/monitoring_repository.h"

namespace kinet {
namespace {

std::string Num(double v) { return fmt::format("{:.4g}", v); }

// The catalogue indicator a limit row of `pollutant` belongs to: the
// annual-mean indicator for annual rows; for other rows the pollutant's
// non-annual air-engine indicator (air.co.daily-p95, air.o3.mda8-p90) when
// there is one, else its annual-mean indicator. nullptr when none.
const Indicator* IndicatorForLimit(const std::vector<Indicator>& catalogue, Pollutant pollutant,
                                   LimitStatistic statistic) {
  const Indicator* annual = nullptr;
  const Indicator* other = nullptr;
  for (const Indicator& i : catalogue) {
    if (i.computed_by != "air-engine") continue;
    std::optional<Pollutant> p = ParsePollutant(i.pollutant);
    if (!p || *p != pollutant) continue;
    if (i.statistic == "annual-mean") {
      annual = &i;
    } else if (other == nullptr) {
      other = &i;
    }
  }
  if (statistic == LimitStatistic::kAnnualMean) return annual;
  return other != nullptr ? other : annual;
}

// True when `limit` evaluates the statistic `indicator` stands for: the
// annual mean for "annual-mean", the 24-hour P95 for "daily-p95", the MDA8
// P90 for "mda8-p90".
bool OwnStatistic(const Indicator& indicator, const Limit& limit) {
  if (indicator.statistic == "annual-mean") return limit.statistic == LimitStatistic::kAnnualMean;
  if (limit.statistic != LimitStatistic::kPercentile || !limit.percentile) return false;
  if (indicator.statistic == "daily-p95") {
    return limit.averaging == Averaging::kDay && std::abs(*limit.percentile - 0.95) < 1e-9;
  }
  if (indicator.statistic == "mda8-p90") {
    return limit.averaging == Averaging::kEightHour && std::abs(*limit.percentile - 0.90) < 1e-9;
  }
  return false;
}

std::string LimitRowText(const Limit& l) {
  std::string s(LimitStatisticCode(l.statistic));
  s += ":" + std::string(AveragingCode(l.averaging));
  if (l.percentile) s += fmt::format(":p{:g}", 100 * *l.percentile);
  return s;
}

Problem Base(const CityProfile& city, const Indicator& indicator, ProblemKind kind) {
  Problem p;
  p.city_code = city.city.code;
  p.indicator_code = indicator.code;
  p.code = ProblemKey{p.city_code, p.indicator_code, kind}.Code();
  p.indicator_name_en = indicator.name_en;
  p.indicator_name_zh = indicator.name_zh;
  p.theme = indicator.theme;
  p.unit = indicator.unit;
  p.direction = indicator.direction;
  p.kind = kind;
  return p;
}

void Apply(Problem& p, const Finding& f) {
  p.severity = f.severity;
  p.severity_score = f.score;
  p.severity_rule = f.rule;
}

// The value of `series` in `year`, or (year unset) the latest one.
std::optional<YearValue> ValueAt(const std::vector<YearValue>& series, std::optional<int> year) {
  if (series.empty()) return std::nullopt;
  if (!year) return series.back();
  for (const YearValue& v : series) {
    if (v.year == *year) return v;
  }
  return std::nullopt;
}

struct ProfileInputs {
  std::vector<Indicator> catalogue;
  std::map<std::string, const Indicator*, std::less<>> by_code;
  AnnualSeriesMap series;  // the city's, reported preferred over computed
  // The city's reported values only: limits are judged on the official
  // figures here, and on the monitoring data (computed values included)
  // by MonitoringProblems with the full compliance evidence.
  AnnualSeriesMap reported;
};

// exceeds-standard from the indicator values: annual-mean indicators
// against the annual limit of the country's limit set.
void LimitProblems(const CityProfile& city, const ProfileInputs& in, const LimitSet& set,
                   const StandardChoice& choice, const ProblemQuery& query,
                   const ProblemRules& rules, std::vector<Problem>& out,
                   std::vector<std::string>& notes) {
  for (const auto& [key, series] : in.reported) {
    auto it = in.by_code.find(key.second);
    if (it == in.by_code.end()) continue;
    const Indicator& ind = *it->second;
    if (ind.computed_by != "air-engine" || ind.statistic != "annual-mean") continue;
    std::optional<Pollutant> pollutant = ParsePollutant(ind.pollutant);
    if (!pollutant) continue;
    const Limit* limit = set.Find(choice.level, *pollutant, Averaging::kYear);
    if (limit == nullptr || limit->statistic != LimitStatistic::kAnnualMean) {
      notes.push_back(fmt::format("{}: {} {} has no annual limit for {}", ind.code, set.id,
                                  choice.level, ind.pollutant));
      continue;
    }
    if (UnitCode(limit->unit) != ind.unit) {
      notes.push_back(fmt::format("{}: unit {} differs from the limit's {}; not compared", ind.code,
                                  UnitSymbol(ind.unit), UnitSymbol(UnitCode(limit->unit))));
      continue;
    }
    std::optional<YearValue> v = ValueAt(series, query.year);
    if (!v) continue;
    std::optional<Finding> f = JudgeExceedance(v->value, limit->value, rules);
    if (!f) continue;
    Problem p = Base(city, ind, ProblemKind::kExceedsStandard);
    Apply(p, *f);
    p.year = v->year;
    p.value = v->value;
    p.series = series;
    p.standard = StandardEvidence{set.id,
                                  set.version,
                                  choice.level,
                                  LimitRowText(*limit),
                                  std::string(PollutantCode(*pollutant)),
                                  limit->value,
                                  std::string(UnitCode(limit->unit)),
                                  limit->source,
                                  "indicator-values"};
    p.summary = fmt::format("{} {} {} in {} exceeds the {} {} limit of {} {} by {:.0f} %",
                            ind.name_en, Num(v->value), UnitSymbol(ind.unit), v->year, set.id,
                            choice.level, Num(limit->value), UnitSymbol(ind.unit), 100 * f->score);
    out.push_back(std::move(p));
  }
}

ComplianceVerdict ParseVerdict(std::string_view code, bool& ok) {
  for (ComplianceVerdict v : {ComplianceVerdict::kAttained, ComplianceVerdict::kExceeded,
                              ComplianceVerdict::kInsufficientData}) {
    if (ComplianceVerdictCode(v) == code) return v;
  }
  ok = false;
  return ComplianceVerdict::kInsufficientData;
}

// The compliance rows of the city's monitoring data of `year` with
// `choice`, as the last AirValuesService::Publish stored them
// (air_assessments), or nullopt when they are missing or stale: rows of
// another input checksum than the blocks' of now
// (store/monitoring_checksum.h), of another version of the limit set, or
// not exactly the rows of the set's level. The rows come back in the set's
// order with the values EvaluateCompliance gave, so a profile is the same
// whether read or assessed.
Result<std::optional<LimitSetCompliance>> StoredCompliance(Database& db, const City& city, int year,
                                                           const LimitSet& set,
                                                           const StandardChoice& choice) {
  using Out = std::optional<LimitSetCompliance>;
  KINET_ASSIGN_OR_RETURN(std::optional<std::string> current,
                         CityYearInputChecksum(db, city.code, year));
  if (!current) return Out();
  KINET_ASSIGN_OR_RETURN(std::vector<AirAssessmentRecord> records,
                         AirAssessmentRepository(db).Find(city.code, std::to_string(year)));
  const std::string prefix = choice.level + ":";
  std::erase_if(records, [&](const AirAssessmentRecord& r) {
    return r.level != "city" || r.rule_set_id != set.id || !r.statistic.starts_with(prefix);
  });
  if (records.empty()) return Out();
  std::vector<bool> used(records.size(), false);
  LimitSetCompliance out{set.id, set.version, choice.level, {}};
  for (const Limit& limit : set.limits) {
    if (limit.level != choice.level) continue;
    const std::string statistic =
        fmt::format("{}:{}:{}", limit.level, AveragingCode(limit.averaging),
                    LimitStatisticCode(limit.statistic));
    const std::string_view pollutant = PollutantCode(limit.pollutant);
    std::optional<std::size_t> found;
    for (std::size_t i = 0; i < records.size(); ++i) {
      if (records[i].pollutant != pollutant || records[i].statistic != statistic) continue;
      if (found || used[i]) return Out();  // two rows for one limit: not ours to guess
      found = i;
    }
    if (!found) continue;  // the pollutant had no data
    const AirAssessmentRecord& r = records[*found];
    used[*found] = true;
    if (r.input_checksum != *current || r.rule_set_version != set.version) return Out();
    LimitEvaluation e;
    e.limit = limit;
    e.value = r.value;
    e.data_valid = r.valid;
    bool ok = true;
    e.verdict = ParseVerdict(r.verdict, ok);
    if (!ok) return Out();
    e.data_capture = r.data_capture.value_or(0.0) / 100.0;
    if (limit.statistic == LimitStatistic::kExceedanceCount) {
      // EvaluateCompliance: the value is the count of days above the limit.
      if (e.value) e.exceedance_days = static_cast<int>(*e.value);
      e.allowed_exceedance_days = limit.allowed_exceedances.value_or(0);
    }
    out.rows.push_back(std::move(e));
  }
  if (std::find(used.begin(), used.end(), false) != used.end()) return Out();
  return Out(std::move(out));
}

// exceeds-standard from the monitoring data of one year: every exceeded
// row of the city's assessment, one problem per indicator (the worst row;
// the others named in the summary). Indicators already found from the
// reported values of the same year are left alone: reported values are the
// official figures.
Status MonitoringProblems(Database& db, const CityProfile& city, const ProfileInputs& in,
                          const LimitSet& set, const StandardChoice& choice,
                          const ProblemQuery& query, const ProblemRules& rules,
                          std::vector<Problem>& out, std::vector<std::string>& notes) {
  KINET_ASSIGN_OR_RETURN(std::vector<int> years,
                         MonitoringRepository(db).CityYears(city.city.code));
  if (years.empty()) return OkStatus();
  std::sort(years.rbegin(), years.rend());
  std::vector<int> tries;
  if (query.year) {
    if (std::find(years.begin(), years.end(), *query.year) == years.end()) {
      notes.push_back(fmt::format("no monitoring data in {}", *query.year));
      return OkStatus();
    }
    tries.push_back(*query.year);
  } else {
    // The latest year is often partial (the Beijing sample ends in
    // February 2017): fall back to the year before when it gives no verdict.
    for (std::size_t i = 0; i < years.size() && i < 2; ++i) tries.push_back(years[i]);
  }
  AirAssessOptions options;
  options.limit_sets = {fmt::format("{}:{}", choice.limit_set, choice.level)};
  options.store = false;
  MonitoringService monitoring(db);
  for (int year : tries) {
    // The rows stored with the city's air indicator values when they are
    // current (the usual case: every import publishes them), else an
    // assessment now (a database imported before values were published).
    KINET_ASSIGN_OR_RETURN(std::optional<LimitSetCompliance> stored,
                           StoredCompliance(db, city.city, year, set, choice));
    std::optional<CityAirAssessment> a;
    if (stored) {
      a.emplace();
      a->compliance.push_back(std::move(*stored));
    } else {
      Result<CityAirAssessment> assessed = monitoring.AssessCityYear(city.city.code, year, options);
      if (!assessed.ok()) {
        if (assessed.status().code() == StatusCode::kNotFound) continue;
        return assessed.status();
      }
      a = std::move(*assessed);
    }
    bool any_verdict = false;
    // Per indicator: every exceeded row with its finding.
    struct Exceeded {
      const LimitEvaluation* row = nullptr;
      Finding finding;
    };
    std::map<std::string, std::pair<const Indicator*, std::vector<Exceeded>>> exceeded;
    for (const LimitSetCompliance& c : a->compliance) {
      for (const LimitEvaluation& e : c.rows) {
        if (e.verdict != ComplianceVerdict::kInsufficientData) any_verdict = true;
        if (e.verdict != ComplianceVerdict::kExceeded || !e.value) continue;
        const Indicator* ind =
            IndicatorForLimit(in.catalogue, e.limit.pollutant, e.limit.statistic);
        if (ind == nullptr) continue;
        // Exceedance counts are days, not concentrations: graded by the
        // days over the allowed number.
        double value = *e.value;
        double limit = e.limit.value;
        if (e.limit.statistic == LimitStatistic::kExceedanceCount) {
          value = e.exceedance_days.value_or(0);
          limit = std::max(1, e.allowed_exceedance_days.value_or(0));
        }
        std::optional<Finding> f = JudgeExceedance(value, limit, rules);
        if (!f) continue;
        auto& entry = exceeded[ind->code];
        entry.first = ind;
        entry.second.push_back({&e, *f});
      }
    }
    // The headline row is the indicator's own statistic (the annual mean
    // for air.pm25.annual-mean) when it is exceeded, else the worst row; the
    // severity is the worst row's, so a short-term excess is not hidden.
    struct Worst {
      const Indicator* indicator = nullptr;
      const LimitEvaluation* row = nullptr;
      Finding finding;
      std::vector<std::string> others;
    };
    std::map<std::string, Worst> worst;
    for (auto& [code, entry] : exceeded) {
      const Indicator* ind = entry.first;
      const std::vector<Exceeded>& rows = entry.second;
      const Exceeded* worst_row = &rows.front();
      const Exceeded* own = nullptr;
      for (const Exceeded& x : rows) {
        if (x.finding.score > worst_row->finding.score) worst_row = &x;
        if (own == nullptr && OwnStatistic(*ind, x.row->limit)) own = &x;
      }
      const Exceeded* headline = own != nullptr ? own : worst_row;
      Worst w;
      w.indicator = ind;
      w.row = headline->row;
      w.finding = worst_row->finding;
      if (headline != worst_row) {
        w.finding.rule += fmt::format(" (worst row: {})", LimitRowText(worst_row->row->limit));
      }
      for (const Exceeded& x : rows) {
        if (&x == headline) continue;
        w.others.push_back(fmt::format("{} {} > {} (excess {:.0f} %)", LimitRowText(x.row->limit),
                                       Num(*x.row->value), Num(x.row->limit.value),
                                       100 * x.finding.score));
      }
      worst[code] = std::move(w);
    }
    if (!any_verdict) {
      notes.push_back(fmt::format("monitoring {}: too few valid days for a verdict", year));
      continue;
    }
    for (auto& [code, w] : worst) {
      const bool reported = std::any_of(out.begin(), out.end(), [&](const Problem& p) {
        return p.indicator_code == code && p.kind == ProblemKind::kExceedsStandard &&
               p.year == year;
      });
      if (reported) continue;
      // A reported value of another year for the same indicator: the
      // monitoring year is newer evidence only when it is later.
      auto same = std::find_if(out.begin(), out.end(), [&](const Problem& p) {
        return p.indicator_code == code && p.kind == ProblemKind::kExceedsStandard;
      });
      if (same != out.end() && same->year > year) continue;
      Problem p = Base(city, *w.indicator, ProblemKind::kExceedsStandard);
      Apply(p, w.finding);
      p.year = year;
      p.value = *w.row->value;
      auto s = in.series.find({city.city.code, code});
      if (s != in.series.end()) p.series = s->second;
      p.standard = StandardEvidence{a->compliance.front().set_id,
                                    a->compliance.front().set_version,
                                    choice.level,
                                    LimitRowText(w.row->limit),
                                    std::string(PollutantCode(w.row->limit.pollutant)),
                                    w.row->limit.value,
                                    std::string(UnitCode(w.row->limit.unit)),
                                    w.row->limit.source,
                                    "monitoring"};
      const std::string_view unit = UnitSymbol(UnitCode(w.row->limit.unit));
      p.summary = fmt::format(
          "{}: the {} monitoring data give {} {} for {}, above the {} {} limit of {} {}",
          w.indicator->name_en, year, Num(*w.row->value), unit, LimitRowText(w.row->limit),
          a->compliance.front().set_id, choice.level, Num(w.row->limit.value), unit);
      if (!w.others.empty()) {
        p.summary += "; also exceeded: ";
        for (std::size_t i = 0; i < w.others.size(); ++i) {
          p.summary += (i ? ", " : "") + w.others[i];
        }
      }
      if (same != out.end()) {
        *same = std::move(p);
      } else {
        out.push_back(std::move(p));
      }
    }
    return OkStatus();
  }
  return OkStatus();
}

Status TargetProblems(Database& db, const CityProfile& city, const ProfileInputs& in,
                      bool published_only, const ProblemQuery& query, const ProblemRules& rules,
                      std::vector<Problem>& out) {
  ProgressQuery q;
  q.city_code = city.city.code;
  q.evaluation_year = query.year;
  q.published_only = published_only;
  KINET_ASSIGN_OR_RETURN(std::vector<TargetProgress> progress, TargetService(db).Progress(q));
  for (const TargetProgress& tp : progress) {
    const ProgressAssessment& a = tp.assessment;
    TargetPath path;
    path.baseline_year = tp.target.baseline_year;
    path.baseline_value = tp.target.baseline_value;
    path.target_year = tp.target.target_year;
    path.target_value = tp.target.target_value;
    path.direction = tp.direction;
    std::optional<Finding> f = JudgeOffTrack(path, a, rules);
    if (!f) continue;
    auto it = in.by_code.find(tp.target.indicator_code);
    if (it == in.by_code.end()) continue;
    const std::string code =
        ProblemKey{city.city.code, tp.target.indicator_code, ProblemKind::kOffTrackTarget}.Code();
    // Two targets on one indicator (two plan periods): the worse one.
    auto existing =
        std::find_if(out.begin(), out.end(), [&](const Problem& p) { return p.code == code; });
    if (existing != out.end() && existing->severity_score >= f->score) continue;
    Problem p = Base(city, *it->second, ProblemKind::kOffTrackTarget);
    Apply(p, *f);
    p.year = a.evaluation_year;
    p.value = a.latest_value;
    p.series = tp.series;
    p.illustrative = tp.target.data_status == DataStatus::kIllustrative;
    p.target = TargetEvidence{path.baseline_year,
                              path.baseline_value,
                              path.target_year,
                              path.target_value,
                              a.expected_at_latest,
                              a.projected_at_target,
                              a.reason,
                              std::string(DataStatusCode(tp.target.data_status))};
    p.summary = fmt::format("Target {} {} by {} (from {} in {}) is off track: {}",
                            p.indicator_name_en, Num(path.target_value), path.target_year,
                            Num(path.baseline_value), path.baseline_year, a.reason);
    if (p.illustrative) p.summary += " (illustrative target)";
    if (existing != out.end()) {
      *existing = std::move(p);
    } else {
      out.push_back(std::move(p));
    }
  }
  return OkStatus();
}

Status TrendProblems(const CityProfile& city, const ProfileInputs& in, const ProblemQuery& query,
                     const ProblemRules& rules, std::vector<Problem>& out) {
  for (const auto& [key, series] : in.series) {
    auto it = in.by_code.find(key.second);
    if (it == in.by_code.end() || series.empty()) continue;
    const Indicator& ind = *it->second;
    const int until = query.year.value_or(series.back().year);
    KINET_ASSIGN_OR_RETURN(std::optional<Worsening> w,
                           JudgeWorsening(series, ind.direction, until, rules));
    if (!w) continue;
    Problem p = Base(city, ind, ProblemKind::kWorsening);
    Apply(p, w->finding);
    p.year = w->to_year;
    if (std::optional<YearValue> v = ValueAt(series, w->to_year)) p.value = v->value;
    for (const YearValue& v : series) {
      if (v.year >= w->from_year && v.year <= w->to_year) p.series.push_back(v);
    }
    p.trend = TrendEvidence{w->from_year,       w->to_year,
                            w->mann_kendall.n,  w->mann_kendall.s,
                            w->mann_kendall.z,  w->mann_kendall.p_value,
                            w->sen_slope.slope, 100 * w->finding.score};
    p.summary = fmt::format(
        "{} worsened {:.1f} % a year over {}-{} (Theil-Sen {:+.3g} {} a year, Mann-Kendall p = "
        "{:.2g}, {} values)",
        ind.name_en, 100 * w->finding.score, w->from_year, w->to_year, w->sen_slope.slope,
        UnitSymbol(ind.unit), w->mann_kendall.p_value, w->mann_kendall.n);
    out.push_back(std::move(p));
  }
  return OkStatus();
}

}  // namespace

std::string ProblemKey::Code() const {
  return fmt::format("{}:{}:{}", city_code, indicator_code, ProblemKindCode(kind));
}

Result<ProblemKey> ParseProblemCode(std::string_view code) {
  const std::size_t a = code.find(':');
  const std::size_t b = a == std::string_view::npos ? a : code.find(':', a + 1);
  const Status bad = InvalidArgument(
      fmt::format("'{}' is not a problem code <city>:<indicator>:<kind> (kind: exceeds-standard, "
                  "off-track-target or worsening)",
                  code),
      "problem");
  if (b == std::string_view::npos || code.find(':', b + 1) != std::string_view::npos) return bad;
  ProblemKey key;
  key.city_code = std::string(code.substr(0, a));
  key.indicator_code = std::string(code.substr(a + 1, b - a - 1));
  std::optional<ProblemKind> kind = ParseProblemKind(code.substr(b + 1));
  if (key.city_code.empty() || key.indicator_code.empty() || !kind) return bad;
  key.kind = *kind;
  return key;
}

Result<ProblemProfile> ProblemService::Profile(const Principal& who, std::string_view city,
                                               const ProblemQuery& query) {
  if (query.year && (*query.year < 1900 || *query.year > 2200)) {
    return InvalidArgument(fmt::format("year {} is outside 1900..2200", *query.year), "year");
  }
  ProblemProfile profile;
  KINET_ASSIGN_OR_RETURN(profile.city, NetworkService(db_).FindCity(city));
  const City& c = profile.city.city;
  profile.year = query.year;
  profile.published_only =
      !Can(who, Action::kReadUnpublished, Resource::City(c.country_code, c.code));

  ProfileInputs in;
  KINET_ASSIGN_OR_RETURN(in.catalogue, IndicatorRepository(db_).List());
  for (const Indicator& i : in.catalogue) in.by_code[i.code] = &i;
  IndicatorValueQuery vq;
  vq.city_code = c.code;
  const bool published_only = profile.published_only;
  KINET_ASSIGN_OR_RETURN(in.series,
                         ReadAnnualSeries(db_, vq, [published_only](const IndicatorValue& v) {
                           return !published_only || v.status == ValueStatus::kPublished;
                         }));
  KINET_ASSIGN_OR_RETURN(in.reported,
                         ReadAnnualSeries(db_, vq, [published_only](const IndicatorValue& v) {
                           return v.source_kind == SourceKind::kReported &&
                                  (!published_only || v.status == ValueStatus::kPublished);
                         }));

  std::vector<Problem> problems;
  const StandardChoice* choice = config_.StandardFor(c.country_code);
  if (choice == nullptr) {
    profile.notes.push_back(fmt::format(
        "no limit set is configured for country {} (matching.toml [standards])", c.country_code));
  } else {
    Result<LimitSet> set = LoadLimitSet(choice->limit_set);
    if (!set.ok()) return set.status();
    if (set->FindLevel(choice->level) == nullptr) {
      return InvalidArgument(
          fmt::format("{}: standards.{}: limit set {} has no level '{}'", config_.source,
                      c.country_code, choice->limit_set, choice->level),
          "standards");
    }
    LimitProblems(profile.city, in, *set, *choice, query, config_.problems, problems,
                  profile.notes);
    if (query.use_monitoring) {
      KINET_RETURN_IF_ERROR(MonitoringProblems(db_, profile.city, in, *set, *choice, query,
                                               config_.problems, problems, profile.notes));
    }
  }
  KINET_RETURN_IF_ERROR(
      TargetProblems(db_, profile.city, in, published_only, query, config_.problems, problems));
  KINET_RETURN_IF_ERROR(TrendProblems(profile.city, in, query, config_.problems, problems));
  if (in.series.empty()) {
    profile.notes.push_back(published_only ? "the city has no published annual indicator values"
                                           : "the city has no annual indicator values");
  }
  std::sort(problems.begin(), problems.end(), [](const Problem& a, const Problem& b) {
    if (a.severity != b.severity) return a.severity > b.severity;
    if (a.severity_score != b.severity_score) return a.severity_score > b.severity_score;
    return a.code < b.code;
  });
  profile.problems = std::move(problems);
  return profile;
}

Result<Problem> ProblemService::Find(const Principal& who, std::string_view code,
                                     const ProblemQuery& query) {
  KINET_ASSIGN_OR_RETURN(ProblemKey key, ParseProblemCode(code));
  KINET_ASSIGN_OR_RETURN(ProblemProfile profile, Profile(who, key.city_code, query));
  const std::string canonical =
      ProblemKey{profile.city.city.code, key.indicator_code, key.kind}.Code();
  for (Problem& p : profile.problems) {
    if (p.code == canonical) return std::move(p);
  }
  return NotFound(fmt::format("{} is not a problem of {} in its current data{}", canonical,
                              profile.city.city.code,
                              query.year ? fmt::format(" for {}", *query.year) : ""));
}

}  // namespace kinet
