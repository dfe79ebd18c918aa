// Fuzz target: the generic CSV reader (core/csv.h).
// Invariants: an error names the source and line; a parsed input written
// back with CsvLine reads back as the same records; CsvTable's typed getters
// either succeed or return an error naming the column.
#include <cmath>
#include <string>
#include <vector>

#include "core/csv.h"
#include "fuzz_check.h"

namespace kinet::fuzz {
namespace {

constexpr std::string_view kSource = "fuzz.csv";

void CheckRoundTrip(const std::vector<std::vector<std::string>>& records) {
  // A writer that starts with a byte-order mark: the reader skips exactly one.
  std::string text = "\xEF\xBB\xBF";
  for (const std::vector<std::string>& r : records) text += CsvLine(r) + "\r\n";
  CsvReader again(text, "again.csv");
  std::vector<std::string> fields;
  for (const std::vector<std::string>& expected : records) {
    Result<bool> more = again.Next(fields);
    KINET_FUZZ_CHECK(more.ok(), more.status().ToString());
    KINET_FUZZ_CHECK(*more, "a record was lost in the round trip");
    KINET_FUZZ_CHECK(fields == expected, CsvLine(fields) + " != " + CsvLine(expected));
  }
  Result<bool> end = again.Next(fields);
  KINET_FUZZ_CHECK(end.ok() && !*end, "the round trip added a record");
}

void CheckTable(std::string_view text) {
  Result<CsvTable> table = CsvTable::Open(text, std::string(kSource), {"id"});
  if (!table.ok()) return CheckParseError(table.status(), kSource);
  int last_line = 0;
  while (true) {
    Result<bool> more = table->Next();
    if (!more.ok()) return CheckParseError(more.status(), kSource);
    if (!*more) break;
    KINET_FUZZ_CHECK(table->line() > last_line, "line numbers must grow");
    last_line = table->line();
    for (const std::string& column : table->header().names()) {
      if (column.empty()) continue;  // callers ask for columns by name
      if (Result<std::optional<double>> d = table->Double(column); !d.ok()) {
        CheckFieldError(d.status(), kSource);
        KINET_FUZZ_CHECK(d.status().field() == column, d.status().ToString());
      } else if (*d) {
        KINET_FUZZ_CHECK(std::isfinite(**d), "Double returned a non-finite number");
      }
      if (Result<std::optional<std::int64_t>> n = table->Int(column); !n.ok()) {
        CheckFieldError(n.status(), kSource);
      }
    }
  }
}

}  // namespace
}  // namespace kinet::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace kinet;
  using namespace kinet::fuzz;
  const std::string_view text = AsText(data, size);
  CsvReader reader(text, std::string(kSource));
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> fields;
  int last_line = 0;
  while (true) {
    Result<bool> more = reader.Next(fields);
    if (!more.ok()) {
      CheckParseError(more.status(), std::string(kSource) + ":");
      records.clear();
      break;
    }
    if (!*more) break;
    KINET_FUZZ_CHECK(reader.line() > last_line, reader.Where());
    last_line = reader.line();
    KINET_FUZZ_CHECK(!fields.empty(), "a record has at least one field");
    records.push_back(fields);
  }
  if (!records.empty()) CheckRoundTrip(records);
  CheckTable(text);
  return 0;
}
