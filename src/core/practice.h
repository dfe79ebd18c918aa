// Best practices (DESIGN.md §2.2, issue 6): a city's documented experience of
// solving an urban environmental problem, reviewed and published by the
// network, and tied to the city's measured indicator series so that
// "successful" is checked against data (engine/evidence.h).
//
// The domain types shared by the practice file reader (rules/practice_file.h),
// the store (store/practice_repository.h), the evidence engine and the use
// cases of service/practice_service.h. Plain values.
//
// Usage facts behind the design: a network holds tens to a few hundred
// practices, each a few pages of text with a handful of quantified results,
// a few reviews and a few adoption records; practices are read whole and
// searched by full text and facets. Themes and measure types are codes of the
// taxonomy shipped as data (standards/practices/taxonomy.toml), so the list
// can grow without a code change; core only keeps the codes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.h"
#include "core/network.h"

namespace kinet {

using PracticeId = Id<struct PracticeTag>;

// The life of a practice: the city (or the secretariat on its behalf) writes
// a draft, submits it, the secretariat or an expert reviews it (accepting it
// as reviewed, or returning it to draft with comments), the secretariat
// publishes it. Only published practices are public.
enum class PracticeStatus : std::uint8_t { kDraft, kSubmitted, kReviewed, kPublished };
// "draft", "submitted", "reviewed", "published".
std::string_view PracticeStatusCode(PracticeStatus s);
std::optional<PracticeStatus> ParsePracticeStatus(std::string_view code);

// True for draft→submitted (submit), submitted→reviewed (review accepted),
// submitted→draft (review: revise), reviewed→published (publish),
// reviewed→draft (returned before publication) and published→draft
// (withdrawn for correction). Everything else (skipping review, staying put,
// reviewing a draft) is refused.
bool IsAllowedPracticeTransition(PracticeStatus from, PracticeStatus to);

// One year range, inclusive: {2008, 2012}. Valid when from <= to.
struct YearSpan {
  int from = 0;
  int to = 0;
  bool valid() const { return from > 0 && from <= to; }
  friend bool operator==(const YearSpan&, const YearSpan&) = default;
};

// A quantified result, linked to one indicator of the implementing city with
// the periods before and after the measure. `claimed_before`/`claimed_after`
// are the submitter's own figures (shown, never used as evidence); the
// evidence comes from the city's stored series (engine/evidence.h).
struct PracticeResult {
  std::string indicator_code;  // catalogue code, e.g. "air.so2.annual-mean"
  std::string description;     // "SO2 fell as boilers switched to gas"
  YearSpan before;             // e.g. 2008..2012
  YearSpan after;              // e.g. 2014..2017
  std::optional<double> claimed_before;
  std::optional<double> claimed_after;
  friend bool operator==(const PracticeResult&, const PracticeResult&) = default;
};

struct PracticeContact {
  std::string name;
  std::string organisation;
  std::string email;  // may be empty
  friend bool operator==(const PracticeContact&, const PracticeContact&) = default;
};

struct PracticeLink {
  std::string title;
  std::string url;
  friend bool operator==(const PracticeLink&, const PracticeLink&) = default;
};

struct Practice {
  PracticeId id;
  std::string code;       // stable slug, unique: "beijing-coal-to-gas-2013"
  std::string city_code;  // the implementing city
  std::string title_en;
  std::string title_local;     // in `local_language`; may be empty
  std::string local_language;  // BCP 47 primary tag: "zh", "ja", "th" ... ("" = none)
  std::string summary_en;
  std::string summary_local;
  int start_year = 0;                      // the year the measures started (evidence splits here)
  std::optional<int> end_year;             // nullopt: ongoing
  std::vector<std::string> themes;         // taxonomy codes: "air", "energy" ...
  std::vector<std::string> measure_types;  // taxonomy codes: "policy", "technology" ...
  std::string situation_before;
  std::string objectives;
  std::string measures;
  std::string cost;                          // free text: "CNY 2.1 billion over 2013-2017"
  std::optional<double> cost_usd;            // order-of-magnitude figure for facets, or nullopt
  std::vector<std::string> funding_sources;  // "municipal budget", "ADB loan" ...
  std::vector<std::string> partners;
  std::vector<PracticeResult> results;
  std::string lessons;
  std::string transfer_conditions;
  std::vector<PracticeContact> contacts;
  std::vector<PracticeLink> links;  // attachments are links too (documents, reports)
  DataStatus data_status = DataStatus::kIllustrative;
  PracticeStatus status = PracticeStatus::kDraft;
  std::string published_at;  // "YYYY-MM-DDTHH:MM:SSZ" of the last publication, or ""
  std::string created_by;
  std::string created_at;
  std::string updated_by;
  std::string updated_at;
};

// A reviewer's verdict on a submitted practice.
enum class ReviewVerdict : std::uint8_t {
  kAccept,  // submitted → reviewed
  kRevise,  // submitted → draft, with what to change
  kComment  // no status change (any status but draft): a remark kept with the practice
};
// "accept", "revise", "comment".
std::string_view ReviewVerdictCode(ReviewVerdict v);
std::optional<ReviewVerdict> ParseReviewVerdict(std::string_view code);

struct PracticeReview {
  std::int64_t id = 0;  // filled by reads
  std::string practice_code;
  std::string reviewer;  // the principal's actor name
  Role reviewer_role = Role::kExpert;
  ReviewVerdict verdict = ReviewVerdict::kComment;
  std::string comment;
  std::string at;  // "YYYY-MM-DDTHH:MM:SSZ", filled by reads
};

// Uptake: a city adopted (part of) a practice in a year, inspired by it.
struct PracticeAdoption {
  std::int64_t id = 0;  // filled by reads
  std::string practice_code;
  std::string city_code;  // the adopting city (not the practice's own city)
  int year = 0;
  std::string note;
  DataStatus data_status = DataStatus::kIllustrative;
  std::string recorded_by;
  std::string recorded_at;
};

// The taxonomy of standards/practices/taxonomy.toml: what a code means.
enum class TaxonomyKind : std::uint8_t { kTheme, kMeasureType };
struct TaxonomyEntry {
  TaxonomyKind kind = TaxonomyKind::kTheme;
  std::string code;  // "air", "public-participation" ...
  std::string name_en;
  std::string name_zh;
  std::string description_en;
  std::vector<std::string> indicator_themes;  // catalogue Theme codes it covers (themes only)
};
struct PracticeTaxonomy {
  std::string id;                            // "kinet-practice-taxonomy"
  std::string version;                       // "2026.1"
  std::string source;                        // citation
  std::vector<TaxonomyEntry> themes;         // in file order
  std::vector<TaxonomyEntry> measure_types;  // in file order
  // The entry of `code`, or nullptr.
  const TaxonomyEntry* Find(TaxonomyKind kind, std::string_view code) const;
};

}  // namespace kinet
