// Fuzz targets: the loaders of the TOML rule files (rules/ and
// service/matching_config.h). One source, built once per loader with
// KINET_FUZZ_RULES set to:
//   1 AQI rule set      2 limit set            3 assessment scheme
//   4 indicator catalogue  5 practice taxonomy  6 practice file
//   7 matching configuration
// Invariants: an error names the file ("<source>:<line>: <key>: ..."); what
// a loader accepts passes the engine's own validation of that value.
#include <string>

#include "engine/aqi.h"
#include "engine/scoring.h"
#include "fuzz_check.h"
#include "rules/aqi_rules.h"
#include "rules/indicator_catalogue.h"
#include "rules/limit_sets.h"
#include "rules/practice_file.h"
#include "rules/scheme_loader.h"
#if KINET_FUZZ_RULES == 7
#include "service/matching_config.h"
#endif

#ifndef KINET_FUZZ_RULES
#error "define KINET_FUZZ_RULES (1..7)"
#endif

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace kinet;
  using namespace kinet::fuzz;
  if (size > 128 * 1024) return 0;
  const std::string_view text = AsText(data, size);
  const std::string_view source = "fuzz.toml";
  Status error;
#if KINET_FUZZ_RULES == 1
  for (bool unconfirmed : {false, true}) {
    bool default_for_dates = false;
    Result<AqiRuleSet> r = ParseAqiRuleSet(text, source, unconfirmed, &default_for_dates);
    if (!r.ok()) {
      error = r.status();
      break;
    }
    const Status valid = ValidateAqiRuleSet(*r);
    KINET_FUZZ_CHECK(valid.ok(), valid.ToString());
    for (Pollutant p : kAqiPollutants) {
      for (Averaging a : {Averaging::kHour, Averaging::kEightHour, Averaging::kDay}) {
        for (double c : {0.0, 1.0, 35.5, 150.0, 1e4}) (void)IndividualAqi(*r, p, a, c);
      }
    }
  }
#elif KINET_FUZZ_RULES == 2
  Result<LimitSet> r = ParseLimitSet(text, source);
  if (!r.ok()) error = r.status();
#elif KINET_FUZZ_RULES == 3
  Result<Scheme> r = ParseScheme(text, source);
  if (!r.ok()) {
    error = r.status();
  } else {
    const Status valid = ValidateScheme(*r);
    KINET_FUZZ_CHECK(valid.ok(), valid.ToString());
  }
#elif KINET_FUZZ_RULES == 4
  Result<IndicatorCatalogue> r = ParseIndicatorCatalogue(text, source);
  if (!r.ok()) {
    error = r.status();
  } else {
    for (const Indicator& i : r->indicators) {
      const Status valid = ValidateIndicator(i);
      KINET_FUZZ_CHECK(valid.ok(), valid.ToString());
    }
  }
#elif KINET_FUZZ_RULES == 5
  Result<PracticeTaxonomy> r = ParsePracticeTaxonomy(text, source);
  if (!r.ok()) error = r.status();
#elif KINET_FUZZ_RULES == 6
  Result<std::vector<PracticeFileEntry> > r = ParsePracticeFile(text, source);
  if (!r.ok()) {
    error = r.status();
  } else {
    for (const PracticeFileEntry& e : *r) {
      KINET_FUZZ_CHECK(e.line >= 1, e.practice.code);
      KINET_FUZZ_CHECK(e.adoptions.size() == e.adoption_lines.size(), e.practice.code);
    }
  }
#elif KINET_FUZZ_RULES == 7
  Result<MatchingConfig> r = ParseMatchingConfig(text, source);
  if (!r.ok()) error = r.status();
#else
#error "KINET_FUZZ_RULES out of range"
#endif
  if (!error.ok()) CheckParseError(error, source);
  return 0;
}
