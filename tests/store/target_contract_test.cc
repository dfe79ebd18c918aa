// Store contract cases for targets, milestones and cached scheme results
// (migration 0004_targets.sql, store/target_repository.h), run on SQLite (a
// file in a fresh temporary directory) and on PostgreSQL (KINET_TEST_PG_URL,
// one fresh schema per test, dropped afterwards), exactly as the main
// contract suite (store_contract_test.cc) does: without KINET_TEST_PG_URL
// the PostgreSQL cases FAIL unless KINET_TEST_PG=skip.
#include <gtest/gtest.h>

#include "backend_fixture.h"

#include <cstdlib>
#include <filesystem>
#include <random>

#include "core/indicator.h"
#include "store/database.h"
#include "store/indicator_repository.h"
#include "store/migrations.h"
#include "store/registry_repository.h"
#include "store/target_repository.h"

namespace kinet {
namespace {

namespace fs = std::filesystem;

class TargetContractTest : public BackendTest {
 protected:
  void SetUp() override {
    OpenFreshDatabase(/*migrate=*/true);
    if (IsSkipped() || HasFatalFailure()) return;
    Seed();
  }

  // One country, two cities, two indicators.
  void Seed() {
    Country cn;
    cn.code = "CN";
    cn.name_en = "China";
    cn.region = "East Asia";
    cn.size_scheme = "cn-2014";
    ASSERT_OK(CountryRepository(*db_).Upsert(cn));
    for (const char* code : {"beijing", "tianjin"}) {
      City c;
      c.code = code;
      c.country_code = "CN";
      c.name_en = code;
      c.name_local = code;
      c.time_zone = "Asia/Shanghai";
      ASSERT_OK(CityRepository(*db_).Insert(c));
    }
    for (const char* code : {"air.pm25.annual-mean", "air.good-day-ratio"}) {
      Indicator i;
      i.code = code;
      i.name_en = code;
      i.unit = "ug/m3";
      i.direction = Direction::kLowerIsBetter;
      ASSERT_OK(IndicatorRepository(*db_).Upsert(i));
    }
  }

  std::int64_t Count(std::string_view sql) {
    Result<std::optional<Row>> row = db_->QueryOne(sql);
    EXPECT_TRUE(row.ok()) << row.status().ToString();
    return row.ok() && row->has_value() ? (*row)->Int(0).value_or(-1) : -1;
  }

  static Target BeijingPm25() {
    Target t;
    t.city_code = "beijing";
    t.indicator_code = "air.pm25.annual-mean";
    t.baseline_year = 2013;
    t.baseline_value = 89.5;
    t.target_year = 2017;
    t.target_value = 60;
    t.kind = TargetKind::kLegal;
    t.set_by = "State Council";
    t.responsible_body = "Beijing Municipal Government";
    t.responsible_person = "Mayor";
    t.data_status = DataStatus::kIllustrative;
    t.milestones = {{2015, 75}, {2016, 68.5}};
    return t;
  }
};

TEST_P(TargetContractTest, InsertsAndReadsBackWithMilestones) {
  Result<TargetUpsertResult> r = TargetRepository(*db_).Upsert(BeijingPm25(), "officer@bj");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->action, TargetWrite::kInserted);
  const Target& t = r->target;
  EXPECT_TRUE(t.id.valid());
  EXPECT_EQ(t.city_code, "beijing");
  EXPECT_EQ(t.indicator_code, "air.pm25.annual-mean");
  EXPECT_EQ(t.baseline_value, 89.5);
  EXPECT_EQ(t.kind, TargetKind::kLegal);
  EXPECT_EQ(t.responsible_person, "Mayor");
  EXPECT_EQ(t.data_status, DataStatus::kIllustrative);
  EXPECT_EQ(t.milestones, (std::vector<TargetMilestone>{{2015, 75}, {2016, 68.5}}));
  EXPECT_EQ(t.created_by, "officer@bj");
  EXPECT_EQ(t.created_at.size(), 20u);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE entity = 'target' AND action = 'insert'"),
            1);
}

TEST_P(TargetContractTest, SettingAgainReplacesFieldsAndMilestones) {
  TargetRepository repo(*db_);
  ASSERT_OK(repo.Upsert(BeijingPm25(), "a"));
  Target changed = BeijingPm25();
  changed.target_value = 58;
  changed.milestones = {{2014, 85}};
  Result<TargetUpsertResult> r = repo.Upsert(changed, "b");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->action, TargetWrite::kReplaced);
  EXPECT_EQ(r->target.target_value, 58);
  EXPECT_EQ(r->target.milestones, (std::vector<TargetMilestone>{{2014, 85}}));
  EXPECT_EQ(r->target.created_by, "a");
  EXPECT_EQ(r->target.updated_by, "b");
  EXPECT_EQ(Count("SELECT count(*) FROM targets"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM target_milestones"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE entity = 'target' AND action = 'update'"),
            1);
}

TEST_P(TargetContractTest, ListsByCityAndIndicatorInOrder) {
  TargetRepository repo(*db_);
  ASSERT_OK(repo.Upsert(BeijingPm25(), "a"));
  Target t2 = BeijingPm25();
  t2.city_code = "tianjin";
  t2.milestones.clear();
  ASSERT_OK(repo.Upsert(t2, "a"));
  Target t3 = BeijingPm25();
  t3.indicator_code = "air.good-day-ratio";
  t3.target_year = 2020;
  ASSERT_OK(repo.Upsert(t3, "a"));
  Result<std::vector<Target>> all = repo.List();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].indicator_code, "air.good-day-ratio");  // beijing, by indicator code
  EXPECT_EQ((*all)[1].indicator_code, "air.pm25.annual-mean");
  EXPECT_EQ((*all)[2].city_code, "tianjin");
  EXPECT_EQ((*all)[0].milestones.size(), 2u);
  EXPECT_TRUE((*all)[2].milestones.empty());
  Result<std::vector<Target>> bj =
      repo.List({.city_code = "beijing", .indicator_code = std::nullopt});
  ASSERT_TRUE(bj.ok());
  EXPECT_EQ(bj->size(), 2u);
  Result<std::vector<Target>> pm =
      repo.List({.city_code = std::nullopt, .indicator_code = "air.pm25.annual-mean"});
  ASSERT_TRUE(pm.ok());
  EXPECT_EQ(pm->size(), 2u);
}

TEST_P(TargetContractTest, RejectedWritesLeaveTheDatabaseUnchanged) {
  TargetRepository repo(*db_);
  Target unknown = BeijingPm25();
  unknown.indicator_code = "air.nope";
  Status s = db_->Transact(
      [&](Executor& tx) { return TargetRepository(tx).Upsert(unknown, "a").status(); });
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "indicator");

  Target backwards = BeijingPm25();
  backwards.target_year = 2012;  // before the baseline: the schema's CHECK
  backwards.milestones.clear();
  s = db_->Transact(
      [&](Executor& tx) { return TargetRepository(tx).Upsert(backwards, "a").status(); });
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << s.ToString();

  // A duplicate milestone year fails after the target row was written: the
  // transaction takes the target back out.
  Target twice = BeijingPm25();
  twice.milestones = {{2015, 75}, {2015, 70}};
  s = db_->Transact([&](Executor& tx) { return TargetRepository(tx).Upsert(twice, "a").status(); });
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(Count("SELECT count(*) FROM targets"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM target_milestones"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE entity = 'target'"), 0);
}

TEST_P(TargetContractTest, DeleteRemovesMilestonesToo) {
  TargetRepository repo(*db_);
  Result<TargetUpsertResult> r = repo.Upsert(BeijingPm25(), "a");
  ASSERT_TRUE(r.ok());
  ASSERT_OK(repo.Delete(r->target.id, "a"));
  EXPECT_EQ(Count("SELECT count(*) FROM targets"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM target_milestones"), 0);
  EXPECT_EQ(repo.Find(r->target.id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(repo.Delete(r->target.id, "a").code(), StatusCode::kNotFound);
}

TEST_P(TargetContractTest, SchemeScoresReplaceAYearAndListByRank) {
  SchemeScoreRepository repo(*db_);
  SchemeScoreRecord a{"s", "1", "beijing", 2015, 80, 100, 1, true, "{\"a\":1}", ""};
  SchemeScoreRecord b{"s", "1", "tianjin", 2015, 46, 100, 2, false, "{}", ""};
  ASSERT_OK(repo.ReplaceYear("s", "1", 2015, {b, a}));
  SchemeScoreRecord c{"s", "1", "beijing", 2016, 50, 100, std::nullopt, std::nullopt, "{}", ""};
  ASSERT_OK(repo.ReplaceYear("s", "1", 2016, {c}));
  Result<std::vector<SchemeScoreRecord>> y = repo.List("s", 2015);
  ASSERT_TRUE(y.ok()) << y.status().ToString();
  ASSERT_EQ(y->size(), 2u);
  EXPECT_EQ((*y)[0].city_code, "beijing");
  EXPECT_EQ((*y)[0].rank, 1);
  EXPECT_EQ((*y)[0].designated, true);
  EXPECT_EQ((*y)[0].detail_json, "{\"a\":1}");
  EXPECT_EQ((*y)[1].designated, false);
  // Rescoring 2015 replaces its rows and leaves 2016 alone.
  ASSERT_OK(repo.ReplaceYear("s", "1", 2015, {a}));
  Result<std::vector<SchemeScoreRecord>> all = repo.List("s");
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[1].year, 2016);
  EXPECT_FALSE((*all)[1].rank.has_value());
  EXPECT_FALSE((*all)[1].designated.has_value());
  // A record of another year, or an unknown city, is refused.
  EXPECT_EQ(repo.ReplaceYear("s", "1", 2017, {a}).code(), StatusCode::kInvalidArgument);
  SchemeScoreRecord ghost{"s", "1", "atlantis", 2017, 1, 1, 1, std::nullopt, "{}", ""};
  EXPECT_EQ(repo.ReplaceYear("s", "1", 2017, {ghost}).field(), "city");
}

INSTANTIATE_TEST_SUITE_P(Backends, TargetContractTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendTestName);

}  // namespace
}  // namespace kinet
