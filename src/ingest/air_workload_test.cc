// End to end on the library level: tests/data/air/tiny_E.csv.gz read,
// assessed and formatted by KINet must equal, byte for byte, the output of
// the bench's independent reference implementation (ref_naive.py) stored in
// tests/data/air/tiny_E_expected (see the README there for the commands).
#include <gtest/gtest.h>

#include <string>

#include "core/file.h"
#include "engine/air_assessment.h"
#include "engine/aqi.h"
#include "ingest/assessment_csv.h"
#include "ingest/station_hour_csv.h"
#include "rules/aqi_rules.h"

namespace kinet {
namespace {

const std::string kDir = std::string(KINET_TEST_DATA_DIR) + "/air/";

TEST(AirWorkloadTest, TinyAdversarialInputMatchesReferenceImplementation) {
  Result<AqiRuleSet> rules = LoadAqiRuleSet("cn-hj633-2012");
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  const AqiRuleSet& r = *rules;
  const IaqiFunction iaqi = [&r](Pollutant p, Averaging a, double c) {
    return IndividualAqi(r, p, a, c);
  };
  for (int threads : {1, 2}) {
    Result<StationHourData> data = ReadStationHourCsv(kDir + "tiny_E.csv.gz", threads);
    ASSERT_TRUE(data.ok()) << data.status().ToString();
    const AirAssessment out = AssessAir(*data, AirAssessmentRules{}, iaqi, threads);
    Result<std::string> annual = ReadFile(kDir + "tiny_E_expected/annual.csv");
    Result<std::string> aqi = ReadFile(kDir + "tiny_E_expected/aqi.csv");
    ASSERT_TRUE(annual.ok() && aqi.ok());
    EXPECT_EQ(FormatAnnualCsv(out), *annual) << "threads " << threads;
    EXPECT_EQ(FormatAqiCsv(out), *aqi) << "threads " << threads;
  }
}

}  // namespace
}  // namespace kinet
