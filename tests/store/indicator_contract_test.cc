// The indicator store contract (migration 0003, store/indicator_repository.h)
// on every backend: SQLite in a temporary directory, PostgreSQL in a fresh
// schema of the server named by KINET_TEST_PG_URL (see store_contract_test.cc
// for the rules: without the URL the PostgreSQL cases fail unless
// KINET_TEST_PG=skip).
#include <gtest/gtest.h>

#include "backend_fixture.h"

#include <cstdlib>
#include <filesystem>
#include <random>

#include "store/database.h"
#include "store/indicator_repository.h"
#include "store/migrations.h"
#include "store/registry_repository.h"

namespace kinet {
namespace {

namespace fs = std::filesystem;

class IndicatorContractTest : public BackendTest {
 protected:
  void SetUp() override {
    OpenFreshDatabase(/*migrate=*/true);
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(CountryRepository(*db_)
                    .Upsert({CountryId(), "CN", "China", "中国", "East Asia", "cn-2014"})
                    .ok());
    City c;
    c.code = "beijing";
    c.country_code = "CN";
    c.name_en = "Beijing";
    c.time_zone = "Asia/Shanghai";
    ASSERT_TRUE(CityRepository(*db_).Insert(c).ok());
    Indicator pm10;
    pm10.code = "air.pm10.annual-mean";
    pm10.name_en = "PM10 annual mean";
    pm10.name_zh = "可吸入颗粒物年均浓度";
    pm10.unit = "ug/m3";
    pm10.direction = Direction::kLowerIsBetter;
    pm10.valid_min = 0;
    pm10.iso37120 = "8.2";
    pm10.sdg = "11.6.2";
    pm10.builtin = true;
    ASSERT_TRUE(IndicatorRepository(*db_).Upsert(pm10).ok());
  }

  static IndicatorValue Value(std::string period, double v,
                              SourceKind kind = SourceKind::kReported) {
    IndicatorValue x;
    x.city_code = "beijing";
    x.indicator_code = "air.pm10.annual-mean";
    x.period = std::move(period);
    x.value = v;
    x.entered_value = v;
    x.entered_unit = "ug/m3";
    x.source_kind = kind;
    x.source = "NBS";
    return x;
  }
};

TEST_P(IndicatorContractTest, IndicatorsRoundTripAndRefuseDuplicates) {
  IndicatorRepository repo(*db_);
  Result<Indicator> pm10 = repo.FindByCode("air.pm10.annual-mean");
  ASSERT_TRUE(pm10.ok());
  EXPECT_EQ(pm10->name_zh, "可吸入颗粒物年均浓度");
  EXPECT_EQ(pm10->valid_min, 0.0);
  EXPECT_FALSE(pm10->valid_max.has_value());
  EXPECT_TRUE(pm10->builtin);
  EXPECT_EQ(repo.Insert(*pm10).status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(repo.FindByCode("nope.x").status().code(), StatusCode::kNotFound);
  ASSERT_OK(repo.SetBuiltinDigest("abc"));
  ASSERT_OK(repo.SetBuiltinDigest("def"));
  Result<std::optional<std::string>> d = repo.BuiltinDigest();
  ASSERT_TRUE(d.ok() && d->has_value());
  EXPECT_EQ(**d, "def");
}

TEST_P(IndicatorContractTest, ValuesUpsertAuditAndFilter) {
  IndicatorValueRepository values(*db_);
  IndicatorValue v = Value("2013", 108);
  v.flags = {{"implausible-jump", "implausible jump from 2012 (50 → 108)"}};
  Result<UpsertResult> a = values.Upsert(v, "cli:alice");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->action, UpsertAction::kInserted);
  EXPECT_EQ(a->value.flags, v.flags);
  EXPECT_EQ(a->value.created_by, "cli:alice");
  EXPECT_EQ(values.Upsert(v, "cli:alice")->action, UpsertAction::kUnchanged);
  v.value = 109;
  v.note = "corrected";
  Result<UpsertResult> b = values.Upsert(v, "cli:bob");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->action, UpsertAction::kUpdated);
  EXPECT_EQ(b->value.updated_by, "cli:bob");
  ASSERT_TRUE(values.Upsert(Value("2013", 104.5, SourceKind::kComputed), "engine").ok());
  ASSERT_TRUE(values.Upsert(Value("2014-03", 90), "cli:alice").ok());
  ASSERT_TRUE(values.Upsert(Value("2015", 102), "cli:alice").ok());

  Result<std::optional<Row>> audit = db_->QueryOne(
      "SELECT count(*) FROM audit_log WHERE entity = 'indicator_value'"
      " AND entity_id = 'beijing/air.pm10.annual-mean/2013/reported'");
  ASSERT_TRUE(audit.ok());
  EXPECT_EQ((**audit).Int(0), 3);  // insert, then one row each for value and note

  IndicatorValueQuery q;
  q.city_code = "beijing";
  q.from = "2013";
  q.to = "2014";
  Result<std::vector<IndicatorValue>> range = values.List(q);
  ASSERT_TRUE(range.ok());
  ASSERT_EQ(range->size(), 3u);  // 2013 reported, 2013 computed, 2014-03
  EXPECT_EQ((*range)[0].source_kind, SourceKind::kReported);
  EXPECT_EQ((*range)[2].period, "2014-03");
  Result<std::vector<IndicatorValue>> series = values.ValuesFor("beijing", "air.pm10.annual-mean");
  ASSERT_TRUE(series.ok());
  EXPECT_EQ(series->size(), 3u);
  EXPECT_EQ(values.Count().value_or(0), 4);

  EXPECT_EQ(values
                .Upsert(
                    [] {
                      IndicatorValue x = Value("2013", 1);
                      x.city_code = "nowhere";
                      return x;
                    }(),
                    "x")
                .status()
                .field(),
            "city");
}

TEST_P(IndicatorContractTest, StatusUpdateIsCompareAndSet) {
  IndicatorValueRepository values(*db_);
  ASSERT_TRUE(values.Upsert(Value("2013", 108), "a").ok());
  Result<IndicatorValue> s =
      values.UpdateStatus("beijing", "air.pm10.annual-mean", "2013", SourceKind::kReported,
                          ValueStatus::kDraft, ValueStatus::kSubmitted, "b");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->status, ValueStatus::kSubmitted);
  EXPECT_EQ(values
                .UpdateStatus("beijing", "air.pm10.annual-mean", "2013", SourceKind::kReported,
                              ValueStatus::kDraft, ValueStatus::kSubmitted, "b")
                .status()
                .code(),
            StatusCode::kConflict);
  EXPECT_EQ(values
                .UpdateStatus("beijing", "air.pm10.annual-mean", "1999", SourceKind::kReported,
                              ValueStatus::kDraft, ValueStatus::kSubmitted, "b")
                .status()
                .code(),
            StatusCode::kNotFound);
}

TEST_P(IndicatorContractTest, AFailedTransactionLeavesNoValue) {
  Status s = db_->Transact([](Executor& ex) -> Status {
    IndicatorValueRepository values(ex);
    KINET_RETURN_IF_ERROR(values.Upsert(Value("2013", 108), "a").status());
    return InvalidArgument("row 2 is bad");
  });
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(IndicatorValueRepository(*db_).Count().value_or(-1), 0);
  Result<std::optional<Row>> audit = db_->QueryOne("SELECT count(*) FROM audit_log");
  ASSERT_TRUE(audit.ok());
  EXPECT_EQ((**audit).Int(0), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, IndicatorContractTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const ::testing::TestParamInfo<Backend>& p) {
                           return std::string(p.param == Backend::kSqlite ? "Sqlite" : "Postgres");
                         });

}  // namespace
}  // namespace kinet
