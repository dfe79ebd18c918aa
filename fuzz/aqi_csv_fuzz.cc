// Fuzz target: `kinet aqi`'s CSV transformation (rules/aqi_csv.h) under the
// HJ 633-2012 and US EPA 2024 rule sets.
//
// Input: byte 0 chooses the options (bit 0 hourly, bit 1 EPA rules, bit 2
// --units CO=ug/m3,SO2=ppb); the rest is the CSV.
// Invariants: an error names the file; the output is a CSV with exactly as
// many records as the input, all as wide as its header, each starting with
// the input record unchanged.
#include <string>
#include <vector>

#include "core/csv.h"
#include "fuzz_check.h"
#include "rules/aqi_csv.h"
#include "rules/aqi_rules.h"

namespace kinet::fuzz {
namespace {

const AqiRuleSet& Rules(bool epa) {
  static const AqiRuleSet hj = [] {
    Result<AqiRuleSet> r = LoadAqiRuleSet("cn-hj633-2012");
    if (!r.ok()) Fail("cannot load cn-hj633-2012", r.status().ToString());
    return *r;
  }();
  static const AqiRuleSet us = [] {
    Result<AqiRuleSet> r = LoadAqiRuleSet("us-epa-aqi-2024");
    if (!r.ok()) Fail("cannot load us-epa-aqi-2024", r.status().ToString());
    return *r;
  }();
  return epa ? us : hj;
}

// The records of `text`, or nullopt when it is not valid CSV.
std::optional<std::vector<std::vector<std::string>>> Records(std::string_view text) {
  CsvReader reader(text, "x.csv");
  std::vector<std::vector<std::string>> out;
  std::vector<std::string> fields;
  while (true) {
    Result<bool> more = reader.Next(fields);
    if (!more.ok()) return std::nullopt;
    if (!*more) return out;
    out.push_back(fields);
  }
}

}  // namespace
}  // namespace kinet::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace kinet;
  using namespace kinet::fuzz;
  if (size < 1 || size > 64 * 1024) return 0;
  const std::string_view text = AsText(data + 1, size - 1);
  AqiCsvOptions options;
  if (data[0] & 1) options.mode = AqiReportMode::kHourly;
  if (data[0] & 4) {
    Result<std::vector<AqiUnitOverride>> units = ParseAqiUnitOverrides("CO=ug/m3,SO2=ppb");
    KINET_FUZZ_CHECK(units.ok(), units.status().ToString());
    options.units = *units;
  }
  Result<std::string> out = TransformAqiCsv(text, "fuzz.csv", Rules(data[0] & 2), options);
  if (!out.ok()) {
    CheckParseError(out.status(), "fuzz.csv");
    return 0;
  }
  std::optional<std::vector<std::vector<std::string>>> in_records = Records(text);
  std::optional<std::vector<std::vector<std::string>>> out_records = Records(*out);
  KINET_FUZZ_CHECK(in_records.has_value(), "accepted input that is not CSV");
  KINET_FUZZ_CHECK(out_records.has_value(), "wrote output that is not CSV:\n" + *out);
  KINET_FUZZ_CHECK(out_records->size() == in_records->size(), *out);
  for (std::size_t i = 0; i < out_records->size(); ++i) {
    KINET_FUZZ_CHECK((*out_records)[i].size() == (*out_records)[0].size(), *out);
    // Every input column is kept, in place.
    for (std::size_t c = 0; c < (*in_records)[i].size(); ++c) {
      KINET_FUZZ_CHECK((*out_records)[i][c] == (*in_records)[i][c], *out);
    }
  }
  return 0;
}
