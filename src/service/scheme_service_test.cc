#include "service/scheme_service.h"

#include <gtest/gtest.h>

#include "store/indicator_repository.h"
#include "store/migrations.h"
#include "store/registry_repository.h"
#include "store/target_repository.h"

namespace kinet {
namespace {

#define ASSERT_OK(expr)                                     \
  do {                                                      \
    const ::kinet::Status s_ = ::kinet::ToStatus(expr);     \
    ASSERT_TRUE(s_.ok()) << #expr << ": " << s_.ToString(); \
  } while (false)

// The shipped WHO AQG 2021 air scheme (standards/schemes/who-aqg-2021-air.toml)
// on two cities with illustrative values, scored by hand:
//   haikou 2015: PM2.5 22 -> IT-2 (<= 25) 2; PM10 38 -> IT-2 (<= 50) 2;
//                NO2 14 -> IT-3 (<= 20) 3; O3 missing. Total 7, rank 1.
//   beijing 2015: PM2.5 80.6, PM10 101.5, NO2 50: above IT-1, 0 each.
//                Total 0, rank 2.
//   haikou 2016: PM2.5 21 -> still IT-2; PM10 30 -> IT-3 (<= 30) 3;
//                NO2 14 unchanged. Total 8.
class SchemeServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<Database>> db = OpenAndMigrate("sqlite::memory:");
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    Country cn;
    cn.code = "CN";
    cn.name_en = "China";
    cn.region = "East Asia";
    cn.size_scheme = "cn-2014";
    ASSERT_OK(CountryRepository(*db_).Upsert(cn));
    for (const char* code : {"beijing", "haikou"}) {
      City c;
      c.code = code;
      c.country_code = "CN";
      c.name_en = code;
      c.name_local = code;
      c.time_zone = "Asia/Shanghai";
      ASSERT_OK(CityRepository(*db_).Insert(c));
    }
    for (const char* code :
         {"air.pm25.annual-mean", "air.pm10.annual-mean", "air.no2.annual-mean"}) {
      Indicator i;
      i.code = code;
      i.name_en = code;
      i.unit = "ug/m3";
      i.direction = Direction::kLowerIsBetter;
      ASSERT_OK(IndicatorRepository(*db_).Upsert(i));
    }
    Add("haikou", "2015", 22, 38, 14);
    Add("beijing", "2015", 80.6, 101.5, 50);
    Add("haikou", "2016", 21, 30, 14);
  }

  void Add(const char* city, const char* year, double pm25, double pm10, double no2) {
    const std::pair<const char*, double> values[] = {{"air.pm25.annual-mean", pm25},
                                                     {"air.pm10.annual-mean", pm10},
                                                     {"air.no2.annual-mean", no2}};
    for (const auto& [code, value] : values) {
      IndicatorValue v;
      v.city_code = city;
      v.indicator_code = code;
      v.period = year;
      v.value = value;
      v.entered_value = value;
      v.entered_unit = "ug/m3";
      ASSERT_OK(IndicatorValueRepository(*db_).Upsert(v, "test"));
    }
  }

  SchemeService Service() { return SchemeService(*db_, SchemeLoadOptions{}); }
  std::unique_ptr<Database> db_;
};

TEST_F(SchemeServiceTest, ScoresRanksAndStoresEveryCityWithData) {
  SchemeService service = Service();
  Result<SchemeYearScores> r = service.Score("who-aqg-2021-air", 2015);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->scores.size(), 2u);
  const CityScore& haikou = r->scores[0];
  EXPECT_EQ(haikou.city, "haikou");
  EXPECT_EQ(haikou.rank, 1);
  EXPECT_EQ(haikou.total, 7.0);
  EXPECT_EQ(haikou.max_total, 20.0);
  EXPECT_EQ(haikou.items[1].threshold, "band IT-2 (<= 50)");
  EXPECT_EQ(haikou.missing, std::vector<std::string>{"o3-peak-season"});
  EXPECT_EQ(haikou.designated, false);
  EXPECT_EQ(r->scores[1].city, "beijing");
  EXPECT_EQ(r->scores[1].total, 0.0);
  EXPECT_EQ(r->scores[1].rank, 2);

  Result<std::vector<SchemeScoreRecord>> stored =
      SchemeScoreRepository(*db_).List("who-aqg-2021-air", 2015);
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(stored->size(), 2u);
  EXPECT_EQ((*stored)[0].city_code, "haikou");
  EXPECT_NE((*stored)[0].detail_json.find("\"missing\":[\"o3-peak-season\"]"), std::string::npos);

  // A year without data scores nobody.
  r = service.Score("who-aqg-2021-air", 2010);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->scores.empty());
  EXPECT_EQ(service.Score("nope", 2015).status().code(), StatusCode::kNotFound);
}

TEST_F(SchemeServiceTest, CompareExplainsTheChange) {
  SchemeService service = Service();
  Result<ScoreComparison> c = service.Compare("who-aqg-2021-air", "haikou", 2015, 2016);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->total_from, 7.0);
  EXPECT_EQ(c->total_to, 8.0);
  EXPECT_EQ(c->items[0].reason, ChangeReason::kValueOnly);    // 22 -> 21, still IT-2
  EXPECT_EQ(c->items[1].reason, ChangeReason::kChangedBand);  // 38 -> 30: IT-2 -> IT-3
  EXPECT_EQ(c->items[1].explanation, "38 -> 30: band IT-2 (<= 50) -> band IT-3 (<= 30)");
  EXPECT_EQ(c->items[2].reason, ChangeReason::kUnchanged);
  EXPECT_EQ(c->items[3].reason, ChangeReason::kUnchanged);  // missing in both

  // Beijing has no 2016 values: every item "no longer reported".
  c = service.Compare("who-aqg-2021-air", "beijing", 2015, 2016);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->items[0].reason, ChangeReason::kNoLongerReported);
  EXPECT_FALSE(c->rank_to.has_value());

  EXPECT_EQ(service.Compare("who-aqg-2021-air", "haikou", 2016, 2015).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(service.Compare("who-aqg-2021-air", "atlantis", 2015, 2016).status().code(),
            StatusCode::kNotFound);
}

TEST_F(SchemeServiceTest, ChangePercentItemsUseTheEarlierYear) {
  // ki-core-progress scores the 5-year improvement: haikou's NO2 is only
  // two years deep, so every item is missing and nobody is scored.
  Result<SchemeYearScores> r = Service().Score("ki-core-progress", 2016);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->scores.empty());
  Add("haikou", "2011", 28, 50, 20);
  // NO2 2011 -> 2016: 20 -> 14, (14 - 20)/20 = -30 %, a 30 % improvement
  // (lower is better): band ">= 20" = 4 points. PM10 50 -> 30: 40 %, 4.
  r = Service().Score("ki-core-progress", 2016);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->scores.size(), 1u);
  const CityScore& s = r->scores[0];
  EXPECT_EQ(s.items[0].item, "pm10");
  EXPECT_NEAR(*s.items[0].value, 40.0, 1e-9);
  EXPECT_EQ(s.items[0].points, 4.0);
  EXPECT_NEAR(*s.items[2].value, 30.0, 1e-9);
  EXPECT_EQ(s.total, 8.0);
}

}  // namespace
}  // namespace kinet
