#include "service/monitoring_service.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/file.h"
#include "engine/aqi.h"
#include "rules/aqi_rules.h"
#include "rules/limit_sets.h"
#include "service/air_values_service.h"
#include "service/daily_aqi_cache.h"
#include "service/network_service.h"
#include "store/migrations.h"
#include "store/monitoring_checksum.h"
#include "store/registry_repository.h"
#include "store/station_repository.h"

namespace kinet {
namespace {

constexpr std::string_view kDefaultAqiRules = "cn-hj633-2012";

std::string OptionsText(const MonitoringImportOptions& o) {
  std::string out = fmt::format("format={}", MonitoringFormatCode(o.format));
  if (!o.city.empty()) out += fmt::format(" city={}", o.city);
  if (!o.time_zone.empty()) out += fmt::format(" tz={}", o.time_zone);
  out += fmt::format(" time-label={}", o.time_label == TimeLabel::kEnd ? "end" : "start");
  if (!o.units.empty()) {
    std::string units;
    for (const auto& [p, u] : o.units) {
      units += fmt::format("{}{}={}", units.empty() ? "" : ",", PollutantCode(p), UnitCode(u));
    }
    out += " units=" + units;
  }
  if (!o.columns.empty()) {
    std::string map;
    for (const auto& [k, v] : o.columns)
      map += fmt::format("{}{}={}", map.empty() ? "" : ",", k, v);
    out += " map=" + map;
  }
  if (!o.rules.empty()) out += " rules=" + o.rules;
  return out;
}

bool SameBits(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0 || (std::isnan(a) && std::isnan(b));
}

std::string HourLabel(int year, int slot) {
  const CivilDate d = CivilFromDays(DaysFromCivil(CivilDate{year, 1, 1}) + slot / 24);
  return fmt::format("{}T{:02d}", FormatDate(d), slot % 24);
}

// The jurisdiction whose AQI rule set applies to a city by default.
std::string JurisdictionOf(const City& city) { return city.country_code == "US" ? "us" : "cn"; }

struct AqiChoice {
  const AqiRuleSet* rules = nullptr;
  std::optional<AqiRuleSet> owned;
};

Result<AqiRuleSet> ChooseAqiRules(const AirAssessOptions& options, const City& city,
                                  const CivilDate& date) {
  if (!options.aqi_rules.empty()) return LoadAqiRuleSet(options.aqi_rules);
  KINET_ASSIGN_OR_RETURN(const AqiRuleSet* rules, AqiRuleSetForDate(date, JurisdictionOf(city)));
  return *rules;
}

// The AQI rule set of each day of a run of days in increasing order, as
// ChooseAqiRules decides it. The choice can change only on a day where a rule
// set of the city's jurisdiction comes into force or ends, so it is resolved
// on the first day and on those days only: AqiRuleSetForDate re-reads the
// list of rule sets on every call (a few ms), which per day made a year of
// daily AQI take ~2 s even for a city without data.
class DailyRules {
 public:
  DailyRules(const AirAssessOptions& options, const City& city) : options_(options), city_(city) {}

  // The rule set of `date`; the pointer stays valid for the life of this
  // object (fixed) or of the process (AqiRuleSetForDate's cache).
  Result<const AqiRuleSet*> At(const CivilDate& date) {
    if (!options_.aqi_rules.empty()) {
      if (!fixed_) {
        KINET_ASSIGN_OR_RETURN(AqiRuleSet rules, LoadAqiRuleSet(options_.aqi_rules));
        fixed_ = std::move(rules);
      }
      return &*fixed_;
    }
    const std::int64_t day = DaysFromCivil(date);
    if (current_ == nullptr) {
      KINET_ASSIGN_OR_RETURN(std::vector<AqiRuleSetInfo> infos, ListAqiRuleSets());
      const std::string jurisdiction(JurisdictionOf(city_));
      for (const AqiRuleSetInfo& info : infos) {
        if (info.jurisdiction != jurisdiction) continue;
        boundaries_.insert(DaysFromCivil(info.effective_from));
        if (info.effective_to) boundaries_.insert(DaysFromCivil(*info.effective_to) + 1);
      }
    }
    // A boundary in (last_day_, day] means the choice may have changed.
    const bool crossed = current_ != nullptr && day > last_day_ &&
                         boundaries_.upper_bound(last_day_) != boundaries_.end() &&
                         *boundaries_.upper_bound(last_day_) <= day;
    if (current_ == nullptr || crossed || day < last_day_) {
      KINET_ASSIGN_OR_RETURN(current_, AqiRuleSetForDate(date, JurisdictionOf(city_)));
    }
    last_day_ = day;
    return current_;
  }

 private:
  const AirAssessOptions& options_;
  const City& city_;
  std::optional<AqiRuleSet> fixed_;
  std::set<std::int64_t> boundaries_;
  const AqiRuleSet* current_ = nullptr;
  std::int64_t last_day_ = 0;
};

// The city's stations split by whether they count for the city value, and
// the city-year hourly data with flagged values kept or dropped.
struct CityYearData {
  StationHourData data;
  std::vector<std::string> city_stations;
  std::vector<std::string> other_stations;
  std::string time_from, time_to;
  std::string input_checksum;
};

// The pseudo-city of stations that do not count for the city value: their
// city rows are computed by AssessAir and dropped.
constexpr std::string_view kNotCounted = "~not-counted";

Result<CityYearData> LoadCityYear(Executor& db, const City& city, int year, FlaggedValues flagged) {
  StationRepository stations(db);
  KINET_ASSIGN_OR_RETURN(std::vector<Station> list, stations.List(city.code));
  std::map<std::string, StationType> types;
  for (const Station& s : list) types[s.code] = s.type;
  MonitoringRepository repo(db);
  KINET_ASSIGN_OR_RETURN(std::vector<MonitoringBlock> blocks, repo.CityBlocks(city.code, year));
  CityYearData out;
  if (blocks.empty()) {
    return NotFound(
        fmt::format("no monitoring data for {} in {}; import some with `kinet import "
                    "monitoring`",
                    city.code, year));
  }
  std::map<std::string, std::size_t> index;
  CityYearChecksum checksum;
  int first = kBlockHours, last = -1;
  const int hours = HoursInYear(year);
  for (const MonitoringBlock& b : blocks) {
    auto type = types.find(b.station);
    checksum.AddBlock(b.station, type == types.end() ? "" : StationTypeCode(type->second),
                      BlockChecksum(b));
    std::optional<std::size_t> k = AqiPollutantIndex(b.pollutant);
    if (!k) continue;  // not one of the six AQI pollutants
    auto it = index.find(b.station);
    if (it == index.end()) {
      StationSeries s;
      s.station = b.station;
      const bool counted = type != types.end() && type->second == StationType::kUrban;
      s.city = counted ? city.code : std::string(kNotCounted);
      (counted ? out.city_stations : out.other_stations).push_back(b.station);
      s.years.push_back(HourlyYear::AllMissing(year));
      out.data.stations.push_back(std::move(s));
      it = index.emplace(b.station, out.data.stations.size() - 1).first;
    }
    HourlyYear& hy = out.data.stations[it->second].years.front();
    for (int h = 0; h < hours; ++h) {
      const double v = b.values[h];
      if (std::isnan(v)) continue;
      if (b.flags[h] != 0 && flagged == FlaggedValues::kExclude) continue;
      hy.values[static_cast<std::size_t>(h) * kAirPollutantCount + *k] = v;
      first = std::min(first, h);
      last = std::max(last, h);
    }
  }
  out.input_checksum = checksum.HexDigest();
  if (last >= 0) {
    out.time_from = HourLabel(year, first);
    out.time_to = HourLabel(year, last);
  }
  return out;
}

IaqiFunction IaqiOf(const AqiRuleSet& rules) {
  return [&rules](Pollutant p, Averaging a, double c) { return IndividualAqi(rules, p, a, c); };
}

// The engine's daily report of one series-day from its daily values.
AqiResult DayReport(const AqiRuleSet& rules, const DailyAirValues& day) {
  DailyConcentrations c;
  for (int k = 0; k < kAirPollutantCount; ++k) {
    const Pollutant p = kAqiPollutants[k];
    if (p == Pollutant::kO3) {
      c.Set(p, Averaging::kEightHour, day.value[k]);
      c.Set(p, Averaging::kHour, day.o3_max_hour);
    } else {
      c.Set(p, Averaging::kDay, day.value[k]);
    }
  }
  return DailyAqi(rules, c);
}

const AqiCategory* CategoryOf(const AqiRuleSet& rules, const AqiResult& r) {
  if (!r.category || *r.category >= rules.categories.size()) return nullptr;
  return &rules.categories[*r.category];
}

std::vector<std::pair<std::string, std::string>> LimitSetChoices(const AirAssessOptions& o) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const std::string& s : o.limit_sets.empty() ? DefaultLimitSets() : o.limit_sets) {
    const std::size_t colon = s.find(':');
    out.emplace_back(s.substr(0, colon), colon == std::string::npos ? "" : s.substr(colon + 1));
  }
  return out;
}

}  // namespace

Result<MonitoringImportSummary> MonitoringService::Import(const std::vector<std::string>& paths,
                                                          const MonitoringImportOptions& options) {
  std::vector<std::pair<std::string, std::string>> files;
  files.reserve(paths.size());
  for (const std::string& path : paths) {
    KINET_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
    files.emplace_back(path, std::move(text));
  }
  return ImportTexts(files, options);
}

Result<MonitoringImportSummary> MonitoringService::ImportTexts(
    const std::vector<std::pair<std::string, std::string>>& files,
    const MonitoringImportOptions& options) {
  if (files.empty()) return InvalidArgument("no files to import", "FILE");
  // Parse every file first: a refused file refuses the import before the
  // database is touched.
  KINET_ASSIGN_OR_RETURN(
      const AqiRuleSet rules,
      LoadAqiRuleSet(options.rules.empty() ? std::string(kDefaultAqiRules) : options.rules));
  NetworkService network(db_);
  std::string city_code;
  if (!options.city.empty()) {
    Result<CityProfile> city = network.FindCity(options.city);
    if (!city.ok()) return Status(city.status().code(), city.status().message(), "--city");
    city_code = city->city.code;
  }
  MonitoringReadOptions read;
  read.format = options.format;
  read.columns = options.columns;
  read.units = options.units;
  read.city = city_code;
  read.time_zone = options.time_zone;
  read.time_label = options.time_label;
  read.reference = rules.reference;
  read.now_utc = options.now_utc;
  read.resolve_city = [&network](std::string_view text) -> Result<ResolvedCity> {
    KINET_ASSIGN_OR_RETURN(CityProfile p, network.FindCity(text));
    return ResolvedCity{p.city.code, p.city.time_zone};
  };
  MonitoringBatch batch;
  MonitoringImportSummary summary;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (options.progress) {
      read.progress = [&options, i](std::size_t done, std::size_t total) {
        options.progress(i, done, total);
      };
    }
    KINET_ASSIGN_OR_RETURN(MonitoringFileSummary fs,
                           ReadMonitoringText(files[i].second, files[i].first, read, batch));
    summary.files.push_back(std::move(fs));
  }
  summary.suspected_unit_values = batch.FlagSuspectedUnits();
  summary.issues = batch.issues();

  std::map<std::string, std::set<int>> changed_years;  // city -> years whose blocks changed
  Status status = db_.Transact([&](Executor& tx) -> Status {
    summary.new_stations.clear();
    summary.blocks_created = summary.blocks_updated = summary.blocks_unchanged = 0;
    summary.changed_values = 0;
    StationRepository stations(tx);
    for (const auto& [code, city] : batch.station_cities()) {
      Result<Station> found = stations.FindByCode(code);
      if (found.ok()) {
        if (found->city_code != city) {
          return InvalidArgument(fmt::format(
              "station {} belongs to city {} in the registry, but the import places it in {}", code,
              found->city_code, city));
        }
        continue;
      }
      if (found.status().code() != StatusCode::kNotFound) return found.status();
      Station s;
      s.code = code;
      s.city_code = city;
      s.name_en = code;
      s.type = StationType::kUrban;
      s.source = "registered by `kinet import monitoring`";
      KINET_RETURN_IF_ERROR(stations.Upsert(s));
      summary.new_stations.push_back(code);
    }
    // Merge every series with its stored block; count changes per file.
    MonitoringRepository repo(tx);
    std::map<std::string, std::int64_t> changed_by_file;
    std::vector<std::pair<const MonitoringBatch::Series*, MonitoringBlock>> writes;
    for (const auto& [key, series] : batch.series()) {
      KINET_ASSIGN_OR_RETURN(std::optional<MonitoringBlock> stored,
                             repo.FindBlock(std::get<0>(key), std::get<1>(key), std::get<2>(key)));
      std::int64_t changed = 0;
      if (!stored) {
        for (int h = 0; h < kBlockHours; ++h) changed += series.given[h];
        changed_by_file[series.file] += changed;
        summary.changed_values += changed;
        ++summary.blocks_created;
        writes.emplace_back(&series, series.block);
        continue;
      }
      if (stored->time_zone != series.block.time_zone ||
          stored->utc_offset_seconds != series.block.utc_offset_seconds) {
        return InvalidArgument(fmt::format(
            "{}: {} {} {} is stored in the standard time of {}, the import reads it in {}; "
            "give --tz {}",
            series.file, std::get<0>(key), PollutantCode(std::get<1>(key)), std::get<2>(key),
            stored->time_zone, series.block.time_zone, stored->time_zone));
      }
      MonitoringBlock merged = std::move(*stored);
      for (int h = 0; h < kBlockHours; ++h) {
        if (!series.given[h]) continue;
        if (SameBits(merged.values[h], series.block.values[h]) &&
            merged.flags[h] == series.block.flags[h]) {
          continue;
        }
        merged.values[h] = series.block.values[h];
        merged.flags[h] = series.block.flags[h];
        ++changed;
      }
      if (changed == 0) {
        ++summary.blocks_unchanged;
        continue;
      }
      changed_by_file[series.file] += changed;
      summary.changed_values += changed;
      ++summary.blocks_updated;
      writes.emplace_back(&series, std::move(merged));
    }
    std::map<std::string, std::int64_t> import_ids;
    const std::string options_text = OptionsText(options);
    for (const MonitoringFileSummary& f : summary.files) {
      MonitoringImportRecord r;
      r.file_name = f.file;
      r.checksum = f.checksum;
      r.format = MonitoringFormatCode(f.format);
      r.options = options_text;
      r.rows_read = f.rows;
      r.values_read = f.values();
      r.missing_values = f.missing();
      r.flagged_values = f.flagged();
      r.changed_values = changed_by_file[f.file];
      r.changed = r.changed_values > 0;
      KINET_ASSIGN_OR_RETURN(import_ids[f.file], repo.RecordImport(r));
    }
    changed_years.clear();
    for (const auto& [series, block] : writes) {
      KINET_RETURN_IF_ERROR(repo.UpsertBlock(block, import_ids[series->file]));
      auto city = batch.station_cities().find(block.station);
      if (city != batch.station_cities().end()) changed_years[city->second].insert(block.year);
    }
    return OkStatus();
  });
  if (!status.ok()) return status;
  for (const auto& [city, years] : changed_years) DailyAqiCache::Instance().EraseCity(city);
  // The import is committed; recompute the air-engine indicator values of
  // every city-year it changed, each city in its own transaction.
  for (const auto& [city, years] : changed_years) {
    AirPublishOptions publish;
    publish.years.assign(years.begin(), years.end());
    Result<AirPublishSummary> published = AirValuesService(db_).Publish(city, publish);
    if (!published.ok()) {
      summary.air_values_error +=
          fmt::format("{}{}: {}", summary.air_values_error.empty() ? "" : "; ", city,
                      published.status().message());
      continue;
    }
    summary.air_values_changed += published->Changed();
    summary.air_values_unchanged += published->Count(AirValueOutcome::kUnchanged);
    summary.air_values_not_valid += published->Count(AirValueOutcome::kNotValid);
  }
  return summary;
}

Result<CityAirAssessment> MonitoringService::AssessCityYear(std::string_view city_key, int year,
                                                            const AirAssessOptions& options) {
  NetworkService network(db_);
  KINET_ASSIGN_OR_RETURN(CityProfile profile, network.FindCity(city_key));
  const City& city = profile.city;
  KINET_ASSIGN_OR_RETURN(const AqiRuleSet rules,
                         ChooseAqiRules(options, city, CivilDate{year, 1, 1}));
  KINET_ASSIGN_OR_RETURN(CityYearData input, LoadCityYear(db_, city, year, options.flagged));

  CityAirAssessment out;
  out.city = city;
  out.year = year;
  out.aqi_rule_set = rules.id;
  out.aqi_rule_set_version = rules.version;
  out.flagged = options.flagged;
  out.city_stations = input.city_stations;
  out.other_stations = input.other_stations;
  out.time_from = input.time_from;
  out.time_to = input.time_to;
  out.input_checksum = input.input_checksum;
  out.computed_at = UtcNowText();

  const AirAssessmentRules assess_rules;
  const IaqiFunction iaqi = IaqiOf(rules);
  AirAssessment all = AssessAir(input.data, assess_rules, iaqi, 1);
  // Drop the pseudo-city of the stations that do not count.
  std::erase_if(all.annual, [](const AnnualAssessmentRow& r) {
    return r.level == SeriesLevel::kCity && r.id == kNotCounted;
  });
  std::erase_if(all.aqi, [](const AqiYearRow& r) {
    return r.level == SeriesLevel::kCity && r.id == kNotCounted;
  });
  out.assessment = std::move(all);

  // The city's daily values: AQI categories and the compliance inputs.
  std::vector<const HourlyYear*> members;
  for (const StationSeries& s : input.data.stations) {
    if (s.city == city.code) members.push_back(&s.years.front());
  }
  const HourlyYear city_year = CityHourlyYear(members, year);
  for (const AqiCategory& c : rules.categories) {
    out.aqi_categories.push_back(AqiCategoryDays{c.level, c.name_en, c.name_zh, 0});
  }
  std::array<PollutantYear, kAirPollutantCount> years;
  const int days = DaysInYear(year);
  for (int d = 0; d < days; ++d) {
    const DailyAirValues day = AssessDay(city_year, d, assess_rules, iaqi);
    for (int k = 0; k < kAirPollutantCount; ++k) {
      if (day.value[k]) years[k].daily.push_back(*day.value[k]);
    }
    const AqiResult report = DayReport(rules, day);
    if (report.aqi && MeetsCompleteness(report, kBenchDayCompleteness) && report.category &&
        *report.category < out.aqi_categories.size()) {
      ++out.aqi_categories[*report.category].days;
    }
  }
  for (int k = 0; k < kAirPollutantCount; ++k) {
    PollutantYear& py = years[k];
    py.pollutant = kAqiPollutants[k];
    py.unit = StoredUnit(py.pollutant);
    py.data_capture = static_cast<double>(py.daily.size()) / days;
    for (const AnnualAssessmentRow& r : out.assessment.annual) {
      if (r.level == SeriesLevel::kCity && r.id == city.code && r.pollutant == py.pollutant) {
        py.annual_mean = r.stats.mean;
        py.annual_mean_valid = r.stats.valid;
      }
    }
    std::optional<double> max_hour;
    for (int h = 0; h < days * 24; ++h) {
      const double v = city_year.values[static_cast<std::size_t>(h) * kAirPollutantCount + k];
      if (!std::isnan(v)) max_hour = max_hour ? std::max(*max_hour, v) : v;
    }
    py.max_hour = max_hour;
  }
  std::vector<PollutantYear> present;
  for (const PollutantYear& py : years) {
    if (!py.daily.empty() || py.max_hour) present.push_back(py);
  }
  for (const auto& [set_id, level_id] : LimitSetChoices(options)) {
    KINET_ASSIGN_OR_RETURN(const LimitSet set, LoadLimitSet(set_id));
    std::string level = level_id;
    if (level.empty() && !set.levels.empty()) level = set.levels.back().id;
    KINET_ASSIGN_OR_RETURN(std::vector<LimitEvaluation> rows,
                           EvaluateCompliance(set, level, present));
    out.compliance.push_back(LimitSetCompliance{set.id, set.version, level, std::move(rows)});
  }

  if (options.store) {
    KINET_ASSIGN_OR_RETURN(const bool canonical, IsCanonicalAirAssessment(out));
    if (canonical) {
      KINET_RETURN_IF_ERROR(
          db_.Transact([&](Executor& tx) -> Status { return StoreAirAssessment(tx, out); }));
      out.stored = true;
    }
  }
  return out;
}

Result<std::vector<DailyAqiRow>> MonitoringService::DailyAqi(std::string_view city_key,
                                                             const CivilDate& from,
                                                             const CivilDate& to,
                                                             const AirAssessOptions& options) {
  if (to < from) return InvalidArgument("--to is before --from", "--to");
  if (DaysFromCivil(to) - DaysFromCivil(from) > 3660) {
    return InvalidArgument("at most ten years of days at once", "--to");
  }
  NetworkService network(db_);
  KINET_ASSIGN_OR_RETURN(CityProfile profile, network.FindCity(city_key));
  const City& city = profile.city;
  const AirAssessmentRules assess_rules;
  DailyRules daily_rules(options, city);
  std::vector<DailyAqiRow> out;
  // What every row depends on besides the date and the blocks (the cache
  // key, daily_aqi_cache.h): flagged values, the rule-set choice, the
  // jurisdiction, and the city's stations with their types.
  const std::string variant =
      fmt::format("{}|{}|{}", options.flagged == FlaggedValues::kInclude ? "include" : "exclude",
                  options.aqi_rules, JurisdictionOf(city));
  std::string stations;
  {
    KINET_ASSIGN_OR_RETURN(std::vector<Station> list, StationRepository(db_).List(city.code));
    for (const Station& st : list) {
      stations += fmt::format("{}:{};", st.code, StationTypeCode(st.type));
    }
  }
  DailyAqiCache& cache = DailyAqiCache::Instance();
  for (int year = from.year; year <= to.year; ++year) {
    const CivilDate first = year == from.year ? from : CivilDate{year, 1, 1};
    const CivilDate last = year == to.year ? to : CivilDate{year, 12, 31};
    KINET_ASSIGN_OR_RETURN(std::optional<std::string> checksum,
                           CityYearInputChecksum(db_, city.code, year));
    std::string key;
    DailyAqiCache::Days days;
    if (checksum) {
      key = DailyAqiCache::Key(city.code, year, variant, *checksum, stations);
      if (std::optional<DailyAqiCache::Days> hit = cache.Find(key)) days = std::move(*hit);
    }
    days.resize(static_cast<std::size_t>(DaysInYear(year)));
    std::optional<HourlyYear> city_year;  // read once, only when a day is missing
    bool loaded = false;
    bool computed = false;
    for (std::int64_t day = DaysFromCivil(first); day <= DaysFromCivil(last); ++day) {
      const CivilDate date = CivilFromDays(day);
      std::optional<DailyAqiRow>& slot = days[static_cast<std::size_t>(DayOfYear(date))];
      if (slot) {
        out.push_back(*slot);
        continue;
      }
      KINET_ASSIGN_OR_RETURN(const AqiRuleSet* chosen, daily_rules.At(date));
      const AqiRuleSet& rules = *chosen;
      DailyAqiRow row;
      row.date = date;
      row.rule_set = rules.id;
      if (checksum && !loaded) {
        loaded = true;
        Result<CityYearData> input = LoadCityYear(db_, city, year, options.flagged);
        if (input.ok()) {
          std::vector<const HourlyYear*> members;
          for (const StationSeries& s : input->data.stations) {
            if (s.city == city.code) members.push_back(&s.years.front());
          }
          city_year = CityHourlyYear(members, year);
        } else if (input.status().code() != StatusCode::kNotFound) {
          return input.status();
        }
        // The blocks changed between the checksum and the read: cache nothing.
        if (!input.ok() || input->input_checksum != *checksum) key.clear();
      }
      if (city_year) {
        const DailyAirValues values =
            AssessDay(*city_year, DayOfYear(row.date), assess_rules, IaqiOf(rules));
        const AqiResult report = DayReport(rules, values);
        if (report.aqi && MeetsCompleteness(report, kBenchDayCompleteness)) {
          row.aqi = report.aqi;
          for (std::size_t k = 0; k < kAqiPollutants.size(); ++k) {
            if (report.primary_mask & (1u << k)) row.primary.push_back(kAqiPollutants[k]);
          }
          if (const AqiCategory* c = CategoryOf(rules, report)) {
            row.category_level = c->level;
            row.category_en = c->name_en;
            row.category_zh = c->name_zh;
          }
        }
      }
      out.push_back(row);
      slot = std::move(row);
      computed = true;
    }
    if (computed && !key.empty()) cache.Put(key, std::move(days));
  }
  return out;
}

Result<std::vector<Station>> MonitoringService::ListStations(std::string_view city_code) {
  KINET_RETURN_IF_ERROR(CityRepository(db_).FindByCode(city_code).status());
  return StationRepository(db_).List(city_code);
}

Result<Station> MonitoringService::FindStation(std::string_view city_code,
                                               std::string_view station_code) {
  KINET_RETURN_IF_ERROR(CityRepository(db_).FindByCode(city_code).status());
  Result<Station> station = StationRepository(db_).FindByCode(station_code);
  if (!station.ok() || station->city_code != city_code) {
    if (!station.ok() && station.status().code() != StatusCode::kNotFound) {
      return station.status();
    }
    return NotFound(fmt::format("no station '{}' in city '{}'", station_code, city_code));
  }
  return station;
}

const std::vector<std::string>& DefaultLimitSets() {
  static const std::vector<std::string> kDefaults = {"cn-gb3095-2012:grade-2", "who-aqg-2021:aqg"};
  return kDefaults;
}

Result<bool> IsCanonicalAirAssessment(const CityAirAssessment& a) {
  if (a.flagged != FlaggedValues::kExclude) return false;
  Result<const AqiRuleSet*> in_force =
      AqiRuleSetForDate(CivilDate{a.year, 1, 1}, JurisdictionOf(a.city));
  // No rule set in force that year: only an explicit --rules could assess
  // it, and that is a choice, not the default.
  if (!in_force.ok() && in_force.status().code() == StatusCode::kNotFound) return false;
  if (!in_force.ok()) return in_force.status();
  if (a.aqi_rule_set != (*in_force)->id || a.aqi_rule_set_version != (*in_force)->version) {
    return false;
  }
  std::set<std::pair<std::string, std::string>> defaults, checked;
  for (const auto& choice : LimitSetChoices(AirAssessOptions{})) defaults.insert(choice);
  for (const LimitSetCompliance& c : a.compliance) checked.emplace(c.set_id, c.level);
  return checked == defaults;
}

Status StoreAirAssessment(Executor& tx, const CityAirAssessment& a) {
  const int days = DaysInYear(a.year);
  const std::string period = std::to_string(a.year);
  std::map<std::pair<std::string, std::string>, std::vector<AirAssessmentRecord>> by_entity;
  const auto base = [&](SeriesLevel level, const std::string& id) {
    AirAssessmentRecord r;
    r.level = std::string(SeriesLevelName(level));
    r.entity_code = id;
    r.period = period;
    r.time_from = a.time_from;
    r.time_to = a.time_to;
    r.input_checksum = a.input_checksum;
    r.computed_at = a.computed_at;
    return r;
  };
  for (const AnnualAssessmentRow& row : a.assessment.annual) {
    const double capture = row.stats.data_capture_percent;
    const auto add = [&](std::string statistic, std::optional<double> value) {
      AirAssessmentRecord r = base(row.level, row.id);
      r.pollutant = std::string(PollutantCode(row.pollutant));
      r.statistic = std::move(statistic);
      r.value = value;
      r.valid = row.stats.valid;
      r.data_capture = capture;
      r.rule_set_id = std::string(kAnnualRuleSet);
      r.rule_set_version = std::string(kAnnualRuleSetVersion);
      by_entity[{r.level, row.id}].push_back(std::move(r));
    };
    add("annual_mean", row.stats.mean);
    add("percentile", row.stats.percentile);
    add("exceed_days", row.stats.exceed_days);
    add("valid_days", row.stats.valid_days);
  }
  for (const AqiYearRow& row : a.assessment.aqi) {
    const auto add = [&](std::string statistic, std::optional<double> value) {
      AirAssessmentRecord r = base(row.level, row.id);
      r.pollutant = "AQI";
      r.statistic = std::move(statistic);
      r.value = value;
      r.valid = row.aqi_days > 0;
      r.data_capture = 100.0 * row.aqi_days / days;
      r.rule_set_id = a.aqi_rule_set;
      r.rule_set_version = a.aqi_rule_set_version;
      by_entity[{r.level, row.id}].push_back(std::move(r));
    };
    add("aqi_days", row.aqi_days);
    add("good_days", row.good_days);
    add("good_ratio", row.good_ratio);
    add("max_aqi", row.max_aqi ? std::optional<double>(*row.max_aqi) : std::nullopt);
    if (row.level == SeriesLevel::kCity) {
      for (const AqiCategoryDays& c : a.aqi_categories) {
        add("days_" + c.name_en, c.days);
      }
    }
  }
  for (const LimitSetCompliance& c : a.compliance) {
    for (const LimitEvaluation& e : c.rows) {
      AirAssessmentRecord r = base(SeriesLevel::kCity, a.city.code);
      r.pollutant = std::string(PollutantCode(e.limit.pollutant));
      r.statistic = fmt::format("{}:{}:{}", c.level, AveragingCode(e.limit.averaging),
                                LimitStatisticCode(e.limit.statistic));
      r.value = e.value;
      r.valid = e.data_valid;
      r.data_capture = 100.0 * e.data_capture;
      r.verdict = std::string(ComplianceVerdictCode(e.verdict));
      r.rule_set_id = c.set_id;
      r.rule_set_version = c.set_version;
      by_entity[{r.level, a.city.code}].push_back(std::move(r));
    }
  }
  AirAssessmentRepository repo(tx);
  for (const auto& [key, records] : by_entity) {
    KINET_RETURN_IF_ERROR(repo.Replace(key.second, period, records));
  }
  return OkStatus();
}

Result<MonitoringImportSummary> ImportSampleMonitoring(Database& db, const std::string& dir) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  std::error_code ec;
  const fs::path beijing = fs::path(dir) / "beijing";
  for (fs::directory_iterator it(beijing, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.starts_with("PRSA_Data_") && name.ends_with(".csv.gz")) {
      files.push_back(it->path().string());
    }
  }
  if (files.empty()) {
    return NotFound(fmt::format("no PRSA_Data_*.csv.gz files in {}", beijing.string()));
  }
  std::sort(files.begin(), files.end());
  MonitoringImportOptions options;
  options.format = MonitoringFormat::kPrsa;
  options.city = "beijing";
  return MonitoringService(db).Import(files, options);
}

}  // namespace kinet
