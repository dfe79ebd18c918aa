// Fuzz target: the fast station-hour CSV reader and its one-pass assessment
// (ingest/station_hour_csv.h).
// Invariants: an error names the file, line and column (field set); the
// one-pass assessment, the assessment of the dense arrays, and both cut into
// small chunks on two threads give the same annual.csv and aqi.csv, or the
// same error.
#include <string>

#include "engine/aqi.h"
#include "fuzz_check.h"
#include "ingest/assessment_csv.h"
#include "ingest/station_hour_csv.h"
#include "rules/aqi_rules.h"

namespace kinet::fuzz {
namespace {

constexpr std::string_view kSource = "fuzz.csv";

const AqiRuleSet& Rules() {
  static const AqiRuleSet rules = [] {
    Result<AqiRuleSet> r = LoadAqiRuleSet("cn-hj633-2012");
    if (!r.ok()) Fail("cannot load cn-hj633-2012", r.status().ToString());
    return *r;
  }();
  return rules;
}

std::string Outcome(const Result<StationHourAssessment>& r) {
  if (!r.ok()) return "error " + r.status().ToString() + " field " + r.status().field();
  return FormatAnnualCsv(r->assessment) + FormatAqiCsv(r->assessment);
}

}  // namespace
}  // namespace kinet::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace kinet;
  using namespace kinet::fuzz;
  if (size > 64 * 1024) return 0;  // dense arrays are ~0.4 MB per station-year
  const std::string_view text = AsText(data, size);
  const AqiRuleSet& rules = Rules();
  const IaqiFunction iaqi = [&rules](Pollutant p, Averaging a, double c) {
    return IndividualAqi(rules, p, a, c);
  };
  Result<StationHourData> parsed = ParseStationHourCsv(text, kSource, 1);
  Result<StationHourData> parsed2 = ParseStationHourCsv(text, kSource, 2);
  KINET_FUZZ_CHECK(parsed.ok() == parsed2.ok(), "one and two threads disagree");
  if (!parsed.ok()) {
    CheckFieldError(parsed.status(), std::string(kSource) + ":");
    CheckFileError(parsed.status(), kSource);
    KINET_FUZZ_CHECK(parsed.status() == parsed2.status(),
                     parsed.status().ToString() + " vs " + parsed2.status().ToString());
  }
  const Result<StationHourAssessment> one = AssessStationHourText(text, kSource, {}, iaqi, 1);
  const Result<StationHourAssessment> chunked =
      AssessStationHourText(text, kSource, {}, iaqi, 2, 16);
  KINET_FUZZ_CHECK(one.ok() == parsed.ok(), Outcome(one));
  KINET_FUZZ_CHECK(Outcome(one) == Outcome(chunked),
                   Outcome(one) + "\nvs chunked\n" + Outcome(chunked));
  if (parsed.ok()) {
    const AirAssessment dense = AssessAir(*parsed, AirAssessmentRules{}, iaqi, 1);
    const std::string expected = FormatAnnualCsv(dense) + FormatAqiCsv(dense);
    KINET_FUZZ_CHECK(Outcome(one) == expected, Outcome(one) + "\nvs dense\n" + expected);
  } else {
    KINET_FUZZ_CHECK(one.status() == parsed.status(),
                     one.status().ToString() + " vs " + parsed.status().ToString());
  }
  return 0;
}
