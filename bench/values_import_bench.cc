// Benchmarks of the indicator values import (IndicatorService::Import, the
// work of `kinet values import` and of POST /api/v1/values/import) on a real
// SQLite file: a 600-row and a 10 000-row CSV of monthly values, as the
// HTTP test's upload (src/http/indicator_routes_test.cc) sends them. Each
// city's series holds up to 600 months of one indicator, so the jump check
// (engine/value_checks.h) sees a long series: the shape that made the
// upload quadratic. Every iteration imports into an empty value table (the
// reset is not timed), as a first upload does; BM_ValuesReimport times the
// same file again, every row unchanged. The *Postgres variants do the same
// on the PostgreSQL server named by KINET_BENCH_PG_URL (a libpq URL; each
// run works in a schema of its own, dropped afterwards); without it they
// report an error instead of a time.
#include <benchmark/benchmark.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "service/indicator_service.h"
#include "service/permissions.h"
#include "store/migrations.h"
#include "store/registry_repository.h"

namespace kinet {
namespace {

namespace fs = std::filesystem;

constexpr const char* kIndicator = "water.wastewater.treatment-rate";  // builtin, percent
constexpr int kMonthsPerCity = 600;

// `rows` monthly values: city k holds rows k*600 .. k*600+599, months from
// 1990-01 on, values 80..83 in steps of 0.5 (no jump flags).
std::string ValuesCsv(int rows) {
  std::string csv = "city,indicator,period,value,note\n";
  for (int i = 0; i < rows; ++i) {
    const int k = i % kMonthsPerCity;
    fmt::format_to(std::back_inserter(csv), "bench-{:02d},{},{:04d}-{:02d},{},\"row {}\"\n",
                   i / kMonthsPerCity, kIndicator, 1990 + k / 12, k % 12 + 1, 80 + (k % 7) * 0.5,
                   i);
  }
  return csv;
}

// A fresh SQLite database in a temporary directory with the builtin
// catalogue and the cities the CSV names.
class BenchDatabase {
 public:
  BenchDatabase(int cities, Backend backend) {
    const std::string name =
        fmt::format("kinet_values_bench_{}_{}", ::getpid(), reinterpret_cast<std::uintptr_t>(this));
    std::string url;
    if (backend == Backend::kSqlite) {
      dir_ = fs::temp_directory_path() / name;
      fs::create_directories(dir_);
      url = (dir_ / "bench.db").string();
    } else {
      const char* base = std::getenv("KINET_BENCH_PG_URL");
      if (base == nullptr || *base == '\0') {
        error_ = "set KINET_BENCH_PG_URL to a PostgreSQL URL to run the PostgreSQL variant";
        return;
      }
      Result<std::unique_ptr<Database>> admin = OpenDatabase(base, {.max_connections = 1});
      Status made = admin.ok() ? (*admin)->ExecuteScript("CREATE SCHEMA " + name) : admin.status();
      if (!made.ok()) {
        error_ = made.ToString();
        return;
      }
      admin_ = std::move(*admin);
      schema_ = name;
      const std::string b = base;
      url = b + (b.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + name;
    }
    Result<std::unique_ptr<Database>> db = OpenAndMigrate(url);
    if (!db.ok()) {
      error_ = db.status().ToString();
      return;
    }
    db_ = std::move(*db);
    Status s = CountryRepository(*db_)
                   .Upsert({CountryId(), "CN", "China", "中国", "East Asia", "cn-2014"})
                   .status();
    for (int k = 0; s.ok() && k < cities; ++k) {
      City c;
      c.code = fmt::format("bench-{:02d}", k);
      c.country_code = "CN";
      c.name_en = c.code;
      c.name_local = c.code;
      c.time_zone = "Asia/Shanghai";
      s = CityRepository(*db_).Insert(c).status();
    }
    if (s.ok()) s = IndicatorService(*db_).SyncBuiltinCatalogue();
    if (!s.ok()) error_ = s.ToString();
  }
  ~BenchDatabase() {
    db_.reset();
    if (admin_ != nullptr) (void)admin_->ExecuteScript("DROP SCHEMA " + schema_ + " CASCADE");
    if (!dir_.empty()) {
      std::error_code ec;
      fs::remove_all(dir_, ec);
    }
  }
  Database& db() { return *db_; }
  const std::string& error() const { return error_; }
  Status ClearValues() {
    KINET_RETURN_IF_ERROR(db_->Execute("DELETE FROM indicator_values").status());
    return db_->Execute("DELETE FROM audit_log").status();
  }

 private:
  fs::path dir_;                     // SQLite
  std::unique_ptr<Database> admin_;  // PostgreSQL: drops schema_ at the end
  std::string schema_;
  std::unique_ptr<Database> db_;
  std::string error_;
};

void ValuesImport(benchmark::State& state, Backend backend) {
  const int rows = static_cast<int>(state.range(0));
  BenchDatabase bench((rows + kMonthsPerCity - 1) / kMonthsPerCity, backend);
  if (!bench.error().empty()) return state.SkipWithError(bench.error().c_str());
  const std::string csv = ValuesCsv(rows);
  const Principal who = Principal::Operator("bench");
  ImportOptions options;
  options.principal = who;
  IndicatorService service(bench.db());
  for (auto _ : state) {
    state.PauseTiming();
    Status cleared = bench.ClearValues();
    if (!cleared.ok()) return state.SkipWithError(cleared.ToString().c_str());
    state.ResumeTiming();
    Result<ImportReport> r = service.Import(csv, "values.csv", options);
    if (!r.ok()) return state.SkipWithError(r.status().ToString().c_str());
    if (r->inserted != rows) {
      return state.SkipWithError(fmt::format("inserted {} of {} rows; first error: {}", r->inserted,
                                             rows, r->errors.empty() ? "" : r->errors[0].ToString())
                                     .c_str());
    }
  }
  state.SetItemsProcessed(state.iterations() * rows);
}
void BM_ValuesImport(benchmark::State& state) { ValuesImport(state, Backend::kSqlite); }
void BM_ValuesImportPostgres(benchmark::State& state) { ValuesImport(state, Backend::kPostgres); }
BENCHMARK(BM_ValuesImport)->Arg(600)->Arg(10000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ValuesImportPostgres)
    ->Arg(600)
    ->Arg(10000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void ValuesReimport(benchmark::State& state, Backend backend) {
  const int rows = static_cast<int>(state.range(0));
  BenchDatabase bench((rows + kMonthsPerCity - 1) / kMonthsPerCity, backend);
  if (!bench.error().empty()) return state.SkipWithError(bench.error().c_str());
  const std::string csv = ValuesCsv(rows);
  ImportOptions options;
  options.principal = Principal::Operator("bench");
  IndicatorService service(bench.db());
  Result<ImportReport> first = service.Import(csv, "values.csv", options);
  if (!first.ok() || first->inserted != rows) return state.SkipWithError("the first import failed");
  for (auto _ : state) {
    Result<ImportReport> r = service.Import(csv, "values.csv", options);
    if (!r.ok() || r->unchanged != rows) return state.SkipWithError("a row changed");
  }
  state.SetItemsProcessed(state.iterations() * rows);
}
void BM_ValuesReimport(benchmark::State& state) { ValuesReimport(state, Backend::kSqlite); }
void BM_ValuesReimportPostgres(benchmark::State& state) {
  ValuesReimport(state, Backend::kPostgres);
}
BENCHMARK(BM_ValuesReimport)->Arg(600)->Arg(10000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ValuesReimportPostgres)
    ->Arg(600)
    ->Arg(10000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace kinet
