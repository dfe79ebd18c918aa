// Fuzz target: the import of indicator values (service/indicator_service.h
// IndicatorService::Import), CSV or XLSX, into a real SQLite database.
//
// Input: byte 0 even = the rest is a .csv file, odd = an .xlsx file.
// Invariants: the import is a transaction (a refused file leaves the stored
// values as they were); every refused row names the file and its line, and
// a column when the problem is a cell; a file-level error names the file.
#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "fuzz_check.h"
#include "service/indicator_service.h"
#include "store/migrations.h"
#include "store/registry_repository.h"

namespace kinet::fuzz {
namespace {

// A migrated database in a temporary directory with China, Beijing and
// Tianjin and the builtin catalogue, opened once per process and removed at
// exit.
struct FuzzDatabase {
  std::filesystem::path dir;
  std::unique_ptr<Database> db;
  ~FuzzDatabase() {
    db.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

Database& Db() {
  namespace fs = std::filesystem;
  static FuzzDatabase h;
  if (h.db == nullptr) {
    h.dir =
        fs::temp_directory_path() / ("kinet-fuzz-values-" + std::to_string(std::random_device()()));
    fs::create_directories(h.dir);
    Result<std::unique_ptr<Database>> opened =
        OpenAndMigrate("sqlite:" + (h.dir / "f.db").string());
    if (!opened.ok()) Fail("cannot open the database", opened.status().ToString());
    Status s = ToStatus(CountryRepository(**opened).Upsert(
        {CountryId(), "CN", "China", "中国", "East Asia", "cn-2014"}));
    for (const char* code : {"beijing", "tianjin"}) {
      City c;
      c.code = code;
      c.country_code = "CN";
      c.name_en = code;
      c.time_zone = "Asia/Shanghai";
      if (s.ok()) s = CityRepository(**opened).Insert(c).status();
    }
    if (s.ok()) s = IndicatorService(**opened).SyncBuiltinCatalogue();
    if (!s.ok()) Fail("cannot seed the database", s.ToString());
    h.db = std::move(opened).value();
  }
  return *h.db;
}

// Every stored value as text, to compare before and after a refused import.
std::string Snapshot(IndicatorService& service) {
  Result<std::vector<IndicatorValue>> values = service.ListValues({});
  KINET_FUZZ_CHECK(values.ok(), values.status().ToString());
  std::string out;
  for (const IndicatorValue& v : *values) {
    out += ValueCsvLine(v, "");
  }
  return out;
}

}  // namespace
}  // namespace kinet::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace kinet;
  using namespace kinet::fuzz;
  if (size < 1 || size > 256 * 1024) return 0;
  const std::string file = (data[0] & 1) ? "fuzz.xlsx" : "fuzz.csv";
  IndicatorService service(Db());
  const std::string before = Snapshot(service);
  Result<ImportReport> report = service.Import(AsText(data + 1, size - 1), file, {});
  if (!report.ok()) {
    CheckParseError(report.status(), file);
    KINET_FUZZ_CHECK(Snapshot(service) == before, "a refused file changed the stored values");
    return 0;
  }
  if (!report->committed()) {
    KINET_FUZZ_CHECK(Snapshot(service) == before, "a refused import changed the stored values");
    KINET_FUZZ_CHECK(report->inserted == 0 && report->updated == 0, "refused but counted");
  }
  for (const ImportRowError& e : report->errors) {
    KINET_FUZZ_CHECK(e.file == file, e.ToString());
    KINET_FUZZ_CHECK(e.line >= 2, e.ToString());
    KINET_FUZZ_CHECK(e.location.starts_with(file), e.ToString());
    KINET_FUZZ_CHECK(!e.reason.empty(), e.ToString());
  }
  KINET_FUZZ_CHECK(report->inserted + report->updated + report->unchanged <= report->rows,
                   "more values stored than rows read");
  return 0;
}
