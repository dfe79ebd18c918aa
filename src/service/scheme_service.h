// Use cases of assessment schemes: list the schemes, score every city with
// data for a scheme and year (totals, per-item points with the value and
// threshold behind them, missing items, ranks, designation and the failed
// criteria), and compare two years of one city. Shared by the CLI and
// the HTTP API (the methods taking a Principal).
//
// Where the values come from: the indicator values repository, annual
// periods only, the reported value preferred over a computed one, every
// status (as target_service.h; published_only for public views). An item
// measured as "level" takes the value of the scored year; a
// "change-percent" item takes the improvement from year Y - N to Y,
// 100 x (v_Y - v_{Y-N}) / |v_{Y-N}|, sign-flipped for lower-is-better, and
// is missing when either value is missing or v_{Y-N} is 0. A city is scored
// when it has at least one item value for the year; ranks are over those
// cities (competition ranking, engine/scoring.h), so a city with many
// missing items ranks low rather than disappearing, and its missing items
// are listed.
//
// Every scoring is also written to scheme_scores (one row per city, the
// per-item detail as JSON), replacing the previous result of that scheme,
// version and year, so past results can be listed without rescoring.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "engine/scoring.h"
#include "rules/scheme_loader.h"
#include "service/permissions.h"
#include "store/database.h"

namespace kinet {

struct SchemeYearScores {
  Scheme scheme;
  int year = 0;
  std::vector<CityScore> scores;  // ranked (RankScores order)
};

struct SchemeScoreOptions {
  bool published_only = false;
  bool store = true;  // write the result to scheme_scores
};

class SchemeService {
 public:
  // `db` must outlive the service and be migrated (OpenAndMigrate).
  explicit SchemeService(Database& db, SchemeLoadOptions options = DefaultSchemeLoadOptions())
      : db_(db), options_(std::move(options)) {}

  // Every available scheme, sorted by id.
  Result<std::vector<Scheme>> List();

  // Scores every city with data for `scheme_id` in `year` (see the file
  // comment). NotFound for an unknown scheme; InvalidArgument from a broken
  // scheme file.
  Result<SchemeYearScores> Score(std::string_view scheme_id, int year,
                                 const SchemeScoreOptions& options = {});

  // What changed for `city_code` between two years, item by item, with the
  // totals and ranks of both years. NotFound for an unknown scheme or city;
  // InvalidArgument when from >= to.
  Result<ScoreComparison> Compare(std::string_view scheme_id, std::string_view city_code, int from,
                                  int to, const SchemeScoreOptions& options = {});

  // Score as `who` sees it, computed on request and not stored: from every
  // value for a principal who may read every city's unpublished data (the
  // secretariat, the operator), from published values for everyone else (a
  // ranking mixes cities, so it is computed from data all of them may see).
  Result<SchemeYearScores> Score(const Principal& who, std::string_view scheme_id, int year);

  // Compare as `who` sees it: published values only unless `who` may read
  // the city's unpublished data. Not stored.
  Result<ScoreComparison> Compare(const Principal& who, std::string_view scheme_id,
                                  std::string_view city_code, int from, int to);

 private:
  Database& db_;
  SchemeLoadOptions options_;
};

// The per-item detail of one city's score as JSON text (the scheme_scores
// detail column and `kinet scheme score --format json`): total, rank,
// categories, items with value, points, threshold and met, missing items,
// designation with failed criteria.
std::string CityScoreJson(const Scheme& scheme, const CityScore& score);

}  // namespace kinet
