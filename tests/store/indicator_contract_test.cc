// The indicator store contract (migration 0003, store/indicator_repository.h)
// on every backend: SQLite in a temporary directory, PostgreSQL in a fresh
// schema of the server named by KINET_TEST_PG_URL (see store_contract_test.cc
// for the rules: without the URL the PostgreSQL cases fail unless
// KINET_TEST_PG=skip).
#include <gtest/gtest.h>

#include "backend_fixture.h"

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <random>

#include "service/indicator_service.h"
#include "service/permissions.h"
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

// What Upsert returns is what Find reads back (the upsert no longer reads
// the row again: KnownValueKeys).
void ExpectSameValue(const IndicatorValue& a, const IndicatorValue& b) {
  EXPECT_EQ(a.id.value, b.id.value);
  EXPECT_EQ(a.city_code, b.city_code);
  EXPECT_EQ(a.indicator_code, b.indicator_code);
  EXPECT_EQ(a.period, b.period);
  EXPECT_EQ(a.value, b.value);
  EXPECT_EQ(a.entered_value, b.entered_value);
  EXPECT_EQ(a.entered_unit, b.entered_unit);
  EXPECT_EQ(a.source_kind, b.source_kind);
  EXPECT_EQ(a.source, b.source);
  EXPECT_EQ(a.note, b.note);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.flags, b.flags);
  EXPECT_EQ(a.doubtful, b.doubtful);
  EXPECT_EQ(a.created_by, b.created_by);
  EXPECT_EQ(a.created_at, b.created_at);
  EXPECT_EQ(a.updated_by, b.updated_by);
  EXPECT_EQ(a.updated_at, b.updated_at);
}

TEST_P(IndicatorContractTest, UpsertReturnsWhatFindReads) {
  IndicatorValueRepository values(*db_);
  IndicatorValue v = Value("2013", 0.1 + 0.2);  // 0.30000000000000004: not a short decimal
  v.flags = {{"out-of-range", "below 0"}, {"implausible-jump", "jump"}};
  Result<UpsertResult> a = values.Upsert(v, "cli:alice");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  Result<std::optional<IndicatorValue>> found =
      values.Find("beijing", "air.pm10.annual-mean", "2013", SourceKind::kReported);
  ASSERT_TRUE(found.ok() && found->has_value());
  ExpectSameValue(a->value, **found);
  v.note = "checked";
  v.flags.clear();
  Result<UpsertResult> b = values.Upsert(v, "cli:bob");
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(b->action, UpsertAction::kUpdated);
  found = values.Find("beijing", "air.pm10.annual-mean", "2013", SourceKind::kReported);
  ASSERT_TRUE(found.ok() && found->has_value());
  ExpectSameValue(b->value, **found);
  EXPECT_EQ(b->value.created_by, "cli:alice");
}

// ListPage is List cut in SQL: every page of every filter equals the slice
// of List, and the visibility filter keeps published values plus the
// unpublished ones of the scope's city or country, scope codes compared
// ignoring case (the rule of permissions.h, see ServiceShowsEachPrincipal...).
TEST_P(IndicatorContractTest, ListPageIsListCutInSql) {
  ASSERT_OK(CountryRepository(*db_)
                .Upsert({CountryId(), "JP", "Japan", "日本", "East Asia", "jp"})
                .status());
  City tokyo;
  tokyo.code = "tokyo";
  tokyo.country_code = "JP";
  tokyo.name_en = "Tokyo";
  tokyo.time_zone = "Asia/Tokyo";
  ASSERT_OK(CityRepository(*db_).Insert(tokyo).status());
  IndicatorValueRepository values(*db_);
  for (int year = 2010; year < 2017; ++year) {
    for (const std::string city : {"beijing", "tokyo"}) {
      for (SourceKind kind : {SourceKind::kReported, SourceKind::kComputed}) {
        IndicatorValue v = Value(std::to_string(year), year - 1900.0, kind);
        v.city_code = city;
        v.status = year % 3 == 0 ? ValueStatus::kPublished : ValueStatus::kDraft;
        ASSERT_OK(values.Upsert(v, "cli:alice").status());
      }
    }
  }
  auto keys = [](const std::vector<IndicatorValue>& vs) {
    std::vector<std::string> out;
    for (const IndicatorValue& v : vs) {
      out.push_back(v.city_code + "/" + v.period + "/" +
                    std::string(SourceKindCode(v.source_kind)));
    }
    return out;
  };
  using Unpublished = IndicatorValueQuery::Unpublished;
  struct Case {
    std::optional<Unpublished> unpublished;
    std::function<bool(const IndicatorValue&)> sees;
  };
  auto published = [](const IndicatorValue& v) { return v.status == ValueStatus::kPublished; };
  const std::vector<Case> cases = {
      {std::nullopt, [](const IndicatorValue&) { return true; }},
      {Unpublished{Unpublished::Of::kNone, ""}, published},
      {Unpublished{Unpublished::Of::kCity, "BEIJING"},
       [&](const IndicatorValue& v) { return published(v) || v.city_code == "beijing"; }},
      {Unpublished{Unpublished::Of::kCity, ""}, published},
      {Unpublished{Unpublished::Of::kCountry, "jp"},
       [&](const IndicatorValue& v) { return published(v) || v.city_code == "tokyo"; }},
      {Unpublished{Unpublished::Of::kCountry, "XX"}, published},
  };
  for (std::optional<std::string> from :
       {std::optional<std::string>(), std::optional<std::string>("2012")}) {
    for (const Case& c : cases) {
      IndicatorValueQuery all;
      all.from = from;
      Result<std::vector<IndicatorValue>> listed = values.List(all);
      ASSERT_TRUE(listed.ok()) << listed.status().ToString();
      std::vector<IndicatorValue> expected;
      for (const IndicatorValue& v : *listed) {
        if (c.sees(v)) expected.push_back(v);
      }
      IndicatorValueQuery q = all;
      q.unpublished = c.unpublished;
      const auto n = static_cast<std::int64_t>(expected.size());
      for (std::int64_t limit : {1, 3, 50}) {
        for (std::int64_t offset = 0; offset <= n + 1; offset += limit) {
          Result<IndicatorValuePage> page = values.ListPage(q, offset, limit);
          ASSERT_TRUE(page.ok()) << page.status().ToString();
          EXPECT_EQ(page->total, n);
          std::vector<IndicatorValue> slice(expected.begin() + std::min(offset, n),
                                            expected.begin() + std::min(offset + limit, n));
          EXPECT_EQ(keys(page->values), keys(slice)) << "offset " << offset << " limit " << limit;
        }
      }
    }
  }
  EXPECT_EQ(values.ListPage({}, -1, 5).status().code(), StatusCode::kInvalidArgument);
}

// IndicatorService::ListValues(who) and Compare(who) read only what `who`
// may see, the filter applied in SQL (indicator_service.h): the public,
// agency officers and experts see published values; a city officer also
// the unpublished values of their city, a national coordinator those of
// their country's cities (scope codes ignoring case); the secretariat and
// the console operator everything (service/permissions.cc, Can with
// Action::kReadUnpublished).
TEST_P(IndicatorContractTest, ServiceShowsEachPrincipalWhatItMaySee) {
  ASSERT_OK(CountryRepository(*db_)
                .Upsert({CountryId(), "JP", "Japan", "日本", "East Asia", "jp"})
                .status());
  City tokyo;
  tokyo.code = "tokyo";
  tokyo.country_code = "JP";
  tokyo.name_en = "Tokyo";
  tokyo.time_zone = "Asia/Tokyo";
  ASSERT_OK(CityRepository(*db_).Insert(tokyo).status());
  struct Stored {
    const char* city;
    const char* period;
    SourceKind kind;
    double value;
    ValueStatus status;
  };
  const Stored stored[] = {
      {"beijing", "2015", SourceKind::kReported, 100, ValueStatus::kDraft},
      {"beijing", "2015", SourceKind::kComputed, 90, ValueStatus::kPublished},
      {"beijing", "2016", SourceKind::kReported, 110, ValueStatus::kSubmitted},
      {"beijing", "2016", SourceKind::kComputed, 105, ValueStatus::kEndorsed},
      {"tokyo", "2015", SourceKind::kReported, 30, ValueStatus::kPublished},
      {"tokyo", "2015", SourceKind::kComputed, 28, ValueStatus::kDraft},
  };
  IndicatorValueRepository values(*db_);
  for (const Stored& s : stored) {
    IndicatorValue v = Value(s.period, s.value, s.kind);
    v.city_code = s.city;
    v.status = s.status;
    ASSERT_OK(values.Upsert(v, "cli:alice").status());
  }
  auto user = [](Role role, std::string scope) {
    return Principal{Principal::Kind::kUser, "someone@example.org", role, std::move(scope)};
  };
  // List order: city, indicator, period, reported before computed.
  const std::vector<std::string> all = {"beijing/2015/reported", "beijing/2015/computed",
                                        "beijing/2016/reported", "beijing/2016/computed",
                                        "tokyo/2015/reported",   "tokyo/2015/computed"};
  const std::vector<std::string> published = {"beijing/2015/computed", "tokyo/2015/reported"};
  struct Case {
    const char* who_text;
    Principal who;
    std::vector<std::string> sees;
  };
  const std::vector<Case> cases = {
      {"anonymous", Principal::Anonymous(), published},
      {"operator", Principal::Operator("alice"), all},
      {"secretariat", user(Role::kSecretariat, ""), all},
      {"city officer of Beijing",
       user(Role::kCityOfficer, "Beijing"),
       {"beijing/2015/reported", "beijing/2015/computed", "beijing/2016/reported",
        "beijing/2016/computed", "tokyo/2015/reported"}},
      {"city officer of tokyo",
       user(Role::kCityOfficer, "tokyo"),
       {"beijing/2015/computed", "tokyo/2015/reported", "tokyo/2015/computed"}},
      {"national coordinator of cn",
       user(Role::kNationalCoordinator, "cn"),
       {"beijing/2015/reported", "beijing/2015/computed", "beijing/2016/reported",
        "beijing/2016/computed", "tokyo/2015/reported"}},
      {"national coordinator of JP",
       user(Role::kNationalCoordinator, "JP"),
       {"beijing/2015/computed", "tokyo/2015/reported", "tokyo/2015/computed"}},
      {"national coordinator of XX", user(Role::kNationalCoordinator, "XX"), published},
      {"agency officer", user(Role::kAgencyOfficer, "adb"), published},
      {"expert", user(Role::kExpert, ""), published},
  };
  IndicatorService service(*db_);
  for (const Case& c : cases) {
    Result<std::vector<IndicatorValue>> listed = service.ListValues(c.who, {});
    ASSERT_TRUE(listed.ok()) << c.who_text << ": " << listed.status().ToString();
    std::vector<std::string> keys;
    for (const IndicatorValue& v : *listed) {
      keys.push_back(v.city_code + "/" + v.period + "/" +
                     std::string(SourceKindCode(v.source_kind)));
    }
    EXPECT_EQ(keys, c.sees) << c.who_text;
  }

  // Compare of Beijing: the public sees 2015's computed value alone (no
  // difference) and nothing of 2016; the city's officer sees both kinds,
  // 2015: 90 - 100 = -10, i.e. -10 % of 100; 2016: 105 - 110 = -5.
  Result<std::vector<ValueComparison>> seen_by_public =
      service.Compare(Principal::Anonymous(), "beijing", "air.pm10.annual-mean");
  ASSERT_TRUE(seen_by_public.ok()) << seen_by_public.status().ToString();
  ASSERT_EQ(seen_by_public->size(), 1u);
  const ValueComparison& only = (*seen_by_public)[0];
  EXPECT_EQ(only.period, "2015");
  EXPECT_FALSE(only.reported.has_value());
  ASSERT_TRUE(only.computed.has_value());
  EXPECT_EQ(only.computed->value, 90);
  EXPECT_FALSE(only.difference.has_value());
  EXPECT_FALSE(only.relative_difference_percent.has_value());
  Result<std::vector<ValueComparison>> seen_by_officer =
      service.Compare(user(Role::kCityOfficer, "beijing"), "beijing", "air.pm10.annual-mean");
  ASSERT_TRUE(seen_by_officer.ok()) << seen_by_officer.status().ToString();
  ASSERT_EQ(seen_by_officer->size(), 2u);
  EXPECT_EQ((*seen_by_officer)[0].difference, -10.0);
  EXPECT_EQ((*seen_by_officer)[0].relative_difference_percent, -10.0);
  EXPECT_EQ((*seen_by_officer)[1].period, "2016");
  EXPECT_EQ((*seen_by_officer)[1].difference, -5.0);
  // One period: the coordinator of Japan sees Tokyo's 2015 pair in full.
  Result<std::vector<ValueComparison>> tokyo_2015 = service.Compare(
      user(Role::kNationalCoordinator, "jp"), "tokyo", "air.pm10.annual-mean", "2015");
  ASSERT_TRUE(tokyo_2015.ok()) << tokyo_2015.status().ToString();
  ASSERT_EQ(tokyo_2015->size(), 1u);
  EXPECT_EQ((*tokyo_2015)[0].difference, -2.0);  // 28 - 30
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
