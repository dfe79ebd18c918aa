// Monitoring storage on every backend (migration 0002_monitoring.sql): the
// station and monitoring repositories, and the import and assessment use
// cases that must behave the same on SQLite and PostgreSQL (all-or-nothing
// imports, idempotent re-imports, assessments computed from stored blocks).
//
// Backends are obtained as in the store contract suite
// (tests/store/store_contract_test.cc): SQLite in a fresh temporary
// directory; PostgreSQL at KINET_TEST_PG_URL in a fresh schema per test,
// dropped afterwards. Without KINET_TEST_PG_URL the PostgreSQL cases fail
// unless KINET_TEST_PG=skip.
#include <gtest/gtest.h>

#include "backend_fixture.h"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <random>

#include <fmt/format.h>

#include "engine/aqi.h"
#include "ingest/assessment_csv.h"
#include "ingest/station_hour_csv.h"
#include "rules/aqi_rules.h"
#include "service/monitoring_service.h"
#include "store/database.h"
#include "store/migrations.h"
#include "store/monitoring_repository.h"
#include "store/registry_repository.h"
#include "store/station_repository.h"

namespace kinet {

void PrintTo(Backend backend, std::ostream* os) { *os << BackendName(backend); }

namespace {

namespace fs = std::filesystem;

// 2024-06-01T00:00Z: "now" for the future flag, after all the test data.
constexpr Seconds kNow = 1717200000;

class MonitoringContractTest : public BackendTest {
 protected:
  void SetUp() override {
    OpenFreshDatabase(/*migrate=*/true);
    if (IsSkipped() || HasFatalFailure()) return;
    Seed();
  }

  // Country CN, the city "testville" (Asia/Shanghai) with urban stations U1,
  // U2 and the background station B1.
  void Seed() {
    ASSERT_OK(CountryRepository(*db_).Upsert(
        {CountryId(), "CN", "China", "中国", "East Asia", "cn-2014"}));
    City c;
    c.code = "testville";
    c.country_code = "CN";
    c.name_en = "Testville";
    c.name_local = "测试市";
    c.time_zone = "Asia/Shanghai";
    ASSERT_OK(CityRepository(*db_).Insert(c));
    StationRepository stations(*db_);
    for (auto [code, type] :
         {std::pair{"U1", StationType::kUrban}, std::pair{"U2", StationType::kUrban},
          std::pair{"B1", StationType::kBackground}}) {
      Station s;
      s.code = code;
      s.city_code = "testville";
      s.name_en = code;
      s.type = type;
      ASSERT_OK(stations.Upsert(s));
    }
  }

  std::int64_t Count(std::string_view table) {
    Result<std::optional<Row>> row = db_->QueryOne("SELECT count(*) FROM " + std::string(table));
    EXPECT_TRUE(row.ok()) << row.status().ToString();
    return row.ok() && row->has_value() ? (*row)->Int(0).value_or(-1) : -1;
  }

  // Every block's checksum, in key order: a fingerprint of the stored data.
  std::string BlocksFingerprint() {
    Result<std::vector<Row>> rows = db_->Query(
        "SELECT s.code, b.parameter, b.year, b.checksum FROM monitoring_blocks b "
        "JOIN stations s ON s.id = b.station_id ORDER BY s.code, b.parameter, b.year");
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    std::string out;
    if (!rows.ok()) return out;
    for (const Row& r : *rows) {
      out +=
          fmt::format("{} {} {} {}\n", r.TextOr(0), r.TextOr(1), r.Int(2).value_or(0), r.TextOr(3));
    }
    return out;
  }

  MonitoringImportOptions WideOptions() {
    MonitoringImportOptions o;
    o.format = MonitoringFormat::kWide;
    o.now_utc = kNow;
    return o;
  }
};

TEST_P(MonitoringContractTest, StationsUpsertFindAndList) {
  StationRepository repo(*db_);
  Station s;
  s.code = "U1";
  s.city_code = "testville";
  s.name_en = "Urban One";
  s.name_local = "一号";
  s.lat = 39.9;
  s.lon = 116.4;
  s.type = StationType::kTraffic;
  s.active_from = CivilDate{2013, 3, 1};
  s.data_status = DataStatus::kReal;
  ASSERT_OK(repo.Upsert(s));  // replaces the seeded U1
  Result<Station> found = repo.FindByCode("U1");
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(found->name_local, "一号");
  EXPECT_EQ(found->type, StationType::kTraffic);
  EXPECT_EQ(found->active_from, (CivilDate{2013, 3, 1}));
  EXPECT_FALSE(found->active_to);
  EXPECT_DOUBLE_EQ(*found->lat, 39.9);
  EXPECT_EQ(found->data_status, DataStatus::kReal);
  Result<std::vector<Station>> list = repo.List("testville");
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ((*list)[0].code, "B1");
  EXPECT_EQ(repo.FindByCode("nope").status().code(), StatusCode::kNotFound);
  s.code = "X9";
  s.city_code = "atlantis";
  EXPECT_EQ(repo.Upsert(s).status().field(), "city_code");
  EXPECT_EQ(Count("stations"), 3);
}

TEST_P(MonitoringContractTest, BlocksRoundTripBitForBit) {
  MonitoringRepository repo(*db_);
  MonitoringBlock b = MonitoringBlock::Empty("U1", Pollutant::kCo, 2024);
  b.time_zone = "Asia/Shanghai";
  b.utc_offset_seconds = 28800;
  b.values[0] = 0.3;      // not exact in binary: must come back as the same double
  b.values[8783] = 1.25;  // 31 December 23:00 of a leap year
  b.values[5] = -0.0;
  b.flags[5] = kFlagNegative;
  ASSERT_OK(repo.UpsertBlock(b, 0));
  Result<std::optional<MonitoringBlock>> got = repo.FindBlock("U1", Pollutant::kCo, 2024);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ASSERT_TRUE(got->has_value());
  const MonitoringBlock& g = **got;
  EXPECT_EQ(g.unit, Unit::kMgM3);
  EXPECT_EQ(g.time_zone, "Asia/Shanghai");
  EXPECT_EQ(g.utc_offset_seconds, 28800);
  EXPECT_EQ(g.values[0], 0.3);
  EXPECT_EQ(g.values[8783], 1.25);
  EXPECT_TRUE(std::signbit(g.values[5]));
  EXPECT_TRUE(std::isnan(g.values[1]));
  EXPECT_EQ(g.flags[5], kFlagNegative);
  EXPECT_EQ(g.ValueCount(), 3);
  EXPECT_EQ(BlockChecksum(g), BlockChecksum(b));

  b.values[1] = 7.0;  // the same key again replaces the block
  ASSERT_OK(repo.UpsertBlock(b, 0));
  EXPECT_EQ(Count("monitoring_blocks"), 1);
  Result<std::vector<MonitoringBlock>> city = repo.CityBlocks("testville", 2024);
  ASSERT_TRUE(city.ok());
  ASSERT_EQ(city->size(), 1u);
  EXPECT_EQ((*city)[0].values[1], 7.0);
  Result<std::vector<BlockSummary>> headers = repo.StationBlocks("U1");
  ASSERT_TRUE(headers.ok());
  ASSERT_EQ(headers->size(), 1u);
  EXPECT_EQ((*headers)[0].value_count, 4);
  EXPECT_EQ((*headers)[0].flagged_count, 1);

  MonitoringBlock orphan = MonitoringBlock::Empty("ZZ", Pollutant::kCo, 2024);
  EXPECT_EQ(repo.UpsertBlock(orphan, 0).field(), "station");
}

TEST_P(MonitoringContractTest, AssessmentsAreReplacedAsAWhole) {
  AirAssessmentRepository repo(*db_);
  AirAssessmentRecord r;
  r.level = "city";
  r.pollutant = "PM2.5";
  r.statistic = "annual_mean";
  r.value = 40.5;
  r.valid = true;
  r.data_capture = 99.5;
  r.rule_set_id = "cn-hj663-2013";
  r.rule_set_version = "2013";
  r.time_from = "2023-01-01T00";
  r.time_to = "2023-12-31T23";
  r.input_checksum = "abc";
  ASSERT_OK(repo.Replace("testville", "2023", {r, [&] {
                                                 AirAssessmentRecord p = r;
                                                 p.statistic = "percentile";
                                                 p.value = std::nullopt;
                                                 return p;
                                               }()}));
  r.value = 41.0;
  ASSERT_OK(repo.Replace("testville", "2023", {r}));
  Result<std::vector<AirAssessmentRecord>> rows = repo.Find("testville", "2023");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_DOUBLE_EQ(*(*rows)[0].value, 41.0);
  EXPECT_TRUE((*rows)[0].valid);
  EXPECT_EQ((*rows)[0].time_to, "2023-12-31T23");
  EXPECT_EQ((*rows)[0].computed_at.size(), 20u);
  r.level = "county";
  EXPECT_EQ(repo.Replace("testville", "2023", {r}).field(), "level");
}

std::string SmallFile(float u1_value) {
  return fmt::format(
      "station,city,time,PM2.5,PM10\n"
      "U1,testville,2023-01-01 00:00,{},50\n"
      "U1,testville,2023-01-01 01:00,31,NA\n"
      "N7,Testville,2023-01-01 00:00,12,20\n",
      u1_value);
}

TEST_P(MonitoringContractTest, ReimportingTheSameFileChangesNothing) {
  MonitoringService service(*db_);
  Result<MonitoringImportSummary> first =
      service.ImportTexts({{"a.csv", SmallFile(30)}}, WideOptions());
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->blocks_created, 4);  // U1 and N7 x PM2.5, PM10
  EXPECT_EQ(first->changed_values, 5);
  EXPECT_EQ(first->new_stations, std::vector<std::string>{"N7"});
  const std::string before = BlocksFingerprint();

  Result<MonitoringImportSummary> again =
      service.ImportTexts({{"a.csv", SmallFile(30)}}, WideOptions());
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_FALSE(again->changed());
  EXPECT_EQ(again->blocks_unchanged, 4);
  EXPECT_EQ(again->changed_values, 0);
  EXPECT_TRUE(again->new_stations.empty());
  EXPECT_EQ(BlocksFingerprint(), before);
  Result<std::vector<MonitoringImportRecord>> imports = MonitoringRepository(*db_).ListImports();
  ASSERT_TRUE(imports.ok());
  ASSERT_EQ(imports->size(), 2u);
  EXPECT_FALSE((*imports)[0].changed);  // the latest: "unchanged"
  EXPECT_TRUE((*imports)[1].changed);
  EXPECT_EQ((*imports)[0].checksum, (*imports)[1].checksum);
  EXPECT_EQ((*imports)[0].rows_read, 3);

  // A corrected value replaces the stored one; a missing value erases nothing.
  Result<MonitoringImportSummary> fix =
      service.ImportTexts({{"b.csv", SmallFile(29)}}, WideOptions());
  ASSERT_TRUE(fix.ok());
  EXPECT_EQ(fix->changed_values, 1);
  EXPECT_EQ(fix->blocks_updated, 1);
  Result<std::optional<MonitoringBlock>> b =
      MonitoringRepository(*db_).FindBlock("U1", Pollutant::kPm25, 2023);
  ASSERT_TRUE(b.ok() && b->has_value());
  EXPECT_EQ((**b).values[0], 29.0f);
  EXPECT_EQ((**b).values[1], 31.0f);
}

TEST_P(MonitoringContractTest, AFailedImportLeavesTheDatabaseUnchanged) {
  MonitoringService service(*db_);
  ASSERT_TRUE(service.ImportTexts({{"a.csv", SmallFile(30)}}, WideOptions()).ok());
  const std::string before = BlocksFingerprint();
  const std::int64_t imports = Count("monitoring_imports");
  const std::int64_t stations = Count("stations");
  // A good file that changes values and adds a station, then a file whose
  // last row is bad: the import is refused as a whole.
  std::string good = SmallFile(99) + "N8,testville,2023-01-01 00:00,5,6\n";
  std::string bad =
      "station,city,time,PM2.5,PM10\n"
      "U2,testville,2023-01-02 00:00,10,20\n"
      "U2,testville,2023-01-02 01:00,11,21\n"
      "U2,testville,2023-01-02 02:00,12,2l\n";
  Result<MonitoringImportSummary> s =
      service.ImportTexts({{"good.csv", good}, {"bad.csv", bad}}, WideOptions());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.status().message(), "bad.csv:4: column PM10: '2l' is not a number");
  EXPECT_EQ(s.status().field(), "PM10");
  EXPECT_EQ(BlocksFingerprint(), before);
  EXPECT_EQ(Count("monitoring_imports"), imports);
  EXPECT_EQ(Count("stations"), stations);
}

TEST_P(MonitoringContractTest, AStationOfAnotherCityIsRefused) {
  City other;
  other.code = "otherton";
  other.country_code = "CN";
  other.name_en = "Otherton";
  other.time_zone = "Asia/Shanghai";
  ASSERT_OK(CityRepository(*db_).Insert(other));
  Result<MonitoringImportSummary> s = MonitoringService(*db_).ImportTexts(
      {{"x.csv", "station,city,time,PM2.5\nU1,otherton,2023-01-01 00:00,1\n"}}, WideOptions());
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("station U1 belongs to city testville"), std::string::npos)
      << s.status().message();
  EXPECT_EQ(Count("monitoring_blocks"), 0);
}

// A year of a tiny city, with every expected value worked out by hand:
//   U1 (urban):      PM2.5 30 every hour, except -5 (flagged negative) on
//                    day 200 at 03:00; PM10 50; NO2 20.
//   U2 (urban):      PM2.5 130 on days 0-99, 50 on days 100-364; PM10 50; NO2 20.
//   B1 (background): PM2.5 1000 every hour: assessed as a station, never in
//                    the city value (HJ 663-2013: city points only).
// City hourly PM2.5 = mean of U1 and U2 = 80 on days 0-99, 40 on days 100-364.
std::string TinyCityYear() {
  std::string text = "station,city,time,PM2.5,PM10,NO2\n";
  text.reserve(3 * 8760 * 40);
  for (int day = 0; day < 365; ++day) {
    const CivilDate d = CivilFromDays(DaysFromCivil(CivilDate{2023, 1, 1}) + day);
    for (int h = 0; h < 24; ++h) {
      const std::string t = fmt::format("{} {:02d}:00", FormatDate(d), h);
      text += fmt::format("U1,testville,{},{},50,20\n", t, day == 200 && h == 3 ? -5 : 30);
      text += fmt::format("U2,testville,{},{},50,20\n", t, day < 100 ? 130 : 50);
      text += fmt::format("B1,testville,{},1000,50,20\n", t);
    }
  }
  return text;
}

const AnnualAssessmentRow* Find(const AirAssessment& a, SeriesLevel level, const std::string& id,
                                Pollutant p) {
  for (const AnnualAssessmentRow& r : a.annual) {
    if (r.level == level && r.id == id && r.pollutant == p) return &r;
  }
  return nullptr;
}

TEST_P(MonitoringContractTest, AssessesATinyCityFromItsStoredBlocks) {
  MonitoringService service(*db_);
  Result<MonitoringImportSummary> imported =
      service.ImportTexts({{"tiny.csv", TinyCityYear()}}, WideOptions());
  ASSERT_TRUE(imported.ok()) << imported.status().ToString();
  EXPECT_EQ(imported->files[0].flags[0], 1);  // the one negative value

  Result<CityAirAssessment> a = service.AssessCityYear("Testville", 2023);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->aqi_rule_set, "cn-hj633-2012");  // in force on 2023-01-01
  EXPECT_EQ(a->city_stations, (std::vector<std::string>{"U1", "U2"}));
  EXPECT_EQ(a->other_stations, std::vector<std::string>{"B1"});
  EXPECT_EQ(a->time_from, "2023-01-01T00");
  EXPECT_EQ(a->time_to, "2023-12-31T23");

  const AnnualAssessmentRow* city =
      Find(a->assessment, SeriesLevel::kCity, "testville", Pollutant::kPm25);
  ASSERT_NE(city, nullptr);
  // Daily city means: 100 days of 80 and 264 days of 40, and day 200: its
  // 03:00 hour has only U2's 50 (U1's flagged -5 is excluded and the city
  // hour is the mean of the present station values), so (23 * 40 + 50) / 24
  // = 40.416667. Annual mean = (100 * 80 + 264 * 40 + 40.416667) / 365.
  EXPECT_NEAR(*city->stats.mean, 18600.416667 / 365, 1e-6);
  EXPECT_EQ(city->stats.valid_days, 365);
  EXPECT_TRUE(city->stats.valid);
  // P95 (HJ 663 eq. 3, type 7): h = 364 * 0.95 = 345.8; sorted values 265..364 are 80.
  EXPECT_NEAR(*city->stats.percentile, 80, 1e-9);
  EXPECT_EQ(city->stats.exceed_days, 100);  // 80 > 75 (GB 3095-2012 Grade II 24 h)
  const AnnualAssessmentRow* u2 =
      Find(a->assessment, SeriesLevel::kStation, "U2", Pollutant::kPm25);
  ASSERT_NE(u2, nullptr);
  EXPECT_NEAR(*u2->stats.mean, (100 * 130.0 + 265 * 50.0) / 365, 1e-9);  // 71.917808
  const AnnualAssessmentRow* b1 =
      Find(a->assessment, SeriesLevel::kStation, "B1", Pollutant::kPm25);
  ASSERT_NE(b1, nullptr);
  EXPECT_NEAR(*b1->stats.mean, 1000, 1e-9);

  // Daily AQI (HJ 633-2012 Table 1, eq. 1, ceiling): days 0-99 PM2.5 80 ->
  // 100 + 50 * (80 - 75) / (115 - 75) = 106.25 -> 107, lightly polluted;
  // other days PM2.5 ~40 -> 50 + 50 * (40 - 35) / (75 - 35) = 56.25 -> 57, good
  // (day 200: 40.42 -> 56.77 -> 57); PM10 50 -> 50; NO2 20 -> 25.
  ASSERT_GE(a->aqi_categories.size(), 3u);
  EXPECT_EQ(a->aqi_categories[0].days, 0);
  EXPECT_EQ(a->aqi_categories[1].days, 265);
  EXPECT_EQ(a->aqi_categories[2].days, 100);
  const AqiYearRow* aqi = nullptr;
  for (const AqiYearRow& r : a->assessment.aqi) {
    if (r.level == SeriesLevel::kCity) aqi = &r;
  }
  ASSERT_NE(aqi, nullptr);
  EXPECT_EQ(aqi->good_days, 265);
  EXPECT_EQ(*aqi->max_aqi, 107);
  EXPECT_NEAR(*aqi->good_ratio, 265.0 / 365, 1e-12);

  // Compliance: PM2.5 annual mean 50.96 > 35 (GB 3095-2012 Grade II).
  ASSERT_FALSE(a->compliance.empty());
  EXPECT_EQ(a->compliance[0].set_id, "cn-gb3095-2012");
  bool found = false;
  for (const LimitEvaluation& e : a->compliance[0].rows) {
    if (e.limit.pollutant == Pollutant::kPm25 && e.limit.averaging == Averaging::kYear) {
      EXPECT_EQ(e.verdict, ComplianceVerdict::kExceeded);
      found = true;
    }
  }
  EXPECT_TRUE(found);

  // Stored with provenance.
  Result<std::vector<AirAssessmentRecord>> stored =
      AirAssessmentRepository(*db_).Find("testville", "2023");
  ASSERT_TRUE(stored.ok());
  const AirAssessmentRecord* mean = nullptr;
  for (const AirAssessmentRecord& r : *stored) {
    if (r.pollutant == "PM2.5" && r.statistic == "annual_mean") mean = &r;
  }
  ASSERT_NE(mean, nullptr);
  EXPECT_NEAR(*mean->value, 18600.416667 / 365, 1e-6);
  EXPECT_EQ(mean->rule_set_id, "cn-hj663-2013");
  EXPECT_EQ(mean->input_checksum, a->input_checksum);
  EXPECT_EQ(mean->time_from, "2023-01-01T00");
  EXPECT_NEAR(*mean->data_capture, 100, 1e-9);

  // With flagged values included, U1's -5 counts: day 200's city hour at
  // 03:00 is (-5 + 50) / 2 = 22.5 and the day's mean (23 * 40 + 22.5) / 24.
  AirAssessOptions include;
  include.flagged = FlaggedValues::kInclude;
  include.store = false;
  Result<CityAirAssessment> with = service.AssessCityYear("testville", 2023, include);
  ASSERT_TRUE(with.ok());
  const AnnualAssessmentRow* city_with =
      Find(with->assessment, SeriesLevel::kCity, "testville", Pollutant::kPm25);
  EXPECT_NEAR(*city_with->stats.mean, (100 * 80 + 264 * 40 + (23 * 40 + 22.5) / 24) / 365, 1e-6);

  // Daily AQI for two days.
  Result<std::vector<DailyAqiRow>> daily =
      service.DailyAqi("testville", CivilDate{2023, 4, 9}, CivilDate{2023, 4, 11});
  ASSERT_TRUE(daily.ok()) << daily.status().ToString();
  ASSERT_EQ(daily->size(), 3u);
  EXPECT_EQ(*(*daily)[0].aqi, 107);  // 2023-04-09 is day 98
  EXPECT_EQ((*daily)[0].primary, std::vector<Pollutant>{Pollutant::kPm25});
  EXPECT_EQ(*(*daily)[2].aqi, 57);  // 2023-04-11 is day 100
  EXPECT_EQ((*daily)[2].category_en, a->aqi_categories[1].name_en);
  EXPECT_EQ(service.AssessCityYear("testville", 2019).status().code(), StatusCode::kNotFound);
}

// A year of the urban stations U1 and U2 whose CO statistics lie exactly on
// a half of the third decimal, where float32 storage used to round the
// other way (bench/RESULTS.md "stored": 34 of 7 176 CO rows of M). Every
// day is the same:
//   U1 CO: 21 hours of 0.9 and 3 hours of 1.0 mg/m3 -> daily mean
//          (21 * 0.9 + 3 * 1.0) / 24 = 21.9 / 24 = 0.9125, so the annual mean
//          and the P95 of the daily means are 0.9125 -> 0.913 (RoundReport:
//          half away from zero). 0.9f is 0.899999976..., which made the
//          float32 mean 0.91249998 -> 0.912.
//   U2 CO: 21 hours of 1.3 and 3 hours of 1.2 -> 30.9 / 24 = 1.2875 ->
//          1.288 (1.3f is 1.29999995..., float32 gave 1.287).
//   The other pollutants are constant (PM2.5 35, PM10 50, SO2 10, NO2 20,
//   O3 60) so every pollutant has a block and a row in both paths.
std::string TieYear() {
  std::string text = std::string(kStationHourCsvHeader) + "\n";
  for (int day = 0; day < 365; ++day) {
    const CivilDate d = CivilFromDays(DaysFromCivil(CivilDate{2023, 1, 1}) + day);
    for (int h = 0; h < 24; ++h) {
      const std::string t = fmt::format("{} {:02d}:00", FormatDate(d), h);
      text += fmt::format("U1,testville,{},35,50,10,20,{},60\n", t, h < 21 ? "0.9" : "1.0");
      text += fmt::format("U2,testville,{},35,50,10,20,{},60\n", t, h < 21 ? "1.3" : "1.2");
    }
  }
  return text;
}

TEST_P(MonitoringContractTest, StoredBlocksAssessExactlyAsTheFile) {
  // The case is a real tie: the float32 values give the other rounding.
  EXPECT_EQ(RoundReport((21 * 0.9 + 3 * 1.0) / 24), 0.913);
  EXPECT_EQ(RoundReport((21 * static_cast<double>(0.9f) + 3 * 1.0) / 24), 0.912);
  EXPECT_EQ(RoundReport((21 * 1.3 + 3 * 1.2) / 24), 1.288);
  EXPECT_EQ(RoundReport((21 * static_cast<double>(1.3f) + 3 * static_cast<double>(1.2f)) / 24),
            1.287);

  // The file path: `kinet air assess --input` (cli/air_command.cc).
  const std::string text = TieYear();
  Result<AqiRuleSet> rules = LoadAqiRuleSet("cn-hj633-2012");
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  const IaqiFunction iaqi = [&](Pollutant p, Averaging a, double c) {
    return IndividualAqi(*rules, p, a, c);
  };
  Result<StationHourAssessment> file =
      AssessStationHourText(text, "ties.csv", AirAssessmentRules{}, iaqi);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  const std::string file_csv = FormatAnnualCsv(file->assessment) + FormatAqiCsv(file->assessment);
  EXPECT_NE(file_csv.find("station,U1,2023,CO,0.913,365,1,0.913,"), std::string::npos) << file_csv;
  EXPECT_NE(file_csv.find("station,U2,2023,CO,1.288,365,1,1.288,"), std::string::npos) << file_csv;

  // The stored path: `kinet import monitoring`, then `kinet air assess --city`.
  MonitoringService service(*db_);
  Result<MonitoringImportSummary> imported =
      service.ImportTexts({{"ties.csv", text}}, WideOptions());
  ASSERT_TRUE(imported.ok()) << imported.status().ToString();
  AirAssessOptions no_store;
  no_store.store = false;
  auto stored_csv = [&]() -> std::string {
    Result<CityAirAssessment> a = service.AssessCityYear("testville", 2023, no_store);
    EXPECT_TRUE(a.ok()) << a.status().ToString();
    return a.ok() ? FormatAnnualCsv(a->assessment) + FormatAqiCsv(a->assessment) : std::string();
  };
  EXPECT_EQ(stored_csv(), file_csv);
  MonitoringRepository repo(*db_);
  EXPECT_EQ(*repo.CountBlocks(kHourValuesFloat64), 12);  // 2 stations x 6 pollutants

  // A database written before migration 0011 holds float32 blocks
  // (value_format 1): they read back as the inputs' decimals, so the
  // assessment is still the file's.
  Result<std::vector<Row>> blocks = db_->Query("SELECT id, hour_values FROM monitoring_blocks");
  ASSERT_TRUE(blocks.ok()) << blocks.status().ToString();
  for (const Row& row : *blocks) {
    Result<std::vector<double>> values = DecodeHourValues(*row.BlobAt(1), kHourValuesFloat64);
    ASSERT_TRUE(values.ok());
    const std::vector<float> narrow(values->begin(), values->end());
    const std::vector<Value> params = {EncodeHourValuesFloat32(narrow), row.at(0)};
    const Status updated =
        db_->Execute("UPDATE monitoring_blocks SET hour_values = ?, value_format = 1 WHERE id = ?",
                     params)
            .status();
    ASSERT_OK(updated);
  }
  EXPECT_EQ(*repo.CountBlocks(kHourValuesFloat32), 12);
  Result<std::optional<MonitoringBlock>> legacy = repo.FindBlock("U1", Pollutant::kCo, 2023);
  ASSERT_TRUE(legacy.ok() && legacy->has_value());
  EXPECT_EQ((**legacy).values[0], 0.9);  // not 0.899999976158142
  EXPECT_EQ(stored_csv(), file_csv);

  // `kinet db rewrite-blocks` turns them into format 2, same values.
  Status rewritten = db_->Transact([&](Executor& ex) -> Status {
    Result<std::int64_t> n = MonitoringRepository(ex).RewriteLegacyBlocks();
    if (!n.ok()) return n.status();
    EXPECT_EQ(*n, 12);
    return OkStatus();
  });
  ASSERT_OK(rewritten);
  EXPECT_EQ(*repo.CountBlocks(kHourValuesFloat32), 0);
  EXPECT_EQ(*repo.CountBlocks(kHourValuesFloat64), 12);
  EXPECT_EQ(stored_csv(), file_csv);
  EXPECT_EQ(*repo.RewriteLegacyBlocks(), 0);

  // A blob whose size does not match its format is a corrupt row.
  ASSERT_OK(db_->Execute("UPDATE monitoring_blocks SET value_format = 1").status());
  EXPECT_EQ(repo.FindBlock("U1", Pollutant::kCo, 2023).status().code(), StatusCode::kInternal);
  ASSERT_OK(db_->Execute("UPDATE monitoring_blocks SET value_format = 7").status());
  EXPECT_EQ(repo.FindBlock("U1", Pollutant::kCo, 2023).status().code(), StatusCode::kInternal);
}

INSTANTIATE_TEST_SUITE_P(Backends, MonitoringContractTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendTestName);

}  // namespace
}  // namespace kinet
