#include "service/indicator_service.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "core/file.h"
#include "service/sample_network.h"
#include "store/migrations.h"
#include "store/registry_repository.h"

namespace kinet {
namespace {

namespace fs = std::filesystem;

#define ASSERT_OK(expr)                                     \
  do {                                                      \
    const ::kinet::Status s_ = ::kinet::ToStatus(expr);     \
    ASSERT_TRUE(s_.ok()) << #expr << ": " << s_.ToString(); \
  } while (false)

class IndicatorServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = fs::temp_directory_path() / ("kinet-ind-" + std::to_string(rd()));
    fs::create_directories(dir_);
    db_ = Open("a.db");
    ASSERT_NE(db_, nullptr);
  }
  void TearDown() override {
    db_.reset();
    fs::remove_all(dir_);
  }

  // A migrated database with China, Beijing, Tianjin and the builtin catalogue.
  std::unique_ptr<Database> Open(const std::string& name) {
    Result<std::unique_ptr<Database>> db = OpenAndMigrate("sqlite:" + (dir_ / name).string());
    EXPECT_TRUE(db.ok()) << db.status().ToString();
    if (!db.ok()) return nullptr;
    EXPECT_TRUE(CountryRepository(**db)
                    .Upsert({CountryId(), "CN", "China", "中国", "East Asia", "cn-2014"})
                    .ok());
    for (const char* code : {"beijing", "tianjin"}) {
      City c;
      c.code = code;
      c.country_code = "CN";
      c.name_en = code;
      c.time_zone = "Asia/Shanghai";
      EXPECT_TRUE(CityRepository(**db).Insert(c).ok());
    }
    EXPECT_TRUE(IndicatorService(**db).SyncBuiltinCatalogue().ok());
    return std::move(db).value();
  }

  std::int64_t Count(Database& db, std::string_view table) {
    Result<std::optional<Row>> row = db.QueryOne("SELECT count(*) FROM " + std::string(table));
    return row.ok() && *row ? (**row).Int(0).value_or(-1) : -1;
  }

  static ValueInput Pm10(std::string period, double value) {
    ValueInput in;
    in.city = "beijing";
    in.indicator = "air.pm10.annual-mean";
    in.period = std::move(period);
    in.value = value;
    in.source = "China Statistical Yearbook (NBS)";
    return in;
  }

  fs::path dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(IndicatorServiceTest, SyncSeedsTheCatalogueOnceAndListsIt) {
  IndicatorService s(*db_);
  Result<std::vector<Indicator>> all = s.ListIndicators();
  ASSERT_TRUE(all.ok());
  EXPECT_GE(all->size(), 25u);
  ASSERT_OK(s.SyncBuiltinCatalogue());  // a no-op the second time
  EXPECT_EQ(static_cast<std::size_t>(Count(*db_, "indicators")), all->size());
  Result<std::vector<Indicator>> noise = s.ListIndicators(Theme::kNoise);
  ASSERT_TRUE(noise.ok());
  for (const Indicator& i : *noise) EXPECT_EQ(i.theme, Theme::kNoise);
}

TEST_F(IndicatorServiceTest, ConvertsUnitsAndFlagsRangeAndJumps) {
  IndicatorService s(*db_);
  ValueInput green;
  green.city = "beijing";
  green.indicator = "green.built-up-coverage";
  green.period = "2013";
  green.value = 0.5111;
  green.unit = "fraction";
  Result<IndicatorValue> g = s.RecordValue(green, "test");
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  EXPECT_NEAR(g->value, 51.11, 1e-9);
  EXPECT_EQ(g->entered_unit, "fraction");
  EXPECT_TRUE(g->flags.empty());

  green.period = "2014";
  green.value = 1.2;  // 120 %: above the valid maximum 100
  Result<IndicatorValue> over = s.RecordValue(green, "test");
  ASSERT_TRUE(over.ok());
  ASSERT_EQ(over->flags.size(), 2u);
  EXPECT_EQ(over->flags[0].code, "out-of-range");
  EXPECT_EQ(over->flags[1].reason, "implausible jump from 2013 (51.11 → 120)");

  ASSERT_TRUE(s.RecordValue(Pm10("2014", 61), "test").ok());
  Result<IndicatorValue> jump = s.RecordValue(Pm10("2015", 140), "test");
  ASSERT_TRUE(jump.ok());
  ASSERT_EQ(jump->flags.size(), 1u);
  EXPECT_EQ(jump->flags[0].reason, "implausible jump from 2014 (61 → 140)");

  ValueInput bad_unit = Pm10("2016", 1);
  bad_unit.unit = "%";
  Result<IndicatorValue> refused = s.RecordValue(bad_unit, "test");
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(refused.status().field(), "unit");
}

TEST_F(IndicatorServiceTest, StatusMachineRefusesSkipsAndAudits) {
  IndicatorService s(*db_);
  ASSERT_TRUE(s.RecordValue(Pm10("2013", 108), "cli:alice").ok());
  auto move = [&](ValueStatus to) {
    return s.ChangeStatus("beijing", "air.pm10.annual-mean", "2013", SourceKind::kReported, to,
                          "cli:bob");
  };
  EXPECT_EQ(move(ValueStatus::kEndorsed).status().code(), StatusCode::kConflict);
  EXPECT_EQ(move(ValueStatus::kPublished).status().code(), StatusCode::kConflict);
  ASSERT_TRUE(move(ValueStatus::kSubmitted).ok());
  ASSERT_TRUE(move(ValueStatus::kEndorsed).ok());
  // An endorsed value is not overwritten by a different one ...
  EXPECT_EQ(s.RecordValue(Pm10("2013", 109), "cli:alice").status().code(), StatusCode::kConflict);
  // ... but re-recording the same value changes nothing.
  EXPECT_TRUE(s.RecordValue(Pm10("2013", 108), "cli:alice").ok());
  Result<IndicatorValue> published = move(ValueStatus::kPublished);
  ASSERT_TRUE(published.ok());
  EXPECT_EQ(published->status, ValueStatus::kPublished);
  EXPECT_EQ(published->updated_by, "cli:bob");
  EXPECT_EQ(move(ValueStatus::kDraft).status().code(), StatusCode::kConflict);
  EXPECT_EQ(s.ChangeStatus("beijing", "air.pm10.annual-mean", "2099", SourceKind::kReported,
                           ValueStatus::kSubmitted, "x")
                .status()
                .code(),
            StatusCode::kNotFound);
  // insert + three status changes
  Result<std::vector<Row>> audit = db_->Query(
      "SELECT actor, action, field, old_value, new_value FROM audit_log"
      " WHERE entity = 'indicator_value' ORDER BY id");
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->size(), 4u);
  EXPECT_EQ((*audit)[0].TextOr(0), "cli:alice");
  EXPECT_EQ((*audit)[0].TextOr(1), "insert");
  EXPECT_EQ((*audit)[3].TextOr(2), "status");
  EXPECT_EQ((*audit)[3].TextOr(3), "endorsed");
  EXPECT_EQ((*audit)[3].TextOr(4), "published");
}

constexpr std::string_view kGoodCsv =
    "city,indicator,period,value,unit,source\n"
    "beijing,air.pm10.annual-mean,2012,109,ug/m3,NBS\n"
    "beijing,air.pm10.annual-mean,2013,0.108,mg/m3,NBS\n"
    "tianjin,air.pm10.annual-mean,2013,150,,NBS\n";

TEST_F(IndicatorServiceTest, ImportWithOneBadRowIsRefusedWholeAndChangesNothing) {
  IndicatorService s(*db_);
  ASSERT_TRUE(s.RecordValue(Pm10("2010", 121), "test").ok());
  const std::int64_t values_before = Count(*db_, "indicator_values");
  const std::int64_t audit_before = Count(*db_, "audit_log");
  std::string bad = std::string(kGoodCsv) +
                    "beijing,air.pm10.annual-mean,2014,abc,,NBS\n"
                    "nowhere,air.pm10.annual-mean,2014,1,,NBS\n"
                    "beijing,no.such-indicator,2014,1,,NBS\n"
                    "beijing,air.pm10.annual-mean,2014-13,1,,NBS\n";
  Result<ImportReport> r = s.Import(bad, "values.csv", {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(r->committed());
  ASSERT_EQ(r->errors.size(), 4u);
  EXPECT_EQ(r->errors[0].ToString(), "values.csv:5: column value: 'abc' is not a number");
  EXPECT_EQ(r->errors[1].ToString(), "values.csv:6: column city: unknown city 'nowhere'");
  EXPECT_EQ(r->errors[2].column, "indicator");
  EXPECT_EQ(r->errors[3].column, "period");
  EXPECT_EQ(Count(*db_, "indicator_values"), values_before);
  EXPECT_EQ(Count(*db_, "audit_log"), audit_before);

  Result<ImportReport> good = s.Import(kGoodCsv, "values.csv", {});
  ASSERT_TRUE(good.ok());
  ASSERT_TRUE(good->committed());
  EXPECT_EQ(good->inserted, 3);
  Result<std::optional<IndicatorValue>> v = IndicatorValueRepository(*db_).Find(
      "beijing", "air.pm10.annual-mean", "2013", SourceKind::kReported);
  ASSERT_TRUE(v.ok() && v->has_value());
  EXPECT_DOUBLE_EQ((*v)->value, 108.0);  // 0.108 mg/m3
}

// Value cells that strtod read as numbers but are not decimal numbers: it
// took hexadecimal ("0x1A" = 26) and a sign after '+'. Spaces and a leading
// '+' stay accepted.
TEST_F(IndicatorServiceTest, ImportReadsValuesAsDecimalNumbersOnly) {
  IndicatorService s(*db_);
  const std::string bad =
      "city,indicator,period,value\n"
      "beijing,air.pm10.annual-mean,2014,0x1A\n"
      "beijing,air.pm10.annual-mean,2015,+-5\n"
      "beijing,air.pm10.annual-mean,2016,1e999\n";
  Result<ImportReport> r = s.Import(bad, "values.csv", {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->errors.size(), 3u);
  EXPECT_EQ(r->errors[0].ToString(), "values.csv:2: column value: '0x1A' is not a number");
  EXPECT_EQ(r->errors[1].ToString(), "values.csv:3: column value: '+-5' is not a number");
  EXPECT_EQ(r->errors[2].column, "value");

  const std::string good =
      "city,indicator,period,value\n"
      "beijing,air.pm10.annual-mean,2014, 96 \n"
      "beijing,air.pm10.annual-mean,2015,+80.5\n";
  Result<ImportReport> g = s.Import(good, "values.csv", {});
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  ASSERT_TRUE(g->committed()) << (g->errors.empty() ? "" : g->errors[0].ToString());
  Result<std::optional<IndicatorValue>> v = IndicatorValueRepository(*db_).Find(
      "beijing", "air.pm10.annual-mean", "2015", SourceKind::kReported);
  ASSERT_TRUE(v.ok() && v->has_value());
  EXPECT_DOUBLE_EQ((*v)->value, 80.5);
}

TEST_F(IndicatorServiceTest, XlsxErrorsNameTheCell) {
  IndicatorService s(*db_);
  ASSERT_TRUE(s.Import(kGoodCsv, "v.csv", {}).ok());
  const fs::path xlsx = dir_ / "values.xlsx";
  Result<int> n = s.ExportFile({}, xlsx.string());
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  // Break one cell: re-import into a database that lacks tianjin.
  ASSERT_OK(db_->Execute("DELETE FROM indicator_values WHERE city_id ="
                         " (SELECT id FROM cities WHERE code = 'tianjin')")
                .status());
  ASSERT_OK(db_->Execute("DELETE FROM cities WHERE code = 'tianjin'").status());
  Result<std::string> bytes = ReadFile(xlsx.string());
  ASSERT_TRUE(bytes.ok());
  Result<ImportReport> r = s.Import(*bytes, "values.xlsx", {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->errors.size(), 1u);
  EXPECT_EQ(r->errors[0].ToString(),
            "values.xlsx: sheet 1, cell A4 (city): unknown city 'tianjin'");
}

TEST_F(IndicatorServiceTest, CsvAndXlsxExportImportRoundTrip) {
  IndicatorService s(*db_);
  ASSERT_TRUE(s.Import(kGoodCsv, "v.csv", {}).ok());
  ValueInput doubtful = Pm10("2011", 113.29589041095893);
  doubtful.doubtful = true;
  doubtful.note = "imputed, \"doubtful\", see README";
  ASSERT_TRUE(s.RecordValue(doubtful, "t").ok());
  Result<std::string> original = s.ExportCsv({});
  ASSERT_TRUE(original.ok());
  for (const char* name : {"out.csv", "out.xlsx"}) {
    const fs::path path = dir_ / name;
    ASSERT_TRUE(s.ExportFile({}, path.string()).ok());
    std::unique_ptr<Database> other = Open(std::string("b-") + name + ".db");
    IndicatorService t(*other);
    Result<std::string> bytes = ReadFile(path.string());
    ASSERT_TRUE(bytes.ok());
    Result<ImportReport> r = t.Import(*bytes, name, {});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_TRUE(r->committed()) << r->errors[0].ToString();
    Result<std::string> again = t.ExportCsv({});
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, *original) << name;
  }
}

TEST_F(IndicatorServiceTest, ReportedAndComputedAreBothKept) {
  IndicatorService s(*db_);
  ASSERT_TRUE(s.RecordValue(Pm10("2015", 102), "t").ok());
  ValueInput computed = Pm10("2015", 97.5);
  computed.source_kind = SourceKind::kComputed;
  computed.source = "KINet air engine, 12 stations (HJ 663-2013)";
  ASSERT_TRUE(s.RecordValue(computed, "t").ok());
  Result<std::vector<ValueComparison>> c = s.Compare("beijing", "air.pm10.annual-mean");
  ASSERT_TRUE(c.ok());
  ASSERT_EQ(c->size(), 1u);
  ASSERT_TRUE((*c)[0].reported && (*c)[0].computed);
  EXPECT_EQ((*c)[0].reported->source, "China Statistical Yearbook (NBS)");
  EXPECT_DOUBLE_EQ(*(*c)[0].difference, -4.5);
  Result<std::vector<IndicatorValue>> series =
      IndicatorValueRepository(*db_).ValuesFor("beijing", "air.pm10.annual-mean");
  ASSERT_TRUE(series.ok());
  ASSERT_EQ(series->size(), 1u);  // one per period, reported preferred
  EXPECT_EQ((*series)[0].source_kind, SourceKind::kReported);
}

TEST_F(IndicatorServiceTest, AddsCustomIndicatorsAllOrNothing) {
  IndicatorService s(*db_);
  constexpr std::string_view kAdd = R"(
[[indicator]]
code = "custom.bike-lanes"
name_en = "Bicycle lane length per 10 000 persons"
theme = "management"
unit = "score"
direction = "higher"
)";
  Result<std::vector<Indicator>> added = s.AddIndicators(kAdd, "add.toml", "cli:sec");
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  EXPECT_FALSE((*added)[0].builtin);
  EXPECT_EQ(s.AddIndicators(kAdd, "add.toml", "cli:sec").status().code(),
            StatusCode::kAlreadyExists);
}

TEST(SampleIndicatorValuesTest, LoadsTheYearbookWithTheDoubtful2011) {
  std::random_device rd;
  fs::path dir = fs::temp_directory_path() / ("kinet-sample-" + std::to_string(rd()));
  fs::create_directories(dir);
  {
    Result<std::unique_ptr<Database>> db = OpenAndMigrate("sqlite:" + (dir / "s.db").string());
    ASSERT_TRUE(db.ok());
    Result<NetworkData> sample = BuiltinSampleNetwork();
    ASSERT_TRUE(sample.ok());
    ASSERT_TRUE(LoadNetwork(**db, *sample).ok());
    Result<int> n = LoadSampleIndicatorValues(**db);
    ASSERT_TRUE(n.ok()) << n.status().ToString();
    EXPECT_GT(*n, 1500);
    IndicatorValueRepository values(**db);
    // csy_31cities_PM10_2008_2017.csv: Beijing 2013 = 108.
    Result<std::optional<IndicatorValue>> pm10 =
        values.Find("beijing", "air.pm10.annual-mean", "2013", SourceKind::kReported);
    ASSERT_TRUE(pm10.ok() && pm10->has_value());
    EXPECT_EQ((*pm10)->value, 108.0);
    EXPECT_FALSE((*pm10)->doubtful);
    EXPECT_EQ((*pm10)->status, ValueStatus::kPublished);
    IndicatorValueQuery q;
    q.from = "2011";
    q.to = "2011";
    Result<std::vector<IndicatorValue>> y2011 = values.List(q);
    ASSERT_TRUE(y2011.ok());
    ASSERT_FALSE(y2011->empty());
    int yearbook = 0;
    for (const IndicatorValue& v : *y2011) {
      if (v.source.find("China Statistical Yearbook") == std::string::npos) continue;
      ++yearbook;  // What a Waste 2.0 has 2011 values too; they are not in doubt
      EXPECT_TRUE(v.doubtful) << v.city_code << " " << v.indicator_code;
    }
    EXPECT_EQ(yearbook, 30 * 5);  // 30 capitals x PM10, SO2, NO2, green coverage, gas supply
    Result<std::optional<IndicatorValue>> waste =
        values.Find("kitakyushu", "waste.msw.generation-per-capita", "2015", SourceKind::kReported);
    ASSERT_TRUE(waste.ok() && waste->has_value());
    EXPECT_NEAR((*waste)->value, 1.154, 1e-9);  // 409 332 t/year / 972 192 persons / 365
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace kinet
