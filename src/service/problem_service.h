// A city's problem profile (issue 6, "Problems and matching"): the
// indicators that fail the applicable standard, miss their targets or worsen
// significantly, each with a severity and the evidence that produced it.
// Derived from the city's data every time it is asked for (nothing is
// stored), so it always agrees with the values, targets and monitoring data
// of the moment. Shared by `kinet problems`, `kinet match`, the HTTP API
// (GET /cities/{code}/problems, /problems/{code}), assistance requests
// (which link to a problem by its code) and the annual city report.
//
// Where each kind comes from (docs/matching.md "Problem profile"):
// - exceeds-standard: the city's annual air indicators
//   (air.<pollutant>.annual-mean and the other statistics a limit set rates)
//   against the annual limit of the limit set that applies to the city's
//   country (standards/matching/matching.toml [standards]) - reported values
//   only - plus, for a city with monitoring data in the year, every
//   "exceeded" row of its assessment (24-hour percentiles, O3 MDA8 ...), as
//   stored with the city's air indicator values (service/air_values_service.h)
//   when current, else MonitoringService::AssessCityYear.
// - off-track-target: every target whose TargetService progress status is
//   off-track at the evaluation year.
// - worsening: the Mann-Kendall test (engine/trend.h) on the city's annual
//   series of each indicator over the last `window_years`, significant at
//   alpha and in the worsening direction of the indicator.
// Severity rules are engine/problems.h, their thresholds are data
// (matching.toml [problems]).
//
// A problem's code is stable for (city, indicator, kind):
// "<city>:<indicator>:<kind>", e.g. "beijing:air.pm10.annual-mean:exceeds-standard".
// Requests and reports store that text; Find() recomputes the problem.
//
// Usage facts: a city has a few dozen indicator series of 5-30 annual values
// and a handful of targets, so a profile is a few dozen small reads and
// O(n^2) trend tests. The monitoring evidence is read from the stored
// assessment rows (~100 rows and the blocks' checksums) rather than by
// assessing ~3 MB of hourly blocks per request, which cost ~0.3 s for
// Beijing.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/indicator.h"
#include "core/result.h"
#include "engine/problems.h"
#include "engine/progress.h"
#include "service/matching_config.h"
#include "service/network_service.h"
#include "service/permissions.h"
#include "store/database.h"

namespace kinet {

// The parts of a problem code.
struct ProblemKey {
  std::string city_code;
  std::string indicator_code;
  ProblemKind kind = ProblemKind::kExceedsStandard;
  // "<city>:<indicator>:<kind>".
  std::string Code() const;
};

// Parses "<city>:<indicator>:<kind>". InvalidArgument (field "problem") when
// the text has not three parts or the kind is unknown.
Result<ProblemKey> ParseProblemCode(std::string_view code);

// The standard a value was judged against (exceeds-standard).
struct StandardEvidence {
  std::string limit_set;  // "cn-gb3095-2012"
  std::string version;
  std::string level;      // "grade-2"
  std::string statistic;  // "annual-mean", "percentile:day:0.95" ... (the limit row)
  std::string pollutant;  // "PM10"
  double limit = 0.0;
  std::string unit;
  std::string source;  // "GB 3095-2012 Table 1"
  std::string origin;  // "indicator-values" or "monitoring" (where the value came from)
};

// The target a problem misses (off-track-target).
struct TargetEvidence {
  int baseline_year = 0;
  double baseline_value = 0.0;
  int target_year = 0;
  double target_value = 0.0;
  std::optional<double> expected_at_latest;   // straight path at the latest year
  std::optional<double> projected_at_target;  // Theil-Sen line at the target year
  std::string reason;                         // the progress rule that decided
  std::string data_status;                    // "real" or "illustrative"
};

// The trend test behind a worsening (worsening).
struct TrendEvidence {
  int from_year = 0;
  int to_year = 0;
  int n = 0;
  double s = 0.0;
  double z = 0.0;
  double p_value = 1.0;
  double sen_slope = 0.0;               // indicator units per year
  double relative_slope_percent = 0.0;  // 100 x |slope| / median of the series
};

struct Problem {
  std::string code;  // ProblemKey::Code()
  std::string city_code;
  std::string indicator_code;
  std::string indicator_name_en;
  std::string indicator_name_zh;
  Theme theme = Theme::kAir;
  std::string unit;
  Direction direction = Direction::kLowerIsBetter;
  ProblemKind kind = ProblemKind::kExceedsStandard;
  Severity severity = Severity::kLow;
  // The measure the severity bands were applied to (engine/problems.h):
  // the excess over the limit, the shortfall against the target path, or
  // the worsening rate, as a fraction; sorts problems within a severity.
  double severity_score = 0.0;
  std::string severity_rule;    // the rule in words: "excess 21 % >= 20 % (medium)"
  int year = 0;                 // the year judged
  std::optional<double> value;  // the city's value in that year (indicator unit)
  std::string summary;          // one sentence for people
  std::optional<StandardEvidence> standard;
  std::optional<TargetEvidence> target;
  std::optional<TrendEvidence> trend;
  std::vector<YearValue> series;  // the annual values the finding used
  bool illustrative = false;      // rests on illustrative data (e.g. an illustrative target)
};

struct ProblemProfile {
  CityProfile city;
  std::optional<int> year;        // the evaluation year asked for (nullopt: each series' latest)
  bool published_only = false;    // whether unpublished values were left out
  std::vector<Problem> problems;  // by severity (high first), then score, then code
  // What could not be checked and why ("no limit set applies to indicator X",
  // "no monitoring data in 2017").
  std::vector<std::string> notes;
};

struct ProblemQuery {
  // The year judged; nullopt: the latest year of each series (limits and
  // trends), the latest value's year for targets (TargetService's default).
  std::optional<int> year;
  // Assess the city's monitoring data of the year (the latest year with
  // data when `year` is unset) against the limit sets; off in tests that
  // want indicator values only, and on for the CLI and API.
  bool use_monitoring = true;
};

class ProblemService {
 public:
  // `db` must outlive the service and be migrated. `config` holds the
  // severity thresholds and the standards per country (matching_config.h).
  explicit ProblemService(Database& db, MatchingConfig config = DefaultMatchingConfig())
      : db_(db), config_(std::move(config)) {}

  // The problem profile of the city named by `city` (code or name, as
  // NetworkService::FindCity), as `who` may see it: unpublished values are
  // used only when `who` may read them (Action::kReadUnpublished on the
  // city), otherwise published values only. NotFound for an unknown city;
  // InvalidArgument (field "year") for a year outside 1900..2200.
  Result<ProblemProfile> Profile(const Principal& who, std::string_view city,
                                 const ProblemQuery& query = {});

  // The problem with this code, recomputed now. InvalidArgument (field
  // "problem") for a malformed code; NotFound for an unknown city, or when
  // the city's data no longer shows that problem.
  Result<Problem> Find(const Principal& who, std::string_view code, const ProblemQuery& query = {});

  const MatchingConfig& config() const { return config_; }

 private:
  Database& db_;
  MatchingConfig config_;
};

}  // namespace kinet
