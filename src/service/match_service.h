// Matching (issue 6, "Problems and matching"): for a city and each of its
// problems (service/problem_service.h), rank (a) published practices that
// address the problem's indicator or theme, by the measured evidence behind
// them, (b) mentor cities that improved the same indicator from a similar
// starting level, and (c) peer cities that resemble the city; each result
// carries a sentence saying why. The measures are engine/similarity.h, the
// weights and bands standards/matching/matching.toml (docs/matching.md).
// Shared by `kinet match` and GET /api/v1/cities/{code}/matches.
//
// What each list reads:
// - practices: the published practices of other cities
//   (PracticeService::List, combined evidence level), the evidence of the
//   result on the problem's indicator (PracticeService::Evidence) for the
//   effect size;
// - mentors: every other city's annual series of the problem's indicator
//   (annual_series.h), unpublished values only of cities the caller may
//   read unpublished data of;
// - peers: the registry (population, size class, latitude, country and
//   region) and the latest annual value of each pollution-profile indicator.
// Nothing is stored: a match is recomputed on every call (tens of cities,
// a dozen practices: a few dozen queries).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "engine/similarity.h"
#include "service/matching_config.h"
#include "service/network_service.h"
#include "service/permissions.h"
#include "service/problem_service.h"
#include "store/database.h"

namespace kinet {

struct PracticeMatch {
  int rank = 0;
  std::string code;
  std::string title_en;
  std::string title_local;
  std::string city_code;
  std::string evidence_level;                 // engine/evidence.h code
  std::string relevance;                      // "same-indicator" or "same-theme"
  std::optional<double> improvement_percent;  // of the result on the indicator, > 0 better
  double score = 0.0;
  std::string explanation;
};

struct MentorResult {
  int rank = 0;
  MentorMatch match;
  std::string city_name_en;
  std::string city_name_local;
  std::string indicator_code;
  std::string explanation;
};

struct PeerResult {
  int rank = 0;
  PeerSimilarity similarity;
  std::string city_name_en;
  std::string city_name_local;
  std::string explanation;
};

struct ProblemMatches {
  Problem problem;
  std::vector<PracticeMatch> practices;
  std::vector<MentorResult> mentors;
  std::vector<std::string> notes;  // why a list is empty, when it is
};

struct MatchReport {
  CityProfile city;
  std::optional<int> year;
  bool published_only = false;
  std::vector<ProblemMatches> problems;  // in the profile's order
  std::vector<PeerResult> peers;
  // Facts the issue names that the registry does not hold, and what stands
  // in for them ("income: ...", "climate zone: ...").
  std::vector<std::string> not_used;
  MatchingConfig config;  // the configuration in effect
};

struct MatchQuery {
  std::optional<std::string> problem_code;  // one problem; nullopt: every problem
  std::optional<int> year;                  // as ProblemQuery::year
  std::optional<int> limit;                 // results per list; nullopt: config max_results
  bool use_monitoring = true;               // as ProblemQuery::use_monitoring
};

class MatchService {
 public:
  // `db` must outlive the service and be migrated.
  explicit MatchService(Database& db, MatchingConfig config = DefaultMatchingConfig())
      : db_(db), config_(std::move(config)) {}

  // The matches of the city named by `city` (code or name) as `who` may see
  // them (see the file comment). NotFound for an unknown city, or (field
  // "problem") when `query.problem_code` is not a current problem of the
  // city; InvalidArgument for a malformed problem code, a problem code of
  // another city, a limit outside 1..50 or a year outside 1900..2200.
  Result<MatchReport> Match(const Principal& who, std::string_view city, const MatchQuery& query);

 private:
  Database& db_;
  MatchingConfig config_;
};

}  // namespace kinet
