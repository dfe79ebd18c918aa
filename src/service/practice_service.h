// Use cases of best practices (issue 6, DESIGN.md §2.2): write, submit,
// review and publish practices; search them in full text (English and the
// local language, Chinese included) with facets; compute the evidence of
// their quantified results from the cities' measured series; analyse which
// themes and measure types show measured improvement; record uptake. Shared
// by the CLI (cli/practice_command.cc) and the HTTP API
// (http/practice_routes.cc), and used by matching (issue 6, second part),
// pilots (a completed pilot becomes a practice; pilots reuse MeasureChange)
// and the annual city report (a city's practices).
//
// Permissions (service/permissions.h, block "practices"):
//   read a published practice, search, evidence     anyone (the public)
//   read an unpublished practice                    kReadPractice on its city
//   create, update (draft only), submit             kWritePractice on its city
//   review (accept / revise / comment)              kReviewPractice (secretariat, expert)
//   publish, withdraw                               kPublishPractice (secretariat)
//   record an adoption                              kWritePractice on the adopting city
//   import a file                                   kPublishPractice (secretariat, operator)
// The public (and a user without rights on the city) sees only published
// practices: an unpublished one is NotFound for them, never PermissionDenied,
// so its existence does not leak. Every change writes the audit log (entity
// "practice", entity_id the code) in the transaction of the change.
//
// Evidence is computed on demand (engine/evidence.h) from the stored values
// of every status when the caller may read unpublished data of the city,
// published values only otherwise; comparison cities are the other cities of
// the same country, or when fewer than EvidenceOptions::min_comparison_cities
// of them have data, the cities of the same size class.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/indicator.h"
#include "core/practice.h"
#include "core/result.h"
#include "engine/evidence.h"
#include "engine/progress.h"
#include "service/permissions.h"
#include "store/database.h"

namespace kinet {

// The taxonomy compiled into the binary (standards/practices/taxonomy.toml),
// parsed once. Never fails for the shipped file (a test pins it).
const PracticeTaxonomy& BuiltinPracticeTaxonomy();

// Checks a practice before it is stored: code (lower-case slug), city,
// titles (title_en required), start/end years, taxonomy codes of themes and
// measure types (at least one each), each result's indicator code and year
// spans (before ends before after starts), data status. InvalidArgument
// naming the field ("themes[1]", "results[0].before" ...). City and
// indicator existence are checked by the service against the store.
Status ValidatePractice(const Practice& practice, const PracticeTaxonomy& taxonomy);

// Filters of List and Search; unset members do not filter. Facet values are
// codes: theme and measure type of the taxonomy, ISO country code, size-class
// code (engine/city_size.h), evidence level code.
struct PracticeQuery {
  std::optional<PracticeStatus> status;  // the public always gets published only
  std::optional<std::string> city_code;
  std::optional<std::string> country_code;
  std::optional<std::string> region;  // "East Asia" ...
  std::optional<std::string> theme;
  std::optional<std::string> measure_type;
  std::optional<std::string> size_class;
  std::optional<int> year_from;  // practices active in [year_from, year_to]
  std::optional<int> year_to;
  std::optional<EvidenceLevel> evidence_level;
  std::optional<std::string> indicator_code;  // practices with a result on this indicator
};

// A practice as lists show it: the record plus what facets need.
struct PracticeSummary {
  Practice practice;
  std::string country_code;
  std::string region;
  std::string city_name_en;
  std::string city_name_local;
  std::optional<std::string> size_class;                  // code, nullopt when unknown
  EvidenceLevel evidence_level = EvidenceLevel::kNoData;  // CombineEvidenceLevels of the results
  double score = 0.0;  // search relevance (higher is better); 0 in List
};

// Counts of the hits per facet value, for the search screen.
struct FacetCount {
  std::string value;
  std::int64_t count = 0;
};
struct PracticeFacets {
  std::vector<FacetCount> theme;
  std::vector<FacetCount> measure_type;
  std::vector<FacetCount> country;
  std::vector<FacetCount> size_class;
  std::vector<FacetCount> evidence_level;
  std::vector<FacetCount> start_year;  // by decade: "1970s", "2010s"
};

// Which language's text a search looks in.
enum class SearchLanguage : std::uint8_t {
  kAny,    // English and local text
  kEn,     // title_en, summary_en and the other English fields
  kLocal,  // title_local, summary_local ("zh" on the CLI)
};

struct PracticeSearch {
  std::string text;  // words; Chinese (or Japanese) text needs no spaces
  SearchLanguage language = SearchLanguage::kAny;
  PracticeQuery filters;
};

struct PracticeSearchResult {
  std::vector<PracticeSummary> hits;  // best first; ties by code
  PracticeFacets facets;              // counted over the hits (after the filters)
};

// The evidence of one quantified result: the inputs shown with the outcome.
struct ResultEvidence {
  PracticeResult result;
  std::string indicator_name_en;
  std::string unit;
  Direction direction = Direction::kLowerIsBetter;
  std::vector<YearValue> series;                 // the city's annual values used
  std::vector<std::string> series_source_kinds;  // "reported"/"computed", per value of `series`
  std::string comparison_basis;                  // "country CN" or "size class cn-megacity"
  Evidence evidence;
};

struct PracticeEvidence {
  std::string practice_code;
  std::string city_code;
  EvidenceLevel level = EvidenceLevel::kNoData;  // combined
  std::vector<ResultEvidence> results;           // in the practice's order
};

// Analysis across practices (issue 6): for each group (a theme, a measure
// type, by size class or region), how many published practices and results
// show each evidence level.
struct AnalysisRow {
  std::string dimension;  // "theme", "measure_type"
  std::string value;      // "air", "policy"
  std::string by;         // "all", "size_class", "region"
  std::string by_value;   // "" for "all", else e.g. "cn-megacity", "East Asia"
  int practices = 0;
  int measured_improvement = 0;  // practices at each combined level
  int not_distinguishable = 0;
  int worse_than_peers = 0;
  int no_data = 0;
  std::optional<double> median_improvement_percent;  // of results with data, sign: > 0 better
};
struct UptakeRow {
  std::string practice_code;
  std::string practice_city;
  std::vector<PracticeAdoption> adoptions;  // by year
};
struct PracticeAnalysis {
  std::vector<AnalysisRow> rows;
  std::vector<UptakeRow> uptake;  // practices with at least one adoption
};

// What Import did.
struct PracticeImportSummary {
  int inserted = 0;
  int updated = 0;
  int adoptions = 0;
  std::vector<std::string> codes;  // in file order
};

class PracticeService {
 public:
  // `db` must outlive the service and be migrated (OpenAndMigrate).
  explicit PracticeService(Database& db) : db_(db) {}

  // Stores a new practice as a draft (status, id and timestamps of
  // `practice` are ignored). AlreadyExists for a taken code;
  // InvalidArgument from ValidatePractice or naming "city_code" /
  // "results[i].indicator_code" when unknown; Unauthenticated /
  // PermissionDenied without kWritePractice on the city.
  Result<Practice> Create(const Principal& who, const Practice& practice);
  // Create in two steps, for a caller that writes more in the same
  // transaction (PilotService::ToPractice creates the practice and links it
  // to its pilot, both or neither): CheckCreate runs every check of Create
  // (permission, ValidatePractice, references) without writing, before the
  // transaction; InsertDraft stores the checked practice as a draft on `tx`,
  // a transaction of this service's database that the caller holds, and
  // fails AlreadyExists for a taken code.
  Status CheckCreate(const Principal& who, const Practice& practice);
  Result<Practice> InsertDraft(Executor& tx, const Principal& who, const Practice& practice);

  // Replaces the content of the practice `code` (the code and city cannot
  // change). Only drafts can be edited by their city; the secretariat may
  // edit any status. Conflict when not a draft; errors as Create.
  Result<Practice> Update(const Principal& who, std::string_view code, const Practice& practice);

  // The practice `code`. NotFound when none, or when it is unpublished and
  // `who` may not read its city's unpublished practices.
  Result<Practice> Get(const Principal& who, std::string_view code);
  // As Get, with the city, size class and combined evidence level (the
  // shape of one practice in the API and `kinet practice show`).
  Result<PracticeSummary> Describe(const Principal& who, std::string_view code);

  // Practices matching `query` that `who` may read, ordered by code.
  Result<std::vector<PracticeSummary>> List(const Principal& who, const PracticeQuery& query = {});

  // draft → submitted (kWritePractice). Conflict for a refused transition.
  Result<Practice> Submit(const Principal& who, std::string_view code);
  // Records a review with its comment; kAccept moves submitted → reviewed,
  // kRevise moves submitted → draft, kComment changes nothing.
  // InvalidArgument (field "comment") when a revise has no comment.
  // Conflict for a refused transition; PermissionDenied without kReviewPractice.
  Result<Practice> Review(const Principal& who, std::string_view code, ReviewVerdict verdict,
                          std::string_view comment);
  // reviewed → published (kPublishPractice); sets published_at.
  Result<Practice> Publish(const Principal& who, std::string_view code);
  // published or reviewed → draft (kPublishPractice), with a reason kept as a comment.
  Result<Practice> Withdraw(const Principal& who, std::string_view code, std::string_view reason);

  // The reviews of `code`, oldest first (same visibility as Get).
  Result<std::vector<PracticeReview>> Reviews(const Principal& who, std::string_view code);

  // Full-text search with facets, ranked (docs/practices.md, "Search").
  // An empty text lists (filtered) practices by code. InvalidArgument
  // (field "q") when the text holds no searchable word.
  Result<PracticeSearchResult> Search(const Principal& who, const PracticeSearch& search);

  // The evidence of every quantified result of `code` (same visibility as Get).
  Result<PracticeEvidence> Evidence(const Principal& who, std::string_view code,
                                    const EvidenceOptions& options = {});

  // The evidence of a change of `indicator_code` in `city_code` between the
  // spans, comparison cities chosen as for practices (used by pilots).
  // NotFound for an unknown city or indicator.
  Result<ResultEvidence> MeasureChange(const Principal& who, std::string_view city_code,
                                       const PracticeResult& result, int start_year,
                                       const EvidenceOptions& options = {});

  // Analysis across the published practices.
  Result<PracticeAnalysis> Analysis(const Principal& who);

  // Records that `adoption.city_code` adopted the (published) practice in
  // `adoption.year`. kWritePractice on the adopting city. InvalidArgument
  // when the city is the practice's own, or the year is before its start.
  Result<PracticeAdoption> RecordAdoption(const Principal& who, const PracticeAdoption& adoption);
  // Adoptions of one practice, by year (same visibility as Get).
  Result<std::vector<PracticeAdoption>> Adoptions(const Principal& who, std::string_view code);

  // Imports a practice file (TOML, rules/practice_file.h) in one
  // transaction: inserts new codes, replaces existing ones (their status
  // is set from the file's `status`, default draft), records adoptions.
  // InvalidArgument "FILE:LINE: field: message" and nothing stored when any
  // record is wrong. Requires kPublishPractice.
  Result<PracticeImportSummary> Import(const Principal& who, std::string_view text,
                                       std::string_view file_name);

 private:
  Database& db_;
};

// Loads the sample practices (data/sample/practices.toml, compiled in) as
// the operator, all published; returns how many. Called by
// `kinet init --sample` after the indicator values are loaded.
Result<int> LoadSamplePractices(Database& db);

}  // namespace kinet
