// The store contract suite (DESIGN.md §5, §9): one set of cases that every
// backend must pass, run on SQLite (a file in a fresh temporary directory)
// and on PostgreSQL (the server named by KINET_TEST_PG_URL, in a fresh schema
// per test, dropped afterwards).
//
// Without KINET_TEST_PG_URL the PostgreSQL cases FAIL, because a silently
// skipped backend is a backend nobody tests; set KINET_TEST_PG=skip to skip
// them on purpose (each one then reports the reason). scripts/pg-test-server
// starts a throw-away server:
//   url=$(scripts/pg-test-server start /tmp/kinet-pg 54329)
//   KINET_TEST_PG_URL=$url build/tests/store_contract_test
//   scripts/pg-test-server stop /tmp/kinet-pg
#include <gtest/gtest.h>

#include "backend_fixture.h"

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <mutex>
#include <random>
#include <thread>

#include "store/backup.h"
#include "store/database.h"
#include "store/migrations.h"
#include "store/registry_repository.h"

namespace kinet {

// Names the backend in gtest's messages ("GetParam() = postgres"); found by
// argument-dependent lookup, so it lives in Backend's namespace.
void PrintTo(Backend backend, std::ostream* os) { *os << BackendName(backend); }

namespace {

namespace fs = std::filesystem;

#define EXPECT_CODE(expr, expected_code)                                   \
  do {                                                                     \
    const ::kinet::Status s_ = ::kinet::ToStatus(expr);                    \
    EXPECT_EQ(s_.code(), expected_code) << #expr << ": " << s_.ToString(); \
  } while (false)

class StoreContractTest : public BackendTest {
 protected:
  void SetUp() override {
    OpenFreshDatabase(/*migrate=*/false);
    if (IsSkipped() || HasFatalFailure()) return;
  }

  // Creates the registry schema.
  void Migrated() { ASSERT_OK(Migrate(*db_)); }

  std::int64_t Count(std::string_view table) {
    Result<std::optional<Row>> row = db_->QueryOne("SELECT count(*) FROM " + std::string(table));
    EXPECT_TRUE(row.ok()) << row.status().ToString();
    return row.ok() && row->has_value() ? (*row)->Int(0).value_or(-1) : -1;
  }

  // A table of every value type, for the round-trip cases.
  void CreateValuesTable() {
    Result<std::string> sql = ExpandDialectTokens(
        "CREATE TABLE test_values (id {{id}}, i BIGINT, d {{real}}, t TEXT, b {{blob}})",
        db_->backend());
    ASSERT_TRUE(sql.ok());
    ASSERT_OK(db_->ExecuteScript(*sql));
  }

  static Country China() { return {CountryId(), "CN", "China", "中国", "East Asia", "cn-2014"}; }
  static Country Japan() { return {CountryId(), "JP", "Japan", "日本", "East Asia", "generic"}; }

  static City Beijing() {
    City c;
    c.code = "beijing";
    c.country_code = "CN";
    c.name_en = "Beijing";
    c.name_local = "北京";
    c.province_en = "Beijing";
    c.province_local = "北京市";
    c.lat = 39.9042;
    c.lon = 116.4074;
    c.time_zone = "Asia/Shanghai";
    c.population = Population{21'893'095, 2020, "urban-resident", "Seventh national census"};
    c.area_km2 = 16'410.54;
    c.area_source = "Beijing Statistical Yearbook";
    c.data_status = DataStatus::kReal;
    c.note = "capital";
    return c;
  }
  static City Kitakyushu() {
    City c;
    c.code = "kitakyushu";
    c.country_code = "JP";
    c.name_en = "Kitakyushu";
    c.name_local = "北九州";
    c.time_zone = "Asia/Tokyo";
    return c;  // no coordinates, population or area: the optional fields stay empty
  }
  static City Chongqing() {
    City c;
    c.code = "chongqing";
    c.country_code = "CN";
    c.name_en = "Chongqing";
    c.name_local = "重庆";
    c.time_zone = "Asia/Shanghai";
    return c;
  }

  void SeedCountriesAndCities() {
    CountryRepository countries(*db_);
    CityRepository cities(*db_);
    ASSERT_OK(countries.Upsert(China()));
    ASSERT_OK(countries.Upsert(Japan()));
    ASSERT_OK(cities.Insert(Beijing()));
    ASSERT_OK(cities.Insert(Kitakyushu()));
    ASSERT_OK(cities.Insert(Chongqing()));
  }
};

// ---- migrations ------------------------------------------------------------

TEST_P(StoreContractTest, MigrationsApplyAndAreRecorded) {
  Result<SchemaInfo> before = ReadSchemaInfo(*db_);
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  EXPECT_EQ(before->current_version, 0);
  EXPECT_EQ(before->pending.size(), BuiltinMigrations().size());

  Migrated();
  Result<SchemaInfo> after = ReadSchemaInfo(*db_);
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  EXPECT_EQ(after->current_version, BuiltinMigrations().back().version);
  EXPECT_EQ(after->latest_version, after->current_version);
  EXPECT_TRUE(after->pending.empty());
  ASSERT_EQ(after->applied.size(), BuiltinMigrations().size());
  EXPECT_EQ(after->applied[0].version, 1);
  EXPECT_EQ(after->applied[0].name, "registry");
  EXPECT_EQ(after->applied[0].applied_at.size(), 20u) << after->applied[0].applied_at;
  for (const char* table :
       {"countries", "cities", "members", "organisations", "users", "audit_log"}) {
    EXPECT_EQ(Count(table), 0) << table;
  }
}

TEST_P(StoreContractTest, MigrateAgainIsANoOp) {
  Migrated();
  Migrated();
  EXPECT_EQ(Count("schema_migrations"), static_cast<std::int64_t>(BuiltinMigrations().size()));
  Result<std::unique_ptr<Database>> again = OpenAndMigrate(url_);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
}

TEST_P(StoreContractTest, DatabaseNewerThanBinaryIsRefused) {
  Migrated();
  ASSERT_OK(
      db_->Execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                   {Value(std::int64_t{9999}), "from_the_future", "2099-01-01T00:00:00Z"}));
  Status s = Migrate(*db_);
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition) << s.ToString();
  EXPECT_NE(s.message().find("is at schema version 9999, newer than this kinet"), std::string::npos)
      << s.message();
  EXPECT_NE(s.message().find("use a newer kinet"), std::string::npos) << s.message();
  EXPECT_CODE(OpenAndMigrate(url_), StatusCode::kFailedPrecondition);
  Result<SchemaInfo> info = ReadSchemaInfo(*db_);  // reading is still allowed
  ASSERT_TRUE(info.ok());
  EXPECT_TRUE(info->newer_than_binary());
}

TEST_P(StoreContractTest, FailedMigrationLeavesThePreviousVersion) {
  const EmbeddedFile files[] = {
      {"0001_good.sql", "CREATE TABLE good (id {{id}});"},
      {"0002_bad.sql", "CREATE TABLE half (id {{id}}); CREATE TABLE broken (;"},
  };
  Result<std::vector<Migration>> migrations = ParseMigrations(files);
  ASSERT_TRUE(migrations.ok());
  Status s = Migrate(*db_, *migrations);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("0002_bad.sql"), std::string::npos) << s.message();
  Result<SchemaInfo> info = ReadSchemaInfo(*db_, *migrations);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->current_version, 1);
  EXPECT_FALSE(db_->Query("SELECT id FROM half").ok()) << "migration 2 was half applied";
}

// ---- transactions and errors -----------------------------------------------

TEST_P(StoreContractTest, TransactCommitsOnOk) {
  Migrated();
  ASSERT_OK(db_->Transact([](Executor& tx) -> Status {
    CountryRepository countries(tx);
    KINET_RETURN_IF_ERROR(countries.Upsert(China()));
    return countries.Upsert(Japan()).status();
  }));
  EXPECT_EQ(Count("countries"), 2);
}

TEST_P(StoreContractTest, TransactRollsBackWhenTheCallbackFails) {
  Migrated();
  Status s = db_->Transact([](Executor& tx) -> Status {
    KINET_RETURN_IF_ERROR(CountryRepository(tx).Upsert(China()));
    return Conflict("changed my mind");
  });
  EXPECT_EQ(s.code(), StatusCode::kConflict);
  EXPECT_EQ(Count("countries"), 0);
}

TEST_P(StoreContractTest, TransactRollsBackWhenAStatementFails) {
  Migrated();
  Status s = db_->Transact([](Executor& tx) -> Status {
    KINET_RETURN_IF_ERROR(CountryRepository(tx).Upsert(China()));
    KINET_RETURN_IF_ERROR(tx.Execute("INSERT INTO countries (code, name_en) VALUES ('JP', 'J')"));
    return tx.Execute("INSERT INTO countries (code, name_en) VALUES ('JP', 'again')").status();
  });
  EXPECT_EQ(s.code(), StatusCode::kAlreadyExists) << s.ToString();
  EXPECT_EQ(Count("countries"), 0);
  // The connection is usable afterwards (no transaction left open).
  ASSERT_OK(CountryRepository(*db_).Upsert(Japan()));
  EXPECT_EQ(Count("countries"), 1);
}

TEST_P(StoreContractTest, UniqueViolationIsAlreadyExists) {
  Migrated();
  ASSERT_OK(db_->Execute("INSERT INTO countries (code, name_en) VALUES (?, ?)", {"CN", "China"}));
  Result<std::int64_t> again =
      db_->Execute("INSERT INTO countries (code, name_en) VALUES (?, ?)", {"CN", "China"});
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists) << again.status().ToString();
  EXPECT_TRUE(IsUniqueViolation(again.status()));
}

TEST_P(StoreContractTest, ForeignKeyViolationIsConflict) {
  Migrated();
  Result<std::int64_t> r =
      db_->Execute("INSERT INTO cities (code, country_id, name_en) VALUES (?, ?, ?)",
                   {"nowhere", Value(std::int64_t{12345}), "Nowhere"});
  EXPECT_EQ(r.status().code(), StatusCode::kConflict) << r.status().ToString();
  EXPECT_FALSE(IsUniqueViolation(r.status()));
  // Deleting a referenced row is the other side of the same rule.
  SeedCountriesAndCities();
  EXPECT_CODE(db_->Execute("DELETE FROM countries WHERE code = 'CN'"), StatusCode::kConflict);
}

TEST_P(StoreContractTest, CheckAndNotNullViolationsAreInvalidArgument) {
  Migrated();
  EXPECT_CODE(db_->Execute("INSERT INTO countries (code, name_en) VALUES (?, NULL)", {"XX"}),
              StatusCode::kInvalidArgument);
  ASSERT_OK(CountryRepository(*db_).Upsert(China()));
  EXPECT_CODE(db_->Execute("INSERT INTO cities (code, country_id, name_en, data_status)"
                           " VALUES ('x', (SELECT id FROM countries), 'X', 'bogus')"),
              StatusCode::kInvalidArgument);
}

TEST_P(StoreContractTest, SqlErrorsAreInternalAndPlaceholderCountsAreChecked) {
  EXPECT_CODE(db_->Query("SELECT * FROM no_such_table"), StatusCode::kInternal);
  EXPECT_CODE(db_->Query("SELECT ?, ?", {Value(std::int64_t{1})}), StatusCode::kInvalidArgument);
}

// ---- values ----------------------------------------------------------------

TEST_P(StoreContractTest, ValuesRoundTrip) {
  CreateValuesTable();
  // One year of hourly float32 values, all missing: the dense block of
  // DESIGN.md §5 (8 784 hours x 4 bytes = 35 136 bytes).
  std::vector<float> hours(8784, std::numeric_limits<float>::quiet_NaN());
  hours[100] = 35.5f;
  Blob block(hours.size() * sizeof(float));
  std::memcpy(block.data(), hours.data(), block.size());
  const std::string text = "北京 Hà Nội ? 'quoted' \\ end";
  const std::int64_t big = std::numeric_limits<std::int64_t>::max();
  const std::int64_t small = std::numeric_limits<std::int64_t>::min();

  Result<std::optional<Row>> id =
      db_->QueryOne("INSERT INTO test_values (i, d, t, b) VALUES (?, ?, ?, ?) RETURNING id",
                    {Value(big), Value(0.1), text, block});
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  ASSERT_TRUE(id->has_value());
  EXPECT_GT((*id)->Int(0).value_or(0), 0);
  ASSERT_OK(db_->Execute("INSERT INTO test_values (i, d, t, b) VALUES (?, ?, ?, ?)",
                         {Value(small), Value(-1.5e300), "", Blob{}}));
  ASSERT_OK(db_->Execute("INSERT INTO test_values (i, d, t, b) VALUES (?, ?, ?, ?)",
                         {Null(), Null(), Null(), Null()}));
  ASSERT_OK(db_->Execute("INSERT INTO test_values (i, d) VALUES (?, ?)",
                         {Value(std::int64_t{42}), Value(std::int64_t{3})}));

  Result<std::vector<Row>> rows = db_->Query("SELECT i, d, t, b FROM test_values ORDER BY id");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 4u);
  const Row& full = (*rows)[0];
  EXPECT_EQ(full.Int(0), big);
  EXPECT_EQ(full.Double(1), 0.1);
  EXPECT_EQ(full.Text(2), text);
  ASSERT_NE(full.BlobAt(3), nullptr);
  ASSERT_EQ(full.BlobAt(3)->size(), 35'136u);
  EXPECT_EQ(*full.BlobAt(3), block);
  std::vector<float> back(8784);
  std::memcpy(back.data(), full.BlobAt(3)->data(), full.BlobAt(3)->size());
  EXPECT_TRUE(std::isnan(back[0]));
  EXPECT_EQ(back[100], 35.5f);

  const Row& edge = (*rows)[1];
  EXPECT_EQ(edge.Int(0), small);
  EXPECT_EQ(edge.Double(1), -1.5e300);
  EXPECT_EQ(edge.Text(2), "");
  ASSERT_NE(edge.BlobAt(3), nullptr) << "an empty blob must not come back as NULL";
  EXPECT_TRUE(edge.BlobAt(3)->empty());

  const Row& nulls = (*rows)[2];
  for (std::size_t i = 0; i < 4; ++i) EXPECT_TRUE(nulls.IsNull(i)) << i;
  EXPECT_FALSE(nulls.Int(0).has_value());
  EXPECT_EQ(nulls.BlobAt(3), nullptr);

  EXPECT_EQ((*rows)[3].Double(1), 3.0);  // an integer stored in a real column
}

TEST_P(StoreContractTest, QuestionMarkInsideLiteralIsNotAPlaceholder) {
  CreateValuesTable();
  ASSERT_OK(db_->Execute("INSERT INTO test_values (t) VALUES ('why?')"));
  Result<std::vector<Row>> rows = db_->Query(
      "SELECT t, ? FROM test_values WHERE t = 'why?' AND t <> '?' -- really?\n", {"param"});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].Text(0), "why?");
  EXPECT_EQ((*rows)[0].Text(1), "param");
}

TEST_P(StoreContractTest, ExecuteReportsRowsAffected) {
  CreateValuesTable();
  for (std::int64_t i = 0; i < 5; ++i) {
    ASSERT_OK(db_->Execute("INSERT INTO test_values (i) VALUES (?)", {Value(i)}));
  }
  Result<std::int64_t> n =
      db_->Execute("UPDATE test_values SET t = 'x' WHERE i >= ?", {Value(std::int64_t{2})});
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, 3);
  Result<std::int64_t> ddl = db_->Execute("CREATE TABLE other (x INTEGER)");
  ASSERT_TRUE(ddl.ok());
  EXPECT_EQ(*ddl, 0);
}

TEST_P(StoreContractTest, QueryOneRefusesSeveralRows) {
  CreateValuesTable();
  ASSERT_OK(
      db_->ExecuteScript("INSERT INTO test_values (i) VALUES (1); "
                         "INSERT INTO test_values (i) VALUES (2);"));
  EXPECT_CODE(db_->QueryOne("SELECT i FROM test_values"), StatusCode::kInternal);
  Result<std::optional<Row>> none = db_->QueryOne("SELECT i FROM test_values WHERE i = 99");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

// ---- registry repositories ------------------------------------------------

TEST_P(StoreContractTest, CountriesUpsertFindAndList) {
  Migrated();
  CountryRepository countries(*db_);
  Result<CountryId> id = countries.Upsert(Japan());
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  ASSERT_OK(countries.Upsert(China()));
  Country renamed = Japan();
  renamed.name_en = "Japan (Nippon)";
  Result<CountryId> same = countries.Upsert(renamed);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(*same, *id) << "upsert by code keeps the row";

  Result<Country> jp = countries.FindByCode("JP");
  ASSERT_TRUE(jp.ok());
  EXPECT_EQ(jp->name_en, "Japan (Nippon)");
  EXPECT_EQ(jp->name_local, "日本");
  EXPECT_EQ(jp->id, *id);
  EXPECT_CODE(countries.FindByCode("XX"), StatusCode::kNotFound);
  EXPECT_CODE(countries.Upsert(Country{}), StatusCode::kInvalidArgument);

  Result<std::vector<Country>> all = countries.List();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].code, "CN");
  EXPECT_EQ((*all)[0].size_scheme, "cn-2014");
  EXPECT_EQ((*all)[1].code, "JP");
}

TEST_P(StoreContractTest, CitiesInsertFindUpdateAndList) {
  Migrated();
  SeedCountriesAndCities();
  CityRepository cities(*db_);

  Result<City> beijing = cities.FindByCode("beijing");
  ASSERT_TRUE(beijing.ok()) << beijing.status().ToString();
  City expected = Beijing();
  EXPECT_TRUE(beijing->id.valid());
  EXPECT_EQ(beijing->country_code, "CN");
  EXPECT_EQ(beijing->name_local, expected.name_local);
  EXPECT_EQ(beijing->province_local, expected.province_local);
  EXPECT_EQ(beijing->lat, expected.lat);
  EXPECT_EQ(beijing->lon, expected.lon);
  EXPECT_EQ(beijing->time_zone, "Asia/Shanghai");
  ASSERT_TRUE(beijing->population.has_value());
  EXPECT_EQ(beijing->population->persons, 21'893'095);
  EXPECT_EQ(beijing->population->year, 2020);
  EXPECT_EQ(beijing->population->kind, "urban-resident");
  EXPECT_EQ(beijing->population->source, "Seventh national census");
  EXPECT_EQ(beijing->area_km2, expected.area_km2);
  EXPECT_EQ(beijing->area_source, expected.area_source);
  EXPECT_EQ(beijing->data_status, DataStatus::kReal);
  EXPECT_EQ(beijing->note, "capital");

  Result<City> kitakyushu = cities.FindByCode("kitakyushu");
  ASSERT_TRUE(kitakyushu.ok());
  EXPECT_FALSE(kitakyushu->lat.has_value());
  EXPECT_FALSE(kitakyushu->population.has_value());
  EXPECT_FALSE(kitakyushu->area_km2.has_value());
  EXPECT_EQ(kitakyushu->data_status, DataStatus::kIllustrative);

  EXPECT_CODE(cities.FindByCode("atlantis"), StatusCode::kNotFound);
  EXPECT_CODE(cities.Insert(Beijing()), StatusCode::kAlreadyExists);
  City lost = Chongqing();
  lost.code = "lost";
  lost.country_code = "XX";
  Status unknown_country = cities.Insert(lost).status();
  EXPECT_EQ(unknown_country.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(unknown_country.field(), "country_code");

  // Update by id, then by code.
  City changed = *beijing;
  changed.note = "capital city";
  changed.population->persons = 21'000'000;
  ASSERT_OK(cities.Update(changed));
  EXPECT_EQ(cities.FindByCode("beijing")->note, "capital city");
  EXPECT_EQ(cities.FindByCode("beijing")->population->persons, 21'000'000);
  City by_code = Kitakyushu();
  by_code.lat = 33.883;
  ASSERT_OK(cities.Update(by_code));
  EXPECT_EQ(cities.FindByCode("kitakyushu")->lat, 33.883);
  City missing = Chongqing();
  missing.code = "atlantis";
  EXPECT_CODE(cities.Update(missing), StatusCode::kNotFound);
  City clash = *beijing;
  clash.code = "chongqing";
  EXPECT_CODE(cities.Update(clash), StatusCode::kAlreadyExists);

  // Names, ignoring case, English or local.
  Result<std::vector<City>> by_name = cities.FindByName("BEIJING");
  ASSERT_TRUE(by_name.ok());
  ASSERT_EQ(by_name->size(), 1u);
  EXPECT_EQ((*by_name)[0].code, "beijing");
  Result<std::vector<City>> by_local = cities.FindByName("北九州");
  ASSERT_TRUE(by_local.ok());
  ASSERT_EQ(by_local->size(), 1u);
  EXPECT_EQ((*by_local)[0].code, "kitakyushu");
  EXPECT_TRUE(cities.FindByName("Atlantis")->empty());

  // Ordered by country code, then English name.
  Result<std::vector<City>> all = cities.List();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].code, "beijing");
  EXPECT_EQ((*all)[1].code, "chongqing");
  EXPECT_EQ((*all)[2].code, "kitakyushu");
  Result<std::vector<City>> japan = cities.List("JP");
  ASSERT_TRUE(japan.ok());
  ASSERT_EQ(japan->size(), 1u);
  EXPECT_EQ((*japan)[0].code, "kitakyushu");
}

// Names with letters outside ASCII match ignoring case on both backends
// (SQLite's lower() folds ASCII only, so before the fix "ürümqi" did not
// find "Ürümqi" there). Expected matches: the simple lower-case mappings of
// UnicodeData.txt (U+00DC -> U+00FC, U+0141 -> U+0142, U+FF2B -> U+FF4B);
// on PostgreSQL the server's own lower() is the independent check.
TEST_P(StoreContractTest, CityNamesMatchIgnoringCaseInEveryScript) {
  Migrated();
  CityRepository cities(*db_);
  ASSERT_OK(CountryRepository(*db_).Upsert(China()));
  struct Named {
    const char* code;
    const char* en;
    const char* local;
  };
  for (Named n : {Named{"urumqi", "Ürümqi", "乌鲁木齐"}, Named{"lodz", "Łódź", "Łódź"},
                  Named{"wide-town", "Ｗｉｄｅ Ｔｏｗｎ", "宽镇"}}) {
    City c;
    c.code = n.code;
    c.country_code = "CN";
    c.name_en = n.en;
    c.name_local = n.local;
    c.time_zone = "Asia/Shanghai";
    ASSERT_OK(cities.Insert(c));
  }
  struct Query {
    const char* name;
    const char* code;
  };
  for (Query q : {Query{"ÜRÜMQI", "urumqi"}, Query{"ürümqi", "urumqi"}, Query{"ŁÓDŹ", "lodz"},
                  Query{"łódź", "lodz"}, Query{"ｗｉｄｅ ｔｏｗｎ", "wide-town"},
                  Query{"ＷＩＤＥ ＴＯＷＮ", "wide-town"}, Query{"乌鲁木齐", "urumqi"}}) {
    Result<std::vector<City>> found = cities.FindByName(q.name);
    ASSERT_TRUE(found.ok()) << found.status().ToString();
    ASSERT_EQ(found->size(), 1u) << q.name;
    EXPECT_EQ((*found)[0].code, q.code) << q.name;
  }
  // Case only: a letter without its accent is another letter.
  EXPECT_TRUE(cities.FindByName("Urumqi")->empty());
  if (IsPostgres()) {
    // The server's lower() agrees with the folding the store does.
    Result<std::optional<Row>> row = db_->QueryOne(
        "SELECT count(*) FROM cities WHERE lower(name_en) IN (lower(?), lower(?), lower(?))",
        {TextValue("ÜRÜMQI"), TextValue("ŁÓDŹ"), TextValue("ＷＩＤＥ ＴＯＷＮ")});
    ASSERT_TRUE(row.ok()) << row.status().ToString();
    EXPECT_EQ((*row)->Int(0).value_or(-1), 3);
  }
}

TEST_P(StoreContractTest, MembersInsertFindUpdateAndList) {
  Migrated();
  SeedCountriesAndCities();
  MemberRepository members(*db_);
  Member m;
  m.city_code = "kitakyushu";
  m.joined = CivilDate{2001, 8, 31};
  m.modalities = {Modality::kNetwork, Modality::kPilot};
  m.benefits_accepted = {"information-exchange", "assistance-liaison"};
  m.obligations_accepted = {"report-situation"};
  m.note = "host city";
  m.data_status = DataStatus::kReal;
  Result<MemberId> id = members.Insert(m);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_CODE(members.Insert(m), StatusCode::kAlreadyExists);
  Member nowhere = m;
  nowhere.city_code = "atlantis";
  Status unknown = members.Insert(nowhere).status();
  EXPECT_EQ(unknown.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(unknown.field(), "city_code");

  Member beijing;
  beijing.city_id = CityRepository(*db_).FindByCode("beijing")->id;  // by id this time
  beijing.joined = CivilDate{2002, 1, 15};
  beijing.status = MemberStatus::kSuspended;
  ASSERT_OK(members.Insert(beijing));

  Result<Member> found = members.FindByCityCode("kitakyushu");
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(found->id, *id);
  EXPECT_EQ(found->city_code, "kitakyushu");
  EXPECT_EQ(found->joined, (CivilDate{2001, 8, 31}));
  EXPECT_EQ(found->status, MemberStatus::kActive);
  EXPECT_EQ(found->modalities, m.modalities);
  EXPECT_EQ(found->benefits_accepted, m.benefits_accepted);
  EXPECT_EQ(found->obligations_accepted, m.obligations_accepted);
  EXPECT_EQ(found->note, "host city");
  EXPECT_EQ(found->data_status, DataStatus::kReal);
  EXPECT_CODE(members.FindByCityCode("chongqing"), StatusCode::kNotFound);

  m.status = MemberStatus::kWithdrawn;
  m.modalities.clear();
  ASSERT_OK(members.Update(m));
  found = members.FindByCityCode("kitakyushu");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->status, MemberStatus::kWithdrawn);
  EXPECT_TRUE(found->modalities.empty());
  Member not_member;
  not_member.city_code = "chongqing";
  EXPECT_CODE(members.Update(not_member), StatusCode::kNotFound);

  Result<std::vector<Member>> all = members.List();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].city_code, "beijing");
  EXPECT_EQ((*all)[1].city_code, "kitakyushu");
  Result<std::vector<Member>> suspended = members.List(MemberStatus::kSuspended);
  ASSERT_TRUE(suspended.ok());
  ASSERT_EQ(suspended->size(), 1u);
  EXPECT_EQ((*suspended)[0].city_code, "beijing");
  EXPECT_TRUE(members.List(MemberStatus::kActive)->empty());
}

TEST_P(StoreContractTest, OrganisationsInsertFindAndList) {
  Migrated();
  ASSERT_OK(CountryRepository(*db_).Upsert(Japan()));
  OrganisationRepository orgs(*db_);
  Organisation iges{OrganisationId(),
                    "iges",
                    "IGES",
                    "Institute for Global Environmental Strategies",
                    "地球環境戦略研究機関",
                    OrganisationType::kInstitute,
                    "JP",
                    "",
                    DataStatus::kReal};
  Organisation escap{OrganisationId(),
                     "escap",
                     "ESCAP",
                     "UN Economic and Social Commission for Asia and the Pacific",
                     "",
                     OrganisationType::kUnBody,
                     "",
                     "",
                     DataStatus::kReal};
  ASSERT_OK(orgs.Insert(iges));
  ASSERT_OK(orgs.Insert(escap));
  EXPECT_CODE(orgs.Insert(iges), StatusCode::kAlreadyExists);
  Organisation stray = escap;
  stray.code = "stray";
  stray.country_code = "XX";
  EXPECT_CODE(orgs.Insert(stray), StatusCode::kInvalidArgument);

  Result<Organisation> found = orgs.FindByCode("iges");
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(found->acronym, "IGES");
  EXPECT_EQ(found->name_local, "地球環境戦略研究機関");
  EXPECT_EQ(found->type, OrganisationType::kInstitute);
  EXPECT_EQ(found->country_code, "JP");
  EXPECT_EQ(orgs.FindByCode("escap")->country_code, "");
  EXPECT_CODE(orgs.FindByCode("nobody"), StatusCode::kNotFound);

  Result<std::vector<Organisation>> all = orgs.List();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].code, "escap");
  EXPECT_EQ((*all)[1].code, "iges");
}

TEST_P(StoreContractTest, UsersInsertFindListAndUpdatePassword) {
  Migrated();
  ASSERT_OK(OrganisationRepository(*db_).Insert({OrganisationId(), "iges", "IGES", "IGES", "",
                                                 OrganisationType::kInstitute, "", "",
                                                 DataStatus::kIllustrative}));
  UserRepository users(*db_);
  User officer;
  officer.email = "Officer@Example.ORG";
  officer.name = "City Officer";
  officer.role = Role::kCityOfficer;
  officer.scope = "kitakyushu";
  officer.password_hash = "$argon2id$v=19$placeholder";
  User agency;
  agency.email = "agency@example.org";
  agency.name = "Agency Officer";
  agency.role = Role::kAgencyOfficer;
  agency.scope = "iges";
  agency.organisation_code = "iges";
  Result<UserId> id = users.Insert(officer);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  ASSERT_OK(users.Insert(agency));
  User duplicate = officer;
  duplicate.email = "officer@example.org";
  EXPECT_CODE(users.Insert(duplicate), StatusCode::kAlreadyExists);
  User stray = agency;
  stray.email = "stray@example.org";
  stray.organisation_code = "nobody";
  EXPECT_CODE(users.Insert(stray), StatusCode::kInvalidArgument);

  Result<User> found = users.FindByEmail("OFFICER@example.org");
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(found->id, *id);
  EXPECT_EQ(found->email, "officer@example.org");
  EXPECT_EQ(found->role, Role::kCityOfficer);
  EXPECT_EQ(found->scope, "kitakyushu");
  EXPECT_EQ(found->organisation_code, "");
  EXPECT_EQ(found->password_hash, "$argon2id$v=19$placeholder");
  EXPECT_EQ(users.FindByEmail("agency@example.org")->organisation_code, "iges");
  EXPECT_CODE(users.FindByEmail("nobody@example.org"), StatusCode::kNotFound);
  Result<std::optional<Row>> created =
      db_->QueryOne("SELECT created_at FROM users WHERE email = 'agency@example.org'");
  ASSERT_TRUE(created.ok());
  EXPECT_EQ((*created)->TextOr(0).size(), 20u);

  ASSERT_OK(users.UpdatePasswordHash("Officer@example.org", "$argon2id$new"));
  EXPECT_EQ(users.FindByEmail("officer@example.org")->password_hash, "$argon2id$new");
  EXPECT_CODE(users.UpdatePasswordHash("nobody@example.org", "x"), StatusCode::kNotFound);

  Result<std::vector<User>> all = users.List();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].email, "agency@example.org");
  EXPECT_EQ((*all)[1].email, "officer@example.org");
}

TEST_P(StoreContractTest, RepositoriesInsideATransactionRollBackTogether) {
  Migrated();
  Status s = db_->Transact([](Executor& tx) -> Status {
    KINET_RETURN_IF_ERROR(CountryRepository(tx).Upsert(China()));
    KINET_RETURN_IF_ERROR(CityRepository(tx).Insert(Beijing()).status());
    return CityRepository(tx).Insert(Beijing()).status();  // AlreadyExists
  });
  EXPECT_EQ(s.code(), StatusCode::kAlreadyExists) << s.ToString();
  EXPECT_EQ(Count("countries"), 0);
  EXPECT_EQ(Count("cities"), 0);
}

// ---- concurrency -----------------------------------------------------------

TEST_P(StoreContractTest, TwoThreadsWritingAndReadingDoNotCorruptEachOther) {
  Migrated();
  constexpr int kPerThread = 40;
  std::atomic<int> failures{0};
  std::string first_failure;
  std::mutex failure_mu;
  auto work = [&](int thread) {
    for (int i = 0; i < kPerThread; ++i) {
      const std::string code = "T" + std::to_string(thread) + "-" + std::to_string(i);
      Status s = db_->Transact([&](Executor& tx) -> Status {
        KINET_RETURN_IF_ERROR(
            CountryRepository(tx).Upsert({CountryId(), code, "Country " + code, "", "", ""}));
        User u;
        u.email = code + "@example.org";
        u.name = code;
        return UserRepository(tx).Insert(u).status();
      });
      if (s.ok()) s = CountryRepository(*db_).FindByCode(code).status();
      if (s.ok()) s = db_->Query("SELECT count(*) FROM users").status();
      if (!s.ok()) {
        ++failures;
        std::lock_guard lock(failure_mu);
        if (first_failure.empty()) first_failure = s.ToString();
      }
    }
  };
  std::thread a(work, 1);
  std::thread b(work, 2);
  a.join();
  b.join();
  EXPECT_EQ(failures.load(), 0) << first_failure;
  EXPECT_EQ(Count("countries"), 2 * kPerThread);
  EXPECT_EQ(Count("users"), 2 * kPerThread);
}

// ---- backup and restore ----------------------------------------------------

TEST_P(StoreContractTest, BackupThenRestoreRoundTrips) {
  Migrated();
  if (IsPostgres()) {
    Status backup = BackupSqlite(*db_, "/tmp/never-written.db");
    EXPECT_EQ(backup.code(), StatusCode::kFailedPrecondition);
    EXPECT_NE(backup.message().find("pg_dump"), std::string::npos) << backup.message();
    Status restore = RestoreSqlite("/tmp/never-read.db", url_);
    EXPECT_EQ(restore.code(), StatusCode::kFailedPrecondition);
    EXPECT_NE(restore.message().find("pg_restore"), std::string::npos) << restore.message();
    return;
  }
  SeedCountriesAndCities();
  const std::string backup = (dir_ / "backup.db").string();
  ASSERT_OK(BackupSqlite(*db_, backup));
  EXPECT_FALSE(fs::exists(backup + "-wal"));

  // Changes after the backup disappear on restore.
  ASSERT_OK(CountryRepository(*db_).Upsert({CountryId(), "VN", "Viet Nam", "", "", ""}));
  db_.reset();  // restore needs the database closed
  ASSERT_OK(RestoreSqlite(backup, url_));

  Result<std::unique_ptr<Database>> reopened = OpenAndMigrate(url_);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  db_ = std::move(reopened).value();
  EXPECT_CODE(CountryRepository(*db_).FindByCode("VN"), StatusCode::kNotFound);
  Result<City> beijing = CityRepository(*db_).FindByCode("beijing");
  ASSERT_TRUE(beijing.ok()) << beijing.status().ToString();
  EXPECT_EQ(beijing->name_local, "北京");
  EXPECT_EQ(Count("cities"), 3);
}

TEST_P(StoreContractTest, BackupWorksWhileAnotherThreadWrites) {
  Migrated();
  if (IsPostgres()) {
    // The online backup is SQLite's; a PostgreSQL database is refused (pg_dump).
    EXPECT_CODE(BackupSqlite(*db_, (fs::temp_directory_path() / "never.db").string()),
                StatusCode::kFailedPrecondition);
    return;
  }
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int i = 0; !stop; ++i) {
      Status s = CountryRepository(*db_)
                     .Upsert({CountryId(), "W" + std::to_string(i), "W", "", "", ""})
                     .status();
      ASSERT_TRUE(s.ok()) << s.ToString();
    }
  });
  const std::string backup = (dir_ / "live.db").string();
  Status s = BackupSqlite(*db_, backup);
  stop = true;
  writer.join();
  ASSERT_OK(s);
  Result<std::unique_ptr<Database>> copy = OpenDatabase("sqlite:" + backup);
  ASSERT_TRUE(copy.ok());
  Result<std::vector<Row>> check = (*copy)->Query("PRAGMA integrity_check");
  ASSERT_TRUE(check.ok());
  EXPECT_EQ((*check)[0].Text(0), "ok");
}

TEST_P(StoreContractTest, RestoreRefusesWhatIsNotAKinetBackup) {
  Migrated();
  if (IsPostgres()) {
    // Restoring into PostgreSQL is pg_restore's job, whatever the file.
    EXPECT_CODE(RestoreSqlite("/dev/null", url_), StatusCode::kFailedPrecondition);
    return;
  }
  SeedCountriesAndCities();
  db_.reset();

  const std::string text_file = (dir_ / "notes.txt").string();
  std::ofstream(text_file) << "this is not a database, just some text that is long enough\n";
  Status not_db = RestoreSqlite(text_file, url_);
  EXPECT_EQ(not_db.code(), StatusCode::kFailedPrecondition) << not_db.ToString();
  EXPECT_NE(not_db.message().find("not an SQLite database"), std::string::npos) << not_db.message();

  const std::string other = (dir_ / "other.db").string();
  {
    Result<std::unique_ptr<Database>> o = OpenDatabase("sqlite:" + other);
    ASSERT_TRUE(o.ok());
    ASSERT_OK((*o)->ExecuteScript("CREATE TABLE t (x INTEGER)"));
  }
  Status not_kinet = RestoreSqlite(other, url_);
  EXPECT_EQ(not_kinet.code(), StatusCode::kFailedPrecondition) << not_kinet.ToString();
  EXPECT_NE(not_kinet.message().find("not a KINet one"), std::string::npos) << not_kinet.message();

  EXPECT_CODE(RestoreSqlite((dir_ / "missing.db").string(), url_), StatusCode::kNotFound);

  // The target is untouched by every refusal.
  Result<std::unique_ptr<Database>> db = OpenDatabase(url_);
  ASSERT_TRUE(db.ok());
  db_ = std::move(db).value();
  EXPECT_EQ(Count("cities"), 3);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreContractTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendTestName);

}  // namespace
}  // namespace kinet
