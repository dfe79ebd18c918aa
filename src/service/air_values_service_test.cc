// Air-engine indicator values (service/air_values_service.h) on SQLite and
// PostgreSQL (tests/store/backend_fixture.h; KINET_TEST_PG_URL): published by
// every import, equal to the engine's numbers, idempotent, never touching a
// reported value, nothing for a year that fails GB 3095-2012 Table 4, read by
// target progress, and the problem profile identical whether it reads the
// stored compliance rows or assesses again.
#include "service/air_values_service.h"

#include <gtest/gtest.h>

#include "backend_fixture.h"

#include <fmt/format.h>

#include "core/period.h"
#include "service/indicator_service.h"
#include "service/monitoring_service.h"
#include "service/problem_service.h"
#include "service/target_service.h"
#include "store/indicator_repository.h"
#include "store/monitoring_checksum.h"
#include "store/monitoring_repository.h"
#include "store/registry_repository.h"
#include "store/station_repository.h"

namespace kinet {

void PrintTo(Backend backend, std::ostream* os) { *os << BackendName(backend); }

namespace {

// 2030-01-01T00:00Z: "now" for the future flag, after all the test data.
constexpr Seconds kNow = 1893456000;

// Hourly rows of the urban stations U1 and U2 of "testville" for `days`
// days of `year` from 1 January: PM2.5 `pm25_u1` at U1 and `pm25_u2` at U2
// (the city hour is their mean), PM10 50 and NO2 20 at both.
std::string YearFile(int year, int days, double pm25_u1, double pm25_u2) {
  std::string text = "station,city,time,PM2.5,PM10,NO2\n";
  for (int day = 0; day < days; ++day) {
    const CivilDate d = CivilFromDays(DaysFromCivil(CivilDate{year, 1, 1}) + day);
    for (int h = 0; h < 24; ++h) {
      const std::string t = fmt::format("{} {:02d}:00", FormatDate(d), h);
      text += fmt::format("U1,testville,{},{},50,20\n", t, pm25_u1);
      text += fmt::format("U2,testville,{},{},50,20\n", t, pm25_u2);
    }
  }
  return text;
}

// The tiny city of tests/store/monitoring_contract_test.cc (TinyCityYear),
// without its background station: U1 PM2.5 30 every hour, U2 130 on days
// 0-99 and 50 after, so the city's daily PM2.5 is 80 on 100 days and 40 on
// 265 days of 2023.
std::string TinyCityYear() {
  std::string text = "station,city,time,PM2.5,PM10,NO2\n";
  for (int day = 0; day < 365; ++day) {
    const CivilDate d = CivilFromDays(DaysFromCivil(CivilDate{2023, 1, 1}) + day);
    for (int h = 0; h < 24; ++h) {
      const std::string t = fmt::format("{} {:02d}:00", FormatDate(d), h);
      text += fmt::format("U1,testville,{},30,50,20\n", t);
      text += fmt::format("U2,testville,{},{},50,20\n", t, day < 100 ? 130 : 50);
    }
  }
  return text;
}

class AirValuesTest : public BackendTest {
 protected:
  void SetUp() override {
    OpenFreshDatabase(/*migrate=*/true);
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_OK(CountryRepository(*db_).Upsert(
        {CountryId(), "CN", "China", "中国", "East Asia", "cn-2014"}));
    City c;
    c.code = "testville";
    c.country_code = "CN";
    c.name_en = "Testville";
    c.time_zone = "Asia/Shanghai";
    ASSERT_OK(CityRepository(*db_).Insert(c));
    for (const char* code : {"U1", "U2"}) {
      Station s;
      s.code = code;
      s.city_code = "testville";
      s.name_en = code;
      s.type = StationType::kUrban;
      ASSERT_OK(StationRepository(*db_).Upsert(s));
    }
  }

  Result<MonitoringImportSummary> Import(const std::string& name, const std::string& text) {
    MonitoringImportOptions o;
    o.format = MonitoringFormat::kWide;
    o.now_utc = kNow;
    return MonitoringService(*db_).ImportTexts({{name, text}}, o);
  }

  std::optional<IndicatorValue> Computed(const std::string& indicator, const std::string& year) {
    Result<std::optional<IndicatorValue>> v =
        IndicatorValueRepository(*db_).Find("testville", indicator, year, SourceKind::kComputed);
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    return v.ok() ? *v : std::nullopt;
  }

  // Every stored assessment row and every computed indicator value of the
  // city, all columns as text, in a fixed order: what a what-if run must
  // leave exactly as it was (computed_at and updated_at included).
  std::string StoredSnapshot() {
    std::string out;
    for (const char* sql :
         {"SELECT level, entity_code, period, pollutant, statistic, CAST(value AS TEXT), "
          "CAST(valid AS TEXT), CAST(data_capture AS TEXT), verdict, rule_set_id, "
          "rule_set_version, time_from, time_to, input_checksum, computed_at FROM "
          "air_assessments ORDER BY level, entity_code, period, rule_set_id, pollutant, "
          "statistic",
          "SELECT i.code, v.period, CAST(v.value AS TEXT), v.source, v.note, v.status, "
          "v.updated_at FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id "
          "WHERE v.source_kind = 'computed' ORDER BY i.code, v.period"}) {
      Result<std::vector<Row>> rows = db_->Query(sql);
      EXPECT_TRUE(rows.ok()) << rows.status().ToString();
      if (!rows.ok()) return "";
      for (const Row& row : *rows) {
        for (std::size_t i = 0; i < row.size(); ++i) out += row.TextOr(i) + "|";
        out += "\n";
      }
      out += "--\n";
    }
    return out;
  }

  std::int64_t AuditRows() {
    Result<std::optional<Row>> row =
        db_->QueryOne("SELECT count(*) FROM audit_log WHERE entity = 'indicator_value'");
    EXPECT_TRUE(row.ok()) << row.status().ToString();
    return row.ok() && row->has_value() ? (*row)->Int(0).value_or(-1) : -1;
  }
};

TEST_P(AirValuesTest, AnImportStoresTheEngineNumbersAsComputedValues) {
  Result<MonitoringImportSummary> imported = Import("tiny.csv", TinyCityYear());
  ASSERT_TRUE(imported.ok()) << imported.status().ToString();
  EXPECT_EQ(imported->air_values_error, "");
  // PM2.5, PM10, NO2 annual means and the good-day ratio; SO2, CO and O3
  // have no data, so no valid year.
  EXPECT_EQ(imported->air_values_changed, 4);
  EXPECT_EQ(imported->air_values_not_valid, 3);

  // The engine's own numbers for the city-year (AssessCityYear, the same
  // blocks): the stored values must be exactly these, not a rounding.
  AirAssessOptions no_store;
  no_store.store = false;
  Result<CityAirAssessment> a = MonitoringService(*db_).AssessCityYear("testville", 2023, no_store);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  std::optional<double> engine_pm25;
  for (const AnnualAssessmentRow& r : a->assessment.annual) {
    if (r.level == SeriesLevel::kCity && r.pollutant == Pollutant::kPm25)
      engine_pm25 = r.stats.mean;
  }
  ASSERT_TRUE(engine_pm25);

  std::optional<IndicatorValue> pm25 = Computed("air.pm25.annual-mean", "2023");
  ASSERT_TRUE(pm25);
  EXPECT_EQ(pm25->value, *engine_pm25);
  // By hand: daily city means 80 on 100 days and 40 on 265 days
  // (monitoring_contract_test.cc, AssessesATinyCityFromItsStoredBlocks):
  // (100 * 80 + 265 * 40) / 365 = 18600 / 365 = 50.958904.
  EXPECT_NEAR(pm25->value, 18600.0 / 365, 1e-9);
  EXPECT_EQ(pm25->source_kind, SourceKind::kComputed);
  EXPECT_EQ(pm25->status, ValueStatus::kPublished);
  EXPECT_EQ(pm25->entered_unit, "ug/m3");
  EXPECT_NE(pm25->source.find("cn-hj663-2013"), std::string::npos) << pm25->source;
  EXPECT_NE(pm25->source.find(a->input_checksum), std::string::npos) << pm25->source;
  EXPECT_EQ(pm25->note, "2 urban stations; 365 of 365 valid daily values (100.0 %)");

  std::optional<IndicatorValue> pm10 = Computed("air.pm10.annual-mean", "2023");
  ASSERT_TRUE(pm10);
  EXPECT_DOUBLE_EQ(pm10->value, 50.0);  // 50 every hour
  std::optional<IndicatorValue> no2 = Computed("air.no2.annual-mean", "2023");
  ASSERT_TRUE(no2);
  EXPECT_DOUBLE_EQ(no2->value, 20.0);
  // Good days (AQI <= 100): the 265 days of PM2.5 40 (IAQI 57); the 100
  // days of 80 have IAQI 107 (HJ 633-2012 Table 1, eq. 1). 265 / 365 in %.
  std::optional<IndicatorValue> good = Computed("air.good-day-ratio", "2023");
  ASSERT_TRUE(good);
  EXPECT_NEAR(good->value, 100.0 * 265 / 365, 1e-9);
  EXPECT_FALSE(Computed("air.so2.annual-mean", "2023"));
  EXPECT_FALSE(Computed("air.o3.mda8-p90", "2023"));

  // Publishing again changes nothing and writes no audit row.
  const std::int64_t audit = AuditRows();
  Result<AirPublishSummary> again = AirValuesService(*db_).Publish("testville");
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->years, std::vector<int>{2023});
  EXPECT_EQ(again->Count(AirValueOutcome::kUnchanged), 4);
  EXPECT_EQ(again->Changed(), 0);
  EXPECT_EQ(AuditRows(), audit);
}

TEST_P(AirValuesTest, AReportedValueIsNeverTouched) {
  ASSERT_OK(IndicatorService(*db_).SyncBuiltinCatalogue());
  ValueInput reported;
  reported.city = "testville";
  reported.indicator = "air.pm25.annual-mean";
  reported.period = "2023";
  reported.value = 52;
  reported.source = "Testville environmental bulletin";
  ASSERT_OK(IndicatorService(*db_).RecordValue(reported, "test"));
  ASSERT_TRUE(Import("tiny.csv", TinyCityYear()).ok());
  ASSERT_TRUE(AirValuesService(*db_).Publish("testville").ok());

  Result<std::optional<IndicatorValue>> kept = IndicatorValueRepository(*db_).Find(
      "testville", "air.pm25.annual-mean", "2023", SourceKind::kReported);
  ASSERT_TRUE(kept.ok() && kept->has_value());
  EXPECT_EQ((*kept)->value, 52);
  EXPECT_EQ((*kept)->source, "Testville environmental bulletin");
  EXPECT_EQ((*kept)->status, ValueStatus::kDraft);
  ASSERT_TRUE(Computed("air.pm25.annual-mean", "2023"));
  // The series prefers the reported value (docs/indicators.md).
  Result<std::vector<IndicatorValue>> series =
      IndicatorValueRepository(*db_).ValuesFor("testville", "air.pm25.annual-mean");
  ASSERT_TRUE(series.ok());
  ASSERT_EQ(series->size(), 1u);
  EXPECT_EQ((*series)[0].source_kind, SourceKind::kReported);
}

TEST_P(AirValuesTest, AYearThatFailsValidityHasNoValueAndLosesAnEarlierOne) {
  ASSERT_TRUE(Import("tiny.csv", TinyCityYear()).ok());
  ASSERT_TRUE(Computed("air.pm25.annual-mean", "2023"));
  // Days 0-59 of both stations' PM2.5 replaced by negative values, which
  // are flagged and left out: 305 valid days < 324 (GB 3095-2012 Table 4).
  std::string bad = "station,city,time,PM2.5\n";
  for (int day = 0; day < 60; ++day) {
    const CivilDate d = CivilFromDays(DaysFromCivil(CivilDate{2023, 1, 1}) + day);
    for (int h = 0; h < 24; ++h) {
      bad += fmt::format("U1,testville,{} {:02d}:00,-1\nU2,testville,{} {:02d}:00,-1\n",
                         FormatDate(d), h, FormatDate(d), h);
    }
  }
  Result<MonitoringImportSummary> s = Import("bad.csv", bad);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->air_values_error, "");
  EXPECT_FALSE(Computed("air.pm25.annual-mean", "2023"));
  ASSERT_TRUE(Computed("air.pm10.annual-mean", "2023"));  // PM10 is still complete

  Result<AirPublishSummary> p = AirValuesService(*db_).Publish("testville");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  const AirValueResult* pm25 = nullptr;
  for (const AirValueResult& r : p->values) {
    if (r.indicator_code == "air.pm25.annual-mean") pm25 = &r;
  }
  ASSERT_NE(pm25, nullptr);
  EXPECT_EQ(pm25->outcome, AirValueOutcome::kNotValid);
  EXPECT_EQ(pm25->valid_days, 305);
  EXPECT_NE(pm25->note.find("not valid"), std::string::npos) << pm25->note;

  Result<std::optional<Row>> deleted =
      db_->QueryOne("SELECT count(*) FROM audit_log WHERE action = 'delete' AND entity_id = ?",
                    {TextValue("testville/air.pm25.annual-mean/2023/computed")});
  ASSERT_TRUE(deleted.ok() && deleted->has_value());
  EXPECT_EQ((*deleted)->Int(0).value_or(0), 1);

  // A year with no data at all is refused, naming --year.
  Result<AirPublishSummary> none = AirValuesService(*db_).Publish("testville", {{2019}});
  EXPECT_EQ(none.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(none.status().field(), "--year");
}

TEST_P(AirValuesTest, ATargetIsJudgedOnTheComputedValues) {
  // Constant PM2.5 in each year, so each annual mean is that constant:
  // 2021 55, 2022 50, 2023 45 (both stations alike).
  for (auto [year, pm25] : {std::pair{2021, 55.0}, std::pair{2022, 50.0}, std::pair{2023, 45.0}}) {
    Result<MonitoringImportSummary> s =
        Import(fmt::format("{}.csv", year), YearFile(year, DaysInYear(year), pm25, pm25));
    ASSERT_TRUE(s.ok()) << s.status().ToString();
  }
  Target t;
  t.city_code = "testville";
  t.indicator_code = "air.pm25.annual-mean";
  t.baseline_year = 2020;
  t.baseline_value = 60;
  t.target_year = 2025;
  t.target_value = 40;
  t.kind = TargetKind::kVoluntary;
  t.set_by = "test";
  ASSERT_OK(TargetService(*db_).Set(t, "test"));
  ProgressQuery q;
  q.city_code = "testville";
  Result<std::vector<TargetProgress>> progress = TargetService(*db_).Progress(q);
  ASSERT_TRUE(progress.ok()) << progress.status().ToString();
  ASSERT_EQ(progress->size(), 1u);
  const ProgressAssessment& a = (*progress)[0].assessment;
  // docs/indicators.md "Targets and progress": E = 2023 (latest value),
  // three observations after 2020; 45 > 40 (not achieved), 2023 <= 2025.
  // Straight path at 2023: 60 + (40 - 60) * 3 / 5 = 48; 45 <= 48: on track.
  EXPECT_EQ(a.status, ProgressStatus::kOnTrack) << a.reason;
  EXPECT_EQ(a.evaluation_year, 2023);
  EXPECT_EQ(a.observations, 3);
  ASSERT_TRUE(a.latest_value);
  EXPECT_DOUBLE_EQ(*a.latest_value, 45);
  ASSERT_TRUE(a.expected_at_latest);
  EXPECT_DOUBLE_EQ(*a.expected_at_latest, 48);
}

TEST_P(AirValuesTest, TheProblemProfileIsTheSameReadOrAssessed) {
  ASSERT_TRUE(Import("tiny.csv", TinyCityYear()).ok());
  const Principal console = Principal::Operator("test");
  Result<ProblemProfile> read = ProblemService(*db_).Profile(console, "testville");
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  // The stored rows gone, the profile assesses the blocks again.
  ASSERT_OK(db_->Execute("DELETE FROM air_assessments"));
  Result<ProblemProfile> assessed = ProblemService(*db_).Profile(console, "testville");
  ASSERT_TRUE(assessed.ok()) << assessed.status().ToString();

  ASSERT_EQ(read->problems.size(), assessed->problems.size());
  bool pm25 = false;
  for (std::size_t i = 0; i < read->problems.size(); ++i) {
    const Problem& x = read->problems[i];
    const Problem& y = assessed->problems[i];
    EXPECT_EQ(x.code, y.code);
    EXPECT_EQ(x.summary, y.summary);
    EXPECT_EQ(x.severity, y.severity);
    EXPECT_EQ(x.severity_rule, y.severity_rule);
    EXPECT_EQ(x.value, y.value);
    ASSERT_EQ(x.standard.has_value(), y.standard.has_value());
    if (x.standard) {
      EXPECT_EQ(x.standard->origin, y.standard->origin);
    }
    if (x.code == "testville:air.pm25.annual-mean:exceeds-standard") {
      pm25 = true;
      // 50.96 > 35 (GB 3095-2012 Table 1, Grade II annual), from the
      // monitoring data with its evidence, not from the computed value.
      ASSERT_TRUE(x.standard);
      EXPECT_EQ(x.standard->origin, "monitoring");
      EXPECT_NEAR(*x.value, 18600.0 / 365, 1e-9);
    }
  }
  EXPECT_TRUE(pm25);
  EXPECT_EQ(read->notes, assessed->notes);
}

TEST_P(AirValuesTest, TheDailyAqiCacheFollowsTheStoredBlocks) {
  ASSERT_TRUE(Import("tiny.csv", TinyCityYear()).ok());
  MonitoringService service(*db_);
  const CivilDate from{2023, 4, 9}, to{2023, 4, 11};  // days 98-100
  Result<std::vector<DailyAqiRow>> first = service.DailyAqi("testville", from, to);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_EQ(first->size(), 3u);
  // HJ 633-2012 Table 1, eq. 1 (monitoring_contract_test.cc): city PM2.5 80
  // on days 0-99 -> IAQI 107; 40 from day 100 -> 57.
  EXPECT_EQ((*first)[0].aqi, 107);
  EXPECT_EQ((*first)[2].aqi, 57);
  // Asked again (now from the cache), and as part of a longer range: the same rows.
  Result<std::vector<DailyAqiRow>> again = service.DailyAqi("testville", from, to);
  ASSERT_TRUE(again.ok());
  Result<std::vector<DailyAqiRow>> year =
      service.DailyAqi("testville", CivilDate{2023, 1, 1}, CivilDate{2023, 12, 31});
  ASSERT_TRUE(year.ok());
  ASSERT_EQ(year->size(), 365u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ((*again)[i].aqi, (*first)[i].aqi);
    EXPECT_EQ((*again)[i].primary, (*first)[i].primary);
    EXPECT_EQ((*again)[i].category_en, (*first)[i].category_en);
    EXPECT_EQ((*year)[98 + i].aqi, (*first)[i].aqi);
  }
  // A block rewritten behind the service's back (as another server sharing
  // the database would): U2's PM2.5 on day 98 becomes 50, so the city hour is
  // (30 + 50) / 2 = 40 and the day's IAQI 57. The checksum in the key changes.
  Result<std::optional<MonitoringBlock>> block =
      MonitoringRepository(*db_).FindBlock("U2", Pollutant::kPm25, 2023);
  ASSERT_TRUE(block.ok() && block->has_value());
  for (int h = 0; h < 24; ++h) (**block).values[98 * 24 + h] = 50.0f;
  ASSERT_OK(MonitoringRepository(*db_).UpsertBlock(**block, 0));
  Result<std::vector<DailyAqiRow>> changed = service.DailyAqi("testville", from, to);
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ((*changed)[0].aqi, 57);
  EXPECT_EQ((*changed)[1].aqi, 107);  // day 99 unchanged
}

TEST_P(AirValuesTest, AWhatIfAssessmentLeavesTheStoredRowsAndValuesAlone) {
  ASSERT_TRUE(Import("tiny.csv", TinyCityYear()).ok());
  // One flagged hour (a negative PM2.5 at U1, kept with its flag), so that
  // counting flagged values changes the numbers.
  ASSERT_TRUE(
      Import("flagged.csv", "station,city,time,PM2.5\nU1,testville,2023-06-01 00:00,-5\n").ok());
  const std::string before = StoredSnapshot();
  ASSERT_NE(before.find("cn-gb3095-2012"), std::string::npos) << before;

  // docs/air-quality.md "Stored assessments": any option other than the
  // defaults is a what-if; AssessCityYear returns it and stores nothing,
  // although options.store is left at its default (true), as the CLI does.
  MonitoringService service(*db_);
  AirAssessOptions flagged;
  flagged.flagged = FlaggedValues::kInclude;
  AirAssessOptions us_aqi;
  us_aqi.aqi_rules = "us-epa-aqi-2024";
  AirAssessOptions who_it1;
  who_it1.limit_sets = {"who-aqg-2021:it-1"};
  for (const AirAssessOptions* what_if : {&flagged, &us_aqi, &who_it1}) {
    Result<CityAirAssessment> a = service.AssessCityYear("testville", 2023, *what_if);
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    EXPECT_FALSE(a->stored);
    // Compared whole but not printed: the snapshot is a few hundred rows.
    EXPECT_TRUE(StoredSnapshot() == before)
        << "a what-if run changed the stored rows or values (flagged "
        << (what_if->flagged == FlaggedValues::kInclude ? "include" : "exclude") << ", rules '"
        << what_if->aqi_rules << "', " << what_if->limit_sets.size() << " limit sets)";
  }
  // The what-ifs did compute something else: flagged values change the
  // annual mean, the US rule set names itself.
  Result<CityAirAssessment> with_flagged = service.AssessCityYear("testville", 2023, flagged);
  AirAssessOptions no_store;
  no_store.store = false;
  Result<CityAirAssessment> canonical = service.AssessCityYear("testville", 2023, no_store);
  ASSERT_TRUE(with_flagged.ok() && canonical.ok());
  const auto city_pm25 = [](const CityAirAssessment& x) {
    std::optional<double> mean;
    for (const AnnualAssessmentRow& r : x.assessment.annual) {
      if (r.level == SeriesLevel::kCity && r.pollutant == Pollutant::kPm25) mean = r.stats.mean;
    }
    return mean;
  };
  EXPECT_NE(city_pm25(*with_flagged), city_pm25(*canonical));
  EXPECT_FALSE(canonical->stored);  // store = false is still honoured

  // The problem profile still reads the canonical rows: the same as assessed anew.
  const Principal console = Principal::Operator("test");
  Result<ProblemProfile> read = ProblemService(*db_).Profile(console, "testville");
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  ASSERT_FALSE(read->problems.empty());

  // The default options, also when given explicitly, are stored.
  AirAssessOptions explicit_defaults;
  explicit_defaults.aqi_rules = "cn-hj633-2012";  // in force on 2023-01-01
  explicit_defaults.limit_sets = {"who-aqg-2021:aqg", "cn-gb3095-2012:grade-2"};
  Result<CityAirAssessment> stored = service.AssessCityYear("testville", 2023, explicit_defaults);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  EXPECT_TRUE(stored->stored);
}

TEST_P(AirValuesTest, AStationTypeChangeMakesTheProfileAndTheValuesRecompute) {
  ASSERT_TRUE(Import("tiny.csv", TinyCityYear()).ok());
  const Principal console = Principal::Operator("test");
  const std::string pm25_problem = "testville:air.pm25.annual-mean:exceeds-standard";
  Result<Problem> before = ProblemService(*db_).Find(console, pm25_problem);
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  EXPECT_NEAR(*before->value, 18600.0 / 365, 1e-9);  // U1 and U2, as above
  Result<std::optional<std::string>> checksum_before =
      CityYearInputChecksum(*db_, "testville", 2023);
  ASSERT_TRUE(checksum_before.ok() && checksum_before->has_value());

  // U2 becomes a background station: no block changes, but the city value
  // is now U1's alone (HJ 663-2013 §4.1), PM2.5 30 every hour, below both
  // GB 3095-2012 Grade II limits (annual 35, 24-hour P95 75).
  Station u2;
  u2.code = "U2";
  u2.city_code = "testville";
  u2.name_en = "U2";
  u2.type = StationType::kBackground;
  ASSERT_OK(StationRepository(*db_).Upsert(u2));

  Result<std::optional<std::string>> checksum_after =
      CityYearInputChecksum(*db_, "testville", 2023);
  ASSERT_TRUE(checksum_after.ok() && checksum_after->has_value());
  EXPECT_NE(**checksum_after, **checksum_before);
  AirAssessOptions no_store;
  no_store.store = false;
  Result<CityAirAssessment> a = MonitoringService(*db_).AssessCityYear("testville", 2023, no_store);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->input_checksum, **checksum_after);  // the assessment and the store agree
  EXPECT_EQ(a->other_stations, std::vector<std::string>{"U2"});

  // The stored rows (of U1 and U2) are stale now: the profile assesses again.
  Result<Problem> after = ProblemService(*db_).Find(console, pm25_problem);
  EXPECT_EQ(after.status().code(), StatusCode::kNotFound) << after.status().ToString();

  // Publishing recomputes the values from U1 alone: 30.
  Result<AirPublishSummary> p = AirValuesService(*db_).Publish("testville");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  const AirValueResult* pm25 = nullptr;
  for (const AirValueResult& r : p->values) {
    if (r.indicator_code == "air.pm25.annual-mean") pm25 = &r;
  }
  ASSERT_NE(pm25, nullptr);
  EXPECT_EQ(pm25->outcome, AirValueOutcome::kUpdated);
  std::optional<IndicatorValue> value = Computed("air.pm25.annual-mean", "2023");
  ASSERT_TRUE(value);
  EXPECT_DOUBLE_EQ(value->value, 30.0);
  EXPECT_EQ(value->note, "1 urban station; 365 of 365 valid daily values (100.0 %)");
  EXPECT_NE(value->source.find(**checksum_after), std::string::npos) << value->source;
}

INSTANTIATE_TEST_SUITE_P(Backends, AirValuesTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendTestName);

}  // namespace
}  // namespace kinet
