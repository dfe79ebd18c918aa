// The Beijing sample (data/sample/monitoring/beijing, the UCI Beijing
// Multi-Site Air-Quality Data, CC BY 4.0, Zhang et al. 2017) imported end to
// end: 12 gzipped PRSA files, 420 768 rows. Slow (a few seconds): ctest
// label `slow`. The storage cases on both backends are in
// tests/store/monitoring_contract_test.cc.
#include "service/monitoring_service.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include <fmt/format.h>

#include "service/indicator_service.h"
#include "service/sample_network.h"
#include "service/sample_targets.h"
#include "service/target_service.h"
#include "store/indicator_repository.h"
#include "store/migrations.h"
#include "store/monitoring_repository.h"

namespace kinet {
namespace {

namespace fs = std::filesystem;

class BeijingSampleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = fs::temp_directory_path() / fmt::format("kinet-beijing-{:x}", rd());
    fs::create_directories(dir_);
    Result<std::unique_ptr<Database>> db = OpenAndMigrate("sqlite:" + (dir_ / "k.db").string());
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    Result<NetworkData> sample = BuiltinSampleNetwork();
    ASSERT_TRUE(sample.ok()) << sample.status().ToString();
    Result<LoadSummary> loaded = LoadNetwork(*db_, *sample);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    EXPECT_EQ(loaded->stations, 12);
  }
  void TearDown() override {
    db_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  fs::path dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(BeijingSampleTest, ImportsWithThePublishedMissingCountsAndOnceOnly) {
  Result<MonitoringImportSummary> s = ImportSampleMonitoring(*db_, KINET_SAMPLE_MONITORING_DIR);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_EQ(s->files.size(), 12u);
  std::map<Pollutant, std::int64_t> missing;
  std::int64_t rows = 0;
  for (const MonitoringFileSummary& f : s->files) {
    rows += f.rows;
    EXPECT_EQ(f.rows, 35064) << f.file;
    EXPECT_EQ(f.first_hour, "2013-03-01T00") << f.file;
    EXPECT_EQ(f.last_hour, "2017-02-28T23") << f.file;
    for (const auto& [p, c] : f.parameters) missing[p] += c.missing;
  }
  EXPECT_EQ(rows, 420768);
  // The counts published with the dataset (../shared/data/README.md).
  EXPECT_EQ(missing[Pollutant::kPm25], 8739);
  EXPECT_EQ(missing[Pollutant::kPm10], 6449);
  EXPECT_EQ(missing[Pollutant::kSo2], 9021);
  EXPECT_EQ(missing[Pollutant::kNo2], 12116);
  EXPECT_EQ(missing[Pollutant::kCo], 20701);
  EXPECT_EQ(missing[Pollutant::kO3], 13277);
  EXPECT_EQ(s->blocks_created, 12 * 6 * 5);  // 2013 .. 2017
  EXPECT_TRUE(s->new_stations.empty());      // all 12 are in stations.csv
  EXPECT_EQ(s->suspected_unit_values, 0);    // CO read in ug/m3 and stored in mg/m3

  Result<std::optional<MonitoringBlock>> co =
      MonitoringRepository(*db_).FindBlock("Dongsi", Pollutant::kCo, 2013);
  ASSERT_TRUE(co.ok() && co->has_value());
  // First row of PRSA_Data_Dongsi: 2013-03-01 00:00, CO 300 ug/m3 -> 0.3 mg/m3, slot 59 * 24.
  EXPECT_FLOAT_EQ((**co).values[59 * 24], 0.3f);

  Result<MonitoringImportSummary> again = ImportSampleMonitoring(*db_, KINET_SAMPLE_MONITORING_DIR);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_FALSE(again->changed());
  EXPECT_EQ(again->blocks_unchanged, 360);
}

TEST_F(BeijingSampleTest, AssessesBeijingWithoutItsBackgroundStation) {
  ASSERT_TRUE(ImportSampleMonitoring(*db_, KINET_SAMPLE_MONITORING_DIR).ok());
  Result<CityAirAssessment> a = MonitoringService(*db_).AssessCityYear("Beijing", 2014);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->city_stations.size(), 11u);
  EXPECT_EQ(a->other_stations, std::vector<std::string>{"Dingling"});
  int days = 0;
  for (const AqiCategoryDays& c : a->aqi_categories) days += c.days;
  for (const AqiYearRow& r : a->assessment.aqi) {
    if (r.level == SeriesLevel::kCity) {
      EXPECT_EQ(r.aqi_days, days);
    }
  }
  for (const AnnualAssessmentRow& r : a->assessment.annual) {
    if (r.level == SeriesLevel::kCity && r.pollutant == Pollutant::kPm25) {
      ASSERT_TRUE(r.stats.mean);
      // Beijing's 2014 PM2.5 was about 85 ug/m3 (official figure 85.9).
      EXPECT_GT(*r.stats.mean, 70);
      EXPECT_LT(*r.stats.mean, 100);
    }
  }
}

TEST_F(BeijingSampleTest, PublishesTheAirValuesAndJudgesThePm25Target) {
  Result<MonitoringImportSummary> s = ImportSampleMonitoring(*db_, KINET_SAMPLE_MONITORING_DIR);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->air_values_error, "");
  // 7 air-engine indicators x 2014-2016; 2013 (from 1 March) and 2017 (to
  // 28 February) have fewer than 324 valid days (GB 3095-2012 Table 4).
  EXPECT_EQ(s->air_values_changed, 21);
  EXPECT_EQ(s->air_values_not_valid, 14);

  IndicatorValueRepository values(*db_);
  std::map<int, double> pm25;
  for (int year : {2014, 2015, 2016}) {
    AirAssessOptions no_store;
    no_store.store = false;
    Result<CityAirAssessment> a = MonitoringService(*db_).AssessCityYear("beijing", year, no_store);
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    std::optional<double> engine;
    for (const AnnualAssessmentRow& r : a->assessment.annual) {
      if (r.level == SeriesLevel::kCity && r.pollutant == Pollutant::kPm25) engine = r.stats.mean;
    }
    ASSERT_TRUE(engine);
    Result<std::optional<IndicatorValue>> v =
        values.Find("beijing", "air.pm25.annual-mean", std::to_string(year), SourceKind::kComputed);
    ASSERT_TRUE(v.ok() && v->has_value()) << year;
    EXPECT_EQ((*v)->value, *engine) << year;  // the engine's number, unrounded
    pm25[year] = (*v)->value;
  }
  for (const char* year : {"2013", "2017"}) {
    Result<std::optional<IndicatorValue>> v =
        values.Find("beijing", "air.pm25.annual-mean", year, SourceKind::kComputed);
    ASSERT_TRUE(v.ok());
    EXPECT_FALSE(v->has_value()) << year;
  }

  // The sample target: 89.5 ug/m3 in 2013 -> 60 by 2017 (data/sample/targets.csv).
  ASSERT_TRUE(IndicatorService(*db_).SyncBuiltinCatalogue().ok());
  ASSERT_TRUE(LoadSampleTargets(*db_).ok());
  ProgressQuery q;
  q.city_code = "beijing";
  q.indicator_code = "air.pm25.annual-mean";
  Result<std::vector<TargetProgress>> progress = TargetService(*db_).Progress(q);
  ASSERT_TRUE(progress.ok()) << progress.status().ToString();
  ASSERT_EQ(progress->size(), 1u);
  const ProgressAssessment& a = (*progress)[0].assessment;
  EXPECT_EQ(a.evaluation_year, 2016);
  EXPECT_EQ(a.observations, 3);
  ASSERT_TRUE(a.latest_value);
  EXPECT_EQ(*a.latest_value, pm25[2016]);
  // Straight path at 2016 (docs/indicators.md rule 5): 89.5 + (60 - 89.5) * 3 / 4.
  ASSERT_TRUE(a.expected_at_latest);
  EXPECT_DOUBLE_EQ(*a.expected_at_latest, 67.375);
  // By hand from the assessed means (kinet air assess, 3 decimals): 2014
  // 85.520, 2015 80.688, 2016 73.064. 73.064 > 67.375: behind the path.
  // Theil-Sen through (0, 89.5), (1, 85.52), (2, 80.688), (3, 73.064): the six
  // slopes -3.98, -4.406, -5.4787, -4.832, -6.228, -7.624 have the median
  // (-5.4787 - 4.832) / 2 = -5.1553; intercept 83.104 + 5.1553 * 1.5 =
  // 90.837; at 2017 (x = 4): 70.22 > 60, so off track, reaching 60 at
  // x = 5.98, i.e. in 2019.
  EXPECT_EQ(a.status, ProgressStatus::kOffTrack) << a.reason;
  ASSERT_TRUE(a.projected_at_target);
  EXPECT_NEAR(*a.projected_at_target, 70.22, 0.01);
  EXPECT_EQ(a.projected_attainment_year, 2019);
}

}  // namespace
}  // namespace kinet
