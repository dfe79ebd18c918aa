// End to end on the library level: tests/data/air/tiny_E.csv.gz read,
// assessed and formatted by KINet must equal, byte for byte, the output of
// the bench's independent reference implementation (ref_naive.py) stored in
// tests/data/air/tiny_E_expected (see the README there for the commands).
// The same input in date order goes through the one-pass assessment
// (AssessStationHourText), cut into chunks at arbitrary line boundaries.
#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

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

IaqiFunction Hj633Iaqi(const AqiRuleSet& r) {
  return [&r](Pollutant p, Averaging a, double c) { return IndividualAqi(r, p, a, c); };
}

std::string Gunzip(const std::string& path) {
  gzFile f = gzopen(path.c_str(), "rb");
  std::string out;
  char buf[1 << 16];
  int n = 0;
  while (f != nullptr && (n = gzread(f, buf, sizeof buf)) > 0)
    out.append(buf, static_cast<std::size_t>(n));
  if (f != nullptr) gzclose(f);
  return out;
}

// The rows of `text` (header kept first) stably sorted by date: the order of
// a network export, with the shuffled order kept inside each date.
std::string SortedByDate(const std::string& text) {
  std::vector<std::string_view> rows;
  std::size_t pos = text.find('\n') + 1;
  const std::string_view header(text.data(), pos);
  while (pos < text.size()) {
    const std::size_t nl = text.find('\n', pos);
    rows.emplace_back(text.data() + pos, nl + 1 - pos);
    pos = nl + 1;
  }
  auto date = [](std::string_view row) {
    const std::size_t c2 = row.find(',', row.find(',') + 1);
    return row.substr(c2 + 1, 10);
  };
  std::stable_sort(rows.begin(), rows.end(),
                   [&](std::string_view a, std::string_view b) { return date(a) < date(b); });
  std::string out(header);
  for (std::string_view r : rows) out += r;
  return out;
}

TEST(AirWorkloadTest, OnePassOnDateOrderedInputMatchesReferenceImplementation) {
  Result<AqiRuleSet> rules = LoadAqiRuleSet("cn-hj633-2012");
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  const IaqiFunction iaqi = Hj633Iaqi(*rules);
  const std::string text = SortedByDate(Gunzip(kDir + "tiny_E.csv.gz"));
  ASSERT_GT(text.size(), 100000u);
  Result<std::string> annual = ReadFile(kDir + "tiny_E_expected/annual.csv");
  Result<std::string> aqi = ReadFile(kDir + "tiny_E_expected/aqi.csv");
  ASSERT_TRUE(annual.ok() && aqi.ok());
  // 1 thread; 2, 3 and 7 chunks of ~4 KB minimum: the cuts fall inside dates
  // and inside station-days, which the chunks' first and last dates merge.
  for (int threads : {1, 2, 3, 7}) {
    Result<StationHourAssessment> r =
        AssessStationHourText(text, "sorted_E.csv", AirAssessmentRules{}, iaqi, threads, 4096);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_TRUE(r->one_pass) << r->fallback_reason;
    EXPECT_EQ(FormatAnnualCsv(r->assessment), *annual) << "threads " << threads;
    EXPECT_EQ(FormatAqiCsv(r->assessment), *aqi) << "threads " << threads;
  }
}

TEST(AirWorkloadTest, InputNotInDateOrderIsAssessedThroughDenseArrays) {
  Result<AqiRuleSet> rules = LoadAqiRuleSet("cn-hj633-2012");
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  const IaqiFunction iaqi = Hj633Iaqi(*rules);
  const std::string text = Gunzip(kDir + "tiny_E.csv.gz");  // rows shuffled
  Result<std::string> annual = ReadFile(kDir + "tiny_E_expected/annual.csv");
  ASSERT_TRUE(annual.ok());
  for (int threads : {1, 3}) {
    Result<StationHourAssessment> r =
        AssessStationHourText(text, "E.csv", AirAssessmentRules{}, iaqi, threads, 4096);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_FALSE(r->one_pass);
    EXPECT_EQ(r->fallback_reason, "the rows are not in date order");
    EXPECT_EQ(FormatAnnualCsv(r->assessment), *annual) << "threads " << threads;
  }
}

TEST(AirWorkloadTest, OnePassReportsTheErrorsOfTheReader) {
  Result<AqiRuleSet> rules = LoadAqiRuleSet("cn-hj633-2012");
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  const IaqiFunction iaqi = Hj633Iaqi(*rules);
  const std::string sorted = SortedByDate(Gunzip(kDir + "tiny_E.csv.gz"));
  const std::size_t first_end = sorted.find('\n', sorted.find('\n') + 1);
  const std::string first_row = sorted.substr(sorted.find('\n') + 1, first_end - sorted.find('\n'));
  const std::size_t mid = sorted.find('\n', sorted.size() / 2) + 1;
  const std::vector<std::string> bad = {
      // the first row again, right after itself: a pair given twice on one date
      sorted.substr(0, first_end + 1) + first_row + sorted.substr(first_end + 1),
      // a value that is not a number in the middle (a later chunk)
      sorted.substr(0, mid) + "0001A,C01,2024-06-01 00:00,1,2,x,4,5,6\n" + sorted.substr(mid),
  };
  for (const std::string& text : bad) {
    const Status expected = ParseStationHourCsv(text, "bad.csv", 1).status();
    ASSERT_FALSE(expected.ok());
    for (int threads : {1, 3}) {
      Result<StationHourAssessment> r =
          AssessStationHourText(text, "bad.csv", AirAssessmentRules{}, iaqi, threads, 4096);
      ASSERT_FALSE(r.ok());
      EXPECT_EQ(r.status().message(), expected.message()) << "threads " << threads;
      EXPECT_EQ(r.status().field(), expected.field());
    }
  }
}

}  // namespace
}  // namespace kinet
